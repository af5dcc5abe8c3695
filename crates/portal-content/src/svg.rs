//! SVG images, made safe to publish: parsed as XML by a real parser, checked against an
//! allow-list of elements and attributes, and written out again by an XML writer, so
//! the published file is exactly what was checked, with nothing the browser could run.
//!
//! Why sanitise rather than rasterise: the illustrations stay sharp at every text size
//! and small (a PNG of the same picture is several times larger), and the same check
//! serves the newsroom's uploads. An SVG opened directly from the site's origin is a
//! document that could run script, so the rules are strict:
//!
//! - UTF-8 only (an XML declaration naming another encoding is refused: browsers would
//!   decode the bytes differently from this check); no DTD, so no entities;
//! - elements of the SVG namespace from an allow-list (shapes, text, gradients,
//!   clipping); `script`, `foreignObject`, `style`, `a`, `image`, animation and the
//!   rest are refused, naming the element and its line; editors' metadata (Inkscape,
//!   Illustrator, RDF) is dropped; anything else in another namespace is refused;
//! - no event attribute (`on…`), no reference outside the file (`href` only to `#id`,
//!   `url(#id)` only), no `javascript:` in any form (entities are decoded by the parser
//!   before the check); unknown attributes are dropped; `style` keeps only allowed
//!   properties with safe values;
//! - no processing instruction (`<?xml-stylesheet?>`); comments are dropped.

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use roxmltree::{Document, Node, NodeType, ParsingOptions};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Largest SVG accepted.
pub const MAX_BYTES: usize = 2_000_000;
const MAX_NODES: u32 = 200_000;
const MAX_DEPTH: usize = 64;

/// Elements kept.
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "symbol",
    "use",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "pattern",
    "marker",
];

/// Elements dropped with what they hold: metadata only.
const DROPPED_ELEMENTS: &[&str] = &["metadata"];

/// Namespaces of editors' own data (Inkscape, Sodipodi, Illustrator, Sketch, RDF and
/// Dublin Core): such elements and attributes are dropped.
const EDITOR_NAMESPACES: &[&str] = &[
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://www.bohemiancoding.com/sketch/ns",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
];

/// Attributes kept (geometry, presentation, text, accessibility).
const ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "dx",
    "dy",
    "width",
    "height",
    "d",
    "points",
    "transform",
    "viewBox",
    "preserveAspectRatio",
    "version",
    "role",
    "aria-label",
    "aria-labelledby",
    "aria-describedby",
    "aria-hidden",
    "lang",
    "offset",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "clipPathUnits",
    "maskUnits",
    "maskContentUnits",
    "markerWidth",
    "markerHeight",
    "markerUnits",
    "refX",
    "refY",
    "orient",
    "pathLength",
    "rotate",
    "textLength",
    "lengthAdjust",
    "style",
];

/// Presentation properties, as attributes or in `style`.
const PROPERTIES: &[&str] = &[
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-miterlimit",
    "stroke-opacity",
    "opacity",
    "color",
    "display",
    "visibility",
    "clip-path",
    "clip-rule",
    "mask",
    "marker-start",
    "marker-mid",
    "marker-end",
    "stop-color",
    "stop-opacity",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "font-variant",
    "text-anchor",
    "text-decoration",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "letter-spacing",
    "word-spacing",
    "writing-mode",
    "vector-effect",
    "shape-rendering",
    "text-rendering",
    "paint-order",
    "mix-blend-mode",
    "isolation",
];

