//! What search reads of an entry: its names as keys, its filter keys and its lower-cased text,
//! stored in blocks that a search scans without loading any entry.
//!
//! A block keeps its records column by column, so that reading one checks the UTF-8 of its keys
//! once and allocates nothing per record: all keys (UTF-8), all shown fields (postcard), the
//! lengths that cut those into records (varints), and, in a piece of its own, all lower-cased
//! text (bytes, each field followed by a NUL). The text tier's substring search runs over a
//! block's whole text at once, and not at all when the block's trigram filter shows the text
//! cannot hold the query: a mistyped query then reads a third of the table.

use memchr::memmem::Finder;
use serde::{Deserialize, Serialize};

use super::Entry;
use crate::error::Error;
use crate::glossary::key::normalize;

/// One entry as search sees it, borrowed from a block (or from a [`RecordBuf`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Record<'a> {
    /// Normalised keys of the names the entry is found by (slug, title, then aliases), one after
    /// another, and their lengths (varints), so that nothing is scanned to cut them apart.
    names: &'a str,
    name_lens: &'a [u8],
    /// Every name key is ASCII, so lengths in bytes are lengths in characters.
    ascii: bool,
    /// Normalised keys for `--category` and `--tag` (the tags' each ending in `\n`).
    category_key: &'a str,
    tag_keys: &'a str,
    /// Slug, title and category as written, postcard-encoded: what a result shows.
    shown: &'a [u8],
    /// Where the text tier's needle was found, when the scan was given one.
    text: TextHit,
}

/// Where a record's text holds the text tier's needle.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextHit {
    /// In a tag or the category.
    pub labels: bool,
    pub summary: bool,
}

impl<'a> Record<'a> {
    /// Slug, title and alias keys, in that order.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let (mut lens, mut rest) = (self.name_lens, self.names);
        std::iter::from_fn(move || {
            let len = usize::try_from(take_varint(&mut lens)?).ok()?;
            let (name, tail) = (rest.get(..len)?, rest.get(len..)?);
            rest = tail;
            Some(name)
        })
    }

    /// Whether every name key is ASCII, so its length in bytes is its length in characters.
    pub fn names_are_ascii(&self) -> bool {
        self.ascii
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

    /// Where the needle the scan was given was found.
    pub fn text_hit(&self) -> TextHit {
        self.text
    }

    /// Slug, title and category as written.
    pub fn shown(&self) -> Result<Headline<'a>, Error> {
        postcard::from_bytes(self.shown).map_err(|e| Error::Cache(e.to_string()))
    }
}

/// What a search result shows of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub category: &'a str,
}

/// The text tier's needle: the query as written, whitespace collapsed, lower-cased. A field
/// holds it when its lower-cased text contains it and its text as written is at least as long
/// (lower-casing can change a length; the rule compares the written one).
pub struct Needle<'n> {
    len: usize,
    finder: Finder<'n>,
    /// The needle, for the trigram filter; `None` when it has a NUL.
    text: Option<&'n [u8]>,
    /// A needle with a NUL could span two fields of a block's text, so it is looked for field
    /// by field instead (the command line cannot pass one).
    field_by_field: bool,
}

impl<'n> Needle<'n> {
    pub fn new(needle: &'n str) -> Needle<'n> {
        let field_by_field = needle.contains('\0');
        Needle {
            len: needle.len(),
            finder: Finder::new(needle),
            text: (!field_by_field).then_some(needle.as_bytes()),
            field_by_field,
        }
    }

    /// Whether text as written holds the needle, case-insensitively.
    pub fn in_text(&self, text: &str) -> bool {
        text.len() >= self.len && self.finder.find(text.to_lowercase().as_bytes()).is_some()
    }
}

/// A block of records, column by column (see the module's comment): the keys piece, and the
/// text piece if it was read.
#[derive(Debug, Default)]
pub struct Block<'a> {
    keys: &'a str,
    text: Option<&'a [u8]>,
    shown: &'a [u8],
    cuts: &'a [u8],
}

/// A block's keys piece as stored.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct KeysPiece<'a> {
    keys: &'a str,
    #[serde(serialize_with = "as_bytes")]
    shown: &'a [u8],
    #[serde(serialize_with = "as_bytes")]
    cuts: &'a [u8],
    /// The trigrams of the block's text, as a bit set (see [`trigram`]).
    #[serde(serialize_with = "as_bytes")]
    grams: &'a [u8],
}

