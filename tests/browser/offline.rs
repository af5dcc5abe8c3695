//! Reading with no signal (issue 12): the service worker keeps what a resident read and
//! the build's own files; out of coverage (the test server closes every connection
//! unanswered, for the page and the worker alike) an article read before opens from its
//! copy and says so, one never read shows the offline page with the saved articles; a
//! new deploy replaces the old files; the copies are bounded; the portal installs.

use super::*;

/// Waits until the service worker controls the page and has saved the page itself.
async fn wait_saved(p: &Page) -> R {
    p.poll(30, "the service worker to save this page", || async {
        let saved = p
            .js(
                "const sw = navigator.serviceWorker; if (!sw || !sw.controller) return false; \
                 return caches.open('trang').then(c => c.match(location.origin + location.pathname)).then(r => !!r)",
            )
            .await?;
        Ok((saved == json!(true)).then_some(()))
    })
    .await
}

/// What the page says about being a saved copy ("" when it is not one).
async fn copy_note(p: &Page) -> R<String> {
    p.js_string("const n = document.querySelector('.ban-luu'); return n ? n.textContent : ''")
        .await
}

/// The saved pages' paths, least recently read first.
async fn saved_pages(p: &Page) -> R<Vec<String>> {
    let v = p
        .js("return caches.open('trang').then(c => c.keys()).then(k => k.map(r => new URL(r.url).pathname))")
        .await?;
    Ok(v.as_array()
        .ok_or("no list")?
        .iter()
        .filter_map(|s| s.as_str().map(String::from))
        .collect())
}

/// A reader who saves data: the pages without the app (so the page stays as the server
/// or the service worker gave it).
async fn save_data(p: &Page) -> R {
    p.cdp(
        "Emulation.setDataSaverOverride",
        json!({ "dataSaverEnabled": true }),
    )
    .await
    .map(|_| ())
}

pub async fn an_article_read_before_opens_offline_from_its_copy(e: &Env, p: &Page) -> R {
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    p.wait_app().await?;
    wait_saved(p).await?;
    // Time for the worker to have said so, had it served a copy.
    p.js("return new Promise(r => setTimeout(r, 500))").await?;
    check!(
        copy_note(p).await?.is_empty(),
        "a fresh page said it was a copy: {}",
        copy_note(p).await?
    );
    // The server failing (an overloaded one answers 503): the copy, not the error.
    e.server.fail(ARTICLE, Fault::Status(503));
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    p.wait_text(".ban-luu[role=status]", "Bạn đang xem bản lưu lúc")
        .await?;
    e.server.heal();
    e.server.set_down(true);
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    let note = p
        .wait_text(".ban-luu[role=status]", "Bạn đang xem bản lưu lúc")
        .await?;
    check!(note.contains("không có kết nối"), "the note: {note}");
    let hhmm = note
        .trim_start_matches("Bạn đang xem bản lưu lúc ")
        .get(..5)
        .unwrap_or_default()
        .to_string();
    check!(
        hhmm.len() == 5 && hhmm.as_bytes()[2] == b':',
        "the time of the copy: {note}"
    );
    // Its own files came from the worker's cache: styled, and the app starts.
    let header = p.style(".site-header", "background-color").await?;
    check!(header == "rgb(11, 79, 138)", "the copy unstyled: {header}");
    p.wait_app().await?;
    // In the app, a page never read: the app's message, with the saved article.
    p.click_js(&format!(".menu-list a[href='{SECTION}']")).await?;
    p.wait_text(".load-error", "Không tải được nội dung").await?;
    let saved = p
        .wait_text(
            &format!(".load-error bai-da-luu[aria-live=off] a[href='{ARTICLE}']"),
            ARTICLE_TITLE,
        )
        .await?;
    check!(saved.contains(ARTICLE_TITLE), "the saved article: {saved}");
    // Back in coverage: "Thử lại" shows the section, and the note goes.
    e.server.set_down(false);
    p.find(".load-error button").await?.click().await.ctx("Thử lại")?;
    h1(p, SECTION_NAME).await?;
    p.poll(10, "the note to go", || async {
        Ok(copy_note(p).await?.is_empty().then_some(()))
    })
    .await?;
    Ok(())
}

