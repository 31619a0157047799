//! Shards `s/<n>.json`: the sorted terms cut into contiguous ranges of
//! about [`SHARD_BYTES`] each, each written inside its own rayon task
//! directly from the postings (see `shard_json.rs`), with the tier files of
//! its cut terms (see `tiers.rs` and `heads.rs`).
//!
//! Shard `n` holds the terms from the manifest's `shards[n]` (its lower
//! bound, a term prefix; inclusive) up to `shards[n + 1]` (exclusive). Its
//! JSON ends with a key elasticlunr.js ignores, `tiers`: per cut term, `{term:
//! [i, blocks, level, bytes, level, bytes, ...]}`: its number `i` in the
//! shard (which names its blocks), the number of blocks of its last tier
//! (1: not in blocks), then per tier from 1 its highest impact level and its
//! size in bytes.

use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;

use super::analysis::{analyze_range, passes, Analysis, Posting};
use super::documents::{doc_ref, transcript_documents, Docs};
use super::heads::heads_files;
use super::shard_json::{index_json, Listed, WriteIndex};
use super::tiers::{cut, TOP_POSTINGS};
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
    /// Per shard, its number of heads files and their seed (`heads`).
    pub heads: Vec<(usize, u32)>,
}

/// Analyzes the archive (in passes, see `analysis.rs`) and writes every
/// shard and its tier files, documents numbered from `first` (see
/// `documents.rs`).
pub(super) fn write_shards(archive: &Archive, first: &[u32], files: &SearchFiles) -> Result<Written> {
    let text_bytes: usize = archive.transcripts.iter().map(|p| p.transcript.turns().map(|turn| turn.text.len()).sum::<usize>()).sum();
    let docs_of = |t: usize| transcript_documents(&archive.transcripts[t]);
    let mut bounds: Vec<String> = Vec::new();
    let mut heads: Vec<(usize, u32)> = Vec::new();
    for range in passes(text_bytes) {
        let Analysis { docs, terms } = analyze_range(first, docs_of, range);
        let plan = plan_shards_from(&terms, &docs, range.lower);
        let numbered = bounds.len();
        // Each shard and its tier files are written from the shard's own task.
        let counts: Vec<(usize, u32)> = plan
            .par_iter()
            .enumerate()
            .map(|(i, (start, _))| {
                let end = plan.get(i + 1).map(|s| s.0).unwrap_or(terms.len());
                write_shard(numbered + i, build_shard(&terms[*start..end], &docs), files)
            })
            .collect::<Result<_>>()?;
        heads.extend(counts);
        bounds.extend(plan.into_iter().map(|(_, bound)| bound));
    }
    Ok(Written { bounds, heads })
}

/// Writes shard `n` and its tier files; returns its number of heads files
/// and their seed.
fn write_shard(n: usize, mut shard: Shard, files: &SearchFiles) -> Result<(usize, u32)> {
    let count = shard.buckets();
    files.put(format!("s/{n}.json"), std::mem::take(&mut shard.json))?;
    let (seed, tier_files) = shard.tier_files();
    for (name, bytes) in tier_files {
        files.put(format!("m/{n}/{name}.bin"), bytes)?;
    }
    Ok((count, seed))
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

/// One shard as written: its JSON and the tier files of its cut terms.
pub(super) struct Shard {
    pub json: Vec<u8>,
    /// Per cut term, in order (its number `i` in the directory): its head
    /// tiers, tiers 1.. but for a last tier written in blocks, and then, when
    /// there is one that holds at most half the documents, the documents of
    /// that tier ([`super::tiers::encode_presence`]). They
    /// go to the shard's heads files (see [`heads_files`]).
    pub heads: Vec<(String, Vec<Vec<u8>>)>,
    /// `(name, bytes)` of the files `m/<n>/<name>.bin` of last tiers cut
    /// into blocks: `<i>.<j>.<b>` for block `b` of tier `j` of the `i`-th
    /// cut term.
    pub blocks: Vec<(String, Vec<u8>)>,
}

impl Shard {
    /// How many heads files the shard has (see [`heads_files`]).
    pub fn buckets(&self) -> usize {
        self.heads.len()
    }

    /// Every tier file of the shard, `(name, bytes)` under `m/<n>/`: heads
    /// files `h<b>`, then blocks; and the seed of its heads files' names.
    pub fn tier_files(self) -> (u32, impl Iterator<Item = (String, Vec<u8>)>) {
        let (seed, files) = heads_files(&self.heads);
        let heads = files.into_iter().enumerate().map(|(b, bytes)| (format!("h{b}"), bytes));
        (seed, heads.chain(self.blocks))
    }
}

/// Builds and serializes one shard, inside the calling (rayon) task: the
/// shard itself and, for each term in more than [`TOP_POSTINGS`] documents,
/// the tier files of the documents the shard leaves out.
pub(super) fn build_shard(terms: &[(String, Vec<Posting>)], docs: &Docs) -> Shard {
    build_shard_with(terms, docs, index_json)
}

/// [`build_shard`], serializing the index with `write`.
pub(super) fn build_shard_with(terms: &[(String, Vec<Posting>)], docs: &Docs, write: WriteIndex) -> Shard {
    let mut kept: Vec<Listed<'_>> = Vec::with_capacity(terms.len());
    let mut dfs: HashMap<String, [u32; FIELDS]> = HashMap::new();
    let mut directory = TierDirectory::default();
    let mut heads = Vec::new();
    let mut blocks = Vec::new();
    for (term, postings) in terms {
        let Some(cut) = cut(postings, docs) else {
            kept.push((term, Cow::Borrowed(postings)));
            continue;
        };
        let i = heads.len();
        directory.add(term, i, &cut);
        blocks.extend(cut.block_files.into_iter().map(|(j, b, bytes)| (format!("{i}.{j}.{b}"), bytes)));
        heads.push((term.clone(), cut.head));
        dfs.insert(term.clone(), cut.df);
        kept.push((term, Cow::Owned(cut.top)));
    }
    let mut json = write(&kept, docs, &dfs);
    // The tiers' directory, a key elasticlunr.js ignores.
    assert_eq!(json.pop(), Some(b'}'));
    json.extend_from_slice(b",\"tiers\":");
    json.extend_from_slice(&directory.finish());
    json.push(b'}');
    Shard { json, heads, blocks }
}

/// The JSON of a shard's `tiers` directory (see the module documentation),
/// as it is made.
#[derive(Default)]
struct TierDirectory(Vec<u8>);

impl TierDirectory {
    /// Adds cut term number `i`.
    fn add(&mut self, term: &str, i: usize, cut: &super::tiers::Cut) {
        let out = &mut self.0;
        out.push(if out.is_empty() { b'{' } else { b',' });
        serde_json::to_writer(&mut *out, term).expect("writes to a Vec");
        out.extend_from_slice(format!(":[{i},{}", cut.blocks).as_bytes());
        for (level, size) in &cut.tiers {
            out.extend_from_slice(format!(",{level},{size}").as_bytes());
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
        let shard = build_shard(&terms, &Docs::with_lengths(vec![vec![[1, 0, 0, 0, 0, 0], [3, 0, 0, 0, 16, 0]], second]));
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
