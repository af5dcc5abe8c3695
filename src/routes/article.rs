//! `/bai-viet/<slug>/`: an article, with print, and "Các tin khác".

use leptos::prelude::*;
use portal_core::api::Article;
use portal_core::paths;

use crate::api::use_api;
use crate::components::body::{blocks, Figure};
use crate::components::status::render_load;
use crate::components::summary::{Stamp, SummaryItem};
use crate::head::{Head, PageHead};
use crate::use_site;

#[component]
pub fn ArticlePage(slug: String) -> impl IntoView {
    let (article, retry) = use_api::<Article>(paths::api_article(&slug));
    let site = use_site();
    move || {
        render_load(article.get(), retry, |a| {
            let path = paths::article(&a.slug);
            let base = site.get().map(|s| s.base_url.clone()).unwrap_or_default();
            let url = format!("{base}{path}");
            let path = path.clone();
            let related = a
                .related
                .iter()
                .map(|s| view! { <SummaryItem summary=s.clone()/> })
                .collect_view();
            let related = (!a.related.is_empty()).then(|| {
                view! {
                    <aside class="related" aria-labelledby="tin-khac">
                        <h2 class="section-heading" id="tin-khac">"Các tin khác"</h2>
                        <ul class="summary-list">{related}</ul>
                    </aside>
                }
            });
            view! {
                <Head head=PageHead {
                    title: a.title.clone(),
                    description: a.summary.clone(),
                    path,
                    image: a.image.as_ref().map(|i| i.src.clone()),
                    published: Some(a.published.to_rfc3339_vietnam()),
                    ..Default::default()
                }/>
                <nav class="breadcrumb" aria-label="Vị trí trang">
                    <ol>
                        <li>
                            <a href="/">"Trang chủ"</a>
                        </li>
                        <li>
                            <a href=paths::section(&a.section.slug, 0)>{a.section.name.clone()}</a>
                        </li>
                    </ol>
                </nav>
                <article class="article">
                    <h1 class="article-title">{a.title.clone()}</h1>
                    <div class="article-meta">
                        <Stamp time=a.published/>
                        // Handled in controls.js, as are the custom elements: share,
                        // read aloud.
                        <div class="article-actions">
                            <button type="button" class="button button-secondary print-button">
                                "In bài viết"
                            </button>
                            <chia-se></chia-se>
                            <nghe-doc></nghe-doc>
                        </div>
                    </div>
                    {a.lead.clone().map(|l| view! { <p class="article-lead">{l}</p> })}
                    {a.image.clone().map(|img| view! { <Figure image=img eager=true/> })}
                    <div class="article-body">{blocks(&a.body)}</div>
                    {a.author.clone().map(|au| view! { <p class="article-author">{au}</p> })}
                    <p class="print-only print-url">"Địa chỉ bài viết: " {url}</p>
                </article>
                {related}
            }
            .into_any()
        })
    }
}
