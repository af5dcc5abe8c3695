//! The document head of each page: title, language, description, canonical URL, link
//! previews (Open Graph), other languages (`hreflang`) and feeds.
//!
//! A page declares its [`PageHead`] with the [`Head`] component. Every tag is made in
//! one place, [`PageHead::tags`]: the prerenderer writes those tags into the HTML, and
//! in the browser [`Head`] replaces the previous page's tags (all that match
//! [`MANAGED`]) with them, so nothing of one page stays in the head of the next.
//! (This replaces leptos_meta, which cost about 7 KB of brotli-compressed Wasm for the
//! same job; see docs/size.md.)

use std::sync::{Arc, Mutex};

use leptos::prelude::*;
use portal_core::api::Site;
use portal_core::paths;

use crate::use_site;

/// What a page says about itself in `<head>`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageHead {
    /// The page's own title; the site name is appended.
    pub title: String,
    pub description: String,
    /// Site-relative path (canonical URL = site base URL + path).
    pub path: String,
    /// Site-relative image for link previews.
    pub image: Option<String>,
    /// Publication time (RFC 3339) of an article.
    pub published: Option<String>,
    /// Pages that must not be indexed (404).
    pub noindex: bool,
    /// The page's language, `vi` when empty.
    pub lang: String,
    /// The page in each language, `(lang, path)`, for `hreflang` links.
    pub alternates: Vec<(String, String)>,
    /// A section's own feed, `(section name, feed path)`, besides the site's.
    pub section_feed: Option<(String, String)>,
}

/// One tag of the head: `meta` or `link`, and its attributes in order.
pub type Tag = (&'static str, Vec<(&'static str, String)>);

/// A CSS selector matching every tag [`PageHead::tags`] makes (and nothing else the
/// page's `<head>` holds): what the app removes before adding the next page's.
pub const MANAGED: &str =
    "meta[name=description],meta[name=robots],meta[property],link[rel=canonical],link[rel=alternate]";

impl PageHead {
    pub fn lang(&self) -> &str {
        if self.lang.is_empty() {
            "vi"
        } else {
            &self.lang
        }
    }

    /// `Title – Site name` (just the site name when the title is empty).
    pub fn full_title(&self, site_name: &str) -> String {
        match (self.title.is_empty(), site_name.is_empty()) {
            (true, _) => site_name.to_string(),
            (_, true) => self.title.clone(),
            _ => format!("{} – {}", self.title, site_name),
        }
    }

    /// Every tag of the page's head but the title. A page without an image shows the
    /// site's emblem in link previews.
    pub fn tags(&self, site: &Site) -> Vec<Tag> {
        let base = &site.base_url;
        let url = format!("{base}{}", self.path);
        let meta = |key: &'static str, name: &'static str, content: String| -> Tag {
            ("meta", vec![(key, name.to_string()), ("content", content)])
        };
        let mut tags = vec![
            meta("name", "description", self.description.clone()),
            ("link", vec![("rel", "canonical".into()), ("href", url.clone())]),
            meta("property", "og:title", self.title.clone()),
            meta("property", "og:description", self.description.clone()),
            meta("property", "og:url", url),
            meta(
                "property",
                "og:type",
                if self.published.is_some() {
                    "article"
                } else {
                    "website"
                }
                .into(),
            ),
            meta("property", "og:site_name", site.name.clone()),
            meta(
                "property",
                "og:locale",
                if self.lang() == "en" { "en_US" } else { "vi_VN" }.into(),
            ),
        ];
        if let Some(img) = self.image.as_deref().or(site.emblem.as_deref()) {
            tags.push(meta("property", "og:image", format!("{base}{img}")));
        }
        if let Some(p) = &self.published {
            tags.push(meta("property", "article:published_time", p.clone()));
        }
        if self.noindex {
            tags.push(meta("name", "robots", "noindex".into()));
        }
        for (lang, path) in &self.alternates {
            tags.push((
                "link",
                vec![
                    ("rel", "alternate".into()),
                    ("hreflang", lang.clone()),
                    ("href", format!("{base}{path}")),
                ],
            ));
        }
        let feed = |title: String, href: String| -> Tag {
            (
                "link",
                vec![
                    ("rel", "alternate".into()),
                    ("type", "application/rss+xml".into()),
                    ("title", title),
                    ("href", href),
                ],
            )
        };
        tags.push(feed(format!("{} – Tin mới", site.name), paths::feed()));
        if let Some((name, href)) = &self.section_feed {
            tags.push(feed(format!("{} – {name}", site.name), href.clone()));
        }
        tags
    }
}

/// Where the prerenderer receives the head of the page it renders.
#[derive(Clone, Default)]
pub struct HeadCollector(pub Arc<Mutex<Option<PageHead>>>);