/// Bits in a block's trigram filter: few enough bits set by a block's text that a trigram it
/// lacks is seen as lacking almost always.
const GRAM_BITS: usize = 1 << 15;

/// The filter bit of the trigram `t`.
fn trigram(t: &[u8]) -> usize {
    let packed = u32::from(t[0]) << 16 | u32::from(t[1]) << 8 | u32::from(t[2]);
    (packed.wrapping_mul(0x9e37_79b1) >> (32 - GRAM_BITS.trailing_zeros())) as usize
}

impl<'a> KeysPiece<'a> {
    /// Whether the block's text may hold `needle`: `false` only when one of the needle's
    /// trigrams appears nowhere in it (so no field holds the needle).
    pub fn may_hold(&self, needle: &Needle) -> bool {
        let Some(text) = needle.text.filter(|t| t.len() >= 3) else {
            return true;
        };
        self.grams.len() != GRAM_BITS / 8
            || text.windows(3).all(|t| {
                let bit = trigram(t);
                self.grams[bit / 8] & (1 << (bit % 8)) != 0
            })
    }

    /// The block, with its text piece when it was read.
    pub fn block(&self, text: Option<&'a [u8]>) -> Block<'a> {
        Block {
            keys: self.keys,
            text,
            shown: self.shown,
            cuts: self.cuts,
        }
    }
}

/// Writes a byte string as bytes (serde would write a list of numbers), so it reads back borrowed.
fn as_bytes<S: serde::Serializer>(bytes: &&[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bytes(bytes)
}

impl<'a> Block<'a> {
    /// The block's records in order, with where `needle` is found in each; an `Err` for a cut
    /// that does not fit (a damaged block).
    pub fn records<'s>(
        &self,
        needle: Option<&'s Needle<'s>>,
    ) -> impl Iterator<Item = Result<Record<'a>, Error>> + use<'a, 's> {
        let mut reader = Reader {
            keys: self.keys,
            text: self.text,
            at: 0,
            shown: self.shown,
            cuts: self.cuts,
            needle: needle.filter(|_| self.text.is_some()),
            found: match (needle, self.text) {
                (Some(n), Some(text)) if !n.field_by_field => n.finder.find_iter(text).collect(),
                _ => Vec::new(),
            },
            next_found: 0,
        };
        std::iter::from_fn(move || {
            if reader.cuts.is_empty() {
                return None;
            }
            let record = reader.next_record();
            Some(record.ok_or_else(|| Error::Cache("a search block is cut wrong".into())))
        })
    }
}

/// Reads a block's columns record by record.
struct Reader<'a, 's> {
    keys: &'a str,
    /// `None` when the text piece was not read (no field can hold the needle).
    text: Option<&'a [u8]>,
    /// Where in `text` the next field starts.
    at: usize,
    shown: &'a [u8],
    cuts: &'a [u8],
    needle: Option<&'s Needle<'s>>,
    /// Where the needle is in the block's text, in order.
    found: Vec<usize>,
    next_found: usize,
}

impl<'a> Reader<'a, '_> {
    fn key(&mut self) -> Option<&'a str> {
        let len = take_varint(&mut self.cuts)?;
        self.key_of(len)
    }

    fn key_of(&mut self, len: u64) -> Option<&'a str> {
        let len = usize::try_from(len).ok()?;
        let (piece, rest) = (self.keys.get(..len)?, self.keys.get(len..)?);
        self.keys = rest;
        Some(piece)
    }

    /// Steps over one text field and its NUL; says whether it holds the needle.
    fn field(&mut self) -> Option<bool> {
        let written = take_varint(&mut self.cuts)?;
        let len = usize::try_from(take_varint(&mut self.cuts)?).ok()?;
        let (start, end) = (self.at, self.at.checked_add(len)?);
        self.at = end.checked_add(1)?;
        let Some(text) = self.text else {
            return Some(false);
        };
        if text.get(end) != Some(&0) {
            return None;
        }
        let Some(needle) = self.needle else {
            return Some(false);
        };
        let inside = if needle.field_by_field {
            needle.finder.find(&text[start..end]).is_some()
        } else {
            // Matches are in order and none crosses a NUL, so the first at or after the field's
            // start is in the field if any is.
            while self.found.get(self.next_found).is_some_and(|&p| p < start) {
                self.next_found += 1;
            }
            self.found.get(self.next_found).is_some_and(|&p| p < end)
        };
        Some(inside && written >= needle.len as u64)
    }

    fn next_record(&mut self) -> Option<Record<'a>> {
        let count = take_varint(&mut self.cuts)?;
        let before = self.cuts;
        let mut total = 0u64;
        for _ in 0..count {
            total = total.checked_add(take_varint(&mut self.cuts)?)?;
        }
        let name_lens = &before[..before.len() - self.cuts.len()];
        let names = self.key_of(total)?;
        let ascii = take_varint(&mut self.cuts)? != 0;
        let category_key = self.key()?;
        let tag_keys = self.key()?;
        let summary = self.field()?;
        let mut labels = self.field()?;
        for _ in 0..take_varint(&mut self.cuts)? {
            labels |= self.field()?;
        }
        let len = take_varint(&mut self.cuts)?;
        let shown = take(&mut self.shown, len)?;
        Some(Record {
            names,
            name_lens,
            ascii,
            category_key,
            tag_keys,
            shown,
            text: TextHit { labels, summary },
        })
    }
}

