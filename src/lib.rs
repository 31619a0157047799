//! pressroom: a static-site generator for public archives of
//! press-conference transcripts.
//!
//! The build pipeline ([`pipeline`]), one module per stage, each with plain
//! data in and out:
//!
//! ```text
//! load      content files → Source (front matter, text)      load.rs
//! parse     Source → Transcript (speakers, turns, exchanges) parse/
//! resolve   Transcripts → Archive (people, outlets, slugs)   resolve.rs
//! index     Archive → Indexes (years, topics)                index.rs, topics.rs
//! render    Archive → pages, feeds, data                     render/ (layout.rs: every path and URL)
//!           Archive → search index                           search.rs
//! write     files → staging folder, swapped in               write.rs (size.rs: what fits the host)
//! ```
//!
//! Around it: the commands [`check`], [`import`], [`serve`] (with
//! [`incremental`], a layer over the same stages that rebuilds only what a
//! change touched) and [`scaffold`] (`pressroom new`); [`config`] reads
//! `site.toml`, [`error`] locates problems in the archive's files, [`model`]
//! is the parsed data contract (`pressroom parse --json`).

pub mod check;
pub mod cli;
pub mod config;
pub mod error;
pub mod import;
pub mod incremental;
pub mod index;
pub mod layout;
pub mod load;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod size;
pub mod slug;
pub mod topics;
pub mod write;
