//! The JSON API (`/api/v2/…`), documented field by field in `docs/api.md`.
//!
//! The content build serialises these types and the app deserialises them, so the
//! contract cannot drift. Article bodies are typed blocks, never HTML strings.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// Version of the API's shape; bumped with any incompatible change (2: lists in pages
/// that keep their content, see `paths::archive_pages`).
pub const API_VERSION: u32 = 2;

/// `site.json`: the unit, its contacts and its sections (the menu).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Site {
    pub api_version: u32,
    /// Portal name shown in the header, e.g. "Cổng thông tin điện tử huyện U Minh Thượng".
    pub name: String,
    /// Name of the unit that runs the portal, e.g. "Ủy ban nhân dân huyện U Minh Thượng".
    pub unit_name: String,
    /// Type of unit: "xã", "phường", "thị trấn", "huyện", "thị xã", "thành phố", "tỉnh".
    pub unit_type: String,
    /// One sentence for the home page's meta description.
    pub description: String,
    /// Absolute base URL of the deployed site, without trailing slash.
    pub base_url: String,
    /// Path of the emblem image.
    pub emblem: Option<String>,
    /// True while the shipped sample content is in use: the footer says so.
    pub sample_content: bool,
    pub contact: Contact,
    pub sections: Vec<SectionRef>,
    /// Pages in the menu before the sections ("Giới thiệu"), and after ("Liên hệ").
    #[serde(default)]
    pub menu_before: Vec<PageRef>,
    #[serde(default)]
    pub menu_after: Vec<PageRef>,
    /// Whether there is a documents library ("Văn bản").
    #[serde(default)]
    pub documents: bool,
    /// Related state portals, in the footer.
    #[serde(default)]
    pub related_links: Vec<ExternalLink>,
    /// The monitoring (analytics) script to load, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analytics: Option<Analytics>,
}

/// A link to another site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalLink {
    pub name: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The analytics hook: a script loaded once; every page view, the first and each one
/// after a client-side navigation, is announced to it as a `portal:pageview` event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Analytics {
    /// Absolute (https) or site-relative URL of the script.
    pub script: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_id: Option<String>,
}

/// A static page as linked (menu, language switch).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRef {
    /// The URL path without slashes: `gioi-thieu`, `en/contact`.
    pub slug: String,
    pub title: String,
    /// `vi` or `en`.
    pub lang: String,
}

/// `pages/<slug>.json`: a static page (introduction, organisation, contact…).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub lang: String,
    pub description: String,
    pub body: Vec<Block>,
    /// The same page in the other language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<PageRef>,
    /// Links listed after the body (the public-service portals, on that page).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<ExternalLink>,
}

/// A calendar date (of a document), written `2024-03-15`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        crate::time::valid_date(year, month, day).then_some(Date { year, month, day })
    }

    /// `15/03/2024`.
    pub fn vi(&self) -> String {
        format!("{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }

    /// `2024-03-15`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !(digits(0..4) && digits(5..7) && digits(8..10)) {
            return None;
        }
        Date::new(
            s[0..4].parse().ok()?,
            s[5..7].parse().ok()?,
            s[8..10].parse().ok()?,
        )
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| serde::de::Error::custom("date"))
    }
}

/// A document of the library, as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub slug: String,
    /// Số, ký hiệu: `1029-CV/HU`.
    pub number: String,
    /// Loại văn bản (slug of a [`Facet`] in `kinds`).
    pub kind: String,
    /// Cơ quan ban hành (slug of a [`Facet`] in `bodies`).
    pub body: String,
    /// Ngày ban hành.
    pub issued: Date,
    /// Trích yếu.
    pub summary: String,
}

/// A filter value and how many documents have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facet {
    pub slug: String,
    pub name: String,
    pub count: u32,
}

/// A filter value, named (on a document's page: it links to the filter).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetRef {
    pub slug: String,
    pub name: String,
}

/// `documents/index.json`: the filter values, with how many documents have each.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentIndex {
    pub kinds: Vec<Facet>,
    pub bodies: Vec<Facet>,
    /// Years, newest first (slug = name = the year).
    pub years: Vec<Facet>,
    /// How many documents in all.
    pub total: u32,
}

/// `documents/lists/<kind>/<body>/<year>/<page>.json` (`_` for a filter not set): one
/// page of the documents with those filters, newest first, paged like a section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentList {
    /// 0 for the newest, then archive pages from the oldest (`paths::archive_pages`).
    pub page: u32,
    /// `paths::archive_pages_on`: capped on an archive page.
    pub archive_pages: u32,
    /// Documents with these filters; on the front page only (an archive page stays the
    /// same as newer documents arrive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u32>,
    pub documents: Vec<DocumentSummary>,
}

