//! The text each kind of result is searched by (after its title). The content build
//! indexes it and cuts its start into the result's search document; the app makes it
//! again from the page's JSON when a result's matches lie beyond that start, so the
//! snippet shows them.

use crate::api::Block;

/// An article: its lead, then its body.
pub fn article_text(lead: Option<&str>, body: &[Block]) -> String {
    let body = Block::plain(body);
    match lead {
        Some(lead) => format!("{lead}\n{body}"),
        None => body,
    }
}

/// A document (văn bản): its type, number, issuing body and summary, then its notes.
pub fn document_text(kind: &str, number: &str, body: &str, summary: &str, notes: &[Block]) -> String {
    format!("{kind} {number} {body}. {summary}\n{}", Block::plain(notes))
}

/// A static page: its body.
pub fn page_text(body: &[Block]) -> String {
    Block::plain(body)
}
