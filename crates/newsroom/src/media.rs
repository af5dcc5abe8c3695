//! Photos officers upload (from a PC, or the phone's camera): checked by their bytes,
//! never by their name; decoded with limits; turned the right way up; written again
//! without their metadata (EXIF: the place a photo was taken, the phone's serial
//! number); made no wider than the portal shows them, with smaller copies for phones.
//!
//! The uploaded name only suggests the new one (`<words>-<hash>.jpg`, in
//! `content/media`); a name that tries to be a path is refused.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

/// The largest upload read, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 15 * 1000 * 1000;
/// The widest the portal shows a photo (CSS pixels × 2 for sharp phone screens).
pub const MAX_WIDTH: u32 = 1600;
/// The smaller copies written beside it, for `srcset` (the content build looks for
/// these widths).
pub const WIDTHS: [u32; 2] = portal_core::api::COPY_WIDTHS;
/// A picture wider or taller than this, or of more pixels than [`MAX_PIXELS`], is
/// refused before it is decoded (a small file can claim a huge picture).
const MAX_SIDE: u32 = 12_000;
const MAX_PIXELS: u64 = 40_000_000;

/// A photo kept: its address, and its size as written.
#[derive(Debug, PartialEq, Eq)]
pub struct Saved {
    pub src: String,
    pub width: u32,
    pub height: u32,
    /// The smaller copies' widths (their names end in `-<width>`).
    pub widths: Vec<u32>,
}

/// Checks, cleans and keeps an uploaded photo in `content/media`. The error is a
/// sentence for the officer.
pub fn save_upload(content: &Path, file_name: &str, bytes: &[u8]) -> Result<Saved, String> {
    let shown: String = file_name.chars().filter(|c| !c.is_control()).take(80).collect();
    let is_path = file_name.contains(['/', '\\'])
        || file_name.split(['/', '\\']).any(|p| p == "..")
        || file_name.starts_with('.')
        || file_name.chars().any(char::is_control);
    if is_path {
        return Err(format!(
            "Tên tệp “{shown}” không hợp lệ: tên ảnh không được chứa đường dẫn. Hãy đổi tên tệp rồi tải lại."
        ));
    }
    if bytes.is_empty() {
        return Err("Tệp ảnh trống.".into());
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(format!(
            "Ảnh “{shown}” lớn hơn {} MB. Hãy chụp ở độ phân giải thấp hơn hoặc thu nhỏ ảnh rồi tải lại.",
            MAX_UPLOAD_BYTES / 1_000_000
        ));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_lowercase();
    if head.trim_start_matches('\u{feff}').trim_start().starts_with('<') || head.contains("<svg") {
        return Err(format!(
            "Không nhận ảnh SVG (“{shown}”): loại ảnh này có thể chứa mã chạy trong trình duyệt. Hãy dùng ảnh JPEG, PNG hoặc WebP."
        ));
    }
    let not_image = || {
        format!(
            "Tệp “{shown}” không phải ảnh JPEG, PNG hoặc WebP (đã kiểm tra nội dung tệp, không theo tên)."
        )
    };
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        _ => return Err(not_image()),
    };
    let photo = match decode(bytes, format) {
        Ok(photo) => photo,
        Err(Decoded::TooBig) => {
            return Err(format!(
                "Ảnh “{shown}” quá lớn (hơn {} triệu điểm ảnh). Hãy thu nhỏ ảnh rồi tải lại.",
                MAX_PIXELS / 1_000_000
            ))
        }
        Err(Decoded::Bad) => return Err(not_image()),
    };
    let keep_alpha = format == ImageFormat::Png && photo.color().has_alpha();
    let ext = if keep_alpha { "png" } else { "jpg" };

    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    let mut words = portal_core::slugify(stem);
    words.truncate(60);
    let words = words.trim_end_matches('-');
    let words = if words.is_empty() { "anh" } else { words };
    let hash = format!("{:08x}", portal_content::output::fingerprint(bytes) as u32);
    let name = format!("{words}-{hash}");

    let dir = content.join("media");
    std::fs::create_dir_all(&dir).map_err(|e| format!("Không tạo được thư mục ảnh: {e}"))?;
    let main = fit(&photo, MAX_WIDTH);
    write(&dir.join(format!("{name}.{ext}")), &main, keep_alpha)?;
    let mut widths = Vec::new();
    for w in WIDTHS.into_iter().filter(|&w| w < main.width()) {
        write(
            &dir.join(format!("{name}-{w}.{ext}")),
            &fit(&photo, w),
            keep_alpha,
        )?;
        widths.push(w);
    }
    Ok(Saved {
        src: format!("/media/{name}.{ext}"),
        width: main.width(),
        height: main.height(),
        widths,
    })
}

