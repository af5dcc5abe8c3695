//! The app's body renderer (the same components render the prerendered pages and the
//! pages the app shows) on generated blocks full of markup, script and odd URLs: the
//! HTML it writes, read back by an HTML parser, has only the elements and attributes
//! a body may have, and no link or image a browser would run. Fixed seed in CI;
//! `cargo xtask fuzz` runs more.

#![cfg(not(target_arch = "wasm32"))]

use std::cell::RefCell;

use leptos::prelude::*;
use lol_html::{element, rewrite_str, RewriteStrSettings};
use portal::components::body::blocks;
use portal_core::arbitrary::{blocks as any_blocks, config};
use portal_core::text::is_safe_href;
use proptest::prelude::*;

const ELEMENTS: &[&str] = &[
    "div",
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "img",
    "figcaption",
    "strong",
    "em",
    "code",
    "a",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

fn render(b: &[portal_core::api::Block]) -> String {
    let owner = Owner::new();
    let html = owner.with(|| view! { <div>{blocks(b)}</div> }.to_html());
    owner.cleanup();
    html
}

/// Every element and attribute of `html`, or what is wrong.
fn check(html: &str) -> Result<(), String> {
    let problems = RefCell::new(Vec::new());
    rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
            let name = el.tag_name();
            let mut p = problems.borrow_mut();
            if !ELEMENTS.contains(&name.as_str()) {
                p.push(format!("element <{name}>"));
            }
            for a in el.attributes() {
                let (k, v) = (a.name(), a.value());
                let allowed = match k.as_str() {
                    "href" => name == "a" && is_safe_href(&v),
                    "src" => name == "img" && v.starts_with('/') && !v.starts_with("//") && is_safe_href(&v),
                    "alt" | "width" | "height" | "loading" => name == "img",
                    "rel" => name == "a" && v == "external noopener",
                    "start" => name == "ol" && v.bytes().all(|b| b.is_ascii_digit()),
                    "class" | "scope" | "tabindex" | "role" | "aria-label" => true,
                    _ => false,
                };
                if !allowed {
                    p.push(format!("<{name} {k}=\"{v}\">"));
                }
            }
            Ok(())
        })),
    )
    .map_err(|e| e.to_string())?;
    let p = problems.into_inner();
    if p.is_empty() {
        Ok(())
    } else {
        Err(p.join(", "))
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn rendered_bodies_hold_no_markup_from_content(b in any_blocks()) {
        let html = render(&b);
        prop_assert!(check(&html).is_ok(), "{:?}\n{}", check(&html), html);
    }
}

#[test]
fn a_body_with_every_payload_is_text() {
    use portal_core::api::{Block, Inline};
    let payload = "</p><script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>";
    let b = vec![
        Block::Paragraph(vec![
            Inline::Text(payload.into()),
            Inline::Link {
                href: "javascript:window.__pwned=1".into(),
                c: vec![Inline::Text("x".into())],
            },
            Inline::Link {
                href: " JaVa\tScript:window.__pwned=1".into(),
                c: vec![],
            },
            Inline::Code(payload.into()),
        ]),
        Block::Figure(portal_core::api::Image {
            src: "data:image/svg+xml,<svg onload=window.__pwned=1>".into(),
            alt: payload.into(),
            width: 1,
            height: 1,
            caption: Some(payload.into()),
            copies: 1,
        }),
        // Fetched data naming a picture whose address would add a foreign candidate to
        // its srcset.
        Block::Figure(portal_core::api::Image {
            src: "/media/a.jpg 1x, https://evil.example/x.jpg".into(),
            alt: "Ảnh".into(),
            width: 1600,
            height: 900,
            caption: None,
            copies: 3,
        }),
    ];
    let html = render(&b);
    check(&html).unwrap_or_else(|e| panic!("{e}\n{html}"));
    assert!(
        !html.contains("<script") && !html.contains("<img src=x"),
        "{html}"
    );
    assert!(
        !html.contains("srcset"),
        "no srcset for a hostile address: {html}"
    );
    assert!(
        html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"),
        "{html}"
    );
}
