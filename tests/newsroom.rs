//! The newsroom's screens in headless Chromium at a phone's width (360 px): signing in,
//! changing the given password, the home page, adding a user, writing an article with a
//! list and a photo, the list of articles, publishing, the history and a comparison of
//! versions; then the published article on the public site (the real app, served by
//! nginx) and found by its search. Each screen has no serious or critical axe-core
//! violation, does not scroll sideways, and its controls are at least 44 px tall. (What
//! the server enforces is tested without a browser in crates/newsroom/tests/.)

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use newsroom::FIRST_ADMIN;
use support::browser::{Context, Driver, Page, R};
use support::newsroom::{editor_ready, fill, screen_is_usable, submit, with_screenshot, Desk};
use support::nginx::Nginx;

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

const TITLE: &str = "Khánh thành cầu treo ấp Phú Lợi";

/// WebDriver's Enter key.
const ENTER: &str = "\u{E007}";

/// Quản trị's settings, the documents and static pages, each in its editor.
async fn settings_and_pages(p: &Page) -> R {
    p.goto("/van-ban").await?;
    screen_is_usable(p, "Văn bản").await?;
    p.goto("/van-ban/05-nq-hdnd-2023").await?;
    editor_ready(p).await?;
    screen_is_usable(p, "Sửa văn bản").await?;
    p.goto("/van-ban/moi").await?;
    editor_ready(p).await?;
    screen_is_usable(p, "Thêm văn bản").await?;
    p.goto("/cai-dat").await?;
    screen_is_usable(p, "Cài đặt trang").await?;
    p.goto("/trang").await?;
    screen_is_usable(p, "Các trang").await?;
    p.goto("/trang/gioi-thieu").await?;
    editor_ready(p).await?;
    screen_is_usable(p, "Sửa trang").await?;
    p.goto("/trang/en/contact").await?;
    editor_ready(p).await?;
    screen_is_usable(p, "Sửa trang (tiếng Anh)").await
}

/// Pastes a Word document into a new article: clean blocks in the editor, Markdown in
/// the file.
async fn paste_from_word(p: &Page, content: &std::path::Path) -> R {
    let word = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("crates/newsroom-editor/tests/fixtures/word.html"),
    )
    .map_err(|e| e.to_string())?;
    p.goto("/bai-viet/moi").await?;
    editor_ready(p).await?;
    fill(p, "#tieu-de", "Báo cáo dán từ Word").await?;
    p.find("#soan-thao").await?.click().await.ctx("the editor")?;
    let script = format!(
        "const dt = new DataTransfer(); dt.setData('text/html', {}); \
         document.querySelector('#soan-thao').dispatchEvent(new ClipboardEvent('paste', \
         {{clipboardData: dt, bubbles: true, cancelable: true}})); \
         const e = document.querySelector('#soan-thao'); \
         return [e.querySelectorAll('h2').length, e.querySelectorAll('li').length, \
                 e.querySelectorAll('table').length, e.querySelectorAll('[style],[class],script,span,font').length, \
                 e.textContent.includes('mso') || e.textContent.includes('javascript')].join(' ')",
        serde_json::to_string(&word).map_err(|e| e.to_string())?
    );
    let seen = p.js_string(&script).await?;
    check!(
        seen == "2 4 1 0 false",
        "pasted from Word (h2, li, table, styled, junk): {seen}"
    );
    screen_is_usable(p, "Viết bài mới (dán từ Word)").await?;
    // A picture pasted (a screenshot, a photo copied): sent to the newsroom, described.
    p.js("window.prompt = () => 'Biểu đồ kết quả Đề án 06'; \
         const c = document.createElement('canvas'); c.width = 40; c.height = 30; \
         c.getContext('2d').fillRect(0, 0, 40, 30); \
         c.toBlob(b => { const dt = new DataTransfer(); \
           dt.items.add(new File([b], 'bieu-do.png', {type: 'image/png'})); \
           document.querySelector('#soan-thao').dispatchEvent(new ClipboardEvent('paste', \
             {clipboardData: dt, bubbles: true, cancelable: true})); }, 'image/png');")
        .await?;
    p.poll(10, "the pasted picture in the text", || async {
        let n = p
            .count("#soan-thao img[src^='/media/bieu-do-'][alt='Biểu đồ kết quả Đề án 06']")
            .await?;
        Ok((n == 1).then_some(()))
    })
    .await?;
    submit(p, "/bai-viet/bao-cao-dan-tu-word").await?;
    let stored = std::fs::read_to_string(content.join("toa-soan/bai-viet/bao-cao-dan-tu-word.md"))
        .map_err(|e| e.to_string())?;
    for expected in [
        "## Kết quả thực hiện Đề án 06 năm 2024\n",
        "**Ủy ban nhân dân xã** tiếp tục triển khai *Đề án 06*",
        "- Một là, 100% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến;\n- Hai là,",
        "1. Rà soát dữ liệu dân cư;\n2. Cập nhật lên hệ thống.",
        "| **Chỉ tiêu** | **Kết quả** |",
        "[Cổng Dịch vụ công quốc gia](https://dichvucong.gov.vn/)",
        "![Biểu đồ kết quả Đề án 06](/media/bieu-do-",
    ] {
        check!(stored.contains(expected), "“{expected}” not in {stored}");
    }
    check!(
        !stored.contains("javascript") && !stored.contains("mso") && !stored.contains("Times New Roman"),
        "{stored}"
    );
    Ok(())
}

