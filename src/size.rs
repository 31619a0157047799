//! How large a site will be, estimated before it is rendered: decides
//! which optional parts (`[publish]` in site.toml) an archive publishes when
//! site.toml does not say, so that a large archive stays within GitHub
//! Pages' limit; and how the size of a built site, counted exactly as it is
//! written, is reported ([`describe_sizes`], [`size_warning`]).

use rayon::prelude::*;

use std::collections::BTreeMap;

use crate::config::{PublishConfig, PAGES_LIMIT};
use crate::layout::SitePart as Part;
use crate::model::Role;
use crate::resolve::{Archive, Page};

/// The optional parts a build publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Publish {
    /// One page per question, `<transcript>/qN/`.
    pub share_pages: bool,
    /// Every parsed transcript as JSON, `data/<transcript>.json`.
    pub data: bool,
}

impl Publish {
    /// Every optional part.
    pub const ALL: Publish = Publish { share_pages: true, data: true };
}

/// Estimated bytes of the parts of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Estimate {
    /// Everything that is always published: transcript pages, listings,
    /// the search index, feeds.
    pub core: u64,
    /// The share pages.
    pub share_pages: u64,
    /// `data/` (exact: the JSON is counted, not written).
    pub data: u64,
}

// What the estimate counts: for the parts always published, per byte of
// transcript text, per exchange and per transcript; for a share page, its
// fixed part, per byte of the transcript's slug and title (repeated in
// links and metadata), and per byte of the text it shows. Measured on
// 10,000 synthetic transcripts (`examples/synth.rs`) and on the 1,300 White
// House briefings of the test corpora (see bench/BUILD.md).
const CORE_PER_TEXT_BYTE: f64 = 1.9;
const CORE_PER_EXCHANGE: u64 = 1_500;
const CORE_PER_TRANSCRIPT: u64 = 6_000;
/// Per person and outlet: a listing page, its feed, search filters.
const CORE_PER_LISTING: u64 = 5_000;
/// Home, archive, feeds, static files.
const CORE_FIXED: u64 = 80_000;
const SHARE_PAGE_BYTES: u64 = 1_700;
const SHARE_PER_SLUG_BYTE: u64 = 7;
const SHARE_PER_TITLE_BYTE: u64 = 3;
const SHARE_PER_SHOWN_BYTE: f64 = 1.1;
/// A share page's description (twice in its metadata) is the start of the
/// question, up to about this many bytes.
const SHARE_DESCRIPTION_BYTES: usize = 200;

/// Estimates the size of the site of `archive`.
pub fn estimate(archive: &Archive) -> Estimate {
    let listings = (archive.people.len() + archive.outlets.len()) as u64 * CORE_PER_LISTING;
    let per_transcript: Vec<Estimate> = archive.transcripts.par_iter().map(estimate_one).collect();
    per_transcript.iter().fold(Estimate { core: CORE_FIXED + listings, share_pages: 0, data: 0 }, |a, b| Estimate {
        core: a.core + b.core,
        share_pages: a.share_pages + b.share_pages,
        data: a.data + b.data,
    })
}

/// [`estimate`] for one transcript.
fn estimate_one(page: &Page) -> Estimate {
    let t = &page.transcript;
    let text: u64 = t.turns().map(|turn| turn.text.len() as u64).sum();
    let exchanges = t.exchanges.len() as u64;
    // A share page shows the question and the first paragraph of the
    // answer, and describes itself by the start of the question.
    let fixed = SHARE_PAGE_BYTES + SHARE_PER_SLUG_BYTE * page.slug.len() as u64 + SHARE_PER_TITLE_BYTE * t.title.len() as u64;
    let share_pages: u64 = t
        .exchanges
        .iter()
        .map(|e| {
            let question: usize = e.turns.iter().filter(|turn| turn.role == Role::Press).map(|turn| turn.text.len()).sum();
            let answer = e.turns.iter().find(|turn| turn.role.is_host()).map_or(0, |turn| turn.text.split("\n\n").next().unwrap_or("").len());
            let description = 2 * question.min(SHARE_DESCRIPTION_BYTES);
            fixed + ((question + answer) as f64 * SHARE_PER_SHOWN_BYTE) as u64 + description as u64
        })
        .sum();
    let mut data = ByteCount(0);
    serde_json::to_writer(&mut data, t.as_ref()).expect("a transcript serializes");
    Estimate {
        core: (text as f64 * CORE_PER_TEXT_BYTE) as u64 + exchanges * CORE_PER_EXCHANGE + CORE_PER_TRANSCRIPT,
        share_pages,
        data: data.0,
    }
}

