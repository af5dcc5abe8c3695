//! Who is signed in (sessions, by a random token in an `HttpOnly`, `SameSite=Strict`
//! cookie, each with its own CSRF token), and who has guessed wrong too often.
//!
//! Both live in memory: a restart signs everyone out, which costs an officer one
//! sign-in and keeps no secret on disk.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::accounts::token;

/// A session ends after this long without a request.
pub const IDLE: Duration = Duration::from_secs(8 * 60 * 60);
/// Wrong passwords allowed for one name (or from one address, four times as many)
/// within [`LOCK`] before sign-in is refused for [`LOCK`].
pub const MAX_FAILURES: u32 = 5;
pub const LOCK: Duration = Duration::from_secs(15 * 60);

#[derive(Clone, Debug)]
pub struct Session {
    pub user: String,
    /// Sent back with every change (a hidden form field), never in a cookie.
    pub csrf: String,
    last_seen: Instant,
}

#[derive(Default)]
pub struct Sessions {
    by_token: HashMap<String, Session>,
}

impl Sessions {
    /// Starts a session for `user`; returns its token.
    pub fn start(&mut self, user: &str) -> String {
        let now = Instant::now();
        self.by_token
            .retain(|_, s| now.duration_since(s.last_seen) < IDLE);
        let t = token();
        self.by_token.insert(
            t.clone(),
            Session {
                user: user.to_string(),
                csrf: token(),
                last_seen: now,
            },
        );
        t
    }

    /// The live session of `token`, marked as seen now.
    pub fn get(&mut self, token: &str) -> Option<Session> {
        let now = Instant::now();
        let s = self.by_token.get_mut(token)?;
        if now.duration_since(s.last_seen) >= IDLE {
            self.by_token.remove(token);
            return None;
        }
        s.last_seen = now;
        Some(s.clone())
    }

    pub fn end(&mut self, token: &str) {
        self.by_token.remove(token);
    }

    /// Ends every session of `user` but `keep` (after a password change).
    pub fn end_others(&mut self, user: &str, keep: &str) {
        self.by_token.retain(|t, s| s.user != user || t == keep);
    }
}

struct Failures {
    count: u32,
    since: Instant,
}

/// Wrong passwords by name and by client address.
#[derive(Default)]
pub struct Throttle {
    failures: HashMap<String, Failures>,
}

impl Throttle {
    fn limit(key: &str) -> u32 {
        if key.starts_with("ip:") {
            MAX_FAILURES * 4
        } else {
            MAX_FAILURES
        }
    }

    /// Whether sign-in is refused for any of `keys` now.
    pub fn locked(&mut self, keys: &[String]) -> bool {
        let now = Instant::now();
        self.failures.retain(|_, f| now.duration_since(f.since) < LOCK);
        keys.iter()
            .any(|k| self.failures.get(k).is_some_and(|f| f.count >= Self::limit(k)))
    }

    pub fn failed(&mut self, keys: &[String]) {
        let now = Instant::now();
        for k in keys {
            let f = self
                .failures
                .entry(k.clone())
                .or_insert(Failures { count: 0, since: now });
            f.count += 1;
        }
    }

    /// A right password clears the name's count (not the address's: one officer's
    /// success does not excuse another's guesses).
    pub fn succeeded(&mut self, name_key: &str) {
        self.failures.remove(name_key);
    }
}