/// An attached file.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Attachment {
    /// `/files/…`.
    pub url: String,
    pub name: String,
    /// `PDF`, `DOCX`, `XLSX`…
    pub format: String,
    pub bytes: u64,
}

impl Attachment {
    /// `PDF, 245 KB`, `PDF, 1,3 MB`: sizes in units of 1000 bytes, rounded up (a reader on
    /// a data plan is never told a file is smaller than it is).
    pub fn label(&self) -> String {
        let kb = self.bytes.div_ceil(1000);
        let size = if kb < 1000 {
            format!("{kb} KB")
        } else {
            let tenths = self.bytes.div_ceil(100_000);
            format!("{},{} MB", tenths / 10, tenths % 10)
        };
        format!("{}, {size}", self.format)
    }
}

/// `documents/<slug>.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub slug: String,
    pub number: String,
    pub kind: FacetRef,
    pub body: FacetRef,
    pub issued: Date,
    /// Ngày hiệu lực.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<Date>,
    /// Người ký.
    pub signer: String,
    pub summary: String,
    pub files: Vec<Attachment>,
    /// Notes, when there are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Block>,
}

impl Site {
    pub fn section(&self, slug: &str) -> Option<&SectionRef> {
        self.sections.iter().find(|s| s.slug == slug)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub address: String,
    pub phone: String,
    pub email: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fax: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionRef {
    pub slug: String,
    pub name: String,
}

/// An image with its intrinsic size (so the page reserves its space before it loads).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub src: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Which of its smaller copies ([`COPY_WIDTHS`], bit 0 the first) are beside it
    /// (`x.jpg` → `x-480.jpg`: [`copy_src`]), for `srcset` ([`Image::srcset`]). A bit
    /// set rather than a list: it is read by the residents' Wasm.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub copies: u8,
}

/// The widths of the smaller copies of a photo the newsroom writes beside it.
pub const COPY_WIDTHS: [u32; 2] = [480, 960];

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// `x.jpg` → (`x`, `jpg`): an address with a file extension.
fn stem_and_extension(src: &str) -> Option<(&str, &str)> {
    src.rsplit_once('.').filter(|(stem, ext)| {
        !stem.is_empty() && !stem.ends_with('/') && !ext.is_empty() && !ext.contains('/')
    })
}

/// The address of the copy of `src` that is `width` pixels wide: `x.jpg` → `x-480.jpg`.
pub fn copy_src(src: &str, width: u32) -> Option<String> {
    let (stem, ext) = stem_and_extension(src)?;
    Some(format!("{stem}-{width}.{ext}"))
}

impl Image {
    /// Its `srcset`, when it has smaller copies: `/media/x-480.jpg 480w, …, /media/x.jpg
    /// 1600w` ([`copy_src`]'s addresses). Made from its own address and numbers only.
    pub fn srcset(&self) -> Option<String> {
        // Only the site's own pictures, and an address that cannot add a candidate to the
        // list (a space or a comma would: fetched data is not trusted).
        if !crate::text::is_internal_href(&self.src) || self.src.contains([' ', ',', '\t', '\n']) {
            return None;
        }
        // Written out rather than collected and joined: it is in the residents' Wasm.
        let mut set = String::new();
        for (i, &w) in COPY_WIDTHS.iter().enumerate() {
            if self.copies & (1 << i) != 0 && w < self.width {
                if let Some(copy) = copy_src(&self.src, w) {
                    set.push_str(&copy);
                    set.push(' ');
                    set.push_str(&w.to_string());
                    set.push_str("w, ");
                }
            }
        }
        if set.is_empty() {
            return None;
        }
        set.push_str(&self.src);
        set.push(' ');
        set.push_str(&self.width.to_string());
        set.push('w');
        Some(set)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub slug: String,
    pub title: String,
    pub published: Timestamp,
    /// Slug of the article's section (left out in "Các tin khác": the article's own).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub section: String,
    /// Left out where the list does not show it ("Các tin khác").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
}

/// `home.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Home {
    /// The section whose name heads the featured box ("Sự kiện nổi bật"), if configured;
    /// it is then not repeated in `sections`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub featured_section: Option<SectionRef>,
    /// Featured articles, newest first, topped up with the featured section's latest.
    pub featured: Vec<Summary>,
    /// The other sections in menu order, with their latest articles.
    pub sections: Vec<HomeSection>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeSection {
    pub slug: String,
    pub name: String,
    pub articles: Vec<Summary>,
}

/// `categories/<slug>/<page>.json`: one page of a section's articles, newest first:
/// page 0 the newest, then archive pages from the oldest (`paths::archive_pages`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionPage {
    pub slug: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub page: u32,
    /// `paths::archive_pages_on`: capped on an archive page.
    pub archive_pages: u32,
    /// In the whole section; on the front page only (an archive page stays the same as
    /// newer articles arrive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_articles: Option<u32>,
    pub articles: Vec<Summary>,
}

/// `articles/<slug>.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub published: Timestamp,
    pub section: SectionRef,
    /// The standfirst (sapo), when the author wrote one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    /// Summary for lists and the meta description.
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub body: Vec<Block>,
    /// "Các tin khác": the articles of the same section published just before this one
    /// (after it, for the oldest), newest first: a newer article does not change them.
    /// Without their `section` (this one's), `summary` and `image` (the page shows
    /// titles and times).
    pub related: Vec<Summary>,
}

