//! Precompressed copies of what readers download first, served by nginx's
//! `brotli_static` / `gzip_static` (and by most CDNs) without compressing per request:
//!
//! - the app's own files (Wasm, JS, CSS) change with the code, rarely, and every reader
//!   downloads them: the strongest settings, brotli 11 and gzip 9;
//! - pages (HTML), feeds and sitemaps are many and change with content: gzip 6, which
//!   measured within 3 % of brotli 5 on this site's pages at less than half the time,
//!   and 13 % larger than brotli 11 at a thirtieth (`docs/scale.md`);
//! - the JSON API and the search index are fetched by the app, piece by piece: the
//!   server compresses them as it sends them (`gzip on` in `deploy/nginx.conf`; a CDN
//!   does the same), rather than a province's build compressing 100,000 files that most
//!   readers never fetch.
//!
//! Only files a build changes are compressed again (`output.rs`), on both cores.

use std::io::Write;

const TEXT: [&str; 7] = ["html", "css", "js", "wasm", "svg", "xml", "txt"];

/// Whether a file gets precompressed copies.
pub fn compressible(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    TEXT.contains(&ext) && !path.starts_with('.') && !path.contains("/.") && !path.starts_with("api/")
}

/// The app's files: compressed hardest.
fn is_app_file(path: &str) -> bool {
    matches!(path.rsplit_once('.').map(|(_, e)| e), Some("wasm" | "js" | "css"))
}

/// The precompressed copies of `path`'s bytes: `(extension, bytes)`.
pub fn copies(path: &str, data: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    if is_app_file(path) {
        vec![("br", brotli(data, 11)), ("gz", gzip(data, 9))]
    } else {
        vec![("gz", gzip(data, 6))]
    }
}

/// Writes the `.br` and `.gz` copies of every compressible file under `dir`; returns
/// how many files.
pub fn precompress_dir(dir: &std::path::Path) -> std::io::Result<usize> {
    let mut count = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let rel = p
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            if compressible(&rel) {
                let data = std::fs::read(&p)?;
                for (ext, bytes) in copies(&rel, &data) {
                    std::fs::write(format!("{}.{ext}", p.display()), bytes)?;
                }
                count += 1;
            }
        }
    }
    Ok(count)
}

pub fn gzip(data: &[u8], level: u32) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(level));
    gz.write_all(data).expect("in memory");
    gz.finish().expect("in memory")
}

pub fn brotli(data: &[u8], quality: u32) -> Vec<u8> {
    let mut br = Vec::new();
    // (A window below 18 bits is many times slower in this encoder: measured.)
    let window = 22;
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, quality, window.min(22));
        w.write_all(data).expect("in memory");
    }
    br
}
