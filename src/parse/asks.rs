//! Whether a press turn asks something, and where its question starts.
//!
//! A press turn asks nothing when all it says is small talk: greetings,
//! thanks, acknowledgments, a form of address or a name ("Hi.", "Thank you,
//! Jen.", "Okay.", "Mr. President —", "Jake —"), a self-introduction, or a
//! stage note ("(Laughs.)"). A turn that opens with a dash ("— since
//! 1967?") or in lowercase finishes a sentence cut by cross-talk. An
//! announcement of a question to come ("A question for the prime minister,
//! please.", "Can I follow up on that?") puts no question yet, even with a
//! question mark. Everything else puts something to the podium: a question,
//! or a statement the podium may answer (a challenge, a fact), which the
//! grouping of exchanges judges by the reply it gets.
//!
//! Words that count as small talk are a closed class (pleasantries,
//! acknowledgments, honorifics and titles used to address someone); a
//! capitalised word counts as a name when the transcript names a speaker so,
//! when a title or honorific comes before it ("Dr. Fauci"), or when the
//! sentence is a greeting or thanks ("Hey, John.").

use super::askers::{self_intro, sentences};
use crate::model::{QuestionStart, Role, Turn};
use std::collections::HashSet;

/// What a press turn does for the exchange it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// Small talk only: greetings, thanks, acknowledgments, address.
    Nothing,
    /// Finishes a sentence cut by cross-talk ("— since 1967?").
    Continuation,
    /// Says something without asking yet: a statement, an announcement of a
    /// question, a fragment cut by cross-talk ("But do you —").
    Statement,
    /// Asks a question.
    Question,
}

/// Words of small talk and of address, lowercase.
const SMALL_TALK: &[&str] = &[
    "hi", "hello", "hey", "good", "morning", "afternoon", "evening", "night", "day", "welcome", "back",
    "nice", "great", "glad", "to", "see", "you", "too", "again", "how", "are", "doing", "thank", "thanks",
    "much", "very", "so", "appreciate", "it", "that", "sir", "ma'am", "ma’am", "maam", "madam", "madame",
    "mister", "mr", "mrs", "ms", "miss", "dr", "doctor", "everybody", "everyone", "all", "folks", "guys",
    "yes", "yeah", "yep", "yup", "no", "nope", "okay", "ok", "alright", "right", "sure", "got", "understood",
    "fair", "enough", "sorry", "excuse", "me", "please", "oh", "ah", "well", "uh", "um", "and", "bye",
    "congratulations", "congrats", "luck", "happy", "new", "year", "i", "i'm", "i’m", "indeed", "absolutely",
    "exactly", "cheers", "wow", "hmm", "perfect", "cool", "fine", "really", "of", "course", "there", "the",
    "for", "your", "time", "being", "here", "with", "us", "once", "both", "a", "lot", "anyway", "kind", "true",
    "correct", "agreed", "mm-hmm", "uh-huh", "laughs", "laughter", "we", "we're", "we’re", "just", "saying",
    "say", "wanted", "want", "wish", "merry", "christmas", "holidays", "safe", "travels", "birthday", "hope",
    "feel", "feeling", "better", "taking", "coming", "having", "this", "too", "also", "but", "so", "now",
    "go", "ahead", "yay", "whoa", "oops", "uh-oh", "awesome", "delighted", "come", "happy", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "let's", "let’s",
];

/// Words of a cut-off fragment that puts nothing yet ("But there is —",
/// "On the —", "The Pentagon —"): the podium talks over it.
const FRAGMENT_WORDS: usize = 6;

/// Words that greet or thank: a name may follow them ("Hi, John.").
const GREETINGS: &[&str] = &["hi", "hello", "hey", "thank", "thanks", "welcome", "morning", "afternoon", "evening", "congratulations", "congrats", "see", "luck"];

