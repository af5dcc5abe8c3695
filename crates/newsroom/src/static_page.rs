//! The site's static pages (`content/pages/`: Giới thiệu, Liên hệ…, and their English
//! versions in `pages/en/`) as editors edit them: the title, the description and the
//! text. The rest of the file — its address, language, place in the menu, translation —
//! is kept as written (toml_edit changes only the edited values).

use std::path::Path;

use toml_edit::{value, DocumentMut};

/// A static page, read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Its file under `content/pages/`: `gioi-thieu.md`, `en/about.md`.
    pub file: String,
    pub title: String,
    pub description: String,
    pub body: String,
    /// Its address (`gioi-thieu`, `en/about`) and language, as written.
    pub slug: String,
    pub lang: String,
}

/// A page's file name from the newsroom's address: `gioi-thieu` or `en/about`.
pub fn file_of(name: &str) -> Option<String> {
    let parts: Vec<&str> = name.split('/').collect();
    let ok = match parts[..] {
        [one] => crate::desk::is_id(one),
        ["en", one] => crate::desk::is_id(one),
        _ => false,
    };
    ok.then(|| format!("{name}.md"))
}

fn split(text: &str) -> Result<(&str, &str), String> {
    let rest = text
        .strip_prefix("+++\n")
        .ok_or("Tệp trang không bắt đầu bằng phần đầu `+++`.")?;
    let end = rest
        .find("\n+++")
        .ok_or("Tệp trang thiếu dòng `+++` kết thúc phần đầu.")?;
    let body = &rest[end + 4..];
    Ok((&rest[..=end], body.strip_prefix('\n').unwrap_or(body)))
}

/// Reads the page in `text` (its file `file`).
pub fn read(file: &str, text: &str) -> Result<Page, String> {
    let (front, body) = split(text)?;
    let doc: DocumentMut = front
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("Phần đầu của trang không đọc được: {}", e.message()))?;
    let get = |k: &str| {
        doc.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    Ok(Page {
        file: file.to_string(),
        title: get("title"),
        description: get("description"),
        body: body.trim_start_matches('\n').to_string(),
        slug: get("slug"),
        lang: if get("lang").is_empty() {
            "vi".into()
        } else {
            get("lang")
        },
    })
}

/// `text` with the edited title, description and text; everything else as it was.
pub fn edited(text: &str, title: &str, description: &str, body: &str) -> Result<String, String> {
    let (front, _) = split(text)?;
    let mut doc: DocumentMut = front
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("Phần đầu của trang không đọc được: {}", e.message()))?;
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    doc["title"] = value(one_line(title));
    let description = one_line(description);
    if description.is_empty() {
        doc.remove("description");
    } else {
        doc["description"] = value(description);
    }
    let body = body.replace("\r\n", "\n");
    Ok(format!("+++\n{}+++\n{}\n", doc, body.trim_end()))
}

/// The static pages of `content`, Vietnamese first, by file.
pub fn list(content: &Path) -> Vec<Page> {
    let mut pages = Vec::new();
    for (dir, prefix) in [(content.join("pages"), ""), (content.join("pages/en"), "en/")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".md") else {
                continue;
            };
            let file = format!("{prefix}{stem}.md");
            if file_of(&format!("{prefix}{stem}")).as_deref() != Some(file.as_str()) {
                continue;
            }
            if let Ok(page) = std::fs::read_to_string(e.path())
                .map_err(|e| e.to_string())
                .and_then(|t| read(&file, &t))
            {
                pages.push(page);
            }
        }
    }
    pages.sort_by(|a, b| (a.lang != "vi", &a.file).cmp(&(b.lang != "vi", &b.file)));
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\ntitle = \"Giới thiệu\"\nslug = \"gioi-thieu\"\n# Trong menu, sau Trang chủ.\nmenu = \"before\"\norder = 1\n+++\nHuyện được thành lập năm 2009.\n";

    #[test]
    fn only_the_edited_values_change() {
        let out = edited(
            PAGE,
            "Giới thiệu\nchung",
            "Về huyện.",
            "Đoạn mới.\r\n\r\n- Một\r\n",
        )
        .unwrap();
        assert_eq!(
            out,
            "+++\ntitle = \"Giới thiệu chung\"\nslug = \"gioi-thieu\"\n# Trong menu, sau Trang chủ.\nmenu = \"before\"\norder = 1\ndescription = \"Về huyện.\"\n+++\nĐoạn mới.\n\n- Một\n"
        );
        let p = read("gioi-thieu.md", &out).unwrap();
        assert_eq!(
            (p.title.as_str(), p.slug.as_str(), p.lang.as_str()),
            ("Giới thiệu chung", "gioi-thieu", "vi")
        );
        assert_eq!(p.body, "Đoạn mới.\n\n- Một\n");
    }

    #[test]
    fn only_page_files_are_named() {
        assert_eq!(file_of("gioi-thieu").as_deref(), Some("gioi-thieu.md"));
        assert_eq!(file_of("en/about").as_deref(), Some("en/about.md"));
        for bad in ["../site", "en/../x", "a/b", "en/en/x", "", "A"] {
            assert_eq!(file_of(bad), None, "{bad}");
        }
    }
}
