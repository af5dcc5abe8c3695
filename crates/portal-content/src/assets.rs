//! Images (`content/media/` → `/media/…`) and attached files (`content/files/` →
//! `/files/…`): what is published, and only because content refers to it.
//!
//! A file is published when an article, page, document or `site.toml` refers to it, and
//! only after its bytes are checked: images are decoded (JPEG, PNG, WebP, GIF) or, for
//! SVG, parsed and written out clean ([`crate::svg`]); attachments must carry the
//! signature of their format (PDF, Word, Excel, OpenDocument, ZIP). Every file in those
//! two folders must be of an allowed kind, or the build names it; files nobody refers
//! to are not published. Nothing is read through a symbolic link, and nothing but a
//! regular file is read. The checks on bytes ([`check_image`], [`check_attachment`])
//! are the ones the newsroom applies to uploads.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use portal_core::api::Attachment;

use crate::output::fingerprint;
use crate::{display_path, Diagnostic};

pub const MEDIA_PREFIX: &str = "/media/";
pub const FILES_PREFIX: &str = "/files/";

/// Image formats, by extension.
pub const IMAGE_EXTENSIONS: [&str; 6] = ["jpg", "jpeg", "png", "webp", "gif", "svg"];
/// Attachment formats: (extension, label).
pub const ATTACHMENT_FORMATS: [(&str, &str); 8] = [
    ("pdf", "PDF"),
    ("doc", "DOC"),
    ("docx", "DOCX"),
    ("xls", "XLS"),
    ("xlsx", "XLSX"),
    ("odt", "ODT"),
    ("ods", "ODS"),
    ("zip", "ZIP"),
];

/// Largest image, and largest attachment, in bytes.
pub const MAX_IMAGE_BYTES: u64 = 15_000_000;
pub const MAX_ATTACHMENT_BYTES: u64 = 50_000_000;

/// Files the operating system leaves in folders; never published, never an error.
fn is_system_file(name: &str) -> bool {
    name.starts_with('.')
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// A file name as the site publishes it: lower-case ASCII letters, digits, `-`, `_`
/// and one or more `.`, not starting with a dot.
pub fn is_publishable_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains("..")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}

fn extension(name: &str) -> String {
    name.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// Reads `root/rel` only if every step below `root` is a real folder and the last a
/// regular file (no symbolic link anywhere), at most `max` bytes.
pub fn read_regular(root: &Path, rel: &str, max: u64) -> Result<Vec<u8>, String> {
    use std::os::unix::fs::OpenOptionsExt;
    let parts: Vec<&str> = rel.split('/').collect();
    let mut path = root.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() || *part == "." || *part == ".." {
            return Err(format!("đường dẫn `{rel}` không hợp lệ"));
        }
        path.push(part);
        let meta = std::fs::symlink_metadata(&path)
            .map_err(|_| format!("không tìm thấy tệp {}", display_path(&path).display()))?;
        let last = i + 1 == parts.len();
        if meta.file_type().is_symlink() {
            return Err(format!(
                "{} là liên kết tượng trưng (symlink): chỉ dùng tệp thật",
                display_path(&path).display()
            ));
        }
        if last && !meta.is_file() || !last && !meta.is_dir() {
            return Err(format!(
                "{} không phải tệp thông thường",
                display_path(&path).display()
            ));
        }
    }
    // O_NOFOLLOW: a link put in place after the check is not followed either.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&path)
        .map_err(|e| format!("không đọc được {}: {e}", display_path(&path).display()))?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(format!(
            "{} không phải tệp thông thường",
            display_path(&path).display()
        ));
    }
    if meta.len() > max {
        return Err(format!(
            "tệp {} quá lớn ({} MB; tối đa {} MB)",
            display_path(&path).display(),
            meta.len().div_ceil(1_000_000),
            max / 1_000_000
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("không đọc được {}: {e}", display_path(&path).display()))?;
    Ok(bytes)
}

/// An image checked by its bytes: what to publish, and its size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedImage {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Checks an image file by its content (not by its name): a raster image must decode as
/// the format its extension names; an SVG is sanitised.
pub fn check_image(ext: &str, bytes: &[u8]) -> Result<CheckedImage, String> {
    use image::ImageFormat;
    let format = match ext {
        "svg" => {
            let svg = crate::svg::sanitize(bytes)?;
            return Ok(CheckedImage {
                bytes: svg.bytes,
                width: svg.width,
                height: svg.height,
            });
        }
        "jpg" | "jpeg" => ImageFormat::Jpeg,
        "png" => ImageFormat::Png,
        "webp" => ImageFormat::WebP,
        "gif" => ImageFormat::Gif,
        _ => {
            return Err(format!(
                "định dạng ảnh không được hỗ trợ (dùng {})",
                IMAGE_EXTENSIONS.join(", ")
            ))
        }
    };
    let name = match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        _ => "GIF",
    };
    if image::guess_format(bytes).ok() != Some(format) {
        return Err(format!(
            "nội dung tệp không phải ảnh {name} (đuôi tệp .{ext} phải đúng với nội dung)"
        ));
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.limits(decode_limits());
    let decoded = reader
        .decode()
        .map_err(|e| format!("tệp ảnh {name} hỏng hoặc không đọc được: {e}"))?;
    if is_animated(format, bytes) {
        return Err(format!(
            "ảnh {name} động (nhiều khung hình) không được đăng: hình chuyển động, nhấp nháy làm người đọc mất tập trung và có thể gây co giật (WCAG 2.2.2, 2.3.1); hãy dùng một ảnh tĩnh"
        ));
    }
    Ok(CheckedImage {
        bytes: bytes.to_vec(),
        width: decoded.width(),
        height: decoded.height(),
    })
}

/// What decoding an image may take: no side over 20,000 px, at most 1 GiB.
fn decode_limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(1 << 30);
    limits
}

