//! Browser tests: the release build in `dist/`, served over HTTP on 127.0.0.1, driven in
//! headless Chromium. Each test opens a fresh browser profile and asserts what a reader
//! sees. Build first (`cargo xtask test` does): `trunk build --release`.
//!
//! Run one: `cargo test --test browser -- text_size`.

#![cfg(not(target_arch = "wasm32"))]

mod support;

#[path = "browser/audit.rs"]
mod audit;
#[path = "browser/contrast.rs"]
mod contrast;
#[path = "browser/names.rs"]
mod names;
#[path = "browser/offline.rs"]
mod offline;
#[path = "browser/reader.rs"]
mod reader;
#[path = "browser/search.rs"]
mod search;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use libtest_mimic::{Arguments, Failed, Trial};
use serde_json::{json, Value};

use audit::*;
use contrast::*;
use names::*;
use offline::*;
use reader::*;
use search::*;
use support::browser::{Context, Driver, Page, R};
use support::server::{Fault, Server};

/// Sample content the tests read (content/articles/hoi-nghi-tong-ket-dan-van-kheo.md).
const ARTICLE: &str = "/bai-viet/hoi-nghi-tong-ket-dan-van-kheo/";
const ARTICLE_JSON: &str = "/api/v2/articles/hoi-nghi-tong-ket-dan-van-kheo.json";
const ARTICLE_TITLE: &str = "Hội nghị tổng kết “Dân vận khéo”";
/// A section with more than one page of articles.
const SECTION: &str = "/chuyen-muc/su-kien-noi-bat/";
const SECTION_NAME: &str = "Sự kiện nổi bật";
/// An article with a table (it scrolls inside its own box on a narrow screen).
const TABLE_ARTICLE: &str = "/bai-viet/vu-lua-dong-xuan-2019-2020-nang-suat-dat-hon-7-tan-ha-du-han-man/";
const PORTAL_NAME: &str = "Cổng thông tin điện tử huyện U Minh Thượng";

struct Env {
    rt: tokio::runtime::Runtime,
    server: Server,
    driver: Driver,
}

type TestFn = for<'a> fn(&'a Env, &'a Page) -> Pin<Box<dyn Future<Output = R> + 'a>>;

/// (name, window width, window height, test)
fn tests() -> Vec<(&'static str, u32, u32, TestFn)> {
    macro_rules! t {
        ($name:ident, $w:expr, $h:expr) => {
            (
                stringify!($name),
                $w,
                $h,
                (|e, p| Box::pin($name(e, p))) as TestFn,
            )
        };
    }
    vec![
        t!(home_page_loads_with_content, 1280, 900),
        t!(home_to_section_to_page_2_to_article_and_back, 1280, 700),
        t!(article_deep_link, 390, 800),
        t!(dash_list_is_one_list, 390, 800),
        t!(title_and_description_follow_the_route, 1280, 800),
        t!(text_size_scales_article_and_survives_reload, 390, 800),
        t!(text_size_is_applied_before_the_app_starts, 390, 800),
        t!(largest_text_size_fits_320_px, 320, 640),
        t!(not_found_pages, 390, 800),
        t!(error_500_then_retry, 390, 800),
        t!(invalid_json_then_retry, 390, 800),
        t!(no_answer_then_retry, 390, 800),
        t!(mobile_menu_opens_and_closes_by_keyboard, 360, 740),
        t!(menu_is_one_list_shown_as_a_bar_on_a_wide_screen, 1280, 800),
        t!(print_shows_the_article_alone_with_its_address, 1024, 800),
        t!(search_without_tone_marks_finds_the_accented_article, 390, 800),
        t!(search_from_the_header_form_reaches_the_results_page, 1280, 800),
        t!(search_pagination_and_back, 390, 800),
        t!(search_with_no_results_helps, 390, 800),
        t!(search_in_blocks_reaches_every_match_newest_first, 390, 800),
        t!(axe_search, 390, 800),
        t!(documents_filters_combine_in_the_url, 1280, 900),
        t!(document_page_and_its_downloads, 390, 800),
        t!(search_finds_a_document_by_its_number, 390, 800),
        t!(english_pages_and_the_language_switch, 390, 800),
        t!(public_services_page_lists_the_portals, 390, 800),
        t!(analytics_counts_every_page_view, 1280, 800),
        t!(no_analytics_script_without_configuration, 1280, 800),
        t!(a_link_to_another_pages_fragment_keeps_it, 390, 800),
        t!(overlapping_navigations_count_each_page_view_once, 1280, 800),
        t!(two_visits_to_one_url_keep_their_own_scroll_positions, 1280, 700),
        t!(head_tags_follow_each_navigation, 1280, 800),
        t!(axe_documents, 390, 800),
        t!(axe_pages, 390, 800),
        t!(axe_home, 1280, 900),
        t!(axe_section, 390, 800),
        t!(axe_article, 390, 800),
        t!(high_contrast_is_kept_and_applied_before_first_paint, 390, 800),
        t!(a_system_asking_for_more_contrast_turns_it_on, 390, 800),
        t!(high_contrast_reaches_7_to_1_on_every_page_kind, 390, 800),
        t!(forced_colors_keep_every_control_visible, 390, 800),
        t!(save_data_reads_the_pages_without_the_app, 1280, 800),
        t!(read_aloud_reads_the_article_paragraph_by_paragraph, 390, 800),
        t!(read_aloud_says_so_when_there_is_no_vietnamese_voice, 390, 800),
        t!(share_opens_the_phones_share_sheet_with_the_address, 390, 800),
        t!(share_without_a_share_sheet_copies_the_link, 390, 800),
        t!(a_control_pressed_before_the_controls_arrive_still_works, 390, 800),
        t!(
            the_preview_draws_the_display_panel_as_the_controls_make_it,
            390,
            800
        ),
        t!(the_display_panel_works_without_custom_elements, 390, 800),
        t!(
            the_article_title_is_on_the_first_screen_at_every_text_size,
            360,
            740
        ),
        t!(an_article_read_before_opens_offline_from_its_copy, 1280, 800),
        t!(
            a_page_never_read_shows_the_offline_page_with_the_saved_articles,
            390,
            800
        ),
        t!(
            the_saved_pages_are_bounded_least_recently_read_first_out,
            390,
            800
        ),
        t!(a_new_deploy_is_served_after_reload_with_no_mixed_files, 390, 800),
        t!(the_portal_can_be_added_to_the_home_screen, 390, 800),
        t!(a_saved_articles_title_is_shown_as_text, 390, 800),
        t!(axe_finds_nothing_of_any_impact_on_every_page_kind, 390, 800),
        t!(
            every_page_kind_reflows_at_320_px_with_the_largest_text_and_wider_spacing,
            320,
            640
        ),
        t!(
            the_keyboard_reaches_every_control_in_order_with_its_focus_seen,
            390,
            800
        ),
        t!(every_target_is_large_enough_to_touch, 390, 800),
        t!(browser_zoom_and_font_size_keep_every_page_whole, 1280, 800),
        t!(no_glyph_drawn_by_the_stylesheet_is_read_out, 390, 800),
        t!(every_state_of_every_control_keeps_its_contrast, 390, 800),
        t!(every_control_is_named_by_the_words_it_shows, 390, 800),
        t!(the_skip_link_and_the_controls_work_from_the_keyboard, 390, 800),
        t!(navigation_is_the_same_on_every_page_kind, 1280, 800),
    ]
}

