//! Rebuilding only what a change touched, for `pressroom serve`.
//!
//! A [`Cache`] remembers, between builds of one archive: each content file's
//! size and modification time with its parsed transcript (so only changed
//! files are read and parsed again; `serve` tells it which files its watcher
//! saw change, so the others are not even looked at); the resolved archive
//! with a [`resolve::Memo`] (so a change resolves only the changed
//! transcripts and the people and outlets they name, see
//! [`resolve::update`]); the topics of each exchange (see
//! [`crate::topics::Memo`]); hashes of what other pages show of each
//! transcript and of each listing's header and items (so only the pages
//! whose content changed are rendered: the changed transcripts, their
//! neighbours when their title or counts changed, the pages of a person's,
//! outlet's or topic's listing where the changed items sit, all of it when
//! its header or the order of its items changed, and the index pages when
//! what they list changed); and a hash of every file written (so only files
//! whose bytes changed are written). The site's configuration, templates or
//! static files changing, or a first build, make a full build.

use anyhow::{Context, Result};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::config::{base_path, Config};
use crate::error::ContentError;
use crate::index;
use crate::load::{self, Source};
use crate::model::Transcript;
use crate::pipeline::{self, Built};
use crate::progress::Reporter;
use crate::render::{self, Scope, PER_PAGE};
use crate::resolve::{self, Archive, Person, RESERVED_SLUGS};
use crate::search;
use crate::size::Publish;
use crate::topics::{Memo, Topic};
use crate::write::{Sink, Staging};

/// Builds the archive at `root` into `output` (served at `/`), rebuilding
/// only what changed since the last build with `cache`: the first build,
/// and any after site.toml, templates or static files changed, are full
/// builds (into a staging folder swapped in, as `pressroom build` does);
/// the others write into `output` the files whose bytes changed. After a
/// partial build the search index is left to [`build_search`].
pub fn build(cache: &mut Cache, root: &Path, output: &Path, reporter: &Reporter) -> Result<Built> {
    let config = pipeline::config(root, Some("/"))?;
    let output = pipeline::output_dir(root, &config, Some(output))?;

    let stage = reporter.stage("parse");
    let loaded = cache.load_changed(root)?;
    let parsed = pipeline::read_and_parse(root, &loaded.paths, &config.hints())?;
    stage.done(|| format!("{} new or changed files, {} exchanges", parsed.len(), parsed.iter().map(|t| t.1.exchanges.len()).sum::<usize>()));
    let changes = cache.update(loaded, parsed);

    let stage = reporter.stage("resolve");
    let archive = cache.resolve(&config, &changes)?;
    stage.done(|| format!("{} transcripts, {} people, {} outlets", archive.transcripts.len(), archive.people.len(), archive.outlets.len()));

    let stage = reporter.stage("index");
    let indexes = index::build(&archive, &config, &mut cache.topics);
    let scope = cache.scope(&archive, &indexes.topics, &changes);
    stage.done(|| format!("{} topics", indexes.topics.len()));

    let publish = cache.publish(|| pipeline::choose_parts(&config, &archive, reporter));
    let (files, hashes) = if scope.all {
        let staging = Staging::begin(&output)?;
        let sink = cache.full_sink(&staging);
        pipeline::render_site(&archive, &indexes, &config, publish, root, &sink, reporter)?;
        let hashes = sink.into_hashes();
        (pipeline::finish(staging, &output, &config, reporter)?, Some(hashes))
    } else {
        let stage = reporter.stage("render");
        let sink = cache.partial_sink(&output);
        let files = render::render(&archive, &indexes, &config, publish, root, &scope, &sink)?;
        let written = cache.apply(sink.into_produced(), &output, Part::Pages(&scope))?;
        stage.done(|| format!("{files} files, {written} changed"));
        (written, None)
    };
    let built = Built { transcripts: archive.transcripts.len(), files, output, base: base_path(&config.base_url)? };
    cache.remember(archive, indexes.topics, hashes);
    Ok(built)
}

