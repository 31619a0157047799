//! Fuzzing the parser and the load path with proptest (cargo-fuzz needs a
//! nightly toolchain). Inputs: random bytes, random text, and documents made
//! of label-like lines (speaker labels, moderator calls, dates, front matter
//! fences, Markdown and HTML) in random order with random line endings.
//!
//! Properties: nothing panics; the result serializes as the JSON contract;
//! exchanges are numbered `q1..qN` in order; every speaker a turn or an
//! exchange names exists; slugs built from names stay `[a-z0-9-]`.
//!
//! The default case count is modest for CI. For a long run:
//! `PROPTEST_CASES=200000 cargo test --release --test fuzz_parse`.

use pressroom::model::Transcript;
use pressroom::parse::{parse, Given, Hints};
use proptest::prelude::*;
use std::path::Path;

fn config() -> ProptestConfig {
    // PROPTEST_CASES overrides the default of 256.
    ProptestConfig { failure_persistence: None, ..ProptestConfig::default() }
}

/// One line that looks like something the parser has to decide about.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        1 => prop_oneof![
            Just("Q:"), Just("Q."), Just("A:"), Just("MODERATOR:"), Just("THE MINISTER:"), Just("NATO Secretary General:"),
            Just("SECRETARY GENERAL:"), Just("+++"), Just("---"), Just("***"), Just("[Inaudible follow up question]"),
            Just("Thank you."), Just("END"), Just("Q (inaudible):"), Just("QUESTION:"), Just("MR. SMITH:"), Just("Ms. Jones:"),
        ].prop_map(String::from),
        // Name (Outlet):
        2 => "[A-Z][a-zà-ÿ'-]{0,8} [A-Z][a-zA-Zà-ÿ'-]{0,10}( \\([A-Z][A-Za-z&.' ]{0,20}\\))?:( .{0,40})?",
        // ROLE LABEL: / Title Name:
        1 => "(THE )?[A-Z]{1,12}( [A-Z]{1,12}){0,3}:( .{0,30})?",
        1 => "(Secretary|Minister|Spokesperson|Chair|President|Prime Minister) [A-Z][a-z]{1,10}( [A-Z][a-z]{1,10})?:",
        // Moderator calls and self-introductions.
        1 => "(We'll go to|Next question,|The next question is from|Let's go to|Question from) (the )?[A-Z][a-z]{1,10}( [A-Z][a-z]{1,10})?( (from|with|of|at) [A-Z][A-Za-z ]{1,20})?[.,]?( please\\.)?",
        1 => "(Hi|Hello|Thank you)[,.] [A-Z][a-z]+ [A-Z][a-z]+ (with|from|of) (the )?[A-Z][A-Za-z ]{1,20}\\.( .{0,30})?",
        // Typed and scanned labels, stamps and page furniture.
        1 => prop_oneof![
            Just("P. M. Well, I"), Just("PM No, I don't"), Just("PMI wouldn't say"), Just("Q6 There was"), Just("QO What"),
            Just("1Q. Sir,"), Just("A. Yes."), Just("A, No."), Just("ANSWER: Yes."), Just("PRIME MTNTST. R: Well"),
            Just("E&OE...."), Just("E 0 E PROOF ONLY"), Just("/ 3"), Just("-9-"), Just("PM: cont"), Just("ends"),
            Just("6:32 P.M. EST"), Just("KUALA LUMPUR, 18"), Just("OCTOBER 1989"), Just("27TH JUNE, 1967"),
            Just("Germany: “This is"), Just("(Inaudible)"), Just("(Inaudible)?"), Just("— since 1967?"), Just("Mr. President —"),
            Just("Say it?"), Just("Yeah."), Just("Go ahead, please."),
        ].prop_map(String::from),
        1 => "(P\\. ?M\\.?|Q[0-9O]?\\.?|A[.,]|PM[A-Z]?) [A-Z][a-z]{0,8}( [a-z]{0,8}){0,4}[.?]?",
        // Dates, good and impossible.
        1 => "(Mon|Tuesday|THURSDAY),? [0-9]{1,2}(st|th)? (January|Feb\\.|MARCH|Sept\\.|December) [0-9]{2,4}",
        1 => "[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}",
        // Markup.
        1 => "<(script|b|img|NAME|speaker|a|p)( [a-z]+=\"?[^>]{0,12}\"?)?>[^<]{0,20}(</[a-z]+>)?",
        1 => "(#{1,6} |> |- |\\* |[0-9]+\\. |    )?\\[[^\\]]{0,12}\\]\\([^)]{0,20}\\)",
        1 => "(title|date|slug|source|topics) ?[=:] ?.{0,20}",
        // Anything printable, and anything at all.
        2 => "\\PC{0,80}",
        1 => any::<String>(),
        1 => "[\\x00-\\x1f\u{7f}-\u{9f}\u{200b}-\u{200f}\u{2028}\u{2029}\u{feff}\u{fffd} :]{0,12}",
    ]
}

fn document() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..60), prop_oneof![Just("\n"), Just("\n\n"), Just("\r\n"), Just("\r"), Just("\r\n\r\n")])
        .prop_map(|(lines, sep)| lines.join(sep))
}

