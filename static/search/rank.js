// pressroom search: ranking documents for the query tokens from the shards
// and the tiers read so far, and telling whether the first hits are final
// whatever the unread tiers hold.

import { FIELD_BOOSTS, blockOf, levelImpact, tierCount, tierLevel } from './format.js';
import { exactNode, fieldRoot, has, matchingNodes, truncatedNode } from './shards.js';
import { MAX_TOKENS } from './text.js';

const PREFIX_WEIGHT = 0.15; // as elasticlunr.js's expand penalty
const MAX_CUT_BITS = 31;    // cut index tokens whose read postings are tracked per document
const FIELDS = Object.keys(FIELD_BOOSTS);

/**
 * What rank() has added up, per document number: `score`, `terms` (bit
 * termNo set for each query token matched), `count` (how many),
 * `seen` (bit b set when the document's posting of the cut index token
 * numbered b is read: see rank()), and `list`, every document touched,
 * in the order first touched; `transcripts`, how many transcripts those
 * are (`marked`: 1 per transcript touched), and `matched`, bit termNo set
 * for each token some document has. Typed arrays: a query may touch tens
 * of thousands of documents, and ranks again after each round of tier
 * files.
 */
class Scores {
  constructor(size, transcripts) {
    this.score = new Float64Array(size);
    this.terms = new Int32Array(size);
    this.count = new Uint8Array(size);
    this.seen = new Int32Array(size);
    this.list = [];
    this.marked = new Uint8Array(transcripts);
    this.transcripts = 0;
    this.matched = 0;
  }

  /**
   * Adds values[i] * scale to the score of document docsIn[i] for query
   * token termNo, whose cut index token has `bit` in `seen` (-1: none);
   * `owner`: document number -> transcript. With `once`, skips the
   * documents whose posting of that cut token is already counted (a
   * forward record and a block can both hold it). One call a posting list:
   * heads and tails hold tens of thousands of postings.
   */
  addAll(owner, docsIn, values, scale, termNo, bit, once) {
    const termBit = 1 << termNo;
    const seenBit = bit >= 0 ? 1 << bit : 0;
    const skip = once ? seenBit : 0;
    const { score, terms, count, seen, list, marked } = this;
    for (let p = 0; p < docsIn.length; p++) {
      const doc = docsIn[p];
      if (seen[doc] & skip) continue;
      const had = terms[doc];
      if (had === 0) {
        list.push(doc);
        const t = owner[doc];
        if (marked[t] === 0) { marked[t] = 1; this.transcripts++; }
      }
      if (!(had & termBit)) { terms[doc] = had | termBit; count[doc]++; }
      score[doc] += values[p] * scale;
      seen[doc] |= seenBit;
    }
    if (docsIn.length) this.matched |= termBit;
  }
}

/** Negative when document x ranks before y: more query tokens, then higher score, then lower number. */
function compareDocs(s, x, y) {
  return (s.count[y] - s.count[x]) || (s.score[y] - s.score[x]) || (x - y);
}

/**
 * For a first page left unproven: per document touched, the query tokens
 * it most likely has: Scores.count but for each token of an unread tail in
 * more than half the documents (`share`, 1 when the term entry lists the
 * tail's documents) that the document may have there (no posting read,
 * not known to lack it), counted as had: a document that has the other
 * words weighs them, where ranking by the tokens read so far would put it
 * after every document whose tokens were all read. {counts, scores} by
 * document number, scores those read so far.
 */
export function likely(s, hidden) {
  const counts = s.count.slice();
  const scores = s.score.slice();
  for (const doc of s.list) {
    let more = 0;
    for (const h of hidden) {
      if (h.bit >= 0 && (s.seen[doc] & (1 << h.bit))) continue;
      if (h.known && h.known(doc)) continue;
      if (h.share <= 0.5 || s.terms[doc] & (1 << h.termNo)) continue;
      more |= 1 << h.termNo;
    }
    counts[doc] += bitCount(more);
  }
  return { counts, scores };
}

