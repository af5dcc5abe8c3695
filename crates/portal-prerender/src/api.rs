//! The JSON API as the content build rendered it: what the pages are rendered from (the
//! same documents the app fetches), read with the app's own JSON reader, so a document
//! the app could not read fails the build here.

use std::collections::BTreeMap;

use portal_core::api::{Article, Document, DocumentIndex, Home, Page, SectionPage, Site, Summary};
use portal_core::paths;

/// A parsed API document with its text (pages carry the text for the app).
pub struct Doc<T> {
    pub url: String,
    pub json: String,
    pub value: T,
}

pub struct Api {
    pub site: Doc<Site>,
    pub home: Doc<Home>,
    /// Per section, its pages in order.
    pub sections: Vec<Vec<Doc<SectionPage>>>,
    pub articles: Vec<Doc<Article>>,
    pub pages: Vec<Doc<Page>>,
    /// The documents library, if there is one.
    pub documents: Option<Doc<DocumentIndex>>,
    pub document_docs: Vec<Doc<Document>>,
}

/// The site's files by path from the site root (`api/v1/site.json`).
pub type Files = BTreeMap<String, Vec<u8>>;

fn read<T: serde::de::DeserializeOwned>(files: &Files, url: String) -> Result<Doc<T>, String> {
    let rel = url.trim_start_matches('/');
    let bytes = files
        .get(rel)
        .ok_or_else(|| format!("{rel}: không có trong API"))?;
    let json = String::from_utf8(bytes.clone()).map_err(|_| format!("{rel}: không phải UTF-8"))?;
    let value = portal_core::json::from_str(&json).map_err(|e| format!("{rel}: {e}"))?;
    Ok(Doc { url, json, value })
}

impl Api {
    pub fn load(files: &Files) -> Result<Api, String> {
        let site: Doc<Site> = read(files, paths::api_site())?;
        let home = read(files, paths::api_home())?;
        let mut sections = Vec::new();
        let mut articles = Vec::new();
        for s in &site.value.sections {
            let first: Doc<SectionPage> = read(files, paths::api_section(&s.slug, 1))?;
            let mut pages = vec![first];
            for n in 2..=pages[0].value.total_pages {
                pages.push(read(files, paths::api_section(&s.slug, n))?);
            }
            for a in pages.iter().flat_map(|p| &p.value.articles) {
                articles.push(read(files, paths::api_article(&a.slug))?);
            }
            sections.push(pages);
        }
        // Static pages: every document under pages/ (English ones in pages/en/).
        let prefix = paths::api_page("")
            .trim_start_matches('/')
            .trim_end_matches(".json")
            .to_string();
        let pages = files
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix)?.strip_suffix(".json"))
            .map(|slug| read(files, paths::api_page(slug)))
            .collect::<Result<Vec<_>, _>>()?;
        let (documents, document_docs) = if site.value.documents {
            let index: Doc<DocumentIndex> = read(files, paths::api_documents())?;
            let docs = index
                .value
                .documents
                .iter()
                .map(|d| read(files, paths::api_document(&d.slug)))
                .collect::<Result<Vec<_>, _>>()?;
            (Some(index), docs)
        } else {
            (None, Vec::new())
        };
        Ok(Api {
            site,
            home,
            sections,
            articles,
            pages,
            documents,
            document_docs,
        })
    }

    /// Every document's JSON by URL.
    pub fn json_by_url(&self) -> std::collections::HashMap<&str, &str> {
        let mut m = std::collections::HashMap::new();
        m.insert(self.site.url.as_str(), self.site.json.as_str());
        m.insert(self.home.url.as_str(), self.home.json.as_str());
        for p in self.sections.iter().flatten() {
            m.insert(p.url.as_str(), p.json.as_str());
        }
        for a in &self.articles {
            m.insert(a.url.as_str(), a.json.as_str());
        }
        for p in &self.pages {
            m.insert(p.url.as_str(), p.json.as_str());
        }
        if let Some(d) = &self.documents {
            m.insert(d.url.as_str(), d.json.as_str());
        }
        for d in &self.document_docs {
            m.insert(d.url.as_str(), d.json.as_str());
        }
        m
    }

    /// Every article's summary, newest first.
    pub fn summaries(&self) -> Vec<&Summary> {
        let mut all: Vec<&Summary> = self
            .sections
            .iter()
            .flatten()
            .flat_map(|p| &p.value.articles)
            .collect();
        all.sort_by_key(|s| std::cmp::Reverse(s.published));
        all
    }
}
