//! `portal-server`: serves a built site as a static host would.
//!
//! ```text
//! portal-server [--dist DIR] [--port N] [--watch ROOT [--shell DIR]]
//! ```
//! Defaults: `--dist dist --port 8080`, on 127.0.0.1. With `--watch`, the project at ROOT
//! is rebuilt into DIR on every saved change and open pages reload (development:
//! `cargo xtask serve`); the app shell is read from `--shell` (default
//! `ROOT/target/shell`). For a public site use nginx or a CDN (README.md, Deploying).

use std::path::PathBuf;
use std::process::ExitCode;

use portal_server::{dev, site};

#[tokio::main]
async fn main() -> ExitCode {
    let mut dist = PathBuf::from("dist");
    let mut port: u16 = 8080;
    let mut watch: Option<PathBuf> = None;
    let mut shell: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--dist", Some(v)) => dist = v.into(),
            ("--watch", Some(v)) => watch = Some(v.into()),
            ("--shell", Some(v)) => shell = Some(v.into()),
            ("--port", Some(v)) => match v.parse() {
                Ok(p) => port = p,
                Err(_) => return usage("--port cần một số"),
            },
            (other, _) => return usage(&format!("tham số lạ: {other}")),
        }
    }
    let (reload, _) = tokio::sync::broadcast::channel(16);
    let extra = match &watch {
        Some(root) => {
            let project = dev::Project {
                root: root.clone(),
                shell: shell.unwrap_or_else(|| root.join("target/shell")),
                out: dist.clone(),
            };
            if let Err(e) = dev::watch(project, reload.clone()) {
                eprintln!("portal-server: không theo dõi được {}: {e}", root.display());
                return ExitCode::from(2);
            }
            dev::events(reload)
        }
        None => axum::Router::new(),
    };
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("portal-server: không mở được cổng {port}: {e}");
            return ExitCode::from(2);
        }
    };
    println!(
        "portal-server: cổng thông tin tại http://127.0.0.1:{port}/ (thư mục {}){}",
        dist.display(),
        if watch.is_some() {
            "; dựng lại khi lưu thay đổi"
        } else {
            ""
        }
    );
    match axum::serve(listener, site(dist, extra)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("portal-server: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage(msg: &str) -> ExitCode {
    eprintln!(
        "portal-server: {msg}\nDùng: portal-server [--dist DIR] [--port N] [--watch ROOT [--shell DIR]]"
    );
    ExitCode::from(2)
}
