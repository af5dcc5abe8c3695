//! The newsroom's pages, as HTML made by maud (every value escaped for its place). They
//! are plain forms: they work before any script, on an office PC or a phone.

use maud::{html, Markup, DOCTYPE};

use crate::accounts::{Role, User, MIN_PASSWORD_CHARS};
use crate::sessions::NAME_FROM_ONE_PLACE;

/// The signed-in officer as a page shows them, with the token their forms send back.
pub struct Officer<'a> {
    pub user: &'a User,
    pub csrf: &'a str,
}

fn layout(title: &str, officer: Option<&Officer>, main: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) " – Tòa soạn" }
                link rel="stylesheet" href="/toa-soan.css";
            }
            body {
                header.top {
                    a.brand href="/" { "Tòa soạn" }
                    @if let Some(o) = officer {
                        nav aria-label="Tài khoản" {
                            span.who { bdi { (o.user.display) } " (" (o.user.role.label()) ")" }
                            @if o.user.role == Role::QuanTri {
                                a href="/nguoi-dung" { "Người dùng" }
                            }
                            a href="/mat-khau" { "Đổi mật khẩu" }
                            form method="post" action="/dang-xuat" {
                                input type="hidden" name="csrf" value=(o.csrf);
                                button type="submit" { "Đăng xuất" }
                            }
                        }
                    }
                }
                main id="noi-dung" { (main) }
            }
        }
    }
}

fn problem(message: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = message {
            p.problem role="alert" { (m) }
        }
    }
}

pub fn sign_in(token: &str, name: &str, message: Option<&str>) -> Markup {
    layout(
        "Đăng nhập",
        None,
        html! {
            h1 { "Đăng nhập" }
            (problem(message))
            form.stack method="post" action="/dang-nhap" {
                input type="hidden" name="csrf" value=(token);
                label for="ten" { "Tên đăng nhập" }
                input #ten type="text" name="name" value=(name) autocomplete="username"
                    autocapitalize="none" spellcheck="false" required;
                label for="mat-khau" { "Mật khẩu" }
                input #mat-khau type="password" name="password" autocomplete="current-password" required;
                button type="submit" { "Đăng nhập" }
            }
            p.note {
                "Sau " (NAME_FROM_ONE_PLACE) " lần nhập sai, việc đăng nhập bị tạm khóa 15 phút. "
                "Quên mật khẩu? Hãy nhờ người quản trị cấp mật khẩu mới."
            }
        },
    )
}

pub fn home(officer: &Officer) -> Markup {
    layout(
        "Trang chính",
        Some(officer),
        html! {
            h1 { "Xin chào, " bdi { (officer.user.display) } }
            p { "Bạn đăng nhập với vai trò " strong { (officer.user.role.label()) } "." }
            p.note {
                "Tòa soạn đang được xây dựng: phần viết bài, duyệt và xuất bản sẽ có ở đây. "
                "Hiện đã có đăng nhập, phân quyền và quản lý người dùng."
            }
        },
    )
}

pub fn change_password(officer: &Officer, message: Option<&str>) -> Markup {
    layout(
        "Đổi mật khẩu",
        Some(officer),
        html! {
            h1 { "Đổi mật khẩu" }
            @if officer.user.must_change {
                p { "Mật khẩu hiện tại do người khác cấp cho bạn. Hãy đặt mật khẩu của riêng bạn trước khi làm việc." }
            }
            (problem(message))
            form.stack method="post" action="/mat-khau" {
                input type="hidden" name="csrf" value=(officer.csrf);
                label for="cu" { "Mật khẩu hiện tại" }
                input #cu type="password" name="current" autocomplete="current-password" required;
                label for="moi" { "Mật khẩu mới (ít nhất " (MIN_PASSWORD_CHARS) " ký tự)" }
                input #moi type="password" name="new" autocomplete="new-password"
                    minlength=(MIN_PASSWORD_CHARS) required;
                button type="submit" { "Lưu mật khẩu mới" }
            }
        },
    )
}

/// A one-time password just given: to a new account, or anew to an officer who lost
/// theirs.
pub struct Given<'a> {
    pub name: &'a str,
    pub password: &'a str,
    pub new_account: bool,
}

