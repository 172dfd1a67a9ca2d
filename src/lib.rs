//! techlead-glossary as a library: the glossary model, search and renderers behind the binary,
//! public so that fuzz targets and benchmarks can drive the same code.

pub mod app;
pub mod cache;
pub mod check;
pub mod cli;
pub mod complete;
pub mod error;
pub mod export;
pub mod glossary;
pub mod graph;
pub mod manpage;
pub mod pager;
pub mod progress;
pub mod related;
pub mod render;
pub mod scan;
pub mod search;
pub mod store;
