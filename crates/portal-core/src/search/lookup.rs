//! Answering a query from the index's files, read a part at a time.
//!
//! A word or pair found in many documents (more than a chunk's worth of lists) is
//! written a block of documents at a time, so the first screen of results does not
//! need its whole list: the search reads the newest block of each such word, and older
//! blocks only while it has fewer matches than the page asked for needs (the next
//! round twice as many blocks as were read, so a rare combination of common words
//! takes a few rounds, not one per block). Results are ordered newest block first,
//! and within a block by relevance ([`rank`]); an older block that cannot hold a match
//! (no document with every word of the query that is read whole) is not read at all
//! (the newest is fetched with the first round, before that is known).
//!
//! [`lookup`] is one step: given the parts held, the parts to fetch next, or what was
//! found. The app fetches in the browser; [`lookup_with`] reads files natively.

use super::format::{decode_pairs, decode_terms, fnv, phrase_pairs, DecodeError, Manifest, Pair, Term};
use super::{rank, Query};
use crate::paths;

/// A file of the index (besides the manifest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// Word chunk `n`: its words with all their documents.
    Chunk(u32),
    /// Pair shard `n`: its pairs with all their documents, or marked split.
    Shard(u32),
    /// Block `b` of the split words whose FNV-1a hash is `h` (nearly always one word).
    Words(u32, u32),
    /// Block `b` of the split pairs whose hash is `h`.
    Pairs(u32, u32),
}

/// A part, read.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded {
    Terms(Vec<Term>),
    Pairs(Vec<Pair>),
}

impl Part {
    /// Where the part is, in the site.
    pub fn path(self) -> String {
        match self {
            Part::Chunk(n) => paths::api_search_terms(n as usize),
            Part::Shard(n) => paths::api_search_pairs(n as usize),
            Part::Words(b, h) => paths::api_search_word_block(b, h),
            Part::Pairs(b, h) => paths::api_search_pair_block(b, h),
        }
    }

    /// Reads the part's bytes (ids checked against the manifest).
    pub fn decode(self, bytes: &[u8], m: &Manifest) -> Result<Loaded, DecodeError> {
        let (base, n) = match self {
            Part::Words(b, _) | Part::Pairs(b, _) => m.block_ids(b),
            _ => (0, m.docs),
        };
        match self {
            Part::Chunk(_) | Part::Words(..) => decode_terms(bytes, base, n).map(Loaded::Terms),
            _ => decode_pairs(bytes, base, n).map(Loaded::Pairs),
        }
    }
}

/// What a query found in the parts read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The matches, best first: newest block first, and within a block as [`rank`]
    /// orders them. More parts read only add matches after these.
    pub ranked: Vec<u32>,
    /// The documents searched are those from this id on (0: all of them).
    pub from: u32,
}

/// The next step of a query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// These parts are needed (fetch them all, then ask again); never none.
    Need(Vec<Part>),
    Done(Found),
}

/// The query's terms and pairs from the parts held, and the hashes of its pairs that
/// are split.
#[derive(Default)]
struct Held<'a> {
    terms: Vec<&'a Term>,
    pairs: Vec<(&'a str, &'a [u32])>,
    split_pairs: Vec<u32>,
}

impl<'a> Held<'a> {
    fn take(&mut self, part: &'a Loaded, wanted: &[String]) {
        match part {
            Loaded::Terms(t) => self.terms.extend(t),
            Loaded::Pairs(p) => {
                for (name, docs) in p.iter().filter(|(n, _)| wanted.contains(n)) {
                    match docs {
                        Some(d) => self.pairs.push((name, d)),
                        None => self.split_pairs.push(fnv(name)),
                    }
                }
            }
        }
    }
}

