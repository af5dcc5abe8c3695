//! The articles on the newsroom's desk: where each one is in its workflow, and what
//! each officer may do to it.
//!
//! In the content folder, beside what the content build reads:
//!
//! - `articles/<id>.md`: the article as residents see it (published). Hand-written
//!   files are here too; the newsroom reads and edits them as its own.
//! - `toa-soan/bai-viet/<id>.md`: the working copy, in the same format (a draft, an
//!   edit of a published article waiting for approval…). The content build does not
//!   read this folder, so nothing here is public until an editor publishes it.
//! - `toa-soan/bai-viet/<id>.toml`: its [`Status`].
//!
//! `<id>` is the file's name, fixed when the article is made; the article's address
//! (`slug`) is written into the file, so that a later change of title keeps the links
//! residents shared.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use portal_core::Timestamp;
use serde::{Deserialize, Serialize};

use crate::accounts::{Role, User};
use crate::article::{self, Stored};

/// Where an article is in its workflow (of its working copy: a published article may
/// have a newer draft).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Being written.
    Nhap,
    /// Sent for approval.
    ChoDuyet,
    /// Sent back by an editor, with a comment.
    TraLai,
    /// Approved, to be published at [`Status::due`].
    HenGio,
    /// Published as it is.
    XuatBan,
    /// Taken down (gỡ bài); can be restored.
    DaGo,
}

impl State {
    pub const ALL: [State; 6] = [
        State::Nhap,
        State::ChoDuyet,
        State::TraLai,
        State::HenGio,
        State::XuatBan,
        State::DaGo,
    ];

    pub fn label(self) -> &'static str {
        match self {
            State::Nhap => "Nháp",
            State::ChoDuyet => "Chờ duyệt",
            State::TraLai => "Trả lại",
            State::HenGio => "Hẹn giờ",
            State::XuatBan => "Đã xuất bản",
            State::DaGo => "Đã gỡ",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            State::Nhap => "nhap",
            State::ChoDuyet => "cho-duyet",
            State::TraLai => "tra-lai",
            State::HenGio => "hen-gio",
            State::XuatBan => "xuat-ban",
            State::DaGo => "da-go",
        }
    }

    pub fn from_key(key: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// `toa-soan/bai-viet/<id>.toml`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Status {
    pub state: State,
    /// The address's last part, fixed once made.
    pub slug: String,
    /// Who made it (user name): a phóng viên works on their own articles.
    pub writer: String,
    /// Who saved it last, and when (display name; RFC 3339).
    pub saved_by: String,
    pub saved_at: String,
    /// An editor's comment when sending it back.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// When it is to be published ([`State::HenGio`]), RFC 3339 in Vietnam time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
}

/// What an officer asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Save,
    Submit,
    Return,
    Publish,
    Schedule,
    Unpublish,
    Restore,
}

impl Step {
    pub fn done(self) -> &'static str {
        match self {
            Step::Save => "Lưu",
            Step::Submit => "Gửi duyệt",
            Step::Return => "Trả lại",
            Step::Publish => "Xuất bản",
            Step::Schedule => "Hẹn giờ xuất bản",
            Step::Unpublish => "Gỡ bài",
            Step::Restore => "Khôi phục",
        }
    }
}

fn editor(role: Role) -> bool {
    matches!(role, Role::BienTap | Role::QuanTri)
}

