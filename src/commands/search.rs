//! `search`: ranked entries for a query, as a listing.

use std::io::Write;

use super::{Settings, Streams, emit, searching};
use crate::cli::{Filter, ListFormat};
use crate::error::{Error, Outcome, excerpt};
use crate::glossary::key::normalize;
use crate::query::search::{Query, search_in};
use crate::render::{Cell, Listing};
use crate::report;

/// What the command line asked `search` for.
pub(super) struct Asked<'a> {
    pub words: &'a [String],
    pub filter: &'a Filter,
    pub limit: usize,
    pub exact: bool,
    pub full_text: bool,
}

pub(super) fn run<O: Write, E: Write>(
    settings: &Settings,
    asked: &Asked,
    format: Option<ListFormat>,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    let text = asked.words.join(" ");
    if normalize(&text).is_empty() {
        return Err(Error::Usage(format!(
            "the query {:?} has no letters or digits to search for",
            super::clean(&excerpt(&text))
        )));
    }
    let query = Query {
        text: &text,
        category: asked.filter.category.as_deref(),
        tags: &asked.filter.tag,
        exact: asked.exact,
        full_text: asked.full_text,
    };
    searching(settings, io, |catalog, io| {
        let hits = search_in(catalog, &query, asked.limit)?;
        let mut listing = Listing::new(&["slug", "title", "category", "tier", "score"]);
        for hit in hits {
            listing.rows.push(vec![
                Cell::text(hit.slug),
                Cell::text(hit.title),
                Cell::text(hit.category),
                Cell::text(hit.tier.name()),
                Cell::Score(hit.score),
            ]);
        }
        if listing.rows.is_empty() {
            report::error(io.err, &format!("nothing matches '{}'", excerpt(&text)))?;
        }
        emit(settings, format, &listing, io)
    })
}
