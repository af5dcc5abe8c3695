//! WCAG 2.2 AA checked by machine beyond axe's serious and critical findings (issue 12;
//! docs/accessibility.md names the test of each criterion): axe with every impact,
//! reflow at 320 px with the largest text and wider text spacing (nothing cut off, no
//! text over text), browser zoom to 400 % and a doubled font size, a keyboard-only path
//! through every page kind with the focus always seen, and target sizes.

use fantoccini::key::Key;

use super::*;

/// Every page kind, each with an element that says its content is there (also the
/// high-contrast test's list: tests/browser/reader.rs).
pub const EVERY_KIND: [(&str, &str); 10] = [
    ("/", ".featured .summary"),
    (SECTION, ".pagination"),
    (ARTICLE, ".related"),
    (TABLE_ARTICLE, ".article-body table"),
    ("/tim-kiem/?q=dan+van", ".result"),
    ("/van-ban/", ".documents li"),
    ("/van-ban/256-kh-ubnd-2025/", ".files li"),
    ("/co-cau-to-chuc/", ".article-body table"),
    ("/en/contact/", ".article-body"),
    ("/khong-co-trang-nay/", ".not-found"),
];

/// Opens `path` at text size `step` (0–4) and waits for its content.
pub async fn open_at(p: &Page, path: &str, ready: &str, step: u8) -> R {
    p.goto("/").await?;
    p.js(&format!("localStorage.setItem('co-chu', '{step}')")).await?;
    p.goto(path).await?;
    p.poll(10, ready, || async {
        Ok((p.count(ready).await? > 0).then_some(()))
    })
    .await?;
    p.find(".site-footer h2").await?;
    // The app and the page's controls have come (they come after the page).
    p.wait_app().await
}

pub async fn axe_finds_nothing_of_any_impact_on_every_page_kind(_e: &Env, p: &Page) -> R {
    let mut found = Vec::new();
    for step in [0, 4] {
        for (path, ready) in EVERY_KIND {
            open_at(p, path, ready, step).await?;
            for v in p.axe_all(false).await? {
                found.push(format!("{path}, text size step {step}: {v}"));
            }
        }
    }
    check!(found.is_empty(), "axe found\n{}", found.join("\n"));
    Ok(())
}

/// Opens the header's menus ("Danh mục" on a phone, "Hiển thị"), so that their
/// controls are shown.
pub async fn open_header_menus(p: &Page) -> R {
    p.js("document.querySelectorAll('.site-header details').forEach(d => { d.open = true; })")
        .await
        .map(|_| ())
}

/// WCAG 1.4.12's test values: line height 1.5, paragraphs 2 em apart, letters 0.12 em,
/// words 0.16 em.
const TEXT_SPACING: &str = "const s = new CSSStyleSheet(); \
    s.replaceSync('* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }'); \
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, s]";

/// Elements whose text is cut off (a box that hides what overflows it, and overflows),
/// and the page's sideways scroll in px.
const CLIPPED: &str = "const cut = [...document.querySelectorAll('body *')].filter(e => {
      const s = getComputedStyle(e);
      if (!/hidden|clip/.test(s.overflowX + s.overflowY) || e.closest('.visually-hidden, .skip-link')) return false;
      if (!e.textContent.trim() || e.getClientRects().length === 0) return false;
      return e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1;
    }).map(e => e.tagName.toLowerCase() + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40));
    return [cut, document.documentElement.scrollWidth - document.documentElement.clientWidth];";

/// Pieces of text that overlap other text: the line boxes of every drawn text node
/// (not hidden, not in a closed `<details>`, not in a 1-px visually hidden box),
/// compared across nodes, as
/// `“text” / “text”`.
const OVERLAPS: &str = "const lines = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const host = n.parentElement;
      if (!n.textContent.trim() || host.closest('script, style, noscript, template, select')) continue;
      const box = host.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || !host.checkVisibility({ visibilityProperty: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) if (r.width > 1 && r.height > 1) lines.push([r, n]);
    }
    lines.sort((a, b) => a[0].top - b[0].top);
    const found = [];
    for (let i = 0; i < lines.length && found.length < 10; i++) {
      const [a, na] = lines[i];
      for (let j = i + 1; j < lines.length && lines[j][0].top < a.bottom - 2; j++) {
        const [b, nb] = lines[j];
        if (na === nb) continue;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 2 && h > 2) found.push('“' + na.textContent.trim().slice(0, 30) + '” / “' + nb.textContent.trim().slice(0, 30) + '”');
      }
    }
    return found;";

/// What keeps the open page from being read whole (`at` says where): sideways scroll,
/// text cut off, text over text.
async fn not_whole(p: &Page, at: &str) -> R<Vec<String>> {
    let mut found = Vec::new();
    let r = p.js(CLIPPED).await?;
    if r[1].as_f64().unwrap_or(0.0) > 0.0 {
        found.push(format!("{at}: scrolls sideways by {}px", r[1]));
    }
    for c in r[0].as_array().into_iter().flatten() {
        found.push(format!("{at}: text cut off in {c}"));
    }
    for o in p.js(OVERLAPS).await?.as_array().into_iter().flatten() {
        found.push(format!("{at}: text over text: {o}"));
    }
    Ok(found)
}

