//! The page build, on the JSON API the content build rendered and the app shell trunk
//! built:
//!
//! - every route becomes a real HTML page, rendered by the app's own components
//!   (natively, `portal::prerender`), readable without scripts and carrying its data so
//!   the app takes over without fetching it again; a page the app could not render as
//!   meant (its data unreadable, a "not found" where a page should be) fails the build;
//! - `rss.xml` and one feed per section, `sitemap.xml`, `robots.txt`;
//! - the Content-Security-Policy and other headers (`_headers`, `.nginx/…`, `<meta>`);
//! - a link check of every page (a broken internal link fails the build).

pub mod api;
pub mod feeds;
pub mod headers;
pub mod html;
pub mod links;
pub mod template;

use std::collections::{BTreeMap, HashSet};

use portal_core::paths::{self, DocFilter};

use crate::api::Api;
pub use crate::api::Files;
use crate::html::{break_lines, json_in_script, void_element};
use crate::template::{PageParts, Template};

/// What trunk built: the shell page and the app's files (names at the site root).
pub struct Shell {
    pub index: String,
    pub files: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Development build: pages reload when the dev server says the site changed.
    pub dev_reload: bool,
}

/// The live reload of `--dev` builds (never in a release build): the dev server's
/// event stream says when a rebuild has finished.
pub const DEV_RELOAD: &str = "new EventSource(\"/_dev/events\").onmessage=function(){location.reload()};";

/// What the page build made: files by path from the site root.
pub struct Built {
    pub files: Files,
    pub pages: usize,
    pub feeds: usize,
}

struct Page {
    path: String,
    file: String,
    /// API URLs whose JSON the page carries.
    data: Vec<String>,
}

