//! Speaker labels of typed and scanned transcripts that the ordinary
//! `Label:` reading misses: labels without a colon (`PM No, I don't
//! think...`, `P. M. Well,`, `Q. Sir,`), answer labels (`A.`, `A,`,
//! `ANSWER:` where questions are labelled `Q`), and labels damaged by OCR
//! (`Q6`, `QO`, `1Q.`, `PMK`, `P. I.`, `PMI wouldn't say` for `PM: I
//! wouldn't say`, `PRIME MTNTST. R:`, `QESTION:`).
//!
//! Each rule rests on what the document itself repeats: a label head (the
//! letters of one to three short capital tokens at the start of a line:
//! "P. M." reads `PM`) counts when at least [`MIN_REPEATS`] lines open with
//! it and it reads as a role (`PM`, `Q`), or as answers next to question
//! labels; a damaged head counts when it is one stray character away from
//! such a label, or, for longer labels, a few letters away from one the
//! document prints at least [`MIN_REPEATS`] times. Every label read this
//! way is reported by [`TypedLabels::guesses`] for `pressroom check`.

use super::label::{edit_distance, split_label, Label};
use super::text::Line;
use crate::model::Role;
use std::collections::HashMap;

/// Lines that must open with a label head before it is read as a label.
pub const MIN_REPEATS: usize = 3;

/// Most frequent labels compared with a damaged one: few, so that the cost
/// stays linear in the number of lines.
const MAX_KNOWN: usize = 16;

/// The labels a document prints, to read its colonless and damaged ones.
#[derive(Debug, Default)]
pub struct TypedLabels {
    /// Accepted short heads ("PM", "Q", "A") → their label.
    heads: HashMap<String, Label>,
    /// Frequent labels of the document, squashed to letters ("PRIMEMINISTER").
    known: Vec<(String, Label)>,
}

/// The letters of a short label head and where its text starts: "P. M.
/// Well" → ("PM", 6); `None` when the line does not open with one.
fn head(text: &str) -> Option<(String, usize)> {
    // "ANSWER:", "ANS." stand for "A.".
    for word in ["ANSWER", "ANS"] {
        if let Some(rest) = text.strip_prefix(word).filter(|r| r.starts_with([':', '.', ',', ';'])) {
            let rest = rest[1..].trim_start();
            return (!rest.is_empty()).then(|| ("A".to_string(), text.len() - rest.len()));
        }
    }
    let mut letters = String::new();
    let mut end = 0;
    let mut tokens = 0;
    for (start, token) in tokens_with_offsets(text) {
        let short = token.chars().count() <= 4 && token.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || ".,:;".contains(c));
        // "PM I don't": the pronoun starts the text.
        let word = tokens > 0 && token.len() == 1 && token.chars().all(|c| c.is_ascii_uppercase());
        if !short || tokens == 3 || word {
            break;
        }
        letters.extend(token.chars().filter(char::is_ascii_uppercase));
        end = start + token.len();
        tokens += 1;
        if token.ends_with(':') {
            break;
        }
    }
    let rest = text[end..].trim_start();
    (tokens > 0 && (1..=4).contains(&letters.len()) && !rest.is_empty()).then(|| (letters, text.len() - rest.len()))
}

/// Whitespace-separated tokens with their byte offsets.
fn tokens_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace().map(move |t| (t.as_ptr() as usize - text.as_ptr() as usize, t))
}

/// True when the head of `text` (up to `at`) ends with punctuation: "A."
/// and "A," are labels, "A lot" is not.
fn punctuated(text: &str, at: usize) -> bool {
    text[..at].trim_end().ends_with(['.', ',', ':', ';'])
}

/// The label a short head stands for, if it names a side: "PM", "Q".
fn role_label(letters: &str) -> Option<Label> {
    let (label, _) = split_label(&format!("{letters}:"))?;
    (label.role.is_some() || label.title.is_some()).then_some(label)
}

/// The answer label ("A.", "ANSWER:"): the podium's turns, speaker unnamed.
fn answer_label(raw: &str) -> Label {
    Label { raw: raw.to_string(), role: Some(Role::Official), answer: true, ..Label::default() }
}

/// Letters of a label, lowercase ("PRIME MTNTST. R" → "primemtntstr").
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect()
}

