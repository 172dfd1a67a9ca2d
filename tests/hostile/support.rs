//! The harness: run the binary with a time limit and judge how it ended.

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::thread;
use std::time::{Duration, Instant};

use assert_cmd::Command;

use crate::harness::{self, Isolated};

/// No run may take longer (SPEC §9).
pub const LIMIT: Duration = Duration::from_secs(10);

/// The limit for the inputs of a hundred megabytes or a million entries. An optimised build
/// must meet [`LIMIT`] (`cargo test --release` checks it); `cargo test` runs an unoptimised
/// binary, several times slower at parsing, which gets more room. Speed itself is measured by
/// the benchmarks, not here: this limit only tells a slow run from a hang.
pub const HEAVY_LIMIT: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(90)
} else {
    LIMIT
};

/// How a run ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn out(&self) -> String {
        String::from_utf8(self.stdout.clone()).expect("stdout is UTF-8")
    }

    /// Exit code `code`, an empty stdout, and one `error:` line on stderr that contains
    /// `location` (`PATH`, `PATH:LINE` or `PATH:LINE:COLUMN`) and `what`.
    pub fn refused(&self, code: i32, location: &str, what: &str) -> &Self {
        assert_eq!(self.code, code, "{self:?}");
        assert!(self.stdout.is_empty(), "stdout must be empty: {self:?}");
        let first = self.stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("error: ") && first.contains(location) && first.contains(what),
            "expected an error at {location:?} about {what:?}, got {:?}",
            self.stderr
        );
        self
    }

    /// Exit 0 with nothing on stderr.
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "{self:?}");
        assert_eq!(self.stderr, "", "{self:?}");
        self
    }
}

/// The binary under the test harness (a clean environment, a home and cache folder of its own)
/// in an 80-column world.
pub fn bin() -> Isolated<Command> {
    let mut cmd = through(harness::BIN);
    cmd.timeout(LIMIT);
    cmd
}

/// `program` with the environment of [`bin`]: the binary itself, or a shell or `setpriv` that
/// runs the binary ([`harness::BIN`]) the way the test needs.
pub fn through(program: &str) -> Isolated<Command> {
    let mut cmd = harness::command(program).asserted();
    cmd.env("COLUMNS", "80");
    cmd
}

/// Runs with [`LIMIT`].
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    finish(bin().args(args), LIMIT)
}

/// Runs a prepared command and checks the ways a run must never end.
pub fn finish(cmd: &mut Command, limit: Duration) -> Run {
    cmd.timeout(limit);
    let started = Instant::now();
    let output = cmd.output().expect("the binary starts");
    let took = started.elapsed();
    judge(output.status, output.stdout, output.stderr, took, limit)
}

fn judge(
    status: std::process::ExitStatus,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    took: Duration,
    limit: Duration,
) -> Run {
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    let Some(code) = status.code() else {
        panic!(
            "killed by a signal ({status}) after {took:?}{}; stderr: {stderr}",
            if took >= limit {
                ", past the time limit"
            } else {
                ""
            }
        );
    };
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    assert!(
        !String::from_utf8_lossy(&stdout).contains("panicked"),
        "panic on stdout"
    );
    assert!(
        matches!(code, 0..=2),
        "exit code {code} is not 0, 1 or 2: {stderr}"
    );
    Run {
        code,
        stdout,
        stderr,
    }
}

/// Runs the binary with its stdout on `stdout` (a pipe nobody reads, `/dev/full`, ...), with the
/// same checks as [`finish`]; stdout is then not captured.
pub fn run_with_stdout(args: &[&str], stdout: impl Into<Stdio>) -> Run {
    let mut cmd = harness::command(harness::BIN);
    let mut child = cmd
        .args(args)
        .env("COLUMNS", "80")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
    let reader = thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr_pipe.read_to_end(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            break child.wait().expect("wait");
        }
        thread::sleep(Duration::from_millis(5));
    };
    let stderr = reader.join().expect("stderr reader");
    judge(status, Vec::new(), stderr, started.elapsed(), LIMIT)
}

/// A scratch folder for one test.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file and returns its path as a string for the command line.
    pub fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.dir.path().join(name);
        fs::write(&path, bytes).expect("write a test file");
        arg(&path)
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

pub fn arg(path: &Path) -> String {
    path.to_str()
        .expect("temporary paths are UTF-8")
        .to_string()
}

/// A small valid entry as YAML, indented for an `entries:` list.
pub fn entry(title: &str) -> String {
    format!("  - title: {title}\n    category: Testing\n    summary: About {title}.\n")
}

/// A glossary file of the given entries.
pub fn glossary(entries: &[&str]) -> String {
    let mut text = String::from("entries:\n");
    for title in entries {
        text.push_str(&entry(title));
    }
    text
}

/// The first character a terminal could obey or hide: C0 controls but tab and newline, DEL, C1,
/// bidi controls, zero-width and other invisible format characters. Independent of the tool's own
/// list on purpose.
pub fn raw_danger(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        let n = c as u32;
        (n < 0x20 && c != '\n' && c != '\t')
            || (0x7f..=0x9f).contains(&n)
            || (0x200b..=0x200f).contains(&n)
            || (0x202a..=0x202e).contains(&n)
            || (0x2060..=0x2069).contains(&n)
            || n == 0xfeff
    })
}
