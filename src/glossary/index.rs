//! The search index: for every term, the entries that hold it and how often in each field (with
//! the field's length), the words typo matching may correct a query word to, and the category
//! and tag names. Built once per glossary (at build time for the bundled one, in the compiled
//! form for a file) so a search reads a few postings lists instead of every entry.
//!
//! Terms are stems and character pairs ([`super::analyze`]), plus three kinds no query word can
//! spell: `a b` for two terms next to each other in a name or summary (stop words skipped),
//! `c:KEY` for an entry's category and `t:KEY` for each of its tags.
//!
//! A term's strength in an entry (BM25F: its count in each field, weighted by the field,
//! relative to the field's length, saturating) depends on the entry and the glossary alone, so it
//! is worked out once, when the index is finished, and stored: a search reads it instead of
//! counts and lengths. A postings list is a byte with its largest strength (rounded up to a 255th:
//! a bound a search may pass over entries by), then, entry by entry in order: the entry's distance
//! from the previous one shifted left three bits, with the term's strongest field in those bits
//! (varint), then the strength (`f32`, little-endian).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::Entry;
use super::analyze::{
    Analyzer, FIELD_COUNT, HEADING, LABEL, NAME, QuickMap, QuickSet, SUMMARY, TEXT, TYPO_MAX,
    is_stop, is_unspaced,
};
use super::record::{put_varint, take_varint};
use crate::error::Error;
use crate::glossary::key::normalize;

/// Words in the typo vocabulary are at least this long (a four-letter query word may lose one).
pub const VOCAB_MIN: usize = 3;

/// Counts over the whole glossary that scoring needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub entries: u32,
    /// Per field, the sum of its length over all entries.
    pub totals: [u64; FIELD_COUNT],
}

impl Stats {
    /// The average length of a field (at least 1).
    pub fn average(&self, field: usize) -> f32 {
        (self.totals[field] as f64 / f64::from(self.entries.max(1))).max(1.0) as f32
    }
}

/// The category and tag names as written, for did-you-mean.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Labels {
    pub categories: Vec<String>,
    pub tags: Vec<String>,
}

/// A term's postings: how many entries hold it, and the encoded list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Postings<'a> {
    pub df: u32,
    pub bytes: Cow<'a, [u8]>,
}

/// What a search asks of an index, answered alike in memory and from a compiled glossary.
pub trait IndexRead {
    fn stats(&self) -> &Stats;
    /// The postings of a term, if any entry holds it.
    fn postings(&self, term: &str) -> Result<Option<Postings<'_>>, Error>;
    /// Whether some entry holds a term: what a search asks of most words before it reads any
    /// postings (a store can answer it without reading them).
    fn holds(&self, term: &str) -> Result<bool, Error> {
        Ok(self.postings(term)?.is_some())
    }
    /// The vocabulary words of `chars` characters, each followed by a newline.
    fn vocabulary(&self, chars: usize) -> Result<Cow<'_, str>, Error>;
    fn labels(&self) -> Result<Labels, Error>;
}

impl<T: IndexRead + ?Sized> IndexRead for &T {
    fn stats(&self) -> &Stats {
        (**self).stats()
    }

    fn postings(&self, term: &str) -> Result<Option<Postings<'_>>, Error> {
        (**self).postings(term)
    }

    fn holds(&self, term: &str) -> Result<bool, Error> {
        (**self).holds(term)
    }

    fn vocabulary(&self, chars: usize) -> Result<Cow<'_, str>, Error> {
        (**self).vocabulary(chars)
    }

    fn labels(&self) -> Result<Labels, Error> {
        (**self).labels()
    }
}

/// One posting, decoded.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Posting {
    pub entry: u32,
    /// The term's BM25F strength in the entry, in 0..1 ([`Norms::strength`]).
    pub strength: f32,
    /// The field where the term counted most.
    pub field: u8,
}

/// Bits of a posting's first number that hold its field.
const FIELD_BITS: u32 = 3;

/// Decodes a postings list; stops at the first thing that does not fit (a damaged list
/// otherwise passed its checksum only by chance).
pub fn decode(bytes: &[u8], mut each: impl FnMut(&Posting)) {
    for p in Decoder::new(bytes) {
        each(&p);
    }
}

/// The largest strength a list holds, rounded up to a 255th, from its first byte (1 for a list
/// too short to have one).
pub fn bound(bytes: &[u8]) -> f32 {
    bytes.first().map_or(1.0, |&q| f32::from(q) / 255.0)
}

/// The first byte of a list: its largest strength, rounded up to a 255th.
fn bound_byte(max: f32) -> u8 {
    let q = (max * 255.0).ceil().clamp(0.0, 255.0) as u8;
    if f32::from(q) / 255.0 < max {
        q.saturating_add(1)
    } else {
        q
    }
}