pub async fn every_page_kind_reflows_at_320_px_with_the_largest_text_and_wider_spacing(
    _e: &Env,
    p: &Page,
) -> R {
    let width = p.js_f64("window.innerWidth").await?;
    check!(width <= 320.0, "viewport is {width}px wide, not 320");
    let mut found = Vec::new();
    for (path, ready) in EVERY_KIND {
        open_at(p, path, ready, 4).await?;
        for spacing in [false, true] {
            if spacing {
                p.js(TEXT_SPACING).await?;
            }
            let how = if spacing {
                "with wider text spacing"
            } else {
                "at 200 %"
            };
            found.extend(not_whole(p, &format!("{path} {how}")).await?);
        }
    }
    check!(found.is_empty(), "{}", found.join("\n"));
    Ok(())
}

/// WCAG 1.4.4 and 1.4.10 as readers do it: the browser's zoom at 200 % and 400 % of a
/// 1280 × 800 window (what zoom does to a page: 640 × 400 and 320 × 200 CSS px at 2 and
/// 4 device pixels to one), and a phone whose default text size is doubled (Chromium's
/// own font size setting, which the page's sizes in `rem` follow). No sideways scroll,
/// no text cut off or over other text, on every page kind.
pub async fn browser_zoom_and_font_size_keep_every_page_whole(_e: &Env, p: &Page) -> R {
    let mut found = Vec::new();
    let zooms = [
        (640, 400, 2, "zoom 200 %"),
        (320, 200, 4, "zoom 400 %"),
        (390, 800, 1, "phone, font 32 px"),
    ];
    for (width, height, scale, how) in zooms {
        p.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": scale, "mobile": false }),
        )
        .await?;
        let font = if scale == 1 { 32 } else { 16 };
        p.cdp("Page.setFontSizes", json!({ "fontSizes": { "standard": font } }))
            .await?;
        for (path, ready) in EVERY_KIND {
            open_at(p, path, ready, 0).await?;
            let (inner, root) = (p.js_f64("innerWidth").await?, p.style("html", "font-size").await?);
            check!(
                inner == f64::from(width) && root == format!("{font}px"),
                "{how}: {inner} CSS px wide, text {root}"
            );
            found.extend(not_whole(p, &format!("{path}, {how}")).await?);
        }
    }
    check!(found.is_empty(), "{}", found.join("\n"));
    Ok(())
}

/// After a Tab: the focused element (its DOM position, a name for reports), whether its
/// focus is drawn (an outline or a shadow), and whether it can be seen (in the window,
/// not covered by anything else at its centre).
const FOCUSED: &str = "const e = document.activeElement;
    if (!e || e === document.body) return null;
    const all = [...document.querySelectorAll('*')];
    const s = getComputedStyle(e);
    const drawn = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
    // Seen: some point of it (the middle or the start of each of its boxes, in the
    // window) shows the element itself, not something over it.
    const points = [...e.getClientRects()].flatMap(r => [[r.left + r.width / 2, r.top + r.height / 2], [r.left + 2, r.top + r.height / 2]]);
    const seen = points.some(([x, y]) => {
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
      const hit = document.elementFromPoint(x, y);
      return !!hit && (hit === e || e.contains(hit));
    });
    return [all.indexOf(e), e.tagName.toLowerCase() + ' “' + (e.textContent || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 30) + '”', drawn, seen];";

/// The page's controls a keyboard should reach: shown, not disabled, not taken out of
/// the tab order; by DOM position.
const REACHABLE: &str = "const all = [...document.querySelectorAll('*')];
    return [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
      .filter(e => e.getAttribute('tabindex') !== '-1' && !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
      .filter(e => e.checkVisibility())
      .map(e => all.indexOf(e));";

pub async fn the_keyboard_reaches_every_control_in_order_with_its_focus_seen(_e: &Env, p: &Page) -> R {
    let mut found = Vec::new();
    for (path, ready) in EVERY_KIND {
        open_at(p, path, ready, 0).await?;
        let positive = p
            .count("[tabindex]:not([tabindex='-1']):not([tabindex='0'])")
            .await?;
        if positive > 0 {
            found.push(format!("{path}: {positive} elements with a positive tabindex"));
        }
        let reachable: Vec<i64> = p
            .js(REACHABLE)
            .await?
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_i64()).collect())
            .unwrap_or_default();
        p.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
            .await?;
        let mut reached = Vec::new();
        let mut last = -1;
        for _ in 0..reachable.len() + 5 {
            press(p, Key::Tab).await?;
            let f = p.js(FOCUSED).await?;
            let Some(at) = f[0].as_i64() else { break };
            if at <= last {
                break; // back to the start (or into the browser's own controls)
            }
            last = at;
            reached.push(at);
            if f[2] != json!(true) {
                found.push(format!("{path}: focus not drawn on {}", f[1]));
            }
            if f[3] != json!(true) {
                found.push(format!("{path}: focused {} is hidden", f[1]));
            }
        }
        let missed = reachable.iter().filter(|i| !reached.contains(i)).count();
        if missed > 0 {
            found.push(format!(
                "{path}: {missed} of {} controls not reached by Tab in document order",
                reachable.len()
            ));
        }
    }
    check!(found.is_empty(), "{}", found.join("\n"));
    Ok(())
}