impl TypedLabels {
    /// Learns the document's labels from its lines and the labels the
    /// ordinary reading found (`found[i]` for `lines[i]`).
    pub fn new(lines: &[Line], found: &[Option<(Label, usize)>]) -> Self {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut punct: HashMap<String, usize> = HashMap::new();
        // A label as the document prints it, by its letters.
        let mut printed: HashMap<String, &Label> = HashMap::new();
        for (l, f) in lines.iter().zip(found) {
            if let Some((label, _)) = f {
                let key = squash(&label.raw).to_uppercase();
                *counts.entry(key.clone()).or_default() += 1;
                printed.entry(key).or_insert(label);
                continue;
            }
            if let Some((letters, at)) = head(&l.text) {
                *counts.entry(letters.clone()).or_default() += 1;
                if punctuated(&l.text, at) {
                    *punct.entry(letters).or_default() += 1;
                }
            }
        }
        let press = ["Q", "QUESTION", "JOURNALIST", "REPORTER"].iter().map(|k| counts.get(*k).copied().unwrap_or(0)).sum::<usize>();
        let mut heads = HashMap::new();
        for (letters, &n) in &counts {
            if n < MIN_REPEATS || letters.len() > 4 {
                continue;
            }
            if let Some(label) = role_label(letters) {
                heads.insert(letters.clone(), label);
            } else if letters == "A" && press >= MIN_REPEATS && punct.get(letters).copied().unwrap_or(0) >= MIN_REPEATS {
                heads.insert(letters.clone(), answer_label(letters));
            }
        }
        // Labels printed often, to read damaged spellings of.
        let mut frequent: Vec<(&String, &usize)> = counts.iter().filter(|(k, n)| **n >= MIN_REPEATS && k.len() >= 5).collect();
        frequent.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let known = frequent
            .into_iter()
            .take(MAX_KNOWN)
            .filter_map(|(k, _)| {
                let label = if k == "ANSWER" { Some(answer_label(k)) } else { printed.get(k).map(|l| (*l).clone()) };
                label.map(|l| (k.to_lowercase(), l))
            })
            .collect();
        TypedLabels { heads, known }
    }

    /// True when the document has labels to read this way.
    pub fn is_empty(&self) -> bool {
        self.heads.is_empty() && self.known.is_empty()
    }

    /// The label at the start of `text` and the offset of its text, read as
    /// a colonless, answer or damaged label.
    pub fn label(&self, text: &str) -> Option<(Label, usize)> {
        if self.is_empty() {
            return None;
        }
        if let Some((letters, at)) = head(text) {
            let rest = &text[at..];
            let sentence = rest.starts_with(|c: char| c.is_uppercase() || "\"“'‘(".contains(c)) || punctuated(text, at);
            if let Some(label) = self.heads.get(&letters).filter(|_| sentence) {
                return Some((label.clone(), at));
            }
            // One stray character: "Q6", "QO", "1Q." (digits are dropped
            // from heads), "PMK", "P. I."; "PMI wouldn't" is "PM: I wouldn't".
            if letters.len() >= 2 {
                let base = &letters[..letters.len() - 1];
                if let Some(label) = self.heads.get(base) {
                    if letters.ends_with('I') && rest.starts_with(|c: char| c.is_lowercase()) {
                        let i = text[..at].trim_end().len() - 1;
                        return Some((label.clone(), i));
                    }
                    if sentence {
                        return Some((label.clone(), at));
                    }
                }
                let near = self.heads.iter().find(|(k, _)| k.len() == letters.len() && k.len() >= 2 && k[..1] == letters[..1] && edit_distance(k, &letters) == 1);
                if let Some((_, label)) = near.filter(|_| sentence) {
                    return Some((label.clone(), at));
                }
            }
        }
        self.damaged_word_label(text)
    }

