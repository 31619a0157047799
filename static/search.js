/*
 * pressroom: client-side search for the search/ page.
 *
 * Loads <base>search/index.json (an elasticlunr-compatible index written by
 * elasticlunr-rs) and <base>search/docs.json (titles, dates and snippets),
 * runs the query typed in #search-input (or given as ?q=) and renders the hits
 * grouped by transcript into #search-results.
 *
 * The query goes through the same text pipeline the index was built with
 * (elasticlunr-rs 3.1, English): split on whitespace and hyphens, lowercase,
 * trim non-word characters, drop stop words, Porter-stem. A query token then
 * matches an index token exactly, or as a prefix with a lower weight.
 *
 * Every piece of data is put into the page with textContent / createElement,
 * never as HTML. No dependencies; plain ES2018.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------------------
  // Text pipeline: a port of elasticlunr-rs 3.1 (src/lang/mod.rs, src/lang/en.rs)
  // ---------------------------------------------------------------------------

  // Rust's char::is_whitespace (Unicode White_Space) plus '-'. JavaScript's \s
  // differs slightly (it has U+FEFF, lacks U+0085), so the set is spelled out.
  var SEPARATOR = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000-]+/;

  // Trimmer: strip everything but ASCII letters, digits and '_' from both ends.
  var TRIM = /^[^0-9A-Za-z_]+|[^0-9A-Za-z_]+$/g;

  // The crate's English stop words (checked after trimming, before stemming).
  var STOP_WORDS = new Set(('a able about across after all almost also am among an and any are as at ' +
    'be because been but by can cannot could dear did do does either else ever every for from get got ' +
    'had has have he her hers him his how however i if in into is it its just least let like likely ' +
    'may me might most must my neither no nor not of off often on only or other our own rather said ' +
    'say says she should since so some than that the their them then there these they this tis to too ' +
    'twas us wants was we were what when where which while who whom why will with would yet you your'
  ).split(' '));
  STOP_WORDS.add('');

  /** Split text into lowercase raw tokens, like the crate's tokenize_whitespace. */
  function tokenize(text) {
    return String(text).split(SEPARATOR).filter(Boolean).map(function (s) {
      return s.toLowerCase();
    });
  }

  /** Run one raw token through trimmer, stop-word filter and stemmer; null if dropped. */
  function processToken(raw) {
    var token = raw.replace(TRIM, '');
    if (STOP_WORDS.has(token)) return null;
    return stem(token);
  }

  /** Text -> index tokens, in order (with repeats). */
  function analyze(text) {
    var out = [];
    tokenize(text).forEach(function (raw) {
      var token = processToken(raw);
      if (token !== null) out.push(token);
    });
    return out;
  }

  var encoder = new TextEncoder();
  var decoder = new TextDecoder();

  /*
   * Porter stemmer, following the crate's port (itself from rust-stem) step by
   * step, including its departures from the published algorithm. The Rust code
   * works on UTF-8 bytes, so this one does too: the word is held as a "binary
   * string" with one character per byte. `b` always holds exactly the first k
   * bytes of the word being stemmed (the Rust code keeps a separate k).
   */
  function stem(word) {
    var bytes = encoder.encode(word);
    if (bytes.length <= 2) return word;
    var b = '';
    for (var n = 0; n < bytes.length; n++) {
      var c = bytes[n];
      b += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c); // ASCII lowercase
    }
    var j = 0; // start of the suffix last matched by ends(); measure() looks at b[0, j)

    function isVowelChar(ch) {
      return ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u';
    }
    function isConsonant(i) {
      var ch = b[i];
      if (isVowelChar(ch)) return false;
      if (ch === 'y') return i === 0 ? true : !isConsonant(i - 1);
      return true; // any other byte, including non-ASCII ones
    }
    // Number of vowel-consonant sequences in b[0, j).
    function measure() {
      var count = 0;
      var i = 0;
      while (i < j && isConsonant(i)) i++;
      while (i < j) {
        while (i < j && !isConsonant(i)) i++;
        if (i >= j) break;
        count++;
        while (i < j && isConsonant(i)) i++;
      }
      return count;
    }
    function hasVowel() {
      for (var i = 0; i < j; i++) if (!isConsonant(i)) return true;
      return false;
    }
    function doubleConsonant(i) {
      return i >= 1 && b[i] === b[i - 1] && b.charCodeAt(i) < 128 && isConsonant(i);
    }
    // consonant-vowel-consonant ending at i, the last consonant not w, x or y.
    function cvc(i) {
      if (i < 2 || !isConsonant(i) || isConsonant(i - 1) || !isConsonant(i - 2)) return false;
      return b[i] !== 'w' && b[i] !== 'x' && b[i] !== 'y';
    }
    function ends(s) {
      if (s.length > b.length || b.slice(b.length - s.length) !== s) return false;
      j = b.length - s.length;
      return true;
    }
    function setTo(s) { b = b.slice(0, j) + s; }
    function replaceIfMeasured(s) { if (measure() > 0) setTo(s); }
    function last(offset) { return b[b.length - offset]; }

    // Step 1ab: plurals, -ed, -ing.
    if (last(1) === 's') {
      if (ends('sses')) b = b.slice(0, -2);
      else if (ends('ies')) setTo('i');
      else if (last(2) !== 's') b = b.slice(0, -1);
    }
    if (ends('eed')) {
      if (measure() > 0) b = b.slice(0, -1);
    } else if ((ends('ed') || ends('ing')) && hasVowel()) {
      b = b.slice(0, j);
      if (ends('at')) setTo('ate');
      else if (ends('bl')) setTo('ble');
      else if (ends('iz')) setTo('ize');
      else if (doubleConsonant(b.length - 1)) {
        var ch = last(2);
        if (ch !== 'l' && ch !== 's' && ch !== 'z') b = b.slice(0, -1);
      } else if (measure() === 1 && cvc(b.length - 1)) {
        j = b.length; // the Rust code writes "e" at j, which equals k here
        setTo('e');
      }
    }

    // Step 1c: final y -> i after a non-vowel (a literal aeiou test, like elasticlunr.js).
    if (b.length > 2 && ends('y') && !isVowelChar(last(2))) b = b.slice(0, -1) + 'i';

    // Step 2: double suffixes.
    var step2 = {
      a: [['ational', 'ate'], ['tional', 'tion']],
      c: [['enci', 'ence'], ['anci', 'ance']],
      e: [['izer', 'ize']],
      l: [['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous']],
      o: [['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate']],
      s: [['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous']],
      t: [['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble']],
      g: [['logi', 'log']]
    };
    // Steps 2 and 3 try the rules of one group in order and stop at the first
    // suffix that matches, replaced or not (the measure may forbid it).
    function applyFirst(rules) {
      if (!rules) return;
      for (var r = 0; r < rules.length; r++) {
        if (ends(rules[r][0])) { replaceIfMeasured(rules[r][1]); return; }
      }
    }
    if (b.length >= 2) applyFirst(Object.prototype.hasOwnProperty.call(step2, last(2)) ? step2[last(2)] : null);

    // Step 3: -ic-, -full, -ness, ...
    var step3 = {
      e: [['icate', 'ic'], ['ative', ''], ['alize', 'al']],
      i: [['iciti', 'ic']],
      l: [['ical', 'ic'], ['ful', '']],
      s: [['ness', '']]
    };
    applyFirst(Object.prototype.hasOwnProperty.call(step3, last(1)) ? step3[last(1)] : null);

    // Step 4: drop -ant, -ence, ... when the measure of the rest is above 1.
    if (b.length >= 2) {
      var matched = false;
      switch (last(2)) {
        case 'a': matched = ends('al'); break;
        case 'c': matched = ends('ance') || ends('ence'); break;
        case 'e': matched = ends('er'); break;
        case 'i': matched = ends('ic'); break;
        case 'l': matched = ends('able') || ends('ible'); break;
        case 'n': matched = ends('ant') || ends('ement') || ends('ment') || ends('ent'); break;
        case 'o':
          matched = (ends('ion') && j > 0 && (b[j - 1] === 's' || b[j - 1] === 't')) || ends('ou');
          break;
        case 's': matched = ends('ism'); break;
        case 't': matched = ends('ate') || ends('iti'); break;
        case 'u': matched = ends('ous'); break;
        case 'v': matched = ends('ive'); break;
        case 'z': matched = ends('ize'); break;
      }
      if (matched && measure() > 1) b = b.slice(0, j);
    }

    // Step 5: drop a final -e, and -ll -> -l, depending on the measure.
    j = b.length;
    if (last(1) === 'e') {
      var m = measure();
      if (m > 1 || (m === 1 && !cvc(b.length - 2))) b = b.slice(0, -1);
    }
    // j still counts the removed 'e' here, exactly as in the Rust code.
    if (last(1) === 'l' && doubleConsonant(b.length - 1) && measure() > 1) b = b.slice(0, -1);

    var out = new Uint8Array(b.length);
    for (var p = 0; p < b.length; p++) out[p] = b.charCodeAt(p);
    return decoder.decode(out);
  }

  // ---------------------------------------------------------------------------
  // Searching the index
  // ---------------------------------------------------------------------------

  var FIELD_BOOSTS = { title: 2, asker: 3, outlet: 3, question: 1, answer: 1 };
  var MIN_PREFIX = 2;        // shorter query tokens match exactly only
  var MAX_EXPANSIONS = 100;  // index tokens tried per query token and field, shortest first
  var PREFIX_WEIGHT = 0.15;  // as elasticlunr.js's expand penalty
  var MIN_STEM_PREFIX = 4;   // see truncatedNode()

  function has(obj, key) {
    return obj !== null && typeof obj === 'object' && Object.prototype.hasOwnProperty.call(obj, key);
  }

  /** Trie node for a token, or null. Keys are single characters (code points). */
  function findNode(root, token) {
    var node = root;
    for (var ch of token) {
      if (!has(node, ch)) return null;
      node = node[ch];
    }
    return node;
  }

  function hasDocs(node) {
    return has(node, 'docs') && Object.keys(node.docs).length > 0;
  }

  /**
   * [key, node] pairs for the token itself and for longer index tokens that
   * start with it (breadth first, so the closest completions come first).
   */
  function matchingNodes(root, token) {
    var start = findNode(root, token);
    if (!start) return [];
    var found = hasDocs(start) ? [[token, start]] : [];
    if ([...token].length < MIN_PREFIX) return found;
    var queue = [[token, start]];
    var expansions = 0;
    for (var next = 0; next < queue.length && expansions < MAX_EXPANSIONS; next++) {
      var item = queue[next];
      var keys = Object.keys(item[1]).sort();
      for (var i = 0; i < keys.length && expansions < MAX_EXPANSIONS; i++) {
        var ch = keys[i];
        if (ch === 'docs' || ch === 'df') continue;
        var child = item[1][ch];
        if (!child || typeof child !== 'object') continue;
        var key = item[0] + ch;
        if (hasDocs(child)) { found.push([key, child]); expansions++; }
        queue.push([key, child]);
      }
    }
    return found;
  }

  /**
   * Fallback for a word still being typed, whose stem can be longer than the
   * stem of the whole word ("negotiat" vs "negoti" for "negotiate"): the
   * longest index token, of at least MIN_STEM_PREFIX characters, that the
   * query token starts with.
   */
  function truncatedNode(root, token) {
    var node = root;
    var key = '';
    var best = [];
    for (var ch of token) {
      if (!has(node, ch)) break;
      node = node[ch];
      key += ch;
      if ([...key].length >= MIN_STEM_PREFIX && hasDocs(node)) best = [[key, node]];
    }
    return best;
  }

  /**
   * Rank the documents for a list of query tokens. Each (token, field) adds
   * boost * tf * idf / sqrt(field length), times a penalty for prefix matches.
   * Tokens are OR-ed; documents matching more distinct tokens rank first.
   * Returns {hits: [{ref, score, terms}], keys: Set of the index tokens used}.
   */
  function rank(index, tokens) {
    var store = index.documentStore || {};
    var total = store.length || Object.keys(store.docInfo || {}).length || 1;
    var info = store.docInfo || {};
    var hits = new Map(); // ref -> {ref, score, terms: Set of query token numbers}
    var matchedKeys = new Set(); // index tokens that matched, for highlighting
    var fields = Object.keys(FIELD_BOOSTS).filter(function (field) {
      return index.index && has(index.index, field) && index.index[field] && index.index[field].root;
    });
    tokens.forEach(function (token, termNo) {
      var tokenLength = [...token].length;
      // Index tokens to score, per field: the token and its completions, or
      // failing those anywhere, a shorter index token it starts with.
      var matches = fields.map(function (field) { return matchingNodes(index.index[field].root, token); });
      if (matches.every(function (list) { return list.length === 0; })) {
        matches = fields.map(function (field) { return truncatedNode(index.index[field].root, token); });
      }
      fields.forEach(function (field, fieldNo) {
        matches[fieldNo].forEach(function (pair) {
          var key = pair[0];
          var node = pair[1];
          var keyLength = [...key].length;
          // Completions and truncations score less, the more so the more they differ.
          var penalty = key === token ? 1 :
            Math.min(keyLength, tokenLength) / Math.max(keyLength, tokenLength) * PREFIX_WEIGHT;
          matchedKeys.add(key);
          var df = Number(node.df) || Object.keys(node.docs).length;
          var idf = 1 + Math.log(total / (df + 1));
          Object.keys(node.docs).forEach(function (ref) {
            var tf = Number(node.docs[ref] && node.docs[ref].tf) || 0;
            var length = has(info, ref) && has(info[ref], field) ? Number(info[ref][field]) : 0;
            var norm = length > 0 ? 1 / Math.sqrt(length) : 1;
            var hit = hits.get(ref);
            if (!hit) { hit = { ref: ref, score: 0, terms: new Set() }; hits.set(ref, hit); }
            hit.score += FIELD_BOOSTS[field] * tf * idf * norm * penalty;
            hit.terms.add(termNo);
          });
        });
      });
    });
    var ranked = Array.from(hits.values()).sort(function (x, y) {
      return (y.terms.size - x.terms.size) || (y.score - x.score) || (x.ref < y.ref ? -1 : x.ref > y.ref ? 1 : 0);
    });
    return { hits: ranked, keys: matchedKeys };
  }

  /** Query text -> distinct index tokens. */
  function queryTokens(query) {
    return Array.from(new Set(analyze(query)));
  }

  // Lets a test load this file in node (with a `module` object) and check the
  // pipeline against the index. Nothing is exported in a browser.
  if (typeof module === 'object' && module && module.exports) {
    module.exports = { tokenize: tokenize, analyze: analyze, stem: stem, queryTokens: queryTokens, rank: rank };
  }

  // ---------------------------------------------------------------------------
  // The page
  // ---------------------------------------------------------------------------

  if (typeof document === 'undefined') return;
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-input');
  var statusEl = document.getElementById('search-status');
  var resultsEl = document.getElementById('search-results');
  if (!form || !input || !statusEl || !resultsEl) return;

  var base = document.body.getAttribute('data-base') || '/';
  if (base.charAt(base.length - 1) !== '/') base += '/';

  var PAGE_SIZE = 50; // hits rendered at once; a button shows more

  var dataPromise = null;
  /** Fetch index.json and docs.json once (again only after a failure). */
  function loadData() {
    if (!dataPromise) {
      var get = function (name) {
        return fetch(base + 'search/' + name).then(function (res) {
          if (!res.ok) throw new Error(name + ': HTTP ' + res.status);
          return res.json();
        });
      };
      dataPromise = Promise.all([get('index.json'), get('docs.json')]).then(function (both) {
        return { index: both[0], docs: both[1] || {} };
      });
      dataPromise.catch(function () { dataPromise = null; });
    }
    return dataPromise;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  /**
   * Append `text` to `parent`, wrapping in <mark> the words whose index token
   * is one of `keys` (the index tokens that matched the query).
   */
  function appendHighlighted(parent, text, keys) {
    var buffer = '';
    String(text).split(/([\s\-]+)/).forEach(function (part, i) {
      var token = i % 2 === 0 && part ? processToken(part.toLowerCase()) : null;
      if (token === null || !keys.has(token)) { buffer += part; return; }
      // Mark the word without the punctuation around it.
      var core = part.match(/^([^0-9A-Za-z_]*)([^]*?)([^0-9A-Za-z_]*)$/);
      buffer += core[1];
      parent.appendChild(document.createTextNode(buffer));
      parent.appendChild(el('mark', null, core[2]));
      buffer = core[3];
    });
    if (buffer) parent.appendChild(document.createTextNode(buffer));
  }

  /** Hits -> [{page, title, date, hits}], one per transcript, in order of each one's best hit. */
  function groupByTranscript(hits, docs) {
    var groups = new Map();
    hits.forEach(function (hit) {
      var doc = has(docs, hit.ref) ? docs[hit.ref] : {};
      var page = hit.ref.split('#')[0];
      if (!groups.has(page)) {
        groups.set(page, { page: page, title: doc.title || page, date: doc.date || '', hits: [] });
      }
      groups.get(page).hits.push({ ref: hit.ref, doc: doc });
    });
    return Array.from(groups.values());
  }

  function renderHit(hit, keys) {
    var doc = hit.doc;
    var item = el('li', 'search-hit');
    var link = el('a', 'search-hit-link', doc.label || hit.ref);
    link.href = base + hit.ref;
    item.appendChild(link);
    var who = [doc.asker, doc.outlet].filter(Boolean).join(', ');
    if (who) {
      item.appendChild(document.createTextNode(' '));
      item.appendChild(el('span', 'search-hit-meta', who));
    }
    if (doc.snippet) {
      var snippet = el('p', 'search-hit-snippet');
      appendHighlighted(snippet, doc.snippet, keys);
      item.appendChild(snippet);
    }
    return item;
  }

  /** Render `hits` (already ranked), the first `limit` of them. */
  function render(hits, docs, keys, limit) {
    resultsEl.textContent = '';
    var shown = hits.slice(0, limit);
    groupByTranscript(shown, docs).forEach(function (group) {
      var section = el('section', 'search-group');
      var heading = el('h2', 'search-group-title');
      var titleLink = el('a', null, group.title);
      titleLink.href = base + group.page;
      heading.appendChild(titleLink);
      if (group.date) {
        heading.appendChild(document.createTextNode(' '));
        var time = el('time', 'search-group-date', group.date);
        time.setAttribute('datetime', group.date);
        heading.appendChild(time);
      }
      section.appendChild(heading);
      var list = el('ol', 'search-hits');
      group.hits.forEach(function (hit) { list.appendChild(renderHit(hit, keys)); });
      section.appendChild(list);
      resultsEl.appendChild(section);
    });
    if (hits.length > limit) {
      var more = el('button', 'search-more', 'Show more results');
      more.type = 'button';
      more.addEventListener('click', function () {
        render(hits, docs, keys, limit + PAGE_SIZE);
        var next = resultsEl.querySelectorAll('.search-hit-link')[limit];
        if (next) next.focus();
      });
      resultsEl.appendChild(more);
    }
  }

  function setStatus(text) {
    statusEl.textContent = text;
  }

  var searchCount = 0; // drops answers to queries that were superseded

  function runSearch(query) {
    var run = ++searchCount;
    var q = query.trim();
    if (!q) {
      resultsEl.setAttribute('aria-busy', 'false');
      resultsEl.textContent = '';
      setStatus('');
      return Promise.resolve();
    }
    setStatus('Searching…');
    resultsEl.setAttribute('aria-busy', 'true');
    return loadData().then(function (data) {
      if (run !== searchCount) return;
      resultsEl.setAttribute('aria-busy', 'false');
      var tokens = queryTokens(q);
      var result = rank(data.index, tokens);
      var hits = result.hits;
      if (!hits.length) {
        resultsEl.textContent = '';
        setStatus('No results for “' + q + '”' + (tokens.length ? '.' : ' (very common words are ignored).'));
        return;
      }
      var transcripts = new Set(hits.map(function (h) { return h.ref.split('#')[0]; })).size;
      setStatus(plural(hits.length, 'result', 'results') + ' for “' + q + '” in ' +
        plural(transcripts, 'transcript', 'transcripts') + '.');
      render(hits, data.docs, result.keys, PAGE_SIZE);
    }, function (error) {
      if (run !== searchCount) return;
      resultsEl.setAttribute('aria-busy', 'false');
      resultsEl.textContent = '';
      setStatus('Search is unavailable: the search index could not be loaded.');
      if (window.console) console.error(error);
    });
  }

  /** Keep ?q= in the address bar in step with the box, without adding history entries. */
  function updateUrl(query) {
    try {
      var url = new URL(window.location.href);
      if (query.trim()) url.searchParams.set('q', query);
      else url.searchParams.delete('q');
      window.history.replaceState(window.history.state, '', url.toString());
    } catch (e) { /* file: pages and old browsers: the URL just stays as it is */ }
  }

  var typingTimer = 0;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(typingTimer);
    updateUrl(input.value);
    runSearch(input.value);
  });
  input.addEventListener('input', function () {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () {
      updateUrl(input.value);
      runSearch(input.value);
    }, 250);
  });

  var initial = new URLSearchParams(window.location.search).get('q') || '';
  if (initial) {
    input.value = initial;
    runSearch(initial);
  }
})();
