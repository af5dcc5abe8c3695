//! The newsroom's workflow in headless Chromium, three officers in three browsers
//! against the real server, its scheduler running and its public site served by nginx:
//! a phóng viên writes and submits, and cannot publish even by calling the server
//! directly; a request without the form's token is refused; a biên tập publishes, takes
//! down and restores, and schedules an article a minute ahead that then appears; two
//! officers save the same article (the second is told and loses nothing); an old
//! version is restored from the history; refused photos (a path for a name, an SVG
//! with a script, a file that is not a picture) each get a Vietnamese sentence beside
//! the field; wrong passwords lock the sign-in. Each new screen is checked with
//! axe-core at a phone's width.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use newsroom::FIRST_ADMIN;
use serde_json::Value;
use support::browser::{Driver, Page, R};
use support::newsroom::{
    choose, editor_ready, fill, first_sign_in, screen_is_usable, submit, submit_form, text_of,
    with_screenshot, Desk,
};
use support::nginx::{self, Nginx};

/// WebDriver's Enter key.
const ENTER: &str = "\u{E007}";

const FIRST: &str = "Họp dân bàn làm đường bê tông ấp Tân Hòa";
const FIRST_ID: &str = "hop-dan-ban-lam-duong-be-tong-ap-tan-hoa";
const SCHEDULED: &str = "Lịch tiêm chủng mở rộng tháng này";
const SCHEDULED_ID: &str = "lich-tiem-chung-mo-rong-thang-nay";

/// Quản trị gives an account; returns its one-time password.
async fn add_officer(admin: &Page, name: &str, display: &str, role: &str) -> R<String> {
    admin.goto("/nguoi-dung").await?;
    fill(admin, "#ten", name).await?;
    fill(admin, "#ho-ten", display).await?;
    choose(admin, "#vai-tro", role).await?;
    submit(admin, "/nguoi-dung").await?;
    let password = text_of(admin, ".made .password code").await?;
    check!(!password.is_empty(), "no password given to {name}");
    Ok(password)
}

/// Writes and saves a new article; the page is then the article's.
async fn write(p: &Page, title: &str, id: &str, body: &str) -> R {
    p.goto("/bai-viet/moi").await?;
    editor_ready(p).await?;
    fill(p, "#tieu-de", title).await?;
    choose(p, "#chuyen-muc", "su-kien-noi-bat").await?;
    fill(p, "#tom-tat", "Tin của Ủy ban nhân dân huyện gửi bà con.").await?;
    p.find("#soan-thao")
        .await?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    fill(p, "#soan-thao", body).await?;
    submit(p, &format!("/bai-viet/{id}")).await?;
    p.wait_text(".made", "Đã lưu").await?;
    Ok(())
}

/// Sends a form to `to` from the page's script, as a hand-made request would, with
/// the page's `base` and the given token (none when `None`); returns the answer's
/// status and text.
async fn post_from_page(p: &Page, to: &str, csrf: Option<&str>) -> R<(u64, String)> {
    let answer =
        p.c.execute(
            "const f = document.querySelector('form.stack.editor'); \
             const body = new URLSearchParams({base: f.base.value}); \
             if (arguments[1] !== null) body.set('csrf', arguments[1]); \
             return fetch(arguments[0], {method: 'POST', body}) \
               .then(r => r.text().then(t => [r.status, t]));",
            vec![
                serde_json::json!(to),
                csrf.map_or(Value::Null, |c| serde_json::json!(c)),
            ],
        )
        .await
        .map_err(|e| format!("POST {to}: {e}"))?;
    Ok((
        answer[0].as_u64().unwrap_or(0),
        answer[1].as_str().unwrap_or_default().to_string(),
    ))
}

/// Clicks a workflow step's button on the article's page; waits for its sentence.
async fn step(p: &Page, id: &str, step: &str, says: &str) -> R {
    submit_form(
        p,
        &format!("form[action='/bai-viet/{id}/{step}']"),
        &format!("/bai-viet/{id}"),
    )
    .await?;
    p.wait_text(".made", says).await?;
    Ok(())
}

/// The public site's answer for an article's address.
async fn public_status(site: &str, id: &str) -> R<u16> {
    Ok(nginx::get(site, &format!("/bai-viet/{id}/"), &[]).await?.status)
}

