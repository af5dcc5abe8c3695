//! RSS 2.0 feeds, the sitemap and robots.txt.

use portal_core::api::{Site, Summary};
use portal_core::paths;

use crate::api::Api;
use crate::html::escape;

/// Items per feed.
pub const FEED_ITEMS: usize = 20;

pub fn site_feed_path() -> String {
    "/rss.xml".into()
}

pub fn section_feed_path(slug: &str) -> String {
    format!("/chuyen-muc/{slug}/rss.xml")
}

/// An RSS 2.0 document for `items` (newest first).
pub fn rss(
    site: &Site,
    title: &str,
    description: &str,
    page: &str,
    feed: &str,
    items: &[&Summary],
) -> String {
    let base = &site.base_url;
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    out.push_str(&format!("<title>{}</title>\n", escape(title)));
    out.push_str(&format!("<link>{base}{page}</link>\n"));
    out.push_str(&format!("<description>{}</description>\n", escape(description)));
    out.push_str("<language>vi</language>\n");
    out.push_str(&format!(
        "<atom:link href=\"{base}{feed}\" rel=\"self\" type=\"application/rss+xml\"/>\n"
    ));
    if let Some(newest) = items.first() {
        out.push_str(&format!(
            "<lastBuildDate>{}</lastBuildDate>\n",
            newest.published.rfc2822_vietnam()
        ));
    }
    let section_name = |slug: &str| site.section(slug).map(|s| s.name.clone()).unwrap_or_default();
    for s in items.iter().take(FEED_ITEMS) {
        let link = format!("{base}{}", paths::article(&s.slug));
        out.push_str("<item>\n");
        out.push_str(&format!("<title>{}</title>\n", escape(&s.title)));
        out.push_str(&format!(
            "<link>{link}</link>\n<guid isPermaLink=\"true\">{link}</guid>\n"
        ));
        out.push_str(&format!("<pubDate>{}</pubDate>\n", s.published.rfc2822_vietnam()));
        out.push_str(&format!(
            "<category>{}</category>\n",
            escape(&section_name(&s.section))
        ));
        out.push_str(&format!("<description>{}</description>\n", escape(&s.summary)));
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// `sitemap.xml`: the site's pages, each (but the static ones) with the time of its
/// newest content. (The filtered lists of documents are reached by their links.)
pub fn sitemap(api: &Api) -> String {
    let base = &api.site.value.base_url;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: String, lastmod: Option<String>| {
        out.push_str(&format!("<url><loc>{base}{path}</loc>"));
        if let Some(m) = lastmod {
            out.push_str(&format!("<lastmod>{m}</lastmod>"));
        }
        out.push_str("</url>\n");
    };
    let all = api.summaries();
    url(
        paths::home(),
        all.first().map(|s| s.published.to_rfc3339_vietnam()),
    );
    for pages in &api.sections {
        for p in pages {
            let newest = p.value.articles.first().map(|s| s.published.to_rfc3339_vietnam());
            url(paths::section(&p.value.slug, p.value.page), newest);
        }
    }
    for a in &api.articles {
        url(
            paths::article(&a.value.slug),
            Some(a.value.published.to_rfc3339_vietnam()),
        );
    }
    if let Some(index) = &api.documents {
        url(
            paths::documents(&paths::DocFilter::default(), 1),
            index.value.documents.first().map(|d| d.issued.iso()),
        );
        for d in &api.document_docs {
            url(paths::document(&d.value.slug), Some(d.value.issued.iso()));
        }
    }
    // Static pages have no date of their own.
    for p in &api.pages {
        url(paths::page(&p.value.slug), None);
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}/sitemap.xml\n",
        site.base_url
    )
}
