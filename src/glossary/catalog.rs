//! What `show` and `search` ask of a glossary, answered alike by the in-memory map and by a
//! compiled glossary that reads only the pieces a question needs.

use std::borrow::Cow;

use super::index::IndexRead;
use super::record::RecordBuf;
use super::{Entry, Glossary, Lookup, SourceInfo, related_indices};
use crate::error::Error;
use crate::glossary::record::{Needle, Record};

/// A glossary that can be asked questions. Indices are positions in the merged glossary.
///
/// The methods of a compiled glossary can fail with [`Error::Cache`] when a piece it reads fails
/// its checksum; the in-memory glossary never fails.
pub trait Catalog: Sync {
    /// The sources behind it, as `sources` lists them.
    fn sources(&self) -> Vec<SourceInfo>;

    /// The glossary's display name (`name:` in the file; the last source's that has one).
    fn title(&self) -> Option<String>;

    /// How many entries it has.
    fn len(&self) -> usize;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Finds an entry by slug, then title, then alias, all compared as normalised keys.
    fn lookup(&self, term: &str) -> Result<Lookup, Error>;

    /// One entry.
    fn entry(&self, index: usize) -> Result<Cow<'_, Entry>, Error>;

    /// Every entry in order, with at least what listings show and filter on (slug, title,
    /// category, tags, date): a compiled glossary reads only its listing piece for it.
    fn listing(&self) -> Result<Cow<'_, [Entry]>, Error>;

    /// How many pieces a scan can be split into (threads take every n-th piece).
    fn shares(&self) -> usize;

    /// Visits the search records of the pieces `share`, `share + shares`, `share + 2 * shares`…
    /// in order; `scan(0, 1, …)` visits every entry. With a `needle`, each record says where
    /// its text holds it ([`Record::text_hit`]).
    fn scan(
        &self,
        share: usize,
        shares: usize,
        needle: Option<&Needle>,
        visit: &mut dyn FnMut(usize, &Record<'_>) -> Result<(), Error>,
    ) -> Result<(), Error>;

    /// The search index.
    fn index(&self) -> Result<Box<dyn IndexRead + '_>, Error>;

    /// The entries an entry's `related` list names (see [`Glossary::related_of`]).
    fn related_of(&self, index: usize) -> Result<Vec<usize>, Error> {
        let entry = self.entry(index)?;
        related_indices(&entry.related, index, |name| self.lookup(name))
    }
}

/// Entries in a piece of an in-memory scan.
const PIECE: usize = 256;

/// Every entry's resolved links both ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// What each entry's `related` list names ([`Catalog::related_of`]).
    pub related: Vec<Vec<usize>>,
    /// The entries whose `related` list names each entry, by title ([`backlinks`]).
    pub back: Vec<Vec<usize>>,
}

/// Every entry's links and backlinks, from one pass over the entries' links; `ranks` is each
/// entry's place in title order ([`super::order::title_ranks`]).
pub fn links<C: Catalog + ?Sized>(catalog: &C, ranks: &[u32]) -> Result<Links, Error> {
    let related = (0..ranks.len())
        .map(|i| catalog.related_of(i))
        .collect::<Result<Vec<_>, _>>()?;
    let back = backlinks(&related, ranks);
    Ok(Links { related, back })
}

/// For each entry, the entries whose links (`related`, per entry) name it, in title order
/// (`ranks`): the one computation of backlinks, shared by the document view, `related` and
/// `graph`.
pub fn backlinks(related: &[Vec<usize>], ranks: &[u32]) -> Vec<Vec<usize>> {
    let mut back: Vec<Vec<usize>> = vec![Vec::new(); related.len()];
    for (from, to) in related.iter().enumerate() {
        for &to in to {
            back[to].push(from);
        }
    }
    for list in &mut back {
        list.sort_by_key(|&i| ranks[i]);
    }
    back
}

impl Catalog for Glossary {
    fn sources(&self) -> Vec<SourceInfo> {
        self.sources.clone()
    }

    fn title(&self) -> Option<String> {
        self.name.clone()
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn lookup(&self, term: &str) -> Result<Lookup, Error> {
        Ok(Glossary::lookup(self, term))
    }

    fn entry(&self, index: usize) -> Result<Cow<'_, Entry>, Error> {
        Ok(Cow::Borrowed(&self.entries[index]))
    }

    fn listing(&self) -> Result<Cow<'_, [Entry]>, Error> {
        Ok(Cow::Borrowed(&self.entries))
    }

    fn shares(&self) -> usize {
        self.entries.len().div_ceil(PIECE)
    }

    fn scan(
        &self,
        share: usize,
        shares: usize,
        needle: Option<&Needle>,
        visit: &mut dyn FnMut(usize, &Record<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        for piece in (share..self.shares()).step_by(shares.max(1)) {
            let end = self.entries.len().min((piece + 1) * PIECE);
            for i in piece * PIECE..end {
                let record = RecordBuf::of(&self.entries[i]);
                visit(i, &record.record_with(needle))?;
            }
        }
        Ok(())
    }

    fn related_of(&self, index: usize) -> Result<Vec<usize>, Error> {
        Ok(Glossary::related_of(self, index))
    }

    fn index(&self) -> Result<Box<dyn IndexRead + '_>, Error> {
        Ok(Box::new(self.search_index()))
    }
}
