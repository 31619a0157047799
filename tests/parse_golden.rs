//! Golden tests for the rules of issue 16 on short real excerpts
//! (`tests/fixtures/parse`, sources and licences in its README) and on small
//! made-up transcripts: every row of the question table is a question; typed
//! and scanned labels, page furniture and dates; forums and quotations.

use pressroom::model::{Role, Transcript};
use pressroom::parse::{parse, Given, Hints};
use std::path::Path;

/// Parses a fixture the way `pressroom parse` does; a missing fixture fails.
fn fixture(name: &str) -> Transcript {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/parse").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let source = pressroom::load::read_source(Path::new(name), &text).expect("loadable");
    parse(&source.body, &source.given, &Hints::default())
}

/// Parses a made-up transcript body.
fn text(body: &str) -> Transcript {
    parse(body, &Given::default(), &Hints::default())
}

/// The start of each row of the question table.
fn rows(t: &Transcript) -> Vec<String> {
    t.exchanges.iter().map(|e| e.question_text().collect::<Vec<_>>().join(" ").chars().take(40).collect()).collect()
}

fn all_text(t: &Transcript) -> String {
    let mut s = t.title.clone();
    for turn in t.turns() {
        s.push('\n');
        s.push_str(&turn.text);
    }
    s
}

#[test]
fn greetings_open_no_exchange_and_rows_start_at_the_question() {
    let t = fixture("wh-greetings-and-questions.md");
    let rows = rows(&t);
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(rows[0].starts_with("What is the White House reaction"), "{rows:?}");
    assert!(rows[1].starts_with("Did President Biden invite"), "{rows:?}");
    assert!(rows[2].starts_with("I think one — one other question"), "{rows:?}");
    // "Hello, sir." and "We're just saying hi." stay with the opening.
    assert!(t.opening.iter().filter(|turn| turn.role == Role::Press).count() >= 5);
    // The full turn stays on the page.
    assert!(t.exchanges[0].turns.iter().any(|turn| turn.text.starts_with("Thank you, Admiral.  Good luck.")));
}

#[test]
fn fragments_acknowledgments_and_asking_back_stay_in_the_exchange() {
    let t = text(
        "MS. SMITH:  Go ahead.\n\nQ    Mr. President —\n\nTHE PRESIDENT:  Yeah.\n\nQ    Despite the tests you say the country has done, hospitals report shortages.\n\n\
         THE PRESIDENT:  Well, it's just wrong.\n\nQ    I mean, a week or longer.\n\nTHE PRESIDENT:  It's just wrong.  They'll talk to you about it, and they will tell you it is wrong.\n\n\
         Q    But this is —\n\nTHE PRESIDENT:  We have done more testing than anyone, anywhere in the world, and they all call us.\n\n\
         Q    Is it beyond narcotics?\n\nTHE PRESIDENT:  Say it?\n\nQ    Is it beyond narcotics, the targeting of these vessels?\n\n\
         THE PRESIDENT:  It is, and we are looking at every kind of illicit activity out there.\n\nQ    Thank you.\n\nQ    — since 1967?\n\n\
         THE PRESIDENT:  Since then, yes, and for a long time before that too, as you well know.\n",
    );
    let rows = rows(&t);
    assert_eq!(rows, ["Despite the tests you say the country ha", "Is it beyond narcotics? Is it beyond nar"], "{:#?}", t.exchanges);
}

#[test]
fn one_interviewer_asks_each_question_in_its_own_exchange() {
    let t = text(
        "MR. ATTIAS:  Mr. President, if you were a historical ruler, would you prefer to rule during war or peace?\n\n\
         THE PRESIDENT:  I want to be a peacemaker, and to keep us out of war, and that takes a strong country.\n\n\
         MR. ATTIAS:  If you had to describe America in just three words, what would they be?\n\n\
         THE PRESIDENT:  In three words?\n\nMR. ATTIAS:  Three words.\n\nTHE PRESIDENT:  Love, respect, and strength.\n\n\
         MR. ATTIAS:  What is one cultural habit you would bring back?\n\nTHE PRESIDENT:  Common sense, which we have lost for a long time now.\n",
    );
    assert_eq!(t.exchanges.len(), 3, "{:#?}", t.exchanges);
    assert!(t.notes.iter().any(|n| n.message.contains("interview")), "{:?}", t.notes);
}

#[test]
fn colonless_and_damaged_labels_of_a_scanned_conference() {
    let t = fixture("pm-colonless-labels.md");
    assert!(t.exchanges.len() >= 6, "{} exchanges", t.exchanges.len());
    let sides: Vec<(Role, &str)> = t.speakers.iter().map(|s| (s.role, s.label.as_str())).collect();
    assert_eq!(sides, [(Role::Press, "Q"), (Role::Official, "PM")]);
    for turn in t.turns() {
        assert!(!turn.text.starts_with("P. M.") && !turn.text.starts_with("P. I.") && !turn.text.starts_with("Q."), "{}", turn.text);
    }
    for printed in ["`P. M.`", "`P. I.`", "`P. MI.`"] {
        assert!(t.notes.iter().any(|n| n.message.contains(printed) && n.line > 0 && !n.hint.is_empty()), "{printed}: {:?}", t.notes);
    }
}

