// pressroom search: the filters by journalist, outlet, topic and year (the
// facet files f/... that src/search/facets.rs writes).

import { parseRef } from './format.js';

export const FILTERS = ['asker', 'outlet', 'topic', 'year'];

/**
 * The filter boxes of the page and their values (slugs, years); `files`
 * reads the facet files (json(path)), `submit(note)` searches again.
 */
export class Filters {
  constructor(doc, files, submit) {
    this.doc = doc;
    this.files = files;
    this.submit = submit;
    this.els = {};
    for (const name of FILTERS) this.els[name] = doc.getElementById('filter-' + name);
    this.box = doc.getElementById('search-filters');
    this.values = { asker: '', outlet: '', topic: '', year: '' };
    this.people = { asker: null, outlet: null }; // kind -> [[slug, name, count]] once loaded
  }

  /** The values of the URL's parameters. */
  readUrl(params) {
    for (const name of FILTERS) this.values[name] = (params.get(name) || '').trim();
  }

  /** Puts the values into `url`'s parameters. */
  writeUrl(url) {
    for (const name of FILTERS) {
      if (this.values[name]) url.searchParams.set(name, this.values[name]);
      else url.searchParams.delete(name);
    }
  }

  active() {
    return FILTERS.filter((name) => this.values[name]);
  }

  /** The journalist or outlet list, for the datalist and to map names to slugs. */
  loadPeople(kind) {
    return this.files.json('f/' + kind + '.json').then((list) => {
      if (!this.people[kind]) {
        this.people[kind] = list;
        const datalist = this.doc.getElementById('filter-' + kind + '-list');
        if (datalist) {
          const fragment = this.doc.createDocumentFragment();
          for (const entry of list) {
            const option = this.doc.createElement('option');
            option.value = entry[1];
            option.label = entry[1] + ' (' + entry[2] + ')';
            fragment.appendChild(option);
          }
          datalist.appendChild(fragment);
        }
      }
      return list;
    });
  }

  /** Fills the boxes from the manifest `m` and listens to them. */
  setUp(m) {
    if (!this.box) return;
    const fill = (select, entries, text) => {
      if (!select) return;
      for (const entry of entries) {
        const option = this.doc.createElement('option');
        option.value = entry[0];
        option.textContent = text(entry);
        select.appendChild(option);
      }
    };
    fill(this.els.year, m.years || [], (e) => e[0] + ' (' + e[1] + ')');
    fill(this.els.topic, m.topics || [], (e) => e[1] + ' (' + e[2] + ')');
    const topicField = this.doc.getElementById('filter-topic-field');
    if (topicField) topicField.hidden = !(m.topics && m.topics.length);
    this.box.hidden = false;
    for (const name of ['year', 'topic']) this.listenToSelect(name);
    for (const kind of ['asker', 'outlet']) this.listenToName(kind);
    // Show the names of the journalist and outlet given in the URL.
    for (const kind of ['asker', 'outlet']) {
      if (!this.values[kind] || !this.els[kind]) continue;
      this.loadPeople(kind).then((list) => {
        const entry = list.find((e) => e[0] === this.values[kind]);
        this.els[kind].value = entry ? entry[1] : this.values[kind];
      }).catch(() => {});
    }
  }

  listenToSelect(name) {
    const select = this.els[name];
    if (!select) return;
    select.value = this.values[name];
    if (select.value !== this.values[name]) this.values[name] = '';
    select.addEventListener('change', () => {
      this.values[name] = select.value;
      this.submit();
    });
  }

  listenToName(kind) {
    const box = this.els[kind];
    if (!box) return;
    box.addEventListener('focus', () => { this.loadPeople(kind).catch(() => {}); });
    box.addEventListener('change', () => {
      const name = box.value.trim().toLowerCase();
      if (!name) { this.values[kind] = ''; this.submit(); return; }
      this.loadPeople(kind).then((list) => {
        const entry = list.find((e) => e[1].toLowerCase() === name || e[0] === name);
        this.values[kind] = entry ? entry[0] : '';
        if (entry) box.value = entry[1];
        this.submit(entry ? null : 'No ' + (kind === 'asker' ? 'journalist' : 'outlet') + ' named “' + box.value.trim() + '”.');
      });
    });
  }

  /** A predicate on refs for the active filters (null when none), from the facet files. */
  predicate() {
    const active = this.active();
    if (!active.length) return Promise.resolve(null);
    return Promise.all(active.map((name) =>
      this.files.json('f/' + name + '/' + encodeURIComponent(this.values[name]) + '.json').catch(() => ({ r: [], t: [] })), // an unknown value matches nothing
    )).then((facets) => {
      // A facet lists documents (r), transcripts (t), or both (topics).
      const tests = facets.map((facet) => {
        const refs = new Set(facet.r || []);
        const ts = new Set(facet.t || []);
        return (ref) => refs.has(ref) || ts.has(parseRef(ref)[0]);
      });
      const predicate = (ref) => tests.every((test) => test(ref));
      // Filters alone list a journalist's or outlet's documents.
      predicate.refs = null;
      active.forEach((name, i) => {
        if (!predicate.refs && (name === 'asker' || name === 'outlet')) predicate.refs = facets[i].r || [];
      });
      return predicate;
    });
  }
}
