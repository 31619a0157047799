// Real-browser tests for static/search.js against a site that pressroom built.
//
//   PRESSROOM_SITE=/tmp/site PRESSROOM_QUERY=Srebrenica \
//   PRESSROOM_EXPECT='2022-01-12-nato-russia-council/#q4' \
//   [PRESSROOM_BASE=/nato-archive/] node --test tests/browser/
//
// PRESSROOM_SITE   the built output folder (pressroom build --output DIR)
// PRESSROOM_BASE   the site's base path, "/" by default
// PRESSROOM_QUERY  a word whose best hit is PRESSROOM_EXPECT
// PRESSROOM_EXPECT the ref (site-relative URL with #qN) expected first
//
// The site is served by the small static server below on 127.0.0.1; Chromium
// is the system one (/usr/bin/chromium, see scripts/install-browser-deps.sh)
// and may reach nothing but that server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { openSite, basePath } from './site.mjs';

const require = createRequire(import.meta.url);

const SITE = process.env.PRESSROOM_SITE ? path.resolve(process.env.PRESSROOM_SITE) : '';
const QUERY = process.env.PRESSROOM_QUERY || '';
const EXPECT = (process.env.PRESSROOM_EXPECT || '').replace(/^\/+/, '');
const BASE = basePath();
const XSS = '<img src=x onerror=alert(1)>';


/** Load a search.js file in node; it exports its pipeline when it sees `module`. */
async function loadSearchJs(file) {
  const sandbox = { module: { exports: {} }, TextEncoder, TextDecoder };
  vm.runInNewContext(await fs.readFile(file, 'utf8'), sandbox, { filename: file });
  return sandbox.module.exports;
}

// Needs no site: the repository's static/search.js against the crate's output.
test('search.js tokenizes and stems like elasticlunr-rs 3.1', async () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { analyze } = await loadSearchJs(path.join(here, '..', '..', 'static', 'search.js'));
  const { cases } = JSON.parse(await fs.readFile(path.join(here, 'pipeline-cases.json'), 'utf8'));
  assert.ok(cases.length > 100);
  for (const [text, tokens] of cases) {
    assert.deepEqual(Array.from(analyze(text)), tokens, `tokens of ${JSON.stringify(text)}`);
  }
});

/** The bytes of a tier file (src/search.rs encode_tier): [doc number, level] pairs. */
function tierFile(postings) {
  const out = [];
  let prev = 0;
  for (const [doc, level] of postings.slice().sort((x, y) => x[0] - y[0])) {
    let gap = doc - prev;
    prev = doc;
    while (gap >= 0x80) { out.push((gap & 0x7f) | 0x80); gap = Math.floor(gap / 128); }
    out.push(gap, level >> 8, level & 0xff);
  }
  return new Uint8Array(out).buffer;
}

