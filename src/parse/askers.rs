//! Naming the journalist behind each question when the label does not:
//! self-introductions at the start of a question ("Howard Schneider with
//! Reuters", "Ksenia Sokolova, Snob magazine", "RIA Novosti.") and the
//! host's call right before it ("Peter, go ahead.", "We're going to the Wall
//! Street Journal.", "Ms. Leonard of Bloomberg.").

use super::calls::{call, calling_turn, looks_like_first_name};
use super::label::display_case;
use crate::model::{Exchange, Role, Speaker, Transcript, Turn};
use crate::slug::slugify;

/// A journalist's name and outlet as far as the text tells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Intro {
    /// The journalist's name as written ("Steve Liesman", "Ms. Leonard").
    pub name: Option<String>,
    /// The news organisation ("Reuters", "Der Tagesspiegel").
    pub outlet: Option<String>,
}

impl Intro {
    pub(super) fn is_empty(&self) -> bool {
        self.name.is_none() && self.outlet.is_none()
    }
}

/// Words that open a sentence without naming anyone.
pub(super) const FILLERS: &[&str] = &[
    "okay", "ok", "all right", "alright", "yes", "yeah", "yep", "and", "so", "oh", "sorry", "please",
    "go ahead", "sure", "right", "well", "now", "great", "good", "hi", "hello", "thank you", "thanks",
    "thank you very much", "good morning", "good afternoon", "good evening", "sir", "ma'am", "ma’am",
    "excuse me", "one more", "last one", "last question", "the last question", "for the last question",
    "you're up", "you’re up", "did you have a question", "in the back", "right here", "over here",
    "let's see", "let’s see", "uh", "um", "first", "next", "then", "again", "you", "with", "please go ahead",
    "go right ahead", "take it away", "let's take one more", "let’s take one more", "one last question",
];


/// Capitalised words that start sentences but are not names.
const NOT_NAMES: &[&str] = &[
    "i", "the", "a", "an", "and", "but", "so", "okay", "ok", "yes", "no", "well", "thank", "thanks",
    "sir", "everybody", "everyone", "folks", "guys", "all", "right", "sure", "great", "good", "please",
    "next", "last", "go", "let", "let's", "let’s", "we", "you", "he", "she", "they", "it", "that",
    "this", "what", "who", "how", "why", "when", "where", "mr", "mr.", "president", "secretary",
    "minister", "prime", "america", "god", "congress", "today", "tomorrow", "yesterday", "there",
    "here", "now", "hey", "oh", "one", "two", "three", "first", "second", "then", "again", "nobody",
    "somebody", "anyone", "anybody", "ladies", "gentlemen", "doc", "chair", "chairman", "madam",
    "ma'am", "ma’am", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "americans", "also", "if", "as", "in", "on", "at", "of", "for", "to", "from", "not", "is", "are",
    "was", "my", "your", "our", "his", "her", "their", "its", "do", "did", "does", "can", "could",
    "would", "will", "should", "may", "might", "must", "have", "has", "had", "be", "been", "am", "hold",
    "wait", "gentleman", "lady", "question", "questions", "follow", "quick", "very", "just", "because",
    "absolutely", "exactly", "correct", "true", "indeed", "look", "listen", "anyway", "sorry", "excuse",
    "hello", "hi", "bye", "welcome", "vice", "general", "governor", "senator", "dr", "dr.",
    "ambassador", "admiral", "understood", "enjoy", "although", "congratulations", "commander",
    "operator", "happy", "perfect", "certainly", "alright", "cheers", "merry", "fine", "appreciate",
    "appreciated", "like", "almost", "maybe", "probably", "really", "wrong", "wow",
];

/// Honorifics kept with a called surname ("Ms. Leonard").
const HONORIFICS: &[&str] = &["mr.", "ms.", "mrs.", "dr.", "mr", "ms", "mrs", "dr", "miss"];

/// Lowercase descriptors dropped from the end of an outlet ("Der
/// Tagesspiegel newspaper" → "Der Tagesspiegel").
const OUTLET_DESCRIPTORS: &[&str] = &["newspaper", "radio", "magazine", "television", "tv", "website", "daily"];

