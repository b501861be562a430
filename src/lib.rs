//! gazette: a static site generator for gazettes.
//!
//! The build is a one-way pipeline; each stage is a module:
//! `load` → `parse` → `link` → `index` → `render` → `write`.

pub mod cite;
pub mod config;
pub mod diag;
pub mod frontmatter;
pub mod load;
pub mod highlight;
pub mod model;
pub mod parse;
pub mod sanitize;
pub mod search;
pub mod yaml;
