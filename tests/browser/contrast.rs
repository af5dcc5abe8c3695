//! Contrast in every state of every control (issue 12; WCAG 1.4.3, 1.4.6, 1.4.11),
//! where axe looks only at the page as it stands: each link, button and field is put in
//! its hover, focus and (links) visited state by Chromium's DevTools
//! (`CSS.forcePseudoState`; a page's own script cannot read a visited link's colour)
//! and its colours are read back (`CSS.getComputedStyleForNode`). Its text (the colour
//! the control itself sets, at its opacity; a disabled one is exempt) must reach 4.5:1
//! (large text 3:1), in high contrast 7:1 (4.5:1); the focus indicator and a field's
//! edge 3:1 against what is around them; a placeholder like any text. Not read: a
//! child's own colour inside a control, background images (the portal has none).

use std::collections::HashMap;

use super::*;

/// Every shown control, the header's menus open (`data-tp` = its index, in document
/// order): [index, what it is, the colour behind it (its ancestors' backgrounds laid
/// over white), large text?, a text field?, its placeholder's colour or null, its
/// opacity with its ancestors', inactive (disabled: WCAG asks no contrast of it)?].
const CONTROLS: &str = "const rgba = c => { const m = (c.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
    const behind = e => {
      const layers = [];
      for (let a = e.parentElement; a; a = a.parentElement) {
        const c = rgba(getComputedStyle(a).backgroundColor);
        if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
      }
      return layers.reverse().reduce((out, c) => out.map((v, k) => v * (1 - c[3]) + c[k] * c[3]), [255, 255, 255]);
    };
    return [...document.querySelectorAll('a[href], button, summary, input:not([type=hidden]), select, textarea')]
      .filter(e => e.getAttribute('tabindex') !== '-1' && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
      .filter(e => (e.textContent || e.value || e.placeholder || '').trim() || e.matches('input, select, textarea'))
      .map((e, i) => {
        e.setAttribute('data-tp', String(i));
        const s = getComputedStyle(e), px = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
        const field = e.matches('input:not([type=submit]):not([type=button]):not([type=checkbox]):not([type=radio]), select, textarea');
        let fade = 1;
        for (let a = e; a; a = a.parentElement) fade *= parseFloat(getComputedStyle(a).opacity);
        return [i, e.tagName.toLowerCase() + '.' + e.className + ' “' + (e.textContent || e.placeholder || '').trim().slice(0, 30) + '”',
          behind(e), px >= 24 || (px >= 18.66 && bold), field,
          e.placeholder ? getComputedStyle(e, '::placeholder').color : null,
          fade, e.disabled === true || e.getAttribute('aria-disabled') === 'true'];
      });";

/// `rgb(…)`/`rgba(…)` colours in a computed value, in order: [r, g, b, alpha].
fn colours(value: &str) -> Vec<[f64; 4]> {
    value
        .split("rgb")
        .skip(1)
        .filter_map(|part| {
            let inner = part.trim_start_matches('a').strip_prefix('(')?;
            let inner = &inner[..inner.find(')')?];
            let n: Vec<f64> = inner
                .split([',', ' ', '/'])
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            (n.len() >= 3).then(|| [n[0], n[1], n[2], n.get(3).copied().unwrap_or(1.0)])
        })
        .collect()
}

/// `top` laid over the opaque `under`.
fn over(top: [f64; 4], under: [f64; 3]) -> [f64; 3] {
    let a = top[3];
    [0, 1, 2].map(|k| top[k] * a + under[k] * (1.0 - a))
}

/// WCAG's contrast ratio of two opaque colours.
fn ratio(x: [f64; 3], y: [f64; 3]) -> f64 {
    let lum = |c: [f64; 3]| {
        let l = c.map(|v| {
            let v = v / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        });
        0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2]
    };
    let (a, b) = (lum(x), lum(y));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// A control's computed style in the `forced` states, as name → value.
async fn style_in(p: &Page, node: i64, forced: &[&str]) -> R<HashMap<String, String>> {
    p.cdp(
        "CSS.forcePseudoState",
        json!({ "nodeId": node, "forcedPseudoClasses": forced }),
    )
    .await?;
    let style = p
        .cdp("CSS.getComputedStyleForNode", json!({ "nodeId": node }))
        .await?;
    Ok(style["computedStyle"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["name"].as_str()?.to_string(), p["value"].as_str()?.to_string())))
        .collect())
}

