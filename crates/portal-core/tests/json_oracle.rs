//! The app's JSON reader (`portal_core::json`) against serde_json as the oracle:
//! - every API type, generated at random, written by serde_json and read back by ours
//!   gives the same value;
//! - any text, valid or not: ours accepts exactly what serde_json accepts (as a value
//!   nobody reads), and an API type reads the same value or both refuse;
//! - a list of valid and invalid inputs in the manner of JSONTestSuite (written here).
//!
//! The seed is fixed (CI runs the same cases every time); `cargo xtask fuzz` runs many
//! more cases with fresh seeds (PROPTEST_CASES, PROPTEST_RNG_SEED).

use portal_core::api::*;
use portal_core::json;
use portal_core::search::Manifest;
use portal_core::Timestamp;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;

fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256);
    let seed = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2026);
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    }
}

// ---- generated API values -----------------------------------------------------------

/// Text with what JSON must escape: quotes, backslashes, controls, Vietnamese, emoji,
/// `</script>`.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        "\\PC{0,16}",
        Just("</script><!--\"\\\u{0}\u{1f}\u{7f}\u{2028}\u{feff}😀 Đường".to_string()),
        "[\u{0}-\u{1f}\"\\\\/]{0,6}",
    ]
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    // 1900 … 2200, whole seconds.
    (-2_208_988_800i64..7_258_118_400).prop_map(Timestamp::from_unix)
}

fn date() -> impl Strategy<Value = Date> {
    (1900i32..2200, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

fn image() -> impl Strategy<Value = Image> {
    (
        text(),
        text(),
        any::<u32>(),
        any::<u32>(),
        proptest::option::of(text()),
    )
        .prop_map(|(src, alt, width, height, caption)| Image {
            src,
            alt,
            width,
            height,
            caption,
        })
}

fn inline() -> impl Strategy<Value = Inline> {
    let leaf = prop_oneof![
        text().prop_map(Inline::Text),
        text().prop_map(Inline::Code),
        Just(Inline::Break),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Inline::Strong),
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Inline::Emphasis),
            (text(), proptest::collection::vec(inner, 0..4)).prop_map(|(href, c)| Inline::Link { href, c }),
        ]
    })
}

fn inlines() -> impl Strategy<Value = Vec<Inline>> {
    proptest::collection::vec(inline(), 0..4)
}

fn align() -> impl Strategy<Value = Align> {
    prop_oneof![
        Just(Align::None),
        Just(Align::Left),
        Just(Align::Center),
        Just(Align::Right)
    ]
}

fn block() -> impl Strategy<Value = Block> {
    let leaf = prop_oneof![
        inlines().prop_map(Block::Paragraph),
        (2u8..=4, inlines()).prop_map(|(level, c)| Block::Heading { level, c }),
        image().prop_map(Block::Figure),
        (
            proptest::collection::vec(inlines(), 0..3),
            proptest::collection::vec(proptest::collection::vec(inlines(), 0..3), 0..3),
            proptest::collection::vec(align(), 0..3)
        )
            .prop_map(|(head, rows, align)| Block::Table(Table { head, rows, align })),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Block::Quote),
            (
                any::<bool>(),
                proptest::option::of(any::<u64>()),
                proptest::collection::vec(proptest::collection::vec(inner, 0..3), 0..3)
            )
                .prop_map(|(ordered, start, items)| Block::List {
                    ordered,
                    start,
                    items
                }),
        ]
    })
}

fn blocks() -> impl Strategy<Value = Vec<Block>> {
    proptest::collection::vec(block(), 0..5)
}

fn section_ref() -> impl Strategy<Value = SectionRef> {
    (text(), text()).prop_map(|(slug, name)| SectionRef { slug, name })
}

fn page_ref() -> impl Strategy<Value = PageRef> {
    (text(), text(), text()).prop_map(|(slug, title, lang)| PageRef { slug, title, lang })
}

fn link() -> impl Strategy<Value = ExternalLink> {
    (text(), text(), proptest::option::of(text())).prop_map(|(name, url, description)| ExternalLink {
        name,
        url,
        description,
    })
}

