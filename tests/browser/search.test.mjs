// Tests of the search client: its modules (static/search/*.js) in node, and
// the page (static/search.js) in a real browser against a site that
// pressroom built.
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
import { fileURLToPath } from 'node:url';
import { openSite, basePath, loadClient } from './site.mjs';
import { STOP_WORDS, analyze } from '../../static/search/text.js';
import { Bytes, FIELD_BOOSTS, FORMAT, IMPACT, blockOf, bucketOf, decodePresence, decodeTier, docNumbers, headsIn, headsPath,
  levelImpact, parseRef } from '../../static/search/format.js';
import { provenTop, rank } from '../../static/search/rank.js';
import { BLOCK_ROUND, FIRST_HITS, PROVEN_HITS, lookUp } from '../../static/search/lookup.js';
import { warmUp } from '../../static/search/warmup.js';

const require = createRequire(import.meta.url);

const SITE = process.env.PRESSROOM_SITE ? path.resolve(process.env.PRESSROOM_SITE) : '';
const QUERY = process.env.PRESSROOM_QUERY || '';
const EXPECT = (process.env.PRESSROOM_EXPECT || '').replace(/^\/+/, '');
const BASE = basePath();
const XSS = '<img src=x onerror=alert(1)>';

const here = path.dirname(fileURLToPath(import.meta.url));

/** What the writer and the client agree on (src/search/client.rs checks the writer against it). */
const FIXTURE = JSON.parse(await fs.readFile(path.join(here, '..', 'fixtures', 'search-format.json'), 'utf8'));

// Needs no site: the client's constants are the fixture's.
test("the client's format, fields, boosts, impact scale and stop words are the fixture's", () => {
  assert.equal(FORMAT, FIXTURE.format);
  assert.deepEqual(Object.keys(FIELD_BOOSTS), FIXTURE.fields);
  assert.deepEqual(Object.values(FIELD_BOOSTS), FIXTURE.boosts);
  assert.deepEqual(IMPACT, FIXTURE.impact);
  assert.deepEqual(Array.from(STOP_WORDS).filter(Boolean).sort(), FIXTURE.stop_words.slice().sort());
  assert.ok(STOP_WORDS.has(''), 'a token trimmed to nothing is dropped');
});

// Needs no site: the text pipeline against the crate's output.
test('the text pipeline tokenizes and stems like elasticlunr-rs 3.1', () => {
  const { cases } = FIXTURE.pipeline;
  assert.ok(cases.length > 100);
  for (const [text, tokens] of cases) {
    assert.deepEqual(Array.from(analyze(text)), tokens, `tokens of ${JSON.stringify(text)}`);
  }
});

// Needs no site: the binary encodings, as the fixture pins them.
test("the readers decode the fixture's LEB128, tier file, list of documents, heads entry and blocks", () => {
  for (const [term, seed, hash] of FIXTURE.fnv1a.cases) assert.equal(bucketOf(term, 2 ** 32, seed), hash, `FNV-1a of ${term}`);
  for (const [n, bytes] of FIXTURE.leb128.cases) {
    const read = new Bytes(new Uint8Array(bytes));
    assert.equal(read.leb128(), n);
    assert.equal(read.at, bytes.length);
  }
  const tier = decodeTier(new Uint8Array(FIXTURE.tier.bytes), IMPACT);
  const postings = FIXTURE.tier.postings.slice().sort((x, y) => x[0] - y[0]);
  assert.deepEqual(Array.from(tier.docs), postings.map((p) => p[0]));
  assert.deepEqual(Array.from(tier.impacts), postings.map((p) => levelImpact(IMPACT, p[1])));
  assert.deepEqual(Array.from(decodePresence(new Uint8Array(FIXTURE.presence.bytes))), FIXTURE.presence.docs);
  const entry = FIXTURE.heads_entry;
  assert.deepEqual(headsIn(new Uint8Array(entry.bytes), entry.term).map((part) => Array.from(part)), entry.parts);
  for (const [b, blocks, total, start] of FIXTURE.blocks.cases) {
    if (b < blocks && start < total) assert.equal(blockOf([0, blocks], start, total), b, `the first document of block ${b} of ${blocks}`);
    if (start > 0 && b <= blocks) assert.equal(blockOf([0, blocks], start - 1, total), b - 1, `the last document of block ${b - 1} of ${blocks}`);
  }
});

