// pressroom search: the text pipeline, a port of elasticlunr-rs 3.1's
// English one (src/lang/mod.rs, src/lang/en.rs), which src/search/analysis.rs
// runs over the documents: split on whitespace and hyphens, lowercase, trim
// non-word characters, drop stop words, Porter-stem. The stop words and
// cases of the whole pipeline are in tests/fixtures/search-format.json,
// which the Rust and the node tests both check.

/** Distinct query tokens a query keeps: the ranking gives each a bit of a 32-bit word. */
export const MAX_TOKENS = 32;

// Rust's char::is_whitespace (Unicode White_Space) plus '-'. JavaScript's \s
// differs slightly (it has U+FEFF, lacks U+0085), so the set is spelled out.
const SEPARATOR = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000-]+/;

// Trimmer: strip everything but ASCII letters, digits and '_' from both ends.
const TRIM = /^[^0-9A-Za-z_]+|[^0-9A-Za-z_]+$/g;

/** The crate's English stop words (checked after trimming, before stemming), and ''. */
export const STOP_WORDS = new Set(('a able about across after all almost also am among an and any are as at ' +
  'be because been but by can cannot could dear did do does either else ever every for from get got ' +
  'had has have he her hers him his how however i if in into is it its just least let like likely ' +
  'may me might most must my neither no nor not of off often on only or other our own rather said ' +
  'say says she should since so some than that the their them then there these they this tis to too ' +
  'twas us wants was we were what when where which while who whom why will with would yet you your'
).split(' ').concat(['']));

/** Split text into lowercase raw tokens, like the crate's tokenize_whitespace. */
export function tokenize(text) {
  return String(text).split(SEPARATOR).filter(Boolean).map((s) => s.toLowerCase());
}

/** Run one raw token through trimmer, stop-word filter and stemmer; null if dropped. */
export function processToken(raw) {
  const token = raw.replace(TRIM, '');
  return STOP_WORDS.has(token) ? null : stem(token);
}

/**
 * processToken() with a cache of up to `size` raw tokens (results
 * highlight the same words again and again).
 */
export function cachedProcessToken(size = 20000) {
  const processed = new Map();
  return (raw) => {
    if (processed.has(raw)) return processed.get(raw);
    const token = processToken(raw);
    if (processed.size >= size) processed.clear();
    processed.set(raw, token);
    return token;
  };
}

/** Text -> index tokens, in order (with repeats). */
export function analyze(text, process = processToken) {
  const out = [];
  for (const raw of tokenize(text)) {
    const token = process(raw);
    if (token !== null) out.push(token);
  }
  return out;
}

/** Query text -> distinct index tokens (the first MAX_TOKENS of them). */
export function queryTokens(query) {
  return Array.from(new Set(analyze(query))).slice(0, MAX_TOKENS);
}

// ---------------------------------------------------------------------------
// Porter stemmer, following the crate's port (itself from rust-stem) step by
// step, including its departures from the published algorithm. The Rust code
// works on UTF-8 bytes, so this one does too: the word is held as a "binary
// string" with one character per byte. `b` always holds exactly the first k
// bytes of the word being stemmed (the Rust code keeps a separate k).
// ---------------------------------------------------------------------------

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const ASCII = /^[\x00-\x7f]*$/;

// Step 2 and 3 rules by the last letters of the word.
const STEP2 = {
  a: [['ational', 'ate'], ['tional', 'tion']],
  c: [['enci', 'ence'], ['anci', 'ance']],
  e: [['izer', 'ize']],
  l: [['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous']],
  o: [['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate']],
  s: [['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous']],
  t: [['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble']],
  g: [['logi', 'log']],
};
const STEP3 = {
  e: [['icate', 'ic'], ['ative', ''], ['alize', 'al']],
  i: [['iciti', 'ic']],
  l: [['ical', 'ic'], ['ful', '']],
  s: [['ness', '']],
};

function isVowelChar(ch) {
  return ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u';
}

/** A word being stemmed: its bytes `b`, and `j`, where the suffix last matched by ends() starts. */
class Word {
  constructor(b) {
    this.b = b;
    this.j = 0; // measure() looks at b[0, j)
  }

  isConsonant(i) {
    const ch = this.b[i];
    if (isVowelChar(ch)) return false;
    if (ch === 'y') return i === 0 ? true : !this.isConsonant(i - 1);
    return true; // any other byte, including non-ASCII ones
  }

  /** Number of vowel-consonant sequences in b[0, j). */
  measure() {
    const j = this.j;
    let count = 0;
    let i = 0;
    while (i < j && this.isConsonant(i)) i++;
    while (i < j) {
      while (i < j && !this.isConsonant(i)) i++;
      if (i >= j) break;
      count++;
      while (i < j && this.isConsonant(i)) i++;
    }
    return count;
  }

  hasVowel() {
    for (let i = 0; i < this.j; i++) if (!this.isConsonant(i)) return true;
    return false;
  }

  doubleConsonant(i) {
    const b = this.b;
    return i >= 1 && b[i] === b[i - 1] && b.charCodeAt(i) < 128 && this.isConsonant(i);
  }

