//! Deployment tests: the release build in `dist/` served by real nginx with the shipped
//! `deploy/nginx.conf`: every URL a real page, the 404 page, caching and security
//! headers, precompressed files, feeds; then Chromium on it: the page reads fully with
//! scripts off, and with scripts on the app starts under the Content-Security-Policy
//! with no layout shift and no second fetch, and renders the pages the reader goes to.
//!
//! Build first (`cargo xtask test` does). Run one: `cargo test --test deploy -- headers`.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::json;

use support::browser::{Context, Driver, Page, R};
use support::nginx::{get, Nginx, Response};
use support::xml;

const ARTICLE: &str = "/bai-viet/hoi-nghi-tong-ket-dan-van-kheo/";
const ARTICLE_TITLE: &str = "Hội nghị tổng kết “Dân vận khéo”";
const BASE_URL: &str = "https://uminhthuong.example.gov.vn";

struct Env {
    rt: tokio::runtime::Runtime,
    nginx: Nginx,
    driver: Driver,
    dist: PathBuf,
}

type HttpFn = for<'a> fn(&'a Env) -> Pin<Box<dyn Future<Output = R> + 'a>>;
type PageFn = for<'a> fn(&'a Env, &'a Page) -> Pin<Box<dyn Future<Output = R> + 'a>>;

enum Test {
    Http(HttpFn),
    Browser(u32, u32, PageFn),
}

fn tests() -> Vec<(&'static str, Test)> {
    macro_rules! http {
        ($name:ident) => {
            (stringify!($name), Test::Http(|e| Box::pin($name(e))))
        };
    }
    macro_rules! page {
        ($name:ident, $w:expr, $h:expr) => {
            (
                stringify!($name),
                Test::Browser($w, $h, |e, p| Box::pin($name(e, p))),
            )
        };
    }
    vec![
        http!(deep_links_answer_200_with_the_page_in_the_html),
        http!(link_previews_are_in_the_html),
        http!(unknown_paths_answer_404_with_the_vietnamese_page),
        http!(caching_and_content_types),
        http!(security_headers_everywhere),
        http!(precompressed_files_are_served),
        http!(feeds_sitemap_and_robots),
        http!(build_files_are_not_served),
        http!(document_filters_are_real_pages),
        http!(downloads_answer_with_their_type),
        http!(static_pages_in_two_languages),
        http!(every_page_has_a_title_of_its_own),
        page!(reads_fully_without_scripts, 390, 800),
        page!(app_starts_under_the_csp_without_a_jump, 390, 800),
    ]
}