pub async fn a_page_never_read_shows_the_offline_page_with_the_saved_articles(e: &Env, p: &Page) -> R {
    save_data(p).await?;
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    wait_saved(p).await?;
    // Saving data, the worker did not fetch the app either.
    let app_fetched = dist_files()?
        .into_iter()
        .filter(|n| {
            n.ends_with("_bg.wasm")
                || (n.starts_with("portal-") || n.starts_with("boot-")) && n.ends_with(".js")
        })
        .map(|n| e.server.hits(&format!("/{n}")))
        .sum::<usize>();
    check!(
        app_fetched == 0,
        "the app's files were fetched {app_fetched} times"
    );
    e.server.set_down(true);
    p.goto(TABLE_ARTICLE).await?;
    h1(p, "Không có kết nối mạng").await?;
    let title = p.js_string("return document.title").await?;
    check!(
        title == format!("Không có kết nối mạng – {PORTAL_NAME}"),
        "title: {title}"
    );
    let saved = p
        .wait_text(&format!("bai-da-luu a[href='{ARTICLE}']"), ARTICLE_TITLE)
        .await?;
    check!(saved == ARTICLE_TITLE, "the saved article's name: {saved}");
    let count = p.count("bai-da-luu li").await?;
    check!(count == 1, "{count} saved articles listed (one read)");
    p.wait_text("bai-da-luu .saved-at", "lưu lúc").await?;
    check!(
        p.path().await? == TABLE_ARTICLE,
        "the address changed: {}",
        p.path().await?
    );
    let found = p.axe_all(false).await?;
    check!(found.is_empty(), "axe on the offline page: {found:?}");
    // The saved one opens from the list.
    p.click_js(&format!("bai-da-luu a[href='{ARTICLE}']")).await?;
    h1(p, ARTICLE_TITLE).await?;
    p.wait_text(".ban-luu", "Bạn đang xem bản lưu").await?;
    // Back in coverage, "Thử lại" on the offline page brings the article.
    p.goto(TABLE_ARTICLE).await?;
    h1(p, "Không có kết nối mạng").await?;
    e.server.set_down(false);
    p.click_js(".reload-button").await?;
    h1(p, "Vụ lúa Đông Xuân").await?;
    p.js("return new Promise(r => setTimeout(r, 500))").await?;
    check!(
        copy_note(p).await?.is_empty(),
        "a fresh page said it was a copy: {}",
        copy_note(p).await?
    );
    Ok(())
}

pub async fn the_saved_pages_are_bounded_least_recently_read_first_out(_e: &Env, p: &Page) -> R {
    const LIMIT: usize = 50;
    save_data(p).await?;
    // Every page of the build, sections and articles first.
    let dist = dist();
    let mut pages: Vec<String> = Vec::new();
    for dir in ["chuyen-muc", "bai-viet"] {
        let mut found: Vec<String> = std::fs::read_dir(dist.join(dir))
            .ctx(dir)?
            .filter_map(|f| f.ok()?.file_name().into_string().ok())
            .filter(|n| dist.join(dir).join(n).join("index.html").is_file())
            .map(|n| format!("/{dir}/{n}/"))
            .collect();
        found.sort();
        pages.extend(found);
    }
    check!(pages.len() > LIMIT + 1, "only {} pages", pages.len());
    let open = |path: String| async move {
        p.goto(&path).await?;
        p.poll(10, &format!("{path} to be saved"), || async {
            Ok(saved_pages(p)
                .await?
                .last()
                .is_some_and(|l| *l == path)
                .then_some(()))
        })
        .await
    };
    // The first page, then enough to fill the store, then the first again (read
    // recently now), then one more: the second is the one that goes.
    open(pages[0].clone()).await?;
    for path in &pages[1..LIMIT] {
        open(path.clone()).await?;
    }
    check!(
        saved_pages(p).await?.len() == LIMIT,
        "{} saved",
        saved_pages(p).await?.len()
    );
    open(pages[0].clone()).await?;
    open(pages[LIMIT].clone()).await?;
    let saved = saved_pages(p).await?;
    check!(saved.len() == LIMIT, "{} saved after one more", saved.len());
    check!(
        !saved.contains(&pages[1]),
        "the least recently read ({}) was kept",
        pages[1]
    );
    check!(
        saved.contains(&pages[0]) && saved.contains(&pages[2]) && saved.contains(&pages[LIMIT]),
        "a page read more recently went: {saved:?}"
    );
    Ok(())
}

