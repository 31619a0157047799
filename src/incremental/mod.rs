//! Rebuilding only what a change touched, for `pressroom serve`: a layer
//! over the pipeline's stages ([`crate::pipeline`]) that remembers, between
//! builds of one archive, what it can reuse.
//!
//! A [`Cache`] remembers each content file's size and modification time
//! with its parsed transcript (so only changed files are read and parsed
//! again; `serve` tells it which files its watcher saw change, so the others
//! are not even looked at); the resolved archive with a [`resolve::Memo`]
//! (so a change resolves only the changed transcripts and the people and
//! outlets they name, see [`resolve::update`]); the topics of each exchange
//! (see [`crate::topics::Memo`]); what the pages showed ([`shown`]: so only
//! the pages whose content changed are rendered); and a hash of every file
//! written ([`written`]: so only files whose bytes changed are written).
//! The site's configuration, templates or static files changing, or a first
//! build, make a full build.

mod shown;
mod written;

use anyhow::Result;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::config::{base_path, Config};
use crate::error::ContentError;
use crate::index;
use crate::load::{self, Source};
use crate::model::Transcript;
use crate::pipeline::{self, Built};
use crate::progress::Reporter;
use crate::render;
use crate::resolve::{self, Archive};
use crate::search;
use crate::size::Publish;
use crate::topics::{Memo, Topic};
use crate::write::{self, Staging};
use shown::Shown;
use written::{Recording, Update, Written};

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
    let parsed = pipeline::read_and_parse(root, &loaded.paths, &config)?;
    stage.done(|| format!("{} new or changed files, {} exchanges", parsed.len(), parsed.iter().map(|t| t.1.exchanges.len()).sum::<usize>()));
    let changes = cache.update(loaded, parsed);

    let stage = reporter.stage("resolve");
    let archive = cache.resolve(&config, &changes)?;
    stage.done(|| format!("{} transcripts, {} people, {} outlets", archive.transcripts.len(), archive.people.len(), archive.outlets.len()));

    let stage = reporter.stage("index");
    let indexes = index::build(&archive, &config, &mut cache.topics);
    let first = changes.everything || !cache.built;
    let scope = cache.shown.scope(&archive, &indexes.topics, &changes.transcripts, first, cache.resolved_whole);
    stage.done(|| format!("{} topics", indexes.topics.len()));

    let publish = *cache.publish.get_or_insert_with(|| pipeline::choose_parts(&config, &archive, reporter));
    let files = if scope.all {
        let staging = Staging::begin(&output)?;
        let sink = Recording::new(&staging);
        pipeline::render_site(&archive, &indexes, &config, publish, root, &sink, reporter)?;
        cache.written.replace(sink.into_hashes());
        cache.search_stale = false;
        pipeline::finish(staging, &output, &config, reporter)?
    } else {
        let stage = reporter.stage("render");
        // Writes into the live folder: one build at a time (see write.rs).
        let _lock = write::lock_output(&output)?;
        let sink = cache.written.updating(&output);
        let files = render::render(&archive, &indexes, &config, publish, root, &scope, &sink)?;
        let written = cache.written.apply(sink.into_produced(), &output, Update::Pages(&scope))?;
        stage.done(|| format!("{files} files, {written} changed"));
        cache.search_stale = true;
        written
    };
    let built = Built { transcripts: archive.transcripts.len(), files, output, base: base_path(&config.base_url)? };
    cache.shown.remember_order(&archive);
    cache.last = Some((archive, indexes.topics));
    cache.built = true;
    Ok(built)
}

/// After a partial [`build`]: rebuilds the search index of the archive it
/// built and writes into `output` the index files that changed.
pub fn build_search(cache: &mut Cache, output: &Path) -> Result<()> {
    if !std::mem::take(&mut cache.search_stale) {
        return Ok(());
    }
    let Some((archive, topics)) = &cache.last else { return Ok(()) };
    let _lock = write::lock_output(output)?;
    let sink = cache.written.updating(output);
    search::build(archive, topics, &sink)?;
    let produced = sink.into_produced();
    cache.written.apply(produced, output, Update::Search)?;
    Ok(())
}

