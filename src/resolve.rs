//! Resolving people and outlets across the archive: one page per person and
//! per outlet, whatever spelling or case each transcript used.

use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::error::ContentError;
use crate::layout;
use crate::load::Source;
use crate::model::{Role, Transcript};
use crate::slug::{name_slug, slugify};

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

/// What [`update`] needs besides the archive to take in a change to a few
/// transcripts without resolving the whole archive again.
#[derive(Debug, Clone, Default)]
pub struct Memo {
    /// Outlet key → spelling (after aliases) → number of exchanges.
    spellings: BTreeMap<String, BTreeMap<String, usize>>,
    /// Outlet key → slug of its outlet.
    outlet_slugs: HashMap<String, String>,
    /// Person slug → indices of the transcripts in which they speak, ascending.
    spoken: HashMap<String, Vec<usize>>,
}

/// How printed names map to archive names, made once per spelling.
struct Naming {
    /// Slugified alias → canonical person name (from `site.toml`).
    aliases: HashMap<String, String>,
    /// Outlet key of an alias → outlet name (from `site.toml`).
    outlet_aliases: HashMap<String, String>,
    /// Printed outlet → (key, spelling after aliases).
    outlets: HashMap<String, (String, String)>,
    /// Printed person name → (canonical name, slug).
    people: HashMap<String, (String, String)>,
}

impl Naming {
    fn new(config: &Config) -> Naming {
        let aliases = config
            .people
            .iter()
            .flat_map(|p| p.aliases.iter().chain(std::iter::once(&p.name)).map(move |a| (slugify(a, ""), p.name.clone())))
            .filter(|(key, _)| !key.is_empty())
            .collect();
        let outlet_aliases = config.outlets.aliases.iter().map(|(k, v)| (outlet_key(k), v.clone())).collect();
        Naming { aliases, outlet_aliases, outlets: HashMap::new(), people: HashMap::new() }
    }

    /// (key, spelling after aliases) of a printed outlet.
    fn outlet(&mut self, printed: &str) -> &(String, String) {
        if !self.outlets.contains_key(printed) {
            let name = self.outlet_aliases.get(&outlet_key(printed)).cloned().unwrap_or_else(|| printed.to_string());
            self.outlets.insert(printed.to_string(), (outlet_key(&name), name));
        }
        &self.outlets[printed]
    }

    /// (canonical name, slug) of a printed person name. Spellings that
    /// differ only in case, accents or punctuation ("José Núñez", "JOSE
    /// NUNEZ") are the same person, as two identical spellings would be;
    /// names too long for a slug or without letters keep distinct slugs
    /// (see `slug::name_slug`).
    fn person(&mut self, printed: &str) -> &(String, String) {
        if !self.people.contains_key(printed) {
            let name = self.aliases.get(&slugify(printed, "")).cloned().unwrap_or_else(|| printed.to_string());
            let slug = name_slug(&name, "person");
            self.people.insert(printed.to_string(), (name, slug));
        }
        &self.people[printed]
    }
}

/// The order of transcripts: oldest first, undated last, then by slug.
fn order_key(p: &Page) -> (bool, Option<NaiveDate>, &str) {
    (p.transcript.date.is_none(), p.transcript.date, &p.slug)
}

/// Counts the outlet spellings of a transcript's exchanges in (`add`) or
/// out of `spellings`; returns the keys it touched.
fn count_spellings(t: &Transcript, naming: &mut Naming, spellings: &mut BTreeMap<String, BTreeMap<String, usize>>, add: bool) -> Vec<String> {
    let mut keys = Vec::new();
    for o in t.exchanges.iter().filter_map(|e| e.outlet.as_deref()) {
        let (key, name) = naming.outlet(o).clone();
        let names = spellings.entry(key.clone()).or_default();
        let n = names.entry(name.clone()).or_default();
        if add {
            *n += 1;
        } else {
            *n = n.saturating_sub(1);
            if *n == 0 {
                names.remove(&name);
            }
            if names.is_empty() {
                spellings.remove(&key);
            }
        }
        keys.push(key);
    }
    keys
}

/// The display name of an outlet: its most used spelling.
fn display_name(names: &BTreeMap<String, usize>) -> String {
    names.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(n, _)| n.clone()).unwrap_or_default()
}

