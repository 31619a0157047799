//! Fuzzing the Markdown body of turns (render::markdown_to_html) with
//! proptest: random Markdown made of hostile pieces (markup, links with any
//! scheme, images, code, entities, characters that need escaping, CR and
//! LF in every combination), short and long.
//!
//! Properties: nothing panics; no script, event handler, image or
//! `javascript:` link gets through; and the output is the same bytes as
//! sanitizing the whole rendered Markdown in one go (what
//! markdown_to_html did before it handed long text over in pieces), so the
//! pieces change nothing but the time.
//!
//! For a long run: `PROPTEST_CASES=100000 cargo test --release --test fuzz_markdown`.

use pressroom::render::markdown_to_html;
use proptest::prelude::*;
use regex::Regex;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// A start tag in the output (text is escaped, so a raw `<` starts a tag).
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[a-z][^>]*>").unwrap());

fn config() -> ProptestConfig {
    ProptestConfig { failure_persistence: None, ..ProptestConfig::default() }
}

/// The sanitizer applied to the whole rendered Markdown at once.
fn reference(text: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(text, pulldown_cmark::Options::ENABLE_STRIKETHROUGH).map(|event| match event {
        pulldown_cmark::Event::Html(html) | pulldown_cmark::Event::InlineHtml(html) => pulldown_cmark::Event::Text(html),
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow noopener"))
        .clean(&html)
        .to_string()
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z ,.]{0,40}",
        2 => prop_oneof![Just("&"), Just("«"), Just("»"), Just("°"), Just("\u{a0}"), Just("<"), Just(">"), Just("\""), Just("'"), Just("&amp;"), Just("&#0;"), Just("&nbsp;"), Just("\0")]
            .prop_flat_map(|s| (1usize..700).prop_map(move |n| s.repeat(n))),
        1 => prop_oneof![Just("\n"), Just("\r"), Just("\r\n"), Just("\n\n"), Just("\r\r"), Just("  \n")].prop_map(String::from),
        1 => prop_oneof![Just("# "), Just("> "), Just("- "), Just("1. "), Just("    "), Just("```\n"), Just("~~"), Just("**"), Just("*"), Just("`"), Just("---\n")].prop_map(String::from),
        1 => "<(script|img|a|b|p|pre|iframe|svg)( (src|href|onerror|onload|style)=\"?[^>]{0,20}\"?)?>",
        1 => "</?(script|a|b|p|pre)>|<!--|-->|<!\\[CDATA\\[",
        1 => "\\[[a-z&<]{0,10}\\]\\((javascript|JavaScript|vbscript|data|https?|mailto|ftp|//|/)[:a-z&<>'\"%.()/]{0,30}( \"[a-z&\"]{0,8}\")?\\)",
        1 => "!\\[[a-z&]{0,10}\\]\\((https?:)?//[a-z.&]{1,20}\\)",
        1 => "<(https?|javascript|mailto):[a-z&.@/]{1,20}>",
        1 => (1usize..3000).prop_map(|n| format!("[x](https://e.example/{})", "&".repeat(n))),
        1 => any::<String>(),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..30).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn pieces_change_nothing_but_the_time(text in document()) {
        let html = markdown_to_html(&text);
        let long_link = text.contains(&format!("/{}", "&".repeat(2000)));
        if !long_link {
            prop_assert_eq!(&html, &reference(&text));
        }
        let lower = html.to_ascii_lowercase();
        prop_assert!(!lower.contains("<script") && !lower.contains("<img") && !lower.contains("<iframe") && !lower.contains("<svg"), "{}", html);
        for tag in TAG.find_iter(&lower) {
            let tag = tag.as_str();
            prop_assert!(!tag.contains(" on") && !tag.contains(" style") && !tag.contains(" src"), "{}", tag);
            prop_assert!(!["javascript:", "vbscript:", "data:"].iter().any(|s| tag.contains(&format!("href=\"{s}"))), "{}", tag);
        }
    }
}

/// How long rendering `text` takes (the best of two runs).
fn time(text: &str) -> Duration {
    (0..2)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(markdown_to_html(text));
            start.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn a_long_paragraph_of_characters_to_escape_renders_in_linear_time() {
    // Before: 1 MB of `&` took 68 s, 4 MB of one-line French 25 s.
    let limit = if cfg!(debug_assertions) { 20.0 } else { 1.0 };
    for unit in ["&", "«", "°", "\u{a0}", "l’été « chaud » à 30 °C & plus ; "] {
        let small = unit.repeat(250_000 / unit.len());
        let big = unit.repeat(1_000_000 / unit.len());
        let (t1, t4) = (time(&small), time(&big));
        eprintln!("{unit:?}: 250 KB {t1:?}, 1 MB {t4:?}");
        assert!(t4.as_secs_f64() < limit, "1 MB of {unit:?} took {t4:?}");
        assert!(t4.as_secs_f64() < 6.0 * t1.as_secs_f64().max(0.01), "4× the text took {t4:?} against {t1:?}: not linear");
    }
    let html = markdown_to_html(&"&".repeat(1_000_000));
    assert_eq!(html, format!("<p>{}</p>\n", "&amp;".repeat(1_000_000)));
}

#[test]
fn a_link_too_long_to_be_one_is_its_text() {
    let url = format!("https://e.example/{}", "&".repeat(100_000));
    let start = Instant::now();
    let html = markdown_to_html(&format!("see [the page]({url}) now"));
    assert!(start.elapsed() < Duration::from_secs(if cfg!(debug_assertions) { 20 } else { 1 }), "{:?}", start.elapsed());
    assert_eq!(html, "<p>see the page now</p>\n");
    assert_eq!(markdown_to_html("[the page](https://e.example/a&b)"), "<p><a href=\"https://e.example/a&amp;b\" rel=\"nofollow noopener\">the page</a></p>\n");
}
