//! The rest of the site officers edit, each save whole as an article's is: the site's
//! settings (`site.toml`), the static pages and the documents library (Văn bản) with
//! their attached files — checked by the content build, committed, the site rebuilt, or
//! nothing changed.

use super::*;

impl Work {
    /// `site.toml` now, and its fingerprint (a form sent from an older one is refused).
    pub fn settings(&self) -> Result<(String, String), Refusal> {
        let text = std::fs::read_to_string(self.desk.content().join("site.toml"))
            .map_err(|e| Refusal::Failed(format!("Không đọc được site.toml: {e}")))?;
        let base = desk::fingerprint(&text);
        Ok((text, base))
    }

    /// Quản trị's settings (the form's fields: [`crate::settings::apply`]): written when
    /// the content build reads them as valid and the site builds with them; otherwise
    /// `site.toml` and the site stay as they were.
    pub fn save_settings(
        &mut self,
        user: &User,
        form: &std::collections::HashMap<String, String>,
        base: &str,
    ) -> Result<String, Refusal> {
        if user.role != crate::accounts::Role::QuanTri {
            return Err(Refusal::Forbidden("Chỉ quản trị mới sửa được cài đặt của trang."));
        }
        let (old, now) = self.settings()?;
        if now != base {
            return Err(Refusal::Wrong(
                "Cài đặt vừa được người khác sửa trong lúc bạn sửa. Những gì bạn nhập vẫn còn dưới đây; \
                 hãy xem lại rồi lưu lần nữa."
                    .into(),
            ));
        }
        let new = crate::settings::apply(&old, form).map_err(Refusal::Wrong)?;
        let content = self.desk.content().to_path_buf();
        let assets = portal_content::assets::Assets::new(&content);
        let mut diags = Vec::new();
        let file = std::path::Path::new("site.toml");
        let mut reporter = portal_content::Reporter {
            file,
            diags: &mut diags,
        };
        let _ = portal_content::site::parse(&new, &assets, &mut reporter);
        if !diags.is_empty() {
            let why: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
            return Err(Refusal::Wrong(format!("Cài đặt chưa hợp lệ: {}", why.join("; "))));
        }
        let path = content.join("site.toml");
        desk::write_file(&path, &new).map_err(Refusal::Failed)?;
        let summary = match self.site.build() {
            Ok(summary) => summary,
            Err(why) => {
                let _ = desk::write_file(&path, &old);
                return Err(Refusal::Failed(why));
            }
        };
        self.record(user, "Sửa cài đặt của trang".into());
        Ok(summary)
    }

    /// The static page named `name` (`gioi-thieu`, `en/about`), with the fingerprint of
    /// its file.
    pub fn static_page(&self, name: &str) -> Result<(crate::static_page::Page, String), Refusal> {
        let file = crate::static_page::file_of(name).ok_or(Refusal::NotFound)?;
        let text = std::fs::read_to_string(self.desk.content().join("pages").join(&file))
            .map_err(|_| Refusal::NotFound)?;
        let page = crate::static_page::read(&file, &text).map_err(Refusal::Failed)?;
        Ok((page, desk::fingerprint(&text)))
    }

    /// Saves a static page (biên tập and quản trị) and rebuilds the site; when the build
    /// refuses it, the file is put back and the site is as it was.
    pub fn save_static_page(
        &mut self,
        user: &User,
        name: &str,
        page: &crate::static_page::Page,
        base: &str,
    ) -> Result<String, Refusal> {
        if !matches!(
            user.role,
            crate::accounts::Role::BienTap | crate::accounts::Role::QuanTri
        ) {
            return Err(Refusal::Forbidden(
                "Chỉ biên tập viên và quản trị sửa được các trang của cổng.",
            ));
        }
        let file = crate::static_page::file_of(name).ok_or(Refusal::NotFound)?;
        let path = self.desk.content().join("pages").join(&file);
        let old = std::fs::read_to_string(&path).map_err(|_| Refusal::NotFound)?;
        if desk::fingerprint(&old) != base {
            return Err(Refusal::Wrong(
                "Trang vừa được người khác sửa trong lúc bạn sửa. Nội dung bạn viết vẫn còn dưới đây; \
                 hãy xem lại rồi lưu lần nữa."
                    .into(),
            ));
        }
        if page.title.trim().is_empty() {
            return Err(Refusal::Wrong("Trang cần có tiêu đề.".into()));
        }
        let new = crate::static_page::edited(&old, &page.title, &page.description, &page.body)
            .map_err(Refusal::Failed)?;
        desk::write_file(&path, &new).map_err(Refusal::Failed)?;
        let summary = match self.site.build() {
            Ok(summary) => summary,
            Err(why) => {
                let _ = desk::write_file(&path, &old);
                return Err(Refusal::Failed(why));
            }
        };
        self.record(user, format!("Sửa trang: {} (pages/{file})", page.title.trim()));
        Ok(summary)
    }

