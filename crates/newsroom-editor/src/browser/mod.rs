//! The editor in the page, a Leptos view: a toolbar, an editable area and a line that
//! says what is happening, in place of the body's textarea, which stays in the form
//! (hidden) and is what is sent. Every change, every paste and the sending of the form
//! write the area's content back into it as Markdown ([`crate::clean::to_markdown`]),
//! so that what is saved is what the content build reads. What is pasted is cleaned
//! before it is inserted: only the blocks an article is made of reach the page.
//!
//! The page is the server's form and works without this; the view only adds to it.

mod backup;
mod pictures;
mod progress;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlDocument, HtmlElement, HtmlFormElement, HtmlInputElement, HtmlTextAreaElement};

use crate::{clean, markdown};

/// What the toolbar does.
#[derive(Clone, Copy)]
enum Tool {
    /// A `document.execCommand` and its value.
    Command(&'static str, &'static str),
    Link,
    Table,
    TableRow,
    Picture,
    Describe,
}

const TOOLS: &[(&str, Tool)] = &[
    ("Tiêu đề mục", Tool::Command("formatBlock", "h2")),
    ("Tiêu đề nhỏ", Tool::Command("formatBlock", "h3")),
    ("Đoạn văn", Tool::Command("formatBlock", "p")),
    ("Đậm", Tool::Command("bold", "")),
    ("Nghiêng", Tool::Command("italic", "")),
    ("Danh sách", Tool::Command("insertUnorderedList", "")),
    ("Danh sách số", Tool::Command("insertOrderedList", "")),
    ("Trích dẫn", Tool::Command("formatBlock", "blockquote")),
    ("Liên kết", Tool::Link),
    ("Bảng", Tool::Table),
    ("Thêm dòng bảng", Tool::TableRow),
    ("Chèn ảnh", Tool::Picture),
    ("Mô tả ảnh", Tool::Describe),
];

/// A new table: a header row and two rows to fill.
const TABLE: &str = "<table><thead><tr><th>Cột 1</th><th>Cột 2</th></tr></thead>\
                     <tbody><tr><td>…</td><td>…</td></tr><tr><td>…</td><td>…</td></tr></tbody></table><p><br></p>";

/// What the line under the toolbar says: progress (read out politely) or a refusal
/// (read out at once).
#[derive(Clone, Default, PartialEq)]
pub(crate) enum Notice {
    #[default]
    None,
    Doing(String),
    Problem(String),
}

#[wasm_bindgen(start)]
pub fn start() {
    // A page without the body's field (or a browser without these APIs) keeps the
    // textarea.
    let _ = mount();
    progress::mount();
}

pub(crate) fn exec(doc: &Document, command: &str, value: &str) {
    if let Some(html) = doc.dyn_ref::<HtmlDocument>() {
        let _ = html.exec_command_with_show_ui_and_value(command, false, value);
    }
}

