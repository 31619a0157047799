// Paging of search results in a real browser, on a site with more
// transcripts than a page of results shows: a synthetic archive that
// scripts/test.sh makes with examples/synth and builds at /.
//
//   PRESSROOM_PAGING_SITE=/tmp/synth-site node --test tests/browser/paging.test.mjs
//
// Skipped when PRESSROOM_PAGING_SITE is not set (the example archive has
// two transcripts: one page holds them all).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSite } from './site.mjs';
import { lookUp } from '../../static/search/lookup.js';
import { queryTokens } from '../../static/search/text.js';

const SITE = process.env.PRESSROOM_PAGING_SITE ? path.resolve(process.env.PRESSROOM_PAGING_SITE) : '';
const here = path.dirname(fileURLToPath(import.meta.url));

// Transcripts a page of results shows (GROUPS_PER_PAGE in static/search/results.js).
const PER_PAGE = 5;

let site;
before(async () => {
  if (SITE) site = await openSite(SITE, '/');
});
after(async () => {
  if (site) await site.close();
});

const readJson = async (...parts) => JSON.parse(await fs.readFile(path.join(SITE, 'search', ...parts), 'utf8'));

/** The whole ranking of `q` by the repository's client (static/search/), in node: its transcripts in order. */
async function rankedTranscripts(q) {
  const load = {
    shard: (n) => readJson('s', `${n}.json`),
    tier: async (p) => { const b = await fs.readFile(path.join(SITE, 'search', p)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.length); },
  };
  const every = await lookUp(await readJson('manifest.json'), Array.from(queryTokens(q)), true, load);
  const order = [];
  for (const hit of every.hits) {
    const t = parseInt(hit.ref.split('.')[0], 36);
    if (!order.includes(t)) order.push(t);
  }
  // Transcript number -> its page, from its result file.
  return Promise.all(order.map(async (t) => (await readJson('d', `${t}.json`)).u));
}

test('a first page shows five transcripts, and "Show more transcripts" adds the next five in the order of the whole ranking', { skip: !SITE && 'PRESSROOM_PAGING_SITE is not set' }, async () => {
  // A word of the first snippet that is in more than two pages of transcripts.
  const snippet = (await readJson('d', '0.json')).x[0][3];
  let q = '';
  let pages = [];
  for (const word of snippet.split(/\W+/).filter((w) => w.length > 4)) {
    pages = await rankedTranscripts(word);
    if (pages.length > 2 * PER_PAGE) { q = word; break; }
  }
  assert.ok(q, 'a word of the first snippet is in more than ten transcripts');

  await site.inPage(async (page) => {
    await page.goto(`${site.origin}/search/?q=${encodeURIComponent(q)}`);
    const settled = '#search-results[aria-busy="false"]';
    await page.waitForSelector(settled, { state: 'attached' });
    const shown = () => page.locator('#search-results .search-group-title a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const first = await shown();
    assert.equal(first.length, PER_PAGE, `transcripts on the first page for "${q}"`);
    assert.equal(first[0], '/' + pages[0], 'the best transcript first');
    const more = page.locator('#search-results .search-more');
    assert.equal(await more.count(), 1, 'one "Show more transcripts" button');

    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('#search-results .search-group').length >= n, 2 * PER_PAGE);
    await page.waitForSelector(settled, { state: 'attached' });
    const both = await shown();
    assert.deepEqual(both, pages.slice(0, 2 * PER_PAGE).map((u) => '/' + u), 'two pages, in the order of the whole ranking');
    // The focus moves to the first transcript added, for keyboard and screen-reader users.
    const focusedIndex = await page.evaluate(() => Array.from(document.querySelectorAll('#search-results .search-group'))
      .indexOf(document.activeElement && document.activeElement.closest('.search-group')));
    assert.equal(focusedIndex, PER_PAGE, 'the focus is on the first transcript of the second page');
    assert.equal(await page.locator('#search-results .search-more').count(), pages.length > 2 * PER_PAGE ? 1 : 0, 'a button while transcripts are left');
  });
});
