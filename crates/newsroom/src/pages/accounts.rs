//! The sign-in, password and users pages.

use maud::{html, Markup};

use super::{layout, problem, Officer};
use crate::accounts::{Role, User, MIN_PASSWORD_CHARS};
use crate::sessions::NAME_FROM_ONE_PLACE;

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

/// What was just done on the users page.
pub enum Done<'a> {
    Given(Given<'a>),
    /// A role changed, an account locked or opened again: the sentence saying so.
    Changed(String),
}

/// The users page (quản trị), with what was just done, if anything: each officer with
/// their role and whether their account is in use, which quản trị changes (not their
/// own), and a new one-time password for one who lost theirs.
pub fn users(officer: &Officer, all: &[User], done: Option<Done>, message: Option<&str>) -> Markup {
    layout(
        "Người dùng",
        Some(officer),
        html! {
            h1 { "Người dùng" }
            @match done {
                Some(Done::Given(g)) => div.made role="status" {
                    p {
                        @if g.new_account { "Đã tạo tài khoản " } @else { "Đã cấp mật khẩu mới cho " }
                        strong { (g.name) } ". Mật khẩu dùng một lần:"
                    }
                    p.password { code { (g.password) } }
                    p { "Hãy trao mật khẩu này trực tiếp cho người dùng; họ sẽ phải đổi mật khẩu ở lần đăng nhập tới. Mật khẩu không được hiển thị lại." }
                },
                Some(Done::Changed(sentence)) => p.made role="status" { (sentence) },
                None => {},
            }
            (problem(message))
            ul.users {
                @for u in all {
                    li {
                        p.who {
                            strong { bdi { (u.display) } } " (" (u.name) ") — " (u.role.label())
                            @if u.disabled { " — " strong { "đã khóa" } }
                        }
                        @if u.name != officer.user.name {
                            form.inline method="post" action="/nguoi-dung/vai-tro" {
                                input type="hidden" name="csrf" value=(officer.csrf);
                                input type="hidden" name="name" value=(u.name);
                                label for={ "vai-tro-" (u.name) } { "Vai trò" }
                                select id={ "vai-tro-" (u.name) } name="role" {
                                    @for r in Role::ALL {
                                        option value=(r.key()) selected[r == u.role] { (r.label()) }
                                    }
                                }
                                label for={ "trang-thai-" (u.name) } { "Tài khoản" }
                                select id={ "trang-thai-" (u.name) } name="trang_thai" {
                                    option value="dung" selected[!u.disabled] { "Đang dùng" }
                                    option value="khoa" selected[u.disabled] { "Khóa (không đăng nhập được)" }
                                }
                                button type="submit" aria-label={ "Lưu vai trò và tài khoản của " (u.name) } { "Lưu" }
                            }
                            form method="post" action="/nguoi-dung/cap-mat-khau" {
                                input type="hidden" name="csrf" value=(officer.csrf);
                                input type="hidden" name="name" value=(u.name);
                                button type="submit" aria-label={ "Cấp mật khẩu mới cho " (u.name) } { "Cấp mật khẩu mới" }
                            }
                        } @else {
                            p.note { "Đây là bạn: mật khẩu của bạn được đổi ở trang “Đổi mật khẩu”." }
                        }
                    }
                }
            }
            h2 { "Thêm người dùng" }
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
