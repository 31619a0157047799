// pressroom search: readers of the files src/search/ writes under search/
// but the shards' tries (shards.js): the manifest's document numbering and
// term files, tier directories, term entries (postings, heads, lists of
// documents, forward records), blocks (LEB128, Rice, impact bands, FNV-1a).
// The constants both sides need are in tests/fixtures/search-format.json,
// which the Rust and the node tests both check.

/** The layout of search/ this client reads: FORMAT in src/search/mod.rs, the manifest's `format`. */
export const FORMAT = 5;

/** What a match in each field weighs (FIELD_BOOSTS in src/search/mod.rs), in field order. */
export const FIELD_BOOSTS = { title: 2, asker: 3, outlet: 3, question: 1, answer: 1, date: 1 };

const FIELDS = Object.keys(FIELD_BOOSTS);

/**
 * The impact scale of heads and tails, [IMPACT_LN_MIN, IMPACT_LN_STEP] in
 * src/search/tiers.rs; the manifest gives it too (`impact`).
 */
export const IMPACT = [-9.25, 1 / 4096];

/** The impact that a 16-bit level of a head or tail stands for, on the scale `impact`. */
export function levelImpact(impact, level) {
  return Math.exp(impact[0] + level * impact[1]);
}

/** `<t>.<k>` (base 36) -> [t, k]. */
export function parseRef(ref) {
  const parts = String(ref).split('.');
  return [parseInt(parts[0], 36), parseInt(parts[1], 36)];
}

/**
 * Document numbers <-> refs, from the manifest's documents per transcript
 * ([digits, base-36 counts]): {ref(doc), doc(ref), total, starts: the
 * first document number of every transcript, owner: Int32Array document
 * number -> transcript}.
 */
export function docNumbers(counts) {
  const [width, text] = counts;
  const starts = new Array(text.length / width + 1);
  starts[0] = 0;
  for (let t = 0; t * width < text.length; t++) {
    starts[t + 1] = starts[t] + parseInt(text.substr(t * width, width), 36);
  }
  const total = starts[starts.length - 1];
  const owner = new Int32Array(total); // document number -> transcript
  for (let u = 0; u + 1 < starts.length; u++) owner.fill(u, starts[u], starts[u + 1]);
  return {
    total,
    starts,
    owner,
    ref(doc) {
      const tr = owner[doc];
      return tr.toString(36) + '.' + (doc - starts[tr]).toString(36);
    },
    doc(ref) {
      const dot = ref.indexOf('.');
      return starts[parseInt(ref.slice(0, dot), 36)] + parseInt(ref.slice(dot + 1), 36);
    },
  };
}

// A tier directory entry (a shard's `tiers`, src/search/shards.rs, and a
// term entry's directory): [i, blocks of the tail (0: no tail), level,
// bytes, level, bytes], per tier (the head, in the term entry, then the
// tail, in blocks) its highest level and its size.

/** Number of tiers of a tier directory entry: 1 (the head) or 2 (and a tail). */
export function tierCount(entry) {
  return (entry.length - 2) >> 1;
}

/** Whether a tier directory entry has a tail (in blocks). */
export function hasTail(entry) {
  return Number(entry[1]) > 0;
}

/** The number of blocks of the tail of an entry. */
export function blockCount(entry) {
  return Number(entry[1]) || 0;
}

/** The highest level of tier j (1: the head, 2: the tail) of an entry. */
export function tierLevel(entry, j) {
  return entry[2 * j];
}

/** The size in bytes of tier j (1: the head, 2: the tail, all its blocks) of an entry. */
export function tierBytes(entry, j) {
  return Number(entry[1 + 2 * j]) || 0;
}

/** The first document number of block b of `blocks` (block_start in src/search/tiers.rs). */
export function blockStart(b, blocks, total) {
  return Math.floor(b * total / blocks);
}

/**
 * The block of the tail of a tier directory entry that holds document
 * `doc`: blocks cut the document numbers 0..total into equal parts.
 */
export function blockOf(entry, doc, total) {
  const blocks = Math.max(1, blockCount(entry));
  let b = Math.min(blocks - 1, Math.floor(doc * blocks / total));
  while (b > 0 && doc < blockStart(b, blocks, total)) b--;
  while (b + 1 < blocks && doc >= blockStart(b + 1, blocks, total)) b++;
  return b;
}

