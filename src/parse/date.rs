//! Finding event dates in free text: "12 Jan. 2022", "March 18, 2015",
//! "TUESDAY 4 DECEMBER 1973", "12TH MARCH, 1959", "2021-01-20", "14/04/2011".

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b").unwrap()
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b").unwrap()
});
static ISO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").unwrap());
static SLASHED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b").unwrap());
static IN_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|[^0-9])((?:19|20)\d{2})[-_ ](\d{2})[-_ ](\d{2})(?:$|[^0-9])").unwrap());

/// A date found in text, with its byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// The date.
    pub date: NaiveDate,
    /// Byte offset of the match in the searched text.
    pub at: usize,
}

fn month_number(name: &str) -> Option<u32> {
    let l = name.to_lowercase();
    MONTHS.iter().position(|m| l.starts_with(m)).map(|i| i as u32 + 1)
}

fn plausible(date: NaiveDate) -> bool {
    use chrono::Datelike;
    (1900..=2100).contains(&date.year())
}

/// Every full date (day, month and year) in `text`, in order of appearance;
/// numeric dates read day first.
pub fn find_dates(text: &str) -> Vec<Found> {
    find_dates_with(text, false)
}

/// Every full date in `text`; numeric dates such as `2/12/2016` are read
/// month first when `month_first` (American documents), else day first.
/// The other reading is used only when the preferred one is impossible.
pub fn find_dates_with(text: &str, month_first: bool) -> Vec<Found> {
    let mut out = Vec::new();
    for c in DAY_MONTH_YEAR.captures_iter(text) {
        let (Some(m), Ok(d), Ok(y)) = (month_number(&c[2]), c[1].parse(), c[3].parse()) else { continue };
        if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
            out.push(Found { date, at: c.get(0).unwrap().start() });
        }
    }
    for c in MONTH_DAY_YEAR.captures_iter(text) {
        let (Some(m), Ok(d), Ok(y)) = (month_number(&c[1]), c[2].parse(), c[3].parse()) else { continue };
        if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
            out.push(Found { date, at: c.get(0).unwrap().start() });
        }
    }
    for c in ISO.captures_iter(text) {
        let (Ok(y), Ok(m), Ok(d)) = (c[1].parse(), c[2].parse(), c[3].parse()) else { continue };
        if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
            out.push(Found { date, at: c.get(0).unwrap().start() });
        }
    }
    for c in SLASHED.captures_iter(text) {
        // Day first, as in most of the world, unless told otherwise.
        let (Ok(a), Ok(b), Ok(y)) = (c[1].parse::<u32>(), c[2].parse::<u32>(), c[3].parse::<i32>()) else { continue };
        let short_year = c[3].len() == 2;
        if short_year && c[0].contains('.') {
            continue; // "1.5.20" is more often a version or a list number
        }
        let y = if short_year { if y < 50 { 2000 + y } else { 1900 + y } } else { y };
        let (day, month) = if month_first { (b, a) } else { (a, b) };
        if let Some(date) = NaiveDate::from_ymd_opt(y, month, day).or_else(|| NaiveDate::from_ymd_opt(y, day, month)) {
            out.push(Found { date, at: c.get(0).unwrap().start() });
        }
    }
    out.retain(|f| plausible(f.date));
    out.sort_by_key(|f| f.at);
    out
}

/// Parses a date written on its own (front matter, YAML, file names).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    find_dates(text).first().map(|f| f.date)
}

/// A `YYYY-MM-DD` date anywhere in a file name or a title made from one
/// (`whitehouse-2012-03-06-press-conference`, `Whitehouse 2012 03 06 ...`).
pub fn date_in_name(name: &str) -> Option<NaiveDate> {
    IN_NAME.captures_iter(name).find_map(|c| {
        let (Ok(y), Ok(m), Ok(d)) = (c[1].parse(), c[2].parse(), c[3].parse()) else { return None };
        NaiveDate::from_ymd_opt(y, m, d)
    })
}

/// The `YYYY-MM-DD` prefix of a file name, if it has one.
pub fn file_name_date(name: &str) -> Option<NaiveDate> {
    let prefix = name.get(..10)?;
    // A sign or a fifth digit is not a `YYYY-` year (chrono would take it).
    if !prefix.bytes().take(4).all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(prefix, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn formats() {
        assert_eq!(parse_date("12 Jan. 2022"), Some(d("2022-01-12")));
        assert_eq!(parse_date("Mon. Jul 15th, 2024"), Some(d("2024-07-15")));
        assert_eq!(parse_date("TUESDAY 4 DECEMBER 1973"), Some(d("1973-12-04")));
        assert_eq!(parse_date("THURSDAY, 12TH MARCH, 1959, AT 3.30"), Some(d("1959-03-12")));
        assert_eq!(parse_date("March 18, 2015"), Some(d("2015-03-18")));
        assert_eq!(parse_date("date: '2021-01-20'"), Some(d("2021-01-20")));
        assert_eq!(parse_date("14/04/2011"), Some(d("2011-04-14")));
        assert_eq!(parse_date("The 31 February 2022 meeting"), None);
        assert_eq!(parse_date("Press Briefing 1/22/09"), Some(d("2009-01-22")));
        assert_eq!(parse_date("nothing here"), None);
        assert_eq!(parse_date("AT CANBERRA ON 27TH JUNE, 1967"), Some(d("1967-06-27")));
        assert_eq!(parse_date("8TH FEBRUARY. 1962"), Some(d("1962-02-08")));
        assert_eq!(parse_date("12.4.1975"), Some(d("1975-04-12")));
        assert_eq!(find_dates_with("2/12/2016", true)[0].date, d("2016-02-12"));
        assert_eq!(find_dates_with("14/04/2011", true)[0].date, d("2011-04-14"));
    }

    #[test]
    fn file_names() {
        assert_eq!(file_name_date("2022-01-12-nato.md"), Some(d("2022-01-12")));
        assert_eq!(file_name_date("nato-2022-01-12.md"), None);
        assert_eq!(date_in_name("nato-2022-01-12-x"), Some(d("2022-01-12")));
        assert_eq!(date_in_name("Whitehouse 2012 03 06 Press"), Some(d("2012-03-06")));
        assert_eq!(date_in_name("report 120220101"), None);
    }
}
