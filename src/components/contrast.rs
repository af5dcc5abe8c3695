//! "Tương phản cao": black text on white, dark links and controls, every text at least
//! 7:1 (WCAG AAA 1.4.6), with every text size. Kept in localStorage and applied before
//! first paint by the inline script in `index.html` (also when the system asks for more
//! contrast, unless the reader turned it off), which sets `data-tuong-phan` on `<html>`;
//! the CSS draws the rest. Markup only: the button is handled by `src/controls.js`, so
//! it works without the app; it needs scripts, so it is hidden without them.

use leptos::prelude::*;

#[component]
pub fn Contrast() -> impl IntoView {
    // Written unpressed; `controls.js` sets the reader's state (on the page as served,
    // and whenever the app writes the header).
    view! {
        <button type="button" class="contrast-button" aria-pressed="false">
            "Tương phản cao"
        </button>
    }
}
