//! Reading content files: Markdown files with TOML front matter between `+++` lines.
//! Shared by articles, pages and documents.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::{display_path, Diagnostic, LineMap, Reporter};

/// Reads each Markdown file under `dir` (optional) and its front matter as `T`, in
/// parallel, reporting what is wrong; `each` makes the file's value from its parts.
/// Returns the values by file, in file order.
pub fn each_file<T: DeserializeOwned, R: Send>(
    dir: &Path,
    diags: &mut Vec<Diagnostic>,
    each: impl Fn(&mut Reporter, Parts<'_, T>) -> Option<R> + Sync,
) -> Vec<(PathBuf, R)> {
    use rayon::prelude::*;
    let files = markdown_files(dir, false, diags);
    // In parallel, each file with its own problems; then in file order.
    let done: Vec<(PathBuf, Option<R>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|path| {
            let shown = display_path(path);
            let mut found = Vec::new();
            let mut r = Reporter {
                file: &shown,
                diags: &mut found,
            };
            let result = read(path, &mut r)
                .and_then(|text| parts::<T>(&text, &mut r).and_then(|parts| each(&mut r, parts)));
            (shown, result, found)
        })
        .collect();
    let mut out = Vec::new();
    for (shown, result, found) in done {
        diags.extend(found);
        if let Some(r) = result {
            out.push((shown, r));
        }
    }
    out
}

/// The `*.md` files under `dir` (and its folders), sorted. A missing folder is
/// reported only when `required`.
pub fn markdown_files(dir: &Path, required: bool, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    // Symbolic links and special files are never read: reported, not followed.
    fn walk(dir: &Path, out: &mut Vec<PathBuf>, diags: &mut Vec<Diagnostic>) -> std::io::Result<()> {
        for e in std::fs::read_dir(dir)? {
            let p = e?.path();
            let meta = std::fs::symlink_metadata(&p)?;
            let problem = if meta.file_type().is_symlink() {
                Some("liên kết tượng trưng (symlink) không được phép trong thư mục nội dung: thay bằng tệp thật")
            } else if meta.is_dir() {
                walk(&p, out, diags)?;
                None
            } else if p.extension().is_some_and(|e| e == "md") {
                if meta.is_file() {
                    out.push(p.clone());
                    None
                } else {
                    Some("không phải tệp thông thường")
                }
            } else {
                None
            };
            if let Some(message) = problem {
                diags.push(Diagnostic {
                    file: display_path(&p),
                    line: 1,
                    message: message.into(),
                });
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    if let Err(e) = walk(dir, &mut files, diags) {
        if required || dir.exists() {
            diags.push(Diagnostic {
                file: display_path(dir),
                line: 1,
                message: format!("không đọc được thư mục: {e}"),
            });
        }
    }
    files.sort();
    files
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
pub struct Unique(HashMap<String, (PathBuf, usize)>);

impl Unique {
    /// Records `key` at `file:line`; if it was seen before, reports it with `what`.
    pub fn check(&mut self, key: &str, what: &str, line: usize, r: &mut Reporter) -> bool {
        if let Some((file, first)) = self.0.get(key) {
            r.error(
                line,
                format!("trùng {what} \"{key}\" với {}:{first}", file.display()),
            );
            false
        } else {
            self.0.insert(key.to_string(), (r.file.to_path_buf(), line));
            true
        }
    }
}
