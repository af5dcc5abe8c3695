//! `portal-content`: checks `content/` and writes the JSON API.
//!
//! ```text
//! portal-content [--content DIR] [--export-text FILE]
//! portal-content generate [--articles N] [--documents M] [--sections S] [--out DIR] [--seed S]
//! ```
//! The first form checks `DIR` (default `content`) and reports every problem with its
//! `file:line` (`portal-build` makes the site). The second form writes a synthetic
//! corpus (default 10,000 articles into `target/corpus/content`) for benchmarks and
//! scale tests.
//! `--export-text FILE` also writes what search indexes, one JSON object per line
//! (`url`, `title`, `text`, in index order), for the search benchmark.
//! Exit status: 0 valid, 1 content errors (all listed, with file:line), 2 usage or I/O.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("generate") {
        return generate(std::env::args().skip(2));
    }
    let mut content = PathBuf::from("content");
    let mut export_text: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--content" => match args.next() {
                Some(v) => content = v.into(),
                None => return usage("--content cần một thư mục"),
            },
            // Kept for scripts written for earlier versions: checking is the default.
            "--check" => {}
            "--export-text" => match args.next() {
                Some(v) => export_text = Some(v.into()),
                None => return usage("--export-text cần một tệp"),
            },
            "-h" | "--help" => {
                println!("portal-content [--content DIR] [--export-text FILE]\nportal-content generate [--articles N] [--documents M] [--sections S] [--out DIR] [--seed S]\n\nKiểm tra nội dung trong DIR (mặc định content/), báo mọi lỗi kèm tệp:dòng. Trang web do portal-build dựng.");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("tham số lạ: {other}")),
        }
    }
    let started = Instant::now();
    let loaded = match portal_content::load(&content) {
        Ok(c) => c,
        Err(diags) => {
            for d in &diags {
                eprintln!("lỗi: {d}");
            }
            eprintln!("portal-content: {} lỗi trong {}.", diags.len(), content.display());
            return ExitCode::from(1);
        }
    };
    if let Some(path) = &export_text {
        if let Err(e) = std::fs::write(path, portal_content::output::text_export(&loaded)) {
            eprintln!("portal-content: không ghi được {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    println!(
        "portal-content: nội dung hợp lệ ({} bài viết, {} trang, {} văn bản, {} tệp ảnh và đính kèm được dùng; {} tệp không được dùng nên không xuất bản) ({:.2} s).",
        loaded.articles.len(),
        loaded.pages.len(),
        loaded.documents.len(),
        loaded.assets.len(),
        loaded.unused_assets,
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("portal-content: {msg}\nDùng: portal-content [--content DIR] [--export-text FILE]");
    ExitCode::from(2)
}

fn generate(mut args: impl Iterator<Item = String>) -> ExitCode {
    let mut corpus = portal_content::generate::Corpus {
        articles: 10_000,
        documents: 0,
        sections: 5,
        seed: 2026,
    };
    let mut documents = None;
    let mut out = PathBuf::from("target/corpus/content");
    while let Some(arg) = args.next() {
        let value = args.next();
        let number = |v: Option<String>, what: &str| -> Result<usize, ExitCode> {
            v.and_then(|v| v.parse().ok())
                .ok_or_else(|| usage(&format!("{what} cần một số")))
        };
        let r = match arg.as_str() {
            "--articles" => number(value, "--articles").map(|n| corpus.articles = n),
            "--documents" => number(value, "--documents").map(|n| documents = Some(n)),
            "--sections" => number(value, "--sections").map(|n| corpus.sections = n),
            "--seed" => number(value, "--seed").map(|n| corpus.seed = n as u64),
            "--out" => match value {
                Some(v) => {
                    out = v.into();
                    Ok(())
                }
                None => Err(usage("--out cần một thư mục")),
            },
            other => Err(usage(&format!("tham số lạ: {other}"))),
        };
        if let Err(code) = r {
            return code;
        }
    }
    // One document for every five articles, unless told.
    corpus.documents = documents.unwrap_or(corpus.articles / 5);
    let started = Instant::now();
    if let Err(e) = portal_content::generate::generate(&out, corpus) {
        eprintln!("portal-content: không ghi được {}: {e}", out.display());
        return ExitCode::from(2);
    }
    println!(
        "portal-content: {} bài viết, {} văn bản, {} chuyên mục tổng hợp trong {} ({:.2} s)",
        corpus.articles,
        corpus.documents,
        corpus.sections,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