/// A postings list's postings in order, read as they are asked for.
#[derive(Debug, Clone)]
pub struct Decoder<'a> {
    bytes: &'a [u8],
    last: Option<u32>,
}

impl<'a> Decoder<'a> {
    /// Reads a list as stored (its bound first).
    pub fn new(bytes: &'a [u8]) -> Decoder<'a> {
        Decoder {
            bytes: bytes.get(1..).unwrap_or_default(),
            last: None,
        }
    }
}

impl Iterator for Decoder<'_> {
    type Item = Posting;

    #[inline]
    fn next(&mut self) -> Option<Posting> {
        let p = self.read();
        if p.is_none() {
            // Nothing after what does not fit is believed.
            self.bytes = &[];
        }
        p
    }
}

impl Decoder<'_> {
    #[inline]
    fn read(&mut self) -> Option<Posting> {
        let bytes = &mut self.bytes;
        // Most postings start with a single byte.
        let head = match bytes.split_first() {
            Some((&b, rest)) if b < 0x80 => {
                *bytes = rest;
                u64::from(b)
            }
            _ => take_varint(bytes)?,
        };
        let field = (head & ((1 << FIELD_BITS) - 1)) as usize;
        let delta = u32::try_from(head >> FIELD_BITS).ok();
        // Entries rise strictly.
        let entry = match self.last {
            None => delta,
            Some(last) => delta.filter(|&d| d > 0).and_then(|d| last.checked_add(d)),
        };
        let (strength, rest) = bytes.split_first_chunk::<4>()?;
        *bytes = rest;
        let strength = f32::from_le_bytes(*strength);
        let entry = entry.filter(|_| field < FIELD_COUNT && (0.0..=1.0).contains(&strength))?;
        self.last = Some(entry);
        Some(Posting {
            entry,
            strength,
            field: field as u8,
        })
    }
}

/// Appends a posting to a list whose last entry was `prev` (`None` for the first).
fn put_posting(out: &mut Vec<u8>, prev: Option<u32>, p: &Posting) {
    let delta = prev.map_or(p.entry, |prev| p.entry - prev);
    put_varint(out, u64::from(delta) << FIELD_BITS | u64::from(p.field));
    out.extend_from_slice(&p.strength.to_le_bytes());
}

/// Field weights of BM25F: a word in a name counts most, then in a tag or the category, then in
/// the summary, then in a section.
const WEIGHTS: [f32; FIELD_COUNT] = [6.0, 2.5, 2.0, 1.0, 0.7];
/// How much a field's length dampens a word's count (BM25's `b`), per field.
const LENGTH_EFFECT: [f32; FIELD_COUNT] = [0.7, 0.3, 0.75, 0.5, 0.75];
/// BM25's `k1`: how quickly repeats of a word stop adding.
const SATURATION: f32 = 1.2;

/// Field lengths' averages, for BM25F's length normalisation.
#[derive(Debug, Clone)]
pub struct Norms {
    average: [f32; FIELD_COUNT],
}

impl Norms {
    pub fn of(stats: &Stats) -> Norms {
        Norms {
            average: std::array::from_fn(|f| stats.average(f)),
        }
    }

    /// A term's BM25F strength in 0..1 from its count in each field and the fields' lengths,
    /// and its strongest field.
    pub fn strength(&self, tf: &[u32; FIELD_COUNT], len: &[u32; FIELD_COUNT]) -> (f32, u8) {
        let mut total = 0.0;
        let (mut best, mut field) = (0.0, 0u8);
        for f in 0..FIELD_COUNT {
            if tf[f] == 0 {
                continue;
            }
            let b = LENGTH_EFFECT[f];
            let norm = 1.0 - b + b * len[f] as f32 / self.average[f];
            let part = WEIGHTS[f] * tf[f] as f32 / norm.max(0.05);
            total += part;
            if part > best {
                (best, field) = (part, f as u8);
            }
        }
        (total / (SATURATION + total), field)
    }
}

/// A field length in a byte: exact below 16, then in steps of about 3 %.
pub fn quantize(len: u32) -> u8 {
    if len < 16 {
        return len as u8;
    }
    let steps = ((f64::from(len) / 16.0).log2() * 24.0).round();
    (16.0 + steps).min(255.0) as u8
}

pub fn dequantize(q: u8) -> u32 {
    if q < 16 {
        return u32::from(q);
    }
    (16.0 * 2f64.powf(f64::from(q - 16) / 24.0)).round() as u32
}

/// Per term, its counts in each field of one entry.
type Counts = [u32; FIELD_COUNT];