/// Titles and honorifics used to address someone; a name may follow them.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "madam", "madame", "president", "vice", "prime", "minister", "secretary",
    "general", "admiral", "governor", "senator", "ambassador", "chancellor", "chair", "chairman", "chairwoman",
    "director", "leader", "speaker", "congressman", "congresswoman", "professor", "president-elect", "king",
    "queen", "premier", "treasurer", "commissioner", "excellency", "majesty", "highness", "your", "deputy",
    "spokesman", "spokeswoman", "spokesperson", "mayor", "judge", "justice", "father", "sister", "brother",
];

/// Phrases that announce a question rather than ask it.
const ANNOUNCEMENTS: &[&str] = &[
    "question", "questions", "follow-up", "follow up", "followup", "follow on", "quick follow", "one more",
    "another one", "last one", "quick one", "can i ask", "could i ask", "may i ask", "might i ask",
    "let me ask", "i want to ask", "i'd like to ask", "i’d like to ask", "i would like to ask",
    "i wanted to ask", "can i follow", "could i follow", "may i follow", "can i just", "may i just",
    "could i just", "can i try", "if i could", "if i can", "if i may", "i have one", "i've got one",
    "i’ve got one", "two things", "one thing", "make it quick", "be quick", "be brief",
];

/// Names a transcript gives its speakers (each word, lowercase): they may
/// stand alone as a form of address ("Karine?", "Jake —").
#[derive(Debug, Clone, Default)]
pub struct Names(HashSet<String>);

impl Names {
    /// The words of the given names.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Names(names.into_iter().flat_map(|n| n.split_whitespace()).map(|w| clean(w).to_lowercase()).filter(|w| w.len() > 1).collect())
    }
}

/// A word without surrounding punctuation.
fn clean(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-')
        .trim_matches(['\'', '’', '-'])
}

/// The text without stage notes in parentheses or brackets ("(Laughs.)",
/// "[inaudible]"), whose words do not say anything to the podium.
fn without_notes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// True when a sentence is small talk only: every word a pleasantry, a
/// form of address or a name used as one.
fn is_small_talk(sentence: &str, names: &Names) -> bool {
    let words: Vec<&str> = sentence.split_whitespace().map(clean).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return true;
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase().trim_end_matches('.').to_string()).collect();
    let greets = lower.iter().any(|w| GREETINGS.contains(&w.as_str()));
    // A capitalised word after a greeting is a name ("Hey, John."); in a
    // question it must be a known name ("Karine?"), or "Iran?" would be one.
    let asking = sentence.trim_end().ends_with('?');
    // "Me, Alex.": a name after a comma that ends the sentence.
    let vocative = sentence.trim_end().trim_end_matches(['.', '!', '?', ' ']).rsplit_once(',').is_some_and(|(_, last)| last.split_whitespace().count() == 1);
    let last = words.len() - 1;
    words.iter().zip(&lower).enumerate().all(|(i, (w, lw))| {
        let capital = w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || "-.'’".contains(c));
        let after_title = i > 0 && TITLES.contains(&lower[i - 1].as_str());
        SMALL_TALK.contains(&lw.as_str())
            || TITLES.contains(&lw.as_str())
            || (capital && (names.0.contains(lw) || after_title || (greets && !asking) || (vocative && i == last && !asking)))
    })
}

/// Words a podium turn uses to hand the floor over ("Go ahead, back
/// there.", "Ask to the prime minister, please.", "Next question.").
const HANDOFF: &[&str] = &[
    "go", "ahead", "next", "back", "there", "over", "here", "in", "front", "row", "middle", "you", "your",
    "question", "questions", "ask", "one", "more", "last", "yes", "let's", "let’s", "take", "then", "now",
    "how", "about", "him", "her", "them", "one", "two", "first", "second", "wait", "hold", "on", "minute",
];

