//! Where glossary text comes from: the bundled file, paths, folders and standard input (SPEC §3).

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::error::{Error, describe_io};

/// The bundled glossary's text, for `check`; lookups read its compiled form (see `build.rs`).
pub const BUILTIN: &str = include_str!("../../data/glossary.yaml");

/// Files larger than this are refused rather than read.
pub const MAX_SOURCE_BYTES: u64 = 1 << 30;

/// One source as named on the command line or in `TECHLEAD_GLOSSARY`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceSpec {
    Builtin,
    Stdin,
    Path(PathBuf),
}

impl SourceSpec {
    /// `builtin` and `-` are words; anything else is a path.
    pub fn parse(word: &str) -> SourceSpec {
        match word {
            "builtin" => SourceSpec::Builtin,
            "-" => SourceSpec::Stdin,
            path => SourceSpec::Path(PathBuf::from(path)),
        }
    }
}

/// The variable naming the sources when no `--glossary` flag does.
pub const SOURCES_VAR: &str = "TECHLEAD_GLOSSARY";

/// The active sources: the `--glossary` words when there are any, else the `:`-separated list
/// in [`SOURCES_VAR`], else the bundled glossary.
pub fn active(flags: &[String], variable: Option<&str>) -> Vec<SourceSpec> {
    let words: Vec<&str> = if flags.is_empty() {
        variable
            .unwrap_or_default()
            .split(':')
            .filter(|p| !p.is_empty())
            .collect()
    } else {
        flags.iter().map(String::as_str).collect()
    };
    if words.is_empty() {
        vec![SourceSpec::Builtin]
    } else {
        words.into_iter().map(SourceSpec::parse).collect()
    }
}

/// What kind of source a text came from, as `sources` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Builtin,
    File,
    Stdin,
}

impl SourceKind {
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Builtin => "builtin",
            SourceKind::File => "file",
            SourceKind::Stdin => "stdin",
        }
    }
}

/// The text of one glossary file, with the name used in messages.
#[derive(Debug, Clone)]
pub struct SourceText {
    pub name: String,
    pub kind: SourceKind,
    pub text: String,
}

/// Reads one source; a folder gives each of its `*.yaml`/`*.yml` files, in name order. What
/// was passed over on the way (a folder named like a glossary file) goes to `warnings`.
pub fn read(spec: &SourceSpec, warnings: &mut Vec<String>) -> Result<Vec<SourceText>, Error> {
    match spec {
        SourceSpec::Builtin => Ok(vec![SourceText {
            name: "builtin".into(),
            kind: SourceKind::Builtin,
            text: BUILTIN.to_string(),
        }]),
        SourceSpec::Stdin => {
            let text = read_limited(io::stdin().lock(), "-")?;
            Ok(vec![SourceText {
                name: "-".into(),
                kind: SourceKind::Stdin,
                text,
            }])
        }
        SourceSpec::Path(path) => {
            let name = path.display().to_string();
            let meta = fs::metadata(path).map_err(|e| Error::source(&name, describe_io(&e)))?;
            if meta.is_dir() {
                read_folder(path, &name, warnings)
            } else {
                Ok(vec![read_file(path, &name, &meta)?])
            }
        }
    }
}

fn read_folder(
    path: &Path,
    name: &str,
    warnings: &mut Vec<String>,
) -> Result<Vec<SourceText>, Error> {
    let listing = fs::read_dir(path).map_err(|e| Error::source(name, describe_io(&e)))?;
    let mut files = Vec::new();
    for item in listing {
        let item = item.map_err(|e| Error::source(name, describe_io(&e)))?;
        let file = item.path();
        let is_yaml = file.extension().is_some_and(|x| x == "yaml" || x == "yml");
        if !is_yaml {
            continue;
        }
        // A folder named `old.yaml` is no reason to refuse the files beside it.
        if fs::metadata(&file).is_ok_and(|m| m.is_dir()) {
            warnings.push(format!(
                "{}: a folder, not a glossary file; skipped",
                file.display()
            ));
            continue;
        }
        files.push(file);
    }
    if files.is_empty() {
        return Err(Error::source(name, "the folder has no .yaml or .yml files"));
    }
    files.sort();
    files
        .iter()
        .map(|file| {
            let file_name = file.display().to_string();
            let meta =
                fs::metadata(file).map_err(|e| Error::source(&file_name, describe_io(&e)))?;
            read_file(file, &file_name, &meta)
        })
        .collect()
}

fn read_file(path: &Path, name: &str, meta: &fs::Metadata) -> Result<SourceText, Error> {
    if !meta.is_file() {
        return Err(Error::source(
            name,
            "not a regular file (a device, FIFO or socket); give a glossary file or folder",
        ));
    }
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(too_large(name));
    }
    let file = File::open(path).map_err(|e| Error::source(name, describe_io(&e)))?;
    let text = read_limited(file, name)?;
    Ok(SourceText {
        name: name.to_string(),
        kind: SourceKind::File,
        text,
    })
}

/// Reads at most [`MAX_SOURCE_BYTES`], so a growing file or an endless stream cannot run forever.
pub fn read_limited(reader: impl Read, name: &str) -> Result<String, Error> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_SOURCE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::source(name, describe_io(&e)))?;
    if bytes.len() as u64 > MAX_SOURCE_BYTES {
        return Err(too_large(name));
    }
    into_text(bytes, name)
}

/// Checks UTF-8, pointing at the first bad byte, and drops a byte-order mark: what every source's
/// bytes go through before parsing.
pub fn into_text(bytes: Vec<u8>, name: &str) -> Result<String, Error> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            Err(Error::Source {
                path: name.to_string(),
                line: Some(line),
                column: Some(column),
                message: "invalid UTF-8; glossary files must be UTF-8 text".into(),
            })
        }
    }
}

fn too_large(name: &str) -> Error {
    Error::source(
        name,
        "the file is larger than 1 GiB; split the glossary into several files",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_name_special_sources() {
        assert_eq!(SourceSpec::parse("builtin"), SourceSpec::Builtin);
        assert_eq!(SourceSpec::parse("-"), SourceSpec::Stdin);
        assert_eq!(
            SourceSpec::parse("./builtin"),
            SourceSpec::Path("./builtin".into())
        );
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let err = into_text(b"entries:\n  - title: ab\xffc\n".to_vec(), "g.yaml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "g.yaml:2:14: invalid UTF-8; glossary files must be UTF-8 text"
        );
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        assert_eq!(into_text("\u{feff}name: x".into(), "g").unwrap(), "name: x");
    }
}
