//! The `pressroom` command. The build pipeline reads top to bottom in
//! [`build`]: load → parse → resolve → index → render → write.

use anyhow::{Context, Result};
use clap::Parser;
use std::path::Path;
use std::process::ExitCode;

use pressroom::cli::{Cli, Command};
use pressroom::{check, config::Config, index, load, parse, render, resolve, write};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build { root, output, base_url } => build(&root, output.as_deref(), base_url.as_deref()),
        Command::Parse { file, json } => parse_one(&file, json),
        Command::Check { root } => check::run(&root).map(|ok| {
            if !ok {
                std::process::exit(1);
            }
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `pressroom build`.
fn build(root: &Path, output: Option<&Path>, base_url: Option<&str>) -> Result<()> {
    let mut config = Config::load(root)?;
    if let Some(b) = base_url {
        config.base_url = b.to_string();
        pressroom::config::base_path(b)?;
    }
    let output = output.map(Path::to_path_buf).unwrap_or_else(|| root.join(&config.output));

    let sources = load::load_dir(root, &root.join("content"))?;
    let transcripts = parse::parse_all(&sources, &config.hints());
    let archive = resolve::resolve(sources, transcripts, &config)?;
    let indexes = index::build(&archive);
    let site = render::render(&archive, &indexes, &config, root)?;
    let written = write::write_site(&site, &output)?;

    println!("Built {} transcripts into {} ({written} files).", archive.transcripts.len(), output.display());
    let base = pressroom::config::base_path(&config.base_url)?;
    if base == "/" {
        println!("Preview: python3 -m http.server --directory {} 8000, then open http://localhost:8000/", output.display());
    } else {
        println!("The site expects to be served under {base}: publish {} there (for example on GitHub Pages).", output.display());
        println!("To preview locally, build without --base-url and run: python3 -m http.server --directory {} 8000", output.display());
    }
    Ok(())
}
/// `pressroom parse FILE [--json]`.
fn parse_one(file: &Path, json: bool) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = load::decode(&bytes).with_context(|| file.display().to_string())?;
    let source = load::read_source(file, &text)?;
    let t = parse::parse(&source.body, &source.given, &Default::default());
    if json {
        println!("{}", serde_json::to_string_pretty(&t)?);
    } else {
        print!("{}", check::summary(&t));
    }
    Ok(())
}
