//! Untrusted input never breaks the site or the reader (issue 7).
//!
//! Transcripts, front matter and site.toml come from many hands. These tests
//! build hostile archives with the real binary and check that:
//! - injected markup renders as text in every HTML and XML file, and every
//!   JSON file stays valid (tests/fixtures/hostile, each payload marked PWN);
//! - slugs stay inside the output folder, unique and stable;
//! - bad files (encodings, empty files, broken front matter, impossible
//!   dates, two files for one URL) fail the build with `file:line` and what
//!   to do, and the previous site is left exactly as it was;
//! - the output folder is never cleared unless pressroom created it, and is
//!   never the archive itself or `/`;
//! - two builds are byte-identical; a 10 MB transcript builds quickly.

mod common;
use common::archive;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

fn hostile_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

fn run_build(root: &Path, out: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pressroom"));
    cmd.arg("build").arg("--quiet").arg("--root").arg(root);
    if let Some(out) = out {
        cmd.arg("--output").arg(out);
    }
    cmd.output().unwrap()
}

fn build_ok(root: &Path, out: &Path) {
    let o = run_build(root, Some(out));
    assert!(o.status.success(), "build failed: {}", String::from_utf8_lossy(&o.stderr));
}

/// Runs a build that must fail; returns its stderr.
fn build_err(root: &Path, out: Option<&Path>) -> String {
    let o = run_build(root, out);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!o.status.success(), "the build should have failed; stderr: {err}");
    assert!(err.starts_with("error: ") && err.lines().count() <= 3, "one clear error, not a backtrace: {err}");
    err
}

/// Every file under `dir` (relative path → bytes), dotfiles included.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}


const GOOD: &[u8] = b"+++\ntitle = \"Good\"\ndate = 2022-01-01\n+++\n\nQ: A question?\n\nTHE MINISTER: An answer.\n";

// ---------------------------------------------------------------------------
// Injection: markup is text everywhere.

static TAG_START: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[a-zA-Z!/?]").unwrap());
/// A well-formed start or end tag: name, then attributes that are bare or
/// double-quoted (escaping makes `"` impossible inside a value).
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^(?:<!--[^>]*-->|(?i:<!DOCTYPE html>)|<\?xml[^>]*\?>|</[a-zA-Z][a-zA-Z0-9]*\s*>|<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<]*")?)*)\s*/?>)"#).unwrap()
});
static ATTR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?"#).unwrap());

/// Decodes the entities our escaping and ammonia produce, for URL checks.
fn decode_entities(s: &str) -> String {
    let numeric = Regex::new(r"&#(x[0-9a-fA-F]+|[0-9]+);?").unwrap();
    let s = numeric.replace_all(s, |c: &regex::Captures| {
        let n = &c[1];
        let v = if let Some(h) = n.strip_prefix('x') { u32::from_str_radix(h, 16) } else { n.parse() };
        v.ok().and_then(char::from_u32).map(String::from).unwrap_or_default()
    });
    s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&colon;", ":").replace("&Tab;", "").replace("&NewLine;", "").replace("&amp;", "&")
}