/** Number of bits set. */
function bitCount(n) {
  let c = 0;
  for (; n; n &= n - 1) c++;
  return c;
}

/** The `limit` first of `list` by `cmp`, in order (a bounded max-heap of the best so far). */
function firstOf(list, limit, cmp) {
  const heap = []; // heap[0]: the worst kept
  const swap = (i, j) => { const t = heap[i]; heap[i] = heap[j]; heap[j] = t; };
  const down = (i) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < heap.length && cmp(heap[l], heap[w]) > 0) w = l;
      if (r < heap.length && cmp(heap[r], heap[w]) > 0) w = r;
      if (w === i) return;
      swap(i, w);
      i = w;
    }
  };
  for (const x of list) {
    if (heap.length < limit) {
      heap.push(x);
      for (let j = heap.length - 1; j > 0;) {
        const p = (j - 1) >> 1;
        if (cmp(heap[j], heap[p]) <= 0) break;
        swap(j, p);
        j = p;
      }
    } else if (cmp(x, heap[0]) < 0) {
      heap[0] = x;
      down(0);
    }
  }
  return heap.sort(cmp);
}

/**
 * Per field, the [key, node] pairs `token` matches in the shards `indexes`:
 * the token itself where the index has it; longer index tokens that start
 * with it only where it has not (a word still being typed), so the ranking
 * never depends on which completions a shard holds; failing both, its
 * longest truncation over all shards. An index token lives in one shard
 * only, whose tier directory entry is noted in `cuts` ({n, entry}).
 */
function matchesOf(token, indexes, cuts) {
  const collect = (finder) => FIELDS.map((field) => {
    const found = new Map();
    for (const index of indexes) {
      const root = fieldRoot(index, field);
      if (!root) continue;
      for (const [key, node] of finder(root, token)) {
        if (found.has(key)) continue;
        found.set(key, node);
        if (!cuts.has(key) && index.tiers && has(index.tiers, key)) cuts.set(key, { n: index.n, entry: index.tiers[key] });
      }
    }
    return Array.from(found.entries());
  });
  const empty = (lists) => lists.every((list) => list.length === 0);
  let matches = collect(exactNode);
  if (empty(matches)) matches = collect(matchingNodes);
  if (empty(matches)) {
    // The longest truncation over all shards.
    matches = collect(truncatedNode).map((list) => list.sort((a, b) => [...b[0]].length - [...a[0]].length).slice(0, 1));
  }
  return matches;
}

/**
 * Per field, the [key, node] pair of `token` in a term source (lookUp's,
 * for a token read from its term file: {n, postings, directory}), nodes
 * holding {nums: document numbers, tfs, df}; notes its tier directory in
 * `cuts` when it is cut.
 */
function termMatches(token, source, cuts) {
  if (source.directory && !cuts.has(token)) cuts.set(token, { n: source.n, entry: source.directory });
  return source.postings.map((p) => (p.docs.length ? [[token, { nums: p.docs, tfs: p.tfs, df: p.df }]] : []));
}

/**
 * The bit in Scores.seen of cut index token `key` for query token termNo
 * (-1: not tracked, which only makes the bounds of undecided() looser),
 * given out on first use and kept in `state` across rounds.
 */
function bitOf(state, cuts, termNo, key) {
  const seen = termNo + ' ' + key;
  if (!state.bits.has(seen)) state.bits.set(seen, cuts.has(key) && state.cutBits < MAX_CUT_BITS ? state.cutBits++ : -1);
  return state.bits.get(seen);
}

/** What a match of index token `key` for query token `token` weighs: 1 for the token itself, less for a prefix. */
function penaltyOf(key, token) {
  if (key === token) return 1;
  const keyLength = [...key].length;
  const tokenLength = [...token].length;
  return Math.min(keyLength, tokenLength) / Math.max(keyLength, tokenLength) * PREFIX_WEIGHT;
}

