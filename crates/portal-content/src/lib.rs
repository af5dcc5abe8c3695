//! The content build: `content/` (site.toml, Markdown articles, media) → the static
//! JSON API described in `docs/api.md`.
//!
//! Every problem is collected and reported at once, each with `file:line`; nothing is
//! written unless the whole content is valid, and the output directory is replaced in
//! one step at the end (see [`output::write_atomically`]).

pub mod article;
pub mod assets;
pub mod checks;
pub mod documents;
pub mod generate;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod site;
pub mod source;
pub mod svg;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    pub articles: Vec<Arc<article::Article>>,
    pub pages: Vec<pages::StaticPage>,
    /// Newest first.
    pub documents: Vec<Arc<documents::Doc>>,
    /// Images and attachments to publish (content refers to them): URL path → bytes.
    pub assets: std::collections::BTreeMap<String, Arc<[u8]>>,
    /// Files in `content/media` and `content/files` that nothing refers to (not
    /// published).
    pub unused_assets: usize,
}

/// Reads and validates `content_dir`. Returns every problem found, sorted by file and line.
pub fn load(content_dir: &Path) -> Result<Content, Vec<Diagnostic>> {
    load_with(content_dir, &mut Memo::default())
}

/// What a process that stays (the newsroom, `portal-build --stay`) keeps between loads
/// of one content folder, so that a load reads only what changed: each article, page
/// and document as read, by its file's [`source::Stamp`] (and the media and attachments
/// its checks looked at); the checks of media and attachments; the articles with
/// document numbers made links. All of it is read again when `site.toml` changes.
#[derive(Default)]
pub struct Memo {
    dir: Option<PathBuf>,
    assets: Option<assets::Assets>,
    site: Option<source::Stamp>,
    articles: source::FileMemo<(Arc<article::Article>, usize)>,
    pages: source::FileMemo<pages::StaticPage>,
    documents: source::FileMemo<(Arc<documents::Doc>, usize, usize)>,
    linked: Linked,
}

/// [`load`], taking from `memo` what is as it was.
pub fn load_with(content_dir: &Path, memo: &mut Memo) -> Result<Content, Vec<Diagnostic>> {
    let site_stamp = std::fs::symlink_metadata(content_dir.join("site.toml"))
        .ok()
        .map(|m| source::Stamp::of(&m));
    if memo.dir.as_deref() != Some(content_dir) {
        *memo = Memo {
            dir: Some(content_dir.to_path_buf()),
            ..Memo::default()
        };
    }
    if site_stamp.is_none() || memo.site != site_stamp {
        // Every file's checks depend on the settings (its section must be one of them…).
        memo.articles = Default::default();
        memo.pages = Default::default();
        memo.documents = Default::default();
        memo.linked.clear();
        memo.site = site_stamp;
    }
    let assets = memo
        .assets
        .get_or_insert_with(|| assets::Assets::new(content_dir));
    assets.begin();
    let mut diags = Vec::new();
    let site = site::load(content_dir, assets, &mut diags);
    let articles = match &site {
        Some(site) => article::load_all(content_dir, site, assets, &mut memo.articles, &mut diags),
        None => Vec::new(),
    };
    let pages = pages::load_all(content_dir, assets, &mut memo.pages, &mut diags);
    let documents = documents::load_all(content_dir, assets, &mut memo.documents, &mut diags);
    // A document's number in an article becomes a link to the document (numbers start
    // again each year: to the latest document with that number issued by the article's day).
    let numbers = documents::Numbers::new(&documents);
    let articles = link_numbers(articles, &numbers, &mut memo.linked);
    let Some(site) = site else {
        return Err(sorted(diags));
    };
    let mut content = Content {
        site,
        articles,
        pages,
        documents,
        assets: Default::default(),
        unused_assets: 0,
    };
    check_links(&content, assets, &mut diags);
    content.unused_assets = assets.scan(&mut diags);
    content.assets = assets.published();
    if diags.is_empty() {
        Ok(content)
    } else {
        Err(sorted(diags))
    }
}

/// Articles as read (by their address in memory: the same file read again is a new
/// article) → the fingerprint of the document numbers, and the article with those
/// numbers made links.
type Linked = rustc_hash::FxHashMap<usize, (Arc<article::Article>, u64, Arc<article::Article>)>;

