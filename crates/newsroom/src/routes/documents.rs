//! The documents library (Văn bản), edited by biên tập and quản trị.

use axum::extract::{FromRequest, Path, Query};

use super::*;
use crate::accounts::Role;
use crate::document::{Doc, Fields};
use crate::pages::documents as view;

fn editor(signed: &Signed) -> Result<(), Stop> {
    signed.ready()?;
    if signed.user.role == Role::PhongVien {
        Err(Stop::Forbidden)
    } else {
        Ok(())
    }
}

#[derive(Deserialize, Default)]
pub(super) struct Search {
    #[serde(default)]
    q: String,
    #[serde(default)]
    trang: usize,
    #[serde(default)]
    xong: String,
}

pub(super) async fn list(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    q: Result<Query<Search>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Stop> {
    editor(&signed)?;
    let s = q.map(|Query(s)| s).unwrap_or_default();
    let content = newsroom.config.content.clone();
    let all = newsroom.at_work(move |_| crate::document::list(&content)).await;
    let words: Vec<String> =
        portal_core::fold::fold(&s.q.chars().take(200).collect::<String>().to_lowercase())
            .split_whitespace()
            .map(String::from)
            .collect();
    let kept: Vec<(String, Doc)> = all
        .into_iter()
        .filter(|(_, d)| {
            let text = portal_core::fold::fold(
                &format!("{} {}", d.fields.so_ky_hieu, d.fields.trich_yeu).to_lowercase(),
            );
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect();
    let shown: Vec<(String, Doc)> = kept
        .iter()
        .skip(s.trang * view::PER_PAGE)
        .take(view::PER_PAGE)
        .cloned()
        .collect();
    Ok(page(
        StatusCode::OK,
        view::list(&signed.officer(), &shown, kept.len(), &s.q, s.trang),
    ))
}

/// The form as sent: its fields, the attached files kept (`giu`), a new file (`tep`).
pub(super) struct Sent {
    csrf: String,
    base: String,
    fields: Fields,
    keep: Vec<String>,
    file: Option<Upload>,
}

impl FromRequest<Arc<Newsroom>> for Sent {
    type Rejection = Stop;

    async fn from_request(req: Request, state: &Arc<Newsroom>) -> Result<Self, Stop> {
        let posted = Posted::from_request(req, state).await?;
        let get = |k: &str| {
            posted
                .pairs
                .iter()
                .rev()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        Ok(Sent {
            csrf: get("csrf"),
            base: get("base"),
            keep: posted
                .pairs
                .iter()
                .filter(|(n, _)| n == "giu")
                .map(|(_, v)| v.clone())
                .collect(),
            fields: posted.fields()?,
            file: posted.file,
        })
    }
}

fn form_page(newsroom: &Newsroom, signed: &Signed, status: StatusCode, f: &view::Form) -> Response {
    articles::editor_response(newsroom, status, view::form(&signed.officer(), f))
}

pub(super) async fn new_page(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
) -> Result<Response, Stop> {
    editor(&signed)?;
    let fields = Fields::default();
    let f = view::Form {
        id: None,
        fields: &fields,
        files: &[],
        kept: None,
        base: "",
        done: None,
        message: None,
        script: newsroom.config.editor.is_some(),
    };
    Ok(form_page(&newsroom, &signed, StatusCode::OK, &f))
}

pub(super) async fn edit_page(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path(id): Path<String>,
    q: Result<Query<Search>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Stop> {
    editor(&signed)?;
    let key = id.clone();
    let Ok((doc, base)) = newsroom.at_work(move |w| w.document(&key)).await else {
        return Ok(not_found().await);
    };
    let saved = q.is_ok_and(|Query(s)| s.xong == "luu");
    let f = view::Form {
        id: Some(&id),
        fields: &doc.fields,
        files: &doc.files,
        kept: None,
        base: &base,
        done: saved.then_some("Đã lưu: trang công khai đã được cập nhật."),
        message: None,
        script: newsroom.config.editor.is_some(),
    };
    Ok(form_page(&newsroom, &signed, StatusCode::OK, &f))
}

async fn save(
    newsroom: Arc<Newsroom>,
    signed: Signed,
    id: Option<String>,
    sent: Sent,
) -> Result<Response, Stop> {
    signed.check(&sent.csrf)?;
    let about = id.clone().unwrap_or_else(|| "(văn bản mới)".into());
    if editor(&signed).is_err() {
        signed.log(&newsroom, "sửa văn bản: bị từ chối", &about);
    }
    editor(&signed)?;
    let (user, key, fields, keep, file, base) = (
        signed.user.clone(),
        id.clone(),
        sent.fields.clone(),
        sent.keep.clone(),
        sent.file,
        sent.base.clone(),
    );
    let done = newsroom
        .at_work(move |w| {
            let upload = file.as_ref().map(|u| (u.name.as_str(), u.bytes.as_slice()));
            w.save_document(&user, key.as_deref(), &fields, &keep, upload, &base)
        })
        .await;
    let why = match done {
        Ok(saved) => {
            signed.log(&newsroom, "lưu văn bản", &saved);
            return Ok(see_other(&format!("/van-ban/{saved}?xong=luu")));
        }
        Err(refused) => match refused_save(&signed, refused).await {
            Ok(why) => why,
            Err(page) => return Ok(page),
        },
    };
    signed.log(&newsroom, "lưu văn bản: không thực hiện", &about);
    // The form again with what was typed (the files as they are now).
    let (files, base) = match &id {
        Some(id) => {
            let key = id.clone();
            match newsroom.at_work(move |w| w.document(&key)).await {
                Ok((doc, base)) => (doc.files, base),
                Err(_) => return Ok(not_found().await),
            }
        }
        None => (Vec::new(), String::new()),
    };
    let f = view::Form {
        id: id.as_deref(),
        fields: &sent.fields,
        files: &files,
        kept: Some(&sent.keep),
        base: &base,
        done: None,
        message: Some(&why),
        script: newsroom.config.editor.is_some(),
    };
    Ok(form_page(&newsroom, &signed, StatusCode::BAD_REQUEST, &f))
}

pub(super) async fn create(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    sent: Sent,
) -> Result<Response, Stop> {
    save(newsroom, signed, None, sent).await
}

pub(super) async fn update(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path(id): Path<String>,
    sent: Sent,
) -> Result<Response, Stop> {
    save(newsroom, signed, Some(id), sent).await
}
