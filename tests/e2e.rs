//! End-to-end: build archives with the real binary and check the result as
//! a browser would: every internal link and `#anchor` resolves, at `/` and
//! under a project subpath; journalists' pages list their questions; hostile
//! text renders inert; raw transcripts build as dropped in.

mod common;
use common::archive;
use regex::Regex;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `pressroom build` and returns its stdout; panics with stderr on failure.
fn build(root: &Path, out: &Path, base_url: Option<&str>) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pressroom"));
    cmd.arg("build").arg("--root").arg(root).arg("--output").arg(out);
    if let Some(b) = base_url {
        cmd.arg("--base-url").arg(b);
    }
    let o = cmd.output().unwrap();
    assert!(o.status.success(), "build failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"").replace("&#x2F;", "/")
}

/// Ids defined in an HTML file.
fn ids(html: &str) -> BTreeSet<String> {
    let re = Regex::new(r#"\sid="([^"]+)""#).unwrap();
    re.captures_iter(html).map(|c| unescape(&c[1])).collect()
}

/// Checks every `href` and `src` of every page; returns the number checked.
fn check_links(site: &Path, base: &str) -> usize {
    let link = Regex::new(r#"\s(?:href|src)="([^"]*)""#).unwrap();
    let mut id_cache: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
    let mut checked = 0;
    let mut broken = Vec::new();
    for file in html_files(site) {
        let html = fs::read_to_string(&file).unwrap();
        for c in link.captures_iter(&html) {
            let url = unescape(&c[1]);
            if url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (path, anchor) = match url.split_once('#') {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (url.clone(), None),
            };
            let target = if path.is_empty() {
                file.clone()
            } else {
                let Some(rel) = path.strip_prefix(base) else {
                    broken.push(format!("{}: `{url}` is not under the base path {base}", file.display()));
                    continue;
                };
                let mut t = site.join(rel);
                if path.ends_with('/') {
                    t = t.join("index.html");
                }
                t
            };
            if !target.is_file() {
                broken.push(format!("{}: `{url}` → missing {}", file.display(), target.display()));
                continue;
            }
            if let Some(a) = anchor {
                let ids = id_cache.entry(target.clone()).or_insert_with(|| ids(&fs::read_to_string(&target).unwrap_or_default()));
                if !ids.contains(&a) {
                    broken.push(format!("{}: `{url}` → no id `{a}` in {}", file.display(), target.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{} broken links:\n{}", broken.len(), broken.join("\n"));
    checked
}

fn check_example_site(base: Option<&str>, base_path: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let stdout = build(&repo(), &out, base);
    assert!(stdout.contains(&out.display().to_string()), "says where the site went: {stdout}");
    for f in ["index.html", "404.html", ".nojekyll", "sitemap.xml", "robots.txt", "search/index.html", "archive/index.html", "people/index.html", "outlets/index.html"] {
        assert!(out.join(f).exists(), "missing {f}");
    }
    let checked = check_links(&out, base_path);
    assert!(checked > 300, "only {checked} links checked");

    // Journalists' pages list each question with a link to its anchor.
    let items = Regex::new(r#"class="item-link" href="([^"]+)""#).unwrap();
    for (slug, anchors) in [
        ("dmytro-shkurko", ["2022-01-12-nato-russia-council/#q3", "2022-02-17-defence-ministers/#q3"]),
        ("greg-palkot", ["2022-01-12-nato-russia-council/#q11", "2022-02-17-defence-ministers/#q7"]),
    ] {
        let page = fs::read_to_string(out.join("people").join(slug).join("index.html")).unwrap();
        let links: Vec<String> = items.captures_iter(&page).map(|c| c[1].to_string()).collect();
        let expected: Vec<String> = anchors.iter().map(|a| format!("{base_path}{a}")).collect();
        assert_eq!(links, expected, "{slug}");
        assert!(page.contains("12 January 2022") && page.contains("17 February 2022"), "{slug} shows dates");
    }
    // Transcript pages have sections with stable anchors and copy-link controls.
    let t = fs::read_to_string(out.join("2022-01-12-nato-russia-council/index.html")).unwrap();
    for n in 1..=12 {
        assert!(t.contains(&format!("<section id=\"q{n}\"")), "q{n}");
    }
    assert!(t.contains("class=\"copy-link\" data-anchor=\"q1\""));
    // The data contract is published.
    let data: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("data/2022-02-17-defence-ministers.json")).unwrap()).unwrap();
    assert_eq!(data["exchanges"].as_array().unwrap().len(), 8);
    // 404 links are rooted, so they work from any missing path.
    let not_found = fs::read_to_string(out.join("404.html")).unwrap();
    assert!(!not_found.contains("href=\"../") && not_found.contains(&format!("href=\"{base_path}archive/\"")));
}

#[test]
fn example_archive_at_root() {
    check_example_site(None, "/");
}

#[test]
fn example_archive_under_a_project_subpath() {
    check_example_site(Some("https://user.github.io/nato-archive/"), "/nato-archive/");
}


#[test]
fn raw_seeds_build_as_dropped_in() {
    let seeds = repo().join("tests/fixtures/seeds");
    let a = fs::read_to_string(seeds.join("nato-2022-01-12-nato-russia-council.txt")).unwrap();
    let b = fs::read_to_string(seeds.join("nato-2022-02-17-defence-ministers.txt")).unwrap();
    let tmp = archive(&[("nato-2022-01-12-nato-russia-council.txt", &a), ("nato-2022-02-17-defence-ministers.txt", &b)]);
    let out = tmp.path().join("public");
    build(tmp.path(), &out, None);
    let data: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("data/nato-2022-01-12-nato-russia-council.json")).unwrap()).unwrap();
    assert_eq!(data["date"], "2022-01-12", "the date in the text, not the scrape date");
    let closing = data["closing"].as_array().unwrap();
    let last = closing.last().unwrap()["text"].as_str().unwrap();
    assert_eq!(last, "Thank you so much.", "footer boilerplate left out of the last turn");
    assert_eq!(data["exchanges"].as_array().unwrap().len(), 12);
    check_links(&out, "/");
}

#[test]
fn hostile_text_renders_inert() {
    let evil = r#"+++
title = "<script>alert('title')</script> Briefing"
date = 2022-03-01
source = "javascript:alert('source')"
+++

MODERATOR: We'll go to <b onmouseover=alert(1)>you</b>.

Jane Doe (<img src=x onerror=alert('outlet')>): Is this <script>alert('turn')</script> safe? [click](javascript:alert('link')) and [data](data:text/html;base64,PHNjcmlwdD4=) <a href="javascript:alert(2)">raw</a>

THE MINISTER: Yes. <iframe src="https://evil.example"></iframe> <svg onload=alert(3)>
"#;
    let tmp = archive(&[("2022-03-01-evil.md", evil)]);
    let out = tmp.path().join("public");
    build(tmp.path(), &out, None);
    // Look at real tags only: escaped text (`&lt;script&gt;`) is inert.
    let tag = Regex::new(r"(?i)<([a-z][a-z0-9]*)\b[^>]*>").unwrap();
    let handler = Regex::new(r#"(?i)\son[a-z]+\s*="#).unwrap();
    let bad_url = Regex::new(r#"(?i)(href|src|action)\s*=\s*"\s*(javascript|data|vbscript):"#).unwrap();
    for file in html_files(&out) {
        let html = fs::read_to_string(&file).unwrap();
        for t in tag.captures_iter(&html) {
            let (whole, name) = (&t[0], t[1].to_lowercase());
            assert!(!["iframe", "svg", "img", "object", "embed", "b"].contains(&name.as_str()), "{}: {whole}", file.display());
            assert!(!handler.is_match(whole), "{}: event handler in {whole}", file.display());
            assert!(!bad_url.is_match(whole), "{}: script URL in {whole}", file.display());
            if name == "script" {
                assert!(whole.contains("src=\"/static/"), "{}: unexpected {whole}", file.display());
            }
        }
    }
    let page = fs::read_to_string(out.join("2022-03-01-evil/index.html")).unwrap();
    assert!(page.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;&#x2F;script&gt;") || page.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"), "the title is shown as text");
    assert!(page.contains("&lt;script&gt;alert(&#39;turn&#39;)&lt;/script&gt;") || page.contains("&lt;script&gt;alert('turn')&lt;/script&gt;"), "turn text is shown as text");
}

#[test]
fn duplicate_urls_are_a_clear_error() {
    let tmp = archive(&[("a/x.md", "+++\ntitle = \"A\"\n+++\nQ: hi\n"), ("b/x.txt", "Q: hi\n")]);
    let o = Command::new(env!("CARGO_BIN_EXE_pressroom")).arg("build").arg("--root").arg(tmp.path()).output().unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("content/a/x.md") && err.contains("content/b/x.txt") && err.contains("/x/"), "{err}");
}

#[test]
fn builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&repo(), &a, None);
    build(&repo(), &b, None);
    let files = |d: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<_> = walkdir::WalkDir::new(d)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().strip_prefix(d).unwrap().to_path_buf(), fs::read(e.path()).unwrap()))
            .collect();
        v.sort();
        v
    };
    assert!(files(&a) == files(&b), "two builds of the same input differ");
}

#[test]
fn archive_templates_and_static_files_override_the_built_in_ones() {
    let tmp = archive(&[("2022-01-01-a.md", "+++\ntitle = \"A\"\n+++\nQ: Why?\n\nTHE MINISTER: Because.\n")]);
    fs::create_dir_all(tmp.path().join("templates")).unwrap();
    fs::write(tmp.path().join("templates/404.html"), "{% extends \"base.html\" %}{% block main %}<h1>Custom lost page</h1>{% endblock main %}").unwrap();
    fs::create_dir_all(tmp.path().join("static/img")).unwrap();
    fs::write(tmp.path().join("static/style.css"), "body { color: red }").unwrap();
    fs::write(tmp.path().join("static/img/logo.svg"), "<svg/>").unwrap();
    let out = tmp.path().join("public");
    build(tmp.path(), &out, None);
    let page = fs::read_to_string(out.join("404.html")).unwrap();
    assert!(page.contains("<h1>Custom lost page</h1>") && page.contains("Test archive"), "{page}");
    assert_eq!(fs::read_to_string(out.join("static/style.css")).unwrap(), "body { color: red }");
    assert!(out.join("static/img/logo.svg").is_file());
    assert!(out.join("static/search.js").is_file(), "built-in assets that are not overridden stay");
}

#[test]
fn a_broken_template_fails_the_build_and_keeps_the_previous_site() {
    let tmp = archive(&[("2022-01-01-a.md", "+++\ntitle = \"A\"\n+++\nQ: Why?\n")]);
    let out = tmp.path().join("public");
    build(tmp.path(), &out, None);
    fs::create_dir_all(tmp.path().join("templates")).unwrap();
    fs::write(tmp.path().join("templates/transcript.html"), "{% if %}").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_pressroom")).arg("build").arg("--root").arg(tmp.path()).output().unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("templates"), "{err}");
    assert!(out.join("2022-01-01-a/index.html").is_file(), "the previous site is intact");
}

/// The example archive's content copied into `dir/archive` (returned),
/// and its site.toml's text, to write there with changes.
fn copy_of_example(dir: &Path) -> (PathBuf, String) {
    let root = dir.join("archive");
    fs::create_dir_all(root.join("content")).unwrap();
    for entry in fs::read_dir(repo().join("content")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), root.join("content").join(entry.file_name())).unwrap();
    }
    (root, fs::read_to_string(repo().join("site.toml")).unwrap())
}

