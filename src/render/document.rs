//! The whole glossary as one document, the view that HTML, Markdown and the graphs share:
//! entries grouped by category, category colours, anchors; and the document in each format.

use std::cell::RefCell;
use std::io::Write;

use serde::Serialize;
use serde::ser::SerializeSeq;

use crate::error::Error;
use crate::glossary::catalog::{Catalog, Links, links};
use crate::glossary::key::normalize;
use crate::glossary::listing::Row;
use crate::glossary::order::group_by_name;
use crate::render;

/// The name a glossary without `name:` is shown under.
pub const UNNAMED: &str = "Glossary";

/// Fill colours for categories, in the order categories are sorted; soft enough for dark text
/// on top, distinct enough to tell apart. The HTML page's stylesheet uses the same hues.
pub const PALETTE: [&str; 8] = [
    "#cfe2ff", "#d1f2d9", "#ffe0b8", "#f4d3f0", "#fff3b0", "#d5d9ff", "#ffd6d6", "#cdf0ee",
];

/// One category and its entries, by title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    /// As first written in the glossary.
    pub name: String,
    pub entries: Vec<usize>,
}

/// Categories by name ([`crate::glossary::order::name_order`]), names that normalise alike being
/// one category; each category's entries by title (`ranks`, each entry's place in title order).
/// `rows` are the entries as the listing gives them: only their categories are read.
pub fn by_category(rows: &[Row<'_>], ranks: &[u32]) -> Vec<Category> {
    let groups = group_by_name(rows.iter().enumerate().map(|(i, e)| (e.category, i)));
    groups
        .into_iter()
        .map(|group| {
            let mut entries = group.members;
            entries.sort_by_key(|&i| ranks[i]);
            Category {
                name: group.name,
                entries,
            }
        })
        .collect()
}

/// For each of `len` entries, the position of its category in [`by_category`]'s order.
pub fn category_of(len: usize, categories: &[Category]) -> Vec<usize> {
    let mut of = vec![0; len];
    for (c, category) in categories.iter().enumerate() {
        for &i in &category.entries {
            of[i] = c;
        }
    }
    of
}

/// An identifier for an entry that is safe in an HTML `id`, a URL fragment or a graph node name,
/// and unique in the glossary: its normalised slug (letters, digits and `-`; the glossary's own
/// key), or `entry-N` for a slug with no letters or digits.
pub fn anchor(slug: &str, index: usize) -> String {
    let key = normalize(slug);
    if key.is_empty() {
        // A normalised key never contains `_`, so this cannot clash with another entry.
        format!("entry_{}", index + 1)
    } else {
        key
    }
}

/// What the document knows of every entry without holding any whole: slugs and titles, the
/// order of titles, the categories and the links both ways. Whole entries are read from the
/// catalog one at a time, as they are written.
pub struct Outline {
    /// The glossary's display name, or [`UNNAMED`].
    pub name: String,
    /// Each entry's slug and title.
    rows: Vec<(String, String)>,
    /// Each entry's place in title order.
    pub ranks: Vec<u32>,
    pub categories: Vec<Category>,
    /// Each entry's position in `categories`.
    pub category_of: Vec<usize>,
    pub links: Links,
}

impl Outline {
    /// Reads the listing, keeps what the document needs of it, and then every entry's links.
    pub fn read<C: Catalog + ?Sized>(catalog: &C) -> Result<Outline, Error> {
        let listing = catalog.rows()?;
        let listed = listing.rows()?;
        let ranks = catalog.title_ranks()?;
        let categories = by_category(&listed, &ranks);
        let category_of = category_of(listed.len(), &categories);
        let rows = listed
            .iter()
            .map(|e| (e.slug.to_string(), e.title.to_string()))
            .collect();
        drop(listed);
        drop(listing);
        let links = links(catalog, &ranks)?;
        Ok(Outline {
            name: catalog.title().unwrap_or_else(|| UNNAMED.to_string()),
            rows,
            ranks,
            categories,
            category_of,
            links,
        })
    }

    /// How many entries the glossary has.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn slug(&self, index: usize) -> &str {
        &self.rows[index].0
    }

    pub fn title(&self, index: usize) -> &str {
        &self.rows[index].1
    }

    /// The entry's [`anchor`].
    pub fn anchor(&self, index: usize) -> String {
        anchor(self.slug(index), index)
    }

    /// Entries in document order: category by category, each by title.
    pub fn order(&self) -> impl Iterator<Item = usize> + '_ {
        self.categories
            .iter()
            .flat_map(|c| c.entries.iter().copied())
    }
}

