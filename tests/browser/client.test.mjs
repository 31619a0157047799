// Tests of the search client's modules (static/search/*.js) in node, without
// a site or a browser: the constants and readers against the fixture that
// the Rust writer is checked against too (tests/fixtures/search-format.json),
// and lookUp() on archives made up here (writer.mjs writes their files from
// the format's definition).
//
//   node --test tests/browser/client.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STOP_WORDS, analyze } from '../../static/search/text.js';
import { Bytes, FIELD_BOOSTS, FORMAT, IMPACT, blockOf, blockPath, bucketOf, decodeBand, decodeForward, decodePostings, decodePresence,
  docNumbers, levelImpact, parseRef, resultsPath, shardPath, termFilePath, termIn, termPath, wholePath } from '../../static/search/format.js';
import { provenTop, rank } from '../../static/search/rank.js';
import { FIRST_HITS, FIRST_PAGE_FILES, PROVEN_HITS, lookUp } from '../../static/search/lookup.js';
import { GROUPS_PER_PAGE } from '../../static/search/results.js';
import { warmUp } from '../../static/search/warmup.js';
import { addTermFiles, band, directory, fnv1a, forward, postings, presence } from './writer.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

/** What the writer and the client agree on (src/search/client.rs checks the writer against it). */
const FIXTURE = JSON.parse(await fs.readFile(path.join(here, '..', 'fixtures', 'search-format.json'), 'utf8'));

const bytes = (list) => new Uint8Array(list);

test("the client's format, fields, boosts, impact scale and stop words are the fixture's", () => {
  assert.equal(FORMAT, FIXTURE.format);
  assert.deepEqual(Object.keys(FIELD_BOOSTS), FIXTURE.fields);
  assert.deepEqual(Object.values(FIELD_BOOSTS), FIXTURE.boosts);
  assert.deepEqual(IMPACT, FIXTURE.impact);
  assert.deepEqual(Array.from(STOP_WORDS).filter(Boolean).sort(), FIXTURE.stop_words.slice().sort());
  assert.ok(STOP_WORDS.has(''), 'a token trimmed to nothing is dropped');
});

test('the text pipeline tokenizes and stems like elasticlunr-rs 3.1', () => {
  const { cases } = FIXTURE.pipeline;
  assert.ok(cases.length > 100);
  for (const [text, tokens] of cases) {
    assert.deepEqual(Array.from(analyze(text)), tokens, `tokens of ${JSON.stringify(text)}`);
  }
});

test("the readers decode the fixture's LEB128, bands, lists of documents, term entries, postings, forward records and blocks", () => {
  for (const [term, seed, hash] of FIXTURE.fnv1a.cases) assert.equal(bucketOf(term, 2 ** 32, seed), hash, `FNV-1a of ${term}`);
  for (const [n, list] of FIXTURE.leb128.cases) {
    const read = new Bytes(bytes(list));
    assert.equal(read.leb128(), n);
    assert.equal(read.at, list.length);
  }
  const { base, postings: bandPostings } = FIXTURE.band;
  const decoded = decodeBand(bytes(FIXTURE.band.bytes), base, IMPACT);
  assert.deepEqual(Array.from(decoded.docs), bandPostings.map((p) => p[0]));
  assert.deepEqual(Array.from(decoded.impacts), bandPostings.map((p) => levelImpact(IMPACT, p[1])));
  assert.deepEqual(Array.from(band(bandPostings, base)), FIXTURE.band.bytes, 'writer.mjs writes the fixture\'s band');
  assert.deepEqual(Array.from(decodePresence(bytes(FIXTURE.presence.bytes))), FIXTURE.presence.docs);
  const entry = FIXTURE.term_entry;
  assert.deepEqual(termIn(bytes(entry.bytes), entry.term).map((part) => Array.from(part)), entry.parts);
  assert.equal(termIn(bytes(entry.bytes), 'president'), null);
  const fields = decodePostings(bytes(FIXTURE.postings.bytes));
  assert.deepEqual(fields.map((f) => [f.df, Array.from(f.docs, (doc, i) => [doc, f.tfs[i]])]), FIXTURE.postings.fields);
  const records = decodeForward(bytes(FIXTURE.forward.bytes), FIXTURE.forward.dense.length);
  assert.deepEqual(records.map((r) => [r.doc, Array.from(r.codes, (code, j) => [code, code === 2 ? r.levels[j] : null])]), FIXTURE.forward.records);
  for (const [b, blocks, total, start] of FIXTURE.blocks.cases) {
    if (b < blocks && start < total) assert.equal(blockOf([0, blocks], start, total), b, `the first document of block ${b} of ${blocks}`);
    if (start > 0 && b <= blocks) assert.equal(blockOf([0, blocks], start - 1, total), b - 1, `the last document of block ${b - 1} of ${blocks}`);
  }
});

