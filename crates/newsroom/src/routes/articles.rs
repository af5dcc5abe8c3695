//! Writing, the workflow and the history of articles. Every step asks the desk's rules
//! ([`crate::desk::may`]) on the server; the pages only leave out the buttons an
//! officer may not use.

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, Multipart, Path, Query};
use serde::Deserialize;

use super::*;
use crate::article::Draft;
use crate::desk::{self, Opened, Step};
use crate::media;
use crate::pages::articles::{self as view, Editing, Filter, Line};
use crate::work::Refusal;

/// The photo sent with the writing form, checked and kept in `media/` (after the rights
/// to save the article are checked): its address. The refusal is shown on the form.
async fn photo_of(
    newsroom: &Arc<Newsroom>,
    signed: &Signed,
    id: Option<&str>,
    photo: Option<Upload>,
) -> Result<Option<String>, Refusal> {
    let Some(photo) = photo else { return Ok(None) };
    if let Some(id) = id {
        let (user, key) = (signed.user.clone(), id.to_string());
        newsroom.at_work(move |w| w.may_save(&user, &key)).await?;
    }
    let content = newsroom.config.content.clone();
    let saved = newsroom
        .uploading(move || media::save_upload(&content, &photo.name, &photo.bytes))
        .await
        .unwrap_or_else(|| Err(BUSY.to_string()));
    match saved {
        Ok(saved) => Ok(Some(saved.src)),
        Err(why) => Err(Refusal::Invalid(vec![crate::article::Problem {
            field: crate::article::Field::Image,
            message: why,
        }])),
    }
}

/// The writing form's page: with the body editor, the newsroom's policy lets this
/// site's scripts and WebAssembly run (nothing else, from nowhere else).
pub(super) fn editor_response(newsroom: &Newsroom, status: StatusCode, markup: maud::Markup) -> Response {
    let mut response = page(status, markup);
    if newsroom.config.editor.is_some() {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; \
                 style-src 'self'; img-src 'self'; form-action 'self'; frame-src 'self'; \
                 frame-ancestors 'none'; base-uri 'none'",
            ),
        );
    }
    response
}

/// The body editor's files: its start (written here), and wasm-bindgen's JS and Wasm.
pub(super) async fn editor_file(State(newsroom): State<Arc<Newsroom>>, Path(file): Path<String>) -> Response {
    const START: &str = "import init from \"./newsroom_editor.js\";\ninit();\n";
    let js = "text/javascript; charset=utf-8";
    let Some(dir) = &newsroom.config.editor else {
        return not_found().await;
    };
    let (kind, bytes) = match file.as_str() {
        "khoi-dong.js" => (js, START.as_bytes().to_vec()),
        "newsroom_editor.js" | "newsroom_editor_bg.wasm" => match std::fs::read(dir.join(&file)) {
            Ok(b) => (
                if file.ends_with(".js") {
                    js
                } else {
                    "application/wasm"
                },
                b,
            ),
            Err(_) => return not_found().await,
        },
        _ => return not_found().await,
    };
    ([(header::CONTENT_TYPE, kind)], bytes).into_response()
}

/// The sections of the site, as the form offers them.
fn sections(newsroom: &Newsroom) -> Vec<(String, String)> {
    let content = &newsroom.config.content;
    let assets = portal_content::assets::Assets::new(content);
    let mut diags = Vec::new();
    portal_content::site::load(content, &assets, &mut diags)
        .map(|s| s.sections.into_iter().map(|s| (s.slug, s.name)).collect())
        .unwrap_or_default()
}

pub(super) async fn list(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    filter: Result<Query<Filter>, QueryRejection>,
) -> Result<Response, Stop> {
    signed.ready()?;
    let filter = filter.map(|Query(f)| f).unwrap_or_default();
    let all = newsroom.at_work(|w| w.desk.list()).await;
    let words = filter.words();
    let kept: Vec<_> = all.into_iter().filter(|e| filter.keeps(e, &words)).collect();
    let shown: Vec<_> = kept
        .iter()
        .skip(filter.trang * view::PER_PAGE)
        .take(view::PER_PAGE)
        .cloned()
        .collect();
    let writers: Vec<(String, String)> = newsroom
        .accounts()
        .users()
        .iter()
        .map(|u| (u.name.clone(), u.display.clone()))
        .collect();
    let markup = view::list(
        &signed.officer(),
        &shown,
        kept.len(),
        &filter,
        &sections(&newsroom),
        &writers,
    );
    Ok(page(StatusCode::OK, markup))
}

