//! The model: checked entries built from raw YAML, merged from several sources into one lookup map.

pub mod analyze;
pub mod catalog;
pub mod compile;
pub mod compiled;
pub mod date;
pub mod index;
pub mod key;
pub mod lang;
pub mod listing;
pub mod order;
pub mod record;
pub mod source;
pub mod split;
pub mod unknown;
pub mod unsupported;
pub mod yaml;

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::glossary::key::normalize;
use source::{SourceKind, SourceText};
use yaml::{LineMap, RawEntry};

/// One glossary entry, checked and with its slug, reading time and language settled.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Entry {
    pub slug: String,
    pub title: String,
    pub aliases: Vec<String>,
    pub category: String,
    pub tags: Vec<String>,
    pub published: Option<String>,
    pub read_minutes: u32,
    pub summary: String,
    pub sections: Vec<Section>,
    pub related: Vec<String>,
    pub links: Vec<Link>,
    /// The language of the entry's text: its own `lang`, else its file's (SPEC §2), as written.
    #[serde(default)]
    pub lang: Option<String>,
}

/// Field by field as derived, except that readable formats (JSON, YAML) leave out a `lang` the
/// file did not give, so their output for such files is unchanged; the compiled form (postcard,
/// not self-describing) always holds every field.
impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let lang = self.lang.is_some() || !serializer.is_human_readable();
        let mut s = serializer.serialize_struct("Entry", 11 + usize::from(lang))?;
        s.serialize_field("slug", &self.slug)?;
        s.serialize_field("title", &self.title)?;
        s.serialize_field("aliases", &self.aliases)?;
        s.serialize_field("category", &self.category)?;
        s.serialize_field("tags", &self.tags)?;
        s.serialize_field("published", &self.published)?;
        s.serialize_field("read_minutes", &self.read_minutes)?;
        s.serialize_field("summary", &self.summary)?;
        s.serialize_field("sections", &self.sections)?;
        s.serialize_field("related", &self.related)?;
        s.serialize_field("links", &self.links)?;
        if lang {
            s.serialize_field("lang", &self.lang)?;
        } else {
            s.skip_field("lang")?;
        }
        s.end()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    pub body: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub term: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// How serious a problem found in a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A problem with a glossary file, at a line where one is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub severity: Severity,
    /// A stable name for the kind of problem (`empty-field`, `dangling-link`, …), for scripts
    /// and code-scanning tools; `check::CODES` lists them all.
    pub code: &'static str,
    pub message: String,
}

/// One source's entries, with what is needed to point at their lines.
#[derive(Debug)]
pub struct ParsedSource {
    pub name: String,
    /// The glossary's display name (`name:` in the file), if it has one.
    pub title: Option<String>,
    /// The file's `lang:`, if it has one (already the default of each entry's `lang`).
    pub lang: Option<String>,
    pub kind: SourceKind,
    pub entries: Vec<Entry>,
    pub lines: LineMap,
    /// Problems found while building the entries (empty required fields and the like).
    pub problems: Vec<Problem>,
}

