// pressroom search: a query's requests. The shards of its tokens, then, while
// its first hits are not proven final, the tiers and blocks of the cut index
// tokens (a threshold algorithm), ranking again after each round.

import { IMPACT, blockCount, blockOf, blockPath, decodePresence, decodeTier, docNumbers, headCount, headsIn, headsPath,
  inBlocks, tierBytes, tierCount } from './format.js';
import { rank, undecided, upperBound } from './rank.js';
import { extraShards, shardFor } from './shards.js';

export const PROVEN_HITS = 10;   // hits checked for being final (see provenTop)
export const TIER_BUDGET = 250000; // bytes of tier files a first page may read to prove its hits
export const FIRST_HITS = 50;    // hits a first page ranks in full (with their transcripts' others)
export const BLOCK_ROUND = 16;   // blocks of last tiers read at most at once for a first page (see Lookup.blockPlan)

/**
 * Load the shards the tokens need, and rank (more shards only for tokens
 * that match nothing). Then, while the first PROVEN_HITS hits are not
 * proven final, read the next tier of the cut index tokens, those that
 * could add most first, as long as the tiers read weigh at most
 * TIER_BUDGET in all (a threshold algorithm: it stops when no document
 * left unread can reach the top hits). With `complete` (filters, "show
 * more"), every tier, and every hit in `hits`; else the first FIRST_HITS
 * (see rank()). `m` is the manifest; `load.shard(n)` and `load.tier(path)`
 * fetch a shard (JSON) and a tier file (ArrayBuffer); `wanted` replaces
 * PROVEN_HITS. Resolves to rank()'s result with `proven` (the first hits
 * are final) and `tierBytes` (tiers read).
 */
export function lookUp(m, tokens, complete, load, wanted) {
  return new Lookup(m, tokens, complete, load, wanted).run();
}

/** One lookUp(): what it has read, and the ranking's state across rounds. */
class Lookup {
  constructor(m, tokens, complete, load, wanted) {
    this.m = m;
    this.tokens = tokens;
    this.complete = complete;
    this.load = load;
    this.proven = wanted || PROVEN_HITS;
    this.bounds = m.shards || [''];
    const docs = m.docNumbers || (m.docNumbers = docNumbers(m.counts || [1, '']));
    this.archive = { total: m.docs || 1, docs, impact: m.impact || IMPACT };
    this.sources = null; // per token, the shards to look it up in
    // Per cut index token, what is read of its tiers (see rank()); `read`:
    // the tiers read, from 1; `present`, once its heads file is read and
    // when it lists them (a last tier in blocks of at most half the
    // documents), that tier's documents (decodePresence).
    this.more = new Map();
    this.tierBytes = 0;
    this.state = null; // the ranking's state across rounds (see rank())
    // Heads files asked for, by path: each once per lookUp. A query of
    // several words asks for its words' heads files with their shards.
    this.heads = new Map();
  }

  run() {
    const tokens = this.tokens;
    const numbers = tokens.map((token) => shardFor(this.bounds, token));
    if (tokens.length > 1) {
      // Their first tiers will most likely be needed: asked for now, with
      // the shards, a round of requests less.
      numbers.forEach((n, i) => {
        const path = headsPath(this.m, n, tokens[i]);
        if (path) this.headsFile(path);
      });
    }
    return Promise.all(numbers.map((n) => this.shard(n))).then((indexes) => {
      this.sources = indexes.map((index) => [index]);
      this.state = { limit: this.complete ? 0 : FIRST_HITS };
      const result = this.rank();
      const unmatched = tokens.map((token, i) => i).filter((i) => !(result.matched & (1 << i)));
      if (!unmatched.length) return result;
      return Promise.all(unmatched.map((i) => {
        const extra = extraShards(this.bounds, tokens[i]);
        return Promise.all(extra.map((n) => this.shard(n))).then((loaded) => { this.sources[i] = this.sources[i].concat(loaded); });
      })).then(() => {
        // The shards' postings again, with the others'.
        this.state = { limit: this.complete ? 0 : FIRST_HITS };
        return this.rank();
      });
    }).then((result) => this.deepen(result));
  }

