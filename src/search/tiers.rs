//! Heads and tails: what a shard leaves out of a term in many documents.
//!
//! A term found in more than [`TOP_POSTINGS`] documents keeps in its shard
//! only the postings of the [`TOP_POSTINGS`] documents where it weighs
//! most (its impact: what it adds to their score, see [`impacts`]); its
//! `df`s stay the archive-wide ones. The others, each with its impact as a
//! 16-bit level on a log scale ([`impact_level`]), are in two tiers: its
//! head, the next ones by impact, as many as fit in about [`HEAD_BYTES`]
//! with the list of the tail's documents, in the term's entry of a term
//! file (see `terms.rs`); and its tail, the rest, cut by document number
//! into blocks `m/<n>/<i>.<b>.bin` of about [`TAIL_BLOCK_BYTES`]
//! ([`block_start`]), so that a query can read the impacts of given
//! documents only. Both are impact bands ([`encode_band`]). When the tail
//! holds at most half the documents, the term entry lists which documents
//! it has ([`encode_presence`], when that list fits in half the head's
//! budget), so that a query reads blocks only for the hits that have the
//! word. The shard's `tiers` directory (see `shards.rs`) gives per cut
//! term its number `i`, the number of blocks of its tail (0: no tail), and
//! per tier (head, then tail) its highest level and size.

use std::collections::HashSet;

use super::analysis::Posting;
use super::codes::{band_bytes, encode_band, encode_presence};
use super::documents::Docs;
use super::forward::{column, DENSE_SHARE, ENTRY, FORWARD_DOCS};
use super::shard_json::folded_tf;
use super::{FIELDS, FIELD_BOOSTS};

/// Documents a shard keeps per term: those where the term weighs most (its
/// impact: what it adds to their score); the others go to the term's head
/// and tail, read only when the kept ones cannot prove the top results.
pub const TOP_POSTINGS: usize = 32;

/// About how many bytes a term's head and the list of its tail's documents
/// take in its term entry: a query of several words reads them with the
/// word, in one request.
pub const HEAD_BYTES: usize = 24 * 1024;

/// About how many bytes a block of a tail holds: a query reads the blocks
/// of the documents it needs to know about.
pub const TAIL_BLOCK_BYTES: usize = 2048;

/// A tail in several blocks of at most this many bytes in all is also
/// written whole, `m/<n>/<i>.bin`: a query that needs the impacts of
/// documents in many of its blocks reads it in one request (the manifest
/// says it, `whole`).
pub const WHOLE_TAIL_BYTES: usize = 40 * 1024;

/// Impacts in heads and tails are 16-bit levels on a log scale: level `q` stands
/// for `exp(IMPACT_LN_MIN + q * IMPACT_LN_STEP)` (from about 1e-4 to 850,
/// 0.025 % apart; an impact is at most 10 * (1 + ln(documents))). Both are
/// exact in binary, so the client decodes the same values (the manifest
/// gives them as `impact`).
pub const IMPACT_LN_MIN: f64 = -9.25;

/// See [`IMPACT_LN_MIN`].
pub const IMPACT_LN_STEP: f64 = 1.0 / 4096.0;

/// The sizes heads and tails are cut to: [`HEAD_BYTES`] and
/// [`TAIL_BLOCK_BYTES`], smaller in tests and for the page's warm-up.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sizes {
    pub head: usize,
    pub block: usize,
    pub whole: usize,
}

/// The sizes of a site's files.
pub(super) const SIZES: Sizes = Sizes { head: HEAD_BYTES, block: TAIL_BLOCK_BYTES, whole: WHOLE_TAIL_BYTES };

/// What a shard holds of a term in more than [`TOP_POSTINGS`] documents,
/// and the term's head and tail.
pub(super) struct Cut {
    /// The postings the shard keeps.
    pub top: Vec<Posting>,
    /// The term's archive-wide df per field.
    pub df: [u32; FIELDS],
    /// Its tier directory, less the term's number: the number of blocks of
    /// its tail (0: none), then per tier (head, tail) its highest level and
    /// its size in bytes (of all its blocks, for the tail).
    pub directory: Vec<usize>,
    /// Its head ([`encode_band`]).
    pub head: Vec<u8>,
    /// The documents of its tail ([`encode_presence`]), or nothing.
    pub presence: Vec<u8>,
    /// The blocks of its tail, in order.
    pub blocks: Vec<Vec<u8>>,
    /// Its whole tail in one band, when in more than one block of at most
    /// [`WHOLE_TAIL_BYTES`] in all.
    pub whole: Option<Vec<u8>>,
    /// Its [`FORWARD_DOCS`] documents of highest impact, sorted.
    pub first: Vec<u32>,
    /// When the term is dense (see `forward.rs`), its number of documents
    /// and its column: where each document has it.
    pub places: Option<(usize, Vec<u16>)>,
}

