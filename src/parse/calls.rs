//! Reading the host's call on a journalist from the end of a turn: "Peter,
//! go ahead.", "Okay, CNBC.", "Justin. Justin Sink, Bloomberg.", "We're going
//! to the Wall Street Journal.", "I will start with Mike Viqueira.".

use super::askers::{is_outlet_only, is_person, key, name_and_outlet, outlet_of, sentences, Intro, FILLERS};
use super::label::display_case;
use crate::model::Turn;

/// Phrases that introduce the journalist being called on.
pub(super) const CALL_OPENERS: &[&str] = &[
    "we're going to go to", "we’re going to go to", "we're going to", "we’re going to", "we'll go to",
    "we’ll go to", "we will go to", "let's go to", "let’s go to", "let me go to", "i'll go to", "i’ll go to",
    "going to", "go to", "how about", "i'm going to start with", "i’m going to start with",
    "i'm going to begin by recognizing", "i’m going to begin by recognizing", "i'll start with", "i’ll start with",
    "let's start with", "let’s start with", "we'll start with", "we’ll start with", "next question from",
    "the next question comes from", "next question comes from", "the next question is from",
    "next is", "next we have", "we'll take", "we’ll take", "let's take", "let’s take", "i'll take", "i’ll take",
    "let me take", "i'd love to take your question", "i’d love to take your question", "to", "with",
];

/// Reads the host's call on a journalist from the end of a turn: "Peter, go
/// ahead.", "Okay, CNBC.", "Justin. Justin Sink, Bloomberg.", "We're going to
/// the Wall Street Journal.", "I will start with Mike Viqueira.".
pub fn call(turn_text: &str) -> Option<Intro> {
    let last_paragraph = without_notes(turn_text.trim().rsplit("\n\n").next()?).replace('\n', " ");
    let sents = sentences(&last_paragraph);
    let whole_turn = sents.len() <= 2 && !turn_text.trim().contains("\n\n");
    let mut found: Option<Intro> = None;
    for sentence in sents.iter().rev().take(3) {
        let Some(intro) = call_sentence(sentence) else {
            // Short asides after the call ("Where's Jackie? There you are.").
            if found.is_some() || sentence.split_whitespace().count() > 8 {
                break;
            }
            continue;
        };
        match &mut found {
            None => found = Some(intro),
            Some(f) => {
                // "Ayesha Rascoe. Reuters." and "Justin. Justin Sink, Bloomberg."
                if f.name.is_none() && intro.name.is_some() && intro.outlet.is_none() {
                    f.name = intro.name;
                }
                break;
            }
        }
        if found.as_ref().is_some_and(|f| f.name.is_some()) {
            break;
        }
    }
    // A turn that is a single word ("Fine.", "Volume.") is more often an
    // answer than a call; keep it only when it reads like a first name.
    found.filter(|f| !f.is_empty()).filter(|f| !(whole_turn && f.outlet.is_none() && f.name.as_deref().is_some_and(|n| !n.contains(' ') && !looks_like_first_name(n))))
}

/// Text without bracketed stage notes ("[Extended silence] Okay, CNBC.").
pub(super) fn without_notes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// A single capitalised word that may be a first name: no contraction, no
/// adjective or verb ending.
pub(super) fn looks_like_first_name(w: &str) -> bool {
    let lw = w.to_lowercase();
    let endings = ["ing", "ed", "ly", "ful", "ous", "ive", "ble", "ment", "ness", "tion"];
    w.chars().all(char::is_alphabetic) && !endings.iter().any(|e| lw.ends_with(e)) && lw.len() >= 3
}

/// Phrases after which a call names the journalist ("I will start with
/// Mike Viqueira", "I call on Ms. Schaeuble from Der Tagesspiegel").
pub(super) const CALL_MARKERS: &[&str] = &[
    "start with ", "begin with ", "begin by recognizing ", "recognizing ", "recognize ", "call on ",
    "go to ", "going to ", "turn to ", "take your question, ", "question from ", "questions from ",
    "first question to ", "next question to ", "last question to ", "give it to ",
];