fn main() {
    let mut args = Arguments::from_args();
    // One Chromium at a time: the machines are small and the tests time things.
    args.test_threads.get_or_insert(1);
    let env: Option<Arc<Env>> = (!args.list).then(|| Arc::new(setup()));
    let trials = tests()
        .into_iter()
        .map(|(name, w, h, f)| {
            let env = env.clone();
            Trial::test(name, move || {
                let env = env.expect("environment");
                env.rt.block_on(run(&env, name, w, h, f)).map_err(Failed::from)
            })
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    drop(env);
    conclusion.exit();
}

fn dist() -> PathBuf {
    let dist = std::env::var_os("PORTAL_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist"));
    assert!(
        dist.join("index.html").exists(),
        "{} has no build: run `cargo xtask test` (or `trunk build --release`) first",
        dist.display()
    );
    dist
}

fn setup() -> Env {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(Server::start(dist()));
    Env {
        rt,
        server,
        driver: Driver::start(),
    }
}

async fn run(env: &Env, name: &str, w: u32, h: u32, f: TestFn) -> R {
    env.server.reset();
    let page = Page::open(&env.driver, &env.server.base, w, h).await?;
    let result = f(env, &page).await;
    let result = match result {
        Err(e) => {
            let shot = page.screenshot(name).await;
            Err(match shot {
                Some(p) => format!("{e}\n(screenshot: {})", p.display()),
                None => e,
            })
        }
        ok => ok,
    };
    env.server.heal();
    page.close().await;
    result
}

/// Presses `key` on the focused element, as a keyboard does.
async fn press(p: &Page, key: fantoccini::key::Key) -> R {
    p.c.active_element()
        .await
        .ctx("focused element")?
        .send_keys(&key.to_string())
        .await
        .ctx("key")
}

/// Opens "Hiển thị" (text size and contrast are behind it) and waits for its buttons
/// (controls.js makes them), as a reader does.
async fn open_display(p: &Page) -> R {
    p.js("document.querySelectorAll('.display-menu').forEach(d => d.open = true)")
        .await?;
    p.poll(10, "the buttons of “Hiển thị”", || async {
        Ok((p.count(".display-panel .contrast-button").await? > 0).then_some(()))
    })
    .await
}

/// Clicks a control behind "Hiển thị" (opened first), as a reader does.
async fn press_display(p: &Page, css: &str) -> R {
    open_display(p).await?;
    p.find(css).await?.click().await.ctx(css)
}

/// The names of the files at the top of `dist/` (the app's hashed files among them).
fn dist_files() -> R<Vec<String>> {
    Ok(std::fs::read_dir(dist())
        .ctx("dist")?
        .filter_map(|f| f.ok()?.file_name().into_string().ok())
        .collect())
}

/// Makes the app's Wasm never arrive: what the page then does, it does without the app.
fn hang_the_app(e: &Env) -> R {
    let wasm = dist_files()?
        .into_iter()
        .find(|n| n.ends_with("_bg.wasm"))
        .map(|n| format!("/{n}"))
        .ok_or("no Wasm in dist")?;
    e.server.fail(&wasm, Fault::Hang);
    Ok(())
}

/// Text of the page's `<h1>`, once it has one containing `contains`.
async fn h1(p: &Page, contains: &str) -> R<String> {
    p.wait_text("main h1", contains).await
}

async fn home_page_loads_with_content(_e: &Env, p: &Page) -> R {
    p.goto("/").await?;
    p.wait_text(".brand-name", PORTAL_NAME).await?;
    p.wait_text("#noi-bat", "Sự kiện nổi bật").await?;
    let featured = p.count(".featured-list .summary").await?;
    check!(featured >= 3, "{featured} featured articles on the home page");
    let sections = p.count(".home-section").await?;
    check!(sections >= 4, "{sections} section blocks on the home page");
    // A summary shows its time as on the portal.
    let stamp = p.find(".home-section .stamp").await?.text().await.ctx("stamp")?;
    check!(is_stamp(&stamp), "time shown as “{stamp}”");
    p.wait_text(".site-footer", "Nội dung mẫu").await?;
    p.wait_text(".site-footer", "Điện thoại").await?;
    Ok(())
}

/// `(HH:MM | DD/MM/YYYY)`
fn is_stamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    b.len() == 20
        && s.starts_with('(')
        && s.ends_with(')')
        && digits(1..3)
        && &s[3..4] == ":"
        && digits(4..6)
        && &s[6..9] == " | "
        && digits(9..11)
        && digits(12..14)
        && digits(15..19)
}

async fn home_to_section_to_page_2_to_article_and_back(e: &Env, p: &Page) -> R {
    p.goto("/").await?;
    p.wait_text(".menu-list", SECTION_NAME).await?;
    p.wait_app().await?;
    // Mark this document: a full page load would lose the mark.
    p.js("window.__sameDocument = true").await?;

    p.click_js(&format!(".menu-list a[href='{SECTION}']")).await?;
    h1(p, SECTION_NAME).await?;
    check!(p.path().await? == SECTION, "URL {}", p.path().await?);
    // The front page: the newest, ten to nineteen of them.
    let page1_items = p.count(".section-list .summary").await?;
    check!(
        (10..20).contains(&page1_items),
        "{page1_items} articles on the front page"
    );
    let current = p
        .find(".pagination a[aria-current='page']")
        .await?
        .text()
        .await
        .ctx("current")?;
    check!(current == "Mới nhất", "current page shown as {current}");

    // Page 2, from the pagination at the bottom.
    p.js("window.scrollTo(0, document.body.scrollHeight)").await?;
    let page1_scroll = p.js_f64("window.scrollY").await?;
    // The next page: archive page 1 (the oldest ten), which keeps its articles.
    p.click_js(&format!(".pagination a[href='{SECTION}trang/1/']"))
        .await?;
    h1(p, "Trang 1").await?;
    check!(
        p.path().await? == format!("{SECTION}trang/1/"),
        "URL {}",
        p.path().await?
    );
    let y = p.js_f64("window.scrollY").await?;
    check!(y == 0.0, "a new page starts at the top, not at {y}");
    // Keyboard and screen-reader users start at the new page's heading (WCAG 2.4.3).
    p.poll(5, "focus on the new page's heading", || async {
        let on = p
            .js("return document.activeElement === document.querySelector('main h1')")
            .await?;
        Ok((on == json!(true)).then_some(()))
    })
    .await?;

    // An article from page 2, from part-way down the page.
    p.js("window.scrollTo(0, 250)").await?;
    let page2_scroll = p.js_f64("window.scrollY").await?;
    check!(
        page2_scroll > 100.0,
        "page 2 is too short to scroll ({page2_scroll})"
    );
    let article_href = p
        .js_string("return document.querySelector('.section-list .summary-title a').getAttribute('href')")
        .await?;
    let page2_json = "/api/v2/categories/su-kien-noi-bat/1.json";
    let page2_fetches = e.server.hits(page2_json);
    p.click_js(".section-list .summary-title a").await?;
    p.poll(10, "the article", || async {
        Ok((p.path().await? == article_href).then_some(()))
    })
    .await?;
    p.wait_text("main time", "|").await?;
    article_shown(p).await?;

    // Back: page 2 again, whole, where the reader left it, without asking the server.
    p.c.back().await.ctx("back")?;
    h1(p, "Trang 1").await?;
    let restored = p
        .poll(5, "scroll position restored", || async {
            let y = p.js_f64("window.scrollY").await?;
            Ok(((y - page2_scroll).abs() < 2.0).then_some(y))
        })
        .await;
    check!(
        restored.is_ok(),
        "page 2 at scrollY {} after back, was {page2_scroll}",
        p.js_f64("window.scrollY").await?
    );
    check!(
        e.server.hits(page2_json) == page2_fetches,
        "going back fetched page 2 again"
    );

    // And back again to page 1, at the pagination where the reader clicked.
    p.c.back().await.ctx("back")?;
    p.poll(10, "page 1", || async {
        Ok((p.path().await? == SECTION).then_some(()))
    })
    .await?;
    p.poll(5, "page 1 scroll position restored", || async {
        let y = p.js_f64("window.scrollY").await?;
        Ok(((y - page1_scroll).abs() < 2.0).then_some(y))
    })
    .await?;
    check!(
        p.js("return window.__sameDocument === true").await? == json!(true),
        "a navigation reloaded the page"
    );
    Ok(())
}

