// Tests of the search page (static/search.js) in a real browser against a
// site that pressroom built (client.test.mjs tests its modules in node).
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
import { createRequire } from 'node:module';
import { openSite, basePath, loadClient } from './site.mjs';

const require = createRequire(import.meta.url);

const SITE = process.env.PRESSROOM_SITE ? path.resolve(process.env.PRESSROOM_SITE) : '';
const QUERY = process.env.PRESSROOM_QUERY || '';
const EXPECT = (process.env.PRESSROOM_EXPECT || '').replace(/^\/+/, '');
const BASE = basePath();
const XSS = '<img src=x onerror=alert(1)>';

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

  const searchUrl = (q) => `${origin}${BASE}search/?q=${encodeURIComponent(q)}`;
  /** Runs `check(page)` in a fresh page of the site (see openSite() in site.mjs). */
  const inPage = (check) => site.inPage(check);

  const settled = '#search-results[aria-busy="false"]';

  test('the first hit for the query is the expected exchange, and its link opens it', () => inPage(async (page) => {
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
  }));

  test('typing a query searches and keeps ?q= in the address bar', () => inPage(async (page) => {
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
  }));

  test('markup in the query is shown as text, never inserted', () => inPage(async (page) => {
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
  }));

  const readJson = async (...parts) => JSON.parse(await fs.readFile(path.join(SITE, 'search', ...parts), 'utf8'));

  test('a date written as pages show it ("17 February 2022") finds that day first', () => inPage(async (page) => {
    const manifest = await readJson('manifest.json');
    // The last transcript's date, from its result file.
    const last = (manifest.counts[1].length / manifest.counts[0]) - 1;
    const { d } = await readJson('d', `${last}.json`);
    assert.match(d, /^\d{4}-\d{2}-\d{2}$/);
    const written = new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    await page.goto(searchUrl(written));
    await page.waitForSelector(settled, { state: 'attached' });
    const dates = await page.locator('#search-results .search-group-date').evaluateAll((times) => times.map((t) => t.getAttribute('datetime')));
    assert.ok(dates.length > 0, `results for ${written}`);
    assert.equal(dates[0], d, `the first transcript for ${written}`);
  }));

  /** ref (`<t>.<k>`, base 36) -> site-relative URL with its anchor, from its transcript's result file d/<t>.json (t in decimal). */
  async function refUrl(ref) {
    const [t, k] = ref.split('.');
    const data = await readJson('d', `${parseInt(t, 36)}.json`);
    return `${data.u}#${data.x[parseInt(k, 36)][0]}`;
  }

  test('elasticlunr.js 0.9.5 loads the shard of the query and ranks the expected exchange first', async () => {
    const { queryTokens, shardFor } = await loadClient(path.join(SITE, 'static'));
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

  test('the first query loads the manifest, only the shard it needs, and the shown transcripts', () => inPage(async (page) => {
    const { queryTokens, shardFor } = await loadClient(path.join(SITE, 'static'));
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
  }));

  test('typing fetches the shard of a word being typed from its fourth character, the term file of a word typed', () => inPage(async (page) => {
    const { queryTokens, shardFor, termPath } = await loadClient(path.join(SITE, 'static'));
    const manifest = await readJson('manifest.json');
    const query = `${QUERY} missiles`;
    // What the page may fetch while the query is typed: the shards of the
    // tokens being typed of every start of it, from their fourth
    // character; the term files of the words followed by a space, and
    // those of the query once submitted.
    const allowed = new Set();
    const terms = (tokens) => tokens.map((t) => termPath(manifest, shardFor(manifest.shards, t), t));
    for (let i = 1; i <= query.length; i++) {
      const text = query.slice(0, i);
      const tokens = Array.from(queryTokens(text));
      tokens.forEach((t, k) => {
        const typing = k === tokens.length - 1 && !/\s$/.test(text);
        if (!typing || [...t].length >= 4) allowed.add(`s/${shardFor(manifest.shards, t)}.json`);
      });
      if (/\s$/.test(text)) terms(tokens).forEach((p) => allowed.add(p));
    }
    const final = terms(Array.from(queryTokens(query)));
    final.forEach((p) => allowed.add(p));
    const requested = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (/\/search\/[st]\//.test(url.pathname)) requested.push(url.pathname.slice(`${BASE}search/`.length));
    });
    await page.goto(`${origin}${BASE}search/`, { waitUntil: 'networkidle' });
    await page.click('#search-input');
    await page.keyboard.type(query, { delay: 30 });
    await page.waitForSelector(`${settled} .search-hit-link`);
    assert.ok(requested.length > 0);
    assert.deepEqual(requested.filter((p) => !allowed.has(p)), [], `shards and term files of starts of ${query}: ${requested}`);
    assert.ok(final.every((p) => requested.includes(p)), 'the term files of the query');
    assert.equal(new Set(requested).size, requested.length, 'each file fetched once');
  }));

  test('an index of another format is reported, not misread', () => inPage(async (page) => {
    const manifest = await readJson('manifest.json');
    await page.route('**/search/manifest.json', (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...manifest, format: manifest.format - 1 }) }));
    await page.goto(searchUrl(QUERY));
    await page.waitForSelector(settled, { state: 'attached' });
    assert.match(await page.textContent('#search-status'), /different builds of the site\. Reload the page/);
    assert.equal(await page.locator('#search-results .search-hit-link').count(), 0);
  }));

  test('a submitted query requests its shards at once, then its result files in one round', () => inPage(async (page) => {
    await page.goto(`${origin}${BASE}search/`, { waitUntil: 'networkidle' });
    const fetches = await page.evaluate((q) => new Promise((resolve) => {
      const results = document.getElementById('search-results');
      let t0 = 0;
      const observer = new MutationObserver(() => {
        if (results.getAttribute('aria-busy') !== 'false') return;
        observer.disconnect();
        resolve(performance.getEntriesByType('resource').filter((e) => e.startTime >= t0 && e.name.includes('/search/'))
          .map((e) => ({ path: new URL(e.name).pathname.replace(/^.*\/search\//, ''), start: e.startTime - t0, end: e.responseEnd - t0 })));
      });
      observer.observe(results, { attributes: true, attributeFilter: ['aria-busy'] });
      document.getElementById('search-input').value = q;
      t0 = performance.now();
      document.getElementById('search-form').requestSubmit();
    }), QUERY);
    const shards = fetches.filter((f) => f.path.startsWith('s/'));
    const docs = fetches.filter((f) => f.path.startsWith('d/'));
    assert.ok(shards.length > 0 && docs.length > 0, JSON.stringify(fetches));
    assert.deepEqual(fetches.filter((f) => !/^[sd]\//.test(f.path)), [], 'only shards and result files (no tiers here)');
    const byStart = fetches.slice().sort((x, y) => x.start - y.start);
    assert.ok(byStart[0].path.startsWith('s/'), `the first request is a shard: ${byStart[0].path}`);
    const shardsDone = Math.max(...shards.map((f) => f.end));
    const firstDone = Math.min(...docs.map((f) => f.end));
    for (const f of docs) {
      assert.ok(f.start >= shardsDone, `${f.path} after the shards`);
      assert.ok(f.start <= firstDone, `${f.path} sent with the other result files, in one round`);
    }
  }));

  test('the status counts every hit, as the whole ranking does', () => inPage(async (page) => {
    const { queryTokens, lookUp } = await loadClient(path.join(SITE, 'static'));
    const manifest = await readJson('manifest.json');
    const load = {
      shard: async (n) => readJson('s', `${n}.json`),
      tier: async (p) => { const b = await fs.readFile(path.join(SITE, 'search', p)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); },
    };
    // The test word, and the most common word of the first snippet: many hits.
    const first = (await readJson('d', (await fs.readdir(path.join(SITE, 'search', 'd')))[0])).x[0][3];
    const words = Array.from(queryTokens(first));
    for (const q of [QUERY, words[0]]) {
      const every = await lookUp(manifest, Array.from(queryTokens(q)), true, load);
      await page.goto(searchUrl(q));
      await page.waitForSelector(settled, { state: 'attached' });
      const status = await page.textContent('#search-status');
      if (/More than/.test(status)) continue; // a first page that left tiers unread
      const transcripts = new Set(every.hits.map((h) => h.ref.split('.')[0])).size;
      assert.match(status, new RegExp(`^${every.hits.length} results? for .* in ${transcripts} transcripts?\\.$`), `status for ${q}`);
      const groups = await page.locator('#search-results .search-group').count();
      assert.equal(groups, Math.min(5, transcripts), `groups for ${q} (GROUPS_PER_PAGE)`);
    }
  }));

  test('filters by year, journalist, outlet and topic narrow the results and stay in the URL', () => inPage(async (page) => {
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
        const t = Number(file.split('.')[0]).toString(36);
        const data = await readJson('d', file);
        data.x.forEach((doc, i) => {
          if (`${data.u}#${doc[0]}` === EXPECT) ref = `${t}.${i.toString(36)}`;
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
  }));

  test("search.js's text pipeline finds the snippets' words in the shards", async () => {
    const { analyze, shardFor } = await loadClient(path.join(SITE, 'static'));
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
      const t = Number(file.split('.')[0]).toString(36);
      const data = await readJson('d', file);
      data.x.forEach((doc, i) => {
        const ref = `${t}.${i.toString(36)}`;
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

  test('the shards rank like one elasticlunr index of the same documents', async () => {
    // Written by examples/single_index.rs (see scripts/test.sh).
    const single = await readJson('single.json');
    const { queryTokens, rank, analyze, lookUp, docNumbers } = await loadClient(path.join(SITE, 'static'));
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
      const whole = rank(tokens, tokens.map(() => [single]), { total: single.documentStore.length, docs, impact: manifest.impact }, new Map());
      if (!whole.hits.length) continue;
      compared += 1;
      if (every.tierBytes > 0) tiered += 1;
      assert.equal(first.proven, true, `top hits proven for ${JSON.stringify(q)}`);
      // The first ten in the same order, but for near ties (shards hold tf
      // to 4 digits, heads and tails scores to 0.025 %): on the first page, and
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