/** LEB128 (7 bits a byte, low first, high bit on all but the last) of n, appended to out. */
function pushLeb128(out, n) {
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
}

/** The bytes of a tier file (src/search/tiers.rs encode_tier): [doc number, level] pairs. */
function tierFile(postings) {
  const out = [];
  let prev = 0;
  for (const [doc, level] of postings.slice().sort((x, y) => x[0] - y[0])) {
    pushLeb128(out, doc - prev);
    prev = doc;
    out.push(level >> 8, level & 0xff);
  }
  return new Uint8Array(out).buffer;
}

/**
 * The documents of a last tier in blocks, as a heads file lists them
 * (src/search/tiers.rs encode_presence): their number (LEB128), the Rice
 * parameter k (a byte; here always 2), then per document its gap from the
 * previous one less 1, as gap >> k one-bits, a zero-bit and its k low bits.
 */
function presenceFile(docs, k = 2) {
  const out = [];
  pushLeb128(out, docs.length);
  out.push(k);
  const bits = [];
  let next = 0;
  for (const doc of docs.slice().sort((x, y) => x - y)) {
    const gap = doc - next;
    for (let q = gap >> k; q > 0; q--) bits.push(1);
    bits.push(0);
    for (let b = k - 1; b >= 0; b--) bits.push((gap >> b) & 1);
    next = doc + 1;
  }
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((byte, bit, j) => byte | (bit << (7 - j)), 0));
  return new Uint8Array(out).buffer;
}

/** FNV-1a, 32 bits, of a seed byte (when not 0) and a string's UTF-8 bytes: written here from its definition. */
function fnv1a(text, seed = 0) {
  let h = 0x811c9dc5;
  const bytes = [...(seed ? [seed] : []), ...new TextEncoder().encode(text)];
  for (const b of bytes) h = Number((BigInt(h ^ b) * 0x01000193n) & 0xffffffffn) >>> 0;
  return h;
}

/**
 * The heads files of shard n (src/search/heads.rs heads_files) for cut words
 * {word: [tier ArrayBuffer, ...]}, as `m/<n>/h<b>.bin` entries of `files`;
 * returns [buckets, seed] for the manifest's `heads`.
 */
function addHeadsFiles(files, n, words, seed = 0) {
  const names = Object.keys(words).sort();
  const buckets = names.map(() => []);
  for (const word of names) {
    const out = buckets[fnv1a(word, seed) % names.length];
    const bytes = new TextEncoder().encode(word);
    pushLeb128(out, bytes.length);
    out.push(...bytes);
    pushLeb128(out, words[word].length);
    words[word].forEach((tier) => pushLeb128(out, tier.byteLength));
    words[word].forEach((tier) => out.push(...new Uint8Array(tier)));
  }
  buckets.forEach((bytes, b) => { files[`m/${n}/h${b}.bin`] = new Uint8Array(bytes).buffer; });
  return [names.length, seed];
}

