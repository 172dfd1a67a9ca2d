//! `list`, `categories` and `tags`: listings read only what they show, a compiled glossary's
//! listing piece.

use std::io::Write;

use super::{Settings, Streams, emit, quick};
use crate::cli::{Filter, ListFormat, SortKey};
use crate::error::{Error, Outcome};
use crate::glossary::Entry;
use crate::glossary::key::normalize;
use crate::glossary::order::{group_by_name, title_order};
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
    let filters = Filters::new(filter.category.as_deref(), &filter.tag);
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
