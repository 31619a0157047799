//! Recognising speaker labels at the start of a line and reading what they
//! say about the speaker: name, title, outlet and side of the podium.

use crate::model::Role;

/// What a speaker label tells us.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Label {
    /// The label as printed, without the trailing colon or full stop.
    pub raw: String,
    /// A person's name, in display case ("Howard Schneider").
    pub name: Option<String>,
    /// A title or role ("NATO Secretary General", "Prime Minister").
    pub title: Option<String>,
    /// A news organisation given in the label ("Reuters").
    pub outlet: Option<String>,
    /// Side of the podium the label implies, if it implies one.
    pub role: Option<Role>,
    /// The label marks a follow-up or a note rather than a new question.
    pub follow_up: bool,
    /// The label continues an earlier turn ("PM (cont):").
    pub continued: bool,
    /// The label ends with a full stop rather than a colon ("CHAIR YELLEN.").
    pub period: bool,
    /// The label marks answers without naming who gives them ("A.",
    /// "ANSWER:" where questions are labelled "Q").
    pub answer: bool,
}

/// Words that make a label a question from the press.
const PRESS_WORDS: &[&str] = &[
    "q", "question", "questions", "journalist", "journalists", "reporter", "reporters", "press",
    "media", "audience member", "audience", "participant", "remark", "comment", "interjection",
    "j", "the press", "questioner", "correspondent", "member of the press", "caller",
    "unidentified reporter", "unidentified journalist", "voice", "female reporter",
    "male reporter", "follow-up question", "follow up question", "follow-up", "follow up",
    "additional question", "question from the floor", "reply", "response",
];

/// Labels of voices on neither side: interpreters, announcers.
const OTHER_WORDS: &[&str] = &[
    "interpreter", "translator", "announcer", "narrator", "video", "crowd", "audience response",
    "unidentified speaker", "speaker", "voices", "participants", "all",
];

/// Parenthesised notes in labels that are not names ("(retranslated)").
const PAREN_NOTES: &[&str] = &[
    "retranslated", "translated", "interpreted", "as interpreted", "via interpreter", "inaudible",
    "off mic", "off-mic", "cont", "cont.", "continued", "cont'd", "in english", "through interpreter",
    "through an interpreter", "via translator", "in progress", "follow-up", "follow up",
];

/// True for an OCR-damaged press word in capitals ("QULESTION", "QUJESTION").
fn is_ocr_press_word(core: &str) -> bool {
    if core.contains(' ') || core.chars().count() < 6 {
        return false;
    }
    ["question", "journalist", "reporter"].iter().any(|w| edit_distance(core, w) <= 2)
}

/// Levenshtein distance between two short strings.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Words that make a label the moderator's.
const MODERATOR_WORDS: &[&str] = &[
    "moderator", "operator", "spokesperson", "spokesman", "spokeswoman", "host", "facilitator",
    "press officer", "master of ceremonies", "mc", "chairperson of the session",
];

/// Words of official titles; a label made only of these (plus connectors and
/// acronyms) is a role label, and they form the title part of "ROLE Name".
const TITLE_WORDS: &[&str] = &[
    "president", "vice", "prime", "minister", "pm", "dpm", "secretary", "general", "spokesperson",
    "spokesman", "spokeswoman", "press", "deputy", "principal", "assistant", "chair", "chairman",
    "chairwoman", "chairperson", "governor", "ambassador", "chancellor", "treasurer", "premier",
    "senator", "admiral", "general", "commander", "director", "moderator", "administrator",
    "official", "officials", "senior", "administration", "adviser", "advisor", "counselor",
    "counsellor", "attorney", "surgeon", "king", "queen", "emir", "sheikh", "chief", "envoy",
    "special", "representative", "coordinator", "operator", "leader", "mayor", "commissioner",
    "foreign", "defence", "defense", "state", "affairs", "national", "security", "economic",
    "council", "staff", "communications", "policy", "domestic", "homeland", "treasury", "health",
    "trade", "finance", "education", "energy", "commerce", "labor", "labour", "justice",
    "agriculture", "transportation", "interior", "housing", "industry", "environment",
    "immigration", "home", "veterans", "veterans'", "veterans’", "federal", "reserve", "bank",
    "board", "central", "european", "commission", "white", "house", "united", "states",
    "nations", "kingdom", "republic", "federation", "host", "dr", "dr.", "mr", "mr.", "ms",
    "ms.", "mrs", "mrs.", "miss", "madam", "madame", "sir", "hon", "hon.", "the", "of", "for",
    "and", "on", "to", "rt", "rt.", "honourable", "honorable", "his", "her", "excellency",
    "majesty", "royal", "highness", "team", "member", "lead", "head", "officer", "executive",
    "spokesperson's", "office", "acting", "first", "lady", "second", "gentleman", "infrastructure",
    "tourism", "resources", "employment", "cabinet", "parliamentary", "press-secretary", "presidential",
];

