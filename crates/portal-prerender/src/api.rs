//! The JSON API as the content build wrote it into the build output: what the pages
//! are rendered from (the same files the app fetches).

use std::path::Path;

use portal_core::api::{Article, Home, SectionPage, Site, Summary};
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
        Ok(Api {
            site,
            home,
            sections,
            articles,
        })
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