/**
 * Ranks one query token: adds its shards' postings (only the first time,
 * not again in later rounds), then those of the tiers of its cut index
 * tokens read since the last round, and notes in `run.hidden` the most its
 * unread tiers could add.
 */
function rankToken(run, token, termNo, indexes, more) {
  const { s, state, cuts, archive } = run;
  const matches = indexes.length === 1 && indexes[0].postings ? termMatches(token, indexes[0], cuts) : matchesOf(token, indexes, cuts);
  const penalties = new Map();
  const dfs = new Map(); // key -> its largest df over fields
  FIELDS.forEach((field, fieldNo) => {
    for (const [key, node] of matches[fieldNo]) {
      const penalty = penaltyOf(key, token);
      penalties.set(key, penalty);
      dfs.set(key, Math.max(dfs.get(key) || 0, Number(node.df) || 0));
      run.keys.add(key);
      const bit = bitOf(state, cuts, termNo, key);
      if (run.again) continue;
      const refs = node.nums ? null : Object.keys(node.docs);
      const nums = node.nums || refs.map(archive.docs.doc);
      const df = Number(node.df) || nums.length;
      const idf = 1 + Math.log(archive.total / (df + 1));
      const tfs = node.tfs || refs.map((ref) => Number(node.docs[ref] && node.docs[ref].tf) || 0);
      s.addAll(archive.docs.owner, nums, tfs, FIELD_BOOSTS[field] * idf * penalty, termNo, bit);
    }
  });
  // A cut index token: the postings of its head and the blocks of its tail
  // read, and those forward records gave (each document is in the shard,
  // the head or the tail, and a forward record may repeat one of the
  // tail's); and the most any document in the others could get from it:
  // the highest impact of the next tier.
  penalties.forEach((penalty, key) => {
    const cut = cuts.get(key);
    if (!cut) return;
    const loaded = more && more.get(key);
    const count = loaded ? loaded.tiers : 0;
    cut.loaded = count;
    const seen = termNo + ' ' + key;
    const bit = bitOf(state, cuts, termNo, key);
    const chunks = loaded ? loaded.chunks : [];
    for (let c = state.counted.get(seen) || 0; c < chunks.length; c++) {
      s.addAll(archive.docs.owner, chunks[c].docs, chunks[c].impacts, penalty, termNo, bit, bit >= 0);
    }
    state.counted.set(seen, chunks.length);
    // Forward records, only where the seen bit keeps them from counting twice.
    const forward = bit >= 0 && loaded && loaded.forward ? loaded.forward : [];
    for (let c = state.counted.get(seen + ' f') || 0; c < forward.length; c++) {
      s.addAll(archive.docs.owner, forward[c].docs, forward[c].impacts, penalty, termNo, bit, true);
    }
    state.counted.set(seen + ' f', forward.length);
    if (count < tierCount(cut.entry)) {
      run.hidden.push({ termNo, key, bit, max: levelImpact(archive.impact, tierLevel(cut.entry, count + 1)) * penalty,
        known: lastTierKnown(loaded, cut, archive.docs.total), share: loaded && loaded.present ? 1 : (dfs.get(key) || 0) / archive.total });
    }
  });
}

/**
 * The documents rank() returns, in rank order: every one touched, or,
 * with `limit`, the first `limit` and every other hit of their transcripts
 * (so that their groups are whole).
 */
function chooseHits(s, docs, limit, likely) {
  const cmp = likely ? (x, y) => (likely.counts[y] - likely.counts[x]) || (likely.scores[y] - likely.scores[x]) || (x - y)
    : (x, y) => compareDocs(s, x, y);
  if (!limit || s.list.length <= limit) return s.list.slice().sort(cmp);
  const owner = docs.owner;
  const wanted = new Uint8Array(docs.starts.length);
  for (const doc of firstOf(s.list, limit, cmp)) wanted[owner[doc]] = 1;
  const chosen = s.list.filter((doc) => wanted[owner[doc]]);
  return chosen.sort(cmp);
}

