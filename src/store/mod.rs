//! Opens the active sources for a command: the bundled glossary from the compiled form built into
//! the binary, a single file from its cache (compiled on a miss), anything else by parsing YAML.

pub mod cache;
pub mod progress;

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::error::Error;
use crate::glossary::catalog::Catalog;
use crate::glossary::compiled::{Compiled, FileId, SCHEMA, Stamp};
use crate::glossary::source::{self, SourceKind, SourceSpec, SourceText};
use crate::glossary::{Deduped, Glossary, parse_source};
use crate::store::progress::Progress;
use cache::{Built, Cache, Limits, Subject};

/// The bundled glossary, validated and compiled by build.rs.
static BUNDLED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/glossary.bin"));

/// How sources may be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Read and write the cache of compiled glossaries.
    pub cache: bool,
    /// Show progress on stderr during a long first parse.
    pub progress: bool,
    /// The cache's size cap and how long to wait for another process's build.
    pub limits: Limits,
    /// The command searches: a cache file needs the search index, which a first `show` leaves
    /// out (it costs about as much again as the rest of the compile).
    pub indexed: bool,
}

/// What opening the sources has to say besides the glossary: warnings for every run, and why
/// the cache could not be used, for `--show-sources`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Notes {
    pub warnings: Vec<String>,
    /// Set when the cache was wanted for a file but could not be written.
    pub cache_off: Option<String>,
}

impl Notes {
    fn warnings(warnings: Vec<String>) -> Notes {
        Notes {
            warnings,
            cache_off: None,
        }
    }
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
        cache: Cache,
        key: FileId,
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

    /// For a cache file: how to drop it should it fail its checks while being read, so that
    /// the next open rebuilds it.
    fn discarder(&self) -> Option<(Cache, FileId)> {
        match self {
            Opened::Cached { cache, key, .. } => Some((cache.clone(), key.clone())),
            _ => None,
        }
    }
}

/// Opens the sources for lookups, with the warnings loading them gives. `err` receives the
/// progress line, if `options.progress` allows one.
pub fn open(
    specs: &[SourceSpec],
    options: Options,
    err: &mut dyn Write,
) -> Result<(Opened, Notes), Error> {
    match specs {
        [SourceSpec::Builtin] => {
            let compiled = bundled()?;
            let warnings = warnings(&compiled);
            return Ok((Opened::Bundled(compiled), Notes::warnings(warnings)));
        }
        [SourceSpec::Path(path)] if options.cache => {
            if let Some(found) = cached(path, options, err)? {
                return Ok(found);
            }
        }
        _ => {}
    }
    let (glossary, warnings) = parse_all(specs)?;
    Ok((Opened::Memory(glossary), Notes::warnings(warnings)))
}

/// Answers a question from the cheapest store of the glossary: see [`retrying`].
pub fn answer<T>(
    specs: &[SourceSpec],
    options: Options,
    err: &mut dyn Write,
    mut ask: impl FnMut(&dyn Catalog, Notes) -> Result<T, Error>,
) -> Result<T, Error> {
    retrying(specs, options, err, |opened, notes| {
        ask(opened.catalog(), notes)
    })
}

