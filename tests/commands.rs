//! The archivist's commands through the real binary: serve (live rebuild),
//! import, check, new, and the help texts.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pressroom"))
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds")
}

/// A minimal HTTP/1.0 GET on loopback: (status, body).
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for {what}");
}

struct Server(Child);

/// Starts `pressroom serve` on a free loopback port; returns the process and
/// the address it printed.
fn serve(root: &Path, args: &[&std::ffi::OsStr]) -> (Server, String) {
    let mut child = bin().args(["serve", "--port", "0", "--root"]).arg(root).args(args).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.trim_end_matches('/').to_string();
        }
    };
    // Keep reading, so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (server, addr)
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_rebuilds_on_change_and_survives_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("site.toml"), "title = \"Served\"\n").unwrap();
    fs::create_dir(root.join("content")).unwrap();
    let file = root.join("content/2022-01-01-talk.md");
    fs::write(&file, "+++\ntitle = \"First title\"\n+++\nQ: Why?\n\nTHE MINISTER: Because.\n").unwrap();

    let (server, addr) = serve(root, &[]);

    let (code, page) = get(&addr, "/2022-01-01-talk/");
    assert_eq!(code, 200);
    assert!(page.contains("First title"));
    assert!(page.contains("/__pressroom/live.js"), "live reload is injected");
    assert_eq!(get(&addr, "/missing/").0, 404);
    assert_eq!(get(&addr, "/../site.toml").0 / 100, 4);
    let version = |addr: &str| -> serde_json::Value { serde_json::from_str(&get(addr, "/__pressroom/status").1).unwrap() };
    let v1 = version(&addr)["version"].as_u64().unwrap();

    // A change is rebuilt and served.
    fs::write(&file, "+++\ntitle = \"Second title\"\n+++\nQ: Why?\n\nTHE MINISTER: Because.\n").unwrap();
    // The version changes once the new site is in place.
    wait_for("a new version", || version(&addr)["version"].as_u64().unwrap() > v1);
    assert!(get(&addr, "/2022-01-01-talk/").1.contains("Second title"));

    // A broken file: the error is reported, the last good site stays.
    fs::write(&file, "+++\ntitle = \n+++\n").unwrap();
    wait_for("the build error", || version(&addr)["error"].is_string());
    assert!(version(&addr)["error"].as_str().unwrap().contains("2022-01-01-talk.md"));
    assert!(get(&addr, "/2022-01-01-talk/").1.contains("Second title"));

    // Fixed again: the error clears.
    fs::write(&file, "+++\ntitle = \"Third title\"\n+++\nQ: Why?\n").unwrap();
    wait_for("recovery", || version(&addr)["error"].is_null() && get(&addr, "/2022-01-01-talk/").1.contains("Third title"));
    drop(server);
}

/// Every file under `dir`, relative, with its bytes.
fn tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}

