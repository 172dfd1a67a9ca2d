//! What search reads of an entry: its names as keys, its filter keys and its lower-cased text,
//! small enough to scan every entry without loading any of them.

use serde::{Deserialize, Serialize};

use super::Entry;
use crate::error::Error;
use crate::key::normalize;

/// One entry as search sees it. Borrowed, so a compiled glossary's search table is read in
/// place; laid out so that scanning checks few strings and allocates nothing: the keys of one
/// kind share a string (each key ends in `\n`, which no key contains), and what only results
/// need stays encoded until asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record<'a> {
    /// Normalised keys of the names the entry is found by: slug, title, then aliases.
    names: &'a str,
    /// Normalised keys for `--category` and `--tag`.
    category_key: &'a str,
    tag_keys: &'a str,
    /// Text the text tier looks in.
    #[serde(borrow)]
    category_text: Hay<'a>,
    #[serde(borrow)]
    summary_text: Hay<'a>,
    /// The tags' [`Hay`]s, postcard-encoded one after another.
    #[serde(serialize_with = "as_bytes")]
    tag_text: &'a [u8],
    /// Slug, title and category as written, postcard-encoded: what a result shows.
    #[serde(serialize_with = "as_bytes")]
    shown: &'a [u8],
}

impl<'a> Record<'a> {
    /// Slug, title and alias keys, in that order.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.names.split_terminator('\n')
    }

    /// [`Record::names`], split by hand: quicker for the few short keys of one entry, which a
    /// search splits for every entry.
    pub fn names_split(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let mut rest = self.names;
        std::iter::from_fn(move || {
            let end = rest.bytes().position(|b| b == b'\n')?;
            let name = &rest[..end];
            rest = &rest[end + 1..];
            Some(name)
        })
    }

    /// Whether every name key is ASCII, so its length in bytes is its length in characters.
    pub fn names_are_ascii(&self) -> bool {
        self.names.is_ascii()
    }

    pub fn slug_key(&self) -> &'a str {
        self.names().next().unwrap_or_default()
    }

    pub fn title_key(&self) -> &'a str {
        self.names().nth(1).unwrap_or_default()
    }

    pub fn alias_keys(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.names().skip(2)
    }

    pub fn category_key(&self) -> &'a str {
        self.category_key
    }

    pub fn tag_keys(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.tag_keys.split_terminator('\n')
    }

    pub fn category_text(&self) -> Hay<'a> {
        self.category_text
    }

    pub fn summary_text(&self) -> Hay<'a> {
        self.summary_text
    }

    pub fn tag_text(&self) -> impl Iterator<Item = Hay<'a>> + use<'a> {
        let mut rest = self.tag_text;
        std::iter::from_fn(move || {
            let (hay, tail) = postcard::take_from_bytes::<Hay>(rest).ok()?;
            rest = tail;
            Some(hay)
        })
    }

    /// Slug, title and category as written.
    pub fn shown(&self) -> Result<Shown<'a>, Error> {
        postcard::from_bytes(self.shown).map_err(|e| Error::Cache(e.to_string()))
    }
}

/// What a search result shows of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub category: &'a str,
}

/// Text to look in: lower-cased, with the length in bytes it had as written (lower-casing can
/// change it, and the text tier compares the written length with the query's). Kept as bytes:
/// the search for a substring needs no more, and reading skips the UTF-8 check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hay<'a> {
    pub len: u64,
    #[serde(serialize_with = "as_bytes")]
    pub lower: &'a [u8],
}

/// Writes a byte string as bytes (serde would write a list of numbers), so it reads back borrowed.
fn as_bytes<S: serde::Serializer>(bytes: &&[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bytes(bytes)
}

/// The owned bytes behind a [`Record`] made from an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordBuf {
    names: String,
    category_key: String,
    tag_keys: String,
    category_text: (u64, String),
    summary_text: (u64, String),
    tag_text: Vec<u8>,
    shown: Vec<u8>,
}

