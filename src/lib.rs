//! Cổng thông tin điện tử: the portal app.
//!
//! One `App`, rendered by the browser (Wasm, client-side routing) and, natively, to HTML
//! by the prerenderer. Routes are in [`routes`], shared pieces in [`components`], data
//! fetching in [`api`], and the few browser-specific calls in [`browser`].

pub mod analytics;
pub mod api;
pub mod browser;
pub mod components;
pub mod head;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod router;
pub mod routes;
pub mod search;

use std::sync::Arc;

use leptos::prelude::*;
use portal_core::api::Site;
use portal_core::paths::Route;

use crate::api::{use_api, Cache, Load};
use crate::components::footer::Footer;
use crate::components::header::Header;
use crate::router::Location;
use crate::routes::documents::{DocumentPage, DocumentsPage};
use crate::routes::page::StaticPage;
use crate::routes::{
    article::ArticlePage, home::HomePage, not_found::NotFound, search::SearchPage, section::SectionPage,
};

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
    /// API responses already known, as (URL, JSON text): the data a prerendered page
    /// carries, so the app shows it without fetching it again.
    #[prop(optional)]
    initial: Vec<(String, String)>,
) -> impl IntoView {
    provide_context(location);
    let cache = Cache::new();
    for (url, text) in initial {
        cache.insert(url, text.into());
    }
    provide_context(cache);
    let (site, retry_site) = use_api::<Site>(portal_core::paths::api_site());
    provide_context(SiteContext(Signal::derive(move || match site.get() {
        Load::Ready(s) => Some(s),
        _ => None,
    })));
    let site_error = move || match site.get() {
        Load::Failed(e) => Some(view! { <components::status::LoadError error=e retry=retry_site/> }),
        _ => None,
    };

    let route = Memo::new(move |_| Route::parse_url(&location.path.get(), &location.search.get()));
    let page = move || match route.get() {
        Route::Home => view! { <HomePage/> }.into_any(),
        Route::Section { slug, page } => view! { <SectionPage slug page/> }.into_any(),
        Route::Article { slug } => view! { <ArticlePage slug/> }.into_any(),
        Route::Search => view! { <SearchPage/> }.into_any(),
        Route::Documents { filter, page } => view! { <DocumentsPage filter page/> }.into_any(),
        Route::Document { slug } => view! { <DocumentPage slug/> }.into_any(),
        Route::Page { slug } => view! { <StaticPage slug/> }.into_any(),
        Route::NotFound => view! { <NotFound/> }.into_any(),
    };

    view! {
        <a class="skip-link" href="#noi-dung" lang="vi">"Bỏ qua, đến nội dung chính"</a>
        <Header/>
        <main id="noi-dung" class="container" tabindex="-1">
            {site_error}
            {page}
        </main>
        <Footer/>
    }
}

/// Starts the app in the browser, on a prerendered page: the page's controls and
/// links work at once (browser.rs, router.rs); the site's data (menu, footer, the
/// analytics script) is fetched once, and the app renders (replacing the prerendered
/// markup) when the reader first goes to another page. Pages carry no copy of their
/// data: the page is the HTML, the data is in the API.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    use wasm_bindgen::JsCast;
    let doc = document();
    let Some(host) = doc
        .get_element_by_id("app")
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let location = router::start();
    let site_url = portal_core::paths::api_site();
    thread_local! {
        static SITE_TEXT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    }
    // (Not Leptos's spawner: the app is not mounted yet.)
    wasm_bindgen_futures::spawn_local({
        let site_url = site_url.clone();
        async move {
            let text = api::fetch_text(&site_url).await.ok().flatten();
            analytics::start(text.as_deref());
            SITE_TEXT.with_borrow_mut(|t| *t = text);
        }
    });
    router::render_on_first_navigation(move || {
        let initial: Vec<(String, String)> = SITE_TEXT
            .with_borrow_mut(Option::take)
            .map(|t| vec![(site_url, t)])
            .unwrap_or_default();
        host.set_text_content(None);
        leptos::mount::mount_to(host, move || view! { <App location initial/> }).forget();
    });
    // The app renders at once what no prerendered page shows: search results, and the
    // documents library with filters in the query string (a static host serves the
    // unfiltered `/van-ban/` page for `/van-ban/?loai=…&nam=…`).
    match Route::parse(&location.path.get_untracked()) {
        Route::Search => router::render_now(),
        Route::Documents { .. } if !location.search.get_untracked().is_empty() => router::render_now(),
        _ => {}
    }
}
