//! The Wasm size budget: 150 KB brotli-compressed (quality 11), for readers on slow
//! mobile networks. Reads the release build in `dist/` (`cargo xtask test` builds it).
//! `cargo xtask size` prints the full table.

#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::PathBuf;

/// Bytes (1 KB = 1000 bytes, the stricter reading).
const BUDGET: usize = 150_000;

fn brotli_len(data: &[u8]) -> usize {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 24);
        w.write_all(data).unwrap();
    }
    out.len()
}

#[test]
fn wasm_fits_the_budget() {
    let dist = std::env::var_os("PORTAL_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("dist"));
    let wasm: Vec<PathBuf> = std::fs::read_dir(&dist)
        .unwrap_or_else(|e| panic!("{}: {e}; build first (cargo xtask test)", dist.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .collect();
    assert_eq!(
        wasm.len(),
        1,
        "expected one .wasm in {}: {wasm:?}",
        dist.display()
    );
    let bytes = std::fs::read(&wasm[0]).unwrap();
    let br = brotli_len(&bytes);
    println!(
        "{}: {} bytes raw, {br} bytes brotli (budget {BUDGET})",
        wasm[0].display(),
        bytes.len()
    );
    assert!(
        br <= BUDGET,
        "the Wasm is {br} bytes brotli-compressed, over the {BUDGET}-byte budget"
    );
}
