//! Writing the site: every file into a fresh folder next to the output,
//! then swapped in, so a failed build never leaves a half site and never
//! deletes the previous one.
//!
//! Beside an output folder `public/`, pressroom keeps only its own files,
//! each recognised by its name and its [`MARKER`]: `.public.pressroom-new`
//! (the build being written), `.public.pressroom-old` (the previous site
//! while it is deleted) and `.public.pressroom-lock` (an empty file whose
//! lock one build at a time holds, removed at the end of the build; the
//! operating system releases the lock when the build ends, however it
//! ends, and the next build reuses a file a killed one left).
//!
//! - Two builds into one folder: the second stops at once with a clear
//!   message and touches nothing ([`lock_output`]).
//! - An output folder that is a symbolic link (`public -> ../www`): the
//!   build replaces the folder the link points to and leaves the link.
//! - A build interrupted at any step: the next one puts the previous site
//!   back if it was aside, and removes what the interrupted one left; the
//!   marker of a folder being deleted goes last, so it is still recognised.

use anyhow::{bail, Context, Result};
use std::fs;
use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::path::{Component, Path, PathBuf};

use crate::layout::SitePart as Part;

/// A file of the built site: path relative to the output folder, content.
pub type File = (PathBuf, Vec<u8>);

/// Name of the file that marks a folder as built by pressroom; a folder
/// without it is never replaced.
pub const MARKER: &str = ".pressroom";

/// Checks that a relative path stays inside the output folder.
fn safe_relative(path: &Path) -> Result<()> {
    if path.as_os_str().is_empty() || path.components().any(|c| !matches!(c, Component::Normal(_))) {
        bail!("refusing to write `{}`: it would leave the output folder", path.display());
    }
    Ok(())
}

/// True when `dir` may be replaced: it does not exist, is empty, or holds
/// the pressroom marker. A symbolic link is never replaced (it is followed
/// before: see [`check_output`]).
fn replaceable(dir: &Path) -> Result<bool> {
    let Ok(meta) = fs::symlink_metadata(dir) else { return Ok(true) };
    if !meta.is_dir() {
        return Ok(false);
    }
    if dir.join(MARKER).is_file() {
        return Ok(true);
    }
    Ok(fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?.next().is_none())
}

/// `path` made absolute, with `.` and `..` resolved lexically.
fn absolute(path: &Path) -> Result<PathBuf> {
    let abs = std::path::absolute(path).with_context(|| format!("cannot resolve {}", path.display()))?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Most symbolic links followed from one output path.
const MAX_LINKS: usize = 40;

/// `path` with its last component followed while it is a symbolic link:
/// the folder a build into `public -> ../www` replaces is `www` (which need
/// not exist yet), and the link stays as it is.
fn follow_links(path: PathBuf) -> Result<PathBuf> {
    let mut path = path;
    for _ in 0..MAX_LINKS {
        let is_link = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(path);
        }
        if let Ok(real) = fs::canonicalize(&path) {
            return Ok(real);
        }
        // A link to a folder that does not exist yet: the build creates it.
        let target = fs::read_link(&path).with_context(|| format!("cannot read the symbolic link {}", path.display()))?;
        let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let parent = fs::canonicalize(&parent).unwrap_or(parent);
        path = absolute(&parent.join(target))?;
    }
    bail!("{} is a chain of more than {MAX_LINKS} symbolic links (a loop?); point it at a folder", path.display())
}

/// Folders of an archive that the build reads (`content/`, `static/`,
/// `templates/`): an output folder inside one would be read back into the
/// next build.
const ARCHIVE_FOLDERS: &[(&str, &str)] = &[
    ("content", "the built files (robots.txt, say) would be read as transcripts"),
    ("static", "the whole site would be copied into the next one as static files, growing at every build"),
    ("templates", "the built pages would be read as templates"),
];

