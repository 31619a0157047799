//! Command-line interface (clap).

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Turn a folder of press-conference transcripts into a fast, searchable
/// static website.
#[derive(Debug, Parser)]
#[command(name = "pressroom", version, about, long_about = None)]
#[command(after_help = "Examples:\n  pressroom build                          build ./content into ./public\n  pressroom build --base-url /archive/     for https://user.github.io/archive/\n  pressroom parse talk.txt --json          show how a transcript is understood\n  pressroom check                          lint the archive")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default `public/`).
    #[command(after_help = "The build goes into a temporary folder next to the output and replaces it only\nwhen everything succeeded: a failed build never leaves a half site behind.")]
    Build {
        /// Archive folder holding site.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: `output` from site.toml, `public`).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Where the site is served, e.g. `/archive/` or
        /// `https://user.github.io/archive/` (overrides site.toml).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Parse one transcript and print its structure.
    Parse {
        /// A transcript file (.md with +++ front matter, or raw .txt).
        file: PathBuf,
        /// Print the JSON data contract instead of a summary.
        #[arg(long)]
        json: bool,
    },
    /// Lint the archive: unresolved labels, missing dates, likely duplicates.
    Check {
        /// Archive folder holding site.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}