/**
 * Rank documents for query tokens. `sources[i]` lists the shard indexes to
 * look up token i in (its own shard first). Each (token, field) adds
 * boost * tf * idf, tf already holding elasticlunr's 1/sqrt(field length),
 * idf = 1 + ln(total / (df + 1)) with the archive-wide df and total; prefix
 * matches score less. Tokens are OR-ed; documents matching more distinct
 * tokens rank first. `archive`: {total: the number of documents (the
 * manifest's `docs`), docs: docNumbers() of the manifest, impact: its
 * impact scale}.
 *
 * `sources[i]` may instead be one term source ({n, postings, directory},
 * lookUp's for a token read from its term file).
 *
 * A shard keeps, for an index token in many documents, only the documents
 * it weighs most in; its `tiers` directory lists the token's tiers, the
 * others by falling impact: its head and its tail (src/search/tiers.rs).
 * `more` maps an index token to the postings loaded so far ({tiers: number
 * of tiers loaded, chunks: [decodeBand() result, ...], blocks: Set of the
 * blocks of its tail read, present: the tail's documents, when its term
 * entry lists them, absent: Set of documents that forward records say lack
 * it, forward: [{docs, impacts}] of its tail postings that forward records
 * gave}, see lookUp); `hidden` then lists, per cut token, the most its
 * unread tiers could add to any document (and, `known`, for which
 * documents that is known: see lastTierKnown), so undecided() can tell
 * whether the top hits are final, and `cuts` where its tiers are.
 *
 * `state` (lookUp's, across its rounds) keeps the Scores: postings already
 * counted are not counted again, the shards' once, tier postings as they
 * come; with `state.likely`, hits are in the order of likely() (a first page left unproven); with `state.limit`, `hits` holds only the first `limit` hits and
 * every other hit of their transcripts (so that their groups are whole),
 * and `truncated` says whether hits were left out. Returns {hits: [{ref,
 * doc, score, terms: [termNo]}] in rank order, count: hits in all,
 * transcripts: their transcripts in all, matched: bit termNo set for
 * each token some hit has, truncated, keys: Set, hidden:
 * [{termNo, key, bit, max, known}], cuts: Map key -> {n, entry, loaded},
 * scores: the Scores}.
 */
export function rank(tokens, sources, archive, more, state = {}) {
  const { docs } = archive;
  const again = Boolean(state.scores);
  const s = state.scores || (state.scores = new Scores(docs.total, docs.starts.length));
  state.bits = state.bits || new Map(); // termNo + ' ' + cut key -> bit in s.seen, or -1
  state.cutBits = state.cutBits || 0; // bits given out
  state.counted = state.counted || new Map(); // same key -> tier chunks counted
  const run = { s, state, again, archive, keys: new Set(), hidden: [], cuts: new Map() };
  tokens.slice(0, MAX_TOKENS).forEach((token, termNo) => {
    rankToken(run, token, termNo, (sources[termNo] || []).filter(Boolean), more);
  });
  const chosen = chooseHits(s, docs, state.limit || 0, state.likely ? likely(s, run.hidden) : null);
  const hits = chosen.map((doc) => {
    const terms = [];
    for (let n = 0; n < MAX_TOKENS; n++) if (s.terms[doc] & (1 << n)) terms.push(n);
    return { ref: docs.ref(doc), doc, score: s.score[doc], terms };
  });
  return { hits, count: s.list.length, transcripts: s.transcripts, matched: s.matched, truncated: chosen.length < s.list.length,
    keys: run.keys, hidden: run.hidden, cuts: run.cuts, scores: s };
}

