//! Ranked search (SPEC §5): one BM25F ranking over every field of an entry, read from the search
//! index, with exact names first, typo and split-word tolerance, and did-you-mean suggestions
//! from the same engine.
//!
//! The rules, in order (README "Search" explains them to users):
//! 1. an entry whose slug, title or alias equals the whole query is first (`exact`), as is the
//!    entry `show` would find for it: a plural of a name, or a name written as two words;
//! 2. then by relevance, a score in 0..1 that is half coverage (how much of the query the entry
//!    holds, each word weighted by how rare it is in the glossary) and half BM25F strength (each
//!    word's count in each field, weighted by the field, saturating, relative to the field's
//!    length), with a bonus for query words that stand next to each other, in order, in a name
//!    or the summary;
//! 3. ties keep the glossary's own order.
//!
//! A query word counts in full when its stem is in the glossary; only a word the glossary lacks
//! is corrected (typos, a split or joined word, the start of a longer word), at a lower weight.
//!
//! Entries are scored in order, reading every word's postings at once. When only the best few
//! are asked for, an entry that cannot reach the worst of those kept so far is passed over, by
//! bounds on what each word can add (MaxScore): the results are those of scoring every entry.

use std::collections::HashMap;

use crate::error::Error;
use crate::glossary::analyze::{
    Analyzer, LABEL, NAME, SUMMARY, TYPO_MAX, TYPO_MIN, is_stop, is_unspaced,
};
use crate::glossary::catalog::Catalog;
use crate::glossary::index::{Decoder, IndexRead, Posting, Postings, Stats, bound, decode};
use crate::glossary::key::{normalize, words};
use crate::glossary::listing::{Group, Grouping};
use crate::glossary::{Entry, Glossary, Lookup};

/// Where the best evidence for a result was, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// The whole query is the entry's slug, title or an alias.
    Exact,
    /// Query words in the slug, title or aliases.
    Name,
    /// In the category or a tag.
    Tag,
    Summary,
    /// In a section: heading, item term, body or item text.
    Text,
    /// Only through a corrected word: a typo, a split or joined word, or a word completed.
    Typo,
}

impl Tier {
    pub fn name(self) -> &'static str {
        match self {
            Tier::Exact => "exact",
            Tier::Name => "name",
            Tier::Tag => "tag",
            Tier::Summary => "summary",
            Tier::Text => "text",
            Tier::Typo => "typo",
        }
    }
}

/// One result: an entry, where its best evidence was, a score in 0..1, and the fields results
/// show.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entry: usize,
    pub tier: Tier,
    pub score: f64,
    /// The best evidence was in a name (slug, title or alias), corrected or not.
    pub in_name: bool,
    pub slug: String,
    pub title: String,
    pub category: String,
}

/// What to search for and how.
#[derive(Debug, Default, Clone)]
pub struct Query<'a> {
    pub text: &'a str,
    pub category: Option<&'a str>,
    pub tags: &'a [String],
    /// Match words only as written (and by stem): no typos, split or joined words, or prefixes.
    pub exact: bool,
    /// Accepted for compatibility: sections are always searched.
    pub full_text: bool,
}

/// Weight of a word corrected with one typo (squared for two), completed from a prefix, or
/// found split or joined.
const TYPO: f32 = 0.6;
const PREFIX: f32 = 0.5;
const SPLIT: f32 = 0.85;
/// Weight of a word found joined with its neighbour (`road map` as `roadmap`), for each of the two.
const JOINED: f32 = 0.65;
/// Weight of two query words found next to each other, in order, against one word.
const ADJACENT: f32 = 0.6;
/// Corrections kept per query word, closest first.
const CORRECTIONS: usize = 8;
/// Distinct query words looked at; a longer query is cut (a 1 MB query of one word is one word).
const MAX_WORDS: usize = 32;
/// The best score below an exact name.
const BELOW_EXACT: f64 = 0.99;

/// Every entry that matches, ranked.
pub fn search(glossary: &Glossary, query: &Query) -> Vec<Hit> {
    // The in-memory glossary never fails a read; an unknown filter value finds nothing.
    search_in(glossary, query, 0).unwrap_or_default()
}

/// The best `keep` matches (all of them for 0), ranked as the module's comment says. An unknown
/// `--category` or `--tag` value is a usage error with a did-you-mean.
pub fn search_in<C: Catalog + ?Sized>(
    catalog: &C,
    query: &Query,
    keep: usize,
) -> Result<Vec<Hit>, Error> {
    let key = normalize(query.text);
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let index = catalog.index()?;
    let allowed = allowed(&*index, query.category, query.tags)?;
    let passes = |i: usize| {
        allowed
            .as_ref()
            .is_none_or(|a| a.get(i).copied() == Some(true))
    };
    let mut exact = exact_names(catalog, &*index, query, &key)?;
    exact.retain(|&i| passes(i));
    let plan = Plan::of(&*index, &key, query.exact)?;
    let mut named = exact.clone();
    named.sort_unstable();
    let room = if keep == 0 {
        usize::MAX
    } else {
        keep.saturating_sub(exact.len())
    };
    let entries = index.stats().entries;
    let ranked = plan.rank(&*index, room, |e| {
        e < entries && passes(e as usize) && named.binary_search(&(e as usize)).is_err()
    })?;
    let mut hits = Vec::with_capacity(exact.len() + ranked.len());
    for &i in exact.iter().take(if keep == 0 { usize::MAX } else { keep }) {
        hits.push(Hit::new(&*catalog.entry(i)?, i, Tier::Exact, 1.0, true));
    }
    for Ranked { score, entry, acc } in ranked {
        let i = entry as usize;
        let tier = tier_of(&acc);
        let score = (f64::from(score) * 100.0).round() / 100.0;
        let in_name = acc.field as usize == NAME;
        hits.push(Hit::new(&*catalog.entry(i)?, i, tier, score, in_name));
    }
    Ok(hits)
}

