//! The link check of the written pages: every site-internal `href`, `src`, `srcset`
//! and form `action` must name a file of the build, and every `#fragment` an element of
//! the page it points to. Links are read by an HTML parser (lol_html), as a browser
//! would read them, not searched for as text.

use std::collections::{BTreeMap, HashSet};

use lol_html::{element, rewrite_str, RewriteStrSettings};

use crate::html::line_of;

/// What a page links to and the ids it has.
#[derive(Debug, Default)]
pub struct PageLinks {
    /// (target as written, line).
    pub links: Vec<(String, usize)>,
    pub ids: HashSet<String>,
}

/// Reads the links and ids of a page.
pub fn scan(html: &str) -> Result<PageLinks, String> {
    let found = std::cell::RefCell::new(PageLinks::default());
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("[href], [src], [srcset], form[action]", |el| {
                let line = line_of(html, el.source_location().bytes().start);
                let mut f = found.borrow_mut();
                for attr in ["href", "src", "action"] {
                    if let Some(v) = el.get_attribute(attr) {
                        f.links.push((v, line));
                    }
                }
                if let Some(set) = el.get_attribute("srcset") {
                    for candidate in set.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            f.links.push((url.to_string(), line));
                        }
                    }
                }
                Ok(())
            }))
            .append_element_content_handler(element!("[id]", |el| {
                if let Some(id) = el.get_attribute("id") {
                    found.borrow_mut().ids.insert(id);
                }
                Ok(())
            })),
    )
    .map_err(|e| e.to_string())?;
    Ok(found.into_inner())
}

/// The file a site path is served from, among `files` (paths relative to the site root:
/// `bai-viet/a/index.html`), if any.
pub fn target<'a, S: std::hash::BuildHasher>(files: &'a HashSet<String, S>, path: &str) -> Option<&'a str> {
    let rel = path.trim_start_matches('/');
    if rel.split('/').any(|p| p == ".." || p == ".") {
        return None;
    }
    let candidates = if rel.is_empty() || rel.ends_with('/') {
        vec![format!("{rel}index.html")]
    } else {
        vec![rel.to_string(), format!("{rel}/index.html")]
    };
    candidates
        .into_iter()
        .find_map(|c| files.get(&c).map(String::as_str))
}

/// What a link of a page is.
#[derive(Debug, PartialEq, Eq)]
pub enum Check {
    /// Another site, or a file of this one.
    Ok,
    /// A `#fragment`, to be checked against the ids of its page (`None`: this page).
    Fragment(Option<String>, String),
    /// Why it leads nowhere.
    Broken(String),
}

/// Checks a link (as written in a page) against the files of the build.
pub fn check_one<S: std::hash::BuildHasher>(href: &str, files: &HashSet<String, S>) -> Check {
    if href.starts_with("//") || href.contains(':') && !href.starts_with('/') && !href.starts_with('#') {
        return Check::Ok; // another site (or mailto:, tel:)
    }
    let (before_fragment, fragment) = match href.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (href, None),
    };
    let path = before_fragment.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        // `#x` or `?q=…#x`: this page.
        None
    } else if !path.starts_with('/') {
        return Check::Broken(format!(
            "liên kết tương đối `{href}`: mọi liên kết trong trang phải bắt đầu bằng /"
        ));
    } else {
        match target(files, path) {
            Some(t) => Some(t.to_string()),
            None => return Check::Broken(format!("liên kết hỏng `{href}`: không có tệp nào ở địa chỉ này")),
        }
    };
    match fragment.filter(|f| !f.is_empty()) {
        Some(f) if target.as_deref().is_none_or(|t| t.ends_with(".html")) => {
            Check::Fragment(target, f.to_string())
        }
        _ => Check::Ok,
    }
}

/// Every broken internal link of `pages` (by file), as `file:line: message`.
pub fn check(pages: &BTreeMap<String, PageLinks>, files: &HashSet<String>) -> Vec<String> {
    let mut problems = Vec::new();
    for (file, page) in pages {
        for (href, line) in &page.links {
            let at = format!("dist/{file}:{line}");
            match check_one(href, files) {
                Check::Ok => {}
                Check::Broken(why) => problems.push(format!("{at}: {why}")),
                Check::Fragment(target, id) => {
                    let ids = match &target {
                        None => Some(&page.ids),
                        Some(t) => pages.get(t).map(|p| &p.ids),
                    };
                    if ids.is_some_and(|ids| !ids.contains(&id)) {
                        problems.push(format!(
                            "{at}: liên kết `{href}`: trang không có phần tử id=\"{id}\""
                        ));
                    }
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_links_and_fragments_with_their_line() {
        let files: HashSet<String> = ["bai-viet/a/index.html", "index.html", "main.css", "media/x.png"]
            .map(String::from)
            .into();
        let index = "<a href=\"/bai-viet/a/#muc-1\">a</a>\n<link href=\"/main.css\">\n<a href=\"/bai-viet/b/\">b</a> <img src=\"/media/y.svg\" srcset=\"/media/x.png 1x, /media/z.png 2x\">\n<a href=\"https://x.vn/\">x</a> <a href=\"#tren\" id=\"tren\">top</a><a href='#khong'>no</a>\n<form action=\"/tim-kiem/\"></form><a href=\"bai-khac/\">r</a><a href=\"/bai-viet/a#muc-2\">m</a>";
        let a = "<h2 id=\"muc-1\">Mục 1</h2><a href=\"mailto:a@x.vn\">m</a>";
        let pages: BTreeMap<String, PageLinks> = [("index.html", index), ("bai-viet/a/index.html", a)]
            .into_iter()
            .map(|(f, h)| (f.to_string(), scan(h).unwrap()))
            .collect();
        let problems = check(&pages, &files);
        let expected = [
            "dist/index.html:3: liên kết hỏng `/bai-viet/b/`",
            "dist/index.html:3: liên kết hỏng `/media/y.svg`",
            "dist/index.html:3: liên kết hỏng `/media/z.png`",
            "dist/index.html:4: liên kết `#khong`: trang không có phần tử id=\"khong\"",
            "dist/index.html:5: liên kết hỏng `/tim-kiem/`",
            "dist/index.html:5: liên kết tương đối `bai-khac/`",
            "dist/index.html:5: liên kết `/bai-viet/a#muc-2`: trang không có phần tử id=\"muc-2\"",
        ];
        assert_eq!(problems.len(), expected.len(), "{problems:#?}");
        for (p, e) in problems.iter().zip(expected) {
            assert!(p.starts_with(e), "{p}\nexpected {e}");
        }
        assert_eq!(target(&files, "/bai-viet/a"), Some("bai-viet/a/index.html"));
        assert_eq!(target(&files, "/../etc/passwd"), None);
    }
}
