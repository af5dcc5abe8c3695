//! The link checker: every site-relative `href`/`src` in the written pages must name a
//! file of the build.

use std::path::Path;

use crate::html::line_of;

/// Whether `path` (a URL path) is served by the build in `dist`.
pub fn resolves(dist: &Path, path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let rel = path.trim_start_matches('/');
    if rel.split('/').any(|p| p == "..") {
        return false;
    }
    let file = dist.join(rel);
    if path.ends_with('/') || rel.is_empty() {
        file.join("index.html").is_file()
    } else {
        file.is_file() || file.join("index.html").is_file()
    }
}

/// Broken internal links in `html` (written to `file`), as `file:line: message`.
pub fn check(dist: &Path, file: &Path, html: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut from = 0;
        while let Some(i) = html[from..].find(attr) {
            let start = from + i + attr.len();
            let end = html[start..].find('"').map_or(html.len(), |j| start + j);
            let target = &html[start..end];
            if target.starts_with('/') && !target.starts_with("//") && !resolves(dist, target) {
                problems.push(format!(
                    "{}:{}: liên kết hỏng `{target}`: không có tệp nào ở địa chỉ này",
                    file.display(),
                    line_of(html, start)
                ));
            }
            from = end;
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_links_with_their_line() {
        let dist = std::env::temp_dir().join(format!("portal-links-{}", std::process::id()));
        std::fs::create_dir_all(dist.join("bai-viet/a")).unwrap();
        std::fs::write(dist.join("bai-viet/a/index.html"), "").unwrap();
        std::fs::write(dist.join("main.css"), "").unwrap();
        let html = "<a href=\"/bai-viet/a/\">a</a>\n<link href=\"/main.css\">\n<a href=\"/bai-viet/b/\">b</a> <img src=\"/media/x.svg\">\n<a href=\"https://x.vn/\">x</a>";
        let problems = check(&dist, Path::new("dist/index.html"), html);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("dist/index.html:3: liên kết hỏng `/bai-viet/b/`"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("dist/index.html:3: liên kết hỏng `/media/x.svg`"),
            "{problems:?}"
        );
        assert!(resolves(&dist, "/bai-viet/a"));
        assert!(!resolves(&dist, "/../etc/passwd"));
        std::fs::remove_dir_all(&dist).unwrap();
    }
}
