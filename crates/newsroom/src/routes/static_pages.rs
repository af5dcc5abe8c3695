//! The site's static pages, edited by biên tập and quản trị.

use axum::extract::Path;

use super::*;
use crate::accounts::Role;
use crate::static_page::Page;

fn editor(signed: &Signed) -> Result<(), Stop> {
    signed.ready()?;
    if signed.user.role == Role::PhongVien {
        Err(Stop::Forbidden)
    } else {
        Ok(())
    }
}

pub(super) async fn list(State(newsroom): State<Arc<Newsroom>>, signed: Signed) -> Result<Response, Stop> {
    editor(&signed)?;
    let content = newsroom.config.content.clone();
    let pages = newsroom
        .at_work(move |_| crate::static_page::list(&content))
        .await;
    Ok(page(
        StatusCode::OK,
        pages::static_pages::list(&signed.officer(), &pages),
    ))
}

/// The form's page, with the body editor's policy when the newsroom has it.
fn form_page(
    newsroom: &Newsroom,
    signed: &Signed,
    status: StatusCode,
    p: &Page,
    base: &str,
    done: Option<&str>,
    message: Option<&str>,
) -> Response {
    let script = newsroom.config.editor.is_some();
    let markup = pages::static_pages::form(&signed.officer(), p, base, done, message, script);
    articles::editor_response(newsroom, status, markup)
}

async fn show(newsroom: Arc<Newsroom>, signed: Signed, name: String, saved: bool) -> Result<Response, Stop> {
    editor(&signed)?;
    let found = newsroom.at_work(move |w| w.static_page(&name)).await;
    let Ok((p, base)) = found else {
        return Ok(not_found().await);
    };
    let done = saved.then_some("Đã lưu: trang công khai đã được cập nhật.");
    Ok(form_page(
        &newsroom,
        &signed,
        StatusCode::OK,
        &p,
        &base,
        done,
        None,
    ))
}

#[derive(Deserialize, Default)]
pub(super) struct Saved {
    #[serde(default)]
    xong: String,
}

pub(super) async fn vi(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path(name): Path<String>,
    q: Result<axum::extract::Query<Saved>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Stop> {
    show(newsroom, signed, name, q.is_ok_and(|q| q.xong == "luu")).await
}

pub(super) async fn en(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path(name): Path<String>,
    q: Result<axum::extract::Query<Saved>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, Stop> {
    show(
        newsroom,
        signed,
        format!("en/{name}"),
        q.is_ok_and(|q| q.xong == "luu"),
    )
    .await
}

#[derive(Deserialize)]
pub(super) struct Edited {
    /// Missing: refused as a wrong token is (403), not as a malformed form.
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    base: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    body: String,
}

async fn save(
    newsroom: Arc<Newsroom>,
    signed: Signed,
    name: String,
    f: Result<Form<Edited>, FormRejection>,
) -> Result<Response, Stop> {
    let f = form(f)?;
    signed.check(&f.csrf)?;
    if editor(&signed).is_err() {
        signed.log(&newsroom, "sửa trang: bị từ chối", &name);
    }
    editor(&signed)?;
    let typed = Page {
        title: f.title.clone(),
        description: f.description.clone(),
        body: f.body.clone(),
        ..Page::default()
    };
    let (user, key, p, base) = (signed.user.clone(), name.clone(), typed.clone(), f.base.clone());
    let done = newsroom
        .at_work(move |w| w.save_static_page(&user, &key, &p, &base))
        .await;
    let why = match done {
        Ok(_) => {
            signed.log(&newsroom, "sửa trang", &name);
            return Ok(see_other(&format!("/trang/{name}?xong=luu")));
        }
        Err(refused) => match refused_save(&signed, refused).await {
            Ok(why) => why,
            Err(page) => return Ok(page),
        },
    };
    signed.log(&newsroom, "sửa trang: không thực hiện", &name);
    // The form again with what was typed, over the page as it is now.
    let key = name.clone();
    let Ok((now, base)) = newsroom.at_work(move |w| w.static_page(&key)).await else {
        return Ok(not_found().await);
    };
    let shown = Page {
        file: now.file,
        slug: now.slug,
        lang: now.lang,
        ..typed
    };
    Ok(form_page(
        &newsroom,
        &signed,
        StatusCode::BAD_REQUEST,
        &shown,
        &base,
        None,
        Some(&why),
    ))
}

pub(super) async fn save_vi(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path(name): Path<String>,
    f: Result<Form<Edited>, FormRejection>,
) -> Result<Response, Stop> {
    save(newsroom, signed, name, f).await
}

pub(super) async fn save_en(
    State(newsroom): State<Arc<Newsroom>>,
    signed: Signed,
    Path(name): Path<String>,
    f: Result<Form<Edited>, FormRejection>,
) -> Result<Response, Stop> {
    save(newsroom, signed, format!("en/{name}"), f).await
}