/// A checked SVG: the bytes to publish and the image's size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Svg {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Checks an SVG file and writes it out clean. The error is a sentence for the
/// author, naming what is wrong and where.
pub fn sanitize(bytes: &[u8]) -> Result<Svg, String> {
    if bytes.len() > MAX_BYTES {
        return Err(format!(
            "tệp SVG quá lớn ({} KB; tối đa {} KB)",
            bytes.len() / 1000,
            MAX_BYTES / 1000
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| "tệp SVG không phải văn bản UTF-8".to_string())?;
    check_declared_encoding(text)?;
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => {
            "tệp SVG có khai báo DTD (<!DOCTYPE … [ ]>, thực thể): không được phép".to_string()
        }
        roxmltree::Error::NodesLimitReached => "tệp SVG có quá nhiều phần tử".to_string(),
        other => format!("tệp SVG không phải XML hợp lệ: {other}"),
    })?;
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(SVG_NS) || root.tag_name().name() != "svg" {
        return Err("phần tử gốc phải là <svg xmlns=\"http://www.w3.org/2000/svg\">".into());
    }
    for node in doc.root().children() {
        if node.node_type() == NodeType::PI {
            return Err(at(
                &doc,
                node,
                "tệp SVG có chỉ thị xử lý (<?…?>): không được phép",
            ));
        }
    }
    let (width, height) = size(root)?;
    let mut writer = Writer::new(Vec::new());
    let mut uses_xlink = false;
    check_tree(&doc, root, 0, &mut uses_xlink)?;
    write_element(&doc, root, &mut writer, true, uses_xlink).map_err(|e| format!("tệp SVG: {e}"))?;
    Ok(Svg {
        bytes: writer.into_inner(),
        width,
        height,
    })
}

/// `<?xml … encoding="…"?>` must name UTF-8 if it names anything.
fn check_declared_encoding(text: &str) -> Result<(), String> {
    let Some(decl) = text.strip_prefix("<?xml") else {
        return Ok(());
    };
    let end = decl.find("?>").ok_or("khai báo <?xml … ?> không đóng")?;
    let decl = &decl[..end];
    if let Some(i) = decl.find("encoding") {
        let value = decl[i + "encoding".len()..]
            .trim_start()
            .trim_start_matches('=')
            .trim_start();
        let value = value.trim_start_matches(['"', '\'']);
        let name: String = value.chars().take_while(|c| !matches!(c, '"' | '\'')).collect();
        if !name.eq_ignore_ascii_case("utf-8") {
            return Err(format!(
                "tệp SVG khai báo bảng mã \"{name}\": chỉ nhận UTF-8 (lưu lại tệp với bảng mã UTF-8)"
            ));
        }
    }
    Ok(())
}

/// "dòng N: …" for a node.
fn at(doc: &Document, node: Node, message: &str) -> String {
    let pos = doc.text_pos_at(node.range().start);
    format!("{message} (dòng {} của tệp SVG)", pos.row)
}

fn is_editor_namespace(ns: Option<&str>) -> bool {
    ns.is_some_and(|ns| EDITOR_NAMESPACES.contains(&ns))
}

/// What happens to an element.
enum Keep {
    Yes,
    /// Dropped with its content (metadata).
    Drop,
}

fn element_rule(doc: &Document, node: Node) -> Result<Keep, String> {
    let tag = node.tag_name();
    match tag.namespace() {
        Some(SVG_NS) if ELEMENTS.contains(&tag.name()) => Ok(Keep::Yes),
        Some(SVG_NS) if DROPPED_ELEMENTS.contains(&tag.name()) => Ok(Keep::Drop),
        ns if is_editor_namespace(ns) => Ok(Keep::Drop),
        _ => Err(at(
            doc,
            node,
            &format!(
                "tệp SVG có phần tử <{}> không được phép (chỉ dùng hình, chữ, màu chuyển; không mã chạy, không liên kết, không ảnh nhúng)",
                tag.name()
            ),
        )),
    }
}

