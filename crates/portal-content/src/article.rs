//! `content/articles/*.md`: TOML front matter between `+++` lines, then Markdown.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use portal_core::api::{Block, Image};
use portal_core::text::shorten;
use portal_core::Timestamp;
use serde::Deserialize;
use toml::Spanned;

use crate::assets::Assets;
use crate::site::SiteConfig;
use crate::source::{each_text, markdown_files, parts, FileMemo, Parts, Unique};
use crate::{Diagnostic, Reporter};

/// Longest automatic summary, in characters.
pub const SUMMARY_CHARS: usize = 200;

/// A valid article.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    pub file: PathBuf,
    pub slug: String,
    pub title: String,
    pub published: Timestamp,
    pub section: String,
    pub summary: String,
    /// The summary as written by the author (shown as the standfirst).
    pub lead: Option<String>,
    pub featured: bool,
    pub image: Option<Image>,
    pub author: Option<String>,
    pub body: Vec<Block>,
    /// Links to pages of the site, with their lines (checked once all is loaded).
    pub links: Vec<crate::markdown::InternalLink>,
    /// A fingerprint of everything above that the API shows ([`Article::set_hashes`];
    /// again once document numbers have become links).
    pub hash: u64,
    /// A fingerprint of what a list shows of it (its [`portal_core::api::Summary`]).
    pub summary_hash: u64,
}

impl Article {
    /// Sets [`Article::hash`] and [`Article::summary_hash`] from the rest.
    pub fn set_hashes(&mut self) {
        use crate::output::{fingerprint, json, summary};
        self.hash = fingerprint(
            &serde_json::to_vec(&(
                &self.slug,
                &self.title,
                self.published,
                &self.section,
                &self.summary,
                &self.lead,
                &self.image,
                &self.author,
                &self.body,
            ))
            .expect("API types always serialise"),
        );
        self.summary_hash = fingerprint(&json(&summary(self)));
    }
}

/// Front matter as written. Everything is optional here so that every missing field is
/// reported, not only the first.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleSource {
    title: Option<Spanned<String>>,
    published: Option<Spanned<toml::Value>>,
    category: Option<Spanned<String>>,
    summary: Option<Spanned<String>>,
    #[serde(default)]
    featured: bool,
    image: Option<Spanned<String>>,
    image_alt: Option<Spanned<String>>,
    image_caption: Option<String>,
    slug: Option<Spanned<String>>,
    author: Option<String>,
}

