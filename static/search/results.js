// pressroom search: the results in the page, grouped by transcript. Every
// piece of data is put into the page with textContent / createElement, never
// as HTML.

import { parseRef } from './format.js';

// Transcripts rendered at once, a button shows more: five, each with up to
// HITS_PER_GROUP exchanges, fill a screen or two (Pagefind's interface
// shows five results too), and each costs the first page its result file.
export const GROUPS_PER_PAGE = 5;
const HITS_PER_GROUP = 3; // hits shown per transcript before "more from this transcript"

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export function plural(n, one, many) {
  return n + ' ' + (n === 1 ? one : many);
}

/** "Question 3" for the anchor q3, "Opening statement" for opening. */
function labelOf(anchor) {
  if (anchor === 'opening') return 'Opening statement';
  return /^q\d+$/.test(anchor) ? 'Question ' + anchor.slice(1) : anchor;
}

/**
 * Result-file data for the given refs of one transcript: {docs: k -> doc,
 * u: page, t: title, d: date}. `files.results(t)` reads the result file of
 * transcript t (its documents in order).
 */
function loadResults(files, refs) {
  const pairs = refs.map(parseRef);
  return Promise.all(pairs.map(([t]) => files.results(t))).then((datas) => {
    const out = { docs: new Map(), u: '', t: '', d: '' };
    datas.forEach((data, i) => {
      const k = pairs[i][1];
      const row = Array.isArray(data.x) ? data.x[k] : null;
      if (Array.isArray(row)) {
        out.docs.set(k, { anchor: String(row[0]), label: labelOf(String(row[0])), asker: row[1], outlet: row[2], snippet: row[3] });
      }
      out.u = out.u || String(data.u || '');
      out.t = out.t || data.t;
      out.d = out.d || data.d;
    });
    return out;
  });
}

/**
 * Append `text` to `parent`, wrapping in <mark> the words whose index token
 * (by `tokenOf`, see processToken) is one of `keys` (the index tokens that
 * matched the query).
 */
function appendHighlighted(parent, text, keys, tokenOf) {
  // Stemming keeps a word's first letter (after the trimmed punctuation):
  // words starting with no key's first letter are not stemmed at all.
  const firsts = new Set();
  keys.forEach((key) => firsts.add(key.charAt(0)));
  let buffer = '';
  String(text).split(/([\s\-]+)/).forEach((part, i) => {
    const lower = i % 2 === 0 ? part.toLowerCase() : '';
    const first = lower.match(/[0-9a-z_]/);
    const token = first && firsts.has(first[0]) ? tokenOf(lower) : null;
    if (token === null || !keys.has(token)) { buffer += part; return; }
    // Mark the word without the punctuation around it.
    const core = part.match(/^([^0-9A-Za-z_]*)([^]*?)([^0-9A-Za-z_]*)$/);
    buffer += core[1];
    parent.appendChild(document.createTextNode(buffer));
    parent.appendChild(el('mark', null, core[2]));
    buffer = core[3];
  });
  if (buffer) parent.appendChild(document.createTextNode(buffer));
}

/** Hits -> [{t, hits}], one per transcript, in order of each one's best hit. */
export function groupByTranscript(hits) {
  const groups = new Map();
  for (const hit of hits) {
    const t = parseRef(hit.ref)[0];
    if (!groups.has(t)) groups.set(t, { t, hits: [] });
    groups.get(t).hits.push(hit);
  }
  return Array.from(groups.values());
}

/**
 * What renders results: `base`, the site's base path; `files`, the search
 * files (see loadResults); `tokenOf`, a cached processToken; `into`, the
 * results element; `current()`, whether the search being rendered is still
 * the latest.
 */
export class ResultsView {
  constructor(base, files, tokenOf, into) {
    this.base = base;
    this.files = files;
    this.tokenOf = tokenOf;
    this.into = into;
  }

  hit(page, doc, keys) {
    const item = el('li', 'search-hit');
    const link = el('a', 'search-hit-link', doc.label || doc.anchor);
    link.href = this.base + page + '#' + doc.anchor;
    item.appendChild(link);
    const who = [doc.asker, doc.outlet].filter(Boolean).join(', ');
    if (who) {
      item.appendChild(document.createTextNode(' '));
      item.appendChild(el('span', 'search-hit-meta', who));
    }
    if (doc.snippet) {
      const snippet = el('p', 'search-hit-snippet');
      appendHighlighted(snippet, doc.snippet, keys, this.tokenOf);
      item.appendChild(snippet);
    }
    return item;
  }

  heading(page, data) {
    const heading = el('h2', 'search-group-title');
    const titleLink = el('a', null, data.t || page);
    titleLink.href = this.base + page;
    heading.appendChild(titleLink);
    if (data.d) {
      heading.appendChild(document.createTextNode(' '));
      const time = el('time', 'search-group-date', data.d);
      time.setAttribute('datetime', data.d);
      heading.appendChild(time);
    }
    return heading;
  }

  group(group, data, keys) {
    const page = data.u;
    const section = el('section', 'search-group');
    section.appendChild(this.heading(page, data));
    const list = el('ol', 'search-hits');
    const showHits = (hits, docs) => {
      for (const hit of hits) {
        const doc = docs.get(parseRef(hit.ref)[1]);
        if (doc) list.appendChild(this.hit(page, doc, keys));
      }
    };
    showHits(group.hits.slice(0, HITS_PER_GROUP), data.docs);
    section.appendChild(list);
    const rest = group.hits.slice(HITS_PER_GROUP);
    if (rest.length) {
      const more = el('button', 'search-group-more',
        'Show ' + plural(rest.length, 'more result', 'more results') + ' from this transcript');
      more.type = 'button';
      more.addEventListener('click', () => {
        more.disabled = true;
        loadResults(this.files, rest.map((hit) => hit.ref)).then((extra) => {
          const before = list.querySelectorAll('.search-hit-link').length;
          showHits(rest, extra.docs);
          more.remove();
          const next = list.querySelectorAll('.search-hit-link')[before];
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
   * Resolves to the first section rendered (null when `current()` says the
   * search is superseded).
   */
  groups(groups, from, keys, current, more) {
    const page = groups.slice(from, from + GROUPS_PER_PAGE);
    return Promise.all(page.map((g) => loadResults(this.files, g.hits.slice(0, HITS_PER_GROUP).map((hit) => hit.ref)))).then((datas) => {
      if (!current()) return null;
      const oldMore = this.into.querySelector('.search-more');
      if (oldMore) oldMore.remove();
      let firstNew = null;
      page.forEach((group, i) => {
        const section = this.group(group, datas[i], keys);
        if (!firstNew) firstNew = section;
        this.into.appendChild(section);
      });
      const rest = groups.length - from - page.length;
      if (rest > 0 || more) this.into.appendChild(this.moreButton(groups, from, keys, current, more));
      return firstNew;
    });
  }

  moreButton(groups, from, keys, current, more) {
    const button = el('button', 'search-more', 'Show more transcripts');
    button.type = 'button';
    button.addEventListener('click', () => {
      button.disabled = true;
      const next = more ? more(from + GROUPS_PER_PAGE) : this.groups(groups, from + GROUPS_PER_PAGE, keys, current, null);
      next.then((first) => {
        const link = first && first.querySelector('a');
        if (link) link.focus();
      });
    });
    return button;
  }
}