async fn article_deep_link(_e: &Env, p: &Page) -> R {
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    let time = p.find("article time").await?;
    let text = time.text().await.ctx("time")?;
    check!(text == "(13:19 | 10/08/2020)", "timestamp shown as “{text}”");
    let dt = time.attr("datetime").await.ctx("datetime")?;
    check!(
        dt.as_deref() == Some("2020-08-10T13:19:00+07:00"),
        "datetime={dt:?}"
    );
    // Breadcrumb to the section, standfirst, figure with alt and caption, author.
    p.wait_text(".breadcrumb", SECTION_NAME).await?;
    p.wait_text(".article-lead", "Sáng 10/8").await?;
    let alt = p.find("article figure img").await?.attr("alt").await.ctx("alt")?;
    check!(
        alt.is_some_and(|a| a.contains("Hội trường")),
        "figure image without its description"
    );
    p.wait_text("article figcaption", "Quang cảnh hội nghị").await?;
    // Curly quotes and dashes as written.
    p.wait_text(".article-body", "“Dân vận khéo” giai đoạn 2016 – 2020")
        .await?;
    p.wait_text(".related h2", "Các tin khác").await?;
    let related = p.count(".related .summary").await?;
    check!(related == 5, "{related} other articles");
    Ok(())
}

async fn dash_list_is_one_list(_e: &Env, p: &Page) -> R {
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    let lists = p.count(".article-body ul").await?;
    check!(lists == 1, "{lists} lists in the article body");
    let items: Value = p
        .js("return [...document.querySelectorAll('.article-body ul > li')].map(li => li.textContent.trim())")
        .await?;
    let items: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    check!(items.len() == 4, "{} items: {items:?}", items.len());
    for (item, start) in items.iter().zip(["Một là,", "Hai là,", "Ba là,", "Bốn là,"]) {
        check!(
            item.starts_with(start),
            "item “{item}” should start with “{start}”"
        );
    }
    Ok(())
}

async fn title_and_description_follow_the_route(_e: &Env, p: &Page) -> R {
    p.goto("/").await?;
    p.wait_text("#noi-bat", "Sự kiện nổi bật").await?;
    p.wait_app().await?;
    let description = "return document.querySelector('meta[name=description]')?.content";
    p.poll(5, "home title", || async {
        Ok((p.c.title().await.ctx("title")? == PORTAL_NAME).then_some(()))
    })
    .await?;
    check!(
        p.js_string(description).await?.contains("U Minh Thượng"),
        "home description"
    );

    p.click_js(&format!(".menu-list a[href='{SECTION}']")).await?;
    h1(p, SECTION_NAME).await?;
    let want = format!("{SECTION_NAME} – {PORTAL_NAME}");
    p.poll(5, "section title", || async {
        Ok((p.c.title().await.ctx("title")? == want).then_some(()))
    })
    .await?;

    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    let want = format!("{ARTICLE_TITLE} – {PORTAL_NAME}");
    p.poll(5, "article title", || async {
        Ok((p.c.title().await.ctx("title")? == want).then_some(()))
    })
    .await?;
    let d = p.js_string(description).await?;
    check!(
        d.starts_with("Sáng 10/8, Ban Dân vận Huyện ủy"),
        "article description “{d}”"
    );
    let canonical = p
        .js_string("return document.querySelector('link[rel=canonical]')?.href")
        .await?;
    check!(
        canonical.ends_with(ARTICLE) && canonical.starts_with("https://"),
        "canonical {canonical}"
    );
    Ok(())
}

async fn text_size_scales_article_and_survives_reload(_e: &Env, p: &Page) -> R {
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    let body = ".article-body p";
    let before = p.font_px(body).await?;
    p.wait_app().await?;
    open_display(p).await?;
    watch_live_regions(p).await?;
    let a_plus = p.find("button[aria-label='A+ Tăng cỡ chữ']").await?;
    a_plus.click().await.ctx("A+")?;
    check!(
        shown_size(p).await? == "125%",
        "the control shows {}",
        shown_size(p).await?
    );
    p.wait_text(".text-size [role=status]", "Cỡ chữ 125%").await?;
    check_said_in_a_known_region(p, ".text-size [role=status]", "Cỡ chữ 125%").await?;
    let after = p.font_px(body).await?;
    check!(
        (after / before - 1.25).abs() < 0.01,
        "A+ took the body text from {before}px to {after}px"
    );
    // The default button no longer shows as the active step.
    let pressed = p
        .find("button[aria-label='A Cỡ chữ mặc định']")
        .await?
        .attr("aria-pressed")
        .await
        .ctx("pressed")?;
    check!(pressed.as_deref() == Some("false"), "A is still pressed");

    p.c.refresh().await.ctx("reload")?;
    h1(p, ARTICLE_TITLE).await?;
    let reloaded = p.font_px(body).await?;
    check!(
        (reloaded - after).abs() < 0.01,
        "after reload the body text is {reloaded}px, was {after}px"
    );
    check!(
        shown_size(p).await? == "125%",
        "after reload the control shows {}",
        shown_size(p).await?
    );
    p.wait_app().await?;

    // Up to the largest step, then A resets.
    for _ in 0..5 {
        p.click_js("button[aria-label='A+ Tăng cỡ chữ']").await?;
    }
    p.wait_text(".text-size [role=status]", "Cỡ chữ 200%").await?;
    check!(
        shown_size(p).await? == "200%",
        "the control shows {}",
        shown_size(p).await?
    );
    let largest = p.font_px(body).await?;
    check!(
        (largest / before - 2.0).abs() < 0.01,
        "largest step is {largest}px from {before}px"
    );
    let disabled = p
        .find("button[aria-label='A+ Tăng cỡ chữ']")
        .await?
        .attr("aria-disabled")
        .await
        .ctx("disabled")?;
    check!(
        disabled.as_deref() == Some("true"),
        "A+ still offered at the largest step"
    );
    p.click_js("button[aria-label='A Cỡ chữ mặc định']").await?;
    p.wait_text(".text-size [role=status]", "Cỡ chữ 100%").await?;
    check!(
        shown_size(p).await? == "100%",
        "the control shows {}",
        shown_size(p).await?
    );
    check!(
        (p.font_px(body).await? - before).abs() < 0.01,
        "A did not reset the size"
    );
    Ok(())
}

/// The percentage the text-size control shows (drawn by CSS from the page's size), in
/// "Hiển thị" (opened, its buttons made, as a reader sees it).
async fn shown_size(p: &Page) -> R<String> {
    open_display(p).await?;
    let v = p
        .js_string("return getComputedStyle(document.querySelector('.text-size-value'), '::after').content")
        .await?;
    Ok(v.trim_matches('"').to_string())
}

