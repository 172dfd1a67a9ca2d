//! Writing a compiled glossary: entries as they come, then the index, listing and directories.

use std::convert::Infallible;

use super::*;
use crate::glossary::related_indices;

/// An entry encoded for [`Writer::push`]: its bytes, its search record, and the names the index
/// files it under. Made on any thread; written in order.
#[derive(Debug)]
pub struct Prepared {
    slug: String,
    entry: Vec<u8>,
    record: RecordBuf,
    /// The words the search index files it under; `None` when the index is not being built.
    terms: Option<DocTerms>,
    row: ListRow,
    /// The keys of the names its `related` list gives, resolved when every name is known.
    related: Vec<String>,
}

impl Prepared {
    /// `indexed`: whether the file being written holds the search index.
    pub fn of(entry: &Entry, indexed: bool) -> Prepared {
        // Room for the entry's text and a little more, so encoding grows the buffer rarely.
        let room = entry.summary.len() * 4 + 256;
        Prepared {
            slug: entry.slug.clone(),
            entry: postcard::to_extend(entry, Vec::with_capacity(room)).unwrap_or_default(),
            record: RecordBuf::of(entry),
            terms: indexed.then(|| DocTerms::of(entry)),
            row: ListRow::of(entry),
            related: entry.related.iter().map(|name| normalize(name)).collect(),
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
    /// The search index, built as entries come, when it is wanted.
    search: Option<IndexBuf>,
    /// Entries written and duplicates, as found when the entries were first read (see
    /// [`Writer::carry`]).
    carried: Option<(u64, Vec<Duplicate>)>,
    /// Per kept entry: what listings read.
    rows: Vec<ListRow>,
    /// Per kept entry: the keys of its `related` names.
    related: Vec<Vec<String>>,
}

impl<'w, W: Write + Seek> Writer<'w, W> {
    /// Starts writing at the beginning of `out`, with the search index or without it.
    pub fn new(out: &'w mut W, indexed: bool) -> io::Result<Self> {
        out.seek(SeekFrom::Start(0))?;
        out.write_all(&[0u8; PREFIX_LEN as usize])?;
        Ok(Writer {
            out,
            pos: PREFIX_LEN,
            deduper: Deduper::default(),
            duplicates: Vec::new(),
            slots: Vec::new(),
            kept: Vec::new(),
            search: indexed.then(IndexBuf::default),
            carried: None,
            rows: Vec::new(),
            related: Vec::new(),
        })
    }

    /// Whether the search index is being written.
    pub fn indexed(&self) -> bool {
        self.search.is_some()
    }

    /// Adds the next entry of the source.
    pub fn push(&mut self, p: Prepared) -> io::Result<()> {
        let index = self.deduper.written();
        let slot = put_piece(self.out, &mut self.pos, &p.entry)?;
        let slug_key = p.record.record().slug_key().to_string();
        let kept = p.record;
        match self.deduper.place(slug_key) {
            Place::New(_) => {
                if let (Some(search), Some(terms)) = (&mut self.search, p.terms) {
                    search.put(self.slots.len(), terms);
                }
                self.slots.push(slot);
                self.kept.push(kept);
                self.rows.push(p.row);
                self.related.push(p.related);
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
                self.related[at] = p.related;
                if let (Some(search), Some(terms)) = (&mut self.search, p.terms) {
                    search.put(at, terms);
                }
            }
        }
        Ok(())
    }

    /// Entries already deduplicated are being written again: the header keeps the count written
    /// and the duplicates found the first time.
    pub fn carry(&mut self, written: u64, duplicates: Vec<Duplicate>) {
        self.carried = Some((written, duplicates));
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
        let (written, duplicates) = match self.carried.take() {
            Some(carried) => carried,
            None => (
                self.deduper.written() as u64,
                std::mem::take(&mut self.duplicates),
            ),
        };
        let (search_dir, blocks) = self.write_search()?;
        let search_index = match self.search.take() {
            Some(search) => Some(self.write_terms(search)?),
            None => None,
        };
        let listed = self.write_listing()?;
        let (index_slots, links) = self.write_index()?;
        let buckets = index_slots.len() as u64;
        let links = self.write_links(&links, &listed.ranks)?;
        let index_dir = put_dir(self.out, &mut self.pos, &index_slots)?;
        let links_dir = put_dir(self.out, &mut self.pos, &links)?;
        let entry_dir = put_dir(self.out, &mut self.pos, &self.slots)?;
        let header_at = self.pos;
        let mut header = Header {
            stamp,
            total_len: 0,
            written,
            entries: self.slots.len() as u64,
            duplicates,
            title,
            entry_dir,
            index_dir,
            buckets,
            search_dir,
            blocks,
            search_index,
            listing: listed.rows,
            ranks: listed.ranks_slot,
            categories: listed.categories,
            tags: listed.tags,
            links_dir,
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
    fn write_terms(&mut self, search: IndexBuf) -> io::Result<SearchPart> {
        let index = search.finish();
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
        // Each bucket encoded as a `TermBucket`.
        let slots = put_buckets(
            self.out,
            &mut self.pos,
            &listed,
            buckets,
            |k| k.0,
            |(_, term, df, slot, inline), bytes| {
                let inline: &[u8] = inline;
                postcard::to_extend(&(&**term, df, slot, inline), bytes)
            },
        )?;
        let dir = put_dir(self.out, &mut self.pos, &slots)?;
        let lens = vocabulary.keys().next_back().map_or(0, |&l| l + 1);
        let mut words = Vec::with_capacity(lens);
        for len in 0..lens {
            let text = vocabulary.get(&len).map_or("", String::as_str);
            words.push(put_piece(self.out, &mut self.pos, text.as_bytes())?);
        }
        let vocabulary_dir = put_dir(self.out, &mut self.pos, &words)?;
        let labels = put_piece(self.out, &mut self.pos, &encode(&labels))?;
        Ok(SearchPart {
            stats,
            terms_dir: dir,
            term_buckets: buckets,
            vocabulary_dir,
            vocabulary_lens: lens as u64,
            labels,
        })
    }

    /// Writes the listing piece, the title ranks and the categories and tags.
    fn write_listing(&mut self) -> io::Result<Listed> {
        let rows: Vec<Row> = self.rows.iter().map(ListRow::row).collect();
        let at = put_piece(self.out, &mut self.pos, &encode(&rows))?;
        let ranks = listing::title_ranks(&rows);
        let ranks_slot = put_piece(self.out, &mut self.pos, &encode(&ranks))?;
        let mut heads = [Slot::default(); 2];
        for (grouping, head) in [Grouping::Category, Grouping::Tag]
            .into_iter()
            .zip(&mut heads)
        {
            let mut written: Vec<(Group, Slot)> = Vec::new();
            for (group, members) in listing::groups(&rows, grouping) {
                let slot = put_piece(self.out, &mut self.pos, &encode(&members))?;
                written.push((group, slot));
            }
            *head = put_piece(self.out, &mut self.pos, &encode(&written))?;
        }
        drop(rows);
        self.rows = Vec::new();
        Ok(Listed {
            rows: at,
            ranks_slot,
            categories: heads[0],
            tags: heads[1],
            ranks,
        })
    }

    /// Writes each entry's links and backlinks; returns their slots.
    fn write_links(&mut self, links: &[Vec<u32>], ranks: &[u32]) -> io::Result<Vec<Slot>> {
        let back = listing::backlinks(links, ranks);
        let mut slots = Vec::with_capacity(links.len());
        for (to, from) in links.iter().zip(&back) {
            slots.push(put_piece(self.out, &mut self.pos, &encode(&(to, from)))?);
        }
        Ok(slots)
    }

    /// Writes the name index's buckets; returns their slots and each entry's links, resolved
    /// through the same names.
    fn write_index(&mut self) -> io::Result<(Vec<Slot>, Vec<Vec<u32>>)> {
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
        // Links resolve as a lookup does (slug, then title, then alias), before the keys move.
        let lookup = |name: &str| {
            let found = at.get(name).map(|&k| &keys[k]);
            let targets = |list: &[u32]| list.iter().map(|&i| i as usize).collect::<Vec<_>>();
            Ok::<_, Infallible>(match found {
                None => Lookup::Missing,
                Some((_, _, slug, titles, aliases)) => Lookup::decide(
                    slug.map(|i| i as usize),
                    &targets(titles),
                    &targets(aliases),
                ),
            })
        };
        let links: Vec<Vec<u32>> = std::mem::take(&mut self.related)
            .iter()
            .enumerate()
            .map(|(i, names)| match related_indices(names, i, lookup) {
                Ok(found) => found.into_iter().map(|j| j as u32).collect(),
                Err(never) => match never {},
            })
            .collect();
        keys.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        // Each bucket encoded as a `Bucket`: a list of (key, slug target, title targets, alias
        // targets).
        let slots = put_buckets(
            self.out,
            &mut self.pos,
            &keys,
            buckets,
            |k| k.0,
            |(_, key, slug, titles, aliases), bytes| {
                postcard::to_extend(&(key, slug, titles, aliases), bytes)
            },
        )?;
        Ok((slots, links))
    }
}

/// Where [`Writer::write_listing`] put what listings read, and the ranks it worked out.
struct Listed {
    rows: Slot,
    ranks_slot: Slot,
    categories: Slot,
    tags: Slot,
    ranks: Vec<u32>,
}

/// Writes `sorted` (in bucket order) as `buckets` pieces, each a postcard list of its items
/// encoded by `encode`, an empty list for an empty bucket; returns their slots.
fn put_buckets<T>(
    out: &mut impl Write,
    pos: &mut u64,
    sorted: &[T],
    buckets: u64,
    bucket_of: impl Fn(&T) -> u64,
    encode: impl Fn(&T, Vec<u8>) -> postcard::Result<Vec<u8>>,
) -> io::Result<Vec<Slot>> {
    let mut slots = Vec::with_capacity(buckets as usize);
    let mut rest = sorted;
    let mut bytes = Vec::new();
    for bucket in 0..buckets {
        let n = rest.iter().take_while(|k| bucket_of(k) == bucket).count();
        let (here, tail) = rest.split_at(n);
        rest = tail;
        bytes.clear();
        put_varint(&mut bytes, here.len() as u64);
        for item in here {
            bytes = encode(item, bytes).map_err(|e| io::Error::other(e.to_string()))?;
        }
        slots.push(put_piece(out, pos, &bytes)?);
    }
    Ok(slots)
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
