//! Headless Chromium through chromedriver, and the page helpers the tests use.

use std::future::Future;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub type R<T = ()> = Result<T, String>;

/// Turns any error into the test's failure message, with context.
pub trait Context<T> {
    fn ctx(self, what: &str) -> R<T>;
}

impl<T, E: std::fmt::Display> Context<T> for Result<T, E> {
    fn ctx(self, what: &str) -> R<T> {
        self.map_err(|e| format!("{what}: {e}"))
    }
}

/// Fails the test with a message unless the condition holds.
#[macro_export]
macro_rules! check {
    ($cond:expr, $($fmt:tt)+) => {
        let ok: bool = $cond;
        if !ok {
            return Err(format!($($fmt)+));
        }
    };
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A chromedriver process, killed on drop.
pub struct Driver {
    pub url: String,
    child: Child,
}

impl Driver {
    pub fn start() -> Driver {
        let port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver on PATH (cargo xtask setup installs Debian's chromium-driver)");
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            url: format!("http://127.0.0.1:{port}"),
            child,
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One browser (a fresh Chromium profile) on one site.
pub struct Page {
    pub c: Client,
    pub base: String,
    profile: PathBuf,
}

impl Page {
    pub async fn open(driver: &Driver, base: &str, width: u32, height: u32) -> R<Page> {
        let profile =
            std::env::temp_dir().join(format!("portal-chromium-{}-{}", std::process::id(), free_port()));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                    format!("--user-data-dir={}", profile.display()),
                    format!("--window-size={width},{height}"),
                ],
            }),
        );
        let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .ctx("start Chromium")?;
        let page = Page {
            c,
            base: base.to_string(),
            profile,
        };
        page.c.set_window_size(width, height).await.ctx("window size")?;
        Ok(page)
    }

    pub async fn close(self) {
        let _ = self.c.close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn goto(&self, path: &str) -> R {
        self.c.goto(&self.url(path)).await.ctx(&format!("open {path}"))
    }

    pub async fn path(&self) -> R<String> {
        let u = self.c.current_url().await.ctx("current URL")?;
        Ok(u.path().to_string())
    }

    pub async fn js(&self, script: &str) -> R<Value> {
        self.c
            .execute(script, vec![])
            .await
            .ctx(&format!("run `{script}`"))
    }

    /// A number from an expression, e.g. `window.scrollY`.
    pub async fn js_f64(&self, expr: &str) -> R<f64> {
        let script = format!("return {expr}");
        let script = script.as_str();
        self.js(script)
            .await?
            .as_f64()
            .ok_or_else(|| format!("`{script}` is not a number"))
    }

    pub async fn js_string(&self, script: &str) -> R<String> {
        Ok(self.js(script).await?.as_str().unwrap_or_default().to_string())
    }

    /// Waits until the app has taken over the prerendered page (trunk's loader sets
    /// `window.wasmBindings` once the Wasm has started) and the page's own controls work
    /// (they come 250 ms after `load`, the app a frame after it: either may be first).
    pub async fn wait_app(&self) -> R {
        self.poll(20, "the app to start", || async {
            Ok((self.js("return typeof window.wasmBindings").await? == json!("object")).then_some(()))
        })
        .await?;
        self.wait_controls().await
    }

    /// Waits until the page's own controls (`controls.js`, which come a moment after the
    /// page has loaded) are working: text size, contrast, share, read-aloud.
    pub async fn wait_controls(&self) -> R {
        self.poll(10, "the page's controls", || async {
            Ok((self.js("return window.portalControls === true").await? == json!(true)).then_some(()))
        })
        .await
    }

    /// Waits up to `secs` for `probe` to return Some.
    pub async fn poll<T, F, Fut>(&self, secs: u64, what: &str, mut probe: F) -> R<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = R<Option<T>>>,
    {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(v) = probe().await? {
                return Ok(v);
            }
            if Instant::now() > deadline {
                return Err(format!("timed out after {secs} s waiting for {what}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits for an element matching `css` whose text contains `text`; returns its text.
    /// The text is the element's text content with white space collapsed (as written,
    /// before CSS `text-transform`).
    pub async fn wait_text(&self, css: &str, text: &str) -> R<String> {
        self.wait_text_for(css, text, 10).await
    }

    pub async fn wait_text_for(&self, css: &str, text: &str, secs: u64) -> R<String> {
        self.poll(secs, &format!("`{css}` containing “{text}”"), || async {
            let texts = self
                .c
                .execute(
                    "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.replace(/\\s+/g, ' ').trim())",
                    vec![json!(css)],
                )
                .await
                .ctx("read text")?;
            Ok(texts
                .as_array()
                .and_then(|a| a.iter().filter_map(Value::as_str).find(|t| t.contains(text)))
                .map(String::from))
        })
        .await
    }

    pub async fn find(&self, css: &str) -> R<Element> {
        self.c.find(Locator::Css(css)).await.ctx(&format!("find `{css}`"))
    }

    pub async fn count(&self, css: &str) -> R<usize> {
        Ok(self.c.find_all(Locator::Css(css)).await.ctx("find all")?.len())
    }

    /// Clicks like a script would (no scrolling into view first), so that the scroll
    /// position at the moment of the click is the one the test set.
    pub async fn click_js(&self, css: &str) -> R {
        let found = self
            .c
            .execute(
                "const e = document.querySelector(arguments[0]); if (e) { e.click(); return true; } return false;",
                vec![json!(css)],
            )
            .await
            .ctx("click")?;
        check!(found == json!(true), "no element `{css}` to click");
        Ok(())
    }

    /// Computed style property of the first element matching `css`.
    pub async fn style(&self, css: &str, prop: &str) -> R<String> {
        let v = self
            .c
            .execute(
                "const e = document.querySelector(arguments[0]); return e ? getComputedStyle(e).getPropertyValue(arguments[1]) : null;",
                vec![json!(css), json!(prop)],
            )
            .await
            .ctx("computed style")?;
        v.as_str()
            .map(String::from)
            .ok_or_else(|| format!("no element `{css}`"))
    }

    pub async fn font_px(&self, css: &str) -> R<f64> {
        let v = self.style(css, "font-size").await?;
        v.trim_end_matches("px")
            .parse()
            .map_err(|_| format!("font-size `{v}`"))
    }

    /// Runs a Chrome DevTools command (e.g. to emulate print media).
    pub async fn cdp(&self, cmd: &str, params: Value) -> R<Value> {
        self.c
            .issue_cmd(Cdp {
                cmd: cmd.to_string(),
                params,
            })
            .await
            .ctx(cmd)
    }

    /// DevTools' `nodeId`s of the elements matching `css`, in document order (for the
    /// `CSS` and `Accessibility` commands).
    pub async fn node_ids(&self, css: &str) -> R<Vec<i64>> {
        let doc = self.cdp("DOM.getDocument", json!({ "depth": 0 })).await?;
        let found = self
            .cdp(
                "DOM.querySelectorAll",
                json!({ "nodeId": doc["root"]["nodeId"], "selector": css }),
            )
            .await?;
        Ok(found["nodeIds"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
            .collect())
    }

    /// axe-core on the current page: violations of impact serious or critical.
    pub async fn axe(&self) -> R<Vec<Value>> {
        self.axe_run(false, false).await
    }

    /// axe-core on the current page: violations of any impact, and with `enhanced`
    /// also of WCAG AAA's contrast of 7:1 (1.4.6).
    pub async fn axe_all(&self, enhanced: bool) -> R<Vec<Value>> {
        self.axe_run(true, enhanced).await
    }

    async fn axe_run(&self, every_impact: bool, enhanced: bool) -> R<Vec<Value>> {
        let source = std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js"),
        )
        .ctx("node_modules/axe-core (cargo xtask setup installs it)")?;
        self.js(&source).await?;
        let result = self
            .c
            .execute_async(
                "const [everyImpact, enhanced, done] = arguments;
                 const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
                 const options = { runOnly: { type: 'tag', values: tags } };
                 if (enhanced) options.rules = { 'color-contrast-enhanced': { enabled: true } };
                 axe.run(document, options)
                   .then(r => done(r.violations.filter(v => everyImpact || v.impact === 'serious' || v.impact === 'critical')
                     .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }))))
                   .catch(e => done([{ id: 'axe-error', help: String(e) }]));",
                vec![json!(every_impact), json!(enhanced)],
            )
            .await
            .ctx("axe.run")?;
        Ok(result.as_array().cloned().unwrap_or_default())
    }

    /// A PNG of the page, for a failed test's report.
    pub async fn screenshot(&self, name: &str) -> Option<PathBuf> {
        let png = self.c.screenshot().await.ok()?;
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-failures");
        std::fs::create_dir_all(&dir).ok()?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).ok()?;
        Some(path)
    }
}

#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()),
        )
    }
}
