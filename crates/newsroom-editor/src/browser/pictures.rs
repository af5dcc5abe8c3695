//! Pictures and tables in the text: pictures pasted, dropped or chosen (on a phone,
//! taken with its camera) are sent to the newsroom, which checks and keeps them as it
//! does the form's photo, and put in the text with the description the officer gives;
//! a picture's description and caption can be changed; a table grows by a row.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DataTransfer, Document, Element, File, FormData, Headers, HtmlElement, RequestInit, Response};

use super::{ask, exec, Notice};

const ALT_QUESTION: &str = "Mô tả ảnh này bằng lời cho người không nhìn thấy (bắt buộc khi xuất bản):";

/// The pictures among the files pasted or dropped.
pub fn of(data: &DataTransfer) -> Vec<File> {
    let Some(files) = data.files() else {
        return Vec::new();
    };
    (0..files.length())
        .filter_map(|i| files.get(i))
        .filter(|f| f.type_().starts_with("image/"))
        .collect()
}

/// Sends each picture, saying so while it goes, and puts it in the text; says why
/// when one is refused.
pub fn send(
    rich: HtmlElement,
    pictures: Vec<File>,
    csrf: String,
    notice: RwSignal<Notice>,
    sync: impl Fn() + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let doc = document();
        for file in pictures {
            notice.set(Notice::Doing(format!("Đang gửi ảnh “{}”…", file.name())));
            match send_one(&file, &csrf).await {
                Ok(src) => {
                    let alt = ask(ALT_QUESTION, "").unwrap_or_default();
                    let Ok(img) = doc.create_element("img") else {
                        return;
                    };
                    let _ = img.set_attribute("src", &src);
                    let _ = img.set_attribute("alt", &alt);
                    caret_inside(&doc, &rich);
                    exec(&doc, "insertHTML", &img.outer_html());
                    sync();
                    notice.set(Notice::Doing(format!("Đã chèn ảnh “{}”.", file.name())));
                }
                Err(why) => notice.set(Notice::Problem(format!("Ảnh “{}”: {why}", file.name()))),
            }
        }
    });
}

async fn send_one(file: &File, csrf: &str) -> Result<String, String> {
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
    let response: Response = JsFuture::from(window().fetch_with_str_and_init("/anh", &init))
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
/// while the picture was sent): where it was if that is inside, else at the end; and
/// after a table rather than in one of its cells (a table's cells hold text only).
fn caret_inside(doc: &Document, rich: &HtmlElement) {
    let _ = rich.focus();
    let Ok(Some(selection)) = window().get_selection() else {
        return;
    };
    let Ok(range) = doc.create_range() else { return };
    let anchor = selection.anchor_node().filter(|n| rich.contains(Some(n)));
    let table = anchor
        .as_ref()
        .and_then(|n| match n.clone().dyn_into::<Element>() {
            Ok(e) => Some(e),
            Err(n) => n.parent_element(),
        })
        .and_then(|e| e.closest("table").ok().flatten());
    match (anchor, table) {
        (Some(_), None) => {
            // Where the officer left it; a selection is kept (what is put replaces it).
            return;
        }
        (_, Some(table)) => {
            let _ = range.set_start_after(&table);
        }
        (None, None) => {
            let _ = range.select_node_contents(rich);
            range.collapse_with_to_start(false);
        }
    }
    let _ = selection.remove_all_ranges();
    let _ = selection.add_range(&range);
}

/// Asks for a picture's description and caption again (the caption is the Markdown
/// title, shown under the picture on the portal).
pub fn describe(img: &Element) {
    let Some(alt) = ask(ALT_QUESTION, &img.get_attribute("alt").unwrap_or_default()) else {
        return;
    };
    let _ = img.set_attribute("alt", &alt);
    let now = img.get_attribute("title").unwrap_or_default();
    if let Some(caption) = ask("Chú thích hiện dưới ảnh (để trống nếu không cần):", &now) {
        if caption.is_empty() {
            let _ = img.remove_attribute("title");
        } else {
            let _ = img.set_attribute("title", &caption);
        }
    }
}

/// Adds an empty row after the table row the caret is in; `false` when it is in none.
pub fn add_row(rich: &HtmlElement) -> bool {
    let row = window()
        .get_selection()
        .ok()
        .flatten()
        .and_then(|s| s.anchor_node())
        .filter(|n| rich.contains(Some(n)))
        .and_then(|n| match n.dyn_into::<Element>() {
            Ok(e) => Some(e),
            Err(n) => n.parent_element(),
        })
        .and_then(|e| e.closest("tr").ok().flatten());
    let Some(row) = row else { return false };
    let Ok(new) = document().create_element("tr") else {
        return false;
    };
    new.set_inner_html(&"<td>…</td>".repeat(row.children().length() as usize));
    // Under the header row, the new row is the first of the body.
    let in_header = row.parent_element().is_some_and(|p| p.tag_name() == "THEAD");
    if !in_header {
        return row.after_with_node_1(&new).is_ok();
    }
    let body = row
        .closest("table")
        .ok()
        .flatten()
        .and_then(|t| t.query_selector("tbody").ok().flatten());
    body.is_some_and(|b| b.prepend_with_node_1(&new).is_ok())
}
