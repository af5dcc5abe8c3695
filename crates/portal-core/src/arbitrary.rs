//! Generators of the API's values for property tests (`proptest`): text with what
//! escaping must handle, every block and inline, every document type. Enabled by the
//! `arbitrary` feature, for this project's tests only.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use crate::api::*;
use crate::search::Manifest;
use crate::Timestamp;

/// The property tests' configuration: a fixed seed and 256 cases (the same cases on
/// every CI run); `PROPTEST_CASES` and `PROPTEST_RNG_SEED` change both
/// (`cargo xtask fuzz`).
pub fn config() -> Config {
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
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,12}",
        "\\PC{0,16}",
        Just("</script><!--\"\\\u{0}\u{1f}\u{7f}\u{2028}\u{feff}😀 Đường".to_string()),
        "[\u{0}-\u{1f}\"\\\\/]{0,6}",
    ]
}

pub fn timestamp() -> impl Strategy<Value = Timestamp> {
    // 1900 … 2200, whole seconds.
    (-2_208_988_800i64..7_258_118_400).prop_map(Timestamp::from_unix)
}

pub fn date() -> impl Strategy<Value = Date> {
    (1900i32..2200, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
}

pub fn image() -> impl Strategy<Value = Image> {
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
            copies: 0,
        })
}

pub fn inline() -> impl Strategy<Value = Inline> {
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

pub fn inlines() -> impl Strategy<Value = Vec<Inline>> {
    proptest::collection::vec(inline(), 0..4)
}

pub fn align() -> impl Strategy<Value = Align> {
    prop_oneof![
        Just(Align::None),
        Just(Align::Left),
        Just(Align::Center),
        Just(Align::Right)
    ]
}

pub fn block() -> impl Strategy<Value = Block> {
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

pub fn blocks() -> impl Strategy<Value = Vec<Block>> {
    proptest::collection::vec(block(), 0..5)
}

pub fn section_ref() -> impl Strategy<Value = SectionRef> {
    (text(), text()).prop_map(|(slug, name)| SectionRef { slug, name })
}

pub fn page_ref() -> impl Strategy<Value = PageRef> {
    (text(), text(), text()).prop_map(|(slug, title, lang)| PageRef { slug, title, lang })
}

pub fn link() -> impl Strategy<Value = ExternalLink> {
    (text(), text(), proptest::option::of(text())).prop_map(|(name, url, description)| ExternalLink {
        name,
        url,
        description,
    })
}

pub fn summary() -> impl Strategy<Value = Summary> {
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

pub fn summaries() -> impl Strategy<Value = Vec<Summary>> {
    proptest::collection::vec(summary(), 0..4)
}

pub fn site() -> impl Strategy<Value = Site> {
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

pub fn article() -> impl Strategy<Value = Article> {
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

pub fn home() -> impl Strategy<Value = Home> {
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

pub fn section_page() -> impl Strategy<Value = SectionPage> {
    (
        text(),
        text(),
        proptest::option::of(text()),
        any::<u32>(),
        any::<u32>(),
        proptest::option::of(any::<u32>()),
        summaries(),
    )
        .prop_map(
            |(slug, name, description, page, archive_pages, total_articles, articles)| SectionPage {
                slug,
                name,
                description,
                page,
                archive_pages,
                total_articles,
                articles,
            },
        )
}

pub fn page() -> impl Strategy<Value = Page> {
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

pub fn facet() -> impl Strategy<Value = Facet> {
    (text(), text(), any::<u32>()).prop_map(|(slug, name, count)| Facet { slug, name, count })
}

pub fn facet_ref() -> impl Strategy<Value = FacetRef> {
    (text(), text()).prop_map(|(slug, name)| FacetRef { slug, name })
}

pub fn document_summary() -> impl Strategy<Value = DocumentSummary> {
    (text(), text(), text(), text(), date(), text()).prop_map(
        |(slug, number, kind, body, issued, summary)| DocumentSummary {
            slug,
            number,
            kind,
            body,
            issued,
            summary,
        },
    )
}

pub fn document_index() -> impl Strategy<Value = DocumentIndex> {
    (
        proptest::collection::vec(facet(), 0..3),
        proptest::collection::vec(facet(), 0..3),
        proptest::collection::vec(facet(), 0..3),
        any::<u32>(),
    )
        .prop_map(|(kinds, bodies, years, total)| DocumentIndex {
            kinds,
            bodies,
            years,
            total,
        })
}

pub fn document_list() -> impl Strategy<Value = DocumentList> {
    (
        any::<u32>(),
        any::<u32>(),
        proptest::option::of(any::<u32>()),
        proptest::collection::vec(document_summary(), 0..4),
    )
        .prop_map(|(page, archive_pages, total, documents)| DocumentList {
            page,
            archive_pages,
            total,
            documents,
        })
}

pub fn document() -> impl Strategy<Value = Document> {
    (
        (
            text(),
            text(),
            facet_ref(),
            facet_ref(),
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

pub fn search_doc() -> impl Strategy<Value = SearchDoc> {
    (
        text(),
        text(),
        text(),
        proptest::option::of(timestamp()),
        text(),
        any::<bool>(),
        proptest::option::of(text()),
    )
        .prop_map(|(url, title, section, published, text, cut, lang)| SearchDoc {
            url,
            title,
            section,
            published,
            text,
            cut,
            lang,
        })
}

pub fn manifest() -> impl Strategy<Value = Manifest> {
    (
        (any::<u32>(), any::<u32>(), any::<u32>()),
        proptest::collection::vec(text(), 0..4),
        proptest::collection::vec(any::<u32>(), 0..4),
        any::<u32>(),
    )
        .prop_map(|((version, docs, block), chunks, split, pair_shards)| Manifest {
            version,
            docs,
            block,
            chunks,
            split,
            pair_shards,
        })
}