/// The named speakers of a transcript that are people (unresolved role
/// labels such as "Prime Minister" are not).
fn people_speakers(t: &Transcript) -> impl Iterator<Item = (&crate::model::Speaker, &str)> {
    t.speakers.iter().filter_map(|s| {
        let name = s.name.as_deref()?;
        (s.title.as_deref() != Some(name)).then_some((s, name))
    })
}

/// Links a transcript's speakers to person slugs and its printed outlets
/// to outlet slugs.
fn link(page: &mut Page, naming: &mut Naming, outlet_slugs: &HashMap<String, String>) {
    let t = page.transcript.clone();
    page.people.clear();
    page.outlets.clear();
    for (s, name) in people_speakers(&t) {
        let slug = naming.person(name).1.clone();
        if let Some(o) = &s.outlet {
            if let Some(oslug) = outlet_slugs.get(&naming.outlet(o).0) {
                page.outlets.insert(o.clone(), oslug.clone());
            }
        }
        page.people.insert(s.id.clone(), slug);
    }
    for o in t.exchanges.iter().filter_map(|e| e.outlet.as_ref()) {
        if let Some(oslug) = outlet_slugs.get(&naming.outlet(o).0) {
            page.outlets.insert(o.clone(), oslug.clone());
        }
    }
}

/// Takes in what one speaker of a transcript dated `date` says about the
/// person: a title, an outlet.
fn absorb(person: &mut Person, s: &crate::model::Speaker, date: Option<NaiveDate>, naming: &mut Naming, outlet_slugs: &HashMap<String, String>) {
    if let Some(title) = &s.title {
        if !person.titles.contains(title) {
            person.titles.push(title.clone());
        }
    }
    let Some(o) = &s.outlet else { return };
    let Some(oslug) = outlet_slugs.get(&naming.outlet(o).0) else { return };
    match person.outlets.iter_mut().find(|(s, _, _)| s == oslug) {
        Some(entry) => {
            entry.1 = entry.1.min(date).or(entry.1).or(date);
            entry.2 = entry.2.max(date);
        }
        None => person.outlets.push((oslug.clone(), date, date)),
    }
}

/// The appearances of people in transcript `ti` (only of `only`, when
/// given), in order: the opening statement, then each exchange's asker and
/// answerers.
fn appearances<'p>(page: &'p Page, ti: usize, only: Option<&str>, mut push: impl FnMut(&'p str, Appearance)) {
    let t = &page.transcript;
    let slug_of = |id: &Option<String>| id.as_ref().and_then(|id| page.people.get(id)).map(String::as_str).filter(|s| only.is_none_or(|o| o == *s));
    let mut seen_opening: Vec<&str> = Vec::new();
    for turn in &t.opening {
        if let Some(slug) = slug_of(&turn.speaker) {
            if !seen_opening.contains(&slug) {
                seen_opening.push(slug);
                push(slug, Appearance { transcript: ti, anchor: "opening".into(), exchange: None, part: Part::Opened });
            }
        }
    }
    for (ei, e) in t.exchanges.iter().enumerate() {
        let mut seen: Vec<&str> = Vec::new();
        if let Some(slug) = slug_of(&e.asker) {
            seen.push(slug);
            push(slug, Appearance { transcript: ti, anchor: e.id.clone(), exchange: Some(ei), part: Part::Asked });
        }
        for turn in e.turns.iter().filter(|turn| turn.role != Role::Press && turn.role != Role::Other) {
            if let Some(slug) = slug_of(&turn.speaker) {
                if !seen.contains(&slug) {
                    seen.push(slug);
                    push(slug, Appearance { transcript: ti, anchor: e.id.clone(), exchange: Some(ei), part: Part::Answered });
                }
            }
        }
    }
}

/// Press when the person asked at least as often as they answered;
/// otherwise the role they were first seen in. Outlets by first date.
fn finish(p: &mut Person) {
    p.role = majority_role(p);
    p.outlets.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
}

/// Sorts transcripts, checks their slugs, and resolves people and outlets.
pub fn resolve(sources: Vec<Source>, transcripts: Vec<Arc<Transcript>>, config: &Config) -> Result<Archive, ContentError> {
    resolve_with_memo(sources, transcripts, config).map(|(archive, _)| archive)
}

