// pressroom search: finding a query token in the shards s/<n>.json that
// src/search/shards.rs writes (elasticlunr.js-compatible indexes: per
// field, a trie of the terms by character), and which shards to read.

const MIN_PREFIX = 2;        // shorter query tokens match exactly only
const MAX_EXPANSIONS = 100;  // index tokens tried per query token and field, shortest first
const MIN_STEM_PREFIX = 4;   // see truncatedNode()
const MAX_EXTRA_SHARDS = 2;  // further shards read for completions of an unmatched token

export function has(obj, key) {
  return obj !== null && typeof obj === 'object' && Object.prototype.hasOwnProperty.call(obj, key);
}

/** Compare two terms by code point, the order the shards are cut in (Rust's str order). */
export function compareTerms(a, b) {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i);
    const y = b.codePointAt(j);
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  if (i < a.length) return 1;
  return j < b.length ? -1 : 0;
}

/** Number of the shard holding `token`: the last whose lower bound (the manifest's `shards`) is <= token. */
export function shardFor(bounds, token) {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (compareTerms(bounds[mid], token) <= 0) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/**
 * Shards beyond shardFor(token) that may hold longer terms starting with
 * `token`, and the shards of the token's own prefixes (for truncatedNode).
 */
export function extraShards(bounds, token) {
  const first = shardFor(bounds, token);
  const out = [];
  for (let n = first + 1; n < bounds.length && out.length < MAX_EXTRA_SHARDS; n++) {
    if (bounds[n].indexOf(token) !== 0) break;
    out.push(n);
  }
  const chars = Array.from(token);
  for (let len = chars.length - 1; len >= MIN_STEM_PREFIX; len--) {
    const shard = shardFor(bounds, chars.slice(0, len).join(''));
    if (shard !== first && out.indexOf(shard) < 0) out.push(shard);
  }
  return out;
}

/** The trie root of `field` in a shard, or null. */
export function fieldRoot(index, field) {
  const inv = index && index.index && has(index.index, field) ? index.index[field] : null;
  return inv && inv.root ? inv.root : null;
}

/** Trie node for a token, or null. Keys are single characters (code points). */
function findNode(root, token) {
  let node = root;
  for (const ch of token) {
    if (!has(node, ch)) return null;
    node = node[ch];
  }
  return node;
}

function hasDocs(node) {
  return has(node, 'docs') && node.docs !== null && Object.keys(node.docs).length > 0;
}

/** [[token, node]] when the index has the token, else []. */
export function exactNode(root, token) {
  const node = findNode(root, token);
  return node && hasDocs(node) ? [[token, node]] : [];
}

/**
 * [key, node] pairs for the token itself and for longer index tokens that
 * start with it (breadth first, so the closest completions come first).
 */
export function matchingNodes(root, token) {
  const start = findNode(root, token);
  if (!start) return [];
  const found = hasDocs(start) ? [[token, start]] : [];
  if ([...token].length < MIN_PREFIX) return found;
  const queue = [[token, start]];
  let expansions = 0;
  for (let next = 0; next < queue.length && expansions < MAX_EXPANSIONS; next++) {
    const [prefix, node] = queue[next];
    const keys = Object.keys(node).sort();
    for (let i = 0; i < keys.length && expansions < MAX_EXPANSIONS; i++) {
      const ch = keys[i];
      if (ch === 'docs' || ch === 'df') continue;
      const child = node[ch];
      if (!child || typeof child !== 'object') continue;
      const key = prefix + ch;
      if (hasDocs(child)) { found.push([key, child]); expansions++; }
      queue.push([key, child]);
    }
  }
  return found;
}

/**
 * Fallback for a word still being typed, whose stem can be longer than the
 * stem of the whole word ("negotiat" vs "negoti" for "negotiate"): the
 * longest index token, of at least MIN_STEM_PREFIX characters, that the
 * query token starts with.
 */
export function truncatedNode(root, token) {
  let node = root;
  let key = '';
  let best = [];
  for (const ch of token) {
    if (!has(node, ch)) break;
    node = node[ch];
    key += ch;
    if ([...key].length >= MIN_STEM_PREFIX && hasDocs(node)) best = [[key, node]];
  }
  return best;
}
