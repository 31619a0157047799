//! Rendering the archive to files with tera templates: HTML pages, JSON
//! data, Atom feeds and the sitemap. Pages are rendered in parallel (rayon).
//!
//! Templates and static assets are embedded in the binary; an archive's own
//! `templates/` and `static/` folders override them file by file.

use anyhow::{Context, Result};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use tera::Tera;

use crate::config::{base_path, Config};
use crate::size::Publish;
use crate::index::Indexes;
use crate::layout::{self, Listing, Urls};
use crate::model::{Role, Transcript, Turn};
use crate::resolve::{Archive, Page};
use crate::write::{File, Sink};

mod feeds;
pub mod listing;
pub use listing::PER_PAGE;
mod pages;

/// Built-in templates: (name, source).
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("transcript.html", include_str!("../../templates/transcript.html")),
    ("turn.html", include_str!("../../templates/turn.html")),
    ("people.html", include_str!("../../templates/people.html")),
    ("person.html", include_str!("../../templates/person.html")),
    ("outlets.html", include_str!("../../templates/outlets.html")),
    ("outlet.html", include_str!("../../templates/outlet.html")),
    ("archive.html", include_str!("../../templates/archive.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("exchange.html", include_str!("../../templates/exchange.html")),
    ("topics.html", include_str!("../../templates/topics.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("items.html", include_str!("../../templates/items.html")),
];

/// Characters of a question shown in listings and feeds (people, outlets,
/// topics): enough to recognise it, short enough that listings of
/// thousands of questions stay small.
const LISTING_PREVIEW: usize = 160;

/// Built-in static assets: (file name, content).
const STATIC: &[(&str, &str)] = &[
    ("style.css", include_str!("../../static/style.css")),
    ("site.js", include_str!("../../static/site.js")),
    ("search.js", include_str!("../../static/search.js")),
    ("search/text.js", include_str!("../../static/search/text.js")),
    ("search/format.js", include_str!("../../static/search/format.js")),
    ("search/shards.js", include_str!("../../static/search/shards.js")),
    ("search/rank.js", include_str!("../../static/search/rank.js")),
    ("search/lookup.js", include_str!("../../static/search/lookup.js")),
    ("search/results.js", include_str!("../../static/search/results.js")),
    ("search/filters.js", include_str!("../../static/search/filters.js")),
    ("search/warmup.js", include_str!("../../static/search/warmup.js")),
    ("search/warmup-data.js", include_str!("../../static/search/warmup-data.js")),
    ("favicon.svg", include_str!("../../static/favicon.svg")),
];

/// Site-wide values every template sees as `site`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteCtx {
    title: String,
    description: String,
    language: String,
    /// Path prefix, always ending in `/`: `/` or `/archive/`.
    base: String,
    /// Absolute prefix for sitemaps (`https://host/archive/`), or the path.
    url: String,
    /// URLs of the sections every page links to, and of the static files'
    /// folder (`static`, ending in `/`) and the site feed (`feed`).
    urls: HashMap<&'static str, String>,
}

/// Escapes text for HTML text and attribute values. Unlike tera's default
/// it leaves `/` alone, so URLs stay readable. Control characters (a NUL
/// from a `\u0000` escape in front matter, say), which HTML and XML forbid,
/// are dropped.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Loads the built-in templates, then the archive's overrides.
fn templates(root: &Path) -> Result<Tera> {
    let mut tera = Tera::default();
    tera.add_raw_templates(TEMPLATES.iter().copied()).context("built-in templates")?;
    let dir = root.join("templates");
    if dir.is_dir() {
        let mut overrides = Vec::new();
        for entry in std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))? {
            let path = entry?.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
            if path.is_file() && (name.ends_with(".html") || name.ends_with(".xml")) {
                let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
                overrides.push((name, text));
            }
        }
        tera.add_raw_templates(overrides).with_context(|| format!("invalid template in {}", dir.display()))?;
    }
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape_html);
    Ok(tera)
}

/// Static assets: built-in, then the archive's `static/` files (which may
/// override them by name or add new ones).
fn static_files(root: &Path) -> Result<Vec<File>> {
    let mut files: Vec<File> = STATIC.iter().map(|(n, c)| (Path::new(layout::STATIC).join(n), c.as_bytes().to_vec())).collect();
    let dir = root.join("static");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).expect("walkdir stays inside its root");
            let target = Path::new(layout::STATIC).join(rel);
            let bytes = std::fs::read(entry.path()).with_context(|| format!("cannot read {}", entry.path().display()))?;
            files.retain(|(p, _)| *p != target);
            files.push((target, bytes));
        }
    }
    Ok(files)
}

