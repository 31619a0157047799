//! Cleaning raw published text into lines the parser can read: normalised
//! whitespace, scraper front matter split off, PDF running headers and page
//! numbers removed, site footers dropped.

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Speaker tags written by some text pipelines: `<NAME>CHAIR POWELL</NAME>.`
static SPEAKER_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<(?:name|speaker)>\s*([^<>]{1,80}?)\s*</(?:name|speaker)>\s*[.:]?").unwrap());

/// One cleaned line of the source, with its 1-based line number.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based line number in the original file.
    pub no: usize,
    /// The cleaned text, trimmed; empty for a blank line.
    pub text: String,
}

/// Key-value metadata found in a scraper's YAML front matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YamlMeta {
    /// `title:`
    pub title: Option<String>,
    /// `date:` (as written)
    pub date: Option<String>,
    /// `source_url:`, `url:` or `source:`
    pub source: Option<String>,
}

/// Normalises characters that vary between publishers: no-break and other
/// exotic spaces, zero-width characters, carriage returns, tabs.
pub fn normalize(raw: &str) -> String {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                out.push('\n');
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\t' | '\u{3000}' => out.push(' '),
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
            '\u{2028}' | '\u{2029}' | '\u{0c}' | '\u{0b}' => out.push('\n'),
            c if c.is_control() && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

/// Splits off a YAML front matter block (`---` ... `---`) as written by web
/// scrapers, returning its metadata and the 1-based line where the body starts.
pub fn split_yaml(text: &str) -> (YamlMeta, usize) {
    let mut meta = YamlMeta::default();
    let mut lines = text.lines();
    if lines.next().map(str::trim) != Some("---") {
        return (meta, 1);
    }
    // Key-value pairs; indented lines continue the previous value (pandoc
    // wraps long titles, ending the line with a backslash).
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (i, line) in lines.enumerate().take(80) {
        if line.trim() == "---" {
            for (key, value) in pairs {
                let value = unquote(&value);
                if value.is_empty() {
                    continue;
                }
                match key.as_str() {
                    "title" => meta.title = Some(value),
                    "date" => meta.date = Some(value),
                    "source_url" | "url" | "source" | "link" => meta.source = Some(value),
                    _ => {}
                }
            }
            return (meta, i + 3);
        }
        let continued = line.starts_with(char::is_whitespace) && !pairs.is_empty();
        if continued {
            let last = pairs.last_mut().expect("checked non-empty");
            let piece = line.trim().trim_start_matches('\\').trim();
            last.1 = format!("{} {piece}", last.1.trim_end().trim_end_matches('\\').trim_end());
            continue;
        }
        if let Some((key, value)) = line.split_once(':') {
            pairs.push((key.trim().to_string(), value.trim().to_string()));
        }
    }
    (YamlMeta::default(), 1)
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    let v = if v.len() >= 2 && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\''))) {
        &v[1..v.len() - 1]
    } else {
        v
    };
    // Pandoc writes a no-break space as `\_` in YAML titles.
    unescape_markdown(&v.replace("\\_", " ")).replace("\\ ", " ")
}

/// Removes Markdown backslash escapes (`\_`, `\###`, `\[`).
pub fn unescape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Cleans the body of a transcript into lines (starting at `first_line`).
pub fn clean_lines(body: &str, first_line: usize, unescape: bool) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    for (i, l) in body.lines().enumerate() {
        let t = if unescape { unescape_markdown(l) } else { l.to_string() };
        for part in split_speaker_tags(&t) {
            let text = strip_emphasis(part.trim());
            // Proof stamps go; a line that held only a stamp goes with them.
            match super::furniture::strip_furniture(&text) {
                Some(rest) if rest.is_empty() => {}
                Some(rest) => lines.push(Line { no: first_line + i, text: rest }),
                None => lines.push(Line { no: first_line + i, text }),
            }
        }
    }
    remove_page_furniture(&mut lines);
    lines
}

/// Starts a new paragraph at every speaker tag (`<NAME>X</NAME>. text` →
/// a blank line, then `X: text`); lines without tags are returned as is.
fn split_speaker_tags(line: &str) -> Vec<String> {
    if !line.contains('<') || !SPEAKER_TAG.is_match(line) {
        return vec![line.to_string()];
    }
    let mut parts: Vec<String> = Vec::new();
    let mut last = 0;
    for m in SPEAKER_TAG.captures_iter(line) {
        let whole = m.get(0).expect("a match has a span");
        append_text(&mut parts, &line[last..whole.start()]);
        parts.push(String::new());
        parts.push(format!("{}:", &m[1]));
        last = whole.end();
    }
    append_text(&mut parts, &line[last..]);
    parts
}

