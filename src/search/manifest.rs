//! `manifest.json`: what a query reads first, to know which other files
//! to ask for ([`Manifest`]).

use serde::Serialize;

use super::documents::{base36, DocMeta};
use super::facets::Facets;
use super::shards::Written;
use super::tiers::{IMPACT_LN_MIN, IMPACT_LN_STEP, WHOLE_TAIL_BYTES};
use super::{FIELDS, FORMAT, SEARCH_FIELDS};

/// The manifest. Fields are in key order, as they are written.
#[derive(Serialize)]
pub(super) struct Manifest<'a> {
    /// The number of journalists who ask (`f/asker.json` lists them).
    pub askers: usize,
    /// The number of documents of every transcript, in base 36, each
    /// written with as many digits as the largest needs: `[digits, "…"]`
    /// (the client numbers documents across the archive from it).
    pub counts: (usize, String),
    /// The dense terms, sorted: the forward records of term entries say
    /// where each is (see `forward.rs`).
    pub dense: Vec<String>,
    /// The number of documents.
    pub docs: usize,
    /// The fields of the index, in order.
    pub fields: [&'static str; FIELDS],
    /// The version of the layout of `search/` ([`FORMAT`]).
    pub format: u32,
    /// The impact scale of heads and tails: `[IMPACT_LN_MIN, IMPACT_LN_STEP]`.
    pub impact: [f64; 2],
    /// The number of outlets that ask (`f/outlet.json` lists them).
    pub outlets: usize,
    /// The lower bound (a term prefix) of every shard.
    pub shards: Vec<String>,
    /// Per shard, its number of term files and the seed of their names.
    pub terms: Vec<(usize, u32)>,
    /// `[slug, title, count]` of every topic, count the larger of its
    /// transcripts and its exchanges.
    pub topics: Vec<(&'a str, &'a str, usize)>,
    /// The number of transcripts.
    pub transcripts: usize,
    /// A tail in several blocks of at most this many bytes in all is also
    /// written whole ([`WHOLE_TAIL_BYTES`]).
    pub whole: usize,
    /// `[year, transcripts]`, newest first.
    pub years: Vec<(&'a str, usize)>,
}

impl<'a> Manifest<'a> {
    /// The manifest of an index of `docs` (every transcript's documents),
    /// its shards, and its facets.
    pub fn new(docs: &[Vec<DocMeta>], shards: Written, facets: &'a Facets<'a>) -> Manifest<'a> {
        Manifest {
            askers: facets.askers.len(),
            counts: doc_counts(docs),
            dense: shards.dense,
            docs: docs.iter().map(Vec::len).sum(),
            fields: SEARCH_FIELDS,
            format: FORMAT,
            impact: [IMPACT_LN_MIN, IMPACT_LN_STEP],
            outlets: facets.outlets.len(),
            shards: shards.bounds,
            terms: shards.terms,
            topics: facets.topics.iter().map(|t| (t.slug.as_str(), t.title.as_str(), t.transcripts.len().max(t.exchanges.len()))).collect(),
            transcripts: docs.len(),
            whole: WHOLE_TAIL_BYTES,
            years: facets.years.iter().rev().map(|(y, ts)| (y.as_str(), ts.len())).collect(),
        }
    }
}

/// The number of documents of every transcript, in base 36, each written
/// with as many digits as the largest needs: `[digits, "…"]`.
fn doc_counts(docs: &[Vec<DocMeta>]) -> (usize, String) {
    let width = docs.iter().map(|d| base36(d.len()).len()).max().unwrap_or(1);
    let text: String = docs.iter().map(|d| format!("{:0>width$}", base36(d.len()))).collect();
    (width, text)
}
