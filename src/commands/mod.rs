//! Runs one command: sources → glossary → query → results → renderer, writing to the writers given.

use std::collections::BTreeMap;
use std::io::Write;

use crate::cli::complete;
use crate::cli::manpage;
use crate::cli::{
    CheckFormat, Command, Filter, GraphFormat, ListFormat, ScanFormat, ShowFormat, SortKey,
};
use crate::error::{Error, exit};
use crate::glossary::catalog::Catalog;
use crate::glossary::key::normalize;
use crate::glossary::source::{self, SourceSpec, SourceText};
use crate::glossary::{Glossary, Lookup, Severity, SourceInfo};
use crate::query::check;
use crate::query::graph;
use crate::query::related::related;
use crate::query::scan;
use crate::query::search::{self, Query, title_order};
use crate::render::document;
use crate::render::{self, Cell, Listing, Shown, Style};
use crate::store::{self, Notes, Opened, Options};

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
    pub cache_limits: crate::store::cache::Limits,
    /// Whether stderr is a terminal, where a long first parse shows its progress.
    pub progress: bool,
}

/// Where a run writes: results, and diagnostics (errors, warnings, suggestions).
pub struct Streams<'a, O: Write, E: Write> {
    pub out: &'a mut O,
    pub err: &'a mut E,
}

/// Runs a command and returns its exit code.
pub fn run<O: Write, E: Write>(
    settings: &Settings,
    command: Command,
    io: &mut Streams<O, E>,
) -> Result<u8, Error> {
    if let Command::Check {
        paths,
        strict,
        format,
    } = &command
    {
        let specs: Vec<SourceSpec> = if paths.is_empty() {
            settings.sources.clone()
        } else {
            paths.iter().map(|p| SourceSpec::parse(p)).collect()
        };
        let mut skipped = Vec::new();
        let texts = read_all(&specs, &mut skipped)?;
        for warning in &skipped {
            writeln!(io.err, "warning: {}", clean(warning))?;
        }
        return run_check(&texts, *strict, *format, io);
    }
    // These describe the tool, not a glossary: a broken source must not stop them.
    match &command {
        Command::Completions { shell } => {
            complete::write_script(io.out, *shell, &complete::completer())?;
            return Ok(exit::OK);
        }
        Command::Manpage => {
            manpage::write(io.out)?;
            return Ok(exit::OK);
        }
        _ => {}
    }
    match command {
        Command::Show { terms, format } => quick(settings, io, |catalog, io| {
            show(catalog, &terms, format, settings.style, io)
        }),
        Command::Search {
            query,
            filter,
            limit,
            exact,
            full_text,
            output,
        } => {
            let text = query.join(" ");
            if normalize(&text).is_empty() {
                return Err(Error::Usage(format!(
                    "the query {:?} has no letters or digits to search for",
                    shorten(&text)
                )));
            }
            let query = Query {
                text: &text,
                category: filter.category.as_deref(),
                tags: &filter.tag,
                exact,
                full_text,
            };
            quick(settings, io, |catalog, io| {
                let hits = search::search_in(catalog, &query, limit)?;
                let mut listing = Listing::new(&["slug", "title", "category", "tier", "score"]);
                for hit in hits {
                    listing.rows.push(vec![
                        Cell::Text(hit.slug),
                        Cell::Text(hit.title),
                        Cell::Text(hit.category),
                        Cell::Text(hit.tier.name().into()),
                        Cell::Score(hit.score),
                    ]);
                }
                if listing.rows.is_empty() {
                    writeln!(io.err, "error: nothing matches '{}'", shorten(&text))?;
                }
                emit(settings, output.format, &listing, io)
            })
        }
        Command::Sources { output } => quick(settings, io, |catalog, io| {
            emit(
                settings,
                output.format,
                &sources_listing(&catalog.sources()),
                io,
            )
        }),
        Command::Scan {
            paths,
            unknown,
            format,
        } => {
            if scan::document::reads_stdin(&paths) && settings.sources.contains(&SourceSpec::Stdin)
            {
                return Err(Error::Usage(
                    "standard input cannot be both the glossary and the document; \
                     give the document's path"
                        .into(),
                ));
            }
            // Read before the glossary is opened: standard input cannot be read a second time
            // should a damaged cache make the scan start over.
            let documents = scan::document::read(&paths)?;
            quick(settings, io, |catalog, io| {
                scan_documents(settings, catalog, &documents, unknown, format, io)
            })
        }
        // Listings read only what they show: a compiled glossary's listing piece.
        Command::List {
            filter,
            sort,
            output,
        } => quick(settings, io, |catalog, io| {
            let entries = catalog.listing()?;
            search::check_filters(
                entries.iter().map(|e| (&e.category, &e.tags)),
                filter.category.as_deref(),
                &filter.tag,
            )?;
            let listing = list(&entries, &filter, sort);
            if listing.rows.is_empty() {
                writeln!(io.err, "error: no entries match the filters")?;
            }
            emit(settings, output.format, &listing, io)
        }),
        Command::Categories { output } => quick(settings, io, |catalog, io| {
            let entries = catalog.listing()?;
            let listing = counts(&entries, "category", |e| vec![e.category.as_str()]);
            emit(settings, output.format, &listing, io)
        }),
        Command::Tags { output } => quick(settings, io, |catalog, io| {
            let entries = catalog.listing()?;
            let listing = counts(&entries, "tag", |e| {
                e.tags.iter().map(String::as_str).collect()
            });
            emit(settings, output.format, &listing, io)
        }),
        Command::Check { .. } => unreachable!("handled above"),
        command => {
            let glossary = load(settings, io)?;
            run_full(settings, command, &glossary, io)
        }
    }
}

