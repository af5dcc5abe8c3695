//! Numbered pages of a section, with previous/next links.

use leptos::prelude::*;

/// The page numbers to show: the first, the last, and the current one with its
/// neighbours; `None` stands for a gap ("…").
pub fn page_window(page: u32, total: u32) -> Vec<Option<u32>> {
    let mut out = Vec::new();
    for n in 1..=total {
        let near = n == 1 || n == total || n.abs_diff(page) <= 1;
        if near {
            out.push(Some(n));
        } else if out.last() != Some(&None) {
            out.push(None);
        }
    }
    out
}

/// Links to the pages of a list; `href` gives page n's address.
#[component]
pub fn Pagination(
    page: u32,
    total: u32,
    href: Callback<u32, String>,
    #[prop(default = "Phân trang")] label: &'static str,
) -> impl IntoView {
    if total <= 1 {
        return None;
    }
    let link = |n: u32| href.run(n);
    let prev = (page > 1).then(|| {
        view! {
            <li class="pagination-prev">
                <a href=link(page - 1) rel="prev">"‹ Trang trước"</a>
            </li>
        }
    });
    let next = (page < total).then(|| {
        view! {
            <li class="pagination-next">
                <a href=link(page + 1) rel="next">"Trang sau ›"</a>
            </li>
        }
    });
    let numbers = page_window(page, total)
        .into_iter()
        .map(|n| match n {
            Some(n) => {
                let current = n == page;
                view! {
                    <li>
                        <a
                            href=link(n)
                            aria-current=current.then_some("page")
                            aria-label=format!("Trang {n}")
                        >
                            {n}
                        </a>
                    </li>
                }
                .into_any()
            }
            None => view! { <li class="pagination-gap" aria-hidden="true">"…"</li> }.into_any(),
        })
        .collect_view();
    Some(view! {
        <nav class="pagination" aria-label=label>
            <ul>{prev} {numbers} {next}</ul>
        </nav>
    })
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn window_keeps_ends_and_neighbours() {
        assert_eq!(page_window(1, 1), [Some(1)]);
        assert_eq!(page_window(1, 3), [Some(1), Some(2), Some(3)]);
        assert_eq!(
            page_window(5, 10),
            [Some(1), None, Some(4), Some(5), Some(6), None, Some(10)]
        );
        assert_eq!(page_window(10, 10), [Some(1), None, Some(9), Some(10)]);
    }
}
