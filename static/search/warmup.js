// pressroom search: the page's warm-up. Ranks a query of two words on a small
// archive in memory (no request), the way lookUp() ranks a real one: term
// files with their heads, lists of documents and forward records, blocks. The page runs it once
// when idle after loading, so that a first query runs code the browser has
// already compiled: its loops over thousands of postings, run for the first
// time, cost a first query 10-20 ms more on a 2-core machine. The archive
// (warmup-data.js) is what src/search/ writes for it, read by the same code
// as a real one.

import { lookUp } from './lookup.js';
import { queryTokens } from './text.js';
import { WARM_UP } from './warmup-data.js';

/** The bytes of base-64 text, as an ArrayBuffer. */
function bytesOf(base64) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes.buffer;
}

/** Ranks the warm-up query; resolves to lookUp()'s result (a test checks that it ranks). */
export function warmUp() {
  const files = new Map(Object.entries(WARM_UP.files).map(([path, data]) => [path, bytesOf(data)]));
  const load = {
    shard: () => Promise.resolve(JSON.parse(WARM_UP.shard)),
    tier: (path) => (files.has(path) ? Promise.resolve(files.get(path)) : Promise.reject(new Error('no ' + path))),
  };
  return lookUp({ ...WARM_UP.manifest }, queryTokens(WARM_UP.query), false, load);
}
