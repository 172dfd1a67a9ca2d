//! The hostile suite (SPEC §9): inputs made at test time to break the tool, run through the real
//! binary under a time limit. Every case asserts the exit code, what reaches each stream, and that
//! nothing panicked, died of a signal or ran past its limit.

#[path = "../harness/mod.rs"]
mod harness;

mod encoding;
mod fields;
mod output;
mod queries;
mod scan;
mod shapes;
mod sources;
mod support;
mod terminal;
mod yaml;
