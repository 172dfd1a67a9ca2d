//! What search reads of an entry: its names as keys, its filter keys and its lower-cased text,
//! stored in blocks that a search scans without loading any entry.
//!
//! A block keeps its records column by column, so that reading one checks the UTF-8 of its keys
//! once and allocates nothing per record: all keys (UTF-8), all lower-cased text (bytes), all
//! shown fields (postcard), and the lengths that cut those into records (varints).

use serde::{Deserialize, Serialize};

use super::Entry;
use crate::error::Error;
use crate::key::normalize;

/// One entry as search sees it, borrowed from a block (or from a [`RecordBuf`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Record<'a> {
    /// Normalised keys of the names the entry is found by, each ending in `\n` (which no key
    /// contains): slug, title, then aliases.
    names: &'a str,
    /// Normalised keys for `--category` and `--tag` (the tags' each ending in `\n`).
    category_key: &'a str,
    tag_keys: &'a str,
    /// Text the text tier looks in.
    category_text: Hay<'a>,
    summary_text: Hay<'a>,
    /// The tags lower-cased, one after another, and their lengths (written, lower-cased) as
    /// varint pairs.
    tag_text: &'a [u8],
    tag_lens: &'a [u8],
    /// Slug, title and category as written, postcard-encoded: what a result shows.
    shown: &'a [u8],
}

impl<'a> Record<'a> {
    /// Slug, title and alias keys, in that order.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let names = self.names;
        let mut start = 0;
        memchr::memchr_iter(b'\n', names.as_bytes()).map(move |end| {
            let name = &names[start..end];
            start = end + 1;
            name
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
        let (mut lens, mut text) = (self.tag_lens, self.tag_text);
        std::iter::from_fn(move || {
            let len = take_varint(&mut lens)?;
            let lower = take(&mut text, take_varint(&mut lens)?)?;
            Some(Hay { len, lower })
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
/// the search for a substring needs no more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hay<'a> {
    pub len: u64,
    pub lower: &'a [u8],
}

/// A block of records, column by column (see the module's comment).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Block<'a> {
    keys: &'a str,
    #[serde(serialize_with = "as_bytes")]
    text: &'a [u8],
    #[serde(serialize_with = "as_bytes")]
    shown: &'a [u8],
    #[serde(serialize_with = "as_bytes")]
    cuts: &'a [u8],
}

/// Writes a byte string as bytes (serde would write a list of numbers), so it reads back borrowed.
fn as_bytes<S: serde::Serializer>(bytes: &&[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bytes(bytes)
}

impl<'a> Block<'a> {
    /// The block's records in order; an `Err` for a cut that does not fit (a damaged block).
    pub fn records(&self) -> impl Iterator<Item = Result<Record<'a>, Error>> + use<'a> {
        let (mut keys, mut text, mut shown, mut cuts) =
            (self.keys, self.text, self.shown, self.cuts);
        std::iter::from_fn(move || {
            if cuts.is_empty() {
                return None;
            }
            let record = next_record(&mut keys, &mut text, &mut shown, &mut cuts);
            Some(record.ok_or_else(|| Error::Cache("a search block is cut wrong".into())))
        })
    }
}

fn next_record<'a>(
    keys: &mut &'a str,
    text: &mut &'a [u8],
    shown: &mut &'a [u8],
    cuts: &mut &'a [u8],
) -> Option<Record<'a>> {
    let mut key = |cuts: &mut &'a [u8]| -> Option<&'a str> {
        let len = usize::try_from(take_varint(cuts)?).ok()?;
        let (piece, rest) = (keys.get(..len)?, keys.get(len..)?);
        *keys = rest;
        Some(piece)
    };
    let names = key(cuts)?;
    let category_key = key(cuts)?;
    let tag_keys = key(cuts)?;
    let mut hay = |cuts: &mut &'a [u8]| -> Option<Hay<'a>> {
        let len = take_varint(cuts)?;
        let lower = take(text, take_varint(cuts)?)?;
        Some(Hay { len, lower })
    };
    let summary_text = hay(cuts)?;
    let category_text = hay(cuts)?;
    let tags = take_varint(cuts)?;
    let before = *cuts;
    let mut tag_bytes = 0;
    for _ in 0..tags {
        take_varint(cuts)?;
        tag_bytes += take_varint(cuts)?;
    }
    let tag_lens = &before[..before.len() - cuts.len()];
    let tag_text = take(text, tag_bytes)?;
    let shown = take(shown, take_varint(cuts)?)?;
    Some(Record {
        names,
        category_key,
        tag_keys,
        category_text,
        summary_text,
        tag_text,
        tag_lens,
        shown,
    })
}

/// Cuts `len` bytes off the front of `bytes`.
fn take<'a>(bytes: &mut &'a [u8], len: u64) -> Option<&'a [u8]> {
    let len = usize::try_from(len).ok()?;
    let (piece, rest) = (bytes.get(..len)?, bytes.get(len..)?);
    *bytes = rest;
    Some(piece)
}

