//! The officer's text is never lost: while they write, the form's fields are copied
//! into the tab's session storage (kept across reloads and a browser's restart of the
//! tab, gone when the tab is closed), under the officer's name and the page's address.
//! When a save does not arrive — the session ended, the connection dropped, the
//! browser closed — the form, opened again in that tab by that officer, offers what
//! was written. A copy is forgotten when the page after its form was sent says the
//! save was done (not after another step, such as publishing, which sends no text).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, Storage};

/// The event the editor listens to, to show a body put back into its field.
pub const RESTORED: &str = "toa-soan-khoi-phuc";

const PREFIX: &str = "toa-soan:";

fn storage() -> Option<Storage> {
    window().session_storage().ok().flatten()
}

/// The fields an officer writes in (not the token, the version, files or buttons).
fn fields(form: &HtmlFormElement) -> Vec<Element> {
    let Ok(all) = form.query_selector_all("input[name], textarea[name], select[name]") else {
        return Vec::new();
    };
    (0..all.length())
        .filter_map(|i| all.get(i)?.dyn_into::<Element>().ok())
        .filter(|e| {
            let kind = e.get_attribute("type").unwrap_or_default();
            !matches!(kind.as_str(), "hidden" | "file" | "submit" | "button")
        })
        .collect()
}

/// Each field's name and value (a checkbox: "on" or "").
fn values(form: &HtmlFormElement) -> Vec<(String, String)> {
    fields(form)
        .into_iter()
        .map(|e| {
            let name = e.get_attribute("name").unwrap_or_default();
            let value = if let Some(i) = e.dyn_ref::<HtmlInputElement>() {
                if i.type_() == "checkbox" {
                    if i.checked() {
                        "on".into()
                    } else {
                        String::new()
                    }
                } else {
                    i.value()
                }
            } else if let Some(t) = e.dyn_ref::<HtmlTextAreaElement>() {
                t.value()
            } else if let Some(s) = e.dyn_ref::<HtmlSelectElement>() {
                s.value()
            } else {
                String::new()
            };
            (name, value)
        })
        .collect()
}

fn put_back(form: &HtmlFormElement, saved: &[(String, String)]) {
    for e in fields(form) {
        let name = e.get_attribute("name").unwrap_or_default();
        let Some((_, value)) = saved.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        if let Some(i) = e.dyn_ref::<HtmlInputElement>() {
            if i.type_() == "checkbox" {
                i.set_checked(value == "on");
            } else {
                i.set_value(value);
            }
        } else if let Some(t) = e.dyn_ref::<HtmlTextAreaElement>() {
            t.set_value(value);
            let _ = t.dispatch_event(&web_sys::Event::new(RESTORED).unwrap_throw());
        } else if let Some(s) = e.dyn_ref::<HtmlSelectElement>() {
            s.set_value(value);
        }
    }
}

/// A copy as stored: `[time, [[name, value]…]]` in JSON.
fn encode(time: &str, fields: &[(String, String)]) -> String {
    let pairs = js_sys::Array::new();
    for (n, v) in fields {
        pairs.push(&js_sys::Array::of2(&JsValue::from_str(n), &JsValue::from_str(v)));
    }
    let all = js_sys::Array::of2(&JsValue::from_str(time), &pairs);
    js_sys::JSON::stringify(&all)
        .map(String::from)
        .unwrap_or_default()
}

fn decode(text: &str) -> Option<(String, Vec<(String, String)>)> {
    let all: js_sys::Array = js_sys::JSON::parse(text).ok()?.dyn_into().ok()?;
    let time = all.get(0).as_string()?;
    let pairs: js_sys::Array = all.get(1).dyn_into().ok()?;
    let fields = pairs
        .iter()
        .filter_map(|p| {
            let p: js_sys::Array = p.dyn_into().ok()?;
            Some((p.get(0).as_string()?, p.get(1).as_string()?))
        })
        .collect();
    Some((time, fields))
}

