//! Term files `t/<n>/<b>.bin`: what a query of several words reads of
//! each of them, in one request a word.
//!
//! Term file `b` of shard `n` (the manifest's `terms[n][0]` of them, named
//! with the seed `terms[n][1]`) holds the entry ([`term_entry`]) of every
//! term of the shard that [`bucket_of`] puts there: the term's postings as
//! the shard has them ([`postings_part`]) and, for a cut term, its tier
//! directory, its head and the list of its tail's documents (see
//! `tiers.rs`); and the forward records of its first documents (see
//! `forward.rs`). A client computes the name from the word alone, so a
//! query of several words asks for the term files of all its words at
//! once, and reads a shard only for a word that is not a term (a word
//! being typed).

use super::analysis::Posting;
use super::codes::push_leb128;
use super::documents::Docs;
use super::shard_json::folded_tf;
use super::FIELDS;

/// Seeds [`term_files`] tries for each shard.
pub(super) const TERM_SEEDS: u32 = 64;

/// A term entry larger than this has a file of its own in the count of
/// [`file_count`]; the others share files, about [`SMALL_PER_FILE`] a file.
const LARGE_ENTRY: usize = 1024;

/// See [`LARGE_ENTRY`].
const SMALL_PER_FILE: usize = 8;

/// The term file of a shard with `buckets` of them that holds `term`'s
/// entry: FNV-1a (32 bits) of `seed` (when not 0, as a first byte) and the
/// UTF-8 bytes of `term`, modulo `buckets` (`bucketOf` in
/// `static/search/format.js`).
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

/// How many term files a shard with these entries has: one per large entry
/// and one per [`SMALL_PER_FILE`] small ones, so that a word's file holds
/// about one large entry (most often its own) and a few small ones.
pub(super) fn file_count(entries: &[(String, Vec<u8>)]) -> usize {
    let large = entries.iter().filter(|e| e.1.len() > LARGE_ENTRY).count();
    (large + (entries.len() - large).div_ceil(SMALL_PER_FILE)).max(1)
}

/// The term files of a shard (`entries`: `(term, entry)`), and the seed of
/// their names: [`file_count`] files; file `b` holds the entries of the
/// terms `t` with `bucket_of(t, files, seed) == b`, in term order. Empty
/// files are written too, so that every name a client computes exists. Of
/// the first [`TERM_SEEDS`] seeds, the one whose largest file is smallest,
/// then whose sum of squared sizes is: a query reads a whole file for one
/// word, and a file where large entries meet would be read for each.
pub(super) fn term_files(entries: &[(String, Vec<u8>)]) -> (u32, Vec<Vec<u8>>) {
    let n = file_count(entries);
    let cost = |seed: u32| {
        let mut files = vec![0usize; n];
        for (term, entry) in entries {
            files[bucket_of(term, n, seed)] += entry.len();
        }
        let largest = files.iter().copied().max().unwrap_or(0);
        (largest, files.iter().map(|f| f * f).sum::<usize>())
    };
    let seed = (0..TERM_SEEDS).min_by_key(|&seed| cost(seed)).unwrap_or(0);
    let mut files = vec![Vec::new(); n];
    for (term, entry) in entries {
        files[bucket_of(term, n, seed)].extend_from_slice(entry);
    }
    (seed, files)
}

/// One term in a term file: the length of `term` in bytes (LEB128),
/// `term` (UTF-8), the number of its parts (LEB128), the size of each
/// (LEB128), then the parts, empty ones at the end left out: its postings
/// ([`postings_part`]); for a cut term its tier directory (the numbers of
/// the shard's `tiers` entry, LEB128), its head and the list of its tail's
/// documents (see `tiers.rs`, empty when there is none); its forward
/// records (see `forward.rs`, empty when none).
pub(super) fn term_entry<P: AsRef<[u8]>>(term: &str, parts: &[P]) -> Vec<u8> {
    let parts = &parts[..parts.iter().rposition(|p| !p.as_ref().is_empty()).map_or(0, |i| i + 1)];
    let mut out = Vec::with_capacity(term.len() + parts.iter().map(|p| p.as_ref().len() + 3).sum::<usize>() + 4);
    push_leb128(&mut out, term.len());
    out.extend_from_slice(term.as_bytes());
    push_leb128(&mut out, parts.len());
    for part in parts {
        push_leb128(&mut out, part.as_ref().len());
    }
    for part in parts {
        out.extend_from_slice(part.as_ref());
    }
    out
}

