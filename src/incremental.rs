//! Rebuilding only what a change touched, for `pressroom serve`.
//!
//! A [`Cache`] remembers, between builds of one archive: each content file's
//! size and modification time with its parsed transcript (so only changed
//! files are read and parsed again), the topics of each exchange (see
//! [`crate::topics::Memo`]), what every page depended on (so only the pages
//! of changed transcripts, their neighbours, and the people, outlets and
//! topics they name are rendered again), and a hash of every file written
//! (so only files whose bytes changed are written). The site's
//! configuration, templates or static files changing, or a first build,
//! make a full build.

use anyhow::{Context, Result};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::load::{self, Source};
use crate::model::Transcript;
use crate::render::Scope;
use crate::write::Sink;
use crate::resolve::{Archive, RESERVED_SLUGS};
use crate::topics::{Memo, Topic};

/// A content file as last seen.
#[derive(Debug, Clone)]
struct Seen {
    stamp: (u64, Option<SystemTime>),
    source: Source,
    transcript: Arc<Transcript>,
}

/// What the pages of one transcript named.
#[derive(Debug, Clone, Default, PartialEq)]
struct Names {
    people: BTreeSet<String>,
    outlets: BTreeSet<String>,
    topics: BTreeSet<String>,
}

/// What one build produced, for the next to compare with.
#[derive(Debug, Default)]
struct Previous {
    /// Transcript slugs in archive order.
    order: Vec<String>,
    /// What each transcript's pages named.
    names: HashMap<String, Names>,
    /// Display names of people and outlets (a change re-renders their pages).
    labels: BTreeMap<String, String>,
    /// Hash of every file written, by path.
    written: HashMap<PathBuf, u64>,
    /// The archive (transcripts are shared, not copied) and its topics.
    archive: Option<Archive>,
    topics: Vec<Topic>,
    /// A partial build left the search index to be rebuilt.
    search_stale: bool,
}

/// What a build with the cache found changed.
#[derive(Debug, Default)]
pub struct Changes {
    /// Slugs of transcripts added, changed or removed.
    pub transcripts: BTreeSet<String>,
    /// Whether everything must be rebuilt.
    pub everything: bool,
}

/// The content files a build has to read and parse.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The files that are new or changed.
    pub sources: Vec<Source>,
    /// Their paths, sizes and modification times.
    stamps: Vec<(PathBuf, (u64, Option<SystemTime>))>,
    /// Removed files, and whether everything must be rebuilt.
    changes: Changes,
}

/// Memory of earlier builds. A fresh cache makes a full build.
#[derive(Debug, Default)]
pub struct Cache {
    /// Whether builds are remembered file by file (`serve`); a plain
    /// `build` does not hash what it writes.
    track: bool,
    /// Fingerprint of site.toml, templates/ and static/.
    inputs: Option<u64>,
    files: BTreeMap<PathBuf, Seen>,
    /// Topic matches per transcript.
    pub topics: Memo,
    previous: Option<Previous>,
}

fn stamp(path: &Path) -> (u64, Option<SystemTime>) {
    std::fs::metadata(path).map(|m| (m.len(), m.modified().ok())).unwrap_or((0, None))
}

/// Fingerprint of what every page depends on: configuration, templates and
/// static files (paths, sizes and modification times).
fn inputs_fingerprint(root: &Path) -> u64 {
    let mut h = DefaultHasher::new();
    stamp(&root.join("site.toml")).hash(&mut h);
    for dir in ["templates", "static"] {
        for e in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name().into_iter().filter_map(Result::ok) {
            e.path().hash(&mut h);
            stamp(e.path()).hash(&mut h);
        }
    }
    h.finish()
}

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

impl Cache {
    /// A cache for `serve`: it remembers every file written, so the next
    /// build writes only what changed. ([`Cache::default`] makes a full
    /// build and remembers no files.)
    pub fn serving() -> Cache {
        Cache { track: true, ..Cache::default() }
    }

    /// Reads the content files that changed since the last build (all of
    /// them the first time, or when the configuration, templates or static
    /// files changed). Parse them and pass both to [`Cache::update`].
    pub fn load_changed(&mut self, root: &Path) -> Result<Loaded> {
        let mut loaded = Loaded::default();
        let inputs = inputs_fingerprint(root);
        if self.inputs != Some(inputs) {
            *self = Cache { inputs: Some(inputs), track: self.track, ..Cache::default() };
            loaded.changes.everything = true;
        }
        let paths = load::content_files(&root.join("content"))?;
        let present: HashSet<&PathBuf> = paths.iter().collect();
        for gone in self.files.keys().filter(|p| !present.contains(p)).cloned().collect::<Vec<_>>() {
            if let Some(seen) = self.files.remove(&gone) {
                loaded.changes.transcripts.insert(seen.source.slug);
            }
        }
        for path in &paths {
            let now = stamp(path);
            if self.files.get(path).is_some_and(|s| s.stamp == now) {
                continue;
            }
            loaded.sources.push(load::load_file(root, path)?);
            loaded.stamps.push((path.clone(), now));
        }
        Ok(loaded)
    }

