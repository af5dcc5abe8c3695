//! The portal at a province's size, in Chromium: the largest section's oldest page and
//! the documents of the most common type (thousands), each opened directly (the
//! prerendered page) and reached in the app (client-side navigation), checked against
//! the content and timed.
//!
//! A command, not a test: `cargo xtask bench-build` runs it on each generated corpus
//! (at 100,000 articles a section has 20,000). Environment: PORTAL_BIG_SITE (the built
//! site), PORTAL_BIG_CONTENT (its content folder).

#[allow(dead_code)]
#[path = "../tests/support/browser.rs"]
mod browser;
#[allow(dead_code)]
#[path = "../tests/support/nginx.rs"]
mod nginx;

use std::path::PathBuf;
use std::time::Instant;

use browser::{Context, Driver, Page, R};
use portal_core::paths::{self, DocFilter};
use serde_json::json;

/// What a list page must show: its items' link texts, and its count when it has one.
struct Expected {
    texts: Vec<String>,
    total: Option<usize>,
}

/// The link texts of the items on the page (`css` selects the links).
async fn shown(p: &Page, css: &str) -> R<Vec<String>> {
    let v = p
        .c
        .execute(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.replace(/\\s+/g, ' ').trim())",
            vec![json!(css)],
        )
        .await
        .ctx("read the list")?;
    Ok(v.as_array()
        .map(|a| a.iter().filter_map(|t| t.as_str().map(String::from)).collect())
        .unwrap_or_default())
}

/// Waits until the page shows `want` (and its count); returns the milliseconds since
/// `since`.
async fn until_shown(p: &Page, css: &str, want: &Expected, since: Instant, what: &str) -> R<f64> {
    p.poll(30, what, || async {
        let texts = shown(p, css).await?;
        let total = p
            .js_string("return document.querySelector('.search-count strong')?.textContent || ''")
            .await?;
        let total_ok = want.total.is_none_or(|t| total.replace('.', "") == t.to_string());
        Ok((texts == want.texts && total_ok).then(|| since.elapsed().as_secs_f64() * 1000.0))
    })
    .await
    .map_err(|e| {
        format!(
            "{e}: expected {:?} (total {:?})",
            want.texts.iter().take(3).collect::<Vec<_>>(),
            want.total
        )
    })
}

/// A page opened directly: the prerendered list is right, and how long the browser
/// took to load it (navigation start to the load event).
async fn direct(p: &Page, path: &str, css: &str, want: &Expected) -> R<f64> {
    p.goto(path).await?;
    until_shown(p, css, want, Instant::now(), path).await?;
    p.js_f64("(() => { const n = performance.getEntriesByType('navigation')[0]; return n.loadEventEnd - n.startTime; })()")
        .await
}

fn main() {
    let site = PathBuf::from(std::env::var("PORTAL_BIG_SITE").expect("PORTAL_BIG_SITE"));
    let content_dir = PathBuf::from(std::env::var("PORTAL_BIG_CONTENT").expect("PORTAL_BIG_CONTENT"));
    let content = portal_content::load(&content_dir).unwrap_or_else(|d| panic!("the corpus: {d:?}"));

    // The largest section, newest first, and its oldest page (archive page 1: the
    // oldest ten, newest first).
    let mut by_section: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for a in &content.articles {
        by_section
            .entry(a.section.as_str())
            .or_default()
            .push(a.title.as_str());
    }
    let (section, titles) = by_section.iter().max_by_key(|(_, t)| t.len()).expect("a section");
    let n = titles.len();
    let oldest = Expected {
        texts: titles[n.saturating_sub(10)..]
            .iter()
            .map(|t| t.to_string())
            .collect(),
        total: None,
    };
    // The most common type of document, and its list's front page and oldest page.
    let mut by_kind: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for d in &content.documents {
        by_kind
            .entry(portal_core::slugify(&d.kind))
            .or_default()
            .push(format!("{} số {}", d.kind, d.number));
    }
    let (kind, docs) = by_kind.iter().max_by_key(|(_, d)| d.len()).expect("documents");
    let m = docs.len();
    let filter = DocFilter {
        kind: Some(kind.clone()),
        ..DocFilter::default()
    };
    let front = paths::page_range(m, 0).expect("a front page");
    let kind_front = Expected {
        texts: docs[front].to_vec(),
        total: Some(m),
    };
    let kind_oldest = Expected {
        texts: docs[m.saturating_sub(10)..].to_vec(),
        total: None,
    };

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = nginx::Nginx::start(&site);
    let driver = Driver::start();
    let result: R<Vec<(String, f64)>> = rt.block_on(async {
        let mut times = Vec::new();
        let fresh = || Page::open(&driver, &server.base, 412, 900);
        let section_last = paths::section(section, 1);
        let kind_last = paths::documents(&filter, 1);
        let kind_path = paths::documents(&filter, 0);

        // Opened directly.
        for (path, css, want) in [
            (&section_last, ".section-list .summary-title a", &oldest),
            (&kind_path, ".documents .document-title a", &kind_front),
            (&kind_last, ".documents .document-title a", &kind_oldest),
        ] {
            let p = fresh().await?;
            let ms = direct(&p, path, css, want).await;
            p.close().await;
            times.push((format!("{path} opened directly (load event)"), ms?));
        }

        // In the app: the section's front page, then its link to the oldest page.
        let p = fresh().await?;
        let steps = async {
            p.goto(&paths::section(section, 0)).await?;
            p.wait_app().await?;
            let start = Instant::now();
            p.click_js("a[aria-label='Trang 1']").await?;
            let ms = until_shown(&p, ".section-list .summary-title a", &oldest, start, "the oldest page in the app").await?;
            check!(p.path().await? == section_last, "the app is not on {section_last}");
            R::Ok(ms)
        }
        .await;
        p.close().await;
        times.push((format!("{section_last} reached in the app from the front page"), steps?));

        // In the app: the library, its type filter chosen in the form.
        let p = fresh().await?;
        let steps = async {
            p.goto(&paths::documents(&DocFilter::default(), 0)).await?;
            p.wait_app().await?;
            let start = Instant::now();
            p.js(&format!(
                "const f = document.querySelector('.filter-form'); f.querySelector('[name=loai]').value = '{kind}'; f.requestSubmit();"
            ))
            .await?;
            until_shown(&p, ".documents .document-title a", &kind_front, start, "the filter in the app").await
        }
        .await;
        p.close().await;
        times.push((format!("{kind_path} chosen in the app's filter form"), steps?));
        Ok(times)
    });
    match result {
        Ok(times) => {
            println!(
                "big site: section “{section}” ({n} articles), documents of type “{kind}” ({m}); each right, in Chromium (412 px wide):"
            );
            for (what, ms) in times {
                println!("  {what}: {ms:.0} ms");
            }
        }
        Err(e) => {
            eprintln!("big site: {e}");
            std::process::exit(1);
        }
    }
}