  /** consonant-vowel-consonant ending at i, the last consonant not w, x or y. */
  cvc(i) {
    if (i < 2 || !this.isConsonant(i) || this.isConsonant(i - 1) || !this.isConsonant(i - 2)) return false;
    const ch = this.b[i];
    return ch !== 'w' && ch !== 'x' && ch !== 'y';
  }

  ends(s) {
    const b = this.b;
    if (s.length > b.length || b.slice(b.length - s.length) !== s) return false;
    this.j = b.length - s.length;
    return true;
  }

  setTo(s) { this.b = this.b.slice(0, this.j) + s; }
  replaceIfMeasured(s) { if (this.measure() > 0) this.setTo(s); }
  last(offset) { return this.b[this.b.length - offset]; }
  drop(n) { this.b = this.b.slice(0, -n); }

  /** Steps 2 and 3: the rules of one group in order, up to the first suffix that matches, replaced or not. */
  applyFirst(rules) {
    if (!rules) return;
    for (const [suffix, replacement] of rules) {
      if (this.ends(suffix)) { this.replaceIfMeasured(replacement); return; }
    }
  }
}

/** Step 1ab: plurals, -ed, -ing. */
function step1ab(w) {
  if (w.last(1) === 's') {
    if (w.ends('sses')) w.drop(2);
    else if (w.ends('ies')) w.setTo('i');
    else if (w.last(2) !== 's') w.drop(1);
  }
  if (w.ends('eed')) {
    if (w.measure() > 0) w.drop(1);
  } else if ((w.ends('ed') || w.ends('ing')) && w.hasVowel()) {
    w.b = w.b.slice(0, w.j);
    if (w.ends('at')) w.setTo('ate');
    else if (w.ends('bl')) w.setTo('ble');
    else if (w.ends('iz')) w.setTo('ize');
    else if (w.doubleConsonant(w.b.length - 1)) {
      const ch = w.last(2);
      if (ch !== 'l' && ch !== 's' && ch !== 'z') w.drop(1);
    } else if (w.measure() === 1 && w.cvc(w.b.length - 1)) {
      w.j = w.b.length; // the Rust code writes "e" at j, which equals k here
      w.setTo('e');
    }
  }
}

/** Step 1c: final y -> i after a non-vowel (a literal aeiou test, like elasticlunr.js). */
function step1c(w) {
  if (w.b.length > 2 && w.ends('y') && !isVowelChar(w.last(2))) w.b = w.b.slice(0, -1) + 'i';
}

/** The rules of `table` for a letter, or null. */
function rulesFor(table, letter) {
  return Object.prototype.hasOwnProperty.call(table, letter) ? table[letter] : null;
}

/** Step 4: drop -ant, -ence, ... when the measure of the rest is above 1. */
function step4(w) {
  if (w.b.length < 2) return;
  let matched = false;
  switch (w.last(2)) {
    case 'a': matched = w.ends('al'); break;
    case 'c': matched = w.ends('ance') || w.ends('ence'); break;
    case 'e': matched = w.ends('er'); break;
    case 'i': matched = w.ends('ic'); break;
    case 'l': matched = w.ends('able') || w.ends('ible'); break;
    case 'n': matched = w.ends('ant') || w.ends('ement') || w.ends('ment') || w.ends('ent'); break;
    case 'o':
      matched = (w.ends('ion') && w.j > 0 && (w.b[w.j - 1] === 's' || w.b[w.j - 1] === 't')) || w.ends('ou');
      break;
    case 's': matched = w.ends('ism'); break;
    case 't': matched = w.ends('ate') || w.ends('iti'); break;
    case 'u': matched = w.ends('ous'); break;
    case 'v': matched = w.ends('ive'); break;
    case 'z': matched = w.ends('ize'); break;
  }
  if (matched && w.measure() > 1) w.b = w.b.slice(0, w.j);
}

/** Step 5: drop a final -e, and -ll -> -l, depending on the measure. */
function step5(w) {
  w.j = w.b.length;
  if (w.last(1) === 'e') {
    const m = w.measure();
    if (m > 1 || (m === 1 && !w.cvc(w.b.length - 2))) w.drop(1);
  }
  // j still counts the removed 'e' here, exactly as in the Rust code.
  if (w.last(1) === 'l' && w.doubleConsonant(w.b.length - 1) && w.measure() > 1) w.drop(1);
}

/** The word as a binary string of its UTF-8 bytes, ASCII letters lowercased; null for words of 2 bytes or fewer. */
function wordBytes(word, ascii) {
  if (ascii) return word.length <= 2 ? null : word.toLowerCase();
  const bytes = encoder.encode(word);
  if (bytes.length <= 2) return null;
  let b = '';
  for (const c of bytes) b += String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c); // ASCII lowercase
  return b;
}

/** The Porter stem of a word. */
export function stem(word) {
  // Most words are ASCII: one character per byte already.
  const ascii = ASCII.test(word);
  const b = wordBytes(word, ascii);
  if (b === null) return word;
  const w = new Word(b);
  step1ab(w);
  step1c(w);
  if (w.b.length >= 2) w.applyFirst(rulesFor(STEP2, w.last(2)));
  w.applyFirst(rulesFor(STEP3, w.last(1)));
  step4(w);
  step5(w);
  if (ascii) return w.b;
  return decoder.decode(Uint8Array.from(w.b, (ch) => ch.charCodeAt(0)));
}
