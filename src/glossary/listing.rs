//! What listings read of a glossary: a row per entry, the entries' order by title, the
//! categories and tags with the entries filed under each, and each entry's links and backlinks.
//! A compiled glossary keeps each of these in pieces of its own, so `list`, `categories`, `tags`
//! and `related` never decode whole entries; the in-memory glossary works them out from its
//! entries with the same functions.

use serde::{Deserialize, Serialize};

use super::Entry;
use super::key::normalize;
use super::order::group_by_name;
use crate::error::Error;

/// What a listing shows and filters on of an entry, borrowed from where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub category: &'a str,
    #[serde(borrow)]
    pub tags: Vec<&'a str>,
    pub published: Option<&'a str>,
}

impl<'a> Row<'a> {
    pub fn of(entry: &'a Entry) -> Row<'a> {
        Row {
            slug: &entry.slug,
            title: &entry.title,
            category: &entry.category,
            tags: entry.tags.iter().map(String::as_str).collect(),
            published: entry.published.as_deref(),
        }
    }
}

/// Every entry's row: borrowed from entries in memory, or the bytes of a compiled glossary's
/// listing piece, decoded without copying the strings.
#[derive(Debug)]
pub enum Rows<'a> {
    Entries(&'a [Entry]),
    Piece { bytes: Vec<u8>, entries: usize },
}

impl Rows<'_> {
    pub fn rows(&self) -> Result<Vec<Row<'_>>, Error> {
        match self {
            Rows::Entries(entries) => Ok(entries.iter().map(Row::of).collect()),
            Rows::Piece { bytes, entries } => {
                let rows: Vec<Row<'_>> = postcard::from_bytes(bytes)
                    .map_err(|e| Error::Cache(format!("the listing: {e}")))?;
                if rows.len() != *entries {
                    return Err(Error::Cache(
                        "the listing does not match the entries".into(),
                    ));
                }
                Ok(rows)
            }
        }
    }
}

/// Each entry's place in title order ([`super::order::title_order`]: titles as a reader expects
/// them, then as written, then slugs), 0 first.
pub fn title_ranks(rows: &[Row<'_>]) -> Vec<u32> {
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    // Each key is made once, not at every comparison: lower-casing at every comparison is most
    // of the cost of sorting 100,000 titles.
    order.sort_by_cached_key(|&i| {
        let row = &rows[i as usize];
        (row.title.to_lowercase(), row.title, row.slug)
    });
    let mut ranks = vec![0u32; rows.len()];
    for (rank, &i) in order.iter().enumerate() {
        ranks[i as usize] = rank as u32;
    }
    ranks
}

/// The two ways entries are filed under names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    Category,
    Tag,
}

/// A category or tag: its name as first written, its key and how many entries it has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    /// The name normalised: what `--category`, `--tag` and similar entries compare.
    pub key: String,
    pub count: u32,
}

/// Every category or tag in name order, each with its entries in order, an entry once per name
/// (names that normalise alike are one, as [`group_by_name`] files them).
pub fn groups(rows: &[Row<'_>], grouping: Grouping) -> Vec<(Group, Vec<u32>)> {
    let named = rows.iter().enumerate().flat_map(|(i, row)| {
        let names = match grouping {
            Grouping::Category => std::slice::from_ref(&row.category),
            Grouping::Tag => row.tags.as_slice(),
        };
        names.iter().map(move |&name| (name, i as u32))
    });
    group_by_name(named)
        .into_iter()
        .map(|mut group| {
            // Entries come in order, so an entry filed twice under one name is filed in a row.
            group.members.dedup();
            let head = Group {
                key: normalize(&group.name),
                name: group.name,
                count: group.members.len() as u32,
            };
            (head, group.members)
        })
        .collect()
}

/// For each entry, the entries whose links name it, in title order (`ranks` from
/// [`title_ranks`]): the one computation of backlinks.
pub fn backlinks(links: &[Vec<u32>], ranks: &[u32]) -> Vec<Vec<u32>> {
    let mut back: Vec<Vec<u32>> = vec![Vec::new(); links.len()];
    for (from, to) in links.iter().enumerate() {
        for &to in to {
            back[to as usize].push(from as u32);
        }
    }
    for list in &mut back {
        list.sort_by_key(|&i| ranks[i as usize]);
    }
    back
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<Entry> {
        crate::glossary::from_yaml(
            "entries:
  - {slug: b, title: beta, category: Team, tags: [X, x, y], summary: s}
  - {slug: a, title: Beta, category: team, tags: [y], summary: s}
  - {slug: c, title: Alpha, category: Other, summary: s}
",
        )
        .entries
    }

    #[test]
    fn ranks_follow_title_order() {
        let entries = entries();
        let rows: Vec<Row> = entries.iter().map(Row::of).collect();
        assert_eq!(title_ranks(&rows), [2, 1, 0]);
        let mut by_order: Vec<&Entry> = entries.iter().collect();
        by_order.sort_by(|a, b| super::super::order::title_order(a, b));
        let ranks = title_ranks(&rows);
        for (rank, e) in by_order.iter().enumerate() {
            let i = entries.iter().position(|x| x.slug == e.slug).unwrap();
            assert_eq!(ranks[i] as usize, rank);
        }
    }

    #[test]
    fn groups_count_each_entry_once_under_names_alike() {
        let entries = entries();
        let rows: Vec<Row> = entries.iter().map(Row::of).collect();
        let tags = groups(&rows, Grouping::Tag);
        let seen: Vec<(&str, &str, u32, &[u32])> = tags
            .iter()
            .map(|(g, m)| (g.name.as_str(), g.key.as_str(), g.count, m.as_slice()))
            .collect();
        assert_eq!(seen, [("X", "x", 1, &[0][..]), ("y", "y", 2, &[0, 1])]);
        let categories = groups(&rows, Grouping::Category);
        assert_eq!(categories[0].0.name, "Other");
        assert_eq!(categories[1].0.name, "Team");
        assert_eq!(categories[1].1, [0, 1]);
    }

    #[test]
    fn backlinks_are_in_title_order() {
        // 0 and 2 link to 1; 2 comes first by title.
        let links = vec![vec![1], vec![], vec![1, 0]];
        assert_eq!(backlinks(&links, &[1, 2, 0]), [vec![2], vec![2, 0], vec![]]);
    }

    #[test]
    fn a_listing_piece_reads_back_borrowed() {
        let entries = entries();
        let rows: Vec<Row> = entries.iter().map(Row::of).collect();
        let bytes = postcard::to_allocvec(&rows).unwrap();
        let piece = Rows::Piece { bytes, entries: 3 };
        assert_eq!(piece.rows().unwrap(), rows);
        let wrong = Rows::Piece {
            bytes: postcard::to_allocvec(&rows).unwrap(),
            entries: 2,
        };
        assert!(wrong.rows().is_err());
    }
}