/// One entry's terms, worked out on any thread and added to an [`IndexBuf`] in order. The terms
/// and words are packed into one string each, so an entry costs a few allocations, not one per
/// term (the writer thread, which frees them, is the one every entry waits for).
#[derive(Debug, Default, Clone)]
pub struct DocTerms {
    /// The terms, one after another; each of `terms` says where its term ends.
    text: String,
    terms: Vec<(u32, Counts)>,
    /// Per term: its number in the [`Scratch`] that worked it out, and that scratch's epoch, so
    /// the writer can find a term it has met before by number instead of hashing it again.
    ids: Vec<u32>,
    epoch: u64,
    lens: [u32; FIELD_COUNT],
    /// Typo vocabulary words, each followed by a newline.
    vocabulary: String,
    category: String,
    tags: Vec<String>,
}

impl DocTerms {
    fn terms(&self) -> impl Iterator<Item = (&str, &Counts)> {
        let mut start = 0;
        self.terms.iter().map(move |(end, counts)| {
            let term = &self.text[start..*end as usize];
            start = *end as usize;
            (term, counts)
        })
    }
}

/// What working out terms reuses from one entry to the next on a thread: every term it has met,
/// numbered, and every word with what indexing needs of it (its term, whether it is a stop word
/// or goes in the typo vocabulary), so a word seen before costs one lookup and no allocation.
/// Numbers mean nothing outside one entry's work; the tables start again when they grow past
/// [`SCRATCH_MAX`].
#[derive(Default)]
pub struct Scratch {
    /// Per term, its number.
    term_ids: QuickMap<Box<str>, u32>,
    /// Per term number: the term.
    names: Vec<Box<str>>,
    /// Per term number: the entry it was last counted in and its place in that entry's list.
    term_at: Vec<(u32, u32)>,
    /// Per word of a spaced script of at most [`SHORT`] bytes, packed into a number (see
    /// [`pack`]): what it means to the index. Most words are short, and a packed word is hashed
    /// and compared as one number.
    short: QuickMap<u128, Word>,
    /// Per longer word: what it means to the index.
    words: QuickMap<Box<str>, Word>,
    /// Per two term numbers next to each other: the number of their pair term.
    pairs: QuickMap<u64, u32>,
    /// The entry being worked out, counted from 1 (0 stands for none).
    doc: u32,
    /// Which numbering the term numbers belong to: unique in the process, renewed whenever the
    /// tables start again (0: not yet given one).
    epoch: u64,
}

/// Words of at most this many bytes are packed into a number.
const SHORT: usize = 15;

/// A short word as a number: its bytes, then its length in the top byte.
fn pack(word: &str) -> u128 {
    let mut packed = (word.len() as u128) << 120;
    for (k, &b) in word.as_bytes().iter().enumerate() {
        packed |= u128::from(b) << (8 * k);
    }
    packed
}

/// Hands out scratch epochs.
static EPOCHS: AtomicU64 = AtomicU64::new(1);

/// A word as indexing sees it.
#[derive(Clone, Copy)]
struct Word {
    term: u32,
    stop: bool,
    /// The last entry that listed it in the typo vocabulary; 0 when it is not for the vocabulary.
    listed: u32,
    vocabulary: bool,
}

/// Terms or words a [`Scratch`] holds at most before it starts again.
const SCRATCH_MAX: usize = 1 << 16;

impl Scratch {
    fn next_doc(&mut self) {
        if self.term_ids.len() > SCRATCH_MAX
            || self.words.len() + self.short.len() > SCRATCH_MAX
            || self.doc == u32::MAX
            || self.epoch == 0
        {
            self.term_ids.clear();
            self.names.clear();
            self.term_at.clear();
            self.words.clear();
            self.short.clear();
            self.pairs.clear();
            self.epoch = EPOCHS.fetch_add(1, Ordering::Relaxed);
        }
        self.doc = if self.doc == u32::MAX {
            1
        } else {
            self.doc + 1
        };
    }

    fn term_id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.term_ids.get(term) {
            return id;
        }
        let id = self.names.len() as u32;
        self.term_ids.insert(term.into(), id);
        self.names.push(term.into());
        self.term_at.push((0, 0));
        id
    }

    /// The number of the pair term of terms `prev` and `next` (`prev next`).
    fn pair_id(&mut self, prev: u32, next: u32) -> u32 {
        let key = u64::from(prev) << 32 | u64::from(next);
        if let Some(&id) = self.pairs.get(&key) {
            return id;
        }
        let (a, b) = (&self.names[prev as usize], &self.names[next as usize]);
        let mut pair = String::with_capacity(a.len() + b.len() + 1);
        pair.push_str(a);
        pair.push(' ');
        pair.push_str(b);
        let id = self.term_id(&pair);
        self.pairs.insert(key, id);
        id
    }

    fn word_mut(&mut self, word: &str) -> Option<&mut Word> {
        if word.len() <= SHORT {
            self.short.get_mut(&pack(word))
        } else {
            self.words.get_mut(word)
        }
    }

    fn insert_word(&mut self, word: &str, w: Word) {
        if word.len() <= SHORT {
            self.short.insert(pack(word), w);
        } else {
            self.words.insert(word.into(), w);
        }
    }
}

