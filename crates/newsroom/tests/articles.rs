//! Articles in the newsroom, over its real router, on a small site with a real content
//! folder, git history and public site built by portal-build: writing, the workflow
//! and its rules enforced by the server, publishing into the public site (and its
//! search), scheduling also across a restart, taking down and restoring, conflicts,
//! history, and a failed build that leaves the public site as it was.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::http::StatusCode;
use common::*;
use newsroom::Newsroom;

struct Desk {
    n: Arc<Newsroom>,
    root: PathBuf,
    admin: Browser,
    pv: Browser,
    bt: Browser,
}

async fn desk(name: &str) -> Desk {
    desk_with(name, |_| {}).await
}

async fn desk_with(name: &str, edit: impl FnOnce(&mut newsroom::Config)) -> Desk {
    let (n, one_time, data) = open_with(name, edit);
    let mut admin = admin(&n, &one_time).await;
    let pv = officer(&n, &mut admin, "lan", "Nguyễn Thị Lan", "phong-vien").await;
    let bt = officer(&n, &mut admin, "hung", "Trần Văn Hùng", "bien-tap").await;
    let root = data.parent().unwrap().to_path_buf();
    Desk {
        n,
        root,
        admin,
        pv,
        bt,
    }
}

impl Desk {
    fn content(&self, rel: &str) -> PathBuf {
        self.root.join("content").join(rel)
    }

    fn public(&self, rel: &str) -> PathBuf {
        self.root.join("dist").join(rel)
    }

    /// `git log` of the content folder: author and subject, newest first.
    fn git_log(&self) -> Vec<(String, String)> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(self.root.join("content"))
            .args(["log", "--format=%an\x1f%s"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| {
                let (a, s) = l.split_once('\x1f').unwrap();
                (a.to_string(), s.to_string())
            })
            .collect()
    }

    /// The public site's search, as the app runs it on the files it fetches: the
    /// addresses of the results for `q`.
    fn search(&self, q: &str) -> Vec<String> {
        use portal_core::search::{lookup_in, parse_query, Manifest};
        let dir = self.public("api/v2/search");
        let manifest: Manifest =
            serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
        let (found, _) = lookup_in(&self.public(""), &manifest, &parse_query(q), usize::MAX).unwrap();
        found
            .ranked
            .into_iter()
            .map(|id| {
                let doc: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(dir.join(format!("d/{id}.json"))).unwrap())
                        .unwrap();
                doc["url"].as_str().unwrap().to_string()
            })
            .collect()
    }
}

fn article<'a>(title: &'a str, body: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("title", title),
        ("category", "tin-tuc"),
        ("summary", "Cây cầu mới nối hai ấp."),
        ("image", "/media/anh.svg"),
        ("image_alt", "Cầu mới nhìn từ bờ sông"),
        ("image_caption", "Cầu Vĩnh Hòa ngày khánh thành."),
        ("author", "Nguyễn Thị Lan"),
        ("body", body),
    ]
}

const BODY: &str = "Sáng nay, xã khánh thành cầu Vĩnh Hòa.\r\n\r\nBà con phấn khởi vì:\r\n\r\n- Một là, đi lại thuận tiện.\r\n- Hai là, chở lúa dễ dàng.\r\n";

/// Posts a form with the page's token (and its `base`, for the writing form).
async fn post_form(b: &mut Browser, page: &str, to: &str, fields: &[(&str, &str)]) -> Answer {
    let html = b.get(page).await.body;
    let token = csrf(&html);
    let base = field(&html, "base");
    let mut all = vec![("csrf", token.as_str()), ("base", base.as_str())];
    all.extend_from_slice(fields);
    b.post(to, &all).await
}