    /// Takes in the changed files with their parses; returns every source
    /// (bodies dropped) and transcript in path order, and what changed.
    pub fn update(&mut self, loaded: Loaded, parsed: Vec<Transcript>) -> (Vec<Source>, Vec<Arc<Transcript>>, Changes) {
        let mut changes = loaded.changes;
        for (((path, now), mut source), transcript) in loaded.stamps.into_iter().zip(loaded.sources).zip(parsed) {
            if let Some(old) = self.files.get(&path) {
                changes.transcripts.insert(old.source.slug.clone());
            }
            changes.transcripts.insert(source.slug.clone());
            source.body = String::new();
            self.files.insert(path, Seen { stamp: now, source, transcript: Arc::new(transcript) });
        }
        let (sources, transcripts) = self.files.values().map(|s| (s.source.clone(), s.transcript.clone())).unzip();
        (sources, transcripts, changes)
    }

    /// The pages to render after `changes`: everything on a first or full
    /// build; otherwise the changed transcripts and their neighbours, and
    /// the people, outlets and topics they name now or named before.
    pub fn scope(&self, archive: &Archive, topics: &[Topic], changes: &Changes) -> Scope {
        let Some(prev) = self.previous.as_ref().filter(|_| !changes.everything) else { return Scope::all() };
        let now = names(archive, topics);
        let mut scope = Scope::default();
        let order: Vec<&String> = archive.transcripts.iter().map(|p| &p.slug).collect();
        for slug in &changes.transcripts {
            scope.transcripts.insert(slug.clone());
            for list in [&order, &prev.order.iter().collect::<Vec<_>>()] {
                if let Some(i) = list.iter().position(|s| *s == slug) {
                    scope.transcripts.extend(i.checked_sub(1).and_then(|j| list.get(j)).map(|s| s.to_string()));
                    scope.transcripts.extend(list.get(i + 1).map(|s| s.to_string()));
                }
            }
            for n in [now.get(slug), prev.names.get(slug)].into_iter().flatten() {
                scope.people.extend(n.people.iter().cloned());
                scope.outlets.extend(n.outlets.iter().cloned());
                scope.topics.extend(n.topics.iter().cloned());
            }
        }
        // A person or outlet whose display name changed: every page naming them.
        let labels = labels(archive);
        for (key, label) in &labels {
            if prev.labels.get(key) != Some(label) {
                for (slug, n) in &now {
                    let (kind, name) = key.split_once(':').unwrap_or(("", key));
                    let named = if kind == "person" { n.people.contains(name) } else { n.outlets.contains(name) };
                    if named {
                        scope.transcripts.insert(slug.clone());
                    }
                }
                let (kind, name) = key.split_once(':').unwrap_or(("", key));
                if kind == "person" {
                    scope.people.insert(name.to_string());
                } else {
                    scope.outlets.insert(name.to_string());
                }
            }
        }
        scope
    }

    /// The sink of a full build: forwards every file to `staging` and, when
    /// the cache tracks files, remembers its hash.
    pub fn full_sink<'a>(&self, staging: &'a dyn Sink) -> Recording<'a> {
        Recording { inner: staging, hashes: self.track.then(Mutex::default) }
    }

    /// The sink of a partial build: writes into the live `output` folder
    /// only the files whose bytes changed since the last build.
    pub fn partial_sink<'a>(&'a self, output: &'a Path) -> Updating<'a> {
        static NONE: std::sync::OnceLock<HashMap<PathBuf, u64>> = std::sync::OnceLock::new();
        let before = self.previous.as_ref().map(|p| &p.written).unwrap_or_else(|| NONE.get_or_init(HashMap::new));
        Updating { output, before, produced: Mutex::default(), written: AtomicUsize::new(0) }
    }

    /// Takes in what a partial sink wrote for `part`: removes the files
    /// `part` wrote before but no longer produces. Returns the number of
    /// files written.
    pub fn apply(&mut self, update: Produced, output: &Path, part: Part) -> Result<usize> {
        let prev = self.previous.get_or_insert_with(Previous::default);
        let stale: Vec<PathBuf> = prev.written.keys().filter(|p| !update.hashes.contains_key(*p) && part.owns(p)).cloned().collect();
        for path in stale {
            let target = output.join(&path);
            if target.is_file() {
                std::fs::remove_file(&target).with_context(|| format!("cannot remove {}", target.display()))?;
            }
            prev.written.remove(&path);
        }
        prev.written.extend(update.hashes);
        Ok(update.written)
    }

    /// After a partial build: the archive and topics whose search index is
    /// still to be written (in `serve`, once the pages are live). `None`
    /// after a full build, which wrote the index with the pages.
    pub fn search_pending(&mut self) -> Option<(&Archive, &[Topic])> {
        let prev = self.previous.as_mut()?;
        if !std::mem::take(&mut prev.search_stale) {
            return None;
        }
        self.last_archive()
    }

    /// The archive and topics of the last build.
    pub fn last_archive(&self) -> Option<(&Archive, &[Topic])> {
        let prev = self.previous.as_ref()?;
        Some((prev.archive.as_ref()?, &prev.topics))
    }

    /// Remembers what this build produced (with the hashes of a full
    /// build's files, from [`Recording::into_hashes`]).
    pub fn remember(&mut self, archive: Archive, topics: Vec<Topic>, full: Option<HashMap<PathBuf, u64>>) {
        let prev = self.previous.get_or_insert_with(Previous::default);
        let archive_ref = &archive;
        prev.order = archive_ref.transcripts.iter().map(|p| p.slug.clone()).collect();
        prev.names = names(archive_ref, &topics);
        prev.labels = labels(archive_ref);
        let is_full = full.is_some();
        if let Some(hashes) = full {
            prev.written = hashes;
        }
        prev.archive = Some(archive);
        prev.topics = topics;
        prev.search_stale = !is_full;
    }
}