/// After a partial [`build`]: rebuilds the search index of the archive it
/// built and writes into `output` the index files that changed.
pub fn build_search(cache: &mut Cache, output: &Path) -> Result<()> {
    if cache.search_pending().is_none() {
        return Ok(());
    }
    let Some((archive, topics)) = cache.last_archive() else { return Ok(()) };
    let sink = cache.partial_sink(output);
    search::build(archive, topics, &sink)?;
    let produced = sink.into_produced();
    cache.apply(produced, output, Part::Search)?;
    Ok(())
}

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

impl Names {
    /// Adds what `other` names.
    fn add(&mut self, other: Names) {
        self.people.extend(other.people);
        self.outlets.extend(other.outlets);
        self.topics.extend(other.topics);
    }

    /// The listings of what is named: folder, kind, slug.
    fn listings(&self) -> impl Iterator<Item = (PathBuf, Kind, &String)> {
        let people = self.people.iter().map(|s| (Path::new("people").join(s), Kind::Person, s));
        let outlets = self.outlets.iter().map(|s| (Path::new("outlets").join(s), Kind::Outlet, s));
        let topics = self.topics.iter().map(|s| (Path::new("topics").join(s), Kind::Topic, s));
        people.chain(outlets).chain(topics)
    }
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
    /// What lists and neighbours show of each transcript (see [`header`]), by slug.
    headers: HashMap<String, u64>,
    /// What listings show of each transcript's items (see [`items_shown`]), by slug.
    items: HashMap<String, u64>,
    /// Each listing's subject and item identities (see [`listing`]), by folder.
    listings: HashMap<PathBuf, (u64, u64)>,
    /// What resolving remembers, to resolve a change cheaply.
    memo: resolve::Memo,
    /// Whether a build was made (and all of the above describes it).
    built: bool,
    /// Hash of every file written, by path (sorted, so the files under a
    /// folder are found without looking at the others).
    written: BTreeMap<PathBuf, u64>,
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
    /// The files that are new or changed, to read and parse.
    pub paths: Vec<PathBuf>,
    /// Their sizes and modification times.
    stamps: Vec<(u64, Option<SystemTime>)>,
    /// Removed files, and whether everything must be rebuilt.
    changes: Changes,
}

/// Memory of earlier builds. A fresh cache makes a full build.
#[derive(Debug, Default)]
pub struct Cache {
    /// Fingerprint of site.toml, templates/ and static/.
    inputs: Option<u64>,
    files: BTreeMap<PathBuf, Seen>,
    /// Topic matches per transcript.
    pub topics: Memo,
    previous: Option<Previous>,
    /// Whether this build resolved the whole archive again.
    resolved_whole: bool,
    /// Content files a watcher saw change, when nothing else changed.
    hint: Option<Vec<PathBuf>>,
    /// The optional parts the last build published.
    publish: Option<Publish>,
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
    /// Finds the content files that changed since the last build (all of
    /// them the first time, or when the configuration, templates or static
    /// files changed). Read and parse them ([`pipeline::read_and_parse`])
    /// and pass the result to [`Cache::update`].
    pub fn load_changed(&mut self, root: &Path) -> Result<Loaded> {
        let mut loaded = Loaded::default();
        if let Some(paths) = self.hint.take().filter(|_| self.previous.as_ref().is_some_and(|p| p.built)) {
            if let Some(loaded) = self.load_hinted(paths) {
                return Ok(loaded);
            }
        }
        let inputs = inputs_fingerprint(root);
        if self.inputs != Some(inputs) {
            *self = Cache { inputs: Some(inputs), ..Cache::default() };
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
            loaded.paths.push(path.clone());
            loaded.stamps.push(now);
        }
        Ok(loaded)
    }