pub(super) async fn new_page(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
) -> Result<Response, Stop> {
    signed.ready()?;
    let draft = Draft {
        author: signed.user.display.clone(),
        ..Draft::default()
    };
    let sections = sections(&newsroom);
    let e = Editing {
        id: None,
        draft: &draft,
        status: None,
        live: false,
        base: "",
        problems: &[],
        done: None,
        message: None,
        conflict: None,
        steps: &[],
        sections: &sections,
        public: None,
        script: newsroom.config.editor.is_some(),
    };
    Ok(editor_response(
        &newsroom,
        StatusCode::OK,
        view::editor(&signed.officer(), &e),
    ))
}

#[derive(Deserialize)]
struct WrittenFields {
    /// Missing: refused as a wrong token is (403), not as a malformed form.
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    base: String,
    #[serde(flatten)]
    draft: Draft,
}

/// The writing form: its fields, and the photo chosen in it (from a file or the
/// phone's camera: the form is then sent as `multipart/form-data`).
pub(super) struct Written {
    csrf: String,
    base: String,
    draft: Draft,
    photo: Option<Upload>,
}

/// The writing form's limit: a photo of up to [`media::MAX_UPLOAD_BYTES`] and the text.
pub(super) const WRITTEN_LIMIT: usize = media::MAX_UPLOAD_BYTES + 1024 * 1024;

impl FromRequest<Arc<Newsroom>> for Written {
    type Rejection = Stop;

    async fn from_request(req: Request, state: &Arc<Newsroom>) -> Result<Self, Stop> {
        let posted = Posted::from_request(req, state).await?;
        let f: WrittenFields = posted.fields()?;
        Ok(Written {
            csrf: f.csrf,
            base: f.base,
            draft: f.draft,
            photo: posted.file,
        })
    }
}

/// Why a step was not taken, shown on the article's page with the officer's text.
struct Again<'a> {
    status: StatusCode,
    message: Option<String>,
    problems: Vec<crate::article::Problem>,
    conflict: Option<Box<Opened>>,
    /// The text to show in the form: what the officer sent, not what is stored.
    draft: Option<&'a Draft>,
}

/// The article's page: stored, or with the officer's text and what went wrong.
async fn editor_page(
    newsroom: &Arc<Newsroom>,
    signed: &Signed,
    id: &str,
    done: Option<&'static str>,
    again: Option<Again<'_>>,
) -> Response {
    let key = id.to_string();
    let opened = newsroom
        .at_work(move |w| {
            let o = w.desk.open(&key).ok().flatten()?;
            let problems = w.problems(&o);
            Some((o, problems))
        })
        .await;
    let Some((o, problems)) = opened else {
        return refusal(
            StatusCode::NOT_FOUND,
            Some(&signed.officer()),
            "Không tìm thấy bài viết",
            "Không có bài viết này, hoặc tệp của nó không đọc được.",
        );
    };
    let sections = sections(newsroom);
    let steps = view::allowed(&signed.user, &o.status, o.live);
    let (status, message, problems, conflict, draft) = match &again {
        Some(a) => (
            a.status,
            a.message.as_deref(),
            if a.problems.is_empty() && a.draft.is_none() {
                problems
            } else {
                a.problems.clone()
            },
            a.conflict.as_deref(),
            a.draft.unwrap_or(&o.stored.draft),
        ),
        None => (StatusCode::OK, None, problems, None, &o.stored.draft),
    };
    let public = (o.live && o.status.state != desk::State::DaGo).then(|| {
        format!(
            "{}{}",
            newsroom.public_base(),
            portal_core::paths::article(&o.status.slug)
        )
    });
    let e = Editing {
        id: Some(id),
        draft,
        status: Some(&o.status),
        live: o.live,
        // After a conflict the form is based on the version just met.
        base: conflict.map_or(&o.base, |c| &c.base),
        problems: &problems,
        done,
        message,
        conflict: conflict.map(|c| (&c.status, &c.stored.draft)),
        steps: &steps,
        sections: &sections,
        public,
        script: newsroom.config.editor.is_some(),
    };
    editor_response(newsroom, status, view::editor(&signed.officer(), &e))
}

