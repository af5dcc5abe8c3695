//! An article as an officer edits it ([`Draft`], the form's fields), and as the content
//! build reads it: `+++` TOML front matter, then Markdown — the same file a developer
//! writes by hand, so that both live side by side in `content/articles`.
//!
//! [`check`] runs the content build's own parser on the file a draft would be, and
//! puts each problem next to the field it comes from.

use std::path::Path;

use portal_content::{assets::Assets, Diagnostic, Reporter};
use portal_core::Timestamp;
use serde::{Deserialize, Serialize};

/// The fields of the writing form.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Draft {
    #[serde(default)]
    pub title: String,
    /// The section's slug (`category` in the file).
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default, deserialize_with = "checkbox")]
    pub featured: bool,
    /// A `/media/…` address.
    #[serde(default)]
    pub image: String,
    #[serde(default)]
    pub image_alt: String,
    #[serde(default)]
    pub image_caption: String,
    /// The byline.
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub body: String,
}

/// An HTML checkbox: present ("on") when ticked, absent otherwise.
fn checkbox<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let v = String::deserialize(d)?;
    Ok(!v.is_empty())
}

/// The front matter as the newsroom writes it: the content build's keys, in the order
/// a developer would write them; empty fields left out.
#[derive(Serialize, Deserialize, Default)]
struct Front {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    /// A TOML datetime (written so), or a string as the content build also accepts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    published: Option<toml::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    featured: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    image_alt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    image_caption: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    author: Option<String>,
}

/// An article file, read.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub draft: Draft,
    /// Its address's last part, when the file fixes it.
    pub slug: Option<String>,
    pub published: Option<Timestamp>,
}

/// A front-matter value: one line (a line break could end the front matter), or none.
fn some(s: &str) -> Option<String> {
    let s = one_line(s);
    (!s.is_empty()).then_some(s)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Line endings as a browser sends a textarea's (`\r\n`) become `\n`; the text is NFC.
fn normal(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.replace("\r\n", "\n").replace('\r', "\n").nfc().collect()
}

impl Draft {
    /// Every field in NFC; the body with `\n` line ends, the others on one line.
    pub fn normalised(&self) -> Draft {
        Draft {
            title: normal(&one_line(&self.title)),
            category: one_line(&self.category),
            summary: normal(&one_line(&self.summary)),
            featured: self.featured,
            image: one_line(&self.image),
            image_alt: normal(&one_line(&self.image_alt)),
            image_caption: normal(&one_line(&self.image_caption)),
            author: normal(&one_line(&self.author)),
            body: normal(self.body.trim_end()) + "\n",
        }
    }

    /// The file: front matter, a blank line, the body.
    pub fn to_file(&self, slug: &str, published: Option<Timestamp>) -> String {
        let front = Front {
            title: some(&self.title),
            published: published.map(|t| {
                toml::Value::Datetime(
                    t.to_rfc3339_vietnam()
                        .parse()
                        .expect("an RFC 3339 time is a TOML datetime"),
                )
            }),
            category: some(&self.category),
            summary: some(&self.summary),
            featured: self.featured,
            image: some(&self.image),
            image_alt: some(&self.image_alt),
            image_caption: some(&self.image_caption),
            slug: some(slug),
            author: some(&self.author),
        };
        let toml = toml::to_string(&front).expect("strings and a datetime always serialise");
        format!("+++\n{toml}+++\n\n{}", self.body.trim_start_matches('\n'))
    }
}

/// Reads an article file (one the newsroom wrote or one written by hand). The error is
/// a sentence for the officer.
pub fn read(text: &str) -> Result<Stored, String> {
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or("Tệp bài viết không bắt đầu bằng phần đầu `+++`.")?;
    let end = rest
        .find("\n+++")
        .ok_or("Tệp bài viết thiếu dòng `+++` kết thúc phần đầu.")?;
    let (front, body) = (&rest[..=end], &rest[end + 4..]);
    let body = body.strip_prefix('\r').unwrap_or(body);
    let body = body.strip_prefix('\n').unwrap_or(body);
    let front: Front =
        toml::from_str(front).map_err(|e| format!("Phần đầu của tệp không đọc được: {}", e.message()))?;
    let published = front.published.and_then(|v| match v {
        toml::Value::Datetime(d) => Timestamp::parse_rfc3339(&d.to_string()).ok(),
        toml::Value::String(s) => Timestamp::parse_rfc3339(&s).ok(),
        _ => None,
    });
    Ok(Stored {
        draft: Draft {
            title: front.title.unwrap_or_default(),
            category: front.category.unwrap_or_default(),
            summary: front.summary.unwrap_or_default(),
            featured: front.featured,
            image: front.image.unwrap_or_default(),
            image_alt: front.image_alt.unwrap_or_default(),
            image_caption: front.image_caption.unwrap_or_default(),
            author: front.author.unwrap_or_default(),
            body: body.trim_start_matches('\n').to_string(),
        },
        slug: front.slug,
        published,
    })
}

/// A form field, as problems are shown next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Title,
    Category,
    Summary,
    Image,
    ImageAlt,
    Author,
    Body,
    /// The article as a whole (its address, its file).
    Whole,
}

