//! The analytics hook (state portals must install the ministry's monitoring code):
//! `site.toml` names a script (and an optional site id); the app loads it once, and
//! announces every page view, the first one and each after a client-side navigation,
//! as a `portal:pageview` event on `window` with `detail: { url, title }`. A tracker
//! (or a few lines adapting one) listens for it. With no script configured, nothing is
//! loaded. The build adds the script's origin to the Content-Security-Policy.

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::RefCell;

    use portal_core::api::Site;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// Page views wait in `Loading` until the script has loaded: none is lost.
    enum State {
        Off,
        Loading(Vec<(String, String)>),
        Loaded,
    }

    thread_local! {
        static STATE: RefCell<State> = const { RefCell::new(State::Off) };
    }

    /// Loads the script named in `site_json`, once.
    pub fn start(site_json: Option<&str>) {
        let Some(analytics) = site_json
            .and_then(|j| portal_core::json::from_str::<Site>(j).ok())
            .and_then(|s| s.analytics)
            .filter(|a| {
                let s = &a.script;
                portal_core::text::is_safe_href(s)
                    && (s.starts_with("https://") || portal_core::text::is_internal_href(s))
            })
        else {
            return;
        };
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(script) = doc.create_element("script") else {
            return;
        };
        let _ = script.set_attribute("src", &analytics.script);
        let _ = script.set_attribute("async", "");
        if let Some(id) = &analytics.site_id {
            let _ = script.set_attribute("data-site-id", id);
        }
        let onload = Closure::once_into_js(|| {
            let waiting = STATE.with(|s| match std::mem::replace(&mut *s.borrow_mut(), State::Loaded) {
                State::Loading(views) => views,
                _ => Vec::new(),
            });
            for (url, title) in waiting {
                announce(&url, &title);
            }
        });
        let _ = script.add_event_listener_with_callback("load", onload.unchecked_ref());
        STATE.with(|s| *s.borrow_mut() = State::Loading(Vec::new()));
        // The page the reader opened.
        let loc = web_sys::window().map(|w| w.location());
        let url = loc
            .map(|l| l.pathname().unwrap_or_default() + &l.search().unwrap_or_default())
            .unwrap_or_default();
        page_view(&url, &doc.title());
        if let Some(head) = doc.head() {
            let _ = head.append_child(&script);
        }
    }

    /// Announces a page view (or keeps it until the script has loaded): `url` is the
    /// site path with its query, `title` the page's title (empty for a page the reader
    /// left before it had loaded).
    pub fn page_view(url: &str, title: &str) {
        let now = STATE.with(|s| match &mut *s.borrow_mut() {
            State::Off => false,
            State::Loading(views) => {
                views.push((url.to_string(), title.to_string()));
                false
            }
            State::Loaded => true,
        });
        if now {
            announce(url, title);
        }
    }

    fn announce(url: &str, title: &str) {
        let Some(w) = web_sys::window() else { return };
        let detail = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&detail, &"url".into(), &url.into());
        let _ = js_sys::Reflect::set(&detail, &"title".into(), &title.into());
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&detail);
        if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict("portal:pageview", &init) {
            let _ = w.dispatch_event(&ev);
        }
    }
}

#[cfg(target_arch = "wasm32")]
pub use imp::{page_view, start};
