//! `related`: an entry's links, backlinks and similar entries, as a listing.

use std::io::Write;

use super::{Settings, Streams, emit, load, resolve};
use crate::cli::ListFormat;
use crate::error::{Error, Outcome, excerpt};
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
    let glossary = load(settings, io)?;
    let Some(index) = resolve(&glossary, term, io)? else {
        return Ok(Outcome::NothingFound);
    };
    let mut listing = Listing::new(&["slug", "title", "category", "relation"]);
    let found = related(&glossary, index);
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
        let slug = excerpt(&glossary.entries[index].slug);
        report::error(io.err, &format!("no entries are related to '{slug}'"))?;
    }
    emit(settings, format, &listing, io)
}
