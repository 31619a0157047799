//! Heads files `m/<n>/h<b>.bin`: the first tiers of a shard's cut terms.
//!
//! Heads file `b` of shard `n` (the manifest's `heads[n][0]` of them, named
//! with the seed `heads[n][1]`) holds the head tiers of the cut terms that
//! [`bucket_of`] puts there: every tier but a last one in blocks, and for a
//! last tier in blocks of at most half the documents, the numbers of its
//! documents (see `tiers.rs`). A client computes the name from the word
//! alone, so a query of several words asks for its heads files together
//! with its shards, in one round of requests.

use super::tiers::push_leb128;

/// Seeds [`heads_files`] tries for each shard.
pub(super) const HEADS_SEEDS: u32 = 64;

/// The heads file of a shard with `buckets` of them that holds the head
/// tiers of `term`: FNV-1a (32 bits) of `seed` (when not 0, as a first
/// byte) and the UTF-8 bytes of `term`, modulo `buckets` (`bucketOf` in
/// `static/search/format.js`). A client can then ask for a word's first tiers
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
pub(super) fn heads_files(heads: &[(String, Vec<Vec<u8>>)]) -> (u32, Vec<Vec<u8>>) {
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
pub(super) fn heads_entry(term: &str, tiers: &[Vec<u8>]) -> Vec<u8> {
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

#[cfg(test)]
mod tests {
    use super::super::testdata::decode_heads;
    use super::super::tiers::encode_tier;
    use super::*;

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

}