/// Bytes of text handed to the sanitizer in one piece (see
/// [`markdown_to_html`]).
const TEXT_PIECE: usize = 512;

/// Longest link (URL and title, in bytes) kept as a link; a longer one is
/// shown as its text. No real link comes near it.
const MAX_LINK: usize = 4096;

/// Renders Markdown turn text to HTML. Raw HTML in the source is shown as
/// text, and the result is sanitized (no scripts, no `javascript:` links).
///
/// The sanitizer's serializer (html5ever's) looks ahead from every `&` or
/// two-byte character starting with 0xC2 (`«`, `°`, a no-break space...)
/// to the next `<` or `>` in the same text node: quadratic in a long
/// paragraph of such characters (1 MB of `&` took a minute). So long text
/// goes to the sanitizer in pieces of [`TEXT_PIECE`] bytes, with an empty
/// comment between two pieces: it makes them separate text nodes, is
/// removed with every comment, and the nodes are written one after the
/// other, so the output is the same bytes. Links longer than [`MAX_LINK`]
/// (whose attributes are serialized the same way) are shown as text.
pub fn markdown_to_html(text: &str) -> String {
    let mut events = Vec::new();
    // Whether each open link is dropped; images are left whole (their
    // text becomes an attribute of an element the sanitizer removes).
    let mut links: Vec<bool> = Vec::new();
    let mut in_image = 0usize;
    for event in Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Image { .. }) => {
                in_image += 1;
                events.push(event);
            }
            Event::End(TagEnd::Image) => {
                in_image = in_image.saturating_sub(1);
                events.push(event);
            }
            _ if in_image > 0 => events.push(match event {
                Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
                other => other,
            }),
            Event::Start(Tag::Link { ref dest_url, ref title, .. }) => {
                let drop = dest_url.len() + title.len() > MAX_LINK;
                links.push(drop);
                if !drop {
                    events.push(event);
                }
            }
            Event::End(TagEnd::Link) => {
                if !links.pop().unwrap_or(false) {
                    events.push(event);
                }
            }
            Event::Html(text) | Event::InlineHtml(text) | Event::Text(text) => push_text_in_pieces(&mut events, text),
            Event::Code(code) if code.len() > TEXT_PIECE => {
                events.push(Event::InlineHtml("<code>".into()));
                push_text_in_pieces(&mut events, code);
                events.push(Event::InlineHtml("</code>".into()));
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(text.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Images are dropped too: a transcript has none, and a remote one would
    // let whoever wrote the file track the site's readers.
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("nofollow noopener"))
        .clean(&html)
        .to_string()
}

/// Pushes `text` as text events of at most about [`TEXT_PIECE`] bytes,
/// separated by empty comments (see [`markdown_to_html`]). A piece never
/// ends between a CR and an LF, which the HTML parser reads as one line end.
///
/// Pieces are escaped here rather than by pulldown-cmark: an `&` that no
/// letter, digit or `#` follows stays a bare `&`, which the HTML parser
/// reads as itself without looking it up as a character reference (the
/// cost of a long run of `&`); the sanitizer writes it as `&amp;` all the
/// same.
fn push_text_in_pieces<'a>(events: &mut Vec<Event<'a>>, text: pulldown_cmark::CowStr<'a>) {
    if text.len() <= TEXT_PIECE {
        events.push(Event::Text(text));
        return;
    }
    let mut rest: &str = &text;
    while rest.len() > TEXT_PIECE {
        let mut end = TEXT_PIECE;
        while !rest.is_char_boundary(end) || (rest.as_bytes()[end - 1] == b'\r' && rest.as_bytes()[end] == b'\n') {
            end += 1;
        }
        if end >= rest.len() {
            break;
        }
        events.push(Event::InlineHtml(escape_piece(&rest[..end]).into()));
        events.push(Event::InlineHtml("<!---->".into()));
        rest = &rest[end..];
    }
    events.push(Event::InlineHtml(escape_piece(rest).into()));
}

/// Escapes a piece of text for HTML (see [`push_text_in_pieces`]).
fn escape_piece(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if bytes.get(i + 1).is_none_or(|b| b.is_ascii_alphanumeric() || *b == b'#') => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// The first words of some texts, at most `n` characters, cut at a word
/// (with "…" when cut). Reads only as far as it needs, so a preview of a
/// long answer costs no more than one of a short one.
pub fn preview<'a>(texts: impl IntoIterator<Item = &'a str>, n: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in texts.into_iter().flat_map(str::split_whitespace) {
        let len = word.chars().count();
        if chars + len + usize::from(chars > 0) > n {
            if out.is_empty() {
                out.extend(word.chars().take(n));
            }
            out.push('…');
            return out;
        }
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += len;
    }
    out
}