/// What [`each_word`] makes of a byte.
const SEPARATOR: u8 = 0;
/// A lower-case ASCII letter or a digit.
const LOWER: u8 = 1;
const UPPER: u8 = 2;
/// Part of a character beyond ASCII.
const OTHER: u8 = 3;

const BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else {
            SEPARATOR
        };
        b += 1;
    }
    table
};

/// Calls `each` with every word of `words(&normalize(text))`, in order, without building the
/// key: a word of lower-case ASCII is passed as it stands in `text`, any other is put together
/// in `buf`.
fn each_word(text: &str, buf: &mut String, mut each: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if BYTE_CLASS[usize::from(bytes[i])] == SEPARATOR {
            i += 1;
            continue;
        }
        let start = i;
        let mut upper = false;
        while let Some(&b) = bytes.get(i) {
            match BYTE_CLASS[usize::from(b)] {
                LOWER => {}
                UPPER => upper = true,
                _ => break,
            }
            i += 1;
        }
        if bytes.get(i).is_none_or(u8::is_ascii) {
            let word = &text[start..i];
            if upper {
                buf.clear();
                buf.push_str(word);
                buf.make_ascii_lowercase();
                each(buf);
            } else {
                each(word);
            }
            continue;
        }
        // A word with other scripts in it, character by character, as `normalize` reads it: a
        // letter or digit adds its lower case (without any mark it gains), anything else ends
        // the word.
        buf.clear();
        i = start;
        while let Some(c) = text[i..].chars().next() {
            if c.is_ascii_alphanumeric() {
                buf.push(c.to_ascii_lowercase());
            } else if c.is_alphanumeric() {
                buf.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
            } else {
                if !c.is_ascii() {
                    i += c.len_utf8();
                }
                break;
            }
            i += c.len_utf8();
        }
        if !buf.is_empty() {
            each(buf);
        }
    }
}

/// Whether a word goes in the typo vocabulary.
fn for_vocabulary(word: &str) -> bool {
    (VOCAB_MIN..=TYPO_MAX).contains(&word.len())
        && word.chars().all(char::is_alphabetic)
        && (VOCAB_MIN..=TYPO_MAX).contains(&word.chars().count())
}

thread_local! {
    static ANALYZER: RefCell<(Analyzer, Scratch)> = RefCell::new(Default::default());
}

/// An entry's terms as they are counted.
struct Counter<'s> {
    scratch: &'s mut Scratch,
    text: String,
    terms: Vec<(u32, Counts)>,
    ids: Vec<u32>,
    lens: [u32; FIELD_COUNT],
    vocabulary: String,
    /// Per name, the terms already counted (a term counts once per name).
    seen: Vec<u32>,
    /// The previous word's term, for pairs.
    prev: Option<u32>,
    /// The word being read.
    word: String,
}

