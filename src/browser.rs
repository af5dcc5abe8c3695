//! The page's own controls — text size ("Cỡ chữ A− A A+"), high contrast, "In bài
//! viết", read aloud, share, Escape to close the menu — are made and handled by
//! `src/controls.js`, a small script of its own that works before the app has loaded
//! and without it (the Wasm need not be there for them, and is smaller); it also
//! starts the app. What they show is drawn by CSS from `<html data-co-chu>` and
//! `<html data-tuong-phan>`. Here: closing the menu on navigation (`router.rs`).

#[cfg(target_arch = "wasm32")]
mod imp {
    fn document() -> web_sys::Document {
        web_sys::window().and_then(|w| w.document()).expect("a document")
    }

    /// A navigation closes the menu (open on a narrow screen).
    pub fn close_menu() {
        if let Ok(Some(menu)) = document().query_selector("details.menu[open]") {
            let _ = menu.remove_attribute("open");
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    pub fn close_menu() {}
}

pub use imp::*;