/// Splits text into sentences at `.`, `?`, `!` followed by a space, keeping
/// abbreviations ("Mr.", "U.S.", "F.") inside their sentence.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !matches!(c, '.' | '?' | '!') {
            continue;
        }
        let next = bytes.get(i + 1).copied();
        if !(next.is_none() || next == Some(b' ') || next == Some(b'\n')) {
            continue;
        }
        let word = text[start..i].rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
        let lw = word.to_lowercase();
        let abbreviation = c == '.'
            && (HONORIFICS.contains(&format!("{lw}.").as_str())
                || ["st", "jr", "sr", "gen", "gov", "sen", "rep", "lt", "col", "mt", "no", "vs"].contains(&lw.as_str())
                || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
                || (word.contains('.') && word.split('.').all(|part| part.chars().count() <= 2)));
        if abbreviation {
            continue;
        }
        let s = text[start..=i].trim();
        if !s.is_empty() {
            out.push(s);
        }
        start = i + 1;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// Lowercase text without surrounding punctuation, for phrase matching.
pub(super) fn key(s: &str) -> String {
    s.trim().trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

/// True for a run of capitalised words that reads as a person's name (one
/// to four words, an honorific allowed first).
pub(super) fn is_person(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 {
        return false;
    }
    let mut named = 0;
    for (i, w) in words.iter().enumerate() {
        let lw = w.to_lowercase();
        if i == 0 && HONORIFICS.contains(&lw.as_str()) && words.len() > 1 {
            continue;
        }
        let first = w.chars().next().unwrap_or(' ');
        let particle = i > 0 && ["da", "de", "del", "van", "von", "der", "la", "le", "bin", "al"].contains(&lw.as_str());
        if particle {
            continue;
        }
        let letters_ok = w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c));
        // "UAE", "NATO": acronyms, not names (initials like "MJ" aside).
        let acronym = w.chars().filter(|c| c.is_alphabetic()).count() >= 3 && w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
        if acronym {
            return false;
        }
        if !first.is_uppercase() || !letters_ok || NOT_NAMES.contains(&lw.trim_end_matches('.')) {
            return false;
        }
        named += 1;
    }
    named > 0 && !has_outlet_word(s)
}

/// Cleans and checks an outlet name; `None` when it does not read as one.
pub(super) fn outlet_of(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches(['.', ',', ';', ':', '?', '!']).trim();
    let s = s.strip_prefix("the ").or_else(|| s.strip_prefix("The ")).unwrap_or(s).trim();
    // "freelance financial journalist reporting for NPR" → "NPR".
    let s = match s.rfind(" for ") {
        Some(p) if s[..p].chars().next().is_some_and(char::is_lowercase) && ["report", "journalist", "correspondent", "writ", "work", "freelanc"].iter().any(|w| s[..p].contains(w)) => &s[p + 5..],
        _ => s,
    };
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while words.len() > 1 && words.last().is_some_and(|w| OUTLET_DESCRIPTORS.contains(w)) {
        words.pop();
    }
    if words.is_empty() || words.len() > 7 {
        return None;
    }
    let first = words[0].chars().next()?;
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return None;
    }
    // Lowercase words only as connectors or a final descriptor ("India today").
    let lowercase = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .filter(|w| !["of", "and", "the", "for", "de", "la", "du", "today", "news"].contains(&w.trim_end_matches(',')))
        .count();
    let first_word = key(words[0]);
    if lowercase > 0 || (NOT_NAMES.contains(&first_word.as_str()) && !["the", "one", "first"].contains(&first_word.as_str())) {
        return None;
    }
    Some(words.join(" "))
}

/// True when `s` names a news organisation and nothing else ("CNBC",
/// "RIA Novosti", "Deutsche Presse-Agentur").
pub(super) fn is_outlet_only(s: &str) -> bool {
    let s = s.trim().trim_end_matches(['.', '?', '!']);
    let words = s.split_whitespace().count();
    if words == 0 || words > 6 || outlet_of(s).is_none() {
        return false;
    }
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    // "CNBC", "NHK"; two letters ("MJ") are more often a person's initials.
    let acronym = words == 1 && (3..=6).contains(&letters.len()) && letters.iter().all(|c| c.is_uppercase()) && !s.contains('.');
    acronym || has_outlet_word(s)
}