// Needs no site: the names of heads files, and what a heads file holds.
test('bucketOf() is FNV-1a of the seed and the UTF-8 bytes, and headsIn() finds a word in a heads file', async () => {
  // The values the fixture pins too.
  assert.equal(bucketOf('', 2 ** 32, 0), 0x811c9dc5);
  assert.equal(bucketOf('a', 2 ** 32, 0), 0xe40c292c);
  assert.equal(bucketOf('foobar', 2 ** 32, 0), 0xbf9cf968);
  assert.equal(bucketOf('oobar', 2 ** 32, 'f'.charCodeAt(0)), 0xbf9cf968);
  assert.equal(bucketOf('président', 2 ** 32, 0), 0xd047fa9e);
  assert.equal(bucketOf('東京', 2 ** 32, 7), 0x5412c15c);
  for (const word of ['war', 'président', 'ukrain', '東京', 'x'.repeat(300)]) {
    for (const seed of [0, 1, 63]) assert.equal(bucketOf(word, 1000, seed), fnv1a(word, seed) % 1000, `${word}, seed ${seed}`);
  }
  const files = {};
  const tiers = (k) => Array.from({ length: k }, (_, j) => tierFile([[j, 100 + k], [200 + j, 7]]));
  const words = { war: tiers(2), peac: tiers(1), président: tiers(3), nato: tiers(0), ['x'.repeat(200)]: tiers(1) };
  const heads = addHeadsFiles(files, 4, words, 9);
  const manifest = { heads: [[0, 0], [0, 0], [0, 0], [0, 0], heads] };
  for (const [word, expected] of Object.entries(words)) {
    const found = headsIn(files[headsPath(manifest, 4, word)], word);
    assert.equal(found.length, expected.length, word);
    found.forEach((tier, j) => assert.deepEqual(Array.from(decodeTier(tier, IMPACT).docs), Array.from(decodeTier(expected[j], IMPACT).docs)));
  }
  assert.equal(headsIn(files[headsPath(manifest, 4, 'absent')], 'absent'), null);
  assert.equal(headsPath(manifest, 1, 'war'), null, 'a shard without cut words has no heads files');
});

// Needs no site: the list of a last tier's documents in a heads file.
test('decodePresence() reads the documents of a last tier as src/search/ writes them', async () => {
  // The bytes the fixture pins (k = 5).
  assert.deepEqual(Array.from(decodePresence(new Uint8Array([5, 5, 0x00, 0x20, 0x05, 0xff, 0x82]).buffer)), [0, 3, 4, 10, 300]);
  assert.deepEqual(Array.from(decodePresence(new Uint8Array([0, 0]).buffer)), []);
  for (const k of [0, 1, 2]) {
    const docs = [1, 2, 3, 50, 51, 1000, 70000];
    assert.deepEqual(Array.from(decodePresence(presenceFile(docs, k))), docs, `k = ${k}`);
  }
  // Cut short: an error, not a list of made-up documents.
  assert.throws(() => decodePresence(new Uint8Array([5, 5, 0x00, 0x20]).buffer), /cut short/);
});

