//! The newsroom's preview: an article page as it would be published, rendered by the
//! portal's own components from an article file's text, without writing anything.
//!
//! The page is made among the site's settings and static pages (its header and menus
//! are the site's); its related articles are left out (they depend on the whole
//! archive), and so is the documents library's menu entry.

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