/// Reads an unsigned LEB128 varint (as postcard writes integers) off the front of `bytes`.
fn take_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// One entry's record, owned: made from the entry, and appended to a block when written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordBuf {
    keys: String,
    text: Vec<u8>,
    shown: Vec<u8>,
    cuts: Vec<u8>,
}

impl RecordBuf {
    pub fn of(entry: &Entry) -> RecordBuf {
        let mut buf = RecordBuf {
            keys: String::new(),
            text: Vec::new(),
            shown: encode(&Shown {
                slug: &entry.slug,
                title: &entry.title,
                category: &entry.category,
            }),
            cuts: Vec::new(),
        };
        let start = buf.keys.len();
        for name in [&entry.slug, &entry.title]
            .into_iter()
            .chain(&entry.aliases)
        {
            buf.keys.push_str(&normalize(name));
            buf.keys.push('\n');
        }
        put_varint(&mut buf.cuts, (buf.keys.len() - start) as u64);
        let category = normalize(&entry.category);
        buf.keys.push_str(&category);
        put_varint(&mut buf.cuts, category.len() as u64);
        let start = buf.keys.len();
        for tag in &entry.tags {
            buf.keys.push_str(&normalize(tag));
            buf.keys.push('\n');
        }
        put_varint(&mut buf.cuts, (buf.keys.len() - start) as u64);
        for text in [&entry.summary, &entry.category] {
            buf.push_text(text);
        }
        put_varint(&mut buf.cuts, entry.tags.len() as u64);
        for tag in &entry.tags {
            buf.push_text(tag);
        }
        put_varint(&mut buf.cuts, buf.shown.len() as u64);
        buf
    }

    fn push_text(&mut self, text: &str) {
        let lower = text.to_lowercase();
        put_varint(&mut self.cuts, text.len() as u64);
        put_varint(&mut self.cuts, lower.len() as u64);
        self.text.extend_from_slice(lower.as_bytes());
    }

    /// The record, read back as a block's reader reads it.
    pub fn record(&self) -> Record<'_> {
        let block = Block {
            keys: &self.keys,
            text: &self.text,
            shown: &self.shown,
            cuts: &self.cuts,
        };
        // A record made here always reads back; the fallback is never reached.
        let mut records = block.records();
        records.next().and_then(Result::ok).unwrap_or(Record {
            names: "",
            category_key: "",
            tag_keys: "",
            category_text: Hay { len: 0, lower: &[] },
            summary_text: Hay { len: 0, lower: &[] },
            tag_text: &[],
            tag_lens: &[],
            shown: &[],
        })
    }
}

/// Gathers records into a block.
#[derive(Debug, Default)]
pub struct BlockBuf {
    keys: String,
    text: Vec<u8>,
    shown: Vec<u8>,
    cuts: Vec<u8>,
}

impl BlockBuf {
    pub fn push(&mut self, record: &RecordBuf) {
        self.keys.push_str(&record.keys);
        self.text.extend_from_slice(&record.text);
        self.shown.extend_from_slice(&record.shown);
        self.cuts.extend_from_slice(&record.cuts);
    }

    /// Bytes gathered so far.
    pub fn len(&self) -> usize {
        self.keys.len() + self.text.len() + self.shown.len() + self.cuts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cuts.is_empty()
    }

    /// The block, encoded; empties the buffer.
    pub fn take(&mut self) -> Vec<u8> {
        let bytes = encode(&Block {
            keys: &self.keys,
            text: &self.text,
            shown: &self.shown,
            cuts: &self.cuts,
        });
        *self = BlockBuf::default();
        bytes
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
        assert_eq!(record.category_text().lower, b"careers");
        let tags: Vec<_> = record.tag_text().map(|h| (h.len, h.lower)).collect();
        assert_eq!(tags, [(10, &b"leadership"[..]), (2, "i̇".as_bytes())]);
        let mut block = BlockBuf::default();
        block.push(&buf);
        block.push(&buf);
        let bytes = block.take();
        let back: Block = postcard::from_bytes(&bytes).unwrap();
        let records: Vec<Record> = back.records().map(Result::unwrap).collect();
        assert_eq!(records, [record.clone(), record]);
        assert_eq!(records[1].shown().unwrap().slug, "Tech_Lead");
        assert_eq!(records[1].shown().unwrap().category, "Careers");
    }

    #[test]
    fn varints_read_back_and_bad_cuts_are_caught() {
        for n in [0, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            let mut out = Vec::new();
            put_varint(&mut out, n);
            assert_eq!(out, postcard::to_stdvec(&n).unwrap());
            let mut bytes = out.as_slice();
            assert_eq!(take_varint(&mut bytes), Some(n));
            assert!(bytes.is_empty());
        }
        let block = Block {
            keys: "é",
            text: b"",
            shown: b"",
            cuts: &[1],
        };
        assert!(block.records().next().unwrap().is_err());
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
        assert_eq!(record.tag_keys().count(), 0);
        assert_eq!(record.tag_text().count(), 0);
    }
}
