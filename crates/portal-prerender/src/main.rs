//! `portal-prerender`: run by trunk after each build (`post_build` hook), on trunk's
//! output before it becomes `dist/`.
//!
//! - every route becomes a real HTML page, rendered by the app's own components
//!   (natively, `portal::prerender`), readable without scripts and carrying its data so
//!   the app takes over without fetching it again;
//! - `rss.xml` and one feed per section, `sitemap.xml`, `robots.txt`;
//! - the Content-Security-Policy and other headers (`_headers`, `.nginx/…`, `<meta>`);
//! - a link check of every page (a broken internal link fails the build);
//! - `.br` and `.gz` copies of every text file (release builds).
//!
//! ```text
//! portal-prerender [--dist DIR] [--no-compress]
//! portal-prerender --dist DIR --compress-only
//! ```
//! DIR defaults to `$TRUNK_STAGING_DIR`, else `dist`. Compression is skipped when
//! `$TRUNK_PROFILE` is `debug`.

mod api;
mod compress;
mod feeds;
mod headers;
mod html;
mod links;
mod template;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use portal_core::paths::{self, DocFilter};

use crate::api::Api;
use crate::html::{break_lines, escape, json_in_script};
use crate::template::Template;

struct Page {
    path: String,
    file: String,
    /// API URLs whose JSON the page carries.
    data: Vec<String>,
    /// Feeds linked from the page's head: (title, path).
    feeds: Vec<(String, String)>,
}