/// The commands that read every entry.
fn run_full<O: Write, E: Write>(
    settings: &Settings,
    command: Command,
    glossary: &Glossary,
    io: &mut Streams<O, E>,
) -> Result<u8, Error> {
    match command {
        Command::Related {
            term,
            limit,
            output,
        } => {
            let Some(index) = resolve(glossary, &term, io)? else {
                return Ok(exit::NOT_FOUND);
            };
            let mut listing = Listing::new(&["slug", "title", "category", "relation"]);
            let found = related(glossary, index);
            for (i, relation) in found
                .into_iter()
                .take(if limit == 0 { usize::MAX } else { limit })
            {
                let e = &glossary.entries[i];
                listing.rows.push(vec![
                    Cell::Text(e.slug.clone()),
                    Cell::Text(e.title.clone()),
                    Cell::Text(e.category.clone()),
                    Cell::Text(relation.name().into()),
                ]);
            }
            if listing.rows.is_empty() {
                writeln!(
                    io.err,
                    "error: no entries are related to '{}'",
                    shorten(&glossary.entries[index].slug)
                )?;
            }
            emit(settings, output.format, &listing, io)
        }
        Command::Export { format } => {
            document::write(io.out, glossary, format)?;
            Ok(exit::OK)
        }
        Command::Graph {
            term,
            depth,
            format,
        } => {
            let graph = match term {
                Some(term) => match resolve(glossary, &term, io)? {
                    Some(center) => graph::neighbourhood(glossary, center, depth),
                    None => return Ok(exit::NOT_FOUND),
                },
                None => graph::whole(glossary),
            };
            match format {
                GraphFormat::Dot => render::dot::write(io.out, glossary, &graph)?,
                GraphFormat::Mermaid => {
                    render::mermaid::write(io.out, glossary, &graph)?;
                    if graph.edges.len() > render::mermaid::DEFAULT_MAX_EDGES {
                        writeln!(
                            io.err,
                            "warning: the graph has {} edges; Mermaid draws at most {} unless its \
                             `maxEdges` setting is raised (or use --format dot, or name a TERM)",
                            graph.edges.len(),
                            render::mermaid::DEFAULT_MAX_EDGES
                        )?;
                    }
                }
            }
            Ok(exit::OK)
        }
        Command::Show { .. }
        | Command::List { .. }
        | Command::Categories { .. }
        | Command::Tags { .. }
        | Command::Search { .. }
        | Command::Sources { .. }
        | Command::Check { .. }
        | Command::Scan { .. }
        | Command::Completions { .. }
        | Command::Manpage => unreachable!("answered by `run`"),
    }
}

/// `sources` without a command: what `--show-sources` alone asks for.
pub fn run_sources<O: Write, E: Write>(
    settings: &Settings,
    io: &mut Streams<O, E>,
) -> Result<u8, Error> {
    let quiet = Settings {
        show_sources: false,
        ..settings.clone()
    };
    quick(&quiet, io, |catalog, io| {
        emit(settings, None, &sources_listing(&catalog.sources()), io)
    })
}

