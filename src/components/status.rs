//! Loading and failure states: never a blank page.

use leptos::prelude::*;

use crate::api::{FetchError, Load};
use crate::routes::not_found::NotFound;

/// Placeholder while a page's data is on its way. `aria-busy` also tells the
/// navigation code the page is not there yet.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="loading" aria-busy="true">
            <p class="loading-text" role="status">"Đang tải nội dung…"</p>
            <div class="loading-bar loading-bar-title"></div>
            <div class="loading-bar"></div>
            <div class="loading-bar"></div>
            <div class="loading-bar loading-bar-short"></div>
        </div>
    }
}

/// A Vietnamese explanation, a retry button, and the articles saved for reading offline.
#[component]
pub fn LoadError(error: FetchError, retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="load-error" role="alert">
            <h2 class="load-error-title">"Không tải được nội dung"</h2>
            <p>{error.message()}</p>
            <button type="button" class="button" on:click=move |_| retry.run(())>
                "Thử lại"
            </button>
            // The articles saved on this phone, readable with no signal (controls.js,
            // which takes the list out of the alert's announcement: `aria-live="off"`;
            // outside the alert, as a second node, it cost the Wasm 500 bytes).
            <bai-da-luu></bai-da-luu>
        </div>
    }
}

/// Renders `load` with `ready` once the data is there; the loading, 404 and error
/// states otherwise.
pub fn render_load<T: 'static>(
    load: Load<T>,
    retry: Callback<()>,
    ready: impl FnOnce(std::sync::Arc<T>) -> AnyView,
) -> AnyView {
    match load {
        Load::Loading => view! { <Loading/> }.into_any(),
        Load::NotFound => {
            // Reached in the app, the page's data is not there: a site deployed since the
            // app started may have the page elsewhere, so the browser asks the server for
            // the page itself (which is the 404 page if there is none).
            #[cfg(target_arch = "wasm32")]
            if crate::router::has_navigated() {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
            view! { <NotFound/> }.into_any()
        }
        Load::Failed(error) => view! { <LoadError error retry/> }.into_any(),
        Load::Ready(data) => ready(data),
    }
}
