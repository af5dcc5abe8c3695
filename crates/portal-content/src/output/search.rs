//! The search index and the texts it is made of.

use std::sync::Arc;

use portal_core::api;
use portal_core::paths;
use portal_core::search::{article_text, doc_words, document_text, page_text, IndexBuilder, Postings};

use super::{file_of, fingerprint, json};
use crate::article::Article;
use crate::documents::Doc;
use crate::pages::StaticPage;
use crate::Content;

/// Characters of text a search result carries for its snippet (a match further on shows
/// the start of the text): enough for the lead and first paragraphs, small enough that
/// a page of ten results stays a few kilobytes.
pub const SEARCH_TEXT_CHARS: usize = 500;
/// Target size of a search index chunk (uncompressed).
pub const SEARCH_CHUNK_BYTES: usize = 8 * 1024;
/// Documents per block of the search index: a word in more than a chunk's worth of
/// documents is written a block at a time, and the first page of results reads only
/// the newest blocks (`portal_core::search::lookup`).
pub const SEARCH_BLOCK_DOCS: u32 = 4096;

/// What search indexes, as JSON lines `{"url","title","text"}` in index order (line
/// *n* is result *n*: the benchmark checks results against it).
pub fn text_export(content: &Content) -> String {
    entries(content)
        .iter()
        .map(|e| {
            let (doc, text) = entry(content, &e.source);
            let line = serde_json::json!({ "url": doc.url, "title": doc.title, "text": text });
            format!("{line}\n")
        })
        .collect()
}

/// What one entry of the index is made from.
#[derive(Clone)]
enum Source {
    Article(Arc<Article>),
    Document(Arc<Doc>),
    Page(Arc<StaticPage>),
}

/// The entry's result (what a result shows) and the text that is indexed.
fn entry(content: &Content, source: &Source) -> (api::SearchDoc, String) {
    match source {
        Source::Article(a) => {
            let text = article_text(a.lead.as_deref(), &a.body);
            let doc = api::SearchDoc {
                url: paths::article(&a.slug),
                title: a.title.clone(),
                section: section_name(content, a),
                published: Some(a.published),
                text: start(&text),
                cut: text.chars().nth(SEARCH_TEXT_CHARS).is_some(),
                lang: None,
            };
            (doc, text)
        }
        Source::Document(d) => {
            let text = document_text(&d.kind, &d.number, &d.body, &d.summary, &d.notes);
            let doc = api::SearchDoc {
                url: paths::document(&d.slug),
                title: format!("{} {}: {}", d.kind, d.number, d.summary),
                section: "Văn bản".into(),
                published: issued(d),
                text: start(&text),
                cut: text.chars().nth(SEARCH_TEXT_CHARS).is_some(),
                lang: None,
            };
            (doc, text)
        }
        Source::Page(p) => {
            let text = page_text(&p.body);
            let doc = api::SearchDoc {
                url: paths::page(&p.slug),
                title: p.title.clone(),
                section: if p.lang == "en" {
                    "Trang tiếng Anh".into()
                } else {
                    "Trang thông tin".into()
                },
                published: None,
                text: start(&text),
                cut: text.chars().nth(SEARCH_TEXT_CHARS).is_some(),
                lang: (p.lang != "vi").then(|| p.lang.clone()),
            };
            (doc, text)
        }
    }
}

fn section_name(content: &Content, a: &Article) -> String {
    content
        .site
        .section(&a.section)
        .map(|s| s.name.clone())
        .unwrap_or_default()
}

/// A document's day of issue as an instant (midnight, Vietnam time).
fn issued(d: &Doc) -> Option<portal_core::Timestamp> {
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

/// An entry of the index: where it leads (what it is), a fingerprint of everything its
/// result and its words are made of, and what it is made from.
#[derive(Clone)]
struct Indexed {
    url: String,
    key: u64,
    source: Source,
}

impl Indexed {
    fn postings(&self, content: &Content) -> Postings {
        let (doc, text) = entry(content, &self.source);
        Postings::new(&doc_words(&doc.title, &text))
    }
}

/// How the search index is cut: chunks of about `chunk_bytes`, blocks of `block_docs`
/// documents ([`SEARCH_CHUNK_BYTES`], [`SEARCH_BLOCK_DOCS`]; tests make them small, so
/// that a small site has words written a block at a time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SearchSizes {
    pub chunk_bytes: usize,
    pub block_docs: u32,
}

impl Default for SearchSizes {
    fn default() -> Self {
        SearchSizes {
            chunk_bytes: SEARCH_CHUNK_BYTES,
            block_docs: SEARCH_BLOCK_DOCS,
        }
    }
}

/// The search index of a builder that stays (the newsroom): the entries by id and the
/// words of all of them, so that the next build adds, removes and renumbers only the
/// entries that changed and encodes only the chunks and shards that did.
#[derive(Default)]
pub struct SearchIndex {
    entries: Vec<Indexed>,
    builder: IndexBuilder,
    sizes: SearchSizes,
}

impl SearchIndex {
    pub fn new(sizes: SearchSizes) -> SearchIndex {
        SearchIndex {
            sizes,
            ..SearchIndex::default()
        }
    }
}

/// A file of the index to write: its path in the site, its bytes, and the key of what
/// it was made from.
pub type SearchFile = (String, Vec<u8>, u64);

/// Documents indexed at a time: their words are made in parallel, then added in order.
const BATCH: usize = 512;