/// [`resolve`], with what [`update`] needs to take in later changes.
pub fn resolve_with_memo(sources: Vec<Source>, transcripts: Vec<Arc<Transcript>>, config: &Config) -> Result<(Archive, Memo), ContentError> {
    let mut pages: Vec<Page> = sources
        .into_iter()
        .zip(transcripts)
        .map(|(s, t)| Page { slug: s.slug, path: s.path, transcript: t, people: BTreeMap::new(), outlets: BTreeMap::new() })
        .collect();
    pages.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
    check_slugs(&pages)?;
    let mut naming = Naming::new(config);
    let mut memo = Memo::default();

    // Outlets: group spellings by key, display the most used spelling.
    for p in &pages {
        count_spellings(&p.transcript, &mut naming, &mut memo.spellings, true);
    }
    let mut outlets: Vec<(String, Outlet)> = memo
        .spellings
        .iter()
        .filter(|(key, _)| !key.is_empty())
        .map(|(key, names)| {
            let name = display_name(names);
            (key.clone(), Outlet { slug: slugify(&name, "outlet"), name, questions: Vec::new() })
        })
        .collect();
    dedupe_slugs(outlets.iter_mut().map(|(_, o)| &mut o.slug));
    memo.outlet_slugs = outlets.iter().map(|(key, o)| (key.clone(), o.slug.clone())).collect();
    let mut outlets: Vec<Outlet> = outlets.into_iter().map(|(_, o)| o).collect();
    outlets.sort_by(|a, b| a.slug.cmp(&b.slug));
    let outlet_index: HashMap<String, usize> = outlets.iter().enumerate().map(|(i, o)| (o.slug.clone(), i)).collect();

    // People: one per canonical name slug, named as first seen.
    let mut people: Vec<Person> = Vec::new();
    let mut person_index: HashMap<String, usize> = HashMap::new();
    for (ti, page) in pages.iter_mut().enumerate() {
        link(page, &mut naming, &memo.outlet_slugs);
        let t = page.transcript.clone();
        for (s, name) in people_speakers(&t) {
            let (name, slug) = naming.person(name).clone();
            let idx = *person_index.entry(slug.clone()).or_insert_with(|| {
                people.push(Person { slug: slug.clone(), name, role: s.role, titles: vec![], outlets: vec![], appearances: vec![] });
                people.len() - 1
            });
            absorb(&mut people[idx], s, t.date, &mut naming, &memo.outlet_slugs);
            let spoken = memo.spoken.entry(slug).or_default();
            if spoken.last() != Some(&ti) {
                spoken.push(ti);
            }
        }
        appearances(page, ti, None, |slug, a| people[person_index[slug]].appearances.push(a));
        for (ei, e) in t.exchanges.iter().enumerate() {
            if let Some(oslug) = e.outlet.as_ref().and_then(|o| page.outlets.get(o)) {
                outlets[outlet_index[oslug]].questions.push((ti, ei));
            }
        }
    }
    people.iter_mut().for_each(finish);
    people.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok((Archive { transcripts: pages, people, outlets }, memo))
}

