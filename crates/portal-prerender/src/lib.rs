//! The page build: a route as a real HTML page, rendered by the app's own components
//! (natively, `portal::prerender`) from the same JSON the app reads, readable without
//! scripts; feeds, sitemaps and robots.txt; the security headers; the link check of
//! the written pages. `portal-build` calls it page by page (in parallel), so a site of
//! any size is rendered without holding its pages in memory.
//!
//! A page the app could not render as meant (its data unreadable by the app's JSON
//! reader, a "not found" where a page should be) is an error, not a published page.

pub mod feeds;
pub mod headers;
pub mod html;
pub mod links;
pub mod offline;
pub mod template;

use portal_core::api::Site;
use portal_core::paths;

use crate::html::{break_lines, void_element};
use crate::template::{Loader, PageParts, Template};

/// What trunk built: the shell page and the app's files (names at the site root).
pub struct Shell {
    pub index: String,
    pub files: Vec<String>,
    /// `controls.js`: the page's own controls (`src/controls.js`), loaded by every page
    /// at once, before and without the app.
    pub controls: Option<String>,
    /// `sw.js`: the service worker's code (`src/sw.js`), published by `portal-build`
    /// with the build's list of files before it ([`offline`]).
    pub worker: Option<String>,
}

/// The shell's file that is published under a hashed name instead.
pub const CONTROLS: &str = "controls.js";
/// The shell's file that is published with the build's list of files.
pub const WORKER: &str = "sw.js";

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Development build: pages reload when the dev server says the site changed.
    pub dev_reload: bool,
}

/// The live reload of `--dev` builds (never in a release build): the dev server's
/// event stream says when a rebuild has finished.
pub const DEV_RELOAD: &str = "new EventSource(\"/_dev/events\").onmessage=function(){location.reload()};";

/// Renders the site's pages: the shell, the site's data, the policy.
pub struct Renderer {
    template: Template,
    /// trunk's loader as a file of its own, if the shell has one.
    pub loader: Option<Loader>,
    /// The page's controls, `(controls-<hash>.js, code)`.
    pub controls: Option<Loader>,
    site: Site,
    site_json: String,
    /// The Content-Security-Policy of the pages (header and `<meta>` forms).
    pub csp: String,
    csp_meta: String,
    /// Changes when anything every page depends on does (the shell, the site's data,
    /// the policy): part of each page's key.
    pub fingerprint: u64,
}

