//! Property tests of the content build's readers: Markdown bodies and front matter,
//! from text that is almost Markdown (markup characters, HTML, URLs with schemes,
//! deep nesting). Whatever the text: no panic; what comes out holds no HTML (raw HTML
//! is an error, never dropped silently) and no link a browser would run; an image is
//! never taken from outside content/media. Fixed seed in CI; `cargo xtask fuzz` runs
//! more.

use portal_content::assets::Assets;
use portal_content::{markdown, source, ArticleSource, Diagnostic, Reporter};
use portal_core::api::{Block, Inline};
use portal_core::arbitrary::config;
use portal_core::text::is_safe_href;
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser};

/// Pieces of Markdown and of what attackers write.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("# ".to_string()),
        Just("## ".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("    ".to_string()),
        Just("```".to_string()),
        Just("**".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("`".to_string()),
        Just("|".to_string()),
        Just("|---|".to_string()),
        Just("[".to_string()),
        Just("](".to_string()),
        Just(")".to_string()),
        Just("![".to_string()),
        Just("<".to_string()),
        Just("<script>window.__pwned=1</script>".to_string()),
        Just("<img src=x onerror=window.__pwned=1>".to_string()),
        Just("<!--".to_string()),
        Just("javascript:".to_string()),
        Just("JaVa\tScRiPt:".to_string()),
        Just("data:text/html,".to_string()),
        Just("https://x.vn/".to_string()),
        Just("/media/".to_string()),
        Just("/chuyen-muc/".to_string()),
        Just("&#x3C;".to_string()),
        Just("\\".to_string()),
        Just("---".to_string()),
        "[a-zA-Zàđươ ]{1,6}",
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

fn hrefs(blocks: &[Block], out: &mut Vec<String>) {
    fn inl(xs: &[Inline], out: &mut Vec<String>) {
        for x in xs {
            match x {
                Inline::Link { href, c } => {
                    out.push(href.clone());
                    inl(c, out);
                }
                Inline::Strong(c) | Inline::Emphasis(c) => inl(c, out),
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            Block::Paragraph(c) | Block::Heading { c, .. } => inl(c, out),
            Block::List { items, .. } => items.iter().for_each(|i| hrefs(i, out)),
            Block::Quote(c) => hrefs(c, out),
            Block::Table(t) => t
                .head
                .iter()
                .chain(t.rows.iter().flatten())
                .for_each(|c| inl(c, out)),
            Block::Figure(img) => out.push(img.src.clone()),
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn markdown_bodies(src in markdownish()) {
        let dir = std::env::temp_dir().join("portal-properties-no-content");
        let assets = Assets::new(&dir);
        let mut diags: Vec<Diagnostic> = Vec::new();
        let file = std::path::PathBuf::from("a.md");
        let mut r = Reporter { file: &file, diags: &mut diags };
        let (blocks, _links) = markdown::parse(&src, 1, &assets, &mut r);
        let has_html = Parser::new_ext(&src, Options::ENABLE_TABLES)
            .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
        prop_assert!(!has_html || !diags.is_empty(), "HTML passed without an error: {:?}", src);
        let mut out = Vec::new();
        hrefs(&blocks, &mut out);
        for href in out {
            let lower = href.to_ascii_lowercase();
            let scheme_ok = ["http://", "https://", "mailto:", "tel:", "/", "#", "?"].iter().any(|s| lower.starts_with(s));
            prop_assert!(is_safe_href(&href) && scheme_ok, "{:?} from {:?}", href, src);
        }
        // The app's reader reads whatever the build writes (depth included).
        let json = serde_json::to_string(&blocks).unwrap();
        prop_assert!(portal_core::json::from_str::<Vec<Block>>(&json).is_ok(), "{}", json);
    }

    /// Front matter of any shape: parsed or reported, never a panic.
    #[test]
    fn front_matter(keys in proptest::collection::vec(("(title|published|category|summary|image|slug|featured|x)", "(\"[^\"\\n]{0,10}\"|[0-9-:T+]{0,20}|true|\\[|\\{|)"), 0..8)) {
        let mut text = String::from("+++\n");
        for (k, v) in keys {
            text.push_str(&format!("{k} = {v}\n"));
        }
        text.push_str("+++\nThân bài.\n");
        let mut diags = Vec::new();
        let file = std::path::PathBuf::from("a.md");
        let mut r = Reporter { file: &file, diags: &mut diags };
        let _ = source::parts::<ArticleSource>(&text, &mut r);
    }
}

proptest! {
    // Each case is a long text: fewer of them.
    #![proptest_config(proptest::test_runner::Config { cases: config().cases.div_ceil(8), ..config() })]

    /// Deep nesting is an error with a line, not a crash.
    #[test]
    fn deep_nesting(depth in 1usize..1000, kind in 0..3u8) {
        let src = match kind {
            0 => "> ".repeat(depth) + "x",
            1 => (0..depth).map(|i| format!("{}- x\n", "  ".repeat(i))).collect(),
            _ => "*_".repeat(depth) + "x" + &"_*".repeat(depth),
        };
        let assets = Assets::new(std::path::Path::new("/nonexistent"));
        let mut diags = Vec::new();
        let file = std::path::PathBuf::from("a.md");
        let mut r = Reporter { file: &file, diags: &mut diags };
        let (blocks, _) = markdown::parse(&src, 1, &assets, &mut r);
        let json = serde_json::to_string(&blocks).unwrap();
        prop_assert!(portal_core::json::from_str::<Vec<Block>>(&json).is_ok());
        if depth > 40 && kind < 2 {
            prop_assert!(diags.iter().any(|d| d.message.contains("lồng nhau quá sâu")), "{} levels, {:?}", depth, diags);
        }
    }
}
