//! What residents with other needs get (issue 12): high contrast, kept and applied
//! before first paint, at 7:1 on every page kind; Windows' forced colours; a reader
//! who saves data reads the pages without the app, the page's controls still working;
//! an article read aloud (through a stand-in for the browser's speech) and shared.

use super::*;

/// The `data-tuong-phan` on `<html>` and the contrast button's `aria-pressed`.
async fn contrast_state(p: &Page) -> R<String> {
    p.js_string(
        "return (document.documentElement.getAttribute('data-tuong-phan') || '-') + ' ' + \
         [...document.querySelectorAll('.contrast-button')].map(b => b.getAttribute('aria-pressed')).join(',')",
    )
    .await
}

pub async fn high_contrast_is_kept_and_applied_before_first_paint(e: &Env, p: &Page) -> R {
    p.goto("/").await?;
    p.wait_app().await?;
    check!(
        contrast_state(p).await? == "- false",
        "at first: {}",
        contrast_state(p).await?
    );
    press_display(p, ".contrast-button").await?;
    check!(
        contrast_state(p).await? == "cao true",
        "after the click: {}",
        contrast_state(p).await?
    );
    let header = p.style(".site-header", "background-color").await?;
    check!(header == "rgb(0, 0, 0)", "the header in high contrast: {header}");
    // A page whose Wasm never arrives: the inline script applied it, controls.js says so.
    hang_the_app(e)?;
    p.c.goto(&p.url(ARTICLE)).await.ctx("open")?;
    h1(p, ARTICLE_TITLE).await?;
    p.poll(5, "the button's state from controls.js", || async {
        Ok((contrast_state(p).await? == "cao true").then_some(()))
    })
    .await?;
    let title = p.style(".article-title", "color").await?;
    check!(title == "rgb(0, 0, 0)", "the title before the app: {title}");
    // Off again, and kept off.
    press_display(p, ".contrast-button").await?;
    p.c.goto(&p.url(ARTICLE)).await.ctx("again")?;
    h1(p, ARTICLE_TITLE).await?;
    open_display(p).await?;
    let stored = p.js_string("return localStorage.getItem('tuong-phan')").await?;
    check!(
        stored == "thuong" && contrast_state(p).await? == "- false",
        "turned off: {stored}, {}",
        contrast_state(p).await?
    );
    Ok(())
}

pub async fn a_system_asking_for_more_contrast_turns_it_on(_e: &Env, p: &Page) -> R {
    let more = json!({ "features": [{ "name": "prefers-contrast", "value": "more" }] });
    p.cdp("Emulation.setEmulatedMedia", more).await?;
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    p.wait_controls().await?;
    check!(
        contrast_state(p).await? == "cao true",
        "with prefers-contrast: more: {}",
        contrast_state(p).await?
    );
    // The reader may still turn it off; it stays off.
    press_display(p, ".contrast-button").await?;
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    p.wait_controls().await?;
    check!(
        contrast_state(p).await? == "- false",
        "turned off by the reader: {}",
        contrast_state(p).await?
    );
    Ok(())
}

pub async fn high_contrast_reaches_7_to_1_on_every_page_kind(_e: &Env, p: &Page) -> R {
    let mut found = Vec::new();
    p.goto("/").await?;
    p.js("localStorage.setItem('tuong-phan', 'cao')").await?;
    for step in [0, 4] {
        for (path, ready) in EVERY_KIND {
            open_at(p, path, ready, step).await?;
            for v in p.axe_all(true).await? {
                found.push(format!("{path}, text size step {step}: {v}"));
            }
        }
    }
    check!(
        found.is_empty(),
        "axe in high contrast found\n{}",
        found.join("\n")
    );
    Ok(())
}

pub async fn forced_colors_keep_every_control_visible(_e: &Env, p: &Page) -> R {
    let forced = json!({ "features": [{ "name": "forced-colors", "value": "active" }] });
    p.cdp("Emulation.setEmulatedMedia", forced).await?;
    p.goto(SECTION).await?;
    p.wait_app().await?;
    let borderless = p
        .js(
            "return [...document.querySelectorAll('.text-size-button, .contrast-button, .search-button, .menu-button, .pagination a')]
               .filter(e => e.getBoundingClientRect().width > 0)
               .filter(e => parseFloat(getComputedStyle(e).borderTopWidth) < 1)
               .map(e => e.outerHTML.slice(0, 80))",
        )
        .await?;
    check!(
        borderless.as_array().is_some_and(|a| a.is_empty()),
        "controls that forced colours would hide: {borderless}"
    );
    let current = p
        .style(".pagination a[aria-current='page']", "text-decoration-line")
        .await?;
    check!(
        current.contains("underline"),
        "the current page is told by colour alone: {current}"
    );
    Ok(())
}

