//! Cutting the body into raw turns at speaker labels.

use super::label::{split_label, Label};
use super::furniture::is_page_marker;
use super::text::{is_footer, is_page_number, is_time_stamp, Line};
use super::Hints;
use crate::model::Role;
use super::keys::Keys;
use super::typed::TypedLabels;
use std::collections::{HashMap, HashSet};

/// A turn as printed: the label (if any) and its paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct RawTurn {
    /// The speaker label, or `None` for text before the first label.
    pub label: Option<Label>,
    /// Paragraphs; lines of one paragraph are joined with `\n`.
    pub paragraphs: Vec<String>,
    /// 1-based source line where the turn starts.
    pub line: usize,
    /// The label as printed when it was read as a colonless, answer or
    /// damaged label ("P. M.", "QO", "PRIME MTNTST. R:").
    pub guessed: Option<String>,
}

impl RawTurn {
    fn new(label: Option<Label>, line: usize) -> Self {
        RawTurn { label, paragraphs: Vec::new(), line, guessed: None }
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
/// capitals, the odd "Governing Council:" in a statement without turns,
/// and a one-off name before a quotation ("Germany: “This is...”", what a
/// speaker quotes, not a speaker).
fn validate_labels(lines: &[Line], found: &mut [Found]) {
    let labelled: Vec<&Label> = found.iter().flatten().map(|(l, _)| l).collect();
    let caps = labelled.iter().filter(|l| is_caps(&l.raw)).count();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for l in &labelled {
        *counts.entry(key(l)).or_default() += 1;
    }
    let caps_style = labelled.len() >= 5 && caps * 10 >= labelled.len() * 9;
    // Where speakers are labelled "NAME:", a one-off "President Clinton."
    // at the start of a wrapped line is prose.
    let period_style = labelled.iter().filter(|l| l.period).count() * 2 >= labelled.len();
    let prose = lines.iter().zip(found.iter()).filter(|(l, f)| f.is_none() && l.text.split_whitespace().count() > 12).count();
    let few = labelled.len() <= 2 && prose >= 8;
    for (line, f) in lines.iter().zip(found.iter_mut()) {
        let Some((label, offset)) = f else { continue };
        let once = counts.get(&key(label)).copied().unwrap_or(0) <= 1;
        let strong = label.role == Some(Role::Press) || (label.name.is_some() && label.title.is_some());
        // A mixed-case one-off among capitals: a heading ("Bridges:") or a
        // phrase ("Minister of Sweden:"), unless it is a titled name.
        let titled_name = label.name.is_some() && label.title.is_some();
        let off_case = caps_style && once && !is_caps(&label.raw) && label.role != Some(Role::Press) && !titled_name;
        let off_period = label.period && once && !period_style && label.role != Some(Role::Press);
        let stray = few && !strong && label.name.is_none();
        // "Germany: “This is a matter of…”": a quotation inside a turn.
        let rest = line.text.get(*offset..).unwrap_or("").trim_start();
        let quotation = once && label.role.is_none() && label.title.is_none() && rest.starts_with(['“', '"', '‘', '«', '„']);
        if off_case || off_period || stray || quotation {
            *f = None;
        }
    }
}

/// Labels printed at the start of a line at least twice (with at least
/// `min_letters` letters), usable to find the same label run into the end
/// of a line ("...debt? PM: Well,").
fn repeated_keys(found: &[Found], min_letters: usize) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (l, _) in found.iter().flatten() {
        if l.raw.chars().filter(|c| c.is_alphabetic()).count() >= min_letters {
            *counts.entry(l.raw.clone()).or_default() += 1;
            // "GORDON DRAKE ( RADIO LONDON)" is later just "GORDON DRAKE".
            if let Some(open) = l.raw.find('(').filter(|&p| p > 0) {
                *counts.entry(l.raw[..open].trim().to_string()).or_default() += 2;
            }
        }
    }
    let mut keys: Vec<String> = counts.into_iter().filter(|(_, n)| *n >= 2).map(|(k, _)| k).collect();
    keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
    keys
}

/// Splits lines where a known label is run into the text ("...the debt
/// Prime Minister? PM: Well,"): after sentence punctuation, or anywhere for
/// a label in capitals.
fn split_run_in(lines: &[Line], keys: &Keys) -> Vec<Line> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let mut text = line.text.as_str();
        while let Some(at) = run_in_label(text, keys) {
            let before = text[..at].trim_end();
            // "41 PM: No, not essentially.": a page number before the label.
            if !is_page_number(before) && !is_page_marker(before) {
                out.push(Line { no: line.no, text: before.to_string() });
            }
            text = &text[at..];
        }
        out.push(Line { no: line.no, text: text.to_string() });
    }
    out
}

