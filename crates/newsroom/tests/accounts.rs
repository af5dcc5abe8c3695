//! The newsroom's door, as a browser and an attacker meet it: the first administrator,
//! sign-in and its cookie, changing a given password, roles enforced by the server,
//! CSRF and cross-site requests refused, throttled guessing, escaping, the action log.

mod common;

use axum::http::StatusCode;
use common::*;
use newsroom::{Newsroom, FIRST_ADMIN};

#[tokio::test]
async fn the_first_start_makes_one_administrator_with_a_one_time_password() {
    let (_n, password, data) = open("first", false);
    assert_eq!(password.chars().count(), 12);
    let users = std::fs::read_to_string(data.join("users.toml")).unwrap();
    assert!(users.contains("$argon2id$"), "{users}");
    assert!(!users.contains(&password), "the password itself is stored");
    assert!(users.contains("must_change = true"), "{users}");
    // A second start makes no other account and shows no password.
    let (_n, again) = Newsroom::open(config(&data, false)).unwrap();
    assert!(again.is_none());
    assert_eq!(std::fs::read_to_string(data.join("users.toml")).unwrap(), users);
}

#[tokio::test]
async fn signing_in_gives_a_strict_http_only_cookie_and_a_given_password_must_be_changed() {
    let (n, one_time, _) = open("sign-in", false);
    let mut b = Browser::new(&n);
    // Nothing but the sign-in page without signing in.
    for path in ["/", "/nguoi-dung", "/mat-khau"] {
        assert_eq!(b.get(path).await.location, "/dang-nhap", "{path}");
    }
    let signed = b.sign_in(FIRST_ADMIN, &one_time).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    let session = signed
        .set_cookies
        .iter()
        .find(|c| c.starts_with("toa_soan="))
        .expect("a session cookie");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(session.contains(flag), "{session}");
    }
    assert!(!session.contains("Secure"), "{session}");
    // The given password is changed before any work.
    assert_eq!(signed.location, "/mat-khau");
    assert_eq!(b.get("/").await.location, "/mat-khau");
    let token = b.token("/mat-khau").await;
    let short = b
        .post(
            "/mat-khau",
            &[("csrf", &token), ("current", &one_time), ("new", "ngắn")],
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(short.body.contains("ít nhất 10 ký tự"), "{}", short.body);
    let changed = b
        .post(
            "/mat-khau",
            &[
                ("csrf", &token),
                ("current", &one_time),
                ("new", "mật khẩu riêng 2026"),
            ],
        )
        .await;
    assert_eq!(changed.location, "/");
    let home = b.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Xin chào, <bdi>Quản trị</bdi>") && home.body.contains(r#"<html lang="vi">"#));
    // The old password no longer opens the door; the new one does.
    assert_eq!(
        Browser::new(&n).sign_in(FIRST_ADMIN, &one_time).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        Browser::new(&n)
            .sign_in(FIRST_ADMIN, "mật khẩu riêng 2026")
            .await
            .location,
        "/"
    );
    // Behind TLS the cookie is Secure too.
    let (n, one_time, _) = open("sign-in-tls", true);
    let mut tls = Browser::new(&n);
    // A form posted over plain HTTP to a newsroom reached by HTTPS is refused.
    let plain = tls.sign_in(FIRST_ADMIN, &one_time).await;
    assert_eq!(plain.status, StatusCode::FORBIDDEN);
    tls.scheme = "https";
    let signed = tls.sign_in(FIRST_ADMIN, &one_time).await;
    assert!(signed
        .set_cookies
        .iter()
        .any(|c| c.starts_with("__Host-toa_soan=") && c.contains("Secure") && c.contains("Path=/")));
    // The prefixed cookie is the one read back: the session works.
    assert_eq!(tls.get("/mat-khau").await.status, StatusCode::OK);
    let mut unprefixed = Browser::new(&n);
    unprefixed.scheme = "https";
    unprefixed
        .cookies
        .insert("toa_soan".into(), tls.cookies["__Host-toa_soan"].clone());
    assert_eq!(
        unprefixed.get("/mat-khau").await.location,
        "/dang-nhap",
        "a cookie without the prefix is not the session"
    );
}