/// Cuts `len` bytes off the front of `bytes`.
fn take<'a>(bytes: &mut &'a [u8], len: u64) -> Option<&'a [u8]> {
    let len = usize::try_from(len).ok()?;
    let (piece, rest) = (bytes.get(..len)?, bytes.get(len..)?);
    *bytes = rest;
    Some(piece)
}

/// Reads an unsigned LEB128 varint (as postcard writes integers) off the front of `bytes`.
pub fn take_varint(bytes: &mut &[u8]) -> Option<u64> {
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

/// Writes an unsigned LEB128 varint, as postcard writes integers.
pub fn put_varint(out: &mut Vec<u8>, mut value: u64) {
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
            shown: encode(&Headline {
                slug: &entry.slug,
                title: &entry.title,
                category: &entry.category,
            }),
            cuts: Vec::new(),
        };
        let names: Vec<String> = [&entry.slug, &entry.title]
            .into_iter()
            .chain(&entry.aliases)
            .map(|n| normalize(n))
            .collect();
        put_varint(&mut buf.cuts, names.len() as u64);
        for name in &names {
            put_varint(&mut buf.cuts, name.len() as u64);
            buf.keys.push_str(name);
        }
        put_varint(&mut buf.cuts, u64::from(names.iter().all(|n| n.is_ascii())));
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
        self.text.push(0);
    }

    fn block(&self) -> Block<'_> {
        Block {
            keys: &self.keys,
            text: Some(&self.text),
            shown: &self.shown,
            cuts: &self.cuts,
        }
    }

    /// The record, read back as a block's reader reads it, with where `needle` is found.
    pub fn record_with<'s>(&'s self, needle: Option<&'s Needle<'s>>) -> Record<'s> {
        // A record made here always reads back; the fallback is never reached.
        let fallback = Record {
            names: "",
            name_lens: &[],
            ascii: true,
            category_key: "",
            tag_keys: "",
            shown: &[],
            text: TextHit::default(),
        };
        let block = self.block();
        let mut records = block.records(needle);
        records.next().and_then(Result::ok).unwrap_or(fallback)
    }

    /// The record, read back as a block's reader reads it.
    pub fn record(&self) -> Record<'_> {
        self.record_with(None)
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

    /// The block's two pieces, encoded: keys (with the trigram filter of the text), and text.
    /// Empties the buffer.
    pub fn take(&mut self) -> (Vec<u8>, Vec<u8>) {
        let mut grams = vec![0u8; GRAM_BITS / 8];
        for t in self.text.windows(3) {
            let bit = trigram(t);
            grams[bit / 8] |= 1 << (bit % 8);
        }
        let keys = encode(&KeysPiece {
            keys: &self.keys,
            shown: &self.shown,
            cuts: &self.cuts,
            grams: &grams,
        });
        let text = std::mem::take(&mut self.text);
        *self = BlockBuf::default();
        (keys, text)
    }
}

