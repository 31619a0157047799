//! Archive-wide indexes: the chronological archive and the topics.

use std::collections::BTreeMap;

use crate::resolve::Archive;

/// The built indexes.
#[derive(Debug, Clone)]
pub struct Indexes {
    /// Year → transcript indices, newest year first, oldest transcript first.
    pub years: Vec<(String, Vec<usize>)>,
    /// Topics with their exchanges.
    pub topics: Vec<crate::topics::Topic>,
}

/// Builds every index of the archive.
pub fn build(archive: &Archive, config: &crate::config::Config, memo: &mut crate::topics::Memo) -> Indexes {
    let mut years: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in archive.transcripts.iter().enumerate() {
        let year = p.transcript.date.map(|d| d.format("%Y").to_string()).unwrap_or_else(|| "Undated".into());
        years.entry(year).or_default().push(i);
    }
    let mut years: Vec<(String, Vec<usize>)> = years.into_iter().collect();
    years.sort_by(|a, b| (a.0 == "Undated", std::cmp::Reverse(&a.0)).cmp(&(b.0 == "Undated", std::cmp::Reverse(&b.0))));
    Indexes { years, topics: crate::topics::assign(archive, config, memo) }
}
