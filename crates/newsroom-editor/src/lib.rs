//! Tòa soạn's body editor. An article's body is stored as the content build's Markdown;
//! officers see and edit it as text with headings, lists, quotes, tables, bold, italic
//! and links, and paste from Word, Google Docs or a web page keeping exactly those.
//!
//! [`markdown::to_html`] shows the Markdown; [`clean::to_markdown`] turns the editor's
//! content — and whatever is pasted into it — back into Markdown. Both run natively in
//! the tests and in the browser (`browser`: a Leptos view, Wasm), where the form's textarea stays
//! the field that is sent: without scripts, it is edited as text.

pub mod clean;
pub mod markdown;

#[cfg(target_arch = "wasm32")]
mod browser;
