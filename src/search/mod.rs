//! The client-side search index, split into shards by term prefix: the
//! files under `search/` that the client (`static/search.js` and the
//! modules in `static/search/`) reads.
//!
//! Documents ([`documents`]) are the exchanges and opening statements of
//! every transcript, with the fields [`SEARCH_FIELDS`]. Their text goes
//! through elasticlunr-rs's English pipeline once ([`analysis`]); the
//! resulting terms, sorted, are cut into contiguous ranges ("shards") of
//! about [`SHARD_BYTES`] each ([`shards`]). Each shard is an elasticlunr.js
//! 0.9.5-compatible index ([`shard_json`]), written inside its own rayon task
//! directly from the postings. A term in many documents keeps in its shard
//! only the documents where it weighs most; the others are in its head and
//! its tail ([`tiers`]). Every term also has an entry in one of its shard's
//! term files ([`terms`]): its postings, its head, and the forward records
//! of its first documents ([`forward`]), so that a query of several words
//! needs one request a word.
//!
//! Files under `search/` (format [`FORMAT`]; each module's documentation
//! has the detail of its files):
//! - `manifest.json` ([`manifest`]): format version, document count,
//!   fields, the lower bound (a term prefix) of every shard and its number
//!   of term files and their seed, the number of documents of every
//!   transcript (to number documents across the archive), the impact scale,
//!   the dense terms, years and topics with counts.
//! - `s/<n>.json` ([`shards`], [`shard_json`]): shard `n`, the terms from
//!   `shards[n]` (inclusive) up to `shards[n + 1]` (exclusive), with their
//!   archive-wide `df`s, the field-length norm folded into `tf`, and the
//!   directory of its cut terms' tiers (`tiers`). Read for a query of one
//!   word, and for a word that is not a term (a word being typed).
//! - `t/<n>/<b>.bin` ([`terms`]): term file `b` of shard `n`: the entries
//!   of the terms that [`bucket_of`] puts there. A query of several words
//!   reads the term files of its words, together.
//! - `m/<n>/<i>.<b>.bin` ([`tiers`]): block `b` of the tail of cut term `i`
//!   of shard `n`, by equal ranges of document numbers. The client reads
//!   the blocks of the documents it needs to know about only until it has
//!   proven its first results final (a threshold algorithm).
//! - `d/<t>.json` ([`documents`]): what results show for the documents of
//!   transcript `t` (in decimal, as every number of a path: [`paths`]).
//! - `f/...` ([`facets`]): the journalists, outlets, years and topics that
//!   filters choose from, and the documents of each.
//!
//! A document's ref is `<t>.<k>` in base 36: transcript `t` (archive order)
//! and document `k` of that transcript.
//!
//! What the client must agree on with this writer (the format number, the
//! fields and their boosts, the text pipeline's stop words and stemmer, the
//! impact scale, LEB128, Rice coding, impact bands, term entries, forward
//! records and FNV-1a) has one source of truth:
//! `tests/fixtures/search-format.json`, which the Rust tests here and the
//! node tests of `static/search/` both read and assert against; the client's
//! warm-up data, `static/search/warmup-data.js`, is this writer's output,
//! pinned by a test (see `client.rs`).

mod analysis;
#[cfg(test)]
mod check;
#[cfg(test)]
mod client;
mod codes;
mod documents;
mod facets;
mod forward;
mod manifest;
mod paths;
#[cfg(test)]
mod reference;
mod shard_json;
mod shards;
mod single;
mod terms;
#[cfg(test)]
mod testdata;
mod tiers;

use serde::Serialize;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::resolve::Archive;
use crate::topics::Topic;
use crate::write::Sink;
use anyhow::Result;

pub use documents::{base36, doc_ref, snippet, SearchDoc};
pub use shards::SHARD_BYTES;
pub use single::single_index;
pub use terms::bucket_of;
pub use tiers::{HEAD_BYTES, IMPACT_LN_MIN, IMPACT_LN_STEP, TAIL_BLOCK_BYTES, TOP_POSTINGS};

/// Fields of the search index, in order.
pub const SEARCH_FIELDS: [&str; FIELDS] = ["title", "asker", "outlet", "question", "answer", "date"];

/// Number of fields of the search index.
pub const FIELDS: usize = 6;

/// Version of the file layout above, in `manifest.json`.
pub const FORMAT: u32 = 5;

/// Field boosts, in field order: what a match in each field weighs (the
/// client's ranking uses the same).
const FIELD_BOOSTS: [f64; FIELDS] = [2.0, 3.0, 3.0, 1.0, 1.0, 1.0];

/// Where the search files go: `search/<path>` of the site, counted.
struct SearchFiles<'a> {
    sink: &'a dyn Sink,
    count: AtomicUsize,
}

impl SearchFiles<'_> {
    /// Writes `search/<path>`.
    fn put(&self, path: impl AsRef<Path>, bytes: Vec<u8>) -> Result<()> {
        self.count.fetch_add(1, Ordering::Relaxed);
        self.sink.put(Path::new("search").join(path), bytes)
    }

    /// Writes `search/<path>`, `value` as JSON.
    fn put_json(&self, path: impl AsRef<Path>, value: &impl Serialize) -> Result<()> {
        self.put(path, serde_json::to_vec(value).expect("search file serializes"))
    }
}

/// Builds the search files (see the module documentation); `topics` (those
/// of [`crate::index::Indexes`]) give the topic filter. Every file goes to
/// `out` as soon as it is made (shards from their own rayon tasks); returns
/// the number of files.
pub fn build(archive: &Archive, topics: &[Topic], out: &dyn Sink) -> Result<usize> {
    let files = SearchFiles { sink: out, count: AtomicUsize::new(0) };
    let first = documents::first_documents(archive.transcripts.len(), |t| documents::document_count(&archive.transcripts[t]));
    let shards = shards::write_shards(archive, &first, &files)?;
    let docs = documents::write_results(archive, &files)?;
    let facets = facets::Facets::collect(archive, &docs, topics);
    facets.write(archive, &files)?;
    files.put_json("manifest.json", &manifest::Manifest::new(&docs, shards, &facets))?;
    Ok(files.count.into_inner())
}