/// The one retry policy: a cache file that fails a check while `work` reads it is dropped, and
/// the work done again, first on a rebuilt cache file, then on the glossary's own text, which
/// has no cache to fail. `work` should hold its answer back until it is complete, so that
/// nothing is said twice.
fn retrying<T>(
    specs: &[SourceSpec],
    options: Options,
    err: &mut dyn Write,
    mut work: impl FnMut(Opened, Notes) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut attempt = 0;
    let mut indexed = options.indexed;
    loop {
        let options = Options {
            cache: options.cache && attempt < 2,
            indexed,
            ..options
        };
        let (opened, notes) = open(specs, options, err)?;
        let damaged = opened.discarder();
        match (work(opened, notes), damaged) {
            (Err(Error::Cache(_)), Some((cache, key))) => {
                cache.discard(&key);
                attempt += 1;
            }
            // A search of a cache file written without the search index: again, with it.
            (Err(Error::Unindexed), _) if !indexed => indexed = true,
            (result, _) => return result,
        }
    }
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
/// compiled now, by this process or (when another holds the entry's lock) by that one. `None`
/// when the cache cannot serve it (no cache folder, not a regular file, unreadable): the caller
/// parses as before, which also gives the same errors as before.
fn cached(
    path: &Path,
    options: Options,
    err: &mut dyn Write,
) -> Result<Option<(Opened, Notes)>, Error> {
    let Some(folder) = cache::folder() else {
        return Ok(None);
    };
    let cache = Cache::new(folder, options.limits);
    let name = path.display().to_string();
    let Some(subject) = Subject::open(path) else {
        return Ok(None);
    };
    let found = |compiled: Compiled<File>, cache: Cache, cache_off: Option<String>| {
        let notes = Notes {
            warnings: warnings(&compiled),
            cache_off,
        };
        let key = subject.key.clone();
        Some((
            Opened::Cached {
                compiled,
                cache,
                key,
            },
            notes,
        ))
    };
    let wanted = |compiled: &Compiled<File>| !options.indexed || compiled.has_index();
    if let Some(compiled) = cache.find(&subject, &name)
        && wanted(&compiled)
    {
        return Ok(found(compiled, cache, None));
    }
    let mut progress = Progress::new(options.progress.then_some(err), &name);
    // Another process may be building it: wait for its result rather than build it twice.
    let permit = cache.lock(&subject, &mut || progress.update(0, 0));
    if permit.is_ok()
        && let Some(compiled) = cache.find(&subject, &name)
    {
        if wanted(&compiled) {
            progress.finish();
            drop(permit);
            return Ok(found(compiled, cache, None));
        }
        // Written by a first `show`: written again with the search index, from the compiled
        // entries rather than the text.
        let made = cache.index(&subject, &compiled, &name, permit);
        progress.finish();
        return match made {
            // A damaged piece, found while reading every entry: dropped, and compiled anew from
            // the text (the file is gone, so this cannot come back here).
            Err(Error::Cache(_)) => {
                cache.discard(&subject.key);
                drop((compiled, progress));
                cached(path, options, err)
            }
            Err(e) => Err(e),
            Ok(Ok(compiled)) => Ok(found(compiled, cache, None)),
            Ok(Err(why)) => {
                let (glossary, warnings) = Glossary::combine(vec![compiled.to_deduped()?]);
                Ok(Some((
                    Opened::Memory(glossary),
                    Notes {
                        warnings,
                        cache_off: Some(why),
                    },
                )))
            }
        };
    }
    let cache_off = permit.as_ref().err().cloned();
    let text = match source::read_limited(&subject.file, &name) {
        Ok(text) => text,
        Err(e) => {
            progress.finish();
            return Err(e);
        }
    };
    let source = SourceText {
        name: name.clone(),
        kind: SourceKind::File,
        text,
    };
    let built = cache.build(
        &subject,
        source,
        permit,
        options.indexed,
        &mut |done, total| progress.update(done, total),
    );
    progress.finish();
    match built? {
        Built::Compiled(compiled) => Ok(found(compiled, cache, cache_off)),
        Built::NoCache(source, why) => {
            let parsed = parse_source(&source)?;
            let (glossary, warnings) = Glossary::merge(vec![parsed])?;
            Ok(Some((
                Opened::Memory(glossary),
                Notes {
                    warnings,
                    cache_off: Some(why),
                },
            )))
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
    let mut skipped = Vec::new();
    for spec in specs {
        match spec {
            SourceSpec::Builtin => parts.push(Part::Bundled),
            spec => parts.extend(
                source::read(spec, &mut skipped)?
                    .into_iter()
                    .map(Part::Text),
            ),
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
    let (glossary, warnings) = Glossary::combine(deduped);
    skipped.extend(warnings);
    Ok((glossary, skipped))
}
