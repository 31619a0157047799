//! The client-side search index, split into shards by term prefix.
//!
//! Documents are the exchanges and opening statements of every transcript;
//! fields: title, asker, outlet, question, answer, date (as pages show it,
//! "12 January 2022", so that "January 2022" finds it). The text goes through
//! elasticlunr-rs's English pipeline once; the resulting terms, sorted, are
//! cut into contiguous ranges ("shards") of about [`SHARD_BYTES`] each. Each
//! shard is an elasticlunr.js 0.9.5-compatible index, written inside its own
//! rayon task directly from the postings, byte for byte as elasticlunr-rs's
//! `Index::to_json` writes the same documents once rewritten as below (a
//! test compares the two).
//!
//! Files under `search/` (see `static/search.js`, which reads them):
//! - `manifest.json`: format version, document count, fields, the lower bound
//!   (a term prefix) of every shard (`shards`) and its number of heads files
//!   and their seed (`heads`), the number of documents of every transcript
//!   (`counts`, to number documents across the archive), the impact scale of
//!   tier files (`impact`), years and topics with counts.
//! - `s/<n>.json`: shard `n`, holding the terms from `shards[n]` (inclusive)
//!   up to `shards[n + 1]` (exclusive). Because a term lives in exactly one
//!   shard, its `df` is the archive-wide one, and `documentStore.length` is
//!   the archive-wide document count, so scores agree across shards. The
//!   per-document field-length norm of elasticlunr (1/sqrt(length)) is
//!   folded into `tf`, so no shard needs the per-document `docInfo` table;
//!   elasticlunr.js then uses a norm of 1 and computes the same score. Trie
//!   nodes without postings carry no `docs`/`df`.
//!   A term found in more than [`TOP_POSTINGS`] documents keeps only the
//!   postings of the [`TOP_POSTINGS`] documents where it weighs most (its
//!   impact: what it adds to their score); its `df`s stay the archive-wide
//!   ones. The others are in its tiers, listed in the shard's `tiers` (a key
//!   elasticlunr.js ignores): `{term: [i, blocks, level, bytes, level,
//!   bytes, ...]}`, per tier its highest impact level and size. Tier `j`
//!   (from 1) holds the term's documents of impact rank `TOP_POSTINGS *
//!   TIER_GROWTH^(j-1)` up to `TOP_POSTINGS * TIER_GROWTH^j`, the last one
//!   ([`MAX_TIERS`] at most) all the others; binary, per document its number
//!   (the gap from the previous one, LEB128) and its impact as a 16-bit
//!   level on a log scale (see [`IMPACT_LN_MIN`]).
//! - `m/<n>/h<b>.bin`: heads file `b` of shard `n` (`heads[n][0]` of them):
//!   the first tiers of the cut terms that [`bucket_of`] puts there, so that
//!   a query of several words asks for them together with its shards, in
//!   one round of requests (see [`heads_files`]); and for a last tier in
//!   blocks of at most half the documents, the numbers of its documents
//!   ([`encode_presence`]), so that a query reads blocks only for the hits
//!   that have the word.
//! - `m/<n>/<i>.<j>.<b>.bin`: a last tier larger than [`TAIL_BLOCK_BYTES`]
//!   is not in the heads file but in `blocks` files, by equal ranges of
//!   document numbers, `i` the term's number in the directory. The client
//!   reads tiers, most weighty first, and blocks, of the documents it needs
//!   to know about, only until it has proven its first results final (a
//!   threshold algorithm).
//! - `d/<t>.<c>.json`: what results show for documents `c * DOCS_PER_FILE`..
//!   of transcript `t` (both base 36): page URL, title, date, and per
//!   document `[anchor, asker, outlet, snippet]` (the label comes from the
//!   anchor).
//! - `f/asker.json`, `f/outlet.json`: `[slug, name, count]` of every
//!   journalist and outlet that asks; `f/<kind>/<slug>.json`: the documents of
//!   one journalist or outlet (`{"r": [ref, ...]}`), year (`{"t":
//!   [transcript, ...]}`) or topic (both: the transcripts tagged with it and
//!   the exchanges its keywords found).
//!
//! With `PRESSROOM_SEARCH_SINGLE=1` in the environment, also `single.json`:
//! the same documents in one classic elasticlunr-rs index, which the browser
//! tests and `bench/measure.mjs` rank against to check the shards.
//!
//! A document's ref is `<t>.<k>` in base 36: transcript `t` (archive order)
//! and document `k` of that transcript (the opening statement, when there is
//! one, then the exchanges in order).

use elasticlunr::lang::{English, Language};
use elasticlunr::pipeline::Pipeline;
use elasticlunr::IndexBuilder;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::model::{Role, Turn};
use crate::write::Sink;
use anyhow::Result;
use std::sync::atomic::{AtomicUsize, Ordering};
use crate::resolve::Archive;
use crate::topics::Topic;


/// Fields of the search index, in order.
pub const SEARCH_FIELDS: [&str; FIELDS] = ["title", "asker", "outlet", "question", "answer", "date"];

/// Number of fields of the search index.
pub const FIELDS: usize = 6;

/// Version of the file layout above, in `manifest.json`.
pub const FORMAT: u32 = 4;

/// About how many bytes of JSON one shard holds (before compression).
pub const SHARD_BYTES: usize = 50_000;

/// Documents per result file `d/<t>.<c>.json`: a result list reads the few
/// snippets it shows, not whole transcripts, in few requests.
pub const DOCS_PER_FILE: usize = 16;

/// Small archives are still cut into at least this many shards (when they
/// have enough terms), so a query never loads the whole index.
const MIN_SHARDS: usize = 8;

/// Documents a shard keeps per term: those where the term weighs most (its
/// impact: what it adds to their score); the others go to the term's tiers
/// (heads files and blocks), read only when the kept ones cannot prove the
/// top results.
pub const TOP_POSTINGS: usize = 32;

/// Tier `j` (from 1) of a term holds the documents of impact rank
/// `TOP_POSTINGS * TIER_GROWTH^(j-1)` up to `TOP_POSTINGS * TIER_GROWTH^j`
/// (the shard holds ranks below `TOP_POSTINGS`): each tier is about this many
/// times larger than everything before it.
pub const TIER_GROWTH: usize = 8;

/// Tiers of a term at most; the last one holds all the documents left.
pub const MAX_TIERS: usize = 3;

/// About how many bytes a block of a last tier holds: a last tier larger than
/// this is also written cut by document number into blocks of about this
/// size, so that a query can read the scores of given documents only.
pub const TAIL_BLOCK_BYTES: usize = 2048;

/// Impacts in tier files are 16-bit levels on a log scale: level `q` stands
/// for `exp(IMPACT_LN_MIN + q * IMPACT_LN_STEP)` (from about 1e-4 to 850,
/// 0.025 % apart; an impact is at most 10 * (1 + ln(documents))). Both are
/// exact in binary, so `static/search.js` decodes the same values.
pub const IMPACT_LN_MIN: f64 = -9.25;

/// See [`IMPACT_LN_MIN`].
pub const IMPACT_LN_STEP: f64 = 1.0 / 4096.0;

/// Field boosts, as in `static/search.js` (FIELD_BOOSTS), in field order.
const FIELD_BOOSTS: [f64; FIELDS] = [2.0, 3.0, 3.0, 1.0, 1.0, 1.0];

/// Significant digits kept of a folded term frequency.
const TF_DIGITS: usize = 4;

/// What the search results list shows for one document (its label,
/// "Question 3" or "Opening statement", comes from the anchor).
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Anchor on the transcript page: `opening` or `qN`.
    pub anchor: String,
    /// Who asked.
    pub asker: Option<String>,
    /// Their outlet.
    pub outlet: Option<String>,
    /// The first words of the question and answer.
    pub snippet: String,
}

/// Plain text of turns of the given side, Markdown markers and all.
fn text_of<'a>(turns: impl Iterator<Item = &'a Turn>, press: bool) -> String {
    turns.filter(|t| (t.role == Role::Press) == press).map(|t| t.text.as_str()).collect::<Vec<_>>().join("\n")
}

/// The first `n` characters of `text`, cut at a word.
pub fn snippet(text: &str, n: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        return flat;
    }
    let cut: String = flat.chars().take(n).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut}…")
}

/// `n` in base 36, lowercase.
pub fn base36(mut n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

/// The ref of document `k` of transcript `t`.
pub fn doc_ref(t: usize, k: usize) -> String {
    format!("{}.{}", base36(t), base36(k))
}

/// One search document: its field texts and what results show.
#[derive(Clone)]
struct Doc {
    fields: [String; FIELDS],
    meta: DocMeta,
}

/// What results and filters show of a document.
#[derive(Clone)]
struct DocMeta {
    show: SearchDoc,
    /// Person slug of the asker, archive outlet slug.
    asker_slug: Option<String>,
    outlet_slug: Option<String>,
}

/// The documents of every transcript, in archive order.
fn documents(archive: &Archive) -> Vec<Vec<Doc>> {
    archive.transcripts.iter().map(transcript_documents).collect()
}

/// The documents of one transcript: its opening statement, if any, then
/// its exchanges.
fn transcript_documents(page: &crate::resolve::Page) -> Vec<Doc> {
    let t = &page.transcript;
    let date = t.date.map(|d| d.format("%-d %B %Y").to_string()).unwrap_or_default();
    let mut docs = Vec::new();
    if !t.opening.is_empty() {
        let answer = text_of(t.opening.iter(), false);
        docs.push(Doc {
            meta: DocMeta {
                show: SearchDoc { anchor: "opening".into(), asker: None, outlet: None, snippet: snippet(&answer, 240) },
                asker_slug: None,
                outlet_slug: None,
            },
            fields: [t.title.clone(), String::new(), String::new(), String::new(), answer, date.clone()],
        });
    }
    for e in &t.exchanges {
        let asker = e.asker.as_deref().and_then(|a| t.speaker(a)).and_then(|s| s.name.clone());
        let question = text_of(e.turns.iter(), true);
        let answer = text_of(e.turns.iter(), false);
        // The snippet shows the answer, not the moderator's calls.
        let reply: Vec<&str> = e.turns.iter().filter(|t| t.role == Role::Official).map(|t| t.text.as_str()).collect();
        let reply = if reply.is_empty() { answer.clone() } else { reply.join("\n") };
        docs.push(Doc {
            meta: DocMeta {
                show: SearchDoc {
                    anchor: e.id.clone(),
                    asker: asker.clone(),
                    outlet: e.outlet.clone(),
                    snippet: snippet(&format!("{question} — {reply}"), 300),
                },
                asker_slug: e.asker.as_ref().and_then(|a| page.people.get(a)).cloned(),
                outlet_slug: e.outlet.as_ref().and_then(|o| page.outlets.get(o)).cloned(),
            },
            fields: [t.title.clone(), asker.unwrap_or_default(), e.outlet.clone().unwrap_or_default(), question, answer, date.clone()],
        });
    }
    docs
}

/// One (term, field, document) occurrence count, in 8 bytes (a large
/// archive has tens of millions): the document's number across the archive
/// (see [`Docs`]), and its field and count packed in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting {
    doc: u32,
    field_count: u32,
}

