//! Related entries of one entry: its own links, then backlinks, then similar entries.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};

use crate::error::Error;
use crate::glossary::catalog::Catalog;
use crate::glossary::key::normalize;
use crate::glossary::listing::Grouping;

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
/// share (one point for the category, one for each tag), then by title, each entry once; at
/// most `limit` of them (0: all).
///
/// Reads only what it needs: the entry, its links and backlinks, and, when the limit is not
/// filled by then, the entries filed under its category and tags and the order of titles.
pub fn related(
    catalog: &dyn Catalog,
    entry: usize,
    limit: usize,
) -> Result<Vec<(usize, Relation)>, Error> {
    let limit = if limit == 0 { usize::MAX } else { limit };
    let mut out: Vec<(usize, Relation)> = Vec::new();
    // Whether an entry is listed already: a set, so a hub with 100,000 links costs one pass,
    // not a comparison of every entry with every link.
    let mut listed: HashSet<usize> = HashSet::from([entry]);
    let links = catalog.related_of(entry)?;
    let backlinks = catalog.backlinks_of(entry)?;
    let linked = links.into_iter().map(|i| (i, Relation::Link));
    let backlinked = backlinks.into_iter().map(|i| (i, Relation::Backlink));
    for (i, relation) in linked.chain(backlinked) {
        if listed.insert(i) {
            out.push((i, relation));
        }
    }
    if out.len() >= limit {
        out.truncate(limit);
        return Ok(out);
    }

    let me = catalog.entry(entry)?;
    let mut tags: Vec<String> = me.tags.iter().map(|t| normalize(t)).collect();
    tags.sort();
    tags.dedup();
    let mut shared: HashMap<usize, u32> = HashMap::new();
    let named = [(Grouping::Category, normalize(&me.category))]
        .into_iter()
        .chain(tags.into_iter().map(|t| (Grouping::Tag, t)));
    for (grouping, key) in named {
        for i in catalog.members(grouping, &key)? {
            if !listed.contains(&i) {
                *shared.entry(i).or_default() += 1;
            }
        }
    }
    if shared.is_empty() {
        return Ok(out);
    }
    let ranks = catalog.title_ranks()?;
    let mut similar: Vec<(usize, u32)> = shared.into_iter().collect();
    let by = |&(i, score): &(usize, u32)| (Reverse(score), ranks[i]);
    let wanted = limit - out.len();
    if wanted < similar.len() {
        similar.select_nth_unstable_by_key(wanted, by);
        similar.truncate(wanted);
    }
    similar.sort_unstable_by_key(by);
    out.extend(similar.into_iter().map(|(i, _)| (i, Relation::Similar)));
    Ok(out)
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
        let got: Vec<_> = related(&g, 0, 0)
            .unwrap()
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
        // A limit cuts the same list, whether links fill it or similar entries are chosen.
        for limit in 1..=5 {
            let cut = related(&g, 0, limit).unwrap();
            assert_eq!(cut, related(&g, 0, 0).unwrap()[..limit.min(4)], "{limit}");
        }
    }
}