fn mount() -> Option<()> {
    let doc = document();
    let area: HtmlTextAreaElement = doc.query_selector("textarea[name=body]").ok()??.dyn_into().ok()?;
    let form = area.form()?;
    doc.query_selector("label[for=than-bai]")
        .ok()??
        .set_id("nhan-than-bai");
    // The area is described by the field's problems, not by the Markdown help it hides.
    let described = area
        .get_attribute("aria-describedby")
        .map(|d| {
            d.split_whitespace()
                .filter(|id| *id != "cach-viet")
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|d| !d.is_empty());
    // The session's token, for the pictures sent while writing.
    let csrf = form
        .query_selector("input[name=csrf]")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default();
    let host: HtmlElement = doc.create_element("div").ok()?.dyn_into().ok()?;
    host.set_class_name("body-editor");
    area.parent_node()?.insert_before(&host, Some(&area)).ok()?;
    // New blocks are paragraphs (Chrome would make divs).
    exec(&doc, "defaultParagraphSeparator", "p");
    let shown = markdown::to_html(&area.value());
    let editor = {
        let form = form.clone();
        move || view! { <Editor area=area.clone() form=form.clone() csrf described shown/> }
    };
    leptos::mount::mount_to(host, editor).forget();
    backup::mount(form);
    Some(())
}

#[component]
fn Editor(
    area: HtmlTextAreaElement,
    form: HtmlFormElement,
    csrf: String,
    described: Option<String>,
    shown: String,
) -> impl IntoView {
    let rich = NodeRef::<html::Div>::new();
    let area = StoredValue::new_local(area);
    let notice = RwSignal::new(Notice::None);
    // The picture last clicked in the text, for "Mô tả ảnh".
    let chosen = StoredValue::new_local(None::<web_sys::Element>);
    let picker = NodeRef::<html::Input>::new();
    let sync = move || {
        if let Some(r) = rich.get_untracked() {
            area.with_value(|a| a.set_value(&clean::to_markdown(&r.inner_html())));
        }
    };
    // A body put back from the tab's copy (backup) is shown.
    let restored = Closure::<dyn Fn()>::new(move || {
        if let Some(r) = rich.get_untracked() {
            area.with_value(|a| r.set_inner_html(&markdown::to_html(&a.value())));
        }
    })
    .into_js_value();
    area.with_value(|a| a.add_event_listener_with_callback(backup::RESTORED, restored.unchecked_ref()))
        .ok();
    // The form sends the text as it is when sent; the textarea gives way to the editor.
    let on_submit = Closure::<dyn Fn()>::new(sync).into_js_value();
    let _ = form.add_event_listener_with_callback("submit", on_submit.unchecked_ref());
    let _ = form.class_list().add_1("has-editor");
    let send = {
        let csrf = csrf.clone();
        move |files: Vec<web_sys::File>| {
            if let Some(r) = rich.get_untracked() {
                pictures::send(r.into(), files, csrf.clone(), notice, sync);
            }
        }
    };

    let run = move |tool: Tool| {
        let Some(r) = rich.get_untracked() else { return };
        let doc = document();
        let _ = r.focus();
        notice.set(Notice::None);
        match tool {
            Tool::Command(command, value) => exec(&doc, command, value),
            Tool::Link => match ask("Địa chỉ liên kết (bắt đầu bằng https://)", "") {
                Some(url) if safe_link(&url) => exec(&doc, "createLink", &url),
                Some(_) => notice.set(Notice::Problem(
                    "Liên kết phải bắt đầu bằng https://, http://, mailto:, tel: hoặc / (trang trong cổng)."
                        .into(),
                )),
                None => {}
            },
            Tool::Table => exec(&doc, "insertHTML", TABLE),
            Tool::TableRow => {
                if !pictures::add_row(&r) {
                    notice.set(Notice::Problem(
                        "Hãy đặt con trỏ vào một dòng của bảng trước.".into(),
                    ));
                }
            }
            Tool::Picture => {
                if let Some(input) = picker.get_untracked() {
                    input.click();
                }
            }
            Tool::Describe => match chosen.get_value().filter(|img| r.contains(Some(img))) {
                Some(img) => pictures::describe(&img),
                None => notice.set(Notice::Problem("Hãy bấm vào một ảnh trong bài trước.".into())),
            },
        }
        sync();
        // A change the browser does not announce (a picture's description, a table's
        // row): said to the form, whose copy (backup) follows its input.
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        if let Ok(changed) = web_sys::Event::new_with_event_init_dict("input", &init) {
            let _ = r.dispatch_event(&changed);
        }
    };

    let on_paste = {
        let send = send.clone();
        move |ev: web_sys::ClipboardEvent| {
            let Some(data) = ev.clipboard_data() else { return };
            let files = pictures::of(&data);
            ev.prevent_default();
            if !files.is_empty() {
                send(files);
                return;
            }
            insert_clean(&data);
            sync();
        }
    };
    // A file dragged over the area is taken here (the browser would otherwise open it
    // in place of the page, and the text not yet saved would be lost).
    let carries_files = |ev: &web_sys::DragEvent| {
        ev.data_transfer()
            .is_some_and(|d| d.types().includes(&JsValue::from_str("Files"), 0))
    };
    let on_drop = {
        let send = send.clone();
        move |ev: web_sys::DragEvent| {
            if carries_files(&ev) {
                ev.prevent_default();
            }
            let Some(data) = ev.data_transfer() else { return };
            let files = pictures::of(&data);
            if !files.is_empty() {
                send(files);
            } else if !carries_files(&ev) {
                // Text dragged from another page or program: cleaned as a paste is,
                // where it was dropped.
                ev.prevent_default();
                let doc = document();
                let at = doc.caret_position_from_point(ev.client_x() as f32, ev.client_y() as f32);
                if let (Some(at), Ok(range), Ok(Some(selection))) =
                    (at, doc.create_range(), window().get_selection())
                {
                    if let Some(node) = at.offset_node() {
                        let _ = range.set_start(&node, at.offset());
                        range.collapse_with_to_start(true);
                        let _ = selection.remove_all_ranges();
                        let _ = selection.add_range(&range);
                    }
                }
                insert_clean(&data);
                sync();
            }
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        let img = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .filter(|e| e.tag_name() == "IMG");
        if let Some(old) = chosen.get_value() {
            let _ = old.class_list().remove_1("chosen");
        }
        if let Some(img) = &img {
            let _ = img.class_list().add_1("chosen");
        }
        chosen.set_value(img);
    };
    let on_picked = move |_| {
        let Some(input) = picker.get_untracked() else {
            return;
        };
        let files = input
            .files()
            .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect());
        input.set_value("");
        if let Some(files) = files {
            send(files);
        }
    };

    view! {
        <div class="editor-tools" role="toolbar" aria-label="Định dạng nội dung" aria-controls="soan-thao">
            {TOOLS
                .iter()
                .map(|(label, tool)| {
                    let tool = *tool;
                    view! { <button type="button" on:click=move |_| run(tool)>{*label}</button> }
                })
                .collect_view()}
        </div>
        <input type="file" hidden accept="image/jpeg,image/png,image/webp" multiple
            node_ref=picker on:change=on_picked/>
        <div id="soan-thao" class="rich" contenteditable="true" role="textbox" aria-multiline="true"
            aria-labelledby="nhan-than-bai" aria-describedby=described node_ref=rich inner_html=shown
            on:input=move |_| sync() on:paste=on_paste on:drop=on_drop on:click=on_click
            on:dragover=move |ev: web_sys::DragEvent| if carries_files(&ev) { ev.prevent_default() }>
        </div>
        // Both lines stay in the page (a live region read out when its text changes).
        <p class="editor-status" role="status">
            {move || match notice.get() { Notice::Doing(text) => text, _ => String::new() }}
        </p>
        <p class="editor-status problem" role="alert">
            {move || match notice.get() { Notice::Problem(text) => text, _ => String::new() }}
        </p>
    }
}

/// What was pasted or dropped, as the blocks an article is made of: HTML cleaned to
/// the content build's Markdown and shown again; plain text, each line a paragraph.
fn insert_clean(data: &web_sys::DataTransfer) {
    let html = data.get_data("text/html").unwrap_or_default();
    let html = if html.trim().is_empty() {
        let text = data.get_data("text/plain").unwrap_or_default();
        text.lines()
            .map(|l| format!("<p>{}</p>", l.replace('&', "&amp;").replace('<', "&lt;")))
            .collect()
    } else {
        html
    };
    exec(
        &document(),
        "insertHTML",
        &markdown::to_html(&clean::to_markdown(&html)),
    );
}

/// The officer's answer to a question, trimmed; `None` when they cancel.
pub(crate) fn ask(question: &str, now: &str) -> Option<String> {
    window()
        .prompt_with_message_and_default(question, now)
        .ok()
        .flatten()
        .map(|a| a.trim().to_string())
}

/// The addresses a link in an article may have (the content build's rule).
fn safe_link(url: &str) -> bool {
    ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|p| url.starts_with(p))
        || (url.starts_with('/') && !url.starts_with("//"))
}