/// "12 January 2022".
fn date_display(t: &Transcript) -> Option<String> {
    t.date.map(|d| d.format("%-d %B %Y").to_string())
}

/// A transcript as other pages show it: in lists, as a neighbour, in feeds.
#[derive(Serialize)]
pub struct TranscriptRef {
    url: String,
    title: String,
    date: Option<String>,
    date_display: Option<String>,
    exchanges: usize,
    officials: String,
}

/// A turn as templates see it.
#[derive(Serialize)]
struct TurnCtx {
    name: String,
    url: Option<String>,
    detail: Option<String>,
    role: &'static str,
    html: String,
}

/// A topic link.
#[derive(Serialize, Clone)]
struct TopicLink {
    title: String,
    url: String,
}

/// One question or appearance in a listing (person, outlet, topic pages).
#[derive(Serialize, Clone)]
pub struct ItemCtx {
    url: String,
    label: String,
    date: Option<String>,
    date_display: Option<String>,
    transcript_url: String,
    transcript_title: String,
    asker: Option<String>,
    asker_url: Option<String>,
    outlet: Option<String>,
    preview: String,
    /// Atom `updated` value.
    updated: String,
}

/// Which pages a build renders: all of them, or only those a change to some
/// transcripts touched (see [`crate::incremental`]).
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Every page, the search index and the static files.
    pub all: bool,
    /// Slugs of the transcripts whose pages to render.
    pub transcripts: HashSet<String>,
    /// Slugs of the people whose pages to render.
    pub people: HashSet<String>,
    /// Slugs of the outlets whose pages to render.
    pub outlets: HashSet<String>,
    /// Slugs of the topics whose pages to render.
    pub topics: HashSet<String>,
    /// Listings in scope (by folder: `people/<slug>`, `outlets/<slug>`,
    /// `topics/<slug>`) of which only some pages changed: their numbers,
    /// from 1. Their feed is rendered with them, and nothing when there are
    /// none. A listing in scope but not here is rendered whole.
    pub pages: HashMap<PathBuf, BTreeSet<usize>>,
    /// The home page, the archive, the site feed and the sitemap.
    pub front: bool,
    /// `people/`.
    pub people_index: bool,
    /// `outlets/`.
    pub outlets_index: bool,
    /// `topics/`.
    pub topics_index: bool,
}

impl Scope {
    /// A full build.
    pub fn all() -> Scope {
        Scope { all: true, ..Scope::default() }
    }

    fn transcript(&self, slug: &str) -> bool {
        self.all || self.transcripts.contains(slug)
    }

    fn person(&self, slug: &str) -> bool {
        self.all || self.people.contains(slug)
    }

    fn outlet(&self, slug: &str) -> bool {
        self.all || self.outlets.contains(slug)
    }

    fn topic(&self, slug: &str) -> bool {
        self.all || self.topics.contains(slug)
    }

    /// Whether page `n` (from 1) of the listing in `dir` is rendered, when
    /// the listing is.
    fn listing_page(&self, dir: &Path, n: usize) -> bool {
        self.all || self.pages.get(dir).is_none_or(|pages| pages.contains(&n))
    }

    /// Whether the feed of the listing in `dir` is rendered, when the
    /// listing is.
    fn listing_feed(&self, dir: &Path) -> bool {
        self.all || self.pages.get(dir).is_none_or(|pages| !pages.is_empty())
    }
}

