//! The content build, end to end on small content folders: one test per kind of
//! problem it must report (with file and line), and what it writes when all is valid.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use portal_content::{load, output, Diagnostic};
use portal_core::api::{self, Block, Inline};

const SITE: &str = r#"
name = "Cổng thông tin điện tử xã Thử Nghiệm"
unit_name = "Ủy ban nhân dân xã Thử Nghiệm"
unit_type = "xã"
description = "Trang thử."
base_url = "https://xa.example.gov.vn"
sample_content = true

[contact]
address = "Ấp 1"
phone = "0297 000 0000"
email = "ubnd@example.gov.vn"

[[sections]]
slug = "su-kien-noi-bat"
name = "Sự kiện nổi bật"

[[sections]]
slug = "thong-bao"
name = "Thông báo"
"#;

const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" viewBox="0 0 800 450"><title>Ảnh</title></svg>"#;

/// A content folder in a fresh temporary directory, removed on drop.
struct Fixture {
    root: PathBuf,
}

impl Fixture {
    fn new() -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "portal-content-test-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("content/articles")).unwrap();
        std::fs::create_dir_all(root.join("content/media")).unwrap();
        std::fs::write(root.join("content/site.toml"), SITE).unwrap();
        std::fs::write(root.join("content/media/anh.svg"), SVG).unwrap();
        Fixture { root }
    }

    fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    fn article(&self, name: &str, text: &str) -> &Self {
        std::fs::write(self.content().join("articles").join(name), text).unwrap();
        self
    }

    fn errors(&self) -> Vec<Diagnostic> {
        match load(&self.content()) {
            Ok(c) => panic!("expected errors, got {} valid articles", c.articles.len()),
            Err(d) => d,
        }
    }

    /// The single error, asserted to be at `file:line` and to contain `needle`.
    fn single_error(&self, file: &str, line: usize, needle: &str) {
        let errors = self.errors();
        assert_eq!(errors.len(), 1, "{errors:#?}");
        let e = &errors[0];
        assert!(e.file.ends_with(file), "{e}");
        assert_eq!(e.line, line, "{e}");
        assert!(e.message.contains(needle), "{e}");
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn good(title: &str, date: &str) -> String {
    format!("+++\ntitle = \"{title}\"\npublished = {date}\ncategory = \"su-kien-noi-bat\"\n+++\n\nĐoạn mở đầu của bài “{title}”.\n")
}

#[test]
fn missing_title() {
    let f = Fixture::new();
    f.article(
        "a.md",
        "+++\npublished = 2020-08-10T13:19:00+07:00\ncategory = \"thong-bao\"\n+++\nNội dung.\n",
    );
    f.single_error("articles/a.md", 1, "thiếu `title`");
}

#[test]
fn empty_title() {
    let f = Fixture::new();
    f.article("a.md", "+++\npublished = 2020-08-10T13:19:00+07:00\ncategory = \"thong-bao\"\ntitle = \"  \"\n+++\nNội dung.\n");
    f.single_error("articles/a.md", 4, "không được để trống");
}

#[test]
fn bad_date_without_offset() {
    let f = Fixture::new();
    f.article(
        "a.md",
        "+++\ntitle = \"Bài\"\npublished = 2020-08-10T13:19:00\ncategory = \"thong-bao\"\n+++\nNội dung.\n",
    );
    f.single_error("articles/a.md", 3, "thiếu múi giờ");
}

#[test]
fn bad_date_that_does_not_exist() {
    let f = Fixture::new();
    f.article("a.md", "+++\ntitle = \"Bài\"\npublished = \"2021-02-29T08:00:00+07:00\"\ncategory = \"thong-bao\"\n+++\nNội dung.\n");
    f.single_error("articles/a.md", 3, "`published` không hợp lệ");
}

#[test]
fn bad_date_as_text() {
    let f = Fixture::new();
    f.article(
        "a.md",
        "+++\ntitle = \"Bài\"\ncategory = \"thong-bao\"\npublished = \"hôm qua\"\n+++\nNội dung.\n",
    );
    f.single_error("articles/a.md", 4, "`published` không hợp lệ");
}

#[test]
fn unknown_section() {
    let f = Fixture::new();
    f.article("a.md", "+++\ntitle = \"Bài\"\npublished = 2020-08-10T13:19:00+07:00\ncategory = \"the-thao\"\n+++\nNội dung.\n");
    f.single_error("articles/a.md", 4, "chuyên mục \"the-thao\" không có");
}

#[test]
fn duplicate_slug_names_both_files() {
    let f = Fixture::new();
    f.article(
        "a.md",
        &good("Hội nghị tổng kết “Dân vận khéo”", "2020-08-10T13:19:00+07:00"),
    );
    f.article(
        "b.md",
        &good("Hội nghị tổng kết Dân vận khéo", "2021-08-10T13:19:00+07:00"),
    );
    f.single_error(
        "articles/b.md",
        2,
        "trùng slug \"hoi-nghi-tong-ket-dan-van-kheo\"",
    );
    assert!(
        f.errors()[0].message.contains("articles/a.md:2"),
        "{}",
        f.errors()[0]
    );
}

#[test]
fn image_without_alt() {
    let f = Fixture::new();
    f.article("a.md", "+++\ntitle = \"Bài\"\npublished = 2020-08-10T13:19:00+07:00\ncategory = \"thong-bao\"\nimage = \"/media/anh.svg\"\n+++\nNội dung.\n");
    f.single_error("articles/a.md", 5, "thiếu `image_alt`");
}

#[test]
fn body_image_without_alt() {
    let f = Fixture::new();
    f.article(
        "a.md",
        &format!(
            "{}\n![](/media/anh.svg)\n",
            good("Bài", "2020-08-10T13:19:00+07:00")
        ),
    );
    f.single_error("articles/a.md", 9, "thiếu mô tả (alt)");
}

#[test]
fn missing_image_file() {
    let f = Fixture::new();
    f.article(
        "a.md",
        &format!(
            "{}\n![Cánh đồng](/media/khong-co.svg)\n",
            good("Bài", "2020-08-10T13:19:00+07:00")
        ),
    );
    f.single_error(
        "articles/a.md",
        9,
        "ảnh `/media/khong-co.svg`: không tìm thấy tệp",
    );
}

#[test]
fn unsafe_link() {
    let f = Fixture::new();
    f.article(
        "a.md",
        &format!(
            "{}\nXem [tại đây](javascript:alert(1)).\n",
            good("Bài", "2020-08-10T13:19:00+07:00")
        ),
    );
    f.single_error("articles/a.md", 9, "liên kết không an toàn `javascript:alert(1)`");
}

#[test]
fn raw_html_is_rejected() {
    let f = Fixture::new();
    f.article(
        "a.md",
        &format!(
            "{}\nĐoạn có <script>alert(1)</script> mã.\n",
            good("Bài", "2020-08-10T13:19:00+07:00")
        ),
    );
    let errors = f.errors();
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|e| e.line == 9 && e.message.contains("mã HTML không được phép")),
        "{errors:#?}"
    );
    let f = Fixture::new();
    f.article(
        "b.md",
        &format!(
            "{}\n<div onclick=\"x()\">khối</div>\n",
            good("Bài", "2020-08-10T13:19:00+07:00")
        ),
    );
    f.single_error(
        "articles/b.md",
        9,
        "mã HTML không được phép trong nội dung: `<div onclick",
    );
}