  shard(n) {
    return this.load.shard(n).then((index) => { index.n = n; return index; });
  }

  rank() {
    return rank(this.tokens, this.sources, this.archive, this.more, this.state);
  }

  entryOf(key) {
    if (!this.more.has(key)) this.more.set(key, { tiers: 0, chunks: [], blocks: new Set(), read: new Set() });
    return this.more.get(key);
  }

  headsFile(path) {
    if (!this.heads.has(path)) {
      const promise = this.load.tier(path);
      promise.catch(() => {}); // a failure is reported where it is read
      this.heads.set(path, promise);
    }
    return this.heads.get(path);
  }

  /** Reads the head tiers of a cut index token (all but a last tier in blocks). */
  readHeads(key, cut) {
    const entry = this.entryOf(key);
    if (entry.heads) return entry.heads;
    const count = headCount(cut.entry);
    for (let j = 1; j <= count; j++) this.tierBytes += tierBytes(cut.entry, j);
    const path = headsPath(this.m, cut.n, key);
    const file = path ? this.headsFile(path) : Promise.reject(new Error('no heads file for ' + key));
    entry.heads = file.then((buffer) => {
      const parts = headsIn(buffer, key);
      // The head tiers, then, for a last tier in blocks of at most half
      // the documents, the list of that tier's documents.
      const listed = parts && inBlocks(cut.entry) && parts.length === count + 1;
      if (!parts || (parts.length !== count && !listed)) throw new Error(path + ': no tiers for ' + key);
      parts.slice(0, count).forEach((tier, t) => {
        entry.chunks.push(decodeTier(tier, this.archive.impact));
        entry.read.add(t + 1);
      });
      if (listed) entry.present = decodePresence(parts[count]);
      advance(entry);
    });
    return entry.heads;
  }

  /** Reads blocks of the last tier of a cut index token (those not read yet). */
  readBlocks(key, cut, wanted) {
    const j = tierCount(cut.entry);
    const entry = this.entryOf(key);
    const fresh = wanted.filter((b) => !entry.blocks.has(b));
    fresh.forEach((b) => entry.blocks.add(b));
    this.tierBytes += Math.round(fresh.length * tierBytes(cut.entry, j) / blockCount(cut.entry));
    const paths = fresh.map((b) => blockPath(cut.n, cut.entry[0], j, b));
    return Promise.all(paths.map(this.load.tier)).then((buffers) => {
      buffers.forEach((buffer) => entry.chunks.push(decodeTier(buffer, this.archive.impact)));
      if (entry.blocks.size === blockCount(cut.entry)) entry.read.add(j);
      advance(entry);
    });
  }

  /** Reads more tiers until the first hits are proven (or everything, with `complete`), then resolves to the ranking. */
  deepen(result) {
    const why = undecided(result, this.proven);
    result.proven = why === null;
    result.tierBytes = this.tierBytes;
    if (!result.hidden.length || (result.proven && !this.complete)) return result;
    // The cut tokens whose unread tiers could add most first, each once.
    const keys = new Set();
    const hidden = result.hidden.slice().sort((x, y) => y.max - x.max).filter((h) => !keys.has(h.key) && keys.add(h.key));
    const reads = this.complete ? this.readAll(hidden, result.cuts) : this.readSome(hidden, result, why);
    if (!reads.length) return result;
    return Promise.all(reads).then(() => this.deepen(this.rank()));
  }

  /** Reads every unread tier of the `hidden` tokens. */
  readAll(hidden, cuts) {
    const reads = [];
    for (const h of hidden) {
      const cut = cuts.get(h.key);
      if (cut.loaded < headCount(cut.entry)) reads.push(this.readHeads(h.key, cut));
      if (inBlocks(cut.entry)) reads.push(this.readBlocks(h.key, cut, allBlocks(cut.entry)));
    }
    return reads;
  }