async fn text_size_is_applied_before_the_app_starts(e: &Env, p: &Page) -> R {
    // Remember the largest size, then load a page whose Wasm never arrives: only the
    // inline script in the page can have applied the size.
    p.goto("/").await?;
    p.wait_text(".brand-name", PORTAL_NAME).await?;
    p.js("localStorage.setItem('co-chu', '4')").await?;
    hang_the_app(e)?;
    p.c.goto(&p.url(ARTICLE)).await.ctx("open")?;
    // The prerendered page is there, the app is not.
    h1(p, ARTICLE_TITLE).await?;
    let started = p.js("return typeof window.wasmBindings !== 'undefined'").await?;
    check!(started == json!(false), "the app started although its Wasm hangs");
    let root = p.style("html", "font-size").await?;
    check!(
        root == "32px",
        "root font size before the app starts is {root}, not 200% of 16px"
    );
    check!(
        shown_size(p).await? == "200%",
        "the control shows {} before the app starts",
        shown_size(p).await?
    );
    Ok(())
}

async fn largest_text_size_fits_320_px(_e: &Env, p: &Page) -> R {
    let width = p.js_f64("window.innerWidth").await?;
    check!(width <= 320.0, "viewport is {width}px wide, not 320");
    p.goto("/").await?;
    p.js("localStorage.setItem('co-chu', '4')").await?;
    for (path, wait) in [
        ("/", ".featured"),
        (SECTION, ".pagination"),
        (ARTICLE, ".related"),
        (TABLE_ARTICLE, ".article-body table"),
    ] {
        p.goto(path).await?;
        p.find(".site-footer").await?;
        p.poll(10, wait, || async {
            Ok((p.count(wait).await? > 0).then_some(()))
        })
        .await?;
        let root = p.style("html", "font-size").await?;
        check!(root == "32px", "{path}: root font size {root}");
        let overflow = p
            .js_f64("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            .await?;
        check!(
            overflow <= 0.0,
            "{path}: the page scrolls sideways by {overflow}px at 200% on 320px"
        );
    }
    Ok(())
}

async fn not_found_pages(_e: &Env, p: &Page) -> R {
    for path in [
        "/khong-co-trang-nay/",
        "/bai-viet/bai-khong-ton-tai/",
        "/chuyen-muc/khong-co/",
        "/chuyen-muc/su-kien-noi-bat/trang/99/",
        "/chuyen-muc/su-kien-noi-bat/trang/0/",
    ] {
        p.goto(path).await?;
        h1(p, "Không tìm thấy trang")
            .await
            .map_err(|e| format!("{path}: {e}"))?;
        p.wait_text(".not-found a.button", "Về trang chủ").await?;
        let robots = p
            .js_string("return document.querySelector('meta[name=robots]')?.content")
            .await?;
        check!(robots == "noindex", "{path}: robots={robots}");
    }
    p.click_js(".not-found a.button").await?;
    p.wait_text("#noi-bat", "Sự kiện nổi bật").await?;
    Ok(())
}

/// Follows a link to the article while the server fails its JSON in some way; the
/// reader gets a Vietnamese explanation and a retry button that works once the server
/// recovers. (A page opened directly carries its own data: these failures happen while
/// browsing.)
async fn failure_then_retry(e: &Env, p: &Page, fault: Fault, message: &str, secs: u64) -> R {
    p.goto("/").await?;
    p.wait_text(".brand-name", PORTAL_NAME).await?;
    p.wait_app().await?;
    e.server.fail(ARTICLE_JSON, fault);
    p.click_js(&format!("main a[href='{ARTICLE}']")).await?;
    p.wait_text_for("[role=alert]", "Không tải được nội dung", secs)
        .await?;
    p.wait_text("[role=alert]", message).await?;
    p.wait_text("[role=alert] button", "Thử lại").await?;
    // Header and footer stay: never a blank page.
    p.wait_text(".brand-name", PORTAL_NAME).await?;
    e.server.heal();
    p.find("[role=alert] button")
        .await?
        .click()
        .await
        .ctx("Thử lại")?;
    h1(p, ARTICLE_TITLE).await?;
    check!(
        p.count("[role=alert]").await? == 0,
        "the error stays after a successful retry"
    );
    Ok(())
}

async fn error_500_then_retry(e: &Env, p: &Page) -> R {
    failure_then_retry(e, p, Fault::Status(500), "mã lỗi 500", 10).await
}

async fn invalid_json_then_retry(e: &Env, p: &Page) -> R {
    failure_then_retry(e, p, Fault::Body("{\"slug\": tiêu đề"), "không hợp lệ", 10).await
}

async fn no_answer_then_retry(e: &Env, p: &Page) -> R {
    // The app gives up after 12 s (src/api.rs TIMEOUT_MS).
    failure_then_retry(e, p, Fault::Hang, "quá chậm", 25).await
}

async fn mobile_menu_opens_and_closes_by_keyboard(_e: &Env, p: &Page) -> R {
    use fantoccini::key::Key;
    p.goto("/").await?;
    p.wait_text(".brand-name", PORTAL_NAME).await?;
    p.wait_app().await?;
    let link = || async {
        p.find(".menu-list a[href='/chuyen-muc/thong-bao/']")
            .await?
            .is_displayed()
            .await
            .ctx("link")
    };
    check!(!link().await?, "the menu is open before it is asked for");

    // Tab from the first focusable element (the skip link) to the menu button.
    p.js("document.querySelector('.skip-link').focus()").await?;
    let on_button = "return document.activeElement?.classList.contains('menu-button') === true";
    let mut reached = false;
    for _ in 0..10 {
        press(p, Key::Tab).await?;
        if p.js(on_button).await? == json!(true) {
            reached = true;
            break;
        }
    }
    check!(reached, "Tab never reached the “Danh mục” button");
    let button = p.c.active_element().await.ctx("button")?;
    check!(
        button.text().await.ctx("text")?.contains("Danh mục"),
        "focused button is not “Danh mục”"
    );

    button.send_keys(&Key::Enter).await.ctx("Enter")?;
    p.poll(5, "menu open", || async { Ok(link().await?.then_some(())) })
        .await?;
    // Escape closes it and leaves focus on the button.
    press(p, Key::Escape).await?;
    p.poll(5, "menu closed", || async { Ok((!link().await?).then_some(())) })
        .await?;
    check!(
        p.js(on_button).await? == json!(true),
        "focus left the menu button after Escape"
    );
    // Space opens it too; a chosen link navigates and closes the menu.
    p.c.active_element()
        .await
        .ctx("active")?
        .send_keys(" ")
        .await
        .ctx("Space")?;
    p.poll(5, "menu open again", || async { Ok(link().await?.then_some(())) })
        .await?;
    p.find(".menu-list a[href='/chuyen-muc/thong-bao/']")
        .await?
        .click()
        .await
        .ctx("menu link")?;
    h1(p, "Thông báo").await?;
    p.poll(5, "menu closed after navigating", || async {
        Ok((!link().await?).then_some(()))
    })
    .await?;
    Ok(())
}

/// The menu's one list (no second copy for wide screens) is a bar there: every link
/// shown, reached by Tab and given to screen readers as a link, without the button.
async fn menu_is_one_list_shown_as_a_bar_on_a_wide_screen(_e: &Env, p: &Page) -> R {
    use fantoccini::key::Key;
    p.goto("/chuyen-muc/thong-bao/").await?;
    h1(p, "Thông báo").await?;
    check!(
        p.count(".site-nav ul").await? == 1,
        "the menu has {} lists",
        p.count(".site-nav ul").await?
    );
    let button = p.find(".menu-button").await?.is_displayed().await.ctx("button")?;
    check!(!button, "the “Danh mục” button shows on a wide screen");
    let hidden = p
        .js("return [...document.querySelectorAll('.menu-list a')].filter(a => !a.checkVisibility() || a.getBoundingClientRect().height < 44).map(a => a.textContent)")
        .await?;
    check!(hidden == json!([]), "menu links hidden or short: {hidden}");
    // Tab from the skip link reaches the menu's second link (a page) without the
    // hidden "Danh mục" button between.
    p.js("document.querySelector('.skip-link').focus()").await?;
    let mut passed = Vec::new();
    for _ in 0..12 {
        press(p, Key::Tab).await?;
        let now = p.js_string("return document.activeElement.className + ' ' + (document.activeElement.getAttribute('href') || '')").await?;
        passed.push(now.clone());
        if now.ends_with("/gioi-thieu/") {
            break;
        }
    }
    check!(
        passed.last().is_some_and(|l| l.ends_with("/gioi-thieu/")),
        "Tab did not reach the menu: {passed:?}"
    );
    check!(
        !passed.iter().any(|l| l.contains("menu-button")),
        "Tab stopped on a hidden button: {passed:?}"
    );
    // In the accessibility tree: a link with its name, the current page said so.
    let own = ax_node(p, ".menu-list a[href='/chuyen-muc/thong-bao/']").await?;
    check!(
        own["ignored"] != json!(true)
            && own["role"]["value"] == json!("link")
            && own["name"]["value"] == json!("Thông báo"),
        "the menu link as screen readers get it: {own}"
    );
    Ok(())
}

async fn print_shows_the_article_alone_with_its_address(_e: &Env, p: &Page) -> R {
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    p.wait_app().await?;
    // The button opens the browser's print dialog (replaced here by a recorder).
    p.js("window.__printed = 0; window.print = () => { window.__printed += 1; }")
        .await?;
    p.wait_text("button.print-button", "In bài viết").await?;
    p.find("button.print-button").await?.click().await.ctx("print")?;
    check!(
        p.js("return window.__printed").await? == json!(1),
        "“In bài viết” did not print"
    );

    p.cdp("Emulation.setEmulatedMedia", json!({ "media": "print" }))
        .await?;
    for hidden in [
        ".site-nav",
        ".text-size",
        ".search-form-header",
        ".site-footer",
        ".related",
        ".print-button",
        ".breadcrumb",
    ] {
        let d = p.style(hidden, "display").await?;
        check!(d == "none", "{hidden} is printed (display: {d})");
    }
    let url = p.find(".print-url").await?;
    check!(
        url.is_displayed().await.ctx("url")?,
        "the article's address is not printed"
    );
    let text = url.text().await.ctx("url text")?;
    check!(
        text.contains(&format!("https://uminhthuong.example.gov.vn{ARTICLE}")),
        "printed address “{text}”"
    );
    check!(
        p.find(".article-body").await?.is_displayed().await.ctx("body")?,
        "the body is not printed"
    );
    Ok(())
}

/// axe at the default and the largest text size.
/// axe at the default and the largest text size: on the page as served (prerendered),
/// then as the app renders it after a client-side navigation from the home page.
async fn axe_both_sizes(p: &Page, path: &str, ready: &str) -> R {
    let mut found = Vec::new();
    for (step, via_app) in [("0", false), ("4", false), ("0", true), ("4", true)] {
        p.goto("/").await?;
        p.js(&format!("localStorage.setItem('co-chu', '{step}')")).await?;
        if via_app {
            p.goto("/khong-co/").await?;
            p.wait_app().await?;
            p.click_js("main a[href='/']").await?;
            p.wait_text("#noi-bat", "Sự kiện nổi bật").await?;
            p.js(&format!("const a = document.createElement('a'); a.href = '{path}'; a.id = 'axe-link'; document.querySelector('main').append(a)")).await?;
            p.click_js("#axe-link").await?;
            p.poll(10, "client-side navigation", || async {
                Ok((p.path().await? == path.split('?').next().unwrap_or(path)).then_some(()))
            })
            .await?;
            p.js("document.getElementById('axe-link')?.remove()").await?;
        } else {
            p.goto(path).await?;
        }
        p.poll(10, ready, || async {
            Ok((p.count(ready).await? > 0).then_some(()))
        })
        .await?;
        p.find(".site-footer h2").await?;
        let how = if via_app {
            "rendered by the app"
        } else {
            "prerendered"
        };
        for v in p.axe().await? {
            found.push(format!("{how}, text size step {step}: {v}"));
        }
    }
    check!(found.is_empty(), "{path}: axe found\n{}", found.join("\n"));
    Ok(())
}

async fn axe_search(_e: &Env, p: &Page) -> R {
    axe_both_sizes(p, "/tim-kiem/?q=dan+van", ".result").await
}

async fn axe_home(_e: &Env, p: &Page) -> R {
    axe_both_sizes(p, "/", ".featured .summary").await
}

async fn axe_section(_e: &Env, p: &Page) -> R {
    axe_both_sizes(p, SECTION, ".pagination").await
}

async fn axe_article(_e: &Env, p: &Page) -> R {
    axe_both_sizes(p, TABLE_ARTICLE, ".article-body table").await
}

/// Result titles on the search page, once results are there.
async fn result_titles(p: &Page) -> R<Vec<String>> {
    p.poll(15, "search results", || async {
        Ok((p.count(".search-count:not(:empty)").await? > 0).then_some(()))
    })
    .await?;
    let v = p
        .js("return [...document.querySelectorAll('.result-title')].map(e => e.textContent)")
        .await?;
    Ok(v.as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_str().map(String::from))
        .collect())
}

