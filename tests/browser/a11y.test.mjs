// Accessibility of a built site in a real browser: axe-core finds no
// violations on the main kinds of page; following a link to #qN puts the
// focus on that exchange; copying a link is announced; print hides chrome.
//
//   PRESSROOM_SITE=/tmp/site [PRESSROOM_BASE=/nato-archive/] node --test tests/browser/
//
// The site must be the example archive (it names pages of it below).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import { openSite, basePath } from './site.mjs';

const require = createRequire(import.meta.url);
const SITE = process.env.PRESSROOM_SITE ? path.resolve(process.env.PRESSROOM_SITE) : '';
const BASE = basePath();
const AXE = require.resolve('axe-core/axe.min.js');

const PAGES = {
  home: '',
  transcript: '2022-01-12-nato-russia-council/',
  exchange: '2022-01-12-nato-russia-council/q3/',
  journalist: 'people/greg-palkot/',
  official: 'people/jens-stoltenberg/',
  outlet: 'outlets/reuters/',
  topic: 'topics/arms-control/',
  people: 'people/',
  archive: 'archive/',
  search: 'search/?q=missiles',
  'not found': '404.html',
};

if (!SITE) {
  test('environment', () => assert.fail('set PRESSROOM_SITE (see the top of tests/browser/a11y.test.mjs)'));
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

  for (const [name, page] of Object.entries(PAGES)) {
    test(`axe-core finds no violations on the ${name} page`, async () => {
      const context = await browser.newContext();
      const tab = await context.newPage();
      await tab.goto(origin + BASE + page, { waitUntil: 'load' });
      if (name === 'search') await tab.waitForSelector('#search-results[aria-busy="false"]', { state: 'attached' });
      await tab.addScriptTag({ path: AXE });
      const result = await tab.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      const report = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
      assert.deepEqual(report, [], `violations on ${page || 'home'}:\n${report.join('\n')}`);
      await context.close();
    });
  }

  test('axe-core does report violations (control)', async () => {
    const tab = await browser.newPage();
    await tab.setContent('<!doctype html><html><body><img src="x.png"><a href="#"></a></body></html>');
    await tab.addScriptTag({ path: AXE });
    const result = await tab.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const ids = result.violations.map((v) => v.id);
    assert.ok(ids.includes('image-alt') && ids.includes('html-has-lang'), ids.join(', '));
    await tab.close();
  });

  test('following a link to #q3 puts the focus on that exchange', async () => {
    const tab = await browser.newPage();
    await tab.goto(`${origin}${BASE}${PAGES.transcript}#q3`, { waitUntil: 'load' });
    await tab.waitForFunction(() => document.activeElement && document.activeElement.id === 'q3');
    // And on a later in-page jump.
    await tab.evaluate(() => { window.location.hash = 'q7'; });
    await tab.waitForFunction(() => document.activeElement && document.activeElement.id === 'q7');
    await tab.close();
  });

  test('copying a link to an exchange is announced in a live region', async () => {
    const context = await browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const tab = await context.newPage();
    await tab.goto(origin + BASE + PAGES.transcript, { waitUntil: 'load' });
    const live = await tab.getAttribute('#announcer', 'aria-live');
    assert.equal(live, 'polite');
    await tab.click('button.copy-link[data-anchor="q2"]');
    await tab.waitForFunction(() => /copied/i.test(document.getElementById('announcer').textContent));
    const copied = await tab.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, `${origin}${BASE}${PAGES.transcript}#q2`);
    await context.close();
  });

  test('the print stylesheet hides navigation and controls', async () => {
    const tab = await browser.newPage();
    await tab.goto(origin + BASE + PAGES.transcript, { waitUntil: 'load' });
    await tab.emulateMedia({ media: 'print' });
    const hidden = await tab.evaluate(() => ['.site-header nav', '.copy-link', '.prev-next', '.questions'].map((s) => getComputedStyle(document.querySelector(s)).display));
    assert.deepEqual(hidden, ['none', 'none', 'none', 'none']);
    const text = await tab.evaluate(() => getComputedStyle(document.querySelector('#q1 .said')).display);
    assert.notEqual(text, 'none');
    await tab.close();
  });
}
