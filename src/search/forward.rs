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

/// In a dense term's column (see [`DenseTerm`]): the document lacks it.
pub(super) const ABSENT: u16 = u16::MAX;

/// In a dense term's column: its posting of the document is in its term
/// entry (its postings or head).
pub(super) const ENTRY: u16 = u16::MAX - 1;

/// A dense term, its number of documents, and its column: per document
/// (by number) [`ABSENT`], [`ENTRY`] or the level of its posting in the
/// term's tail (levels are below [`ENTRY`]: an impact is at most about 130).
pub(super) type DenseTerm = (String, usize, Vec<u16>);

/// The column of a term in `docs` of `total` documents, `place(doc)` where
/// each is: [`ENTRY`], or its tail level.
pub(super) fn column(total: usize, docs: impl Iterator<Item = (u32, u16)>) -> Vec<u16> {
    let mut column = vec![ABSENT; total];
    for (doc, place) in docs {
        column[doc as usize] = place.min(ENTRY);
    }
    column
}

/// The dense terms of an archive and, per document, where each has it.
pub(super) struct Dense {
    /// The dense terms, sorted (the manifest's `dense`).
    pub terms: Vec<String>,
    /// Their columns, in the same order.
    columns: Vec<Vec<u16>>,
}

impl Dense {
    /// The dense terms of `candidates` among `total` documents: those in
    /// more than `total / DENSE_SHARE`, at most [`MAX_DENSE`].
    pub fn new(mut candidates: Vec<DenseTerm>, total: usize) -> Dense {
        candidates.retain(|c| c.1 > total / DENSE_SHARE);
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        candidates.truncate(MAX_DENSE);
        candidates.sort_by(|a, b| a.0.cmp(&b.0));
        let (terms, columns) = candidates.into_iter().map(|(term, _, column)| (term, column)).unzip();
        Dense { terms, columns }
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
        let mut out = Vec::with_capacity(docs.len() * (d / 4 + d + 2));
        push_leb128(&mut out, docs.len());
        let mut prev = 0;
        for &doc in docs {
            push_leb128(&mut out, (doc - prev) as usize);
            prev = doc;
            let places: Vec<u16> = self.columns.iter().map(|c| c[doc as usize]).collect();
            let code = |p: u16| match p {
                ABSENT => 0u8,
                ENTRY => 1,
                _ => 2,
            };
            for four in places.chunks(4) {
                out.push(four.iter().enumerate().fold(0u8, |byte, (i, p)| byte | code(*p) << (6 - 2 * i)));
            }
            for p in places.into_iter().filter(|p| code(*p) == 2) {
                out.extend_from_slice(&p.to_be_bytes());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::testdata::decode_forward;
    use super::*;

    /// A dense term of these (document, place) among 10 documents.
    fn term(name: &str, docs: Vec<(u32, u16)>) -> DenseTerm {
        (name.to_string(), docs.len(), column(10, docs.into_iter()))
    }

    #[test]
    fn records_say_where_each_dense_term_is() {
        // 10 documents: "a" in 6 (dense), "b" in 9 (dense), "c" in 5 (not).
        let a = term("a", [0, 1, 2, 3, 7, 9].iter().map(|&d| (d, if d < 2 { ENTRY } else { 100 + d as u16 })).collect());
        let b = term("b", (1..10).map(|d| (d, 7)).collect());
        let c = term("c", (0..5).map(|d| (d, ENTRY)).collect());
        let dense = Dense::new(vec![b, c, a], 10);
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
        let terms: Vec<DenseTerm> = (0..MAX_DENSE + 5).map(|i| (format!("t{i:03}"), 101 + i, column(200, (0..(101 + i as u32)).map(|d| (d, ENTRY))))).collect();
        let dense = Dense::new(terms, 200);
        assert_eq!(dense.terms.len(), MAX_DENSE);
        assert_eq!(dense.terms[0], "t005", "the five least frequent left out");
    }
}
