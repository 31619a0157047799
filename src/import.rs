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

/// How deep an imported HTML page may nest elements, by default (see
/// [`check_html_depth`]). Browsers build at most 512 levels (Chromium
/// flattens what is deeper), so a saved page never has more.
pub const MAX_HTML_DEPTH: usize = 512;

/// Imports each file into `content_dir`; HTML nested deeper than
/// `max_html_depth` is an error (see [`check_html_depth`]).
pub fn run(files: &[PathBuf], content_dir: &Path, force: bool, max_html_depth: usize, verbosity: Verbosity) -> Result<()> {
    std::fs::create_dir_all(content_dir).with_context(|| format!("cannot create {}", content_dir.display()))?;
    for file in files {
        let (target, report) = import_file(file, content_dir, force, max_html_depth)?;
        if verbosity != Verbosity::Quiet {
            println!("Imported {} → {}", file.display(), target.display());
            print!("{report}");
        }
    }
    Ok(())
}

/// Imports one file; returns the new content file and a report.
pub fn import_file(file: &Path, content_dir: &Path, force: bool, max_html_depth: usize) -> Result<(PathBuf, String)> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let raw = load::decode(&bytes).with_context(|| file.display().to_string())?;
    let is_html = file.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if is_html {
        if let Err(line) = check_html_depth(&raw, max_html_depth) {
            bail!(
                "{}:{line}: the HTML nests elements more than {max_html_depth} deep, which a page saved from a browser never does (reading it would take time growing with the square of the depth); if the page really is that deep, raise the limit with --max-html-depth",
                file.display()
            );
        }
    }
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

/// Appends the text of `root`'s content to `out`: blocks as paragraphs,
/// `<br>` as a line end, [`SKIP`] elements left out. Iterative, so no
/// nesting overflows the stack.
fn walk(root: ElementRef, out: &mut String) {
    use ego_tree::iter::Edge;
    // Depth of SKIP elements the traversal is inside.
    let mut skipping = 0usize;
    for edge in root.traverse() {
        let (node, open) = match edge {
            Edge::Open(node) => (node, true),
            Edge::Close(node) => (node, false),
        };
        if node.id() == root.id() {
            continue;
        }
        match node.value() {
            Node::Text(t) if open && skipping == 0 => out.push_str(&t.replace('\n', " ")),
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    if open {
                        skipping += 1;
                    } else {
                        skipping -= 1;
                    }
                } else if skipping == 0 && name == "br" {
                    if open {
                        out.push('\n');
                    }
                } else if skipping == 0 && BLOCKS.contains(&name) {
                    out.push_str("\n\n");
                }
            }
            _ => {}
        }
    }
}

/// Elements with no end tag.
const VOID: &[&str] = &["area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"];
/// Elements whose start closes an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "dd", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "li", "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre", "section", "summary", "table", "ul", "xmp",
];
/// Formatting elements, which the HTML parser reopens after an element that
/// held them closes.
const FORMATTING: &[&str] = &["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"];
/// Elements a `<p>` is not closed across.
const BUTTON_SCOPE: &[&str] = &[
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button", "mi", "mo", "mn", "ms", "mtext", "annotation-xml", "foreignObject", "desc", "title",
];
/// HTML elements whose start ends an open `<svg>` or `<math>`.
const BREAKS_OUT: &[&str] = &[
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu",
    "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
];
/// Elements after which the parser ignores an end tag of a non-special
/// element found below them.
const SPECIAL: &[&str] = &[
    "address", "applet", "article", "aside", "blockquote", "body", "button", "caption", "center", "dd", "details", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "html", "li", "listing", "main", "marquee", "menu", "nav", "object", "ol", "p", "pre", "section", "select", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "xmp",
];

