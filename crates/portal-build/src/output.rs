//! The output folder, written so that readers never see a failed build and a new build
//! rewrites only what changed.
//!
//! Every file of a build is given to [`Output::put`] (or, when its inputs are known to be
//! the same as last time, kept by [`Output::keep`]). A file whose bytes differ from the
//! last build's is written to a staging folder inside the output, with its `.br`/`.gz`
//! copies; nothing in the served files changes until [`Output::commit`], which moves the
//! staged files into place (each move atomic), then removes the files this build no
//! longer has. A build that fails before the commit leaves the site exactly as it was
//! ([`Output::abort`]). What each file was made from is the output's [`Record`], kept in
//! `.portal-build/manifest` in the output folder (not served: dot paths answer 404) and,
//! by a builder that stays, in memory from one build to the next.

use rustc_hash::FxHashMap as HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

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

/// A file of the record, and the last build that had it.
#[derive(Debug)]
struct Slot {
    entry: Entry,
    build: AtomicU32,
}

/// Every file of the output with what it was made from, as the last build committed it.
#[derive(Debug, Default)]
pub struct Record {
    files: HashMap<String, Slot>,
    /// The number of the last build over it (a build marks the files it keeps with its
    /// own number; a build that failed used its number up).
    build: AtomicU32,
}

impl Record {
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Files and their bytes.
    pub fn bytes(&self) -> u64 {
        self.files.values().map(|s| s.entry.len).sum()
    }

    pub fn get(&self, file: &str) -> Option<&Entry> {
        self.files.get(file).map(|s| &s.entry)
    }

    /// Writes the record to `out`'s manifest (in its own file, then renamed over the
    /// old one).
    pub fn write_manifest(&self, out: &Path) -> std::io::Result<()> {
        let manifest = out.join(MANIFEST);
        std::fs::create_dir_all(manifest.parent().expect("in a folder"))?;
        let tmp = manifest.with_extension("new");
        {
            let mut f = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
            writeln!(f, "{}", manifest_header().unwrap_or(MANIFEST_FORMAT))?;
            let mut names: Vec<&String> = self.files.keys().collect();
            names.sort_unstable();
            for name in names {
                let e = &self.files[name].entry;
                writeln!(
                    f,
                    "{name}\t{:x}\t{:x}\t{}\t{}",
                    e.hash,
                    e.key,
                    e.len,
                    e.ids.join(" ")
                )?;
            }
            f.flush()?;
        }
        std::fs::rename(tmp, manifest)
    }

    /// The record in `out`'s manifest (empty when there is none, or when another
    /// program wrote it — an older or newer portal-build, whose files may differ for the
    /// same content: the output is then made again whole).
    pub fn read_manifest(out: &Path) -> Record {
        let files = std::fs::read_to_string(out.join(MANIFEST))
            .ok()
            .and_then(|t| {
                let (first, rest) = t.split_once('\n')?;
                (Some(first) == manifest_header()).then(|| parse_manifest(rest))
            })
            .unwrap_or_default();
        Record {
            files,
            build: AtomicU32::new(0),
        }
    }
}

const MANIFEST: &str = ".portal-build/manifest";
/// How the manifest records files (2: only the app's files have precompressed copies;
/// 3: the first line names the program that wrote it).
const MANIFEST_FORMAT: &str = "portal-build manifest 3";

/// The manifest's first line: its format and the program that wrote it, known by a
/// hash of its executable (a rebuilt or upgraded portal-build is another program, even
/// of the same size and date). `None` when the executable cannot be read: then no
/// manifest is trusted.
fn manifest_header() -> Option<&'static str> {
    static HEADER: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    HEADER
        .get_or_init(|| {
            use std::hash::Hasher;
            use std::io::Read;
            let mut file = std::fs::File::open(std::env::current_exe().ok()?).ok()?;
            let mut hash = rustc_hash::FxHasher::default();
            let mut buf = vec![0; 1 << 20];
            loop {
                match file.read(&mut buf).ok()? {
                    0 => break,
                    n => hash.write(&buf[..n]),
                }
            }
            Some(format!("{MANIFEST_FORMAT} {:016x}", hash.finish()))
        })
        .as_deref()
}
const STAGING: &str = ".portal-build/staging";