async fn search_without_tone_marks_finds_the_accented_article(_e: &Env, p: &Page) -> R {
    p.goto("/tim-kiem/?q=dan+van+kheo").await?;
    let titles = result_titles(p).await?;
    // The article and the dispatch about the same movement have it in their title and
    // come first; others that have the words only in their text follow.
    let in_title = titles.iter().take_while(|t| t.contains("“Dân vận khéo”")).count();
    check!(
        titles.iter().any(|t| t == ARTICLE_TITLE)
            && in_title >= 2
            && titles[in_title..].iter().all(|t| !t.contains("“Dân vận khéo”")),
        "results: {titles:?}"
    );
    // The snippet highlights the words as written, with their accents.
    let marked = p
        .js("return [...document.querySelectorAll('.result-snippet mark')].map(m => m.textContent)")
        .await?;
    let marked: Vec<&str> = marked
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m.as_str())
        .collect();
    for word in ["Dân", "vận", "khéo"] {
        check!(marked.contains(&word), "“{word}” not highlighted: {marked:?}");
    }
    check!(
        !marked.iter().any(|m| m.is_ascii()),
        "a highlight lost its accents: {marked:?}"
    );
    // đ is found by d.
    p.goto("/tim-kiem/?q=duong+giao+thong").await?;
    let titles = result_titles(p).await?;
    check!(!titles.is_empty(), "“duong giao thong” found nothing");
    let text = p
        .js_string("return document.querySelector('.result-snippet').textContent")
        .await?;
    check!(text.to_lowercase().contains("đường"), "snippet “{text}”");
    // Results are kept: page 2, then back to page 1, fetches no result or page text
    // again for page 1.
    const FETCHED: &str = "performance.getEntriesByType('resource').filter(e => \
        /\\/api\\/v2\\/(search\\/d|articles|documents|pages)\\//.test(e.name)).length";
    let searches = "performance.getEntriesByName('search-results').length";
    p.wait_app().await?;
    let done = p.js_f64(searches).await?;
    p.click_js(".pagination a[rel=next]").await?;
    p.poll(10, "page 2", || async {
        Ok((p.js_f64(searches).await? > done).then_some(()))
    })
    .await?;
    let before = p.js_f64(FETCHED).await?;
    p.c.back().await.ctx("back")?;
    p.poll(10, "page 1 again", || async {
        Ok((p.js_f64(searches).await? > done + 1.0).then_some(()))
    })
    .await?;
    check!(
        p.js_f64(FETCHED).await? == before,
        "page 1's results or their texts were fetched again"
    );
    let again = p
        .js_string("return document.querySelector('.result-snippet').textContent")
        .await?;
    check!(again == text, "snippet “{again}”, was “{text}”");
    Ok(())
}

