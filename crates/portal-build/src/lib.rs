//! The whole site, from `content/` and the app shell trunk built, into one folder:
//!
//! 1. the content build (`portal-content`): every file read in parallel and checked,
//!    every problem reported with `file:line`; nothing is written when there is one;
//! 2. the search index, and the media and attachments content refers to (checked by
//!    their bytes);
//! 3. every page with its JSON (`portal-prerender`), rendered on both cores; a page made
//!    from the same inputs as last time is not rendered again (an article's inputs are
//!    its file and its related articles' titles: [`portal_content::output::Model`]);
//! 4. feeds, sitemaps, robots.txt, headers; the link check of the pages rendered;
//! 5. only files whose bytes changed are written (the app's files with `.br`/`.gz`
//!    copies: [`compress`]), and they take the place of the old ones at the end,
//!    together ([`output::Output`]).
//!
//! [`build`] does it once; a [`Builder`] stays and does it again on request, reading
//! only what changed (the newsroom's "Xuất bản", `portal-build --stay`). Used by the
//! `portal-build` command, the dev server, the newsroom and the tests.

pub mod compress;
pub mod output;
pub mod preview;
pub mod webapp;

use rustc_hash::FxHashSet as HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portal_content::output::{file_of, fingerprint, Model, SearchIndex, SearchSizes};
pub use portal_content::Diagnostic;
use portal_core::paths::{self, DocFilter};
use portal_prerender::{feeds, links, Renderer, Shell};
use rayon::prelude::*;

use crate::output::{Output, Record};

#[derive(Clone, Debug)]
pub struct Options {
    pub content: PathBuf,
    /// trunk's output: `index.html` and the app's files.
    pub shell: PathBuf,
    pub out: PathBuf,
    /// Precompressed copies (release builds).
    pub compress: bool,
    /// Development build: pages reload when the dev server says so.
    pub dev: bool,
    /// How the search index is cut (the default but in tests).
    pub search: SearchSizes,
}

/// Why a build wrote nothing.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the content, each at its `file:line`.
    Content(Vec<Diagnostic>),
    /// Problems the page build found (broken links, a page that did not render).
    Pages(Vec<String>),
    /// The shell or the output folder could not be read or written.
    Io(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Content(d) => {
                for d in d {
                    writeln!(f, "lỗi: {d}")?;
                }
                write!(f, "{} lỗi trong nội dung", d.len())
            }
            Failure::Pages(p) => write!(f, "{}", p.join("\n")),
            Failure::Io(e) => write!(f, "{e}"),
        }
    }
}

/// What a build did, for its summary line.
#[derive(Debug, Default)]
pub struct Report {
    pub articles: usize,
    pub pages: usize,
    pub documents: usize,
    /// HTML pages of the site, and how many of them were rendered (the others were
    /// made from the same inputs last time).
    pub html_pages: usize,
    pub rendered: usize,
    pub feeds: usize,
    pub files: usize,
    pub bytes: u64,
    /// Files written (new or changed) and removed.
    pub written: usize,
    pub removed: usize,
    pub compressed: usize,
    /// Time spent precompressing, summed over both cores (it happens during the stages).
    pub compress_time: Duration,
    pub unused_assets: usize,
    /// Time per stage, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Report {
    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }

    pub fn stage(&self, name: &str) -> Duration {
        self.stages
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, d)| *d)
            .sum()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} bài viết, {} trang tĩnh, {} văn bản → {} trang HTML ({} dựng lại), {} nguồn RSS, {} tệp ({} KB); ghi {} tệp, xóa {}, nén {}",
            self.articles,
            self.pages,
            self.documents,
            self.html_pages,
            self.rendered,
            self.feeds,
            self.files,
            self.bytes / 1000,
            self.written,
            self.removed,
            self.compressed
        )?;
        if self.unused_assets > 0 {
            write!(
                f,
                "; {} tệp ảnh, đính kèm không được dùng nên không xuất bản",
                self.unused_assets
            )?;
        }
        let stages: Vec<String> = self
            .stages
            .iter()
            .map(|(name, d)| format!("{name} {:.2} s", d.as_secs_f64()))
            .collect();
        write!(
            f,
            " ({}; nén {:.2} s CPU)",
            stages.join(", "),
            self.compress_time.as_secs_f64()
        )
    }
}

/// Files by path in the output, with their bytes.
type Files = Vec<(String, Vec<u8>)>;

