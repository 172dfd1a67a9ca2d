//! The compiled glossary: entries, a hashed index of their names and a search table in one
//! checksummed file, so a lookup reads a few small pieces instead of the whole glossary.
//!
//! Layout (integers little-endian; "postcard" is the `postcard` crate's encoding):
//! - prefix, 40 bytes: magic, format version, offset, length and checksum of the header;
//! - the entries, each postcard-encoded;
//! - the search table: blocks of records, each a keys piece and a text piece (see
//!   [`super::record`]);
//! - the search index's pieces, then the listing: one piece holding each kept entry's
//!   [`ListRow`], all that `list`, `categories` and `tags` read;
//! - the index buckets: each a postcard list of `(key, slug target, title targets, alias targets)`;
//! - the search directory (two slots a block), the index directory (one slot a bucket) and the
//!   entry directory (one slot an entry), each slot `offset u64, length u32, 0u32, checksum u64`;
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
use super::record::{BlockBuf, KeysPiece, Needle, Record, RecordBuf, encode, put_varint};
use super::source::SourceKind;
use super::{Deduped, Deduper, Duplicate, Entry, Lookup, Place, SourceInfo};
use crate::error::Error;
use crate::key::normalize;

const MAGIC: [u8; 8] = *b"TLGLOSS\0";
/// Bumped when the layout changes; [`Stamp::schema`] also changes with the code that writes it.
pub const FORMAT_VERSION: u32 = 4;
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
pub struct Key {
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
    pub key: Option<Key>,
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
    /// The search index: its counts, its term buckets' directory and count, the vocabulary's
    /// directory (one slot a word length) and the labels piece's slot.
    stats: Stats,
    terms_dir: u64,
    term_buckets: u64,
    vocabulary_dir: u64,
    vocabulary_lens: u64,
    labels: Slot,
    /// The listing piece: a [`ListRow`] per kept entry, in order.
    listing: Slot,
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

    /// An entry with these fields and nothing else, for code that orders and filters entries.
    pub fn into_entry(self) -> Entry {
        Entry {
            slug: self.slug,
            title: self.title,
            aliases: Vec::new(),
            category: self.category,
            tags: self.tags,
            published: self.published,
            read_minutes: 0,
            summary: String::new(),
            sections: Vec::new(),
            related: Vec::new(),
            links: Vec::new(),
            lang: None,
        }
    }
}

/// Bytes a compiled glossary is read from: the bundled blob, a buffer, or a cache file.
pub trait Blob {
    fn size(&self) -> io::Result<u64>;
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()>;
}

impl Blob for [u8] {
    fn size(&self) -> io::Result<u64> {
        Ok(self.len() as u64)
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let start = usize::try_from(offset).map_err(|_| io::ErrorKind::UnexpectedEof)?;
        let piece = start
            .checked_add(buf.len())
            .and_then(|end| self.get(start..end))
            .ok_or(io::ErrorKind::UnexpectedEof)?;
        buf.copy_from_slice(piece);
        Ok(())
    }
}

impl Blob for Vec<u8> {
    fn size(&self) -> io::Result<u64> {
        self.as_slice().size()
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        self.as_slice().read_at(offset, buf)
    }
}

impl Blob for &'static [u8] {
    fn size(&self) -> io::Result<u64> {
        (**self).size()
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        (**self).read_at(offset, buf)
    }
}

impl Blob for File {
    fn size(&self) -> io::Result<u64> {
        Ok(self.metadata()?.len())
    }

    #[cfg(unix)]
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        std::os::unix::fs::FileExt::read_exact_at(self, buf, offset)
    }

    #[cfg(windows)]
    fn read_at(&self, mut offset: u64, mut buf: &mut [u8]) -> io::Result<()> {
        while !buf.is_empty() {
            match std::os::windows::fs::FileExt::seek_read(self, buf, offset)? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                n => {
                    buf = &mut buf[n..];
                    offset += n as u64;
                }
            }
        }
        Ok(())
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

/// A compiled glossary, read piece by piece from a [`Blob`].
#[derive(Debug)]
pub struct Compiled<B> {
    blob: B,
    header: Box<Header>,
    name: String,
    kind: SourceKind,
}