impl Counter<'_> {
    /// The place in the entry's list of term number `id`, added (with no counts) if it is not
    /// there.
    fn place_id(&mut self, id: u32) -> usize {
        let doc = self.scratch.doc;
        let at = &mut self.scratch.term_at[id as usize];
        if at.0 != doc {
            *at = (doc, self.terms.len() as u32);
            self.text.push_str(&self.scratch.names[id as usize]);
            self.terms.push((self.text.len() as u32, Counts::default()));
            self.ids.push(id);
        }
        at.1 as usize
    }

    fn place(&mut self, term: &str) {
        let id = self.scratch.term_id(term);
        self.place_id(id);
    }

    fn count(&mut self, id: u32, field: usize, once: bool) {
        if once {
            if self.seen.contains(&id) {
                return;
            }
            self.seen.push(id);
        }
        let at = self.place_id(id);
        self.terms[at].1[field] += 1;
    }

    /// Counts one word's term (and the pair it makes with the previous word); `list`: the
    /// word goes in the entry's typo vocabulary.
    #[allow(clippy::too_many_arguments)]
    fn word(
        &mut self,
        field: usize,
        w: Word,
        word: &str,
        list: bool,
        pairs: bool,
        count_len: bool,
        once: bool,
    ) {
        if count_len {
            self.lens[field] += 1;
        }
        if list {
            self.vocabulary.push_str(word);
            self.vocabulary.push('\n');
        }
        self.count(w.term, field, once);
        if pairs && !w.stop {
            if let Some(prev) = self.prev {
                let id = self.scratch.pair_id(prev, w.term);
                self.count(id, field, once);
            }
            self.prev = Some(w.term);
        }
    }

    /// Counts the terms of a text in a field.
    fn add(
        &mut self,
        a: &mut Analyzer,
        field: usize,
        text: &str,
        pairs: bool,
        count_len: bool,
        once: bool,
    ) {
        self.prev = None;
        self.seen.clear();
        let mut buf = std::mem::take(&mut self.word);
        each_word(text, &mut buf, |word| {
            self.one_word(a, field, word, pairs, count_len, once);
        });
        self.word = buf;
    }

    /// Counts one word of a normalised key.
    fn one_word(
        &mut self,
        a: &mut Analyzer,
        field: usize,
        word: &str,
        pairs: bool,
        count_len: bool,
        once: bool,
    ) {
        let doc = self.scratch.doc;
        if let Some(w) = self.scratch.word_mut(word) {
            let list = w.vocabulary && w.listed != doc;
            if list {
                w.listed = doc;
            }
            let w = *w;
            self.word(field, w, word, list, pairs, count_len, once);
            return;
        }
        if !word.chars().any(is_unspaced) {
            let term = a.stem(word);
            let vocabulary = for_vocabulary(word);
            let w = Word {
                term: self.scratch.term_id(&term),
                stop: is_stop(word),
                listed: doc,
                vocabulary,
            };
            self.scratch.insert_word(word, w);
            self.word(field, w, word, vocabulary, pairs, count_len, once);
            return;
        }
        // Character pairs of an unspaced script, and the spaced runs between them.
        a.word_terms(word, &mut |word, term| {
            let mut w = Word {
                term: self.scratch.term_id(term),
                stop: is_stop(word),
                listed: doc,
                vocabulary: for_vocabulary(word),
            };
            let mut list = w.vocabulary;
            if w.vocabulary {
                match self.scratch.word_mut(word) {
                    Some(known) => {
                        list = known.listed != doc;
                        known.listed = doc;
                        w = *known;
                    }
                    None => {
                        self.scratch.insert_word(word, w);
                    }
                }
            }
            self.word(field, w, word, list, pairs, count_len, once);
        });
    }
}

impl DocTerms {
    pub fn of(entry: &Entry) -> DocTerms {
        ANALYZER.with(|cell| {
            let (a, s) = &mut *cell.borrow_mut();
            DocTerms::with(entry, a, s)
        })
    }

    fn with(entry: &Entry, a: &mut Analyzer, s: &mut Scratch) -> DocTerms {
        s.next_doc();
        let mut c = Counter {
            scratch: s,
            text: String::with_capacity(entry.summary.len() * 4 + 256),
            terms: Vec::with_capacity(256),
            ids: Vec::with_capacity(256),
            lens: [0; FIELD_COUNT],
            vocabulary: String::new(),
            seen: Vec::new(),
            prev: None,
            word: String::new(),
        };
        // A term counts once per name, and the title's length stands for the names'.
        c.add(a, NAME, &entry.slug, true, false, true);
        c.add(a, NAME, &entry.title, true, true, true);
        for alias in &entry.aliases {
            c.add(a, NAME, alias, true, false, true);
        }
        let parts = title_parts(&entry.title);
        for name in &parts {
            c.add(a, NAME, name, true, false, true);
        }
        c.add(a, LABEL, &entry.category, false, true, false);
        for tag in &entry.tags {
            c.add(a, LABEL, tag, false, true, false);
        }
        c.add(a, SUMMARY, &entry.summary, true, true, false);
        for section in &entry.sections {
            c.add(a, HEADING, &section.heading, false, true, false);
            if let Some(body) = &section.body {
                c.add(a, TEXT, body, false, true, false);
            }
            for item in &section.items {
                if let Some(term) = &item.term {
                    c.add(a, HEADING, term, false, true, false);
                }
                c.add(a, TEXT, &item.text, false, true, false);
            }
        }
        // Slug, title and aliases are found whole through the catalog's name index; the parts
        // of a title only here.
        for name in parts {
            let key = normalize(name);
            if !key.is_empty() {
                c.place(&format!("={key}"));
            }
        }
        let category = normalize(&entry.category);
        c.place(&format!("c:{category}"));
        for tag in &entry.tags {
            c.place(&format!("t:{}", normalize(tag)));
        }
        DocTerms {
            text: c.text,
            terms: c.terms,
            ids: c.ids,
            epoch: c.scratch.epoch,
            lens: c.lens,
            vocabulary: c.vocabulary,
            category: entry.category.clone(),
            tags: entry.tags.clone(),
        }
    }
}

