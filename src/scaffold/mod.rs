//! `pressroom new`: scaffold a new archive with a commented `site.toml`, an
//! example transcript and a GitHub Actions workflow for GitHub Pages.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// The files of a new archive: (path, content). `{{TITLE}}` is replaced.
const FILES: &[(&str, &str)] = &[
    ("site.toml", include_str!("site.toml")),
    ("content/2022-01-12-example-press-conference.md", include_str!("example.md")),
    (".github/workflows/pages.yml", include_str!("pages.yml")),
    (".gitignore", "/public\n"),
    ("templates/.keep", ""),
    ("static/.keep", ""),
];

/// Creates a new archive in `dir`, which must not exist or be empty.
pub fn create(dir: &Path, title: &str) -> Result<()> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).with_context(|| format!("{} exists and cannot be read", dir.display()))?;
        if entries.next().is_some() {
            bail!("{} already exists and is not empty; choose a new folder", dir.display());
        }
    }
    let escaped = title.replace('\\', "\\\\").replace('"', "\\\"");
    for (path, content) in FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&target, content.replace("{{TITLE}}", &escaped)).with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_a_valid_archive_and_refuses_to_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a");
        create(&dir, "My \"quoted\" archive").unwrap();
        let config = crate::config::Config::load(&dir).unwrap();
        assert_eq!(config.title, "My \"quoted\" archive");
        let archive = crate::pipeline::load_archive(&dir, &config).unwrap();
        assert_eq!(archive.transcripts.len(), 1);
        assert_eq!(archive.transcripts[0].transcript.exchanges.len(), 2);
        let workflow = std::fs::read_to_string(dir.join(".github/workflows/pages.yml")).unwrap();
        assert!(workflow.contains("actions/upload-pages-artifact") && workflow.contains("actions/deploy-pages"));
        assert!(create(&dir, "again").is_err());
    }
}
