//! Reading with no signal: the offline page and the service worker's file.
//!
//! The offline page is what the service worker shows for a page never read when there
//! is no network: the site's header and footer (the 404 page's, rendered by the app's
//! components), a Vietnamese explanation, "Thử lại", and the articles saved on this
//! phone (`<bai-da-luu>`, which controls.js fills from the service worker's caches).
//! The service worker (`src/sw.js`) is published as `/sw.js` with this build's list of
//! files before it: a new deploy is a new worker, which replaces the old files.

use lol_html::html_content::ContentType;
use lol_html::{element, rewrite_str, RewriteStrSettings};
use serde::Serialize;

/// The offline page's file (also its address).
pub const OFFLINE_PAGE: &str = "ngoai-tuyen.html";

/// The offline page's title.
pub const OFFLINE_TITLE: &str = "Không có kết nối mạng";

/// What the offline page says (fixed text: nothing from content).
const OFFLINE_MAIN: &str = "\n<div class=\"offline\">\n\
<h1>Không có kết nối mạng</h1>\n\
<p>Trang này chưa được lưu trên máy của bạn nên chưa mở được khi không có mạng. \
Khi có sóng trở lại, bấm “Thử lại”.</p>\n\
<p class=\"offline-actions\"><button type=\"button\" class=\"button reload-button\">Thử lại</button> \
<a class=\"button button-secondary\" href=\"/\">Về trang chủ</a></p>\n\
<bai-da-luu></bai-da-luu>\n\
</div>";

/// The offline page, made from the 404 page (`not_found`): its title, description and
/// main content replaced; its address tags (canonical, Open Graph) removed: it has none.
pub fn offline_page(not_found: &str, site_name: &str) -> Result<String, String> {
    let title = format!("{OFFLINE_TITLE} – {site_name}");
    let mut main = 0;
    let page = rewrite_str(
        not_found,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("title", |el| {
                el.set_inner_content(&title, ContentType::Text);
                Ok(())
            }))
            .append_element_content_handler(element!("meta[name=description]", |el| {
                el.set_attribute("content", "Trang này chưa được lưu để đọc khi không có mạng.")?;
                Ok(())
            }))
            .append_element_content_handler(element!("link[rel=canonical], meta[property]", |el| {
                el.remove();
                Ok(())
            }))
            .append_element_content_handler(element!("main", |el| {
                main += 1;
                el.set_inner_content(OFFLINE_MAIN, ContentType::Html);
                Ok(())
            })),
    )
    .map_err(|e| format!("trang ngoại tuyến: {e}"))?;
    if main != 1 {
        return Err(format!("trang ngoại tuyến: trang 404 có {main} thẻ <main>"));
    }
    Ok(page)
}

/// What the service worker is told about this build.
#[derive(Serialize, Debug, PartialEq)]
pub struct WorkerBuild {
    /// Changes whenever anything below, or the worker's code, does.
    pub version: String,
    /// The page's own files (stylesheet, controls, emblem, icon), by site path.
    pub files: Vec<String>,
    /// The app's files (its loader, its JS, its Wasm): not fetched for a reader who saves
    /// data.
    pub app: Vec<String>,
    /// The offline page's site path.
    pub offline: String,
    /// Data every page of the app reads (the site's: menu, footer), saved when the
    /// worker starts: the first page a reader opened was read before it.
    pub data: Vec<String>,
}

impl WorkerBuild {
    /// `files` and `app` by their site paths, sorted; `offline_key` is a fingerprint of
    /// the offline page's bytes (and of the other unhashed files' bytes).
    pub fn new(
        mut files: Vec<String>,
        mut app: Vec<String>,
        data: Vec<String>,
        offline_key: u64,
        code: &str,
    ) -> WorkerBuild {
        use sha2::Digest;
        files.sort();
        app.sort();
        let offline = format!("/{OFFLINE_PAGE}");
        let mut h = sha2::Sha256::new();
        for part in files.iter().chain(&app).chain([&offline]).chain(&data) {
            h.update(part.as_bytes());
            h.update([0]);
        }
        h.update(offline_key.to_le_bytes());
        h.update(code.as_bytes());
        let version = h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
        WorkerBuild {
            version,
            files,
            app,
            offline,
            data,
        }
    }

    /// `sw.js`: the build's data, then the worker's code.
    pub fn script(&self, code: &str) -> String {
        let data = serde_json::to_string(self).expect("plain data");
        format!("const BUILD = {data};\n{code}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOT_FOUND: &str = "<!DOCTYPE html><html lang=\"vi\"><head><title>Không tìm thấy trang – X</title>\
<meta name=\"description\" content=\"Trang bạn tìm không tồn tại\"><link rel=\"canonical\" href=\"https://x.vn\">\
<meta property=\"og:title\" content=\"Không tìm thấy trang\"><meta name=\"robots\" content=\"noindex\"></head>\
<body><div id=\"app\"><header>Cổng</header><main id=\"noi-dung\"><h1>Không tìm thấy trang</h1></main><footer>UBND</footer></div></body></html>";

    #[test]
    fn the_offline_page_keeps_the_sites_frame_and_says_what_happened() {
        let page = offline_page(NOT_FOUND, "Cổng <b>& huyện").unwrap();
        assert!(
            page.contains("<title>Không có kết nối mạng – Cổng &lt;b&gt;&amp; huyện</title>"),
            "{page}"
        );
        assert!(page.contains("<header>Cổng</header>") && page.contains("<footer>UBND</footer>"));
        assert!(
            page.contains("<main id=\"noi-dung\">\n<div class=\"offline\">\n<h1>Không có kết nối mạng</h1>")
        );
        assert!(page.contains("<bai-da-luu></bai-da-luu>") && page.contains("Thử lại"));
        assert!(!page.contains("Không tìm thấy") && !page.contains("canonical") && !page.contains("og:"));
        assert!(page.contains("noindex"));
        assert!(offline_page("<html><body><p>x</p></body></html>", "X").is_err());
    }

    #[test]
    fn the_workers_version_follows_its_files_and_code() {
        let b = |files: &[&str], key, code| {
            WorkerBuild::new(
                files.iter().map(|s| s.to_string()).collect(),
                vec!["/portal-1.js".into()],
                vec!["/api/v2/site.json".into()],
                key,
                code,
            )
            .version
        };
        let v = b(&["/main-1.css"], 1, "x");
        assert_eq!(v, b(&["/main-1.css"], 1, "x"));
        assert_ne!(v, b(&["/main-2.css"], 1, "x"));
        assert_ne!(v, b(&["/main-1.css"], 2, "x"));
        assert_ne!(v, b(&["/main-1.css"], 1, "y"));
        let w = WorkerBuild::new(vec!["/b.svg".into(), "/a.css".into()], vec![], vec![], 0, "");
        assert_eq!(w.files, ["/a.css", "/b.svg"]);
        assert!(w.script("self;").starts_with(&format!(
            "const BUILD = {{\"version\":\"{}\",\"files\":[\"/a.css\",\"/b.svg\"],\"app\":[],\"offline\":\"/ngoai-tuyen.html\",\"data\":[]}};\nself;",
            w.version
        )));
    }
}
