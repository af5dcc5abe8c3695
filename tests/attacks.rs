//! The attack corpus: what content, an upload, a setting or a URL could carry to run
//! on the portal. Each case either is refused by the content build, with a Vietnamese
//! message at its `file:line`, or is shown as the inert text it is.
//!
//! - `refused::*`: a clean content folder with one thing wrong (a file published by
//!   accident, a symbolic link, an SVG with script in any disguise, a setting that
//!   would break out of its place, characters XML cannot hold, raw HTML, unsafe links,
//!   deep nesting, huge or broken files).
//! - `inert::*`: every payload of `tests/attacks/payloads.txt` in every text field of a
//!   site (titles, summaries, captions, alt texts, authors, document fields, static
//!   pages, settings), built with the app's shell; its feeds and sitemap must parse as
//!   XML, its robots.txt keep its lines, and its pages, opened directly and reached in
//!   the app, and the payloads as query strings, must set no marker and cause no CSP
//!   violation in headless Chromium, both on the shipped nginx configuration and on a
//!   header-less static host.
//!
//! Run one: `cargo test --test attacks -- refused::svg`.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::json;

use support::browser::{Context, Driver, Page, R};
use support::nginx::Nginx;
use support::server::Server;
use support::xml;

const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4"><title>Ảnh</title></svg>"#;
const PDF: &[u8] = b"%PDF-1.4\n%%EOF\n";

