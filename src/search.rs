//! The client-side search index, split into shards by term prefix.
//!
//! Documents are the exchanges and opening statements of every transcript;
//! fields: title, asker, outlet, question, answer. The text goes through
//! elasticlunr-rs's English pipeline once; the resulting terms, sorted, are
//! cut into contiguous ranges ("shards") of about [`SHARD_BYTES`] each. Each
//! shard is an elasticlunr.js 0.9.5-compatible index, built by elasticlunr-rs
//! and serialized inside its own rayon task (its `Index` is not `Send`).
//!
//! Files under `search/` (see `static/search.js`, which reads them):
//! - `manifest.json`: format version, document count, fields, the lower bound
//!   (a term prefix) of every shard, years and topics with counts.
//! - `s/<n>.json`: shard `n`, holding every posting of the terms from
//!   `shards[n]` (inclusive) up to `shards[n + 1]` (exclusive). Because a term
//!   lives in exactly one shard, its `df` is the archive-wide one, and
//!   `documentStore.length` is the archive-wide document count, so scores
//!   agree across shards. The per-document field-length norm of elasticlunr
//!   (1/sqrt(length)) is folded into `tf`, so no shard needs the per-document
//!   `docInfo` table; elasticlunr.js then uses a norm of 1 and computes the
//!   same score. Trie nodes without postings carry no `docs`/`df`.
//!   A term found in more than [`TOP_POSTINGS`] documents keeps only the
//!   postings of the documents where it weighs most (its `df`s stay the
//!   archive-wide ones, so a reader sees the lists are cut, and the lowest
//!   kept weight bounds what any other document could score); the others go
//!   to `m/<n>.json`, the shard's overflow in the same format, listed in the
//!   manifest's `more` (with its size in `moreBytes`).
//! - `d/<t>.<c>.json`: what results show for documents `c * DOCS_PER_FILE`..
//!   of transcript `t` (both base 36): page URL, title, date, and per
//!   document its anchor, label, asker, outlet, snippet.
//! - `f/asker.json`, `f/outlet.json`: `[slug, name, count]` of every
//!   journalist and outlet that asks; `f/<kind>/<slug>.json`: the documents of
//!   one journalist or outlet (`{"r": [ref, ...]}`), year (`{"t":
//!   [transcript, ...]}`) or topic (both: the transcripts tagged with it and
//!   the exchanges its keywords found).
//!
//! With `PRESSROOM_SEARCH_SINGLE=1` in the environment, also `single.json`:
//! the same documents in one classic elasticlunr-rs index, which the browser
//! tests and `bench/measure.mjs` rank against to check the shards.
//!
//! A document's ref is `<t>.<k>` in base 36: transcript `t` (archive order)
//! and document `k` of that transcript (the opening statement, when there is
//! one, then the exchanges in order).

use elasticlunr::lang::{English, Language};
use elasticlunr::pipeline::{FnWrapper, Pipeline};
use elasticlunr::IndexBuilder;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::model::{Role, Turn};
use crate::render::File;
use crate::resolve::Archive;
use crate::slug::slugify;
use crate::topics::Topic;

/// Fields of the search index, in order.
pub const SEARCH_FIELDS: [&str; 5] = ["title", "asker", "outlet", "question", "answer"];

/// Version of the file layout above, in `manifest.json`.
pub const FORMAT: u32 = 1;

/// About how many bytes of JSON one shard holds (before compression).
pub const SHARD_BYTES: usize = 100_000;

/// Documents per result file `d/<t>.<c>.json`: a result list reads the few
/// snippets it shows, not whole transcripts.
pub const DOCS_PER_FILE: usize = 8;

/// Small archives are still cut into at least this many shards (when they
/// have enough terms), so a query never loads the whole index.
const MIN_SHARDS: usize = 8;

/// Documents a shard keeps per term: those where the term weighs most
/// (sum over fields of boost * idf * folded tf); the postings of the others
/// go to the shard's overflow file `m/<n>.json`, read only when the kept ones
/// cannot prove the top results.
pub const TOP_POSTINGS: usize = 1000;

/// Field boosts, as in `static/search.js` (FIELD_BOOSTS), in field order.
const FIELD_BOOSTS: [f64; 5] = [2.0, 3.0, 3.0, 1.0, 1.0];

/// Significant digits kept of a folded term frequency.
const TF_DIGITS: usize = 4;