#[test]
fn serve_rebuilds_incrementally_to_the_same_site_as_a_full_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("archive");
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(root.join("site.toml"), "title = \"Incremental\"\n[topics.budget]\ntitle = \"Budget\"\nkeywords = [\"budget\"]\n").unwrap();
    let talk = |title: &str, who: &str, q: &str| format!("+++\ntitle = \"{title}\"\n+++\nMODERATOR: Go ahead.\n\n{who}: {q}\n\nTHE MINISTER: We will see.\n");
    for (i, who) in ["Jane Roe (Reuters)", "John Doe (BBC)", "Ann Poe (Reuters)", "Jane Roe (Reuters)"].iter().enumerate() {
        fs::write(root.join(format!("content/2022-01-0{}-t{i}.md", i + 1)), talk(&format!("Talk {i}"), who, "What about the budget?")).unwrap();
    }
    // Earlier briefings make long listings: Secretary Lee has 275 items
    // (three pages), Reuters 250, Jane Roe 125 (two pages).
    let briefing = |day: usize, date: &str, questions: &[(&str, String)]| {
        let mut text = format!("+++\ntitle = \"Briefing {day}\"\ndate = {date}\n+++\nSECRETARY LEE: Welcome.\n\nMODERATOR: Go ahead.\n\n");
        for (who, q) in questions {
            text.push_str(&format!("{who}: {q}\n\nSECRETARY LEE: An answer.\n\n"));
        }
        text
    };
    let usual = |day: usize| -> Vec<(&str, String)> { (0..10).map(|k| (if k % 2 == 0 { "Jane Roe (Reuters)" } else { "Ann Poe (Reuters)" }, format!("Question {k} of day {day}?"))).collect() };
    let briefing_file = |day: usize| root.join(format!("content/2021-01-{day:02}-b{day}.md"));
    for day in 1..=25 {
        fs::write(briefing_file(day), briefing(day, &format!("2021-01-{day:02}"), &usual(day))).unwrap();
    }
    let served = tmp.path().join("served");
    let (server, addr) = serve(&root, &["--output".as_ref(), served.as_os_str()]);
    let status = |addr: &str| -> serde_json::Value { serde_json::from_str(&get(addr, "/__pressroom/status").1).unwrap() };

    let edits: Vec<Box<dyn Fn()>> = vec![
        // A question changes words (topic and search change too).
        Box::new(|| fs::write(root.join("content/2022-01-02-t1.md"), talk("Talk 1", "John Doe (BBC)", "And the weather?")).unwrap()),
        // A title changes: the neighbours' prev/next links and people pages follow.
        Box::new(|| fs::write(root.join("content/2022-01-03-t2.md"), talk("A new title", "Ann Poe (Reuters)", "What about the budget?")).unwrap()),
        // A journalist moves to another outlet.
        Box::new(|| fs::write(root.join("content/2022-01-04-t3.md"), talk("Talk 3", "Jane Roe (The Associated Press)", "The budget, again?")).unwrap()),
        // A transcript is added, another removed.
        Box::new(|| fs::write(root.join("content/2022-01-09-t9.md"), talk("Talk 9", "Max Moe (NPR)", "Budget?")).unwrap()),
        Box::new(|| fs::remove_file(root.join("content/2022-01-02-t1.md")).unwrap()),
        // A question's words in the middle of long listings (page 2 of 3).
        Box::new(|| {
            let mut qs = usual(13);
            qs[4].1 = "A new question on day 13?".into();
            fs::write(briefing_file(13), briefing(13, "2021-01-13", &qs)).unwrap()
        }),
        // An answer's words only: no listing shows them.
        Box::new(|| fs::write(briefing_file(5), briefing(5, "2021-01-05", &usual(5)).replace("An answer.", "Another answer.")).unwrap()),
        // A question added: counts and every later item move.
        Box::new(|| {
            let mut qs = usual(10);
            qs.push(("Jane Roe (Reuters)", "One more?".into()));
            fs::write(briefing_file(10), briefing(10, "2021-01-10", &qs)).unwrap()
        }),
        // A journalist renamed in one briefing.
        Box::new(|| fs::write(briefing_file(20), briefing(20, "2021-01-20", &usual(20)).replace("Jane Roe", "Jane R. Roe")).unwrap()),
        // A briefing moved to another date.
        Box::new(|| fs::write(briefing_file(7), briefing(7, "2021-03-01", &usual(7))).unwrap()),
        // An outlet's most used spelling changes (NPR → Npr).
        Box::new(|| {
            let qs = vec![("Max Moe (Npr)", "First?".to_string()), ("Ann Poe (Reuters)", "Second?".to_string()), ("Max Moe (Npr)", "Third?".to_string())];
            fs::write(briefing_file(3), briefing(3, "2021-01-03", &qs)).unwrap()
        }),
        // A new outlet and a new journalist.
        Box::new(|| {
            let mut qs = usual(22);
            qs[1].0 = "Lia Koe (Der Spiegel)";
            fs::write(briefing_file(22), briefing(22, "2021-01-22", &qs)).unwrap()
        }),
    ];
    for (n, edit) in edits.iter().enumerate() {
        let before = status(&addr)["version"].as_u64().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        edit();
        wait_for("the rebuild", || {
            let s = status(&addr);
            s["version"].as_u64().unwrap() > before && s["indexed"] == s["version"]
        });
        let full = tmp.path().join(format!("full-{n}"));
        let o = bin().arg("build").arg("--root").arg(&root).arg("--output").arg(&full).output().unwrap();
        assert!(o.status.success());
        let (a, b) = (tree(&served), tree(&full));
        let only_served: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
        let only_full: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
        let differ: Vec<_> = a.keys().filter(|k| b.get(*k).is_some_and(|v| v != &a[*k])).collect();
        assert!(only_served.is_empty() && only_full.is_empty() && differ.is_empty(), "after edit {n}: only served {only_served:?}, only full {only_full:?}, differ {differ:?}");
    }
    drop(server);
}

#[test]
fn import_turns_a_raw_transcript_into_content_that_parses_the_same() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let o = bin().arg("import").arg(seeds().join("nato-2022-01-12-nato-russia-council.txt")).arg("--content-dir").arg(&content).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(report.contains("date:      2022-01-12 (from the text"), "{report}");
    assert!(report.contains("exchanges: 12 (12 with a named journalist)"), "{report}");
    assert!(report.contains("Jens Stoltenberg") && report.contains("Oana Lungescu"), "{report}");
    let files: Vec<_> = fs::read_dir(&content).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("2022-01-12-"), "{name}");
    let md = fs::read_to_string(&files[0]).unwrap();
    assert!(md.starts_with("+++\ntitle = "), "{md}");
    assert!(md.contains("date = 2022-01-12"));
    assert!(!md.contains("Mon. Jul 15th, 2024") && !md.contains("Forward to your friends"), "header and footer dropped");

    // The imported file means the same as the original.
    let parse = |p: &Path| -> serde_json::Value {
        let o = bin().arg("parse").arg(p).arg("--json").output().unwrap();
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let (a, b) = (parse(&seeds().join("nato-2022-01-12-nato-russia-council.txt")), parse(&files[0]));
    let askers = |v: &serde_json::Value| -> Vec<(String, String)> {
        v["exchanges"].as_array().unwrap().iter().map(|e| (e["asker"].to_string(), e["outlet"].to_string())).collect()
    };
    assert_eq!(askers(&a), askers(&b));
    assert_eq!(a["date"], b["date"]);

    // A second import does not overwrite without --force.
    let o = bin().arg("import").arg(seeds().join("nato-2022-01-12-nato-russia-council.txt")).arg("--content-dir").arg(&content).output().unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
}