fn read_all(specs: &[SourceSpec], warnings: &mut Vec<String>) -> Result<Vec<SourceText>, Error> {
    let mut texts = Vec::new();
    for spec in specs {
        texts.extend(source::read(spec, warnings)?);
    }
    Ok(texts)
}

fn options(settings: &Settings) -> Options {
    Options {
        cache: settings.cache,
        progress: settings.progress,
        limits: settings.cache_limits,
    }
}

/// Loads the whole glossary for the commands that read every entry.
fn load<O: Write, E: Write>(
    settings: &Settings,
    io: &mut Streams<O, E>,
) -> Result<Glossary, Error> {
    let (glossary, found) = store::load(&settings.sources, options(settings), io.err)?;
    notes(settings, &found, &glossary.sources, io.err)?;
    Ok(glossary)
}

/// Answers a lookup command from the cheapest store of the glossary. The answer is held back
/// until it is complete: should a cache file fail a check halfway, it is dropped and the
/// question asked again (of a rebuilt cache, then of the text itself), and nothing is said twice.
fn quick<O: Write, E: Write>(
    settings: &Settings,
    io: &mut Streams<O, E>,
    answer: impl Fn(&dyn Catalog, &mut Streams<Vec<u8>, Vec<u8>>) -> Result<u8, Error>,
) -> Result<u8, Error> {
    for attempt in 0.. {
        let options = Options {
            cache: settings.cache && attempt < 2,
            ..options(settings)
        };
        let (opened, found) = store::open(&settings.sources, options, io.err)?;
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut held = Streams {
            out: &mut out,
            err: &mut err,
        };
        let catalog = opened.catalog();
        let result = notes(settings, &found, &catalog.sources(), held.err)
            .and_then(|()| answer(catalog, &mut held));
        if let (Err(Error::Cache(_)), Opened::Cached { .. }) = (&result, &opened) {
            opened.discard();
            continue;
        }
        io.err.write_all(&err)?;
        io.out.write_all(&out)?;
        return result;
    }
    unreachable!("the third attempt reads no cache")
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
        writeln!(err, "warning: {}", clean(warning))?;
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
            writeln!(
                io.err,
                "error: '{}' names several entries; use a slug:",
                shorten(term)
            )?;
            for i in many {
                let e = glossary.entry(i)?;
                writeln!(io.err, "  {}  {}", clean(&e.slug), clean(&e.title))?;
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
            writeln!(io.err, "error: no entry '{}'", shorten(term))?;
            let suggestions = search::suggestions_in(glossary, term, 5)?;
            if !suggestions.is_empty() {
                let names: Vec<String> = suggestions.iter().map(|h| clean(&h.slug)).collect();
                writeln!(io.err, "help: did you mean: {}?", names.join(", "))?;
            }
            Ok(None)
        }
    }
}

/// Runs of words given as separate terms, at least one of them unknown, that name an entry when
/// joined: `show technical lead` meant `show "technical lead"`. Longest runs first, left to right.
fn unquoted_terms<C: Catalog + ?Sized>(
    glossary: &C,
    terms: &[String],
    missing: &[&str],
) -> Result<Vec<String>, Error> {
    let mut runs = Vec::new();
    if missing.is_empty() {
        return Ok(runs);
    }
    let mut start = 0;
    while start < terms.len() {
        let mut next = start + 1;
        for end in (start + 2..=terms.len()).rev() {
            let run = &terms[start..end];
            if !run.iter().any(|t| missing.contains(&t.as_str())) {
                continue;
            }
            let words = run.join(" ");
            if matches!(glossary.lookup(&words)?, Lookup::Found(_)) {
                runs.push(words);
                next = end;
                break;
            }
        }
        start = next;
    }
    Ok(runs)
}

