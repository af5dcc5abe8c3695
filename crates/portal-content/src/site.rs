//! `content/site.toml`: the unit, its contacts and its sections.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use portal_core::api::{Analytics, ExternalLink};

use crate::assets::Assets;
use crate::{display_path, Diagnostic, LineMap, Reporter};

/// Types of unit a portal may belong to.
pub const UNIT_TYPES: [&str; 8] = [
    "xã",
    "phường",
    "thị trấn",
    "huyện",
    "quận",
    "thị xã",
    "thành phố",
    "tỉnh",
];

/// The longest `short_name` (a phone shows about 12 characters under an icon).
pub const SHORT_NAME_MAX: usize = 16;

#[derive(Clone, Debug, PartialEq)]
pub struct SiteConfig {
    pub name: String,
    /// The name under the portal's icon on a phone's home screen (web app manifest).
    pub short_name: Option<String>,
    pub unit_name: String,
    pub unit_type: String,
    pub description: String,
    pub base_url: String,
    pub emblem: Option<String>,
    pub sample_content: bool,
    pub contact: portal_core::api::Contact,
    pub sections: Vec<SectionConfig>,
    /// Slug of the section that heads the home page's featured box.
    pub featured_section: Option<String>,
    /// The national and provincial public-service portals ("Dịch vụ công").
    pub public_services: Vec<ExternalLink>,
    /// Related state portals, in the footer.
    pub related_links: Vec<ExternalLink>,
    pub analytics: Option<Analytics>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SectionConfig {
    pub slug: String,
    pub name: String,
    pub description: Option<String>,
}

impl SiteConfig {
    pub fn section(&self, slug: &str) -> Option<&SectionConfig> {
        self.sections.iter().find(|s| s.slug == slug)
    }
}

type Field = Option<Spanned<String>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSite {
    name: Field,
    short_name: Field,
    unit_name: Field,
    unit_type: Field,
    description: Field,
    base_url: Field,
    emblem: Field,
    #[serde(default)]
    sample_content: bool,
    featured_section: Field,
    contact: Option<Spanned<RawContact>>,
    #[serde(default)]
    sections: Vec<Spanned<RawSection>>,
    #[serde(default)]
    public_services: Vec<Spanned<RawLink>>,
    #[serde(default)]
    related_links: Vec<Spanned<RawLink>>,
    analytics: Option<Spanned<RawAnalytics>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    name: Field,
    url: Field,
    description: Field,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnalytics {
    script: Field,
    site_id: Field,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    address: Field,
    phone: Field,
    email: Field,
    fax: Field,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    slug: Field,
    name: Field,
    description: Field,
}

/// Reads `site.toml`; problems go to `diags`.
pub fn load(content_dir: &Path, assets: &Assets, diags: &mut Vec<Diagnostic>) -> Option<SiteConfig> {
    let path = content_dir.join("site.toml");
    let shown = display_path(&path);
    let mut r = Reporter { file: &shown, diags };
    let text = crate::source::read(&path, &mut r)?;
    parse(&text, assets, &mut r)
}

/// Reads the text of a `site.toml` (the newsroom checks its settings before writing).
pub fn parse(text: &str, assets: &Assets, r: &mut Reporter) -> Option<SiteConfig> {
    let lines = LineMap::new(text, 1);
    let raw: RawSite = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let line = e.span().map_or(1, |s| lines.line(s.start));
            r.error(line, format!("TOML không hợp lệ: {}", e.message()));
            return None;
        }
    };
    let errors_before = r.diags.len();
    let name = required(r, &lines, raw.name, 1, "name", "tên cổng thông tin");
    let unit_name = required(r, &lines, raw.unit_name, 1, "unit_name", "tên cơ quan");
    let short_name = raw.short_name.and_then(|f| {
        let line = lines.line(f.span().start);
        let v = f.into_inner().trim().to_string();
        let n = v.chars().count();
        if v.is_empty() || n > SHORT_NAME_MAX {
            r.error(
                line,
                format!(
                    "`short_name` (tên ngắn dưới biểu tượng trên màn hình điện thoại) cần từ 1 đến {SHORT_NAME_MAX} ký tự, đang có {n}"
                ),
            );
            None
        } else {
            Some(v)
        }
    });
    let unit_type_line = raw.unit_type.as_ref().map_or(1, |v| lines.line(v.span().start));
    let unit_type = required(r, &lines, raw.unit_type, 1, "unit_type", "loại đơn vị hành chính");
    let description = required(
        r,
        &lines,
        raw.description,
        1,
        "description",
        "mô tả ngắn của trang",
    );
    let base_line = raw.base_url.as_ref().map_or(1, |v| lines.line(v.span().start));
    let base_url = required(
        r,
        &lines,
        raw.base_url,
        1,
        "base_url",
        "địa chỉ gốc của trang, ví dụ https://example.gov.vn",
    );
    let (contact_line, contact) = match raw.contact {
        Some(c) => (lines.line(c.span().start), Some(c.into_inner())),
        None => (1, None),
    };
    // A value of the contact table, checked by `check` (reported at its line).
    let checked =
        |r: &mut Reporter, field: Field, key: &str, what: &str, check: fn(&str) -> Result<String, String>| {
            let line = field
                .as_ref()
                .map_or(contact_line, |f| lines.line(f.span().start));
            let value = required(r, &lines, field, contact_line, key, what);
            if value.is_empty() {
                return value;
            }
            check(&value).unwrap_or_else(|why| {
                r.error(line, format!("`{key}` = {why}"));
                value
            })
        };
    let contact = match contact {
        Some(c) => {
            let fax_line = c
                .fax
                .as_ref()
                .map_or(contact_line, |f| lines.line(f.span().start));
            let fax = c
                .fax
                .map(|f| f.into_inner().trim().to_string())
                .filter(|f| !f.is_empty());
            if let Some(Err(why)) = fax.as_deref().map(crate::checks::phone) {
                r.error(fax_line, format!("`contact.fax` = {why}"));
            }
            portal_core::api::Contact {
                address: required(r, &lines, c.address, contact_line, "contact.address", "địa chỉ"),
                phone: checked(r, c.phone, "contact.phone", "điện thoại", crate::checks::phone),
                email: checked(r, c.email, "contact.email", "thư điện tử", crate::checks::email),
                fax,
            }
        }
        None => {
            r.error(1, "thiếu bảng `[contact]` (địa chỉ, điện thoại, thư điện tử)");
            portal_core::api::Contact {
                address: String::new(),
                phone: String::new(),
                email: String::new(),
                fax: None,
            }
        }
    };
    if !unit_type.is_empty() && !UNIT_TYPES.contains(&unit_type.as_str()) {
        r.error(
            unit_type_line,
            format!(
                "`unit_type` = \"{unit_type}\" không hợp lệ; chọn một trong: {}",
                UNIT_TYPES.join(", ")
            ),
        );
    }
    // A staging server or a local benchmark builds the same content for another address.
    let (base_url, base_line, base_from) = match std::env::var("PORTAL_BASE_URL") {
        Ok(v) if !v.trim().is_empty() => (v.trim().to_string(), 1, " (biến môi trường PORTAL_BASE_URL)"),
        _ => (base_url, base_line, ""),
    };
    let base_url = if base_url.is_empty() {
        base_url
    } else {
        crate::checks::base_url(&base_url).unwrap_or_else(|why| {
            r.error(base_line, format!("{why}{base_from}"));
            String::new()
        })
    };
    let emblem = raw.emblem.and_then(|e| {
        let line = lines.line(e.span().start);
        let src = e.into_inner();
        match assets.image(&src) {
            Ok(_) => Some(src),
            Err(why) => {
                r.error(line, why);
                None
            }
        }
    });
    if raw.sections.is_empty() {
        r.error(1, "cần ít nhất một chuyên mục `[[sections]]`");
    }
    let mut sections: Vec<SectionConfig> = Vec::new();
    for s in raw.sections {
        let line = lines.line(s.span().start);
        let s = s.into_inner();
        let slug_line = s.slug.as_ref().map_or(line, |v| lines.line(v.span().start));
        let section = SectionConfig {
            slug: required(r, &lines, s.slug, line, "sections.slug", "đường dẫn chuyên mục"),
            name: required(r, &lines, s.name, line, "sections.name", "tên chuyên mục"),
            description: s
                .description
                .map(|d| d.into_inner().trim().to_string())
                .filter(|d| !d.is_empty()),
        };
        if !section.slug.is_empty() && !portal_core::fold::is_slug(&section.slug) {
            r.error(slug_line, format!(
                "slug chuyên mục \"{}\" không hợp lệ: chỉ dùng chữ thường không dấu, số và dấu `-` (ví dụ \"{}\")",
                section.slug, portal_core::slugify(&section.slug)
            ));
        }
        if sections.iter().any(|o| o.slug == section.slug) {
            r.error(slug_line, format!("trùng slug chuyên mục \"{}\"", section.slug));
        }
        sections.push(section);
    }
    let featured_section = raw.featured_section.and_then(|f| {
        let line = lines.line(f.span().start);
        let slug = f.into_inner();
        if sections.iter().any(|s| s.slug == slug) {
            Some(slug)
        } else {
            r.error(
                line,
                format!("`featured_section` = \"{slug}\" không phải chuyên mục nào trong `[[sections]]`"),
            );
            None
        }
    });
    let mut links = |raw: Vec<Spanned<RawLink>>, key: &str| -> Vec<ExternalLink> {
        raw.into_iter()
            .map(|l| {
                let line = lines.line(l.span().start);
                let l = l.into_inner();
                let url_line = l.url.as_ref().map_or(line, |u| lines.line(u.span().start));
                let mut link = ExternalLink {
                    name: required(r, &lines, l.name, line, &format!("{key}.name"), "tên"),
                    url: required(r, &lines, l.url, line, &format!("{key}.url"), "địa chỉ"),
                    description: l
                        .description
                        .map(|d| d.into_inner().trim().to_string())
                        .filter(|d| !d.is_empty()),
                };
                if !link.url.is_empty() {
                    match crate::checks::external_url(&link.url) {
                        Ok(url) => link.url = url,
                        Err(why) => r.error(
                            url_line,
                            format!("`{key}.url` = \"{}\" {why}: cần địa chỉ http(s) đầy đủ", link.url),
                        ),
                    }
                }
                link
            })
            .collect()
    };
    let public_services = links(raw.public_services, "public_services");
    let related_links = links(raw.related_links, "related_links");
    let analytics = raw.analytics.map(|a| {
        let line = lines.line(a.span().start);
        let a = a.into_inner();
        let script = required(
            r,
            &lines,
            a.script,
            line,
            "analytics.script",
            "địa chỉ tập lệnh theo dõi",
        );
        if !script.is_empty()
            && !(valid_script_url(&script)
                && (script.starts_with('/') || crate::checks::external_url(&script).is_ok()))
        {
            r.error(
                line,
                format!(
                    "`analytics.script` = \"{script}\" phải là địa chỉ https:// hoặc đường dẫn trong trang"
                ),
            );
        }
        Analytics {
            script,
            site_id: a
                .site_id
                .map(|i| i.into_inner().trim().to_string())
                .filter(|i| !i.is_empty()),
        }
    });
    (r.diags.len() == errors_before).then_some(SiteConfig {
        public_services,
        related_links,
        analytics,
        featured_section,
        name,
        short_name,
        unit_name,
        unit_type,
        description,
        base_url,
        emblem,
        sample_content: raw.sample_content,
        contact,
        sections,
    })
}

