//! The output folder, written so that readers never see a failed build and a new build
//! rewrites only what changed.
//!
//! Every file of a build is given to [`Output::put`] (or, when its inputs are known to be
//! the same as last time, kept by [`Output::keep`]). A file whose bytes differ from the
//! last build's is written to a staging folder inside the output, with its `.br`/`.gz`
//! copies; nothing in the served files changes until [`Output::commit`], which moves the
//! staged files into place (each move atomic), then removes the files this build no
//! longer has. A build that fails before the commit leaves the site exactly as it was
//! ([`Output::abort`]). What each file was made from is kept in
//! `.portal-build/manifest` in the output folder (not served: dot paths answer 404).

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::compress;

/// What a file was made from, and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The bytes' fingerprint.
    pub hash: u64,
    /// The inputs' fingerprint (0 when not given).
    pub key: u64,
    pub len: u64,
    /// For a page: the ids of its elements (`#fragment` links are checked against them).
    pub ids: Vec<String>,
}

const MANIFEST: &str = ".portal-build/manifest";
const STAGING: &str = ".portal-build/staging";

pub struct Output {
    out: PathBuf,
    /// Where changed files wait for the commit: inside the output, or the output itself
    /// for a first build into an empty folder (nobody reads it yet).
    staging: PathBuf,
    prev: HashMap<String, Entry>,
    next: Mutex<HashMap<String, Entry>>,
    compress: bool,
    /// Where the app's compressed copies are kept between builds.
    copy_cache: Option<PathBuf>,
    /// Files staged, and their bytes.
    pub written: AtomicUsize,
    pub written_bytes: AtomicU64,
    pub compressed: AtomicUsize,
    /// Time spent compressing, summed over the threads that did it (nanoseconds).
    pub compress_nanos: AtomicU64,
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

impl Output {
    /// Opens `out` (made if missing), with what the last build there recorded.
    pub fn open(out: &Path, compress: bool) -> std::io::Result<Output> {
        let first = std::fs::read_dir(out).map_or(true, |mut d| d.next().is_none());
        std::fs::create_dir_all(out)?;
        let staging = if first {
            out.to_path_buf()
        } else {
            out.join(STAGING)
        };
        if !first {
            let _ = std::fs::remove_dir_all(&staging);
            std::fs::create_dir_all(&staging)?;
        }
        let prev = std::fs::read_to_string(out.join(MANIFEST))
            .map(|t| parse_manifest(&t))
            .unwrap_or_default();
        Ok(Output {
            out: out.to_path_buf(),
            staging,
            prev,
            next: Mutex::default(),
            compress,
            copy_cache: None,
            written: AtomicUsize::new(0),
            written_bytes: AtomicU64::new(0),
            compressed: AtomicUsize::new(0),
            compress_nanos: AtomicU64::new(0),
        })
    }

    /// Keeps the app files' compressed copies in `dir` ([`compress::copies_cached`]).
    pub fn with_copy_cache(mut self, dir: PathBuf) -> Output {
        self.copy_cache = Some(dir);
        self
    }

    /// The previous build's record of `file`.
    pub fn previous(&self, file: &str) -> Option<&Entry> {
        self.prev.get(file)
    }

    /// Keeps `file` as the last build wrote it if that build made it from inputs with
    /// the same `key` (and the file is still there); true if kept.
    pub fn keep(&self, file: &str, key: u64) -> bool {
        match self.prev.get(file) {
            Some(e) if e.key == key && key != 0 && self.out.join(file).is_file() => {
                self.next
                    .lock()
                    .expect("not poisoned")
                    .insert(file.to_string(), e.clone());
                true
            }
            _ => false,
        }
    }

    /// This build's `file`: staged if its bytes differ from the last build's.
    pub fn put(&self, file: &str, bytes: &[u8], key: u64, ids: Vec<String>) -> std::io::Result<()> {
        let entry = Entry {
            hash: hash(bytes),
            key,
            len: bytes.len() as u64,
            ids,
        };
        let same = self
            .prev
            .get(file)
            .is_some_and(|e| e.hash == entry.hash && e.len == entry.len)
            && self.out.join(file).is_file();
        if !same {
            let path = self.staging.join(file);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, bytes)?;
            self.written.fetch_add(1, Ordering::Relaxed);
            self.written_bytes
                .fetch_add(bytes.len() as u64, Ordering::Relaxed);
            if self.compress && compress::compressible(file) {
                let start = std::time::Instant::now();
                let copies = match &self.copy_cache {
                    Some(cache) => compress::copies_cached(cache, file, bytes, entry.hash),
                    None => compress::copies(file, bytes),
                };
                for (ext, copy) in copies {
                    std::fs::write(format!("{}.{ext}", path.display()), copy)?;
                }
                self.compressed.fetch_add(1, Ordering::Relaxed);
                self.compress_nanos
                    .fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
            }
        }
        self.next
            .lock()
            .expect("not poisoned")
            .insert(file.to_string(), entry);
        Ok(())
    }