/// The next step of `query` (see the module's documentation), given the parts held:
/// done once it has found at least `want` matches or searched every document.
pub fn lookup(
    m: &Manifest,
    query: &Query,
    want: usize,
    parts: &[(Part, Loaded)],
) -> Result<Step, DecodeError> {
    // (A list, not a map: a query holds a few dozen parts, and a map costs the Wasm more.)
    let get = |p: &Part| parts.iter().find(|(q, _)| q == p).map(|(_, l)| l);
    let blocks = m.blocks().ok_or(DecodeError)?;
    // The whole parts, the hashes of the split words, and the words read whole.
    let mut whole = Vec::new();
    let mut split_words = Vec::new();
    // (Lists without repeats, in no order: a sort would cost the Wasm more.)
    fn add<T: PartialEq>(list: &mut Vec<T>, x: T) {
        if !list.contains(&x) {
            list.push(x);
        }
    }
    let mut complete = Query::default();
    for w in &query.words {
        let mut all_whole = true;
        for c in m.chunks_of(w) {
            if m.is_split(c) {
                // A split chunk is its one word: read only if it is this word (a word
                // not in the index, or a prefix, may fall in a split word's chunk).
                if w.matches(&m.chunks[c]) {
                    all_whole = false;
                    add(&mut split_words, fnv(&m.chunks[c]));
                }
            } else {
                add(&mut whole, Part::Chunk(c as u32));
            }
        }
        if all_whole {
            complete.words.push(w.clone());
        }
    }
    whole.extend(
        m.pair_shards_for(query)
            .into_iter()
            .map(|s| Part::Shard(s as u32)),
    );
    let wanted = phrase_pairs(query);
    let mut held = Held::default();
    let mut missing = Vec::new();
    for p in whole {
        match get(&p) {
            Some(l) => held.take(l, &wanted),
            None => missing.push(p),
        }
    }
    if !missing.is_empty() {
        // The newest block of the split words comes with them: one round for most queries.
        missing.extend(split_words.iter().map(|&h| Part::Words(blocks - 1, h)));
        missing.retain(|p| get(p).is_none());
        return Ok(Step::Need(missing));
    }
    let mut split_pairs = Vec::new();
    for h in std::mem::take(&mut held.split_pairs) {
        add(&mut split_pairs, h);
    }
    if split_words.is_empty() && split_pairs.is_empty() {
        let ranked = rank(query, &held.terms, &held.pairs, m.block);
        return Ok(Step::Done(Found { ranked, from: 0 }));
    }
    let block_parts = |b: u32| {
        let words = split_words.iter().map(move |&h| Part::Words(b, h));
        words.chain(split_pairs.iter().map(move |&h| Part::Pairs(b, h)))
    };
    // The blocks that may hold a match.
    let mut candidate = vec![complete.is_empty(); blocks as usize];
    if !complete.is_empty() {
        for d in rank(&complete, &held.terms, &[], m.block) {
            candidate[(d / m.block) as usize] = true;
        }
    }
    // Newest first, the blocks whose parts are all held: from `next` on.
    let mut next = blocks;
    let mut read = 0;
    while next > 0 {
        let b = next - 1;
        if candidate[b as usize] {
            let Some(loaded) = block_parts(b).map(|p| get(&p)).collect::<Option<Vec<_>>>() else {
                break;
            };
            for l in loaded {
                held.take(l, &wanted);
            }
            read += 1;
        }
        next = b;
    }
    let from = m.block_ids(next).0;
    // The matches in the blocks read (a prefix may also match a word read whole, whose
    // list reaches the blocks not read yet: their matches come when those are read).
    let mut ranked = rank(query, &held.terms, &held.pairs, m.block);
    ranked.retain(|&d| d >= from);
    if ranked.len() >= want || next == 0 {
        return Ok(Step::Done(Found { ranked, from }));
    }
    // Twice as many blocks as were read (at least one) in the next round.
    let need: Vec<Part> = (0..next)
        .rev()
        .filter(|&b| candidate[b as usize])
        .take(read.max(1))
        .flat_map(block_parts)
        .filter(|p| get(p).is_none())
        .collect();
    // Never empty (the first block not read lacks a part), or a caller would loop.
    if need.is_empty() {
        return Err(DecodeError);
    }
    Ok(Step::Need(need))
}

