//! pressroom: a static-site generator for public archives of
//! press-conference transcripts.
//!
//! The build pipeline, one module per stage: [`load`] → [`parse`] →
//! [`resolve`] → [`index`] → [`render`] → [`write`], with [`search`] built
//! beside the pages and [`size`] choosing the optional parts that fit the
//! host. The commands around it:
//! [`check`], [`import`], [`serve`], [`scaffold`] (`pressroom new`).

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