fn hints() -> Hints {
    Hints { press_labels: vec!["REPORTER".into(), "Q".into()], host_labels: vec!["CHAIR".into(), "".into(), " ".into()], people: vec![] }
}

/// The properties every parse must have.
fn check(t: &Transcript) -> Result<(), TestCaseError> {
    serde_json::to_string(t).map_err(|e| TestCaseError::fail(format!("JSON: {e}")))?;
    for (i, e) in t.exchanges.iter().enumerate() {
        prop_assert_eq!(&e.id, &format!("q{}", i + 1));
        if let Some(a) = &e.asker {
            prop_assert!(t.speaker(a).is_some(), "asker {} is not a speaker", a);
        }
    }
    for turn in t.turns() {
        if let Some(s) = &turn.speaker {
            prop_assert!(t.speaker(s).is_some(), "turn speaker {} is not a speaker", s);
        }
    }
    for s in &t.speakers {
        if let Some(name) = &s.name {
            let slug = pressroom::slug::name_slug(name, "person");
            prop_assert!(!slug.is_empty() && slug.len() <= pressroom::slug::MAX_LEN);
            prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "slug {}", slug);
        }
    }
    Ok(())
}

/// Decode and read the file as `load` does, then parse it.
fn load_and_parse(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(text) = pressroom::load::decode(bytes) else { return Ok(()) };
    let Ok(source) = pressroom::load::read_source(Path::new(name), &text) else { return Ok(()) };
    prop_assert!(source.slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') && !source.slug.is_empty());
    check(&parse(&source.body, &source.given, &hints()))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parse_never_panics_on_label_like_documents(doc in document(), markdown in any::<bool>(), first_line in 0usize..5) {
        let given = Given { markdown, first_line, ..Given::default() };
        check(&parse(&doc, &given, &Hints::default()))?;
        check(&parse(&doc, &given, &hints()))?;
    }

    #[test]
    fn parse_never_panics_on_any_text(text in any::<String>()) {
        check(&parse(&text, &Given::default(), &Hints::default()))?;
    }

    #[test]
    fn the_load_path_never_panics_on_any_bytes(
        prefix in prop_oneof![Just(&b""[..]), Just(&b"\xEF\xBB\xBF"[..]), Just(&b"\xFF\xFE"[..]), Just(&b"\xFE\xFF"[..]), Just(&b"+++\n"[..]), Just(&b"---\n"[..])],
        bytes in prop::collection::vec(any::<u8>(), 0..3000),
        name in prop_oneof![Just("content/2022-01-12-x.md"), Just("content/x.txt"), Just("content/2022-02-30-x.TXT"), Just("content/☃.md")],
    ) {
        let all: Vec<u8> = prefix.iter().chain(&bytes).copied().collect();
        load_and_parse(name, &all)?;
    }

    #[test]
    fn the_load_path_never_panics_on_front_matter_documents(
        front in prop::collection::vec("(title|date|slug|source|location|topics|x) = (\"[^\"\\\\]{0,20}\"|[0-9]{4}-[0-9]{2}-[0-9]{2}|\\[\\]|\\PC{0,10})", 0..6),
        body in document(),
        crlf in any::<bool>(),
    ) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let text = format!("+++{nl}{}{nl}+++{nl}{body}", front.join(nl));
        load_and_parse("content/doc.md", text.as_bytes())?;
        let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        load_and_parse("content/doc.md", &utf16)?;
    }
}

/// Builds a two-file archive with the real binary: it succeeds, or fails
/// with one clear `error:` line; it never panics.
fn build_archive(files: &[(&str, &[u8])]) -> Result<(), TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("site.toml"), "title = \"t\"\n").unwrap();
    std::fs::create_dir(tmp.path().join("content")).unwrap();
    for (name, bytes) in files {
        std::fs::write(tmp.path().join("content").join(name), bytes).unwrap();
    }
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_pressroom")).args(["build", "--quiet", "--root"]).arg(tmp.path()).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    prop_assert!(!err.contains("panicked"), "the build panicked: {}", err);
    if o.status.success() {
        prop_assert!(tmp.path().join("public/index.html").is_file());
    } else {
        prop_assert_eq!(o.status.code(), Some(1), "{}", err);
        prop_assert!(err.starts_with("error: content/"), "a content error names the file: {}", err);
    }
    Ok(())
}

proptest! {
    // The whole pipeline through the binary (load, parse, resolve, index,
    // render, write), on fewer cases since each is a process.
    #![proptest_config(ProptestConfig { cases: (ProptestConfig::default().cases / 8).clamp(16, 1500), ..config() })]

    #[test]
    fn the_pipeline_never_panics(a in document(), b in document(), bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let front = format!("+++\ntitle = \"A\"\n+++\n{a}");
        build_archive(&[("2022-01-01-a.md", front.as_bytes()), ("b.txt", b.as_bytes())])?;
        let mut c = b"+++\ndate = 2022-01-02\n+++\nQ: ".to_vec();
        c.extend(&bytes);
        build_archive(&[("2022-01-01-a.md", front.as_bytes()), ("c.md", &c)])?;
    }
}
