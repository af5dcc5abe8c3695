//! "Cỡ chữ A− A A+": scales every rem-based size (the root font size is a percentage,
//! so the reader's own browser setting is multiplied, never replaced). The choice is
//! kept in localStorage and applied before first paint by the inline script in
//! `index.html`, which sets `data-co-chu` on `<html>`.
//!
//! Markup only: the buttons are handled in `src/controls.js` (one listener for the
//! prerendered page and the app alike, which also sets their states), and what the
//! control shows (the percentage, the highlighted button) is drawn by CSS from
//! `data-co-chu`. The buttons need
//! scripts, so they are hidden without them (`html.js` comes from the inline script).

use leptos::prelude::*;

#[component]
pub fn TextSize() -> impl IntoView {
    // Written for the default size; `controls.js` sets the reader's (on the page as
    // served, and whenever the app writes the header).
    let (smaller, reset, larger) = ("true", "true", "false");
    view! {
        <div class="text-size" role="group" aria-labelledby="text-size-label">
            <span id="text-size-label" class="text-size-label">"Cỡ chữ"</span>
            <button type="button" class="text-size-button text-size-smaller" aria-label="A− Giảm cỡ chữ" aria-disabled=smaller>
                "A−"
            </button>
            <button type="button" class="text-size-button text-size-reset" aria-label="A Cỡ chữ mặc định" aria-pressed=reset>
                "A"
            </button>
            <button type="button" class="text-size-button text-size-larger" aria-label="A+ Tăng cỡ chữ" aria-disabled=larger>
                "A+"
            </button>
            <span class="text-size-value" aria-hidden="true"></span>
            // Announces a change to screen readers.
            <span class="visually-hidden" role="status"></span>
        </div>
    }
}