// Needs no site: tiers, blocks, and the proof that the top hits are final.
test('lookUp() reads tiers and blocks until the top hits are proven, and ranks like all postings', async () => {
  // 20 transcripts of 10 documents each.
  const manifest = { docs: 200, shards: ['', 'q'], counts: [1, 'a'.repeat(20)], impact: [-9.25, 1 / 4096] };
  const docs = docNumbers(manifest.counts);
  assert.equal(docs.ref(0), '0.0');
  assert.equal(docs.ref(137), 'd.7');
  assert.equal(docs.doc('d.7'), 137);
  const level = (x) => Math.round((Math.log(x) + 9.25) * 4096);
  assert.ok(Math.abs(levelImpact(IMPACT, level(0.37)) / 0.37 - 1) < 1 / 8192);
  assert.deepEqual(Array.from(decodeTier(tierFile([[130, 5], [3, 65535]]), IMPACT).docs), [3, 130]);
  // "war": the shard keeps documents 0.1 and 0.4 (answer tf 0.9, 0.86 with
  // idf 1 + ln(200 / 121)); tier 1 (in the heads file) has 0.2; the last
  // tier, in two blocks (documents 0..99 and 100..199), has 0.3 and 13.0
  // (document 130).
  const idfWar = 1 + Math.log(200 / 121);
  const tier1 = [[2, level(0.85 * idfWar)]];
  const block0 = [[3, level(0.5 * idfWar)]];
  const block1 = [[130, level(0.05 * idfWar)]];
  const war = {
    index: { answer: { root: { w: { a: { r: { docs: { '0.1': { tf: 0.9 }, '0.4': { tf: 0.86 } }, df: 120 } } } } } },
    tiers: { war: [0, 2, tier1[0][1], 3, block0[0][1], 6] },
  };
  // "peac" (shard 0; "war" is in shard 1): in 0.4 (tf 0.2) and d.0 (document 130, tf 0.35), all in the shard;
  // "nato" (shard 0) in 0.9 (tf 0.3) and 0.4 (tf 0.1).
  const peace = { index: { answer: { root: {
    p: { e: { a: { c: { docs: { '0.4': { tf: 0.2 }, 'd.0': { tf: 0.35 } }, df: 2 } } } },
    n: { a: { t: { o: { docs: { '0.9': { tf: 0.3 }, '0.4': { tf: 0.1 } }, df: 2 } } } },
  } } }, tiers: {} };
  const files = { 'm/1/0.2.0.bin': tierFile(block0), 'm/1/0.2.1.bin': tierFile(block1) };
  manifest.heads = [[0, 0], addHeadsFiles(files, 1, { war: [tierFile(tier1), presenceFile([3, 130])] })];
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
  assert.deepEqual(read, ['m/1/h0.bin'], 'tier 1, which holds a hit that could be third');
  assert.deepEqual(Array.from(one.hits.slice(0, 3), (h) => h.ref), ['0.1', '0.4', '0.2']);
  assert.equal(provenTop(one, 3), true);
  assert.equal(provenTop(one, 4), false, '0.3 and 13.0 are unread');
  // Two words: d.0 has both, its "war" score is in block 1 only; 0.4 has both too.
  read = [];
  const two = await lookUp(manifest, ['war', 'peac'], false, load, 2);
  assert.equal(two.proven, true);
  assert.deepEqual(read.sort(), ['m/1/0.2.1.bin', 'm/1/h0.bin'], 'the block of d.0, not the other one');
  assert.deepEqual(Array.from(two.hits.slice(0, 2), (h) => [h.ref, h.terms.length]), [['0.4', 2], ['d.0', 2]]);
  // 0.9 has "nato" and could have "war" in the last tier, which would put
  // it first: the heads file's list of that tier's documents (3 and 130)
  // says it has not, so no block is read to rank it second, after 0.4.
  read = [];
  const nato = await lookUp(manifest, ['war', 'nato'], false, load, 2);
  assert.equal(nato.proven, true);
  assert.deepEqual(read, ['m/1/h0.bin'], 'the heads file, no block');
  assert.deepEqual(Array.from(nato.hits.slice(0, 2), (h) => [h.ref, h.terms.length]), [['0.4', 2], ['0.9', 1]]);
  const natoAll = await lookUp(manifest, ['war', 'nato'], true, load, 2);
  assert.deepEqual(Array.from(natoAll.hits.slice(0, 2), (h) => h.ref), ['0.4', '0.9']);
  // Everything read ("show more", filters): the same order, and every posting.
  read = [];
  const all = await lookUp(manifest, ['war', 'peac'], true, load, 2);
  assert.deepEqual(read.sort(), ['m/1/0.2.0.bin', 'm/1/0.2.1.bin', 'm/1/h0.bin']);
  assert.equal(all.hidden.length, 0);
  assert.deepEqual(Array.from(all.hits, (h) => h.ref), ['0.4', 'd.0', '0.1', '0.2', '0.3']);
  assert.deepEqual(Array.from(two.hits.slice(0, 2), (h) => h.ref), Array.from(all.hits.slice(0, 2), (h) => h.ref));
  // rank() alone, without tiers, knows the shard's lists are cut.
  const cut = rank(['war'], [[{ ...war, n: 1 }]], { total: 200, docs, impact: IMPACT }, new Map());
  assert.equal(cut.hidden.length, 1);
  assert.ok(Math.abs(cut.hidden[0].max - levelImpact(IMPACT, tier1[0][1])) < 1e-12);
  // A heads file that does not hold the word: an error, not a silent ranking.
  files['m/1/h0.bin'] = new ArrayBuffer(0);
  await assert.rejects(lookUp(manifest, ['war'], false, load, 3), /m\/1\/h0\.bin: no tiers for war/);
});

/**
 * A synthetic archive for lookUp(): 300 transcripts of 10 documents, and
 * per word ([name, shard number, documents it is in]) its shard (the
 * SHARD documents of highest impact, answer field only), tier 1 (the next
 * TIER1, in the shard's heads file) and a last tier cut into BLOCKS blocks
 * by document number, as src/search/ writes them. tf values come from a
 * small seeded generator.
 */