/// The archive after the transcripts whose slugs are in `changed` were
/// added, changed or removed, made from the `previous` archive: only the
/// changed transcripts, and the people and outlets they name, are resolved
/// again; the result is the same as [`resolve`] of every transcript.
/// `fresh` holds the new versions of the changed transcripts that are in
/// the archive now, which has `count` transcripts. `None` when the whole
/// archive must be resolved again: a change renames or numbers outlets
/// anew (an outlet appears or disappears, or its most used spelling
/// changes), or the archive is not the one `memo` describes.
pub fn update(previous: Archive, memo: &mut Memo, fresh: Vec<(Source, Arc<Transcript>)>, count: usize, changed: &BTreeSet<String>, config: &Config) -> Result<Option<Archive>, ContentError> {
    let Archive { transcripts: old_pages, mut people, mut outlets } = previous;
    // The pages that stay, with their old index, and the old versions of the changed ones.
    let mut gone: Vec<Page> = Vec::new();
    let mut gone_index: Vec<usize> = Vec::new();
    let mut pages: Vec<Page> = Vec::with_capacity(count);
    let mut old_index: Vec<usize> = Vec::with_capacity(count);
    for (i, p) in old_pages.into_iter().enumerate() {
        if changed.contains(&p.slug) {
            gone_index.push(i);
            gone.push(p);
        } else {
            old_index.push(i);
            pages.push(p);
        }
    }
    let old_len = old_index.len() + gone.len();
    let fresh: Vec<Page> = fresh.into_iter().map(|(s, t)| Page { slug: s.slug, path: s.path, transcript: t, people: BTreeMap::new(), outlets: BTreeMap::new() }).collect();
    if pages.len() + fresh.len() != count || fresh.iter().any(|p| !changed.contains(&p.slug)) {
        return Ok(None);
    }

    // Outlets: recount the spellings the changed transcripts use.
    let mut naming = Naming::new(config);
    let mut keys: BTreeSet<String> = BTreeSet::new();
    for p in &gone {
        keys.extend(count_spellings(&p.transcript, &mut naming, &mut memo.spellings, false));
    }
    for p in &fresh {
        keys.extend(count_spellings(&p.transcript, &mut naming, &mut memo.spellings, true));
    }
    let renamed = keys.iter().filter(|k| !k.is_empty()).any(|key| match (memo.spellings.get(key), memo.outlet_slugs.get(key)) {
        (Some(names), Some(slug)) => outlets.binary_search_by(|o| o.slug.cmp(slug)).map_or(true, |i| outlets[i].name != display_name(names)),
        _ => true,
    });
    if renamed {
        return Ok(None);
    }

    // The new order: changed transcripts go where a full sort puts them.
    let mut fresh_index = Vec::with_capacity(fresh.len());
    for mut page in fresh {
        link(&mut page, &mut naming, &memo.outlet_slugs);
        let at = pages.partition_point(|p| order_key(p) < order_key(&page));
        pages.insert(at, page);
        old_index.insert(at, usize::MAX);
        for f in fresh_index.iter_mut().filter(|f| **f >= at) {
            *f += 1;
        }
        fresh_index.push(at);
    }
    check_slugs(&pages)?;
    let mut remap: Vec<Option<usize>> = vec![None; old_len];
    for (new, &old) in old_index.iter().enumerate().filter(|(_, o)| **o != usize::MAX) {
        remap[old] = Some(new);
    }
    let shifted = remap.iter().enumerate().any(|(old, new)| new.is_some_and(|n| n != old));
    let move_index = |i: &usize| remap[*i];

    // Outlets named before or now: their questions, in order.
    let named_outlets: BTreeSet<&String> = keys.iter().filter_map(|k| memo.outlet_slugs.get(k)).collect();
    for o in &mut outlets {
        if shifted || named_outlets.contains(&o.slug) {
            o.questions = o.questions.iter().filter_map(|&(ti, ei)| Some((move_index(&ti)?, ei))).collect();
        }
        if named_outlets.contains(&o.slug) {
            for &ti in &fresh_index {
                let page = &pages[ti];
                let here = page.transcript.exchanges.iter().enumerate().filter(|(_, e)| e.outlet.as_ref().and_then(|x| page.outlets.get(x)) == Some(&o.slug));
                o.questions.extend(here.map(|(ei, _)| (ti, ei)));
            }
            o.questions.sort_unstable();
        }
    }

    // Whether each changed transcript kept its place (an edit in place).
    let mut fresh_sorted = fresh_index.clone();
    fresh_sorted.sort_unstable();
    let in_place = !shifted && gone_index == fresh_sorted && gone.iter().zip(&gone_index).all(|(g, &i)| pages[i].slug == g.slug);

    // People named before or now: made again from the transcripts they speak in.
    let mut named: BTreeSet<String> = gone.iter().flat_map(|p| p.people.values().cloned()).collect();
    if shifted {
        for list in memo.spoken.values_mut() {
            *list = list.iter().filter_map(move_index).collect();
        }
        for p in &mut people {
            for a in &mut p.appearances {
                a.transcript = move_index(&a.transcript).unwrap_or(usize::MAX);
            }
        }
    } else {
        for slug in &named {
            if let Some(list) = memo.spoken.get_mut(slug) {
                list.retain(|i| remap[*i].is_some());
            }
        }
    }
    for &ti in &fresh_index {
        for slug in pages[ti].people.values() {
            let list = memo.spoken.entry(slug.clone()).or_default();
            if let Err(at) = list.binary_search(&ti) {
                list.insert(at, ti);
            }
            named.insert(slug.clone());
        }
    }
    for slug in &named {
        let at = people.binary_search_by(|p| p.slug.cmp(slug));
        // Appearances: those in other transcripts stay, the changed ones' go where they belong.
        let mut seen = at.map(|i| std::mem::take(&mut people[i].appearances)).unwrap_or_default();
        seen.retain(|a| a.transcript != usize::MAX && (shifted || remap[a.transcript].is_some()));
        for &ti in &fresh_index {
            let mut here = Vec::new();
            appearances(&pages[ti], ti, Some(slug), |_, a| here.push(a));
            let at = seen.partition_point(|a| a.transcript < ti);
            seen.splice(at..at, here);
        }
        // What the speakers say of the person (titles, outlets) is the same as
        // before when the changed transcripts say the same in the same place.
        let same = in_place && at.is_ok() && gone.iter().zip(&gone_index).all(|(g, &i)| said_of(g, slug) == said_of(&pages[i], slug));
        let person = match memo.spoken.get(slug).filter(|l| !l.is_empty()) {
            Some(list) if same => {
                let Ok(i) = at else { unreachable!("`same` needs the person") };
                let mut p = std::mem::replace(&mut people[i], Person { slug: String::new(), name: String::new(), role: Role::Other, titles: vec![], outlets: vec![], appearances: vec![] });
                let first = &pages[list[0]];
                if let Some((s, name)) = people_speakers(&first.transcript).find(|(s, _)| first.people.get(&s.id).is_some_and(|x| x == slug)) {
                    p.name = naming.person(name).0.clone();
                    p.role = s.role;
                }
                p.appearances = seen;
                finish(&mut p);
                Some(p)
            }
            Some(list) => Some(person_from(slug, &pages, list, seen, &mut naming, &memo.outlet_slugs)),
            None => None,
        };
        match (at, person) {
            (Ok(i), Some(p)) => people[i] = p,
            (Err(i), Some(p)) => people.insert(i, p),
            (Ok(i), None) => {
                people.remove(i);
                memo.spoken.remove(slug);
            }
            (Err(_), None) => {
                memo.spoken.remove(slug);
            }
        }
    }
    Ok(Some(Archive { transcripts: pages, people, outlets }))
}