test("the client's paths are the fixture's, and none is a name Windows reserves or a character it forbids", () => {
  const make = { shard: shardPath, term: termFilePath, results: resultsPath, block: blockPath, whole: wholePath };
  assert.ok(FIXTURE.paths.cases.length >= 5);
  for (const c of FIXTURE.paths.cases) assert.equal(make[c[0]](...c.slice(1, -1)), c.at(-1), JSON.stringify(c));
  const windowsCanHave = (p) => p.split('/').every((part) => {
    const stem = part.split('.')[0].toLowerCase();
    return part !== '' && !/^(con|prn|aux|nul|conin\$|conout\$|com\d|lpt\d)$/.test(stem) && !/[. ]$/.test(part) && !/[\x00-\x1f<>:"\\|?*]/.test(part);
  });
  assert.ok(!windowsCanHave('d/con.json') && !windowsCanHave('d/AUX.json') && !windowsCanHave('d/com1') && windowsCanHave('d/console.json'));
  // Transcripts up to past base 36's prn (33395), and around com1 (591769) and lpt1 (1013221).
  for (const t of [...Array(40000).keys(), 591769, 1013221]) assert.ok(windowsCanHave(resultsPath(t)), resultsPath(t));
});

test('bucketOf() is FNV-1a of the seed and the UTF-8 bytes, and termIn() finds a word in its term file', () => {
  // The values the fixture pins too.
  assert.equal(bucketOf('', 2 ** 32, 0), 0x811c9dc5);
  assert.equal(bucketOf('a', 2 ** 32, 0), 0xe40c292c);
  assert.equal(bucketOf('oobar', 2 ** 32, 'f'.charCodeAt(0)), 0xbf9cf968);
  assert.equal(bucketOf('東京', 2 ** 32, 7), 0x5412c15c);
  for (const word of ['war', 'président', 'ukrain', '東京', 'x'.repeat(300)]) {
    for (const seed of [0, 1, 63]) assert.equal(bucketOf(word, 1000, seed), fnv1a(word, seed) % 1000, `${word}, seed ${seed}`);
  }
  const files = {};
  const parts = (k) => [postings({ answer: [[k, 0.5]] }), ...Array.from({ length: k % 3 }, (_, j) => bytes([j, k]))];
  const words = { war: parts(2), peac: parts(1), président: parts(5), nato: parts(0), ['x'.repeat(200)]: parts(4) };
  const manifest = { terms: [[1, 0], [1, 0], [1, 0], [1, 0], addTermFiles(files, 4, words, 9)] };
  for (const [word, expected] of Object.entries(words)) {
    const found = termIn(files[termPath(manifest, 4, word)], word);
    assert.deepEqual(found.slice(0, expected.length).map((p) => Array.from(p)), expected.map((p) => Array.from(p)), word);
    assert.ok(found.slice(expected.length).every((p) => p.length === 0), `${word}: missing parts are empty`);
  }
  assert.equal(termIn(files[termPath(manifest, 4, 'absent')], 'absent'), null);
});

test('decodePresence() reads the documents of a tail as src/search/ writes them', () => {
  // The bytes the fixture pins (k = 5).
  assert.deepEqual(Array.from(decodePresence(bytes([5, 5, 0x00, 0x20, 0x05, 0xff, 0x82]).buffer)), [0, 3, 4, 10, 300]);
  assert.deepEqual(Array.from(decodePresence(bytes([0, 0]).buffer)), []);
  for (const k of [0, 1, 2]) {
    const docs = [1, 2, 3, 50, 51, 1000, 70000];
    assert.deepEqual(Array.from(decodePresence(presence(docs, k))), docs, `k = ${k}`);
  }
  // Cut short: an error, not a list of made-up documents.
  assert.throws(() => decodePresence(bytes([5, 5, 0x00, 0x20]).buffer), /cut short/);
});

/** A loader over {shards, files} that records the files each round of requests reads (shards as s/<n>.json). */
function roundLoader({ shards, files }) {
  const rounds = [];
  let tick = 0;
  // Answered after the current round is sent: the next requests are a new round.
  const ask = (p, answer) => {
    if (!rounds.length || rounds[rounds.length - 1].tick !== tick) rounds.push({ tick, paths: [] });
    rounds[rounds.length - 1].paths.push(p);
    return new Promise((resolve) => setTimeout(() => {
      tick += 1;
      if (answer() === undefined) throw new Error('no file ' + p);
      resolve(answer());
    }, 0));
  };
  return {
    rounds,
    paths: () => rounds.flatMap((r) => r.paths),
    shard: (n) => ask(`s/${n}.json`, () => JSON.parse(JSON.stringify(shards[n]))),
    tier: (p) => ask(p, () => files[p]),
  };
}

/**
 * A made-up archive: 20 transcripts of 10 documents. "war" (shard 1) in
 * the answer of 120 documents: the shard keeps 0.1 and 0.4 (tf 0.9, 0.86),
 * its head 0.2, its tail, in two blocks (documents 0..99 and 100..199),
 * 0.3 and d.0 (document 130), listed in its term entry; "peac" and "nato"
 * (shard 0), kept whole: 0.4 and d.0, 0.9 and 0.4.
 */
function smallArchive() {
  const manifest = { docs: 200, shards: ['', 'q'], counts: [1, 'a'.repeat(20)], impact: IMPACT, whole: 0 };
  const level = (x) => Math.floor((Math.log(x) - IMPACT[0]) / IMPACT[1]);
  const idfWar = 1 + Math.log(200 / 121);
  const head = [[2, level(0.85 * idfWar)]];
  const block0 = [[3, level(0.5 * idfWar)]];
  const block1 = [[130, level(0.05 * idfWar)]];
  const files = { 'm/1/0.0.bin': band(block0, 0).buffer, 'm/1/0.1.bin': band(block1, 100).buffer };
  const headBytes = band(head);
  const entry = [0, 2, head[0][1], headBytes.length, block0[0][1], 6];
  const war = {
    index: { answer: { root: { w: { a: { r: { docs: { '0.1': { tf: 0.9 }, '0.4': { tf: 0.86 } }, df: 120 } } } } } },
    tiers: { war: entry },
  };
  const peace = { index: { answer: { root: {
    p: { e: { a: { c: { docs: { '0.4': { tf: 0.2 }, 'd.0': { tf: 0.35 } }, df: 2 } } } },
    n: { a: { t: { o: { docs: { '0.9': { tf: 0.3 }, '0.4': { tf: 0.1 } }, df: 2 } } } },
  } } }, tiers: {} };
  manifest.terms = [
    addTermFiles(files, 0, { peac: [postings({ answer: [[4, 0.2], [130, 0.35]] })], nato: [postings({ answer: [[9, 0.3], [4, 0.1]] })] }),
    addTermFiles(files, 1, { war: [postings({ answer: [[1, 0.9], [4, 0.86]] }, { answer: 120 }), directory(entry), headBytes, presence([3, 130])] }),
  ];
  return { manifest, shards: [peace, war], files };
}

test('lookUp() reads term files and blocks until the top hits are proven, and ranks like all postings', async () => {
  const archive = smallArchive();
  const { manifest } = archive;
  const docs = docNumbers(manifest.counts);
  assert.equal(docs.ref(137), 'd.7');
  assert.equal(docs.doc('d.7'), 137);
  // One word: its shard proves the top 2; the third needs its head, in its term file.
  let load = roundLoader(archive);
  assert.equal((await lookUp(manifest, ['war'], false, load, 2)).proven, true);
  assert.deepEqual(load.paths(), ['s/1.json']);
  load = roundLoader(archive);
  const one = await lookUp(manifest, ['war'], false, load, 3);
  assert.equal(one.proven, true);
  assert.deepEqual(load.paths(), ['s/1.json', termPath(manifest, 1, 'war')], 'the head, which holds a hit that could be third');
  assert.deepEqual(Array.from(one.hits.slice(0, 3), (h) => h.ref), ['0.1', '0.4', '0.2']);
  assert.equal(provenTop(one, 3), true);
  assert.equal(provenTop(one, 4), false, '0.3 and 13.0 are unread');
  // Two words: their term files, no shard; d.0 has both, its "war" score is in block 1 only; 0.4 has both too.
  load = roundLoader(archive);
  const two = await lookUp(manifest, ['war', 'peac'], false, load, 2);
  assert.equal(two.proven, true);
  assert.deepEqual(load.rounds.map((r) => r.paths.sort()), [[termPath(manifest, 0, 'peac'), termPath(manifest, 1, 'war')].sort(), ['m/1/0.1.bin']],
    'the term files of both words, then the block of d.0, not the other one');
  assert.deepEqual(Array.from(two.hits.slice(0, 2), (h) => [h.ref, h.terms.length]), [['0.4', 2], ['d.0', 2]]);
  // 0.9 has "nato" and could have "war" in the tail, which would put it
  // first: the term entry's list of the tail's documents (3 and 130) says
  // it has not, so no block is read to rank it second, after 0.4.
  load = roundLoader(archive);
  const nato = await lookUp(manifest, ['war', 'nato'], false, load, 2);
  assert.equal(nato.proven, true);
  assert.equal(load.paths().filter((p) => p.startsWith('m/')).length, 0, 'no block');
  assert.deepEqual(Array.from(nato.hits.slice(0, 2), (h) => [h.ref, h.terms.length]), [['0.4', 2], ['0.9', 1]]);
  // Everything read ("show more", filters): the same order, and every posting.
  load = roundLoader(archive);
  const all = await lookUp(manifest, ['war', 'peac'], true, load, 2);
  assert.deepEqual(load.paths().filter((p) => p.startsWith('m/')).sort(), ['m/1/0.0.bin', 'm/1/0.1.bin']);
  assert.equal(all.hidden.length, 0);
  assert.deepEqual(Array.from(all.hits, (h) => h.ref), ['0.4', 'd.0', '0.1', '0.2', '0.3']);
  assert.deepEqual(Array.from(two.hits.slice(0, 2), (h) => h.ref), Array.from(all.hits.slice(0, 2), (h) => h.ref));
  // The same scores from the term files as from the shards.
  const viaShards = await lookUp(manifest, ['war'], true, roundLoader(archive));
  const viaTerms = await lookUp(manifest, ['war', 'zzzz'], true, roundLoader(archive));
  assert.deepEqual(Array.from(viaTerms.hits, (h) => [h.ref, h.score]), Array.from(viaShards.hits, (h) => [h.ref, h.score]));
  // rank() alone, without its head, knows the shard's lists are cut.
  const cut = rank(['war'], [[{ ...archive.shards[1], n: 1 }]], { total: 200, docs, impact: IMPACT }, new Map());
  assert.equal(cut.hidden.length, 1);
  assert.ok(Math.abs(cut.hidden[0].max - levelImpact(IMPACT, cut.cuts.get('war').entry[2])) < 1e-12);
  // A word its term file does not hold is read from its shard; a term file
  // that does not hold a cut word of a shard: an error, not a silent ranking.
  load = roundLoader(archive);
  const typed = await lookUp(manifest, ['war', 'pea'], false, load, 2);
  assert.ok(load.paths().includes('s/0.json'), 'the shard of a word being typed');
  assert.deepEqual(typed.hits.slice(0, 1).map((h) => h.ref), ['0.4']);
  archive.files[termPath(manifest, 1, 'war')] = new ArrayBuffer(0);
  await assert.rejects(lookUp(manifest, ['war'], false, roundLoader(archive), 3), /no head for war/);
});

/**
 * A synthetic archive for lookUp(): 300 transcripts of 10 documents, and
 * per word ([name, shard number, documents it is in]) its shard (the
 * SHARD documents of highest impact, answer field only), its term entry
 * (its head: the next HEAD; the list of its tail's documents, when at most
 * half of all; forward records of its first FORWARD documents for the
 * dense words, `dense`), and its tail cut into BLOCKS blocks by document
 * number, written whole too when WHOLE, as src/search/ writes them. tf
 * values come from a small seeded generator.
 */
function syntheticArchive(words, { shard = 4, head = 40, blocks = 40, whole = false, dense = [], seed = 7 } = {}) {
  const transcripts = 300;
  const total = transcripts * 10;
  const manifest = { docs: total, shards: ['', 'q'], counts: [1, 'a'.repeat(transcripts)], impact: IMPACT, dense, whole: whole ? 1e9 : 0 };
  let state = seed;
  const random = () => { state = (state * 1103515245 + 12345) % 2147483648; return state / 2147483648; };
  const level = (x) => Math.floor((Math.log(x) - IMPACT[0]) / IMPACT[1]);
  const ref = (doc) => `${Math.floor(doc / 10).toString(36)}.${(doc % 10).toString(36)}`;
  const shards = [{ index: { answer: { root: {} } }, tiers: {} }, { index: { answer: { root: {} } }, tiers: {} }];
  const files = {};
  const terms = [{}, {}];
  const lists = new Map();
  words.forEach(([word, n, docs]) => {
    const idf = 1 + Math.log(total / (docs.length + 1));
    const sorted = docs.map((doc) => [doc, 0.05 + random()]).sort((x, y) => y[1] - x[1] || x[0] - y[0]);
    lists.set(word, { sorted, idf, n });
  });
  let cuts = [0, 0];
  words.forEach(([word, n, docs]) => {
    const { sorted, idf } = lists.get(word);
    let node = shards[n].index.answer.root;
    for (const ch of word) node = node[ch] || (node[ch] = {});
    node.df = docs.length;
    const kept = sorted.slice(0, shard);
    node.docs = Object.fromEntries(kept.map(([doc, tf]) => [ref(doc), { tf }]));
    const parts = [postings({ answer: kept }, { answer: docs.length })];
    // Forward records: where each dense word is in this word's first documents.
    const first = sorted.slice(0, 64).map((p) => p[0]);
    const records = first.map((doc) => {
      const codes = [];
      const levels = [];
      dense.forEach((d, j) => {
        const other = lists.get(d);
        const at = other.sorted.findIndex((p) => p[0] === doc);
        codes[j] = at < 0 ? 0 : at < shard + head ? 1 : 2;
        if (codes[j] === 2) levels[j] = level(other.sorted[at][1] * other.idf);
      });
      return [doc, codes, levels];
    });
    if (docs.length > shard) {
      const i = cuts[n]++;
      const front = sorted.slice(shard, shard + head).map(([doc, tf]) => [doc, level(tf * idf)]);
      const rest = sorted.slice(shard + head).map(([doc, tf]) => [doc, level(tf * idf)]);
      let size = 0;
      for (let b = 0; b < blocks; b++) {
        const lo = Math.floor(b * total / blocks);
        const hi = Math.floor((b + 1) * total / blocks);
        const file = band(rest.filter(([doc]) => doc >= lo && doc < hi), lo);
        files[`m/${n}/${i}.${b}.bin`] = file.buffer;
        size += file.length;
      }
      if (whole) files[`m/${n}/${i}.bin`] = band(rest).buffer;
      const headBytes = band(front);
      const entry = [i, blocks, Math.max(...front.map((p) => p[1])), headBytes.length, Math.max(...rest.map((p) => p[1])), size];
      shards[n].tiers[word] = entry;
      parts.push(directory(entry), headBytes, rest.length <= total / 2 ? presence(rest.map(([doc]) => doc)) : new Uint8Array(0));
    }
    while (parts.length < 4) parts.push(new Uint8Array(0));
    parts.push(dense.length ? forward(records, dense.length) : new Uint8Array(0));
    terms[n][word] = parts;
  });
  manifest.terms = terms.map((t, n) => addTermFiles(files, n, t));
  return { manifest, shards, files };
}

test('lookUp() reads the blocks of the most promising undecided hits first, within the files of a first page', async () => {
  // "war" in 2,000 documents, "peac" in 1,500, overlapping.
  const war = Array.from({ length: 2000 }, (_, i) => i);
  const peace = Array.from({ length: 1500 }, (_, i) => 1500 + i);
  const archive = syntheticArchive([['war', 1, war], ['peac', 0, peace]]);
  const fast = roundLoader(archive);
  const first = await lookUp(archive.manifest, ['war', 'peac'], false, fast);
  const every = await lookUp(archive.manifest, ['war', 'peac'], true, roundLoader(archive));
  assert.deepEqual(fast.rounds[0].paths.sort(), [termPath(archive.manifest, 0, 'peac'), termPath(archive.manifest, 1, 'war')].sort(),
    'the term files of both words, at once');
  const later = fast.rounds.slice(1).map((r) => r.paths);
  assert.ok(later.length > 0 && later.flat().every((p) => /^m\/[01]\/0\.\d+\.bin$/.test(p)), `then blocks: ${JSON.stringify(later)}`);
  assert.equal(first.files, fast.paths().length);
  assert.ok(first.files <= FIRST_PAGE_FILES - 1 - GROUPS_PER_PAGE, `${first.files} files, with the manifest and result files within ${FIRST_PAGE_FILES}`);
  // Unproven within those files (the hits with both words are in the
  // tails, spread over the archive): a first page of what it knows, each
  // score at most the whole ranking's.
  assert.equal(first.proven, false);
  const score = new Map(Array.from(every.hits, (h) => [h.ref, h.score]));
  assert.ok(first.hits.every((h) => h.score <= score.get(h.ref) + 1e-9), 'scores as read so far');
  // With more documents in the head, fewer blocks, and the first ten proven.
  const deeper = syntheticArchive([['war', 1, war], ['peac', 0, peace]], { head: 1000 });
  const load = roundLoader(deeper);
  const proven = await lookUp(deeper.manifest, ['war', 'peac'], false, load);
  assert.equal(proven.proven, true);
  assert.deepEqual(Array.from(proven.hits.slice(0, 10), (h) => h.ref), Array.from(every.hits.slice(0, 10), (h) => h.ref));
});

test('a tail written whole is read whole, in one request, when more than one of its blocks is wanted', async () => {
  const war = Array.from({ length: 2000 }, (_, i) => i);
  const peace = Array.from({ length: 1500 }, (_, i) => 1500 + i);
  const archive = syntheticArchive([['war', 1, war], ['peac', 0, peace]], { whole: true });
  const load = roundLoader(archive);
  const first = await lookUp(archive.manifest, ['war', 'peac'], false, load);
  const every = await lookUp(archive.manifest, ['war', 'peac'], true, roundLoader(archive));
  const tails = load.paths().filter((p) => p.startsWith('m/'));
  assert.ok(tails.some((p) => /^m\/[01]\/0\.bin$/.test(p)), `a whole tail: ${tails}`);
  assert.equal(first.proven, true);
  assert.deepEqual(Array.from(first.hits.slice(0, 10), (h) => [h.ref, h.score]), Array.from(every.hits.slice(0, 10), (h) => [h.ref, h.score]));
});

test("forward records give a dense word's impacts in the other word's first documents, and which lack it, without blocks", async () => {
  // "presid" in every other document (dense, no list of its tail's
  // documents); "fauci" in 30 documents, all in its shard.
  const presid = Array.from({ length: 3000 }, (_, i) => i).filter((d) => d % 2 === 0 || d % 7 === 0);
  const fauci = Array.from({ length: 30 }, (_, i) => i * 97);
  const words = [['presid', 0, presid], ['fauci', 0, fauci]];
  const withRecords = syntheticArchive(words, { dense: ['presid'], shard: 32, head: 100, blocks: 60 });
  const without = syntheticArchive(words, { shard: 32, head: 100, blocks: 60 });
  const every = await lookUp(without.manifest, ['presid', 'fauci'], true, roundLoader(without));
  const load = roundLoader(withRecords);
  const first = await lookUp(withRecords.manifest, ['presid', 'fauci'], false, load);
  assert.equal(first.proven, true);
  assert.deepEqual(load.paths().filter((p) => p.startsWith('m/')), [], 'no block: the records of "fauci" say where "presid" is');
  assert.deepEqual(Array.from(first.hits.slice(0, 10), (h) => [h.ref, h.score]), Array.from(every.hits.slice(0, 10), (h) => [h.ref, h.score]));
  // Without them, the same first page reads blocks.
  const other = roundLoader(without);
  await lookUp(without.manifest, ['presid', 'fauci'], false, other);
  assert.ok(other.paths().some((p) => p.startsWith('m/')), 'blocks without forward records');
  // The whole ranking counts each posting once, from a record or a block.
  const all = await lookUp(withRecords.manifest, ['presid', 'fauci'], true, roundLoader(withRecords));
  assert.deepEqual(Array.from(all.hits, (h) => [h.ref, h.score]), Array.from(every.hits, (h) => [h.ref, h.score]));
});

// The page's warm-up ranks a made-up archive through every step of
// lookUp() (term files with their heads, lists and forward records,
// blocks), with no request (there is no fetch() here).
test('warmUp() ranks its made-up archive through term files and blocks', async () => {
  const result = await warmUp();
  assert.equal(result.proven, true);
  assert.ok(result.tierBytes > 500, `heads and blocks read: ${result.tierBytes} bytes`);
  assert.ok(result.hits.slice(0, PROVEN_HITS).every((hit) => hit.terms.length === 2), 'the first hits have both words');
  assert.equal(result.truncated, true, 'a first page, not the whole ranking');
});

test('a first page holds the first FIRST_HITS hits and their transcripts, and counts every hit', async () => {
  // Three words of 30 documents each, none cut: 90 hits, all in the shards.
  const words = ['alpha', 'bravo', 'charli'].map((w, i) => [w, 0, Array.from({ length: 30 }, (_, k) => (k * 97 + i * 41) % 3000)]);
  const archive = syntheticArchive(words, { shard: 30 });
  const load = roundLoader(archive);
  const first = await lookUp(archive.manifest, ['alpha', 'bravo', 'charli'], false, load);
  const every = await lookUp(archive.manifest, ['alpha', 'bravo', 'charli'], true, load);
  assert.deepEqual(load.paths().filter((p) => !p.startsWith('t/')), [], 'term files only');
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
