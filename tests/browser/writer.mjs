// For the node tests of the search client (client.test.mjs): the files of
// search/ written here from their definitions (src/search/codes.rs,
// terms.rs, forward.rs, tiers.rs), independently of the Rust writer, so that
// the client's readers and its lookUp() can be tested on made-up archives.

/** LEB128 (7 bits a byte, low first, high bit on all but the last) of n, appended to out. */
export function pushLeb128(out, n) {
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
}

/** Bits appended high first, then packed into bytes from their high bit, the last one padded. */
class Bits {
  constructor() { this.bits = []; }
  push(value, count) { for (let b = count - 1; b >= 0; b--) this.bits.push(Math.floor(value / 2 ** b) % 2); }
  rice(gap, k) {
    for (let q = Math.floor(gap / 2 ** k); q > 0; q--) this.bits.push(1);
    this.bits.push(0);
    this.push(gap % 2 ** k, k);
  }
  bytes() {
    const out = [];
    for (let i = 0; i < this.bits.length; i += 8) out.push(this.bits.slice(i, i + 8).reduce((byte, bit, j) => byte | (bit << (7 - j)), 0));
    return out;
  }
}

/** The Rice parameter for n numbers over `span` (rice_parameter in src/search/codes.rs). */
function riceParameter(span, n) {
  return Math.max(0, Math.min(24, Math.floor(Math.log2(span / Math.max(1, n) * Math.LN2))));
}

/** An impact band (encode_band): [document, level] pairs, documents from `base`; a Uint8Array. */
export function band(postings, base = 0) {
  const sorted = postings.slice().sort((x, y) => x[0] - y[0]);
  const out = [];
  pushLeb128(out, sorted.length);
  if (!sorted.length) return new Uint8Array(out);
  const top = Math.max(...sorted.map((p) => p[1]));
  const low = Math.min(...sorted.map((p) => p[1]));
  const w = top === low ? 0 : Math.floor(Math.log2(top - low)) + 1;
  const k = riceParameter(sorted[sorted.length - 1][0] - base + 1, sorted.length);
  out.push(k, top >> 8, top & 0xff, w);
  const bits = new Bits();
  let next = base;
  for (const [doc, level] of sorted) {
    bits.rice(doc - next, k);
    bits.push(top - level, w);
    next = doc + 1;
  }
  return new Uint8Array(out.concat(bits.bytes()));
}

/** The documents of a tail (encode_presence), Rice parameter `k`; a Uint8Array. */
export function presence(docs, k = 2) {
  const out = [];
  pushLeb128(out, docs.length);
  out.push(k);
  const bits = new Bits();
  let next = 0;
  for (const doc of docs.slice().sort((x, y) => x - y)) {
    bits.rice(doc - next, k);
    next = doc + 1;
  }
  return new Uint8Array(out.concat(bits.bytes()));
}

/** A tf as [m, e], 4 significant digits (decimal in src/search/terms.rs). */
function decimal(tf) {
  const e = Math.floor(Math.log10(tf)) - 3;
  return [Math.round(tf / 10 ** e), e];
}

/** The postings part of a term entry (postings_part): {field: [[document, tf], ...]}, dfs {field: df}; a Uint8Array. */
export function postings(fields, dfs = {}) {
  const out = [];
  for (const field of ['title', 'asker', 'outlet', 'question', 'answer', 'date']) {
    const list = (fields[field] || []).slice().sort((x, y) => x[0] - y[0]);
    pushLeb128(out, list.length ? (dfs[field] || list.length) : 0);
    pushLeb128(out, list.length);
    let prev = 0;
    for (const [doc, tf] of list) {
      pushLeb128(out, doc - prev);
      prev = doc;
      const [m, e] = decimal(tf);
      pushLeb128(out, m);
      out.push(e + 128);
    }
  }
  return new Uint8Array(out);
}

/** A tier directory, as a term entry holds it (LEB128 numbers); a Uint8Array. */
export function directory(numbers) {
  const out = [];
  numbers.forEach((n) => pushLeb128(out, n));
  return new Uint8Array(out);
}

/**
 * Forward records (Dense::records) for `dense` dense terms: [[document,
 * codes (per dense term 0, 1 or 2), levels (per dense term, for code 2)]];
 * a Uint8Array.
 */
export function forward(records, dense) {
  const out = [];
  pushLeb128(out, records.length);
  let prev = 0;
  for (const [doc, codes, levels] of records.slice().sort((x, y) => x[0] - y[0])) {
    pushLeb128(out, doc - prev);
    prev = doc;
    for (let j = 0; j < dense; j += 4) out.push([0, 1, 2, 3].reduce((byte, i) => byte | ((codes[j + i] || 0) << (6 - 2 * i)), 0));
    codes.forEach((code, j) => { if (code === 2) out.push(levels[j] >> 8, levels[j] & 0xff); });
  }
  return new Uint8Array(out);
}

/** A term entry (term_entry): its parts, empty ones at the end left out; an array of bytes. */
export function termEntry(term, parts) {
  let count = parts.length;
  while (count > 0 && !parts[count - 1].length) count--;
  const out = [];
  const bytes = new TextEncoder().encode(term);
  pushLeb128(out, bytes.length);
  out.push(...bytes);
  pushLeb128(out, count);
  parts.slice(0, count).forEach((part) => pushLeb128(out, part.length));
  parts.slice(0, count).forEach((part) => out.push(...part));
  return out;
}

/** FNV-1a, 32 bits, of a seed byte (when not 0) and a string's UTF-8 bytes: written here from its definition. */
export function fnv1a(text, seed = 0) {
  let h = 0x811c9dc5;
  const bytes = [...(seed ? [seed] : []), ...new TextEncoder().encode(text)];
  for (const b of bytes) h = Number((BigInt(h ^ b) * 0x01000193n) & 0xffffffffn) >>> 0;
  return h;
}

/**
 * The term files of shard n (term_files) for {term: [parts]}, as
 * `t/<n>/<b>.bin` entries (ArrayBuffers) of `files`, one file per term;
 * returns [files, seed] for the manifest's `terms`.
 */
export function addTermFiles(files, n, terms, seed = 0) {
  const names = Object.keys(terms).sort();
  const count = Math.max(1, names.length);
  const buckets = Array.from({ length: count }, () => []);
  for (const term of names) buckets[fnv1a(term, seed) % count].push(...termEntry(term, terms[term]));
  buckets.forEach((bytes, b) => { files[`t/${n}/${b}.bin`] = new Uint8Array(bytes).buffer; });
  return [count, seed];
}