async fn search_from_the_header_form_reaches_the_results_page(_e: &Env, p: &Page) -> R {
    use fantoccini::key::Key;
    p.goto(ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    p.wait_app().await?;
    p.js("window.__sameDocument = true").await?;
    let input = p.find(".search-form-header input[name=q]").await?;
    input.send_keys("dân vận").await.ctx("type")?;
    input.send_keys(&Key::Enter).await.ctx("Enter")?;
    p.poll(10, "the results page", || async {
        Ok((p.path().await? == "/tim-kiem/").then_some(()))
    })
    .await?;
    let url = p.c.current_url().await.ctx("url")?;
    check!(
        url.query() == Some("q=d%C3%A2n+v%E1%BA%ADn"),
        "query in the URL: {:?}",
        url.query()
    );
    let titles = result_titles(p).await?;
    check!(titles.iter().any(|t| t == ARTICLE_TITLE), "results: {titles:?}");
    check!(
        p.js("return window.__sameDocument === true").await? == json!(true),
        "the search reloaded the page"
    );
    // Typing on the results page updates the results and the URL (no new history entry).
    let field = p.find("#tu-khoa").await?;
    watch_live_regions(p).await?;
    field.clear().await.ctx("clear")?;
    field.send_keys("tiêm chủng").await.ctx("type")?;
    p.poll(10, "results for the new query", || async {
        let c = p
            .js_string("return document.querySelector('.search-count')?.textContent || ''")
            .await?;
        Ok(c.contains("tiêm chủng").then_some(()))
    })
    .await?;
    // Said where a screen reader hears it (WCAG 4.1.3).
    check_said_in_a_known_region(p, ".search-count", "tiêm chủng").await?;
    let url = p.c.current_url().await.ctx("url")?;
    check!(
        url.query().is_some_and(|q| q.starts_with("q=ti%C3%AAm+ch")),
        "URL after typing: {:?}",
        url.query()
    );
    // Back returns to the article (typing replaced the entry, it did not add one).
    p.c.back().await.ctx("back")?;
    p.poll(10, "the article again", || async {
        Ok((p.path().await? == ARTICLE).then_some(()))
    })
    .await?;
    Ok(())
}

async fn search_pagination_and_back(_e: &Env, p: &Page) -> R {
    p.goto("/tim-kiem/?q=huyen").await?;
    let first = result_titles(p).await?;
    check!(first.len() == 10, "{} results on page 1", first.len());
    let count = p
        .js_string("return document.querySelector('.search-count').textContent")
        .await?;
    check!(count.contains("trang 1/"), "count “{count}”");
    p.wait_app().await?;
    p.click_js(".pagination a[rel=next]").await?;
    p.poll(10, "page 2", || async {
        let q = p.c.current_url().await.ctx("url")?.query().map(String::from);
        Ok(q.is_some_and(|q| q.ends_with("&trang=2")).then_some(()))
    })
    .await?;
    p.poll(10, "page 2 results", || async {
        let c = p
            .js_string("return document.querySelector('.search-count')?.textContent || ''")
            .await?;
        Ok(c.contains("trang 2/").then_some(()))
    })
    .await?;
    let second = result_titles(p).await?;
    check!(
        !second.is_empty() && second.iter().all(|t| !first.contains(t)),
        "page 2 repeats page 1: {second:?}"
    );
    p.c.back().await.ctx("back")?;
    p.poll(10, "page 1 again", || async {
        let c = p
            .js_string("return document.querySelector('.search-count')?.textContent || ''")
            .await?;
        Ok(c.contains("trang 1/").then_some(()))
    })
    .await?;
    check!(
        result_titles(p).await? == first,
        "back did not show page 1's results"
    );
    Ok(())
}

async fn search_with_no_results_helps(_e: &Env, p: &Page) -> R {
    p.goto("/tim-kiem/?q=xyzabc").await?;
    p.wait_text(".search-count", "Không tìm thấy kết quả nào cho “xyzabc”")
        .await?;
    p.wait_text(".search-empty", "gõ không dấu").await?;
    check!(
        p.count(".search-empty a[href^='/chuyen-muc/']").await? >= 4,
        "no section links"
    );
    Ok(())
}

/// The number of documents the library page says it lists.
async fn document_count(p: &Page) -> R<usize> {
    p.poll(10, "the documents list", || async {
        let t = p
            .js_string("return document.querySelector('.search-count strong')?.textContent || ''")
            .await?;
        Ok(t.parse::<usize>().ok())
    })
    .await
}

async fn documents_filters_combine_in_the_url(_e: &Env, p: &Page) -> R {
    p.goto("/van-ban/").await?;
    h1(p, "Văn bản").await?;
    p.wait_app().await?;
    let all = document_count(p).await?;
    check!(all == 14, "{all} documents in the library");
    // One filter: a path (a prerendered page).
    p.js("document.querySelector('#loc-loai').value = 'cong-van'")
        .await?;
    p.click_js(".filter-form button").await?;
    p.poll(10, "the type's page", || async {
        Ok((p.path().await? == "/van-ban/loai/cong-van/").then_some(()))
    })
    .await?;
    h1(p, "Công văn").await?;
    let kind = document_count(p).await?;
    check!(kind > 0 && kind < all, "{kind} Công văn");
    // Two filters: combined by the app, in the query string.
    p.js("document.querySelector('#loc-nam').value = '2024'").await?;
    p.click_js(".filter-form button").await?;
    p.poll(10, "the combined filter", || async {
        let url = p.c.current_url().await.ctx("url")?;
        Ok((url.path() == "/van-ban/" && url.query() == Some("loai=cong-van&nam=2024")).then_some(()))
    })
    .await?;
    h1(p, "Công văn, 2024").await?;
    let both = document_count(p).await?;
    check!(both >= 1 && both < kind, "{both} Công văn of 2024");
    let numbers = p
        .js("return [...document.querySelectorAll('.document-meta')].map(e => e.textContent)")
        .await?;
    for meta in numbers.as_array().unwrap() {
        check!(
            meta.as_str().unwrap_or_default().contains("/2024"),
            "a document not of 2024: {meta}"
        );
    }
    // Back: the single filter again.
    p.c.back().await.ctx("back")?;
    p.poll(10, "back to the type", || async {
        Ok((p.path().await? == "/van-ban/loai/cong-van/").then_some(()))
    })
    .await?;
    check!(
        document_count(p).await? == kind,
        "back did not restore the type's list"
    );
    // The combined filter's address opened directly (a shared link, a reload): the server
    // has only the unfiltered page for it; the app shows the filtered list.
    p.goto("/van-ban/?loai=cong-van&nam=2024").await?;
    h1(p, "Công văn, 2024").await?;
    check!(
        document_count(p).await? == both,
        "the shared link shows another list"
    );
    let selected = p
        .js("return ['#loc-loai', '#loc-nam'].map(s => document.querySelector(s).value)")
        .await?;
    check!(
        selected == json!(["cong-van", "2024"]),
        "the form shows {selected}"
    );
    Ok(())
}

async fn document_page_and_its_downloads(_e: &Env, p: &Page) -> R {
    // An article mentions the plan's number: it is a link to the document.
    p.goto("/bai-viet/trien-khai-tiem-bo-sung-vac-xin-soi-cho-tre-em-tren-dia-ban-huyen/")
        .await?;
    h1(p, "vắc xin sởi").await?;
    p.wait_app().await?;
    p.click_js(".article-body a[href='/van-ban/256-kh-ubnd-2025/']")
        .await?;
    h1(p, "Kế hoạch số 256/KH-UBND").await?;
    for field in [
        "Số, ký hiệu",
        "Loại văn bản",
        "Cơ quan ban hành",
        "Ngày ban hành",
        "Ngày hiệu lực",
        "Người ký",
        "Trích yếu",
    ] {
        p.wait_text(".document-fields dt", field).await?;
    }
    p.wait_text(".document-fields dd", "28/03/2025").await?;
    let files = p.js("return [...document.querySelectorAll('.files li')].map(l => l.textContent.replace(/\\s+/g, ' ').trim())").await?;
    let files: Vec<&str> = files
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    check!(files.len() == 2, "attachments: {files:?}");
    check!(
        files[0].starts_with("Tải về") && files[0].contains("(PDF, ") && files[0].ends_with(" KB)"),
        "{files:?}"
    );
    check!(files[1].contains("(DOCX, "), "{files:?}");
    // The link is a download of a real file.
    let href = p
        .js_string("return document.querySelector('.files a').href")
        .await?;
    check!(href.ends_with("/files/256-kh-ubnd.pdf"), "download {href}");
    Ok(())
}

async fn search_finds_a_document_by_its_number(_e: &Env, p: &Page) -> R {
    p.goto("/tim-kiem/?q=1029").await?;
    let titles = result_titles(p).await?;
    check!(
        titles.first().is_some_and(|t| t.contains("1029-CV/HU")),
        "results: {titles:?}"
    );
    let href = p
        .js_string("return document.querySelector('.result-title a').getAttribute('href')")
        .await?;
    check!(href == "/van-ban/1029-cv-hu-2024/", "result links to {href}");
    Ok(())
}

async fn english_pages_and_the_language_switch(_e: &Env, p: &Page) -> R {
    p.goto("/en/contact/").await?;
    h1(p, "Contact").await?;
    check!(
        p.js_string("return document.documentElement.lang").await? == "en",
        "/en/contact/ is not lang=en"
    );
    let alternates = p.js("return [...document.querySelectorAll('link[rel=alternate][hreflang]')].map(l => l.hreflang + ' ' + new URL(l.href).pathname)").await?;
    check!(
        alternates == json!(["en /en/contact/", "vi /lien-he/"]),
        "hreflang links: {alternates}"
    );
    // The site's own parts stay in Vietnamese.
    check!(
        p.js_string("return document.querySelector('.site-header').lang")
            .await?
            == "vi",
        "header language"
    );
    p.wait_app().await?;
    p.click_js(".language-switch a").await?;
    h1(p, "Liên hệ").await?;
    check!(
        p.js_string("return document.documentElement.lang").await? == "vi",
        "the Vietnamese page is not lang=vi"
    );
    p.wait_text(".language-switch a", "English").await?;
    p.wait_text(".article-body", "OpenStreetMap").await?;
    // Search finds the English page, says what it is, and marks its text as English.
    p.goto("/tim-kiem/?q=%22office+hours%22").await?;
    let titles = result_titles(p).await?;
    check!(titles.iter().any(|t| t == "Contact"), "results: {titles:?}");
    let shown = p
        .js("const r = [...document.querySelectorAll('.result')].find(r => r.querySelector('a').textContent === 'Contact'); \
             return [r.querySelector('.result-title').lang, r.querySelector('.result-snippet').lang, r.querySelector('.result-meta').textContent.trim()]")
        .await?;
    check!(
        shown == json!(["en", "en", "Trang tiếng Anh"]),
        "the English result: {shown}"
    );
    Ok(())
}

async fn public_services_page_lists_the_portals(_e: &Env, p: &Page) -> R {
    p.goto("/dich-vu-cong/").await?;
    h1(p, "Dịch vụ công").await?;
    let links = p
        .js("return [...document.querySelectorAll('.link-list a')].map(a => a.href)")
        .await?;
    check!(
        links
            .as_array()
            .is_some_and(|l| l.iter().any(|h| h == "https://dichvucong.gov.vn/")),
        "portals: {links}"
    );
    // Related state portals in the footer, and the menu has the new pages.
    p.wait_text(".footer-related", "Cổng thông tin điện tử Chính phủ")
        .await?;
    for item in [
        "Giới thiệu",
        "Cơ cấu tổ chức",
        "Văn bản",
        "Dịch vụ công",
        "Liên hệ",
    ] {
        p.wait_text(".menu-list a", item).await?;
    }
    Ok(())
}

/// Waits for an article page: after a click the app fetches the article, then renders
/// it (a busy machine takes a while).
async fn article_shown(p: &Page) -> R {
    p.poll(10, "the article", || async {
        Ok((p.count(".article-title").await? == 1).then_some(()))
    })
    .await
}

async fn analytics_counts_every_page_view(e: &Env, p: &Page) -> R {
    // The site as configured with a monitoring script (a local stand-in).
    with_fake_tracker(e).await;
    p.goto("/").await?;
    p.wait_app().await?;
    p.poll(10, "the first page view", || async {
        Ok((p.js_f64("(window.__pageViews || []).length").await? == 1.0).then_some(()))
    })
    .await?;
    p.click_js(&format!(".menu-list a[href='{SECTION}']")).await?;
    h1(p, SECTION_NAME).await?;
    p.click_js("main .summary-title a").await?;
    article_shown(p).await?;
    let views = p
        .poll(10, "three page views", || async {
            let v = p.js("return window.__pageViews || []").await?;
            Ok((v.as_array().map_or(0, Vec::len) == 3).then_some(v))
        })
        .await?;
    check!(
        views[0] == json!("/") && views[1] == json!(SECTION),
        "page views: {views}"
    );
    check!(
        p.js_f64("window.__trackerLoads").await? == 1.0,
        "the script was loaded more than once"
    );
    let tag = p.js("return [...document.querySelectorAll('script[src=\"/fake-tracker.js\"]')].map(s => s.dataset.siteId)").await?;
    check!(tag == json!(["thu-nghiem"]), "script tags: {tag}");

    // A slow tracker: the views before it has loaded are announced when it has, in order.
    e.server.fail("/fake-tracker.js", Fault::Late(4000));
    p.goto("/").await?;
    p.wait_app().await?;
    p.click_js(&format!(".menu-list a[href='{SECTION}']")).await?;
    h1(p, SECTION_NAME).await?;
    check!(
        p.js_f64("(window.__pageViews || []).length").await? == 0.0,
        "the tracker was not slow"
    );
    let views = p
        .poll(15, "the page views kept while the tracker loaded", || async {
            let v = p.js("return window.__pageViews || []").await?;
            Ok((v.as_array().map_or(0, Vec::len) == 2).then_some(v))
        })
        .await?;
    check!(views == json!(["/", SECTION]), "page views: {views}");
    Ok(())
}

async fn no_analytics_script_without_configuration(e: &Env, p: &Page) -> R {
    p.goto("/").await?;
    p.wait_app().await?;
    p.click_js(&format!(".menu-list a[href='{SECTION}']")).await?;
    h1(p, SECTION_NAME).await?;
    let scripts = p
        .js_f64("document.querySelectorAll('script[src]').length")
        .await?;
    let boot = p
        .js_f64("document.querySelectorAll('script[src^=\"/boot-\"], script[src^=\"/controls-\"]').length")
        .await?;
    check!(
        scripts == boot,
        "{scripts} scripts loaded, {boot} of them the app's loader and the controls"
    );
    check!(e.server.hits("/fake-tracker.js") == 0, "a tracker was fetched");
    Ok(())
}

async fn axe_documents(_e: &Env, p: &Page) -> R {
    axe_both_sizes(p, "/van-ban/", ".documents li").await?;
    axe_both_sizes(p, "/van-ban/256-kh-ubnd-2025/", ".files li").await
}

async fn axe_pages(_e: &Env, p: &Page) -> R {
    axe_both_sizes(p, "/lien-he/", ".article-body").await?;
    axe_both_sizes(p, "/en/contact/", ".article-body").await?;
    axe_both_sizes(p, "/co-cau-to-chuc/", ".article-body table").await?;
    axe_both_sizes(p, "/dich-vu-cong/", ".link-list").await
}

/// Clicks a link to `href` added to the page (as content would write it).
async fn click_new_link(p: &Page, href: &str) -> R {
    p.c.execute(
        "const a = document.createElement('a'); a.href = arguments[0]; a.textContent = 'liên kết'; a.id = 'lien-ket-thu'; document.querySelector('main').prepend(a); a.click();",
        vec![json!(href)],
    )
    .await
    .ctx("click")?;
    Ok(())
}

async fn a_link_to_another_pages_fragment_keeps_it(_e: &Env, p: &Page) -> R {
    p.goto(ARTICLE).await?;
    p.wait_app().await?;
    p.js("window.__sameDocument = true").await?;
    click_new_link(p, "/#muc-thong-bao").await?;
    p.wait_text("#muc-thong-bao", "Thông báo").await?;
    let (path, hash) = p
        .poll(10, "the home page with its fragment", || async {
            let loc = p.js("return [location.pathname, location.hash]").await?;
            Ok((loc[0] == json!("/")).then_some(loc))
        })
        .await
        .map(|l| (l[0].clone(), l[1].clone()))?;
    check!(
        hash == json!("#muc-thong-bao"),
        "{path} lost its fragment: {hash}"
    );
    p.poll(5, "the section scrolled to and focused", || async {
        let seen = p
            .js("const s = document.getElementById('muc-thong-bao'); const r = s.getBoundingClientRect(); return [r.top >= -1 && r.top < innerHeight / 2, document.activeElement === s, scrollY > 0]")
            .await?;
        Ok((seen == json!([true, true, true])).then_some(()))
    })
    .await?;
    check!(
        p.js("return window.__sameDocument === true").await? == json!(true),
        "the link reloaded the page"
    );
    Ok(())
}

async fn with_fake_tracker(e: &Env) {
    e.server.rewrite(
        "{\"api_version\":2,",
        "{\"api_version\":2,\"analytics\":{\"script\":\"/fake-tracker.js\",\"site_id\":\"thu-nghiem\"},",
    );
    e.server.add_file(
        "/fake-tracker.js",
        "text/javascript",
        include_bytes!("fixtures/fake-tracker.js"),
    );
}

async fn overlapping_navigations_count_each_page_view_once(e: &Env, p: &Page) -> R {
    with_fake_tracker(e).await;
    // The section's data arrives late: the reader goes on to the article before.
    e.server
        .fail("/api/v2/categories/su-kien-noi-bat/1.json", Fault::Late(1500));
    p.goto("/").await?;
    p.wait_app().await?;
    p.poll(10, "the first page view", || async {
        Ok((p.js_f64("(window.__pageViews || []).length").await? == 1.0).then_some(()))
    })
    .await?;
    p.click_js(&format!(".menu-list a[href='{SECTION}']")).await?;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    click_new_link(p, ARTICLE).await?;
    h1(p, ARTICLE_TITLE).await?;
    // Let the late answer arrive and any loop still running settle.
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    let views = p.js("return window.__pageViews").await?;
    check!(
        views == json!(["/", SECTION, ARTICLE]),
        "page views: {views} (each navigation once, in order)"
    );
    Ok(())
}

async fn two_visits_to_one_url_keep_their_own_scroll_positions(_e: &Env, p: &Page) -> R {
    let y = || async { p.js_f64("Math.round(window.scrollY)").await };
    let back_to = |want: f64, what: &'static str| async move {
        p.c.back().await.ctx("back")?;
        p.poll(10, what, || async {
            let now = p.js_f64("Math.round(window.scrollY)").await?;
            Ok(((now - want).abs() < 2.0).then_some(()))
        })
        .await
    };
    p.goto(SECTION).await?;
    p.wait_app().await?;
    p.js("window.scrollTo(0, 300)").await?;
    let first = y().await?;
    check!(first > 200.0, "the section page is too short to scroll ({first})");
    p.click_js(".section-list .summary-title a").await?;
    article_shown(p).await?;
    // The same section again, as a new visit, scrolled elsewhere.
    p.click_js(".breadcrumb a[href^='/chuyen-muc/']").await?;
    h1(p, SECTION_NAME).await?;
    p.js("window.scrollTo(0, 120)").await?;
    let second = y().await?;
    p.click_js(".section-list li:nth-child(2) .summary-title a")
        .await?;
    article_shown(p).await?;
    back_to(second, "the second visit's position").await?;
    p.c.back().await.ctx("back")?;
    article_shown(p).await?;
    back_to(first, "the first visit's position").await?;
    Ok(())
}

