//! Client-side routing: the current URL as signals, links that navigate without a
//! page load, back/forward, and what a reader expects after each navigation (the new
//! page's heading gets focus; back/forward returns to where the reader was).
//!
//! Pages are named by [`portal_core::paths::Route`], parsed from the path. This small
//! router replaced leptos_router: the same job for about 12 KB less Wasm (brotli), in a
//! 150 KB budget (docs/size.md). Links are plain `<a href>`: any same-site link to a page
//! (not to a file such as a feed or a PDF) is followed in the app.

use leptos::prelude::*;

/// The URL being shown.
#[derive(Clone, Copy)]
pub struct Location {
    /// Path, e.g. `/bai-viet/x/`.
    pub path: RwSignal<String>,
    /// Query string with its `?`, or empty.
    pub search: RwSignal<String>,
}

impl Location {
    pub fn new(path: &str, search: &str) -> Self {
        Location {
            path: RwSignal::new(path.to_string()),
            search: RwSignal::new(search.to_string()),
        }
    }
}

pub fn use_location() -> Location {
    expect_context::<Location>()
}

#[cfg(target_arch = "wasm32")]
pub use imp::{navigate, render_now, render_on_first_navigation, replace, start};

/// Natively there is no history: these do nothing (they only run in event handlers).
#[cfg(not(target_arch = "wasm32"))]
pub fn navigate(_url: &str) {}
#[cfg(not(target_arch = "wasm32"))]
pub fn replace(_url: &str) {}

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::Location;

    fn window() -> web_sys::Window {
        web_sys::window().expect("a browser window")
    }

    fn current_url() -> (String, String) {
        let loc = window().location();
        (
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default(),
        )
    }

    #[derive(Default)]
    struct State {
        location: Option<Location>,
        /// Scroll positions of the pages in this tab's history, by path and query.
        positions: HashMap<String, f64>,
    }

    thread_local! {
        static STATE: RefCell<State> = RefCell::default();
        /// Renders the app, the first time the reader goes to another page.
        static RENDER: RefCell<Option<Box<dyn FnOnce()>>> = RefCell::default();
    }

    /// The app leaves the prerendered page as it is (replacing it, even by identical
    /// markup, would paint it again, on a slow phone seconds after it was readable) and
    /// renders from the first client-side navigation on.
    pub fn render_on_first_navigation(render: impl FnOnce() + 'static) {
        RENDER.set(Some(Box::new(render)));
    }

    /// The location of the page the browser opened, with the listeners that keep it up to date.
    pub fn start() -> Location {
        let (path, search) = current_url();
        let location = Location::new(&path, &search);
        STATE.with_borrow_mut(|s| s.location = Some(location));
        let w = window();
        let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(on_click);
        if let Some(doc) = w.document() {
            let _ = doc.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        }
        on_click.forget();
        let on_submit = Closure::<dyn Fn(web_sys::SubmitEvent)>::new(on_submit);
        if let Some(doc) = w.document() {
            let _ = doc.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        }
        on_submit.forget();
        let on_popstate = Closure::<dyn Fn()>::new(|| {
            let (path, search) = current_url();
            let same_page = STATE.with_borrow(|s| {
                s.location
                    .is_some_and(|l| l.path.get_untracked() == path && l.search.get_untracked() == search)
            });
            if same_page {
                // Only the #fragment changed: the browser's business.
                return;
            }
            remember_scroll();
            let restore = STATE.with_borrow(|s| s.positions.get(&format!("{path}{search}")).copied());
            show(&path, &search, restore.unwrap_or(0.0));
        });
        let _ = w.add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
        on_popstate.forget();
        location
    }

    fn remember_scroll() {
        let y = window().scroll_y().unwrap_or(0.0);
        STATE.with_borrow_mut(|s| {
            if let Some(l) = s.location {
                let key = l.path.get_untracked() + &l.search.get_untracked();
                s.positions.insert(key, y);
            }
        });
    }

    /// Goes to `url` (a path with an optional query) as a new history entry.
    pub fn navigate(url: &str) {
        remember_scroll();
        let (path, search) = match url.find('?') {
            Some(i) => (&url[..i], &url[i..]),
            None => (url, ""),
        };
        if let Ok(h) = window().history() {
            let _ = h.push_state_with_url(&JsValue::NULL, "", Some(url));
        }
        show(path, search, 0.0);
    }

    /// Renders the app now (a page that needs it from the start).
    pub fn render_now() {
        if let Some(render) = RENDER.take() {
            render();
        }
    }

    /// Changes the current history entry to `url` (same page, e.g. the search query
    /// as it is typed): no new entry, no scrolling, focus stays where it is.
    pub fn replace(url: &str) {
        let Some(location) = STATE.with_borrow(|s| s.location) else {
            return;
        };
        if let Ok(h) = window().history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(url));
        }
        let (path, search) = url.split_at(url.find('?').unwrap_or(url.len()));
        location.path.set(path.to_string());
        location.search.set(search.to_string());
    }

    /// A search (`action="/tim-kiem/"`) or the documents filter (`action="/van-ban/"`)
    /// submitted from its form is a navigation in the app.
    fn on_submit(ev: web_sys::SubmitEvent) {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        if ev.default_prevented() {
            return;
        }
        // The value of the form's field `name`, if it has one.
        let field = |name: &str| -> Option<String> {
            let el = form.query_selector(&format!("[name={name}]")).ok().flatten()?;
            js_sys::Reflect::get(&el, &"value".into())
                .ok()?
                .as_string()
                .filter(|v| !v.is_empty())
        };
        let url = match form.get_attribute("action").as_deref() {
            Some("/tim-kiem/") => portal_core::paths::search(&field("q").unwrap_or_default(), 1),
            Some("/van-ban/") => {
                let filter = portal_core::paths::DocFilter {
                    kind: field("loai"),
                    body: field("co-quan"),
                    year: field("nam"),
                };
                portal_core::paths::documents(&filter, 1)
            }
            _ => return,
        };
        ev.prevent_default();
        navigate(&url);
    }

    /// Updates the location, then, once the new page has rendered, scrolls to `y` and
    /// moves focus to its heading (for screen readers and keyboards).
    fn show(path: &str, search: &str, y: f64) {
        let Some(location) = STATE.with_borrow(|s| s.location) else {
            return;
        };
        // The app puts the reader back where they were after back/forward: the
        // browser cannot, since the page is rendered after the history event.
        if let Ok(h) = window().history() {
            let _ = h.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
        }
        crate::browser::close_menu();
        location.path.set(path.to_string());
        location.search.set(search.to_string());
        render_now();
        // A new page starts at the top at once; a page returned to waits for its
        // content before going back to where the reader was.
        if y == 0.0 {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        after_render(0, y);
    }

    fn after_render(frame: u32, y: f64) {
        let cb = Closure::once_into_js(move || {
            let Some(doc) = window().document() else { return };
            let busy = doc.query_selector("[aria-busy=true]").ok().flatten().is_some();
            // Give a slow network up to ~15 s of frames, then settle for what is there.
            if busy && frame < 900 {
                after_render(frame + 1, y);
                return;
            }
            window().scroll_to_with_x_and_y(0.0, y);
            if let Some(h1) = doc
                .query_selector("main h1")
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let opts = web_sys::FocusOptions::new();
                opts.set_prevent_scroll(true);
                let _ = h1.focus_with_options(&opts);
            }
            crate::analytics::page_view();
        });
        let _ = window().request_animation_frame(cb.unchecked_ref());
    }

    /// Follows a click on a link to a page of this site in the app.
    fn on_click(ev: web_sys::MouseEvent) {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(a) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let leaves = a.has_attribute("download")
            || !matches!(a.target().as_str(), "" | "_self")
            || a.rel().split_whitespace().any(|r| r == "external");
        let here = window().location();
        if leaves || a.origin() != here.origin().unwrap_or_default() {
            return;
        }
        let path = a.pathname();
        // Files (feeds, documents, images) load as files.
        if path.rsplit('/').next().is_some_and(|last| last.contains('.')) {
            return;
        }
        let search = a.search();
        // A link within the same page (#fragment) is the browser's to follow.
        if path == here.pathname().unwrap_or_default()
            && search == here.search().unwrap_or_default()
            && !a.hash().is_empty()
        {
            return;
        }
        ev.prevent_default();
        navigate(&format!("{path}{search}"));
    }
}