/// The phóng viên writes and submits; may not publish, not even by a request of their
/// own; a request without the token is refused.
async fn reporter_submits(pv: &Page, desk: &Desk) -> R {
    write(
        pv,
        FIRST,
        FIRST_ID,
        &format!("Tối qua, bà con ấp Tân Hòa họp bàn làm đường.{ENTER}Mỗi hộ góp ngày công."),
    )
    .await?;
    let publish = pv
        .count(&format!("form[action='/bai-viet/{FIRST_ID}/xuat-ban']"))
        .await?;
    check!(publish == 0, "a phóng viên is shown “Xuất bản”");
    let token = pv
        .js_string("return document.querySelector('form.stack.editor').csrf.value")
        .await?;
    let (status, text) = post_from_page(pv, &format!("/bai-viet/{FIRST_ID}/xuat-ban"), Some(&token)).await?;
    check!(
        status == 403 && text.contains("Chỉ biên tập viên mới được thực hiện thao tác này."),
        "a phóng viên's own request to publish: {status} {text}"
    );
    let (status, text) = post_from_page(pv, &format!("/bai-viet/{FIRST_ID}/gui-duyet"), None).await?;
    check!(
        status == 403 && text.contains("Biểu mẫu đã hết hạn hoặc không hợp lệ"),
        "a request without the token: {status} {text}"
    );
    let (status, _) = post_from_page(pv, &format!("/bai-viet/{FIRST_ID}/gui-duyet"), Some("gia-mao")).await?;
    check!(status == 403, "a request with a made-up token: {status}");
    let stored = std::fs::read_to_string(desk.content().join(format!("toa-soan/bai-viet/{FIRST_ID}.toml")))
        .map_err(|e| e.to_string())?;
    check!(
        stored.starts_with("state = \"nhap\"\n"),
        "the refused requests changed the state: {stored}"
    );
    step(pv, FIRST_ID, "gui-duyet", "Đã gửi duyệt").await?;
    screen_is_usable(pv, "Bài đã gửi duyệt (phóng viên)").await
}

/// The biên tập finds it among those waiting and publishes it.
async fn editor_publishes(bt: &Page) -> R {
    bt.goto("/bai-viet?trang-thai=cho-duyet").await?;
    bt.wait_text("main li a, main td a", FIRST).await?;
    screen_is_usable(bt, "Bài chờ duyệt").await?;
    bt.goto(&format!("/bai-viet/{FIRST_ID}")).await?;
    editor_ready(bt).await?;
    step(bt, FIRST_ID, "xuat-ban", "Đã xuất bản").await
}

/// The published article, as nginx serves it to residents.
async fn served(site: &str) -> R {
    let served = nginx::get(site, &format!("/bai-viet/{FIRST_ID}/"), &[]).await?;
    check!(
        served.status == 200 && served.text().contains(FIRST),
        "the published article on the public site: {}",
        served.status
    );
    Ok(())
}

/// The biên tập writes one and schedules it 30 to 90 seconds ahead (the form takes
/// minutes); it is not public yet.
async fn editor_schedules(bt: &Page, site: &str) -> R {
    write(bt, SCHEDULED, SCHEDULED_ID, "Trạm y tế xã tiêm vào sáng thứ Bảy.").await?;
    let due = bt
        .js_string("return new Date(Date.now() + 7 * 3600e3 + 90e3).toISOString().slice(0, 16)")
        .await?;
    choose(bt, "#luc", &due).await?;
    step(bt, SCHEDULED_ID, "hen-gio", "Đã hẹn giờ").await?;
    screen_is_usable(bt, "Bài đã hẹn giờ").await?;
    let now = public_status(site, SCHEDULED_ID).await?;
    check!(now == 404, "a scheduled article is public before its time: {now}");
    Ok(())
}

/// Gỡ bài takes it off the public site; Khôi phục puts it back.
async fn take_down_and_restore(bt: &Page, site: &str) -> R {
    bt.goto(&format!("/bai-viet/{FIRST_ID}")).await?;
    editor_ready(bt).await?;
    // A change not saved before a step (which sends no text) is offered afterwards.
    choose(bt, "#tom-tat", "Sửa dở, chưa lưu.").await?;
    step(bt, FIRST_ID, "go-bai", "Đã gỡ bài").await?;
    editor_ready(bt).await?;
    bt.wait_text(".unsaved", "chưa được lưu").await?;
    bt.find(".unsaved button:last-of-type")
        .await?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let gone = public_status(site, FIRST_ID).await?;
    check!(gone == 404, "a taken-down article is still served: {gone}");
    screen_is_usable(bt, "Bài đã gỡ").await?;
    step(bt, FIRST_ID, "khoi-phuc", "Đã khôi phục").await?;
    let back = public_status(site, FIRST_ID).await?;
    check!(back == 200, "a restored article is not served: {back}");
    Ok(())
}

