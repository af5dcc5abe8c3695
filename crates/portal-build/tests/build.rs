//! The whole build on small content folders and a minimal app shell: what is written,
//! that a failed build changes nothing, and that only what content refers to is
//! published.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

const SITE: &str = r#"
name = "Cổng thông tin điện tử xã Thử Nghiệm"
unit_name = "Ủy ban nhân dân xã Thử Nghiệm"
unit_type = "xã"
description = "Trang thử."
base_url = "https://xa.example.gov.vn"

[contact]
address = "Ấp 1"
phone = "0297 000 0000"
email = "ubnd@example.gov.vn"

[[sections]]
slug = "thong-bao"
name = "Thông báo"
"#;

const SHELL: &str = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><script>var a=1</script><title>x</title><link rel=\"stylesheet\" href=\"/main-0123456789abcdef.css\"></head><body><div id=\"app\"></div></body></html>";

const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="4"><title>Ảnh</title></svg>"#;

struct Fixture {
    root: PathBuf,
}

impl Fixture {
    fn new() -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "portal-build-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&root);
        for d in ["content/articles", "content/media", "shell"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        std::fs::write(root.join("content/site.toml"), SITE).unwrap();
        std::fs::write(root.join("content/media/dung.svg"), SVG).unwrap();
        std::fs::write(root.join("content/media/khong-dung.svg"), SVG).unwrap();
        std::fs::write(root.join("shell/index.html"), SHELL).unwrap();
        std::fs::write(root.join("shell/main-0123456789abcdef.css"), "body{}").unwrap();
        let f = Fixture { root };
        f.write(
            "content/articles/a.md",
            "+++\ntitle = \"Bài một\"\npublished = 2020-08-10T13:19:00+07:00\ncategory = \"thong-bao\"\nimage = \"/media/dung.svg\"\nimage_alt = \"Ảnh\"\n+++\n\nNội dung.\n",
        );
        f
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.root.join(rel), text).unwrap();
    }

    fn out(&self) -> PathBuf {
        self.root.join("dist")
    }

    fn build(&self) -> std::process::Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_portal-build"))
            .arg("--content")
            .arg(self.root.join("content"))
            .arg("--shell")
            .arg(self.root.join("shell"))
            .arg("--out")
            .arg(self.out())
            .arg("--no-compress")
            .output()
            .unwrap()
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, base, out);
            } else {
                out.push((
                    p.strip_prefix(base).unwrap().display().to_string(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn names(dir: &Path) -> Vec<String> {
    files(dir).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn the_site_has_its_pages_data_and_only_the_media_content_uses() {
    let f = Fixture::new();
    let out = f.build();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 tệp ảnh, đính kèm không được dùng"), "{stdout}");
    let written = names(&f.out());
    for want in [
        "index.html",
        "404.html",
        "bai-viet/bai-mot/index.html",
        "chuyen-muc/thong-bao/index.html",
        "tim-kiem/index.html",
        "api/v2/articles/bai-mot.json",
        "api/v2/site.json",
        "media/dung.svg",
        "main-0123456789abcdef.css",
        "rss.xml",
        "chuyen-muc/thong-bao/rss.xml",
        "sitemap.xml",
        "robots.txt",
        "_headers",
        ".nginx/security-headers.conf",
        ".nginx/media-headers.conf",
        ".nginx/files-headers.conf",
    ] {
        assert!(written.iter().any(|w| w == want), "{want} missing: {written:#?}");
    }
    assert!(
        !written.iter().any(|w| w.contains("khong-dung")),
        "an unused image was published"
    );
    assert!(
        !written.iter().any(|w| w == "index.html.br"),
        "compressed although --no-compress"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let f = Fixture::new();
    assert!(f.build().status.success());
    let before = files(&f.out());
    f.write("content/articles/b.md", "+++\ntitle = \"Bài hai\"\n+++\n");
    let failed = f.build();
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("b.md:1: thiếu `published`"), "{stderr}");
    assert!(stderr.contains("b.md:1: thiếu `category`"), "{stderr}");
    assert!(stderr.contains("không ghi gì"), "{stderr}");
    assert_eq!(files(&f.out()), before, "output changed after a failed build");
    let mut leftovers: Vec<_> = std::fs::read_dir(&f.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    leftovers.sort();
    assert_eq!(
        leftovers,
        ["content", "dist", "shell"],
        "temporary directories left behind"
    );
}

#[test]
fn a_build_replaces_the_site_completely() {
    let f = Fixture::new();
    std::fs::create_dir_all(f.out().join("bai-viet/bai-da-xoa")).unwrap();
    std::fs::write(f.out().join("bai-viet/bai-da-xoa/index.html"), "old").unwrap();
    assert!(f.build().status.success());
    assert!(!f.out().join("bai-viet/bai-da-xoa").exists());
    assert!(f.out().join("bai-viet/bai-mot/index.html").exists());
}

#[test]
fn a_shell_that_is_not_trunks_is_an_error_not_a_broken_site() {
    let f = Fixture::new();
    f.write("shell/index.html", "<html><body>no head</body></html>");
    let out = f.build();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("index.html không có"), "{stderr}");
    assert!(!f.out().exists());
}

/// The search index cut small: on these small sites, words and pairs in many documents
/// are written a block of 16 documents at a time, as a province's are in blocks of
/// thousands.
const SMALL_SEARCH: portal_content::output::SearchSizes = portal_content::output::SearchSizes {
    chunk_bytes: 48,
    block_docs: 16,
};

/// Builds `content` into `out` in-process, as the dev server and the newsroom do.
fn build_into(root: &Path, out: &Path) -> portal_build::Report {
    portal_build::build(&portal_build::Options {
        content: root.join("content"),
        shell: root.join("shell"),
        out: out.to_path_buf(),
        compress: true,
        dev: false,
        search: SMALL_SEARCH,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// An article the way an officer would add one (newest of its section).
fn new_article(title: &str, published: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\npublished = {published}\ncategory = \"su-kien-noi-bat\"\n+++\n\nNội dung bài mới, đoạn một.\n\n## Phần hai\n\nĐoạn hai.\n"
    )
}

/// The newsroom's publishing, one change after another on a generated site, each
/// followed by `rebuild` over the live folder and compared, byte for byte, with a full
/// build of the same content into an empty folder: the rebuild writes what the full
/// build writes, renders only the pages that show the change, and writes few files.
fn changes_rebuilt_as_a_full_build_would(rebuild: &mut dyn FnMut(&Path, &Path) -> portal_build::Report) {
    let f = Fixture::new();
    let content = f.root.join("content");
    portal_content::generate::generate(
        &content,
        portal_content::generate::Corpus {
            articles: 45,
            documents: 25,
            sections: 3,
            seed: 11,
        },
    )
    .unwrap();
    let live = f.out();
    let first = rebuild(&f.root, &live);
    assert_eq!(first.rendered, first.html_pages);
    let total = first.files;
    // The search index has words and pairs written a block at a time, in every block.
    let manifest: portal_core::search::Manifest =
        serde_json::from_slice(&std::fs::read(live.join("api/v2/search/manifest.json")).unwrap()).unwrap();
    let blocks = manifest.blocks().unwrap();
    assert!(blocks > 3 && !manifest.split.is_empty(), "{manifest:?}");
    for dir in ["t", "b"] {
        let last = live.join(format!("api/v2/search/{dir}/{}", blocks - 1));
        assert!(
            std::fs::read_dir(&last).is_ok_and(|d| d.count() > 0),
            "{}",
            last.display()
        );
    }

    // A change, the build over the live site, and a full build of the same content
    // into an empty folder: the two folders hold the same bytes.
    // The search blocks (`t/<block>/…`, `b/<block>/…`) a rebuild changed.
    let block_of = |name: &str| -> Option<u32> {
        let rest = name.strip_prefix("api/v2/search/")?;
        let (_, rest) = rest.split_once('/')?;
        rest.split_once('/')?.0.parse().ok()
    };
    let mut check = |what: &str, max_rendered: usize, max_blocks: usize| {
        let before: std::collections::BTreeMap<String, Vec<u8>> = files(&live).into_iter().collect();
        let report = rebuild(&f.root, &live);
        let fresh = f.root.join("fresh");
        let _ = std::fs::remove_dir_all(&fresh);
        let full = build_into(&f.root, &fresh);
        assert_eq!(full.rendered, full.html_pages);
        // The served files (the build's own record is not one: its keys may differ).
        let served = |dir: &Path| -> Vec<(String, Vec<u8>)> {
            files(dir)
                .into_iter()
                .filter(|(n, _)| !n.starts_with(".portal-build/"))
                .collect()
        };
        let (a, b) = (served(&live), served(&fresh));
        let (na, nb): (Vec<_>, Vec<_>) = (a.iter().map(|x| &x.0).collect(), b.iter().map(|x| &x.0).collect());
        assert_eq!(na, nb, "{what}: not the same files");
        for ((name, x), (_, y)) in a.iter().zip(&b) {
            assert!(x == y, "{what}: {name} differs from a full build");
        }
        assert_eq!(
            (report.files, report.bytes),
            (full.files, full.bytes),
            "{what}: the report"
        );
        assert!(
            report.rendered <= max_rendered,
            "{what}: {} of {} pages rendered again",
            report.rendered,
            report.html_pages
        );
        // Few files written: a change rewrites its own search blocks and no other (an
        // entry removed from the middle renumbers every later one, in every later block,
        // and the search index's files that hold them), and few other files.
        // (A word or pair that comes into many documents is written a block at a time
        // from then on: new files in every block, no old one changed.)
        let changed: Vec<&String> = a
            .iter()
            .filter(|(n, bytes)| before.get(n) != Some(bytes))
            .map(|(n, _)| n)
            .collect();
        let rewritten: std::collections::BTreeSet<u32> = changed
            .iter()
            .filter(|n| before.contains_key(n.as_str()))
            .filter_map(|n| block_of(n))
            .collect();
        assert!(
            rewritten.len() <= max_blocks,
            "{what}: search blocks {rewritten:?} rewritten"
        );
        let outside = changed
            .iter()
            .filter(|n| !n.starts_with("api/v2/search/"))
            .count();
        assert!(outside < total / 4, "{what}: {outside} of {total} files written");
        report
    };

    // Nothing changed: nothing is written.
    let same = check("no change", 0, 0);
    assert_eq!((same.written, same.removed), (0, 0));

    // A new article, the newest of the site: its page, its section's front page, home,
    // (and the pages that list it as related) — not every list page.
    f.write(
        "content/articles/bai-moi.md",
        &new_article("Khai trương nhà văn hóa ấp Mới", "2026-11-30T08:00:00+07:00"),
    );
    let added = check("article added", 12, 1);
    assert!(live
        .join("bai-viet/khai-truong-nha-van-hoa-ap-moi/index.html")
        .exists());
    assert!(added.written > 0);

    // Edited: its title appears on its own page and the lists that show it.
    f.write(
        "content/articles/bai-moi.md",
        &new_article(
            "Khai trương nhà văn hóa ấp Mới (cập nhật)",
            "2026-11-30T08:00:00+07:00",
        ),
    );
    check("article edited", 12, 1);
    let home = std::fs::read_to_string(live.join("api/v2/home.json")).unwrap();
    assert!(home.contains("(cập nhật)"), "home not updated");

    // Taken down (gỡ bài): its page and data are gone.
    std::fs::remove_file(content.join("articles/bai-moi.md")).unwrap();
    let removed = check("article removed", 12, 1);
    assert!(removed.removed > 0);
    assert!(!live
        .join("bai-viet/khai-truong-nha-van-hoa-ap-moi-cap-nhat")
        .exists());

    // An old article edited, then deleted (every later search id moves down).
    let old = std::fs::read_to_string(content.join("articles/tin-000007.md")).unwrap();
    f.write(
        "content/articles/tin-000007.md",
        &old.replace("\n\n", "\n\nMột câu thêm vào.\n\n"),
    );
    check("old article edited", 12, 1);
    std::fs::remove_file(content.join("articles/tin-000007.md")).unwrap();
    check("old article removed", 12, usize::MAX);
    // A document added, edited, removed; an old one removed.
    let document = |summary: &str| {
        format!("+++\nso_ky_hieu = \"999/QĐ-UBND\"\nloai = \"Quyết định\"\nco_quan = \"Ủy ban nhân dân huyện\"\nngay_ban_hanh = 2026-11-30\nnguoi_ky = \"Nguyễn Văn An\"\ntrich_yeu = \"{summary}\"\nfiles = [\"tep-01.pdf\"]\n+++\n")
    };
    f.write(
        "content/documents/vb-moi.md",
        &document("Về việc thành lập tổ công tác"),
    );
    check("document added", 40, usize::MAX);
    f.write(
        "content/documents/vb-moi.md",
        &document("Về việc kiện toàn tổ công tác"),
    );
    check("document edited", 40, 1);
    std::fs::remove_file(content.join("documents/vb-moi.md")).unwrap();
    check("document removed", 40, usize::MAX);
    std::fs::remove_file(content.join("documents/vb-000003.md")).unwrap();
    check("old document removed", 40, usize::MAX);
}

#[test]
fn a_build_over_the_last_one_writes_what_a_full_build_writes_and_only_what_changed() {
    // A new process each time (`portal-build`): it reads the record of the last build.
    changes_rebuilt_as_a_full_build_would(&mut |root, out| build_into(root, out));
}

#[test]
fn a_builder_that_stays_writes_what_a_full_build_writes_and_only_what_changed() {
    // The newsroom's publishing: one builder, which keeps what it read and made.
    let mut builder: Option<portal_build::Builder> = None;
    changes_rebuilt_as_a_full_build_would(&mut |root, out| {
        let b = builder.get_or_insert_with(|| {
            portal_build::Builder::new(portal_build::Options {
                content: root.join("content"),
                shell: root.join("shell"),
                out: out.to_path_buf(),
                compress: true,
                dev: false,
                search: SMALL_SEARCH,
            })
        });
        b.build().unwrap_or_else(|e| panic!("{e}"))
    });
}

/// Inode of every file under `dir` (a rewritten file is a new one: builds replace files
/// by renaming).
fn inodes(dir: &Path) -> std::collections::BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    files(dir)
        .into_iter()
        .map(|(name, _)| {
            let ino = std::fs::metadata(dir.join(&name)).unwrap().ino();
            (name, ino)
        })
        .collect()
}

#[test]
fn new_articles_and_documents_leave_the_archive_pages_as_they_were() {
    let f = Fixture::new();
    let content = f.root.join("content");
    portal_content::generate::generate(
        &content,
        portal_content::generate::Corpus {
            articles: 95,
            documents: 95,
            sections: 1,
            seed: 5,
        },
    )
    .unwrap();
    let live = f.out();
    build_into(&f.root, &live);
    let before = inodes(&live);
    // Archive pages of the section and of the library, as pages and as data: nine of
    // each (95 items), of which 1–6 are far enough from the newest to keep their links.
    let archive = |name: &str| {
        (1..=6).any(|n| {
            name == format!("chuyen-muc/su-kien-noi-bat/trang/{n}/index.html")
                || name == format!("api/v2/categories/su-kien-noi-bat/{n}.json")
                || name == format!("van-ban/trang/{n}/index.html")
                || name == format!("api/v2/documents/lists/_/_/_/{n}.json")
        })
    };
    let watched: Vec<&String> = before.keys().filter(|n| archive(n)).collect();
    assert_eq!(watched.len(), 24, "{watched:?}");
    // Twelve articles and twelve documents, one build each: two more archive pages each.
    for i in 0..12 {
        f.write(
            &format!("content/articles/moi-{i}.md"),
            &new_article(
                &format!("Tin mới số {i}"),
                &format!("2026-11-{:02}T08:00:00+07:00", i + 1),
            ),
        );
        let report = build_into(&f.root, &live);
        assert!(
            report.rendered <= 8,
            "article {i}: {} pages rendered",
            report.rendered
        );
        std::fs::write(
            content.join(format!("documents/moi-{i}.md")),
            format!("+++\nso_ky_hieu = \"{}/QĐ-UBND\"\nloai = \"Quyết định\"\nco_quan = \"Ủy ban nhân dân huyện\"\nngay_ban_hanh = 2025-12-{:02}\nnguoi_ky = \"Nguyễn Văn An\"\ntrich_yeu = \"Về việc thành lập tổ công tác số {i}\"\nfiles = [\"tep-01.pdf\"]\n+++\n", 900 + i, i + 1),
        )
        .unwrap();
        let report = build_into(&f.root, &live);
        // The library's front page and each single filter's show the counts (25 pages
        // here: their number grows with the filter values, not with the documents), and
        // the newest archive pages of each list have their links to check again.
        assert!(
            report.rendered <= 100,
            "document {i}: {} pages rendered",
            report.rendered
        );
    }
    let after = inodes(&live);
    for name in watched {
        assert_eq!(before[name], after[name], "{name} was written again");
    }
    assert!(after.contains_key("chuyen-muc/su-kien-noi-bat/trang/10/index.html"));
    assert!(after.contains_key("van-ban/trang/10/index.html"));
}

#[test]
fn a_site_left_by_an_older_build_is_made_again_whole() {
    // Older builds precompressed the pages, and their record had no format line: such
    // a record is not trusted, every file is made again, and copies the build no
    // longer makes go.
    let f = Fixture::new();
    assert!(f.build().status.success());
    let manifest = f.out().join(".portal-build/manifest");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let old_format: String = text.lines().skip(1).map(|l| format!("{l}\n")).collect();
    std::fs::write(&manifest, old_format).unwrap();
    std::fs::write(f.out().join("bai-viet/bai-mot/index.html.gz"), b"old copy").unwrap();
    std::fs::write(f.out().join("rss.xml.gz"), b"old copy").unwrap();
    let out = f.build();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let names = names(&f.out());
    assert!(
        !names.iter().any(|n| n.ends_with(".gz")),
        "stale copies left: {names:?}"
    );
    assert!(names.iter().any(|n| n == "bai-viet/bai-mot/index.html"));
}

#[test]
fn a_site_left_by_another_version_of_the_build_is_made_again_whole() {
    // The same content can make other bytes in another version of portal-build (a
    // search result gained a field, a page a tag): its record is not trusted, so no
    // file it wrote is kept because the content did not change.
    let f = Fixture::new();
    assert!(f.build().status.success());
    let manifest = f.out().join(".portal-build/manifest");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let (header, rest) = text.split_once('\n').unwrap();
    assert!(header.starts_with("portal-build manifest 3 "), "{header}");
    let page = f.out().join("bai-viet/bai-mot/index.html");
    let made = std::fs::read(&page).unwrap();
    // The same program trusts its record: a second build does not write the page again.
    std::fs::write(&page, b"made by another version").unwrap();
    assert!(f.build().status.success());
    assert_eq!(std::fs::read(&page).unwrap(), b"made by another version");
    // Another program's record: the page is made again.
    std::fs::write(
        &manifest,
        format!("portal-build manifest 3 0123456789abcdef\n{rest}"),
    )
    .unwrap();
    let out = f.build();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read(&page).unwrap(), made);
}
