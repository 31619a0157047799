//! The output folder under concurrency, symbolic links and interruption
//! (issue 18): no build loses a site.
//! - two builds into one folder: one builds, the other stops with a clear
//!   message; the site is whole either way;
//! - a symbolic link as the output folder: its target is rebuilt, the link
//!   stays, a target pressroom did not make is never emptied;
//! - a build killed at any moment: the next build succeeds and leaves no
//!   leftover;
//! - an output folder inside static/ or templates/ is refused before
//!   anything is written.

mod common;
use common::archive;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pressroom"))
}

fn run_build(root: &Path, out: &Path) -> Output {
    bin().args(["build", "--quiet", "--root"]).arg(root).arg("--output").arg(out).output().unwrap()
}

fn build_ok(root: &Path, out: &Path) {
    let o = run_build(root, out);
    assert!(o.status.success(), "build failed: {}", String::from_utf8_lossy(&o.stderr));
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}

/// An archive of `n` transcripts.
fn many(n: usize) -> tempfile::TempDir {
    let files: Vec<(String, String)> = (0..n)
        .map(|i| {
            let text = format!(
                "+++\ntitle = \"Briefing {i}\"\ndate = 2022-01-{:02}\n+++\n\nQ: Question {i} about the budget?\n\nTHE MINISTER: Answer {i}, with some words about trade and defence.\n\nQ: And a follow-up {i}?\n\nTHE MINISTER: Another answer.\n",
                i % 28 + 1
            );
            (format!("2022-01-{:02}-briefing-{i}.md", i % 28 + 1), text)
        })
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    archive(&refs)
}

/// A complete site of the archive `many(n)`.
fn assert_complete(out: &Path, n: usize) {
    let site = snapshot(out);
    assert!(site.contains_key(Path::new(".pressroom")), "the marker is there");
    assert!(site.contains_key(Path::new("search/index.html")) && site.keys().any(|p| p.starts_with("search/s")), "the search index is there");
    let pages = site.keys().filter(|p| p.to_string_lossy().contains("-briefing-") && p.ends_with("index.html") && p.components().count() == 2).count();
    assert_eq!(pages, n, "every transcript page is there");
}

fn leftovers(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pressroom-new") || n.ends_with(".pressroom-old"))
        .collect()
}

#[test]
fn two_builds_at_once_leave_a_complete_site_or_a_clear_refusal() {
    let n = 300;
    let tmp = many(n);
    let out = tmp.path().join("public");
    build_ok(tmp.path(), &out);
    for round in 0..3 {
        let first = bin().args(["build", "--quiet", "--root"]).arg(tmp.path()).stderr(Stdio::piped()).spawn().unwrap();
        // Start the second while the first writes its staging folder.
        let staging = tmp.path().join(".public.pressroom-new");
        let start = Instant::now();
        while !staging.exists() && start.elapsed() < Duration::from_secs(30) {
            std::thread::sleep(Duration::from_millis(5));
        }
        let second = run_build(tmp.path(), &out);
        let first = first.wait_with_output().unwrap();
        let mut refused = 0;
        for o in [&first, &second] {
            let err = String::from_utf8_lossy(&o.stderr);
            if !o.status.success() {
                refused += 1;
                assert!(err.contains("another pressroom build") && err.contains("public"), "round {round}: {err}");
            }
        }
        assert!(refused <= 1, "round {round}: one of them builds");
        assert_complete(&out, n);
        assert!(leftovers(tmp.path()).is_empty(), "round {round}: {:?}", leftovers(tmp.path()));
    }
    // And the next build goes ahead.
    build_ok(tmp.path(), &out);
    assert_complete(&out, n);
}

#[test]
fn a_build_killed_at_any_moment_never_blocks_the_next_one() {
    let n = 200;
    let tmp = many(n);
    let out = tmp.path().join("public");
    build_ok(tmp.path(), &out);
    let start = Instant::now();
    let full = {
        let t = Instant::now();
        build_ok(tmp.path(), &out);
        t.elapsed()
    };
    // Kills from half way through a build to just after its end, where the
    // swap and the removal of the previous site happen.
    for k in 0..12u32 {
        let mut child = bin().args(["build", "--quiet", "--root"]).arg(tmp.path()).spawn().unwrap();
        std::thread::sleep(full * (10 + k) / 20);
        let _ = child.kill();
        let _ = child.wait();
        build_ok(tmp.path(), &out);
        assert_complete(&out, n);
        assert!(leftovers(tmp.path()).is_empty(), "after a kill at {}/20 of a build: {:?}", 10 + k, leftovers(tmp.path()));
    }
    eprintln!("12 killed builds and repairs in {:?}", start.elapsed());
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_has_its_target_rebuilt_never_emptied() {
    let tmp = archive(&[("2022-01-01-good.md", "Q: A question?\n\nTHE MINISTER: An answer.\n")]);
    let root = tmp.path();
    // public -> ../www, as the issue reproduced: www is built, the link stays.
    let www = root.parent().unwrap().join(format!("{}-www", root.file_name().unwrap().to_string_lossy()));
    let public = root.join("public");
    std::os::unix::fs::symlink(&www, &public).unwrap();
    build_ok(root, &public);
    build_ok(root, &public);
    assert!(fs::symlink_metadata(&public).unwrap().file_type().is_symlink(), "public is still a link");
    assert!(www.join("2022-01-01-good/index.html").is_file() && www.join(".pressroom").is_file());
    // Through the default output (public/ from site.toml) as well.
    let o = bin().args(["build", "--quiet", "--root"]).arg(root).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(fs::symlink_metadata(&public).unwrap().file_type().is_symlink());
    fs::remove_dir_all(&www).unwrap();
    // A link to a folder of someone else's: refused, nothing touched.
    fs::create_dir(&www).unwrap();
    fs::write(www.join("precious.txt"), "keep").unwrap();
    let o = run_build(root, &public);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("not created by pressroom"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(snapshot(&www), BTreeMap::from([(PathBuf::from("precious.txt"), b"keep".to_vec())]));
    fs::remove_dir_all(&www).unwrap();
}

#[test]
fn an_output_folder_inside_static_or_templates_is_refused() {
    let tmp = archive(&[("2022-01-01-good.md", "Q: A question?\n\nTHE MINISTER: An answer.\n")]);
    let root = tmp.path();
    fs::create_dir_all(root.join("static")).unwrap();
    fs::write(root.join("static/logo.svg"), "<svg/>").unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    for output in ["static/site", "static", "templates", "templates/x"] {
        let before = snapshot(root);
        let o = run_build(root, &root.join(output));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success() && err.contains("inside the archive's"), "{output}: {err}");
        assert_eq!(snapshot(root), before, "{output}: nothing written");
        // The same through site.toml.
        fs::write(root.join("site.toml"), format!("title = \"T\"\noutput = \"{output}\"\n")).unwrap();
        let o = bin().args(["build", "--quiet", "--root"]).arg(root).output().unwrap();
        assert!(!o.status.success(), "{output}");
        fs::write(root.join("site.toml"), "title = \"Test archive\"\n").unwrap();
    }
}
