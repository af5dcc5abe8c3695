//! Building the index, and keeping it up to date between builds.
//!
//! [`IndexBuilder`] holds every word with its documents and every pair of adjacent
//! words with theirs, and remembers the bytes it last made of each word and each pair
//! shard. A build that stays (the newsroom) adds, removes and renumbers documents and
//! asks for the index again: only the words and shards that changed are encoded again
//! (every block of a split word that changed is, and written only if its bytes did).
//! A build from nothing is the same steps from an empty builder, so both make the same
//! bytes.

use rustc_hash::{FxHashMap, FxHashSet};

use super::format::{encode_pairs, encode_term, fnv, fnv_more, put_varint, FNV_START};
use super::{DocWord, Manifest, Part, INDEX_VERSION};

/// A document's words as the index takes them: each word once, with its forms and
/// whether it is in the title, and each pair of adjacent words once (as positions in
/// `words`). Made from [`super::doc_words`] on any thread; [`IndexBuilder`] then only
/// looks each word up once.
#[derive(Clone, Debug, Default)]
pub struct Postings {
    words: Vec<PostingWord>,
    pairs: Vec<(u32, u32)>,
}

#[derive(Clone, Debug)]
struct PostingWord {
    folded: String,
    forms: Vec<String>,
    in_title: bool,
}

impl Postings {
    pub fn new(words: &[DocWord]) -> Postings {
        let mut at: FxHashMap<&str, u32> = Default::default();
        let mut out = Postings::default();
        let mut pairs: FxHashSet<(u32, u32)> = Default::default();
        let mut previous: Option<(u32, u32)> = None;
        for w in words {
            let n = *at.entry(w.folded.as_str()).or_insert_with(|| {
                out.words.push(PostingWord {
                    folded: w.folded.clone(),
                    forms: Vec::new(),
                    in_title: false,
                });
                out.words.len() as u32 - 1
            });
            let p = &mut out.words[n as usize];
            if !p.forms.contains(&w.lower) {
                p.forms.push(w.lower.clone());
            }
            p.in_title |= w.in_title;
            if let Some((prev, pos)) = previous {
                if w.pos == pos + 1 && pairs.insert((prev, n)) {
                    out.pairs.push((prev, n));
                }
            }
            previous = Some((n, w.pos));
        }
        out
    }
}

/// A word of the index: its accented forms (in order) with their documents, the
/// documents that have it in their title (each list in increasing order), and its
/// bytes in a chunk while it has not changed.
struct Word {
    folded: String,
    forms: Vec<(String, Vec<u32>)>,
    title: Vec<u32>,
    /// Its bytes in a chunk, while it has not changed.
    encoded: Option<Vec<u8>>,
    /// When it last changed (the builder's clock).
    changed: u64,
}

/// The pairs of one shard (by their words' numbers, in order); its bytes are made when
/// asked for ([`IndexBuilder::shard`]).
#[derive(Default)]
struct Shard {
    pairs: Vec<(u32, u32)>,
    /// When it last changed (the builder's clock).
    changed: u64,
}

/// The index being built (see the module's documentation). Words are numbered as they
/// are first seen and pairs kept by those numbers, so a document allocates only for
/// words and pairs not seen before.
pub struct IndexBuilder {
    docs: u32,
    /// Counts changes; with `salt`, keys files by what they are made of (a key of
    /// another builder, in another process, is never the same).
    clock: u64,
    salt: u64,
    ids: FxHashMap<String, u32>,
    words: Vec<Word>,
    /// Each pair's documents, and when they last changed (the builder's clock).
    pairs: FxHashMap<(u32, u32), (Vec<u32>, u64)>,
    /// The shards as last made (empty before the first [`IndexBuilder::index`]).
    shards: Vec<Shard>,
}

impl Default for IndexBuilder {
    fn default() -> Self {
        use std::hash::BuildHasher;
        IndexBuilder {
            docs: 0,
            clock: 0,
            salt: std::collections::hash_map::RandomState::new().hash_one(0u8),
            ids: FxHashMap::default(),
            words: Vec::new(),
            pairs: FxHashMap::default(),
            shards: Vec::new(),
        }
    }
}

/// The index files: the manifest and every part.
pub struct Index {
    pub manifest: Manifest,
    pub files: std::collections::BTreeMap<Part, Vec<u8>>,
}

