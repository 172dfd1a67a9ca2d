//! Opens the active sources for a command: the bundled glossary from the compiled form built into
//! the binary, a single file from its cache (compiled on a miss), anything else by parsing YAML.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cache::{self, Built, Subject};
use crate::error::Error;
use crate::glossary::catalog::Catalog;
use crate::glossary::compiled::{Compiled, Key, SCHEMA, Stamp};
use crate::glossary::source::{self, MAX_SOURCE_BYTES, SourceKind, SourceSpec, SourceText};
use crate::glossary::{Deduped, Glossary, parse_source};
use crate::progress::Progress;

/// The bundled glossary, validated and compiled by build.rs.
static BUNDLED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/glossary.bin"));

/// How sources may be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Read and write the cache of compiled glossaries.
    pub cache: bool,
    /// Show progress on stderr during a long first parse.
    pub progress: bool,
}

/// The bundled glossary.
pub fn bundled() -> Result<Compiled<&'static [u8]>, Error> {
    let stamp = Stamp {
        schema: SCHEMA.to_string(),
        key: None,
    };
    Compiled::open(BUNDLED, &stamp, "builtin", SourceKind::Builtin)
}

/// A glossary opened for lookups, from wherever it could be read most cheaply.
pub enum Opened {
    Bundled(Compiled<&'static [u8]>),
    Cached {
        compiled: Compiled<File>,
        folder: PathBuf,
        key: Key,
    },
    Memory(Glossary),
}

impl Opened {
    pub fn catalog(&self) -> &dyn Catalog {
        match self {
            Opened::Bundled(c) => c,
            Opened::Cached { compiled, .. } => compiled,
            Opened::Memory(g) => g,
        }
    }

    /// Drops a cache file that failed its checks while being read, so the next open rebuilds it.
    pub fn discard(&self) {
        if let Opened::Cached { folder, key, .. } = self {
            cache::discard(folder, key);
        }
    }
}

/// Opens the sources for lookups, with the warnings loading them gives. `err` receives the
/// progress line, if `options.progress` allows one.
pub fn open(
    specs: &[SourceSpec],
    options: Options,
    err: &mut dyn Write,
) -> Result<(Opened, Vec<String>), Error> {
    match specs {
        [SourceSpec::Builtin] => {
            let compiled = bundled()?;
            let warnings = warnings(&compiled);
            return Ok((Opened::Bundled(compiled), warnings));
        }
        [SourceSpec::Path(path)] if options.cache => {
            if let Some(found) = cached(path, options, err)? {
                return Ok(found);
            }
        }
        _ => {}
    }
    let (glossary, warnings) = parse_all(specs)?;
    Ok((Opened::Memory(glossary), warnings))
}

/// Loads the whole glossary, for the commands that read every entry.
pub fn load(
    specs: &[SourceSpec],
    options: Options,
    err: &mut dyn Write,
) -> Result<(Glossary, Vec<String>), Error> {
    if let [SourceSpec::Path(path)] = specs
        && options.cache
    {
        // A piece that fails its check drops the cache file; the second try rebuilds it.
        for _ in 0..2 {
            match cached(path, options, err)? {
                Some((Opened::Memory(glossary), warnings)) => return Ok((glossary, warnings)),
                Some((opened, _)) => {
                    if let Opened::Cached { compiled, .. } = &opened {
                        match compiled.to_deduped() {
                            Ok(deduped) => return Ok(Glossary::combine(vec![deduped])),
                            Err(_) => opened.discard(),
                        }
                    }
                }
                None => break,
            }
        }
    }
    parse_all(specs)
}

fn warnings<B: crate::glossary::compiled::Blob>(compiled: &Compiled<B>) -> Vec<String> {
    let name = compiled.info().name;
    compiled
        .duplicates()
        .iter()
        .map(|d| d.warning(&name))
        .collect()
}

/// One file through the cache: its compiled form when the cache holds a valid one, else
/// compiled now. `None` when the cache cannot serve it (no cache folder, not a regular file,
/// unreadable): the caller parses as before, which also gives the same errors as before.
fn cached(
    path: &Path,
    options: Options,
    err: &mut dyn Write,
) -> Result<Option<(Opened, Vec<String>)>, Error> {
    let Some(folder) = cache::folder() else {
        return Ok(None);
    };
    let name = path.display().to_string();
    // Checked before opening: opening a FIFO would wait for a writer.
    let regular = |meta: &fs::Metadata| meta.is_file() && meta.len() <= MAX_SOURCE_BYTES;
    if !fs::metadata(path).is_ok_and(|m| regular(&m)) {
        return Ok(None);
    }
    let Ok(file) = File::open(path) else {
        return Ok(None);
    };
    let Ok(meta) = file.metadata() else {
        return Ok(None);
    };
    if !regular(&meta) {
        return Ok(None);
    }
    let Some(subject) = Subject::new(path, file, &meta) else {
        return Ok(None);
    };
    if let Some(compiled) = cache::find(&folder, &subject, &name) {
        let warnings = warnings(&compiled);
        let key = subject.key;
        return Ok(Some((
            Opened::Cached {
                compiled,
                folder,
                key,
            },
            warnings,
        )));
    }
    let text = source::read_limited(&subject.file, &name)?;
    let source = SourceText {
        name: name.clone(),
        kind: SourceKind::File,
        text,
    };
    let mut progress = Progress::new(options.progress.then_some(err), &name);
    let built = cache::build(&folder, &subject, source, &mut |done, total| {
        progress.update(done, total)
    });
    progress.finish();
    match built? {
        Built::Compiled(compiled) => {
            let warnings = warnings(&compiled);
            let key = subject.key;
            Ok(Some((
                Opened::Cached {
                    compiled,
                    folder,
                    key,
                },
                warnings,
            )))
        }
        Built::NoCache(source) => {
            let parsed = parse_source(&source)?;
            let (glossary, warnings) = Glossary::merge(vec![parsed])?;
            Ok(Some((Opened::Memory(glossary), warnings)))
        }
    }
}

/// Reads and parses every source as written, in the order errors were always found: every read
/// first, then every parse, then every check; the bundled glossary comes compiled.
fn parse_all(specs: &[SourceSpec]) -> Result<(Glossary, Vec<String>), Error> {
    enum Part {
        Bundled,
        Text(SourceText),
    }
    let mut parts = Vec::new();
    for spec in specs {
        match spec {
            SourceSpec::Builtin => parts.push(Part::Bundled),
            spec => parts.extend(source::read(spec)?.into_iter().map(Part::Text)),
        }
    }
    enum Parsed {
        Ready(Deduped),
        Parsed(crate::glossary::ParsedSource),
    }
    let mut parsed = Vec::with_capacity(parts.len());
    for part in parts {
        parsed.push(match part {
            Part::Bundled => Parsed::Ready(bundled()?.to_deduped()?),
            Part::Text(text) => Parsed::Parsed(parse_source(&text)?),
        });
    }
    let deduped = parsed
        .into_iter()
        .map(|p| match p {
            Parsed::Ready(d) => Ok(d),
            Parsed::Parsed(p) => p.dedupe(),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Glossary::combine(deduped))
}