/// Loads every `*.md` in `content/articles` (a file as it was in `memo` is not read
/// again), sorted newest first; checks slugs are unique.
pub fn load_all(
    content_dir: &Path,
    site: &SiteConfig,
    assets: &Assets,
    memo: &mut FileMemo<(Arc<Article>, usize)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Arc<Article>> {
    let files = markdown_files(&content_dir.join("articles"), true, diags);
    // Read and parse in parallel, each file with its own problems…
    let parsed = each_text(&files, memo, assets, diags, |r, text| {
        let (article, slug_line) = parse(text, site, assets, r)?;
        let file = r.file.to_path_buf();
        let mut article = Article { file, ..article };
        article.set_hashes();
        Some((Arc::new(article), slug_line))
    });
    // …then check slugs across files, in file order.
    let mut articles = Vec::with_capacity(parsed.len());
    let mut seen = Unique::default();
    for (article, slug_line) in &parsed {
        if seen.check(article.slug.as_str(), "slug", &article.file, *slug_line, diags) {
            articles.push(Arc::clone(article));
        }
    }
    articles.sort_by(|a, b| b.published.cmp(&a.published).then_with(|| a.slug.cmp(&b.slug)));
    articles
}

/// Parses one article. Returns it with the line its slug comes from, or reports why not.
pub fn parse(text: &str, site: &SiteConfig, assets: &Assets, r: &mut Reporter) -> Option<(Article, usize)> {
    let errors_before = r.diags.len();
    let Parts {
        front: src,
        lines,
        body,
        body_line,
    } = parts::<ArticleSource>(text, r)?;
    let line_of = |s: &std::ops::Range<usize>| lines.line(s.start);

    let title = match &src.title {
        Some(t) if !t.get_ref().trim().is_empty() => t.get_ref().trim().to_string(),
        Some(t) => {
            r.error(line_of(&t.span()), "`title` (tiêu đề) không được để trống");
            String::new()
        }
        None => {
            r.error(1, "thiếu `title` (tiêu đề bài viết)");
            String::new()
        }
    };

    let published = match &src.published {
        Some(p) => match published(p.get_ref()) {
            Ok(t) => Some(t),
            Err(why) => {
                r.error(line_of(&p.span()), format!("`published` không hợp lệ: {why}"));
                None
            }
        },
        None => {
            r.error(
                1,
                "thiếu `published` (thời điểm đăng, ví dụ published = 2020-08-10T13:19:00+07:00)",
            );
            None
        }
    };

    let section = match &src.category {
        Some(c) => {
            let slug = c.get_ref().trim();
            if site.section(slug).is_none() {
                let known: Vec<&str> = site.sections.iter().map(|s| s.slug.as_str()).collect();
                r.error(
                    line_of(&c.span()),
                    format!(
                        "chuyên mục \"{slug}\" không có trong content/site.toml (có: {})",
                        known.join(", ")
                    ),
                );
            }
            slug.to_string()
        }
        None => {
            r.error(
                1,
                "thiếu `category` (slug của chuyên mục, khai báo trong content/site.toml)",
            );
            String::new()
        }
    };

    let (slug, slug_line) = match &src.slug {
        Some(s) => {
            let line = line_of(&s.span());
            if !portal_core::fold::is_slug(s.get_ref()) {
                r.error(
                    line,
                    format!(
                    "`slug` \"{}\" không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu `-` (ví dụ \"{}\")",
                    s.get_ref(),
                    portal_core::slugify(s.get_ref())
                ),
                );
            }
            (s.get_ref().clone(), line)
        }
        None => {
            let line = src.title.as_ref().map_or(1, |t| line_of(&t.span()));
            let slug = portal_core::slugify(&title);
            if slug.is_empty() && !title.is_empty() {
                r.error(line, "không tạo được slug từ tiêu đề: thêm trường `slug`");
            }
            (slug, line)
        }
    };

    let image = match (&src.image, &src.image_alt) {
        (Some(img), alt) => {
            let line = line_of(&img.span());
            let alt = alt
                .as_ref()
                .map(|a| a.get_ref().trim().to_string())
                .unwrap_or_default();
            if alt.is_empty() {
                r.error(line, "có `image` nhưng thiếu `image_alt`: mô tả ảnh bằng lời cho người dùng trình đọc màn hình");
            }
            match assets.image(img.get_ref()) {
                Ok((width, height)) => Some(Image {
                    copies: assets.copies(img.get_ref(), width),
                    src: img.get_ref().clone(),
                    alt,
                    width,
                    height,
                    caption: src
                        .image_caption
                        .as_deref()
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .map(String::from),
                }),
                Err(why) => {
                    r.error(line, why);
                    None
                }
            }
        }
        (None, Some(alt)) => {
            r.error(line_of(&alt.span()), "có `image_alt` nhưng không có `image`");
            None
        }
        (None, None) => None,
    };

    let (body_blocks, links) = crate::markdown::parse(body, body_line, assets, r);
    let lead = src
        .summary
        .as_ref()
        .map(|s| s.get_ref().split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty());
    let summary = match &lead {
        Some(s) => s.clone(),
        None => match body_blocks.iter().find_map(|b| match b {
            Block::Paragraph(p) => Some(portal_core::api::Inline::plain(p)),
            _ => None,
        }) {
            Some(first) => shorten(&first, SUMMARY_CHARS),
            None => {
                r.error(
                    body_line,
                    "thiếu tóm tắt: thêm `summary` hoặc ít nhất một đoạn văn trong thân bài",
                );
                String::new()
            }
        },
    };

    if r.diags.len() != errors_before {
        return None;
    }
    Some((
        Article {
            file: PathBuf::new(),
            slug,
            title,
            published: published?,
            section,
            summary,
            lead,
            featured: src.featured,
            image,
            author: src.author.map(|a| a.trim().to_string()).filter(|a| !a.is_empty()),
            body: body_blocks,
            links,
            hash: 0,
            summary_hash: 0,
        },
        slug_line,
    ))
}

/// The publication instant: a TOML offset datetime (or an RFC 3339 string).
fn published(v: &toml::Value) -> Result<Timestamp, String> {
    let need_offset = "cần ngày, giờ và múi giờ, ví dụ 2020-08-10T13:19:00+07:00";
    match v {
        toml::Value::Datetime(dt) => {
            let (Some(date), Some(time)) = (dt.date, dt.time) else {
                return Err(format!("thiếu ngày hoặc giờ: {need_offset}"));
            };
            let offset = match dt.offset {
                Some(toml::value::Offset::Z) => 0,
                Some(toml::value::Offset::Custom { minutes }) => i32::from(minutes),
                None => return Err(format!("thiếu múi giờ: {need_offset}")),
            };
            let civil = portal_core::time::Civil {
                year: i32::from(date.year),
                month: date.month,
                day: date.day,
                hour: time.hour,
                minute: time.minute,
                second: time.second.unwrap_or(0),
            };
            Timestamp::from_civil(civil, offset).map_err(|e| e.to_string())
        }
        toml::Value::String(s) => Timestamp::parse_rfc3339(s.trim()).map_err(|e| format!("\"{s}\" {e}")),
        other => Err(format!("{other} không phải ngày giờ: {need_offset}")),
    }
}