/// The index as [`IndexBuilder::plan`] cuts it: the manifest, and each part with a key
/// that changes when its bytes may have (made from what it holds and when that last
/// changed, not from its bytes); the bytes are made on demand ([`IndexBuilder::bytes`]).
pub struct Plan {
    pub manifest: Manifest,
    /// Every part but the manifest, with its key.
    pub parts: Vec<(Part, u64)>,
    /// The words of each chunk (positions in `order`).
    chunks: Vec<std::ops::Range<usize>>,
    order: Vec<u32>,
    /// The split words by hash (their numbers, in order of their words).
    split_words: FxHashMap<u32, Vec<u32>>,
    /// The split pairs by hash (in order of their names).
    split_pairs: FxHashMap<u32, Vec<(u32, u32)>>,
}

/// Adds `id` to a list of increasing ids.
fn insert_id(list: &mut Vec<u32>, id: u32) {
    match list.last() {
        Some(&last) if last >= id => {
            if let Err(at) = list.binary_search(&id) {
                list.insert(at, id);
            }
        }
        _ => list.push(id),
    }
}

/// Removes `id` from a list of increasing ids.
fn remove_id(list: &mut Vec<u32>, id: u32) {
    if let Ok(at) = list.binary_search(&id) {
        list.remove(at);
    }
}

/// Applies `map` to the ids from `from` on (a list of increasing ids stays one, `map`
/// keeping their order); true if one changed.
fn renumber_list(list: &mut [u32], from: u32, map: &dyn Fn(u32) -> u32) -> bool {
    let start = list.partition_point(|&d| d < from);
    let mut changed = false;
    for d in &mut list[start..] {
        let n = map(*d);
        changed |= n != *d;
        *d = n;
    }
    changed
}

/// The bytes a pair adds to its shard's size besides its documents (two bytes each
/// when it is not split): its name and a little more.
fn pair_cost(name_len: usize) -> usize {
    name_len + 4
}

impl IndexBuilder {
    fn word(&mut self, folded: &str) -> u32 {
        if let Some(&n) = self.ids.get(folded) {
            return n;
        }
        let n = self.words.len() as u32;
        self.ids.insert(folded.to_string(), n);
        self.words.push(Word {
            folded: folded.to_string(),
            forms: Vec::new(),
            title: Vec::new(),
            encoded: None,
            changed: 0,
        });
        n
    }

    /// The name of pair `(a, b)` is `"{a} {b}"`: its length, and its shard among `n`.
    fn pair_name_len(&self, (a, b): (u32, u32)) -> usize {
        self.words[a as usize].folded.len() + 1 + self.words[b as usize].folded.len()
    }

    fn pair_shard(&self, pair: (u32, u32), n: usize) -> usize {
        (self.pair_hash(pair) % n.max(1) as u32) as usize
    }

    /// Marks the shard of `pair` changed (and, with `member`, adds or removes it).
    fn touch_pair(&mut self, pair: (u32, u32), member: Option<bool>) {
        if self.shards.is_empty() {
            return;
        }
        let s = self.pair_shard(pair, self.shards.len());
        self.clock += 1;
        let shard = &mut self.shards[s];
        shard.changed = self.clock;
        match (member, shard.pairs.binary_search(&pair)) {
            (Some(true), Err(at)) => shard.pairs.insert(at, pair),
            (Some(false), Ok(at)) => {
                shard.pairs.remove(at);
            }
            _ => {}
        }
    }

    /// Adds the next document (ids are given in order: 0, 1, …) and returns its id.
    pub fn add(&mut self, words: &[DocWord]) -> u32 {
        self.add_postings(&Postings::new(words))
    }

    /// [`IndexBuilder::add`] of words already made into [`Postings`].
    pub fn add_postings(&mut self, postings: &Postings) -> u32 {
        let id = self.docs;
        self.insert(id, postings);
        self.docs = self.docs.max(id + 1);
        id
    }

