//! The performance benchmark: Lighthouse (npm lighthouse 12.2.3, Debian Chromium, mobile
//! preset: simulated slow 4G and 4× CPU slowdown) on an article deep link served by
//! nginx with the shipped config, side by side in the same run with the same article as
//! static HTML and the same CSS and no scripts at all (the physical limit for first
//! paint). Prints medians; a command, not a test: `cargo xtask bench` builds the site
//! for the benchmark's address and runs this.
//!
//! Then the bytes of an article visit (the page, everything it loads, and the app the
//! page loads after it), by a reader whose browser saves data and by one whose does not
//! (headless Chromium through chromedriver, `Emulation.setDataSaverOverride`): a reader
//! saving data gets the page without the app.
//!
//! Environment: PORTAL_DIST (the build), PORTAL_BENCH_PORT (the address it was built
//! for), PORTAL_BENCH_RUNS (runs per page, default 3).

// Shared with the deployment and browser tests, which use all of it.
#[allow(dead_code, unused_macros)]
#[path = "../tests/support/browser.rs"]
mod browser;
#[allow(dead_code)]
#[path = "../tests/support/nginx.rs"]
mod nginx;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const ARTICLE: &str = "/bai-viet/hoi-nghi-tong-ket-dan-van-kheo/";
const STATIC: &str = "/bench-static/";

/// The article page without scripts: no loader, no Wasm preload, no data, no inline
/// script. Same HTML, same CSS.
fn static_copy(html: &str) -> String {
    let mut out = html.to_string();
    let mut cut = |start: &str, end: &str| {
        while let Some(i) = out.find(start) {
            let j = out[i..].find(end).map_or(out.len(), |j| i + j + end.len());
            out.replace_range(i..j, "");
        }
    };
    cut("<script", "</script>");
    cut("<link rel=\"modulepreload\"", ">");
    cut("<link rel=\"preload\"", ">");
    out
}

fn write_with_compressed(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(text.as_bytes()).unwrap();
    }
    std::fs::write(path.with_extension("html.br"), br).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(text.as_bytes()).unwrap();
    std::fs::write(path.with_extension("html.gz"), gz.finish().unwrap()).unwrap();
}

struct Run {
    scores: [f64; 4],
    fcp: f64,
    lcp: f64,
    cls: f64,
    tbt: f64,
    bytes: f64,
    first_paint_bytes: f64,
}

