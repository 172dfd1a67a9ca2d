//! The compiled glossary: entries, a hashed index of their names and a search table in one
//! checksummed file, so a lookup reads a few small pieces instead of the whole glossary.
//!
//! Layout (integers little-endian; "postcard" is the `postcard` crate's encoding):
//! - prefix, 40 bytes: magic, format version, offset, length and checksum of the header;
//! - the entries, each postcard-encoded;
//! - the search table: blocks of records, each a keys piece and a text piece (see
//!   [`super::record`]);
//! - the search index's pieces, then what listings read: one piece holding each kept entry's
//!   [`ListRow`], one of their places in title order, the categories and tags (a piece of
//!   entries each, and a piece of names and counts), and each entry's links and backlinks;
//! - the index buckets: each a postcard list of `(key, slug target, title targets, alias targets)`;
//! - the search directory (two slots a block), the index directory (one slot a bucket), the
//!   links directory and the entry directory (one slot an entry each), each slot `offset u64, length u32, 0u32, checksum u64`;
//! - the header (postcard): what wrote the file, for which source file, and where things are.
//!
//! Every piece is checked against its checksum before it is decoded, and every offset against
//! the file's bounds, so a damaged file is caught where it is read and never believed.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Seek, SeekFrom, Write};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::catalog::Catalog;
use super::index::{DocTerms, IndexBuf, IndexRead, Labels, MemIndex, Postings, Stats};
use super::listing::{self, Group, Grouping, Row, Rows};
use super::record::{BlockBuf, KeysPiece, Needle, Record, RecordBuf, encode, put_varint};
use super::source::SourceKind;
use super::{Deduped, Deduper, Duplicate, Entry, Lookup, Place, SourceInfo};
use crate::error::Error;
use crate::glossary::key::normalize;

mod read;
mod write;

pub use read::{Blob, Compiled, stamp_of};
pub use write::{Prepared, Writer};

const MAGIC: [u8; 8] = *b"TLGLOSS\0";
/// Bumped when the layout changes; [`Stamp::schema`] also changes with the code that writes it.
pub const FORMAT_VERSION: u32 = 7;
const PREFIX_LEN: u64 = 40;
const SLOT_LEN: u64 = 24;
/// Search blocks are cut after this many bytes of records: big enough to read quickly, small
/// enough that scanning keeps little in memory.
const BLOCK_TARGET: usize = 64 * 1024;
const INDEX_SEED: u64 = 0x7465_6368_6c65_6164;

/// Identifies the code that reads and writes compiled glossaries: set by build.rs from the
/// package version, the compiler and the model's sources, so a cache written by another build
/// is never read as if it were this one's.
pub const SCHEMA: &str = match option_env!("TECHLEAD_GLOSSARY_SCHEMA") {
    Some(schema) => schema,
    None => "",
};

/// Which file a compiled glossary was made from, as it was then: what `fstat` said of the
/// descriptor its text was read through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileId {
    /// The canonical path, as bytes: where the cache file goes, and what pruning looks for.
    pub path: Vec<u8>,
    pub device: u64,
    pub inode: u64,
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch.
    pub modified_ns: i128,
    /// Status-change time in nanoseconds since the Unix epoch. No user can set it, so any
    /// rewrite or replacement of the file changes it, whatever it does to the modification time.
    pub changed_ns: i128,
}