    /// Tells the next [`Cache::load_changed`] that only these content files
    /// (as found under `content/`) may have changed, and nothing else in
    /// the archive: it then looks at them only.
    pub fn expect_changes(&mut self, paths: Vec<PathBuf>) {
        self.hint = Some(paths);
    }

    /// [`Cache::load_changed`] when the changed files are known: `None`
    /// when one of them is new (or no longer a plain file), for which the
    /// content folder is read again.
    fn load_hinted(&mut self, paths: Vec<PathBuf>) -> Option<Loaded> {
        let mut loaded = Loaded::default();
        // Folders change when files come and go; those files are listed too.
        let unknown = |p: &PathBuf| std::fs::symlink_metadata(p).is_ok_and(|m| !m.is_dir());
        if paths.iter().any(|p| !self.files.contains_key(p) && unknown(p)) {
            return None;
        }
        let known: Vec<PathBuf> = paths.into_iter().filter(|p| self.files.contains_key(p)).collect();
        for path in known {
            match std::fs::symlink_metadata(&path) {
                Err(_) => {
                    if let Some(seen) = self.files.remove(&path) {
                        loaded.changes.transcripts.insert(seen.source.slug);
                    }
                }
                Ok(m) if !m.file_type().is_file() => return None,
                Ok(_) => {
                    let now = stamp(&path);
                    if self.files.get(&path).is_none_or(|s| s.stamp != now) {
                        loaded.paths.push(path);
                        loaded.stamps.push(now);
                    }
                }
            }
        }
        Some(loaded)
    }

    /// Takes in the changed files, read and parsed (in the order of
    /// `loaded.paths`, bodies dropped); returns what changed.
    pub fn update(&mut self, loaded: Loaded, parsed: Vec<(Source, Transcript)>) -> Changes {
        let mut changes = loaded.changes;
        for ((path, now), (mut source, transcript)) in loaded.paths.into_iter().zip(loaded.stamps).zip(parsed) {
            if let Some(old) = self.files.get(&path) {
                changes.transcripts.insert(old.source.slug.clone());
            }
            changes.transcripts.insert(source.slug.clone());
            source.body = String::new();
            self.files.insert(path, Seen { stamp: now, source, transcript: Arc::new(transcript) });
        }
        changes
    }

    /// Resolves the archive of every file taken in: from the last build's,
    /// redoing only what the changed transcripts touch, when there is one
    /// (in `serve`); otherwise whole (see [`resolve::update`]).
    pub fn resolve(&mut self, config: &Config, changes: &Changes) -> Result<Archive, ContentError> {
        if let Some(prev) = self.previous.as_mut().filter(|p| !changes.everything && p.built) {
            if let Some(archive) = prev.archive.take() {
                let fresh = self.files.values().filter(|s| changes.transcripts.contains(&s.source.slug)).map(|s| (s.source.clone(), s.transcript.clone())).collect();
                if let Some(archive) = resolve::update(archive, &mut prev.memo, fresh, self.files.len(), &changes.transcripts, config)? {
                    self.resolved_whole = false;
                    return Ok(archive);
                }
            }
        }
        let (sources, transcripts) = self.files.values().map(|s| (s.source.clone(), s.transcript.clone())).unzip();
        let (archive, memo) = resolve::resolve_with_memo(sources, transcripts, config)?;
        self.previous.get_or_insert_with(Previous::default).memo = memo;
        self.resolved_whole = true;
        Ok(archive)
    }

    /// The optional parts to publish: `decide`d on a first build and after
    /// site.toml, templates or static files changed (both full builds);
    /// otherwise those of the last build, because every transcript page
    /// links to them: editing a transcript in `serve` never changes them.
    pub fn publish(&mut self, decide: impl FnOnce() -> Publish) -> Publish {
        *self.publish.get_or_insert_with(decide)
    }

