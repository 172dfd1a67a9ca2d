//! Shell completion: the scripts `completions` prints, and the slugs, categories and tags they offer.
//!
//! The scripts are clap_complete's dynamic ones: on each Tab the shell runs the tool again with
//! [`REQUEST_VAR`] set, and the tool answers from the clap definition plus the active glossary.
//! So completions always match the installed version and the glossary in use.

use std::collections::BTreeMap;
use std::env;
use std::ffi::OsString;
use std::io::{self, Write};
use std::time::Duration;

use clap_complete::CompletionCandidate;
use clap_complete::env::{Elvish, EnvCompleter, Powershell};

use crate::cli::Shell;
use crate::error::Error;
use crate::glossary::catalog::Catalog;
use crate::glossary::key::normalize;
use crate::glossary::source::{self, SourceSpec};
use crate::store::cache;
use crate::store::{self, Options};

mod scripts;

/// The variable that turns a run into a completion request. A name of its own, so that a
/// `COMPLETE` variable set for some other tool never changes what this one does.
pub const REQUEST_VAR: &str = "_TECHLEAD_GLOSSARY_COMPLETE";

/// The command the scripts complete.
pub const BIN: &str = "techlead-glossary";

/// Writes the completion script for `shell`; `completer` is the program the script runs on Tab.
pub fn write_script(out: &mut impl Write, shell: Shell, completer: &str) -> io::Result<()> {
    let mut script = Vec::new();
    // Values with spaces (`Cloud & Operations`) need quoting, which these three do themselves.
    match shell {
        Shell::Bash => scripts::bash(&mut script, REQUEST_VAR, BIN, BIN, completer)?,
        Shell::Zsh => scripts::zsh(&mut script, REQUEST_VAR, BIN, BIN, completer)?,
        Shell::Fish => scripts::fish(&mut script, REQUEST_VAR, BIN, completer)?,
        Shell::Elvish => {
            Elvish.write_registration(REQUEST_VAR, BIN, BIN, completer, &mut script)?
        }
        Shell::Powershell => {
            Powershell.write_registration(REQUEST_VAR, BIN, BIN, completer, &mut script)?
        }
    }
    out.write_all(&script)
}

/// The program a script should run on Tab: this one, as it was invoked. A bare name is found
/// on `PATH` then; a relative path is made absolute, since the shell may be elsewhere.
pub fn completer() -> String {
    let invoked = env::args_os().next().unwrap_or_else(|| BIN.into());
    let path = std::path::PathBuf::from(invoked);
    let path = if path.components().count() > 1 && path.is_relative() {
        env::current_dir()
            .map(|dir| dir.join(&path))
            .unwrap_or(path)
    } else {
        path
    };
    path.to_string_lossy().into_owned()
}

/// Slugs of the active glossary, each with its title as the description.
pub fn slugs() -> Vec<CompletionCandidate> {
    let found = with_catalog(|catalog| {
        let mut slugs = Vec::new();
        catalog.scan(0, 1, None, &mut |_, record| {
            let shown = record.shown()?;
            slugs.push((shown.slug.to_string(), shown.title.to_string()));
            Ok(())
        })?;
        Ok(slugs)
    });
    let mut slugs = found.unwrap_or_default();
    slugs.sort();
    slugs
        .into_iter()
        .map(|(slug, title)| CompletionCandidate::new(slug).help(Some(title.into())))
        .collect()
}

/// Categories of the active glossary, each with its entry count.
pub fn categories() -> Vec<CompletionCandidate> {
    let found = with_catalog(|catalog| {
        let mut names = Vec::new();
        catalog.scan(0, 1, None, &mut |_, record| {
            names.push(record.shown()?.category.to_string());
            Ok(())
        })?;
        Ok(names)
    });
    counted(found.unwrap_or_default())
}

/// Tags of the active glossary, each with its entry count.
pub fn tags() -> Vec<CompletionCandidate> {
    let found = with_catalog(|catalog| {
        let mut names = Vec::new();
        let mut tagged = Vec::new();
        // The search table holds tags as keys; the entries hold them as written.
        catalog.scan(0, 1, None, &mut |i, record| {
            if record.tag_keys().next().is_some() {
                tagged.push(i);
            }
            Ok(())
        })?;
        for i in tagged {
            names.extend(catalog.entry(i)?.tags.iter().cloned());
        }
        Ok(names)
    });
    counted(found.unwrap_or_default())
}

