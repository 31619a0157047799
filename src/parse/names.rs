//! Names and titles the text gives its speakers: the holder of a role label
//! ("by NATO Secretary General Jens Stoltenberg"), a surname's given names
//! in the header, how reporters address the podium ("Mr Hawke"), the title
//! a header names ("PRESS CONFERENCE GIVEN BY THE PRIME MINISTER").

use super::label::display_case;
use super::segment::RawTurn;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The first podium title a header mentions ("Prime Minister" in "PRESS
/// CONFERENCE GIVEN BY THE PRIME MINISTER, RT. HON. R.G. MENZIES").
pub(super) fn header_title(header: &str) -> Option<String> {
    let lower = header.to_lowercase();
    ["prime minister", "president", "premier", "chancellor", "treasurer", "minister", "secretary", "governor", "chairman", "chair"]
        .iter()
        .filter_map(|t| lower.match_indices(t).find(|(at, _)| {
            let before = lower[..*at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after = lower[at + t.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            before && after
        }).map(|(at, _)| (at, *t)))
        .min()
        .map(|(_, t)| t.split(' ').map(|w| w[..1].to_uppercase() + &w[1..]).collect::<Vec<_>>().join(" "))
}

/// Title abbreviations printed in labels.
pub(super) fn expand_title(title: &str) -> String {
    let t = title.to_lowercase().replace('.', "");
    let t = t.trim_start_matches("the ").trim();
    match t {
        "pm" => "prime minister".into(),
        "dpm" => "deputy prime minister".into(),
        "vp" => "vice president".into(),
        "sg" => "secretary general".into(),
        other => other.to_string(),
    }
}

/// A role label as a display name, abbreviations spelled out ("PM" →
/// "Prime Minister").
pub(super) fn display_title(title: &str) -> String {
    let plain = title.to_lowercase().replace('.', "");
    let expanded = expand_title(title);
    if plain.trim_start_matches("the ").trim() == expanded {
        return title.to_string();
    }
    expanded
        .split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Name, Title of ..." at the start of a header line.
pub(super) static NAME_COMMA_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:[A-Z][\w'’-]*\.?\s+){1,3}[A-Z][\w'’-]+),\s+((?:the\s+)?(?:President|Vice-President|Chair|Chairman|Chairwoman|Governor|Prime Minister|Secretary|Minister|Chancellor|Director|Commissioner|Spokesperson)\b[^,]*)").unwrap()
});

/// The person a header presents as the speaker of an unlabelled statement.
pub(super) fn header_person(header: &str, common: &HashSet<String>) -> Option<(String, Option<String>)> {
    for line in header.lines() {
        if let Some(c) = NAME_COMMA_TITLE.captures(line.trim()) {
            return Some((c[1].to_string(), Some(c[2].trim().to_string())));
        }
    }
    for title in ["president", "prime minister", "chancellor", "chair", "chairman", "secretary general", "governor"] {
        if let Some(name) = name_after_title(header, title, common) {
            return Some((name, Some(display_title(title))));
        }
    }
    None
}

/// Finds "<title> <Name>" in `text` (within one line) and returns the name.
/// A name does not start with a word the document writes in lowercase
/// (`common`): "President Regarding..." in a Title Case headline is none.
pub fn name_after_title(text: &str, title: &str, common: &HashSet<String>) -> Option<String> {
    text.lines().find_map(|line| name_after_title_in_line(line, title, common))
}

/// Words written in lowercase somewhere in `text`: ordinary words, not
/// names ("policy", "regarding", "strategic").
pub(super) fn lowercase_words(text: &str) -> HashSet<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .map(str::to_string)
        .collect()
}

/// Capitalised words of headlines that end a name ("President Trump
/// Aboard Air Force One", "Chair Powell Press Conference").
pub(super) const NAME_STOPS: &[&str] = &[
    "aboard", "en", "route", "in", "at", "on", "with", "and", "after", "before", "during", "to", "for",
    "of", "from", "press", "conference", "briefing", "remarks", "statement", "meeting", "gaggle", "call",
    "news", "interview", "joint", "visit", "following", "upon", "via", "by", "summit", "who", "held",
    "fomc", "transcript", "speech", "address", "doorstop", "mp", "says", "said", "answers", "answered",
    "regarding", "previewing", "discussing", "announcing", "highlighting", "marking", "celebrating",
    "honoring", "honouring", "ahead", "about", "as", "delivers", "holds", "hosts", "participates",
];

/// Words that make "Deputy Prime Minister Truss" someone other than the
/// Prime Minister.
pub(super) const TITLE_PREFIXES: &[&str] = &["deputy", "vice", "former", "acting", "shadow", "assistant", "ex", "late", "future", "incoming", "outgoing", "junior", "associate"];

