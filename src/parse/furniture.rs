//! Page furniture of typed and scanned transcripts that is never speech,
//! a title or an outlet: "errors and omissions excepted" and proof stamps
//! (`E&OE`, `E 0 E PROOF ONLY`, `E&OE PROOF COPY`), page markers (`/ 3`,
//! `-9-`), closing marks (`ends`, `[ENDS]`).
//!
//! The stamps are recognised by their shape, OCR damage included: `E`, an
//! ampersand or "AND" (or nothing), `O` or `0`, `E`, with dots and spaces
//! anywhere; and "PROOF ONLY" / "PROOF COPY" with the few characters of a
//! damaged stamp before them.

use regex::Regex;
use std::sync::LazyLock;

/// `E&OE`, `E & O E`, `E. O. E.`, `E 0 E`, `E AND 0 E`, `E& OE`, with the
/// dots, ellipses and dashes that follow.
static EOE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bE\s*[.,]?\s*(?:(?:&|AND)\s*)?[O0]\s*[.,]?\s*[Ee]\b\.?[\s.…\-–—]*").unwrap()
});

/// "PROOF ONLY", "PROOF COPY" (OCR'd "PROOP ONLY", "PRooF ONLY"), with a
/// damaged stamp of short tokens before them ("E A OH PROOF ONLY",
/// "œ 0 3-PROOF ONLY").
static PROOF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:^|\s)\S{1,3}?[\s\-–—]*){0,3}\bPR[Oo0][Oo0][FPfp]\s*[\-–—]?\s*(?:ONLY|COPY)[\s.…\-–—\d]*").unwrap()
});

/// A page marker run into the end of a line ("...QUESTIONS. / 7").
static TRAILING_MARKER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+\.?/\s*\d{1,3}\)?\s*$").unwrap());

/// Removes proof and "errors and omissions excepted" stamps, and a page
/// marker run into the end, from a line; `None` when nothing was removed.
pub fn strip_furniture(line: &str) -> Option<String> {
    // Cheap tests first: this runs on every line.
    let b = line.as_bytes();
    let eoe = b.iter().enumerate().any(|(i, &c)| c == b'E' && b[i + 1..b.len().min(i + 8)].iter().any(|&d| d == b'O' || d == b'0'));
    let marker = b.ends_with(b")") || b.last().is_some_and(u8::is_ascii_digit);
    if !eoe && !marker && !line.contains("ONLY") && !line.contains("COPY") {
        return None;
    }
    let mut out = line.to_string();
    let mut changed = false;
    for re in [&*EOE, &*PROOF, &*TRAILING_MARKER] {
        if re.is_match(&out) {
            out = re.replace_all(&out, " ").into_owned();
            changed = true;
        }
    }
    changed.then(|| {
        let t = out.split_whitespace().collect::<Vec<_>>().join(" ");
        t.trim_end_matches([' ', '-', '–', '—']).to_string()
    })
}

/// True for a page marker that is not a bare number: "/ 3", "./ 7", "-9-",
/// "- 4 -", "/2)", "A -9-" (the letter a typist put before the page).
pub fn is_page_marker(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() || t.len() > 12 || !t.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let rest: String = t.chars().filter(|c| !c.is_ascii_digit() && !c.is_whitespace()).collect();
    let marks = rest.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let numbers = t.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).count();
    numbers == 1
        && !marks.is_empty()
        && rest.chars().filter(char::is_ascii_uppercase).count() <= 1
        && marks.chars().all(|c| "-–—/.()[]".contains(c))
        && t.split_whitespace().count() <= 4
}

/// True for a closing mark: "ends", "[ENDS]", "(ends)", "— ends —", "ENDS.".
pub fn is_end_mark(line: &str) -> bool {
    if line.len() > 20 {
        return false;
    }
    let t: String = line.chars().filter(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    let marked = line.trim().starts_with(['[', '(', '-', '—', '–', '*']);
    line.trim().len() <= 20 && (matches!(t.as_str(), "ends" | "endofstatement" | "endoftranscript") || (t == "end" && marked))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_go_and_the_rest_stays() {
        for (line, rest) in [
            ("E&OE", ""),
            ("E&OE..........", ""),
            ("E & O E  -  PROOF ONLY", ""),
            ("E 0 E PROOF ONLY", ""),
            ("E. O. E. -PROOF ONLY", ""),
            ("E AND 0 E PROOF ONLY", ""),
            ("E& OE PROOF COPY", ""),
            ("E A OH PROOF ONLY", ""),
            ("1989 œ 0 3-PROOF ONLY", "1989"),
            ("0123 E 0 E PROOF ONLY", "0123"),
            ("TRANSCRIPT OF DOORSTOP, MANLY OVAL, SYDNEY - 9 JANUARY 1989 E &OE - PROOP ONLY", "TRANSCRIPT OF DOORSTOP, MANLY OVAL, SYDNEY - 9 JANUARY 1989"),
            ("PRooF ONLY", ""),
            ("26B 0 E PROOF ONLY9", ""),
            ("PRONE TO ANSWERING HYPOTHETICAL QUESTIONS. / 7", "PRONE TO ANSWERING HYPOTHETICAL QUESTIONS."),
        ] {
            assert_eq!(strip_furniture(line).as_deref(), Some(rest), "{line}");
        }
        for line in ["Every EU member agreed.", "The OECD said so.", "PM: We proofread it only once.", "E. coli", "It rose by 3/4", "in 1982/83"] {
            assert_eq!(strip_furniture(line), None, "{line}");
        }
    }

    #[test]
    fn page_markers_and_ends() {
        for t in ["/ 3", "./ 7", "-9-", "- 4 -", "/ 2)", "A -9-"] {
            assert!(is_page_marker(t), "{t}");
        }
        for t in ["3 per cent", "A 4", "Q. 3?", "2020-21"] {
            assert!(!is_page_marker(t), "{t}");
        }
        for t in ["ends", "[ENDS]", "(ends)", "— ends —", "ENDS.", "[END]"] {
            assert!(is_end_mark(t), "{t}");
        }
        assert!(!is_end_mark("It ends here."));
        assert!(!is_end_mark("end"));
    }

    proptest::proptest! {
        /// Stripping never panics and never adds text.
        #[test]
        fn stripping_only_removes(line in "(E ?& ?O ?E|PR[O0]OF (ONLY|COPY)|/ [0-9])?\\PC{0,40}") {
            if let Some(rest) = strip_furniture(&line) {
                proptest::prop_assert!(rest.len() <= line.len());
            }
            let _ = (is_page_marker(&line), is_end_mark(&line));
        }
    }
}
