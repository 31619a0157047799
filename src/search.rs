//! The client-side search index: elasticlunr-rs documents, one per exchange
//! and per opening statement, and the snippets shown with results.

use elasticlunr::IndexBuilder;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

use crate::model::{Role, Turn};
use crate::render::File;
use crate::resolve::Archive;

/// Fields of the search index, in order.
pub const SEARCH_FIELDS: [&str; 5] = ["title", "asker", "outlet", "question", "answer"];

/// What the search results list shows for one document, kept apart from the
/// index so the index stays small.
#[derive(Debug, Clone, Serialize)]
pub struct SearchDoc {
    /// Transcript title.
    pub title: String,
    /// Event date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Who asked.
    pub asker: Option<String>,
    /// Their outlet.
    pub outlet: Option<String>,
    /// "Question 3" or "Opening statement".
    pub label: String,
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

/// One search document per exchange and per opening statement; the ref is
/// the page URL with its anchor, relative to the site root.
fn index_and_docs(archive: &Archive) -> (String, BTreeMap<String, SearchDoc>) {
    let mut index = IndexBuilder::new().save_docs(false).add_fields(SEARCH_FIELDS).build();
    let mut docs = BTreeMap::new();
    for page in &archive.transcripts {
        let t = &page.transcript;
        let date = t.date.map(|d| d.to_string());
        if !t.opening.is_empty() {
            let r = format!("{}/#opening", page.slug);
            let answer = text_of(t.opening.iter(), false);
            index.add_doc(&r, [t.title.as_str(), "", "", "", answer.as_str()]);
            docs.insert(r, SearchDoc { title: t.title.clone(), date: date.clone(), asker: None, outlet: None, label: "Opening statement".into(), snippet: snippet(&answer, 240) });
        }
        for e in &t.exchanges {
            let r = format!("{}/#{}", page.slug, e.id);
            let asker = e.asker.as_deref().and_then(|a| t.speaker(a)).and_then(|s| s.name.clone());
            let question = text_of(e.turns.iter(), true);
            let answer = text_of(e.turns.iter(), false);
            index.add_doc(&r, [t.title.as_str(), asker.as_deref().unwrap_or(""), e.outlet.as_deref().unwrap_or(""), question.as_str(), answer.as_str()]);
            let n = e.id.trim_start_matches('q');
            docs.insert(
                r,
                SearchDoc {
                    title: t.title.clone(),
                    date: date.clone(),
                    asker,
                    outlet: e.outlet.clone(),
                    label: format!("Question {n}"),
                    snippet: snippet(&format!("{question} — {answer}"), 300),
                },
            );
        }
    }
    (index.to_json(), docs)
}

/// Builds the search files: `search/index.json` (the elasticlunr index) and
/// `search/docs.json` (what results show).
pub fn build(archive: &Archive) -> Vec<File> {
    let (index, docs) = index_and_docs(archive);
    vec![
        (Path::new("search").join("index.json"), index.into_bytes()),
        (Path::new("search").join("docs.json"), serde_json::to_vec(&docs).expect("search docs serialize")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_cut_at_words() {
        assert_eq!(snippet("a  b\nc", 10), "a b c");
        assert_eq!(snippet("hello wonderful world", 12), "hello…");
    }
}
