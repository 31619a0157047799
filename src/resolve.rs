//! Resolving people and outlets across the archive: one page per person and
//! per outlet, whatever spelling or case each transcript used.

use anyhow::{bail, Result};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::load::Source;
use crate::model::{Role, Transcript};
use crate::slug::{name_slug, slugify};

/// Folder names the site itself uses; a transcript may not take them.
pub const RESERVED_SLUGS: &[&str] = &["people", "outlets", "topics", "archive", "search", "data", "static", "feeds", "404", "index", "sitemap", "robots"];

/// The resolved archive: transcripts with links to people and outlets.
#[derive(Debug, Clone)]
pub struct Archive {
    /// Transcripts, oldest first (undated last).
    pub transcripts: Vec<Page>,
    /// Everyone who speaks and has a name, by slug.
    pub people: Vec<Person>,
    /// Every outlet that asks, by slug.
    pub outlets: Vec<Outlet>,
}

/// One transcript and how its speakers map to archive-wide pages.
#[derive(Debug, Clone)]
pub struct Page {
    /// URL slug: the page is at `<base>/<slug>/`.
    pub slug: String,
    /// Source file, relative to the archive root.
    pub path: PathBuf,
    /// The parsed transcript.
    pub transcript: Arc<Transcript>,
    /// Speaker id → person slug, for named speakers.
    pub people: BTreeMap<String, String>,
    /// Outlet name as printed in this transcript → archive outlet slug.
    pub outlets: BTreeMap<String, String>,
}

/// How a person appears in one transcript section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// Asked the question of an exchange.
    Asked,
    /// Spoke on the podium side in an exchange.
    Answered,
    /// Spoke in the opening statement.
    Opened,
}

/// One appearance of a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appearance {
    /// Index into [`Archive::transcripts`].
    pub transcript: usize,
    /// Anchor on the transcript page: `q3` or `opening`.
    pub anchor: String,
    /// Index of the exchange, when the anchor is one.
    pub exchange: Option<usize>,
    /// What the person did there.
    pub part: Part,
}

/// A person across the archive.
#[derive(Debug, Clone)]
pub struct Person {
    /// URL slug: `people/<slug>/`.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Press or podium (the role they had most often).
    pub role: Role,
    /// Titles held, as printed ("NATO Secretary General").
    pub titles: Vec<String>,
    /// Outlets over time: (outlet slug, first date, last date).
    pub outlets: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)>,
    /// Appearances in transcript order.
    pub appearances: Vec<Appearance>,
}

impl Archive {
    /// The archive outlet a transcript's printed outlet name belongs to.
    pub fn outlet(&self, page: &Page, printed: &str) -> Option<&Outlet> {
        self.outlet_by_slug(page.outlets.get(printed)?)
    }

    /// An outlet by slug.
    pub fn outlet_by_slug(&self, slug: &str) -> Option<&Outlet> {
        self.outlets.binary_search_by(|o| o.slug.as_str().cmp(slug)).ok().map(|i| &self.outlets[i])
    }

    /// A person by slug.
    pub fn person(&self, slug: &str) -> Option<&Person> {
        self.people.binary_search_by(|p| p.slug.as_str().cmp(slug)).ok().map(|i| &self.people[i])
    }
}

/// A news organisation across the archive.
#[derive(Debug, Clone)]
pub struct Outlet {
    /// URL slug: `outlets/<slug>/`.
    pub slug: String,
    /// Display name (the most used spelling).
    pub name: String,
    /// (transcript index, exchange index) of each question.
    pub questions: Vec<(usize, usize)>,
}

/// The key two outlet spellings share when they are the same outlet
/// ("FOX News", "Fox News", "the Fox News").
pub fn outlet_key(name: &str) -> String {
    let s = slugify(name, "");
    let s = s.strip_prefix("the-").unwrap_or(&s);
    s.replace('-', "")
}

