//! Shared by the browser and deployment tests: a test server, real nginx, Chromium,
//! and page helpers. Each test binary uses part of it.
#![allow(dead_code)]

pub mod browser;
pub mod newsroom;
pub mod nginx;
pub mod server;
pub mod xml;