/// What a compiled glossary is stamped with, and checked against when read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub schema: String,
    /// `None` for the bundled glossary.
    pub key: Option<FileId>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    stamp: Stamp,
    total_len: u64,
    /// Entries as written, duplicates included.
    written: u64,
    /// Entries kept.
    entries: u64,
    duplicates: Vec<Duplicate>,
    /// The glossary's display name (`name:` in the file), if it has one.
    title: Option<String>,
    entry_dir: u64,
    index_dir: u64,
    buckets: u64,
    search_dir: u64,
    /// Index of the first record of each search block.
    blocks: Vec<u64>,
    /// The search index, when it was built: a first `show` leaves it out, and the first search
    /// writes the file again with it ([`Compiled::indexed`]).
    search_index: Option<SearchPart>,
    /// The listing piece: a [`ListRow`] per kept entry, in order.
    listing: Slot,
    /// Each kept entry's place in title order, a postcard list.
    ranks: Slot,
    /// The categories and the tags: each a postcard list of `(group, members' slot)`, the
    /// members a piece of their own (a postcard list of entry indices).
    categories: Slot,
    tags: Slot,
    /// One slot an entry: a postcard `(links, backlinks)` of entry indices.
    links_dir: u64,
}

/// Where the search index is: its counts, its term buckets' directory and count, the
/// vocabulary's directory (one slot a word length) and the labels piece's slot.
#[derive(Debug, Serialize, Deserialize)]
struct SearchPart {
    stats: Stats,
    terms_dir: u64,
    term_buckets: u64,
    vocabulary_dir: u64,
    vocabulary_lens: u64,
    labels: Slot,
}

/// What a listing needs of an entry, kept apart so that `list`, `categories` and `tags` read
/// one small piece instead of decoding every whole entry (issue 14, item 10).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub slug: String,
    pub title: String,
    pub category: String,
    pub tags: Vec<String>,
    pub published: Option<String>,
}

impl ListRow {
    pub fn of(entry: &Entry) -> ListRow {
        ListRow {
            slug: entry.slug.clone(),
            title: entry.title.clone(),
            category: entry.category.clone(),
            tags: entry.tags.clone(),
            published: entry.published.clone(),
        }
    }

    /// The row as listings read it (the same bytes once encoded).
    pub fn row(&self) -> Row<'_> {
        Row {
            slug: &self.slug,
            title: &self.title,
            category: &self.category,
            tags: self.tags.iter().map(String::as_str).collect(),
            published: self.published.as_deref(),
        }
    }
}

/// The checksum of a piece, seeded with where it claims to be so a slot pointing elsewhere fails.
fn seal(bytes: &[u8], offset: u64, len: u64) -> u64 {
    xxh3_64_with_seed(bytes, offset.rotate_left(23) ^ len ^ 0x5eed)
}

fn bucket_of(key: &str, buckets: u64) -> u64 {
    xxh3_64_with_seed(key.as_bytes(), INDEX_SEED) & (buckets - 1)
}

fn damaged(what: impl Into<String>) -> Error {
    Error::Cache(what.into())
}

fn encode_slot(offset: u64, len: u64, check: u64) -> [u8; SLOT_LEN as usize] {
    let mut slot = [0u8; SLOT_LEN as usize];
    slot[..8].copy_from_slice(&offset.to_le_bytes());
    slot[8..12].copy_from_slice(&(len as u32).to_le_bytes());
    slot[16..].copy_from_slice(&check.to_le_bytes());
    slot
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(b)
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(b)
}

/// A bucket of the name index: `(key, slug target, title targets, alias targets)`.
type Bucket<'a> = Vec<(&'a str, Option<u32>, Vec<u32>, Vec<u32>)>;

/// Where a piece is and its checksum: `(offset, length, checksum)`, as a directory slot holds.
type Slot = (u64, u64, u64);

/// A bucket of the term index: `(term, entries holding it, where its postings are, or the
/// postings themselves when short)`.
type TermBucket<'a> = Vec<(&'a str, u32, Slot, &'a [u8])>;

/// Postings lists up to this many bytes are kept in their term's bucket.
const INLINE: usize = 24;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::source::SourceText;
    use crate::glossary::{Glossary, parse_source};
    use std::io::Cursor;

    const TEXT: &str = "entries:
  - {slug: a, title: Alpha, aliases: [First, Shared], category: C, tags: [x], summary: The first., related: [beta]}
  - {slug: b, title: Beta, aliases: [Shared], category: C, summary: The second., related: [a, nowhere]}
  - {slug: a, title: Alpha Again, category: D, summary: Replaces the first.}
  - {slug: c, title: Beta, category: C, summary: Same title as b.}
