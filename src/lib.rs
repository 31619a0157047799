//! pressroom: a static-site generator for public archives of
//! press-conference transcripts.
//!
//! The pipeline, one module per stage: [`load`] → [`parse`] → [`resolve`] →
//! [`index`] → [`render`] → [`write`].

pub mod check;
pub mod cli;
pub mod config;
pub mod load;
pub mod model;
pub mod parse;
pub mod slug;
pub mod index;
pub mod resolve;
pub mod render;
pub mod write;
