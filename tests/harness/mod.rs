//! The one way the integration tests run the binary, and the programs around it (bash, zsh, fish,
//! tmux, less, man, python3, ...): an environment of the tests' own making, with a home and a
//! cache folder of its own. Nothing of the runner's settings reaches a run (no glossary, cache,
//! pager, colour, locale or width variable), and no run writes to the runner's home: `cargo test`
//! used to fill the real `~/.cache/techlead-glossary` with hundreds of megabytes.
//!
//! Every test crate includes this file: `mod harness;` in `tests/*.rs`, and
//! `#[path = "../harness/mod.rs"] mod harness;` in the suites that have a `main.rs`.
//!
//! A [`Harness`] is a temporary folder holding `home/` (`HOME`), `cache/` (`XDG_CACHE_HOME`) and
//! `scratch/` (for the test's own files), removed when it is dropped. Tests whose cache must last
//! over several runs share one harness; [`tool`] and [`command`] give a one-off command that
//! carries a harness of its own.

// Each test crate uses a part of the harness.
#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::fs;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_techlead-glossary");

/// The repository's root.
pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The locale of every run: the same for every runner, and UTF-8, without which tmux and less
/// would show `·` as something else.
pub const LOCALE: &str = "C.UTF-8";

/// Variables no run inherits: the tool's own and its completion's, colour, locale, pager and
/// manual settings, the terminal's size, the places shells and tools read their configuration
/// from or write their history to, and anything else a test sets where it needs it.
const REMOVED: &[&str] = &[
    "LANG",
    "LANGUAGE",
    "NO_COLOR",
    "FORCE_COLOR",
    "COMPLETE",
    "PAGER",
    "MANPAGER",
    "MANPATH",
    "MANOPT",
    "MANWIDTH",
    "MANROFFOPT",
    "MANSECT",
    "COLUMNS",
    "LINES",
    "SOURCE_DATE_EPOCH",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "ZDOTDIR",
    "HISTFILE",
    "INPUTRC",
    "BASH_ENV",
    "ENV",
    "TMUX",
    "TMUX_PANE",
];

/// Families of variables no run inherits: `LC_*`, every `TECHLEAD_*` (and the completion
/// request `_TECHLEAD_GLOSSARY_COMPLETE`, clap's `_CLAP_*`), `CLICOLOR*`, `LESS*` and `FZF_*`.
const REMOVED_PREFIXES: &[&str] = &[
    "LC_",
    "TECHLEAD_",
    "_TECHLEAD_",
    "_CLAP_",
    "CLICOLOR",
    "LESS",
    "FZF_",
];

/// Whether a run must not inherit the variable `name`.
pub fn is_removed(name: &OsStr) -> bool {
    let name = name.to_string_lossy();
    REMOVED.contains(&name.as_ref()) || REMOVED_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// A home, a cache folder and a scratch folder of their own, for one test or one command.
pub struct Harness {
    root: TempDir,
}

impl Default for Harness {
    fn default() -> Self {
        Harness::new()
    }
}

impl Harness {
    pub fn new() -> Harness {
        let root = tempfile::Builder::new()
            .prefix("techlead-glossary-test-")
            .tempdir()
            .expect("a temporary folder");
        for folder in ["home", "cache", "scratch"] {
            fs::create_dir(root.path().join(folder)).expect("a folder in the temporary folder");
        }
        Harness { root }
    }

    /// `HOME` of every run.
    pub fn home(&self) -> PathBuf {
        self.root.path().join("home")
    }

    /// `XDG_CACHE_HOME` of every run: beside the home, not in it, so that a run that went by
    /// `HOME` instead would be seen writing to the home.
    pub fn cache_home(&self) -> PathBuf {
        self.root.path().join("cache")
    }

    /// Where the tool keeps its compiled glossaries.
    pub fn cache_dir(&self) -> PathBuf {
        self.cache_home().join("techlead-glossary")
    }

    /// A folder for the test's own files (glossaries, sockets, outputs), outside the home.
    pub fn scratch(&self) -> PathBuf {
        self.root.path().join("scratch")
    }

    /// Gives `cmd` the harness environment: no variable of [`REMOVED`] or [`REMOVED_PREFIXES`],
    /// whether inherited or set on `cmd` before, the locale [`LOCALE`], and the harness's home and
    /// cache folder. Variables set on `cmd` afterwards are kept.
    pub fn isolate<'c>(&self, cmd: &'c mut Command) -> &'c mut Command {
        let mut names: Vec<OsString> = std::env::vars_os().map(|(name, _)| name).collect();
        names.extend(cmd.get_envs().map(|(name, _)| name.to_owned()));
        for name in REMOVED.iter().map(OsString::from).chain(names) {
            if is_removed(&name) {
                cmd.env_remove(name);
            }
        }
        cmd.env("LANG", LOCALE)
            .env("HOME", self.home())
            .env("XDG_CACHE_HOME", self.cache_home())
    }

    /// Any program, with the harness environment.
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        self.isolate(&mut cmd);
        cmd
    }

    /// The binary under test, with the harness environment.
    pub fn bin(&self) -> Command {
        self.command(BIN)
    }

    /// The binary under test as an `assert_cmd` command (time limits, standard input).
    pub fn tool(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.bin())
    }

    /// Everything there is in the home, at any depth: what the runs wrote there.
    pub fn written_to_home(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
            for entry in fs::read_dir(dir).expect("the home can be read") {
                let path = entry.expect("a home entry").path();
                if path.is_dir() && !path.is_symlink() {
                    walk(&path, found);
                }
                found.push(path);
            }
        }
        let mut found = Vec::new();
        walk(&self.home(), &mut found);
        found.sort();
        found
    }
}

/// A command that carries a harness of its own, removed once the command is dropped: for a test
/// that runs once and needs no cache between runs. It is used as the command it holds.
pub struct Isolated<C> {
    // Dropped before the harness: a command never outlives its folders.
    cmd: C,
    harness: Harness,
}

impl<C> Isolated<C> {
    pub fn harness(&self) -> &Harness {
        &self.harness
    }
}

impl Isolated<Command> {
    /// The same command as an `assert_cmd` one.
    pub fn asserted(self) -> Isolated<assert_cmd::Command> {
        Isolated {
            cmd: assert_cmd::Command::from_std(self.cmd),
            harness: self.harness,
        }
    }
}

impl<C> Deref for Isolated<C> {
    type Target = C;
    fn deref(&self) -> &C {
        &self.cmd
    }
}

impl<C> DerefMut for Isolated<C> {
    fn deref_mut(&mut self) -> &mut C {
        &mut self.cmd
    }
}

/// The binary under test with a harness of its own.
pub fn tool() -> Isolated<assert_cmd::Command> {
    let harness = Harness::new();
    Isolated {
        cmd: harness.tool(),
        harness,
    }
}

/// Any program (a shell, tmux, a formatter, the binary itself) with a harness of its own.
pub fn command(program: impl AsRef<OsStr>) -> Isolated<Command> {
    let harness = Harness::new();
    Isolated {
        cmd: harness.command(program),
        harness,
    }
}
