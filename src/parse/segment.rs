//! Cutting the body into raw turns at speaker labels.

use super::label::{split_label, Label};
use super::text::{is_footer, Line};
use super::Hints;
use crate::model::Role;
use std::collections::HashMap;

/// A turn as printed: the label (if any) and its paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTurn {
    /// The speaker label, or `None` for text before the first label.
    pub label: Option<Label>,
    /// Paragraphs; lines of one paragraph are joined with `\n`.
    pub paragraphs: Vec<String>,
    /// 1-based source line where the turn starts.
    pub line: usize,
}

impl RawTurn {
    fn new(label: Option<Label>, line: usize) -> Self {
        RawTurn { label, paragraphs: Vec::new(), line }
    }

    fn push_line(&mut self, text: &str, new_paragraph: bool) {
        match self.paragraphs.last_mut() {
            Some(p) if !new_paragraph => {
                p.push('\n');
                p.push_str(text);
            }
            _ => self.paragraphs.push(text.to_string()),
        }
    }

    /// Number of words in the turn.
    pub fn words(&self) -> usize {
        self.paragraphs.iter().map(|p| p.split_whitespace().count()).sum()
    }
}

/// True for a line that is a bracketed note about a question from the
/// floor ("[Inaudible follow up question].").
fn is_question_note(line: &str) -> bool {
    let t = line.trim().trim_end_matches('.');
    let bracketed = (t.starts_with('[') && t.ends_with(']')) || (t.starts_with('(') && t.ends_with(')'));
    let lower = t.to_lowercase();
    bracketed && t.len() < 120 && (lower.contains("question") || lower.contains("journalist") || lower.contains("reporter"))
}

/// Applies the site's label hints to a label.
fn apply_hints(mut label: Label, hints: &Hints) -> Label {
    let raw = label.raw.to_lowercase();
    if hints.press_labels.iter().any(|h| h.to_lowercase() == raw) {
        label.role = Some(Role::Press);
    } else if hints.host_labels.iter().any(|h| h.to_lowercase() == raw) {
        label.role = Some(Role::Official);
    }
    label
}

/// Where a label was found on a line: the label and the byte offset of the
/// text after it.
type Found = Option<(Label, usize)>;

/// The label key used to compare labels: lowercase, parentheses dropped.
fn key(label: &Label) -> String {
    label_key(&label.raw)
}

fn label_key(raw: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when the letters of `s` are all capitals.
fn is_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.iter().all(|c| c.is_uppercase())
}

/// Finds the label (if any) at the start of every line.
fn find_labels(lines: &[Line]) -> Vec<Found> {
    lines
        .iter()
        .map(|l| split_label(&l.text).map(|(label, rest)| (label, l.text.len() - rest.len())))
        .collect()
}

/// Drops labels that the document's own habits show are not labels: a
/// one-off mixed-case heading ("Bridges:") where speakers are labelled in
/// capitals, and the odd "Governing Council:" in a statement without turns.
fn validate_labels(lines: &[Line], found: &mut [Found]) {
    let labelled: Vec<&Label> = found.iter().flatten().map(|(l, _)| l).collect();
    let caps = labelled.iter().filter(|l| is_caps(&l.raw)).count();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for l in &labelled {
        *counts.entry(key(l)).or_default() += 1;
    }
    let caps_style = labelled.len() >= 5 && caps * 10 >= labelled.len() * 9;
    let prose = lines.iter().zip(found.iter()).filter(|(l, f)| f.is_none() && l.text.split_whitespace().count() > 12).count();
    let few = labelled.len() <= 2 && prose >= 8;
    for f in found.iter_mut() {
        let Some((label, _)) = f else { continue };
        let once = counts.get(&key(label)).copied().unwrap_or(0) <= 1;
        let strong = label.role == Some(Role::Press) || (label.name.is_some() && label.title.is_some());
        let off_style = caps_style && once && !is_caps(&label.raw) && label.role.is_none();
        if (off_style || (few && !strong && label.name.is_none())) && !strong {
            *f = None;
        }
    }
}

/// Labels printed at the start of a line at least twice, usable to find
/// the same label run into the end of a line ("...debt? PM: Well,").
fn repeated_keys(found: &[Found]) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (l, _) in found.iter().flatten() {
        if l.raw.chars().filter(|c| c.is_alphabetic()).count() >= 2 && l.raw.contains(|c: char| !c.is_whitespace()) {
            *counts.entry(l.raw.clone()).or_default() += 1;
        }
    }
    let mut keys: Vec<String> = counts.into_iter().filter(|(_, n)| *n >= 2).map(|(k, _)| k).collect();
    keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
    keys
}

