//! Shards `s/<n>.json`: the sorted terms cut into contiguous ranges of
//! about [`SHARD_BYTES`] each, each written inside its own rayon task
//! directly from the postings (see `shard_json.rs`), with the tail blocks of
//! its cut terms (see `tiers.rs`); then, once every shard is made and the
//! dense terms are known (see `forward.rs`), its term files (see
//! `terms.rs`).
//!
//! Shard `n` holds the terms from the manifest's `shards[n]` (its lower
//! bound, a term prefix; inclusive) up to `shards[n + 1]` (exclusive). Its
//! JSON ends with a key elasticlunr.js ignores, `tiers`: per cut term,
//! `{term: [i, blocks, level, bytes, level, bytes]}`: its number `i` in the
//! shard (which names its blocks), the number of blocks of its tail (0: no
//! tail), then per tier (its head, then its tail) its highest impact level
//! and its size in bytes.

use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;

use super::analysis::{analyze_range, passes, Analysis, Posting};
use super::codes::push_leb128;
use super::documents::{doc_ref, transcript_documents, Docs};
use super::forward::{column, Dense, DenseTerm, DENSE_SHARE, ENTRY};
use super::paths::{self, TailFile};
use super::shard_json::{index_json, Listed, WriteIndex};
use super::terms::{postings_part, term_entry, term_files};
use super::tiers::{cut, Cut, Sizes, SIZES, TOP_POSTINGS};
use super::{SearchFiles, FIELDS};
use crate::resolve::Archive;
use anyhow::Result;

/// About how many bytes of JSON one shard holds (before compression).
pub const SHARD_BYTES: usize = 50_000;

/// Small archives are still cut into at least this many shards (when they
/// have enough terms), so a query never loads the whole index.
const MIN_SHARDS: usize = 8;

/// What the manifest says of the shards written.
pub(super) struct Written {
    /// The lower bound (a term prefix) of every shard (`shards`).
    pub bounds: Vec<String>,
    /// Per shard, its number of term files and their seed (`terms`).
    pub terms: Vec<(usize, u32)>,
    /// The dense terms (`dense`), sorted.
    pub dense: Vec<String>,
}

/// Analyzes the archive (in passes, see `analysis.rs`) and writes every
/// shard and its blocks, documents numbered from `first` (see
/// `documents.rs`); then the term files of every shard, with the forward
/// records of the dense terms.
pub(super) fn write_shards(archive: &Archive, first: &[u32], files: &SearchFiles) -> Result<Written> {
    let text_bytes: usize = archive.transcripts.iter().map(|p| p.transcript.turns().map(|turn| turn.text.len()).sum::<usize>()).sum();
    let docs_of = |t: usize| transcript_documents(&archive.transcripts[t]);
    let mut bounds: Vec<String> = Vec::new();
    let mut pending: Vec<Vec<TermData>> = Vec::new();
    let mut dense: Vec<DenseTerm> = Vec::new();
    let mut total = 0;
    for range in passes(text_bytes) {
        let Analysis { docs, terms } = analyze_range(first, docs_of, range);
        total = docs.total();
        let plan = plan_shards_from(&terms, &docs, range.lower);
        let numbered = bounds.len();
        // Each shard and its blocks are written from the shard's own task.
        let built: Vec<(Vec<TermData>, Vec<DenseTerm>)> = plan
            .par_iter()
            .enumerate()
            .map(|(i, (start, _))| {
                let end = plan.get(i + 1).map(|s| s.0).unwrap_or(terms.len());
                write_shard(numbered + i, build_shard(&terms[*start..end], &docs, SIZES), files)
            })
            .collect::<Result<_>>()?;
        for (terms, dense_terms) in built {
            pending.push(terms);
            dense.extend(dense_terms);
        }
        bounds.extend(plan.into_iter().map(|(_, bound)| bound));
    }
    let dense = Dense::new(dense, total);
    let terms = pending
        .par_iter()
        .enumerate()
        .map(|(n, terms)| {
            let (seed, term_files) = finish_terms(terms, &dense);
            let count = term_files.len();
            for (b, bytes) in term_files.into_iter().enumerate() {
                files.put(paths::term_file(n, b), bytes)?;
            }
            Ok((count, seed))
        })
        .collect::<Result<_>>()?;
    Ok(Written { bounds, terms, dense: dense.terms })
}

