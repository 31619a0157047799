//! The binary codes of the search files (their readers are in
//! `static/search/format.js`; `tests/fixtures/search-format.json` pins
//! both): LEB128 numbers, Rice-coded lists of document numbers
//! ([`encode_presence`]) and impact bands, documents with their impact
//! levels ([`encode_band`]).

/// Appends `n` in LEB128: 7 bits a byte, low first, the high bit set on all
/// but the last byte.
pub(super) fn push_leb128(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Bits appended to a byte vector, high bit first.
pub(super) struct BitWriter {
    out: Vec<u8>,
    byte: u8,
    used: u32,
}

impl BitWriter {
    /// Bits appended after the bytes `out`.
    pub fn after(out: Vec<u8>) -> BitWriter {
        BitWriter { out, byte: 0, used: 0 }
    }

    pub fn push(&mut self, bit: bool) {
        self.byte = self.byte << 1 | u8::from(bit);
        self.used += 1;
        if self.used == 8 {
            self.out.push(self.byte);
            self.byte = 0;
            self.used = 0;
        }
    }

    /// The `count` low bits of `value`, high first.
    pub fn push_bits(&mut self, value: u32, count: u32) {
        for b in (0..count).rev() {
            self.push(value >> b & 1 == 1);
        }
    }

    /// `gap` Rice-coded with parameter `k`: `gap >> k` one-bits, a zero-bit,
    /// then the `k` low bits of `gap`.
    pub fn push_rice(&mut self, gap: u32, k: u32) {
        for _ in 0..gap >> k {
            self.push(true);
        }
        self.push(false);
        self.push_bits(gap, k);
    }

    /// The bytes, the last one padded with zeros.
    pub fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.out.push(self.byte << (8 - self.used));
        }
        self.out
    }
}

/// The Rice parameter for `n` numbers spread over `span`: about
/// log2(mean gap * ln 2), the best for gaps of a random subset.
fn rice_parameter(span: u64, n: usize) -> u32 {
    let mean = span as f64 / n.max(1) as f64;
    (mean * std::f64::consts::LN_2).log2().floor().clamp(0.0, 24.0) as u32
}

/// A list of documents, without impacts: which documents of a last tier in
/// blocks have the word, or not (see `tiers.rs`). `docs` sorted, distinct.
/// Rice coding of the gaps: the number of documents (LEB128), the
/// parameter `k` (one byte), then per document `g` = its number less the
/// previous one's less 1 (the first one: its number), Rice-coded
/// ([`BitWriter::push_rice`]); bits fill bytes from their high bit, the
/// last byte padded with zeros. About 2 + log2(mean gap) bits a document
/// (`decodePresence` in `static/search/format.js`).
pub(super) fn encode_presence(docs: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    push_leb128(&mut out, docs.len());
    let k = rice_parameter(docs.last().map_or(0, |&d| u64::from(d) + 1), docs.len());
    out.push(k as u8);
    let mut bits = BitWriter::after(out);
    let mut next = 0u32; // the smallest number the next document can have
    for &doc in docs {
        assert!(doc >= next, "encode_presence takes sorted, distinct numbers");
        bits.push_rice(doc - next, k);
        next = doc + 1;
    }
    bits.finish()
}

/// An impact band: documents with their impact levels (see
/// `tiers.rs`), in document order, numbered from `base` (a block's
/// first document, or 0). The number of documents `n` (LEB128); when not
/// 0, the Rice parameter `k` (a byte), the highest level `top` (two bytes,
/// big-endian) and a width `w` (a byte, the bits of `top` less the lowest
/// level); then per document its gap from the smallest number it could
/// have (`base`, then the previous document + 1), Rice-coded, and `top`
/// less its level in `w` bits, high first. About log2(mean gap) + 2 + `w`
/// bits a document (`decodeBand` in `static/search/format.js`).
pub(super) fn encode_band(postings: &[(u32, u16)], base: u32) -> Vec<u8> {
    let mut out = Vec::new();
    push_leb128(&mut out, postings.len());
    let Some(last) = postings.last() else {
        return out;
    };
    let top = postings.iter().map(|p| p.1).max().unwrap_or(0);
    let low = postings.iter().map(|p| p.1).min().unwrap_or(0);
    let w = u16::BITS - (top - low).leading_zeros();
    let k = rice_parameter(u64::from(last.0 - base) + 1, postings.len());
    out.push(k as u8);
    out.extend_from_slice(&top.to_be_bytes());
    out.push(w as u8);
    let mut bits = BitWriter::after(out);
    let mut next = base;
    for &(doc, level) in postings {
        assert!(doc >= next, "encode_band takes documents in order, from base");
        bits.push_rice(doc - next, k);
        bits.push_bits(u32::from(top - level), w);
        next = doc + 1;
    }
    bits.finish()
}

