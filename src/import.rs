//! `pressroom import`: turn raw published text (.txt, or HTML saved from a
//! publisher's site) into a clean Markdown content file with front matter,
//! and report what was inferred so the archivist can review it.

use anyhow::{bail, Context, Result};
use scraper::{ElementRef, Html, Node, Selector};
use serde::Serialize;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use crate::model::{Role, Transcript};
use crate::progress::Verbosity;
use crate::{load, parse, slug::slugify};

/// Front matter written for an imported transcript.
#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<toml::value::Datetime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
}

/// Imports each file into `content_dir`.
pub fn run(files: &[PathBuf], content_dir: &Path, force: bool, verbosity: Verbosity) -> Result<()> {
    std::fs::create_dir_all(content_dir).with_context(|| format!("cannot create {}", content_dir.display()))?;
    for file in files {
        let (target, report) = import_file(file, content_dir, force)?;
        if verbosity != Verbosity::Quiet {
            println!("Imported {} → {}", file.display(), target.display());
            print!("{report}");
        }
    }
    Ok(())
}

/// Imports one file; returns the new content file and a report.
pub fn import_file(file: &Path, content_dir: &Path, force: bool) -> Result<(PathBuf, String)> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let raw = load::decode(&bytes).with_context(|| file.display().to_string())?;
    let is_html = file.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let (text, html_meta) = if is_html { html_to_text(&raw) } else { (raw, HtmlMeta::default()) };
    let txt_name = file.with_extension("txt");
    let mut source = load::read_source(Path::new(txt_name.file_name().unwrap_or_default()), &text)?;
    if source.given.source.is_none() {
        source.given.source = html_meta.source.clone();
    }
    let mut t = parse::parse(&source.body, &source.given, &Default::default());
    if source.given.file_stem.as_deref().map(parse::title_from_file_name).as_deref() == Some(t.title.as_str()) {
        if let Some(title) = html_meta.title.clone() {
            t.title = title;
        }
    }
    let name = match t.date {
        Some(d) => format!("{d}-{}", slugify(&t.title, "transcript")),
        None => slugify(&t.title, "transcript"),
    };
    let name: String = name.chars().take(90).collect::<String>().trim_end_matches('-').to_string();
    let target = content_dir.join(format!("{name}.md"));
    if target.exists() && !force {
        bail!("{} already exists; pass --force to replace it", target.display());
    }
    let markdown = to_markdown(&t)?;
    std::fs::write(&target, &markdown).with_context(|| format!("cannot write {}", target.display()))?;
    let mut report = describe(&t, source.given.date.is_some());
    // The written file must mean the same thing as the original.
    let again = load::read_source(&target, &markdown)?;
    let reparsed = parse::parse(&again.body, &again.given, &Default::default());
    if reparsed.exchanges.len() != t.exchanges.len() {
        let _ = writeln!(report, "  warning: the new file parses into {} exchanges instead of {}; please review it", reparsed.exchanges.len(), t.exchanges.len());
    }
    Ok((target, report))
}

/// What the importer inferred, for the archivist to review.
fn describe(t: &Transcript, date_from_name: bool) -> String {
    let mut out = String::new();
    let date = match t.date {
        Some(d) if date_from_name => format!("{d} (from the file name)"),
        Some(d) => format!("{d} (from the text; check it is the event date)"),
        None => "none found: add `date = YYYY-MM-DD` to the front matter".into(),
    };
    let _ = writeln!(out, "  date:      {date}");
    let _ = writeln!(out, "  title:     {}", t.title);
    let names = |role: Role| -> Vec<String> {
        t.speakers.iter().filter(|s| s.role == role).map(|s| s.name.clone().unwrap_or_else(|| format!("(anonymous, label `{}`)", s.label))).collect()
    };
    for (label, role) in [("officials", Role::Official), ("moderators", Role::Moderator), ("press", Role::Press)] {
        let n = names(role);
        if !n.is_empty() {
            let _ = writeln!(out, "  {label:<10} {}", n.join(", "));
        }
    }
    let named = t.exchanges.iter().filter(|e| e.asker.is_some()).count();
    let _ = writeln!(out, "  exchanges: {} ({named} with a named journalist)", t.exchanges.len());
    for n in &t.notes {
        let _ = writeln!(out, "  check line {}: {} ({})", n.line, n.message, n.hint);
    }
    out
}

/// Escapes what Markdown would read as structure at the start of a
/// paragraph (headings, lists, quotes, code).
fn escape_paragraph_start(p: &str) -> String {
    let first = p.chars().next().unwrap_or(' ');
    let digits = p.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && p[digits..].starts_with(['.', ')']) {
        // "1. " starts a list; "1\. " does not.
        format!("{}\\{}", &p[..digits], &p[digits..])
    } else if "#>-*+=`|~<".contains(first) {
        format!("\\{p}")
    } else {
        p.to_string()
    }
}

