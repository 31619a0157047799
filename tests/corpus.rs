//! Golden regression tests on real published transcripts
//! (`../shared/corpus/raw`, annotated in `../shared/corpus/gold`).
//!
//! Each case states facts checked by hand against the gold annotation: the
//! event date, the number of exchanges (as re-counted to the rule that an
//! exchange is a question: turns that ask nothing do not open one) and press
//! turns (within the same
//! tolerance as `score-parse`: 10 %, at least one), who is on the podium, and
//! some of the journalists and outlets that must be identified. The raw
//! files are copied into `tests/fixtures/corpus` (the NATO one is a seed in
//! `tests/fixtures/seeds`), so the cases always have their data: a missing
//! file fails its test.

use pressroom::model::{Role, Transcript};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Where a raw corpus file is kept for these tests.
fn raw_path(name: &str) -> PathBuf {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = if name.starts_with("nato-") { "seeds" } else { "corpus" };
    fixtures.join(dir).join(name)
}

/// Reads one raw corpus file; a missing file fails the test.
fn read_raw(name: &str) -> String {
    let path = raw_path(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8(bytes).expect("corpus files are UTF-8")
}

/// Parses one raw corpus file the way `pressroom parse` does.
fn parse_raw(name: &str) -> Transcript {
    let text = read_raw(name);
    let source = pressroom::load::read_source(Path::new(name), &text).expect("loadable");
    pressroom::parse::parse(&source.body, &source.given, &Default::default())
}

/// What a case expects.
struct Expect {
    file: &'static str,
    date: Option<&'static str>,
    exchanges: usize,
    press_turns: usize,
    /// Podium speakers (compared by surname, as the scorer does).
    hosts: &'static [&'static str],
    /// Journalists that must be named as askers.
    askers: &'static [&'static str],
    /// Outlets that must be attached to exchanges.
    outlets: &'static [&'static str],
}

/// The last word of a name, lowercased ("Chair Yellen" → "yellen").
fn surname(name: &str) -> String {
    name.split_whitespace().last().unwrap_or("").to_lowercase()
}

/// Within `score-parse`'s tolerance: 10 % of the gold count, at least one.
fn close(actual: usize, gold: usize) -> bool {
    let tolerance = ((gold as f64 * 0.1).round() as usize).max(1);
    actual.abs_diff(gold) <= tolerance
}

fn press_turns(t: &Transcript) -> usize {
    t.turns().filter(|t| t.role == Role::Press).count()
}

fn host_names(t: &Transcript) -> Vec<String> {
    t.speakers
        .iter()
        .filter(|s| s.role.is_host() && t.turns().any(|turn| turn.speaker.as_deref() == Some(s.id.as_str())))
        .filter_map(|s| s.name.clone())
        .collect()
}

fn asker_names(t: &Transcript) -> Vec<String> {
    t.exchanges.iter().filter_map(|e| e.asker.as_deref()).filter_map(|a| t.speaker(a)).filter_map(|s| s.name.clone()).collect()
}

fn outlets(t: &Transcript) -> Vec<String> {
    t.exchanges.iter().filter_map(|e| e.outlet.clone()).collect()
}

fn check(e: &Expect) {
    let t = parse_raw(e.file);
    let f = e.file;
    assert_eq!(t.date.map(|d| d.to_string()).as_deref(), e.date, "{f}: date");
    assert!(close(t.exchanges.len(), e.exchanges), "{f}: {} exchanges, gold {}", t.exchanges.len(), e.exchanges);
    assert!(close(press_turns(&t), e.press_turns), "{f}: {} press turns, gold {}", press_turns(&t), e.press_turns);
    let hosts = host_names(&t);
    for h in e.hosts {
        assert!(hosts.iter().any(|x| surname(x) == surname(h)), "{f}: host {h} missing from {hosts:?}");
    }
    assert_eq!(hosts.len(), e.hosts.len(), "{f}: hosts {hosts:?}");
    let askers = asker_names(&t);
    for a in e.askers {
        assert!(askers.iter().any(|x| x == a), "{f}: asker {a} missing from {askers:?}");
    }
    let outlets = outlets(&t);
    for o in e.outlets {
        assert!(outlets.iter().any(|x| x.trim_start_matches("the ") == *o), "{f}: outlet {o} missing from {outlets:?}");
    }
}