    /// A longer label damaged by OCR ("PRIME MTNTST. R:", "QESTION:",
    /// "PRIME MINISTE I'm"): a few letters away from a frequent label,
    /// followed by a colon or by a sentence.
    fn damaged_word_label(&self, text: &str) -> Option<(Label, usize)> {
        if self.known.is_empty() || !text.starts_with(|c: char| c.is_ascii_uppercase()) {
            return None;
        }
        // The label ends at a colon (within 30 bytes) or after one to three
        // words in capitals.
        let colon = text.find(':').filter(|&c| c <= 30 && text[..c].chars().all(|ch| !ch.is_lowercase()));
        let candidates: Vec<usize> = match colon {
            Some(c) => vec![c],
            None => tokens_with_offsets(text).take(3).take_while(|(_, t)| t.chars().all(|c| !c.is_lowercase())).map(|(s, t)| s + t.len()).collect(),
        };
        for end in candidates.into_iter().rev() {
            let printed = &text[..end];
            let rest = text[end..].trim_start_matches([':', '.', ';']).trim_start();
            let sentence = colon.is_some() || (rest.starts_with(|c: char| c.is_uppercase()) && rest.chars().any(char::is_lowercase));
            let letters = squash(printed);
            if !sentence || rest.is_empty() || letters.len() < 5 {
                continue;
            }
            let found = self.known.iter().find(|(k, _)| *k != letters && edit_distance(k, &letters) <= (k.len() / 4).max(1));
            if let Some((_, label)) = found {
                return Some((label.clone(), text.len() - rest.len()));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        text.lines().enumerate().map(|(i, t)| Line { no: i + 1, text: t.to_string() }).collect()
    }

    fn learn(text: &str) -> (Vec<Line>, TypedLabels) {
        let lines = lines(text);
        let found: Vec<_> = lines.iter().map(|l| split_label(&l.text).map(|(label, rest)| (label, l.text.len() - rest.len()))).collect();
        let typed = TypedLabels::new(&lines, &found);
        (lines, typed)
    }

    fn read(typed: &TypedLabels, line: &str) -> Option<(String, String)> {
        typed.label(line).map(|(l, at)| (l.raw, line[at..].to_string()))
    }

    #[test]
    fn labels_without_colons() {
        let (_, typed) = learn("Q. Sir, one?\nPM Yes.\nQ. Two?\nPM No.\nQ. Three?\nPM I don't think so.\n");
        assert_eq!(read(&typed, "PM No, I don't think..."), Some(("PM".into(), "No, I don't think...".into())));
        assert_eq!(read(&typed, "PMI wouldn't say that."), Some(("PM".into(), "I wouldn't say that.".into())));
        assert_eq!(read(&typed, "PMK Well, I can only say"), Some(("PM".into(), "Well, I can only say".into())));
        assert_eq!(read(&typed, "Q6 There was one report"), Some(("Q".into(), "There was one report".into())));
        assert_eq!(read(&typed, "QO What happens now?"), Some(("Q".into(), "What happens now?".into())));
        assert_eq!(read(&typed, "1Q. Sir, what happens now?"), Some(("Q".into(), "Sir, what happens now?".into())));
        assert_eq!(read(&typed, "I think so."), None);
        assert_eq!(read(&typed, "US companies are here."), None);
    }

    #[test]
    fn spaced_and_answer_labels() {
        let (_, typed) = learn("P. M. Well, I have been reading.\nQ. Sir?\nP. M. We agreed.\nQ. And?\nP. M. On no.\nQ. Then?\n");
        assert_eq!(read(&typed, "P. M. Yes, it must."), Some(("PM".into(), "Yes, it must.".into())));
        assert_eq!(read(&typed, "P. I. No, I can't."), Some(("PM".into(), "No, I can't.".into())));
        let (_, typed) = learn("QUESTION: One?\nANSWER: Yes.\nQUESTION: Two?\nANSWER: No.\nQUESTION: Three?\nA. Maybe.\n");
        assert!(typed.label("ANSWER: We did.").is_some_and(|(l, _)| l.answer));
        let (_, typed) = learn("Q. One?\nA. Yes.\nQ. Two?\nA, No.\nQ. Three?\nA. Maybe.\n");
        let (label, _) = typed.label("A. We did.").unwrap();
        assert!(label.answer && label.role == Some(Role::Official));
        assert_eq!(typed.label("A lot of people came."), None);
    }

    #[test]
    fn damaged_long_labels() {
        let (_, typed) = learn("PRIME MINISTER: Yes.\nQUESTION: One?\nPRIME MINISTER: No.\nQUESTION: Two?\nPRIME MINISTER: Maybe.\nQUESTION: Three?\n");
        assert_eq!(read(&typed, "PRIME MTNTST. R: Well, no."), Some(("PRIME MINISTER".into(), "Well, no.".into())));
        assert_eq!(read(&typed, "QESTION: Is it?"), Some(("QUESTION".into(), "Is it?".into())));
        assert_eq!(read(&typed, "PRIME MINISTE I'm making no statement."), Some(("PRIME MINISTER".into(), "I'm making no statement.".into())));
        assert_eq!(read(&typed, "PRIME MINISTER'S PRESS CONFERENCE"), None);
    }

    proptest::proptest! {
        /// A label read from any line starts its text on a character
        /// boundary inside the line.
        #[test]
        fn offsets_stay_inside_the_line(doc in proptest::collection::vec("(Q\\.|P\\. M\\.|PM|A,|QUESTION:|PRIME MINISTER:)? ?\\PC{0,30}", 0..20), line in "\\PC{0,40}") {
            let (_, typed) = learn(&doc.join("\n"));
            if let Some((_, at)) = typed.label(&line) {
                proptest::prop_assert!(at <= line.len() && line.is_char_boundary(at));
            }
        }
    }
}
