//! What assistive technology is given (issue 12; WCAG 1.1.1, 2.5.3, 4.1.3), read from
//! the accessibility tree Chromium builds for screen readers (CDP `Accessibility`): no
//! glyph the stylesheet draws is read out, every control's name holds the words it
//! shows, and a status message is written into a live region that was in the page
//! before it (screen readers announce a change in a region they know; a region that
//! arrives with its text is often not announced).

use std::collections::HashMap;

use super::*;

/// Glyphs the stylesheet draws (menu, "Hiển thị", breadcrumbs, pagination, "Xem thêm")
/// for sighted readers only.
const CSS_GLYPHS: [char; 6] = ['☰', '✕', '▾', '▴', '‹', '›'];

/// The nodes of the page's accessibility tree a screen reader meets (not ignored).
async fn ax_nodes(p: &Page) -> R<Vec<Value>> {
    let tree = p.cdp("Accessibility.getFullAXTree", json!({})).await?;
    Ok(tree["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|n| n["ignored"] != json!(true))
        .cloned()
        .collect())
}

fn ax_name(node: &Value) -> &str {
    node["name"]["value"].as_str().unwrap_or_default()
}

/// The DOM's `backendNodeId` of every element carrying `attr`, by the attribute's value.
async fn backend_ids(p: &Page, attr: &str) -> R<HashMap<String, i64>> {
    fn walk(n: &Value, attr: &str, out: &mut HashMap<String, i64>) {
        let attrs = n["attributes"].as_array().cloned().unwrap_or_default();
        for pair in attrs.chunks(2) {
            if pair[0] == json!(attr) {
                if let (Some(v), Some(id)) = (pair[1].as_str(), n["backendNodeId"].as_i64()) {
                    out.insert(v.to_string(), id);
                }
            }
        }
        for child in n["children"].as_array().into_iter().flatten() {
            walk(child, attr, out);
        }
    }
    let doc = p.cdp("DOM.getDocument", json!({ "depth": -1 })).await?;
    let mut out = HashMap::new();
    walk(&doc["root"], attr, &mut out);
    Ok(out)
}

/// Lower case, one space between words: how two names are compared.
fn words(s: &str) -> String {
    s.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

pub async fn no_glyph_drawn_by_the_stylesheet_is_read_out(_e: &Env, p: &Page) -> R {
    let mut found = Vec::new();
    // Every page kind, and an archive page of a section: its pagination has "‹ Trang trước".
    let archive = ("/chuyen-muc/su-kien-noi-bat/trang/1/", ".pagination a[rel=prev]");
    for (path, ready) in EVERY_KIND.into_iter().chain([archive]) {
        open_at(p, path, ready, 0).await?;
        // Closed, then open: open menus show the other glyphs (✕, ▴).
        for open in [false, true] {
            if open {
                open_header_menus(p).await?;
            }
            let nodes = ax_nodes(p).await?;
            let display = nodes.iter().map(ax_name).find(|n| n.starts_with("Hiển thị"));
            check!(
                display.is_some(),
                "{path}: no “Hiển thị” in the accessibility tree ({} nodes)",
                nodes.len()
            );
            for n in &nodes {
                let name = ax_name(n);
                if name.contains(CSS_GLYPHS) {
                    let state = if open { "menus open" } else { "menus closed" };
                    found.push(format!("{path}, {state}: {} “{name}”", n["role"]["value"]));
                }
            }
        }
    }
    check!(found.is_empty(), "read out:\n{}", found.join("\n"));
    Ok(())
}

/// Every shown link and button, the header's menus open (`data-nhan` = its index), and
/// the words a sighted reader sees in it: its text nodes that are drawn (not inside a
/// 1-px visually hidden box).
const SHOWN_WORDS: &str = "const shown = e => [...e.childNodes].map(n => {
        if (n.nodeType === 3) return n.textContent;
        if (n.nodeType !== 1) return '';
        const r = n.getBoundingClientRect(), s = getComputedStyle(n);
        if (r.width <= 1 || r.height <= 1 || s.display === 'none' || s.visibility === 'hidden') return '';
        return shown(n);
      }).join('');
    return [...document.querySelectorAll('a[href], button, summary')]
      .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[aria-hidden=true]'))
      .map((e, i) => { e.setAttribute('data-nhan', String(i)); return [String(i), shown(e), e.outerHTML.slice(0, 80)]; });";