/// Appends text to the last part (or starts one), separated by a space.
fn append_text(parts: &mut Vec<String>, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    match parts.last_mut() {
        Some(p) if !p.is_empty() => {
            p.push(' ');
            p.push_str(text);
        }
        _ => parts.push(text.to_string()),
    }
}

/// Removes Markdown bold or italic markers around a leading label
/// (`**MS. PSAKI:**` → `MS. PSAKI:`).
fn strip_emphasis(line: &str) -> String {
    let mut s = line.to_string();
    for mark in ["**", "__"] {
        if let Some(rest) = s.strip_prefix(mark) {
            if let Some(end) = rest.find(mark) {
                s = format!("{}{}", &rest[..end], &rest[end + mark.len()..]);
            }
        }
    }
    if s.starts_with("#") && s.trim_start_matches('#').trim().is_empty() {
        return String::new();
    }
    s
}

/// True for a line that is only a page number ("Page 3 of 22", "- 4 -", "12").
pub fn is_page_number(line: &str) -> bool {
    // Cheap tests first: this runs on every line.
    if line.len() > 24 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let l = line.trim().to_lowercase();
    // "1990" on its own finishes a date broken over two lines; "12.4.1975"
    // is a date.
    let year = l.trim_end_matches('.').parse::<u32>().is_ok_and(|y| (1800..=2100).contains(&y));
    if l.is_empty() || year {
        return false;
    }
    let stripped: String = l.chars().filter(|c| !c.is_ascii_digit()).collect();
    let stripped = stripped.trim();
    l.chars().any(|c| c.is_ascii_digit())
        && (stripped.is_empty()
            || stripped.trim_matches(|c: char| c == '-' || c == '–' || c == '.' || c == ' ' || c == '/').is_empty()
            || stripped == "page"
            || stripped == "page of"
            || stripped == "p."
            || stripped == "of")
            && crate::parse::date::find_dates(&l).is_empty()
}

/// Drops PDF running headers (a short line repeated on many pages, digits
/// aside) and bare page numbers.
fn remove_page_furniture(lines: &mut Vec<Line>) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let shape = |s: &str| -> String { s.chars().map(|c| if c.is_ascii_digit() { '#' } else { c }).collect() };
    for l in lines.iter() {
        let words = l.text.split_whitespace().count();
        if (2..=14).contains(&words) && !l.text.ends_with(':') {
            *counts.entry(shape(&l.text)).or_default() += 1;
        }
    }
    // A bare role label on its own line ("PRIME MINISTER") before a
    // sentence is a speaker label, however often it repeats.
    let label_before_text: Vec<bool> = (0..lines.len())
        .map(|i| {
            let next = lines[i + 1..].iter().map(|l| l.text.as_str()).find(|t| !t.is_empty()).unwrap_or("");
            is_bare_role_label(&lines[i].text) && next.starts_with(|c: char| c.is_uppercase()) && next.chars().any(char::is_lowercase)
        })
        .collect();
    let mut i = 0;
    lines.retain(|l| {
        i += 1;
        if is_page_number(&l.text) || super::furniture::is_page_marker(&l.text) || super::furniture::is_end_mark(&l.text) {
            return false;
        }
        let words = l.text.split_whitespace().count();
        if !(2..=14).contains(&words) || label_before_text[i - 1] {
            return true;
        }
        let repeated = counts.get(&shape(&l.text)).copied().unwrap_or(0) >= 3;
        // A line that is only a date ("July 8, 2017") dates the event or a
        // related link, not a page.
        if words <= 4 && !crate::parse::date::find_dates(&l.text).is_empty() {
            return true;
        }
        // A repeated line with no sentence in it is furniture; a repeated
        // sentence ("Thank you.") is speech.
        !repeated || looks_like_speech(&l.text)
    });
}

/// True for a line in capitals that is only a role label ("PRIME
/// MINISTER", "JOURNALIST"), colon or not.
fn is_bare_role_label(line: &str) -> bool {
    let t = line.trim().trim_end_matches([':', '.']);
    t.len() <= 30
        && t.chars().any(char::is_alphabetic)
        && !t.chars().any(char::is_lowercase)
        && crate::parse::label::read_label(t).is_some_and(|l| l.role.is_some() && l.name.is_none())
}

