//! Writes the `search/` files of an archive into SITE_DIR/search (removed
//! first), without the pages: the search stage alone, timed, for the search
//! benchmarks (bench/RESULTS.md) when only the index changes.
//!
//! `cargo run --release --example search_only -- ARCHIVE_DIR SITE_DIR`
use std::path::{Path, PathBuf};
use std::time::Instant;

struct Dir(PathBuf);

impl pressroom::write::Sink for Dir {
    fn put(&self, path: PathBuf, bytes: Vec<u8>) -> anyhow::Result<()> {
        let path = self.0.join(path);
        std::fs::create_dir_all(path.parent().expect("a file in a folder"))?;
        std::fs::write(path, bytes)?;
        Ok(())
    }
}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, site] = &args[..] else {
        anyhow::bail!("usage: search_only ARCHIVE_DIR SITE_DIR");
    };
    let root = Path::new(root);
    let config = pressroom::config::Config::load(root)?;
    let archive = pressroom::pipeline::load_archive(root, &config)?;
    let indexes = pressroom::index::build(&archive, &config, &mut Default::default());
    let search = Path::new(site).join("search");
    if search.exists() {
        std::fs::remove_dir_all(&search)?;
    }
    let start = Instant::now();
    let files = pressroom::search::build(&archive, &indexes.topics, &Dir(PathBuf::from(site)))?;
    eprintln!("search: {files} files in {:.2} s", start.elapsed().as_secs_f64());
    Ok(())
}