/// Builds every page, feed and header file from the API in `api_files`.
pub fn build(api_files: &Files, shell: &Shell, opts: Options) -> Result<Built, Vec<String>> {
    let one = |e: String| vec![e];
    let (template, loader) =
        Template::new(&shell.index, if opts.dev_reload { DEV_RELOAD } else { "" }).map_err(one)?;
    let api = Api::load(api_files).map_err(one)?;
    let mut out = Files::new();
    if let Some((name, code)) = &loader {
        out.insert(name.clone(), code.clone().into_bytes());
    }
    let site = &api.site.value;
    let analytics = site.analytics.as_ref().and_then(|a| headers::origin(&a.script));
    let csp = headers::content_security_policy(&template.script_hashes, analytics.as_deref(), false);
    let csp_meta = headers::content_security_policy(&template.script_hashes, analytics.as_deref(), true);

    let pages = page_list(&api);
    let json = api.json_by_url();
    let mut problems = Vec::new();
    for page in &pages {
        let data: Vec<(String, String)> = page
            .data
            .iter()
            .filter_map(|u| json.get(u.as_str()).map(|j| (u.clone(), j.to_string())))
            .collect();
        let rendered = portal::prerender::render(&page.path, data.clone());
        let is_404 = page.file == "404.html";
        let unexpected: Vec<&String> = rendered
            .problems
            .iter()
            .filter(|p| !(is_404 && p.starts_with("trang “Không tìm thấy")))
            .collect();
        if !unexpected.is_empty() {
            problems.push(format!(
                "dist/{}: trang {} không dựng được như dự định: {}",
                page.file,
                page.path,
                unexpected
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
            continue;
        }
        let mut head = String::new();
        for (name, attrs) in rendered.head.tags(site) {
            let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            head.push_str(&void_element(name, &attrs));
            head.push('\n');
        }
        let object: Vec<String> = data
            .iter()
            .map(|(u, j)| format!("{}:{j}", serde_json::Value::from(u.as_str())))
            .collect();
        let data_script = format!(
            "<script type=\"application/json\" id=\"{}\">{{{}}}</script>\n",
            portal::DATA_ELEMENT_ID,
            json_in_script(&object.join(","))
        );
        // Leptos marks reactive text with empty comments (`<!>`) for hydration; the app
        // replaces this markup rather than hydrating it, so they go.
        let app = break_lines(&rendered.body.replace("<!>", ""));
        let first = format!(
            "\n{}",
            void_element(
                "meta",
                &[("http-equiv", "Content-Security-Policy"), ("content", &csp_meta)]
            )
        );
        let html = template.page(&PageParts {
            lang: rendered.head.lang(),
            first: &first,
            title: &rendered.head.full_title(&site.name),
            head: &head,
            app: &app,
            data: &data_script,
        });
        out.insert(page.file.clone(), html.into_bytes());
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    // Feeds, sitemap, robots.
    let all = api.summaries();
    let mut put = |path: String, text: String| {
        out.insert(path.trim_start_matches('/').to_string(), text.into_bytes());
    };
    put(
        paths::feed(),
        feeds::rss(
            site,
            &feeds::Channel {
                title: &site.name,
                description: &site.description,
                page: "/",
                feed: &paths::feed(),
            },
            &all,
        ),
    );
    for section in &api.sections {
        let first = &section[0].value;
        let items: Vec<_> = all.iter().copied().filter(|s| s.section == first.slug).collect();
        let description = first
            .description
            .clone()
            .unwrap_or_else(|| format!("Tin bài chuyên mục {}", first.name));
        put(
            paths::section_feed(&first.slug),
            feeds::rss(
                site,
                &feeds::Channel {
                    title: &format!("{} – {}", first.name, site.name),
                    description: &description,
                    page: &paths::section(&first.slug, 1),
                    feed: &paths::section_feed(&first.slug),
                },
                &items,
            ),
        );
    }
    put("sitemap.xml".into(), feeds::sitemap(&api));
    put("robots.txt".into(), feeds::robots(site));

    // Headers: hashed files get cached for a year.
    let mut hashed: Vec<String> = shell
        .files
        .iter()
        .chain(loader.iter().map(|(n, _)| n))
        .filter(|n| is_hashed(n))
        .cloned()
        .collect();
    hashed.sort();
    put("_headers".into(), headers::headers_file(&csp, &hashed));
    put(
        ".nginx/security-headers.conf".into(),
        headers::nginx_snippet(&headers::page_headers(&csp)),
    );
    put(
        ".nginx/media-headers.conf".into(),
        headers::nginx_snippet(&headers::media_headers()),
    );
    put(
        ".nginx/files-headers.conf".into(),
        headers::nginx_snippet(&headers::files_headers()),
    );
    // GitHub Pages: publish the files as they are (no Jekyll, which drops `_headers`).
    put(".nojekyll".into(), String::new());

    // Every internal link of every page must lead somewhere.
    let mut all_files: HashSet<String> = api_files.keys().cloned().collect();
    all_files.extend(out.keys().cloned());
    all_files.extend(shell.files.iter().cloned());
    let mut scanned = BTreeMap::new();
    for page in &pages {
        let html = std::str::from_utf8(&out[&page.file]).expect("pages are UTF-8");
        match links::scan(html) {
            Ok(l) => {
                scanned.insert(page.file.clone(), l);
            }
            Err(e) => problems.push(format!("dist/{}: {e}", page.file)),
        }
    }
    problems.extend(links::check(&scanned, &all_files));
    if !problems.is_empty() {
        let n = problems.len();
        problems.insert(0, format!("{n} liên kết hỏng:"));
        return Err(problems);
    }
    Ok(Built {
        files: out,
        pages: pages.len(),
        feeds: api.sections.len() + 1,
    })
}

/// Every page of the site: its path, file and the data it carries (the site's data and
/// the page's own).
fn page_list(api: &Api) -> Vec<Page> {
    let page = |path: String, data: Option<&String>| Page {
        file: format!("{}index.html", path.trim_start_matches('/')),
        path,
        data: std::iter::once(api.site.url.clone())
            .chain(data.cloned())
            .collect(),
    };
    let mut pages = vec![page(paths::home(), Some(&api.home.url))];
    for section in &api.sections {
        for p in section {
            pages.push(page(paths::section(&p.value.slug, p.value.page), Some(&p.url)));
        }
    }
    for a in &api.articles {
        pages.push(page(paths::article(&a.value.slug), Some(&a.url)));
    }
    // The documents library: the list with no filter and with each single filter, page
    // by page, and each document.
    if let Some(index) = &api.documents {
        let idx = &index.value;
        let mut filters = vec![DocFilter::default()];
        for (key, facets) in [
            ("loai", &idx.kinds),
            ("co-quan", &idx.bodies),
            ("nam", &idx.years),
        ] {
            filters.extend(facets.iter().map(|f| DocFilter::single(key, &f.slug)));
        }
        for filter in filters {
            let count = idx
                .documents
                .iter()
                .filter(|d| filter.matches(&d.kind, &d.body, d.issued.year))
                .count();
            for n in 1..=count.div_ceil(paths::PAGE_SIZE).max(1) as u32 {
                pages.push(page(paths::documents(&filter, n), Some(&index.url)));
            }
        }
        for d in &api.document_docs {
            pages.push(page(paths::document(&d.value.slug), Some(&d.url)));
        }
    }
    for p in &api.pages {
        pages.push(page(paths::page(&p.value.slug), Some(&p.url)));
    }
    // The search page: a shell the app fills (with a message for readers without scripts).
    pages.push(page(paths::search_page(), None));
    pages.push(Page {
        file: "404.html".into(),
        ..page("/404.html".into(), None)
    });
    pages
}

/// trunk's hashed names (`main-<hex>.css`, `portal-<hex>.js`, `portal-<hex>_bg.wasm`) and
/// the loader's (`boot-<hex>.js`).
pub fn is_hashed(name: &str) -> bool {
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    if !matches!(ext, "js" | "css" | "wasm") {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hex)| hex.len() >= 8 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        for yes in [
            "main-f4fd08aa6c41dca0.css",
            "portal-7986799ed56d2bc.js",
            "portal-7986799ed56d2bc_bg.wasm",
            "boot-0123456789abcdef.js",
        ] {
            assert!(is_hashed(yes), "{yes}");
        }
        for no in [
            "favicon.svg",
            "index.html",
            "main.css",
            "bieu-trung.svg",
            "a-b.js",
        ] {
            assert!(!is_hashed(no), "{no}");
        }
    }
}