/// The entries in index order: pages, which have no date, then articles and documents
/// oldest first, so that a new article gets the next id and no other entry's id
/// changes.
fn entries(content: &Content) -> Vec<Indexed> {
    let mut order: Vec<(Option<portal_core::Timestamp>, Indexed)> = Vec::new();
    // Articles and documents are newest first: reversed, equal times keep their order.
    for a in content.articles.iter().rev() {
        let section = content.site.section(&a.section).map(|s| s.name.as_str());
        let key = fingerprint(&(a.hash, section));
        let url = paths::article(&a.slug);
        order.push((
            Some(a.published),
            Indexed {
                url,
                key,
                source: Source::Article(Arc::clone(a)),
            },
        ));
    }
    for d in content.documents.iter().rev() {
        let key = d.hash;
        let url = paths::document(&d.slug);
        order.push((
            issued(d),
            Indexed {
                url,
                key,
                source: Source::Document(Arc::clone(d)),
            },
        ));
    }
    for p in content.pages.iter().rev() {
        let key = fingerprint(&format!("{p:?}"));
        let url = paths::page(&p.slug);
        order.push((
            None,
            Indexed {
                url,
                key,
                source: Source::Page(Arc::new(p.clone())),
            },
        ));
    }
    order.sort_by_key(|(t, _)| *t);
    order.into_iter().map(|(_, e)| e).collect()
}

/// The search index (`search/…`, see `portal_core::search`), brought up to date in
/// `index` (empty for a build from nothing). Each result's file is first offered to
/// `keep` with its key (true: the output has it as it would be made); the others, and
/// the manifest, chunks and shards, are given to `emit` (file, bytes, key) in batches
/// as they are made.
pub fn search_files(
    content: &Content,
    index: &mut SearchIndex,
    keep: &(dyn Fn(&str, u64) -> bool + Sync),
    emit: &mut dyn FnMut(Vec<SearchFile>),
) {
    use rayon::prelude::*;
    let new = entries(content);
    let old = std::mem::take(&mut index.entries);
    // The entries that stay, in order (old id → new id).
    let by_url: rustc_hash::FxHashMap<&str, usize> =
        old.iter().enumerate().map(|(i, e)| (e.url.as_str(), i)).collect();
    let mut new_of_old: Vec<Option<u32>> = vec![None; old.len()];
    let mut added: Vec<u32> = Vec::new();
    let mut last_kept: Option<usize> = None;
    for (i, e) in new.iter().enumerate() {
        match by_url.get(e.url.as_str()) {
            Some(&j) if old[j].key == e.key && last_kept.is_none_or(|l| j > l) => {
                new_of_old[j] = Some(i as u32);
                last_kept = Some(j);
            }
            _ => added.push(i as u32),
        }
    }
    // Removed (or changed): their words out, as they were added.
    let gone: Vec<usize> = (0..old.len()).filter(|&j| new_of_old[j].is_none()).collect();
    let removed: Vec<(usize, Postings)> = gone.par_iter().map(|&j| (j, old[j].postings(content))).collect();
    for (j, postings) in &removed {
        index.builder.remove(*j as u32, postings);
    }
    // The others take their new ids (most often the same).
    let from = (0..old.len()).find(|&j| new_of_old[j].is_some_and(|n| n != j as u32));
    let docs = new.len() as u32;
    match from {
        Some(from) => index.builder.renumber(
            from as u32,
            &|d| new_of_old[d as usize].expect("only entries that stay"),
            docs,
        ),
        None => index.builder.set_docs(docs),
    }
    // New and changed entries: their words in, in order, a batch at a time.
    for batch in added.chunks(BATCH) {
        let made: Vec<Postings> = batch
            .par_iter()
            .map(|&i| new[i as usize].postings(content))
            .collect();
        for (&i, postings) in batch.iter().zip(&made) {
            index.builder.insert(i, postings);
        }
    }
    // Each result's file: kept when the output has it from the same entry.
    for (b, batch) in new.chunks(4 * BATCH).enumerate() {
        let files: Vec<SearchFile> = batch
            .par_iter()
            .enumerate()
            .filter_map(|(k, e)| {
                let file = file_of(&paths::api_search_doc((b * 4 * BATCH + k) as u32));
                if keep(&file, e.key) {
                    return None;
                }
                Some((file, json(&entry(content, &e.source).0), e.key))
            })
            .collect();
        if !files.is_empty() {
            emit(files);
        }
    }
    // The chunks, shards and blocks whose words changed are made again.
    let plan = index
        .builder
        .plan(index.sizes.chunk_bytes, index.sizes.block_docs);
    let builder = &index.builder;
    let parts: Vec<SearchFile> = plan
        .parts
        .par_iter()
        .filter_map(|&(part, key)| {
            let file = file_of(&part.path());
            (!keep(&file, key)).then(|| (file, builder.bytes(&plan, part), key))
        })
        .collect();
    let mut rest = vec![(file_of(&paths::api_search_manifest()), json(&plan.manifest), 0)];
    rest.extend(parts);
    emit(rest);
    index.entries = new;
}

/// The start of `text` a search document carries: at most [`SEARCH_TEXT_CHARS`]
/// characters, cut at a word boundary.
fn start(text: &str) -> String {
    let Some((end, _)) = text.char_indices().nth(SEARCH_TEXT_CHARS) else {
        return text.to_string();
    };
    let end = text[..end].rfind(char::is_whitespace).unwrap_or(end);
    text[..end].to_string()
}