/// Checks every element and attribute under `node`.
fn check_tree(doc: &Document, node: Node, depth: usize, uses_xlink: &mut bool) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(at(doc, node, "tệp SVG lồng quá sâu"));
    }
    // Script in an attribute is named as such, whatever element carries it.
    for a in node.attributes() {
        let refuse = |what: String| {
            Err(at(
                doc,
                node,
                &format!("tệp SVG có {what} ở <{}>", node.tag_name().name()),
            ))
        };
        if a.name().to_ascii_lowercase().starts_with("on") {
            return refuse(format!("thuộc tính sự kiện `{}` (mã chạy được)", a.name()));
        }
        if squeezed(a.value()).contains("javascript:") {
            return refuse(format!("`javascript:` trong thuộc tính `{}`", a.name()));
        }
    }
    if let Keep::Drop = element_rule(doc, node)? {
        return Ok(());
    }
    for a in node.attributes() {
        if attribute(doc, node, &a)?.is_some() && a.namespace() == Some(XLINK_NS) {
            *uses_xlink = true;
        }
    }
    for child in node.children() {
        match child.node_type() {
            NodeType::Element => check_tree(doc, child, depth + 1, uses_xlink)?,
            NodeType::PI => {
                return Err(at(
                    doc,
                    child,
                    "tệp SVG có chỉ thị xử lý (<?…?>): không được phép",
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// A value as the browser reads it for a scheme: without white space and controls,
/// lower case.
fn squeezed(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Only `url(#id)` references: anything else in `url(…)` reaches outside the file.
fn references_are_local(value: &str) -> bool {
    let v = squeezed(value);
    let mut rest = v.as_str();
    while let Some(i) = rest.find("url(") {
        let inner = rest[i + 4..].trim_start_matches(['"', '\'']);
        if !inner.starts_with('#') {
            return false;
        }
        rest = &rest[i + 4..];
    }
    true
}

/// Whether a presentation value is safe: a local reference at most, no script.
fn safe_value(value: &str) -> bool {
    let v = squeezed(value);
    references_are_local(value)
        && !v.contains("javascript:")
        && !v.contains("expression(")
        && !v.contains('\\')
        && !v.contains('@')
        && !v.contains('<')
}

/// The attribute as it is kept (name, value), `None` if dropped, or why the file is
/// refused.
fn attribute<'a>(
    doc: &Document,
    node: Node,
    a: &roxmltree::Attribute<'a, 'a>,
) -> Result<Option<(String, String)>, String> {
    let name = a.name();
    let value = a.value();
    // (Event attributes and `javascript:` were refused by `check_tree`.)
    let refuse = |what: &str| {
        Err(at(
            doc,
            node,
            &format!("tệp SVG có {what} ở <{}>", node.tag_name().name()),
        ))
    };
    match a.namespace() {
        None => {}
        Some(XLINK_NS) if name == "href" => {}
        Some(XML_NS) if matches!(name, "lang" | "space") => {
            return Ok(Some((format!("xml:{name}"), value.to_string())));
        }
        Some(XLINK_NS) => return Ok(None),
        ns if is_editor_namespace(ns) => return Ok(None),
        Some(_) => return Ok(None),
    }
    if name == "href" {
        // `<use>` and gradients may point at an element of this file, nothing else.
        if !value.trim_start().starts_with('#') {
            return refuse(&format!("liên kết ra ngoài tệp `{value}`"));
        }
        let shown = if a.namespace() == Some(XLINK_NS) {
            "xlink:href"
        } else {
            "href"
        };
        return Ok(Some((shown.to_string(), value.trim().to_string())));
    }
    if name == "style" {
        return style(value)
            .map(|s| (!s.is_empty()).then(|| ("style".to_string(), s)))
            .or_else(|why| refuse(&why));
    }
    if !(ATTRIBUTES.contains(&name) || PROPERTIES.contains(&name)) {
        return Ok(None);
    }
    if !safe_value(value) {
        return refuse(&format!("giá trị không an toàn trong `{name}` (`{value}`)"));
    }
    Ok(Some((name.to_string(), value.to_string())))
}

/// A `style` attribute: only allowed properties with safe values, rewritten.
fn style(value: &str) -> Result<String, String> {
    let mut kept = Vec::new();
    for decl in value.split(';') {
        let decl = decl.trim();
        if decl.is_empty() {
            continue;
        }
        let Some((prop, v)) = decl.split_once(':') else {
            return Err(format!("khai báo `style` không hợp lệ (`{decl}`)"));
        };
        let prop = prop.trim().to_ascii_lowercase();
        if !safe_value(v) || v.contains(['{', '}']) {
            return Err(format!("giá trị không an toàn trong `style` (`{decl}`)"));
        }
        if PROPERTIES.contains(&prop.as_str()) {
            kept.push(format!("{prop}:{}", v.trim()));
        }
    }
    Ok(kept.join(";"))
}

/// The image's size: `width`/`height` in user units or px, else the `viewBox`.
fn size(root: Node) -> Result<(u32, u32), String> {
    let number = |name: &str| -> Option<f64> {
        let v = root.attribute(name)?.trim();
        v.strip_suffix("px").unwrap_or(v).trim().parse::<f64>().ok()
    };
    let (w, h) = match (number("width"), number("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let vb = root
                .attribute("viewBox")
                .ok_or("thẻ <svg> thiếu width/height và viewBox")?;
            let parts: Vec<f64> = vb
                .split([' ', ',', '\t', '\n'])
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect();
            match parts[..] {
                [_, _, w, h] => (w, h),
                _ => return Err("viewBox của thẻ <svg> không hợp lệ".into()),
            }
        }
    };
    if !(w >= 1.0 && h >= 1.0 && w < 100_000.0 && h < 100_000.0) {
        return Err("kích thước ảnh SVG không hợp lệ".into());
    }
    Ok((w.round() as u32, h.round() as u32))
}

/// Writes the kept parts of `node` (already checked).
fn write_element(
    doc: &Document,
    node: Node,
    w: &mut Writer<Vec<u8>>,
    is_root: bool,
    uses_xlink: bool,
) -> Result<(), String> {
    if let Keep::Drop = element_rule(doc, node)? {
        return Ok(());
    }
    let name = node.tag_name().name();
    let mut start = BytesStart::new(name);
    if is_root {
        start.push_attribute(("xmlns", SVG_NS));
        if uses_xlink {
            start.push_attribute(("xmlns:xlink", XLINK_NS));
        }
    }
    for a in node.attributes() {
        if let Some((n, v)) = attribute(doc, node, &a)? {
            start.push_attribute((n.as_str(), v.as_str()));
        }
    }
    let io = |e: std::io::Error| e.to_string();
    let children: Vec<Node> = node
        .children()
        .filter(|c| matches!(c.node_type(), NodeType::Element | NodeType::Text))
        .collect();
    if children.is_empty() {
        w.write_event(Event::Empty(start)).map_err(io)?;
        return Ok(());
    }
    w.write_event(Event::Start(start)).map_err(io)?;
    for child in children {
        if child.is_text() {
            let text = child.text().unwrap_or_default();
            w.write_event(Event::Text(BytesText::new(text))).map_err(io)?;
        } else {
            write_element(doc, child, w, false, uses_xlink)?;
        }
    }
    w.write_event(Event::End(BytesEnd::new(name))).map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(svg: &str) -> Svg {
        sanitize(svg.as_bytes()).unwrap_or_else(|e| panic!("{e}: {svg}"))
    }

    fn refused(svg: &[u8]) -> String {
        match sanitize(svg) {
            Ok(s) => panic!(
                "accepted: {}\nwrote: {}",
                String::from_utf8_lossy(svg),
                String::from_utf8_lossy(&s.bytes)
            ),
            Err(e) => e,
        }
    }

    #[test]
    fn size_from_attributes_or_viewbox() {
        let a = ok(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" viewBox="0 0 1600 900"><title>x</title></svg>"#,
        );
        assert_eq!((a.width, a.height), (800, 450));
        let b = ok(
            r#"<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"></svg>"#,
        );
        assert_eq!((b.width, b.height), (640, 360));
        let c = ok(r#"<svg xmlns="http://www.w3.org/2000/svg" width="120px" height='80'></svg>"#);
        assert_eq!((c.width, c.height), (120, 80));
    }

    #[test]
    fn a_clean_picture_keeps_its_shapes_text_and_gradients() {
        let s = ok(
            r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="10" height="10" role="img"><title>Cánh đồng &amp; “lúa”</title><metadata><x/></metadata><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)" inkscape:label="nền" style="stroke: #000; stroke-width:2"/><text x="1" y="9" font-size="3">Đường &lt;b&gt;</text></svg>"##,
        );
        let out = String::from_utf8(s.bytes).unwrap();
        assert_eq!(
            out,
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" role="img"><title>Cánh đồng &amp; “lúa”</title><defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)" style="stroke:#000;stroke-width:2"/><text x="1" y="9" font-size="3">Đường &lt;b&gt;</text></svg>"##
        );
    }

    #[test]
    fn scripts_in_every_disguise_are_refused() {
        for (bad, says) in [
            (r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><script>alert(1)</script></svg>"#.as_bytes(), "<script>"),
            // A namespace prefix does not hide the element.
            (br#"<s:svg xmlns:s="http://www.w3.org/2000/svg" width="1" height="1"><s:script>alert(1)</s:script></s:svg>"#, "<script>"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1" onload="alert(1)"></svg>"#, "onload"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect ONCLICK ="x()"/></svg>"#, "ONCLICK"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><a href="javascript:alert(1)">x</a></svg>"#, "javascript:"),
            // Entities are decoded by the parser before the check.
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><use href="javascript&#58;alert(1)"/></svg>"#, "javascript:"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><a xlink:href="java&#x09;script:alert(1)" xmlns:xlink="http://www.w3.org/1999/xlink"><text>x</text></a></svg>"#, "javascript:"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject></svg>"#, "<foreignObject>"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script></svg>"#, "<script>"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><set attributeName="onmouseover" to="alert(1)"/></svg>"#, "<set>"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><animate attributeName="href" values="javascript:alert(1)"/></svg>"#, "javascript:"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><style>@import url(https://evil.example/x.css)</style></svg>"#, "<style>"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><image href="https://evil.example/x.png"/></svg>"#, "<image>"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><use href="https://evil.example/x.svg#a"/></svg>"#, "ra ngoài"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect fill="url(https://evil.example/x)"/></svg>"#, "không an toàn"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect style="fill:url(//evil.example/x)"/></svg>"#, "không an toàn"),
            (br#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect style="background:u\72l(x)"/></svg>"#, "không an toàn"),
            // A DTD whose entity expands to a script.
            (br#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">]><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">&x;</svg>"#, "DTD"),
            (br#"<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css"?><svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>"#, "chỉ thị"),
            // Bytes a browser would decode as ISO-2022-JP: ESC sequences hide the markup.
            (b"<?xml version=\"1.0\" encoding=\"ISO-2022-JP\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"><\x1b(Jscript>alert(1)</script></svg>", "ISO-2022-JP"),
            (b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"><title>\xff\xfe</title></svg>", "UTF-8"),
            (br#"<svg width="1" height="1"><rect/></svg>"#, "phần tử gốc"),
            (br#"<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>"#, "phần tử gốc"),
        ] {
            let e = refused(bad);
            assert!(e.contains(says), "{e} (expected “{says}”) for {}", String::from_utf8_lossy(bad));
        }
    }

    /// WCAG 2.2.2 and 2.3.1: a published picture never moves, let alone flashes. An
    /// animation element is refused, naming it; a moving style is dropped, the picture kept.
    #[test]
    fn a_picture_that_moves_is_published_still_or_not_at_all() {
        for (moving, element) in [
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"><animate attributeName="opacity" values="0;1;0" dur="0.1s" repeatCount="indefinite"/></rect></svg>"#,
                "<animate>",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"><set attributeName="fill" to="white" begin="0.05s"/></rect></svg>"#,
                "<set>",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"><animateTransform attributeName="transform" type="rotate" dur="1s"/></rect></svg>"#,
                "<animateTransform>",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>rect { animation: chop 0.1s infinite }</style><rect width="10" height="10"/></svg>"#,
                "<style>",
            ),
        ] {
            let e = refused(moving.as_bytes());
            assert!(e.contains(&format!("phần tử {element} không được phép")), "{e}");
        }
        let styled = ok(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" style="fill: red; animation: chop 0.1s infinite; transition: fill 0.1s"/></svg>"#,
        );
        let out = String::from_utf8(styled.bytes).unwrap();
        assert!(
            out.contains("<rect")
                && out.contains("fill")
                && !out.contains("animation")
                && !out.contains("transition"),
            "{out}"
        );
    }

    #[test]
    fn what_is_written_parses_again_to_the_same() {
        let s = ok(
            r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="4" height="4"><defs><path id="p" d="M0 0h1"/></defs><use xlink:href="#p" x="1"/><text><![CDATA[a < b & "c"]]></text></svg>"##,
        );
        let again = sanitize(&s.bytes).unwrap();
        assert_eq!(again, s, "{}", String::from_utf8_lossy(&s.bytes));
        let text = String::from_utf8(s.bytes).unwrap();
        assert!(text.contains(r##"<use xlink:href="#p" x="1"/>"##), "{text}");
        assert!(
            text.contains("<text>a &lt; b &amp; &quot;c&quot;</text>"),
            "{text}"
        );
    }

    #[test]
    fn huge_or_deep_files_are_refused() {
        let deep = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">{}{}</svg>"#,
            "<g>".repeat(100),
            "</g>".repeat(100)
        );
        assert!(refused(deep.as_bytes()).contains("sâu"));
        let big = vec![b' '; MAX_BYTES + 1];
        assert!(refused(&big).contains("quá lớn"));
    }
}