/// The entries the whole query names, as `show` would find them: a slug, title or alias, the
/// plural of a name (`runbooks`), where typos are allowed a name written as two words (`road
/// map`), and a title's abbreviation in parentheses or the title without it.
fn exact_names<C: Catalog + ?Sized>(
    catalog: &C,
    index: &dyn IndexRead,
    query: &Query,
    key: &str,
) -> Result<Vec<usize>, Error> {
    let mut exact: Vec<usize> = match catalog.lookup(query.text)? {
        Lookup::Found(i) => vec![i],
        Lookup::Ambiguous(many) => many,
        Lookup::Missing => Vec::new(),
    };
    // What `show` would find is exact too: the plural of a name (`runbooks`), and, where typos
    // are allowed, a name written as two words (`road map`, `on call`).
    if exact.is_empty() {
        let spellings = if query.exact {
            crate::glossary::key::singulars(query.text)
        } else {
            crate::glossary::key::other_spellings(query.text)
        };
        for name in spellings {
            if let Lookup::Found(i) = catalog.lookup(&name)? {
                exact.push(i);
                break;
            }
        }
    }
    // A title's abbreviation in parentheses (`Application Programming Interface (API)`) and
    // the title without it are names too.
    if let Some(postings) = index.postings(&format!("={key}"))? {
        decode(&postings.bytes, |p| {
            if !exact.contains(&(p.entry as usize)) {
                exact.push(p.entry as usize);
            }
        });
    }
    Ok(exact)
}

/// Where an entry's best evidence was.
fn tier_of(acc: &Acc) -> Tier {
    if acc.typo {
        Tier::Typo
    } else {
        match acc.field as usize {
            NAME => Tier::Name,
            LABEL => Tier::Tag,
            SUMMARY => Tier::Summary,
            _ => Tier::Text,
        }
    }
}

/// Up to `limit` entries a mistyped term may have meant: search results whose best evidence is
/// in a name, never only in text.
pub fn suggestions(glossary: &Glossary, term: &str, limit: usize) -> Vec<usize> {
    // The in-memory glossary never fails a read.
    suggestions_in(glossary, term, limit)
        .unwrap_or_default()
        .into_iter()
        .map(|h| h.entry)
        .collect()
}

/// [`suggestions`] from any store of a glossary.
pub fn suggestions_in<C: Catalog + ?Sized>(
    catalog: &C,
    term: &str,
    limit: usize,
) -> Result<Vec<Hit>, Error> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let query = Query {
        text: term,
        ..Query::default()
    };
    let mut hits = search_in(catalog, &query, limit.max(50))?;
    hits.retain(|h| h.in_name);
    // Only names about as close as the closest: a weak match is no suggestion.
    let best = hits.first().map_or(0.0, |h| h.score);
    hits.retain(|h| h.score >= 0.75 * best);
    hits.truncate(limit);
    Ok(hits)
}

impl Hit {
    fn new(entry: &Entry, i: usize, tier: Tier, score: f64, in_name: bool) -> Hit {
        Hit {
            entry: i,
            tier,
            score,
            in_name,
            slug: entry.slug.clone(),
            title: entry.title.clone(),
            category: entry.category.clone(),
        }
    }
}

/// The entries the filters let through, or `None` without filters. A value no entry has is an
/// error that names the closest one.
fn allowed(
    index: &dyn IndexRead,
    category: Option<&str>,
    tags: &[String],
) -> Result<Option<Vec<bool>>, Error> {
    let mut wanted = Vec::new();
    if let Some(c) = category {
        wanted.push(("category", c, format!("c:{}", normalize(c))));
    }
    for t in tags {
        wanted.push(("tag", t.as_str(), format!("t:{}", normalize(t))));
    }
    if wanted.is_empty() {
        return Ok(None);
    }
    let n = index.stats().entries as usize;
    let mut pass = vec![true; n];
    for (kind, value, term) in wanted {
        let Some(postings) = index.postings(&term)? else {
            let labels = index.labels()?;
            let known = if kind == "category" {
                &labels.categories
            } else {
                &labels.tags
            };
            return Err(unknown_label(kind, value, known));
        };
        let mut here = vec![false; n];
        decode(&postings.bytes, |p| {
            if let Some(h) = here.get_mut(p.entry as usize) {
                *h = true;
            }
        });
        for (p, h) in pass.iter_mut().zip(here) {
            *p &= h;
        }
    }
    Ok(Some(pass))
}

