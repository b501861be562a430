//! gazette: a static site generator for gazettes.
//!
//! The build is a one-way pipeline; each stage is a module:
//! `load` → `parse` → `link` → `index` → `render` → `write`.

pub mod cite;
pub mod link;
pub mod model;
pub mod search;
