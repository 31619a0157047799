// Search benchmark (not a test): index size on disk, bytes transferred and
// query time in Chromium for a site that pressroom built, and the top result
// of each query against one classic elasticlunr index of the same documents
// (search/single.json, which examples/single_index.rs writes into a built
// site).
//
//   [SEARCH_JS=static] [HTTP2=1] [LATENCY=50] node bench/measure.mjs SITE_DIR [queries.json...] > result.json
//
// The site is served on 127.0.0.1 with gzip (as GitHub Pages serves JSON);
// "bytes" are what went over the wire for search data (manifest, shards,
// term files, blocks, result files, filters), "raw" the same files
// uncompressed (term files and blocks, binary, are sent as they are).
// LATENCY=ms: every request of the page takes that much longer (Chromium's
// network throttling through the DevTools protocol,
// Network.emulateNetworkConditions; no bandwidth limit), as a round trip on
// a real network would. Each query runs
// first in a fresh browser context (cold cache, after the page has loaded:
// the manifest is fetched at load and counted with the first query), then a
// second query runs in the same page ("next query"). Times are from submitting
// the form to the results being in the page, in the page's own clock.
import fs from 'node:fs/promises';
import fss from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import vm from 'node:vm';
import { loadClient } from '../tests/browser/site.mjs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { serveSite } from './serve.mjs';
import { timedQuery } from './query.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');

const SITE = path.resolve(process.argv[2] || '');
const QUERY_FILES = process.argv.length > 3 ? process.argv.slice(3) : [path.join(here, 'queries.json')];
const QUERIES = (await Promise.all(QUERY_FILES.map(async (f) => JSON.parse(await fs.readFile(f, 'utf8'))))).flat();
const LATENCY = Number(process.env.LATENCY || 0);
// SEARCH_JS=folder or file: serve (and rank with) that client instead of the
// site's, to compare two clients on one built site: a static/ folder (its
// search.js and search/*.js), or a single search.js of before the ES
// modules (see bench/serve.mjs).
const SEARCH_JS = process.env.SEARCH_JS ? path.resolve(process.env.SEARCH_JS) : '';

async function walk(dir) {
  const out = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...await walk(p)); else out.push(p);
  }
  return out;
}

// --- Sizes on disk ----------------------------------------------------------
// Every file of search/ is also read once here, and every JSON file of it
// gzipped ahead (gzCache, below): the server then answers from memory, as a
// static host's cache does, and the times measure the page, not this
// server's disk reads and compression.
const gzCache = new Map();
const files = await walk(path.join(SITE, 'search'));
const sizes = { files: 0, bytes: 0, shards: 0, shardBytes: 0, shardGzip: 0, maxShard: 0, maxShardGzip: 0, termFiles: 0, termBytes: 0, maxTerm: 0,
  blockFiles: 0, blockBytes: 0, maxBlock: 0, docsFiles: 0, docsBytes: 0, facetBytes: 0, manifest: 0, manifestGzip: 0, single: 0 };
for (const f of files) {
  const rel = path.relative(path.join(SITE, 'search'), f);
  const { size } = await fs.stat(f);
  if (rel === 'single.json') { sizes.single = size; continue; }
  sizes.files += 1;
  sizes.bytes += size;
  const bytes = await fs.readFile(f);
  if (f.endsWith('.json')) gzCache.set(f, zlib.gzipSync(bytes, { level: 6 }));
  if (rel.startsWith('s/')) {
    const gz = gzCache.get(f).length;
    sizes.shards += 1; sizes.shardBytes += size; sizes.shardGzip += gz;
    sizes.maxShard = Math.max(sizes.maxShard, size); sizes.maxShardGzip = Math.max(sizes.maxShardGzip, gz);
  } else if (rel.startsWith('t/')) { sizes.termFiles += 1; sizes.termBytes += size; sizes.maxTerm = Math.max(sizes.maxTerm, size); }
  else if (rel.startsWith('m/')) { sizes.blockFiles += 1; sizes.blockBytes += size; sizes.maxBlock = Math.max(sizes.maxBlock, size); }
  else if (rel.startsWith('d/')) { sizes.docsFiles += 1; sizes.docsBytes += size; }
  else if (rel.startsWith('f/')) sizes.facetBytes += size;
  else if (rel === 'manifest.json') {
    sizes.manifest = size;
    sizes.manifestGzip = gzCache.get(f).length;
  }
}

// --- A gzip static server that counts bytes per request -----------------------
let log = [];
// HTTP2=1: serve over HTTP/2 (TLS), as GitHub Pages does (see bench/serve.mjs).
const HTTP2 = Boolean(process.env.HTTP2 && process.env.HTTP2 !== '0');
const { server, origin } = await serveSite(SITE, { searchJs: SEARCH_JS, http2: HTTP2, gzipped: gzCache, onRequest: (entry) => log.push(entry) });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