impl<B: Blob> Compiled<B> {
    /// Opens a compiled glossary and checks its prefix and header: the magic, the format
    /// version, the header's checksum, the stamp (which must equal `stamp`), and the length.
    /// `name` and `kind` are how the source is shown.
    pub fn open(blob: B, stamp: &Stamp, name: &str, kind: SourceKind) -> Result<Self, Error> {
        let (header, at, size) = read_header(&blob)?;
        if header.stamp != *stamp {
            return Err(damaged("made by another build or from another file"));
        }
        let fits = |offset: u64, len: u64| {
            offset >= PREFIX_LEN && offset.checked_add(len).is_some_and(|end| end <= at)
        };
        let dir_len = |n: u64| n.saturating_mul(SLOT_LEN);
        if header.total_len != size
            || header.entries > header.written
            || !header.buckets.is_power_of_two()
            || !fits(header.entry_dir, dir_len(header.entries))
            || !fits(header.index_dir, dir_len(header.buckets))
            || !fits(header.search_dir, dir_len(2 * header.blocks.len() as u64))
            || header.blocks.first().is_some_and(|&first| first != 0)
            || !header.blocks.windows(2).all(|w| w[0] < w[1])
            || header
                .blocks
                .last()
                .is_some_and(|&last| last >= header.entries)
            || (header.blocks.is_empty() && header.entries > 0)
            || !header.term_buckets.is_power_of_two()
            || !fits(header.terms_dir, dir_len(header.term_buckets))
            || !fits(header.vocabulary_dir, dir_len(header.vocabulary_lens))
            || u64::from(header.stats.entries) != header.entries
        {
            return Err(damaged("the header does not fit the file"));
        }
        Ok(Compiled {
            blob,
            header: Box::new(header),
            name: name.to_string(),
            kind,
        })
    }

    /// Entries kept after resolving duplicate slugs.
    pub fn len(&self) -> usize {
        self.header.entries as usize
    }

    pub fn is_empty(&self) -> bool {
        self.header.entries == 0
    }

    /// Duplicate slugs found when it was compiled, for the warnings a load prints.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.header.duplicates
    }

    pub fn info(&self) -> SourceInfo {
        SourceInfo {
            name: self.name.clone(),
            kind: self.kind,
            entries: self.header.written as usize,
        }
    }

    /// Every entry, decoded: the source as merging needs it.
    pub fn to_deduped(&self) -> Result<Deduped, Error> {
        let entries = (0..self.len())
            .map(|i| self.decode_entry(i))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Deduped {
            info: self.info(),
            title: self.header.title.clone(),
            entries,
            duplicates: self.header.duplicates.clone(),
        })
    }

    /// Reads the piece a directory slot points at and checks it.
    fn slotted(&self, dir: u64, index: u64) -> Result<Vec<u8>, Error> {
        let mut bytes = Vec::new();
        self.slotted_into(dir, index, &mut bytes)?;
        Ok(bytes)
    }

    /// [`Compiled::slotted`] into a buffer that a scan reuses from piece to piece.
    fn slotted_into(&self, dir: u64, index: u64, bytes: &mut Vec<u8>) -> Result<(), Error> {
        let mut slot = [0u8; SLOT_LEN as usize];
        self.blob
            .read_at(dir + index * SLOT_LEN, &mut slot)
            .map_err(|e| damaged(e.to_string()))?;
        let (offset, len, check) = (
            u64_at(&slot, 0),
            u64::from(u32_at(&slot, 8)),
            u64_at(&slot, 16),
        );
        self.piece_into((offset, len, check), bytes)
    }

    /// Reads the piece at `offset` of `len` bytes into a buffer and checks it.
    fn piece_into(&self, (offset, len, check): Slot, bytes: &mut Vec<u8>) -> Result<(), Error> {
        let end = offset.saturating_add(len);
        if offset < PREFIX_LEN || end > self.header.index_dir {
            return Err(damaged("a slot points outside the file"));
        }
        let len_usize = usize::try_from(len).map_err(|_| damaged("a piece is too large"))?;
        bytes.resize(len_usize, 0);
        self.blob
            .read_at(offset, bytes)
            .map_err(|e| damaged(e.to_string()))?;
        if seal(bytes, offset, len) != check {
            return Err(damaged("a piece fails its checksum"));
        }
        Ok(())
    }

    /// What listings need of every entry, from the listing piece alone.
    pub fn listing(&self) -> Result<Vec<ListRow>, Error> {
        let mut bytes = Vec::new();
        self.piece_into(self.header.listing, &mut bytes)?;
        let rows: Vec<ListRow> =
            postcard::from_bytes(&bytes).map_err(|e| damaged(e.to_string()))?;
        if rows.len() != self.len() {
            return Err(damaged("the listing does not match the entries"));
        }
        Ok(rows)
    }

    fn decode_entry(&self, index: usize) -> Result<Entry, Error> {
        if index >= self.len() {
            return Err(damaged("an index points past the entries"));
        }
        let bytes = self.slotted(self.header.entry_dir, index as u64)?;
        postcard::from_bytes(&bytes).map_err(|e| damaged(e.to_string()))
    }

    fn target(&self, index: u32) -> Result<usize, Error> {
        let index = index as usize;
        if index < self.len() {
            Ok(index)
        } else {
            Err(damaged("an index points past the entries"))
        }
    }
}