pub async fn save_data_reads_the_pages_without_the_app(_e: &Env, p: &Page) -> R {
    p.cdp(
        "Emulation.setDataSaverOverride",
        json!({ "dataSaverEnabled": true }),
    )
    .await?;
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    // Long enough for the app to have been asked for, had it been.
    p.js("return new Promise(r => setTimeout(r, 1500))").await?;
    let fetched = p
        .js_string("return performance.getEntriesByType('resource').map(e => e.name).join(' ')")
        .await?;
    check!(
        !fetched.contains(".wasm") && !fetched.contains("/boot-") && !fetched.contains("/portal-"),
        "a reader saving data downloaded the app: {fetched}"
    );
    check!(
        fetched.contains("/controls-"),
        "the page's controls were not loaded: {fetched}"
    );
    p.wait_controls().await?;
    let boot = p.count("script[src^='/boot-']").await?;
    check!(
        boot == 0,
        "the controls added the app's loader for a reader saving data"
    );
    // The controls work without it.
    press_display(p, ".text-size-larger").await?;
    check!(
        shown_size(p).await? == "125%",
        "text size without the app: {}",
        shown_size(p).await?
    );
    press_display(p, ".contrast-button").await?;
    check!(
        contrast_state(p).await? == "cao true",
        "contrast without the app: {}",
        contrast_state(p).await?
    );
    p.js("window.__printed = 0; window.print = () => { window.__printed += 1; }")
        .await?;
    p.find("button.print-button").await?.click().await.ctx("print")?;
    check!(
        p.js("return window.__printed").await? == json!(1),
        "“In bài viết” did not print"
    );
    // A link is a page load (the mark set on this page is gone on the next).
    p.js("window.__same_page = true").await?;
    p.click_js(".site-nav .menu-list a[href='/']").await?;
    p.wait_text("#noi-bat", "Sự kiện nổi bật").await?;
    let same = p.js("return window.__same_page === true").await?;
    check!(
        same == json!(false),
        "the link was followed by a script, not loaded"
    );
    Ok(())
}

/// A stand-in for the browser's speech (headless Chromium has no voices): it records
/// what it is asked to say, "says" each utterance in 300 ms, and pauses, resumes and
/// cancels as the real one does. With `voices` false, it has no Vietnamese voice.
fn speech_double(voices: bool) -> String {
    let voices = if voices {
        "[{ lang: 'en-US', name: 'Alex' }, { lang: 'vi-VN', name: 'Linh' }]"
    } else {
        "[{ lang: 'en-US', name: 'Alex' }]"
    };
    format!(
        "(() => {{
           const spoken = []; window.__spoken = spoken;
           let paused = false, timer = null, queue = [];
           function Utterance(text) {{ this.text = text; this.lang = ''; this.rate = 1; this.voice = null; }}
           function run() {{
             if (timer || paused || !queue.length) return;
             timer = setTimeout(() => {{ timer = null; if (paused) return; const u = queue.shift(); if (u.onend) u.onend(); run(); }}, 300);
           }}
           const fake = {{
             get paused() {{ return paused; }},
             getVoices: () => {voices},
             addEventListener() {{}}, removeEventListener() {{}},
             speak(u) {{ queue.push(u); spoken.push({{ text: u.text, lang: u.lang, rate: u.rate, voice: u.voice && u.voice.name }}); run(); }},
             pause() {{ paused = true; }},
             resume() {{ paused = false; run(); }},
             cancel() {{ queue = []; clearTimeout(timer); timer = null; paused = false; }},
           }};
           Object.defineProperty(window, 'speechSynthesis', {{ value: fake, configurable: true }});
           window.SpeechSynthesisUtterance = Utterance;
         }})();"
    )
}

async fn before_each_page(p: &Page, source: &str) -> R {
    p.cdp("Page.enable", json!({})).await?;
    p.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": source }),
    )
    .await
    .map(|_| ())
}

async fn spoken(p: &Page) -> R<Vec<Value>> {
    Ok(p.js("return window.__spoken || []")
        .await?
        .as_array()
        .cloned()
        .unwrap_or_default())
}

/// Waits until more than `n` utterances were asked for; returns them all.
async fn spoken_more_than(p: &Page, n: usize) -> R<Vec<Value>> {
    p.poll(10, &format!("more than {n} utterances"), || async {
        let s = spoken(p).await?;
        Ok((s.len() > n).then_some(s))
    })
    .await
}