fn summary() -> impl Strategy<Value = Summary> {
    (
        text(),
        text(),
        timestamp(),
        text(),
        text(),
        proptest::option::of(image()),
    )
        .prop_map(|(slug, title, published, section, summary, image)| Summary {
            slug,
            title,
            published,
            section,
            summary,
            image,
        })
}

fn summaries() -> impl Strategy<Value = Vec<Summary>> {
    proptest::collection::vec(summary(), 0..4)
}

fn site() -> impl Strategy<Value = Site> {
    (
        (any::<u32>(), text(), text(), text(), text(), text()),
        (
            proptest::option::of(text()),
            any::<bool>(),
            (text(), text(), text(), proptest::option::of(text())),
        ),
        proptest::collection::vec(section_ref(), 0..4),
        (
            proptest::collection::vec(page_ref(), 0..3),
            proptest::collection::vec(page_ref(), 0..3),
            any::<bool>(),
            proptest::collection::vec(link(), 0..3),
            proptest::option::of((text(), proptest::option::of(text()))),
        ),
    )
        .prop_map(
            |(
                (api_version, name, unit_name, unit_type, description, base_url),
                (emblem, sample_content, (address, phone, email, fax)),
                sections,
                (menu_before, menu_after, documents, related_links, analytics),
            )| Site {
                api_version,
                name,
                unit_name,
                unit_type,
                description,
                base_url,
                emblem,
                sample_content,
                contact: Contact {
                    address,
                    phone,
                    email,
                    fax,
                },
                sections,
                menu_before,
                menu_after,
                documents,
                related_links,
                analytics: analytics.map(|(script, site_id)| Analytics { script, site_id }),
            },
        )
}

fn article() -> impl Strategy<Value = Article> {
    (
        (
            text(),
            text(),
            timestamp(),
            section_ref(),
            proptest::option::of(text()),
        ),
        (
            text(),
            proptest::option::of(image()),
            proptest::option::of(text()),
        ),
        blocks(),
        summaries(),
    )
        .prop_map(
            |((slug, title, published, section, lead), (summary, image, author), body, related)| Article {
                slug,
                title,
                published,
                section,
                lead,
                summary,
                image,
                author,
                body,
                related,
            },
        )
}

fn home() -> impl Strategy<Value = Home> {
    (
        proptest::option::of(section_ref()),
        summaries(),
        proptest::collection::vec(
            (text(), text(), summaries()).prop_map(|(slug, name, articles)| HomeSection {
                slug,
                name,
                articles,
            }),
            0..3,
        ),
    )
        .prop_map(|(featured_section, featured, sections)| Home {
            featured_section,
            featured,
            sections,
        })
}

fn section_page() -> impl Strategy<Value = SectionPage> {
    (
        text(),
        text(),
        proptest::option::of(text()),
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        summaries(),
    )
        .prop_map(
            |(slug, name, description, page, total_pages, total_articles, articles)| SectionPage {
                slug,
                name,
                description,
                page,
                total_pages,
                total_articles,
                articles,
            },
        )
}

fn page() -> impl Strategy<Value = Page> {
    (
        (text(), text(), text(), text()),
        blocks(),
        proptest::option::of(page_ref()),
        proptest::collection::vec(link(), 0..3),
    )
        .prop_map(
            |((slug, title, lang, description), body, translation, links)| Page {
                slug,
                title,
                lang,
                description,
                body,
                translation,
                links,
            },
        )
}

fn facet() -> impl Strategy<Value = Facet> {
    (text(), text(), any::<u32>()).prop_map(|(slug, name, count)| Facet { slug, name, count })
}

fn document_index() -> impl Strategy<Value = DocumentIndex> {
    (
        proptest::collection::vec(facet(), 0..3),
        proptest::collection::vec(facet(), 0..3),
        proptest::collection::vec(facet(), 0..3),
        proptest::collection::vec(
            (text(), text(), text(), text(), date(), text()).prop_map(
                |(slug, number, kind, body, issued, summary)| DocumentSummary {
                    slug,
                    number,
                    kind,
                    body,
                    issued,
                    summary,
                },
            ),
            0..4,
        ),
    )
        .prop_map(|(kinds, bodies, years, documents)| DocumentIndex {
            kinds,
            bodies,
            years,
            documents,
        })
}