/// May `user` take `step` on an article in `status` (`None`: a new one)? The refusal
/// is a sentence for the officer. Every route asks this before it acts.
pub fn may(user: &User, status: Option<&Status>, step: Step) -> Result<(), &'static str> {
    let Some(s) = status else {
        return match step {
            Step::Save => Ok(()),
            _ => Err("Bài viết chưa được lưu."),
        };
    };
    let own = s.writer == user.name;
    let editor = editor(user.role);
    let only_editors = "Chỉ biên tập viên mới được thực hiện thao tác này.";
    match step {
        Step::Save if editor => Ok(()),
        Step::Save if !own => Err("Phóng viên chỉ sửa được bài của mình."),
        Step::Save => match s.state {
            State::Nhap | State::TraLai | State::XuatBan => Ok(()),
            State::ChoDuyet => Err("Bài đang chờ duyệt: chỉ biên tập viên sửa được."),
            State::HenGio => Err("Bài đã được duyệt và hẹn giờ: chỉ biên tập viên sửa được."),
            State::DaGo => Err("Bài đã bị gỡ: chỉ biên tập viên khôi phục hoặc sửa được."),
        },
        Step::Submit if !own && !editor => Err("Phóng viên chỉ gửi duyệt được bài của mình."),
        Step::Submit => match s.state {
            State::Nhap | State::TraLai => Ok(()),
            _ => Err("Chỉ gửi duyệt được bản nháp hoặc bài bị trả lại."),
        },
        _ if !editor => Err(only_editors),
        Step::Return => match s.state {
            State::ChoDuyet | State::HenGio => Ok(()),
            _ => Err("Chỉ trả lại được bài đang chờ duyệt hoặc hẹn giờ."),
        },
        Step::Publish | Step::Schedule => match s.state {
            State::Nhap | State::ChoDuyet | State::TraLai | State::HenGio => Ok(()),
            State::XuatBan => Err("Bài đã được xuất bản như hiện tại."),
            State::DaGo => Err("Bài đã bị gỡ: hãy dùng “Khôi phục”."),
        },
        Step::Unpublish => Ok(()),
        Step::Restore => match s.state {
            State::DaGo => Ok(()),
            _ => Err("Chỉ khôi phục được bài đã gỡ."),
        },
    }
}

/// The folder of working copies and statuses, under the content folder.
pub const WORK: &str = "toa-soan/bai-viet";

/// An article's name: its file's name without `.md` (lower-case ASCII letters, digits,
/// `-`; it goes into paths and addresses).
pub fn is_id(id: &str) -> bool {
    portal_core::fold::is_slug(id) && id.len() <= 120
}

/// One article as a list shows it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub category: String,
    /// User name of who made it ("" for a file written by hand).
    pub writer: String,
    pub state: State,
    /// A version of it is public now.
    pub live: bool,
    pub saved_at: String,
}

/// An article opened for editing.
#[derive(Clone, Debug)]
pub struct Opened {
    pub id: String,
    pub stored: Stored,
    pub status: Status,
    pub live: bool,
    /// A fingerprint of the text opened: a save from a form opened on another text is
    /// a conflict.
    pub base: String,
}

/// What a list of 10,000 articles reads once: each file's title, section and time, by
/// its size and modification time.
type Seen = HashMap<PathBuf, ((u64, std::time::SystemTime), Glance)>;

/// What a list needs of an article file: title, section, address.
#[derive(Clone, Default)]
struct Glance {
    title: String,
    category: String,
    slug: String,
}

pub struct Desk {
    content: PathBuf,
    seen: Seen,
}

pub fn fingerprint(text: &str) -> String {
    format!("{:016x}", portal_content::output::fingerprint(text))
}

pub fn now_rfc3339() -> String {
    now().to_rfc3339_vietnam()
}

pub fn now() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    Timestamp::from_unix(secs)
}

impl Desk {
    pub fn new(content: &Path) -> Desk {
        Desk {
            content: content.to_path_buf(),
            seen: Seen::new(),
        }
    }

    pub fn content(&self) -> &Path {
        &self.content
    }

    pub fn live_path(&self, id: &str) -> PathBuf {
        self.content.join("articles").join(format!("{id}.md"))
    }

    pub fn work_path(&self, id: &str) -> PathBuf {
        self.content.join(WORK).join(format!("{id}.md"))
    }

    fn status_path(&self, id: &str) -> PathBuf {
        self.content.join(WORK).join(format!("{id}.toml"))
    }

    /// Paths of an article's files, relative to the content folder (for its history).
    pub fn files_of(id: &str) -> [String; 3] {
        [
            format!("articles/{id}.md"),
            format!("{WORK}/{id}.md"),
            format!("{WORK}/{id}.toml"),
        ]
    }

    pub fn status(&self, id: &str) -> Option<Status> {
        let text = std::fs::read_to_string(self.status_path(id)).ok()?;
        toml::from_str(&text).ok()
    }