/// Honorifics printed before a surname ("MR. CARNEY").
const HONORIFICS: &[&str] = &[
    "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "miss", "dr", "dr.", "sir", "madam", "madame", "hon",
    "hon.", "the", "rt", "rt.", "m.", "mme", "mme.", "herr", "frau",
];

/// Label words that are metadata, not speakers ("Date:", "Source:").
const NOT_SPEAKERS: &[&str] = &[
    "note", "notes", "source", "sources", "date", "time", "location", "place", "subject", "tags",
    "tag", "related", "title", "updated", "last updated", "published", "transcript", "participants",
    "watch", "photo", "video", "audio", "contact", "email", "e-mail", "tel", "phone", "fax",
    "media contact", "media contacts", "release", "embargo", "embargoed", "for immediate release",
    "see also", "read more", "link", "links", "url", "categories", "category", "keywords",
    "download", "attachments", "issued", "venue", "present", "also present", "in attendance",
    "speakers", "p.s", "ps", "re", "cc", "to", "from", "attention", "warning", "important",
    "example", "answer", "answers", "a", "agenda", "summary", "background", "update", "editor's note",
    "editors' note", "correction", "translation", "translated", "original", "end", "part",
    "press release", "statement", "statements", "speech", "remarks", "topics", "topic",
    "question and answer session", "questions and answers", "q&a", "doorstop", "interview", "introduction",
    "opening statement", "introductory statement", "conclusion",
    "issued on", "posted on", "published on", "updated on", "last modified", "release date",
    "date posted", "posted", "for release", "released", "e-mail", "internet", "website", "web",
    "find out more", "media contacts", "reproduction", "see", "via", "location", "copy",
];

/// First words of a phrase before a colon that is not a speaker label.
const LEADING_NON_LABEL: &[&str] = &[
    "on", "and", "of", "but", "so", "finally", "also", "then", "now", "as", "in", "for", "to", "with",
    "about", "regarding", "re", "or", "if", "when", "because", "here", "there", "this", "that", "these",
    "those", "our", "my", "your", "its", "their", "number", "point", "step", "item", "lastly", "plus",
    "again",
];

/// Words of headlines and page titles, never of a speaker label.
const HEADLINE_WORDS: &[&str] = &[
    "transcript", "conference", "briefing", "interview", "remarks", "embassy", "summit", "gaggle",
    "doorstop", "statement", "statements", "communique", "release",
];

/// Lowercase words that may appear inside a name or label.
const CONNECTORS: &[&str] = &[
    "of", "the", "for", "de", "da", "di", "du", "des", "del", "della", "von", "van", "der", "den",
    "la", "le", "y", "e", "and", "al", "el", "bin", "ibn", "on", "to", "in", "at", "via", "question",
    "up", "cont", "cont'd", "continued", "continuing", "retranslated", "translated", "through",
    "interpreter", "interpretation", "off", "mic", "from", "with", "ter", "zu", "dos", "das",
];

/// Splits a line into a speaker label and the rest of the line, if the line
/// starts with a label.
pub fn split_label(line: &str) -> Option<(Label, &str)> {
    let line = line.trim_start();
    let first = line.chars().next()?;
    if !(first.is_alphabetic() || first == '[' || first == '(') {
        return None;
    }
    // "Q  Diplomacy: Can you..." is a question whose text holds a colon.
    if line.starts_with("Q ") || line.starts_with("Q. ") {
        if let Some(found) = q_label(line) {
            return Some(found);
        }
    }
    colon_label(line)
        .or_else(|| q_label(line))
        .or_else(|| caps_period_label(line))
        .or_else(|| title_period_label(line))
}

