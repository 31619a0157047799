//! Writing the site: every file into a fresh folder next to the output,
//! then swapped in, so a failed build never leaves a half site and never
//! deletes the previous one.

use anyhow::{bail, Context, Result};
use std::fs;
use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::path::{Component, Path, PathBuf};

use crate::config::PAGES_LIMIT;
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
/// the pressroom marker.
fn replaceable(dir: &Path) -> Result<bool> {
    if !dir.exists() && !dir.is_symlink() {
        return Ok(true);
    }
    if !dir.is_dir() {
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

/// Checks that `output` may be used as the output folder and returns it as
/// an absolute path. Refused: `/` (or any folder without a parent), and a
/// folder holding an archive (`content/` or `site.toml`), marker or not,
/// since the output folder is replaced on every build.
pub fn check_output(output: &Path) -> Result<PathBuf> {
    let out = absolute(output)?;
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
    if let Some(content) = out.ancestors().skip(1).find(|a| a.file_name().is_some_and(|n| n == "content") && a.with_file_name("site.toml").is_file()) {
        bail!(
            "refusing to use {} as the output folder: it is inside the archive's {} folder, where the built files (robots.txt, say) would be read as transcripts; choose a folder outside it",
            out.display(),
            content.display()
        );
    }
    Ok(out)
}

/// Removes a folder, its top-level entries in parallel: removing the
/// previous site (hundreds of thousands of files for a large archive) waits
/// on the file system more than on the CPU.
fn remove_in_parallel(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<std::io::Result<_>>()?;
    entries.par_iter().try_for_each(|path| if path.is_dir() && !path.is_symlink() { fs::remove_dir_all(path) } else { fs::remove_file(path) })?;
    fs::remove_dir(dir)
}

/// A sibling path of `output` with a suffix (`public` → `.public.pressroom-new`).
fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.{suffix}"))
}

/// Removes a leftover of an interrupted build, if pressroom made it.
fn remove_leftover(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !replaceable(dir)? {
        bail!("{} is in the way and was not created by pressroom (no {MARKER} file in it); move it away and build again", dir.display());
    }
    fs::remove_dir_all(dir).with_context(|| format!("cannot remove the leftover {}", dir.display()))
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

/// A warning when a site of these part sizes is larger than `limit` bytes,
/// with the size of each part and the settings that leave parts out.
pub fn size_warning(sizes: &BTreeMap<Part, u64>, limit: u64) -> Option<String> {
    let total: u64 = sizes.values().sum();
    if total <= limit {
        return None;
    }
    let hints: Vec<String> = [(Part::SharePages, "share_pages = false"), (Part::Data, "data = false")]
        .iter()
        .filter_map(|(part, setting)| sizes.get(part).map(|bytes| format!("`{setting}` (saves {} MB)", mb(*bytes))))
        .collect();
    let hint = if hints.is_empty() { String::new() } else { format!(" To make it smaller, set {} under [publish] in site.toml.", hints.join(" or ")) };
    Some(format!("the site is {} MB, more than {} ({}).{hint}", mb(total), limit_name(limit), list_parts(sizes)))
}

/// How messages name a size limit.
pub fn limit_name(limit: u64) -> String {
    if limit == PAGES_LIMIT {
        format!("the {} MB GitHub Pages publishes", mb(limit))
    } else {
        format!("the {} MB of `size_limit_mb` in site.toml", limit as f64 / 1e6)
    }
}

/// The size of a site and of each of its parts, largest first:
/// "1737 MB: transcript pages 505 MB, ...".
pub fn describe_sizes(sizes: &BTreeMap<Part, u64>) -> String {
    format!("{} MB: {}", mb(sizes.values().sum()), list_parts(sizes))
}

/// Each part's size, largest first: "transcript pages 505 MB, ...".
fn list_parts(sizes: &BTreeMap<Part, u64>) -> String {
    let mut parts: Vec<(&Part, &u64)> = sizes.iter().collect();
    parts.sort_by_key(|(_, bytes)| std::cmp::Reverse(**bytes));
    let parts: Vec<String> = parts.iter().map(|(part, bytes)| format!("{} {} MB", part.describe(), mb(**bytes))).collect();
    parts.join(", ")
}

/// Bytes in MB (10^6 bytes), rounded up.
fn mb(bytes: u64) -> u64 {
    bytes.div_ceil(1_000_000)
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
}

impl Staging {
    /// Checks `output` and prepares an empty staging folder beside it.
    pub fn begin(output: &Path) -> Result<Staging> {
        let output = check_output(output)?;
        let staging = sibling(&output, "pressroom-new");
        let old = sibling(&output, "pressroom-old");
        // A build interrupted between its two renames left the previous site
        // aside: put it back before anything else.
        if !output.exists() && !output.is_symlink() && old.join(MARKER).is_file() {
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
        Ok(Staging { output, dir: staging, paths: Mutex::default(), finished: false })
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
        if output.exists() || output.is_symlink() {
            if let Err(e) = fs::rename(output, &old) {
                let _ = fs::remove_dir_all(staging);
                return Err(e).with_context(|| format!("cannot move the previous {} aside", output.display()));
            }
        }
        if let Err(e) = fs::rename(staging, output) {
            let _ = fs::rename(&old, output);
            let _ = fs::remove_dir_all(staging);
            return Err(e).with_context(|| format!("cannot move the new site into {}", output.display()));
        }
        if old.exists() {
            remove_in_parallel(&old).with_context(|| format!("cannot remove the previous site at {}", old.display()))?;
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
            let _ = fs::remove_dir_all(&self.dir);
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
    fn sites_larger_than_pages_publishes_get_a_warning_naming_the_settings() {
        let sizes = BTreeMap::from([(Part::Transcripts, 600_000_000), (Part::SharePages, 300_000_000), (Part::Data, 350_000_000)]);
        let w = size_warning(&sizes, PAGES_LIMIT).expect("1.25 GB is too big");
        assert!(w.starts_with("the site is 1250 MB, more than the 1000 MB"), "{w}");
        assert!(w.contains("(transcript pages 600 MB, data/ JSON 350 MB, share pages (<transcript>/qN/) 300 MB)"), "{w}");
        assert!(w.contains("`share_pages = false` (saves 300 MB) or `data = false` (saves 350 MB) under [publish]"), "{w}");
        assert_eq!(size_warning(&sizes, 2 * PAGES_LIMIT), None);
        let lean = BTreeMap::from([(Part::Transcripts, 1_500_000_000)]);
        assert!(!size_warning(&lean, PAGES_LIMIT).unwrap().contains("[publish]"), "no setting to suggest");
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
}

