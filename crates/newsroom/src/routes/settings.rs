//! Quản trị's settings of the site (`site.toml`).

use std::collections::HashMap;

use super::*;
use crate::accounts::Role;

fn quan_tri(signed: &Signed) -> Result<(), Stop> {
    signed.ready()?;
    if signed.user.role == Role::QuanTri {
        Ok(())
    } else {
        Err(Stop::Forbidden)
    }
}

pub(super) async fn page(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    done: Result<axum::extract::Query<HashMap<String, String>>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Stop> {
    quan_tri(&signed)?;
    let saved = done.is_ok_and(|q| q.get("xong").is_some_and(|v| v == "luu"));
    let found = newsroom.at_work(|w| w.settings()).await;
    let (text, base) = match found {
        Ok(found) => found,
        Err(_) => {
            return Ok(refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                Some(&signed.officer()),
                "Không đọc được cài đặt",
                "Tệp site.toml không đọc được.",
            ))
        }
    };
    let s = crate::settings::read(&text).unwrap_or_default();
    let done = saved.then_some("Đã lưu cài đặt và dựng lại trang công khai.");
    Ok(super::page(
        StatusCode::OK,
        pages::settings::settings(&signed.officer(), &s, &base, done, None),
    ))
}

pub(super) async fn save(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    f: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Result<Response, Stop> {
    let f = form(f)?;
    signed.check(f.get("csrf").map_or("", String::as_str))?;
    if quan_tri(&signed).is_err() {
        signed.log(&newsroom, "sửa cài đặt: bị từ chối", "");
    }
    quan_tri(&signed)?;
    let (user, fields) = (signed.user.clone(), f.clone());
    let base = f.get("base").cloned().unwrap_or_default();
    let done = newsroom
        .at_work(move |w| w.save_settings(&user, &fields, &base))
        .await;
    let why = match done {
        Ok(_) => {
            signed.log(&newsroom, "sửa cài đặt", "");
            return Ok(see_other("/cai-dat?xong=luu"));
        }
        Err(refused) => match refused_save(&signed, refused).await {
            Ok(why) => why,
            Err(page) => return Ok(page),
        },
    };
    signed.log(&newsroom, "sửa cài đặt: không thực hiện", "");
    // The form again with what was typed (over the settings as they are now).
    let (text, base) = newsroom.at_work(|w| w.settings()).await.unwrap_or_default();
    let now = crate::settings::read(&text).unwrap_or_default();
    let typed = crate::settings::apply(&text, &f)
        .ok()
        .and_then(|t| crate::settings::read(&t).ok())
        .unwrap_or(now);
    Ok(super::page(
        StatusCode::BAD_REQUEST,
        pages::settings::settings(&signed.officer(), &typed, &base, None, Some(&why)),
    ))
}
