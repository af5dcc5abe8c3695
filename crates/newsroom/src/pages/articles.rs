//! The articles' pages: the list, the writing form with its workflow steps, the
//! history of saves and the changes between two versions.

use maud::{html, Markup};

use super::{layout, problem, Officer};
use crate::article::{Draft, Field, Problem};
use crate::desk::{self, Entry, State, Status, Step};
use crate::history::Version;

/// A section as the form offers it: slug, name.
pub type Sections = [(String, String)];

/// What the list shows, as asked in its address.
#[derive(Default, serde::Deserialize)]
pub struct Filter {
    #[serde(default, rename = "trang-thai")]
    pub state: String,
    #[serde(default, rename = "chuyen-muc")]
    pub section: String,
    #[serde(default, rename = "nguoi-viet")]
    pub writer: String,
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub trang: usize,
}

pub const PER_PAGE: usize = 50;

impl Filter {
    /// The words searched for, folded (at most 200 characters are read).
    pub fn words(&self) -> Vec<String> {
        let q: String = self.q.chars().take(200).collect();
        portal_core::fold::fold(&q.to_lowercase())
            .split_whitespace()
            .map(String::from)
            .collect()
    }

    /// Whether the list shows `e`, for the folded `words`.
    pub fn keeps(&self, e: &Entry, words: &[String]) -> bool {
        (self.state.is_empty() || e.state.key() == self.state)
            && (self.section.is_empty() || e.category == self.section)
            && (self.writer.is_empty() || e.writer == self.writer)
            && (words.is_empty() || {
                let title = portal_core::fold::fold(&e.title.to_lowercase());
                words.iter().all(|w| title.contains(w.as_str()))
            })
    }

    /// This filter's address on page `page` (0-based).
    fn href(&self, page: usize) -> String {
        let q: Vec<(&str, String)> = [
            ("trang-thai", self.state.clone()),
            ("chuyen-muc", self.section.clone()),
            ("nguoi-viet", self.writer.clone()),
            ("q", self.q.clone()),
            (
                "trang",
                if page == 0 {
                    String::new()
                } else {
                    page.to_string()
                },
            ),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        let query = serde_urlencoded::to_string(q).unwrap_or_default();
        if query.is_empty() {
            "/bai-viet".into()
        } else {
            format!("/bai-viet?{query}")
        }
    }
}

fn section_name<'a>(sections: &'a Sections, slug: &'a str) -> &'a str {
    sections
        .iter()
        .find(|(s, _)| s == slug)
        .map_or(slug, |(_, n)| n.as_str())
}

pub fn list(
    officer: &Officer,
    shown: &[Entry],
    total: usize,
    filter: &Filter,
    sections: &Sections,
    writers: &[(String, String)],
) -> Markup {
    let pages = total.div_ceil(PER_PAGE).max(1);
    layout(
        "Bài viết",
        Some(officer),
        html! {
            h1 { "Bài viết" }
            p { a.button href="/bai-viet/moi" { "Viết bài mới" } }
            form.filters method="get" action="/bai-viet" role="search" {
                div {
                    label for="loc-trang-thai" { "Trạng thái" }
                    select #loc-trang-thai name="trang-thai" {
                        option value="" { "Tất cả" }
                        @for s in State::ALL {
                            option value=(s.key()) selected[filter.state == s.key()] { (s.label()) }
                        }
                    }
                }
                div {
                    label for="loc-chuyen-muc" { "Chuyên mục" }
                    select #loc-chuyen-muc name="chuyen-muc" {
                        option value="" { "Tất cả" }
                        @for (slug, name) in sections {
                            option value=(slug) selected[&filter.section == slug] { (name) }
                        }
                    }
                }
                div {
                    label for="loc-nguoi-viet" { "Người viết" }
                    select #loc-nguoi-viet name="nguoi-viet" {
                        option value="" { "Tất cả" }
                        @for (name, display) in writers {
                            option value=(name) selected[&filter.writer == name] { (display) }
                        }
                    }
                }
                div {
                    label for="loc-q" { "Tìm trong tiêu đề" }
                    input #loc-q type="search" name="q" value=(filter.q);
                }
                button type="submit" { "Lọc" }
            }
            p role="status" { (total) " bài" @if pages > 1 { ", trang " (filter.trang + 1) "/" (pages) } "." }
            ul.articles {
                @for e in shown {
                    li {
                        a href={ "/bai-viet/" (e.id) } { bdi { @if e.title.is_empty() { "(chưa có tiêu đề)" } @else { (e.title) } } }
                        span.meta {
                            span class={ "state " (e.state.key()) } { (e.state.label()) }
                            @if e.live && e.state != State::XuatBan { " · đang hiển thị bản đã xuất bản" }
                            " · " (section_name(sections, &e.category))
                        }
                    }
                }
            }
            @if pages > 1 {
                nav.pager aria-label="Các trang của danh sách" {
                    @if filter.trang > 0 { a href=(filter.href(filter.trang - 1)) { "← Trang trước" } }
                    @if filter.trang + 1 < pages { a href=(filter.href(filter.trang + 1)) { "Trang sau →" } }
                }
            }
        },
    )
}