/// The value of the hidden field `name` of a page.
fn field(html: &str, name: &str) -> String {
    let key = format!(r#"name="{name}" value=""#);
    html.find(&key)
        .map(|at| html[at + key.len()..].split('"').next().unwrap().to_string())
        .unwrap_or_default()
}

async fn step(b: &mut Browser, id: &str, step: &str, extra: &[(&str, &str)]) -> Answer {
    let page = format!("/bai-viet/{id}");
    let html = b.get(&page).await.body;
    let (token, base) = (csrf(&html), field(&html, "base"));
    let mut all = vec![("csrf", token.as_str()), ("base", base.as_str())];
    all.extend_from_slice(extra);
    b.post(&format!("/bai-viet/{id}/{step}"), &all).await
}

fn state(root: &Path, id: &str) -> String {
    let text = std::fs::read_to_string(root.join(format!("content/toa-soan/bai-viet/{id}.toml"))).unwrap();
    let v: toml::Value = toml::from_str(&text).unwrap();
    v["state"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_reporter_writes_and_submits_an_editor_publishes_and_residents_find_it() {
    let mut d = desk("flow").await;
    let made = post_form(
        &mut d.pv,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &article("Khánh thành cầu Vĩnh Hòa", BODY),
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let id = "khanh-thanh-cau-vinh-hoa";
    assert_eq!(made.location, format!("/bai-viet/{id}?xong=luu"));
    // Kept as a draft in the content build's own format, not public, in git by its writer.
    let work = std::fs::read_to_string(d.content(&format!("toa-soan/bai-viet/{id}.md"))).unwrap();
    assert!(work.contains("title = \"Khánh thành cầu Vĩnh Hòa\""), "{work}");
    assert!(
        work.contains("\n- Một là, đi lại thuận tiện.\n- Hai là, chở lúa dễ dàng.\n"),
        "{work}"
    );
    assert!(!work.contains('\r'));
    assert!(!d.content(&format!("articles/{id}.md")).exists());
    assert_eq!(state(&d.root, id), "nhap");
    assert_eq!(
        d.git_log()[0],
        (
            "Nguyễn Thị Lan".into(),
            format!("Lưu: Khánh thành cầu Vĩnh Hòa ({id})")
        )
    );
    let page = d.pv.get(&format!("/bai-viet/{id}?xong=luu")).await;
    assert!(page.body.contains("Đã lưu."), "{}", page.body);
    assert!(page.body.contains("Gửi duyệt"));
    assert!(
        !page.body.contains("Xuất bản ngay"),
        "a phóng viên is not offered publishing"
    );

    // A phóng viên cannot publish, even by calling the server directly with a valid token.
    let refused = step(&mut d.pv, id, "xuat-ban", &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("Chỉ biên tập viên"), "{}", refused.body);
    assert!(!d.public(&format!("bai-viet/{id}/index.html")).exists());
    assert!(!d.content(&format!("articles/{id}.md")).exists());

    let sent = step(&mut d.pv, id, "gui-duyet", &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert_eq!(state(&d.root, id), "cho-duyet");
    // While it waits, its writer can no longer change it.
    let edit = post_form(
        &mut d.pv,
        &format!("/bai-viet/{id}"),
        &format!("/bai-viet/{id}"),
        &article("Đổi", BODY),
    )
    .await;
    assert_eq!(edit.status, StatusCode::FORBIDDEN);

    // The editor sees it waiting, and publishes it.
    let waiting = d.bt.get("/bai-viet?trang-thai=cho-duyet").await;
    assert!(
        waiting.body.contains("Khánh thành cầu Vĩnh Hòa"),
        "{}",
        waiting.body
    );
    assert!(waiting.body.contains("1 bài"));
    let published = step(&mut d.bt, id, "xuat-ban", &[]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.body);
    assert_eq!(state(&d.root, id), "xuat-ban");
    let live = std::fs::read_to_string(d.content(&format!("articles/{id}.md"))).unwrap();
    assert!(live.contains("published = "), "{live}");
    assert!(live.contains(&format!("slug = \"{id}\"")), "{live}");
    let html = std::fs::read_to_string(d.public(&format!("bai-viet/{id}/index.html"))).unwrap();
    assert!(html.contains("Khánh thành cầu Vĩnh Hòa"));
    assert!(html.contains("Một là, đi lại thuận tiện."));
    assert_eq!(d.search("cầu vĩnh hòa"), vec![format!("/bai-viet/{id}/")]);
    assert_eq!(d.search("cau vinh hoa"), vec![format!("/bai-viet/{id}/")]);
    assert_eq!(
        d.git_log()[0],
        (
            "Trần Văn Hùng".into(),
            format!("Xuất bản: Khánh thành cầu Vĩnh Hòa ({id})")
        )
    );
    let page = d.bt.get(&format!("/bai-viet/{id}?xong=xuat-ban")).await;
    assert!(page.body.contains("Đã xuất bản"), "{}", page.body);
    assert!(page
        .body
        .contains(&format!("http://127.0.0.1:8082/bai-viet/{id}/")));
    let logged: Vec<String> = log(&d.root.join("data"))
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["user"].as_str().unwrap_or(""),
                e["action"].as_str().unwrap_or("")
            )
        })
        .collect();
    for expected in [
        "lan viết bài mới",
        "lan xuất bản: không thực hiện",
        "lan gửi duyệt",
        "hung xuất bản",
    ] {
        assert!(
            logged.iter().any(|l| l == expected),
            "{expected} not in {logged:?}"
        );
    }
}

#[tokio::test]
async fn problems_are_shown_next_to_their_fields_and_block_submitting_but_not_saving() {
    let mut d = desk("problems").await;
    let mut fields = article("Bài còn thiếu", "Xem [trang này](javascript:alert(1)).\n");
    fields.retain(|(k, _)| *k != "image_alt" && *k != "category");
    let made = post_form(&mut d.pv, "/bai-viet/moi", "/bai-viet/moi", &fields).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "a draft is saved as it is");
    let id = "bai-con-thieu";
    let page = d.pv.get(&format!("/bai-viet/{id}")).await.body;
    assert!(
        page.contains(r#"id="loi-chuyen-muc""#) && page.contains("Hãy chọn chuyên mục."),
        "{page}"
    );
    assert!(page.contains(r#"id="loi-mo-ta-anh""#), "{page}");
    assert!(page.contains(r#"aria-describedby="loi-mo-ta-anh""#));
    assert!(
        page.contains(r#"id="loi-noi-dung""#),
        "the unsafe link, from the content build: {page}"
    );
    assert!(page.contains("Dòng 1 của nội dung"), "{page}");
    let sent = step(&mut d.pv, id, "gui-duyet", &[]).await;
    assert_eq!(sent.status, StatusCode::BAD_REQUEST);
    assert!(sent.body.contains("Hãy chọn chuyên mục."));
    assert_eq!(state(&d.root, id), "nhap");
    // A new article needs a title; what was written comes back in the form.
    let mut untitled = article("", "Một đoạn rất quan trọng.");
    untitled.retain(|(k, _)| *k != "title");
    let refused = post_form(&mut d.pv, "/bai-viet/moi", "/bai-viet/moi", &untitled).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("Bài viết cần có tiêu đề."));
    assert!(refused.body.contains("Một đoạn rất quan trọng."));
    // Text is text: markup in a title is escaped on every page.
    let made = post_form(
        &mut d.pv,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &article("<script>alert(1)</script>", BODY),
    )
    .await;
    let list = d.pv.get("/bai-viet").await.body;
    assert!(!list.contains("<script>alert"), "{list}");
    assert!(list.contains("&lt;script&gt;"));
    assert_eq!(made.location, "/bai-viet/script-alert-1-script?xong=luu");
}

#[tokio::test]
async fn two_officers_on_one_article_the_second_save_is_told_and_loses_nothing() {
    let mut d = desk("conflict").await;
    post_form(
        &mut d.pv,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &article("Họp dân ấp Vĩnh Thành", BODY),
    )
    .await;
    let id = "hop-dan-ap-vinh-thanh";
    let page = format!("/bai-viet/{id}");
    // Both open the form…
    let hers = d.pv.get(&page).await.body;
    let his = d.bt.get(&page).await.body;
    // …she saves first.
    let mut first = article("Họp dân ấp Vĩnh Thành", "Bản của Lan.\n");
    first.extend([("csrf", ""), ("base", "")]);
    let (t, b) = (csrf(&hers), field(&hers, "base"));
    first.retain(|(k, _)| *k != "csrf" && *k != "base");
    first.extend([("csrf", t.as_str()), ("base", b.as_str())]);
    assert_eq!(d.pv.post(&page, &first).await.status, StatusCode::SEE_OTHER);
    // He saves on the version he opened: told, his text still in the form, nothing lost.
    let (t, b) = (csrf(&his), field(&his, "base"));
    let mut second = article("Họp dân ấp Vĩnh Thành", "Bản của Hùng, viết lâu hơn.\n");
    second.extend([("csrf", t.as_str()), ("base", b.as_str())]);
    let met = d.bt.post(&page, &second).await;
    assert_eq!(met.status, StatusCode::CONFLICT, "{}", met.body);
    assert!(met.body.contains("Nguyễn Thị Lan"), "{}", met.body);
    assert!(
        met.body.contains("Bản của Hùng, viết lâu hơn."),
        "his text is kept"
    );
    assert!(met.body.contains("Bản của Lan."), "hers is shown");
    let stored = std::fs::read_to_string(d.content(&format!("toa-soan/bai-viet/{id}.md"))).unwrap();
    assert!(stored.contains("Bản của Lan."), "hers is not overwritten");
    // Saving again from that page, knowing, keeps his.
    let (t, b) = (csrf(&met.body), field(&met.body, "base"));
    let mut again = article("Họp dân ấp Vĩnh Thành", "Bản của Hùng, viết lâu hơn.\n");
    again.extend([("csrf", t.as_str()), ("base", b.as_str())]);
    assert_eq!(d.bt.post(&page, &again).await.status, StatusCode::SEE_OTHER);
    let stored = std::fs::read_to_string(d.content(&format!("toa-soan/bai-viet/{id}.md"))).unwrap();
    assert!(stored.contains("Bản của Hùng"));
}

#[tokio::test]
async fn the_history_shows_who_saved_what_and_restores_an_old_version() {
    let mut d = desk("history").await;
    post_form(
        &mut d.pv,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &article("Lịch tiếp dân", "Bản đầu tiên.\n"),
    )
    .await;
    let id = "lich-tiep-dan";
    let page = format!("/bai-viet/{id}");
    post_form(
        &mut d.pv,
        &page,
        &page,
        &article("Lịch tiếp dân", "Bản thứ hai.\n"),
    )
    .await;
    let history = d.pv.get(&format!("{page}/lich-su")).await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(
        history.body.matches("Nguyễn Thị Lan").count() >= 2,
        "{}",
        history.body
    );
    let first = history
        .body
        .match_indices(&format!("{page}/lich-su/"))
        .map(|(at, m)| history.body[at + m.len()..at + m.len() + 40].to_string())
        .last()
        .unwrap();
    let compared = d.pv.get(&format!("{page}/lich-su/{first}")).await;
    assert!(
        compared.body.contains("<del>") && compared.body.contains("Bản đầu tiên."),
        "{}",
        compared.body
    );
    assert!(compared.body.contains("<ins>") && compared.body.contains("Bản thứ hai."));
    let restored = post_form(
        &mut d.pv,
        &format!("{page}/lich-su/{first}"),
        &format!("{page}/lich-su/{first}"),
        &[],
    )
    .await;
    assert_eq!(restored.status, StatusCode::SEE_OTHER, "{}", restored.body);
    let stored = std::fs::read_to_string(d.content(&format!("toa-soan/bai-viet/{id}.md"))).unwrap();
    assert!(stored.contains("Bản đầu tiên."), "{stored}");
    assert!(d.git_log()[0].1.starts_with("Khôi phục phiên bản"));
    // Not a version of this article, or not a commit at all.
    for bad in ["0000000000000000000000000000000000000000", "HEAD", "--help"] {
        let r = d.pv.get(&format!("{page}/lich-su/{bad}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test]
async fn taking_down_and_restoring_changes_the_public_site_and_a_reporter_cannot() {
    let mut d = desk("takedown").await;
    post_form(
        &mut d.bt,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &article("Thông báo cắt điện", BODY),
    )
    .await;
    let id = "thong-bao-cat-dien";
    assert_eq!(
        step(&mut d.bt, id, "xuat-ban", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let public = d.public(&format!("bai-viet/{id}/index.html"));
    assert!(public.exists());
    // A phóng viên cannot take it down (the form is not offered; the server refuses).
    let token = d.pv.token("/bai-viet").await;
    let refused =
        d.pv.post(&format!("/bai-viet/{id}/go-bai"), &[("csrf", &token)])
            .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(public.exists());
    let down = step(&mut d.bt, id, "go-bai", &[]).await;
    assert_eq!(down.status, StatusCode::SEE_OTHER, "{}", down.body);
    assert!(!public.exists(), "taken down from the public site");
    assert!(!d.content(&format!("articles/{id}.md")).exists());
    assert_eq!(state(&d.root, id), "da-go");
    assert!(d.search("cắt điện").is_empty());
    let back = step(&mut d.bt, id, "khoi-phuc", &[]).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    assert!(public.exists());
    assert_eq!(d.search("cắt điện"), vec![format!("/bai-viet/{id}/")]);
    // Requests without the token, or for paths outside the desk, do nothing.
    let no_token = d.bt.post(&format!("/bai-viet/{id}/go-bai"), &[]).await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    assert!(public.exists());
    for bad in ["..%2F..%2Fsite", "%2E%2E", "KHONG-HOP-LE", "a.md"] {
        let r = d.bt.get(&format!("/bai-viet/{bad}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
        let r =
            d.bt.post(&format!("/bai-viet/{bad}/xuat-ban"), &[("csrf", &token)])
                .await;
        assert!(
            r.status == StatusCode::NOT_FOUND || r.status == StatusCode::FORBIDDEN,
            "{bad}: {}",
            r.status
        );
    }
    let _ = &d.admin;
}

#[tokio::test]
async fn a_scheduled_article_is_published_when_due_even_after_a_restart() {
    let mut d = desk("schedule").await;
    post_form(
        &mut d.pv,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &article("Lịch nghỉ Tết", BODY),
    )
    .await;
    let id = "lich-nghi-tet";
    step(&mut d.pv, id, "gui-duyet", &[]).await;
    let past = step(&mut d.bt, id, "hen-gio", &[("due", "2020-01-01T08:00")]).await;
    assert_eq!(past.status, StatusCode::BAD_REQUEST);
    assert!(past.body.contains("phải ở tương lai"));
    // A minute ahead, in Vietnam time.
    let now = newsroom::desk::now();
    let due = portal_core::Timestamp::from_unix(now.unix() + 60);
    let local = due.to_rfc3339_vietnam()[..16].to_string();
    let set = step(&mut d.bt, id, "hen-gio", &[("due", &local)]).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    assert_eq!(state(&d.root, id), "hen-gio");
    let page = d.bt.get(&format!("/bai-viet/{id}")).await.body;
    assert!(page.contains("sẽ xuất bản lúc"), "{page}");
    d.n.tick(now).await;
    assert!(
        !d.public(&format!("bai-viet/{id}/index.html")).exists(),
        "not before it is due"
    );
    // The server starts again (a new one on the same folders: nothing held in memory
    // is used), and the time comes.
    let (again, first) = Newsroom::open(config(&d.root.join("data"), false)).unwrap();
    assert!(first.is_none());
    again
        .tick(portal_core::Timestamp::from_unix(now.unix() + 61))
        .await;
    assert!(d.public(&format!("bai-viet/{id}/index.html")).exists());
    assert_eq!(state(&d.root, id), "xuat-ban");
    let live = std::fs::read_to_string(d.content(&format!("articles/{id}.md"))).unwrap();
    let published = format!("published = {}", due.to_rfc3339_vietnam());
    assert!(
        live.contains(&published[..published.len() - 9]),
        "published at its time: {live}"
    );
    assert_eq!(d.git_log()[0].0, "Tòa soạn (hẹn giờ)");
}

#[tokio::test]
async fn a_build_that_fails_leaves_the_public_site_and_the_article_as_they_were() {
    let mut d = desk("failed").await;
    // A link to a page the site does not have: the content build's parser lets it
    // through, the page build's link check does not.
    post_form(
        &mut d.bt,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &article("Bài có liên kết hỏng", "Xem [trang](/bai-viet/khong-co/).\n"),
    )
    .await;
    let id = "bai-co-lien-ket-hong";
    let failed = step(&mut d.bt, id, "xuat-ban", &[]).await;
    assert_eq!(
        failed.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        failed.body
    );
    assert!(
        failed.body.contains("trang công khai vẫn như cũ"),
        "{}",
        failed.body
    );
    assert!(
        !d.content(&format!("articles/{id}.md")).exists(),
        "the public file is put back as it was"
    );
    assert!(!d.public(&format!("bai-viet/{id}/index.html")).exists());
    assert_eq!(state(&d.root, id), "nhap");
    // Editing a hand-written article keeps its address when its title changes.
    let page = "/bai-viet/bai-viet-tay";
    let mut fields = article("Tiêu đề mới của bài viết tay", "Đã sửa trong Tòa soạn.\n");
    fields.retain(|(k, _)| *k != "image" && *k != "image_alt" && *k != "image_caption");
    fields.retain(|(k, _)| *k != "category");
    fields.push(("category", "thong-bao"));
    let saved = post_form(&mut d.bt, page, page, &fields).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(
        step(&mut d.bt, "bai-viet-tay", "xuat-ban", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    // Its address came from its first title ("Bài viết bằng tay"), and stays.
    let html = std::fs::read_to_string(d.public("bai-viet/bai-viet-bang-tay/index.html")).unwrap();
    assert!(html.contains("Tiêu đề mới của bài viết tay"));
    let live = std::fs::read_to_string(d.content("articles/bai-viet-tay.md")).unwrap();
    assert!(
        live.contains("published = 2024-05-01T08:00:00+07:00"),
        "its date is kept: {live}"
    );
    assert!(live.contains("slug = \"bai-viet-bang-tay\""), "{live}");
}

/// The writing form's fields and token, for a post with a file.
async fn with_file(
    b: &mut Browser,
    page: &str,
    to: &str,
    fields: &[(&str, &str)],
    file: (&str, &[u8]),
) -> Answer {
    let html = b.get(page).await.body;
    let (token, base) = (csrf(&html), field(&html, "base"));
    let mut all = vec![("csrf", token.as_str()), ("base", base.as_str())];
    all.extend_from_slice(fields);
    b.post_file(to, &all, ("photo", file.0, file.1)).await
}

#[tokio::test]
async fn a_photo_from_a_phone_is_kept_upright_without_its_location_and_bad_files_are_refused() {
    let mut d = desk("photos").await;
    let mut fields = article("Ảnh từ hiện trường", BODY);
    fields.retain(|(k, _)| *k != "image");
    let photo = phone_jpeg(2400, 1200);
    let made = with_file(
        &mut d.pv,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &fields,
        ("IMG_0042.jpg", &photo),
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let id = "anh-tu-hien-truong";
    let work = std::fs::read_to_string(d.content(&format!("toa-soan/bai-viet/{id}.md"))).unwrap();
    let src = work
        .lines()
        .find_map(|l| l.strip_prefix("image = \""))
        .map(|s| s.trim_end_matches('"').to_string())
        .expect("the photo is the article's image");
    assert!(
        src.starts_with("/media/img-0042-") && src.ends_with(".jpg"),
        "{src}"
    );
    // Served to the officers' form, turned upright, smaller, without its EXIF.
    let page = d.pv.get(&format!("/bai-viet/{id}")).await.body;
    assert!(
        page.contains(&format!(r#"<img class="current" src="{src}""#)),
        "{page}"
    );
    let served = d.pv.get(&src).await;
    assert_eq!(served.status, StatusCode::OK);
    let img = image::load_from_memory(&served.bytes).unwrap();
    assert_eq!((img.width(), img.height()), (1200, 2400));
    assert!(!served.bytes.windows(4).any(|w| w == b"Exif"));
    assert!(!served.bytes.windows(3).any(|w| w == b"GPS"));
    assert!(d.content(&src[1..].replace(".jpg", "-480.jpg")).exists());
    // It publishes, and the public site has the photo.
    assert_eq!(
        step(&mut d.bt, id, "xuat-ban", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(d.public(&src[1..]).exists());
    // Served with its copies: a phone loads one of them, not the original.
    let html = std::fs::read_to_string(d.public(&format!("bai-viet/{id}/index.html"))).unwrap();
    let copy = |w: u32| src.replace(".jpg", &format!("-{w}.jpg"));
    let srcset = format!(r#"srcset="{} 480w, {} 960w, {src} 1200w""#, copy(480), copy(960));
    assert!(html.contains(&srcset), "{srcset} not in the page");
    assert!(d.public(&copy(480)[1..]).exists() && d.public(&copy(960)[1..]).exists());

    // Refused, each with a Vietnamese sentence next to the image field, the text kept.
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let not_image = b"MZ\x90\x00 this is a program, not a photo";
    let page = format!("/bai-viet/{id}");
    for (name, bytes, says) in [
        ("../../x.jpg", &photo[..], "không hợp lệ"),
        ("bieu-tuong.svg", &svg[..], "Không nhận ảnh SVG"),
        ("anh.jpg", &not_image[..], "không phải ảnh JPEG, PNG hoặc WebP"),
    ] {
        let mut fields = article("Ảnh từ hiện trường", "Nội dung đang sửa dở.\n");
        fields.retain(|(k, _)| *k != "image");
        let refused = with_file(&mut d.pv, &page, &page, &fields, (name, bytes)).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{name}: {}",
            refused.body
        );
        assert!(refused.body.contains(says), "{name}: {}", refused.body);
        assert!(refused.body.contains(r#"id="loi-anh""#), "{name}");
        assert!(
            refused.body.contains("Nội dung đang sửa dở."),
            "{name}: the officer's text is kept"
        );
    }
    assert!(!d.root.join("x.jpg").exists() && !d.root.join("content/x.jpg").exists());
    let media: Vec<_> = std::fs::read_dir(d.content("media"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        !media
            .iter()
            .any(|n| n.to_string_lossy().contains("svg") && n != "anh.svg"),
        "{media:?}"
    );
    assert_eq!(
        media.len(),
        4,
        "the fixture's image and the photo's three widths: {media:?}"
    );
    // Only raster pictures of media/ are served to the form, never a path out of it.
    for bad in [
        "/media/anh.svg",
        "/media/..%2F..%2Fdata%2Fusers.toml",
        "/media/%2E%2E/site.toml",
    ] {
        assert_eq!(d.pv.get(bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test]
async fn the_preview_is_the_portal_page_and_publishes_nothing() {
    let mut d = desk("preview").await;
    post_form(
        &mut d.pv,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &article("Xem trước bài <b>mới</b>", BODY),
    )
    .await;
    let id = "xem-truoc-bai-b-moi-b";
    let page = d.pv.get(&format!("/bai-viet/{id}/xem?rong=1024&co-chu=2")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!(r#"src="/bai-viet/{id}/xem-truoc?co-chu=2""#)),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"class="preview w1024""#));
    let framed = d.pv.get(&format!("/bai-viet/{id}/xem-truoc?co-chu=2")).await;
    assert_eq!(framed.status, StatusCode::OK, "{}", framed.body);
    // The portal's page: its markup, its title escaped, the list, the text size.
    assert!(
        framed
            .body
            .contains(r#"<html lang="vi" class="js noi" data-co-chu="2">"#),
        "{}",
        &framed.body[..300]
    );
    // The controls the page's script would draw, drawn: share and read aloud.
    assert!(
        framed.body.contains(">Chia sẻ</button></chia-se>"),
        "{}",
        framed.body
    );
    assert!(framed.body.contains(">Nghe đọc</button></nghe-doc>"));
    let contrast =
        d.pv.get(&format!("/bai-viet/{id}/xem-truoc?co-chu=0&tuong-phan=1"))
            .await;
    assert!(contrast
        .body
        .contains(r#"<html lang="vi" class="js noi" data-tuong-phan="cao">"#));
    let chooser =
        d.pv.get(&format!("/bai-viet/{id}/xem?rong=360&co-chu=1&tuong-phan=1"))
            .await;
    assert!(
        chooser.body.contains(&format!(
            r#"src="/bai-viet/{id}/xem-truoc?co-chu=1&amp;tuong-phan=1""#
        )),
        "{}",
        chooser.body
    );
    assert!(framed.body.contains("Xem trước bài &lt;b&gt;mới&lt;/b&gt;"));
    assert!(
        framed.body.contains("<p>Một là, đi lại thuận tiện.</p></li>"),
        "{}",
        framed.body
    );
    assert!(framed.body.contains(r#"<article class="article">"#));
    // Framed by the newsroom only, and nothing runs in it.
    assert!(
        framed.csp.contains("frame-ancestors 'self'") && framed.csp.contains("default-src 'none'"),
        "{}",
        framed.csp
    );
    assert!(!framed.csp.contains("script-src"));
    assert!(!d.public(&format!("bai-viet/{id}/index.html")).exists());
    assert!(!d.content(&format!("articles/{id}.md")).exists());
    // The stylesheet it links to is served; scripts and other files of the shell are not.
    let css = framed
        .body
        .split("href=\"/")
        .find_map(|s| s.split('"').next().filter(|h| h.ends_with(".css")));
    let css = css.expect("the portal's stylesheet");
    assert_eq!(d.pv.get(&format!("/{css}")).await.status, StatusCode::OK);
    for bad in [
        "/index.html",
        "/main-0123456789abcdef.js",
        "/..%2Fcontent%2Fsite.toml",
    ] {
        assert_eq!(d.pv.get(bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }
    // Nobody signed in sees no preview.
    let mut stranger = Browser::new(&d.n);
    let r = stranger.get(&format!("/bai-viet/{id}/xem-truoc")).await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/dang-nhap")
    );
}

#[tokio::test]
async fn a_failed_deploy_is_shown_and_tried_again_until_it_succeeds() {
    let place = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("newsroom-deploy-target");
    let _ = std::fs::remove_dir_all(&place);
    std::fs::create_dir_all(&place).unwrap();
    // The server it copies to is down until `up` exists.
    let command = format!(
        "if [ -e '{p}/up' ]; then cp -r \"$SITE\" '{p}/copy'; else echo 'không kết nối được máy chủ' >&2; exit 3; fi",
        p = place.display()
    );
    let mut d = desk_with("deploy", |c| c.deploy = Some(command)).await;
    post_form(
        &mut d.bt,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &article("Tin triển khai", BODY),
    )
    .await;
    let published = step(&mut d.bt, "tin-trien-khai", "xuat-ban", &[]).await;
    assert_eq!(
        published.status,
        StatusCode::SEE_OTHER,
        "the site is built whatever the deploy does"
    );
    assert!(d.public("bai-viet/tin-trien-khai/index.html").exists());
    let home = d.bt.get("/").await.body;
    assert!(
        home.contains("Lệnh triển khai thất bại") && home.contains("không kết nối được máy chủ"),
        "{home}"
    );
    assert!(home.contains("Sẽ tự thử lại"));
    d.n.tick(newsroom::desk::now()).await;
    assert!(!place.join("copy").exists());
    std::fs::write(place.join("up"), "").unwrap();
    d.n.tick(newsroom::desk::now()).await;
    assert!(
        place.join("copy/bai-viet/tin-trien-khai/index.html").exists(),
        "deployed once the server is back"
    );
    let home = d.bt.get("/").await.body;
    assert!(!home.contains("Lệnh triển khai thất bại"), "{home}");
}

#[tokio::test]
async fn quan_tri_edits_the_sites_settings_in_place_and_the_site_follows() {
    let mut d = desk("settings").await;
    let before = std::fs::read_to_string(d.content("site.toml")).unwrap();
    let page = d.admin.get("/cai-dat").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(r#"value="Tin tức""#));
    let saved = post_form(
        &mut d.admin,
        "/cai-dat",
        "/cai-dat",
        &[
            ("dien-thoai", "0297 123 4567"),
            ("muc-1-ten", "Tin tức – Sự kiện"),
            ("muc-moi-ten", "Văn hóa"),
            ("muc-moi-mo-ta", "Lễ hội và đời sống."),
            ("lk-moi-ten", "Cổng Chính phủ"),
            ("lk-moi-url", "https://chinhphu.vn"),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = std::fs::read_to_string(d.content("site.toml")).unwrap();
    assert!(after.contains("phone = \"0297 123 4567\""), "{after}");
    assert!(after.contains("name = \"Tin tức – Sự kiện\""));
    assert!(
        after.contains("slug = \"tin-tuc\""),
        "a section keeps its address"
    );
    assert!(after.contains("slug = \"van-hoa\""));
    assert!(
        after.contains("unit_type = \"xã\"") && after.contains("base_url = "),
        "the rest is kept"
    );
    assert_ne!(before, after);
    // The public site follows at once.
    assert!(d.public("chuyen-muc/van-hoa/index.html").exists());
    let home = std::fs::read_to_string(d.public("index.html")).unwrap();
    assert!(home.contains("Tin tức – Sự kiện") && home.contains("0297 123 4567"));
    assert_eq!(d.git_log()[0].1, "Sửa cài đặt của trang");
    // What the content build refuses is not written; the officer's typing is shown again.
    let refused = post_form(
        &mut d.admin,
        "/cai-dat",
        "/cai-dat",
        &[("lk-moi-ten", "Lừa đảo"), ("lk-moi-url", "javascript:alert(1)")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(refused.body.contains("Cài đặt chưa hợp lệ"), "{}", refused.body);
    assert!(
        refused.body.contains("javascript:alert(1)"),
        "what was typed is kept to correct"
    );
    assert_eq!(std::fs::read_to_string(d.content("site.toml")).unwrap(), after);
    // Only quản trị.
    let token = d.bt.token("/bai-viet").await;
    let r =
        d.bt.post("/cai-dat", &[("csrf", &token), ("ten", "Chiếm quyền")])
            .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(d.bt.get("/cai-dat").await.status, StatusCode::FORBIDDEN);
    assert_eq!(std::fs::read_to_string(d.content("site.toml")).unwrap(), after);
}

#[tokio::test]
async fn an_editor_publishes_what_they_reviewed_and_restoring_puts_back_what_was_taken_down() {
    let mut d = desk("reviewed").await;
    post_form(
        &mut d.pv,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &article("Họp tổ dân phố", "Bản đã duyệt.\n"),
    )
    .await;
    let id = "hop-to-dan-pho";
    let page = format!("/bai-viet/{id}");
    // The editor opens the article; meanwhile its writer changes it.
    let seen = d.bt.get(&page).await.body;
    post_form(
        &mut d.pv,
        &page,
        &page,
        &article("Họp tổ dân phố", "Bản chưa ai duyệt.\n"),
    )
    .await;
    let (token, base) = (csrf(&seen), field(&seen, "base"));
    let refused =
        d.bt.post(&format!("{page}/xuat-ban"), &[("csrf", &token), ("base", &base)])
            .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused.body.contains("Nguyễn Thị Lan sửa sau khi bạn mở trang"),
        "{}",
        refused.body
    );
    assert!(
        !d.public(&format!("bai-viet/{id}/index.html")).exists(),
        "nothing unreviewed goes out"
    );
    // Published as reviewed now; then a new draft, then taken down: restoring puts back
    // what was public, not the draft.
    assert_eq!(
        step(&mut d.bt, id, "xuat-ban", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    post_form(
        &mut d.pv,
        &page,
        &page,
        &article("Họp tổ dân phố", "Bản nháp mới sau khi đăng.\n"),
    )
    .await;
    assert_eq!(
        step(&mut d.bt, id, "go-bai", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        step(&mut d.bt, id, "khoi-phuc", &[]).await.status,
        StatusCode::SEE_OTHER
    );
    let html = std::fs::read_to_string(d.public(&format!("bai-viet/{id}/index.html"))).unwrap();
    assert!(
        html.contains("Bản chưa ai duyệt.") && !html.contains("Bản nháp mới"),
        "{html}"
    );
    assert!(d
        .git_log()
        .iter()
        .any(|(_, s)| s.contains("bản nháp đang sửa vẫn có trong lịch sử")));
}

#[tokio::test]
async fn a_scheduled_article_that_cannot_be_built_goes_back_to_its_writer_with_the_reason() {
    let mut d = desk("scheduled-broken").await;
    post_form(
        &mut d.pv,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &article("Bài hẹn giờ hỏng", "Xem [trang](/bai-viet/khong-co/).\n"),
    )
    .await;
    let id = "bai-hen-gio-hong";
    let due = portal_core::Timestamp::from_unix(newsroom::desk::now().unix() + 120);
    let local = due.to_rfc3339_vietnam()[..16].to_string();
    assert_eq!(
        step(&mut d.bt, id, "hen-gio", &[("due", &local)]).await.status,
        StatusCode::SEE_OTHER
    );
    d.n.tick(portal_core::Timestamp::from_unix(due.unix() + 1)).await;
    assert_eq!(state(&d.root, id), "tra-lai");
    let page = d.pv.get(&format!("/bai-viet/{id}")).await.body;
    assert!(page.contains("Không xuất bản theo lịch được"), "{page}");
    // And it is not tried again at every tick.
    let commits = d.git_log().len();
    d.n.tick(portal_core::Timestamp::from_unix(due.unix() + 30)).await;
    assert_eq!(d.git_log().len(), commits);
}

#[tokio::test]
async fn two_articles_cannot_take_one_address_and_a_photo_sent_twice_is_one_file() {
    let mut d = desk("addresses").await;
    // The hand-written article's address comes from its title: a new article with the
    // same title gets another.
    let made = post_form(
        &mut d.pv,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &article("Bài viết bằng tay", BODY),
    )
    .await;
    assert_eq!(made.location, "/bai-viet/bai-viet-bang-tay-2?xong=luu");
    let photo = phone_jpeg(800, 600);
    let mut fields = article("Ảnh hai lần", BODY);
    fields.retain(|(k, _)| *k != "image");
    let first = with_file(
        &mut d.pv,
        "/bai-viet/moi",
        "/bai-viet/moi",
        &fields,
        ("a.jpg", &photo),
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let page = "/bai-viet/anh-hai-lan";
    let second = with_file(&mut d.pv, page, page, &fields, ("a.jpg", &photo)).await;
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    let media = std::fs::read_dir(d.content("media")).unwrap().count();
    assert_eq!(
        media,
        1 + 2,
        "the fixture's image, the photo and its 480 px copy: {media}"
    );
}

#[tokio::test]
async fn a_picture_pasted_into_the_body_is_kept_and_bad_ones_are_refused_with_a_sentence() {
    let mut d = desk("pasted").await;
    let token = d.pv.token("/bai-viet/moi").await;
    let photo = phone_jpeg(1200, 900);
    let sent =
        d.pv.post_file_with("/anh", &[], ("photo", "dan.jpg", &photo), &[("x-csrf", &token)])
            .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);
    let answer: serde_json::Value = serde_json::from_str(&sent.body).unwrap();
    let src = answer["src"].as_str().unwrap();
    assert!(src.starts_with("/media/dan-") && src.ends_with(".jpg"), "{src}");
    assert!(d.content(&src[1..]).exists());
    // Refused: not a picture; no token; another site's page.
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#;
    let refused =
        d.pv.post_file_with("/anh", &[], ("photo", "x.svg", svg), &[("x-csrf", &token)])
            .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let answer: serde_json::Value = serde_json::from_str(&refused.body).unwrap();
    assert!(
        answer["loi"].as_str().unwrap().contains("Không nhận ảnh SVG"),
        "{answer}"
    );
    let no_token =
        d.pv.post_file_with("/anh", &[], ("photo", "b.jpg", &photo), &[])
            .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let mut stranger = Browser::new(&d.n);
    let r = stranger
        .post_file_with("/anh", &[], ("photo", "c.jpg", &photo), &[("x-csrf", &token)])
        .await;
    assert_eq!(
        r.status,
        StatusCode::SEE_OTHER,
        "not signed in: to the sign-in page"
    );
    let media = std::fs::read_dir(d.content("media")).unwrap().count();
    assert_eq!(
        media,
        1 + 2,
        "the fixture's image, the photo (900 px wide once upright) and its 480 px copy: {media}"
    );
}

#[tokio::test]
async fn an_editor_edits_a_static_page_and_its_address_menu_and_comments_stay() {
    let mut d = desk("static-pages").await;
    let list = d.bt.get("/trang").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(r#"href="/trang/gioi-thieu""#), "{}", list.body);
    assert_eq!(d.pv.get("/trang").await.status, StatusCode::FORBIDDEN);
    let token = d.pv.token("/bai-viet").await;
    let r =
        d.pv.post(
            "/trang/gioi-thieu",
            &[("csrf", &token), ("title", "Chiếm"), ("body", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let saved = post_form(
        &mut d.bt,
        "/trang/gioi-thieu",
        "/trang/gioi-thieu",
        &[
            ("title", "Giới thiệu chung"),
            ("description", "Về xã."),
            (
                "body",
                "Xã được thành lập năm 2009.\r\n\r\n- Diện tích 120 km²\r\n",
            ),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let file = std::fs::read_to_string(d.content("pages/gioi-thieu.md")).unwrap();
    assert!(file.contains("title = \"Giới thiệu chung\"\nslug = \"gioi-thieu\"\n# Trong menu, đầu tiên.\nmenu = \"before\"\norder = 1\n"), "{file}");
    assert!(file.ends_with("- Diện tích 120 km²\n"), "{file}");
    let public = std::fs::read_to_string(d.public("gioi-thieu/index.html")).unwrap();
    assert!(public.contains("Giới thiệu chung") && public.contains("Diện tích 120 km²"));
    assert_eq!(
        d.git_log()[0],
        (
            "Trần Văn Hùng".into(),
            "Sửa trang: Giới thiệu chung (pages/gioi-thieu.md)".into()
        )
    );
    // A text the build refuses is not kept; what was typed comes back to be corrected.
    let refused = post_form(
        &mut d.bt,
        "/trang/gioi-thieu",
        "/trang/gioi-thieu",
        &[("title", "Giới thiệu chung"), ("body", "Xem [đây](/khong-co/).")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert!(
        refused.body.contains("trang công khai vẫn như cũ")
            && refused.body.contains("Xem [đây](/khong-co/)."),
        "{}",
        refused.body
    );
    assert_eq!(
        std::fs::read_to_string(d.content("pages/gioi-thieu.md")).unwrap(),
        file
    );
    for bad in ["/trang/..%2Fsite", "/trang/en/..%2F..%2Fsite", "/trang/khong-co"] {
        assert_eq!(d.bt.get(bad).await.status, StatusCode::NOT_FOUND, "{bad}");
    }
}

#[tokio::test]
async fn an_editor_adds_a_document_with_its_file_and_bad_files_are_refused() {
    let mut d = desk("documents").await;
    assert_eq!(d.pv.get("/van-ban").await.status, StatusCode::FORBIDDEN);
    let fields = [
        ("so_ky_hieu", "12/QĐ-UBND"),
        ("loai", "Quyết định"),
        ("co_quan", "Ủy ban nhân dân xã"),
        ("ngay_ban_hanh", "2024-03-15"),
        ("nguoi_ky", "Lê Văn Ba"),
        (
            "trich_yeu",
            "Về việc ban hành kế hoạch phòng chống thiên tai năm 2024",
        ),
        ("body", "Kế hoạch có hiệu lực từ ngày ký."),
    ];
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let html = d.bt.get("/van-ban/moi").await.body;
    let token = csrf(&html);
    let mut all = vec![("csrf", token.as_str()), ("base", "")];
    all.extend_from_slice(&fields);
    let made =
        d.bt.post_file("/van-ban/moi", &all, ("tep", "Quyết định 12.pdf", pdf))
            .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert_eq!(made.location, "/van-ban/12-qd-ubnd-2024?xong=luu");
    let file = std::fs::read_to_string(d.content("documents/12-qd-ubnd-2024.md")).unwrap();
    assert!(
        file.contains("so_ky_hieu = \"12/QĐ-UBND\"") && file.contains("ngay_ban_hanh = 2024-03-15"),
        "{file}"
    );
    let attached = file
        .split("files = [\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert!(
        attached.starts_with("quyet-dinh-12-") && attached.ends_with(".pdf"),
        "{attached}"
    );
    assert!(d.public("van-ban/12-qd-ubnd-2024/index.html").exists());
    assert!(
        d.public(&format!("files/{attached}")).exists(),
        "the file is published"
    );
    assert!(d.git_log()[0].1.starts_with("Thêm văn bản: 12/QĐ-UBND"));
    // A program named as a PDF, a name that is a path, a kind the site does not take.
    let page = "/van-ban/12-qd-ubnd-2024";
    for (name, bytes, says) in [
        ("hop-dong.pdf", &b"MZ\x90\x00 not a pdf"[..], "Tệp “hop-dong.pdf”"),
        ("../../x.pdf", &pdf[..], "không hợp lệ"),
        ("anh.exe", &pdf[..], "phải là một trong các loại"),
    ] {
        let html = d.bt.get(page).await.body;
        let (token, base) = (csrf(&html), field(&html, "base"));
        let mut all = vec![
            ("csrf", token.as_str()),
            ("base", base.as_str()),
            ("giu", attached.as_str()),
        ];
        all.extend_from_slice(&fields);
        let refused = d.bt.post_file(page, &all, ("tep", name, bytes)).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{name}: {}",
            refused.body
        );
        assert!(refused.body.contains(says), "{name}: {}", refused.body);
    }
    let files: Vec<_> = std::fs::read_dir(d.content("files"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files.len(), 1, "only the PDF: {files:?}");
    // A document must keep a file: dropping its only one is refused by the content
    // build, and nothing changes.
    let before = std::fs::read_to_string(d.content("documents/12-qd-ubnd-2024.md")).unwrap();
    let html = d.bt.get(page).await.body;
    let (token, base) = (csrf(&html), field(&html, "base"));
    let mut all = vec![("csrf", token.as_str()), ("base", base.as_str())];
    all.extend_from_slice(&fields[..5]);
    all.push(("trich_yeu", "Về kế hoạch phòng chống thiên tai (sửa)"));
    let refused = d.bt.post(page, &all).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.body.contains("cần ít nhất một tệp đính kèm"),
        "{}",
        refused.body
    );
    assert_eq!(
        std::fs::read_to_string(d.content("documents/12-qd-ubnd-2024.md")).unwrap(),
        before
    );
    // Edited, the file kept: the summary corrected, the address the same.
    all.push(("giu", attached.as_str()));
    let edited = d.bt.post(page, &all).await;
    assert_eq!(edited.status, StatusCode::SEE_OTHER, "{}", edited.body);
    let file = std::fs::read_to_string(d.content("documents/12-qd-ubnd-2024.md")).unwrap();
    assert!(
        file.contains("(sửa)") && file.contains("slug = \"12-qd-ubnd-2024\""),
        "{file}"
    );
    let public = std::fs::read_to_string(d.public("van-ban/12-qd-ubnd-2024/index.html")).unwrap();
    assert!(public.contains("(sửa)"));
}

#[tokio::test]
async fn a_file_is_read_only_after_the_token_of_a_signed_in_officer() {
    let mut d = desk("file-token").await;
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
    let fields = [
        ("so_ky_hieu", "13/QĐ-UBND"),
        ("loai", "Quyết định"),
        ("trich_yeu", "Về việc thử"),
    ];
    // No token before the file (a forged form, or one whose token comes after it):
    // refused before the file is read. The body stops after the file's first bytes, as
    // a slow (or malicious) client's: a server reading the file would wait for the rest.
    let mut no_token = vec![("base", "")];
    no_token.extend_from_slice(&fields);
    let (kind, body) = multipart(&no_token, ("tep", "Quyết định 13.pdf", pdf));
    let head = body.len() - pdf.len() - "\r\n------toa-soan-ranh-gioi-7d1--\r\n".len() + 10;
    let req = axum::http::Request::post("/van-ban/moi")
        .header("content-type", kind)
        .header("origin", format!("http://{HOST}"));
    let sent =
        d.bt.send(req, axum::body::Body::new(Stalls(Some(body[..head].to_vec()))));
    let refused = tokio::time::timeout(std::time::Duration::from_secs(10), sent)
        .await
        .expect("the server waited for the file before checking the token");
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("Biểu mẫu đã hết hạn"), "{}", refused.body);
    // The token, but not first: the newsroom's forms begin with it; a field before it
    // could be tens of megabytes.
    let token = csrf(&d.bt.get("/van-ban/moi").await.body);
    let mut late = vec![("base", ""), ("csrf", token.as_str())];
    late.extend_from_slice(&fields);
    let refused =
        d.bt.post_file("/van-ban/moi", &late, ("tep", "Quyết định 13.pdf", pdf))
            .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    // Not signed in: refused before anything is read.
    let mut stranger = Browser::new(&d.n);
    let refused = stranger
        .post_file("/van-ban/moi", &no_token, ("tep", "Quyết định 13.pdf", pdf))
        .await;
    assert_eq!(refused.location, "/dang-nhap");
    let files = std::fs::read_dir(d.content("files"))
        .map(|r| {
            r.filter_map(Result::ok)
                .map(|e| e.file_name())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    assert!(
        !files.iter().any(|n| n.to_string_lossy().contains("13")),
        "{files:?}"
    );
}