function syntheticArchive(words, { shard = 4, tier1 = 40, blocks = 40, seed = 7 } = {}) {
  const transcripts = 300;
  const total = transcripts * 10;
  const manifest = { docs: total, shards: ['', 'q'], counts: [1, 'a'.repeat(transcripts)], impact: [-9.25, 1 / 4096] };
  let state = seed;
  const random = () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
  const level = (x) => Math.floor((Math.log(x) + 9.25) * 4096);
  const ref = (doc) => `${Math.floor(doc / 10).toString(36)}.${(doc % 10).toString(36)}`;
  const shards = [{ index: { answer: { root: {} } }, tiers: {} }, { index: { answer: { root: {} } }, tiers: {} }];
  const files = {};
  const heads = [{}, {}];
  words.forEach(([word, n, docs], i) => {
    const idf = 1 + Math.log(total / (docs.length + 1));
    const postings = docs.map((doc) => [doc, 0.05 + random()]).sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    let node = shards[n].index.answer.root;
    for (const ch of word) node = node[ch] || (node[ch] = {});
    node.df = docs.length;
    node.docs = Object.fromEntries(postings.slice(0, shard).map(([doc, tf]) => [ref(doc), { tf }]));
    if (docs.length <= shard) return;
    const first = postings.slice(shard, shard + tier1).map(([doc, tf]) => [doc, level(tf * idf)]);
    const rest = postings.slice(shard + tier1).map(([doc, tf]) => [doc, level(tf * idf)]);
    // The list of the last tier's documents, when they are at most half of all (PRESENCE_MAX_SHARE).
    heads[n][word] = [tierFile(first)];
    if (rest.length <= total / 2) heads[n][word].push(presenceFile(rest.map(([doc]) => doc)));
    let size = 0;
    for (let b = 0; b < blocks; b++) {
      const lo = Math.floor(b * total / blocks);
      const hi = Math.floor((b + 1) * total / blocks);
      const file = tierFile(rest.filter(([doc]) => doc >= lo && doc < hi));
      files[`m/${n}/${i}.2.${b}.bin`] = file;
      size += file.byteLength;
    }
    if (blocks === 1) heads[n][word].length = 1; // a last tier in the heads file: no list of its documents
    shards[n].tiers[word] = [i, blocks, Math.max(...first.map((p) => p[1])), heads[n][word][0].byteLength,
      Math.max(...rest.map((p) => p[1])), size];
  });
  manifest.heads = heads.map((words, n) => addHeadsFiles(files, n, words));
  return { manifest, shards, files };
}

/** A loader over syntheticArchive() that records the files (shards s/<n>.json too) each round of requests reads. */
function roundLoader({ shards, files }) {
  const rounds = [];
  let tick = 0;
  // Answered after the current round is sent: the next requests are a new round.
  const ask = (p, answer) => {
    if (!rounds.length || rounds[rounds.length - 1].tick !== tick) rounds.push({ tick, paths: [] });
    rounds[rounds.length - 1].paths.push(p);
    return new Promise((resolve) => setTimeout(() => { tick += 1; resolve(answer()); }, 0));
  };
  return {
    rounds,
    /** The rounds' paths of tier files only. */
    tierRounds: () => rounds.map((r) => r.paths.filter((p) => p.startsWith('m/')).sort()).filter((r) => r.length),
    shard: (n) => ask(`s/${n}.json`, () => JSON.parse(JSON.stringify(shards[n]))),
    tier: (p) => ask(p, () => files[p]),
  };
}