/// A GIF of more than one frame, an animated PNG, an animated WebP. (The newsroom
/// writes every upload again as one still picture.) A GIF's second frame is decoded
/// within the same limits as its first.
fn is_animated(format: image::ImageFormat, bytes: &[u8]) -> bool {
    use image::codecs::{gif::GifDecoder, png::PngDecoder, webp::WebPDecoder};
    use image::{AnimationDecoder, ImageDecoder, ImageFormat};
    let at = || std::io::Cursor::new(bytes);
    match format {
        ImageFormat::Gif => GifDecoder::new(at())
            .is_ok_and(|mut d| d.set_limits(decode_limits()).is_ok() && d.into_frames().take(2).count() > 1),
        ImageFormat::Png => PngDecoder::new(at()).is_ok_and(|d| d.is_apng().unwrap_or(false)),
        ImageFormat::WebP => WebPDecoder::new(at()).is_ok_and(|d| d.has_animation()),
        _ => false,
    }
}

/// Checks an attachment by its signature; returns its format's label (`PDF`…).
pub fn check_attachment(ext: &str, bytes: &[u8]) -> Result<&'static str, String> {
    let label = ATTACHMENT_FORMATS
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, l)| *l)
        .ok_or_else(|| {
            format!(
                "định dạng tệp đính kèm không được hỗ trợ (dùng {})",
                ATTACHMENT_FORMATS.map(|(e, _)| e).join(", ")
            )
        })?;
    let not = |what: &str| {
        Err(format!(
            "nội dung tệp không phải {what} (đuôi .{ext} phải đúng với nội dung)"
        ))
    };
    let zip = || zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok();
    let ok = match ext {
        "pdf" => bytes.starts_with(b"%PDF-"),
        "doc" | "xls" => bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        "docx" | "xlsx" => {
            let part = if ext == "docx" {
                "word/document.xml"
            } else {
                "xl/workbook.xml"
            };
            zip().is_some_and(|z| {
                z.index_for_name("[Content_Types].xml").is_some() && z.index_for_name(part).is_some()
            })
        }
        "odt" | "ods" => {
            let want: &[u8] = if ext == "odt" {
                b"application/vnd.oasis.opendocument.text"
            } else {
                b"application/vnd.oasis.opendocument.spreadsheet"
            };
            zip().is_some_and(|mut z| {
                let Ok(mut f) = z.by_name("mimetype") else {
                    return false;
                };
                let mut m = Vec::new();
                f.read_to_end(&mut m).is_ok() && m == want
            })
        }
        _ => zip().is_some(),
    };
    if ok {
        Ok(label)
    } else {
        match ext {
            "pdf" => not("PDF"),
            "doc" | "xls" => not("tài liệu Office 97–2003"),
            "docx" => not("tài liệu Word (DOCX)"),
            "xlsx" => not("bảng tính Excel (XLSX)"),
            "odt" | "ods" => not("tài liệu OpenDocument"),
            _ => not("tệp nén ZIP"),
        }
    }
}