fn document() -> impl Strategy<Value = Document> {
    (
        (
            text(),
            text(),
            facet(),
            facet(),
            date(),
            proptest::option::of(date()),
        ),
        (text(), text()),
        proptest::collection::vec(
            (text(), text(), text(), any::<u64>()).prop_map(|(url, name, format, bytes)| Attachment {
                url,
                name,
                format,
                bytes,
            }),
            0..3,
        ),
        blocks(),
    )
        .prop_map(
            |((slug, number, kind, body, issued, effective), (signer, summary), files, notes)| Document {
                slug,
                number,
                kind,
                body,
                issued,
                effective,
                signer,
                summary,
                files,
                notes,
            },
        )
}

fn search_doc() -> impl Strategy<Value = SearchDoc> {
    (
        text(),
        text(),
        text(),
        proptest::option::of(timestamp()),
        text(),
        proptest::option::of(text()),
    )
        .prop_map(|(url, title, section, published, text, lang)| SearchDoc {
            url,
            title,
            section,
            published,
            text,
            lang,
        })
}

fn manifest() -> impl Strategy<Value = Manifest> {
    (
        any::<u32>(),
        any::<u32>(),
        proptest::collection::vec(text(), 0..4),
        any::<u32>(),
    )
        .prop_map(|(version, docs, chunks, pair_shards)| Manifest {
            version,
            docs,
            chunks,
            pair_shards,
        })
}

