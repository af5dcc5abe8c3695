//! The index's files: the manifest, and the binary word chunks, pair shards and their
//! blocks (see `docs/api.md`, "Search").

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::Query;

/// `manifest.json`: what a query reads first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// Number of documents; ids are 0..docs, oldest first (a new document gets the next
    /// id, and nothing else changes id).
    pub docs: u32,
    /// Documents per block: ids `b * block ..` are block `b`. A word or pair found in
    /// many documents is written a block at a time, and searched newest block first.
    pub block: u32,
    /// The first (folded) word of each word chunk, in order.
    pub chunks: Vec<String>,
    /// The chunks written a block at a time (in order): each holds one word, whose
    /// documents are more than a chunk's worth ([`super::Part::Words`]).
    pub split: Vec<u32>,
    /// Number of pair shards (adjacent word pairs, for phrases), found by hash.
    pub pair_shards: u32,
}

/// At most this many blocks: a manifest that says more is not read (4 billion
/// documents in blocks of one would make a search ask for 4 billion files).
const MAX_BLOCKS: u32 = 1 << 16;

impl Manifest {
    /// The chunk that would hold `word`.
    pub fn chunk_of(&self, word: &str) -> usize {
        self.chunks
            .partition_point(|first| first.as_str() <= word)
            .saturating_sub(1)
    }

    /// The chunks that may hold words starting with `prefix`.
    pub fn chunks_with_prefix(&self, prefix: &str) -> Range<usize> {
        let first = self.chunk_of(prefix);
        let end = self
            .chunks
            .partition_point(|f| f.as_str() < prefix || f.starts_with(prefix));
        first..end.max(first + 1).min(self.chunks.len().max(1))
    }

    /// The word chunks a query's word needs.
    pub fn chunks_of(&self, w: &super::QueryWord) -> Range<usize> {
        let r = if w.prefix {
            self.chunks_with_prefix(&w.folded)
        } else {
            let c = self.chunk_of(&w.folded);
            c..c + 1
        };
        r.start..r.end.min(self.chunks.len())
    }

    /// Whether chunk `c` is written a block at a time.
    pub fn is_split(&self, c: usize) -> bool {
        self.split.binary_search(&(c as u32)).is_ok()
    }

    /// The pair shards a query's phrases need, each once (in no order: a sort would
    /// cost the Wasm a sorting routine of its own).
    pub fn pair_shards_for(&self, query: &Query) -> Vec<usize> {
        let mut out = Vec::new();
        for p in phrase_pairs(query) {
            let s = pair_shard(&p, self.pair_shards);
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }

    /// The number of blocks (at least one), or `None` if the manifest cannot be right.
    pub fn blocks(&self) -> Option<u32> {
        let n = self.docs.div_ceil(self.block.max(1)).max(1);
        (self.block > 0 && n <= MAX_BLOCKS).then_some(n)
    }

    /// The ids of block `b`: where they start, and how many.
    pub fn block_ids(&self, b: u32) -> (u32, u32) {
        let start = b.saturating_mul(self.block).min(self.docs);
        (start, self.block.min(self.docs - start))
    }
}

/// The adjacent word pairs of a query's phrases (`"dân vận khéo"` → `dan van`, `van kheo`).
pub fn phrase_pairs(query: &Query) -> Vec<String> {
    query
        .phrases
        .iter()
        .flat_map(|p| {
            query.words[p.clone()]
                .windows(2)
                .map(|w| format!("{} {}", w[0].folded, w[1].folded))
        })
        .collect()
}

/// The shard of a pair: FNV-1a of its bytes.
pub fn pair_shard(pair: &str, shards: u32) -> usize {
    (fnv(pair) % shards.max(1)) as usize
}

/// A word of the index: its accented forms with their documents, and the documents
/// that have it in their title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub folded: String,
    /// (accented lower-case form, documents), documents in order.
    pub variants: Vec<(String, Vec<u32>)>,
    pub in_title: Vec<u32>,
}

impl Term {
    /// Every document with the word, in order.
    pub fn docs(&self) -> Vec<u32> {
        let mut d: Vec<u32> = self
            .variants
            .iter()
            .flat_map(|(_, docs)| docs.iter().copied())
            .collect();
        d.sort_unstable();
        d.dedup();
        d
    }
}