/// The names a title holds besides itself: what it puts in parentheses, and the rest without it
/// (`Application Programming Interface (API)` gives `API` and `Application Programming Interface`).
fn title_parts(title: &str) -> Vec<&str> {
    let (Some(open), Some(close)) = (title.find('('), title.rfind(')')) else {
        return Vec::new();
    };
    if close < open {
        return Vec::new();
    }
    let inside = &title[open + 1..close];
    let before = title[..open].trim();
    let after = title[close + 1..].trim();
    let mut out = vec![inside];
    if after.is_empty() {
        out.push(before);
    }
    out
}

/// Builds an index entry by entry. An entry can be replaced by a later one with the same slug;
/// its old postings are then dropped when the index is finished.
#[derive(Debug, Default)]
pub struct IndexBuf {
    /// Per term, its number here.
    term_ids: QuickMap<Box<str>, u32>,
    /// Per term number: the term, and its postings as added, each
    /// `entry, generation, mask, (count, length)…`.
    terms: Vec<(Box<str>, Vec<u8>)>,
    /// Per scratch epoch ([`DocTerms::epoch`]): the number here of each scratch term number met
    /// so far (`u32::MAX`: not yet met), so most terms are found without hashing them.
    numbering: QuickMap<u64, Vec<u32>>,
    vocabulary: QuickSet<Box<str>>,
    /// Per entry: how many times it was replaced, and its field lengths.
    generations: Vec<u32>,
    lens: Vec<[u32; FIELD_COUNT]>,
    categories: BTreeMap<String, String>,
    tags: BTreeMap<String, String>,
    /// Some entry was replaced or added out of order: postings must be sorted and filtered.
    disordered: bool,
}

impl IndexBuf {
    /// An index of a whole in-memory glossary.
    pub fn of(entries: &[Entry]) -> MemIndex {
        let mut buf = IndexBuf::default();
        let mut a = Analyzer::default();
        let mut s = Scratch::default();
        for (i, e) in entries.iter().enumerate() {
            buf.put(i, DocTerms::with(e, &mut a, &mut s));
        }
        buf.finish()
    }

    /// Sets entry `at` (the next one, or one seen before that a later entry replaces).
    pub fn put(&mut self, at: usize, doc: DocTerms) {
        let generation = if at < self.generations.len() {
            self.disordered = true;
            self.generations[at] += 1;
            self.lens[at] = doc.lens;
            self.generations[at]
        } else {
            if at != self.generations.len() {
                self.disordered = true;
            }
            self.generations.resize(at + 1, 0);
            self.lens.resize(at + 1, [0; FIELD_COUNT]);
            self.lens[at] = doc.lens;
            0
        };
        // A bound on the tables kept: they are only a shortcut.
        if self.numbering.len() > 64 && !self.numbering.contains_key(&doc.epoch) {
            self.numbering.clear();
        }
        let numbers = self.numbering.entry(doc.epoch).or_default();
        let lens = doc.lens.map(quantize);
        for ((term, counts), &local) in doc.terms().zip(&doc.ids) {
            let local = local as usize;
            if numbers.len() <= local {
                numbers.resize(local + 1, u32::MAX);
            }
            let mut id = numbers[local];
            if id == u32::MAX {
                id = match self.term_ids.get(term) {
                    Some(&id) => id,
                    None => {
                        let id = self.terms.len() as u32;
                        self.term_ids.insert(term.into(), id);
                        self.terms.push((term.into(), Vec::new()));
                        id
                    }
                };
                numbers[local] = id;
            }
            let list = &mut self.terms[id as usize].1;
            put_varint(list, at as u64);
            put_varint(list, u64::from(generation));
            let mask = (0..FIELD_COUNT).fold(0u8, |m, f| m | u8::from(counts[f] > 0) << f);
            list.push(mask);
            for (&count, &len) in counts.iter().zip(&lens) {
                if count > 0 {
                    put_varint(list, u64::from(count));
                    list.push(len);
                }
            }
        }
        for word in doc.vocabulary.split_terminator('\n') {
            if !self.vocabulary.contains(word) {
                self.vocabulary.insert(word.into());
            }
        }
        self.categories
            .entry(normalize(&doc.category))
            .or_insert(doc.category);
        for tag in doc.tags {
            self.tags.entry(normalize(&tag)).or_insert(tag);
        }
    }

