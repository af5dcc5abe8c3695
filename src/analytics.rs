//! The analytics hook (state portals must install the ministry's monitoring code):
//! `site.toml` names a script (and an optional site id); the app loads it once, and
//! announces every page view, the first one and each after a client-side navigation,
//! as a `portal:pageview` event on `window` with `detail: { url, title }`. A tracker
//! (or a few lines adapting one) listens for it. With no script configured, nothing is
//! loaded. The build adds the script's origin to the Content-Security-Policy.

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::Cell;

    use portal_core::api::Site;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    thread_local! {
        /// Whether the script has loaded (page views before that are announced on load).
        static LOADED: Cell<bool> = const { Cell::new(false) };
    }

    /// Loads the script named in `site_json`, once.
    pub fn start(site_json: Option<&str>) {
        let Some(analytics) = site_json
            .and_then(|j| portal_core::json::from_str::<Site>(j).ok())
            .and_then(|s| s.analytics)
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
            LOADED.set(true);
            page_view();
        });
        let _ = script.add_event_listener_with_callback("load", onload.unchecked_ref());
        if let Some(head) = doc.head() {
            let _ = head.append_child(&script);
        }
    }

    /// Announces the page now shown (once the script is there).
    pub fn page_view() {
        if !LOADED.get() {
            return;
        }
        let Some(w) = web_sys::window() else { return };
        let loc = w.location();
        let url = loc.pathname().unwrap_or_default() + &loc.search().unwrap_or_default();
        let title = w.document().map(|d| d.title()).unwrap_or_default();
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