#[test]
fn invalid_toml() {
    let f = Fixture::new();
    f.article(
        "a.md",
        "+++\ntitle = \"Bài\"\npublished = 2020-08-10T13:19:00+07:00\ncategory = thong-bao\n+++\nNội dung.\n",
    );
    f.single_error("articles/a.md", 4, "TOML không hợp lệ");
}

#[test]
fn unknown_front_matter_key() {
    let f = Fixture::new();
    f.article("a.md", "+++\ntitle = \"Bài\"\npublished = 2020-08-10T13:19:00+07:00\ncategory = \"thong-bao\"\ntieu_de = \"x\"\n+++\nNội dung.\n");
    f.single_error("articles/a.md", 5, "tieu_de");
}

#[test]
fn missing_front_matter() {
    let f = Fixture::new();
    f.article("a.md", "title = \"Bài\"\n\nNội dung.\n");
    f.single_error("articles/a.md", 1, "thiếu phần đầu");
}

#[test]
fn invalid_site_toml() {
    let f = Fixture::new();
    std::fs::write(
        f.content().join("site.toml"),
        SITE.replace("unit_type = \"xã\"", "unit_type = \"làng\""),
    )
    .unwrap();
    f.single_error("content/site.toml", 4, "`unit_type` = \"làng\" không hợp lệ");
}