#[test]
fn import_reads_saved_html() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("briefing.html");
    fs::write(
        &page,
        r#"<html><head><title>Briefing | Example</title><link rel="canonical" href="https://example.org/briefing"></head>
<body><nav><a href="/">Home</a></nav><main><h1>Press Briefing by the Press Secretary</h1><p>March 3, 2023</p>
<p>MS. SMITH: Good afternoon, everyone.</p><p>Q Thank you. Jane Roe with Reuters. What about the budget?</p>
<p>MS. SMITH: We will see.</p></main><footer>Share this</footer></body></html>"#,
    )
    .unwrap();
    let content = tmp.path().join("content");
    let o = bin().arg("import").arg(&page).arg("--content-dir").arg(&content).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = content.join("2023-03-03-press-briefing-by-the-press-secretary.md");
    let md = fs::read_to_string(&file).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stdout)));
    assert!(md.contains("source = \"https://example.org/briefing\""), "{md}");
    assert!(md.contains("MS. SMITH: Good afternoon, everyone."), "{md}");
    assert!(!md.contains("Share this") && !md.contains("Home"), "{md}");
}

#[test]
fn check_reports_with_file_and_line_and_fails_on_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("site.toml"), "title = \"Check\"\n").unwrap();
    fs::create_dir(root.join("content")).unwrap();
    fs::write(root.join("content/undated.txt"), "PRIME MINISTER: Welcome.\n\nJOURNALIST: Why?\n\nPRIME MINISTER: Because.\n").unwrap();
    fs::write(root.join("content/2022-01-01-a.md"), "+++\ntitle = \"A\"\n+++\nJane Roe (Fox News): Why?\n\nTHE MINISTER: Because.\n").unwrap();
    fs::write(root.join("content/2022-01-02-b.md"), "+++\ntitle = \"B\"\n+++\nJane Roe (FOX News Channel): Why?\n\nTHE MINISTER: Because.\n").unwrap();

    let o = bin().arg("check").arg("--root").arg(root).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "warnings only: {out}");
    assert!(out.contains("content/undated.txt:0: warning: no event date found"), "{out}");
    assert!(out.contains("content/undated.txt:1: warning: role label `PRIME MINISTER`"), "{out}");
    assert!(out.contains("outlets `FOX News Channel` and `Fox News` may be the same"), "{out}");

    let o = bin().args(["check", "--format", "json", "--deny-warnings", "--root"]).arg(root).output().unwrap();
    assert!(!o.status.success(), "--deny-warnings fails on warnings");
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["errors"], 0);
    assert!(report["warnings"].as_u64().unwrap() >= 3);
    assert!(report["diagnostics"].as_array().unwrap().iter().all(|d| d["file"].is_string() && d["line"].is_u64() && d["hint"].is_string()));

    fs::write(root.join("content/2022-01-03-c.md"), "+++\ntitle = \"C\"\ndate = 2022-02-30\n+++\nQ: x\n").unwrap();
    let o = bin().arg("check").arg("--root").arg(root).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success(), "errors fail the check: {out}");
    assert!(out.contains("content/2022-01-03-c.md") && out.contains("error"), "{out}");
}

#[test]
fn new_scaffolds_an_archive_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-archive");
    let o = bin().arg("new").arg(&dir).args(["--title", "My archive"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["site.toml", ".github/workflows/pages.yml", ".gitignore"] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let o = bin().arg("build").arg("--root").arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.join("public/index.html").is_file());
    let o = bin().arg("new").arg(&dir).output().unwrap();
    assert!(!o.status.success(), "refuses a non-empty folder");
}

#[test]
fn help_texts_have_examples_and_quiet_is_quiet() {
    let o = bin().arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&o.stdout);
    for cmd in ["build", "serve", "import", "parse", "check", "new"] {
        assert!(help.contains(cmd), "{cmd} in help");
    }
    assert!(help.contains("Examples:"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let o = bin().arg("--quiet").arg("build").arg("--root").arg(root).arg("--output").arg(tmp.path().join("out")).output().unwrap();
    assert!(o.status.success());
    assert!(o.stdout.is_empty() && o.stderr.is_empty(), "quiet build prints nothing");
    let o = bin().arg("--verbose").arg("build").arg("--root").arg(root).arg("--output").arg(tmp.path().join("out")).output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("parse:") && out.contains("render:") && out.contains(" ms"), "{out}");
}
