//! The editor in the page: a toolbar and an editable area in place of the body's
//! textarea, which stays in the form (hidden) and is what is sent. Every change, every
//! paste and the sending of the form write the area's content back into it as Markdown
//! ([`crate::clean::to_markdown`]), so that what is saved is what the content build
//! reads. What is pasted is cleaned before it is inserted: only the blocks an article
//! is made of reach the page.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ClipboardEvent, DataTransfer, Document, DragEvent, Event, File, FormData, Headers, HtmlDocument,
    HtmlElement, HtmlInputElement, HtmlTextAreaElement, RequestInit, Response,
};

use crate::{clean, markdown};

/// The toolbar: label, command, its value.
const TOOLS: &[(&str, &str, &str)] = &[
    ("Tiêu đề mục", "formatBlock", "h2"),
    ("Tiêu đề nhỏ", "formatBlock", "h3"),
    ("Đoạn văn", "formatBlock", "p"),
    ("Đậm", "bold", ""),
    ("Nghiêng", "italic", ""),
    ("Danh sách", "insertUnorderedList", ""),
    ("Danh sách số", "insertOrderedList", ""),
    ("Trích dẫn", "formatBlock", "blockquote"),
    ("Liên kết", "createLink", ""),
];

#[wasm_bindgen(start)]
pub fn start() {
    // A page without the body's field (or a browser without these APIs) keeps the
    // textarea.
    let _ = mount();
}

fn exec(doc: &Document, command: &str, value: &str) {
    if let Some(html) = doc.dyn_ref::<HtmlDocument>() {
        let _ = html.exec_command_with_show_ui_and_value(command, false, value);
    }
}

fn mount() -> Option<()> {
    let window = web_sys::window()?;
    let doc = window.document()?;
    let area: HtmlTextAreaElement = doc.query_selector("textarea[name=body]").ok()??.dyn_into().ok()?;
    let form = area.form()?;
    let label = doc.query_selector("label[for=than-bai]").ok()??;
    label.set_id("nhan-than-bai");

    let tools = doc.create_element("div").ok()?;
    tools.set_class_name("editor-tools");
    tools.set_attribute("role", "toolbar").ok()?;
    tools.set_attribute("aria-label", "Định dạng nội dung").ok()?;
    tools.set_attribute("aria-controls", "soan-thao").ok()?;

    let rich: HtmlElement = doc.create_element("div").ok()?.dyn_into().ok()?;
    rich.set_id("soan-thao");
    rich.set_class_name("rich");
    rich.set_content_editable("true");
    rich.set_attribute("role", "textbox").ok()?;
    rich.set_attribute("aria-multiline", "true").ok()?;
    rich.set_attribute("aria-labelledby", "nhan-than-bai").ok()?;
    if let Some(described) = area.get_attribute("aria-describedby") {
        let problems: Vec<&str> = described
            .split_whitespace()
            .filter(|id| *id != "cach-viet")
            .collect();
        if !problems.is_empty() {
            rich.set_attribute("aria-describedby", &problems.join(" ")).ok()?;
        }
    }
    rich.set_inner_html(&markdown::to_html(&area.value()));

    // The area's content, back into the field that is sent.
    let sync = {
        let (area, rich) = (area.clone(), rich.clone());
        move || area.set_value(&clean::to_markdown(&rich.inner_html()))
    };

    for (label, command, value) in TOOLS {
        let button: HtmlElement = doc.create_element("button").ok()?.dyn_into().ok()?;
        button.set_attribute("type", "button").ok()?;
        button.set_text_content(Some(label));
        let (doc, rich, window, sync) = (doc.clone(), rich.clone(), window.clone(), sync.clone());
        let on_click = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            let _ = rich.focus();
            if *command == "createLink" {
                let asked = window.prompt_with_message("Địa chỉ liên kết (bắt đầu bằng https://)");
                let Ok(Some(url)) = asked else { return };
                let url = url.trim().to_string();
                let safe = url.starts_with("https://")
                    || url.starts_with("http://")
                    || url.starts_with("mailto:")
                    || url.starts_with("tel:")
                    || (url.starts_with('/') && !url.starts_with("//"));
                if !safe {
                    let _ = window.alert_with_message("Liên kết phải bắt đầu bằng https://, http://, mailto:, tel: hoặc / (trang trong cổng).");
                    return;
                }
                exec(&doc, command, &url);
            } else {
                exec(&doc, command, value);
            }
            sync();
        });
        button
            .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())
            .ok()?;
        on_click.forget();
        tools.append_child(&button).ok()?;
    }

    let on_input = {
        let sync = sync.clone();
        Closure::<dyn FnMut(Event)>::new(move |_: Event| sync())
    };
    rich.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref())
        .ok()?;
    on_input.forget();

    // The session's token, for the pictures sent while writing.
    let csrf = form
        .query_selector("input[name=csrf]")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default();

    let on_paste = {
        let (doc, sync, csrf, rich_for_paste) = (doc.clone(), sync.clone(), csrf.clone(), rich.clone());
        Closure::<dyn FnMut(ClipboardEvent)>::new(move |ev: ClipboardEvent| {
            let Some(data) = ev.clipboard_data() else { return };
            let pictures = pictures_of(&data);
            if !pictures.is_empty() {
                ev.prevent_default();
                send_pictures(
                    doc.clone(),
                    rich_for_paste.clone(),
                    pictures,
                    csrf.clone(),
                    sync.clone(),
                );
                return;
            }
            let html = data.get_data("text/html").unwrap_or_default();
            let html = if html.trim().is_empty() {
                // Plain text: each line a paragraph.
                let text = data.get_data("text/plain").unwrap_or_default();
                text.lines()
                    .map(|l| format!("<p>{}</p>", l.replace('&', "&amp;").replace('<', "&lt;")))
                    .collect()
            } else {
                html
            };
            ev.prevent_default();
            let cleaned = markdown::to_html(&clean::to_markdown(&html));
            exec(&doc, "insertHTML", &cleaned);
            sync();
        })
    };
    rich.add_event_listener_with_callback("paste", on_paste.as_ref().unchecked_ref())
        .ok()?;
    on_paste.forget();

    // A file dragged over the area is taken here (the browser would otherwise open it
    // in place of the page, and the text not yet saved would be lost).
    let on_drag = Closure::<dyn FnMut(DragEvent)>::new(move |ev: DragEvent| {
        let files = ev
            .data_transfer()
            .is_some_and(|d| d.types().includes(&JsValue::from_str("Files"), 0));
        if files {
            ev.prevent_default();
        }
    });
    rich.add_event_listener_with_callback("dragover", on_drag.as_ref().unchecked_ref())
        .ok()?;
    on_drag.forget();
    let on_drop = {
        let (doc, sync, csrf, rich) = (doc.clone(), sync.clone(), csrf.clone(), rich.clone());
        Closure::<dyn FnMut(DragEvent)>::new(move |ev: DragEvent| {
            let Some(data) = ev.data_transfer() else { return };
            if data.types().includes(&JsValue::from_str("Files"), 0) {
                // Whatever the files are: never opened in place of the page.
                ev.prevent_default();
            }
            let pictures = pictures_of(&data);
            if !pictures.is_empty() {
                send_pictures(doc.clone(), rich.clone(), pictures, csrf.clone(), sync.clone());
            }
        })
    };
    rich.add_event_listener_with_callback("drop", on_drop.as_ref().unchecked_ref())
        .ok()?;
    on_drop.forget();

    let on_submit = Closure::<dyn FnMut(Event)>::new(move |_: Event| sync());
    form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref())
        .ok()?;
    on_submit.forget();

    // New blocks are paragraphs (Chrome would make divs).
    exec(&doc, "defaultParagraphSeparator", "p");
    let parent = area.parent_node()?;
    parent.insert_before(&tools, Some(&area)).ok()?;
    parent.insert_before(&rich, Some(&area)).ok()?;
    form.class_list().add_1("has-editor").ok()?;
    Some(())
}