/// What falls short on the open page, `high` for the high-contrast thresholds.
async fn shortfalls(p: &Page, high: bool) -> R<Vec<String>> {
    open_header_menus(p).await?;
    let controls = p.js(CONTROLS).await?;
    let controls = controls.as_array().cloned().unwrap_or_default();
    p.cdp("DOM.enable", json!({})).await?;
    p.cdp("CSS.enable", json!({})).await?;
    let nodes = p.node_ids("[data-tp]").await?;
    check!(
        nodes.len() == controls.len() && !nodes.is_empty(),
        "{} controls marked, {} found by DevTools",
        controls.len(),
        nodes.len()
    );
    let mut found = Vec::new();
    for (c, &node) in controls.iter().zip(&nodes) {
        let what = c[1].as_str().unwrap_or_default();
        let behind = {
            let b: Vec<f64> = c[2]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_f64)
                .collect();
            [b[0], b[1], b[2]]
        };
        let (large, field) = (c[3] == json!(true), c[4] == json!(true));
        let (fade, inactive) = (c[6].as_f64().unwrap_or(1.0), c[7] == json!(true));
        // A faded control is drawn over what is behind it at its opacity.
        let faded = |x: [f64; 3]| [0, 1, 2].map(|k| x[k] * fade + behind[k] * (1.0 - fade));
        let text_min = match (high, large) {
            (false, false) => 4.5,
            (false, true) => 3.0,
            (true, false) => 7.0,
            (true, true) => 4.5,
        };
        let link = what.starts_with("a.");
        let mut states: Vec<(&str, Vec<&str>)> = vec![
            ("", vec![]),
            ("hover", vec!["hover"]),
            ("focus", vec!["focus", "focus-visible"]),
        ];
        if link {
            states.push(("visited", vec!["visited"]));
        }
        let mut normal_bg = behind;
        for (state, forced) in states {
            let s = style_in(p, node, &forced).await?;
            let get = |k: &str| s.get(k).map(String::as_str).unwrap_or_default();
            let own = colours(get("background-color"))
                .first()
                .copied()
                .unwrap_or([0.0; 4]);
            let bg = over(own, behind);
            if state.is_empty() {
                normal_bg = bg;
            }
            if let Some(&fg) = colours(get("color")).first().filter(|_| !inactive) {
                let r = ratio(faded(over(fg, bg)), faded(bg));
                if r < text_min {
                    found.push(format!("{what} {state}: text {r:.2}:1 (under {text_min}:1)"));
                }
            }
            if field && state.is_empty() {
                let edge = colours(get("border-top-color"))
                    .first()
                    .filter(|_| get("border-top-style") != "none" && get("border-top-width") != "0px")
                    .map(|&b| ratio(over(b, behind), behind))
                    .unwrap_or(1.0)
                    .max(ratio(bg, behind));
                if edge < 3.0 {
                    found.push(format!("{what}: the field's edge {edge:.2}:1 (under 3:1)"));
                }
            }
            if state == "focus" {
                let mut rings = colours(get("box-shadow"));
                if get("outline-style") != "none" && get("outline-width") != "0px" {
                    rings.extend(colours(get("outline-color")));
                }
                let best = rings
                    .iter()
                    .map(|&c| ratio(over(c, behind), behind))
                    .fold(1.0, f64::max);
                if best < 3.0 {
                    found.push(format!("{what}: focus indicator {best:.2}:1 (under 3:1)"));
                }
            }
        }
        style_in(p, node, &[]).await?;
        if let Some(place) = c[5].as_str() {
            if let Some(&fg) = colours(place).first() {
                let r = ratio(faded(over(fg, normal_bg)), faded(normal_bg));
                if r < text_min {
                    found.push(format!("{what}: placeholder {r:.2}:1 (under {text_min}:1)"));
                }
            }
        }
    }
    Ok(found)
}

pub async fn every_state_of_every_control_keeps_its_contrast(_e: &Env, p: &Page) -> R {
    // The arithmetic first: black on white is 21:1, the portal's link blue 7.2:1.
    let white = [255.0; 3];
    let known = (ratio([0.0; 3], white), ratio([11.0, 87.0, 164.0], white));
    check!(
        (known.0 - 21.0).abs() < 1e-9 && (known.1 - 7.21).abs() < 0.01,
        "contrast arithmetic: {known:?}"
    );
    check!(
        colours("rgb(11, 12, 12) 0px 0px 0px 5px, rgba(0, 0, 0, 0.5)")
            == vec![[11.0, 12.0, 12.0, 1.0], [0.0, 0.0, 0.0, 0.5]],
        "colours in a computed value"
    );
    let mut found = Vec::new();
    for high in [false, true] {
        p.goto("/").await?;
        let mode = if high { "cao" } else { "thuong" };
        p.js(&format!("localStorage.setItem('tuong-phan', '{mode}')"))
            .await?;
        for (path, ready) in EVERY_KIND {
            open_at(p, path, ready, 0).await?;
            let on = p
                .js("return document.documentElement.hasAttribute('data-tuong-phan')")
                .await?;
            check!(on == json!(high), "{path}: high contrast is {on}, meant {high}");
            for s in shortfalls(p, high).await? {
                found.push(format!(
                    "{path}{}: {s}",
                    if high { " (tương phản cao)" } else { "" }
                ));
            }
        }
    }
    found.dedup();
    check!(found.is_empty(), "{}", found.join("\n"));
    Ok(())
}