#[test]
fn nato_labels_with_names_and_outlets() {
    check(&Expect {
        file: "nato-2022-01-12-nato-russia-council.txt",
        date: Some("2022-01-12"),
        exchanges: 12,
        press_turns: 13,
        hosts: &["Jens Stoltenberg", "Oana Lungescu"],
        askers: &["Alex Marquardt", "Denis Dubrovin"],
        outlets: &["CNN", "TASS News Agency"],
    });
}

#[test]
fn fed_caps_names_with_full_stops_and_self_introductions() {
    check(&Expect {
        file: "fed-2015-03-18-fomc-press-conference-yellen.txt",
        date: Some("2015-03-18"),
        exchanges: 16,
        press_turns: 21,
        hosts: &["Chair Yellen"],
        askers: &["Howard Schneider", "Martin Crutsinger", "Pedro da Costa", "Peter Cook"],
        outlets: &["Reuters", "Associated Press", "Dow Jones Newswires", "Bloomberg Television"],
    });
}

#[test]
fn fed_call_with_a_moderator() {
    check(&Expect {
        file: "fed-2020-03-15-fomc-press-conference-powell.txt",
        date: Some("2020-03-15"),
        exchanges: 14,
        press_turns: 19,
        hosts: &["Chair Powell", "Michelle Smith"],
        askers: &["Nick Timiraos", "Howard Schneider"],
        outlets: &["Wall Street Journal", "Bloomberg TV", "Politico"],
    });
}

#[test]
fn fed_speaker_tags_on_one_line() {
    check(&Expect {
        file: "fed-2024-09-18-fomc-press-conference-powell-name-tagged.txt",
        date: Some("2024-09-18"),
        exchanges: 19,
        press_turns: 35,
        hosts: &["Chair Powell", "Michelle Smith"],
        askers: &["Steve Liesman", "Jennifer Schonberger"],
        outlets: &["CNBC", "Economist", "Yahoo Finance"],
    });
}

#[test]
fn white_house_briefing_calls_by_first_name() {
    check(&Expect {
        file: "whitehouse-2009-01-22-press-briefing-12209.txt",
        date: Some("2009-01-22"),
        exchanges: 61,
        press_turns: 91,
        hosts: &["Robert Gibbs"],
        askers: &["Jennifer", "Chip", "Helen", "April"],
        outlets: &[],
    });
}

#[test]
fn white_house_hard_wrapped_markdown_with_yaml() {
    check(&Expect {
        file: "whitehouse-2021-01-20-press-briefing-by-press-secretary-jen-psaki-january-20-2021.txt",
        date: Some("2021-01-20"),
        exchanges: 28,
        press_turns: 36,
        hosts: &["Jen Psaki"],
        askers: &["Zeke", "Francesca", "Owen Jensen"],
        outlets: &["EWTN, Global Catholic Network"],
    });
}

#[test]
fn white_house_president_calls_reporters_and_outlets() {
    check(&Expect {
        file: "whitehouse-2021-03-25-remarks-by-president-biden-in-press-conference.txt",
        date: Some("2021-03-25"),
        exchanges: 33,
        press_turns: 45,
        hosts: &["Joe Biden"],
        askers: &["Zeke", "Cecilia Vega", "Justin Sink", "Janet"],
        outlets: &["Associated Press", "CBS", "Bloomberg", "Univision"],
    });
}

