//! What the content becomes: the JSON API (`docs/api.md`), and the media and
//! attachments to publish.
//!
//! [`Model`] holds the lists the API is made of (each section's articles, the documents
//! with each filter, newest first) and renders any one file of it on demand, so the site
//! build can render, compare and write one file at a time, in parallel, and skip what
//! did not change ([`Model::article_key`]). [`render`] renders them all, for tests and
//! small sites.

pub(crate) mod documents;
mod search;

use std::collections::{BTreeMap, HashMap};

use portal_core::api::{self, SectionRef, Summary};
use portal_core::paths;
use portal_core::Timestamp;

use crate::article::Article;
use crate::pages::{Menu, StaticPage};
use crate::Content;

pub use documents::DocList;
pub use search::{
    search_files, text_export, SearchIndex, SearchSizes, SEARCH_BLOCK_DOCS, SEARCH_CHUNK_BYTES,
    SEARCH_TEXT_CHARS,
};

/// Featured articles on the home page.
pub const HOME_FEATURED: usize = 5;
/// Latest articles per section on the home page.
pub const HOME_PER_SECTION: usize = 4;
/// "Các tin khác" under an article.
pub const RELATED: usize = 5;

/// The site's files by path from the site root (`api/v2/articles/x.json`,
/// `media/a.svg`) → contents.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The file of a site path (`/api/v2/site.json` → `api/v2/site.json`).
pub fn file_of(url: &str) -> String {
    url.trim_start_matches('/').to_string()
}

pub fn json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("API types always serialise")
}

pub fn summary(a: &Article) -> Summary {
    Summary {
        slug: a.slug.clone(),
        title: a.title.clone(),
        published: a.published,
        section: a.section.clone(),
        summary: a.summary.clone(),
        image: a.image.clone(),
    }
}

/// A hash for deciding whether something changed (not for security).
pub fn fingerprint<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::BuildHasher;
    // A fixed key: the same value has the same fingerprint in every run.
    std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(value)
}

/// The lists of the site, by which every file of the API is rendered.
pub struct Model<'c> {
    pub content: &'c Content,
    /// Per section slug: its articles (indices into `content.articles`), newest first.
    by_section: HashMap<&'c str, Vec<usize>>,
    /// Per article: its position in its section's list.
    position: Vec<usize>,
    site_json: Vec<u8>,
    pub documents: documents::Lists,
}

impl<'c> Model<'c> {
    pub fn new(content: &'c Content) -> Self {
        let mut by_section: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut position = vec![0; content.articles.len()];
        for (i, a) in content.articles.iter().enumerate() {
            let list = by_section.entry(a.section.as_str()).or_default();
            position[i] = list.len();
            list.push(i);
        }
        let mut model = Model {
            content,
            by_section,
            position,
            site_json: Vec::new(),
            documents: documents::Lists::new(content),
        };
        model.site_json = json(&model.site());
        model
    }

    fn section_ref(&self, slug: &str) -> SectionRef {
        let s = self.content.site.section(slug).expect("validated");
        SectionRef {
            slug: s.slug.clone(),
            name: s.name.clone(),
        }
    }

    /// A section's articles, newest first.
    pub fn section_articles(&self, slug: &str) -> &[usize] {
        self.by_section.get(slug).map_or(&[], Vec::as_slice)
    }

    pub fn site(&self) -> api::Site {
        let c = self.content;
        let site = &c.site;
        api::Site {
            api_version: api::API_VERSION,
            name: site.name.clone(),
            unit_name: site.unit_name.clone(),
            unit_type: site.unit_type.clone(),
            description: site.description.clone(),
            base_url: site.base_url.clone(),
            emblem: site.emblem.clone(),
            sample_content: site.sample_content,
            contact: site.contact.clone(),
            sections: site.sections.iter().map(|s| self.section_ref(&s.slug)).collect(),
            menu_before: menu(c, Menu::Before),
            menu_after: menu(c, Menu::After),
            documents: !c.documents.is_empty(),
            related_links: site.related_links.clone(),
            analytics: site.analytics.clone(),
        }
    }

