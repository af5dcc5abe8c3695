//! The documents library (Văn bản: `content/documents/<id>.md`) as editors edit it: the
//! document's fields, its attached files (`content/files/`), its notes. Edited in place
//! (toml_edit: what is not edited stays as written); a document keeps its address
//! (`slug`, written into the file) when its number or date is corrected.

use std::path::Path;

use toml_edit::{value, Array, DocumentMut};

/// A document's fields as the form shows them (dates as `YYYY-MM-DD`).
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
pub struct Fields {
    #[serde(default)]
    pub so_ky_hieu: String,
    #[serde(default)]
    pub loai: String,
    #[serde(default)]
    pub co_quan: String,
    #[serde(default)]
    pub ngay_ban_hanh: String,
    #[serde(default)]
    pub ngay_hieu_luc: String,
    #[serde(default)]
    pub nguoi_ky: String,
    #[serde(default)]
    pub trich_yeu: String,
    #[serde(default)]
    pub body: String,
}

/// A document file, read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    pub fields: Fields,
    /// Its attached files (names under `content/files/`).
    pub files: Vec<String>,
    pub slug: String,
}

fn split(text: &str) -> Result<(&str, &str), String> {
    let rest = text
        .strip_prefix("+++\n")
        .ok_or("Tệp văn bản không bắt đầu bằng phần đầu `+++`.")?;
    let end = rest
        .find("\n+++")
        .ok_or("Tệp văn bản thiếu dòng `+++` kết thúc phần đầu.")?;
    let body = &rest[end + 4..];
    Ok((&rest[..=end], body.strip_prefix('\n').unwrap_or(body)))
}

fn parse(front: &str) -> Result<DocumentMut, String> {
    front
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("Phần đầu của văn bản không đọc được: {}", e.message()))
}

/// A date field: a TOML date or a string, as `YYYY-MM-DD`.
fn date_of(doc: &DocumentMut, key: &str) -> String {
    match doc.get(key).and_then(|i| i.as_value()) {
        Some(toml_edit::Value::Datetime(d)) => d.value().to_string(),
        Some(toml_edit::Value::String(s)) => s.value().trim().to_string(),
        _ => String::new(),
    }
}