/// A block of an article body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// `{"p": [inline…]}`
    #[serde(rename = "p")]
    Paragraph(Vec<Inline>),
    /// `{"h": {"level": 2, "c": [inline…]}}`: level 2 to 4 (the title is level 1).
    #[serde(rename = "h")]
    Heading { level: u8, c: Vec<Inline> },
    /// `{"list": {"ordered": false, "items": [[block…]…]}}`
    List {
        ordered: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    /// `{"quote": [block…]}`
    Quote(Vec<Block>),
    /// `{"figure": image}`
    Figure(Image),
    /// `{"table": {"head": [cell…], "rows": [[cell…]…], "align": […]}}`
    Table(Table),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub head: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
    /// One per column.
    pub align: Vec<Align>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    None,
    Left,
    Center,
    Right,
}

/// Inline content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inline {
    /// `{"text": "…"}`
    Text(String),
    /// `{"b": [inline…]}`
    #[serde(rename = "b")]
    Strong(Vec<Inline>),
    /// `{"i": [inline…]}`
    #[serde(rename = "i")]
    Emphasis(Vec<Inline>),
    /// `{"code": "…"}`
    Code(String),
    /// `{"a": {"href": "…", "c": [inline…]}}`: href is http(s), mailto, tel or relative.
    #[serde(rename = "a")]
    Link { href: String, c: Vec<Inline> },
    /// `"br"`: a hard line break.
    #[serde(rename = "br")]
    Break,
}

/// A search result's document (`search/d/<id>.json`): what a result shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    /// Name of the section (or of the kind of page).
    pub section: String,
    /// Publication (or issue) time; static pages have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Timestamp>,
    /// The text the snippet is cut from: the start of the text search indexes
    /// ([`crate::search::article_text`] and its kin) when that is long.
    pub text: String,
    /// Whether `text` is only the start: the app reads the rest from the page's JSON
    /// when the query's words are not all in the title and that start.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cut: bool,
    /// The language of title and text when not Vietnamese (`en`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl Block {
    /// The text a reader sees, blocks separated by new lines.
    pub fn plain(blocks: &[Block]) -> String {
        let mut out = String::new();
        Block::push_plain(blocks, &mut out);
        out.trim_end().to_string()
    }

    fn push_plain(blocks: &[Block], out: &mut String) {
        for b in blocks {
            match b {
                Block::Paragraph(c) | Block::Heading { c, .. } => Inline::push_plain(c, out),
                Block::List { items, .. } => items.iter().for_each(|i| Block::push_plain(i, out)),
                Block::Quote(c) => Block::push_plain(c, out),
                Block::Figure(img) => out.push_str(img.caption.as_deref().unwrap_or("")),
                Block::Table(t) => {
                    for cell in t.head.iter().chain(t.rows.iter().flatten()) {
                        Inline::push_plain(cell, out);
                        out.push(' ');
                    }
                }
            }
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
    }
}

impl Inline {
    /// Appends the text a reader sees, without markup.
    pub fn push_plain(inlines: &[Inline], out: &mut String) {
        for i in inlines {
            match i {
                Inline::Text(t) | Inline::Code(t) => out.push_str(t),
                Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link { c, .. } => {
                    Inline::push_plain(c, out)
                }
                Inline::Break => out.push(' '),
            }
        }
    }

