//! Analysis: the text of every document through elasticlunr-rs's English
//! tokenizer and pipeline (trimmer, stop-word filter, Porter stemmer; the
//! client's `static/search/text.js` is a port of it, pinned by
//! `tests/fixtures/search-format.json`), inverted into every term's
//! postings, terms sorted.
//!
//! A large archive is analyzed in several passes, each over a range of
//! terms (see [`passes`]), so that its postings are never all in memory at
//! once; each pass's terms are cut into shards and written before the next.

use elasticlunr::lang::{English, Language};
use elasticlunr::pipeline::Pipeline;
use rayon::prelude::*;
use std::collections::HashMap;

use super::documents::{Doc, Docs};
use super::{FIELDS, SEARCH_FIELDS};

/// One (term, field, document) occurrence count, in 8 bytes (a large
/// archive has tens of millions): the document's number across the archive
/// (see [`Docs`]), and its field and count packed in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Posting {
    pub doc: u32,
    field_count: u32,
}

/// Bits of [`Posting::field_count`] that hold the count (the field is in
/// the 3 above them).
const COUNT_BITS: u32 = 29;

impl Posting {
    /// A posting of `count` occurrences (at most 2^29 - 1 are counted) in
    /// `field` of document `doc`.
    pub fn new(doc: u32, field: usize, count: u32) -> Posting {
        debug_assert!(field < SEARCH_FIELDS.len());
        Posting { doc, field_count: (field as u32) << COUNT_BITS | count.min((1 << COUNT_BITS) - 1) }
    }

    /// The field, an index into [`SEARCH_FIELDS`].
    pub fn field(self) -> usize {
        (self.field_count >> COUNT_BITS) as usize
    }

    /// How many times the term occurs in the field.
    pub fn count(self) -> u32 {
        self.field_count & ((1 << COUNT_BITS) - 1)
    }
}

/// The archive's documents, and every term's postings, terms sorted.
pub(super) struct Analysis {
    pub docs: Docs,
    pub terms: Vec<(String, Vec<Posting>)>,
}

thread_local! {
    /// Each rayon worker's elasticlunr-rs English language and pipeline (the
    /// pipeline is not `Send`).
    static ENGLISH: (English, Pipeline) = {
        let lang = English::new();
        let pipeline = lang.make_pipeline();
        (lang, pipeline)
    };
}

/// A fast hasher for the short term and token strings of the analysis
/// (FxHash's mixing; the keys come from the archive, not from a network).
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub(super) type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// Marks a token the pipeline drops (a stop word).
const DROPPED: u32 = u32::MAX;

/// Marks a term outside the pass's [`TermRange`]: it counts in the field's
/// length but its postings belong to another pass.
const ELSEWHERE: u32 = u32::MAX - 1;

/// Bytes of transcript text analyzed per pass: a large archive's postings
/// are inverted in several passes, each over a range of terms, so they are
/// never all in memory at once. A pass holds about 40 bytes per posting
/// while it inverts them, allocator included, and 100 MB of text make
/// about 6 million postings; each pass reads all the text again. At 10,000
/// synthetic transcripts (330 MB of text), 4 passes peaked at 751 MB for
/// the whole build and 2 passes at 868 MB (see bench/BUILD.md).
const PASS_TEXT_BYTES: usize = 120_000_000;

/// Where passes may split the vocabulary: about equal shares of the
/// postings of English text, by the first letters of its terms.
const PASS_QUANTILES: [&str; 15] = ["b", "c", "d", "e", "f", "g", "i", "l", "m", "o", "p", "r", "s", "t", "w"];

/// At most this many passes (each reads all the text again).
const MAX_PASSES: usize = 8;

/// The terms one analysis pass keeps: from `lower` (inclusive) up to
/// `upper` (exclusive; none for the last pass).
#[derive(Debug, Clone, Copy)]
pub(super) struct TermRange<'a> {
    pub lower: &'a str,
    pub upper: Option<&'a str>,
}

impl TermRange<'_> {
    /// Every term.
    pub const ALL: TermRange<'static> = TermRange { lower: "", upper: None };

    pub fn contains(&self, term: &str) -> bool {
        term >= self.lower && self.upper.is_none_or(|u| term < u)
    }
}

/// The passes for an archive with `text_bytes` of transcript text.
pub(super) fn passes(text_bytes: usize) -> Vec<TermRange<'static>> {
    let n = text_bytes.div_ceil(PASS_TEXT_BYTES).clamp(1, MAX_PASSES);
    if n == 1 {
        return vec![TermRange::ALL];
    }
    let q = PASS_QUANTILES.len() + 1;
    let bounds: Vec<&'static str> = (1..n).map(|k| PASS_QUANTILES[k * q / n - 1]).collect();
    let lowers = std::iter::once("").chain(bounds.iter().copied());
    lowers.enumerate().map(|(i, lower)| TermRange { lower, upper: bounds.get(i).copied() }).collect()
}

