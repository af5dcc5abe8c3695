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
                let code = deferred_loader(&code)?;
                let digest = Sha256::digest(code.as_bytes());
                let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
                let name = format!("boot-{hex}.js");
                html.replace_range(start..end + "</script>".len(), "");
                // The page's inline script adds the loader once the page has loaded:
                // no request for the app competes with the page itself.
                let add = format!(
                    "addEventListener(\"load\",function(){{var b=document.createElement(\"script\");b.type=\"module\";b.src=\"/{name}\";document.head.appendChild(b)}});"
                );
                match html.find("<script>") {
                    Some(i) => {
                        let close = html[i..].find("</script>").ok_or("unclosed <script>")? + i;
                        html.insert_str(close, &add);
                    }
                    None => {
                        let head_end = html.find("</head>").expect("checked");
                        html.insert_str(head_end, &format!("<script>{add}</script>"));
                    }
                }
                loader = Some((name, code));
            }
        }
        // trunk preloads the JS and the Wasm at high priority: on a slow network they
        // compete with the stylesheet and the images for the first paint. The app is
        // not needed to read the page, so it loads after it.
        for start_tag in ["<link rel=\"modulepreload\"", "<link rel=\"preload\""] {
            while let Some(i) = html.find(start_tag) {
                let end = html[i..].find('>').ok_or("unclosed <link>")? + i + 1;
                html.replace_range(i..end, "");
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

/// The text between `before` and the next `'`.
fn quoted_after<'a>(code: &'a str, before: &str) -> Option<&'a str> {
    let start = code.find(before)? + before.len();
    code[start..].find('\'').map(|end| &code[start..start + end])
}

/// The loader, as a module of its own: what trunk's inline loader does, starting once
/// the page has loaded (the page is readable without the app, so on a slow network its
/// 100+ KB wait until the text, the stylesheet and the images have arrived).
fn deferred_loader(trunk_loader: &str) -> Result<String, String> {
    let js = quoted_after(trunk_loader, "from '").ok_or("trunk's loader: no `from '…'`")?;
    let wasm =
        quoted_after(trunk_loader, "module_or_path: '").ok_or("trunk's loader: no `module_or_path: '…'`")?;
    Ok(format!(
        "// Starts the app after the page has loaded (reading comes first).\n\
         const start = async () => {{\n\
         \x20 const bindings = await import('{js}');\n\
         \x20 const wasm = await bindings.default({{ module_or_path: '{wasm}' }});\n\
         \x20 window.wasmBindings = bindings;\n\
         \x20 dispatchEvent(new CustomEvent('TrunkApplicationStarted', {{ detail: {{ wasm }} }}));\n\
         }};\n\
         if (document.readyState === 'complete') start(); else addEventListener('load', start, {{ once: true }});\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INDEX: &str = "<!DOCTYPE html><html lang=\"vi\"><head><script>var a=1</script><title>x</title>\n<link rel=\"modulepreload\" href=\"/p-1.js\"><link rel=\"preload\" href=\"/p-1_bg.wasm\" as=\"fetch\"><script type=\"module\">\nimport init, * as bindings from '/p-1.js';\nconst wasm = await init({ module_or_path: '/p-1_bg.wasm' });\n</script></head><body><div id=\"app\"><p>Đang tải</p></div><!--/app--></body></html>";

    #[test]
    fn loader_moves_to_a_file_and_inline_scripts_are_hashed() {
        let (t, loader) = Template::new(INDEX).unwrap();
        let (name, code) = loader.unwrap();
        assert!(name.starts_with("boot-") && name.ends_with(".js") && name.len() == "boot-.js".len() + 16);
        assert!(code.contains("await import('/p-1.js')"), "{code}");
        assert!(
            code.contains("bindings.default({ module_or_path: '/p-1_bg.wasm' })"),
            "{code}"
        );
        assert!(code.contains("addEventListener('load', start"), "{code}");
        let inline = format!(
            "var a=1addEventListener(\"load\",function(){{var b=document.createElement(\"script\");b.type=\"module\";b.src=\"/{name}\";document.head.appendChild(b)}});"
        );
        assert_eq!(t.script_hashes, [script_hash(&inline)]);
        let page = t.page(
            "Tiêu đề & “x”",
            "<meta name=\"csp\">",
            "<meta name=\"a\">",
            "<main>m</main>",
            "<script type=\"application/json\">{}</script>",
        );
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"vi\"><head><meta name=\"csp\"><script>"));
        assert!(page.contains(&format!("<script>{inline}</script>")));
        assert!(!page.contains("<script type=\"module\""));
        assert!(page.contains("<title>Tiêu đề &amp; “x”</title>"));
        assert!(page.contains("<meta name=\"a\"></head>"));
        assert!(page.contains("<div id=\"app\"><main>m</main></div><!--/app-->"));
        assert!(page.contains("{}</script></body>"));
        assert!(!page.contains("Đang tải"));
        assert!(!page.contains("preload"), "{page}");
    }

    #[test]
    fn a_shell_without_the_app_element_is_refused() {
        assert!(Template::new("<html><head><title></title></head><body></body></html>").is_err());
    }
}