/// Parses one source. Syntax and type errors fail at once; other problems are collected.
pub fn parse_source(source: &SourceText) -> Result<ParsedSource, Error> {
    let raw = yaml::parse(&source.text).map_err(|e| Error::Source {
        path: source.name.clone(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let lines = LineMap::new(&source.text);
    let title = raw.display_name();
    let lang = raw.lang();
    let mut problems = Vec::new();
    let entries = raw
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, raw)| build_entry(raw, i, &lines, &mut problems, lang.as_deref()))
        .collect();
    Ok(ParsedSource {
        name: source.name.clone(),
        title,
        lang,
        kind: source.kind,
        entries,
        lines,
        problems,
    })
}

/// Text fields that must not be empty: the title, category and summary, section headings and
/// item texts, link titles and addresses.
fn require_text(raw: &RawEntry, index: usize, lines: &LineMap, problems: &mut Vec<Problem>) {
    let mut require = |value: &str, field: &str, what: &str| {
        if value.trim().is_empty() {
            problems.push(Problem {
                line: lines.field(index, field),
                severity: Severity::Error,
                code: "empty-field",
                message: format!("entry {}: {what} is empty", index + 1),
            });
        }
    };
    require(&raw.title, "title", "`title`");
    require(&raw.category, "category", "`category`");
    require(&raw.summary, "summary", "`summary`");
    for (j, section) in raw.sections.iter().enumerate() {
        require(
            &section.heading,
            "sections",
            &format!("`sections[{j}].heading`"),
        );
        for (k, item) in section.items.iter().enumerate() {
            require(
                &item.text,
                "sections",
                &format!("`sections[{j}].items[{k}].text`"),
            );
        }
    }
    for (j, link) in raw.links.iter().enumerate() {
        require(&link.title, "links", &format!("`links[{j}].title`"));
        require(&link.url, "links", &format!("`links[{j}].url`"));
    }
}

/// Checks the fields every use needs and settles the slug, reading time and language (the
/// entry's own, else `file_lang`). `index` is the entry's place in its file, which `lines` maps.
pub fn build_entry(
    raw: RawEntry,
    index: usize,
    lines: &LineMap,
    problems: &mut Vec<Problem>,
    file_lang: Option<&str>,
) -> Entry {
    require_text(&raw, index, lines, problems);
    let slug = match raw.slug {
        Some(slug) if !slug.trim().is_empty() => slug,
        _ => normalize(&raw.title),
    };
    if slug.is_empty() && !raw.title.trim().is_empty() {
        problems.push(Problem {
            line: lines.field(index, "title"),
            severity: Severity::Error,
            code: "no-slug",
            message: format!(
                "entry {}: no slug can be made from the title {:?}; add a `slug`",
                index + 1,
                raw.title
            ),
        });
    }
    let sections: Vec<Section> = raw
        .sections
        .into_iter()
        .map(|s| Section {
            heading: s.heading,
            body: s.body.filter(|b| !b.trim().is_empty()),
            items: s
                .items
                .into_iter()
                .map(|i| Item {
                    term: i.term,
                    text: i.text,
                })
                .collect(),
        })
        .collect();
    let read_minutes = raw
        .read_minutes
        .unwrap_or_else(|| estimate_minutes(&raw.summary, &sections));
    Entry {
        slug,
        title: raw.title,
        aliases: raw.aliases,
        category: raw.category,
        tags: raw.tags,
        published: raw.published,
        read_minutes,
        summary: raw.summary,
        sections,
        related: raw.related,
        links: raw
            .links
            .into_iter()
            .map(|l| Link {
                title: l.title,
                url: l.url,
            })
            .collect(),
        lang: raw.lang.or_else(|| file_lang.map(String::from)),
    }
}

/// Words of the summary and sections over 200 a minute, rounded, at least one minute.
fn estimate_minutes(summary: &str, sections: &[Section]) -> u32 {
    let count = |s: &str| s.split_whitespace().count();
    let mut words = count(summary);
    for section in sections {
        words += count(&section.heading) + section.body.as_deref().map_or(0, count);
        for item in &section.items {
            words += item.term.as_deref().map_or(0, count) + count(&item.text);
        }
    }
    ((words + 100) / 200).max(1) as u32
}

/// A source as `sources` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub name: String,
    pub kind: SourceKind,
    /// Entries as written, duplicates included.
    pub entries: usize,
}

/// The answer to a lookup by slug, title or alias.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Found(usize),
    /// Several entries share the name; their indices.
    Ambiguous(Vec<usize>),
    Missing,
}

impl Lookup {
    /// Decides a lookup from what a key names: a slug wins, then a title, then an alias; a title or
    /// alias shared by several entries is ambiguous. Every store of the index answers through this.
    pub fn decide(slug: Option<usize>, titles: &[usize], aliases: &[usize]) -> Lookup {
        if let Some(i) = slug {
            return Lookup::Found(i);
        }
        for found in [titles, aliases] {
            match found {
                [one] => return Lookup::Found(*one),
                [] => {}
                many => return Lookup::Ambiguous(many.to_vec()),
            }
        }
        Lookup::Missing
    }
}

/// A slug used twice inside one source: the later entry took the earlier one's place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duplicate {
    pub slug: String,
    /// Positions in the source (0-based) of the later entry and of the one it replaced.
    pub index: usize,
    pub first: usize,
    /// Line of the later entry.
    pub line: Option<usize>,
}

