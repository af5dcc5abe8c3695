//! Small HTML and XML text helpers.

/// A void element (`<meta …>`, `<link …>`) with its attributes, each value escaped for
/// a double-quoted attribute. Names are the program's own, never content.
pub fn void_element(name: &str, attrs: &[(&str, &str)]) -> String {
    let mut out = format!("<{name}");
    for (k, v) in attrs {
        debug_assert!(k.bytes().all(|b| b.is_ascii_alphanumeric() || b"-:".contains(&b)));
        out.push_str(&format!(
            " {k}=\"{}\"",
            html_escape::encode_double_quoted_attribute(v)
        ));
    }
    out.push('>');
    out
}

/// JSON that can sit inside `<script type="application/json">`: `<` only occurs in
/// JSON strings, where `\u003c` means the same, so neither `</script>` nor `<!--` can
/// end or change the element.
pub fn json_in_script(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// Block-level tags that start a new line in the written HTML, so that a reader of the
/// source (and the link checker's messages) can find things by line. White space
/// between block elements does not change the rendering.
const BLOCK_TAGS: [&str; 21] = [
    "p",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "section",
    "article",
    "aside",
    "nav",
    "header",
    "footer",
    "main",
    "div",
    "figure",
    "table",
    "tr",
    "blockquote",
    "details",
];

pub fn break_lines(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 20);
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tag = &rest[i + 1..];
        let name_len = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        let name = &tag[..name_len];
        let starts_block =
            BLOCK_TAGS.contains(&name) && matches!(tag.as_bytes().get(name_len), Some(b' ' | b'>'));
        if starts_block && !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push('<');
        rest = tag;
    }
    out.push_str(rest);
    out
}

/// Line (1-based) of byte offset `at` in `text`.
pub fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            void_element(
                "meta",
                &[("name", "description"), ("content", r#"“A” & <b> "c" 'd'"#)]
            ),
            "<meta name=\"description\" content=\"“A” &amp; &lt;b&gt; &quot;c&quot; 'd'\">"
        );
        assert_eq!(
            json_in_script(r#"{"a":"</script><b>"}"#),
            r#"{"a":"\u003c/script>\u003cb>"}"#
        );
    }

    #[test]
    fn block_tags_start_lines() {
        assert_eq!(
            break_lines("<div><p>a <b>b</b></p><p>c</p></div>"),
            "<div>\n<p>a <b>b</b></p>\n<p>c</p></div>"
        );
        assert_eq!(break_lines("<pre>x</pre><preview>"), "<pre>x</pre><preview>");
    }
}