/// What the search results list shows for one document.
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    /// Anchor on the transcript page: `opening` or `qN`.
    pub anchor: String,
    /// "Question 3" or "Opening statement".
    pub label: String,
    /// Who asked.
    pub asker: Option<String>,
    /// Their outlet.
    pub outlet: Option<String>,
    /// The first words of the question and answer.
    pub snippet: String,
}

/// Plain text of turns of the given side, Markdown markers and all.
fn text_of<'a>(turns: impl Iterator<Item = &'a Turn>, press: bool) -> String {
    turns.filter(|t| (t.role == Role::Press) == press).map(|t| t.text.as_str()).collect::<Vec<_>>().join("\n")
}

/// The first `n` characters of `text`, cut at a word.
pub fn snippet(text: &str, n: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= n {
        return flat;
    }
    let cut: String = flat.chars().take(n).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut}…")
}

/// `n` in base 36, lowercase.
pub fn base36(mut n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}

/// The ref of document `k` of transcript `t`.
pub fn doc_ref(t: usize, k: usize) -> String {
    format!("{}.{}", base36(t), base36(k))
}

/// One search document: its field texts and what results show.
struct Doc {
    fields: [String; 5],
    show: SearchDoc,
    /// Person slug of the asker, archive outlet slug.
    asker_slug: Option<String>,
    outlet_slug: Option<String>,
}

/// The documents of every transcript, in archive order.
fn documents(archive: &Archive) -> Vec<Vec<Doc>> {
    archive
        .transcripts
        .iter()
        .map(|page| {
            let t = &page.transcript;
            let mut docs = Vec::new();
            if !t.opening.is_empty() {
                let answer = text_of(t.opening.iter(), false);
                docs.push(Doc {
                    show: SearchDoc { anchor: "opening".into(), label: "Opening statement".into(), asker: None, outlet: None, snippet: snippet(&answer, 240) },
                    fields: [t.title.clone(), String::new(), String::new(), String::new(), answer],
                    asker_slug: None,
                    outlet_slug: None,
                });
            }
            for e in &t.exchanges {
                let asker = e.asker.as_deref().and_then(|a| t.speaker(a)).and_then(|s| s.name.clone());
                let question = text_of(e.turns.iter(), true);
                let answer = text_of(e.turns.iter(), false);
                let n = e.id.trim_start_matches('q');
                docs.push(Doc {
                    show: SearchDoc {
                        anchor: e.id.clone(),
                        label: format!("Question {n}"),
                        asker: asker.clone(),
                        outlet: e.outlet.clone(),
                        snippet: snippet(&format!("{question} — {answer}"), 300),
                    },
                    fields: [t.title.clone(), asker.unwrap_or_default(), e.outlet.clone().unwrap_or_default(), question, answer],
                    asker_slug: e.asker.as_ref().and_then(|a| page.people.get(a)).cloned(),
                    outlet_slug: e.outlet.as_ref().and_then(|o| page.outlets.get(o)).cloned(),
                });
            }
            docs
        })
        .collect()
}

/// The language of the shard indexes: text arrives already analyzed (terms
/// separated by spaces), so tokenizing splits on spaces and the pipeline
/// changes nothing. Its functions carry the English pipeline's names, which
/// is what the serialized index must name for elasticlunr.js to load it and
/// run queries through the same steps.
#[derive(Clone, Copy)]
struct Analyzed;

fn unchanged(token: String) -> Option<String> {
    Some(token)
}

impl Language for Analyzed {
    fn name(&self) -> String {
        "English".into()
    }
    fn code(&self) -> String {
        "en".into()
    }
    fn tokenize(&self, text: &str) -> Vec<String> {
        text.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect()
    }
    fn make_pipeline(&self) -> Pipeline {
        Pipeline {
            queue: vec![
                Box::new(FnWrapper("trimmer".into(), unchanged)),
                Box::new(FnWrapper("stopWordFilter".into(), unchanged)),
                Box::new(FnWrapper("stemmer".into(), unchanged)),
            ],
        }
    }
}

/// One (term, field, document) occurrence count.
#[derive(Debug, Clone, Copy)]
struct Posting {
    t: u32,
    k: u32,
    field: u8,
    count: u32,
}

/// Per document and field, the number of index tokens (elasticlunr's field
/// length), and every term's postings, terms sorted.
struct Analysis {
    lengths: Vec<Vec<[u32; 5]>>,
    terms: Vec<(String, Vec<Posting>)>,
}

