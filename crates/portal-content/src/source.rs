//! Reading content files: Markdown files with TOML front matter between `+++` lines.
//! Shared by articles, pages and documents.

use std::borrow::Cow;

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::assets::Assets;
use crate::{display_path, Diagnostic, LineMap, Reporter};

/// Reads each Markdown file under `dir` (optional) and its front matter as `T`, in
/// parallel, reporting what is wrong; `each` makes the file's value from its parts.
/// A file as `memo` saw it last time is not read again. Returns the values in file
/// order.
pub fn each_file<T: DeserializeOwned, R: Clone + Send + Sync>(
    dir: &Path,
    memo: &mut FileMemo<R>,
    assets: &Assets,
    diags: &mut Vec<Diagnostic>,
    each: impl Fn(&mut Reporter, Parts<'_, T>) -> Option<R> + Sync,
) -> Vec<R> {
    let files = markdown_files(dir, false, diags);
    each_text(&files, memo, assets, diags, |r, text| {
        parts::<T>(text, r).and_then(|parts| each(r, parts))
    })
}

/// Reads `files` in parallel (each text checked by [`read`]) and makes each file's
/// value with `each`, or takes it from `memo` when the file and the media and
/// attachments its checks looked at are as they were; returns the values in the order
/// of `files` (`each` is given the path shown in messages: `Reporter::file`), and their
/// problems in `diags`. Values are cloned from the memo: make them cheap to clone (`Arc`).
pub fn each_text<R: Clone + Send + Sync>(
    files: &[SourceFile],
    memo: &mut FileMemo<R>,
    assets: &Assets,
    diags: &mut Vec<Diagnostic>,
    each: impl Fn(&mut Reporter, &str) -> Option<R> + Sync,
) -> Vec<R> {
    use rayon::prelude::*;
    // The memo's record of each file, found by walking both sorted lists.
    let mut prior: Vec<Option<Memoised<R>>> = Vec::with_capacity(files.len());
    let mut old = std::mem::take(&mut memo.files).into_iter().peekable();
    for f in files {
        while old.peek().is_some_and(|(p, _)| bytes(p) < bytes(&f.path)) {
            old.next();
        }
        prior.push(match old.peek() {
            Some((p, _)) if *p == f.path => old.next().map(|(_, m)| m),
            _ => None,
        });
    }
    let done: Vec<Memoised<R>> = files
        .par_iter()
        .zip(prior.into_par_iter())
        .map(|(f, prior)| {
            if let Some(m) = prior {
                if m.stamp == f.stamp && m.assets.iter().all(|(url, was)| assets.fingerprint(url) == *was) {
                    // The same file: the same value (the media it refers to are
                    // published again by the checks just made).
                    return m;
                }
            }
            let shown = display_path(&f.path);
            let mut found = Vec::new();
            let mut r = Reporter {
                file: &shown,
                diags: &mut found,
            };
            let (value, touched) =
                crate::assets::recording(|| read(&f.path, &mut r).and_then(|text| each(&mut r, &text)));
            Memoised {
                stamp: f.stamp,
                value,
                diags: found,
                assets: touched,
            }
        })
        .collect();
    let mut out = Vec::with_capacity(files.len());
    for m in &done {
        diags.extend(m.diags.iter().cloned());
        if let Some(v) = &m.value {
            out.push(v.clone());
        }
    }
    memo.files = files.iter().map(|f| f.path.clone()).zip(done).collect();
    out
}

/// A file as a load saw it: its length, times and inode (a file written again has a
/// new modification or change time, a file replaced a new inode).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: u64,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            len: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
            inode: meta.ino(),
        }
    }
}

/// A content file found by [`markdown_files`], with its [`Stamp`].
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub stamp: Stamp,
}

/// The files of one kind that a process that stays (the newsroom, `portal-build
/// --stay`) has read: a file whose [`Stamp`] is the same, and whose media and
/// attachments check as before, is not read again.
pub struct FileMemo<R> {
    /// By path, in order.
    files: Vec<(PathBuf, Memoised<R>)>,
}

impl<R> Default for FileMemo<R> {
    fn default() -> Self {
        FileMemo { files: Vec::new() }
    }
}

