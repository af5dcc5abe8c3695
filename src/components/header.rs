//! Site header: emblem and portal name, the text-size control, and the section menu.
//!
//! On narrow screens the menu is a `<details>` disclosure ("Danh mục"): it opens and
//! closes with a tap, Enter or Space even before the app has loaded, and Escape closes
//! it once it has. On wide screens the same links show as a bar.

use leptos::prelude::*;
use portal_core::paths;

use crate::components::text_size::TextSize;
use crate::router::use_location;
use crate::use_site;

#[component]
pub fn Header() -> impl IntoView {
    let site = use_site();
    let location = use_location();
    let open = RwSignal::new(false);
    let details_ref = NodeRef::<leptos::html::Details>::new();
    let summary_ref = NodeRef::<leptos::html::Summary>::new();
    // A chosen link closes the menu.
    Effect::new(move |_| {
        location.path.track();
        open.set(false);
    });
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(s) = summary_ref.get_untracked() {
                let _ = s.focus();
            }
        }
    };

    let links = move || {
        let pathname = location.path.get();
        let mut items = vec![("Trang chủ".to_string(), paths::home())];
        if let Some(site) = site.get() {
            items.extend(
                site.sections
                    .iter()
                    .map(|s| (s.name.clone(), paths::section(&s.slug, 1))),
            );
        }
        items
            .into_iter()
            .map(|(name, href)| {
                let current = if href == "/" {
                    pathname == "/"
                } else {
                    pathname.starts_with(&href)
                };
                view! {
                    <li>
                        <a href=href.clone() aria-current=current.then_some("page")>{name}</a>
                    </li>
                }
            })
            .collect_view()
    };

    let brand = move || {
        site.get().map(|s| {
            let emblem = s.emblem.clone().map(|src| {
                view! { <img class="brand-emblem" src=src alt="" width="56" height="56"/> }
            });
            view! {
                {emblem}
                <span class="brand-name">{s.name.clone()}</span>
            }
        })
    };

    view! {
        <header class="site-header">
            <div class="container header-top">
                <a class="brand" href="/">
                    {brand}
                </a>
                <TextSize/>
            </div>
            <nav class="site-nav" aria-label="Chuyên mục" on:keydown=close_on_escape>
                <div class="container">
                    <details
                        class="menu-mobile"
                        prop:open=move || open.get()
                        node_ref=details_ref
                        on:toggle=move |_| open.set(details_ref.get().is_some_and(|d| d.open()))
                    >
                        <summary class="menu-button" node_ref=summary_ref>
                            "Danh mục"
                        </summary>
                        <ul class="menu-list">{links}</ul>
                    </details>
                    <ul class="menu-bar">{links}</ul>
                </div>
            </nav>
        </header>
    }
}
