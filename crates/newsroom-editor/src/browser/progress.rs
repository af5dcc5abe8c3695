//! Progress of what a form sent: publishing rebuilds the public site, which takes a
//! moment on a large one. When an officer sends a form of the newsroom's, a bar at the
//! bottom of the screen says what is being done until the next page arrives, and a
//! second click does not send it again.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlFormElement;

/// What is being done, by the address the form is sent to.
fn doing(action: &str) -> &'static str {
    let step = action.rsplit('/').next().unwrap_or_default();
    match step {
        "xuat-ban" | "khoi-phuc" => "Đang xuất bản: đang dựng lại trang công khai…",
        "go-bai" => "Đang gỡ bài: đang dựng lại trang công khai…",
        "gui-duyet" => "Đang gửi duyệt…",
        "hen-gio" => "Đang hẹn giờ xuất bản…",
        "tra-lai" => "Đang trả lại cho người viết…",
        _ => "Đang lưu và cập nhật trang công khai…",
    }
}

pub fn mount() {
    let Some(main) = document().get_element_by_id("noi-dung") else {
        return;
    };
    let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    let busy = RwSignal::new(None::<&'static str>);
    let on_submit = window_event_listener(ev::submit, move |ev| {
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else {
            return;
        };
        // Searching a list is not sending work; a submit another script cancelled
        // sends nothing.
        if form.method().eq_ignore_ascii_case("get") || ev.default_prevented() {
            return;
        }
        if busy.get_untracked().is_some() {
            ev.prevent_default();
            return;
        }
        busy.set(Some(doing(&form.action())));
        // Sending stopped by the officer (Esc, the browser's stop button) brings no
        // next page: the form may be sent again after a while.
        set_timeout(move || busy.set(None), std::time::Duration::from_secs(30));
    });
    // Back to this page from the next one (the browser's page cache): not busy.
    let on_show = window_event_listener(ev::pageshow, move |_| busy.set(None));
    std::mem::forget((on_submit, on_show));
    let bar = move || {
        view! {
            <p class="progress" role="status" class:shown=move || busy.get().is_some()>
                {move || busy.get().unwrap_or_default()}
            </p>
        }
    };
    leptos::mount::mount_to(main, bar).forget();
}
