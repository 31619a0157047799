//! For the search tests: the example archive, pseudo-random documents made
//! to meet the writer's corner cases, and readers of the binary files.

use std::path::Path;

use super::documents::{Doc, DocMeta, SearchDoc};
use super::FIELDS;
use crate::resolve::Archive;

/// The example archive, loaded, parsed and resolved as a build does.
pub(super) fn example_archive() -> Archive {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = crate::config::Config::load(root).unwrap();
    crate::pipeline::load_archive(root, &config).unwrap()
}

/// A document of these fields, showing nothing.
fn doc(fields: [String; FIELDS]) -> Doc {
    let show = SearchDoc { anchor: String::new(), asker: None, outlet: None, snippet: String::new() };
    Doc { fields, meta: DocMeta { show, asker_slug: None, outlet_slug: None } }
}

/// Pseudo-random documents: terms that are prefixes of one another,
/// non-ASCII and JSON-escaped characters, stop words, empty fields, and
/// a few terms in more than TOP_POSTINGS documents (tier files).
pub(super) fn synthetic_docs() -> Vec<Vec<Doc>> {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let syllables = ["na", "to", "nat", "ur", "é", "ß", "ü\"x", "a\\b", "q\u{1}r", "7", "_", "war", "ing", "ed", "s", "Zo", "'t", "i"];
    let stop = ["the", "and", "of", "--", "...", "\"", "is"];
    let word = |next: &mut dyn FnMut(usize) -> usize| -> String {
        match next(10) {
            0 => stop[next(stop.len())].to_string(),
            1 => "common".to_string(),
            _ => (0..1 + next(3)).map(|_| syllables[next(syllables.len())]).collect(),
        }
    };
    (0..150)
        .map(|_| {
            (0..1 + next(14))
                .map(|_| {
                    let fields: [String; FIELDS] = std::array::from_fn(|f| {
                        let n = if f == 1 && next(3) == 0 { 0 } else { next([4, 2, 2, 40, 60, 3][f]) };
                        (0..n).map(|_| word(&mut next)).collect::<Vec<_>>().join(if next(2) == 0 { " " } else { "\n" })
                    });
                    doc(fields)
                })
                .collect()
        })
        .collect()
}

/// Reads the LEB128 number at `bytes[*i]` (see [`push_leb128`]) and moves `i` past it.
pub(super) fn read_leb128(bytes: &[u8], i: &mut usize) -> usize {
    let (mut n, mut shift) = (0usize, 0);
    loop {
        let b = bytes[*i];
        *i += 1;
        n |= usize::from(b & 0x7f) << shift;
        shift += 7;
        if b < 0x80 {
            return n;
        }
    }
}


/// Reads a tier file back: (document number, level) pairs.
pub(super) fn decode_tier(bytes: &[u8]) -> Vec<(u32, u16)> {
    let mut out = Vec::new();
    let (mut i, mut doc) = (0, 0u32);
    while i < bytes.len() {
        doc += read_leb128(bytes, &mut i) as u32;
        out.push((doc, u16::from_be_bytes([bytes[i], bytes[i + 1]])));
        i += 2;
    }
    out
}


/// Reads [`super::tiers::encode_presence`]'s bytes back.
pub(super) fn decode_presence(bytes: &[u8]) -> Vec<u32> {
    let mut at = 0;
    let n = read_leb128(bytes, &mut at);
    let k = u32::from(bytes[at]);
    let mut bit = (at + 1) * 8;
    let mut next_bit = || {
        let b = bytes[bit / 8] >> (7 - bit % 8) & 1;
        bit += 1;
        u32::from(b)
    };
    let mut docs = Vec::with_capacity(n);
    let mut next = 0u32;
    for _ in 0..n {
        let mut q = 0;
        while next_bit() == 1 {
            q += 1;
        }
        let mut gap = q << k;
        for b in (0..k).rev() {
            gap |= next_bit() << b;
        }
        docs.push(next + gap);
        next += gap + 1;
    }
    docs
}


/// Reads a heads file back: (term, tiers) in order.
pub(super) fn decode_heads(bytes: &[u8]) -> Vec<(String, Vec<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let len = read_leb128(bytes, &mut i);
        let term = String::from_utf8(bytes[i..i + len].to_vec()).unwrap();
        i += len;
        let count = read_leb128(bytes, &mut i);
        let sizes: Vec<usize> = (0..count).map(|_| read_leb128(bytes, &mut i)).collect();
        let mut tiers = Vec::new();
        for size in sizes {
            tiers.push(bytes[i..i + size].to_vec());
            i += size;
        }
        out.push((term, tiers));
    }
    out
}

