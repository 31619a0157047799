// Search benchmark (not a test): index size on disk, bytes transferred and
// query time in Chromium for a site that pressroom built, and the top result
// of each query against one classic elasticlunr index of the same documents
// (search/single.json, written when the site is built with
// PRESSROOM_SEARCH_SINGLE=1).
//
//   node bench/measure.mjs SITE_DIR [queries.json] > result.json
//
// The site is served on 127.0.0.1 with gzip (as GitHub Pages serves JSON);
// "bytes" are what went over the wire for search data (manifest, shards,
// tier files, result files, filters), "raw" the same files uncompressed
// (tier files, binary, are sent as they are). Each query runs
// first in a fresh browser context (cold cache, after the page has loaded:
// the manifest is fetched at load and counted with the first query), then a
// second query runs in the same page ("next query"). Times are from submitting
// the form to the results being in the page, in the page's own clock.
import http from 'node:http';
import fs from 'node:fs/promises';
import fss from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');

const SITE = path.resolve(process.argv[2] || '');
const QUERIES = JSON.parse(await fs.readFile(process.argv[3] || path.join(here, 'queries.json'), 'utf8'));

async function walk(dir) {
  const out = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...await walk(p)); else out.push(p);
  }
  return out;
}

// --- Sizes on disk ----------------------------------------------------------
const files = await walk(path.join(SITE, 'search'));
const sizes = { files: 0, bytes: 0, shards: 0, shardBytes: 0, shardGzip: 0, maxShard: 0, maxShardGzip: 0, tierFiles: 0, tierBytes: 0, maxTier: 0, docsFiles: 0, docsBytes: 0, facetBytes: 0, manifest: 0, manifestGzip: 0, single: 0 };
for (const f of files) {
  const rel = path.relative(path.join(SITE, 'search'), f);
  const { size } = await fs.stat(f);
  if (rel === 'single.json') { sizes.single = size; continue; }
  sizes.files += 1;
  sizes.bytes += size;
  if (rel.startsWith('s/')) {
    const gz = zlib.gzipSync(await fs.readFile(f), { level: 6 }).length;
    sizes.shards += 1; sizes.shardBytes += size; sizes.shardGzip += gz;
    sizes.maxShard = Math.max(sizes.maxShard, size); sizes.maxShardGzip = Math.max(sizes.maxShardGzip, gz);
  } else if (rel.startsWith('m/')) { sizes.tierFiles += 1; sizes.tierBytes += size; sizes.maxTier = Math.max(sizes.maxTier, size); }
  else if (rel.startsWith('d/')) { sizes.docsFiles += 1; sizes.docsBytes += size; }
  else if (rel.startsWith('f/')) sizes.facetBytes += size;
  else if (rel === 'manifest.json') {
    sizes.manifest = size;
    sizes.manifestGzip = zlib.gzipSync(await fs.readFile(f), { level: 6 }).length;
  }
}