    /// Adds document `id`, which the index does not have (an id may be given that
    /// [`IndexBuilder::renumber`] left free).
    pub fn insert(&mut self, id: u32, postings: &Postings) {
        let mut numbers = Vec::with_capacity(postings.words.len());
        for w in &postings.words {
            let n = self.word(&w.folded);
            numbers.push(n);
            let b = &mut self.words[n as usize];
            for form in &w.forms {
                match b.forms.binary_search_by(|(f, _)| f.as_str().cmp(form)) {
                    Ok(at) => insert_id(&mut b.forms[at].1, id),
                    Err(at) => b.forms.insert(at, (form.clone(), vec![id])),
                }
            }
            if w.in_title {
                insert_id(&mut b.title, id);
            }
            b.encoded = None;
            self.clock += 1;
            b.changed = self.clock;
        }
        for &(a, b) in &postings.pairs {
            let key = (numbers[a as usize], numbers[b as usize]);
            let new = !self.pairs.contains_key(&key);
            self.clock += 1;
            let (list, changed) = self.pairs.entry(key).or_default();
            insert_id(list, id);
            *changed = self.clock;
            self.touch_pair(key, new.then_some(true));
        }
        self.docs = self.docs.max(id + 1);
    }

    /// Removes document `id`, which was added with these `postings`.
    pub fn remove(&mut self, id: u32, postings: &Postings) {
        let mut numbers = Vec::with_capacity(postings.words.len());
        for w in &postings.words {
            let Some(&n) = self.ids.get(&w.folded) else {
                numbers.push(u32::MAX);
                continue;
            };
            numbers.push(n);
            let b = &mut self.words[n as usize];
            for form in &w.forms {
                if let Ok(at) = b.forms.binary_search_by(|(f, _)| f.as_str().cmp(form)) {
                    remove_id(&mut b.forms[at].1, id);
                    if b.forms[at].1.is_empty() {
                        b.forms.remove(at);
                    }
                }
            }
            remove_id(&mut b.title, id);
            b.encoded = None;
            self.clock += 1;
            b.changed = self.clock;
        }
        for &(a, b) in &postings.pairs {
            let key = (numbers[a as usize], numbers[b as usize]);
            let Some((list, changed)) = self.pairs.get_mut(&key) else {
                continue;
            };
            remove_id(list, id);
            self.clock += 1;
            *changed = self.clock;
            let gone = list.is_empty();
            if gone {
                self.pairs.remove(&key);
            }
            self.touch_pair(key, gone.then_some(false));
        }
    }

    /// Gives the documents new ids: `map` of each id from `from` on (ids below `from`
    /// stay), keeping their order; the index then has `docs` documents.
    pub fn renumber(&mut self, from: u32, map: &dyn Fn(u32) -> u32, docs: u32) {
        self.clock += 1;
        for w in &mut self.words {
            let mut changed = false;
            for (_, list) in &mut w.forms {
                changed |= renumber_list(list, from, map);
            }
            changed |= renumber_list(&mut w.title, from, map);
            if changed {
                w.encoded = None;
                w.changed = self.clock;
            }
        }
        let mut touched = Vec::new();
        for (key, (list, changed)) in &mut self.pairs {
            if renumber_list(list, from, map) {
                *changed = self.clock;
                touched.push(*key);
            }
        }
        for key in touched {
            self.touch_pair(key, None);
        }
        self.docs = docs;
    }

    /// Number of documents.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// The index has `docs` documents (after the last ones were removed).
    pub fn set_docs(&mut self, docs: u32) {
        self.docs = docs;
    }

    /// The index, without consuming the builder.
    pub fn finish(mut self, chunk_bytes: usize, block: u32) -> Index {
        self.index(chunk_bytes, block)
    }

    /// The index: word chunks about `chunk_bytes` long, pair shards about as long,
    /// blocks of `block` documents.
    pub fn index(&mut self, chunk_bytes: usize, block: u32) -> Index {
        let plan = self.plan(chunk_bytes, block);
        Index {
            files: plan
                .parts
                .iter()
                .map(|&(p, _)| (p, self.bytes(&plan, p)))
                .collect(),
            manifest: plan.manifest,
        }
    }

    /// Whether a pair's documents are more than a chunk's worth: written a block at a
    /// time (two bytes a document, as the shards' size is counted).
    fn is_big_pair(list: &[u32], chunk_bytes: usize) -> bool {
        2 * list.len() >= chunk_bytes
    }