/// What a compiled glossary is stamped with, if its prefix and header pass their checks: what
/// tidying the cache needs to know of a file without opening it for lookups.
pub fn stamp_of<B: Blob + ?Sized>(blob: &B) -> Option<Stamp> {
    read_header(blob).ok().map(|(header, ..)| header.stamp)
}

/// Reads and checks the prefix and the header; returns the header, where it starts, and the
/// blob's size.
fn read_header<B: Blob + ?Sized>(blob: &B) -> Result<(Header, u64, u64), Error> {
    let size = blob.size().map_err(|e| damaged(e.to_string()))?;
    if size < PREFIX_LEN {
        return Err(damaged("too short"));
    }
    let mut prefix = [0u8; PREFIX_LEN as usize];
    blob.read_at(0, &mut prefix)
        .map_err(|e| damaged(e.to_string()))?;
    if prefix[..8] != MAGIC {
        return Err(damaged("not a compiled glossary"));
    }
    if u32_at(&prefix, 8) != FORMAT_VERSION {
        return Err(damaged("another format version"));
    }
    let (at, len, check) = (
        u64_at(&prefix, 16),
        u64::from(u32_at(&prefix, 24)),
        u64_at(&prefix, 32),
    );
    if at < PREFIX_LEN || at.checked_add(len) != Some(size) {
        return Err(damaged("the header is out of place"));
    }
    let bytes = read(blob, at, len)?;
    if seal(&bytes, at, len) != check {
        return Err(damaged("the header fails its checksum"));
    }
    let header: Header = postcard::from_bytes(&bytes).map_err(|e| damaged(e.to_string()))?;
    Ok((header, at, size))
}

fn read<B: Blob + ?Sized>(blob: &B, offset: u64, len: u64) -> Result<Vec<u8>, Error> {
    let len = usize::try_from(len).map_err(|_| damaged("a piece is too large"))?;
    let mut buf = vec![0u8; len];
    blob.read_at(offset, &mut buf)
        .map_err(|e| damaged(e.to_string()))?;
    Ok(buf)
}

