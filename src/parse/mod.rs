//! The transcript parser: from published text to speakers, turns and
//! question-and-answer exchanges.
//!
//! The stages, each a function below:
//! 1. [`text`] cleans the text into lines, dropping page furniture
//!    ([`furniture`]: proof stamps, page markers, running headers);
//! 2. [`header`] reads the title and the event date before the first turn;
//! 3. [`segment`] cuts the body into turns at speaker labels ([`label`];
//!    colonless, answer and OCR-damaged labels in [`typed`]; labels printed
//!    in a column apart from their text in [`column`]; known labels looked
//!    up through [`keys`]);
//! 4. [`speakers`] decides who each label is ([`names`]) and which side of
//!    the podium they are on ([`sides`]);
//! 5. [`exchanges`] groups the turns into opening, exchanges (one per
//!    question: [`asks`] tells whether a press turn asks) and closing;
//! 6. [`askers`] names the journalist behind each question from
//!    self-introductions and the host's call ([`calls`]).
//!
//! Whatever is guessed (a speaker's side, a role label's holder, a date
//! read from the text or the title, a label read without its colon, press
//! turns kept with a neighbouring question, unlabelled text) is recorded as
//! a [`Note`] with its line, for `pressroom check`.

mod askers;
mod calls;
mod column;
mod asks;
pub mod date;
mod exchanges;
mod furniture;
mod header;
mod keys;
mod names;
pub mod label;
mod segment;
mod sides;
mod speakers;
pub mod text;
mod typed;

use crate::model::{Level, Note, Transcript};
use chrono::NaiveDate;

/// Metadata given by the archive rather than read from the text (front
/// matter, file name, site configuration).
#[derive(Debug, Clone, Default)]
pub struct Given {
    /// Title from front matter.
    pub title: Option<String>,
    /// The file name without its extension: a last resort for the title,
    /// and a date when it holds one (`whitehouse-2012-03-06-...`).
    pub file_stem: Option<String>,
    /// Date from front matter or the file-name prefix.
    pub date: Option<NaiveDate>,
    /// Place from front matter.
    pub location: Option<String>,
    /// Source URL from front matter.
    pub source: Option<String>,
    /// Topics from front matter.
    pub topics: Vec<String>,
    /// Line of the source file where the body starts (1-based).
    pub first_line: usize,
    /// The body is Markdown (backslash escapes are meaningful).
    pub markdown: bool,
}

/// Hints from `site.toml` for what the text cannot tell.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// Extra labels that mean a question from the press.
    pub press_labels: Vec<String>,
    /// Extra labels that mean someone on the podium.
    pub host_labels: Vec<String>,
    /// People with titles held over a period, to resolve role labels.
    pub people: Vec<PersonHint>,
}

/// A person the archive knows, with the titles they held.
#[derive(Debug, Clone, Default)]
pub struct PersonHint {
    /// Full name.
    pub name: String,
    /// Titles with the period they were held (open ends allowed).
    pub roles: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)>,
}

/// Parses one transcript body.
pub fn parse(body: &str, given: &Given, hints: &Hints) -> Transcript {
    let normalized = text::normalize(body);
    let (yaml, yaml_end) = text::split_yaml(&normalized);
    let body_start = yaml_end.saturating_sub(1);
    let rest: String = normalized.lines().skip(body_start).collect::<Vec<_>>().join("\n");
    let first_line = given.first_line.max(1) + body_start;
    let lines = text::clean_lines(&rest, first_line, given.markdown || yaml_end > 1);

    let head = header::read(&lines, &yaml);
    let raw_turns = segment::segment(&lines[head.body_start..], hints);
    let mut notes = Vec::new();
    label_notes(&raw_turns, &mut notes);
    let date = event_date(given, &head, &mut notes);
    let (speakers, turns) = speakers::resolve(raw_turns, &head, date, hints, &mut notes);
    let (opening, exchanges, closing) = exchanges::group(turns, &speakers, &mut notes);
    let mut t = Transcript {
        date,
        title: given.title.as_deref().map(|t| furniture::strip_furniture(t).filter(|r| !r.is_empty()).unwrap_or_else(|| t.to_string())).or(head.title).or_else(|| given.file_stem.as_deref().map(title_from_file_name)).unwrap_or_else(|| "Untitled transcript".into()),
        location: given.location.clone(),
        source: given.source.clone().or(yaml.source),
        topics: given.topics.clone(),
        speakers,
        opening,
        exchanges,
        closing,
        notes,
    };
    askers::identify(&mut t);
    t
}

