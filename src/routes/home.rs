//! `/`: featured articles, then the latest articles of each section.

use leptos::prelude::*;
use portal_core::api::Home;
use portal_core::paths;

use crate::api::use_api;
use crate::components::status::render_load;
use crate::components::summary::SummaryItem;
use crate::head::{Head, PageHead};
use crate::use_site;

#[component]
pub fn HomePage() -> impl IntoView {
    let (home, retry) = use_api::<Home>(paths::api_home());
    let site = use_site();
    move || {
        render_load(home.get(), retry, |home| {
            let (name, description) = site
                .get()
                .map(|s| (s.name.clone(), s.description.clone()))
                .unwrap_or_default();
            let featured = home
                .featured
                .iter()
                .enumerate()
                .map(|(i, s)| view! { <SummaryItem summary=s.clone() large=i == 0 show_image=true/> })
                .collect_view();
            let featured_heading = match &home.featured_section {
                Some(s) => view! { <a href=paths::section(&s.slug, 0)>{s.name.clone()}</a> }.into_any(),
                None => "Tin nổi bật".into_any(),
            };
            let featured_more = home
                .featured_section
                .as_ref()
                .map(|s| more_link(&s.slug, &s.name));
            let sections = home
                .sections
                .iter()
                .filter(|s| !s.articles.is_empty())
                .map(|s| {
                    let items = s
                        .articles
                        .iter()
                        .map(|a| view! { <SummaryItem summary=a.clone() show_image=true/> })
                        .collect_view();
                    let heading_id = format!("muc-{}", s.slug);
                    view! {
                        <section class="home-section" aria-labelledby=heading_id.clone()>
                            <h2 class="section-heading" id=heading_id.clone()>
                                <a href=paths::section(&s.slug, 0)>{s.name.clone()}</a>
                            </h2>
                            <ul class="summary-list">{items}</ul>
                            {more_link(&s.slug, &s.name)}
                        </section>
                    }
                })
                .collect_view();
            view! {
                <Head head=PageHead { title: String::new(), description, path: "/".into(), ..Default::default() }/>
                <h1 class="visually-hidden">{name}</h1>
                <section class="featured" aria-labelledby="noi-bat">
                    <h2 class="section-heading" id="noi-bat">{featured_heading}</h2>
                    <ul class="summary-list featured-list">{featured}</ul>
                    {featured_more}
                </section>
                <div class="home-sections">{sections}</div>
            }
            .into_any()
        })
    }
}

/// "Xem thêm: <section>" under a box of articles (the stylesheet draws its "›").
fn more_link(slug: &str, name: &str) -> impl IntoView {
    view! {
        <p class="more">
            <a href=paths::section(slug, 0)>"Xem thêm: " {name.to_string()}</a>
        </p>
    }
}