/// A pair of adjacent words and its documents; `None` in a shard when the pair is
/// written a block at a time ([`super::Part::Pairs`]).
pub type Pair = (String, Option<Vec<u32>>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError;

pub(super) fn put_varint(out: &mut Vec<u8>, mut n: u32) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

/// The tag of a pair written a block at a time, in place of its list.
const SPLIT: u8 = 2;

/// A sorted list of document ids, less `base`: as a bitmap up to its last id when that
/// is smaller (words in most documents), else as varint gaps. Neither depends on how
/// many documents the index has: a new document changes only the words it has.
fn put_docs(out: &mut Vec<u8>, docs: &[u32], base: u32) {
    let bitmap = docs.last().map_or(0, |&d| (d - base) as usize / 8 + 1);
    let mut gaps = Vec::new();
    put_varint(&mut gaps, docs.len() as u32);
    let mut prev = base;
    for (i, &d) in docs.iter().enumerate() {
        put_varint(&mut gaps, if i == 0 { d - base } else { d - prev - 1 });
        prev = d;
    }
    if bitmap + 3 < gaps.len() {
        out.push(1);
        put_varint(out, bitmap as u32);
        let mut bits = vec![0u8; bitmap];
        for &d in docs {
            let d = d - base;
            bits[d as usize / 8] |= 1 << (d % 8);
        }
        out.extend_from_slice(&bits);
    } else {
        out.push(0);
        out.extend_from_slice(&gaps);
    }
}

/// Reads a file whose ids are `base..base + ndocs`.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    base: u32,
    ndocs: u32,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], base: u32, ndocs: u32) -> Reader<'a> {
        Reader {
            bytes,
            at: 0,
            base,
            ndocs,
        }
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        let b = *self.bytes.get(self.at).ok_or(DecodeError)?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u32, DecodeError> {
        let mut n: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= u32::from(b & 0x7f).checked_shl(shift).ok_or(DecodeError)?;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(DecodeError)
    }

    fn string(&mut self) -> Result<String, DecodeError> {
        let len = self.varint()? as usize;
        let s = self
            .bytes
            .get(self.at..self.at.saturating_add(len))
            .ok_or(DecodeError)?;
        self.at += len;
        String::from_utf8(s.to_vec()).map_err(|_| DecodeError)
    }

    /// A list of documents, or `None` for a pair written a block at a time.
    fn docs_or_split(&mut self) -> Result<Option<Vec<u32>>, DecodeError> {
        let ndocs = self.ndocs;
        let mut docs = Vec::new();
        match self.byte()? {
            1 => {
                let len = self.varint()? as usize;
                if len > (ndocs as usize).div_ceil(8) {
                    return Err(DecodeError);
                }
                let bits = self
                    .bytes
                    .get(self.at..self.at.saturating_add(len))
                    .ok_or(DecodeError)?;
                self.at += len;
                docs = (0..len as u32 * 8)
                    .filter(|&d| bits[d as usize / 8] & (1 << (d % 8)) != 0)
                    .collect();
                if docs.last().is_some_and(|&d| d >= ndocs) {
                    return Err(DecodeError);
                }
            }
            0 => {
                let n = self.varint()?;
                let mut d = 0u32;
                for i in 0..n {
                    let gap = self.varint()?;
                    d = if i == 0 {
                        gap
                    } else {
                        gap.checked_add(1)
                            .and_then(|g| d.checked_add(g))
                            .ok_or(DecodeError)?
                    };
                    if d >= ndocs {
                        return Err(DecodeError);
                    }
                    docs.push(d);
                }
            }
            SPLIT => return Ok(None),
            _ => return Err(DecodeError),
        }
        for d in &mut docs {
            *d += self.base;
        }
        Ok(Some(docs))
    }

    fn docs(&mut self) -> Result<Vec<u32>, DecodeError> {
        self.docs_or_split()?.ok_or(DecodeError)
    }

    /// A count of entries, and room for them (bounded: the count is read from the file).
    fn count<T>(&mut self) -> Result<(u32, Vec<T>), DecodeError> {
        let n = self.varint()?;
        Ok((n, Vec::with_capacity(n.min(65_536) as usize)))
    }

    fn done<T>(&self, v: T) -> Result<T, DecodeError> {
        if self.at == self.bytes.len() {
            Ok(v)
        } else {
            Err(DecodeError)
        }
    }
}

/// A word chunk.
pub fn encode_terms(terms: &[Term]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, terms.len() as u32);
    for t in terms {
        encode_term(&mut out, &t.folded, &t.variants, &t.in_title, 0);
    }
    out
}

/// One word of a chunk (forms in order), its ids less `base`.
pub(super) fn encode_term(
    out: &mut Vec<u8>,
    folded: &str,
    variants: &[(String, Vec<u32>)],
    in_title: &[u32],
    base: u32,
) {
    put_str(out, folded);
    put_varint(out, variants.len() as u32);
    for (lower, docs) in variants {
        // The unaccented form is common: it is written as empty.
        put_str(out, if lower == folded { "" } else { lower });
        put_docs(out, docs, base);
    }
    put_docs(out, in_title, base);
}

/// The words of a chunk, or of a block of split words (ids from `base`, `ndocs` of them).
pub fn decode_terms(bytes: &[u8], base: u32, ndocs: u32) -> Result<Vec<Term>, DecodeError> {
    let mut r = Reader::new(bytes, base, ndocs);
    let (n, mut terms) = r.count()?;
    for _ in 0..n {
        let folded = r.string()?;
        let (nv, mut variants) = r.count()?;
        for _ in 0..nv {
            let lower = r.string()?;
            let lower = if lower.is_empty() { folded.clone() } else { lower };
            variants.push((lower, r.docs()?));
        }
        let in_title = r.docs()?;
        terms.push(Term {
            folded,
            variants,
            in_title,
        });
    }
    r.done(terms)
}

/// A pair shard, or a block of split pairs: (pair, documents or `None` when split), the
/// ids less `base`.
pub fn encode_pairs<D: AsRef<[u32]>>(pairs: &[(String, Option<D>)], base: u32) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, pairs.len() as u32);
    for (pair, docs) in pairs {
        put_str(&mut out, pair);
        match docs {
            Some(docs) => put_docs(&mut out, docs.as_ref(), base),
            None => out.push(SPLIT),
        }
    }
    out
}

/// The pairs of a shard or of a block of split pairs (ids from `base`, `ndocs` of them).
pub fn decode_pairs(bytes: &[u8], base: u32, ndocs: u32) -> Result<Vec<Pair>, DecodeError> {
    let mut r = Reader::new(bytes, base, ndocs);
    let (n, mut pairs) = r.count()?;
    for _ in 0..n {
        let pair = r.string()?;
        pairs.push((pair, r.docs_or_split()?));
    }
    r.done(pairs)
}

/// FNV-1a, the hash of pair shards, chunk cuts and split files (the same in the build
/// and the app).
pub fn fnv(s: &str) -> u32 {
    fnv_more(FNV_START, s.as_bytes())
}

pub(super) const FNV_START: u32 = 0x811c_9dc5;

pub(super) fn fnv_more(h: u32, bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}
