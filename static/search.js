/*
 * pressroom: client-side search for the search/ page (an ES module).
 *
 * Reads the sharded index that src/search/ writes under <base>search/:
 * manifest.json (document count, shard bounds, years, topics), then, for a
 * query of several words, the term files t/<n>/<b>.bin of its words (each
 * word's postings, head and forward records, in one request a word), for
 * a query of one word or a word being typed, its shard s/<n>.json (an
 * elasticlunr.js-compatible index, scores consistent across shards); then,
 * for words in many documents, only as many blocks of their tails
 * m/<n>/<i>.<b>.bin as it takes to prove the first results final; then
 * d/<t>.json for the transcripts shown, and f/... for filters by
 * journalist, outlet, topic and year. Runs the query typed in #search-input (or given as ?q=, with filters
 * as ?asker= &outlet= &topic= &year=) and renders the hits grouped by
 * transcript into #search-results.
 *
 * This file is the page; the modules in search/ beside it do the rest:
 * text.js (the text pipeline), format.js and shards.js (reading the files),
 * rank.js and lookup.js (ranking, and which files a query reads),
 * results.js and filters.js (the page's results and filters), warmup.js.
 * No dependencies.
 */

import { FORMAT, docNumbers, resultsPath, shardPath, termPath } from './search/format.js';
import { FILTERS, Filters } from './search/filters.js';
import { lookUp } from './search/lookup.js';
import { GROUPS_PER_PAGE, ResultsView, groupByTranscript, plural } from './search/results.js';
import { shardFor } from './search/shards.js';
import { cachedProcessToken, queryTokens } from './search/text.js';
import { warmUp } from './search/warmup.js';

// A word being typed is looked up from its TYPED_MIN-th character (the
// first ones would fetch shards of other words).
const TYPED_MIN = 4;

/** The files under <base>search/, each fetched at most once per page (again only after a failure). */
class SearchFiles {
  constructor(base) {
    this.base = base;
    this.cache = new Map();
  }

  /** The file at `path` under search/, read by `read` (json, arrayBuffer). */
  get(path, read) {
    if (!this.cache.has(path)) {
      const promise = fetch(this.base + 'search/' + path).then((res) => {
        if (!res.ok) throw new Error(path + ': HTTP ' + res.status);
        return read(res);
      });
      promise.catch(() => { this.cache.delete(path); });
      this.cache.set(path, promise);
    }
    return this.cache.get(path);
  }

  json(path) { return this.get(path, (res) => res.json()); }
  /** A term file or block, as an ArrayBuffer. */
  binary(path) { return this.get(path, (res) => res.arrayBuffer()); }
  manifest() { return this.json('manifest.json'); }
  shard(n) { return this.json(shardPath(n)); }
  /** The result file of transcript t. */
  results(t) { return this.json(resultsPath(t)); }
}

/** The search page: its elements, and the searches it runs. */
class SearchPage {
  constructor(els, base) {
    this.els = els;
    this.files = new SearchFiles(base);
    this.loader = { shard: (n) => this.files.shard(n), tier: (path) => this.files.binary(path) };
    this.filters = new Filters(document, this.files, (note) => this.submitNow(note));
    this.view = new ResultsView(base, this.files, cachedProcessToken(), els.results);
    this.loaded = null; // the manifest, once read
    this.searchCount = 0; // drops answers to queries that were superseded
    this.typingTimer = 0;
  }

  /**
   * Start fetching what `tokens` need (the manifest says where): at once
   * when the manifest is read, so that a query's first requests leave
   * before anything else is done for it. The first `words` tokens are
   * whole words; the others are being typed, and are looked up only from
   * their TYPED_MIN-th character. With several tokens, the term files of
   * the whole words (what lookUp reads of each), and the shards of the
   * others (their completions); with one, its shard.
   */
  prefetchShards(tokens, words) {
    const fetchAll = (m) => {
      tokens.forEach((token, i) => {
        if (i >= words && [...token].length < TYPED_MIN) return;
        const n = shardFor(m.shards || [''], token);
        if (tokens.length > 1 && i < words && m.terms) this.files.binary(termPath(m, n, token)).catch(() => {});
        else this.files.shard(n).catch(() => {});
      });
    };
    if (this.loaded) fetchAll(this.loaded);
    else this.files.manifest().then(fetchAll).catch(() => {});
  }

