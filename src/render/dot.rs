//! `graph --format dot`: the related-links graph for Graphviz, nodes filled by category.

use std::io::{self, Write};

use crate::escape::escape_controls;
use crate::query::graph::Graph;
use crate::render::document::{Category, Outline, PALETTE};

/// Titles wrap to lines of about this many characters, to keep nodes compact.
const LABEL_WIDTH: usize = 24;

/// Writes the graph as a DOT `digraph`, with a legend of the categories drawn.
pub fn write(out: &mut impl Write, outline: &Outline, graph: &Graph) -> io::Result<()> {
    let categories = &outline.categories;
    let category_of = &outline.category_of;
    writeln!(out, "digraph {} {{", quote(&outline.name))?;
    writeln!(
        out,
        "  graph [rankdir=LR, fontname=\"Helvetica,Arial,sans-serif\", fontsize=12, pad=0.3, nodesep=0.25, ranksep=0.6];"
    )?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica,Arial,sans-serif\", fontsize=11, color=\"#5f6b7a\", fontcolor=\"#1b1f24\"];"
    )?;
    writeln!(out, "  edge [color=\"#7d8793\", arrowsize=0.7];")?;
    for &i in &graph.nodes {
        let c = category_of[i];
        let label =
            textwrap::wrap(&escape_controls(outline.title(i), false), LABEL_WIDTH).join("\n");
        let centre = if graph.center == Some(i) {
            ", penwidth=2.5, color=\"#1b1f24\""
        } else {
            ""
        };
        writeln!(
            out,
            "  {} [label={}, fillcolor=\"{}\", tooltip={}{centre}];",
            quote(&outline.anchor(i)),
            quote(&label),
            PALETTE[c % PALETTE.len()],
            quote(&escape_controls(&categories[c].name, false)),
        )?;
    }
    for edge in &graph.edges {
        let from = outline.anchor(edge.from);
        let to = outline.anchor(edge.to);
        let both = if edge.both { " [dir=both]" } else { "" };
        writeln!(out, "  {} -> {}{both};", quote(&from), quote(&to))?;
    }
    legend(out, graph, categories, category_of)?;
    writeln!(out, "}}")
}

/// A box naming the colour of each category the graph shows.
fn legend(
    out: &mut impl Write,
    graph: &Graph,
    categories: &[Category],
    category_of: &[usize],
) -> io::Result<()> {
    let mut shown: Vec<usize> = graph.nodes.iter().map(|&i| category_of[i]).collect();
    shown.sort_unstable();
    shown.dedup();
    if shown.is_empty() {
        return Ok(());
    }
    writeln!(out, "  subgraph cluster_legend {{")?;
    writeln!(
        out,
        "    label=\"Categories\"; style=\"rounded,dashed\"; color=\"#9aa4ae\"; fontcolor=\"#5f6b7a\";"
    )?;
    for &c in &shown {
        // Spaces never occur in an entry's anchor, so these names cannot clash with entries.
        writeln!(
            out,
            "    \"category {c}\" [label={}, fillcolor=\"{}\", color=\"#9aa4ae\", fontsize=10];",
            quote(&escape_controls(&categories[c].name, false)),
            PALETTE[c % PALETTE.len()],
        )?;
    }
    // Invisible edges stack the legend in one column, in category order.
    for pair in shown.windows(2) {
        writeln!(
            out,
            "    \"category {}\" -> \"category {}\" [style=invis];",
            pair[0], pair[1]
        )?;
    }
    writeln!(out, "  }}")
}

/// A DOT double-quoted string. Backslashes are doubled because Graphviz reads `\N`, `\G` and
/// `\l` in labels as its own escapes, and `&` is written `&amp;` because it decodes HTML
/// entities in strings; newlines become the `\n` line break.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_text_literal() {
        assert_eq!(quote("plain"), "\"plain\"");
        assert_eq!(quote("a \"b\" \\N"), "\"a \\\"b\\\" \\\\N\"");
        assert_eq!(quote("two\nlines"), "\"two\\nlines\"");
        assert_eq!(quote("R&D &amp;"), "\"R&amp;D &amp;amp;\"");
    }
}
