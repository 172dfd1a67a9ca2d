//! techlead-glossary as a library: the glossary model, search and renderers behind the binary,
//! public so that fuzz targets and benchmarks can drive the same code.
//!
//! Imports go one way: `commands` → `query`, `store`, `render` → `glossary` (whose `key` module
//! is the bottom). `cli` holds the command line's types, which go no further than `commands`.

pub mod cli;
pub mod commands;
pub mod error;
pub mod escape;
pub mod glossary;
pub mod pager;
pub mod query;
pub mod render;
pub mod report;
pub mod store;