// Needs no site: tiers, blocks, and the proof that the top hits are final.
test('lookUp() reads tiers and blocks until the top hits are proven, and ranks like all postings', async () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { lookUp, decodeTier, docNumbers, levelImpact, provenTop, rank } = await loadSearchJs(path.join(here, '..', '..', 'static', 'search.js'));
  // 20 transcripts of 10 documents each.
  const manifest = { docs: 200, shards: ['', 'q'], counts: [1, 'a'.repeat(20)], impact: [-9.25, 1 / 4096] };
  const docs = docNumbers(manifest.counts);
  assert.equal(docs.ref(0), '0.0');
  assert.equal(docs.ref(137), 'd.7');
  assert.equal(docs.doc('d.7'), 137);
  const level = (x) => Math.round((Math.log(x) + 9.25) * 4096);
  assert.ok(Math.abs(levelImpact(level(0.37)) / 0.37 - 1) < 1 / 8192);
  assert.deepEqual(Array.from(decodeTier(tierFile([[130, 5], [3, 65535]])), (p) => p[0]), [3, 130]);
  // "war": the shard keeps documents 0.1 and 0.4 (answer tf 0.9, 0.86 with
  // idf 1 + ln(200 / 121)); tier 1 has 0.2; the last tier, in two blocks
  // (documents 0..99 and 100..199), has 0.3 and 13.0 (document 130).
  const idfWar = 1 + Math.log(200 / 121);
  const tier1 = [[2, level(0.85 * idfWar)]];
  const block0 = [[3, level(0.5 * idfWar)]];
  const block1 = [[130, level(0.05 * idfWar)]];
  const war = {
    index: { answer: { root: { w: { a: { r: { docs: { '0.1': { tf: 0.9 }, '0.4': { tf: 0.86 } }, df: 120 } } } } } },
    tiers: { war: [0, 2, tier1[0][1], 3, block0[0][1], 6] },
  };
  // "peac" (shard 0; "war" is in shard 1): in 0.4 (tf 0.2) and d.0 (document 130, tf 0.35), all in the shard.
  const peace = { index: { answer: { root: { p: { e: { a: { c: { docs: { '0.4': { tf: 0.2 }, 'd.0': { tf: 0.35 } }, df: 2 } } } } } } }, tiers: {} };
  const files = { 'm/1/0.1.bin': tierFile(tier1), 'm/1/0.2.0.bin': tierFile(block0), 'm/1/0.2.1.bin': tierFile(block1) };
  let read = [];
  const load = {
    shard: async (n) => JSON.parse(JSON.stringify([peace, war][n])),
    tier: async (p) => { read.push(p); return files[p]; },
  };
  // One word: the shard proves the top 2; the third needs tier 1.
  assert.equal((await lookUp(manifest, ['war'], false, load, 2)).proven, true);
  assert.deepEqual(read, []);
  const one = await lookUp(manifest, ['war'], false, load, 3);
  assert.equal(one.proven, true);
  assert.deepEqual(read, ['m/1/0.1.bin'], 'tier 1, which holds a hit that could be third');
  assert.deepEqual(Array.from(one.hits.slice(0, 3), (h) => h.ref), ['0.1', '0.4', '0.2']);
  assert.equal(provenTop(one, 3), true);
  assert.equal(provenTop(one, 4), false, '0.3 and 13.0 are unread');
  // Two words: d.0 has both, its "war" score is in block 1 only; 0.4 has both too.
  read = [];
  const two = await lookUp(manifest, ['war', 'peac'], false, load, 2);
  assert.equal(two.proven, true);
  assert.deepEqual(read.sort(), ['m/1/0.1.bin', 'm/1/0.2.1.bin'], 'the block of d.0, not the other one');
  assert.deepEqual(Array.from(two.hits.slice(0, 2), (h) => [h.ref, h.terms.length]), [['0.4', 2], ['d.0', 2]]);
  // Everything read ("show more", filters): the same order, and every posting.
  read = [];
  const all = await lookUp(manifest, ['war', 'peac'], true, load, 2);
  assert.deepEqual(read.sort(), ['m/1/0.1.bin', 'm/1/0.2.0.bin', 'm/1/0.2.1.bin']);
  assert.equal(all.hidden.length, 0);
  assert.deepEqual(Array.from(all.hits, (h) => h.ref), ['0.4', 'd.0', '0.1', '0.2', '0.3']);
  assert.deepEqual(Array.from(two.hits.slice(0, 2), (h) => h.ref), Array.from(all.hits.slice(0, 2), (h) => h.ref));
  // rank() alone, without tiers, knows the shard's lists are cut.
  const cut = rank(['war'], [[{ ...war, n: 1 }]], 200, new Map(), docs);
  assert.equal(cut.hidden.length, 1);
  assert.ok(Math.abs(cut.hidden[0].max - levelImpact(tier1[0][1])) < 1e-12);
});

const missing = [
  ['PRESSROOM_SITE', SITE],
  ['PRESSROOM_QUERY', QUERY],
  ['PRESSROOM_EXPECT', EXPECT],
].filter(([, value]) => !value).map(([name]) => name);

