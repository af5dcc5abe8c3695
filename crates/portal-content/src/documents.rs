//! `content/documents/*.md`: the documents library (Văn bản), with attached files under
//! `content/files/`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use portal_core::api::{Attachment, Block, Date, Inline};
use portal_core::paths::DOCUMENT_WORDS;
use serde::Deserialize;
use toml::Spanned;

use crate::assets::Assets;
use crate::markdown::InternalLink;
use crate::source::{each_file, line_of, optional, required, FileMemo, Parts, Unique};
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
    /// A fingerprint of everything above.
    pub hash: u64,
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

pub fn load_all(
    content_dir: &Path,
    assets: &Assets,
    memo: &mut FileMemo<(Arc<Doc>, usize, usize)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Arc<Doc>> {
    let parsed = each_file(
        &content_dir.join("documents"),
        memo,
        assets,
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
                return None;
            }
            let mut doc = Doc {
                file: r.file.to_path_buf(),
                slug,
                number,
                kind,
                body: body_name,
                issued: issued?,
                effective,
                signer,
                summary,
                files,
                notes,
                links,
                hash: 0,
            };
            doc.hash = crate::output::fingerprint(&format!("{doc:?}"));
            Some((Arc::new(doc), number_line, slug_line))
        },
    );
    // Numbers unique within their year, slugs unique, across files.
    let (mut numbers, mut slugs) = (Unique::default(), Unique::default());
    let mut docs = Vec::new();
    for (doc, number_line, slug_line) in &parsed {
        let key = format!("{} năm {}", doc.number, doc.issued.year);
        if numbers.check(key, "số, ký hiệu", &doc.file, *number_line, diags)
            && slugs.check(doc.slug.as_str(), "slug văn bản", &doc.file, *slug_line, diags)
        {
            docs.push(Arc::clone(doc));
        }
    }
    // Newest first; the number breaks ties.
    docs.sort_by(|a, b| b.issued.cmp(&a.issued).then_with(|| a.number.cmp(&b.number)));
    docs
}

/// The documents' numbers, found in articles' text in one pass (Aho–Corasick): a
/// number mentioned becomes a link to the document with that number, the latest issued
/// by a given day (numbers start again each year).
pub struct Numbers {
    finder: Option<aho_corasick::AhoCorasick>,
    /// Per pattern: the number, and its documents (issue date, page), oldest first.
    numbers: Vec<(String, Vec<(Date, String)>)>,
}

impl Numbers {
    pub fn new(docs: &[Arc<Doc>]) -> Self {
        let mut by_number: std::collections::BTreeMap<&str, Vec<(Date, String)>> = Default::default();
        for d in docs {
            by_number
                .entry(d.number.as_str())
                .or_default()
                .push((d.issued, portal_core::paths::document(&d.slug)));
        }
        let numbers: Vec<(String, Vec<(Date, String)>)> = by_number
            .into_iter()
            .map(|(n, mut v)| {
                v.sort();
                (n.to_string(), v)
            })
            .collect();
        let finder = (!numbers.is_empty()).then(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(numbers.iter().map(|(n, _)| n.as_str()))
                .expect("document numbers make an automaton")
        });
        Numbers { finder, numbers }
    }

    /// What the links made depend on, as one number.
    pub fn fingerprint(&self) -> u64 {
        crate::output::fingerprint(&self.numbers)
    }

    /// Links each mention in `blocks` (outside links and code) of a number issued by
    /// `day`; returns the links made, as (number, page).
    pub fn link(&self, blocks: &mut [Block], day: Option<Date>) -> Vec<(String, String)> {
        let mut made = Vec::new();
        if self.finder.is_some() {
            self.blocks(blocks, day, &mut made);
        }
        made
    }

    fn blocks(&self, blocks: &mut [Block], day: Option<Date>, made: &mut Vec<(String, String)>) {
        for b in blocks {
            match b {
                Block::Paragraph(c) | Block::Heading { c, .. } => self.inlines(c, day, made),
                Block::List { items, .. } => items.iter_mut().for_each(|i| self.blocks(i, day, made)),
                Block::Quote(c) => self.blocks(c, day, made),
                Block::Table(t) => t
                    .head
                    .iter_mut()
                    .chain(t.rows.iter_mut().flatten())
                    .for_each(|c| self.inlines(c, day, made)),
                Block::Figure(_) => {}
            }
        }
    }

    fn inlines(&self, inlines: &mut Vec<Inline>, day: Option<Date>, made: &mut Vec<(String, String)>) {
        let mut out = Vec::with_capacity(inlines.len());
        for i in inlines.drain(..) {
            match i {
                Inline::Text(t) => self.split_text(&t, day, &mut out, made),
                Inline::Strong(mut c) => {
                    self.inlines(&mut c, day, made);
                    out.push(Inline::Strong(c));
                }
                Inline::Emphasis(mut c) => {
                    self.inlines(&mut c, day, made);
                    out.push(Inline::Emphasis(c));
                }
                other => out.push(other),
            }
        }
        *inlines = out;
    }

    /// `text` with the numbers it mentions as links.
    fn split_text(
        &self,
        text: &str,
        day: Option<Date>,
        out: &mut Vec<Inline>,
        made: &mut Vec<(String, String)>,
    ) {
        let finder = self.finder.as_ref().expect("checked");
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '/' || c == '-'));
        let mut last = 0;
        for m in finder.find_iter(text) {
            let (number, docs) = &self.numbers[m.pattern().as_usize()];
            let clear =
                boundary(text[..m.start()].chars().next_back()) && boundary(text[m.end()..].chars().next());
            // The latest document with the number issued by the article's day.
            let page = docs
                .iter()
                .rev()
                .find(|(issued, _)| day.is_none_or(|d| *issued <= d))
                .map(|(_, p)| p);
            let Some(page) = page.filter(|_| clear) else {
                continue;
            };
            if m.start() > last {
                out.push(Inline::Text(text[last..m.start()].to_string()));
            }
            out.push(Inline::Link {
                href: page.clone(),
                c: vec![Inline::Text(number.clone())],
            });
            made.push((number.clone(), page.clone()));
            last = m.end();
        }
        if last < text.len() {
            out.push(Inline::Text(text[last..].to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(number: &str, slug: &str, issued: Date) -> Arc<Doc> {
        Arc::new(Doc {
            file: PathBuf::new(),
            slug: slug.into(),
            number: number.into(),
            kind: "Công văn".into(),
            body: "Huyện ủy".into(),
            issued,
            effective: None,
            signer: String::new(),
            summary: String::new(),
            files: Vec::new(),
            notes: Vec::new(),
            links: Vec::new(),
            hash: 0,
        })
    }

    #[test]
    fn numbers_become_links() {
        let d2024 = Date::new(2024, 3, 1).unwrap();
        let numbers = Numbers::new(&[doc("1029-CV/HU", "1029-cv-hu-2024", d2024)]);
        let mut blocks = vec![Block::Paragraph(vec![
            Inline::Text("Theo Công văn số 1029-CV/HU, và không phải 11029-CV/HU hay 1029-CV/HU2.".into()),
            Inline::Link {
                href: "/x/".into(),
                c: vec![Inline::Text("1029-CV/HU".into())],
            },
        ])];
        let made = numbers.link(&mut blocks, Date::new(2024, 5, 1));
        assert_eq!(made.len(), 1);
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
        // Not before the document was issued.
        let mut early = vec![Block::Paragraph(vec![Inline::Text("số 1029-CV/HU".into())])];
        assert!(numbers.link(&mut early, Date::new(2023, 1, 1)).is_empty());
    }
}