/// What one worker analyzed: a contiguous run of transcripts, with terms
/// interned to ids local to this part.
#[derive(Default)]
struct Part {
    /// Field lengths of the documents analyzed, in order.
    lengths: Vec<[u32; FIELDS]>,
    /// Local term id → term.
    vocab: Vec<String>,
    /// Term → local id.
    ids: FxMap<String, u32>,
    /// Token (as elasticlunr-rs's tokenizer gives it) → local term id, or
    /// [`DROPPED`]: the pipeline runs once per distinct token.
    tokens: FxMap<String, u32>,
    /// (local term id, posting), in (document, field) order.
    postings: Vec<(u32, Posting)>,
    /// Per local term id, its count in the field being analyzed.
    counts: Vec<u32>,
    touched: Vec<u32>,
}

impl Part {
    /// Analyzes the documents of a transcript, numbered from `first`.
    fn add(mut self, lang: &English, pipeline: &Pipeline, range: TermRange, first: u32, tdocs: Vec<Doc>) -> Self {
        for (k, doc) in tdocs.iter().enumerate() {
            let mut lens = [0u32; FIELDS];
            for (f, text) in doc.fields.iter().enumerate() {
                lens[f] = self.count_terms(lang, pipeline, range, text);
                for id in self.touched.drain(..) {
                    let count = std::mem::take(&mut self.counts[id as usize]);
                    self.postings.push((id, Posting::new(first + k as u32, f, count)));
                }
            }
            self.lengths.push(lens);
        }
        self
    }

    /// Counts the terms of one field's `text` in `counts` (those counted
    /// listed in `touched`), and returns the field's length: its tokens
    /// but the dropped ones.
    fn count_terms(&mut self, lang: &English, pipeline: &Pipeline, range: TermRange, text: &str) -> u32 {
        let mut n = 0u32;
        for token in lang.tokenize(text) {
            let id = self.term_of(pipeline, range, token);
            if id == DROPPED {
                continue;
            }
            n += 1;
            if id == ELSEWHERE {
                continue;
            }
            let c = &mut self.counts[id as usize];
            if *c == 0 {
                self.touched.push(id);
            }
            *c += 1;
        }
        n
    }

    /// The local term id of a token, or [`DROPPED`] or [`ELSEWHERE`]: the
    /// pipeline runs once per distinct token.
    fn term_of(&mut self, pipeline: &Pipeline, range: TermRange, token: String) -> u32 {
        if let Some(&id) = self.tokens.get(token.as_str()) {
            return id;
        }
        // The pipeline works token by token.
        let id = match pipeline.run(vec![token.clone()]).pop() {
            Some(term) if !range.contains(&term) => ELSEWHERE,
            Some(term) => self.intern(term),
            None => DROPPED,
        };
        self.tokens.insert(token, id);
        id
    }

    /// The local id of `term`, given it if new.
    fn intern(&mut self, term: String) -> u32 {
        if let Some(&id) = self.ids.get(term.as_str()) {
            return id;
        }
        let id = self.vocab.len() as u32;
        self.vocab.push(term.clone());
        self.ids.insert(term, id);
        self.counts.push(0);
        id
    }
}

/// Runs every field of every document through elasticlunr-rs's English
/// tokenizer and pipeline (in parallel, once per distinct token and worker)
/// and inverts the result: terms sorted, each term's postings in
/// (document, field) order. The documents of transcript `t` are
/// `docs_of(t)`, made in the worker that analyzes them, so the text of all
/// documents is never in memory at once; they are numbered from `first[t]`
/// (see [`super::documents::first_documents`]).
#[cfg(test)]
pub(super) fn analyze(first: &[u32], docs_of: impl Fn(usize) -> Vec<Doc> + Sync) -> Analysis {
    analyze_range(first, docs_of, TermRange::ALL)
}

/// [`analyze`] keeping only the postings of the terms in `range`.
pub(super) fn analyze_range(first: &[u32], docs_of: impl Fn(usize) -> Vec<Doc> + Sync, range: TermRange) -> Analysis {
    invert(analyze_parts(first, docs_of, range), first)
}

/// Analyzes the transcripts in parallel, in a few long runs of transcripts
/// per worker: every part keeps its own token cache and vocabulary, so many
/// small parts would cost memory and run the pipeline again for the same
/// tokens. The parts are runs of transcripts, in order.
fn analyze_parts(first: &[u32], docs_of: impl Fn(usize) -> Vec<Doc> + Sync, range: TermRange) -> Vec<Part> {
    let transcripts = first.len() - 1;
    let run = transcripts.div_ceil(2 * rayon::current_num_threads()).max(1);
    (0..transcripts)
        .into_par_iter()
        .with_min_len(run)
        .fold(Part::default, |part, t| {
            let tdocs = docs_of(t);
            assert_eq!(tdocs.len(), (first[t + 1] - first[t]) as usize, "transcript {t} has the documents it was numbered for");
            ENGLISH.with(|(lang, pipeline)| part.add(lang, pipeline, range, first[t], tdocs))
        })
        .collect()
}