/// True when a word of `s` (hyphenated parts too) marks a news organisation.
fn has_outlet_word(s: &str) -> bool {
    let split: String = s.replace(['-', '/'], " ");
    super::label::has_outlet_word(s)
        || super::label::has_outlet_word(&split)
        || split.split_whitespace().any(|w| {
            ["presse", "agentur", "agence", "zeitung", "nachrichten", "prensa", "noticias", "novosti", "tagesspiegel", "marketplace", "univision", "telemundo", "bloomberg"]
                .contains(&w.to_lowercase().as_str())
        })
}

/// Drops leading greeting and address chunks ("Thank you, Mr. President,",
/// "Hi,", "Chair Powell,") from a sentence.
fn strip_greetings(sentence: &str) -> &str {
    let mut s = sentence.trim();
    loop {
        let chunk_end = s.find([',', '—', '–']).unwrap_or(s.len());
        let chunk = &s[..chunk_end];
        let k = key(chunk);
        let words: Vec<&str> = chunk.split_whitespace().collect();
        let address = !words.is_empty()
            && words.len() <= 4
            && (NOT_NAMES.contains(&key(words[0]).as_str()) && !["i", "the", "a", "an", "this", "my"].contains(&key(words[0]).as_str()));
        if chunk_end < s.len() && (FILLERS.contains(&k.as_str()) || address) {
            s = s[chunk_end..].trim_start_matches([',', '—', '–', ' ']);
            continue;
        }
        return s;
    }
}

/// True for a short form of address ("Mr. President", "Chair Powell").
fn is_address(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let first = words.first().map(|w| key(w)).unwrap_or_default();
    const ADDRESS_WORDS: &[&str] = &[
        "mr", "ms", "mrs", "madam", "madame", "president", "secretary", "minister", "prime", "chair", "chairman",
        "chairwoman", "sir", "governor", "ambassador", "admiral", "general", "senator", "vice", "dr", "doctor",
        "professor", "mister", "comrade", "your", "excellency",
    ];
    (1..=4).contains(&words.len()) && ADDRESS_WORDS.contains(&first.trim_end_matches('.'))
}

/// Reads a journalist's self-introduction from the start of a question:
/// "Howard Schneider with Reuters.", "Hi, Steve Liesman, CNBC.", "I'm Laura
/// Meckler, from The Wall Street Journal.", "RIA Novosti.".
pub fn self_intro(text: &str) -> Option<Intro> {
    let mut first = true;
    for sentence in sentences(text).into_iter().take(3) {
        let s = strip_greetings(sentence);
        let k = key(s);
        if FILLERS.contains(&k.as_str()) || k.is_empty() || is_address(s) {
            continue;
        }
        let s = ["i'm ", "i’m ", "i am ", "this is ", "my name is ", "it's ", "it’s ", "and i'm ", "and i’m "]
            .iter()
            .find(|p| s.len() > p.len() && s.is_char_boundary(p.len()) && s[..p.len()].eq_ignore_ascii_case(p))
            .map_or(s, |p| &s[p.len()..]);
        // A name in an introduction is a full name ("Howard Schneider"),
        // and an outlet alone must open the question ("RIA Novosti.").
        let intro = name_and_outlet(strip_trailing_address(s), true)
            .filter(|i| i.name.as_deref().map_or(first, |n| n.split_whitespace().filter(|w| !HONORIFICS.contains(&w.to_lowercase().as_str())).count() >= 2));
        if intro.is_some() {
            return intro;
        }
        // A short pleasantry may come first ("Hi, congratulations on your
        // new position. Owen Jensen with EWTN.").
        if s.split_whitespace().count() > 8 || s.ends_with('?') {
            return None;
        }
        first = false;
    }
    None
}

/// Drops trailing forms of address (", sir", ", Mr. President").
fn strip_trailing_address(s: &str) -> &str {
    let mut s = s.trim().trim_end_matches(['.', '?', '!']).trim();
    while let Some(p) = s.rfind(',') {
        let tail = s[p + 1..].trim();
        if FILLERS.contains(&key(tail).as_str()) || is_address(tail) {
            s = s[..p].trim();
        } else {
            break;
        }
    }
    s
}