/// Writes shard `n` and its blocks; returns what its term files need.
fn write_shard(n: usize, shard: Shard, files: &SearchFiles) -> Result<(Vec<TermData>, Vec<DenseTerm>)> {
    files.put(paths::shard(n), shard.json)?;
    for (file, bytes) in shard.blocks {
        files.put(file.path(n), bytes)?;
    }
    Ok((shard.terms, shard.dense))
}

/// The term files of a shard's terms (see `terms.rs`), each entry ending
/// with the forward records of its first documents; and their seed.
pub(super) fn finish_terms(terms: &[TermData], dense: &Dense) -> (u32, Vec<Vec<u8>>) {
    let entries: Vec<(String, Vec<u8>)> = terms
        .iter()
        .map(|t| {
            let records = dense.records(&t.first);
            // Postings, directory, head, list of the tail's documents (empty
            // for a term the shard keeps whole), forward records.
            let mut parts: Vec<&[u8]> = t.parts.iter().map(Vec::as_slice).collect();
            parts.resize(4, &[]);
            parts.push(&records);
            (t.term.clone(), term_entry(&t.term, &parts))
        })
        .collect();
    term_files(&entries)
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
pub(super) fn plan_shards(terms: &[(String, Vec<Posting>)], docs: &Docs) -> Vec<(usize, String)> {
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

/// One shard as made: its JSON, what its term files hold, and the blocks
/// of its cut terms' tails.
pub(super) struct Shard {
    pub json: Vec<u8>,
    /// Every term of the shard, in order.
    pub terms: Vec<TermData>,
    /// The blocks and whole tails of its cut terms: `m/<n>/...` (see
    /// [`TailFile`]).
    pub blocks: Vec<(TailFile, Vec<u8>)>,
    /// The dense terms of the shard, with where each of their documents is.
    pub dense: Vec<DenseTerm>,
}

/// What a term's entry in a term file holds, but the forward records.
pub(super) struct TermData {
    pub term: String,
    /// Its postings; for a cut term, its directory, head, and the list of
    /// its tail's documents (see `terms.rs`).
    pub parts: Vec<Vec<u8>>,
    /// The documents of its forward records, sorted.
    pub first: Vec<u32>,
}

/// Builds and serializes one shard, inside the calling (rayon) task: the
/// shard itself, what its term files hold, and, for each term in more than
/// [`TOP_POSTINGS`] documents, the blocks of its tail.
pub(super) fn build_shard(terms: &[(String, Vec<Posting>)], docs: &Docs, sizes: Sizes) -> Shard {
    build_shard_with(terms, docs, sizes, index_json)
}

/// [`build_shard`], serializing the index with `write`.
pub(super) fn build_shard_with(terms: &[(String, Vec<Posting>)], docs: &Docs, sizes: Sizes, write: WriteIndex) -> Shard {
    let mut kept: Vec<Listed<'_>> = Vec::with_capacity(terms.len());
    let mut dfs: HashMap<String, [u32; FIELDS]> = HashMap::new();
    let mut directory = TierDirectory::default();
    let mut shard = Shard { json: Vec::new(), terms: Vec::with_capacity(terms.len()), blocks: Vec::new(), dense: Vec::new() };
    let mut cuts = 0;
    for (term, postings) in terms {
        let Some(cut) = cut(postings, docs, sizes) else {
            let mut first: Vec<u32> = postings.iter().map(|p| p.doc).collect();
            first.dedup();
            if first.len() > docs.total() / DENSE_SHARE {
                shard.dense.push((term.clone(), first.len(), column(docs.total(), first.iter().map(|&d| (d, ENTRY)))));
            }
            shard.terms.push(TermData { term: term.clone(), parts: vec![postings_part(postings, None, docs)], first });
            kept.push((term, Cow::Borrowed(postings)));
            continue;
        };
        let i = cuts;
        cuts += 1;
        directory.add(term, i, &cut);
        let Cut { top, df, directory: numbers, head, presence, blocks, whole, first, places } = cut;
        shard.blocks.extend(blocks.into_iter().enumerate().map(|(block, bytes)| (TailFile::Block { term: i, block }, bytes)));
        shard.blocks.extend(whole.map(|bytes| (TailFile::Whole { term: i }, bytes)));
        let mut entry = Vec::new();
        for n in std::iter::once(i).chain(numbers) {
            push_leb128(&mut entry, n);
        }
        shard.terms.push(TermData { term: term.clone(), parts: vec![postings_part(&top, Some(&df), docs), entry, head, presence], first });
        if let Some((count, column)) = places {
            shard.dense.push((term.clone(), count, column));
        }
        dfs.insert(term.clone(), df);
        kept.push((term, Cow::Owned(top)));
    }
    let mut json = write(&kept, docs, &dfs);
    // The tiers' directory, a key elasticlunr.js ignores.
    assert_eq!(json.pop(), Some(b'}'));
    json.extend_from_slice(b",\"tiers\":");
    json.extend_from_slice(&directory.finish());
    json.push(b'}');
    shard.json = json;
    shard
}

/// The JSON of a shard's `tiers` directory (see the module documentation),
/// as it is made.
#[derive(Default)]
struct TierDirectory(Vec<u8>);

impl TierDirectory {
    /// Adds cut term number `i`.
    fn add(&mut self, term: &str, i: usize, cut: &Cut) {
        let out = &mut self.0;
        out.push(if out.is_empty() { b'{' } else { b',' });
        serde_json::to_writer(&mut *out, term).expect("writes to a Vec");
        out.extend_from_slice(format!(":[{i}").as_bytes());
        for n in &cut.directory {
            out.extend_from_slice(format!(",{n}").as_bytes());
        }
        out.push(b']');
    }

    fn finish(mut self) -> Vec<u8> {
        if self.0.is_empty() {
            self.0.push(b'{');
        }
        self.0.push(b'}');
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::super::shard_json::round_sig;
    use super::super::SEARCH_FIELDS;
    use super::*;
    use serde_json::json;

    fn term(s: &str, n: usize) -> (String, Vec<Posting>) {
        (s.to_string(), (0..n).map(|t| Posting::new(t as u32, 4, 1)).collect())
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
        let shard = build_shard(&terms, &Docs::with_lengths(vec![vec![[1, 0, 0, 0, 0, 0], [3, 0, 0, 0, 16, 0]], second]), SIZES);
        assert!(shard.terms.iter().all(|t| t.parts.len() == 1) && shard.blocks.is_empty(), "no term is cut");
        assert_eq!(shard.terms.iter().map(|t| t.first.clone()).collect::<Vec<_>>(), vec![vec![1, 2], vec![1]]);
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


    #[test]
    fn shard_bounds_are_prefixes_in_order() {
        let terms: Vec<_> = ["aa", "ab", "abc", "b", "ba", "bab", "c", "ca", "cab", "d", "e", "f", "g", "h", "i"].iter().map(|s| term(s, 50)).collect();
        let plan = plan_shards(&terms, &Docs::with_lengths(vec![vec![[1; FIELDS]]; 50]));
        assert!(plan.len() >= 2);
        assert_eq!(plan[0], (0, String::new()));
        for w in plan.windows(2) {
            let (i, bound) = &w[1];
            assert!(terms[*i].0.starts_with(bound.as_str()));
            assert!(bound.as_str() > terms[i - 1].0.as_str());
            assert!(w[0].0 < *i);
        }
    }

}