#[test]
fn every_problem_is_reported_at_once_in_file_order() {
    let f = Fixture::new();
    f.article("a.md", "+++\ntitle = \"Bài\"\npublished = 2020-08-10T13:19:00\ncategory = \"khong-co\"\nimage = \"/media/anh.svg\"\n+++\n[x](data:text/html,1)\n");
    f.article(
        "b.md",
        "+++\npublished = 2020-08-10T13:19:00+07:00\ncategory = \"thong-bao\"\n+++\nNội dung.\n",
    );
    let errors = f.errors();
    let shown: Vec<String> = errors
        .iter()
        .map(|e| format!("{}:{}", e.file.file_name().unwrap().to_str().unwrap(), e.line))
        .collect();
    assert_eq!(
        shown,
        ["a.md:3", "a.md:4", "a.md:5", "a.md:7", "b.md:1"],
        "{errors:#?}"
    );
}

#[test]
fn api_content_pagination_and_summaries() {
    let f = Fixture::new();
    for i in 1..=23 {
        f.article(
            &format!("a{i}.md"),
            &good(&format!("Tin số {i}"), &format!("2020-01-{i:02}T08:00:00+07:00")),
        );
    }
    f.article(
        "dan-van.md",
        "+++\ntitle = \"Hội nghị tổng kết “Dân vận khéo”\"\npublished = 2020-08-10T13:19:00+07:00\ncategory = \"su-kien-noi-bat\"\nfeatured = true\nimage = \"/media/anh.svg\"\nimage_alt = \"Hội trường\"\n+++\n\nSáng 10/8, hội nghị “Dân vận khéo” – một sự kiện lớn – đã diễn ra với nhiều nội dung quan trọng được các đại biểu thảo luận sôi nổi, thẳng thắn, trách nhiệm trong suốt buổi làm việc kéo dài đến trưa cùng ngày tại hội trường.\n\n- Một là, tăng cường tuyên truyền.\n\n- Hai là, phát huy dân chủ.\n\n- Ba là, nhân rộng mô hình.\n\n| Xã | Mô hình |\n|---|---:|\n| Thạnh Yên | 12 |\n\n![Ruộng lúa](/media/anh.svg \"Chú thích\")\n",
    );
    let content = load(&f.content()).expect("valid");
    let files = output::render(&content);
    let get = |p: &str| files.get(p).unwrap_or_else(|| panic!("{p} missing"));

    // 24 articles: the front page shows the 14 not on the newest full page before it…
    let front: api::SectionPage =
        serde_json::from_slice(get("api/v2/categories/su-kien-noi-bat/0.json")).unwrap();
    assert_eq!(
        (
            front.page,
            front.archive_pages,
            front.total_articles,
            front.articles.len()
        ),
        (0, 2, Some(24), 14)
    );
    assert_eq!(
        front.articles[0].slug, "hoi-nghi-tong-ket-dan-van-kheo",
        "newest first"
    );
    assert_eq!(front.articles[1].title, "Tin số 23");
    // …and the archive pages hold ten each, from the oldest: they keep their articles.
    let p1: api::SectionPage =
        serde_json::from_slice(get("api/v2/categories/su-kien-noi-bat/1.json")).unwrap();
    let titles: Vec<&str> = p1.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles.first(), Some(&"Tin số 10"));
    assert_eq!(titles.last(), Some(&"Tin số 1"));
    assert_eq!(titles.len(), 10);
    assert!(!files.contains_key("api/v2/categories/su-kien-noi-bat/3.json"));

    let a: api::Article =
        serde_json::from_slice(get("api/v2/articles/hoi-nghi-tong-ket-dan-van-kheo.json")).unwrap();
    assert_eq!(a.published.stamp_vi(), "(13:19 | 10/08/2020)");
    assert_eq!(a.lead, None);
    assert!(
        a.summary
            .starts_with("Sáng 10/8, hội nghị “Dân vận khéo” – một sự kiện lớn –"),
        "{}",
        a.summary
    );
    assert!(
        a.summary.ends_with('…') && a.summary.chars().count() <= 200,
        "{}",
        a.summary
    );
    assert_eq!(a.image.as_ref().map(|i| (i.width, i.height)), Some((800, 450)));
    assert_eq!(a.related.len(), 5);
    assert!(a.related.iter().all(|r| r.slug != a.slug));
    // The dash list separated by blank lines is one list of three items.
    let lists: Vec<&Block> = a
        .body
        .iter()
        .filter(|b| matches!(b, Block::List { .. }))
        .collect();
    assert_eq!(lists.len(), 1);
    let Block::List {
        ordered: false,
        items,
        ..
    } = lists[0]
    else {
        panic!()
    };
    assert_eq!(items.len(), 3);
    assert_eq!(
        items[0],
        vec![Block::Paragraph(vec![Inline::Text(
            "Một là, tăng cường tuyên truyền.".into()
        )])]
    );
    assert!(a
        .body
        .iter()
        .any(|b| matches!(b, Block::Table(t) if t.rows.len() == 1)));
    assert!(a
        .body
        .iter()
        .any(|b| matches!(b, Block::Figure(i) if i.caption.as_deref() == Some("Chú thích"))));

    let home: api::Home = serde_json::from_slice(get("api/v2/home.json")).unwrap();
    assert_eq!(home.featured.len(), 1);
    assert_eq!(home.sections[0].articles.len(), output::HOME_PER_SECTION);
    assert_eq!(home.sections[1].articles.len(), 0);
}

