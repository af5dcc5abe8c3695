//! The content build: `content/` (site.toml, Markdown articles, media) → the static
//! JSON API described in `docs/api.md`.
//!
//! Every problem is collected and reported at once, each with `file:line`; nothing is
//! written unless the whole content is valid, and the output directory is replaced in
//! one step at the end (see [`output::write_atomically`]).

pub mod article;
pub mod generate;
pub mod markdown;
pub mod media;
pub mod output;
pub mod site;

use std::fmt;
use std::path::{Path, PathBuf};

pub use article::ArticleSource;
pub use site::SiteConfig;

/// One problem in the content, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

/// Collects diagnostics for one file.
pub struct Reporter<'a> {
    pub file: &'a Path,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Reporter<'_> {
    pub fn error(&mut self, line: usize, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            file: self.file.to_path_buf(),
            line,
            message: message.into(),
        });
    }
}

/// Byte offset → 1-based line number, for a text that starts at `first_line`.
pub struct LineMap {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineMap {
    pub fn new(text: &str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineMap { starts, first_line }
    }

    pub fn line(&self, offset: usize) -> usize {
        let idx = self.starts.partition_point(|&s| s <= offset);
        self.first_line + idx.saturating_sub(1)
    }
}

/// Everything the content folder holds, validated.
#[derive(Debug)]
pub struct Content {
    pub site: SiteConfig,
    /// Newest first.
    pub articles: Vec<article::Article>,
}

/// Reads and validates `content_dir`. Returns every problem found, sorted by file and line.
pub fn load(content_dir: &Path) -> Result<Content, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let media = media::Media::new(content_dir);
    let site = site::load(content_dir, &media, &mut diags);
    let articles = match &site {
        Some(site) => article::load_all(content_dir, site, &media, &mut diags),
        None => Vec::new(),
    };
    if let Some(site) = &site {
        check_links(site, &articles, &media, &mut diags);
    }
    if diags.is_empty() {
        if let Some(site) = site {
            return Ok(Content { site, articles });
        }
    }
    diags.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Err(diags)
}

/// Files the build writes besides pages, which content may link to.
fn is_generated_file(path: &str, site: &SiteConfig) -> bool {
    matches!(path, "/rss.xml" | "/sitemap.xml" | "/robots.txt")
        || site
            .sections
            .iter()
            .any(|s| path == format!("/chuyen-muc/{}/rss.xml", s.slug))
}

/// Every site-internal link in the articles must lead to a page or file of the build.
fn check_links(
    site: &SiteConfig,
    articles: &[article::Article],
    media: &media::Media,
    diags: &mut Vec<Diagnostic>,
) {
    use portal_core::paths::{Route, PAGE_SIZE};
    let slugs: std::collections::HashSet<&str> = articles.iter().map(|a| a.slug.as_str()).collect();
    let pages = |section: &str| {
        articles
            .iter()
            .filter(|a| a.section == section)
            .count()
            .div_ceil(PAGE_SIZE)
            .max(1)
    };
    for a in articles {
        for (href, line) in &a.links {
            let path = href.split(['?', '#']).next().unwrap_or("");
            let ok = match Route::parse(path) {
                Route::Home | Route::Search => true,
                Route::Article { slug } => slugs.contains(slug.as_str()),
                Route::Section { slug, page } => {
                    site.section(&slug).is_some() && page as usize <= pages(&slug)
                }
                Route::NotFound => {
                    is_generated_file(path, site) || media.file(path).is_some_and(|f| f.is_file())
                }
            };
            if !ok {
                diags.push(Diagnostic {
                    file: a.file.clone(),
                    line: *line,
                    message: format!("liên kết `{href}` không dẫn tới trang nào của cổng thông tin"),
                });
            }
        }
    }
}

/// Path as shown in messages: relative to the current directory when possible.
pub fn display_path(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}