  /**
   * A first page's next round: the head tiers first (one heads file a
   * token, most often asked for with the shards already); then, of a last
   * tier cut into blocks, only the blocks of the hits still undecided that
   * the tier has (the heads file lists its documents), unless documents not
   * seen at all could still rank among the first hits; as long as the
   * tiers read stay within TIER_BUDGET.
   */
  readSome(hidden, result, why) {
    let left = TIER_BUDGET - this.tierBytes;
    const tail = (cut) => cut.loaded >= headCount(cut.entry);
    const firsts = hidden.filter((h) => !tail(result.cuts.get(h.key)));
    const plan = firsts.map((h) => {
      const cut = result.cuts.get(h.key);
      let size = 0;
      for (let t = 1; t <= headCount(cut.entry); t++) size += tierBytes(cut.entry, t);
      return { size, run: () => this.readHeads(h.key, cut) };
    });
    // Blocks too when the heads read now leave no tier unread: a round
    // less, for queries of three or more words.
    const tails = hidden.filter((h) => tail(result.cuts.get(h.key)));
    const lastHeads = firsts.every((h) => !inBlocks(result.cuts.get(h.key).entry));
    if (tails.length && (!firsts.length || (lastHeads && !why.unseen))) plan.push(...this.blockPlan(tails, result, why));
    const reads = [];
    for (const p of plan) {
      if (p.size > left) continue;
      left -= p.size;
      reads.push(p.run());
    }
    return reads;
  }

  /** The reads of blocks of the last tiers of the `tails` tokens that a first page's next round makes. */
  blockPlan(tails, result, why) {
    const wanted = why.unseen ? smallestTail(tails, result.cuts) : this.undecidedBlocks(tails, result, why);
    const plan = [];
    for (const h of tails) {
      const cut = result.cuts.get(h.key);
      const had = this.entryOf(h.key).blocks;
      const list = Array.from(wanted.get(h.key)).filter((b) => !had.has(b));
      if (!list.length) continue;
      const size = Math.round(list.length * tierBytes(cut.entry, tierCount(cut.entry)) / blockCount(cut.entry));
      plan.push({ size, run: () => this.readBlocks(h.key, cut, list) });
    }
    return plan;
  }

  /**
   * The blocks of the undecided hits that could rise highest first,
   * BLOCK_ROUND at most: each block read settles other hits too, and the
   * hits found to have every word raise the bar, so that most of the
   * others need no reading at all. A Map key -> Set of blocks.
   */
  undecidedBlocks(tails, result, why) {
    const s = result.scores;
    const wanted = new Map(tails.map((h) => [h.key, new Set()]));
    const bounds = new Map();
    why.docs.forEach((doc) => bounds.set(doc, upperBound(result.hidden, s, doc)));
    const order = why.docs.slice().sort((x, y) => {
      const bx = bounds.get(x);
      const by = bounds.get(y);
      return (by[0] - bx[0]) || (by[1] - bx[1]) || (x - y);
    });
    let count = 0;
    for (let i = 0; i < order.length && count < BLOCK_ROUND; i++) {
      const doc = order[i];
      for (const h of tails) {
        if (h.bit >= 0 && (s.seen[doc] & (1 << h.bit))) continue;
        if (h.known && h.known(doc)) continue; // its block is read, or the tier does not have it
        const b = blockOf(result.cuts.get(h.key).entry, doc, this.archive.docs.total);
        if (wanted.get(h.key).has(b)) continue;
        wanted.get(h.key).add(b);
        count++;
      }
    }
    return wanted;
  }
}

/** Marks as read the tiers read so far without a gap. */
function advance(entry) {
  while (entry.read.has(entry.tiers + 1)) entry.tiers++;
}

/** Every block of the last tier of an entry. */
function allBlocks(entry) {
  return Array.from({ length: blockCount(entry) }, (_, b) => b);
}

/**
 * When a document not seen at all could still rank among the first: the
 * whole of the smallest last tier, after which such a document lacks that
 * word (and the hits that have it are known). A Map key -> Set of blocks.
 */
function smallestTail(tails, cuts) {
  const wanted = new Map(tails.map((h) => [h.key, new Set()]));
  const size = (h) => {
    const entry = cuts.get(h.key).entry;
    return tierBytes(entry, tierCount(entry));
  };
  const smallest = tails.slice().sort((x, y) => size(x) - size(y))[0];
  for (const b of allBlocks(cuts.get(smallest.key).entry)) wanted.get(smallest.key).add(b);
  return wanted;
}
