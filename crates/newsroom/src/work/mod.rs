//! What officers do to articles, each step whole: checked against the workflow's rules
//! ([`desk::may`]), written, committed to the history with the officer as author,
//! and — for what residents see — built into the public site, or undone when the
//! build fails.

use portal_core::Timestamp;

use crate::accounts::User;
use crate::article::{self, Draft, Problem};
use crate::desk::{self, Desk, Opened, State, Status, Step};
use crate::history::{self, History, Version};
use crate::publish::Site;

mod site;

/// The content folder with its history and its site: one step at a time.
pub struct Work {
    pub desk: Desk,
    pub history: History,
    pub site: Site,
}

/// Why a step was not taken.
#[derive(Debug)]
pub enum Refusal {
    NotFound,
    /// The officer's role or the article's state does not allow it.
    Forbidden(&'static str),
    /// What the content build would refuse, next to each field.
    Invalid(Vec<Problem>),
    /// Someone saved the article since this form was opened: their version, and the
    /// officer's text, kept.
    Conflict {
        theirs: Box<Opened>,
    },
    /// A value the officer must give again (a time, a comment).
    Wrong(String),
    /// The files, git or the build failed; the site is as it was.
    Failed(String),
}

impl From<&'static str> for Refusal {
    fn from(why: &'static str) -> Refusal {
        Refusal::Forbidden(why)
    }
}

/// The scheduler's name in the history.
const SCHEDULER: &str = "Tòa soạn (hẹn giờ)";

impl Work {
    fn opened(&self, id: &str) -> Result<Opened, Refusal> {
        self.desk
            .open(id)
            .map_err(Refusal::Failed)?
            .ok_or(Refusal::NotFound)
    }

    /// Refuses a step chosen on a page whose text has changed since (`base`: the
    /// fingerprint of that page's text; `None` for the scheduler) — another officer
    /// saved it: an editor publishes what they reviewed, nothing else.
    fn unchanged(o: &Opened, base: Option<&str>) -> Result<(), Refusal> {
        match base {
            Some(b) if b != o.base => {
                let who = if o.status.saved_by.is_empty() {
                    "người khác"
                } else {
                    o.status.saved_by.as_str()
                };
                Err(Refusal::Wrong(format!(
                    "Bài vừa được {who} sửa sau khi bạn mở trang. Hãy xem lại bản mới dưới đây rồi bấm lại."
                )))
            }
            _ => Ok(()),
        }
    }

    fn commit(&self, who: &User, message: String) -> Result<(), Refusal> {
        self.history
            .commit(&who.display, &who.name, &message)
            .map_err(Refusal::Failed)
    }

    /// Commits a step already done (the files written, the site built): a commit that
    /// fails then does not undo it; it is said on the server's error output.
    fn record(&self, who: &User, message: String) {
        if let Err(Refusal::Failed(why)) = self.commit(who, message) {
            eprintln!("newsroom: lịch sử không ghi được bước vừa làm: {why}");
        }
    }

    fn status_after(&self, user: &User, before: &Status, state: State) -> Status {
        Status {
            state,
            saved_by: user.display.clone(),
            saved_at: desk::now_rfc3339(),
            ..before.clone()
        }
    }

    /// May `user` save article `id` (before a photo sent with it is processed)?
    pub fn may_save(&self, user: &User, id: &str) -> Result<(), Refusal> {
        desk::may(user, Some(&self.opened(id)?.status), Step::Save).map_err(Refusal::from)
    }