    /// Document `id` and the fingerprint of its file.
    pub fn document(&self, id: &str) -> Result<(crate::document::Doc, String), Refusal> {
        if !crate::document::is_id(id) {
            return Err(Refusal::NotFound);
        }
        let text = std::fs::read_to_string(self.desk.content().join("documents").join(format!("{id}.md")))
            .map_err(|_| Refusal::NotFound)?;
        Ok((
            crate::document::read(&text).map_err(Refusal::Failed)?,
            desk::fingerprint(&text),
        ))
    }

    /// Keeps an attached file in `content/files/` under a name of its own (its words
    /// and a hash of its bytes), checked by the content build's rules (format by its
    /// bytes, size). Returns its name.
    fn attach(&self, name: &str, bytes: &[u8]) -> Result<(String, bool), Refusal> {
        let wrong = |message: String| {
            Refusal::Invalid(vec![Problem {
                field: article::Field::Image,
                message,
            }])
        };
        if name.contains(['/', '\\']) || name.starts_with('.') || name.chars().any(char::is_control) {
            return Err(wrong(format!(
                "Tên tệp “{}” không hợp lệ: không được chứa đường dẫn.",
                name.chars().take(80).collect::<String>()
            )));
        }
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let ext = ext.to_ascii_lowercase();
        if !portal_content::assets::ATTACHMENT_FORMATS
            .iter()
            .any(|(e, _)| *e == ext)
        {
            let known: Vec<&str> = portal_content::assets::ATTACHMENT_FORMATS
                .iter()
                .map(|(e, _)| *e)
                .collect();
            return Err(wrong(format!(
                "Tệp đính kèm phải là một trong các loại: {}.",
                known.join(", ")
            )));
        }
        if bytes.len() as u64 > portal_content::assets::MAX_ATTACHMENT_BYTES {
            return Err(wrong("Tệp đính kèm lớn hơn 50 MB.".into()));
        }
        let mut words = portal_core::slugify(stem);
        words.truncate(60);
        let words = words.trim_end_matches('-');
        let words = if words.is_empty() { "tep" } else { words };
        let hash: String = {
            use sha2::Digest;
            sha2::Sha256::digest(bytes)
                .iter()
                .take(8)
                .map(|b| format!("{b:02x}"))
                .collect()
        };
        let file = format!("{words}-{hash}.{ext}");
        let dir = self.desk.content().join("files");
        std::fs::create_dir_all(&dir).map_err(|e| Refusal::Failed(e.to_string()))?;
        let path = dir.join(&file);
        let new = !path.exists();
        if new {
            // A dot name: the content build passes over it, should it ever be left.
            let tmp = dir.join(format!(".tai-len-{file}"));
            std::fs::write(&tmp, bytes)
                .and_then(|()| std::fs::rename(&tmp, &path))
                .map_err(|e| {
                    let _ = std::fs::remove_file(&tmp);
                    Refusal::Failed(e.to_string())
                })?;
        }
        let assets = portal_content::assets::Assets::new(self.desk.content());
        if let Err(why) = assets.attachment(&file) {
            if new {
                let _ = std::fs::remove_file(&path);
            }
            return Err(wrong(format!(
                "Tệp “{}”: {why}",
                name.chars().take(80).collect::<String>()
            )));
        }
        Ok((file, new))
    }

