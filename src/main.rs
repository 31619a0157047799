//! The `pressroom` command: reads the command line and runs the command.
//! The build itself is the library's ([`pressroom::pipeline`]).

use anyhow::Result;
use clap::Parser;
use std::path::Path;
use std::process::ExitCode;

use pressroom::cli::{Cli, Command};
use pressroom::progress::{Reporter, Verbosity};
use pressroom::{check, config::Config, import, pipeline, scaffold, serve, topics};

/// mimalloc returns memory freed between the stages of a large build to
/// later stages (the system allocator's per-thread arenas kept ~400 MB more
/// at the peak of a 10,000-transcript build) and is faster for the many
/// small strings of parsing and rendering.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let result = match cli.command {
        Command::Build { root, output, base_url } => build(&root.root, output.as_deref(), base_url.as_deref(), verbosity).map(|()| true),
        Command::Serve { root, interface, port, output } => serve::run(&root.root, output.as_deref(), &interface, port, verbosity).map(|()| true),
        Command::Import { files, content_dir, force, max_html_depth } => import::run(&files, &content_dir, force, max_html_depth, verbosity).map(|()| true),
        Command::Parse { file, json } => parse(&file, json).map(|()| true),
        Command::Check { root, format, deny_warnings } => check::run(&root.root, format, deny_warnings),
        Command::Topics { root, suggest, count } => list_topics(&root.root, suggest, count).map(|()| true),
        Command::New { dir, title } => scaffold::create(&dir, &title).map(|()| {
            if verbosity != Verbosity::Quiet {
                println!("Created a new archive in {}.", dir.display());
                println!("Next: cd {} && pressroom serve", dir.display());
            }
            true
        }),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        // The command said why (check's report).
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `pressroom build`.
fn build(root: &Path, output: Option<&Path>, base_url: Option<&str>, verbosity: Verbosity) -> Result<()> {
    let reporter = Reporter::new(verbosity);
    let built = pipeline::build(root, output, base_url, &reporter);
    reporter.finish();
    let built = built?;
    let out = built.output.display();
    reporter.info(&format!("Built {} transcripts into {out} ({} files) in {:.2} s.", built.transcripts, built.files, reporter.elapsed().as_secs_f64()));
    if built.base == "/" {
        reporter.info(&format!("Preview: pressroom serve, or python3 -m http.server --directory {out} 8000 and open http://localhost:8000/"));
    } else {
        reporter.info(&format!("The site expects to be served under {}: publish {out} there (for example on GitHub Pages).", built.base));
        reporter.info("Preview locally with: pressroom serve");
    }
    Ok(())
}

/// `pressroom topics [--suggest]`.
fn list_topics(root: &Path, suggest: bool, count: usize) -> Result<()> {
    let config = Config::load(root)?;
    let archive = pipeline::load_archive(root, &config)?;
    if suggest {
        print!("{}", topics::suggestions_toml(&topics::suggest(&archive, count)));
        return Ok(());
    }
    let assigned = topics::assign(&archive, &config, &mut Default::default());
    if assigned.is_empty() {
        println!("No topics in site.toml. Run `pressroom topics --suggest` for proposals.");
    }
    for t in assigned {
        println!("{:<30} {:>5} questions  (topics/{}/)", t.title, t.exchanges.len(), t.slug);
    }
    Ok(())
}

/// `pressroom parse FILE [--json]`.
fn parse(file: &Path, json: bool) -> Result<()> {
    let t = pipeline::parse_file(file)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&t)?);
    } else {
        print!("{}", check::summary(&t));
    }
    Ok(())
}
