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
//! only the documents where it weighs most; the others are in its tiers
//! ([`tiers`]), whose first ones are in the shard's heads files ([`heads`]).
//!
//! Files under `search/` (format [`FORMAT`]; each module's documentation
//! has the detail of its files):
//! - `manifest.json` ([`manifest`]): format version, document count,
//!   fields, the lower bound (a term prefix) of every shard and its number
//!   of heads files and their seed, the number of documents of every
//!   transcript (to number documents across the archive), the impact scale
//!   of tier files, years and topics with counts.
//! - `s/<n>.json` ([`shards`], [`shard_json`]): shard `n`, the terms from
//!   `shards[n]` (inclusive) up to `shards[n + 1]` (exclusive), with their
//!   archive-wide `df`s, the field-length norm folded into `tf`, and the
//!   directory of its cut terms' tiers (`tiers`).
//! - `m/<n>/h<b>.bin` ([`heads`]): heads file `b` of shard `n`: the first
//!   tiers of the cut terms that [`bucket_of`] puts there, and the list of
//!   the documents of a last tier in blocks.
//! - `m/<n>/<i>.<j>.<b>.bin` ([`tiers`]): block `b` of the last tier `j` of
//!   cut term `i` of shard `n`, by equal ranges of document numbers. The
//!   client reads tiers, most weighty first, and blocks, of the documents it
//!   needs to know about, only until it has proven its first results final
//!   (a threshold algorithm).
//! - `d/<t>.<c>.json` ([`documents`]): what results show for documents
//!   `c * DOCS_PER_FILE`.. of transcript `t` (both base 36).
//! - `f/...` ([`facets`]): the journalists, outlets, years and topics that
//!   filters choose from, and the documents of each.
//!
//! A document's ref is `<t>.<k>` in base 36: transcript `t` (archive order)
//! and document `k` of that transcript.
//!
//! What the client must agree on with this writer (the format number, the
//! fields and their boosts, the text pipeline's stop words and stemmer, the
//! impact scale, LEB128, Rice coding and FNV-1a) has one source of truth:
//! `tests/fixtures/search-format.json`, which the Rust tests here and the
//! node tests of `static/search/` both read and assert against; the client's
//! warm-up data, `static/search/warmup-data.js`, is this writer's output,
//! pinned by a test (see `client.rs`).

mod analysis;
#[cfg(test)]
mod client;
mod documents;
mod facets;
mod heads;
mod manifest;
#[cfg(test)]
mod reference;
mod shard_json;
mod shards;
mod single;
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

pub use documents::{base36, doc_ref, snippet, SearchDoc, DOCS_PER_FILE};
pub use heads::bucket_of;
pub use shards::SHARD_BYTES;
pub use single::single_index;
pub use tiers::{IMPACT_LN_MIN, IMPACT_LN_STEP, MAX_TIERS, TAIL_BLOCK_BYTES, TIER_GROWTH, TOP_POSTINGS};

/// Fields of the search index, in order.
pub const SEARCH_FIELDS: [&str; FIELDS] = ["title", "asker", "outlet", "question", "answer", "date"];

/// Number of fields of the search index.
pub const FIELDS: usize = 6;

/// Version of the file layout above, in `manifest.json`.
pub const FORMAT: u32 = 4;

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
