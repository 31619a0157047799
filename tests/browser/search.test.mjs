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
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

const SITE = process.env.PRESSROOM_SITE ? path.resolve(process.env.PRESSROOM_SITE) : '';
const QUERY = process.env.PRESSROOM_QUERY || '';
const EXPECT = (process.env.PRESSROOM_EXPECT || '').replace(/^\/+/, '');
const BASE = normalizeBase(process.env.PRESSROOM_BASE || '/');
const XSS = '<img src=x onerror=alert(1)>';

function normalizeBase(base) {
  let b = base.trim();
  if (!b.startsWith('/')) b = '/' + b;
  if (!b.endsWith('/')) b += '/';
  return b;
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** A static file server for `root` mounted at `base`, on 127.0.0.1 and a free port. */
function serveSite(root, base) {
  const server = http.createServer(async (req, res) => {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (pathname === base.slice(0, -1)) return send(301, '', { location: base + url.search });
    if (!pathname.startsWith(base) || pathname.includes('\0')) return send(404, 'not found');
    let file = path.resolve(root, '.' + path.posix.normalize('/' + pathname.slice(base.length)));
    if (file !== root && !file.startsWith(root + path.sep)) return send(404, 'not found');
    try {
      let stat = await fs.stat(file);
      if (stat.isDirectory()) {
        if (!pathname.endsWith('/')) return send(301, '', { location: url.pathname + '/' + url.search });
        file = path.join(file, 'index.html');
        stat = await fs.stat(file);
      }
      if (!stat.isFile()) return send(404, 'not found');
      const body = await fs.readFile(file);
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      return send(200, body, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
    } catch {
      return send(404, 'not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

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
  let server;
  let origin;
  let browser;

  before(async () => {
    server = await serveSite(SITE, BASE);
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({
      executablePath: process.env.PRESSROOM_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) await new Promise((resolve) => server.close(resolve));
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

  test('elasticlunr.js 0.9.5 loads the index and ranks the expected ref first', async () => {
    const elasticlunr = require('elasticlunr');
    const json = JSON.parse(await fs.readFile(path.join(SITE, 'search', 'index.json'), 'utf8'));
    const index = elasticlunr.Index.load(json);
    const results = index.search(QUERY, {}); // {}: the default config, without a warning
    assert.ok(results.length > 0, `no elasticlunr results for ${QUERY}`);
    assert.equal(results[0].ref, EXPECT);
  });

  test("search.js's text pipeline finds the snippets' words in the index", async () => {
    const { analyze } = await loadSearchJs(path.join(SITE, 'static', 'search.js'));
    const index = JSON.parse(await fs.readFile(path.join(SITE, 'search', 'index.json'), 'utf8'));
    const docs = JSON.parse(await fs.readFile(path.join(SITE, 'search', 'docs.json'), 'utf8'));

    const hasToken = (ref, token) => index.fields.some((field) => {
      let node = index.index[field].root;
      for (const ch of token) {
        node = Object.prototype.hasOwnProperty.call(node, ch) ? node[ch] : null;
        if (!node) return false;
      }
      return Object.prototype.hasOwnProperty.call(node.docs, ref);
    });

    let checked = 0;
    const misses = [];
    for (const [ref, doc] of Object.entries(docs)) {
      // The snippet is cut, so its last word may be a fragment: leave it out.
      const words = String(doc.snippet || '').trim().split(/\s+/).slice(0, -1).join(' ');
      for (const token of analyze(words)) {
        checked += 1;
        if (!hasToken(ref, token)) misses.push(`${ref}: ${token}`);
      }
    }
    assert.ok(checked > 0, 'docs.json has snippets');
    // A snippet joins question and answer, so a word or two at the seam may
    // differ; anything more means the pipelines disagree.
    assert.ok(misses.length <= Math.max(2, checked * 0.01),
      `${misses.length} of ${checked} snippet tokens not in the index: ${misses.slice(0, 20).join(', ')}`);
  });
}