impl<B: Blob + Sync> Catalog for Compiled<B> {
    fn index(&self) -> Result<Box<dyn IndexRead + '_>, Error> {
        Ok(Box::new(self))
    }

    fn sources(&self) -> Vec<SourceInfo> {
        vec![self.info()]
    }

    fn listing(&self) -> Result<Cow<'_, [Entry]>, Error> {
        Ok(Cow::Owned(
            Compiled::listing(self)?
                .into_iter()
                .map(ListRow::into_entry)
                .collect(),
        ))
    }

    fn lookup(&self, term: &str) -> Result<Lookup, Error> {
        let key = normalize(term);
        if key.is_empty() {
            return Ok(Lookup::Missing);
        }
        let bucket = bucket_of(&key, self.header.buckets);
        let bytes = self.slotted(self.header.index_dir, bucket)?;
        let keys: Bucket = postcard::from_bytes(&bytes).map_err(|e| damaged(e.to_string()))?;
        let Some((_, slug, titles, aliases)) = keys.into_iter().find(|(k, ..)| *k == key) else {
            return Ok(Lookup::Missing);
        };
        let resolve = |list: Vec<u32>| {
            list.into_iter()
                .map(|i| self.target(i))
                .collect::<Result<Vec<_>, _>>()
        };
        Ok(Lookup::decide(
            slug.map(|i| self.target(i)).transpose()?,
            &resolve(titles)?,
            &resolve(aliases)?,
        ))
    }

    fn entry(&self, index: usize) -> Result<Cow<'_, Entry>, Error> {
        self.decode_entry(index).map(Cow::Owned)
    }

    fn shares(&self) -> usize {
        self.header.blocks.len()
    }

    fn scan(
        &self,
        share: usize,
        shares: usize,
        needle: Option<&Needle>,
        visit: &mut dyn FnMut(usize, &Record<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let blocks = &self.header.blocks;
        let (mut keys, mut text) = (Vec::new(), Vec::new());
        for b in (share..blocks.len()).step_by(shares.max(1)) {
            let first = blocks[b] as usize;
            let end = blocks.get(b + 1).map_or(self.len(), |&next| next as usize);
            let dir = self.header.search_dir;
            self.slotted_into(dir, 2 * b as u64, &mut keys)?;
            let piece: KeysPiece =
                postcard::from_bytes(&keys).map_err(|e| damaged(e.to_string()))?;
            let read_text = needle.is_some_and(|n| piece.may_hold(n));
            if read_text {
                self.slotted_into(dir, 2 * b as u64 + 1, &mut text)?;
            }
            let block = piece.block(read_text.then_some(text.as_slice()));
            let mut index = first;
            for record in block.records(needle) {
                if index >= end {
                    return Err(damaged("a search block holds too many records"));
                }
                visit(index, &record?)?;
                index += 1;
            }
            if index != end {
                return Err(damaged("a search block holds too few records"));
            }
        }
        Ok(())
    }
}

/// An entry encoded for [`Writer::push`]: its bytes, its search record, and the names the index
/// files it under. Made on any thread; written in order.
#[derive(Debug)]
pub struct Prepared {
    slug: String,
    entry: Vec<u8>,
    record: RecordBuf,
    terms: DocTerms,
    row: ListRow,
}

impl Prepared {
    pub fn of(entry: &Entry) -> Prepared {
        // Room for the entry's text and a little more, so encoding grows the buffer rarely.
        let room = entry.summary.len() * 4 + 256;
        Prepared {
            slug: entry.slug.clone(),
            entry: postcard::to_extend(entry, Vec::with_capacity(room)).unwrap_or_default(),
            record: RecordBuf::of(entry),
            terms: DocTerms::of(entry),
            row: ListRow::of(entry),
        }
    }
}

/// Writes a compiled glossary: entries as they come, then the rest in [`Writer::finish`].
/// Duplicate slugs are resolved as [`super::ParsedSource::dedupe`] does, without holding entries.
pub struct Writer<'w, W: Write + Seek> {
    out: &'w mut W,
    pos: u64,
    deduper: Deduper,
    duplicates: Vec<Duplicate>,
    /// Per kept entry: where its bytes are.
    slots: Vec<Slot>,
    /// Per kept entry: its search record, which also holds the names it is found by.
    kept: Vec<RecordBuf>,
    /// The search index, built as entries come.
    search: IndexBuf,
    /// Per kept entry: what listings read.
    rows: Vec<ListRow>,
}

impl<'w, W: Write + Seek> Writer<'w, W> {
    /// Starts writing at the beginning of `out`.
    pub fn new(out: &'w mut W) -> io::Result<Self> {
        out.seek(SeekFrom::Start(0))?;
        out.write_all(&[0u8; PREFIX_LEN as usize])?;
        Ok(Writer {
            out,
            pos: PREFIX_LEN,
            deduper: Deduper::default(),
            duplicates: Vec::new(),
            slots: Vec::new(),
            kept: Vec::new(),
            search: IndexBuf::default(),
            rows: Vec::new(),
        })
    }

    /// Adds the next entry of the source.
    pub fn push(&mut self, p: Prepared) -> io::Result<()> {
        let index = self.deduper.written();
        let slot = put_piece(self.out, &mut self.pos, &p.entry)?;
        let slug_key = p.record.record().slug_key().to_string();
        let kept = p.record;
        match self.deduper.place(slug_key) {
            Place::New(_) => {
                self.search.put(self.slots.len(), p.terms);
                self.slots.push(slot);
                self.kept.push(kept);
                self.rows.push(p.row);
            }
            Place::Replace { at, first } => {
                self.duplicates.push(Duplicate {
                    slug: p.slug,
                    index,
                    first,
                    line: None,
                });
                self.slots[at] = slot;
                self.kept[at] = kept;
                self.rows[at] = p.row;
                self.search.put(at, p.terms);
            }
        }
        Ok(())
    }

