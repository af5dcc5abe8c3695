//! Precompressed copies (`file.br`, `file.gz`) of every text file, served by nginx's
//! `brotli_static` / `gzip_static` (and by most CDNs) without compressing per request.

use std::io::Write;

use portal_prerender::Files;

const EXTENSIONS: [&str; 8] = ["html", "css", "js", "wasm", "json", "svg", "xml", "txt"];

/// Whether a file gets precompressed copies.
pub fn compressible(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    EXTENSIONS.contains(&ext) && !path.starts_with('.') && !path.contains("/.")
}

/// The `.br` and `.gz` copies of the compressible files in `files`.
pub fn precompress(files: &Files) -> Files {
    let mut out = Files::new();
    for (path, data) in files {
        if !compressible(path) {
            continue;
        }
        out.insert(format!("{path}.gz"), gzip(data));
        out.insert(format!("{path}.br"), brotli(data, 11));
    }
    out
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
                std::fs::write(format!("{}.gz", p.display()), gzip(&data))?;
                std::fs::write(format!("{}.br", p.display()), brotli(&data, 11))?;
                count += 1;
            }
        }
    }
    Ok(count)
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(data).expect("in memory");
    gz.finish().expect("in memory")
}

pub fn brotli(data: &[u8], quality: u32) -> Vec<u8> {
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, quality, 22);
        w.write_all(data).expect("in memory");
    }
    br
}