    /// Cuts the index into chunks, shards and blocks (see [`IndexBuilder::index`]),
    /// encoding the words that changed since the last call.
    ///
    /// Chunks are cut where the words themselves say (content-defined): after at least
    /// half a chunk, before a word whose hash ends a chunk, or before going over twice a
    /// chunk; a word larger than a chunk stands alone, and is written a block at a
    /// time (split), as is a pair larger than a chunk. A new document changes the
    /// chunks of its words, and a cut moves only near a word whose size crossed a
    /// threshold, not every chunk after it. The number of pair shards is a power of
    /// two, so pairs move to other shards only when the index doubles. A split word's
    /// or pair's blocks are named by its hash, not by its place: a new word does not
    /// rename them.
    pub fn plan(&mut self, chunk_bytes: usize, block: u32) -> Plan {
        use std::hash::{BuildHasher, Hash, Hasher};
        let hasher = || std::hash::BuildHasherDefault::<rustc_hash::FxHasher>::default().build_hasher();
        let block = block.max(1);
        let mut manifest = Manifest {
            version: INDEX_VERSION,
            docs: self.docs,
            block,
            chunks: Vec::new(),
            split: Vec::new(),
            pair_shards: 1,
        };
        // Words that some document still has, in order.
        let mut order: Vec<u32> = (0..self.words.len() as u32)
            .filter(|&n| !self.words[n as usize].forms.is_empty())
            .collect();
        order.sort_unstable_by(|&a, &b| self.words[a as usize].folded.cmp(&self.words[b as usize].folded));
        for &n in &order {
            let w = &mut self.words[n as usize];
            if w.encoded.is_none() {
                let mut bytes = Vec::new();
                encode_term(&mut bytes, &w.folded, &w.forms, &w.title, 0);
                w.encoded = Some(bytes);
            }
        }
        let mut chunks = Vec::new();
        let mut parts = Vec::new();
        let mut split_words: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        let mut start = 0;
        let mut size = 0;
        let mut last_big = false;
        let mut key = hasher();
        let mut end_chunk = |range: std::ops::Range<usize>, key: u64, big: bool, manifest: &mut Manifest| {
            let n = chunks.len() as u32;
            if big {
                manifest.split.push(n);
                let w = order[range.start];
                split_words
                    .entry(fnv(&self.words[w as usize].folded))
                    .or_default()
                    .push(w);
            } else {
                parts.push((Part::Chunk(n), key));
            }
            chunks.push(range);
        };
        for (at, &n) in order.iter().enumerate() {
            let w = &self.words[n as usize];
            // As a chunk of its own: a count of 1, then the word.
            let one = 1 + w.encoded.as_ref().expect("encoded above").len();
            let big = one >= chunk_bytes;
            let cut = at > start
                && (big
                    || last_big
                    || size + one > 2 * chunk_bytes
                    || size >= chunk_bytes / 2 && fnv(&w.folded).is_multiple_of(4));
            if cut {
                end_chunk(start..at, key.finish(), last_big, &mut manifest);
                start = at;
                size = 0;
                key = hasher();
            }
            if at == start {
                manifest.chunks.push(w.folded.clone());
                self.salt.hash(&mut key);
            }
            (n, w.changed).hash(&mut key);
            size += one;
            last_big = big;
        }
        if start < order.len() {
            end_chunk(start..order.len(), key.finish(), last_big, &mut manifest);
        }

        // The pairs written a block at a time; the shards hold the others (and a mark
        // for each split one), about a chunk's worth each.
        let mut split_pairs: FxHashMap<u32, Vec<(u32, u32)>> = FxHashMap::default();
        let mut shard_bytes = 0;
        for (&pair, (list, _)) in &self.pairs {
            shard_bytes += pair_cost(self.pair_name_len(pair));
            if Self::is_big_pair(list, chunk_bytes) {
                split_pairs.entry(self.pair_hash(pair)).or_default().push(pair);
            } else {
                shard_bytes += 2 * list.len();
            }
        }
        let shards = shard_bytes.div_ceil(chunk_bytes).max(1).next_power_of_two();
        if shards != self.shards.len() {
            // Pairs move to other shards only when their number changes.
            let mut fresh: Vec<Shard> = (0..shards).map(|_| Shard::default()).collect();
            for &key in self.pairs.keys() {
                fresh[self.pair_shard(key, shards)].pairs.push(key);
            }
            self.clock += 1;
            for s in &mut fresh {
                s.pairs.sort_unstable();
                s.changed = self.clock;
            }
            self.shards = fresh;
        }
        manifest.pair_shards = shards as u32;
        for s in 0..shards {
            let mut key = hasher();
            (self.salt, s, shards, self.shards[s].changed).hash(&mut key);
            parts.push((Part::Shard(s as u32), key.finish()));
        }

        // The blocks of the split words and pairs, keyed by what they hold.
        for pairs in split_pairs.values_mut() {
            pairs.sort_unstable_by_key(|&(a, b)| {
                (&self.words[a as usize].folded, &self.words[b as usize].folded)
            });
        }
        for words in split_words.values_mut() {
            words.sort_unstable_by_key(|&w| &self.words[w as usize].folded);
        }
        let blocks = manifest.docs.div_ceil(block).max(1);
        for (&h, words) in &split_words {
            let changed: Vec<(u32, u64)> = words
                .iter()
                .map(|&w| (w, self.words[w as usize].changed))
                .collect();
            for b in 0..blocks {
                let mut key = hasher();
                (self.salt, 'w', h, b, block, &changed).hash(&mut key);
                parts.push((Part::Words(b, h), key.finish()));
            }
        }
        for (&h, pairs) in &split_pairs {
            let changed: Vec<((u32, u32), u64)> = pairs.iter().map(|p| (*p, self.pairs[p].1)).collect();
            for b in 0..blocks {
                let mut key = hasher();
                (self.salt, 'p', h, b, block, &changed).hash(&mut key);
                parts.push((Part::Pairs(b, h), key.finish()));
            }
        }
        parts.sort_unstable_by_key(|&(p, _)| p);
        Plan {
            manifest,
            parts,
            chunks,
            order,
            split_words,
            split_pairs,
        }
    }

