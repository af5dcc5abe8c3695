//! The few things the app asks of the browser directly: the remembered text size and
//! printing. (Navigation is in `router.rs`.)
//!
//! Natively (prerendering) these do nothing: they only run in event handlers and
//! effects, which the prerenderer never triggers.

/// Text-size steps, in percent of the browser's own font size (which they multiply).
pub const TEXT_SIZES: [u16; 5] = [100, 125, 150, 175, 200];
/// localStorage key and `<html>` attribute holding the step index. The inline script in
/// `index.html` applies a stored step before first paint; keep the names in step.
pub const TEXT_SIZE_KEY: &str = "co-chu";
pub const TEXT_SIZE_ATTR: &str = "data-co-chu";

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::*;

    fn window() -> web_sys::Window {
        web_sys::window().expect("a browser window")
    }

    fn root() -> Option<web_sys::Element> {
        window().document()?.document_element()
    }

    /// The step applied now (set before first paint by the inline script).
    pub fn text_size() -> usize {
        root()
            .and_then(|r| r.get_attribute(TEXT_SIZE_ATTR))
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&i| i < TEXT_SIZES.len())
            .unwrap_or(0)
    }

    pub fn set_text_size(step: usize) {
        if let Some(r) = root() {
            if step == 0 {
                let _ = r.remove_attribute(TEXT_SIZE_ATTR);
            } else {
                let _ = r.set_attribute(TEXT_SIZE_ATTR, &step.to_string());
            }
        }
        // Private browsing may refuse storage: the size then lasts for this page only.
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = if step == 0 {
                storage.remove_item(TEXT_SIZE_KEY)
            } else {
                storage.set_item(TEXT_SIZE_KEY, &step.to_string())
            };
        }
    }

    pub fn print() {
        let _ = window().print();
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn text_size() -> usize {
        0
    }
    pub fn set_text_size(_step: usize) {}
    pub fn print() {}
}

pub use imp::*;
