//! Every action, one JSON line each in `nhat-ky.jsonl` in the data folder: when (Vietnam
//! time), who, from where, what, and about what. Appended, never rewritten.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use portal_core::Timestamp;

pub struct Log {
    path: PathBuf,
    lock: Mutex<()>,
}

impl Log {
    pub fn new(data: &Path) -> Log {
        Log {
            path: data.join("nhat-ky.jsonl"),
            lock: Mutex::new(()),
        }
    }

    /// Records `action` by `user` (empty when nobody is signed in) from `client`. A log
    /// that cannot be written is reported on standard error and does not stop the work.
    pub fn record(&self, user: &str, client: &str, action: &str, about: &str) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let line = serde_json::json!({
            "time": Timestamp::from_unix(now).to_rfc3339_vietnam(),
            "user": user,
            "client": client,
            "action": action,
            "about": about,
        });
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let written = crate::accounts::private_file(&self.path, true).and_then(|mut f| writeln!(f, "{line}"));
        if let Err(e) = written {
            eprintln!("newsroom: không ghi được nhật ký {}: {e}", self.path.display());
        }
    }
}
