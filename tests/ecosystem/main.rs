//! End-to-end tests of the commands that fit the tool into its surroundings: shells, man,
//! pagers, browsers, graph tools and code-scanning pages. Each runs the real binary; where a test needs an outside
//! program (bash, tmux, mandoc, groff, dot) it says so and skips when the program is missing,
//! except under CI, where a missing program is a failure.

#[path = "../harness/mod.rs"]
mod harness;

mod completions;
mod export;
mod graph;
mod help;
mod manpage;
mod markdown;
mod pager;
mod support;
mod team;
