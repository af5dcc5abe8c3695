//! The content build's Markdown → the HTML the editor shows (and a pasted fragment
//! inserts once cleaned). Raw HTML in the Markdown is shown as text; a link or picture
//! the site would refuse is shown as its text only.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The editor's HTML for `markdown`.
pub fn to_html(markdown: &str) -> String {
    let mut skipped_link = 0usize;
    // For each picture open, whether it is kept (its end goes with it).
    let mut pictures: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, Options::ENABLE_TABLES).filter_map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::Link { dest_url, .. }) if !safe(&dest_url) => {
            skipped_link += 1;
            None
        }
        Event::End(TagEnd::Link) if skipped_link > 0 => {
            skipped_link -= 1;
            None
        }
        Event::Start(Tag::Image { ref dest_url, .. }) => {
            let kept = dest_url.starts_with("/media/") && safe(dest_url);
            pictures.push(kept);
            kept.then_some(e)
        }
        Event::End(TagEnd::Image) => pictures.pop().unwrap_or(false).then_some(e),
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

fn safe(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
        || (lower.starts_with('/') && !lower.starts_with("//"))
}
