//! The newsroom in the browser tests: a real server on a copy of the sample content,
//! and the steps every newsroom test takes (signing in, filling and sending forms,
//! checking a screen is usable on a phone).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ::newsroom::{router, Config, Newsroom};

use super::browser::{Context, Page, R};
use crate::check;

/// A newsroom served on a free port, its content a copy of the sample site's.
pub struct Desk {
    pub base: String,
    pub root: PathBuf,
    pub one_time: String,
    pub newsroom: Arc<Newsroom>,
}

impl Desk {
    /// Opens a newsroom in `CARGO_TARGET_TMPDIR/<name>` and serves it (inside a Tokio
    /// runtime). Its public site is built into `site/`.
    pub async fn start(name: &str) -> Desk {
        let project = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let shell = project.join("target/shell");
        assert!(
            shell.join("index.html").exists(),
            "{} has no app shell: run `cargo xtask test` (or `trunk build --release`) first",
            shell.display()
        );
        let editor = project.join("target/newsroom-editor");
        assert!(
            editor.join("newsroom_editor_bg.wasm").exists(),
            "{} has no body editor: run `cargo xtask test` first",
            editor.display()
        );
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&root);
        copy_dir(&project.join("content"), &root.join("content"));
        let (newsroom, one_time) = Newsroom::open(Config {
            data: root.join("data"),
            secure_cookies: false,
            behind_proxy: false,
            content: root.join("content"),
            shell,
            out: root.join("site"),
            compress: false,
            deploy: None,
            public_url: None,
            editor: Some(editor),
        })
        .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = router(newsroom.clone()).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Desk {
            base,
            root,
            one_time: one_time.expect("a first administrator"),
            newsroom,
        }
    }

    pub fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    /// A working copy's file in the content folder, read whole.
    pub fn working_copy(&self, id: &str) -> R<String> {
        let path = self.content().join(format!("toa-soan/bai-viet/{id}.md"));
        std::fs::read_to_string(&path).ctx(&path.display().to_string())
    }
}

/// The runtime a newsroom browser test runs in (the server, chromedriver's client).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A copy of the sample content, for the newsroom to keep in git and publish.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// axe-core (violations of every impact), sideways scrolling and touch targets on the
/// current screen.
pub async fn screen_is_usable(p: &Page, name: &str) -> R {
    let violations = p.axe_all(false).await?;
    check!(violations.is_empty(), "{name}: axe: {violations:?}");
    let found = p
        .js(
            "const small = [...document.querySelectorAll('a, button, input, select')]
               .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height < 44; })
               .map(e => e.outerHTML.slice(0, 80));
             return { wide: document.documentElement.scrollWidth > innerWidth, small };",
        )
        .await?;
    check!(found["wide"] == false, "{name}: the screen scrolls sideways");
    check!(
        found["small"].as_array().is_some_and(|a| a.is_empty()),
        "{name}: controls under 44 px: {}",
        found["small"]
    );
    Ok(())
}

pub async fn fill(p: &Page, css: &str, text: &str) -> R {
    p.find(css).await?.send_keys(text).await.ctx(css)
}

/// Sets a field's value at once (a select's option, a date), as if chosen.
pub async fn choose(p: &Page, css: &str, value: &str) -> R {
    let set =
        p.c.execute(
            "const e = document.querySelector(arguments[0]); if (!e) return false; \
             e.value = arguments[1]; e.dispatchEvent(new Event('change', {bubbles: true})); \
             return e.value === arguments[1];",
            vec![serde_json::json!(css), serde_json::json!(value)],
        )
        .await
        .ctx(css)?;
    check!(set == serde_json::json!(true), "`{css}` cannot take “{value}”");
    Ok(())
}

/// Submits the page's main form and waits for the next page at `then`.
pub async fn submit(p: &Page, then: &str) -> R {
    submit_form(p, "main form.stack", then).await
}

/// Clicks the submit button of the form `form` and waits for the next page at `then`
/// (which may be the same address: the page is marked first, and the new one has no
/// mark).
pub async fn submit_form(p: &Page, form: &str, then: &str) -> R {
    p.js("window.__before = true").await?;
    let button = format!("{form} button[type=submit]");
    p.find(&button).await?.click().await.ctx(&button)?;
    p.poll(10, then, || async {
        let loaded = p
            .js("return window.__before === undefined && document.readyState === 'complete'")
            .await?;
        Ok((loaded == serde_json::json!(true) && p.path().await? == then).then_some(()))
    })
    .await
}

/// Waits for the body editor to replace the textarea.
pub async fn editor_ready(p: &Page) -> R {
    p.poll(20, "the body editor", || async {
        Ok((p.count("#soan-thao").await? == 1).then_some(()))
    })
    .await
}

/// Signs in with a password someone gave (the first administrator's, or one a quản
/// trị gave) and replaces it by the officer's own, as the newsroom asks.
pub async fn first_sign_in(p: &Page, name: &str, given: &str, own: &str) -> R {
    p.goto("/dang-nhap").await?;
    fill(p, "#ten", name).await?;
    fill(p, "#mat-khau", given).await?;
    submit(p, "/mat-khau").await?;
    fill(p, "#cu", given).await?;
    fill(p, "#moi", own).await?;
    submit(p, "/").await
}

/// The text of the first element matching `css`, or "" when there is none.
pub async fn text_of(p: &Page, css: &str) -> R<String> {
    let t =
        p.c.execute(
            "const e = document.querySelector(arguments[0]); \
             return e ? e.textContent.replace(/\\s+/g, ' ').trim() : '';",
            vec![serde_json::json!(css)],
        )
        .await
        .ctx(css)?;
    Ok(t.as_str().unwrap_or_default().to_string())
}

/// A failed step's message, with the path of a screenshot of the page it failed on.
pub async fn with_screenshot<T>(p: &Page, name: &str, result: R<T>) -> R<T> {
    match result {
        Err(e) => Err(match p.screenshot(name).await {
            Some(shot) => format!("{e}\n(screenshot: {})", shot.display()),
            None => e,
        }),
        ok => ok,
    }
}
