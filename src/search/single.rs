//! The same documents in one classic elasticlunr-rs index: not part of a
//! site, but what the browser tests and `bench/measure.mjs` rank against to
//! check the shards (`examples/single_index.rs` writes it into a built site
//! as `search/single.json`).

use elasticlunr::IndexBuilder;

use super::documents::{doc_ref, documents};
use super::SEARCH_FIELDS;
use crate::resolve::Archive;

/// All documents of the archive in one elasticlunr-rs index, the classic
/// way (full `documentStore`, English pipeline), with the same refs as the
/// shards; as JSON.
pub fn single_index(archive: &Archive) -> String {
    let mut index = IndexBuilder::new().save_docs(false).add_fields(SEARCH_FIELDS).build();
    for (t, tdocs) in documents(archive).iter().enumerate() {
        for (k, doc) in tdocs.iter().enumerate() {
            index.add_doc(&doc_ref(t, k), doc.fields.iter());
        }
    }
    index.to_json()
}