/// `Label: text` and `Label:` alone.
fn colon_label(line: &str) -> Option<(Label, &str)> {
    let colon = line.find(':')?;
    if colon == 0 || colon > 90 {
        return None;
    }
    let rest = &line[colon + 1..];
    // "PM:- Well" (typed dash after the colon).
    let rest = match rest.strip_prefix(['-', '–']) {
        Some(r) if r.is_empty() || r.starts_with(char::is_whitespace) => r,
        _ => rest,
    };
    // "10:30" is a time, "http://x" a link; "PM:Well" (a role label in
    // capitals, the text run into it) is a label.
    let label_caps = line[..colon].chars().any(char::is_alphabetic) && !line[..colon].chars().any(char::is_lowercase);
    let run_in = label_caps && rest.starts_with(|c: char| c.is_uppercase());
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace) || run_in) {
        return None;
    }
    let label = read_label(&line[..colon])?;
    if run_in && label.role.is_none() {
        return None;
    }
    Some((label, rest.trim_start()))
}

/// `Q`, `Q.` and `Q:` labels, with or without text after them.
fn q_label(line: &str) -> Option<(Label, &str)> {
    let rest = line.strip_prefix('Q')?;
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    if rest.is_empty() {
        return Some((read_label("Q")?, ""));
    }
    let trimmed = rest.trim_start();
    let next = trimmed.chars().next()?;
    if rest.len() == trimmed.len() {
        return None; // "Quite", "Q&A"
    }
    if next.is_uppercase() || "\"“‘'([—-".contains(next) || next.is_ascii_digit() {
        return Some((read_label("Q")?, trimmed));
    }
    None
}

/// `HOWARD SCHNEIDER.  Text` and `CHAIR YELLEN.` (all-caps name, full stop).
fn caps_period_label(line: &str) -> Option<(Label, &str)> {
    // The label ends at the first ". " or "." at the end of the line, and is
    // written in capitals (parentheses may hold an outlet in any case).
    let mut end = None;
    for (i, c) in line.char_indices() {
        if c == '.' {
            let after = &line[i + 1..];
            if after.is_empty() || after.starts_with(char::is_whitespace) {
                end = Some(i);
                break;
            }
        }
        if i > 80 || c == ':' || c == ',' || c == '?' {
            return None;
        }
    }
    let end = end?;
    let text = &line[..end];
    let outside = strip_parens(text);
    let letters: Vec<char> = outside.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 2 || letters.iter().any(|c| c.is_lowercase()) {
        return None;
    }
    let words = outside.split_whitespace().count();
    if words > 6 {
        return None;
    }
    let label = read_label(text)?;
    // A lone word in capitals is a label only when it names a role ("PM.")
    // or carries an outlet ("FISHER (AP)"); "NATO. It is" is a sentence.
    if words == 1 && text == outside && label.role.is_none() && label.title.is_none() {
        return None;
    }
    if words == 1 && is_acronym(&outside) {
        return None;
    }
    Some((Label { period: true, ..label }, line[end + 1..].trim_start()))
}

/// `The President.  Text`, `Prime Minister Modi.  Text` (Public Papers style).
fn title_period_label(line: &str) -> Option<(Label, &str)> {
    let dot = line.find(". ").or_else(|| line.strip_suffix('.').map(|s| s.len()))?;
    let text = &line[..dot];
    if dot > 60 {
        return None;
    }
    let lower = text.to_lowercase();
    let starts_with_title = ["the president", "the vice president", "the first lady", "prime minister",
        "president ", "chancellor ", "secretary ", "mr. ", "ms. ", "mrs. "]
        .iter()
        .any(|t| lower.starts_with(t));
    if !starts_with_title || text.split_whitespace().count() > 5 || text.contains(',') {
        return None;
    }
    let label = read_label(text)?;
    if label.role == Some(Role::Press) {
        return None;
    }
    Some((Label { period: true, ..label }, line[dot + 1..].trim_start()))
}

/// Repairs an OCR'd parenthesis inside a word ("OAK( ES" → "OAKES"); a
/// real parenthesis follows a space ("FISHER (AP)").
fn glue_ocr_parens(text: &str) -> String {
    let Some(open) = text.find('(') else { return text.to_string() };
    let glued_to_word = text[..open].chars().next_back().is_some_and(char::is_alphabetic);
    let close = text[open..].find(')').map(|c| c + open);
    let inner = &text[open + 1..close.unwrap_or(text.len())];
    if !glued_to_word || inner.split_whitespace().collect::<String>().chars().count() > 3 {
        return text.to_string();
    }
    let after = close.map(|c| &text[c + 1..]).unwrap_or("");
    format!("{}{}{}", &text[..open], inner.split_whitespace().collect::<String>(), after)
}

