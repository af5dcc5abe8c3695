//! The newsroom's preview: an article page as it would be published, rendered by the
//! portal's own components from an article file's text, without writing anything.
//!
//! The page is made among the site's settings and static pages (its header and menus
//! are the site's); its related articles are left out (they depend on the whole
//! archive), and so is the documents library's menu entry.
//!
//! No script runs in the preview: [`as_residents_see_it`] draws what the page's own
//! script would (the reader's text size and contrast, the controls that need scripts,
//! the "Chia sẻ" and "Nghe đọc" buttons), so the officer sees the page as a resident
//! with a phone does.

use std::path::Path;
use std::sync::Arc;

use portal_content::assets::Assets;
use portal_content::output::{json, Model};
use portal_content::{Content, Diagnostic, Reporter};
use portal_core::paths;

/// The page of the article in `text` (an article file: front matter and Markdown) in
/// the site of `content_dir`, with trunk's shell in `shell_dir`. The error lists the
/// problems, each a sentence.
pub fn article(content_dir: &Path, shell_dir: &Path, text: &str) -> Result<String, String> {
    let assets = Assets::new(content_dir);
    let mut diags: Vec<Diagnostic> = Vec::new();
    let said = |diags: &[Diagnostic]| {
        diags
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let site = portal_content::site::load(content_dir, &assets, &mut diags).ok_or_else(|| said(&diags))?;
    let pages = portal_content::pages::load_all(content_dir, &assets, &mut Default::default(), &mut diags);
    let file = Path::new("xem-truoc.md");
    let mut reporter = Reporter {
        file,
        diags: &mut diags,
    };
    let parsed = portal_content::article::parse(text, &site, &assets, &mut reporter);
    let Some((mut article, _)) = parsed.filter(|_| diags.is_empty()) else {
        return Err(said(&diags));
    };
    article.file = file.to_path_buf();
    article.set_hashes();
    let slug = article.slug.clone();
    let content = Content {
        site,
        articles: vec![Arc::new(article)],
        pages,
        documents: Vec::new(),
        assets: Default::default(),
        unused_assets: 0,
    };
    let model = Model::new(&content);
    let data = json(&model.article(0));
    let data = String::from_utf8(data).map_err(|e| e.to_string())?;
    let (shell, _) = crate::read_shell(shell_dir).map_err(|e| e.to_string())?;
    let renderer = portal_prerender::Renderer::new(&shell, model.site_json(), Default::default())?;
    renderer.page(
        &paths::article(&slug),
        &[(&paths::api_article(&slug), &data)],
        false,
    )
}

/// The preview page as a resident sees it with scripts on, at text size `size` (0–4) and
/// in high contrast or not: what the page's inline script and `controls.js` would do,
/// drawn once (fixed markup; the buttons do nothing here).
pub fn as_residents_see_it(html: &str, size: u8, high_contrast: bool) -> Result<String, String> {
    use lol_html::html_content::ContentType;
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let button = |class: &str, text: &str| {
        format!("<button type=\"button\" class=\"button button-secondary {class}\">{text}</button>")
    };
    let (share, listen) = (
        button("share-button", "Chia sẻ"),
        button("read-aloud-play", "Nghe đọc"),
    );
    let panel = display_panel(size, high_contrast);
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("html", |el| {
                el.set_attribute("class", "js noi")?;
                if (1..=4).contains(&size) {
                    el.set_attribute("data-co-chu", &size.to_string())?;
                }
                if high_contrast {
                    el.set_attribute("data-tuong-phan", "cao")?;
                }
                Ok(())
            }))
            .append_element_content_handler(element!("hien-thi", |el| {
                el.set_inner_content(&panel, ContentType::Html);
                Ok(())
            }))
            .append_element_content_handler(element!("chia-se", |el| {
                el.set_inner_content(&share, ContentType::Html);
                Ok(())
            }))
            .append_element_content_handler(element!("nghe-doc", |el| {
                el.set_inner_content(&listen, ContentType::Html);
                Ok(())
            })),
    )
    .map_err(|e| e.to_string())
}

/// The "Hiển thị" panel as controls.js makes it (`DisplayPanel`), its buttons in the
/// states of text size `size` and contrast `high_contrast`.
pub fn display_panel(size: u8, high_contrast: bool) -> String {
    let yes_no = |b: bool| if b { "true" } else { "false" };
    format!(
        "<div class=\"text-size\" role=\"group\" aria-labelledby=\"text-size-label\">\
         <span id=\"text-size-label\" class=\"text-size-label\">Cỡ chữ</span>\
         <button type=\"button\" class=\"text-size-button text-size-smaller\" aria-label=\"A− Giảm cỡ chữ\" aria-disabled=\"{}\">A−</button>\
         <button type=\"button\" class=\"text-size-button text-size-reset\" aria-label=\"A Cỡ chữ mặc định\" aria-pressed=\"{}\">A</button>\
         <button type=\"button\" class=\"text-size-button text-size-larger\" aria-label=\"A+ Tăng cỡ chữ\" aria-disabled=\"{}\">A+</button>\
         <span class=\"text-size-value\" aria-hidden=\"true\"></span>\
         <span class=\"visually-hidden\" role=\"status\"></span></div>\
         <button type=\"button\" class=\"contrast-button\" aria-pressed=\"{}\">Tương phản cao</button>",
        yes_no(size == 0),
        yes_no(size == 0),
        yes_no(size >= 4),
        yes_no(high_contrast),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_draws_what_the_pages_script_would() {
        let page = "<!DOCTYPE html><html lang=\"vi\"><head></head><body><details class=\"display-menu\"><summary>Hiển thị</summary><hien-thi class=\"display-panel\"></hien-thi></details><article><chia-se></chia-se><nghe-doc></nghe-doc></article></body></html>";
        let shown = as_residents_see_it(page, 2, true).unwrap();
        assert!(
            shown.contains("<html lang=\"vi\" class=\"js noi\" data-co-chu=\"2\" data-tuong-phan=\"cao\">"),
            "{shown}"
        );
        assert!(shown.contains("<chia-se><button type=\"button\" class=\"button button-secondary share-button\">Chia sẻ</button></chia-se>"));
        assert!(shown.contains("<nghe-doc><button type=\"button\" class=\"button button-secondary read-aloud-play\">Nghe đọc</button></nghe-doc>"));
        assert!(shown.contains(&format!(
            "<hien-thi class=\"display-panel\">{}</hien-thi>",
            display_panel(2, true)
        )));
        assert!(
            shown.contains("class=\"contrast-button\" aria-pressed=\"true\""),
            "{shown}"
        );
        assert!(
            shown.contains("text-size-smaller\" aria-label=\"A− Giảm cỡ chữ\" aria-disabled=\"false\""),
            "{shown}"
        );
        let plain = as_residents_see_it(page, 0, false).unwrap();
        assert!(plain.contains("<html lang=\"vi\" class=\"js noi\">"), "{plain}");
        assert!(plain.contains("text-size-smaller\" aria-label=\"A− Giảm cỡ chữ\" aria-disabled=\"true\""));
        assert!(plain.contains("class=\"contrast-button\" aria-pressed=\"false\""));
    }
}