/// The postings a shard keeps of a term, as its term entry holds them: per
/// field, its `df` (the archive-wide one of a cut term, `dfs`, else the
/// number of postings; LEB128), the number of postings (LEB128), then per
/// posting, in document order, the gap from the previous document number
/// (the first one from 0; LEB128) and its folded tf ([`folded_tf`], 4
/// significant digits) as `m * 10^e`: `m` (LEB128) and `e + 128` (a byte).
pub(super) fn postings_part(postings: &[Posting], dfs: Option<&[u32; FIELDS]>, docs: &Docs) -> Vec<u8> {
    let mut out = Vec::with_capacity(postings.len() * 5 + 2 * FIELDS);
    for f in 0..FIELDS {
        let mut list: Vec<(u32, f64)> = postings.iter().filter(|p| p.field() == f).map(|p| (p.doc, folded_tf(p.count(), docs.length(p.doc, f)))).collect();
        list.sort_unstable_by_key(|p| p.0);
        let df = dfs.map(|d| d[f]).filter(|d| *d > 0).unwrap_or(list.len() as u32);
        push_leb128(&mut out, if list.is_empty() { 0 } else { df as usize });
        push_leb128(&mut out, list.len());
        let mut prev = 0;
        for (doc, tf) in list {
            push_leb128(&mut out, (doc - prev) as usize);
            prev = doc;
            let (m, e) = decimal(tf);
            push_leb128(&mut out, m as usize);
            out.push((e + 128) as u8);
        }
    }
    out
}

/// A folded tf, 4 significant digits, as `(m, e)` with `m * 10^e` equal to
/// it (the client divides `m` by `10^-e`, which gives back the same double
/// as parsing the shard's JSON does).
pub(super) fn decimal(tf: f64) -> (u32, i32) {
    let text = format!("{tf:.3e}");
    let (digits, exp) = text.split_once('e').expect("{:e} has an exponent");
    let m = digits.replace('.', "").parse().expect("digits");
    (m, exp.parse::<i32>().expect("an exponent") - 3)
}

#[cfg(test)]
mod tests {
    use super::super::testdata::decode_terms;
    use super::*;

    #[test]
    fn term_files_are_named_by_fnv1a_and_hold_each_term_once() {
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
        // Two large entries and thirty small ones.
        let entries: Vec<(String, Vec<u8>)> = (0..32)
            .map(|i| {
                let term = format!("t{i}");
                let parts = vec![vec![i as u8; if i < 2 { 3000 } else { 10 + i }]];
                let entry = term_entry(&term, &parts);
                (term, entry)
            })
            .collect();
        let (seed, files) = term_files(&entries);
        assert_eq!(files.len(), 2 + 30usize.div_ceil(SMALL_PER_FILE));
        let mut found = 0;
        for (b, file) in files.iter().enumerate() {
            for (term, parts) in decode_terms(file) {
                assert_eq!(bucket_of(&term, files.len(), seed), b, "{term} in its file");
                let i: usize = term[1..].parse().unwrap();
                assert_eq!(parts, vec![vec![i as u8; if i < 2 { 3000 } else { 10 + i }]], "{term}'s parts");
                found += 1;
            }
        }
        assert_eq!(found, entries.len());
        // No other seed has a smaller largest file; the large entries are apart.
        let largest = files.iter().map(Vec::len).max().unwrap();
        assert!(largest < 6000, "the two large entries in different files");
        for other in 0..TERM_SEEDS {
            let mut sizes = vec![0; files.len()];
            entries.iter().for_each(|e| sizes[bucket_of(&e.0, files.len(), other)] += e.1.len());
            assert!(sizes.into_iter().max().unwrap() >= largest, "seed {other} beats {seed}");
        }
    }

    #[test]
    fn term_entries_leave_out_empty_parts_at_the_end() {
        let entry = term_entry("war", &[vec![1, 2], vec![], vec![3], vec![], vec![]]);
        assert_eq!(entry, vec![3, b'w', b'a', b'r', 3, 2, 0, 1, 1, 2, 3]);
        assert_eq!(decode_terms(&entry), vec![("war".to_string(), vec![vec![1, 2], vec![], vec![3]])]);
    }

    #[test]
    fn tfs_are_written_as_the_decimals_the_shards_hold() {
        for (count, len) in [(1, 1), (1, 3), (2, 7), (1, 280), (3, 1000), (1, 0), (7, 0), (1, 123_457)] {
            let tf = folded_tf(count, len);
            let (m, e) = decimal(tf);
            assert!((1000..10_000).contains(&m), "{tf}: {m}e{e}");
            let back = if e < 0 { f64::from(m) / 10f64.powi(-e) } else { f64::from(m) * 10f64.powi(e) };
            assert_eq!(back, tf, "{m}e{e}");
            assert_eq!(format!("{m}e{e}").parse::<f64>().unwrap(), tf);
        }
        assert_eq!(decimal(0.05976), (5976, -5));
        assert_eq!(decimal(1.0), (1000, -3));
    }
}
