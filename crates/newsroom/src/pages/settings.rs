//! Quản trị's settings page: the site's name, the office's contact, the sections and
//! the footer's links.

use maud::{html, Markup};

use super::{layout, problem, Officer};
use crate::settings::Settings;

fn text_field(id: &str, name: &str, label: &str, value: &str) -> Markup {
    html! {
        label for=(id) { (label) }
        input id=(id) type="text" name=(name) value=(value);
    }
}

pub fn settings(
    officer: &Officer,
    s: &Settings,
    base: &str,
    done: Option<&str>,
    message: Option<&str>,
) -> Markup {
    layout(
        "Cài đặt trang",
        Some(officer),
        html! {
            h1 { "Cài đặt trang" }
            @if let Some(d) = done { p.made role="status" { (d) } }
            (problem(message))
            form.stack.editor method="post" action="/cai-dat" {
                input type="hidden" name="csrf" value=(officer.csrf);
                input type="hidden" name="base" value=(base);
                fieldset {
                    legend { "Cổng thông tin" }
                    (text_field("ten", "ten", "Tên cổng thông tin", &s.name))
                    (text_field("ten-ngan", "ten-ngan", "Tên ngắn dưới biểu tượng trên màn hình điện thoại (tối đa 16 ký tự, không bắt buộc)", &s.short_name))
                    (text_field("don-vi", "don-vi", "Tên cơ quan", &s.unit_name))
                    label for="mo-ta" { "Mô tả (hiện trong kết quả tìm kiếm và khi chia sẻ)" }
                    textarea #mo-ta name="mo-ta" rows="3" { (s.description) }
                }
                fieldset {
                    legend { "Liên hệ" }
                    (text_field("dia-chi", "dia-chi", "Địa chỉ", &s.address))
                    (text_field("dien-thoai", "dien-thoai", "Điện thoại", &s.phone))
                    (text_field("email", "email", "Thư điện tử", &s.email))
                    (text_field("fax", "fax", "Fax (không bắt buộc)", &s.fax))
                }
                fieldset {
                    legend { "Chuyên mục" }
                    @for (i, (slug, name, description)) in s.sections.iter().enumerate() {
                        (text_field(&format!("muc-{i}-ten"), &format!("muc-{i}-ten"), &format!("Tên chuyên mục (địa chỉ /chuyen-muc/{slug}/, không đổi)"), name))
                        (text_field(&format!("muc-{i}-mo-ta"), &format!("muc-{i}-mo-ta"), "Mô tả chuyên mục", description))
                    }
                    (text_field("muc-moi-ten", "muc-moi-ten", "Thêm chuyên mục mới: tên", ""))
                    (text_field("muc-moi-mo-ta", "muc-moi-mo-ta", "Mô tả chuyên mục mới", ""))
                }
                fieldset {
                    legend { "Liên kết ở chân trang" }
                    @for (i, (name, url)) in s.links.iter().enumerate() {
                        (text_field(&format!("lk-{i}-ten"), &format!("lk-{i}-ten"), "Tên liên kết (xóa cả tên và địa chỉ để bỏ)", name))
                        (text_field(&format!("lk-{i}-url"), &format!("lk-{i}-url"), "Địa chỉ (https://…)", url))
                    }
                    (text_field("lk-moi-ten", "lk-moi-ten", "Thêm liên kết: tên", ""))
                    (text_field("lk-moi-url", "lk-moi-url", "Địa chỉ liên kết mới (https://…)", ""))
                }
                button type="submit" { "Lưu cài đặt và dựng lại trang" }
            }
        },
    )
}