/// The parts' postings by term, terms sorted, each term's postings in
/// (document, field) order; and the documents' field lengths.
fn invert(parts: Vec<Part>, first: &[u32]) -> Analysis {
    let (mut vocab, parts) = one_vocabulary(parts);
    let (order, parts) = sort_terms(&vocab, parts);
    let mut sizes = vec![0usize; vocab.len()];
    for (global, part) in &parts {
        for (id, _) in &part.postings {
            sizes[global[*id as usize] as usize] += 1;
        }
    }
    let mut terms: Vec<(String, Vec<Posting>)> = order
        .iter()
        .zip(&sizes)
        .map(|(id, n)| (std::mem::take(&mut vocab[*id as usize]), Vec::with_capacity(*n)))
        .collect();
    drop((order, sizes, vocab));
    let mut lengths = Vec::new();
    for (global, part) in parts {
        lengths.extend(part.lengths);
        for (id, posting) in part.postings {
            terms[global[id as usize] as usize].1.push(posting);
        }
    }
    // Parts are runs of transcripts, in order.
    assert_eq!(Some(lengths.len()), first.last().map(|&n| n as usize), "every document analyzed once");
    Analysis { docs: Docs { first: first.to_vec(), lengths }, terms }
}

/// One vocabulary for all parts: the terms (by global id), and per part
/// its local ids' global ids, with the part (its analysis tables dropped).
fn one_vocabulary(parts: Vec<Part>) -> (Vec<String>, Vec<(Vec<u32>, Part)>) {
    let mut ids: FxMap<String, u32> = FxMap::default();
    let mut vocab: Vec<String> = Vec::new();
    let parts = parts
        .into_iter()
        .map(|mut part| {
            part.ids = FxMap::default();
            part.tokens = FxMap::default();
            part.counts = Vec::new();
            let global = std::mem::take(&mut part.vocab)
                .into_iter()
                .map(|term| match ids.get(term.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = vocab.len() as u32;
                        vocab.push(term.clone());
                        ids.insert(term, id);
                        id
                    }
                })
                .collect();
            (global, part)
        })
        .collect();
    (vocab, parts)
}

/// The global ids in term order, and the parts with their global ids
/// replaced by ranks in that order.
fn sort_terms(vocab: &[String], mut parts: Vec<(Vec<u32>, Part)>) -> (Vec<u32>, Vec<(Vec<u32>, Part)>) {
    let mut order: Vec<u32> = (0..vocab.len() as u32).collect();
    order.par_sort_unstable_by(|a, b| vocab[*a as usize].cmp(&vocab[*b as usize]));
    let mut rank = vec![0u32; vocab.len()];
    for (r, id) in order.iter().enumerate() {
        rank[*id as usize] = r as u32;
    }
    for (global, _) in &mut parts {
        global.iter_mut().for_each(|id| *id = rank[*id as usize]);
    }
    (order, parts)
}

#[cfg(test)]
mod tests {
    use super::super::documents::first_documents;
    use super::super::testdata::synthetic_docs;
    use super::*;

    #[test]
    fn postings_pack_field_and_count() {
        let p = Posting::new(7, 4, 3);
        assert_eq!((p.doc, p.field(), p.count()), (7, 4, 3));
        assert_eq!(Posting::new(0, 0, u32::MAX).count(), (1 << COUNT_BITS) - 1, "counts saturate");
        assert_eq!(Posting::new(0, 3, u32::MAX).field(), 3);
        assert!(SEARCH_FIELDS.len() <= 1 << (32 - COUNT_BITS), "the field fits above the count");
    }

    #[test]
    fn analysis_in_passes_gives_the_same_terms_and_lengths_as_one_pass() {
        let docs = synthetic_docs();
        let first = first_documents(docs.len(), |t| docs[t].len());
        let one = analyze(&first, |t| docs[t].clone());
        for n in 2..=MAX_PASSES {
            let ranges = passes(n * PASS_TEXT_BYTES);
            assert_eq!(ranges.len(), n);
            assert_eq!(ranges[0].lower, "");
            assert!(ranges.windows(2).all(|w| w[0].upper == Some(w[1].lower)), "contiguous: {ranges:?}");
            assert_eq!(ranges[n - 1].upper, None);
            let mut terms = Vec::new();
            for range in ranges {
                let part = analyze_range(&first, |t| docs[t].clone(), range);
                assert_eq!(part.docs, one.docs, "every pass counts every term in the field lengths");
                assert!(part.terms.iter().all(|(t, _)| range.contains(t)));
                terms.extend(part.terms);
            }
            assert_eq!(terms, one.terms, "{n} passes");
        }
        assert_eq!(passes(PASS_TEXT_BYTES).len(), 1);
        assert_eq!(passes(100 * PASS_TEXT_BYTES).len(), MAX_PASSES, "at most this many passes");
    }
}