/// One note per label read without a colon, as answers or through OCR
/// damage ("`P. M.` read as `PM`, 38 times").
fn label_notes(turns: &[segment::RawTurn], notes: &mut Vec<Note>) {
    let mut seen: Vec<(String, String, usize, usize)> = Vec::new();
    let mut index: std::collections::HashMap<(String, String), usize> = std::collections::HashMap::new();
    for t in turns {
        let (Some(printed), Some(label)) = (&t.guessed, &t.label) else { continue };
        let key = (printed.clone(), label.raw.clone());
        match index.get(&key) {
            Some(&i) => seen[i].3 += 1,
            None => {
                index.insert(key, seen.len());
                seen.push((printed.clone(), label.raw.clone(), t.line, 1));
            }
        }
    }
    for (printed, read, line, n) in seen {
        let times = if n == 1 { String::new() } else { format!(", {n} times") };
        if printed.is_empty() {
            notes.push(Note {
                line,
                level: Level::Warning,
                message: format!("unlabelled text read as turns of `{read}`{times}, the labels being printed in a column apart from the text (questions end at a question mark, answers at a short last line)"),
                hint: "move each label to the start of its paragraph in the text".into(),
            });
            continue;
        }
        notes.push(Note {
            line,
            level: Level::Warning,
            message: format!("`{printed}` read as the speaker label `{read}`{times} (no colon, an answer label or a label damaged in scanning)"),
            hint: format!("if right, write it `{read}:` in the text; if the line is not a label, rewrite its start"),
        });
    }
}

/// The event date, by precedence: front matter or file-name prefix, the
/// scraper's YAML, a date anywhere in the file name, then the text (noted as
/// a guess for `pressroom check`).
fn event_date(given: &Given, head: &header::Header, notes: &mut Vec<Note>) -> Option<NaiveDate> {
    let given_date = given.date.or(head.yaml_date).or_else(|| given.file_stem.as_deref().and_then(date::date_in_name));
    if given_date.is_some() {
        return given_date;
    }
    // The front matter's title often carries the date the text lacks
    // ("TRANSCRIPT OF NEWS CONFERENCE, PARLIAMENT HOUSE, 16 MAY 1990").
    if let Some(d) = given.title.as_deref().and_then(date::parse_date) {
        notes.push(Note {
            line: 0,
            level: Level::Warning,
            message: format!("event date {d} read from the title"),
            hint: "add `date = YYYY-MM-DD` to the front matter".into(),
        });
        return Some(d);
    }
    match head.date {
        Some(d) => notes.push(Note {
            line: head.date_line,
            level: Level::Warning,
            message: format!("event date {d} guessed from the text"),
            hint: "check it, and add `date = YYYY-MM-DD` to the front matter if it is a posting date rather than the event's".into(),
        }),
        None => notes.push(Note {
            line: 0,
            level: Level::Warning,
            message: "no event date found".into(),
            hint: "add `date = YYYY-MM-DD` to the front matter or a YYYY-MM-DD prefix to the file name".into(),
        }),
    }
    head.date
}

/// A title made from a file name: "2022-01-12-nato-russia-council" → "Nato Russia Council".
pub fn title_from_file_name(stem: &str) -> String {
    let stem = if date::file_name_date(stem).is_some() { &stem[10..] } else { stem };
    let words: Vec<String> = stem
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        })
        .collect();
    if words.is_empty() {
        "Untitled transcript".into()
    } else {
        words.join(" ")
    }
}