    /// The finished index: postings in entry order with stale ones dropped.
    pub fn finish(self) -> MemIndex {
        let mut totals = [0u64; FIELD_COUNT];
        for lens in &self.lens {
            for f in 0..FIELD_COUNT {
                totals[f] += u64::from(lens[f]);
            }
        }
        let stats = Stats {
            entries: self.generations.len() as u32,
            totals,
        };
        let mut terms = QuickMap::with_capacity_and_hasher(self.terms.len(), Default::default());
        drop(self.term_ids);
        drop(self.numbering);
        let norms = Norms::of(&stats);
        let lengths: [u32; 256] = std::array::from_fn(|q| dequantize(q as u8));
        for (term, raw) in self.terms {
            let (df, bytes) =
                finish_postings(&raw, &self.generations, self.disordered, &norms, &lengths);
            if df > 0 {
                terms.insert(term, (df, bytes));
            }
        }
        let mut vocabulary: BTreeMap<usize, BTreeSet<Box<str>>> = BTreeMap::new();
        for word in self.vocabulary {
            vocabulary
                .entry(word.chars().count())
                .or_default()
                .insert(word);
        }
        let vocabulary = vocabulary
            .into_iter()
            .map(|(len, words)| {
                let mut text = String::new();
                for w in words {
                    text.push_str(&w);
                    text.push('\n');
                }
                (len, text)
            })
            .collect();
        MemIndex {
            stats,
            terms,
            vocabulary,
            labels: Labels {
                categories: self.categories.into_values().collect(),
                tags: self.tags.into_values().collect(),
            },
        }
    }
}

/// Re-encodes postings as added into the stored form, each with its strength; returns how many
/// entries it holds.
fn finish_postings(
    raw: &[u8],
    generations: &[u32],
    disordered: bool,
    norms: &Norms,
    lengths: &[u32; 256],
) -> (u32, Vec<u8>) {
    // Each raw posting: entry, generation, a mask of the fields that hold the term, then per
    // such field its count and the field's quantized length. In order and never replaced (a
    // file without duplicate slugs): every posting is live and in place, so it is written as it
    // is read.
    // The bound's byte first, set once the list is known.
    let mut out = Vec::with_capacity(raw.len() * 3 / 4);
    out.push(0);
    let mut max = 0.0f32;
    let mut items: Vec<Posting> = Vec::new();
    let (mut df, mut prev) = (0u32, None);
    let (mut tf, mut len) = ([0u32; FIELD_COUNT], [0u32; FIELD_COUNT]);
    let mut rest = raw;
    while !rest.is_empty() {
        let (Some(entry), Some(generation)) = (take_varint(&mut rest), take_varint(&mut rest))
        else {
            break;
        };
        let Some((&mask, tail)) = rest.split_first() else {
            break;
        };
        rest = tail;
        for f in 0..FIELD_COUNT {
            (tf[f], len[f]) = (0, 0);
            if mask & (1 << f) != 0 {
                let count = take_varint(&mut rest).unwrap_or_default();
                tf[f] = u32::try_from(count).unwrap_or(u32::MAX);
                len[f] = rest.first().map_or(0, |&q| lengths[usize::from(q)]);
                rest = rest.get(1..).unwrap_or_default();
            }
        }
        let live = generations.get(entry as usize).map(|&g| u64::from(g)) == Some(generation);
        if !live {
            continue;
        }
        let (strength, field) = norms.strength(&tf, &len);
        max = max.max(strength);
        let posting = Posting {
            entry: entry as u32,
            strength,
            field,
        };
        if disordered {
            items.push(posting);
        } else {
            put_posting(&mut out, prev, &posting);
            prev = Some(posting.entry);
            df += 1;
        }
    }
    out[0] = bound_byte(max);
    if !disordered {
        return (df, out);
    }
    // The same entry twice in a generation cannot happen; the sort is stable anyway.
    items.sort_by_key(|p| p.entry);
    for p in &items {
        put_posting(&mut out, prev, p);
        prev = Some(p.entry);
    }
    (items.len() as u32, out)
}

/// A finished index in memory: what the compiled form stores, and how an in-memory glossary is
/// searched.
#[derive(Debug, Default)]
pub struct MemIndex {
    pub stats: Stats,
    /// Per term: entries holding it, postings.
    pub terms: QuickMap<Box<str>, (u32, Vec<u8>)>,
    /// Per length in characters: the words, each followed by a newline.
    pub vocabulary: BTreeMap<usize, String>,
    pub labels: Labels,
}

impl IndexRead for MemIndex {
    fn stats(&self) -> &Stats {
        &self.stats
    }