/// The writing form and what it shows around it.
pub struct Editing<'a> {
    /// `None`: a new article.
    pub id: Option<&'a str>,
    pub draft: &'a Draft,
    pub status: Option<&'a Status>,
    pub live: bool,
    pub base: &'a str,
    pub problems: &'a [Problem],
    /// What was just done (a fixed sentence), or what went wrong.
    pub done: Option<&'static str>,
    pub message: Option<&'a str>,
    /// Someone else's save, met by this one.
    pub conflict: Option<(&'a Status, &'a Draft)>,
    pub steps: &'a [Step],
    pub sections: &'a Sections,
    /// The public address of the article, when it is published.
    pub public: Option<String>,
    /// Load the body editor (when the newsroom has its build).
    pub script: bool,
}

fn field_problem(problems: &[Problem], field: Field, id: &str) -> Markup {
    html! {
        @for p in problems.iter().filter(|p| p.field == field) {
            p.field-problem id=(id) { (p.message) }
        }
    }
}

/// An input's `aria-describedby` and `aria-invalid` when it has a problem.
fn has(problems: &[Problem], field: Field) -> bool {
    problems.iter().any(|p| p.field == field)
}

pub fn editor(officer: &Officer, e: &Editing) -> Markup {
    let action = match e.id {
        Some(id) => format!("/bai-viet/{id}"),
        None => "/bai-viet/moi".into(),
    };
    let title = if e.id.is_some() {
        "Sửa bài"
    } else {
        "Viết bài mới"
    };
    let d = e.draft;
    let p = e.problems;
    html! {
        (layout(title, Some(officer), html! {
            p { a href="/bai-viet" { "← Danh sách bài viết" } }
            h1 { (title) }
            @if let Some(s) = e.status {
                p.state-line {
                    "Trạng thái: " strong { (s.state.label()) }
                    @if e.live && s.state != State::XuatBan { " (bản đã xuất bản trước vẫn đang hiển thị)" }
                    @if let Some(due) = s.due.as_deref().and_then(|d| portal_core::Timestamp::parse_rfc3339(d).ok()) {
                        @if s.state == State::HenGio { " — sẽ xuất bản lúc " (due.stamp_vi()) }
                    }
                }
                @if !s.saved_by.is_empty() {
                    p.note { "Lưu lần cuối bởi " bdi { (s.saved_by) } " lúc " (pretty(&s.saved_at)) "." }
                }
                @if s.state == State::TraLai && !s.comment.is_empty() {
                    div.problem { p { strong { "Biên tập trả lại: " } (s.comment) } }
                }
            }
            @if let Some(done) = e.done { p.made role="status" { (done) } }
            @if let Some(url) = &e.public { p { "Trên trang công khai: " a href=(url) { (url) } } }
            (problem(e.message))
            @if !p.is_empty() {
                div.problem role="alert" {
                    p { "Bài viết còn " (p.len()) " chỗ cần sửa trước khi gửi duyệt hoặc xuất bản; xem ghi chú đỏ bên cạnh từng ô." }
                }
            }
            @if let Some((theirs, their_draft)) = e.conflict {
                div.problem role="alert" {
                    p {
                        "Trong lúc bạn sửa, " bdi { (theirs.saved_by) } " đã lưu bài này lúc " (pretty(&theirs.saved_at)) ". "
                        "Nội dung bạn vừa viết vẫn còn nguyên trong biểu mẫu dưới đây, chưa được lưu. "
                        "Hãy so với bản của họ rồi bấm “Lưu” lần nữa để lưu bản của bạn."
                    }
                    details {
                        summary { "Xem bản họ đã lưu" }
                        p { strong { "Tiêu đề: " } (their_draft.title) }
                        pre.their { (their_draft.body) }
                    }
                }
            }
            form.stack.editor method="post" action=(action) enctype="multipart/form-data" {
                input type="hidden" name="csrf" value=(officer.csrf);
                input type="hidden" name="base" value=(e.base);
                label for="tieu-de" { "Tiêu đề" }
                input #tieu-de type="text" name="title" value=(d.title) required
                    aria-invalid=[has(p, Field::Title).then_some("true")]
                    aria-describedby=[has(p, Field::Title).then_some("loi-tieu-de")];
                (field_problem(p, Field::Title, "loi-tieu-de"))
                label for="chuyen-muc" { "Chuyên mục" }
                select #chuyen-muc name="category"
                    aria-invalid=[has(p, Field::Category).then_some("true")]
                    aria-describedby=[has(p, Field::Category).then_some("loi-chuyen-muc")] {
                    option value="" { "— Chọn chuyên mục —" }
                    @for (slug, name) in e.sections {
                        option value=(slug) selected[&d.category == slug] { (name) }
                    }
                }
                (field_problem(p, Field::Category, "loi-chuyen-muc"))
                label for="tom-tat" { "Tóm tắt (hiện dưới tiêu đề và trong danh sách)" }
                textarea #tom-tat name="summary" rows="3"
                    aria-invalid=[has(p, Field::Summary).then_some("true")]
                    aria-describedby=[has(p, Field::Summary).then_some("loi-tom-tat")] { (d.summary) }
                (field_problem(p, Field::Summary, "loi-tom-tat"))
                label.check for="noi-bat" {
                    input #noi-bat type="checkbox" name="featured" value="on" checked[d.featured];
                    " Tin nổi bật (hiện ở đầu trang chủ)"
                }
                fieldset {
                    legend { "Ảnh đại diện (không bắt buộc)" }
                    @if let Some(src) = d.image.strip_prefix("/media/").filter(|_| !has(p, Field::Image)) {
                        img.current src={ "/media/" (src) } alt=(d.image_alt);
                    }
                    label for="anh-moi" { "Chọn ảnh từ máy, hoặc chụp bằng điện thoại (JPEG, PNG hoặc WebP, tối đa 15 MB)" }
                    input #anh-moi type="file" name="photo" accept="image/jpeg,image/png,image/webp";
                    label for="anh" { "Hoặc địa chỉ một ảnh đã có, ví dụ /media/ten-anh.jpg" }
                    input #anh type="text" name="image" value=(d.image) spellcheck="false"
                        aria-invalid=[has(p, Field::Image).then_some("true")]
                        aria-describedby=[has(p, Field::Image).then_some("loi-anh")];
                    (field_problem(p, Field::Image, "loi-anh"))
                    label for="mo-ta-anh" { "Mô tả ảnh cho người không nhìn thấy (bắt buộc khi có ảnh)" }
                    input #mo-ta-anh type="text" name="image_alt" value=(d.image_alt)
                        aria-invalid=[has(p, Field::ImageAlt).then_some("true")]
                        aria-describedby=[has(p, Field::ImageAlt).then_some("loi-mo-ta-anh")];
                    (field_problem(p, Field::ImageAlt, "loi-mo-ta-anh"))
                    label for="chu-thich-anh" { "Chú thích dưới ảnh" }
                    input #chu-thich-anh type="text" name="image_caption" value=(d.image_caption);
                }
                label for="tac-gia" { "Tác giả (ghi cuối bài)" }
                input #tac-gia type="text" name="author" value=(d.author);
                (field_problem(p, Field::Author, "loi-tac-gia"))
                label for="than-bai" { "Nội dung" }
                p.note id="cach-viet" {
                    "Các đoạn cách nhau một dòng trống. Dòng bắt đầu bằng “## ” là tiêu đề mục; "
                    "“- ” là một ý của danh sách; **chữ đậm**, *chữ nghiêng*; liên kết viết [chữ](https://địa-chỉ)."
                }
                textarea #than-bai name="body" rows="18"
                    aria-invalid=[has(p, Field::Body).then_some("true")]
                    aria-describedby={ "cach-viet" @if has(p, Field::Body) { " loi-noi-dung" } } { (d.body) }
                (field_problem(p, Field::Body, "loi-noi-dung"))
                (field_problem(p, Field::Whole, "loi-bai"))
                button type="submit" { "Lưu" }
            }
            @if e.script {
                script type="module" src="/bien-tap/khoi-dong.js" {}
            }
            @if let Some(id) = e.id {
                p { a.button href={ "/bai-viet/" (id) "/xem" } { "Xem trước" } }
                (steps(officer, id, e.base, e.steps))
                p { a href={ "/bai-viet/" (id) "/lich-su" } { "Lịch sử các lần lưu" } }
            }
        }))
    }
}