/// Checks one HTML or XML file: every tag is well formed, with no event
/// handler, no script URL, no PWN payload in a tag name or attribute name,
/// and only the elements our templates and sanitizer produce.
fn check_markup(file: &Path, text: &str, base: &str, problems: &mut Vec<String>) {
    const FORBIDDEN: &[&str] = &["iframe", "frame", "frameset", "svg", "math", "img", "object", "embed", "style", "base", "applet", "textarea", "video", "audio", "source", "template", "xmp", "plaintext"];
    const URL_ATTRS: &[&str] = &["href", "src", "action", "formaction", "srcset", "data", "poster", "xlink:href", "background", "cite", "ping"];
    // Elements our own templates use are not injected (search.html has a
    // <style>, say); the attribute checks still apply to them.
    static TEMPLATE_TAGS: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
        let name = Regex::new(r"<([a-zA-Z][a-zA-Z0-9]*)").unwrap();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        fs::read_dir(dir)
            .unwrap()
            .flat_map(|e| {
                let text = fs::read_to_string(e.unwrap().path()).unwrap_or_default();
                name.captures_iter(&text).map(|c| c[1].to_ascii_lowercase()).collect::<Vec<_>>()
            })
            .collect()
    });
    let mut in_script = false;
    for m in TAG_START.find_iter(text) {
        let rest = &text[m.start()..];
        let Some(t) = TAG.captures(rest) else {
            problems.push(format!("{}: malformed tag `{}`", file.display(), rest.chars().take(80).collect::<String>()));
            continue;
        };
        let whole = &t[0];
        if whole.starts_with("</script") {
            in_script = false;
            continue;
        }
        if in_script {
            problems.push(format!("{}: text inside a script element: {whole}", file.display()));
        }
        let Some(name) = t.get(1).map(|n| n.as_str().to_ascii_lowercase()) else { continue };
        if FORBIDDEN.contains(&name.as_str()) && !TEMPLATE_TAGS.contains(&name) {
            problems.push(format!("{}: forbidden element {whole}", file.display()));
        }
        let mut attrs = BTreeMap::new();
        for a in ATTR.captures_iter(t.get(2).map_or("", |a| a.as_str())) {
            let key = a[1].to_ascii_lowercase();
            let value = a.get(2).map(|v| decode_entities(v.as_str())).unwrap_or_default();
            if key.starts_with("on") || key == "style" || key == "srcdoc" || key == "http-equiv" || a[1].contains("PWN") {
                problems.push(format!("{}: dangerous attribute `{key}` in {whole}", file.display()));
            }
            if URL_ATTRS.contains(&key.as_str()) {
                let squashed: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
                if ["javascript:", "data:", "vbscript:", "file:"].iter().any(|s| squashed.starts_with(s)) {
                    problems.push(format!("{}: script URL in {whole}", file.display()));
                }
                if value.contains("PWN") {
                    problems.push(format!("{}: a payload became a link target in {whole}", file.display()));
                }
            }
            attrs.insert(key, value);
        }
        if name.contains("pwn") {
            problems.push(format!("{}: injected element {whole}", file.display()));
        }
        if name == "script" {
            in_script = !whole.ends_with("/>");
            let src = attrs.get("src").cloned().unwrap_or_default();
            if !src.starts_with(&format!("{base}static/")) {
                problems.push(format!("{}: script that is not one of ours: {whole}", file.display()));
            }
        }
    }
}