/// Checks that every filter value names a category or tag some entry has (as `list` filters
/// entries by them); an unknown one is an error with a did-you-mean.
pub fn check_filters(
    catalog: &dyn Catalog,
    category: Option<&str>,
    tags: &[String],
) -> Result<(), Error> {
    let checks = category
        .map(|c| (Grouping::Category, "category", c))
        .into_iter()
        .chain(tags.iter().map(|t| (Grouping::Tag, "tag", t.as_str())));
    let mut known: [Option<Vec<Group>>; 2] = [None, None];
    for (grouping, kind, value) in checks {
        let groups = match &mut known[usize::from(grouping == Grouping::Tag)] {
            Some(groups) => groups,
            slot => slot.insert(catalog.groups(grouping)?),
        };
        let key = normalize(value);
        if !groups.iter().any(|g| g.key == key) {
            let names: Vec<String> = groups.iter().map(|g| g.name.clone()).collect();
            return Err(unknown_label(kind, value, &names));
        }
    }
    Ok(())
}

/// The error for a `--category` or `--tag` value no entry has, with the closest known value.
pub fn unknown_label(kind: &str, value: &str, known: &[String]) -> Error {
    let key = normalize(value);
    let closest = known
        .iter()
        .map(|k| {
            let other = normalize(k);
            let mut s = strsim::normalized_damerau_levenshtein(&key, &other);
            if !key.is_empty() && (other.starts_with(&key) || key.starts_with(&other)) {
                s = s.max(0.8);
            }
            (s, k)
        })
        .filter(|(s, _)| *s >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)));
    let shown: String = value.chars().take(80).collect();
    let list = if kind == "category" {
        "categories"
    } else {
        "tags"
    };
    let help = match closest {
        Some((_, k)) => format!("did you mean '{k}'?"),
        None => format!("`techlead-glossary {list}` lists them"),
    };
    Error::Hinted {
        message: format!("no entry has the {kind} '{shown}'"),
        help,
    }
}

/// One way a query word can be found: a term, or several that must all be there (a split
/// word, a run of an unspaced script), at a weight.
#[derive(Debug, Clone)]
struct Alternative {
    terms: Vec<String>,
    weight: f32,
    corrected: bool,
}

/// A query word and the ways it can be found.
#[derive(Debug)]
struct Position {
    alternatives: Vec<Alternative>,
    /// Its term as written (stemmed), when the glossary has it: for adjacent pairs.
    term: Option<String>,
}

/// The analysed query.
struct Plan {
    positions: Vec<Position>,
}

impl Plan {
    fn of(index: &dyn IndexRead, key: &str, exact: bool) -> Result<Plan, Error> {
        let mut seen = Vec::new();
        for w in words(key) {
            if !seen.contains(&w) {
                seen.push(w);
                if seen.len() == MAX_WORDS {
                    break;
                }
            }
        }
        if seen.iter().any(|w| !is_stop(w)) {
            seen.retain(|w| !is_stop(w));
        }
        let mut a = Analyzer::default();
        let mut positions = Vec::with_capacity(seen.len());
        for w in &seen {
            positions.push(position(index, &mut a, w, exact)?);
        }
        if !exact {
            // Two words the glossary has as one (`micro service`): found for both.
            for k in 1..seen.len() {
                let joined = format!("{}{}", seen[k - 1], seen[k]);
                let term = a.stem(&joined);
                if joined.chars().count() <= TYPO_MAX && index.holds(&term)? {
                    let alt = Alternative {
                        terms: vec![term],
                        weight: JOINED,
                        corrected: true,
                    };
                    positions[k - 1].alternatives.push(alt.clone());
                    positions[k].alternatives.push(alt);
                }
            }
        }
        Ok(Plan { positions })
    }
}

/// The ways one word can be found: as written (by stem); or, when the glossary lacks it and
/// corrections are allowed, with a typo, split into words it has, or as the start of a word.
fn position(
    index: &dyn IndexRead,
    a: &mut Analyzer,
    word: &str,
    exact: bool,
) -> Result<Position, Error> {
    if word.chars().any(is_unspaced) {
        let mut terms = Vec::new();
        a.word_terms(word, &mut |_, t| terms.push(t.to_string()));
        terms.dedup();
        let mut all = true;
        for t in &terms {
            all &= index.holds(t)?;
        }
        let alternatives = if all {
            vec![Alternative {
                terms,
                weight: 1.0,
                corrected: false,
            }]
        } else {
            Vec::new()
        };
        return Ok(Position {
            alternatives,
            term: None,
        });
    }
    let term = a.stem(word);
    if index.holds(&term)? {
        return Ok(Position {
            alternatives: vec![Alternative {
                terms: vec![term.clone()],
                weight: 1.0,
                corrected: false,
            }],
            term: Some(term),
        });
    }
    let mut alternatives = Vec::new();
    if !exact {
        for (weight, found) in corrections(index, word)? {
            let t = a.stem(&found);
            if !alternatives
                .iter()
                .any(|x: &Alternative| x.terms == [t.clone()])
            {
                alternatives.push(Alternative {
                    terms: vec![t],
                    weight,
                    corrected: true,
                });
            }
        }
        for parts in splits(index, a, word)? {
            alternatives.push(Alternative {
                terms: parts,
                weight: SPLIT,
                corrected: true,
            });
        }
    }
    Ok(Position {
        alternatives,
        term: None,
    })
}