/// `2026-12-06T15:30:00+07:00` as `15:30 06/12/2026`.
fn pretty(rfc3339: &str) -> String {
    portal_core::Timestamp::parse_rfc3339(rfc3339).map_or_else(
        |_| rfc3339.to_string(),
        |t| {
            let s = t.stamp_vi();
            s.trim_matches(|c| c == '(' || c == ')').replace(" | ", " ")
        },
    )
}

/// The workflow's buttons the officer may use, each its own small form.
fn steps(officer: &Officer, id: &str, base: &str, allowed: &[Step]) -> Markup {
    let form = |path: &str, label: &str, extra: Markup| {
        html! {
            form.stack.step method="post" action={ "/bai-viet/" (id) "/" (path) } {
                input type="hidden" name="csrf" value=(officer.csrf);
                input type="hidden" name="base" value=(base);
                (extra)
                button type="submit" { (label) }
            }
        }
    };
    html! {
        @if !allowed.is_empty() {
            section.steps aria-labelledby="cac-buoc" {
                h2 #cac-buoc { "Duyệt và xuất bản" }
                @for step in allowed {
                    @match step {
                        Step::Submit => (form("gui-duyet", "Gửi duyệt", html! {})),
                        Step::Publish => (form("xuat-ban", "Xuất bản ngay", html! {})),
                        Step::Schedule => (form("hen-gio", "Hẹn giờ xuất bản", html! {
                            label for="luc" { "Thời điểm xuất bản (giờ Việt Nam)" }
                            input #luc type="datetime-local" name="due" required;
                        })),
                        Step::Return => (form("tra-lai", "Trả lại cho người viết", html! {
                            label for="ly-do" { "Lý do trả lại" }
                            textarea #ly-do name="comment" rows="3" required {}
                        })),
                        Step::Unpublish => (form("go-bai", "Gỡ bài khỏi trang công khai", html! {})),
                        Step::Restore => (form("khoi-phuc", "Khôi phục (xuất bản lại)", html! {})),
                        Step::Save => {}
                    }
                }
            }
        }
    }
}

