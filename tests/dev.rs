//! `cargo xtask serve` in development: portal-server with `--watch`, on a `--dev` build
//! of a copy of the content. The page loads under its Content-Security-Policy with no
//! violation (the live reload is part of the dev build's own hashed inline script), and
//! a saved change to an article is rebuilt and reloads the open page. A release build
//! has no such code. Uses the tools `cargo xtask test` builds (target/tools).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use support::browser::{Driver, Page, R};

const ARTICLE: &str = "/bai-viet/hoi-nghi-tong-ket-dan-van-kheo/";
const FILE: &str = "articles/hoi-nghi-tong-ket-dan-van-kheo.md";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tool(name: &str) -> PathBuf {
    let p = root().join("target/tools").join(name);
    assert!(
        p.exists(),
        "{} missing: run `cargo xtask test` (it builds the tools)",
        p.display()
    );
    p
}

struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn dev_pages_reload_after_a_saved_change_without_csp_violations() {
    let release = std::fs::read_to_string(root().join("dist/index.html")).expect("a release build in dist/");
    assert!(
        !release.contains("EventSource") && !release.contains("/_dev/"),
        "the release build has the live reload"
    );
    let tmp = std::env::temp_dir().join(format!("portal-dev-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    assert!(Command::new("cp")
        .arg("-r")
        .arg(root().join("content"))
        .arg(tmp.join("content"))
        .status()
        .unwrap()
        .success());
    let shell = root().join("target/shell");
    let dist = tmp.join("dist");
    let built = Command::new(tool("portal-build"))
        .arg("--dev")
        .arg("--content")
        .arg(tmp.join("content"))
        .arg("--shell")
        .arg(&shell)
        .arg("--out")
        .arg(&dist)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _server = Server(
        Command::new(tool("portal-server"))
            .arg("--dist")
            .arg(&dist)
            .arg("--port")
            .arg(port.to_string())
            .arg("--watch")
            .arg(&tmp)
            .arg("--shell")
            .arg(&shell)
            .env("PORTAL_BUILD_BIN", tool("portal-build"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "portal-server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let driver = Driver::start();
    let result = rt.block_on(async {
        let page = Page::open(&driver, &format!("http://127.0.0.1:{port}"), 390, 800).await?;
        let r = reloads(&page, &tmp.join("content")).await;
        page.close().await;
        r
    });
    let _ = std::fs::remove_dir_all(&tmp);
    if let Err(e) = result {
        panic!("{e}");
    }
}

async fn reloads(p: &Page, content: &Path) -> R {
    p.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "window.__csp = []; document.addEventListener('securitypolicyviolation', ev => window.__csp.push(ev.violatedDirective + ' ' + ev.blockedURI));" }),
    )
    .await?;
    p.goto(ARTICLE).await?;
    p.wait_text("main h1", "Dân vận khéo").await?;
    p.wait_app().await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let csp = p.js("return window.__csp").await?;
    if csp != json!([]) {
        return Err(format!("CSP violations on the dev page: {csp}"));
    }
    p.js("window.__before = true").await?;
    let file = content.join(FILE);
    let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    // The standfirst (the title would change the address).
    let changed = text.replacen("summary = \"Sáng 10/8,", "summary = \"Đã sửa: Sáng 10/8,", 1);
    if changed == text {
        return Err("the sample article's summary line changed".into());
    }
    std::fs::write(&file, changed).map_err(|e| e.to_string())?;
    p.poll(60, "the page to reload with the new standfirst", || async {
        let reloaded = p.js("return window.__before === undefined").await? == json!(true);
        let lead = p
            .js_string("return document.querySelector('.article-lead')?.textContent || ''")
            .await?;
        Ok((reloaded && lead.starts_with("Đã sửa:")).then_some(()))
    })
    .await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let csp = p.js("return window.__csp").await?;
    if csp != json!([]) {
        return Err(format!("CSP violations after the reload: {csp}"));
    }
    Ok(())
}