#[test]
fn decomposed_text_is_normalised_to_nfc() {
    let f = Fixture::new();
    // "Việt" typed with combining marks.
    f.article("a.md", &good("Vie\u{0302}\u{0323}t", "2020-08-10T13:19:00+07:00"));
    let content = load(&f.content()).unwrap();
    assert_eq!(content.articles[0].title, "Việt");
    assert_eq!(content.articles[0].slug, "viet");
}

#[test]
fn featured_section_heads_the_home_page_and_is_not_repeated() {
    let f = Fixture::new();
    std::fs::write(
        f.content().join("site.toml"),
        SITE.replace(
            "sample_content = true",
            "sample_content = true\nfeatured_section = \"su-kien-noi-bat\"",
        ),
    )
    .unwrap();
    for i in 1..=7 {
        f.article(
            &format!("a{i}.md"),
            &good(&format!("Tin số {i}"), &format!("2021-01-0{i}T08:00:00+07:00")),
        );
    }
    f.article(
        "noi-bat.md",
        "+++\ntitle = \"Tin nổi bật cũ\"\npublished = 2019-01-01T08:00:00+07:00\ncategory = \"thong-bao\"\nfeatured = true\n+++\nNội dung.\n",
    );
    let content = load(&f.content()).expect("valid");
    let files = output::render(&content);
    let home: api::Home = serde_json::from_slice(&files["api/v2/home.json"]).unwrap();
    assert_eq!(
        home.featured_section.map(|s| s.name),
        Some("Sự kiện nổi bật".to_string())
    );
    let titles: Vec<&str> = home.featured.iter().map(|s| s.title.as_str()).collect();
    // The featured article and the section's four newest, newest first.
    assert_eq!(
        titles,
        ["Tin số 7", "Tin số 6", "Tin số 5", "Tin số 4", "Tin nổi bật cũ"]
    );
    let sections: Vec<&str> = home.sections.iter().map(|s| s.slug.as_str()).collect();
    assert_eq!(sections, ["thong-bao"]);
}

#[test]
fn unknown_featured_section() {
    let f = Fixture::new();
    std::fs::write(
        f.content().join("site.toml"),
        SITE.replace(
            "sample_content = true",
            "sample_content = true\nfeatured_section = \"tin-hot\"",
        ),
    )
    .unwrap();
    f.single_error("content/site.toml", 8, "`featured_section` = \"tin-hot\"");
}

