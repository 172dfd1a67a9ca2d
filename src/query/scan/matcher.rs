//! One Aho-Corasick automaton over every title and alias key of a glossary, read from its
//! compiled search table, and the rules that turn the automaton's raw matches into uses of a
//! term: whole words, capitals for short abbreviations, plurals, the longest match.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};

use super::prose::{Folded, is_unspaced};
use crate::error::Error;
use crate::glossary::catalog::Catalog;
use crate::glossary::key::normalize;

/// How a name must be written in the text to count.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Case {
    /// In any case.
    Any,
    /// As written: a short all-capital abbreviation (`PR`, `CI/CD`); its letters and digits.
    Exact(Box<str>),
    /// Exactly as written, separators included: a name of digits alone (`1:1`, `24/7`), which
    /// would otherwise be found in any number (`1.1`).
    Literal(Box<str>),
    /// An alias key short enough to be an abbreviation, whose written form is read from the
    /// entry when a match first needs it (the search table keeps keys only).
    Unread,
}

/// Abbreviations of up to this many letters match only in capitals.
const MAX_ABBREVIATION: usize = 5;

/// How a name as written must be matched.
fn case_of(written: &str) -> Case {
    let letters = written.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return Case::Literal(written.trim().into());
    }
    let capitals = written
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    if (1..=MAX_ABBREVIATION).contains(&letters) && capitals {
        Case::Exact(written.chars().filter(|c| c.is_alphanumeric()).collect())
    } else {
        Case::Any
    }
}

/// Whether a key alone cannot tell how its name must be matched: a key of few letters, all of
/// them with a case, may have been written in capitals; a key of digits alone is matched as
/// written.
fn needs_written(key: &str) -> bool {
    let letters = key.chars().filter(|c| c.is_alphabetic()).count();
    letters == 0
        || (1..=MAX_ABBREVIATION).contains(&letters)
            && key
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_lowercase)
}

/// One name of one entry.
#[derive(Debug, Clone)]
struct Name {
    entry: u32,
    /// 0 for a title, 1 for an alias: a title beats an alias with the same key.
    rank: u8,
    case: Case,
    /// This pattern is the name's `-ies` plural, not the name.
    plural: bool,
}

/// A key and the names it stands for.
#[derive(Debug, Default)]
struct Pattern {
    names: Vec<Name>,
    /// The key may take a plural `s` (two letters or more, ends in a Latin letter).
    s: bool,
    /// … or `es` (ends in `s`, `x`, `z`, `ch`, `sh`).
    es: bool,
}

/// A use of a term: where it is in the folded text, and which pattern it matched.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Without a plural ending.
    core_end: usize,
    pattern: u32,
}

/// The glossary's names, ready to find in folded text.
pub struct Matcher {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    /// Every key, for telling a known abbreviation from an unknown one.
    keys: HashSet<Box<str>>,
}