#[test]
fn white_house_guest_and_wrapped_yaml_title() {
    check(&Expect {
        file: "whitehouse-2023-12-04-press-briefing-by-press-secretary-karine-jean-pierre-and-nat.txt",
        date: Some("2023-12-04"),
        exchanges: 47,
        press_turns: 76,
        hosts: &["Karine Jean-Pierre", "Jake Sullivan"],
        askers: &["Darlene", "Steven", "Phil"],
        outlets: &[],
    });
}

#[test]
fn white_house_joint_press_conference_self_introductions() {
    check(&Expect {
        file: "whitehouse-2025-02-13-remarks-by-president-trump-and-prime-minister-narendra-modi.txt",
        date: Some("2025-02-13"),
        exchanges: 12,
        press_turns: 28,
        hosts: &["President Trump", "Narendra Modi"],
        askers: &["Geeta Mohan", "Yoshita Singh", "Saurabh Shukla", "Reena Bhardwaj"],
        outlets: &["Press Trust of India", "NewsMobile", "ANI"],
    });
}

#[test]
fn australian_ocr_labels_alone_and_run_into_lines() {
    check(&Expect {
        file: "aupm-1978-08-21-fraser.txt",
        date: Some("1978-08-21"),
        exchanges: 32,
        press_turns: 32,
        hosts: &["Mr. Fraser"],
        askers: &[],
        outlets: &[],
    });
}

#[test]
fn australian_pm_label_named_by_how_reporters_address_him() {
    check(&Expect {
        file: "aupm-1989-05-31-hawke-news-conference.txt",
        date: Some("1989-05-31"),
        exchanges: 12,
        press_turns: 14,
        hosts: &["Mr Hawke"],
        askers: &[],
        outlets: &[],
    });
}

#[test]
fn australian_role_labels_resolved_from_the_title() {
    check(&Expect {
        file: "aupm-2016-11-17-turnbull-veterans.txt",
        date: Some("2016-11-17"),
        exchanges: 11,
        press_turns: 11,
        hosts: &["Mr Turnbull", "Dan Tehan"],
        askers: &[],
        outlets: &[],
    });
}

#[test]
fn statement_without_questions_or_labels() {
    check(&Expect {
        file: "ecb-1998-06-09-press-conference-introductory-statement-no-qa.txt",
        date: Some("1998-06-09"),
        exchanges: 0,
        press_turns: 0,
        hosts: &["Willem F. Duisenberg"],
        askers: &[],
        outlets: &[],
    });
    check(&Expect {
        file: "kremlin-2000-12-15-news-conference-havana-reported-speech.txt",
        date: Some("2000-12-15"),
        exchanges: 0,
        press_turns: 0,
        hosts: &["President Putin"],
        askers: &[],
        outlets: &[],
    });
}

#[test]
fn kremlin_labels_that_change_and_outlet_only_questions() {
    check(&Expect {
        file: "kremlin-2016-03-22-press-statements-and-answers-russian-finnish-talks.txt",
        date: Some("2016-03-22"),
        exchanges: 2,
        press_turns: 2,
        hosts: &["Vladimir Putin", "Sauli Niinisto"],
        askers: &[],
        outlets: &[],
    });
    check(&Expect {
        file: "kremlin-2019-12-10-normandy-format-joint-news-conference.txt",
        date: Some("2019-12-10"),
        exchanges: 4,
        press_turns: 4,
        hosts: &["Vladimir Putin"],
        askers: &[],
        outlets: &["Deutsche Presse-Agentur", "RIA Novosti"],
    });
}

#[test]
fn event_date_is_read_from_the_text_without_a_file_name_date() {
    // The same White House page, under a name without a date: the body's
    // "April 6, 2020" wins over the posting stamp "Issued on: April 7, 2020".
    let text = read_raw("whitehouse-2020-04-06-covid-task-force-briefing.txt");
    let source = pressroom::load::read_source(Path::new("briefing.txt"), &text).expect("loadable");
    let t = pressroom::parse::parse(&source.body, &source.given, &Default::default());
    assert_eq!(t.date.map(|d| d.to_string()).as_deref(), Some("2020-04-06"));
    assert!(t.notes.iter().any(|n| n.message.contains("guessed from the text") && n.line == 11), "{:?}", t.notes);
}

