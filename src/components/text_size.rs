//! "Cỡ chữ A− A A+": scales every rem-based size (the root font size is a percentage,
//! so the reader's own browser setting is multiplied, never replaced). The choice is
//! kept in localStorage and applied before first paint by the inline script in
//! `index.html`.

use leptos::prelude::*;

use crate::browser::{self, TEXT_SIZES};

#[component]
pub fn TextSize() -> impl IntoView {
    let step = RwSignal::new(browser::text_size());
    let last = TEXT_SIZES.len() - 1;
    let choose = move |s: usize| {
        step.set(s);
        browser::set_text_size(s);
    };
    let flag = |b: bool| if b { "true" } else { "false" };
    view! {
        <div class="text-size" role="group" aria-labelledby="text-size-label">
            <span id="text-size-label" class="text-size-label">"Cỡ chữ"</span>
            <button
                type="button"
                class="text-size-button"
                aria-label="Giảm cỡ chữ"
                aria-disabled=move || flag(step.get() == 0)
                on:click=move |_| choose(step.get().saturating_sub(1))
            >
                "A−"
            </button>
            <button
                type="button"
                class="text-size-button"
                aria-label="Cỡ chữ mặc định"
                aria-pressed=move || flag(step.get() == 0)
                on:click=move |_| choose(0)
            >
                "A"
            </button>
            <button
                type="button"
                class="text-size-button"
                aria-label="Tăng cỡ chữ"
                aria-disabled=move || flag(step.get() == last)
                on:click=move |_| choose((step.get() + 1).min(last))
            >
                "A+"
            </button>
            <output class="text-size-value" aria-live="polite">
                {move || format!("{}%", TEXT_SIZES[step.get()])}
            </output>
        </div>
    }
}