    /// Writes the search table, the index, the directories and the header; returns the length
    /// of the whole. `line_of` gives the line of an entry, asked only for duplicates.
    pub fn finish(
        mut self,
        stamp: Stamp,
        title: Option<String>,
        mut line_of: impl FnMut(usize) -> Option<usize>,
    ) -> io::Result<u64> {
        for d in &mut self.duplicates {
            d.line = line_of(d.index);
        }
        let (search_dir, blocks) = self.write_search()?;
        let terms = self.write_terms()?;
        let listing = put_piece(
            self.out,
            &mut self.pos,
            &encode(&std::mem::take(&mut self.rows)),
        )?;
        let (index_dir, buckets) = self.write_index()?;
        let entry_dir = put_dir(self.out, &mut self.pos, &self.slots)?;
        let header_at = self.pos;
        let mut header = Header {
            stamp,
            total_len: 0,
            written: self.deduper.written() as u64,
            entries: self.slots.len() as u64,
            duplicates: std::mem::take(&mut self.duplicates),
            title,
            entry_dir,
            index_dir,
            buckets,
            search_dir,
            blocks,
            stats: terms.stats,
            terms_dir: terms.dir,
            term_buckets: terms.buckets,
            vocabulary_dir: terms.vocabulary_dir,
            vocabulary_lens: terms.vocabulary_lens,
            labels: terms.labels,
            listing,
        };
        // The header holds the total length, which depends on the header's own length.
        let mut bytes = encode(&header);
        loop {
            header.total_len = header_at + bytes.len() as u64;
            let again = encode(&header);
            if again.len() == bytes.len() {
                bytes = again;
                break;
            }
            bytes = again;
        }
        let len = bytes.len() as u64;
        self.out.write_all(&bytes)?;
        let mut prefix = [0u8; PREFIX_LEN as usize];
        prefix[..8].copy_from_slice(&MAGIC);
        prefix[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        prefix[16..24].copy_from_slice(&header_at.to_le_bytes());
        prefix[24..28].copy_from_slice(&(len as u32).to_le_bytes());
        prefix[32..40].copy_from_slice(&seal(&bytes, header_at, len).to_le_bytes());
        self.out.seek(SeekFrom::Start(0))?;
        self.out.write_all(&prefix)?;
        self.out.flush()?;
        Ok(header.total_len)
    }

    /// Writes the search blocks and their directory; returns where the directory is and the
    /// first record of each block.
    fn write_search(&mut self) -> io::Result<(u64, Vec<u64>)> {
        let mut block = BlockBuf::default();
        let (mut slots, mut firsts) = (Vec::new(), Vec::new());
        for (i, kept) in self.kept.iter().enumerate() {
            if block.is_empty() {
                firsts.push(i as u64);
            }
            block.push(kept);
            if block.len() >= BLOCK_TARGET || i + 1 == self.kept.len() {
                let (keys, text) = block.take();
                for bytes in [keys, text] {
                    slots.push(put_piece(self.out, &mut self.pos, &bytes)?);
                }
            }
        }
        Ok((put_dir(self.out, &mut self.pos, &slots)?, firsts))
    }

    /// Writes the search index: each postings list, the term buckets (a term, how many entries
    /// hold it and where its postings are), the vocabulary by length and the labels.
    fn write_terms(&mut self) -> io::Result<TermsWritten> {
        let index = std::mem::take(&mut self.search).finish();
        let MemIndex {
            stats,
            terms,
            vocabulary,
            labels,
        } = index;
        // Per term: its bucket, the term, how many entries hold it, its piece or inline list.
        type Listed = (u64, Box<str>, u32, Slot, Vec<u8>);
        let mut listed: Vec<Listed> = Vec::with_capacity(terms.len());
        let buckets = (terms.len() as u64 / 4).max(1).next_power_of_two();
        for (term, (df, bytes)) in terms {
            // A short list is kept in its bucket; a longer one is a piece of its own.
            let (slot, inline) = if bytes.len() <= INLINE {
                ((0, 0, 0), bytes)
            } else {
                (put_piece(self.out, &mut self.pos, &bytes)?, Vec::new())
            };
            listed.push((bucket_of(&term, buckets), term, df, slot, inline));
        }
        listed.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let mut slots = Vec::with_capacity(buckets as usize);
        let mut rest = listed.as_slice();
        let mut bytes = Vec::new();
        for bucket in 0..buckets {
            let n = rest.iter().take_while(|k| k.0 == bucket).count();
            let (here, tail) = rest.split_at(n);
            rest = tail;
            bytes.clear();
            // Encoded as a `TermBucket`.
            put_varint(&mut bytes, here.len() as u64);
            for (_, term, df, slot, inline) in here {
                let inline: &[u8] = inline;
                bytes = postcard::to_extend(&(&**term, df, slot, inline), bytes)
                    .map_err(|e| io::Error::other(e.to_string()))?;
            }
            slots.push(put_piece(self.out, &mut self.pos, &bytes)?);
        }
        let dir = put_dir(self.out, &mut self.pos, &slots)?;
        let lens = vocabulary.keys().next_back().map_or(0, |&l| l + 1);
        let mut words = Vec::with_capacity(lens);
        for len in 0..lens {
            let text = vocabulary.get(&len).map_or("", String::as_str);
            words.push(put_piece(self.out, &mut self.pos, text.as_bytes())?);
        }
        let vocabulary_dir = put_dir(self.out, &mut self.pos, &words)?;
        let labels = put_piece(self.out, &mut self.pos, &encode(&labels))?;
        Ok(TermsWritten {
            stats,
            dir,
            buckets,
            vocabulary_dir,
            vocabulary_lens: lens as u64,
            labels,
        })
    }

    fn write_index(&mut self) -> io::Result<(u64, u64)> {
        // Per key: its bucket, the key, and the entries it names as slug, title and alias.
        type Targets<'k> = (u64, &'k str, Option<u32>, Vec<u32>, Vec<u32>);
        let records: Vec<_> = self.kept.iter().map(RecordBuf::record).collect();
        let mut at: HashMap<&str, usize> = HashMap::with_capacity(records.len() * 4);
        let mut keys: Vec<Targets> = Vec::with_capacity(records.len() * 4);
        fn find<'k>(
            at: &mut HashMap<&'k str, usize>,
            keys: &mut Vec<Targets<'k>>,
            key: &'k str,
        ) -> usize {
            *at.entry(key).or_insert_with(|| {
                keys.push((0, key, None, Vec::new(), Vec::new()));
                keys.len() - 1
            })
        }
        for (key, i) in self.deduper.slugs() {
            let k = find(&mut at, &mut keys, key);
            keys[k].2 = Some(i as u32);
        }
        // Entries are visited in order, so a repeat of the same entry is always the last one.
        let add = |list: &mut Vec<u32>, i: u32| {
            if list.last() != Some(&i) {
                list.push(i);
            }
        };
        for (i, record) in records.iter().enumerate() {
            let k = find(&mut at, &mut keys, record.title_key());
            add(&mut keys[k].3, i as u32);
            for alias in record.alias_keys() {
                let k = find(&mut at, &mut keys, alias);
                add(&mut keys[k].4, i as u32);
            }
        }
        let buckets = (keys.len() as u64).max(1).next_power_of_two();
        for key in &mut keys {
            key.0 = bucket_of(key.1, buckets);
        }
        keys.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let mut slots = Vec::with_capacity(buckets as usize);
        let mut rest = keys.as_slice();
        let mut bytes = Vec::new();
        for bucket in 0..buckets {
            let n = rest.iter().take_while(|k| k.0 == bucket).count();
            let (here, tail) = rest.split_at(n);
            rest = tail;
            bytes.clear();
            // Encoded as a `Bucket`: a list of (key, slug target, title targets, alias targets).
            put_varint(&mut bytes, here.len() as u64);
            for (_, key, slug, titles, aliases) in here {
                bytes = postcard::to_extend(&(key, slug, titles, aliases), bytes)
                    .map_err(|e| io::Error::other(e.to_string()))?;
            }
            slots.push(put_piece(self.out, &mut self.pos, &bytes)?);
        }
        Ok((put_dir(self.out, &mut self.pos, &slots)?, buckets))
    }
}

