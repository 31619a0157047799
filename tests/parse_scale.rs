//! The parser's time grows linearly with the number of speakers and of
//! exchanges in one transcript: parsing four times as much takes about four
//! times as long (the bound allows 8×, and a little slack for timer noise,
//! so that a loaded machine does not fail the test; quadratic growth is 16×).
//! Timings mean something only in release builds: `cargo test --release
//! --test parse_scale`.

use pressroom::parse::{parse, Given, Hints};
use std::time::Instant;

/// Four capital letters for `i` ("AAAB").
fn letters(mut i: usize) -> String {
    let mut s = [b'A'; 4];
    for c in s.iter_mut().rev() {
        *c = b'A' + (i % 26) as u8;
        i /= 26;
    }
    String::from_utf8(s.to_vec()).unwrap()
}

/// A conference where `n` journalists with similar names ("MARY SMITHAAAB")
/// each ask twice.
fn similar_names(n: usize) -> String {
    let mut body = String::from("Press conference\n\n");
    for _ in 0..2 {
        for i in 0..n {
            body.push_str(&format!("MARY SMITH{}: What about the budget, Prime Minister?\n\nPRIME MINISTER: Well, that is a matter for the Treasurer.\n\n", letters(i)));
        }
    }
    body
}

/// `n` one-word questions, each with its one-word answer.
fn tiny_exchanges(n: usize) -> String {
    let mut body = String::from("Press conference\n\n");
    for _ in 0..n {
        body.push_str("Q: Why?\n\nPM: Because.\n\n");
    }
    body
}

/// Seconds to parse `body`, best of three.
fn seconds(body: &str) -> f64 {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let parsed = parse(body, &Given::default(), &Hints::default());
            std::hint::black_box(parsed);
            t.elapsed().as_secs_f64()
        })
        .fold(f64::MAX, f64::min)
}

/// Asserts that parsing `big` (4× `small`) takes at most 8× as long.
fn assert_linear(what: &str, small: &str, big: &str) {
    let (a, b) = (seconds(small), seconds(big));
    assert!(b <= 8.0 * a + 0.05, "{what}: {a:.3} s, then {b:.3} s for four times as much");
}

#[test]
#[cfg_attr(debug_assertions, ignore = "timing: run with --release")]
fn similar_speaker_names_take_linear_time() {
    assert_linear("speaker names", &similar_names(1_000), &similar_names(4_000));
    let t = Instant::now();
    parse(&similar_names(4_000), &Given::default(), &Hints::default());
    assert!(t.elapsed().as_secs_f64() < 2.0, "4,000 speakers: {:?}", t.elapsed());
}

#[test]
#[cfg_attr(debug_assertions, ignore = "timing: run with --release")]
fn exchanges_take_linear_time() {
    assert_linear("exchanges", &tiny_exchanges(25_000), &tiny_exchanges(100_000));
    let t = Instant::now();
    parse(&tiny_exchanges(200_000), &Given::default(), &Hints::default());
    assert!(t.elapsed().as_secs_f64() < 20.0, "200,000 exchanges: {:?}", t.elapsed());
}

/// Similar names are different people, not misspellings of each other.
#[test]
fn similar_names_are_distinct_speakers() {
    let t = parse(&similar_names(50), &Given::default(), &Hints::default());
    assert_eq!(t.speakers.len(), 51, "{:?}", t.speakers.iter().map(|s| &s.label).collect::<Vec<_>>());
    assert_eq!(t.exchanges.len(), 100);
}