// --- A gzip static server that counts bytes per request -----------------------
let log = [];
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
const gzCache = new Map();
const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x');
  let file = path.join(SITE, decodeURIComponent(url.pathname));
  if (!file.startsWith(SITE)) { res.writeHead(404); res.end(); return; }
  try {
    if ((await fs.stat(file)).isDirectory()) file = path.join(file, 'index.html');
    let body = await fs.readFile(file);
    const raw = body.length;
    const headers = { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
    if (/gzip/.test(req.headers['accept-encoding'] || '') && /\.(json|html|js|css)$/.test(file)) {
      if (!gzCache.has(file)) gzCache.set(file, zlib.gzipSync(body, { level: 6 }));
      body = gzCache.get(file);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
    log.push({ path: url.pathname, raw, sent: body.length });
  } catch {
    res.writeHead(404); res.end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

/** Submit `q` in the page and wait for the results; returns ms in the page's clock. */
async function timedQuery(page, q) {
  return page.evaluate((q) => new Promise((resolve) => {
    const results = document.getElementById('search-results');
    const input = document.getElementById('search-input');
    let t0 = 0;
    const done = () => {
      if (results.getAttribute('aria-busy') === 'false') { observer.disconnect(); resolve(performance.now() - t0); }
    };
    const observer = new MutationObserver(done);
    observer.observe(results, { attributes: true, attributeFilter: ['aria-busy'] });
    input.value = q;
    t0 = performance.now();
    document.getElementById('search-form').requestSubmit();
  }), q);
}

const searchData = (entries) => entries.filter((e) => e.path.startsWith('/search/') && /\.(json|bin)$/.test(e.path));
const sum = (entries, key) => entries.reduce((n, e) => n + e[key], 0);

const runs = [];
for (let i = 0; i < QUERIES.length; i++) {
  const q = QUERIES[i];
  const next = QUERIES[(i + 1) % QUERIES.length];
  const context = await browser.newContext();
  const page = await context.newPage();
  log = [];
  await page.goto(`${origin}/search/`, { waitUntil: 'networkidle' });
  const pageLoad = log.slice();
  log = [];
  const ms = await timedQuery(page, q);
  const first = searchData(pageLoad).concat(searchData(log));
  const hits = await page.locator('.search-hit-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const status = await page.textContent('#search-status');
  log = [];
  const ms2 = await timedQuery(page, next);
  const second = searchData(log);
  // Warm: the same query again, every file cached by the page.
  const ms3 = await timedQuery(page, q);
  runs.push({
    q, status, top: hits[0] || null,
    first: { ms: Math.round(ms), sent: sum(first, 'sent'), raw: sum(first, 'raw'), requests: first.length,
      shards: first.filter((e) => e.path.includes('/s/')).length, tiers: first.filter((e) => e.path.includes('/m/')).length,
      tierBytes: sum(first.filter((e) => e.path.includes('/m/')), 'sent'),
      results: first.filter((e) => e.path.includes('/d/')).length, page: sum(pageLoad.filter((e) => !e.path.endsWith('.json')), 'sent') },
    next: { q: next, ms: Math.round(ms2), sent: sum(second, 'sent'), raw: sum(second, 'raw'), requests: second.length },
    warmMs: Math.round(ms3),
  });
  await context.close();
}
await browser.close();
server.close();

// --- Relevance: the same queries against one classic index ---------------------
const sandbox = { module: { exports: {} }, TextEncoder, TextDecoder };
vm.runInNewContext(await fs.readFile(path.join(SITE, 'static', 'search.js'), 'utf8'), sandbox);
const { queryTokens, rank, lookUp, docNumbers } = sandbox.module.exports;
const manifest = JSON.parse(await fs.readFile(path.join(SITE, 'search', 'manifest.json'), 'utf8'));
const readShard = (n) => JSON.parse(fss.readFileSync(path.join(SITE, 'search', 's', `${n}.json`), 'utf8'));
const shardCache = new Map();
const load = {
  shard: async (n) => { if (!shardCache.has(n)) shardCache.set(n, readShard(n)); return shardCache.get(n); },
  tier: async (p) => { const b = fss.readFileSync(path.join(SITE, 'search', p)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); },
};
/**
 * What the client does (lookUp in search.js): the shards, then tiers until
 * the top 10 are proven or TIER_BUDGET is spent ("fast"); "exact" reads every
 * tier (what "show more" and filters do), which ranks exactly like one index.
 */
let relevance = [];
for (const q of QUERIES) {
  const tokens = Array.from(queryTokens(q));
  const fast = await lookUp(manifest, tokens, false, load);
  const exact = await lookUp(manifest, tokens, true, load);
  const top10 = (hits) => hits.slice(0, 10).map((h) => h.ref);
  relevance.push({ q, cut: exact.tierBytes > 0, proven: fast.proven, tierBytes: fast.tierBytes, allTierBytes: exact.tierBytes,
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
    const whole = rank(tokens, tokens.map(() => [single]), single.documentStore.length, new Map(), docNumbers(manifest.counts)).hits.slice(0, 10).map((h) => h.ref);
    const ejs = classic.search(r.q, boosts).slice(0, 10).map((h) => h.ref);
    return { ...r, singleTop: whole[0] || null, sameAsSingle: r.top === whole[0], exactSameAsSingle: r.exactTop === whole[0], elasticlunrJsTop: ejs[0] || null };
  });
}

console.log(JSON.stringify({ site: SITE, docs: manifest.docs, transcripts: manifest.transcripts, sizes, runs, relevance }, null, 1));
