//! The JSON API files, and writing them so that readers never see half a build.

use std::collections::BTreeMap;

use portal_core::api::{self, SectionRef, Summary};
use portal_core::paths::{self, PAGE_SIZE};

use crate::article::Article;
use crate::pages::{Menu, StaticPage};
use crate::Content;

/// Featured articles on the home page.
pub const HOME_FEATURED: usize = 5;
/// Latest articles per section on the home page.
pub const HOME_PER_SECTION: usize = 4;
/// "Các tin khác" under an article.
pub const RELATED: usize = 5;

/// The site's files by path from the site root (`api/v1/articles/x.json`,
/// `media/a.svg`) → contents.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The file of a site path (`/api/v1/site.json` → `api/v1/site.json`).
fn key(url: &str) -> String {
    url.trim_start_matches('/').to_string()
}

fn summary(a: &Article) -> Summary {
    Summary {
        slug: a.slug.clone(),
        title: a.title.clone(),
        published: a.published,
        section: a.section.clone(),
        summary: a.summary.clone(),
        image: a.image.clone(),
    }
}

fn json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("API types always serialise")
}

/// Renders the API (`api/v1/…`) and the media and attachments to publish.
pub fn render(content: &Content) -> Files {
    let site = &content.site;
    let mut files = Files::new();
    for (url, bytes) in &content.assets {
        files.insert(key(url), bytes.clone());
    }
    let section_ref = |slug: &str| {
        let s = site.section(slug).expect("validated");
        SectionRef {
            slug: s.slug.clone(),
            name: s.name.clone(),
        }
    };
    files.insert(
        key(&paths::api_site()),
        json(&api::Site {
            api_version: api::API_VERSION,
            name: site.name.clone(),
            unit_name: site.unit_name.clone(),
            unit_type: site.unit_type.clone(),
            description: site.description.clone(),
            base_url: site.base_url.clone(),
            emblem: site.emblem.clone(),
            sample_content: site.sample_content,
            contact: site.contact.clone(),
            sections: site.sections.iter().map(|s| section_ref(&s.slug)).collect(),
            menu_before: menu(content, Menu::Before),
            menu_after: menu(content, Menu::After),
            documents: !content.documents.is_empty(),
            related_links: site.related_links.clone(),
            analytics: site.analytics.clone(),
        }),
    );
    render_pages(content, &mut files);
    render_documents(content, &mut files);

    let by_section =
        |slug: &str| -> Vec<&Article> { content.articles.iter().filter(|a| a.section == slug).collect() };
    // The featured box: featured articles, topped up with the featured section's latest.
    let mut featured: Vec<&Article> = content
        .articles
        .iter()
        .filter(|a| a.featured)
        .take(HOME_FEATURED)
        .collect();
    if let Some(slug) = &site.featured_section {
        let more: Vec<&Article> = by_section(slug)
            .into_iter()
            .filter(|a| !a.featured)
            .take(HOME_FEATURED.saturating_sub(featured.len()))
            .collect();
        featured.extend(more);
        featured.sort_by_key(|a| std::cmp::Reverse(a.published));
    }
    files.insert(
        key(&paths::api_home()),
        json(&api::Home {
            featured_section: site.featured_section.as_deref().map(section_ref),
            featured: featured.into_iter().map(summary).collect(),
            sections: site
                .sections
                .iter()
                .filter(|s| site.featured_section.as_ref() != Some(&s.slug))
                .map(|s| api::HomeSection {
                    slug: s.slug.clone(),
                    name: s.name.clone(),
                    articles: by_section(&s.slug)
                        .into_iter()
                        .take(HOME_PER_SECTION)
                        .map(summary)
                        .collect(),
                })
                .collect(),
        }),
    );

    for s in &site.sections {
        let all = by_section(&s.slug);
        let total_pages = all.len().div_ceil(PAGE_SIZE).max(1);
        for page in 1..=total_pages {
            let articles = all
                .iter()
                .skip((page - 1) * PAGE_SIZE)
                .take(PAGE_SIZE)
                .map(|a| summary(a))
                .collect();
            files.insert(
                key(&paths::api_section(&s.slug, page as u32)),
                json(&api::SectionPage {
                    slug: s.slug.clone(),
                    name: s.name.clone(),
                    description: s.description.clone(),
                    page: page as u32,
                    total_pages: total_pages as u32,
                    total_articles: all.len() as u32,
                    articles,
                }),
            );
        }
    }

    render_search(content, &mut files);
    for a in &content.articles {
        let related = by_section(&a.section)
            .into_iter()
            .filter(|o| o.slug != a.slug)
            .take(RELATED)
            .map(summary)
            .collect();
        files.insert(
            key(&paths::api_article(&a.slug)),
            json(&api::Article {
                slug: a.slug.clone(),
                title: a.title.clone(),
                published: a.published,
                section: section_ref(&a.section),
                lead: a.lead.clone(),
                summary: a.summary.clone(),
                image: a.image.clone(),
                author: a.author.clone(),
                body: a.body.clone(),
                related,
            }),
        );
    }
    files
}

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

/// `v1/pages/<slug>.json`.
fn render_pages(content: &Content, files: &mut Files) {
    for p in &content.pages {
        let page = api::Page {
            slug: p.slug.clone(),
            title: p.title.clone(),
            lang: p.lang.clone(),
            description: p.description.clone(),
            body: p.body.clone(),
            translation: p
                .translation
                .as_ref()
                .and_then(|t| content.pages.iter().find(|o| &o.slug == t))
                .map(page_ref),
            links: if p.public_services {
                content.site.public_services.clone()
            } else {
                Vec::new()
            },
        };
        files.insert(key(&paths::api_page(&p.slug)), json(&page));
    }
}

