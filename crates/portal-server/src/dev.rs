//! Development: rebuild on every saved change, then tell the open pages to reload.
//!
//! A change in `content/` rebuilds the site; a change in the app or its shared code
//! (`src/`, `style/`, `index.html`, `public/`, `crates/`) builds the app with trunk
//! first. Both run as the commands a developer would type (`trunk build`, `cargo run
//! … portal-build -- --dev`), so a change in the build's own code is picked up too. The
//! pages of a `--dev` build listen to `/_dev/events` (their inline script, allowed by
//! the build's Content-Security-Policy; a release build has no such code).

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::get;
use axum::Router;
use futures_util::Stream;
use notify::{RecursiveMode, Watcher};
use tokio::sync::broadcast;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::StreamExt;

/// `/_dev/events`: one message each time the site has been rebuilt.
pub fn events(reload: broadcast::Sender<()>) -> Router {
    Router::new().route(
        "/_dev/events",
        get(move || {
            let rx = reload.subscribe();
            async move { sse(rx) }
        }),
    )
}

fn sse(rx: broadcast::Receiver<()>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = BroadcastStream::new(rx).map(|_| Ok(Event::default().data("reload")));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// What a change needs rebuilt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rebuild {
    Site,
    AppAndSite,
}

/// What a changed path (relative to the project root) needs, if anything.
pub fn needs(rel: &Path) -> Option<Rebuild> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = rel.file_name()?.to_str()?;
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
        return None;
    }
    match first {
        "content" => Some(Rebuild::Site),
        "src" | "style" | "public" | "crates" | "index.html" | "Cargo.toml" => Some(Rebuild::AppAndSite),
        _ => None,
    }
}

/// Where the builds read and write.
#[derive(Clone, Debug)]
pub struct Project {
    pub root: PathBuf,
    /// trunk's output.
    pub shell: PathBuf,
    /// The site served.
    pub out: PathBuf,
}

/// The site build's command: `cargo run … portal-build`, or the binary that
/// `PORTAL_BUILD_BIN` names (the tests, which have it built already).
fn site_build() -> Command {
    match std::env::var_os("PORTAL_BUILD_BIN") {
        Some(bin) => Command::new(bin),
        None => {
            let mut c = Command::new("cargo");
            c.args([
                "run",
                "--quiet",
                "--profile",
                "tools",
                "--package",
                "portal-build",
                "--",
            ]);
            c
        }
    }
}

/// Runs the builds, printing their output; true when the site was rebuilt.
pub fn rebuild(p: &Project, what: Rebuild) -> bool {
    let run = |c: &mut Command| c.current_dir(&p.root).status().is_ok_and(|s| s.success());
    if what == Rebuild::AppAndSite && !run(Command::new("trunk").arg("build")) {
        eprintln!("portal-server: trunk build lỗi; trang giữ bản trước.");
        return false;
    }
    let ok = run(site_build()
        .arg("--dev")
        .arg("--content")
        .arg(p.root.join("content"))
        .arg("--shell")
        .arg(&p.shell)
        .arg("--out")
        .arg(&p.out));
    if !ok {
        eprintln!("portal-server: dựng trang lỗi (xem ở trên); trang giữ bản trước.");
    }
    ok
}

/// Watches the project and rebuilds its site after each burst of changes, then
/// announces it on `reload`. Runs until the process ends.
pub fn watch(project: Project, reload: broadcast::Sender<()>) -> notify::Result<()> {
    let root = project.root.clone();
    let (tx, rx) = mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            if !matches!(ev.kind, notify::EventKind::Access(_)) {
                for p in ev.paths {
                    let _ = tx.send(p);
                }
            }
        }
    })?;
    for dir in ["content", "src", "style", "public", "crates"] {
        if root.join(dir).exists() {
            watcher.watch(&root.join(dir), RecursiveMode::Recursive)?;
        }
    }
    if root.join("index.html").exists() {
        watcher.watch(&root.join("index.html"), RecursiveMode::NonRecursive)?;
    }
    std::thread::spawn(move || {
        let _watcher = watcher;
        while let Ok(first) = rx.recv() {
            // Editors write a file in several steps: wait for the burst to end.
            let mut changed = vec![first];
            while let Ok(p) = rx.recv_timeout(Duration::from_millis(300)) {
                changed.push(p);
            }
            let what = changed
                .iter()
                .filter_map(|p| p.strip_prefix(&root).ok().and_then(needs))
                .max();
            if let Some(what) = what {
                eprintln!("portal-server: có thay đổi, đang dựng lại…");
                if rebuild(&project, what) {
                    let _ = reload.send(());
                }
            }
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_each_change_rebuilds() {
        assert_eq!(needs(Path::new("content/articles/a.md")), Some(Rebuild::Site));
        assert_eq!(needs(Path::new("src/routes/home.rs")), Some(Rebuild::AppAndSite));
        assert_eq!(needs(Path::new("style/main.css")), Some(Rebuild::AppAndSite));
        assert_eq!(needs(Path::new("content/articles/.a.md.swp")), None);
        assert_eq!(needs(Path::new("content/articles/a.md~")), None);
        assert_eq!(needs(Path::new("target/debug/x")), None);
        assert_eq!(needs(Path::new("dist/index.html")), None);
    }
}
