//! `scan`: which glossary terms a document uses, how often and where first; and, when asked,
//! the abbreviations it uses that the glossary lacks.

pub mod document;
mod matcher;
mod prose;

use std::collections::HashMap;

use crate::error::Error;
use crate::glossary::catalog::Catalog;
use document::Document;
use matcher::Matcher;
use prose::{Prose, fold};

/// Where something is first used: a document and a 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub document: String,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.document, self.line, self.column)
    }
}

/// A glossary entry the documents use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The entry's index in the catalog.
    pub entry: usize,
    pub count: u64,
    pub first: Place,
}

/// An abbreviation the documents use that no title or alias names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    pub word: String,
    pub count: u64,
    pub first: Place,
}

/// What a scan found, each list in order of first use.
#[derive(Debug, Default)]
pub struct Report {
    pub found: Vec<Found>,
    pub unknown: Vec<Unknown>,
}

/// Words in capitals that are not jargon.
const NOT_JARGON: [&str; 15] = [
    "OK", "TODO", "FIXME", "XXX", "NOTE", "README", "II", "III", "IV", "VI", "VII", "VIII", "IX",
    "XI", "XII",
];

/// Scans documents for the catalog's titles and aliases; with `unknown`, also for abbreviations
/// it does not know.
pub fn scan(catalog: &dyn Catalog, documents: &[Document], unknown: bool) -> Result<Report, Error> {
    let mut matcher = Matcher::new(catalog)?;
    let mut report = Report::default();
    let mut found_at: HashMap<u32, usize> = HashMap::new();
    let mut unknown_at: HashMap<String, usize> = HashMap::new();
    for document in documents {
        let prose = if document.markdown {
            Prose::markdown(&document.text)
        } else {
            Prose::plain(&document.text)
        };
        let folded = fold(&prose.text, unknown);
        let hits = matcher.find(catalog, &folded, &prose.text)?;
        let lines = Lines::new(&document.text);
        let place = |folded_at: usize| {
            let at = prose.doc_offset(folded.prose_offset(&prose.text, folded_at));
            lines.place(&document.name, &document.text, at)
        };
        for hit in &hits {
            for entry in matcher.entries(catalog, &folded, &prose.text, hit)? {
                match found_at.get(&entry) {
                    Some(&i) => report.found[i].count += 1,
                    None => {
                        found_at.insert(entry, report.found.len());
                        report.found.push(Found {
                            entry: entry as usize,
                            count: 1,
                            first: place(hit.start),
                        });
                    }
                }
            }
        }
        // Capitals inside a use of a term (`CI` in `CI/CD`) are that term.
        let mut covering = hits.iter().peekable();
        for word in &folded.capitals {
            while covering.next_if(|h| h.end <= word.folded).is_some() {}
            let covered = covering
                .peek()
                .is_some_and(|h| h.start < word.folded + word.len);
            let key = word.word.to_ascii_lowercase();
            if covered || NOT_JARGON.contains(&word.word.as_str()) || matcher.knows(&key) {
                continue;
            }
            match unknown_at.get(&word.word) {
                Some(&i) => report.unknown[i].count += 1,
                None => {
                    unknown_at.insert(word.word.clone(), report.unknown.len());
                    let at = prose.doc_offset(word.prose);
                    report.unknown.push(Unknown {
                        word: word.word.clone(),
                        count: 1,
                        first: lines.place(&document.name, &document.text, at),
                    });
                }
            }
        }
    }
    Ok(report)
}

/// Where each line of a document starts.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1));
        Lines(starts)
    }

    fn place(&self, name: &str, text: &str, at: usize) -> Place {
        let line = self.0.partition_point(|&start| start <= at);
        let start = self.0[line - 1];
        Place {
            document: name.to_string(),
            line,
            column: text.get(start..at).map_or(1, |s| s.chars().count() + 1),
        }
    }
}
