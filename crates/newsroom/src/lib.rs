//! Tòa soạn, the newsroom: where a commune's officers sign in, write, review and publish
//! (issue 11). This first part is its door: accounts with roles, Argon2id passwords,
//! sessions in `HttpOnly`, `SameSite=Strict` cookies, a CSRF token on every change,
//! throttled sign-in, a strict Content-Security-Policy, and a log of every action.
//! Every rule is checked here, on the server; the pages only leave out what an officer
//! may not do.
//!
//! Its data folder holds `users.toml` (the accounts) and `nhat-ky.jsonl` (the log). On
//! the first start, with no account yet, it makes one administrator, `quantri`, whose
//! one-time password [`Newsroom::open`] returns for the operator to read.

pub mod accounts;
pub mod log;
pub mod pages;
mod routes;
pub mod sessions;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

pub use routes::router;

use accounts::{Accounts, Role};
use sessions::{Sessions, Throttle};

pub struct Config {
    /// The newsroom's own folder (accounts, log); created if missing.
    pub data: PathBuf,
    /// Mark cookies `Secure` (the newsroom is reached over TLS, behind nginx).
    pub secure_cookies: bool,
    /// Behind a reverse proxy: the client's address is the `X-Real-IP` it sets.
    pub behind_proxy: bool,
}

pub struct Newsroom {
    /// Password checks and hashes running now (each takes 19 MiB and a core for a
    /// while): more at once are answered "busy", not queued.
    hashing: tokio::sync::Semaphore,
    accounts: Mutex<Accounts>,
    sessions: Mutex<Sessions>,
    throttle: Mutex<Throttle>,
    log: log::Log,
    config: Config,
}

/// The first administrator's name.
pub const FIRST_ADMIN: &str = "quantri";
/// At most this many Argon2 computations at once.
const HASHING_AT_ONCE: usize = 4;

impl Newsroom {
    /// Opens the newsroom on its data folder. With no account yet, makes the first
    /// administrator and returns their one-time password (to print once).
    pub fn open(config: Config) -> Result<(Arc<Newsroom>, Option<String>), String> {
        let mut dir = std::fs::DirBuilder::new();
        dir.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut dir, 0o700);
        dir.create(&config.data)
            .map_err(|e| format!("Không tạo được thư mục {}: {e}", config.data.display()))?;
        let mut accounts = Accounts::open(&config.data)?;
        let first = if accounts.is_empty() {
            let (admin, password) = accounts::new_user(FIRST_ADMIN.into(), "Quản trị".into(), Role::QuanTri);
            accounts.add(admin)?;
            Some(password)
        } else {
            None
        };
        let log = log::Log::new(&config.data);
        if first.is_some() {
            log.record("", "", "tạo quản trị đầu tiên", FIRST_ADMIN);
        }
        let newsroom = Newsroom {
            hashing: tokio::sync::Semaphore::new(HASHING_AT_ONCE),
            accounts: Mutex::new(accounts),
            sessions: Mutex::default(),
            throttle: Mutex::default(),
            log,
            config,
        };
        Ok((Arc::new(newsroom), first))
    }

    fn accounts(&self) -> MutexGuard<'_, Accounts> {
        self.accounts.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn sessions(&self) -> MutexGuard<'_, Sessions> {
        self.sessions.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn throttle(&self) -> MutexGuard<'_, Throttle> {
        self.throttle.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `work` (Argon2: slow on purpose) on a blocking thread, or `None` when as
    /// many are already running as the server allows.
    async fn hashing<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let _permit = self.hashing.try_acquire().ok()?;
        tokio::task::spawn_blocking(work).await.ok()
    }
}