/// Byte offset of the first run-in label in `text` (never at offset 0):
/// a known label (any case) with its colon after sentence punctuation, or
/// printed in capitals; or in capitals without a colon after punctuation
/// ("total. QUESTION That evidence"). Only word starts are tried, each with
/// a few lookups, so the cost does not grow with the number of labels.
fn run_in_label(text: &str, keys: &Keys) -> Option<usize> {
    for (space, _) in text.match_indices(' ') {
        let at = space + 1;
        let before = text[..space].trim_end();
        if before.is_empty() || at >= text.len() {
            continue;
        }
        for (_, len) in keys.prefixes(&text[at..]) {
            let end = at + len;
            let (printed, after) = (&text[at..end], &text[end..]);
            let punct = before.ends_with(['.', '?', '!', '"', '”', ')', '-', '—']);
            let letters = printed.chars().filter(|c| c.is_alphabetic()).count();
            let caps = is_caps(printed) && letters >= 2;
            let colon = after.strip_prefix(':').is_some_and(|r| r.is_empty() || r.starts_with(char::is_whitespace));
            let bare = after.starts_with(' ') && after[1..].starts_with(|c: char| c.is_uppercase());
            let long_caps = caps && letters >= 4;
            if (colon && (punct || caps)) || (bare && long_caps && punct) {
                return Some(at);
            }
        }
    }
    None
}

/// Short labels in capitals ("PM", "J") and the one-letter press label, for
/// reading damaged labels.
struct ShortLabels {
    /// Labels of at most four bytes, in capitals.
    caps: HashSet<String>,
    /// A one-letter label of the press ("J"), if the document has one.
    press_letter: Option<String>,
}

impl ShortLabels {
    fn new(keys: &[(String, Option<Role>)]) -> Self {
        ShortLabels {
            caps: keys.iter().filter(|(k, _)| k.len() <= 4 && is_caps(k)).map(|(k, _)| k.clone()).collect(),
            press_letter: keys.iter().find(|(k, r)| k.chars().count() == 1 && *r == Some(Role::Press)).map(|(k, _)| k.clone()),
        }
    }
}

/// A line opening with a known short label followed by typed junk ("PM-I
/// don't", "PM:-Well", "PM;"), or an OCR-damaged one-letter press label
/// ("1:", "3:", "J;" where the document labels journalists "J:").
fn damaged_label(text: &str, short: &ShortLabels) -> Option<(Label, usize)> {
    for len in (1..=4).rev() {
        let Some(k) = text.get(..len).filter(|k| short.caps.contains(*k)) else { continue };
        let after = &text[len..];
        let junk = after.len() - after.trim_start_matches(['-', ':', ';', '.', ' ']).len();
        if junk > 0 && after[..junk].contains(['-', ':', ';', '.']) && after[junk..].starts_with(|c: char| c.is_uppercase()) {
            return split_label(&format!("{k}:")).map(|(l, _)| (l, len + junk));
        }
    }
    let press_letter = short.press_letter.as_ref()?;
    let token_end = text.find([':', ';', '.'])?;
    let token = &text[..token_end];
    let glyphs = !token.is_empty() && token.chars().count() <= 2 && token.chars().all(|c| "1Il|jJ3[(".contains(c));
    let rest = text[token_end + 1..].trim_start();
    (glyphs && rest.starts_with(|c: char| c.is_uppercase() || c == '('))
        .then(|| split_label(&format!("{press_letter}:")).map(|(l, _)| (l, text.len() - rest.len())))?
}

/// A line opening with a known label in capitals but no colon
/// ("QUESTION Just one point if I may.").
fn caps_label_without_colon(text: &str, keys: &Keys) -> Option<(Label, usize)> {
    keys.prefixes(text).find_map(|(k, len)| {
        let printed = &text[..len];
        let after = text[len..].strip_prefix(' ')?;
        if !(is_caps(printed) && after.starts_with(|c: char| c.is_uppercase())) {
            return None;
        }
        let (label, _) = split_label(&format!("{k}:"))?;
        let letters = printed.chars().filter(|c| c.is_alphabetic()).count();
        (letters >= 4 || (letters >= 2 && label.role.is_some())).then_some((label, len))
    })
}