impl Matcher {
    /// Reads the title and alias keys of every entry from the catalog's search table (no entry
    /// is decoded) and builds the automaton.
    pub fn new(catalog: &dyn Catalog) -> Result<Matcher, Error> {
        let mut index: HashMap<Box<str>, u32> = HashMap::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        catalog.scan(0, 1, None, &mut |i, record| {
            let entry = i as u32;
            let shown = record.shown()?;
            add(
                &mut index,
                &mut patterns,
                record.title_key(),
                Name {
                    entry,
                    rank: 0,
                    case: case_of(shown.title),
                    plural: false,
                },
            );
            for key in record.alias_keys() {
                let case = if needs_written(key) {
                    Case::Unread
                } else {
                    Case::Any
                };
                add(
                    &mut index,
                    &mut patterns,
                    key,
                    Name {
                        entry,
                        rank: 1,
                        case,
                        plural: false,
                    },
                );
            }
            Ok(())
        })?;
        // `policy` also as `policies`: the one plural that is not the key and an ending.
        let singular: Vec<(Box<str>, u32)> = index
            .iter()
            .filter(|(key, _)| ies_stem(key).is_some())
            .map(|(key, &id)| (key.clone(), id))
            .collect();
        for (key, id) in singular {
            let names: Vec<Name> = patterns[id as usize]
                .names
                .iter()
                .filter(|n| n.case == Case::Any || n.case == Case::Unread)
                .map(|n| Name {
                    plural: true,
                    ..n.clone()
                })
                .collect();
            let plural = format!("{}ies", ies_stem(&key).unwrap_or_default());
            for name in names {
                add(&mut index, &mut patterns, &plural, name);
            }
        }
        let mut keys: Vec<(Box<str>, u32)> = index.into_iter().collect();
        keys.sort_by_key(|&(_, id)| id);
        for (key, id) in &keys {
            let p = &mut patterns[*id as usize];
            let last = key.chars().last().unwrap_or(' ');
            p.s = key.chars().count() >= 2 && last.is_ascii_lowercase();
            p.es = p.s && ["s", "x", "z", "ch", "sh"].iter().any(|e| key.ends_with(e));
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(keys.iter().map(|(key, _)| key.as_bytes()))
            .map_err(|e| {
                Error::Usage(format!(
                    "the glossary's names are too many to scan for: {e}"
                ))
            })?;
        Ok(Matcher {
            automaton,
            patterns,
            keys: keys.into_iter().map(|(key, _)| key).collect(),
        })
    }

    /// Whether a key is some entry's title or alias.
    pub fn knows(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    /// The uses of terms in a folded text: whole words (inside runs of an unspaced script, any
    /// run of letters), short abbreviations in capitals, and where uses overlap, the leftmost,
    /// then the longest.
    pub fn find(
        &mut self,
        catalog: &dyn Catalog,
        folded: &Folded,
        prose: &str,
    ) -> Result<Vec<Hit>, Error> {
        let text = folded.text.as_str();
        let mut hits = Vec::new();
        // A handle (shared, not copied), so that reading entries may update `self` meanwhile.
        let automaton = self.automaton.clone();
        for m in automaton.find_overlapping_iter(text) {
            let (start, core_end) = (m.start(), m.end());
            if !boundary(text, start, true) {
                continue;
            }
            let pattern = m.pattern().as_u32();
            let p = &self.patterns[pattern as usize];
            let end = if boundary(text, core_end, false) {
                core_end
            } else if p.s
                && text[core_end..].starts_with('s')
                && boundary(text, core_end + 1, false)
            {
                core_end + 1
            } else if p.es
                && text[core_end..].starts_with("es")
                && boundary(text, core_end + 2, false)
            {
                core_end + 2
            } else {
                continue;
            };
            let hit = Hit {
                start,
                end,
                core_end,
                pattern,
            };
            if !self.entries(catalog, folded, prose, &hit)?.is_empty() {
                hits.push(hit);
            }
        }
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        let mut chosen: Vec<Hit> = Vec::with_capacity(hits.len());
        for hit in hits {
            if chosen.last().is_none_or(|last| hit.start >= last.end) {
                chosen.push(hit);
            }
        }
        Ok(chosen)
    }

    /// The entries a hit is a use of: of the names its key stands for, those written as the
    /// text has it, titles before aliases.
    pub fn entries(
        &mut self,
        catalog: &dyn Catalog,
        folded: &Folded,
        prose: &str,
        hit: &Hit,
    ) -> Result<Vec<u32>, Error> {
        let key_len = hit.core_end - hit.start;
        let mut best: Option<u8> = None;
        let mut entries = Vec::new();
        for n in 0..self.patterns[hit.pattern as usize].names.len() {
            let name = &self.patterns[hit.pattern as usize].names[n];
            let pass = match &name.case {
                Case::Any => true,
                Case::Unread => {
                    let case =
                        written_case(catalog, name.entry, &folded.text[hit.start..][..key_len])?;
                    self.patterns[hit.pattern as usize].names[n].case = case;
                    self.pass(folded, prose, hit, n)
                }
                Case::Exact(_) | Case::Literal(_) => self.pass(folded, prose, hit, n),
            };
            if !pass {
                continue;
            }
            let name = &self.patterns[hit.pattern as usize].names[n];
            match best {
                Some(rank) if rank < name.rank => {}
                Some(rank) if rank == name.rank => entries.push(name.entry),
                _ => {
                    best = Some(name.rank);
                    entries.clear();
                    entries.push(name.entry);
                }
            }
        }
        Ok(entries)
    }

    /// Whether the text at a hit is written as name `n` must be.
    fn pass(&self, folded: &Folded, prose: &str, hit: &Hit, n: usize) -> bool {
        let name = &self.patterns[hit.pattern as usize].names[n];
        if name.case == Case::Any {
            return true;
        }
        if name.plural {
            return false;
        }
        let start = folded.prose_offset(prose, hit.start);
        let end = folded.prose_offset(prose, hit.core_end);
        let written = match &name.case {
            Case::Literal(written) => return prose[start..end] == **written,
            Case::Exact(written) => written,
            Case::Any | Case::Unread => return true,
        };
        let as_written = prose[start..end]
            .chars()
            .filter(|c| c.is_alphanumeric())
            .eq(written.chars());
        // `PRs`, not `PRS`: the plural of an abbreviation is written in lower case.
        as_written && (hit.end == hit.core_end || prose[end..].starts_with('s'))
    }
}

/// Files `name` under `key`, once per entry: an entry whose title and alias share a key is one
/// name, the title.
fn add(index: &mut HashMap<Box<str>, u32>, patterns: &mut Vec<Pattern>, key: &str, name: Name) {
    if key.is_empty() {
        return;
    }
    let id = *index.entry(key.into()).or_insert_with(|| {
        patterns.push(Pattern::default());
        (patterns.len() - 1) as u32
    });
    let names = &mut patterns[id as usize].names;
    if !names
        .iter()
        .any(|n| n.entry == name.entry && n.plural == name.plural)
    {
        names.push(name);
    }
}

/// How an alias with this key is written in the entry (the first alias with the key decides).
fn written_case(catalog: &dyn Catalog, entry: u32, key: &str) -> Result<Case, Error> {
    let entry = catalog.entry(entry as usize)?;
    let case = entry
        .aliases
        .iter()
        .find(|a| {
            let k = normalize(a);
            k == key || ies_stem(&k).is_some_and(|stem| key == format!("{stem}ies"))
        })
        .map_or(Case::Any, |a| case_of(a));
    Ok(case)
}

/// `polic` for `policy`: a key ending in a consonant and `y`.
fn ies_stem(key: &str) -> Option<&str> {
    let stem = key.strip_suffix('y')?;
    let last = stem.chars().last()?;
    (last.is_ascii_lowercase() && !"aeiou".contains(last)).then_some(stem)
}

/// Whether a match may start (`start`) or end at `at`: at a space, a mark or an end of the text,
/// or beside a letter of a script written without spaces.
fn boundary(text: &str, at: usize, start: bool) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    let (Some(b), Some(a)) = (before, after) else {
        return true;
    };
    let (outside, inside) = if start { (b, a) } else { (a, b) };
    !outside.is_alphanumeric() || is_unspaced(outside) || is_unspaced(inside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_capitals_are_abbreviations() {
        assert_eq!(case_of("PR"), Case::Exact("PR".into()));
        assert_eq!(case_of("CI/CD"), Case::Exact("CICD".into()));
        assert_eq!(case_of("S3"), Case::Exact("S3".into()));
        assert_eq!(case_of("K8s"), Case::Any);
        assert_eq!(case_of("SCRUMS"), Case::Any);
        assert_eq!(case_of("技術"), Case::Any);
        assert_eq!(case_of("1:1"), Case::Literal("1:1".into()));
        assert!(needs_written("pr") && needs_written("ci-cd") && needs_written("1-1"));
        assert!(!needs_written("scrums") && !needs_written("技術"));
    }

    #[test]
    fn plurals_in_ies() {
        assert_eq!(ies_stem("policy"), Some("polic"));
        assert_eq!(ies_stem("day"), None);
        assert_eq!(ies_stem("y"), None);
    }

    #[test]
    fn boundaries_are_word_edges_or_unspaced_scripts() {
        assert!(boundary("a-lead", 2, true));
        assert!(!boundary("mislead", 3, true));
        assert!(boundary("技術リードは", "技術".len(), true));
        assert!(boundary("ciを", 2, false));
        assert!(!boundary("leads", 4, false));
    }
}
