//! Pasting from Word, Google Docs and a web page keeps the article's structure and
//! drops the styling; the editor's round trip (Markdown → its HTML → Markdown) keeps
//! every sample article as the content build reads it.

use newsroom_editor::{clean::to_markdown, markdown::to_html};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn word_keeps_headings_lists_tables_bold_italic_and_links() {
    let md = to_markdown(&fixture("word.html"));
    assert_eq!(
        md,
        "## Kết quả thực hiện Đề án 06 năm 2024\n\n\
         Năm 2024, **Ủy ban nhân dân xã** tiếp tục triển khai *Đề án 06* của Chính phủ; kết quả cụ thể như sau:\n\n\
         - Một là, 100% hồ sơ thủ tục hành chính được tiếp nhận trực tuyến;\n\
         - Hai là, cấp **1.250** tài khoản định danh điện tử mức 2.\n\n\
         ## Các bước thực hiện\n\n\
         1. Rà soát dữ liệu dân cư;\n\
         2. Cập nhật lên hệ thống.\n\n\
         | **Chỉ tiêu** | **Kết quả** |\n\
         | --- | --- |\n\
         | Hồ sơ trực tuyến | 100% |\n\n\
         Xem thêm tại [Cổng Dịch vụ công quốc gia](https://dichvucong.gov.vn/) hoặc đây.\n"
    );
}

#[test]
fn google_docs_marks_come_from_its_styles_not_its_wrapper() {
    let md = to_markdown(&fixture("gdocs.html"));
    assert_eq!(
        md,
        "## Lịch tiếp công dân tháng 12\n\n\
         Chủ tịch UBND xã **tiếp công dân định kỳ** *vào thứ Năm* hằng tuần.\n\n\
         - Địa điểm: Phòng tiếp dân\n\
         - Thời gian: 7 giờ 30 – 11 giờ\n"
    );
}

#[test]
fn a_web_page_loses_its_scripts_menus_and_foreign_pictures() {
    let md = to_markdown(&fixture("web.html"));
    assert_eq!(
        md,
        "### Thông báo *khẩn*\n\n\
         Mực nước sông Cái Lớn dâng cao. Bà con **không** đi đò khi trời tối.\n\n\
         > An toàn là trên hết.\n\n\
         1\\. Đây không phải danh sách; # cũng không phải tiêu đề; giá 5\\*3 và a\\_b \\&nbsp; \\<b>\n\n\
         Ảnh\n\n\
         ![Cánh đồng lúa](/media/canh-dong-lua.svg)\n\n\
         - Mục một\n\
         - Mục con\n\
         - Mục hai\n"
    );
    for gone in [
        "alert",
        "steal",
        "Trang chủ",
        "evil",
        "tracker",
        "Georgia",
        "color",
    ] {
        assert!(!md.contains(gone), "{gone}");
    }
}

#[test]
fn the_editor_shows_markdown_without_running_anything() {
    let html = to_html("Chữ <script>alert(1)</script> [đi](javascript:alert(1)) ![x](https://evil.example/p.gif)\n\n- Một là\n");
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
    assert!(!html.contains("javascript:"));
    assert!(!html.contains("evil.example"));
    assert!(html.contains("<li>Một là</li>"));
}

/// The content build's reading of a body, as its blocks.
fn blocks(body: &str) -> Vec<portal_core::api::Block> {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let assets = portal_content::assets::Assets::new(&content);
    let mut diags = Vec::new();
    let mut r = portal_content::Reporter {
        file: std::path::Path::new("x.md"),
        diags: &mut diags,
    };
    portal_content::markdown::parse(body, 1, &assets, &mut r).0
}

#[test]
fn every_sample_article_survives_the_editor_unchanged() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/articles");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let body = text.splitn(3, "+++").nth(2).unwrap();
        let again = to_markdown(&to_html(body));
        assert_eq!(
            blocks(&again),
            blocks(body),
            "changed by the editor:\n{body}\n---\n{again}"
        );
        // And a second time changes nothing at all.
        assert_eq!(to_markdown(&to_html(&again)), again);
        n += 1;
    }
    assert!(n >= 40, "{n} sample articles");
}

#[test]
fn a_foreign_picture_does_not_swallow_the_text_after_it() {
    let html = to_html("![a](https://x.example/y.png) và ![b](/media/c.jpg) Văn bản sau ảnh.\n");
    assert!(html.contains(r#"<img src="/media/c.jpg" alt="b" />"#), "{html}");
    assert!(html.contains("Văn bản sau ảnh."), "{html}");
    assert!(!html.contains("x.example"));
    let md = to_markdown(
        r#"<p><img src="/media/a.jpg)[Nhấn](https://lua.example)(" alt="x"> <a href="https://a.example/x\\)">y</a></p>"#,
    );
    assert!(!md.contains("lua.example"), "{md}");
    assert!(!md.contains("\\)"), "{md}");
}
