//! Markdown article bodies → typed [`Block`]s.
//!
//! CommonMark plus tables. Raw HTML, code blocks and rules are refused with an error;
//! links must be http(s), mailto, tel or relative; an image must stand alone in its
//! paragraph and becomes a figure (its title is the caption). Smart punctuation is off:
//! “curly” quotes and dashes stay exactly as written.

use std::ops::Range;

use portal_core::api::{Align, Block, Image, Inline, Table};
use portal_core::text::is_safe_href;
use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag};

use crate::assets::Assets;
use crate::{LineMap, Reporter};

/// A link to a page of the site, with its line, for the link check once every page
/// is known.
pub type InternalLink = (String, usize);

/// Converts `src` (a body starting at line `first_line` of its file); also returns the
/// site-internal links it has.
pub fn parse(
    src: &str,
    first_line: usize,
    assets: &Assets,
    r: &mut Reporter,
) -> (Vec<Block>, Vec<InternalLink>) {
    let events = Parser::new_ext(src, Options::ENABLE_TABLES)
        .into_offset_iter()
        .collect();
    let mut conv = Converter {
        events,
        pos: 0,
        lines: LineMap::new(src, first_line),
        assets,
        r,
        links: Vec::new(),
        depth: 0,
    };
    let blocks = conv.blocks();
    (blocks, conv.links)
}

enum Piece {
    Inline(Inline),
    /// An image with the line it is on.
    Image(Image, usize),
}

struct Converter<'a, 'r, 'd> {
    events: Vec<(Event<'a>, Range<usize>)>,
    pos: usize,
    lines: LineMap,
    assets: &'a Assets,
    r: &'r mut Reporter<'d>,
    links: Vec<InternalLink>,
    /// Quotes and lists (or emphasis and links) open around the current event.
    depth: usize,
}

/// Deepest nesting of quotes and lists, and of emphasis and links, in a body: deeper is
/// an error (readers cannot follow it, and the app's JSON reader has a depth limit).
pub const MAX_NESTING: usize = 12;

impl<'a> Converter<'a, '_, '_> {
    fn next(&mut self) -> Option<(Event<'a>, usize)> {
        let (event, range) = self.events.get(self.pos)?.clone();
        self.pos += 1;
        Some((event, self.lines.line(range.start)))
    }

