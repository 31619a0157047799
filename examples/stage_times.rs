//! Times the pipeline stages on an archive, in process (for profiling).
//!
//! `cargo run --release --example stage_times -- ARCHIVE_DIR`
use std::path::Path;
use std::time::Instant;

/// Renders into nothing: only the time to make the files is measured.
struct Discard;

impl pressroom::write::Sink for Discard {
    fn put(&self, _: std::path::PathBuf, _: Vec<u8>) -> anyhow::Result<()> {
        Ok(())
    }
}

fn main() -> anyhow::Result<()> {
    let root = std::env::args().nth(1).expect("archive folder");
    let root = Path::new(&root);
    let config = pressroom::pipeline::config(root, None)?;
    let paths = pressroom::load::content_files(&root.join("content"))?;
    let t = Instant::now();
    let parsed = pressroom::pipeline::read_and_parse(root, &paths, &config)?;
    println!("parse    {:>8.1} ms (load and parse)", t.elapsed().as_secs_f64() * 1e3);
    if std::env::var_os("ONLY_PARSE").is_some() {
        return Ok(());
    }
    for _ in 0..3 {
        let input = parsed.clone();
        let t = Instant::now();
        let archive = pressroom::pipeline::resolve(input, &config)?;
        println!("resolve  {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let indexes = pressroom::index::build(&archive, &config, &mut Default::default());
        println!("index    {:>8.1} ms", t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let page = &archive.transcripts[archive.transcripts.len() / 2];
        let scope = pressroom::render::Scope { transcripts: [page.slug.clone()].into(), ..Default::default() };
        let files = pressroom::render::render(&archive, &indexes, &config, pressroom::size::Publish::ALL, root, &scope, &Discard)?;
        println!("render1  {:>8.1} ms ({} files: one transcript and the index pages)", t.elapsed().as_secs_f64() * 1e3, files);
        let t = Instant::now();
        let scope = pressroom::render::Scope { people: page.people.values().cloned().collect(), ..Default::default() };
        let files = pressroom::render::render(&archive, &indexes, &config, pressroom::size::Publish::ALL, root, &scope, &Discard)?;
        println!("people   {:>8.1} ms ({} files: its people and the index pages)", t.elapsed().as_secs_f64() * 1e3, files);
        let t = Instant::now();
        let scope = pressroom::render::Scope { outlets: page.outlets.values().cloned().collect(), ..Default::default() };
        let files = pressroom::render::render(&archive, &indexes, &config, pressroom::size::Publish::ALL, root, &scope, &Discard)?;
        println!("outlets  {:>8.1} ms ({} files: its outlets and the index pages)", t.elapsed().as_secs_f64() * 1e3, files);
        let t = Instant::now();
        let files = pressroom::render::render(&archive, &indexes, &config, pressroom::size::Publish::ALL, root, &pressroom::render::Scope::default(), &Discard)?;
        println!("indexes  {:>8.1} ms ({} files: the index pages)", t.elapsed().as_secs_f64() * 1e3, files);
        let t = Instant::now();
        let files = pressroom::render::render(&archive, &indexes, &config, pressroom::size::Publish::ALL, root, &pressroom::render::Scope::all(), &Discard)?;
        println!("renderA  {:>8.1} ms ({} files)", t.elapsed().as_secs_f64() * 1e3, files);
    }
    Ok(())
}