/// Renders the files of the site that `scope` covers, with the optional
/// parts `publish` names, into `out`, each as soon as it is made. Returns
/// the number of files.
pub fn render(archive: &Archive, indexes: &Indexes, config: &Config, publish: Publish, root: &Path, scope: &Scope, out: &dyn Sink) -> Result<usize> {
    let tera = templates(root)?;
    let base = base_path(&config.base_url)?;
    let url = if config.base_url.starts_with("http") {
        let u = config.base_url.trim().to_string();
        if u.ends_with('/') { u } else { format!("{u}/") }
    } else {
        base.clone()
    };
    let urls = Urls::new(&base);
    let mut links: HashMap<&'static str, String> = layout::SECTIONS.iter().map(|&s| (s, urls.page(Path::new(s)))).collect();
    links.insert("static", urls.page(Path::new(layout::STATIC)));
    links.insert("feed", urls.feed(Path::new("")));
    links.insert("sitemap", urls.file(Path::new(layout::SITEMAP)));
    let site = SiteCtx { title: config.title.clone(), description: config.description.clone(), language: config.language.clone(), base, url, urls: links };
    let mut exchange_topics: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (k, topic) in indexes.topics.iter().enumerate() {
        for &key in &topic.exchanges {
            exchange_topics.entry(key).or_default().push(k);
        }
    }
    let r = Renderer { tera, site, urls, archive, indexes, exchange_topics, scope, publish, out, count: AtomicUsize::new(0) };
    r.transcript_files()?;
    if scope.all || scope.front {
        r.put(layout::INDEX, r.home()?)?;
        r.put(layout::page(layout::ARCHIVE), r.archive_page()?)?;
    }
    r.people_files()?;
    r.outlet_files()?;
    r.topic_files()?;
    if scope.all || scope.front {
        r.put(layout::FEED, r.site_feed()?)?;
        r.put(layout::SITEMAP, r.sitemap()?)?;
    }
    // These depend on the configuration and templates only, whose change
    // makes a full build.
    if scope.all {
        r.put(layout::page(layout::SEARCH), r.render("search.html", tera::Context::new())?)?;
        r.put(layout::NOT_FOUND, r.render("404.html", tera::Context::new())?)?;
        r.put(layout::ROBOTS, format!("User-agent: *\nAllow: /\nSitemap: {}\n", r.absolute(&r.urls.file(Path::new(layout::SITEMAP)))).into_bytes())?;
        r.put(layout::NOJEKYLL, Vec::new())?;
        for (path, bytes) in static_files(root)? {
            r.put(path, bytes)?;
        }
    }
    Ok(r.count.into_inner())
}

/// Holds what every page needs.
struct Renderer<'a> {
    tera: Tera,
    site: SiteCtx,
    urls: Urls,
    archive: &'a Archive,
    indexes: &'a Indexes,
    /// (transcript, exchange) → indices into `indexes.topics`.
    exchange_topics: HashMap<(usize, usize), Vec<usize>>,
    /// Which pages to render.
    scope: &'a Scope,
    /// Which optional parts the site has.
    publish: Publish,
    /// Where the files go.
    out: &'a dyn Sink,
    /// Files put so far.
    count: AtomicUsize,
}

impl Renderer<'_> {
    /// Hands one file to the sink.
    fn put(&self, path: impl Into<PathBuf>, bytes: Vec<u8>) -> Result<()> {
        self.count.fetch_add(1, Ordering::Relaxed);
        self.out.put(path.into(), bytes)
    }

    fn render(&self, template: &str, mut ctx: tera::Context) -> Result<Vec<u8>> {
        ctx.insert("site", &self.site);
        let html = self.tera.render(template, &ctx).with_context(|| format!("cannot render {template}"))?;
        Ok(html.into_bytes())
    }

    /// An absolute URL (when the base URL is one) for a rooted path.
    fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.site.url, path.strip_prefix(&self.site.base).unwrap_or(path))
    }

    fn transcript_url(&self, page: &Page) -> String {
        self.urls.transcript(&page.slug)
    }

    fn person_url(&self, slug: &str) -> String {
        self.urls.listing(Listing::Person, slug)
    }

    fn outlet_url(&self, slug: &str) -> String {
        self.urls.listing(Listing::Outlet, slug)
    }

    fn topic_url(&self, slug: &str) -> String {
        self.urls.listing(Listing::Topic, slug)
    }

    /// The archive-wide spelling of an outlet printed in a transcript.
    fn outlet_display(&self, page: &Page, printed: &str) -> String {
        outlet_display(self.archive, page, printed)
    }

    fn topics_of(&self, ti: usize, ei: usize) -> Vec<TopicLink> {
        self.exchange_topics
            .get(&(ti, ei))
            .map(|ks| ks.iter().map(|&k| &self.indexes.topics[k]).map(|t| TopicLink { title: t.title.clone(), url: self.topic_url(&t.slug) }).collect())
            .unwrap_or_default()
    }

    fn transcript_ref(&self, page: &Page) -> TranscriptRef {
        transcript_ref(&self.urls, page)
    }

    fn turn_ctx(&self, page: &Page, turn: &Turn) -> TurnCtx {
        let t = &page.transcript;
        let speaker = turn.speaker.as_deref().and_then(|id| t.speaker(id));
        let name = speaker
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| if turn.role == Role::Press { "Question".into() } else { "Speaker".into() });
        let url = turn.speaker.as_ref().and_then(|id| page.people.get(id)).map(|slug| self.person_url(slug));
        let detail = speaker.and_then(|s| {
            if s.role == Role::Press {
                s.outlet.as_deref().map(|o| self.outlet_display(page, o))
            } else {
                s.title.clone().filter(|title| Some(title) != s.name.as_ref())
            }
        });
        TurnCtx { name, url, detail, role: turn.role.as_str(), html: markdown_to_html(&turn.text) }
    }

    /// "Jan 2022" or "Jan 2022 – Feb 2022" for a set of transcript indices.
    fn range(&self, transcripts: impl Iterator<Item = usize>) -> Option<String> {
        let dates: Vec<_> = transcripts.filter_map(|i| self.archive.transcripts[i].transcript.date).collect();
        let (min, max) = (dates.iter().min()?, dates.iter().max()?);
        let (a, b) = (min.format("%b %Y").to_string(), max.format("%b %Y").to_string());
        Some(if a == b { a } else { format!("{a} – {b}") })
    }

    /// A question (or opening statement) in a listing.
    fn item(&self, ti: usize, anchor: &str, exchange: Option<usize>) -> ItemCtx {
        item(self.archive, &self.urls, ti, anchor, exchange)
    }
}

