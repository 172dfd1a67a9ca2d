//! `sources`: where the glossary was read from.

use std::io::Write;

use super::{Settings, Streams, emit, quick};
use crate::cli::ListFormat;
use crate::error::{Error, Outcome};
use crate::glossary::SourceInfo;
use crate::render::{Cell, Listing};

pub(super) fn run<O: Write, E: Write>(
    settings: &Settings,
    format: Option<ListFormat>,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    quick(settings, io, |catalog, io| {
        emit(settings, format, &listing(&catalog.sources()), io)
    })
}

/// `--show-sources` without a command: the sources as a listing, without the `source:` lines.
pub(super) fn alone<O: Write, E: Write>(
    settings: &Settings,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    let quiet = Settings {
        show_sources: false,
        ..settings.clone()
    };
    quick(&quiet, io, |catalog, io| {
        emit(settings, None, &listing(&catalog.sources()), io)
    })
}

fn listing(sources: &[SourceInfo]) -> Listing<'_> {
    let mut listing = Listing::new(&["path", "kind", "entries"]);
    for s in sources {
        listing.rows.push(vec![
            Cell::text(s.name.clone()),
            Cell::text(s.kind.name()),
            Cell::Count(s.entries as u64),
        ]);
    }
    listing
}
