//! Reading a compiled glossary: each piece checked against its slot before it is decoded.

use super::*;

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

/// A compiled glossary, read piece by piece from a [`Blob`].
#[derive(Debug)]
pub struct Compiled<B> {
    pub(super) blob: B,
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
            || !fits(header.links_dir, dir_len(header.entries))
            || !fits(header.index_dir, dir_len(header.buckets))
            || !fits(header.search_dir, dir_len(2 * header.blocks.len() as u64))
            || header.blocks.first().is_some_and(|&first| first != 0)
            || !header.blocks.windows(2).all(|w| w[0] < w[1])
            || header
                .blocks
                .last()
                .is_some_and(|&last| last >= header.entries)
            || (header.blocks.is_empty() && header.entries > 0)
            || header.search_index.as_ref().is_some_and(|part| {
                !part.term_buckets.is_power_of_two()
                    || !fits(part.terms_dir, dir_len(part.term_buckets))
                    || !fits(part.vocabulary_dir, dir_len(part.vocabulary_lens))
                    || u64::from(part.stats.entries) != header.entries
            })
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

    /// Whether it holds the search index.
    pub fn has_index(&self) -> bool {
        self.header.search_index.is_some()
    }

    /// Writes this glossary again into `out`, with the search index: what the first search does
    /// to a cache file that a first `show` wrote without one. Returns the length written; the
    /// outer error is this file's (a damaged piece), the inner `out`'s.
    pub fn indexed<W: Write + Seek>(&self, out: &mut W) -> Result<io::Result<u64>, Error> {
        let mut writer = match Writer::new(out, true) {
            Ok(writer) => writer,
            Err(e) => return Ok(Err(e)),
        };
        for i in 0..self.len() {
            let entry = self.decode_entry(i)?;
            if let Err(e) = writer.push(Prepared::of(&entry, true)) {
                return Ok(Err(e));
            }
        }
        writer.carry(self.header.written, self.header.duplicates.clone());
        let stamp = self.header.stamp.clone();
        Ok(writer.finish(stamp, self.header.title.clone(), |_| None))
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

    /// Reads a piece and decodes it whole.
    fn decoded<T: serde::de::DeserializeOwned>(&self, slot: Slot) -> Result<T, Error> {
        let mut bytes = Vec::new();
        self.piece_into(slot, &mut bytes)?;
        postcard::from_bytes(&bytes).map_err(|e| damaged(e.to_string()))
    }

    /// The categories or the tags, each with where its members are.
    fn group_heads(&self, grouping: Grouping) -> Result<Vec<(Group, Slot)>, Error> {
        self.decoded(match grouping {
            Grouping::Category => self.header.categories,
            Grouping::Tag => self.header.tags,
        })
    }

    /// A list of entry indices, each checked to be one.
    fn targets(&self, list: Vec<u32>) -> Result<Vec<usize>, Error> {
        list.into_iter().map(|i| self.target(i)).collect()
    }

    /// An entry's links and backlinks.
    fn links(&self, index: usize) -> Result<(Vec<usize>, Vec<usize>), Error> {
        if index >= self.len() {
            return Err(damaged("an index points past the entries"));
        }
        let bytes = self.slotted(self.header.links_dir, index as u64)?;
        let (to, from): (Vec<u32>, Vec<u32>) =
            postcard::from_bytes(&bytes).map_err(|e| damaged(e.to_string()))?;
        Ok((self.targets(to)?, self.targets(from)?))
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
        match &self.header.search_index {
            Some(part) => Ok(Box::new(Indexed {
                compiled: self,
                part,
            })),
            None => Err(Error::Unindexed),
        }
    }

    fn sources(&self) -> Vec<SourceInfo> {
        vec![self.info()]
    }

    fn title(&self) -> Option<String> {
        self.header.title.clone()
    }

    fn len(&self) -> usize {
        Compiled::len(self)
    }

    fn rows(&self) -> Result<Rows<'_>, Error> {
        let mut bytes = Vec::new();
        self.piece_into(self.header.listing, &mut bytes)?;
        Ok(Rows::Piece {
            bytes,
            entries: self.len(),
        })
    }

