//! The page's own controls: text size ("Cỡ chữ A− A A+"), "In bài viết", and Escape
//! to close the mobile menu. They work by listeners on the document (event delegation),
//! so the same code serves the prerendered page, before the app has rendered anything,
//! and the pages the app renders. (Navigation is in `router.rs`.)
//!
//! What the text-size control shows is drawn by CSS from `<html data-co-chu>`; these
//! handlers change that attribute, the buttons' ARIA state and a status message.
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
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::*;

    fn window() -> web_sys::Window {
        web_sys::window().expect("a browser window")
    }

    fn document() -> web_sys::Document {
        window().document().expect("a document")
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

    fn set_text_size(step: usize) {
        let doc = document();
        if let Some(r) = doc.document_element() {
            let _ = if step == 0 {
                r.remove_attribute(TEXT_SIZE_ATTR)
            } else {
                r.set_attribute(TEXT_SIZE_ATTR, &step.to_string())
            };
        }
        for (class, attr, value) in text_size_states(step) {
            if let Ok(Some(button)) = doc.query_selector(&format!(".{class}")) {
                let _ = button.set_attribute(attr, value);
            }
        }
        if let Ok(Some(status)) = doc.query_selector(".text-size [role=status]") {
            status.set_text_content(Some(&format!("Cỡ chữ {}%", TEXT_SIZES[step])));
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

    fn on_click(ev: web_sys::MouseEvent) {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
            return;
        };
        let closest = |sel: &str| target.closest(sel).ok().flatten();
        if let Some(button) = closest(".text-size-button") {
            let step = text_size();
            let last = TEXT_SIZES.len() - 1;
            let class = button.class_name();
            let next = if class.contains("text-size-smaller") {
                step.saturating_sub(1)
            } else if class.contains("text-size-larger") {
                (step + 1).min(last)
            } else {
                0
            };
            set_text_size(next);
        } else if closest(".print-button").is_some() {
            let _ = window().print();
        }
    }

    /// Escape closes the open mobile menu and returns focus to its button.
    fn on_keydown(ev: web_sys::KeyboardEvent) {
        if ev.key() != "Escape" {
            return;
        }
        let doc = document();
        if let Ok(Some(menu)) = doc.query_selector("details.menu-mobile[open]") {
            let _ = menu.remove_attribute("open");
            if let Some(summary) = menu
                .query_selector("summary")
                .ok()
                .flatten()
                .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = summary.focus();
            }
        }
    }

    /// Listens for the controls on the whole document, once.
    pub fn init_controls() {
        let doc = document();
        let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(on_click);
        let _ = doc.add_event_listener_with_callback("click", click.as_ref().unchecked_ref());
        click.forget();
        let keydown = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(on_keydown);
        let _ = doc.add_event_listener_with_callback("keydown", keydown.as_ref().unchecked_ref());
        keydown.forget();
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
