//! Cutting the body into raw turns at speaker labels.

use super::label::{split_label, Label};
use super::text::{is_footer, Line};
use super::Hints;
use crate::model::Role;

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

/// Splits cleaned body lines into raw turns.
pub fn segment(lines: &[Line], hints: &Hints) -> Vec<RawTurn> {
    // Footer lines after the last label are site boilerplate.
    let last_label = lines.iter().rposition(|l| split_label(&l.text).is_some()).unwrap_or(0);
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
    for line in &lines[..end] {
        let text = line.text.as_str();
        if text.is_empty() {
            new_paragraph = true;
            continue;
        }
        if let Some((label, rest)) = split_label(text) {
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
            let before = current.take().unwrap();
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
