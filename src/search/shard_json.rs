//! The JSON of a shard `s/<n>.json`: an elasticlunr.js 0.9.5-compatible
//! index, written directly from the postings, byte for byte as
//! elasticlunr-rs's `Index::to_json` writes the same documents once
//! rewritten as below (`reference.rs` keeps that former path, and a test
//! compares the two).
//!
//! The rewrite: because a term lives in exactly one shard, its `df` is the
//! archive-wide one, and `documentStore.length` is the archive-wide
//! document count, so scores agree across shards. The per-document
//! field-length norm of elasticlunr (1/sqrt(length)) is folded into `tf`
//! ([`folded_tf`], rounded to [`TF_DIGITS`] significant digits), so no
//! shard needs the per-document `docInfo` table; elasticlunr.js then uses a
//! norm of 1 and computes the same score. Trie nodes without postings carry
//! no `docs`/`df`. A cut term (see `tiers.rs`) keeps the `df`s of all its
//! documents.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;

use super::analysis::{FxMap, Posting};
use super::documents::Docs;
use super::{FIELDS, SEARCH_FIELDS};

/// Significant digits kept of a folded term frequency.
const TF_DIGITS: usize = 4;

/// Postings of one term in one index (what a shard keeps of it).
pub(super) type Listed<'a> = (&'a str, Cow<'a, [Posting]>);