/// True when a line reads like something said rather than page furniture.
fn looks_like_speech(line: &str) -> bool {
    let lower = line.to_lowercase();
    let t = lower.trim();
    t.ends_with('?')
        || t.starts_with("thank")
        || t.starts_with('(')
        || t.starts_with('[')
        || crate::parse::label::split_label(line).is_some()
}

/// A time stamp on a line of its own, as transcripts print when the event
/// began and ended ("6:32 P.M. EST", "END 4:32 P.M. EDT", "2:45 P.M EDT").
static TIME_STAMP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:end\s+)?(?:\d{1,2}[:.]\d{2}\s*[AaPp]\.?\s?[Mm]\.?(?:\s+[A-Z]{2,5})?|[AP]\.M\.\s+[A-Z]{2,5})\.?$").unwrap());

/// True for a line that is only a time stamp (page furniture in a turn).
pub fn is_time_stamp(line: &str) -> bool {
    let t = line.trim();
    t.len() <= 30 && TIME_STAMP.is_match(t)
}

/// True for a short site footer line ("Source – NATO", "Forward to your
/// friends", "END 4:32 P.M. EDT", "###") that ends a published page.
pub fn is_footer(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return true;
    }
    let lower = t.to_lowercase();
    const STARTS: &[&str] = &[
        "source", "forward to", "share", "print", "follow us", "back to top", "related", "email",
        "subscribe", "end ", "end.", "###", "***", "tags", "this page", "top of page", "download",
        "see also", "more on", "read more", "copyright", "©", "media contact", "press release",
        "reproduction is permitted", "website:", "for media queries", "for further information",
        "european central bank", "directorate general communications", "tel.:", "internet:",
    ];
    if lower == "end" || t.chars().all(|c| "#*-_=~ ".contains(c)) {
        return true;
    }
    let words = t.split_whitespace().count();
    words <= 12 && STARTS.iter().any(|s| lower.starts_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_stamps() {
        for t in ["P.M. EST", "6:32 P.M. EST", "END 4:32 P.M. EDT", "2:45 P.M EDT", "10:50 A.M. EDT", "8:41 P.M. BST", "End 11:02 a.m."] {
            assert!(is_time_stamp(t), "{t}");
        }
        for t in ["At 6:32 P.M. EST we met.", "6:32", "Q 6:32 P.M. EST"] {
            assert!(!is_time_stamp(t), "{t}");
        }
    }

    #[test]
    fn normalizes_spaces_and_newlines() {
        assert_eq!(normalize("\u{feff}a\u{a0}b\r\nc\rd\u{200b}"), "a b\nc\nd");
    }

    #[test]
    fn yaml_front_matter() {
        let (m, start) = split_yaml("---\ntitle: \"Press Briefing by Jen\\_Psaki\"\ndate: '2021-01-20'\n---\nbody");
        assert_eq!(m.title.as_deref(), Some("Press Briefing by Jen Psaki"));
        let (wrapped, _) = split_yaml("---\ntitle: \"Remarks by President Biden and Chancellor Merkel of the Federal Republic\\\n  \\ of Germany\"\n---\nbody");
        assert_eq!(wrapped.title.as_deref(), Some("Remarks by President Biden and Chancellor Merkel of the Federal Republic of Germany"));
        assert_eq!(m.date.as_deref(), Some("2021-01-20"));
        assert_eq!(start, 5);
    }

    #[test]
    fn splits_speaker_tags() {
        let lines = clean_lines("<NAME>CHAIR POWELL</NAME>. Good afternoon. <NAME>STEVE LIESMAN</NAME>. Thanks.", 1, false);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["", "CHAIR POWELL: Good afternoon.", "", "STEVE LIESMAN: Thanks."]);
    }

    #[test]
    fn removes_running_headers() {
        let text = "March 18, 2015 Chair Yellen’s Press Conference FINAL\nPage 1 of 22\nCHAIR YELLEN. Good.\nMarch 18, 2015 Chair Yellen’s Press Conference FINAL\nPage 2 of 22\nmore\nMarch 18, 2015 Chair Yellen’s Press Conference FINAL\nPage 3 of 22\nend";
        let lines = clean_lines(text, 1, false);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["CHAIR YELLEN. Good.", "more", "end"]);
    }
}
