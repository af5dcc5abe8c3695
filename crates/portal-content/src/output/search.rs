//! The search index and the texts it is made of.

use portal_core::api;
use portal_core::paths;

use super::{file_of, json};
use crate::article::Article;
use crate::Content;

/// Bytes of text a search result carries for its snippet.
pub const SEARCH_TEXT_CHARS: usize = 4000;
/// Target size of a search index chunk (uncompressed).
pub const SEARCH_CHUNK_BYTES: usize = 8 * 1024;

/// The text search indexes for an article (after its title).
fn search_text(a: &Article) -> String {
    let body = api::Block::plain(&a.body);
    match &a.lead {
        Some(lead) => format!("{lead}\n{body}"),
        None => body,
    }
}

/// What search indexes, as JSON lines `{"url","title","text"}` in index order.
pub fn text_export(content: &Content) -> String {
    content
        .articles
        .iter()
        .map(|a| {
            let line = serde_json::json!({ "url": paths::article(&a.slug), "title": a.title, "text": search_text(a) });
            format!("{line}\n")
        })
        .collect()
}

/// What one entry of the index is.
#[derive(Clone, Copy)]
enum Source {
    Article(usize),
    Document(usize),
    Page(usize),
}

/// The entry's result (what a result shows) and the text that is indexed.
fn entry(content: &Content, source: Source) -> (api::SearchDoc, String) {
    match source {
        Source::Article(i) => {
            let a = &content.articles[i];
            let text = search_text(a);
            let section = content
                .site
                .section(&a.section)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            let doc = api::SearchDoc {
                url: paths::article(&a.slug),
                title: a.title.clone(),
                section,
                published: Some(a.published),
                text: cut(&text, SEARCH_TEXT_CHARS),
                lang: None,
            };
            (doc, text)
        }
        Source::Document(i) => {
            let d = &content.documents[i];
            let notes = api::Block::plain(&d.notes);
            let text = format!("{} {} {}. {}\n{notes}", d.kind, d.number, d.body, d.summary);
            let doc = api::SearchDoc {
                url: paths::document(&d.slug),
                title: format!("{} {}: {}", d.kind, d.number, d.summary),
                section: "Văn bản".into(),
                published: issued(d),
                text: cut(&text, SEARCH_TEXT_CHARS),
                lang: None,
            };
            (doc, text)
        }
        Source::Page(i) => {
            let p = &content.pages[i];
            let text = api::Block::plain(&p.body);
            let doc = api::SearchDoc {
                url: paths::page(&p.slug),
                title: p.title.clone(),
                section: if p.lang == "en" {
                    "Trang tiếng Anh".into()
                } else {
                    "Trang thông tin".into()
                },
                published: None,
                text: cut(&text, SEARCH_TEXT_CHARS),
                lang: (p.lang != "vi").then(|| p.lang.clone()),
            };
            (doc, text)
        }
    }
}

/// A document's day of issue as an instant (midnight, Vietnam time).
fn issued(d: &crate::documents::Doc) -> Option<portal_core::Timestamp> {
    let civil = portal_core::time::Civil {
        year: d.issued.year,
        month: d.issued.month,
        day: d.issued.day,
        hour: 0,
        minute: 0,
        second: 0,
    };
    portal_core::Timestamp::from_civil(civil, 7 * 60).ok()
}

/// Documents indexed at a time: their words are made in parallel, then added in order.
const BATCH: usize = 512;

/// The search index (`search/…`, see `portal_core::search`), each file given to `emit`
/// as it is made: pages, which have no date, then articles and documents oldest first,
/// so that a new article gets the next id and no other document's id changes.
pub fn search_files(content: &Content, emit: &mut dyn FnMut(String, Vec<u8>)) {
    use portal_core::search::{doc_words, IndexBuilder, Postings};
    use rayon::prelude::*;
    let mut order: Vec<(Option<portal_core::Timestamp>, Source)> = Vec::new();
    // Articles and documents are newest first: reversed, equal times keep their order.
    for i in (0..content.articles.len()).rev() {
        order.push((Some(content.articles[i].published), Source::Article(i)));
    }
    for i in (0..content.documents.len()).rev() {
        order.push((issued(&content.documents[i]), Source::Document(i)));
    }
    for i in (0..content.pages.len()).rev() {
        order.push((None, Source::Page(i)));
    }
    order.sort_by_key(|(t, _)| *t);
    let mut builder = IndexBuilder::default();
    for batch in order.chunks(BATCH) {
        let made: Vec<(Vec<u8>, Postings)> = batch
            .par_iter()
            .map(|(_, source)| {
                let (doc, text) = entry(content, *source);
                let words = Postings::new(&doc_words(&doc.title, &text));
                (json(&doc), words)
            })
            .collect();
        for (doc, words) in made {
            let id = builder.add_postings(&words);
            emit(file_of(&paths::api_search_doc(id)), doc);
        }
    }
    let index = builder.finish(SEARCH_CHUNK_BYTES);
    emit(file_of(&paths::api_search_manifest()), json(&index.manifest));
    for (n, chunk) in index.chunks.into_iter().enumerate() {
        emit(file_of(&paths::api_search_terms(n)), chunk);
    }
    for (n, shard) in index.pair_shards.into_iter().enumerate() {
        emit(file_of(&paths::api_search_pairs(n)), shard);
    }
}

/// At most `max` characters of `text`, cut at a word boundary.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let end = text[..end].rfind(char::is_whitespace).unwrap_or(end);
    text[..end].to_string()
}