/** Milliseconds between two keys when a query is typed (a quick typist). */
const TYPE_DELAY = 100;

/**
 * Sequential rounds of requests: a request starts a new round when it was
 * asked for more than BURST_MS after the previous one and an answer came
 * in between (the page asks for a round's files one after the other, a
 * few ms apart when the machine is busy; the next round waits for answers).
 */
const BURST_MS = 20;
function rounds(fetches) {
  const sorted = fetches.slice().sort((a, b) => a.start - b.start);
  let round = 0;
  sorted.forEach((f, i) => {
    const prev = sorted[i - 1];
    if (!prev || (f.start - prev.start > BURST_MS && sorted.some((g) => g.end > prev.start && g.end <= f.start))) round += 1;
    f.round = round;
  });
  return round;
}

const searchData = (entries) => entries.filter((e) => e.path.startsWith('/search/') && /\.(json|bin)$/.test(e.path));
const sum = (entries, key) => entries.reduce((n, e) => n + e[key], 0);

/** A fresh context (cold cache) with the search page loaded (with LATENCY, through a network that slow). */
async function freshPage() {
  const context = await browser.newContext({ ignoreHTTPSErrors: HTTP2 });
  // When the page asks for each file (see timedQuery).
  await context.addInitScript(() => {
    const fetch = window.fetch;
    window.__fetchCalls = [];
    window.fetch = function (input) {
      window.__fetchCalls.push([new URL(String(input), location.href).href, performance.now()]);
      return fetch.apply(this, arguments);
    };
  });
  const page = await context.newPage();
  if (LATENCY) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LATENCY, downloadThroughput: -1, uploadThroughput: -1 });
  }
  await page.goto(`${origin}/search/`, { waitUntil: 'networkidle' });
  return { context, page };
}