struct Memoised<R> {
    stamp: Stamp,
    value: Option<R>,
    diags: Vec<Diagnostic>,
    /// The media and attachments its checks looked at, with their results' fingerprints.
    assets: Vec<(String, u64)>,
}

/// The `*.md` files under `dir` (and its folders), sorted. A missing folder is
/// reported only when `required`.
pub fn markdown_files(dir: &Path, required: bool, diags: &mut Vec<Diagnostic>) -> Vec<SourceFile> {
    use rayon::prelude::*;
    // Symbolic links and special files are never read: reported, not followed. The
    // kind of each entry comes with the folder's listing; the `.md` files are then
    // looked at (size, times, inode) on both cores.
    fn walk(dir: &Path, out: &mut Vec<PathBuf>, diags: &mut Vec<Diagnostic>) -> std::io::Result<()> {
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            let p = e.path();
            let kind = e.file_type()?;
            if kind.is_symlink() {
                diags.push(Diagnostic {
                    file: display_path(&p),
                    line: 1,
                    message: "liên kết tượng trưng (symlink) không được phép trong thư mục nội dung: thay bằng tệp thật".into(),
                });
            } else if kind.is_dir() {
                walk(&p, out, diags)?;
            } else if p.extension().is_some_and(|e| e == "md") {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut found = Vec::new();
    if let Err(e) = walk(dir, &mut found, diags) {
        if required || dir.exists() {
            diags.push(Diagnostic {
                file: display_path(dir),
                line: 1,
                message: format!("không đọc được thư mục: {e}"),
            });
        }
    }
    let looked: Vec<Result<SourceFile, Diagnostic>> = found
        .into_par_iter()
        .map(|path| match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => Ok(SourceFile {
                stamp: Stamp::of(&meta),
                path,
            }),
            Ok(meta) => Err(Diagnostic {
                file: display_path(&path),
                line: 1,
                message: if meta.file_type().is_symlink() {
                    "liên kết tượng trưng (symlink) không được phép trong thư mục nội dung: thay bằng tệp thật"
                } else {
                    "không phải tệp thông thường"
                }
                .into(),
            }),
            Err(e) => Err(Diagnostic {
                file: display_path(&path),
                line: 1,
                message: format!("không đọc được tệp: {e}"),
            }),
        })
        .collect();
    let mut files = Vec::with_capacity(looked.len());
    for l in looked {
        match l {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    // By the bytes of their paths (the order the memo is kept in): quicker than by
    // their components, and as stable.
    files.par_sort_by(|a, b| bytes(&a.path).cmp(bytes(&b.path)));
    files
}

/// A path's bytes (their order is the order files are read in).
fn bytes(p: &Path) -> &[u8] {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes()
}

/// Text in Unicode NFC (Vietnamese typed on some keyboards or pasted from Word arrives
/// decomposed); a leading byte-order mark is dropped.
pub fn nfc(text: &str) -> String {
    use unicode_normalization::{is_nfc, UnicodeNormalization};
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_nfc(text) {
        text.to_string()
    } else {
        text.nfc().collect()
    }
}

/// Largest content file (an article, a page, `site.toml`).
pub const MAX_FILE_BYTES: u64 = 1_000_000;

/// A file's text (never through a symbolic link), or why not.
pub fn read(path: &Path, r: &mut Reporter) -> Option<String> {
    let read = || -> std::io::Result<Vec<u8>> {
        use std::io::Read;
        use std::os::unix::fs::OpenOptionsExt;
        let f = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(path)?;
        let mut bytes = Vec::new();
        f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    let read = read().and_then(|b| {
        if b.len() as u64 > MAX_FILE_BYTES {
            Err(std::io::Error::other(format!(
                "tệp quá lớn (tối đa {} KB): chia thành nhiều tệp",
                MAX_FILE_BYTES / 1000
            )))
        } else {
            Ok(b)
        }
    });
    match read.map(String::from_utf8) {
        Ok(Ok(t)) => {
            let t = nfc(&t);
            check_characters(&t, r).then_some(t)
        }
        Ok(Err(_)) => {
            r.error(1, "tệp không phải văn bản UTF-8: lưu lại với bảng mã UTF-8");
            None
        }
        Err(e) => {
            r.error(1, format!("không đọc được tệp: {e}"));
            None
        }
    }
}

/// Reports each line with a character content cannot hold ([`crate::checks::forbidden_char`]);
/// true when there is none.
pub fn check_characters(text: &str, r: &mut Reporter) -> bool {
    let mut clean = true;
    for (n, line) in text.split('\n').enumerate() {
        if let Some((c, what)) = line
            .chars()
            .find_map(|c| crate::checks::forbidden_char(c).map(|w| (c, w)))
        {
            r.error(
                n + 1,
                format!(
                    "{what} U+{:04X} không được phép trong nội dung (thường lẫn vào khi sao chép từ nơi khác): xóa ký tự này",
                    c as u32
                ),
            );
            clean = false;
        }
    }
    clean
}

/// A content file split: its front matter parsed as `T`, the lines of the front matter,
/// the body, and the body's first line.
pub struct Parts<'a, T> {
    pub front: T,
    pub lines: LineMap,
    pub body: &'a str,
    pub body_line: usize,
}

/// Splits and parses `text`; reports a missing or invalid front matter.
pub fn parts<'a, T: DeserializeOwned>(text: &'a str, r: &mut Reporter) -> Option<Parts<'a, T>> {
    let Some((front, body, body_line)) = split_front_matter(text) else {
        r.error(1, "thiếu phần đầu (front matter): tệp phải bắt đầu bằng một dòng `+++`, các trường TOML, rồi một dòng `+++`");
        return None;
    };
    let lines = LineMap::new(front, 2);
    match toml::from_str(front) {
        Ok(front) => Some(Parts {
            front,
            lines,
            body,
            body_line,
        }),
        Err(e) => {
            let line = e.span().map_or(1, |s| lines.line(s.start));
            r.error(line, format!("TOML không hợp lệ: {}", e.message().trim()));
            None
        }
    }
}

/// `(front matter, body, first line of body)`.
fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("+++")?;
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + front.matches('\n').count() + 1;
            return Some((front, body, body_line));
        }
        offset += line.len();
    }
    None
}

