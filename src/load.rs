//! Loading the archive's content: Markdown files with `+++` TOML front
//! matter, and raw `.txt` transcripts as published.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

use crate::error::ContentError;
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

/// Paths of the transcript files under `content_dir` (`.md`, `.markdown`,
/// `.txt`; hidden files and READMEs skipped), sorted.
///
/// Symbolic links are followed when they lead inside the archive (the
/// folder holding `content_dir`): a link elsewhere (`x.md -> ~/.ssh/id_rsa`
/// in a contributed archive) would publish that file, so it is an error,
/// as are a broken link and a link back to a folder it is in (a loop).
pub fn content_files(content_dir: &Path) -> Result<Vec<PathBuf>> {
    if !content_dir.is_dir() {
        bail!("content folder {} not found: put transcripts (.md or .txt) there", content_dir.display());
    }
    let archive = content_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let archive = std::fs::canonicalize(archive).with_context(|| format!("cannot read {}", archive.display()))?;
    let real_content = std::fs::canonicalize(content_dir).with_context(|| format!("cannot read {}", content_dir.display()))?;
    let mut files = Vec::new();
    for entry in WalkDir::new(content_dir).sort_by_file_name().follow_links(true) {
        let entry = entry.map_err(|e| walk_error(content_dir, e))?;
        if entry.path_is_symlink() {
            let real = std::fs::canonicalize(entry.path()).with_context(|| format!("cannot follow the symbolic link {}", entry.path().display()))?;
            if !real.starts_with(&archive) && !real.starts_with(&real_content) {
                bail!(
                    "{} is a symbolic link to {}, outside the archive; pressroom follows links only inside the archive folder ({}): copy the file in, or remove the link",
                    entry.path().display(),
                    real.display(),
                    archive.display()
                );
            }
        }
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
        files.push(path.to_path_buf());
    }
    Ok(files)
}

/// Why walking the content folder failed, said plainly.
fn walk_error(content_dir: &Path, e: walkdir::Error) -> anyhow::Error {
    let path = e.path().unwrap_or(content_dir).to_path_buf();
    if let Some(ancestor) = e.loop_ancestor() {
        return anyhow::anyhow!("{} is a symbolic link to {}, a folder it is in (a loop); remove the link", path.display(), ancestor.display());
    }
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) && std::fs::metadata(&path).is_err() {
        return anyhow::anyhow!("{} is a symbolic link to nothing (its target `{}` does not exist); fix or remove the link", path.display(), std::fs::read_link(&path).unwrap_or_default().display());
    }
    anyhow::Error::new(e).context(format!("cannot read {}", path.display()))
}

/// Reads one transcript file; errors name the file relative to `root`,
/// with the line where there is one, and say what to do.
///
/// Every problem with a content file is an error, never a skipped file: a
/// transcript that silently vanished from the site (an empty or truncated
/// file, a bad encoding) would take its published pages and anchors with it.
/// The build then fails and the previous site stays as it was.
/// A file over `max_bytes` is an error: a transcript is a few hundred KB; a
/// file of hundreds of MB is usually one put in `content/` by mistake, and
/// would be read whole into memory (see `[limits]` in site.toml).
pub fn load_file(root: &Path, path: &Path, max_bytes: u64) -> Result<Source, ContentError> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let size = std::fs::metadata(path).map_err(|e| ContentError::new(&rel, format!("cannot read the file: {e}"), ""))?.len();
    if size > max_bytes {
        let mb = size.div_ceil(1_000_000);
        return Err(ContentError::new(
            &rel,
            format!("the file is {mb} MB, more than the {} MB a transcript may have", max_bytes / 1_000_000),
            format!("if it really is one transcript, raise the limit in site.toml: `[limits]` then `transcript_mb = {mb}`"),
        ));
    }
    let text = read_text(path, &rel)?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(ContentError::new(rel, "the file is empty", "paste the transcript into it, or delete the file"));
    }
    let source = read_source(&rel, &text)?;
    if source.body.trim().is_empty() {
        return Err(ContentError::at(
            rel,
            source.given.first_line,
            "the front matter is followed by no transcript text",
            "add the transcript below the closing `+++`, or delete the file",
        ));
    }
    Ok(source)
}

/// Reads a file as text ([`decode`]); errors name it `rel`.
pub fn read_text(path: &Path, rel: &Path) -> Result<String, ContentError> {
    let bytes = std::fs::read(path).map_err(|e| ContentError::new(rel, format!("cannot read the file: {e}"), ""))?;
    decode(&bytes).map_err(|e| ContentError::at(rel, e.line, e.message, e.hint))
}

/// Why a file's bytes are not text: at which line, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// 1-based line of the first bad byte.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}; {}", self.line, self.message, self.hint)
    }
}

impl std::error::Error for DecodeError {}

/// Decodes UTF-8 (with or without BOM) or UTF-16 with a BOM.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    const SAVE: &str = "save the file as UTF-8";
    let error = |line: usize, message: String, hint: &str| DecodeError { line, message, hint: hint.to_string() };
    let utf16 = |rest: &[u8], le: bool, name: &str| {
        if rest.len() % 2 == 1 {
            let line = rest.chunks_exact(2).filter(|c| c == &[b'\n', 0] || c == &[0, b'\n']).count() + 1;
            return Err(error(line, format!("the {name} text ends in half a character (the file is cut short?)"), SAVE));
        }
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) }).collect();
        let mut text = String::with_capacity(units.len());
        let mut line = 1;
        for c in char::decode_utf16(units) {
            match c {
                Ok(c) => {
                    if c == '\n' {
                        line += 1;
                    }
                    text.push(c);
                }
                Err(e) => return Err(error(line, format!("invalid {name} text (a lone surrogate 0x{:04X})", e.unpaired_surrogate()), SAVE)),
            }
        }
        Ok(text)
    };
    let text = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, true, "UTF-16LE")?
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, false, "UTF-16BE")?
    } else {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(e) => {
                let before = &bytes[..e.valid_up_to()];
                let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
                let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
                return Err(error(
                    line,
                    format!("invalid UTF-8 (byte 0x{:02X} at column {column})", bytes[e.valid_up_to()]),
                    &format!("{SAVE} (from Windows-1252, for example: `iconv -f windows-1252 -t utf-8`)"),
                ));
            }
        }
    };
    if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() + 1;
        return Err(error(
            line,
            "the text contains a NUL character: is it a binary file, or UTF-16 without a byte-order mark?".into(),
            "save the file as UTF-8 (or as UTF-16 with a byte-order mark)",
        ));
    }
    Ok(text)
}