    /// Every file of this build with its record.
    pub fn entries(&self) -> HashMap<String, Entry> {
        self.next.lock().expect("not poisoned").clone()
    }

    /// Moves the staged files into place, removes the files this build no longer has,
    /// and records the build. Returns how many files were removed.
    pub fn commit(self) -> std::io::Result<usize> {
        let next = self.next.into_inner().expect("not poisoned");
        let first = self.staging == self.out;
        // New and changed files (with their copies), each moved in one step.
        let mut staged = Vec::new();
        if !first {
            walk(&self.staging, &self.staging, &mut staged)?;
        }
        for rel in &staged {
            let to = self.out.join(rel);
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::rename(self.staging.join(rel), &to)?;
        }
        // Copies of a changed file that this build did not make would be stale.
        let staged_set: std::collections::HashSet<&String> = staged.iter().collect();
        for rel in &staged {
            if rel.ends_with(".br") || rel.ends_with(".gz") {
                continue;
            }
            for ext in ["br", "gz"] {
                let copy = format!("{rel}.{ext}");
                if !staged_set.contains(&copy) {
                    let _ = std::fs::remove_file(self.out.join(copy));
                }
            }
        }
        // Files the last build had and this one has not.
        let mut removed = 0;
        let known_before = !self.prev.is_empty();
        let stale: Vec<String> = if first {
            Vec::new()
        } else if known_before {
            self.prev
                .keys()
                .filter(|f| !next.contains_key(*f))
                .cloned()
                .collect()
        } else {
            // No record (the first build here, or a folder made by hand): whatever is
            // not this build's goes.
            let mut all = Vec::new();
            walk(&self.out, &self.out, &mut all)?;
            all.into_iter()
                .filter(|f| !f.starts_with(".portal-build/"))
                .filter(|f| {
                    let base = f
                        .strip_suffix(".br")
                        .or_else(|| f.strip_suffix(".gz"))
                        .unwrap_or(f);
                    !next.contains_key(base) || (base != f.as_str() && !self.compress)
                })
                .collect()
        };
        for f in stale {
            for name in [f.clone(), format!("{f}.br"), format!("{f}.gz")] {
                if std::fs::remove_file(self.out.join(&name)).is_ok() {
                    removed += 1;
                }
            }
            // The folders it leaves empty (`bai-viet/<slug>/`) go too.
            let mut dir = self.out.join(&f);
            while dir.pop() && dir != self.out && std::fs::remove_dir(&dir).is_ok() {}
        }
        if !first {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        let manifest = self.out.join(MANIFEST);
        std::fs::create_dir_all(manifest.parent().expect("in a folder"))?;
        let tmp = manifest.with_extension("new");
        {
            let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            let mut names: Vec<&String> = next.keys().collect();
            names.sort();
            for name in names {
                let e = &next[name];
                writeln!(
                    f,
                    "{name}\t{:x}\t{:x}\t{}\t{}",
                    e.hash,
                    e.key,
                    e.len,
                    e.ids.join(" ")
                )?;
            }
        }
        std::fs::rename(tmp, manifest)?;
        Ok(removed)
    }

    /// Leaves the site as it was (a first build leaves nothing).
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

fn parse_manifest(text: &str) -> HashMap<String, Entry> {
    text.lines()
        .filter_map(|l| {
            let mut p = l.split('\t');
            let name = p.next()?.to_string();
            let hash = u64::from_str_radix(p.next()?, 16).ok()?;
            let key = u64::from_str_radix(p.next()?, 16).ok()?;
            let len = p.next()?.parse().ok()?;
            let ids = p
                .next()
                .map(|s| s.split(' ').filter(|i| !i.is_empty()).map(String::from).collect())
                .unwrap_or_default();
            Some((name, Entry { hash, key, len, ids }))
        })
        .collect()
}

/// Every file under `dir`, as paths relative to `base` (the build's own folder left out).
fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for e in entries {
        let e = e?;
        let p = e.path();
        let rel = p
            .strip_prefix(base)
            .expect("inside")
            .to_string_lossy()
            .into_owned();
        if rel == ".portal-build" {
            continue;
        }
        let t = e.file_type()?;
        if t.is_dir() {
            walk(&p, base, out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}