type Checked<T> = Result<T, String>;

thread_local! {
    /// The files [`Assets`] checked for the work inside [`recording`] on this thread,
    /// with their results' fingerprints.
    static TOUCHED: std::cell::RefCell<Option<Vec<(String, u64)>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` on this thread and returns, with its value, the media and attachments its
/// checks looked at (URL, fingerprint of the result): a content file read again from a
/// memo is valid while those give the same results.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<(String, u64)>) {
    let outer = TOUCHED.with(|t| t.borrow_mut().replace(Vec::new()));
    let value = f();
    let touched = TOUCHED.with(|t| std::mem::replace(&mut *t.borrow_mut(), outer));
    (value, touched.unwrap_or_default())
}

/// What a file in `content/media` or `content/files` was found to be.
#[derive(Clone, Debug, Hash)]
enum Found {
    Image(u32, u32),
    Attachment(Attachment),
}

/// A file's check: the stamps of the path to it when checked, the result, and the
/// bytes to publish.
#[derive(Clone)]
struct Check {
    stamp: Option<u64>,
    result: Checked<Found>,
    bytes: Option<Arc<[u8]>>,
}

/// The media and attachments of a content folder: checked once each, and remembered
/// for publishing when content refers to them. Shared by the threads that read content
/// files (a file two of them check at once is checked twice, with the same result).
/// A process that stays keeps one between loads ([`Assets::begin`]): a file whose
/// path, size, times and inode are the same is not read again.
pub struct Assets {
    content_dir: PathBuf,
    /// Every file checked, by URL.
    checked: Mutex<HashMap<String, Check>>,
    /// This load's checks so far (a URL is looked at once a load), with their results.
    this_load: Mutex<HashMap<String, u64>>,
}

impl Assets {
    pub fn new(content_dir: &Path) -> Self {
        Assets {
            content_dir: content_dir.to_path_buf(),
            checked: Mutex::default(),
            this_load: Mutex::default(),
        }
    }

    /// Starts a new load: files are looked at again (their stamps), nothing is
    /// published until content refers to it.
    pub fn begin(&self) {
        self.this_load.lock().expect("not poisoned").clear();
    }

    /// The name under `content/media` of a `/media/…` URL, if the URL has that form.
    pub fn media_name(src: &str) -> Option<&str> {
        let name = src.strip_prefix(MEDIA_PREFIX)?;
        let parts_ok = !name.is_empty() && name.split('/').all(is_publishable_name);
        parts_ok.then_some(name)
    }

    /// Checks the image at URL `src` (and keeps it for publishing); returns its width
    /// and height. The error is a sentence for the author.
    pub fn image(&self, src: &str) -> Checked<(u32, u32)> {
        match self.check(src, |a| a.check_image(src)) {
            Ok(Found::Image(w, h)) => Ok((w, h)),
            Ok(Found::Attachment(_)) => unreachable!("a /media/ URL is an image"),
            Err(e) => Err(e),
        }
    }

    /// Which smaller copies of the picture at `src` (`width` wide) are beside it in
    /// `content/media` and are what their names say (kept for publishing), as
    /// [`portal_core::api::Image::copies`]: the newsroom writes them for the photos it
    /// receives.
    pub fn copies(&self, src: &str, width: u32) -> u8 {
        let mut bits = 0;
        for (i, &w) in portal_core::api::COPY_WIDTHS.iter().enumerate() {
            let Some(copy) = portal_core::api::copy_src(src, w).filter(|_| w < width) else {
                continue;
            };
            // Looked at first without keeping it: a file that is not such a copy is not
            // published for this.
            let fits = Self::media_name(&copy).is_some()
                && self.stamp(&copy).is_some()
                && matches!(self.check_image(&copy).0, Ok(Found::Image(cw, _)) if cw == w);
            if fits && self.image(&copy).is_ok() {
                bits |= 1 << i;
            }
        }
        bits
    }

    /// Checks the attached file `content/files/<name>` (and keeps it for publishing).
    pub fn attachment(&self, name: &str) -> Checked<Attachment> {
        let url = format!("{FILES_PREFIX}{name}");
        match self.check(&url, |a| a.check_attachment(name)) {
            Ok(Found::Attachment(a)) => Ok(a),
            Ok(Found::Image(..)) => unreachable!("a /files/ URL is an attachment"),
            Err(e) => Err(e),
        }
    }

    /// The fingerprint of what checking `url` (a `/media/` or `/files/` URL) gives now.
    pub fn fingerprint(&self, url: &str) -> u64 {
        if let Some(&fp) = self.this_load.lock().expect("not poisoned").get(url) {
            return fp;
        }
        match url.strip_prefix(FILES_PREFIX) {
            Some(name) => fingerprint(&self.attachment(name)),
            None => fingerprint(&self.image(url)),
        }
    }

    /// The check of `url`: this load's, the last one while the file is as it was, or
    /// made by `check`. Recorded for [`recording`].
    fn check(
        &self,
        url: &str,
        check: impl FnOnce(&Self) -> (Checked<Found>, Option<Vec<u8>>),
    ) -> Checked<Found> {
        let known = self.this_load.lock().expect("not poisoned").get(url).copied();
        let result = match known {
            Some(_) => self.checked.lock().expect("not poisoned")[url].result.clone(),
            None => {
                let stamp = self.stamp(url);
                let previous = self
                    .checked
                    .lock()
                    .expect("not poisoned")
                    .get(url)
                    .filter(|c| c.stamp.is_some() && c.stamp == stamp)
                    .cloned();
                let result = match previous {
                    Some(c) => c.result,
                    None => {
                        let (result, bytes) = check(self);
                        self.checked.lock().expect("not poisoned").insert(
                            url.to_string(),
                            Check {
                                stamp,
                                result: result.clone(),
                                bytes: bytes.map(Arc::from),
                            },
                        );
                        result
                    }
                };
                self.this_load
                    .lock()
                    .expect("not poisoned")
                    .insert(url.to_string(), fingerprint(&result));
                result
            }
        };
        let fp = fingerprint(&result);
        TOUCHED.with(|t| {
            if let Some(list) = t.borrow_mut().as_mut() {
                list.push((url.to_string(), fp));
            }
        });
        result
    }

    /// The stamps (size, times, inode) of every part of the path of `url`'s file, as one
    /// number; `None` when some part cannot be read.
    fn stamp(&self, url: &str) -> Option<u64> {
        use std::os::unix::fs::MetadataExt;
        let (folder, rel) = match url.strip_prefix(FILES_PREFIX) {
            Some(rel) => ("files", rel),
            None => ("media", url.strip_prefix(MEDIA_PREFIX)?),
        };
        let mut path = self.content_dir.join(folder);
        let mut stamps = Vec::new();
        for part in rel.split('/') {
            path.push(part);
            let m = std::fs::symlink_metadata(&path).ok()?;
            stamps.push((
                m.len(),
                m.mtime(),
                m.mtime_nsec(),
                m.ctime(),
                m.ctime_nsec(),
                m.ino(),
                m.file_type().is_symlink(),
            ));
        }
        Some(fingerprint(&stamps))
    }

    fn check_image(&self, src: &str) -> (Checked<Found>, Option<Vec<u8>>) {
        let Some(name) = Self::media_name(src) else {
            return (
                Err(format!(
                    "ảnh `{src}` phải là một tệp trong content/media, viết dạng `/media/ten-tep.jpg` \
                     (chữ thường không dấu, số, `-`, `_`)"
                )),
                None,
            );
        };
        let ext = extension(name);
        if !IMAGE_EXTENSIONS.contains(&ext.as_str()) {
            return (
                Err(format!(
                    "ảnh `{src}`: định dạng không được hỗ trợ (dùng {})",
                    IMAGE_EXTENSIONS.join(", ")
                )),
                None,
            );
        }
        let checked = read_regular(&self.content_dir.join("media"), name, MAX_IMAGE_BYTES)
            .map_err(|why| format!("ảnh `{src}`: {why}"))
            .and_then(|bytes| check_image(&ext, &bytes).map_err(|why| format!("ảnh `{src}`: {why}")));
        match checked {
            Ok(c) => (Ok(Found::Image(c.width, c.height)), Some(c.bytes)),
            Err(e) => (Err(e), None),
        }
    }

    fn check_attachment(&self, name: &str) -> (Checked<Found>, Option<Vec<u8>>) {
        if !is_publishable_name(name) || name.contains('/') {
            return (
                Err(format!(
                    "tệp đính kèm \"{name}\": tên tệp chỉ dùng chữ thường không dấu, số, `-`, `_`, `.` (tệp nằm trong content/files)"
                )),
                None,
            );
        }
        let ext = extension(name);
        if !ATTACHMENT_FORMATS.iter().any(|(e, _)| *e == ext) {
            return (
                Err(format!(
                    "tệp đính kèm \"{name}\": định dạng không được hỗ trợ (dùng {})",
                    ATTACHMENT_FORMATS.map(|(e, _)| e).join(", ")
                )),
                None,
            );
        }
        let checked = read_regular(&self.content_dir.join("files"), name, MAX_ATTACHMENT_BYTES)
            .map_err(|why| format!("tệp đính kèm \"{name}\": {why}"))
            .and_then(|bytes| {
                check_attachment(&ext, &bytes)
                    .map(|format| (format, bytes))
                    .map_err(|why| format!("tệp đính kèm \"{name}\": {why}"))
            });
        match checked {
            Ok((format, bytes)) => (
                Ok(Found::Attachment(Attachment {
                    url: format!("{FILES_PREFIX}{name}"),
                    name: name.to_string(),
                    format: format.to_string(),
                    bytes: bytes.len() as u64,
                })),
                Some(bytes),
            ),
            Err(e) => (Err(e), None),
        }
    }

    /// A link in content to `/media/…` or `/files/…`: `None` if it is not such a link,
    /// else whether the file can be published (it then is).
    pub fn link(&self, path: &str) -> Option<Checked<()>> {
        if path.starts_with(MEDIA_PREFIX) {
            Some(self.image(path).map(drop))
        } else {
            path.strip_prefix(FILES_PREFIX)
                .map(|name| self.attachment(name).map(drop))
        }
    }

    /// Whether this load published `url`.
    fn is_published(&self, url: &str) -> bool {
        self.this_load.lock().expect("not poisoned").contains_key(url)
            && self
                .checked
                .lock()
                .expect("not poisoned")
                .get(url)
                .is_some_and(|c| c.bytes.is_some())
    }

    /// Reports every file in `content/media` and `content/files` that could never be
    /// published: links, folders where none may be, unknown kinds, names a URL cannot
    /// carry. Returns how many files are not published because nothing refers to them
    /// (call after the content is loaded).
    pub fn scan(&self, diags: &mut Vec<Diagnostic>) -> usize {
        let mut unused = 0;
        for (folder, prefix, nested) in [("media", MEDIA_PREFIX, true), ("files", FILES_PREFIX, false)] {
            let dir = self.content_dir.join(folder);
            let mut found = Vec::new();
            walk(&dir, "", nested, &mut found, diags);
            for rel in found {
                let shown = display_path(&dir.join(&rel));
                let name = rel.rsplit('/').next().unwrap_or(&rel);
                let ext = extension(name);
                let known = if folder == "media" {
                    IMAGE_EXTENSIONS.contains(&ext.as_str())
                } else {
                    ATTACHMENT_FORMATS.iter().any(|(e, _)| *e == ext)
                };
                let problem = if !known {
                    Some(format!(
                        "tệp không được phép trong content/{folder}: chỉ nhận {} (xóa hoặc chuyển tệp này đi)",
                        if folder == "media" {
                            IMAGE_EXTENSIONS.join(", ")
                        } else {
                            ATTACHMENT_FORMATS.map(|(e, _)| e).join(", ")
                        }
                    ))
                } else if !rel.split('/').all(is_publishable_name) {
                    Some("tên tệp chỉ dùng chữ thường không dấu, số, `-`, `_`, `.`: đổi tên tệp".to_string())
                } else {
                    None
                };
                match problem {
                    Some(message) => diags.push(Diagnostic {
                        file: shown,
                        line: 1,
                        message,
                    }),
                    None if !self.is_published(&format!("{prefix}{rel}")) => unused += 1,
                    None => {}
                }
            }
        }
        unused
    }

    /// The files this load publishes: URL path → bytes.
    pub fn published(&self) -> BTreeMap<String, Arc<[u8]>> {
        let this_load = self.this_load.lock().expect("not poisoned");
        let checked = self.checked.lock().expect("not poisoned");
        this_load
            .keys()
            .filter_map(|url| Some((url.clone(), checked.get(url)?.bytes.clone()?)))
            .collect()
    }
}

/// The regular files under `dir` (relative paths); symbolic links and other special
/// files are reported, as are folders when `nested` is false.
fn walk(dir: &Path, prefix: &str, nested: bool, out: &mut Vec<String>, diags: &mut Vec<Diagnostic>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if is_system_file(&name) {
            continue;
        }
        let path = e.path();
        let rel = format!("{prefix}{name}");
        let error = |message: &str| Diagnostic {
            file: display_path(&path),
            line: 1,
            message: message.to_string(),
        };
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => diags.push(error(
                "liên kết tượng trưng (symlink) không được phép: thay bằng tệp thật",
            )),
            Ok(m) if m.is_dir() && nested => walk(&path, &format!("{rel}/"), nested, out, diags),
            Ok(m) if m.is_dir() => diags.push(error(
                "thư mục con không được dùng ở đây: để tệp ngay trong thư mục",
            )),
            Ok(m) if m.is_file() => out.push(rel),
            Ok(_) => diags.push(error("không phải tệp thông thường")),
            Err(e) => diags.push(error(&format!("không đọc được: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_urls_must_stay_inside_the_folder() {
        assert_eq!(Assets::media_name("/media/a-b_c.svg"), Some("a-b_c.svg"));
        assert_eq!(Assets::media_name("/media/sub/a.svg"), Some("sub/a.svg"));
        for bad in [
            "/media/../site.toml",
            "/media/",
            "media/a.svg",
            "https://example.com/a.svg",
            "/media/ảnh.svg",
            "/media/a//b.svg",
            "/media/.hidden.svg",
            "/media/A.svg",
        ] {
            assert_eq!(Assets::media_name(bad), None, "{bad}");
        }
    }

    fn png() -> Vec<u8> {
        let mut out = Vec::new();
        image::RgbImage::new(3, 2)
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn images_are_checked_by_their_bytes() {
        let p = png();
        assert_eq!(check_image("png", &p).map(|c| (c.width, c.height)), Ok((3, 2)));
        // The name does not make a file an image.
        let e = check_image("png", b"<html><script>alert(1)</script>").unwrap_err();
        assert!(e.contains("không phải ảnh PNG"), "{e}");
        let e = check_image("jpg", &p).unwrap_err();
        assert!(e.contains("không phải ảnh JPEG"), "{e}");
        // A truncated PNG has the signature but does not decode.
        let e = check_image("png", &p[..p.len() / 2]).unwrap_err();
        assert!(e.contains("hỏng"), "{e}");
        assert!(check_image("html", b"<p>").is_err());
    }

    /// A WebP of two 1 × 1 frames, put together by hand (the encoder writes stills): the
    /// extended header saying "animation", then each frame the lossless encoder made.
    fn animated_webp() -> Vec<u8> {
        let mut still = Vec::new();
        image::RgbaImage::new(1, 1)
            .write_to(&mut std::io::Cursor::new(&mut still), image::ImageFormat::WebP)
            .unwrap();
        assert_eq!(&still[12..16], b"VP8L", "a lossless still");
        let frame_data = &still[12..];
        let chunk = |tag: &[u8], body: &[u8]| {
            let mut c = tag.to_vec();
            c.extend((body.len() as u32).to_le_bytes());
            c.extend(body);
            if body.len() % 2 == 1 {
                c.push(0);
            }
            c
        };
        let mut body = b"WEBP".to_vec();
        body.extend(chunk(b"VP8X", &[0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        body.extend(chunk(b"ANIM", &[0, 0, 0, 0, 0, 0]));
        for _ in 0..2 {
            // x, y, width − 1, height − 1 (3 bytes each), 100 ms, flags; then the frame.
            let mut anmf = vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0];
            anmf.extend(frame_data);
            body.extend(chunk(b"ANMF", &anmf));
        }
        chunk(b"RIFF", &body)
    }

    #[test]
    fn moving_pictures_are_refused_stills_are_published() {
        use image::codecs::gif::GifEncoder;
        use image::{Delay, Frame, ImageFormat, RgbaImage};
        let frames = |n: u8| {
            let mut out = Vec::new();
            {
                let mut gif = GifEncoder::new(&mut out);
                for i in 0..n {
                    let on = RgbaImage::from_pixel(4, 4, image::Rgba([255 * (i % 2), 0, 0, 255]));
                    gif.encode_frame(Frame::from_parts(on, 0, 0, Delay::from_numer_denom_ms(50, 1)))
                        .unwrap();
                }
            }
            out
        };
        // A flashing GIF: red and black, 20 times a second.
        let e = check_image("gif", &frames(2)).unwrap_err();
        assert!(e.contains("ảnh GIF động") && e.contains("ảnh tĩnh"), "{e}");
        assert_eq!(check_image("gif", &frames(1)).map(|c| c.width), Ok(4));

        let e = check_image("webp", &animated_webp()).unwrap_err();
        assert!(e.contains("ảnh WebP động"), "{e}");
        let mut still = Vec::new();
        RgbaImage::new(1, 1)
            .write_to(&mut std::io::Cursor::new(&mut still), ImageFormat::WebP)
            .unwrap();
        assert!(check_image("webp", &still).is_ok());

        // An animated PNG (acTL: 2 frames), written by the png crate.
        let mut apng = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut apng, 2, 2);
            enc.set_color(png::ColorType::Rgba);
            enc.set_animated(2, 0).unwrap();
            let mut w = enc.write_header().unwrap();
            w.write_image_data(&[0; 16]).unwrap();
            w.write_image_data(&[255; 16]).unwrap();
            w.finish().unwrap();
        }
        let e = check_image("png", &apng).unwrap_err();
        assert!(e.contains("ảnh PNG động"), "{e}");
        assert!(check_image("png", &png()).is_ok());
    }

    #[test]
    fn attachments_are_checked_by_their_signature() {
        assert_eq!(check_attachment("pdf", b"%PDF-1.4\n..."), Ok("PDF"));
        let e = check_attachment("pdf", b"<script>alert(1)</script>").unwrap_err();
        assert!(e.contains("không phải PDF"), "{e}");
        assert!(check_attachment("docx", b"PK\x03\x04 not really").is_err());
        assert!(check_attachment("exe", b"MZ").is_err());
        let docx = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../content/files/256-kh-ubnd-phu-luc.docx"
        ))
        .unwrap();
        assert_eq!(check_attachment("docx", &docx), Ok("DOCX"));
        assert!(
            check_attachment("xlsx", &docx).is_err(),
            "a Word file is not a workbook"
        );
        assert_eq!(check_attachment("zip", &docx), Ok("ZIP"));
    }

    #[test]
    fn symbolic_links_are_never_followed() {
        let root = std::env::temp_dir().join(format!("portal-assets-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("real")).unwrap();
        std::fs::write(root.join("real/a.pdf"), b"%PDF-1.4").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", root.join("passwd.pdf")).unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("linked")).unwrap();
        assert_eq!(read_regular(&root, "real/a.pdf", 100).unwrap(), b"%PDF-1.4");
        for rel in ["passwd.pdf", "linked/a.pdf"] {
            let e = read_regular(&root, rel, 100).unwrap_err();
            assert!(e.contains("symlink"), "{rel}: {e}");
        }
        assert!(read_regular(&root, "real", 100)
            .unwrap_err()
            .contains("không phải tệp"));
        assert!(read_regular(&root, "real/../real/a.pdf", 100).is_err());
        assert!(read_regular(&root, "real/a.pdf", 3)
            .unwrap_err()
            .contains("quá lớn"));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