#[test]
fn broken_internal_links() {
    let f = Fixture::new();
    f.article("a.md", &good("Bài một", "2020-08-10T13:19:00+07:00"));
    f.article(
        "b.md",
        &format!(
            "{}\nXem [bài một](/bai-viet/bai-mot/), [thông báo](/chuyen-muc/thong-bao/), [RSS](/rss.xml), [ảnh](/media/anh.svg) và [đầu trang](#dau).\n\nNhưng [bài cũ](/bai-viet/bai-cu/), [trang 2](/chuyen-muc/thong-bao/trang/2/), [gì đó](/gioi-thieu/) thì không có.\n",
            good("Bài hai", "2020-08-11T13:19:00+07:00")
        ),
    );
    let errors = f.errors();
    let shown: Vec<String> = errors
        .iter()
        .map(|e| {
            format!(
                "{}:{} {}",
                e.file.file_name().unwrap().to_str().unwrap(),
                e.line,
                e.message
            )
        })
        .collect();
    assert_eq!(shown.len(), 3, "{shown:#?}");
    assert!(
        shown[0].starts_with("b.md:11 liên kết `/bai-viet/bai-cu/` không dẫn tới"),
        "{shown:#?}"
    );
    assert!(
        shown[1].contains("`/chuyen-muc/thong-bao/trang/2/`"),
        "{shown:#?}"
    );
    assert!(shown[2].contains("`/gioi-thieu/`"), "{shown:#?}");
}

#[test]
fn relative_links_are_refused() {
    let f = Fixture::new();
    f.article(
        "a.md",
        &format!(
            "{}\nXem [đây](bai-khac/).\n",
            good("Bài", "2020-08-10T13:19:00+07:00")
        ),
    );
    f.single_error("articles/a.md", 9, "liên kết `bai-khac/` phải là địa chỉ đầy đủ");
}

fn document(number: &str, extra: &str) -> String {
    format!(
        "+++\nso_ky_hieu = \"{number}\"\nloai = \"Công văn\"\nco_quan = \"Huyện ủy U Minh Thượng\"\nngay_ban_hanh = 2024-03-15\nnguoi_ky = \"Tạ Quang Vinh\"\ntrich_yeu = \"Về việc thử nghiệm\"\nfiles = [\"a.pdf\"]\n{extra}+++\nGhi chú.\n"
    )
}

impl Fixture {
    fn document(&self, name: &str, text: &str) -> &Self {
        let dir = self.content().join("documents");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::create_dir_all(self.content().join("files")).unwrap();
        std::fs::write(self.content().join("files/a.pdf"), b"%PDF-1.4\n%%EOF\n").unwrap();
        std::fs::write(dir.join(name), text).unwrap();
        self
    }

    fn page(&self, name: &str, text: &str) -> &Self {
        let path = self.content().join("pages").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }
}

#[test]
fn document_missing_fields() {
    let f = Fixture::new();
    f.document("a.md", "+++\nso_ky_hieu = \"1/TB\"\nfiles = [\"a.pdf\"]\n+++\n");
    let errors = f.errors();
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    for key in [
        "`loai`",
        "`co_quan`",
        "`nguoi_ky`",
        "`trich_yeu`",
        "`ngay_ban_hanh`",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(key)),
            "{key} not reported: {messages:#?}"
        );
    }
}

#[test]
fn document_bad_date() {
    let f = Fixture::new();
    f.document(
        "a.md",
        &document("1/TB", "").replace("ngay_ban_hanh = 2024-03-15", "ngay_ban_hanh = \"2023-02-29\""),
    );
    f.single_error("documents/a.md", 5, "`ngay_ban_hanh` không hợp lệ");
}

#[test]
fn document_in_force_before_it_is_issued() {
    let f = Fixture::new();
    f.document("a.md", &document("1/TB", "ngay_hieu_luc = 2024-03-01\n"));
    f.single_error(
        "documents/a.md",
        9,
        "`ngay_hieu_luc` (01/03/2024) trước ngày ban hành (15/03/2024)",
    );
}

