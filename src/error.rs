//! The error type: each variant knows its message and exit code (SPEC §6).

use std::fmt;
use std::io;

/// How a run ends (SPEC §6); each outcome is one exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: nothing found (unknown term, no search result, empty list), or `check` found
    /// problems.
    NothingFound,
    /// Exit 2: a usage error, or a source that cannot be read or parsed.
    Failure,
}

impl Outcome {
    /// The exit status.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::NothingFound => 1,
            Outcome::Failure => 2,
        }
    }

    /// Success when `found`, else nothing found.
    pub fn found(found: bool) -> Outcome {
        if found {
            Outcome::Success
        } else {
            Outcome::NothingFound
        }
    }
}

impl From<Outcome> for std::process::ExitCode {
    fn from(outcome: Outcome) -> Self {
        std::process::ExitCode::from(outcome.code())
    }
}

#[derive(Debug)]
pub enum Error {
    /// The command line asks for something impossible.
    Usage(String),
    /// A usage error with a hint of what was probably meant, printed on a `help:` line.
    Hinted { message: String, help: String },
    /// A glossary source cannot be read or parsed.
    Source {
        path: String,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },
    /// Writing the results failed. (`?` on an I/O error means this: every read of a source, a
    /// document or a cache file maps its own errors to the variant that names what was read.)
    Output(io::Error),
    /// A program the tool runs (the pager) failed: what was being done, and why.
    Program { doing: String, error: io::Error },
    /// A compiled glossary (a cache file) failed its checks. The loader catches this and answers
    /// from the glossary's own text, so a user sees it only if that fails too.
    Cache(String),
    /// A compiled glossary was asked to search but was written without its search index: the
    /// loader writes it again with one and asks again, so a user never sees this.
    Unindexed,
}

impl Error {
    pub fn source(path: &str, message: impl Into<String>) -> Error {
        Error::Source {
            path: path.to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// The hint to print after the message, if any.
    pub fn help(&self) -> Option<&str> {
        match self {
            Error::Hinted { help, .. } => Some(help),
            _ => None,
        }
    }

    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) | Error::Hinted { message, .. } => f.write_str(message),
            Error::Source {
                path,
                line,
                column,
                message,
            } => {
                f.write_str(path)?;
                if let Some(line) = line {
                    write!(f, ":{line}")?;
                    if let Some(column) = column {
                        write!(f, ":{column}")?;
                    }
                }
                write!(f, ": {message}")
            }
            Error::Output(e) => write!(f, "cannot write the output: {}", describe_io(e)),
            Error::Program { doing, error } => write!(f, "{doing}: {}", describe_io(error)),
            Error::Cache(what) => write!(f, "a cached glossary is damaged: {what}"),
            Error::Unindexed => write!(f, "a cached glossary has no search index"),
        }
    }
}

/// How much of a piece of input a message quotes: its first line, cut to about 80 characters,
/// with `…` where anything was left out. A file or query can be any size; a message cannot.
pub fn excerpt(text: &str) -> String {
    const MAX: usize = 80;
    let line = text.lines().next().unwrap_or_default();
    let mut out: String = line.chars().take(MAX).collect();
    let rest = &text[line.len()..];
    if out.len() < line.len() || !rest.trim().is_empty() {
        out.push('…');
    }
    out
}

/// An I/O error in words, without Rust's `(os error N)` suffix.
pub fn describe_io(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_lowercase(),
        None => text,
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::Output(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_errors_read_like_compiler_locations() {
        let e = Error::Source {
            path: "g.yaml".into(),
            line: Some(3),
            column: Some(7),
            message: "bad".into(),
        };
        assert_eq!(e.to_string(), "g.yaml:3:7: bad");
        assert_eq!(
            Error::source("g.yaml", "empty").to_string(),
            "g.yaml: empty"
        );
    }

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(excerpt("tech lead"), "tech lead");
        assert_eq!(excerpt("one\ntwo"), "one…");
        assert_eq!(excerpt("one\n"), "one");
        let long = "é".repeat(200);
        assert_eq!(excerpt(&long), format!("{}…", "é".repeat(80)));
    }

    #[test]
    fn output_errors_read_as_words() {
        let full = io::Error::from_raw_os_error(28);
        assert_eq!(
            Error::Output(full).to_string(),
            "cannot write the output: no space left on device"
        );
    }
}
