//! The files `serve` has written, and the sinks that write only what
//! changed: a full build's files are hashed on their way to the staging
//! folder ([`Recording`]); a partial build writes into the live folder the
//! files whose bytes differ from the last build's ([`Updating`]), then
//! removes those its part of the site no longer produces ([`Written::apply`]).

use anyhow::{Context, Result};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::layout::{self, Listing};
use crate::render::Scope;
use crate::write::Sink;

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The hash of every file of the live site, by path (sorted, so the files
/// under a folder are found without looking at the others).
#[derive(Debug, Default)]
pub struct Written(BTreeMap<PathBuf, u64>);

impl Written {
    /// After a full build: its files, from [`Recording::into_hashes`].
    pub fn replace(&mut self, hashes: HashMap<PathBuf, u64>) {
        self.0 = hashes.into_iter().collect();
    }

    /// A sink that writes into the live `output` folder only the files
    /// whose bytes changed since they were written.
    pub fn updating<'a>(&'a self, output: &'a Path) -> Updating<'a> {
        Updating { output, before: &self.0, produced: Mutex::default(), written: AtomicUsize::new(0) }
    }

    /// Takes in what an [`Updating`] sink wrote for `part`: removes from
    /// `output` the files `part` wrote before but no longer produces.
    /// Returns the number of files written.
    pub fn apply(&mut self, update: Produced, output: &Path, part: Update) -> Result<usize> {
        let mut stale: Vec<PathBuf> = Vec::new();
        for folder in part.folders() {
            let under = self.0.range(folder.clone()..).map(|(p, _)| p).take_while(|p| p.starts_with(&folder));
            stale.extend(under.filter(|p| !update.hashes.contains_key(*p) && part.owns(p)).cloned());
        }
        for path in stale {
            let target = output.join(&path);
            if target.is_file() {
                std::fs::remove_file(&target).with_context(|| format!("cannot remove {}", target.display()))?;
            }
            self.0.remove(&path);
        }
        self.0.extend(update.hashes);
        Ok(update.written)
    }
}

/// Sink of a full build: forwards every file to another sink (the staging
/// folder) and remembers its hash.
pub struct Recording<'a> {
    inner: &'a dyn Sink,
    hashes: Mutex<HashMap<PathBuf, u64>>,
}

impl<'a> Recording<'a> {
    /// Records what goes into `inner`.
    pub fn new(inner: &'a dyn Sink) -> Recording<'a> {
        Recording { inner, hashes: Mutex::default() }
    }

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

/// Sink of a partial build (see [`Written::updating`]).
pub struct Updating<'a> {
    output: &'a Path,
    before: &'a BTreeMap<PathBuf, u64>,
    produced: Mutex<HashMap<PathBuf, u64>>,
    written: AtomicUsize,
}

/// What a partial build produced, for [`Written::apply`].
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

/// What a partial build replaces: the pages a [`Scope`] rendered, or the
/// search index.
#[derive(Debug, Clone, Copy)]
pub enum Update<'a> {
    /// Pages of transcripts, people, outlets and topics in the scope.
    Pages(&'a Scope),
    /// The search index files (all of `search/` but its page).
    Search,
}

impl Update<'_> {
    /// The folders (or files) under which the files of this part are.
    fn folders(self) -> Vec<PathBuf> {
        match self {
            Update::Search => vec![PathBuf::from(layout::SEARCH)],
            Update::Pages(scope) => {
                let transcripts = scope.transcripts.iter().flat_map(|s| [layout::transcript_dir(s), layout::data_file(s)]);
                let people = scope.people.iter().map(|s| layout::listing_dir(Listing::Person, s));
                let outlets = scope.outlets.iter().map(|s| layout::listing_dir(Listing::Outlet, s));
                let topics = scope.topics.iter().map(|s| layout::listing_dir(Listing::Topic, s));
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
            Update::Search => first == layout::SEARCH && second != layout::INDEX,
            Update::Pages(scope) if scope.pages.contains_key(&Path::new(first.as_ref()).join(&second)) => false,
            Update::Pages(scope) => match (first.as_ref(), Listing::of_folder(&first)) {
                (_, Some(Listing::Person)) => scope.people.contains(&second),
                (_, Some(Listing::Outlet)) => scope.outlets.contains(&second),
                (_, Some(Listing::Topic)) => scope.topics.contains(&second),
                (layout::DATA, _) => scope.transcripts.contains(second.trim_end_matches(".json")),
                (other, _) if !layout::RESERVED.contains(&other) && !second.is_empty() => scope.transcripts.contains(other),
                _ => false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(dir: &Path) -> BTreeMap<String, String> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read_to_string(e.path()).unwrap()))
            .collect()
    }

    #[test]
    fn a_partial_build_writes_what_changed_and_removes_what_its_part_no_longer_makes() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        let mut written = Written::default();
        // A full build of two transcripts and a listing, recorded.
        let full: Mutex<Vec<crate::write::File>> = Mutex::default();
        let recording = Recording::new(&full);
        for (path, text) in [("a/index.html", "A"), ("a/q1/index.html", "A1"), ("b/index.html", "B"), ("people/x/index.html", "X"), ("people/x/page/2/index.html", "X2"), ("search/s/0.json", "S")] {
            recording.put(path.into(), text.into()).unwrap();
            std::fs::create_dir_all(out.join(path).parent().unwrap()).unwrap();
            std::fs::write(out.join(path), text).unwrap();
        }
        written.replace(recording.into_hashes());
        assert_eq!(full.into_inner().unwrap().len(), 6, "every file goes on to the staging sink");

        // Transcript `a` lost its share page and changed; person `x` shrank to one page.
        let scope = Scope { transcripts: ["a".to_string()].into(), people: ["x".to_string()].into(), ..Scope::default() };
        let sink = written.updating(out);
        sink.put("a/index.html".into(), b"A'".to_vec()).unwrap();
        sink.put("people/x/index.html".into(), b"X".to_vec()).unwrap();
        let count = written.apply(sink.into_produced(), out, Update::Pages(&scope)).unwrap();
        assert_eq!(count, 1, "only the changed page is written");
        let files = read(out);
        assert_eq!(files.keys().collect::<Vec<_>>(), ["a/index.html", "b/index.html", "people/x/index.html", "search/s/0.json"]);
        assert_eq!(files["a/index.html"], "A'");

        // The search index: its page is not its to remove.
        std::fs::write(out.join("search/index.html"), "page").unwrap();
        let sink = written.updating(out);
        sink.put("search/s/1.json".into(), b"T".to_vec()).unwrap();
        written.apply(sink.into_produced(), out, Update::Search).unwrap();
        let files = read(out);
        assert!(files.contains_key("search/s/1.json") && !files.contains_key("search/s/0.json") && files.contains_key("search/index.html"), "{files:?}");
    }

    #[test]
    fn parts_own_their_files() {
        let scope = Scope { transcripts: ["t".to_string()].into(), outlets: ["bbc".to_string()].into(), pages: [(PathBuf::from("outlets/bbc"), [2].into())].into(), ..Scope::default() };
        let pages = Update::Pages(&scope);
        for (path, owned) in [
            ("t/index.html", true),
            ("t/q3/index.html", true),
            ("data/t.json", true),
            ("u/index.html", false),
            ("people/t/index.html", false),
            ("outlets/bbc/page/3/index.html", false),
            ("search/s/0.json", false),
            ("index.html", false),
        ] {
            assert_eq!(pages.owns(Path::new(path)), owned, "{path}");
        }
        assert!(Update::Search.owns(Path::new("search/m/0/h1.bin")) && !Update::Search.owns(Path::new("search/index.html")));
    }
}
