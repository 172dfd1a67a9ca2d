//! Helpers: the binary, fixtures, outside programs, and a real terminal (tmux), all run under
//! the test harness (tests/harness/mod.rs).

use std::env;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use crate::harness::{self, Harness};

pub use crate::harness::tool;

/// The binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(harness::BIN)
}

pub fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs an outside program with `input` on its standard input and returns what it did.
pub fn pipe_through(program: &str, args: &[&str], input: &str) -> Output {
    let mut cmd = harness::command(program);
    let mut child = cmd
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Whether an outside program is installed. When it is not, a test skips with a notice, but
/// under CI (which installs them all) it fails: a skipped check must not pass for a done one.
pub fn have(program: &str) -> bool {
    let found = env::var_os("PATH")
        .map(|paths| env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false);
    if !found {
        assert!(
            env::var_os("CI").is_none(),
            "{program} is not installed; .ci/run must install it"
        );
        eprintln!("notice: skipping: {program} is not installed");
    }
    found
}

/// Quotes a word for `sh`.
pub fn sh_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// A tmux server of its own, with one window of a fixed size: a real terminal for the tool. The
/// server, and so every program in its window, has the environment of a harness of its own: a
/// shell's history and dotfiles, less's history and fish's files go to the harness's home.
pub struct Terminal {
    harness: Harness,
    socket: PathBuf,
}

impl Terminal {
    /// Starts `shell_command` (run by `sh -c`) in a `width` × `height` terminal.
    pub fn start(width: u16, height: u16, shell_command: &str) -> Terminal {
        let harness = Harness::new();
        let socket = harness.scratch().join("tmux.sock");
        let terminal = Terminal { harness, socket };
        let status = terminal
            .tmux()
            .args([
                "new-session",
                "-d",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .args(["sh", "-c", shell_command])
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux new-session failed");
        terminal
    }

    /// The home of the programs in the terminal.
    pub fn home(&self) -> PathBuf {
        self.harness.home()
    }

    fn tmux(&self) -> Command {
        // The pane gets a shell environment of our making, not the test runner's settings.
        let mut cmd = self.harness.command("tmux");
        cmd.arg("-S").arg(&self.socket).args(["-f", "/dev/null"]);
        cmd.env("TERM", "xterm-256color");
        cmd
    }

    /// The screen's text now (`escapes`: with colour codes).
    pub fn screen(&self, escapes: bool) -> String {
        let mut cmd = self.tmux();
        cmd.args(["capture-pane", "-p"]);
        if escapes {
            cmd.arg("-e");
        }
        let output = cmd.output().expect("tmux capture-pane");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until the screen shows `text`, and returns the screen; panics after a while.
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(false);
            if screen.contains(text) {
                return screen;
            }
            // A guard against a hang, not a speed requirement.
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the terminal never showed {text:?}; it shows:\n{screen}"
            );
            sleep(Duration::from_millis(50));
        }
    }

    /// Types keys into the terminal (tmux key names, such as `q` or `Enter`).
    pub fn keys(&self, keys: &[&str]) {
        let status = self
            .tmux()
            .args(["send-keys", "-t", "0"])
            .args(keys)
            .status()
            .expect("tmux send-keys");
        assert!(status.success());
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}

/// The marker a terminal command prints when it ends, with its exit code.
pub const DONE: &str = "__done__";

/// `command` followed by a line saying it ended and how, then an idle wait so the screen stays.
pub fn then_done(command: &str) -> String {
    format!("{command}; echo {DONE} $?; sleep 600")
}

/// How many entries and categories the bundled glossary has, read from its JSON export, so
/// tests of whole-glossary output follow the glossary as it grows.
pub fn bundled_size() -> (usize, usize) {
    let out = tool()
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = value["entries"].as_array().unwrap();
    let categories: std::collections::BTreeSet<&str> = entries
        .iter()
        .map(|e| e["category"].as_str().unwrap())
        .collect();
    (entries.len(), categories.len())
}
