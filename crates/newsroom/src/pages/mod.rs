//! The newsroom's pages, as HTML made by maud (every value escaped for its place). They
//! are plain forms: they work before any script, on an office PC or a phone.

use maud::{html, Markup, DOCTYPE};

mod accounts;
pub mod articles;
pub mod documents;
pub mod settings;
pub mod static_pages;

pub use accounts::*;

use crate::accounts::{Role, User};
use crate::desk::State;

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
                            span.who data-user=(o.user.name) { bdi { (o.user.display) } " (" (o.user.role.label()) ")" }
                            a href="/bai-viet" { "Bài viết" }
                            @if o.user.role != Role::PhongVien {
                                a href="/van-ban" { "Văn bản" }
                                a href="/trang" { "Các trang" }
                            }
                            @if o.user.role == Role::QuanTri {
                                a href="/nguoi-dung" { "Người dùng" }
                                a href="/cai-dat" { "Cài đặt" }
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

/// The officer's home: what waits on the desk, and how the public site is.
pub fn home(
    officer: &Officer,
    counts: &[(State, usize)],
    site: Option<&str>,
    deploy_problem: Option<&str>,
) -> Markup {
    layout(
        "Trang chính",
        Some(officer),
        html! {
            h1 { "Xin chào, " bdi { (officer.user.display) } }
            p { "Bạn đăng nhập với vai trò " strong { (officer.user.role.label()) } "." }
            p { a.button href="/bai-viet/moi" { "Viết bài mới" } }
            h2 { "Bài viết" }
            ul.counts {
                @for (state, n) in counts {
                    li { a href={ "/bai-viet?trang-thai=" (state.key()) } { (state.label()) ": " (n) } }
                }
            }
            @if let Some(problem) = deploy_problem {
                p.problem role="alert" { (problem) }
            }
            @if let Some(line) = site {
                p.note { (line) }
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
.stack button,.users button{margin-top:.5rem;background:#8b1a1a;color:#fff;border:0;border-radius:.25rem;cursor:pointer}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
a{color:#1d4ed8;min-height:2.75rem;display:inline-flex;align-items:center}
.problem{border-left:.25rem solid #b91c1c;padding:.5rem 1rem;background:#fef2f2}
.made{border-left:.25rem solid #166534;padding:.5rem 1rem;background:#f0fdf4}
.password code{font-size:1.5rem;letter-spacing:.1em}
.note{color:#444}
.users{list-style:none;padding:0}
.users li{border-bottom:1px solid #ddd;padding:.5rem 0}
.users form{display:flex;flex-wrap:wrap;gap:.25rem .5rem;align-items:center;margin:.25rem 0}
.users select{max-width:100%}
textarea{font:inherit;padding:.5rem;box-sizing:border-box;width:100%}
.editor{max-width:none}
.editor input[type=text],.editor select{width:100%}
fieldset{min-width:0;border:1px solid #ccc;border-radius:.25rem;display:flex;flex-direction:column;gap:.5rem;padding:.5rem 1rem 1rem}
.check{display:flex;gap:.5rem;align-items:center;min-height:2.75rem}
.check input{width:2.75rem;height:2.75rem;margin:0}
.field-problem{color:#b91c1c;margin:0;font-weight:600}
a.button{background:#8b1a1a;color:#fff;padding:.25rem 1rem;border-radius:.25rem;text-decoration:none}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
.filters div{display:flex;flex-direction:column}
.filters button{background:#8b1a1a;color:#fff;border:0;border-radius:.25rem;padding:.25rem 1rem}
.articles{list-style:none;padding:0}
.articles li{border-bottom:1px solid #ddd;padding:.25rem 0}
.meta{display:block;color:#444;font-size:.9rem}
.state{font-weight:600}
.steps{margin-top:2rem;border-top:2px solid #8b1a1a}
.steps form{margin-bottom:1rem}
.diff p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
del{background:#fee2e2;color:#7f1d1d}
ins{background:#dcfce7;color:#14532d;text-decoration:none}
pre.their{white-space:pre-wrap;overflow-wrap:anywhere;background:#f5f5f5;padding:.5rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.counts{padding-left:1.25rem}
.pager{display:flex;gap:1rem}
img.current{max-width:100%;height:auto;max-height:12rem;align-self:flex-start}
input[type=file]{min-height:2.75rem;max-width:100%}
.choices{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
.choices a{border:1px solid #8b1a1a;border-radius:.25rem;padding:0 .75rem;text-decoration:none}
.choices a[aria-current]{background:#8b1a1a;color:#fff}
.frame-box{overflow-x:auto;border:1px solid #ccc}
iframe.preview{display:block;border:0;height:80vh;width:100%}
iframe.w360{width:360px;max-width:none}
iframe.w1024{width:1024px;max-width:none}
.has-editor #than-bai,.has-editor #cach-viet{display:none}
.editor-tools{display:flex;gap:.25rem;position:sticky;top:0;background:#fff;padding:.25rem 0;z-index:1;overflow-x:auto}
.editor-tools button{flex:none}
.rich>*,.rich img{scroll-margin-top:3.5rem}
.editor-tools button{min-height:2.75rem;background:#fff;color:#1b1b1b;border:1px solid #767676;border-radius:.25rem;padding:0 .6rem;cursor:pointer;font:inherit}
.rich{border:1px solid #767676;border-radius:.25rem;padding:.5rem 1rem;min-height:16rem;overflow-wrap:anywhere}
.rich:focus{outline:3px solid #1d4ed8;outline-offset:2px}
.body-editor{display:contents}
.rich img{max-width:100%;height:auto}
.rich img.chosen{outline:3px solid #1d4ed8}
.editor-status{margin:0}.editor-status:empty{padding:0;border:0}
.progress{position:fixed;left:0;right:0;bottom:0;margin:0;padding:.75rem 1rem;background:#1b1b1b;color:#fff;font-weight:600;z-index:2}
.progress:not(.shown){width:1px;height:1px;padding:0;overflow:hidden;clip-path:inset(50%)}
.rich table{border-collapse:collapse}.rich td,.rich th{border:1px solid #999;padding:.25rem .5rem}
.rich blockquote{border-left:.25rem solid #ccc;margin-left:0;padding-left:1rem}
summary{min-height:2.75rem;display:flex;align-items:center;cursor:pointer}
"#;