/// Removes parenthesised parts of a label.
fn strip_parens(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text inside the first pair of parentheses.
fn paren_content(s: &str) -> Option<String> {
    let open = s.find('(')?;
    let close = s[open..].find(')')? + open;
    let inner = s[open + 1..close].trim();
    (!inner.is_empty()).then(|| inner.to_string())
}

fn is_in(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// Decides whether `text` (what stands before the colon or full stop) reads
/// as a speaker label, and if so what it says.
pub fn read_label(text: &str) -> Option<Label> {
    let glued = glue_ocr_parens(text);
    let raw = glued.trim().trim_matches('*').trim();
    if raw.is_empty() || raw.chars().count() > 80 {
        return None;
    }
    if raw.chars().any(|c| "?!;\"“”<>{}=|#@/\\_".contains(c) || c.is_control()) {
        return None;
    }
    if raw.starts_with('[') || raw.starts_with('(') {
        return None;
    }
    let outside = strip_parens(raw);
    let words: Vec<&str> = outside.split_whitespace().collect();
    if words.is_empty() || words.len() > 9 {
        return None;
    }
    let lower = outside.to_lowercase();
    let lower = lower.trim_end_matches('.').trim();
    if is_in(NOT_SPEAKERS, lower) {
        return None;
    }
    // "On Iran:", "of India:", "First, on Ukraine:": the start of a
    // sentence or a list, not a speaker.
    let first_word = lower.split([' ', ',']).next().unwrap_or("");
    let ordinal = ["first,", "second,", "third,", "next,", "lastly,"].iter().any(|o| lower.starts_with(o));
    let numbered_question = lower.ends_with(" question") && lower.split_whitespace().count() == 2 && !is_in(PRESS_WORDS, lower);
    if is_in(LEADING_NON_LABEL, first_word) || ordinal || numbered_question {
        return None;
    }
    // Headlines ("TRANSCRIPT OF PRESS CONFERENCE PRIME MINISTER.").
    if words.iter().any(|w| is_in(HEADLINE_WORDS, w.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric()))) {
        return None;
    }
    // Capitalisation: every word starts with a capital, a digit, or is a
    // known connector.
    for w in &words {
        let first = w.chars().next().unwrap_or(' ');
        let lw = w.to_lowercase();
        let lw = lw.trim_matches(|c: char| c == ',' || c == '.');
        if first.is_uppercase() || first.is_ascii_digit() || is_in(CONNECTORS, lw) || first == '&' || first == '-' || first == '–' {
            continue;
        }
        return None;
    }
    if words.iter().filter(|w| w.contains(',')).count() > 1 {
        return None;
    }
    if words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_alphabetic)) {
        return None; // "J1", "I3": OCR debris, not a speaker
    }
    let mut label = Label { raw: raw.to_string(), ..Label::default() };
    let inner = paren_content(raw);
    if let Some(inner) = &inner {
        let li = inner.to_lowercase();
        if li.starts_with("cont") {
            label.continued = true;
        }
    }
    // "(retranslated)", "(as interpreted)": notes, not names or outlets.
    let inner = inner.filter(|i| i.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) && !is_in(PAREN_NOTES, &i.to_lowercase()));
    let core = lower.trim_end_matches(',').trim().to_string();
    let core_words: Vec<String> = core
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| c == ',' || c == '.').to_string())
        .collect();

    // Press: "Q", "QUESTION", "JOURNALIST (NAME)", "Name (Outlet)".
    if is_in(OTHER_WORDS, core.trim_end_matches('.')) {
        label.role = Some(Role::Other);
        label.title = Some(display_case(&outside));
        return Some(label);
    }
    if is_in(PRESS_WORDS, core.trim_end_matches('.')) || is_ocr_press_word(&core) {
        label.role = Some(Role::Press);
        label.follow_up = core.contains("follow") || core == "remark" || core == "comment";
        if let Some(inner) = inner.filter(|_| !label.continued) {
            if looks_like_name(&inner) && !looks_like_outlet(&inner) {
                label.name = Some(display_case(&inner));
            } else if is_capitalised(&inner) {
                label.outlet = Some(inner.clone());
            }
        }
        return Some(label);
    }
    // "P" or "PM Yes. Q": OCR debris or a sentence, not a speaker.
    if outside.chars().filter(|c| c.is_alphabetic()).count() < 2 || has_inner_sentence(&words) {
        return None;
    }
    if is_in(MODERATOR_WORDS, core.as_str()) {
        label.role = Some(Role::Moderator);
        label.title = Some(display_case(&outside));
        return Some(label);
    }
    // Split "ROLE Name" into title and name.
    let mut split = 0;
    loop {
        while split < core_words.len() && (is_in(TITLE_WORDS, &core_words[split]) || is_acronym(words[split])) {
            split += 1;
        }
        // "President of Russia Vladimir Putin": the word after "of" belongs
        // to the title when a name still follows it.
        let after_of = split > 0 && matches!(core_words[split - 1].as_str(), "of" | "for");
        if after_of && split + 1 < core_words.len() {
            split += 1;
        } else {
            break;
        }
    }
    // Honorific-only prefixes are part of the name, not a title.
    let prefix_is_honorific = core_words[..split].iter().all(|w| is_in(HONORIFICS, w));
    let (title_part, name_part) = words.split_at(split);
    let name_ends_in_title = name_part
        .last()
        .map(|w| is_in(TITLE_WORDS, w.to_lowercase().trim_matches('.')))
        .unwrap_or(false);
    if name_part.is_empty() || name_ends_in_title {
        // A role label: "NATO Secretary General", "THE PRESIDENT", "PM".
        label.title = Some(display_case(&outside));
        label.role = Some(role_for_title(&core));
    } else if prefix_is_honorific {
        let name = name_part.join(" ");
        if title_part.iter().any(|w| !w.eq_ignore_ascii_case("the")) {
            label.title = Some(display_case(&title_part.join(" ")));
        }
        label.name = Some(display_case(&name));
    } else {
        let name = name_part.join(" ");
        label.title = Some(display_case(&title_part.join(" ")));
        label.name = Some(display_case(&name));
        label.role = Some(role_for_title(&core_words[..split].join(" ")));
    }
    if let Some(inner) = &inner {
        if !label.continued && label.role.is_none() && is_capitalised(inner) {
            // "Dan Michaels (The Wall Street Journal)": press with an outlet.
            label.outlet = Some(inner.clone());
            label.role = Some(Role::Press);
        }
    }
    if label.name.as_deref().is_some_and(|n| n.split_whitespace().count() > 5) {
        return None;
    }
    strip_post_nominal(&mut label);
    Some(label)
}