/// A refusal as the officer sees it: on the form, with what they wrote.
async fn refused_step(
    newsroom: &Arc<Newsroom>,
    signed: &Signed,
    id: Option<&str>,
    step: Step,
    refusal_: Refusal,
    draft: Option<&Draft>,
) -> Response {
    let about = id.unwrap_or("(bài mới)");
    signed.log(
        newsroom,
        &format!("{}: không thực hiện", step.done().to_lowercase()),
        about,
    );
    let again = |status, message: Option<String>, problems, conflict| Again {
        status,
        message,
        problems,
        conflict,
        draft,
    };
    let again = match refusal_ {
        Refusal::NotFound => {
            return refusal(
                StatusCode::NOT_FOUND,
                Some(&signed.officer()),
                "Không tìm thấy",
                "Không có bài viết hoặc phiên bản này.",
            )
        }
        Refusal::Forbidden(why) => {
            return refusal(
                StatusCode::FORBIDDEN,
                Some(&signed.officer()),
                "Không có quyền",
                why,
            )
        }
        Refusal::Invalid(problems) => again(StatusCode::BAD_REQUEST, None, problems, None),
        Refusal::Conflict { theirs } => again(StatusCode::CONFLICT, None, Vec::new(), Some(theirs)),
        Refusal::Wrong(why) => again(StatusCode::BAD_REQUEST, Some(why), Vec::new(), None),
        Refusal::Failed(why) => again(
            StatusCode::INTERNAL_SERVER_ERROR,
            Some(format!(
                "{} chưa thực hiện được; trang công khai vẫn như cũ. {why}",
                step.done()
            )),
            Vec::new(),
            None,
        ),
    };
    match id {
        Some(id) => editor_page(newsroom, signed, id, None, Some(again)).await,
        None => {
            // A new article that could not be saved: the form again, as it was sent.
            let sections = sections(newsroom);
            let blank = Draft::default();
            let e = Editing {
                id: None,
                draft: draft.unwrap_or(&blank),
                status: None,
                live: false,
                base: "",
                problems: &again.problems,
                done: None,
                message: again.message.as_deref(),
                conflict: None,
                steps: &[],
                sections: &sections,
                public: None,
                script: newsroom.config.editor.is_some(),
            };
            editor_response(newsroom, again.status, view::editor(&signed.officer(), &e))
        }
    }
}

pub(super) async fn create(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    f: Written,
) -> Result<Response, Stop> {
    signed.check(&f.csrf)?;
    signed.ready()?;
    let mut draft = f.draft.clone();
    match photo_of(&newsroom, &signed, None, f.photo).await {
        Ok(Some(src)) => draft.image = src,
        Ok(None) => {}
        Err(r) => return Ok(refused_step(&newsroom, &signed, None, Step::Save, r, Some(&f.draft)).await),
    }
    let user = signed.user.clone();
    match newsroom.at_work(move |w| w.save(&user, None, &draft, "")).await {
        Ok(id) => {
            signed.log(&newsroom, "viết bài mới", &id);
            Ok(see_other(&format!("/bai-viet/{id}?xong=luu")))
        }
        Err(r) => Ok(refused_step(&newsroom, &signed, None, Step::Save, r, Some(&f.draft)).await),
    }
}

/// `?xong=…` after a step: the sentence to show (fixed here, never from the address).
#[derive(Deserialize, Default)]
pub(super) struct Done {
    #[serde(default)]
    xong: String,
}

fn done_sentence(key: &str) -> Option<&'static str> {
    Some(match key {
        "luu" => "Đã lưu.",
        "gui-duyet" => "Đã gửi duyệt. Biên tập viên sẽ xem và xuất bản hoặc trả lại.",
        "tra-lai" => "Đã trả lại cho người viết, kèm lý do.",
        "xuat-ban" => "Đã xuất bản: bài đã có trên trang công khai.",
        "hen-gio" => "Đã hẹn giờ: bài sẽ tự xuất bản khi đến giờ.",
        "go-bai" => "Đã gỡ bài khỏi trang công khai. Có thể khôi phục bất cứ lúc nào.",
        "khoi-phuc" => "Đã khôi phục: bài lại có trên trang công khai.",
        "phien-ban" => "Đã khôi phục phiên bản cũ thành bản nháp.",
        _ => return None,
    })
}

pub(super) async fn edit_page(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path(id): Path<String>,
    done: Result<Query<Done>, QueryRejection>,
) -> Result<Response, Stop> {
    signed.ready()?;
    let done = done.ok().and_then(|Query(d)| done_sentence(&d.xong));
    Ok(editor_page(&newsroom, &signed, &id, done, None).await)
}

