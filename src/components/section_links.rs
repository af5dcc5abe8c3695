//! The list of sections, as links (404 page, search help).

use leptos::prelude::*;
use portal_core::paths;

use crate::use_site;

#[component]
pub fn SectionLinks() -> impl IntoView {
    let site = use_site();
    move || {
        site.get().map(|s| {
            let items = s
                .sections
                .iter()
                .map(|sec| view! { <li><a href=paths::section(&sec.slug, 0)>{sec.name.clone()}</a></li> })
                .collect_view();
            view! { <ul class="plain-list">{items}</ul> }
        })
    }
}