/// Parses "Name with/from/at/of Outlet", "Name, Outlet", "from Outlet" or a
/// bare outlet; a bare name only when `intro` is false (calls).
pub(super) fn name_and_outlet(s: &str, intro: bool) -> Option<Intro> {
    let s = s.trim().trim_end_matches(['.', '?', '!', ',']).trim();
    if let Some(rest) = s.strip_prefix("from ").or_else(|| s.strip_prefix("with ")) {
        return outlet_of(rest).filter(|_| is_outlet_only(rest)).map(|o| Intro { name: None, outlet: Some(o) });
    }
    // Split at the first comma or linking word after a name.
    let words: Vec<&str> = s.split_whitespace().collect();
    for n in (1..=4.min(words.len())).rev() {
        let head = words[..n].join(" ");
        let head_clean = head.trim_end_matches(',');
        if !is_person(head_clean) {
            continue;
        }
        let rest = words[n..].join(" ");
        let rest_after_comma = head.ends_with(',');
        let (link, tail) = match rest.split_once(' ') {
            Some((l, t)) if ["with", "from", "at", "of", "for"].contains(&l) => (true, t.to_string()),
            _ => (rest_after_comma, rest.clone()),
        };
        let tail = tail.trim_start_matches(',').trim().to_string();
        if rest.is_empty() {
            break;
        }
        let tail = tail.strip_prefix("from ").or_else(|| tail.strip_prefix("with ")).unwrap_or(&tail).to_string();
        if link {
            if let Some(o) = outlet_of(&tail) {
                return Some(Intro { name: Some(display_case(head_clean)), outlet: Some(o) });
            }
        }
    }
    // "Associated Press, Vladimir Isachenkov": outlet first.
    if let Some((outlet, name)) = s.split_once(", ") {
        if is_outlet_only(outlet) && is_person(name) && name.split_whitespace().count() >= 2 {
            return Some(Intro { name: Some(display_case(name)), outlet: outlet_of(outlet) });
        }
    }
    if is_outlet_only(s) {
        return Some(Intro { name: None, outlet: outlet_of(s) });
    }
    // A bare name is a call ("Peter."), not an introduction.
    (!intro && is_person(s)).then(|| Intro { name: Some(display_case(s)), outlet: None })
}