/// Runs every field of every document through elasticlunr-rs's English
/// pipeline (in parallel, one pipeline per worker) and inverts the result.
fn analyze(docs: &[Vec<Doc>]) -> Analysis {
    type Local = (Vec<[u32; 5]>, Vec<(String, Posting)>);
    let per_transcript: Vec<Local> = docs
        .par_iter()
        .enumerate()
        .map_init(
            || {
                let lang = English::new();
                let pipeline = lang.make_pipeline();
                (lang, pipeline)
            },
            |(lang, pipeline), (t, tdocs)| {
                let mut lengths = Vec::with_capacity(tdocs.len());
                let mut postings = Vec::new();
                for (k, doc) in tdocs.iter().enumerate() {
                    let mut lens = [0u32; 5];
                    for (f, text) in doc.fields.iter().enumerate() {
                        let tokens = pipeline.run(lang.tokenize(text));
                        lens[f] = tokens.len() as u32;
                        let mut counts: HashMap<String, u32> = HashMap::new();
                        for token in tokens {
                            *counts.entry(token).or_insert(0) += 1;
                        }
                        for (term, count) in counts {
                            postings.push((term, Posting { t: t as u32, k: k as u32, field: f as u8, count }));
                        }
                    }
                    lengths.push(lens);
                }
                (lengths, postings)
            },
        )
        .collect();
    let mut lengths = Vec::with_capacity(per_transcript.len());
    let mut index: HashMap<String, Vec<Posting>> = HashMap::new();
    for (lens, postings) in per_transcript {
        lengths.push(lens);
        for (term, posting) in postings {
            match index.get_mut(term.as_str()) {
                Some(list) => list.push(posting),
                None => {
                    index.insert(term, vec![posting]);
                }
            }
        }
    }
    let mut terms: Vec<(String, Vec<Posting>)> = index.into_iter().collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Analysis { lengths, terms }
}

/// A rough size in bytes of a term's part of a serialized shard.
fn term_bytes(term: &str, postings: &[Posting]) -> usize {
    let refs: usize = postings.iter().map(|p| doc_ref(p.t as usize, p.k as usize).len() + 18).sum();
    refs + term.len() * 8 + 20
}

/// Cuts the sorted terms into contiguous shards: start index of each shard
/// and its lower bound, the shortest prefix of its first term that sorts
/// after the previous shard's last term.
fn plan_shards(terms: &[(String, Vec<Posting>)]) -> Vec<(usize, String)> {
    let sizes: Vec<usize> = terms.par_iter().map(|(term, p)| term_bytes(term, p)).collect();
    let total: usize = sizes.iter().sum();
    let target = SHARD_BYTES.min(total / MIN_SHARDS).max(1);
    let mut shards = vec![(0usize, String::new())];
    let mut size = 0;
    for (i, s) in sizes.iter().enumerate() {
        if size > 0 && size + s / 2 > target {
            let prev = terms[i - 1].0.as_str();
            let first = terms[i].0.as_str();
            let bound = first
                .char_indices()
                .map(|(at, c)| &first[..at + c.len_utf8()])
                .find(|prefix| *prefix > prev)
                .unwrap_or(first);
            shards.push((i, bound.to_string()));
            size = 0;
        }
        size += s;
    }
    shards
}

/// Rounds to [`TF_DIGITS`] significant digits.
fn round_sig(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    format!("{:.*e}", TF_DIGITS - 1, x).parse().unwrap_or(x)
}

/// Parses a `<t>.<k>` ref.
fn parse_ref(r: &str) -> Option<(usize, usize)> {
    let (t, k) = r.split_once('.')?;
    Some((usize::from_str_radix(t, 36).ok()?, usize::from_str_radix(k, 36).ok()?))
}

/// Rewrites elasticlunr-rs's JSON of a shard as it is copied, without
/// building a tree (which costs more than building the index): replaces the
/// `documentStore` (archive-wide `length`, no per-document tables), folds the
/// length norm into every posting's `tf`, and drops the empty `docs`/`df` of
/// trie nodes that end no term (the roots keep theirs).
struct Rewriter<'a> {
    s: &'a [u8],
    i: usize,
    out: Vec<u8>,
    lengths: &'a [Vec<[u32; 5]>],
    /// Archive-wide df per field of the terms whose documents were split.
    dfs: &'a HashMap<String, [u32; 5]>,
}

