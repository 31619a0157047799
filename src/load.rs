//! Loading the archive's content: Markdown files with `+++` TOML front
//! matter, and raw `.txt` transcripts as published.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

use crate::parse::{date, Given};

/// One content file, read but not yet parsed.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the archive root, for messages.
    pub path: PathBuf,
    /// URL slug of the transcript page.
    pub slug: String,
    /// What the front matter and file name say.
    pub given: Given,
    /// The transcript text after the front matter.
    pub body: String,
}

/// Front matter of a Markdown transcript.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: Option<String>,
    date: Option<toml::Value>,
    location: Option<String>,
    source: Option<String>,
    slug: Option<String>,
    #[serde(default)]
    topics: Vec<String>,
}

/// Reads every transcript under `content_dir`, sorted by path.
pub fn load_dir(root: &Path, content_dir: &Path) -> Result<Vec<Source>> {
    if !content_dir.is_dir() {
        bail!("content folder {} not found: put transcripts (.md or .txt) there", content_dir.display());
    }
    let mut sources = Vec::new();
    for entry in WalkDir::new(content_dir).sort_by_file_name().follow_links(false) {
        let entry = entry.with_context(|| format!("cannot read {}", content_dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if ext != "md" && ext != "txt" && ext != "markdown" {
            continue;
        }
        if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') || n.eq_ignore_ascii_case("README.md")) {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", rel.display()))?;
        let text = decode(&bytes).with_context(|| format!("{}: cannot decode the file", rel.display()))?;
        sources.push(read_source(&rel, &text)?);
    }
    Ok(sources)
}

/// Decodes UTF-8 (with or without BOM) or UTF-16 with a BOM.
pub fn decode(bytes: &[u8]) -> Result<String> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
        return String::from_utf16(&units).context("invalid UTF-16LE text");
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        return String::from_utf16(&units).context("invalid UTF-16BE text");
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            bail!("line {line}: invalid UTF-8 (save the file as UTF-8)")
        }
    }
}

/// Builds a [`Source`] from a file's text; `rel` names it in messages.
pub fn read_source(rel: &Path, text: &str) -> Result<Source> {
    let file_name = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("transcript");
    let is_markdown = rel.extension().is_some_and(|e| e != "txt");
    let (front, body, first_line) = split_front_matter(text).with_context(|| format!("{}: invalid front matter", rel.display()))?;
    let fm: FrontMatter = match front {
        Some(f) => toml::from_str(f).map_err(|e| anyhow::anyhow!("{}:{}: invalid front matter: {}", rel.display(), toml_line(&e, f) + 1, e.message()))?,
        None => FrontMatter::default(),
    };
    let fm_date = match &fm.date {
        Some(d) => Some(crate::config::date_from_toml(d).with_context(|| format!("{}: invalid front matter date", rel.display()))?),
        None => None,
    };
    let slug_text = fm.slug.clone().unwrap_or_else(|| file_name.to_string());
    let slug = crate::slug::slugify(&slug_text, "transcript");
    Ok(Source {
        path: rel.to_path_buf(),
        slug,
        given: Given {
            title: fm.title,
            fallback_title: Some(title_from_file_name(file_name)),
            date: fm_date.or_else(|| date::file_name_date(file_name)),
            location: fm.location,
            source: fm.source,
            topics: fm.topics,
            first_line,
            markdown: is_markdown,
        },
        body: body.to_string(),
    })
}

/// "2022-01-12-nato-russia-council" → "Nato Russia Council".
fn title_from_file_name(stem: &str) -> String {
    let stem = if date::file_name_date(stem).is_some() { &stem[10..] } else { stem };
    let words: Vec<String> = stem
        .split(|c: char| c == '-' || c == '_' || c == ' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        })
        .collect();
    if words.is_empty() {
        "Untitled transcript".into()
    } else {
        words.join(" ")
    }
}

fn toml_line(e: &toml::de::Error, text: &str) -> usize {
    e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count()).unwrap_or(0) + 1
}

/// Splits `+++` TOML front matter from the body. Returns the front matter,
/// the body and the 1-based line where the body starts.
fn split_front_matter(text: &str) -> Result<(Option<&str>, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("+++") else { return Ok((None, text, 1)) };
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'));
    let Some(rest) = rest else { bail!("`+++` must be alone on the first line") };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let first_line = front.matches('\n').count() + 3;
            return Ok((Some(front), body, first_line));
        }
        offset += line.len();
    }
    bail!("front matter opened with `+++` on line 1 is never closed (add a line with `+++`)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter() {
        let s = read_source(Path::new("content/x.md"), "+++\ntitle = \"T\"\ndate = 2022-01-12\n+++\nbody\n").unwrap();
        assert_eq!(s.given.title.as_deref(), Some("T"));
        assert_eq!(s.given.date.unwrap().to_string(), "2022-01-12");
        assert_eq!(s.given.first_line, 5);
        assert_eq!(s.body, "body\n");
        assert_eq!(s.slug, "x");
    }

    #[test]
    fn front_matter_errors_name_the_line() {
        let e = read_source(Path::new("content/x.md"), "+++\ntitle = \"T\"\ndate = \n+++\n").unwrap_err();
        assert!(format!("{e:#}").contains("content/x.md:"), "{e:#}");
        let e = read_source(Path::new("content/x.md"), "+++\ntitle = \"T\"\n").unwrap_err();
        assert!(format!("{e:#}").contains("never closed"), "{e:#}");
    }

    #[test]
    fn decodes_utf16_and_rejects_bad_utf8() {
        assert_eq!(decode(&[0xFF, 0xFE, b'h', 0, b'i', 0]).unwrap(), "hi");
        let e = decode(b"ok\n\xff").unwrap_err();
        assert!(e.to_string().contains("line 2"));
    }

    #[test]
    fn file_name_date_prefix() {
        let s = read_source(Path::new("content/2022-01-12-x.txt"), "text").unwrap();
        assert_eq!(s.given.date.unwrap().to_string(), "2022-01-12");
        assert!(!s.given.markdown);
    }
}
