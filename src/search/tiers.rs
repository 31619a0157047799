//! Tiers and blocks: what a shard leaves out of a term in many documents.
//!
//! A term found in more than [`TOP_POSTINGS`] documents keeps in its shard
//! only the postings of the [`TOP_POSTINGS`] documents where it weighs
//! most (its impact: what it adds to their score, see [`impacts`]); its
//! `df`s stay the archive-wide ones. The others are in its tiers: tier `j`
//! (from 1) holds the term's documents of impact rank `TOP_POSTINGS *
//! TIER_GROWTH^(j-1)` up to `TOP_POSTINGS * TIER_GROWTH^j`, the last one
//! ([`MAX_TIERS`] at most) all the others. A tier file ([`encode_tier`])
//! lists per document its number (the gap from the previous one, LEB128)
//! and its impact as a 16-bit level on a log scale ([`impact_level`]).
//!
//! A last tier larger than [`TAIL_BLOCK_BYTES`] is also cut by document
//! number into blocks `m/<n>/<i>.<j>.<b>.bin` ([`block_start`]), so that a
//! query can read the scores of given documents only; when it holds at most
//! half the documents, its heads file lists which documents it has
//! ([`encode_presence`], Rice-coded), so that a query reads blocks only for
//! the hits that have the word. The other tiers go to the shard's heads
//! files (see `heads.rs`). The shard's `tiers` directory (see `shards.rs`)
//! gives per cut term its number `i`, the number of blocks of its last tier,
//! and per tier its highest level and size.

use std::collections::HashSet;

use super::analysis::Posting;
use super::documents::Docs;
use super::shard_json::folded_tf;
use super::{FIELDS, FIELD_BOOSTS};

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
/// exact in binary, so the client decodes the same values (the manifest
/// gives them as `impact`).
pub const IMPACT_LN_MIN: f64 = -9.25;

/// See [`IMPACT_LN_MIN`].
pub const IMPACT_LN_STEP: f64 = 1.0 / 4096.0;

/// What a shard holds of a term in more than [`TOP_POSTINGS`] documents,
/// and the term's tiers.
pub(super) struct Cut {
    /// The postings the shard keeps.
    pub top: Vec<Posting>,
    /// The term's archive-wide df per field.
    pub df: [u32; FIELDS],
    /// Per tier from 1: its highest level and its size in bytes (of all its
    /// blocks, for a last tier in blocks).
    pub tiers: Vec<(u16, usize)>,
    /// The number of blocks of the last tier (1: not in blocks).
    pub blocks: usize,
    /// What goes to the heads file: the tiers but a last one in blocks,
    /// then, for a last tier in blocks of at most `1 / PRESENCE_MAX_SHARE`
    /// of the documents, its documents ([`encode_presence`]).
    pub head: Vec<Vec<u8>>,
    /// `(j, b, bytes)` of block `b` of the last tier `j`, when in blocks.
    pub block_files: Vec<(usize, usize, Vec<u8>)>,
}

/// What the shard keeps of a term and its tiers, or `None` when the term is
/// in at most [`TOP_POSTINGS`] documents (the shard keeps it whole).
pub(super) fn cut(postings: &[Posting], docs: &Docs) -> Option<Cut> {
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
    // The others, by impact, cut into tiers of growing size.
    let rest: Vec<(u32, u16)> = order
        .iter()
        .filter(|(doc, _)| !keep.contains(doc))
        .map(|&(doc, impact)| (doc, impact_level(impact)))
        .collect();
    Some(tier_files(top, df, &rest, docs.total()))
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

/// The tiers of the documents `rest` (by falling impact, with their
/// levels) that the shard leaves out: impact-ordered tiers, the last one
/// (the tail) cut by document number into blocks when large, so that a
/// query can read the part where the few documents it needs to know about
/// are.
fn tier_files(top: Vec<Posting>, df: [u32; FIELDS], rest: &[(u32, u16)], total_docs: usize) -> Cut {
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
    let last = files.len();
    let mut cut = Cut { top, df, tiers: Vec::new(), blocks, head: Vec::new(), block_files: Vec::new() };
    for (j, (top_level, bytes)) in files.into_iter().enumerate() {
        let j = j + 1;
        if j < last || blocks == 1 {
            cut.tiers.push((top_level, bytes.len()));
            cut.head.push(bytes);
            continue;
        }
        let size = tail_blocks(&mut cut, j, &rest[tier_start(j)..], total_docs);
        cut.tiers.push((top_level, size));
    }
    cut
}

/// Writes the last tier `j`, `tail`, by block only (documents
/// `block_start(b)..block_start(b + 1)`), and which documents it has in the
/// heads file when they are few; returns the size of its blocks.
fn tail_blocks(cut: &mut Cut, j: usize, tail: &[(u32, u16)], total_docs: usize) -> usize {
    let mut tail = tail.to_vec();
    tail.sort_unstable();
    if tail.len() <= total_docs / PRESENCE_MAX_SHARE {
        cut.head.push(encode_presence(&tail.iter().map(|d| d.0).collect::<Vec<u32>>()));
    }
    let mut size = 0;
    for b in 0..cut.blocks {
        let (lo, hi) = (block_start(b, cut.blocks, total_docs), block_start(b + 1, cut.blocks, total_docs));
        let mut part: Vec<(u32, u16)> = tail.iter().copied().filter(|d| d.0 >= lo && d.0 < hi).collect();
        let bytes = encode_tier(&mut part);
        size += bytes.len();
        cut.block_files.push((j, b, bytes));
    }
    size
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
/// `exp` between Rust and JavaScript). A document in a tier file then never
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

/// One tier file: its `(document number, level)` pairs in document order,
/// each as the gap from the previous document number (the first one from
/// 0) in LEB128 (7 bits a byte, low first, high bit set on all but the last
/// byte), then the level in two bytes, big-endian.
pub(super) fn encode_tier(docs: &mut [(u32, u16)]) -> Vec<u8> {
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

/// Appends `n` in LEB128: 7 bits a byte, low first, the high bit set on all
/// but the last byte.
pub(super) fn push_leb128(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// A last tier in blocks has its documents listed in the heads file (see
/// [`encode_presence`]) only when it holds at most one document in this
/// many: the list of a word in most documents would cost about a bit per
/// document of the archive (17 KB at 140,000) and decide few hits, since
/// most have the word.
pub(super) const PRESENCE_MAX_SHARE: usize = 2;

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
/// in `static/search/format.js`).
pub(super) fn encode_presence(docs: &[u32]) -> Vec<u8> {
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
pub(super) fn block_start(b: usize, blocks: usize, total_docs: usize) -> u32 {
    (b as u64 * total_docs as u64 / blocks as u64) as u32
}


#[cfg(test)]
mod tests {
    use super::super::documents::{doc_ref, Docs};
    use super::super::shards::build_shard;
    use super::super::testdata::{decode_presence, decode_tier};
    use super::*;
    use serde_json::json;
    use std::collections::HashMap;

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
        let shard = build_shard(&[("war".to_string(), postings)], &Docs::with_lengths(lengths));
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
        let docs = Docs::with_lengths(lengths);
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

}
