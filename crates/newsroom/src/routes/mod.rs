//! The newsroom's addresses and what each checks before it acts.

mod accounts;
mod articles;
mod documents;
mod files;
mod history;
mod preview;
mod settings;
mod static_pages;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Form, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use cookie::{Cookie, SameSite};
use maud::Markup;
use serde::Deserialize;

use crate::accounts::{Action, User};
use crate::pages::{self, Done, Given, Officer};
use crate::sessions::Session;
use crate::Newsroom;

/// The session cookie, and the cookie that pairs a sign-in form with its browser.
const SESSION: &str = "toa_soan";
const SIGN_IN: &str = "toa_soan_dang_nhap";

/// A document's form: an attachment of up to 50 MB and the text.
const DOCUMENT_LIMIT: usize = 51 * 1000 * 1000;

/// A cookie's name as sent: behind TLS with the `__Host-` prefix (the browser then keeps
/// it only if it is `Secure`, for this very host and all its paths: no other site on
/// the domain can set or shadow it).
fn cookie_name(newsroom: &Newsroom, name: &str) -> String {
    if newsroom.config.secure_cookies {
        format!("__Host-{name}")
    } else {
        name.to_string()
    }
}

/// Every response: nothing from elsewhere, no framing, not cached, not sniffed.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
                   frame-src 'self'; frame-ancestors 'none'; base-uri 'none'";

pub fn router(newsroom: Arc<Newsroom>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/dang-nhap", get(accounts::sign_in_page).post(accounts::sign_in))
        .route("/dang-xuat", post(accounts::sign_out))
        .route(
            "/mat-khau",
            get(accounts::password_page).post(accounts::change_password),
        )
        .route("/nguoi-dung", get(accounts::users_page).post(accounts::add_user))
        .route("/nguoi-dung/cap-mat-khau", post(accounts::give_password))
        .route("/nguoi-dung/vai-tro", post(accounts::set_access))
        .route("/bai-viet", get(articles::list))
        .route(
            "/bai-viet/moi",
            get(articles::new_page)
                .post(articles::create)
                .layer(DefaultBodyLimit::max(articles::WRITTEN_LIMIT)),
        )
        .route(
            "/bai-viet/{id}",
            get(articles::edit_page)
                .post(articles::save)
                .layer(DefaultBodyLimit::max(articles::WRITTEN_LIMIT)),
        )
        .route("/bai-viet/{id}/lich-su", get(history::history))
        .route(
            "/bai-viet/{id}/lich-su/{rev}",
            get(history::version).post(history::restore_version),
        )
        .route("/bai-viet/{id}/{step}", post(articles::step))
        .route("/media/{*name}", get(files::media))
        .route("/bien-tap/{file}", get(files::editor_file))
        .route(
            "/anh",
            post(files::picture).layer(DefaultBodyLimit::max(articles::WRITTEN_LIMIT)),
        )
        .route("/bai-viet/{id}/xem", get(preview::preview_page))
        .route("/bai-viet/{id}/xem-truoc", get(preview::preview))
        .route("/{file}", get(files::shell_file))
        .route("/cai-dat", get(settings::page).post(settings::save))
        .route("/van-ban", get(documents::list))
        .route(
            "/van-ban/moi",
            get(documents::new_page)
                .post(documents::create)
                .layer(DefaultBodyLimit::max(DOCUMENT_LIMIT)),
        )
        .route(
            "/van-ban/{id}",
            get(documents::edit_page)
                .post(documents::update)
                .layer(DefaultBodyLimit::max(DOCUMENT_LIMIT)),
        )
        .route("/trang", get(static_pages::list))
        .route(
            "/trang/{name}",
            get(static_pages::vi)
                .post(static_pages::save_vi)
                .layer(DefaultBodyLimit::max(articles::WRITTEN_LIMIT)),
        )
        .route(
            "/trang/en/{name}",
            get(static_pages::en)
                .post(static_pages::save_en)
                .layer(DefaultBodyLimit::max(articles::WRITTEN_LIMIT)),
        )
        .route("/toa-soan.css", get(style))
        .fallback(not_found)
        // Forms are small; a sign-in name of megabytes is an attack.
        .layer(DefaultBodyLimit::max(64 * 1024))
        .layer(middleware::from_fn_with_state(newsroom.clone(), guard))
        .with_state(newsroom)
}