// Needs no site: the last tiers are read a few blocks at a time, those of
// the hits that could rise highest first, and the first page is still exact.
test('lookUp() reads the blocks of the most promising undecided hits first, BLOCK_ROUND at most a round', async () => {
  // "war" in 2,000 documents, "peac" in 1,500, overlapping.
  const war = Array.from({ length: 2000 }, (_, i) => i);
  const peace = Array.from({ length: 1500 }, (_, i) => 1500 + i);
  const archive = syntheticArchive([['war', 1, war], ['peac', 0, peace]]);
  const fast = roundLoader(archive);
  const first = await lookUp(archive.manifest, ['war', 'peac'], false, fast);
  const all = roundLoader(archive);
  const every = await lookUp(archive.manifest, ['war', 'peac'], true, all);
  assert.equal(first.proven, true);
  assert.deepEqual(Array.from(first.hits.slice(0, 10), (h) => h.ref), Array.from(every.hits.slice(0, 10), (h) => h.ref));
  assert.deepEqual(fast.rounds[0].paths.sort(), ['m/0/h0.bin', 'm/1/h0.bin', 's/0.json', 's/1.json'],
    'the heads files of both words, with their shards');
  const rounds = fast.tierRounds();
  // Few hits have both words yet, so a document not seen at all could
  // still be among the first: the smaller last tier ("peac") whole...
  assert.equal(rounds[1].length, 40);
  assert.ok(rounds[1].every((p) => p.startsWith('m/0/1.2.')), 'the blocks of one word only');
  // ...then the blocks of "war" of the hits that could still rise, a few at a time.
  const later = rounds.slice(2);
  assert.ok(later.length > 0 && later.every((r) => r.length <= BLOCK_ROUND && r.every((p) => p.startsWith('m/1/0.2.'))),
    `blocks per round: ${rounds.map((r) => r.length)}`);
  const read = rounds.flat().length;
  assert.ok(read < 82, `${read} of 82 tier files read`);
  assert.equal(all.tierRounds().flat().length, 82, 'every tier file for the whole ranking');
});

// Needs no site: the page's warm-up ranks a made-up archive through every
// step of lookUp() (shards, heads files with their lists, blocks), with no
// request (there is no fetch() here).
test('warmUp() ranks its made-up archive through shards, heads files and blocks', async () => {
  const result = await warmUp();
  assert.equal(result.proven, true);
  assert.ok(result.tierBytes > 2 * 224 * 3, `heads files and blocks read: ${result.tierBytes} bytes`);
  assert.ok(result.hits.slice(0, PROVEN_HITS).every((hit) => hit.terms.length === 2), 'the first hits have both words');
  assert.equal(result.truncated, true, 'a first page, not the whole ranking');
});

// Needs no site: every tier but a last one in blocks is in the heads file, read at once.
test('lookUp() reads tiers 1 to 3 of a word from its heads file, in one request', async () => {
  const archive = syntheticArchive([['war', 1, Array.from({ length: 3000 }, (_, i) => i)]], { shard: 2, tier1: 4, blocks: 1 });
  // Tier 1 cut in two: tiers 1 and 2, then the last one, in one file: all three in the heads file.
  const { docs, impacts } = decodeTier(headsIn(archive.files['m/1/h0.bin'], 'war')[0], IMPACT);
  const postings = Array.from(docs, (doc, i) => [doc, Math.round((Math.log(impacts[i]) + 9.25) * 4096)]).sort((x, y) => y[1] - x[1]);
  const [first, second] = [postings.slice(0, 2), postings.slice(2)];
  const entry = archive.shards[1].tiers.war;
  const files = {};
  const last = archive.files['m/1/0.2.0.bin'];
  archive.manifest.heads[1] = addHeadsFiles(files, 1, { war: [tierFile(first), tierFile(second), last] });
  archive.files = files;
  archive.shards[1].tiers.war = [0, 1, first[0][1], 1, second[0][1], 1, entry[4], 1];
  const load = roundLoader(archive);
  const result = await lookUp(archive.manifest, ['war'], false, load, 20);
  assert.equal(result.proven, true);
  assert.deepEqual(load.tierRounds(), [['m/1/h0.bin']]);
  assert.equal(result.count, 3000, 'every posting of the shard and the three tiers');
});