impl Duplicate {
    /// The warning a load prints for it.
    pub fn warning(&self, source: &str) -> String {
        let line = self.line.map_or(String::new(), |l| format!(":{l}"));
        format!(
            "{source}{line}: duplicate slug '{}' (also entry {}); the later entry wins",
            crate::error::excerpt(&self.slug),
            self.first + 1
        )
    }
}

/// Where an entry goes when a source's entries are merged by slug.
#[derive(Debug, PartialEq, Eq)]
pub enum Place {
    /// A new slug: appended at this position.
    New(usize),
    /// A slug seen before: replaces the entry at `at`, which came from position `first`.
    Replace { at: usize, first: usize },
}

/// The merging rule for one source, kept in one place: a repeated slug (compared as a normalised
/// key) replaces the earlier entry where it stands.
#[derive(Debug, Default)]
pub struct Deduper {
    /// Normalised slug → (merged position, source position of its latest entry).
    seen: HashMap<String, (usize, usize)>,
    written: usize,
}

impl Deduper {
    /// Places the next entry of the source, whose normalised slug is `key`.
    pub fn place(&mut self, key: String) -> Place {
        let index = self.written;
        self.written += 1;
        let next = self.seen.len();
        match self.seen.entry(key) {
            std::collections::hash_map::Entry::Occupied(mut slot) => {
                let (at, first) = *slot.get();
                slot.get_mut().1 = index;
                Place::Replace { at, first }
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert((next, index));
                Place::New(next)
            }
        }
    }

    /// Entries placed so far, duplicates included.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Normalised slug → merged position, for every entry kept.
    pub fn slugs(&self) -> impl Iterator<Item = (&str, usize)> {
        self.seen.iter().map(|(k, &(at, _))| (k.as_str(), at))
    }
}

/// One source checked and with its duplicate slugs resolved: what merging needs of a source.
#[derive(Debug)]
pub struct Deduped {
    pub info: SourceInfo,
    /// The glossary's display name (`name:` in the file), if it has one.
    pub title: Option<String>,
    pub entries: Vec<Entry>,
    pub duplicates: Vec<Duplicate>,
}

impl ParsedSource {
    /// The first error-level problem, as the error that stops a load.
    pub fn first_error(&self) -> Option<Error> {
        let problem = self
            .problems
            .iter()
            .find(|p| p.severity == Severity::Error)?;
        Some(Error::Source {
            path: self.name.clone(),
            line: problem.line,
            column: None,
            message: problem.message.clone(),
        })
    }

    /// Fails on the first error-level problem; else resolves duplicate slugs (see [`Deduper`]).
    pub fn dedupe(self) -> Result<Deduped, Error> {
        if let Some(error) = self.first_error() {
            return Err(error);
        }
        let info = SourceInfo {
            name: self.name,
            kind: self.kind,
            entries: self.entries.len(),
        };
        let mut deduper = Deduper::default();
        let mut entries: Vec<Entry> = Vec::with_capacity(self.entries.len());
        let mut duplicates = Vec::new();
        for (i, entry) in self.entries.into_iter().enumerate() {
            match deduper.place(normalize(&entry.slug)) {
                Place::New(_) => entries.push(entry),
                Place::Replace { at, first } => {
                    duplicates.push(Duplicate {
                        slug: entry.slug.clone(),
                        index: i,
                        first,
                        line: self.lines.entry(i),
                    });
                    entries[at] = entry;
                }
            }
        }
        Ok(Deduped {
            info,
            title: self.title,
            entries,
            duplicates,
        })
    }
}

/// All active sources merged: the in-memory map every command reads.
#[derive(Debug, Default)]
pub struct Glossary {
    /// The display name of the last source that has one.
    pub name: Option<String>,
    pub entries: Vec<Entry>,
    pub sources: Vec<SourceInfo>,
    by_slug: HashMap<String, usize>,
    by_title: HashMap<String, Vec<usize>>,
    by_alias: HashMap<String, Vec<usize>>,
    /// The search index, built on the first search (the entries do not change once merged).
    search_index: std::sync::OnceLock<Box<index::MemIndex>>,
}

