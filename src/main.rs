//! The `pressroom` command. The build pipeline reads top to bottom in
//! [`build_site`]: load → parse → resolve → index → render → write.

use anyhow::{Context, Result};
use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pressroom::cli::{Cli, Command};
use pressroom::config::{base_path, Config};
use pressroom::incremental::{self, Cache, Part};
use pressroom::progress::{Reporter, Verbosity};
use pressroom::{check, import, index, load, parse, render, resolve, scaffold, search, serve, size, write};

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
        Command::Build { root, output, base_url } => build(&root.root, output.as_deref(), base_url.as_deref(), verbosity),
        Command::Serve { root, interface, port, output } => serve::run(
            &root.root,
            output.as_deref(),
            &interface,
            port,
            verbosity,
            |root, output, reporter, cache| build_site(root, Some(output), Some("/"), reporter, cache).map(|_| ()),
            build_search,
        ),
        Command::Import { files, content_dir, force, max_html_depth } => import::run(&files, &content_dir, force, max_html_depth, verbosity),
        Command::Parse { file, json } => parse_one(&file, json),
        Command::Check { root, format, deny_warnings } => check::run(&root.root, format, deny_warnings).map(|ok| {
            if !ok {
                std::process::exit(1);
            }
        }),
        Command::Topics { root, suggest, count } => topics(&root.root, suggest, count),
        Command::New { dir, title } => scaffold::create(&dir, &title).map(|()| {
            if verbosity != Verbosity::Quiet {
                println!("Created a new archive in {}.", dir.display());
                println!("Next: cd {} && pressroom serve", dir.display());
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

/// What a build produced.
struct Built {
    transcripts: usize,
    files: usize,
    output: PathBuf,
    base: String,
}

/// The pipeline: load → parse → resolve → index → render → write.
///
/// `cache` remembers earlier builds: with a fresh one this is a full build;
/// `serve` keeps one so a change rebuilds only what it touched (the search
/// index is then rebuilt afterwards by [`build_search`]).
fn build_site(root: &Path, output: Option<&Path>, base_url: Option<&str>, reporter: &Reporter, cache: &mut Cache) -> Result<Built> {
    let mut config = Config::load(root)?;
    if let Some(b) = base_url {
        base_path(b)?;
        config.base_url = b.to_string();
    }
    let output = output.map(Path::to_path_buf).unwrap_or_else(|| root.join(&config.output));
    // A wrong output folder fails before any work, not after rendering.
    write::check_output(&output)?;

    // Load and parse: each file is read and parsed in one task.
    let stage = reporter.stage("parse");
    let loaded = cache.load_changed(root)?;
    let parsed = incremental::read_and_parse(root, &loaded.paths, &config.hints())?;
    stage.done(|| format!("{} new or changed files, {} exchanges", parsed.len(), parsed.iter().map(|t| t.1.exchanges.len()).sum::<usize>()));
    let changes = cache.update(loaded, parsed);

    let stage = reporter.stage("resolve");
    let archive = cache.resolve(&config, &changes)?;
    stage.done(|| format!("{} transcripts, {} people, {} outlets", archive.transcripts.len(), archive.people.len(), archive.outlets.len()));

    let stage = reporter.stage("index");
    let indexes = index::build(&archive, &config, &mut cache.topics);
    let scope = cache.scope(&archive, &indexes.topics, &changes);
    stage.done(|| format!("{} topics", indexes.topics.len()));

    // The optional parts: as site.toml says, or what fits GitHub Pages.
    let publish = cache.publish(|| {
        let (publish, note) = size::choose(&config.publish, &size::estimate(&archive), config.publish.size_limit());
        if let Some(note) = note {
            reporter.info(&format!("note: {note}"));
        }
        publish
    });

    let (files, written) = if scope.all {
        // Files go straight into a staging folder beside the output, which
        // replaces it only if everything succeeds.
        let staging = write::Staging::begin(&output)?;
        let sink = cache.full_sink(&staging);

        let stage = reporter.stage("search");
        let files = search::build(&archive, &indexes.topics, &sink)?;
        stage.done(|| format!("{files} files"));

        let stage = reporter.stage("render");
        let files = render::render(&archive, &indexes, &config, publish, root, &scope, &sink)?;
        stage.done(|| format!("{files} files"));

        let stage = reporter.stage("write");
        let hashes = sink.into_hashes();
        let sizes = staging.sizes();
        let files = staging.finish()?;
        stage.done(|| format!("{files} files into {} ({})", output.display(), write::describe_sizes(&sizes)));
        if let Some(warning) = write::size_warning(&sizes, config.publish.size_limit()) {
            reporter.warn(&warning);
        }
        (files, Some(hashes))
    } else {
        let stage = reporter.stage("render");
        // Writes into the live folder: one build at a time (see write.rs).
        let _lock = write::lock_output(&output)?;
        let sink = cache.partial_sink(&output);
        let files = render::render(&archive, &indexes, &config, publish, root, &scope, &sink)?;
        let produced = sink.into_produced();
        let written = cache.apply(produced, &output, Part::Pages(&scope))?;
        stage.done(|| format!("{files} files, {written} changed"));
        (written, None)
    };

    let built = Built { transcripts: archive.transcripts.len(), files, output, base: base_path(&config.base_url)? };
    cache.remember(archive, indexes.topics, written);
    Ok(built)
}

/// Rebuilds the search index of the archive last built with `cache` and
/// writes the shards that changed (after a partial build in `serve`).
fn build_search(output: &Path, cache: &mut Cache) -> Result<()> {
    if cache.search_pending().is_none() {
        return Ok(());
    }
    let Some((archive, topics)) = cache.last_archive() else { return Ok(()) };
    let _lock = write::lock_output(output)?;
    let sink = cache.partial_sink(output);
    search::build(archive, topics, &sink)?;
    let produced = sink.into_produced();
    cache.apply(produced, output, Part::Search)?;
    Ok(())
}

/// `pressroom build`.
fn build(root: &Path, output: Option<&Path>, base_url: Option<&str>, verbosity: Verbosity) -> Result<()> {
    let reporter = Reporter::new(verbosity);
    let built = build_site(root, output, base_url, &reporter, &mut Cache::default());
    reporter.finish();
    let built = built?;
    let out = &built.output;
    reporter.info(&format!(
        "Built {} transcripts into {} ({} files) in {:.2} s.",
        built.transcripts,
        out.display(),
        built.files,
        reporter.elapsed().as_secs_f64()
    ));
    let base = &built.base;
    if base == "/" {
        reporter.info(&format!("Preview: pressroom serve, or python3 -m http.server --directory {} 8000 and open http://localhost:8000/", out.display()));
    } else {
        reporter.info(&format!("The site expects to be served under {base}: publish {} there (for example on GitHub Pages).", out.display()));
        reporter.info("Preview locally with: pressroom serve");
    }
    Ok(())
}

/// `pressroom topics [--suggest]`.
fn topics(root: &Path, suggest: bool, count: usize) -> Result<()> {
    let config = Config::load(root)?;
    let sources = load::load_dir(root, &root.join("content"))?;
    let transcripts = parse::parse_all(&sources, &config.hints());
    let archive = resolve::resolve(sources, transcripts.into_iter().map(std::sync::Arc::new).collect(), &config)?;
    if suggest {
        print!("{}", pressroom::topics::suggestions_toml(&pressroom::topics::suggest(&archive, count)));
        return Ok(());
    }
    let assigned = pressroom::topics::assign(&archive, &config, &mut Default::default());
    if assigned.is_empty() {
        println!("No topics in site.toml. Run `pressroom topics --suggest` for proposals.");
    }
    for t in assigned {
        println!("{:<30} {:>5} questions  (topics/{}/)", t.title, t.exchanges.len(), t.slug);
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