/// [`lookup`] to the end, reading each part with `read` (natively: tests, benchmarks).
/// Also returns the parts read.
pub fn lookup_with(
    m: &Manifest,
    query: &Query,
    want: usize,
    read: &mut dyn FnMut(Part) -> Vec<u8>,
) -> Result<(Found, Vec<Part>), DecodeError> {
    let mut parts = Vec::new();
    let mut order = Vec::new();
    loop {
        match lookup(m, query, want, &parts)? {
            Step::Done(found) => return Ok((found, order)),
            Step::Need(need) => {
                for p in need {
                    parts.push((p, p.decode(&read(p), m)?));
                    order.push(p);
                }
            }
        }
    }
}

/// [`lookup_with`] over the files of a built site in folder `site` (natively: tests,
/// benchmarks; never called in the app, so not in its Wasm); a part missing from the
/// folder is a [`DecodeError`].
pub fn lookup_in(
    site: &std::path::Path,
    m: &Manifest,
    query: &Query,
    want: usize,
) -> Result<(Found, Vec<Part>), DecodeError> {
    let read = &mut |p: Part| std::fs::read(site.join(p.path().trim_start_matches('/'))).unwrap_or_default();
    lookup_with(m, query, want, read)
}

#[cfg(test)]
mod tests {
    use super::super::{doc_words, matches, parse_query, IndexBuilder};
    use super::*;

    /// Random texts over a small vocabulary (common words) and a few rare ones.
    fn texts(n: usize) -> Vec<(String, String)> {
        const VOCAB: [&str; 12] = [
            "dân",
            "dần",
            "vận",
            "văn",
            "khéo",
            "đường",
            "dương",
            "mía",
            "xã",
            "xa",
            "trường",
            "làng",
        ];
        let mut seed = 0x9e37_79b9_u32;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed as usize
        };
        (0..n)
            .map(|i| {
                let mut pick = |k: usize| {
                    (0..k)
                        .map(|_| VOCAB[next() % VOCAB.len()])
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let rare = if i % 37 == 5 { " khóm" } else { "" };
                // "đang" is rare, read whole, and shares "da" with "dân", split.
                let other = if i % 41 == 3 { " đang" } else { "" };
                (pick(3), format!("{}{rare}{other}", pick(10)))
            })
            .collect()
    }

    fn index(texts: &[(String, String)], block: u32) -> super::super::Index {
        let mut b = IndexBuilder::default();
        for (t, x) in texts {
            b.add(&doc_words(t, x));
        }
        b.finish(32, block)
    }

    fn run(index: &super::super::Index, q: &str, want: usize) -> (Found, Vec<Part>) {
        lookup_with(&index.manifest, &parse_query(q), want, &mut |p| {
            index.files[&p].clone()
        })
        .unwrap()
    }

