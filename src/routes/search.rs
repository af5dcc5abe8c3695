//! `/tim-kiem/?q=…&trang=n`: site search. The query stays in the URL (shareable, and
//! back/forward work); results follow the typing, debounced, without blocking it.
//! Without scripts the page says that search needs JavaScript and links to the sections.

use std::sync::Arc;

use leptos::prelude::*;
use portal_core::paths::{self, query_param};
use portal_core::search::parse_query;

use crate::api::FetchError;
use crate::components::pagination::Pagination;
use crate::components::section_links::SectionLinks;
use crate::components::status::LoadError;
use crate::components::summary::Stamp;
use crate::head::{Head, PageHead};
use crate::router::{replace, use_location};
use crate::search::{run, Results};

/// Wait after the last key before searching.
const DEBOUNCE_MS: u64 = 250;

#[derive(Clone, Debug, PartialEq)]
enum State {
    Idle,
    Searching,
    Done(Arc<Results>),
    Failed(FetchError),
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let location = use_location();
    let q = Memo::new(move |_| query_param(&location.search.get(), "q").unwrap_or_default());
    let page = Memo::new(move |_| {
        query_param(&location.search.get(), "trang")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|&p| p >= 1)
            .unwrap_or(1)
    });
    let state = RwSignal::new(State::Idle);
    let attempt = RwSignal::new(0u32);
    let input_ref = NodeRef::<leptos::html::Input>::new();

    Effect::new(move |_| {
        let (query, n) = (q.get(), page.get());
        attempt.track();
        // The field follows the URL (back/forward, a search from the header), unless
        // the reader is typing in it.
        if let Some(input) = input_ref.get_untracked() {
            let typing = document().active_element().is_some_and(|a| a == **input);
            if !typing && input.value() != query {
                input.set_value(&query);
            }
        }
        if parse_query(&query).is_empty() {
            state.set(State::Idle);
            return;
        }
        state.set(State::Searching);
        leptos::task::spawn_local(async move {
            let result = run(&query, n).await;
            // Only the answer to the query still in the URL is shown.
            if q.get_untracked() == query && page.get_untracked() == n {
                state.try_set(match result {
                    Ok(r) => State::Done(Arc::new(r)),
                    Err(e) => State::Failed(e),
                });
                mark_results();
            }
        });
    });

    let typed = StoredValue::new(String::new());
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        typed.set_value(value.clone());
        set_timeout(
            move || {
                if typed.get_value() == value {
                    replace(&paths::search(&value, 1));
                }
            },
            std::time::Duration::from_millis(DEBOUNCE_MS),
        );
    };
    let retry = Callback::new(move |()| attempt.update(|n| *n += 1));

    let results = move || {
        match state.get() {
        State::Idle => view! { <p class="search-hint">"Nhập từ khóa, có dấu hoặc không dấu (ví dụ: dan van kheo). Đặt cụm từ trong ngoặc kép để tìm đúng cụm: “dân vận khéo”."</p> }.into_any(),
        State::Searching => view! {
            <div class="loading" aria-busy="true">
                <p class="loading-text">"Đang tìm…"</p>
            </div>
        }
        .into_any(),
        State::Failed(error) => view! { <LoadError error retry/> }.into_any(),
        State::Done(r) if r.total == 0 => {
            view! {
                <div class="search-empty">
                    <p>"Gợi ý:"</p>
                    <ul>
                        <li>"Kiểm tra lại chính tả, hoặc gõ không dấu."</li>
                        <li>"Dùng ít từ hơn, hoặc từ khác gần nghĩa."</li>
                        <li>"Bỏ dấu ngoặc kép để tìm từng từ riêng lẻ."</li>
                        <li>"Xem tin theo chuyên mục:"</li>
                    </ul>
                    <SectionLinks/>
                </div>
            }
            .into_any()
        }
        State::Done(r) => {
            let hits = r
                .hits
                .iter()
                .map(|h| {
                    let pieces = h
                        .snippet
                        .iter()
                        .map(|(t, marked)| {
                            if *marked {
                                view! { <mark>{t.clone()}</mark> }.into_any()
                            } else {
                                t.clone().into_any()
                            }
                        })
                        .collect_view();
                    view! {
                        <li class="result">
                            <h2 class="result-title" lang=h.doc.lang.clone()><a href=h.doc.url.clone()>{h.doc.title.clone()}</a></h2>
                            <p class="result-meta">{h.doc.section.clone()} " " {h.doc.published.map(|time| view! { <Stamp time/> })}</p>
                            <p class="result-snippet" lang=h.doc.lang.clone()>{pieces}</p>
                        </li>
                    }
                })
                .collect_view();
            let query = q.get_untracked();
            let href = Callback::new(move |n| paths::search(&query, n));
            view! {
                <ol class="results" start=(r.page as usize - 1) * portal_core::search::RESULTS_PER_PAGE + 1>{hits}</ol>
                <Pagination page=r.page order=(1..=r.pages).collect() href label="Phân trang kết quả"/>
            }
            .into_any()
        }
    }
    };
    // What was found, said in a live region that stays in the page: a screen reader
    // announces a change in it (one that arrives with its text is often not announced).
    let count = move || match state.get() {
        State::Done(r) if r.total == 0 => {
            Some(view! { "Không tìm thấy kết quả nào cho “" {q.get_untracked()} "”." }.into_any())
        }
        State::Done(r) => Some(
            view! {
                "Tìm thấy " <strong>{r.total}</strong> " kết quả cho “" {q.get_untracked()} "”"
                {match r.searched {
                    // Older ones are searched for the pages after the last one found.
                    Some(n) => format!(" trong {n} tin bài và văn bản mới nhất – trang {}", r.page),
                    None if r.pages > 1 => format!(" – trang {}/{}", r.page, r.pages),
                    None => String::new(),
                }}
            }
            .into_any(),
        ),
        _ => None,
    };

    view! {
        <Head head=PageHead {
            title: "Tìm kiếm".into(),
            description: "Tìm tin bài trên cổng thông tin, có dấu hoặc không dấu.".into(),
            path: paths::search_page(),
            noindex: true,
            ..Default::default()
        }/>
        <h1 class="page-title">"Tìm kiếm"</h1>
        <form class="search-form search-form-page" action="/tim-kiem/" method="get" role="search">
            <label class="search-label" for="tu-khoa">"Từ khóa"</label>
            <div class="search-row">
                <input
                    id="tu-khoa"
                    class="search-input"
                    type="search"
                    name="q"
                    autocomplete="off"
                    value=q.get_untracked()
                    node_ref=input_ref
                    on:input=on_input
                />
                <button type="submit" class="button">"Tìm"</button>
            </div>
        </form>
        {noscript()}
        <p class="search-count" role="status">{count}</p>
        <div class="search-results">{results}</div>
    }
}

/// Marks when results are on screen (`performance.mark`), for the benchmark.
fn mark_results() {
    #[cfg(target_arch = "wasm32")]
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark("search-results");
    }
}

/// For readers without scripts: search needs them; the sections are the way in. Only
/// the prerendered page has it (the app renders pages only when scripts run).
#[cfg(not(target_arch = "wasm32"))]
fn noscript() -> Option<AnyView> {
    Some(
        view! {
            <div class="search-noscript">
                <p>"Chức năng tìm kiếm cần JavaScript. Trình duyệt của bạn đang tắt JavaScript; bạn vẫn có thể xem tin theo chuyên mục:"</p>
                <SectionLinks/>
            </div>
        }
        .into_any(),
    )
}

#[cfg(target_arch = "wasm32")]
fn noscript() -> Option<AnyView> {
    None
}
