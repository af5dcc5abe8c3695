//! Precompressed copies (`file.br`, `file.gz`) of every text asset, served by nginx's
//! `brotli_static` / `gzip_static` (and by most CDNs) without compressing per request.

use std::io::Write;
use std::path::Path;

const EXTENSIONS: [&str; 8] = ["html", "css", "js", "wasm", "json", "svg", "xml", "txt"];

/// Compresses every matching file under `dir`; returns how many files.
pub fn precompress(dir: &Path) -> std::io::Result<usize> {
    let mut count = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            count += precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !EXTENSIONS.contains(&ext) {
            continue;
        }
        let data = std::fs::read(&path)?;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&data)?;
        std::fs::write(with_suffix(&path, "gz"), gz.finish()?)?;
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
            w.write_all(&data)?;
        }
        std::fs::write(with_suffix(&path, "br"), br)?;
        count += 1;
    }
    Ok(count)
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    name.into()
}
