//! `list`, `categories` and `tags`: listings read only what they show, a compiled glossary's
//! listing piece.

use std::cmp::Reverse;
use std::io::Write;

use super::{Settings, Streams, emit, quick};
use crate::cli::{Filter, ListFormat, SortKey};
use crate::error::{Error, Outcome};
use crate::glossary::Entry;
use crate::glossary::key::normalize;
use crate::glossary::order::group_by_name;
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
        let entries = catalog.listing()?;
        check_filters(
            entries.iter().map(|e| (&e.category, &e.tags)),
            filter.category.as_deref(),
            &filter.tag,
        )?;
        let listing = list(&entries, filter, sort);
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
    counted(settings, format, io, "category", |e| {
        vec![e.category.as_str()]
    })
}

pub(super) fn tags<O: Write, E: Write>(
    settings: &Settings,
    format: Option<ListFormat>,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    counted(settings, format, io, "tag", |e| {
        e.tags.iter().map(String::as_str).collect()
    })
}

/// A listing of names with how many entries have each.
fn counted<O: Write, E: Write>(
    settings: &Settings,
    format: Option<ListFormat>,
    io: &mut Streams<O, E>,
    column: &'static str,
    names: impl Fn(&Entry) -> Vec<&str>,
) -> Result<Outcome, Error> {
    quick(settings, io, |catalog, io| {
        let entries = catalog.listing()?;
        emit(settings, format, &counts(&entries, column, &names), io)
    })
}

fn list(entries: &[Entry], filter: &Filter, sort: SortKey) -> Listing {
    let filtered = filter.category.is_some() || !filter.tag.is_empty();
    let filters = Filters::new(filter.category.as_deref(), &filter.tag);
    let mut entries: Vec<_> = entries
        .iter()
        .filter(|e| {
            !filtered
                || filters.pass(&normalize(&e.category), || {
                    e.tags.iter().map(|t| normalize(t))
                })
        })
        .collect();
    // Each entry's key is made once, not at every comparison: at 100,000 entries lower-casing
    // titles per comparison cost most of the listing. The order is title_order's.
    let title = |e: &Entry| e.title.to_lowercase();
    match sort {
        SortKey::Title => entries.sort_by_cached_key(|e| (title(e), &e.title, &e.slug)),
        SortKey::Slug => entries.sort_by(|a, b| a.slug.cmp(&b.slug)),
        SortKey::Category => {
            entries.sort_by_cached_key(|e| (e.category.to_lowercase(), title(e), &e.title, &e.slug))
        }
        // Newest first; undated entries last.
        SortKey::Published => {
            entries.sort_by_cached_key(|e| (Reverse(&e.published), title(e), &e.title, &e.slug))
        }
    }
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

/// Counts entries per name (each entry once per name); names that normalise alike are one,
/// shown as first written.
fn counts(entries: &[Entry], column: &'static str, names: impl Fn(&Entry) -> Vec<&str>) -> Listing {
    let groups = group_by_name(
        entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| names(e).into_iter().map(move |n| (n, i))),
    );
    let mut listing = Listing::new(&[column, "count"]);
    listing.rows = groups
        .into_iter()
        .map(|mut group| {
            group.members.dedup();
            vec![
                Cell::Text(group.name),
                Cell::Count(group.members.len() as u64),
            ]
        })
        .collect();
    listing
}
