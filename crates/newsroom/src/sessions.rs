//! Who is signed in (sessions, by a random token in an `HttpOnly`, `SameSite=Strict`
//! cookie, each with its own CSRF token), and who has guessed wrong too often.
//!
//! Both live in memory: a restart signs everyone out, which costs an officer one
//! sign-in and keeps no secret on disk.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::accounts::token;

/// A session ends after this long without a request…
pub const IDLE: Duration = Duration::from_secs(8 * 60 * 60);
/// …and this long after its sign-in, however busy (a stolen cookie does not last).
pub const LONGEST: Duration = Duration::from_secs(12 * 60 * 60);
/// How long wrong passwords are counted, and how long sign-in stays refused once there
/// are too many.
pub const LOCK: Duration = Duration::from_secs(15 * 60);
/// Wrong passwords allowed within [`LOCK`]: for one name from one place (the officer
/// mistyping, or someone guessing from there), from one place for any names, and for
/// one name from everywhere (guessing spread over many addresses). Someone guessing
/// from elsewhere does not lock an officer out of their own office.
pub const NAME_FROM_ONE_PLACE: u32 = 5;
pub const ONE_PLACE: u32 = 20;
pub const ONE_NAME: u32 = 50;

#[derive(Clone, Debug)]
pub struct Session {
    pub user: String,
    /// Sent back with every change (a hidden form field), never in a cookie.
    pub csrf: String,
    started: Instant,
    last_seen: Instant,
}

impl Session {
    fn live(&self, now: Instant) -> bool {
        now.duration_since(self.last_seen) < IDLE && now.duration_since(self.started) < LONGEST
    }
}

#[derive(Default)]
pub struct Sessions {
    by_token: HashMap<String, Session>,
}

impl Sessions {
    /// Starts a session for `user`; returns its token.
    pub fn start(&mut self, user: &str) -> String {
        let now = Instant::now();
        self.by_token.retain(|_, s| s.live(now));
        let t = token();
        self.by_token.insert(
            t.clone(),
            Session {
                user: user.to_string(),
                csrf: token(),
                started: now,
                last_seen: now,
            },
        );
        t
    }

    /// The live session of `token`, marked as seen now.
    pub fn get(&mut self, token: &str) -> Option<Session> {
        self.get_at(token, Instant::now())
    }

    fn get_at(&mut self, token: &str, now: Instant) -> Option<Session> {
        let s = self.by_token.get_mut(token)?;
        if !s.live(now) {
            self.by_token.remove(token);
            return None;
        }
        s.last_seen = now;
        Some(s.clone())
    }

    pub fn end(&mut self, token: &str) {
        self.by_token.remove(token);
    }

    /// Ends every session of `user` but `keep` (after a password change; `""` keeps
    /// none).
    pub fn end_others(&mut self, user: &str, keep: &str) {
        self.by_token.retain(|t, s| s.user != user || t == keep);
    }
}

struct Failures {
    count: u32,
    since: Instant,
    locked_until: Option<Instant>,
}

/// Sign-in attempts by name, by place (address) and by both.
#[derive(Default)]
pub struct Throttle {
    failures: HashMap<String, Failures>,
}

/// The counters one attempt is counted in, with their limits.
pub struct Attempt([(String, u32); 3]);

impl Attempt {
    pub fn new(name: &str, place: &str) -> Attempt {
        Attempt([
            (format!("{name}\u{0}{place}"), NAME_FROM_ONE_PLACE),
            (format!("nơi:{place}"), ONE_PLACE),
            (format!("tên:{name}"), ONE_NAME),
        ])
    }
}

impl Throttle {
    /// Counts an attempt before its password is checked (so that attempts made at the
    /// same time are all counted); `false`, counting nothing, while any of its counters
    /// is locked.
    pub fn attempt(&mut self, attempt: &Attempt) -> bool {
        let now = Instant::now();
        self.failures.retain(|_, f| match f.locked_until {
            Some(until) => until > now,
            None => now.duration_since(f.since) < LOCK,
        });
        let locked = |f: &Failures| f.locked_until.is_some();
        if attempt
            .0
            .iter()
            .any(|(k, _)| self.failures.get(k).is_some_and(locked))
        {
            return false;
        }
        for (key, limit) in &attempt.0 {
            let f = self.failures.entry(key.clone()).or_insert(Failures {
                count: 0,
                since: now,
                locked_until: None,
            });
            f.count += 1;
            if f.count >= *limit {
                f.locked_until = Some(now + LOCK);
            }
        }
        true
    }

    /// The password was right: the attempt is not a failure. The name's count from this
    /// place starts again; the others only lose this attempt (one officer's success
    /// does not excuse another's guesses).
    pub fn succeeded(&mut self, attempt: &Attempt) {
        let [(pair, _), rest @ ..] = &attempt.0;
        self.failures.remove(pair);
        for (key, limit) in rest {
            if let Some(f) = self.failures.get_mut(key) {
                f.count = f.count.saturating_sub(1);
                if f.count < *limit {
                    f.locked_until = None;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_ends_when_idle_and_after_its_longest_life_however_busy() {
        let mut sessions = Sessions::default();
        let t = sessions.start("lan");
        let start = Instant::now();
        let hour = Duration::from_secs(3600);
        // Busy all day: a request every hour keeps it only up to LONGEST.
        let mut at = start;
        while at.duration_since(start) + hour < LONGEST {
            at += hour;
            assert!(
                sessions.get_at(&t, at).is_some(),
                "{:?}",
                at.duration_since(start)
            );
        }
        assert!(sessions.get_at(&t, start + LONGEST + hour).is_none());
        let idle = sessions.start("hung");
        assert!(sessions.get_at(&idle, Instant::now() + IDLE + hour).is_none());
    }
}
