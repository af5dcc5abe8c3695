//! The preview: the article as residents will read it, rendered by the portal's own
//! components, in a frame at a phone's or a desktop's width and at any text size.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query};
use serde::Deserialize;

use super::*;
use crate::pages::articles as view;
use crate::work::Refusal;

/// `?rong=…&co-chu=…` of the preview page.
#[derive(Deserialize, Default)]
pub(super) struct View {
    /// The width, in CSS pixels, of the frame the page is shown in.
    #[serde(default)]
    rong: u32,
    #[serde(default, rename = "co-chu")]
    size: u8,
    /// 1: high contrast ("Tương phản cao").
    #[serde(default, rename = "tuong-phan")]
    contrast: u8,
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
    let markup = view::preview(
        &signed.officer(),
        &id,
        &o.stored.draft.title,
        width,
        size,
        view.contrast == 1,
    );
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
    let view = view.map(|Query(v)| v).unwrap_or_default();
    let (size, contrast) = (view.size.min(4), view.contrast == 1);
    let key = id.clone();
    match newsroom.at_work(move |w| w.preview(&key, size, contrast)).await {
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
