//! `portal-content`: checks `content/` and writes the JSON API.
//!
//! ```text
//! portal-content [--content DIR] [--out DIR] [--check]
//! ```
//! Defaults: `--content content --out public/api`. With `--check` nothing is written.
//! Exit status: 0 valid, 1 content errors (all listed, with file:line), 2 usage or I/O.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut content = PathBuf::from("content");
    let mut out = PathBuf::from("public/api");
    let mut check_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--content" => match args.next() {
                Some(v) => content = v.into(),
                None => return usage("--content cần một thư mục"),
            },
            "--out" => match args.next() {
                Some(v) => out = v.into(),
                None => return usage("--out cần một thư mục"),
            },
            "--check" => check_only = true,
            "-h" | "--help" => {
                println!("portal-content [--content DIR] [--out DIR] [--check]\n\nKiểm tra nội dung trong DIR (mặc định content/) và ghi API JSON vào --out (mặc định public/api).");
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
            eprintln!(
                "portal-content: {} lỗi trong {}; không ghi gì, {} giữ nguyên.",
                diags.len(),
                content.display(),
                out.display()
            );
            return ExitCode::from(1);
        }
    };
    if check_only {
        println!(
            "portal-content: nội dung hợp lệ ({} bài viết).",
            loaded.articles.len()
        );
        return ExitCode::SUCCESS;
    }
    let files = portal_content::output::render(&loaded);
    let bytes: usize = files.values().map(Vec::len).sum();
    if let Err(e) = portal_content::output::write_atomically(&out, &files) {
        eprintln!("portal-content: không ghi được {}: {e}", out.display());
        return ExitCode::from(2);
    }
    println!(
        "portal-content: {} bài viết, {} chuyên mục → {} tệp (API JSON, chỉ mục tìm kiếm; {} KB) trong {} ({:.2} s)",
        loaded.articles.len(),
        loaded.site.sections.len(),
        files.len(),
        bytes / 1024,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("portal-content: {msg}\nDùng: portal-content [--content DIR] [--out DIR] [--check]");
    ExitCode::from(2)
}