/// Bits of [`Posting::field_count`] that hold the count (the field is in
/// the 3 above them).
const COUNT_BITS: u32 = 29;

impl Posting {
    /// A posting of `count` occurrences (at most 2^29 - 1 are counted) in
    /// `field` of document `doc`.
    fn new(doc: u32, field: usize, count: u32) -> Posting {
        debug_assert!(field < SEARCH_FIELDS.len());
        Posting { doc, field_count: (field as u32) << COUNT_BITS | count.min((1 << COUNT_BITS) - 1) }
    }

    /// The field, an index into [`SEARCH_FIELDS`].
    fn field(self) -> usize {
        (self.field_count >> COUNT_BITS) as usize
    }

    /// How many times the term occurs in the field.
    fn count(self) -> u32 {
        self.field_count & ((1 << COUNT_BITS) - 1)
    }
}

/// The archive's documents as the index numbers them: across the archive,
/// transcript by transcript, in ref order.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Docs {
    /// The number of the first document of every transcript, then the
    /// number of documents (see [`first_documents`]).
    first: Vec<u32>,
    /// Per document and field, the number of index tokens (elasticlunr's
    /// field length).
    lengths: Vec<[u32; FIELDS]>,
}

impl Docs {
    /// The number of documents.
    fn total(&self) -> usize {
        self.lengths.len()
    }

    /// The transcript of document `doc` and its place in it (its ref).
    fn ref_of(&self, doc: u32) -> (u32, u32) {
        let t = self.first.partition_point(|&f| f <= doc) - 1;
        (t as u32, doc - self.first[t])
    }

    /// The length of `field` in document `doc`.
    fn length(&self, doc: u32, field: usize) -> u32 {
        self.lengths[doc as usize][field]
    }
}

/// The number of search documents of a transcript (see
/// [`transcript_documents`]): its opening statement, if any, and its
/// exchanges.
fn document_count(page: &crate::resolve::Page) -> usize {
    usize::from(!page.transcript.opening.is_empty()) + page.transcript.exchanges.len()
}

/// The number of the first document of every transcript, when transcript
/// `t` has `counts(t)` documents, then the number of documents.
fn first_documents(transcripts: usize, counts: impl Fn(usize) -> usize) -> Vec<u32> {
    let mut first = Vec::with_capacity(transcripts + 1);
    let mut n = 0u32;
    for t in 0..transcripts {
        first.push(n);
        n = u32::try_from(counts(t)).ok().and_then(|c| n.checked_add(c)).expect("fewer than 2^32 search documents");
    }
    first.push(n);
    first
}

/// The archive's documents, and every term's postings, terms sorted.
struct Analysis {
    docs: Docs,
    terms: Vec<(String, Vec<Posting>)>,
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
struct FxHasher(u64);

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

type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

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
struct TermRange<'a> {
    lower: &'a str,
    upper: Option<&'a str>,
}

impl TermRange<'_> {
    /// Every term.
    const ALL: TermRange<'static> = TermRange { lower: "", upper: None };

    fn contains(&self, term: &str) -> bool {
        term >= self.lower && self.upper.is_none_or(|u| term < u)
    }
}

/// The passes for an archive with `text_bytes` of transcript text.
fn passes(text_bytes: usize) -> Vec<TermRange<'static>> {
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
                let mut n = 0u32;
                for token in lang.tokenize(text) {
                    let id = match self.tokens.get(token.as_str()) {
                        Some(&id) => id,
                        None => {
                            // The pipeline works token by token.
                            let id = match pipeline.run(vec![token.clone()]).pop() {
                                Some(term) if !range.contains(&term) => ELSEWHERE,
                                Some(term) => match self.ids.get(term.as_str()) {
                                    Some(&id) => id,
                                    None => {
                                        let id = self.vocab.len() as u32;
                                        self.vocab.push(term.clone());
                                        self.ids.insert(term, id);
                                        self.counts.push(0);
                                        id
                                    }
                                },
                                None => DROPPED,
                            };
                            self.tokens.insert(token, id);
                            id
                        }
                    };
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
                lens[f] = n;
                for id in self.touched.drain(..) {
                    let count = std::mem::take(&mut self.counts[id as usize]);
                    self.postings.push((id, Posting::new(first + k as u32, f, count)));
                }
            }
            self.lengths.push(lens);
        }
        self
    }
}

/// Runs every field of every document through elasticlunr-rs's English
/// tokenizer and pipeline (in parallel, once per distinct token and worker)
/// and inverts the result: terms sorted, each term's postings in
/// (document, field) order. The documents of transcript `t` are
/// `docs_of(t)`, made in the worker that analyzes them, so the text of all
/// documents is never in memory at once; they are numbered from `first[t]`
/// (see [`first_documents`]).
#[cfg(test)]
fn analyze(first: &[u32], docs_of: impl Fn(usize) -> Vec<Doc> + Sync) -> Analysis {
    analyze_range(first, docs_of, TermRange::ALL)
}

/// [`analyze`] keeping only the postings of the terms in `range`.
fn analyze_range(first: &[u32], docs_of: impl Fn(usize) -> Vec<Doc> + Sync, range: TermRange) -> Analysis {
    let transcripts = first.len() - 1;
    // A few long runs of transcripts per worker: every part keeps its own
    // token cache and vocabulary, so many small parts would cost memory and
    // run the pipeline again for the same tokens.
    let run = transcripts.div_ceil(2 * rayon::current_num_threads()).max(1);
    let parts: Vec<Part> = (0..transcripts)
        .into_par_iter()
        .with_min_len(run)
        .fold(Part::default, |part, t| {
            let tdocs = docs_of(t);
            assert_eq!(tdocs.len(), (first[t + 1] - first[t]) as usize, "transcript {t} has the documents it was numbered for");
            ENGLISH.with(|(lang, pipeline)| part.add(lang, pipeline, range, first[t], tdocs))
        })
        .collect();
    // One vocabulary: local ids → global ids → ranks in sorted order.
    let mut ids: FxMap<String, u32> = FxMap::default();
    let mut vocab: Vec<String> = Vec::new();
    let mut parts: Vec<(Vec<u32>, Part)> = parts
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
    drop(ids);
    let mut order: Vec<u32> = (0..vocab.len() as u32).collect();
    order.par_sort_unstable_by(|a, b| vocab[*a as usize].cmp(&vocab[*b as usize]));
    let mut rank = vec![0u32; vocab.len()];
    for (r, id) in order.iter().enumerate() {
        rank[*id as usize] = r as u32;
    }
    for (global, _) in &mut parts {
        global.iter_mut().for_each(|id| *id = rank[*id as usize]);
    }
    drop(rank);
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

/// A rough size in bytes of a term's part of a serialized shard (which
/// keeps the postings of [`TOP_POSTINGS`] documents, and a directory of the
/// tiers of the others).
fn term_bytes(term: &str, postings: &[Posting], docs: &Docs) -> usize {
    let kept = postings.len().min(TOP_POSTINGS * 3 / 2);
    let refs: usize = postings[..kept]
        .iter()
        .map(|p| {
            let (t, k) = docs.ref_of(p.doc);
            doc_ref(t as usize, k as usize).len() + 18
        })
        .sum();
    let directory = if postings.len() > TOP_POSTINGS { term.len() + 40 } else { 0 };
    refs + term.len() * 8 + 20 + directory
}

/// Cuts the sorted terms into contiguous shards: start index of each shard
/// and its lower bound, the shortest prefix of its first term that sorts
/// after the previous shard's last term.
#[cfg(test)]
fn plan_shards(terms: &[(String, Vec<Posting>)], docs: &Docs) -> Vec<(usize, String)> {
    plan_shards_from(terms, docs, "")
}

/// [`plan_shards`] for the terms of one pass, whose first shard starts at
/// the pass's lower bound.
fn plan_shards_from(terms: &[(String, Vec<Posting>)], docs: &Docs, lower: &str) -> Vec<(usize, String)> {
    let sizes: Vec<usize> = terms.par_iter().map(|(term, p)| term_bytes(term, p, docs)).collect();
    let total: usize = sizes.iter().sum();
    let target = SHARD_BYTES.min(total / MIN_SHARDS).max(1);
    let mut shards = vec![(0usize, lower.to_string())];
    let mut size = 0;
    for (i, s) in sizes.iter().enumerate() {
        if size > 0 && size + s / 2 > target {
            let prev = terms[i - 1].0.as_str();
            let first = terms[i].0.as_str();
            let bound = first
                .char_indices()
                .map(|(at, c)| &first[..at + c.len_utf8()])
                .find(|prefix| *prefix > prev)
                .unwrap_or(first);
            shards.push((i, bound.to_string()));
            size = 0;
        }
        size += s;
    }
    shards
}

/// Rounds to [`TF_DIGITS`] significant digits.
fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    format!("{:.*e}", TF_DIGITS - 1, x).parse().unwrap_or(x)
}

#[cfg(test)]
/// Parses a `<t>.<k>` ref.
fn parse_ref(r: &str) -> Option<(usize, usize)> {
    let (t, k) = r.split_once('.')?;
    Some((usize::from_str_radix(t, 36).ok()?, usize::from_str_radix(k, 36).ok()?))
}

/// Postings of one term in one index (what a shard keeps of it).
type Listed<'a> = (&'a str, Cow<'a, [Posting]>);

