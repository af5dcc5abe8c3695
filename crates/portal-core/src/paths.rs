//! The site's URL scheme, in one place: the content build and the prerenderer build
//! links with these functions, and the app's router reads URLs with [`Route::parse`].

use crate::fold::is_slug;

/// Articles per section page.
pub const PAGE_SIZE: usize = 10;

pub const API_ROOT: &str = "/api/v1";

pub fn home() -> String {
    "/".to_string()
}

/// `/chuyen-muc/<slug>/` for page 1, `/chuyen-muc/<slug>/trang/<n>/` after.
pub fn section(slug: &str, page: u32) -> String {
    if page <= 1 {
        format!("/chuyen-muc/{slug}/")
    } else {
        format!("/chuyen-muc/{slug}/trang/{page}/")
    }
}

pub fn article(slug: &str) -> String {
    format!("/bai-viet/{slug}/")
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

/// A page of the site, as named by its URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Section { slug: String, page: u32 },
    Article { slug: String },
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
                page: 1,
            },
            ["chuyen-muc", slug, "trang", n] if is_slug(slug) => match n.parse::<u32>() {
                Ok(page) if page >= 2 && n == page.to_string() => Route::Section {
                    slug: slug.into(),
                    page,
                },
                _ => Route::NotFound,
            },
            ["bai-viet", slug] if is_slug(slug) => Route::Article { slug: slug.into() },
            _ => Route::NotFound,
        }
    }

    /// The canonical path of the page (`None` for a page that does not exist).
    pub fn path(&self) -> Option<String> {
        match self {
            Route::Home => Some(home()),
            Route::Section { slug, page } => Some(section(slug, *page)),
            Route::Article { slug } => Some(article(slug)),
            Route::NotFound => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip() {
        for r in [
            Route::Home,
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
        ] {
            assert_eq!(Route::parse(&r.path().unwrap()), r);
        }
    }

    #[test]
    fn routes_without_trailing_slash_and_unknown_ones() {
        assert_eq!(
            Route::parse("/bai-viet/a-b"),
            Route::Article { slug: "a-b".into() }
        );
        assert_eq!(Route::parse("/index.html"), Route::Home);
        for bad in [
            "/chuyen-muc/thong-bao/trang/1/",
            "/chuyen-muc/thong-bao/trang/02/",
            "/chuyen-muc/thong-bao/trang/0/",
            "/chuyen-muc/thong-bao/trang/x/",
            "/chuyen-muc/Thong-Bao/",
            "/bai-viet/",
            "/bai-viet/a/b/",
            "/khong-co/",
        ] {
            assert_eq!(Route::parse(bad), Route::NotFound, "{bad}");
        }
    }

    #[test]
    fn urls() {
        assert_eq!(section("thong-bao", 1), "/chuyen-muc/thong-bao/");
        assert_eq!(section("thong-bao", 3), "/chuyen-muc/thong-bao/trang/3/");
        assert_eq!(article("a-b"), "/bai-viet/a-b/");
        assert_eq!(api_section("a", 2), "/api/v1/categories/a/2.json");
        assert_eq!(api_article("a"), "/api/v1/articles/a.json");
    }
}
