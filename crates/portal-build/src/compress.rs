//! Precompressed copies of the app's own files (Wasm, JS, CSS), served by nginx's
//! `brotli_static` / `gzip_static` (and by most CDNs) without compressing per request.
//! They change with the code, rarely, every reader downloads them, and brotli at its
//! strongest is too slow to run per request: brotli 11 and gzip 9, made once and kept
//! between builds ([`copies_cached`]).
//!
//! Pages, feeds, sitemaps, the JSON API and the search index are compressed by the
//! server as it sends them (`gzip on` in `deploy/nginx.conf`; a CDN does the same): a
//! province's build does not compress 100,000 pages that most readers never open, and
//! a page of 10–15 KB costs the server a fraction of a millisecond to compress
//! (`docs/scale.md`).

use std::io::Write;

/// Whether a file gets precompressed copies: the app's own files.
pub fn compressible(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(ext, "wasm" | "js" | "css")
        && !path.starts_with('.')
        && !path.contains("/.")
        && !path.starts_with("api/")
}

/// The precompressed copies of `path`'s bytes: `(extension, bytes)`.
pub fn copies(_path: &str, data: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![("br", brotli(data, 11)), ("gz", gzip(data, 9))]
}

/// [`copies`], kept in `cache` for the app's files by their bytes' fingerprint: they
/// change only when the app does, and brotli 11 of the Wasm is most of the time of a
/// build of a small site into an empty folder. A kept copy is used only if it
/// decompresses to `data` (a damaged or stale cache is only slower), and a cache that
/// cannot be written is only slower too.
pub fn copies_cached(
    cache: &std::path::Path,
    path: &str,
    data: &[u8],
    hash: u64,
) -> Vec<(&'static str, Vec<u8>)> {
    let name = |ext: &str| cache.join(format!("{hash:016x}-{}.{ext}", data.len()));
    let kept: Option<Vec<_>> = ["br", "gz"]
        .into_iter()
        .map(|ext| {
            let b = std::fs::read(name(ext)).ok()?;
            (decompress(ext, &b)?.as_slice() == data).then_some((ext, b))
        })
        .collect();
    if let Some(kept) = kept {
        return kept;
    }
    let made = copies(path, data);
    if std::fs::create_dir_all(cache).is_ok() {
        for (ext, bytes) in &made {
            // Written whole under another name first: a reader never sees half a copy.
            let tmp = cache.join(format!(
                ".{hash:016x}-{}-{}.{ext}",
                data.len(),
                std::process::id()
            ));
            if std::fs::write(&tmp, bytes).is_ok() {
                let _ = std::fs::rename(&tmp, name(ext));
            }
        }
    }
    made
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

/// The bytes a `.br` or `.gz` copy stands for (`None` if it is not one).
pub fn decompress(ext: &str, copy: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    match ext {
        "br" => brotli::Decompressor::new(copy, 4096).read_to_end(&mut out).ok()?,
        "gz" => flate2::read::GzDecoder::new(copy).read_to_end(&mut out).ok()?,
        _ => return None,
    };
    Some(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_copies_are_the_fresh_ones_and_a_damaged_one_is_made_again() {
        let cache = std::env::temp_dir().join(format!("portal-copies-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&cache);
        let wasm: Vec<u8> = (0..50_000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        let fresh = copies("portal_bg.wasm", &wasm);
        assert_eq!(copies_cached(&cache, "portal_bg.wasm", &wasm, 7), fresh);
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 2, "both copies kept");
        assert_eq!(copies_cached(&cache, "portal_bg.wasm", &wasm, 7), fresh);
        // A kept copy that is not these bytes (damaged, or another file with the same
        // fingerprint) is not used.
        for e in std::fs::read_dir(&cache).unwrap() {
            std::fs::write(e.unwrap().path(), gzip(b"<script>alert(1)</script>", 9)).unwrap();
        }
        let again = copies_cached(&cache, "portal_bg.wasm", &wasm, 7);
        assert_eq!(again, fresh);
        for (ext, copy) in &again {
            assert_eq!(decompress(ext, copy).unwrap(), wasm);
        }
        // Pages get no copies: the server compresses them as it sends them.
        assert!(!compressible("a/index.html") && !compressible("rss.xml"));
        assert!(compressible("portal-0123_bg.wasm") && compressible("main-0123.css"));
        let _ = std::fs::remove_dir_all(&cache);
    }
}
