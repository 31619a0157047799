//! `pressroom check` and the human summary of `pressroom parse`: what the
//! parser was unsure about, files that cannot be read, and people or outlets
//! that are probably the same under two spellings.

use anyhow::Result;
use serde::Serialize;
use std::fmt::Write;
use std::path::Path;

use crate::cli::Format;
use crate::config::Config;
use crate::model::{Level, Role, Transcript};
use crate::resolve::{outlet_key, Archive, Part};
use crate::error::ContentError;
use crate::{load, pipeline, resolve};

/// One finding of `check`.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// File, relative to the archive root.
    pub file: String,
    /// 1-based line, or 0 for the whole file.
    pub line: usize,
    /// Error or warning.
    pub level: Level,
    /// What was found.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

/// The report `check --format json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Transcripts checked.
    pub transcripts: usize,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Every finding, by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

/// A human-readable summary of a parsed transcript.
pub fn summary(t: &Transcript) -> String {
    let mut out = String::new();
    let date = t.date.map(|d| d.to_string()).unwrap_or_else(|| "unknown date".into());
    let _ = writeln!(out, "{} ({date})", t.title);
    let _ = writeln!(out, "speakers:");
    for s in &t.speakers {
        let name = s.name.as_deref().unwrap_or("(anonymous)");
        let outlet = s.outlet.as_deref().map(|o| format!(", {o}")).unwrap_or_default();
        let _ = writeln!(out, "  {:<9} {name}{outlet}  [label: {}]", s.role.as_str(), s.label);
    }
    let _ = writeln!(out, "opening: {} turns", t.opening.len());
    for e in &t.exchanges {
        let asker = e.asker.as_deref().and_then(|a| t.speaker(a)).and_then(|s| s.name.as_deref()).unwrap_or("(unnamed)");
        let outlet = e.outlet.as_deref().unwrap_or("-");
        let press = e.turns.iter().filter(|t| t.role == Role::Press).count();
        let _ = writeln!(out, "  {:<4} {asker} ({outlet}), {} turns, {press} from the press, line {}", e.id, e.turns.len(), e.turns.first().map(|t| t.line).unwrap_or(0));
    }
    let _ = writeln!(out, "closing: {} turns", t.closing.len());
    for n in &t.notes {
        let _ = writeln!(out, "note (line {}): {} — {}", n.line, n.message, n.hint);
    }
    out
}

/// Checks the archive at `root`: every file is read, even after one that
/// cannot be, so that the report lists them all.
pub fn diagnose(root: &Path) -> Result<Report> {
    let config = Config::load(root)?;
    let mut diagnostics = Vec::new();
    let mut sources = Vec::new();
    let files = load::content_files(&root.join("content"))?;
    for path in &files {
        match load::load_file(root, path, config.limits.transcript_bytes()) {
            Ok(s) => sources.push(s),
            Err(e) => diagnostics.push(Diagnostic::error(e)),
        }
    }
    let transcripts = pipeline::parse_all(&sources, &config.hints());
    for (s, t) in sources.iter().zip(&transcripts) {
        for n in &t.notes {
            diagnostics.push(Diagnostic { file: s.path.display().to_string(), line: n.line, level: n.level, message: n.message.clone(), hint: n.hint.clone() });
        }
    }
    match resolve::resolve(sources, transcripts.into_iter().map(std::sync::Arc::new).collect(), &config) {
        Ok(archive) => diagnostics.extend(duplicates(&archive)),
        Err(e) => diagnostics.push(Diagnostic::error(e)),
    }
    diagnostics.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    let errors = diagnostics.iter().filter(|d| d.level == Level::Error).count();
    Ok(Report { transcripts: files.len(), errors, warnings: diagnostics.len() - errors, diagnostics })
}

impl Diagnostic {
    /// A file the build stops at.
    fn error(e: ContentError) -> Diagnostic {
        let hint = if e.hint.is_empty() { "fix the file; the build stops at it".to_string() } else { e.hint };
        Diagnostic { file: e.path.display().to_string(), line: e.line, level: Level::Error, message: e.message, hint }
    }
}

