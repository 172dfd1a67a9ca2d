//! The whole glossary as one document, the view that HTML, Markdown and the graphs share:
//! entries grouped by category, category colours, anchors; and the document in each format.

use std::io::{self, Write};

use serde::Serialize;

use crate::glossary::key::normalize;
use crate::glossary::order::{group_by_name, title_order};
use crate::glossary::{Entry, Glossary};
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

/// Categories by name ([`crate::glossary::order::name_order`]), names that normalise alike being one category; each
/// category's entries by title.
pub fn by_category(glossary: &Glossary) -> Vec<Category> {
    let groups = group_by_name(
        glossary
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.category.as_str(), i)),
    );
    groups
        .into_iter()
        .map(|group| {
            let mut entries = group.members;
            entries.sort_by(|&a, &b| title_order(&glossary.entries[a], &glossary.entries[b]));
            Category {
                name: group.name,
                entries,
            }
        })
        .collect()
}

/// For each entry, the position of its category in [`by_category`]'s order.
pub fn category_of(glossary: &Glossary, categories: &[Category]) -> Vec<usize> {
    let mut of = vec![0; glossary.entries.len()];
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
pub fn anchor(entry: &Entry, index: usize) -> String {
    let key = normalize(&entry.slug);
    if key.is_empty() {
        // A normalised key never contains `_`, so this cannot clash with another entry.
        format!("entry_{}", index + 1)
    } else {
        key
    }
}

/// The JSON export: the name and the entries, with the file format's field names.
#[derive(Serialize)]
struct Document<'a> {
    name: &'a str,
    entries: &'a [Entry],
}

/// The formats the whole glossary is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
    Json,
}

/// Writes the whole glossary in one format.
pub fn write(out: &mut impl Write, glossary: &Glossary, format: Format) -> io::Result<()> {
    match format {
        Format::Html => render::html::write_glossary(out, glossary),
        Format::Markdown => render::markdown::write_glossary(out, glossary),
        Format::Json => render::json::write_value(
            out,
            &Document {
                name: glossary.name.as_deref().unwrap_or(UNNAMED),
                entries: &glossary.entries,
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary(text: &str) -> Glossary {
        crate::glossary::from_yaml(text)
    }

    const TEXT: &str = "entries:\n  - {title: Zeta, category: b, summary: s, related: [alpha]}\n  - {title: Alpha, category: B, summary: s}\n  - {title: Mid, category: a, summary: s, related: [alpha, zeta]}\n  - {slug: '!!', title: Odd, category: a, summary: s}\n";

    #[test]
    fn categories_group_alike_names_and_sort_entries_by_title() {
        let g = glossary(TEXT);
        let categories = by_category(&g);
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
        assert_eq!(category_of(&g, &categories), [1, 1, 0, 0]);
    }

    #[test]
    fn backlinks_are_by_title() {
        let g = glossary(TEXT);
        assert_eq!(g.backlinks(), [vec![2], vec![2, 0], vec![], vec![]]);
    }

    #[test]
    fn anchors_are_safe_and_unique() {
        let g = glossary(TEXT);
        let anchors: Vec<String> = g
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| anchor(e, i))
            .collect();
        assert_eq!(anchors, ["zeta", "alpha", "mid", "entry_4"]);
    }
}