/**
 * For a cut index token whose unread postings are those of its tail, in
 * blocks: a function telling whether the posting of a document there is
 * known (its block is read, or the term entry's list of the tail's
 * documents does not have it, or a forward record says the document lacks
 * the token: it has none), or null when nothing is. `loaded`: what lookUp
 * has read of the token.
 */
function lastTierKnown(loaded, cut, total) {
  const blocks = loaded && loaded.blocks;
  const present = loaded && loaded.present;
  const absent = loaded && loaded.absent;
  if (!present && !(blocks && blocks.size) && !(absent && absent.size)) return null;
  return (doc) => (present && !sortedHas(present, doc)) || (absent && absent.has(doc)) ||
    (blocks.size > 0 && blocks.has(blockOf(cut.entry, doc, total)));
}

/** Whether the sorted Uint32Array `sorted` has `value`. */
function sortedHas(sorted, value) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === value;
}

/**
 * True when the first `n` hits of rank() are the first n of the full
 * ranking, in order, whatever the postings left out of cut lists hold: each
 * of them ranks at least as high, as it stands, as the most any later hit,
 * or any document not seen at all, could reach.
 */
export function provenTop(result, n) {
  return undecided(result, n) === null;
}

/**
 * [terms, score] document `doc` (or, for -1, a document not seen) could
 * reach with the unread postings.
 */
export function upperBound(hidden, s, doc) {
  const terms = doc < 0 ? 0 : s.count[doc];
  let score = doc < 0 ? 0 : s.score[doc];
  const mask = doc < 0 ? 0 : s.terms[doc];
  const seen = doc < 0 ? 0 : s.seen[doc];
  let more = 0;
  for (const h of hidden) {
    if (h.bit >= 0 && (seen & (1 << h.bit))) continue;
    // Its block of the token's last tier is read, or the tier's list of
    // documents does not name it: the document has nothing more there.
    if (doc >= 0 && h.known && h.known(doc)) continue;
    score += h.max;
    if (!(mask & (1 << h.termNo))) more |= 1 << h.termNo;
  }
  return [terms + bitCount(more), score];
}

/** Whether document `doc`, as it stands, ranks at least as high as [terms, score]. */
function aboveBy(s, doc, terms, score) {
  const t = s.count[doc];
  return t > terms || (t === terms && s.score[doc] >= score);
}

/**
 * What keeps the first `n` hits of rank() from being proven final: null
 * when nothing does, else {docs: the document numbers of the hits that
 * could still move past one of the first n, unseen: whether a document
 * not seen at all could}.
 */
export function undecided(result, n) {
  const hidden = result.hidden || [];
  if (!hidden.length) return null;
  const s = result.scores;
  const hits = result.hits;
  const k = Math.min(n, hits.length);
  const unseen = upperBound(hidden, s, -1);
  const out = { docs: [], unseen: k < n || !aboveBy(s, hits[k - 1].doc, unseen[0], unseen[1]) };
  // The most any hit could gain, to pass at once over those far below.
  let gain = 0;
  let tokens = 0;
  for (const h of hidden) { gain += h.max; tokens |= 1 << h.termNo; }
  // Whether `doc` could pass `bar`: first as if it gained every unread
  // posting (most documents are far below), then by its own bound.
  const check = (bar, doc) => {
    if (aboveBy(s, bar, s.count[doc] + bitCount(tokens & ~s.terms[doc]), s.score[doc] + gain)) return;
    const u = upperBound(hidden, s, doc);
    if (!aboveBy(s, bar, u[0], u[1])) out.docs.push(doc);
  };
  // Each of the first k stays above the next one; every other hit below the k-th.
  for (let i = 1; i < k; i++) check(hits[i - 1].doc, hits[i].doc);
  if (k > 0) {
    const top = new Set();
    for (let j = 0; j < k; j++) top.add(hits[j].doc);
    const bar = hits[k - 1].doc;
    for (const doc of s.list) if (!top.has(doc)) check(bar, doc);
  }
  return out.unseen || out.docs.length ? out : null;
}