impl Renderer {
    pub fn new(shell: &Shell, site_json: &[u8], opts: Options) -> Result<Renderer, String> {
        // The controls load a moment (250 ms) after the page has loaded and been
        // painted, or at the reader's first touch or key, whichever is first: a request
        // before the largest paint cost Lighthouse's simulated slow 4G 200 ms of LCP
        // (1.24 × static HTML; 1.00 without), and that paint can come 20–40 ms after
        // `load`. The frame asked for at `load` brings that paint forward: without it,
        // the paint came after the browser's request for the manifest's icon in a third
        // of the runs, which Lighthouse then counts in LCP (README, “Performance”). A click on
        // a control before they are there is kept and replayed by them (controls.js), so
        // a button works when seen. They start the app (named in them); a shell without
        // them (a test's) starts it from the inline script.
        let mut controls = None;
        let (template, loader) = Template::new(&shell.index, |loader| {
            let mut added = match (&shell.controls, loader) {
                (Some(code), loader) => {
                    let file = controls_file(code, loader.map(|(name, _)| name.as_str()))?;
                    let code = controls_loader(&file.0);
                    controls = Some(file);
                    code
                }
                (None, Some((name, _))) => template::app_loader(name),
                (None, None) => String::new(),
            };
            if opts.dev_reload {
                added.push_str(DEV_RELOAD);
            }
            Ok(added)
        })?;
        let site_json =
            String::from_utf8(site_json.to_vec()).map_err(|_| "site.json không phải UTF-8".to_string())?;
        let site: Site = portal_core::json::from_str(&site_json).map_err(|e| format!("site.json: {e}"))?;
        let analytics = site.analytics.as_ref().and_then(|a| headers::origin(&a.script));
        let csp = headers::content_security_policy(&template.script_hashes, analytics.as_deref(), false);
        let csp_meta = headers::content_security_policy(&template.script_hashes, analytics.as_deref(), true);
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&shell.index, &site_json, &csp, opts.dev_reload).hash(&mut h);
            h.finish()
        };
        Ok(Renderer {
            template,
            loader,
            controls,
            site,
            site_json,
            csp,
            csp_meta,
            fingerprint,
        })
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The page at `path`, rendered with the site's data and `data` (its own: API URLs
    /// and JSON texts). `not_found`: the page is the 404 page.
    pub fn page(&self, path: &str, data: &[(&str, &str)], not_found: bool) -> Result<String, String> {
        let mut initial = vec![(paths::api_site(), self.site_json.clone())];
        initial.extend(data.iter().map(|(u, j)| (u.to_string(), j.to_string())));
        let rendered = portal::prerender::render(path, initial);
        let unexpected: Vec<&String> = rendered
            .problems
            .iter()
            .filter(|p| !(not_found && p.starts_with("trang “Không tìm thấy")))
            .collect();
        if !unexpected.is_empty() {
            return Err(format!(
                "trang {path} không dựng được như dự định: {}",
                unexpected
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
        let mut head = String::new();
        for (name, attrs) in rendered.head.tags(&self.site) {
            let attrs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
            head.push_str(&void_element(name, &attrs));
            head.push('\n');
        }
        // Leptos marks reactive text with empty comments (`<!>`) for hydration; the app
        // replaces this markup rather than hydrating it, so they go.
        let app = break_lines(&rendered.body.replace("<!>", ""));
        let first = format!(
            "\n{}",
            void_element(
                "meta",
                &[
                    ("http-equiv", "Content-Security-Policy"),
                    ("content", &self.csp_meta)
                ]
            )
        );
        Ok(self.template.page(&PageParts {
            lang: rendered.head.lang(),
            first: &first,
            title: &rendered.head.full_title(&self.site.name),
            head: &head,
            app: &app,
            data: "",
        }))
    }

    /// The files the renderer makes: the loader and the controls, `(name, code)`.
    pub fn scripts(&self) -> impl Iterator<Item = &Loader> {
        self.loader.iter().chain(&self.controls)
    }

    /// `_headers`, the nginx snippets and `.nojekyll`, for the app's files `shell_files`.
    pub fn header_files(&self, shell_files: &[String]) -> Vec<(String, Vec<u8>)> {
        let mut hashed: Vec<String> = shell_files
            .iter()
            .chain(self.loader.iter().chain(&self.controls).map(|(n, _)| n))
            .filter(|n| is_hashed(n))
            .cloned()
            .collect();
        hashed.sort();
        vec![
            (
                "_headers".into(),
                headers::headers_file(&self.csp, &hashed).into_bytes(),
            ),
            (
                ".nginx/security-headers.conf".into(),
                headers::nginx_snippet(&headers::page_headers(&self.csp)).into_bytes(),
            ),
            (
                ".nginx/media-headers.conf".into(),
                headers::nginx_snippet(&headers::media_headers()).into_bytes(),
            ),
            (
                ".nginx/files-headers.conf".into(),
                headers::nginx_snippet(&headers::files_headers()).into_bytes(),
            ),
            // GitHub Pages: publish the files as they are (no Jekyll, which drops `_headers`).
            (".nojekyll".into(), Vec::new()),
        ]
    }
}

/// controls.js as published: `controls-<hash>.js`, with the app's loader named in it
/// (`var APP = "";` becomes `var APP = "/boot-<hash>.js";`; left empty, no app starts).
fn controls_file(code: &str, app: Option<&str>) -> Result<Loader, String> {
    const PLACE: &str = "var APP = \"\";";
    let code = match app {
        Some(name) if code.matches(PLACE).count() == 1 => {
            code.replace(PLACE, &format!("var APP = \"/{name}\";"))
        }
        Some(_) => {
            return Err(format!(
                "controls.js không có đúng một dòng `{PLACE}` (chỗ ghi tệp khởi động ứng dụng)"
            ))
        }
        None => code.to_string(),
    };
    Ok((template::hashed_name("controls", &code), code))
}

/// The inline code that loads the controls `name` (see [`Renderer::new`]) and keeps the
/// clicks on a control ("In bài viết", "Thử lại") that come before them.
fn controls_loader(name: &str) -> String {
    format!(
        "(function(){{var q=window.portalClicks=[],l=0;function g(){{if(l)return;l=1;var c=document.createElement(\"script\");c.src=\"/{name}\";document.head.appendChild(c)}}addEventListener(\"load\",function(){{requestAnimationFrame(function(){{setTimeout(g,250)}})}});[\"pointerdown\",\"keydown\",\"focusin\"].forEach(function(t){{addEventListener(t,g,{{capture:!0,once:!0}})}});addEventListener(\"click\",function(e){{var t=!window.portalControls&&e.target.closest&&e.target.closest(\".print-button,.reload-button\");if(t)q.push(t)}},!0)}})();"
    )
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
    fn the_controls_name_the_apps_loader_once() {
        let code = "var a = 1;\n  var APP = \"\";\n";
        let (name, with_app) = controls_file(code, Some("boot-0123456789abcdef.js")).unwrap();
        assert_eq!(
            with_app,
            "var a = 1;\n  var APP = \"/boot-0123456789abcdef.js\";\n"
        );
        assert!(is_hashed(&name) && name.starts_with("controls-"), "{name}");
        // Without an app the file is as written (no app starts); named by what it holds.
        let (plain_name, plain) = controls_file(code, None).unwrap();
        assert_eq!(plain, code);
        assert_ne!(plain_name, name);
        for wrong in ["var a = 1;", "var APP = \"\"; var APP = \"\";"] {
            let e = controls_file(wrong, Some("boot-0123456789abcdef.js")).unwrap_err();
            assert!(e.contains("var APP"), "{e}");
        }
    }

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
