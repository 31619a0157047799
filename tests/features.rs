//! Browsing features: topics, Atom feeds, shareable exchange pages, outlets
//! over time and counts on index pages.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pressroom"))
}

fn build(root: &Path, out: &Path, base_url: &str) {
    let o = bin().arg("build").arg("--root").arg(root).arg("--output").arg(out).arg("--base-url").arg(base_url).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn example_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(Path::new(env!("CARGO_MANIFEST_DIR")), &out, "https://user.github.io/nato-archive/");
    (tmp, out)
}

fn read(p: PathBuf) -> String {
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn topic_pages_list_exchanges_across_the_archive() {
    let (_tmp, out) = example_site();
    let index = read(out.join("topics/index.html"));
    assert!(index.contains("href=\"/nato-archive/topics/arms-control/\""), "{index}");
    let page = read(out.join("topics/arms-control/index.html"));
    // Denis Dubrovin asked about missiles (q2 of 12 January).
    assert!(page.contains("href=\"/nato-archive/2022-01-12-nato-russia-council/#q2\""), "{page}");
    assert!(page.contains("Jan 2022 – Feb 2022"), "date range shown");
    // Exchanges link to their topics.
    let t = read(out.join("2022-01-12-nato-russia-council/index.html"));
    assert!(t.contains("<a href=\"/nato-archive/topics/arms-control/\">Arms control</a>"));
}

#[test]
fn atom_feeds_are_well_formed_and_linked() {
    let (_tmp, out) = example_site();
    for (feed, page, entries) in [
        ("feed.xml", "index.html", 2),
        ("people/greg-palkot/feed.xml", "people/greg-palkot/index.html", 2),
        ("outlets/reuters/feed.xml", "outlets/reuters/index.html", 1),
        ("topics/georgia/feed.xml", "topics/georgia/index.html", 2),
    ] {
        let xml = read(out.join(feed));
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "feed");
        assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
        let n = root.children().filter(|c| c.has_tag_name("entry")).count();
        assert_eq!(n, entries, "{feed}");
        for entry in root.children().filter(|c| c.has_tag_name("entry")) {
            let link = entry.children().find(|c| c.has_tag_name("link")).unwrap().attribute("href").unwrap();
            assert!(link.starts_with("https://user.github.io/nato-archive/"), "{feed}: absolute links: {link}");
            let updated = entry.children().find(|c| c.has_tag_name("updated")).unwrap().text().unwrap();
            assert!(updated.starts_with("2022-0"), "{updated}");
        }
        let html = read(out.join(page));
        let href = format!("href=\"/nato-archive/{feed}\"");
        assert!(html.contains(&format!("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom feed\" {href}>")), "{page} links its feed in <head>");
        assert!(html.contains(&href), "{page} links its feed");
    }
}

#[test]
fn each_exchange_has_a_shareable_page_with_a_preview() {
    let (_tmp, out) = example_site();
    let page = read(out.join("2022-02-17-defence-ministers/q5/index.html"));
    for expected in [
        "<link rel=\"canonical\" href=\"https://user.github.io/nato-archive/2022-02-17-defence-ministers/#q5\">",
        "<meta property=\"og:title\" content=\"Question 5: Phil Stewart (Reuters) · Press conference by NATO Secretary General",
        "<meta property=\"og:url\" content=\"https://user.github.io/nato-archive/2022-02-17-defence-ministers/q5/\">",
        "<meta property=\"og:description\" content=\"17 February 2022: Hi, there, Phil Stewart from Reuters, Belarus’s President said today",
        "<meta name=\"twitter:card\" content=\"summary\">",
        "<meta property=\"article:published_time\" content=\"2022-02-17\">",
        "href=\"/nato-archive/2022-02-17-defence-ministers/#q5\"",
    ] {
        assert!(page.contains(expected), "missing {expected}");
    }
    assert!(page.contains("NATO is not a threat."), "the answer is on the page");
    let t = read(out.join("2022-02-17-defence-ministers/index.html"));
    assert!(t.contains("href=\"/nato-archive/2022-02-17-defence-ministers/q5/\""), "the transcript links the share page");
}

