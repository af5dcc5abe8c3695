//! `content/documents/*.md`: the documents library (Văn bản), with attached files under
//! `content/files/`.

use std::path::{Path, PathBuf};

use portal_core::api::{Attachment, Block, Date, Inline};
use portal_core::paths::DOCUMENT_WORDS;
use serde::Deserialize;
use toml::Spanned;

use crate::assets::Assets;
use crate::markdown::InternalLink;
use crate::source::{each_file, line_of, optional, required, Parts, Unique};
use crate::{Diagnostic, LineMap, Reporter};

#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    pub file: PathBuf,
    pub slug: String,
    /// Số, ký hiệu.
    pub number: String,
    /// Loại văn bản.
    pub kind: String,
    /// Cơ quan ban hành.
    pub body: String,
    pub issued: Date,
    pub effective: Option<Date>,
    pub signer: String,
    /// Trích yếu.
    pub summary: String,
    pub files: Vec<Attachment>,
    pub notes: Vec<Block>,
    pub links: Vec<InternalLink>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    so_ky_hieu: Option<Spanned<String>>,
    loai: Option<Spanned<String>>,
    co_quan: Option<Spanned<String>>,
    ngay_ban_hanh: Option<Spanned<toml::Value>>,
    ngay_hieu_luc: Option<Spanned<toml::Value>>,
    nguoi_ky: Option<Spanned<String>>,
    trich_yeu: Option<Spanned<String>>,
    files: Option<Spanned<Vec<String>>>,
    slug: Option<Spanned<String>>,
}

/// A date written as a TOML date (`2024-03-15`) or a string of that form.
fn date(v: &toml::Value) -> Result<Date, String> {
    let bad = "cần một ngày dạng 2024-03-15";
    match v {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            let d = dt.date.ok_or(bad)?;
            Date::new(i32::from(d.year), d.month, d.day).ok_or_else(|| format!("ngày không tồn tại: {bad}"))
        }
        toml::Value::String(s) => Date::parse(s.trim()).ok_or_else(|| format!("\"{s}\": {bad}")),
        other => Err(format!("{other}: {bad}")),
    }
}

fn date_field(
    field: &Option<Spanned<toml::Value>>,
    key: &str,
    lines: &LineMap,
    r: &mut Reporter,
) -> Option<Date> {
    let f = field.as_ref()?;
    match date(f.get_ref()) {
        Ok(d) => Some(d),
        Err(why) => {
            r.error(lines.line(f.span().start), format!("`{key}` không hợp lệ: {why}"));
            None
        }
    }
}

pub fn load_all(content_dir: &Path, assets: &Assets, diags: &mut Vec<Diagnostic>) -> Vec<Doc> {
    let mut docs = Vec::new();
    let (mut numbers, mut slugs) = (Unique::default(), Unique::default());
    each_file(
        &content_dir.join("documents"),
        diags,
        |r,
         Parts::<Front> {
             front,
             lines,
             body,
             body_line,
         }| {
            let errors_before = r.diags.len();
            let number = required(&front.so_ky_hieu, "so_ky_hieu", "số, ký hiệu văn bản", &lines, r);
            let kind = required(
                &front.loai,
                "loai",
                "loại văn bản: Quyết định, Công văn, Kế hoạch…",
                &lines,
                r,
            );
            let body_name = required(&front.co_quan, "co_quan", "cơ quan ban hành", &lines, r);
            // Each type and issuing body is a filter with an address of its own.
            for (value, field, key) in [
                (&kind, &front.loai, "loai"),
                (&body_name, &front.co_quan, "co_quan"),
            ] {
                if !value.is_empty() && portal_core::slugify(value).is_empty() {
                    r.error(
                        line_of(field, &lines),
                        format!(
                            "`{key}` = \"{value}\" phải có chữ cái hoặc chữ số (dùng làm địa chỉ bộ lọc)"
                        ),
                    );
                }
            }
            let signer = required(&front.nguoi_ky, "nguoi_ky", "người ký", &lines, r);
            let summary = required(&front.trich_yeu, "trich_yeu", "trích yếu nội dung", &lines, r);
            let issued = date_field(&front.ngay_ban_hanh, "ngay_ban_hanh", &lines, r);
            if front.ngay_ban_hanh.is_none() {
                r.error(
                    1,
                    "thiếu `ngay_ban_hanh` (ngày ban hành, ví dụ ngay_ban_hanh = 2024-03-15)",
                );
            }
            let effective = date_field(&front.ngay_hieu_luc, "ngay_hieu_luc", &lines, r);
            if let (Some(i), Some(e)) = (issued, effective) {
                if e < i {
                    r.error(
                        line_of(&front.ngay_hieu_luc, &lines),
                        format!("`ngay_hieu_luc` ({}) trước ngày ban hành ({})", e.vi(), i.vi()),
                    );
                }
            }
            let files_line = line_of(&front.files, &lines);
            let mut files = Vec::new();
            match &front.files {
                Some(list) if !list.get_ref().is_empty() => {
                    for name in list.get_ref() {
                        match assets.attachment(name.trim()) {
                            Ok(a) => files.push(a),
                            Err(why) => r.error(files_line, why),
                        }
                    }
                }
                _ => r.error(
                    files_line,
                    "cần ít nhất một tệp đính kèm: files = [\"ten-tep.pdf\"] (tệp trong content/files)",
                ),
            }
            let number_line = line_of(&front.so_ky_hieu, &lines);
            // Numbers start again each year: the year makes the address unique.
            let year = issued.map(|d| d.year.to_string()).unwrap_or_default();
            let slug =
                optional(&front.slug).unwrap_or_else(|| portal_core::slugify(&format!("{number} {year}")));
            let slug_line = if front.slug.is_some() {
                line_of(&front.slug, &lines)
            } else {
                number_line
            };
            if !number.is_empty()
                && (!portal_core::fold::is_slug(&slug) || DOCUMENT_WORDS.contains(&slug.as_str()))
            {
                r.error(
                    slug_line,
                    format!("`slug` \"{slug}\" không dùng được làm địa chỉ: đặt `slug` khác"),
                );
            }
            let (notes, links) = crate::markdown::parse(body, body_line, assets, r);
            if r.diags.len() != errors_before {
                return;
            }
            if !numbers.check(&format!("{number} năm {year}"), "số, ký hiệu", number_line, r)
                || !slugs.check(&slug, "slug văn bản", slug_line, r)
            {
                return;
            }
            let Some(issued) = issued else { return };
            docs.push(Doc {
                file: r.file.to_path_buf(),
                slug,
                number,
                kind,
                body: body_name,
                issued,
                effective,
                signer,
                summary,
                files,
                notes,
                links,
            });
        },
    );
    // Newest first; the number breaks ties.
    docs.sort_by(|a, b| b.issued.cmp(&a.issued).then_with(|| a.number.cmp(&b.number)));
    docs
}

