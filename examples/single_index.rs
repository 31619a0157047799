//! Writes `search/single.json` into a built site: the same documents as the
//! site's shards in one classic elasticlunr-rs index
//! ([`pressroom::search::single_index`]), which the browser tests and
//! `bench/measure.mjs` rank against to check the shards.
//!
//! `cargo run --release --example single_index -- ARCHIVE_DIR SITE_DIR`
use std::path::Path;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, site] = &args[..] else {
        anyhow::bail!("usage: single_index ARCHIVE_DIR SITE_DIR");
    };
    let root = Path::new(root);
    let config = pressroom::config::Config::load(root)?;
    let archive = pressroom::pipeline::load_archive(root, &config)?;
    let out = Path::new(site).join("search").join("single.json");
    std::fs::write(&out, pressroom::search::single_index(&archive))?;
    println!("{}", out.display());
    Ok(())
}
