//! What the pages of the last build showed of each transcript, person,
//! outlet and topic, and from it the pages a change touches ([`Shown::scope`]).
//!
//! Pages show other pages' content in a few ways, each remembered as a hash:
//! - what lists, neighbours' links, feeds and the sitemap show of a
//!   transcript: its [`TranscriptRef`] ("header");
//! - what listings show of its questions and opening statement: their
//!   [`ItemCtx`]s ("items");
//! - for each listing, what the top of all its pages shows (name, titles,
//!   outlets, counts, dates: its "subject") and which items it lists in
//!   which order;
//! - the display name (and role) of each person and outlet ("labels");
//! - which people, outlets and topics each transcript's pages name.
//!
//! Hashes are made from the same values the renderer shows (the items of
//! [`listing::items`], made by [`render::item`]; [`render::transcript_ref`]),
//! so they cannot drift from what the pages show.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};

use crate::layout::{self, Listing, Urls};
use crate::render::listing::{self, Subject};
use crate::render::{self, Scope, PER_PAGE};
use crate::resolve::Archive;
use crate::topics::Topic;

/// What the pages of one transcript named: person, outlet and topic slugs.
#[derive(Debug, Clone, Default, PartialEq)]
struct Names {
    people: BTreeSet<String>,
    outlets: BTreeSet<String>,
    topics: BTreeSet<String>,
}

impl Names {
    /// Adds what `other` names.
    fn add(&mut self, other: Names) {
        self.people.extend(other.people);
        self.outlets.extend(other.outlets);
        self.topics.extend(other.topics);
    }

    /// The listings of what is named.
    fn listings(&self) -> impl Iterator<Item = (Listing, &String)> {
        let people = self.people.iter().map(|s| (Listing::Person, s));
        let outlets = self.outlets.iter().map(|s| (Listing::Outlet, s));
        let topics = self.topics.iter().map(|s| (Listing::Topic, s));
        people.chain(outlets).chain(topics)
    }

    /// Whether the pages name the person or outlet `slug`.
    fn names(&self, kind: Listing, slug: &str) -> bool {
        match kind {
            Listing::Person => self.people.contains(slug),
            Listing::Outlet => self.outlets.contains(slug),
            Listing::Topic => self.topics.contains(slug),
        }
    }
}

/// A listing: its kind and slug.
type ListingKey = (Listing, String);

/// What the last build's pages showed.
#[derive(Debug, Default)]
pub struct Shown {
    /// Transcript slugs in archive order.
    order: Vec<String>,
    /// What each transcript's pages named, by slug.
    names: HashMap<String, Names>,
    /// Display names of people and outlets (a change re-renders their pages).
    labels: BTreeMap<ListingKey, String>,
    /// What lists and neighbours show of each transcript, by slug.
    headers: HashMap<String, u64>,
    /// What listings show of each transcript's items, by slug.
    items: HashMap<String, u64>,
    /// Each listing's (subject, items' identities and order).
    listings: HashMap<ListingKey, (u64, u64)>,
}