/// Sink of a full build (see [`Cache::full_sink`]).
pub struct Recording<'a> {
    inner: &'a dyn Sink,
    hashes: Option<Mutex<HashMap<PathBuf, u64>>>,
}

impl Recording<'_> {
    /// The hash of every file put (empty when the cache does not track).
    pub fn into_hashes(self) -> HashMap<PathBuf, u64> {
        self.hashes.map(|m| m.into_inner().expect("no task panics holding the lock")).unwrap_or_default()
    }
}

impl Sink for Recording<'_> {
    fn put(&self, path: PathBuf, bytes: Vec<u8>) -> Result<()> {
        if let Some(hashes) = &self.hashes {
            hashes.lock().expect("no task panics holding the lock").insert(path.clone(), hash_bytes(&bytes));
        }
        self.inner.put(path, bytes)
    }
}

/// Sink of a partial build (see [`Cache::partial_sink`]).
pub struct Updating<'a> {
    output: &'a Path,
    before: &'a HashMap<PathBuf, u64>,
    produced: Mutex<HashMap<PathBuf, u64>>,
    written: AtomicUsize,
}

/// What a partial build produced, for [`Cache::apply`].
pub struct Produced {
    hashes: HashMap<PathBuf, u64>,
    written: usize,
}

impl Updating<'_> {
    /// What was produced, once every file is put.
    pub fn into_produced(self) -> Produced {
        Produced { hashes: self.produced.into_inner().expect("no task panics holding the lock"), written: self.written.into_inner() }
    }
}

impl Sink for Updating<'_> {
    fn put(&self, path: PathBuf, bytes: Vec<u8>) -> Result<()> {
        let h = hash_bytes(&bytes);
        if self.before.get(&path) != Some(&h) {
            let target = self.output.join(&path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
            }
            std::fs::write(&target, &bytes).with_context(|| format!("cannot write {}", target.display()))?;
            self.written.fetch_add(1, Ordering::Relaxed);
        }
        self.produced.lock().expect("no task panics holding the lock").insert(path, h);
        Ok(())
    }
}

/// What a partial write replaces: the pages a [`Scope`] rendered, or the
/// search index.
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    /// Pages of transcripts, people, outlets and topics in the scope.
    Pages(&'a Scope),
    /// The search index files (all of `search/` but its page).
    Search,
}

impl Part<'_> {
    /// Whether a file written earlier belongs to this part, so that it is
    /// removed when this part no longer produces it.
    fn owns(self, path: &Path) -> bool {
        let mut parts = path.iter().map(|p| p.to_string_lossy());
        let first = parts.next().unwrap_or_default();
        let second = parts.next().map(|s| s.to_string()).unwrap_or_default();
        match self {
            Part::Search => first == "search" && second != "index.html",
            Part::Pages(scope) => match first.as_ref() {
                "people" => scope.people.contains(&second),
                "outlets" => scope.outlets.contains(&second),
                "topics" => scope.topics.contains(&second),
                "data" => scope.transcripts.contains(second.trim_end_matches(".json")),
                other if !RESERVED_SLUGS.contains(&other) && !second.is_empty() => scope.transcripts.contains(other),
                _ => false,
            },
        }
    }
}

/// What each transcript's pages name.
fn names(archive: &Archive, topics: &[Topic]) -> HashMap<String, Names> {
    let mut out: HashMap<String, Names> = archive
        .transcripts
        .iter()
        .map(|p| (p.slug.clone(), Names { people: p.people.values().cloned().collect(), outlets: p.outlets.values().cloned().collect(), topics: BTreeSet::new() }))
        .collect();
    for t in topics {
        for &(ti, _) in t.exchanges.iter() {
            if let Some(n) = out.get_mut(&archive.transcripts[ti].slug) {
                n.topics.insert(t.slug.clone());
            }
        }
        for &ti in &t.transcripts {
            if let Some(n) = out.get_mut(&archive.transcripts[ti].slug) {
                n.topics.insert(t.slug.clone());
            }
        }
    }
    out
}

/// Display names of people and outlets, keyed `person:<slug>`/`outlet:<slug>`.
fn labels(archive: &Archive) -> BTreeMap<String, String> {
    archive
        .people
        .iter()
        .map(|p| (format!("person:{}", p.slug), format!("{}|{:?}", p.name, p.role)))
        .chain(archive.outlets.iter().map(|o| (format!("outlet:{}", o.slug), o.name.clone())))
        .collect()
}
