//! Small text helpers shared by the build and the app.

/// Shortens `text` to at most `max` characters (not bytes), cutting at a word boundary
/// and ending with "…" when anything was cut. Whitespace runs become single spaces.
pub fn shorten(text: &str, max: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let full = words.join(" ");
    if full.chars().count() <= max {
        return full;
    }
    let mut out = String::new();
    let mut len = 0;
    for w in words {
        let wl = w.chars().count();
        // Room for the separating space and the final ellipsis.
        let need = if out.is_empty() { wl } else { wl + 1 };
        if len + need + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
        len += need;
    }
    if out.is_empty() {
        // A single word longer than `max`: cut inside it.
        out = full.chars().take(max.saturating_sub(1)).collect();
    }
    let trimmed = out.trim_end_matches(|c: char| ",;:–—-".contains(c)).trim_end();
    let mut out = trimmed.to_string();
    out.push('…');
    out
}

/// Link targets content may use: http(s), mailto, tel, or a relative URL (path,
/// query or fragment). Everything else (`javascript:`, `data:`, `vbscript:`, `file:`,
/// protocol-relative `//host` …) is refused.
///
/// Browsers ignore ASCII tabs and newlines inside a URL and leading spaces or control
/// characters, so `java\tscript:` counts as `javascript:`: they are removed before the
/// scheme is read.
pub fn is_safe_href(href: &str) -> bool {
    let cleaned: String = href
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.is_empty() || cleaned.starts_with("//") || cleaned.starts_with("\\\\") {
        return false;
    }
    if cleaned.contains('\\') {
        return false;
    }
    // A scheme is what comes before the first ':' if no '/', '?' or '#' comes earlier.
    let scheme_end = cleaned.find(':');
    let path_start = cleaned.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(colon), p) if p.is_none_or(|p| colon < p) => {
            let scheme = cleaned[..colon].to_ascii_lowercase();
            match scheme.as_str() {
                "http" | "https" => cleaned[colon + 1..].starts_with("//") && cleaned.len() > colon + 3,
                "mailto" | "tel" => cleaned.len() > colon + 1,
                _ => false,
            }
        }
        _ => !cleaned.chars().any(char::is_control),
    }
}

/// Whether a safe href points into this site (a path starting with one `/`).
pub fn is_internal_href(href: &str) -> bool {
    href.starts_with('/') && !href.starts_with("//")
}

/// Whether `url` is a safe link to another site (http or https).
pub fn is_web_href(url: &str) -> bool {
    is_safe_href(url) && (url.starts_with("https://") || url.starts_with("http://"))
}

/// The `tel:` link of a phone number: its digits, with a leading `+`.
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// The `mailto:` link of an address made of plain characters (letters, digits, `.`,
/// `_`, `+`, `-` and one `@`): nothing that could add headers or a body.
pub fn mailto_href(email: &str) -> Option<String> {
    let plain = email
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._+-@".contains(c));
    (plain && email.matches('@').count() == 1 && !email.starts_with('@') && !email.ends_with('@'))
        .then(|| format!("mailto:{email}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_whole() {
        assert_eq!(shorten("  Một   câu ngắn. ", 50), "Một câu ngắn.");
    }

    #[test]
    fn long_text_is_cut_at_a_word_boundary() {
        let s = "Sáng 10/8, Ban Dân vận Huyện ủy tổ chức hội nghị tổng kết phong trào";
        let out = shorten(s, 30);
        assert_eq!(out, "Sáng 10/8, Ban Dân vận Huyện…");
        assert!(out.chars().count() <= 30);
        assert!(s.starts_with(out.trim_end_matches('…')));
    }

    #[test]
    fn trailing_punctuation_is_not_left_before_the_ellipsis() {
        assert_eq!(shorten("Một, hai, ba bốn năm sáu", 10), "Một, hai…");
    }

    #[test]
    fn a_single_overlong_word_is_cut() {
        assert_eq!(shorten("abcdefghijklmnop", 5), "abcd…");
    }

    #[test]
    fn safe_links() {
        for ok in [
            "https://dichvucong.gov.vn",
            "http://example.vn/a?b=c#d",
            "mailto:ubnd@example.vn",
            "tel:02973123456",
            "/chuyen-muc/thong-bao/",
            "#muc-1",
            "?trang=2",
            "bai-khac/",
            "/a:b",
        ] {
            assert!(is_safe_href(ok), "{ok}");
        }
    }

    #[test]
    fn contact_links() {
        assert_eq!(tel_href("(0297) 3.123.456"), "tel:02973123456");
        assert_eq!(tel_href("+84 297 3123456"), "tel:+842973123456");
        assert_eq!(mailto_href("ubnd@x.vn").as_deref(), Some("mailto:ubnd@x.vn"));
        assert_eq!(mailto_href("ubnd@x.vn?cc=a@b.vn&body=x"), None);
        assert_eq!(mailto_href("a\"@x.vn"), None);
        assert!(is_web_href("https://dichvucong.gov.vn/"));
        assert!(!is_web_href("javascript:alert(1)") && !is_web_href("/a") && !is_web_href("//x.vn"));
    }

    #[test]
    fn unsafe_links() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "//evil.example/x",
            "\\\\evil\\x",
            "https:evil",
            "https://",
            "mailto:",
            "",
        ] {
            assert!(!is_safe_href(bad), "{bad:?}");
        }
    }
}