#[test]
fn share_pages_and_data_can_be_left_out_and_links_still_resolve() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, toml) = copy_of_example(tmp.path());
    fs::write(root.join("site.toml"), format!("{toml}\n[publish]\nshare_pages = false\ndata = false\n")).unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, Some("/nato-archive/"));
    assert!(!out.join("data").exists(), "no data/ folder");
    let page = fs::read_to_string(out.join("2022-02-17-defence-ministers/index.html")).unwrap();
    assert!(page.contains("id=\"q5\""), "the transcript is there");
    assert!(!out.join("2022-02-17-defence-ministers/q5").exists(), "no share page");
    assert!(!page.contains("/q5/\"") && !page.contains("Share page") && !page.contains("data/"), "nothing links what was left out");
    assert!(check_links(&out, "/nato-archive/") > 100);

    // Unknown settings are refused with the line, not ignored.
    fs::write(root.join("site.toml"), format!("{toml}\n[publish]\nshare_page = false\n")).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_pressroom")).arg("build").arg("--root").arg(&root).arg("--output").arg(&out).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("share_page"), "{err}");
}

/// Builds `root` into `out` and returns (stdout, stderr).
fn build_output(root: &Path, out: &Path) -> (String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_pressroom")).arg("build").arg("--root").arg(root).arg("--output").arg(out).output().unwrap();
    assert!(o.status.success(), "build failed: {}", String::from_utf8_lossy(&o.stderr));
    (String::from_utf8(o.stdout).unwrap(), String::from_utf8(o.stderr).unwrap())
}