/// The copy's key: the signed-in officer's name and the page's address.
fn key_of(user: &str, path: &str) -> String {
    format!("{PREFIX}{user}:{path}")
}

/// The key of the address whose form was sent last (by this officer, in this tab).
fn sent_key(user: &str) -> String {
    format!("{PREFIX}{user}:gui")
}

/// Keeps copies of `form` as it is written, and offers one a save did not take.
pub fn mount(form: HtmlFormElement) -> Option<()> {
    let store = storage()?;
    let path = window().location().pathname().ok()?;
    let doc = document();
    // The officer signed in, as the page's header names them (no name: no copy).
    let user = doc
        .query_selector("span.who[data-user]")
        .ok()??
        .get_attribute("data-user")?;
    let key = key_of(&user, &path);
    // This page says the form sent last was saved: its copy reached the server.
    let saved = doc.query_selector("#noi-dung .made").ok().flatten().is_some();
    if let Some(sent) = store.get_item(&sent_key(&user)).ok().flatten() {
        if saved {
            let _ = store.remove_item(&key_of(&user, &sent));
        }
        let _ = store.remove_item(&sent_key(&user));
    }
    let offered = store
        .get_item(&key)
        .ok()
        .flatten()
        .and_then(|t| decode(&t))
        .filter(|(_, saved)| *saved != values(&form));

    // Copies are kept from now on, or, when one is offered, once the officer has
    // answered (what they type meanwhile must not replace it).
    let keeping = std::rc::Rc::new(std::cell::Cell::new(offered.is_none()));
    let keep = {
        let (form, store, key, keeping) = (form.clone(), store.clone(), key.clone(), keeping.clone());
        Closure::<dyn Fn()>::new(move || {
            if !keeping.get() {
                return;
            }
            let now = js_sys::Date::new_0();
            let time = format!("{:02}:{:02}", now.get_hours(), now.get_minutes());
            let _ = store.set_item(&key, &encode(&time, &values(&form)));
        })
        .into_js_value()
    };
    form.add_event_listener_with_callback("input", keep.unchecked_ref())
        .ok()?;
    form.add_event_listener_with_callback("change", keep.unchecked_ref())
        .ok()?;
    // The form is sent: the next page says whether its text was saved.
    let sending = {
        let (store, user, path) = (store.clone(), user.clone(), path.clone());
        Closure::<dyn Fn()>::new(move || {
            let _ = store.set_item(&sent_key(&user), &path);
        })
        .into_js_value()
    };
    form.add_event_listener_with_callback("submit", sending.unchecked_ref())
        .ok()?;

    let (time, saved) = offered?;
    let host: web_sys::HtmlElement = doc.create_element("div").ok()?.dyn_into().ok()?;
    form.prepend_with_node_1(&host).ok()?;
    let shown = RwSignal::new(true);
    let saved = StoredValue::new_local(saved);
    let form = StoredValue::new_local(form);
    let answered = StoredValue::new_local(keeping);
    let restore = move |_| {
        form.with_value(|f| saved.with_value(|s| put_back(f, s)));
        answered.with_value(|k| k.set(true));
        shown.set(false);
    };
    let drop_it = move |_| {
        let _ = store.remove_item(&key);
        answered.with_value(|k| k.set(true));
        shown.set(false);
    };
    let offer = move || {
        view! {
            <div class="problem unsaved" role="alert" hidden=move || !shown.get()>
                <p>
                    "Có nội dung bạn viết lúc " {time}
                    " chưa được lưu (phiên đăng nhập đã hết hạn, mất kết nối hoặc trình duyệt bị đóng)."
                </p>
                <button type="button" on:click=restore>"Khôi phục nội dung chưa lưu"</button>
                " "
                <button type="button" on:click=drop_it>"Bỏ bản này"</button>
            </div>
        }
    };
    leptos::mount::mount_to(host, offer).forget();
    Some(())
}
