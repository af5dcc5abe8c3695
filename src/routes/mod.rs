//! One file per route.

pub mod article;
pub mod documents;
pub mod home;
pub mod not_found;
pub mod page;
pub mod search;
pub mod section;