#[test]
fn injected_markup_renders_as_text_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    for (base, out) in [("/", tmp.path().join("root")), ("/sub/", tmp.path().join("sub"))] {
        let o = Command::new(env!("CARGO_BIN_EXE_pressroom"))
            .args(["build", "--quiet", "--base-url", base, "--root"])
            .arg(hostile_fixture())
            .arg("--output")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let mut problems = Vec::new();
        let mut markup_files = 0;
        let mut json_files = 0;
        for (path, bytes) in snapshot(&out) {
            let file = out.join(&path);
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext == "bin" {
                continue; // the search index's binary files (term files, blocks)
            }
            let Ok(text) = String::from_utf8(bytes) else {
                problems.push(format!("{}: not UTF-8", file.display()));
                continue;
            };
            if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) && ext != "json" {
                problems.push(format!("{}: control character in the output", file.display()));
            }
            match ext {
                "html" | "xml" | "atom" | "rss" => {
                    markup_files += 1;
                    check_markup(&file, &text, base, &mut problems);
                }
                "json" => {
                    json_files += 1;
                    if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                        problems.push(format!("{}: invalid JSON: {e}", file.display()));
                    }
                }
                _ => {}
            }
        }
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
        assert!(markup_files >= 20 && json_files >= 9, "{markup_files} markup files, {json_files} JSON files");

        // The payloads are shown as text, not dropped.
        let page = fs::read_to_string(out.join("tmp-pwn-slug/index.html")).unwrap();
        for shown in [
            "&lt;script&gt;alert(&#39;PWN-title&#39;)&lt;/script&gt; Briefing &quot; onmouseover=&quot;",
            "&lt;iframe src=javascript:alert(&#39;PWN-location&#39;)&gt;",
            "&lt;script&gt;alert('PWN-turn')&lt;/script&gt;",
            "Evil &lt;svg onload=alert(&#39;PWN-outlet-alias&#39;)&gt; News",
            "Mal &lt;i onclick=&quot;alert(&#39;PWN-official&#39;)&quot;&gt;Icious&lt;/i&gt; &amp; Co",
            "Jean O&#39;Neil",
            "Fox &amp; Friends",
            "&lt;/section&gt;&lt;/main&gt;&lt;script&gt;",
        ] {
            assert!(page.contains(shown), "the page shows `{shown}` as text");
        }
        assert!(!page.contains("PWN-source") && !page.contains("PWN-pixel.png"), "a javascript: source and remote images are dropped");
        let home = fs::read_to_string(out.join("index.html")).unwrap();
        assert!(home.contains("Hostile &lt;script&gt;alert(&#39;PWN-site-title&#39;)&lt;/script&gt; archive"));
        assert!(home.contains("<html lang=\"en&quot; onload=&quot;alert(&#39;PWN-language&#39;)\">"), "site.toml values are escaped in attributes");

        // JSON keeps the text as it was written (the search client escapes
        // what it inserts), and the topics of the front matter.
        let data: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("data/tmp-pwn-slug.json")).unwrap()).unwrap();
        assert_eq!(data["title"], "<script>alert('PWN-title')</script> Briefing \" onmouseover=\"alert('PWN-title-attr')");
        assert_eq!(data["topics"][0], "<script>alert('PWN-topic')</script>");
        let search = snapshot(&out.join("search"));
        let docs: String = search.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "json")).map(|(_, b)| String::from_utf8_lossy(b).into_owned()).collect();
        assert!(docs.contains(r"<script>alert('PWN-turn')</script>") || docs.contains(r"\u003cscript\u003ealert('PWN-turn')"), "search documents hold the raw text");
    }
}

#[test]
fn slugs_stay_inside_the_output_folder_unique_and_stable() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_ok(&hostile_fixture(), &out);
    let files = snapshot(&out);
    // Lowercase ASCII, starting with a letter or digit (so never `..`), or
    // one of our two dotfiles.
    let component = Regex::new(r"^(?:[a-z0-9][a-z0-9._-]*|\.nojekyll|\.pressroom)$").unwrap();
    for path in files.keys() {
        for c in path.components() {
            let c = c.as_os_str().to_str().unwrap();
            assert!(component.is_match(c) && c.len() <= 90, "unexpected path component `{c}` in {}", path.display());
        }
    }
    // Nothing was written next to the output folder.
    let siblings: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(siblings, ["public"], "only the output folder exists");
    // `slug = "../../../../tmp/PWN-slug"` stays inside, and so does a
    // person named "Nul\u0000 /../../Person" in site.toml.
    assert!(out.join("tmp-pwn-slug/index.html").is_file());
    assert!(out.join("people/nul-person/index.html").is_file());
    // Two file names of 230 characters that share their first 200 keep
    // separate pages; a name without letters still gets a page of its own.
    let long: Vec<_> = files.keys().filter(|p| p.starts_with("data") && p.to_string_lossy().contains("a-very-long-file-name")).collect();
    assert_eq!(long.len(), 2, "{long:?}");
    assert!(out.join("snowman-snowman-snowman/index.html").is_file(), "☃☃☃ is transliterated");
    assert!(out.join("unicode-briefing-snowman-2022/index.html").is_file());
    // UTF-16 (both byte orders) and CR-only files built.
    for slug in ["2022-03-06-utf16", "2022-03-07-utf16be", "2022-03-08-bom-cr"] {
        let data: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join(format!("data/{slug}.json"))).unwrap()).unwrap();
        assert_eq!(data["exchanges"].as_array().unwrap().len(), 1, "{slug}");
    }
    let utf16: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("data/2022-03-06-utf16.json")).unwrap()).unwrap();
    assert_eq!(utf16["title"], "UTF-16 été — briefing");
}