/// The app's files trunk built: `index.html` and every other file (by path from the
/// shell's root).
fn read_shell(dir: &Path) -> Result<(Shell, Files), Failure> {
    let io =
        |e: std::io::Error, p: &Path| Failure::Io(format!("{}: {e} (chạy `trunk build` trước)", p.display()));
    let index_path = dir.join("index.html");
    let index = std::fs::read_to_string(&index_path).map_err(|e| io(e, &index_path))?;
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).map_err(|e| io(e, &d))? {
            let p = e.map_err(|e| io(e, &d))?.path();
            if p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                continue;
            }
            let meta = std::fs::symlink_metadata(&p).map_err(|e| io(e, &p))?;
            if meta.is_dir() {
                stack.push(p);
            } else if meta.is_file() && p != index_path {
                let rel = p
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                files.push((rel, std::fs::read(&p).map_err(|e| io(e, &p))?));
            }
        }
    }
    files.sort();
    // The controls are published under a hashed name (by the renderer).
    // So is the service worker (with this build's list of files before it).
    let mut take = |name: &str| {
        files
            .iter()
            .position(|(n, _)| n == name)
            .map(|i| String::from_utf8_lossy(&files.remove(i).1).into_owned())
    };
    let controls = take(portal_prerender::CONTROLS);
    let worker = take(portal_prerender::WORKER);
    let names = files.iter().map(|(n, _)| n.clone()).collect();
    Ok((
        Shell {
            index,
            files: names,
            controls,
            worker,
        },
        files,
    ))
}

/// The folder, inside the shell, of the app files' compressed copies (not a file of the
/// shell: dot names are skipped).
const COPY_CACHE: &str = ".portal-build-copies";

