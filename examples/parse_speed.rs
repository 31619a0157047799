//! Parsing speed on folders of transcripts, in process: loads every file
//! (`.md`, `.txt`, READMEs skipped) and parses each one on one thread, best
//! of three rounds, in MB/s of source text.
//!
//! `cargo run --release --example parse_speed -- DIR [DIR...]`
use std::path::Path;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let hints = pressroom::parse::Hints::default();
    for dir in std::env::args().skip(1) {
        let dir = Path::new(&dir);
        let files = pressroom::load::content_files(dir)?;
        let max_bytes = pressroom::config::LimitsConfig::default().transcript_bytes();
        let sources: Vec<_> = files.iter().map(|p| pressroom::load::load_file(dir, p, max_bytes)).collect::<Result<_, _>>()?;
        let bytes: usize = sources.iter().map(|s| s.body.len()).sum();
        let mut best = f64::MAX;
        let mut exchanges = 0;
        for _ in 0..3 {
            let t = Instant::now();
            exchanges = sources.iter().map(|s| pressroom::parse::parse(&s.body, &s.given, &hints).exchanges.len()).sum::<usize>();
            best = best.min(t.elapsed().as_secs_f64());
        }
        let mb = bytes as f64 / 1e6;
        println!("{}: {} files, {mb:.1} MB, {exchanges} exchanges, {best:.2} s, {:.2} MB/s", dir.display(), sources.len(), mb / best);
    }
    Ok(())
}
