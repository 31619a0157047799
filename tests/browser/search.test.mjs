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

// Needs no site: cut posting lists and the proof that the top hits are final.
test('rank() tells when cut posting lists could change the top hits', async () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { rank, provenTop } = await loadSearchJs(path.join(here, '..', '..', 'static', 'search.js'));
  const trie = (docs, df) => ({ w: { a: { r: { docs, df } } } });
  // "war" is in 4 of 10 documents' answers; the shard kept the 2 it weighs most in.
  const shard = { index: { answer: { root: trie({ '0.1': { tf: 0.9 }, '0.4': { tf: 0.86 } }, 4) } } };
  const overflow = { index: { answer: { root: trie({ '0.2': { tf: 0.85 }, '0.3': { tf: 0.1 } }, 4) } } };
  const cut = rank(['war'], [[shard]], 10);
  assert.deepEqual(Array.from(cut.hits, (h) => h.ref), ['0.1', '0.4']);
  assert.equal(cut.hidden.length, 1);
  // 0.1 is first whatever the overflow holds; 0.4 might tie with 0.2.
  assert.equal(provenTop(cut, 1), true);
  assert.equal(provenTop(cut, 2), false);
  const full = rank(['war'], [[shard, overflow]], 10);
  assert.equal(full.hidden.length, 0);
  assert.equal(provenTop(full, 4), true);
  assert.deepEqual(Array.from(full.hits, (h) => h.ref), ['0.1', '0.4', '0.2', '0.3']);
  // Two words: a document unseen for a cut word may still hold both.
  const peace = { index: { answer: { root: { p: { e: { a: { c: { docs: { '0.4': { tf: 0.3 }, '0.2': { tf: 0.3 } }, df: 2 } } } } } } } };
  const both = rank(['war', 'peac'], [[shard], [peace]], 10);
  assert.equal(both.hits[0].ref, '0.4');
  assert.equal(provenTop(both, 1), false, '0.2 has both words too, and its "war" weight is unknown');
  const bothFull = rank(['war', 'peac'], [[shard, overflow], [peace]], 10);
  assert.equal(bothFull.hits[0].ref, '0.4');
  assert.equal(provenTop(bothFull, 1), true);
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
    return `${data.u}#${data.x[n % chunk].anchor}`;
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
            if (`${data.u}#${doc.anchor}` === EXPECT) ref = `${t}.${(parseInt(c, 36) * manifest.chunk + i).toString(36)}`;
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
        const words = String(doc.snippet || '').trim().split(/\s+/).slice(0, -1).join(' ');
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
    const { queryTokens, shardFor, rank, analyze } = await loadSearchJs(path.join(SITE, 'static', 'search.js'));
    const manifest = await readJson('manifest.json');
    const shards = await Promise.all(manifest.shards.map((_, n) => readJson('s', `${n}.json`)));
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
      for (const doc of data.x) for (const w of String(doc.snippet).split(/\s+/).slice(0, 12)) words.add(w);
    }
    const queries = Array.from(words).filter((w) => analyze(w).length === 1);
    for (let i = 0; i + 1 < queries.length; i += 7) queries.push(`${queries[i]} ${queries[i + 1]}`);
    let compared = 0;
    for (const q of queries) {
      const tokens = Array.from(queryTokens(q));
      const sharded = rank(tokens, tokens.map((tok) => [shards[shardFor(manifest.shards, tok)]]), manifest.docs);
      const whole = rank(tokens, tokens.map(() => [single]), single.documentStore.length);
      if (!whole.hits.length) continue;
      compared += 1;
      assert.equal(sharded.hits[0]?.ref, whole.hits[0].ref, `top result for ${JSON.stringify(q)}`);
    }
    assert.ok(compared > 50, `${compared} queries compared`);
  });
}
