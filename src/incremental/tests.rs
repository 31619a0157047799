//! The incremental layer's own tests; `tests/commands.rs` checks, edit by
//! edit, that `serve`'s site equals a full build's.

use super::*;
use crate::parse;
use crate::render::Scope;

/// A transcript: a title, a date and questions (journalist label, question).
fn talk(title: &str, date: &str, questions: &[(&str, &str)]) -> String {
    let mut text = format!("+++\ntitle = \"{title}\"\ndate = {date}\n+++\nMODERATOR: Go ahead.\n\n");
    for (who, q) in questions {
        text.push_str(&format!("{who}: {q}\n\nTHE MINISTER: An answer to that.\n\n"));
    }
    text
}

/// The archive of some files (name, text), resolved as a build does.
fn archive(files: &[(&str, String)]) -> Archive {
    let parsed = files
        .iter()
        .map(|(name, text)| {
            let source = load::read_source(Path::new(&format!("content/{name}")), text).unwrap();
            let t = parse::parse(&source.body, &source.given, &Default::default());
            (source, t)
        })
        .collect();
    pipeline::resolve(parsed, &Config::from_toml("title = \"t\"").unwrap()).unwrap()
}

fn three() -> Vec<(&'static str, String)> {
    vec![
        ("a.md", talk("A", "2022-01-01", &[("Jane Roe (Reuters)", "First question?")])),
        ("b.md", talk("B", "2022-01-02", &[("Jane Roe (Reuters)", "Second question?"), ("John Doe (BBC)", "Third question?")])),
        ("c.md", talk("C", "2022-01-03", &[("John Doe (BBC)", "Fourth question?")])),
    ]
}

/// What pages `shown` renders after `files` changed to `now`.
fn scope_after(shown: &mut Shown, now: &[(&str, String)], changed: &[&str]) -> Scope {
    let archive = archive(now);
    let changed: BTreeSet<String> = changed.iter().map(|s| s.to_string()).collect();
    let scope = shown.scope(&archive, &[], &changed, false, false);
    shown.remember_order(&archive);
    scope
}

fn sorted(set: &std::collections::HashSet<String>) -> Vec<&str> {
    let mut v: Vec<&str> = set.iter().map(String::as_str).collect();
    v.sort();
    v
}

/// A `Shown` that has seen a first build of [`three`].
fn built() -> Shown {
    let mut shown = Shown::default();
    let archive = archive(&three());
    assert!(shown.scope(&archive, &[], &BTreeSet::new(), true, true).all, "a first build renders everything");
    shown.remember_order(&archive);
    shown
}

#[test]
fn nothing_changed_renders_nothing() {
    let scope = scope_after(&mut built(), &three(), &[]);
    assert!(!scope.all && !scope.front && scope.transcripts.is_empty() && scope.people.is_empty(), "{scope:?}");
}

#[test]
fn an_answer_changed_renders_its_transcript_and_no_listing_page() {
    let mut files = three();
    files[1].1 = files[1].1.replacen("An answer to that.", "Another answer.", 1);
    let scope = scope_after(&mut built(), &files, &["b"]);
    assert_eq!(sorted(&scope.transcripts), ["b"]);
    assert!(!scope.front, "neither the title nor the counts changed");
    // Its people's listings are looked at, but no page of them shows the answer.
    assert!(scope.people.contains("jane-roe") && scope.pages.values().all(|pages| pages.is_empty()), "{scope:?}");
}

#[test]
fn a_question_changed_renders_the_listing_pages_that_show_it() {
    let mut files = three();
    files[1].1 = files[1].1.replace("Second question?", "A reworded question?");
    let scope = scope_after(&mut built(), &files, &["b"]);
    assert_eq!(sorted(&scope.transcripts), ["b"]);
    assert_eq!(scope.pages.get(Path::new("people/jane-roe")), Some(&[1].into()), "{scope:?}");
    assert_eq!(scope.pages.get(Path::new("outlets/reuters")), Some(&[1].into()), "{scope:?}");
    assert!(!scope.front);
}