    /// `site.json`, which every page needs.
    pub fn site_json(&self) -> &[u8] {
        &self.site_json
    }

    pub fn home(&self) -> api::Home {
        let c = self.content;
        let site = &c.site;
        let summaries = |ids: &mut dyn Iterator<Item = usize>| -> Vec<Summary> {
            ids.map(|i| summary(&c.articles[i])).collect()
        };
        // The featured box: featured articles, topped up with the featured section's latest.
        let mut featured: Vec<usize> = c
            .articles
            .iter()
            .enumerate()
            .filter(|(_, a)| a.featured)
            .map(|(i, _)| i)
            .take(HOME_FEATURED)
            .collect();
        if let Some(slug) = &site.featured_section {
            let more: Vec<usize> = self
                .section_articles(slug)
                .iter()
                .copied()
                .filter(|&i| !c.articles[i].featured)
                .take(HOME_FEATURED.saturating_sub(featured.len()))
                .collect();
            featured.extend(more);
            // Newest first (articles are): by index.
            featured.sort_unstable();
        }
        api::Home {
            featured_section: site.featured_section.as_deref().map(|s| self.section_ref(s)),
            featured: summaries(&mut featured.into_iter()),
            sections: site
                .sections
                .iter()
                .filter(|s| site.featured_section.as_ref() != Some(&s.slug))
                .map(|s| api::HomeSection {
                    slug: s.slug.clone(),
                    name: s.name.clone(),
                    articles: summaries(
                        &mut self
                            .section_articles(&s.slug)
                            .iter()
                            .copied()
                            .take(HOME_PER_SECTION),
                    ),
                })
                .collect(),
        }
    }

    /// Every page of every section: `(slug, page)` (0 the front page).
    pub fn section_pages(&self) -> Vec<(&'c str, u32)> {
        self.content
            .site
            .sections
            .iter()
            .flat_map(|s| {
                let n = self.section_articles(&s.slug).len();
                (0..=paths::archive_pages(n)).map(move |p| (s.slug.as_str(), p))
            })
            .collect()
    }

    /// The articles of a section's page, by index.
    pub fn section_page_articles(&self, slug: &str, page: u32) -> &[usize] {
        let all = self.section_articles(slug);
        paths::page_range(all.len(), page).map_or(&[], |r| &all[r])
    }

    pub fn section_page(&self, slug: &str, page: u32) -> api::SectionPage {
        let s = self.content.site.section(slug).expect("validated");
        let all = self.section_articles(slug);
        api::SectionPage {
            slug: s.slug.clone(),
            name: s.name.clone(),
            description: s.description.clone(),
            page,
            archive_pages: paths::archive_pages_on(all.len(), page),
            total_articles: (page == 0).then_some(all.len() as u32),
            articles: self
                .section_page_articles(slug, page)
                .iter()
                .map(|&i| summary(&self.content.articles[i]))
                .collect(),
        }
    }

    /// "Các tin khác" of article `i`: the [`RELATED`] articles of its section published
    /// just before it, newest first; for the oldest ones, those after it complete the
    /// list. A newer article changes none of them.
    pub fn related(&self, i: usize) -> Vec<usize> {
        let a = &self.content.articles[i];
        let list = self.section_articles(&a.section);
        let at = self.position[i];
        let mut out: Vec<usize> = list[at + 1..].iter().copied().take(RELATED).collect();
        if out.len() < RELATED {
            let missing = RELATED - out.len();
            out.splice(0..0, list[at.saturating_sub(missing)..at].iter().copied());
        }
        out
    }