    /// The pages to render after `changes`: everything on a first or full
    /// build. Otherwise the changed transcripts (and their neighbours when
    /// what those show of them changed); the pages of the people, outlets
    /// and topics they name now or named before where their items sit (all
    /// of a listing when its header or the order of its items changed); and
    /// the index pages whose content changed. Updates the memory of what
    /// the pages showed, for the next build.
    pub fn scope(&mut self, archive: &Archive, topics: &[Topic], changes: &Changes) -> Scope {
        let first = changes.everything || !self.previous.as_ref().is_some_and(|p| p.built);
        let whole = first || self.resolved_whole;
        let prev = self.previous.get_or_insert_with(Previous::default);
        let n = archive.transcripts.len();
        let topic_names = transcript_topics(topics);
        let look: Vec<usize> = if whole { (0..n).collect() } else { (0..n).filter(|&i| changes.transcripts.contains(&archive.transcripts[i].slug)).collect() };

        // Transcripts: what they name and show now, against before.
        let mut scope = Scope::default();
        let mut items_changed: HashSet<usize> = HashSet::new();
        let mut header_changed: BTreeSet<String> = BTreeSet::new();
        let mut named = Names::default();
        for &ti in &look {
            let slug = &archive.transcripts[ti].slug;
            let names_now = names_of(archive, ti, &topic_names);
            let header_now = header(archive, ti);
            let names_before = prev.names.insert(slug.clone(), names_now.clone());
            let header_before = prev.headers.insert(slug.clone(), header_now);
            let items_now = items_shown(archive, ti);
            let items_before = prev.items.insert(slug.clone(), items_now);
            if !changes.transcripts.contains(slug) && names_before.as_ref() == Some(&names_now) && header_before == Some(header_now) && items_before == Some(items_now) {
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
        let removed: Vec<&String> = if whole {
            let all: HashSet<&str> = archive.transcripts.iter().map(|p| p.slug.as_str()).collect();
            prev.names.keys().filter(|s| !all.contains(s.as_str())).collect()
        } else {
            changes.transcripts.iter().filter(|s| !present.contains(s.as_str())).collect()
        };
        for slug in removed.into_iter().cloned().collect::<Vec<_>>() {
            if let Some(n) = prev.names.remove(&slug) {
                named.add(n);
            }
            prev.headers.remove(&slug);
            prev.items.remove(&slug);
            header_changed.insert(slug.clone());
            scope.transcripts.insert(slug);
        }
        if first {
            prev.labels = labels(archive);
            prev.listings = all_listings(archive, topics).into_iter().filter_map(|(dir, kind, slug)| Some((dir, listing(archive, topics, kind, &slug)?.0))).collect();
            return Scope::all();
        }

        // Neighbours show a transcript's title, date and counts.
        let order_changed = prev.order.len() != n || archive.transcripts.iter().zip(&prev.order).any(|(p, s)| p.slug != *s);
        let now_order: Vec<&String> = archive.transcripts.iter().map(|p| &p.slug).collect();
        for slug in scope.transcripts.clone() {
            if !order_changed && !header_changed.contains(&slug) {
                continue;
            }
            for list in [&now_order, &prev.order.iter().collect::<Vec<_>>()] {
                if let Some(i) = list.iter().position(|s| **s == slug) {
                    scope.transcripts.extend(i.checked_sub(1).and_then(|j| list.get(j)).map(|s| s.to_string()));
                    scope.transcripts.extend(list.get(i + 1).map(|s| s.to_string()));
                }
            }
        }

        // A person or outlet whose display name changed: every page naming
        // them; for an outlet, also every listing those pages are in, whose
        // items show the outlet's name.
        let keys: BTreeSet<String> = if whole {
            labels(archive).into_keys().chain(prev.labels.keys().cloned()).collect()
        } else {
            named.people.iter().map(|s| format!("person:{s}")).chain(named.outlets.iter().map(|s| format!("outlet:{s}"))).collect()
        };
        let mut whole_listings: BTreeSet<PathBuf> = BTreeSet::new();
        let mut relabelled = false;
        for key in keys {
            let (kind, name) = key.split_once(':').unwrap_or(("", &key));
            let now = label(archive, kind, name);
            if prev.labels.get(&key) == now.as_ref() {
                continue;
            }
            relabelled = true;
            match now {
                Some(l) => prev.labels.insert(key.clone(), l),
                None => prev.labels.remove(&key),
            };
            let naming: Vec<(&String, &Names)> = prev.names.iter().filter(|(_, n)| if kind == "person" { n.people.contains(name) } else { n.outlets.contains(name) }).collect();
            for (slug, n) in naming {
                scope.transcripts.insert(slug.clone());
                if kind == "outlet" {
                    whole_listings.extend(n.listings().map(|(dir, ..)| dir));
                    named.add(n.clone());
                }
            }
            let dir = Path::new(if kind == "person" { "people" } else { "outlets" }).join(name);
            whole_listings.insert(dir);
            if kind == "person" {
                named.people.insert(name.to_string());
            } else {
                scope.people_index = true;
                named.outlets.insert(name.to_string());
            }
        }

        // Listings: all of them when their header or items' order changed,
        // else the pages where the changed transcripts' items sit.
        for (dir, kind, slug) in named.listings() {
            let now = listing(archive, topics, kind, slug);
            let before = match &now {
                Some((sig, _)) => prev.listings.insert(dir.clone(), *sig),
                None => prev.listings.remove(&dir),
            };
            let subject_changed = now.as_ref().map(|n| n.0 .0) != before.map(|b| b.0);
            if subject_changed {
                match kind {
                    Kind::Person => scope.people_index = true,
                    Kind::Outlet => scope.outlets_index = true,
                    Kind::Topic => scope.topics_index = true,
                }
            }
            match kind {
                Kind::Person => scope.people.insert(slug.clone()),
                Kind::Outlet => scope.outlets.insert(slug.clone()),
                Kind::Topic => scope.topics.insert(slug.clone()),
            };
            let Some((sig, items)) = now else { continue };
            if subject_changed || Some(sig) != before || whole_listings.contains(&dir) {
                continue;
            }
            let pages = items.iter().enumerate().filter(|(_, (ti, _))| items_changed.contains(ti)).map(|(k, _)| k / PER_PAGE + 1).collect();
            scope.pages.insert(dir, pages);
        }
        scope.front = order_changed || !header_changed.is_empty() || relabelled;
        scope
    }

    /// The sink of a full build: forwards every file to `staging` and
    /// remembers its hash.
    pub fn full_sink<'a>(&self, staging: &'a dyn Sink) -> Recording<'a> {
        Recording { inner: staging, hashes: Mutex::default() }
    }

