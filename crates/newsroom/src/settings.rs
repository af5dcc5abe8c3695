//! What quản trị edits of the site: its name and description, the office's contact,
//! the sections and the links in the footer — all in `site.toml`, changed in place
//! (toml_edit keeps the file's comments, order and everything not edited), and checked
//! by the content build's own reading of it before anything is written.

use std::collections::HashMap;

use toml_edit::{value, ArrayOfTables, DocumentMut, Item, Table};

/// The settings as the form shows them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub name: String,
    /// The name under the portal's icon on a phone (optional: none, the name).
    pub short_name: String,
    pub unit_name: String,
    pub description: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub fax: String,
    /// Slug (fixed: articles and addresses name it), name, description.
    pub sections: Vec<(String, String, String)>,
    /// Name, address.
    pub links: Vec<(String, String)>,
}

fn text(item: &Item, key: &str) -> String {
    item.get(key)
        .and_then(Item::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The settings in `site.toml`'s text.
pub fn read(site_toml: &str) -> Result<Settings, String> {
    let doc: DocumentMut = site_toml
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("site.toml không đọc được: {}", e.message()))?;
    let root = doc.as_item();
    let contact = doc.get("contact").cloned().unwrap_or(Item::None);
    let rows = |key: &str| -> Vec<Table> {
        doc.get(key)
            .and_then(Item::as_array_of_tables)
            .map(|a| a.iter().cloned().collect())
            .unwrap_or_default()
    };
    Ok(Settings {
        name: text(root, "name"),
        short_name: text(root, "short_name"),
        unit_name: text(root, "unit_name"),
        description: text(root, "description"),
        address: text(&contact, "address"),
        phone: text(&contact, "phone"),
        email: text(&contact, "email"),
        fax: text(&contact, "fax"),
        sections: rows("sections")
            .iter()
            .map(|t| {
                let get = |k| t.get(k).and_then(Item::as_str).unwrap_or_default().to_string();
                (get("slug"), get("name"), get("description"))
            })
            .collect(),
        links: rows("related_links")
            .iter()
            .map(|t| {
                let get = |k| t.get(k).and_then(Item::as_str).unwrap_or_default().to_string();
                (get("name"), get("url"))
            })
            .collect(),
    })
}

/// One line of a form field (a value of `site.toml` is one line).
fn line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The settings form as sent: `ten`, `ten-ngan`, `don-vi`, `mo-ta`, `dia-chi`, `dien-thoai`,
/// `email`, `fax`; `muc-<i>-ten` and `muc-<i>-mo-ta` for the sections as listed,
/// `muc-moi-ten`/`muc-moi-mo-ta` for a new one; `lk-<i>-ten`/`lk-<i>-url` for the
/// links (both empty: removed), `lk-moi-ten`/`lk-moi-url` for a new one.
pub fn apply(site_toml: &str, form: &HashMap<String, String>) -> Result<String, String> {
    let mut doc: DocumentMut = site_toml
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("site.toml không đọc được: {}", e.message()))?;
    let field = |k: &str| line(form.get(k).map_or("", String::as_str));
    for (key, form_key) in [("name", "ten"), ("unit_name", "don-vi"), ("description", "mo-ta")] {
        if form.contains_key(form_key) {
            doc[key] = value(field(form_key));
        }
    }
    // Optional: left empty, the key goes (the manifest then uses the name).
    if form.contains_key("ten-ngan") {
        match field("ten-ngan") {
            v if v.is_empty() => {
                doc.remove("short_name");
            }
            v => doc["short_name"] = value(v),
        }
    }
    if !doc.contains_key("contact") {
        doc["contact"] = Item::Table(Table::new());
    }
    for (key, form_key) in [
        ("address", "dia-chi"),
        ("phone", "dien-thoai"),
        ("email", "email"),
        ("fax", "fax"),
    ] {
        if !form.contains_key(form_key) {
            continue;
        }
        let v = field(form_key);
        let contact = doc["contact"]
            .as_table_mut()
            .ok_or("[contact] phải là một bảng")?;
        if v.is_empty() {
            contact.remove(key);
        } else {
            contact[key] = value(v);
        }
    }

    let sections = doc
        .entry("sections")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or("sections phải là danh sách [[sections]]")?;
    let mut slugs: Vec<String> = Vec::new();
    for (i, t) in sections.iter_mut().enumerate() {
        if let Some(name) = form.get(&format!("muc-{i}-ten")) {
            t["name"] = value(line(name));
        }
        if let Some(d) = form.get(&format!("muc-{i}-mo-ta")) {
            let d = line(d);
            if d.is_empty() {
                t.remove("description");
            } else {
                t["description"] = value(d);
            }
        }
        slugs.push(
            t.get("slug")
                .and_then(Item::as_str)
                .unwrap_or_default()
                .to_string(),
        );
    }
    let new_name = field("muc-moi-ten");
    if !new_name.is_empty() {
        let slug = portal_core::slugify(&new_name);
        if slug.is_empty() || slugs.contains(&slug) {
            return Err(format!(
                "Đã có chuyên mục với địa chỉ “{slug}”: hãy đặt tên khác."
            ));
        }
        let mut t = Table::new();
        t["slug"] = value(slug);
        t["name"] = value(new_name);
        let d = field("muc-moi-mo-ta");
        if !d.is_empty() {
            t["description"] = value(d);
        }
        sections.push(t);
    }

    let links = doc
        .entry("related_links")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or("related_links phải là danh sách [[related_links]]")?;
    let mut gone = Vec::new();
    for (i, t) in links.iter_mut().enumerate() {
        let (name, url) = (form.get(&format!("lk-{i}-ten")), form.get(&format!("lk-{i}-url")));
        if let (Some(name), Some(url)) = (name, url) {
            let (name, url) = (line(name), line(url));
            if name.is_empty() && url.is_empty() {
                gone.push(i);
            } else {
                t["name"] = value(name);
                t["url"] = value(url);
            }
        }
    }
    for i in gone.into_iter().rev() {
        links.remove(i);
    }
    let (name, url) = (field("lk-moi-ten"), field("lk-moi-url"));
    if !name.is_empty() || !url.is_empty() {
        let mut t = Table::new();
        t["name"] = value(name);
        t["url"] = value(url);
        links.push(t);
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "# Cấu hình.\nname = \"Cổng xã\"\nunit_name = \"UBND xã\"\nunit_type = \"xã\"\ndescription = \"Mô tả.\"\nbase_url = \"https://xa.example.gov.vn\"\n\n[contact]\naddress = \"Ấp 1\"\nphone = \"0297\"\nemail = \"a@b.vn\"\n\n# Các chuyên mục.\n[[sections]]\nslug = \"tin-tuc\"\nname = \"Tin tức\"\n\n[[related_links]]\nname = \"Chính phủ\"\nurl = \"https://chinhphu.vn\"\n";

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn edits_change_only_their_values_and_keep_the_comments() {
        let out = apply(
            SITE,
            &form(&[
                ("ten", "Cổng thông tin\nxã Mới"),
                ("fax", "0297 111"),
                ("muc-0-ten", "Tin \"nóng\""),
                ("muc-moi-ten", "Thông báo"),
                ("muc-moi-mo-ta", "Lịch và thông báo."),
                ("lk-0-ten", ""),
                ("lk-0-url", ""),
                ("lk-moi-ten", "Tỉnh"),
                ("lk-moi-url", "https://tinh.gov.vn"),
            ]),
        )
        .unwrap();
        assert!(
            out.starts_with("# Cấu hình.\nname = \"Cổng thông tin xã Mới\"\n"),
            "{out}"
        );
        assert!(out.contains("# Các chuyên mục."));
        assert!(out.contains("unit_type = \"xã\""));
        let s = read(&out).unwrap();
        assert_eq!(s.fax, "0297 111");
        assert_eq!(
            s.sections,
            vec![
                ("tin-tuc".into(), "Tin \"nóng\"".into(), String::new()),
                (
                    "thong-bao".into(),
                    "Thông báo".into(),
                    "Lịch và thông báo.".into()
                )
            ]
        );
        assert_eq!(s.links, vec![("Tỉnh".into(), "https://tinh.gov.vn".into())]);
        let again = apply(&out, &form(&[("muc-moi-ten", "Thông báo")])).unwrap_err();
        assert!(again.contains("thong-bao"), "{again}");
    }

    #[test]
    fn the_short_name_is_set_and_taken_away() {
        let out = apply(SITE, &form(&[("ten-ngan", " Xã  Mới ")])).unwrap();
        assert_eq!(read(&out).unwrap().short_name, "Xã Mới");
        // A plain TOML key of the root table, before [contact].
        let at = out.find("short_name = \"Xã Mới\"").unwrap();
        assert!(at < out.find("[contact]").unwrap(), "{out}");
        let out = apply(&out, &form(&[("ten-ngan", "")])).unwrap();
        assert!(!out.contains("short_name"), "{out}");
        // A form without the field leaves it.
        let kept = apply(
            &apply(SITE, &form(&[("ten-ngan", "Xã")])).unwrap(),
            &form(&[("ten", "Cổng")]),
        )
        .unwrap();
        assert_eq!(read(&kept).unwrap().short_name, "Xã");
    }
}
