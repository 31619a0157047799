//! Facets: the filters by journalist, outlet, year and topic.
//!
//! - `f/asker.json`, `f/outlet.json`: `[slug, name, count]` of every
//!   journalist and outlet that asks;
//! - `f/asker/<slug>.json`, `f/outlet/<slug>.json`: the documents of one
//!   journalist or outlet, `f/year/<year>.json` the transcripts of one year,
//!   `f/topic/<slug>.json` both: the transcripts tagged with the topic and
//!   the exchanges its keywords found (see [`crate::topics`]). Each is a
//!   [`Facet`].
//!
//! The manifest lists the years and topics with their counts.

use serde::Serialize;
use std::collections::BTreeMap;

use super::documents::{doc_ref, DocMeta};
use super::SearchFiles;
use crate::resolve::Archive;
use crate::topics::Topic;
use anyhow::Result;

/// `f/<kind>/<value>.json`: the documents and transcripts of one value of a
/// filter. Keys are single letters, as in the other files many of.
#[derive(Serialize)]
struct Facet<'a> {
    /// Refs of the documents (journalists, outlets, topics).
    #[serde(rename = "r", skip_serializing_if = "Option::is_none")]
    refs: Option<&'a [String]>,
    /// Numbers of the transcripts (years, topics).
    #[serde(rename = "t", skip_serializing_if = "Option::is_none")]
    transcripts: Option<&'a [usize]>,
}

/// The values of every filter, with their documents.
pub(super) struct Facets<'a> {
    /// Journalist slug → (name, refs of their questions).
    pub askers: BTreeMap<String, (String, Vec<String>)>,
    /// Outlet slug → (name, refs of its questions).
    pub outlets: BTreeMap<String, (String, Vec<String>)>,
    /// Year → its transcripts.
    pub years: BTreeMap<String, Vec<usize>>,
    /// The topics that have a slug and hold something.
    pub topics: Vec<&'a Topic>,
}

impl<'a> Facets<'a> {
    /// Journalists and outlets by document, years by transcript; `docs` are
    /// every transcript's documents, `topics` those of
    /// [`crate::index::Indexes`].
    pub fn collect(archive: &Archive, docs: &[Vec<DocMeta>], topics: &'a [Topic]) -> Facets<'a> {
        let mut askers: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
        let mut outlets: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
        let mut years: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (t, (page, tdocs)) in archive.transcripts.iter().zip(docs).enumerate() {
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
        let topics = topics.iter().filter(|t| !t.slug.is_empty() && (!t.transcripts.is_empty() || !t.exchanges.is_empty())).collect();
        Facets { askers, outlets, years, topics }
    }

    /// Writes the facet files.
    pub fn write(&self, archive: &Archive, files: &SearchFiles) -> Result<()> {
        for (kind, map) in [("asker", &self.askers), ("outlet", &self.outlets)] {
            let list: Vec<(&String, &String, usize)> = map.iter().map(|(slug, (name, refs))| (slug, name, refs.len())).collect();
            files.put_json(format!("f/{kind}.json"), &list)?;
            for (slug, (_, refs)) in map {
                files.put_json(format!("f/{kind}/{slug}.json"), &Facet { refs: Some(refs), transcripts: None })?;
            }
        }
        for (year, ts) in &self.years {
            files.put_json(format!("f/year/{year}.json"), &Facet { refs: None, transcripts: Some(ts) })?;
        }
        // A topic's exchanges are numbered among the exchanges of their
        // transcript: its documents, less an opening statement.
        let first_doc = |t: usize| usize::from(!archive.transcripts[t].transcript.opening.is_empty());
        for topic in &self.topics {
            let refs: Vec<String> = topic.exchanges.iter().map(|&(t, e)| doc_ref(t, first_doc(t) + e)).collect();
            files.put_json(format!("f/topic/{}.json", topic.slug), &Facet { refs: Some(&refs), transcripts: Some(&topic.transcripts) })?;
        }
        Ok(())
    }
}