#[test]
fn names_that_differ_only_by_case_or_accents_are_one_person_and_one_outlet() {
    // Decision: "José Núñez" and "JOSE NUNEZ" (and "Le Monde", "LE MONDE")
    // are spellings of one name, treated as two identical spellings would be:
    // one page, never two pages overwriting each other.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build_ok(&hostile_fixture(), &out);
    let people: Vec<String> = fs::read_dir(out.join("people")).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(people.iter().filter(|p| p.starts_with("jose-nunez")).count() == 1, "{people:?}");
    let page = fs::read_to_string(out.join("people/jose-nunez/index.html")).unwrap();
    assert!(page.contains("/unicode-briefing-snowman-2022/#q1") && page.contains("/unicode-briefing-snowman-2022/#q2"), "both questions on one page");
    let outlet = fs::read_to_string(out.join("outlets/le-monde/index.html")).unwrap();
    assert!(outlet.contains("#q1") && outlet.contains("#q2"));
    assert!(!out.join("outlets/le-monde-2").exists());
}

/// A transcript with one named journalist's question.
fn one_question(speaker: &str, outlet: &str) -> pressroom::model::Transcript {
    use pressroom::model::*;
    Transcript {
        date: None,
        title: "T".into(),
        location: None,
        source: None,
        topics: vec![],
        speakers: vec![Speaker { id: "s".into(), name: Some(speaker.into()), role: Role::Press, outlet: Some(outlet.into()), title: None, label: speaker.into() }],
        opening: vec![],
        exchanges: vec![Exchange {
            id: "q1".into(),
            asker: Some("s".into()),
            outlet: Some(outlet.into()),
            turns: vec![Turn { speaker: Some("s".into()), role: Role::Press, text: "Why?".into(), line: 1 }],
            question: None,
        }],
        closing: vec![],
        notes: vec![],
    }
}

fn resolve(names: &[(&str, &str)]) -> pressroom::resolve::Archive {
    let config = pressroom::config::Config::from_toml("title = \"t\"").unwrap();
    let sources = (0..names.len()).map(|i| pressroom::load::read_source(Path::new(&format!("content/t{i}.md")), "Q: x\n").unwrap()).collect();
    let transcripts = names.iter().map(|(n, o)| one_question(n, o).into()).collect();
    pressroom::resolve::resolve(sources, transcripts, &config).unwrap()
}