  setStatus(text) {
    this.els.status.textContent = text;
  }

  filterNote() {
    const n = this.filters.active().length;
    return n ? ' (' + plural(n, 'filter', 'filters') + ' on)' : '';
  }

  runSearch(query, note) {
    const run = ++this.searchCount;
    const q = query.trim();
    const results = this.els.results;
    const filtered = this.filters.active().length > 0;
    if (!q && !filtered) {
      results.setAttribute('aria-busy', 'false');
      results.textContent = '';
      this.setStatus(note || '');
      return Promise.resolve();
    }
    const tokens = queryTokens(q);
    this.prefetchShards(tokens, tokens.length);
    this.setStatus('Searching…');
    results.setAttribute('aria-busy', 'true');
    const search = new Search(this, run, q, tokens, note);
    return Promise.all([this.files.manifest(), this.filters.predicate()]).then(([m, keep]) => {
      if (Number(m.format) !== FORMAT) {
        const other = new Error('search index of format ' + m.format + ', this script reads format ' + FORMAT);
        other.otherBuild = true;
        throw other;
      }
      search.m = m;
      search.keep = keep;
      return search.hits(filtered);
    }).then((result) => search.show(result, GROUPS_PER_PAGE)).catch((error) => search.fail(error));
  }

  /** Keep ?q= and the filters in the address bar, without adding history entries. */
  updateUrl(query) {
    try {
      const url = new URL(window.location.href);
      if (query.trim()) url.searchParams.set('q', query);
      else url.searchParams.delete('q');
      this.filters.writeUrl(url);
      window.history.replaceState(window.history.state, '', url.toString());
    } catch (e) { /* file: pages and old browsers: the URL just stays as it is */ }
  }

  submitNow(note) {
    clearTimeout(this.typingTimer);
    const query = this.els.input.value;
    const searched = this.runSearch(query, note);
    // Once the results are shown: replaceState takes milliseconds of the
    // main thread, which the search needs more.
    const update = () => { this.updateUrl(query); };
    return Promise.resolve(searched).then(update, update).then(() => searched);
  }

  /** Listens to the form, reads the URL, and warms the ranking up when idle. */
  start() {
    const { form, input } = this.els;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submitNow();
    });
    input.addEventListener('input', () => {
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.submitNow(), 250);
      // Fetch what the words typed so far need while the user types: the
      // term files of the words already followed by a space, the shard of
      // the word being typed.
      const tokens = queryTokens(input.value);
      this.prefetchShards(tokens, /\s$/.test(input.value) ? tokens.length : tokens.length - 1);
    });
    const params = new URLSearchParams(window.location.search);
    this.filters.readUrl(params);
    this.files.manifest().then((m) => {
      this.loaded = m;
      // Ready for the first query: documents numbered, filters filled in.
      m.docNumbers = m.docNumbers || docNumbers(m.counts || [1, '']);
      this.filters.setUp(m);
    }, () => { /* reported by the first search */ });
    const initial = params.get('q') || '';
    input.value = initial;
    if (initial || this.filters.active().length) this.runSearch(initial);
    // Compile the ranking's code while the page is idle, unless a search has
    // already started (see warmUp()).
    const idle = window.requestIdleCallback || ((f) => setTimeout(f, 200));
    idle(() => {
      if (!this.searchCount) warmUp().catch((error) => { if (window.console) console.error(error); });
    });
  }
}

/** One search of the page: query `q` (its tokens), run number `run`; `m` and `keep` (the filters' predicate) once read. */
class Search {
  constructor(page, run, q, tokens, note) {
    this.page = page;
    this.run = run;
    this.q = q;
    this.tokens = tokens;
    this.note = note;
    this.m = null;
    this.keep = null;
  }

  current() {
    return this.run === this.page.searchCount;
  }