/// The writer and the biên tập open the article; the writer saves first; the biên
/// tập's save is told, keeps their text, and saves it when sent again.
async fn conflict(pv: &Page, bt: &Page, desk: &Desk) -> R {
    let page = format!("/bai-viet/{FIRST_ID}");
    for p in [pv, bt] {
        p.goto(&page).await?;
        editor_ready(p).await?;
    }
    let theirs = "Bà con thống nhất làm 2 km đường trước mùa mưa.";
    let mine = "Ấp Tân Hòa góp ngày công, huyện hỗ trợ xi măng.";
    choose(pv, "#tom-tat", theirs).await?;
    submit(pv, &page).await?;
    pv.wait_text(".made", "Đã lưu").await?;
    choose(bt, "#tom-tat", mine).await?;
    submit(bt, &page).await?;
    bt.wait_text("[role=alert]", "Trong lúc bạn sửa, Nguyễn Thị Lan đã lưu bài này")
        .await?;
    let kept = bt
        .js_string("return document.querySelector('#tom-tat').value")
        .await?;
    check!(kept == mine, "the second officer's text is lost: “{kept}”");
    check!(
        desk.working_copy(FIRST_ID)?.contains(theirs),
        "the first save was overwritten"
    );
    screen_is_usable(bt, "Hai người cùng sửa").await?;
    submit(bt, &page).await?;
    bt.wait_text(".made", "Đã lưu").await?;
    check!(
        desk.working_copy(FIRST_ID)?.contains(mine),
        "the second save, sent again, is not kept"
    );
    Ok(())
}

/// The biên tập restores the writer's version from the history.
async fn history_restore(bt: &Page, desk: &Desk) -> R {
    bt.goto(&format!("/bai-viet/{FIRST_ID}/lich-su")).await?;
    let latest = text_of(bt, "ol.versions li:first-child").await?;
    check!(
        latest.contains("Trần Văn Bình"),
        "the latest save is not the biên tập's: “{latest}”"
    );
    let writers = text_of(bt, "ol.versions li:nth-child(2)").await?;
    check!(
        writers.contains("Nguyễn Thị Lan"),
        "the save before is not the writer's: “{writers}”"
    );
    bt.find("ol.versions li:nth-child(2) a")
        .await?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    bt.wait_text("h1", "Phiên bản").await?;
    let removed = text_of(bt, ".diff ins").await?;
    check!(
        removed.contains("huyện hỗ trợ xi măng"),
        "the comparison: “{removed}”"
    );
    submit(bt, &format!("/bai-viet/{FIRST_ID}")).await?;
    bt.wait_text(".made", "Đã khôi phục phiên bản cũ").await?;
    let text = desk.working_copy(FIRST_ID)?;
    check!(
        text.contains("trước mùa mưa") && !text.contains("xi măng"),
        "the restored version: {text}"
    );
    Ok(())
}