pub struct Output {
    out: PathBuf,
    /// Where changed files wait for the commit: inside the output, or the output itself
    /// for a first build into an empty folder (nobody reads it yet).
    staging: PathBuf,
    prev: Arc<Record>,
    /// This build's number (files kept are marked with it).
    build: u32,
    /// The recorded files are in the folder as recorded: true when the builder that
    /// wrote them stays (the folder belongs to the build), false when the record was
    /// read from the manifest (a file may have been removed by hand since).
    trusted: bool,
    /// Files this build made that are new or changed (bytes or inputs).
    changed: Mutex<HashMap<String, Entry>>,
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

/// What [`Output::commit`] did.
pub struct Committed {
    /// The output's record now.
    pub record: Record,
    /// Files removed (with their copies).
    pub removed: usize,
}

fn hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

impl Output {
    /// Opens `out` (made if missing), with what the last build there recorded in its
    /// manifest.
    pub fn open(out: &Path, compress: bool) -> std::io::Result<Output> {
        let record = Record::read_manifest(out);
        Output::with_record(out, compress, Arc::new(record), false)
    }

    /// Opens `out` with `record`, the record of the last build there; `trusted` when
    /// this process made that build and nothing else writes to the folder (recorded
    /// files are then not looked for on disk).
    pub fn with_record(
        out: &Path,
        compress: bool,
        record: Arc<Record>,
        trusted: bool,
    ) -> std::io::Result<Output> {
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
        let build = record.build.fetch_add(1, Ordering::Relaxed).wrapping_add(1);
        Ok(Output {
            out: out.to_path_buf(),
            staging,
            prev: record,
            build,
            trusted: trusted && !first,
            changed: Mutex::default(),
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

    fn on_disk(&self, file: &str) -> bool {
        self.trusted || self.out.join(file).is_file()
    }

    /// Keeps `file` as the last build wrote it if that build made it from inputs with
    /// the same `key` (and the file is still there); true if kept.
    pub fn keep(&self, file: &str, key: u64) -> bool {
        match self.prev.files.get(file) {
            Some(slot) if slot.entry.key == key && key != 0 && self.on_disk(file) => {
                slot.build.store(self.build, Ordering::Relaxed);
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
        let slot = self.prev.files.get(file);
        let same_bytes = slot.is_some_and(|s| s.entry.hash == entry.hash && s.entry.len == entry.len)
            && self.on_disk(file);
        if same_bytes && slot.is_some_and(|s| s.entry == entry) {
            slot.expect("checked").build.store(self.build, Ordering::Relaxed);
            return Ok(());
        }
        if !same_bytes {
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
        self.changed
            .lock()
            .expect("not poisoned")
            .insert(file.to_string(), entry);
        Ok(())
    }

    /// The ids of the elements of `file`, a page of this build.
    pub fn ids(&self, file: &str) -> Option<Vec<String>> {
        if let Some(e) = self.changed.lock().expect("not poisoned").get(file) {
            return Some(e.ids.clone());
        }
        self.prev
            .files
            .get(file)
            .filter(|s| s.build.load(Ordering::Relaxed) == self.build)
            .map(|s| s.entry.ids.clone())
    }

    /// Moves the staged files into place, removes the files this build no longer has,
    /// and returns the record of the output as it now is (written to the manifest by
    /// the caller: [`Record::write_manifest`]). The old manifest is removed first, so
    /// that a build stopped halfway leaves no record that does not match the files
    /// (the next build then makes every file again).
    pub fn commit(self) -> std::io::Result<Committed> {
        let changed = self.changed.into_inner().expect("not poisoned");
        let first = self.staging == self.out;
        match std::fs::remove_file(self.out.join(MANIFEST)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        // New and changed files (with their copies), each moved in one step, in the
        // order of `switch_rank`.
        let mut staged = Vec::new();
        if !first {
            walk(&self.staging, &self.staging, &mut staged)?;
        }
        staged.sort_by_cached_key(|rel| (switch_rank(rel), rel.clone()));
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
        // The new record: the files kept, then the changed ones; the others are stale.
        let known_before = !self.prev.is_empty();
        let mut files = match Arc::try_unwrap(self.prev) {
            Ok(record) => record.files,
            Err(shared) => shared
                .files
                .iter()
                .map(|(name, s)| {
                    (
                        name.clone(),
                        Slot {
                            entry: s.entry.clone(),
                            build: AtomicU32::new(s.build.load(Ordering::Relaxed)),
                        },
                    )
                })
                .collect(),
        };
        let mut stale = Vec::new();
        files.retain(|name, slot| {
            let keep = slot.build.load(Ordering::Relaxed) == self.build || changed.contains_key(name);
            if !keep {
                stale.push(name.clone());
            }
            keep
        });
        for (name, entry) in changed {
            files.insert(
                name,
                Slot {
                    entry,
                    build: AtomicU32::new(self.build),
                },
            );
        }
        if !first && !known_before {
            // No record (a folder made by hand, or a build stopped halfway): whatever
            // is not this build's goes.
            let mut all = Vec::new();
            walk(&self.out, &self.out, &mut all)?;
            stale.extend(all.into_iter().filter(|f| {
                let base = f
                    .strip_suffix(".br")
                    .or_else(|| f.strip_suffix(".gz"))
                    .unwrap_or(f);
                !files.contains_key(base)
                    || (base != f.as_str() && !(self.compress && compress::compressible(base)))
            }));
        }
        let mut removed = 0;
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
        Ok(Committed {
            record: Record {
                files,
                build: AtomicU32::new(self.build),
            },
            removed,
        })
    }

    /// Leaves the site as it was (a first build leaves nothing); returns the record,
    /// which still describes it.
    pub fn abort(self) -> Arc<Record> {
        let _ = std::fs::remove_dir_all(&self.staging);
        self.prev
    }
}

fn parse_manifest(text: &str) -> HashMap<String, Slot> {
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
            Some((
                name,
                Slot {
                    entry: Entry { hash, key, len, ids },
                    build: AtomicU32::new(0),
                },
            ))
        })
        .collect()
}

/// When a file of a build is switched in: what is linked to before what links to it,
/// so that a reader opening a page while a build is switched in does not meet a link to
/// a file not yet in place. First the assets, photos and attachments (0); then each
/// article's, document's and page's own page and JSON, and the search index's chunks
/// (1); last the pages that list them — home, sections, feeds, sitemaps, the search
/// index's manifest (2); the service worker, which names the files it keeps, after all
/// (3). (Files are removed only after all are in.)
fn switch_rank(rel: &str) -> u8 {
    let file = rel.trim_end_matches(".br").trim_end_matches(".gz");
    let lists = ["chuyen-muc/", "api/v2/categories/", "en/index.html"];
    let entries = [
        "index.html",
        "api/v2/home.json",
        "api/v2/site.json",
        "api/v2/search/manifest.json",
        "van-ban/index.html",
    ];
    if file == portal_prerender::WORKER {
        // The service worker names every file it keeps for reading offline.
        3
    } else if file.ends_with(".xml") || entries.contains(&file) || lists.iter().any(|l| file.starts_with(l)) {
        2
    } else if file.ends_with(".html") || file.ends_with(".json") {
        1
    } else {
        0
    }
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

#[cfg(test)]
mod tests {
    use super::switch_rank;

    #[test]
    fn what_is_linked_to_is_switched_in_before_what_links_to_it() {
        let mut files = vec![
            "index.html",
            "rss.xml",
            "chuyen-muc/thong-bao/index.html",
            "api/v2/search/manifest.json",
            "bai-viet/moi/index.html.br",
            "bai-viet/moi/index.html",
            "api/v2/articles/moi.json",
            "api/v2/search/b/3.json",
            "media/anh-1a2b.jpg",
            "sitemap-bai-viet-2026.xml",
            "api/v2/home.json",
            "sw.js",
        ];
        files.sort_by_cached_key(|rel| (switch_rank(rel), *rel));
        let at = |f: &str| files.iter().position(|x| *x == f).unwrap();
        assert_eq!(files[0], "media/anh-1a2b.jpg");
        assert_eq!(files.last(), Some(&"sw.js"));
        for list in [
            "index.html",
            "rss.xml",
            "chuyen-muc/thong-bao/index.html",
            "api/v2/search/manifest.json",
            "sitemap-bai-viet-2026.xml",
            "api/v2/home.json",
        ] {
            for own in [
                "bai-viet/moi/index.html",
                "bai-viet/moi/index.html.br",
                "api/v2/articles/moi.json",
                "api/v2/search/b/3.json",
            ] {
                assert!(at(own) < at(list), "{own} after {list}: {files:?}");
            }
        }
    }
}