    /// Opens article `id`: its working copy, or the published file written by hand.
    pub fn open(&self, id: &str) -> Result<Option<Opened>, String> {
        if !is_id(id) {
            return Ok(None);
        }
        let live_text = std::fs::read_to_string(self.live_path(id)).ok();
        let work_text = std::fs::read_to_string(self.work_path(id)).ok();
        let (text, status) = match (work_text, self.status(id), &live_text) {
            (Some(w), Some(s), _) => (w, s),
            (_, _, Some(l)) => {
                let stored = article::read(l)?;
                let slug = stored
                    .slug
                    .clone()
                    .unwrap_or_else(|| portal_core::slugify(&stored.draft.title));
                let status = Status {
                    state: State::XuatBan,
                    slug,
                    writer: String::new(),
                    saved_by: String::new(),
                    saved_at: String::new(),
                    comment: String::new(),
                    due: None,
                };
                (l.clone(), status)
            }
            _ => return Ok(None),
        };
        Ok(Some(Opened {
            id: id.to_string(),
            stored: article::read(&text)?,
            base: fingerprint(&text),
            status,
            live: live_text.is_some(),
        }))
    }

    /// A new article's name, from its title, not yet taken.
    pub fn new_id(&mut self, title: &str) -> String {
        let mut base = portal_core::slugify(title);
        base.truncate(80);
        let base = base.trim_end_matches('-').to_string();
        let base = if base.is_empty() {
            "bai-viet".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.live_path(&id).exists()
            || self.status_path(&id).exists()
            || self.slug_owner(&id, "").is_some()
        {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    /// Writes the working copy and its status.
    pub fn write(&self, id: &str, text: &str, status: &Status) -> Result<(), String> {
        let dir = self.content.join(WORK);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("Không tạo được thư mục {}: {e}", dir.display()))?;
        let status_text = toml::to_string(status).expect("a status always serialises");
        write_file(&self.work_path(id), text)?;
        write_file(&self.status_path(id), &status_text)
    }

    /// Removes the working copy and status of `id` (a first step that did not happen).
    pub fn forget(&self, id: &str) {
        let _ = std::fs::remove_file(self.work_path(id));
        let _ = std::fs::remove_file(self.status_path(id));
    }

    /// Every article: working copies with their states, and published files that have
    /// none (written by hand), newest saved first.
    pub fn list(&mut self) -> Vec<Entry> {
        let mut entries = Vec::new();
        let mut with_status = std::collections::HashSet::new();
        for (id, path) in md_files(&self.content.join(WORK)) {
            let Some(status) = self.status(&id) else { continue };
            let (title, category) = self.title_of(&path);
            entries.push(Entry {
                live: self.live_path(&id).exists(),
                id: id.clone(),
                title,
                category,
                writer: status.writer,
                state: status.state,
                saved_at: status.saved_at,
            });
            with_status.insert(id);
        }
        for (id, path) in md_files(&self.content.join("articles")) {
            if with_status.contains(&id) {
                continue;
            }
            let (title, category) = self.title_of(&path);
            entries.push(Entry {
                id,
                title,
                category,
                writer: String::new(),
                state: State::XuatBan,
                live: true,
                saved_at: String::new(),
            });
        }
        entries.sort_by(|a, b| b.saved_at.cmp(&a.saved_at).then_with(|| a.id.cmp(&b.id)));
        entries
    }

    fn title_of(&mut self, path: &Path) -> (String, String) {
        let g = self.glance(path);
        (g.title, g.category)
    }

    fn glance(&mut self, path: &Path) -> Glance {
        let Ok(meta) = std::fs::metadata(path) else {
            return Glance::default();
        };
        let stamp = (meta.len(), meta.modified().unwrap_or(std::time::UNIX_EPOCH));
        if let Some((s, found)) = self.seen.get(path) {
            if *s == stamp {
                return found.clone();
            }
        }
        let found = std::fs::read_to_string(path)
            .ok()
            .and_then(|t| article::read(&t).ok())
            .map(|s| Glance {
                slug: s.slug.unwrap_or_else(|| portal_core::slugify(&s.draft.title)),
                title: s.draft.title,
                category: s.draft.category,
            })
            .unwrap_or_default();
        self.seen.insert(path.to_path_buf(), (stamp, found.clone()));
        found
    }

    /// Another article (published, or on the desk) with the address `slug`.
    pub fn slug_owner(&mut self, slug: &str, except: &str) -> Option<String> {
        for (id, path) in md_files(&self.content.join("articles")) {
            if id != except && self.glance(&path).slug == slug {
                return Some(id);
            }
        }
        md_files(&self.content.join(WORK))
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| id != except)
            .find(|id| self.status(id).is_some_and(|s| s.slug == slug))
    }

    /// Articles scheduled at or before `now`, with their statuses.
    pub fn due(&self, now: Timestamp) -> Vec<String> {
        md_files(&self.content.join(WORK))
            .into_iter()
            .filter(|(id, _)| {
                self.status(id).is_some_and(|s| {
                    s.state == State::HenGio
                        && s.due
                            .as_deref()
                            .and_then(|d| Timestamp::parse_rfc3339(d).ok())
                            .is_some_and(|d| d <= now)
                })
            })
            .map(|(id, _)| id)
            .collect()
    }
}

/// `*.md` directly in `dir` whose names are article names, by name.
fn md_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let id = name.strip_suffix(".md")?;
            is_id(id).then(|| (id.to_string(), e.path()))
        })
        .collect();
    files.sort();
    files
}