impl Glossary {
    /// The search index of the entries, built once.
    pub fn search_index(&self) -> &index::MemIndex {
        self.search_index
            .get_or_init(|| Box::new(index::IndexBuf::of(&self.entries)))
    }

    /// Merges sources in order: on a slug clash the later entry wins. A clash inside one source
    /// gives a warning; across sources it is an intended override and stays quiet.
    ///
    /// Fails on the first source with an error-level problem.
    pub fn merge(sources: Vec<ParsedSource>) -> Result<(Glossary, Vec<String>), Error> {
        let deduped = sources
            .into_iter()
            .map(ParsedSource::dedupe)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Glossary::combine(deduped))
    }

    /// Merges sources whose own duplicates are already resolved, with the warnings for those.
    /// The result is the same as [`Glossary::merge`] of the sources as written.
    pub fn combine(sources: Vec<Deduped>) -> (Glossary, Vec<String>) {
        let mut glossary = Glossary::default();
        let mut warnings = Vec::new();
        for source in sources {
            warnings.extend(
                source
                    .duplicates
                    .iter()
                    .map(|d| d.warning(&source.info.name)),
            );
            if source.title.is_some() {
                glossary.name.clone_from(&source.title);
            }
            glossary.sources.push(source.info);
            for entry in source.entries {
                glossary.insert(normalize(&entry.slug), entry);
            }
        }
        glossary.index_names();
        (glossary, warnings)
    }

    /// All entries of the sources, merged as [`Glossary::merge`] does, whatever their problems:
    /// what `check` resolves `related` links against.
    pub fn merge_unchecked<'a>(sources: impl Iterator<Item = &'a ParsedSource>) -> Glossary {
        let mut glossary = Glossary::default();
        for entry in sources.flat_map(|s| s.entries.iter()) {
            glossary.insert(normalize(&entry.slug), entry.clone());
        }
        glossary.index_names();
        glossary
    }

    /// Adds an entry under its normalised slug, replacing an earlier one in place.
    fn insert(&mut self, key: String, entry: Entry) {
        match self.by_slug.get(&key) {
            Some(&at) => self.entries[at] = entry,
            None => {
                self.by_slug.insert(key, self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    fn index_names(&mut self) {
        for (i, entry) in self.entries.iter().enumerate() {
            push_unique(self.by_title.entry(normalize(&entry.title)).or_default(), i);
            for alias in &entry.aliases {
                push_unique(self.by_alias.entry(normalize(alias)).or_default(), i);
            }
        }
    }

    /// Finds an entry by slug, then title, then alias, all compared as normalised keys.
    pub fn lookup(&self, term: &str) -> Lookup {
        let key = normalize(term);
        if key.is_empty() {
            return Lookup::Missing;
        }
        Lookup::decide(
            self.by_slug.get(&key).copied(),
            named(&self.by_title, &key),
            named(&self.by_alias, &key),
        )
    }

    /// The entries that an entry's `related` list names, in order, skipping names that resolve
    /// to nothing or to several entries (`check` reports those).
    pub fn related_of(&self, entry: usize) -> Vec<usize> {
        let found = related_indices(&self.entries[entry].related, entry, |name| {
            Ok::<_, Infallible>(self.lookup(name))
        });
        match found {
            Ok(list) => list,
            Err(never) => match never {},
        }
    }

    /// For each entry, the entries whose `related` list names it, by title
    /// ([`listing::backlinks`]).
    pub fn backlinks(&self) -> Vec<Vec<usize>> {
        let rows: Vec<listing::Row> = self.entries.iter().map(listing::Row::of).collect();
        match catalog::links(self, &listing::title_ranks(&rows)) {
            Ok(links) => links.back,
            Err(never) => unreachable!("the in-memory glossary reads nothing: {never}"),
        }
    }
}

/// The entries a `related` list names, resolved with `lookup`: the rule behind
/// [`Glossary::related_of`], shared by every store of a glossary.
pub fn related_indices<E>(
    names: &[String],
    entry: usize,
    mut lookup: impl FnMut(&str) -> Result<Lookup, E>,
) -> Result<Vec<usize>, E> {
    let mut out = Vec::new();
    // A set beside the list: a hub with 100,000 links must not compare each with every other.
    let mut seen = HashSet::new();
    for name in names {
        match lookup(name)? {
            Lookup::Found(i) if i != entry && seen.insert(i) => out.push(i),
            _ => {}
        }
    }
    Ok(out)
}

fn named<'a>(index: &'a HashMap<String, Vec<usize>>, key: &str) -> &'a [usize] {
    index.get(key).map_or(&[], Vec::as_slice)
}

fn push_unique(list: &mut Vec<usize>, value: usize) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// A glossary made from YAML text, for the unit tests of the modules that read one.
#[cfg(test)]
pub fn from_yaml(text: &str) -> Glossary {
    let source = SourceText {
        name: "t".into(),
        kind: SourceKind::File,
        text: text.into(),
    };
    let parsed = parse_source(&source).expect("test glossary parses");
    Glossary::merge(vec![parsed])
        .expect("test glossary loads")
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(name: &str, text: &str) -> ParsedSource {
        let source = SourceText {
            name: name.into(),
            kind: SourceKind::File,
            text: text.into(),
        };
        parse_source(&source).unwrap()
    }

    const BASE: &str = "entries:\n  - title: Technical Lead\n    aliases: [Tech Lead]\n    category: Careers\n    summary: A lead.\n    related: [Mentor]\n  - slug: mentor\n    title: Mentorship\n    category: Leadership\n    summary: Guiding people.\n";

    #[test]
    fn slug_is_derived_from_the_title() {
        let source = parsed("a.yaml", BASE);
        assert_eq!(source.entries[0].slug, "technical-lead");
        assert!(source.problems.is_empty());
    }

    #[test]
    fn lookup_by_slug_title_and_alias() {
        let (g, _) = Glossary::merge(vec![parsed("a", BASE)]).unwrap();
        assert_eq!(g.lookup("TECHNICAL_LEAD"), Lookup::Found(0));
        assert_eq!(g.lookup("tech lead"), Lookup::Found(0));
        assert_eq!(g.lookup("Mentorship"), Lookup::Found(1));
        assert_eq!(g.lookup("nothing"), Lookup::Missing);
        assert_eq!(g.lookup("?!"), Lookup::Missing);
        assert_eq!(g.related_of(0), [1]);
    }

    #[test]
    fn later_source_wins_quietly_and_duplicates_inside_one_source_warn() {
        let team = parsed("team", BASE);
        let mine = parsed(
            "mine",
            "entries:\n  - slug: mentor\n    title: Mentoring\n    category: Mine\n    summary: Mine.\n  - slug: mentor\n    title: Mentoring 2\n    category: Mine\n    summary: Mine.\n",
        );
        let (g, warnings) = Glossary::merge(vec![team, mine]).unwrap();
        assert_eq!(g.entries.len(), 2);
        assert_eq!(g.entries[1].title, "Mentoring 2");
        assert_eq!(
            warnings,
            ["mine:6: duplicate slug 'mentor' (also entry 1); the later entry wins"]
        );
        assert_eq!(
            g.sources.iter().map(|s| s.entries).collect::<Vec<_>>(),
            [2, 2]
        );
    }

    #[test]
    fn a_shared_alias_is_ambiguous() {
        let text = "entries:\n  - title: A\n    aliases: [X]\n    category: c\n    summary: s\n  - title: B\n    aliases: [x]\n    category: c\n    summary: s\n";
        let (g, _) = Glossary::merge(vec![parsed("a", text)]).unwrap();
        assert_eq!(g.lookup("x"), Lookup::Ambiguous(vec![0, 1]));
    }

    #[test]
    fn empty_required_fields_fail_the_load_with_a_line() {
        let source = parsed(
            "a.yaml",
            "entries:\n  - title: A\n    category: ''\n    summary: s\n",
        );
        let err = Glossary::merge(vec![source]).unwrap_err();
        assert_eq!(err.to_string(), "a.yaml:3: entry 1: `category` is empty");
    }

    #[test]
    fn reading_time_is_estimated_from_words() {
        let words = "word ".repeat(450);
        let text = format!("entries:\n  - title: A\n    category: c\n    summary: {words}\n");
        assert_eq!(parsed("a", &text).entries[0].read_minutes, 2);
        assert_eq!(parsed("a", BASE).entries[0].read_minutes, 1);
    }
}