pub(super) async fn save(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path(id): Path<String>,
    f: Written,
) -> Result<Response, Stop> {
    signed.check(&f.csrf)?;
    signed.ready()?;
    let mut draft = f.draft.clone();
    match photo_of(&newsroom, &signed, Some(&id), f.photo).await {
        Ok(Some(src)) => draft.image = src,
        Ok(None) => {}
        Err(r) => {
            return Ok(refused_step(&newsroom, &signed, Some(&id), Step::Save, r, Some(&f.draft)).await)
        }
    }
    let (user, base, key) = (signed.user.clone(), f.base.clone(), id.clone());
    match newsroom
        .at_work(move |w| w.save(&user, Some(&key), &draft, &base))
        .await
    {
        Ok(_) => {
            signed.log(&newsroom, "lưu bài", &id);
            Ok(see_other(&format!("/bai-viet/{id}?xong=luu")))
        }
        Err(r) => Ok(refused_step(&newsroom, &signed, Some(&id), Step::Save, r, Some(&f.draft)).await),
    }
}

#[derive(Deserialize)]
pub(super) struct StepForm {
    /// Missing: refused as a wrong token is (403), not as a malformed form.
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    comment: String,
    /// `datetime-local`: `2026-12-06T15:30`, Vietnam time.
    #[serde(default)]
    due: String,
    /// The fingerprint of the text on the page the step was chosen on.
    #[serde(default)]
    base: String,
}

/// A workflow step, by the last part of its address.
pub(super) async fn step(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path((id, name)): Path<(String, String)>,
    f: Result<Form<StepForm>, FormRejection>,
) -> Result<Response, Stop> {
    let step = match name.as_str() {
        "gui-duyet" => Step::Submit,
        "tra-lai" => Step::Return,
        "xuat-ban" => Step::Publish,
        "hen-gio" => Step::Schedule,
        "go-bai" => Step::Unpublish,
        "khoi-phuc" => Step::Restore,
        _ => return Ok(not_found().await),
    };
    let f = form(f)?;
    signed.check(&f.csrf)?;
    signed.ready()?;
    let user = signed.user.clone();
    let key = id.clone();
    let due = f.due.trim().to_string();
    let comment = f.comment.clone();
    let base = f.base.clone();
    let done = newsroom
        .at_work(move |w| match step {
            Step::Submit => w.submit(&user, &key, Some(&base)),
            Step::Return => w.send_back(&user, &key, &comment, Some(&base)),
            Step::Publish | Step::Restore => w.publish(&user, &key, step, Some(&base)).map(drop),
            Step::Schedule => match vietnam_time(&due) {
                Some(due) => w.schedule(&user, &key, due, Some(&base)),
                None => Err(Refusal::Wrong("Hãy chọn ngày và giờ xuất bản.".into())),
            },
            Step::Unpublish => w.unpublish(&user, &key, Some(&base)).map(drop),
            Step::Save => unreachable!("saving has its own address"),
        })
        .await;
    match done {
        Ok(()) => {
            signed.log(&newsroom, &step.done().to_lowercase(), &id);
            Ok(see_other(&format!("/bai-viet/{id}?xong={name}")))
        }
        Err(r) => Ok(refused_step(&newsroom, &signed, Some(&id), step, r, None).await),
    }
}

/// A `datetime-local` value (`YYYY-MM-DDTHH:MM`) read as Vietnam time.
fn vietnam_time(value: &str) -> Option<portal_core::Timestamp> {
    let ok = value.len() == 16 && value.bytes().all(|b| b.is_ascii_digit() || b"-T:".contains(&b));
    ok.then(|| portal_core::Timestamp::parse_rfc3339(&format!("{value}:00+07:00")).ok())
        .flatten()
}

pub(super) async fn history(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path(id): Path<String>,
) -> Result<Response, Stop> {
    signed.ready()?;
    let key = id.clone();
    let found = newsroom
        .at_work(move |w| {
            let o = w.desk.open(&key).ok().flatten()?;
            Some((o.stored.draft.title, w.versions(&key).ok()?))
        })
        .await;
    let Some((title, versions)) = found else {
        return Ok(not_found().await);
    };
    Ok(page(
        StatusCode::OK,
        view::history(&signed.officer(), &id, &title, &versions),
    ))
}

