//! The static pages' list and their form.

use maud::{html, Markup};

use super::{layout, problem, Officer};
use crate::static_page::Page;

fn address(p: &Page) -> String {
    format!("/trang/{}", p.file.trim_end_matches(".md"))
}

pub fn list(officer: &Officer, pages: &[Page]) -> Markup {
    layout(
        "Các trang",
        Some(officer),
        html! {
            h1 { "Các trang của cổng" }
            p.note { "Giới thiệu, liên hệ và các trang khác (cả bản tiếng Anh). Sửa xong bấm “Lưu”: trang công khai được cập nhật ngay." }
            ul.articles {
                @for p in pages {
                    li {
                        a href=(address(p)) lang=(p.lang) { bdi { (p.title) } }
                        span.meta { "/" (p.slug) "/" @if p.lang == "en" { " · tiếng Anh" } }
                    }
                }
            }
        },
    )
}

pub fn form(
    officer: &Officer,
    p: &Page,
    base: &str,
    done: Option<&str>,
    message: Option<&str>,
    script: bool,
) -> Markup {
    layout(
        "Sửa trang",
        Some(officer),
        html! {
            p { a href="/trang" { "← Các trang" } }
            h1 { "Sửa trang" }
            p.note { "Địa chỉ: /" (p.slug) "/" @if p.lang == "en" { " (tiếng Anh)" } }
            @if let Some(d) = done { p.made role="status" { (d) } }
            (problem(message))
            form.stack.editor method="post" action=(address(p)) {
                input type="hidden" name="csrf" value=(officer.csrf);
                input type="hidden" name="base" value=(base);
                label for="tieu-de" { "Tiêu đề" }
                input #tieu-de type="text" name="title" value=(p.title) lang=(p.lang) required;
                label for="mo-ta" { "Mô tả ngắn (hiện trong kết quả tìm kiếm và khi chia sẻ)" }
                textarea #mo-ta name="description" rows="2" lang=(p.lang) { (p.description) }
                label for="than-bai" { "Nội dung" }
                p.note id="cach-viet" {
                    "Các đoạn cách nhau một dòng trống. Dòng bắt đầu bằng “## ” là tiêu đề mục; "
                    "“- ” là một ý của danh sách; **chữ đậm**, *chữ nghiêng*; liên kết viết [chữ](https://địa-chỉ)."
                }
                textarea #than-bai name="body" rows="18" lang=(p.lang) aria-describedby="cach-viet" { (p.body) }
                button type="submit" { "Lưu và cập nhật trang công khai" }
            }
            @if script {
                script type="module" src="/bien-tap/khoi-dong.js" {}
            }
        },
    )
}