/// One page of the site to render.
enum Job<'a> {
    Home,
    Section(&'a str, u32),
    Article(usize),
    Page(usize),
    Documents(&'a DocFilter, u32),
    Document(usize),
    Search,
    NotFound,
}

/// Builds the site into `opts.out`; on failure the folder is left as it was.
pub fn build(opts: &Options) -> Result<Report, Failure> {
    Builder::new(opts.clone()).build()
}

/// A builder that stays (the newsroom's server, `portal-build --stay`): each
/// [`Builder::build`] writes what [`build`] would, but reads only the content files
/// that changed since the last one and keeps the search index and the output's record
/// in memory, so that publishing one article takes the time of that article, not of
/// the whole archive.
pub struct Builder {
    opts: Options,
    content: portal_content::Memo,
    search: SearchIndex,
    /// The output's record as this builder last left it (`None` before its first
    /// build: then read from the output's manifest).
    record: Option<Arc<Record>>,
    /// Writing the manifest of the last build (after the site was updated: it is only
    /// for a later process).
    manifest: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl Drop for Builder {
    fn drop(&mut self) {
        self.finish_manifest();
    }
}

impl Builder {
    pub fn new(opts: Options) -> Builder {
        Builder {
            search: SearchIndex::new(opts.search),
            opts,
            content: portal_content::Memo::default(),
            record: None,
            manifest: None,
        }
    }

    /// Waits for the last build's manifest to be written.
    fn finish_manifest(&mut self) {
        wait_for_manifest(&mut self.manifest);
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// Builds the site into the output folder; on failure the folder is left as it was.
    pub fn build(&mut self) -> Result<Report, Failure> {
        let opts = &self.opts;
        let mut report = Report::default();
        let mut last = Instant::now();
        let mut stage = move |report: &mut Report, name: &'static str| {
            let now = Instant::now();
            report.stages.push((name, now - last));
            last = now;
        };
        let content =
            portal_content::load_with(&opts.content, &mut self.content).map_err(Failure::Content)?;
        report.articles = content.articles.len();
        report.pages = content.pages.len();
        report.documents = content.documents.len();
        report.unused_assets = content.unused_assets;
        let model = Model::new(&content);
        stage(&mut report, "nội dung");
        let (shell, shell_files) = read_shell(&opts.shell)?;
        let renderer = Renderer::new(
            &shell,
            model.site_json(),
            portal_prerender::Options { dev_reload: opts.dev },
        )
        .map_err(|e| Failure::Pages(vec![e]))?;
        let (record, trusted) = match self.record.take() {
            Some(r) => (r, true),
            None => (Arc::new(Record::read_manifest(&opts.out)), false),
        };
        let out = Output::with_record(&opts.out, opts.compress, record, trusted)
            .map_err(|e| Failure::Io(format!("không mở được {}: {e}", opts.out.display())))?
            // Beside trunk's output, which trunk replaces whole when the app changes.
            .with_copy_cache(opts.shell.join(COPY_CACHE));
        match write_site(
            &model,
            &mut self.search,
            &shell,
            shell_files,
            &renderer,
            &out,
            &mut report,
            &mut stage,
        ) {
            Ok(()) => {
                report.written = out.written.load(std::sync::atomic::Ordering::Relaxed);
                report.compressed = out.compressed.load(std::sync::atomic::Ordering::Relaxed);
                report.compress_time =
                    Duration::from_nanos(out.compress_nanos.load(std::sync::atomic::Ordering::Relaxed));
                // The last build's manifest is in place before this one removes it.
                wait_for_manifest(&mut self.manifest);
                let committed = out
                    .commit()
                    .map_err(|e| Failure::Io(format!("không ghi được {}: {e}", opts.out.display())))?;
                report.removed = committed.removed;
                report.files = committed.record.len();
                report.bytes = committed.record.bytes();
                let record = Arc::new(committed.record);
                let (writing, dir) = (Arc::clone(&record), opts.out.clone());
                self.manifest = Some(std::thread::spawn(move || writing.write_manifest(&dir)));
                self.record = Some(record);
                stage(&mut report, "ghi");
                Ok(report)
            }
            Err(e) => {
                let record = out.abort();
                if trusted {
                    self.record = Some(record);
                }
                Err(e)
            }
        }
    }
}

/// Waits for a manifest being written.
fn wait_for_manifest(writing: &mut Option<std::thread::JoinHandle<std::io::Result<()>>>) {
    if let Some(writing) = writing.take() {
        match writing.join() {
            Ok(Ok(())) => {}
            // Without a manifest the next process makes every file again: slower, not
            // wrong.
            Ok(Err(e)) => eprintln!("portal-build: không ghi được bản ghi của lần dựng: {e}"),
            Err(_) => eprintln!("portal-build: không ghi được bản ghi của lần dựng"),
        }
    }
}

fn io_error(e: std::io::Error) -> Failure {
    Failure::Io(format!("không ghi được: {e}"))
}

#[allow(clippy::too_many_arguments)]
fn write_site(
    model: &Model,
    search: &mut SearchIndex,
    shell: &Shell,
    shell_files: Vec<(String, Vec<u8>)>,
    renderer: &Renderer,
    out: &Output,
    report: &mut Report,
    stage: &mut impl FnMut(&mut Report, &'static str),
) -> Result<(), Failure> {
    let content = model.content;
    use portal_content::output::json;
    // The app's files first, then what pages refer to: a page is never there before them.
    put_all(out, shell_files.clone())?;
    for (name, code) in renderer.scripts() {
        out.put(name, code.as_bytes(), 0, Vec::new()).map_err(io_error)?;
    }
    for (url, bytes) in &content.assets {
        out.put(&file_of(url), bytes, 0, Vec::new()).map_err(io_error)?;
    }
    out.put(&file_of(&paths::api_site()), model.site_json(), 0, Vec::new())
        .map_err(io_error)?;
    // The search index, brought up to date and written as it is made, a batch at a
    // time on both cores.
    let mut failed: Option<Failure> = None;
    portal_content::output::search_files(content, search, &|file, key| out.keep(file, key), &mut |batch| {
        let put = batch
            .par_iter()
            .try_for_each(|(f, b, key)| out.put(f, b, *key, Vec::new()))
            .map_err(io_error);
        if let Err(e) = put {
            failed.get_or_insert(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    stage(report, "chỉ mục tìm kiếm");

    // Every page and its data.
    let docs = &model.documents;
    let doc_index_value = docs.index(content.documents.len());
    let doc_index = (!content.documents.is_empty()).then(|| json(&doc_index_value));
    // An archive page of the library shows the filter values without their counts: its
    // inputs are the values' names, not how many documents have each.
    let doc_names_key = {
        let mut names = doc_index_value.clone();
        for f in names
            .kinds
            .iter_mut()
            .chain(&mut names.bodies)
            .chain(&mut names.years)
        {
            f.count = 0;
        }
        names.total = 0;
        fingerprint(&json(&names))
    };
    let mut jobs = vec![Job::Home, Job::Search, Job::NotFound];
    jobs.extend(model.section_pages().into_iter().map(|(s, p)| Job::Section(s, p)));
    jobs.extend((0..content.articles.len()).map(Job::Article));
    jobs.extend((0..content.pages.len()).map(Job::Page));
    if doc_index.is_some() {
        jobs.extend(docs.html_pages().into_iter().map(|(f, p)| Job::Documents(f, p)));
        jobs.extend((0..content.documents.len()).map(Job::Document));
    }
    let page_file = |path: &str| format!("{}index.html", path.trim_start_matches('/'));
    // The files this build has, for the link check of the pages rendered (made when
    // the first is).
    let planned: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    let planned = || {
        planned.get_or_init(|| {
            let mut planned: HashSet<String> = shell_files.iter().map(|(n, _)| n.clone()).collect();
            planned.extend(renderer.scripts().map(|(n, _)| n.clone()));
            planned.extend(content.assets.keys().map(|u| file_of(u)));
            planned.insert("404.html".into());
            for job in &jobs {
                if let Some(path) = job_path(model, job) {
                    planned.insert(page_file(&path));
                }
            }
            planned.insert(file_of(&paths::feed()));
            for s in &content.site.sections {
                planned.insert(file_of(&paths::section_feed(&s.slug)));
            }
            for f in [
                "sitemap.xml",
                "robots.txt",
                webapp::MANIFEST,
                portal_prerender::offline::OFFLINE_PAGE,
            ] {
                planned.insert(f.into());
            }
            planned.extend(webapp::icon_files().map(String::from));
            planned
        })
    };
    if let Some(index) = &doc_index {
        out.put(&file_of(&paths::api_documents()), index, 0, Vec::new())
            .map_err(io_error)?;
        // Every page of every list (combinations of filters are data only: the app
        // shows them), each made only when what it lists changed.
        docs.pages().par_iter().try_for_each(|(filter, page)| {
            let file = file_of(&paths::api_document_list(filter, *page));
            let key = docs.list_key(content, filter, *page);
            if out.keep(&file, key) {
                return Ok(());
            }
            out.put(&file, &json(&docs.list(content, filter, *page)), key, Vec::new())
                .map_err(io_error)
        })?;
    }
    let doc_index_key = doc_index.as_deref().map_or(0, fingerprint);
    let problems = Mutex::new(Vec::<String>::new());
    let fragments = Mutex::new(Vec::<(String, usize, String, String)>::new());
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    jobs.par_iter().try_for_each(|job| -> Result<(), Failure> {
        // The page's path; the data it shows (API URL, JSON), made on demand, and how
        // many of those files are its own (the first ones); a key made without making
        // them, when there is one (else it is made from the data).
        type Data<'a> = Box<dyn Fn() -> Vec<(String, Vec<u8>)> + 'a>;
        let (path, not_found, data, own, key): (String, bool, Data, usize, Option<u64>) = match job {
            Job::Article(i) => {
                let a = &content.articles[*i];
                (
                    paths::article(&a.slug),
                    false,
                    Box::new(|| vec![(paths::api_article(&a.slug), json(&model.article(*i)))]),
                    1,
                    Some(fingerprint(&(model.article_key(*i), renderer.fingerprint))),
                )
            }
            Job::Home => (
                paths::home(),
                false,
                Box::new(|| vec![(paths::api_home(), json(&model.home()))]),
                1,
                None,
            ),
            Job::Section(slug, page) => (
                paths::section(slug, *page),
                false,
                Box::new(|| {
                    vec![(
                        paths::api_section(slug, *page),
                        json(&model.section_page(slug, *page)),
                    )]
                }),
                1,
                Some(fingerprint(&(
                    model.section_page_key(slug, *page),
                    renderer.fingerprint,
                ))),
            ),
            Job::Page(i) => {
                let p = &content.pages[*i];
                (
                    paths::page(&p.slug),
                    false,
                    Box::new(|| vec![(paths::api_page(&p.slug), json(&model.page(p)))]),
                    1,
                    None,
                )
            }
            Job::Documents(filter, page) => {
                // An archive page shows the filter values without their counts: its
                // inputs are the values' names, not how many documents have each. Its
                // list's file is written with the others, above.
                let names = if *page > 0 { doc_names_key } else { doc_index_key };
                (
                    paths::documents(filter, *page),
                    false,
                    Box::new(|| {
                        vec![
                            (paths::api_documents(), doc_index.clone().unwrap_or_default()),
                            (
                                paths::api_document_list(filter, *page),
                                json(&docs.list(content, filter, *page)),
                            ),
                        ]
                    }),
                    0,
                    Some(fingerprint(&(
                        docs.list_key(content, filter, *page),
                        names,
                        renderer.fingerprint,
                    ))),
                )
            }
            Job::Document(i) => {
                let d = &content.documents[*i];
                (
                    paths::document(&d.slug),
                    false,
                    Box::new(|| vec![(paths::api_document(&d.slug), json(&docs.document(d)))]),
                    1,
                    Some(fingerprint(&(docs.document_key(d), renderer.fingerprint))),
                )
            }
            Job::Search => (paths::search_page(), false, Box::new(Vec::new), 0, None),
            Job::NotFound => ("/404.html".into(), true, Box::new(Vec::new), 0, None),
        };
        let file = if not_found {
            "404.html".to_string()
        } else {
            page_file(&path)
        };
        let own_files = || -> Vec<String> {
            match job {
                Job::Article(i) => vec![file_of(&paths::api_article(&content.articles[*i].slug))],
                Job::Section(slug, page) => vec![file_of(&paths::api_section(slug, *page))],
                Job::Document(i) => vec![file_of(&paths::api_document(&content.documents[*i].slug))],
                _ => Vec::new(),
            }
        };
        if let Some(key) = key {
            if own_files().iter().all(|f| out.keep(f, key)) && out.keep(&file, key) {
                return Ok(());
            }
        }
        let data = data();
        // Made from its data, the site's and the shell: keyed by all of them.
        let key = key.unwrap_or_else(|| {
            fingerprint(&(
                data.iter().map(|(_, j)| fingerprint(j)).collect::<Vec<_>>(),
                renderer.fingerprint,
            ))
        });
        for (url, bytes) in &data[..own] {
            out.put(&file_of(url), bytes, key, Vec::new()).map_err(io_error)?;
        }
        if out.keep(&file, key) {
            return Ok(());
        }
        let texts: Vec<(String, String)> = data
            .iter()
            .map(|(u, j)| (u.clone(), String::from_utf8_lossy(j).into_owned()))
            .collect();
        let refs: Vec<(&str, &str)> = texts.iter().map(|(u, j)| (u.as_str(), j.as_str())).collect();
        let html = match renderer.page(&path, &refs, not_found) {
            Ok(h) => h,
            Err(e) => {
                problems
                    .lock()
                    .expect("not poisoned")
                    .push(format!("dist/{file}: {e}"));
                return Ok(());
            }
        };
        let found = links::scan(&html).map_err(|e| Failure::Pages(vec![format!("dist/{file}: {e}")]))?;
        let mut broken = Vec::new();
        for (href, line) in &found.links {
            match links::check_one(href, planned()) {
                links::Check::Ok => {}
                links::Check::Fragment(target, id) => {
                    let target = target.unwrap_or_else(|| file.clone());
                    fragments
                        .lock()
                        .expect("not poisoned")
                        .push((file.clone(), *line, target, id));
                }
                links::Check::Broken(why) => broken.push(format!("dist/{file}:{line}: {why}")),
            }
        }
        if !broken.is_empty() {
            problems.lock().expect("not poisoned").extend(broken);
        }
        let mut ids: Vec<String> = found.ids.into_iter().collect();
        ids.sort();
        out.put(&file, html.as_bytes(), key, ids).map_err(io_error)?;
        rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    })?;
    report.html_pages = jobs.len();
    report.rendered = rendered.into_inner();
    stage(report, "trang");

    // `#fragment` links, against the ids of the pages they point to.
    let mut problems = problems.into_inner().expect("not poisoned");
    for (file, line, target, id) in fragments.into_inner().expect("not poisoned") {
        let has = out.ids(&target).is_some_and(|ids| ids.binary_search(&id).is_ok());
        if !has {
            problems.push(format!(
                "dist/{file}:{line}: liên kết tới `#{id}` của {target}: trang không có phần tử id=\"{id}\""
            ));
        }
    }
    if !problems.is_empty() {
        let n = problems.len();
        problems.insert(
            0,
            format!("{n} lỗi khi dựng trang (liên kết hỏng hoặc trang không dựng được):"),
        );
        return Err(Failure::Pages(problems));
    }

    // Feeds, sitemaps, robots, headers.
    let site = renderer.site();
    let summaries = |ids: &[usize]| -> Vec<api::Summary> {
        ids.iter()
            .take(feeds::FEED_ITEMS)
            .map(|&i| portal_content::output::summary(&content.articles[i]))
            .collect()
    };
    let all: Vec<usize> = (0..content.articles.len()).collect();
    let items = summaries(&all);
    let refs: Vec<&api::Summary> = items.iter().collect();
    let rss = feeds::rss(
        site,
        &feeds::Channel {
            title: &site.name,
            description: &site.description,
            page: "/",
            feed: &paths::feed(),
        },
        &refs,
    );
    out.put(&file_of(&paths::feed()), rss.as_bytes(), 0, Vec::new())
        .map_err(io_error)?;
    for s in &content.site.sections {
        let items = summaries(model.section_articles(&s.slug));
        let refs: Vec<&api::Summary> = items.iter().collect();
        let description = s
            .description
            .clone()
            .unwrap_or_else(|| format!("Tin bài chuyên mục {}", s.name));
        let rss = feeds::rss(
            site,
            &feeds::Channel {
                title: &format!("{} – {}", s.name, site.name),
                description: &description,
                page: &paths::section(&s.slug, 0),
                feed: &paths::section_feed(&s.slug),
            },
            &refs,
        );
        out.put(
            &file_of(&paths::section_feed(&s.slug)),
            rss.as_bytes(),
            0,
            Vec::new(),
        )
        .map_err(io_error)?;
    }
    report.feeds = content.site.sections.len() + 1;
    for map in sitemaps(model) {
        if !out.keep(&map.name, map.key) {
            out.put(&map.name, map.xml().as_bytes(), map.key, Vec::new())
                .map_err(io_error)?;
        }
    }
    out.put("robots.txt", feeds::robots(site).as_bytes(), 0, Vec::new())
        .map_err(io_error)?;
    for (name, bytes) in renderer.header_files(&shell.files) {
        out.put(&name, &bytes, 0, Vec::new()).map_err(io_error)?;
    }
    stage(report, "nguồn RSS và sitemap");
    webapp::write(out, content, shell, &shell_files, renderer)?;
    stage(report, "đọc ngoại tuyến");
    Ok(())
}

use portal_core::api;

/// Puts files on both cores (each may be compressed).
fn put_all(out: &Output, files: Vec<(String, Vec<u8>)>) -> Result<(), Failure> {
    files
        .par_iter()
        .try_for_each(|(f, b)| out.put(f, b, 0, Vec::new()))
        .map_err(io_error)
}

/// The site path of a job's page.
fn job_path(model: &Model, job: &Job) -> Option<String> {
    let c = model.content;
    Some(match job {
        Job::Home => paths::home(),
        Job::Section(s, p) => paths::section(s, *p),
        Job::Article(i) => paths::article(&c.articles[*i].slug),
        Job::Page(i) => paths::page(&c.pages[*i].slug),
        Job::Documents(f, p) => paths::documents(f, *p),
        Job::Document(i) => paths::document(&c.documents[*i].slug),
        Job::Search => paths::search_page(),
        Job::NotFound => return None,
    })
}

/// A sitemap file: its name, a key made of what it lists (without making it), and the
/// file made on demand.
pub struct Sitemap<'m> {
    pub name: String,
    pub key: u64,
    urls: Box<dyn Fn() -> Vec<(String, Option<String>)> + Sync + 'm>,
    base: &'m str,
    /// The index lists the other files (with their last changes) instead of pages.
    index: Option<Vec<(String, Option<String>)>>,
}

impl Sitemap<'_> {
    pub fn xml(&self) -> String {
        match &self.index {
            Some(files) => feeds::sitemap_index(self.base, files),
            None => feeds::sitemap(self.base, &(self.urls)()),
        }
    }
}

/// The sitemaps: `sitemap.xml` indexes one file of the site's lists and static pages,
/// one per year of articles and one per year of documents (each cut at
/// [`feeds::SITEMAP_URLS`]); a new article changes its year's file and the index. Each
/// comes with a key, so that a file whose pages are the same is not made again.
pub fn sitemaps<'m>(model: &'m Model) -> Vec<Sitemap<'m>> {
    /// Site paths with their last change.
    type Urls = Vec<(String, Option<String>)>;
    let c = model.content;
    let base = c.site.base_url.as_str();
    let when = move |i: usize| Some(c.articles[i].published.to_rfc3339_vietnam());
    let mut files: Vec<Sitemap> = Vec::new();
    // Lists and static pages: few, made each time.
    let mut pages = vec![(
        paths::home(),
        c.articles.first().map(|a| a.published.to_rfc3339_vietnam()),
    )];
    for (slug, page) in model.section_pages() {
        let newest = model
            .section_page_articles(slug, page)
            .first()
            .and_then(|&i| when(i));
        pages.push((paths::section(slug, page), newest));
    }
    if let Some(d) = c.documents.first() {
        pages.push((paths::documents(&DocFilter::default(), 0), Some(d.issued.iso())));
    }
    // Static pages have no date of their own.
    pages.extend(c.pages.iter().map(|p| (paths::page(&p.slug), None)));
    let mut lastmods: Vec<Option<String>> = vec![pages.iter().filter_map(|(_, m)| m.clone()).max()];
    files.push(Sitemap {
        name: "sitemap-trang.xml".into(),
        key: fingerprint(&pages),
        urls: Box::new(move || pages.clone()),
        base,
        index: None,
    });
    // Oldest first within a year, so that new ones come at the end.
    let mut by_year: std::collections::BTreeMap<i32, Vec<usize>> = Default::default();
    for (i, a) in c.articles.iter().enumerate().rev() {
        by_year.entry(a.published.year_vi()).or_default().push(i);
    }
    for (year, ids) in by_year {
        for (n, part) in ids.chunks(feeds::SITEMAP_URLS).enumerate() {
            let name = if n == 0 {
                format!("sitemap-bai-viet-{year}.xml")
            } else {
                format!("sitemap-bai-viet-{year}-{}.xml", n + 1)
            };
            let part = part.to_vec();
            let key = fingerprint(
                &part
                    .iter()
                    .map(|&i| (c.articles[i].slug.as_str(), c.articles[i].published))
                    .collect::<Vec<_>>(),
            );
            lastmods.push(
                part.iter()
                    .map(|&i| c.articles[i].published)
                    .max()
                    .map(|t| t.to_rfc3339_vietnam()),
            );
            files.push(Sitemap {
                name,
                key,
                urls: Box::new(move || -> Urls {
                    part.iter()
                        .map(|&i| (paths::article(&c.articles[i].slug), when(i)))
                        .collect()
                }),
                base,
                index: None,
            });
        }
    }
    let mut docs_by_year: std::collections::BTreeMap<i32, Vec<usize>> = Default::default();
    for (i, d) in c.documents.iter().enumerate().rev() {
        docs_by_year.entry(d.issued.year).or_default().push(i);
    }
    for (year, ids) in docs_by_year {
        for (n, part) in ids.chunks(feeds::SITEMAP_URLS).enumerate() {
            let name = if n == 0 {
                format!("sitemap-van-ban-{year}.xml")
            } else {
                format!("sitemap-van-ban-{year}-{}.xml", n + 1)
            };
            let part = part.to_vec();
            let key = fingerprint(
                &part
                    .iter()
                    .map(|&i| (c.documents[i].slug.as_str(), c.documents[i].issued))
                    .collect::<Vec<_>>(),
            );
            lastmods.push(part.iter().map(|&i| c.documents[i].issued).max().map(|d| d.iso()));
            files.push(Sitemap {
                name,
                key,
                urls: Box::new(move || -> Urls {
                    part.iter()
                        .map(|&i| {
                            let d = &c.documents[i];
                            (paths::document(&d.slug), Some(d.issued.iso()))
                        })
                        .collect()
                }),
                base,
                index: None,
            });
        }
    }
    let index: Vec<(String, Option<String>)> = files
        .iter()
        .zip(lastmods)
        .map(|(f, lastmod)| (f.name.clone(), lastmod))
        .collect();
    files.push(Sitemap {
        name: "sitemap.xml".into(),
        key: fingerprint(&index),
        urls: Box::new(Vec::new),
        base,
        index: Some(index),
    });
    // The base address is in every file.
    for f in &mut files {
        f.key = fingerprint(&(f.key, base));
    }
    files
}