pub(super) async fn version(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path((id, rev)): Path<(String, String)>,
) -> Result<Response, Stop> {
    signed.ready()?;
    let key = id.clone();
    let found = newsroom
        .at_work(move |w| {
            let o = w.desk.open(&key).ok().flatten()?;
            let v = w.versions(&key).ok()?.into_iter().find(|v| v.id == rev)?;
            let old = w.text_at(&key, &v.id)?;
            Some((o, v, old))
        })
        .await;
    let Some((o, v, old)) = found else {
        return Ok(not_found().await);
    };
    let current = o.stored.draft.to_file(&o.status.slug, o.stored.published);
    let lines = compare(&old, &current);
    let may_restore = desk::may(&signed.user, Some(&o.status), Step::Save).is_ok();
    Ok(page(
        StatusCode::OK,
        view::version(&signed.officer(), &id, &v, &lines, may_restore),
    ))
}

/// The lines of `old` and `new`, as kept, removed and added (similar's diff).
fn compare(old: &str, new: &str) -> Vec<Line> {
    use similar::{ChangeTag, TextDiff};
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| {
            let t = c.value().trim_end_matches('\n').to_string();
            match c.tag() {
                ChangeTag::Equal => Line::Same(t),
                ChangeTag::Delete => Line::Removed(t),
                ChangeTag::Insert => Line::Added(t),
            }
        })
        .collect()
}

pub(super) async fn restore_version(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path((id, rev)): Path<(String, String)>,
    f: Result<Form<Csrf>, FormRejection>,
) -> Result<Response, Stop> {
    signed.check(&form(f)?.csrf)?;
    signed.ready()?;
    let (user, key) = (signed.user.clone(), id.clone());
    match newsroom
        .at_work(move |w| w.restore_version(&user, &key, &rev))
        .await
    {
        Ok(()) => {
            signed.log(&newsroom, "khôi phục phiên bản", &id);
            Ok(see_other(&format!("/bai-viet/{id}?xong=phien-ban")))
        }
        Err(r) => Ok(refused_step(&newsroom, &signed, Some(&id), Step::Save, r, None).await),
    }
}

/// A picture of the content folder's `media/`, for the officers' forms: only raster
/// images (checked by their bytes), only regular files reached without a symbolic link.
pub(super) async fn media(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path(name): Path<String>,
) -> Result<Response, Stop> {
    signed.ready()?;
    let src = format!("/media/{name}");
    let Some(name) = portal_content::assets::Assets::media_name(&src) else {
        return Ok(not_found().await);
    };
    let mut path = newsroom.config.content.join("media");
    for part in name.split('/') {
        path.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if !m.file_type().is_symlink() => {}
            _ => return Ok(not_found().await),
        }
    }
    let bytes = match std::fs::read(&path) {
        Ok(b) if b.len() <= media::MAX_UPLOAD_BYTES => b,
        _ => return Ok(not_found().await),
    };
    let kind = match image::guess_format(&bytes) {
        Ok(image::ImageFormat::Jpeg) => "image/jpeg",
        Ok(image::ImageFormat::Png) => "image/png",
        Ok(image::ImageFormat::WebP) => "image/webp",
        Ok(image::ImageFormat::Gif) => "image/gif",
        _ => return Ok(not_found().await),
    };
    Ok(([(header::CONTENT_TYPE, kind)], bytes).into_response())
}

/// `?rong=…&co-chu=…` of the preview page.
#[derive(Deserialize, Default)]
pub(super) struct View {
    /// The width, in CSS pixels, of the frame the page is shown in.
    #[serde(default)]
    rong: u32,
    #[serde(default, rename = "co-chu")]
    size: u8,
}

/// The preview page: the article as published, at a phone's or a desktop's width and
/// at any text size, in a frame.
pub(super) async fn preview_page(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path(id): Path<String>,
    view: Result<Query<View>, QueryRejection>,
) -> Result<Response, Stop> {
    signed.ready()?;
    let view = view.map(|Query(v)| v).unwrap_or_default();
    let width = if view.rong == 1024 { 1024 } else { 360 };
    let size = view.size.min(4);
    let key = id.clone();
    let Some(o) = newsroom.at_work(move |w| w.desk.open(&key).ok().flatten()).await else {
        return Ok(not_found().await);
    };
    let markup = view::preview(&signed.officer(), &id, &o.stored.draft.title, width, size);
    Ok(page(StatusCode::OK, markup))
}