/// Serializes one index: terms, the documents, split terms' archive-wide
/// dfs.
type WriteIndex = fn(&[Listed<'_>], &Docs, &HashMap<String, [u32; FIELDS]>) -> Vec<u8>;

/// One shard as written: its JSON and the tier files of its cut terms.
struct Shard {
    json: Vec<u8>,
    /// Per cut term, in order (its number `i` in the directory): its head
    /// tiers, tiers 1.. but for a last tier written in blocks, and then, when
    /// there is one that holds at most half the documents, the documents of
    /// that tier ([`encode_presence`]). They
    /// go to the shard's heads files (see [`heads_files`]).
    heads: Vec<(String, Vec<Vec<u8>>)>,
    /// `(name, bytes)` of the files `m/<n>/<name>.bin` of last tiers cut
    /// into blocks: `<i>.<j>.<b>` for block `b` of tier `j` of the `i`-th
    /// cut term.
    blocks: Vec<(String, Vec<u8>)>,
}

impl Shard {
    /// How many heads files the shard has (see [`heads_files`]).
    fn buckets(&self) -> usize {
        self.heads.len()
    }

    /// Every tier file of the shard, `(name, bytes)` under `m/<n>/`: heads
    /// files `h<b>`, then blocks; and the seed of its heads files' names.
    fn tier_files(self) -> (u32, impl Iterator<Item = (String, Vec<u8>)>) {
        let (seed, files) = heads_files(&self.heads);
        let heads = files.into_iter().enumerate().map(|(b, bytes)| (format!("h{b}"), bytes));
        (seed, heads.chain(self.blocks))
    }
}

/// Seeds [`heads_files`] tries for each shard.
const HEADS_SEEDS: u32 = 64;

/// The heads file of a shard with `buckets` of them that holds the head
/// tiers of `term`: FNV-1a (32 bits) of `seed` (when not 0, as a first
/// byte) and the UTF-8 bytes of `term`, modulo `buckets` (`bucketOf` in
/// `static/search.js`). A client can then ask for a word's first tiers
/// together with its shard, before knowing whether the word has tiers.
pub fn bucket_of(term: &str, buckets: usize, seed: u32) -> usize {
    const PRIME: u32 = 0x0100_0193;
    let mut h: u32 = 0x811c_9dc5;
    if seed != 0 {
        h = (h ^ seed).wrapping_mul(PRIME);
    }
    for b in term.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(PRIME);
    }
    h as usize % buckets.max(1)
}

/// The heads files of a shard, and the seed of their names: as many files
/// as it has cut terms (so about one term each); file `b` holds the
/// [`heads_entry`] of each cut term `t` with `bucket_of(t, files, seed) ==
/// b`, in term order. Empty files are written too, so that every name a
/// client computes exists. Of the first [`HEADS_SEEDS`] seeds, the one
/// whose largest file is smallest: a query reads the whole file for one
/// term, and a file where large terms meet would be read for each.
fn heads_files(heads: &[(String, Vec<Vec<u8>>)]) -> (u32, Vec<Vec<u8>>) {
    let n = heads.len();
    let entries: Vec<Vec<u8>> = heads.iter().map(|(term, tiers)| heads_entry(term, tiers)).collect();
    let cost = |seed: u32| {
        let mut files = vec![0usize; n];
        for ((term, _), entry) in heads.iter().zip(&entries) {
            files[bucket_of(term, n, seed)] += entry.len();
        }
        let largest = files.iter().copied().max().unwrap_or(0);
        (largest, files.iter().map(|f| f * f).sum::<usize>())
    };
    let seed = (0..HEADS_SEEDS).min_by_key(|&seed| cost(seed)).unwrap_or(0);
    let mut files = vec![Vec::new(); n];
    for ((term, _), entry) in heads.iter().zip(entries) {
        files[bucket_of(term, n, seed)].extend_from_slice(&entry);
    }
    (seed, files)
}

/// One cut term in a heads file: the length of `term` in bytes (LEB128),
/// `term` (UTF-8), the number of its parts (LEB128), the size of each
/// (LEB128), then the parts themselves: its head tiers, each as
/// [`encode_tier`] writes it, and, when its last tier is in blocks and
/// holds at most half the documents, that tier's documents as
/// [`encode_presence`] writes them.
fn heads_entry(term: &str, tiers: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(term.len() + tiers.iter().map(|t| t.len() + 3).sum::<usize>() + 4);
    push_leb128(&mut out, term.len());
    out.extend_from_slice(term.as_bytes());
    push_leb128(&mut out, tiers.len());
    for tier in tiers {
        push_leb128(&mut out, tier.len());
    }
    for tier in tiers {
        out.extend_from_slice(tier);
    }
    out
}

/// Appends `n` in LEB128: 7 bits a byte, low first, the high bit set on all
/// but the last byte.
fn push_leb128(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Builds and serializes one shard, inside the calling (rayon) task: the
/// shard itself and, for each term in more than [`TOP_POSTINGS`] documents,
/// the tier files of the documents the shard leaves out.
fn build_shard(terms: &[(String, Vec<Posting>)], docs: &Docs) -> Shard {
    build_shard_with(terms, docs, index_json)
}

/// A folded term frequency as the shards hold it: sqrt(count) / sqrt(field
/// length), rounded to [`TF_DIGITS`].
fn folded_tf(count: u32, len: u32) -> f64 {
    let tf = f64::from(count).sqrt();
    round_sig(if len > 0 { tf / f64::from(len).sqrt() } else { tf })
}

/// What a term adds to the score of each document it is in, before any
/// prefix penalty (its "impact"): the sum over fields of boost * idf * tf,
/// as `static/search.js` computes it from a shard, idf from the term's
/// archive-wide `df` per field. Postings are grouped by document, as the
/// analysis emits them; so is the result: `(document number, impact)`.
fn impacts(postings: &[Posting], df: &[u32; FIELDS], docs: &Docs) -> Vec<(u32, f64)> {
    let idf = df.map(|d| 1.0 + (docs.total() as f64 / (f64::from(d) + 1.0)).ln());
    let mut out: Vec<(u32, f64)> = Vec::new();
    for p in postings {
        let f = p.field();
        let add = FIELD_BOOSTS[f] * idf[f] * folded_tf(p.count(), docs.length(p.doc, f));
        match out.last_mut() {
            Some((doc, sum)) if *doc == p.doc => *sum += add,
            _ => out.push((p.doc, add)),
        }
    }
    out
}

/// The 16-bit level of an impact (see [`IMPACT_LN_MIN`]): the highest
/// whose impact is below it (by a margin for a last-bit difference in
/// `exp` between Rust and JavaScript). A document in a tier file then never
/// scores more than it would in a shard: of documents that tie, those a
/// shard keeps (the first refs) stay first, as in one index.
fn impact_level(impact: f64) -> u16 {
    let q = ((impact.max(f64::MIN_POSITIVE).ln() - IMPACT_LN_MIN) / IMPACT_LN_STEP).floor();
    let mut q = q.clamp(0.0, f64::from(u16::MAX)) as u16;
    while q > 0 && level_impact(q) >= impact * (1.0 - 1e-12) {
        q -= 1;
    }
    q
}

/// The impact a level stands for.
fn level_impact(level: u16) -> f64 {
    (IMPACT_LN_MIN + f64::from(level) * IMPACT_LN_STEP).exp()
}

/// One tier file: its `(document number, level)` pairs in document order,
/// each as the gap from the previous document number (the first one from
/// 0) in LEB128 (7 bits a byte, low first, high bit set on all but the last
/// byte), then the level in two bytes, big-endian.
fn encode_tier(docs: &mut [(u32, u16)]) -> Vec<u8> {
    docs.sort_unstable();
    let mut out = Vec::with_capacity(docs.len() * 3);
    let mut prev = 0;
    for &(doc, level) in docs.iter() {
        push_leb128(&mut out, (doc - prev) as usize);
        prev = doc;
        out.extend_from_slice(&level.to_be_bytes());
    }
    out
}

/// A last tier in blocks has its documents listed in the heads file (see
/// [`encode_presence`]) only when it holds at most one document in this
/// many: the list of a word in most documents would cost about a bit per
/// document of the archive (17 KB at 140,000) and decide few hits, since
/// most have the word.
const PRESENCE_MAX_SHARE: usize = 2;

/// The documents of a last tier written in blocks, without their impacts,
/// in a heads file: a query learns there which of the hits it must decide
/// have the word at all, and reads blocks only for those that do (most do
/// not). Written for a tail of at most `1 / PRESENCE_MAX_SHARE` of the
/// documents. `docs` sorted, distinct. Rice coding of the gaps: the number of
/// documents (LEB128), the parameter `k` (one byte), then per document,
/// `g` = its number less the previous one's less 1 (the first one: its
/// number), as `g >> k` one-bits, a zero-bit and the `k` low bits of `g`,
/// high first; bits fill bytes from their high bit, the last byte padded
/// with zeros. About 2 + log2(mean gap) bits a document (`decodePresence`
/// in `static/search.js`).
fn encode_presence(docs: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    push_leb128(&mut out, docs.len());
    let span = docs.last().map_or(0, |&d| u64::from(d) + 1);
    // The best k is about log2(mean gap * ln 2).
    let mean = span as f64 / docs.len().max(1) as f64;
    let k = (mean * std::f64::consts::LN_2).log2().floor().clamp(0.0, 24.0) as u32;
    out.push(k as u8);
    let mut bits = BitWriter { out, byte: 0, used: 0 };
    let mut next = 0u32; // the smallest number the next document can have
    for &doc in docs {
        assert!(doc >= next, "encode_presence takes sorted, distinct numbers");
        let gap = doc - next;
        for _ in 0..gap >> k {
            bits.push(true);
        }
        bits.push(false);
        for b in (0..k).rev() {
            bits.push(gap >> b & 1 == 1);
        }
        next = doc + 1;
    }
    bits.finish()
}

/// Bits appended to a byte vector, high bit first (see [`encode_presence`]).
struct BitWriter {
    out: Vec<u8>,
    byte: u8,
    used: u32,
}

impl BitWriter {
    fn push(&mut self, bit: bool) {
        self.byte = self.byte << 1 | u8::from(bit);
        self.used += 1;
        if self.used == 8 {
            self.out.push(self.byte);
            self.byte = 0;
            self.used = 0;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.out.push(self.byte << (8 - self.used));
        }
        self.out
    }
}

/// The position in a term's tier list (documents not in the shard, by
/// impact) where tier `j` (from 1) starts.
fn tier_start(j: usize) -> usize {
    TOP_POSTINGS * TIER_GROWTH.pow(j as u32 - 1) - TOP_POSTINGS
}

/// The first document number of block `b` of `blocks` (of a tail tier).
fn block_start(b: usize, blocks: usize, total_docs: usize) -> u32 {
    (b as u64 * total_docs as u64 / blocks as u64) as u32
}

/// [`build_shard`], serializing the index with `write`.
fn build_shard_with(terms: &[(String, Vec<Posting>)], docs: &Docs, write: WriteIndex) -> Shard {
    let total_docs = docs.total();
    let mut kept: Vec<Listed<'_>> = Vec::with_capacity(terms.len());
    let mut dfs: HashMap<String, [u32; FIELDS]> = HashMap::new();
    let mut directory: Vec<u8> = Vec::new();
    let mut heads = Vec::new();
    let mut blocks_files = Vec::new();
    for (term, postings) in terms {
        if postings.len() <= TOP_POSTINGS {
            kept.push((term, Cow::Borrowed(postings)));
            continue;
        }
        let mut df = [0u32; FIELDS];
        for p in postings {
            df[p.field()] += 1;
        }
        let mut order = impacts(postings, &df, docs);
        if order.len() <= TOP_POSTINGS {
            kept.push((term, Cow::Borrowed(postings)));
            continue;
        }
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut keep: std::collections::HashSet<u32> = order[..TOP_POSTINGS].iter().map(|d| d.0).collect();
        // Keep a posting in every field that has one, so that each field's
        // node exists and, by its df, shows that its list is cut.
        let mut covered = [false; FIELDS];
        for p in postings.iter().filter(|p| keep.contains(&p.doc)) {
            covered[p.field()] = true;
        }
        for (doc, _) in &order[TOP_POSTINGS..] {
            if covered.iter().enumerate().all(|(f, c)| *c || df[f] == 0) {
                break;
            }
            let fields: Vec<usize> = postings.iter().filter(|p| p.doc == *doc).map(|p| p.field()).collect();
            if fields.iter().any(|f| !covered[*f]) {
                keep.insert(*doc);
                fields.iter().for_each(|f| covered[*f] = true);
            }
        }
        let top: Vec<Posting> = postings.iter().filter(|p| keep.contains(&p.doc)).copied().collect();
        // The others, by impact, cut into tiers of growing size.
        let rest: Vec<(u32, u16)> = order
            .iter()
            .filter(|(doc, _)| !keep.contains(doc))
            .map(|&(doc, impact)| (doc, impact_level(impact)))
            .collect();
        // Impact-ordered tiers, the last one (the tail) cut by document
        // number into blocks, so that a query can read the part where the
        // few documents it needs to know about are.
        let i = heads.len();
        let mut files: Vec<(u16, Vec<u8>)> = Vec::new();
        for j in 1..=MAX_TIERS {
            let from = tier_start(j);
            if from >= rest.len() {
                break;
            }
            let end = if j == MAX_TIERS { rest.len() } else { tier_start(j + 1).min(rest.len()) };
            let mut tier = rest[from..end].to_vec();
            let top_level = tier.iter().map(|d| d.1).max().unwrap_or(0);
            files.push((top_level, encode_tier(&mut tier)));
        }
        let (_, tail) = files.last().expect("a term with tiers has one");
        let blocks = tail.len().div_ceil(TAIL_BLOCK_BYTES).max(1);
        directory.push(if directory.is_empty() { b'{' } else { b',' });
        serde_json::to_writer(&mut directory, term.as_str()).expect("writes to a Vec");
        directory.extend_from_slice(format!(":[{i},{blocks}").as_bytes());
        let last = files.len();
        let mut head = Vec::new();
        for (j, (top_level, bytes)) in files.into_iter().enumerate() {
            let j = j + 1;
            if j < last || blocks == 1 {
                directory.extend_from_slice(format!(",{top_level},{}", bytes.len()).as_bytes());
                head.push(bytes);
                continue;
            }
            // The tail by block only: documents block_start(b)..block_start(b + 1),
            // and which documents it has in the heads file.
            let mut tail: Vec<(u32, u16)> = rest[tier_start(j)..].to_vec();
            tail.sort_unstable();
            if tail.len() <= total_docs / PRESENCE_MAX_SHARE {
                head.push(encode_presence(&tail.iter().map(|d| d.0).collect::<Vec<u32>>()));
            }
            let mut size = 0;
            for b in 0..blocks {
                let (lo, hi) = (block_start(b, blocks, total_docs), block_start(b + 1, blocks, total_docs));
                let mut part: Vec<(u32, u16)> = tail.iter().copied().filter(|d| d.0 >= lo && d.0 < hi).collect();
                let bytes = encode_tier(&mut part);
                size += bytes.len();
                blocks_files.push((format!("{i}.{j}.{b}"), bytes));
            }
            directory.extend_from_slice(format!(",{top_level},{size}").as_bytes());
        }
        heads.push((term.clone(), head));
        directory.push(b']');
        dfs.insert(term.clone(), df);
        kept.push((term, Cow::Owned(top)));
    }
    if directory.is_empty() {
        directory.push(b'{');
    }
    directory.push(b'}');
    let mut json = write(&kept, docs, &dfs);
    // The tiers' directory, a key elasticlunr.js ignores: per cut term, its
    // number i, the number of blocks of its last tier, then per tier its
    // highest level and its size in bytes.
    assert_eq!(json.pop(), Some(b'}'));
    json.extend_from_slice(b",\"tiers\":");
    json.extend_from_slice(&directory);
    json.push(b'}');
    Shard { json, heads, blocks: blocks_files }
}

/// The ref of a document as a number that sorts as the ref string does
/// (its bytes, big-endian, zero-padded: refs have at most 15 bytes).
fn ref_key(t: u32, k: u32) -> u128 {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 16];
    let mut at = 0;
    for (mut n, dot) in [(t, true), (k, false)] {
        let mut digits = [0u8; 7];
        let mut len = 0;
        loop {
            digits[len] = DIGITS[(n % 36) as usize];
            len += 1;
            n /= 36;
            if n == 0 {
                break;
            }
        }
        for d in digits[..len].iter().rev() {
            buf[at] = *d;
            at += 1;
        }
        if dot {
            buf[at] = b'.';
            at += 1;
        }
    }
    u128::from_be_bytes(buf)
}

/// Appends the ref of [`ref_key`] `key`.
fn push_ref(out: &mut Vec<u8>, key: u128) {
    let bytes = key.to_be_bytes();
    let len = bytes.iter().position(|b| *b == 0).unwrap_or(16);
    out.extend_from_slice(&bytes[..len]);
}

/// Appends `c` as a JSON string, escaped as serde_json escapes it.
fn push_char_key(out: &mut Vec<u8>, c: char) {
    if c.is_ascii_alphanumeric() {
        out.extend_from_slice(&[b'"', c as u8, b'"']);
    } else {
        let mut buf = [0u8; 4];
        serde_json::to_writer(&mut *out, c.encode_utf8(&mut buf) as &str).expect("writes to a Vec");
    }
}

/// Fields in the order elasticlunr-rs serializes its `index` (a BTreeMap by
/// name): indexes into [`SEARCH_FIELDS`].
fn fields_by_name() -> [usize; FIELDS] {
    let mut order: [usize; FIELDS] = std::array::from_fn(|f| f);
    order.sort_by_key(|f| SEARCH_FIELDS[*f]);
    order
}

/// One shard index, written directly as elasticlunr-rs's
/// `Index::to_json` of these postings would be after the rewrite described
/// in the module documentation: per field, the trie of its terms (children
/// by character, `docs` by ref, as elasticlunr-rs's BTreeMaps order them),
/// `tf` = sqrt(count) (elasticlunr-rs's) / sqrt(field length), rounded to
/// [`TF_DIGITS`], nodes without postings without `docs`/`df`, `df` the
/// archive-wide one, and an empty `documentStore` with the archive's
/// document count. A test checks it against elasticlunr-rs's own output.
fn index_json(terms: &[Listed<'_>], docs: &Docs, dfs: &HashMap<String, [u32; FIELDS]>) -> Vec<u8> {
    let total_docs = docs.total();
    // Every term's postings by field, then ref; `bounds[i][f]..bounds[i][f + 1]`
    // are term i's postings in field f.
    let total: usize = terms.iter().map(|(_, p)| p.len()).sum();
    let mut entries: Vec<(u8, u128, u32, u32)> = Vec::with_capacity(total);
    let mut bounds: Vec<[usize; FIELDS + 1]> = Vec::with_capacity(terms.len());
    for (_, postings) in terms {
        let start = entries.len();
        entries.extend(postings.iter().map(|p| {
            let (t, k) = docs.ref_of(p.doc);
            (p.field() as u8, ref_key(t, k), p.count(), docs.length(p.doc, p.field()))
        }));
        let list = &mut entries[start..];
        list.sort_unstable_by_key(|e| (e.0, e.1));
        let mut b = [start; FIELDS + 1];
        for (f, bound) in b.iter_mut().enumerate() {
            *bound = start + list.partition_point(|e| usize::from(e.0) < f);
        }
        bounds.push(b);
    }
    // Folded, rounded tf by (count, length), formatted once.
    let mut tfs: FxMap<(u32, u32), (usize, usize)> = FxMap::default();
    let mut tf_text: Vec<u8> = Vec::new();

    let mut out: Vec<u8> = Vec::with_capacity(total * 24 + terms.len() * 16 + 1024);
    out.extend_from_slice(br#"{"fields":"#);
    serde_json::to_writer(&mut out, &SEARCH_FIELDS).expect("writes to a Vec");
    out.extend_from_slice(br#","pipeline":["trimmer","stopWordFilter","stemmer"],"ref":"id","version":"#);
    serde_json::to_writer(&mut out, elasticlunr::ELASTICLUNR_VERSION).expect("writes to a Vec");
    out.extend_from_slice(br#","index":{"#);
    let mut path: Vec<(char, bool)> = Vec::new();
    for (n, f) in fields_by_name().into_iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, SEARCH_FIELDS[f]).expect("writes to a Vec");
        out.extend_from_slice(br#":{"root":{"docs":{},"df":0"#);
        path.clear();
        for ((term, _), b) in terms.iter().zip(&bounds) {
            let list = &entries[b[f]..b[f + 1]];
            if list.is_empty() || term.is_empty() {
                continue;
            }
            // Close the nodes below the common prefix, open the new ones.
            let common = path.iter().zip(term.chars()).take_while(|((a, _), b)| a == b).count();
            out.resize(out.len() + (path.len() - common), b'}');
            path.truncate(common);
            for c in term.chars().skip(common) {
                if path.last().is_none_or(|(_, content)| *content) {
                    out.push(b',');
                }
                if let Some(last) = path.last_mut() {
                    last.1 = true;
                }
                push_char_key(&mut out, c);
                out.extend_from_slice(b":{");
                path.push((c, false));
            }
            // A term's node is new here: terms sort before their extensions.
            out.extend_from_slice(br#""docs":{"#);
            for (i, &(_, key, count, len)) in list.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.push(b'"');
                push_ref(&mut out, key);
                out.extend_from_slice(br#"":{"tf":"#);
                let (a, z) = *tfs.entry((count, len)).or_insert_with(|| {
                    let a = tf_text.len();
                    use std::io::Write;
                    write!(tf_text, "{}", folded_tf(count, len)).expect("writes to a Vec");
                    (a, tf_text.len())
                });
                out.extend_from_slice(&tf_text[a..z]);
                out.push(b'}');
            }
            out.extend_from_slice(br#"},"df":"#);
            let df = dfs.get(*term).map(|d| d[f]).filter(|d| *d > 0).unwrap_or(list.len() as u32);
            out.extend_from_slice(df.to_string().as_bytes());
            if let Some(last) = path.last_mut() {
                last.1 = true;
            }
        }
        out.resize(out.len() + path.len(), b'}');
        out.extend_from_slice(b"}}");
    }
    out.extend_from_slice(format!(r#"}},"documentStore":{{"docInfo":{{}},"docs":{{}},"length":{total_docs},"save":false}},"lang":"English"}}"#).as_bytes());
    out
}

fn json_bytes(value: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(value).expect("search file serializes")
}

/// Builds the search files (see the module documentation); `topics` (those
/// of [`crate::index::Indexes`]) give the topic filter. Every file goes to
/// `out` as soon as it is made (shards from their own rayon tasks); returns
/// the number of files.
pub fn build(archive: &Archive, topics: &[Topic], out: &dyn Sink) -> Result<usize> {
    let count = AtomicUsize::new(0);
    let put = |path: PathBuf, bytes: Vec<u8>| {
        count.fetch_add(1, Ordering::Relaxed);
        out.put(path, bytes)
    };
    let dir = Path::new("search");
    let docs_of = |t: usize| transcript_documents(&archive.transcripts[t]);
    let first = first_documents(archive.transcripts.len(), |t| document_count(&archive.transcripts[t]));
    let total_docs = *first.last().expect("first_documents ends with the total") as usize;
    let text_bytes: usize = archive.transcripts.iter().map(|p| p.transcript.turns().map(|turn| turn.text.len()).sum::<usize>()).sum();
    // The lower bound of every shard, and its number of heads files and their seed.
    let mut bounds: Vec<String> = Vec::new();
    let mut heads: Vec<(usize, u32)> = Vec::new();
    for range in passes(text_bytes) {
        let Analysis { docs, terms } = analyze_range(&first, docs_of, range);
        let plan = plan_shards_from(&terms, &docs, range.lower);
        let numbered = bounds.len();
        // Each shard and its tier files are written from the shard's own task.
        let counts: Vec<(usize, u32)> = plan
            .par_iter()
            .enumerate()
            .map(|(i, (start, _))| {
                let n = numbered + i;
                let end = plan.get(i + 1).map(|s| s.0).unwrap_or(terms.len());
                let mut shard = build_shard(&terms[*start..end], &docs);
                let count = shard.buckets();
                put(dir.join("s").join(format!("{n}.json")), std::mem::take(&mut shard.json))?;
                let (seed, files) = shard.tier_files();
                for (name, bytes) in files {
                    put(dir.join("m").join(n.to_string()).join(format!("{name}.bin")), bytes)?;
                }
                Ok((count, seed))
            })
            .collect::<Result<_>>()?;
        heads.extend(counts);
        bounds.extend(plan.into_iter().map(|(_, bound)| bound));
        drop(terms);
    }

    // What results show, by transcript, DOCS_PER_FILE documents a file: per
    // document [anchor, asker, outlet, snippet]. Made after the index, so
    // that the snippets are never in memory with the postings.
    let docs: Vec<Vec<DocMeta>> = archive
        .transcripts
        .par_iter()
        .enumerate()
        .map(|(t, page)| {
            let tr = &page.transcript;
            let mut tdocs: Vec<DocMeta> = transcript_documents(page).into_iter().map(|d| d.meta).collect();
            for (c, chunk) in tdocs.chunks(DOCS_PER_FILE).enumerate() {
                let shown: Vec<_> = chunk.iter().map(|d| json!([d.show.anchor, d.show.asker, d.show.outlet, d.show.snippet])).collect();
                let value = json!({ "u": format!("{}/", page.slug), "t": tr.title, "d": tr.date.map(|d| d.to_string()), "x": shown });
                put(dir.join("d").join(format!("{}.{}.json", base36(t), base36(c))), json_bytes(&value))?;
            }
            // The facets below need no snippet.
            tdocs.iter_mut().for_each(|d| d.show.snippet = String::new());
            Ok(tdocs)
        })
        .collect::<Result<_>>()?;

    // Facets: journalists and outlets by document, years by transcript,
    // topics both ways.
    let mut askers: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut outlets: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut years: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (t, (page, tdocs)) in archive.transcripts.iter().zip(&docs).enumerate() {
        if let Some(date) = page.transcript.date {
            years.entry(date.format("%Y").to_string()).or_default().push(t);
        }
        for (k, doc) in tdocs.iter().enumerate() {
            if let Some(slug) = &doc.asker_slug {
                let name = archive.person(slug).map(|p| p.name.clone()).or_else(|| doc.show.asker.clone()).unwrap_or_else(|| slug.clone());
                askers.entry(slug.clone()).or_insert_with(|| (name, Vec::new())).1.push(doc_ref(t, k));
            }
            if let Some(slug) = &doc.outlet_slug {
                let name = archive.outlet_by_slug(slug).map(|o| o.name.clone()).or_else(|| doc.show.outlet.clone()).unwrap_or_else(|| slug.clone());
                outlets.entry(slug.clone()).or_insert_with(|| (name, Vec::new())).1.push(doc_ref(t, k));
            }
        }
    }
    let f = dir.join("f");
    for (kind, map) in [("asker", &askers), ("outlet", &outlets)] {
        let list: Vec<(&String, &String, usize)> = map.iter().map(|(slug, (name, refs))| (slug, name, refs.len())).collect();
        put(f.join(format!("{kind}.json")), json_bytes(&list))?;
        for (slug, (_, refs)) in map {
            put(f.join(kind).join(format!("{slug}.json")), json_bytes(&json!({ "r": refs })))?;
        }
    }
    for (year, ts) in &years {
        put(f.join("year").join(format!("{year}.json")), json_bytes(&json!({ "t": ts })))?;
    }
    // A topic holds the transcripts tagged with it and the exchanges its
    // keywords found (see crate::topics).
    let first_doc = |t: usize| usize::from(!archive.transcripts[t].transcript.opening.is_empty());
    let topics: Vec<&Topic> = topics.iter().filter(|t| !t.slug.is_empty() && (!t.transcripts.is_empty() || !t.exchanges.is_empty())).collect();
    for topic in &topics {
        let refs: Vec<String> = topic.exchanges.iter().map(|&(t, e)| doc_ref(t, first_doc(t) + e)).collect();
        put(f.join("topic").join(format!("{}.json", topic.slug)), json_bytes(&json!({ "t": topic.transcripts, "r": refs })))?;
    }

    let manifest = json!({
        "format": FORMAT,
        "docs": total_docs,
        "transcripts": archive.transcripts.len(),
        "chunk": DOCS_PER_FILE,
        "fields": SEARCH_FIELDS,
        "shards": bounds,
        "heads": heads,
        "counts": doc_counts(&docs),
        "impact": [IMPACT_LN_MIN, IMPACT_LN_STEP],
        "years": years.iter().rev().map(|(y, ts)| json!([y, ts.len()])).collect::<Vec<_>>(),
        "topics": topics.iter().map(|t| json!([t.slug, t.title, t.transcripts.len().max(t.exchanges.len())])).collect::<Vec<_>>(),
        "askers": askers.len(),
        "outlets": outlets.len(),
    });
    put(dir.join("manifest.json"), json_bytes(&manifest))?;

    // For the benchmark's relevance check only: the same documents in one
    // classic elasticlunr-rs index.
    if std::env::var("PRESSROOM_SEARCH_SINGLE").is_ok_and(|v| !v.is_empty() && v != "0") {
        put(dir.join("single.json"), single_index(&documents(archive)).into_bytes())?;
    }
    Ok(count.into_inner())
}

/// The number of documents of every transcript, in base 36, each written
/// with as many digits as the largest needs: `[digits, "…"]`.
fn doc_counts(docs: &[Vec<DocMeta>]) -> serde_json::Value {
    let width = docs.iter().map(|d| base36(d.len()).len()).max().unwrap_or(1);
    let text: String = docs.iter().map(|d| format!("{:0>width$}", base36(d.len()))).collect();
    json!([width, text])
}

/// All documents in one elasticlunr-rs index, the classic way (full
/// `documentStore`, English pipeline), with the same refs as the shards.
fn single_index(docs: &[Vec<Doc>]) -> String {
    let mut index = IndexBuilder::new().save_docs(false).add_fields(SEARCH_FIELDS).build();
    for (t, tdocs) in docs.iter().enumerate() {
        for (k, doc) in tdocs.iter().enumerate() {
            index.add_doc(&doc_ref(t, k), doc.fields.iter());
        }
    }
    index.to_json()
}

/// The former path through elasticlunr-rs (its `Index`, `to_json` and a
/// rewrite of that JSON), which the tests compare the direct writer with.
#[cfg(test)]
mod reference {
    use super::*;
    use elasticlunr::pipeline::FnWrapper;
    use elasticlunr::IndexBuilder;

    /// The language of the shard indexes: text arrives already analyzed (terms
    /// separated by spaces), so tokenizing splits on spaces and the pipeline
    /// changes nothing. Its functions carry the English pipeline's names, which
    /// is what the serialized index must name for elasticlunr.js to load it and
    /// run queries through the same steps.
    #[derive(Clone, Copy)]
    struct Analyzed;

    fn unchanged(token: String) -> Option<String> {
        Some(token)
    }

    impl Language for Analyzed {
        fn name(&self) -> String {
            "English".into()
        }
        fn code(&self) -> String {
            "en".into()
        }
        fn tokenize(&self, text: &str) -> Vec<String> {
            text.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect()
        }
        fn make_pipeline(&self) -> Pipeline {
            Pipeline {
                queue: vec![
                    Box::new(FnWrapper("trimmer".into(), unchanged)),
                    Box::new(FnWrapper("stopWordFilter".into(), unchanged)),
                    Box::new(FnWrapper("stemmer".into(), unchanged)),
                ],
            }
        }
    }


    /// The former analysis, for comparison: runs every field of every document through elasticlunr-rs's English
    /// pipeline (in parallel, one pipeline per worker) and inverts the result.
    pub(super) fn analyze_reference(docs: &[Vec<Doc>]) -> Analysis {
        type Local = (Vec<[u32; FIELDS]>, Vec<(String, Posting)>);
        let first = first_documents(docs.len(), |t| docs[t].len());
        let per_transcript: Vec<Local> = docs
            .par_iter()
            .enumerate()
            .map_init(
                || {
                    let lang = English::new();
                    let pipeline = lang.make_pipeline();
                    (lang, pipeline)
                },
                |(lang, pipeline), (t, tdocs)| {
                    let first = first[t];
                    let mut lengths = Vec::with_capacity(tdocs.len());
                    let mut postings = Vec::new();
                    for (k, doc) in tdocs.iter().enumerate() {
                        let mut lens = [0u32; FIELDS];
                        for (f, text) in doc.fields.iter().enumerate() {
                            let tokens = pipeline.run(lang.tokenize(text));
                            lens[f] = tokens.len() as u32;
                            let mut counts: HashMap<String, u32> = HashMap::new();
                            for token in tokens {
                                *counts.entry(token).or_insert(0) += 1;
                            }
                            for (term, count) in counts {
                                postings.push((term, Posting::new(first + k as u32, f, count)));
                            }
                        }
                        lengths.push(lens);
                    }
                    (lengths, postings)
                },
            )
            .collect();
        let mut lengths = Vec::new();
        let mut index: HashMap<String, Vec<Posting>> = HashMap::new();
        for (lens, postings) in per_transcript {
            lengths.extend(lens);
            for (term, posting) in postings {
                match index.get_mut(term.as_str()) {
                    Some(list) => list.push(posting),
                    None => {
                        index.insert(term, vec![posting]);
                    }
                }
            }
        }
        let mut terms: Vec<(String, Vec<Posting>)> = index.into_iter().collect();
        terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Analysis { docs: Docs { first, lengths }, terms }
    }


    /// Rewrites elasticlunr-rs's JSON of a shard as it is copied, without
    /// building a tree (which costs more than building the index): replaces the
    /// `documentStore` (archive-wide `length`, no per-document tables), folds the
    /// length norm into every posting's `tf`, and drops the empty `docs`/`df` of
    /// trie nodes that end no term (the roots keep theirs).
    struct Rewriter<'a> {
        s: &'a [u8],
        i: usize,
        out: Vec<u8>,
        docs: &'a Docs,
        /// Archive-wide df per field of the terms whose documents were split.
        dfs: &'a HashMap<String, [u32; FIELDS]>,
    }

    impl<'a> Rewriter<'a> {
        fn ws(&mut self) {
            while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
                self.i += 1;
            }
        }

        fn eat(&mut self, c: u8) -> bool {
            self.ws();
            if self.s.get(self.i) == Some(&c) {
                self.i += 1;
                true
            } else {
                false
            }
        }

        fn expect(&mut self, c: u8) {
            assert!(self.eat(c), "search shard JSON: expected '{}' at byte {}", c as char, self.i);
        }

        /// A string, quotes and escapes included, as it stands.
        fn string(&mut self) -> &'a [u8] {
            self.ws();
            let start = self.i;
            assert_eq!(self.s.get(self.i), Some(&b'"'), "search shard JSON: expected a string at byte {}", self.i);
            self.i += 1;
            while self.s[self.i] != b'"' {
                self.i += if self.s[self.i] == b'\\' { 2 } else { 1 };
            }
            self.i += 1;
            &self.s[start..self.i]
        }

        /// Any value, as it stands.
        fn value(&mut self) -> &'a [u8] {
            self.ws();
            let start = self.i;
            match self.s[self.i] {
                b'"' => {
                    self.string();
                }
                b'{' | b'[' => {
                    let mut depth = 0usize;
                    loop {
                        match self.s[self.i] {
                            b'"' => {
                                self.string();
                                continue;
                            }
                            b'{' | b'[' => depth += 1,
                            b'}' | b']' => {
                                depth -= 1;
                                if depth == 0 {
                                    self.i += 1;
                                    break;
                                }
                            }
                            _ => {}
                        }
                        self.i += 1;
                    }
                }
                _ => {
                    while self.i < self.s.len() && !matches!(self.s[self.i], b',' | b'}' | b']') && !self.s[self.i].is_ascii_whitespace() {
                        self.i += 1;
                    }
                }
            }
            &self.s[start..self.i]
        }

        /// Calls `f(key)` for each entry of an object; `f` consumes the value.
        fn entries(&mut self, mut f: impl FnMut(&mut Self, &'a [u8])) {
            self.expect(b'{');
            if self.eat(b'}') {
                return;
            }
            loop {
                let key = self.string();
                self.expect(b':');
                f(self, key);
                if self.eat(b'}') {
                    return;
                }
                self.expect(b',');
            }
        }

        fn comma(out: &mut Vec<u8>, first: &mut bool) {
            if !*first {
                out.push(b',');
            }
            *first = false;
        }

        fn top(&mut self, total_docs: usize) {
            self.out.push(b'{');
            let mut first = true;
            self.entries(|r, key| {
                Self::comma(&mut r.out, &mut first);
                r.out.extend_from_slice(key);
                r.out.push(b':');
                match key {
                    b"\"index\"" => {
                        r.out.push(b'{');
                        let mut first_field = true;
                        r.entries(|r, field| {
                            let name = std::str::from_utf8(&field[1..field.len() - 1]).unwrap_or("");
                            let f = SEARCH_FIELDS.iter().position(|x| *x == name).unwrap_or(usize::MAX);
                            Self::comma(&mut r.out, &mut first_field);
                            r.out.extend_from_slice(field);
                            r.out.extend_from_slice(b":{");
                            let mut first_root = true;
                            r.entries(|r, key| {
                                Self::comma(&mut r.out, &mut first_root);
                                r.out.extend_from_slice(key);
                                r.out.push(b':');
                                if key == b"\"root\"" {
                                    r.node(f, true, &mut String::new());
                                } else {
                                    let v = r.value();
                                    r.out.extend_from_slice(v);
                                }
                            });
                            r.out.push(b'}');
                        });
                        r.out.push(b'}');
                    }
                    b"\"documentStore\"" => {
                        r.value();
                        let store = format!(r#"{{"docInfo":{{}},"docs":{{}},"length":{total_docs},"save":false}}"#);
                        r.out.extend_from_slice(store.as_bytes());
                    }
                    _ => {
                        let v = r.value();
                        r.out.extend_from_slice(v);
                    }
                }
            });
            self.out.push(b'}');
        }

        /// A trie node of field `field`.
        fn node(&mut self, field: usize, root: bool, path: &mut String) {
            self.out.push(b'{');
            let mut first = true;
            let mut has_docs = false;
            self.entries(|r, key| match key {
                b"\"docs\"" => {
                    let mut docs = Vec::new();
                    r.entries(|r, doc| {
                        let mut tf = 0.0f64;
                        r.entries(|r, k| {
                            let v = r.value();
                            if k == b"\"tf\"" {
                                tf = std::str::from_utf8(v).ok().and_then(|v| v.parse().ok()).unwrap_or(0.0);
                            }
                        });
                        let len = std::str::from_utf8(&doc[1..doc.len() - 1])
                            .ok()
                            .and_then(parse_ref)
                            .and_then(|(t, k)| Some(r.docs.length(r.docs.first.get(t)? + k as u32, field)))
                            .unwrap_or(0);
                        let folded = if len > 0 { tf / f64::from(len).sqrt() } else { tf };
                        if !docs.is_empty() {
                            docs.push(b',');
                        }
                        docs.extend_from_slice(doc);
                        docs.extend_from_slice(format!(r#":{{"tf":{}}}"#, round_sig(folded)).as_bytes());
                    });
                    has_docs = !docs.is_empty();
                    if has_docs || root {
                        Self::comma(&mut r.out, &mut first);
                        r.out.extend_from_slice(b"\"docs\":{");
                        r.out.extend_from_slice(&docs);
                        r.out.push(b'}');
                    }
                }
                b"\"df\"" => {
                    let v = r.value();
                    if has_docs || root {
                        Self::comma(&mut r.out, &mut first);
                        r.out.extend_from_slice(b"\"df\":");
                        match r.dfs.get(path.as_str()).map(|d| d[field]).filter(|d| *d > 0) {
                            Some(df) => r.out.extend_from_slice(df.to_string().as_bytes()),
                            None => r.out.extend_from_slice(v),
                        }
                    }
                }
                _ => {
                    Self::comma(&mut r.out, &mut first);
                    r.out.extend_from_slice(key);
                    r.out.push(b':');
                    let at = path.len();
                    match serde_json::from_slice::<String>(key) {
                        Ok(ch) => path.push_str(&ch),
                        Err(_) => path.push('\u{fffd}'),
                    }
                    r.node(field, false, path);
                    path.truncate(at);
                }
            });
            self.out.push(b'}');
        }
    }

    /// The former serializer, for comparison: one elasticlunr-rs index of the
    /// given postings, built by `Index::add_doc`, serialized by `to_json` and
    /// rewritten.
    pub(super) fn index_json_elasticlunr(terms: &[Listed<'_>], docs: &Docs, dfs: &HashMap<String, [u32; FIELDS]>) -> Vec<u8> {
        // Each document's analyzed text, restricted to these terms.
        let mut texts: BTreeMap<(u32, u32), [String; FIELDS]> = BTreeMap::new();
        for (term, postings) in terms {
            for p in postings.iter() {
                let fields = texts.entry(docs.ref_of(p.doc)).or_default();
                let text = &mut fields[p.field()];
                for _ in 0..p.count() {
                    text.push_str(term);
                    text.push(' ');
                }
            }
        }
        let mut index = IndexBuilder::with_language(Box::new(Analyzed)).save_docs(false).add_fields(SEARCH_FIELDS).build();
        for ((t, k), fields) in &texts {
            index.add_doc(&doc_ref(*t as usize, *k as usize), fields.iter());
        }
        drop(texts);
        let json = index.to_json();
        drop(index);
        let mut rewriter = Rewriter { s: json.as_bytes(), i: 0, out: Vec::with_capacity(json.len() * 3 / 4), docs, dfs };
        rewriter.top(docs.total());
        rewriter.out
    }

}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_cut_at_words() {
        assert_eq!(snippet("a  b\nc", 10), "a b c");
        assert_eq!(snippet("hello wonderful world", 12), "hello…");
    }

    #[test]
    fn refs_are_short_and_parse_back() {
        assert_eq!(doc_ref(0, 0), "0.0");
        assert_eq!(doc_ref(36 * 36 + 1, 35), "101.z");
        assert_eq!(parse_ref("101.z"), Some((36 * 36 + 1, 35)));
    }

    #[test]
    fn tf_keeps_four_digits() {
        assert_eq!(round_sig(0.0512345), 0.05123);
        assert_eq!(round_sig(1.0), 1.0);
    }

    fn term(s: &str, n: usize) -> (String, Vec<Posting>) {
        (s.to_string(), (0..n).map(|t| Posting::new(t as u32, 4, 1)).collect())
    }

    /// The documents of transcripts with these field lengths.
    fn docs_with(lengths: Vec<Vec<[u32; FIELDS]>>) -> Docs {
        Docs { first: first_documents(lengths.len(), |t| lengths[t].len()), lengths: lengths.concat() }
    }

    #[test]
    fn postings_pack_field_and_count_and_docs_give_refs_back() {
        let p = Posting::new(7, 4, 3);
        assert_eq!((p.doc, p.field(), p.count()), (7, 4, 3));
        assert_eq!(Posting::new(0, 0, u32::MAX).count(), (1 << COUNT_BITS) - 1, "counts saturate");
        assert_eq!(Posting::new(0, 3, u32::MAX).field(), 3);
        let docs = docs_with(vec![vec![[1; FIELDS], [2; FIELDS]], vec![], vec![[3; FIELDS]]]);
        assert_eq!(docs.first, [0, 2, 2, 3]);
        assert_eq!((docs.total(), docs.ref_of(0), docs.ref_of(1), docs.ref_of(2)), (3, (0, 0), (0, 1), (2, 0)));
        assert_eq!(docs.length(2, 4), 3);
    }

    #[test]
    fn shards_fold_the_norm_and_keep_the_elasticlunr_layout() {
        let terms = vec![
            ("nato".to_string(), vec![Posting::new(1, 4, 4), Posting::new(2, 0, 1)]),
            ("natur".to_string(), vec![Posting::new(1, 4, 1)]),
        ];
        // 40 documents, the last 38 in transcript 1.
        let mut second = vec![[2, 0, 0, 0, 0, 0]];
        second.resize(38, [0; FIELDS]);
        let shard = build_shard(&terms, &docs_with(vec![vec![[1, 0, 0, 0, 0, 0], [3, 0, 0, 0, 16, 0]], second]));
        assert!(shard.heads.is_empty() && shard.blocks.is_empty());
        let json: serde_json::Value = serde_json::from_slice(&shard.json).unwrap();
        assert_eq!(json["tiers"], json!({}));
        assert_eq!(json["documentStore"], json!({ "docInfo": {}, "docs": {}, "length": 40, "save": false }));
        assert_eq!(json["pipeline"], json!(["trimmer", "stopWordFilter", "stemmer"]));
        assert_eq!(json["fields"], json!(SEARCH_FIELDS));
        let answer = &json["index"]["answer"]["root"];
        assert_eq!(answer["docs"], json!({}));
        assert!(answer["n"].get("docs").is_none() && answer["n"]["a"]["t"].get("df").is_none());
        // sqrt(4) / sqrt(16) and sqrt(1) / sqrt(16).
        assert_eq!(answer["n"]["a"]["t"]["o"], json!({ "docs": { "0.1": { "tf": 0.5 } }, "df": 1 }));
        assert_eq!(answer["n"]["a"]["t"]["u"]["r"]["docs"]["0.1"]["tf"], json!(0.25));
        assert_eq!(json["index"]["title"]["root"]["n"]["a"]["t"]["o"]["docs"]["1.0"]["tf"], json!(round_sig(1.0 / 2f64.sqrt())));
    }

    /// Reads a tier file back: (document number, level) pairs.
    /// Reads the LEB128 number at `bytes[*i]` (see [`push_leb128`]) and moves `i` past it.
    fn read_leb128(bytes: &[u8], i: &mut usize) -> usize {
        let (mut n, mut shift) = (0usize, 0);
        loop {
            let b = bytes[*i];
            *i += 1;
            n |= usize::from(b & 0x7f) << shift;
            shift += 7;
            if b < 0x80 {
                return n;
            }
        }
    }

    fn decode_tier(bytes: &[u8]) -> Vec<(u32, u16)> {
        let mut out = Vec::new();
        let (mut i, mut doc) = (0, 0u32);
        while i < bytes.len() {
            doc += read_leb128(bytes, &mut i) as u32;
            out.push((doc, u16::from_be_bytes([bytes[i], bytes[i + 1]])));
            i += 2;
        }
        out
    }

    #[test]
    fn impact_levels_round_trip_within_a_step() {
        for x in [1e-4, 0.0123, 0.5, 1.0, 3.7, 42.0, 128.0, 800.0, level_impact(5000)] {
            let back = level_impact(impact_level(x));
            assert!(back < x && back / x > 1.0 - IMPACT_LN_STEP * 1.01, "{x} -> {back}");
        }
        assert_eq!(impact_level(level_impact(5000) * 1.0001), 5000);
        assert!(impact_level(0.5) < impact_level(0.5002));
        assert_eq!(impact_level(0.0), 0);
        assert_eq!(impact_level(1e9), u16::MAX);
    }

    /// Reads [`encode_presence`]'s bytes back.
    fn decode_presence(bytes: &[u8]) -> Vec<u32> {
        let mut at = 0;
        let n = read_leb128(bytes, &mut at);
        let k = u32::from(bytes[at]);
        let mut bit = (at + 1) * 8;
        let mut next_bit = || {
            let b = bytes[bit / 8] >> (7 - bit % 8) & 1;
            bit += 1;
            u32::from(b)
        };
        let mut docs = Vec::with_capacity(n);
        let mut next = 0u32;
        for _ in 0..n {
            let mut q = 0;
            while next_bit() == 1 {
                q += 1;
            }
            let mut gap = q << k;
            for b in (0..k).rev() {
                gap |= next_bit() << b;
            }
            docs.push(next + gap);
            next += gap + 1;
        }
        docs
    }

    #[test]
    fn presence_lists_round_trip_and_match_the_client() {
        // Pinned: static/search.js's test "decodePresence reads what
        // encode_presence writes" decodes these same bytes.
        let docs = [0u32, 3, 4, 10, 300];
        let bytes = encode_presence(&docs);
        // 5 documents, k = 5 (301 / 5 * ln 2 = 41.7); gaps 0, 2, 0, 5 as
        // 0 + 5 bits each, 289 as 9 one-bits, 0, 00001: 39 bits.
        assert_eq!(bytes, vec![5, 5, 0x00, 0x20, 0x05, 0xff, 0x82]);
        assert_eq!(decode_presence(&bytes), docs);
        assert_eq!(decode_presence(&encode_presence(&[])), Vec::<u32>::new());
        // Dense and sparse lists, the sizes about 2 + log2(mean gap) bits each.
        for step in [1u32, 2, 7, 100, 5000] {
            let docs: Vec<u32> = (0..3000).map(|i| i * step + if step > 3 { i % 3 } else { 0 }).collect();
            let bytes = encode_presence(&docs);
            assert_eq!(decode_presence(&bytes), docs, "step {step}");
            let bits = 2.0 + (step as f64).log2();
            assert!((bytes.len() * 8) as f64 <= docs.len() as f64 * bits + 64.0, "step {step}: {} bytes", bytes.len());
        }
    }

    #[test]
    fn tier_files_decode_to_the_same_documents() {
        let mut docs = vec![(5u32, 7u16), (0, 65535), (200, 1), (70_000, 300), (201, 2)];
        let bytes = encode_tier(&mut docs);
        // Gaps 0, 5, 1 (one byte each), 195 (two bytes), 69,799 (three
        // bytes), and two bytes of level each.
        assert_eq!(bytes.len(), 3 + 2 + 3 + 5 * 2);
        assert_eq!(decode_tier(&bytes), vec![(0, 65535), (5, 7), (200, 1), (201, 2), (70_000, 300)]);
    }

    #[test]
    fn a_last_tier_of_most_documents_is_not_listed_in_the_heads_file() {
        let n = TOP_POSTINGS * TIER_GROWTH * TIER_GROWTH + 3000;
        // The word in every document: its last tier holds 3,000 of 5,048.
        let postings: Vec<Posting> = (0..n).map(|t| Posting::new(t as u32, 4, 1)).collect();
        let lengths: Vec<Vec<[u32; FIELDS]>> = (0..n).map(|t| vec![[1, 0, 0, 0, t as u32 + 1, 0]]).collect();
        let shard = build_shard(&[("war".to_string(), postings)], &docs_with(lengths));
        assert!(shard.blocks.len() > 1, "the last tier is in blocks");
        assert_eq!(shard.heads[0].1.len(), MAX_TIERS - 1, "the head tiers only, no list of the last tier's documents");
    }

    #[test]
    fn long_posting_lists_keep_the_highest_impacts_and_tier_the_rest() {
        let n = TOP_POSTINGS * TIER_GROWTH * TIER_GROWTH + 3000;
        // Document t is document 0 of transcript t, with answer length t + 1:
        // the shortest weigh most. The last one has the word in its (long)
        // title too, the only title that has it.
        let mut postings: Vec<Posting> = (0..n).map(|t| Posting::new(t as u32, 4, 1)).collect();
        postings.insert(n - 1, Posting::new(n as u32 - 1, 0, 1));
        let mut lengths: Vec<Vec<[u32; FIELDS]>> = (0..n).map(|t| vec![[1, 0, 0, 0, t as u32 + 1, 0]]).collect();
        lengths[n - 1][0][0] = 10_000;
        // Transcripts of 1 document, numbered from 0, then one of n
        // documents without the word.
        lengths.push(vec![[1; FIELDS]; n]);
        let docs = docs_with(lengths);
        let total = n * 2;
        let shard = build_shard(&[("war".to_string(), postings.clone())], &docs);
        let json: serde_json::Value = serde_json::from_slice(&shard.json).unwrap();
        // The shard keeps the TOP_POSTINGS documents of highest impact, and
        // the last one, so that the title's node exists.
        let kept = &json["index"]["answer"]["root"]["w"]["a"]["r"];
        assert_eq!(kept["df"], json!(n));
        assert_eq!(kept["docs"].as_object().unwrap().len(), TOP_POSTINGS + 1);
        for t in (0..TOP_POSTINGS).chain([n - 1]) {
            assert!(kept["docs"].get(doc_ref(t, 0)).is_some(), "document {t} kept");
        }
        let title = &json["index"]["title"]["root"]["w"]["a"]["r"];
        assert_eq!(title["docs"].as_object().unwrap().len(), 1);
        assert_eq!(title["df"], json!(1));
        // Tiers: ranks 32..256, 256..2048, and the rest, less the one kept
        // below them; the last one also in blocks.
        let directory = json["tiers"]["war"].as_array().unwrap().clone();
        let blocks = directory[1].as_u64().unwrap() as usize;
        assert_eq!(directory[0], json!(0));
        assert_eq!(directory.len(), 2 + 2 * MAX_TIERS);
        let file = |name: &str| &shard.blocks.iter().find(|t| t.0 == name).unwrap_or_else(|| panic!("file {name}")).1;
        // The last tier is in blocks only, the others in the heads file.
        assert!(blocks >= 2);
        assert_eq!(shard.blocks.len(), blocks);
        assert_eq!(shard.heads.len(), 1);
        let mut head = shard.heads[0].1.clone();
        assert_eq!(head.len(), MAX_TIERS, "the head tiers, then the last tier's documents");
        let presence = decode_presence(&head.pop().unwrap());
        let mut tiers: Vec<Vec<(u32, u16)>> = head.iter().map(|bytes| decode_tier(bytes)).collect();
        let mut tail = Vec::new();
        let mut tail_bytes = 0;
        for b in 0..blocks {
            let bytes = file(&format!("0.{MAX_TIERS}.{b}"));
            tail_bytes += bytes.len();
            let part = decode_tier(bytes);
            assert!(part.iter().all(|d| d.0 >= block_start(b, blocks, total) && d.0 < block_start(b + 1, blocks, total)), "block {b}'s range");
            tail.extend(part);
        }
        assert_eq!(blocks, encode_tier(&mut tail.clone()).len().div_ceil(TAIL_BLOCK_BYTES), "blocks of about TAIL_BLOCK_BYTES");
        assert_eq!(presence, tail.iter().map(|d| d.0).collect::<Vec<u32>>(), "the heads file has the last tier's documents");
        tiers.push(tail);
        let lens: Vec<usize> = tiers.iter().map(Vec::len).collect();
        assert_eq!(lens, vec![TOP_POSTINGS * (TIER_GROWTH - 1), TOP_POSTINGS * TIER_GROWTH * (TIER_GROWTH - 1), 2999]);
        let df = [1, 0, 0, 0, n as u32, 0];
        let exact: HashMap<u32, f64> = impacts(&postings, &df, &docs).into_iter().collect();
        let mut seen: Vec<u32> = Vec::new();
        let mut previous_low = u16::MAX;
        for (j, tier) in tiers.iter().enumerate() {
            let top = tier.iter().map(|d| d.1).max().unwrap();
            assert_eq!(directory[2 + 2 * j], json!(top), "tier {j}'s highest level");
            let size = if j + 1 < MAX_TIERS { head[j].len() } else { tail_bytes };
            assert_eq!(directory[3 + 2 * j], json!(size), "tier {j}'s size");
            assert!(top <= previous_low, "tiers are in impact order");
            previous_low = tier.iter().map(|d| d.1).min().unwrap();
            for &(doc, level) in tier {
                assert!((level_impact(level) / exact[&doc] - 1.0).abs() <= IMPACT_LN_STEP, "impact of {doc}");
                seen.push(doc);
            }
        }
        seen.sort_unstable();
        let expected: Vec<u32> = (TOP_POSTINGS as u32..n as u32 - 1).collect();
        assert_eq!(seen, expected, "every document left out of the shard, once");
    }

    #[test]
    fn heads_files_are_named_by_fnv1a_and_hold_each_cut_term_once() {
        // FNV-1a, 32 bits (the client's bucketOf checks the same values).
        assert_eq!(bucket_of("", 1 << 32, 0), 0x811c_9dc5);
        assert_eq!(bucket_of("a", 1 << 32, 0), 0xe40c_292c);
        assert_eq!(bucket_of("foobar", 1 << 32, 0), 0xbf9c_f968);
        // A seed s hashes as a first byte s.
        assert_eq!(bucket_of("oobar", 1 << 32, u32::from(b'f')), 0xbf9c_f968);
        // UTF-8 bytes, as the client's TextEncoder gives them (same values there).
        assert_eq!(bucket_of("président", 1 << 32, 0), 0xd047_fa9e);
        assert_eq!(bucket_of("東京", 1 << 32, 7), 0x5412_c15c);
        assert_eq!(bucket_of("président", 1000, 7), bucket_of("président", 1 << 32, 7) % 1000);
        let heads: Vec<(String, Vec<Vec<u8>>)> = ["war", "peace", "nato", "ukrain", "a"]
            .iter()
            .enumerate()
            .map(|(i, t)| (t.to_string(), (0..=i % 3).map(|j| encode_tier(&mut [(i as u32, j as u16), (300, 7)])).collect()))
            .collect();
        let (seed, files) = heads_files(&heads);
        assert_eq!(files.len(), heads.len());
        let mut found = 0;
        for (b, file) in files.iter().enumerate() {
            for (term, tiers) in decode_heads(file) {
                assert_eq!(bucket_of(&term, files.len(), seed), b, "{term} in its file");
                assert_eq!(&heads.iter().find(|h| h.0 == term).unwrap().1, &tiers, "{term}'s tiers");
                found += 1;
            }
        }
        assert_eq!(found, heads.len());
        // No other seed has a smaller largest file.
        let largest = files.iter().map(Vec::len).max().unwrap();
        for other in 0..HEADS_SEEDS {
            let mut sizes = vec![0; heads.len()];
            heads.iter().for_each(|h| sizes[bucket_of(&h.0, heads.len(), other)] += heads_entry(&h.0, &h.1).len());
            assert!(sizes.into_iter().max().unwrap() >= largest, "seed {other} beats {seed}");
        }
    }

    #[test]
    fn the_client_reads_this_format() {
        let client = include_str!("../static/search.js");
        assert!(client.contains(&format!("var FORMAT = {FORMAT};")), "static/search.js's FORMAT is {FORMAT}");
    }

    #[test]
    fn shard_bounds_are_prefixes_in_order() {
        let terms: Vec<_> = ["aa", "ab", "abc", "b", "ba", "bab", "c", "ca", "cab", "d", "e", "f", "g", "h", "i"].iter().map(|s| term(s, 50)).collect();
        let plan = plan_shards(&terms, &docs_with(vec![vec![[1; FIELDS]]; 50]));
        assert!(plan.len() >= 2);
        assert_eq!(plan[0], (0, String::new()));
        for w in plan.windows(2) {
            let (i, bound) = &w[1];
            assert!(terms[*i].0.starts_with(bound.as_str()));
            assert!(bound.as_str() > terms[i - 1].0.as_str());
            assert!(w[0].0 < *i);
        }
    }

    /// The example archive, loaded, parsed and resolved as a build does.
    fn example_archive() -> Archive {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::config::Config::load(root).unwrap();
        crate::pipeline::load_archive(root, &config).unwrap()
    }

    fn doc(fields: [String; FIELDS]) -> Doc {
        let show = SearchDoc { anchor: String::new(), asker: None, outlet: None, snippet: String::new() };
        Doc { fields, meta: DocMeta { show, asker_slug: None, outlet_slug: None } }
    }

    /// Pseudo-random documents: terms that are prefixes of one another,
    /// non-ASCII and JSON-escaped characters, stop words, empty fields, and
    /// a few terms in more than TOP_POSTINGS documents (tier files).
    fn synthetic_docs() -> Vec<Vec<Doc>> {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let syllables = ["na", "to", "nat", "ur", "é", "ß", "ü\"x", "a\\b", "q\u{1}r", "7", "_", "war", "ing", "ed", "s", "Zo", "'t", "i"];
        let stop = ["the", "and", "of", "--", "...", "\"", "is"];
        let word = |next: &mut dyn FnMut(usize) -> usize| -> String {
            match next(10) {
                0 => stop[next(stop.len())].to_string(),
                1 => "common".to_string(),
                _ => (0..1 + next(3)).map(|_| syllables[next(syllables.len())]).collect(),
            }
        };
        (0..150)
            .map(|_| {
                (0..1 + next(14))
                    .map(|_| {
                        let fields: [String; FIELDS] = std::array::from_fn(|f| {
                            let n = if f == 1 && next(3) == 0 { 0 } else { next([4, 2, 2, 40, 60, 3][f]) };
                            (0..n).map(|_| word(&mut next)).collect::<Vec<_>>().join(if next(2) == 0 { " " } else { "\n" })
                        });
                        doc(fields)
                    })
                    .collect()
            })
            .collect()
    }

    /// Reads a heads file back: (term, tiers) in order.
    fn decode_heads(bytes: &[u8]) -> Vec<(String, Vec<Vec<u8>>)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            let len = read_leb128(bytes, &mut i);
            let term = String::from_utf8(bytes[i..i + len].to_vec()).unwrap();
            i += len;
            let count = read_leb128(bytes, &mut i);
            let sizes: Vec<usize> = (0..count).map(|_| read_leb128(bytes, &mut i)).collect();
            let mut tiers = Vec::new();
            for size in sizes {
                tiers.push(bytes[i..i + size].to_vec());
                i += size;
            }
            out.push((term, tiers));
        }
        out
    }

    /// The new analysis and shard writer give exactly what the former path
    /// through elasticlunr-rs (`Index::add_doc`, `to_json`, rewrite) gave.
    fn assert_same_as_elasticlunr_rs(docs: &[Vec<Doc>]) -> usize {
        let first = first_documents(docs.len(), |t| docs[t].len());
        let expected = reference::analyze_reference(docs);
        let analysis = analyze(&first, |t| docs[t].clone());
        assert_eq!(analysis.docs, expected.docs);
        assert_eq!(analysis.terms, expected.terms);
        let plan = plan_shards(&analysis.terms, &analysis.docs);
        let mut cut = 0;
        for (n, (start, _)) in plan.iter().enumerate() {
            let end = plan.get(n + 1).map(|s| s.0).unwrap_or(analysis.terms.len());
            let terms = &analysis.terms[*start..end];
            let shard = build_shard(terms, &analysis.docs);
            let shard_ref = build_shard_with(terms, &analysis.docs, reference::index_json_elasticlunr);
            assert_eq!(String::from_utf8(shard.json.clone()).unwrap(), String::from_utf8(shard_ref.json).unwrap(), "shard {n}");
            // The shard's documents and its tiers' hold every document of every term once.
            let json: serde_json::Value = serde_json::from_slice(&shard.json).unwrap();
            let directory = json["tiers"].as_object().unwrap();
            let (seed, heads) = heads_files(&shard.heads);
            assert_eq!(heads.len(), directory.len(), "a heads file per cut term");
            let held: usize = heads.iter().map(|f| decode_heads(f).len()).sum();
            assert_eq!(held, directory.len(), "each cut term in one heads file");
            for (term, postings) in terms {
                let mut expected: Vec<u32> = postings.iter().map(|p| p.doc).collect();
                expected.dedup();
                let mut found: Vec<u32> = Vec::new();
                for f in SEARCH_FIELDS {
                    let mut node = &json["index"][f]["root"];
                    for c in term.chars() {
                        node = &node[c.to_string()];
                    }
                    if let Some(docs) = node["docs"].as_object() {
                        found.extend(docs.keys().map(|r| parse_ref(r).map(|(t, k)| first[t] + k as u32).unwrap()));
                    }
                }
                found.sort_unstable();
                found.dedup();
                if let Some(entry) = directory.get(term) {
                    let i = entry[0].as_u64().unwrap() as usize;
                    // Its head tiers, in the heads file bucket_of names.
                    let file = &heads[bucket_of(term, shard.buckets(), seed)];
                    let mut head = decode_heads(file).into_iter().find(|(t, _)| t == term).expect("in its heads file").1;
                    let blocks: Vec<_> = shard.blocks.iter().filter(|b| b.0.split('.').next() == Some(i.to_string().as_str())).collect();
                    let count = entry.as_array().unwrap().len() / 2 - 1;
                    let in_blocks = entry[1].as_u64().unwrap() as usize;
                    let mut tail: Vec<u32> = blocks.iter().flat_map(|b| decode_tier(&b.1)).map(|d| d.0).collect();
                    tail.sort_unstable();
                    if in_blocks > 1 {
                        // Its head tiers, and the last tier's documents unless they are most documents.
                        let listed = tail.len() <= analysis.docs.total() / PRESENCE_MAX_SHARE;
                        assert_eq!((head.len(), blocks.len()), (count - 1 + usize::from(listed), in_blocks), "tiers of {term:?}");
                        if listed {
                            let presence = decode_presence(&head.pop().unwrap());
                            assert_eq!(presence, tail, "{term:?}: the heads file lists its last tier's documents");
                        }
                    } else {
                        assert_eq!((head.len(), blocks.len()), (count, 0), "tiers of {term:?}");
                    }
                    for bytes in head.iter().chain(blocks.iter().map(|b| &b.1)) {
                        found.extend(decode_tier(bytes).into_iter().map(|d| d.0));
                    }
                    found.sort_unstable();
                    cut += 1;
                }
                assert_eq!(found, expected, "documents of {term:?}");
            }
        }
        cut
    }

    #[test]
    fn shards_equal_elasticlunr_rs_output_on_the_example_archive() {
        let archive = example_archive();
        assert!(!archive.transcripts.is_empty());
        assert_same_as_elasticlunr_rs(&documents(&archive));
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

    #[test]
    fn shards_equal_elasticlunr_rs_output_on_synthetic_documents() {
        let docs = synthetic_docs();
        assert!(docs.iter().map(Vec::len).sum::<usize>() > TOP_POSTINGS);
        let terms = analyze(&first_documents(docs.len(), |t| docs[t].len()), |t| docs[t].clone()).terms;
        for c in ['"', '\\', '\u{1}', 'é', 'ß', '\''] {
            assert!(terms.iter().any(|(t, _)| t.contains(c)), "a term with {c:?}");
        }
        assert!(assert_same_as_elasticlunr_rs(&docs) > 0, "some term has tiers");
    }

    #[test]
    fn refs_sort_as_strings() {
        let mut refs: Vec<(u32, u32)> = [(0, 0), (1, 0), (10, 0), (36, 5), (1, 35), (1, 36), (35, 1), (36 * 36, 0), (u32::MAX, u32::MAX)].to_vec();
        refs.sort_by_key(|&(t, k)| ref_key(t, k));
        let strings: Vec<String> = refs.iter().map(|&(t, k)| doc_ref(t as usize, k as usize)).collect();
        let mut sorted = strings.clone();
        sorted.sort();
        assert_eq!(strings, sorted);
        for &(t, k) in &refs {
            let mut out = Vec::new();
            push_ref(&mut out, ref_key(t, k));
            assert_eq!(out, doc_ref(t as usize, k as usize).as_bytes());
        }
    }
}
