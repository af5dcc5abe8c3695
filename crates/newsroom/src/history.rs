//! Every save in git, through the git command line: the content folder is (or is made)
//! a repository, each change a commit whose author is the officer, so that `git log`
//! says who wrote, approved and published what, and any version can be read back.
//!
//! Only paths under the content folder are committed; hooks and signing of the
//! machine's configuration are not run (a commit is the newsroom's own record).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct History {
    dir: PathBuf,
}

/// One commit touching a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// The commit's full hash.
    pub id: String,
    /// Who (the officer's display name).
    pub who: String,
    /// When, as `YYYY-MM-DDTHH:MM:SS+07:00`.
    pub when: String,
    pub what: String,
}

/// A commit's hash as git prints it in full (and nothing else: it goes on a command
/// line).
pub fn is_commit_id(s: &str) -> bool {
    s.len() == 40
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl History {
    /// The history of `dir`: its own repository, made with a first commit of what is
    /// there when it has none. A folder whose files another repository keeps (the
    /// `content/` of a checkout) is refused: the newsroom's commits would mix with a
    /// developer's; it is given a copy of its own.
    pub fn open(dir: &Path) -> Result<History, String> {
        let history = History {
            dir: dir.to_path_buf(),
        };
        let top = history
            .run(&["rev-parse", "--show-toplevel"])
            .ok()
            .map(|t| PathBuf::from(t.trim()));
        let own = dir.canonicalize().ok();
        if top.is_some() && top.as_ref().and_then(|t| t.canonicalize().ok()) == own {
            return Ok(history);
        }
        if top.is_some() {
            let tracked = history.run(&["ls-files", "--", "."]).unwrap_or_default();
            if !tracked.trim().is_empty() {
                return Err(format!(
                    "Thư mục nội dung {} thuộc một kho git khác (của mã nguồn?). Hãy dùng một thư mục riêng cho Tòa soạn, ví dụ một bản sao của nó.",
                    dir.display()
                ));
            }
        }
        history.run(&["init", "--quiet"])?;
        history.commit("Tòa soạn", "toa-soan", "Bắt đầu lưu lịch sử nội dung")?;
        Ok(history)
    }

    fn git(&self, args: &[&str]) -> std::io::Result<Output> {
        Command::new("git")
            .current_dir(&self.dir)
            .args([
                "-c",
                "core.hooksPath=/dev/null",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "core.quotepath=false",
            ])
            .args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C.UTF-8")
            .output()
    }

    fn run(&self, args: &[&str]) -> Result<String, String> {
        let out = self.git(args).map_err(|e| format!("Không chạy được git: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!(
                "git {} thất bại: {}",
                args.first().unwrap_or(&""),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    /// Commits every change under the folder, by `who` (display name) signed in as
    /// `user`. Nothing changed: nothing committed.
    pub fn commit(&self, who: &str, user: &str, message: &str) -> Result<(), String> {
        self.run(&["add", "--all", "--", "."])?;
        let staged = self.git(&["diff", "--cached", "--quiet", "--", "."]);
        if matches!(&staged, Ok(o) if o.status.success())
            && self.run(&["rev-parse", "--verify", "--quiet", "HEAD"]).is_ok()
        {
            return Ok(());
        }
        // A display name may hold anything; git refuses `<`, `>` and line breaks in one.
        let name: String = who
            .chars()
            .filter(|c| !matches!(c, '<' | '>') && !c.is_control())
            .collect();
        let name = if name.trim().is_empty() { user } else { name.trim() };
        let out = Command::new("git")
            .current_dir(&self.dir)
            .args(["-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false"])
            .args([
                "commit",
                "--quiet",
                "--allow-empty",
                "--no-verify",
                "-F",
                "-",
                "--",
                ".",
            ])
            .env("GIT_AUTHOR_NAME", name)
            .env("GIT_AUTHOR_EMAIL", format!("{user}@toa-soan"))
            .env("GIT_COMMITTER_NAME", "Tòa soạn")
            .env("GIT_COMMITTER_EMAIL", "toa-soan@localhost")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().expect("piped").write_all(message.as_bytes())?;
                child.wait_with_output()
            })
            .map_err(|e| format!("Không chạy được git: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "git commit thất bại: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    /// The commits that changed any of `paths` (relative to the folder), newest first.
    pub fn log(&self, paths: &[&str]) -> Result<Vec<Version>, String> {
        let mut args = vec![
            "log",
            "--date=iso-strict-local",
            "--format=%H%x1f%an%x1f%ad%x1f%s",
            "--",
        ];
        args.extend_from_slice(paths);
        let text = self.run_tz(&args)?;
        Ok(text
            .lines()
            .filter_map(|l| {
                let mut f = l.split('\x1f');
                Some(Version {
                    id: f.next()?.to_string(),
                    who: f.next()?.to_string(),
                    when: f.next()?.to_string(),
                    what: f.next()?.to_string(),
                })
            })
            .collect())
    }

    /// Dates in Vietnam time whatever the server's zone.
    fn run_tz(&self, args: &[&str]) -> Result<String, String> {
        let out = Command::new("git")
            .current_dir(&self.dir)
            .args(args)
            .env("TZ", "Asia/Ho_Chi_Minh")
            .env("LC_ALL", "C.UTF-8")
            .output()
            .map_err(|e| format!("Không chạy được git: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }

    /// The file `path` as it was in commit `id`; `None` if it did not exist there.
    pub fn show(&self, id: &str, path: &str) -> Option<String> {
        if !is_commit_id(id) {
            return None;
        }
        let spec = format!("{id}:./{path}");
        let out = self.git(&["show", &spec]).ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_are_commits_by_the_officer_and_read_back() {
        let dir = std::env::temp_dir().join(format!("newsroom-history-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("a/x.md"), "một\n").unwrap();
        let h = History::open(&dir).unwrap();
        std::fs::write(dir.join("a/x.md"), "hai\n").unwrap();
        h.commit("Lê <Văn> A\n", "leva", "Lưu bản nháp: X").unwrap();
        // Nothing changed: no commit.
        h.commit("Lê Văn A", "leva", "Lưu lại").unwrap();
        let log = h.log(&["a/x.md"]).unwrap();
        assert_eq!(log.len(), 2, "{log:?}");
        assert_eq!(log[0].who, "Lê Văn A");
        assert_eq!(log[0].what, "Lưu bản nháp: X");
        assert!(log[0].when.ends_with("+07:00"), "{}", log[0].when);
        assert_eq!(h.show(&log[1].id, "a/x.md").as_deref(), Some("một\n"));
        assert_eq!(h.show(&log[0].id, "a/y.md"), None);
        assert_eq!(
            h.show("HEAD", "a/x.md"),
            None,
            "only a full hash is passed to git"
        );
        assert_eq!(h.show("--output=/tmp/x", "a/x.md"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