fn main() -> ExitCode {
    let mut dist = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| "dist".into());
    let mut compress = std::env::var("TRUNK_PROFILE").map_or(true, |p| p != "debug");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--dist" => match args.next() {
                Some(d) => dist = d.into(),
                None => return fail("--dist cần một thư mục"),
            },
            "--no-compress" => compress = false,
            "--compress-only" => {
                // Precompress a folder as the build does (for the search benchmark's site).
                return match compress::precompress(&dist) {
                    Ok(n) => {
                        println!("portal-prerender: {n} tệp nén sẵn trong {}", dist.display());
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(&format!("nén: {e}")),
                };
            }
            other => return fail(&format!("tham số lạ: {other}")),
        }
    }
    let started = Instant::now();
    match run(&dist, compress) {
        Ok(summary) => {
            println!(
                "portal-prerender: {summary} ({:.1} s)",
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

fn fail(msg: &str) -> ExitCode {
    eprintln!("portal-prerender: {msg}");
    ExitCode::FAILURE
}

fn write(dist: &Path, rel: &str, text: &str) -> Result<(), String> {
    let path = dist.join(rel.trim_start_matches('/'));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run(dist: &Path, compress: bool) -> Result<String, String> {
    let index = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|e| format!("{}/index.html: {e}", dist.display()))?;
    let (template, loader) = Template::new(&index)?;
    if let Some((name, code)) = &loader {
        write(dist, name, code)?;
    }
    let api = Api::load(dist)?;
    let site = &api.site.value;
    let analytics = site.analytics.as_ref().and_then(|a| headers::origin(&a.script));
    let csp = headers::content_security_policy(&template.script_hashes, analytics.as_deref(), false);
    let csp_meta = headers::content_security_policy(&template.script_hashes, analytics.as_deref(), true);

    let site_feed = (format!("{} – Tin mới", site.name), feeds::site_feed_path());
    // Every page carries the site's data and links the site's feed; its file is its path.
    let page = |path: String, data: Option<&String>| Page {
        file: format!("{}index.html", path.trim_start_matches('/')),
        path,
        data: std::iter::once(api.site.url.clone())
            .chain(data.cloned())
            .collect(),
        feeds: vec![site_feed.clone()],
    };
    let mut pages = vec![page(paths::home(), Some(&api.home.url))];
    for section in &api.sections {
        for p in section {
            let v = &p.value;
            let mut section_page = page(paths::section(&v.slug, v.page), Some(&p.url));
            section_page.feeds.push((
                format!("{} – {}", site.name, v.name),
                feeds::section_feed_path(&v.slug),
            ));
            pages.push(section_page);
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

    let json = api.json_by_url();
    let json_of = |url: &str| -> &str { json.get(url).copied().expect("pages carry only loaded documents") };

    let mut written = Vec::new();
    for page in &pages {
        let data: Vec<(String, String)> = page
            .data
            .iter()
            .map(|u| (u.clone(), json_of(u).to_string()))
            .collect();
        let rendered = portal::prerender::render(&page.path, data.clone());
        let mut head = String::new();
        for (kind, key, value) in rendered.head.tags(&site.base_url, site.emblem.as_deref()) {
            head.push_str(&match kind {
                "link" => format!("<link rel=\"{key}\" href=\"{}\">\n", escape(&value)),
                _ => format!("<meta {kind}=\"{key}\" content=\"{}\">\n", escape(&value)),
            });
        }
        head.push_str(&format!(
            "<meta property=\"og:site_name\" content=\"{}\">\n",
            escape(&site.name)
        ));
        let locale = if rendered.head.lang() == "en" {
            "en_US"
        } else {
            "vi_VN"
        };
        head.push_str(&format!("<meta property=\"og:locale\" content=\"{locale}\">\n"));
        for (lang, path) in &rendered.head.alternates {
            head.push_str(&format!(
                "<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}{path}\">\n",
                site.base_url
            ));
        }
        for (title, href) in &page.feeds {
            head.push_str(&format!(
                "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"{}\" href=\"{href}\">\n",
                escape(title)
            ));
        }
        let object: Vec<String> = data.iter().map(|(u, j)| format!("\"{u}\":{j}")).collect();
        let data_script = format!(
            "<script type=\"application/json\" id=\"{}\">{{{}}}</script>\n",
            portal::DATA_ELEMENT_ID,
            json_in_script(&object.join(","))
        );
        // Leptos marks reactive text with empty comments (`<!>`) for hydration; the app
        // replaces this markup rather than hydrating it, so they go.
        let app = break_lines(&rendered.body.replace("<!>", ""));
        let csp_tag = format!(
            "\n<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
            escape(&csp_meta)
        );
        let html = template.page(
            &rendered.head.full_title(&site.name),
            &csp_tag,
            &head,
            &app,
            &data_script,
        );
        // The page's language (English pages), on <html>.
        let html = html.replacen(
            "<html lang=\"vi\">",
            &format!("<html lang=\"{}\">", rendered.head.lang()),
            1,
        );
        write(dist, &page.file, &html)?;
        written.push((page.file.clone(), html));
    }

    // Feeds, sitemap, robots.
    let all = api.summaries();
    write(
        dist,
        &feeds::site_feed_path(),
        &feeds::rss(
            site,
            &site.name,
            &site.description,
            "/",
            &feeds::site_feed_path(),
            &all,
        ),
    )?;
    for section in &api.sections {
        let first = &section[0].value;
        let items: Vec<_> = all.iter().copied().filter(|s| s.section == first.slug).collect();
        let description = first
            .description
            .clone()
            .unwrap_or_else(|| format!("Tin bài chuyên mục {}", first.name));
        write(
            dist,
            &feeds::section_feed_path(&first.slug),
            &feeds::rss(
                site,
                &format!("{} – {}", first.name, site.name),
                &description,
                &paths::section(&first.slug, 1),
                &feeds::section_feed_path(&first.slug),
                &items,
            ),
        )?;
    }
    write(dist, "sitemap.xml", &feeds::sitemap(&api))?;
    write(dist, "robots.txt", &feeds::robots(site))?;

    // Headers: hashed files get cached for a year.
    let mut hashed: Vec<String> = std::fs::read_dir(dist)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| is_hashed(n))
        .collect();
    hashed.sort();
    write(dist, "_headers", &headers::headers_file(&csp, &hashed))?;
    write(
        dist,
        ".nginx/security-headers.conf",
        &headers::nginx_snippet(&csp),
    )?;
    // GitHub Pages: publish the files as they are (no Jekyll, which drops `_headers`).
    write(dist, ".nojekyll", "")?;

    // Every internal link of every page must lead somewhere.
    let problems: Vec<String> = written
        .iter()
        .flat_map(|(file, html)| links::check(dist, &Path::new("dist").join(file), html))
        .collect();
    if !problems.is_empty() {
        return Err(format!(
            "{} liên kết hỏng:\n{}",
            problems.len(),
            problems.join("\n")
        ));
    }

    let compressed = if compress {
        compress::precompress(dist).map_err(|e| format!("nén: {e}"))?
    } else {
        0
    };
    Ok(format!(
        "{} trang HTML, {} nguồn RSS, sitemap.xml, robots.txt, {} tệp nén sẵn (.br, .gz)",
        written.len(),
        api.sections.len() + 1,
        compressed
    ))
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
    use super::is_hashed;

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
