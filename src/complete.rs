//! Shell completion: the scripts `completions` prints, and the slugs, categories and tags they offer.
//!
//! The scripts are clap_complete's dynamic ones: on each Tab the shell runs the tool again with
//! [`REQUEST_VAR`] set, and the tool answers from the clap definition plus the active glossary.
//! So completions always match the installed version and the glossary in use.

use std::collections::BTreeMap;
use std::env;
use std::ffi::OsString;
use std::io::{self, Write};

use clap_complete::CompletionCandidate;
use clap_complete::env::{Elvish, EnvCompleter, Powershell};

use crate::cli::Shell;
use crate::glossary::source::{self, SourceSpec};
use crate::glossary::{Glossary, parse_source};
use crate::key::normalize;

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
    let Some(glossary) = active_glossary() else {
        return Vec::new();
    };
    let mut entries: Vec<_> = glossary.entries.iter().collect();
    entries.sort_by(|a, b| a.slug.cmp(&b.slug));
    entries
        .into_iter()
        .map(|e| CompletionCandidate::new(&e.slug).help(Some(e.title.clone().into())))
        .collect()
}

/// Categories of the active glossary, each with its entry count.
pub fn categories() -> Vec<CompletionCandidate> {
    counted(|glossary| {
        glossary
            .entries
            .iter()
            .map(|e| e.category.as_str())
            .collect()
    })
}

/// Tags of the active glossary, each with its entry count.
pub fn tags() -> Vec<CompletionCandidate> {
    counted(|glossary| {
        glossary
            .entries
            .iter()
            .flat_map(|e| e.tags.iter().map(String::as_str))
            .collect()
    })
}

fn counted(names: impl Fn(&Glossary) -> Vec<&str>) -> Vec<CompletionCandidate> {
    let Some(glossary) = active_glossary() else {
        return Vec::new();
    };
    // Names that normalise alike are one filter value; offer the first spelling.
    let mut groups: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for name in names(&glossary) {
        groups
            .entry(normalize(name))
            .or_insert_with(|| (name.to_string(), 0))
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

/// The glossary the completed command would read, or `None` when it cannot be loaded: a
/// completion never prints errors into the user's command line.
fn active_glossary() -> Option<Glossary> {
    // A completion request runs as `techlead-glossary -- techlead-glossary WORDS...`.
    let words: Vec<OsString> = env::args_os().skip_while(|a| a != "--").skip(2).collect();
    let specs = source_specs(&words, env::var(source::SOURCES_VAR).ok().as_deref());
    let mut parsed = Vec::new();
    for spec in specs {
        // Standard input is the terminal while the user presses Tab: never wait on it.
        if spec == SourceSpec::Stdin {
            continue;
        }
        for text in source::read(&spec).ok()? {
            parsed.push(parse_source(&text).ok()?);
        }
    }
    Glossary::merge(parsed).ok().map(|(glossary, _)| glossary)
}

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
