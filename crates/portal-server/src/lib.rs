//! Serving a built site (`dist/`) as a static host does: `dir/` answers with
//! `dir/index.html`, unknown paths with `404.html` and status 404, `.br`/`.gz` copies to
//! browsers that accept them, and the headers the build wrote in `dist/_headers` (the
//! Content-Security-Policy, the sandbox of `/media/` and `/files/`, caching), so what a
//! developer sees is what Cloudflare Pages or Netlify would serve.
//!
//! In development ([`dev`]) it also rebuilds on every saved change and tells open pages
//! to reload (`/_dev/events`, which only `--dev` builds listen to).

pub mod dev;
pub mod headers;

use std::path::PathBuf;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

/// The router serving `dist`, with `extra` routes before it (the dev event stream).
pub fn site(dist: PathBuf, extra: Router) -> Router {
    let files = ServeDir::new(&dist)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip()
        .not_found_service(ServeFile::new(dist.join("404.html")));
    extra
        .fallback_service(files)
        .layer(middleware::from_fn_with_state(dist, with_headers))
}

/// Adds the headers `dist/_headers` gives the requested path. Files the public must not
/// see (`_headers`, `.nginx/…`) answer 404, as on the hosts the build targets.
async fn with_headers(State(dist): State<PathBuf>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if path == "/_headers" || path.split('/').any(|p| p.starts_with('.') && p.len() > 1) {
        let page = std::fs::read(dist.join("404.html")).unwrap_or_default();
        let mut r = Response::new(Body::from(page));
        *r.status_mut() = StatusCode::NOT_FOUND;
        return r;
    }
    let mut response = next.run(req).await;
    let rules = std::fs::read_to_string(dist.join("_headers")).unwrap_or_default();
    for (name, value) in headers::for_path(&headers::parse(&rules), &path) {
        if let (Ok(n), Ok(v)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            response.headers_mut().insert(n, v);
        }
    }
    if !response.headers().contains_key("cache-control") {
        response
            .headers_mut()
            .insert("cache-control", HeaderValue::from_static("no-cache"));
    }
    response
}