    /// The hash of pair `(a, b)`'s name, `"{a} {b}"` (as [`fnv`] of it).
    fn pair_hash(&self, (a, b): (u32, u32)) -> u32 {
        let h = fnv_more(FNV_START, self.words[a as usize].folded.as_bytes());
        let h = fnv_more(h, b" ");
        fnv_more(h, self.words[b as usize].folded.as_bytes())
    }

    /// The bytes of `part` of `plan` (the last plan made).
    pub fn bytes(&self, plan: &Plan, part: Part) -> Vec<u8> {
        let block = plan.manifest.block;
        // The ids of block `b`, and a list's slice of them.
        let ids = |b: u32| b * block..(b * block).saturating_add(block);
        let slice = |list: &[u32], r: &std::ops::Range<u32>| {
            list[list.partition_point(|&d| d < r.start)..list.partition_point(|&d| d < r.end)].to_vec()
        };
        let mut out = Vec::new();
        match part {
            Part::Chunk(n) => {
                let words = &plan.order[plan.chunks[n as usize].clone()];
                put_varint(&mut out, words.len() as u32);
                for &w in words {
                    out.extend_from_slice(
                        self.words[w as usize]
                            .encoded
                            .as_deref()
                            .expect("encoded by plan"),
                    );
                }
            }
            Part::Shard(n) => {
                let named: Vec<(String, Option<&[u32]>)> = self.shards[n as usize]
                    .pairs
                    .iter()
                    .map(|&pair| {
                        let list = &self.pairs[&pair].0;
                        let split = plan
                            .split_pairs
                            .get(&self.pair_hash(pair))
                            .is_some_and(|s| s.contains(&pair));
                        (self.pair_name(pair), (!split).then_some(list.as_slice()))
                    })
                    .collect();
                let mut named = named;
                named.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                out = encode_pairs(&named, 0);
            }
            Part::Words(b, h) => {
                let r = ids(b);
                let words = plan.split_words.get(&h).map_or(&[][..], Vec::as_slice);
                put_varint(&mut out, words.len() as u32);
                for &w in words {
                    let w = &self.words[w as usize];
                    // The forms found in this block (a form new elsewhere changes no other block).
                    let forms: Vec<(String, Vec<u32>)> = w
                        .forms
                        .iter()
                        .map(|(f, list)| (f.clone(), slice(list, &r)))
                        .filter(|(_, list)| !list.is_empty())
                        .collect();
                    encode_term(&mut out, &w.folded, &forms, &slice(&w.title, &r), r.start);
                }
            }
            Part::Pairs(b, h) => {
                let r = ids(b);
                let pairs = plan.split_pairs.get(&h).map_or(&[][..], Vec::as_slice);
                let named: Vec<(String, Option<Vec<u32>>)> = pairs
                    .iter()
                    .map(|&pair| (self.pair_name(pair), Some(slice(&self.pairs[&pair].0, &r))))
                    .collect();
                out = encode_pairs(&named, r.start);
            }
        }
        out
    }