/// Checks that parsing `html` nests elements at most `limit` deep, from its
/// tokens alone (in linear time): the HTML parser compares each new element
/// with the elements open around it, so its time grows with the square of
/// the depth (100,000 nested `<div>`s took minutes, then overflowed the
/// stack). The estimate follows the parser where it closes elements that
/// are left open (`<p>`, `<li>`, table cells...) and counts formatting
/// elements (`<b>`, `<font>`...) until their end tag, since the parser
/// reopens them. Returns the line where the depth passes `limit`.
pub fn check_html_depth(html: &str, limit: usize) -> std::result::Result<(), u64> {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
    let estimate = DepthEstimate { limit, state: Default::default() };
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(estimate, TokenizerOpts::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let too_deep = tokenizer.sink.state.borrow().too_deep;
    too_deep.map_or(Ok(()), Err)
}

/// The token sink of [`check_html_depth`].
struct DepthEstimate {
    limit: usize,
    state: std::cell::RefCell<DepthState>,
}

#[derive(Default)]
struct DepthState {
    /// Names of the open elements, innermost last.
    open: Vec<String>,
    /// How many of each are open.
    counts: std::collections::HashMap<String, usize>,
    /// Formatting elements started and not ended, by name and attributes
    /// (the parser keeps at most three alike)...
    formatting: std::collections::HashMap<String, usize>,
    /// ... and by name, most recent last.
    formatting_by_name: std::collections::HashMap<String, Vec<String>>,
    /// How many of them the parser may reopen.
    formatting_open: usize,
    /// The line where the estimate first passed the limit.
    too_deep: Option<u64>,
}

impl DepthState {
    fn push(&mut self, name: &str) {
        self.open.push(name.to_string());
        *self.counts.entry(name.to_string()).or_default() += 1;
    }

    /// Closes the innermost open element named one of `names`, and all
    /// inside it.
    fn close(&mut self, names: &[&str]) {
        if !names.iter().any(|n| self.counts.get(*n).is_some_and(|c| *c > 0)) {
            return;
        }
        while let Some(top) = self.open.pop() {
            *self.counts.get_mut(&top).expect("counted when pushed") -= 1;
            if names.contains(&top.as_str()) {
                break;
            }
        }
    }

    /// Closes the innermost element named one of `names` if no element of
    /// `scope` comes between.
    fn close_in_scope(&mut self, names: &[&str], scope: &[&str]) {
        let found = self.open.iter().rev().find(|t| names.contains(&t.as_str()) || scope.contains(&t.as_str()));
        if found.is_some_and(|t| names.contains(&t.as_str())) {
            self.close(names);
        }
    }

    /// A new list item closes the open one, unless an element that is
    /// not a `<div>`, `<p>` or `<address>` comes between.
    fn close_item(&mut self, names: &[&str]) {
        let found = self.open.iter().rev().find(|t| names.contains(&t.as_str()) || (SPECIAL.contains(&t.as_str()) && !matches!(t.as_str(), "address" | "div" | "p")));
        if found.is_some_and(|t| names.contains(&t.as_str())) {
            self.close(names);
        }
    }

    fn start(&mut self, name: &str, key: String) {
        // Outside a table, the parser ignores table parts (and so must
        // this, or their end tag would close what the parser keeps open).
        let in_table = self.counts.get("table").is_some_and(|c| *c > 0);
        if !in_table && matches!(name, "caption" | "col" | "colgroup" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "frame") {
            return;
        }
        if CLOSES_P.contains(&name) {
            self.close_in_scope(&["p"], BUTTON_SCOPE);
        }
        match name {
            "li" => self.close_item(&["li"]),
            "dd" | "dt" => self.close_item(&["dd", "dt"]),
            "tr" => self.close(&["tr", "td", "th"]),
            "td" | "th" => self.close(&["td", "th"]),
            "tbody" | "thead" | "tfoot" => self.close(&["tbody", "thead", "tfoot"]),
            "option" | "optgroup" if self.open.last().is_some_and(|t| t == "option") => self.close(&["option"]),
            // A new link ends the one still open, formatting included.
            "a" | "nobr" => self.end(name),
            _ => {}
        }
        if FORMATTING.contains(&name) {
            let alike = self.formatting.entry(key.clone()).or_default();
            *alike += 1;
            if *alike <= 3 {
                self.formatting_open += 1;
            }
            self.formatting_by_name.entry(name.to_string()).or_default().push(key);
        }
        self.push(name);
    }

    fn end(&mut self, name: &str) {
        self.end_formatting(name);
        self.end_open(name);
    }

    /// Ends the most recent formatting element named `name`.
    fn end_formatting(&mut self, name: &str) {
        if let Some(key) = self.formatting_by_name.get_mut(name).and_then(Vec::pop) {
            let count = self.formatting.get_mut(&key).expect("counted when started");
            if *count <= 3 {
                self.formatting_open -= 1;
            }
            *count -= 1;
        }
    }

    /// Closes the open element named `name`, as its end tag does.
    fn end_open(&mut self, name: &str) {
        if self.counts.get(name).copied().unwrap_or(0) == 0 {
            return;
        }
        if name == "form" {
            // `</form>` takes the form out, leaving what it holds open.
            if let Some(i) = self.open.iter().rposition(|t| t == "form") {
                self.open.remove(i);
                *self.counts.get_mut("form").expect("counted when pushed") -= 1;
            }
            return;
        }
        if SPECIAL.contains(&name) {
            // `</pre>` while a `<marquee>` opened inside it is open: ignored.
            self.close_in_scope(&[name], BUTTON_SCOPE);
            return;
        }
        // `</span>` while a `<div>` opened inside it is open: ignored.
        if self.open.iter().rev().take_while(|t| *t != name).any(|t| SPECIAL.contains(&t.as_str())) {
            return;
        }
        self.close(&[name]);
    }
}

impl html5ever::tokenizer::TokenSink for DepthEstimate {
    type Handle = ();

    fn process_token(&self, token: html5ever::tokenizer::Token, line: u64) -> html5ever::tokenizer::TokenSinkResult<()> {
        use html5ever::tokenizer::states::RawKind;
        use html5ever::tokenizer::{TagKind, Token, TokenSinkResult};
        let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
        let mut state = self.state.borrow_mut();
        if state.too_deep.is_some() {
            return TokenSinkResult::Continue;
        }
        let name: &str = &tag.name;
        if matches!(name, "html" | "head" | "body") {
            return TokenSinkResult::Continue;
        }
        if VOID.contains(&name) {
            if tag.kind == TagKind::StartTag && BREAKS_OUT.contains(&name) {
                state.close(&["svg", "math"]);
            }
            return TokenSinkResult::Continue;
        }
        match tag.kind {
            TagKind::StartTag => {
                let in_foreign = state.counts.get("svg").is_some_and(|c| *c > 0) || state.counts.get("math").is_some_and(|c| *c > 0);
                if in_foreign && BREAKS_OUT.contains(&name) {
                    // HTML inside svg or math ends it.
                    state.close(&["svg", "math"]);
                } else if in_foreign {
                    // Inside svg or math, every other tag is an element.
                    if !tag.self_closing {
                        state.push(name);
                    }
                    if state.open.len() + state.formatting_open > self.limit {
                        state.too_deep = Some(line);
                    }
                    return TokenSinkResult::Continue;
                }
                let mut key = format!("{name}\0");
                for a in &tag.attrs {
                    key.push_str(&a.name.local);
                    key.push('=');
                    key.push_str(&a.value);
                    key.push('\0');
                }
                state.start(name, key);
                if state.open.len() + state.formatting_open > self.limit {
                    state.too_deep = Some(line);
                }
                match name {
                    "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => TokenSinkResult::RawData(RawKind::Rawtext),
                    "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
                    "plaintext" => TokenSinkResult::Plaintext,
                    _ => TokenSinkResult::Continue,
                }
            }
            TagKind::EndTag => {
                state.end(name);
                TokenSinkResult::Continue
            }
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
