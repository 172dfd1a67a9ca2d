//! What search reads of an entry: its names as keys, its filter keys and its lower-cased text,
//! small enough to scan every entry without loading any of them.

use serde::{Deserialize, Serialize};

use super::Entry;
use crate::key::normalize;

/// One entry as search sees it. Borrowed, so a compiled glossary's search table is read in place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record<'a> {
    /// As written: what results show and how they are ordered.
    pub slug: &'a str,
    pub title: &'a str,
    pub category: &'a str,
    /// Normalised keys of the names the entry is found by.
    pub slug_key: &'a str,
    pub title_key: &'a str,
    #[serde(borrow)]
    pub alias_keys: Vec<&'a str>,
    /// Normalised keys for `--category` and `--tag`.
    pub category_key: &'a str,
    #[serde(borrow)]
    pub tag_keys: Vec<&'a str>,
    /// Text the text tier looks in.
    #[serde(borrow)]
    pub tag_text: Vec<Hay<'a>>,
    #[serde(borrow)]
    pub category_text: Hay<'a>,
    #[serde(borrow)]
    pub summary_text: Hay<'a>,
}

/// Text to look in: lower-cased, with the length in bytes it had as written (lower-casing can
/// change it, and the text tier compares the written length with the query's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hay<'a> {
    pub len: u64,
    pub lower: &'a str,
}

/// The owned strings behind a [`Record`] made from an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordBuf {
    slug: String,
    title: String,
    category: String,
    slug_key: String,
    title_key: String,
    alias_keys: Vec<String>,
    category_key: String,
    tag_keys: Vec<String>,
    tag_text: Vec<(u64, String)>,
    category_text: (u64, String),
    summary_text: (u64, String),
}

impl RecordBuf {
    pub fn of(entry: &Entry) -> RecordBuf {
        let text = |s: &str| (s.len() as u64, s.to_lowercase());
        RecordBuf {
            slug: entry.slug.clone(),
            title: entry.title.clone(),
            category: entry.category.clone(),
            slug_key: normalize(&entry.slug),
            title_key: normalize(&entry.title),
            alias_keys: entry.aliases.iter().map(|a| normalize(a)).collect(),
            category_key: normalize(&entry.category),
            tag_keys: entry.tags.iter().map(|t| normalize(t)).collect(),
            tag_text: entry.tags.iter().map(|t| text(t)).collect(),
            category_text: text(&entry.category),
            summary_text: text(&entry.summary),
        }
    }

    pub fn record(&self) -> Record<'_> {
        fn hay((len, lower): &(u64, String)) -> Hay<'_> {
            Hay {
                len: *len,
                lower: lower.as_str(),
            }
        }
        Record {
            slug: &self.slug,
            title: &self.title,
            category: &self.category,
            slug_key: &self.slug_key,
            title_key: &self.title_key,
            alias_keys: self.alias_keys.iter().map(String::as_str).collect(),
            category_key: &self.category_key,
            tag_keys: self.tag_keys.iter().map(String::as_str).collect(),
            tag_text: self.tag_text.iter().map(hay).collect(),
            category_text: hay(&self.category_text),
            summary_text: hay(&self.summary_text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_survives_postcard_and_borrows_its_text() {
        let entry = Entry {
            slug: "Tech_Lead".into(),
            title: "Technical Lead".into(),
            aliases: vec!["TL".into()],
            category: "Careers".into(),
            tags: vec!["Leadership".into()],
            published: None,
            read_minutes: 1,
            summary: "İstanbul LEADS".into(),
            sections: vec![],
            related: vec![],
            links: vec![],
        };
        let buf = RecordBuf::of(&entry);
        let record = buf.record();
        assert_eq!(record.slug_key, "tech-lead");
        assert_eq!(record.summary_text.len, 15);
        assert_eq!(record.summary_text.lower, "i̇stanbul leads");
        let bytes = postcard::to_stdvec(&record).unwrap();
        let back: Record = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, record);
    }
}