    /// The sink of a partial build: writes into the live `output` folder
    /// only the files whose bytes changed since the last build.
    pub fn partial_sink<'a>(&'a self, output: &'a Path) -> Updating<'a> {
        static NONE: BTreeMap<PathBuf, u64> = BTreeMap::new();
        let before = self.previous.as_ref().map_or(&NONE, |p| &p.written);
        Updating { output, before, produced: Mutex::default(), written: AtomicUsize::new(0) }
    }

    /// Takes in what a partial sink wrote for `part`: removes the files
    /// `part` wrote before but no longer produces. Returns the number of
    /// files written.
    pub fn apply(&mut self, update: Produced, output: &Path, part: Part) -> Result<usize> {
        let prev = self.previous.get_or_insert_with(Previous::default);
        let mut stale: Vec<PathBuf> = Vec::new();
        for folder in part.folders() {
            let under = prev.written.range(folder.clone()..).map(|(p, _)| p).take_while(|p| p.starts_with(&folder));
            stale.extend(under.filter(|p| !update.hashes.contains_key(*p) && part.owns(p)).cloned());
        }
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
    /// build's files, from [`Recording::into_hashes`]). What its pages
    /// showed was remembered by [`Cache::scope`].
    pub fn remember(&mut self, archive: Archive, topics: Vec<Topic>, full: Option<HashMap<PathBuf, u64>>) {
        let prev = self.previous.get_or_insert_with(Previous::default);
        if prev.order.len() != archive.transcripts.len() || archive.transcripts.iter().zip(&prev.order).any(|(p, s)| p.slug != *s) {
            prev.order = archive.transcripts.iter().map(|p| p.slug.clone()).collect();
        }
        let is_full = full.is_some();
        if let Some(hashes) = full {
            prev.written = hashes.into_iter().collect();
        }
        prev.archive = Some(archive);
        prev.topics = topics;
        prev.search_stale = !is_full;
        prev.built = true;
    }
}

/// Sink of a full build (see [`Cache::full_sink`]).
pub struct Recording<'a> {
    inner: &'a dyn Sink,
    hashes: Mutex<HashMap<PathBuf, u64>>,
}

