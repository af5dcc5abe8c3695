//! The JSON API files, and writing them so that readers never see half a build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use portal_core::api::{self, SectionRef, Summary};
use portal_core::paths::{self, PAGE_SIZE};

use crate::article::Article;
use crate::Content;

/// Featured articles on the home page.
pub const HOME_FEATURED: usize = 5;
/// Latest articles per section on the home page.
pub const HOME_PER_SECTION: usize = 4;
/// "Các tin khác" under an article.
pub const RELATED: usize = 5;

/// File path (relative to the API root, e.g. `articles/x.json`) → contents.
pub type Files = BTreeMap<PathBuf, Vec<u8>>;

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

/// Renders the whole `v1/` tree.
pub fn render(content: &Content) -> Files {
    let site = &content.site;
    let mut files = Files::new();
    let section_ref = |slug: &str| {
        let s = site.section(slug).expect("validated");
        SectionRef {
            slug: s.slug.clone(),
            name: s.name.clone(),
        }
    };
    files.insert(
        "v1/site.json".into(),
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
        }),
    );

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
        "v1/home.json".into(),
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
                format!("v1/categories/{}/{page}.json", s.slug).into(),
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
            format!("v1/articles/{}.json", a.slug).into(),
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

/// The search index (`v1/search/…`, see `portal_core::search`): documents newest first.
pub fn render_search(content: &Content, files: &mut Files) {
    use portal_core::search::{doc_words, IndexBuilder};
    let mut builder = IndexBuilder::default();
    for a in &content.articles {
        let text = search_text(a);
        let id = builder.add(&doc_words(&a.title, &text));
        let section = content
            .site
            .section(&a.section)
            .map(|s| s.name.clone())
            .unwrap_or_default();
        let doc = api::SearchDoc {
            url: paths::article(&a.slug),
            title: a.title.clone(),
            section,
            published: a.published,
            text: cut(&text, SEARCH_TEXT_CHARS),
        };
        files.insert(format!("v1/search/d/{id}.json").into(), json(&doc));
    }
    let index = builder.finish(SEARCH_CHUNK_BYTES);
    files.insert("v1/search/manifest.json".into(), json(&index.manifest));
    for (n, chunk) in index.chunks.into_iter().enumerate() {
        files.insert(format!("v1/search/t/{n}.bin").into(), chunk);
    }
    for (n, shard) in index.pair_shards.into_iter().enumerate() {
        files.insert(format!("v1/search/b/{n}.bin").into(), shard);
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

/// Replaces directory `out` with exactly `files`, in one step as far as readers can
/// tell: everything is written to a sibling temporary directory first, then the old
/// directory is renamed away and the new one into place. If anything fails before the
/// swap, `out` is untouched and the temporary directory is removed.
pub fn write_atomically(out: &Path, files: &Files) -> std::io::Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = out.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&tmp);
    let written = (|| {
        for (rel, bytes) in files {
            let path = tmp.join(rel);
            std::fs::create_dir_all(path.parent().expect("files are inside the directory"))?;
            std::fs::write(path, bytes)?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, &old)?;
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        if had_old {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if had_old {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}
