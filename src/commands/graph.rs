//! `graph`: the related-links graph, whole or around one entry, for Graphviz or Mermaid.

use std::io::Write;

use super::{Settings, Streams, resolve, streamed};
use crate::cli::GraphFormat;
use crate::error::{Error, Outcome};
use crate::query::graph;
use crate::render;
use crate::render::document::Outline;
use crate::report;

pub(super) fn run<O: Write, E: Write>(
    settings: &Settings,
    term: Option<&str>,
    depth: usize,
    format: GraphFormat,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    streamed(settings, io, |catalog, io| {
        let center = match term {
            Some(term) => match resolve(catalog, term, io)? {
                Some(center) => Some(center),
                None => return Ok(Outcome::NothingFound),
            },
            None => None,
        };
        let outline = Outline::read(catalog)?;
        let graph = match center {
            Some(center) => graph::neighbourhood(&outline.links, &outline.ranks, center, depth),
            None => graph::whole(&outline.links, &outline.ranks),
        };
        match format {
            GraphFormat::Dot => render::dot::write(io.out, &outline, &graph)?,
            GraphFormat::Mermaid => {
                render::mermaid::write(io.out, &outline, &graph)?;
                if graph.edges.len() > render::mermaid::DEFAULT_MAX_EDGES {
                    report::warning(
                        io.err,
                        &format!(
                            "the graph has {} edges; Mermaid draws at most {} unless its \
                             `maxEdges` setting is raised (or use --format dot, or name a TERM)",
                            graph.edges.len(),
                            render::mermaid::DEFAULT_MAX_EDGES
                        ),
                    )?;
                }
            }
        }
        Ok(Outcome::Success)
    })
}