fn main() {
    let mut args = Arguments::from_args();
    args.test_threads.get_or_insert(1);
    let env: Option<Arc<Env>> = (!args.list).then(|| Arc::new(setup()));
    let trials = tests()
        .into_iter()
        .map(|(name, test)| {
            let env = env.clone();
            Trial::test(name, move || {
                let env = env.expect("environment");
                let result = env.rt.block_on(async {
                    match test {
                        Test::Http(f) => f(&env).await,
                        Test::Browser(w, h, f) => {
                            let page = Page::open(&env.driver, &env.nginx.base, w, h).await?;
                            let result = f(&env, &page).await;
                            let result = match result {
                                Err(e) => match page.screenshot(&format!("deploy-{name}")).await {
                                    Some(p) => Err(format!("{e}\n(screenshot: {})", p.display())),
                                    None => Err(e),
                                },
                                ok => ok,
                            };
                            page.close().await;
                            result
                        }
                    }
                });
                result.map_err(Failed::from)
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    drop(env);
    conclusion.exit();
}

fn setup() -> Env {
    let dist = std::env::var_os("PORTAL_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist"));
    assert!(
        dist.join("404.html").exists(),
        "{} has no release build: run `cargo xtask test` (or `trunk build --release`) first",
        dist.display()
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    Env {
        rt,
        nginx: Nginx::start(&dist),
        driver: Driver::start(),
        dist,
    }
}

async fn fetch(e: &Env, path: &str) -> R<Response> {
    get(&e.nginx.base, path, &[]).await
}

/// The hashed asset of the build with this extension (e.g. `_bg.wasm`, `.css`).
fn asset(e: &Env, suffix: &str, prefix: &str) -> R<String> {
    std::fs::read_dir(&e.dist)
        .ctx("dist")?
        .filter_map(|f| f.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with(prefix) && n.ends_with(suffix))
        .map(|n| format!("/{n}"))
        .ok_or_else(|| format!("no {prefix}*{suffix} in dist"))
}

async fn deep_links_answer_200_with_the_page_in_the_html(e: &Env) -> R {
    let r = fetch(e, ARTICLE).await?;
    check!(r.status == 200, "{ARTICLE}: {}", r.status);
    check!(
        r.header("content-type") == Some("text/html; charset=utf-8"),
        "type {:?}",
        r.header("content-type")
    );
    let html = r.text();
    for needed in [
        "<html lang=\"vi\">",
        &format!("<h1 class=\"article-title\">{ARTICLE_TITLE}</h1>"),
        "<time datetime=\"2020-08-10T13:19:00+07:00\" class=\"stamp\">(13:19 | 10/08/2020)</time>",
        "<p>Một là, tăng cường công tác tuyên truyền",
        "Các tin khác",
        "Cổng thông tin điện tử huyện U Minh Thượng",
        "Nội dung mẫu",
        "href=\"/chuyen-muc/su-kien-noi-bat/\"",
    ] {
        check!(html.contains(needed), "{ARTICLE} HTML lacks {needed}");
    }
    // The same page without the trailing slash, a section's second page, the home page.
    check!(
        fetch(e, ARTICLE.trim_end_matches('/')).await?.status == 200,
        "no trailing slash"
    );
    let page2 = fetch(e, "/chuyen-muc/su-kien-noi-bat/trang/1/").await?;
    check!(
        page2.status == 200 && page2.text().contains("Trang 1"),
        "section page 1: {}",
        page2.status
    );
    check!(
        page2
            .text()
            .contains("aria-current=\"page\" aria-label=\"Trang 1\">1</a>"),
        "page 1 not marked current in the HTML"
    );
    let home = fetch(e, "/").await?;
    check!(
        home.status == 200 && home.text().contains("id=\"noi-bat\""),
        "home: {}",
        home.status
    );
    Ok(())
}

async fn link_previews_are_in_the_html(e: &Env) -> R {
    let html = fetch(e, ARTICLE).await?.text();
    let url = format!("{BASE_URL}{ARTICLE}");
    for needed in [
        format!("<title>{ARTICLE_TITLE} – Cổng thông tin điện tử huyện U Minh Thượng</title>"),
        "<meta name=\"description\" content=\"Sáng 10/8, Ban Dân vận Huyện ủy".to_string(),
        format!("<link rel=\"canonical\" href=\"{url}\">"),
        format!("<meta property=\"og:title\" content=\"{ARTICLE_TITLE}\">"),
        "<meta property=\"og:description\" content=\"Sáng 10/8".to_string(),
        format!("<meta property=\"og:image\" content=\"{BASE_URL}/media/hoi-truong-co-do.svg\">"),
        format!("<meta property=\"og:url\" content=\"{url}\">"),
        "<meta property=\"og:type\" content=\"article\">".to_string(),
        "<meta property=\"article:published_time\" content=\"2020-08-10T13:19:00+07:00\">".to_string(),
        "<link rel=\"alternate\" type=\"application/rss+xml\"".to_string(),
    ] {
        check!(html.contains(&needed), "{ARTICLE} head lacks {needed}");
    }
    let section = fetch(e, "/chuyen-muc/thong-bao/").await?.text();
    check!(
        section.contains("<title>Thông báo – Cổng thông tin"),
        "section title"
    );
    check!(
        section.contains("href=\"/chuyen-muc/thong-bao/rss.xml\""),
        "section feed link"
    );
    Ok(())
}

async fn unknown_paths_answer_404_with_the_vietnamese_page(e: &Env) -> R {
    for path in [
        "/khong-co-trang-nay/",
        "/bai-viet/bai-khong-ton-tai/",
        "/chuyen-muc/su-kien-noi-bat/trang/99/",
        "/a.php",
    ] {
        let r = fetch(e, path).await?;
        check!(r.status == 404, "{path}: {}", r.status);
        let html = r.text();
        check!(
            html.contains("<h1>Không tìm thấy trang</h1>") && html.contains("Về trang chủ"),
            "{path}: not the 404 page"
        );
        check!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{path}: 404 page indexable"
        );
    }
    let json = fetch(e, "/api/v2/articles/khong-co.json").await?;
    check!(json.status == 404, "missing JSON: {}", json.status);
    Ok(())
}

async fn caching_and_content_types(e: &Env) -> R {
    let immutable = "public, max-age=31536000, immutable";
    for (prefix, suffix, ctype) in [
        ("portal-", "_bg.wasm", "application/wasm"),
        ("portal-", ".js", "application/javascript"),
        ("boot-", ".js", "application/javascript"),
        ("main-", ".css", "text/css"),
    ] {
        let path = asset(e, suffix, prefix)?;
        let r = fetch(e, &path).await?;
        check!(r.status == 200, "{path}: {}", r.status);
        check!(
            r.header("cache-control") == Some(immutable),
            "{path}: Cache-Control {:?}",
            r.header("cache-control")
        );
        check!(
            r.header("content-type").is_some_and(|t| t.starts_with(ctype)),
            "{path}: type {:?}",
            r.header("content-type")
        );
    }
    for (path, ctype) in [
        ("/", "text/html"),
        (ARTICLE, "text/html"),
        ("/api/v2/site.json", "application/json"),
        (
            "/api/v2/articles/hoi-nghi-tong-ket-dan-van-kheo.json",
            "application/json",
        ),
        ("/rss.xml", "text/xml"),
        ("/media/bieu-trung.svg", "image/svg+xml"),
        // The service worker is checked at every visit: a deploy reaches readers at once.
        ("/sw.js", "application/javascript"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/icon-192.png", "image/png"),
        ("/ngoai-tuyen.html", "text/html"),
    ] {
        let r = fetch(e, path).await?;
        check!(r.status == 200, "{path}: {}", r.status);
        check!(
            r.header("cache-control") == Some("no-cache"),
            "{path}: Cache-Control {:?}",
            r.header("cache-control")
        );
        check!(
            r.header("content-type").is_some_and(|t| t.starts_with(ctype)),
            "{path}: type {:?}",
            r.header("content-type")
        );
    }
    Ok(())
}

async fn security_headers_everywhere(e: &Env) -> R {
    let wasm = asset(e, "_bg.wasm", "portal-")?;
    let index = std::fs::read_to_string(e.dist.join("index.html")).ctx("index.html")?;
    for path in ["/", ARTICLE, "/khong-co/", "/api/v2/site.json", wasm.as_str()] {
        let r = fetch(e, path).await?;
        let csp = r
            .header("content-security-policy")
            .ok_or(format!("{path}: no CSP"))?;
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .ok_or("no script-src")?;
        check!(
            !script_src.contains("unsafe-inline") && !script_src.contains("'unsafe-eval'"),
            "{path}: {script_src}"
        );
        // Only the build's own scripts run: its inline script by hash, and what that
        // loads ('strict-dynamic' makes CSP 3 browsers ignore 'self').
        check!(
            script_src.starts_with("script-src 'strict-dynamic' 'sha256-")
                && script_src.contains("'wasm-unsafe-eval'"),
            "{path}: {script_src}"
        );
        check!(
            csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"),
            "{path}: {csp}"
        );
        check!(
            r.header("x-content-type-options") == Some("nosniff"),
            "{path}: nosniff"
        );
        check!(
            r.header("referrer-policy") == Some("strict-origin-when-cross-origin"),
            "{path}: Referrer-Policy"
        );
        check!(
            r.header("permissions-policy")
                .is_some_and(|p| p.contains("camera=()")),
            "{path}: Permissions-Policy"
        );
        // The one inline script of the pages is allowed by its hash, and only it.
        let hashes = script_src.matches("'sha256-").count();
        check!(hashes == 1, "{path}: {hashes} script hashes");
        check!(
            index.matches("<script>").count() == 1,
            "the pages have more than one inline script"
        );
    }
    Ok(())
}

async fn precompressed_files_are_served(e: &Env) -> R {
    // The app's files: the build's brotli and gzip copies.
    let wasm = asset(e, "_bg.wasm", "portal-")?;
    let file = wasm.trim_start_matches('/');
    for (accept, encoding, ext) in [("br, gzip", "br", "br"), ("gzip", "gzip", "gz")] {
        let r = get(&e.nginx.base, &wasm, &[("Accept-Encoding", accept)]).await?;
        check!(
            r.header("content-encoding") == Some(encoding),
            "{wasm} ({accept}): {:?}",
            r.header("content-encoding")
        );
        let on_disk = std::fs::read(e.dist.join(format!("{file}.{ext}"))).ctx("precompressed file")?;
        check!(
            r.body == on_disk,
            "{wasm}: the {encoding} body is not the build's .{ext} file"
        );
        check!(
            r.header("vary").is_some_and(|v| v.contains("Accept-Encoding")),
            "{wasm}: no Vary"
        );
    }
    // Pages, feeds and data: compressed by the server as it sends them.
    for (path, file) in [
        (ARTICLE, format!("{}index.html", ARTICLE.trim_start_matches('/'))),
        ("/rss.xml", "rss.xml".to_string()),
        ("/api/v2/home.json", "api/v2/home.json".to_string()),
    ] {
        let r = get(&e.nginx.base, path, &[("Accept-Encoding", "br, gzip")]).await?;
        check!(
            r.header("content-encoding") == Some("gzip"),
            "{path}: {:?}",
            r.header("content-encoding")
        );
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&r.body[..]), &mut body)
            .ctx("gzip body")?;
        check!(
            body == std::fs::read(e.dist.join(&file)).ctx("page")?,
            "{path}: the gzip body is not the page"
        );
        check!(
            !e.dist.join(format!("{file}.gz")).exists(),
            "{path}: a precompressed copy of a page"
        );
    }
    for path in [wasm.as_str(), ARTICLE] {
        let plain = fetch(e, path).await?;
        check!(
            plain.header("content-encoding").is_none(),
            "{path} sent compressed to a client that did not ask"
        );
    }
    Ok(())
}

async fn feeds_sitemap_and_robots(e: &Env) -> R {
    let rss = fetch(e, "/rss.xml").await?.text();
    check!(
        rss.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "rss.xml head"
    );
    let items = xml::rss_items(&rss).map_err(|e| format!("rss.xml: {e}"))?;
    check!(items.len() == 20, "{} items in rss.xml", items.len());
    check!(rss.contains("<language>vi</language>"), "no language");
    // RFC 822 dates in Vietnam time.
    check!(rss.contains(" +0700</pubDate>"), "pubDate not in +0700");
    check!(
        !rss.contains("&nbsp;") && !rss.contains("<script"),
        "rss.xml has HTML"
    );
    let section = fetch(e, "/chuyen-muc/thong-bao/rss.xml").await?;
    check!(section.status == 200, "thong-bao feed: {}", section.status);
    let section_items = xml::rss_items(&section.text()).map_err(|e| format!("thong-bao feed: {e}"))?;
    check!(
        section_items.len() == 6,
        "{} items in the thong-bao feed",
        section_items.len()
    );

    // An index of sitemap files (the protocol's limit is 50,000 URLs a file).
    let index = xml::sitemap_index(&fetch(e, "/sitemap.xml").await?.text())?;
    check!(
        index.iter().any(|(u, _)| u.ends_with("/sitemap-trang.xml"))
            && index
                .iter()
                .any(|(u, _)| u.ends_with("/sitemap-bai-viet-2020.xml")),
        "sitemap index: {index:?}"
    );
    let mut sitemap = Vec::new();
    for (url, lastmod) in &index {
        let path = url
            .strip_prefix(BASE_URL)
            .ok_or(format!("sitemap index entry {url}"))?;
        let part = xml::sitemap_urls(&fetch(e, path).await?.text()).map_err(|e| format!("{path}: {e}"))?;
        let newest = part.iter().filter_map(|(_, m)| m.clone()).max();
        check!(
            newest == *lastmod,
            "{path}: index says {lastmod:?}, newest entry {newest:?}"
        );
        sitemap.extend(part);
    }
    let articles = std::fs::read_dir(e.dist.join("bai-viet"))
        .ctx("bai-viet")?
        .count();
    check!(
        sitemap.len() > articles + 5,
        "{} URLs in the sitemap for {articles} articles",
        sitemap.len()
    );
    // Dated pages carry lastmod; the static pages (introduction, contact…) have no date.
    let undated: Vec<&String> = sitemap
        .iter()
        .filter(|(_, m)| m.is_none())
        .map(|(u, _)| u)
        .collect();
    check!(
        undated
            .iter()
            .all(|u| !u.contains("/bai-viet/") && !u.contains("/van-ban/") || u.ends_with("/van-ban/")),
        "articles or documents without lastmod: {undated:?}"
    );
    let entry = |path: &str| sitemap.iter().find(|(u, _)| *u == format!("{BASE_URL}{path}"));
    for path in ["/van-ban/", "/gioi-thieu/", "/en/contact/"] {
        check!(entry(path).is_some(), "sitemap lacks {path}");
    }
    check!(
        entry("/van-ban/256-kh-ubnd-2025/").and_then(|(_, m)| m.as_deref()) == Some("2025-03-28"),
        "document entry"
    );
    check!(
        entry(ARTICLE).and_then(|(_, m)| m.as_deref()) == Some("2020-08-10T13:19:00+07:00"),
        "article entry"
    );
    let robots = fetch(e, "/robots.txt").await?;
    check!(
        robots
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/plain")),
        "robots.txt type"
    );
    check!(
        robots.text() == format!("User-agent: *\nAllow: /\n\nSitemap: {BASE_URL}/sitemap.xml\n"),
        "robots.txt: {}",
        robots.text()
    );
    Ok(())
}

async fn document_filters_are_real_pages(e: &Env) -> R {
    // Each single filter is a page of its own, readable without scripts.
    for (path, h1, listed, not_listed) in [
        ("/van-ban/", "Văn bản", "Kế hoạch số 256/KH-UBND", ""),
        (
            "/van-ban/loai/cong-van/",
            "Văn bản: Công văn",
            "1029-CV/HU",
            "256/KH-UBND",
        ),
        (
            "/van-ban/co-quan/uy-ban-nhan-dan-huyen/",
            "Văn bản: Ủy ban nhân dân huyện",
            "256/KH-UBND",
            "1029-CV/HU",
        ),
        ("/van-ban/nam/2024/", "Văn bản: 2024", "1029-CV/HU", "256/KH-UBND"),
    ] {
        let r = fetch(e, path).await?;
        check!(r.status == 200, "{path}: {}", r.status);
        let html = r.text();
        // What the page shows (the data embedded for the app lists every document).
        let html = html
            .split_once("<main")
            .and_then(|(_, m)| m.split_once("</main>"))
            .map_or("", |(m, _)| m);
        check!(
            html.contains(&format!("<h1 class=\"page-title\">{h1}</h1>")),
            "{path}: no heading {h1}"
        );
        check!(html.contains(listed), "{path} does not list {listed}");
        check!(
            not_listed.is_empty() || !html.contains(not_listed),
            "{path} lists {not_listed}"
        );
    }
    let doc = fetch(e, "/van-ban/256-kh-ubnd-2025/").await?;
    check!(doc.status == 200, "document page: {}", doc.status);
    for needed in [
        "<h1 class=\"article-title\">Kế hoạch số 256/KH-UBND</h1>",
        "<dt>Ngày ban hành</dt>",
        "28/03/2025",
        "Huỳnh Thị Mỹ Duyên",
        "href=\"/files/256-kh-ubnd.pdf\"",
        "(PDF, 3 KB)",
    ] {
        check!(doc.text().contains(needed), "document page lacks {needed}");
    }
    for path in [
        "/van-ban/loai/khong-co-loai-nay/",
        "/van-ban/nam/1999/",
        "/van-ban/khong-co-van-ban-nay/",
        "/van-ban/trang/99/",
    ] {
        let r = fetch(e, path).await?;
        check!(r.status == 404, "{path}: {}", r.status);
    }
    Ok(())
}

async fn downloads_answer_with_their_type(e: &Env) -> R {
    for (path, kind) in [
        ("/files/256-kh-ubnd.pdf", "application/pdf"),
        (
            "/files/256-kh-ubnd-phu-luc.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "/files/77-bc-ubnd-phu-luc.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ] {
        let r = fetch(e, path).await?;
        check!(r.status == 200, "{path}: {}", r.status);
        check!(
            r.header("content-type") == Some(kind),
            "{path}: type {:?}",
            r.header("content-type")
        );
        let name = path.trim_start_matches("/files/");
        let original = std::fs::read(
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("content/files")
                .join(name),
        )
        .ctx(name)?;
        check!(r.body == original, "{path}: not the file in content/files");
        // An attachment is a download in a sandbox, whatever a browser could show.
        check!(
            r.header("content-disposition") == Some("attachment"),
            "{path}: Content-Disposition {:?}",
            r.header("content-disposition")
        );
        check!(
            r.header("content-security-policy")
                .is_some_and(|c| c.starts_with("sandbox; default-src 'none'")),
            "{path}: CSP {:?}",
            r.header("content-security-policy")
        );
        check!(
            r.header("x-content-type-options") == Some("nosniff"),
            "{path}: nosniff"
        );
    }
    // Images: sandboxed, shown (not downloaded); a file no content refers to is not there.
    let img = fetch(e, "/media/hoi-truong-co-do.svg").await?;
    check!(img.status == 200, "image: {}", img.status);
    check!(
        img.header("content-security-policy")
            .is_some_and(|c| c.starts_with("sandbox; default-src 'none'")),
        "image CSP {:?}",
        img.header("content-security-policy")
    );
    check!(
        img.header("content-disposition").is_none(),
        "image served as a download"
    );
    let published: Vec<String> = std::fs::read_dir(e.dist.join("media"))
        .ctx("media")?
        .filter_map(|f| f.ok()?.file_name().into_string().ok())
        .filter(|n| !n.ends_with(".br") && !n.ends_with(".gz"))
        .collect();
    let in_content = std::fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content/media"))
        .ctx("content/media")?
        .count();
    check!(
        !published.is_empty() && published.len() <= in_content,
        "{} media files published of {in_content}",
        published.len()
    );
    Ok(())
}

async fn static_pages_in_two_languages(e: &Env) -> R {
    let en = fetch(e, "/en/contact/").await?;
    check!(en.status == 200, "/en/contact/: {}", en.status);
    let en = en.text();
    for needed in [
        "<html lang=\"en\">".to_string(),
        "<meta property=\"og:locale\" content=\"en_US\">".to_string(),
        "<h1 class=\"article-title\">Contact</h1>".to_string(),
        format!("<link rel=\"alternate\" hreflang=\"vi\" href=\"{BASE_URL}/lien-he/\">"),
        format!("<link rel=\"alternate\" hreflang=\"en\" href=\"{BASE_URL}/en/contact/\">"),
        "<a href=\"/lien-he/\" lang=\"vi\" hreflang=\"vi\">Tiếng Việt</a>".to_string(),
    ] {
        check!(en.contains(&needed), "/en/contact/ lacks {needed}");
    }
    // The portal's own name and menu stay Vietnamese, marked as such.
    check!(
        en.contains("<header lang=\"vi\""),
        "/en/contact/: header not marked lang=vi"
    );
    let vi = fetch(e, "/lien-he/").await?.text();
    check!(
        vi.contains("<html lang=\"vi\">")
            && vi.contains(&format!(
                "<link rel=\"alternate\" hreflang=\"en\" href=\"{BASE_URL}/en/contact/\">"
            )),
        "/lien-he/ has no English alternate"
    );
    let services = fetch(e, "/dich-vu-cong/").await?.text();
    check!(
        services.contains("href=\"https://dichvucong.gov.vn/\""),
        "/dich-vu-cong/ does not link the national portal"
    );
    for path in ["/gioi-thieu/", "/co-cau-to-chuc/", "/en/organisation/"] {
        let r = fetch(e, path).await?;
        check!(r.status == 200, "{path}: {}", r.status);
    }
    Ok(())
}

async fn build_files_are_not_served(e: &Env) -> R {
    for path in ["/.nginx/security-headers.conf", "/_headers"] {
        let r = fetch(e, path).await?;
        check!(r.status == 404, "{path}: {}", r.status);
    }
    Ok(())
}

async fn reads_fully_without_scripts(_e: &Env, p: &Page) -> R {
    p.cdp("Emulation.setScriptExecutionDisabled", json!({ "value": true }))
        .await?;
    p.goto(ARTICLE).await?;
    for (css, text) in [
        ("h1", ARTICLE_TITLE),
        ("article time", "(13:19 | 10/08/2020)"),
        (".article-body li:last-child", "Bốn là"),
        (".related h2", "CÁC TIN KHÁC"),
        (".site-footer", "Điện thoại"),
    ] {
        let el = p.find(css).await?;
        check!(
            el.is_displayed().await.ctx("displayed")?,
            "{css} hidden without scripts"
        );
        let t = el.text().await.ctx("text")?;
        check!(t.contains(text), "{css}: “{t}”");
    }
    // Controls that need the app are not offered.
    for css in [".display-menu", ".print-button"] {
        check!(
            p.style(css, "display").await? == "none",
            "{css} shown without scripts"
        );
    }
    // A link is plain navigation: the section page loads and reads too.
    p.find(".breadcrumb a[href='/chuyen-muc/su-kien-noi-bat/']")
        .await?
        .click()
        .await
        .ctx("breadcrumb")?;
    p.poll(10, "the section page", || async {
        Ok((p.path().await? == "/chuyen-muc/su-kien-noi-bat/").then_some(()))
    })
    .await?;
    let h1 = p.find("h1").await?.text().await.ctx("h1")?;
    check!(h1.contains("Sự kiện nổi bật"), "section h1 “{h1}”");
    check!(
        (10..20).contains(&p.count(".section-list .summary").await?),
        "section list without scripts"
    );
    // Search says it needs scripts, and offers the sections.
    p.goto("/tim-kiem/?q=dan+van").await?;
    let note = p.find(".search-noscript").await?;
    check!(
        note.is_displayed().await.ctx("note")?,
        "no message on the search page without scripts"
    );
    check!(
        note.text().await.ctx("text")?.contains("cần JavaScript"),
        "search message"
    );
    check!(
        p.count(".search-noscript a[href^='/chuyen-muc/']").await? >= 4,
        "no section links"
    );
    Ok(())
}

async fn app_starts_under_the_csp_without_a_jump(e: &Env, p: &Page) -> R {
    // Record CSP violations and layout shifts from the very start of every page.
    p.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "window.__csp = []; document.addEventListener('securitypolicyviolation', ev => window.__csp.push(ev.violatedDirective + ' ' + ev.blockedURI)); window.__shift = 0; new PerformanceObserver(l => { for (const x of l.getEntries()) if (!x.hadRecentInput) window.__shift += x.value; }).observe({ type: 'layout-shift', buffered: true });" }),
    )
    .await?;
    p.goto(ARTICLE).await?;
    p.wait_app().await?;
    p.js("window.__sameDocument = true").await?;
    // Let the app settle, then: no violation, no shift, the data was not fetched again.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let csp = p.js("return window.__csp").await?;
    check!(csp == json!([]), "CSP violations: {csp}");
    let shift = p.js_f64("window.__shift").await?;
    check!(shift == 0.0, "layout shift {shift} when the app took over");
    // The page is whole: the app asks only for the site's data (menu, footer), once.
    let fetched = p
        .js("return performance.getEntriesByType('resource').filter(r => r.name.includes('/api/v2/')).map(r => new URL(r.name).pathname)")
        .await?;
    check!(
        fetched == json!(["/api/v2/site.json"]),
        "API requests when the app started: {fetched}"
    );
    let h1 = p.find("main h1").await?.text().await.ctx("h1")?;
    check!(h1 == ARTICLE_TITLE, "after the app started the heading is “{h1}”");
    // The page's controls work on the prerendered page.
    p.click_js(".text-size-larger").await?;
    check!(
        p.style("html", "font-size").await? == "20px",
        "A+ did not work before the first navigation"
    );
    p.click_js(".text-size-reset").await?;

    // Client-side navigation under the CSP.
    p.click_js("main .related a").await?;
    p.poll(10, "another article", || async {
        Ok((p.path().await? != ARTICLE).then_some(()))
    })
    .await?;
    p.find(".article-title").await?;
    p.click_js(".breadcrumb a[href^='/chuyen-muc/']").await?;
    p.poll(10, "the section", || async {
        Ok(p.path().await?.starts_with("/chuyen-muc/").then_some(()))
    })
    .await?;
    p.wait_text("main h1", "Sự kiện nổi bật").await?;
    check!(
        p.js("return window.__sameDocument === true").await? == json!(true),
        "navigation reloaded the page"
    );
    let csp = p.js("return window.__csp").await?;
    check!(csp == json!([]), "CSP violations while browsing: {csp}");

    // The inline script (allowed by its hash) applies a stored text size before paint.
    p.js("localStorage.setItem('co-chu', '2')").await?;
    p.goto(ARTICLE).await?;
    check!(
        p.style("html", "font-size").await? == "24px",
        "stored text size not applied under the CSP"
    );
    p.wait_app().await?;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    check!(p.js_f64("window.__shift").await? == 0.0, "layout shift at 150 %");
    check!(
        p.js("return window.__csp").await? == json!([]),
        "CSP violations at 150 %"
    );
    let _ = e;
    Ok(())
}

/// WCAG 2.4.2: every page the build wrote has a title, and no two the same (a list's
/// pages say their number), as nginx serves them.
async fn every_page_has_a_title_of_its_own(e: &Env) -> R {
    fn pages(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
        for f in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = f.path();
            if p.is_dir() && !f.file_name().to_string_lossy().starts_with('.') {
                pages(&p, root, out);
            } else if f.file_name() == "index.html" {
                let rel = p
                    .parent()
                    .unwrap()
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push(if rel.is_empty() {
                    "/".into()
                } else {
                    format!("/{rel}/")
                });
            }
        }
    }
    let mut paths = Vec::new();
    pages(&e.dist, &e.dist, &mut paths);
    paths.sort();
    check!(paths.len() > 80, "only {} pages", paths.len());
    let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for path in &paths {
        let html = fetch(e, path).await?.text();
        let title = html
            .split_once("<title>")
            .and_then(|(_, t)| t.split_once("</title>"))
            .map(|(t, _)| t.trim().to_string())
            .unwrap_or_default();
        check!(!title.is_empty(), "{path}: no title");
        if let Some(other) = seen.insert(title.clone(), path.clone()) {
            return Err(format!("{path} and {other} are both titled “{title}”"));
        }
    }
    Ok(())
}
