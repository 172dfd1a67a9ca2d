//! Paging: output taller than the terminal goes through a pager, as git and bat do.

use std::ffi::OsStr;
use std::io::{ErrorKind, Write};
use std::process::{Command, Stdio};

use crate::error::Error;
use crate::report;

/// The pager used when no variable names one: `-F` quits at once when the text fits after
/// all, `-R` shows colours, `-X` leaves the text on the screen when it quits.
const DEFAULT: &[&str] = &["less", "-FRX"];

/// A pager command line, and the variable that named it (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    pub argv: Vec<String>,
    pub from: Option<&'static str>,
}

/// Chooses the pager: `TECHLEAD_GLOSSARY_PAGER`, then `PAGER`, then `less -FRX`.
///
/// A variable set to nothing or to `cat` means "do not page", as it does for git. Values are
/// split like a shell would split them, so `PAGER='less -R'` works.
pub fn choose(own: Option<&OsStr>, general: Option<&OsStr>) -> Result<Option<Pager>, String> {
    for (name, value) in [("TECHLEAD_GLOSSARY_PAGER", own), ("PAGER", general)] {
        let Some(value) = value else { continue };
        let value = value.to_string_lossy();
        let argv =
            shlex::split(&value).ok_or_else(|| format!("{name} has unbalanced quotes: {value}"))?;
        return Ok(match argv.first().map(String::as_str) {
            None | Some("cat") => None,
            Some(_) => Some(Pager {
                argv,
                from: Some(name),
            }),
        });
    }
    Ok(Some(Pager {
        argv: DEFAULT.iter().map(|s| s.to_string()).collect(),
        from: None,
    }))
}

/// How many terminal rows `text` fills at `columns` wide.
pub fn rows(text: &[u8], columns: usize) -> usize {
    let columns = columns.max(1);
    String::from_utf8_lossy(text)
        .lines()
        .map(|line| textwrap::core::display_width(line).div_ceil(columns).max(1))
        .sum()
}

/// Shows `text` through the pager. When the pager cannot be started, `text` goes to `out`
/// instead, with a warning when a variable named the pager (a missing default `less` is quiet).
pub fn show(
    pager: &Pager,
    text: &[u8],
    out: &mut impl Write,
    err: &mut impl Write,
) -> Result<(), Error> {
    let mut command = Command::new(&pager.argv[0]);
    command.args(&pager.argv[1..]).stdin(Stdio::piped());
    if pager.argv[0] == "less" && std::env::var_os("LESS").is_none() {
        // Same default as git for a bare `PAGER=less`: colours on, quit if it fits.
        command.env("LESS", "FRX");
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            if let Some(variable) = pager.from {
                let reason = if e.kind() == ErrorKind::NotFound {
                    "program not found".to_string()
                } else {
                    e.to_string()
                };
                report::warning(
                    err,
                    &format!(
                        "cannot run the pager `{}` from {variable}: {reason}; printing directly",
                        pager.argv[0]
                    ),
                )?;
            }
            return Ok(out.write_all(text)?);
        }
    };
    let _interrupts = IgnoreInterrupts::new();
    if let Some(mut stdin) = child.stdin.take() {
        match stdin.write_all(text) {
            // The reader quit before reading everything: that is their choice, not an error.
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {}
            other => other.map_err(|error| Error::Program {
                doing: format!("cannot write to the pager `{}`", pager.argv[0]),
                error,
            })?,
        }
    }
    child.wait().map_err(|error| Error::Program {
        doing: format!("cannot wait for the pager `{}`", pager.argv[0]),
        error,
    })?;
    Ok(())
}

/// While the pager runs, Ctrl-C belongs to it: if this process died of it, the shell would take
/// the terminal back while the pager still draws on it. Restored on drop.
struct IgnoreInterrupts {
    #[cfg(unix)]
    previous: libc::sighandler_t,
}

impl IgnoreInterrupts {
    fn new() -> IgnoreInterrupts {
        IgnoreInterrupts {
            // SAFETY: setting a signal disposition to SIG_IGN runs no code in the handler.
            #[cfg(unix)]
            previous: unsafe { libc::signal(libc::SIGINT, libc::SIG_IGN) },
        }
    }
}

impl Drop for IgnoreInterrupts {
    fn drop(&mut self) {
        // SAFETY: puts back the disposition that was in place before.
        #[cfg(unix)]
        unsafe {
            libc::signal(libc::SIGINT, self.previous);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(pager: Option<Pager>) -> Option<Vec<String>> {
        pager.map(|p| p.argv)
    }

    #[test]
    fn the_own_variable_wins_then_pager_then_less() {
        let own = OsStr::new("most -s");
        let general = OsStr::new("more");
        assert_eq!(
            argv(choose(Some(own), Some(general)).unwrap()),
            Some(vec!["most".into(), "-s".into()])
        );
        assert_eq!(
            choose(None, Some(general)).unwrap().unwrap().from,
            Some("PAGER")
        );
        assert_eq!(
            argv(choose(None, None).unwrap()),
            Some(vec!["less".into(), "-FRX".into()])
        );
    }

    #[test]
    fn empty_or_cat_turns_paging_off() {
        assert_eq!(
            choose(Some(OsStr::new("")), Some(OsStr::new("more"))),
            Ok(None)
        );
        assert_eq!(choose(None, Some(OsStr::new("cat"))), Ok(None));
        assert_eq!(
            argv(choose(Some(OsStr::new("'my pager' --x")), None).unwrap()),
            Some(vec!["my pager".into(), "--x".into()])
        );
        assert!(choose(Some(OsStr::new("less 'open")), None).is_err());
    }

    #[test]
    fn rows_count_wrapped_lines_and_ignore_colour_codes() {
        assert_eq!(rows(b"one\ntwo\n", 80), 2);
        assert_eq!(rows(b"\n\n", 80), 2);
        assert_eq!(rows("x".repeat(81).as_bytes(), 80), 2);
        assert_eq!(rows(b"\x1b[1mbold\x1b[0m\n", 4), 1);
        assert_eq!(rows("技術リード".as_bytes(), 4), 3);
    }
}