impl RecordBuf {
    pub fn of(entry: &Entry) -> RecordBuf {
        let text = |s: &str| (s.len() as u64, s.to_lowercase());
        let keys = |list: &mut dyn Iterator<Item = &String>| {
            list.fold(String::new(), |mut joined, k| {
                joined.push_str(&normalize(k));
                joined.push('\n');
                joined
            })
        };
        let mut tag_text = Vec::new();
        for tag in &entry.tags {
            let lower = tag.to_lowercase();
            let hay = Hay {
                len: tag.len() as u64,
                lower: lower.as_bytes(),
            };
            tag_text.extend(encode(&hay));
        }
        let shown = Shown {
            slug: &entry.slug,
            title: &entry.title,
            category: &entry.category,
        };
        RecordBuf {
            names: keys(
                &mut [&entry.slug, &entry.title]
                    .into_iter()
                    .chain(&entry.aliases),
            ),
            category_key: normalize(&entry.category),
            tag_keys: keys(&mut entry.tags.iter()),
            category_text: text(&entry.category),
            summary_text: text(&entry.summary),
            tag_text,
            shown: encode(&shown),
        }
    }

    pub fn record(&self) -> Record<'_> {
        fn hay((len, lower): &(u64, String)) -> Hay<'_> {
            Hay {
                len: *len,
                lower: lower.as_bytes(),
            }
        }
        Record {
            names: &self.names,
            category_key: &self.category_key,
            tag_keys: &self.tag_keys,
            category_text: hay(&self.category_text),
            summary_text: hay(&self.summary_text),
            tag_text: &self.tag_text,
            shown: &self.shown,
        }
    }
}

/// Postcard into a new buffer; these types (no maps, no unsized lists) cannot fail to encode.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    postcard::to_stdvec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_survives_postcard_and_borrows_its_text() {
        let entry = Entry {
            slug: "Tech_Lead".into(),
            title: "Technical Lead".into(),
            aliases: vec!["TL".into(), "Lead, Tech".into()],
            category: "Careers".into(),
            tags: vec!["Leadership".into(), "İ".into()],
            published: None,
            read_minutes: 1,
            summary: "İstanbul LEADS".into(),
            sections: vec![],
            related: vec![],
            links: vec![],
        };
        let buf = RecordBuf::of(&entry);
        let record = buf.record();
        assert_eq!(record.slug_key(), "tech-lead");
        assert_eq!(record.title_key(), "technical-lead");
        assert_eq!(record.alias_keys().collect::<Vec<_>>(), ["tl", "lead-tech"]);
        assert_eq!(record.tag_keys().collect::<Vec<_>>(), ["leadership", "i̇"]);
        assert_eq!(record.summary_text().len, 15);
        assert_eq!(record.summary_text().lower, "i̇stanbul leads".as_bytes());
        let tags: Vec<_> = record.tag_text().map(|h| (h.len, h.lower)).collect();
        assert_eq!(tags, [(10, &b"leadership"[..]), (2, "i̇".as_bytes())]);
        let bytes = encode(&record);
        let back: Record = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, record);
        assert_eq!(back.shown().unwrap().slug, "Tech_Lead");
        assert_eq!(back.shown().unwrap().category, "Careers");
    }

    #[test]
    fn empty_keys_keep_their_place() {
        let entry = Entry {
            slug: "x".into(),
            title: "???".into(),
            aliases: vec!["".into(), "y".into()],
            category: "c".into(),
            tags: vec![],
            published: None,
            read_minutes: 1,
            summary: String::new(),
            sections: vec![],
            related: vec![],
            links: vec![],
        };
        let buf = RecordBuf::of(&entry);
        let record = buf.record();
        assert_eq!(record.names().collect::<Vec<_>>(), ["x", "", "", "y"]);
        assert_eq!(record.names_split().collect::<Vec<_>>(), ["x", "", "", "y"]);
        assert_eq!(record.tag_keys().count(), 0);
        assert_eq!(record.tag_text().count(), 0);
    }
}
