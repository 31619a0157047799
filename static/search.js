/*
 * pressroom: client-side search for the search/ page.
 *
 * Reads the sharded index that src/search.rs writes under <base>search/:
 * manifest.json (document count, shard bounds, years, topics), then only the
 * shards s/<n>.json that hold the query's terms (elasticlunr.js-compatible
 * indexes, scores consistent across shards), then, for words in many
 * documents, only as many of their tiers as it takes to prove the first
 * results final (the first ones in a heads file m/<n>/h<b>.bin, which a
 * query of several words asks for with its shards, the last one in blocks
 * m/<n>/<i>.<j>.<b>.bin by document number), then d/<t>.<c>.json for the
 * results shown, and f/... for filters by journalist, outlet, topic and
 * year. Runs the query typed in #search-input (or given as ?q=, with filters
 * as ?asker= &outlet= &topic= &year=) and renders the hits grouped by
 * transcript into #search-results.
 *
 * The query goes through the same text pipeline the index was built with
 * (elasticlunr-rs 3.1, English): split on whitespace and hyphens, lowercase,
 * trim non-word characters, drop stop words, Porter-stem. A query token then
 * matches an index token exactly, or failing that as a prefix with a lower
 * weight.
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

  var processed = new Map(); // raw token -> processToken(), as results highlight the same words again and again

  /** Run one raw token through trimmer, stop-word filter and stemmer; null if dropped. */
  function processToken(raw) {
    if (processed.has(raw)) return processed.get(raw);
    var token = raw.replace(TRIM, '');
    token = STOP_WORDS.has(token) ? null : stem(token);
    if (processed.size >= 20000) processed.clear();
    processed.set(raw, token);
    return token;
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

  // Step 2 and 3 rules by the last letters of the word (see stem()).
  var STEP2 = {
    a: [['ational', 'ate'], ['tional', 'tion']],
    c: [['enci', 'ence'], ['anci', 'ance']],
    e: [['izer', 'ize']],
    l: [['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous']],
    o: [['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate']],
    s: [['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous']],
    t: [['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble']],
    g: [['logi', 'log']]
  };
  var STEP3 = {
    e: [['icate', 'ic'], ['ative', ''], ['alize', 'al']],
    i: [['iciti', 'ic']],
    l: [['ical', 'ic'], ['ful', '']],
    s: [['ness', '']]
  };

  var ASCII = /^[\x00-\x7f]*$/;

  /*
   * Porter stemmer, following the crate's port (itself from rust-stem) step by
   * step, including its departures from the published algorithm. The Rust code
   * works on UTF-8 bytes, so this one does too: the word is held as a "binary
   * string" with one character per byte. `b` always holds exactly the first k
   * bytes of the word being stemmed (the Rust code keeps a separate k).
   */
  function stem(word) {
    // Most words are ASCII: one character per byte already.
    var ascii = ASCII.test(word);
    var bytes = ascii ? null : encoder.encode(word);
    if ((ascii ? word.length : bytes.length) <= 2) return word;
    var b = ascii ? word.toLowerCase() : '';
    for (var n = 0; !ascii && n < bytes.length; n++) {
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
    // Steps 2 and 3 try the rules of one group in order and stop at the first
    // suffix that matches, replaced or not (the measure may forbid it).
    function applyFirst(rules) {
      if (!rules) return;
      for (var r = 0; r < rules.length; r++) {
        if (ends(rules[r][0])) { replaceIfMeasured(rules[r][1]); return; }
      }
    }
    if (b.length >= 2) applyFirst(Object.prototype.hasOwnProperty.call(STEP2, last(2)) ? STEP2[last(2)] : null);

    // Step 3: -ic-, -full, -ness, ...
    applyFirst(Object.prototype.hasOwnProperty.call(STEP3, last(1)) ? STEP3[last(1)] : null);

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

    if (ascii) return b;
    var out = new Uint8Array(b.length);
    for (var p = 0; p < b.length; p++) out[p] = b.charCodeAt(p);
    return decoder.decode(out);
  }

  // ---------------------------------------------------------------------------
  // ---------------------------------------------------------------------------
  // Searching the shards
  // ---------------------------------------------------------------------------

  var FIELD_BOOSTS = { title: 2, asker: 3, outlet: 3, question: 1, answer: 1, date: 1 };
  var MIN_PREFIX = 2;        // shorter query tokens match exactly only
  var MAX_EXPANSIONS = 100;  // index tokens tried per query token and field, shortest first
  var PREFIX_WEIGHT = 0.15;  // as elasticlunr.js's expand penalty
  var MIN_STEM_PREFIX = 4;   // see truncatedNode()
  var MAX_EXTRA_SHARDS = 2;  // further shards read for completions of an unmatched token

  function has(obj, key) {
    return obj !== null && typeof obj === 'object' && Object.prototype.hasOwnProperty.call(obj, key);
  }

  /** Compare two terms by code point, the order the shards are cut in (Rust's str order). */
  function compareTerms(a, b) {
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i);
      var y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    if (i < a.length) return 1;
    return j < b.length ? -1 : 0;
  }

  /** Number of the shard holding `token`: the last whose lower bound is <= token. */
  function shardFor(bounds, token) {
    var lo = 0;
    var hi = bounds.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (compareTerms(bounds[mid], token) <= 0) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Shards beyond shardFor(token) that may hold longer terms starting with
   * `token`, and the shards of the token's own prefixes (for truncatedNode).
   */
  function extraShards(bounds, token) {
    var first = shardFor(bounds, token);
    var out = [];
    for (var n = first + 1; n < bounds.length && out.length < MAX_EXTRA_SHARDS; n++) {
      if (bounds[n].indexOf(token) !== 0) break;
      out.push(n);
    }
    var chars = Array.from(token);
    for (var len = chars.length - 1; len >= MIN_STEM_PREFIX; len--) {
      var shard = shardFor(bounds, chars.slice(0, len).join(''));
      if (shard !== first && out.indexOf(shard) < 0) out.push(shard);
    }
    return out;
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
    return has(node, 'docs') && node.docs !== null && Object.keys(node.docs).length > 0;
  }

  /** [[token, node]] when the index has the token, else []. */
  function exactNode(root, token) {
    var node = findNode(root, token);
    return node && hasDocs(node) ? [[token, node]] : [];
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

  function fieldRoot(index, field) {
    var inv = index && index.index && has(index.index, field) ? index.index[field] : null;
    return inv && inv.root ? inv.root : null;
  }

  var MAX_TOKENS = 32; // distinct query tokens ranked (a bit each, see Scores)
  var MAX_CUT_BITS = 31; // cut index tokens whose read postings are tracked per document

  /**
   * What rank() has added up, per document number: `score`, `terms` (bit
   * termNo set for each query token matched), `count` (how many),
   * `seen` (bit b set when the document's posting of the cut index token
   * numbered b is read: see rank()), and `list`, every document touched,
   * in the order first touched; `transcripts`, how many transcripts those
   * are (`marked`: 1 per transcript touched), and `matched`, bit termNo set
   * for each token some document has. Typed arrays: a query may touch tens
   * of thousands of documents, and ranks again after each round of tier
   * files.
   */
  function Scores(size, transcripts) {
    this.score = new Float64Array(size);
    this.terms = new Int32Array(size);
    this.count = new Uint8Array(size);
    this.seen = new Int32Array(size);
    this.list = [];
    this.marked = new Uint8Array(transcripts);
    this.transcripts = 0;
    this.matched = 0;
  }

  /** Negative when document x ranks before y: more query tokens, then higher score, then lower number. */
  function compareDocs(s, x, y) {
    return (s.count[y] - s.count[x]) || (s.score[y] - s.score[x]) || (x - y);
  }

  /** Number of bits set. */
  function bitCount(n) {
    var c = 0;
    for (; n; n &= n - 1) c++;
    return c;
  }

  /** The `limit` first of `list` by `cmp`, in order (a bounded max-heap of the best so far). */
  function firstOf(list, limit, cmp) {
    var heap = []; // heap[0]: the worst kept
    var down = function (i) {
      for (;;) {
        var l = 2 * i + 1;
        var r = l + 1;
        var w = i;
        if (l < heap.length && cmp(heap[l], heap[w]) > 0) w = l;
        if (r < heap.length && cmp(heap[r], heap[w]) > 0) w = r;
        if (w === i) return;
        var t = heap[i]; heap[i] = heap[w]; heap[w] = t;
        i = w;
      }
    };
    for (var i = 0; i < list.length; i++) {
      var x = list[i];
      if (heap.length < limit) {
        heap.push(x);
        for (var j = heap.length - 1; j > 0;) {
          var p = (j - 1) >> 1;
          if (cmp(heap[j], heap[p]) <= 0) break;
          var t = heap[j]; heap[j] = heap[p]; heap[p] = t;
          j = p;
        }
      } else if (cmp(x, heap[0]) < 0) {
        heap[0] = x;
        down(0);
      }
    }
    return heap.sort(cmp);
  }

  /**
   * Rank documents for query tokens. `sources[i]` lists the shard indexes to
   * look up token i in (its own shard first). Each (token, field) adds
   * boost * tf * idf, tf already holding elasticlunr's 1/sqrt(field length),
   * idf = 1 + ln(total / (df + 1)) with the archive-wide df and total; prefix
   * matches score less. Tokens are OR-ed; documents matching more distinct
   * tokens rank first.
   *
   * A shard keeps, for an index token in many documents, only the documents
   * it weighs most in; its `tiers` directory lists the token's tier files,
   * the others by falling impact (src/search.rs). `more` maps an index token
   * to the tier postings loaded so far ({tiers: number loaded, chunks:
   * [decodeTier() result, ...], blocks: Set of the blocks of its last tier
   * read, present: that tier's documents, when its heads file lists them},
   * see lookUp); `hidden` then lists, per cut token, the most its unread
   * tiers could add to any document (and, `known`, for which documents
   * that is known: see lastTierKnown), so undecided() can tell whether the top hits
   * are final, and `cuts` where its tiers are. `docs`: docNumbers() of the
   * manifest.
   *
   * `state` (lookUp's, across its rounds) keeps the Scores: postings already
   * counted are not counted again, the shards' once, tier postings as they
   * come; with `state.limit`, `hits` holds only the first `limit` hits and
   * every other hit of their transcripts (so that their groups are whole),
   * and `truncated` says whether hits were left out. Returns {hits: [{ref,
   * doc, score, terms: [termNo]}] in rank order, count: hits in all,
   * transcripts: their transcripts in all, matched: bit termNo set for
   * each token some hit has, truncated, keys: Set, hidden:
   * [{termNo, key, bit, max, known}], cuts: Map key -> {n, entry, loaded},
   * scores: the Scores}.
   */
  function rank(tokens, sources, total, more, docs, state) {
    state = state || {};
    var again = Boolean(state.scores);
    var s = state.scores || (state.scores = new Scores(docs.total, docs.starts.length));
    var bits = state.bits || (state.bits = new Map()); // termNo + ' ' + cut key -> bit in s.seen, or -1
    state.cutBits = state.cutBits || 0; // bits given out
    var counted = state.counted || (state.counted = new Map()); // same key -> tier chunks counted
    var matchedKeys = new Set();
    var hidden = [];
    var cuts = new Map();
    var fields = Object.keys(FIELD_BOOSTS);
    // Adds values[i] * scale to the score of document docsIn[i] for query
    // token termNo, whose cut index token has `bit` in s.seen (-1: none).
    // One call a posting list: tier files hold tens of thousands of postings.
    var addAll = function (docsIn, values, scale, termNo, bit) {
      var termBit = 1 << termNo;
      var seenBit = bit >= 0 ? 1 << bit : 0;
      var score = s.score;
      var termsOf = s.terms;
      var count = s.count;
      var seen = s.seen;
      var list = s.list;
      var owner = docs.owner;
      var marked = s.marked;
      for (var p = 0; p < docsIn.length; p++) {
        var doc = docsIn[p];
        var had = termsOf[doc];
        if (had === 0) {
          list.push(doc);
          var t = owner[doc];
          if (marked[t] === 0) { marked[t] = 1; s.transcripts++; }
        }
        if (!(had & termBit)) { termsOf[doc] = had | termBit; count[doc]++; }
        score[doc] += values[p] * scale;
        seen[doc] |= seenBit;
      }
      if (docsIn.length) s.matched |= termBit;
    };
    tokens.slice(0, MAX_TOKENS).forEach(function (token, termNo) {
      var indexes = (sources[termNo] || []).filter(Boolean);
      var tokenLength = [...token].length;
      // Per field, [key, node] pairs; an index token lives in one shard only,
      // whose tier directory is noted in `cuts`.
      var collect = function (finder) {
        return fields.map(function (field) {
          var found = new Map();
          indexes.forEach(function (index) {
            var root = fieldRoot(index, field);
            if (!root) return;
            finder(root, token).forEach(function (pair) {
              if (found.has(pair[0])) return;
              found.set(pair[0], pair[1]);
              if (!cuts.has(pair[0]) && index.tiers && has(index.tiers, pair[0])) {
                cuts.set(pair[0], { n: index.n, entry: index.tiers[pair[0]] });
              }
            });
          });
          return Array.from(found.entries());
        });
      };
      // The token itself where the index has it; longer index tokens that
      // start with it only where it has not (a word still being typed), so
      // the ranking never depends on which completions a shard holds.
      var empty = function (lists) { return lists.every(function (list) { return list.length === 0; }); };
      var matches = collect(exactNode);
      if (empty(matches)) matches = collect(matchingNodes);
      if (empty(matches)) {
        matches = collect(truncatedNode).map(function (list) {
          // The longest truncation over all shards.
          return list.sort(function (a, b) { return [...b[0]].length - [...a[0]].length; }).slice(0, 1);
        });
      }
      // The bit of a cut index token in s.seen (-1: not tracked, which only
      // makes the bounds below looser).
      var bitOf = function (key) {
        var seen = termNo + ' ' + key;
        if (!bits.has(seen)) bits.set(seen, cuts.has(key) && state.cutBits < MAX_CUT_BITS ? state.cutBits++ : -1);
        return bits.get(seen);
      };
      var penalties = new Map();
      fields.forEach(function (field, fieldNo) {
        matches[fieldNo].forEach(function (pair) {
          var key = pair[0];
          var node = pair[1];
          var keyLength = [...key].length;
          var penalty = key === token ? 1 :
            Math.min(keyLength, tokenLength) / Math.max(keyLength, tokenLength) * PREFIX_WEIGHT;
          penalties.set(key, penalty);
          matchedKeys.add(key);
          var bit = bitOf(key);
          if (again) return;
          var refs = Object.keys(node.docs);
          var df = Number(node.df) || refs.length;
          var idf = 1 + Math.log(total / (df + 1));
          var weight = FIELD_BOOSTS[field] * idf * penalty;
          addAll(refs.map(docs.doc), refs.map(function (ref) { return Number(node.docs[ref] && node.docs[ref].tf) || 0; }), weight, termNo, bit);
        });
      });
      // A cut index token: the postings of its loaded tiers (each document
      // is in the shard or in one tier), and the most any document in the
      // others could get from it: the highest impact of the next tier.
      penalties.forEach(function (penalty, key) {
        var cut = cuts.get(key);
        if (!cut) return;
        var loaded = more && more.get(key);
        var count = loaded ? loaded.tiers : 0;
        cut.loaded = count;
        var seen = termNo + ' ' + key;
        var bit = bitOf(key);
        var chunks = loaded ? loaded.chunks : [];
        for (var c = counted.get(seen) || 0; c < chunks.length; c++) addAll(chunks[c].docs, chunks[c].impacts, penalty, termNo, bit);
        counted.set(seen, chunks.length);
        if (count < tierCount(cut.entry)) {
          hidden.push({ termNo: termNo, key: key, bit: bit, max: levelImpact(cut.entry[2 + 2 * count]) * penalty,
            known: lastTierKnown(loaded, cut, docs.total) });
        }
      });
    });
    var cmp = function (x, y) { return compareDocs(s, x, y); };
    var chosen;
    var limit = state.limit || 0;
    if (!limit || s.list.length <= limit) {
      chosen = s.list.slice().sort(cmp);
    } else {
      // The first `limit`, and the other hits of their transcripts.
      var owner = docs.owner;
      var wanted = new Uint8Array(docs.starts.length);
      firstOf(s.list, limit, cmp).forEach(function (doc) { wanted[owner[doc]] = 1; });
      chosen = [];
      for (var i = 0; i < s.list.length; i++) if (wanted[owner[s.list[i]]]) chosen.push(s.list[i]);
      chosen.sort(cmp);
    }
    var transcripts = s.transcripts;
    var matched = s.matched; // bit termNo: some document has the token
    var hits = chosen.map(function (doc) {
      var terms = [];
      for (var n = 0; n < MAX_TOKENS; n++) if (s.terms[doc] & (1 << n)) terms.push(n);
      return { ref: docs.ref(doc), doc: doc, score: s.score[doc], terms: terms };
    });
    return { hits: hits, count: s.list.length, transcripts: transcripts, matched: matched, truncated: chosen.length < s.list.length,
      keys: matchedKeys, hidden: hidden, cuts: cuts, scores: s };
  }

  /**
   * For a cut index token whose unread postings are those of its last tier,
   * in blocks: a function telling whether the posting of a document there
   * is known (its block is read, or the heads file's list of the tier's
   * documents does not have it: it has none), or null when nothing is.
   * `loaded`: what lookUp has read of the token.
   */
  function lastTierKnown(loaded, cut, total) {
    var blocks = loaded && loaded.blocks;
    var present = loaded && loaded.present;
    if (!present && !(blocks && blocks.size)) return null;
    return function (doc) {
      return (present && !sortedHas(present, doc)) || (blocks.size > 0 && blocks.has(blockOf(cut, doc, total)));
    };
  }

  /** Whether the sorted Uint32Array `sorted` has `value`. */
  function sortedHas(sorted, value) {
    var lo = 0;
    var hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo] === value;
  }

  // Impacts in tier files are 16-bit levels on a log scale (IMPACT_LN_MIN
  // and IMPACT_LN_STEP in src/search.rs; the manifest repeats them).
  var IMPACT = [-9.25, 1 / 4096];

  function levelImpact(level) {
    return Math.exp(IMPACT[0] + level * IMPACT[1]);
  }

  /**
   * Number of tiers in a tier directory entry [i, blocks of the last tier,
   * level, bytes, level, bytes, ...].
   */
  function tierCount(entry) {
    return (entry.length - 2) >> 1;
  }

  /** Whether the last tier of a tier directory entry is in blocks. */
  function inBlocks(entry) {
    return Number(entry[1]) > 1;
  }

  /** The number of tiers of an entry in its heads file: all but a last one in blocks. */
  function headCount(entry) {
    return tierCount(entry) - (inBlocks(entry) ? 1 : 0);
  }

  /**
   * The path of the heads file of shard `n` that would hold `token`'s first
   * tiers, or null when the shard has no cut tokens.
   */
  function headsPath(m, n, token) {
    var heads = (m.heads || [])[n] || [0, 0];
    return heads[0] ? 'm/' + n + '/h' + bucketOf(token, heads[0], heads[1]) + '.bin' : null;
  }

  /**
   * Document numbers <-> refs, from the manifest's documents per transcript
   * ([digits, base-36 counts]): {ref(doc), doc(ref), total, starts: the
   * first document number of every transcript, owner: Int32Array document
   * number -> transcript}.
   */
  function docNumbers(counts) {
    var width = counts[0];
    var text = counts[1];
    var starts = new Array(text.length / width + 1);
    starts[0] = 0;
    for (var t = 0; t * width < text.length; t++) {
      starts[t + 1] = starts[t] + parseInt(text.substr(t * width, width), 36);
    }
    var total = starts[starts.length - 1];
    var owner = new Int32Array(total); // document number -> transcript
    for (var u = 0; u + 1 < starts.length; u++) owner.fill(u, starts[u], starts[u + 1]);
    return {
      total: total,
      starts: starts,
      owner: owner,
      ref: function (doc) {
        var tr = owner[doc];
        return tr.toString(36) + '.' + (doc - starts[tr]).toString(36);
      },
      doc: function (ref) {
        var dot = ref.indexOf('.');
        return starts[parseInt(ref.slice(0, dot), 36)] + parseInt(ref.slice(dot + 1), 36);
      }
    };
  }

  /**
   * The block of a cut token's last tier that holds document `doc`: blocks
   * cut the document numbers 0..total into equal parts (block_start in
   * src/search.rs).
   */
  function blockOf(cut, doc, total) {
    var blocks = Number(cut.entry[1]) || 1;
    var b = Math.min(blocks - 1, Math.floor(doc * blocks / total));
    while (b > 0 && doc < Math.floor(b * total / blocks)) b--;
    while (b + 1 < blocks && doc >= Math.floor((b + 1) * total / blocks)) b++;
    return b;
  }

  var UTF8 = new TextEncoder();

  /**
   * The heads file of a shard with `buckets` of them that holds an index
   * token's first tiers: FNV-1a (32 bits) of `seed` (when not 0, as a
   * first byte) and the token's UTF-8 bytes, modulo `buckets` (bucket_of in
   * src/search.rs).
   */
  function bucketOf(token, buckets, seed) {
    var bytes = UTF8.encode(token);
    var h = 0x811c9dc5;
    if (seed) h = Math.imul(h ^ seed, 0x01000193);
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
    return (h >>> 0) % Math.max(1, buckets);
  }

  /**
   * The head tiers of `token` in a heads file (heads_files in
   * src/search.rs: per token its length and UTF-8 bytes, its number of
   * tiers and their sizes, in LEB128, then the tiers): an array of
   * Uint8Array, one per tier from tier 1, or null when the file does not
   * hold the token.
   */
  function headsIn(buffer, token) {
    var read = new Bytes(buffer);
    var bytes = read.bytes;
    var want = UTF8.encode(token);
    while (read.at < bytes.length) {
      var length = read.leb128();
      var at = read.at;
      read.at += length;
      var sizes = [];
      for (var count = read.leb128(); count > 0; count--) sizes.push(read.leb128());
      var same = length === want.length;
      for (var k = 0; same && k < length; k++) same = bytes[at + k] === want[k];
      var tiers = [];
      for (var t = 0; t < sizes.length; t++) {
        if (same) tiers.push(bytes.subarray(read.at, read.at + sizes[t]));
        read.at += sizes[t];
      }
      if (same) return tiers;
    }
    return null;
  }

  /**
   * The document numbers of a last tier in blocks, as its heads file lists
   * them (encode_presence in src/search.rs: their number in LEB128, the Rice
   * parameter k in a byte, then the gaps Rice-coded, bits high first), in a
   * sorted Uint32Array.
   */
  function decodePresence(buffer) {
    var read = new Bytes(buffer);
    var n = read.leb128();
    var bytes = read.bytes;
    var k = bytes[read.at++];
    var bit = read.at * 8;
    var end = bytes.length * 8;
    var docs = new Uint32Array(n);
    var next = 0;
    for (var i = 0; i < n; i++) {
      var q = 0;
      while (bit < end && (bytes[bit >> 3] >> (7 - (bit & 7))) & 1) { q++; bit++; }
      bit++;
      var low = 0;
      for (var b = 0; b < k; b++, bit++) low = low * 2 + ((bytes[bit >> 3] >> (7 - (bit & 7))) & 1);
      if (bit > end) throw new Error('a list of documents cut short');
      next += q * Math.pow(2, k) + low;
      docs[i] = next;
      next++;
    }
    return docs;
  }

  /** A reader of the bytes of an ArrayBuffer or Uint8Array, from `at`. */
  function Bytes(buffer) {
    this.bytes = ArrayBuffer.isView(buffer) ? buffer : new Uint8Array(buffer);
    this.at = 0;
  }

  /** The next number, in LEB128 (7 bits a byte, low first, high bit on all but the last). */
  Bytes.prototype.leb128 = function () {
    var bytes = this.bytes;
    var n = 0;
    var scale = 1;
    var b;
    do {
      b = bytes[this.at++];
      n += (b & 0x7f) * scale;
      scale *= 128;
    } while (b >= 0x80 && this.at < bytes.length);
    return n;
  };

  /**
   * A tier file -> {docs: document numbers, impacts}: per document, the gap
   * from the previous document number in LEB128, then its impact level in
   * two bytes.
   */
  function decodeTier(buffer) {
    var read = new Bytes(buffer);
    var bytes = read.bytes;
    var docs = new Int32Array(Math.floor(bytes.length / 3));
    var impacts = new Float64Array(docs.length);
    var n = 0;
    var doc = 0;
    while (read.at < bytes.length) {
      doc += read.leb128();
      docs[n] = doc;
      impacts[n++] = levelImpact((bytes[read.at] << 8) | bytes[read.at + 1]);
      read.at += 2;
    }
    return { docs: docs.subarray(0, n), impacts: impacts.subarray(0, n) };
  }

  /**
   * True when the first `n` hits of rank() are the first n of the full
   * ranking, in order, whatever the postings left out of cut lists hold: each
   * of them ranks at least as high, as it stands, as the most any later hit,
   * or any document not seen at all, could reach.
   */
  function provenTop(result, n) {
    return undecided(result, n) === null;
  }

  /**
   * [terms, score] document `doc` (or, for -1, a document not seen) could
   * reach with the unread postings.
   */
  function upperBound(hidden, s, doc) {
    var terms = doc < 0 ? 0 : s.count[doc];
    var score = doc < 0 ? 0 : s.score[doc];
    var mask = doc < 0 ? 0 : s.terms[doc];
    var seen = doc < 0 ? 0 : s.seen[doc];
    var more = 0;
    for (var i = 0; i < hidden.length; i++) {
      var h = hidden[i];
      if (h.bit >= 0 && (seen & (1 << h.bit))) continue;
      // Its block of the token's last tier is read, or the tier's list of
      // documents does not name it: the document has nothing more there.
      if (doc >= 0 && h.known && h.known(doc)) continue;
      score += h.max;
      if (!(mask & (1 << h.termNo))) more |= 1 << h.termNo;
    }
    return [terms + bitCount(more), score];
  }

  /** Whether document `doc`, as it stands, ranks at least as high as [terms, score]. */
  function aboveBy(s, doc, terms, score) {
    var t = s.count[doc];
    return t > terms || (t === terms && s.score[doc] >= score);
  }

  /**
   * What keeps the first `n` hits of rank() from being proven final: null
   * when nothing does, else {docs: the document numbers of the hits that
   * could still move past one of the first n, unseen: whether a document
   * not seen at all could}.
   */
  function undecided(result, n) {
    var hidden = result.hidden || [];
    if (!hidden.length) return null;
    var s = result.scores;
    var hits = result.hits;
    var k = Math.min(n, hits.length);
    var unseen = upperBound(hidden, s, -1);
    var out = { docs: [], unseen: k < n || !aboveBy(s, hits[k - 1].doc, unseen[0], unseen[1]) };
    // The most any hit could gain, to pass at once over those far below.
    var gain = 0;
    var tokens = 0;
    hidden.forEach(function (h) { gain += h.max; tokens |= 1 << h.termNo; });
    // Whether `doc` could pass `bar`: first as if it gained every unread
    // posting (most documents are far below), then by its own bound.
    var check = function (bar, doc) {
      if (aboveBy(s, bar, s.count[doc] + bitCount(tokens & ~s.terms[doc]), s.score[doc] + gain)) return;
      var u = upperBound(hidden, s, doc);
      if (!aboveBy(s, bar, u[0], u[1])) out.docs.push(doc);
    };
    // Each of the first k stays above the next one; every other hit below the k-th.
    for (var i = 1; i < k; i++) check(hits[i - 1].doc, hits[i].doc);
    if (k > 0) {
      var top = new Set();
      for (var j = 0; j < k; j++) top.add(hits[j].doc);
      var bar = hits[k - 1].doc;
      var list = s.list;
      for (var d = 0; d < list.length; d++) if (!top.has(list[d])) check(bar, list[d]);
    }
    return out.unseen || out.docs.length ? out : null;
  }

  // The layout of search/ this script reads: FORMAT in src/search.rs, the
  // manifest's `format`.
  var FORMAT = 4;

  var PROVEN_HITS = 10; // hits checked for being final (see provenTop)
  var TIER_BUDGET = 250000; // bytes of tier files a first page may read to prove its hits
  var FIRST_HITS = 50; // hits a first page ranks in full (with their transcripts' others)
  var BLOCK_ROUND = 16; // blocks of last tiers read at most at once for a first page (see lookUp)

  /**
   * Load the shards the tokens need, and rank (more shards only for tokens
   * that match nothing). Then, while the first PROVEN_HITS hits are not
   * proven final, read the next tier of the cut index tokens, those that
   * could add most first, as long as the tiers read weigh at most
   * TIER_BUDGET in all (a threshold algorithm: it stops when no document
   * left unread can reach the top hits). With `complete` (filters, "show
   * more"), every tier, and every hit in `hits`; else the first FIRST_HITS
   * (see rank()). `load.shard(n)` and `load.tier(path)` fetch a shard
   * (JSON) and a tier file (ArrayBuffer); `wanted` replaces PROVEN_HITS.
   * Resolves to rank()'s result with `proven` (the first hits are final)
   * and `tierBytes` (tiers read).
   */
  function lookUp(m, tokens, complete, load, wanted) {
    var proven = wanted || PROVEN_HITS;
    var bounds = m.shards || [''];
    if (m.impact) IMPACT = m.impact;
    var docs = m.docNumbers || (m.docNumbers = docNumbers(m.counts || [1, '']));
    var sources;
    var more = new Map();
    var tierBytes = 0;
    var shardOf = function (n) {
      return load.shard(n).then(function (index) { index.n = n; return index; });
    };
    var state = null; // the ranking's state across rounds (see rank())
    var rankAll = function () { return rank(tokens, sources, m.docs || 1, more, docs, state); };
    /**
     * What is read of a cut index token's tiers (see rank()); `read`: the
     * tiers read, from 1; `present`, once its heads file is read and when
     * it lists them (a last tier in blocks of at most half the documents),
     * that tier's documents (decodePresence).
     */
    var entryOf = function (key) {
      if (!more.has(key)) more.set(key, { tiers: 0, chunks: [], blocks: new Set(), read: new Set() });
      return more.get(key);
    };
    var advance = function (entry) {
      while (entry.read.has(entry.tiers + 1)) entry.tiers++;
    };
    // Heads files asked for, by path: each once per lookUp. A query of
    // several words asks for its words' heads files with their shards.
    var heads = new Map();
    var headsFile = function (path) {
      if (!heads.has(path)) {
        var promise = load.tier(path);
        promise.catch(function () {}); // a failure is reported where it is read
        heads.set(path, promise);
      }
      return heads.get(path);
    };
    /** Reads the head tiers of a cut index token (all but a last tier in blocks). */
    var readHeads = function (key, cut) {
      var entry = entryOf(key);
      if (entry.heads) return entry.heads;
      var count = headCount(cut.entry);
      for (var j = 1; j <= count; j++) tierBytes += Number(cut.entry[1 + 2 * j]) || 0;
      var path = headsPath(m, cut.n, key);
      entry.heads = (path ? headsFile(path) : Promise.reject(new Error('no heads file for ' + key))).then(function (buffer) {
        var parts = headsIn(buffer, key);
        // The head tiers, then, for a last tier in blocks of at most half
        // the documents, the list of that tier's documents.
        var listed = parts && inBlocks(cut.entry) && parts.length === count + 1;
        if (!parts || (parts.length !== count && !listed)) throw new Error(path + ': no tiers for ' + key);
        parts.slice(0, count).forEach(function (tier, t) {
          entry.chunks.push(decodeTier(tier));
          entry.read.add(t + 1);
        });
        if (listed) entry.present = decodePresence(parts[count]);
        advance(entry);
      });
      return entry.heads;
    };
    /** Reads blocks of the last tier of a cut index token (those not read yet). */
    var readBlocks = function (key, cut, wanted) {
      var j = tierCount(cut.entry);
      var blocks = Number(cut.entry[1]);
      var entry = entryOf(key);
      var fresh = wanted.filter(function (b) { return !entry.blocks.has(b); });
      fresh.forEach(function (b) { entry.blocks.add(b); });
      tierBytes += Math.round(fresh.length * Number(cut.entry[1 + 2 * j]) / blocks);
      var paths = fresh.map(function (b) { return 'm/' + cut.n + '/' + cut.entry[0] + '.' + j + '.' + b + '.bin'; });
      return Promise.all(paths.map(load.tier)).then(function (buffers) {
        buffers.forEach(function (buffer) { entry.chunks.push(decodeTier(buffer)); });
        if (entry.blocks.size === blocks) entry.read.add(j);
        advance(entry);
      });
    };
    var allBlocks = function (cut) {
      var all = [];
      for (var b = 0; b < Number(cut.entry[1]); b++) all.push(b);
      return all;
    };
    var deepen = function (result) {
      var why = undecided(result, proven);
      result.proven = why === null;
      result.tierBytes = tierBytes;
      if (!result.hidden.length || (result.proven && !complete)) return result;
      var reads = [];
      var keys = new Set();
      var hidden = result.hidden.slice().sort(function (x, y) { return y.max - x.max; }).filter(function (h) {
        if (keys.has(h.key)) return false;
        keys.add(h.key);
        return true;
      });
      if (complete) {
        hidden.forEach(function (h) {
          var cut = result.cuts.get(h.key);
          if (cut.loaded < headCount(cut.entry)) reads.push(readHeads(h.key, cut));
          if (inBlocks(cut.entry)) reads.push(readBlocks(h.key, cut, allBlocks(cut)));
        });
        return Promise.all(reads).then(function () { return deepen(rankAll()); });
      }
      // The head tiers first (one heads file a token, most often asked for
      // with the shards already); then, of a last tier cut into blocks, only
      // the blocks of the hits still undecided that the tier has (the heads
      // file lists its documents), unless documents not seen at all could
      // still rank among the first hits.
      var left = TIER_BUDGET - tierBytes;
      var tail = function (cut) { return cut.loaded >= headCount(cut.entry); };
      var firsts = hidden.filter(function (h) { return !tail(result.cuts.get(h.key)); });
      var plan = [];
      firsts.forEach(function (h) {
        var cut = result.cuts.get(h.key);
        var size = 0;
        for (var t = 1; t <= headCount(cut.entry); t++) size += Number(cut.entry[1 + 2 * t]) || 0;
        plan.push({ size: size, run: function () { return readHeads(h.key, cut); } });
      });
      // Blocks too when the heads read now leave no tier unread: a round
      // less, for queries of three or more words.
      var tails = hidden.filter(function (h) { return tail(result.cuts.get(h.key)); });
      var lastHeads = firsts.every(function (h) { return !inBlocks(result.cuts.get(h.key).entry); });
      if (tails.length && (!firsts.length || (lastHeads && !why.unseen))) {
        var s = result.scores;
        var wanted = new Map(tails.map(function (h) { return [h.key, new Set()]; }));
        if (why.unseen) {
          // A document not seen at all could still rank among the first:
          // the whole of the smallest last tier, after which such a
          // document lacks that word (and the hits that have it are known).
          var tailBytes = function (h) {
            var entry = result.cuts.get(h.key).entry;
            return Number(entry[1 + 2 * tierCount(entry)]) || 0;
          };
          var smallest = tails.slice().sort(function (x, y) { return tailBytes(x) - tailBytes(y); })[0];
          for (var b = 0; b < Number(result.cuts.get(smallest.key).entry[1]); b++) wanted.get(smallest.key).add(b);
        } else {
          // The blocks of the undecided hits that could rise highest first,
          // BLOCK_ROUND at most: each block read settles other hits too,
          // and the hits found to have every word raise the bar, so that
          // most of the others need no reading at all.
          var bounds = new Map();
          why.docs.forEach(function (doc) { bounds.set(doc, upperBound(result.hidden, s, doc)); });
          var order = why.docs.slice().sort(function (x, y) {
            var bx = bounds.get(x);
            var by = bounds.get(y);
            return (by[0] - bx[0]) || (by[1] - bx[1]) || (x - y);
          });
          var count = 0;
          for (var i = 0; i < order.length && count < BLOCK_ROUND; i++) {
            tails.forEach(function (h) {
              var doc = order[i];
              if (h.bit >= 0 && (s.seen[doc] & (1 << h.bit))) return;
              if (h.known && h.known(doc)) return; // its block is read, or the tier does not have it
              var b = blockOf(result.cuts.get(h.key), doc, docs.total);
              if (wanted.get(h.key).has(b)) return;
              wanted.get(h.key).add(b);
              count++;
            });
          }
        }
        tails.forEach(function (h) {
          var cut = result.cuts.get(h.key);
          var blocks = Number(cut.entry[1]);
          var had = entryOf(h.key).blocks;
          var list = Array.from(wanted.get(h.key)).filter(function (b) { return !had.has(b); });
          if (!list.length) return;
          var size = Math.round(list.length * Number(cut.entry[1 + 2 * tierCount(cut.entry)]) / blocks);
          plan.push({ size: size, run: function () { return readBlocks(h.key, cut, list); } });
        });
      }
      plan.forEach(function (p) {
        if (p.size > left) return;
        left -= p.size;
        reads.push(p.run());
      });
      if (!reads.length) return result;
      return Promise.all(reads).then(function () { return deepen(rankAll()); });
    };
    var numbers = tokens.map(function (token) { return [shardFor(bounds, token)]; });
    if (tokens.length > 1) {
      // Their first tiers will most likely be needed: asked for now, with
      // the shards, a round of requests less.
      numbers.forEach(function (ns, i) {
        var path = headsPath(m, ns[0], tokens[i]);
        if (path) headsFile(path);
      });
    }
    return Promise.all(numbers.map(function (ns) { return shardOf(ns[0]); })).then(function (indexes) {
      sources = indexes.map(function (index) { return [index]; });
      state = { limit: complete ? 0 : FIRST_HITS };
      var result = rankAll();
      var unmatched = tokens.map(function (token, i) { return i; }).filter(function (i) {
        return !(result.matched & (1 << i));
      });
      if (!unmatched.length) return result;
      return Promise.all(unmatched.map(function (i) {
        var extra = extraShards(bounds, tokens[i]);
        numbers[i] = numbers[i].concat(extra);
        return Promise.all(extra.map(shardOf)).then(function (loaded) { sources[i] = sources[i].concat(loaded); });
      })).then(function () {
        // The shards' postings again, with the others'.
        state = { limit: complete ? 0 : FIRST_HITS };
        return rankAll();
      });
    }).then(deepen);
  }

  /**
   * Ranks a query of two words on a small archive made up here, in memory
   * (no request), the way lookUp() ranks a real one: shards, heads files
   * with their lists of documents, blocks. The page runs it once when idle
   * after loading, so that a first query runs code the browser has already
   * compiled: its loops over thousands of postings, run for the first
   * time, cost a first query 10-20 ms more on a 2-core machine. Resolves to
   * lookUp()'s result (a test checks that it ranks).
   */
  function warmUp() {
    var total = 4000; // 400 transcripts of 10 documents
    var files = {};
    var leb = function (out, n) {
      for (; n >= 128; n = Math.floor(n / 128)) out.push((n % 128) | 128);
      out.push(n);
    };
    // As src/search.rs writes them: a tier, per document its gap and level;
    // a list of documents, Rice-coded with k = 0.
    var tier = function (docs, level) {
      var out = [];
      docs.forEach(function (doc, i) { leb(out, doc - (i ? docs[i - 1] : 0)); out.push(level >> 8, level & 255); });
      return out;
    };
    var list = function (docs) {
      var out = [];
      var bits = [];
      leb(out, docs.length);
      out.push(0);
      docs.forEach(function (doc, i) {
        for (var g = doc - (i ? docs[i - 1] + 1 : 0); g > 0; g--) bits.push(1);
        bits.push(0);
      });
      for (var b = 0; b < bits.length; b += 8) {
        var byte = 0;
        for (var j = 0; j < 8; j++) byte = byte * 2 + (bits[b + j] || 0);
        out.push(byte);
      }
      return out;
    };
    var heads = [];
    var shard = { index: { answer: { root: {} } }, tiers: {} };
    var ascending = function (x, y) { return x - y; };
    // "war" in every other document, weighing most in the first ones;
    // "peac" in every third, weighing most in the last ones: the hits with
    // both words are only in the last tiers, which the proof has to read.
    [['war', 2], ['peac', 3]].forEach(function (word, i) {
      var docs = [];
      for (var d = 0; d < total; d += word[1]) docs.push(d);
      if (i) docs.reverse();
      // The shard keeps 32 documents, tier 1 (heads file) the next 224, the
      // last tier (two blocks, and its list in the heads file) the others.
      var node = shard.index.answer.root;
      word[0].split('').forEach(function (ch) { node = node[ch] = {}; });
      node.df = docs.length;
      node.docs = {};
      docs.slice(0, 32).forEach(function (doc, k) {
        node.docs[Math.floor(doc / 10).toString(36) + '.' + (doc % 10).toString(36)] = { tf: 0.9 - k / 100 };
      });
      var first = tier(docs.slice(32, 256).sort(ascending), 39200 - i);
      var rest = docs.slice(256).sort(ascending);
      var blocks = [rest.filter(function (doc) { return doc < total / 2; }), rest.filter(function (doc) { return doc >= total / 2; })];
      var present = list(rest);
      var name = word[0].split('').map(function (ch) { return ch.charCodeAt(0); });
      leb(heads, name.length);
      heads.push.apply(heads, name);
      [2, first.length, present.length].forEach(function (n) { leb(heads, n); });
      heads.push.apply(heads, first.concat(present));
      var size = 0;
      blocks.forEach(function (docsIn, b) {
        var bytes = tier(docsIn, 39000 - i);
        files['m/0/' + i + '.2.' + b + '.bin'] = new Uint8Array(bytes).buffer;
        size += bytes.length;
      });
      shard.tiers[word[0]] = [i, 2, 39200 - i, first.length, 39000 - i, size];
    });
    files['m/0/h0.bin'] = new Uint8Array(heads).buffer;
    var counts = '';
    for (var t = 0; t < total / 10; t++) counts += 'a';
    var m = { docs: total, shards: [''], counts: [1, counts], impact: IMPACT, heads: [[1, 0]] };
    var load = {
      shard: function () { return Promise.resolve(JSON.parse(JSON.stringify(shard))); },
      tier: function (path) { return files[path] ? Promise.resolve(files[path]) : Promise.reject(new Error('no ' + path)); }
    };
    return lookUp(m, queryTokens('war peace'), false, load);
  }

  /** `<t>.<k>` (base 36) -> [t, k]. */
  function parseRef(ref) {
    var parts = String(ref).split('.');
    return [parseInt(parts[0], 36), parseInt(parts[1], 36)];
  }

  /** Query text -> distinct index tokens (the first MAX_TOKENS of them). */
  function queryTokens(query) {
    return Array.from(new Set(analyze(query))).slice(0, MAX_TOKENS);
  }

  // Lets a test load this file in node (with a `module` object) and check the
  // pipeline and the ranking. Nothing is exported in a browser.
  if (typeof module === 'object' && module && module.exports) {
    module.exports = {
      tokenize: tokenize, analyze: analyze, stem: stem, queryTokens: queryTokens, rank: rank,
      shardFor: shardFor, extraShards: extraShards, compareTerms: compareTerms, parseRef: parseRef,
      matchingNodes: matchingNodes, provenTop: provenTop, lookUp: lookUp, decodeTier: decodeTier,
      docNumbers: docNumbers, undecided: undecided, blockOf: blockOf, levelImpact: levelImpact, decodePresence: decodePresence,
      bucketOf: bucketOf, headsIn: headsIn, headsPath: headsPath, warmUp: warmUp, FORMAT: FORMAT, PROVEN_HITS: PROVEN_HITS, TIER_BUDGET: TIER_BUDGET,
      FIRST_HITS: FIRST_HITS, BLOCK_ROUND: BLOCK_ROUND
    };
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

  // Transcripts rendered at once, a button shows more: five, each with up to
  // HITS_PER_GROUP exchanges, fill a screen or two (Pagefind's interface
  // shows five results too), and each costs the first page a result file.
  var GROUPS_PER_PAGE = 5;
  var HITS_PER_GROUP = 3;    // hits shown per transcript before "more from this transcript"
  var FILTERS = ['asker', 'outlet', 'topic', 'year'];

  // Every file is fetched at most once per page (again only after a failure).
  var cache = new Map();
  /** The file at `path` under search/, read by `read` (json, arrayBuffer). */
  function getOnce(path, read) {
    if (!cache.has(path)) {
      var promise = fetch(base + 'search/' + path).then(function (res) {
        if (!res.ok) throw new Error(path + ': HTTP ' + res.status);
        return read(res);
      });
      promise.catch(function () { cache.delete(path); });
      cache.set(path, promise);
    }
    return cache.get(path);
  }
  function getJson(path) { return getOnce(path, function (res) { return res.json(); }); }
  /** A tier file, as an ArrayBuffer. */
  function getBinary(path) { return getOnce(path, function (res) { return res.arrayBuffer(); }); }
  var manifest = function () { return getJson('manifest.json'); };
  var loaded = null; // the manifest, once read
  /**
   * Start fetching the shards of `tokens` (the manifest says which): at
   * once when the manifest is read, so that a query's first requests leave
   * before anything else is done for it. The first `words` tokens are
   * whole words; the others are being typed, and are looked up only from
   * their TYPED_MIN-th character (the first ones would fetch shards of
   * other words). With several tokens, also the heads files of the whole
   * words (lookUp asks for those of all its tokens; the heads file of a
   * word being typed would change with every key).
   */
  var TYPED_MIN = 4;
  function prefetchShards(tokens, words) {
    var fetchAll = function (m) {
      tokens.forEach(function (token, i) {
        if (i >= words && [...token].length < TYPED_MIN) return;
        var n = shardFor(m.shards || [''], token);
        shard(n).catch(function () {});
        var path = tokens.length > 1 && i < words ? headsPath(m, n, token) : null;
        if (path) getBinary(path).catch(function () {});
      });
    };
    if (loaded) fetchAll(loaded);
    else manifest().then(fetchAll).catch(function () {});
  }
  var shard = function (n) { return getJson('s/' + n + '.json'); };
  var loader = { shard: shard, tier: getBinary };
  var chunkSize = 16; // documents per result file; the manifest says
  /** The result file holding document k of transcript t. */
  var resultFile = function (t, k) {
    return getJson('d/' + t.toString(36) + '.' + Math.floor(k / chunkSize).toString(36) + '.json');
  };
  /** "Question 3" for the anchor q3, "Opening statement" for opening. */
  function labelOf(anchor) {
    if (anchor === 'opening') return 'Opening statement';
    return /^q\d+$/.test(anchor) ? 'Question ' + anchor.slice(1) : anchor;
  }
  /** Result-file data for the given refs of one transcript: {docs: k -> doc, page, title, date}. */
  function loadResults(refs) {
    var pairs = refs.map(parseRef);
    return Promise.all(pairs.map(function (p) { return resultFile(p[0], p[1]); })).then(function (datas) {
      var out = { docs: new Map(), u: '', t: '', d: '' };
      datas.forEach(function (data, i) {
        var k = pairs[i][1];
        var row = Array.isArray(data.x) ? data.x[k % chunkSize] : null;
        if (Array.isArray(row)) out.docs.set(k, { anchor: String(row[0]), label: labelOf(String(row[0])), asker: row[1], outlet: row[2], snippet: row[3] });
        out.u = out.u || String(data.u || '');
        out.t = out.t || data.t;
        out.d = out.d || data.d;
      });
      return out;
    });
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
    // Stemming keeps a word's first letter (after the trimmed punctuation):
    // words starting with no key's first letter are not stemmed at all.
    var firsts = new Set();
    keys.forEach(function (key) { firsts.add(key.charAt(0)); });
    var buffer = '';
    String(text).split(/([\s\-]+)/).forEach(function (part, i) {
      var lower = i % 2 === 0 ? part.toLowerCase() : '';
      var first = lower.match(/[0-9a-z_]/);
      var token = first && firsts.has(first[0]) ? processToken(lower) : null;
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

  // --- Filters -----------------------------------------------------------------

  var filterEls = {};
  FILTERS.forEach(function (name) { filterEls[name] = document.getElementById('filter-' + name); });
  var filterBox = document.getElementById('search-filters');
  var filterValues = { asker: '', outlet: '', topic: '', year: '' }; // slugs / years
  var people = { asker: null, outlet: null }; // kind -> [[slug, name, count]] once loaded

  /** The journalist or outlet list, for the datalist and to map names to slugs. */
  function loadPeople(kind) {
    return getJson('f/' + kind + '.json').then(function (list) {
      if (!people[kind]) {
        people[kind] = list;
        var datalist = document.getElementById('filter-' + kind + '-list');
        if (datalist) {
          var fragment = document.createDocumentFragment();
          list.forEach(function (entry) {
            var option = document.createElement('option');
            option.value = entry[1];
            option.label = entry[1] + ' (' + entry[2] + ')';
            fragment.appendChild(option);
          });
          datalist.appendChild(fragment);
        }
      }
      return list;
    });
  }

  function setupFilters(m) {
    if (!filterBox) return;
    var fill = function (select, entries, text) {
      if (!select) return;
      entries.forEach(function (entry) {
        var option = document.createElement('option');
        option.value = entry[0];
        option.textContent = text(entry);
        select.appendChild(option);
      });
    };
    fill(filterEls.year, m.years || [], function (e) { return e[0] + ' (' + e[1] + ')'; });
    fill(filterEls.topic, m.topics || [], function (e) { return e[1] + ' (' + e[2] + ')'; });
    var topicField = document.getElementById('filter-topic-field');
    if (topicField) topicField.hidden = !(m.topics && m.topics.length);
    filterBox.hidden = false;
    ['year', 'topic'].forEach(function (name) {
      if (!filterEls[name]) return;
      filterEls[name].value = filterValues[name];
      if (filterEls[name].value !== filterValues[name]) filterValues[name] = '';
      filterEls[name].addEventListener('change', function () {
        filterValues[name] = filterEls[name].value;
        submitNow();
      });
    });
    ['asker', 'outlet'].forEach(function (kind) {
      var box = filterEls[kind];
      if (!box) return;
      box.addEventListener('focus', function () { loadPeople(kind).catch(function () {}); });
      box.addEventListener('change', function () {
        var name = box.value.trim().toLowerCase();
        if (!name) { filterValues[kind] = ''; submitNow(); return; }
        loadPeople(kind).then(function (list) {
          var entry = list.find(function (e) { return e[1].toLowerCase() === name || e[0] === name; });
          filterValues[kind] = entry ? entry[0] : '';
          if (entry) box.value = entry[1];
          submitNow(entry ? null : 'No ' + (kind === 'asker' ? 'journalist' : 'outlet') + ' named “' + box.value.trim() + '”.');
        });
      });
    });
    // Show the names of the journalist and outlet given in the URL.
    ['asker', 'outlet'].forEach(function (kind) {
      if (!filterValues[kind] || !filterEls[kind]) return;
      loadPeople(kind).then(function (list) {
        var entry = list.find(function (e) { return e[0] === filterValues[kind]; });
        filterEls[kind].value = entry ? entry[1] : filterValues[kind];
      }).catch(function () {});
    });
  }

  function activeFilters() {
    return FILTERS.filter(function (name) { return filterValues[name]; });
  }

  /** A predicate on refs for the active filters (null when none), from the facet files. */
  function filterPredicate() {
    var active = activeFilters();
    if (!active.length) return Promise.resolve(null);
    return Promise.all(active.map(function (name) {
      return getJson('f/' + name + '/' + encodeURIComponent(filterValues[name]) + '.json').catch(function () {
        return { r: [], t: [] }; // an unknown value matches nothing
      });
    })).then(function (facets) {
      // A facet lists documents (r), transcripts (t), or both (topics).
      var tests = facets.map(function (facet) {
        var refs = new Set(facet.r || []);
        var ts = new Set(facet.t || []);
        return function (ref) { return refs.has(ref) || ts.has(parseRef(ref)[0]); };
      });
      var predicate = function (ref) { return tests.every(function (test) { return test(ref); }); };
      // Filters alone list a journalist's or outlet's documents.
      predicate.refs = null;
      active.forEach(function (name, i) {
        if (!predicate.refs && (name === 'asker' || name === 'outlet')) predicate.refs = facets[i].r || [];
      });
      return predicate;
    });
  }

  // --- Rendering -----------------------------------------------------------------

  /** Hits -> [{t, hits}], one per transcript, in order of each one's best hit. */
  function groupByTranscript(hits) {
    var groups = new Map();
    hits.forEach(function (hit) {
      var t = parseRef(hit.ref)[0];
      if (!groups.has(t)) groups.set(t, { t: t, hits: [] });
      groups.get(t).hits.push(hit);
    });
    return Array.from(groups.values());
  }

  function renderHit(page, doc, keys) {
    var item = el('li', 'search-hit');
    var link = el('a', 'search-hit-link', doc.label || doc.anchor);
    link.href = base + page + '#' + doc.anchor;
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

  function renderGroup(group, data, keys) {
    var page = data.u;
    var section = el('section', 'search-group');
    var heading = el('h2', 'search-group-title');
    var titleLink = el('a', null, data.t || page);
    titleLink.href = base + page;
    heading.appendChild(titleLink);
    if (data.d) {
      heading.appendChild(document.createTextNode(' '));
      var time = el('time', 'search-group-date', data.d);
      time.setAttribute('datetime', data.d);
      heading.appendChild(time);
    }
    section.appendChild(heading);
    var list = el('ol', 'search-hits');
    var showHits = function (hits, docs) {
      hits.forEach(function (hit) {
        var doc = docs.get(parseRef(hit.ref)[1]);
        if (doc) list.appendChild(renderHit(page, doc, keys));
      });
    };
    showHits(group.hits.slice(0, HITS_PER_GROUP), data.docs);
    section.appendChild(list);
    var rest = group.hits.slice(HITS_PER_GROUP);
    if (rest.length) {
      var more = el('button', 'search-group-more',
        'Show ' + plural(rest.length, 'more result', 'more results') + ' from this transcript');
      more.type = 'button';
      more.addEventListener('click', function () {
        more.disabled = true;
        loadResults(rest.map(function (hit) { return hit.ref; })).then(function (extra) {
          var before = list.querySelectorAll('.search-hit-link').length;
          showHits(rest, extra.docs);
          more.remove();
          var next = list.querySelectorAll('.search-hit-link')[before];
          if (next) next.focus();
        });
      });
      section.appendChild(more);
    }
    return section;
  }

  /**
   * Render the groups [from, from + GROUPS_PER_PAGE) after loading their
   * transcripts' result files, and a button for the next ones. `more()`,
   * when given, completes the ranking first (see lookUp) and renders again.
   */
  function renderGroups(groups, from, keys, run, more) {
    var page = groups.slice(from, from + GROUPS_PER_PAGE);
    return Promise.all(page.map(function (g) {
      return loadResults(g.hits.slice(0, HITS_PER_GROUP).map(function (hit) { return hit.ref; }));
    })).then(function (datas) {
      if (run !== searchCount) return null;
      var oldMore = resultsEl.querySelector('.search-more');
      if (oldMore) oldMore.remove();
      var firstNew = null;
      page.forEach(function (group, i) {
        var section = renderGroup(group, datas[i], keys);
        if (!firstNew) firstNew = section;
        resultsEl.appendChild(section);
      });
      var rest = groups.length - from - page.length;
      if (rest > 0 || more) {
        var button = el('button', 'search-more', 'Show more transcripts');
        button.type = 'button';
        button.addEventListener('click', function () {
          button.disabled = true;
          var next = more ? more(from + GROUPS_PER_PAGE) :
            renderGroups(groups, from + GROUPS_PER_PAGE, keys, run, null);
          next.then(function (first) {
            var link = first && first.querySelector('a');
            if (link) link.focus();
          });
        });
        resultsEl.appendChild(button);
      }
      return firstNew;
    });
  }

  function setStatus(text) {
    statusEl.textContent = text;
  }

  var searchCount = 0; // drops answers to queries that were superseded
  function filterNote() {
    var n = activeFilters().length;
    return n ? ' (' + plural(n, 'filter', 'filters') + ' on)' : '';
  }

  function runSearch(query, note) {
    var run = ++searchCount;
    var q = query.trim();
    var filtered = activeFilters().length > 0;
    if (!q && !filtered) {
      resultsEl.setAttribute('aria-busy', 'false');
      resultsEl.textContent = '';
      setStatus(note || '');
      return Promise.resolve();
    }
    var tokens = queryTokens(q);
    prefetchShards(tokens, tokens.length);
    setStatus('Searching…');
    resultsEl.setAttribute('aria-busy', 'true');
    var m;
    var keep;
    var search = function (complete) {
      if (!q) {
        // Filters alone: a journalist's or outlet's questions, newest first.
        if (!keep || !keep.refs) return { hits: [], keys: new Set(), hidden: [], needQuery: true };
        return { hits: keep.refs.filter(keep).slice().reverse().map(function (ref) { return { ref: ref }; }), keys: new Set(), hidden: [] };
      }
      if (!tokens.length) return { hits: [], keys: new Set(), hidden: [] };
      return lookUp(m, tokens, complete, loader).then(function (result) {
        if (keep) result.hits = result.hits.filter(function (hit) { return keep(hit.ref); });
        return result;
      });
    };
    var show = function (result, groupsWanted) {
      if (run !== searchCount) return null;
      var hits = result.hits;
      var partial = result.hidden.length > 0;
      // A first page ranks only its first hits in full (see rank()).
      var truncated = Boolean(result.truncated);
      if (!hits.length) {
        resultsEl.textContent = '';
        resultsEl.setAttribute('aria-busy', 'false');
        if (result.needQuery) setStatus(note || 'Type words to search within the chosen filters.');
        else setStatus(note || ('No results for “' + q + '”' + filterNote() +
          (q && !tokens.length ? ' (very common words are ignored).' : '.')));
        return null;
      }
      var groups = groupByTranscript(hits);
      // The rest of cut posting lists is read, and every hit ranked, only when asked for more.
      var more = partial || truncated ? function (from) {
        resultsEl.setAttribute('aria-busy', 'true');
        return Promise.resolve(search(true)).then(function (full) { return show(full, from + GROUPS_PER_PAGE); });
      } : null;
      var pages = Math.max(1, Math.ceil((groupsWanted || GROUPS_PER_PAGE) / GROUPS_PER_PAGE));
      var rendered = [];
      var chain = Promise.resolve();
      resultsEl.textContent = '';
      for (var p = 0; p < pages; p++) {
        (function (from, last) {
          chain = chain.then(function () {
            return renderGroups(groups, from, result.keys, run, last ? more : null).then(function (first) { rendered.push(first); });
          });
        })(p * GROUPS_PER_PAGE, p === pages - 1);
      }
      return chain.then(function () {
        if (run !== searchCount) return null;
        resultsEl.setAttribute('aria-busy', 'false');
        setStatus((note ? note + ' ' : '') + (partial ? 'More than ' : '') +
          plural(truncated ? result.count : hits.length, 'result', 'results') +
          (q ? ' for “' + q + '”' : '') + ' in ' + (partial ? 'more than ' : '') +
          plural(truncated ? result.transcripts : groups.length, 'transcript', 'transcripts') + filterNote() + '.' +
          (partial && !result.proven ? ' Best matches first; “Show more transcripts” ranks every match.' : ''));
        return rendered[rendered.length - 1] || null;
      });
    };
    return Promise.all([manifest(), filterPredicate()]).then(function (both) {
      m = both[0];
      if (Number(m.format) !== FORMAT) {
        var other = new Error('search index of format ' + m.format + ', this script reads format ' + FORMAT);
        other.otherBuild = true;
        throw other;
      }
      chunkSize = Number(m.chunk) || chunkSize;
      keep = both[1];
      return search(filtered);
    }).then(function (result) { return show(result, GROUPS_PER_PAGE); }).catch(function (error) {
      if (run !== searchCount) return;
      resultsEl.setAttribute('aria-busy', 'false');
      resultsEl.textContent = '';
      if (error && error.otherBuild) {
        // A page cached from one build with the index of another (during a
        // deploy, say): a new load gets both from the same build.
        setStatus('Search is unavailable: this page and the search index come from different builds of the site. Reload the page.');
        return;
      }
      setStatus('Search is unavailable: the search index could not be loaded.');
      if (window.console) console.error(error);
    });
  }

  /** Keep ?q= and the filters in the address bar, without adding history entries. */
  function updateUrl(query) {
    try {
      var url = new URL(window.location.href);
      if (query.trim()) url.searchParams.set('q', query);
      else url.searchParams.delete('q');
      FILTERS.forEach(function (name) {
        if (filterValues[name]) url.searchParams.set(name, filterValues[name]);
        else url.searchParams.delete(name);
      });
      window.history.replaceState(window.history.state, '', url.toString());
    } catch (e) { /* file: pages and old browsers: the URL just stays as it is */ }
  }

  var typingTimer = 0;
  function submitNow(note) {
    clearTimeout(typingTimer);
    var query = input.value;
    var searched = runSearch(query, note);
    // Once the results are shown: replaceState takes milliseconds of the
    // main thread, which the search needs more.
    var update = function () { updateUrl(query); };
    return Promise.resolve(searched).then(update, update).then(function () { return searched; });
  }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    submitNow();
  });
  input.addEventListener('input', function () {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(submitNow, 250);
    // Fetch the shards of the words typed so far while the user types, and
    // the heads files of the words already followed by a space.
    var tokens = queryTokens(input.value);
    prefetchShards(tokens, /\s$/.test(input.value) ? tokens.length : tokens.length - 1);
  });

  var params = new URLSearchParams(window.location.search);
  FILTERS.forEach(function (name) { filterValues[name] = (params.get(name) || '').trim(); });
  manifest().then(function (m) {
    loaded = m;
    // Ready for the first query: documents numbered, filters filled in.
    m.docNumbers = m.docNumbers || docNumbers(m.counts || [1, '']);
    setupFilters(m);
  }, function () { /* reported by the first search */ });
  var initial = params.get('q') || '';
  input.value = initial;
  if (initial || activeFilters().length) runSearch(initial);
  // Compile the ranking's code while the page is idle, unless a search has
  // already started (warmUp()).
  var idle = window.requestIdleCallback || function (f) { return setTimeout(f, 200); };
  idle(function () {
    if (!searchCount) warmUp().catch(function (error) { if (window.console) console.error(error); });
  });
})();
