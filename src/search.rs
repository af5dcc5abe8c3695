//! Running a search in the browser over the static index (`portal_core::search`):
//! the manifest first, then the parts `lookup` asks for (the chunks holding the
//! query's words, their word pairs for "phrases", the newest blocks of the words in
//! many documents), then the documents of the results shown. Everything fetched is
//! kept for the next query.

use std::sync::Arc;

use portal_core::api::SearchDoc;

use crate::api::FetchError;

/// One page of results.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    /// Matches found (in the documents searched).
    pub total: usize,
    pub page: u32,
    pub pages: u32,
    /// When not every document was searched (the newest first, until the page asked
    /// for was full): how many were. Older ones are searched for the pages after.
    pub searched: Option<u32>,
    pub hits: Vec<Hit>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub doc: Arc<SearchDoc>,
    /// `(text, highlighted)` pieces.
    pub snippet: Vec<(String, bool)>,
}

#[cfg(target_arch = "wasm32")]
pub use imp::run;

#[cfg(not(target_arch = "wasm32"))]
pub async fn run(_q: &str, _page: u32) -> Result<Results, FetchError> {
    // Prerendering shows the search page without results.
    Ok(Results {
        total: 0,
        page: 1,
        pages: 1,
        searched: None,
        hits: Vec::new(),
    })
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;
    use std::sync::Arc;

    use portal_core::api::{self, SearchDoc};
    use portal_core::paths::{self, Route};
    use portal_core::search::{
        article_text, document_text, has_every_word, lookup, page_text, parse_query, snippet, Loaded,
        Manifest, Part, Query, Step, RESULTS_PER_PAGE,
    };

    use super::*;

    /// Words of text around the matches, in a result.
    const SNIPPET_WORDS: usize = 32;

    /// How many pages `ranked` makes, and the ids on page `page`.
    fn page_of(ranked: &[u32], page: u32) -> (u32, Vec<u32>) {
        let pages = ranked.len().div_ceil(RESULTS_PER_PAGE).max(1) as u32;
        let page = page.clamp(1, pages);
        let shown = ranked
            .iter()
            .skip((page as usize - 1) * RESULTS_PER_PAGE)
            .take(RESULTS_PER_PAGE)
            .copied()
            .collect();
        (pages, shown)
    }

    fn hit(doc: Arc<SearchDoc>, query: &Query) -> Hit {
        let mut pieces = snippet(&doc.text, query, SNIPPET_WORDS);
        if !pieces.iter().any(|(_, h)| *h) {
            // Only the title matched: the start of the text says what the page is.
            pieces = snippet(&doc.text, &Query::default(), SNIPPET_WORDS);
        }
        Hit { doc, snippet: pieces }
    }

    use crate::api::{all, fetch_body, parse, Body, Load, Task};

    #[derive(Default)]
    struct Index {
        manifest: Option<Rc<Manifest>>,
        parts: Vec<(Part, Loaded)>,
        docs: HashMap<u32, Arc<SearchDoc>>,
    }

    thread_local! {
        static INDEX: RefCell<Index> = RefCell::default();
    }

    async fn text(url: &str) -> Result<String, FetchError> {
        match fetch_body(url, false).await? {
            Some(Body::Text(t)) => Ok(t),
            _ => Err(FetchError::Malformed),
        }
    }

    fn json<T: serde::de::DeserializeOwned>(t: &str) -> Result<T, FetchError> {
        match parse::<T>(t) {
            Load::Ready(v) => Arc::try_unwrap(v).map_err(|_| FetchError::Malformed),
            _ => Err(FetchError::Malformed),
        }
    }

    async fn manifest() -> Result<Rc<Manifest>, FetchError> {
        if let Some(m) = INDEX.with_borrow(|i| i.manifest.clone()) {
            return Ok(m);
        }
        let m: Manifest = json(&text(&paths::api_search_manifest()).await?)?;
        let m = Rc::new(m);
        INDEX.with_borrow_mut(|i| i.manifest = Some(m.clone()));
        Ok(m)
    }

    /// A part of the index, fetched and kept.
    async fn part(p: Part, m: Rc<Manifest>) -> Result<(), FetchError> {
        let Some(Body::Bytes(b)) = fetch_body(&p.path(), true).await? else {
            return Err(FetchError::Malformed);
        };
        let loaded = p.decode(&b, &m).map_err(|_| FetchError::Malformed)?;
        INDEX.with_borrow_mut(|i| i.parts.push((p, loaded)));
        Ok(())
    }

    /// What result `id` shows, fetched once. When its text is only the start and the
    /// query's words are not all in its title and that start, the whole text is read
    /// from the page's JSON, so the snippet shows where they are, and kept (without
    /// it, the start is shown).
    async fn doc(id: u32, query: Rc<Query>) -> Result<(), FetchError> {
        let shows = |d: &SearchDoc| !d.cut || has_every_word(&[&d.title, &d.text], &query);
        let held = INDEX.with_borrow(|i| i.docs.get(&id).cloned());
        let mut d = match held {
            Some(d) if shows(&d) => return Ok(()),
            Some(d) => (*d).clone(),
            None => json(&text(&paths::api_search_doc(id)).await?)?,
        };
        if !shows(&d) {
            if let Ok(whole) = whole_text(&d.url).await {
                d.text = whole;
                d.cut = false;
            }
        }
        // A whole text another search kept meanwhile stays.
        INDEX.with_borrow_mut(|i| {
            if i.docs.get(&id).is_none_or(|old| old.cut) {
                i.docs.insert(id, Arc::new(d));
            }
        });
        Ok(())
    }

    /// The text search indexed for the page at `url`, made from its JSON.
    async fn whole_text(url: &str) -> Result<String, FetchError> {
        let route = Route::parse(url);
        let api = match &route {
            Route::Article { slug } => paths::api_article(slug),
            Route::Document { slug } => paths::api_document(slug),
            Route::Page { slug } => paths::api_page(slug),
            _ => return Err(FetchError::Malformed),
        };
        let t = text(&api).await?;
        Ok(match route {
            Route::Article { .. } => {
                let a: api::Article = json(&t)?;
                article_text(a.lead.as_deref(), &a.body)
            }
            Route::Document { .. } => {
                let d: api::Document = json(&t)?;
                document_text(&d.kind.name, &d.number, &d.body.name, &d.summary, &d.notes)
            }
            _ => page_text(&json::<api::Page>(&t)?.body),
        })
    }

    /// Runs `q` and returns page `page` of its results.
    pub async fn run(q: &str, page: u32) -> Result<Results, FetchError> {
        let query = parse_query(q);
        if query.is_empty() {
            return Ok(Results {
                total: 0,
                page: 1,
                pages: 1,
                searched: None,
                hits: Vec::new(),
            });
        }
        let manifest = manifest().await?;
        // The index's parts, a round at a time, until the page asked for is full and one
        // more match says there is a next page (if older blocks are not all read).
        let want = (page as usize).saturating_mul(RESULTS_PER_PAGE) + 1;
        let found = loop {
            match INDEX.with_borrow(|i| lookup(&manifest, &query, want, &i.parts)) {
                Ok(Step::Done(found)) => break found,
                Ok(Step::Need(need)) => {
                    all(need
                        .into_iter()
                        .map(|p| Box::pin(part(p, manifest.clone())) as Task)
                        .collect())
                    .await?
                }
                Err(_) => return Err(FetchError::Malformed),
            }
        };
        let ranked = found.ranked;
        let (pages, shown) = page_of(&ranked, page);
        let query = Rc::new(query);
        let fetches = shown.iter().map(|&id| Box::pin(doc(id, query.clone())) as Task);
        all(fetches.collect()).await?;
        let docs: Vec<Arc<SearchDoc>> =
            INDEX.with_borrow(|i| shown.iter().filter_map(|id| i.docs.get(id).cloned()).collect());
        Ok(Results {
            total: ranked.len(),
            page: page.clamp(1, pages),
            pages,
            searched: (found.from > 0).then(|| manifest.docs - found.from),
            hits: docs.into_iter().map(|d| hit(d, &query)).collect(),
        })
    }
}