/// Checks that `output` may be used as the output folder and returns it as
/// an absolute path, symbolic links followed ([`follow_links`]). Refused:
/// `/` (or any folder without a parent), a folder holding an archive
/// (`content/` or `site.toml`), marker or not, since the output folder is
/// replaced on every build, and a folder inside an archive's `content/`,
/// `static/` or `templates/`.
pub fn check_output(output: &Path) -> Result<PathBuf> {
    let out = follow_links(absolute(output)?)?;
    if out.parent().is_none() || out.file_name().is_none() {
        bail!("refusing to use {} as the output folder: it would replace the whole file system; choose a folder such as public/", out.display());
    }
    for (name, what) in [("content", "your transcripts"), ("site.toml", "your site configuration")] {
        if out.join(name).exists() {
            bail!(
                "refusing to use {} as the output folder: it holds {name} ({what}), and the output folder is replaced on every build; choose a folder of its own, such as {}",
                out.display(),
                out.join("public").display()
            );
        }
    }
    for folder in out.ancestors() {
        let Some((name, why)) = ARCHIVE_FOLDERS.iter().find(|(name, _)| folder.file_name().is_some_and(|n| n == *name)) else { continue };
        if folder.with_file_name("site.toml").is_file() {
            bail!(
                "refusing to use {} as the output folder: it is inside the archive's {name}/ folder ({}), where {why}; choose a folder outside it, such as {}",
                out.display(),
                folder.display(),
                folder.with_file_name("public").display()
            );
        }
    }
    Ok(out)
}

/// Removes one entry of a folder: a file, a link or a whole folder.
fn remove_entry(path: &Path) -> std::io::Result<()> {
    if fs::symlink_metadata(path)?.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

/// Removes a folder pressroom made, with `remove` for each of its entries,
/// its [`MARKER`] last: a removal interrupted at any point leaves a folder
/// the next build still recognises as its own. Top-level entries go in
/// parallel: removing the previous site (hundreds of thousands of files
/// for a large archive) waits on the file system more than on the CPU.
fn remove_marked(dir: &Path, remove: &(dyn Fn(&Path) -> std::io::Result<()> + Sync)) -> std::io::Result<()> {
    use rayon::prelude::*;
    let marker = dir.join(MARKER);
    let entries: Vec<PathBuf> = fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).filter(|p| p.as_ref().map_or(true, |p| *p != marker)).collect::<std::io::Result<_>>()?;
    entries.par_iter().try_for_each(|path| remove(path))?;
    if fs::symlink_metadata(&marker).is_ok() {
        remove(&marker)?;
    }
    fs::remove_dir(dir)
}

/// A sibling path of `output` with a suffix (`public` → `.public.pressroom-new`).
fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.{suffix}"))
}

/// Removes a leftover of an interrupted build, if pressroom made it.
fn remove_leftover(dir: &Path) -> Result<()> {
    if fs::symlink_metadata(dir).is_err() {
        return Ok(());
    }
    if !replaceable(dir)? {
        bail!("{} is in the way and was not created by pressroom (no {MARKER} file in it, or not a folder); move it away and build again", dir.display());
    }
    remove_marked(dir, &remove_entry).with_context(|| format!("cannot remove the leftover {}", dir.display()))
}

