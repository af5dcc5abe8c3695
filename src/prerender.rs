//! Rendering a page to HTML natively, with the app's own components: the prerenderer
//! (`crates/portal-prerender`) writes one HTML file per route with this.

use leptos::prelude::*;

use crate::api::LoadReport;
use crate::head::{HeadCollector, PageHead};
use crate::router::Location;
use crate::App;

/// A page rendered to HTML.
pub struct Rendered {
    /// The markup that goes inside `<div id="app">`.
    pub body: String,
    /// What the page declared for `<head>`.
    pub head: PageHead,
    /// What the page could not show: its data missing or unreadable by the app's JSON
    /// reader, or a "not found" page. Empty for a page that renders as meant.
    pub problems: Vec<String>,
}

/// Renders the app at `path` with the API responses in `data` (URL, JSON text); the
/// page must find all it needs there (nothing is fetched natively).
pub fn render(path: &str, data: Vec<(String, String)>) -> Rendered {
    let owner = Owner::new();
    let rendered = owner.with(|| {
        let collector = HeadCollector::default();
        provide_context(collector.clone());
        let report = LoadReport::default();
        provide_context(report.clone());
        let location = Location::new(path, "");
        let body = view! { <App location initial=data/> }.to_html();
        let head = collector
            .0
            .lock()
            .ok()
            .and_then(|mut h| h.take())
            .unwrap_or_default();
        let problems = report.0.lock().map(|p| p.clone()).unwrap_or_default();
        Rendered { body, head, problems }
    });
    owner.cleanup();
    rendered
}