/// Sorts transcripts, checks their slugs, and resolves people and outlets.
pub fn resolve(sources: Vec<Source>, transcripts: Vec<Arc<Transcript>>, config: &Config) -> Result<Archive> {
    let mut pages: Vec<Page> = sources
        .into_iter()
        .zip(transcripts)
        .map(|(s, t)| Page { slug: s.slug, path: s.path, transcript: t, people: BTreeMap::new(), outlets: BTreeMap::new() })
        .collect();
    pages.sort_by(|a, b| (a.transcript.date.is_none(), a.transcript.date, &a.slug).cmp(&(b.transcript.date.is_none(), b.transcript.date, &b.slug)));
    check_slugs(&pages)?;

    let aliases: HashMap<String, String> = config
        .people
        .iter()
        .flat_map(|p| p.aliases.iter().chain(std::iter::once(&p.name)).map(move |a| (slugify(a, ""), p.name.clone())))
        .filter(|(key, _)| !key.is_empty())
        .collect();
    let outlet_aliases: HashMap<String, String> = config.outlets.aliases.iter().map(|(k, v)| (outlet_key(k), v.clone())).collect();

    // Printed outlet → (spelling after aliases, key); a handful of distinct
    // spellings recur across thousands of exchanges, so keys are made once.
    let mut outlet_keys: HashMap<String, (String, String)> = HashMap::new();
    let mut key_of = |printed: &str| -> (String, String) {
        if let Some(k) = outlet_keys.get(printed) {
            return k.clone();
        }
        let name = outlet_aliases.get(&outlet_key(printed)).cloned().unwrap_or_else(|| printed.to_string());
        let entry = (outlet_key(&name), name);
        outlet_keys.insert(printed.to_string(), entry.clone());
        entry
    };

    // Outlets: group spellings by key, display the most used spelling.
    let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for p in &pages {
        for e in &p.transcript.exchanges {
            if let Some(o) = &e.outlet {
                let (key, name) = key_of(o);
                *spellings.entry(key).or_default().entry(name).or_default() += 1;
            }
        }
    }
    let mut outlets: Vec<Outlet> = Vec::new();
    let mut outlet_slug: HashMap<String, usize> = HashMap::new();
    for (key, names) in &spellings {
        let name = names.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(n, _)| n.clone()).unwrap_or_default();
        if key.is_empty() {
            continue;
        }
        outlet_slug.insert(key.clone(), outlets.len());
        outlets.push(Outlet { slug: slugify(&name, "outlet"), name, questions: Vec::new() });
    }
    dedupe_slugs(outlets.iter_mut().map(|o| &mut o.slug));

    // People: one per canonical name slug. Spellings that differ only in
    // case, accents or punctuation ("José Núñez", "JOSE NUNEZ") are the same
    // person, as two identical spellings would be; names too long for a
    // slug or without letters keep distinct slugs (see `slug::name_slug`).
    let mut people: Vec<Person> = Vec::new();
    let mut person_index: HashMap<String, usize> = HashMap::new();
    // Printed name → (canonical name, slug), made once per spelling.
    let mut names: HashMap<String, (String, String)> = HashMap::new();
    let mut name_of = |printed: &str| -> (String, String) {
        if let Some(n) = names.get(printed) {
            return n.clone();
        }
        let name = aliases.get(&slugify(printed, "")).cloned().unwrap_or_else(|| printed.to_string());
        let entry = (name.clone(), name_slug(&name, "person"));
        names.insert(printed.to_string(), entry.clone());
        entry
    };
    for (ti, page) in pages.iter_mut().enumerate() {
        let t = &page.transcript;
        for s in &t.speakers {
            let Some(name) = &s.name else { continue };
            // Unresolved role labels ("Prime Minister") are not people.
            if s.title.as_deref() == Some(name.as_str()) {
                continue;
            }
            let (name, slug) = name_of(name);
            let idx = *person_index.entry(slug.clone()).or_insert_with(|| {
                people.push(Person { slug: slug.clone(), name: name.clone(), role: s.role, titles: vec![], outlets: vec![], appearances: vec![] });
                people.len() - 1
            });
            let person = &mut people[idx];
            if let Some(title) = &s.title {
                if !person.titles.contains(title) {
                    person.titles.push(title.clone());
                }
            }
            if let Some(o) = &s.outlet {
                if let Some(&oi) = outlet_slug.get(&key_of(o).0) {
                    let oslug = outlets[oi].slug.clone();
                    page.outlets.insert(o.clone(), oslug.clone());
                    match person.outlets.iter_mut().find(|(s, _, _)| *s == oslug) {
                        Some(entry) => {
                            entry.1 = entry.1.min(t.date).or(entry.1).or(t.date);
                            entry.2 = entry.2.max(t.date);
                        }
                        None => person.outlets.push((oslug, t.date, t.date)),
                    }
                }
            }
            page.people.insert(s.id.clone(), slug);
        }
        // Appearances.
        let mut seen_opening = Vec::new();
        for turn in &t.opening {
            if let Some(slug) = turn.speaker.as_ref().and_then(|id| page.people.get(id)) {
                if !seen_opening.contains(slug) {
                    seen_opening.push(slug.clone());
                    let pi = person_index[slug];
                    people[pi].appearances.push(Appearance { transcript: ti, anchor: "opening".into(), exchange: None, part: Part::Opened });
                }
            }
        }
        for (ei, e) in t.exchanges.iter().enumerate() {
            let mut seen: Vec<&String> = Vec::new();
            if let Some(slug) = e.asker.as_ref().and_then(|id| page.people.get(id)) {
                seen.push(slug);
                people[person_index[slug]].appearances.push(Appearance { transcript: ti, anchor: e.id.clone(), exchange: Some(ei), part: Part::Asked });
            }
            for turn in &e.turns {
                if turn.role == Role::Press || turn.role == Role::Other {
                    continue;
                }
                if let Some(slug) = turn.speaker.as_ref().and_then(|id| page.people.get(id)) {
                    if !seen.contains(&slug) {
                        seen.push(slug);
                        people[person_index[slug]].appearances.push(Appearance { transcript: ti, anchor: e.id.clone(), exchange: Some(ei), part: Part::Answered });
                    }
                }
            }
            let oslug = e.outlet.as_ref().and_then(|o| outlet_slug.get(&key_of(o).0).copied().map(|oi| (o, oi)));
            if let Some((name, oi)) = oslug {
                outlets[oi].questions.push((ti, ei));
                page.outlets.insert(name.clone(), outlets[oi].slug.clone());
            }
        }
    }
    for p in &mut people {
        p.role = majority_role(p);
        p.outlets.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
    }
    people.sort_by(|a, b| a.slug.cmp(&b.slug));
    outlets.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok(Archive { transcripts: pages, people, outlets })
}