/// One Lighthouse run of `url`; its whole report is kept at `report_path` (what made a
/// figure what it is: the LCP element, the requests before it).
fn lighthouse(url: &str, root: &Path, report_path: &Path) -> Run {
    let profile = std::env::temp_dir().join(format!("portal-lh-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let flags = format!(
        "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir={}",
        profile.display()
    );
    let out = Command::new(root.join("node_modules/.bin/lighthouse"))
        .args([
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--form-factor=mobile",
        ])
        .arg("--only-categories=performance,accessibility,best-practices,seo")
        .arg(format!("--chrome-flags={flags}"))
        .env("CHROME_PATH", "/usr/bin/chromium")
        .output()
        .expect("node_modules/.bin/lighthouse (cargo xtask setup installs it)");
    let _ = std::fs::remove_dir_all(&profile);
    let _ = std::fs::write(report_path, &out.stdout);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "lighthouse gave no report ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let score = |c: &str| report["categories"][c]["score"].as_f64().unwrap_or(f64::NAN) * 100.0;
    let audit = |a: &str| report["audits"][a]["numericValue"].as_f64().unwrap_or(f64::NAN);
    let requests = report["audits"]["network-requests"]["details"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let first_paint_bytes = requests
        .iter()
        .filter(|r| matches!(r["resourceType"].as_str(), Some("Document" | "Stylesheet")))
        .filter_map(|r| r["transferSize"].as_f64())
        .sum();
    Run {
        scores: [
            score("performance"),
            score("accessibility"),
            score("best-practices"),
            score("seo"),
        ],
        fcp: audit("first-contentful-paint"),
        lcp: audit("largest-contentful-paint"),
        cls: audit("cumulative-layout-shift"),
        tbt: audit("total-blocking-time"),
        bytes: audit("total-byte-weight"),
        first_paint_bytes,
    }
}

/// The bytes transferred by a visit to `ARTICLE` (the page, what it loads, and the app
/// it loads after it, given three seconds), with or without Save-Data.
async fn visit_bytes(driver: &browser::Driver, base: &str, save_data: bool) -> Result<f64, String> {
    let p = browser::Page::open(driver, base, 390, 800).await?;
    if save_data {
        p.cdp(
            "Emulation.setDataSaverOverride",
            serde_json::json!({ "dataSaverEnabled": true }),
        )
        .await?;
    }
    p.goto(ARTICLE).await?;
    p.js("return new Promise(r => setTimeout(r, 3000))").await?;
    let bytes = p
        .js_f64(
            "performance.getEntriesByType('navigation')[0].transferSize + \
             performance.getEntriesByType('resource').reduce((s, e) => s + e.transferSize, 0)",
        )
        .await;
    p.close().await;
    bytes
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn main() {
    // `cargo bench` passes --bench; nothing else to parse.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dist = std::env::var_os("PORTAL_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("dist"));
    let port: u16 = std::env::var("PORTAL_BENCH_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(8099);
    let runs: usize = std::env::var("PORTAL_BENCH_RUNS")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3)
        .max(1);

    let article = std::fs::read_to_string(dist.join(ARTICLE.trim_start_matches('/')).join("index.html"))
        .expect("the article page in PORTAL_DIST (run through `cargo xtask bench`)");
    write_with_compressed(
        &dist.join(STATIC.trim_start_matches('/')).join("index.html"),
        &static_copy(&article),
    );

    let server = nginx::Nginx::start_on(&dist, port);
    let pages = [("portal", ARTICLE), ("static", STATIC)];
    let mut results: Vec<Vec<Run>> = vec![Vec::new(), Vec::new()];
    for i in 0..runs {
        // Alternate, so that a noisy moment on a shared machine hits both.
        for (k, (name, path)) in pages.iter().enumerate() {
            let url = format!("{}{path}", server.base);
            eprintln!("lighthouse {}/{runs}: {name} {url}", i + 1);
            let report = root.join(format!("target/bench/lighthouse-{name}-{}.json", i + 1));
            results[k].push(lighthouse(&url, &root, &report));
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let (saving, full) = rt.block_on(async {
        let driver = browser::Driver::start();
        let saving = visit_bytes(&driver, &server.base, true).await;
        let full = visit_bytes(&driver, &server.base, false).await;
        (saving, full)
    });
    let saving = saving.unwrap_or_else(|e| panic!("a visit saving data: {e}"));
    let full = full.unwrap_or_else(|e| panic!("a visit: {e}"));
    drop(server);

    let m = |k: usize, f: &dyn Fn(&Run) -> f64| median(results[k].iter().map(f).collect());
    println!("\nLighthouse 12.2.3, mobile (simulated slow 4G, 4× CPU), medians of {runs} runs, nginx with deploy/nginx.conf\n");
    println!("| metric | portal {ARTICLE} | static HTML + CSS |");
    println!("|---|---:|---:|");
    for (label, idx) in [
        ("performance", 0),
        ("accessibility", 1),
        ("best practices", 2),
        ("SEO", 3),
    ] {
        println!(
            "| {label} | {:.0} | {:.0} |",
            m(0, &|r| r.scores[idx]),
            m(1, &|r| r.scores[idx])
        );
    }
    println!(
        "| FCP | {:.0} ms | {:.0} ms |",
        m(0, &|r| r.fcp),
        m(1, &|r| r.fcp)
    );
    println!(
        "| LCP | {:.0} ms | {:.0} ms |",
        m(0, &|r| r.lcp),
        m(1, &|r| r.lcp)
    );
    println!("| CLS | {:.3} | {:.3} |", m(0, &|r| r.cls), m(1, &|r| r.cls));
    println!(
        "| TBT | {:.0} ms | {:.0} ms |",
        m(0, &|r| r.tbt),
        m(1, &|r| r.tbt)
    );
    println!(
        "| bytes transferred | {:.1} KB | {:.1} KB |",
        m(0, &|r| r.bytes) / 1000.0,
        m(1, &|r| r.bytes) / 1000.0
    );
    println!(
        "| HTML + CSS for first paint | {:.1} KB | {:.1} KB |",
        m(0, &|r| r.first_paint_bytes) / 1000.0,
        m(1, &|r| r.first_paint_bytes) / 1000.0
    );
    let ratio = m(0, &|r| r.lcp) / m(1, &|r| r.lcp);
    println!("\nLCP ratio portal/static: {ratio:.3}");
    println!(
        "\nan article visit (Chromium, nginx, transfer sizes): {:.1} KB; with Save-Data (no app): {:.1} KB ({:.0} % of it)",
        full / 1000.0,
        saving / 1000.0,
        saving / full * 100.0
    );

    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    let scores_ok = m(0, &|r| r.scores[0]) >= 98.0
        && m(0, &|r| r.scores[1]) >= 100.0
        && m(0, &|r| r.scores[2]) >= 100.0
        && m(0, &|r| r.scores[3]) >= 100.0;
    println!("\ntargets:");
    println!("  LCP ratio ≤ 1.1: {}", verdict(ratio <= 1.1));
    println!("  CLS = 0: {}", verdict(m(0, &|r| r.cls) == 0.0));
    println!("  TBT ≤ 50 ms: {}", verdict(m(0, &|r| r.tbt) <= 50.0));
    println!("  scores ≥ 98 / 100 / 100 / 100: {}", verdict(scores_ok));
    println!(
        "  HTML + CSS for first paint ≤ 30 KB: {}",
        verdict(m(0, &|r| r.first_paint_bytes) <= 30_000.0)
    );
}
