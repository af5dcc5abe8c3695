//! The site's URL scheme, in one place: the content build and the prerenderer build
//! links with these functions, and the app's router reads URLs with [`Route::parse`].

use crate::fold::is_slug;

/// Items per list page.
pub const PAGE_SIZE: usize = 10;

/// A list (a section's articles, the documents with a filter) is paged so that its pages
/// keep their content, and their addresses, as newer items arrive: the archive pages
/// 1, 2, … each hold [`PAGE_SIZE`] items counted from the oldest (page 1 the oldest ten),
/// and page 0, the list's front page (`/chuyen-muc/<slug>/`), shows the newest: those not
/// yet on an archive page and the newest archive page's (10 to 19 items). A new item
/// changes the front page, and once every [`PAGE_SIZE`] items adds an archive page; no
/// archive page changes, so links that readers shared keep their content.
pub fn archive_pages(items: usize) -> u32 {
    (items / PAGE_SIZE) as u32
}

/// The items of `page` of a list of `items`, as a range of newest-first positions
/// (`None` for a page that does not exist).
pub fn page_range(items: usize, page: u32) -> Option<std::ops::Range<usize>> {
    let archive = archive_pages(items) as usize;
    if page == 0 {
        Some(
            0..if archive == 0 {
                items
            } else {
                items - (archive - 1) * PAGE_SIZE
            },
        )
    } else if page as usize <= archive {
        let k = page as usize;
        Some(items - k * PAGE_SIZE..items - (k - 1) * PAGE_SIZE)
    } else {
        None
    }
}

/// The `archive_pages` that page `page`'s data gives for a list of `items`: the number
/// on the front page; on an archive page at most `page + 3`, which shows the same
/// links ([`reading_order`] around the page: the newer neighbour and whether pages lie
/// between it and the front page), so that the archive page's data stays the same file
/// as newer items arrive.
pub fn archive_pages_on(items: usize, page: u32) -> u32 {
    let all = archive_pages(items);
    if page == 0 {
        all
    } else {
        all.min(page.saturating_add(3))
    }
}

/// The pages of a paged list in reading order, newest first, as shown on page
/// `current`: the front page (0), then the archive pages from the second newest down to
/// 1 (the front page shows the newest archive page's items, which is listed only when it
/// is the one shown).
pub fn reading_order(archive_pages: u32, current: u32) -> Vec<u32> {
    let newest = (current == archive_pages && current > 0).then_some(current);
    std::iter::once(0)
        .chain(newest)
        .chain((1..archive_pages).rev())
        .collect()
}

/// The root of the JSON API; version 2 since the stable pages of issue 10.
pub const API_ROOT: &str = "/api/v2";

pub fn home() -> String {
    "/".to_string()
}

/// `/chuyen-muc/<slug>/` for the front page (0), `/chuyen-muc/<slug>/trang/<n>/` for
/// archive page n (see [`archive_pages`]).
pub fn section(slug: &str, page: u32) -> String {
    if page == 0 {
        format!("/chuyen-muc/{slug}/")
    } else {
        format!("/chuyen-muc/{slug}/trang/{page}/")
    }
}

pub fn article(slug: &str) -> String {
    format!("/bai-viet/{slug}/")
}

/// The site's RSS feed (the latest articles of every section).
pub fn feed() -> String {
    "/rss.xml".to_string()
}

/// A section's RSS feed.
pub fn section_feed(slug: &str) -> String {
    format!("/chuyen-muc/{slug}/rss.xml")
}

pub fn api_site() -> String {
    format!("{API_ROOT}/site.json")
}

pub fn api_home() -> String {
    format!("{API_ROOT}/home.json")
}

pub fn api_section(slug: &str, page: u32) -> String {
    format!("{API_ROOT}/categories/{slug}/{page}.json")
}

pub fn api_article(slug: &str) -> String {
    format!("{API_ROOT}/articles/{slug}.json")
}

/// The search page.
pub fn search_page() -> String {
    "/tim-kiem/".to_string()
}

pub fn api_search_manifest() -> String {
    format!("{API_ROOT}/search/manifest.json")
}

/// Word chunk `n` of the search index.
pub fn api_search_terms(n: usize) -> String {
    format!("{API_ROOT}/search/t/{n}.bin")
}

/// Word-pair shard `n` of the search index (phrase queries only).
pub fn api_search_pairs(n: usize) -> String {
    format!("{API_ROOT}/search/b/{n}.bin")
}