#[test]
fn unset_optional_parts_are_left_out_when_the_site_would_exceed_its_size_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let (root, toml) = copy_of_example(tmp.path());
    let out = tmp.path().join("public");
    let share_page = out.join("2022-02-17-defence-ministers/q5/index.html");
    let data = out.join("data/2022-02-17-defence-ministers.json");
    let with = |publish: &str| fs::write(root.join("site.toml"), format!("{toml}\n[publish]\n{publish}\n")).unwrap();

    // The example archive is about 0.3 MB: with the default limit, every part.
    fs::write(root.join("site.toml"), &toml).unwrap();
    let (stdout, _) = build_output(&root, &out);
    assert!(share_page.is_file() && data.is_file());
    assert!(!stdout.contains("left out"), "{stdout}");

    // A limit the pages alone exceed: both parts left out, with a note
    // and a warning.
    with("size_limit_mb = 0.01");
    let (stdout, stderr) = build_output(&root, &out);
    assert!(!data.exists() && !share_page.exists() && !out.join("data").exists());
    assert!(stdout.contains("note: left out data/ JSON (about") && stdout.contains("share pages (<transcript>/qN/) (about"), "{stdout}");
    assert!(stdout.contains("within the 0.01 MB of `size_limit_mb`") && stdout.contains("`data = true` and `share_pages = true`"), "{stdout}");
    assert!(stderr.contains("warning: the site is") && stderr.contains("size_limit_mb"), "{stderr}");
    assert!(check_links(&out, "/") > 100, "nothing links to what was left out");

    // What site.toml says wins.
    with("size_limit_mb = 0.01\nshare_pages = true");
    let (stdout, _) = build_output(&root, &out);
    assert!(share_page.is_file() && !data.exists());
    assert!(stdout.contains("note: left out data/ JSON") && !stdout.contains("share pages (<transcript>/qN/) (about"), "{stdout}");
    with("size_limit_mb = 0.01\nshare_pages = true\ndata = false");
    let (stdout, _) = build_output(&root, &out);
    assert!(share_page.is_file() && !data.exists());
    assert!(!stdout.contains("left out"), "{stdout}");
    check_links(&out, "/");
}
