//! `pressroom check` and the human summary of `pressroom parse`.

use anyhow::Result;
use std::fmt::Write;
use std::path::Path;

use crate::config::Config;
use crate::model::{Level, Role, Transcript};
use crate::{load, parse};

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

/// Lints the archive at `root`; prints diagnostics as `file:line: level:
/// message` with a hint. Returns false when there are errors.
pub fn run(root: &Path) -> Result<bool> {
    let config = Config::load(root)?;
    let sources = load::load_dir(root, &root.join("content"))?;
    let transcripts = parse::parse_all(&sources, &config.hints());
    let mut errors = 0;
    let mut warnings = 0;
    for (s, t) in sources.iter().zip(&transcripts) {
        for n in &t.notes {
            let level = match n.level {
                Level::Error => {
                    errors += 1;
                    "error"
                }
                Level::Warning => {
                    warnings += 1;
                    "warning"
                }
            };
            println!("{}:{}: {level}: {}\n  hint: {}", s.path.display(), n.line, n.message, n.hint);
        }
    }
    println!("checked {} transcripts: {errors} errors, {warnings} warnings", sources.len());
    Ok(errors == 0)
}
