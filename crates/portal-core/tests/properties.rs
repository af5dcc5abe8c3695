//! Property tests of what reads untrusted text in the app and the build: the route
//! parser (URLs), the query-string reader, the search query parser and the link check.
//! Fixed seed in CI (`portal_core::arbitrary::config`); `cargo xtask fuzz` runs more.

use portal_core::arbitrary::config;
use portal_core::paths::{self, DocFilter, Route};
use portal_core::search::{doc_words, matches, parse_query};
use portal_core::text::is_safe_href;
use proptest::prelude::*;

/// Paths as a browser may send them: slugs and words of the site, odd characters,
/// percent escapes, dots, many slashes.
fn path() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        Just("bai-viet".to_string()),
        Just("chuyen-muc".to_string()),
        Just("trang".to_string()),
        Just("van-ban".to_string()),
        Just("loai".to_string()),
        Just("nam".to_string()),
        Just("en".to_string()),
        Just("..".to_string()),
        Just("".to_string()),
        "[a-z0-9-]{1,12}",
        "[0-9]{1,6}",
        "\\PC{0,8}",
        Just("%2e%2e".to_string()),
        Just("<script>".to_string()),
    ];
    proptest::collection::vec(segment, 0..6).prop_map(|s| format!("/{}", s.join("/")))
}

proptest! {
    #![proptest_config(config())]

    /// Any path gives a route; a page's route names one canonical address, which reads
    /// back as the same route, and that address is only slugs.
    #[test]
    fn routes_round_trip(p in path(), slash in any::<bool>()) {
        let p = if slash { format!("{p}/") } else { p };
        let route = Route::parse(&p);
        if let Some(canonical) = route.path() {
            prop_assert_eq!(Route::parse(&canonical), route.clone(), "{} → {}", p, canonical);
            prop_assert!(
                canonical.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"/-?=&".contains(&b)),
                "{} → {}", p, canonical
            );
        }
    }

    /// Query values survive the trip through a URL, whatever they hold.
    #[test]
    fn query_values_round_trip(q in "\\PC{0,40}", page in 1u32..50) {
        let url = paths::search(&q, page);
        let qs = &url[url.find('?').unwrap()..];
        prop_assert_eq!(paths::query_param(qs, "q"), Some(q.trim().to_string()));
        prop_assert!(url.is_ascii() && !url.contains(['<', '>', '"', '\'', ' ', '#']), "{}", url);
    }

    /// A filter read from any query string has only slugs, and writes back to an address
    /// that reads as the same filter.
    #[test]
    fn document_filters_from_any_query(k in "\\PC{0,12}", b in "[a-z-]{0,8}", y in "[0-9a-z<]{0,5}", n in "\\PC{0,4}") {
        let qs = format!("?loai={}&co-quan={b}&nam={}&trang={}", paths::encode_component(&k), paths::encode_component(&y), paths::encode_component(&n));
        let (filter, page) = DocFilter::from_query(&qs);
        for v in [&filter.kind, &filter.body, &filter.year].into_iter().flatten() {
            prop_assert!(portal_core::fold::is_slug(v), "{:?}", v);
        }
        let url = paths::documents(&filter, page);
        let back = match url.split_once('?') {
            Some((_, q)) => DocFilter::from_query(&format!("?{q}")),
            None => match Route::parse(&url) {
                Route::Documents { filter, page } => (filter, page),
                other => return Err(TestCaseError::fail(format!("{url} → {other:?}"))),
            },
        };
        prop_assert_eq!(back, (filter, page));
    }

    /// Any query parses; every word it keeps is a word, and a document made of the
    /// query's own words matches it (the parser and the matcher agree).
    #[test]
    fn search_queries(q in "[\"“” a-zA-Zàáạảãâầấậẩẫăằắặẳẵđèéẹẻẽêềếệểễ0-9.,-]{0,30}") {
        let query = parse_query(&q);
        for w in &query.words {
            prop_assert!(!w.folded.is_empty());
            prop_assert!(!w.folded.contains(char::is_whitespace));
        }
        for r in &query.phrases {
            prop_assert!(r.start < r.end && r.end <= query.words.len());
        }
        if !query.is_empty() {
            let text = q.replace(['"', '“', '”'], " ");
            prop_assert!(matches(&query, &doc_words("", &text)), "{:?} does not find itself", q);
        }
    }

    /// The link rule: what it lets through is http(s), mailto, tel or a path, whatever
    /// control characters, cases and spaces surround the scheme.
    #[test]
    fn safe_hrefs(prefix in "[\\x00-\\x20]{0,3}", scheme in "(?i)(javascript|data|vbscript|file|http|https|mailto|tel|java\tscript)", rest in "[:/a-z0-9\\\\]{0,12}") {
        let href = format!("{prefix}{scheme}{rest}");
        if is_safe_href(&href) {
            let cleaned: String = href.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect::<String>().to_ascii_lowercase();
            let ok = ["http://", "https://", "mailto:", "tel:"].iter().any(|s| cleaned.starts_with(s))
                || !cleaned.contains(':')
                || cleaned.find(['/', '?', '#']).is_some_and(|p| p < cleaned.find(':').unwrap());
            prop_assert!(ok, "{:?} passed", href);
        }
    }
}