pub async fn read_aloud_reads_the_article_paragraph_by_paragraph(_e: &Env, p: &Page) -> R {
    before_each_page(p, &speech_double(true)).await?;
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    p.wait_text("nghe-doc .read-aloud-play", "Nghe đọc").await?;
    p.find("nghe-doc .read-aloud-play")
        .await?
        .click()
        .await
        .ctx("Nghe đọc")?;
    let said = spoken_more_than(p, 1).await?;
    check!(said[0]["text"] == ARTICLE_TITLE, "read first: {}", said[0]);
    check!(
        said[0]["lang"] == "vi-VN" && said[0]["voice"] == "Linh" && said[0]["rate"] == 1,
        "the voice: {}",
        said[0]
    );
    // Only the article: every text said is in it, and the block being read is marked.
    let inside = p
        .js(
            "const a = document.querySelector('article').textContent.replace(/\\s+/g, ' '); \
             return window.__spoken.every(s => a.includes(s.text))",
        )
        .await?;
    check!(
        inside == json!(true),
        "something outside the article was read: {said:?}"
    );
    let marked = p.count("article .dang-doc").await?;
    check!(marked == 1, "{marked} blocks marked as being read");
    screen_is_usable_enough(p, "Nghe đọc").await?;
    // Pause: nothing more is said; resume: it goes on.
    p.find("nghe-doc .read-aloud-play")
        .await?
        .click()
        .await
        .ctx("Tạm dừng")?;
    let paused = spoken(p).await?.len();
    p.js("return new Promise(r => setTimeout(r, 900))").await?;
    check!(
        spoken(p).await?.len() == paused,
        "it went on reading while paused"
    );
    p.wait_text("nghe-doc .read-aloud-play", "Đọc tiếp").await?;
    p.js("const s = document.querySelector('nghe-doc select'); s.value = '1.5'; s.dispatchEvent(new Event('change'))")
        .await?;
    p.find("nghe-doc .read-aloud-play")
        .await?
        .click()
        .await
        .ctx("Đọc tiếp")?;
    let said = spoken_more_than(p, paused).await?;
    check!(said[paused]["rate"] == 1.5, "the chosen speed: {}", said[paused]);
    // Stop: the mark goes, the button says so again.
    p.find("nghe-doc .read-aloud-stop")
        .await?
        .click()
        .await
        .ctx("Dừng")?;
    p.wait_text("nghe-doc .read-aloud-play", "Nghe đọc").await?;
    check!(
        p.count(".dang-doc").await? == 0,
        "a block stays marked after stopping"
    );
    let stopped = spoken(p).await?.len();
    p.js("return new Promise(r => setTimeout(r, 900))").await?;
    check!(
        spoken(p).await?.len() == stopped,
        "it went on reading after “Dừng”"
    );
    // Leaving the article (in the app) stops the reading.
    p.wait_app().await?;
    p.find("nghe-doc .read-aloud-play")
        .await?
        .click()
        .await
        .ctx("again")?;
    spoken_more_than(p, stopped).await?;
    p.click_js(".breadcrumb a[href='/']").await?;
    p.wait_text("#noi-bat", "Sự kiện nổi bật").await?;
    let left = spoken(p).await?.len();
    p.js("return new Promise(r => setTimeout(r, 900))").await?;
    check!(
        spoken(p).await?.len() == left,
        "it went on reading after leaving the article"
    );
    Ok(())
}

pub async fn read_aloud_says_so_when_there_is_no_vietnamese_voice(_e: &Env, p: &Page) -> R {
    before_each_page(p, &speech_double(false)).await?;
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    p.wait_controls().await?;
    watch_live_regions(p).await?;
    // The button explains itself rather than doing nothing.
    p.find("nghe-doc .read-aloud-play")
        .await?
        .click()
        .await
        .ctx("Nghe đọc")?;
    p.wait_text(
        "nghe-doc [role=status]",
        "Trình duyệt này chưa có giọng đọc tiếng Việt",
    )
    .await?;
    check_said_in_a_known_region(p, "nghe-doc [role=status]", "chưa có giọng đọc").await?;
    check!(
        spoken(p).await?.is_empty(),
        "something was said without a Vietnamese voice"
    );
    screen_is_usable_enough(p, "Nghe đọc (không có giọng)").await
}