/// The formats the whole glossary is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    Json,
}

/// Writes the whole glossary in one format, entry by entry. Every piece of the glossary it
/// reads is read before the first byte is written, so that a cache file failing a check is
/// found while the question can still be asked again; what is written is never held whole.
pub fn write<C: Catalog + ?Sized>(
    out: &mut impl Write,
    catalog: &C,
    format: Format,
) -> Result<(), Error> {
    match format {
        Format::Html => render::html::write_glossary(out, catalog),
        Format::Markdown => render::markdown::write_glossary(out, catalog),
        Format::Json => write_json(out, catalog),
    }
}

/// The JSON export: the name and the entries, with the file format's field names.
fn write_json<C: Catalog + ?Sized>(out: &mut impl Write, catalog: &C) -> Result<(), Error> {
    let len = catalog.len();
    // Each entry is read once before any is written (see [`write`]).
    for i in 0..len {
        catalog.entry(i)?;
    }
    let failed = RefCell::new(None);
    let document = Document {
        name: catalog.title().unwrap_or_else(|| UNNAMED.to_string()),
        entries: Entries {
            catalog,
            len,
            failed: &failed,
        },
    };
    let written = render::json::write_value(out, &document);
    match failed.into_inner() {
        Some(e) => Err(e),
        None => Ok(written?),
    }
}

#[derive(Serialize)]
#[serde(bound = "")]
struct Document<'a, C: Catalog + ?Sized> {
    name: String,
    entries: Entries<'a, C>,
}

/// Every entry of a catalog as a JSON array, each read as it is written; a failed read is kept
/// in `failed`.
struct Entries<'a, C: Catalog + ?Sized> {
    catalog: &'a C,
    len: usize,
    failed: &'a RefCell<Option<Error>>,
}

impl<C: Catalog + ?Sized> Serialize for Entries<'_, C> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len))?;
        for i in 0..self.len {
            match self.catalog.entry(i) {
                Ok(entry) => seq.serialize_element(&*entry)?,
                Err(e) => {
                    let message = e.to_string();
                    *self.failed.borrow_mut() = Some(e);
                    return Err(serde::ser::Error::custom(message));
                }
            }
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::glossary::Glossary;

    fn glossary(text: &str) -> Glossary {
        crate::glossary::from_yaml(text)
    }

    const TEXT: &str = "entries:\n  - {title: Zeta, category: b, summary: s, related: [alpha]}\n  - {title: Alpha, category: B, summary: s}\n  - {title: Mid, category: a, summary: s, related: [alpha, zeta]}\n  - {slug: '!!', title: Odd, category: a, summary: s}\n";

    #[test]
    fn categories_group_alike_names_and_sort_entries_by_title() {
        let g = glossary(TEXT);
        let ranks = g.title_ranks().unwrap();
        let rows: Vec<Row> = g.entries.iter().map(Row::of).collect();
        let categories = by_category(&rows, &ranks);
        assert_eq!(
            categories,
            [
                Category {
                    name: "a".into(),
                    entries: vec![2, 3]
                },
                Category {
                    name: "b".into(),
                    entries: vec![1, 0]
                },
            ]
        );
        assert_eq!(category_of(g.entries.len(), &categories), [1, 1, 0, 0]);
    }

    #[test]
    fn backlinks_are_by_title() {
        let g = glossary(TEXT);
        let back = [vec![2], vec![2, 0], vec![], vec![]];
        assert_eq!(g.backlinks(), back);
        let outline = Outline::read(&g).unwrap();
        assert_eq!(outline.links.back, back);
        assert_eq!(outline.links.related, [vec![1], vec![], vec![1, 0], vec![]]);
    }

    #[test]
    fn anchors_are_safe_and_unique() {
        let g = glossary(TEXT);
        let anchors: Vec<String> = g
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| anchor(&e.slug, i))
            .collect();
        assert_eq!(anchors, ["zeta", "alpha", "mid", "entry_4"]);
    }
}
