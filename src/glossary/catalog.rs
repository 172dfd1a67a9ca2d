//! What `show` and `search` ask of a glossary, answered alike by the in-memory map and by a
//! compiled glossary that reads only the pieces a question needs.

use std::borrow::Cow;

use super::index::IndexRead;
use super::listing::{self, Group, Grouping, Row, Rows};
use super::record::RecordBuf;
use super::{Entry, Glossary, Lookup, SourceInfo, related_indices};
use crate::error::Error;
use crate::glossary::key::normalize;
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

    /// Every entry's row in order, what listings show and filter on (slug, title, category,
    /// tags, date): a compiled glossary reads only its listing piece for it.
    fn rows(&self) -> Result<Rows<'_>, Error>;

    /// Each entry's place in title order (see [`listing::title_ranks`]).
    fn title_ranks(&self) -> Result<Vec<u32>, Error>;

    /// Every category or tag in name order, with how many entries it has.
    fn groups(&self, grouping: Grouping) -> Result<Vec<Group>, Error>;

    /// The entries filed under the category or tag whose key is `key`, in order.
    fn members(&self, grouping: Grouping, key: &str) -> Result<Vec<usize>, Error>;

    /// The entries whose `related` list names an entry, in title order.
    fn backlinks_of(&self, index: usize) -> Result<Vec<usize>, Error>;

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
/// entry's place in title order ([`Catalog::title_ranks`]).
pub fn links<C: Catalog + ?Sized>(catalog: &C, ranks: &[u32]) -> Result<Links, Error> {
    let related = (0..ranks.len())
        .map(|i| catalog.related_of(i))
        .collect::<Result<Vec<_>, _>>()?;
    let back = backlinks(&related, ranks);
    Ok(Links { related, back })
}

/// [`listing::backlinks`] of links given as indices.
fn backlinks(related: &[Vec<usize>], ranks: &[u32]) -> Vec<Vec<usize>> {
    let related: Vec<Vec<u32>> = related
        .iter()
        .map(|to| to.iter().map(|&i| i as u32).collect())
        .collect();
    listing::backlinks(&related, ranks)
        .into_iter()
        .map(|from| from.into_iter().map(|i| i as usize).collect())
        .collect()
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

    fn rows(&self) -> Result<Rows<'_>, Error> {
        Ok(Rows::Entries(&self.entries))
    }

    fn title_ranks(&self) -> Result<Vec<u32>, Error> {
        let rows: Vec<Row> = self.entries.iter().map(Row::of).collect();
        Ok(listing::title_ranks(&rows))
    }

    fn groups(&self, grouping: Grouping) -> Result<Vec<Group>, Error> {
        let rows: Vec<Row> = self.entries.iter().map(Row::of).collect();
        Ok(listing::groups(&rows, grouping)
            .into_iter()
            .map(|(head, _)| head)
            .collect())
    }

    fn members(&self, grouping: Grouping, key: &str) -> Result<Vec<usize>, Error> {
        // One group's entries, without grouping every name: those with a name of this key.
        let filed = |e: &Entry| match grouping {
            Grouping::Category => normalize(&e.category) == key,
            Grouping::Tag => e.tags.iter().any(|t| normalize(t) == key),
        };
        Ok((0..self.entries.len())
            .filter(|&i| filed(&self.entries[i]))
            .collect())
    }

    fn backlinks_of(&self, index: usize) -> Result<Vec<usize>, Error> {
        Ok(self.backlinks().swap_remove(index))
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