/// Writes a file whole or not at all (a new file, then renamed over the old one).
pub fn write_file(path: &Path, text: &str) -> Result<(), String> {
    let tmp = path.with_extension("tmp-toa-soan");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("Không ghi được {}: {e}", path.display())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str, role: Role) -> User {
        crate::accounts::new_user(name.into(), name.into(), role).0
    }

    fn status(state: State, writer: &str) -> Status {
        Status {
            state,
            slug: "a".into(),
            writer: writer.into(),
            saved_by: String::new(),
            saved_at: String::new(),
            comment: String::new(),
            due: None,
        }
    }

    #[test]
    fn a_reporter_writes_and_submits_but_never_publishes() {
        let pv = user("pv", Role::PhongVien);
        let own = status(State::Nhap, "pv");
        assert_eq!(may(&pv, None, Step::Save), Ok(()));
        assert_eq!(may(&pv, Some(&own), Step::Save), Ok(()));
        assert_eq!(may(&pv, Some(&own), Step::Submit), Ok(()));
        for step in [
            Step::Publish,
            Step::Schedule,
            Step::Return,
            Step::Unpublish,
            Step::Restore,
        ] {
            assert!(may(&pv, Some(&own), step).is_err(), "{step:?}");
        }
        let other = status(State::Nhap, "khac");
        assert!(may(&pv, Some(&other), Step::Save).is_err());
        assert!(may(&pv, Some(&other), Step::Submit).is_err());
        assert!(may(&pv, Some(&status(State::ChoDuyet, "pv")), Step::Save).is_err());
    }

    #[test]
    fn an_editor_approves_returns_schedules_and_takes_down() {
        let bt = user("bt", Role::BienTap);
        let waiting = status(State::ChoDuyet, "pv");
        for step in [
            Step::Save,
            Step::Return,
            Step::Publish,
            Step::Schedule,
            Step::Unpublish,
        ] {
            assert_eq!(may(&bt, Some(&waiting), step), Ok(()), "{step:?}");
        }
        assert!(may(&bt, Some(&status(State::XuatBan, "pv")), Step::Publish).is_err());
        assert_eq!(may(&bt, Some(&status(State::DaGo, "pv")), Step::Restore), Ok(()));
        assert!(may(&bt, Some(&status(State::Nhap, "pv")), Step::Restore).is_err());
    }

    #[test]
    fn names_that_leave_the_folder_are_not_articles() {
        for bad in ["../x", "a/b", "", "A", "a.md", "-a", "a\0"] {
            assert!(!is_id(bad), "{bad:?}");
        }
        assert!(is_id("khanh-thanh-cau-2"));
    }
}
