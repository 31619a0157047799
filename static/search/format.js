// pressroom search: readers of the files src/search/ writes under search/
// but the shards' tries (shards.js): the manifest's document numbering and
// heads files, tier directories, tier files, heads files and lists of
// documents (LEB128, Rice, FNV-1a). The constants both sides need are in
// tests/fixtures/search-format.json, which the Rust and the node tests both
// check.

/** The layout of search/ this client reads: FORMAT in src/search/mod.rs, the manifest's `format`. */
export const FORMAT = 4;

/** What a match in each field weighs (FIELD_BOOSTS in src/search/mod.rs), in field order. */
export const FIELD_BOOSTS = { title: 2, asker: 3, outlet: 3, question: 1, answer: 1, date: 1 };

/**
 * The impact scale of tier files, [IMPACT_LN_MIN, IMPACT_LN_STEP] in
 * src/search/tiers.rs; the manifest gives it too (`impact`).
 */
export const IMPACT = [-9.25, 1 / 4096];

/** The impact that a 16-bit level of a tier file stands for, on the scale `impact`. */
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

// A tier directory entry (a shard's `tiers`, src/search/shards.rs): [i,
// blocks of the last tier, level, bytes, level, bytes, ...], per tier from
// 1 its highest level and its size.

/** Number of tiers of a tier directory entry. */
export function tierCount(entry) {
  return (entry.length - 2) >> 1;
}

/** Whether the last tier of a tier directory entry is in blocks. */
export function inBlocks(entry) {
  return Number(entry[1]) > 1;
}

/** The number of blocks of the last tier of an entry. */
export function blockCount(entry) {
  return Number(entry[1]) || 1;
}

/** The number of tiers of an entry in its heads file: all but a last one in blocks. */
export function headCount(entry) {
  return tierCount(entry) - (inBlocks(entry) ? 1 : 0);
}

/** The highest level of tier j (from 1) of an entry. */
export function tierLevel(entry, j) {
  return entry[2 * j];
}

/** The size in bytes of tier j (from 1) of an entry (of all its blocks, for a last tier in blocks). */
export function tierBytes(entry, j) {
  return Number(entry[1 + 2 * j]) || 0;
}

/**
 * The block of the last tier of a tier directory entry that holds document
 * `doc`: blocks cut the document numbers 0..total into equal parts
 * (block_start in src/search/tiers.rs).
 */
export function blockOf(entry, doc, total) {
  const blocks = blockCount(entry);
  let b = Math.min(blocks - 1, Math.floor(doc * blocks / total));
  while (b > 0 && doc < Math.floor(b * total / blocks)) b--;
  while (b + 1 < blocks && doc >= Math.floor((b + 1) * total / blocks)) b++;
  return b;
}

/** The path of block b of the last tier (tier j) of cut term number i of shard n. */
export function blockPath(n, i, j, b) {
  return 'm/' + n + '/' + i + '.' + j + '.' + b + '.bin';
}

const UTF8 = new TextEncoder();

/**
 * The heads file of a shard with `buckets` of them that holds an index
 * token's first tiers: FNV-1a (32 bits) of `seed` (when not 0, as a
 * first byte) and the token's UTF-8 bytes, modulo `buckets` (bucket_of in
 * src/search/heads.rs).
 */
export function bucketOf(token, buckets, seed) {
  const bytes = UTF8.encode(token);
  let h = 0x811c9dc5;
  if (seed) h = Math.imul(h ^ seed, 0x01000193);
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0) % Math.max(1, buckets);
}

/**
 * The path of the heads file of shard `n` that would hold `token`'s first
 * tiers (the manifest `m` gives their number and seed), or null when the
 * shard has no cut tokens.
 */
export function headsPath(m, n, token) {
  const heads = (m.heads || [])[n] || [0, 0];
  return heads[0] ? 'm/' + n + '/h' + bucketOf(token, heads[0], heads[1]) + '.bin' : null;
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
 * The head tiers of `token` in a heads file (heads_entry in
 * src/search/heads.rs: per token its length and UTF-8 bytes, its number of
 * parts and their sizes, in LEB128, then the parts): an array of
 * Uint8Array, one per tier from tier 1 (and a list of documents, see
 * decodePresence), or null when the file does not hold the token.
 */
export function headsIn(buffer, token) {
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
    if (same) return parts;
  }
  return null;
}

/**
 * The document numbers of a last tier in blocks, as its heads file lists
 * them (encode_presence in src/search/tiers.rs: their number in LEB128, the
 * Rice parameter k in a byte, then the gaps Rice-coded, bits high first), in
 * a sorted Uint32Array.
 */
export function decodePresence(buffer) {
  const read = new Bytes(buffer);
  const n = read.leb128();
  const bytes = read.bytes;
  const k = bytes[read.at++];
  const end = bytes.length * 8;
  const docs = new Uint32Array(n);
  let bit = read.at * 8;
  let next = 0;
  for (let i = 0; i < n; i++) {
    let q = 0;
    while (bit < end && (bytes[bit >> 3] >> (7 - (bit & 7))) & 1) { q++; bit++; }
    bit++;
    let low = 0;
    for (let b = 0; b < k; b++, bit++) low = low * 2 + ((bytes[bit >> 3] >> (7 - (bit & 7))) & 1);
    if (bit > end) throw new Error('a list of documents cut short');
    next += q * Math.pow(2, k) + low;
    docs[i] = next;
    next++;
  }
  return docs;
}

/**
 * A tier file -> {docs: document numbers, impacts} (encode_tier in
 * src/search/tiers.rs): per document, the gap from the previous document
 * number in LEB128, then its impact level in two bytes, big-endian, on the
 * scale `impact`.
 */
export function decodeTier(buffer, impact) {
  const read = new Bytes(buffer);
  const bytes = read.bytes;
  const docs = new Int32Array(Math.floor(bytes.length / 3));
  const impacts = new Float64Array(docs.length);
  let n = 0;
  let doc = 0;
  while (read.at < bytes.length) {
    doc += read.leb128();
    docs[n] = doc;
    impacts[n++] = levelImpact(impact, (bytes[read.at] << 8) | bytes[read.at + 1]);
    read.at += 2;
  }
  return { docs: docs.subarray(0, n), impacts: impacts.subarray(0, n) };
}