/// The users page (quản trị), with the one-time password just given, if any.
pub fn users(officer: &Officer, all: &[User], given: Option<Given>, message: Option<&str>) -> Markup {
    layout(
        "Người dùng",
        Some(officer),
        html! {
            h1 { "Người dùng" }
            @if let Some(g) = given {
                div.made role="status" {
                    p {
                        @if g.new_account { "Đã tạo tài khoản " } @else { "Đã cấp mật khẩu mới cho " }
                        strong { (g.name) } ". Mật khẩu dùng một lần:"
                    }
                    p.password { code { (g.password) } }
                    p { "Hãy trao mật khẩu này trực tiếp cho người dùng; họ sẽ phải đổi mật khẩu ở lần đăng nhập tới. Mật khẩu không được hiển thị lại." }
                }
            }
            div.table-box { table {
                thead {
                    tr {
                        th scope="col" { "Tên đăng nhập" }
                        th scope="col" { "Họ tên" }
                        th scope="col" { "Vai trò" }
                        th scope="col" { "Mật khẩu" }
                    }
                }
                tbody {
                    @for u in all {
                        tr {
                            td { (u.name) }
                            td { bdi { (u.display) } }
                            td { (u.role.label()) }
                            td {
                                @if u.name != officer.user.name {
                                    form method="post" action="/nguoi-dung/cap-mat-khau" {
                                        input type="hidden" name="csrf" value=(officer.csrf);
                                        input type="hidden" name="name" value=(u.name);
                                        button type="submit" aria-label={ "Cấp mật khẩu mới cho " (u.name) } { "Cấp mới" }
                                    }
                                }
                            }
                        }
                    }
                }
            } }
            h2 { "Thêm người dùng" }
            (problem(message))
            form.stack method="post" action="/nguoi-dung" {
                input type="hidden" name="csrf" value=(officer.csrf);
                label for="ten" { "Tên đăng nhập (chữ không dấu, ví dụ: nguyenvana)" }
                input #ten type="text" name="name" autocapitalize="none" spellcheck="false" required;
                label for="ho-ten" { "Họ tên" }
                input #ho-ten type="text" name="display" required;
                label for="vai-tro" { "Vai trò" }
                select #vai-tro name="role" {
                    @for r in Role::ALL {
                        option value=(r.key()) { (r.label()) }
                    }
                }
                button type="submit" { "Tạo tài khoản" }
            }
        },
    )
}

/// A refusal (403, 400…) with a way back.
pub fn refused(officer: Option<&Officer>, title: &str, message: &str) -> Markup {
    layout(
        title,
        officer,
        html! {
            h1 { (title) }
            p role="alert" { (message) }
            p { a href="/" { "Về trang chính" } }
        },
    )
}

pub const STYLE: &str = r#"html{font-family:system-ui,sans-serif;line-height:1.5;color:#1b1b1b;background:#fff}
body{margin:0}
.top{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.5rem 1rem;background:#8b1a1a;color:#fff}
.top a,.top button{color:#fff}
.brand{font-weight:700;font-size:1.25rem;text-decoration:none}
.top nav{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
.top form{margin:0}
.top button{background:none;border:1px solid #fff;border-radius:.25rem;padding:.5rem .75rem;min-height:2.75rem;font:inherit;cursor:pointer}
main{max-width:40rem;margin:0 auto;padding:1rem}
.stack{display:flex;flex-direction:column;gap:.5rem;max-width:28rem}
input,select,button{font:inherit;min-height:2.75rem;padding:.25rem .5rem;box-sizing:border-box}
.stack button,td button{margin-top:.5rem;background:#8b1a1a;color:#fff;border:0;border-radius:.25rem;cursor:pointer}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
a{color:#1d4ed8;min-height:2.75rem;display:inline-flex;align-items:center}
.problem{border-left:.25rem solid #b91c1c;padding:.5rem 1rem;background:#fef2f2}
.made{border-left:.25rem solid #166534;padding:.5rem 1rem;background:#f0fdf4}
.password code{font-size:1.5rem;letter-spacing:.1em}
.note{color:#444}
.table-box{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.5rem;border-bottom:1px solid #ccc}
"#;
