//! Runs one command: sources → glossary → query → results → renderer, writing to the writers
//! given. One dispatch, [`run`], hands each command to its own file.

mod check;
mod export;
mod graph;
mod list;
mod related;
mod scan;
mod search;
mod show;
mod sources;

use std::io::Write;

use crate::cli::{Command, ListFormat, complete, manpage};
use crate::error::{Error, Outcome, excerpt};
use crate::glossary::catalog::Catalog;
use crate::glossary::source::SourceSpec;
use crate::glossary::{Lookup, SourceInfo};
use crate::query::search::suggestions_in;
use crate::render::{self, Listing, Style};
use crate::report;
use crate::store::{self, Notes, Options};

/// Everything decided before any work: where to read, and what the terminal is.
#[derive(Debug, Clone)]
pub struct Settings {
    pub sources: Vec<SourceSpec>,
    /// For text and tables: colour and wrapping width.
    pub style: Style,
    /// Whether stdout is a terminal (tables by default) or not (TSV).
    pub stdout_is_terminal: bool,
    pub show_sources: bool,
    /// Read and write the cache of compiled glossaries (`--no-cache`, `TECHLEAD_GLOSSARY_CACHE`).
    pub cache: bool,
    /// The cache's size cap and wait for another's build (`TECHLEAD_GLOSSARY_CACHE_MAX`, `_WAIT`).
    pub cache_limits: store::cache::Limits,
    /// Whether stderr is a terminal, where a long first parse shows its progress.
    pub progress: bool,
}

/// Where a run writes: results, and diagnostics (errors, warnings, suggestions).
pub struct Streams<'a, O: Write, E: Write> {
    pub out: &'a mut O,
    pub err: &'a mut E,
}

/// Runs a command (none: what `--show-sources` alone asks for) and says how it ended.
pub fn run<O: Write, E: Write>(
    settings: &Settings,
    command: Option<Command>,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    let Some(command) = command else {
        return sources::alone(settings, io);
    };
    match command {
        Command::Show { terms, format } => show::run(settings, &terms, format, io),
        Command::Search {
            query,
            filter,
            limit,
            exact,
            full_text,
            output,
        } => search::run(
            settings,
            &search::Asked {
                words: &query,
                filter: &filter,
                limit,
                exact,
                full_text,
            },
            output.format,
            io,
        ),
        Command::List {
            filter,
            sort,
            output,
        } => list::entries(settings, &filter, sort, output.format, io),
        Command::Categories { output } => list::categories(settings, output.format, io),
        Command::Tags { output } => list::tags(settings, output.format, io),
        Command::Related {
            term,
            limit,
            output,
        } => related::run(settings, &term, limit, output.format, io),
        Command::Scan {
            paths,
            unknown,
            format,
        } => scan::run(settings, &paths, unknown, format, io),
        Command::Check {
            paths,
            strict,
            format,
        } => check::run(settings, &paths, strict, format, io),
        Command::Sources { output } => sources::run(settings, output.format, io),
        Command::Export { format } => export::run(settings, format, io),
        Command::Graph {
            term,
            depth,
            format,
        } => graph::run(settings, term.as_deref(), depth, format, io),
        // These describe the tool, not a glossary: a broken source must not stop them.
        Command::Completions { shell } => {
            complete::write_script(io.out, shell, &complete::completer())?;
            Ok(Outcome::Success)
        }
        Command::Manpage => {
            manpage::write(io.out)?;
            Ok(Outcome::Success)
        }
    }
}

fn options(settings: &Settings) -> Options {
    Options {
        cache: settings.cache,
        progress: settings.progress,
        limits: settings.cache_limits,
        indexed: false,
    }
}

/// Answers a lookup command from the cheapest store of the glossary. The answer is held back
/// until it is complete: should a cache file fail a check halfway, the store asks again (see
/// [`store::answer`]), and nothing is said twice.
fn quick<O: Write, E: Write>(
    settings: &Settings,
    io: &mut Streams<O, E>,
    answer: impl Fn(&dyn Catalog, &mut Streams<Vec<u8>, Vec<u8>>) -> Result<Outcome, Error>,
) -> Result<Outcome, Error> {
    asked(settings, options(settings), io, answer)
}

/// [`quick`] for a command that searches: a cache file is opened with its search index.
fn searching<O: Write, E: Write>(
    settings: &Settings,
    io: &mut Streams<O, E>,
    answer: impl Fn(&dyn Catalog, &mut Streams<Vec<u8>, Vec<u8>>) -> Result<Outcome, Error>,
) -> Result<Outcome, Error> {
    let options = Options {
        indexed: true,
        ..options(settings)
    };
    asked(settings, options, io, answer)
}

fn asked<O: Write, E: Write>(
    settings: &Settings,
    options: Options,
    io: &mut Streams<O, E>,
    answer: impl Fn(&dyn Catalog, &mut Streams<Vec<u8>, Vec<u8>>) -> Result<Outcome, Error>,
) -> Result<Outcome, Error> {
    let (result, out, err) =
        store::answer(&settings.sources, options, io.err, |catalog, found| {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let mut held = Streams {
                out: &mut out,
                err: &mut err,
            };
            let result = notes(settings, &found, &catalog.sources(), held.err)
                .and_then(|()| answer(catalog, &mut held));
            match result {
                Err(Error::Cache(why)) => Err(Error::Cache(why)),
                Err(Error::Unindexed) => Err(Error::Unindexed),
                result => Ok((result, out, err)),
            }
        })?;
    io.err.write_all(&err)?;
    io.out.write_all(&out)?;
    result
}

