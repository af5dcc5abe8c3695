//! Feeds and sitemaps read as XML (roxmltree), and the rules of RSS 2.0 checked.

use roxmltree::{Document, Node};

/// Child element `name` of `node`.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

pub fn text_of(node: Node, name: &str) -> Option<String> {
    child(node, name).map(|c| c.text().unwrap_or_default().to_string())
}

/// An RFC 822 date as RSS 2.0 wants it: `Mon, 10 Aug 2020 13:19:00 +0700`.
pub fn is_rfc822(s: &str) -> bool {
    let parts: Vec<&str> = s.split(' ').collect();
    let days = ["Mon,", "Tue,", "Wed,", "Thu,", "Fri,", "Sat,", "Sun,"];
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    let time = |p: &str| {
        let t: Vec<&str> = p.split(':').collect();
        t.len() == 3 && t.iter().all(|x| digits(x, 2))
    };
    let zone = |p: &str| p.len() == 5 && p.starts_with(['+', '-']) && digits(&p[1..], 4);
    matches!(parts[..], [d, day, m, y, t, z]
        if days.contains(&d) && (digits(day, 1) || digits(day, 2)) && months.contains(&m)
            && digits(y, 4) && time(t) && zone(z))
}

/// Checks an RSS 2.0 document: well-formed, `rss version="2.0"`, one channel with
/// title, link and description, each item with a title or a description, its link
/// and guid, dates in RFC 822. Returns the items' titles.
pub fn rss_items(xml: &str) -> Result<Vec<String>, String> {
    let doc = Document::parse(xml).map_err(|e| format!("not XML: {e}"))?;
    let rss = doc.root_element();
    if rss.tag_name().name() != "rss" || rss.attribute("version") != Some("2.0") {
        return Err("root is not <rss version=\"2.0\">".into());
    }
    let channel = child(rss, "channel").ok_or("no <channel>")?;
    for required in ["title", "link", "description"] {
        let v = text_of(channel, required).ok_or(format!("channel has no <{required}>"))?;
        if v.trim().is_empty() {
            return Err(format!("empty channel <{required}>"));
        }
    }
    if let Some(d) = text_of(channel, "lastBuildDate") {
        if !is_rfc822(&d) {
            return Err(format!("lastBuildDate {d:?} is not RFC 822"));
        }
    }
    let mut titles = Vec::new();
    for item in channel.children().filter(|c| c.tag_name().name() == "item") {
        let title = text_of(item, "title");
        if title.is_none() && text_of(item, "description").is_none() {
            return Err("an item with neither title nor description".into());
        }
        let link = text_of(item, "link").ok_or("an item without <link>")?;
        if !link.starts_with("https://") && !link.starts_with("http://") {
            return Err(format!("item link {link:?}"));
        }
        if text_of(item, "guid").as_deref() != Some(link.as_str()) {
            return Err("guid is not the permalink".into());
        }
        let date = text_of(item, "pubDate").ok_or("an item without <pubDate>")?;
        if !is_rfc822(&date) {
            return Err(format!("pubDate {date:?} is not RFC 822"));
        }
        titles.push(title.unwrap_or_default());
    }
    Ok(titles)
}

/// The `(loc, lastmod)` of every `<sitemap>` of a sitemap index.
pub fn sitemap_index(xml: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let doc = Document::parse(xml).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "sitemapindex" {
        return Err("root is not <sitemapindex>".into());
    }
    Ok(root
        .children()
        .filter(|c| c.tag_name().name() == "sitemap")
        .map(|u| (text_of(u, "loc").unwrap_or_default(), text_of(u, "lastmod")))
        .collect())
}

/// The `(loc, lastmod)` of every `<url>` of a sitemap.
pub fn sitemap_urls(xml: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let doc = Document::parse(xml).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "urlset" {
        return Err("root is not <urlset>".into());
    }
    Ok(root
        .children()
        .filter(|c| c.tag_name().name() == "url")
        .map(|u| (text_of(u, "loc").unwrap_or_default(), text_of(u, "lastmod")))
        .collect())
}

#[test]
fn rfc822_dates() {
    assert!(is_rfc822("Mon, 10 Aug 2020 13:19:00 +0700"));
    assert!(!is_rfc822("2020-08-10T13:19:00+07:00"));
    assert!(!is_rfc822("Mon, 10 Aug 2020 13:19 +0700"));
}