/// True when a podium turn only hands the floor over or reacts ("Go ahead,
/// please.", "Okay.  Fine.", "How about you.  Please."): it answers
/// nothing.
pub fn is_handoff(text: &str, names: &Names) -> bool {
    let plain = without_notes(text);
    !plain.trim().is_empty()
        && sentences(&plain).into_iter().all(|s| {
            is_small_talk(s, names)
                || s.split_whitespace().map(clean).filter(|w| !w.is_empty()).all(|w| {
                    let lw = w.to_lowercase();
                    HANDOFF.contains(&lw.as_str()) || SMALL_TALK.contains(&lw.as_str()) || TITLES.contains(&lw.as_str()) || names.0.contains(&lw)
                })
        })
}

/// Content words of a turn (four letters or more, lowercase), to tell a
/// question restated after "You're going to have to go louder." from a new
/// one.
pub fn content_words(text: &str) -> HashSet<String> {
    without_notes(text)
        .split_whitespace()
        .map(|w| clean(w).to_lowercase())
        .filter(|w| w.chars().count() >= 4 && !SMALL_TALK.contains(&w.as_str()) && !TITLES.contains(&w.as_str()))
        .collect()
}

/// True when `b` restates `a`: most content words of the shorter one are
/// in the other (at least four of them).
pub fn restates(a: &HashSet<String>, b: &HashSet<String>) -> bool {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.len() >= 4 && small.iter().filter(|w| large.contains(*w)).count() * 5 >= small.len() * 3
}

/// True when two turns open with the same four words ("Is it beyond
/// narcotics?" and "Is it beyond narcotics, the targeting of...").
pub fn same_opening(a: &str, b: &str) -> bool {
    let words = |t: &str| without_notes(t).split_whitespace().map(|w| clean(w).to_lowercase()).filter(|w| !w.is_empty()).take(4).collect::<Vec<_>>();
    let (wa, wb) = (words(a), words(b));
    wa.len() == 4 && wa == wb
}

/// True when a sentence only announces a question ("A question for the
/// prime minister, please.", "May I follow up?"): short, with an
/// announcing phrase in every part that is not small talk.
fn is_announcement(sentence: &str, names: &Names) -> bool {
    if sentence.split_whitespace().count() > 14 {
        return false;
    }
    let mut any = false;
    for chunk in sentence.split([',', '—', '–', ';']).flat_map(|c| c.split(" -- ")) {
        let lower = chunk.to_lowercase();
        if is_small_talk(chunk, names) {
            continue;
        }
        if !ANNOUNCEMENTS.iter().any(|a| contains_phrase(&lower, a)) {
            return false;
        }
        any = true;
    }
    any
}

/// Words that open a question: scanned transcripts often lose the question
/// mark ("Could not this meeting have taken place on the same day.").
const INTERROGATIVES: &[&str] = &[
    "what", "why", "how", "when", "where", "who", "whom", "whose", "which", "is", "are", "was", "were", "do",
    "does", "did", "can", "could", "will", "would", "shall", "should", "may", "might", "have", "has", "had",
    "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "can't", "couldn't", "won't",
    "wouldn't", "shouldn't", "haven't", "hasn't",
];

/// True when a sentence is worded as a question, question mark or not
/// ("Would you support an amendment."), its subject following the verb.
pub fn is_interrogative(sentence: &str) -> bool {
    // Past a leading form of address ("Prime Minister, how do you see...",
    // "Mr Hawke does Friday's statement still stand.").
    let sentence = match sentence.split_once(',') {
        Some((head, rest)) if head.split_whitespace().count() <= 3 && head.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase)) => rest,
        _ => sentence,
    };
    let words: Vec<&str> = sentence.split_whitespace().map(clean).filter(|w| !w.is_empty()).collect();
    let mut skip = 0;
    while skip < words.len().min(3) {
        let lw = words[skip].to_lowercase();
        let after_title = skip > 0 && TITLES.contains(&words[skip - 1].to_lowercase().trim_end_matches('.')) && words[skip].chars().next().is_some_and(char::is_uppercase);
        if TITLES.contains(&lw.trim_end_matches('.')) || after_title {
            skip += 1;
        } else {
            break;
        }
    }
    let (Some(first), Some(second)) = (words.get(skip), words.get(skip + 1)) else { return false };
    let (first, capital) = (first.to_lowercase(), second.chars().next().is_some_and(char::is_uppercase));
    let second = second.to_lowercase();
    // "What I mean is...", "How we do it" open statements too; an
    // auxiliary must be followed by its subject ("Is Russia planning").
    let subject = ["i", "you", "we", "he", "she", "it", "they", "there", "this", "that", "the", "not", "your", "anyone", "anybody", "somebody"];
    let wh = ["what", "why", "how", "when", "where", "who", "which"].contains(&first.as_str());
    if wh {
        !subject[..5].contains(&second.as_str())
    } else {
        INTERROGATIVES.contains(&first.as_str()) && (subject.contains(&second.as_str()) || capital)
    }
}