/// Answers a command whose output grows with the glossary (`export`, `graph`) from the
/// cheapest store of the glossary, writing the output as it is made instead of holding it.
/// Diagnostics are held as [`quick`] holds them. Should a cache file fail a check before the
/// first byte is written, the store asks again; after it, asking again would say part of the
/// output twice, so the run fails instead. Such commands read every piece they need before
/// they write, so only a cache file changed under a running command gets that far.
fn streamed<O: Write, E: Write>(
    settings: &Settings,
    io: &mut Streams<O, E>,
    answer: impl Fn(&dyn Catalog, &mut Streams<Tally<'_, O>, Vec<u8>>) -> Result<Outcome, Error>,
) -> Result<Outcome, Error> {
    let Streams { out, err } = io;
    let (result, held) = store::answer(
        &settings.sources,
        options(settings),
        *err,
        |catalog, found| {
            let mut held = Vec::new();
            let mut out = Tally {
                out: &mut **out,
                written: false,
            };
            let result = notes(settings, &found, &catalog.sources(), &mut held).and_then(|()| {
                answer(
                    catalog,
                    &mut Streams {
                        out: &mut out,
                        err: &mut held,
                    },
                )
            });
            match result {
                Err(Error::Cache(why)) if !out.written => Err(Error::Cache(why)),
                // A did-you-mean needs the search index; it comes before any output.
                Err(Error::Unindexed) if !out.written => Err(Error::Unindexed),
                Err(Error::Cache(why)) => {
                    let name = catalog
                        .sources()
                        .first()
                        .map(|s| s.name.clone())
                        .unwrap_or_default();
                    let message = format!(
                        "its cache file failed a check while the output was being written \
                         ({why}); run the command again"
                    );
                    Ok((Err(Error::source(&name, message)), held))
                }
                result => Ok((result, held)),
            }
        },
    )?;
    err.write_all(&held)?;
    result
}

/// A writer that notes whether anything has been written through it.
struct Tally<'a, W: Write> {
    out: &'a mut W,
    written: bool,
}

impl<W: Write> Write for Tally<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.written |= !buf.is_empty();
        self.out.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Warnings from loading, then the sources when `--show-sources` asks for them, and why the
/// cache is off when it could not be used.
fn notes(
    settings: &Settings,
    found: &Notes,
    sources: &[SourceInfo],
    err: &mut impl Write,
) -> Result<(), Error> {
    for warning in &found.warnings {
        report::warning(err, warning)?;
    }
    if settings.show_sources {
        for s in sources {
            writeln!(
                err,
                "source: {} ({}, {} entries)",
                clean(&s.name),
                s.kind.name(),
                s.entries
            )?;
        }
        if let Some(why) = &found.cache_off {
            writeln!(err, "cache: off: {}", clean(why))?;
        }
    }
    Ok(())
}

/// Finds one entry for a command, or explains on stderr why not.
fn resolve<C: Catalog + ?Sized, O: Write, E: Write>(
    glossary: &C,
    term: &str,
    io: &mut Streams<O, E>,
) -> Result<Option<usize>, Error> {
    match glossary.lookup(term)? {
        Lookup::Found(i) => Ok(Some(i)),
        Lookup::Ambiguous(many) => {
            report::error(
                io.err,
                &format!("'{}' names several entries; use a slug:", excerpt(term)),
            )?;
            for i in many {
                let e = glossary.entry(i)?;
                report::detail(io.err, &format!("{}  {}", e.slug, e.title))?;
            }
            Ok(None)
        }
        Lookup::Missing => {
            // A plural finds the entry its singular names (`show runbooks`), and a name written
            // as two words the entry of the one word (`show "road map"`).
            for name in crate::glossary::key::other_spellings(term) {
                if let Lookup::Found(i) = glossary.lookup(&name)? {
                    return Ok(Some(i));
                }
            }
            report::error(io.err, &format!("no entry '{}'", excerpt(term)))?;
            let suggestions = suggestions_in(glossary, term, 5)?;
            if !suggestions.is_empty() {
                let names: Vec<String> = suggestions.iter().map(|h| clean(&h.slug)).collect();
                report::help(io.err, &format!("did you mean: {}?", names.join(", ")))?;
            }
            Ok(None)
        }
    }
}

/// Writes a listing in the chosen format (tables on a terminal, TSV otherwise); an empty
/// listing means nothing was found.
fn emit<O: Write, E: Write>(
    settings: &Settings,
    format: Option<ListFormat>,
    listing: &Listing,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    let format = format.unwrap_or(if settings.stdout_is_terminal {
        ListFormat::Table
    } else {
        ListFormat::Tsv
    });
    match format {
        ListFormat::Table if listing.rows.is_empty() => {}
        ListFormat::Table => render::table::write(io.out, listing, settings.style)?,
        ListFormat::Tsv => render::tsv::write(io.out, listing)?,
        ListFormat::Json => render::json::write_array(io.out, listing)?,
        ListFormat::Jsonl => render::json::write_lines(io.out, listing)?,
    }
    Ok(Outcome::found(!listing.rows.is_empty()))
}

/// Untrusted text for a line that is not a diagnostic (the `source:` lines, check's findings).
fn clean(text: &str) -> String {
    crate::escape::escape_controls(text, false).into_owned()
}