    /// Saves a draft (`id` `None`: a new article). Returns the article's name.
    pub fn save(
        &mut self,
        user: &User,
        id: Option<&str>,
        draft: &Draft,
        base: &str,
    ) -> Result<String, Refusal> {
        let draft = draft.normalised();
        let (id, opened) = match id {
            Some(id) => (id.to_string(), Some(self.opened(id)?)),
            None => {
                if draft.title.is_empty() {
                    return Err(Refusal::Invalid(vec![Problem {
                        field: article::Field::Title,
                        message: "Bài viết cần có tiêu đề.".into(),
                    }]));
                }
                (self.desk.new_id(&draft.title), None)
            }
        };
        desk::may(user, opened.as_ref().map(|o| &o.status), Step::Save)?;
        let status = match &opened {
            Some(o) if o.base != base => {
                return Err(Refusal::Conflict {
                    theirs: Box::new(o.clone()),
                })
            }
            Some(o) => {
                // An editor's edit keeps a submitted or scheduled article where it is;
                // any other edit is a draft (of a published article: a new version,
                // the public one unchanged until it is published).
                let keep = matches!(o.status.state, State::ChoDuyet | State::HenGio | State::DaGo)
                    && matches!(
                        user.role,
                        crate::accounts::Role::BienTap | crate::accounts::Role::QuanTri
                    );
                let state = if keep { o.status.state } else { State::Nhap };
                self.status_after(user, &o.status, state)
            }
            None => Status {
                state: State::Nhap,
                slug: id.clone(),
                writer: user.name.clone(),
                saved_by: user.display.clone(),
                saved_at: desk::now_rfc3339(),
                comment: String::new(),
                due: None,
            },
        };
        let published = opened.as_ref().and_then(|o| o.stored.published);
        let text = draft.to_file(&status.slug, published);
        self.desk.write(&id, &text, &status).map_err(Refusal::Failed)?;
        self.record(user, format!("Lưu: {} ({id})", draft.title));
        Ok(id)
    }

    /// What the content build would say of the article now.
    pub fn problems(&self, opened: &Opened) -> Vec<Problem> {
        article::check(&opened.stored.draft, &opened.status.slug, self.desk.content())
    }