/*
 * Paths of search/ files (src/search/paths.rs makes the same). Numbers in
 * paths are decimal, never base 36: transcript 16439 would be d/con.json,
 * a name Windows reserves.
 */

/** The path of shard n. */
export function shardPath(n) {
  return 's/' + n + '.json';
}

/** The path of term file b of shard n. */
export function termFilePath(n, b) {
  return 't/' + n + '/' + b + '.bin';
}

/** The path of the result file of transcript t. */
export function resultsPath(t) {
  return 'd/' + t + '.json';
}

/** The path of block b of the tail of cut term number i of shard n. */
export function blockPath(n, i, b) {
  return 'm/' + n + '/' + i + '.' + b + '.bin';
}

/** The path of the whole tail of cut term number i of shard n (when written whole: see the manifest's `whole`). */
export function wholePath(n, i) {
  return 'm/' + n + '/' + i + '.bin';
}

const UTF8 = new TextEncoder();

/**
 * The term file of a shard with `buckets` of them that holds an index
 * token's entry: FNV-1a (32 bits) of `seed` (when not 0, as a first byte)
 * and the token's UTF-8 bytes, modulo `buckets` (bucket_of in
 * src/search/terms.rs).
 */
export function bucketOf(token, buckets, seed) {
  const bytes = UTF8.encode(token);
  let h = 0x811c9dc5;
  if (seed) h = Math.imul(h ^ seed, 0x01000193);
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0) % Math.max(1, buckets);
}

/**
 * The path of the term file of shard `n` that would hold `token`'s entry
 * (the manifest `m` gives their number and seed, `terms`).
 */
export function termPath(m, n, token) {
  const terms = (m.terms || [])[n] || [1, 0];
  return termFilePath(n, bucketOf(token, terms[0], terms[1]));
}

/** A reader of the bytes of an ArrayBuffer or Uint8Array, from `at`. */
export class Bytes {
  constructor(buffer) {
    this.bytes = ArrayBuffer.isView(buffer) ? buffer : new Uint8Array(buffer);
    this.at = 0;
  }

  /** The next number, in LEB128 (7 bits a byte, low first, high bit on all but the last). */
  leb128() {
    const bytes = this.bytes;
    let n = 0;
    let scale = 1;
    let b;
    do {
      b = bytes[this.at++];
      n += (b & 0x7f) * scale;
      scale *= 128;
    } while (b >= 0x80 && this.at < bytes.length);
    return n;
  }
}

/**
 * A reader of the bits of a Uint8Array from byte `at`, high bit first, 32
 * at a time (bytes past the end read as zeros).
 */
class Bits {
  constructor(bytes, at) {
    this.bytes = bytes;
    this.bit = at * 8;
    this.end = bytes.length * 8;
  }

  /** The 32 bits from the current one, as an unsigned number. */
  peek() {
    const bytes = this.bytes;
    const i = this.bit >> 3;
    const off = this.bit & 7;
    const word = ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
    return off ? ((word << off) | (bytes[i + 4] >>> (8 - off))) >>> 0 : word;
  }

  /** The next `count` bits (at most 24) as a number. */
  take(count) {
    if (!count) return 0;
    const value = this.peek() >>> (32 - count);
    this.bit += count;
    return value;
  }

  /** A Rice-coded number of parameter k: one-bits, a zero-bit, k low bits. */
  rice(k) {
    let q = 0;
    let ones;
    while ((ones = Math.clz32(~this.peek())) === 32) { q += 32; this.bit += 32; }
    q += ones;
    this.bit += ones + 1;
    const value = q * Math.pow(2, k) + this.take(k);
    if (this.bit > this.end) throw new Error('a list of documents cut short');
    return value;
  }
}

/**
 * The parts of `token`'s entry in a term file (term_entry in
 * src/search/terms.rs: per term its length and UTF-8 bytes, its number of
 * parts and their sizes, in LEB128, then the parts): an array of
 * Uint8Array (postings, tier directory, head, list of the tail's
 * documents, forward records; missing ones at the end are empty), or null
 * when the file does not hold the token.
 */
export function termIn(buffer, token) {
  const read = new Bytes(buffer);
  const bytes = read.bytes;
  const want = UTF8.encode(token);
  while (read.at < bytes.length) {
    const length = read.leb128();
    const at = read.at;
    read.at += length;
    const sizes = [];
    for (let count = read.leb128(); count > 0; count--) sizes.push(read.leb128());
    let same = length === want.length;
    for (let k = 0; same && k < length; k++) same = bytes[at + k] === want[k];
    const parts = [];
    for (const size of sizes) {
      if (same) parts.push(bytes.subarray(read.at, read.at + size));
      read.at += size;
    }
    if (same) {
      while (parts.length < 5) parts.push(new Uint8Array(0));
      return parts;
    }
  }
  return null;
}

