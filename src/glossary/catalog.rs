//! What `show` and `search` ask of a glossary, answered alike by the in-memory map and by a
//! compiled glossary that reads only the pieces a question needs.

use std::borrow::Cow;

use super::record::RecordBuf;
use super::{Entry, Glossary, Lookup, SourceInfo, related_indices};
use crate::error::Error;
use crate::glossary::record::Record;

/// A glossary that can be asked questions. Indices are positions in the merged glossary.
///
/// The methods of a compiled glossary can fail with [`Error::Cache`] when a piece it reads fails
/// its checksum; the in-memory glossary never fails.
pub trait Catalog {
    /// The sources behind it, as `sources` lists them.
    fn sources(&self) -> Vec<SourceInfo>;

    /// Finds an entry by slug, then title, then alias, all compared as normalised keys.
    fn lookup(&self, term: &str) -> Result<Lookup, Error>;

    /// One entry.
    fn entry(&self, index: usize) -> Result<Cow<'_, Entry>, Error>;

    /// Visits the search record of every entry, in order.
    fn scan(
        &self,
        visit: &mut dyn FnMut(usize, &Record<'_>) -> Result<(), Error>,
    ) -> Result<(), Error>;

    /// The entries an entry's `related` list names (see [`Glossary::related_of`]).
    fn related_of(&self, index: usize) -> Result<Vec<usize>, Error> {
        let entry = self.entry(index)?;
        related_indices(&entry.related, index, |name| self.lookup(name))
    }
}

impl Catalog for Glossary {
    fn sources(&self) -> Vec<SourceInfo> {
        self.sources.clone()
    }

    fn lookup(&self, term: &str) -> Result<Lookup, Error> {
        Ok(Glossary::lookup(self, term))
    }

    fn entry(&self, index: usize) -> Result<Cow<'_, Entry>, Error> {
        Ok(Cow::Borrowed(&self.entries[index]))
    }

    fn scan(
        &self,
        visit: &mut dyn FnMut(usize, &Record<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        for (i, entry) in self.entries.iter().enumerate() {
            visit(i, &RecordBuf::of(entry).record())?;
        }
        Ok(())
    }

    fn related_of(&self, index: usize) -> Result<Vec<usize>, Error> {
        Ok(Glossary::related_of(self, index))
    }
}