/// Splits lines where a known label is run into the text ("...the debt
/// Prime Minister? PM: Well,"): after sentence punctuation, or anywhere for
/// a label in capitals.
fn split_run_in(lines: &[Line], keys: &[String]) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let mut text = line.text.as_str();
        while let Some(at) = run_in_label(text, keys) {
            out.push(Line { no: line.no, text: text[..at].trim_end().to_string() });
            text = &text[at..];
        }
        out.push(Line { no: line.no, text: text.to_string() });
    }
    out
}

/// Byte offset of the first run-in label in `text` (never at offset 0).
fn run_in_label(text: &str, keys: &[String]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for k in keys {
        let pattern = format!(" {k}:");
        let mut from = 0;
        while let Some(p) = text[from..].find(&pattern) {
            let at = from + p + 1;
            from = at;
            let before = text[..at - 1].trim_end();
            let after = &text[at + k.len() + 1..];
            if before.is_empty() || !(after.is_empty() || after.starts_with(char::is_whitespace)) {
                continue;
            }
            let punct = before.ends_with(['.', '?', '!', '"', '”', ')', '-', '—']);
            if punct || (is_caps(k) && k.chars().filter(|c| c.is_alphabetic()).count() >= 2) {
                best = Some(best.map_or(at, |b: usize| b.min(at)));
                break;
            }
        }
    }
    best
}

/// A line that is only a known label without its colon ("QUESTION",
/// "PRIME MINISTER" alone on a line).
fn bare_label(text: &str, keys: &[String]) -> Option<Label> {
    let t = text.trim().trim_end_matches([':', ';', '.', '-', ',']).trim();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let known = keys.iter().any(|k| k.eq_ignore_ascii_case(t));
    let press_word = is_caps(t) && ["QUESTION", "JOURNALIST", "REPORTER", "QUESTIONER"].contains(&t);
    if !(known || press_word) {
        return None;
    }
    split_label(&format!("{t}:")).map(|(l, _)| l)
}

/// Splits cleaned body lines into raw turns.
pub fn segment(lines: &[Line], hints: &Hints) -> Vec<RawTurn> {
    let first = find_labels(lines);
    let keys = repeated_keys(&first);
    let lines = split_run_in(lines, &keys);
    let mut found = find_labels(&lines);
    for (f, l) in found.iter_mut().zip(&lines) {
        if f.is_none() {
            *f = bare_label(&l.text, &keys).map(|label| (label, l.text.len()));
        }
    }
    validate_labels(&lines, &mut found);
    // Footer lines after the last label are site boilerplate.
    let last_label = found.iter().rposition(Option::is_some).unwrap_or(0);
    let mut end = lines.len();
    while end > last_label + 1 && is_footer(&lines[end - 1].text) {
        end -= 1;
    }
    let mut turns: Vec<RawTurn> = Vec::new();
    let mut current: Option<RawTurn> = None;
    let mut new_paragraph = true;
    // After a note about a question, unlabelled text resumes the speaker
    // who was answering.
    let mut resume: Option<Label> = None;
    for (line, f) in lines[..end].iter().zip(found) {
        let text = line.text.as_str();
        if text.is_empty() {
            new_paragraph = true;
            continue;
        }
        if let Some((label, offset)) = f {
            let rest = text[offset.min(text.len())..].trim_start();
            let same = current.as_ref().and_then(|t| t.label.as_ref()).is_some_and(|l| label_key(&l.raw) == key(&label));
            if label.continued && same {
                // "PM (cont):" after a page break continues the answer.
                let turn = current.as_mut().expect("checked above");
                if !rest.is_empty() {
                    turn.push_line(rest, true);
                }
                new_paragraph = rest.is_empty();
                continue;
            }
            turns.extend(current.take());
            let mut turn = RawTurn::new(Some(apply_hints(label, hints)), line.no);
            if !rest.is_empty() {
                turn.push_line(rest, true);
            }
            current = Some(turn);
            new_paragraph = rest.is_empty();
            resume = None;
            continue;
        }
        if is_question_note(text) && current.as_ref().is_some_and(|t| t.label.is_some()) {
            let before = current.take().expect("checked above");
            resume = before.label.clone().filter(|l| l.role != Some(Role::Press));
            turns.push(before);
            let note = Label { raw: "Note".into(), role: Some(Role::Press), follow_up: true, ..Label::default() };
            let mut turn = RawTurn::new(Some(note), line.no);
            turn.push_line(text, true);
            turns.push(turn);
            new_paragraph = true;
            continue;
        }
        let turn = match (&mut current, resume.take()) {
            (None, resumed) => current.insert(RawTurn::new(resumed.map(continued), line.no)),
            (Some(_), Some(resumed)) => {
                turns.extend(current.take());
                current.insert(RawTurn::new(Some(continued(resumed)), line.no))
            }
            (Some(t), None) => t,
        };
        turn.push_line(text, new_paragraph);
        new_paragraph = false;
    }
    turns.extend(current);
    turns.retain(|t| t.label.is_some() || !t.paragraphs.is_empty());
    turns
}

fn continued(mut label: Label) -> Label {
    label.continued = true;
    label
}