    #[test]
    fn every_match_is_found_newest_block_first_and_pages_stay_put() {
        let texts = texts(300);
        let index = index(&texts, 16);
        assert!(index.manifest.split.len() > 3, "{:?}", index.manifest);
        let (mut fewer, mut all) = (0, 0);
        for q in [
            "dân",
            "dan van",
            "đường làng",
            "mía xã",
            "\"dân vận\"",
            "\"dan van kheo\"",
            "khóm",
            "xa khom",
            "tru",
            "dương mía làng xã",
            "\"xã làng\" đường",
            "van khe",
            "da",
            "đang",
            "dan da",
            "dann",
            "zzz",
        ] {
            let query = parse_query(q);
            let (whole, parts) = run(&index, q, usize::MAX);
            assert_eq!(whole.from, 0);
            let brute: Vec<u32> = (0..texts.len() as u32)
                .filter(|&i| matches(&query, &doc_words(&texts[i as usize].0, &texts[i as usize].1)))
                .collect();
            let mut found = whole.ranked.clone();
            found.sort_unstable();
            if query.phrases.iter().any(|p| p.len() > 2) {
                assert!(brute.iter().all(|d| found.contains(d)), "{q}: a match is missing");
            } else {
                assert_eq!(found, brute, "{q}");
            }
            // Newest block first.
            assert!(
                whole.ranked.windows(2).all(|w| w[0] / 16 >= w[1] / 16),
                "{q}: {:?}",
                whole.ranked
            );
            // A page asked for reads blocks until it has that many matches, and they are
            // the first of all the matches: the next page continues where it stopped.
            for want in [1, 10, 25] {
                let (page, read) = run(&index, q, want);
                let n = page.ranked.len();
                assert!(n >= want.min(whole.ranked.len()), "{q}: {n} < {want}");
                assert_eq!(page.ranked[..], whole.ranked[..n], "{q}, {want}");
                assert!(whole.ranked[n..].iter().all(|&d| d < page.from), "{q}, {want}");
                fewer += read.len();
                all += parts.len();
            }
        }
        assert!(fewer * 2 < all, "pages read {fewer} parts, all matches {all}");
        // A prefix of a split word and a whole one reads only the split one's newest
        // blocks for its first page.
        let (page, _) = run(&index, "da", 10);
        assert!(page.from > 0, "{page:?}");
        // A word not in the index, falling in a split word's chunk, reads no block.
        for q in ["dann", "zzz"] {
            let (found, read) = run(&index, q, 10);
            assert!(found.ranked.is_empty() && found.from == 0, "{q}: {found:?}");
            assert!(
                !read.iter().any(|p| matches!(p, Part::Words(..))),
                "{q}: {read:?}"
            );
        }
    }

    #[test]
    fn a_block_without_the_rare_words_is_not_read() {
        let texts = texts(300);
        let index = index(&texts, 16);
        // "khóm" is in a few documents (and small): "đường", in most, is read only in
        // the blocks that have "khóm", and the newest one, fetched with it.
        let khom: Vec<u32> = (0..300).filter(|i| i % 37 == 5).collect();
        let (found, read) = run(&index, "đường khóm", usize::MAX);
        let blocks: Vec<u32> = read
            .iter()
            .filter_map(|p| match p {
                Part::Words(b, _) => Some(*b),
                _ => None,
            })
            .collect();
        let mut expected: Vec<u32> = khom.iter().map(|d| d / 16).collect();
        expected.push(299 / 16);
        expected.sort_unstable();
        expected.dedup();
        let mut blocks_sorted = blocks.clone();
        blocks_sorted.sort_unstable();
        blocks_sorted.dedup();
        assert_eq!(blocks_sorted, expected);
        assert!(found.ranked.iter().all(|d| khom.contains(d)));
    }

    #[test]
    fn a_manifest_that_cannot_be_right_is_refused() {
        let texts = texts(40);
        let index = index(&texts, 16);
        let query = parse_query("dân");
        for (docs, block) in [(40, 0), (u32::MAX, 1)] {
            let m = Manifest {
                docs,
                block,
                ..index.manifest.clone()
            };
            assert_eq!(lookup(&m, &query, 10, &[]), Err(DecodeError));
        }
        // A part whose ids go beyond its block is refused.
        let m = &index.manifest;
        let last = Part::Words(m.blocks().unwrap() - 1, fnv(&m.chunks[m.split[0] as usize]));
        let first = Part::Words(0, fnv(&m.chunks[m.split[0] as usize]));
        assert!(first.decode(&index.files[&first], m).is_ok());
        assert!(
            last.decode(&index.files[&first], m).is_err(),
            "block 0 has 16 ids, the last 8"
        );
    }
}