/// A line that is only a known label without its colon ("QUESTION",
/// "PRIME MINISTER" alone on a line).
fn bare_label(text: &str, keys: &Keys) -> Option<Label> {
    let t = text.trim().trim_end_matches([':', ';', '.', '-', ',']).trim();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let press_word = is_caps(t) && ["QUESTION", "JOURNALIST", "REPORTER", "QUESTIONER"].contains(&t);
    let known = keys.get(t).or(press_word.then_some(t))?;
    // Read the label as the document usually prints it ("Prime minister"
    // as "Prime Minister").
    let mut label = split_label(&format!("{known}:")).map(|(l, _)| l)?;
    label.raw = t.to_string();
    Some(label)
}

/// Lines in capitals standing alone before text, printed more than once
/// ("GORDON DRAKE", "PM" in typed transcripts without colons): their
/// texts, to be read as labels.
fn lone_caps_labels(lines: &[Line], found: &[Found]) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for i in 0..lines.len().saturating_sub(1) {
        let t = lines[i].text.trim().trim_end_matches(['.', ':']).trim();
        let words = t.split_whitespace().count();
        let next = lines[i + 1].text.trim();
        let alone = found[i].is_none() && (1..=4).contains(&words) && t.len() <= 40 && !t.chars().any(|c| c.is_ascii_digit());
        if alone && is_caps(t) && t.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !next.is_empty() && !is_caps(next) {
            *counts.entry(t.to_string()).or_default() += 1;
        }
    }
    counts.into_iter().filter(|(t, n)| *n >= 2 && split_label(&format!("{t}:")).is_some_and(|(l, _)| l.role.is_some() || l.name.is_some())).map(|(t, _)| t).collect()
}

/// An unlabelled line where a journalist introduces themselves after the
/// end of someone else's sentence ("Laurie Oakes from the Sun, Prime
/// Minister."): the start of their turn.
fn introduction_line(lines: &[Line], i: usize) -> Found {
    let text = lines[i].text.trim();
    let after_sentence = i > 0 && lines[i - 1].text.trim_end().ends_with(['.', '?', '!', '"', '”']);
    if !after_sentence || text.split_whitespace().count() > 12 || !text.ends_with(['.', '?']) {
        return None;
    }
    let intro = super::askers::self_intro(text)?;
    let name = intro.name.filter(|n| text.starts_with(n.as_str()))?;
    intro.outlet.as_ref()?;
    let label = Label { raw: name.clone(), name: Some(name), outlet: intro.outlet, role: Some(Role::Press), ..Label::default() };
    Some((label, 0))
}

/// Indices of subject headings between turns ("Environmental Issues" in
/// the Public Papers): a short Title Case line without final punctuation,
/// right after the end of a sentence and right before a labelled line.
fn subheadings(lines: &[Line], found: &[Found]) -> Vec<usize> {
    let mut out = Vec::new();
    for i in 1..lines.len().saturating_sub(1) {
        let t = lines[i].text.trim();
        let words: Vec<&str> = t.split_whitespace().collect();
        let title_case = !words.is_empty()
            && words.len() <= 6
            && words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) || ["of", "and", "the", "on", "in", "to", "for", "a"].contains(w));
        let unpunctuated = !t.ends_with(['.', '?', '!', ':', ',', ';', '"', '”', '—', '-', ')']);
        let after_sentence = lines[i - 1].text.trim_end().ends_with(['.', '?', '!', '"', '”', ')', ']']);
        if found[i].is_none() && title_case && unpunctuated && after_sentence && found[i + 1].is_some() {
            out.push(i);
        }
    }
    out
}

