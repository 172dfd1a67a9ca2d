//! The related-links graph: entries as nodes, `related` links as edges, whole or around one entry.

use std::collections::VecDeque;

use crate::glossary::catalog::Links;

/// A link between two entries; `both` when each names the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub both: bool,
}

/// The nodes (entry indices) and edges to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    /// Entry indices: the centre first and then by distance for a neighbourhood, by title for
    /// the whole glossary.
    pub nodes: Vec<usize>,
    /// Every link between two of the nodes, once, in node order.
    pub edges: Vec<Edge>,
    /// The entry a neighbourhood is drawn around.
    pub center: Option<usize>,
}

/// Every entry and every link. `ranks` is each entry's place in title order
/// ([`crate::glossary::catalog::Catalog::title_ranks`]).
pub fn whole(links: &Links, ranks: &[u32]) -> Graph {
    let mut nodes: Vec<usize> = (0..ranks.len()).collect();
    nodes.sort_by_key(|&i| ranks[i]);
    build(&links.related, nodes, None)
}

/// The entry and every entry at most `depth` links away from it, following links both ways
/// (what it names, and what names it).
pub fn neighbourhood(links: &Links, ranks: &[u32], center: usize, depth: usize) -> Graph {
    let mut distance: Vec<Option<usize>> = vec![None; ranks.len()];
    distance[center] = Some(0);
    let mut nodes = vec![center];
    let mut queue = VecDeque::from([center]);
    while let Some(at) = queue.pop_front() {
        let d = distance[at].unwrap_or_default();
        if d == depth {
            continue;
        }
        let mut next: Vec<usize> = links.related[at]
            .iter()
            .chain(&links.back[at])
            .copied()
            .filter(|&n| distance[n].is_none())
            .collect();
        next.sort_by_key(|&i| ranks[i]);
        next.dedup();
        for n in next {
            distance[n] = Some(d + 1);
            nodes.push(n);
            queue.push_back(n);
        }
    }
    build(&links.related, nodes, Some(center))
}

/// The graph of `nodes`: each entry's resolved `related` links (`links`) between two of them.
fn build(links: &[Vec<usize>], nodes: Vec<usize>, center: Option<usize>) -> Graph {
    let mut position = vec![None; links.len()];
    for (p, &n) in nodes.iter().enumerate() {
        position[n] = Some(p);
    }
    let mut edges = Vec::new();
    for &from in &nodes {
        for &to in &links[from] {
            if position[to].is_none() {
                continue;
            }
            let both = links[to].contains(&from);
            // A pair that links both ways is one edge, drawn from the node listed first.
            if both && position[to] < position[from] {
                continue;
            }
            edges.push(Edge { from, to, both });
        }
    }
    Graph {
        nodes,
        edges,
        center,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::glossary::catalog::{Catalog, links};

    /// The links and title ranks of a small glossary.
    fn glossary() -> (Links, Vec<u32>) {
        // a -> b <-> c -> d, e -> a, f alone.
        let text = "entries:\n\
          - {slug: a, title: A, category: x, summary: s, related: [b]}\n\
          - {slug: b, title: B, category: x, summary: s, related: [c]}\n\
          - {slug: c, title: C, category: y, summary: s, related: [b, d]}\n\
          - {slug: d, title: D, category: y, summary: s}\n\
          - {slug: e, title: E, category: y, summary: s, related: [a]}\n\
          - {slug: f, title: F, category: y, summary: s}\n";
        let g = crate::glossary::from_yaml(text);
        let ranks = g.title_ranks().unwrap();
        (links(&g, &ranks).unwrap(), ranks)
    }

    fn edge(from: usize, to: usize, both: bool) -> Edge {
        Edge { from, to, both }
    }

    #[test]
    fn the_whole_graph_has_every_entry_and_each_link_once() {
        let (links, ranks) = glossary();
        let g = whole(&links, &ranks);
        assert_eq!(g.nodes, [0, 1, 2, 3, 4, 5]);
        assert_eq!(
            g.edges,
            [
                edge(0, 1, false),
                edge(1, 2, true),
                edge(2, 3, false),
                edge(4, 0, false)
            ]
        );
        assert_eq!(g.center, None);
    }

    #[test]
    fn a_neighbourhood_follows_links_both_ways_to_the_depth() {
        let (links, ranks) = glossary();
        let g = |center, depth| neighbourhood(&links, &ranks, center, depth);
        let one = g(1, 1);
        assert_eq!(one.nodes, [1, 0, 2]);
        assert_eq!(one.edges, [edge(1, 2, true), edge(0, 1, false)]);
        assert_eq!(one.center, Some(1));
        let two = g(1, 2);
        assert_eq!(two.nodes, [1, 0, 2, 4, 3]);
        assert_eq!(g(5, 3).nodes, [5]);
        assert_eq!(g(1, 0).nodes, [1]);
    }
}