    /// Saves a document (`id` `None`: a new one) with the attached files it keeps and
    /// one more, if sent; the site is rebuilt, or everything is put back. Returns its
    /// name.
    pub fn save_document(
        &mut self,
        user: &User,
        id: Option<&str>,
        fields: &crate::document::Fields,
        keep: &[String],
        upload: Option<(&str, &[u8])>,
        base: &str,
    ) -> Result<String, Refusal> {
        use crate::document;
        if !matches!(
            user.role,
            crate::accounts::Role::BienTap | crate::accounts::Role::QuanTri
        ) {
            return Err(Refusal::Forbidden(
                "Chỉ biên tập viên và quản trị sửa được văn bản.",
            ));
        }
        let dir = self.desk.content().join("documents");
        let (id, old) = match id {
            Some(id) => {
                let (_, now) = self.document(id)?;
                if now != base {
                    return Err(Refusal::Wrong(
                        "Văn bản vừa được người khác sửa trong lúc bạn sửa. Những gì bạn nhập vẫn còn dưới đây; hãy xem lại rồi lưu lần nữa.".into(),
                    ));
                }
                let text =
                    std::fs::read_to_string(dir.join(format!("{id}.md"))).map_err(|_| Refusal::NotFound)?;
                (id.to_string(), Some(text))
            }
            None => {
                let year = fields.ngay_ban_hanh.get(..4).unwrap_or_default();
                let mut base_id = portal_core::slugify(&format!("{} {year}", fields.so_ky_hieu));
                base_id.truncate(100);
                let base_id = base_id.trim_end_matches('-').to_string();
                if base_id.is_empty() || !document::is_id(&base_id) {
                    return Err(Refusal::Wrong(
                        "Hãy nhập số, ký hiệu và ngày ban hành của văn bản.".into(),
                    ));
                }
                let mut id = base_id.clone();
                let mut n = 2;
                while dir.join(format!("{id}.md")).exists() {
                    id = format!("{base_id}-{n}");
                    n += 1;
                }
                (id, None)
            }
        };
        let current = old
            .as_deref()
            .map(document::read)
            .transpose()
            .map_err(Refusal::Failed)?;
        let slug = current.as_ref().map_or_else(|| id.clone(), |d| d.slug.clone());
        let mut files: Vec<String> = current
            .map(|d| d.files.into_iter().filter(|f| keep.contains(f)).collect())
            .unwrap_or_default();
        let mut attached = None;
        if let Some((name, bytes)) = upload {
            let (file, new) = self.attach(name, bytes)?;
            if new {
                attached = Some(self.desk.content().join("files").join(&file));
            }
            if !files.contains(&file) {
                files.push(file);
            }
        }
        // A file sent with a save that does not happen goes too.
        let unattach = |attached: &Option<std::path::PathBuf>| {
            if let Some(path) = attached {
                let _ = std::fs::remove_file(path);
            }
        };
        let text = match document::edited(old.as_deref(), fields, &files, &slug) {
            Ok(text) => text,
            Err(why) => {
                unattach(&attached);
                return Err(Refusal::Failed(why));
            }
        };
        std::fs::create_dir_all(&dir).map_err(|e| Refusal::Failed(e.to_string()))?;
        let path = dir.join(format!("{id}.md"));
        if let Err(why) = desk::write_file(&path, &text) {
            unattach(&attached);
            return Err(Refusal::Failed(why));
        }
        if let Err(why) = self.site.build() {
            unattach(&attached);
            match &old {
                Some(old) => {
                    let _ = desk::write_file(&path, old);
                }
                None => {
                    let _ = std::fs::remove_file(&path);
                }
            }
            return Err(Refusal::Failed(why));
        }
        let what = if old.is_some() {
            "Sửa văn bản"
        } else {
            "Thêm văn bản"
        };
        self.record(
            user,
            format!("{what}: {} (documents/{id}.md)", fields.so_ky_hieu.trim()),
        );
        Ok(id)
    }
}