impl Shown {
    /// The pages to render for `archive` after the transcripts `changed`
    /// (slugs of those added, changed or removed): everything when `first`
    /// (a first or full build). Otherwise the changed transcripts (and their
    /// neighbours when what those show of them changed); the pages of the
    /// people, outlets and topics they name now or named before where their
    /// items sit (all of a listing when its subject or the order of its
    /// items changed); and the index pages whose content changed. `whole`
    /// says the archive was resolved whole again, so that any transcript
    /// may show something new. Remembers what the pages show now.
    pub fn scope(&mut self, archive: &Archive, topics: &[Topic], changed: &BTreeSet<String>, first: bool, whole: bool) -> Scope {
        let whole = whole || first;
        let urls = Urls::new("/");
        let n = archive.transcripts.len();
        let topic_names = transcript_topics(topics);
        let look: Vec<usize> = if whole { (0..n).collect() } else { (0..n).filter(|&i| changed.contains(&archive.transcripts[i].slug)).collect() };

        // Transcripts: what they name and show now, against before.
        let mut scope = Scope::default();
        let mut items_changed: HashSet<usize> = HashSet::new();
        let mut header_changed: BTreeSet<String> = BTreeSet::new();
        let mut named = Names::default();
        for &ti in &look {
            let slug = &archive.transcripts[ti].slug;
            let names_now = names_of(archive, ti, &topic_names);
            let header_now = header(&urls, archive, ti);
            let items_now = items_shown(&urls, archive, ti);
            let names_before = self.names.insert(slug.clone(), names_now.clone());
            let header_before = self.headers.insert(slug.clone(), header_now);
            let items_before = self.items.insert(slug.clone(), items_now);
            if !changed.contains(slug) && names_before.as_ref() == Some(&names_now) && header_before == Some(header_now) && items_before == Some(items_now) {
                continue;
            }
            if header_before != Some(header_now) {
                header_changed.insert(slug.clone());
            }
            if items_before != Some(items_now) {
                items_changed.insert(ti);
            }
            scope.transcripts.insert(slug.clone());
            for n in [Some(names_now), names_before].into_iter().flatten() {
                named.add(n);
            }
        }
        let present: HashSet<&str> = look.iter().map(|&ti| archive.transcripts[ti].slug.as_str()).collect();
        let removed: Vec<String> = if whole {
            let all: HashSet<&str> = archive.transcripts.iter().map(|p| p.slug.as_str()).collect();
            self.names.keys().filter(|s| !all.contains(s.as_str())).cloned().collect()
        } else {
            changed.iter().filter(|s| !present.contains(s.as_str())).cloned().collect()
        };
        for slug in removed {
            if let Some(n) = self.names.remove(&slug) {
                named.add(n);
            }
            self.headers.remove(&slug);
            self.items.remove(&slug);
            header_changed.insert(slug.clone());
            scope.transcripts.insert(slug);
        }
        if first {
            self.labels = labels(archive);
            self.listings = all_listings(archive, topics).filter_map(|(kind, slug)| Some(((kind, slug.to_string()), listing(&urls, archive, topics, kind, slug)?.0))).collect();
            return Scope::all();
        }

        // Neighbours show a transcript's title, date and counts.
        let order_changed = self.order.len() != n || archive.transcripts.iter().zip(&self.order).any(|(p, s)| p.slug != *s);
        let now_order: Vec<&String> = archive.transcripts.iter().map(|p| &p.slug).collect();
        let before_order: Vec<&String> = self.order.iter().collect();
        for slug in scope.transcripts.clone() {
            if !order_changed && !header_changed.contains(&slug) {
                continue;
            }
            for list in [&now_order, &before_order] {
                if let Some(i) = list.iter().position(|s| **s == slug) {
                    scope.transcripts.extend(i.checked_sub(1).and_then(|j| list.get(j)).map(|s| s.to_string()));
                    scope.transcripts.extend(list.get(i + 1).map(|s| s.to_string()));
                }
            }
        }

        // A person or outlet whose display name changed: every page naming
        // them; for an outlet, also every listing those pages are in, whose
        // items show the outlet's name.
        let keys: BTreeSet<ListingKey> = if whole {
            labels(archive).into_keys().chain(self.labels.keys().cloned()).collect()
        } else {
            let people = named.people.iter().map(|s| (Listing::Person, s.clone()));
            people.chain(named.outlets.iter().map(|s| (Listing::Outlet, s.clone()))).collect()
        };
        let mut whole_listings: BTreeSet<ListingKey> = BTreeSet::new();
        let mut relabelled = false;
        for key in keys {
            let (kind, slug) = (key.0, key.1.as_str());
            let now = label(archive, kind, slug);
            if self.labels.get(&key) == now.as_ref() {
                continue;
            }
            relabelled = true;
            match now {
                Some(l) => self.labels.insert(key.clone(), l),
                None => self.labels.remove(&key),
            };
            for (t, n) in self.names.iter().filter(|(_, n)| n.names(kind, slug)) {
                scope.transcripts.insert(t.clone());
                if kind == Listing::Outlet {
                    whole_listings.extend(n.listings().map(|(k, s)| (k, s.clone())));
                    named.add(n.clone());
                }
            }
            if kind == Listing::Person {
                named.people.insert(slug.to_string());
            } else {
                scope.people_index = true;
                named.outlets.insert(slug.to_string());
            }
            whole_listings.insert(key);
        }

        // Listings: all of them when their subject or items' order changed,
        // else the pages where the changed transcripts' items sit.
        for (kind, slug) in named.listings() {
            let key = (kind, slug.clone());
            let now = listing(&urls, archive, topics, kind, slug);
            let before = match &now {
                Some((sig, _)) => self.listings.insert(key.clone(), *sig),
                None => self.listings.remove(&key),
            };
            let subject_changed = now.as_ref().map(|n| n.0 .0) != before.map(|b| b.0);
            if subject_changed {
                match kind {
                    Listing::Person => scope.people_index = true,
                    Listing::Outlet => scope.outlets_index = true,
                    Listing::Topic => scope.topics_index = true,
                }
            }
            match kind {
                Listing::Person => scope.people.insert(slug.clone()),
                Listing::Outlet => scope.outlets.insert(slug.clone()),
                Listing::Topic => scope.topics.insert(slug.clone()),
            };
            let Some((sig, items)) = now else { continue };
            if subject_changed || Some(sig) != before || whole_listings.contains(&key) {
                continue;
            }
            let pages = items.iter().enumerate().filter(|(_, ti)| items_changed.contains(ti)).map(|(k, _)| k / PER_PAGE + 1).collect();
            scope.pages.insert(layout::listing_dir(kind, slug), pages);
        }
        scope.front = order_changed || !header_changed.is_empty() || relabelled;
        scope
    }

    /// Remembers the order of the transcripts just built.
    pub fn remember_order(&mut self, archive: &Archive) {
        if self.order.len() != archive.transcripts.len() || archive.transcripts.iter().zip(&self.order).any(|(p, s)| p.slug != *s) {
            self.order = archive.transcripts.iter().map(|p| p.slug.clone()).collect();
        }
    }
}

