//! Files the newsroom serves and takes: the body editor's script and Wasm, pictures of
//! the content folder for the forms, the portal's stylesheet for the preview, and a
//! picture pasted, dropped or chosen in the body editor.

use axum::extract::{Multipart, Path};

use super::*;
use crate::media;
use crate::work::Refusal;

use super::articles::photo_of;

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