/// One sentence of a call: fillers and openers stripped, what is left must
/// be a name, an outlet or both.
pub(super) fn call_sentence(sentence: &str) -> Option<Intro> {
    let lower = sentence.to_lowercase();
    if lower.starts_with("thank") {
        return None;
    }
    let body = sentence.trim().trim_end_matches(['.', '?', '!']).trim();
    // After an explicit marker: the capitalised words that follow.
    if let Some(after) = CALL_MARKERS.iter().filter_map(|m| lower.rfind(m).map(|p| p + m.len())).max() {
        let rest = &body[after.min(body.len())..];
        if let Some(intro) = leading_name(rest) {
            return Some(intro);
        }
    }
    let mut chunks: Vec<String> = Vec::new();
    for raw in body.split([',', '—', '–', ';']) {
        let mut c = raw.trim().to_string();
        loop {
            let lc = c.to_lowercase();
            let Some(op) = CALL_OPENERS.iter().chain(FILLERS.iter()).filter(|o| lc.starts_with(*o) && lc[o.len()..].starts_with(' ')).max_by_key(|o| o.len()) else { break };
            c = c[op.len()..].trim().to_string();
        }
        for tail in [" go ahead", " please", " you're up", " you’re up", " for the last question", " did you have a question", " last question", " right there", " in the back"] {
            if c.to_lowercase().ends_with(tail) {
                c.truncate(c.len() - tail.len());
            }
        }
        let k = key(&c);
        if k.is_empty() || FILLERS.contains(&k.as_str()) {
            continue;
        }
        chunks.push(c);
    }
    // "Hungarian?" alone is a query about a word, not a call; "Jeff,
    // please?" and "How about Yamiche?" are calls.
    let bare_query = sentence.trim_end().ends_with('?') && sentence.split_whitespace().count() == 1;
    match chunks.as_slice() {
        [_] if bare_query => None,
        [one] => name_and_outlet(one, false),
        [name, outlet] if is_person(name) && is_outlet_only(outlet) => {
            Some(Intro { name: Some(display_case(name)), outlet: outlet_of(outlet) })
        }
        // "Oh, Seung Min — Ms. Kim."
        [name, other] if is_person(name) && is_person(other) => Some(Intro { name: Some(display_case(other)), outlet: None }),
        // "Lynn, since you've been hollering, make it a good one."
        [name, rest @ ..] if is_person(name) && sentence.split_whitespace().count() <= 16 && addresses_listener(rest) => {
            Some(Intro { name: Some(display_case(name)), outlet: None })
        }
        _ => None,
    }
}

/// True when the words after a vocative speak to the listener ("did you
/// have a question", "go ahead", "I'm sorry, yes").
pub(super) fn addresses_listener(rest: &[String]) -> bool {
    let text = rest.join(" ").to_lowercase();
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .any(|w| ["you", "your", "you're", "you’re", "you've", "you’ve", "question", "ahead", "please", "yes", "sorry"].contains(&w))
}

/// The name (and "of/from Outlet") at the start of `text`: "Mike Viqueira",
/// "Mr. Kynast and his German question" → "Mr. Kynast".
pub(super) fn leading_name(text: &str) -> Option<Intro> {
    let text = text.trim().strip_prefix("the ").unwrap_or(text.trim());
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut n = 0;
    while n < words.len() && n < 4 {
        let w = words[n].trim_end_matches([',', '.']);
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        if !capital {
            break;
        }
        n += 1;
        if words[n - 1].ends_with(',') {
            break;
        }
    }
    if n == 0 {
        return None;
    }
    let head = words[..n].join(" ");
    let head = head.trim_end_matches(',');
    let rest = words[n..].join(" ");
    if let Some((link, tail)) = rest.split_once(' ') {
        if ["of", "from", "with", "at"].contains(&link) && is_person(head) {
            if let Some(o) = outlet_of(tail).filter(|_| is_outlet_only(tail)) {
                return Some(Intro { name: Some(display_case(head)), outlet: Some(o) });
            }
        }
    }
    if is_person(head) {
        return Some(Intro { name: Some(display_case(head)), outlet: None });
    }
    is_outlet_only(head).then(|| Intro { name: None, outlet: outlet_of(head) })
}

/// Index just past the podium turn that called on the journalist whose
/// first turn is `all[at]`: the turn before it, or one a few pleasantries
/// before ("Go ahead, Steven." / "Thank you, Karine." / "Sure.").
pub(super) fn calling_turn(all: &[Turn], at: usize) -> usize {
    let mut i = at;
    for _ in 0..4 {
        let Some(p) = i.checked_sub(1).map(|k| &all[k]) else { break };
        if p.role.is_host() && call(&p.text).is_some() {
            return i;
        }
        let short = p.text.split_whitespace().count() <= if p.role.is_host() { 3 } else { 6 };
        if !short {
            break;
        }
        i -= 1;
    }
    at
}