/// Where a piece is and its checksum: `(offset, length, checksum)`, as a directory slot holds.
type Slot = (u64, u64, u64);

/// A bucket of the term index: `(term, entries holding it, where its postings are, or the
/// postings themselves when short)`.
type TermBucket<'a> = Vec<(&'a str, u32, Slot, &'a [u8])>;

/// Postings lists up to this many bytes are kept in their term's bucket.
const INLINE: usize = 24;

/// Where [`Writer::write_terms`] put the search index.
struct TermsWritten {
    stats: Stats,
    dir: u64,
    buckets: u64,
    vocabulary_dir: u64,
    vocabulary_lens: u64,
    labels: Slot,
}

impl<B: Blob> IndexRead for Compiled<B> {
    fn stats(&self) -> &Stats {
        &self.header.stats
    }

    fn postings(&self, term: &str) -> Result<Option<Postings<'_>>, Error> {
        let bucket = bucket_of(term, self.header.term_buckets);
        let bytes = self.slotted(self.header.terms_dir, bucket)?;
        let list: TermBucket = postcard::from_bytes(&bytes).map_err(|e| damaged(e.to_string()))?;
        let Some(&(_, df, slot, inline)) = list.iter().find(|(t, _, _, _)| *t == term) else {
            return Ok(None);
        };
        let mut postings = Vec::new();
        if slot.1 == 0 {
            postings.extend_from_slice(inline);
        } else {
            self.piece_into(slot, &mut postings)?;
        }
        Ok(Some(Postings {
            df,
            bytes: Cow::Owned(postings),
        }))
    }

    fn vocabulary(&self, chars: usize) -> Result<Cow<'_, str>, Error> {
        if chars as u64 >= self.header.vocabulary_lens {
            return Ok(Cow::Borrowed(""));
        }
        let bytes = self.slotted(self.header.vocabulary_dir, chars as u64)?;
        String::from_utf8(bytes)
            .map(Cow::Owned)
            .map_err(|_| damaged("the vocabulary is not UTF-8"))
    }

    fn labels(&self) -> Result<Labels, Error> {
        let mut bytes = Vec::new();
        self.piece_into(self.header.labels, &mut bytes)?;
        postcard::from_bytes(&bytes).map_err(|e| damaged(e.to_string()))
    }
}

