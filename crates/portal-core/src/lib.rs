//! Shared by the portal app (Wasm) and the content build (native).
//!
//! Everything here is pure: no I/O, no clock, no platform APIs, so it is unit-tested
//! natively and behaves the same in the browser.

pub mod api;
#[cfg(not(target_arch = "wasm32"))]
pub mod arbitrary;
pub mod fold;
pub mod json;
pub mod paths;
pub mod search;
pub mod text;
pub mod time;

mod compose_table;
mod fold_table;

pub use fold::{fold, slugify};
pub use time::Timestamp;
