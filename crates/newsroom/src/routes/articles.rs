//! Writing an article and its workflow. Every step asks the desk's rules
//! ([`crate::desk::may`]) on the server; the pages only leave out the buttons an
//! officer may not use.

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, Path, Query};
use serde::Deserialize;

use super::*;
use crate::article::Draft;
use crate::desk::{self, Opened, Step};
use crate::media;
use crate::pages::articles::{self as view, Editing, Filter};
use crate::work::Refusal;

/// The photo sent with the writing form, checked and kept in `media/` (after the rights
/// to save the article are checked): its address. The refusal is shown on the form.
pub(super) async fn photo_of(
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
    Ok(new_article_page(
        &newsroom,
        &signed,
        StatusCode::OK,
        &draft,
        &[],
        None,
    ))
}

/// The form of an article not yet saved: empty, or as sent when it could not be saved.
fn new_article_page(
    newsroom: &Newsroom,
    signed: &Signed,
    status: StatusCode,
    draft: &Draft,
    problems: &[crate::article::Problem],
    message: Option<&str>,
) -> Response {
    let sections = sections(newsroom);
    let e = Editing {
        id: None,
        draft,
        status: None,
        live: false,
        base: "",
        problems,
        done: None,
        message,
        conflict: None,
        steps: &[],
        sections: &sections,
        public: None,
        script: newsroom.config.editor.is_some(),
    };
    editor_response(newsroom, status, view::editor(&signed.officer(), &e))
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
pub(super) async fn refused_step(
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
            let blank = Draft::default();
            let draft = draft.unwrap_or(&blank);
            new_article_page(
                newsroom,
                signed,
                again.status,
                draft,
                &again.problems,
                again.message.as_deref(),
            )
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