fn show<C: Catalog + ?Sized, O: Write, E: Write>(
    glossary: &C,
    terms: &[String],
    format: ShowFormat,
    style: Style,
    io: &mut Streams<O, E>,
) -> Result<u8, Error> {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let mut code = exit::OK;
    for term in terms {
        match resolve(glossary, term, io)? {
            Some(i) => found.push(i),
            None => {
                code = exit::NOT_FOUND;
                missing.push(term.as_str());
            }
        }
    }
    for words in unquoted_terms(glossary, terms, &missing)? {
        writeln!(
            io.err,
            "help: did you mean \"{}\"? Quote a term that has spaces.",
            shorten(&words)
        )?;
    }
    // Each entry with the entries its `related` list resolves to, read before rendering.
    let mut read = Vec::with_capacity(found.len());
    for &i in &found {
        let related = glossary
            .related_of(i)?
            .into_iter()
            .map(|j| glossary.entry(j))
            .collect::<Result<Vec<_>, _>>()?;
        read.push((glossary.entry(i)?, related));
    }
    let shown: Vec<Shown> = read
        .iter()
        .map(|(entry, related)| Shown {
            entry,
            related: related
                .iter()
                .map(|r| (r.slug.as_str(), r.title.as_str()))
                .collect(),
        })
        .collect();
    let one = terms.len() == 1;
    match format {
        ShowFormat::Text | ShowFormat::Markdown => {
            for (n, s) in shown.iter().enumerate() {
                if n > 0 {
                    writeln!(io.out)?;
                }
                if format == ShowFormat::Text {
                    render::text::write_entry(io.out, s, style)?;
                } else {
                    render::markdown::write_entry(io.out, s)?;
                }
            }
        }
        ShowFormat::Json => {
            let entries: Vec<_> = shown.iter().map(|s| s.entry).collect();
            match (one, entries.as_slice()) {
                (true, [entry]) => render::json::write_value(io.out, entry)?,
                (true, _) => {}
                (false, _) => render::json::write_value(io.out, &entries)?,
            }
        }
        ShowFormat::Yaml => {
            let entries: Vec<_> = shown.iter().map(|s| s.entry).collect();
            match (one, entries.as_slice()) {
                (true, [entry]) => render::yaml::write_value(io.out, entry)?,
                (true, _) => {}
                (false, _) => render::yaml::write_value(io.out, &entries)?,
            }
        }
    }
    Ok(code)
}

fn list(entries: &[crate::glossary::Entry], filter: &Filter, sort: SortKey) -> Listing {
    let filters = search::Filters::new(filter.category.as_deref(), &filter.tag);
    let mut entries: Vec<_> = entries
        .iter()
        .filter(|e| {
            filters.pass(&normalize(&e.category), || {
                e.tags.iter().map(|t| normalize(t))
            })
        })
        .collect();
    entries.sort_by(|a, b| match sort {
        SortKey::Title => title_order(a, b),
        SortKey::Slug => a.slug.cmp(&b.slug),
        SortKey::Category => a
            .category
            .to_lowercase()
            .cmp(&b.category.to_lowercase())
            .then_with(|| title_order(a, b)),
        // Newest first; undated entries last.
        SortKey::Published => b
            .published
            .cmp(&a.published)
            .then_with(|| title_order(a, b)),
    });
    let mut listing = Listing::new(&["slug", "title", "category"]);
    for e in entries {
        listing.rows.push(vec![
            Cell::Text(e.slug.clone()),
            Cell::Text(e.title.clone()),
            Cell::Text(e.category.clone()),
        ]);
    }
    listing
}

/// Counts entries per name; names that normalise alike are one, shown as first written.
fn counts(
    entries: &[crate::glossary::Entry],
    column: &'static str,
    names: impl Fn(&crate::glossary::Entry) -> Vec<&str>,
) -> Listing {
    let mut groups: BTreeMap<String, (String, u64)> = BTreeMap::new();
    for e in entries {
        let mut keys: Vec<(String, &str)> =
            names(e).into_iter().map(|n| (normalize(n), n)).collect();
        keys.sort();
        keys.dedup_by(|a, b| a.0 == b.0);
        for (key, name) in keys {
            groups.entry(key).or_insert_with(|| (name.to_string(), 0)).1 += 1;
        }
    }
    let mut rows: Vec<(String, u64)> = groups.into_values().collect();
    rows.sort_by(|a, b| {
        a.0.to_lowercase()
            .cmp(&b.0.to_lowercase())
            .then_with(|| a.0.cmp(&b.0))
    });
    let mut listing = Listing::new(&[column, "count"]);
    listing.rows = rows
        .into_iter()
        .map(|(name, n)| vec![Cell::Text(name), Cell::Count(n)])
        .collect();
    listing
}

fn sources_listing(sources: &[SourceInfo]) -> Listing {
    let mut listing = Listing::new(&["path", "kind", "entries"]);
    for s in sources {
        listing.rows.push(vec![
            Cell::Text(s.name.clone()),
            Cell::Text(s.kind.name().into()),
            Cell::Count(s.entries as u64),
        ]);
    }
    listing
}

