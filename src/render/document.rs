//! The whole glossary as one document: entries grouped by category, backlinks, category colours,
//! and the `export` command that writes it as HTML, Markdown or JSON.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::cli::ExportFormat;
use crate::glossary::key::normalize;
use crate::glossary::{Entry, Glossary};
use crate::query::search::title_order;
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

/// Categories by name (case-insensitive), names that normalise alike being one category.
pub fn by_category(glossary: &Glossary) -> Vec<Category> {
    let mut groups: BTreeMap<String, Category> = BTreeMap::new();
    for (i, e) in glossary.entries.iter().enumerate() {
        groups
            .entry(normalize(&e.category))
            .or_insert_with(|| Category {
                name: e.category.clone(),
                entries: Vec::new(),
            })
            .entries
            .push(i);
    }
    let mut categories: Vec<Category> = groups.into_values().collect();
    for c in &mut categories {
        c.entries
            .sort_by(|&a, &b| title_order(&glossary.entries[a], &glossary.entries[b]));
    }
    categories.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.name.cmp(&b.name))
    });
    categories
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

/// For each entry, the entries whose `related` list names it, by title.
pub fn backlinks(glossary: &Glossary) -> Vec<Vec<usize>> {
    let mut back: Vec<Vec<usize>> = vec![Vec::new(); glossary.entries.len()];
    for from in 0..glossary.entries.len() {
        for to in glossary.related_of(from) {
            back[to].push(from);
        }
    }
    for list in &mut back {
        list.sort_by(|&a, &b| title_order(&glossary.entries[a], &glossary.entries[b]));
    }
    back
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

/// `export`: writes the whole glossary in one format.
pub fn write(out: &mut impl Write, glossary: &Glossary, format: ExportFormat) -> io::Result<()> {
    match format {
        ExportFormat::Html => render::html::write_glossary(out, glossary),
        ExportFormat::Markdown => render::markdown::write_glossary(out, glossary),
        ExportFormat::Json => render::json::write_value(
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
        assert_eq!(backlinks(&g), [vec![2], vec![2, 0], vec![], vec![]]);
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