/// What the shard keeps of a term and its head and tail, or `None` when
/// the term is in at most [`TOP_POSTINGS`] documents (the shard keeps it
/// whole).
pub(super) fn cut(postings: &[Posting], docs: &Docs, sizes: Sizes) -> Option<Cut> {
    if postings.len() <= TOP_POSTINGS {
        return None;
    }
    let mut df = [0u32; FIELDS];
    for p in postings {
        df[p.field()] += 1;
    }
    let mut order = impacts(postings, &df, docs);
    if order.len() <= TOP_POSTINGS {
        return None;
    }
    order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let keep = kept_documents(postings, &order, &df);
    let top: Vec<Posting> = postings.iter().filter(|p| keep.contains(&p.doc)).copied().collect();
    // The others, by impact: the head, then the tail.
    let rest: Vec<(u32, u16)> = order
        .iter()
        .filter(|(doc, _)| !keep.contains(doc))
        .map(|&(doc, impact)| (doc, impact_level(impact)))
        .collect();
    if rest.is_empty() {
        return None;
    }
    let mut first: Vec<u32> = order.iter().take(FORWARD_DOCS).map(|d| d.0).collect();
    first.sort_unstable();
    let dense = order.len() > docs.total() / DENSE_SHARE;
    Some(head_and_tail(Cut { top, df, directory: Vec::new(), head: Vec::new(), presence: Vec::new(), blocks: Vec::new(), whole: None, first, places: None }, &rest, docs.total(), sizes, dense))
}

/// Cuts `rest` (the documents the shard leaves out, by falling impact,
/// with their levels) into the head and the tail (see the module
/// documentation), and notes where each document is when `dense`.
fn head_and_tail(mut cut: Cut, rest: &[(u32, u16)], total: usize, sizes: Sizes, dense: bool) -> Cut {
    let h = head_length(rest, total, sizes.head);
    let mut head = rest[..h].to_vec();
    head.sort_unstable();
    cut.head = encode_band(&head, 0);
    cut.directory = vec![0, usize::from(rest.first().map_or(0, |d| d.1)), cut.head.len()];
    let mut tail = rest[h..].to_vec();
    tail.sort_unstable();
    if !tail.is_empty() {
        let list = listed(tail.len(), total, sizes.head);
        if list {
            cut.presence = encode_presence(&tail.iter().map(|d| d.0).collect::<Vec<u32>>());
        }
        let w = u16::BITS - (rest[h].1 - rest[rest.len() - 1].1).leading_zeros();
        let size = band_bytes(tail.len(), total, w);
        let blocks = size.div_ceil(sizes.block).max(1);
        let mut at = 0;
        for b in 0..blocks {
            let (lo, hi) = (block_start(b, blocks, total), block_start(b + 1, blocks, total));
            let end = at + tail[at..].partition_point(|d| d.0 < hi);
            cut.blocks.push(encode_band(&tail[at..end], lo));
            at = end;
        }
        if blocks > 1 && cut.blocks.iter().map(Vec::len).sum::<usize>() <= sizes.whole {
            cut.whole = Some(encode_band(&tail, 0));
        }
        cut.directory[0] = blocks;
        cut.directory.push(usize::from(rest[h].1));
        cut.directory.push(cut.blocks.iter().map(Vec::len).sum());
    }
    if dense {
        let top = cut.top.iter().map(|p| (p.doc, ENTRY));
        let places = top.chain(head.iter().map(|d| (d.0, ENTRY))).chain(tail.iter().copied());
        cut.places = Some((rest.len() + cut.top.iter().map(|p| p.doc).collect::<HashSet<u32>>().len(), column(total, places)));
    }
    cut
}

/// Whether the term entry lists the documents of a tail of `n` of `total`
/// documents: when they are at most `1 / PRESENCE_MAX_SHARE` of all and
/// their list takes at most half of `budget`.
fn listed(n: usize, total: usize, budget: usize) -> bool {
    n <= total / PRESENCE_MAX_SHARE && band_bytes(n, total, 0) <= budget / 2
}