/// Clicks the editor's tool labelled `label`.
async fn tool(p: &Page, label: &str) -> R {
    let n = p
        .js(&format!(
            "return [...document.querySelectorAll('.editor-tools button')].findIndex(b => b.textContent === {:?}) + 1",
            label
        ))
        .await?;
    let n = n.as_u64().unwrap_or(0);
    check!(n > 0, "no tool “{label}”");
    let css = format!(".editor-tools button:nth-child({n})");
    p.find(&css).await?.click().await.ctx(label)
}

/// Puts a file made by `blob` (a script's promise of a Blob) in the editor's picture
/// chooser, as choosing it on a phone (or taking it with the camera) does.
async fn choose_picture(p: &Page, name: &str, blob: &str) -> R {
    p.js(&format!(
        "return ({blob}).then(b => {{ const dt = new DataTransfer(); \
           dt.items.add(new File([b], {name:?}, {{type: b.type}})); \
           const i = document.querySelector('.body-editor input[type=file]'); i.files = dt.files; \
           i.dispatchEvent(new Event('change', {{bubbles: true}})); }});"
    ))
    .await
    .map(|_| ())
}

/// Tables and pictures in the body: a table from the toolbar grows by a row; a
/// picture's description and caption are changed; a picture chosen from the phone is
/// sent and put in, a file that is not one is refused in a sentence on the page.
async fn tables_and_pictures(p: &Page, content: &std::path::Path) -> R {
    let page = "/bai-viet/bao-cao-dan-tu-word";
    p.goto(page).await?;
    editor_ready(p).await?;
    p.js("const e = document.querySelector('#soan-thao'); const r = document.createRange(); \
          r.selectNodeContents(e); r.collapse(false); getSelection().removeAllRanges(); getSelection().addRange(r);")
        .await?;
    tool(p, "Bảng").await?;
    p.js(
        "const td = [...document.querySelectorAll('#soan-thao td')].find(c => c.textContent === '…'); \
          const r = document.createRange(); r.setStart(td.firstChild, 1); \
          getSelection().removeAllRanges(); getSelection().addRange(r);",
    )
    .await?;
    tool(p, "Thêm dòng bảng").await?;
    let rows = p.count("#soan-thao table:last-of-type tbody tr").await?;
    check!(rows == 3, "rows after “Thêm dòng bảng”: {rows}");
    p.find("#soan-thao img").await?.click().await.ctx("the picture")?;
    p.js(
        "const answers = ['Biểu đồ Đề án 06 năm 2024', 'Kết quả đến hết tháng 11']; \
          window.prompt = () => answers.shift();",
    )
    .await?;
    tool(p, "Mô tả ảnh").await?;
    let canvas =
        "new Promise(r => { const c = document.createElement('canvas'); c.width = 50; c.height = 20; \
                  c.getContext('2d').fillRect(0, 0, 50, 20); c.toBlob(r, 'image/png'); })";
    p.js("window.prompt = () => 'Ảnh chụp tại hội nghị'").await?;
    choose_picture(p, "hoi-nghi.png", canvas).await?;
    p.wait_text(".editor-status[role=status]", "Đã chèn ảnh “hoi-nghi.png”")
        .await?;
    choose_picture(
        p,
        "gia.png",
        "Promise.resolve(new Blob(['không phải ảnh'], {type: 'image/png'}))",
    )
    .await?;
    p.wait_text(".editor-status[role=alert]", "Ảnh “gia.png”: ")
        .await?;
    let refused = p
        .js_string("return document.querySelector('.editor-status[role=alert]').textContent")
        .await?;
    check!(refused.contains("không phải ảnh"), "the refusal: “{refused}”");
    screen_is_usable(p, "Sửa bài (bảng, ảnh bị từ chối)").await?;
    submit(p, page).await?;
    let stored = std::fs::read_to_string(content.join("toa-soan/bai-viet/bao-cao-dan-tu-word.md"))
        .map_err(|e| e.to_string())?;
    for expected in [
        "| Cột 1 | Cột 2 |\n| --- | --- |\n| … | … |\n| … | … |\n| … | … |",
        "![Biểu đồ Đề án 06 năm 2024](/media/bieu-do-",
        " \"Kết quả đến hết tháng 11\")",
        "![Ảnh chụp tại hội nghị](/media/hoi-nghi-",
    ] {
        check!(stored.contains(expected), "“{expected}” not in {stored}");
    }
    Ok(())
}

