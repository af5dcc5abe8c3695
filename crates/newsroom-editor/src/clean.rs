//! HTML → the content build's Markdown, keeping what an article is made of (paragraphs,
//! headings, lists — Word's included —, quotes, tables, bold, italic, links, the
//! site's own pictures) and dropping how it looked (fonts, colours, sizes, classes,
//! Word's and Google Docs' markup). Used for what is pasted, and for the editor's own
//! content when the form is sent: one function, so the two agree.
//!
//! The HTML is parsed as browsers do (html5ever, through scraper); nothing of it is
//! ever inserted as HTML: only the Markdown made here is kept.

use scraper::{ElementRef, Html, Node};

/// The Markdown of an HTML fragment or document (empty when it holds no text).
pub fn to_markdown(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut w = Writer::default();
    w.children(doc.root_element(), Marks::default());
    w.flush();
    render(&w.blocks)
}

#[derive(Debug, PartialEq)]
enum Block {
    Para(String),
    Heading(u8, String),
    List {
        ordered: bool,
        items: Vec<String>,
    },
    Quote(Vec<Block>),
    /// Rows (the first is the head), and each column's alignment (`---`, `:---`…).
    Table(Vec<Vec<String>>, Vec<&'static str>),
    /// A picture of the site, with its caption (the Markdown title).
    Picture {
        alt: String,
        src: String,
        caption: String,
    },
}

/// How a run of text is marked.
#[derive(Clone, Debug, Default, PartialEq)]
struct Marks {
    bold: bool,
    italic: bool,
    link: Option<String>,
}

#[derive(Debug)]
struct Run {
    text: String,
    marks: Marks,
}

#[derive(Default)]
struct Writer {
    blocks: Vec<Block>,
    /// The paragraph being read.
    runs: Vec<Run>,
}

/// Elements whose content is never text of the article.
const SKIPPED: &[&str] = &[
    "script", "style", "head", "title", "meta", "link", "template", "noscript", "iframe", "object", "embed",
    "svg", "math", "button", "input", "select", "textarea", "canvas", "video", "audio", "xml", "nav", "form",
];

/// Elements that end a paragraph before and after them.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "figure",
    "figcaption",
    "address",
    "center",
    "dl",
    "dt",
    "dd",
    "pre",
    "body",
    "html",
    "details",
    "summary",
    "caption",
];

fn style(e: &ElementRef) -> String {
    e.value()
        .attr("style")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .replace(' ', "")
}

/// A link the site accepts (the content build refuses the others).
fn safe_href(href: &str) -> Option<String> {
    let h = href.trim();
    let lower = h.to_ascii_lowercase();
    let ok = ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
        || (h.starts_with('/') && !h.starts_with("//"));
    (ok && !h.chars().any(char::is_control))
        .then(|| h.replace(' ', "%20").replace('(', "%28").replace(')', "%29"))
}

/// A Word paragraph of a list: its marker says whether it is numbered.
fn word_list(e: &ElementRef) -> Option<bool> {
    let class = e.value().attr("class").unwrap_or_default();
    let s = style(e);
    let listed = class.starts_with("MsoListParagraph") || (s.contains("mso-list:l") && s.contains("level"));
    if !listed {
        return None;
    }
    let marker: String = e
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|d| style(d).contains("mso-list:ignore"))
        .map(|d| d.text().collect())
        .unwrap_or_default();
    let marker = marker.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}');
    let numbered = marker
        .strip_suffix(['.', ')'])
        .is_some_and(|m| !m.is_empty() && m.chars().all(|c| c.is_ascii_alphanumeric()));
    Some(numbered)
}

