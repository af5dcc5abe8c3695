//! Client-side routing: the current URL as signals, links that navigate without a
//! page load, back/forward, and what a reader expects after each navigation: the new
//! page's heading gets focus (or the element a `#fragment` names, scrolled to), and
//! back/forward returns each history entry to where the reader was on it (positions
//! are kept per entry, so two visits to one URL keep their own). Each navigation, once
//! its page has rendered or the reader has left it, is announced once as a page view.
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
pub use imp::{has_navigated, navigate, render_now, render_on_first_navigation, replace, start};

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

    fn current_url() -> (String, String, String) {
        let loc = window().location();
        (
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default(),
            loc.hash().unwrap_or_default(),
        )
    }

    #[derive(Default)]
    struct State {
        location: Option<Location>,
        /// Scroll positions by history entry (the key each entry carries as its state).
        positions: HashMap<String, f64>,
        /// The current entry's key.
        entry: String,
        /// Entries made in this tab so far (for new keys).
        made: u32,
        /// The navigation being settled (a newer one stops an older one's loop).
        navigation: u32,
        /// The page view of that navigation, until it is announced.
        pending_view: Option<String>,
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

    /// A key for a new history entry, unique across reloads of the tab.
    fn new_key() -> String {
        let n = STATE.with_borrow_mut(|s| {
            s.made += 1;
            s.made
        });
        // As an integer: formatting a float would link Rust's float printing (~13 KB).
        format!("{}-{n}", js_sys::Date::now() as u64)
    }

    /// The location of the page the browser opened, with the listeners that keep it up to date.
    pub fn start() -> Location {
        let (path, search, _) = current_url();
        let location = Location::new(&path, &search);
        let w = window();
        // The entry the page was opened in gets its key (kept if it had one: a reload).
        let key = w
            .history()
            .ok()
            .and_then(|h| h.state().ok())
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| {
                let key = new_key();
                if let Ok(h) = w.history() {
                    let _ = h.replace_state(&JsValue::from_str(&key), "");
                }
                key
            });
        STATE.with_borrow_mut(|s| {
            s.location = Some(location);
            s.entry = key;
        });
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
        let on_popstate = Closure::<dyn Fn(web_sys::PopStateEvent)>::new(|ev: web_sys::PopStateEvent| {
            let (path, search, hash) = current_url();
            let key = ev.state().as_string().unwrap_or_default();
            let same_page = STATE.with_borrow(|s| {
                s.location
                    .is_some_and(|l| l.path.get_untracked() == path && l.search.get_untracked() == search)
            });
            remember_scroll();
            STATE.with_borrow_mut(|s| s.entry = key.clone());
            if same_page {
                // Only the #fragment changed: the browser's business.
                return;
            }
            let saved = STATE.with_borrow(|s| s.positions.get(&key).copied());
            let to = match saved {
                Some(y) => Scroll::To(y),
                None if hash.len() > 1 => Scroll::Fragment(hash),
                None => Scroll::To(0.0),
            };
            show(&path, &search, to);
        });
        let _ = w.add_event_listener_with_callback("popstate", on_popstate.as_ref().unchecked_ref());
        on_popstate.forget();
        location
    }

    fn remember_scroll() {
        let y = window().scroll_y().unwrap_or(0.0);
        STATE.with_borrow_mut(|s| {
            let key = s.entry.clone();
            s.positions.insert(key, y);
        });
    }

    /// Goes to `url` (a path with an optional query and fragment) as a new history entry.
    pub fn navigate(url: &str) {
        remember_scroll();
        let (before_hash, hash) = url.split_at(url.find('#').unwrap_or(url.len()));
        let (path, search) = before_hash.split_at(before_hash.find('?').unwrap_or(before_hash.len()));
        let key = new_key();
        if let Ok(h) = window().history() {
            let _ = h.push_state_with_url(&JsValue::from_str(&key), "", Some(url));
        }
        STATE.with_borrow_mut(|s| s.entry = key);
        let to = if hash.len() > 1 {
            Scroll::Fragment(hash.to_string())
        } else {
            Scroll::To(0.0)
        };
        show(path, search, to);
    }

    /// Whether the reader has gone to another page in the app.
    pub fn has_navigated() -> bool {
        STATE.with_borrow(|s| s.navigation > 0)
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
        let Some((location, key)) = STATE.with_borrow(|s| s.location.map(|l| (l, s.entry.clone()))) else {
            return;
        };
        if let Ok(h) = window().history() {
            let _ = h.replace_state_with_url(&JsValue::from_str(&key), "", Some(url));
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
                portal_core::paths::documents(&filter, 0)
            }
            _ => return,
        };
        ev.prevent_default();
        navigate(&url);
    }

    /// Where a page goes once it has rendered.
    enum Scroll {
        To(f64),
        /// To the element a `#fragment` names (with its `#`).
        Fragment(String),
    }

    /// Updates the location, then, once the new page has rendered, scrolls and moves
    /// focus (for screen readers and keyboards).
    fn show(path: &str, search: &str, to: Scroll) {
        let Some(location) = STATE.with_borrow(|s| s.location) else {
            return;
        };
        // The reader left the page before it had rendered: that was a page view too.
        let left = STATE.with_borrow_mut(|s| s.pending_view.take());
        if let Some(url) = left {
            crate::analytics::page_view(&url, "");
        }
        let navigation = STATE.with_borrow_mut(|s| {
            s.navigation += 1;
            s.pending_view = Some(format!("{path}{search}"));
            s.navigation
        });
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
        if matches!(to, Scroll::To(y) if y == 0.0) {
            window().scroll_to_with_x_and_y(0.0, 0.0);
        }
        after_render(navigation, 0, to);
    }

    fn after_render(navigation: u32, frame: u32, to: Scroll) {
        let cb = Closure::once_into_js(move || {
            // A newer navigation has started: it settles its own page.
            if STATE.with_borrow(|s| s.navigation) != navigation {
                return;
            }
            let Some(doc) = window().document() else { return };
            let busy = doc.query_selector("[aria-busy=true]").ok().flatten().is_some();
            // Give a slow network up to ~15 s of frames, then settle for what is there.
            if busy && frame < 900 {
                after_render(navigation, frame + 1, to);
                return;
            }
            // A heading takes focus only with a tabindex (-1: not in the Tab order).
            let focus = |el: &web_sys::HtmlElement| {
                if !el.has_attribute("tabindex") {
                    let _ = el.set_attribute("tabindex", "-1");
                }
                let opts = web_sys::FocusOptions::new();
                opts.set_prevent_scroll(true);
                let _ = el.focus_with_options(&opts);
            };
            let target = match &to {
                Scroll::Fragment(hash) => fragment_target(&doc, hash),
                Scroll::To(_) => None,
            };
            match (&to, target) {
                (_, Some(el)) => {
                    focus(&el);
                    el.scroll_into_view();
                }
                (to, None) => {
                    let y = if let Scroll::To(y) = to { *y } else { 0.0 };
                    window().scroll_to_with_x_and_y(0.0, y);
                    if let Some(h1) = doc
                        .query_selector("main h1")
                        .ok()
                        .flatten()
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        focus(&h1);
                    }
                }
            }
            if let Some(url) = STATE.with_borrow_mut(|s| s.pending_view.take()) {
                crate::analytics::page_view(&url, &doc.title());
            }
        });
        let _ = window().request_animation_frame(cb.unchecked_ref());
    }

    /// The element `#fragment` names (percent-decoded, as the browser reads it).
    fn fragment_target(doc: &web_sys::Document, hash: &str) -> Option<web_sys::HtmlElement> {
        let raw = hash.trim_start_matches('#');
        let id = js_sys::decode_uri_component(raw)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| raw.to_string());
        doc.get_element_by_id(&id)?.dyn_into().ok()
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
        navigate(&format!("{path}{search}{}", a.hash()));
    }
}
