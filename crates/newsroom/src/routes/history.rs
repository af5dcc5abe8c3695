//! An article's history: every save is a commit of the content folder; the list of
//! versions, one compared with the current text, and one restored as a draft.

use axum::extract::Path;

use super::*;
use crate::desk::{self, Step};
use crate::pages::articles::{self as view, Line};

use super::articles::refused_step;

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