/// The lock one build at a time holds on an output folder (see
/// [`lock_output`]): a lock on the file `.public.pressroom-lock` beside
/// it, which the operating system releases when the process ends, however
/// it ends. Dropped, it removes the file and releases the lock.
#[derive(Debug)]
pub struct OutputLock {
    file: fs::File,
    path: PathBuf,
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked: a build that opened it meanwhile sees
        // it is gone once it has the lock, and opens the path again.
        let _ = fs::remove_file(&self.path);
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

/// Takes the lock on the output folder `output` (after [`check_output`]),
/// for a build that writes into it. Another build (or `serve`) writing into
/// the same folder holds it: then this fails at once with a message saying
/// so, having touched nothing.
pub fn lock_output(output: &Path) -> Result<OutputLock> {
    lock_checked(&check_output(output)?)
}

/// [`lock_output`] for a path [`check_output`] returned.
fn lock_checked(output: &Path) -> Result<OutputLock> {
    if let Some(parent) = output.parent() {
        fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let path = sibling(output, "pressroom-lock");
    for _ in 0..100 {
        let file = fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path).with_context(|| format!("cannot open the lock file {}", path.display()))?;
        match fs4::FileExt::try_lock(&file) {
            Ok(()) if still_at(&file, &path) => return Ok(OutputLock { file, path }),
            // The build that held it removed it when done: open it anew.
            Ok(()) => continue,
            Err(fs4::TryLockError::WouldBlock) => bail!(
                "another pressroom build (or `pressroom serve`) is writing into {} right now (it holds {}); wait for it to finish and build again",
                output.display(),
                path.display()
            ),
            Err(fs4::TryLockError::Error(e)) => return Err(e).with_context(|| format!("cannot lock {}", path.display())),
        }
    }
    bail!("cannot lock {}: it keeps being replaced; is another build starting again and again?", path.display())
}

/// Whether the open `file` is still the one at `path`.
#[cfg(unix)]
fn still_at(file: &fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Whether the open `file` is still the one at `path` (elsewhere, an open
/// file cannot be replaced while it is open).
#[cfg(not(unix))]
fn still_at(_file: &fs::File, path: &Path) -> bool {
    path.is_file()
}

/// Where the files of a build go, each as soon as it is made, so a build
/// never holds the whole site in memory. Implementations are thread-safe:
/// pages rendered in parallel put their files from their own rayon tasks.
pub trait Sink: Sync {
    /// Writes one file of the site; `path` is relative to the output folder.
    fn put(&self, path: PathBuf, bytes: Vec<u8>) -> Result<()>;
}

/// Collects the files in memory (tests and tools that look at the output).
impl Sink for Mutex<Vec<File>> {
    fn put(&self, path: PathBuf, bytes: Vec<u8>) -> Result<()> {
        self.lock().expect("no task panics holding the lock").push((path, bytes));
        Ok(())
    }
}

/// Paths put so far, to refuse a second file at the same path or a file
/// where another needs a folder (before anything reaches the disk).
#[derive(Default)]
struct Paths {
    files: HashSet<PathBuf>,
    dirs: HashSet<PathBuf>,
    /// Bytes written, by [`Part`] of the site.
    bytes: BTreeMap<Part, u64>,
}

impl Paths {
    fn claim(&mut self, path: &Path) -> Result<()> {
        safe_relative(path)?;
        if self.files.contains(path) {
            bail!("two files of the site would be written to `{}`; nothing was written (rename one of them)", path.display());
        }
        if self.dirs.contains(path) {
            let inside = self.files.iter().find(|f| f.starts_with(path)).map(|f| f.display().to_string()).unwrap_or_default();
            bail!("`{}` would be both a file and the folder holding `{inside}`; nothing was written (rename one of them)", path.display());
        }
        for dir in path.ancestors().skip(1).filter(|a| !a.as_os_str().is_empty()) {
            if self.files.contains(dir) {
                bail!("`{}` would be both a file and the folder holding `{}`; nothing was written (rename one of them)", dir.display(), path.display());
            }
            if !self.dirs.insert(dir.to_path_buf()) {
                break;
            }
        }
        self.files.insert(path.to_path_buf());
        Ok(())
    }

    fn count(&mut self, path: &Path, bytes: usize) {
        *self.bytes.entry(Part::of(path)).or_default() += bytes as u64;
    }
}

/// A build's files on their way to the output folder: written into a
/// sibling folder as they come ([`Sink::put`]) and swapped in by
/// [`Staging::finish`] only when all went well. Dropped without `finish`
/// (any error), it removes what it wrote and leaves the previous site as it
/// was.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    paths: Mutex<Paths>,
    finished: bool,
    /// Held until the staging folder is swapped in or removed.
    _lock: OutputLock,
}

impl Staging {
    /// Checks `output`, takes its lock and prepares an empty staging folder
    /// beside it, after repairing what an interrupted build left.
    pub fn begin(output: &Path) -> Result<Staging> {
        let output = check_output(output)?;
        let lock = lock_checked(&output)?;
        let staging = sibling(&output, "pressroom-new");
        let old = sibling(&output, "pressroom-old");
        // A build interrupted between its two renames left the previous site
        // aside: put it back before anything else.
        let old_is_ours = fs::symlink_metadata(&old).is_ok_and(|m| m.is_dir()) && old.join(MARKER).is_file();
        if fs::symlink_metadata(&output).is_err() && old_is_ours {
            fs::rename(&old, &output).with_context(|| format!("cannot restore the previous site from {}", old.display()))?;
        }
        if !replaceable(&output)? {
            bail!(
                "refusing to replace {}: it exists and was not created by pressroom (no {MARKER} file in it). Choose another folder with --output, or empty it first",
                output.display()
            );
        }
        if let Some(parent) = output.parent() {
            fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        remove_leftover(&staging)?;
        remove_leftover(&old)?;
        fs::create_dir_all(&staging).with_context(|| format!("cannot create {}", staging.display()))?;
        let marker = "This folder is generated by pressroom; it is replaced on every build.\n";
        fs::write(staging.join(MARKER), marker).with_context(|| format!("cannot write into {}", staging.display()))?;
        Ok(Staging { output, dir: staging, paths: Mutex::default(), finished: false, _lock: lock })
    }

    /// Bytes put so far, by part of the site.
    pub fn sizes(&self) -> BTreeMap<Part, u64> {
        self.paths.lock().expect("no task panics holding the lock").bytes.clone()
    }

    /// Swaps the staged site in place of the output folder. Returns the
    /// number of files written.
    pub fn finish(mut self) -> Result<usize> {
        self.finished = true;
        let (output, staging) = (&self.output, &self.dir);
        let old = sibling(output, "pressroom-old");
        let count = self.paths.lock().expect("no task panics holding the lock").files.len();
        let had_output = fs::symlink_metadata(output).is_ok();
        if had_output {
            if let Err(e) = fs::rename(output, &old) {
                let _ = remove_marked(staging, &remove_entry);
                return Err(e).with_context(|| format!("cannot move the previous {} aside", output.display()));
            }
        }
        if let Err(e) = fs::rename(staging, output) {
            let _ = fs::rename(&old, output);
            let _ = remove_marked(staging, &remove_entry);
            return Err(e).with_context(|| format!("cannot move the new site into {}", output.display()));
        }
        if had_output {
            remove_marked(&old, &remove_entry).with_context(|| format!("cannot remove the previous site at {}", old.display()))?;
        }
        Ok(count)
    }
}

impl Sink for Staging {
    fn put(&self, path: PathBuf, bytes: Vec<u8>) -> Result<()> {
        {
            let mut paths = self.paths.lock().expect("no task panics holding the lock");
            paths.claim(&path)?;
            paths.count(&path, bytes.len());
        }
        let target = self.dir.join(&path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&target, bytes).with_context(|| format!("cannot write {}", target.display()))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = remove_marked(&self.dir, &remove_entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` into `output` through a [`Staging`], as a build does.
    fn write_site(files: &[File], output: &Path) -> Result<usize> {
        let staging = Staging::begin(output)?;
        for (path, bytes) in files {
            staging.put(path.clone(), bytes.clone())?;
        }
        staging.finish()
    }

    #[test]
    fn rejects_escaping_paths() {
        assert!(safe_relative(Path::new("../x")).is_err());
        assert!(safe_relative(Path::new("/etc/passwd")).is_err());
        assert!(safe_relative(Path::new("a/b.html")).is_ok());
    }

    #[test]
    fn never_replaces_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("precious.txt"), "keep").unwrap();
        let files = vec![(PathBuf::from("index.html"), b"x".to_vec())];
        assert!(write_site(&files, &out).is_err());
        assert_eq!(fs::read_to_string(out.join("precious.txt")).unwrap(), "keep");
    }

    #[test]
    fn replaces_its_own_output_atomically() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&[(PathBuf::from("a.html"), b"1".to_vec())], &out).unwrap();
        write_site(&[(PathBuf::from("b.html"), b"2".to_vec())], &out).unwrap();
        assert!(!out.join("a.html").exists());
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"2");
        // A failing build (a file where a folder must go) keeps the old site.
        let bad = vec![(PathBuf::from("x"), b"1".to_vec()), (PathBuf::from("x/y"), b"2".to_vec())];
        assert!(write_site(&bad, &out).is_err());
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"2");
        assert!(!sibling(&out, "pressroom-new").exists());
    }
    #[test]
    fn a_write_that_fails_halfway_keeps_the_previous_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&[(PathBuf::from("a.html"), b"1".to_vec())], &out).unwrap();
        // The first file is written, the second cannot be (its name is too
        // long for any file system): the swap never happens.
        let bad = vec![(PathBuf::from("b.html"), b"2".to_vec()), (PathBuf::from("x".repeat(300)), b"3".to_vec())];
        assert!(write_site(&bad, &out).is_err());
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"1");
        assert!(!out.join("b.html").exists());
        assert!(!sibling(&out, "pressroom-new").exists() && !sibling(&out, "pressroom-old").exists());
    }

    #[test]
    fn duplicate_and_conflicting_paths_are_errors() {
        let dup = vec![(PathBuf::from("a/index.html"), b"1".to_vec()), (PathBuf::from("a/index.html"), b"2".to_vec())];
        let check = |files: &[(&str, &str)]| -> Result<()> {
            let mut paths = Paths::default();
            files.iter().try_for_each(|(p, _)| paths.claim(Path::new(p)))
        };
        assert!(check(&[("a/index.html", "1"), ("a/index.html", "2")]).unwrap_err().to_string().contains("a/index.html"));
        let e = check(&[("a/b/c.html", "1"), ("a/b", "2")]).unwrap_err().to_string();
        assert!(e.contains("both a file and the folder") && e.contains("a/b/c.html"), "{e}");
        let e = check(&[("a/b", "1"), ("a/b/c.html", "2")]).unwrap_err().to_string();
        assert!(e.contains("both a file and the folder"), "{e}");
        assert!(check(&[("a/b.html", "1"), ("a/c.html", "2"), ("a/d/e.html", "3")]).is_ok());
        assert!(check(&[("a/../../x", "")]).is_err());
        assert!(check(&[("", "")]).is_err());
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&[(PathBuf::from("a.html"), b"1".to_vec())], &out).unwrap();
        assert!(write_site(&dup, &out).is_err());
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"1", "nothing of the failed build reached the site");
    }

    #[test]
    fn files_are_counted_in_their_part_of_the_site() {
        for (path, part) in [
            ("2022-01-12-council/index.html", Part::Transcripts),
            ("2022-01-12-council/q12/index.html", Part::SharePages),
            ("2022-01-12-council/quiz/index.html", Part::Other),
            ("data/2022-01-12-council.json", Part::Data),
            ("search/s/3.json", Part::Search),
            ("people/jane-roe/page/2/index.html", Part::Listings),
            ("archive/index.html", Part::Other),
            ("index.html", Part::Other),
        ] {
            assert_eq!(Part::of(Path::new(path)), part, "{path}");
        }
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::begin(&tmp.path().join("public")).unwrap();
        staging.put("data/a.json".into(), vec![0; 10]).unwrap();
        staging.put("data/b.json".into(), vec![0; 5]).unwrap();
        staging.put("a/index.html".into(), vec![0; 7]).unwrap();
        assert_eq!(staging.sizes(), BTreeMap::from([(Part::Transcripts, 7), (Part::Data, 15)]));
    }

    #[test]
    fn refuses_archive_roots_and_the_file_system_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("archive");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("content/a.md"), "keep").unwrap();
        // Even with a marker in it, an archive root is never replaced.
        fs::write(root.join(MARKER), "").unwrap();
        let files = vec![(PathBuf::from("index.html"), b"x".to_vec())];
        let e = write_site(&files, &root).unwrap_err().to_string();
        assert!(e.contains("content") && e.contains("refusing"), "{e}");
        assert!(write_site(&files, &root.join("public/..")).is_err(), "`..` is resolved first");
        assert_eq!(fs::read_to_string(root.join("content/a.md")).unwrap(), "keep");
        assert!(check_output(Path::new("/")).is_err());
        assert!(check_output(Path::new("/..")).is_err());
        let only_toml = tmp.path().join("t");
        fs::create_dir(&only_toml).unwrap();
        fs::write(only_toml.join("site.toml"), "").unwrap();
        assert!(check_output(&only_toml).is_err());
        assert_eq!(check_output(&root.join("public/./x/..")).unwrap(), root.join("public"));
        fs::write(root.join("site.toml"), "").unwrap();
        let e = check_output(&root.join("content/site")).unwrap_err().to_string();
        assert!(e.contains("inside the archive"), "{e}");
    }

    #[test]
    fn leftovers_are_removed_only_when_pressroom_made_them() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = sibling(&out, "pressroom-new");
        fs::create_dir(&staging).unwrap();
        fs::write(staging.join("mine.txt"), "keep").unwrap();
        let files = vec![(PathBuf::from("index.html"), b"x".to_vec())];
        assert!(write_site(&files, &out).is_err());
        assert_eq!(fs::read_to_string(staging.join("mine.txt")).unwrap(), "keep");
        fs::write(staging.join(MARKER), "").unwrap();
        write_site(&files, &out).unwrap();
        assert!(!staging.exists());
    }

    #[test]
    fn an_interrupted_swap_is_repaired() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&[(PathBuf::from("a.html"), b"1".to_vec())], &out).unwrap();
        // Killed between the two renames: the old site is aside, no output.
        fs::rename(&out, sibling(&out, "pressroom-old")).unwrap();
        let bad = vec![(PathBuf::from("x".repeat(300)), b"3".to_vec())];
        assert!(write_site(&bad, &out).is_err());
        assert_eq!(fs::read(out.join("a.html")).unwrap(), b"1", "the previous site is back");
    }

    #[test]
    fn a_second_build_into_a_locked_folder_stops_and_touches_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&[(PathBuf::from("a.html"), b"1".to_vec())], &out).unwrap();
        let first = Staging::begin(&out).unwrap();
        first.put("b.html".into(), b"2".to_vec()).unwrap();
        let e = write_site(&[(PathBuf::from("c.html"), b"3".to_vec())], &out).unwrap_err().to_string();
        assert!(e.contains("another pressroom build") && e.contains("public"), "{e}");
        assert!(lock_output(&out).is_err(), "a partial build of `serve` waits its turn too");
        assert_eq!(first.finish().unwrap(), 1, "the first build's staging was left alone");
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"2");
        assert!(out.join(MARKER).is_file());
        // Released with the build: the next one goes ahead.
        write_site(&[(PathBuf::from("c.html"), b"3".to_vec())], &out).unwrap();
        drop(lock_output(&out).unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_output_folder_builds_into_its_target_and_stays_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let (www, public) = (tmp.path().join("www"), tmp.path().join("public"));
        std::os::unix::fs::symlink("www", &public).unwrap();
        // The target does not exist yet: it is created.
        write_site(&[(PathBuf::from("a.html"), b"1".to_vec())], &public).unwrap();
        assert_eq!(fs::read(www.join("a.html")).unwrap(), b"1");
        write_site(&[(PathBuf::from("b.html"), b"2".to_vec())], &public).unwrap();
        assert!(fs::symlink_metadata(&public).unwrap().file_type().is_symlink(), "the link stays a link");
        assert_eq!(fs::read(public.join("b.html")).unwrap(), b"2");
        assert!(!www.join("a.html").exists() && www.join(MARKER).is_file());
        // A link to a folder pressroom did not make: refused, target intact.
        let mine = tmp.path().join("mine");
        fs::create_dir(&mine).unwrap();
        fs::write(mine.join("precious.txt"), "keep").unwrap();
        let link = tmp.path().join("site");
        std::os::unix::fs::symlink(&mine, &link).unwrap();
        assert!(write_site(&[(PathBuf::from("a.html"), b"1".to_vec())], &link).is_err());
        assert_eq!(fs::read_to_string(mine.join("precious.txt")).unwrap(), "keep");
        // A link to the archive itself is refused like the archive.
        fs::write(tmp.path().join("site.toml"), "").unwrap();
        fs::create_dir(tmp.path().join("content")).unwrap();
        std::os::unix::fs::symlink(".", tmp.path().join("here")).unwrap();
        assert!(check_output(&tmp.path().join("here")).is_err());
        // Leftovers that are links are never followed nor removed.
        let staging = sibling(&www, "pressroom-new");
        std::os::unix::fs::symlink(&www, &staging).unwrap();
        assert!(write_site(&[(PathBuf::from("a.html"), b"1".to_vec())], &public).is_err());
        assert!(www.join("b.html").is_file());
    }

    #[test]
    fn a_removal_interrupted_at_any_step_is_finished_by_the_next_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let files: Vec<File> = (0..12).map(|i| (PathBuf::from(format!("d{}/f{i}.html", i % 3)), vec![b'x'; i])).collect();
        for stop_after in 0..=8 {
            write_site(&files, &out).unwrap();
            // The previous site, aside after the swap, and the build killed
            // after `stop_after` of its removals.
            let old = sibling(&out, "pressroom-old");
            let previous = tmp.path().join("previous");
            write_site(&files, &previous).unwrap();
            fs::rename(&previous, &old).unwrap();
            let done = std::sync::atomic::AtomicUsize::new(0);
            let _ = remove_marked(&old, &|p: &Path| {
                if done.fetch_add(1, std::sync::atomic::Ordering::SeqCst) >= stop_after {
                    return Err(std::io::Error::other("killed"));
                }
                remove_entry(p)
            });
            assert!(old.join(MARKER).is_file() || !old.exists(), "the marker goes last (step {stop_after})");
            write_site(&files, &out).unwrap();
            assert!(!old.exists(), "the leftover is removed (step {stop_after})");
            assert_eq!(snapshot_len(&out), files.len() + 1);
        }
    }

    fn snapshot_len(dir: &Path) -> usize {
        walkdir::WalkDir::new(dir).into_iter().filter(|e| e.as_ref().unwrap().file_type().is_file()).count()
    }

    #[test]
    fn output_inside_static_templates_or_content_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::write(root.join("site.toml"), "").unwrap();
        for dir in ["static", "templates", "content"] {
            fs::create_dir_all(root.join(dir)).unwrap();
            for out in [root.join(dir), root.join(dir).join("site")] {
                let e = check_output(&out).unwrap_err().to_string();
                assert!(e.contains(&format!("inside the archive's {dir}/ folder")), "{e}");
            }
        }
        assert!(check_output(&root.join("public")).is_ok());
        assert!(check_output(&root.join("public/static")).is_ok(), "a folder named static inside the output is fine");
    }
}

