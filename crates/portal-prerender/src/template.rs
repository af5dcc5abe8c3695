//! trunk's `index.html` (hashed asset names, integrity attributes) as the shell of
//! every page.
//!
//! The shell is rewritten once by an HTML rewriter (lol_html): trunk's inline module
//! loader becomes a file of its own started after the page has loaded, the preloads go,
//! and each place a page fills is marked. A shell missing any of those places is an
//! error, not a page without its title or its data. Each page is then the shell's
//! pieces with the page's parts between them, each part written by an escaping writer
//! for its context ([`crate::html`]).

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::ContentType;
use lol_html::{doc_comments, element, rewrite_str, text, RewriteStrSettings};
use sha2::{Digest, Sha256};

use crate::headers::script_hash;

/// The places a page fills, in the order they come in the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    /// `<html lang>`.
    Lang,
    /// Right after `<meta charset>`: the Content-Security-Policy `<meta>`.
    First,
    /// The `<title>`'s text.
    Title,
    /// Before `</head>`.
    Head,
    /// The content of `<div id="app">`.
    App,
    /// Before `</body>`: the page's data.
    Data,
}

const SLOTS: [Slot; 6] = [
    Slot::Lang,
    Slot::First,
    Slot::Title,
    Slot::Head,
    Slot::App,
    Slot::Data,
];

/// A marker no shell contains (checked).
fn marker(slot: Slot) -> String {
    format!("\u{1}{slot:?}\u{1}")
}

enum Part {
    Text(String),
    Slot(Slot),
}

pub struct Template {
    parts: Vec<Part>,
    /// CSP hashes of the inline scripts the pages have.
    pub script_hashes: Vec<String>,
}

/// What one page puts in the shell. Every field but `title` and `lang` is HTML made by
/// an escaping writer; `title` is text (escaped here); `lang` is `vi` or `en`.
pub struct PageParts<'a> {
    pub lang: &'a str,
    pub first: &'a str,
    pub title: &'a str,
    pub head: &'a str,
    pub app: &'a str,
    pub data: &'a str,
}

/// trunk's loader script, moved to a file of its own (so the CSP needs no hash that
/// changes with every build): `(file name, contents)`.
pub type Loader = (String, String);