/// The archive-wide spelling of an outlet printed in a transcript.
fn outlet_display(archive: &Archive, page: &Page, printed: &str) -> String {
    archive.outlet(page, printed).map(|o| o.name.clone()).unwrap_or_else(|| printed.to_string())
}

/// How other pages show a transcript.
pub fn transcript_ref(urls: &Urls, page: &Page) -> TranscriptRef {
    let t = &page.transcript;
    let officials: Vec<&str> = t.speakers.iter().filter(|s| s.role == Role::Official && page.people.contains_key(&s.id)).filter_map(|s| s.name.as_deref()).collect();
    TranscriptRef {
        url: urls.transcript(&page.slug),
        title: t.title.clone(),
        date: t.date.map(|d| d.to_string()),
        date_display: date_display(t),
        exchanges: t.exchanges.len(),
        officials: officials.join(", "),
    }
}

/// A question (exchange `exchange`, at `anchor`) or an opening statement
/// of transcript `ti`, as listings and their feeds show it.
pub fn item(archive: &Archive, urls: &Urls, ti: usize, anchor: &str, exchange: Option<usize>) -> ItemCtx {
    let page = &archive.transcripts[ti];
    let t = &page.transcript;
    let ex = exchange.map(|ei| &t.exchanges[ei]);
    let (label, preview, asker, outlet) = match ex {
        Some(e) => {
            let asker = e.asker.as_deref().and_then(|a| t.speaker(a)).and_then(|s| s.name.clone());
            (format!("Question {}", e.id.trim_start_matches('q')), preview(e.question_text(), LISTING_PREVIEW), asker, e.outlet.as_deref().map(|o| outlet_display(archive, page, o)))
        }
        None => ("Opening statement".to_string(), preview(t.opening.iter().map(|t| t.text.as_str()), LISTING_PREVIEW), None, None),
    };
    let asker_url = ex.and_then(|e| e.asker.as_ref()).and_then(|a| page.people.get(a)).map(|s| urls.listing(Listing::Person, s));
    ItemCtx {
        url: format!("{}#{anchor}", urls.transcript(&page.slug)),
        label,
        date: t.date.map(|d| d.to_string()),
        date_display: date_display(t),
        transcript_url: urls.transcript(&page.slug),
        transcript_title: t.title.clone(),
        asker,
        asker_url,
        outlet,
        preview,
        updated: feeds::atom_date(t.date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_sanitized() {
        let html = markdown_to_html("Hello <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        let html = markdown_to_html("![pixel](https://evil.example/p.png) [d](data:text/html,x) <javascript:alert(1)> [v](VBScript:x)");
        assert!(!html.contains("<img") && !html.contains("data:") && !html.contains("href=\"javascript") && !html.contains("vbscript"), "{html}");
    }

    #[test]
    fn previews_cut_at_words() {
        assert_eq!(preview(["a  b", "c"], 10), "a b c");
        assert_eq!(preview(["hello wonderful world"], 12), "hello…");
        assert_eq!(preview(["abcdefghij"], 4), "abcd…");
        assert_eq!(preview([], 4), "");
    }

    #[test]
    fn escape_keeps_slashes() {
        assert_eq!(escape_html("/a/<b>\"'&"), "/a/&lt;b&gt;&quot;&#39;&amp;");
        assert_eq!(escape_html("a\0b\u{1b}c\td"), "abc\td");
    }
}
