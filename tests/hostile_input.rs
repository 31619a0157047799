//! Hostile or unlucky input through the real binary (issue 18): base URLs
//! that would load from or inject into another site, signed and five-digit
//! dates, CR-only files, symbolic links in content/, Windows device names,
//! deeply nested HTML to import and transcripts over the size limit. Each
//! ends in a working site or one clear error, the previous site untouched.

mod common;
use common::archive;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const GOOD: &[u8] = b"+++\ntitle = \"Good\"\ndate = 2022-01-01\n+++\n\nQ: A question?\n\nTHE MINISTER: An answer.\n";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pressroom"))
}

fn build(root: &Path, args: &[&str]) -> Output {
    bin().args(["build", "--quiet", "--root"]).arg(root).args(args).output().unwrap()
}

fn build_ok(root: &Path) {
    let o = build(root, &[]);
    assert!(o.status.success(), "build failed: {}", String::from_utf8_lossy(&o.stderr));
}

/// Runs a build that must fail with one clear error; returns it.
fn build_err(root: &Path, args: &[&str]) -> String {
    let o = build(root, args);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!o.status.success(), "the build should have failed; stderr: {err}");
    assert!(err.starts_with("error: ") && err.lines().count() <= 3, "one clear error: {err}");
    err
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn base_urls_that_leave_or_inject_are_refused_naming_the_setting() {
    let tmp = archive(&[("2022-01-01-good.md", GOOD)]);
    build_ok(tmp.path());
    let before = snapshot(&tmp.path().join("public"));
    for bad in ["//evil.example/", "https://evil.example\nDisallow: *", "https://a.example/\"><script>", "https://a.example//evil.example/", "https://a.example/x\ny"] {
        let toml = format!("title = \"T\"\nbase_url = {}\n", toml::Value::String(bad.into()));
        fs::write(tmp.path().join("site.toml"), toml).unwrap();
        let err = build_err(tmp.path(), &[]);
        assert!(err.contains("base_url") && err.contains("site.toml"), "{bad:?}: {err}");
        fs::write(tmp.path().join("site.toml"), "title = \"Test archive\"\n").unwrap();
        let err = build_err(tmp.path(), &["--base-url", bad]);
        assert!(err.contains("base_url"), "{bad:?}: {err}");
    }
    assert!(snapshot(&tmp.path().join("public")) == before, "the previous site is untouched");
    // A good full URL ends up, whole and alone, in robots.txt and the sitemap.
    let o = build(tmp.path(), &["--base-url", "https://user.example:8443/archive/"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let robots = fs::read_to_string(tmp.path().join("public/robots.txt")).unwrap();
    assert_eq!(robots, "User-agent: *\nAllow: /\nSitemap: https://user.example:8443/archive/sitemap.xml\n");
    let sitemap = fs::read_to_string(tmp.path().join("public/sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://user.example:8443/archive/2022-01-01-good/</loc>"), "{sitemap}");
}

#[test]
fn dates_with_a_sign_or_five_digits_are_errors() {
    for date in ["-0001-01-01", "+10000-01-01", "+2022-01-01"] {
        let text = format!("+++\ntitle = \"T\"\ndate = \"{date}\"\n+++\n\nQ: Why?\n\nA: Because.\n");
        let tmp = archive(&[("a.md", text.as_bytes())]);
        let err = build_err(tmp.path(), &[]);
        assert!(err.contains("content/a.md:3") && err.contains("YYYY-MM-DD"), "{date}: {err}");
    }
    // In a file name, such a prefix is no date: the page has none.
    let tmp = archive(&[("+10000-01-01-x.md", "Q: Why?\n\nA: Because.\n".as_bytes())]);
    build_ok(tmp.path());
    let out = tmp.path().join("public");
    let names: Vec<String> = snapshot(&out).keys().map(|p| p.to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.contains("search/f/year/") || n.ends_with("/year") || !n.contains('+')), "{names:?}");
    let dates = regex::Regex::new(r"<(updated|lastmod)>([^<]*)<").unwrap();
    let valid = regex::Regex::new(r"^\d{4}-\d{2}-\d{2}(T00:00:00Z)?$").unwrap();
    for file in ["feed.xml", "sitemap.xml"] {
        let xml = fs::read_to_string(out.join(file)).unwrap();
        for c in dates.captures_iter(&xml) {
            assert!(valid.is_match(&c[2]), "{file}: {}", &c[0]);
        }
    }
}

#[test]
fn a_cr_only_markdown_file_builds_like_its_lf_twin() {
    let lf = "+++\ntitle = \"Old Mac\"\ndate = 2022-01-01\n+++\n\nQ: A question?\n\nTHE MINISTER: An answer.\n";
    let mut data = Vec::new();
    for text in [lf.to_string(), lf.replace('\n', "\r")] {
        let tmp = archive(&[("2022-01-01-old-mac.md", text.as_bytes())]);
        build_ok(tmp.path());
        data.push(fs::read(tmp.path().join("public/data/2022-01-01-old-mac.json")).unwrap());
    }
    assert!(data[0] == data[1], "the CR-only file reads like the LF one");
}

#[cfg(unix)]
#[test]
fn symlinked_content_is_followed_inside_the_archive_and_reported_outside() {
    use std::os::unix::fs::symlink;
    let tmp = archive(&[("2022-01-01-good.md", GOOD)]);
    let root = tmp.path();
    // A transcript kept elsewhere in the archive, linked into content/, and
    // a linked folder: both are built (and checked).
    fs::create_dir_all(root.join("shared/2023")).unwrap();
    fs::write(root.join("shared/2023-02-02-linked.md"), GOOD).unwrap();
    fs::write(root.join("shared/2023/2023-03-03-in-folder.md"), GOOD).unwrap();
    symlink(root.join("shared/2023-02-02-linked.md"), root.join("content/2023-02-02-linked.md")).unwrap();
    symlink("../shared/2023", root.join("content/2023")).unwrap();
    build_ok(root);
    for page in ["2023-02-02-linked", "2023-03-03-in-folder", "2022-01-01-good"] {
        assert!(root.join("public").join(page).join("index.html").is_file(), "{page} is built");
    }
    let check = bin().args(["check", "--format", "json", "--root"]).arg(root).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(report["transcripts"], 3, "check reads them too: {report}");
    let before = snapshot(&root.join("public"));
    // Outside the archive: an error naming the link (it would publish
    // whatever it points at).
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.md"), "Q: private key?\n\nA: here.\n").unwrap();
    symlink(outside.path().join("secret.md"), root.join("content/secret.md")).unwrap();
    let err = build_err(root, &[]);
    assert!(err.contains("content/secret.md") && err.contains("outside the archive"), "{err}");
    let check = bin().args(["check", "--root"]).arg(root).output().unwrap();
    assert!(!check.status.success() && String::from_utf8_lossy(&check.stderr).contains("outside the archive"), "check says so too");
    fs::remove_file(root.join("content/secret.md")).unwrap();
    // A loop and a broken link: errors, not silence.
    symlink(".", root.join("content/loop")).unwrap();
    let err = build_err(root, &[]);
    assert!(err.contains("loop"), "{err}");
    fs::remove_file(root.join("content/loop")).unwrap();
    symlink("nowhere.md", root.join("content/broken.md")).unwrap();
    let err = build_err(root, &[]);
    assert!(err.contains("content/broken.md") && err.contains("does not exist"), "{err}");
    assert!(snapshot(&root.join("public")) == before, "the previous site is untouched");
}

#[test]
fn windows_device_names_get_stable_urls_windows_can_check_out() {
    let files: Vec<(String, &[u8])> = ["CON", "aux", "Nul", "COM1", "lpt9", "prn"].iter().map(|n| (format!("{n}.md"), GOOD)).collect();
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    let tmp = archive(&refs);
    build_ok(tmp.path());
    let first = snapshot(&tmp.path().join("public"));
    let reserved = |name: &str| {
        let stem = name.split('.').next().unwrap().to_ascii_lowercase();
        ["con", "prn", "aux", "nul"].contains(&stem.as_str()) || (stem.len() == 4 && (stem.starts_with("com") || stem.starts_with("lpt")) && stem.as_bytes()[3].is_ascii_digit())
    };
    for path in first.keys() {
        for part in path.iter() {
            assert!(!reserved(&part.to_string_lossy()), "{} cannot be checked out on Windows", path.display());
        }
    }
    assert!(first.keys().any(|p| p.to_string_lossy().starts_with("con-")), "CON.md is still a page");
    build_ok(tmp.path());
    assert!(snapshot(&tmp.path().join("public")).keys().eq(first.keys()), "the same URLs at every build");
}

#[test]
fn deeply_nested_html_imports_quickly_or_stops_with_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("deep.html");
    let n = 100_000;
    fs::write(&file, format!("<html><body><main><p>Q: Why?</p>{}A: Because.{}</main></body></html>", "<div>".repeat(n), "</div>".repeat(n))).unwrap();
    let start = Instant::now();
    let o = bin().args(["import", "--quiet", "--content-dir"]).arg(tmp.path().join("content")).arg(&file).output().unwrap();
    let took = start.elapsed();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("deep.html:1") && err.contains("512") && err.contains("--max-html-depth"), "{err}");
    assert!(took < Duration::from_secs(if cfg!(debug_assertions) { 20 } else { 2 }), "{took:?}");
    // Under the limit, it imports (and deeper with the limit raised).
    let depth = 400;
    fs::write(&file, format!("<html><body><main><p>Q: Why?</p>{}THE MINISTER: Because.{}</main></body></html>", "<div>".repeat(depth), "</div>".repeat(depth))).unwrap();
    let o = bin().args(["import", "--quiet", "--content-dir"]).arg(tmp.path().join("content")).arg(&file).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = bin().args(["import", "--quiet", "--force", "--max-html-depth", "300", "--content-dir"]).arg(tmp.path().join("content")).arg(&file).output().unwrap();
    assert!(!o.status.success(), "a lower limit is a limit too");
}

#[test]
fn a_transcript_over_the_size_limit_is_an_error_saying_how_to_raise_it() {
    let tmp = archive(&[("2022-01-01-good.md", GOOD)]);
    build_ok(tmp.path());
    let before = snapshot(&tmp.path().join("public"));
    let big = format!("Q: Why?\n\nA: {}\n", "Because. ".repeat(1_200_000 / 9));
    fs::write(tmp.path().join("content/2022-02-02-big.md"), &big).unwrap();
    let site = fs::read_to_string(tmp.path().join("site.toml")).unwrap();
    fs::write(tmp.path().join("site.toml"), format!("{site}\n[limits]\ntranscript_mb = 1\n")).unwrap();
    let o = bin().args(["build", "--quiet", "--root"]).arg(tmp.path()).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("content/2022-02-02-big.md") && err.contains("more than the 1 MB") && err.contains("transcript_mb = 2"), "{err}");
    assert!(snapshot(&tmp.path().join("public")) == before, "the previous site is untouched");
    fs::write(tmp.path().join("site.toml"), format!("{site}\n[limits]\ntranscript_mb = 2\n")).unwrap();
    let o = bin().args(["build", "--quiet", "--root"]).arg(tmp.path()).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}