/**
 * The postings part of a term entry (postings_part in
 * src/search/terms.rs): per field, {df, docs: document numbers, tfs}, the
 * tf m * 10^e computed as the shard's JSON gives it (m / 10^-e).
 */
export function decodePostings(bytes) {
  const read = new Bytes(bytes);
  return FIELDS.map(() => {
    const df = read.leb128();
    const n = read.leb128();
    const docs = new Int32Array(n);
    const tfs = new Float64Array(n);
    let doc = 0;
    for (let i = 0; i < n; i++) {
      doc += read.leb128();
      docs[i] = doc;
      const m = read.leb128();
      const e = read.bytes[read.at++] - 128;
      tfs[i] = e < 0 ? m / Math.pow(10, -e) : m * Math.pow(10, e);
    }
    return { df, docs, tfs };
  });
}

/** The numbers of a term entry's tier directory (LEB128): the shard's `tiers` entry of the term. */
export function decodeDirectory(bytes) {
  const read = new Bytes(bytes);
  const out = [];
  while (read.at < read.bytes.length) out.push(read.leb128());
  return out;
}

/**
 * The document numbers of a tail, as its term entry lists them
 * (encode_presence in src/search/codes.rs: their number in LEB128, the Rice
 * parameter k in a byte, then the gaps Rice-coded, bits high first), in a
 * sorted Uint32Array.
 */
export function decodePresence(buffer) {
  const read = new Bytes(buffer);
  const n = read.leb128();
  const k = read.bytes[read.at++];
  const bits = new Bits(read.bytes, read.at);
  const docs = new Uint32Array(n);
  let next = 0;
  for (let i = 0; i < n; i++) {
    next += bits.rice(k);
    docs[i] = next;
    next++;
  }
  return docs;
}

/**
 * An impact band, a head or a block (encode_band in src/search/codes.rs:
 * the number of documents in LEB128; when not 0, the Rice parameter k, the
 * highest level in two bytes and a width w; then per document its gap from
 * `base` or the previous document + 1, Rice-coded, and the highest level
 * less its own in w bits) -> {docs: document numbers, impacts}, on the
 * scale `impact`.
 */
export function decodeBand(buffer, base, impact) {
  const read = new Bytes(buffer);
  const n = read.leb128();
  const docs = new Int32Array(n);
  const impacts = new Float64Array(n);
  if (!n) return { docs, impacts };
  const bytes = read.bytes;
  const k = bytes[read.at];
  const top = (bytes[read.at + 1] << 8) | bytes[read.at + 2];
  const w = bytes[read.at + 3];
  const bits = new Bits(bytes, read.at + 4);
  let next = base;
  for (let i = 0; i < n; i++) {
    const doc = next + bits.rice(k);
    docs[i] = doc;
    impacts[i] = levelImpact(impact, top - bits.take(w));
    next = doc + 1;
  }
  return { docs, impacts };
}

/**
 * Forward records (Dense::records in src/search/forward.rs) for `dense`
 * dense terms: [{doc, codes: per dense term 0 (the document lacks it), 1
 * (in its own entry) or 2 (in its tail), levels: per dense term its level
 * in the tail, or -1}].
 */
export function decodeForward(buffer, dense) {
  const read = new Bytes(buffer);
  if (!read.bytes.length || !dense) return [];
  const n = read.leb128();
  const bytes = read.bytes;
  const out = [];
  let doc = 0;
  for (let r = 0; r < n; r++) {
    doc += read.leb128();
    const codes = new Uint8Array(dense);
    for (let j = 0; j < dense; j++) codes[j] = (bytes[read.at + (j >> 2)] >> (6 - 2 * (j & 3))) & 3;
    read.at += (dense + 3) >> 2;
    const levels = new Int32Array(dense).fill(-1);
    for (let j = 0; j < dense; j++) {
      if (codes[j] !== 2) continue;
      levels[j] = (bytes[read.at] << 8) | bytes[read.at + 1];
      read.at += 2;
    }
    out.push({ doc, codes, levels });
  }
  return out;
}