/// The filter values of the documents: (slug, name, count), in the order given.
fn facets<'a>(names: impl Iterator<Item = &'a str>) -> Vec<api::Facet> {
    let mut out: Vec<api::Facet> = Vec::new();
    for name in names {
        let slug = portal_core::slugify(name);
        match out.iter_mut().find(|f| f.slug == slug) {
            Some(f) => f.count += 1,
            None => out.push(api::Facet {
                slug,
                name: name.to_string(),
                count: 1,
            }),
        }
    }
    out
}

/// `v1/documents/index.json` and `v1/documents/<slug>.json`.
fn render_documents(content: &Content, files: &mut Files) {
    let docs = &content.documents;
    if docs.is_empty() {
        return;
    }
    // By name as a reader looks for it: "Ủy ban…" among the u, not after "Văn phòng…".
    let by_name = |f: &api::Facet| (portal_core::fold::fold(&f.name), f.name.clone());
    let mut kinds = facets(docs.iter().map(|d| d.kind.as_str()));
    kinds.sort_by_cached_key(by_name);
    let mut bodies = facets(docs.iter().map(|d| d.body.as_str()));
    bodies.sort_by_cached_key(by_name);
    let years: Vec<String> = docs.iter().map(|d| d.issued.year.to_string()).collect();
    let years = facets(years.iter().map(String::as_str));
    let index = api::DocumentIndex {
        documents: docs
            .iter()
            .map(|d| api::DocumentSummary {
                slug: d.slug.clone(),
                number: d.number.clone(),
                kind: portal_core::slugify(&d.kind),
                body: portal_core::slugify(&d.body),
                issued: d.issued,
                summary: d.summary.clone(),
            })
            .collect(),
        kinds: kinds.clone(),
        bodies: bodies.clone(),
        years,
    };
    files.insert(key(&paths::api_documents()), json(&index));
    let facet = |list: &[api::Facet], name: &str| {
        let slug = portal_core::slugify(name);
        list.iter()
            .find(|f| f.slug == slug)
            .cloned()
            .expect("every value has a facet")
    };
    for d in docs {
        let doc = api::Document {
            slug: d.slug.clone(),
            number: d.number.clone(),
            kind: facet(&kinds, &d.kind),
            body: facet(&bodies, &d.body),
            issued: d.issued,
            effective: d.effective,
            signer: d.signer.clone(),
            summary: d.summary.clone(),
            files: d.files.clone(),
            notes: d.notes.clone(),
        };
        files.insert(key(&paths::api_document(&d.slug)), json(&doc));
    }
}

/// The search index (`v1/search/…`, see `portal_core::search`): articles, documents and
/// pages, newest first (pages, which have no date, last).
pub fn render_search(content: &Content, files: &mut Files) {
    use portal_core::search::{doc_words, IndexBuilder};
    struct Entry {
        doc: api::SearchDoc,
        text: String,
    }
    let mut entries: Vec<Entry> = Vec::new();
    for a in &content.articles {
        let text = search_text(a);
        let section = content
            .site
            .section(&a.section)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        entries.push(Entry {
            doc: api::SearchDoc {
                url: paths::article(&a.slug),
                title: a.title.clone(),
                section,
                published: Some(a.published),
                text: cut(&text, SEARCH_TEXT_CHARS),
                lang: None,
            },
            text,
        });
    }
    for d in &content.documents {
        let notes = api::Block::plain(&d.notes);
        let text = format!("{} {} {}. {}\n{notes}", d.kind, d.number, d.body, d.summary);
        let issued = portal_core::time::Civil {
            year: d.issued.year,
            month: d.issued.month,
            day: d.issued.day,
            hour: 0,
            minute: 0,
            second: 0,
        };
        entries.push(Entry {
            doc: api::SearchDoc {
                url: paths::document(&d.slug),
                title: format!("{} {}: {}", d.kind, d.number, d.summary),
                section: "Văn bản".into(),
                published: portal_core::Timestamp::from_civil(issued, 7 * 60).ok(),
                text: cut(&text, SEARCH_TEXT_CHARS),
                lang: None,
            },
            text,
        });
    }
    for p in &content.pages {
        let text = api::Block::plain(&p.body);
        entries.push(Entry {
            doc: api::SearchDoc {
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
            },
            text,
        });
    }
    // Stable: articles keep their order among equal times.
    entries.sort_by_key(|e| std::cmp::Reverse(e.doc.published));
    let mut builder = IndexBuilder::default();
    for e in &entries {
        let id = builder.add(&doc_words(&e.doc.title, &e.text));
        files.insert(key(&paths::api_search_doc(id)), json(&e.doc));
    }
    let index = builder.finish(SEARCH_CHUNK_BYTES);
    files.insert(key(&paths::api_search_manifest()), json(&index.manifest));
    for (n, chunk) in index.chunks.into_iter().enumerate() {
        files.insert(key(&paths::api_search_terms(n)), chunk);
    }
    for (n, shard) in index.pair_shards.into_iter().enumerate() {
        files.insert(key(&paths::api_search_pairs(n)), shard);
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