    fn pair_name(&self, (a, b): (u32, u32)) -> String {
        format!(
            "{} {}",
            self.words[a as usize].folded, self.words[b as usize].folded
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::doc_words;
    use super::*;

    fn postings(title: &str, text: &str) -> Postings {
        Postings::new(&doc_words(title, text))
    }

    type Files = (String, std::collections::BTreeMap<Part, Vec<u8>>);

    fn bytes(index: &Index) -> Files {
        (format!("{:?}", index.manifest), index.files.clone())
    }

    /// Texts with shared and own words, so that chunks and shards move as they change.
    fn text(i: usize) -> (String, String) {
        let words = [
            "đường",
            "làng",
            "mía",
            "mịa",
            "dân",
            "dần",
            "vận",
            "khéo",
            "xã",
            "ấp",
        ];
        let title = format!("Tin số {i} {}", words[i % words.len()]);
        let body = (0..(5 + i % 7))
            .map(|k| words[(i * 3 + k * 7) % words.len()])
            .chain([format!("riêng{i}").leak() as &str])
            .collect::<Vec<_>>()
            .join(" ");
        (title, body)
    }

    fn fresh(texts: &[(String, String)], chunk: usize) -> Files {
        let mut b = IndexBuilder::default();
        for (t, x) in texts {
            b.add_postings(&postings(t, x));
        }
        bytes(&b.finish(chunk, BLOCK))
    }

    /// Blocks of 16 documents: 60 to 70 documents make four or five.
    const BLOCK: u32 = 16;

    #[test]
    fn an_index_kept_up_to_date_is_the_index_made_anew() {
        let chunk = 32;
        let mut texts: Vec<(String, String)> = (0..60).map(text).collect();
        let mut b = IndexBuilder::default();
        for (t, x) in &texts {
            b.add_postings(&postings(t, x));
        }
        let first = b.index(chunk, BLOCK);
        let m = &first.manifest;
        let count = |f: &dyn Fn(&Part) -> bool| first.files.keys().filter(|p| f(p)).count();
        assert!(
            m.chunks.len() > 3
                && m.pair_shards > 2
                && !m.split.is_empty()
                && count(&|p| matches!(p, Part::Words(3, _))) > 0
                && count(&|p| matches!(p, Part::Pairs(3, _))) > 0,
            "{m:?}, {:?}",
            first.files.keys().collect::<Vec<_>>()
        );
        assert_eq!(bytes(&first), fresh(&texts, chunk));

        // Appended.
        for i in 60..70 {
            texts.push(text(i));
            let (t, x) = &texts[i];
            b.add_postings(&postings(t, x));
            assert_eq!(
                bytes(&b.index(chunk, BLOCK)),
                fresh(&texts, chunk),
                "appended {i}"
            );
        }

        // Edited in place.
        let old = texts[7].clone();
        texts[7] = ("Tin sửa lại".into(), "đường làng mới hoàn toàn".into());
        b.remove(7, &postings(&old.0, &old.1));
        b.insert(7, &postings(&texts[7].0, &texts[7].1));
        assert_eq!(bytes(&b.index(chunk, BLOCK)), fresh(&texts, chunk), "edited");

        // Removed from the middle: later ids move down by one.
        let gone = texts.remove(20);
        b.remove(20, &postings(&gone.0, &gone.1));
        b.renumber(21, &|d| d - 1, texts.len() as u32);
        assert_eq!(bytes(&b.index(chunk, BLOCK)), fresh(&texts, chunk), "removed");

        // Inserted in the middle: later ids move up by one.
        let new = ("Chèn vào giữa".to_string(), "dân vận khéo riêngmới".to_string());
        texts.insert(30, new.clone());
        b.renumber(30, &|d| d + 1, texts.len() as u32);
        b.insert(30, &postings(&new.0, &new.1));
        assert_eq!(bytes(&b.index(chunk, BLOCK)), fresh(&texts, chunk), "inserted");

        // Enough removed that the pair shards halve.
        let shards_before = b.index(chunk, BLOCK).manifest.pair_shards;
        while texts.len() > 5 {
            let last = texts.len() - 1;
            let (t, x) = texts.pop().unwrap();
            b.remove(last as u32, &postings(&t, &x));
            b.renumber(last as u32, &|d| d, last as u32);
        }
        let index = b.index(chunk, BLOCK);
        assert!(index.manifest.pair_shards < shards_before);
        assert_eq!(bytes(&index), fresh(&texts, chunk), "shrunk");
    }
}
