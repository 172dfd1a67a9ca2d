//! The orders a reader expects, and the one grouping of names: every listing, document and
//! graph sorts and groups entries through these.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::Entry;
use super::key::normalize;

/// Names as a reader expects them (case-insensitive), then as written so the order is total.
pub fn name_order(a: &str, b: &str) -> Ordering {
    a.to_lowercase()
        .cmp(&b.to_lowercase())
        .then_with(|| a.cmp(b))
}

/// Entries by title ([`name_order`]), then by slug so the order is total.
pub fn title_order(a: &Entry, b: &Entry) -> Ordering {
    name_order(&a.title, &b.title).then_with(|| a.slug.cmp(&b.slug))
}

/// Each entry's place in [`title_order`], 0 first: a sort of every title that compares each
/// key made once, where [`title_order`] would lower-case two titles at every comparison.
pub fn title_ranks(entries: &[Entry]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..entries.len() as u32).collect();
    order.sort_by_cached_key(|&i| {
        let e = &entries[i as usize];
        (e.title.to_lowercase(), e.title.as_str(), e.slug.as_str())
    });
    let mut ranks = vec![0u32; entries.len()];
    for (rank, &i) in order.iter().enumerate() {
        ranks[i as usize] = rank as u32;
    }
    ranks
}

/// A name and what was filed under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group<T> {
    /// As first written.
    pub name: String,
    pub members: Vec<T>,
}

/// Files each `(name, member)` under its name, names that normalise alike being one group shown
/// as first written; groups in [`name_order`], members in the order given.
pub fn group_by_name<'a, T>(items: impl IntoIterator<Item = (&'a str, T)>) -> Vec<Group<T>> {
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Group<T>> = Vec::new();
    for (name, member) in items {
        let slot = *at.entry(normalize(name)).or_insert_with(|| {
            groups.push(Group {
                name: name.to_string(),
                members: Vec::new(),
            });
            groups.len() - 1
        });
        groups[slot].members.push(member);
    }
    groups.sort_by(|a, b| name_order(&a.name, &b.name));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_as_read_then_as_written() {
        let mut names = ["beta", "Alpha", "alpha", "Beta", "ärger"];
        names.sort_by(|a, b| name_order(a, b));
        assert_eq!(names, ["Alpha", "alpha", "Beta", "beta", "ärger"]);
    }

    #[test]
    fn ranks_follow_title_order() {
        let g = crate::glossary::from_yaml(
            "entries:\n  - {slug: b, title: beta, category: c, summary: s}\n  - {slug: a, title: Beta, category: c, summary: s}\n  - {slug: c, title: Alpha, category: c, summary: s}\n  - {slug: d, title: beta, category: c, summary: s}\n",
        );
        let ranks = title_ranks(&g.entries);
        let mut by_order: Vec<usize> = (0..g.entries.len()).collect();
        by_order.sort_by(|&a, &b| title_order(&g.entries[a], &g.entries[b]));
        let mut by_rank: Vec<usize> = (0..g.entries.len()).collect();
        by_rank.sort_by_key(|&i| ranks[i]);
        assert_eq!(by_rank, by_order);
        assert_eq!(ranks, [2, 1, 0, 3]);
    }

    #[test]
    fn alike_names_are_one_group_shown_as_first_written() {
        let groups = group_by_name([("Team-Lead", 1), ("b", 2), ("team lead", 3), ("A", 4)]);
        let seen: Vec<(&str, &[i32])> = groups
            .iter()
            .map(|g| (g.name.as_str(), g.members.as_slice()))
            .collect();
        assert_eq!(seen, [("A", &[4][..]), ("b", &[2]), ("Team-Lead", &[1, 3])]);
    }
}