/// What one speaker label says of a person: name, role, title, outlet.
type Said<'p> = (&'p str, Role, Option<&'p str>, Option<&'p String>);

/// What the speakers of a transcript who are the person `slug` say of them
/// (name, role, title, outlet), with the transcript's date.
fn said_of<'p>(page: &'p Page, slug: &str) -> (Option<NaiveDate>, Vec<Said<'p>>) {
    let t = &page.transcript;
    let said = people_speakers(t)
        .filter(|(s, _)| page.people.get(&s.id).is_some_and(|x| x == slug))
        .map(|(s, name)| (name, s.role, s.title.as_deref(), s.outlet.as_ref().and_then(|o| page.outlets.get(o))))
        .collect();
    (t.date, said)
}

/// A person made from the transcripts they speak in (indices, ascending)
/// and their `appearances` there, as [`resolve`] makes them.
fn person_from(slug: &str, pages: &[Page], spoken: &[usize], appearances: Vec<Appearance>, naming: &mut Naming, outlet_slugs: &HashMap<String, String>) -> Person {
    let mut person: Option<Person> = None;
    for &ti in spoken {
        let page = &pages[ti];
        let t = &page.transcript;
        for (s, name) in people_speakers(t).filter(|(s, _)| page.people.get(&s.id).is_some_and(|x| x == slug)) {
            let p = person.get_or_insert_with(|| Person { slug: slug.to_string(), name: naming.person(name).0.clone(), role: s.role, titles: vec![], outlets: vec![], appearances: vec![] });
            absorb(p, s, t.date, naming, outlet_slugs);
        }
    }
    let mut person = person.unwrap_or_else(|| Person { slug: slug.to_string(), name: slug.to_string(), role: Role::Other, titles: vec![], outlets: vec![], appearances: vec![] });
    person.appearances = appearances;
    finish(&mut person);
    person
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
fn check_slugs(pages: &[Page]) -> Result<(), ContentError> {
    let mut seen: HashMap<&str, &PathBuf> = HashMap::new();
    for p in pages {
        if layout::RESERVED.contains(&p.slug.as_str()) {
            return Err(ContentError::new(
                &p.path,
                format!("its URL `/{}/` is used by the site itself", p.slug),
                "rename the file or set `slug = \"...\"` in its front matter",
            ));
        }
        if let Some(other) = seen.insert(&p.slug, &p.path) {
            return Err(ContentError::new(
                &p.path,
                format!(
                    "{} and {} both map to the URL `/{}/` (names that differ only in case, accents or punctuation give the same URL)",
                    other.display(),
                    p.path.display(),
                    p.slug
                ),
                "rename one of them or set a different `slug = \"...\"` in its front matter",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small archive of `files` (name, text), parsed.
    fn parsed(files: &BTreeMap<String, String>) -> (Vec<Source>, Vec<Arc<Transcript>>) {
        files
            .iter()
            .map(|(name, text)| {
                let source = crate::load::read_source(std::path::Path::new(&format!("content/{name}")), text).unwrap();
                let t = crate::parse::parse(&source.body, &source.given, &Default::default());
                (source, Arc::new(t))
            })
            .unzip()
    }

    #[test]
    fn update_resolves_as_a_full_pass_does() {
        let config = Config::from_toml("title = \"t\"\n[outlets.aliases]\n\"AP\" = \"The Associated Press\"\n").unwrap();
        let journalists = ["Jane Roe", "John Doe", "JANE ROE", "Ann Poe", "Max Moe"];
        let outlets = ["Reuters", "REUTERS", "BBC", "AP", "The Associated Press", "Fox News", "FOX News"];
        let officials = ["THE MINISTER", "Press Secretary Alex Morgan", "Alex Morgan"];
        let mut seed = 7u64;
        let mut next = move |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let talk = |next: &mut dyn FnMut(usize) -> usize| {
            let mut text = format!("+++\ntitle = \"Talk {}\"\ndate = 2022-0{}-1{}\n+++\nMODERATOR: Go ahead.\n\n", next(5), 1 + next(3), next(3));
            for _ in 0..1 + next(4) {
                text.push_str(&format!("{} ({}): A question?\n\n{}: An answer.\n\n", journalists[next(5)], outlets[next(7)], officials[next(3)]));
            }
            text
        };
        let mut files: BTreeMap<String, String> = (0..12).map(|i| (format!("t{i:02}.md"), talk(&mut next))).collect();
        let (sources, transcripts) = parsed(&files);
        let (mut archive, mut memo) = resolve_with_memo(sources, transcripts, &config).unwrap();
        let mut wholes = 0;
        for step in 0..300 {
            let name = format!("t{:02}.md", next(16));
            let before = files.get(&name).map(|text| crate::load::read_source(std::path::Path::new(&format!("content/{name}")), text).unwrap().slug);
            match next(4) {
                0 => {
                    files.remove(&name);
                }
                // An edit of an answer's words only.
                1 if files.contains_key(&name) => {
                    let text = files[&name].replacen("An answer.", &format!("An answer, edit {step}."), 1);
                    files.insert(name.clone(), text);
                }
                _ => {
                    files.insert(name.clone(), talk(&mut next));
                }
            }
            let changed: BTreeSet<String> = before.into_iter().chain(std::iter::once(name.trim_end_matches(".md").to_string())).collect();
            let (sources, transcripts) = parsed(&files);
            let expected = resolve(sources.clone(), transcripts.clone(), &config).unwrap();
            let fresh = sources.iter().cloned().zip(transcripts.iter().cloned()).filter(|(s, _)| changed.contains(&s.slug)).collect();
            archive = match update(archive, &mut memo, fresh, sources.len(), &changed, &config).unwrap() {
                Some(archive) => archive,
                None => {
                    wholes += 1;
                    let (archive, m) = resolve_with_memo(sources, transcripts, &config).unwrap();
                    memo = m;
                    archive
                }
            };
            assert_eq!(format!("{archive:?}"), format!("{expected:?}"), "step {step}: {name}");
        }
        assert!(wholes < 150, "most updates are partial ({wholes} of 300 were whole)");
    }

    #[test]
    fn outlet_spellings_share_a_key() {
        assert_eq!(outlet_key("FOX News"), outlet_key("Fox News"));
        assert_eq!(outlet_key("The Associated Press"), outlet_key("Associated Press"));
        assert_ne!(outlet_key("Reuters"), outlet_key("Reuters TV"));
    }
}
