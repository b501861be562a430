//! gazette: a static site generator for gazettes.
//!
//! The build is a one-way pipeline; each stage is a module:
//! `load` → `parse` → `link` → `render` → `index` → `write`,
//! wired together in `build` (pages need only the names of the search
//! scripts, so they are rendered before the index, which then has the
//! memory to itself).

// Diagnostics are returned by value on the cold path; boxing them everywhere
// would only add noise.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod cache;
pub mod catalog;
pub mod check;
pub mod cite;
pub mod config;
pub mod diag;
pub mod feed;
pub mod frontmatter;
pub mod highlight;
pub mod import;
pub mod link;
pub mod load;
pub mod model;
pub mod new;
pub mod parse;
pub mod render;
pub mod sanitize;
pub mod search;
pub mod serve;
pub mod theme;
pub mod urls;
pub mod write;
pub mod yaml;