#[test]
fn answer_labels_next_to_question_labels() {
    let t = fixture("pm-answer-labels.md");
    assert_eq!(t.exchanges.len(), 8);
    for e in &t.exchanges {
        assert!(e.turns.iter().any(|turn| turn.role == Role::Official), "{:?}", e.turns);
    }
    assert!(t.speakers.iter().any(|s| s.role == Role::Official && s.name.as_deref() == Some("Prime Minister")), "{:?}", t.speakers);
    assert!(t.notes.iter().any(|n| n.message.contains("`A,`")), "{:?}", t.notes);
}

#[test]
fn stamps_never_in_turns_and_dates_from_the_text() {
    let t = fixture("pm-stamp-and-split-date.md");
    assert_eq!(t.date.map(|d| d.to_string()).as_deref(), Some("1989-10-18"));
    let all = all_text(&t);
    assert!(!all.contains("PROOF ONLY") && !all.contains("E 0 E"), "{all}");
    assert_eq!(t.exchanges.len(), 3);
    let t = text("PRIME MINISTER\nTRANSCRIPT OF DOORSTOP, KUALA LUMPUR, 18\nOCTOBER 1989\nE&OE....\nJOURNALIST: Prime Minister, what went wrong?\nPM: I thought we had the numbers.\n/ 3\nPM: cont\nBut I don't know with certainty.\nends\n");
    assert_eq!(t.date.map(|d| d.to_string()).as_deref(), Some("1989-10-18"));
    let all = all_text(&t);
    for furniture in ["E&OE", "/ 3", "cont", "ends"] {
        assert!(!all.contains(furniture), "{furniture}: {all}");
    }
    assert_eq!(t.exchanges[0].turns.len(), 2, "the answer goes on after the page break: {:?}", t.exchanges[0].turns);
}

#[test]
fn stamps_leave_titles_from_front_matter() {
    let given = Given { title: Some("TRANSCRIPT OF DOORSTOP, MANLY OVAL, SYDNEY - 9 JANUARY 1989 E &OE - PROOP ONLY".into()), ..Given::default() };
    let t = parse("JOURNALIST: Why?\n\nPM: Because.\n", &given, &Hints::default());
    assert_eq!(t.title, "TRANSCRIPT OF DOORSTOP, MANLY OVAL, SYDNEY - 9 JANUARY 1989");
}

#[test]
fn answers_printed_without_labels() {
    let t = fixture("pm-unlabelled-answers.md");
    let answer = t.turns().find(|turn| turn.text.starts_with("Well leave that to me.")).expect("the answer is its own turn");
    assert_eq!(answer.role, Role::Official);
    assert!(t.exchanges.len() >= 3);
}

#[test]
fn quotations_and_the_editors_lead_are_nobodys_turn() {
    let t = text(
        "Following the talks, Vladimir Putin and Sauli Niinisto made press statements and answered questions from the media.\n\n\
         Vladimir Putin: Good afternoon. We discussed many things, and I recalled what our partners said.\n\n\
         Germany: “This is a matter of the European Union as a whole.”\n\n\
         That was their view, and we respect it.\n\n\
         Question: Will the gas pipeline be finished this year?\n\n\
         Vladimir Putin: I think it will, if nothing unexpected happens on the way there.\n",
    );
    assert!(t.speakers.iter().all(|s| s.label != "Germany"), "{:?}", t.speakers);
    assert_eq!(t.opening[0].speaker, None, "the lead paragraph is the editor's: {:?}", t.opening[0]);
    assert!(t.turns().any(|turn| turn.text.contains("Germany: “This is a matter")), "the quotation stays in the turn");
    assert_eq!(t.exchanges.len(), 1);
    assert!(t.notes.iter().any(|n| n.message.contains("editor")), "{:?}", t.notes);
}

#[test]
fn panelists_are_not_the_press() {
    let speech = "The world economy is changing fast, and the digital economy is at its heart. ".repeat(12);
    let t = text(&format!(
        "Moderator Jones: Good afternoon, and welcome to the plenary session.\n\n\
         Vladimir Putin: Thank you. {speech}\n\nJack Ma: {speech}\n\nMr Jones: Mr Putin, what do you make of that?\n\n\
         Vladimir Putin: {speech}\n\nJack Ma: {speech}\n\nMr Jones: And what about trade?\n\nVladimir Putin: {speech}\n"
    ));
    let ma = t.speakers.iter().find(|s| s.label == "Jack Ma").expect("a speaker");
    assert_ne!(ma.role, Role::Press, "{:?}", t.speakers);
}
