// pressroom search: a query's requests. The term files of its words (a
// query of several words) or its shard (one word, or a word that is not a
// term), then, while its first hits are not proven final, the blocks of the
// tails of the cut index tokens (a threshold algorithm), ranking again after
// each round, within the requests and bytes a first page may take.

import { blockCount, blockOf, blockPath, blockStart, wholePath, decodeBand, decodeDirectory, decodeForward, decodePostings, decodePresence,
  docNumbers, hasTail, levelImpact, termIn, termPath, tierBytes, tierCount, IMPACT } from './format.js';
import { rank, undecided, upperBound } from './rank.js';
import { GROUPS_PER_PAGE } from './results.js';
import { extraShards, shardFor } from './shards.js';

export const PROVEN_HITS = 10;   // hits checked for being final (see provenTop)
export const FIRST_PAGE_FILES = 12; // files a first page reads at most: the manifest, the index's, its result files
export const FIRST_PAGE_BYTES = 135000; // bytes a first page sends at most but the manifest's (about 10 KB; 150 KB in all)
const RESULT_BYTES = [300, 120]; // about what the result file of a transcript of n documents sends: [0] + [1] * n (gzip)
export const FIRST_HITS = 50;    // hits a first page ranks in full (with their transcripts' others)
export const BLOCK_ROUND = 16;   // blocks of tails read at most at once for a first page (see Lookup.blockPlan)

