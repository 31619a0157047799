//! Forward records: for the first documents of a term, what the dense
//! terms weigh in them.
//!
//! A dense term is one in more than half the documents ([`DENSE_SHARE`];
//! at most [`MAX_DENSE`] of them, the most frequent; the manifest lists them,
//! `dense`). Most of its documents are in its tail, read by blocks of
//! document numbers, and no list tells which documents lack it. A query
//! of such a word and another one ranks first the documents where the
//! other weighs most; to prove their order it needs the dense word's
//! impact in each of them, scattered over the archive: a block each. So
//! the term entry of every term (see `terms.rs`) ends with the forward
//! records of its [`FORWARD_DOCS`] documents of highest impact: per
//! document, per dense term, whether the document lacks it, has it in the
//! dense term's own term entry (its postings or head), or has it in its
//! tail, and then its level there.

use super::codes::push_leb128;

/// A term in more than one document in this many is dense.
pub(super) const DENSE_SHARE: usize = 2;

/// Dense terms at most (the most frequent ones).
pub(super) const MAX_DENSE: usize = 64;

/// Documents of highest impact per term with a forward record.
pub(super) const FORWARD_DOCS: usize = 64;

/// Where a dense term's posting of a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// In the dense term's term entry: its postings or head.
    Entry,
    /// In its tail, at this level.
    Tail(u16),
}

/// A dense term's documents: `(document, place)`, any order.
pub(super) type DenseTerm = (String, Vec<(u32, Place)>);

/// The dense terms of an archive and, per document, where each has it.
pub(super) struct Dense {
    /// The dense terms, sorted (the manifest's `dense`).
    pub terms: Vec<String>,
    /// Per document, per dense term: 0 absent, 1 in the entry, 2 in the tail.
    codes: Vec<u8>,
    /// Per document, per dense term, its tail level (when code 2).
    levels: Vec<u16>,
}

impl Dense {
    /// The dense terms of `candidates` (terms with their documents) among
    /// `total` documents: those in more than `total / DENSE_SHARE`, at most
    /// [`MAX_DENSE`].
    pub fn new(mut candidates: Vec<DenseTerm>, total: usize) -> Dense {
        candidates.retain(|c| c.1.len() > total / DENSE_SHARE);
        candidates.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
        candidates.truncate(MAX_DENSE);
        candidates.sort_by(|a, b| a.0.cmp(&b.0));
        let d = candidates.len();
        let mut codes = vec![0u8; total * d];
        let mut levels = vec![0u16; total * d];
        for (j, (_, docs)) in candidates.iter().enumerate() {
            for &(doc, place) in docs {
                let at = doc as usize * d + j;
                match place {
                    Place::Entry => codes[at] = 1,
                    Place::Tail(level) => {
                        codes[at] = 2;
                        levels[at] = level;
                    }
                }
            }
        }
        Dense { terms: candidates.into_iter().map(|c| c.0).collect(), codes, levels }
    }

    /// The forward records of documents `docs` (sorted, distinct), empty
    /// when there are no dense terms: their number (LEB128), then per
    /// document its gap from the previous one (the first one from 0;
    /// LEB128), a code of 2 bits per dense term, in the manifest's order,
    /// high bits first, padded to a byte (0: the document lacks the term, 1:
    /// its posting is in the term's entry, 2: in its tail), then for each
    /// code 2 the level, in two bytes, big-endian (`decodeForward` in
    /// `static/search/format.js`).
    pub fn records(&self, docs: &[u32]) -> Vec<u8> {
        let d = self.terms.len();
        if d == 0 || docs.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(docs.len() * (d / 4 + 2 * d / 2 + 2));
        push_leb128(&mut out, docs.len());
        let mut prev = 0;
        for &doc in docs {
            push_leb128(&mut out, (doc - prev) as usize);
            prev = doc;
            let at = doc as usize * d;
            let codes = &self.codes[at..at + d];
            for four in codes.chunks(4) {
                out.push(four.iter().enumerate().fold(0u8, |byte, (i, c)| byte | c << (6 - 2 * i)));
            }
            for (j, &code) in codes.iter().enumerate() {
                if code == 2 {
                    out.extend_from_slice(&self.levels[at + j].to_be_bytes());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testdata::decode_forward;
    use super::*;

    #[test]
    fn records_say_where_each_dense_term_is() {
        // 10 documents: "a" in 6 (dense), "b" in 9 (dense), "c" in 5 (not).
        let a: Vec<(u32, Place)> = [0, 1, 2, 3, 7, 9].iter().map(|&d| (d, if d < 2 { Place::Entry } else { Place::Tail(100 + d as u16) })).collect();
        let b: Vec<(u32, Place)> = (1..10).map(|d| (d, Place::Tail(7))).collect();
        let c: Vec<(u32, Place)> = (0..5).map(|d| (d, Place::Entry)).collect();
        let dense = Dense::new(vec![("b".into(), b), ("c".into(), c), ("a".into(), a)], 10);
        assert_eq!(dense.terms, ["a", "b"]);
        let bytes = dense.records(&[0, 3, 8]);
        // 3 documents; 0: a in its entry, no b: 01 00 -> 0x40; 3: a in the
        // tail (103), b in the tail (7): 10 10 -> 0xa0; 8: no a, b: 00 10.
        assert_eq!(bytes, vec![3, 0, 0x40, 3, 0xa0, 0, 103, 0, 7, 5, 0x20, 0, 7]);
        assert_eq!(decode_forward(&bytes, 2), vec![(0, vec![(1, None), (0, None)]), (3, vec![(2, Some(103)), (2, Some(7))]), (8, vec![(0, None), (2, Some(7))])]);
        assert_eq!(Dense::new(vec![], 10).records(&[1]), Vec::<u8>::new());
    }

    #[test]
    fn at_most_max_dense_terms_the_most_frequent() {
        let terms: Vec<DenseTerm> = (0..MAX_DENSE + 5).map(|i| (format!("t{i:03}"), (0..(101 + i as u32)).map(|d| (d, Place::Entry)).collect())).collect();
        let dense = Dense::new(terms, 200);
        assert_eq!(dense.terms.len(), MAX_DENSE);
        assert_eq!(dense.terms[0], "t005", "the five least frequent left out");
    }
}
