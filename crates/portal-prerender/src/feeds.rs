//! RSS 2.0 feeds, the sitemap and robots.txt, written by an XML writer (quick-xml):
//! every value is escaped for its place, and the content build has already refused the
//! characters XML cannot hold, so each file is well-formed whatever the content says.

use std::io;

use portal_core::api::{Site, Summary};
use portal_core::paths;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

/// Items per feed.
pub const FEED_ITEMS: usize = 20;

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

fn writer() -> io::Result<Writer<Vec<u8>>> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 0);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(w)
}

fn finish(w: Writer<Vec<u8>>) -> String {
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    String::from_utf8(bytes).expect("the writer writes the UTF-8 it is given")
}

/// `<name>text</name>`.
fn leaf(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(text))?;
    Ok(())
}

/// One feed's channel.
pub struct Channel<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The page the feed follows (a path).
    pub page: &'a str,
    /// The feed's own path.
    pub feed: &'a str,
}

/// An RSS 2.0 document for `items` (newest first; the first [`FEED_ITEMS`]).
pub fn rss(site: &Site, channel: &Channel, items: &[&Summary]) -> String {
    let base = &site.base_url;
    let section_name = |slug: &str| site.section(slug).map(|s| s.name.as_str()).unwrap_or_default();
    let write = || -> io::Result<String> {
        let mut w = writer()?;
        w.create_element("rss")
            .with_attributes([("version", "2.0"), ("xmlns:atom", ATOM)])
            .write_inner_content(|w| {
                w.create_element("channel").write_inner_content(|w| {
                    leaf(w, "title", channel.title)?;
                    leaf(w, "link", &format!("{base}{}", channel.page))?;
                    leaf(w, "description", channel.description)?;
                    leaf(w, "language", "vi")?;
                    w.create_element("atom:link")
                        .with_attributes([
                            ("href", format!("{base}{}", channel.feed).as_str()),
                            ("rel", "self"),
                            ("type", "application/rss+xml"),
                        ])
                        .write_empty()?;
                    if let Some(newest) = items.first() {
                        leaf(w, "lastBuildDate", &newest.published.rfc2822_vietnam())?;
                    }
                    for s in items.iter().take(FEED_ITEMS) {
                        let link = format!("{base}{}", paths::article(&s.slug));
                        w.create_element("item").write_inner_content(|w| {
                            leaf(w, "title", &s.title)?;
                            leaf(w, "link", &link)?;
                            w.create_element("guid")
                                .with_attribute(("isPermaLink", "true"))
                                .write_text_content(BytesText::new(&link))?;
                            leaf(w, "pubDate", &s.published.rfc2822_vietnam())?;
                            leaf(w, "category", section_name(&s.section))?;
                            leaf(w, "description", &s.summary)?;
                            Ok(())
                        })?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
        Ok(finish(w))
    };
    write().expect("writing to memory does not fail")
}

/// URLs per sitemap file: the protocol allows 50,000 (and 50 MB).
pub const SITEMAP_URLS: usize = 40_000;

/// A sitemap file (`<urlset>`) of `(path, lastmod)`.
pub fn sitemap(base: &str, urls: &[(String, Option<String>)]) -> String {
    let write = || -> io::Result<String> {
        let mut w = writer()?;
        w.create_element("urlset")
            .with_attribute(("xmlns", SITEMAP))
            .write_inner_content(|w| {
                for (path, lastmod) in urls {
                    w.create_element("url").write_inner_content(|w| {
                        leaf(w, "loc", &format!("{base}{path}"))?;
                        if let Some(m) = lastmod {
                            leaf(w, "lastmod", m)?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(finish(w))
    };
    write().expect("writing to memory does not fail")
}

/// `sitemap.xml`: the index of the sitemap files, `(file name, lastmod)`.
pub fn sitemap_index(base: &str, files: &[(String, Option<String>)]) -> String {
    let write = || -> io::Result<String> {
        let mut w = writer()?;
        w.create_element("sitemapindex")
            .with_attribute(("xmlns", SITEMAP))
            .write_inner_content(|w| {
                for (name, lastmod) in files {
                    w.create_element("sitemap").write_inner_content(|w| {
                        leaf(w, "loc", &format!("{base}/{name}"))?;
                        if let Some(m) = lastmod {
                            leaf(w, "lastmod", m)?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(finish(w))
    };
    write().expect("writing to memory does not fail")
}

/// `robots.txt`. The base URL was parsed and written back by the URL parser (no space,
/// no line break), so it cannot add a line.
pub fn robots(site: &Site) -> String {
    let sitemap = format!("{}/sitemap.xml", site.base_url);
    assert!(
        !sitemap.contains(|c: char| c.is_whitespace() || c.is_control()),
        "base_url is checked by the content build"
    );
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}