/// Refuses a change sent from another site (its `Origin` is not this host), and adds
/// the security headers to every answer.
async fn guard(State(newsroom): State<Arc<Newsroom>>, req: Request, next: Next) -> Response {
    let secure = newsroom.config.secure_cookies;
    if req.method() != Method::GET && req.method() != Method::HEAD && !same_origin(req.headers(), secure) {
        return refusal(StatusCode::FORBIDDEN, None, "Yêu cầu bị từ chối", FOREIGN);
    }
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    // A page may set its own policy (the preview, framed by the newsroom's page).
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CSP));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.entry(header::X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

const FOREIGN: &str = "Yêu cầu này không đến từ trang của Tòa soạn nên không được thực hiện.";
const BUSY: &str = "Máy chủ đang bận. Vui lòng thử lại sau giây lát.";
const STALE_FORM: &str = "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang rồi thử lại.";

/// No `Origin` (an older browser, a script without one: the CSRF token still guards
/// it), or one naming this very host with the scheme the newsroom is reached by
/// (`https` when its cookies are `Secure`).
fn same_origin(headers: &HeaderMap, secure: bool) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let scheme = if secure { "https" } else { "http" };
    let origin = origin.to_str().ok().and_then(|o| o.split_once("://"));
    matches!((origin, host), (Some((s, o)), Some(h)) if s == scheme && o.eq_ignore_ascii_case(h))
}

/// Equal tokens, compared in a time that does not depend on where they differ (subtle,
/// as the password hashing itself uses).
fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

