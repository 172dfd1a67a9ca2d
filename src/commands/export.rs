//! `export`: the whole glossary as one HTML page, Markdown document or JSON file.

use std::io::Write;

use super::{Settings, Streams, streamed};
use crate::cli::ExportFormat;
use crate::error::{Error, Outcome};
use crate::render::document::{self, Format};

pub(super) fn run<O: Write, E: Write>(
    settings: &Settings,
    format: ExportFormat,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    let format = match format {
        ExportFormat::Html => Format::Html,
        ExportFormat::Markdown => Format::Markdown,
        ExportFormat::Json => Format::Json,
    };
    streamed(settings, io, |catalog, io| {
        document::write(io.out, catalog, format)?;
        Ok(Outcome::Success)
    })
}