    fn ready(&mut self, opened: &Opened) -> Result<(), Refusal> {
        let mut problems = self.problems(opened);
        if let Some(other) = self.desk.slug_owner(&opened.status.slug, &opened.id) {
            problems.push(Problem {
                field: article::Field::Title,
                message: format!(
                    "Đã có bài khác (“{other}”) ở địa chỉ /bai-viet/{}/: hai bài không thể cùng một địa chỉ.",
                    opened.status.slug
                ),
            });
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Refusal::Invalid(problems))
        }
    }

    pub fn submit(&mut self, user: &User, id: &str, base: Option<&str>) -> Result<(), Refusal> {
        let o = self.opened(id)?;
        desk::may(user, Some(&o.status), Step::Submit)?;
        Self::unchanged(&o, base)?;
        self.ready(&o)?;
        let status = Status {
            comment: String::new(),
            ..self.status_after(user, &o.status, State::ChoDuyet)
        };
        self.set_status(
            user,
            &o,
            status,
            format!("Gửi duyệt: {} ({id})", o.stored.draft.title),
        )
    }

    pub fn send_back(
        &mut self,
        user: &User,
        id: &str,
        comment: &str,
        base: Option<&str>,
    ) -> Result<(), Refusal> {
        let o = self.opened(id)?;
        desk::may(user, Some(&o.status), Step::Return)?;
        Self::unchanged(&o, base)?;
        let comment = comment.trim();
        if comment.is_empty() {
            return Err(Refusal::Wrong(
                "Hãy ghi lý do trả lại để phóng viên biết cần sửa gì.".into(),
            ));
        }
        let status = Status {
            comment: comment.to_string(),
            due: None,
            ..self.status_after(user, &o.status, State::TraLai)
        };
        self.set_status(
            user,
            &o,
            status,
            format!("Trả lại: {} ({id})", o.stored.draft.title),
        )
    }

    pub fn schedule(
        &mut self,
        user: &User,
        id: &str,
        due: Timestamp,
        base: Option<&str>,
    ) -> Result<(), Refusal> {
        let o = self.opened(id)?;
        desk::may(user, Some(&o.status), Step::Schedule)?;
        Self::unchanged(&o, base)?;
        if due <= desk::now() {
            return Err(Refusal::Wrong("Thời điểm hẹn giờ phải ở tương lai.".into()));
        }
        self.ready(&o)?;
        let status = Status {
            due: Some(due.to_rfc3339_vietnam()),
            ..self.status_after(user, &o.status, State::HenGio)
        };
        let when = due.stamp_vi();
        self.set_status(
            user,
            &o,
            status,
            format!("Hẹn giờ xuất bản {when}: {} ({id})", o.stored.draft.title),
        )
    }

    /// Writes a new status for the working copy as it is, and commits.
    fn set_status(
        &mut self,
        user: &User,
        o: &Opened,
        status: Status,
        message: String,
    ) -> Result<(), Refusal> {
        let text = o.stored.draft.to_file(&status.slug, o.stored.published);
        self.desk.write(&o.id, &text, &status).map_err(Refusal::Failed)?;
        self.record(user, message);
        Ok(())
    }

    /// Publishes the working copy now (or restores one taken down): the working copy
    /// and its status are written, the public file put in place and the site built —
    /// when the build fails, all three are put back as they were. Returns the build's
    /// summary.
    pub fn publish(
        &mut self,
        user: &User,
        id: &str,
        step: Step,
        base: Option<&str>,
    ) -> Result<String, Refusal> {
        self.publish_at(user, id, step, base, desk::now())
    }

    /// [`Work::publish`] at `now`.
    fn publish_at(
        &mut self,
        user: &User,
        id: &str,
        step: Step,
        base: Option<&str>,
        now: Timestamp,
    ) -> Result<String, Refusal> {
        let o = self.opened(id)?;
        desk::may(user, Some(&o.status), step)?;
        Self::unchanged(&o, base)?;
        self.ready(&o)?;
        let published = match o.stored.published {
            Some(p) => p,
            // When it was due (also if the server was off then), or now if published
            // before its time.
            None if o.status.state == State::HenGio => o
                .status
                .due
                .as_deref()
                .and_then(|d| Timestamp::parse_rfc3339(d).ok())
                .map_or(now, |due| due.min(now)),
            None => now,
        };
        let text = o.stored.draft.to_file(&o.status.slug, Some(published));
        let status = Status {
            comment: String::new(),
            due: None,
            ..self.status_after(user, &o.status, State::XuatBan)
        };
        let summary = self.step_live(&o, &text, &status, Some(&text))?;
        self.record(user, format!("{}: {} ({id})", step.done(), o.stored.draft.title));
        Ok(summary)
    }

    /// Takes a published article down (gỡ bài). The working copy becomes what was
    /// public, so that "Khôi phục" puts back exactly that; a newer draft it replaces
    /// stays in the history.
    pub fn unpublish(&mut self, user: &User, id: &str, base: Option<&str>) -> Result<String, Refusal> {
        let o = self.opened(id)?;
        desk::may(user, Some(&o.status), Step::Unpublish)?;
        Self::unchanged(&o, base)?;
        let live = std::fs::read_to_string(self.desk.live_path(id))
            .map_err(|_| Refusal::Forbidden("Bài này không có trên trang công khai."))?;
        let status = self.status_after(user, &o.status, State::DaGo);
        let summary = self.step_live(&o, &live, &status, None)?;
        let replaced = if o.status.state == State::XuatBan {
            ""
        } else {
            " (bản nháp đang sửa vẫn có trong lịch sử)"
        };
        self.record(user, format!("Gỡ bài: {} ({id}){replaced}", o.stored.draft.title));
        Ok(summary)
    }

    /// Writes the working copy `text` with `status`, then puts `live` (or nothing) as
    /// the public file and builds the site; when the build fails, the working copy, its
    /// status and the public file are put back as they were.
    fn step_live(
        &mut self,
        o: &Opened,
        text: &str,
        status: &Status,
        live: Option<&str>,
    ) -> Result<String, Refusal> {
        let (work_before, status_before) = (
            std::fs::read_to_string(self.desk.work_path(&o.id)).ok(),
            self.desk.status(&o.id),
        );
        self.desk.write(&o.id, text, status).map_err(Refusal::Failed)?;
        match self.go_live(&o.id, live) {
            Ok(summary) => Ok(summary),
            Err(refused) => {
                match (work_before, status_before) {
                    (Some(w), Some(s)) => {
                        let _ = self.desk.write(&o.id, &w, &s);
                    }
                    _ => self.desk.forget(&o.id),
                }
                Err(refused)
            }
        }
    }

    /// Puts `text` (or nothing) as article `id`'s public file and builds the site; when
    /// the build fails, the file is put back as it was and the site is untouched.
    fn go_live(&mut self, id: &str, text: Option<&str>) -> Result<String, Refusal> {
        let live = self.desk.live_path(id);
        let before = std::fs::read_to_string(&live).ok();
        let put = |t: Option<&str>| match t {
            Some(t) => {
                let _ = std::fs::create_dir_all(live.parent().expect("in articles/"));
                desk::write_file(&live, t)
            }
            None => match std::fs::remove_file(&live) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(format!("Không xóa được {}: {e}", live.display()))
                }
                _ => Ok(()),
            },
        };
        put(text).map_err(Refusal::Failed)?;
        match self.site.build() {
            Ok(summary) => Ok(summary),
            Err(why) => {
                let _ = put(before.as_deref());
                Err(Refusal::Failed(why))
            }
        }
    }

    /// Publishes every article whose time has come (also those that came while the
    /// server was off). One that cannot be published is sent back to its writer with
    /// the reason (not tried again every tick). Returns what was done, by article.
    pub fn publish_due(&mut self, now: Timestamp) -> Vec<(String, Result<String, String>)> {
        // Not an account (no password: nothing to hash every tick), only a name for
        // the history.
        let scheduler = crate::accounts::User {
            name: "hen-gio".into(),
            display: SCHEDULER.into(),
            role: crate::accounts::Role::BienTap,
            hash: String::new(),
            must_change: false,
            disabled: false,
        };
        self.desk
            .due(now)
            .into_iter()
            .map(|id| {
                let done = self
                    .publish_at(&scheduler, &id, Step::Publish, None, now)
                    .map_err(|r| match r {
                        Refusal::Failed(why) | Refusal::Wrong(why) => why,
                        Refusal::Invalid(p) => {
                            p.into_iter().map(|p| p.message).collect::<Vec<_>>().join("; ")
                        }
                        other => format!("{other:?}"),
                    });
                if let Err(why) = &done {
                    if let Ok(o) = self.opened(&id) {
                        let status = Status {
                            comment: format!("Không xuất bản theo lịch được: {why}"),
                            due: None,
                            ..self.status_after(&scheduler, &o.status, State::TraLai)
                        };
                        let _ = self.set_status(
                            &scheduler,
                            &o,
                            status,
                            format!("Không xuất bản theo lịch được: {} ({id})", o.stored.draft.title),
                        );
                    }
                }
                (id, done)
            })
            .collect()
    }

    /// Article `id`'s page as it would be published now, at text size step `size`
    /// (0–4, the portal's "Cỡ chữ") and in high contrast or not: rendered by the
    /// portal's own components, and drawn as the page's own script would (it does not
    /// run here).
    pub fn preview(&self, id: &str, size: u8, high_contrast: bool) -> Result<String, Refusal> {
        let o = self.opened(id)?;
        let published = o.stored.published.unwrap_or_else(desk::now);
        let text = o.stored.draft.to_file(&o.status.slug, Some(published));
        let html = portal_build::preview::article(self.desk.content(), self.site.shell(), &text)
            .map_err(Refusal::Failed)?;
        portal_build::preview::as_residents_see_it(&html, size, high_contrast).map_err(Refusal::Failed)
    }

    /// The saves of article `id`, newest first.
    pub fn versions(&self, id: &str) -> Result<Vec<Version>, Refusal> {
        let files = Desk::files_of(id);
        let paths: Vec<&str> = files.iter().map(String::as_str).collect();
        self.history.log(&paths).map_err(Refusal::Failed)
    }

    /// The article's text in version `version` (its working copy then, or its public
    /// file if it had none).
    pub fn text_at(&self, id: &str, version: &str) -> Option<String> {
        if !history::is_commit_id(version) || !desk::is_id(id) {
            return None;
        }
        let [live, work, _] = Desk::files_of(id);
        self.history
            .show(version, &work)
            .or_else(|| self.history.show(version, &live))
    }

    /// Makes version `version`'s text the working copy again (a draft, to be published
    /// as usual).
    pub fn restore_version(&mut self, user: &User, id: &str, version: &str) -> Result<(), Refusal> {
        let o = self.opened(id)?;
        desk::may(user, Some(&o.status), Step::Save)?;
        let text = self.text_at(id, version).ok_or(Refusal::NotFound)?;
        let old = article::read(&text).map_err(Refusal::Failed)?;
        let state = if o.status.state == State::DaGo {
            State::DaGo
        } else {
            State::Nhap
        };
        let status = self.status_after(user, &o.status, state);
        let text = old.draft.to_file(&o.status.slug, o.stored.published);
        self.desk.write(id, &text, &status).map_err(Refusal::Failed)?;
        let short = &version[..8];
        self.record(
            user,
            format!("Khôi phục phiên bản {short}: {} ({id})", old.draft.title),
        );
        Ok(())
    }
}