fn hash_of(value: &impl serde::Serialize, h: &mut DefaultHasher) {
    serde_json::to_vec(value).expect("page values serialize").hash(h);
}

/// Topic slugs by transcript index: of its exchanges' topics and the
/// topics it is tagged with.
fn transcript_topics(topics: &[Topic]) -> HashMap<usize, BTreeSet<String>> {
    let mut out: HashMap<usize, BTreeSet<String>> = HashMap::new();
    for t in topics {
        for ti in t.exchanges.iter().map(|&(ti, _)| ti).chain(t.transcripts.iter().copied()) {
            out.entry(ti).or_default().insert(t.slug.clone());
        }
    }
    out
}

/// What the pages of transcript `ti` name.
fn names_of(archive: &Archive, ti: usize, topics: &HashMap<usize, BTreeSet<String>>) -> Names {
    let p = &archive.transcripts[ti];
    Names { people: p.people.values().cloned().collect(), outlets: p.outlets.values().cloned().collect(), topics: topics.get(&ti).cloned().unwrap_or_default() }
}

/// Hash of what other pages show of transcript `ti`: lists, neighbours'
/// links, feeds, the sitemap.
fn header(urls: &Urls, archive: &Archive, ti: usize) -> u64 {
    let mut h = DefaultHasher::new();
    hash_of(&render::transcript_ref(urls, &archive.transcripts[ti]), &mut h);
    h.finish()
}

/// Hash of what listings show of the questions and opening statement of
/// transcript `ti`.
fn items_shown(urls: &Urls, archive: &Archive, ti: usize) -> u64 {
    let t = &archive.transcripts[ti].transcript;
    let mut h = DefaultHasher::new();
    hash_of(&render::item(archive, urls, ti, "opening", None), &mut h);
    for (ei, e) in t.exchanges.iter().enumerate() {
        hash_of(&render::item(archive, urls, ti, &e.id, Some(ei)), &mut h);
    }
    h.finish()
}

/// Every listing of the archive.
fn all_listings<'a>(archive: &'a Archive, topics: &'a [Topic]) -> impl Iterator<Item = (Listing, &'a str)> {
    let people = archive.people.iter().map(|p| (Listing::Person, p.slug.as_str()));
    let outlets = archive.outlets.iter().map(|o| (Listing::Outlet, o.slug.as_str()));
    people.chain(outlets).chain(topics.iter().map(|t| (Listing::Topic, t.slug.as_str())))
}

/// A listing's (hash of its subject: what the top of every page shows, hash
/// of its items' identities and order) and the transcript of each item;
/// `None` when there is no such listing.
fn listing(urls: &Urls, archive: &Archive, topics: &[Topic], kind: Listing, slug: &str) -> Option<((u64, u64), Vec<usize>)> {
    let subject = Subject::find(archive, topics, kind, slug)?;
    let items = listing::items(archive, subject);
    let mut h = DefaultHasher::new();
    let dates = |tis: &mut dyn Iterator<Item = usize>| {
        let dates: Vec<_> = tis.filter_map(|ti| archive.transcripts[ti].transcript.date).collect();
        (dates.iter().min().copied(), dates.iter().max().copied())
    };
    match subject {
        Subject::Person(p) => {
            (&p.name, p.role, &p.titles, dates(&mut p.appearances.iter().map(|a| a.transcript))).hash(&mut h);
            for (o, from, to) in &p.outlets {
                (o, from, to, archive.outlet_by_slug(o).map(|o| &o.name)).hash(&mut h);
            }
        }
        Subject::Outlet(o) => (&o.name, dates(&mut o.questions.iter().map(|q| q.0))).hash(&mut h),
        Subject::Topic(t) => {
            (&t.title, dates(&mut t.exchanges.iter().map(|q| q.0).chain(t.transcripts.iter().copied()))).hash(&mut h);
            for &ti in &t.transcripts {
                header(urls, archive, ti).hash(&mut h);
            }
        }
    }
    items.len().hash(&mut h);
    let mut order = DefaultHasher::new();
    for (ti, anchor, _) in &items {
        (&archive.transcripts[*ti].slug, anchor).hash(&mut order);
    }
    Some(((h.finish(), order.finish()), items.iter().map(|i| i.0).collect()))
}

/// The display name (and, for a person, role) of a person or outlet.
fn label(archive: &Archive, kind: Listing, slug: &str) -> Option<String> {
    match kind {
        Listing::Person => archive.person(slug).map(|p| format!("{}|{:?}", p.name, p.role)),
        Listing::Outlet => archive.outlet_by_slug(slug).map(|o| o.name.clone()),
        Listing::Topic => None,
    }
}

/// Display names of every person and outlet.
fn labels(archive: &Archive) -> BTreeMap<ListingKey, String> {
    let people = archive.people.iter().map(|p| ((Listing::Person, p.slug.clone()), format!("{}|{:?}", p.name, p.role)));
    people.chain(archive.outlets.iter().map(|o| ((Listing::Outlet, o.slug.clone()), o.name.clone()))).collect()
}
