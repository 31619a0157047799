//! Errors in an archive's own files, located: which file, which line, what
//! is wrong and what to do about it.
//!
//! `build` prints them as `content/x.md:3: what is wrong; what to do`;
//! `check` lists them with the other findings, field by field; `serve`
//! shows them in the page. Loading content ([`crate::load`]) and resolving
//! the archive ([`crate::resolve`]) return them.

use std::fmt;
use std::path::PathBuf;

/// A problem with one file of the archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    /// The file, relative to the archive root as messages show it.
    pub path: PathBuf,
    /// 1-based line, or 0 when the problem is the whole file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it; empty when the message says it all.
    pub hint: String,
}

impl ContentError {
    /// An error about the whole of `path`.
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>, hint: impl Into<String>) -> ContentError {
        ContentError { path: path.into(), line: 0, message: message.into(), hint: hint.into() }
    }

    /// An error at `line` (1-based) of `path`.
    pub fn at(path: impl Into<PathBuf>, line: usize, message: impl Into<String>, hint: impl Into<String>) -> ContentError {
        ContentError { line, ..ContentError::new(path, message, hint) }
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        write!(f, ": {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "; {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_file_line_message_and_hint() {
        assert_eq!(ContentError::at("content/a.md", 3, "invalid front matter", "fix it").to_string(), "content/a.md:3: invalid front matter; fix it");
        assert_eq!(ContentError::new("content/a.md", "the file is empty", "").to_string(), "content/a.md: the file is empty");
    }
}