/// Serializes one index: terms, the documents, split terms' archive-wide
/// dfs.
pub(super) type WriteIndex = fn(&[Listed<'_>], &Docs, &HashMap<String, [u32; FIELDS]>) -> Vec<u8>;

/// Rounds to [`TF_DIGITS`] significant digits.
pub(super) fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    format!("{:.*e}", TF_DIGITS - 1, x).parse().unwrap_or(x)
}

/// A folded term frequency as the shards hold it: sqrt(count) / sqrt(field
/// length), rounded to [`TF_DIGITS`].
pub(super) fn folded_tf(count: u32, len: u32) -> f64 {
    let tf = f64::from(count).sqrt();
    round_sig(if len > 0 { tf / f64::from(len).sqrt() } else { tf })
}

/// The ref of a document as a number that sorts as the ref string does
/// (its bytes, big-endian, zero-padded: refs have at most 15 bytes).
fn ref_key(t: u32, k: u32) -> u128 {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut buf = [0u8; 16];
    let mut at = 0;
    for (mut n, dot) in [(t, true), (k, false)] {
        let mut digits = [0u8; 7];
        let mut len = 0;
        loop {
            digits[len] = DIGITS[(n % 36) as usize];
            len += 1;
            n /= 36;
            if n == 0 {
                break;
            }
        }
        for d in digits[..len].iter().rev() {
            buf[at] = *d;
            at += 1;
        }
        if dot {
            buf[at] = b'.';
            at += 1;
        }
    }
    u128::from_be_bytes(buf)
}

/// Appends the ref of [`ref_key`] `key`.
fn push_ref(out: &mut Vec<u8>, key: u128) {
    let bytes = key.to_be_bytes();
    let len = bytes.iter().position(|b| *b == 0).unwrap_or(16);
    out.extend_from_slice(&bytes[..len]);
}

/// Appends `c` as a JSON string, escaped as serde_json escapes it.
fn push_char_key(out: &mut Vec<u8>, c: char) {
    if c.is_ascii_alphanumeric() {
        out.extend_from_slice(&[b'"', c as u8, b'"']);
    } else {
        let mut buf = [0u8; 4];
        serde_json::to_writer(&mut *out, c.encode_utf8(&mut buf) as &str).expect("writes to a Vec");
    }
}

/// Fields in the order elasticlunr-rs serializes its `index` (a BTreeMap by
/// name): indexes into [`SEARCH_FIELDS`].
fn fields_by_name() -> [usize; FIELDS] {
    let mut order: [usize; FIELDS] = std::array::from_fn(|f| f);
    order.sort_by_key(|f| SEARCH_FIELDS[*f]);
    order
}

/// One posting as the trie lists it: field, [`ref_key`], count, field length.
type Entry = (u8, u128, u32, u32);

/// Every term's postings by field, then ref; `bounds[i][f]..bounds[i][f + 1]`
/// are term i's postings in field f.
fn entries_by_field(terms: &[Listed<'_>], docs: &Docs) -> (Vec<Entry>, Vec<[usize; FIELDS + 1]>) {
    let total: usize = terms.iter().map(|(_, p)| p.len()).sum();
    let mut entries: Vec<Entry> = Vec::with_capacity(total);
    let mut bounds: Vec<[usize; FIELDS + 1]> = Vec::with_capacity(terms.len());
    for (_, postings) in terms {
        let start = entries.len();
        entries.extend(postings.iter().map(|p| {
            let (t, k) = docs.ref_of(p.doc);
            (p.field() as u8, ref_key(t, k), p.count(), docs.length(p.doc, p.field()))
        }));
        let list = &mut entries[start..];
        list.sort_unstable_by_key(|e| (e.0, e.1));
        let mut b = [start; FIELDS + 1];
        for (f, bound) in b.iter_mut().enumerate() {
            *bound = start + list.partition_point(|e| usize::from(e.0) < f);
        }
        bounds.push(b);
    }
    (entries, bounds)
}

/// Folded, rounded tfs as text, by (count, length), each formatted once.
#[derive(Default)]
struct TfText {
    at: FxMap<(u32, u32), (usize, usize)>,
    text: Vec<u8>,
}

impl TfText {
    fn push(&mut self, out: &mut Vec<u8>, count: u32, len: u32) {
        let text = &mut self.text;
        let (a, z) = *self.at.entry((count, len)).or_insert_with(|| {
            let a = text.len();
            write!(text, "{}", folded_tf(count, len)).expect("writes to a Vec");
            (a, text.len())
        });
        out.extend_from_slice(&self.text[a..z]);
    }
}

/// One shard index, written directly as elasticlunr-rs's
/// `Index::to_json` of these postings would be after the rewrite described
/// in the module documentation: per field, the trie of its terms (children
/// by character, `docs` by ref, as elasticlunr-rs's BTreeMaps order them),
/// `tf` = sqrt(count) (elasticlunr-rs's) / sqrt(field length), rounded to
/// [`TF_DIGITS`], nodes without postings without `docs`/`df`, `df` the
/// archive-wide one, and an empty `documentStore` with the archive's
/// document count. A test checks it against elasticlunr-rs's own output.
pub(super) fn index_json(terms: &[Listed<'_>], docs: &Docs, dfs: &HashMap<String, [u32; FIELDS]>) -> Vec<u8> {
    let (entries, bounds) = entries_by_field(terms, docs);
    let mut tfs = TfText::default();
    let mut out: Vec<u8> = Vec::with_capacity(entries.len() * 24 + terms.len() * 16 + 1024);
    out.extend_from_slice(br#"{"fields":"#);
    serde_json::to_writer(&mut out, &SEARCH_FIELDS).expect("writes to a Vec");
    out.extend_from_slice(br#","pipeline":["trimmer","stopWordFilter","stemmer"],"ref":"id","version":"#);
    serde_json::to_writer(&mut out, elasticlunr::ELASTICLUNR_VERSION).expect("writes to a Vec");
    out.extend_from_slice(br#","index":{"#);
    for (n, f) in fields_by_name().into_iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut out, SEARCH_FIELDS[f]).expect("writes to a Vec");
        out.extend_from_slice(br#":{"root":{"docs":{},"df":0"#);
        let lists = terms.iter().zip(&bounds).map(|((term, _), b)| (*term, &entries[b[f]..b[f + 1]]));
        write_trie(&mut out, lists, |term| dfs.get(term).map(|d| d[f]), &mut tfs);
        out.extend_from_slice(b"}}");
    }
    let total_docs = docs.total();
    out.extend_from_slice(format!(r#"}},"documentStore":{{"docInfo":{{}},"docs":{{}},"length":{total_docs},"save":false}},"lang":"English"}}"#).as_bytes());
    out
}

/// Writes the nodes below a field's root (whose `"docs":{},"df":0` is
/// written): per term, in order, its postings `list` in that field; a
/// cut term's archive-wide df in the field is `df(term)`.
fn write_trie<'a>(out: &mut Vec<u8>, lists: impl Iterator<Item = (&'a str, &'a [Entry])>, df: impl Fn(&str) -> Option<u32>, tfs: &mut TfText) {
    // The open nodes below the root: their character, and whether they have
    // content yet (a comma before the next key).
    let mut path: Vec<(char, bool)> = Vec::new();
    for (term, list) in lists {
        if list.is_empty() || term.is_empty() {
            continue;
        }
        // Close the nodes below the common prefix, open the new ones.
        let common = path.iter().zip(term.chars()).take_while(|((a, _), b)| a == b).count();
        out.resize(out.len() + (path.len() - common), b'}');
        path.truncate(common);
        for c in term.chars().skip(common) {
            if path.last().is_none_or(|(_, content)| *content) {
                out.push(b',');
            }
            if let Some(last) = path.last_mut() {
                last.1 = true;
            }
            push_char_key(out, c);
            out.extend_from_slice(b":{");
            path.push((c, false));
        }
        // A term's node is new here: terms sort before their extensions.
        out.extend_from_slice(br#""docs":{"#);
        for (i, &(_, key, count, len)) in list.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.push(b'"');
            push_ref(out, key);
            out.extend_from_slice(br#"":{"tf":"#);
            tfs.push(out, count, len);
            out.push(b'}');
        }
        out.extend_from_slice(br#"},"df":"#);
        let df = df(term).filter(|d| *d > 0).unwrap_or(list.len() as u32);
        out.extend_from_slice(df.to_string().as_bytes());
        if let Some(last) = path.last_mut() {
            last.1 = true;
        }
    }
    out.resize(out.len() + path.len(), b'}');
}

#[cfg(test)]
mod tests {
    use super::super::documents::doc_ref;
    use super::*;

    #[test]
    fn tf_keeps_four_digits() {
        assert_eq!(round_sig(0.0512345), 0.05123);
        assert_eq!(round_sig(1.0), 1.0);
    }

    #[test]
    fn refs_sort_as_strings() {
        let mut refs: Vec<(u32, u32)> = [(0, 0), (1, 0), (10, 0), (36, 5), (1, 35), (1, 36), (35, 1), (36 * 36, 0), (u32::MAX, u32::MAX)].to_vec();
        refs.sort_by_key(|&(t, k)| ref_key(t, k));
        let strings: Vec<String> = refs.iter().map(|&(t, k)| doc_ref(t as usize, k as usize)).collect();
        let mut sorted = strings.clone();
        sorted.sort();
        assert_eq!(strings, sorted);
        for &(t, k) in &refs {
            let mut out = Vec::new();
            push_ref(&mut out, ref_key(t, k));
            assert_eq!(out, doc_ref(t as usize, k as usize).as_bytes());
        }
    }
}
