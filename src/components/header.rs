//! Site header: emblem and portal name, the search form, the text-size and contrast
//! controls (behind one "Hiển thị" button), and the section menu.
//!
//! The menu is one list in a `<details>` disclosure ("Danh mục"): on narrow screens it
//! opens and closes with a tap, Enter or Space even before the app has loaded, and
//! Escape closes it (controls.js), as does following a link (router.rs). On wide screens
//! the stylesheet shows the same list as a bar, without the button (`::details-content`;
//! a browser without it keeps the button). One list, not a second copy on every page.
//!
//! The "Hiển thị" panel is `<hien-thi>`, an element controls.js fills with the text-size
//! and contrast buttons (they need scripts; without them "Hiển thị" is hidden): every
//! page carries the button, not the panel's markup.

use leptos::prelude::*;
use portal_core::paths;

use crate::router::use_location;
use crate::use_site;

#[component]
pub fn Header() -> impl IntoView {
    let site = use_site();
    let location = use_location();
    let links = move || {
        let pathname = location.path.get();
        let mut items = vec![("Trang chủ".to_string(), paths::home())];
        if let Some(site) = site.get() {
            let pages = |list: &[portal_core::api::PageRef]| {
                list.iter()
                    .map(|p| (p.title.clone(), paths::page(&p.slug)))
                    .collect::<Vec<_>>()
            };
            items.extend(pages(&site.menu_before));
            items.extend(
                site.sections
                    .iter()
                    .map(|s| (s.name.clone(), paths::section(&s.slug, 0))),
            );
            if site.documents {
                items.push(("Văn bản".to_string(), "/van-ban/".to_string()));
            }
            items.extend(pages(&site.menu_after));
        }
        items
            .into_iter()
            .map(|(name, href)| {
                // "page" on the item's own page; "true" within it (a section's page 2,
                // a document of the library).
                let current = if pathname == href {
                    Some("page")
                } else if href != "/" && pathname.starts_with(&href) {
                    Some("true")
                } else {
                    None
                };
                view! {
                    <li>
                        <a href=href.clone() aria-current=current>{name}</a>
                    </li>
                }
            })
            .collect_view()
    };

    let brand = move || {
        site.get().map(|s| {
            let emblem = s
                .emblem
                .clone()
                .filter(|e| portal_core::text::is_internal_href(e))
                .map(|src| {
                    view! { <img class="brand-emblem" src=src alt="" width="56" height="56"/> }
                });
            view! {
                {emblem}
                <span class="brand-name">{s.name.clone()}</span>
            }
        })
    };

    view! {
        <header class="site-header" lang="vi">
            <div class="container header-top">
                <a class="brand" href="/">
                    {brand}
                </a>
                // A real form: a search typed before the app has loaded still lands on
                // the results page (router.rs follows it in the app afterwards).
                <form class="search-form search-form-header" action="/tim-kiem/" method="get" role="search">
                    <label class="visually-hidden" for="tim-nhanh">"Tìm kiếm trên cổng thông tin"</label>
                    <input id="tim-nhanh" class="search-input" type="search" name="q" placeholder="Tìm kiếm…" autocomplete="off"/>
                    <button type="submit" class="search-button">"Tìm"</button>
                </form>
                // Text size and contrast behind one button ("Hiển thị": how the page
                // shows): the header stays short at every text size. The panel's
                // buttons are made by controls.js (src/controls.js, `DisplayPanel`).
                <details class="display-menu">
                    <summary class="display-button">"Hiển thị"</summary>
                    <hien-thi class="display-panel"></hien-thi>
                </details>
            </div>
            <nav class="site-nav" aria-label="Chuyên mục">
                <div class="container">
                    <details class="menu">
                        <summary class="menu-button">
                            "Danh mục"
                        </summary>
                        <ul class="menu-list">{links}</ul>
                    </details>
                </div>
            </nav>
        </header>
    }
}