#[test]
fn journalist_pages_show_outlets_over_time_and_indexes_show_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("site.toml"), "title = \"Moves\"\n").unwrap();
    fs::create_dir(root.join("content")).unwrap();
    for (file, outlet) in [("2019-05-01-a.md", "Reuters"), ("2020-03-01-b.md", "Reuters"), ("2022-06-01-c.md", "The Associated Press")] {
        fs::write(root.join("content").join(file), format!("+++\ntitle = \"{file}\"\n+++\nJane Roe ({outlet}): Why?\n\nTHE MINISTER: Because.\n")).unwrap();
    }
    let out = root.join("public");
    build(root, &out, "/");
    let page = read(out.join("people/jane-roe/index.html"));
    let reuters = page.find("<a href=\"/outlets/reuters/\">Reuters</a> <span class=\"meta\">May 2019 – Mar 2020</span>").expect("Reuters with its range");
    let ap = page.find("<a href=\"/outlets/the-associated-press/\">The Associated Press</a> <span class=\"meta\">Jun 2022</span>").expect("AP with its date");
    assert!(reuters < ap, "outlets in order of time");
    let people = read(out.join("people/index.html"));
    assert!(people.contains("3 questions · Reuters, The Associated Press · May 2019 – Jun 2022"), "{people}");
    let outlets = read(out.join("outlets/index.html"));
    assert!(outlets.contains("2 questions · May 2019 – Mar 2020"), "{outlets}");
}

#[test]
fn topics_suggest_proposes_distinctive_phrases() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::write(root.join("site.toml"), "title = \"Suggest\"\n").unwrap();
    fs::create_dir(root.join("content")).unwrap();
    let subjects = ["the fishing quota", "the fishing quota", "the fishing quota", "the rail strike", "the rail strike", "the rail strike", "interest rates", "housing prices", "school meals"];
    for (i, s) in subjects.iter().enumerate() {
        fs::write(
            root.join("content").join(format!("2022-01-{:02}-t.md", i + 1)),
            format!("+++\ntitle = \"T{i}\"\n+++\nQ: What about {s}?\n\nTHE MINISTER: On {s}, we act. {s} matters.\n"),
        )
        .unwrap();
    }
    let o = bin().args(["topics", "--suggest", "--count", "3", "--root"]).arg(root).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let toml_text = String::from_utf8_lossy(&o.stdout);
    let parsed: toml::Value = toml::from_str(&toml_text).expect("pasteable TOML");
    let topics = parsed["topics"].as_table().unwrap();
    assert!(topics.contains_key("fishing-quota") && topics.contains_key("rail-strike"), "{toml_text}");
    // Pasted into site.toml, the proposals assign those exchanges.
    fs::write(root.join("site.toml"), format!("title = \"Suggest\"\n{toml_text}")).unwrap();
    let o = bin().args(["topics", "--root"]).arg(root).output().unwrap();
    let listing = String::from_utf8_lossy(&o.stdout);
    assert!(listing.lines().any(|l| l.starts_with("Fishing quota") && l.contains(" 3 questions")), "{listing}");
}

#[test]
fn listings_name_each_transcript_once_for_its_run_of_items() {
    let (_tmp, out) = example_site();
    let page = read(out.join("people/jens-stoltenberg/index.html"));
    let items = page.matches("<li class=\"item\">").count();
    let headers = page.matches("<p class=\"meta\"><time datetime=").count();
    assert!(items > 20, "every answer is listed ({items})");
    assert_eq!(headers, 2, "one transcript header per transcript, not per item");
    for t in ["2022-01-12-nato-russia-council", "2022-02-17-defence-ministers"] {
        assert_eq!(page.matches(&format!("<a href=\"/nato-archive/{t}/\">")).count(), 1, "{t} named once");
    }
}
