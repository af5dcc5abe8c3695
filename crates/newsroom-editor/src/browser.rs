//! The editor in the page: a toolbar and an editable area in place of the body's
//! textarea, which stays in the form (hidden) and is what is sent. Every change, every
//! paste and the sending of the form write the area's content back into it as Markdown
//! ([`crate::clean::to_markdown`]), so that what is saved is what the content build
//! reads. What is pasted is cleaned before it is inserted: only the blocks an article
//! is made of reach the page.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, Document, Event, HtmlDocument, HtmlElement, HtmlTextAreaElement};

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

    let on_paste = {
        let (doc, sync) = (doc.clone(), sync.clone());
        Closure::<dyn FnMut(ClipboardEvent)>::new(move |ev: ClipboardEvent| {
            let Some(data) = ev.clipboard_data() else { return };
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
