//! The page's own controls: text size ("Cỡ chữ A− A A+"), "In bài viết", and Escape
//! to close the mobile menu, are handled by `src/controls.js`, a small script of its
//! own that works before the app has loaded and without it (the Wasm need not be there
//! for them, and is 2 KB smaller). Here: the steps, the state the buttons are rendered
//! with, and closing the menu on navigation (`router.rs`).
//!
//! What the text-size control shows is drawn by CSS from `<html data-co-chu>`.
//!
//! Natively (prerendering) nothing here runs: [`text_size`] is the default.

/// Text-size steps, in percent of the browser's own font size (which they multiply).
pub const TEXT_SIZES: [u16; 5] = [100, 125, 150, 175, 200];
/// localStorage key and `<html>` attribute holding the step index. The inline script in
/// `index.html` applies a stored step before first paint; keep the names in step.
pub const TEXT_SIZE_KEY: &str = "co-chu";
pub const TEXT_SIZE_ATTR: &str = "data-co-chu";

/// Where step `step` leaves each button: `(class, attribute, value)`.
pub fn text_size_states(step: usize) -> [(&'static str, &'static str, &'static str); 3] {
    let flag = |b: bool| if b { "true" } else { "false" };
    [
        ("text-size-smaller", "aria-disabled", flag(step == 0)),
        ("text-size-reset", "aria-pressed", flag(step == 0)),
        (
            "text-size-larger",
            "aria-disabled",
            flag(step == TEXT_SIZES.len() - 1),
        ),
    ]
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::*;

    fn document() -> web_sys::Document {
        web_sys::window().and_then(|w| w.document()).expect("a document")
    }

    /// The step applied now (set before first paint by the inline script).
    pub fn text_size() -> usize {
        document()
            .document_element()
            .and_then(|r| r.get_attribute(TEXT_SIZE_ATTR))
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&i| i < TEXT_SIZES.len())
            .unwrap_or(0)
    }

    /// A navigation closes the mobile menu.
    pub fn close_menu() {
        if let Ok(Some(menu)) = document().query_selector("details.menu-mobile[open]") {
            let _ = menu.remove_attribute("open");
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn text_size() -> usize {
        0
    }
}

pub use imp::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn button_states() {
        assert_eq!(
            text_size_states(0)[0],
            ("text-size-smaller", "aria-disabled", "true")
        );
        assert_eq!(
            text_size_states(0)[1],
            ("text-size-reset", "aria-pressed", "true")
        );
        assert_eq!(text_size_states(2)[1].2, "false");
        assert_eq!(
            text_size_states(4)[2],
            ("text-size-larger", "aria-disabled", "true")
        );
        assert_eq!(text_size_states(3)[2].2, "false");
    }
}
