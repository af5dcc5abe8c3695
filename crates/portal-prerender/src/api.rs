//! The JSON API as the content build wrote it into the build output: what the pages
//! are rendered from (the same files the app fetches).

use std::path::Path;

use portal_core::api::{Article, Document, DocumentIndex, Home, Page, SectionPage, Site, Summary};
use portal_core::paths;

/// A parsed API file with its text (pages carry the text for the app).
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

fn read<T: serde::de::DeserializeOwned>(dist: &Path, url: String) -> Result<Doc<T>, String> {
    let file = dist.join(url.trim_start_matches('/'));
    let json = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let value = serde_json::from_str(&json).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(Doc { url, json, value })
}

impl Api {
    pub fn load(dist: &Path) -> Result<Api, String> {
        let site: Doc<Site> = read(dist, paths::api_site())?;
        let home = read(dist, paths::api_home())?;
        let mut sections = Vec::new();
        let mut articles = Vec::new();
        for s in &site.value.sections {
            let first: Doc<SectionPage> = read(dist, paths::api_section(&s.slug, 1))?;
            let mut pages = vec![first];
            for n in 2..=pages[0].value.total_pages {
                pages.push(read(dist, paths::api_section(&s.slug, n))?);
            }
            for a in pages.iter().flat_map(|p| &p.value.articles) {
                articles.push(read(dist, paths::api_article(&a.slug))?);
            }
            sections.push(pages);
        }
        // Static pages: every file under pages/ (English ones in pages/en/).
        let mut slugs = Vec::new();
        let pages_dir = dist.join("api/v1/pages");
        for dir in [pages_dir.clone(), pages_dir.join("en")] {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name().into_string().unwrap_or_default();
                if let Some(stem) = name.strip_suffix(".json") {
                    let prefix = if dir == pages_dir { "" } else { "en/" };
                    slugs.push(format!("{prefix}{stem}"));
                }
            }
        }
        slugs.sort();
        let pages = slugs
            .iter()
            .map(|s| read(dist, paths::api_page(s)))
            .collect::<Result<Vec<_>, _>>()?;
        let (documents, document_docs) = if site.value.documents {
            let index: Doc<DocumentIndex> = read(dist, paths::api_documents())?;
            let docs = index
                .value
                .documents
                .iter()
                .map(|d| read(dist, paths::api_document(&d.slug)))
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