/// The framed page itself: the portal's page, with a policy of its own (no script;
/// framed only by the newsroom).
pub(super) async fn preview(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path(id): Path<String>,
    view: Result<Query<View>, QueryRejection>,
) -> Result<Response, Stop> {
    signed.ready()?;
    let size = view.map_or(0, |Query(v)| v.size.min(4));
    let key = id.clone();
    match newsroom.at_work(move |w| w.preview(&key, size)).await {
        Ok(html) => Ok((
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
                     form-action 'none'; frame-ancestors 'self'; base-uri 'none'; sandbox allow-same-origin",
                ),
                (header::X_FRAME_OPTIONS, "SAMEORIGIN"),
            ],
            html,
        )
            .into_response()),
        Err(Refusal::NotFound) => Ok(not_found().await),
        Err(r) => {
            let why = match r {
                Refusal::Failed(why) => why,
                other => format!("{other:?}"),
            };
            let message = format!("Chưa xem trước được: bài còn chỗ cần sửa ({why}).");
            Ok(refusal(
                StatusCode::BAD_REQUEST,
                Some(&signed.officer()),
                "Chưa xem trước được",
                &message,
            ))
        }
    }
}

/// The portal's stylesheet and pictures the preview links to, from trunk's build: only
/// files with a content hash in their name (CSS, fonts, images), never a script. They
/// are the public site's own files: served without signing in (a browser's own request
/// for `/favicon.ico` must not be sent to the sign-in page, which would begin a new
/// sign-in and void the form on screen).
pub(super) async fn shell_file(
    State(newsroom): State<Arc<Newsroom>>,
    Path(file): Path<String>,
) -> Result<Response, Stop> {
    let kind = match file.rsplit_once('.').map(|(_, e)| e) {
        Some("css") => "text/css; charset=utf-8",
        Some("woff2") => "font/woff2",
        Some("png") => "image/png",
        Some("svg") if file == "favicon.svg" => "image/svg+xml",
        _ => return Ok(not_found().await),
    };
    let plain = file
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
    if !plain || file.starts_with('.') || !(portal_prerender::is_hashed(&file) || file == "favicon.svg") {
        return Ok(not_found().await);
    }
    match std::fs::read(newsroom.config.shell.join(&file)) {
        Ok(bytes) => Ok(([(header::CONTENT_TYPE, kind)], bytes).into_response()),
        Err(_) => Ok(not_found().await),
    }
}

/// A picture pasted or dropped into the body editor: checked and kept like the form's
/// photo; answers `{"src": "/media/…"}`, or `{"loi": "…"}` (a Vietnamese sentence) with
/// 400. The session's CSRF token comes in the `x-csrf` header.
pub(super) async fn picture(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    headers: HeaderMap,
    mut parts: Multipart,
) -> Response {
    let json = |status: StatusCode, body: serde_json::Value| {
        (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response()
    };
    let token = headers
        .get("x-csrf")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if signed.check(token).is_err() || signed.ready().is_err() {
        return json(StatusCode::FORBIDDEN, serde_json::json!({ "loi": STALE_FORM }));
    }
    let mut photo = None;
    while let Ok(Some(part)) = parts.next_field().await {
        if part.name() == Some("photo") {
            let name = part.file_name().unwrap_or_default().to_string();
            match part.bytes().await {
                Ok(bytes) => {
                    photo = Some(Upload {
                        name,
                        bytes: bytes.to_vec(),
                    })
                }
                Err(_) => break,
            }
        }
    }
    let Some(photo) = photo else {
        return json(
            StatusCode::BAD_REQUEST,
            serde_json::json!({ "loi": "Không nhận được ảnh." }),
        );
    };
    let shown = photo.name.clone();
    match photo_of(&newsroom, &signed, None, Some(photo)).await {
        Ok(Some(src)) => {
            signed.log(&newsroom, "tải ảnh vào bài", &src);
            json(StatusCode::OK, serde_json::json!({ "src": src }))
        }
        Ok(None) => json(
            StatusCode::BAD_REQUEST,
            serde_json::json!({ "loi": "Không nhận được ảnh." }),
        ),
        Err(r) => {
            let why = match r {
                Refusal::Invalid(p) => p.into_iter().map(|p| p.message).collect::<Vec<_>>().join(" "),
                Refusal::Forbidden(why) => why.to_string(),
                other => format!("{other:?}"),
            };
            signed.log(&newsroom, "tải ảnh vào bài: bị từ chối", &shown);
            json(StatusCode::BAD_REQUEST, serde_json::json!({ "loi": why }))
        }
    }
}
