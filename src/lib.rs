//! Cổng thông tin điện tử: the portal app.
//!
//! One `App`, rendered by the browser (Wasm, client-side routing) and, natively, to HTML
//! by the prerenderer. Routes are in [`routes`], shared pieces in [`components`], data
//! fetching in [`api`], and the few browser-specific calls in [`browser`].

pub mod api;
pub mod browser;
pub mod components;
pub mod head;
pub mod router;
pub mod routes;

use std::sync::Arc;

use leptos::prelude::*;
use portal_core::api::Site;
use portal_core::paths::Route;

use crate::api::{use_api, Cache, Load};
use crate::components::footer::Footer;
use crate::components::header::Header;
use crate::router::Location;
use crate::routes::{article::ArticlePage, home::HomePage, not_found::NotFound, section::SectionPage};

/// The site configuration (`site.json`), once loaded; `None` while loading or failed.
#[derive(Clone, Copy)]
pub struct SiteContext(pub Signal<Option<Arc<Site>>>);

/// The site configuration, if loaded.
pub fn use_site() -> Signal<Option<Arc<Site>>> {
    expect_context::<SiteContext>().0
}

#[component]
pub fn App(
    /// The URL shown.
    location: Location,
    /// Responses already known (the prerenderer's data; none in a plain browser start).
    #[prop(optional)]
    cache: Option<Cache>,
) -> impl IntoView {
    provide_context(location);
    provide_context(cache.unwrap_or_default());
    let (site, retry_site) = use_api::<Site>(portal_core::paths::api_site());
    provide_context(SiteContext(Signal::derive(move || match site.get() {
        Load::Ready(s) => Some(s),
        _ => None,
    })));
    let site_error = move || match site.get() {
        Load::Failed(e) => Some(view! { <components::status::LoadError error=e retry=retry_site/> }),
        _ => None,
    };

    let route = Memo::new(move |_| Route::parse(&location.path.get()));
    let page = move || match route.get() {
        Route::Home => view! { <HomePage/> }.into_any(),
        Route::Section { slug, page } => view! { <SectionPage slug page/> }.into_any(),
        Route::Article { slug } => view! { <ArticlePage slug/> }.into_any(),
        Route::NotFound => view! { <NotFound/> }.into_any(),
    };

    view! {
        <a class="skip-link" href="#noi-dung">"Bỏ qua, đến nội dung chính"</a>
        <Header/>
        <main id="noi-dung" class="container" tabindex="-1">
            {site_error}
            {page}
        </main>
        <Footer/>
    }
}

/// Starts the app in the browser, replacing the page's initial markup.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    use wasm_bindgen::JsCast;
    let doc = document();
    let host = doc.get_element_by_id("app");
    let Some(host) = host.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return;
    };
    let location = router::start();
    // Drop the placeholder markup; the app renders the whole page.
    host.set_text_content(None);
    leptos::mount::mount_to(host, move || view! { <App location/> }).forget();
}