const runs = [];
for (let i = 0; i < QUERIES.length; i++) {
  const q = QUERIES[i];
  const next = QUERIES[(i + 1) % QUERIES.length];
  // Typed: in another fresh page, the query typed key by key, then Enter
  // pressed at once after the last key: the page has fetched the shards of
  // the words being typed (and the term files of the words followed by a space) as
  // they were typed. Time from Enter; bytes from page load (the manifest)
  // on, as for the first query.
  log = [];
  const typedPage = await freshPage();
  await typedPage.page.click('#search-input');
  await typedPage.page.keyboard.type(q, { delay: TYPE_DELAY });
  const typed = await timedQuery(typedPage.page, q, true);
  const typedData = searchData(log);
  await typedPage.context.close();

  log = [];
  const { context, page } = await freshPage();
  const pageLoad = log.slice();
  log = [];
  const { ms, fetches } = await timedQuery(page, q);
  const asked = searchData(log);
  const first = searchData(pageLoad).concat(asked);
  const hits = await page.locator('.search-hit-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const status = await page.textContent('#search-status');
  log = [];
  const ms2 = (await timedQuery(page, next)).ms;
  const second = searchData(log);
  // Warm: the same query again, every file cached by the page.
  const ms3 = (await timedQuery(page, q)).ms;
  runs.push({
    q, status, top: hits[0] || null,
    first: { ms: Math.round(ms), sent: sum(first, 'sent'), raw: sum(first, 'raw'), requests: first.length,
      shards: first.filter((e) => e.path.includes('/s/')).length, terms: first.filter((e) => e.path.includes('/t/')).length,
      blocks: first.filter((e) => e.path.includes('/m/')).length,
      indexBytes: sum(first.filter((e) => /\/[tm]\//.test(e.path)), 'sent'),
      results: first.filter((e) => e.path.includes('/d/')).length, page: sum(pageLoad.filter((e) => !e.path.endsWith('.json')), 'sent'),
      rounds: rounds(fetches), fetchMs: Math.round(Math.max(0, ...fetches.map((f) => f.end))),
      serverMs: Math.round(sum(asked, 'serverMs')), fetches },
    next: { q: next, ms: Math.round(ms2), sent: sum(second, 'sent'), raw: sum(second, 'raw'), requests: second.length },
    warmMs: Math.round(ms3),
    typed: { ms: Math.round(typed.ms), sent: sum(typedData, 'sent'), requests: typedData.length,
      afterEnter: typed.fetches.length, rounds: rounds(typed.fetches) },
  });
  await context.close();
}
await browser.close();
server.close();

// --- Relevance: the same queries against one classic index ---------------------
const manifest = JSON.parse(await fs.readFile(path.join(SITE, 'search', 'manifest.json'), 'utf8'));
const { queryTokens, lookUp, docNumbers, rankOne } = await client();

/**
 * The client to rank with in node: the modules of a static/ folder (the
 * site's or SEARCH_JS's), or a single search.js of before the ES modules,
 * run as a script that exports to `module`; `rankOne(tokens, index, docs)`
 * is rank() over one index.
 */
async function client() {
  if (SEARCH_JS && !fss.statSync(SEARCH_JS).isDirectory()) {
    const sandbox = { module: { exports: {} }, TextEncoder, TextDecoder };
    vm.runInNewContext(await fs.readFile(SEARCH_JS, 'utf8'), sandbox);
    const c = sandbox.module.exports;
    return { ...c, rankOne: (tokens, index, docs) => c.rank(tokens, tokens.map(() => [index]), index.documentStore.length, new Map(), docs) };
  }
  const c = await loadClient(SEARCH_JS || path.join(SITE, 'static'));
  const rankOne = (tokens, index, docs) =>
    c.rank(tokens, tokens.map(() => [index]), { total: index.documentStore.length, docs, impact: manifest.impact }, new Map());
  return { ...c, rankOne };
}
const readShard = (n) => JSON.parse(fss.readFileSync(path.join(SITE, 'search', 's', `${n}.json`), 'utf8'));
const shardCache = new Map();
const load = {
  shard: async (n) => { if (!shardCache.has(n)) shardCache.set(n, readShard(n)); return shardCache.get(n); },
  tier: async (p) => { const b = fss.readFileSync(path.join(SITE, 'search', p)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); },
};
/**
 * What the client does (lookUp in static/search/lookup.js): the term files
 * or shards, then blocks until the top 10 are proven or a first page's files
 * and bytes are spent ("fast"); "exact" reads every tier (what "show more"
 * and filters do), which ranks exactly like one index.
 */
let relevance = [];
for (const q of QUERIES) {
  const tokens = Array.from(queryTokens(q));
  // Rounds of tier requests of the first page: the files asked for before
  // any of them is answered are one round (answers come a macrotask later).
  let tierRounds = 0;
  let tick = 0;
  let last = -1;
  const counting = { shard: load.shard, tier: (p) => {
    if (last !== tick) { tierRounds += 1; last = tick; }
    return load.tier(p).then((b) => new Promise((resolve) => setTimeout(() => { tick += 1; resolve(b); }, 0)));
  } };
  const fast = await lookUp(manifest, tokens, false, counting);
  const exact = await lookUp(manifest, tokens, true, load);
  const top10 = (hits) => hits.slice(0, 10).map((h) => h.ref);
  relevance.push({ q, cut: exact.tierBytes > 0, proven: fast.proven, tierBytes: fast.tierBytes, allTierBytes: exact.tierBytes, tierRounds,
    top10: top10(fast.hits), exactTop10: top10(exact.hits),
    top: fast.hits[0]?.ref || null, exactTop: exact.hits[0]?.ref || null,
    sameAsExact: fast.hits[0]?.ref === exact.hits[0]?.ref, top10OverlapExact: top10(fast.hits).filter((r) => top10(exact.hits).includes(r)).length });
}
if (sizes.single) {
  const single = JSON.parse(await fs.readFile(path.join(SITE, 'search', 'single.json'), 'utf8'));
  // What the unsharded client did: elasticlunr's 1/sqrt(field length) from docInfo.
  const info = single.documentStore.docInfo;
  const fold = (node, field) => {
    if (node.docs) for (const [ref, e] of Object.entries(node.docs)) e.tf = e.tf / Math.sqrt(info[ref][field] || 1);
    for (const [k, child] of Object.entries(node)) if (k !== 'docs' && k !== 'df') fold(child, field);
  };
  for (const field of single.fields) fold(single.index[field].root, field);
  const elasticlunr = require('elasticlunr');
  const classic = elasticlunr.Index.load(JSON.parse(await fs.readFile(path.join(SITE, 'search', 'single.json'), 'utf8')));
  const boosts = { fields: { title: { boost: 2 }, asker: { boost: 3 }, outlet: { boost: 3 }, question: { boost: 1 }, answer: { boost: 1 } } };
  relevance = relevance.map((r) => {
    const tokens = Array.from(queryTokens(r.q));
    const whole = rankOne(tokens, single, docNumbers(manifest.counts)).hits.slice(0, 10).map((h) => h.ref);
    const ejs = classic.search(r.q, boosts).slice(0, 10).map((h) => h.ref);
    return { ...r, singleTop: whole[0] || null, sameAsSingle: r.top === whole[0], exactSameAsSingle: r.exactTop === whole[0], elasticlunrJsTop: ejs[0] || null };
  });
}

console.log(JSON.stringify({ site: path.basename(SITE), http: HTTP2 ? 2 : 1, latency: LATENCY, format: manifest.format, docs: manifest.docs,
  transcripts: manifest.transcripts, sizes, runs, relevance }, null, 1));
