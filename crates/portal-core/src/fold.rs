//! Vietnamese-aware folding: lower case, tone marks and other diacritics removed,
//! đ/Đ → d (đ has no Unicode decomposition, so generic "strip combining marks" misses it).
//! Works on NFC (precomposed) and NFD (decomposed) input alike.

use crate::fold_table::{FOLD, LOWER};

/// Combining diacritical marks (U+0300–U+036F): dropped when folding NFD input.
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Folds one character: `None` for a combining mark (to drop), otherwise the folded
/// character. Letters with diacritics become their lower-case ASCII base letter.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if is_combining_mark(c) {
        return None;
    }
    let cp = c as u32;
    if let Ok(i) = FOLD.binary_search_by_key(&cp, |&(k, _)| k) {
        return Some(FOLD[i].1 as char);
    }
    Some(lower_char(c))
}

/// Lower case for ASCII and the Latin letters with diacritics (all of Vietnamese);
/// other scripts are left as written. (A table of our own instead of `char::to_lowercase`
/// keeps Unicode's case tables, several KB, out of the Wasm.)
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match LOWER.binary_search_by_key(&(c as u32), |&(k, _)| k) {
        Ok(i) => char::from_u32(LOWER[i].1).unwrap_or(c),
        Err(_) => c,
    }
}

/// [`lower_char`] over a string.
pub fn lowercase(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

/// Lower case without diacritics: "Đường Dân vận KHÉO" → "duong dan van kheo".
pub fn fold(s: &str) -> String {
    s.chars().filter_map(fold_char).collect()
}

/// URL slug: folded, ASCII letters and digits kept, every other run of characters
/// becomes one `-`, no leading or trailing `-`.
/// "Hội nghị tổng kết “Dân vận khéo”" → "hoi-nghi-tong-ket-dan-van-kheo".
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_dash = false;
    for c in s.chars().filter_map(fold_char) {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Whether `s` is a well-formed slug as produced by [`slugify`].
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vietnamese_vowel_with_every_tone_folds_to_its_base() {
        // Base letters (with their breve/circumflex/horn forms) × the five tone marks.
        let rows = [
            ("a", "aàáảãạ"),
            ("a", "ăằắẳẵặ"),
            ("a", "âầấẩẫậ"),
            ("e", "eèéẻẽẹ"),
            ("e", "êềếểễệ"),
            ("i", "iìíỉĩị"),
            ("o", "oòóỏõọ"),
            ("o", "ôồốổỗộ"),
            ("o", "ơờớởỡợ"),
            ("u", "uùúủũụ"),
            ("u", "ưừứửữự"),
            ("y", "yỳýỷỹỵ"),
        ];
        for (base, forms) in rows {
            for c in forms.chars() {
                assert_eq!(fold(&c.to_string()), base, "lower {c}");
                let upper: String = c.to_uppercase().collect();
                assert_eq!(fold(&upper), base, "upper {upper}");
            }
        }
    }

    #[test]
    fn d_with_stroke_folds_to_d() {
        assert_eq!(fold("đường Đông"), "duong dong");
    }

    #[test]
    fn nfd_input_folds_like_nfc() {
        // "Việt" and "đường" written with combining marks (as some keyboards send them).
        let nfd = "Vie\u{0302}\u{0323}t đu\u{031B}o\u{031B}\u{0300}ng";
        assert_eq!(fold(nfd), "viet duong");
        assert_eq!(fold("Việt đường"), "viet duong");
    }

    #[test]
    fn other_characters_are_lower_cased_or_kept() {
        assert_eq!(fold("ABC 123 – “x”"), "abc 123 – “x”");
        // Other scripts are compared as written.
        assert_eq!(fold("Ωmega"), "Ωmega");
        assert_eq!(lowercase("ĐƯỜNG Việt ÂU"), "đường việt âu");
    }

    #[test]
    fn slug_from_vietnamese_title() {
        assert_eq!(
            slugify("Hội nghị tổng kết “Dân vận khéo”"),
            "hoi-nghi-tong-ket-dan-van-kheo"
        );
        assert_eq!(
            slugify("  Đại hội Đảng bộ huyện lần thứ XII  "),
            "dai-hoi-dang-bo-huyen-lan-thu-xii"
        );
        assert_eq!(slugify("Giai đoạn 2016 – 2020!"), "giai-doan-2016-2020");
        assert_eq!(slugify("“”"), "");
    }

    #[test]
    fn slug_shape_is_checked() {
        assert!(is_slug("su-kien-noi-bat"));
        assert!(is_slug("nam-2020"));
        assert!(!is_slug(""));
        assert!(!is_slug("-a"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("Sự-kiện"));
        assert!(!is_slug("a/b"));
    }
}
