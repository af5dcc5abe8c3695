//! The search benchmark: our static index and a Pagefind index of the same 10,000
//! synthetic articles, the same queries through both in headless Chromium (a fresh
//! page and an empty cache for each), printing per query and in total: bytes
//! transferred (index only, then with each side's search runtime), time to results,
//! and recall against a brute-force scan of the corpus with our folding rules.
//!
//! A command, not a test: `cargo xtask bench-search` prepares the site and runs this.
//! Environment: PORTAL_SEARCH_SITE (the site folder), PORTAL_SEARCH_TEXTS (what was
//! indexed, as JSON lines).

#[allow(dead_code)]
#[path = "../tests/support/browser.rs"]
mod browser;
#[allow(dead_code)]
#[path = "../tests/support/nginx.rs"]
mod nginx;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use browser::{Context, Driver, Page, R};
use portal_core::search::{
    doc_words, lookup_in, matches, parse_query, DocWord, Manifest, Query, RESULTS_PER_PAGE,
};
use serde_json::Value;

const QUERIES: [&str; 24] = [
    "dân vận",
    "dan van",
    "đường",
    "duong",
    "đường giao thông",
    "duong giao thong",
    "mía",
    "mia",
    "nông thôn mới",
    "nong thon moi",
    "tiêm chủng",
    "tiem chung",
    "\"dân vận khéo\"",
    "\"dan van kheo\"",
    "hội nghị tổng kết",
    "hoi nghi tong ket",
    "đảng ủy xã",
    "dang uy xa",
    "lúa đông xuân",
    "lua dong xuan",
    "đê bao",
    "de bao",
    "khóm",
    "khom",
];

struct Doc {
    url: String,
    words: Vec<DocWord>,
}

fn load_texts(path: &Path) -> Vec<Doc> {
    std::fs::read_to_string(path)
        .expect("PORTAL_SEARCH_TEXTS (run through `cargo xtask bench-search`)")
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            Doc {
                url: s("url"),
                words: doc_words(&s("title"), &s("text")),
            }
        })
        .collect()
}

/// Our index, read from the built files, natively (the same code the app runs).
struct Native {
    site: PathBuf,
    manifest: Manifest,
}

impl Native {
    /// The matches found when at least `want` are asked for (newest blocks first), and
    /// the index files read for them.
    fn search(&self, query: &Query, want: usize) -> (Vec<u32>, usize) {
        let (found, parts) = lookup_in(&self.site, &self.manifest, query, want).unwrap();
        (found.ranked, parts.len())
    }
}

#[derive(Default, Clone)]
struct Measure {
    index_bytes: f64,
    runtime_bytes: f64,
    ms: f64,
    count: usize,
    recall: f64,
    /// Results that are not matches by the brute-force definition.
    extra: usize,
}