";

    fn stamp() -> Stamp {
        Stamp {
            schema: "test".into(),
            key: None,
        }
    }

    fn compiled(text: &str) -> (Compiled<Vec<u8>>, Glossary) {
        compiled_with(text, true)
    }

    fn compiled_with(text: &str, indexed: bool) -> (Compiled<Vec<u8>>, Glossary) {
        let source = SourceText {
            name: "g.yaml".into(),
            kind: SourceKind::File,
            text: text.into(),
        };
        let parsed = parse_source(&source).unwrap();
        let mut out = Cursor::new(Vec::new());
        let mut writer = Writer::new(&mut out, indexed).unwrap();
        for entry in &parsed.entries {
            writer.push(Prepared::of(entry, indexed)).unwrap();
        }
        let lines = super::super::yaml::LineMap::new(text);
        let len = writer.finish(stamp(), None, |i| lines.entry(i)).unwrap();
        let bytes = out.into_inner();
        assert_eq!(len, bytes.len() as u64);
        let c = Compiled::open(bytes, &stamp(), "g.yaml", SourceKind::File).unwrap();
        let (g, _) = Glossary::merge(vec![parsed]).unwrap();
        (c, g)
    }

    #[test]
    fn what_listings_read_agrees_with_the_in_memory_glossary() {
        let (c, g) = compiled(TEXT);
        let (ours, theirs) = (Catalog::rows(&c).unwrap(), Catalog::rows(&g).unwrap());
        assert_eq!(ours.rows().unwrap(), theirs.rows().unwrap());
        // The later `a` replaced the first, in the first's place.
        assert_eq!(ours.rows().unwrap()[0].title, "Alpha Again");
        assert_eq!(c.title_ranks().unwrap(), g.title_ranks().unwrap());
        for grouping in [Grouping::Category, Grouping::Tag] {
            let groups = c.groups(grouping).unwrap();
            assert_eq!(groups, g.groups(grouping).unwrap());
            for group in groups.iter().map(|g| &g.key).chain([&"none".to_string()]) {
                assert_eq!(
                    c.members(grouping, group).unwrap(),
                    g.members(grouping, group).unwrap()
                );
            }
        }
        for i in 0..3 {
            assert_eq!(c.related_of(i).unwrap(), g.related_of(i));
            assert_eq!(c.backlinks_of(i).unwrap(), g.backlinks()[i]);
        }
        assert_eq!(c.backlinks_of(0).unwrap(), [1]);
    }

    #[test]
    fn answers_like_the_in_memory_glossary() {
        let (c, g) = compiled(TEXT);
        assert_eq!(c.len(), 3);
        assert_eq!(c.info().entries, 4);
        for term in [
            "a",
            "b",
            "c",
            "alpha",
            "Alpha Again",
            "beta",
            "shared",
            "first",
            "none",
            "?",
        ] {
            assert_eq!(c.lookup(term).unwrap(), g.lookup(term), "{term}");
        }
        for i in 0..3 {
            assert_eq!(*c.entry(i).unwrap(), g.entries[i]);
        }
        let mut slugs = Vec::new();
        c.scan(0, 1, None, &mut |i, r| {
            assert_eq!(*r, RecordBuf::of(&g.entries[i]).record());
            slugs.push(r.shown().unwrap().slug.to_string());
            Ok(())
        })
        .unwrap();
        assert_eq!(slugs, ["a", "b", "c"]);
        assert_eq!(
            c.duplicates()[0].warning("g.yaml"),
            "g.yaml:4: duplicate slug 'a' (also entry 1); the later entry wins"
        );
        assert_eq!(c.to_deduped().unwrap().entries, g.entries);
    }

    #[test]
    fn a_file_without_the_index_written_again_with_it_is_the_file_compiled_with_it() {
        let again = |without: &Compiled<Vec<u8>>| {
            let mut out = Cursor::new(Vec::new());
            let len = without.indexed(&mut out).unwrap().unwrap();
            assert_eq!(len as usize, out.get_ref().len());
            Compiled::open(out.into_inner(), &stamp(), "g.yaml", SourceKind::File).unwrap()
        };
        // Without duplicates, byte for byte.
        let unique: String = TEXT
            .lines()
            .filter(|l| !l.contains("Alpha Again"))
            .collect::<Vec<_>>()
            .join("\n");
        let (with, _) = compiled_with(&unique, true);
        let (without, _) = compiled_with(&unique, false);
        assert!(with.has_index() && !without.has_index());
        assert!(matches!(without.index(), Err(Error::Unindexed)));
        assert_eq!(again(&without).blob, with.blob);
        // With them, the replaced entry's bytes are not written again; the rest answers alike.
        let (with, g) = compiled_with(TEXT, true);
        let (without, _) = compiled_with(TEXT, false);
        let again = again(&without);
        assert_eq!(again.info(), with.info());
        assert_eq!(again.duplicates(), with.duplicates());
        assert_eq!(again.to_deduped().unwrap().entries, g.entries);
        let (ours, theirs) = (again.index().unwrap(), with.index().unwrap());
        assert_eq!(ours.stats(), theirs.stats());
        for term in ["alpha", "first", "second", "same", "beta", "nothing"] {
            let postings = |i: &dyn IndexRead| {
                i.postings(term)
                    .unwrap()
                    .map(|p| (p.df, p.bytes.into_owned()))
            };
            assert_eq!(postings(&*ours), postings(&*theirs), "{term}");
        }
    }

    #[test]
    fn an_empty_glossary_compiles() {
        let (c, _) = compiled("entries: []\n");
        assert!(c.is_empty());
        assert_eq!(c.lookup("x").unwrap(), Lookup::Missing);
        c.scan(0, 1, None, &mut |_, _| panic!("no records"))
            .unwrap();
    }

    #[test]
    fn any_flipped_byte_is_caught_or_harmless() {
        let (c, g) = compiled(TEXT);
        let bytes = c.blob.clone();
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x41;
            let Ok(c) = Compiled::open(bad, &stamp(), "g.yaml", SourceKind::File) else {
                continue;
            };
            // Whatever opens must answer exactly as before or fail with a cache error.
            for term in ["a", "b", "c", "beta", "shared"] {
                match c.lookup(term) {
                    Ok(found) => assert_eq!(found, g.lookup(term), "byte {at}"),
                    Err(e) => assert!(matches!(e, Error::Cache(_))),
                }
            }
            for i in 0..3 {
                if let Ok(entry) = c.entry(i) {
                    assert_eq!(*entry, g.entries[i], "byte {at}");
                }
            }
            let mut seen = Vec::new();
            if c.scan(0, 1, None, &mut |i, r| {
                seen.push((i, r.slug_key().to_string()));
                Ok(())
            })
            .is_ok()
            {
                assert_eq!(seen.len(), 3, "byte {at}");
            }
        }
    }

    #[test]
    fn wrong_stamp_length_or_magic_is_refused() {
        let (c, _) = compiled(TEXT);
        let bytes = c.blob.clone();
        let other = Stamp {
            schema: "other".into(),
            key: None,
        };
        assert!(Compiled::open(bytes.clone(), &other, "g", SourceKind::File).is_err());
        let cut = bytes[..bytes.len() - 1].to_vec();
        assert!(Compiled::open(cut, &stamp(), "g", SourceKind::File).is_err());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Compiled::open(longer, &stamp(), "g", SourceKind::File).is_err());
        assert!(Compiled::open(Vec::new(), &stamp(), "g", SourceKind::File).is_err());
        let mut version = bytes;
        version[8] ^= 1;
        assert!(Compiled::open(version, &stamp(), "g", SourceKind::File).is_err());
    }
}