pub async fn share_opens_the_phones_share_sheet_with_the_address(_e: &Env, p: &Page) -> R {
    before_each_page(
        p,
        "navigator.share = d => { window.__shared = d; return Promise.resolve(); };",
    )
    .await?;
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    p.wait_controls().await?;
    p.find("chia-se .share-button")
        .await?
        .click()
        .await
        .ctx("Chia sẻ")?;
    let shared = p.js("return window.__shared").await?;
    let canonical = format!("https://uminhthuong.example.gov.vn{ARTICLE}");
    check!(
        shared["title"] == ARTICLE_TITLE && shared["url"] == canonical.as_str(),
        "shared {shared}"
    );
    Ok(())
}

pub async fn share_without_a_share_sheet_copies_the_link(_e: &Env, p: &Page) -> R {
    before_each_page(
        p,
        "delete Navigator.prototype.share; \
         Object.defineProperty(navigator, 'clipboard', { value: { writeText: t => { window.__copied = t; return Promise.resolve(); } } });",
    )
    .await?;
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    p.wait_controls().await?;
    p.find("chia-se .share-button")
        .await?
        .click()
        .await
        .ctx("Chia sẻ")?;
    let expanded = p
        .js_string("return document.querySelector('chia-se .share-button').getAttribute('aria-expanded')")
        .await?;
    check!(expanded == "true", "the share button's aria-expanded: {expanded}");
    watch_live_regions(p).await?;
    p.find("chia-se .share-copy")
        .await?
        .click()
        .await
        .ctx("Sao chép liên kết")?;
    p.wait_text("chia-se [role=status]", "Đã sao chép liên kết")
        .await?;
    check_said_in_a_known_region(p, "chia-se [role=status]", "Đã sao chép liên kết").await?;
    let canonical = format!("https://uminhthuong.example.gov.vn{ARTICLE}");
    let copied = p.js_string("return window.__copied").await?;
    check!(copied == canonical, "copied “{copied}”");
    let links = p
        .js_string("return [...document.querySelectorAll('chia-se a')].map(a => a.href).join(' ')")
        .await?;
    let encoded: String = url::form_urlencoded::byte_serialize(canonical.as_bytes()).collect();
    check!(
        links.contains(&format!("https://www.facebook.com/sharer/sharer.php?u={encoded}"))
            && links.contains("mailto:?subject="),
        "share links: {links}"
    );
    screen_is_usable_enough(p, "Chia sẻ").await
}

/// axe (serious and critical) and touch targets of the article's new controls.
async fn screen_is_usable_enough(p: &Page, name: &str) -> R {
    let v = p.axe().await?;
    check!(v.is_empty(), "{name}: axe: {v:?}");
    let small = p
        .js("return [...document.querySelectorAll('chia-se a, chia-se button, nghe-doc button, nghe-doc select')]
               .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height < 44; })
               .map(e => e.outerHTML.slice(0, 80))")
        .await?;
    check!(
        small.as_array().is_some_and(|a| a.is_empty()),
        "{name}: controls under 44 px: {small}"
    );
    Ok(())
}

pub async fn the_article_title_is_on_the_first_screen_at_every_text_size(_e: &Env, p: &Page) -> R {
    // A 360 × 740 phone's screen, all of it the page's.
    let phone = json!({ "width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": true });
    p.cdp("Emulation.setDeviceMetricsOverride", phone).await?;
    let mut seen = Vec::new();
    for step in 0..5 {
        p.goto("/").await?;
        p.js(&format!("localStorage.setItem('co-chu', '{step}')")).await?;
        p.goto(ARTICLE).await?;
        h1(p, ARTICLE_TITLE).await?;
        p.wait_app().await?;
        let at = p
            .js(
                "const h = document.querySelector('main h1').getBoundingClientRect(); \
                 const line = parseFloat(getComputedStyle(document.querySelector('main h1')).lineHeight); \
                 return [Math.round(document.querySelector('.site-header').getBoundingClientRect().height), \
                         Math.round(h.top), Math.round(h.top + line), innerHeight]",
            )
            .await?;
        seen.push(format!(
            "step {step}: header {} px, title from {} to {} of {}",
            at[0], at[1], at[2], at[3]
        ));
        let (first_line_end, screen) = (at[2].as_f64().unwrap_or(f64::MAX), at[3].as_f64().unwrap_or(0.0));
        if first_line_end > screen {
            return Err(format!(
                "the title's first line is below the first screen\n{}",
                seen.join("\n")
            ));
        }
    }
    Ok(())
}