/// Block `block` of the split words whose hash is `hash` (see `search::Part::Words`).
pub fn api_search_word_block(block: u32, hash: u32) -> String {
    format!("{API_ROOT}/search/t/{block}/{hash}.bin")
}

/// Block `block` of the split pairs whose hash is `hash` (see `search::Part::Pairs`).
pub fn api_search_pair_block(block: u32, hash: u32) -> String {
    format!("{API_ROOT}/search/b/{block}/{hash}.bin")
}

/// What result `id` shows.
pub fn api_search_doc(id: u32) -> String {
    format!("{API_ROOT}/search/d/{id}.json")
}

/// `/tim-kiem/?q=…` (with `&trang=n` from page 2).
pub fn search(query: &str, page: u32) -> String {
    let mut url = format!("{}?q={}", search_page(), encode_component(query.trim()));
    if page > 1 {
        url.push_str(&format!("&trang={page}"));
    }
    url
}

/// Percent-encodes a query-string value (spaces as `+`).
pub fn encode_component(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The value of `name` in a query string (`?a=1&q=d%C3%A2n+v%E1%BA%ADn`), decoded as a
/// form does (`+` is a space). Malformed escapes are kept as written.
pub fn query_param(search: &str, name: &str) -> Option<String> {
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| decode_component(v))
    })
}

fn decode_component(s: &str) -> String {
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                b.get(i + 1).and_then(|&c| hex(c)),
                b.get(i + 2).and_then(|&c| hex(c)),
            ) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// First path segments that are not static pages.
pub const RESERVED: [&str; 8] = [
    "bai-viet",
    "chuyen-muc",
    "van-ban",
    "tim-kiem",
    "api",
    "media",
    "files",
    "en",
];

/// A static page: `/gioi-thieu/`, `/en/contact/`.
pub fn page(slug: &str) -> String {
    format!("/{slug}/")
}

pub fn api_page(slug: &str) -> String {
    format!("{API_ROOT}/pages/{slug}.json")
}

pub fn api_documents() -> String {
    format!("{API_ROOT}/documents/index.json")
}

/// One page of the documents with `filter` (`_` for a filter not set).
pub fn api_document_list(filter: &DocFilter, page: u32) -> String {
    let part = |v: &Option<String>| v.clone().unwrap_or_else(|| "_".into());
    format!(
        "{API_ROOT}/documents/lists/{}/{}/{}/{page}.json",
        part(&filter.kind),
        part(&filter.body),
        part(&filter.year)
    )
}

pub fn api_document(slug: &str) -> String {
    format!("{API_ROOT}/documents/{slug}.json")
}

/// A document's page: `/van-ban/1029-cv-hu/`.
pub fn document(slug: &str) -> String {
    format!("/van-ban/{slug}/")
}

/// Words of `/van-ban/…` that are not document slugs.
pub const DOCUMENT_WORDS: [&str; 4] = ["trang", "loai", "co-quan", "nam"];

/// Filters of the documents library (each a facet slug; the year as digits).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocFilter {
    pub kind: Option<String>,
    pub body: Option<String>,
    pub year: Option<String>,
}

impl DocFilter {
    /// One filter: `key` is `loai` (type), `co-quan` (issuing body) or `nam` (year).
    pub fn single(key: &str, value: &str) -> DocFilter {
        let v = Some(value.to_string());
        match key {
            "loai" => DocFilter {
                kind: v,
                ..Default::default()
            },
            "co-quan" => DocFilter {
                body: v,
                ..Default::default()
            },
            _ => DocFilter {
                year: v,
                ..Default::default()
            },
        }
    }

    /// Whether a document of type `kind` from `body` (slugs) issued in `year` passes.
    pub fn matches(&self, kind: &str, body: &str, year: i32) -> bool {
        self.kind.as_deref().is_none_or(|k| k == kind)
            && self.body.as_deref().is_none_or(|b| b == body)
            && self.year.as_deref().is_none_or(|y| y == year.to_string())
    }

    fn parts(&self) -> Vec<(&'static str, &str)> {
        [("loai", &self.kind), ("co-quan", &self.body), ("nam", &self.year)]
            .into_iter()
            .filter_map(|(k, v)| Some((k, v.as_deref()?)))
            .collect()
    }

    /// Filters and page from a query string (`?loai=…&co-quan=…&nam=…&trang=…`); a
    /// value that could not be a filter (not a slug, a year not of four digits) is left out.
    pub fn from_query(search: &str) -> (DocFilter, u32) {
        let get = |k: &str| query_param(search, k).filter(|v| valid_filter(k, v));
        let filter = DocFilter {
            kind: get("loai"),
            body: get("co-quan"),
            year: get("nam"),
        };
        let page = query_param(search, "trang")
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        (filter, page)
    }
}