/// A required, non-empty front-matter field: its trimmed value, or an error (and "").
pub fn required(
    field: &Option<Spanned<String>>,
    key: &str,
    what: &str,
    lines: &LineMap,
    r: &mut Reporter,
) -> String {
    required_at(field, key, what, lines, 1, r)
}

/// A required, non-empty text field of a table that starts at `table_line` (where its
/// absence is reported).
pub fn required_at(
    field: &Option<Spanned<String>>,
    key: &str,
    what: &str,
    lines: &LineMap,
    table_line: usize,
    r: &mut Reporter,
) -> String {
    match field {
        Some(v) if !v.get_ref().trim().is_empty() => v.get_ref().trim().to_string(),
        Some(v) => {
            r.error(
                lines.line(v.span().start),
                format!("`{key}` ({what}) không được để trống"),
            );
            String::new()
        }
        None => {
            r.error(table_line, format!("thiếu `{key}` ({what})"));
            String::new()
        }
    }
}

/// An optional text field, trimmed, `None` when blank.
pub fn optional(field: &Option<Spanned<String>>) -> Option<String> {
    field
        .as_ref()
        .map(|v| v.get_ref().trim().to_string())
        .filter(|v| !v.is_empty())
}

/// The line a field is on (line 1 when absent).
pub fn line_of<T>(field: &Option<Spanned<T>>, lines: &LineMap) -> usize {
    field.as_ref().map_or(1, |v| lines.line(v.span().start))
}

/// Remembers where each key was first seen, to report duplicates with both places.
#[derive(Default)]
pub struct Unique<'a>(rustc_hash::FxHashMap<Cow<'a, str>, (&'a Path, usize)>);

impl<'a> Unique<'a> {
    /// Records `key` at `file:line`; if it was seen before, reports it with `what`.
    pub fn check(
        &mut self,
        key: impl Into<Cow<'a, str>>,
        what: &str,
        file: &'a Path,
        line: usize,
        diags: &mut Vec<Diagnostic>,
    ) -> bool {
        let key = key.into();
        if let Some((first_file, first)) = self.0.get(&key) {
            diags.push(Diagnostic {
                file: file.to_path_buf(),
                line,
                message: format!("trùng {what} \"{key}\" với {}:{first}", first_file.display()),
            });
            false
        } else {
            self.0.insert(key, (file, line));
            true
        }
    }
}
