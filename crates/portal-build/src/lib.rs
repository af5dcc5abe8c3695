//! The whole site, from `content/` and the app shell trunk built, into one folder:
//!
//! 1. the content build (`portal-content`): every file checked, every problem reported
//!    with `file:line`; nothing is written when there is one;
//! 2. the JSON API, and the media and attachments content refers to (checked by their
//!    bytes);
//! 3. the page build (`portal-prerender`): every route as HTML, feeds, sitemap, headers,
//!    the link check;
//! 4. the app's files from the shell, `.br`/`.gz` copies of text files, and the output
//!    folder replaced in one step ([`output::write_atomically`]).
//!
//! Used by the `portal-build` command, the dev server and the tests.

pub mod compress;
pub mod output;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use portal_content::Diagnostic;
use portal_prerender::Files;

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
    pub html_pages: usize,
    pub feeds: usize,
    pub files: usize,
    pub bytes: u64,
    pub compressed: usize,
    pub unused_assets: usize,
    /// Time per stage, in order.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Report {
    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} bài viết, {} trang tĩnh, {} văn bản → {} trang HTML, {} nguồn RSS, {} tệp ({} KB), {} tệp nén sẵn",
            self.articles,
            self.pages,
            self.documents,
            self.html_pages,
            self.feeds,
            self.files,
            self.bytes / 1000,
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
        write!(f, " ({})", stages.join(", "))
    }
}

/// The app's files trunk built: `index.html` and every other file (by path from the
/// shell's root).
fn read_shell(dir: &Path) -> Result<(portal_prerender::Shell, Files), Failure> {
    let io =
        |e: std::io::Error, p: &Path| Failure::Io(format!("{}: {e} (chạy `trunk build` trước)", p.display()));
    let index_path = dir.join("index.html");
    let index = std::fs::read_to_string(&index_path).map_err(|e| io(e, &index_path))?;
    let mut files = Files::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).map_err(|e| io(e, &d))? {
            let p = e.map_err(|e| io(e, &d))?.path();
            let meta = std::fs::symlink_metadata(&p).map_err(|e| io(e, &p))?;
            if meta.is_dir() {
                stack.push(p);
            } else if meta.is_file() && p != index_path {
                let rel = p
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                files.insert(rel, std::fs::read(&p).map_err(|e| io(e, &p))?);
            }
        }
    }
    let names = files.keys().cloned().collect();
    Ok((portal_prerender::Shell { index, files: names }, files))
}

/// Builds the site into `opts.out`; on failure the folder is left as it was.
pub fn build(opts: &Options) -> Result<Report, Failure> {
    let mut report = Report::default();
    let mut stage = {
        let mut last = Instant::now();
        move |report: &mut Report, name: &'static str| {
            let now = Instant::now();
            report.stages.push((name, now - last));
            last = now;
        }
    };
    let content = portal_content::load(&opts.content).map_err(Failure::Content)?;
    stage(&mut report, "nội dung");
    report.articles = content.articles.len();
    report.pages = content.pages.len();
    report.documents = content.documents.len();
    report.unused_assets = content.unused_assets;
    let api = portal_content::output::render(&content);
    drop(content);
    stage(&mut report, "API và chỉ mục tìm kiếm");
    let (shell, shell_files) = read_shell(&opts.shell)?;
    let built = portal_prerender::build(&api, &shell, portal_prerender::Options { dev_reload: opts.dev })
        .map_err(Failure::Pages)?;
    stage(&mut report, "trang");
    report.html_pages = built.pages;
    report.feeds = built.feeds;
    let mut files = api;
    files.extend(shell_files);
    files.extend(built.files);
    report.files = files.len();
    report.bytes = files.values().map(|b| b.len() as u64).sum();
    if opts.compress {
        let copies = compress::precompress(&files);
        report.compressed = copies.len() / 2;
        files.extend(copies);
        stage(&mut report, "nén");
    }
    output::write_atomically(&opts.out, &files)
        .map_err(|e| Failure::Io(format!("không ghi được {}: {e}", opts.out.display())))?;
    stage(&mut report, "ghi");
    Ok(report)
}
