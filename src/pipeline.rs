//! The build pipeline, stage by stage: load → parse → resolve → index →
//! render (the search index beside the pages) → write.
//!
//! Each stage is a module with plain data in and out; this module strings
//! them together. [`build`] is `pressroom build`: a full build, straight
//! through. [`load_archive`] is the first three stages, for the commands
//! that read an archive without building it (`check`, `topics`). `serve`'s
//! incremental rebuild ([`crate::incremental`]) calls the same functions,
//! remembering between builds what it can.

use anyhow::Result;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{base_path, Config};
use crate::error::ContentError;
use crate::index::{self, Indexes};
use crate::load::{self, Source};
use crate::model::Transcript;
use crate::parse::{self, Hints};
use crate::progress::Reporter;
use crate::render::{self, Scope};
use crate::resolve::{self, Archive};
use crate::size::{self, Publish};
use crate::write::{self, Sink, Staging};
use crate::search;

/// What a build produced.
#[derive(Debug, Clone)]
pub struct Built {
    /// Transcripts in the site.
    pub transcripts: usize,
    /// Files written (in a partial rebuild: files that changed).
    pub files: usize,
    /// The output folder, absolute.
    pub output: PathBuf,
    /// The path the site is served under (`/`, `/archive/`).
    pub base: String,
}

/// Reads `site.toml`, with `base_url` (from `--base-url`) in place of its
/// own when given.
pub fn config(root: &Path, base_url: Option<&str>) -> Result<Config> {
    let mut config = Config::load(root)?;
    if let Some(b) = base_url {
        base_path(b)?;
        config.base_url = b.to_string();
    }
    Ok(config)
}

/// The output folder: `output` (from `--output`) or site.toml's, under the
/// archive root; checked before any work, so a wrong folder fails at once.
pub fn output_dir(root: &Path, config: &Config, output: Option<&Path>) -> Result<PathBuf> {
    let output = output.map(Path::to_path_buf).unwrap_or_else(|| root.join(&config.output));
    write::check_output(&output)?;
    Ok(output)
}

/// Reads and parses each of `paths` in one rayon task, dropping its text
/// once parsed, so the raw text of the whole archive is never in memory at
/// once. Keeps the order of `paths`; stops at the first file (in that
/// order) that cannot be read.
pub fn read_and_parse(root: &Path, paths: &[PathBuf], config: &Config) -> Result<Vec<(Source, Transcript)>, ContentError> {
    let (hints, max_bytes) = (config.hints(), config.limits.transcript_bytes());
    paths
        .par_iter()
        .map(|path| {
            let mut source = load::load_file(root, path, max_bytes)?;
            let transcript = parse::parse(&source.body, &source.given, &hints);
            source.body = String::new();
            Ok((source, transcript))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

/// Parses sources already read, in parallel, keeping their order.
pub fn parse_all(sources: &[Source], hints: &Hints) -> Vec<Transcript> {
    sources.par_iter().map(|s| parse::parse(&s.body, &s.given, hints)).collect()
}

/// Resolves parsed transcripts into the archive.
pub fn resolve(parsed: Vec<(Source, Transcript)>, config: &Config) -> Result<Archive, ContentError> {
    let (sources, transcripts): (Vec<Source>, Vec<Arc<Transcript>>) = parsed.into_iter().map(|(s, t)| (s, Arc::new(t))).unzip();
    resolve::resolve(sources, transcripts, config)
}

/// Load → parse → resolve: the archive at `root`, without building it.
pub fn load_archive(root: &Path, config: &Config) -> Result<Archive> {
    let paths = load::content_files(&root.join("content"))?;
    let parsed = read_and_parse(root, &paths, config)?;
    Ok(resolve(parsed, config)?)
}

/// Parses one transcript file as a build would (`pressroom parse`).
pub fn parse_file(path: &Path) -> Result<Transcript, ContentError> {
    let source = load::read_source(path, &load::read_text(path, path)?)?;
    Ok(parse::parse(&source.body, &source.given, &Hints::default()))
}

/// The optional parts of the site to publish: as site.toml says, or those
/// that keep it within its size limit (the reporter says what was left out).
pub fn choose_parts(config: &Config, archive: &Archive, reporter: &Reporter) -> Publish {
    let (publish, note) = size::choose(&config.publish, &size::estimate(archive), config.publish.size_limit());
    if let Some(note) = note {
        reporter.info(&format!("note: {note}"));
    }
    publish
}

/// Renders the whole site into `sink`: the search index, then every page
/// and static file.
pub fn render_site(archive: &Archive, indexes: &Indexes, config: &Config, publish: Publish, root: &Path, sink: &dyn Sink, reporter: &Reporter) -> Result<()> {
    let stage = reporter.stage("search");
    let files = search::build(archive, &indexes.topics, sink)?;
    stage.done(|| format!("{files} files"));

    let stage = reporter.stage("render");
    let files = render::render(archive, indexes, config, publish, root, &Scope::all(), sink)?;
    stage.done(|| format!("{files} files"));
    Ok(())
}

/// Swaps a staged site in place of `output` and reports its size (with a
/// warning when it is over the size limit). Returns the number of files.
pub fn finish(staging: Staging, output: &Path, config: &Config, reporter: &Reporter) -> Result<usize> {
    let stage = reporter.stage("write");
    let sizes = staging.sizes();
    let files = staging.finish()?;
    stage.done(|| format!("{files} files into {} ({})", output.display(), size::describe_sizes(&sizes)));
    if let Some(warning) = size::size_warning(&sizes, config.publish.size_limit()) {
        reporter.warn(&warning);
    }
    Ok(files)
}

/// `pressroom build`: builds the archive at `root` into `output` (or the
/// folder site.toml names), with `base_url` in place of site.toml's when
/// given. The files go straight into a staging folder beside the output,
/// which replaces it only if everything succeeds.
pub fn build(root: &Path, output: Option<&Path>, base_url: Option<&str>, reporter: &Reporter) -> Result<Built> {
    let config = config(root, base_url)?;
    let output = output_dir(root, &config, output)?;

    let stage = reporter.stage("parse");
    let paths = load::content_files(&root.join("content"))?;
    let parsed = read_and_parse(root, &paths, &config)?;
    stage.done(|| format!("{} new or changed files, {} exchanges", parsed.len(), parsed.iter().map(|t| t.1.exchanges.len()).sum::<usize>()));

    let stage = reporter.stage("resolve");
    let archive = resolve(parsed, &config)?;
    stage.done(|| format!("{} transcripts, {} people, {} outlets", archive.transcripts.len(), archive.people.len(), archive.outlets.len()));

    let stage = reporter.stage("index");
    let indexes = index::build(&archive, &config, &mut Default::default());
    stage.done(|| format!("{} topics", indexes.topics.len()));

    let publish = choose_parts(&config, &archive, reporter);
    let staging = Staging::begin(&output)?;
    render_site(&archive, &indexes, &config, publish, root, &staging, reporter)?;
    let files = finish(staging, &output, &config, reporter)?;
    Ok(Built { transcripts: archive.transcripts.len(), files, output, base: base_path(&config.base_url)? })
}