    pub fn plain(inlines: &[Inline]) -> String {
        let mut s = String::new();
        Inline::push_plain(inlines, &mut s);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_article() -> Article {
        let summary = Summary {
            slug: "tin-khac".into(),
            title: "Tin khác".into(),
            published: Timestamp::parse_rfc3339("2020-08-09T08:00:00+07:00").unwrap(),
            section: "su-kien-noi-bat".into(),
            summary: "Tóm tắt.".into(),
            image: None,
        };
        Article {
            slug: "hoi-nghi-tong-ket-dan-van-kheo".into(),
            title: "Hội nghị tổng kết “Dân vận khéo”".into(),
            published: Timestamp::parse_rfc3339("2020-08-10T13:19:00+07:00").unwrap(),
            section: SectionRef {
                slug: "su-kien-noi-bat".into(),
                name: "Sự kiện nổi bật".into(),
            },
            lead: Some("Sáng 10/8 …".into()),
            summary: "Sáng 10/8 …".into(),
            image: Some(Image {
                src: "/media/a.svg".into(),
                alt: "Hội trường".into(),
                width: 800,
                height: 450,
                caption: None,
                copies: 0,
            }),
            author: None,
            body: vec![
                Block::Paragraph(vec![
                    Inline::Text("“Dân vận khéo” – ".into()),
                    Inline::Strong(vec![Inline::Text("đậm".into())]),
                    Inline::Break,
                    Inline::Link {
                        href: "/".into(),
                        c: vec![Inline::Text("trang chủ".into())],
                    },
                ]),
                Block::Heading {
                    level: 2,
                    c: vec![Inline::Text("Mục".into())],
                },
                Block::List {
                    ordered: false,
                    start: None,
                    items: vec![
                        vec![Block::Paragraph(vec![Inline::Text("Một là, …".into())])],
                        vec![Block::Paragraph(vec![Inline::Text("Hai là, …".into())])],
                    ],
                },
                Block::Quote(vec![Block::Paragraph(vec![Inline::Emphasis(vec![])])]),
                Block::Table(Table {
                    head: vec![vec![Inline::Text("Xã".into())]],
                    rows: vec![vec![vec![Inline::Code("1".into())]]],
                    align: vec![Align::Right],
                }),
            ],
            related: vec![summary],
        }
    }

    #[test]
    fn article_round_trips_through_json() {
        let a = sample_article();
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<Article>(&json).unwrap(), a);
        // The wire format is the documented one.
        assert!(
            json.contains(r#""published":"2020-08-10T13:19:00+07:00""#),
            "{json}"
        );
        assert!(
            json.contains(
                r#"{"p":[{"text":"“Dân vận khéo” – "},{"b":[{"text":"đậm"}]},"br",{"a":{"href":"/","c":"#
            ),
            "{json}"
        );
        assert!(
            json.contains(r#"{"list":{"ordered":false,"items":[[{"p""#),
            "{json}"
        );
        assert!(!json.contains("\"author\""), "absent options are omitted: {json}");
    }

    #[test]
    fn plain_text_of_inlines() {
        let a = sample_article();
        let Block::Paragraph(p) = &a.body[0] else { panic!() };
        assert_eq!(Inline::plain(p), "“Dân vận khéo” – đậm trang chủ");
    }

    #[test]
    fn dates_and_attachment_labels() {
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!(
            (d.vi(), d.iso()),
            ("29/02/2024".to_string(), "2024-02-29".to_string())
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2024-2-9"), None);
        assert_eq!(Date::parse("+202-+1-+5"), None);
        assert_eq!(Date::parse("2024-03-1 "), None);
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2024-02-29\"");
        let a = |bytes| Attachment {
            url: "/files/a.pdf".into(),
            name: "a.pdf".into(),
            format: "PDF".into(),
            bytes,
        };
        assert_eq!(a(245_000).label(), "PDF, 245 KB");
        assert_eq!(a(1_500).label(), "PDF, 2 KB");
        assert_eq!(a(3_450_000).label(), "PDF, 3,5 MB");
        assert_eq!(a(999_001).label(), "PDF, 1,0 MB");
        assert_eq!(a(999_000).label(), "PDF, 999 KB");
        assert_eq!(a(1_950_000).label(), "PDF, 2,0 MB");
        assert_eq!(a(1).label(), "PDF, 1 KB");
    }

    #[test]
    fn unknown_block_is_an_error_not_a_panic() {
        assert!(serde_json::from_str::<Vec<Block>>(r#"[{"html":"<script>"}]"#).is_err());
    }
}

#[cfg(test)]
mod image_tests {
    use super::*;

    #[test]
    fn a_srcset_is_made_of_the_pictures_own_address_and_its_copies_widths() {
        let mut i = Image {
            src: "/media/cau-ab12.jpg".into(),
            alt: String::new(),
            width: 1600,
            height: 900,
            caption: None,
            copies: 0,
        };
        assert_eq!(i.srcset(), None);
        i.copies = 0b111;
        assert_eq!(
            i.srcset().as_deref(),
            Some("/media/cau-ab12-480.jpg 480w, /media/cau-ab12-960.jpg 960w, /media/cau-ab12.jpg 1600w")
        );
        // A picture from elsewhere, or an address that would add a candidate: none.
        for src in [
            "https://evil.example/x.jpg",
            "//evil.example/x.jpg",
            "/media/a.jpg 1x, https://evil.example/x.jpg",
        ] {
            let hostile = Image {
                src: src.into(),
                ..i.clone()
            };
            assert_eq!(hostile.srcset(), None, "{src}");
        }
        assert_eq!(copy_src("/media/a.b/c", 480), None);
        assert_eq!(copy_src("/media/x.", 480), None);
        assert_eq!(copy_src("/media/.jpg", 480), None);
    }
}
