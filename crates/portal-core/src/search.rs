//! Site search that Vietnamese readers can use: case- and diacritic-insensitive (đ → d
//! included), every word must match, the last word may be the start of a word (while
//! typing), "quoted phrases" match as phrases, and a query typed with its tone marks
//! ranks exact-accent matches first.
//!
//! The index is static files, split so that a query downloads only what it needs:
//! a small manifest (the first word of each chunk), the word chunks holding the query's
//! words, for "phrases" the shards holding their adjacent word pairs, then one small
//! document per result shown. Document lists are bitmaps when that is smaller, so a
//! word found in most documents costs a bit per document, and a word or pair found in
//! many is written a block of documents at a time, read newest block first
//! ([`lookup`]). The content build writes it with [`IndexBuilder`]; the app reads it
//! with [`lookup`] and ranks with [`rank`]. [`matches`] is the brute-force definition
//! both are tested against.

use std::collections::HashMap;
use std::ops::Range;

use crate::compose_table::COMPOSE;
use crate::fold::{fold, lowercase};

mod builder;
mod format;
mod lookup;
mod texts;
pub use builder::{Index, IndexBuilder, Plan, Postings};
pub use format::{
    decode_pairs, decode_terms, encode_pairs, encode_terms, fnv, pair_shard, phrase_pairs, DecodeError,
    Manifest, Pair, Term,
};
pub use lookup::{lookup, lookup_in, lookup_with, Found, Loaded, Part, Step};
pub use texts::{article_text, document_text, page_text};

/// Version of the index format (2: ids oldest first, bitmaps as long as they need; 3:
/// words and pairs in many documents written a block at a time).
pub const INDEX_VERSION: u32 = 3;
/// Results per page.
pub const RESULTS_PER_PAGE: usize = 10;
/// Body positions start this far after the title's, so no phrase spans both.
const TITLE_GAP: u32 = 1000;

// ---- text -------------------------------------------------------------------------

fn is_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Vietnamese text in NFC: a letter followed by a combining tone, breve, circumflex or
/// horn becomes the precomposed letter (as some keyboards send decomposed text).
pub fn compose(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_mark(c) {
            if let Some(prev) = out.pop() {
                let key = (prev as u32, c as u32);
                match COMPOSE.binary_search_by_key(&key, |&(k, _)| k) {
                    Ok(i) => out.push(char::from_u32(COMPOSE[i].1).unwrap_or(prev)),
                    Err(_) => {
                        out.push(prev);
                        out.push(c);
                    }
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Whether `c` belongs to a word: ASCII letters and digits, and any other character
/// that is not a space, punctuation or a symbol of the common blocks (Vietnamese
/// letters, other scripts). A small rule of our own instead of `char::is_alphanumeric`
/// keeps Unicode's tables out of the Wasm.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !(c.is_whitespace()
        || is_mark(c)
        || matches!(c,
            '\u{80}'..='\u{BF}'          // Latin-1 controls, spaces, « » ° ± …
            | '\u{D7}' | '\u{F7}'        // × ÷
            | '\u{2000}'..='\u{2BFF}'    // punctuation (“ ” – — …), currency, arrows, maths, shapes
            | '\u{3000}'..='\u{303F}'    // CJK punctuation
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF00}'..='\u{FF0F}'
            | '\u{FFF0}'..='\u{FFFF}'))
}

/// Byte ranges of the words of `text`: runs of letters and digits (with their
/// combining marks). Vietnamese is written in syllables separated by spaces, so each
/// syllable is a word.
pub fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inside = is_word_char(c) || (is_mark(c) && start.is_some());
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// A word of a document, as searched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocWord {
    /// Lower case, no diacritics: what matching compares.
    pub folded: String,
    /// Lower case NFC, with diacritics: for exact-accent ranking.
    pub lower: String,
    pub pos: u32,
    pub in_title: bool,
}

/// The words of a document: its title, then its text.
pub fn doc_words(title: &str, text: &str) -> Vec<DocWord> {
    let mut out = Vec::new();
    for (field, base, in_title) in [(title, 0, true), (text, TITLE_GAP, false)] {
        let composed = compose(field);
        for (n, r) in words(&composed).into_iter().enumerate() {
            let lower = lowercase(&composed[r]);
            out.push(DocWord {
                folded: fold(&lower),
                lower,
                pos: base + n as u32,
                in_title,
            });
        }
    }
    out
}

