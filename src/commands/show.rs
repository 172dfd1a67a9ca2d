//! `show`: entries by name, rendered whole.

use std::io::Write;

use super::{Settings, Streams, quick, resolve};
use crate::cli::ShowFormat;
use crate::error::{Error, Outcome, excerpt};
use crate::glossary::Lookup;
use crate::glossary::catalog::Catalog;
use crate::render::{self, Shown, Style};
use crate::report;

pub(super) fn run<O: Write, E: Write>(
    settings: &Settings,
    terms: &[String],
    format: ShowFormat,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    quick(settings, io, |catalog, io| {
        show(catalog, terms, format, settings.style, io)
    })
}

fn show<C: Catalog + ?Sized, O: Write, E: Write>(
    glossary: &C,
    terms: &[String],
    format: ShowFormat,
    style: Style,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for term in terms {
        match resolve(glossary, term, io)? {
            Some(i) => found.push(i),
            None => missing.push(term.as_str()),
        }
    }
    for words in unquoted_terms(glossary, terms, &missing)? {
        report::help(
            io.err,
            &format!(
                "did you mean \"{}\"? Quote a term that has spaces.",
                excerpt(&words)
            ),
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
    write(io.out, &shown, format, style, terms.len() == 1)?;
    Ok(Outcome::found(missing.is_empty()))
}

/// The entries in `format`; `one` when a single term was asked for, so JSON and YAML give the
/// entry itself rather than a list of one.
fn write(
    out: &mut impl Write,
    shown: &[Shown],
    format: ShowFormat,
    style: Style,
    one: bool,
) -> Result<(), Error> {
    match format {
        ShowFormat::Text | ShowFormat::Markdown => {
            for (n, s) in shown.iter().enumerate() {
                if n > 0 {
                    writeln!(out)?;
                }
                if format == ShowFormat::Text {
                    render::text::write_entry(out, s, style)?;
                } else {
                    render::markdown::write_entry(out, s)?;
                }
            }
        }
        ShowFormat::Json | ShowFormat::Yaml => {
            let entries: Vec<_> = shown.iter().map(|s| s.entry).collect();
            let json = format == ShowFormat::Json;
            match (one, entries.as_slice()) {
                (true, [entry]) if json => render::json::write_value(out, entry)?,
                (true, [entry]) => render::yaml::write_value(out, entry)?,
                (true, _) => {}
                (false, _) if json => render::json::write_value(out, &entries)?,
                (false, _) => render::yaml::write_value(out, &entries)?,
            }
        }
    }
    Ok(())
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