/// True when `phrase` occurs in `text` as whole words.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[at + phrase.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        before && after
    })
}

/// True for a sentence that introduces the journalist ("Laurie Oakes from
/// the Sun, Prime Minister.").
fn is_introduction(sentence: &str) -> bool {
    sentence.split_whitespace().count() <= 12 && !sentence.trim_end().ends_with('?') && self_intro(sentence).is_some()
}

/// What a press turn does (see the module documentation).
pub fn classify(text: &str, names: &Names) -> Ask {
    let plain = without_notes(text);
    let t = plain.trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '“');
    if t.starts_with(['—', '–', '…']) || t.starts_with("--") || t.starts_with("-") || t.starts_with("...") {
        return Ask::Continuation;
    }
    // "(Inaudible)?": a question nobody could hear; "(Inaudible)" or
    // "[Question in Indonesian]" alone stands for one too, which the
    // podium's reply tells ("(Laughter.)" alone does not).
    if t.trim() == "?" {
        return Ask::Question;
    }
    if t.trim_matches(|c: char| !c.is_alphanumeric()).is_empty() {
        let lower = text.to_lowercase();
        let unheard = ["inaudible", "question", "unintelligible", "indistinct", "off mic", "off-mic", "not audible"];
        return if unheard.iter().any(|w| lower.contains(w)) { Ask::Statement } else { Ask::Nothing };
    }
    // A few words cut off by the podium, not worded as a question.
    let cut = t.trim_end().ends_with(['—', '–', '-', '…']) || t.trim_end().ends_with("--") || t.trim_end().ends_with("...");
    if cut && !t.contains('?') && t.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count() <= FRAGMENT_WORDS && (!is_interrogative(t) || content_words(t).iter().all(|w| INTERROGATIVES.contains(&w.as_str()))) {
        return Ask::Nothing;
    }
    let mut said = false;
    for s in sentences(&plain) {
        if is_small_talk(s, names) || is_introduction(s) {
            continue;
        }
        if is_announcement(s, names) {
            said = true;
            continue;
        }
        if s.trim_end().trim_end_matches(['"', '”', '’', '\'', ')']).ends_with('?') || is_interrogative(s) {
            return Ask::Question;
        }
        said = true;
    }
    if said {
        Ask::Statement
    } else {
        Ask::Nothing
    }
}

/// Byte offset in `text` where its question proper starts: the first
/// sentence that is neither small talk, a self-introduction nor an
/// announcement ("What about Gaza?" in "Thank you, Karine. Good luck. What
/// about Gaza?"), with `true`; else the first announcement, with `false`;
/// `None` when the turn is small talk only.
pub fn question_start(text: &str, names: &Names) -> Option<(usize, bool)> {
    let mut announcement = None;
    for s in sentences(text) {
        let plain = without_notes(s);
        if plain.trim().is_empty() || is_small_talk(&plain, names) || is_introduction(&plain) {
            continue;
        }
        let at = s.as_ptr() as usize - text.as_ptr() as usize;
        if is_announcement(&plain, names) {
            announcement = announcement.or(Some((at, false)));
            continue;
        }
        return Some((at, true));
    }
    announcement
}