    fn title_ranks(&self) -> Result<Vec<u32>, Error> {
        let ranks: Vec<u32> = self.decoded(self.header.ranks)?;
        if ranks.len() != self.len() || ranks.iter().any(|&r| r as usize >= self.len()) {
            return Err(damaged("the title order does not match the entries"));
        }
        Ok(ranks)
    }

    fn groups(&self, grouping: Grouping) -> Result<Vec<Group>, Error> {
        Ok(self
            .group_heads(grouping)?
            .into_iter()
            .map(|(group, _)| group)
            .collect())
    }

    fn members(&self, grouping: Grouping, key: &str) -> Result<Vec<usize>, Error> {
        let heads = self.group_heads(grouping)?;
        match heads.into_iter().find(|(group, _)| group.key == key) {
            Some((_, slot)) => {
                let members: Vec<u32> = self.decoded(slot)?;
                self.targets(members)
            }
            None => Ok(Vec::new()),
        }
    }

    fn related_of(&self, index: usize) -> Result<Vec<usize>, Error> {
        self.links(index).map(|(to, _)| to)
    }

    fn backlinks_of(&self, index: usize) -> Result<Vec<usize>, Error> {
        self.links(index).map(|(_, from)| from)
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
        Ok(Lookup::decide(
            slug.map(|i| self.target(i)).transpose()?,
            &self.targets(titles)?,
            &self.targets(aliases)?,
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

/// A compiled glossary's search index.
struct Indexed<'c, B> {
    compiled: &'c Compiled<B>,
    part: &'c SearchPart,
}

impl<B: Blob> IndexRead for Indexed<'_, B> {
    fn stats(&self) -> &Stats {
        &self.part.stats
    }

    fn postings(&self, term: &str) -> Result<Option<Postings<'_>>, Error> {
        let bucket = bucket_of(term, self.part.term_buckets);
        let bytes = self.compiled.slotted(self.part.terms_dir, bucket)?;
        let list: TermBucket = postcard::from_bytes(&bytes).map_err(|e| damaged(e.to_string()))?;
        let Some(&(_, df, slot, inline)) = list.iter().find(|(t, _, _, _)| *t == term) else {
            return Ok(None);
        };
        let mut postings = Vec::new();
        if slot.1 == 0 {
            postings.extend_from_slice(inline);
        } else {
            self.compiled.piece_into(slot, &mut postings)?;
        }
        Ok(Some(Postings {
            df,
            bytes: Cow::Owned(postings),
        }))
    }

    fn holds(&self, term: &str) -> Result<bool, Error> {
        let bucket = bucket_of(term, self.part.term_buckets);
        let bytes = self.compiled.slotted(self.part.terms_dir, bucket)?;
        let list: TermBucket = postcard::from_bytes(&bytes).map_err(|e| damaged(e.to_string()))?;
        Ok(list.iter().any(|(t, ..)| *t == term))
    }

    fn vocabulary(&self, chars: usize) -> Result<Cow<'_, str>, Error> {
        if chars as u64 >= self.part.vocabulary_lens {
            return Ok(Cow::Borrowed(""));
        }
        let bytes = self
            .compiled
            .slotted(self.part.vocabulary_dir, chars as u64)?;
        String::from_utf8(bytes)
            .map(Cow::Owned)
            .map_err(|_| damaged("the vocabulary is not UTF-8"))
    }

    fn labels(&self) -> Result<Labels, Error> {
        let mut bytes = Vec::new();
        self.compiled.piece_into(self.part.labels, &mut bytes)?;
        postcard::from_bytes(&bytes).map_err(|e| damaged(e.to_string()))
    }
}