pub async fn a_new_deploy_is_served_after_reload_with_no_mixed_files(e: &Env, p: &Page) -> R {
    p.goto("/").await?;
    p.wait_app().await?;
    wait_saved(p).await?;
    let worker = std::fs::read_to_string(dist().join("sw.js")).ctx("sw.js")?;
    let old_css = p
        .js_string("return new URL(document.querySelector('link[rel=stylesheet]').href).pathname")
        .await?;
    let version = worker
        .split("\"version\":\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .ok_or("no version in sw.js")?
        .to_string();
    let caches_now = p.js("return caches.keys()").await?;
    check!(
        caches_now
            .as_array()
            .is_some_and(|k| k.contains(&json!(format!("tai-san-{version}")))),
        "the build's files are not cached: {caches_now}"
    );
    // The new deploy: the stylesheet under a new name (its bytes and integrity the
    // same), the old one gone, the pages and the worker naming the new one.
    let new_css = old_css.replace("main-", "main-0d0d");
    let css = std::fs::read(dist().join(old_css.trim_start_matches('/'))).ctx("css")?;
    e.server.add_file(&new_css, "text/css; charset=utf-8", &css);
    e.server.fail(&old_css, Fault::Status(404));
    e.server.rewrite(&old_css, &new_css);
    let new_worker = worker
        .replace(&old_css, &new_css)
        .replace(&version, "0d0d0d0d0d0d0d0d");
    e.server
        .add_file("/sw.js", "text/javascript; charset=utf-8", new_worker.as_bytes());
    p.goto("/").await?;
    p.wait_text(".brand-name", PORTAL_NAME).await?;
    let css_now = p
        .js_string("return new URL(document.querySelector('link[rel=stylesheet]').href).pathname")
        .await?;
    check!(css_now == new_css, "after the deploy the page asks for {css_now}");
    let header = p.style(".site-header", "background-color").await?;
    check!(header == "rgb(11, 79, 138)", "the new page unstyled: {header}");
    // The new worker took over: the old version's cache is gone, the new one holds the
    // new stylesheet and not the old.
    p.poll(30, "the new worker's cache alone", || async {
        let keys = p.js("return caches.keys()").await?;
        let names: Vec<&str> = keys
            .as_array()
            .map(|a| a.iter().filter_map(|k| k.as_str()).collect())
            .unwrap_or_default();
        let ok = names.contains(&"tai-san-0d0d0d0d0d0d0d0d")
            && !names.iter().any(|n| *n == format!("tai-san-{version}"));
        Ok(ok.then_some(()))
    })
    .await?;
    let held = p
        .js(&format!(
            "return caches.open('tai-san-0d0d0d0d0d0d0d0d').then(c => Promise.all([c.match('{new_css}'), c.match('{old_css}')])).then(([n, o]) => [!!n, !!o])"
        ))
        .await?;
    check!(
        held == json!([true, false]),
        "new and old stylesheet held: {held}"
    );
    // The saved copy of the home page was fetched again for the new files: offline it
    // opens styled.
    p.poll(30, "the saved home page to name the new stylesheet", || async {
        let t = p
            .js_string("return caches.open('trang').then(c => c.match(location.origin + '/')).then(r => r ? r.text() : '')")
            .await?;
        Ok(t.contains(&new_css).then_some(()))
    })
    .await?;
    e.server.set_down(true);
    p.goto("/").await?;
    p.wait_text(".ban-luu", "Bạn đang xem bản lưu").await?;
    let header = p.style(".site-header", "background-color").await?;
    check!(
        header == "rgb(11, 79, 138)",
        "the copy after the deploy unstyled: {header}"
    );
    Ok(())
}

pub async fn the_portal_can_be_added_to_the_home_screen(_e: &Env, p: &Page) -> R {
    p.goto("/").await?;
    p.wait_app().await?;
    wait_saved(p).await?;
    let errors = p.cdp("Page.getInstallabilityErrors", json!({})).await?;
    check!(
        errors["installabilityErrors"]
            .as_array()
            .is_some_and(|a| a.is_empty()),
        "Chromium's installability errors: {errors}"
    );
    let manifest = p
        .js("return fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
        .await?;
    check!(
        manifest["name"] == json!(PORTAL_NAME),
        "name: {}",
        manifest["name"]
    );
    check!(
        manifest["short_name"] == json!("U Minh Thượng"),
        "short name: {}",
        manifest["short_name"]
    );
    check!(manifest["lang"] == json!("vi"), "lang: {}", manifest["lang"]);
    // Each icon is a PNG of the size it says; one is maskable.
    let sizes = p
        .js(
            "return (async () => { const m = await (await fetch('/manifest.webmanifest')).json(); \
             return Promise.all(m.icons.map(async i => { const r = await fetch(i.src); \
               const b = await createImageBitmap(await r.blob()); \
               return [i.sizes, b.width + 'x' + b.height, r.headers.get('content-type'), i.purpose || ''] })) })()",
        )
        .await?;
    let list = sizes.as_array().ok_or("no icons")?;
    check!(list.len() == 3, "icons: {sizes}");
    for i in list {
        check!(
            i[0] == i[1] && i[2] == json!("image/png"),
            "an icon is not what it says: {i}"
        );
    }
    check!(
        list.iter().any(|i| i[3] == json!("maskable")),
        "no maskable icon: {sizes}"
    );
    Ok(())
}

pub async fn a_saved_articles_title_is_shown_as_text(e: &Env, p: &Page) -> R {
    // The copy's title as an attacker would write it: markup, once the attribute is read.
    let hostile = "<img src=x onerror=\"window.__pwned=1\"><b>Bài</b>";
    e.server.rewrite(
        &format!("og:title\" content=\"{ARTICLE_TITLE}\""),
        "og:title\" content=\"&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;&lt;b&gt;Bài&lt;/b&gt;\"",
    );
    save_data(p).await?;
    p.goto(ARTICLE).await?;
    wait_saved(p).await?;
    e.server.set_down(true);
    p.goto(TABLE_ARTICLE).await?;
    h1(p, "Không có kết nối mạng").await?;
    let shown = p
        .wait_text(&format!("bai-da-luu a[href='{ARTICLE}']"), "<img")
        .await?;
    check!(shown == hostile, "the title shown: {shown}");
    let markup = p.count("bai-da-luu img, bai-da-luu b").await?;
    check!(markup == 0, "{markup} elements made from the title");
    check!(
        p.js("return window.__pwned === undefined").await? == json!(true),
        "the title's script ran"
    );
    Ok(())
}