if (missing.length) {
  test('environment', () => {
    assert.fail(`set ${missing.join(', ')} (see the top of tests/browser/search.test.mjs)`);
  });
} else {
  let site;
  let origin;
  let browser;

  before(async () => {
    site = await openSite(SITE, BASE);
    ({ origin, browser } = site);
  });

  after(async () => {
    await site?.close();
  });

  /**
   * A fresh page that may only talk to our server, and that records script
   * errors and dialogs (an alert() would mean injected markup ran).
   */
  async function openPage() {
    const context = await browser.newContext();
    await context.route('**/*', (route) =>
      route.request().url().startsWith(origin + '/') ? route.continue() : route.abort());
    const page = await context.newPage();
    page.setDefaultTimeout(20000);
    const problems = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
    page.on('dialog', async (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      await dialog.dismiss();
    });
    return { context, page, problems };
  }

  const searchUrl = (q) => `${origin}${BASE}search/?q=${encodeURIComponent(q)}`;
  const settled = '#search-results[aria-busy="false"]';

  test('the first hit for the query is the expected exchange, and its link opens it', async () => {
    const { context, page, problems } = await openPage();
    try {
      await page.goto(searchUrl(QUERY));
      await page.waitForSelector(settled, { state: 'attached' });
      assert.equal(await page.inputValue('#search-input'), QUERY);
      const status = await page.textContent('#search-status');
      assert.match(status, /\d+ results? for/, `status: ${status}`);

      const first = page.locator('#search-results .search-hit-link').first();
      assert.equal(await first.getAttribute('href'), BASE + EXPECT, 'first result');

      const [pagePath, anchor] = EXPECT.split('#');
      await Promise.all([page.waitForURL((u) => u.hash === '#' + anchor), first.click()]);
      const url = new URL(page.url());
      assert.equal(url.pathname, BASE + pagePath);
      assert.equal(url.hash, '#' + anchor);
      assert.ok(await page.evaluate((id) => document.getElementById(id) !== null, anchor),
        `an element with id="${anchor}" on ${url.pathname}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('typing a query searches and keeps ?q= in the address bar', async () => {
    const { context, page, problems } = await openPage();
    try {
      await page.goto(`${origin}${BASE}search/`);
      await page.fill('#search-input', QUERY);
      await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, QUERY);
      await page.waitForSelector(`${settled} .search-hit-link`);
      assert.equal(await page.locator('#search-results .search-hit-link').first().getAttribute('href'),
        BASE + EXPECT);
      // Where a snippet shows the word, it is highlighted.
      const snippets = await page.locator('#search-results .search-hit-snippet').allTextContents();
      if (snippets.some((s) => s.toLowerCase().includes(QUERY.toLowerCase()))) {
        assert.ok(await page.locator('#search-results mark').count() > 0, 'highlighted terms');
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('markup in the query is shown as text, never inserted', async () => {
    const { context, page, problems } = await openPage();
    try {
      for (const q of [XSS, `${QUERY} ${XSS}`]) {
        await page.goto(searchUrl(q));
        await page.waitForSelector(settled, { state: 'attached' });
        const status = await page.textContent('#search-status');
        assert.ok(status.includes(XSS), `status shows the query as typed: ${status}`);
        assert.equal(await page.locator('img').count(), 0, 'no <img> in the page');
        assert.equal(await page.locator('#search-status *').count(), 0, 'status holds text only');
        const tags = await page.evaluate(() => Array.from(
          document.querySelectorAll('#search-results *'), (e) => e.localName));
        const allowed = new Set(['section', 'h2', 'a', 'time', 'ol', 'li', 'span', 'p', 'mark', 'button']);
        assert.deepEqual(tags.filter((t) => !allowed.has(t)), [], 'only the elements search.js creates');
      }
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  const readJson = async (...parts) => JSON.parse(await fs.readFile(path.join(SITE, 'search', ...parts), 'utf8'));

  /** ref (`<t>.<k>`) -> site-relative URL with its anchor, from its result file d/<t>.<c>.json. */
  async function refUrl(ref) {
    const { chunk } = await readJson('manifest.json');
    const [t, k] = ref.split('.');
    const n = parseInt(k, 36);
    const data = await readJson('d', `${t}.${Math.floor(n / chunk).toString(36)}.json`);
    return `${data.u}#${data.x[n % chunk][0]}`;
  }

  test('elasticlunr.js 0.9.5 loads the shard of the query and ranks the expected exchange first', async () => {
    const { queryTokens, shardFor } = await loadSearchJs(path.join(SITE, 'static', 'search.js'));
    const manifest = await readJson('manifest.json');
    const tokens = Array.from(queryTokens(QUERY));
    assert.equal(tokens.length, 1, 'the test query is one word');
    const elasticlunr = require('elasticlunr');
    const json = await readJson('s', `${shardFor(manifest.shards, tokens[0])}.json`);
    assert.equal(json.documentStore.length, manifest.docs, 'archive-wide document count');
    const index = elasticlunr.Index.load(json);
    const results = index.search(QUERY, {}); // {}: the default config, without a warning
    assert.ok(results.length > 0, `no elasticlunr results for ${QUERY}`);
    assert.equal(await refUrl(results[0].ref), EXPECT);
  });

  test('the first query loads the manifest, only the shard it needs, and the shown transcripts', async () => {
    const { context, page, problems } = await openPage();
    try {
      const { queryTokens, shardFor } = await loadSearchJs(path.join(SITE, 'static', 'search.js'));
      const manifest = await readJson('manifest.json');
      assert.ok(manifest.shards.length > 1, 'the example archive is cut into several shards');
      const needed = new Set(Array.from(queryTokens(QUERY), (t) => `${shardFor(manifest.shards, t)}.json`));
      const requested = [];
      page.on('request', (req) => {
        const url = new URL(req.url());
        if (url.pathname.startsWith(`${BASE}search/`) && url.pathname.endsWith('.json')) {
          requested.push(url.pathname.slice(`${BASE}search/`.length));
        }
      });
      await page.goto(searchUrl(QUERY));
      await page.waitForSelector(settled, { state: 'attached' });
      const shards = requested.filter((p) => p.startsWith('s/')).map((p) => p.slice(2));
      assert.deepEqual(shards.sort(), Array.from(needed).sort(), 'shards fetched');
      assert.equal(requested.filter((p) => p === 'manifest.json').length, 1, 'manifest fetched once');
      const groups = await page.locator('#search-results .search-group').count();
      const shown = await page.locator('#search-results .search-hit-link').count();
      const docs = requested.filter((p) => p.startsWith('d/'));
      assert.equal(new Set(docs).size, docs.length, 'each result file fetched once');
      assert.ok(docs.length >= groups && docs.length <= shown, `${docs.length} result files for ${groups} transcripts, ${shown} results shown`);
      assert.deepEqual(requested.filter((p) => p.startsWith('f/')), [], 'no filter data without filters');
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('filters by year, journalist, outlet and topic narrow the results and stay in the URL', async () => {
    const { context, page, problems } = await openPage();
    try {
      const first = () => page.locator('#search-results .search-hit-link').first().getAttribute('href');
      const manifest = await readJson('manifest.json');
      const year = manifest.years[0][0];
      // The asker and outlet of the expected exchange.
      const askers = await readJson('f', 'asker.json');
      const outlets = await readJson('f', 'outlet.json');
      let asker = null;
      let outlet = null;
      let other = null;
      for (const [slug] of askers) {
        const { r } = await readJson('f', 'asker', `${slug}.json`);
        for (const ref of r) if ((await refUrl(ref)) === EXPECT) asker = slug;
      }
      for (const [slug] of outlets) {
        const { r } = await readJson('f', 'outlet', `${slug}.json`);
        let mine = false;
        for (const ref of r) if ((await refUrl(ref)) === EXPECT) mine = true;
        if (mine) outlet = slug; else other = other || slug;
      }
      assert.ok(asker && outlet && other, 'the expected exchange has an asker and an outlet');

      for (const filters of [{ year }, { asker }, { outlet }, { year, asker, outlet }]) {
        await page.goto(searchUrl(QUERY) + '&' + new URLSearchParams(filters));
        await page.waitForSelector(`${settled} .search-hit-link`);
        assert.equal(await first(), BASE + EXPECT, `first hit with ${JSON.stringify(filters)}`);
        assert.match(await page.textContent('#search-status'), /filters? on/);
      }
      // The year and journalist boxes show the filter from the URL.
      assert.equal(await page.inputValue('#filter-year'), year);
      await page.waitForFunction(() => document.getElementById('filter-asker').value.length > 0);

      // Topics: the filter shows when the archive has some, and keeps or hides the exchange.
      if (manifest.topics.length) {
        let ref = null;
        for (const file of await fs.readdir(path.join(SITE, 'search', 'd'))) {
          const [t, c] = file.split('.');
          const data = await readJson('d', file);
          data.x.forEach((doc, i) => {
            if (`${data.u}#${doc[0]}` === EXPECT) ref = `${t}.${(parseInt(c, 36) * manifest.chunk + i).toString(36)}`;
          });
        }
        const within = [];
        const without = [];
        for (const [slug] of manifest.topics) {
          const facet = await readJson('f', 'topic', `${slug}.json`);
          const t = parseInt(ref.split('.')[0], 36);
          ((facet.r || []).includes(ref) || (facet.t || []).includes(t) ? within : without).push(slug);
        }
        for (const [topic, expected] of [[within[0], true], [without[0], false]]) {
          if (!topic) continue;
          await page.goto(searchUrl(QUERY) + '&' + new URLSearchParams({ topic }));
          await page.waitForSelector(settled, { state: 'attached' });
          assert.ok(await page.isVisible('#filter-topic'), 'the topic filter shows');
          assert.equal(await page.inputValue('#filter-topic'), topic);
          const shown = await page.locator('#search-results .search-hit-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
          assert.equal(shown.includes(BASE + EXPECT), expected, `topic ${topic}: ${shown}`);
        }
      } else {
        await page.goto(searchUrl(QUERY));
        await page.waitForSelector(settled, { state: 'attached' });
        assert.equal(await page.isVisible('#filter-topic'), false, 'no topic filter without topics');
      }

      await page.goto(searchUrl(QUERY) + '&' + new URLSearchParams({ outlet: other }));
      await page.waitForSelector(settled, { state: 'attached' });
      const hrefs = await page.locator('#search-results .search-hit-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(!hrefs.includes(BASE + EXPECT), 'another outlet hides the exchange');

      // Choosing a year in the page searches again and puts it in the URL.
      await page.goto(searchUrl(QUERY));
      await page.waitForSelector(`${settled} .search-hit-link`);
      await page.selectOption('#filter-year', year);
      await page.waitForFunction((y) => new URLSearchParams(location.search).get('year') === y, year);
      await page.waitForSelector(`${settled} .search-hit-link`);
      assert.equal(await first(), BASE + EXPECT);

      // A journalist alone lists their questions.
      await page.goto(`${origin}${BASE}search/?asker=${encodeURIComponent(asker)}`);
      await page.waitForSelector(`${settled} .search-hit-link`);
      const listed = await page.locator('#search-results .search-hit-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      assert.ok(listed.includes(BASE + EXPECT), `the journalist's questions: ${listed}`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test("search.js's text pipeline finds the snippets' words in the shards", async () => {
    const { analyze, shardFor } = await loadSearchJs(path.join(SITE, 'static', 'search.js'));
    const manifest = await readJson('manifest.json');
    const shards = await Promise.all(manifest.shards.map((_, n) => readJson('s', `${n}.json`)));

    const hasToken = (ref, token) => {
      const index = shards[shardFor(manifest.shards, token)];
      return index.fields.some((field) => {
        let node = index.index[field].root;
        for (const ch of token) {
          node = Object.prototype.hasOwnProperty.call(node, ch) ? node[ch] : null;
          if (!node) return false;
        }
        return Boolean(node.docs) && Object.prototype.hasOwnProperty.call(node.docs, ref);
      });
    };

    let checked = 0;
    const misses = [];
    for (const file of await fs.readdir(path.join(SITE, 'search', 'd'))) {
      const [t, c] = file.split('.');
      const data = await readJson('d', file);
      data.x.forEach((doc, i) => {
        const ref = `${t}.${(parseInt(c, 36) * manifest.chunk + i).toString(36)}`;
        // The snippet is cut, so its last word may be a fragment: leave it out.
        const words = String(doc[3] || '').trim().split(/\s+/).slice(0, -1).join(' ');
        for (const token of analyze(words)) {
          checked += 1;
          if (!hasToken(ref, token)) misses.push(`${ref}: ${token}`);
        }
      });
    }
    assert.ok(checked > 0, 'result files have snippets');
    // A snippet joins question and answer, so a word or two at the seam may
    // differ; anything more means the pipelines disagree.
    assert.ok(misses.length <= Math.max(2, checked * 0.01),
      `${misses.length} of ${checked} snippet tokens not in the index: ${misses.slice(0, 20).join(', ')}`);
  });

  test('the shards rank like one elasticlunr index of the same documents', async (t) => {
    let single;
    try {
      single = await readJson('single.json');
    } catch {
      t.skip('no search/single.json (build with PRESSROOM_SEARCH_SINGLE=1)');
      return;
    }
    const { queryTokens, rank, analyze, lookUp, docNumbers } = await loadSearchJs(path.join(SITE, 'static', 'search.js'));
    const manifest = await readJson('manifest.json');
    const shards = await Promise.all(manifest.shards.map((_, n) => readJson('s', `${n}.json`)));
    const load = {
      shard: async (n) => shards[n],
      tier: async (p) => { const b = await fs.readFile(path.join(SITE, 'search', p)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); },
    };
    const docs = docNumbers(manifest.counts);
    // The single index with the length norm folded into tf, as in the shards.
    const info = single.documentStore.docInfo;
    const fold = (node, field) => {
      if (node.docs) for (const [ref, e] of Object.entries(node.docs)) e.tf = e.tf / Math.sqrt(info[ref][field] || 1);
      for (const [k, child] of Object.entries(node)) if (k !== 'docs' && k !== 'df') fold(child, field);
    };
    for (const field of single.fields) fold(single.index[field].root, field);
    // Queries: every distinct word of the example's snippets, and some pairs.
    const words = new Set();
    for (const file of await fs.readdir(path.join(SITE, 'search', 'd'))) {
      const data = await readJson('d', file);
      for (const doc of data.x) for (const w of String(doc[3]).split(/\s+/).slice(0, 12)) words.add(w);
    }
    const queries = Array.from(words).filter((w) => analyze(w).length === 1);
    for (let i = 0; i + 1 < queries.length; i += 7) queries.push(`${queries[i]} ${queries[i + 1]}`);
    let compared = 0;
    let tiered = 0;
    for (const q of queries) {
      const tokens = Array.from(queryTokens(q));
      // What a first page shows (tiers read until the top is proven) and
      // what "show more" ranks (every tier).
      const first = await lookUp(manifest, tokens, false, load);
      const every = await lookUp(manifest, tokens, true, load);
      const whole = rank(tokens, tokens.map(() => [single]), single.documentStore.length, new Map(), docs);
      if (!whole.hits.length) continue;
      compared += 1;
      if (every.tierBytes > 0) tiered += 1;
      assert.equal(first.proven, true, `top hits proven for ${JSON.stringify(q)}`);
      // The first ten in the same order, but for near ties (shards hold tf
      // to 4 digits, tier files scores to 0.025 %): on the first page, and
      // with every posting read.
      const wholeScore = new Map(Array.from(whole.hits, (h) => [h.ref, h.score]));
      for (const [what, result, n] of [['first page', first, 1], ['every posting', every, 10]]) {
        for (let i = 0; i < Math.min(n, whole.hits.length); i += 1) {
          const [a, b] = [result.hits[i]?.ref, whole.hits[i].ref];
          if (a === b) continue;
          const [x, y] = [wholeScore.get(a) ?? 0, wholeScore.get(b)];
          assert.ok(Math.abs(x - y) <= 1e-3 * y, `${what}, result ${i + 1} for ${JSON.stringify(q)}: ${a} (${x}) for ${b} (${y})`);
        }
      }
    }
    assert.ok(compared > 50, `${compared} queries compared`);
    // The example archive is too small for tiers; larger ones have some.
    const cut = Object.keys(Object.assign({}, ...shards.map((s) => s.tiers))).length;
    assert.ok(cut === 0 || tiered > 0, `${cut} words with tiers, ${tiered} queries read some`);
  });
}
