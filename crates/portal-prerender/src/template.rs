//! trunk's `index.html` (hashed asset names, integrity attributes) as the shell of
//! every page.

use sha2::{Digest, Sha256};

use crate::headers::script_hash;

/// Marks the end of the app's element in `index.html`: `<div id="app">…</div><!--/app-->`.
const APP_START: &str = "<div id=\"app\">";
const APP_END: &str = "</div><!--/app-->";

pub struct Template {
    html: String,
    /// CSP hashes of the inline scripts that remain.
    pub script_hashes: Vec<String>,
}

/// trunk's loader script, moved to a file of its own (so the CSP needs no hash that
/// changes with every build): `(file name, contents)`.
pub type Loader = (String, String);

impl Template {
    /// Reads trunk's output; moves its inline module loader into a hashed file.
    pub fn new(index: &str) -> Result<(Template, Option<Loader>), String> {
        for needed in ["<title>", "</head>", "</body>", APP_START, APP_END] {
            if !index.contains(needed) {
                return Err(format!("index.html has no `{needed}`"));
            }
        }
        let mut html = index.to_string();
        let mut loader = None;
        if let Some(start) = html.find("<script type=\"module\">") {
            let body_start = start + "<script type=\"module\">".len();
            let end = html[body_start..]
                .find("</script>")
                .ok_or("unclosed <script type=module>")?
                + body_start;
            let code = html[body_start..end].trim().to_string();
            if code.contains("import init") {
                let digest = Sha256::digest(code.as_bytes());
                let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
                let name = format!("boot-{hex}.js");
                html.replace_range(
                    start..end + "</script>".len(),
                    &format!("<script type=\"module\" src=\"/{name}\"></script>"),
                );
                loader = Some((name, code + "\n"));
            }
        }
        let mut script_hashes = Vec::new();
        let mut from = 0;
        while let Some(i) = html[from..].find("<script") {
            let tag_start = from + i;
            let tag_end = html[tag_start..].find('>').ok_or("unclosed <script")? + tag_start + 1;
            let close = html[tag_end..].find("</script>").ok_or("unclosed <script>")? + tag_end;
            let tag = &html[tag_start..tag_end];
            if !tag.contains(" src=") && !tag.contains("application/json") {
                script_hashes.push(script_hash(&html[tag_end..close]));
            }
            from = close;
        }
        Ok((Template { html, script_hashes }, loader))
    }

    /// A page: the title, `first` (markup that must come first in `<head>`, such as a
    /// CSP `<meta>`), more `<head>` markup, the app's markup, and the data.
    pub fn page(&self, title: &str, first: &str, head: &str, app: &str, data_script: &str) -> String {
        let mut html = self.html.clone();
        let charset = "<meta charset=\"utf-8\">";
        let at = match html.find(charset) {
            Some(i) => i + charset.len(),
            None => html.find("<head>").map_or(0, |i| i + "<head>".len()),
        };
        html.insert_str(at, first);
        let t0 = html.find("<title>").expect("checked");
        let t1 = html[t0..]
            .find("</title>")
            .map_or(t0 + 7, |i| t0 + i + "</title>".len());
        html.replace_range(t0..t1, &format!("<title>{}</title>", crate::html::escape(title)));
        let h = html.find("</head>").expect("checked");
        html.insert_str(h, head);
        let a0 = html.find(APP_START).expect("checked") + APP_START.len();
        let a1 = html.find(APP_END).expect("checked");
        html.replace_range(a0..a1, app);
        let b = html.rfind("</body>").expect("checked");
        html.insert_str(b, data_script);
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = "<!DOCTYPE html><html lang=\"vi\"><head><script>var a=1</script><title>x</title>\n<script type=\"module\">\nimport init from '/p-1.js';\nawait init();\n</script></head><body><div id=\"app\"><p>Đang tải</p></div><!--/app--></body></html>";

    #[test]
    fn loader_moves_to_a_file_and_inline_scripts_are_hashed() {
        let (t, loader) = Template::new(INDEX).unwrap();
        let (name, code) = loader.unwrap();
        assert!(name.starts_with("boot-") && name.ends_with(".js") && name.len() == "boot-.js".len() + 16);
        assert_eq!(code, "import init from '/p-1.js';\nawait init();\n");
        assert_eq!(t.script_hashes, [script_hash("var a=1")]);
        let page = t.page(
            "Tiêu đề & “x”",
            "<meta name=\"csp\">",
            "<meta name=\"a\">",
            "<main>m</main>",
            "<script type=\"application/json\">{}</script>",
        );
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"vi\"><head><meta name=\"csp\"><script>"));
        assert!(page.contains(&format!("<script type=\"module\" src=\"/{name}\"></script>")));
        assert!(page.contains("<title>Tiêu đề &amp; “x”</title>"));
        assert!(page.contains("<meta name=\"a\"></head>"));
        assert!(page.contains("<div id=\"app\"><main>m</main></div><!--/app-->"));
        assert!(page.contains("{}</script></body>"));
        assert!(!page.contains("Đang tải"));
    }

    #[test]
    fn a_shell_without_the_app_element_is_refused() {
        assert!(Template::new("<html><head><title></title></head><body></body></html>").is_err());
    }
}