/// Writes an article with a list and a photo, publishes it (quản trị may), and looks
/// at its history. Returns the article's public address.
async fn article(p: &Page, photo: &std::path::Path, content: &std::path::Path) -> R<String> {
    p.goto("/bai-viet/moi").await?;
    editor_ready(p).await?;
    screen_is_usable(p, "Viết bài mới").await?;
    fill(p, "#tieu-de", TITLE).await?;
    p.js("document.querySelector('#chuyen-muc').value = document.querySelector('#chuyen-muc option:nth-child(2)').value")
        .await?;
    fill(
        p,
        "#tom-tat",
        "Cầu treo mới giúp bà con hai bờ kênh đi lại an toàn.",
    )
    .await?;
    p.find("#anh-moi")
        .await?
        .send_keys(&photo.display().to_string())
        .await
        .ctx("photo")?;
    fill(p, "#mo-ta-anh", "Cầu treo bắc qua kênh, bà con đi xe máy qua cầu").await?;
    // The body, typed as an officer does: a paragraph, then a list from the toolbar.
    p.find("#soan-thao").await?.click().await.ctx("the editor")?;
    fill(
        p,
        "#soan-thao",
        &format!("Sáng nay, xã khánh thành cầu treo ấp Phú Lợi.{ENTER}"),
    )
    .await?;
    p.find(".editor-tools button:nth-child(6)")
        .await?
        .click()
        .await
        .ctx("Danh sách")?;
    fill(
        p,
        "#soan-thao",
        &format!("Một là, đi lại an toàn.{ENTER}Hai là, học sinh không phải đi đò."),
    )
    .await?;
    submit(p, "/bai-viet/khanh-thanh-cau-treo-ap-phu-loi").await?;
    let done = p
        .js_string("return document.querySelector('.made')?.textContent || ''")
        .await?;
    check!(done.contains("Đã lưu"), "saved: “{done}”");
    let stored =
        std::fs::read_to_string(content.join("toa-soan/bai-viet/khanh-thanh-cau-treo-ap-phu-loi.md"))
            .map_err(|e| e.to_string())?;
    check!(
        stored.contains("Sáng nay, xã khánh thành cầu treo ấp Phú Lợi.\n\n- Một là, đi lại an toàn.\n- Hai là, học sinh không phải đi đò.\n"),
        "the typed body as Markdown: {stored}"
    );
    editor_ready(p).await?;
    let items = p.count("#soan-thao li").await?;
    check!(items == 2, "the list shown again in the editor: {items} items");
    let shown = p
        .js("const i = document.querySelector('img.current'); return i ? i.naturalWidth : 0")
        .await?;
    check!(shown.as_u64().unwrap_or(0) > 0, "the photo is shown in the form");
    screen_is_usable(p, "Sửa bài").await?;
    // The preview: the portal's page in a frame, at a phone's width, then at 200 %.
    p.goto("/bai-viet/khanh-thanh-cau-treo-ap-phu-loi/xem").await?;
    screen_is_usable(p, "Xem trước").await?;
    let framed = "const d = document.querySelector('iframe.preview').contentDocument; \
                  return d && d.querySelector('h1') ? d.querySelector('h1').textContent + '|' + \
                  d.querySelectorAll('article li').length + '|' + (d.documentElement.getAttribute('data-co-chu') || '') : ''";
    let seen = p
        .poll(10, "the framed preview", || async {
            let s = p.js_string(framed).await?;
            Ok((!s.is_empty()).then_some(s))
        })
        .await?;
    check!(seen == format!("{TITLE}|2|"), "preview: “{seen}”");
    p.find("nav[aria-label='Cỡ chữ'] a:last-child")
        .await?
        .click()
        .await
        .ctx("200 %")?;
    let seen = p
        .poll(10, "the preview at 200 %", || async {
            let s = p.js_string(framed).await?;
            Ok(s.ends_with("|4").then_some(s))
        })
        .await?;
    check!(seen.starts_with(TITLE), "preview at 200 %: “{seen}”");
    screen_is_usable(p, "Xem trước (200 %)").await?;
    p.goto("/bai-viet/khanh-thanh-cau-treo-ap-phu-loi").await?;
    editor_ready(p).await?;
    // On a slow connection the officer sees what is being done until the next page.
    p.cdp("Network.enable", serde_json::json!({})).await?;
    let slow = serde_json::json!({"offline": false, "latency": 2500, "downloadThroughput": -1, "uploadThroughput": -1});
    p.cdp("Network.emulateNetworkConditions", slow).await?;
    // Read within the click's script: the driver waits for the next page after it.
    let shown = p
        .js_string(
            "document.querySelector(\"form[action$='/xuat-ban'] button\").click(); \
             return new Promise(r => setTimeout(() => { \
               const b = document.querySelector('.progress.shown'); r(b ? b.textContent : ''); }, 300));",
        )
        .await;
    let fast =
        serde_json::json!({"offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1});
    p.cdp("Network.emulateNetworkConditions", fast).await?;
    let shown = shown?;
    check!(
        shown == "Đang xuất bản: đang dựng lại trang công khai…",
        "while publishing: “{shown}”"
    );
    p.wait_text(".made", "Đã xuất bản").await?;
    screen_is_usable(p, "Sửa bài (đã xuất bản)").await?;
    let public = p
        .js_string("return [...document.querySelectorAll('main a')].map(a => a.href).find(h => h.includes('/bai-viet/khanh')) || ''")
        .await?;
    p.goto("/bai-viet").await?;
    screen_is_usable(p, "Danh sách bài viết").await?;
    p.goto("/bai-viet/khanh-thanh-cau-treo-ap-phu-loi/lich-su")
        .await?;
    screen_is_usable(p, "Lịch sử").await?;
    let versions = p.count("ol.versions li").await?;
    check!(
        versions == 2,
        "two saves in the history (saved, published): {versions}"
    );
    p.find("ol.versions li:last-child a")
        .await?
        .click()
        .await
        .ctx("a version")?;
    p.wait_text("h1", "Phiên bản").await?;
    screen_is_usable(p, "So sánh phiên bản").await?;
    Ok(public)
}

/// The article on the public site, in the portal's app, and found by its search.
async fn on_the_public_site(p: &Page, path: &str) -> R {
    p.goto(path).await?;
    p.wait_text("h1", TITLE).await?;
    let items = p.count("article li").await?;
    check!(items >= 2, "the list is on the public page: {items} items");
    p.goto("/tim-kiem/?q=c%E1%BA%A7u%20treo%20ph%C3%BA%20l%E1%BB%A3i")
        .await?;
    p.wait_app().await?;
    p.wait_text(".result", TITLE).await?;
    Ok(())
}

#[test]
fn the_newsroom_screens_work_on_a_phone() {
    let result: R = support::newsroom::runtime().block_on(async {
        let desk = Desk::start("newsroom-browser").await;
        let photo = desk.root.join("Ảnh cầu treo.jpg");
        let img = image::RgbImage::from_fn(1200, 800, |x, y| image::Rgb([(x / 5) as u8, (y / 4) as u8, 120]));
        img.save(&photo).unwrap();
        let driver = Driver::start();
        let p = Page::open(&driver, &desk.base, 360, 740).await?;
        let mut result = screens(&p, &desk.one_time).await;
        let mut public = String::new();
        if result.is_ok() {
            result = article(&p, &photo, &desk.content())
                .await
                .map(|path| public = path);
        }
        if result.is_ok() {
            result = paste_from_word(&p, &desk.content()).await;
        }
        if result.is_ok() {
            result = tables_and_pictures(&p, &desk.content()).await;
        }
        if result.is_ok() {
            result = settings_and_pages(&p).await;
        }
        let result = with_screenshot(&p, "newsroom", result).await;
        p.close().await;
        result?;
        // The site it published, as nginx serves it to residents.
        let nginx = Nginx::start(&desk.root.join("site"));
        let path = url::Url::parse(&public)
            .map_err(|e| format!("{public}: {e}"))?
            .path()
            .to_string();
        let site = Page::open(&driver, &nginx.base, 360, 740).await?;
        let seen = on_the_public_site(&site, &path).await;
        let seen = with_screenshot(&site, "newsroom-public", seen).await;
        site.close().await;
        seen
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