/// "JOHN ALEXANDER MP": the letters after the name are a title, and a
/// member of parliament speaks from the podium.
fn strip_post_nominal(label: &mut Label) {
    let Some(name) = label.name.clone() else { return };
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some((last, rest)) = words.split_last() else { return };
    let post = last.to_lowercase().replace('.', "");
    if rest.is_empty() || !["mp", "qc", "kc", "mhr", "mla", "mep", "msp"].contains(&post.as_str()) {
        return;
    }
    label.name = Some(rest.join(" "));
    label.title.get_or_insert_with(|| post.to_uppercase());
    label.role.get_or_insert(Role::Official);
}

/// True when a word other than the last ends a sentence ("PM Yes. Q"):
/// honorifics ("MR."), initials ("P.") and abbreviations ("U.S.") aside.
fn has_inner_sentence(words: &[&str]) -> bool {
    words.iter().rev().skip(1).any(|w| {
        let lw = w.to_lowercase();
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        w.ends_with('.') && letters >= 3 && !is_in(HONORIFICS, &lw) && !is_in(TITLE_WORDS, &lw) && !w[..w.len() - 1].contains('.')
    })
}

/// True when a word of `s` is one that names news organisations ("Times",
/// "Radio"), acronyms aside.
pub fn has_outlet_word(s: &str) -> bool {
    s.split_whitespace().any(|w| is_in(OUTLET_WORDS, w.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric())))
}

/// True for a word in capitals that is an acronym ("NATO", "U.S.", "NSC").
fn is_acronym(word: &str) -> bool {
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    (2..=5).contains(&letters.len())
        && letters.chars().all(|c| c.is_uppercase())
        && (word.contains('.') || ["NATO", "NSC", "UN", "EU", "US", "USA", "UK", "ECB", "IMF", "OSCE", "WHO", "FOMC", "CDC", "FEMA", "DHS", "DOD", "NEC", "OMB", "USTR"].contains(&letters.as_str()))
}