/// [`name_after_title`] within one line.
pub(super) fn name_after_title_in_line(text: &str, title: &str, common: &HashSet<String>) -> Option<String> {
    let expanded = expand_title(title);
    if expanded.is_empty() {
        return None;
    }
    let lower = text.to_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&expanded) {
        let start = from + pos;
        let end = start + expanded.len();
        from = end;
        let before_ok = start == 0 || !lower[..start].chars().next_back().unwrap_or(' ').is_alphanumeric();
        if !before_ok || !text.is_char_boundary(end) || !text.is_char_boundary(start) {
            continue;
        }
        let previous = lower[..start].split_whitespace().next_back().unwrap_or("");
        if TITLE_PREFIXES.contains(&previous.trim_matches(|c: char| !c.is_alphanumeric())) {
            continue;
        }
        let after = &text[end..];
        if !after.starts_with([' ', ',']) {
            continue;
        }
        let mut words = Vec::new();
        for w in after.trim_start_matches([',', ' ']).split_whitespace() {
            let clean = w.trim_end_matches([',', ';', ':', '’', '\'', ')']).trim_end_matches("’s").trim_end_matches("'s");
            let first = clean.chars().next().unwrap_or(' ');
            let lw = clean.to_lowercase();
            let particle = ["von", "van", "de", "der", "da", "di", "bin", "al"].contains(&lw.as_str());
            let skippable = ["the", "hon", "rt", "honourable", "honorable"].contains(&lw.trim_end_matches('.'));
            if words.is_empty() && skippable {
                continue;
            }
            // Title Case headlines: "President Trump Aboard Air Force One".
            if NAME_STOPS.contains(&lw.trim_end_matches('.')) {
                break;
            }
            if clean.is_empty() || !(first.is_uppercase() || (particle && !words.is_empty())) {
                break;
            }
            if words.is_empty() && common.contains(&lw.trim_end_matches('.').to_string()) {
                break;
            }
            if ["mp", "the", "hon", "rt", "and"].contains(&lw.trim_end_matches('.')) || super::label::looks_like_outlet(clean) && words.is_empty() {
                if words.is_empty() {
                    continue;
                }
                break;
            }
            let ends_sentence = w.ends_with('.') && clean.len() > 2 && !clean[..clean.len() - 1].contains('.');
            words.push(clean.trim_end_matches('.').to_string());
            if words.len() == 4 || ends_sentence || w.ends_with(',') || clean.len() != w.len() && !w.ends_with('.') {
                break;
            }
        }
        // Drop role words the title did not cover ("Secretary General Jens").
        while words.first().is_some_and(|w| is_title_word(w)) {
            words.remove(0);
        }
        if !words.is_empty() && !words.iter().all(|w| is_title_word(w)) {
            return Some(display_case(&words.join(" ")));
        }
    }
    None
}

/// Titles that many people hold, so that a name found after them in the
/// running text may well be somebody else's ("President Karzai").
pub(super) fn is_generic_title(key: &str) -> bool {
    matches!(
        key,
        "president" | "prime minister" | "chancellor" | "chair" | "chairman" | "chairwoman" | "premier"
            | "minister" | "governor" | "secretary" | "king" | "queen" | "senator" | "ambassador" | "mayor"
            | "treasurer" | "leader"
    )
}

/// Honorific + surname used to address someone ("Why, Mr. Fraser, did you").
pub(super) static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[,.?!;:—–-]\s*)(Mr\.?|Mrs\.?|Ms\.?|Madam)\s+([A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?)\s*(?:[,.?!;—–-]|$)").unwrap()
});

/// Every (honorific, surname) a question uses to address someone: in a
/// sentence that asks, or opening the turn ("Mr Hawke, that original
/// statement...").
pub(super) fn addresses(turn: &RawTurn) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (k, p) in turn.paragraphs.iter().enumerate() {
        let flat = p.replace('\n', " ");
        for (n, sentence) in super::askers::sentences(&flat).into_iter().enumerate() {
            let asking = sentence.ends_with('?') || is_question_start(sentence);
            let opening = k == 0 && n == 0;
            if !asking && !opening {
                continue;
            }
            for c in ADDRESS.captures_iter(sentence) {
                if asking || c.get(0).is_some_and(|m| m.start() == 0) {
                    found.push((c[1].to_string(), c[2].to_string()));
                }
            }
        }
    }
    found
}

/// True when a sentence opens like a question ("Why, Mr. Fraser, did you").
pub(super) fn is_question_start(sentence: &str) -> bool {
    let first = sentence.split([' ', ',']).next().unwrap_or("").to_lowercase();
    ["why", "what", "how", "when", "where", "who", "did", "do", "does", "is", "are", "can", "could", "would", "will", "have", "has", "should"].contains(&first.as_str())
}

/// A word without trailing punctuation or possessive ("Jean-Pierre's," →
/// "Jean-Pierre").
pub(super) fn word_core(w: &str) -> &str {
    let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
    w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w)
}

/// The given names at the end of `before` (the words before a surname):
/// one or two words in Title Case (ASCII), then maybe an initial ("J.").
pub(super) fn given_names(before: &[&str]) -> Option<String> {
    let title_case = |w: &str| {
        let mut c = w.chars();
        c.next().is_some_and(|f| f.is_ascii_uppercase()) && w.len() > 1 && c.all(|x| x.is_ascii_lowercase())
    };
    let initial = |w: &str| w.len() == 2 && w.as_bytes()[0].is_ascii_uppercase() && w.ends_with('.');
    let mut end = before.len();
    if end > 0 && initial(before[end - 1]) {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && end - start < 2 && title_case(before[start - 1]) {
        start -= 1;
    }
    (start < end).then(|| before[start..before.len()].join(" "))
}

pub(super) fn is_title_word(w: &str) -> bool {
    super::label::read_label(w).is_some_and(|l| l.name.is_none() && l.title.is_some())
        || ["Secretary", "General", "Minister", "President", "Spokesperson", "Chair", "Chairman"].contains(&w)
}