pub async fn every_control_is_named_by_the_words_it_shows(_e: &Env, p: &Page) -> R {
    let mut found = Vec::new();
    let mut checked = 0;
    for (path, ready) in EVERY_KIND {
        open_at(p, path, ready, 0).await?;
        open_header_menus(p).await?;
        let controls = p.js(SHOWN_WORDS).await?;
        let ids = backend_ids(p, "data-nhan").await?;
        let names: HashMap<i64, String> = ax_nodes(p)
            .await?
            .iter()
            .filter_map(|n| Some((n["backendDOMNodeId"].as_i64()?, ax_name(n).to_string())))
            .collect();
        for c in controls.as_array().into_iter().flatten() {
            let (i, shown, html) = (
                c[0].as_str().unwrap_or_default(),
                words(c[1].as_str().unwrap_or_default()),
                &c[2],
            );
            if shown.is_empty() {
                continue;
            }
            checked += 1;
            let name = ids
                .get(i)
                .and_then(|id| names.get(id))
                .map(|n| words(n))
                .unwrap_or_default();
            if !name.contains(&shown) {
                found.push(format!("{path}: shows “{shown}”, named “{name}”: {html}"));
            }
        }
    }
    check!(checked > 100, "only {checked} controls with words checked");
    check!(found.is_empty(), "{}", found.join("\n"));
    Ok(())
}

/// Notes, from now on, every live region (`role=status`, `aria-live`) that enters the
/// page with its text already in it. An alert (`role=alert`) is announced when it
/// arrives and is not noted. (Not noted either: a role or `aria-live` added to an
/// element already holding its text; nothing in the portal does that.)
pub async fn watch_live_regions(p: &Page) -> R {
    p.js("window.arrivedWithText = [];
          const live = '[role=status], [aria-live=polite], [aria-live=assertive]';
          new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => {
            if (n.nodeType !== 1) return;
            [n, ...n.querySelectorAll(live)].filter(e => e.matches(live) && e.textContent.trim())
              .forEach(e => window.arrivedWithText.push(e.className + ': ' + e.textContent.trim()));
          }))).observe(document.body, { childList: true, subtree: true });")
        .await?;
    Ok(())
}

/// The accessibility tree's node of the first `css` element, as a screen reader gets it.
pub async fn ax_node(p: &Page, css: &str) -> R<Value> {
    let node = *p.node_ids(css).await?.first().ok_or(format!("no `{css}`"))?;
    let mut ax = p
        .cdp(
            "Accessibility.getPartialAXTree",
            json!({ "nodeId": node, "fetchRelatives": false }),
        )
        .await?;
    Ok(ax["nodes"][0].take())
}

/// Checks that no live region arrived with its text since [`watch_live_regions`], and
/// that the first `css` element is a live region in the accessibility tree (`live`:
/// polite or assertive) saying `text`.
pub async fn check_said_in_a_known_region(p: &Page, css: &str, text: &str) -> R {
    let arrived = p.js("return window.arrivedWithText").await?;
    check!(
        arrived.as_array().is_some_and(|a| a.is_empty()),
        "live regions that arrived with their text (not announced): {arrived}"
    );
    let own = ax_node(p, css).await?;
    let live = own["properties"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|prop| prop["name"] == json!("live"))
        .map(|prop| prop["value"]["value"].clone())
        .unwrap_or(Value::Null);
    check!(
        live == json!("polite") || live == json!("assertive"),
        "`{css}` is not a live region in the accessibility tree (live: {live}): {own}"
    );
    let said = p
        .js_string(&format!("return document.querySelector('{css}').textContent"))
        .await?;
    check!(said.contains(text), "`{css}` says “{said}”, not “{text}”");
    Ok(())
}