/// The page's controls load after the page (they cost the largest paint 200 ms of a
/// slow 4G when they came first): a reader who presses "In bài viết" before they arrive
/// gets the printout once they do; "Hiển thị" opened before them says it is loading,
/// then shows the buttons, which work.
pub async fn a_control_pressed_before_the_controls_arrive_still_works(e: &Env, p: &Page) -> R {
    let controls = dist_files()?
        .into_iter()
        .find(|n| n.starts_with("controls-") && n.ends_with(".js"))
        .ok_or("no controls in dist")?;
    e.server.fail(&format!("/{controls}"), Fault::Late(2000));
    p.goto(ARTICLE).await?;
    check!(
        p.js("return window.portalControls === undefined").await? == json!(true),
        "the controls came at once"
    );
    // "In bài viết", pressed before the controls came, prints once they are there (the
    // browser's print dialog replaced by a recorder).
    p.js("window.__printed = 0; window.print = () => { window.__printed += 1; }")
        .await?;
    p.find("button.print-button").await?.click().await.ctx("print")?;
    // "Hiển thị" opened before they came says it is loading, then shows its buttons.
    p.js("document.querySelector('.display-menu').open = true")
        .await?;
    let waiting = p
        .js_string("return getComputedStyle(document.querySelector('.display-panel'), '::before').content")
        .await?;
    check!(
        waiting == "\"Đang tải…\"" && p.count(".display-panel button").await? == 0,
        "the panel before the controls came: {waiting}"
    );
    p.poll(10, "printed once the controls came", || async {
        Ok((p.js("return window.__printed").await? == json!(1)).then_some(()))
    })
    .await?;
    open_display(p).await?;
    p.find(".text-size-larger").await?.click().await.ctx("A+")?;
    p.poll(10, "the text size after the controls came", || async {
        Ok((shown_size(p).await? == "125%").then_some(()))
    })
    .await?;
    let root = p.style("html", "font-size").await?;
    check!(root == "20px", "root font size {root}");
    let before = p
        .js_string("return getComputedStyle(document.querySelector('.display-panel'), '::before').content")
        .await?;
    check!(before == "none", "the panel still says it is loading: {before}");
    Ok(())
}

/// The newsroom's preview (no script runs there) draws the "Hiển thị" panel as
/// controls.js makes it, at the default size and contrast and at a chosen one.
pub async fn the_preview_draws_the_display_panel_as_the_controls_make_it(_e: &Env, p: &Page) -> R {
    p.goto(ARTICLE).await?;
    for (size, high_contrast) in [(0u8, false), (2, true)] {
        p.js(&format!(
            "localStorage.setItem('co-chu', '{size}'); localStorage.setItem('tuong-phan', '{}')",
            if high_contrast { "cao" } else { "thuong" }
        ))
        .await?;
        p.c.goto(&p.url(ARTICLE)).await.ctx("open")?;
        h1(p, ARTICLE_TITLE).await?;
        open_display(p).await?;
        let made = p
            .js_string("return document.querySelector('hien-thi').innerHTML")
            .await?;
        let drawn = portal_build::preview::display_panel(size, high_contrast);
        check!(
            made == drawn,
            "size {size}, contrast {high_contrast}: controls.js made\n{made}\nthe preview draws\n{drawn}"
        );
    }
    Ok(())
}

/// A browser without custom elements (EdgeHTML, Firefox before 63) still gets the
/// "Hiển thị" panel's buttons, on the page as served and in the header the app writes.
pub async fn the_display_panel_works_without_custom_elements(_e: &Env, p: &Page) -> R {
    before_each_page(
        p,
        "Object.defineProperty(window, 'customElements', { value: undefined, configurable: true });",
    )
    .await?;
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    check!(
        p.js("return window.customElements === undefined").await? == json!(true),
        "the stand-in did not take custom elements away"
    );
    open_display(p).await?;
    p.find(".text-size-larger").await?.click().await.ctx("A+")?;
    check!(
        p.style("html", "font-size").await? == "20px",
        "A+ without custom elements: {}",
        p.style("html", "font-size").await?
    );
    // The app writes the page anew when it follows a link: the new header's panel too.
    p.wait_app().await?;
    p.click_js(".breadcrumb a[href='/']").await?;
    p.wait_text("#noi-bat", "Sự kiện nổi bật").await?;
    open_display(p).await?;
    let larger = p
        .find(".text-size-larger")
        .await?
        .attr("aria-disabled")
        .await
        .ctx("state")?;
    check!(
        larger.as_deref() == Some("false") && p.count(".text-size-reset[aria-pressed='false']").await? == 1,
        "the panel after a link in the app: A+ disabled {larger:?}"
    );
    Ok(())
}
