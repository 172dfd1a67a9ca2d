//! `list`, `categories` and `tags`: listings read only what they show, a compiled glossary's
//! listing piece.

use std::cmp::Reverse;
use std::io::Write;

use super::{Settings, Streams, emit, quick};
use crate::cli::{Filter, ListFormat, SortKey};
use crate::error::{Error, Outcome};
use crate::glossary::key::normalize;
use crate::glossary::listing::{Grouping, Row};
use crate::query::search::{Filters, check_filters};
use crate::render::{Cell, Listing};
use crate::report;

pub(super) fn entries<O: Write, E: Write>(
    settings: &Settings,
    filter: &Filter,
    sort: SortKey,
    format: Option<ListFormat>,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    quick(settings, io, |catalog, io| {
        check_filters(catalog, filter.category.as_deref(), &filter.tag)?;
        let rows = catalog.rows()?;
        let rows = rows.rows()?;
        let ranks = match sort {
            SortKey::Slug => Vec::new(),
            _ => catalog.title_ranks()?,
        };
        let listing = list(&rows, &ranks, filter, sort);
        if listing.rows.is_empty() {
            report::error(io.err, "no entries match the filters")?;
        }
        emit(settings, format, &listing, io)
    })
}

pub(super) fn categories<O: Write, E: Write>(
    settings: &Settings,
    format: Option<ListFormat>,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    counted(settings, format, io, Grouping::Category, "category")
}

pub(super) fn tags<O: Write, E: Write>(
    settings: &Settings,
    format: Option<ListFormat>,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    counted(settings, format, io, Grouping::Tag, "tag")
}

/// A listing of names with how many entries have each (each entry once per name); names that
/// normalise alike are one, shown as first written.
fn counted<O: Write, E: Write>(
    settings: &Settings,
    format: Option<ListFormat>,
    io: &mut Streams<O, E>,
    grouping: Grouping,
    column: &'static str,
) -> Result<Outcome, Error> {
    quick(settings, io, |catalog, io| {
        let mut listing = Listing::new(&[column, "count"]);
        listing.rows = catalog
            .groups(grouping)?
            .into_iter()
            .map(|group| vec![Cell::text(group.name), Cell::Count(u64::from(group.count))])
            .collect();
        emit(settings, format, &listing, io)
    })
}

/// The rows that pass the filters, in the order asked for; `ranks` are the entries' places in
/// title order (unused when sorting by slug).
fn list<'a>(rows: &[Row<'a>], ranks: &[u32], filter: &Filter, sort: SortKey) -> Listing<'a> {
    let filtered = filter.category.is_some() || !filter.tag.is_empty();
    let filters = Filters::new(filter.category.as_deref(), &filter.tag);
    let mut shown: Vec<usize> = (0..rows.len())
        .filter(|&i| {
            let row = &rows[i];
            !filtered
                || filters.pass(&normalize(row.category), || {
                    row.tags.iter().map(|t| normalize(t))
                })
        })
        .collect();
    // Ties after the asked-for key go by title order, as a reader expects.
    match sort {
        SortKey::Title => shown.sort_unstable_by_key(|&i| ranks[i]),
        SortKey::Slug => shown.sort_by(|&a, &b| rows[a].slug.cmp(rows[b].slug)),
        SortKey::Category => {
            shown.sort_by_cached_key(|&i| (rows[i].category.to_lowercase(), ranks[i]))
        }
        // Newest first; undated entries last.
        SortKey::Published => shown.sort_by_key(|&i| (Reverse(rows[i].published), ranks[i])),
    }
    let mut listing = Listing::new(&["slug", "title", "category"]);
    listing.rows = shown
        .into_iter()
        .map(|i| {
            let row = &rows[i];
            vec![
                Cell::text(row.slug),
                Cell::text(row.title),
                Cell::text(row.category),
            ]
        })
        .collect();
    listing
}