/// The pictures among the files pasted or dropped.
fn pictures_of(data: &DataTransfer) -> Vec<File> {
    let Some(files) = data.files() else {
        return Vec::new();
    };
    (0..files.length())
        .filter_map(|i| files.get(i))
        .filter(|f| f.type_().starts_with("image/"))
        .collect()
}

/// Sends each picture to the newsroom (checked and kept as the form's photos are), and
/// puts it in the text with the description the officer gives; says why when refused.
fn send_pictures(
    doc: Document,
    rich: HtmlElement,
    pictures: Vec<File>,
    csrf: String,
    sync: impl Fn() + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let Some(window) = web_sys::window() else { return };
        for file in pictures {
            match send_picture(&window, &file, &csrf).await {
                Ok(src) => {
                    let asked = window.prompt_with_message(
                        "Mô tả ảnh này bằng lời cho người không nhìn thấy (bắt buộc khi xuất bản):",
                    );
                    let alt = asked.ok().flatten().unwrap_or_default();
                    let Ok(img) = doc.create_element("img") else {
                        return;
                    };
                    let _ = img.set_attribute("src", &src);
                    let _ = img.set_attribute("alt", alt.trim());
                    caret_inside(&window, &doc, &rich);
                    exec(&doc, "insertHTML", &img.outer_html());
                    sync();
                }
                Err(why) => {
                    let _ = window.alert_with_message(&why);
                }
            }
        }
    });
}

async fn send_picture(window: &web_sys::Window, file: &File, csrf: &str) -> Result<String, String> {
    let failed = |_| "Không gửi được ảnh lên máy chủ. Vui lòng thử lại.".to_string();
    let form = FormData::new().map_err(failed)?;
    form.append_with_blob_and_filename("photo", file, &file.name())
        .map_err(failed)?;
    let headers = Headers::new().map_err(failed)?;
    headers.set("x-csrf", csrf).map_err(failed)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&form);
    init.set_headers(&headers);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let response: Response = JsFuture::from(window.fetch_with_str_and_init("/anh", &init))
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(failed)?;
    let json = JsFuture::from(response.json().map_err(failed)?)
        .await
        .map_err(failed)?;
    let field = |name: &str| {
        js_sys::Reflect::get(&json, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
    };
    match field("src") {
        Some(src) if response.ok() => Ok(src),
        _ => Err(field("loi").unwrap_or_else(|| "Không tải được ảnh.".into())),
    }
}

/// Puts the caret back in the editable area (the officer may have clicked elsewhere
/// while the picture was sent): where it was if that is inside, else at the end.
fn caret_inside(window: &web_sys::Window, doc: &Document, rich: &HtmlElement) {
    let _ = rich.focus();
    let Ok(Some(selection)) = window.get_selection() else {
        return;
    };
    let inside = selection.anchor_node().is_some_and(|n| rich.contains(Some(&n)));
    if inside {
        return;
    }
    if let Ok(range) = doc.create_range() {
        let _ = range.select_node_contents(rich);
        range.collapse_with_to_start(false);
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
    }
}