    /// What article `i`'s JSON (and page) is made of, as one number: its file, the
    /// titles and times of its related articles, its section's name. Equal keys, equal
    /// files.
    pub fn article_key(&self, i: usize) -> u64 {
        let a = &self.content.articles[i];
        let related: Vec<(&str, &str, Timestamp)> = self
            .related(i)
            .into_iter()
            .map(|r| {
                let r = &self.content.articles[r];
                (r.slug.as_str(), r.title.as_str(), r.published)
            })
            .collect();
        let section = self.content.site.section(&a.section).map(|s| &s.name);
        fingerprint(&(a.hash, &related, section))
    }

    /// What page `page` of a section's list (its JSON and its page) is made of, as one
    /// number, without making it.
    pub fn section_page_key(&self, slug: &str, page: u32) -> u64 {
        let s = self.content.site.section(slug).expect("validated");
        let all = self.section_articles(slug);
        let items: Vec<u64> = self
            .section_page_articles(slug, page)
            .iter()
            .map(|&i| self.content.articles[i].summary_hash)
            .collect();
        fingerprint(&(
            &s.slug,
            &s.name,
            &s.description,
            page,
            paths::archive_pages_on(all.len(), page),
            (page == 0).then_some(all.len()),
            items,
        ))
    }

    pub fn article(&self, i: usize) -> api::Article {
        let a = &self.content.articles[i];
        api::Article {
            slug: a.slug.clone(),
            title: a.title.clone(),
            published: a.published,
            section: self.section_ref(&a.section),
            lead: a.lead.clone(),
            summary: a.summary.clone(),
            image: a.image.clone(),
            author: a.author.clone(),
            body: a.body.clone(),
            related: self
                .related(i)
                .into_iter()
                .map(|r| Summary {
                    section: String::new(),
                    summary: String::new(),
                    image: None,
                    ..summary(&self.content.articles[r])
                })
                .collect(),
        }
    }

    /// `pages/<slug>.json`.
    pub fn page(&self, p: &StaticPage) -> api::Page {
        let c = self.content;
        api::Page {
            slug: p.slug.clone(),
            title: p.title.clone(),
            lang: p.lang.clone(),
            description: p.description.clone(),
            body: p.body.clone(),
            translation: p
                .translation
                .as_ref()
                .and_then(|t| c.pages.iter().find(|o| &o.slug == t))
                .map(page_ref),
            links: if p.public_services {
                c.site.public_services.clone()
            } else {
                Vec::new()
            },
        }
    }
}

fn page_ref(p: &StaticPage) -> api::PageRef {
    api::PageRef {
        slug: p.slug.clone(),
        title: p.title.clone(),
        lang: p.lang.clone(),
    }
}

/// The Vietnamese pages of the menu at `at`, by their `order`.
fn menu(content: &Content, at: Menu) -> Vec<api::PageRef> {
    let mut pages: Vec<&StaticPage> = content
        .pages
        .iter()
        .filter(|p| p.menu == Some(at) && p.lang == "vi")
        .collect();
    pages.sort_by_key(|p| p.order);
    pages.into_iter().map(page_ref).collect()
}

/// Renders every file: the API and the media and attachments to publish.
pub fn render(content: &Content) -> Files {
    let m = Model::new(content);
    let mut files = Files::new();
    for (url, bytes) in &content.assets {
        files.insert(file_of(url), bytes.to_vec());
    }
    files.insert(file_of(&paths::api_site()), m.site_json().to_vec());
    files.insert(file_of(&paths::api_home()), json(&m.home()));
    for (slug, page) in m.section_pages() {
        files.insert(
            file_of(&paths::api_section(slug, page)),
            json(&m.section_page(slug, page)),
        );
    }
    for (i, a) in content.articles.iter().enumerate() {
        files.insert(file_of(&paths::api_article(&a.slug)), json(&m.article(i)));
    }
    for p in &content.pages {
        files.insert(file_of(&paths::api_page(&p.slug)), json(&m.page(p)));
    }
    m.documents.render(content, &mut files);
    search_files(
        content,
        &mut SearchIndex::default(),
        &|_, _| false,
        &mut |batch| {
            for (f, b, _) in batch {
                files.insert(f, b);
            }
        },
    );
    files
}
