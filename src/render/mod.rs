//! Renderers: each format writes results to any `impl Write`; terminal facts arrive as a [`Style`].

pub mod document;
pub mod dot;
pub mod findings;
pub mod html;
pub mod json;
pub mod markdown;
pub mod mermaid;
pub mod table;
pub mod text;
pub mod tsv;
pub mod url;
pub mod yaml;

use std::borrow::Cow;

use crate::glossary::{Entry, Glossary};

/// Terminal facts, decided once in `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI colours and weights.
    pub color: bool,
    /// Wrap text to this many columns; `None` when the output is not a terminal.
    pub width: Option<usize>,
}

impl Style {
    /// Plain output: no escape codes, no wrapping (what a pipe gets).
    pub const PLAIN: Style = Style {
        color: false,
        width: None,
    };
}

/// An entry ready to render, with its related links resolved to titles.
pub struct Shown<'a> {
    pub entry: &'a Entry,
    /// `(slug, title)` of each related entry that resolves, in the written order.
    pub related: Vec<(&'a str, &'a str)>,
}

impl<'a> Shown<'a> {
    pub fn new(glossary: &'a Glossary, index: usize) -> Shown<'a> {
        let related = glossary
            .related_of(index)
            .into_iter()
            .map(|i| {
                (
                    glossary.entries[i].slug.as_str(),
                    glossary.entries[i].title.as_str(),
                )
            })
            .collect();
        Shown {
            entry: &glossary.entries[index],
            related,
        }
    }
}

/// One value in a listing row; text borrowed from what the command read where it can be.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    Count(u64),
    /// A score in 0..1, shown with two decimals.
    Score(f64),
}

impl<'a> Cell<'a> {
    pub fn text(text: impl Into<Cow<'a, str>>) -> Cell<'a> {
        Cell::Text(text.into())
    }

    /// The cell as plain text (before any escaping).
    pub fn display(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(s) => Cow::Borrowed(s),
            Cell::Count(n) => Cow::Owned(n.to_string()),
            Cell::Score(s) => Cow::Owned(format!("{s:.2}")),
        }
    }
}

/// Rows of a listing command; `columns` are the JSON field names, in §4's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing<'a> {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell<'a>>>,
}

impl<'a> Listing<'a> {
    pub fn new(columns: &[&'static str]) -> Listing<'a> {
        Listing {
            columns: columns.to_vec(),
            rows: Vec::new(),
        }
    }
}

/// Splits text into paragraphs at blank lines, dropping surrounding blank space.
pub fn paragraphs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(&text[s..end]);
            }
        } else {
            start.get_or_insert(offset);
            end = offset + content.len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        out.push(&text[s..end]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_at_blank_lines() {
        assert_eq!(paragraphs("one\ntwo\n\n  \nthree\n"), ["one\ntwo", "three"]);
        assert_eq!(paragraphs(""), Vec::<&str>::new());
        assert_eq!(paragraphs("only"), ["only"]);
    }
}