/// Written compact and pretty by serde_json, read back by ours: the same value.
fn round_trips<T>(value: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    for written in [
        serde_json::to_string(value).unwrap(),
        serde_json::to_string_pretty(value).unwrap(),
    ] {
        let read: Result<T, _> = json::from_str(&written);
        prop_assert_eq!(read.as_ref(), Ok(value), "{}", written);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn site_round_trips(v in site()) { round_trips(&v)?; }

    #[test]
    fn article_round_trips(v in article()) { round_trips(&v)?; }

    #[test]
    fn home_round_trips(v in home()) { round_trips(&v)?; }

    #[test]
    fn section_page_round_trips(v in section_page()) { round_trips(&v)?; }

    #[test]
    fn page_round_trips(v in page()) { round_trips(&v)?; }

    #[test]
    fn document_index_round_trips(v in document_index()) { round_trips(&v)?; }

    #[test]
    fn document_round_trips(v in document()) { round_trips(&v)?; }

    #[test]
    fn search_doc_round_trips(v in search_doc()) { round_trips(&v)?; }

    #[test]
    fn manifest_round_trips(v in manifest()) { round_trips(&v)?; }

    /// Any JSON value serde_json can write, floats included: ours accepts it as a
    /// value nobody reads, also inside an object it does read.
    #[test]
    fn any_value_is_skipped(v in any_json()) {
        let written = v.to_string();
        prop_assert!(json::from_str::<IgnoredAny>(&written).is_ok(), "{}", written);
        let wrapped = format!("{{\"x\":{written},\"slug\":\"a\",\"name\":\"b\"}}");
        prop_assert_eq!(
            json::from_str::<SectionRef>(&wrapped),
            Ok(SectionRef { slug: "a".into(), name: "b".into() })
        );
    }

    /// Text that is almost JSON (a valid document with one byte changed, dropped or
    /// added): both accept it or both refuse it.
    #[test]
    fn mutated_text_is_judged_like_serde_json((text, _) in mutated_json()) {
        let ours = json::from_str::<IgnoredAny>(&text).is_ok();
        let oracle = serde_json::from_str::<IgnoredAny>(&text).is_ok();
        prop_assert_eq!(ours, oracle, "{:?}", text);
    }

    /// A mutated article: the same article, or both refuse.
    #[test]
    fn mutated_article_is_read_like_serde_json(a in article(), at in any::<prop::sample::Index>(), b in any::<u8>()) {
        let mut bytes = serde_json::to_vec(&a).unwrap();
        let i = at.index(bytes.len());
        let choices = b"{}[]\",:0123456789-.eE tfn\\";
        bytes[i] = choices[b as usize % choices.len()];
        if let Ok(text) = String::from_utf8(bytes) {
            let ours: Result<Article, _> = json::from_str(&text);
            let oracle: Result<Article, _> = serde_json::from_str(&text);
            prop_assert_eq!(ours.ok(), oracle.ok(), "{:?}", text);
        }
    }
}

fn any_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        text().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(text(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A valid document with one change; the change's kind, for the report.
fn mutated_json() -> impl Strategy<Value = (String, u8)> {
    (any_json(), any::<prop::sample::Index>(), 0u8..3, any::<u8>()).prop_map(|(v, at, kind, b)| {
        let mut bytes = v.to_string().into_bytes();
        let i = at.index(bytes.len().max(1));
        let choices = b"{}[]\",:0123456789-+.eE tfnul\\\n\t";
        let c = choices[b as usize % choices.len()];
        match kind {
            0 if i < bytes.len() => bytes[i] = c,
            1 if i < bytes.len() => {
                bytes.remove(i);
            }
            _ => bytes.insert(i.min(bytes.len()), c),
        }
        (String::from_utf8_lossy(&bytes).into_owned(), kind)
    })
}

/// Valid (`y`) and invalid (`n`) texts in the manner of JSONTestSuite, written for
/// this project: ours must agree with the oracle on each, and with the expectation.
#[test]
fn json_test_suite_style_cases() {
    let cases: &[(bool, &str)] = &[
        (true, "[]"),
        (true, "{}"),
        (true, "[null]"),
        (true, "[true, false]"),
        (true, "[0]"),
        (true, "[-0]"),
        (true, "[-0.0]"),
        (true, "[1E22]"),
        (true, "[1e-400]"),
        (true, "[123.456e+78]"),
        (true, "[-9223372036854775808]"),
        (true, "[18446744073709551616]"),
        (true, "[\"\"]"),
        (true, "[\"\\u0000\"]"),
        (true, "[\"\\uD834\\uDD1E\"]"),
        (true, "[\"\\/\\b\\f\\n\\r\\t\"]"),
        (true, "[\"Dân vận khéo\"]"),
        (true, "{\"a\":{\"b\":[{\"c\":[]}]}}"),
        (true, "{\"a\":1,\"a\":2}"),
        (true, " \n\t\r[1] \n"),
        (true, "\"top-level string\""),
        (true, "42"),
        (true, "null"),
        (false, "[01]"),
        (false, "[-]"),
        (false, "[.1]"),
        (false, "[1.]"),
        (false, "[1.e5]"),
        (false, "[1e]"),
        (false, "[+1]"),
        (false, "[0x10]"),
        (false, "[NaN]"),
        (false, "[-Infinity]"),
        (false, "[1,]"),
        (false, "[,1]"),
        (false, "[1,,2]"),
        (false, "[\"a\" \"b\"]"),
        (false, "{\"a\"}"),
        (false, "{\"a\":}"),
        (false, "{1:2}"),
        (false, "{'a':1}"),
        (false, "{\"a\":1,}"),
        (false, "[\"\\u00G0\"]"),
        (false, "[\"\\a\"]"),
        (false, "[\"\u{0}\"]"),
        (false, "[\"\n\"]"),
        (false, "[True]"),
        (false, "[nul]"),
        (false, "[] []"),
        (false, "[1] 2"),
        (false, "\u{feff}[]"),
        (false, "[\u{a0}1]"),
        (false, ""),
        (false, "/* comment */ []"),
    ];
    for &(valid, text) in cases {
        let oracle = serde_json::from_str::<IgnoredAny>(text).is_ok();
        assert_eq!(oracle, valid, "the oracle disagrees with the case {text:?}");
        let ours = json::from_str::<IgnoredAny>(text).is_ok();
        assert_eq!(ours, valid, "{text:?}");
    }
}
