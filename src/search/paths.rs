//! The paths of the files under `search/`, relative to it (the client's
//! `static/search/format.js` makes the same; both are checked against
//! `tests/fixtures/search-format.json`).
//!
//! Every name is decimal numbers joined by dots, in a folder of one letter,
//! with the extension `.json` or `.bin`. Numbers are never written in base
//! 36 here (refs inside the files are): transcripts 14,073, 16,439, 30,909
//! and 33,395 would be `d/aux.json`, `d/con.json`, `d/nul.json` and
//! `d/prn.json`, names Windows reserves for devices whatever the extension,
//! which a site's repository could not be checked out with there. Digits
//! and dots are never such a name, nor a character Windows forbids.

/// `s/<n>.json`: shard `n`.
pub(super) fn shard(n: usize) -> String {
    format!("s/{n}.json")
}

/// `t/<n>/<b>.bin`: term file `b` of shard `n`.
pub(super) fn term_file(n: usize, b: usize) -> String {
    format!("t/{n}/{b}.bin")
}

/// `d/<t>.json`: the result file of transcript `t` (archive order).
pub(super) fn results(t: usize) -> String {
    format!("d/{t}.json")
}

/// A file of the tail of the `term`-th cut term of a shard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TailFile {
    /// One block, by equal ranges of document numbers.
    Block { term: usize, block: usize },
    /// The whole tail, when it is written whole too.
    Whole { term: usize },
}

impl TailFile {
    /// `m/<n>/<term>.<block>.bin` or `m/<n>/<term>.bin`, for shard `n`.
    pub(super) fn path(self, n: usize) -> String {
        match self {
            TailFile::Block { term, block } => format!("m/{n}/{term}.{block}.bin"),
            TailFile::Whole { term } => format!("m/{n}/{term}.bin"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::path::Path;

    /// Whether Windows can have a file at `path` (`/`-separated): no part
    /// is a device name, whatever its extension, none ends with a dot or a
    /// space, and no character is one Windows forbids.
    fn windows_can_have(path: &str) -> bool {
        path.split('/').all(|part| {
            let stem = part.split('.').next().unwrap_or("").to_ascii_lowercase();
            let device = matches!(stem.as_str(), "con" | "prn" | "aux" | "nul" | "conin$" | "conout$")
                || (stem.len() == 4 && (stem.starts_with("com") || stem.starts_with("lpt")) && stem.as_bytes()[3].is_ascii_digit());
            !part.is_empty()
                && !device
                && !part.ends_with(['.', ' '])
                && !part.chars().any(|c| c < ' ' || "<>:\"\\|?*".contains(c))
        })
    }

    #[test]
    fn the_check_knows_windows_names() {
        for bad in ["d/con.json", "d/AUX.json", "d/nul", "t/com1.bin", "m/lpt9/0.bin", "d/a:b.json", "d/x.", "d/x?.json"] {
            assert!(!windows_can_have(bad), "{bad}");
        }
        for good in ["d/16439.json", "d/console.json", "m/com/0.bin", "t/3/7.bin"] {
            assert!(windows_can_have(good), "{good}");
        }
    }

    #[test]
    fn paths_are_the_fixtures() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-format.json");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let fixture: Value = serde_json::from_str(&text).expect("the fixture is JSON");
        let cases = fixture["paths"]["cases"].as_array().expect("fixture cases of paths");
        assert!(cases.len() >= 5);
        for case in cases {
            let case = case.as_array().unwrap();
            let n = |i: usize| case[i].as_u64().unwrap() as usize;
            let made = match case[0].as_str().unwrap() {
                "shard" => shard(n(1)),
                "term" => term_file(n(1), n(2)),
                "results" => results(n(1)),
                "block" => TailFile::Block { term: n(2), block: n(3) }.path(n(1)),
                "whole" => TailFile::Whole { term: n(2) }.path(n(1)),
                kind => panic!("unknown kind {kind}"),
            };
            assert_eq!(Value::String(made), case[case.len() - 1], "{case:?}");
        }
    }

    #[test]
    fn no_path_is_a_name_windows_reserves() {
        // Every transcript number up to past the base-36 `prn` (33,395), and
        // the four-character ones around `com1` and `lpt1`.
        let t = (0..40_000).chain(580_000..620_000).chain(1_000_000..1_020_000);
        for t in t {
            assert!(windows_can_have(&results(t)), "{}", results(t));
        }
        for n in 0..2_000 {
            for path in [shard(n), term_file(n, n), TailFile::Block { term: n, block: n }.path(n), TailFile::Whole { term: n }.path(n)] {
                assert!(windows_can_have(&path), "{path}");
            }
        }
    }
}
