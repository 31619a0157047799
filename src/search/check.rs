//! For the tests: that what a query reads of a term agrees with its shard,
//! wherever it reads it: the term's entry in its term file (postings,
//! directory, head, list of the tail's documents, forward records) and the
//! blocks of its tail.

use std::collections::{BTreeSet, HashMap};

use super::analysis::Posting;
use super::documents::Docs;
use super::forward::{Dense, FORWARD_DOCS};
use super::paths::TailFile;
use super::shards::{finish_terms, Shard};
use super::terms::bucket_of;
use super::testdata::{decode_band, decode_forward, decode_postings, decode_presence, decode_terms, read_leb128};
use super::tiers::block_start;
use super::SEARCH_FIELDS;

/// Where a term's documents are, as read back: `(document, None)` in its
/// postings or head, `(document, Some(level))` in its tail.
type Places = Vec<(u32, Option<u16>)>;

/// A shard made of these terms.
pub(super) type Made<'a> = (&'a [(String, Vec<Posting>)], Shard);

/// Checks every shard (with its terms) against its term files and blocks;
/// returns the number of cut terms.
pub(super) fn check_shards(shards: &[Made<'_>], docs: &Docs) -> usize {
    let dense = Dense::new(shards.iter().flat_map(|s| s.1.dense.clone()).collect(), docs.total());
    let mut places: HashMap<String, Places> = HashMap::new();
    let mut forward: Vec<(String, Vec<u8>)> = Vec::new();
    let mut cut = 0;
    for (terms, shard) in shards {
        let json: serde_json::Value = serde_json::from_slice(&shard.json).unwrap();
        let (seed, files) = finish_terms(&shard.terms, &dense);
        let mut entries: HashMap<String, Vec<Vec<u8>>> = HashMap::new();
        for (b, file) in files.iter().enumerate() {
            for (term, parts) in decode_terms(file) {
                assert_eq!(bucket_of(&term, files.len(), seed), b, "{term:?} in its term file");
                assert!(entries.insert(term.clone(), parts).is_none(), "{term:?} once");
            }
        }
        assert_eq!(entries.len(), terms.len(), "every term in a term file");
        for ((term, postings), data) in terms.iter().zip(&shard.terms) {
            assert_eq!(term, &data.term);
            let parts = &entries[term];
            let found = check_term(term, postings, parts, &json, shard, docs);
            cut += usize::from(json["tiers"].get(term).is_some());
            if dense.terms.contains(term) {
                places.insert(term.clone(), found);
            }
            // Forward records for its first documents by impact.
            let records = parts.get(4).cloned().unwrap_or_default();
            let mut all: Vec<u32> = postings.iter().map(|p| p.doc).collect();
            all.dedup();
            assert_eq!(data.first.len(), all.len().min(FORWARD_DOCS), "{term:?}: documents with forward records");
            assert!(data.first.windows(2).all(|w| w[0] < w[1]) && data.first.iter().all(|d| all.contains(d)));
            if !dense.terms.is_empty() {
                assert_eq!(decode_forward(&records, dense.terms.len()).iter().map(|r| r.0).collect::<Vec<u32>>(), data.first, "{term:?}");
            }
            forward.push((term.clone(), records));
        }
    }
    // Forward records say where each dense term is in each document.
    for (term, records) in forward {
        for (doc, codes) in decode_forward(&records, dense.terms.len()) {
            for (j, code) in codes.into_iter().enumerate() {
                let place = places[&dense.terms[j]].iter().find(|p| p.0 == doc).map(|p| p.1);
                let expected = match place {
                    None => (0, None),
                    Some(None) => (1, None),
                    Some(Some(level)) => (2, Some(level)),
                };
                assert_eq!(code, expected, "{term:?}: document {doc}, dense term {:?}", dense.terms[j]);
            }
        }
    }
    cut
}

/// Checks one term's entry and blocks against its postings and its
/// shard's JSON; returns where its documents are.
fn check_term(term: &str, postings: &[Posting], parts: &[Vec<u8>], json: &serde_json::Value, shard: &Shard, docs: &Docs) -> Places {
    let mut expected: Vec<u32> = postings.iter().map(|p| p.doc).collect();
    expected.dedup();
    // Its postings: what the shard's JSON has, field by field.
    let mut found: Places = Vec::new();
    for (f, (df, list)) in decode_postings(&parts[0]).into_iter().enumerate() {
        let mut node = &json["index"][SEARCH_FIELDS[f]]["root"];
        for c in term.chars() {
            node = &node[c.to_string()];
        }
        let in_json: Vec<(u32, f64)> = node["docs"]
            .as_object()
            .map(|d| {
                let mut list: Vec<(u32, f64)> = d
                    .iter()
                    .map(|(r, v)| {
                        let (t, k) = r.split_once('.').unwrap();
                        let doc = docs.first[usize::from_str_radix(t, 36).unwrap()] + u32::from_str_radix(k, 36).unwrap();
                        (doc, v["tf"].as_f64().unwrap())
                    })
                    .collect();
                list.sort_by_key(|p| p.0);
                list
            })
            .unwrap_or_default();
        assert_eq!(list, in_json, "{term:?}: postings in {}", SEARCH_FIELDS[f]);
        if !list.is_empty() {
            assert_eq!(u64::from(df), node["df"].as_u64().unwrap(), "{term:?}: df in {}", SEARCH_FIELDS[f]);
        }
        found.extend(list.iter().map(|p| (p.0, None)));
    }
    let Some(entry) = json["tiers"].get(term) else {
        assert!(parts.iter().skip(1).take(3).all(Vec::is_empty), "{term:?}: not cut, but parts {parts:?}");
        found.sort_unstable();
        found.dedup();
        assert_eq!(found.iter().map(|p| p.0).collect::<Vec<u32>>(), expected, "documents of {term:?}");
        return found;
    };
    // A cut term: its directory, head and tail.
    let directory: Vec<usize> = entry.as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
    let mut at = 0;
    let numbers: Vec<usize> = std::iter::from_fn(|| (at < parts[1].len()).then(|| read_leb128(&parts[1], &mut at))).collect();
    assert_eq!(numbers, directory, "{term:?}: the directory");
    let (i, blocks) = (directory[0], directory[1]);
    let head = decode_band(&parts[2], 0);
    assert_eq!(directory[3], parts[2].len());
    found.sort_unstable();
    found.dedup();
    let kept = found.len();
    found.extend(head.iter().map(|d| (d.0, None)));
    assert_eq!(kept + head.len(), found.iter().map(|p| p.0).collect::<BTreeSet<u32>>().len(), "{term:?}: the head holds no kept document");
    let mut tail: Vec<(u32, u16)> = Vec::new();
    let mut bytes = 0;
    for b in 0..blocks {
        let block = &shard.blocks.iter().find(|f| f.0 == TailFile::Block { term: i, block: b }).unwrap_or_else(|| panic!("{term:?}: block {b}")).1;
        bytes += block.len();
        let (lo, hi) = (block_start(b, blocks, docs.total()), block_start(b + 1, blocks, docs.total()));
        let part = decode_band(block, lo);
        assert!(part.iter().all(|d| d.0 >= lo && d.0 < hi), "{term:?}: block {b}'s range");
        tail.extend(part);
    }
    assert_eq!(directory.len(), if blocks > 0 { 6 } else { 4 });
    if let Some(whole) = shard.blocks.iter().find(|f| f.0 == TailFile::Whole { term: i }) {
        assert!(blocks > 1, "{term:?}: a whole tail in more than one block");
        assert_eq!(decode_band(&whole.1, 0), tail, "{term:?}: the whole tail is its blocks");
    }
    if blocks > 0 {
        assert_eq!(directory[5], bytes);
        assert_eq!(directory[4], usize::from(tail.iter().map(|d| d.1).max().unwrap()), "{term:?}: the tail's highest level");
        assert!(head.iter().map(|d| d.1).min() >= tail.iter().map(|d| d.1).max(), "{term:?}: the head before the tail");
    }
    let listed = parts.get(3).filter(|p| !p.is_empty()).map(|p| decode_presence(p));
    if let Some(listed) = listed {
        assert_eq!(listed, tail.iter().map(|d| d.0).collect::<Vec<u32>>(), "{term:?}: the list of its tail's documents");
    }
    found.sort_unstable();
    found.dedup();
    found.extend(tail.iter().map(|d| (d.0, Some(d.1))));
    let distinct: BTreeSet<u32> = found.iter().map(|p| p.0).collect();
    assert_eq!(found.len(), distinct.len(), "{term:?}: each document in one place");
    assert_eq!(distinct.into_iter().collect::<Vec<u32>>(), expected, "documents of {term:?}");
    found
}