/// The side of the podium implied by a title.
fn role_for_title(title: &str) -> Role {
    let t = title.to_lowercase();
    if MODERATOR_WORDS.iter().any(|w| t.split_whitespace().any(|x| x.trim_matches('.') == *w)) {
        Role::Moderator
    } else {
        Role::Official
    }
}

/// True when every word of `s` starts with a capital or a digit.
fn is_capitalised(s: &str) -> bool {
    let mut any = false;
    for w in s.split_whitespace() {
        let c = w.chars().next().unwrap_or(' ');
        if !(c.is_uppercase() || c.is_ascii_digit() || is_in(CONNECTORS, &w.to_lowercase()) || c == '&') {
            return false;
        }
        any = true;
    }
    any
}

/// True when `s` reads like a person's name: one to four capitalised words.
pub fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && is_capitalised(s)
        && !s.chars().any(|c| c.is_ascii_digit())
        && !looks_like_outlet(s)
}

/// Words that mark a name as a news organisation's.
const OUTLET_WORDS: &[&str] = &[
    "news", "times", "post", "radio", "tv", "television", "agency", "press", "journal", "reuters",
    "bloomberg", "ap", "afp", "cnn", "bbc", "abc", "cbs", "nbc", "fox", "npr", "pbs", "network",
    "channel", "broadcasting", "gazette", "herald", "tribune", "telegraph", "guardian", "daily",
    "weekly", "magazine", "review", "wire", "media", "newspaper", "tass", "ria", "novosti", "xinhua",
    "kyodo", "nhk", "dpa", "efe", "ansa", "politico", "axios", "cnbc", "msnbc", "c-span", "sky",
    "itv", "rtl", "zdf", "ard", "nrk", "yle", "svt", "dr", "rai", "euronews", "al", "jazeera",
    "interfax", "sputnik", "globe", "mail", "standard", "monitor", "chronicle", "examiner",
    "observer", "economist", "street", "financial", "associated", "united", "international",
    "broadcast", "corporation", "service", "bureau", "online", "digital", "publishing", "group",
    "tv2", "rt", "cgtn", "cctv", "yonhap", "ani", "pti", "hindu", "express", "world", "today",
    "imedi", "rossiya", "izvestia", "kommersant", "vedomosti", "wsj", "nyt", "usa", "mainichi",
    "asahi", "yomiuri", "nikkei", "sankei", "jiji", "le", "der", "die", "el", "la", "il",
];

/// True when `s` looks like a news organisation rather than a person.
pub fn looks_like_outlet(s: &str) -> bool {
    let words: Vec<String> = s
        .split_whitespace()
        .map(|w| w.to_lowercase().trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .collect();
    words.iter().any(|w| is_in(OUTLET_WORDS, w))
        || (words.len() == 1 && (2..=4).contains(&s.chars().filter(|c| c.is_alphabetic()).count()) && s.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase()))
}

