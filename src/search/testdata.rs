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
/// a few terms in more than TOP_POSTINGS documents (heads and tails).
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


/// Bits of a byte slice from bit `at`, high bit first.
pub(super) struct Bits<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Bits<'a> {
    pub fn new(bytes: &'a [u8], byte: usize) -> Bits<'a> {
        Bits { bytes, at: byte * 8 }
    }

    pub fn bit(&mut self) -> u32 {
        let b = self.bytes[self.at / 8] >> (7 - self.at % 8) & 1;
        self.at += 1;
        u32::from(b)
    }

    pub fn bits(&mut self, count: u32) -> u32 {
        (0..count).fold(0, |v, _| v << 1 | self.bit())
    }

    pub fn rice(&mut self, k: u32) -> u32 {
        let mut q = 0;
        while self.bit() == 1 {
            q += 1;
        }
        q << k | self.bits(k)
    }
}

/// Reads [`super::codes::encode_band`]'s bytes back, documents from `base`.
pub(super) fn decode_band(bytes: &[u8], base: u32) -> Vec<(u32, u16)> {
    let mut at = 0;
    let n = read_leb128(bytes, &mut at);
    if n == 0 {
        return Vec::new();
    }
    let k = u32::from(bytes[at]);
    let top = u16::from_be_bytes([bytes[at + 1], bytes[at + 2]]);
    let w = u32::from(bytes[at + 3]);
    let mut bits = Bits::new(bytes, at + 4);
    let mut next = base;
    (0..n)
        .map(|_| {
            let doc = next + bits.rice(k);
            next = doc + 1;
            (doc, top - bits.bits(w) as u16)
        })
        .collect()
}

/// A forward record read back: the document, and per dense term its code
/// and its level (code 2).
pub(super) type Record = (u32, Vec<(u8, Option<u16>)>);

/// Reads [`super::forward::Dense::records`]'s bytes back, for `dense` dense
/// terms.
pub(super) fn decode_forward(bytes: &[u8], dense: usize) -> Vec<Record> {
    let mut at = 0;
    let n = read_leb128(bytes, &mut at);
    let mut doc = 0;
    (0..n)
        .map(|_| {
            doc += read_leb128(bytes, &mut at) as u32;
            let codes: Vec<u8> = (0..dense).map(|j| bytes[at + j / 4] >> (6 - 2 * (j % 4)) & 3).collect();
            at += dense.div_ceil(4);
            let places = codes
                .into_iter()
                .map(|code| {
                    let level = (code == 2).then(|| u16::from_be_bytes([bytes[at], bytes[at + 1]]));
                    at += if code == 2 { 2 } else { 0 };
                    (code, level)
                })
                .collect();
            (doc, places)
        })
        .collect()
}

/// Reads [`super::codes::encode_presence`]'s bytes back.
pub(super) fn decode_presence(bytes: &[u8]) -> Vec<u32> {
    let mut at = 0;
    let n = read_leb128(bytes, &mut at);
    let k = u32::from(bytes[at]);
    let mut bits = Bits::new(bytes, at + 1);
    let mut next = 0u32;
    (0..n)
        .map(|_| {
            let doc = next + bits.rice(k);
            next = doc + 1;
            doc
        })
        .collect()
}

/// Reads a term file back: (term, parts) in order.
pub(super) fn decode_terms(bytes: &[u8]) -> Vec<(String, Vec<Vec<u8>>)> {
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


/// Reads [`super::terms::postings_part`]'s bytes back: per field, its df
/// and `(document, tf)` pairs.
pub(super) fn decode_postings(bytes: &[u8]) -> Vec<(u32, Vec<(u32, f64)>)> {
    let mut at = 0;
    (0..FIELDS)
        .map(|_| {
            let df = read_leb128(bytes, &mut at) as u32;
            let n = read_leb128(bytes, &mut at);
            let mut doc = 0;
            let list = (0..n)
                .map(|_| {
                    doc += read_leb128(bytes, &mut at) as u32;
                    let m = read_leb128(bytes, &mut at) as f64;
                    let e = i32::from(bytes[at]) - 128;
                    at += 1;
                    (doc, if e < 0 { m / 10f64.powi(-e) } else { m * 10f64.powi(e) })
                })
                .collect();
            (df, list)
        })
        .collect()
}
