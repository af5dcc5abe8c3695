//! Images under `content/media/`, published at `/media/…`.
//!
//! The build checks that every referenced image exists, reads its intrinsic size (so
//! pages reserve the space and nothing shifts when it loads), and refuses SVG files that
//! could run script when opened directly from the site's origin.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const URL_PREFIX: &str = "/media/";

const EXTENSIONS: [&str; 6] = ["svg", "webp", "png", "jpg", "jpeg", "gif"];

/// Width and height, or why the image cannot be used.
type Checked = Result<(u32, u32), String>;

pub struct Media {
    dir: PathBuf,
    /// Each image is checked once, however many pages use it.
    cache: RefCell<HashMap<String, Checked>>,
}

impl Media {
    pub fn new(content_dir: &Path) -> Self {
        Media {
            dir: content_dir.join("media"),
            cache: RefCell::default(),
        }
    }

    /// Checks the image at URL `src` and returns its width and height.
    /// The error is a sentence for the author.
    pub fn image_size(&self, src: &str) -> Checked {
        if let Some(hit) = self.cache.borrow().get(src) {
            return hit.clone();
        }
        let result = self.check(src);
        self.cache.borrow_mut().insert(src.to_string(), result.clone());
        result
    }

    /// The file behind a `/media/…` URL, if the URL has that form.
    pub fn file(&self, src: &str) -> Option<PathBuf> {
        let name = src.strip_prefix(URL_PREFIX)?;
        let safe = !name.is_empty()
            && name.split('/').all(|part| {
                !part.is_empty()
                    && part != ".."
                    && part != "."
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            });
        safe.then(|| self.dir.join(name))
    }

    fn check(&self, src: &str) -> Checked {
        let file = self.file(src).ok_or_else(|| {
            format!(
                "ảnh `{src}` phải là một tệp trong content/media, viết dạng `/media/ten-tep.svg` \
                 (chữ thường không dấu, số, `-`, `_`)"
            )
        })?;
        let ext = file
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !EXTENSIONS.contains(&ext.as_str()) {
            return Err(format!(
                "ảnh `{src}`: định dạng không được hỗ trợ (dùng {})",
                EXTENSIONS.join(", ")
            ));
        }
        let bytes = std::fs::read(&file)
            .map_err(|_| format!("không tìm thấy ảnh `{src}` (tệp {})", file.display()))?;
        if ext == "svg" {
            svg_size(&bytes).map_err(|why| format!("ảnh `{src}`: {why}"))
        } else {
            let size = imagesize::blob_size(&bytes)
                .map_err(|_| format!("ảnh `{src}`: không đọc được kích thước ảnh"))?;
            Ok((size.width as u32, size.height as u32))
        }
    }
}

/// Size of an SVG from its root element's `width`/`height` (or `viewBox`), after
/// refusing anything that could run script.
pub fn svg_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "tệp SVG không phải UTF-8".to_string())?;
    let lower = text.to_ascii_lowercase();
    for bad in [
        "<script",
        "javascript:",
        "<foreignobject",
        "<iframe",
        "<embed",
        "<object",
    ] {
        if lower.contains(bad) {
            return Err(format!("tệp SVG chứa `{bad}`: ảnh không được chứa mã chạy được"));
        }
    }
    if has_event_attribute(&lower) {
        return Err("tệp SVG chứa thuộc tính sự kiện (on…=): ảnh không được chứa mã chạy được".into());
    }
    let start = lower.find("<svg").ok_or("không có thẻ <svg>")?;
    let end = lower[start..].find('>').ok_or("thẻ <svg> không đóng")? + start;
    let tag = &text[start..end];
    let number = |name: &str| -> Option<f64> {
        let v = attribute(tag, name)?;
        v.trim().trim_end_matches("px").parse::<f64>().ok()
    };
    let (w, h) = match (number("width"), number("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let vb = attribute(tag, "viewBox").ok_or("thẻ <svg> thiếu width/height và viewBox")?;
            let parts: Vec<f64> = vb
                .split([' ', ','])
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect();
            match parts[..] {
                [_, _, w, h] => (w, h),
                _ => return Err("viewBox không hợp lệ".into()),
            }
        }
    };
    if !(w >= 1.0 && h >= 1.0 && w < 100_000.0 && h < 100_000.0) {
        return Err("kích thước ảnh không hợp lệ".into());
    }
    Ok((w.round() as u32, h.round() as u32))
}

/// Value of attribute `name` (exact case) in a start tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before_ok = rest[..i].ends_with(|c: char| c.is_ascii_whitespace());
        let after = rest[i + name.len()..].trim_start();
        if before_ok {
            if let Some(after) = after.strip_prefix('=') {
                let after = after.trim_start();
                let quote = after.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let value = &after[1..];
                    return value.find(quote).map(|j| &value[..j]);
                }
            }
        }
        rest = &rest[i + name.len()..];
    }
    None
}

/// Whether an element has an `on…=` attribute (onload, onclick, …).
fn has_event_attribute(lower: &str) -> bool {
    let b = lower.as_bytes();
    lower.match_indices("on").any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| b[j]);
        let name_end = b[i + 2..]
            .iter()
            .position(|c| !c.is_ascii_alphabetic())
            .map(|n| i + 2 + n);
        matches!(before, Some(c) if c.is_ascii_whitespace() || c == b'/')
            && name_end
                .is_some_and(|e| e > i + 2 && b[e..].iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'='))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_size_from_attributes_or_viewbox() {
        let a = br#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" viewBox="0 0 1600 900"><title>x</title></svg>"#;
        assert_eq!(svg_size(a), Ok((800, 450)));
        let b =
            br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"></svg>"#;
        assert_eq!(svg_size(b), Ok((640, 360)));
        let c = br#"<svg xmlns="http://www.w3.org/2000/svg" width="120px" height='80'></svg>"#;
        assert_eq!(svg_size(c), Ok((120, 80)));
    }

    #[test]
    fn svg_with_script_is_refused() {
        for bad in [
            r#"<svg width="1" height="1"><script>alert(1)</script></svg>"#,
            r#"<svg width="1" height="1" onload="alert(1)"></svg>"#,
            r#"<svg width="1" height="1"><a href="javascript:alert(1)">x</a></svg>"#,
            r#"<svg width="1" height="1"><foreignObject></foreignObject></svg>"#,
            r#"<svg width="1" height="1"><rect onclick ="x()"/></svg>"#,
        ] {
            assert!(svg_size(bad.as_bytes()).is_err(), "{bad}");
        }
        // Words containing "on" are fine.
        let ok = r#"<svg width="10" height="10"><title>Cánh đồng lúa mon mởn</title><polygon points="1,2"/></svg>"#;
        assert_eq!(svg_size(ok.as_bytes()), Ok((10, 10)));
    }

    #[test]
    fn media_urls_must_stay_inside_the_folder() {
        let m = Media::new(Path::new("/c"));
        assert_eq!(
            m.file("/media/a-b_c.svg"),
            Some(PathBuf::from("/c/media/a-b_c.svg"))
        );
        assert_eq!(
            m.file("/media/sub/a.svg"),
            Some(PathBuf::from("/c/media/sub/a.svg"))
        );
        assert_eq!(m.file("/media/../site.toml"), None);
        assert_eq!(m.file("/media/"), None);
        assert_eq!(m.file("media/a.svg"), None);
        assert_eq!(m.file("https://example.com/a.svg"), None);
        assert_eq!(m.file("/media/ảnh.svg"), None);
    }
}