#[test]
fn people_and_outlets_whose_slugs_would_collide_keep_separate_pages() {
    let long_a = format!("{} Alpha", "Wolfeschlegelsteinhausenbergerdorff ".repeat(4));
    let long_b = format!("{} Beta", "Wolfeschlegelsteinhausenbergerdorff ".repeat(4));
    let names = [("???", "!!!"), ("—", "***"), (long_a.as_str(), long_a.as_str()), (long_b.as_str(), long_b.as_str()), ("Zoë Ünal", "Reuters"), ("ZOE UNAL", "REUTERS")];
    let a = resolve(&names);
    let slugs: Vec<&str> = a.people.iter().map(|p| p.slug.as_str()).collect();
    // "???" and "—" are different people; so are the two long names; Zoë
    // Ünal and ZOE UNAL are one.
    assert_eq!(a.people.len(), 5, "{slugs:?}");
    assert_eq!(slugs.iter().collect::<BTreeSet<_>>().len(), slugs.len(), "unique: {slugs:?}");
    assert!(slugs.iter().all(|s| s.len() <= pressroom::slug::MAX_LEN && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')), "{slugs:?}");
    assert_eq!(a.person("zoe-unal").unwrap().appearances.len(), 2);
    let outlets: Vec<&str> = a.outlets.iter().map(|o| o.slug.as_str()).collect();
    assert_eq!(outlets.iter().collect::<BTreeSet<_>>().len(), outlets.len(), "unique: {outlets:?}");
    assert!(outlets.contains(&"reuters"), "{outlets:?}");
    assert_eq!(a.outlet_by_slug("reuters").unwrap().questions.len(), 2);

    // Stable: a person's slug does not depend on who else is in the archive.
    let alone = resolve(&[(long_b.as_str(), "X"), ("—", "Y")]);
    for p in &alone.people {
        assert!(slugs.contains(&p.slug.as_str()), "{} changed when others left", p.slug);
    }
}

// ---------------------------------------------------------------------------
// Bad files: a clear error naming the file and line; nothing else touched.

/// Builds a good archive into public/, adds `bad`, and checks that the
/// build fails with an error containing every one of `expected`, leaving
/// public/ byte for byte as it was and nothing next to it.
fn fails_cleanly(bad: &[(&str, &[u8])], expected: &[&str]) {
    let tmp = archive(&[("2022-01-01-good.md", GOOD)]);
    let out = tmp.path().join("public");
    build_ok(tmp.path(), &out);
    let before = snapshot(&out);
    for (name, bytes) in bad {
        let p = tmp.path().join("content").join(name);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    let err = build_err(tmp.path(), None);
    for e in expected {
        assert!(err.contains(e), "`{e}` missing from: {err}");
    }
    assert!(snapshot(&out) == before, "the previous site was changed by a failed build");
    let mut names: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["content", "public", "site.toml"], "no leftovers next to the site");
}

#[test]
fn invalid_utf8_names_file_line_and_column() {
    fails_cleanly(&[("bad.md", b"+++\ntitle = \"x\"\n+++\nQ: caf\xe9?\n")], &["content/bad.md:4:", "invalid UTF-8", "column 7", "iconv"]);
}

#[test]
fn broken_utf16_and_nul_bytes_are_errors_not_garbage() {
    // Cut short: half a UTF-16 unit at the end.
    fails_cleanly(&[("odd.md", b"\xff\xfeQ\x00:\x00 \x00h\x00i\x00\n")], &["content/odd.md:1:", "half a character"]);
    // A lone surrogate on line 2.
    fails_cleanly(&[("sur.md", b"\xff\xfeQ\x00:\x00\n\x00\x00\xd8\n\x00")], &["content/sur.md:2:", "surrogate"]);
    // UTF-16 without a byte-order mark is valid UTF-8 full of NULs.
    let no_bom: Vec<u8> = "Q: hi\nA: ho\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    fails_cleanly(&[("nobom.txt", &no_bom)], &["content/nobom.txt:1:", "NUL", "byte-order mark"]);
}

#[test]
fn empty_files_are_errors_not_silently_missing_pages() {
    // A file emptied by accident must not make its published page vanish.
    fails_cleanly(&[("empty.md", b"")], &["content/empty.md", "empty", "delete the file"]);
    fails_cleanly(&[("blank.txt", b"\xef\xbb\xbf \r\n\n\t\n")], &["content/blank.txt", "empty"]);
    fails_cleanly(&[("front-only.md", b"+++\ntitle = \"x\"\n+++\n\n")], &["content/front-only.md:4:", "no transcript text"]);
}

#[test]
fn front_matter_that_does_not_parse_names_the_line() {
    fails_cleanly(&[("a.md", b"+++\ntitle = \"x\"\nlocation = \"unterminated\n+++\nQ: hi\n")], &["content/a.md:3:", "invalid front matter", "TOML"]);
    fails_cleanly(&[("a.md", b"+++\ntitle = \"x\"\ntitel = \"typo\"\n+++\nQ: hi\n")], &["content/a.md:3:", "unknown field `titel`"]);
    fails_cleanly(&[("a.md", b"+++\ntitle = 3\n+++\nQ: hi\n")], &["content/a.md:2:", "expected a string"]);
    fails_cleanly(&[("a.md", b"+++\ntopics = \"ukraine\"\n+++\nQ: hi\n")], &["content/a.md:2:", "expected a sequence"]);
    fails_cleanly(&[("a.md", b"+++\r\ntitle = \"x\"\r\nQ: hi\r\n")], &["content/a.md:1:", "never closed"]);
    fails_cleanly(&[("a.md", b"+++ title = \"x\"\nQ: hi\n")], &["content/a.md:1:", "alone on the first line"]);
    fails_cleanly(&[("a.md", b"+++\nslug = \"../..\"\n+++\nQ: hi\n")], &["content/a.md:2:", "slug", "no letter or digit"]);
}

#[test]
fn impossible_dates_are_errors() {
    fails_cleanly(&[("a.md", b"+++\ntitle = \"x\"\ndate = 2022-02-30\n+++\nQ: hi\n")], &["content/a.md:3:", "day"]);
    fails_cleanly(&[("a.md", b"+++\ntitle = \"x\"\ndate = \"2022-02-30\"\n+++\nQ: hi\n")], &["content/a.md:3:", "not a real date"]);
    fails_cleanly(&[("a.md", b"+++\ndate = \"30/02/2022\"\n+++\nQ: hi\n")], &["content/a.md:2:", "YYYY-MM-DD"]);
    fails_cleanly(&[("a.md", b"+++\ndate = 12:00:00\n+++\nQ: hi\n")], &["content/a.md:2:", "no date part"]);
    fails_cleanly(&[("2022-02-30-briefing.md", b"Q: hi\n")], &["content/2022-02-30-briefing.md", "not a real date", "rename"]);
}

#[test]
fn an_impossible_date_in_the_text_is_not_used() {
    // In the text, "30 February" is no date at all: the build goes on and
    // the transcript is undated (`pressroom check` reports it).
    let tmp = archive(&[("briefing.txt", b"Press briefing\n\n30 February 2022\n\nQ: A question?\n\nTHE MINISTER: An answer.\n")]);
    let out = tmp.path().join("public");
    build_ok(tmp.path(), &out);
    let data: serde_json::Value = serde_json::from_str(&fs::read_to_string(out.join("data/briefing.json")).unwrap()).unwrap();
    assert!(data["date"].is_null(), "{}", data["date"]);
}

#[test]
fn two_transcripts_for_one_url_is_an_error_naming_both() {
    fails_cleanly(&[("Briefing.md", GOOD), ("briefing.txt", b"Q: hi\n")], &["content/Briefing.md", "content/briefing.txt", "`/briefing/`", "rename one"]);
    fails_cleanly(&[("café.md", GOOD), ("nested/cafe.md", GOOD)], &["content/café.md", "content/nested/cafe.md", "`/cafe/`"]);
    fails_cleanly(&[("x.md", b"+++\nslug = \"2022-01-01-GOOD\"\n+++\nQ: hi\n")], &["content/2022-01-01-good.md", "content/x.md", "slug"]);
    fails_cleanly(&[("People.md", GOOD)], &["content/People.md", "`/people/`", "used by the site itself"]);
}

// ---------------------------------------------------------------------------
// The output folder.

#[test]
fn a_build_that_fails_late_keeps_the_previous_site() {
    // A folder in the archive's static/ where the built-in style.css goes:
    // caught before anything is written.
    let tmp = archive(&[("2022-01-01-good.md", GOOD)]);
    let out = tmp.path().join("public");
    build_ok(tmp.path(), &out);
    let before = snapshot(&out);
    fs::create_dir_all(tmp.path().join("static/style.css")).unwrap();
    fs::write(tmp.path().join("static/style.css/x.css"), "x").unwrap();
    let err = build_err(tmp.path(), None);
    assert!(err.contains("static/style.css") && err.contains("both a file and the folder"), "{err}");
    assert!(snapshot(&out) == before);
    // A template that fails while rendering one page.
    fs::remove_dir_all(tmp.path().join("static")).unwrap();
    fs::create_dir_all(tmp.path().join("templates")).unwrap();
    fs::write(tmp.path().join("templates/person.html"), "{{ missing_variable }}").unwrap();
    fs::write(tmp.path().join("content/2022-01-02-more.md"), "Jane Doe (Reuters): Why?\n\nTHE MINISTER: Because.\n").unwrap();
    let err = build_err(tmp.path(), None);
    assert!(err.contains("person.html"), "{err}");
    assert!(snapshot(&out) == before);
    assert!(!tmp.path().join(".public.pressroom-new").exists());
}

#[test]
fn a_folder_pressroom_did_not_create_is_never_cleared() {
    let tmp = archive(&[("2022-01-01-good.md", GOOD)]);
    let mine = tmp.path().join("my-files");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("thesis.txt"), "years of work").unwrap();
    let err = build_err(tmp.path(), Some(&mine));
    assert!(err.contains("refusing to replace") && err.contains("--output"), "{err}");
    assert_eq!(fs::read_to_string(mine.join("thesis.txt")).unwrap(), "years of work");
    // A file, not a folder.
    let file = tmp.path().join("notes.txt");
    fs::write(&file, "keep").unwrap();
    build_err(tmp.path(), Some(&file));
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep");
    // An empty folder is fine, and then it is ours.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    build_ok(tmp.path(), &empty);
    build_ok(tmp.path(), &empty);
    assert!(empty.join(".pressroom").is_file() && empty.join("index.html").is_file());
}

#[test]
fn the_archive_itself_and_the_root_are_refused_as_output() {
    let tmp = archive(&[("2022-01-01-good.md", GOOD)]);
    let root = tmp.path();
    let before = snapshot(root);
    // Even with a marker planted in it, the archive root is never replaced.
    fs::write(root.join(".pressroom"), "").unwrap();
    for out in [root.to_path_buf(), root.join("content/.."), root.join("public/..")] {
        let err = build_err(root, Some(&out));
        assert!(err.contains("refusing") && err.contains("content"), "{err}");
    }
    fs::remove_file(root.join(".pressroom")).unwrap();
    // A folder holding another archive's content/.
    let other = root.join("other");
    fs::create_dir_all(other.join("content")).unwrap();
    fs::write(other.join(".pressroom"), "").unwrap();
    assert!(build_err(root, Some(&other)).contains("content"));
    fs::remove_dir_all(&other).unwrap();
    // Inside content/, the built robots.txt would be read as a transcript.
    let err = build_err(root, Some(&root.join("content/site")));
    assert!(err.contains("inside the archive"), "{err}");
    let err = build_err(root, Some(Path::new("/")));
    assert!(err.contains("refusing to use /"), "{err}");
    // `output = "."` in site.toml means the archive root too.
    fs::write(root.join("site.toml"), "title = \"t\"\noutput = \".\"\n").unwrap();
    assert!(build_err(root, None).contains("refusing"));
    fs::write(root.join("site.toml"), "title = \"Test archive\"\n").unwrap();
    assert!(snapshot(root) == before, "the archive is untouched");
}

#[test]
fn leftovers_of_an_interrupted_build_are_handled() {
    let tmp = archive(&[("2022-01-01-good.md", GOOD)]);
    let out = tmp.path().join("public");
    // A staging folder left by a killed build (it has our marker) is removed.
    let staging = tmp.path().join(".public.pressroom-new");
    fs::create_dir(&staging).unwrap();
    fs::write(staging.join(".pressroom"), "").unwrap();
    fs::write(staging.join("half.html"), "half").unwrap();
    build_ok(tmp.path(), &out);
    assert!(!staging.exists() && out.join("index.html").is_file());
    // Killed between its two renames: the previous site is put back first.
    fs::rename(&out, tmp.path().join(".public.pressroom-old")).unwrap();
    fs::write(tmp.path().join("content/bad.md"), "").unwrap();
    build_err(tmp.path(), None);
    assert!(tmp.path().join(".public.pressroom-old/2022-01-01-good/index.html").is_file(), "a failed build does not delete it");
    fs::remove_file(tmp.path().join("content/bad.md")).unwrap();
    build_ok(tmp.path(), &out);
    assert!(out.join("2022-01-01-good/index.html").is_file() && !tmp.path().join(".public.pressroom-old").exists());
}

// ---------------------------------------------------------------------------
// Same input, same bytes; line endings and encodings do not matter.

#[test]
fn two_builds_of_the_hostile_archive_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("elsewhere/b"));
    build_ok(&hostile_fixture(), &a);
    build_ok(&hostile_fixture(), &b);
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert!(sa.len() > 30);
    for (path, bytes) in &sa {
        assert!(sb.get(path) == Some(bytes), "{} differs between two builds", path.display());
    }
    assert_eq!(sa.len(), sb.len());
}