/// Opens `url` in a fresh page, waits for the results, and returns (index bytes,
/// runtime bytes, time to results), the bytes as nginx sent them (Pagefind fetches in a
/// Web Worker, which the page's resource timing does not see).
/// How long a page may take to show results (`PORTAL_SEARCH_WAIT`, default 60 s).
fn wait_secs() -> u64 {
    std::env::var("PORTAL_SEARCH_WAIT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60)
}

async fn measure(
    p: &Page,
    log: &Path,
    url: &str,
    runtime: &dyn Fn(&str) -> bool,
    index: &dyn Fn(&str) -> bool,
) -> R<(f64, f64, f64)> {
    std::fs::File::options()
        .write(true)
        .open(log)
        .and_then(|f| f.set_len(0))
        .ctx("access log")?;
    p.goto(url).await?;
    let ms = p
        .poll(wait_secs(), "results", || async {
            let v = p
                .js("const m = performance.getEntriesByName('search-results'); return m.length ? m[0].startTime : null")
                .await?;
            Ok(v.as_f64())
        })
        .await?;
    // nginx writes a request's log line once its response is sent.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (mut idx, mut rt) = (0.0, 0.0);
    for line in std::fs::read_to_string(log).ctx("access log")?.lines() {
        let (path, bytes) = line.rsplit_once(' ').unwrap_or((line, "0"));
        let size: f64 = bytes.parse().unwrap_or(0.0);
        if index(path) {
            idx += size;
        } else if runtime(path) {
            rt += size;
        }
    }
    Ok((idx, rt, ms))
}

/// A query, its number of true matches, ours, Pagefind's (`None`: no answer in time).
type Row = (&'static str, usize, Measure, Option<Measure>);

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn recall(found: &BTreeSet<String>, expected: &BTreeSet<String>) -> f64 {
    if expected.is_empty() {
        return if found.is_empty() { 1.0 } else { 0.0 };
    }
    found.intersection(expected).count() as f64 / expected.len() as f64
}

fn main() {
    let site = PathBuf::from(std::env::var("PORTAL_SEARCH_SITE").expect("PORTAL_SEARCH_SITE"));
    let docs = load_texts(Path::new(
        &std::env::var("PORTAL_SEARCH_TEXTS").expect("PORTAL_SEARCH_TEXTS"),
    ));
    let search_dir = site.join("api/v2/search");
    let manifest: Manifest =
        serde_json::from_slice(&std::fs::read(search_dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest.docs as usize,
        docs.len(),
        "the index and the texts differ"
    );
    let native = Native {
        site: site.clone(),
        manifest,
    };

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let log = std::env::temp_dir().join(format!("portal-search-bench-{}.log", std::process::id()));
    std::fs::write(&log, "").unwrap();
    let server = nginx::Nginx::start_logged(&site, &log);
    let driver = Driver::start();
    let rows = rt.block_on(async {
        // A new browser profile for each measurement: nothing cached, in the page or in
        // a worker.
        let fresh = || Page::open(&driver, &server.base, 1280, 900);
        let mut rows = Vec::new();
        for q in QUERIES {
            let query = parse_query(q);
            let expected: BTreeSet<String> = docs
                .iter()
                .filter(|d| matches(&query, &d.words))
                .map(|d| d.url.clone())
                .collect();
            // Ours.
            let p = fresh().await?;
            // Every match (every block read), and what the first page reads.
            let (ours_ids, _) = native.search(&query, usize::MAX);
            let (first_page, parts) = native.search(&query, RESULTS_PER_PAGE);
            let ours_found: BTreeSet<String> =
                ours_ids.iter().map(|&i| docs[i as usize].url.clone()).collect();
            let (idx, rtb, ms) = measure(
                &p,
                &log,
                &portal_core::paths::search(q, 1),
                &|n| n.contains("/portal-") || n.contains("/boot-"),
                &|n| n.contains("/api/v2/search/"),
            )
            .await?;
            let shown: usize = p
                .js_string("return document.querySelector('.search-count strong')?.textContent || '0'")
                .await?
                .parse()
                .unwrap_or(0);
            check!(
                shown == first_page.len(),
                "{q}: the page shows {shown} results, the index's first page {}",
                first_page.len()
            );
            let ours = Measure {
                index_bytes: idx,
                runtime_bytes: idx + rtb,
                ms,
                count: shown,
                recall: recall(&ours_found, &expected),
                extra: ours_found.difference(&expected).count(),
            };
            p.close().await;
            // Pagefind (when it does not answer in time it is left out of the figures,
            // and said so). Its page is not the portal's: the site's Content-Security-
            // Policy (scripts by hash, 'strict-dynamic') would block its script, so
            // this browser ignores the policy; bytes and times are the same.
            let p = fresh().await?;
            p.cdp("Page.setBypassCSP", serde_json::json!({ "enabled": true }))
                .await?;
            let pagefind = async {
                let (idx, rtb, ms) = measure(
                    &p,
                    &log,
                    &format!(
                        "/bench/pagefind.html?q={}",
                        portal_core::paths::encode_component(q)
                    ),
                    &|n| {
                        n.ends_with("/pagefind.js")
                            || n.ends_with("/pagefind-worker.js")
                            || n.contains("wasm.")
                    },
                    &|n| n.contains("/pagefind/") && !(n.ends_with(".js") || n.contains("wasm.")),
                )
                .await?;
                // Every result, for the recall: at 100,000 articles Pagefind does not
                // list them all within the driver's script timeout (30 s); its first page's
                // bytes and time are kept, its recall left unknown.
                let all = p
                    .c
                    .execute_async(
                        "const done = arguments[0]; window.__pfAll().then(done, e => done([String(e)]));",
                        vec![],
                    )
                    .await;
                if let Err(e) = &all {
                    eprintln!("{q}: Pagefind's full result list: {e}");
                }
                let pf_found: Option<BTreeSet<String>> = all.ok().and_then(|v| {
                    v.as_array()
                        .map(|a| a.iter().filter_map(|u| u.as_str().map(|s| s.to_string())).collect())
                });
                let pf = Measure {
                    index_bytes: idx,
                    runtime_bytes: idx + rtb,
                    ms,
                    count: pf_found.as_ref().map_or(0, |f| f.len()),
                    recall: pf_found.as_ref().map_or(f64::NAN, |f| recall(f, &expected)),
                    extra: pf_found.map_or(0, |f| f.difference(&expected).count()),
                };
                R::Ok(pf)
            }
            .await;
            let pf = match pagefind {
                Ok(pf) => Some(pf),
                Err(e) => {
                    eprintln!("{q}: Pagefind: {e}");
                    None
                }
            };
            eprintln!(
                "{q}: {} expected, ours {} of {} on the first page ({parts} index files, {:.0} ms), pagefind {}",
                expected.len(),
                ours.count,
                ours_ids.len(),
                ours.ms,
                pf.as_ref().map_or("no answer".to_string(), |pf| format!(
                    "{} ({:.0} ms)",
                    pf.count, pf.ms
                ))
            );
            p.close().await;
            rows.push((q, expected.len(), ours, pf));
        }
        Ok::<_, String>(rows)
    });
    let rows = match rows {
        Ok(r) => r,
        Err(e) => {
            eprintln!("bench: {e}");
            std::process::exit(1);
        }
    };
    drop(server);

    let kb = |b: f64| b / 1000.0;
    println!("\nSearch on {} synthetic articles: ours vs Pagefind 1.6.0, first query in a fresh page, empty cache,", docs.len());
    println!("served by nginx with deploy/nginx.conf (brotli); bytes are transfer sizes.\n");
    println!("| query | matches | ours: found for page 1 | ours: index KB | ours: + runtime KB | ours ms | ours recall | ours extra | Pagefind: index KB | Pagefind: + runtime KB | Pagefind ms | Pagefind recall | Pagefind extra |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (q, n, o, f) in &rows {
        let theirs = match f {
            Some(f) if f.recall.is_nan() => format!(
                "{:.1} | {:.1} | {:.0} | not listed in 30 s | ",
                kb(f.index_bytes),
                kb(f.runtime_bytes),
                f.ms,
            ),
            Some(f) => format!(
                "{:.1} | {:.1} | {:.0} | {:.1}% | {}",
                kb(f.index_bytes),
                kb(f.runtime_bytes),
                f.ms,
                f.recall * 100.0,
                f.extra
            ),
            None => format!("no results within {} s | | | |", wait_secs()),
        };
        println!(
            "| `{q}` | {n} | {} | {:.1} | {:.1} | {:.0} | {:.1}% | {} | {theirs} |",
            o.count,
            kb(o.index_bytes),
            kb(o.runtime_bytes),
            o.ms,
            o.recall * 100.0,
            o.extra,
        );
    }
    let col = |f: &dyn Fn(&Row) -> f64| rows.iter().map(f).collect::<Vec<f64>>();
    let pf_col = |f: &dyn Fn(&Measure) -> f64| {
        rows.iter()
            .filter_map(|r| r.3.as_ref().map(f))
            .collect::<Vec<f64>>()
    };
    let total = |v: Vec<f64>| v.iter().sum::<f64>();
    let oi = col(&|r| r.2.index_bytes);
    let fi = pf_col(&|m| m.index_bytes);
    println!(
        "| **total** | | | {:.1} | {:.1} | {:.0} | | | {:.1} | {:.1} | {:.0} | | |",
        kb(total(oi.clone())),
        kb(total(col(&|r| r.2.runtime_bytes))),
        total(col(&|r| r.2.ms)),
        kb(total(fi.clone())),
        kb(total(pf_col(&|m| m.runtime_bytes))),
        total(pf_col(&|m| m.ms))
    );
    println!(
        "| **median** | | | {:.1} | {:.1} | {:.0} | | | {:.1} | {:.1} | {:.0} | | |",
        kb(median(oi.clone())),
        kb(median(col(&|r| r.2.runtime_bytes))),
        median(col(&|r| r.2.ms)),
        kb(median(fi.clone())),
        kb(median(pf_col(&|m| m.runtime_bytes))),
        median(pf_col(&|m| m.ms))
    );
    if fi.len() < rows.len() {
        println!(
            "(Pagefind's columns: the {} of {} queries it answered within {} s)",
            fi.len(),
            rows.len(),
            wait_secs()
        );
    }
    let ours_full = rows.iter().all(|r| r.2.recall == 1.0);
    let pf_misses: Vec<&str> = rows
        .iter()
        .filter(|r| r.3.as_ref().is_none_or(|m| m.recall.is_nan() || m.recall < 1.0))
        .map(|r| r.0)
        .collect();
    let max_ours = oi.iter().cloned().fold(0.0, f64::max);
    let saving = 1.0 - median(oi.clone()) / median(fi.clone());
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!("\ntargets:");
    println!("  recall 100% on every query (ours): {}", verdict(ours_full));
    println!(
        "  first-query index bytes ≤ 60 KB on every query: {} (median {:.1} KB, largest {:.1} KB)",
        verdict(max_ours <= 60_000.0),
        kb(median(oi.clone())),
        kb(max_ours)
    );
    if fi.is_empty() {
        println!(
            "  ≥ 20% fewer index bytes than Pagefind on the median query: Pagefind answered no query in time"
        );
    } else {
        println!(
            "  ≥ 20% fewer index bytes than Pagefind on the median query: {} ({:.0}% fewer)",
            verdict(saving >= 0.2),
            saving * 100.0
        );
    }
    println!(
        "  Pagefind below 100% recall (or no answer, or results not listed) on: {}",
        if pf_misses.is_empty() {
            "none".to_string()
        } else {
            pf_misses.join(", ")
        }
    );
}