/// Vocabulary words within the typo bound of `word` (none under four letters, one edit up to
/// seven, two from eight), and words it starts; closest first, at most [`CORRECTIONS`] of each.
fn corrections(index: &dyn IndexRead, word: &str) -> Result<Vec<(f32, String)>, Error> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if !(TYPO_MIN..=TYPO_MAX).contains(&n) || !chars.iter().all(|c| c.is_alphabetic()) {
        return Ok(Vec::new());
    }
    let edits = if n >= 8 { 2 } else { 1 };
    let mut typos: Vec<(usize, String)> = Vec::new();
    let mut other: Vec<char> = Vec::new();
    for len in n - edits..=n + edits {
        for candidate in index.vocabulary(len)?.lines() {
            other.clear();
            other.extend(candidate.chars());
            if let Some(d) = within(&chars, &other, edits) {
                typos.push((d, candidate.to_string()));
            }
        }
    }
    typos.sort();
    typos.truncate(CORRECTIONS);
    let mut out: Vec<(f32, String)> = typos
        .into_iter()
        .map(|(d, w)| (TYPO.powi(d as i32), w))
        .collect();
    let mut prefixed: Vec<String> = Vec::new();
    for len in n + 1..=TYPO_MAX {
        for candidate in index.vocabulary(len)?.lines() {
            if candidate.starts_with(word) {
                prefixed.push(candidate.to_string());
            }
        }
        if prefixed.len() >= CORRECTIONS {
            break;
        }
    }
    prefixed.truncate(CORRECTIONS);
    out.extend(prefixed.into_iter().map(|w| (PREFIX, w)));
    Ok(out)
}

/// The optimal-string-alignment distance of two words when it is at most `bound` (adjacent
/// swaps count one edit). Only a band of the table is filled: work grows with the words'
/// length times the bound, never with the square of a length.
fn within(a: &[char], b: &[char], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    let (n, m) = (a.len(), b.len());
    let big = bound + 1;
    let mut prev2 = vec![big; m + 1];
    let mut prev: Vec<usize> = (0..=m).map(|j| j.min(big)).collect();
    let mut row = vec![big; m + 1];
    for i in 1..=n {
        row.fill(big);
        if i <= bound {
            row[0] = i;
        }
        let lo = i.saturating_sub(bound).max(1);
        let hi = (i + bound).min(m);
        let mut best = row[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j - 1] + cost).min(prev[j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            row[j] = d.min(big);
            best = best.min(row[j]);
        }
        if best > bound {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut row);
    }
    (prev[m] <= bound).then_some(prev[m])
}

/// Ways to cut a word the glossary lacks into two or three words it has (`trunkbased`,
/// `1on1`), fewest pieces first.
fn splits(index: &dyn IndexRead, a: &mut Analyzer, word: &str) -> Result<Vec<Vec<String>>, Error> {
    let cuts: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(1).collect();
    if cuts.is_empty() || cuts.len() > 24 {
        return Ok(Vec::new());
    }
    let lookup = |piece: &str, a: &mut Analyzer| -> Result<Option<String>, Error> {
        let term = a.stem(piece);
        Ok(index.holds(&term)?.then_some(term))
    };
    let mut out = Vec::new();
    for &c in &cuts {
        let (x, y) = (&word[..c], &word[c..]);
        if let (Some(tx), Some(ty)) = (lookup(x, a)?, lookup(y, a)?) {
            out.push(vec![tx, ty]);
        }
    }
    if out.is_empty() {
        for (k, &c1) in cuts.iter().enumerate() {
            let Some(t1) = lookup(&word[..c1], a)? else {
                continue;
            };
            for &c2 in &cuts[k + 1..] {
                if let (Some(t2), Some(t3)) = (lookup(&word[c1..c2], a)?, lookup(&word[c2..], a)?) {
                    out.push(vec![t1.clone(), t2, t3]);
                }
            }
        }
    }
    out.truncate(4);
    Ok(out)
}

/// What the query found in one entry.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    /// BM25F contributions of the query words found, plus adjacency bonuses.
    score: f32,
    /// Weights (rarity) of the query words found, lowered for corrected ones.
    matched: f32,
    /// The largest single word's contribution, and where it was.
    best: f32,
    field: u8,
    typo: bool,
    /// Some query word was found in it.
    seen: bool,
}

impl Acc {
    /// Adds a query word's best showing in the entry, the word weighing `weight`.
    fn add(&mut self, f: &Found, weight: f32) {
        self.score += f.contribution;
        self.matched += f.cover.min(weight);
        if f.contribution > self.best || !self.seen {
            self.best = f.contribution;
            self.field = f.field;
            self.typo = f.corrected;
        }
        self.seen = true;
    }
}

/// One query word's best showing in one entry.
#[derive(Debug, Clone, Copy, Default)]
struct Found {
    contribution: f32,
    cover: f32,
    field: u8,
    corrected: bool,
}