    fn postings(&self, term: &str) -> Result<Option<Postings<'_>>, Error> {
        Ok(self.terms.get(term).map(|(df, bytes)| Postings {
            df: *df,
            bytes: Cow::Borrowed(bytes),
        }))
    }

    fn vocabulary(&self, chars: usize) -> Result<Cow<'_, str>, Error> {
        Ok(Cow::Borrowed(
            self.vocabulary.get(&chars).map_or("", String::as_str),
        ))
    }

    fn labels(&self) -> Result<Labels, Error> {
        Ok(self.labels.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(slug: &str, title: &str, summary: &str) -> Entry {
        Entry {
            slug: slug.into(),
            title: title.into(),
            aliases: vec![],
            category: "Cat".into(),
            tags: vec!["Tag One".into()],
            published: None,
            read_minutes: 0,
            summary: summary.into(),
            sections: vec![],
            related: vec![],
            links: vec![],
            lang: None,
        }
    }

    fn entries_of(index: &MemIndex, term: &str) -> Vec<u32> {
        let mut out = Vec::new();
        if let Some(p) = index.postings(term).unwrap() {
            decode(&p.bytes, |p| out.push(p.entry));
        }
        out
    }

    #[test]
    fn replaced_entries_lose_their_old_terms() {
        let mut buf = IndexBuf::default();
        buf.put(0, DocTerms::of(&entry("a", "Alpha", "first words")));
        buf.put(1, DocTerms::of(&entry("b", "Beta", "second words")));
        buf.put(0, DocTerms::of(&entry("a", "Alpha", "other words")));
        let index = buf.finish();
        assert_eq!(entries_of(&index, "first"), Vec::<u32>::new());
        assert_eq!(entries_of(&index, "other"), [0]);
        assert_eq!(entries_of(&index, "word"), [0, 1]);
        assert_eq!(entries_of(&index, "c:cat"), [0, 1]);
        assert_eq!(entries_of(&index, "t:tag-one"), [0, 1]);
        assert_eq!(entries_of(&index, "second word"), [1]);
        assert_eq!(index.postings("word").unwrap().unwrap().df, 2);
        assert_eq!(index.vocabulary(5).unwrap(), "alpha\nfirst\nother\nwords\n");
    }

    #[test]
    fn words_are_those_of_the_normalised_key() {
        let texts = [
            "",
            "Plain words, and PUNCTUATION!",
            "K8s 1-on-1 --- x",
            "Ünïcödé wörds — and ascii",
            "技術リード and コンテナ image",
            "İstanbul ǅemal ß Σίσυφος",
            "a\u{301}b c\u{200b}d e\u{feff}",
            "tail—",
            "—head",
            "Mixed日本Words",
        ];
        for text in texts {
            let mut got = Vec::new();
            each_word(text, &mut String::new(), |w| got.push(w.to_string()));
            let key = normalize(text);
            let want: Vec<String> = crate::glossary::key::words(&key)
                .map(String::from)
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn postings_hold_each_entry_strength_and_strongest_field() {
        let index = IndexBuf::of(&[
            entry("a", "Alpha", "beta words"),
            entry("b", "Beta", "alpha alpha words"),
        ]);
        let mut got = Vec::new();
        decode(&index.postings("alpha").unwrap().unwrap().bytes, |p| {
            got.push(*p)
        });
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].entry, got[0].field), (0, NAME as u8));
        assert_eq!((got[1].entry, got[1].field), (1, SUMMARY as u8));
        assert!(got.iter().all(|p| p.strength > 0.0 && p.strength < 1.0));
        // A name counts more than two words of a summary.
        assert!(got[0].strength > got[1].strength);
        let bound = bound(&index.postings("alpha").unwrap().unwrap().bytes);
        assert!(bound >= got[0].strength && bound < got[0].strength + 1.0 / 255.0);
    }

    #[test]
    fn a_damaged_list_is_read_up_to_what_does_not_fit() {
        let mut bytes = vec![bound_byte(0.5)];
        let p = |entry, strength| Posting {
            entry,
            strength,
            field: 1,
        };
        put_posting(&mut bytes, None, &p(3, 0.5));
        put_posting(&mut bytes, Some(3), &p(7, 0.25));
        let whole = bytes.clone();
        // The same entry again, then a strength out of range, then a field that is none.
        put_posting(&mut bytes, Some(7), &p(7, 0.5));
        let mut out_of_range = whole.clone();
        put_posting(&mut out_of_range, Some(7), &p(9, 2.0));
        let mut no_field = whole.clone();
        put_varint(&mut no_field, 2 << FIELD_BITS | 7);
        no_field.extend_from_slice(&0.5f32.to_le_bytes());
        let mut cut = whole.clone();
        cut.pop();
        for (bytes, want) in [
            (&whole, vec![3, 7]),
            (&bytes, vec![3, 7]),
            (&out_of_range, vec![3, 7]),
            (&no_field, vec![3, 7]),
            (&cut, vec![3]),
        ] {
            let mut got = Vec::new();
            decode(bytes, |p| got.push(p.entry));
            assert_eq!(got, want);
        }
    }

    #[test]
    fn lengths_survive_quantizing_closely() {
        for len in [0, 1, 15, 16, 17, 100, 1000, 10_000] {
            let back = dequantize(quantize(len));
            assert!(
                back.abs_diff(len) as f64 <= 0.03 * len as f64 + 0.5,
                "{len} {back}"
            );
        }
    }
}