/// About how many bytes [`encode_band`] makes of `n` documents spread over
/// `span` document numbers with levels `w` bits apart (for sizing, before
/// encoding).
pub(super) fn band_bytes(n: usize, span: usize, w: u32) -> usize {
    if n == 0 {
        return 1;
    }
    let k = rice_parameter(span as u64, n);
    let gaps = span.saturating_sub(n) >> k;
    6 + (n * (k as usize + 1 + w as usize) + gaps).div_ceil(8)
}

#[cfg(test)]
mod tests {
    use super::super::testdata::{decode_band, decode_presence};
    use super::*;

    #[test]
    fn presence_lists_round_trip_and_match_the_client() {
        // Pinned: the client's test of decodePresence decodes these same bytes.
        let docs = [0u32, 3, 4, 10, 300];
        let bytes = encode_presence(&docs);
        // 5 documents, k = 5 (301 / 5 * ln 2 = 41.7); gaps 0, 2, 0, 5 as
        // 0 + 5 bits each, 289 as 9 one-bits, 0, 00001: 39 bits.
        assert_eq!(bytes, vec![5, 5, 0x00, 0x20, 0x05, 0xff, 0x82]);
        assert_eq!(decode_presence(&bytes), docs);
        assert_eq!(decode_presence(&encode_presence(&[])), Vec::<u32>::new());
        // Dense and sparse lists, the sizes about 2 + log2(mean gap) bits each.
        for step in [1u32, 2, 7, 100, 5000] {
            let docs: Vec<u32> = (0..3000).map(|i| i * step + if step > 3 { i % 3 } else { 0 }).collect();
            let bytes = encode_presence(&docs);
            assert_eq!(decode_presence(&bytes), docs, "step {step}");
            let bits = 2.0 + (step as f64).log2();
            assert!((bytes.len() * 8) as f64 <= docs.len() as f64 * bits + 64.0, "step {step}: {} bytes", bytes.len());
        }
    }

    #[test]
    fn bands_round_trip_with_their_levels() {
        // Pinned: the fixture's band, which the client decodes too.
        let band = [(3u32, 500u16), (4, 507), (9, 501), (130, 65000)];
        let bytes = encode_band(&band, 2);
        assert_eq!(decode_band(&bytes, 2), band);
        assert_eq!(bytes[..5], [4, 4, 0xfd, 0xe8, 16], "4 documents, k = 4 (129 / 4 * ln 2 = 22.4), top 65000, 16 bits");
        assert_eq!(encode_band(&[], 7), vec![0]);
        assert_eq!(decode_band(&[0], 7), vec![]);
        // One level: no bits for it.
        let flat: Vec<(u32, u16)> = (0..1000).map(|i| (i * 3, 42)).collect();
        let bytes = encode_band(&flat, 0);
        assert_eq!(bytes[5], 0, "width 0 (after 2 bytes of count, k, and 2 of top level)");
        assert_eq!(decode_band(&bytes, 0), flat);
        assert!(bytes.len() <= band_bytes(1000, 3000, 0), "{} bytes", bytes.len());
        // Levels over a wide range, documents from a block's start.
        let wide: Vec<(u32, u16)> = (0..500).map(|i| (70_000 + i * 7 + i % 5, (i * 131 % 40_000) as u16)).collect();
        let bytes = encode_band(&wide, 70_000);
        assert_eq!(decode_band(&bytes, 70_000), wide);
        let estimate = band_bytes(500, 3500, 16);
        assert!(bytes.len() <= estimate && bytes.len() * 10 >= estimate * 9, "{} bytes, estimated {estimate}", bytes.len());
    }
}