/// The sums a score is a share of: the query words' weights, and the adjacency bonuses possible.
struct Totals {
    words: f32,
    bonuses: f32,
}

impl Totals {
    /// Half coverage, half strength, in 0..[`BELOW_EXACT`].
    fn final_score(&self, a: &Acc) -> f32 {
        let coverage = a.matched / self.words.max(f32::MIN_POSITIVE);
        let strength = a.score / (self.words + self.bonuses).max(f32::MIN_POSITIVE);
        (BELOW_EXACT as f32 * (0.5 * coverage + 0.5 * strength)).clamp(0.0, BELOW_EXACT as f32)
    }

    /// The most a word's showing can add to a final score: `cover` to the coverage (at most the
    /// word's `weight`), `contribution` to the strength.
    fn share(&self, cover: f32, weight: f32, contribution: f32) -> f32 {
        let coverage = cover.min(weight) / self.words.max(f32::MIN_POSITIVE);
        let strength = contribution / (self.words + self.bonuses).max(f32::MIN_POSITIVE);
        BELOW_EXACT as f32 * (0.5 * coverage + 0.5 * strength)
    }
}

/// Inverse document frequency, BM25's: rare words weigh more.
fn idf(stats: &Stats, df: u32) -> f32 {
    let (n, df) = (stats.entries as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// What a bound is lowered by before a score is compared with it, for rounding: far above what
/// adding a few dozen numbers in 0..1 can lose, far below a difference that shows (0.01).
const SLACK: f32 = 1e-4;

/// The entries one way of finding a word finds, in order: a stored list, or one worked out.
enum List<'a> {
    Stored(Postings<'a>),
    Worked(Vec<Posting>),
}

impl List<'_> {
    fn postings(&self) -> Cursor<'_> {
        match self {
            List::Stored(p) => Cursor::Stored(Decoder::new(&p.bytes)),
            List::Worked(list) => Cursor::Worked(list.iter()),
        }
    }

    /// The largest strength it holds.
    fn bound(&self) -> f32 {
        match self {
            List::Stored(p) => bound(&p.bytes),
            List::Worked(list) => list.iter().map(|p| p.strength).fold(0.0, f32::max),
        }
    }
}

enum Cursor<'a> {
    Stored(Decoder<'a>),
    Worked(std::slice::Iter<'a, Posting>),
}

impl Iterator for Cursor<'_> {
    type Item = Posting;

    #[inline]
    fn next(&mut self) -> Option<Posting> {
        match self {
            Cursor::Stored(d) => d.next(),
            Cursor::Worked(list) => list.next().copied(),
        }
    }
}

/// One way of finding a word (or, for a bonus, a pair of words), read entry by entry.
struct Way<'a> {
    postings: Cursor<'a>,
    at: Option<Posting>,
    /// The way's weight (lower for a correction) and its rarity.
    weight: f32,
    rarity: f32,
    corrected: bool,
}

impl Way<'_> {
    fn entry(&self) -> u32 {
        self.at.map_or(u32::MAX, |p| p.entry)
    }

    /// Moves to the first entry at or past `e`.
    fn seek(&mut self, e: u32) {
        while self.at.is_some_and(|p| p.entry < e) {
            self.at = self.postings.next();
        }
    }
}

/// A query word (its ways of being found) or an adjacency bonus, and the most it adds to a
/// final score.
struct Scorer<'a> {
    ways: Vec<Way<'a>>,
    /// The word's weight; for a bonus, its weight times its rarity.
    weight: f32,
    bonus: bool,
    most: f32,
    /// The first entry any of its ways is at (`u32::MAX`: none).
    at: u32,
}

impl Scorer<'_> {
    fn settle(&mut self) {
        self.at = self.ways.iter().map(Way::entry).min().unwrap_or(u32::MAX);
    }

    fn seek(&mut self, e: u32) {
        if self.at < e {
            self.ways.iter_mut().for_each(|w| w.seek(e));
            self.settle();
        }
    }

    /// Moves past entry `e`.
    fn pass(&mut self, e: u32) {
        if self.at == e {
            self.ways.iter_mut().for_each(|w| w.seek(e + 1));
            self.settle();
        }
    }

    /// Adds what it finds in entry `e` (where it is) to the entry's sums.
    fn add(&self, e: u32, a: &mut Acc) {
        if self.bonus {
            for w in &self.ways {
                if let Some(p) = w.at.filter(|p| p.entry == e) {
                    a.score += self.weight * p.strength;
                }
            }
            return;
        }
        // The way that adds most (the first of equals) is the word's showing.
        let mut slot = Found::default();
        let mut any = false;
        for w in &self.ways {
            let Some(p) = w.at.filter(|p| p.entry == e) else {
                continue;
            };
            let contribution = p.strength * w.weight * w.rarity;
            any |= slot.cover == 0.0;
            if contribution > slot.contribution || slot.cover == 0.0 {
                slot = Found {
                    contribution,
                    cover: w.rarity * w.weight,
                    field: p.field,
                    corrected: w.corrected,
                };
            }
        }
        if any {
            a.add(&slot, self.weight);
        }
    }
}