    fn peek_is_inline(&self) -> bool {
        matches!(
            self.events.get(self.pos).map(|(e, _)| e),
            Some(
                Event::Text(_)
                    | Event::Code(_)
                    | Event::SoftBreak
                    | Event::HardBreak
                    | Event::InlineHtml(_)
                    | Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::Image { .. })
            )
        )
    }

    /// Reports nesting deeper than [`MAX_NESTING`] and skips the element.
    fn too_deep(&mut self, line: usize) {
        self.r.error(
            line,
            format!("nội dung lồng nhau quá sâu (quá {MAX_NESTING} cấp trích dẫn, danh sách hoặc định dạng): viết đơn giản hơn"),
        );
        self.skip_element();
    }

    /// Skips to the end of the element whose start was just read.
    fn skip_element(&mut self) {
        let mut depth = 1;
        while let Some((e, _)) = self.next() {
            match e {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
    }

    /// Blocks up to the end of the enclosing container (document, quote, list item).
    fn blocks(&mut self) -> Vec<Block> {
        let mut out = Vec::new();
        loop {
            if self.peek_is_inline() {
                // Text directly in a tight list item: a paragraph of its own.
                let pieces = self.inlines_while_inline();
                if let Some(b) = self.paragraph(pieces) {
                    out.push(b);
                }
                continue;
            }
            let Some((event, line)) = self.next() else { break };
            match event {
                Event::End(_) => break,
                Event::Start(tag) => {
                    if let Some(b) = self.block(tag, line) {
                        out.push(b);
                    }
                }
                Event::Html(html) => self.r.error(line, html_error(&html)),
                Event::Rule => self
                    .r
                    .error(line, "đường kẻ ngang (---, ***) không được hỗ trợ trong bài viết"),
                other => self
                    .r
                    .error(line, format!("thành phần Markdown không được hỗ trợ: {other:?}")),
            }
        }
        out
    }

    fn block(&mut self, tag: Tag<'a>, line: usize) -> Option<Block> {
        match tag {
            Tag::Paragraph => {
                let pieces = self.inlines();
                self.paragraph(pieces)
            }
            Tag::Heading { level, .. } => {
                let level = match level {
                    HeadingLevel::H1 => {
                        self.r.error(line, "không dùng tiêu đề cấp 1 (#) trong thân bài: tiêu đề bài viết đã là cấp 1; dùng ## cho tiêu đề mục");
                        2
                    }
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                let pieces = self.inlines();
                Some(Block::Heading {
                    level,
                    c: self.no_images(pieces),
                })
            }
            Tag::BlockQuote(_) | Tag::List(_) if self.depth >= MAX_NESTING => {
                self.too_deep(line);
                None
            }
            Tag::BlockQuote(_) => {
                self.depth += 1;
                let inner = self.blocks();
                self.depth -= 1;
                Some(Block::Quote(inner))
            }
            Tag::List(start) => {
                self.depth += 1;
                let mut items = Vec::new();
                while let Some((e, line)) = self.next() {
                    match e {
                        Event::Start(Tag::Item) => items.push(self.blocks()),
                        Event::End(_) => break,
                        other => self
                            .r
                            .error(line, format!("nội dung lạ trong danh sách: {other:?}")),
                    }
                }
                self.depth -= 1;
                Some(Block::List {
                    ordered: start.is_some(),
                    start: start.filter(|&s| s != 1),
                    items,
                })
            }
            Tag::Table(aligns) => Some(Block::Table(self.table(aligns))),
            Tag::CodeBlock(_) => {
                self.r.error(
                    line,
                    "khối mã (đoạn thụt vào 4 dấu cách hoặc ```) không được hỗ trợ: bỏ thụt đầu dòng",
                );
                self.skip_element();
                None
            }
            Tag::HtmlBlock => {
                if let Some((Event::Html(html), _)) = self.events.get(self.pos).cloned() {
                    self.r.error(line, html_error(&html));
                } else {
                    self.r.error(line, "mã HTML không được phép trong nội dung");
                }
                self.skip_element();
                None
            }
            other => {
                self.r
                    .error(line, format!("thành phần Markdown không được hỗ trợ: {other:?}"));
                self.skip_element();
                None
            }
        }
    }

    /// A paragraph, or a figure when it holds only an image.
    fn paragraph(&mut self, pieces: Vec<Piece>) -> Option<Block> {
        let meaningful: Vec<&Piece> = pieces
            .iter()
            .filter(|p| !matches!(p, Piece::Inline(Inline::Text(t)) if t.trim().is_empty()))
            .collect();
        if let [Piece::Image(img, _)] = meaningful[..] {
            return Some(Block::Figure(img.clone()));
        }
        if meaningful.is_empty() {
            return None;
        }
        Some(Block::Paragraph(self.no_images(pieces)))
    }

    /// Inlines where an image is not allowed: reports it, keeps its alt text.
    fn no_images(&mut self, pieces: Vec<Piece>) -> Vec<Inline> {
        let mut out = Vec::new();
        for p in pieces {
            match p {
                Piece::Inline(i) => out.push(i),
                Piece::Image(img, line) => {
                    self.r.error(
                        line,
                        format!(
                            "ảnh `{}` phải đứng riêng thành một đoạn (một dòng trống trước và sau)",
                            img.src
                        ),
                    );
                }
            }
        }
        merge_text(out)
    }

    fn table(&mut self, aligns: Vec<Alignment>) -> Table {
        let mut table = Table {
            head: Vec::new(),
            rows: Vec::new(),
            align: aligns
                .iter()
                .map(|a| match a {
                    Alignment::None => Align::None,
                    Alignment::Left => Align::Left,
                    Alignment::Center => Align::Center,
                    Alignment::Right => Align::Right,
                })
                .collect(),
        };
        while let Some((e, line)) = self.next() {
            match e {
                Event::Start(Tag::TableHead) => table.head = self.cells(),
                Event::Start(Tag::TableRow) => {
                    let row = self.cells();
                    table.rows.push(row);
                }
                Event::End(_) => break,
                other => self.r.error(line, format!("nội dung lạ trong bảng: {other:?}")),
            }
        }
        table
    }

    fn cells(&mut self) -> Vec<Vec<Inline>> {
        let mut cells = Vec::new();
        while let Some((e, line)) = self.next() {
            match e {
                Event::Start(Tag::TableCell) => {
                    let pieces = self.inlines();
                    cells.push(self.no_images(pieces));
                }
                Event::End(_) => break,
                other => self.r.error(line, format!("nội dung lạ trong bảng: {other:?}")),
            }
        }
        cells
    }

    /// Inlines up to (and including) the end of the element whose start was just read.
    fn inlines(&mut self) -> Vec<Piece> {
        self.depth += 1;
        let mut out = Vec::new();
        while let Some((event, line)) = self.next() {
            if let Event::End(_) = event {
                break;
            }
            self.inline(event, line, &mut out);
        }
        self.depth -= 1;
        out
    }

    /// Inlines as long as the next event is inline (tight list items).
    fn inlines_while_inline(&mut self) -> Vec<Piece> {
        let mut out = Vec::new();
        while self.peek_is_inline() {
            let (event, line) = self.next().expect("peeked");
            self.inline(event, line, &mut out);
        }
        out
    }

    fn inline(&mut self, event: Event<'a>, line: usize, out: &mut Vec<Piece>) {
        let text = |out: &mut Vec<Piece>, t: &str| out.push(Piece::Inline(Inline::Text(t.to_string())));
        match event {
            Event::Text(t) => text(out, &t),
            Event::SoftBreak => text(out, " "),
            Event::HardBreak => out.push(Piece::Inline(Inline::Break)),
            Event::Code(c) => out.push(Piece::Inline(Inline::Code(c.to_string()))),
            Event::InlineHtml(html) | Event::Html(html) => self.r.error(line, html_error(&html)),
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. }) if self.depth >= MAX_NESTING => {
                self.too_deep(line);
            }
            Event::Start(Tag::Emphasis) => {
                let inner = self.inlines();
                out.push(Piece::Inline(Inline::Emphasis(self.no_images(inner))));
            }
            Event::Start(Tag::Strong) => {
                let inner = self.inlines();
                out.push(Piece::Inline(Inline::Strong(self.no_images(inner))));
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                let inner = self.inlines();
                let c = self.no_images(inner);
                // A scheme is what comes before a ':' that no '/', '?' or '#' precedes.
                let has_scheme = dest_url
                    .split_once(':')
                    .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']));
                let relative = !dest_url.starts_with(['/', '#']) && !has_scheme;
                if relative {
                    self.r.error(line, format!(
                        "liên kết `{dest_url}` phải là địa chỉ đầy đủ (https://…) hoặc đường dẫn trong trang bắt đầu bằng / (ví dụ /chuyen-muc/thong-bao/)"
                    ));
                    out.extend(c.into_iter().map(Piece::Inline));
                } else if is_safe_href(&dest_url) {
                    if dest_url.starts_with('/') {
                        self.links.push((dest_url.trim().to_string(), line));
                    }
                    out.push(Piece::Inline(Inline::Link {
                        href: dest_url.trim().to_string(),
                        c,
                    }));
                } else {
                    self.r.error(line, format!(
                        "liên kết không an toàn `{dest_url}`: chỉ cho phép http://, https://, mailto:, tel: hoặc đường dẫn trong trang (bắt đầu bằng /)"
                    ));
                    // Keep the words, so that the one mistake is reported once.
                    out.extend(c.into_iter().map(Piece::Inline));
                }
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                let inner = self.inlines();
                let alt = Inline::plain(&self.no_images(inner)).trim().to_string();
                if let Some(img) = self.image(&dest_url, alt, &title, line) {
                    out.push(Piece::Image(img, line));
                }
            }
            Event::Start(tag) => {
                self.r
                    .error(line, format!("thành phần Markdown không được hỗ trợ: {tag:?}"));
                self.skip_element();
            }
            other => self
                .r
                .error(line, format!("thành phần Markdown không được hỗ trợ: {other:?}")),
        }
    }

    fn image(&mut self, src: &CowStr, alt: String, title: &CowStr, line: usize) -> Option<Image> {
        if alt.is_empty() {
            self.r.error(line, format!(
                "ảnh `{src}` thiếu mô tả (alt): viết ![mô tả ảnh]({src}) để người dùng trình đọc màn hình biết ảnh có gì"
            ));
        }
        match self.assets.image(src) {
            Ok((width, height)) => Some(Image {
                copies: self.assets.copies(src, width),
                src: src.to_string(),
                alt,
                width,
                height,
                caption: Some(title.trim().to_string()).filter(|t| !t.is_empty()),
            }),
            Err(why) => {
                self.r.error(line, why);
                None
            }
        }
    }
}

fn html_error(html: &str) -> String {
    let first: String = html.trim().chars().take(40).collect();
    format!("mã HTML không được phép trong nội dung: `{first}`")
}

/// Joins neighbouring text runs (the parser splits text at some characters).
fn merge_text(inlines: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for i in inlines {
        match (out.last_mut(), i) {
            (Some(Inline::Text(prev)), Inline::Text(t)) => prev.push_str(&t),
            (_, i) => out.push(i),
        }
    }
    out
}
