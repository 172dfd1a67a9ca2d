//! `scan`: the glossary's terms a document uses, as a listing, a Glossary section to paste, or
//! each entry's title and summary; then, when asked, the abbreviations the glossary lacks.

use std::io::Write;

use super::{Settings, Streams, emit, quick};
use crate::cli::{ListFormat, ScanFormat};
use crate::error::{Error, Outcome};
use crate::glossary::Entry;
use crate::glossary::catalog::Catalog;
use crate::glossary::source::SourceSpec;
use crate::query::scan::{self, document::Document};
use crate::render::{self, Cell, Listing};
use crate::report;

pub(super) fn run<O: Write, E: Write>(
    settings: &Settings,
    paths: &[String],
    unknown: bool,
    format: Option<ScanFormat>,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    if scan::document::reads_stdin(paths) && settings.sources.contains(&SourceSpec::Stdin) {
        return Err(Error::Usage(
            "standard input cannot be both the glossary and the document; \
             give the document's path"
                .into(),
        ));
    }
    // Read before the glossary is opened: standard input cannot be read a second time should a
    // damaged cache make the scan start over.
    let documents = scan::document::read(paths)?;
    quick(settings, io, |catalog, io| {
        scan_documents(settings, catalog, &documents, unknown, format, io)
    })
}

fn scan_documents<O: Write, E: Write>(
    settings: &Settings,
    catalog: &dyn Catalog,
    documents: &[Document],
    unknown: bool,
    format: Option<ScanFormat>,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    let report = scan::scan(catalog, documents, unknown)?;
    let entries = report
        .found
        .iter()
        .map(|f| catalog.entry(f.entry))
        .collect::<Result<Vec<_>, _>>()?;
    let entries: Vec<&Entry> = entries.iter().map(|e| e.as_ref()).collect();
    let unknowns: Vec<(&str, u64, String)> = report
        .unknown
        .iter()
        .map(|u| (u.word.as_str(), u.count, u.first.to_string()))
        .collect();
    let found = !(entries.is_empty() && unknowns.is_empty());
    if !found {
        report::error(io.err, "no glossary terms found")?;
    }
    let list_format = match format {
        Some(ScanFormat::Markdown) => {
            render::markdown::write_found(io.out, &entries, &unknowns)?;
            return Ok(Outcome::found(found));
        }
        Some(ScanFormat::Text) => {
            render::text::write_found(io.out, &entries, &unknowns, settings.style)?;
            return Ok(Outcome::found(found));
        }
        Some(ScanFormat::Table) => Some(ListFormat::Table),
        Some(ScanFormat::Tsv) => Some(ListFormat::Tsv),
        Some(ScanFormat::Json) => Some(ListFormat::Json),
        Some(ScanFormat::Jsonl) => Some(ListFormat::Jsonl),
        None => None,
    };
    // Unknown abbreviations follow the entries, with an empty slug.
    let mut listing = Listing::new(&["slug", "title", "count", "first"]);
    for (f, e) in report.found.iter().zip(&entries) {
        listing.rows.push(vec![
            Cell::text(e.slug.clone()),
            Cell::text(e.title.clone()),
            Cell::Count(f.count),
            Cell::text(f.first.to_string()),
        ]);
    }
    for (word, count, first) in &unknowns {
        listing.rows.push(vec![
            Cell::text(String::new()),
            Cell::text(word.to_string()),
            Cell::Count(*count),
            Cell::text(first.clone()),
        ]);
    }
    emit(settings, list_format, &listing, io)
}