/// An entry ranked: its score, its number, what was found in it.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    score: f32,
    entry: u32,
    acc: Acc,
}

impl Ranked {
    /// Better first: a higher score, then earlier in the glossary.
    fn order(&self, other: &Ranked) -> std::cmp::Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.entry.cmp(&other.entry))
    }
}

/// In a heap, the worst of the best kept so far is on top.
struct Worst(Ranked);

impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Worst {}

impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Worst {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.order(&other.0)
    }
}

impl Plan {
    /// The `room` best entries that `pass` lets through (all of them for `usize::MAX`), best
    /// first. Entries are read in order, every list at once; once `room` entries are kept, an
    /// entry whose words cannot add up to the worst of them is passed over unscored, and a word
    /// that cannot lift an entry past it alone (with the other such words) stops proposing entries:
    /// its list is only read forward to the entries other words propose (MaxScore). The scores,
    /// and so the order, are those of scoring every entry.
    fn rank(
        &self,
        index: &dyn IndexRead,
        room: usize,
        pass: impl Fn(u32) -> bool,
    ) -> Result<Vec<Ranked>, Error> {
        if room == 0 {
            return Ok(Vec::new());
        }
        let stats = index.stats().clone();
        // Every list, and each word's weight: the rarest of its ways.
        let mut lists: Vec<Vec<Option<(List, f32)>>> = Vec::with_capacity(self.positions.len());
        let mut weights = Vec::with_capacity(self.positions.len());
        let mut words = 0.0;
        for position in &self.positions {
            let mut weight = 0.0f32;
            let mut ways = Vec::with_capacity(position.alternatives.len());
            for alt in &position.alternatives {
                let list = alternative(index, &stats, alt)?;
                weight = weight.max(list.as_ref().map_or(0.0, |l| l.1));
                ways.push(list);
            }
            words += weight;
            weights.push(weight);
            lists.push(ways);
        }
        let mut bonuses = 0.0;
        let mut pairs: Vec<(List, f32)> = Vec::new();
        for pair in self.positions.windows(2) {
            let (Some(x), Some(y)) = (&pair[0].term, &pair[1].term) else {
                continue;
            };
            for (term, weight) in [
                (format!("{x} {y}"), ADJACENT),
                (format!("{y} {x}"), ADJACENT / 2.0),
            ] {
                let Some(postings) = index.postings(&term)? else {
                    continue;
                };
                let rarity = idf(&stats, postings.df);
                if weight == ADJACENT {
                    bonuses += weight * rarity;
                }
                pairs.push((List::Stored(postings), weight * rarity));
            }
        }
        let totals = Totals { words, bonuses };
        let mut sound = words.is_finite() && bonuses.is_finite();
        let mut scorers: Vec<Scorer> = Vec::new();
        for ((position, ways), &weight) in self.positions.iter().zip(&lists).zip(&weights) {
            let mut scorer = Scorer {
                ways: Vec::new(),
                weight,
                bonus: false,
                most: 0.0,
                at: u32::MAX,
            };
            for (alt, list) in position.alternatives.iter().zip(ways) {
                let Some((list, rarity)) = list else {
                    continue;
                };
                sound &= rarity.is_finite() && *rarity >= 0.0;
                let contribution = list.bound() * alt.weight * rarity;
                scorer.most =
                    scorer
                        .most
                        .max(totals.share(rarity * alt.weight, weight, contribution));
                let mut postings = list.postings();
                scorer.ways.push(Way {
                    at: postings.next(),
                    postings,
                    weight: alt.weight,
                    rarity: *rarity,
                    corrected: alt.corrected,
                });
            }
            scorer.settle();
            scorers.push(scorer);
        }
        for (list, weight) in &pairs {
            sound &= weight.is_finite() && *weight >= 0.0;
            let mut postings = list.postings();
            let mut scorer = Scorer {
                ways: vec![Way {
                    at: postings.next(),
                    postings,
                    weight: ADJACENT,
                    rarity: 0.0,
                    corrected: false,
                }],
                weight: *weight,
                bonus: true,
                most: totals.share(0.0, 0.0, list.bound() * weight),
                at: u32::MAX,
            };
            scorer.settle();
            scorers.push(scorer);
        }
        // Words and bonuses from the least they can add; `below[k]`: what the first `k` add
        // at most together.
        let mut order: Vec<usize> = (0..scorers.len()).collect();
        order.sort_by(|&a, &b| scorers[a].most.total_cmp(&scorers[b].most));
        let mut below = vec![0.0f32; order.len() + 1];
        for (k, &s) in order.iter().enumerate() {
            below[k + 1] = below[k] + scorers[s].most;
            sound &= scorers[s].most.is_finite();
        }
        let prune = sound && room != usize::MAX;
        // The entries kept, and the worst score among them once there are `room`.
        let mut kept: std::collections::BinaryHeap<Worst> = Default::default();
        let mut all: Vec<Ranked> = Vec::new();
        let mut floor = f32::NEG_INFINITY;
        // Scorers `order[..quiet]` cannot lift an entry to `floor` by themselves.
        let mut quiet = 0;
        loop {
            let e = order[quiet..]
                .iter()
                .map(|&s| scorers[s].at)
                .min()
                .unwrap_or(u32::MAX);
            if e == u32::MAX {
                break;
            }
            let hopeful = pass(e)
                && (!prune
                    || below[quiet]
                        + order[quiet..]
                            .iter()
                            .filter(|&&s| scorers[s].at == e)
                            .map(|&s| scorers[s].most)
                            .sum::<f32>()
                        + SLACK
                        >= floor);
            if hopeful {
                for &s in &order[..quiet] {
                    scorers[s].seek(e);
                }
                let mut acc = Acc::default();
                for scorer in scorers.iter().filter(|s| s.at == e) {
                    scorer.add(e, &mut acc);
                }
                if acc.seen {
                    let ranked = Ranked {
                        score: totals.final_score(&acc),
                        entry: e,
                        acc,
                    };
                    if !prune {
                        all.push(ranked);
                    } else if kept.len() < room {
                        kept.push(Worst(ranked));
                    } else if kept.peek().is_some_and(|w| ranked.order(&w.0).is_lt()) {
                        kept.pop();
                        kept.push(Worst(ranked));
                    }
                    if prune && kept.len() == room {
                        floor = kept.peek().map_or(floor, |w| w.0.score);
                        while quiet < order.len() && below[quiet + 1] + SLACK < floor {
                            quiet += 1;
                        }
                    }
                }
            }
            for scorer in &mut scorers {
                scorer.pass(e);
            }
        }
        if prune {
            all = kept.into_iter().map(|w| w.0).collect();
        }
        all.sort_unstable_by(Ranked::order);
        all.truncate(room);
        Ok(all)
    }
}

