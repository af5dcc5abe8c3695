//! Static pages (`/gioi-thieu/`, `/en/contact/`…): a title, a body, a language switch
//! when the page has a translation, and links (the public-service portals).

use leptos::prelude::*;
use portal_core::api::Page;
use portal_core::paths;

use crate::api::use_api;
use crate::components::body::blocks;
use crate::components::status::render_load;
use crate::head::{Head, PageHead};

#[component]
pub fn StaticPage(slug: String) -> impl IntoView {
    let (page, retry) = use_api::<Page>(paths::api_page(&slug));
    move || {
        render_load(page.get(), retry, |p: std::sync::Arc<Page>| {
            let switch = p.translation.as_ref().map(|t| {
                let label = if t.lang == "en" {
                    "English"
                } else {
                    "Tiếng Việt"
                };
                view! {
                    <p class="language-switch">
                        <a href=paths::page(&t.slug) lang=t.lang.clone() hreflang=t.lang.clone()>{label}</a>
                    </p>
                }
            });
            let links = (!p.links.is_empty()).then(|| {
                let items = p
                    .links
                    .iter()
                    .filter(|l| portal_core::text::is_web_href(&l.url))
                    .map(|l| {
                        view! {
                            <li>
                                <a href=l.url.clone() rel="external noopener">{l.name.clone()}</a>
                                {l.description.clone().map(|d| view! { <p>{d}</p> })}
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="link-list">{items}</ul> }
            });
            let mut alternates = Vec::new();
            if let Some(t) = &p.translation {
                alternates.push((p.lang.clone(), paths::page(&p.slug)));
                alternates.push((t.lang.clone(), paths::page(&t.slug)));
            }
            view! {
                <Head head=PageHead {
                    title: p.title.clone(),
                    description: p.description.clone(),
                    path: paths::page(&p.slug),
                    lang: p.lang.clone(),
                    alternates,
                    ..Default::default()
                }/>
                <article class="article static-page">
                    {switch}
                    <h1 class="article-title">{p.title.clone()}</h1>
                    <div class="article-body">{blocks(&p.body)}</div>
                    {links}
                </article>
            }
            .into_any()
        })
    }
}
