//! A progress line on stderr while a large glossary is parsed for the first time: written only
//! when stderr is a terminal (the caller decides) and only once the parse has taken a moment.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::escape::escape_controls;

/// Nothing is shown for parses shorter than this.
const QUIET_FOR: Duration = Duration::from_millis(400);
/// The line is redrawn at most this often.
const REDRAW: Duration = Duration::from_millis(100);

pub struct Progress<'a> {
    out: Option<&'a mut dyn Write>,
    name: String,
    started: Instant,
    drawn: Option<Instant>,
    /// Set while the line is on screen: Ctrl-C then ends it before the process exits.
    interrupts: Option<OwnInterrupts>,
}

impl<'a> Progress<'a> {
    /// `out` is where the line goes, or `None` for no progress at all.
    pub fn new(out: Option<&'a mut dyn Write>, name: &str) -> Self {
        Progress {
            out,
            name: escape_controls(name, false).into_owned(),
            started: Instant::now(),
            drawn: None,
            interrupts: None,
        }
    }

    /// Reports `done` of `total` entries; a `total` of 0 means not known yet.
    pub fn update(&mut self, done: usize, total: usize) {
        let now = Instant::now();
        let elapsed = now - self.started;
        if elapsed < QUIET_FOR || self.drawn.is_some_and(|t| now - t < REDRAW) {
            return;
        }
        let Some(out) = self.out.as_mut() else {
            return;
        };
        let line = line(&self.name, done, total, elapsed);
        self.interrupts.get_or_insert_with(OwnInterrupts::new);
        // Progress is a courtesy: a failed write must not fail the command.
        let _ = write!(out, "\r\x1b[2K{line}").and_then(|()| out.flush());
        self.drawn = Some(now);
    }

    /// Clears the line, if one was drawn.
    pub fn finish(&mut self) {
        if let (Some(out), Some(_)) = (self.out.as_mut(), self.drawn) {
            let _ = write!(out, "\r\x1b[2K").and_then(|()| out.flush());
        }
        self.drawn = None;
        self.interrupts = None;
    }
}

impl Drop for Progress<'_> {
    fn drop(&mut self) {
        self.finish();
    }
}

/// While the progress line is on screen, Ctrl-C ends the line (so the shell's prompt starts on
/// a line of its own, not after `reading big.yaml… 3.1 s^C`) and exits with 130, the code a
/// shell gives a run that Ctrl-C stopped. A half-written cache file is left to the next run's
/// sweep. The disposition before is put back when the line is cleared.
struct OwnInterrupts {
    #[cfg(unix)]
    previous: libc::sighandler_t,
}

#[cfg(unix)]
extern "C" fn end_line_and_exit(_: libc::c_int) {
    // SAFETY: write(2) and _exit(2) are async-signal-safe; the buffer is static.
    unsafe {
        libc::write(2, b"\n".as_ptr().cast(), 1);
        libc::_exit(130);
    }
}

impl OwnInterrupts {
    fn new() -> OwnInterrupts {
        OwnInterrupts {
            // SAFETY: the handler calls only async-signal-safe functions.
            #[cfg(unix)]
            previous: unsafe {
                let handler: extern "C" fn(libc::c_int) = end_line_and_exit;
                libc::signal(libc::SIGINT, handler as libc::sighandler_t)
            },
        }
    }
}

impl Drop for OwnInterrupts {
    fn drop(&mut self) {
        // SAFETY: puts back the disposition that was in place before.
        #[cfg(unix)]
        unsafe {
            libc::signal(libc::SIGINT, self.previous);
        }
    }
}

/// The text of the progress line.
fn line(name: &str, done: usize, total: usize, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    match (done * 100).checked_div(total) {
        None => format!("reading {name}… {seconds:.1} s"),
        Some(percent) => {
            format!("reading {name}: {done} of {total} entries, {percent}%, {seconds:.1} s")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_and_how_far() {
        assert_eq!(
            line("big.yaml", 250, 1000, Duration::from_millis(1234)),
            "reading big.yaml: 250 of 1000 entries, 25%, 1.2 s"
        );
        assert_eq!(
            line("big.yaml", 0, 0, Duration::from_millis(500)),
            "reading big.yaml… 0.5 s"
        );
    }

    #[test]
    fn short_parses_show_nothing_and_long_ones_clean_up() {
        let mut out = Vec::new();
        let mut p = Progress::new(Some(&mut out), "g");
        p.update(1, 2);
        p.finish();
        drop(p);
        assert!(out.is_empty());
        let mut p = Progress::new(Some(&mut out), "g\u{1b}[2J");
        p.started -= QUIET_FOR;
        p.update(1, 2);
        p.finish();
        drop(p);
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("\r\x1b[2Kreading g\\u{1b}[2J: 1 of 2"),
            "{text:?}"
        );
        assert!(text.ends_with("\r\x1b[2K"), "{text:?}");
    }
}
