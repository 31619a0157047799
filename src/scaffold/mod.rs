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

    /// The `run:` script of the workflow step named `name`.
    fn step_script(workflow: &str, name: &str) -> String {
        let start = workflow.find(&format!("- name: {name}")).unwrap_or_else(|| panic!("no step {name}"));
        let block = &workflow[start..];
        let run = block.find("run: |").expect("a multi-line run") + "run: |".len();
        let lines: Vec<&str> = block[run..].lines().skip(1).take_while(|l| l.starts_with("          ")).map(|l| &l[10..]).collect();
        lines.join("\n")
    }

    /// `git` in `dir`, its output trimmed.
    fn git(dir: &Path, args: &[&str]) -> String {
        let o = std::process::Command::new("git").current_dir(dir).args(args).output().expect("git runs");
        assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    }

    #[test]
    fn the_workflow_caches_pressroom_by_the_commit_it_installs() {
        let workflow = include_str!("pages.yml");
        assert!(workflow.contains("uses: actions/cache@v4") && workflow.contains("key: pressroom-${{ runner.os }}-${{ steps.pressroom.outputs.rev }}"));
        assert!(workflow.contains("if: steps.cache.outputs.cache-hit != 'true'") && workflow.contains("--rev \"${{ steps.pressroom.outputs.rev }}\""));

        // The step that names the commit, run against a repository here.
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("pressroom");
        std::fs::create_dir(&repo).unwrap();
        git(&repo, &["init", "-q", "-b", "main"]);
        let commit = |message: &str| {
            std::fs::write(repo.join("f"), message).unwrap();
            git(&repo, &["add", "f"]);
            git(&repo, &["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", message]);
            git(&repo, &["rev-parse", "HEAD"])
        };
        let first = commit("first");
        git(&repo, &["-c", "user.name=t", "-c", "user.email=t@example.org", "tag", "-a", "v1", "-m", "v1"]);
        let second = commit("second");
        let script = step_script(workflow, "Find the pressroom commit");
        for (reference, expected) in [("main", &second), ("v1", &first), (first.as_str(), &first)] {
            let output = tmp.path().join("output");
            let status = std::process::Command::new("bash")
                .arg("-c")
                .arg(&script)
                .env("PRESSROOM_GIT", &repo)
                .env("PRESSROOM_REF", reference)
                .env("GITHUB_OUTPUT", &output)
                .status()
                .unwrap();
            assert!(status.success());
            assert_eq!(std::fs::read_to_string(&output).unwrap(), format!("rev={expected}\n"), "PRESSROOM_REF={reference}");
            std::fs::remove_file(&output).unwrap();
        }
    }
}