/// Declares the current page's head.
#[component]
pub fn Head(head: PageHead) -> impl IntoView {
    if let Some(collector) = use_context::<HeadCollector>() {
        if let Ok(mut slot) = collector.0.lock() {
            *slot = Some(head.clone());
        }
    }
    let site = use_site();
    Effect::new(move |_| {
        if let Some(site) = site.get() {
            apply(&head, &site);
        }
    });
}

#[cfg(target_arch = "wasm32")]
fn apply(head: &PageHead, site: &Site) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    doc.set_title(&head.full_title(&site.name));
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("lang", head.lang());
    }
    let Some(head_el) = doc.head() else { return };
    if let Ok(old) = head_el.query_selector_all(MANAGED) {
        for i in 0..old.length() {
            if let Some(n) = old.item(i) {
                if let Some(parent) = n.parent_node() {
                    let _ = parent.remove_child(&n);
                }
            }
        }
    }
    for (name, attrs) in head.tags(site) {
        let Ok(el) = doc.create_element(name) else {
            continue;
        };
        for (k, v) in attrs {
            let _ = el.set_attribute(k, &v);
        }
        let _ = head_el.append_child(&el);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn apply(_head: &PageHead, _site: &Site) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        portal_core::json::from_str(
            r#"{"api_version":1,"name":"Cổng","unit_name":"U","unit_type":"xã","description":"D","base_url":"https://x.vn","emblem":"/media/e.svg","sample_content":false,"contact":{"address":"A","phone":"0297 000 0000","email":"a@x.vn"},"sections":[]}"#,
        )
        .unwrap()
    }

    fn attr<'a>(tag: &'a Tag, key: &str) -> Option<&'a str> {
        tag.1.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }

    /// Whether a tag matches [`MANAGED`] (its selectors are this simple).
    fn managed(tag: &Tag) -> bool {
        MANAGED.split(',').any(|sel| {
            let (el, rest) = sel.split_once('[').unwrap();
            let cond = rest.trim_end_matches(']');
            el == tag.0
                && match cond.split_once('=') {
                    Some((k, v)) => attr(tag, k) == Some(v),
                    None => attr(tag, cond).is_some(),
                }
        })
    }

    #[test]
    fn every_tag_is_made_here_and_managed() {
        let h = PageHead {
            title: "Bài".into(),
            description: "Tóm tắt".into(),
            path: "/bai-viet/bai/".into(),
            image: Some("/media/a.svg".into()),
            published: Some("2020-08-10T13:19:00+07:00".into()),
            lang: "en".into(),
            alternates: vec![
                ("vi".into(), "/lien-he/".into()),
                ("en".into(), "/en/contact/".into()),
            ],
            section_feed: Some(("Thông báo".into(), "/chuyen-muc/thong-bao/rss.xml".into())),
            noindex: true,
        };
        assert_eq!(h.full_title("Cổng"), "Bài – Cổng");
        assert_eq!(PageHead::default().full_title("Cổng"), "Cổng");
        let tags = h.tags(&site());
        let find = |pred: &dyn Fn(&Tag) -> bool| tags.iter().find(|t| pred(t)).cloned();
        let canonical = find(&|t| attr(t, "rel") == Some("canonical")).unwrap();
        assert_eq!(attr(&canonical, "href"), Some("https://x.vn/bai-viet/bai/"));
        let prop = |p: &str| {
            tags.iter()
                .find(|t| attr(t, "property") == Some(p))
                .and_then(|t| attr(t, "content"))
                .map(String::from)
        };
        assert_eq!(prop("og:image").as_deref(), Some("https://x.vn/media/a.svg"));
        assert_eq!(prop("og:type").as_deref(), Some("article"));
        assert_eq!(prop("og:locale").as_deref(), Some("en_US"));
        assert_eq!(prop("og:site_name").as_deref(), Some("Cổng"));
        let feeds: Vec<_> = tags
            .iter()
            .filter(|t| attr(t, "type") == Some("application/rss+xml"))
            .collect();
        assert_eq!(feeds.len(), 2);
        assert_eq!(attr(feeds[1], "title"), Some("Cổng – Thông báo"));
        assert_eq!(tags.iter().filter(|t| attr(t, "hreflang").is_some()).count(), 2);
        for t in &tags {
            assert!(managed(t), "{t:?} would stay after navigation");
        }
        let plain = PageHead::default().tags(&site());
        assert_eq!(
            plain
                .iter()
                .find(|t| attr(t, "property") == Some("og:image"))
                .and_then(|t| attr(t, "content")),
            Some("https://x.vn/media/e.svg")
        );
        assert!(!plain.iter().any(|t| attr(t, "name") == Some("robots")));
        assert_eq!(
            plain
                .iter()
                .find(|t| attr(t, "property") == Some("og:locale"))
                .and_then(|t| attr(t, "content")),
            Some("vi_VN")
        );
    }
}