#[test]
fn document_attachment_missing_or_of_an_unknown_type() {
    let f = Fixture::new();
    f.document(
        "a.md",
        &document("1/TB", "").replace("[\"a.pdf\"]", "[\"khong-co.pdf\", \"a.exe\"]"),
    );
    let errors = f.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0]
            .message
            .contains("tệp đính kèm \"khong-co.pdf\": không tìm thấy tệp"),
        "{errors:#?}"
    );
    assert!(
        errors[1]
            .message
            .contains("\"a.exe\": định dạng không được hỗ trợ"),
        "{errors:#?}"
    );
    assert!(errors.iter().all(|e| e.line == 8), "{errors:#?}");
}

#[test]
fn duplicate_document_number() {
    let f = Fixture::new();
    f.document("a.md", &document("1029-CV/HU", ""));
    f.document("b.md", &document("1029-CV/HU", "slug = \"khac\"\n"));
    f.single_error(
        "documents/b.md",
        2,
        "trùng số, ký hiệu \"1029-CV/HU năm 2024\" với",
    );
}

#[test]
fn document_numbers_start_again_each_year() {
    let f = Fixture::new();
    f.document("a.md", &document("05/NQ-HĐND", ""));
    f.document(
        "b.md",
        &document("05/NQ-HĐND", "").replace("2024-03-15", "2025-03-10"),
    );
    // An article of 2024 means the resolution of 2024, one of 2025 the newer one.
    for (name, date) in [("a.md", "2024-06-01"), ("b.md", "2025-06-01")] {
        f.article(
            name,
            &format!(
                "{}\nThực hiện Nghị quyết số 05/NQ-HĐND của HĐND huyện.\n",
                good(name, &format!("{date}T08:00:00+07:00"))
            ),
        );
    }
    let content = load(&f.content()).expect("valid");
    let slugs: Vec<&str> = content.documents.iter().map(|d| d.slug.as_str()).collect();
    assert_eq!(slugs, ["05-nq-hdnd-2025", "05-nq-hdnd-2024"]);
    let files = output::render(&content);
    for (article, href) in [
        ("a-md", "/van-ban/05-nq-hdnd-2024/"),
        ("b-md", "/van-ban/05-nq-hdnd-2025/"),
    ] {
        let a: api::Article =
            serde_json::from_slice(&files[&format!("api/v2/articles/{article}.json")]).unwrap();
        let json = serde_json::to_string(&a.body).unwrap();
        assert!(
            json.contains(&format!("\"href\":\"{href}\"")),
            "{article}: {json}"
        );
    }
}

#[test]
fn links_to_the_documents_library_are_checked_with_their_filters() {
    let f = Fixture::new();
    f.document("a.md", &document("1029-CV/HU", ""));
    f.article(
        "a.md",
        &format!(
            "{}\n[Công văn 2024](/van-ban/?loai=cong-van&nam=2024), [năm 2024](/van-ban/nam/2024/), [văn bản](/van-ban/1029-cv-hu-2024/).\n\n[Kế hoạch 2024](/van-ban/?loai=ke-hoach&nam=2024)\n",
            good("Bài", "2024-05-01T08:00:00+07:00")
        ),
    );
    f.single_error(
        "articles/a.md",
        11,
        "liên kết `/van-ban/?loai=ke-hoach&nam=2024` không dẫn tới trang nào",
    );
}