enum Decoded {
    TooBig,
    Bad,
}

/// Decodes within limits, and turns the picture as its EXIF orientation says (a phone
/// held upright writes a landscape picture and a note to turn it).
fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, Decoded> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| Decoded::Bad)?;
    let (w, h) = decoder.dimensions();
    if w > MAX_SIDE || h > MAX_SIDE || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(Decoded::TooBig);
    }
    let orientation = decoder.orientation().map_err(|_| Decoded::Bad)?;
    let mut photo = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => Decoded::TooBig,
        _ => Decoded::Bad,
    })?;
    photo.apply_orientation(orientation);
    Ok(photo)
}

/// The picture no wider than `width`.
fn fit(photo: &DynamicImage, width: u32) -> DynamicImage {
    if photo.width() <= width {
        return photo.clone();
    }
    let height = (u64::from(photo.height()) * u64::from(width) / u64::from(photo.width())).max(1) as u32;
    photo.resize_exact(width, height, image::imageops::FilterType::CatmullRom)
}

/// Writes the picture anew (only its pixels: no metadata), whole or not at all.
fn write(path: &Path, photo: &DynamicImage, png: bool) -> Result<(), String> {
    let mut out = Vec::new();
    let encoded = if png {
        photo.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
    } else {
        let rgb = DynamicImage::ImageRgb8(photo.to_rgb8());
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
        rgb.write_with_encoder(encoder)
    };
    encoded.map_err(|e| format!("Không ghi được ảnh: {e}"))?;
    // Never over a file already there: the same name is the same photo (its bytes'
    // hash), uploaded again.
    if path.exists() {
        return Ok(());
    }
    // A dot name: the content build passes over it, should it ever be left.
    let tmp = path.with_file_name(format!(
        ".tai-len-{}-{}",
        std::process::id(),
        path.file_name()
            .map_or(std::borrow::Cow::Borrowed(""), |n| n.to_string_lossy())
    ));
    let written = std::fs::write(&tmp, &out).and_then(|()| match std::fs::hard_link(&tmp, path) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    });
    let _ = std::fs::remove_file(&tmp);
    written.map_err(|e| format!("Không ghi được ảnh: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, _| {
            image::Rgb([(x % 255) as u8, 80, 160])
        }));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
            .unwrap();
        out
    }

    fn folder(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("newsroom-media-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn what_is_not_a_photo_or_names_a_path_is_refused_in_vietnamese() {
        let dir = folder("refused");
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
        let e = save_upload(&dir, "logo.svg", svg).unwrap_err();
        assert!(e.contains("Không nhận ảnh SVG"), "{e}");
        // An SVG named as a JPEG is still an SVG.
        assert!(save_upload(&dir, "anh.jpg", svg).unwrap_err().contains("SVG"));
        let e = save_upload(&dir, "bao-cao.jpg", b"%PDF-1.4 not a picture").unwrap_err();
        assert!(e.contains("không phải ảnh JPEG, PNG hoặc WebP"), "{e}");
        let e = save_upload(&dir, "../../x.jpg", &jpeg(8, 8)).unwrap_err();
        assert!(e.contains("không hợp lệ"), "{e}");
        for name in ["..\\x.jpg", "/etc/x.jpg", ".htaccess", "a\nb.jpg"] {
            assert!(save_upload(&dir, name, &jpeg(8, 8)).is_err(), "{name:?}");
        }
        // A JPEG whose header claims a huge picture is refused before it is decoded, and
        // so is one within each side's limit but of too many pixels.
        let mut wide = jpeg(8, 8);
        let sof = wide.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        wide[sof + 5..sof + 9].copy_from_slice(&[0x2E, 0xE0, 0x2E, 0xE0]);
        assert!(save_upload(&dir, "rong.jpg", &wide)
            .unwrap_err()
            .contains("quá lớn"));
        let mut huge = jpeg(8, 8);
        let sof = huge.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
        huge[sof + 5..sof + 9].copy_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF]);
        assert!(save_upload(&dir, "to.jpg", &huge).is_err());
        let big = vec![0xFFu8; MAX_UPLOAD_BYTES + 1];
        assert!(save_upload(&dir, "lon.jpg", &big)
            .unwrap_err()
            .contains("lớn hơn 15 MB"));
        assert!(
            !dir.join("media").exists() || std::fs::read_dir(dir.join("media")).unwrap().next().is_none()
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_png_with_transparency_stays_a_png() {
        let dir = folder("png");
        let img = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(10, 10, image::Rgba([0, 0, 0, 0])));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        let saved = save_upload(&dir, "bieu-tuong.png", &out).unwrap();
        assert!(saved.src.ends_with(".png"));
        assert!(saved.widths.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
