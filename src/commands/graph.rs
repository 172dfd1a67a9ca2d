//! `graph`: the related-links graph, whole or around one entry, for Graphviz or Mermaid.

use std::io::Write;

use super::{Settings, Streams, load, resolve};
use crate::cli::GraphFormat;
use crate::error::{Error, Outcome};
use crate::query::graph;
use crate::render;
use crate::report;

pub(super) fn run<O: Write, E: Write>(
    settings: &Settings,
    term: Option<&str>,
    depth: usize,
    format: GraphFormat,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    let glossary = load(settings, io)?;
    let graph = match term {
        Some(term) => match resolve(&glossary, term, io)? {
            Some(center) => graph::neighbourhood(&glossary, center, depth),
            None => return Ok(Outcome::NothingFound),
        },
        None => graph::whole(&glossary),
    };
    match format {
        GraphFormat::Dot => render::dot::write(io.out, &glossary, &graph)?,
        GraphFormat::Mermaid => {
            render::mermaid::write(io.out, &glossary, &graph)?;
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
}
