//! Command-line interface (clap).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turn a folder of press-conference transcripts into a fast, searchable
/// static website.
#[derive(Debug, Parser)]
#[command(name = "pressroom", version, about, long_about = None)]
#[command(after_help = "Examples:
  pressroom new my-archive                 start a new archive
  pressroom build                          build ./content into ./public
  pressroom build --base-url /archive/     for https://user.github.io/archive/
  pressroom serve                          preview with live reload
  pressroom import briefing.txt            turn a published text into content
  pressroom parse talk.txt --json          show how a transcript is understood
  pressroom check                          lint the archive
  pressroom topics --suggest               propose topics for site.toml")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print what each stage did and how long it took.
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

/// Options shared by the commands that read an archive.
#[derive(Debug, Clone, Args)]
pub struct RootArg {
    /// Archive folder holding site.toml and content/.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default `public/`).
    #[command(after_help = "The build goes into a temporary folder next to the output and replaces it only
when everything succeeded: a failed build never leaves a half site behind, and a
folder that pressroom did not create is never replaced.

Examples:
  pressroom build
  pressroom build --root ~/archives/nato --output /tmp/site
  pressroom build --base-url https://user.github.io/nato-archive/")]
    Build {
        #[command(flatten)]
        root: RootArg,
        /// Output folder (default: `output` from site.toml, `public`).
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Where the site is served, e.g. `/archive/` or
        /// `https://user.github.io/archive/` (overrides site.toml).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Build, serve on localhost and rebuild and reload on every change.
    #[command(after_help = "Watches content/, templates/, static/ and site.toml. A failed rebuild keeps
serving the last good site and shows the error in the terminal and the page.

Examples:
  pressroom serve
  pressroom serve --port 8080 --interface 0.0.0.0")]
    Serve {
        #[command(flatten)]
        root: RootArg,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        interface: String,
        /// Port to listen on (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Folder to build into (default: a private temporary folder, so
        /// `public/` is left alone).
        #[arg(long, short, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Turn raw published transcripts (.txt or saved .html) into content files.
    #[command(after_help = "Prints what it inferred (date, title, speakers, anything ambiguous) so you can
review the new file before you build.

Examples:
  pressroom import ~/Downloads/briefing.txt
  pressroom import page.html --content-dir content/2024")]
    Import {
        /// Files to import.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Folder to write the new content files into.
        #[arg(long, default_value = "content", value_name = "DIR")]
        content_dir: PathBuf,
        /// Replace content files that already exist.
        #[arg(long)]
        force: bool,
        /// Refuse HTML that nests elements deeper than this (reading it takes
        /// time growing with the square of the depth).
        #[arg(long, default_value_t = crate::import::MAX_HTML_DEPTH, value_name = "N")]
        max_html_depth: usize,
    },
    /// Parse one transcript and print its structure.
    #[command(after_help = "Examples:\n  pressroom parse content/2022-01-12-nato-russia-council.md\n  pressroom parse raw.txt --json > raw.json")]
    Parse {
        /// A transcript file (.md with +++ front matter, or raw .txt).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Print the JSON data contract instead of a summary.
        #[arg(long)]
        json: bool,
    },
    /// Lint the archive: unresolved labels, missing dates, likely duplicates.
    #[command(after_help = "Exits with status 1 when there are errors (or warnings, with --deny-warnings).

Examples:
  pressroom check
  pressroom check --format json > report.json")]
    Check {
        #[command(flatten)]
        root: RootArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Treat warnings as errors (non-zero exit).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// List the configured topics, or propose some from the archive's own terms.
    #[command(after_help = "Examples:\n  pressroom topics                    how many questions each topic has\n  pressroom topics --suggest          topics to paste into site.toml")]
    Topics {
        #[command(flatten)]
        root: RootArg,
        /// Propose topics from distinctive terms (TF-IDF over exchanges).
        #[arg(long)]
        suggest: bool,
        /// How many topics to propose.
        #[arg(long, default_value_t = 12)]
        count: usize,
    },
    /// Create a new archive with an example transcript and a GitHub Pages workflow.
    #[command(after_help = "Example:\n  pressroom new my-archive && cd my-archive && pressroom serve")]
    New {
        /// Folder to create (must not exist or be empty).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Site title.
        #[arg(long, default_value = "Press Conference Archive")]
        title: String,
    },
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `file:line: level: message` with a hint, for people.
    Text,
    /// One JSON document, for CI.
    Json,
}
