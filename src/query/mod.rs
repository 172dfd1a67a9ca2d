//! Questions asked of a glossary: search, related entries, the link graph, the file check, and
//! the scan of a document for the glossary's names.

pub mod check;
pub mod graph;
pub mod related;
pub mod scan;
pub mod search;
