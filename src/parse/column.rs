//! Scanned conferences whose speaker labels came out of OCR as a column of
//! their own, before the text they belong to:
//!
//! ```text
//! QUESTION:
//! MR. McEWEN:
//! QUESTION: PRIME MINISTER: Mr McEwen, have you had any communication from
//! the British Government yet on the use of Woomera?
//! Yes. I think we can say that we know of the British
//! Government's plans...
//! ```
//!
//! Three or more lines holding only labels, with a press label and another
//! among them, make a label column. The column is dropped and the text after
//! it is read as alternating turns: a question runs to the line that ends
//! with a question mark, an answer to a line that ends a sentence well short
//! of the text's usual width (the last line of a typed paragraph).

use super::label::{split_label, Label};
use super::text::Line;
use crate::model::Role;

/// A label found on a line and the offset of the text after it.
type Found = Option<(Label, usize)>;

/// Lines of labels only that make a column.
const MIN_COLUMN: usize = 3;

/// The labels at the start of `text` (one or more) and the offset of the
/// text after them.
fn labels_at(text: &str) -> (Vec<Label>, usize) {
    let mut labels = Vec::new();
    let mut at = 0;
    while labels.len() < 4 {
        let rest = &text[at..];
        let Some((label, after)) = split_label(rest) else {
            // "P. M." without its colon, at the end or before the text.
            if let Some((label, len)) = short_label(rest) {
                labels.push(label);
                at += len;
            }
            break;
        };
        labels.push(label);
        at = text.len() - after.len();
    }
    (labels, at)
}

/// A role label typed in short capitals without a colon at the start of
/// `text` ("P. M.", "PM"), and the length it takes with the spaces after.
fn short_label(text: &str) -> Option<(Label, usize)> {
    let mut letters = String::new();
    let mut end = 0;
    for token in text.split_whitespace().take(3) {
        if token.len() > 4 || !token.chars().all(|c| c.is_ascii_uppercase() || ".,:;".contains(c)) {
            break;
        }
        letters.extend(token.chars().filter(char::is_ascii_uppercase));
        end = token.as_ptr() as usize - text.as_ptr() as usize + token.len();
    }
    let (label, _) = split_label(&format!("{letters}:")).filter(|_| letters.len() >= 2)?;
    let len = text.len() - text[end..].trim_start().len();
    (label.role.is_some() || label.title.is_some()).then_some((label, len))
}

/// Reads label columns: returns, for each line, whether it is part of a
/// column (to drop), and sets the label of each turn read after one in
/// `found` (marking it in `guessed`).
pub fn read(lines: &[Line], found: &mut [Found], guessed: &mut [bool]) -> Vec<bool> {
    let mut drop = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        // A run of lines that hold labels and nothing else.
        let mut j = i;
        let mut press: Option<Label> = None;
        let mut host: Option<Label> = None;
        while j < lines.len() {
            let text = lines[j].text.as_str();
            let (labels, at) = labels_at(text);
            if !(labels.iter().any(|_| at == text.len()) || looks_like_labels(text)) {
                break;
            }
            for l in labels {
                match l.role {
                    Some(Role::Press) => press = press.or(Some(l)),
                    _ => host = host.or(Some(l)),
                }
            }
            j += 1;
        }
        let (Some(press), Some(host)) = (press, host) else {
            i = j.max(i + 1);
            continue;
        };
        if j - i < MIN_COLUMN {
            i = j.max(i + 1);
            continue;
        }
        drop[i..j].iter_mut().for_each(|d| *d = true);
        found[i..j].iter_mut().for_each(|f| *f = None);
        // The text after the column, up to the next labelled line; its
        // first line may still open with the column's last labels.
        let mut end = j;
        while end < lines.len() && (end == j || found[end].is_none()) {
            end += 1;
        }
        let width = typical_width(&lines[j..end]);
        let mut asking = true;
        let mut start = true;
        for k in j..end {
            let text = lines[k].text.as_str();
            if text.is_empty() {
                continue;
            }
            if start {
                let (_, at) = if k == j { labels_at(text) } else { (Vec::new(), 0) };
                found[k] = Some((if asking { press.clone() } else { host.clone() }, at));
                guessed[k] = at == 0;
                start = false;
            }
            let t = text.trim_end();
            let ends = if asking { t.ends_with('?') } else { t.ends_with(['.', '!', '"', '”']) && t.chars().count() * 4 < width * 3 };
            if ends {
                asking = !asking;
                start = true;
            }
        }
        i = end.max(j + 1);
    }
    drop
}

/// True for a line that can only be labels damaged by OCR ("qUSTION: P.
/// M.", "QUESTION: P."): short, a colon or full stop, capitals.
fn looks_like_labels(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().count() <= 24
        && t.split_whitespace().count() <= 4
        && t.contains([':', '.', ';'])
        && t.chars().filter(|c| c.is_lowercase()).count() <= 1
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// The usual width of the lines of a typed text, in characters.
fn typical_width(lines: &[Line]) -> usize {
    let mut widths: Vec<usize> = lines.iter().map(|l| l.text.chars().count()).filter(|&w| w > 0).collect();
    widths.sort_unstable();
    widths.get(widths.len() * 3 / 4).copied().unwrap_or(60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_column_before_its_text() {
        let text = "QUESTION:\nMR. McEWEN:\nQUESTION:\nMR. McEWEN:\nQUESTION: MR. McEWEN: Mr McEwen, have you had any communication from the\nBritish Government yet on the use of Woomera for research?\nYes. I think we can say that we know of the British Government's\nplans yet.\nWell, anyway, it has been made clear to the British\nGovernment that if they wish to use Woomera, they can?\nI think it is clear.\n";
        let lines: Vec<Line> = text.lines().enumerate().map(|(i, t)| Line { no: i + 1, text: t.to_string() }).collect();
        let mut found: Vec<Found> = lines.iter().map(|l| split_label(&l.text).map(|(label, rest)| (label, l.text.len() - rest.len()))).collect();
        let mut guessed = vec![false; lines.len()];
        let drop = read(&lines, &mut found, &mut guessed);
        assert_eq!(drop, [true, true, true, true, false, false, false, false, false, false, false]);
        let roles: Vec<Option<Role>> = found.iter().map(|f| f.as_ref().and_then(|(l, _)| l.role)).collect();
        assert_eq!(roles[4], Some(Role::Press));
        assert_eq!(&lines[4].text[found[4].as_ref().unwrap().1..], "Mr McEwen, have you had any communication from the");
        assert!(found[6].is_some() && roles[6] != Some(Role::Press), "{roles:?}");
        assert_eq!(roles[8], Some(Role::Press));
        assert!(found[10].is_some() && roles[10] != Some(Role::Press));
    }
}