/// Where a person first appears: (file, line).
fn first_seen(archive: &Archive, person: &resolve::Person) -> (String, usize) {
    let Some(a) = person.appearances.first() else { return (String::new(), 0) };
    let page = &archive.transcripts[a.transcript];
    let line = match (a.exchange, a.part) {
        (Some(ei), Part::Asked) => page.transcript.exchanges[ei].turns.iter().find(|t| t.role == Role::Press).map(|t| t.line),
        (Some(ei), _) => page.transcript.exchanges[ei].turns.iter().find(|t| t.role != Role::Press).map(|t| t.line),
        (None, _) => page.transcript.opening.first().map(|t| t.line),
    };
    (page.path.display().to_string(), line.unwrap_or(0))
}

/// Lowercase ASCII words of a name.
fn words(name: &str) -> Vec<String> {
    crate::slug::slugify(name, "").split('-').filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// People and outlets that are probably the same under two spellings.
fn duplicates(archive: &Archive) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let people = &archive.people;
    for (i, a) in people.iter().enumerate() {
        for b in &people[i + 1..] {
            let (wa, wb) = (words(&a.name), words(&b.name));
            let close = strsim::levenshtein(&wa.join(" "), &wb.join(" ")) <= 2 && wa.join("").len() >= 6;
            let initial_and_surname = wa.len() >= 2 && wb.len() >= 2 && wa.last() == wb.last() && wa[0].chars().next() == wb[0].chars().next() && wa[0] != wb[0];
            if close || initial_and_surname {
                let (file, line) = first_seen(archive, b);
                let (fa, la) = first_seen(archive, a);
                out.push(Diagnostic {
                    file,
                    line,
                    level: Level::Warning,
                    message: format!("`{}` and `{}` ({fa}:{la}) may be the same person", b.name, a.name),
                    hint: format!("if so, add `aliases = [\"{}\"]` to a [[people]] entry named \"{}\" in site.toml", b.name, a.name),
                });
            }
        }
    }
    let outlets = &archive.outlets;
    for (i, a) in outlets.iter().enumerate() {
        for b in &outlets[i + 1..] {
            let (ka, kb) = (outlet_key(&a.name), outlet_key(&b.name));
            let (wa, wb) = (words(&a.name), words(&b.name));
            let contained = |x: &[String], y: &[String]| !x.is_empty() && x.len() < y.len() && x.iter().all(|w| y.contains(w));
            let close = ka.len() >= 5 && strsim::levenshtein(&ka, &kb) <= 2;
            if close || contained(&wa, &wb) || contained(&wb, &wa) {
                let (ti, _) = b.questions.first().copied().unwrap_or((0, 0));
                let file = archive.transcripts.get(ti).map(|p| p.path.display().to_string()).unwrap_or_default();
                out.push(Diagnostic {
                    file,
                    line: 0,
                    level: Level::Warning,
                    message: format!("outlets `{}` and `{}` may be the same", b.name, a.name),
                    hint: format!("if so, add `\"{}\" = \"{}\"` under [outlets.aliases] in site.toml", b.name, a.name),
                });
            }
        }
    }
    out
}

/// Runs `check`, prints the report, and returns whether it passed.
pub fn run(root: &Path, format: Format, deny_warnings: bool) -> Result<bool> {
    let report = diagnose(root)?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Text => {
            for d in &report.diagnostics {
                let level = if d.level == Level::Error { "error" } else { "warning" };
                println!("{}:{}: {level}: {}\n  hint: {}", d.file, d.line, d.message, d.hint);
            }
            println!("checked {} transcripts: {} errors, {} warnings", report.transcripts, report.errors, report.warnings);
        }
    }
    Ok(report.errors == 0 && !(deny_warnings && report.warnings > 0))
}