/// A writer that only counts bytes.
struct ByteCount(u64);

impl std::io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The optional parts to publish: those site.toml turns on or off, and of
/// the others (unset: "auto") those that keep the estimated site within
/// `limit` bytes, open data before share pages. Also returns a note for the
/// user when a part is left out that way.
pub fn choose(config: &PublishConfig, estimate: &Estimate, limit: u64) -> (Publish, Option<String>) {
    let mut total = estimate.core;
    total += config.data.filter(|on| *on).map_or(0, |_| estimate.data);
    total += config.share_pages.filter(|on| *on).map_or(0, |_| estimate.share_pages);
    let mut left_out = Vec::new();
    let mut decide = |setting: Option<bool>, bytes: u64, name: &'static str, what: &'static str| -> bool {
        match setting {
            Some(on) => on,
            None if total + bytes <= limit => {
                total += bytes;
                true
            }
            None => {
                left_out.push((name, what, bytes));
                false
            }
        }
    };
    let data = decide(config.data, estimate.data, "data", "data/ JSON");
    let share_pages = decide(config.share_pages, estimate.share_pages, "share_pages", "share pages (<transcript>/qN/)");
    let note = (!left_out.is_empty()).then(|| {
        let parts: Vec<String> = left_out.iter().map(|(_, what, bytes)| format!("{what} (about {} MB)", mb(*bytes))).collect();
        let settings: Vec<String> = left_out.iter().map(|(name, ..)| format!("`{name} = true`")).collect();
        format!(
            "left out {} to keep the site within {} (about {} MB without them). To publish them anyway, set {} under [publish] in site.toml; `false` leaves them out without this note.",
            parts.join(" and "),
            limit_name(limit),
            mb(total),
            settings.join(" and ")
        )
    });
    (Publish { share_pages, data }, note)
}

/// A warning when a site of these part sizes is larger than `limit` bytes,
/// with the size of each part and the settings that leave parts out.
pub fn size_warning(sizes: &BTreeMap<Part, u64>, limit: u64) -> Option<String> {
    let total: u64 = sizes.values().sum();
    if total <= limit {
        return None;
    }
    let hints: Vec<String> = [(Part::SharePages, "share_pages = false"), (Part::Data, "data = false")]
        .iter()
        .filter_map(|(part, setting)| sizes.get(part).map(|bytes| format!("`{setting}` (saves {} MB)", mb(*bytes))))
        .collect();
    let hint = if hints.is_empty() { String::new() } else { format!(" To make it smaller, set {} under [publish] in site.toml.", hints.join(" or ")) };
    Some(format!("the site is {} MB, more than {} ({}).{hint}", mb(total), limit_name(limit), list_parts(sizes)))
}

/// How messages name a size limit.
pub fn limit_name(limit: u64) -> String {
    if limit == PAGES_LIMIT {
        format!("the {} MB GitHub Pages publishes", mb(limit))
    } else {
        format!("the {} MB of `size_limit_mb` in site.toml", limit as f64 / 1e6)
    }
}

/// The size of a site and of each of its parts, largest first:
/// "1737 MB: transcript pages 505 MB, ...".
pub fn describe_sizes(sizes: &BTreeMap<Part, u64>) -> String {
    format!("{} MB: {}", mb(sizes.values().sum()), list_parts(sizes))
}

/// Each part's size, largest first: "transcript pages 505 MB, ...".
fn list_parts(sizes: &BTreeMap<Part, u64>) -> String {
    let mut parts: Vec<(&Part, &u64)> = sizes.iter().collect();
    parts.sort_by_key(|(_, bytes)| std::cmp::Reverse(**bytes));
    let parts: Vec<String> = parts.iter().map(|(part, bytes)| format!("{} {} MB", part.describe(), mb(**bytes))).collect();
    parts.join(", ")
}

