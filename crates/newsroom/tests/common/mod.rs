//! What the newsroom's tests share: a newsroom on a small site, and a browser that
//! keeps its cookies and sends forms from the newsroom's own origin.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use newsroom::{router, Config, Newsroom, FIRST_ADMIN};
use tower::ServiceExt;

pub const HOST: &str = "127.0.0.1:8081";

pub fn data_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("newsroom-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A newsroom on a new folder `newsroom-<name>`: its data in `data/` (returned), a
/// small site's content in `content/`, a minimal app shell in `shell/`, the public
/// site built into `dist/`.
pub fn open(name: &str, secure_cookies: bool) -> (Arc<Newsroom>, String, PathBuf) {
    open_with(name, |c| c.secure_cookies = secure_cookies)
}

/// [`open`], with the configuration changed by `edit`.
pub fn open_with(name: &str, edit: impl FnOnce(&mut Config)) -> (Arc<Newsroom>, String, PathBuf) {
    let root = data_dir(name);
    for d in ["data", "content/articles", "content/media", "shell"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::write(root.join("content/site.toml"), SITE).unwrap();
    std::fs::write(
        root.join("content/articles/bai-viet-tay.md"),
        "+++\ntitle = \"Bài viết bằng tay\"\npublished = 2024-05-01T08:00:00+07:00\ncategory = \"thong-bao\"\n+++\n\nViết bằng tay, không qua Tòa soạn.\n",
    )
    .unwrap();
    std::fs::write(root.join("content/media/anh.svg"), SVG).unwrap();
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    std::fs::write(
        root.join("content/pages/gioi-thieu.md"),
        "+++\ntitle = \"Giới thiệu\"\nslug = \"gioi-thieu\"\n# Trong menu, đầu tiên.\nmenu = \"before\"\norder = 1\n+++\nXã được thành lập năm 2009.\n",
    )
    .unwrap();
    std::fs::write(root.join("shell/index.html"), SHELL).unwrap();
    std::fs::write(root.join("shell/main-0123456789abcdef.css"), "body{}").unwrap();
    let data = root.join("data");
    let mut config = config(&data, false);
    edit(&mut config);
    let (n, first) = Newsroom::open(config).unwrap();
    (n, first.expect("a first administrator"), data)
}

/// The configuration of the newsroom whose data is in `data` (beside its site).
pub fn config(data: &std::path::Path, secure_cookies: bool) -> Config {
    let root = data.parent().unwrap();
    Config {
        data: data.to_path_buf(),
        secure_cookies,
        behind_proxy: false,
        content: root.join("content"),
        shell: root.join("shell"),
        out: root.join("dist"),
        compress: false,
        deploy: None,
        public_url: Some("http://127.0.0.1:8082".into()),
        editor: None,
    }
}

pub const SITE: &str = r#"
name = "Cổng thông tin điện tử xã Thử Nghiệm"
unit_name = "Ủy ban nhân dân xã Thử Nghiệm"
unit_type = "xã"
description = "Trang thử."
base_url = "https://xa.example.gov.vn"

[contact]
address = "Ấp 1"
phone = "0297 000 0000"
email = "ubnd@example.gov.vn"

[[sections]]
slug = "thong-bao"
name = "Thông báo"

[[sections]]
slug = "tin-tuc"
name = "Tin tức"
"#;

const SHELL: &str = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><script>var a=1</script><title>x</title><link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\"></head><body><div id=\"app\"></div></body></html>";

const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4"><title>Ảnh</title></svg>"#;

pub struct Answer {
    pub status: StatusCode,
    pub location: String,
    pub set_cookies: Vec<String>,
    pub csp: String,
    pub body: String,
    pub bytes: Vec<u8>,
}

/// A browser: keeps the cookies the newsroom sets and sends them back.
pub struct Browser {
    pub app: Router,
    pub cookies: HashMap<String, String>,
    /// The address requests come from (none: as in-process requests have).
    pub place: Option<std::net::SocketAddr>,
    /// How the newsroom is reached (`https` behind TLS): the `Origin` of its forms.
    pub scheme: &'static str,
}

impl Browser {
    pub fn new(n: &Arc<Newsroom>) -> Browser {
        Browser {
            app: router(n.clone()),
            cookies: HashMap::new(),
            place: None,
            scheme: "http",
        }
    }

    pub async fn send(&mut self, req: axum::http::request::Builder, body: impl Into<Body>) -> Answer {
        let cookie: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let mut req = req
            .header(header::HOST, HOST)
            .header(header::COOKIE, cookie.join("; "))
            .body(body.into())
            .unwrap();
        if let Some(place) = self.place {
            req.extensions_mut().insert(axum::extract::ConnectInfo(place));
        }
        let res = self.app.clone().oneshot(req).await.unwrap();
        let header = |name| {
            res.headers()
                .get(name)
                .map(|v: &header::HeaderValue| v.to_str().unwrap().to_string())
                .unwrap_or_default()
        };
        let (location, csp) = (header(header::LOCATION), header(header::CONTENT_SECURITY_POLICY));
        let set_cookies: Vec<String> = res
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        for c in &set_cookies {
            let c = cookie::Cookie::parse(c.clone()).unwrap();
            if c.max_age().is_some_and(|a| a.is_zero()) {
                self.cookies.remove(c.name());
            } else {
                self.cookies.insert(c.name().to_string(), c.value().to_string());
            }
        }
        let status = res.status();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            location,
            set_cookies,
            csp,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        self.send(Request::get(path), String::new()).await
    }

    /// Posts a form, from this site (the `Origin` a browser sends).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let origin = format!("{}://{HOST}", self.scheme);
        self.post_from(path, fields, Some(&origin)).await
    }

    pub async fn post_from(&mut self, path: &str, fields: &[(&str, &str)], origin: Option<&str>) -> Answer {
        let body: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(o) = origin {
            req = req.header(header::ORIGIN, o);
        }
        self.send(req, body.join("&")).await
    }

    /// Posts a form with a file, as `multipart/form-data`, from this site.
    pub async fn post_file(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
    ) -> Answer {
        self.post_file_with(path, fields, file, &[]).await
    }

    /// [`Browser::post_file`] with more request headers (a script's request).
    pub async fn post_file_with(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
        headers: &[(&str, &str)],
    ) -> Answer {
        let (kind, body) = multipart(fields, file);
        let origin = format!("{}://{HOST}", self.scheme);
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, kind)
            .header(header::ORIGIN, origin);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req, body).await
    }

    /// Opens the sign-in page and signs in.
    pub async fn sign_in(&mut self, name: &str, password: &str) -> Answer {
        let form = self.get("/dang-nhap").await;
        let token = csrf(&form.body);
        self.post(
            "/dang-nhap",
            &[("csrf", &token), ("name", name), ("password", password)],
        )
        .await
    }

    /// The CSRF token of the page at `path`.
    pub async fn token(&mut self, path: &str) -> String {
        let page = self.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        csrf(&page.body)
    }
}

pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The hidden `csrf` field of a form.
pub fn csrf(html: &str) -> String {
    let at = html.find(r#"name="csrf" value=""#).expect("a form with a token") + 19;
    html[at..].split('"').next().unwrap().to_string()
}

/// Signs the first administrator in and sets their own password.
pub async fn admin(n: &Arc<Newsroom>, one_time: &str) -> Browser {
    let mut b = Browser::new(n);
    let signed = b.sign_in(FIRST_ADMIN, one_time).await;
    assert_eq!(signed.location, "/mat-khau");
    let token = b.token("/mat-khau").await;
    let changed = b
        .post(
            "/mat-khau",
            &[
                ("csrf", &token),
                ("current", one_time),
                ("new", "mật khẩu riêng 2026"),
            ],
        )
        .await;
    assert_eq!(
        (changed.status, changed.location.as_str()),
        (StatusCode::SEE_OTHER, "/"),
        "{}",
        changed.body
    );
    b
}

/// Adds an account as `admin`; returns its one-time password.
pub async fn add(admin: &mut Browser, name: &str, display: &str, role: &str) -> String {
    let token = admin.token("/nguoi-dung").await;
    let made = admin
        .post(
            "/nguoi-dung",
            &[
                ("csrf", &token),
                ("name", name),
                ("display", display),
                ("role", role),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let at = made.body.find("<code>").expect("the one-time password") + 6;
    made.body[at..].split('<').next().unwrap().to_string()
}

pub fn log(data: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(data.join("nhat-ky.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A JPEG as a phone writes it: an EXIF block (orientation 6: turn right; and a
/// GPS position) after the start marker.
pub fn phone_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, _| {
        image::Rgb([(x % 255) as u8, 80, 160])
    }));
    let mut plain = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut plain), image::ImageFormat::Jpeg)
        .unwrap();
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    // IFD0: two entries — orientation = 6, and a pointer to a GPS IFD.
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    tiff.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0]);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD: latitude reference "N" (and the words, to find them in bytes).
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&[1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(b"GPS 10.0123N 105.1234E");
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

/// A `multipart/form-data` body as a browser sends it: the fields in order, then the
/// file (field name, file name, bytes). Returns its content type and bytes.
pub fn multipart(fields: &[(&str, &str)], file: (&str, &str, &[u8])) -> (String, Vec<u8>) {
    let boundary = "----toa-soan-ranh-gioi-7d1";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    let (name, file_name, bytes) = file;
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A body that gives `bytes` and then waits for ever, as a client still sending (or
/// one holding the connection open): a server that reads past them never answers.
pub struct Stalls(pub Option<Vec<u8>>);

impl http_body::Body for Stalls {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        match self.0.take() {
            Some(bytes) => std::task::Poll::Ready(Some(Ok(http_body::Frame::data(bytes.into())))),
            None => std::task::Poll::Pending,
        }
    }
}

/// An officer of role `role`, signed in with a password of their own.
pub async fn officer(
    n: &Arc<Newsroom>,
    admin: &mut Browser,
    name: &str,
    display: &str,
    role: &str,
) -> Browser {
    let one_time = add(admin, name, display, role).await;
    let mut b = Browser::new(n);
    b.sign_in(name, &one_time).await;
    let token = b.token("/mat-khau").await;
    let changed = b
        .post(
            "/mat-khau",
            &[
                ("csrf", &token),
                ("current", &one_time),
                ("new", "mật khẩu của tôi 2026"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    b
}
