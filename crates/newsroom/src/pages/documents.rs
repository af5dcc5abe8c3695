//! The documents library's list and form.

use maud::{html, Markup};

use super::{layout, problem, Officer};
use crate::document::{Doc, Fields};

pub const PER_PAGE: usize = 50;

pub fn list(officer: &Officer, shown: &[(String, Doc)], total: usize, q: &str, page: usize) -> Markup {
    let pages = total.div_ceil(PER_PAGE).max(1);
    let href = |p: usize| {
        let query =
            serde_urlencoded::to_string([("q", q.to_string()), ("trang", p.to_string())]).unwrap_or_default();
        format!("/van-ban?{query}")
    };
    layout(
        "Văn bản",
        Some(officer),
        html! {
            h1 { "Văn bản" }
            p { a.button href="/van-ban/moi" { "Thêm văn bản" } }
            form.filters method="get" action="/van-ban" role="search" {
                div {
                    label for="tim-van-ban" { "Tìm theo số, ký hiệu hoặc trích yếu" }
                    input #tim-van-ban type="search" name="q" value=(q);
                }
                button type="submit" { "Tìm" }
            }
            p role="status" { (total) " văn bản" @if pages > 1 { ", trang " (page + 1) "/" (pages) } "." }
            ul.articles {
                @for (id, d) in shown {
                    li {
                        a href={ "/van-ban/" (id) } { (d.fields.so_ky_hieu) }
                        span.meta { (d.fields.loai) " · " (d.fields.ngay_ban_hanh) " · " (d.fields.trich_yeu) }
                    }
                }
            }
            @if pages > 1 {
                nav.pager aria-label="Các trang của danh sách" {
                    @if page > 0 { a href=(href(page - 1)) { "← Trang trước" } }
                    @if page + 1 < pages { a href=(href(page + 1)) { "Trang sau →" } }
                }
            }
        },
    )
}

pub struct Form<'a> {
    /// `None`: a new document.
    pub id: Option<&'a str>,
    pub fields: &'a Fields,
    pub files: &'a [String],
    /// The files the officer chose to keep, when the form comes back refused (`None`:
    /// all are ticked).
    pub kept: Option<&'a [String]>,
    pub base: &'a str,
    pub done: Option<&'a str>,
    pub message: Option<&'a str>,
    pub script: bool,
}

fn text(id: &str, name: &str, label: &str, value: &str, kind: &str) -> Markup {
    html! {
        label for=(id) { (label) }
        input id=(id) type=(kind) name=(name) value=(value);
    }
}

pub fn form(officer: &Officer, f: &Form) -> Markup {
    let action =
        f.id.map_or_else(|| "/van-ban/moi".to_string(), |id| format!("/van-ban/{id}"));
    let title = if f.id.is_some() {
        "Sửa văn bản"
    } else {
        "Thêm văn bản"
    };
    let d = f.fields;
    layout(
        title,
        Some(officer),
        html! {
            p { a href="/van-ban" { "← Văn bản" } }
            h1 { (title) }
            @if let Some(done) = f.done { p.made role="status" { (done) } }
            (problem(f.message))
            form.stack.editor method="post" action=(action) enctype="multipart/form-data" {
                input type="hidden" name="csrf" value=(officer.csrf);
                input type="hidden" name="base" value=(f.base);
                (text("so", "so_ky_hieu", "Số, ký hiệu (ví dụ 05/NQ-HĐND)", &d.so_ky_hieu, "text"))
                (text("loai", "loai", "Loại văn bản (Nghị quyết, Quyết định, Công văn…)", &d.loai, "text"))
                (text("co-quan", "co_quan", "Cơ quan ban hành", &d.co_quan, "text"))
                (text("ngay-bh", "ngay_ban_hanh", "Ngày ban hành", &d.ngay_ban_hanh, "date"))
                (text("ngay-hl", "ngay_hieu_luc", "Ngày có hiệu lực (không bắt buộc)", &d.ngay_hieu_luc, "date"))
                (text("nguoi-ky", "nguoi_ky", "Người ký", &d.nguoi_ky, "text"))
                label for="trich-yeu" { "Trích yếu" }
                textarea #trich-yeu name="trich_yeu" rows="3" { (d.trich_yeu) }
                fieldset {
                    legend { "Tệp đính kèm" }
                    @for (i, file) in f.files.iter().enumerate() {
                        label.check for={ "giu-" (i) } {
                            input id={ "giu-" (i) } type="checkbox" name="giu" value=(file)
                                checked[f.kept.is_none_or(|k| k.contains(file))];
                            " Giữ " (file)
                        }
                    }
                    label for="tep" { "Thêm tệp (PDF, DOC, DOCX, XLS, XLSX, ODT, ODS, ZIP; tối đa 50 MB)" }
                    input #tep type="file" name="tep";
                }
                label for="than-bai" { "Ghi chú về văn bản (không bắt buộc)" }
                p.note id="cach-viet" {
                    "Các đoạn cách nhau một dòng trống; **chữ đậm**, *chữ nghiêng*; liên kết viết [chữ](https://địa-chỉ)."
                }
                textarea #than-bai name="body" rows="8" aria-describedby="cach-viet" { (d.body) }
                button type="submit" { "Lưu và cập nhật trang công khai" }
            }
            @if f.script {
                script type="module" src="/bien-tap/khoi-dong.js" {}
            }
        },
    )
}
