//! `portal-build`: the whole site into one folder (see the library's documentation).
//!
//! ```text
//! portal-build [--content DIR] [--shell DIR] [--out DIR] [--no-compress] [--dev] [--stay]
//! portal-build --compress-only DIR
//! ```
//! Defaults: `--content content --shell target/shell --out dist`. `--dev` adds the live
//! reload of `cargo xtask serve` (never use it for a site that is published) and skips
//! the precompressed copies. `--stay` builds, then builds again each time a line is
//! read from standard input, reading only what changed (the newsroom does the same in
//! its own process); it prints one summary line per build and stops at the end of the
//! input. Exit status: 0 built, 1 problems in the content or the pages (all listed,
//! the output left as it was), 2 usage or I/O.

use std::path::PathBuf;
use std::process::ExitCode;

use portal_build::{Builder, Failure, Options};

fn main() -> ExitCode {
    let mut opts = Options {
        content: "content".into(),
        shell: "target/shell".into(),
        out: "dist".into(),
        compress: true,
        dev: false,
        search: Default::default(),
    };
    let mut stay = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut dir = |what: &str| -> Result<PathBuf, ExitCode> {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| usage(&format!("{what} cần một thư mục")))
        };
        match a.as_str() {
            "--content" => match dir("--content") {
                Ok(d) => opts.content = d,
                Err(e) => return e,
            },
            "--shell" => match dir("--shell") {
                Ok(d) => opts.shell = d,
                Err(e) => return e,
            },
            "--out" => match dir("--out") {
                Ok(d) => opts.out = d,
                Err(e) => return e,
            },
            "--no-compress" => opts.compress = false,
            "--stay" => stay = true,
            // Precompress a folder as the build does (the search benchmark's site).
            "--compress-only" => {
                let Ok(d) = dir("--compress-only") else {
                    return usage("--compress-only cần một thư mục");
                };
                return match portal_build::compress::precompress_dir(&d) {
                    Ok(n) => {
                        println!("portal-build: {n} tệp nén sẵn trong {}", d.display());
                        ExitCode::SUCCESS
                    }
                    Err(e) => {
                        eprintln!("portal-build: nén {}: {e}", d.display());
                        ExitCode::from(2)
                    }
                };
            }
            "--dev" => {
                opts.dev = true;
                opts.compress = false;
            }
            "-h" | "--help" => {
                println!("portal-build [--content DIR] [--shell DIR] [--out DIR] [--no-compress] [--dev] [--stay]\n\nDựng toàn bộ trang (nội dung, API, các trang HTML, nguồn RSS, tệp nén sẵn) vào thư mục --out (mặc định dist/).\n--stay: dựng xong thì chờ; mỗi dòng đọc từ đầu vào chuẩn là một lần dựng lại, chỉ đọc những gì đã thay đổi.");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("tham số lạ: {other}")),
        }
    }
    let out = opts.out.clone();
    let mut builder = Builder::new(opts);
    let mut status = once(&mut builder, &out, stay);
    if stay {
        for line in std::io::stdin().lines() {
            if line.is_err() {
                break;
            }
            status = once(&mut builder, &out, stay);
        }
    }
    status
}

/// One build, with its summary line (on standard output, flushed: a process that
/// drives `--stay` waits for it, and for `portal-build: lỗi` when it failed).
fn once(builder: &mut Builder, out: &std::path::Path, stay: bool) -> ExitCode {
    use std::io::Write as _;
    let status = match builder.build() {
        Ok(report) => {
            println!(
                "portal-build: {report} → {} trong {:.2} s",
                out.display(),
                report.total().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(Failure::Io(e)) => {
            eprintln!("portal-build: {e}");
            if stay {
                println!("portal-build: lỗi");
            }
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("{e}");
            eprintln!("portal-build: không ghi gì, {} giữ nguyên.", out.display());
            if stay {
                println!("portal-build: lỗi");
            }
            ExitCode::from(1)
        }
    };
    let _ = std::io::stdout().flush();
    status
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("portal-build: {msg}\nDùng: portal-build [--content DIR] [--shell DIR] [--out DIR] [--no-compress] [--dev] [--stay]");
    ExitCode::from(2)
}
