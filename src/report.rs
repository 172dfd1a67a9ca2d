//! The one printer of diagnostic lines: `error:`, `warning:` and `help:`. Messages quote paths,
//! queries and file contents, so every line is escaped as untrusted text.

use std::io::{self, Write};

use crate::escape::escape_controls;

/// What a diagnostic line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Help,
}

impl Level {
    fn label(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Help => "help",
        }
    }
}

/// Writes `level: message`, the message escaped.
pub fn line(err: &mut (impl Write + ?Sized), level: Level, message: &str) -> io::Result<()> {
    writeln!(
        err,
        "{}: {}",
        level.label(),
        escape_controls(message, false)
    )
}

pub fn error(err: &mut (impl Write + ?Sized), message: &str) -> io::Result<()> {
    line(err, Level::Error, message)
}

pub fn warning(err: &mut (impl Write + ?Sized), message: &str) -> io::Result<()> {
    line(err, Level::Warning, message)
}

pub fn help(err: &mut (impl Write + ?Sized), message: &str) -> io::Result<()> {
    line(err, Level::Help, message)
}

/// A line under an error that lists what it is about (the entries a name could mean), indented.
pub fn detail(err: &mut (impl Write + ?Sized), message: &str) -> io::Result<()> {
    writeln!(err, "  {}", escape_controls(message, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_labelled_and_escaped() {
        let mut err = Vec::new();
        error(&mut err, "no entry 'a\u{1b}[31mb'").unwrap();
        warning(&mut err, "two\nlines").unwrap();
        help(&mut err, "did you mean 'Careers'?").unwrap();
        detail(&mut err, "slug  Title").unwrap();
        let text = String::from_utf8(err).unwrap();
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(text.starts_with("error: no entry 'a"));
        assert!(!text.contains('\u{1b}'));
        assert!(text.contains("warning: two"));
        assert!(text.contains("help: did you mean 'Careers'?\n  slug  Title\n"));
    }
}
