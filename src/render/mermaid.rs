//! `graph --format mermaid`: the related-links graph as a Mermaid flowchart, which GitHub draws
//! inside a ```` ```mermaid ```` block.

use std::io::{self, Write};

use crate::escape::escape_controls;
use crate::query::graph::Graph;
use crate::render::document::{Outline, PALETTE};

/// The most edges Mermaid draws with its default settings (its `maxEdges`, 500 in Mermaid 11);
/// a larger graph fails to render until a page raises that setting.
pub const DEFAULT_MAX_EDGES: usize = 500;

/// Writes the graph as a left-to-right flowchart with a class (fill colour) per category.
pub fn write(out: &mut impl Write, outline: &Outline, graph: &Graph) -> io::Result<()> {
    let categories = &outline.categories;
    let category_of = &outline.category_of;
    writeln!(out, "flowchart LR")?;
    // Node names are positions, never text from the glossary: a title cannot break the syntax
    // or collide with a keyword such as `end`.
    let mut position = vec![0; outline.len()];
    for (p, &i) in graph.nodes.iter().enumerate() {
        position[i] = p;
        writeln!(out, "  n{p}[\"{}\"]", label(outline.title(i)))?;
    }
    for edge in &graph.edges {
        let arrow = if edge.both { "<-->" } else { "-->" };
        writeln!(
            out,
            "  n{} {arrow} n{}",
            position[edge.from], position[edge.to]
        )?;
    }
    let mut shown: Vec<usize> = graph.nodes.iter().map(|&i| category_of[i]).collect();
    shown.sort_unstable();
    shown.dedup();
    if !shown.is_empty() {
        writeln!(out, "  subgraph legend [\"Categories\"]")?;
        writeln!(out, "    direction TB")?;
        for &c in &shown {
            writeln!(out, "    c{c}[\"{}\"]", label(&categories[c].name))?;
        }
        writeln!(out, "  end")?;
    }
    for &c in &shown {
        let members: Vec<String> = graph
            .nodes
            .iter()
            .enumerate()
            .filter(|&(_, &i)| category_of[i] == c)
            .map(|(p, _)| format!("n{p}"))
            .chain([format!("c{c}")])
            .collect();
        writeln!(out, "  class {} cat{c}", members.join(","))?;
    }
    for &c in &shown {
        writeln!(
            out,
            "  classDef cat{c} fill:{},stroke:#5f6b7a,color:#1b1f24",
            PALETTE[c % PALETTE.len()]
        )?;
    }
    if let Some(center) = graph.center {
        writeln!(
            out,
            "  style n{} stroke:#1b1f24,stroke-width:3px",
            position[center]
        )?;
    }
    Ok(())
}

/// Text for inside a quoted Mermaid label. Anything but letters, digits, spaces and harmless
/// punctuation becomes an entity code (`#35;`), so quotes, `#`, `;`, brackets and markup stay
/// text; control characters are shown escaped first.
fn label(text: &str) -> String {
    let text = escape_controls(text, false);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric()
            || matches!(
                c,
                ' ' | '-' | '.' | ',' | ':' | '!' | '?' | '\'' | '(' | ')' | '/' | '+' | '@'
            )
        {
            out.push(c);
        } else {
            out.push_str(&format!("#{};", c as u32));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_break_out_of_their_quotes() {
        assert_eq!(label("Tech Lead (TL)"), "Tech Lead (TL)");
        assert_eq!(label("a \"b\"; c#d"), "a #34;b#34;#59; c#35;d");
        assert_eq!(label("<b>&</b>"), "#60;b#62;#38;#60;/b#62;");
        assert_eq!(label("x\u{1b}"), "x#92;u#123;1b#125;");
        assert_eq!(label("技術"), "技術");
    }
}