/// A TOML string (escaped by the toml crate).
fn t(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Text as Markdown shows it literally: every ASCII punctuation mark escaped.
fn md_text(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn payloads() -> Vec<String> {
    include_str!("attacks/payloads.txt")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

/// A content folder: with no payloads a small clean site; with payloads, each one in
/// every text field.
fn write_site(dir: &Path, payloads: &[String]) {
    for d in ["articles", "pages/en", "documents", "media", "files"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    let all = payloads.join(" ");
    let p = |i: usize| {
        payloads
            .get(i % payloads.len().max(1))
            .cloned()
            .unwrap_or_default()
    };
    let site = format!(
        "name = {}\nunit_name = {}\nunit_type = \"xã\"\ndescription = {}\nbase_url = \"https://xa.example.gov.vn\"\nemblem = \"/media/anh.svg\"\n\n\
         [contact]\naddress = {}\nphone = \"0297 000 0000\"\nemail = \"ubnd@xa.example.gov.vn\"\nfax = \"0297 000 0001\"\n\n\
         [[sections]]\nslug = \"tin\"\nname = {}\ndescription = {}\n\n\
         [[public_services]]\nname = {}\nurl = \"https://dichvucong.gov.vn\"\ndescription = {}\n\n\
         [[related_links]]\nname = {}\nurl = \"https://chinhphu.vn\"\n",
        t(&format!("Cổng thông tin xã Thử {}", p(0))),
        t(&format!("Ủy ban nhân dân xã Thử {}", p(1))),
        t(&format!("Trang thử. {all}")),
        t(&format!("Ấp 1 {}", p(2))),
        t(&format!("Tin tức {}", p(3))),
        t(&format!("Mô tả {}", p(4))),
        t(&format!("Dịch vụ công {}", p(5))),
        t(&p(6)),
        t(&format!("Liên kết {}", p(7))),
    );
    std::fs::write(dir.join("site.toml"), site).unwrap();
    std::fs::write(dir.join("media/anh.svg"), SVG).unwrap();
    std::fs::write(dir.join("files/a.pdf"), PDF).unwrap();
    let articles: Vec<String> = if payloads.is_empty() {
        vec!["Bài thử".to_string()]
    } else {
        payloads.to_vec()
    };
    for (i, payload) in articles.iter().enumerate() {
        let text = md_text(payload);
        let body = format!(
            "{text}\n\n## {text}\n\n- Một là, {text}\n- Hai là, [{text}](/chuyen-muc/tin/)\n\n> **{text}** *{text}*\n\n| {col} | Số |\n|---|---:|\n| {col} | 1 |\n\n![{text}](/media/anh.svg \"{text}\")\n",
            col = text.replace('|', "\\|"),
        );
        let front = format!(
            "+++\ntitle = {}\nslug = \"bai-{i}\"\npublished = 2024-0{}-1{}T08:00:00+07:00\ncategory = \"tin\"\nsummary = {}\nimage = \"/media/anh.svg\"\nimage_alt = {}\nimage_caption = {}\nauthor = {}\nfeatured = {}\n+++\n",
            t(&format!("Bài {i}: {payload}")),
            1 + i % 9,
            i % 10,
            t(payload),
            t(payload),
            t(payload),
            t(payload),
            i == 0,
        );
        std::fs::write(dir.join(format!("articles/bai-{i}.md")), front + "\n" + &body).unwrap();
        let doc = format!(
            "+++\nso_ky_hieu = {}\nloai = {}\nco_quan = {}\nngay_ban_hanh = 2024-03-1{}\nnguoi_ky = {}\ntrich_yeu = {}\nfiles = [\"a.pdf\"]\n+++\n{text}\n",
            t(&format!("{}/TB {}", i + 1, if payloads.is_empty() { "" } else { payload })),
            t(&format!("Công văn {}", if payloads.is_empty() { "" } else { payload })),
            t(&format!("Văn phòng {}", if payloads.is_empty() { "" } else { payload })),
            i % 10,
            t(payload),
            t(payload),
        );
        std::fs::write(dir.join(format!("documents/vb-{i}.md")), doc).unwrap();
    }
    let page = |slug: &str, lang: &str, translation: &str, title: &str| {
        format!(
            "+++\ntitle = {}\nslug = \"{slug}\"\nlang = \"{lang}\"\ntranslation = \"{translation}\"\ndescription = {}\n{}+++\n{}\n",
            t(&format!("{title} {}", p(8))),
            t(&p(9)),
            if lang == "vi" { "menu = \"after\"\npublic_services = true\n" } else { "" },
            md_text(&all),
        )
    };
    std::fs::write(
        dir.join("pages/lien-he.md"),
        page("lien-he", "vi", "en/contact", "Liên hệ"),
    )
    .unwrap();
    std::fs::write(
        dir.join("pages/en/contact.md"),
        page("en/contact", "en", "lien-he", "Contact"),
    )
    .unwrap();
}

fn temp_dir(what: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "portal-attacks-{what}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A case the content build must refuse: a change to the clean site, and where the
/// error is (file ending, line, words of the message).
struct Refused {
    name: &'static str,
    change: fn(&Path),
    file: &'static str,
    line: usize,
    says: &'static str,
}

fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let p = dir.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

/// Puts `text` at the top of the clean article's body: line 14.
fn body_top(dir: &Path, text: &str) {
    edit(dir, "articles/bai-0.md", "+++\n\n", &format!("+++\n\n{text}\n\n"));
}

/// The clean article's image becomes `/media/bad.svg` with these bytes.
fn bad_svg(dir: &Path, bytes: &[u8]) {
    std::fs::write(dir.join("media/bad.svg"), bytes).unwrap();
    edit(
        dir,
        "articles/bai-0.md",
        "image = \"/media/anh.svg\"",
        "image = \"/media/bad.svg\"",
    );
}

fn refused_cases() -> Vec<Refused> {
    macro_rules! case {
        ($name:literal, $file:literal, $line:expr, $says:literal, $change:expr) => {
            Refused {
                name: $name,
                change: $change,
                file: $file,
                line: $line,
                says: $says,
            }
        };
    }
    vec![
        // Files nobody meant to publish.
        case!(
            "html_in_media",
            "media/x.html",
            1,
            "tệp không được phép trong content/media",
            |d| { std::fs::write(d.join("media/x.html"), "<script>window.__pwned=1</script>").unwrap() }
        ),
        case!(
            "script_in_media",
            "media/x.js",
            1,
            "tệp không được phép",
            |d| { std::fs::write(d.join("media/x.js"), "window.__pwned=1").unwrap() }
        ),
        case!(
            "html_in_files",
            "files/x.html",
            1,
            "tệp không được phép trong content/files",
            |d| { std::fs::write(d.join("files/x.html"), "<script>window.__pwned=1</script>").unwrap() }
        ),
        case!(
            "svg_as_attachment_folder",
            "files/sub",
            1,
            "thư mục con",
            |d| { std::fs::create_dir_all(d.join("files/sub")).unwrap() }
        ),
        case!(
            "link_to_a_file_not_built",
            "articles/bai-0.md",
            14,
            "không dẫn tới trang nào",
            |d| body_top(d, "[tải](/x.html)")
        ),
        case!(
            "link_to_an_unpublishable_file",
            "articles/bai-0.md",
            14,
            "định dạng không được hỗ trợ",
            |d| body_top(d, "[tải](/files/x.html)")
        ),
        case!(
            "image_outside_media",
            "articles/bai-0.md",
            7,
            "phải là một tệp trong content/media",
            |d| {
                edit(
                    d,
                    "articles/bai-0.md",
                    "image = \"/media/anh.svg\"",
                    "image = \"/media/../site.toml\"",
                )
            }
        ),
        // Symbolic links.
        case!("symlink_as_attachment", "documents/vb-0.md", 8, "symlink", |d| {
            std::os::unix::fs::symlink("/etc/passwd", d.join("files/passwd.pdf")).unwrap();
            edit(
                d,
                "documents/vb-0.md",
                "files = [\"a.pdf\"]",
                "files = [\"passwd.pdf\"]",
            );
        }),
        case!(
            "unreferenced_symlink_in_media",
            "media/passwd.svg",
            1,
            "symlink",
            |d| { std::os::unix::fs::symlink("/etc/passwd", d.join("media/passwd.svg")).unwrap() }
        ),
        case!("symlinked_folder_in_media", "media/etc", 1, "symlink", |d| {
            std::os::unix::fs::symlink("/etc", d.join("media/etc")).unwrap()
        }),
        case!("symlinked_article", "articles/passwd.md", 1, "symlink", |d| {
            std::os::unix::fs::symlink("/etc/passwd", d.join("articles/passwd.md")).unwrap()
        }),
        // SVG with script, in every disguise seen.
        case!("svg_namespaced_script", "articles/bai-0.md", 7, "<script>", |d| {
            bad_svg(
            d,
            br#"<s:svg xmlns:s="http://www.w3.org/2000/svg" width="1" height="1"><s:script>window.__pwned=1</s:script></s:svg>"#
        )
        }),
        case!("svg_iso_2022_jp", "articles/bai-0.md", 7, "ISO-2022-JP", |d| {
            bad_svg(
            d,
            b"<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"><\x1b(Jscript>window.__pwned=1</script></svg>"
        )
        }),
        case!("svg_dtd_entity", "articles/bai-0.md", 7, "DTD", |d| {
            bad_svg(
            d,
            br#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "&#60;script&#62;window.__pwned=1&#60;/script&#62;">]><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">&x;</svg>"#
        )
        }),
        case!(
            "svg_javascript_entity",
            "articles/bai-0.md",
            7,
            "javascript:",
            |d| {
                bad_svg(
            d,
            br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><a href="javascript&#58;window.__pwned=1"><text>x</text></a></svg>"#
        )
            }
        ),
        case!("svg_onload", "articles/bai-0.md", 7, "onload", |d| bad_svg(
            d,
            br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" onload="window.__pwned=1"/>"#
        )),
        case!(
            "svg_foreign_object",
            "articles/bai-0.md",
            7,
            "<foreignObject>",
            |d| {
                bad_svg(
            d,
            br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:window.__pwned=1"/></foreignObject></svg>"#
        )
            }
        ),
        case!(
            "html_named_png",
            "articles/bai-0.md",
            7,
            "không phải ảnh PNG",
            |d| {
                std::fs::write(d.join("media/x.png"), "<html><script>window.__pwned=1</script>").unwrap();
                edit(
                    d,
                    "articles/bai-0.md",
                    "image = \"/media/anh.svg\"",
                    "image = \"/media/x.png\"",
                );
            }
        ),
        case!(
            "html_named_pdf",
            "documents/vb-0.md",
            8,
            "không phải PDF",
            |d| {
                std::fs::write(d.join("files/x.pdf"), "<html><script>window.__pwned=1</script>").unwrap();
                edit(
                    d,
                    "documents/vb-0.md",
                    "files = [\"a.pdf\"]",
                    "files = [\"x.pdf\"]",
                );
            }
        ),
        // Settings that would leave their place.
        case!("base_url_breaks_out", "site.toml", 5, "base_url", |d| edit(
            d,
            "site.toml",
            "base_url = \"https://xa.example.gov.vn\"",
            r#"base_url = "https://x.vn\"><script src=//evil.example/x.js></script>""#
        )),
        case!("base_url_adds_a_line", "site.toml", 5, "base_url", |d| edit(
            d,
            "site.toml",
            "base_url = \"https://xa.example.gov.vn\"",
            r#"base_url = "https://x.vn/\nSitemap: https://evil.example/s.xml""#
        )),
        case!(
            "base_url_with_path",
            "site.toml",
            5,
            "không có đường dẫn",
            |d| edit(
                d,
                "site.toml",
                "base_url = \"https://xa.example.gov.vn\"",
                "base_url = \"https://xa.example.gov.vn/x?y#z\""
            )
        ),
        case!(
            "email_adds_headers",
            "site.toml",
            11,
            "thư điện tử hợp lệ",
            |d| edit(
                d,
                "site.toml",
                "email = \"ubnd@xa.example.gov.vn\"",
                "email = \"ubnd@x.vn?cc=evil@example.com&body=x\""
            )
        ),
        case!(
            "phone_with_script",
            "site.toml",
            10,
            "số điện thoại hợp lệ",
            |d| edit(
                d,
                "site.toml",
                "phone = \"0297 000 0000\"",
                "phone = \"0297 000 0000\\\"><script>\""
            )
        ),
        case!(
            "related_link_javascript",
            "site.toml",
            26,
            "related_links.url",
            |d| edit(
                d,
                "site.toml",
                "url = \"https://chinhphu.vn\"",
                "url = \"javascript:window.__pwned=1\""
            )
        ),
        case!(
            "analytics_script_breaks_the_policy",
            "site.toml",
            28,
            "analytics.script",
            |d| {
                let p = d.join("site.toml");
                let text = std::fs::read_to_string(&p).unwrap();
                std::fs::write(
                    p,
                    text + "\n[analytics]\nscript = \"https://x.vn/t.js 'unsafe-inline'\"\n",
                )
                .unwrap();
            }
        ),
        case!(
            "document_type_without_letters",
            "documents/vb-0.md",
            3,
            "chữ cái hoặc chữ số",
            |d| edit(
                d,
                "documents/vb-0.md",
                "loai = \"Công văn \"",
                "loai = \"--- ///\""
            )
        ),
        // Characters.
        case!(
            "control_character_in_a_title",
            "articles/bai-0.md",
            2,
            "ký tự điều khiển U+0001",
            |d| edit(d, "articles/bai-0.md", "title = \"Bài 0", "title = \"Bài\u{1} 0")
        ),
        case!("noncharacter_in_a_title", "articles/bai-0.md", 2, "U+FFFE", |d| {
            edit(
                d,
                "articles/bai-0.md",
                "title = \"Bài 0",
                "title = \"Bài\u{fffe} 0",
            )
        }),
        case!("nul_byte", "articles/bai-0.md", 14, "U+0000", |d| body_top(
            d,
            "chữ\u{0}"
        )),
        case!(
            "right_to_left_override_in_a_slug",
            "articles/bai-0.md",
            3,
            "đảo chiều",
            |d| edit(
                d,
                "articles/bai-0.md",
                "slug = \"bai-0\"",
                "slug = \"bai\u{202e}0-iab\""
            )
        ),
        case!(
            "zero_width_space_in_a_slug",
            "articles/bai-0.md",
            3,
            "không hợp lệ",
            |d| edit(
                d,
                "articles/bai-0.md",
                "slug = \"bai-0\"",
                "slug = \"bai\u{200b}-0\""
            )
        ),
        case!(
            "invalid_utf8",
            "articles/x.md",
            1,
            "không phải văn bản UTF-8",
            |d| { std::fs::write(d.join("articles/x.md"), b"+++\ntitle = \"\xff\xfe\"\n+++\n").unwrap() }
        ),
        // Markup in content.
        case!(
            "raw_script_block",
            "articles/bai-0.md",
            14,
            "mã HTML không được phép",
            |d| body_top(d, "<script>window.__pwned=1</script>")
        ),
        case!(
            "raw_inline_html",
            "articles/bai-0.md",
            14,
            "mã HTML không được phép",
            |d| body_top(d, "Chữ <img src=\"x\" onerror=\"window.__pwned=1\"> chữ")
        ),
        case!(
            "javascript_link",
            "articles/bai-0.md",
            14,
            "liên kết không an toàn",
            |d| body_top(d, "[nhấn](JaVaScRiPt:window.__pwned=1)")
        ),
        case!(
            "data_link",
            "articles/bai-0.md",
            14,
            "liên kết không an toàn",
            |d| body_top(d, "[nhấn](data:text/html,<script>window.__pwned=1</script>)")
        ),
        case!(
            "deep_nesting",
            "articles/bai-0.md",
            14,
            "lồng nhau quá sâu",
            |d| body_top(d, &format!("{}x", "> ".repeat(500)))
        ),
        case!("huge_article", "articles/bai-0.md", 1, "tệp quá lớn", |d| {
            let p = d.join("articles/bai-0.md");
            let text = std::fs::read_to_string(&p).unwrap();
            std::fs::write(&p, text + &"Chữ. ".repeat(300_000)).unwrap();
        }),
        case!(
            "reserved_page_address",
            "pages/lien-he.md",
            3,
            "không hợp lệ",
            |d| {
                edit(d, "pages/lien-he.md", "slug = \"lien-he\"", "slug = \"api\"");
                edit(
                    d,
                    "pages/en/contact.md",
                    "translation = \"lien-he\"",
                    "translation = \"api\"",
                );
            }
        ),
    ]
}

fn run_refused(case: &Refused) -> R {
    let dir = temp_dir("refused");
    let content = dir.join("content");
    write_site(&content, &[]);
    portal_content::load(&content).map_err(|d| format!("the clean site is refused: {d:#?}"))?;
    (case.change)(&content);
    let result = match portal_content::load(&content) {
        Ok(_) => Err("accepted".to_string()),
        Err(diags) => {
            let found = diags.iter().find(|d| {
                d.file.to_string_lossy().ends_with(case.file)
                    && d.line == case.line
                    && d.message.contains(case.says)
            });
            match found {
                Some(_) => Ok(()),
                None => Err(format!(
                    "expected {}:{}: …{}…, got:\n{}",
                    case.file,
                    case.line,
                    case.says,
                    diags
                        .iter()
                        .map(|d| format!("  {d}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                )),
            }
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    result
}

// ---- the inert site --------------------------------------------------------------

struct Site {
    dir: PathBuf,
    dist: PathBuf,
    payloads: Vec<String>,
}

impl Drop for Site {
    fn drop(&mut self) {
        // PORTAL_ATTACKS_KEEP=1 keeps the site for a look (its folder is printed).
        if std::env::var_os("PORTAL_ATTACKS_KEEP").is_some() {
            eprintln!("the site of payloads: {}", self.dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn build_inert() -> Result<Site, String> {
    let dir = temp_dir("inert");
    let payloads = payloads();
    write_site(&dir.join("content"), &payloads);
    let dist = dir.join("dist");
    let shell = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/shell");
    portal_build::build(&portal_build::Options {
        content: dir.join("content"),
        shell,
        out: dist.clone(),
        compress: false,
        dev: false,
        search: Default::default(),
    })
    .map_err(|e| format!("the site of payloads does not build: {e}"))?;
    Ok(Site { dir, dist, payloads })
}

fn files_built(site: &Site) -> R {
    let read = |p: &str| std::fs::read_to_string(site.dist.join(p)).ctx(p);
    let titles = xml::rss_items(&read("rss.xml")?).map_err(|e| format!("rss.xml: {e}"))?;
    for p in &site.payloads {
        let nfc: String = unicode_normalization::UnicodeNormalization::nfc(p.as_str()).collect();
        if !titles.iter().any(|t| t.ends_with(&nfc)) {
            return Err(format!(
                "rss.xml does not carry the title ending in {p:?} as text: {titles:?}"
            ));
        }
    }
    xml::rss_items(&read("chuyen-muc/tin/rss.xml")?).map_err(|e| format!("section feed: {e}"))?;
    // The web app manifest: JSON, the site's name in it (with a payload) as the text it
    // was.
    let manifest: serde_json::Value = serde_json::from_str(&read("manifest.webmanifest")?)
        .map_err(|e| format!("manifest.webmanifest: {e}"))?;
    let name = manifest["name"].as_str().unwrap_or_default();
    let first: String = unicode_normalization::UnicodeNormalization::nfc(site.payloads[0].as_str()).collect();
    check!(name.ends_with(&first), "name: {name:?}");
    // The sitemap index and every sitemap it lists: well formed, on the site's own host.
    let index = xml::sitemap_index(&read("sitemap.xml")?)?;
    let mut urls = index.clone();
    for (u, _) in &index {
        let file = u
            .strip_prefix("https://xa.example.gov.vn/")
            .ok_or(format!("sitemap index: {u}"))?;
        urls.extend(xml::sitemap_urls(&read(file)?).map_err(|e| format!("{file}: {e}"))?);
    }
    if index.is_empty()
        || urls
            .iter()
            .any(|(u, _)| !u.starts_with("https://xa.example.gov.vn/"))
    {
        return Err(format!("sitemap: {urls:?}"));
    }
    let robots = read("robots.txt")?;
    if robots.lines().count() != 4 {
        return Err(format!("robots.txt: {robots}"));
    }
    // No page carries a payload as markup, read as a browser reads it: the one inline
    // script and the data block, no event attribute, no element a payload brings.
    for (path, _) in walk(&site.dist) {
        if path.ends_with(".html") {
            let html = read(&path)?;
            markup_is_the_sites_own(&html).map_err(|e| format!("{path}: {e}"))?;
        }
    }
    Ok(())
}

fn markup_is_the_sites_own(html: &str) -> R {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let problems = std::cell::RefCell::new(Vec::<String>::new());
    let scripts = std::cell::Cell::new(0);
    rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
            let name = el.tag_name();
            let mut p = problems.borrow_mut();
            let foreign = matches!(
                name.as_str(),
                "iframe" | "object" | "embed" | "svg" | "math" | "style" | "base"
            ) || name == "form"
                && el.get_attribute("action").is_none_or(|a| !a.starts_with('/'));
            if foreign {
                p.push(format!("<{name}>"));
            }
            if name == "script" {
                scripts.set(scripts.get() + 1);
            }
            if name == "img" && el.get_attribute("src").is_none_or(|s| !s.starts_with('/')) {
                p.push(format!("<img src={:?}>", el.get_attribute("src")));
            }
            for a in el.attributes() {
                let n = a.name();
                let url = matches!(
                    n.as_str(),
                    "href" | "src" | "srcset" | "action" | "formaction" | "data" | "poster"
                );
                let runs = url && !portal_core::text::is_safe_href(&a.value());
                if n.starts_with("on") || n == "autofocus" || n == "srcdoc" || runs {
                    p.push(format!("<{name} {n}={:?}>", a.value()));
                }
            }
            Ok(())
        })),
    )
    .map_err(|e| e.to_string())?;
    let p = problems.into_inner();
    if !p.is_empty() {
        return Err(format!("markup from content: {}", p.join(", ")));
    }
    if scripts.get() != 1 {
        return Err(format!(
            "{} <script> elements (the inline one only)",
            scripts.get()
        ));
    }
    Ok(())
}

fn walk(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.strip_prefix(dir).unwrap().display().to_string(), p));
            }
        }
    }
    out
}

const MARK: &str = "window.__csp = []; document.addEventListener('securitypolicyviolation', ev => window.__csp.push(ev.violatedDirective + ' ' + ev.blockedURI));";

/// Neither marker nor violation on the page shown.
async fn clean(p: &Page, what: &str) -> R {
    let state = p
        .js("return [typeof window.__pwned, (window.__csp || ['no recorder']).length === 0 ? [] : window.__csp, typeof parent.__pwned]")
        .await?;
    if state != json!(["undefined", [], "undefined"]) {
        return Err(format!("{what}: {state}"));
    }
    Ok(())
}

/// Every page of the site, opened directly; the payloads as query strings; the app
/// rendering pages after client-side navigation; an image opened directly.
async fn pages_are_inert(p: &Page, site: &Site) -> R {
    p.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": MARK }))
        .await?;
    let mut paths: Vec<String> = walk(&site.dist)
        .into_iter()
        .filter(|(f, _)| f.ends_with("index.html") && !f.starts_with("api/"))
        .map(|(f, _)| format!("/{}", f.trim_end_matches("index.html")))
        .collect();
    paths.sort();
    for q in &site.payloads {
        let enc = portal_core::paths::encode_component(q);
        paths.push(format!("/tim-kiem/?q={enc}"));
        paths.push(format!("/van-ban/?loai={enc}&nam=2024"));
        paths.push(format!("/{enc}/"));
    }
    paths.push("/media/anh.svg".into());
    for path in &paths {
        p.goto(path).await?;
        if !path.starts_with("/media/") {
            p.wait_app().await.map_err(|e| format!("{path}: {e}"))?;
        }
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        clean(p, path).await?;
    }
    // The app renders the payloads itself: home → article → document → page.
    p.goto("/").await?;
    p.wait_app().await?;
    for link in [
        "main a[href='/bai-viet/bai-0/']",
        ".menu-list a[href='/van-ban/']",
        "main .documents a",
        ".menu-list a[href='/lien-he/']",
    ] {
        p.click_js(link).await.map_err(|e| format!("{link}: {e}"))?;
        p.poll(10, "the page the app renders", || async {
            Ok((p.count("main [aria-busy=true]").await? == 0 && p.count("main h1").await? > 0).then_some(()))
        })
        .await?;
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        clean(p, &format!("after following {link}")).await?;
    }
    // What the reader sees is the payload, as text.
    p.goto("/bai-viet/bai-0/").await?;
    let h1 = p.find("main h1").await?.text().await.ctx("h1")?;
    if h1 != format!("Bài 0: {}", site.payloads[0]) {
        return Err(format!("the title reads “{h1}”"));
    }
    Ok(())
}

struct Env {
    rt: tokio::runtime::Runtime,
    site: Site,
    nginx: Nginx,
    plain: Server,
    driver: Driver,
}

fn main() {
    let mut args = Arguments::from_args();
    args.test_threads.get_or_insert(1);
    let mut trials: Vec<Trial> = refused_cases()
        .into_iter()
        .map(|c| {
            Trial::test(format!("refused::{}", c.name), move || {
                run_refused(&c).map_err(Failed::from)
            })
        })
        .collect();
    let wants_inert = args
        .filter
        .as_deref()
        .is_none_or(|f| "inert::".contains(f) || f.starts_with("inert"));
    let env: Option<Arc<Result<Env, String>>> = (!args.list && wants_inert).then(|| {
        Arc::new(build_inert().map(|site| {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            let plain = rt.block_on(Server::start(site.dist.clone()));
            Env {
                nginx: Nginx::start(&site.dist),
                plain,
                driver: Driver::start(),
                rt,
                site,
            }
        }))
    });
    type Check = fn(&Env) -> R;
    let inert: [(&str, Check); 4] = [
        // The checks themselves catch what they look for.
        ("inert::the_checks_see_a_payload_that_runs", |e| {
            if markup_is_the_sites_own(
                "<script></script><script></script><p><img src=x onerror=window.__pwned=1></p>",
            )
            .is_ok()
            {
                return Err("the markup check missed an <img onerror>".into());
            }
            e.plain.add_file(
                "/tu-kiem-tra.html",
                "text/html; charset=utf-8",
                b"<!DOCTYPE html><p>x</p><script>window.__pwned=1</script>",
            );
            e.rt.block_on(async {
                let p = Page::open(&e.driver, &e.plain.base, 390, 800).await?;
                p.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": MARK }))
                    .await?;
                p.goto("/tu-kiem-tra.html").await?;
                let r = clean(&p, "self-test").await;
                p.close().await;
                match r {
                    Err(_) => Ok(()),
                    Ok(()) => Err("the browser check missed a script that ran".into()),
                }
            })
        }),
        ("inert::files_are_well_formed", |e| files_built(&e.site)),
        ("inert::pages_on_nginx", |e| {
            e.rt.block_on(async {
                let p = Page::open(&e.driver, &e.nginx.base, 390, 800).await?;
                let r = pages_are_inert(&p, &e.site).await;
                p.close().await;
                r
            })
        }),
        ("inert::pages_on_a_host_without_headers", |e| {
            e.rt.block_on(async {
                let p = Page::open(&e.driver, &e.plain.base, 390, 800).await?;
                let r = pages_are_inert(&p, &e.site).await;
                p.close().await;
                r
            })
        }),
    ];
    for (name, check) in inert {
        let env = env.clone();
        trials.push(Trial::test(name, move || {
            let env = env.expect("the inert site");
            match env.as_ref() {
                Ok(e) => check(e).map_err(Failed::from),
                Err(why) => Err(Failed::from(why.clone())),
            }
        }));
    }
    let conclusion = libtest_mimic::run(&args, trials);
    drop(env);
    conclusion.exit();
}
