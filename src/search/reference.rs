//! The former path through elasticlunr-rs (its `Index`, `to_json` and a
//! rewrite of that JSON), which the tests compare the direct analysis and
//! shard writer with: the shards must be byte for byte what it gives.

use elasticlunr::lang::{English, Language};
use elasticlunr::pipeline::{FnWrapper, Pipeline};
use elasticlunr::IndexBuilder;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};

use super::analysis::{Analysis, Posting};
use super::documents::{doc_ref, first_documents, Doc, Docs};
use super::shard_json::{round_sig, Listed};
use super::{FIELDS, SEARCH_FIELDS};

/// Parses a `<t>.<k>` ref.
fn parse_ref(r: &str) -> Option<(usize, usize)> {
    let (t, k) = r.split_once('.')?;
    Some((usize::from_str_radix(t, 36).ok()?, usize::from_str_radix(k, 36).ok()?))
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


/// The former analysis, for comparison: runs every field of every document through elasticlunr-rs's English
/// pipeline (in parallel, one pipeline per worker) and inverts the result.
fn analyze_reference(docs: &[Vec<Doc>]) -> Analysis {
    type Local = (Vec<[u32; FIELDS]>, Vec<(String, Posting)>);
    let first = first_documents(docs.len(), |t| docs[t].len());
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
                let first = first[t];
                let mut lengths = Vec::with_capacity(tdocs.len());
                let mut postings = Vec::new();
                for (k, doc) in tdocs.iter().enumerate() {
                    let mut lens = [0u32; FIELDS];
                    for (f, text) in doc.fields.iter().enumerate() {
                        let tokens = pipeline.run(lang.tokenize(text));
                        lens[f] = tokens.len() as u32;
                        let mut counts: HashMap<String, u32> = HashMap::new();
                        for token in tokens {
                            *counts.entry(token).or_insert(0) += 1;
                        }
                        for (term, count) in counts {
                            postings.push((term, Posting::new(first + k as u32, f, count)));
                        }
                    }
                    lengths.push(lens);
                }
                (lengths, postings)
            },
        )
        .collect();
    let mut lengths = Vec::new();
    let mut index: HashMap<String, Vec<Posting>> = HashMap::new();
    for (lens, postings) in per_transcript {
        lengths.extend(lens);
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
    Analysis { docs: Docs { first, lengths }, terms }
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
    docs: &'a Docs,
    /// Archive-wide df per field of the terms whose documents were split.
    dfs: &'a HashMap<String, [u32; FIELDS]>,
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
                        .and_then(|(t, k)| Some(r.docs.length(r.docs.first.get(t)? + k as u32, field)))
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

/// The former serializer, for comparison: one elasticlunr-rs index of the
/// given postings, built by `Index::add_doc`, serialized by `to_json` and
/// rewritten.
fn index_json_elasticlunr(terms: &[Listed<'_>], docs: &Docs, dfs: &HashMap<String, [u32; FIELDS]>) -> Vec<u8> {
    // Each document's analyzed text, restricted to these terms.
    let mut texts: BTreeMap<(u32, u32), [String; FIELDS]> = BTreeMap::new();
    for (term, postings) in terms {
        for p in postings.iter() {
            let fields = texts.entry(docs.ref_of(p.doc)).or_default();
            let text = &mut fields[p.field()];
            for _ in 0..p.count() {
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
    let mut rewriter = Rewriter { s: json.as_bytes(), i: 0, out: Vec::with_capacity(json.len() * 3 / 4), docs, dfs };
    rewriter.top(docs.total());
    rewriter.out
}

#[cfg(test)]
mod tests {
    use super::super::analysis::analyze;
    use super::super::check::check_shards;
    use super::super::documents::documents;
    use super::super::shards::{build_shard, build_shard_with, plan_shards};
    use super::super::testdata::{example_archive, synthetic_docs};
    use super::super::tiers::{Sizes, TOP_POSTINGS};
    use super::*;

    /// Small heads and blocks, so that these few documents have tails.
    const SMALL: Sizes = Sizes { head: 256, block: 64, whole: 512 };

    #[test]
    fn refs_parse_back() {
        assert_eq!(parse_ref("101.z"), Some((36 * 36 + 1, 35)));
        assert_eq!(parse_ref(&doc_ref(7, 40)), Some((7, 40)));
    }

    /// The new analysis and shard writer give exactly what the former path
    /// through elasticlunr-rs (`Index::add_doc`, `to_json`, rewrite) gave,
    /// and the term files, heads and tails agree with the shards (see
    /// `check.rs`); returns the number of cut terms.
    fn assert_same_as_elasticlunr_rs(docs: &[Vec<Doc>]) -> usize {
        let first = first_documents(docs.len(), |t| docs[t].len());
        let expected = analyze_reference(docs);
        let analysis = analyze(&first, |t| docs[t].clone());
        assert_eq!(analysis.docs, expected.docs);
        assert_eq!(analysis.terms, expected.terms);
        let plan = plan_shards(&analysis.terms, &analysis.docs);
        let mut shards = Vec::new();
        for (n, (start, _)) in plan.iter().enumerate() {
            let end = plan.get(n + 1).map(|s| s.0).unwrap_or(analysis.terms.len());
            let terms = &analysis.terms[*start..end];
            let shard = build_shard(terms, &analysis.docs, SMALL);
            let shard_ref = build_shard_with(terms, &analysis.docs, SMALL, index_json_elasticlunr);
            assert_eq!(String::from_utf8(shard.json.clone()).unwrap(), String::from_utf8(shard_ref.json).unwrap(), "shard {n}");
            shards.push((terms, shard));
        }
        check_shards(&shards, &analysis.docs)
    }

    #[test]
    fn shards_equal_elasticlunr_rs_output_on_the_example_archive() {
        let archive = example_archive();
        assert!(!archive.transcripts.is_empty());
        assert_same_as_elasticlunr_rs(&documents(&archive));
    }

    #[test]
    fn shards_equal_elasticlunr_rs_output_on_synthetic_documents() {
        let docs = synthetic_docs();
        assert!(docs.iter().map(Vec::len).sum::<usize>() > TOP_POSTINGS);
        let terms = analyze(&first_documents(docs.len(), |t| docs[t].len()), |t| docs[t].clone()).terms;
        for c in ['"', '\\', '\u{1}', 'é', 'ß', '\''] {
            assert!(terms.iter().any(|(t, _)| t.contains(c)), "a term with {c:?}");
        }
        assert!(assert_same_as_elasticlunr_rs(&docs) > 0, "some term is cut");
    }
}