// Needs no site: a first page ranks its first hits in full, and counts the others.
test('a first page holds the first FIRST_HITS hits and their transcripts, and counts every hit', async () => {
  // Three words of 30 documents each, none cut: 90 hits, all in the shards.
  const words = ['alpha', 'bravo', 'charli'].map((w, i) => {
    const docs = Array.from({ length: 30 }, (_, k) => (k * 97 + i * 41) % 3000);
    return [w, 0, docs];
  });
  const archive = syntheticArchive(words, { shard: 30, tier1: 0, blocks: 1 });
  archive.shards[0].tiers = {};
  const load = roundLoader(archive);
  const first = await lookUp(archive.manifest, ['alpha', 'bravo', 'charli'], false, load);
  const every = await lookUp(archive.manifest, ['alpha', 'bravo', 'charli'], true, load);
  assert.deepEqual(load.tierRounds(), [], 'no tier files');
  assert.equal(every.hits.length, 90);
  assert.equal(every.truncated, false);
  assert.equal(first.truncated, true);
  assert.equal(first.count, 90);
  assert.equal(first.transcripts, new Set(every.hits.map((h) => parseRef(h.ref)[0])).size);
  const refs = (hits) => Array.from(hits, (h) => h.ref);
  assert.deepEqual(refs(first.hits.slice(0, FIRST_HITS)), refs(every.hits.slice(0, FIRST_HITS)));
  // Every hit of the transcripts shown, in order.
  const shown = new Set(first.hits.map((h) => parseRef(h.ref)[0]));
  assert.deepEqual(refs(first.hits), refs(every.hits.filter((h) => shown.has(parseRef(h.ref)[0]))));
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
    const { d } = await readJson('d', `${last.toString(36)}.0.json`);
    assert.match(d, /^\d{4}-\d{2}-\d{2}$/);
    const written = new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    await page.goto(searchUrl(written));
    await page.waitForSelector(settled, { state: 'attached' });
    const dates = await page.locator('#search-results .search-group-date').evaluateAll((times) => times.map((t) => t.getAttribute('datetime')));
    assert.ok(dates.length > 0, `results for ${written}`);
    assert.equal(dates[0], d, `the first transcript for ${written}`);
  }));

  /** ref (`<t>.<k>`) -> site-relative URL with its anchor, from its result file d/<t>.<c>.json. */
  async function refUrl(ref) {
    const { chunk } = await readJson('manifest.json');
    const [t, k] = ref.split('.');
    const n = parseInt(k, 36);
    const data = await readJson('d', `${t}.${Math.floor(n / chunk).toString(36)}.json`);
    return `${data.u}#${data.x[n % chunk][0]}`;
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

  test('typing fetches the shard of each word from its fourth character, and no shard of a shorter start', () => inPage(async (page) => {
    const { queryTokens, shardFor } = await loadClient(path.join(SITE, 'static'));
    const manifest = await readJson('manifest.json');
    const query = `${QUERY} missiles`;
    // What the page may fetch while the query is typed: the shards of the
    // tokens of every start of it, but for a word being typed shorter
    // than four characters.
    const allowed = new Set();
    for (let i = 1; i <= query.length; i++) {
      const text = query.slice(0, i);
      const tokens = Array.from(queryTokens(text));
      tokens.forEach((t, k) => {
        const typing = k === tokens.length - 1 && !/\s$/.test(text);
        if (!typing || [...t].length >= 4) allowed.add(`s/${shardFor(manifest.shards, t)}.json`);
      });
    }
    const requested = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.pathname.startsWith(`${BASE}search/s/`)) requested.push(url.pathname.slice(`${BASE}search/`.length));
    });
    await page.goto(`${origin}${BASE}search/`, { waitUntil: 'networkidle' });
    await page.click('#search-input');
    await page.keyboard.type(query, { delay: 30 });
    await page.waitForSelector(`${settled} .search-hit-link`);
    assert.ok(requested.length > 0);
    assert.deepEqual(requested.filter((p) => !allowed.has(p)), [], `shards of starts of ${query}: ${requested}`);
    const needed = Array.from(queryTokens(query), (t) => `s/${shardFor(manifest.shards, t)}.json`);
    assert.ok(needed.every((p) => requested.includes(p)), 'the shards of the query');
    assert.equal(new Set(requested).size, requested.length, 'each shard fetched once');
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