/// The library's list with `filter`, page `page`: one address per page. No filter or
/// one filter is a path (a prerendered page, which works without scripts):
/// `/van-ban/`, `/van-ban/loai/cong-van/trang/2/`; several filters are a query on
/// `/van-ban/`, which the app reads.
pub fn documents(filter: &DocFilter, page: u32) -> String {
    let parts = filter.parts();
    let trang = |sep: &str| {
        if page > 0 {
            format!("{sep}trang={page}")
        } else {
            String::new()
        }
    };
    match parts[..] {
        [] if page > 0 => format!("/van-ban/trang/{page}/"),
        [] => "/van-ban/".to_string(),
        [(k, v)] if page > 0 => format!("/van-ban/{k}/{v}/trang/{page}/"),
        [(k, v)] => format!("/van-ban/{k}/{v}/"),
        _ => {
            let q: Vec<String> = parts
                .iter()
                .map(|(k, v)| format!("{k}={}", encode_component(v)))
                .collect();
            format!("/van-ban/?{}{}", q.join("&"), trang("&"))
        }
    }
}

/// A page of the site, as named by its URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Section {
        slug: String,
        page: u32,
    },
    Article {
        slug: String,
    },
    /// `/tim-kiem/`: the query is in the URL's query string (`?q=…&trang=…`).
    Search,
    /// `/van-ban/…`: the library's list with at most one filter in the path (more are
    /// in the query string, read by the app).
    Documents {
        filter: DocFilter,
        page: u32,
    },
    Document {
        slug: String,
    },
    /// Any other path of one or two slugs: a static page, if there is one.
    Page {
        slug: String,
    },
    NotFound,
}

impl Route {
    /// Reads a URL path (without query or fragment). The trailing slash is optional;
    /// each page has one address, so `…/trang/1/` and `…/trang/02/` are not pages.
    pub fn parse(path: &str) -> Route {
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts[..] {
            [] | ["index.html"] => Route::Home,
            ["chuyen-muc", slug] if is_slug(slug) => Route::Section {
                slug: slug.into(),
                page: 0,
            },
            ["chuyen-muc", slug, "trang", n] if is_slug(slug) => match n.parse::<u32>() {
                Ok(page) if page >= 1 && n == page.to_string() => Route::Section {
                    slug: slug.into(),
                    page,
                },
                _ => Route::NotFound,
            },
            ["bai-viet", slug] if is_slug(slug) => Route::Article { slug: slug.into() },
            ["tim-kiem"] => Route::Search,
            ["van-ban", ref rest @ ..] => documents_route(rest),
            [first, ..]
                if parts.len() <= 2 && !RESERVED.contains(&first) && parts.iter().all(|p| is_slug(p)) =>
            {
                Route::Page {
                    slug: parts.join("/"),
                }
            }
            ["en", second] if is_slug(second) => Route::Page {
                slug: format!("en/{second}"),
            },
            _ => Route::NotFound,
        }
    }

    /// The page a URL names, its query included: `/van-ban/?loai=…&nam=…` is the list of
    /// documents with those filters (a combination has no path of its own).
    pub fn parse_url(path: &str, query: &str) -> Route {
        match Route::parse(path) {
            Route::Documents { filter, page: 0 }
                if filter == DocFilter::default() && !query.trim_start_matches('?').is_empty() =>
            {
                let (filter, page) = DocFilter::from_query(query);
                Route::Documents { filter, page }
            }
            route => route,
        }
    }

    /// The canonical path of the page (`None` for a page that does not exist).
    pub fn path(&self) -> Option<String> {
        match self {
            Route::Home => Some(home()),
            Route::Section { slug, page } => Some(section(slug, *page)),
            Route::Article { slug } => Some(article(slug)),
            Route::Search => Some(search_page()),
            Route::Documents { filter, page } => Some(documents(filter, *page)),
            Route::Document { slug } => Some(document(slug)),
            Route::Page { slug } => Some(page(slug)),
            Route::NotFound => None,
        }
    }
}

/// Whether `v` can be the value of filter `k`: a year of four digits, or a slug.
fn valid_filter(k: &str, v: &str) -> bool {
    match k {
        "nam" => v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()),
        _ => is_slug(v),
    }
}