/// Fills in each exchange's asker and outlet from labels, self-introductions
/// and calls; anonymous questioners who are named this way become speakers.
pub fn identify(t: &mut Transcript) {
    let vocabulary = Vocabulary::of(t);
    let all: Vec<Turn> = t.turns().cloned().collect();
    let mut people = People::of(&t.speakers);
    // Index in `all` of the first turn of the current exchange.
    let mut start = t.opening.len();
    for ex_index in 0..t.exchanges.len() {
        let ex_start = start;
        start += t.exchanges[ex_index].turns.len();
        let ex = &t.exchanges[ex_index];
        let Some(first_q) = ex.turns.iter().position(|x| x.role == Role::Press) else { continue };
        // The question proper may come after greetings and a "Go ahead."
        // ("Hi, Karine." / "Go ahead, Steven." / the question).
        let q_turn = ex.question.map(|q| q.turn).filter(|&q| q >= first_q && q < ex.turns.len()).unwrap_or(first_q);
        let question = &ex.turns[q_turn];
        // The call: the last podium turn that calls someone before the
        // question inside the exchange, else the one before its first press
        // turn.
        let call_at = (first_q..q_turn)
            .rev()
            .find(|&i| ex.turns[i].role.is_host() && call(&ex.turns[i].text).is_some())
            .map_or_else(|| calling_turn(&all, ex_start + first_q), |i| ex_start + i + 1);
        let prev = call_at.checked_sub(1).map(|i| &all[i]);
        let asker = question.speaker.as_deref().and_then(|id| people.get(&t.speakers, id)).cloned();
        let named = asker.as_ref().is_some_and(|s| s.name.is_some());
        let asked_outlet = prev.is_some_and(|p| p.role.is_host() && asks_outlet(&p.text));
        // A self-introduction in any press turn up to the question.
        let intro = ex.turns[first_q..=q_turn]
            .iter()
            .filter(|x| x.role == Role::Press)
            .find_map(|x| self_intro(&x.text).filter(|i| i.name.is_some() || named || asked_outlet || sentences(&x.text).len() > 1))
            .filter(|i| compatible(i, asker.as_ref()))
            .or_else(|| outlet_reply(ex));
        let called = prev
            .filter(|p| p.role.is_host() && !is_reply(p, call_at.saturating_sub(1), &all))
            .and_then(|p| call(&p.text))
            .filter(|c| c.name.as_deref().is_none_or(|n| vocabulary.may_be_name(n)))
            .filter(|c| compatible(c, asker.as_ref()));
        let name = intro.as_ref().and_then(|i| i.name.clone()).or_else(|| called.as_ref().and_then(|c| c.name.clone()));
        let outlet = intro.as_ref().and_then(|i| i.outlet.clone()).or_else(|| {
            // The call's outlet belongs to the journalist it names, or to
            // the one who asks when it names nobody else.
            called.as_ref().filter(|c| c.name.is_none() || name.as_deref() == c.name.as_deref() || named).and_then(|c| c.outlet.clone())
        });
        let ex = &mut t.exchanges[ex_index];
        if ex.outlet.is_none() {
            ex.outlet = outlet.clone();
        }
        if let Some(name) = name.filter(|_| !named) {
            let id = people.press_speaker(&mut t.speakers, &name, outlet.as_deref());
            let ex = &mut t.exchanges[ex_index];
            ex.asker = Some(id.clone());
            // The question's turn, and the lead-ins before it by the same voice.
            let voice = ex.turns[q_turn].speaker.clone();
            for x in ex.turns[first_q..=q_turn].iter_mut().filter(|x| x.role == Role::Press && x.speaker == voice) {
                x.speaker = Some(id.clone());
            }
        }
    }
    for ex in &mut t.exchanges {
        if ex.outlet.is_none() {
            ex.outlet = ex.asker.as_deref().and_then(|id| people.get(&t.speakers, id)).and_then(|s| s.outlet.clone());
        }
    }
}

/// The speakers of a transcript, indexed by id, by name and by first name,
/// so that naming the asker of each of many exchanges costs a lookup.
struct People {
    /// Speaker id → index in the list.
    by_id: std::collections::HashMap<String, usize>,
    /// A press speaker's name → index (the first one with that name).
    by_name: std::collections::HashMap<String, usize>,
    /// A press speaker's first name → index (the first one with it).
    by_first_name: std::collections::HashMap<String, usize>,
}

impl People {
    fn of(speakers: &[Speaker]) -> Self {
        let mut people = People { by_id: Default::default(), by_name: Default::default(), by_first_name: Default::default() };
        for (i, s) in speakers.iter().enumerate() {
            people.add(i, s);
        }
        people
    }

    fn add(&mut self, i: usize, s: &Speaker) {
        self.by_id.entry(s.id.clone()).or_insert(i);
        if let Some(name) = s.name.as_deref().filter(|_| s.role == Role::Press) {
            self.by_name.entry(name.to_string()).or_insert(i);
            if let Some(first) = name.split_whitespace().next() {
                self.by_first_name.entry(first.to_string()).or_insert(i);
            }
        }
    }

    fn get<'a>(&self, speakers: &'a [Speaker], id: &str) -> Option<&'a Speaker> {
        self.by_id.get(id).map(|&i| &speakers[i])
    }

    /// The id of the press speaker called `name`, added if new: "Jessica."
    /// after "Jessica Yellin." is the same reporter.
    fn press_speaker(&mut self, speakers: &mut Vec<Speaker>, name: &str, outlet: Option<&str>) -> String {
        let same = self.by_name.get(name).or_else(|| self.by_first_name.get(name).filter(|_| !name.contains(' '))).copied();
        if let Some(i) = same {
            let s = &mut speakers[i];
            if s.outlet.is_none() {
                s.outlet = outlet.map(str::to_string);
            }
            return s.id.clone();
        }
        let base = slugify(name, "journalist");
        let mut id = base.clone();
        let mut n = 2;
        while self.by_id.contains_key(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        speakers.push(Speaker {
            id: id.clone(),
            name: Some(name.to_string()),
            role: Role::Press,
            outlet: outlet.map(str::to_string),
            title: None,
            label: name.to_string(),
        });
        self.add(speakers.len() - 1, &speakers[speakers.len() - 1]);
        id
    }
}