/// Writes a transcript as a content file: front matter, then one paragraph
/// per turn starting with the speaker's label.
pub fn to_markdown(t: &Transcript) -> Result<String> {
    let date = t.date.map(|d| d.to_string().parse::<toml::value::Datetime>()).transpose().context("date")?;
    let fm = FrontMatter { title: &t.title, date, location: t.location.as_deref(), source: t.source.as_deref() };
    let mut out = format!("+++\n{}+++\n", toml::to_string(&fm)?);
    for turn in t.turns() {
        let speaker = turn.speaker.as_deref().and_then(|id| t.speaker(id));
        let label = speaker.map(|s| s.label.as_str()).filter(|l| !l.is_empty() && *l != "Note");
        let paragraphs: Vec<String> = turn
            .text
            .split("\n\n")
            .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect();
        for (i, p) in paragraphs.iter().enumerate() {
            out.push('\n');
            match label {
                Some(l) if i == 0 => {
                    let _ = writeln!(out, "{l}: {p}");
                }
                None if i == 0 && turn.role == Role::Press && !p.starts_with(['[', '(']) => {
                    let _ = writeln!(out, "Question: {p}");
                }
                _ => {
                    let _ = writeln!(out, "{}", escape_paragraph_start(p));
                }
            }
        }
    }
    Ok(out)
}

/// Metadata found in an HTML page.
#[derive(Debug, Default, Clone)]
pub struct HtmlMeta {
    /// `<h1>` or `<title>`.
    pub title: Option<String>,
    /// Canonical URL.
    pub source: Option<String>,
}

/// Elements whose text is not part of the transcript.
const SKIP: &[&str] = &["script", "style", "nav", "noscript", "aside", "form", "footer", "template", "svg", "iframe", "button"];
/// Elements that start a new paragraph.
const BLOCKS: &[&str] = &[
    "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre", "tr", "table", "dl", "dt", "dd", "figure", "figcaption", "hr",
];

/// Turns a saved HTML page into plain text with paragraphs, keeping only
/// the main content.
pub fn html_to_text(html: &str) -> (String, HtmlMeta) {
    let doc = Html::parse_document(html);
    let sel = |s: &str| Selector::parse(s).expect("valid selector");
    let text_of = |e: ElementRef| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ");
    let title = doc.select(&sel("h1")).next().map(text_of).filter(|t| !t.is_empty()).or_else(|| doc.select(&sel("title")).next().map(text_of));
    let source = doc
        .select(&sel("link[rel=canonical]"))
        .next()
        .and_then(|e| e.value().attr("href"))
        .or_else(|| doc.select(&sel("meta[property='og:url']")).next().and_then(|e| e.value().attr("content")))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .map(str::to_string);
    let root = ["main", "article", "[role=main]", "body"].iter().find_map(|s| doc.select(&sel(s)).next()).unwrap_or_else(|| doc.root_element());
    let mut out = String::new();
    walk(root, &mut out);
    let text = out.split('\n').map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n");
    let mut cleaned = String::new();
    let mut blank = 0;
    for line in text.trim().lines() {
        if line.is_empty() {
            blank += 1;
            if blank == 1 {
                cleaned.push('\n');
            }
        } else {
            blank = 0;
            cleaned.push_str(line);
            cleaned.push('\n');
        }
    }
    (cleaned, HtmlMeta { title, source })
}

fn walk(element: ElementRef, out: &mut String) {
    for child in element.children() {
        match child.value() {
            Node::Text(t) => out.push_str(&t.replace('\n', " ")),
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    continue;
                }
                if name == "br" {
                    out.push('\n');
                    continue;
                }
                let block = BLOCKS.contains(&name);
                if block {
                    out.push_str("\n\n");
                }
                if let Some(el) = ElementRef::wrap(child) {
                    walk(el, out);
                }
                if block {
                    out.push_str("\n\n");
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_keeps_main_text_in_paragraphs() {
        let html = "<html><head><title>T</title><link rel=canonical href='https://example.org/t'><script>var x</script></head><body><nav>Menu</nav><main><h1>Press conference</h1><p>MR. SMITH: Hello <b>all</b>.</p><p>Q: Why?<br>Really?</p></main><footer>Share</footer></body></html>";
        let (text, meta) = html_to_text(html);
        assert_eq!(text, "Press conference\n\nMR. SMITH: Hello all.\n\nQ: Why?\nReally?\n");
        assert_eq!(meta.title.as_deref(), Some("Press conference"));
        assert_eq!(meta.source.as_deref(), Some("https://example.org/t"));
    }

    #[test]
    fn markdown_structure_is_escaped() {
        assert_eq!(escape_paragraph_start("# not a heading"), "\\# not a heading");
        assert_eq!(escape_paragraph_start("1. not a list"), "1\\. not a list");
        assert_eq!(escape_paragraph_start("Fine."), "Fine.");
    }
}
