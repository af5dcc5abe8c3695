//! The document head of each page: title, description, canonical URL and link-preview
//! (Open Graph) tags.
//!
//! A page declares its [`PageHead`] with the [`Head`] component. In the browser the
//! component updates `document.title` and the tags in place; when prerendering, the
//! prerenderer collects the same `PageHead` and writes the tags into the HTML. (This
//! replaces leptos_meta, which cost about 7 KB of brotli-compressed Wasm for the same
//! job; see docs/size.md.)

use std::sync::{Arc, Mutex};

use leptos::prelude::*;

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
}

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

    /// The `<meta>`/`<link>` tags as (kind, key, value): kind is "name", "property" or
    /// "link" (then key is the rel). A page without an image shows `fallback_image` (the
    /// site's emblem) in link previews.
    pub fn tags(
        &self,
        base_url: &str,
        fallback_image: Option<&str>,
    ) -> Vec<(&'static str, &'static str, String)> {
        let url = format!("{base_url}{}", self.path);
        let mut tags = vec![
            ("name", "description", self.description.clone()),
            ("link", "canonical", url.clone()),
            ("property", "og:title", self.title.clone()),
            ("property", "og:description", self.description.clone()),
            ("property", "og:url", url),
            (
                "property",
                "og:type",
                if self.published.is_some() {
                    "article"
                } else {
                    "website"
                }
                .into(),
            ),
        ];
        if let Some(img) = self.image.as_deref().or(fallback_image) {
            tags.push(("property", "og:image", format!("{base_url}{img}")));
        }
        if let Some(p) = &self.published {
            tags.push(("property", "article:published_time", p.clone()));
        }
        if self.noindex {
            tags.push(("name", "robots", "noindex".into()));
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
            apply(&head, &site.name, &site.base_url, site.emblem.as_deref());
        }
    });
}

#[cfg(target_arch = "wasm32")]
fn apply(head: &PageHead, site_name: &str, base_url: &str, emblem: Option<&str>) {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    doc.set_title(&head.full_title(site_name));
    if let Some(root) = doc.document_element() {
        let _ = root.set_attribute("lang", head.lang());
    }
    let Some(head_el) = doc.head() else { return };
    if let Ok(old) = doc.query_selector_all("link[rel=alternate][hreflang]") {
        for i in 0..old.length() {
            if let Some(n) = old.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                n.remove();
            }
        }
    }
    for (lang, path) in &head.alternates {
        if let Ok(el) = doc.create_element("link") {
            let _ = el.set_attribute("rel", "alternate");
            let _ = el.set_attribute("hreflang", lang);
            let _ = el.set_attribute("href", &format!("{base_url}{path}"));
            let _ = head_el.append_child(&el);
        }
    }
    // Tags of the previous page that this one does not have go away.
    for (kind, key) in [
        ("name", "robots"),
        ("property", "og:image"),
        ("property", "article:published_time"),
    ] {
        if let Ok(Some(old)) = doc.query_selector(&format!("meta[{kind}=\"{key}\"]")) {
            old.remove();
        }
    }
    for (kind, key, value) in head.tags(base_url, emblem) {
        let (selector, tag, attr) = match kind {
            "link" => (format!("link[rel=\"{key}\"]"), "link", "href"),
            _ => (format!("meta[{kind}=\"{key}\"]"), "meta", "content"),
        };
        let el = match doc.query_selector(&selector) {
            Ok(Some(el)) => el,
            _ => {
                let Ok(el) = doc.create_element(tag) else { continue };
                let _ = el.set_attribute(if kind == "link" { "rel" } else { kind }, key);
                let _ = head_el.append_child(&el);
                el
            }
        };
        let _ = el.set_attribute(attr, &value);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn apply(_head: &PageHead, _site_name: &str, _base_url: &str, _emblem: Option<&str>) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_and_tags() {
        let h = PageHead {
            title: "Bài".into(),
            description: "Tóm tắt".into(),
            path: "/bai-viet/bai/".into(),
            image: Some("/media/a.svg".into()),
            published: Some("2020-08-10T13:19:00+07:00".into()),
            ..Default::default()
        };
        assert_eq!(h.lang(), "vi");
        assert_eq!(h.full_title("Cổng"), "Bài – Cổng");
        assert_eq!(PageHead::default().full_title("Cổng"), "Cổng");
        let tags = h.tags("https://x.vn", Some("/media/emblem.svg"));
        assert!(tags.contains(&("link", "canonical", "https://x.vn/bai-viet/bai/".into())));
        assert!(tags.contains(&("property", "og:image", "https://x.vn/media/a.svg".into())));
        assert!(tags.contains(&("property", "og:type", "article".into())));
        assert!(!tags.iter().any(|t| t.1 == "robots"));
        let plain = PageHead {
            noindex: true,
            ..Default::default()
        }
        .tags("https://x.vn", Some("/media/e.svg"));
        assert!(plain.contains(&("property", "og:image", "https://x.vn/media/e.svg".into())));
        assert!(plain.contains(&("property", "og:type", "website".into())));
        assert!(plain.contains(&("name", "robots", "noindex".into())));
    }
}