/// Bytes in MB (10^6 bytes), rounded up.
fn mb(bytes: u64) -> u64 {
    bytes.div_ceil(1_000_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MB: u64 = 1_000_000;

    fn config(share_pages: Option<bool>, data: Option<bool>) -> PublishConfig {
        PublishConfig { share_pages, data, size_limit_mb: None }
    }

    #[test]
    fn the_example_archive_is_estimated_and_its_open_data_counted_exactly() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::config::Config::load(root).unwrap();
        let archive = crate::pipeline::load_archive(root, &config).unwrap();
        let e = estimate(&archive);
        let data: usize = archive.transcripts.iter().map(|p| serde_json::to_vec(p.transcript.as_ref()).unwrap().len()).sum();
        assert_eq!(e.data, data as u64);
        // The built example is about 0.5 MB of pages, 0.1 MB of share pages.
        assert!((300_000..800_000).contains(&e.core), "{e:?}");
        assert!((40_000..150_000).contains(&e.share_pages), "{e:?}");
        assert_eq!(config.publish.size_limit(), crate::config::PAGES_LIMIT);
    }

    #[test]
    fn a_site_within_the_limit_publishes_every_part() {
        let e = Estimate { core: 400 * MB, share_pages: 250 * MB, data: 200 * MB };
        assert_eq!(choose(&config(None, None), &e, 1000 * MB), (Publish::ALL, None));
    }

    #[test]
    fn a_large_site_leaves_out_share_pages_first_then_data() {
        let e = Estimate { core: 600 * MB, share_pages: 300 * MB, data: 250 * MB };
        let (publish, note) = choose(&config(None, None), &e, 1000 * MB);
        assert_eq!(publish, Publish { share_pages: false, data: true });
        let note = note.unwrap();
        assert!(note.contains("share pages (<transcript>/qN/) (about 300 MB)") && note.contains("`share_pages = true`"), "{note}");
        assert!(note.contains("about 850 MB without them"), "{note}");

        let e = Estimate { core: 880 * MB, share_pages: 500 * MB, data: 370 * MB };
        let (publish, note) = choose(&config(None, None), &e, 1000 * MB);
        assert_eq!(publish, Publish { share_pages: false, data: false });
        assert!(note.unwrap().contains("data/ JSON (about 370 MB) and share pages"));
    }

    #[test]
    fn settings_in_site_toml_win_and_count() {
        let e = Estimate { core: 880 * MB, share_pages: 500 * MB, data: 370 * MB };
        assert_eq!(choose(&config(Some(true), Some(true)), &e, 1000 * MB), (Publish::ALL, None));
        assert_eq!(choose(&config(Some(false), Some(false)), &e, 1000 * MB), (Publish { share_pages: false, data: false }, None));
        // Data forced on leaves no room for share pages.
        let e = Estimate { core: 500 * MB, share_pages: 200 * MB, data: 400 * MB };
        let (publish, note) = choose(&config(None, Some(true)), &e, 1000 * MB);
        assert_eq!(publish, Publish { share_pages: false, data: true });
        assert!(note.is_some());
    }

    #[test]
    fn sites_larger_than_pages_publishes_get_a_warning_naming_the_settings() {
        let sizes = BTreeMap::from([(Part::Transcripts, 600_000_000), (Part::SharePages, 300_000_000), (Part::Data, 350_000_000)]);
        let w = size_warning(&sizes, PAGES_LIMIT).expect("1.25 GB is too big");
        assert!(w.starts_with("the site is 1250 MB, more than the 1000 MB"), "{w}");
        assert!(w.contains("(transcript pages 600 MB, data/ JSON 350 MB, share pages (<transcript>/qN/) 300 MB)"), "{w}");
        assert!(w.contains("`share_pages = false` (saves 300 MB) or `data = false` (saves 350 MB) under [publish]"), "{w}");
        assert_eq!(size_warning(&sizes, 2 * PAGES_LIMIT), None);
        let lean = BTreeMap::from([(Part::Transcripts, 1_500_000_000)]);
        assert!(!size_warning(&lean, PAGES_LIMIT).unwrap().contains("[publish]"), "no setting to suggest");
    }
}