/// Postcard into a new buffer; these types (no maps, no unsized lists) cannot fail to encode.
pub fn encode<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    postcard::to_stdvec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry() -> Entry {
        Entry {
            slug: "Tech_Lead".into(),
            title: "Technical Lead".into(),
            aliases: vec!["TL".into(), "Lead, Tech".into()],
            category: "Careers".into(),
            tags: vec!["Leadership".into(), "İ".into()],
            published: None,
            read_minutes: 1,
            summary: "İstanbul LEADS the way".into(),
            sections: vec![],
            related: vec![],
            links: vec![],
            lang: None,
        }
    }

    #[test]
    fn a_record_reads_back_from_a_block() {
        let buf = RecordBuf::of(&entry());
        let record = buf.record();
        assert_eq!(record.slug_key(), "tech-lead");
        assert_eq!(record.title_key(), "technical-lead");
        assert_eq!(record.alias_keys().collect::<Vec<_>>(), ["tl", "lead-tech"]);
        // Normalising drops the combining dot that lower-casing "İ" adds (see key.rs).
        assert_eq!(record.tag_keys().collect::<Vec<_>>(), ["leadership", "i"]);
        let mut block = BlockBuf::default();
        block.push(&buf);
        block.push(&buf);
        let (keys, text) = block.take();
        let piece: KeysPiece = postcard::from_bytes(&keys).unwrap();
        let back = piece.block(Some(&text));
        let records: Vec<Record> = back.records(None).map(Result::unwrap).collect();
        assert_eq!(records, [record.clone(), record]);
        assert_eq!(records[1].shown().unwrap().slug, "Tech_Lead");
        assert_eq!(records[1].shown().unwrap().category, "Careers");
    }

    /// The text tier's rule, field by field, as the blocks must reproduce it.
    fn by_hand(e: &Entry, needle: &str) -> TextHit {
        let holds = |t: &str| t.len() >= needle.len() && t.to_lowercase().contains(needle);
        TextHit {
            labels: e.tags.iter().chain([&e.category]).any(|t| holds(t)),
            summary: holds(&e.summary),
        }
    }

    #[test]
    fn the_needle_is_found_field_by_field_across_a_block() {
        let mut other = entry();
        other.summary = "x".into();
        other.category = "the way".into();
        other.tags = vec!["i̇".into(), "Lead".into()];
        let entries = [entry(), other.clone(), entry(), other];
        let bufs: Vec<RecordBuf> = entries.iter().map(RecordBuf::of).collect();
        let mut block = BlockBuf::default();
        for b in &bufs {
            block.push(b);
        }
        let (keys, column) = block.take();
        let piece: KeysPiece = postcard::from_bytes(&keys).unwrap();
        let back = piece.block(Some(&column));
        let unread = piece.block(None);
        for text in [
            "lead", "the way", "i̇", "leadsthe", "sthe", "careersi", "x", "İ", "a\0b", "way", "zzz",
            "leadz", "le",
        ] {
            let needle = Needle::new(text);
            let any = entries
                .iter()
                .any(|e| by_hand(e, text) != TextHit::default());
            if text == "zzz" {
                assert!(!piece.may_hold(&needle), "the filter rules text out");
            }
            assert!(
                !any || piece.may_hold(&needle),
                "{text:?}: the filter lost a match"
            );
            for r in unread.records(Some(&needle)) {
                assert_eq!(r.unwrap().text_hit(), TextHit::default());
            }
            let found: Vec<TextHit> = back
                .records(Some(&needle))
                .map(|r| r.unwrap().text_hit())
                .collect();
            let expected: Vec<TextHit> = entries.iter().map(|e| by_hand(e, text)).collect();
            assert_eq!(found, expected, "{text:?}");
            for (buf, e) in bufs.iter().zip(&entries) {
                assert_eq!(buf.record_with(Some(&needle)).text_hit(), by_hand(e, text));
            }
        }
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
            text: Some(b""),
            shown: b"",
            cuts: &[1],
        };
        assert!(block.records(None).next().unwrap().is_err());
        let block = Block {
            keys: "",
            text: Some(b"ab"),
            shown: b"",
            cuts: &[0, 0, 0, 2, 2],
        };
        assert!(
            block.records(None).next().unwrap().is_err(),
            "no NUL after a field"
        );
    }

    #[test]
    fn empty_keys_keep_their_place() {
        let mut e = entry();
        e.slug = "x".into();
        e.title = "???".into();
        e.aliases = vec!["".into(), "y".into()];
        e.tags = vec![];
        let buf = RecordBuf::of(&e);
        let record = buf.record();
        assert_eq!(record.names().collect::<Vec<_>>(), ["x", "", "", "y"]);
        assert_eq!(record.tag_keys().count(), 0);
    }
}