/// Press when the person asked at least as often as they answered;
/// otherwise the role they were first seen in.
fn majority_role(p: &Person) -> Role {
    let asked = p.appearances.iter().filter(|a| a.part == Part::Asked).count();
    if asked > 0 && asked * 2 >= p.appearances.len() {
        Role::Press
    } else {
        p.role
    }
}

/// Makes slugs unique by numbering repeats (`reuters`, `reuters-2`).
fn dedupe_slugs<'a>(slugs: impl Iterator<Item = &'a mut String>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for s in slugs {
        let n = seen.entry(s.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            *s = format!("{s}-{n}");
        }
    }
}

/// Two transcripts may not share a URL, nor take a folder the site uses.
fn check_slugs(pages: &[Page]) -> Result<()> {
    let mut seen: HashMap<&str, &PathBuf> = HashMap::new();
    for p in pages {
        if RESERVED_SLUGS.contains(&p.slug.as_str()) {
            bail!("{}: its URL `/{}/` is used by the site itself; rename the file or set `slug = \"...\"` in its front matter", p.path.display(), p.slug);
        }
        if let Some(other) = seen.insert(&p.slug, &p.path) {
            bail!(
                "{} and {} both map to the URL `/{}/` (names that differ only in case, accents or punctuation give the same URL); rename one of them or set a different `slug = \"...\"` in its front matter",
                other.display(),
                p.path.display(),
                p.slug
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_spellings_share_a_key() {
        assert_eq!(outlet_key("FOX News"), outlet_key("Fox News"));
        assert_eq!(outlet_key("The Associated Press"), outlet_key("Associated Press"));
        assert_ne!(outlet_key("Reuters"), outlet_key("Reuters TV"));
    }
}