#[test]
fn documents_in_the_api_and_numbers_linked_from_articles() {
    let f = Fixture::new();
    f.document("a.md", &document("1029-CV/HU", "ngay_hieu_luc = 2024-04-01\n"));
    f.document(
        "b.md",
        &document("45-KH/HU", "")
            .replace("Công văn", "Kế hoạch")
            .replace("2024-03-15", "2025-01-02"),
    );
    f.article(
        "a.md",
        &format!(
            "{}\nThực hiện Công văn số 1029-CV/HU của Huyện ủy.\n",
            good("Bài", "2024-05-01T08:00:00+07:00")
        ),
    );
    let content = load(&f.content()).expect("valid");
    let files = output::render(&content);
    let index: api::DocumentIndex = serde_json::from_slice(&files["api/v2/documents/index.json"]).unwrap();
    assert_eq!(index.total, 2);
    let all: api::DocumentList =
        serde_json::from_slice(&files["api/v2/documents/lists/_/_/_/0.json"]).unwrap();
    let numbers: Vec<&str> = all.documents.iter().map(|d| d.number.as_str()).collect();
    assert_eq!(numbers, ["45-KH/HU", "1029-CV/HU"], "newest first");
    // Each combination of filters is a list of its own.
    let combined: api::DocumentList =
        serde_json::from_slice(&files["api/v2/documents/lists/cong-van/_/2024/0.json"]).unwrap();
    assert_eq!(combined.documents.len(), 1);
    assert!(!files.contains_key("api/v2/documents/lists/cong-van/_/2025/0.json"));
    let kinds: Vec<(&str, u32)> = index.kinds.iter().map(|k| (k.slug.as_str(), k.count)).collect();
    assert_eq!(kinds, [("cong-van", 1), ("ke-hoach", 1)]);
    let years: Vec<&str> = index.years.iter().map(|y| y.slug.as_str()).collect();
    assert_eq!(years, ["2025", "2024"]);
    let doc: api::Document = serde_json::from_slice(&files["api/v2/documents/1029-cv-hu-2024.json"]).unwrap();
    assert_eq!(doc.files[0].label(), "PDF, 1 KB");
    assert_eq!(doc.files[0].url, "/files/a.pdf");
    assert_eq!(doc.effective.map(|d| d.vi()), Some("01/04/2024".into()));
    let a: api::Article = serde_json::from_slice(&files["api/v2/articles/bai.json"]).unwrap();
    let json = serde_json::to_string(&a.body).unwrap();
    assert!(
        json.contains(r#"{"a":{"href":"/van-ban/1029-cv-hu-2024/","c":[{"text":"1029-CV/HU"}]}}"#),
        "{json}"
    );
    // Found by search by number: the document is in the index.
    let site: api::Site = serde_json::from_slice(&files["api/v2/site.json"]).unwrap();
    assert!(site.documents);
}

#[test]
fn pages_translations_must_match() {
    let f = Fixture::new();
    f.page("lien-he.md", "+++\ntitle = \"Liên hệ\"\nslug = \"lien-he\"\ntranslation = \"en/contact\"\nmenu = \"after\"\n+++\nĐịa chỉ.\n");
    f.page(
        "en/contact.md",
        "+++\ntitle = \"Contact\"\nslug = \"en/contact\"\nlang = \"en\"\n+++\nAddress.\n",
    );
    f.single_error(
        "pages/lien-he.md",
        4,
        "trang en/contact phải có translation = \"lien-he\"",
    );
}

#[test]
fn page_slugs_are_checked() {
    let f = Fixture::new();
    f.page("a.md", "+++\ntitle = \"A\"\nslug = \"bai-viet\"\n+++\nX.\n");
    f.page(
        "b.md",
        "+++\ntitle = \"B\"\nslug = \"contact\"\nlang = \"en\"\n+++\nX.\n",
    );
    f.page(
        "c.md",
        "+++\ntitle = \"C\"\nslug = \"gioi-thieu/lich-su\"\n+++\nX.\n",
    );
    f.page("d.md", "+++\ntitle = \"D\"\nslug = \"en/history\"\n+++\nX.\n");
    f.page(
        "e.md",
        "+++\ntitle = \"E\"\nslug = \"en/about\"\nlang = \"en\"\nmenu = \"after\"\n+++\nX.\n",
    );
    let errors = f.errors();
    let found: Vec<(String, usize, &str)> = errors
        .iter()
        .map(|e| (e.file.display().to_string(), e.line, e.message.as_str()))
        .collect();
    assert_eq!(errors.len(), 5, "{found:#?}");
    for (i, (file, line, message)) in [
        ("a.md", 3, "`slug` \"bai-viet\" không hợp lệ"),
        ("b.md", 3, "trang tiếng Anh phải có `slug` bắt đầu bằng \"en/\""),
        ("c.md", 3, "`slug` \"gioi-thieu/lich-su\" không hợp lệ"),
        ("d.md", 3, "dành cho trang tiếng Anh: thêm lang = \"en\""),
        ("e.md", 5, "trang tiếng Anh không nằm trong menu"),
    ]
    .into_iter()
    .enumerate()
    {
        assert!(
            found[i].0.ends_with(file) && found[i].1 == line && found[i].2.contains(message),
            "{i}: {found:#?}"
        );
    }
}

#[test]
fn pages_in_the_api_and_the_menu() {
    let f = Fixture::new();
    f.page("lien-he.md", "+++\ntitle = \"Liên hệ\"\nslug = \"lien-he\"\ntranslation = \"en/contact\"\nmenu = \"after\"\n+++\nĐịa chỉ: [gọi](tel:02970000000), [trang chủ](/).\n");
    f.page("en/contact.md", "+++\ntitle = \"Contact\"\nslug = \"en/contact\"\nlang = \"en\"\ntranslation = \"lien-he\"\n+++\nAddress, see [the Vietnamese page](/lien-he/).\n");
    let content = load(&f.content()).expect("valid");
    let files = output::render(&content);
    let site: api::Site = serde_json::from_slice(&files["api/v2/site.json"]).unwrap();
    assert_eq!(
        site.menu_after
            .iter()
            .map(|p| p.slug.as_str())
            .collect::<Vec<_>>(),
        ["lien-he"]
    );
    let en: api::Page = serde_json::from_slice(&files["api/v2/pages/en/contact.json"]).unwrap();
    assert_eq!(en.lang, "en");
    assert_eq!(en.translation.map(|t| t.slug), Some("lien-he".to_string()));
    // A broken link in a page is found too.
    let f2 = Fixture::new();
    f2.page("a.md", "+++\ntitle = \"A\"\nslug = \"a\"\n+++\nXem [b](/b/).\n");
    f2.single_error("pages/a.md", 5, "liên kết `/b/` không dẫn tới trang nào");
}

#[test]
fn the_exported_texts_are_in_the_order_of_the_search_results() {
    // `cargo xtask bench-search` reads line n as result n: a new article, a document
    // and a page each in their place.
    let dir = std::env::temp_dir().join(format!("portal-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    portal_content::generate::generate(
        &dir,
        portal_content::generate::Corpus {
            articles: 30,
            documents: 8,
            sections: 2,
            seed: 3,
        },
    )
    .unwrap();
    let content = portal_content::load(&dir).unwrap_or_else(|d| panic!("{d:?}"));
    let files = portal_content::output::render(&content);
    let lines: Vec<serde_json::Value> = portal_content::output::text_export(&content)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 38);
    for (n, line) in lines.iter().enumerate() {
        let doc: serde_json::Value =
            serde_json::from_slice(&files[&format!("api/v2/search/d/{n}.json")]).unwrap();
        assert_eq!(line["url"], doc["url"], "line {n}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_pictures_smaller_copies_beside_it_are_listed_and_published_when_they_are_what_they_say() {
    let f = Fixture::new();
    let svg = |w: u32| {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{}"><title>Ảnh</title></svg>"#,
            w * 9 / 16
        )
    };
    std::fs::write(f.content().join("media/anh-480.svg"), svg(480)).unwrap();
    // A "copy" that is not the width its name says is not one.
    std::fs::write(f.content().join("media/khac.svg"), svg(800)).unwrap();
    std::fs::write(f.content().join("media/khac-480.svg"), svg(500)).unwrap();
    f.article(
        "a.md",
        "+++\ntitle = \"Bài\"\npublished = 2020-08-10T13:19:00+07:00\ncategory = \"thong-bao\"\nimage = \"/media/anh.svg\"\nimage_alt = \"Ảnh\"\n+++\n\nĐoạn.\n\n![Khác](/media/khac.svg)\n",
    );
    let c = load(&f.content()).unwrap();
    let a = &c.articles[0];
    let image = a.image.as_ref().unwrap();
    assert_eq!(image.copies, 0b01, "the 480 px copy");
    assert_eq!(
        image.srcset().as_deref(),
        Some("/media/anh-480.svg 480w, /media/anh.svg 800w")
    );
    assert!(
        c.assets.contains_key("/media/anh-480.svg"),
        "the copy is published"
    );
    let Block::Figure(other) = &a.body[1] else {
        panic!("{:?}", a.body)
    };
    assert_eq!(other.copies, 0);
    assert!(!c.assets.contains_key("/media/khac-480.svg"));
}
