//! Golden tests: the parse of the two NATO seed transcripts, as published.

use pressroom::model::{Role, Transcript};
use std::path::Path;

fn parse_seed(name: &str) -> Transcript {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let source = pressroom::load::read_source(Path::new(name), &text).unwrap();
    pressroom::parse::parse(&source.body, &source.given, &Default::default())
}

/// (asker name, outlet) of every exchange, in order.
fn askers(t: &Transcript) -> Vec<(String, String)> {
    t.exchanges
        .iter()
        .map(|e| {
            let name = e.asker.as_deref().and_then(|a| t.speaker(a)).and_then(|s| s.name.clone()).unwrap_or_default();
            (name, e.outlet.clone().unwrap_or_default())
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn press_turns(t: &Transcript) -> usize {
    t.turns().filter(|t| t.role == Role::Press).count()
}

fn hosts(t: &Transcript) -> Vec<String> {
    let mut h: Vec<String> = t.speakers.iter().filter(|s| s.role.is_host()).filter_map(|s| s.name.clone()).collect();
    h.sort();
    h
}

#[test]
fn nato_russia_council() {
    let t = parse_seed("nato-2022-01-12-nato-russia-council.txt");
    assert_eq!(t.date.unwrap().to_string(), "2022-01-12", "the event date, not the scrape date on line 1");
    assert_eq!(
        askers(&t),
        pairs(&[
            ("Alex Marquardt", "CNN"),
            ("Denis Dubrovin", "TASS News Agency"),
            ("Dmytro Shkurko", "National News Agency of Ukraine"),
            ("David Herszenhorn", "POLITICO"),
            ("Thomas Gutschker", "Frankfurter Allgemeine Zeitung"),
            ("Anastasia Popova", "Rossiya 1"),
            ("Steven Erlanger", "The New York Times"),
            ("Simen Ekern", "NRK"),
            ("Perry Stein", "The Washington Post"),
            ("Nadim Zuaui", "RIA Novosti"),
            ("Greg Palkot", "FOX News"),
            ("Lorne Cook", "The Associated Press"),
        ])
    );
    let ids: Vec<&str> = t.exchanges.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10", "q11", "q12"]);
    assert_eq!(press_turns(&t), 13, "12 questions and Palkot's follow-up");
    assert_eq!(hosts(&t), ["Jens Stoltenberg", "Oana Lungescu"]);
    // The unlabelled opening statement is the Secretary General's.
    let opening_speaker = t.opening[0].speaker.as_deref().and_then(|id| t.speaker(id)).and_then(|s| s.name.clone());
    assert_eq!(opening_speaker.as_deref(), Some("Jens Stoltenberg"));
    assert!(t.opening[0].text.starts_with("Good afternoon."));
    // Each moderator call opens the exchange it introduces.
    assert!(t.exchanges[0].turns[0].text.contains("we’ll go to CNN"));
    assert_eq!(t.exchanges[0].turns[0].role, Role::Moderator);
    assert!(t.exchanges[1].turns[0].text.contains("We will go to TASS"));
    // The follow-up stays in Palkot's exchange.
    let q11 = &t.exchanges[10];
    assert_eq!(q11.turns.iter().filter(|t| t.role == Role::Press).count(), 2);
    assert!(q11.turns.iter().any(|t| t.text.contains("more dangerous or less dangerous")));
    // Closing words are not part of the last answer; the footer is gone.
    assert!(t.closing.iter().any(|t| t.text.contains("This concludes this press conference")));
    let last = t.turns().last().unwrap();
    assert_eq!(last.text, "Thank you so much.");
    assert!(!t.turns().any(|t| t.text.contains("Forward to your friends") || t.text.contains("Source – NATO")));
}

#[test]
fn defence_ministers() {
    let t = parse_seed("nato-2022-02-17-defence-ministers.txt");
    assert_eq!(t.date.unwrap().to_string(), "2022-02-17");
    assert_eq!(
        t.title,
        "Press conference by NATO Secretary General Jens Stoltenberg following the second day of the Meeting of NATO Ministers of Defence"
    );
    assert_eq!(
        askers(&t),
        pairs(&[
            ("Dan Michaels", "The Wall Street Journal"),
            ("Jonathan Beale", "BBC"),
            ("Dmytro Shkurko", "National News Agency of Ukraine"),
            ("Ketevan Kardava", "TV Imedi"),
            ("Phil Stewart", "Reuters"),
            ("Alexandra von Nahmen", "Deutsche Welle"),
            ("Greg Palkot", "FOX News"),
            ("John Paul Rathbone", "Financial Times"),
        ])
    );
    assert_eq!(press_turns(&t), 10, "8 questions and two bracketed follow-ups");
    assert_eq!(hosts(&t), ["Jens Stoltenberg", "Oana Lungescu"]);
    // "[Inaudible follow up question]." stays in Kardava's exchange, and the
    // answer after it is the Secretary General's again.
    let q4 = &t.exchanges[3];
    let note = q4.turns.iter().position(|t| t.text.starts_with("[Inaudible follow up question]")).unwrap();
    assert_eq!(q4.turns[note].role, Role::Press);
    assert_eq!(q4.turns[note + 1].speaker.as_deref(), Some("jens-stoltenberg"));
    assert!(q4.turns[note + 1].text.starts_with("Our position has not changed."));
    // Von Nahmen asks without a moderator call: a new exchange all the same.
    assert_eq!(t.exchanges[5].turns[0].role, Role::Press);
}

#[test]
fn json_contract_field_names() {
    let t = parse_seed("nato-2022-02-17-defence-ministers.txt");
    let v = serde_json::to_value(&t).unwrap();
    for key in ["date", "title", "speakers", "opening", "exchanges", "closing"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let s = &v["speakers"][1];
    for key in ["id", "name", "role", "outlet", "label"] {
        assert!(s.get(key).is_some(), "speaker missing {key}: {s}");
    }
    assert_eq!(v["date"], "2022-02-17");
    let e = &v["exchanges"][0];
    assert_eq!(e["id"], "q1");
    assert_eq!(e["asker"], "dan-michaels");
    assert_eq!(e["outlet"], "The Wall Street Journal");
    let turn = &e["turns"][1];
    assert_eq!(turn["speaker"], "dan-michaels");
    assert_eq!(turn["role"], "press");
    assert!(turn["text"].as_str().unwrap().starts_with("Thank you very much. Dan Michaels"));
}