/// The names of the files in the content's `media/`.
fn media_files(desk: &Desk) -> R<Vec<std::ffi::OsString>> {
    let mut names: Vec<_> = std::fs::read_dir(desk.content().join("media"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| Some(e.ok()?.file_name()))
        .collect();
    names.sort();
    Ok(names)
}

/// Photos the newsroom refuses, each with its sentence beside the field, the
/// officer's text kept.
async fn refused_photos(bt: &Page, desk: &Desk) -> R {
    let page = format!("/bai-viet/{FIRST_ID}");
    let cases = [
        (
            "../../x.jpg",
            "new Promise(r => { const c = document.createElement('canvas'); c.width = 60; c.height = 40; \
               c.getContext('2d').fillRect(0, 0, 60, 40); c.toBlob(r, 'image/jpeg'); })",
            "không hợp lệ",
        ),
        (
            "bieu-tuong.svg",
            "Promise.resolve(new Blob(['<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>'], \
               {type: 'image/svg+xml'}))",
            "Không nhận ảnh SVG",
        ),
        (
            "anh.jpg",
            "Promise.resolve(new Blob(['MZ this is a program, not a photo'], {type: 'image/jpeg'}))",
            "không phải ảnh JPEG, PNG hoặc WebP",
        ),
    ];
    let before = media_files(desk)?;
    for (name, blob, says) in cases {
        bt.goto(&page).await?;
        editor_ready(bt).await?;
        choose(bt, "#tom-tat", "Tóm tắt đang sửa dở.").await?;
        let set =
            bt.c.execute(
                &format!(
                    "return ({blob}).then(b => {{ const dt = new DataTransfer(); \
                       dt.items.add(new File([b], arguments[0], {{type: b.type}})); \
                       const i = document.querySelector('#anh-moi'); i.files = dt.files; \
                       return i.files[0].name; }});"
                ),
                vec![serde_json::json!(name)],
            )
            .await
            .map_err(|e| format!("{name}: {e}"))?;
        check!(
            set == serde_json::json!(name),
            "{name}: the file input holds {set}"
        );
        submit(bt, &page).await?;
        bt.wait_text("#loi-anh", says).await?;
        let kept = bt
            .js_string("return document.querySelector('#tom-tat').value")
            .await?;
        check!(
            kept == "Tóm tắt đang sửa dở.",
            "{name}: the officer's text is lost: “{kept}”"
        );
        screen_is_usable(bt, &format!("Ảnh bị từ chối ({name})")).await?;
    }
    // Nothing was kept from any of them.
    check!(media_files(desk)? == before, "a refused file was kept in media/");
    Ok(())
}

/// The session ends while the writer is writing: the save leads to the sign-in page,
/// and the form, opened again after signing in, offers the text that was not saved.
async fn session_ends_while_writing(pv: &Page, desk: &Desk) -> R {
    let page = format!("/bai-viet/{FIRST_ID}");
    pv.goto(&page).await?;
    editor_ready(pv).await?;
    let summary = "Đường dài 2 km, làm xong trước Tết.";
    choose(pv, "#tom-tat", summary).await?;
    pv.find("#soan-thao p:last-child")
        .await?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    pv.js(
        "const r = document.createRange(); r.selectNodeContents(document.querySelector('#soan-thao')); \
           r.collapse(false); getSelection().removeAllRanges(); getSelection().addRange(r);",
    )
    .await?;
    fill(
        pv,
        "#soan-thao",
        &format!("{ENTER}Câu viết khi phiên đã hết hạn."),
    )
    .await?;
    pv.c.delete_all_cookies().await.map_err(|e| e.to_string())?;
    submit(pv, "/dang-nhap").await?;
    // Another officer signing in on that tab is not offered the writer's text.
    fill(pv, "#ten", "bientap1").await?;
    fill(pv, "#mat-khau", BT_PASSWORD).await?;
    submit(pv, "/").await?;
    pv.goto(&page).await?;
    editor_ready(pv).await?;
    let offered = pv.count(".unsaved").await?;
    check!(
        offered == 0,
        "another officer is offered the writer's unsaved text"
    );
    submit_form(pv, "header form[action='/dang-xuat']", "/dang-nhap").await?;
    fill(pv, "#ten", "phongvien1").await?;
    fill(pv, "#mat-khau", PV_PASSWORD).await?;
    submit(pv, "/").await?;
    pv.goto(&page).await?;
    editor_ready(pv).await?;
    pv.wait_text(".unsaved", "chưa được lưu").await?;
    screen_is_usable(pv, "Nội dung chưa lưu").await?;
    pv.find(".unsaved button")
        .await?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let back = pv
        .js_string("return document.querySelector('#tom-tat').value + '|' + document.querySelector('#soan-thao').textContent")
        .await?;
    check!(
        back.starts_with(&format!("{summary}|")) && back.contains("Câu viết khi phiên đã hết hạn."),
        "put back: “{back}”"
    );
    submit(pv, &page).await?;
    pv.wait_text(".made", "Đã lưu").await?;
    let text = desk.working_copy(FIRST_ID)?;
    check!(
        text.contains(summary) && text.contains("\n\nCâu viết khi phiên đã hết hạn.\n"),
        "saved after signing in again: {text}"
    );
    let kept = pv
        .js("return Object.keys(sessionStorage).filter(k => k.startsWith('toa-soan:phongvien1:'))")
        .await?;
    check!(
        kept.as_array().is_some_and(|k| k.is_empty()),
        "the copy of a saved text is kept: {kept}"
    );
    Ok(())
}

/// Wrong passwords lock the sign-in, the right one too, with a sentence saying so.
async fn wrong_passwords(pv: &Page) -> R {
    submit_form(pv, "header form[action='/dang-xuat']", "/dang-nhap").await?;
    for _ in 0..5 {
        choose(pv, "#ten", "phongvien1").await?;
        fill(pv, "#mat-khau", "doan-bua-mot-lan").await?;
        submit(pv, "/dang-nhap").await?;
        pv.wait_text("[role=alert]", "Tên đăng nhập hoặc mật khẩu không đúng.")
            .await?;
    }
    choose(pv, "#ten", "phongvien1").await?;
    fill(pv, "#mat-khau", PV_PASSWORD).await?;
    submit(pv, "/dang-nhap").await?;
    pv.wait_text("[role=alert]", "Đăng nhập sai quá nhiều lần nên đang tạm khóa")
        .await?;
    screen_is_usable(pv, "Đăng nhập bị tạm khóa").await
}

const PV_PASSWORD: &str = "mật khẩu của Lan 2026";
const BT_PASSWORD: &str = "mật khẩu của Bình 2026";

/// The scheduled article appears on the public site by itself.
async fn scheduled_appears(bt: &Page, site: &str) -> R {
    bt.poll(150, "the scheduled article on the public site", || async {
        Ok((public_status(site, SCHEDULED_ID).await? == 200).then_some(()))
    })
    .await?;
    bt.goto(&format!(
        "/bai-viet?trang-thai=xuat-ban&q={}",
        "ti%C3%AAm%20ch%E1%BB%A7ng"
    ))
    .await?;
    bt.wait_text("main", SCHEDULED).await?;
    Ok(())
}

#[test]
fn officers_write_review_schedule_and_publish_in_the_browser() {
    let result: R = support::newsroom::runtime().block_on(async {
        let desk = Desk::start("newsroom-workflow").await;
        desk.newsroom.start_scheduler();
        let driver = Driver::start();
        let admin = Page::open(&driver, &desk.base, 360, 740).await?;
        let given = async {
            first_sign_in(&admin, FIRST_ADMIN, &desk.one_time, "mật khẩu quản trị 2026").await?;
            let pv = add_officer(&admin, "phongvien1", "Nguyễn Thị Lan", "phong-vien").await?;
            let bt = add_officer(&admin, "bientap1", "Trần Văn Bình", "bien-tap").await?;
            Ok::<_, String>((pv, bt))
        }
        .await;
        let given = with_screenshot(&admin, "newsroom-workflow-admin", given).await;
        admin.close().await;
        let (pv_given, bt_given) = given?;
        let pv = Page::open(&driver, &desk.base, 360, 740).await?;
        let bt = Page::open(&driver, &desk.base, 360, 740).await?;
        let mut nginx = None;
        let mut result = first_sign_in(&pv, "phongvien1", &pv_given, PV_PASSWORD).await;
        if result.is_ok() {
            result = first_sign_in(&bt, "bientap1", &bt_given, BT_PASSWORD).await;
        }
        if result.is_ok() {
            result = reporter_submits(&pv, &desk).await;
        }
        if result.is_ok() {
            result = editor_publishes(&bt).await;
        }
        if result.is_ok() {
            // nginx on the folder the newsroom published into (with the headers the
            // build writes for it), as on a server.
            let started = Nginx::start(&desk.root.join("site"));
            result = served(&started.base).await;
            nginx = Some(started);
        }
        let site = nginx.as_ref().map(|n| n.base.clone()).unwrap_or_default();
        if result.is_ok() {
            result = editor_schedules(&bt, &site).await;
        }
        if result.is_ok() {
            result = take_down_and_restore(&bt, &site).await;
        }
        if result.is_ok() {
            result = conflict(&pv, &bt, &desk).await;
        }
        if result.is_ok() {
            result = history_restore(&bt, &desk).await;
        }
        if result.is_ok() {
            result = refused_photos(&bt, &desk).await;
        }
        // The writer's own steps; a failure is pictured in the writer's browser.
        if result.is_ok() {
            let steps = async {
                session_ends_while_writing(&pv, &desk).await?;
                wrong_passwords(&pv).await
            }
            .await;
            result = with_screenshot(&pv, "newsroom-workflow-pv", steps).await;
        }
        if result.is_ok() {
            result = scheduled_appears(&bt, &site).await;
        }
        let result = with_screenshot(&bt, "newsroom-workflow", result).await;
        pv.close().await;
        bt.close().await;
        result
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
