//! The search documents: what the index holds and what results show.
//!
//! Documents are the exchanges and opening statements of every transcript.
//! Fields ([`super::SEARCH_FIELDS`]): title, asker, outlet, question, answer, date
//! (as pages show it, "12 January 2022", so that "January 2022" finds it).
//!
//! A document's ref is `<t>.<k>` in base 36: transcript `t` (archive order)
//! and document `k` of that transcript (the opening statement, when there is
//! one, then the exchanges in order). Across the archive, documents are
//! also numbered from 0, transcript by transcript, in ref order ([`Docs`]);
//! the manifest's `counts` lets the client number them the same way.
//!
//! `d/<t>.json` ([`ResultFile`]) holds what results show for the documents
//! of transcript `t` (decimal: see `paths.rs`): a first page of results,
//! which shows a few exchanges of each of a few transcripts, reads one file
//! per transcript.

use rayon::prelude::*;
use serde::Serialize;

use super::{paths, SearchFiles, FIELDS};
use crate::model::{Role, Turn};
use crate::resolve::{Archive, Page};
use anyhow::Result;

/// What the search results list shows for one document (its label,
/// "Question 3" or "Opening statement", comes from the anchor).
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// Anchor on the transcript page: `opening` or `qN`.
    pub anchor: String,
    /// Who asked.
    pub asker: Option<String>,
    /// Their outlet.
    pub outlet: Option<String>,
    /// The first words of the question and answer.
    pub snippet: String,
}

/// One search document: its field texts and what results show.
#[derive(Clone)]
pub(super) struct Doc {
    pub fields: [String; FIELDS],
    pub meta: DocMeta,
}

/// What results and filters show of a document.
#[derive(Clone)]
pub(super) struct DocMeta {
    pub show: SearchDoc,
    /// Person slug of the asker.
    pub asker_slug: Option<String>,
    /// Archive outlet slug.
    pub outlet_slug: Option<String>,
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

/// The documents of every transcript, in archive order.
pub(super) fn documents(archive: &Archive) -> Vec<Vec<Doc>> {
    archive.transcripts.iter().map(transcript_documents).collect()
}

/// The documents of one transcript: its opening statement, if any, then
/// its exchanges.
pub(super) fn transcript_documents(page: &Page) -> Vec<Doc> {
    let t = &page.transcript;
    let date = t.date.map(|d| d.format("%-d %B %Y").to_string()).unwrap_or_default();
    let mut docs = Vec::new();
    if !t.opening.is_empty() {
        let answer = text_of(t.opening.iter(), false);
        docs.push(Doc {
            meta: DocMeta {
                show: SearchDoc { anchor: "opening".into(), asker: None, outlet: None, snippet: snippet(&answer, 240) },
                asker_slug: None,
                outlet_slug: None,
            },
            fields: [t.title.clone(), String::new(), String::new(), String::new(), answer, date.clone()],
        });
    }
    for e in &t.exchanges {
        let asker = e.asker.as_deref().and_then(|a| t.speaker(a)).and_then(|s| s.name.clone());
        let question = text_of(e.turns.iter(), true);
        let answer = text_of(e.turns.iter(), false);
        // The snippet shows the answer, not the moderator's calls.
        let reply: Vec<&str> = e.turns.iter().filter(|t| t.role == Role::Official).map(|t| t.text.as_str()).collect();
        let reply = if reply.is_empty() { answer.clone() } else { reply.join("\n") };
        docs.push(Doc {
            meta: DocMeta {
                show: SearchDoc {
                    anchor: e.id.clone(),
                    asker: asker.clone(),
                    outlet: e.outlet.clone(),
                    snippet: snippet(&format!("{question} — {reply}"), 300),
                },
                asker_slug: e.asker.as_ref().and_then(|a| page.people.get(a)).cloned(),
                outlet_slug: e.outlet.as_ref().and_then(|o| page.outlets.get(o)).cloned(),
            },
            fields: [t.title.clone(), asker.unwrap_or_default(), e.outlet.clone().unwrap_or_default(), question, answer, date.clone()],
        });
    }
    docs
}

/// The number of search documents of a transcript (see
/// [`transcript_documents`]): its opening statement, if any, and its
/// exchanges.
pub(super) fn document_count(page: &Page) -> usize {
    usize::from(!page.transcript.opening.is_empty()) + page.transcript.exchanges.len()
}

/// The number of the first document of every transcript, when transcript
/// `t` has `counts(t)` documents, then the number of documents.
pub(super) fn first_documents(transcripts: usize, counts: impl Fn(usize) -> usize) -> Vec<u32> {
    let mut first = Vec::with_capacity(transcripts + 1);
    let mut n = 0u32;
    for t in 0..transcripts {
        first.push(n);
        n = u32::try_from(counts(t)).ok().and_then(|c| n.checked_add(c)).expect("fewer than 2^32 search documents");
    }
    first.push(n);
    first
}

/// The archive's documents as the index numbers them: across the archive,
/// transcript by transcript, in ref order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Docs {
    /// The number of the first document of every transcript, then the
    /// number of documents (see [`first_documents`]).
    pub first: Vec<u32>,
    /// Per document and field, the number of index tokens (elasticlunr's
    /// field length).
    pub lengths: Vec<[u32; FIELDS]>,
}