/// True when the host turn `p` (at index `at` of `all`) is a one- or
/// two-word reply ("Volume.", "Deborah?"): an answer to the question before
/// it or a hand-over to a colleague, not a call on a journalist.
fn is_reply(p: &Turn, at: usize, all: &[Turn]) -> bool {
    let bare = p.text.split_whitespace().count() <= 2;
    let after_question = at.checked_sub(1).is_some_and(|i| all[i].role == Role::Press && all[i].text.trim_end().ends_with('?'));
    bare && (after_question || p.text.trim_end().ends_with('?'))
}

/// True when a host asks a reporter for their outlet.
fn asks_outlet(text: &str) -> bool {
    let l = text.to_lowercase();
    ["who are you with", "where are you from", "which outlet", "what outlet", "who do you work for"].iter().any(|p| l.contains(p))
}

/// What the document says about its words, to tell a called first name
/// ("Jeff.") from an ordinary word ("Fine.") or a place ("Iran, ...").
struct Vocabulary {
    /// Words written in lowercase somewhere.
    lowercase: std::collections::HashSet<String>,
    /// Capitalised words written after "in", "about"...: places.
    places: std::collections::HashSet<String>,
    /// How often capitalised words follow "from", "to", "of": places when
    /// it happens more than once ("a question from Yamiche" is once).
    weak_places: std::collections::HashMap<String, usize>,
}

impl Vocabulary {
    fn of(t: &Transcript) -> Self {
        let mut lowercase = std::collections::HashSet::new();
        let mut places = std::collections::HashSet::new();
        let mut weak_places: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for turn in t.turns() {
            let mut previous = String::new();
            for w in turn.text.split_whitespace() {
                let clean = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
                if clean.chars().next().is_some_and(char::is_lowercase) {
                    lowercase.insert(clean.to_string());
                } else if ["in", "about", "against", "into", "toward", "towards", "across", "inside", "within", "throughout"].contains(&previous.as_str()) {
                    places.insert(clean.to_lowercase());
                } else if ["from", "to", "of"].contains(&previous.as_str()) {
                    *weak_places.entry(clean.to_lowercase()).or_default() += 1;
                }
                previous = clean.to_lowercase();
            }
        }
        Vocabulary { lowercase, places, weak_places }
    }

    /// True unless a one-word name is an ordinary word or a place here, or
    /// a longer one starts with ordinary words ("American Families Plan").
    fn may_be_name(&self, name: &str) -> bool {
        let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
        match words.as_slice() {
            [] | [_] => {}
            // "North Carolina", "King Charles": a place or a title first.
            [first, _] => return !self.places.contains(first) && !["king", "queen", "prince", "princess", "pope", "saint"].contains(&first.as_str()),
            [given @ .., _] => return !given.iter().any(|w| self.lowercase.contains(w)),
        }
        let lw = name.to_lowercase();
        looks_like_first_name(name)
            && !self.lowercase.contains(&lw)
            && !self.places.contains(&lw)
            && self.weak_places.get(&lw).copied().unwrap_or(0) < 2
    }
}

/// An outlet given as the whole reply to "Who are you with?" in a later
/// press turn of the exchange.
fn outlet_reply(ex: &Exchange) -> Option<Intro> {
    ex.turns.windows(2).find_map(|w| {
        let asked = w[0].role.is_host() && asks_outlet(&w[0].text);
        let reply = w[1].text.trim().trim_start_matches("(Laughs.)").trim();
        (asked && w[1].role == Role::Press && is_outlet_only(sentences(reply).first().copied().unwrap_or("")))
            .then(|| Intro { name: None, outlet: outlet_of(sentences(reply).first().copied().unwrap_or("")) })
    })
}