// ---- queries ----------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryWord {
    pub folded: String,
    /// The word as typed (lower case) when it has diacritics: exact matches rank first.
    pub accented: Option<String>,
    /// The start of a word (the last word, while typing).
    pub prefix: bool,
}

impl QueryWord {
    pub fn matches(&self, folded: &str) -> bool {
        if self.prefix {
            folded.starts_with(&self.folded)
        } else {
            folded == self.folded
        }
    }

    /// Whether a document's word, in its accented form, is what the reader typed.
    pub fn exact(&self, lower: &str) -> bool {
        match &self.accented {
            Some(a) if self.prefix => lower.starts_with(a.as_str()),
            Some(a) => lower == a,
            None => false,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub words: Vec<QueryWord>,
    /// Ranges of `words` that must stand next to each other, in order.
    pub phrases: Vec<Range<usize>>,
}

impl Query {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Reads a query: words, "quoted phrases" (straight or curly quotes), the last word a
/// prefix unless it is quoted or followed by a space (or is a single letter).
pub fn parse_query(q: &str) -> Query {
    let q = lowercase(&compose(q));
    let mut query = Query::default();
    let mut in_quotes = false;
    let mut phrase_start = 0;
    let mut last_quoted = false;
    let mut rest = q.as_str();
    while !rest.is_empty() {
        let quote = rest.find(['"', '“', '”']).unwrap_or(rest.len());
        for r in words(&rest[..quote]) {
            let w = &rest[r];
            let folded = fold(w);
            query.words.push(QueryWord {
                accented: (folded != w).then(|| w.to_string()),
                folded,
                prefix: false,
            });
            last_quoted = in_quotes;
        }
        if quote == rest.len() {
            break;
        }
        if in_quotes && query.words.len() > phrase_start + 1 {
            query.phrases.push(phrase_start..query.words.len());
        }
        in_quotes = !in_quotes;
        phrase_start = query.words.len();
        let q_len = rest[quote..].chars().next().map_or(1, char::len_utf8);
        rest = &rest[quote + q_len..];
    }
    if in_quotes && query.words.len() > phrase_start + 1 {
        query.phrases.push(phrase_start..query.words.len());
    }
    let ends_open = q.chars().last().is_some_and(|c| is_word_char(c) || is_mark(c));
    if let Some(last) = query.words.last_mut() {
        if ends_open && !last_quoted && last.folded.chars().count() >= 2 {
            last.prefix = true;
        }
    }
    query
}

/// The definition of a match, by brute force: every word of the query matches a word of
/// the document, and each phrase's words stand next to each other.
pub fn matches(query: &Query, doc: &[DocWord]) -> bool {
    if query.is_empty() {
        return false;
    }
    if !query
        .words
        .iter()
        .all(|w| doc.iter().any(|d| w.matches(&d.folded)))
    {
        return false;
    }
    query.phrases.iter().all(|p| {
        let words = &query.words[p.clone()];
        doc.iter().any(|start| {
            words.iter().enumerate().all(|(i, w)| {
                let pos = start.pos + i as u32;
                doc.iter().any(|d| d.pos == pos && w.matches(&d.folded))
            })
        })
    })
}

// ---- ranking -----------------------------------------------------------------------

/// Ranks the documents matching `query`, given the words of the chunks it needs and
/// the pairs of the shards its phrases need. A phrase matches where all its adjacent
/// pairs do (exactly a phrase of two words; for longer phrases, every pair of it).
/// Order: newer block of `block` ids first (see [`lookup`]), then more words matched
/// with the exact accents typed, then more words in the title, then newer (larger id).
pub fn rank(query: &Query, terms: &[&Term], pairs: &[(&str, &[u32])], block: u32) -> Vec<u32> {
    if query.is_empty() {
        return Vec::new();
    }
    // doc → (words found, exact-accent words, title words)
    let mut found: HashMap<u32, (usize, u16, u16)> = HashMap::new();
    for (i, w) in query.words.iter().enumerate() {
        let mut per_doc: HashMap<u32, (bool, bool)> = HashMap::new();
        for t in terms.iter().filter(|t| w.matches(&t.folded)) {
            for (lower, docs) in &t.variants {
                let exact = w.exact(lower);
                for &d in docs {
                    per_doc.entry(d).or_default().0 |= exact;
                }
            }
            for &d in &t.in_title {
                per_doc.entry(d).or_default().1 = true;
            }
        }
        for (doc, (exact, title)) in per_doc {
            let e = found.entry(doc).or_insert((0, 0, 0));
            if e.0 == i {
                e.0 += 1;
                e.1 += u16::from(exact);
                e.2 += u16::from(title);
            }
        }
    }
    let all = query.words.len();
    // For each pair of the phrases, its lists (a split pair has one per block read).
    let phrase_docs: Vec<Vec<&[u32]>> = phrase_pairs(query)
        .iter()
        .map(|p| pairs.iter().filter(|(n, _)| n == p).map(|(_, d)| *d).collect())
        .collect();
    let mut hits: Vec<(u32, u16, u16)> = found
        .into_iter()
        .filter(|(_, (n, _, _))| *n == all)
        .map(|(doc, (_, exact, title))| (doc, exact, title))
        .filter(|(doc, _, _)| {
            phrase_docs
                .iter()
                .all(|lists| lists.iter().any(|d| d.binary_search(doc).is_ok()))
        })
        .collect();
    // Unstable sort: ids are unique, so the order is total anyway.
    let block = block.max(1);
    hits.sort_unstable_by(|a, b| {
        (b.0 / block)
            .cmp(&(a.0 / block))
            .then(b.1.cmp(&a.1))
            .then(b.2.cmp(&a.2))
            .then(b.0.cmp(&a.0))
    });
    hits.into_iter().map(|(doc, _, _)| doc).collect()
}

// ---- snippets ----------------------------------------------------------------------

/// Whether every word of the query is a word of one of `texts` (where a result's
/// snippet can show them all: its title and its text).
pub fn has_every_word(texts: &[&str], query: &Query) -> bool {
    let mut folded: Vec<String> = Vec::new();
    for text in texts {
        let text = compose(text);
        folded.extend(words(&text).into_iter().map(|r| fold(&text[r])));
    }
    query.words.iter().all(|w| folded.iter().any(|f| w.matches(f)))
}

/// About `max_words` words of `text` around the best place for the query, as pieces:
/// `(text, highlighted)`. Highlighted pieces are the matching words as written (with
/// their accents). Starts or ends with "…" when cut.
pub fn snippet(text: &str, query: &Query, max_words: usize) -> Vec<(String, bool)> {
    let text = compose(text);
    let ranges = words(&text);
    if ranges.is_empty() {
        return Vec::new();
    }
    let hit: Vec<bool> = ranges
        .iter()
        .map(|r| {
            let f = fold(&text[r.clone()]);
            query.words.iter().any(|w| w.matches(&f))
        })
        .collect();
    // The window with the most matching words (the first such).
    let window = max_words.min(ranges.len());
    let mut best = (0, 0);
    let mut count = hit[..window].iter().filter(|&&h| h).count();
    best.1 = count;
    for start in 1..=ranges.len() - window {
        count += usize::from(hit[start + window - 1]);
        count -= usize::from(hit[start - 1]);
        if count > best.1 {
            best = (start, count);
        }
    }
    // Begin a few words before the first match, to give it context.
    let first_hit = (best.0..best.0 + window).find(|&i| hit[i]).unwrap_or(best.0);
    let start = first_hit
        .saturating_sub(window / 4)
        .max(best.0.saturating_sub(window / 4))
        .min(ranges.len() - window);
    let end = start + window;
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut push = |s: &str, h: bool| match out.last_mut() {
        Some((prev, false)) if !h => prev.push_str(s),
        _ => out.push((s.to_string(), h)),
    };
    if start > 0 {
        push("…", false);
    }
    let from = ranges[start].start;
    let mut at = from;
    for i in start..end {
        let r = &ranges[i];
        push(&text[at..r.start], false);
        push(&text[r.clone()], hit[i]);
        at = r.end;
    }
    if end < ranges.len() {
        push("…", false);
    } else {
        push(text[at..].trim_end(), false);
    }
    out.retain(|(s, _)| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Query {
        parse_query(s)
    }

    /// A small index of (title, text) documents, oldest first, ranked for `query` (in
    /// one block: the ranking across blocks is [`lookup`]'s, tested there).
    fn search(docs: &[(&str, &str)], query: &str) -> Vec<u32> {
        let mut b = IndexBuilder::default();
        for (t, x) in docs {
            b.add(&doc_words(t, x));
        }
        let index = b.finish(64, 1 << 20);
        let query = q(query);
        let (found, _) = lookup_with(&index.manifest, &query, usize::MAX, &mut |p| {
            index.files[&p].clone()
        })
        .unwrap();
        let ranked = found.ranked;
        // The index agrees with the brute-force definition (for phrases of more than
        // two words, it may also find documents with every pair but not the phrase).
        let brute: Vec<u32> = docs
            .iter()
            .enumerate()
            .filter(|(_, (t, x))| matches(&query, &doc_words(t, x)))
            .map(|(i, _)| i as u32)
            .collect();
        let long_phrase = query.phrases.iter().any(|p| p.len() > 2);
        if long_phrase {
            assert!(
                brute.iter().all(|d| ranked.contains(d)),
                "the index missed a match for {query:?}"
            );
            return ranked;
        }
        let mut sorted = ranked.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, brute, "index and brute force disagree for {query:?}");
        ranked
    }

    #[test]
    fn words_and_composition() {
        let text = "Hội nghị “Dân vận khéo” – năm 2020!";
        let w: Vec<&str> = words(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(w, ["Hội", "nghị", "Dân", "vận", "khéo", "năm", "2020"]);
        assert_eq!(
            compose("Vie\u{0302}\u{0323}t đu\u{031B}o\u{031B}\u{0300}ng"),
            "Việt đường"
        );
        assert_eq!(compose("mi\u{0301}a"), "mía");
        // NFD text splits into the same words.
        assert_eq!(words("Vie\u{0302}\u{0323}t Nam").len(), 2);
    }

    #[test]
    fn query_parsing() {
        let p = q("Dân vận \"tổng kết\" khé");
        let folded: Vec<&str> = p.words.iter().map(|w| w.folded.as_str()).collect();
        assert_eq!(folded, ["dan", "van", "tong", "ket", "khe"]);
        assert_eq!(p.phrases, vec![2..4]);
        assert_eq!(p.words[0].accented.as_deref(), Some("dân"));
        assert!(p.words[4].prefix && !p.words[3].prefix);
        assert!(!q("dan ").words[0].prefix, "a space ends the word");
        assert!(!q("“dân vận”").words[1].prefix, "quoted words are whole words");
        assert_eq!(q("“dân vận”").phrases, vec![0..2]);
        assert!(!q("a").words[0].prefix, "one letter is not a prefix");
        assert_eq!(q("duong").words[0].accented, None);
        assert!(q("  ,;  ").is_empty());
        // Unclosed quotes still make a phrase.
        assert_eq!(q("\"dân vận").phrases, vec![0..2]);
    }

    #[test]
    fn without_tone_marks_finds_accented_and_d_finds_dstroke() {
        let docs = [
            ("Hội nghị tổng kết “Dân vận khéo”", "Nội dung."),
            ("Làm đường giao thông", "Bê tông hóa."),
        ];
        assert_eq!(search(&docs, "dan van kheo"), [0]);
        assert_eq!(search(&docs, "DÂN VẬN"), [0]);
        assert_eq!(search(&docs, "duong"), [1]);
        assert_eq!(search(&docs, "Đường"), [1]);
        assert_eq!(
            search(&docs, "dan duong"),
            Vec::<u32>::new(),
            "every word must match"
        );
    }

    #[test]
    fn prefix_on_the_last_word() {
        let docs = [("Trường học", "x"), ("Tuyến đường", "y")];
        assert_eq!(search(&docs, "truo"), [0]);
        assert_eq!(search(&docs, "truo "), Vec::<u32>::new());
        assert_eq!(search(&docs, "tuyen duo"), [1]);
    }

    #[test]
    fn exact_accents_first_then_title_then_newer() {
        let docs = [
            ("Tin một", "mịa mịa"),
            ("Tin hai", "cây mía"),
            ("Mía đường", "giá tăng"),
            ("Tin bốn", "mìa"),
            ("Tin năm", "cây mía cũ"),
        ];
        // "mía" typed with its accent: exact matches first (title before body), newer first.
        assert_eq!(search(&docs, "mía "), [2, 4, 1, 3, 0]);
        // Without accents: title matches first, then newer (larger ids are newer).
        assert_eq!(search(&docs, "mia "), [2, 4, 3, 1, 0]);
    }

    #[test]
    fn phrases_match_as_phrases() {
        let docs = [
            ("Dân vận", "khéo léo"),
            ("Phong trào dân vận khéo", "x"),
            ("Khéo dân vận", "y"),
        ];
        assert_eq!(search(&docs, "\"dan van kheo\""), [1]);
        assert_eq!(
            search(&docs, "dan van kheo"),
            [2, 1, 0],
            "as words, all three match (all in the title first)"
        );
        // A phrase does not run from the title into the body.
        assert_eq!(search(&docs, "\"van kheo\""), [1]);
    }

    #[test]
    fn chunks_round_trip_and_reject_garbage() {
        let mut b = IndexBuilder::default();
        for i in 0..40 {
            b.add(&doc_words(&format!("Tiêu đề {i}"), "đường làng ngõ xóm mía"));
        }
        let index = b.finish(40, 1 << 20);
        let manifest = index.manifest;
        assert!(
            manifest.chunks.len() > 2 && manifest.pair_shards > 1,
            "{manifest:?}"
        );
        assert_eq!(manifest.docs, 40);
        let mut terms = Vec::new();
        for (part, bytes) in &index.files {
            match part.decode(bytes, &manifest).unwrap() {
                Loaded::Terms(t) if matches!(part, Part::Chunk(_)) => {
                    assert_eq!(encode_terms(&t), *bytes);
                    terms.extend(t);
                }
                Loaded::Pairs(p) if matches!(part, Part::Shard(_)) => assert_eq!(encode_pairs(&p, 0), *bytes),
                _ => {}
            }
        }
        // "đường" is in every document: a bitmap of 5 bytes, not 40 gaps.
        let duong = terms.iter().find(|t| t.folded == "duong").unwrap();
        assert_eq!(duong.docs().len(), 40);
        assert!(encode_terms(std::slice::from_ref(duong)).len() < 30);
        assert_eq!(decode_terms(&[5, 1], 0, 40), Err(DecodeError));
        let first = &index.files[&Part::Chunk(0)];
        let mut extra = first.clone();
        extra.push(0);
        assert_eq!(decode_terms(&extra, 0, 40), Err(DecodeError));
        // A document id beyond the index is an error, not a panic later.
        assert_eq!(decode_pairs(&[1, 1, b'a', 0, 1, 45], 0, 40), Err(DecodeError));
        // A gap as large as an id can be is an error, not an overflow (a hostile file).
        assert_eq!(
            decode_pairs(&[1, 1, b'a', 0, 2, 0, 0xff, 0xff, 0xff, 0xff, 0x0f], 0, 40),
            Err(DecodeError)
        );
        // A split pair's mark is a pair's, not a word's.
        assert_eq!(
            decode_pairs(&[1, 1, b'a', 2], 0, 40),
            Ok(vec![("a".to_string(), None)])
        );
        assert_eq!(
            decode_terms(&[1, 1, b'a', 1, 0, 2, 0, 0], 0, 40),
            Err(DecodeError)
        );
        assert_eq!(manifest.chunk_of(""), 0);
        assert_eq!(manifest.chunk_of("zzz"), manifest.chunks.len() - 1);
        let m = &manifest;
        let r = m.chunks_with_prefix("d");
        assert!(
            r.start <= m.chunk_of("de") && m.chunk_of("duong") < r.end,
            "{r:?} {m:?}"
        );
    }

    #[test]
    fn index_agrees_with_brute_force_on_random_documents() {
        const VOCAB: [&str; 16] = [
            "dân",
            "dần",
            "dẫn",
            "đàn",
            "vận",
            "văn",
            "khéo",
            "kheo",
            "đường",
            "dương",
            "mía",
            "mìa",
            "xã",
            "xa",
            "trường",
            "trương",
        ];
        let mut seed = 0x2545_f491_u32;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as usize
        };
        let docs: Vec<(String, String)> = (0..120)
            .map(|_| {
                let mut pick = |n: usize| {
                    (0..n)
                        .map(|_| VOCAB[next() % VOCAB.len()])
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                (pick(3), pick(12))
            })
            .collect();
        let refs: Vec<(&str, &str)> = docs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        for _ in 0..200 {
            let n = 1 + next() % 3;
            let mut query: Vec<String> = (0..n).map(|_| VOCAB[next() % VOCAB.len()].to_string()).collect();
            match next() % 4 {
                0 => query = query.iter().map(|w| fold(w)).collect(),
                1 if n > 1 => query = vec![format!("\"{}\"", query.join(" "))],
                2 => {
                    let last = query.pop().unwrap();
                    query.push(last.chars().take(2).collect());
                }
                _ => {}
            }
            search(&refs, &query.join(" "));
        }
    }

    #[test]
    fn snippet_highlights_words_as_written() {
        let text = "Sáng 10/8, Ban Dân vận Huyện ủy tổ chức hội nghị tổng kết phong trào “Dân vận khéo” giai đoạn 2016 – 2020 với nhiều nội dung.";
        let s = snippet(text, &q("dan van kheo"), 12);
        let marked: Vec<&str> = s.iter().filter(|(_, h)| *h).map(|(t, _)| t.as_str()).collect();
        assert!(marked.iter().all(|m| ["Dân", "vận", "khéo"].contains(m)), "{s:?}");
        assert!(marked.contains(&"khéo"), "{s:?}");
        let joined: String = s.iter().map(|(t, _)| t.as_str()).collect();
        assert!(joined.starts_with('…') && joined.ends_with('…'), "{joined}");
        assert!(joined.contains("“Dân vận khéo”"), "{joined}");
        // A short text is whole.
        let s = snippet("Đường làng", &q("duong"), 30);
        assert_eq!(s, [("Đường".to_string(), true), (" làng".to_string(), false)]);
    }

    #[test]
    fn every_word_is_found_as_the_index_finds_it() {
        let text = "Tuyến đường giao thông nông thôn ấp Vĩnh Thành được nâng cấp.";
        assert!(has_every_word(&[text], &q("duong giao thong")));
        // Decomposed tone marks, as some keyboards send them.
        assert!(has_every_word(
            &["Tuyến đu\u{031B}o\u{031B}\u{0300}ng"],
            &q("đường")
        ));
        // The last word while typing is the start of a word.
        assert!(has_every_word(&[text], &q("vinh tha")));
        // Any other word is whole: "gia" is not "giao".
        assert!(!has_every_word(&[text], &q("gia duong")));
        assert!(!has_every_word(&[text], &q("cau duong")));
        assert!(!has_every_word(&[""], &q("duong")));
        // In the title or in the text.
        assert!(has_every_word(&["Đường mới", "nông thôn"], &q("duong nong thon")));
    }

    #[test]
    fn the_texts_searched_are_lead_then_body() {
        use crate::api::{Block, Inline};
        let body = vec![Block::Paragraph(vec![Inline::Text("Thân bài.".into())])];
        assert_eq!(article_text(Some("Sa pô."), &body), "Sa pô.\nThân bài.");
        assert_eq!(article_text(None, &body), "Thân bài.");
        assert_eq!(page_text(&body), "Thân bài.");
        assert_eq!(
            document_text(
                "Quyết định",
                "12/QĐ-UBND",
                "Ủy ban nhân dân huyện",
                "Về việc…",
                &body
            ),
            "Quyết định 12/QĐ-UBND Ủy ban nhân dân huyện. Về việc…\nThân bài."
        );
    }
}