impl Docs {
    /// The number of documents.
    pub fn total(&self) -> usize {
        self.lengths.len()
    }

    /// The transcript of document `doc` and its place in it (its ref).
    pub fn ref_of(&self, doc: u32) -> (u32, u32) {
        let t = self.first.partition_point(|&f| f <= doc) - 1;
        (t as u32, doc - self.first[t])
    }

    /// The length of `field` in document `doc`.
    pub fn length(&self, doc: u32, field: usize) -> u32 {
        self.lengths[doc as usize][field]
    }
}

#[cfg(test)]
impl Docs {
    /// The documents of transcripts with these field lengths.
    pub fn with_lengths(lengths: Vec<Vec<[u32; FIELDS]>>) -> Docs {
        Docs { first: first_documents(lengths.len(), |t| lengths[t].len()), lengths: lengths.concat() }
    }
}

/// `d/<t>.json`: what results show for the documents of one transcript.
/// Keys are single letters (there are many of these files); fields are in
/// key order, as they are written.
#[derive(Serialize)]
struct ResultFile<'a> {
    /// The transcript's date, `YYYY-MM-DD`, or null.
    #[serde(rename = "d")]
    date: Option<String>,
    /// The transcript's title.
    #[serde(rename = "t")]
    title: &'a str,
    /// The transcript page's URL, relative to the site's base: `<slug>/`.
    #[serde(rename = "u")]
    url: String,
    /// Per document: `[anchor, asker, outlet, snippet]` (the result's
    /// label comes from the anchor).
    #[serde(rename = "x")]
    docs: Vec<(&'a str, &'a Option<String>, &'a Option<String>, &'a str)>,
}

/// Writes the result files of every transcript, and returns what the
/// facets need of each document (its snippet dropped). Made after the
/// index, so that the snippets are never in memory with the postings.
pub(super) fn write_results(archive: &Archive, files: &SearchFiles) -> Result<Vec<Vec<DocMeta>>> {
    archive
        .transcripts
        .par_iter()
        .enumerate()
        .map(|(t, page)| {
            let mut tdocs: Vec<DocMeta> = transcript_documents(page).into_iter().map(|d| d.meta).collect();
            if !tdocs.is_empty() {
                let file = ResultFile {
                    date: page.transcript.date.map(|d| d.to_string()),
                    title: &page.transcript.title,
                    url: format!("{}/", page.slug),
                    docs: tdocs.iter().map(|d| (d.show.anchor.as_str(), &d.show.asker, &d.show.outlet, d.show.snippet.as_str())).collect(),
                };
                files.put_json(paths::results(t), &file)?;
            }
            tdocs.iter_mut().for_each(|d| d.show.snippet = String::new());
            Ok(tdocs)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::SEARCH_FIELDS;
    use super::*;

    #[test]
    fn snippets_cut_at_words() {
        assert_eq!(snippet("a  b\nc", 10), "a b c");
        assert_eq!(snippet("hello wonderful world", 12), "hello…");
    }

    #[test]
    fn refs_are_short() {
        assert_eq!(doc_ref(0, 0), "0.0");
        assert_eq!(doc_ref(36 * 36 + 1, 35), "101.z");
    }

    #[test]
    fn docs_give_refs_and_lengths_back() {
        let docs = Docs::with_lengths(vec![vec![[1; FIELDS], [2; FIELDS]], vec![], vec![[3; FIELDS]]]);
        assert_eq!(docs.first, [0, 2, 2, 3]);
        assert_eq!((docs.total(), docs.ref_of(0), docs.ref_of(1), docs.ref_of(2)), (3, (0, 0), (0, 1), (2, 0)));
        assert_eq!(docs.length(2, 4), 3);
        assert_eq!(SEARCH_FIELDS.len(), FIELDS);
    }
}
