//! The newsroom's screens in headless Chromium at a phone's width (360 px): signing in,
//! changing the given password, the home page, adding a user. Each screen has no
//! serious or critical axe-core violation, does not scroll sideways, and its controls
//! are at least 44 px tall. (What the server enforces is tested without a browser in
//! crates/newsroom/tests/accounts.rs.)

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::net::SocketAddr;
use std::path::PathBuf;

use newsroom::{router, Config, Newsroom, FIRST_ADMIN};
use support::browser::{Context, Driver, Page, R};

/// axe-core, sideways scrolling and touch targets on the current screen.
async fn screen_is_usable(p: &Page, name: &str) -> R {
    let violations = p.axe().await?;
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

async fn fill(p: &Page, css: &str, text: &str) -> R {
    p.find(css).await?.send_keys(text).await.ctx(css)
}

/// Submits the page's main form and waits for the next page at `then` (which may be the
/// same address: the page is marked first, and the new one has no mark).
async fn submit(p: &Page, then: &str) -> R {
    p.js("window.__before = true").await?;
    p.find("main form.stack button[type=submit]")
        .await?
        .click()
        .await
        .ctx("submit")?;
    p.poll(10, then, || async {
        let loaded = p
            .js("return window.__before === undefined && document.readyState === 'complete'")
            .await?;
        Ok((loaded == serde_json::json!(true) && p.path().await? == then).then_some(()))
    })
    .await
}

async fn screens(p: &Page, one_time: &str) -> R {
    p.goto("/dang-nhap").await?;
    screen_is_usable(p, "Đăng nhập").await?;
    fill(p, "#ten", FIRST_ADMIN).await?;
    fill(p, "#mat-khau", one_time).await?;
    submit(p, "/mat-khau").await?;
    screen_is_usable(p, "Đổi mật khẩu").await?;
    fill(p, "#cu", one_time).await?;
    fill(p, "#moi", "mật khẩu riêng 2026").await?;
    submit(p, "/").await?;
    let h1 = p
        .js_string("return document.querySelector('h1').textContent")
        .await?;
    check!(h1 == "Xin chào, Quản trị", "home: “{h1}”");
    screen_is_usable(p, "Trang chính").await?;
    p.goto("/nguoi-dung").await?;
    screen_is_usable(p, "Người dùng").await?;
    fill(p, "#ten", "phongvien1").await?;
    fill(p, "#ho-ten", "Nguyễn Thị Lan").await?;
    submit(p, "/nguoi-dung").await?;
    let made = p
        .js_string("return document.querySelector('.made')?.textContent || ''")
        .await?;
    check!(made.contains("phongvien1"), "no new account shown: “{made}”");
    screen_is_usable(p, "Người dùng (tài khoản mới)").await
}

#[test]
fn the_newsroom_screens_work_on_a_phone() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let data = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("newsroom-browser");
    let _ = std::fs::remove_dir_all(&data);
    let (newsroom, one_time) = Newsroom::open(Config {
        data,
        secure_cookies: false,
        behind_proxy: false,
    })
    .unwrap();
    let one_time = one_time.expect("a first administrator");
    let result: R = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = router(newsroom).into_make_service_with_connect_info::<SocketAddr>();
        tokio::spawn(async move { axum::serve(listener, app).await });
        let driver = Driver::start();
        let p = Page::open(&driver, &base, 360, 740).await?;
        let result = screens(&p, &one_time).await;
        let result = match result {
            Err(e) => Err(match p.screenshot("newsroom").await {
                Some(shot) => format!("{e}\n(screenshot: {})", shot.display()),
                None => e,
            }),
            ok => ok,
        };
        p.close().await;
        result
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