/// Puts a name printed in capitals into display case ("HOWARD SCHNEIDER" →
/// "Howard Schneider", "McDONALD" → "McDonald"); mixed-case text is kept.
pub fn display_case(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if letters.is_empty() || upper * 10 < letters.len() * 9 {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lw = word.to_lowercase();
        if is_acronym(word) || (word.len() <= 3 && word.ends_with('.') && lw != "mr." && lw != "ms." && lw != "dr.") {
            out.push_str(word);
            continue;
        }
        if i > 0 && is_in(CONNECTORS, &lw) && lw != "question" {
            out.push_str(&lw);
            continue;
        }
        let mut cap = true;
        for c in lw.chars() {
            if cap && c.is_alphabetic() {
                out.extend(c.to_uppercase());
                cap = false;
            } else {
                out.push(c);
            }
            if c == '-' || c == '\'' || c == '’' || c == '.' || c == '(' {
                cap = true;
            }
        }
    }
    // "Mcdonald" → "McDonald", "O'brien" handled above by the apostrophe rule.
    out.split(' ')
        .map(|w| {
            if w.len() > 3 && w.starts_with("Mc") {
                let (a, b) = w.split_at(2);
                let mut b = b.chars();
                let first = b.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
                format!("{a}{first}{}", b.as_str())
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(line: &str) -> Option<Label> {
        split_label(line).map(|(l, _)| l)
    }

    #[test]
    fn name_and_outlet() {
        let l = label("Dan Michaels (The Wall Street Journal): Thank you.").unwrap();
        assert_eq!(l.name.as_deref(), Some("Dan Michaels"));
        assert_eq!(l.outlet.as_deref(), Some("The Wall Street Journal"));
        assert_eq!(l.role, Some(Role::Press));
    }

    #[test]
    fn role_and_name() {
        let l = label("NATO Spokesperson Oana Lungescu: We'll go to CNN.").unwrap();
        assert_eq!(l.name.as_deref(), Some("Oana Lungescu"));
        assert_eq!(l.title.as_deref(), Some("NATO Spokesperson"));
        assert_eq!(l.role, Some(Role::Moderator));
        let l = label("NATO Secretary General: Thank you.").unwrap();
        assert_eq!(l.name, None);
        assert_eq!(l.title.as_deref(), Some("NATO Secretary General"));
        assert_eq!(l.role, Some(Role::Official));
    }

    #[test]
    fn press_labels() {
        for line in ["Q  Thank you.", "Q: Thank you", "Q. Mr. President", "QUESTION: Yes", "JOURNALIST: So", "Q"] {
            assert_eq!(label(line).and_then(|l| l.role), Some(Role::Press), "{line}");
        }
        let l = label("JOURNALIST (BONGIORNO): Prime Minister").unwrap();
        assert_eq!(l.name.as_deref(), Some("Bongiorno"));
        let l = label("Follow-up question: [inaudible]").unwrap();
        assert!(l.follow_up);
        let l = label("Question (retranslated): Deutsche Presse-Agentur.").unwrap();
        assert_eq!((l.name, l.outlet), (None, None));
        assert_eq!(label("QULESTION: Is it").and_then(|l| l.role), Some(Role::Press));
        assert_eq!(split_label("PM:Well I am here").map(|(l, r)| (l.raw, r)), Some(("PM".to_string(), "Well I am here")));
        assert_eq!(split_label("JOURNALIST:What sort of role?").map(|(l, r)| (l.role, r)), Some((Some(Role::Press), "What sort of role?")));
        assert_eq!(label("NOTE:The meeting"), None);
        let (l, rest) = split_label("Q  Diplomacy: Can you define").unwrap();
        assert_eq!((l.raw.as_str(), rest), ("Q", "Diplomacy: Can you define"));
        assert_eq!(label("INTERPRETER:  Testing.").and_then(|l| l.role), Some(Role::Other));
    }

    #[test]
    fn caps_names_with_full_stop() {
        let l = label("HOWARD SCHNEIDER.  Thank you.").unwrap();
        assert_eq!(l.name.as_deref(), Some("Howard Schneider"));
        let l = label("CHAIR YELLEN.  Good afternoon.").unwrap();
        assert_eq!(l.name.as_deref(), Some("Yellen"));
        assert_eq!(l.role, Some(Role::Official));
        let l = label("MR. CARNEY:  Good afternoon.").unwrap();
        assert_eq!(l.name.as_deref(), Some("Carney"));
        let l = label("The President.  Thank you.").unwrap();
        assert_eq!(l.title.as_deref(), Some("The President"));
        assert_eq!(label("OAK( ES: I am not").and_then(|l| l.name).as_deref(), Some("Oakes"));
        let l = label("JOHN ALEXANDER MP:").unwrap();
        assert_eq!((l.name.as_deref(), l.role), (Some("John Alexander"), Some(Role::Official)));
        let l = label("President of Russia Vladimir Putin: Good afternoon.").unwrap();
        assert_eq!(l.name.as_deref(), Some("Vladimir Putin"));
        assert_eq!(l.title.as_deref(), Some("President of Russia"));
    }

    #[test]
    fn sentences_are_not_labels() {
        for line in [
            "With that, I am ready to take your questions.",
            "Secretary General; Greg Talcott, FOX News. You have said, and I quote: “if",
            "Today, Allies confirmed that NATO’s door remains open: yes",
            "At 10:30 we met.",
            "Source: NATO",
            "Quite so.",
            "NATO. It is",
            "The meeting was useful: we agreed",
        ] {
            assert_eq!(label(line), None, "{line}");
        }
    }

    #[test]
    fn display_case_of_capitals() {
        assert_eq!(display_case("HOWARD SCHNEIDER"), "Howard Schneider");
        assert_eq!(display_case("JOHN McDONALD"), "John McDonald");
        assert_eq!(display_case("Alexandra von Nahmen"), "Alexandra von Nahmen");
    }
}