fn counted(names: Vec<String>) -> Vec<CompletionCandidate> {
    // Names that normalise alike are one filter value; offer the first spelling.
    let mut groups: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for name in names {
        groups
            .entry(normalize(&name))
            .or_insert_with(|| (name, 0))
            .1 += 1;
    }
    groups
        .into_values()
        .map(|(name, n)| {
            let help = format!("{n} {}", if n == 1 { "entry" } else { "entries" });
            CompletionCandidate::new(name).help(Some(help.into()))
        })
        .collect()
}

/// Asks the glossary the completed command would read, through the cache as a run would, or
/// gives `None` when it cannot be loaded: a completion never prints errors into the user's
/// command line.
fn with_catalog<T>(ask: impl Fn(&dyn Catalog) -> Result<T, Error>) -> Option<T> {
    // A completion request runs as `techlead-glossary -- techlead-glossary WORDS...`.
    let words: Vec<OsString> = env::args_os().skip_while(|a| a != "--").skip(2).collect();
    let specs: Vec<SourceSpec> =
        source_specs(&words, env::var(source::SOURCES_VAR).ok().as_deref())
            .into_iter()
            // Standard input is the terminal while the user presses Tab: never wait on it.
            .filter(|spec| *spec != SourceSpec::Stdin)
            .collect();
    let mut limits = cache::Limits::from_env(
        env::var(cache::ENV_MAX).ok().as_deref(),
        env::var(cache::ENV_WAIT).ok().as_deref(),
    );
    // A Tab waits a moment for another process's build, not minutes.
    limits.wait = limits.wait.min(TAB_WAIT);
    let options = Options {
        cache: cache::enabled_by(env::var(cache::ENV_SWITCH).ok().as_deref()),
        progress: false,
        limits,
        indexed: false,
    };
    // A damaged cache file is dropped and the question asked again, as for any run.
    store::answer(&specs, options, &mut io::sink(), |catalog, _| ask(catalog)).ok()
}

/// How long a completion waits for another process building the same cache.
const TAB_WAIT: Duration = Duration::from_secs(5);

/// The sources named by `--glossary`/`-g` in the words of a command line, else by the variable,
/// else the bundled glossary: [`source::active`], as a normal run uses.
fn source_specs(words: &[OsString], variable: Option<&str>) -> Vec<SourceSpec> {
    let mut named = Vec::new();
    let mut words = words.iter().map(|w| w.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        if word == "--glossary" || word == "-g" {
            named.extend(words.next().map(|w| w.into_owned()));
        } else if let Some(value) = word.strip_prefix("--glossary=") {
            named.push(value.to_string());
        } else if let Some(value) = word.strip_prefix("-g").filter(|v| !v.is_empty()) {
            named.push(value.trim_start_matches('=').to_string());
        }
    }
    source::active(&named, variable)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(words: &[&str], variable: Option<&str>) -> Vec<SourceSpec> {
        let words: Vec<OsString> = words.iter().map(OsString::from).collect();
        source_specs(&words, variable)
    }

    #[test]
    fn glossary_flags_win_over_the_variable() {
        let path = |p: &str| SourceSpec::Path(p.into());
        assert_eq!(
            specs(
                &["show", "-g", "a.yaml", "--glossary=b", "-gc", "tech"],
                Some("x:y")
            ),
            [path("a.yaml"), path("b"), path("c")]
        );
        assert_eq!(
            specs(&["show", "tech"], Some("x::y")),
            [path("x"), path("y")]
        );
        assert_eq!(specs(&["show", "tech"], None), [SourceSpec::Builtin]);
        assert_eq!(
            specs(&["show", "--", "-g", "a"], None),
            [SourceSpec::Builtin]
        );
        assert_eq!(
            specs(&["-g", "builtin", "-g", "-"], None),
            [SourceSpec::Builtin, SourceSpec::Stdin]
        );
    }
}