/// Writes one piece at `*pos` and moves past it; returns its directory slot.
fn put_piece(out: &mut impl Write, pos: &mut u64, bytes: &[u8]) -> io::Result<Slot> {
    let (offset, len) = (*pos, bytes.len() as u64);
    out.write_all(bytes)?;
    *pos += len;
    Ok((offset, len, seal(bytes, offset, len)))
}

/// Writes a directory of slots at `*pos` and moves past it; returns where it starts.
fn put_dir(out: &mut impl Write, pos: &mut u64, slots: &[Slot]) -> io::Result<u64> {
    let dir = *pos;
    for &(offset, len, check) in slots {
        out.write_all(&encode_slot(offset, len, check))?;
    }
    *pos += slots.len() as u64 * SLOT_LEN;
    Ok(dir)
}

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
        let source = SourceText {
            name: "g.yaml".into(),
            kind: SourceKind::File,
            text: text.into(),
        };
        let parsed = parse_source(&source).unwrap();
        let mut out = Cursor::new(Vec::new());
        let mut writer = Writer::new(&mut out).unwrap();
        for entry in &parsed.entries {
            writer.push(Prepared::of(entry)).unwrap();
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
    fn the_listing_piece_holds_each_kept_entry_in_order() {
        let (c, g) = compiled(TEXT);
        let rows: Vec<ListRow> = g.entries.iter().map(ListRow::of).collect();
        assert_eq!(c.listing().unwrap(), rows);
        // The later `a` replaced the first, in the first's place.
        assert_eq!(rows[0].title, "Alpha Again");
        let listed = Catalog::listing(&c).unwrap();
        for (e, row) in listed.iter().zip(&rows) {
            assert_eq!(
                (&e.slug, &e.title, &e.category, &e.tags),
                (&row.slug, &row.title, &row.category, &row.tags)
            );
        }
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
            assert_eq!(Catalog::related_of(&c, i).unwrap(), g.related_of(i));
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