#[test]
fn a_title_changed_renders_the_neighbours_and_the_front_pages() {
    let mut files = three();
    files[1].1 = files[1].1.replace("title = \"B\"", "title = \"A new title\"");
    let scope = scope_after(&mut built(), &files, &["b"]);
    assert_eq!(sorted(&scope.transcripts), ["a", "b", "c"]);
    assert!(scope.front);
}

#[test]
fn a_transcript_added_renders_its_neighbour_the_front_pages_and_new_listings() {
    let mut files = three();
    files.push(("d.md", talk("D", "2022-01-04", &[("Max Moe (NPR)", "Fifth question?")])));
    let scope = scope_after(&mut built(), &files, &["d"]);
    assert_eq!(sorted(&scope.transcripts), ["c", "d"]);
    assert!(scope.front && scope.people_index && scope.outlets_index);
    assert!(scope.people.contains("max-moe") && scope.outlets.contains("npr"));
    assert!(!scope.pages.contains_key(Path::new("people/max-moe")), "a new listing is rendered whole");
}

#[test]
fn a_transcript_removed_renders_its_neighbours_and_its_listings() {
    let files: Vec<_> = three().into_iter().filter(|(name, _)| *name != "c.md").collect();
    let scope = scope_after(&mut built(), &files, &["c"]);
    assert_eq!(sorted(&scope.transcripts), ["b", "c"], "c's own pages are in scope, to be removed");
    assert!(scope.front && scope.people.contains("john-doe"));
}

/// An archive folder with `files` under content/.
fn folder(files: &[(&str, String)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("site.toml"), "title = \"t\"\n").unwrap();
    std::fs::create_dir(tmp.path().join("content")).unwrap();
    for (name, text) in files {
        std::fs::write(tmp.path().join("content").join(name), text).unwrap();
    }
    tmp
}

/// Loads what changed and takes it in, as a build does.
fn load(cache: &mut Cache, root: &Path) -> (Vec<String>, Changes) {
    let loaded = cache.load_changed(root).unwrap();
    let names = loaded.paths.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    let parsed = pipeline::read_and_parse(root, &loaded.paths, &Config::from_toml("title = \"t\"").unwrap()).unwrap();
    let changes = cache.update(loaded, parsed);
    cache.built = true;
    (names, changes)
}

#[test]
fn only_changed_files_are_read_again() {
    let tmp = folder(&three());
    let root = tmp.path();
    let mut cache = Cache::default();
    let (read, changes) = load(&mut cache, root);
    assert_eq!(read, ["a.md", "b.md", "c.md"]);
    assert!(changes.everything);

    let (read, changes) = load(&mut cache, root);
    assert!(read.is_empty() && changes.transcripts.is_empty() && !changes.everything);

    std::fs::write(root.join("content/b.md"), talk("B", "2022-01-02", &[("Jane Roe (Reuters)", "A longer second question?")])).unwrap();
    std::fs::remove_file(root.join("content/c.md")).unwrap();
    let (read, changes) = load(&mut cache, root);
    assert_eq!(read, ["b.md"]);
    assert_eq!(changes.transcripts.iter().collect::<Vec<_>>(), ["b", "c"]);

    // Told which files changed, the cache looks at those only.
    std::fs::write(root.join("content/a.md"), talk("A", "2022-01-01", &[("Jane Roe (Reuters)", "A longer first question?")])).unwrap();
    cache.expect_changes(vec![root.join("content/b.md")]);
    let (read, _) = load(&mut cache, root);
    assert!(read.is_empty(), "{read:?}");
    let (read, _) = load(&mut cache, root);
    assert_eq!(read, ["a.md"], "without a hint, every file is looked at");

    // Site configuration changed: everything again.
    std::fs::write(root.join("site.toml"), "title = \"another title\"\n").unwrap();
    let (read, changes) = load(&mut cache, root);
    assert_eq!(read, ["a.md", "b.md"]);
    assert!(changes.everything);
}