/// Builds a [`Source`] from a file's text; `rel` names it in messages.
pub fn read_source(rel: &Path, text: &str) -> Result<Source, ContentError> {
    // Old Mac files end lines with a lone CR: LF for the front matter (the
    // parser reads CR as a line end anyway).
    let text = &lone_cr_to_lf(text);
    let stem = rel.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
    let file_name = stem.as_ref();
    let is_markdown = rel.extension().is_some_and(|e| !e.eq_ignore_ascii_case("txt"));
    let (front, body, first_line) = split_front_matter(text).map_err(|(message, hint)| ContentError::at(rel, 1, format!("invalid front matter: {message}"), hint))?;
    let fm: FrontMatter = match front {
        Some(f) => toml::from_str(f).map_err(|e| {
            ContentError::at(
                rel,
                toml_line(&e, f) + 1,
                format!("invalid front matter: {}", e.message().trim_end()),
                "the front matter between the `+++` lines is TOML: `key = \"text\"`, `date = YYYY-MM-DD`",
            )
        })?,
        None => FrontMatter::default(),
    };
    let key_line = |key: &str| front.and_then(|f| f.lines().position(|l| l.trim_start().starts_with(key))).map_or(1, |i| i + 2);
    let fm_date = match &fm.date {
        Some(d) => Some(crate::config::date_from_toml(d).map_err(|e| ContentError::at(rel, key_line("date"), format!("invalid front matter date: {e:#}"), ""))?),
        None => None,
    };
    let name_date = date::file_name_date(file_name);
    if fm_date.is_none() && name_date.is_none() && looks_like_date_prefix(file_name) {
        return Err(ContentError::new(
            rel,
            format!("the file name starts with `{}`, which is not a real date", &file_name[..10]),
            "rename the file (YYYY-MM-DD-title) or set `date = YYYY-MM-DD` in its front matter",
        ));
    }
    let slug = match &fm.slug {
        Some(s) => {
            let slug = crate::slug::slugify(s, "");
            if slug.is_empty() {
                return Err(ContentError::at(rel, key_line("slug"), format!("`slug = {s:?}` has no letter or digit to make a URL from"), "use letters, digits and `-`"));
            }
            slug
        }
        None => crate::slug::name_slug(file_name, "transcript"),
    };
    let non_empty = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(Source {
        path: rel.to_path_buf(),
        slug,
        given: Given {
            title: non_empty(fm.title),
            file_stem: Some(file_name.to_string()),
            date: fm_date.or(name_date),
            location: non_empty(fm.location),
            source: non_empty(fm.source),
            topics: fm.topics.into_iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect(),
            first_line,
            markdown: is_markdown,
        },
        body: body.to_string(),
    })
}

/// `text` with every CR not followed by LF made an LF.
fn lone_cr_to_lf(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !(0..bytes.len()).any(lone) {
        return std::borrow::Cow::Borrowed(text);
    }
    let out: Vec<u8> = (0..bytes.len()).map(|i| if lone(i) { b'\n' } else { bytes[i] }).collect();
    std::borrow::Cow::Owned(String::from_utf8(out).expect("CR and LF are single UTF-8 bytes"))
}

/// `2022-02-30-...`: four digits, two, two, separated by `-`.
fn looks_like_date_prefix(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 10 && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

fn toml_line(e: &toml::de::Error, text: &str) -> usize {
    e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count()).unwrap_or(0) + 1
}

/// Splits `+++` TOML front matter from the body. Returns the front matter,
/// the body and the 1-based line where the body starts; or what is wrong
/// with the front matter, and what to do.
fn split_front_matter(text: &str) -> Result<(Option<&str>, &str, usize), (&'static str, &'static str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("+++") else { return Ok((None, text, 1)) };
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'));
    let Some(rest) = rest else { return Err(("`+++` must be alone on the first line", "put the front matter's keys on the lines below it")) };
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
    Err(("the front matter opened with `+++` on line 1 is never closed", "add a line with `+++` after its last key"))
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
    fn cr_only_files_read_like_lf_files() {
        let lf = "+++\ntitle = \"T\"\ndate = 2022-01-12\n+++\nQ: Why?\n\nA: Because.\n";
        let cr = read_source(Path::new("content/x.md"), &lf.replace('\n', "\r")).unwrap();
        let lf = read_source(Path::new("content/x.md"), lf).unwrap();
        assert_eq!(cr.given.title.as_deref(), Some("T"));
        assert_eq!((cr.given.date, cr.given.first_line, cr.body.as_str()), (lf.given.date, lf.given.first_line, lf.body.as_str()));
        let crlf = "+++\r\ntitle = \"T\"\r\n+++\r\nbody\r\n";
        assert_eq!(read_source(Path::new("content/x.md"), crlf).unwrap().body, "body\r\n", "CRLF is left as it was");
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