/// True when a found name does not contradict the label's name.
fn compatible(intro: &Intro, asker: Option<&Speaker>) -> bool {
    match (intro.name.as_deref(), asker.and_then(|s| s.name.as_deref())) {
        (Some(a), Some(b)) => {
            let last = |s: &str| s.split_whitespace().last().unwrap_or("").to_lowercase();
            last(a) == last(b) || a.split_whitespace().count() == 1 && b.to_lowercase().starts_with(&a.to_lowercase())
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intro(name: Option<&str>, outlet: Option<&str>) -> Option<Intro> {
        Some(Intro { name: name.map(str::to_string), outlet: outlet.map(str::to_string) })
    }

    #[test]
    fn self_introductions() {
        assert_eq!(self_intro("Howard Schneider with Reuters. Thanks."), intro(Some("Howard Schneider"), Some("Reuters")));
        assert_eq!(self_intro("Hi, Steve Liesman, CNBC. So"), intro(Some("Steve Liesman"), Some("CNBC")));
        assert_eq!(self_intro("Thank you, Mr. President. I'm Laura Meckler, from The Wall Street Journal."), intro(Some("Laura Meckler"), Some("Wall Street Journal")));
        assert_eq!(self_intro("Ksenia Sokolova, Snob magazine. My question"), intro(Some("Ksenia Sokolova"), Some("Snob")));
        assert_eq!(self_intro("RIA Novosti. Mr President,"), intro(None, Some("RIA Novosti")));
        assert_eq!(self_intro("Steve Beckner, freelance financial journalist reporting for NPR."), intro(Some("Steve Beckner"), Some("NPR")));
        assert_eq!(self_intro("Mr. President, what do you say to Congress?"), None);
        assert_eq!(self_intro("Hi, it’s Chris Rugaber at AP.  In 2008,"), intro(Some("Chris Rugaber"), Some("AP")));
        assert_eq!(self_intro("Hi, John Heltman with American Banker.  A question"), intro(Some("John Heltman"), Some("American Banker")));
        assert_eq!(self_intro("Michael McKee from Bloomberg Radio and Television.  The"), intro(Some("Michael McKee"), Some("Bloomberg Radio and Television")));
        assert_eq!(self_intro("Hi, Chair Powell. Greg Robb from Marketwatch.com. I was"), intro(Some("Greg Robb"), Some("Marketwatch.com")));
        assert_eq!(self_intro("Reuters is reporting that the talks failed."), None);
        assert_eq!(self_intro("Associated Press, Vladimir Isachenkov. Mr President,"), intro(Some("Vladimir Isachenkov"), Some("Associated Press")));
        assert_eq!(self_intro("Sticking with China.  President Xi is calling"), None);
        assert_eq!(self_intro("Me, Karine?"), None);
        assert_eq!(self_intro("Thanks, Karine. John, you mentioned the aid package for Ukraine."), None);
        assert_eq!(self_intro("In the world.  The White House Press Secretary."), None);
    }

    #[test]
    fn calls() {
        assert_eq!(call("That is our policy.\n\nPeter, go ahead."), intro(Some("Peter"), None));
        assert_eq!(call("Okay, we’re going to the Wall Street Journal."), intro(None, Some("Wall Street Journal")));
        assert_eq!(call("Justin. Justin Sink, Bloomberg."), intro(Some("Justin Sink"), Some("Bloomberg")));
        assert_eq!(call("Ms. Leonard of Bloomberg."), intro(Some("Ms. Leonard"), Some("Bloomberg")));
        assert_eq!(call("Ayesha Rascoe. Reuters."), intro(Some("Ayesha Rascoe"), Some("Reuters")));
        assert_eq!(call("Go ahead, Karen."), intro(Some("Karen"), None));
        assert_eq!(call("That is what I told the Congress."), None);
        assert_eq!(call("Thank you, Steve."), None);
        assert_eq!(call("Kristen, did you have a question?"), intro(Some("Kristen"), None));
        assert_eq!(call("Boy, that’s a terrible thing."), None);
        assert_eq!(call("[Extended silence]  Okay, CNBC."), intro(None, Some("CNBC")));
        assert_eq!(call("So with that I'm going to take some questions, and I will start with Mike Viqueira."), intro(Some("Mike Viqueira"), None));
        assert_eq!(call("I’m sorry. I call on Ms. Schaeuble from Der Tagesspiegel newspaper. Thank you."), intro(Some("Ms. Schaeuble"), Some("Der Tagesspiegel")));
    }
}
