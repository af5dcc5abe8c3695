//! The pages of a list, with "newer"/"older" links: a section or the documents library
//! (the front page, then archive pages that keep their number, see
//! `portal_core::paths::archive_pages`), or search results (pages 1, 2, …).

use leptos::prelude::*;

/// The positions to show among `total`: the first, the last, and the current one with
/// its neighbours; `None` stands for a gap ("…").
pub fn page_window(at: usize, total: usize) -> Vec<Option<usize>> {
    let mut out = Vec::new();
    for n in 0..total {
        let near = n == 0 || n + 1 == total || n.abs_diff(at) <= 1;
        if near {
            out.push(Some(n));
        } else if out.last() != Some(&None) {
            out.push(None);
        }
    }
    out
}

/// Links to the pages of a list, `order` its pages in reading order (newest first);
/// `href` gives a page's address. Page 0 is the list's front page, "Mới nhất".
#[component]
pub fn Pagination(
    page: u32,
    order: Vec<u32>,
    href: Callback<u32, String>,
    #[prop(default = "Phân trang")] label: &'static str,
) -> impl IntoView {
    if order.len() <= 1 {
        return None;
    }
    let at = order.iter().position(|&p| p == page);
    let link = |n: u32| href.run(n);
    let prev = at.filter(|&i| i > 0).map(|i| {
        view! {
            <li class="pagination-prev">
                <a href=link(order[i - 1]) rel="prev">"Trang trước"</a>
            </li>
        }
    });
    let next = at.and_then(|i| order.get(i + 1)).map(|&n| {
        view! {
            <li class="pagination-next">
                <a href=link(n) rel="next">"Trang sau"</a>
            </li>
        }
    });
    let numbers = page_window(at.unwrap_or(0), order.len())
        .into_iter()
        .map(|i| match i {
            Some(i) => {
                let n = order[i];
                let text = if n == 0 { "Mới nhất".to_string() } else { n.to_string() };
                view! {
                    <li>
                        <a
                            href=link(n)
                            aria-current=(n == page).then_some("page")
                            aria-label=if n == 0 { "Trang mới nhất".to_string() } else { format!("Trang {n}") }
                        >
                            {text}
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
        assert_eq!(page_window(0, 1), [Some(0)]);
        assert_eq!(page_window(0, 3), [Some(0), Some(1), Some(2)]);
        assert_eq!(
            page_window(4, 10),
            [Some(0), None, Some(3), Some(4), Some(5), None, Some(9)]
        );
        assert_eq!(page_window(9, 10), [Some(0), None, Some(8), Some(9)]);
    }

    /// What the control shows on `page`: the previous and next links, then the numbers
    /// (`None` for a gap).
    fn shown(archive_pages: u32, page: u32) -> (Option<u32>, Option<u32>, Vec<Option<u32>>) {
        let order = portal_core::paths::reading_order(archive_pages, page);
        let at = order.iter().position(|&p| p == page).expect("listed");
        let numbers = page_window(at, order.len())
            .into_iter()
            .map(|i| i.map(|i| order[i]))
            .collect();
        (
            at.checked_sub(1).map(|i| order[i]),
            order.get(at + 1).copied(),
            numbers,
        )
    }

    #[test]
    fn an_archive_page_shows_the_same_links_from_its_capped_count() {
        // An archive page's data carries at most page + 3 (so that it does not change
        // as newer articles arrive): what it shows must not depend on the rest.
        for items in 0..400 {
            let all = portal_core::paths::archive_pages(items);
            for page in 0..=all {
                let capped = portal_core::paths::archive_pages_on(items, page);
                assert_eq!(
                    shown(capped, page),
                    shown(all, page),
                    "{items} items, page {page}"
                );
            }
        }
        // And the capped count does stay the same as the list grows.
        assert_eq!(
            portal_core::paths::archive_pages_on(500, 3),
            portal_core::paths::archive_pages_on(90_000, 3)
        );
    }
}
