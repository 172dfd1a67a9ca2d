//! `export`: the whole glossary as one HTML page, Markdown document or JSON file.

use std::io::Write;

use super::{Settings, Streams, load};
use crate::cli::ExportFormat;
use crate::error::{Error, Outcome};
use crate::render::document::{self, Format};

pub(super) fn run<O: Write, E: Write>(
    settings: &Settings,
    format: ExportFormat,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    let glossary = load(settings, io)?;
    let format = match format {
        ExportFormat::Html => Format::Html,
        ExportFormat::Markdown => Format::Markdown,
        ExportFormat::Json => Format::Json,
    };
    document::write(io.out, &glossary, format)?;
    Ok(Outcome::Success)
}
