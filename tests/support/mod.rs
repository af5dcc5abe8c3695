//! Shared by the browser tests: a test server, Chromium, and page helpers.

pub mod browser;
pub mod server;