pub fn history(officer: &Officer, id: &str, title: &str, versions: &[Version]) -> Markup {
    layout(
        "Lịch sử",
        Some(officer),
        html! {
            p { a href={ "/bai-viet/" (id) } { "← Về bài viết" } }
            h1 { "Lịch sử: " bdi { (title) } }
            ol.versions {
                @for (n, v) in versions.iter().enumerate() {
                    li {
                        a href={ "/bai-viet/" (id) "/lich-su/" (v.id) } { (pretty(&v.when)) }
                        " — " bdi { (v.who) } ": " (v.what)
                        @if n == 0 { " (bản hiện tại)" }
                    }
                }
            }
        },
    )
}

/// One line of a comparison: kept, removed (in the old version), added (in the
/// current one).
pub enum Line {
    Same(String),
    Removed(String),
    Added(String),
}

pub fn version(officer: &Officer, id: &str, v: &Version, lines: &[Line], may_restore: bool) -> Markup {
    layout(
        "So sánh phiên bản",
        Some(officer),
        html! {
            p { a href={ "/bai-viet/" (id) "/lich-su" } { "← Lịch sử" } }
            h1 { "Phiên bản lúc " (pretty(&v.when)) }
            p { "Lưu bởi " bdi { (v.who) } ": " (v.what) }
            p.note { "Dòng gạch đỏ chỉ có ở phiên bản này; dòng xanh chỉ có ở bản hiện tại." }
            div.diff {
                @for l in lines {
                    @match l {
                        Line::Same(t) => p { (t) },
                        Line::Removed(t) => p { del { span.visually-hidden { "Bản cũ: " } (t) } },
                        Line::Added(t) => p { ins { span.visually-hidden { "Bản hiện tại: " } (t) } },
                    }
                }
            }
            @if may_restore {
                form.stack method="post" action={ "/bai-viet/" (id) "/lich-su/" (v.id) } {
                    input type="hidden" name="csrf" value=(officer.csrf);
                    button type="submit" { "Khôi phục phiên bản này (thành bản nháp)" }
                }
            }
        },
    )
}