/// Splits cleaned body lines into raw turns.
pub fn segment(lines: &[Line], hints: &Hints) -> Vec<RawTurn> {
    let first = find_labels(lines);
    let mut printed = repeated_keys(&first, 2);
    printed.extend(lone_caps_labels(lines, &first));
    let keys = Keys::new(printed);
    let mut role_of: HashMap<&str, Option<Role>> = HashMap::new();
    for (l, _) in first.iter().flatten() {
        role_of.entry(l.raw.as_str()).or_insert(l.role);
    }
    let roles: Vec<(String, Option<Role>)> = repeated_keys(&first, 1).into_iter().map(|k| {
        let role = role_of.get(k.as_str()).copied().flatten();
        (k, role)
    }).collect();
    let short = ShortLabels::new(&roles);
    let lines = split_run_in(lines, &keys);
    let mut found = find_labels(&lines);
    let typed = TypedLabels::new(&lines, &found);
    let mut guessed = vec![false; lines.len()];
    for ((f, l), g) in found.iter_mut().zip(&lines).zip(guessed.iter_mut()) {
        if f.is_none() {
            *f = bare_label(&l.text, &keys)
                .map(|label| (label, l.text.len()))
                .or_else(|| caps_label_without_colon(&l.text, &keys))
                .or_else(|| damaged_label(&l.text, &short));
            if f.is_none() {
                *f = typed.label(&l.text);
                *g = f.is_some();
            }
        }
    }
    validate_labels(&lines, &mut found);
    let column = super::column::read(&lines, &mut found, &mut guessed);
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
    // Answers printed without a label after labelled questions (a document
    // whose podium is hardly ever labelled): a line after the one that ends
    // a question starts an unlabelled turn.
    let press_labels = found.iter().flatten().filter(|(l, _)| l.role == Some(Role::Press)).count();
    let other_labels = found.iter().flatten().filter(|(l, _)| l.role != Some(Role::Press)).count();
    let answers_unlabelled = press_labels >= 3 && other_labels * 3 < press_labels;
    let mut heading = vec![false; end];
    for i in subheadings(&lines[..end], &found) {
        heading[i] = true;
    }
    let found: Vec<Found> = found
        .into_iter()
        .enumerate()
        .map(|(i, f)| f.or_else(|| introduction_line(&lines, i)))
        .collect();
    for (i, (line, f)) in lines[..end].iter().zip(found).enumerate() {
        let text = line.text.as_str();
        // Time stamps ("6:32 P.M. EST") are page furniture, never speech.
        if text.is_empty() || heading[i] || column[i] || is_time_stamp(text) {
            new_paragraph = true;
            continue;
        }
        if let Some((mut label, offset)) = f {
            let mut rest = text[offset.min(text.len())..].trim_start();
            // "PM: cont" (the text says the label continues a turn).
            if is_cont_mark(rest) {
                label.continued = true;
                rest = "";
            }
            // "PM: 3": a page number after the label.
            if is_page_number(rest) {
                rest = "";
            }
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
            if guessed[i] {
                turn.guessed = Some(text[..offset.min(text.len())].trim().to_string());
            }
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
        if answers_unlabelled && text.starts_with(|c: char| c.is_uppercase()) && current.as_ref().is_some_and(asked) {
            turns.extend(current.take());
        }
        // "...what would that be? The theme would be that...": the answer
        // starts on the line that ends the question.
        let split = if answers_unlabelled && current.as_ref().is_some_and(|t| is_press(t) && !t.paragraphs.iter().any(|p| p.contains('?'))) { answer_start(text) } else { None };
        let text = match split {
            Some(at) => {
                let turn = current.as_mut().expect("checked above");
                turn.push_line(text[..at].trim_end(), new_paragraph);
                turns.extend(current.take());
                text[at..].trim_start()
            }
            None => text,
        };
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

/// True for a turn labelled as the press's.
fn is_press(turn: &RawTurn) -> bool {
    turn.label.as_ref().is_some_and(|l| l.role == Some(Role::Press))
}

/// True when a press turn's last line ends its question: a question mark,
/// or a full stop after a sentence worded as a question ("Was it that that
/// you condemned.").
fn asked(turn: &RawTurn) -> bool {
    let Some(last) = turn.paragraphs.last() else { return false };
    let end = last.lines().last().unwrap_or("").trim_end();
    let worded = || end.ends_with('.') && super::askers::sentences(&last.replace('\n', " ")).last().is_some_and(|s| super::asks::is_interrogative(s));
    is_press(turn) && (end.ends_with('?') || worded())
}

/// Byte offset of an answer run into the line that ends a question ("be?
/// The theme would be"): after the first question mark, when a sentence
/// follows and no other question mark does.
fn answer_start(line: &str) -> Option<usize> {
    let q = line.find("? ")?;
    let rest = &line[q + 2..];
    (rest.trim_start().starts_with(|c: char| c.is_uppercase()) && !rest.contains('?')).then(|| q + 2)
}

/// True for the "continued" mark printed after a label at a page break:
/// "cont", "cont'd", "(cont.)", "continued".
fn is_cont_mark(text: &str) -> bool {
    let t: String = text.chars().filter(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    matches!(t.as_str(), "cont" | "contd" | "continued" | "continuing") && text.len() <= 14
}

fn continued(mut label: Label) -> Label {
    label.continued = true;
    label
}