/// Targets smaller than WCAG 2.5.8's 24 px, and controls smaller than the portal's own
/// 44 px (buttons, fields, the menus, pagination), as `tag “text” w×h`. A link in a line
/// of text is exempt (2.5.8's exception), and so is a link of an article's own text.
const SMALL_TARGETS: &str = "const controls = 'button, input, select, textarea, summary, .button, .site-nav a, .pagination a';
    return [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
      .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('.skip-link'))
      .filter(e => !(getComputedStyle(e).display === 'inline' && (e.closest('.article-body') || [...e.parentElement.childNodes].some(n => n !== e && n.textContent.trim()))))
      .map(e => [e, e.matches(controls) ? 44 : 24, e.getBoundingClientRect()])
      .filter(([e, min, r]) => r.width < min || r.height < min)
      .map(([e, min, r]) => e.tagName.toLowerCase() + ' “' + e.textContent.trim().slice(0, 30) + '” ' + Math.round(r.width) + '×' + Math.round(r.height) + ' (under ' + min + ' px)');";

pub async fn every_target_is_large_enough_to_touch(_e: &Env, p: &Page) -> R {
    let mut found = Vec::new();
    for step in [0, 4] {
        for (path, ready) in EVERY_KIND {
            open_at(p, path, ready, step).await?;
            for s in p.js(SMALL_TARGETS).await?.as_array().into_iter().flatten() {
                found.push(format!("{path}, text size step {step}: {s}"));
            }
        }
    }
    check!(found.is_empty(), "targets too small:\n{}", found.join("\n"));
    Ok(())
}

/// WCAG 2.4.1 and 2.1.1: the skip link is the first stop and moves the focus to the
/// content; "Hiển thị", the text size, contrast and print work from the keyboard.
pub async fn the_skip_link_and_the_controls_work_from_the_keyboard(_e: &Env, p: &Page) -> R {
    open_at(p, ARTICLE, ".related", 0).await?;
    p.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
        .await?;
    press(p, Key::Tab).await?;
    let first = p.js_string("return document.activeElement.className").await?;
    check!(first.contains("skip-link"), "the first Tab stop is “{first}”");
    press(p, Key::Enter).await?;
    p.poll(5, "the focus in the content", || async {
        Ok((p.js_string("return document.activeElement.id").await? == "noi-dung").then_some(()))
    })
    .await?;
    // "Hiển thị" opens with Enter; A+ and the contrast answer Enter and Space.
    p.js("document.querySelector('.display-button').focus()").await?;
    press(p, Key::Enter).await?;
    p.poll(5, "“Hiển thị” open, its buttons made", || async {
        Ok((p
            .js("return document.querySelector('.display-menu').open && !!document.querySelector('.text-size-larger')")
            .await?
            == json!(true))
        .then_some(()))
    })
    .await?;
    p.js("document.querySelector('.text-size-larger').focus()")
        .await?;
    press(p, Key::Enter).await?;
    check!(
        p.style("html", "font-size").await? == "20px",
        "Enter on A+: {}",
        p.style("html", "font-size").await?
    );
    p.js("document.querySelector('.contrast-button').focus()").await?;
    press(p, Key::Space).await?;
    check!(
        p.js("return document.documentElement.getAttribute('data-tuong-phan')")
            .await?
            == json!("cao"),
        "Space on “Tương phản cao” did not turn it on"
    );
    p.js("window.__printed = 0; window.print = () => { window.__printed += 1; }")
        .await?;
    p.js("document.querySelector('.print-button').focus()").await?;
    press(p, Key::Enter).await?;
    check!(
        p.js("return window.__printed").await? == json!(1),
        "Enter on “In bài viết”"
    );
    Ok(())
}

/// WCAG 3.2.3 and 3.2.4: the header's controls, the menu and the footer are the same,
/// in the same order and with the same names, on every page kind.
pub async fn navigation_is_the_same_on_every_page_kind(_e: &Env, p: &Page) -> R {
    const FRAME: &str = "return [...document.querySelectorAll('.site-header a, .site-header button, .site-header summary, .site-header input, .site-footer a')]
        .map(e => e.tagName + ' ' + (e.getAttribute('aria-label') || e.textContent.trim() || e.placeholder) + ' ' + (e.getAttribute('href') || '')).join('\\n')";
    let mut first: Option<(String, String)> = None;
    for (path, ready) in EVERY_KIND {
        if path.starts_with("/en/") {
            continue; // the English page has its own language switch
        }
        open_at(p, path, ready, 0).await?;
        let frame = p.js_string(FRAME).await?;
        if let Some((at, seen)) = &first {
            check!(
                *seen == frame,
                "the header and footer of {path} differ from {at}'s:\n{frame}\n---\n{seen}"
            );
        } else {
            first = Some((path.to_string(), frame));
        }
    }
    Ok(())
}