/// The steps `user` may take on an article in `status`, in the order they are shown.
pub fn allowed(user: &crate::accounts::User, status: &Status, live: bool) -> Vec<Step> {
    [
        Step::Submit,
        Step::Publish,
        Step::Schedule,
        Step::Return,
        Step::Unpublish,
        Step::Restore,
    ]
    .into_iter()
    .filter(|s| *s != Step::Unpublish || live)
    .filter(|s| desk::may(user, Some(status), *s).is_ok())
    .collect()
}

/// The preview: the published page in a frame of `width` CSS pixels, at text size step
/// `size`; links to the other widths and sizes.
pub fn preview(officer: &Officer, id: &str, title: &str, width: u32, size: u8, contrast: bool) -> Markup {
    const SIZES: [u16; 5] = [100, 125, 150, 175, 200];
    let href = |w: u32, s: u8, c: bool| {
        let mut h = format!("/bai-viet/{id}/xem?rong={w}&co-chu={s}");
        if c {
            h.push_str("&tuong-phan=1");
        }
        h
    };
    let frame = {
        let mut src = format!("/bai-viet/{id}/xem-truoc?co-chu={size}");
        if contrast {
            src.push_str("&tuong-phan=1");
        }
        src
    };
    layout(
        "Xem trước",
        Some(officer),
        html! {
            p { a href={ "/bai-viet/" (id) } { "← Về bài viết" } }
            h1 { "Xem trước: " bdi { (title) } }
            p.note { "Bài hiện ra đúng như người dân sẽ đọc sau khi xuất bản (chưa có phần “Tin liên quan”)." }
            nav.choices aria-label="Khổ màn hình" {
                a href=(href(360, size, contrast)) aria-current=[(width == 360).then_some("true")] { "Điện thoại" }
                a href=(href(1024, size, contrast)) aria-current=[(width == 1024).then_some("true")] { "Máy tính" }
            }
            nav.choices aria-label="Cỡ chữ" {
                @for (step, pct) in SIZES.iter().enumerate() {
                    a href=(href(width, step as u8, contrast)) aria-current=[(usize::from(size) == step).then_some("true")] { (pct) "%" }
                }
            }
            nav.choices aria-label="Tương phản" {
                a href=(href(width, size, false)) aria-current=[(!contrast).then_some("true")] { "Thường" }
                a href=(href(width, size, true)) aria-current=[contrast.then_some("true")] { "Tương phản cao" }
            }
            div.frame-box tabindex="0" role="region" aria-label="Khung xem trước (cuộn ngang khi rộng hơn màn hình)" {
                iframe class={ "preview w" (width) } src=(frame)
                    title="Trang bài viết khi đã xuất bản" sandbox="allow-same-origin" {}
            }
        },
    )
}