impl Writer {
    fn children(&mut self, e: ElementRef, marks: Marks) {
        for child in e.children() {
            match child.value() {
                Node::Text(t) => self.runs.push(Run {
                    text: t.to_string(),
                    marks: marks.clone(),
                }),
                Node::Element(_) => {
                    if let Some(el) = ElementRef::wrap(child) {
                        self.element(el, marks.clone());
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, e: ElementRef, mut marks: Marks) {
        let name = e.value().name().to_ascii_lowercase();
        let s = style(&e);
        if SKIPPED.contains(&name.as_str()) || s.contains("mso-list:ignore") || s.contains("display:none") {
            return;
        }
        match name.as_str() {
            "br" | "hr" => self.flush(),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let level = match name.as_bytes()[1] {
                    b'1' | b'2' => 2,
                    b'3' => 3,
                    _ => 4,
                };
                let text = self.inline_of(e, marks);
                if !text.is_empty() {
                    self.blocks.push(Block::Heading(level, text));
                }
            }
            "ul" | "ol" => {
                self.flush();
                self.list(e, name == "ol", &marks);
            }
            "li" => {
                self.flush();
                let text = self.inline_of(e, marks);
                self.item(false, text);
            }
            "blockquote" => {
                self.flush();
                let mut inner = Writer::default();
                inner.children(e, marks);
                inner.flush();
                if !inner.blocks.is_empty() {
                    self.blocks.push(Block::Quote(inner.blocks));
                }
            }
            "table" => {
                self.flush();
                self.table(e);
            }
            "img" => {
                let src = e.value().attr("src").unwrap_or_default();
                // Only a picture of the site, named as its files are.
                let named = src.strip_prefix("/media/").is_some_and(|n| {
                    !n.is_empty()
                        && n.split('/').all(|p| !p.is_empty() && !p.starts_with('.'))
                        && n.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_./".contains(&b))
                });
                if named {
                    self.flush();
                    let alt = collapse(e.value().attr("alt").unwrap_or_default())
                        .trim()
                        .to_string();
                    let caption = collapse(e.value().attr("title").unwrap_or_default())
                        .trim()
                        .to_string();
                    self.blocks.push(Block::Picture {
                        alt,
                        src: src.to_string(),
                        caption,
                    });
                }
            }
            _ if BLOCKS.contains(&name.as_str()) => {
                self.flush();
                if let Some(numbered) = word_list(&e) {
                    let text = self.inline_of(e, marks);
                    self.item(numbered, text);
                } else {
                    self.children(e, marks);
                    self.flush();
                }
            }
            _ => {
                let normal_weight = s.contains("font-weight:normal") || s.contains("font-weight:400");
                if matches!(name.as_str(), "b" | "strong") && !normal_weight {
                    marks.bold = true;
                }
                if [
                    "font-weight:bold",
                    "font-weight:bolder",
                    "font-weight:600",
                    "font-weight:700",
                    "font-weight:800",
                    "font-weight:900",
                ]
                .iter()
                .any(|w| s.contains(w))
                {
                    marks.bold = true;
                }
                if normal_weight {
                    marks.bold = false;
                }
                if matches!(name.as_str(), "i" | "em" | "cite" | "dfn") && !s.contains("font-style:normal") {
                    marks.italic = true;
                }
                if s.contains("font-style:italic") {
                    marks.italic = true;
                }
                if name == "a" {
                    if let Some(href) = e.value().attr("href").and_then(safe_href) {
                        marks.link = Some(href);
                    }
                }
                self.children(e, marks);
            }
        }
    }

    /// The inline Markdown of an element's content (nested blocks joined by spaces).
    fn inline_of(&self, e: ElementRef, marks: Marks) -> String {
        let mut inner = Writer::default();
        inner.children(e, marks);
        let mut parts: Vec<String> = inner
            .blocks
            .iter()
            .map(|b| match b {
                Block::Para(t) | Block::Heading(_, t) => t.clone(),
                Block::List { items, .. } => items.join(" "),
                _ => String::new(),
            })
            .collect();
        parts.push(inline(&inner.runs));
        parts.retain(|p| !p.is_empty());
        parts.join(" ")
    }

    fn item(&mut self, ordered: bool, text: String) {
        if text.is_empty() {
            return;
        }
        match self.blocks.last_mut() {
            Some(Block::List { ordered: o, items }) if *o == ordered => items.push(text),
            _ => self.blocks.push(Block::List {
                ordered,
                items: vec![text],
            }),
        }
    }

    /// A list's items; a list inside an item continues the list (one level).
    fn list(&mut self, e: ElementRef, ordered: bool, marks: &Marks) {
        for li in e.children().filter_map(ElementRef::wrap) {
            match li.value().name() {
                "li" => {
                    let nested: Vec<ElementRef> = li
                        .children()
                        .filter_map(ElementRef::wrap)
                        .filter(|c| matches!(c.value().name(), "ul" | "ol"))
                        .collect();
                    let mut own = Writer::default();
                    for c in li.children() {
                        match c.value() {
                            Node::Text(t) => own.runs.push(Run {
                                text: t.to_string(),
                                marks: marks.clone(),
                            }),
                            Node::Element(el) if !matches!(el.name(), "ul" | "ol") => {
                                if let Some(c) = ElementRef::wrap(c) {
                                    own.element(c, marks.clone());
                                }
                            }
                            _ => {}
                        }
                    }
                    own.flush();
                    let text = own
                        .blocks
                        .iter()
                        .filter_map(|b| match b {
                            Block::Para(t) | Block::Heading(_, t) => Some(t.clone()),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    self.item(ordered, text);
                    for n in nested {
                        self.list(n, ordered, marks);
                    }
                }
                "ul" | "ol" => self.list(li, ordered, marks),
                _ => {}
            }
        }
    }

    fn table(&mut self, e: ElementRef) {
        let mut rows = Vec::new();
        let mut aligns = Vec::new();
        for tr in e
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|d| d.value().name() == "tr")
        {
            // Rows of this table, not of one inside a cell.
            let own = tr
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| a.value().name() == "table");
            if own.map(|t| t.id()) != Some(e.id()) {
                continue;
            }
            let cells: Vec<String> = tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .map(|c| self.inline_of(c, Marks::default()).replace('|', "\\|"))
                .collect();
            if rows.is_empty() {
                aligns = tr
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|c| matches!(c.value().name(), "td" | "th"))
                    .map(|c| {
                        let s = style(&c);
                        let align = c.value().attr("align").unwrap_or_default().to_ascii_lowercase();
                        if s.contains("text-align:center") || align == "center" {
                            ":---:"
                        } else if s.contains("text-align:right") || align == "right" {
                            "---:"
                        } else if s.contains("text-align:left") || align == "left" {
                            ":---"
                        } else {
                            "---"
                        }
                    })
                    .collect();
            }
            if !cells.is_empty() {
                rows.push(cells);
            }
        }
        if !rows.is_empty() {
            self.blocks.push(Block::Table(rows, aligns));
        }
    }

    /// Ends the paragraph being read.
    fn flush(&mut self) {
        let text = inline(&self.runs);
        self.runs.clear();
        if !text.is_empty() {
            self.blocks.push(Block::Para(text));
        }
    }
}

/// Spaces as HTML shows them: every run of white space (no-break spaces included) is
/// one space.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Text as Markdown reads it literally (an `&` only where it would begin a character
/// reference such as `&amp;`).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        let reference = c == '&' && {
            let rest = &s[i + 1..];
            let name = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
                .count();
            name > 0 && rest.as_bytes().get(name) == Some(&b';')
        };
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<') || reference {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A paragraph's runs as inline Markdown: runs with the same marks joined, white space
/// collapsed, marks around the words (not their spaces).
fn inline(runs: &[Run]) -> String {
    // Join runs of equal marks, collapsing spaces across them.
    let mut groups: Vec<(String, Marks)> = Vec::new();
    for r in runs {
        match groups.last_mut() {
            Some((t, m)) if *m == r.marks => t.push_str(&r.text),
            _ => groups.push((r.text.clone(), r.marks.clone())),
        }
    }
    let mut out = String::new();
    let mut last_space = true;
    for (text, marks) in groups {
        let text = collapse(&text);
        let text = if last_space {
            text.trim_start().to_string()
        } else {
            text
        };
        if text.is_empty() {
            continue;
        }
        let lead = text.starts_with(' ');
        let trail = text.ends_with(' ');
        let core = text.trim();
        if lead {
            out.push(' ');
        }
        if !core.is_empty() {
            let mut md = escape(core);
            if marks.italic {
                md = format!("*{md}*");
            }
            if marks.bold {
                md = format!("**{md}**");
            }
            if let Some(href) = &marks.link {
                md = format!("[{md}]({href})");
            }
            out.push_str(&md);
        }
        if trail {
            out.push(' ');
        }
        last_space = trail || (lead && core.is_empty());
    }
    let out = out.trim().to_string();
    guard_start(&out)
}

/// A paragraph that would start as something else (a heading, a list, a quote) starts
/// as text.
fn guard_start(s: &str) -> String {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && matches!(s.as_bytes().get(digits), Some(b'.' | b')'));
    if numbered {
        return format!("{}\\{}", &s[..digits], &s[digits..]);
    }
    match s.as_bytes().first() {
        Some(b'#' | b'-' | b'+' | b'=' | b'|' | b'>') => format!("\\{s}"),
        _ => s.to_string(),
    }
}

fn render(blocks: &[Block]) -> String {
    let mut parts = Vec::new();
    for b in blocks {
        parts.push(match b {
            Block::Para(t) => t.clone(),
            Block::Heading(level, t) => format!("{} {t}", "#".repeat(usize::from(*level))),
            Block::List { ordered, items } => items
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    if *ordered {
                        format!("{}. {t}", i + 1)
                    } else {
                        format!("- {t}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Quote(inner) => render(inner)
                .trim_end()
                .lines()
                .map(|l| {
                    if l.is_empty() {
                        ">".to_string()
                    } else {
                        format!("> {l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Table(rows, aligns) => {
                let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
                let line = |cells: &[String]| {
                    let mut cells: Vec<String> = cells.to_vec();
                    cells.resize(cols, String::new());
                    format!("| {} |", cells.join(" | "))
                };
                let rule: Vec<&str> = (0..cols)
                    .map(|i| aligns.get(i).copied().unwrap_or("---"))
                    .collect();
                let mut lines = vec![line(&rows[0]), format!("| {} |", rule.join(" | "))];
                lines.extend(rows[1..].iter().map(|r| line(r)));
                lines.join("\n")
            }
            Block::Picture { alt, src, caption } if caption.is_empty() => {
                format!("![{}]({src})", escape(alt))
            }
            Block::Picture { alt, src, caption } => {
                let caption = caption.replace('\\', "\\\\").replace('"', "\\\"");
                format!("![{}]({src} \"{caption}\")", escape(alt))
            }
        });
    }
    if parts.is_empty() {
        String::new()
    } else {
        parts.join("\n\n") + "\n"
    }
}