#[test]
fn crlf_and_utf16_give_the_same_transcript_as_lf_utf8() {
    let lf = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/2022-02-17-defence-ministers.md")).unwrap();
    let crlf = lf.replace('\n', "\r\n");
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(crlf.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    let mut results = Vec::new();
    for bytes in [lf.as_bytes().to_vec(), crlf.into_bytes(), utf16] {
        let tmp = archive(&[("2022-02-17-defence-ministers.md", &bytes)]);
        let out = tmp.path().join("public");
        build_ok(tmp.path(), &out);
        results.push(fs::read(out.join("data/2022-02-17-defence-ministers.json")).unwrap());
    }
    let parsed: serde_json::Value = serde_json::from_slice(&results[0]).unwrap();
    assert_eq!(parsed["exchanges"].as_array().unwrap().len(), 8);
    assert!(results[1] == results[0], "CRLF changes the parse");
    assert!(results[2] == results[0], "UTF-16 changes the parse");
}

// ---------------------------------------------------------------------------
// Size.

#[test]
fn a_10_mb_transcript_builds_in_reasonable_time() {
    let mut text = String::from("+++\ntitle = \"A very long briefing\"\ndate = 2022-05-01\n+++\n\nGood afternoon. Opening words.\n\n");
    let outlets = ["Reuters", "Associated Press", "Le Monde", "BBC", "Fox News", "NHK"];
    let first = ["Anna", "Boris", "Chloé", "David", "Emma", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kenji"];
    let last = ["Berg", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Hansen"];
    let mut n = 0;
    while text.len() < 10 * 1024 * 1024 {
        n += 1;
        let o = outlets[n % outlets.len()];
        let who = format!("{} {}", first[n % first.len()], last[n / first.len() % last.len()]);
        text.push_str(&format!("MODERATOR: Next question, from {o}.\n\n{who} ({o}): Question number {n} about <b>things</b> and [links](https://example.org/{n}), on the record?\n\n"));
        text.push_str(&format!("THE MINISTER: {}\n\n", "An answer that goes on for a while, as they do, with some detail. ".repeat(12)));
    }
    let tmp = archive(&[("2022-05-01-long.md", text.as_bytes())]);
    let out = tmp.path().join("public");
    let start = Instant::now();
    build_ok(tmp.path(), &out);
    let took = start.elapsed();
    eprintln!("10 MB transcript ({n} exchanges) built in {took:?}");
    // About 8 s of CPU in release (the parser takes most of it, linearly);
    // the limit leaves room for a loaded CI machine and for debug builds.
    let limit = Duration::from_secs(if cfg!(debug_assertions) { 900 } else { 180 });
    assert!(took < limit, "took {took:?}");
    let page = fs::read_to_string(out.join("2022-05-01-long/index.html")).unwrap();
    assert!(page.contains(&format!("id=\"q{n}\"")), "every exchange is on the page");
}