fn set_cookie(
    newsroom: &Newsroom,
    name: &'static str,
    value: String,
    remove: bool,
) -> (header::HeaderName, String) {
    let mut c = Cookie::build((cookie_name(newsroom, name), value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(newsroom.config.secure_cookies)
        .build();
    if remove {
        c.make_removal();
    }
    (header::SET_COOKIE, c.to_string())
}

fn page(status: StatusCode, markup: Markup) -> Response {
    (status, markup).into_response()
}

fn refusal(status: StatusCode, officer: Option<&Officer>, title: &str, message: &str) -> Response {
    page(status, pages::refused(officer, title, message))
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// Why a request stops before its work; each becomes what the officer is shown.
#[derive(Debug)]
enum Stop {
    /// Not signed in (or the session ended): to the sign-in page.
    SignIn,
    /// A given password is changed before any work.
    ChangePassword,
    /// The form's CSRF token is missing or not this session's.
    StaleForm,
    /// The officer's role may not do this.
    Forbidden,
    /// A form that could not be read.
    BadForm,
}

impl IntoResponse for Stop {
    fn into_response(self) -> Response {
        match self {
            Stop::SignIn => see_other("/dang-nhap"),
            Stop::ChangePassword => see_other("/mat-khau"),
            Stop::StaleForm => refusal(StatusCode::FORBIDDEN, None, "Yêu cầu bị từ chối", STALE_FORM),
            Stop::Forbidden => refusal(
                StatusCode::FORBIDDEN,
                None,
                "Không có quyền",
                "Vai trò của bạn không được thực hiện thao tác này. Nếu cần, hãy liên hệ người quản trị.",
            ),
            Stop::BadForm => refusal(StatusCode::BAD_REQUEST, None, "Yêu cầu không hợp lệ", STALE_FORM),
        }
    }
}

/// Where a request comes from, as sign-in attempts are counted: the connection's
/// address or, behind a proxy on this machine, the `X-Real-IP` it sets; an IPv6
/// address by its /64 (one household or office holds a whole /64).
struct Client(String);

impl FromRequestParts<Arc<Newsroom>> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        newsroom: &Arc<Newsroom>,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let proxied = (newsroom.config.behind_proxy && peer.is_some_and(|p| p.is_loopback()))
            .then(|| {
                parts
                    .headers
                    .get("x-real-ip")?
                    .to_str()
                    .ok()?
                    .trim()
                    .parse::<IpAddr>()
                    .ok()
            })
            .flatten();
        Ok(Client(match proxied.or(peer) {
            Some(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_none() => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
            Some(IpAddr::V6(v6)) => v6.to_ipv4_mapped().map(|v4| v4.to_string()).unwrap_or_default(),
            Some(ip) => ip.to_string(),
            None => String::new(),
        }))
    }
}

/// A signed-in officer (otherwise: to the sign-in page).
struct Signed {
    token: String,
    session: Session,
    user: User,
    client: String,
}

impl FromRequestParts<Arc<Newsroom>> for Signed {
    type Rejection = Stop;

    async fn from_request_parts(parts: &mut Parts, newsroom: &Arc<Newsroom>) -> Result<Self, Stop> {
        let token = cookie_value(&parts.headers, &cookie_name(newsroom, SESSION)).ok_or(Stop::SignIn)?;
        let session = newsroom.sessions().get(&token).ok_or(Stop::SignIn)?;
        let user = newsroom
            .accounts()
            .get(&session.user)
            .filter(|u| !u.disabled)
            .cloned()
            .ok_or(Stop::SignIn)?;
        let Ok(Client(client)) = Client::from_request_parts(parts, newsroom).await;
        Ok(Signed {
            token,
            session,
            user,
            client,
        })
    }
}

impl Signed {
    fn officer(&self) -> Officer<'_> {
        Officer {
            user: &self.user,
            csrf: &self.session.csrf,
        }
    }

    /// Refuses a change whose form does not carry this session's token.
    fn check(&self, csrf: &str) -> Result<(), Stop> {
        if same(csrf, &self.session.csrf) {
            Ok(())
        } else {
            Err(Stop::StaleForm)
        }
    }

    /// Refuses work until a password someone else gave has been changed.
    fn ready(&self) -> Result<(), Stop> {
        if self.user.must_change {
            Err(Stop::ChangePassword)
        } else {
            Ok(())
        }
    }

    fn may(&self, action: Action) -> Result<(), Stop> {
        if self.user.role.may(action) {
            Ok(())
        } else {
            Err(Stop::Forbidden)
        }
    }

    fn log(&self, newsroom: &Newsroom, action: &str, about: &str) {
        newsroom.log.record(&self.user.name, &self.client, action, about);
    }

    /// The gate of every change to accounts: this session's token, a password of the
    /// officer's own, and the role of quản trị. A refusal is logged as `action` refused.
    fn manage_users(&self, newsroom: &Newsroom, csrf: &str, action: &str, about: &str) -> Result<(), Stop> {
        let allowed = self
            .check(csrf)
            .and_then(|()| self.ready())
            .and_then(|()| self.may(Action::ManageUsers));
        if allowed.is_err() {
            self.log(newsroom, &format!("{action}: bị từ chối"), about);
        }
        allowed
    }

    /// The users page after a change: the one-time password given, or why not.
    fn users_after(&self, newsroom: &Newsroom, done: Result<Done, String>) -> Response {
        let all = newsroom.accounts().users().to_vec();
        match done {
            Ok(done) => page(
                StatusCode::OK,
                pages::users(&self.officer(), &all, Some(done), None),
            ),
            Err(message) => page(
                StatusCode::BAD_REQUEST,
                pages::users(&self.officer(), &all, None, Some(&message)),
            ),
        }
    }
}

#[derive(Deserialize)]
struct Csrf {
    /// Missing: refused as a wrong token is (403), not as a malformed form.
    #[serde(default)]
    csrf: String,
}

/// A file sent with a form: the name the browser gave it, and its bytes.
struct Upload {
    name: String,
    bytes: Vec<u8>,
}

/// A form as sent, plain or as `multipart/form-data` (with a file): its fields in
/// order, and the file chosen in it — the part with a file name, left out when none was
/// chosen (the browser still sends the part, empty).
struct Posted {
    pairs: Vec<(String, String)>,
    file: Option<Upload>,
}

impl Posted {
    /// The fields, read as `T` reads a plain form.
    fn fields<T: serde::de::DeserializeOwned>(&self) -> Result<T, Stop> {
        let encoded = serde_urlencoded::to_string(&self.pairs).map_err(|_| Stop::BadForm)?;
        serde_urlencoded::from_str(&encoded).map_err(|_| Stop::BadForm)
    }
}

impl axum::extract::FromRequest<Arc<Newsroom>> for Posted {
    type Rejection = Stop;

    async fn from_request(req: Request, state: &Arc<Newsroom>) -> Result<Self, Stop> {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if !multipart {
            let pairs = form(Form::<Vec<(String, String)>>::from_request(req, state).await)?;
            return Ok(Posted { pairs, file: None });
        }
        // Nothing is read but for a signed-in officer whose form begins with their token
        // (the browser sends the fields in the form's order: every multipart form of
        // the newsroom has the token as its first field): no one else makes the server
        // read tens of megabytes, of a file or of a field.
        let (mut head, body) = req.into_parts();
        let signed = Signed::from_request_parts(&mut head, state).await?;
        let req = Request::from_parts(head, body);
        let mut parts = axum::extract::Multipart::from_request(req, state)
            .await
            .map_err(|_| Stop::BadForm)?;
        let mut posted = Posted {
            pairs: Vec::new(),
            file: None,
        };
        let Some(mut first) = parts.next_field().await.map_err(|_| Stop::BadForm)? else {
            return Err(Stop::StaleForm);
        };
        if first.name() != Some("csrf") || first.file_name().is_some() {
            return Err(Stop::StaleForm);
        }
        let mut token = Vec::new();
        while let Some(chunk) = first.chunk().await.map_err(|_| Stop::BadForm)? {
            token.extend_from_slice(&chunk);
            if token.len() > 256 {
                return Err(Stop::StaleForm);
            }
        }
        signed.check(std::str::from_utf8(&token).unwrap_or_default())?;
        drop(first);
        posted
            .pairs
            .push(("csrf".into(), String::from_utf8(token).unwrap_or_default()));
        while let Some(part) = parts.next_field().await.map_err(|_| Stop::BadForm)? {
            let name = part.name().unwrap_or_default().to_string();
            match part.file_name().map(String::from) {
                Some(file_name) => {
                    let bytes = part.bytes().await.map_err(|_| Stop::BadForm)?;
                    if !bytes.is_empty() || !file_name.is_empty() {
                        posted.file = Some(Upload {
                            name: file_name,
                            bytes: bytes.to_vec(),
                        });
                    }
                }
                None => posted
                    .pairs
                    .push((name, part.text().await.map_err(|_| Stop::BadForm)?)),
            }
        }
        Ok(posted)
    }
}

/// What a refused save of a form (settings, a page, a document) shows: the sentence to
/// put above the form sent back with what was typed, or the page that replaces it
/// (not found, not allowed).
async fn refused_save(signed: &Signed, refused: crate::work::Refusal) -> Result<String, Response> {
    use crate::work::Refusal;
    match refused {
        Refusal::NotFound => Err(not_found().await),
        Refusal::Forbidden(why) => Err(refusal(
            StatusCode::FORBIDDEN,
            Some(&signed.officer()),
            "Không có quyền",
            why,
        )),
        Refusal::Wrong(why) => Ok(why),
        Refusal::Invalid(p) => Ok(p.into_iter().map(|p| p.message).collect::<Vec<_>>().join(" ")),
        Refusal::Failed(why) => Ok(format!("Chưa lưu được; trang công khai vẫn như cũ. {why}")),
        Refusal::Conflict { .. } => {
            Ok("Nội dung vừa được người khác lưu; hãy xem lại rồi lưu lần nữa.".into())
        }
    }
}

/// A form that could not be read: a Vietnamese 400, not the framework's English.
fn form<T>(f: Result<Form<T>, FormRejection>) -> Result<T, Stop> {
    f.map(|Form(v)| v).map_err(|_| Stop::BadForm)
}

async fn style() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], pages::STYLE)
}

async fn not_found() -> Response {
    let message = "Địa chỉ này không có trong Tòa soạn.";
    refusal(StatusCode::NOT_FOUND, None, "Không tìm thấy trang", message)
}

async fn home(State(newsroom): State<Arc<Newsroom>>, signed: Signed) -> Result<Response, Stop> {
    signed.ready()?;
    let (entries, last, deploy) = newsroom
        .at_work(|w| (w.desk.list(), w.site.last.clone(), w.site.deploy_failed.clone()))
        .await;
    let counts: Vec<_> = crate::desk::State::ALL
        .into_iter()
        .map(|s| (s, entries.iter().filter(|e| e.state == s).count()))
        .collect();
    let markup = pages::home(&signed.officer(), &counts, last.as_deref(), deploy.as_deref());
    Ok(page(StatusCode::OK, markup))
}