/// Turns each mention of a document's number in `blocks` (outside links and code) into
/// a link to the document.
pub fn link_numbers(blocks: &mut [Block], docs: &[(String, String)]) {
    for b in blocks {
        match b {
            Block::Paragraph(c) | Block::Heading { c, .. } => link_inlines(c, docs),
            Block::List { items, .. } => items.iter_mut().for_each(|i| link_numbers(i, docs)),
            Block::Quote(c) => link_numbers(c, docs),
            Block::Table(t) => t
                .head
                .iter_mut()
                .chain(t.rows.iter_mut().flatten())
                .for_each(|c| link_inlines(c, docs)),
            Block::Figure(_) => {}
        }
    }
}

fn link_inlines(inlines: &mut Vec<Inline>, docs: &[(String, String)]) {
    let mut out = Vec::with_capacity(inlines.len());
    for i in inlines.drain(..) {
        match i {
            Inline::Text(t) => split_text(&t, docs, &mut out),
            Inline::Strong(mut c) => {
                link_inlines(&mut c, docs);
                out.push(Inline::Strong(c));
            }
            Inline::Emphasis(mut c) => {
                link_inlines(&mut c, docs);
                out.push(Inline::Emphasis(c));
            }
            other => out.push(other),
        }
    }
    *inlines = out;
}

/// `text` with the numbers it mentions as links.
fn split_text(text: &str, docs: &[(String, String)], out: &mut Vec<Inline>) {
    let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '/' || c == '-'));
    let mut rest = text;
    loop {
        // The earliest mention (the longest number first where two start together).
        let found = docs
            .iter()
            .flat_map(|(number, url)| {
                rest.match_indices(number.as_str())
                    .map(move |(i, _)| (i, number, url))
            })
            .filter(|(i, n, _)| {
                boundary(rest[..*i].chars().next_back()) && boundary(rest[i + n.len()..].chars().next())
            })
            .min_by_key(|(i, n, _)| (*i, std::cmp::Reverse(n.len())));
        match found {
            Some((i, number, url)) => {
                if i > 0 {
                    out.push(Inline::Text(rest[..i].to_string()));
                }
                out.push(Inline::Link {
                    href: url.clone(),
                    c: vec![Inline::Text(number.clone())],
                });
                rest = &rest[i + number.len()..];
            }
            None => {
                if !rest.is_empty() {
                    out.push(Inline::Text(rest.to_string()));
                }
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_links() {
        let docs = vec![("1029-CV/HU".to_string(), "/van-ban/1029-cv-hu-2024/".to_string())];
        let mut blocks = vec![Block::Paragraph(vec![
            Inline::Text("Theo Công văn số 1029-CV/HU, và không phải 11029-CV/HU hay 1029-CV/HU2.".into()),
            Inline::Link {
                href: "/x/".into(),
                c: vec![Inline::Text("1029-CV/HU".into())],
            },
        ])];
        link_numbers(&mut blocks, &docs);
        let Block::Paragraph(p) = &blocks[0] else { panic!() };
        assert_eq!(p.len(), 4, "{p:?}");
        assert_eq!(
            p[1],
            Inline::Link {
                href: "/van-ban/1029-cv-hu-2024/".into(),
                c: vec![Inline::Text("1029-CV/HU".into())]
            }
        );
        assert_eq!(
            p[2],
            Inline::Text(", và không phải 11029-CV/HU hay 1029-CV/HU2.".into())
        );
        assert!(
            matches!(&p[3], Inline::Link { href, .. } if href == "/x/"),
            "links stay as they are"
        );
    }
}
