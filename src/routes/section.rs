//! `/chuyen-muc/<slug>/` and `/chuyen-muc/<slug>/trang/<n>/`: a section's articles,
//! newest first: the front page, then archive pages that keep their articles
//! (`portal_core::paths::archive_pages`).

use leptos::prelude::*;
use portal_core::api::SectionPage as Page;
use portal_core::paths;

use crate::api::use_api;
use crate::components::pagination::Pagination;
use crate::components::status::render_load;
use crate::components::summary::SummaryItem;
use crate::head::{Head, PageHead};

#[component]
pub fn SectionPage(slug: String, page: u32) -> impl IntoView {
    let (page, retry) = use_api::<Page>(paths::api_section(&slug, page));
    move || {
        render_load(page.get(), retry, |p| {
            let items = p
                .articles
                .iter()
                .map(|a| view! { <SummaryItem summary=a.clone() show_summary=true show_image=true/> })
                .collect_view();
            let title = if p.page > 0 {
                format!("{} – Trang {}", p.name, p.page)
            } else {
                p.name.clone()
            };
            let description = p
                .description
                .clone()
                .unwrap_or_else(|| format!("Tin bài chuyên mục {}", p.name));
            let intro = p
                .description
                .clone()
                .map(|d| view! { <p class="section-intro">{d}</p> });
            let empty = p
                .articles
                .is_empty()
                .then(|| view! { <p>"Chuyên mục chưa có bài viết."</p> });
            view! {
                <Head head=PageHead {
                    title,
                    description,
                    path: paths::section(&p.slug, p.page),
                    section_feed: Some((p.name.clone(), paths::section_feed(&p.slug))),
                    ..Default::default()
                }/>
                <nav class="breadcrumb" aria-label="Vị trí trang">
                    <ol>
                        <li>
                            <a href="/">"Trang chủ"</a>
                        </li>
                        <li>
                            <span aria-current="page">{p.name.clone()}</span>
                        </li>
                    </ol>
                </nav>
                <h1 class="page-title">
                    {p.name.clone()}
                    {(p.page > 0).then(|| view! { <span class="page-number">" – Trang " {p.page}</span> })}
                </h1>
                {intro}
                {empty}
                // The list's heading: the titles in it are h3, as on the home page.
                <h2 class="visually-hidden">"Các bài viết"</h2>
                <ul class="summary-list section-list">{items}</ul>
                <Pagination
                    page=p.page
                    order=paths::reading_order(p.archive_pages, p.page)
                    href=Callback::new({
                        let slug = p.slug.clone();
                        move |n| paths::section(&slug, n)
                    })
                />
            }
            .into_any()
        })
    }
}
