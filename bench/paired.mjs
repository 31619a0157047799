// Paired A/B of two built sites (or two clients on one site), not a test:
// for each query of bench/queries.json, REPS times, the query in a fresh
// Chromium context (cold cache) on site A and on site B, in alternating
// order, and the median time of each from submitting to the results being
// in the page. On a shared, noisy machine, two runs of bench/measure.mjs
// minutes apart differ by more than the change being measured; pairs do not.
//
//   [REPS=5] node bench/paired.mjs SITE_A CLIENT_A SITE_B CLIENT_B
//
// Each site is served on 127.0.0.1 with gzip (bench/serve.mjs), with the
// given client in place of its own: a static/ folder (its search.js and
// search/*.js), or a single search.js of before the ES modules. Each query runs once on each site before
// the timed runs, so that the servers answer from memory.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { serveSite } from './serve.mjs';
import { timedQuery } from './query.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '..', 'tests', 'browser', 'package.json'));
const { chromium } = require('playwright-core');

const [A, A_JS, B, B_JS] = process.argv.slice(2).map((p) => path.resolve(p));
if (!B_JS) {
  console.error('usage: node bench/paired.mjs SITE_A CLIENT_A SITE_B CLIENT_B');
  process.exit(2);
}
const REPS = Number(process.env.REPS || 5);
const QUERIES = JSON.parse(await fs.readFile(path.join(here, 'queries.json'), 'utf8'));
const a = await serveSite(A, { searchJs: A_JS });
const b = await serveSite(B, { searchJs: B_JS });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

/** Milliseconds from submitting `q` to the results, in a fresh context on `origin`. */
async function timed(origin, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/search/`, { waitUntil: 'networkidle' });
  const { ms } = await timedQuery(page, q);
  await context.close();
  return ms;
}

const median = (xs) => xs.slice().sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const q of QUERIES) {
  await timed(a.origin, q);
  await timed(b.origin, q);
}
const medians = { a: [], b: [] };
console.log('| query | A, ms | B, ms |');
console.log('|---|---|---|');
for (const q of QUERIES) {
  const times = { a: [], b: [] };
  for (let i = 0; i < REPS; i++) {
    const order = i % 2 ? ['b', 'a'] : ['a', 'b'];
    for (const side of order) times[side].push(await timed(side === 'a' ? a.origin : b.origin, q));
  }
  medians.a.push(median(times.a));
  medians.b.push(median(times.b));
  console.log(`| ${q} | ${median(times.a).toFixed(0)} | ${median(times.b).toFixed(0)} |`);
}
console.log(`\nMedian of the medians: A ${median(medians.a).toFixed(0)} ms, B ${median(medians.b).toFixed(0)} ms (${REPS} runs each per query).`);
await browser.close();
a.server.close();
b.server.close();