/// A content file as last seen.
#[derive(Debug, Clone)]
struct Seen {
    stamp: Stamp,
    source: Source,
    transcript: Arc<Transcript>,
}

/// A file's size and modification time.
type Stamp = (u64, Option<SystemTime>);

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
    stamps: Vec<Stamp>,
    /// Removed files, and whether everything must be rebuilt.
    changes: Changes,
}

/// Memory of earlier builds. A fresh cache makes a full build.
#[derive(Debug, Default)]
pub struct Cache {
    /// Fingerprint of site.toml, templates/ and static/.
    inputs: Option<u64>,
    /// Every content file taken in, by path.
    files: BTreeMap<PathBuf, Seen>,
    /// Topic matches per transcript.
    topics: Memo,
    /// What resolving remembers, to resolve a change cheaply.
    memo: resolve::Memo,
    /// Whether a build was made (and all of the below describes it).
    built: bool,
    /// Whether the last build resolved the whole archive again.
    resolved_whole: bool,
    /// What the last build's pages showed.
    shown: Shown,
    /// The files of the live site.
    written: Written,
    /// The archive of the last build (transcripts are shared, not copied)
    /// and its topics.
    last: Option<(Archive, Vec<Topic>)>,
    /// A partial build left the search index to be rebuilt.
    search_stale: bool,
    /// Content files a watcher saw change, when nothing else changed.
    hint: Option<Vec<PathBuf>>,
    /// The optional parts the first build chose to publish.
    publish: Option<Publish>,
}

fn stamp(path: &Path) -> Stamp {
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

impl Cache {
    /// Tells the next build that only these content files (as found under
    /// `content/`) may have changed, and nothing else in the archive: it
    /// then looks at them only.
    pub fn expect_changes(&mut self, paths: Vec<PathBuf>) {
        self.hint = Some(paths);
    }

    /// Finds the content files that changed since the last build (all of
    /// them the first time, or when the configuration, templates or static
    /// files changed), to read and parse and pass to [`Cache::update`].
    fn load_changed(&mut self, root: &Path) -> Result<Loaded> {
        if let Some(paths) = self.hint.take().filter(|_| self.built) {
            if let Some(loaded) = self.load_hinted(paths) {
                return Ok(loaded);
            }
        }
        let mut loaded = Loaded::default();
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
    /// `loaded.paths`); returns what changed.
    fn update(&mut self, loaded: Loaded, parsed: Vec<(Source, Transcript)>) -> Changes {
        let mut changes = loaded.changes;
        for ((path, now), (source, transcript)) in loaded.paths.into_iter().zip(loaded.stamps).zip(parsed) {
            if let Some(old) = self.files.get(&path) {
                changes.transcripts.insert(old.source.slug.clone());
            }
            changes.transcripts.insert(source.slug.clone());
            self.files.insert(path, Seen { stamp: now, source, transcript: Arc::new(transcript) });
        }
        changes
    }

    /// Resolves the archive of every file taken in: from the last build's,
    /// redoing only what the changed transcripts touch, when there is one;
    /// otherwise whole (see [`resolve::update`]).
    fn resolve(&mut self, config: &Config, changes: &Changes) -> Result<Archive, ContentError> {
        if let Some((archive, _)) = self.last.take().filter(|_| !changes.everything && self.built) {
            let fresh = self.files.values().filter(|s| changes.transcripts.contains(&s.source.slug)).map(|s| (s.source.clone(), s.transcript.clone())).collect();
            if let Some(archive) = resolve::update(archive, &mut self.memo, fresh, self.files.len(), &changes.transcripts, config)? {
                self.resolved_whole = false;
                return Ok(archive);
            }
        }
        let (sources, transcripts) = self.files.values().map(|s| (s.source.clone(), s.transcript.clone())).unzip();
        let (archive, memo) = resolve::resolve_with_memo(sources, transcripts, config)?;
        self.memo = memo;
        self.resolved_whole = true;
        Ok(archive)
    }
}

#[cfg(test)]
mod tests;