/// A required, non-empty string field; reports it at `line` when absent.
fn required(r: &mut Reporter, lines: &LineMap, field: Field, line: usize, key: &str, what: &str) -> String {
    crate::source::required_at(&field, key, what, lines, line, r)
}

/// An `https://host[:port]/…` URL or a site path (`/…`), in plain URL characters: its
/// origin goes into the Content-Security-Policy and the nginx configuration, so nothing
/// that could end a header, a directive or a source list (spaces, quotes, `;`, `,`, `\\`)
/// and no user name in the host.
pub(crate) fn valid_script_url(url: &str) -> bool {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-._~/?#!$&()*+=:%".contains(c);
    if !url.chars().all(plain) {
        return false;
    }
    if let Some(rest) = url.strip_prefix("https://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let (name, port) = host.split_once(':').unwrap_or((host, "80"));
        !name.is_empty()
            && !name.starts_with(['.', '-'])
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            && !port.is_empty()
            && port.chars().all(|c| c.is_ascii_digit())
    } else {
        url.starts_with('/') && !url.starts_with("//")
    }
}

#[cfg(test)]
mod tests {
    use super::valid_script_url;

    #[test]
    fn analytics_script_urls() {
        for ok in [
            "https://emc.gov.vn/tracker.js",
            "https://emc.gov.vn:8443/t.js?id=1",
            "https://emc.gov.vn",
            "/js/tracker.js",
        ] {
            assert!(valid_script_url(ok), "{ok}");
        }
        for bad in [
            "http://emc.gov.vn/t.js",
            "https://x.vn 'unsafe-inline'/t.js",
            "https://x.vn\";add_header/t.js",
            "https://x.vn;/t.js",
            "https://user@x.vn/t.js",
            "https://x.vn:abc/t.js",
            "https:///t.js",
            "//evil.example/t.js",
            "/\\evil.example/t.js",
            "javascript:alert(1)",
            "t.js",
        ] {
            assert!(!valid_script_url(bad), "{bad}");
        }
    }
}