#[test]
fn ambiguities_are_explained_with_lines() {
    let t = parse_raw("aupm-1978-08-21-fraser.txt");
    let note = t.notes.iter().find(|n| n.message.contains("Mr. Fraser")).expect("a note on the guessed name");
    assert!(note.line > 0 && !note.hint.is_empty());
}

/// Fragments that look like the pieces of a transcript, to build hostile
/// documents from.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Q".to_string()),
        Just("Q:".to_string()),
        Just("QUESTION".to_string()),
        Just("PM:".to_string()),
        Just("PM ( cont):".to_string()),
        Just("THE PRESIDENT:".to_string()),
        Just("HOWARD SCHNEIDER.".to_string()),
        Just("<NAME>CHAIR POWELL</NAME>.".to_string()),
        Just("---".to_string()),
        Just("title: \"x\\_y\\".to_string()),
        Just("Page 3 of 22".to_string()),
        Just("Go ahead, Peter.".to_string()),
        Just("Howard Schneider with Reuters.".to_string()),
        Just("Issued on: April 7, 2020".to_string()),
        Just("1/22/09".to_string()),
        Just("(Laughter.)".to_string()),
        Just("[Inaudible follow up question]".to_string()),
        Just("Mr. President,".to_string()),
        Just("\u{a0}\u{a0}".to_string()),
        Just(":".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        "[A-Za-z .,:?\u{a0}\u{2019}-]{0,30}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// No text, however odd, makes the parser panic.
    #[test]
    fn never_panics_on_any_text(body in any::<String>()) {
        let _ = pressroom::parse::parse(&body, &Default::default(), &Default::default());
    }

    /// Nor do documents assembled from label-like fragments; and every
    /// exchange holds a press turn.
    #[test]
    fn never_panics_on_label_soup(parts in proptest::collection::vec(fragment(), 0..60), seps in proptest::collection::vec(prop_oneof![Just(" "), Just("\n"), Just("\n\n"), Just("  ")], 60)) {
        let mut body = String::new();
        for (p, s) in parts.iter().zip(seps.iter()) {
            body.push_str(p);
            body.push_str(s);
        }
        let t = pressroom::parse::parse(&body, &Default::default(), &Default::default());
        for e in &t.exchanges {
            prop_assert!(e.turns.iter().any(|turn| turn.role == Role::Press));
        }
    }
}

/// Every White House briefing of the shared collection (1,300 files)
/// parses without a panic, and nearly all of them into dated transcripts
/// with exchanges.
#[test]
fn every_white_house_briefing_parses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/wh-briefings");
    if !dir.exists() {
        eprintln!("skipping: {} not found", dir.display());
        return;
    }
    let sources: Vec<_> = walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "README.md")
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).expect("UTF-8 briefing");
            pressroom::load::read_source(e.path().strip_prefix(&dir).unwrap(), &text).expect("loadable")
        })
        .collect();
    assert!(sources.len() > 1000, "{} briefings", sources.len());
    let parsed = pressroom::pipeline::parse_all(&sources, &Default::default());
    let dated = parsed.iter().filter(|t| t.date.is_some()).count();
    let briefings: Vec<&Transcript> = sources.iter().zip(&parsed).filter(|(s, _)| s.path.starts_with("press-briefings")).map(|(_, t)| t).collect();
    let with_questions = briefings.iter().filter(|t| !t.exchanges.is_empty()).count();
    assert_eq!(dated, parsed.len(), "every briefing has a date");
    assert!(with_questions * 100 >= briefings.len() * 95, "{with_questions} of {} press briefings have exchanges", briefings.len());
}