impl<'a> Rewriter<'a> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8) {
        assert!(self.eat(c), "search shard JSON: expected '{}' at byte {}", c as char, self.i);
    }

    /// A string, quotes and escapes included, as it stands.
    fn string(&mut self) -> &'a [u8] {
        self.ws();
        let start = self.i;
        assert_eq!(self.s.get(self.i), Some(&b'"'), "search shard JSON: expected a string at byte {}", self.i);
        self.i += 1;
        while self.s[self.i] != b'"' {
            self.i += if self.s[self.i] == b'\\' { 2 } else { 1 };
        }
        self.i += 1;
        &self.s[start..self.i]
    }

    /// Any value, as it stands.
    fn value(&mut self) -> &'a [u8] {
        self.ws();
        let start = self.i;
        match self.s[self.i] {
            b'"' => {
                self.string();
            }
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.s[self.i] {
                        b'"' => {
                            self.string();
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while self.i < self.s.len() && !matches!(self.s[self.i], b',' | b'}' | b']') && !self.s[self.i].is_ascii_whitespace() {
                    self.i += 1;
                }
            }
        }
        &self.s[start..self.i]
    }

    /// Calls `f(key)` for each entry of an object; `f` consumes the value.
    fn entries(&mut self, mut f: impl FnMut(&mut Self, &'a [u8])) {
        self.expect(b'{');
        if self.eat(b'}') {
            return;
        }
        loop {
            let key = self.string();
            self.expect(b':');
            f(self, key);
            if self.eat(b'}') {
                return;
            }
            self.expect(b',');
        }
    }

    fn comma(out: &mut Vec<u8>, first: &mut bool) {
        if !*first {
            out.push(b',');
        }
        *first = false;
    }

    fn top(&mut self, total_docs: usize) {
        self.out.push(b'{');
        let mut first = true;
        self.entries(|r, key| {
            Self::comma(&mut r.out, &mut first);
            r.out.extend_from_slice(key);
            r.out.push(b':');
            match key {
                b"\"index\"" => {
                    r.out.push(b'{');
                    let mut first_field = true;
                    r.entries(|r, field| {
                        let name = std::str::from_utf8(&field[1..field.len() - 1]).unwrap_or("");
                        let f = SEARCH_FIELDS.iter().position(|x| *x == name).unwrap_or(usize::MAX);
                        Self::comma(&mut r.out, &mut first_field);
                        r.out.extend_from_slice(field);
                        r.out.extend_from_slice(b":{");
                        let mut first_root = true;
                        r.entries(|r, key| {
                            Self::comma(&mut r.out, &mut first_root);
                            r.out.extend_from_slice(key);
                            r.out.push(b':');
                            if key == b"\"root\"" {
                                r.node(f, true, &mut String::new());
                            } else {
                                let v = r.value();
                                r.out.extend_from_slice(v);
                            }
                        });
                        r.out.push(b'}');
                    });
                    r.out.push(b'}');
                }
                b"\"documentStore\"" => {
                    r.value();
                    let store = format!(r#"{{"docInfo":{{}},"docs":{{}},"length":{total_docs},"save":false}}"#);
                    r.out.extend_from_slice(store.as_bytes());
                }
                _ => {
                    let v = r.value();
                    r.out.extend_from_slice(v);
                }
            }
        });
        self.out.push(b'}');
    }

    /// A trie node of field `field`.
    fn node(&mut self, field: usize, root: bool, path: &mut String) {
        self.out.push(b'{');
        let mut first = true;
        let mut has_docs = false;
        self.entries(|r, key| match key {
            b"\"docs\"" => {
                let mut docs = Vec::new();
                r.entries(|r, doc| {
                    let mut tf = 0.0f64;
                    r.entries(|r, k| {
                        let v = r.value();
                        if k == b"\"tf\"" {
                            tf = std::str::from_utf8(v).ok().and_then(|v| v.parse().ok()).unwrap_or(0.0);
                        }
                    });
                    let len = std::str::from_utf8(&doc[1..doc.len() - 1])
                        .ok()
                        .and_then(parse_ref)
                        .and_then(|(t, k)| r.lengths.get(t)?.get(k))
                        .and_then(|l| l.get(field).copied())
                        .unwrap_or(0);
                    let folded = if len > 0 { tf / f64::from(len).sqrt() } else { tf };
                    if !docs.is_empty() {
                        docs.push(b',');
                    }
                    docs.extend_from_slice(doc);
                    docs.extend_from_slice(format!(r#":{{"tf":{}}}"#, round_sig(folded)).as_bytes());
                });
                has_docs = !docs.is_empty();
                if has_docs || root {
                    Self::comma(&mut r.out, &mut first);
                    r.out.extend_from_slice(b"\"docs\":{");
                    r.out.extend_from_slice(&docs);
                    r.out.push(b'}');
                }
            }
            b"\"df\"" => {
                let v = r.value();
                if has_docs || root {
                    Self::comma(&mut r.out, &mut first);
                    r.out.extend_from_slice(b"\"df\":");
                    match r.dfs.get(path.as_str()).map(|d| d[field]).filter(|d| *d > 0) {
                        Some(df) => r.out.extend_from_slice(df.to_string().as_bytes()),
                        None => r.out.extend_from_slice(v),
                    }
                }
            }
            _ => {
                Self::comma(&mut r.out, &mut first);
                r.out.extend_from_slice(key);
                r.out.push(b':');
                let at = path.len();
                match serde_json::from_slice::<String>(key) {
                    Ok(ch) => path.push_str(&ch),
                    Err(_) => path.push('\u{fffd}'),
                }
                r.node(field, false, path);
                path.truncate(at);
            }
        });
        self.out.push(b'}');
    }
}

/// Builds and serializes one shard, inside the calling (rayon) task: the
/// shard itself and, when some term has more than [`TOP_POSTINGS`] postings in
/// a field, its overflow (the other postings, in the same format).
fn build_shard(terms: &[(String, Vec<Posting>)], lengths: &[Vec<[u32; 5]>], total_docs: usize) -> (Vec<u8>, Option<Vec<u8>>) {
    let folded = |p: &Posting| {
        let len = lengths[p.t as usize][p.k as usize][p.field as usize].max(1);
        (f64::from(p.count) / f64::from(len)).sqrt()
    };
    let mut kept: Vec<(&str, Vec<Posting>)> = Vec::with_capacity(terms.len());
    let mut overflow: Vec<(&str, Vec<Posting>)> = Vec::new();
    let mut dfs: HashMap<String, [u32; 5]> = HashMap::new();
    for (term, postings) in terms {
        // Postings are grouped by document (analysis emits them so).
        let mut weights: HashMap<(u32, u32), f64> = HashMap::new();
        let mut df = [0u32; 5];
        for p in postings {
            df[p.field as usize] += 1;
        }
        if postings.len() <= TOP_POSTINGS {
            kept.push((term, postings.clone()));
            continue;
        }
        for p in postings {
            let f = p.field as usize;
            let idf = 1.0 + (total_docs as f64 / (f64::from(df[f]) + 1.0)).ln();
            *weights.entry((p.t, p.k)).or_insert(0.0) += FIELD_BOOSTS[f] * idf * folded(p);
        }
        if weights.len() <= TOP_POSTINGS {
            kept.push((term, postings.clone()));
            continue;
        }
        let mut order: Vec<((u32, u32), f64)> = weights.into_iter().collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut keep: std::collections::HashSet<(u32, u32)> = order[..TOP_POSTINGS].iter().map(|d| d.0).collect();
        // Keep a posting in every field that has one, so that each field's
        // node exists and shows, by its df, whether its list is cut.
        let mut covered = [false; 5];
        for p in postings.iter().filter(|p| keep.contains(&(p.t, p.k))) {
            covered[p.field as usize] = true;
        }
        for (doc, _) in &order[TOP_POSTINGS..] {
            if covered.iter().enumerate().all(|(f, c)| *c || df[f] == 0) {
                break;
            }
            let fields: Vec<usize> = postings.iter().filter(|p| (p.t, p.k) == *doc).map(|p| p.field as usize).collect();
            if fields.iter().any(|f| !covered[*f]) {
                keep.insert(*doc);
                fields.iter().for_each(|f| covered[*f] = true);
            }
        }
        let (top, rest): (Vec<Posting>, Vec<Posting>) = postings.iter().partition(|p| keep.contains(&(p.t, p.k)));
        dfs.insert(term.clone(), df);
        kept.push((term, top));
        overflow.push((term, rest));
    }
    let main = index_json(&kept, lengths, total_docs, &dfs);
    let more = (!overflow.is_empty()).then(|| index_json(&overflow, lengths, total_docs, &dfs));
    (main, more)
}

/// One elasticlunr-rs index of the given postings, serialized and rewritten.
fn index_json(terms: &[(&str, Vec<Posting>)], lengths: &[Vec<[u32; 5]>], total_docs: usize, dfs: &HashMap<String, [u32; 5]>) -> Vec<u8> {
    // Each document's analyzed text, restricted to these terms.
    let mut texts: BTreeMap<(u32, u32), [String; 5]> = BTreeMap::new();
    for (term, postings) in terms {
        for p in postings {
            let fields = texts.entry((p.t, p.k)).or_default();
            let text = &mut fields[p.field as usize];
            for _ in 0..p.count {
                text.push_str(term);
                text.push(' ');
            }
        }
    }
    let mut index = IndexBuilder::with_language(Box::new(Analyzed)).save_docs(false).add_fields(SEARCH_FIELDS).build();
    for ((t, k), fields) in &texts {
        index.add_doc(&doc_ref(*t as usize, *k as usize), fields.iter());
    }
    drop(texts);
    let json = index.to_json();
    drop(index);
    let mut rewriter = Rewriter { s: json.as_bytes(), i: 0, out: Vec::with_capacity(json.len() * 3 / 4), lengths, dfs };
    rewriter.top(total_docs);
    rewriter.out
}

fn json_file(path: PathBuf, value: &impl Serialize) -> File {
    (path, serde_json::to_vec(value).expect("search file serializes"))
}

/// Builds the search files (see the module documentation), with a topic
/// filter over the topics given in the transcripts' front matter; see
/// [`build_with_topics`] for the archive's topics.
pub fn build(archive: &Archive) -> Vec<File> {
    build_with_topics(archive, &front_matter_topics(archive))
}

/// The topics named in the transcripts' front matter.
fn front_matter_topics(archive: &Archive) -> Vec<Topic> {
    let mut topics: BTreeMap<String, Topic> = BTreeMap::new();
    for (t, page) in archive.transcripts.iter().enumerate() {
        for name in &page.transcript.topics {
            let slug = slugify(name, "");
            if slug.is_empty() {
                continue;
            }
            let topic = topics.entry(slug.clone()).or_insert_with(|| Topic { slug, title: name.clone(), exchanges: Vec::new(), transcripts: Vec::new() });
            if topic.transcripts.last() != Some(&t) {
                topic.transcripts.push(t);
            }
        }
    }
    topics.into_values().collect()
}

/// Builds the search files (see the module documentation); `topics` (those
/// of [`crate::index::Indexes`]) give the topic filter.
pub fn build_with_topics(archive: &Archive, topics: &[Topic]) -> Vec<File> {
    let docs = documents(archive);
    let total_docs: usize = docs.iter().map(Vec::len).sum();
    let Analysis { lengths, terms } = analyze(&docs);
    let plan = plan_shards(&terms);
    let dir = Path::new("search");

    let built: Vec<(Vec<u8>, Option<Vec<u8>>)> = plan
        .par_iter()
        .enumerate()
        .map(|(n, (start, _))| {
            let end = plan.get(n + 1).map(|s| s.0).unwrap_or(terms.len());
            build_shard(&terms[*start..end], &lengths, total_docs)
        })
        .collect();
    drop(terms);
    let mut files: Vec<File> = Vec::new();
    let mut more = Vec::new();
    let mut more_bytes = Vec::new();
    for (n, (main, overflow)) in built.into_iter().enumerate() {
        files.push((dir.join("s").join(format!("{n}.json")), main));
        if let Some(overflow) = overflow {
            more.push(n);
            more_bytes.push(overflow.len());
            files.push((dir.join("m").join(format!("{n}.json")), overflow));
        }
    }

    // What results show, by transcript, DOCS_PER_FILE documents a file.
    for (t, (page, tdocs)) in archive.transcripts.iter().zip(&docs).enumerate() {
        let tr = &page.transcript;
        for (c, chunk) in tdocs.chunks(DOCS_PER_FILE).enumerate() {
            let shown: Vec<&SearchDoc> = chunk.iter().map(|d| &d.show).collect();
            let value = json!({ "u": format!("{}/", page.slug), "t": tr.title, "d": tr.date.map(|d| d.to_string()), "x": shown });
            files.push(json_file(dir.join("d").join(format!("{}.{}.json", base36(t), base36(c))), &value));
        }
    }

    // Facets: journalists and outlets by document, years by transcript,
    // topics both ways.
    let mut askers: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut outlets: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut years: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (t, (page, tdocs)) in archive.transcripts.iter().zip(&docs).enumerate() {
        if let Some(date) = page.transcript.date {
            years.entry(date.format("%Y").to_string()).or_default().push(t);
        }
        for (k, doc) in tdocs.iter().enumerate() {
            if let Some(slug) = &doc.asker_slug {
                let name = archive.person(slug).map(|p| p.name.clone()).or_else(|| doc.show.asker.clone()).unwrap_or_else(|| slug.clone());
                askers.entry(slug.clone()).or_insert_with(|| (name, Vec::new())).1.push(doc_ref(t, k));
            }
            if let Some(slug) = &doc.outlet_slug {
                let name = archive.outlet_by_slug(slug).map(|o| o.name.clone()).or_else(|| doc.show.outlet.clone()).unwrap_or_else(|| slug.clone());
                outlets.entry(slug.clone()).or_insert_with(|| (name, Vec::new())).1.push(doc_ref(t, k));
            }
        }
    }
    let f = dir.join("f");
    for (kind, map) in [("asker", &askers), ("outlet", &outlets)] {
        let list: Vec<(&String, &String, usize)> = map.iter().map(|(slug, (name, refs))| (slug, name, refs.len())).collect();
        files.push(json_file(f.join(format!("{kind}.json")), &list));
        for (slug, (_, refs)) in map {
            files.push(json_file(f.join(kind).join(format!("{slug}.json")), &json!({ "r": refs })));
        }
    }
    for (year, ts) in &years {
        files.push(json_file(f.join("year").join(format!("{year}.json")), &json!({ "t": ts })));
    }
    // A topic holds the transcripts tagged with it and the exchanges its
    // keywords found (see crate::topics).
    let first_doc = |t: usize| usize::from(!archive.transcripts[t].transcript.opening.is_empty());
    let topics: Vec<&Topic> = topics.iter().filter(|t| !t.slug.is_empty() && (!t.transcripts.is_empty() || !t.exchanges.is_empty())).collect();
    for topic in &topics {
        let refs: Vec<String> = topic.exchanges.iter().map(|&(t, e)| doc_ref(t, first_doc(t) + e)).collect();
        files.push(json_file(f.join("topic").join(format!("{}.json", topic.slug)), &json!({ "t": topic.transcripts, "r": refs })));
    }

    let manifest = json!({
        "format": FORMAT,
        "docs": total_docs,
        "transcripts": archive.transcripts.len(),
        "chunk": DOCS_PER_FILE,
        "fields": SEARCH_FIELDS,
        "shards": plan.iter().map(|s| s.1.as_str()).collect::<Vec<_>>(),
        "more": more,
        "moreBytes": more_bytes,
        "years": years.iter().rev().map(|(y, ts)| json!([y, ts.len()])).collect::<Vec<_>>(),
        "topics": topics.iter().map(|t| json!([t.slug, t.title, t.transcripts.len().max(t.exchanges.len())])).collect::<Vec<_>>(),
        "askers": askers.len(),
        "outlets": outlets.len(),
    });
    files.push(json_file(dir.join("manifest.json"), &manifest));

    // For the benchmark's relevance check only: the same documents in one
    // classic elasticlunr-rs index.
    if std::env::var("PRESSROOM_SEARCH_SINGLE").is_ok_and(|v| !v.is_empty() && v != "0") {
        files.push((dir.join("single.json"), single_index(&docs).into_bytes()));
    }
    files
}

/// All documents in one elasticlunr-rs index, the classic way (full
/// `documentStore`, English pipeline), with the same refs as the shards.
fn single_index(docs: &[Vec<Doc>]) -> String {
    let mut index = IndexBuilder::new().save_docs(false).add_fields(SEARCH_FIELDS).build();
    for (t, tdocs) in docs.iter().enumerate() {
        for (k, doc) in tdocs.iter().enumerate() {
            index.add_doc(&doc_ref(t, k), doc.fields.iter());
        }
    }
    index.to_json()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_cut_at_words() {
        assert_eq!(snippet("a  b\nc", 10), "a b c");
        assert_eq!(snippet("hello wonderful world", 12), "hello…");
    }

    #[test]
    fn refs_are_short_and_parse_back() {
        assert_eq!(doc_ref(0, 0), "0.0");
        assert_eq!(doc_ref(36 * 36 + 1, 35), "101.z");
        assert_eq!(parse_ref("101.z"), Some((36 * 36 + 1, 35)));
    }

    #[test]
    fn tf_keeps_four_digits() {
        assert_eq!(round_sig(0.0512345), 0.05123);
        assert_eq!(round_sig(1.0), 1.0);
    }

    fn term(s: &str, n: usize) -> (String, Vec<Posting>) {
        (s.to_string(), (0..n).map(|t| Posting { t: t as u32, k: 0, field: 4, count: 1 }).collect())
    }

    #[test]
    fn shards_fold_the_norm_and_keep_the_elasticlunr_layout() {
        let terms = vec![
            ("nato".to_string(), vec![Posting { t: 0, k: 1, field: 4, count: 4 }, Posting { t: 1, k: 0, field: 0, count: 1 }]),
            ("natur".to_string(), vec![Posting { t: 0, k: 1, field: 4, count: 1 }]),
        ];
        let lengths = vec![vec![[1, 0, 0, 0, 0], [3, 0, 0, 0, 16]], vec![[2, 0, 0, 0, 0]]];
        let (main, more) = build_shard(&terms, &lengths, 40);
        assert!(more.is_none());
        let json: serde_json::Value = serde_json::from_slice(&main).unwrap();
        assert_eq!(json["documentStore"], json!({ "docInfo": {}, "docs": {}, "length": 40, "save": false }));
        assert_eq!(json["pipeline"], json!(["trimmer", "stopWordFilter", "stemmer"]));
        assert_eq!(json["fields"], json!(SEARCH_FIELDS));
        let answer = &json["index"]["answer"]["root"];
        assert_eq!(answer["docs"], json!({}));
        assert!(answer["n"].get("docs").is_none() && answer["n"]["a"]["t"].get("df").is_none());
        // sqrt(4) / sqrt(16) and sqrt(1) / sqrt(16).
        assert_eq!(answer["n"]["a"]["t"]["o"], json!({ "docs": { "0.1": { "tf": 0.5 } }, "df": 1 }));
        assert_eq!(answer["n"]["a"]["t"]["u"]["r"]["docs"]["0.1"]["tf"], json!(0.25));
        assert_eq!(json["index"]["title"]["root"]["n"]["a"]["t"]["o"]["docs"]["1.0"]["tf"], json!(round_sig(1.0 / 2f64.sqrt())));
    }

    #[test]
    fn long_posting_lists_keep_the_highest_tf_and_overflow() {
        let n = TOP_POSTINGS + 5;
        let postings: Vec<Posting> = (0..n).map(|t| Posting { t: t as u32, k: 0, field: 4, count: 1 }).collect();
        // Document t has answer length t + 1: the shortest weigh most.
        let lengths: Vec<Vec<[u32; 5]>> = (0..n).map(|t| vec![[0, 0, 0, 0, t as u32 + 1]]).collect();
        let (main, more) = build_shard(&[("war".to_string(), postings)], &lengths, n);
        let main: serde_json::Value = serde_json::from_slice(&main).unwrap();
        let more: serde_json::Value = serde_json::from_slice(&more.expect("an overflow")).unwrap();
        let kept = &main["index"]["answer"]["root"]["w"]["a"]["r"];
        let rest = &more["index"]["answer"]["root"]["w"]["a"]["r"];
        assert_eq!(kept["docs"].as_object().unwrap().len(), TOP_POSTINGS);
        assert_eq!(rest["docs"].as_object().unwrap().len(), 5);
        assert_eq!(kept["df"], json!(n));
        assert_eq!(rest["df"], json!(n));
        assert!(kept["docs"].get("0.0").is_some() && rest["docs"].get(doc_ref(n - 1, 0)).is_some());
    }

    #[test]
    fn shard_bounds_are_prefixes_in_order() {
        let terms: Vec<_> = ["aa", "ab", "abc", "b", "ba", "bab", "c", "ca", "cab", "d", "e", "f", "g", "h", "i"].iter().map(|s| term(s, 50)).collect();
        let plan = plan_shards(&terms);
        assert!(plan.len() >= 2);
        assert_eq!(plan[0], (0, String::new()));
        for w in plan.windows(2) {
            let (i, bound) = &w[1];
            assert!(terms[*i].0.starts_with(bound.as_str()));
            assert!(bound.as_str() > terms[i - 1].0.as_str());
            assert!(w[0].0 < *i);
        }
    }
}