impl Recording<'_> {
    /// The hash of every file put.
    pub fn into_hashes(self) -> HashMap<PathBuf, u64> {
        self.hashes.into_inner().expect("no task panics holding the lock")
    }
}

impl Sink for Recording<'_> {
    fn put(&self, path: PathBuf, bytes: Vec<u8>) -> Result<()> {
        self.hashes.lock().expect("no task panics holding the lock").insert(path.clone(), hash_bytes(&bytes));
        self.inner.put(path, bytes)
    }
}

/// Sink of a partial build (see [`Cache::partial_sink`]).
pub struct Updating<'a> {
    output: &'a Path,
    before: &'a BTreeMap<PathBuf, u64>,
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
    /// The folders (or files) under which the files of this part are.
    fn folders(self) -> Vec<PathBuf> {
        match self {
            Part::Search => vec![PathBuf::from("search")],
            Part::Pages(scope) => {
                let transcripts = scope.transcripts.iter().flat_map(|s| [PathBuf::from(s), Path::new("data").join(format!("{s}.json"))]);
                let people = scope.people.iter().map(|s| Path::new("people").join(s));
                let outlets = scope.outlets.iter().map(|s| Path::new("outlets").join(s));
                let topics = scope.topics.iter().map(|s| Path::new("topics").join(s));
                transcripts.chain(people).chain(outlets).chain(topics).collect()
            }
        }
    }

    /// Whether a file written earlier belongs to this part, so that it is
    /// removed when this part no longer produces it.
    fn owns(self, path: &Path) -> bool {
        let mut parts = path.iter().map(|p| p.to_string_lossy());
        let first = parts.next().unwrap_or_default();
        let second = parts.next().map(|s| s.to_string()).unwrap_or_default();
        match self {
            Part::Search => first == "search" && second != "index.html",
            Part::Pages(scope) if scope.pages.contains_key(&Path::new(first.as_ref()).join(&second)) => false,
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

/// Hash of what other pages show of transcript `ti` (lists, neighbours'
/// links, feeds, the sitemap): all but the text of its turns.
fn header(archive: &Archive, ti: usize) -> u64 {
    let p = &archive.transcripts[ti];
    let t = &p.transcript;
    let mut h = DefaultHasher::new();
    (&p.slug, &t.title, &t.date, &t.location, &t.source, &t.topics, t.exchanges.len()).hash(&mut h);
    for s in &t.speakers {
        (&s.id, &s.name, s.role, &s.outlet, &s.title).hash(&mut h);
    }
    (&p.people, &p.outlets).hash(&mut h);
    h.finish()
}

/// Hash of what listings show of the questions and opening statement of
/// transcript `ti` (see `Renderer::item`): all but the answers' text.
fn items_shown(archive: &Archive, ti: usize) -> u64 {
    let p = &archive.transcripts[ti];
    let t = &p.transcript;
    let mut h = DefaultHasher::new();
    (&p.slug, &t.title, &t.date, &p.people, &p.outlets).hash(&mut h);
    for s in &t.speakers {
        (&s.id, &s.name).hash(&mut h);
    }
    for turn in &t.opening {
        (&turn.speaker, &turn.text).hash(&mut h);
    }
    for e in &t.exchanges {
        (&e.id, &e.asker, &e.outlet).hash(&mut h);
        for turn in e.turns.iter().filter(|turn| turn.role == crate::model::Role::Press) {
            turn.text.hash(&mut h);
        }
    }
    h.finish()
}

/// The kinds of listings.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Person,
    Outlet,
    Topic,
}

/// Every listing: folder, kind, slug.
fn all_listings(archive: &Archive, topics: &[Topic]) -> Vec<(PathBuf, Kind, String)> {
    let people = archive.people.iter().map(|p| (Path::new("people").join(&p.slug), Kind::Person, p.slug.clone()));
    let outlets = archive.outlets.iter().map(|o| (Path::new("outlets").join(&o.slug), Kind::Outlet, o.slug.clone()));
    let topics = topics.iter().map(|t| (Path::new("topics").join(&t.slug), Kind::Topic, t.slug.clone()));
    people.chain(outlets).chain(topics).collect()
}

/// A listing's items as `render` lists them: (transcript index, exchange
/// index).
type Items = Vec<(usize, Option<usize>)>;

/// A listing's (hash of its subject: what the header of every page shows,
/// hash of its items' identities and order), and its [`Items`]; `None` when
/// there is no such listing.
fn listing(archive: &Archive, topics: &[Topic], kind: Kind, slug: &str) -> Option<((u64, u64), Items)> {
    let mut subject = DefaultHasher::new();
    let dates = |tis: &mut dyn Iterator<Item = usize>| {
        let dates: Vec<_> = tis.filter_map(|ti| archive.transcripts[ti].transcript.date).collect();
        (dates.iter().min().copied(), dates.iter().max().copied())
    };
    let items: Items = match kind {
        Kind::Person => {
            let p: &Person = archive.person(slug)?;
            let is_press = p.role == crate::model::Role::Press;
            (&p.name, p.role, &p.titles, dates(&mut p.appearances.iter().map(|a| a.transcript))).hash(&mut subject);
            for (o, from, to) in &p.outlets {
                (o, from, to, archive.outlet_by_slug(o).map(|o| &o.name)).hash(&mut subject);
            }
            p.appearances.iter().filter(|a| !is_press || a.part == resolve::Part::Asked).map(|a| (a.transcript, a.exchange)).collect()
        }
        Kind::Outlet => {
            let o = archive.outlet_by_slug(slug)?;
            (&o.name, dates(&mut o.questions.iter().map(|q| q.0))).hash(&mut subject);
            o.questions.iter().map(|&(ti, ei)| (ti, Some(ei))).collect()
        }
        Kind::Topic => {
            let t = topics.iter().find(|t| t.slug == slug)?;
            (&t.title, dates(&mut t.exchanges.iter().map(|q| q.0).chain(t.transcripts.iter().copied()))).hash(&mut subject);
            for &ti in &t.transcripts {
                header(archive, ti).hash(&mut subject);
            }
            t.exchanges.iter().map(|&(ti, ei)| (ti, Some(ei))).collect()
        }
    };
    items.len().hash(&mut subject);
    let mut order = DefaultHasher::new();
    for (ti, ei) in &items {
        (&archive.transcripts[*ti].slug, ei).hash(&mut order);
    }
    Some(((subject.finish(), order.finish()), items))
}

/// The display name of a person (`kind` "person") or outlet, keyed as in
/// [`labels`].
fn label(archive: &Archive, kind: &str, slug: &str) -> Option<String> {
    if kind == "person" {
        archive.person(slug).map(|p| format!("{}|{:?}", p.name, p.role))
    } else {
        archive.outlet_by_slug(slug).map(|o| o.name.clone())
    }
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