/// The entries an alternative finds, with its rarity (its terms' average for several), or
/// nothing when some term of it is nowhere.
fn alternative<'i>(
    index: &'i dyn IndexRead,
    stats: &Stats,
    alt: &Alternative,
) -> Result<Option<(List<'i>, f32)>, Error> {
    if let [term] = alt.terms.as_slice() {
        let Some(postings) = index.postings(term)? else {
            return Ok(None);
        };
        let rarity = idf(stats, postings.df);
        return Ok(Some((List::Stored(postings), rarity)));
    }
    // Every term must be there: sum per entry, keep those that have them all.
    let mut sums: HashMap<u32, (f32, usize, u8, f32)> = HashMap::new();
    let mut rarity = 0.0;
    for (k, term) in alt.terms.iter().enumerate() {
        let Some(postings) = index.postings(term)? else {
            return Ok(None);
        };
        let r = idf(stats, postings.df);
        rarity += r / alt.terms.len() as f32;
        decode(&postings.bytes, |p| {
            if k > 0 && !sums.contains_key(&p.entry) {
                return;
            }
            let (strength, field) = (p.strength, p.field);
            let s = sums.entry(p.entry).or_insert((0.0, 0, field, 0.0));
            if s.1 == k {
                s.0 += strength * r;
                s.1 += 1;
                if strength > s.3 {
                    (s.2, s.3) = (field, strength);
                }
            }
        });
    }
    let mut all: Vec<Posting> = sums
        .into_iter()
        .filter(|(_, s)| s.1 == alt.terms.len())
        .map(|(entry, (sum, _, field, _))| Posting {
            entry,
            // Strength as the average of the terms', with the rarity folded in.
            strength: sum / (rarity * alt.terms.len() as f32).max(f32::MIN_POSITIVE),
            field,
        })
        .collect();
    all.sort_unstable_by_key(|p| p.entry);
    Ok(Some((List::Worked(all), rarity)))
}

/// The `--category` and `--tag` filters, as normalised keys: the category must match (when one
/// is asked for), and so must every tag. `search` and `list` both filter this way.
pub struct Filters {
    category: Option<String>,
    tags: Vec<String>,
}

impl Filters {
    pub fn new(category: Option<&str>, tags: &[String]) -> Filters {
        Filters {
            category: category.map(normalize),
            tags: tags.iter().map(|t| normalize(t)).collect(),
        }
    }