/**
 * Load what the tokens need, and rank: for a query of several tokens, the
 * term file of each (its postings, its head, the list of its tail's
 * documents and the forward records of its first documents, see
 * src/search/terms.rs); for one token, or a token that is not a term, its
 * shard (more shards only for tokens that match nothing), and the term
 * files of the cut index tokens it matches when their heads are needed.
 * Then, while the first PROVEN_HITS hits are not proven final, read the
 * blocks of the tails of the cut index tokens for the hits that could
 * still move, those that could rise highest first (a threshold algorithm:
 * it stops when no document left unread can reach the top hits), as long
 * as a first page stays within FIRST_PAGE_FILES files (the manifest and
 * GROUPS_PER_PAGE result files counted) and FIRST_PAGE_BYTES bytes (term
 * files and blocks, and about those of the result files); past that, the
 * first page shows the ranking of what it read ("best matches first"). With `complete` (filters, "show more"), every tier, and every hit
 * in `hits`; else the first FIRST_HITS (see rank()). `m` is the manifest;
 * `load.shard(n)` and `load.tier(path)` fetch a shard (JSON) and a term
 * file or block (ArrayBuffer); `wanted` replaces PROVEN_HITS. Resolves to
 * rank()'s result with `proven` (the first hits are final), `tierBytes`
 * (heads and blocks read) and `files` (files asked for).
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
    this.sources = null; // per token, the shards (or its term source) to look it up in
    // Per cut index token, what is read of it (see rank()).
    this.more = new Map();
    this.tierBytes = 0; // heads, lists of documents and blocks read
    this.indexBytes = 0; // term files and blocks read
    this.state = null; // the ranking's state across rounds (see rank())
    this.files = new Map(); // term files and blocks asked for, by path: each once per lookUp
    this.asked = new Set(); // every file asked for
  }

  run() {
    const tokens = this.tokens;
    const numbers = tokens.map((token) => shardFor(this.bounds, token));
    const first = tokens.length > 1 && this.m.terms ? this.termRound(numbers) : Promise.all(numbers.map((n) => this.shard(n)))
      .then((indexes) => indexes.map((index) => [index]));
    return first.then((sources) => {
      this.sources = sources;
      this.state = { limit: this.complete ? 0 : FIRST_HITS };
      const result = this.rank();
      const unmatched = tokens.map((token, i) => i).filter((i) => !(result.matched & (1 << i)) && !sources[i][0].postings);
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

  /**
   * The first round of a query of several tokens: the term file of each,
   * and the shard of those it does not hold (words being typed). Resolves
   * to the sources of each token; the heads, lists and forward records of
   * the cut ones are read.
   */
  termRound(numbers) {
    const tokens = this.tokens;
    return Promise.all(tokens.map((token, i) => this.file(termPath(this.m, numbers[i], token)).then((buffer) => {
      this.indexBytes += buffer.byteLength;
      return termIn(buffer, token);
    })))
      .then((entries) => Promise.all(entries.map((parts, i) => {
        if (!parts) return this.shard(numbers[i]).then((index) => [index]);
        const directory = parts[1].length ? decodeDirectory(parts[1]) : null;
        if (directory) {
          this.readParts(tokens[i], parts);
          this.entryOf(tokens[i]).heads = Promise.resolve();
        }
        return [{ n: numbers[i], postings: decodePostings(parts[0]), directory, forward: parts[4] }];
      })))
      .then((sources) => {
        this.applyForward(sources);
        return sources;
      });
  }

  /**
   * Forward records of the term sources read: for the tokens that are
   * dense terms (the manifest's `dense`), their tail postings, and the
   * documents that lack them, of the documents recorded.
   */
  applyForward(sources) {
    const dense = this.m.dense || [];
    const wanted = new Map();
    sources.forEach((list, i) => {
      const j = dense.indexOf(this.tokens[i]);
      if (j >= 0 && list[0].postings && list[0].directory && hasTail(list[0].directory)) wanted.set(j, this.tokens[i]);
    });
    if (!wanted.size) return;
    const found = new Map(Array.from(wanted.values(), (key) => [key, { docs: [], impacts: [] }]));
    for (const list of sources) {
      if (!list[0].forward || !list[0].forward.length) continue;
      for (const record of decodeForward(list[0].forward, dense.length)) {
        wanted.forEach((key, j) => {
          const code = record.codes[j];
          if (code === 0) {
            const entry = this.entryOf(key);
            if (!entry.absent) entry.absent = new Set();
            entry.absent.add(record.doc);
          } else if (code === 2) {
            found.get(key).docs.push(record.doc);
            found.get(key).impacts.push(levelImpact(this.archive.impact, record.levels[j]));
          }
        });
      }
    }
    found.forEach((chunk, key) => {
      if (chunk.docs.length) this.entryOf(key).forward = [{ docs: Int32Array.from(chunk.docs), impacts: Float64Array.from(chunk.impacts) }];
    });
  }

  shard(n) {
    this.asked.add('s/' + n + '.json');
    return this.load.shard(n).then((index) => { index.n = n; return index; });
  }

  /** A term file or block, each asked for once per lookUp. */
  file(path) {
    if (!this.files.has(path)) {
      this.asked.add(path);
      const promise = this.load.tier(path);
      promise.catch(() => {}); // a failure is reported where it is read
      this.files.set(path, promise);
    }
    return this.files.get(path);
  }

  rank() {
    return rank(this.tokens, this.sources, this.archive, this.more, this.state);
  }

  entryOf(key) {
    if (!this.more.has(key)) this.more.set(key, { tiers: 0, chunks: [], blocks: new Set(), read: new Set() });
    return this.more.get(key);
  }

  /** Notes the head and the list of the tail's documents of a cut token's term entry, read. */
  readParts(key, parts) {
    const entry = this.entryOf(key);
    this.tierBytes += parts[2].length + parts[3].length;
    entry.chunks.push(decodeBand(parts[2], 0, this.archive.impact));
    if (parts[3].length) entry.present = decodePresence(parts[3]);
    entry.read.add(1);
    advance(entry);
  }

  /** Reads the head of a cut index token (and the list of its tail's documents), from its term file. */
  readHeads(key, cut) {
    const entry = this.entryOf(key);
    if (entry.heads) return entry.heads;
    const path = termPath(this.m, cut.n, key);
    entry.heads = this.file(path).then((buffer) => {
      const parts = termIn(buffer, key);
      if (!parts || !parts[1].length) throw new Error(path + ': no head for ' + key);
      this.readParts(key, parts);
    });
    return entry.heads;
  }

  /** Reads blocks of the tail of a cut index token (those not read yet). */
  readBlocks(key, cut, wanted) {
    const entry = this.entryOf(key);
    const fresh = wanted.filter((b) => !entry.blocks.has(b));
    fresh.forEach((b) => entry.blocks.add(b));
    const blocks = blockCount(cut.entry);
    this.tierBytes += Math.round(fresh.length * tierBytes(cut.entry, 2) / blocks);
    return Promise.all(fresh.map((b) => this.file(blockPath(cut.n, cut.entry[0], b)).then((buffer) => {
      this.indexBytes += buffer.byteLength;
      entry.chunks.push(decodeBand(buffer, blockStart(b, blocks, this.archive.total), this.archive.impact));
    }))).then(() => {
      if (entry.blocks.size === blocks) entry.read.add(2);
      advance(entry);
    });
  }

  /** Reads more until the first hits are proven (or everything, with `complete`), then resolves to the ranking. */
  deepen(result) {
    const why = undecided(result, this.proven);
    result.proven = why === null;
    result.tierBytes = this.tierBytes;
    result.files = this.asked.size;
    if (!result.hidden.length || (result.proven && !this.complete)) return result;
    // The cut tokens whose unread tiers could add most first, each once.
    const keys = new Set();
    const hidden = result.hidden.slice().sort((x, y) => y.max - x.max).filter((h) => !keys.has(h.key) && keys.add(h.key));
    const reads = this.complete ? this.readAll(hidden, result.cuts) : this.readSome(hidden, result, why);
    if (!reads.length) return this.unproven(result);
    return Promise.all(reads).then(() => this.deepen(this.rank()));
  }

  /**
   * A first page that its files and bytes leave unproven: the hits again,
   * those that most likely have the query's words in the dense tails left
   * unread counted as having them (see likely() in rank.js).
   */
  unproven(result) {
    if (this.complete) return result;
    this.state.likely = true;
    const again = this.rank();
    return Object.assign(again, { proven: false, tierBytes: result.tierBytes, files: result.files });
  }

  /** Reads every unread tier of the `hidden` tokens. */
  readAll(hidden, cuts) {
    const reads = [];
    for (const h of hidden) {
      const cut = cuts.get(h.key);
      if (cut.loaded < 1) reads.push(this.readHeads(h.key, cut));
      if (hasTail(cut.entry)) reads.push(this.readBlocks(h.key, cut, allBlocks(cut.entry)));
    }
    return reads;
  }

  /** About the bytes of the result files of the first GROUPS_PER_PAGE transcripts of `hits`. */
  resultBytes(hits) {
    const { owner, starts } = this.archive.docs;
    const shown = new Set();
    for (let i = 0; i < hits.length && shown.size < GROUPS_PER_PAGE; i++) shown.add(owner[hits[i].doc]);
    let bytes = 0;
    shown.forEach((t) => { bytes += RESULT_BYTES[0] + RESULT_BYTES[1] * (starts[t + 1] - starts[t]); });
    return bytes;
  }

  /** How many more files a first page may ask for before its result files. */
  filesLeft() {
    return FIRST_PAGE_FILES - 1 - GROUPS_PER_PAGE - this.asked.size;
  }

  /**
   * A first page's next round: the heads first (a term file a token, those
   * of a query of several words are read already); then, of a tail, only
   * the blocks of the hits still undecided that the tail has (the term
   * entry lists its documents, forward records say which lack it), unless
   * documents not seen at all could still rank among the first hits; as
   * long as the first page stays within its files and FIRST_PAGE_BYTES.
   */
  readSome(hidden, result, why) {
    const bytes = FIRST_PAGE_BYTES - this.indexBytes - this.resultBytes(result.hits);
    let files = this.filesLeft();
    const tail = (cut) => cut.loaded >= 1;
    const reads = [];
    const firsts = hidden.filter((h) => !tail(result.cuts.get(h.key)));
    for (const h of firsts) {
      const cut = result.cuts.get(h.key);
      const asked = this.files.has(termPath(this.m, cut.n, h.key)) ? 0 : 1;
      if (asked > files) continue;
      files -= asked;
      reads.push(this.readHeads(h.key, cut));
    }
    // Blocks too when the heads read now leave no head unread: a round less.
    const tails = hidden.filter((h) => tail(result.cuts.get(h.key)));
    if (tails.length && (!firsts.length || !why.unseen)) reads.push(...this.blockPlan(tails, result, why, files, bytes));
    return reads;
  }

  /**
   * The reads of the tails of the `tails` tokens that a first page's next
   * round makes, within `files` and `bytes`: the blocks of the undecided
   * hits that could rise highest first (when a document not seen at all
   * could still rank among the first, the smallest tail whole, if it fits;
   * else those of the hits, for the best first page it can show); a tail
   * written whole too (the manifest's `whole`) read whole in one request
   * when two or more of its blocks are wanted and its bytes allow.
   */
  blockPlan(tails, result, why, files, bytes) {
    let pairs = why.unseen ? smallestTail(tails, result.cuts) : [];
    // Only when all of it fits: a part of it does not bound the unseen documents.
    const key = pairs.length ? pairs[0][0] : null;
    const cut = key && result.cuts.get(key);
    const whole = cut && this.hasWhole(cut) ? tierBytes(cut.entry, 2) : Infinity;
    if (cut && (pairs.length > files || tierBytes(cut.entry, 2) > bytes) && !(whole <= bytes && files >= 1)) pairs = [];
    if (!pairs.length) pairs = this.undecidedBlocks(tails, result, why);
    const plans = new Map(tails.map((h) => [h.key, { blocks: [], whole: false }]));
    let count = 0;
    for (const [key, b] of pairs) {
      const plan = plans.get(key);
      const cut = result.cuts.get(key);
      const entry = this.entryOf(key);
      if (plan.whole || entry.blocks.has(b)) continue;
      const block = tierBytes(cut.entry, 2) / blockCount(cut.entry);
      const extra = tierBytes(cut.entry, 2) - plan.blocks.length * block;
      if (plan.blocks.length && this.hasWhole(cut) && !entry.blocks.size && extra <= bytes) {
        // Whole, in place of the blocks planned.
        files += plan.blocks.length - 1;
        count -= plan.blocks.length - 1;
        bytes -= extra;
        plan.blocks = [];
        plan.whole = true;
        continue;
      }
      if (files < 1 || block > bytes || count >= BLOCK_ROUND) continue;
      plan.blocks.push(b);
      files--;
      count++;
      bytes -= block;
    }
    const reads = [];
    plans.forEach((plan, key) => {
      const cut = result.cuts.get(key);
      if (plan.whole) reads.push(this.readWhole(key, cut));
      else if (plan.blocks.length) reads.push(this.readBlocks(key, cut, plan.blocks));
    });
    return reads;
  }

  /** Whether the tail of a cut index token is also written whole (see blockPlan). */
  hasWhole(cut) {
    return blockCount(cut.entry) > 1 && tierBytes(cut.entry, 2) <= (Number(this.m.whole) || 0);
  }

  /** Reads the tail of a cut index token whole. */
  readWhole(key, cut) {
    const entry = this.entryOf(key);
    allBlocks(cut.entry).forEach((b) => entry.blocks.add(b));
    this.tierBytes += tierBytes(cut.entry, 2);
    return this.file(wholePath(cut.n, cut.entry[0])).then((buffer) => {
      this.indexBytes += buffer.byteLength;
      entry.chunks.push(decodeBand(buffer, 0, this.archive.impact));
      entry.read.add(2);
      advance(entry);
    });
  }

  /**
   * The blocks of the undecided hits, those of the hits that could rise
   * highest first: each block read settles other hits too, and the hits
   * found to have every word raise the bar, so that most of the others
   * need no reading at all. [key, block] pairs, each once.
   */
  undecidedBlocks(tails, result, why) {
    const s = result.scores;
    const bounds = new Map();
    why.docs.forEach((doc) => bounds.set(doc, upperBound(result.hidden, s, doc)));
    const byBound = (x, y) => {
      const bx = bounds.get(x);
      const by = bounds.get(y);
      return (by[0] - bx[0]) || (by[1] - bx[1]) || (x - y);
    };
    const order = why.docs.slice().sort(byBound);
    const pairs = [];
    const seen = new Set();
    for (const doc of order) {
      for (const h of tails) {
        if (h.bit >= 0 && (s.seen[doc] & (1 << h.bit))) continue;
        if (h.known && h.known(doc)) continue; // its block is read, or the tail does not have it
        const b = blockOf(result.cuts.get(h.key).entry, doc, this.archive.docs.total);
        const id = h.key + ' ' + b;
        if (seen.has(id)) continue;
        seen.add(id);
        pairs.push([h.key, b]);
      }
    }
    return pairs;
  }
}

/** Marks as read the tiers read so far without a gap. */
function advance(entry) {
  while (entry.read.has(entry.tiers + 1)) entry.tiers++;
}

/** Every block of the tail of an entry. */
function allBlocks(entry) {
  return Array.from({ length: blockCount(entry) }, (_, b) => b);
}

/**
 * When a document not seen at all could still rank among the first: the
 * whole of the smallest tail, after which such a document lacks that word
 * (and the hits that have it are known). [key, block] pairs.
 */
function smallestTail(tails, cuts) {
  const size = (h) => tierBytes(cuts.get(h.key).entry, tierCount(cuts.get(h.key).entry));
  const smallest = tails.slice().sort((x, y) => size(x) - size(y))[0];
  return allBlocks(cuts.get(smallest.key).entry).map((b) => [smallest.key, b]);
}