async fn head_tags_follow_each_navigation(_e: &Env, p: &Page) -> R {
    let head = || async {
        p.js("return { lang: document.documentElement.lang, locale: [...document.querySelectorAll('meta[property=\"og:locale\"]')].map(m => m.content), feeds: [...document.querySelectorAll('link[type=\"application/rss+xml\"]')].map(l => l.getAttribute('href')), hreflang: document.querySelectorAll('link[hreflang]').length, canonical: [...document.querySelectorAll('link[rel=canonical]')].map(l => new URL(l.href).pathname) }")
            .await
    };
    p.goto("/en/contact/").await?;
    p.wait_app().await?;
    let en = head().await?;
    check!(
        en == json!({"lang": "en", "locale": ["en_US"], "feeds": ["/rss.xml"], "hreflang": 2, "canonical": ["/en/contact/"]}),
        "English page head: {en}"
    );
    p.click_js(".language-switch a").await?;
    h1(p, "Liên hệ").await?;
    p.click_js(&format!(".menu-list a[href='{SECTION}']")).await?;
    h1(p, SECTION_NAME).await?;
    let section = p
        .poll(5, "the section's head", || async {
            let h = head().await?;
            Ok((h["canonical"] == json!([SECTION])).then_some(h))
        })
        .await?;
    check!(
        section
            == json!({"lang": "vi", "locale": ["vi_VN"], "feeds": ["/rss.xml", "/chuyen-muc/su-kien-noi-bat/rss.xml"], "hreflang": 0, "canonical": [SECTION]}),
        "section head after navigation: {section}"
    );
    p.click_js(".section-list .summary-title a").await?;
    article_shown(p).await?;
    let article = p
        .poll(5, "the article's head", || async {
            let h = head().await?;
            Ok((h["canonical"] != json!([SECTION])).then_some(h))
        })
        .await?;
    check!(
        article["feeds"] == json!(["/rss.xml"]) && article["locale"] == json!(["vi_VN"]),
        "article head after navigation: {article}"
    );
    Ok(())
}