/// `/van-ban/` followed by `rest`.
fn documents_route(rest: &[&str]) -> Route {
    let page_no = |n: &str| n.parse::<u32>().ok().filter(|&p| p >= 1 && n == p.to_string());
    let valid = valid_filter;
    match rest {
        [] => Route::Documents {
            filter: DocFilter::default(),
            page: 0,
        },
        ["trang", n] => match page_no(n) {
            Some(page) => Route::Documents {
                filter: DocFilter::default(),
                page,
            },
            None => Route::NotFound,
        },
        [k @ ("loai" | "co-quan" | "nam"), v] if valid(k, v) => Route::Documents {
            filter: DocFilter::single(k, v),
            page: 0,
        },
        [k @ ("loai" | "co-quan" | "nam"), v, "trang", n] if valid(k, v) => match page_no(n) {
            Some(page) => Route::Documents {
                filter: DocFilter::single(k, v),
                page,
            },
            None => Route::NotFound,
        },
        [slug] if is_slug(slug) && !DOCUMENT_WORDS.contains(slug) => Route::Document {
            slug: slug.to_string(),
        },
        _ => Route::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_urls() {
        let kind = DocFilter {
            kind: Some("cong-van".into()),
            ..Default::default()
        };
        let both = DocFilter {
            year: Some("2024".into()),
            ..kind.clone()
        };
        assert_eq!(documents(&DocFilter::default(), 0), "/van-ban/");
        assert_eq!(documents(&DocFilter::default(), 3), "/van-ban/trang/3/");
        assert_eq!(documents(&kind, 0), "/van-ban/loai/cong-van/");
        assert_eq!(documents(&kind, 2), "/van-ban/loai/cong-van/trang/2/");
        assert_eq!(documents(&both, 0), "/van-ban/?loai=cong-van&nam=2024");
        assert_eq!(documents(&both, 2), "/van-ban/?loai=cong-van&nam=2024&trang=2");
        for (f, p) in [
            (DocFilter::default(), 0),
            (DocFilter::default(), 1),
            (DocFilter::default(), 3),
            (kind.clone(), 0),
            (kind.clone(), 1),
            (kind.clone(), 2),
        ] {
            assert_eq!(
                Route::parse(&documents(&f, p)),
                Route::Documents { filter: f, page: p }
            );
        }
        let url = documents(&both, 2);
        assert_eq!(DocFilter::from_query(&url[url.find('?').unwrap()..]), (both, 2));
        assert_eq!(
            Route::parse("/van-ban/1029-cv-hu/"),
            Route::Document {
                slug: "1029-cv-hu".into()
            }
        );
        assert_eq!(Route::parse("/van-ban/nam/24/"), Route::NotFound);
        assert_eq!(Route::parse("/van-ban/trang/"), Route::NotFound);
        assert_eq!(Route::parse("/van-ban/loai/cong-van/trang/0/"), Route::NotFound);
        assert_eq!(Route::parse("/van-ban/loai/cong-van/trang/01/"), Route::NotFound);
    }

    #[test]
    fn static_pages() {
        assert_eq!(
            Route::parse("/gioi-thieu/"),
            Route::Page {
                slug: "gioi-thieu".into()
            }
        );
        assert_eq!(
            Route::parse("/en/contact/"),
            Route::Page {
                slug: "en/contact".into()
            }
        );
        assert_eq!(
            Route::parse(&page("en/contact")),
            Route::Page {
                slug: "en/contact".into()
            }
        );
        assert_eq!(Route::parse("/media/x/"), Route::NotFound);
        assert_eq!(Route::parse("/en/"), Route::NotFound);
        assert_eq!(Route::parse("/a/b/c/"), Route::NotFound);
    }

    #[test]
    fn search_urls_round_trip() {
        let url = search("  dân vận “khéo” & 100% ", 2);
        assert_eq!(
            url,
            "/tim-kiem/?q=d%C3%A2n+v%E1%BA%ADn+%E2%80%9Ckh%C3%A9o%E2%80%9D+%26+100%25&trang=2"
        );
        let qs = &url[url.find('?').unwrap()..];
        assert_eq!(query_param(qs, "q").as_deref(), Some("dân vận “khéo” & 100%"));
        assert_eq!(query_param(qs, "trang").as_deref(), Some("2"));
        assert_eq!(query_param("?q=a%2", "q").as_deref(), Some("a%2"));
        assert_eq!(query_param("?q=%zz", "q").as_deref(), Some("%zz"));
        assert_eq!(query_param("", "q"), None);
        assert_eq!(search("x", 1), "/tim-kiem/?q=x");
    }

    #[test]
    fn routes_round_trip() {
        for r in [
            Route::Home,
            Route::Section {
                slug: "thong-bao".into(),
                page: 0,
            },
            Route::Section {
                slug: "thong-bao".into(),
                page: 1,
            },
            Route::Section {
                slug: "thong-bao".into(),
                page: 12,
            },
            Route::Article {
                slug: "hoi-nghi-2020".into(),
            },
            Route::Search,
        ] {
            assert_eq!(Route::parse(&r.path().unwrap()), r);
        }
    }

    #[test]
    fn routes_without_trailing_slash_and_unknown_ones() {
        // An unknown one-segment path may be a static page: the app asks for it (404).
        assert_eq!(
            Route::parse("/khong-co/"),
            Route::Page {
                slug: "khong-co".into()
            }
        );
        assert_eq!(
            Route::parse("/bai-viet/a-b"),
            Route::Article { slug: "a-b".into() }
        );
        assert_eq!(Route::parse("/index.html"), Route::Home);
        for bad in [
            "/chuyen-muc/thong-bao/trang/02/",
            "/chuyen-muc/thong-bao/trang/0/",
            "/chuyen-muc/thong-bao/trang/x/",
            "/chuyen-muc/Thong-Bao/",
            "/bai-viet/",
            "/bai-viet/a/b/",
        ] {
            assert_eq!(Route::parse(bad), Route::NotFound, "{bad}");
        }
    }

    #[test]
    fn urls() {
        assert_eq!(section("thong-bao", 0), "/chuyen-muc/thong-bao/");
        assert_eq!(section("thong-bao", 1), "/chuyen-muc/thong-bao/trang/1/");
        assert_eq!(section("thong-bao", 3), "/chuyen-muc/thong-bao/trang/3/");
        assert_eq!(article("a-b"), "/bai-viet/a-b/");
        assert_eq!(api_section("a", 2), "/api/v2/categories/a/2.json");
        assert_eq!(api_article("a"), "/api/v2/articles/a.json");
    }

    #[test]
    fn archive_pages_keep_their_items_as_new_ones_arrive() {
        assert_eq!(archive_pages(9), 0);
        assert_eq!(page_range(9, 0), Some(0..9));
        assert_eq!(page_range(9, 1), None);
        assert_eq!(archive_pages(25), 2);
        // Newest first: the front page has the five not yet archived and page 2's ten.
        assert_eq!(page_range(25, 0), Some(0..15));
        assert_eq!(page_range(25, 1), Some(15..25), "page 1: the oldest ten");
        assert_eq!(page_range(25, 2), Some(5..15));
        assert_eq!(page_range(25, 3), None);
        // Five more items: every archive page holds the same items (shifted by five in
        // newest-first positions, the same in oldest-first ones), and one more page.
        for k in 1..=2 {
            let before = page_range(25, k).unwrap();
            let after = page_range(30, k).unwrap();
            assert_eq!(
                (25 - before.end, 25 - before.start),
                (30 - after.end, 30 - after.start)
            );
        }
        assert_eq!(page_range(30, 3), Some(0..10));
        assert_eq!(page_range(30, 0), Some(0..10));
        // Reading from the front page on, every item once.
        for n in [0, 7, 10, 25, 30, 101] {
            let mut seen: Vec<usize> = reading_order(archive_pages(n), 0)
                .into_iter()
                .flat_map(|p| page_range(n, p).unwrap())
                .collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..n).collect::<Vec<_>>(), "{n} items");
        }
        assert_eq!(reading_order(4, 0), [0, 3, 2, 1]);
        assert_eq!(reading_order(4, 4), [0, 4, 3, 2, 1]);
        assert_eq!(reading_order(0, 0), [0]);
        assert_eq!(reading_order(1, 1), [0, 1]);
    }

    /// The app fetches a search result's page JSON by the route of its `url`: a url
    /// from a tampered search file names no other site, no other folder.
    #[test]
    fn a_hostile_result_address_names_nothing_to_fetch() {
        for url in [
            "https://evil.example/bai-viet/x/",
            "//evil.example/bai-viet/x/",
            "javascript:alert(1)",
            "/bai-viet/../../etc/passwd",
            "/bai-viet/x%2F..%2Fy/",
            "/van-ban/..%2F..%2Fapi/",
            "/bai-viet/x/?a=1",
            "/../api/v2/site",
            "\\evil.example\\bai-viet\\x",
        ] {
            let route = Route::parse(url);
            assert!(
                !matches!(
                    route,
                    Route::Article { .. } | Route::Document { .. } | Route::Page { .. }
                ),
                "{url}: {route:?}"
            );
        }
    }
}