impl Field {
    /// The key a line of the front matter starts with.
    fn of_key(key: &str) -> Field {
        match key {
            "title" => Field::Title,
            "category" => Field::Category,
            "summary" => Field::Summary,
            "image" | "image_caption" => Field::Image,
            "image_alt" => Field::ImageAlt,
            "author" => Field::Author,
            _ => Field::Whole,
        }
    }
}

/// A problem, where the officer will see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    pub message: String,
}

/// What the content build would say of `draft` published as `slug` in `content_dir`
/// (its sections, its media), each problem next to its field. Empty: it can be
/// published.
pub fn check(draft: &Draft, slug: &str, content_dir: &Path) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut say = |field, message: &str| {
        problems.push(Problem {
            field,
            message: message.to_string(),
        })
    };
    // The common ones first, in the officer's words rather than the file's keys.
    if draft.title.trim().is_empty() {
        say(Field::Title, "Bài viết cần có tiêu đề.");
    }
    if draft.category.trim().is_empty() {
        say(Field::Category, "Hãy chọn chuyên mục.");
    }
    if !draft.image.trim().is_empty() && draft.image_alt.trim().is_empty() {
        say(
            Field::ImageAlt,
            "Ảnh cần có mô tả bằng lời cho người đọc không nhìn thấy ảnh.",
        );
    }
    if draft.image.trim().is_empty() && !draft.image_alt.trim().is_empty() {
        say(Field::Image, "Có mô tả ảnh nhưng chưa chọn ảnh.");
    }
    if !portal_core::fold::is_slug(slug) {
        say(Field::Whole, "Địa chỉ bài viết không hợp lệ.");
    }
    // Then the content build itself, on the very file it would read.
    let file = draft.to_file(slug, Some(Timestamp::from_unix(0)));
    let assets = Assets::new(content_dir);
    let mut diags: Vec<Diagnostic> = Vec::new();
    let Some(site) = portal_content::site::load(content_dir, &assets, &mut diags) else {
        let why = diags.first().map_or_else(String::new, |d| d.message.clone());
        say(
            Field::Whole,
            &format!("Cài đặt của trang (site.toml) đang có lỗi: {why}"),
        );
        return problems;
    };
    let path = Path::new("bai-viet.md");
    let mut reporter = Reporter {
        file: path,
        diags: &mut diags,
    };
    let _ = portal_content::article::parse(&file, &site, &assets, &mut reporter);
    // The line of the front matter's closing `+++`; the body starts two lines later.
    let lines: Vec<&str> = file.lines().collect();
    let close = lines
        .iter()
        .skip(1)
        .position(|l| *l == "+++")
        .map_or(1, |i| i + 2);
    let body_start = close + 2;
    let own: Vec<Field> = problems.iter().map(|p| p.field).collect();
    for d in diags {
        let field = if d.line > close {
            Field::Body
        } else {
            lines
                .get(d.line.saturating_sub(1))
                .and_then(|l| l.split_once(" = "))
                .map_or(Field::Whole, |(key, _)| Field::of_key(key))
        };
        // What the checks above said already, in the officer's words: a missing field
        // (reported at line 1), an image without its description.
        let said = own.contains(&field)
            || (field == Field::Image && own.contains(&Field::ImageAlt))
            || (d.line == 1 && !own.is_empty())
            || problems
                .iter()
                .any(|p| p.field == field && p.message.ends_with(&d.message));
        if !said {
            let message = if field == Field::Body {
                let line = (d.line + 1).saturating_sub(body_start).max(1);
                format!("Dòng {line} của nội dung: {}", d.message)
            } else {
                d.message
            };
            problems.push(Problem { field, message });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            title: "Khánh thành cầu \"Vĩnh Hòa\"".into(),
            category: "tin-tuc".into(),
            summary: "Tóm tắt.".into(),
            featured: true,
            author: "Lê Văn A".into(),
            body: "Đoạn một.\n\n- Một là, giữ gìn.\n- Hai là, phát huy.\n".into(),
            ..Draft::default()
        }
    }

    #[test]
    fn a_draft_written_and_read_back_is_the_same() {
        let d = draft();
        let at = Timestamp::parse_rfc3339("2026-12-06T15:30:00+07:00").unwrap();
        let text = d.to_file("khanh-thanh-cau", Some(at));
        assert!(text.starts_with("+++\ntitle = "), "{text}");
        assert!(
            text.contains("\npublished = 2026-12-06T15:30:00+07:00\n"),
            "{text}"
        );
        let back = read(&text).unwrap();
        assert_eq!(back.draft, d);
        assert_eq!(back.slug.as_deref(), Some("khanh-thanh-cau"));
        assert_eq!(back.published, Some(at));
    }

    #[test]
    fn a_title_cannot_close_the_front_matter_or_add_keys() {
        let d = Draft {
            title: "A\n+++\nslug = \"x\"\n+++".into(),
            ..draft()
        };
        let back = read(&d.to_file("a", None)).unwrap();
        assert_eq!(back.draft.title, "A +++ slug = \"x\" +++");
        assert_eq!(back.slug.as_deref(), Some("a"));
    }

    #[test]
    fn text_from_a_browser_is_nfc_with_plain_line_ends() {
        let d = Draft {
            title: " Hoa\u{300} ".into(),
            body: "a\r\nb\r\n\r\n".into(),
            ..Draft::default()
        }
        .normalised();
        assert_eq!(d.title, "Hoà");
        assert_eq!(d.body, "a\nb\n");
    }

    #[test]
    fn a_hand_written_file_is_read() {
        let text = "+++\ntitle = \"Bài\"\npublished = 2020-08-10T13:19:00+07:00\ncategory = \"tin-tuc\"\n+++\n\nNội dung.\n";
        let s = read(text).unwrap();
        assert_eq!(s.draft.title, "Bài");
        assert_eq!(s.draft.body, "Nội dung.\n");
        assert_eq!(s.slug, None);
        assert!(read("no front matter").is_err());
        // The time as a string, as the content build also accepts.
        let quoted = read("+++\ntitle = \"B\"\npublished = \"2020-08-10T13:19:00+07:00\"\n+++\n").unwrap();
        assert_eq!(
            quoted.published,
            Timestamp::parse_rfc3339("2020-08-10T13:19:00+07:00").ok()
        );
        assert!(read("+++\ntitle = \n+++\n").is_err());
    }
}