    /// Whether an entry with this category key and these tag keys passes.
    pub fn pass<K: AsRef<str>, I: Iterator<Item = K>>(
        &self,
        category_key: &str,
        tag_keys: impl Fn() -> I,
    ) -> bool {
        self.category.as_ref().is_none_or(|c| c == category_key)
            && self
                .tags
                .iter()
                .all(|t| tag_keys().any(|k| k.as_ref() == t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        crate::glossary::from_yaml(
            "entries:
  - title: Technical Lead Jobs
    slug: technical-lead
    aliases: [Tech Lead]
    category: Careers
    tags: [leadership]
    summary: Leads the team's technical work.
  - title: Kubernetes
    aliases: [K8s]
    category: Cloud
    tags: [containers]
    summary: Runs containers.
    sections:
      - heading: Scheduling
        body: It places pods on nodes.
  - title: Application Programming Interface (API)
    category: Cloud
    summary: How programs talk to each other.
  - title: Microservice
    category: Cloud
    summary: A small service deployed on its own.
  - title: Trunk-Based Development
    category: Practices
    summary: Everyone merges to one branch.
",
        )
    }

    fn run(g: &Glossary, text: &str) -> Vec<(String, &'static str)> {
        let q = Query {
            text,
            ..Query::default()
        };
        search(g, &q)
            .iter()
            .map(|h| (g.entries[h.entry].slug.clone(), h.tier.name()))
            .collect()
    }

    fn first(g: &Glossary, text: &str) -> Option<String> {
        run(g, text).into_iter().next().map(|(s, _)| s)
    }

    #[test]
    fn exact_names_and_title_abbreviations_come_first() {
        let g = glossary();
        assert_eq!(run(&g, "k8s")[0], ("kubernetes".into(), "exact"));
        assert_eq!(
            run(&g, "api")[0],
            ("application-programming-interface-api".into(), "exact")
        );
    }

    #[test]
    fn questions_plurals_typos_and_split_words_find_their_entry() {
        let g = glossary();
        for (query, slug) in [
            ("what is a tech lead", "technical-lead"),
            ("lead tech", "technical-lead"),
            ("microservices", "microservice"),
            ("micro service", "microservice"),
            ("kuberntes", "kubernetes"),
            ("trunkbased", "trunk-based-development"),
            ("pods", "kubernetes"),
            ("kube", "kubernetes"),
        ] {
            assert_eq!(first(&g, query).as_deref(), Some(slug), "{query}");
        }
        assert_eq!(run(&g, "kuberntes")[0].1, "typo");
        assert_eq!(run(&g, "pods")[0].1, "text");
    }

    #[test]
    fn exact_turns_corrections_off_and_short_words_are_never_corrected() {
        let g = glossary();
        let q = Query {
            text: "kuberntes",
            exact: true,
            ..Query::default()
        };
        assert!(search(&g, &q).is_empty());
        assert!(run(&g, "k9s").is_empty());
        assert!(run(&g, "zzzz").is_empty());
    }

    #[test]
    fn scores_stay_in_range_and_never_rise() {
        let g = glossary();
        for q in [
            "k8s",
            "lead",
            "cloud service",
            "kuberntes",
            "the",
            "what is a",
        ] {
            let q = Query {
                text: q,
                ..Query::default()
            };
            let hits = search(&g, &q);
            assert!(hits.iter().all(|h| (0.0..=1.0).contains(&h.score)));
            assert!(
                hits.windows(2).all(|w| w[0].score >= w[1].score),
                "{hits:?}"
            );
        }
    }

    #[test]
    fn the_best_few_are_the_first_few_of_all() {
        // Entries of words drawn from a small set, so that many entries tie or nearly tie.
        let words = [
            "ledger", "pipeline", "incident", "deploy", "queue", "risk", "cache", "review",
        ];
        let mut seed = 7u32;
        let mut pick = |n: usize| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as usize % n
        };
        let mut yaml = String::from("entries:\n");
        for i in 0..300 {
            let mut text = |len: usize| {
                (0..len)
                    .map(|_| words[pick(words.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let (title, summary, heading, body) = (text(1), text(12), text(2), text(30));
            yaml.push_str(&format!(
                "  - title: {title} {i}\n    category: C{}\n    summary: {summary}\n    \
                 sections:\n      - heading: {heading}\n        body: {body}\n",
                i % 3,
            ));
        }
        let g = crate::glossary::from_yaml(&yaml);
        for text in [
            "ledger",
            "how does the ledger pipeline handle incidents",
            "queue risk",
            "risk queue cache",
            "incidnt",
            "deploy review ledger pipeline",
            "ledger 7",
        ] {
            let q = Query {
                text,
                ..Query::default()
            };
            let all = search_in(&g, &q, 0).unwrap();
            assert!(all.len() > 25, "{text}");
            for keep in [1, 2, 3, 5, 10, 20, 25] {
                assert_eq!(
                    search_in(&g, &q, keep).unwrap(),
                    all[..keep],
                    "{text} {keep}"
                );
            }
        }
    }

    #[test]
    fn unknown_filter_values_suggest_the_closest() {
        let g = glossary();
        let q = Query {
            text: "lead",
            category: Some("Career"),
            ..Query::default()
        };
        let err = search_in(&g, &q, 0).unwrap_err();
        assert_eq!(err.to_string(), "no entry has the category 'Career'");
        assert_eq!(err.help(), Some("did you mean 'Careers'?"));
    }

    #[test]
    fn suggestions_come_from_names_not_text() {
        let g = glossary();
        let slugs: Vec<_> = suggestions(&g, "technicl-lead", 5)
            .into_iter()
            .map(|i| g.entries[i].slug.as_str())
            .collect();
        assert_eq!(slugs, ["technical-lead"]);
        assert!(suggestions(&g, "containers", 5).is_empty());
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_one() {
        let words = [
            "kubernetes",
            "kuberntes",
            "abc",
            "acb",
            "leadership",
            "laedership",
            "aaaa",
            "aaab",
            "technical",
            "tehcnical",
            "x",
        ];
        for a in words {
            for b in words {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let full = strsim::osa_distance(a, b);
                for bound in 0..3 {
                    let want = (full <= bound).then_some(full);
                    assert_eq!(within(&ca, &cb, bound), want, "{a} {b} {bound}");
                }
            }
        }
    }
}
