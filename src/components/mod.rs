//! Pieces shared by the routes. One component per file, styled by one block of
//! `style/main.css` named after it (the blocks "text size" and "contrast" style what
//! `src/controls.js` makes in the header's "Hiển thị" panel).

pub mod body;
pub mod footer;
pub mod header;
pub mod pagination;
pub mod section_links;
pub mod status;
pub mod summary;
