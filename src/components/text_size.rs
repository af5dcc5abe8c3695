//! "Cỡ chữ A− A A+": scales every rem-based size (the root font size is a percentage,
//! so the reader's own browser setting is multiplied, never replaced). The choice is
//! kept in localStorage and applied before first paint by the inline script in
//! `index.html`, which sets `data-co-chu` on `<html>`.
//!
//! What the control shows (the percentage, the highlighted button) is drawn by CSS from
//! that attribute, so the prerendered page already shows the reader's size, and the app
//! taking over changes nothing visible. The buttons need the app, so they are hidden
//! when scripts are off (`html.js` is set by the same inline script).

use leptos::prelude::*;

use crate::browser::{self, TEXT_SIZES};

#[component]
pub fn TextSize() -> impl IntoView {
    let step = RwSignal::new(browser::text_size());
    // Announced to screen readers after a change (not on load).
    let announcement = RwSignal::new(String::new());
    let last = TEXT_SIZES.len() - 1;
    let choose = move |s: usize| {
        step.set(s);
        browser::set_text_size(s);
        announcement.set(format!("Cỡ chữ {}%", TEXT_SIZES[s]));
    };
    let flag = |b: bool| if b { "true" } else { "false" };
    view! {
        <div class="text-size" role="group" aria-labelledby="text-size-label">
            <span id="text-size-label" class="text-size-label">"Cỡ chữ"</span>
            <button
                type="button"
                class="text-size-button text-size-smaller"
                aria-label="Giảm cỡ chữ"
                aria-disabled=move || flag(step.get() == 0)
                on:click=move |_| choose(step.get().saturating_sub(1))
            >
                "A−"
            </button>
            <button
                type="button"
                class="text-size-button text-size-reset"
                aria-label="Cỡ chữ mặc định"
                aria-pressed=move || flag(step.get() == 0)
                on:click=move |_| choose(0)
            >
                "A"
            </button>
            <button
                type="button"
                class="text-size-button text-size-larger"
                aria-label="Tăng cỡ chữ"
                aria-disabled=move || flag(step.get() == last)
                on:click=move |_| choose((step.get() + 1).min(last))
            >
                "A+"
            </button>
            <span class="text-size-value" aria-hidden="true"></span>
            <span class="visually-hidden" role="status">
                {move || announcement.get()}
            </span>
        </div>
    }
}
