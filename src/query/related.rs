//! Related entries of one entry: its own links, then backlinks, then similar entries.

use std::cmp::Reverse;

use crate::glossary::Glossary;
use crate::glossary::key::normalize;
use crate::glossary::order::title_order;

/// Why an entry is listed as related.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Named in the entry's `related` list.
    Link,
    /// Its own `related` list names the entry.
    Backlink,
    /// Shares the category or tags.
    Similar,
}

impl Relation {
    pub fn name(self) -> &'static str {
        match self {
            Relation::Link => "link",
            Relation::Backlink => "backlink",
            Relation::Similar => "similar",
        }
    }
}

/// Links in their written order, backlinks by title, then similar entries by how much they
/// share (one point for the category, one for each tag), each entry once.
pub fn related(glossary: &Glossary, entry: usize) -> Vec<(usize, Relation)> {
    let mut out: Vec<(usize, Relation)> = glossary
        .related_of(entry)
        .into_iter()
        .map(|i| (i, Relation::Link))
        .collect();
    // Whether an entry is listed already: a flag per entry, so a hub with 100,000 links costs
    // one pass, not a comparison of every entry with every link.
    let mut listed = vec![false; glossary.entries.len()];
    listed[entry] = true;
    for &(i, _) in &out {
        listed[i] = true;
    }

    let backlinks: Vec<usize> = glossary.backlinks().swap_remove(entry);
    let backlinks: Vec<usize> = backlinks.into_iter().filter(|&i| !listed[i]).collect();
    for &i in &backlinks {
        listed[i] = true;
    }
    out.extend(backlinks.into_iter().map(|i| (i, Relation::Backlink)));

    let me = &glossary.entries[entry];
    let category = normalize(&me.category);
    let tags: Vec<String> = me.tags.iter().map(|t| normalize(t)).collect();
    let mut similar: Vec<(usize, usize)> = glossary
        .entries
        .iter()
        .enumerate()
        .filter(|&(i, _)| !listed[i])
        .filter_map(|(i, other)| {
            let mut shared: Vec<String> = other.tags.iter().map(|t| normalize(t)).collect();
            shared.sort();
            shared.dedup();
            let score = shared.iter().filter(|t| tags.contains(t)).count()
                + usize::from(normalize(&other.category) == category);
            (score > 0).then_some((i, score))
        })
        .collect();
    similar.sort_by(|&(a, sa), &(b, sb)| {
        Reverse(sa)
            .cmp(&Reverse(sb))
            .then_with(|| title_order(&glossary.entries[a], &glossary.entries[b]))
    });
    out.extend(similar.into_iter().map(|(i, _)| (i, Relation::Similar)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_then_backlinks_then_similar() {
        let text = "entries:
  - {slug: a, title: A, category: X, tags: [t, u], summary: s, related: [c, missing, a]}
  - {slug: b, title: B, category: Y, tags: [u], summary: s, related: [a]}
  - {slug: c, title: C, category: Z, summary: s}
  - {slug: d, title: D, category: X, tags: [t, u], summary: s}
  - {slug: e, title: E, category: X, summary: s}
  - {slug: f, title: F, category: Q, summary: s}
";
        let g = crate::glossary::from_yaml(text);
        let got: Vec<_> = related(&g, 0)
            .into_iter()
            .map(|(i, r)| (g.entries[i].slug.as_str(), r.name()))
            .collect();
        assert_eq!(
            got,
            [
                ("c", "link"),
                ("b", "backlink"),
                ("d", "similar"),
                ("e", "similar")
            ]
        );
    }
}
