//! The content build's Markdown → the HTML the editor shows (and a pasted fragment
//! inserts once cleaned). Raw HTML in the Markdown is shown as text; a link or picture
//! the site would refuse is shown as its text only.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The editor's HTML for `markdown`.
pub fn to_html(markdown: &str) -> String {
    let mut skipped_link = 0usize;
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
        Event::Start(Tag::Image { dest_url, .. }) if !dest_url.starts_with("/media/") => None,
        other => Some(other),
    });
    // An unsafe image's alt text stays as text; its end has no start to close.
    let mut depth = 0i32;
    let events: Vec<Event> = events
        .filter(|e| match e {
            Event::Start(Tag::Image { .. }) => {
                depth += 1;
                true
            }
            Event::End(TagEnd::Image) => {
                let open = depth > 0;
                depth -= 1;
                open
            }
            _ => true,
        })
        .collect();
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

fn safe(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
        || (lower.starts_with('/') && !lower.starts_with("//"))
}