/// Where the question proper of an exchange starts (see
/// [`question_start`]): in the first press turn with a sentence that asks,
/// else at the first announcement; `None` when that is the start of the
/// first press turn anyway.
pub fn exchange_question(turns: &[Turn], names: &Names) -> Option<QuestionStart> {
    let mut fallback = None;
    for (i, t) in turns.iter().enumerate().filter(|(_, t)| t.role == Role::Press) {
        match question_start(&t.text, names) {
            Some((at, true)) => {
                fallback = Some(QuestionStart { turn: i, at });
                break;
            }
            Some((at, false)) if fallback.is_none() => fallback = Some(QuestionStart { turn: i, at }),
            _ => {}
        }
    }
    let first_press = turns.iter().position(|t| t.role == Role::Press)?;
    fallback.filter(|q| !(q.turn == first_press && q.at == 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names::new(["Karine Jean-Pierre", "Jake Sullivan"])
    }

    #[test]
    fn small_talk_asks_nothing() {
        assert_eq!(classify("(Inaudible)", &names()), Ask::Statement);
        for t in ["(Laughter.)", "(Cross-talk.)", "Thank you.  Me, Alex.  Okay.", "Happy Friday.", "Hi.", "Hello, sir.  Hello.", "We're just saying hi.", "Thank you, Karine.", "Hey, John.", "Okay.", "Got it.", "Yeah.", "Thanks.", "Mr. President —", "Jake —", "Karine?", "Good to see you.", "Thank you, Mr. President.", "Laurie Oakes from the Sun, Prime Minister.", "", "President-elect Trump —"] {
            assert_eq!(classify(t, &names()), Ask::Nothing, "{t:?}");
        }
    }

    #[test]
    fn questions_and_statements() {
        assert_eq!(classify("Thank you, Karine. Good luck. What about Gaza?", &names()), Ask::Question);
        assert_eq!(classify("Iran?", &names()), Ask::Question);
        assert_eq!(classify("Why?", &names()), Ask::Question);
        assert_eq!(classify("Prime Minister was there specific mention of Libya.", &names()), Ask::Question);
        assert_eq!(classify("Mr Hawke does Friday's statement still stand.", &names()), Ask::Question);
        assert_eq!(classify("What I mean is the point you just made.", &names()), Ask::Statement);
        assert_eq!(classify("But this is your own government.", &names()), Ask::Statement);
        assert_eq!(classify("A question for the prime minister, please.", &names()), Ask::Statement);
        assert_eq!(classify("Dr. Hahn, a question about antibody tests, please?", &names()), Ask::Statement);
        assert_eq!(classify("Can I follow up on that?  Mr. President, can I follow up on that?", &names()), Ask::Statement);
        assert_eq!(classify("And then I've got one more.", &names()), Ask::Statement);
        assert_eq!(classify("Can I ask you about Xi — did you discuss tariffs?", &names()), Ask::Question);
        assert_eq!(classify("— since 1967?", &names()), Ask::Continuation);
        assert_eq!(classify("-- torture in Iraq and Afghanistan?", &names()), Ask::Continuation);
    }

    #[test]
    fn question_starts_after_the_pleasantries() {
        let t = "Thank you, Karine. Good luck. What about Gaza?";
        assert_eq!(&t[question_start(t, &names()).unwrap().0..], "What about Gaza?");
        let t = "Geeta Mohan from India today, sir.  I'll just take my colleague's question forward.  Is it true?";
        assert_eq!(&t[question_start(t, &names()).unwrap().0..], "Is it true?");
        assert_eq!(question_start("Thank you.", &names()), None);
        let t = "A question for the prime minister, please.";
        assert_eq!(question_start(t, &names()), Some((0, false)));
    }

    proptest::proptest! {
        /// Classifying never panics, and a question starts on a character
        /// boundary of its turn.
        #[test]
        fn question_starts_inside_the_turn(text in "\\PC{0,80}") {
            let _ = classify(&text, &names());
            if let Some((at, _)) = question_start(&text, &names()) {
                proptest::prop_assert!(at <= text.len() && text.is_char_boundary(at));
            }
        }
    }
}