pub fn read(text: &str) -> Result<Doc, String> {
    let (front, body) = split(text)?;
    let doc = parse(front)?;
    let get = |k: &str| {
        doc.get(k)
            .and_then(|i| i.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let files = doc
        .get("files")
        .and_then(|i| i.as_array())
        .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default();
    let year = date_of(&doc, "ngay_ban_hanh")
        .get(..4)
        .unwrap_or_default()
        .to_string();
    let slug = match get("slug") {
        s if !s.is_empty() => s,
        _ => portal_core::slugify(&format!("{} {year}", get("so_ky_hieu"))),
    };
    Ok(Doc {
        fields: Fields {
            so_ky_hieu: get("so_ky_hieu"),
            loai: get("loai"),
            co_quan: get("co_quan"),
            ngay_ban_hanh: date_of(&doc, "ngay_ban_hanh"),
            ngay_hieu_luc: date_of(&doc, "ngay_hieu_luc"),
            nguoi_ky: get("nguoi_ky"),
            trich_yeu: get("trich_yeu"),
            body: body.trim_start_matches('\n').to_string(),
        },
        files,
        slug,
    })
}

/// `text` (an existing file, or `None` for a new document) with `fields`, `files` and
/// the address `slug`; the rest as it was.
pub fn edited(text: Option<&str>, fields: &Fields, files: &[String], slug: &str) -> Result<String, String> {
    let mut doc = match text {
        Some(t) => parse(split(t)?.0)?,
        None => DocumentMut::new(),
    };
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (key, v) in [
        ("so_ky_hieu", &fields.so_ky_hieu),
        ("loai", &fields.loai),
        ("co_quan", &fields.co_quan),
        ("nguoi_ky", &fields.nguoi_ky),
        ("trich_yeu", &fields.trich_yeu),
    ] {
        let v = one_line(v);
        if v.is_empty() {
            doc.remove(key);
        } else {
            doc[key] = value(v);
        }
    }
    for (key, v) in [
        ("ngay_ban_hanh", &fields.ngay_ban_hanh),
        ("ngay_hieu_luc", &fields.ngay_hieu_luc),
    ] {
        let v = one_line(v);
        let shaped = v.len() == 10
            && v.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        match v.parse::<toml_edit::Datetime>() {
            Ok(d) if shaped => doc[key] = value(d),
            // Not a date: written as text (one line), for the content build to say what
            // is wrong.
            _ if !v.is_empty() => doc[key] = value(v),
            _ => {
                doc.remove(key);
            }
        }
    }
    let mut list = Array::new();
    for f in files {
        list.push(f.as_str());
    }
    doc["files"] = value(list);
    doc["slug"] = value(slug);
    let body = fields.body.replace("\r\n", "\n");
    Ok(format!("+++\n{}+++\n{}\n", doc, body.trim_end()))
}

/// A document's file name from its address in the newsroom.
pub fn is_id(id: &str) -> bool {
    crate::desk::is_id(id)
}

/// The documents of `content`, newest issued first: (id, number, summary, date).
pub fn list(content: &Path) -> Vec<(String, Doc)> {
    let Ok(entries) = std::fs::read_dir(content.join("documents")) else {
        return Vec::new();
    };
    let mut docs: Vec<(String, Doc)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let id = name.strip_suffix(".md")?.to_string();
            let doc = std::fs::read_to_string(e.path())
                .ok()
                .and_then(|t| read(&t).ok())?;
            is_id(&id).then_some((id, doc))
        })
        .collect();
    docs.sort_by(|a, b| {
        b.1.fields
            .ngay_ban_hanh
            .cmp(&a.1.fields.ngay_ban_hanh)
            .then(a.0.cmp(&b.0))
    });
    docs
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "+++\nso_ky_hieu = \"05/NQ-HĐND\"\nloai = \"Nghị quyết\"\nco_quan = \"Hội đồng nhân dân huyện\"\n# Ngày ký.\nngay_ban_hanh = 2023-12-14\ntrich_yeu = \"Về dự toán\"\nfiles = [\"05-nq-hdnd-2023.pdf\"]\n+++\nNghị quyết được thông qua.\n";

    #[test]
    fn a_document_is_read_and_edited_in_place_keeping_its_address() {
        let d = read(DOC).unwrap();
        assert_eq!(d.slug, "05-nq-hdnd-2023");
        assert_eq!(d.fields.ngay_ban_hanh, "2023-12-14");
        assert_eq!(d.files, vec!["05-nq-hdnd-2023.pdf".to_string()]);
        let fields = Fields {
            so_ky_hieu: "06/NQ-HĐND".into(),
            ngay_ban_hanh: "2024-01-02".into(),
            ..d.fields.clone()
        };
        let out = edited(Some(DOC), &fields, &["a.pdf".into(), "b.docx".into()], &d.slug).unwrap();
        assert!(out.contains("# Ngày ký.\nngay_ban_hanh = 2024-01-02\n"), "{out}");
        assert!(out.contains("files = [\"a.pdf\", \"b.docx\"]"), "{out}");
        assert!(
            out.contains("slug = \"05-nq-hdnd-2023\""),
            "the address stays: {out}"
        );
        assert_eq!(read(&out).unwrap().fields.so_ky_hieu, "06/NQ-HĐND");
        // A title cannot add keys or end the front matter.
        let sneaky = Fields {
            trich_yeu: "x\n+++\nslug = \"y\"".into(),
            ..fields
        };
        let out = edited(None, &sneaky, &[], "z").unwrap();
        assert_eq!(read(&out).unwrap().slug, "z");
        let sneaky_date = Fields {
            ngay_ban_hanh: "x\n+++\nslug = \"y\"".into(),
            ..Fields::default()
        };
        let out = edited(None, &sneaky_date, &[], "z").unwrap();
        assert_eq!(out.lines().filter(|l| *l == "+++").count(), 2, "{out}");
        assert_eq!(read(&out).unwrap().slug, "z");
    }
}