/// `<prefix>-<16 hex digits of code's SHA-256>.js`: a script published under a name
/// that changes with its content (cached for a year).
pub fn hashed_name(prefix: &str, code: &str) -> String {
    let digest = Sha256::digest(code.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{prefix}-{hex}.js")
}

/// The code that starts the app from the page's inline script, for a shell without
/// controls.js (which starts it otherwise): the loader `name` is added once the page
/// has loaded and been painted (the frame after `load`), so no request for the app
/// competes with the page itself, nor comes before its largest paint. A reader who
/// saves data (the browser's Save-Data, or a 2G connection) gets the pages alone.
pub fn app_loader(name: &str) -> String {
    format!(
        "addEventListener(\"load\",function(){{var c=navigator.connection;if(c&&(c.saveData||/2g/.test(c.effectiveType)))return;requestAnimationFrame(function(){{setTimeout(function(){{var b=document.createElement(\"script\");b.type=\"module\";b.src=\"/{name}\";document.head.appendChild(b)}})}})}});"
    )
}

impl Template {
    /// Reads trunk's output; moves its inline module loader into a hashed file. `added`
    /// says, given that file, the code added to the page's inline script (what starts
    /// the controls or the app, the live reload of `--dev` builds).
    pub fn new(
        index: &str,
        added: impl FnOnce(Option<&Loader>) -> Result<String, String>,
    ) -> Result<(Template, Option<Loader>), String> {
        if index.contains('\u{1}') {
            return Err("index.html chứa ký tự điều khiển U+0001".into());
        }
        // First: the inline scripts as trunk wrote them.
        let module = Rc::new(RefCell::new(None::<String>));
        let classic = Rc::new(RefCell::new(Vec::<String>::new()));
        {
            // Text arrives in pieces; each script's is complete at its last piece.
            let (module, classic) = (module.clone(), classic.clone());
            let (mut module_text, mut classic_text) = (String::new(), String::new());
            rewrite_str(
                index,
                RewriteStrSettings::new()
                    .append_element_content_handler(text!("script[type=module]:not([src])", move |t| {
                        module_text.push_str(t.as_str());
                        if t.last_in_text_node() {
                            *module.borrow_mut() = Some(std::mem::take(&mut module_text));
                        }
                        Ok(())
                    }))
                    .append_element_content_handler(text!("script:not([src]):not([type])", move |t| {
                        classic_text.push_str(t.as_str());
                        if t.last_in_text_node() {
                            classic.borrow_mut().push(std::mem::take(&mut classic_text));
                        }
                        Ok(())
                    })),
            )
            .map_err(|e| format!("index.html: {e}"))?;
        }
        let module = module.borrow_mut().take();
        let mut classic = classic.borrow().clone();
        let loader = match module {
            Some(code) if code.contains("import init") => {
                let code = deferred_loader(code.trim())?;
                Some((hashed_name("boot", &code), code))
            }
            _ => None,
        };
        let mut added = added(loader.as_ref())?;
        if classic.is_empty() {
            return Err("index.html không có thẻ <script> nội tuyến (đặt cỡ chữ trước khi vẽ trang)".into());
        }
        // On a line of its own after an empty statement: the shell's script may end
        // without `;` or in a `//` comment.
        if !added.is_empty() {
            added.insert_str(0, "\n;");
        }
        classic[0].push_str(&added);

        // Then the shell with its places marked.
        let seen = Rc::new(RefCell::new(Vec::<&'static str>::new()));
        let first_script = Rc::new(RefCell::new(true));
        let mark = |name: &'static str| {
            let seen = seen.clone();
            move || seen.borrow_mut().push(name)
        };
        let (m_html, m_meta, m_title, m_head, m_app, m_body) = (
            mark("<html>"),
            mark("<meta charset>"),
            mark("<title>"),
            mark("<head>"),
            mark("<div id=\"app\">"),
            mark("<body>"),
        );
        let has_loader = loader.is_some();
        let out = rewrite_str(
            index,
            RewriteStrSettings::new()
                // Comments are for whoever edits index.html; every page would carry them.
                .append_document_content_handler(doc_comments!(|c| {
                    c.remove();
                    Ok(())
                }))
                .append_element_content_handler(element!("html", move |el| {
                    m_html();
                    el.set_attribute("lang", &marker(Slot::Lang))?;
                    Ok(())
                }))
                .append_element_content_handler(element!("meta[charset]", move |el| {
                    m_meta();
                    el.after(&marker(Slot::First), ContentType::Html);
                    Ok(())
                }))
                .append_element_content_handler(element!("title", move |el| {
                    m_title();
                    el.set_inner_content(&marker(Slot::Title), ContentType::Html);
                    Ok(())
                }))
                .append_element_content_handler(element!("head", move |el| {
                    m_head();
                    el.append(&marker(Slot::Head), ContentType::Html);
                    Ok(())
                }))
                .append_element_content_handler(element!("div#app", move |el| {
                    m_app();
                    el.set_inner_content(&marker(Slot::App), ContentType::Html);
                    Ok(())
                }))
                .append_element_content_handler(element!("body", move |el| {
                    m_body();
                    el.append(&marker(Slot::Data), ContentType::Html);
                    Ok(())
                }))
                .append_element_content_handler(element!("script[type=module]:not([src])", move |el| {
                    if has_loader {
                        el.remove();
                    }
                    Ok(())
                }))
                // trunk preloads the JS and the Wasm at high priority: on a slow network
                // they compete with the stylesheet and the images for the first paint.
                .append_element_content_handler(element!(
                    "link[rel=modulepreload], link[rel=preload]",
                    |el| {
                        el.remove();
                        Ok(())
                    }
                ))
                .append_element_content_handler(element!("script:not([src]):not([type])", move |el| {
                    if std::mem::replace(&mut *first_script.borrow_mut(), false) {
                        el.append(&added, ContentType::Html);
                    }
                    Ok(())
                })),
        )
        .map_err(|e| format!("index.html: {e}"))?;
        let seen = seen.borrow();
        for needed in [
            "<html>",
            "<head>",
            "<meta charset>",
            "<title>",
            "<div id=\"app\">",
            "<body>",
        ] {
            if !seen.contains(&needed) {
                return Err(format!("index.html không có {needed}: không dựng được các trang"));
            }
        }
        let out = tidy(&out);
        let mut parts = Vec::new();
        let mut rest = out.as_str();
        for slot in SLOTS {
            let m = marker(slot);
            let i = rest
                .find(&m)
                .ok_or_else(|| format!("index.html: thứ tự các phần không như mong đợi ({slot:?})"))?;
            parts.push(Part::Text(rest[..i].to_string()));
            parts.push(Part::Slot(slot));
            rest = &rest[i + m.len()..];
        }
        if rest.contains('\u{1}') {
            return Err("index.html: một phần xuất hiện hai lần".into());
        }
        parts.push(Part::Text(rest.to_string()));
        let script_hashes = classic.iter().map(|s| script_hash(s)).collect();
        Ok((Template { parts, script_hashes }, loader))
    }

    /// A page: the shell with `p`'s parts in their places.
    pub fn page(&self, p: &PageParts) -> String {
        let mut html = String::with_capacity(16 * 1024 + p.app.len() + p.data.len());
        for part in &self.parts {
            match part {
                Part::Text(t) => html.push_str(t),
                Part::Slot(Slot::Lang) => html.push_str(&html_escape::encode_double_quoted_attribute(p.lang)),
                Part::Slot(Slot::First) => html.push_str(p.first),
                Part::Slot(Slot::Title) => html.push_str(&html_escape::encode_text(p.title)),
                Part::Slot(Slot::Head) => html.push_str(p.head),
                Part::Slot(Slot::App) => html.push_str(p.app),
                Part::Slot(Slot::Data) => html.push_str(p.data),
            }
        }
        html
    }
}

/// The shell without its indentation and the blank lines trunk leaves where it took its
/// `<link data-trunk>` out (every page would carry them): whitespace between two tags
/// (or a place a page fills) becomes one line break, which renders as the whitespace
/// it was (the shell has no `<pre>`). The scripts' text is left as it is (its hash is
/// in the Content-Security-Policy).
fn tidy(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut after_tag = false;
    while !rest.is_empty() {
        let (plain, kept) = match rest.find("<script") {
            Some(i) => {
                let end = rest[i..]
                    .find("</script>")
                    .map_or(rest.len(), |j| i + j + "</script>".len());
                (&rest[..i], &rest[i..end])
            }
            None => (rest, ""),
        };
        let mut chars = plain.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if after_tag && c.is_ascii_whitespace() {
                let run_end = plain[at..]
                    .find(|c: char| !c.is_ascii_whitespace())
                    .map_or(plain.len(), |j| at + j);
                let run = &plain[at..run_end];
                let before_tag = plain[run_end..].starts_with(['<', '\u{1}'])
                    || run_end == plain.len() && !kept.is_empty();
                if before_tag && run.contains('\n') {
                    out.push('\n');
                } else {
                    out.push_str(run);
                }
                while chars.peek().is_some_and(|&(i, _)| i < run_end) {
                    chars.next();
                }
                after_tag = false;
                continue;
            }
            // A place a page fills (a marker) ends like a tag.
            after_tag = c == '>' || c == '\u{1}';
            out.push(c);
        }
        out.push_str(kept);
        if !kept.is_empty() {
            after_tag = kept.ends_with('>');
        }
        rest = &rest[plain.len() + kept.len()..];
    }
    out
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
    let asset = |s: &str| {
        s.starts_with('/')
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"/-_.".contains(&b))
    };
    let js = quoted_after(trunk_loader, "from '")
        .filter(|s| asset(s))
        .ok_or("trunk's loader: no `from '…'`")?;
    let wasm = quoted_after(trunk_loader, "module_or_path: '")
        .filter(|s| asset(s))
        .ok_or("trunk's loader: no `module_or_path: '…'`")?;
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

    const INDEX: &str = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><script>var a=1</script><title>x</title>\n<link rel=\"modulepreload\" href=\"/p-1.js\"><link rel=\"preload\" href=\"/p-1_bg.wasm\" as=\"fetch\"><script type=\"module\">\nimport init, * as bindings from '/p-1.js';\nconst wasm = await init({ module_or_path: '/p-1_bg.wasm' });\n</script></head><body><div id=\"app\"><p>Đang tải</p></div></body></html>";

    fn starts_app(loader: Option<&Loader>) -> Result<String, String> {
        Ok(loader.map(|(name, _)| app_loader(name)).unwrap_or_default())
    }

    #[test]
    fn the_shells_indentation_goes_and_scripts_stay_as_they_are() {
        let shell = "<!DOCTYPE html>\n<html>\n<head>\n    <meta charset=\"utf-8\">\n    \n\n    <script>if (a >\n    <b) x()</script>\n    <title>t</title> <link rel=\"icon\">\n    \u{1}Head\u{1}</head>\n<body>\n    <div id=\"app\"></div>\n</body>\n</html>";
        assert_eq!(
            tidy(shell),
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<script>if (a >\n    <b) x()</script>\n<title>t</title> <link rel=\"icon\">\n\u{1}Head\u{1}</head>\n<body>\n<div id=\"app\"></div>\n</body>\n</html>"
        );
    }

    fn parts<'a>(title: &'a str, app: &'a str) -> PageParts<'a> {
        PageParts {
            lang: "en",
            first: "<meta name=\"csp\">",
            title,
            head: "<meta name=\"a\">",
            app,
            data: "<script type=\"application/json\">{}</script>",
        }
    }

    #[test]
    fn loader_moves_to_a_file_and_inline_scripts_are_hashed() {
        let (t, loader) = Template::new(INDEX, starts_app).unwrap();
        let (name, code) = loader.unwrap();
        assert!(name.starts_with("boot-") && name.ends_with(".js") && name.len() == "boot-.js".len() + 16);
        assert!(code.contains("await import('/p-1.js')"), "{code}");
        assert!(
            code.contains("bindings.default({ module_or_path: '/p-1_bg.wasm' })"),
            "{code}"
        );
        assert!(code.contains("addEventListener('load', start"), "{code}");
        let inline = format!(
            "var a=1\n;addEventListener(\"load\",function(){{var c=navigator.connection;if(c&&(c.saveData||/2g/.test(c.effectiveType)))return;requestAnimationFrame(function(){{setTimeout(function(){{var b=document.createElement(\"script\");b.type=\"module\";b.src=\"/{name}\";document.head.appendChild(b)}})}})}});"
        );
        assert_eq!(t.script_hashes, [script_hash(&inline)]);
        let page = t.page(&parts("Tiêu đề & “x” </title><script>", "<main>m</main>"));
        assert!(
            page.starts_with(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"csp\"><script>"
            ),
            "{page}"
        );
        assert!(page.contains(&format!("<script>{inline}</script>")));
        assert!(!page.contains("<script type=\"module\""));
        assert!(
            page.contains("<title>Tiêu đề &amp; “x” &lt;/title&gt;&lt;script&gt;</title>"),
            "{page}"
        );
        assert!(page.contains("<meta name=\"a\"></head>"));
        assert!(page.contains("<div id=\"app\"><main>m</main></div>"));
        assert!(page.contains("{}</script></body>"));
        assert!(!page.contains("Đang tải"));
        assert!(!page.contains("preload"), "{page}");
    }

    #[test]
    fn dev_code_joins_the_inline_script() {
        let (t, loader) = Template::new(INDEX, |l| Ok(starts_app(l)? + "reload();")).unwrap();
        let (name, _) = loader.unwrap();
        let page = t.page(&parts("t", ""));
        assert!(page.contains("appendChild(b)})})});reload();</script>"), "{page}");
        assert!(page.contains(&name));
    }

    #[test]
    fn a_shell_without_a_place_for_the_page_is_refused() {
        for (shell, missing) in [
            ("<html><head><meta charset=utf-8><script>x</script><title></title></head><body></body></html>", "app"),
            ("<html><head><meta charset=utf-8><script>x</script></head><body><div id=app></div></body></html>", "<title>"),
            ("<html><head><script>x</script><title></title></head><body><div id=app></div></body></html>", "charset"),
            ("<html><head><meta charset=utf-8><title></title></head><body><div id=app></div></body></html>", "<script>"),
        ] {
            let e = Template::new(shell, starts_app)
                .err()
                .unwrap_or_else(|| panic!("accepted {shell}"));
            assert!(e.contains(missing), "{e}");
        }
    }
}