#[tokio::test]
async fn wrong_passwords_are_throttled_even_before_the_right_one() {
    let (n, one_time, data) = open("throttle", false);
    for i in 0..5 {
        let wrong = Browser::new(&n).sign_in(FIRST_ADMIN, &format!("đoán-{i}")).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert!(
            wrong.body.contains("Tên đăng nhập hoặc mật khẩu không đúng."),
            "{}",
            wrong.body
        );
    }
    let locked = Browser::new(&n).sign_in(FIRST_ADMIN, &one_time).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(locked.body.contains("tạm khóa") && locked.body.contains(r#"role="alert""#));
    assert!(!locked.set_cookies.iter().any(|c| c.starts_with("toa_soan=")));
    // An unknown name is refused the same way as a wrong password.
    let unknown = Browser::new(&n).sign_in("khong-co", "gì đó").await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    let actions: Vec<String> = log(&data)
        .iter()
        .map(|l| l["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        actions.iter().filter(|a| *a == "đăng nhập sai").count(),
        6,
        "{actions:?}"
    );
    assert!(
        actions.iter().any(|a| a == "đăng nhập bị tạm khóa"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn changes_without_the_csrf_token_or_from_another_site_are_refused() {
    let (n, one_time, data) = open("csrf", false);
    let mut a = admin(&n, &one_time).await;
    let token = a.token("/nguoi-dung").await;
    fn fields(t: &str) -> [(&str, &str); 4] {
        [
            ("name", "kegian"),
            ("display", "Kẻ gian"),
            ("role", "quan-tri"),
            ("csrf", t),
        ]
    }
    let missing = a.post("/nguoi-dung", &fields("")[..3]).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN, "{}", missing.body);
    assert!(missing.body.contains("Biểu mẫu đã hết hạn"), "{}", missing.body);
    let wrong = a.post("/nguoi-dung", &fields("0000")).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    // The right token, sent by another site's page.
    let foreign = a
        .post_from("/nguoi-dung", &fields(&token), Some("https://trang-la.example"))
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    assert!(!std::fs::read_to_string(data.join("users.toml"))
        .unwrap()
        .contains("kegian"));
    // Signing out needs the token too.
    let out = a.post("/dang-xuat", &[]).await;
    assert_eq!(out.status, StatusCode::FORBIDDEN);
    // A sign-in form from another browser (no pairing cookie) is refused.
    let mut other = Browser::new(&n);
    let token = csrf(&other.get("/dang-nhap").await.body);
    let mut third = Browser::new(&n);
    let stale = third
        .post(
            "/dang-nhap",
            &[
                ("csrf", &token),
                ("name", FIRST_ADMIN),
                ("password", "mật khẩu riêng 2026"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    assert!(!stale.set_cookies.iter().any(|c| c.starts_with("toa_soan=")));
}

#[tokio::test]
async fn a_phong_vien_cannot_manage_users_even_by_calling_the_server_directly() {
    let (n, one_time, data) = open("roles", false);
    let mut a = admin(&n, &one_time).await;
    let given = add(&mut a, "phongvien1", "Nguyễn Thị Phóng Viên", "phong-vien").await;
    let mut pv = Browser::new(&n);
    assert_eq!(pv.sign_in("phongvien1", &given).await.location, "/mat-khau");
    let token = pv.token("/mat-khau").await;
    pv.post(
        "/mat-khau",
        &[("csrf", &token), ("current", &given), ("new", "của phóng viên 1")],
    )
    .await;
    let home = pv.get("/").await;
    assert!(home.body.contains("Phóng viên") && !home.body.contains(r#"href="/nguoi-dung""#));
    let page = pv.get("/nguoi-dung").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    // With a valid session and token, straight to the server.
    let token = csrf(&home.body);
    let made = pv
        .post(
            "/nguoi-dung",
            &[
                ("csrf", &token),
                ("name", "tuphong"),
                ("display", "Tự phong"),
                ("role", "quan-tri"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::FORBIDDEN);
    assert!(made.body.contains("Không có quyền"), "{}", made.body);
    assert!(!std::fs::read_to_string(data.join("users.toml"))
        .unwrap()
        .contains("tuphong"));
    let refused = log(&data).into_iter().any(|l| {
        l["user"] == "phongvien1" && l["action"] == "tạo người dùng: bị từ chối" && l["about"] == "tuphong"
    });
    assert!(refused, "the refusal is not in the log");
}

#[tokio::test]
async fn names_are_shown_as_text_and_bad_accounts_are_refused_in_vietnamese() {
    let (n, one_time, _) = open("escape", false);
    let mut a = admin(&n, &one_time).await;
    add(&mut a, "btv", "<script>alert(1)</script> & \"Lan\"", "bien-tap").await;
    let page = a.get("/nguoi-dung").await;
    assert!(!page.body.contains("<script>alert"), "{}", page.body);
    assert!(page
        .body
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Lan&quot;"));
    assert!(page.csp.contains("default-src 'none'") && !page.csp.contains("script-src"));
    let token = csrf(&page.body);
    for (name, role, why) in [
        ("btv", "bien-tap", "đã có người dùng"),
        ("Nguyễn", "bien-tap", "chữ cái không dấu"),
        ("../x", "bien-tap", "chữ cái không dấu"),
        ("moi", "vua", "Vai trò không hợp lệ"),
    ] {
        let r = a
            .post(
                "/nguoi-dung",
                &[
                    ("csrf", &token),
                    ("name", name),
                    ("display", "Ai đó"),
                    ("role", role),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{name}");
        assert!(r.body.contains(why), "{name}: {}", r.body);
    }
    let missing = a.get("/khong-co").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("Không tìm thấy trang") && missing.csp.contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn signing_out_and_changing_the_password_end_sessions() {
    let (n, one_time, data) = open("sign-out", false);
    let mut a = admin(&n, &one_time).await;
    // A second session of the same officer (another device).
    let mut phone = Browser::new(&n);
    assert_eq!(
        phone.sign_in(FIRST_ADMIN, "mật khẩu riêng 2026").await.location,
        "/"
    );
    let token = a.token("/mat-khau").await;
    let changed = a
        .post(
            "/mat-khau",
            &[
                ("csrf", &token),
                ("current", "mật khẩu riêng 2026"),
                ("new", "mật khẩu thứ hai"),
            ],
        )
        .await;
    assert_eq!(changed.location, "/");
    assert_eq!(
        phone.get("/").await.location,
        "/dang-nhap",
        "the other device stays signed in"
    );
    assert_eq!(a.get("/").await.status, StatusCode::OK);
    let session = a.cookies["toa_soan"].clone();
    let token = csrf(&a.get("/").await.body);
    let out = a.post("/dang-xuat", &[("csrf", &token)]).await;
    assert_eq!(out.location, "/dang-nhap");
    // The old cookie, sent again, opens nothing.
    a.cookies.insert("toa_soan".into(), session);
    assert_eq!(a.get("/").await.location, "/dang-nhap");
    let actions: Vec<String> = log(&data)
        .iter()
        .map(|l| l["action"].as_str().unwrap().to_string())
        .collect();
    for want in ["tạo quản trị đầu tiên", "đăng nhập", "đổi mật khẩu", "đăng xuất"] {
        assert!(actions.iter().any(|a| a == want), "{want} not in {actions:?}");
    }
}

#[tokio::test]
async fn guessing_from_elsewhere_does_not_lock_an_officer_out_of_their_office() {
    let (n, one_time, data) = open("places", false);
    let mut a = admin(&n, &one_time).await;
    a.place = Some("192.0.2.10:50000".parse().unwrap());
    for i in 0..6 {
        let mut guesser = Browser::new(&n);
        guesser.place = Some("203.0.113.9:40000".parse().unwrap());
        let r = guesser.sign_in(FIRST_ADMIN, &format!("đoán-{i}")).await;
        let want = if i < 5 {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(r.status, want, "guess {i}");
    }
    // The office signs in.
    let mut office = Browser::new(&n);
    office.place = Some("192.0.2.10:50001".parse().unwrap());
    assert_eq!(
        office.sign_in(FIRST_ADMIN, "mật khẩu riêng 2026").await.location,
        "/"
    );
    // Behind the guesser's IPv6 /64, another address is the same place.
    let mut v6 = Browser::new(&n);
    v6.place = Some("[2001:db8:1:2::5]:1".parse().unwrap());
    for i in 0..5 {
        v6.sign_in("btv", &format!("đoán-{i}")).await;
    }
    v6.place = Some("[2001:db8:1:2::99]:1".parse().unwrap());
    assert_eq!(v6.sign_in("btv", "x").await.status, StatusCode::TOO_MANY_REQUESTS);
    let places: Vec<String> = log(&data)
        .iter()
        .map(|l| l["client"].as_str().unwrap().to_string())
        .collect();
    assert!(places.iter().any(|p| p == "2001:db8:1:2::/64"), "{places:?}");
}

#[tokio::test]
async fn huge_or_impossible_names_are_refused_without_a_trace() {
    let (n, _, data) = open("names", false);
    let mut b = Browser::new(&n);
    let before = log(&data).len();
    let long = "a".repeat(200);
    let r = b.sign_in(&long, "gì đó").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let huge = "a".repeat(200_000);
    let r = b.sign_in(&huge, "gì đó").await;
    assert!(r.status.is_client_error(), "{}", r.status);
    assert_eq!(log(&data).len(), before, "an impossible name was logged");
}

#[tokio::test]
async fn the_accounts_and_the_log_are_private_and_an_emptied_file_is_not_a_first_start() {
    use std::os::unix::fs::PermissionsExt;
    let (n, one_time, data) = open("files", false);
    let _ = admin(&n, &one_time).await;
    let mode = |p: std::path::PathBuf| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(data.clone()), 0o700);
    assert_eq!(mode(data.join("users.toml")), 0o600);
    assert_eq!(mode(data.join("nhat-ky.jsonl")), 0o600);
    // A crash that left users.toml empty: no new administrator for whoever looks first.
    std::fs::write(data.join("users.toml"), "").unwrap();
    let reopened = Newsroom::open(config(&data, false));
    let error = reopened.err().expect("an empty users.toml is refused");
    assert!(error.contains("không có tài khoản nào"), "{error}");
}

#[tokio::test]
async fn names_that_hide_or_reverse_text_are_refused() {
    let (n, one_time, _) = open("bidi", false);
    let mut a = admin(&n, &one_time).await;
    let token = a.token("/nguoi-dung").await;
    for display in ["Lan\u{202E}nàv iầuQ", "Lan\u{200B}", "Lan\u{2066}x"] {
        let r = a
            .post(
                "/nguoi-dung",
                &[
                    ("csrf", &token),
                    ("name", "lan"),
                    ("display", display),
                    ("role", "bien-tap"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{display:?}");
        assert!(r.body.contains("ký tự điều khiển"), "{}", r.body);
    }
}

#[tokio::test]
async fn an_officer_who_lost_their_password_gets_a_new_one_time_password_from_quan_tri() {
    let (n, one_time, data) = open("give", false);
    let mut a = admin(&n, &one_time).await;
    let given = add(&mut a, "btv1", "Trần Văn Biên", "bien-tap").await;
    let mut btv = Browser::new(&n);
    btv.sign_in("btv1", &given).await;
    let token = btv.token("/mat-khau").await;
    btv.post(
        "/mat-khau",
        &[("csrf", &token), ("current", &given), ("new", "của biên tập 1")],
    )
    .await;
    assert_eq!(btv.get("/").await.status, StatusCode::OK);
    // A biên tập may not give passwords.
    let token = csrf(&btv.get("/").await.body);
    let refused = btv
        .post(
            "/nguoi-dung/cap-mat-khau",
            &[("csrf", &token), ("name", FIRST_ADMIN)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Quản trị gives one; the officer's session ends, the old password no longer works,
    // the new one must be changed.
    let token = a.token("/nguoi-dung").await;
    let page = a
        .post("/nguoi-dung/cap-mat-khau", &[("csrf", &token), ("name", "btv1")])
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("Đã cấp mật khẩu mới cho <strong>btv1</strong>"),
        "{}",
        page.body
    );
    let at = page.body.find("<code>").unwrap() + 6;
    let new = page.body[at..].split('<').next().unwrap().to_string();
    assert_eq!(btv.get("/").await.location, "/dang-nhap");
    assert_eq!(
        Browser::new(&n).sign_in("btv1", "của biên tập 1").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(Browser::new(&n).sign_in("btv1", &new).await.location, "/mat-khau");
    // Their own password is changed on their own page.
    let own = a
        .post(
            "/nguoi-dung/cap-mat-khau",
            &[("csrf", &token), ("name", FIRST_ADMIN)],
        )
        .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST);
    let logged = log(&data)
        .iter()
        .any(|l| l["action"] == "cấp mật khẩu mới" && l["about"] == "btv1");
    assert!(logged);
}

#[tokio::test]
async fn quan_tri_changes_roles_and_locks_the_account_of_an_officer_who_left() {
    let (n, one_time, data) = open("access", false);
    let mut a = admin(&n, &one_time).await;
    let mut pv = officer(&n, &mut a, "pv2", "Lê Văn Hai", "phong-vien").await;
    assert_eq!(pv.get("/van-ban").await.status, StatusCode::FORBIDDEN);
    // A phóng viên may not change roles, not even their own by a request of their own.
    let own = csrf(&pv.get("/").await.body);
    let refused = pv
        .post(
            "/nguoi-dung/vai-tro",
            &[("csrf", &own), ("name", "pv2"), ("role", "quan-tri")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Made a biên tập: the documents are open to them at once, in the same session.
    let token = a.token("/nguoi-dung").await;
    let page = a
        .post(
            "/nguoi-dung/vai-tro",
            &[
                ("csrf", &token),
                ("name", "pv2"),
                ("role", "bien-tap"),
                ("trang_thai", "dung"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("Đã lưu vai trò và trạng thái của pv2."),
        "{}",
        page.body
    );
    assert_eq!(pv.get("/van-ban").await.status, StatusCode::OK);
    // Locked: signed out at once, and the right password no longer signs in (said only
    // to who knows it).
    let page = a
        .post(
            "/nguoi-dung/vai-tro",
            &[
                ("csrf", &token),
                ("name", "pv2"),
                ("role", "bien-tap"),
                ("trang_thai", "khoa"),
            ],
        )
        .await;
    assert!(page.body.contains("Đã khóa tài khoản pv2"), "{}", page.body);
    assert!(page.body.contains("đã khóa"), "the list says so");
    assert_eq!(pv.get("/").await.location, "/dang-nhap");
    let again = Browser::new(&n).sign_in("pv2", "mật khẩu của tôi 2026").await;
    assert_eq!(again.status, StatusCode::FORBIDDEN);
    assert!(again.body.contains("Tài khoản này đã bị khóa"), "{}", again.body);
    let guessed = Browser::new(&n).sign_in("pv2", "đoán bừa một lần").await;
    assert_eq!(guessed.status, StatusCode::UNAUTHORIZED);
    assert!(!guessed.body.contains("bị khóa"));
    // A form that does not say the account's state (an old page, a hand-made request)
    // changes nothing: the account stays locked.
    let unsaid = a
        .post(
            "/nguoi-dung/vai-tro",
            &[("csrf", &token), ("name", "pv2"), ("role", "bien-tap")],
        )
        .await;
    assert_eq!(unsaid.status, StatusCode::BAD_REQUEST);
    assert!(
        unsaid.body.contains("Trạng thái tài khoản không hợp lệ."),
        "{}",
        unsaid.body
    );
    let still = Browser::new(&n).sign_in("pv2", "mật khẩu của tôi 2026").await;
    assert_eq!(still.status, StatusCode::FORBIDDEN);
    // Opened again: they sign in.
    a.post(
        "/nguoi-dung/vai-tro",
        &[
            ("csrf", &token),
            ("name", "pv2"),
            ("role", "bien-tap"),
            ("trang_thai", "dung"),
        ],
    )
    .await;
    assert_eq!(
        Browser::new(&n)
            .sign_in("pv2", "mật khẩu của tôi 2026")
            .await
            .location,
        "/"
    );
    // Not their own role or account: the newsroom keeps the quản trị doing it.
    let own = a
        .post(
            "/nguoi-dung/vai-tro",
            &[
                ("csrf", &token),
                ("name", FIRST_ADMIN),
                ("role", "phong-vien"),
                ("trang_thai", "khoa"),
            ],
        )
        .await;
    assert_eq!(own.status, StatusCode::BAD_REQUEST);
    assert!(own.body.contains("Bạn không thể tự đổi vai trò"), "{}", own.body);
    let users = std::fs::read_to_string(data.join("users.toml")).unwrap();
    assert!(!users.contains("disabled"), "{users}");
    let logged = log(&data)
        .iter()
        .any(|l| l["action"] == "đổi vai trò hoặc khóa" && l["about"] == "pv2 (bien-tap, khóa)");
    assert!(logged);
}