/// The articles with the documents' numbers made links, and their fingerprints set;
/// an article whose text and the numbers are as in `memo` is taken from it.
fn link_numbers(
    articles: Vec<Arc<article::Article>>,
    numbers: &documents::Numbers,
    memo: &mut Linked,
) -> Vec<Arc<article::Article>> {
    use rayon::prelude::*;
    let numbers_key = numbers.fingerprint();
    let linked: Vec<Arc<article::Article>> = articles
        .par_iter()
        .map(|read| {
            if let Some((was, key, linked)) = memo.get(&(Arc::as_ptr(read) as usize)) {
                if Arc::ptr_eq(was, read) && *key == numbers_key {
                    return Arc::clone(linked);
                }
            }
            let day = read.published.vietnam();
            let mut body = read.body.clone();
            let made = numbers.link(
                &mut body,
                portal_core::api::Date::new(day.year, day.month, day.day),
            );
            if made.is_empty() {
                // Nothing to link: the article as read (which shares its memory).
                return Arc::clone(read);
            }
            let mut a = article::Article {
                body,
                ..article::Article::clone(read)
            };
            a.set_hashes();
            Arc::new(a)
        })
        .collect();
    *memo = articles
        .iter()
        .zip(&linked)
        .map(|(read, linked)| {
            (
                Arc::as_ptr(read) as usize,
                (Arc::clone(read), numbers_key, Arc::clone(linked)),
            )
        })
        .collect();
    linked
}

fn sorted(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    diags
}

/// Files the build writes besides pages, which content may link to.
fn is_generated_file(path: &str, site: &SiteConfig) -> bool {
    path == portal_core::paths::feed()
        || matches!(path, "/sitemap.xml" | "/robots.txt")
        || site
            .sections
            .iter()
            .any(|s| path == portal_core::paths::section_feed(&s.slug))
}

/// Every site-internal link in the content must lead to a page or file of the build; a
/// link to an image or a file publishes it (when its bytes pass the checks).
fn check_links(content: &Content, assets: &assets::Assets, diags: &mut Vec<Diagnostic>) {
    use portal_core::paths::{archive_pages, Route};
    use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
    let site = &content.site;
    // Looked up by name, so the check takes time in proportion to the links.
    let article_slugs: HashSet<&str> = content.articles.iter().map(|a| a.slug.as_str()).collect();
    let document_slugs: HashSet<&str> = content.documents.iter().map(|d| d.slug.as_str()).collect();
    let page_slugs: HashSet<&str> = content.pages.iter().map(|p| p.slug.as_str()).collect();
    let mut per_section: HashMap<&str, usize> = HashMap::default();
    for a in &content.articles {
        *per_section.entry(a.section.as_str()).or_default() += 1;
    }
    // The library's lists, made only if some link leads to one.
    let lists = std::cell::OnceCell::new();
    // Ok, or why not.
    let resolves = |href: &str| -> Result<(), String> {
        let without_fragment = href.split('#').next().unwrap_or("");
        let (path, query) = without_fragment.split_once('?').unwrap_or((without_fragment, ""));
        if let Some(file) = assets.link(path) {
            return file.map_err(|why| format!("liên kết `{href}`: {why}"));
        }
        let no_page = || {
            Err(format!(
                "liên kết `{href}` không dẫn tới trang nào của cổng thông tin"
            ))
        };
        // `/van-ban/` reads combined filters from the query string, as the app does.
        let route = Route::parse_url(path, query);
        let found = match route {
            Route::Home | Route::Search => true,
            Route::Article { slug } => article_slugs.contains(slug.as_str()),
            Route::Section { slug, page } => {
                site.section(&slug).is_some()
                    && page <= archive_pages(per_section.get(slug.as_str()).copied().unwrap_or(0))
            }
            Route::Documents { filter, page } => {
                let lists = lists.get_or_init(|| output::documents::Lists::new(content).lists);
                lists.get(&filter).is_some_and(|l| page <= archive_pages(l.len()))
            }
            Route::Document { slug } => document_slugs.contains(slug.as_str()),
            Route::Page { slug } => page_slugs.contains(slug.as_str()),
            Route::NotFound => is_generated_file(path, site),
        };
        if found {
            Ok(())
        } else {
            no_page()
        }
    };
    let sources = content
        .articles
        .iter()
        .map(|a| (&a.file, &a.links))
        .chain(content.pages.iter().map(|p| (&p.file, &p.links)))
        .chain(content.documents.iter().map(|d| (&d.file, &d.links)));
    for (file, links) in sources {
        for (href, line) in links {
            if let Err(message) = resolves(href) {
                diags.push(Diagnostic {
                    file: file.clone(),
                    line: *line,
                    message,
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