  /** The ranking: every hit and tier with `complete` (filters, "show more"), else a first page (see lookUp). */
  hits(complete) {
    const { q, tokens, keep } = this;
    if (!q) {
      // Filters alone: a journalist's or outlet's questions, newest first.
      if (!keep || !keep.refs) return { hits: [], keys: new Set(), hidden: [], needQuery: true };
      return { hits: keep.refs.filter(keep).slice().reverse().map((ref) => ({ ref })), keys: new Set(), hidden: [] };
    }
    if (!tokens.length) return { hits: [], keys: new Set(), hidden: [] };
    return lookUp(this.m, tokens, complete, this.page.loader).then((result) => {
      if (keep) result.hits = result.hits.filter((hit) => keep(hit.ref));
      return result;
    });
  }

  /** Shows `result`, `groupsWanted` groups of it; resolves to the last page of groups rendered. */
  show(result, groupsWanted) {
    if (!this.current()) return null;
    const page = this.page;
    const results = page.els.results;
    const hits = result.hits;
    if (!hits.length) {
      results.textContent = '';
      results.setAttribute('aria-busy', 'false');
      page.setStatus(this.noResults(result));
      return null;
    }
    const groups = groupByTranscript(hits);
    const partial = result.hidden.length > 0;
    // A first page ranks only its first hits in full (see rank()); the rest
    // of cut posting lists is read, and every hit ranked, only when asked for more.
    const more = partial || result.truncated ? (from) => {
      results.setAttribute('aria-busy', 'true');
      return Promise.resolve(this.hits(true)).then((full) => this.show(full, from + GROUPS_PER_PAGE));
    } : null;
    const pages = Math.max(1, Math.ceil((groupsWanted || GROUPS_PER_PAGE) / GROUPS_PER_PAGE));
    const rendered = [];
    let chain = Promise.resolve();
    results.textContent = '';
    for (let p = 0; p < pages; p++) {
      const last = p === pages - 1;
      chain = chain.then(() => page.view.groups(groups, p * GROUPS_PER_PAGE, result.keys, () => this.current(), last ? more : null))
        .then((first) => { rendered.push(first); });
    }
    return chain.then(() => {
      if (!this.current()) return null;
      results.setAttribute('aria-busy', 'false');
      page.setStatus(this.status(result, groups));
      return rendered[rendered.length - 1] || null;
    });
  }

  noResults(result) {
    const { q, tokens, note } = this;
    if (result.needQuery) return note || 'Type words to search within the chosen filters.';
    return note || ('No results for “' + q + '”' + this.page.filterNote() + (q && !tokens.length ? ' (very common words are ignored).' : '.'));
  }

  status(result, groups) {
    const { q, note } = this;
    const partial = result.hidden.length > 0;
    const truncated = Boolean(result.truncated);
    return (note ? note + ' ' : '') + (partial ? 'More than ' : '') +
      plural(truncated ? result.count : result.hits.length, 'result', 'results') +
      (q ? ' for “' + q + '”' : '') + ' in ' + (partial ? 'more than ' : '') +
      plural(truncated ? result.transcripts : groups.length, 'transcript', 'transcripts') + this.page.filterNote() + '.' +
      (partial && !result.proven ? ' Best matches first; “Show more transcripts” ranks every match.' : '');
  }

  fail(error) {
    if (!this.current()) return;
    const results = this.page.els.results;
    results.setAttribute('aria-busy', 'false');
    results.textContent = '';
    if (error && error.otherBuild) {
      // A page cached from one build with the index of another (during a
      // deploy, say): a new load gets both from the same build.
      this.page.setStatus('Search is unavailable: this page and the search index come from different builds of the site. Reload the page.');
      return;
    }
    this.page.setStatus('Search is unavailable: the search index could not be loaded.');
    if (window.console) console.error(error);
  }
}

const els = {
  form: document.getElementById('search-form'),
  input: document.getElementById('search-input'),
  status: document.getElementById('search-status'),
  results: document.getElementById('search-results'),
};
if (els.form && els.input && els.status && els.results) {
  let base = document.body.getAttribute('data-base') || '/';
  if (base.charAt(base.length - 1) !== '/') base += '/';
  new SearchPage(els, base).start();
}
