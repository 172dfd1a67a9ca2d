//! `related`: an entry's links, backlinks and similar entries, as a listing.

use std::io::Write;

use super::{Settings, Streams, emit, quick, resolve};
use crate::cli::ListFormat;
use crate::error::{Error, Outcome, excerpt};
use crate::glossary::listing::Rows;
use crate::query::related::related;
use crate::render::{Cell, Listing};
use crate::report;

pub(super) fn run<O: Write, E: Write>(
    settings: &Settings,
    term: &str,
    limit: usize,
    format: Option<ListFormat>,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    quick(settings, io, |catalog, io| {
        let Some(index) = resolve(catalog, term, io)? else {
            return Ok(Outcome::NothingFound);
        };
        let found = related(catalog, index, limit)?;
        let mut listing = Listing::new(&["slug", "title", "category", "relation"]);
        // A long list reads the listing once; a short one reads just its entries.
        let rows = if found.len() > 64 {
            Some(catalog.rows()?)
        } else {
            None
        };
        let rows = rows.as_ref().map(Rows::rows).transpose()?;
        for (i, relation) in found {
            let cells = match &rows {
                Some(rows) => [rows[i].slug, rows[i].title, rows[i].category].map(String::from),
                None => {
                    let e = catalog.entry(i)?;
                    [e.slug.clone(), e.title.clone(), e.category.clone()]
                }
            };
            let [slug, title, category] = cells;
            listing.rows.push(vec![
                Cell::text(slug),
                Cell::text(title),
                Cell::text(category),
                Cell::text(relation.name()),
            ]);
        }
        if listing.rows.is_empty() {
            let slug = excerpt(&catalog.entry(index)?.slug);
            report::error(io.err, &format!("no entries are related to '{slug}'"))?;
        }
        emit(settings, format, &listing, io)
    })
}
