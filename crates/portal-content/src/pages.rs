//! `content/pages/**/*.md`: static pages (introduction, organisation, contact, public
//! services…), in Vietnamese or English.

use std::path::{Path, PathBuf};

use portal_core::api::Block;
use portal_core::fold::is_slug;
use portal_core::paths::RESERVED;
use serde::Deserialize;
use toml::Spanned;

use crate::assets::Assets;
use crate::markdown::InternalLink;
use crate::source::{each_file, line_of, optional, required, FileMemo, Parts, Unique};
use crate::Diagnostic;

/// Where a page stands in the menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    /// Before the sections ("Giới thiệu").
    Before,
    /// After the documents library ("Liên hệ").
    After,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StaticPage {
    pub file: PathBuf,
    /// The path without slashes: `gioi-thieu`, `en/contact`.
    pub slug: String,
    pub title: String,
    pub lang: String,
    pub description: String,
    pub translation: Option<String>,
    pub menu: Option<Menu>,
    /// Position in its part of the menu (smaller first).
    pub order: i64,
    /// Lists the public-service portals of `site.toml` after the body.
    pub public_services: bool,
    pub body: Vec<Block>,
    pub links: Vec<InternalLink>,
    translation_line: usize,
    slug_line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Front {
    title: Option<Spanned<String>>,
    slug: Option<Spanned<String>>,
    lang: Option<Spanned<String>>,
    translation: Option<Spanned<String>>,
    description: Option<Spanned<String>>,
    menu: Option<Spanned<String>>,
    #[serde(default)]
    public_services: bool,
    #[serde(default)]
    order: i64,
}

/// Whether `slug` can be a page's address: one slug (`gioi-thieu`), or `en/` and one
/// slug for English (`en/contact`); not one of the site's own paths.
fn valid_slug(slug: &str) -> bool {
    let parts: Vec<&str> = slug.split('/').collect();
    parts.iter().all(|p| is_slug(p))
        && match parts[..] {
            [one] => one != "en" && !RESERVED.contains(&one),
            ["en", _] => true,
            _ => false,
        }
}

pub fn load_all(
    content_dir: &Path,
    assets: &Assets,
    memo: &mut FileMemo<StaticPage>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<StaticPage> {
    let parsed = each_file(
        &content_dir.join("pages"),
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
            let title = required(&front.title, "title", "tiêu đề trang", &lines, r);
            let slug = required(
                &front.slug,
                "slug",
                "đường dẫn, ví dụ gioi-thieu hoặc en/contact",
                &lines,
                r,
            );
            let slug_line = line_of(&front.slug, &lines);
            if !slug.is_empty() && !valid_slug(&slug) {
                r.error(slug_line, format!(
                "`slug` \"{slug}\" không hợp lệ: chữ thường không dấu, số, `-` (ví dụ gioi-thieu; trang tiếng Anh: en/contact), không trùng các đường dẫn của trang ({})",
                RESERVED.join(", ")
            ));
            }
            let lang = optional(&front.lang).unwrap_or_else(|| "vi".into());
            if lang != "vi" && lang != "en" {
                r.error(
                    line_of(&front.lang, &lines),
                    format!("`lang` = \"{lang}\": chỉ dùng \"vi\" hoặc \"en\""),
                );
            }
            if lang == "en" && !slug.starts_with("en/") {
                r.error(slug_line, "trang tiếng Anh phải có `slug` bắt đầu bằng \"en/\"");
            }
            if lang != "en" && slug.starts_with("en/") {
                r.error(
                    slug_line,
                    "`slug` bắt đầu bằng \"en/\" dành cho trang tiếng Anh: thêm lang = \"en\"",
                );
            }
            if lang == "en" && front.menu.is_some() {
                r.error(
                line_of(&front.menu, &lines),
                "trang tiếng Anh không nằm trong menu (menu tiếng Việt): bỏ `menu`, trang được mở từ nút chuyển ngôn ngữ của trang tiếng Việt",
            );
            }
            let menu = match optional(&front.menu).as_deref() {
                None => None,
                Some("before") => Some(Menu::Before),
                Some("after") => Some(Menu::After),
                Some(other) => {
                    r.error(
                        line_of(&front.menu, &lines),
                        format!("`menu` = \"{other}\": chỉ dùng \"before\" hoặc \"after\""),
                    );
                    None
                }
            };
            let (blocks, links) = crate::markdown::parse(body, body_line, assets, r);
            let description = optional(&front.description).unwrap_or_else(|| {
                blocks
                    .iter()
                    .find_map(|b| match b {
                        Block::Paragraph(p) => Some(portal_core::text::shorten(
                            &portal_core::api::Inline::plain(p),
                            200,
                        )),
                        _ => None,
                    })
                    .unwrap_or_else(|| title.clone())
            });
            if r.diags.len() != errors_before {
                return None;
            }
            Some(StaticPage {
                file: r.file.to_path_buf(),
                slug,
                title,
                lang,
                description,
                translation: optional(&front.translation),
                menu,
                order: front.order,
                public_services: front.public_services,
                body: blocks,
                links,
                translation_line: line_of(&front.translation, &lines),
                slug_line,
            })
        },
    );
    let mut seen = Unique::default();
    let mut pages = Vec::new();
    for page in &parsed {
        if seen.check(
            page.slug.as_str(),
            "slug trang",
            &page.file,
            page.slug_line,
            diags,
        ) {
            pages.push(page.clone());
        }
    }
    // A translation names a page in the other language that names this one back.
    for p in &pages {
        let Some(t) = &p.translation else { continue };
        let other = pages.iter().find(|o| &o.slug == t);
        let problem = match other {
            None => Some(format!(
                "`translation` = \"{t}\": không có trang nào với slug này"
            )),
            Some(o) if o.lang == p.lang => Some(format!(
                "`translation` = \"{t}\": trang bản dịch phải khác ngôn ngữ"
            )),
            Some(o) if o.translation.as_deref() != Some(p.slug.as_str()) => Some(format!(
                "`translation` = \"{t}\": trang {t} phải có translation = \"{}\"",
                p.slug
            )),
            _ => None,
        };
        if let Some(message) = problem {
            diags.push(Diagnostic {
                file: p.file.clone(),
                line: p.translation_line,
                message,
            });
        }
    }
    pages
}
