//! Tòa soạn, the newsroom: where a commune's officers sign in, write, review and publish
//! (issue 11).
//!
//! - Its door: accounts with roles, Argon2id passwords, sessions in `HttpOnly`,
//!   `SameSite=Strict` cookies, a CSRF token on every change, throttled sign-in, a strict
//!   Content-Security-Policy, and a log of every action ([`accounts`], [`sessions`],
//!   [`log`]).
//! - Its desk: articles in the content folder as the content build reads them, with
//!   their workflow and its rules ([`desk`], [`article`]); each step whole, committed to
//!   git, and published by the builder that stays ([`work`], [`history`], [`publish`]);
//!   photos checked and cleaned ([`media`]); quản trị's settings of the site
//!   ([`settings`]).
//!
//! Every rule is checked here, on the server; the pages only leave out what an officer
//! may not do.
//!
//! Its data folder holds `users.toml` (the accounts) and `nhat-ky.jsonl` (the log). On
//! the first start, with no account yet, it makes one administrator, `quantri`, whose
//! one-time password [`Newsroom::open`] returns for the operator to read.

pub mod accounts;
pub mod article;
pub mod desk;
pub mod document;
pub mod history;
pub mod log;
pub mod media;
pub mod pages;
pub mod publish;
mod routes;
pub mod sessions;
pub mod settings;
pub mod static_page;
pub mod work;

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
    /// The content folder (kept in git; made a repository if it is not one).
    pub content: PathBuf,
    /// trunk's build of the portal app (`index.html` and its files).
    pub shell: PathBuf,
    /// Where the public site is built, and served from.
    pub out: PathBuf,
    /// Precompressed `.br`/`.gz` copies of the app's files.
    pub compress: bool,
    /// Run by `sh -c` after each successful build (`$SITE` is `out`).
    pub deploy: Option<String>,
    /// Where residents read the public site (default: `base_url` of `site.toml`).
    pub public_url: Option<String>,
    /// The body editor's build (wasm-bindgen's output of `newsroom-editor`); without
    /// it, the body is written in its textarea.
    pub editor: Option<PathBuf>,
}

pub struct Newsroom {
    /// Password checks and hashes running now (each takes 19 MiB and a core for a
    /// while): more at once are answered "busy", not queued.
    hashing: tokio::sync::Semaphore,
    /// Photos being decoded and resized now (each takes up to 256 MiB and a core).
    uploads: tokio::sync::Semaphore,
    accounts: Mutex<Accounts>,
    sessions: Mutex<Sessions>,
    throttle: Mutex<Throttle>,
    log: log::Log,
    work: Mutex<work::Work>,
    config: Config,
}

/// The first administrator's name.
pub const FIRST_ADMIN: &str = "quantri";
/// At most this many Argon2 computations at once.
const HASHING_AT_ONCE: usize = 4;
/// At most this many photos processed at once.
const UPLOADS_AT_ONCE: usize = 2;

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
        // Its own folder, whoever made it: readable by this service's user only.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&config.data, std::fs::Permissions::from_mode(0o700))
                .map_err(|e| format!("Không đặt được quyền cho {}: {e}", config.data.display()))?;
        }
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
        let history = history::History::open(&config.content)?;
        let site = publish::Site::new(
            config.content.clone(),
            config.shell.clone(),
            config.out.clone(),
            config.compress,
            config.deploy.clone(),
        );
        let work = work::Work {
            desk: desk::Desk::new(&config.content),
            history,
            site,
        };
        let newsroom = Newsroom {
            work: Mutex::new(work),
            hashing: tokio::sync::Semaphore::new(HASHING_AT_ONCE),
            uploads: tokio::sync::Semaphore::new(UPLOADS_AT_ONCE),
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

    /// The public site's address, without the last `/`.
    fn public_base(&self) -> String {
        let base = self.config.public_url.clone().unwrap_or_else(|| {
            let content = &self.config.content;
            let assets = portal_content::assets::Assets::new(content);
            portal_content::site::load(content, &assets, &mut Vec::new())
                .map(|s| s.base_url)
                .unwrap_or_default()
        });
        base.trim_end_matches('/').to_string()
    }

    fn work(&self) -> MutexGuard<'_, work::Work> {
        self.work.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `step` on the content folder (files, git, the build: blocking work, one step
    /// at a time) on a blocking thread.
    pub async fn at_work<T: Send + 'static>(
        self: &Arc<Self>,
        step: impl FnOnce(&mut work::Work) -> T + Send + 'static,
    ) -> T {
        let newsroom = Arc::clone(self);
        tokio::task::spawn_blocking(move || step(&mut newsroom.work()))
            .await
            .expect("a step does not panic")
    }

    /// Publishes what is due at `now`, and deploys again after a failed deploy; logged.
    pub async fn tick(self: &Arc<Self>, now: portal_core::Timestamp) {
        let done = self
            .at_work(move |w| {
                let done = w.publish_due(now);
                if w.site.deploy_failed.is_some() {
                    w.site.run_deploy();
                }
                done
            })
            .await;
        for (id, result) in done {
            match result {
                Ok(_) => self.log.record("hen-gio", "", "xuất bản theo lịch", &id),
                Err(why) => {
                    self.log
                        .record("hen-gio", "", &format!("xuất bản theo lịch thất bại: {why}"), &id)
                }
            }
        }
    }

    /// Every 20 seconds, [`Newsroom::tick`] (the first at once: what came due while
    /// the server was off is published when it starts).
    pub fn start_scheduler(self: &Arc<Self>) {
        let newsroom = Arc::clone(self);
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(20));
            loop {
                every.tick().await;
                newsroom.tick(desk::now()).await;
            }
        });
    }

    fn throttle(&self) -> MutexGuard<'_, Throttle> {
        self.throttle.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Processes a photo (outside the content folder's lock: officers' other steps go
    /// on) on a blocking thread, or `None` when as many are being processed as allowed.
    async fn uploading<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let _permit = self.uploads.try_acquire().ok()?;
        tokio::task::spawn_blocking(work).await.ok()
    }

    /// Runs `work` (Argon2: slow on purpose) on a blocking thread, or `None` when as
    /// many are already running as the server allows.
    async fn hashing<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        let _permit = self.hashing.try_acquire().ok()?;
        tokio::task::spawn_blocking(work).await.ok()
    }
}