/// Writes a listing in the chosen format (tables on a terminal, TSV otherwise); an empty
/// listing means nothing was found.
fn emit<O: Write, E: Write>(
    settings: &Settings,
    format: Option<ListFormat>,
    listing: &Listing,
    io: &mut Streams<O, E>,
) -> Result<u8, Error> {
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
    Ok(if listing.rows.is_empty() {
        exit::NOT_FOUND
    } else {
        exit::OK
    })
}

fn run_check<O: Write, E: Write>(
    sources: &[SourceText],
    strict: bool,
    format: CheckFormat,
    io: &mut Streams<O, E>,
) -> Result<u8, Error> {
    let findings = check::check(sources);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let count = format!(
        "checked {}: {}, {}",
        plural(sources.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    match format {
        CheckFormat::Text | CheckFormat::Github => {
            for finding in &findings {
                if format == CheckFormat::Text {
                    writeln!(io.out, "{}", clean(&finding.to_string()))?;
                } else {
                    render::findings::write_github(io.out, finding)?;
                }
            }
            // GitHub shows lines that are not workflow commands as they are.
            writeln!(io.out, "{count}")?;
        }
        CheckFormat::Json => {
            render::findings::write_json(io.out, &findings)?;
            writeln!(io.err, "{count}")?;
        }
        CheckFormat::Sarif => {
            render::findings::write_sarif(io.out, &findings)?;
            writeln!(io.err, "{count}")?;
        }
    }
    let failed = errors > 0 || (strict && warnings > 0);
    Ok(if failed { exit::NOT_FOUND } else { exit::OK })
}

/// `scan`: the terms the documents use, as a listing, a Glossary section to paste, or each
/// entry's title and summary; then, when asked, the abbreviations the glossary lacks.
fn scan_documents<O: Write, E: Write>(
    settings: &Settings,
    catalog: &dyn Catalog,
    documents: &[scan::document::Document],
    unknown: bool,
    format: Option<ScanFormat>,
    io: &mut Streams<O, E>,
) -> Result<u8, Error> {
    let report = scan::scan(catalog, documents, unknown)?;
    let entries = report
        .found
        .iter()
        .map(|f| catalog.entry(f.entry))
        .collect::<Result<Vec<_>, _>>()?;
    let entries: Vec<&crate::glossary::Entry> = entries.iter().map(|e| e.as_ref()).collect();
    let unknowns: Vec<(&str, u64, String)> = report
        .unknown
        .iter()
        .map(|u| (u.word.as_str(), u.count, u.first.to_string()))
        .collect();
    if entries.is_empty() && unknowns.is_empty() {
        writeln!(io.err, "error: no glossary terms found")?;
    }
    let list = match format {
        Some(ScanFormat::Markdown) => {
            render::markdown::write_found(io.out, &entries, &unknowns)?;
            None
        }
        Some(ScanFormat::Text) => {
            render::text::write_found(io.out, &entries, &unknowns, settings.style)?;
            None
        }
        Some(ScanFormat::Table) => Some(Some(ListFormat::Table)),
        Some(ScanFormat::Tsv) => Some(Some(ListFormat::Tsv)),
        Some(ScanFormat::Json) => Some(Some(ListFormat::Json)),
        Some(ScanFormat::Jsonl) => Some(Some(ListFormat::Jsonl)),
        None => Some(None),
    };
    if let Some(list_format) = list {
        // Unknown abbreviations follow the entries, with an empty slug.
        let mut listing = Listing::new(&["slug", "title", "count", "first"]);
        for (f, e) in report.found.iter().zip(&entries) {
            listing.rows.push(vec![
                Cell::Text(e.slug.clone()),
                Cell::Text(e.title.clone()),
                Cell::Count(f.count),
                Cell::Text(f.first.to_string()),
            ]);
        }
        for (word, count, first) in &unknowns {
            listing.rows.push(vec![
                Cell::Text(String::new()),
                Cell::Text(word.to_string()),
                Cell::Count(*count),
                Cell::Text(first.clone()),
            ]);
        }
        return emit(settings, list_format, &listing, io);
    }
    Ok(if entries.is_empty() && unknowns.is_empty() {
        exit::NOT_FOUND
    } else {
        exit::OK
    })
}

/// Untrusted text for a diagnostic line.
fn clean(text: &str) -> String {
    render::escape::escape_controls(text, false).into_owned()
}

/// A term for a message: escaped, and cut short if it is very long.
fn shorten(text: &str) -> String {
    clean(&crate::error::excerpt(text))
}