/// How many of `rest` (by falling impact) the head holds: as many as fit,
/// with the list of the tail's documents, in `budget` bytes (estimated by
/// [`band_bytes`], then checked by encoding).
fn head_length(rest: &[(u32, u16)], total: usize, budget: usize) -> usize {
    let size = |h: usize| {
        let w = match h {
            0 => 0,
            _ => u16::BITS - (rest[0].1 - rest[h - 1].1).leading_zeros(),
        };
        let tail = rest.len() - h;
        let list = if tail > 0 && listed(tail, total, budget) { band_bytes(tail, total, 0) } else { 0 };
        band_bytes(h, total, w) + list
    };
    // The longest head on a grid of 64 steps that fits, then the longest up
    // to the next step.
    let steps = 64;
    let grid = |i: usize| rest.len() * i / steps;
    let Some(i) = (0..=steps).rev().find(|&i| size(grid(i)) <= budget) else {
        return 0;
    };
    let (mut lo, mut hi) = (grid(i), if i == steps { grid(i) } else { grid(i + 1).saturating_sub(1).max(grid(i)) });
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if size(mid) <= budget {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

/// The documents a shard keeps of a term: the [`TOP_POSTINGS`] first of
/// `order` (by falling impact), and, so that each field's node exists and,
/// by its df, shows that its list is cut, the first after them with a
/// posting in each field that has one.
fn kept_documents(postings: &[Posting], order: &[(u32, f64)], df: &[u32; FIELDS]) -> HashSet<u32> {
    let mut keep: HashSet<u32> = order[..TOP_POSTINGS].iter().map(|d| d.0).collect();
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
    keep
}

/// What a term adds to the score of each document it is in, before any
/// prefix penalty (its "impact"): the sum over fields of boost * idf * tf,
/// as the client (`static/search/rank.js`) computes it from a shard, idf from the term's
/// archive-wide `df` per field. Postings are grouped by document, as the
/// analysis emits them; so is the result: `(document number, impact)`.
pub(super) fn impacts(postings: &[Posting], df: &[u32; FIELDS], docs: &Docs) -> Vec<(u32, f64)> {
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
/// `exp` between Rust and JavaScript). A document in a head or tail then never
/// scores more than it would in a shard: of documents that tie, those a
/// shard keeps (the first refs) stay first, as in one index.
pub(super) fn impact_level(impact: f64) -> u16 {
    let q = ((impact.max(f64::MIN_POSITIVE).ln() - IMPACT_LN_MIN) / IMPACT_LN_STEP).floor();
    let mut q = q.clamp(0.0, f64::from(u16::MAX)) as u16;
    while q > 0 && level_impact(q) >= impact * (1.0 - 1e-12) {
        q -= 1;
    }
    q
}

/// The impact a level stands for.
pub(super) fn level_impact(level: u16) -> f64 {
    (IMPACT_LN_MIN + f64::from(level) * IMPACT_LN_STEP).exp()
}

/// A tail has its documents listed in the term entry (see
/// [`encode_presence`]) only when it holds at most one document in this
/// many: the list of a word in most documents would cost about a bit per
/// document of the archive (17 KB at 140,000) and decide few hits, since
/// most have the word.
pub(super) const PRESENCE_MAX_SHARE: usize = 2;

/// The first document number of block `b` of `blocks` (of a tail).
pub(super) fn block_start(b: usize, blocks: usize, total_docs: usize) -> u32 {
    (b as u64 * total_docs as u64 / blocks as u64) as u32
}

#[cfg(test)]
mod tests {
    use super::super::documents::{doc_ref, Docs};
    use super::super::shards::build_shard;
    use super::super::paths::TailFile;
    use super::super::testdata::{decode_band, decode_presence, read_leb128};
    use super::*;
    use serde_json::json;
    use std::collections::HashMap;

    /// Small heads and blocks, so that a few thousand documents have tails.
    const SMALL: Sizes = Sizes { head: 2048, block: 256, whole: 256 };

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

    #[test]
    fn a_tail_of_most_documents_is_not_listed_in_the_term_entry() {
        let n = 5000;
        // The word in every document.
        let postings: Vec<Posting> = (0..n).map(|t| Posting::new(t as u32, 4, 1)).collect();
        let lengths: Vec<Vec<[u32; FIELDS]>> = (0..n).map(|t| vec![[1, 0, 0, 0, t as u32 % 97 + 1, 0]]).collect();
        let shard = build_shard(&[("war".to_string(), postings)], &Docs::with_lengths(lengths), SMALL);
        assert!(shard.blocks.len() > 1, "the tail is in blocks");
        assert_eq!(shard.terms[0].parts.len(), 4);
        assert!(shard.terms[0].parts[3].is_empty(), "no list of the tail's documents");
        assert_eq!(shard.dense.len(), 1, "a dense term");
    }

    #[test]
    fn long_posting_lists_keep_the_highest_impacts_and_cut_the_rest() {
        let n = 3000;
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
        let docs = Docs::with_lengths(lengths);
        let total = n * 2;
        let shard = build_shard(&[("war".to_string(), postings.clone())], &docs, SMALL);
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
        // The directory, in the shard and in the term entry.
        let directory: Vec<usize> = json["tiers"]["war"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
        let entry = &shard.terms[0];
        let mut at = 0;
        let numbers: Vec<usize> = std::iter::from_fn(|| (at < entry.parts[1].len()).then(|| read_leb128(&entry.parts[1], &mut at))).collect();
        assert_eq!(numbers, directory);
        let blocks = directory[1];
        assert_eq!((directory[0], directory.len()), (0, 6), "cut term 0, a head and a tail");
        assert_eq!(shard.blocks.len(), blocks);
        // The head: the next documents by impact, within its budget with the list.
        let head = decode_band(&entry.parts[2], 0);
        assert_eq!(directory[3], entry.parts[2].len());
        assert!(entry.parts[2].len() + entry.parts[3].len() <= SMALL.head + 16, "head {} + list {}", entry.parts[2].len(), entry.parts[3].len());
        assert!(head.len() > 100, "{} documents in the head", head.len());
        // The tail, in blocks of document ranges, listed in the term entry.
        let mut tail = Vec::new();
        let mut tail_bytes = 0;
        for b in 0..blocks {
            let bytes = &shard.blocks.iter().find(|f| f.0 == TailFile::Block { term: 0, block: b }).unwrap_or_else(|| panic!("block {b}")).1;
            tail_bytes += bytes.len();
            let (lo, hi) = (block_start(b, blocks, total), block_start(b + 1, blocks, total));
            let part = decode_band(bytes, lo);
            assert!(part.iter().all(|d| d.0 >= lo && d.0 < hi), "block {b}'s range");
            tail.extend(part);
        }
        assert_eq!(directory[5], tail_bytes);
        assert!(tail_bytes <= blocks * SMALL.block, "blocks of about {} bytes: {tail_bytes} in {blocks}", SMALL.block);
        assert!(tail_bytes > SMALL.whole && !shard.blocks.iter().any(|f| f.0 == TailFile::Whole { term: 0 }), "too large to be written whole too");
        let whole = build_shard(&[("war".to_string(), postings.clone())], &docs, Sizes { whole: tail_bytes, ..SMALL });
        assert_eq!(decode_band(&whole.blocks.iter().find(|f| f.0 == TailFile::Whole { term: 0 }).expect("the whole tail").1, 0), tail, "the whole tail, in one file too");
        assert_eq!(decode_presence(&entry.parts[3]), tail.iter().map(|d| d.0).collect::<Vec<u32>>(), "the term entry lists the tail's documents");
        assert_eq!(directory[2], usize::from(head.iter().map(|d| d.1).max().unwrap()), "the head's highest level");
        assert_eq!(directory[4], usize::from(tail.iter().map(|d| d.1).max().unwrap()), "the tail's highest level");
        assert!(head.iter().map(|d| d.1).min() >= tail.iter().map(|d| d.1).max(), "the head before the tail, by impact");
        let df = [1, 0, 0, 0, n as u32, 0];
        let exact: HashMap<u32, f64> = impacts(&postings, &df, &docs).into_iter().collect();
        let mut seen: Vec<u32> = Vec::new();
        for &(doc, level) in head.iter().chain(&tail) {
            assert!((level_impact(level) / exact[&doc] - 1.0).abs() <= IMPACT_LN_STEP, "impact of {doc}");
            seen.push(doc);
        }
        seen.sort_unstable();
        let expected: Vec<u32> = (TOP_POSTINGS as u32..n as u32 - 1).collect();
        assert_eq!(seen, expected, "every document left out of the shard, once");
        // Forward records for its first documents by impact.
        assert_eq!(entry.first, (0..64).collect::<Vec<u32>>());
        assert!(shard.dense.is_empty(), "in half the documents: not dense");
    }

    #[test]
    fn a_term_that_fits_has_its_whole_list_in_its_entry() {
        let postings: Vec<Posting> = (0..400).map(|t| Posting::new(t * 3, 4, 1)).collect();
        let lengths: Vec<Vec<[u32; FIELDS]>> = (0..1200).map(|t| vec![[1, 0, 0, 0, t % 50 + 1, 0]]).collect();
        let shard = build_shard(&[("war".to_string(), postings)], &Docs::with_lengths(lengths), SIZES);
        assert!(shard.blocks.is_empty());
        let json: serde_json::Value = serde_json::from_slice(&shard.json).unwrap();
        let directory = json["tiers"]["war"].as_array().unwrap();
        assert_eq!((directory.len(), directory[1].as_u64()), (4, Some(0)), "no tail");
        assert_eq!(decode_band(&shard.terms[0].parts[2], 0).len(), 400 - TOP_POSTINGS);
        assert_eq!(shard.terms[0].parts.len(), 4);
        assert!(shard.terms[0].parts[3].is_empty());
    }
}
