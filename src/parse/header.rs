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
    /// Event date read from the text: the first full date on a header line
    /// that is not a posting stamp ("Issued on:"), else the first one.
    pub date: Option<NaiveDate>,
    /// 1-based source line of that date (0 when it came from YAML).
    pub date_line: usize,
    /// Date given in a scraper's YAML front matter.
    pub yaml_date: Option<NaiveDate>,
    /// Index into the lines where the body starts.
    pub body_start: usize,
    /// Header text, for finding names of role holders ("by NATO Secretary
    /// General Jens Stoltenberg").
    pub text: String,
}

/// Reads the header from the first lines.
pub fn read(lines: &[Line], yaml: &YamlMeta) -> Header {
    let mut title_lines: Vec<&str> = Vec::new();
    let mut text = String::new();
    if let Some(t) = &yaml.title {
        text.push_str(t);
        text.push('\n');
    }
    let yaml_date = yaml.date.as_deref().and_then(date::parse_date).or_else(|| yaml.title.as_deref().and_then(date::parse_date));
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
        let found_any = !find_dates(line).is_empty();
        let words = line.split_whitespace().count();
        let is_note = (line.starts_with('(') && line.ends_with(')')) || (line.starts_with('[') && line.ends_with(']'));
        let furniture = line.starts_with('•') || line.starts_with('|') || line.to_lowercase().starts_with("last updated");
        let ends_sentence = line.ends_with('.') || line.ends_with('?') || line.ends_with('!') || line.ends_with('"') || line.ends_with('”');
        let next = lines.get(i + 1).map(|l| l.text.as_str()).unwrap_or("");
        let wrapped = next.chars().next().is_some_and(|c| c.is_lowercase());
        if (found_any && words <= 12) || is_note || furniture {
        } else if words <= 30 && !ends_sentence && !wrapped {
            if title_lines.len() < 3 && !looks_like_place_or_time(line) && !is_posting_stamp(line) {
                title_lines.push(line);
            }
        } else if words <= 30 && looks_like_caps_title(line) {
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
    let (date, date_line) = header_date(lines).unwrap_or((None, 0));
    let title = yaml.title.clone().or_else(|| {
        let t = title_lines.join(" ");
        (!t.is_empty()).then(|| t.split_whitespace().collect::<Vec<_>>().join(" "))
    });
    Header { title, date, date_line, yaml_date, body_start: i, text }
}

/// The event date among the lines before the first speaker label (at most
/// the first 40 lines): the earliest date on a line that is not a posting
/// stamp (scrape and posting dates come later than the event), else the
/// first posting stamp's date. Numeric dates are read month first in
/// American documents (times in EST, EDT, PST...).
fn header_date(lines: &[Line]) -> Option<(Option<NaiveDate>, usize)> {
    let head: Vec<&Line> = lines.iter().filter(|l| !l.text.is_empty()).take(60).collect();
    let head = &head[..];
    let month_first = head.iter().any(|l| is_american_time(&l.text));
    let mut stamp = None;
    let mut best: Option<(NaiveDate, usize)> = None;
    for (i, line) in head.iter().take(40).enumerate() {
        if split_label(&line.text).is_some_and(|(l, _)| l.role.is_some() || l.name.is_some()) {
            break;
        }
        if line.text.split_whitespace().count() > 20 {
            continue; // prose mentions other dates
        }
        // A date broken over two lines ("KUALA LUMPUR, 18" / "OCTOBER 1989").
        let joined = || head.get(i + 1).map(|next| format!("{} {}", line.text, next.text));
        let found = date::find_dates_with(&line.text, month_first)
            .first()
            .copied()
            .or_else(|| joined().and_then(|j| date::find_dates_with(&j, month_first).into_iter().find(|f| f.at < line.text.len())));
        let Some(found) = found else { continue };
        if is_posting_stamp(&line.text) {
            stamp = stamp.or(Some((Some(found.date), line.no)));
        } else if best.is_none_or(|(d, _)| found.date < d) {
            best = Some((found.date, line.no));
        }
    }
    best.map(|(d, no)| (Some(d), no)).or(stamp)
}

/// "1:40 P.M. EST": a time in a North American zone.
fn is_american_time(line: &str) -> bool {
    let u = line.to_uppercase();
    ["EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"].iter().any(|z| u.split_whitespace().any(|w| w.trim_matches(|c: char| !c.is_alphanumeric()) == *z))
        && (u.contains("A.M.") || u.contains("P.M."))
}

/// "Issued on: April 7, 2020", "Last updated ...": when a page was posted,
/// not when the event took place.
fn is_posting_stamp(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    ["issued", "posted", "published", "last updated", "updated", "last modified", "release date", "released", "date posted"]
        .iter()
        .any(|p| l.starts_with(p))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::text::clean_lines;

    fn date_of(text: &str) -> Option<NaiveDate> {
        read(&clean_lines(text, 1, false), &YamlMeta::default()).date
    }

    #[test]
    fn dates_broken_over_lines_or_typed_oddly() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(date_of("TRANSCRIPT OF NEWS CONFERENCE, KUALA LUMPUR, 18\nOCTOBER 1989\nE 0 E PROOF ONLY\nJOURNALIST: Yes?"), d("1989-10-18"));
        assert_eq!(date_of("PRIME MINISTER\nTRANSCRIPT OF NEWS CONFERENCE, PARLIAMENT HOUSE, 16 MAY\n1990\nJOURNALIST: Well?"), d("1990-05-16"));
        assert_eq!(date_of("PRIME MINISTER'S INTERVIEW WITH CHANNEL 10\n12.4.1975\nA. This is the biggest project."), d("1975-04-12"));
        assert_eq!(date_of("PRESS CONFERENCE AT CANBERRA ON TUESDAY, 27TH JUNE, 1967\nQUESTION: Sir?"), d("1967-06-27"));
    }
}
