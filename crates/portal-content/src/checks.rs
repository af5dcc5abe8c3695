//! Checks on values typed by people (settings, front matter), each returning the value
//! as it is published or a Vietnamese sentence saying what is wrong.
//!
//! URLs are parsed by the `url` crate (the WHATWG URL standard browsers follow) and
//! written back from the parse, so what reaches a page, a feed or robots.txt is a URL and
//! nothing else; e-mail addresses by `email_address`, with the characters a `mailto:`
//! link can carry as they are.

use url::Url;

/// The site's own address: `http(s)://host[:port]`, nothing after the host but an
/// optional `/` (the portal lives at the root of its domain). Returned without the
/// trailing slash, as the build joins paths to it.
pub fn base_url(value: &str) -> Result<String, String> {
    let example = "ví dụ https://uminhthuong.kiengiang.gov.vn";
    let url = web_url(value).map_err(|why| format!("`base_url` = \"{value}\" {why} ({example})"))?;
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "`base_url` = \"{value}\" chỉ gồm giao thức và tên miền, không có đường dẫn, `?` hay `#` ({example})"
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// An absolute http(s) link to another site, as written back by the URL parser.
pub fn external_url(value: &str) -> Result<String, String> {
    web_url(value).map(|u| u.to_string())
}

/// An http(s) URL with a host and no user name or password; the input has no white
/// space or control characters (a parser would silently drop some of them).
fn web_url(value: &str) -> Result<Url, String> {
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("có dấu cách, xuống dòng hoặc ký tự điều khiển".into());
    }
    let url = Url::parse(value).map_err(|_| "không phải địa chỉ web hợp lệ".to_string())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("phải bắt đầu bằng https:// (hoặc http://)".into());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("thiếu tên miền".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("không được chứa tên đăng nhập hay mật khẩu".into());
    }
    Ok(url)
}

/// An e-mail address for a `mailto:` link: valid by RFC 5322 (`email_address`) and
/// made of the characters such a link carries as they are (no `?`, `&`, `#`, `%`, quotes
/// or spaces, which would add headers or a body to the message).
pub fn email(value: &str) -> Result<String, String> {
    let plain = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._+-@".contains(c));
    let plain = plain && portal_core::text::mailto_href(value).is_some();
    let valid = value.parse::<email_address::EmailAddress>().is_ok_and(|e| {
        let domain = e.domain();
        domain.contains('.') && !domain.starts_with(['.', '-']) && !domain.ends_with(['.', '-'])
    });
    if plain && valid && value.matches('@').count() == 1 {
        Ok(value.to_string())
    } else {
        Err(format!(
            "\"{value}\" không phải địa chỉ thư điện tử hợp lệ (ví dụ ubnd@uminhthuong.kiengiang.gov.vn)"
        ))
    }
}

/// A phone number as written for people (`0297 3 123 456`, `+84 297 3123456`,
/// `(0297) 3.123.456`): digits and the usual separators, 8 to 15 digits.
pub fn phone(value: &str) -> Result<String, String> {
    let allowed = value
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " .-()".contains(c) || (c == '+' && i == 0));
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if allowed && (8..=15).contains(&digits) {
        Ok(value.to_string())
    } else {
        Err(format!(
            "\"{value}\" không phải số điện thoại hợp lệ: chỉ gồm chữ số (8–15 số), dấu cách, `.`, `-`, `( )` và `+` ở đầu"
        ))
    }
}

/// Why a character cannot be in content, if it cannot: characters XML forbids (feeds
/// and the sitemap must stay well-formed), and the controls that reorder text on screen
/// (they can make a title read as something else).
pub fn forbidden_char(c: char) -> Option<&'static str> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{0}'..='\u{1f}' | '\u{7f}' => Some("ký tự điều khiển"),
        '\u{fffe}' | '\u{ffff}' => Some("ký tự không hợp lệ"),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some("ký tự đảo chiều văn bản"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            base_url("https://uminhthuong.example.gov.vn").as_deref(),
            Ok("https://uminhthuong.example.gov.vn")
        );
        assert_eq!(base_url("HTTPS://X.vn/").as_deref(), Ok("https://x.vn"));
        assert_eq!(
            base_url("http://127.0.0.1:8080").as_deref(),
            Ok("http://127.0.0.1:8080")
        );
        // International names are written as the DNS knows them.
        let idn = base_url("https://ủybannhândân.vn").unwrap();
        assert!(
            idn.starts_with("https://xn--") && idn.ends_with(".vn") && idn.is_ascii(),
            "{idn}"
        );
        for bad in [
            "https://x.vn\"><script src=//evil.example/x.js></script>",
            "https://x.vn/\nSitemap: https://evil.example/",
            "https://x.vn/portal",
            "https://x.vn?a=1",
            "https://x.vn#top",
            "https://user:pass@x.vn",
            "javascript:alert(1)",
            "ftp://x.vn",
            "x.vn",
            "https://",
            "https:// x.vn",
            "",
        ] {
            assert!(base_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn external_urls() {
        assert_eq!(
            external_url("https://dichvucong.gov.vn").as_deref(),
            Ok("https://dichvucong.gov.vn/")
        );
        assert!(external_url("https://x.vn/a?b=1#c").is_ok());
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "//x.vn",
            "https://a@x.vn",
            "https://x.vn/a b",
        ] {
            assert!(external_url(bad).is_err(), "{bad}");
        }
        // What the parser writes back carries no quote that could end an attribute.
        assert_eq!(
            external_url("https://x.vn/\"onmouseover=\"").as_deref(),
            Ok("https://x.vn/%22onmouseover=%22")
        );
    }

    #[test]
    fn emails() {
        assert!(email("ubnd@uminhthuong.example.gov.vn").is_ok());
        assert!(email("van.phong+ubnd@x.vn").is_ok());
        for bad in [
            "ubnd@x.vn?cc=evil@example.com&body=x",
            "a b@x.vn",
            "a@b",
            "@x.vn",
            "a@@x.vn",
            "a@x.vn\"",
            "\"a\"@x.vn",
            "a%40@x.vn",
            "ubnd@x.vn#",
            "",
        ] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones() {
        for ok in [
            "0297 000 0000",
            "+84 297 3123456",
            "(0297) 3.123.456",
            "02973123456",
        ] {
            assert!(phone(ok).is_ok(), "{ok}");
        }
        for bad in [
            "123",
            "0297 000 0000; x",
            "javascript:1",
            "+84+297",
            "0297 000 0000 0000 0000",
        ] {
            assert!(phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn forbidden_characters() {
        for c in [
            '\u{0}', '\u{1}', '\u{b}', '\u{1b}', '\u{7f}', '\u{fffe}', '\u{ffff}', '\u{202e}', '\u{2067}',
        ] {
            assert!(forbidden_char(c).is_some(), "{c:?}");
        }
        for c in ['\t', '\n', 'a', 'Đ', '“', '\u{200b}', '😀'] {
            assert!(forbidden_char(c).is_none(), "{c:?}");
        }
    }
}
