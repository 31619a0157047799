//! The lines before the first turn: title, event date, place lines, scrape
//! dates and "(As delivered)" notes.

use super::date::{self, find_dates};
use super::label::split_label;
use super::text::{Line, YamlMeta};
use chrono::NaiveDate;

/// What the header of a transcript says.
#[derive(Debug, Clone, Default)]
pub struct Header {
    /// Title assembled from title lines (or the scraper's YAML title).
    pub title: Option<String>,
    /// Event date: the earliest full date in the header.
    pub date: Option<NaiveDate>,
    /// Index into the lines where the body starts.
    pub body_start: usize,
    /// Header text, for finding names of role holders ("by NATO Secretary
    /// General Jens Stoltenberg").
    pub text: String,
}

/// Reads the header from the first lines.
pub fn read(lines: &[Line], yaml: &YamlMeta) -> Header {
    let mut title_lines: Vec<&str> = Vec::new();
    let mut dates: Vec<NaiveDate> = Vec::new();
    let mut text = String::new();
    if let Some(t) = &yaml.title {
        text.push_str(t);
        text.push('\n');
        dates.extend(find_dates(t).iter().map(|f| f.date));
    }
    if let Some(d) = yaml.date.as_deref().and_then(date::parse_date) {
        dates.push(d);
    }
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].text.as_str();
        if line.is_empty() {
            i += 1;
            continue;
        }
        if split_label(line).is_some() || i > 40 {
            break;
        }
        let found = find_dates(line);
        let words = line.split_whitespace().count();
        let is_note = (line.starts_with('(') && line.ends_with(')')) || (line.starts_with('[') && line.ends_with(']'));
        let furniture = line.starts_with('•') || line.starts_with('|') || line.to_lowercase().starts_with("last updated");
        let ends_sentence = line.ends_with('.') || line.ends_with('?') || line.ends_with('!') || line.ends_with('"') || line.ends_with('”');
        let next = lines.get(i + 1).map(|l| l.text.as_str()).unwrap_or("");
        let wrapped = next.chars().next().is_some_and(|c| c.is_lowercase());
        if !found.is_empty() && words <= 12 {
            dates.extend(found.iter().map(|f| f.date));
        } else if is_note || furniture {
        } else if words <= 30 && !ends_sentence && !wrapped {
            if !found.is_empty() {
                dates.extend(found.iter().map(|f| f.date));
            }
            if title_lines.len() < 3 && !looks_like_place_or_time(line) {
                title_lines.push(line);
            }
        } else if words <= 30 && looks_like_caps_title(line) {
            dates.extend(found.iter().map(|f| f.date));
            if title_lines.len() < 3 {
                title_lines.push(line.trim_end_matches('.'));
            }
        } else {
            break;
        }
        text.push_str(line);
        text.push('\n');
        i += 1;
    }
    if dates.is_empty() {
        // No date in the header: the first full date in the opening lines.
        let opening: String = lines.iter().take(30).map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
        dates.extend(find_dates(&opening).first().map(|f| f.date));
    }
    let title = yaml.title.clone().or_else(|| {
        let t = title_lines.join(" ");
        (!t.is_empty()).then(|| t.split_whitespace().collect::<Vec<_>>().join(" "))
    });
    Header { title, date: dates.into_iter().min(), body_start: i, text }
}

/// Lines such as "7:06 P.M. EST" or "James S. Brady Press Briefing Room" are
/// part of the header but not of the title.
fn looks_like_place_or_time(line: &str) -> bool {
    let l = line.to_lowercase();
    l.contains(" p.m.") || l.contains(" a.m.") || l.ends_with(" est") || l.ends_with(" edt") || l.contains("briefing room") || l == "proof only" || l.starts_with("e&oe") || l.starts_with("e & oe")
}

/// An all-capitals title line that happens to end with a full stop.
fn looks_like_caps_title(line: &str) -> bool {
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() > 8 && letters.iter().all(|c| c.is_uppercase())
}
