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

use std::collections::HashMap;

use crate::error::Error;
use crate::glossary::analyze::{
    Analyzer, LABEL, NAME, SUMMARY, TYPO_MAX, TYPO_MIN, is_stop, is_unspaced,
};
use crate::glossary::catalog::Catalog;
use crate::glossary::index::{IndexRead, Stats, decode};
use crate::glossary::key::{normalize, words};
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
    let scores = plan.score(&*index)?;
    let mut ranked: Vec<(f32, u32)> = scores
        .touched
        .iter()
        .filter(|&&i| passes(i as usize) && !exact.contains(&(i as usize)))
        .map(|&i| (scores.final_score(i as usize), i))
        .collect();
    best(
        &mut ranked,
        if keep == 0 {
            usize::MAX
        } else {
            keep.saturating_sub(exact.len())
        },
    );
    let mut hits = Vec::with_capacity(exact.len() + ranked.len());
    for &i in exact.iter().take(if keep == 0 { usize::MAX } else { keep }) {
        hits.push(Hit::new(&*catalog.entry(i)?, i, Tier::Exact, 1.0, true));
    }
    for (score, i) in ranked {
        let i = i as usize;
        let acc = &scores.acc[i];
        let tier = tier_of(acc);
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

/// Keeps the `room` best of `ranked`, best first (higher score, then earlier in the glossary).
fn best(ranked: &mut Vec<(f32, u32)>, room: usize) {
    let order = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
    if ranked.len() > room {
        if room == 0 {
            ranked.clear();
        } else {
            ranked.select_nth_unstable_by(room - 1, order);
            ranked.truncate(room);
        }
    }
    ranked.sort_unstable_by(order);
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
/// entries in memory); an unknown one is an error with a did-you-mean.
pub fn check_filters<'e>(
    entries: impl Iterator<Item = (&'e String, &'e Vec<String>)>,
    category: Option<&str>,
    tags: &[String],
) -> Result<(), Error> {
    if category.is_none() && tags.is_empty() {
        return Ok(());
    }
    let mut categories: std::collections::BTreeMap<String, String> = Default::default();
    let mut known_tags: std::collections::BTreeMap<String, String> = Default::default();
    for (c, ts) in entries {
        categories.entry(normalize(c)).or_insert_with(|| c.clone());
        for t in ts {
            known_tags.entry(normalize(t)).or_insert_with(|| t.clone());
        }
    }
    if let Some(c) = category
        && !categories.contains_key(&normalize(c))
    {
        let known: Vec<String> = categories.into_values().collect();
        return Err(unknown_label("category", c, &known));
    }
    for t in tags {
        if !known_tags.contains_key(&normalize(t)) {
            let known: Vec<String> = known_tags.into_values().collect();
            return Err(unknown_label("tag", t, &known));
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

/// One query word's best showing in one entry.
#[derive(Debug, Clone, Copy, Default)]
struct Found {
    contribution: f32,
    cover: f32,
    field: u8,
    corrected: bool,
}

/// The scores of every entry the query touched.
struct Scores {
    acc: Vec<Acc>,
    touched: Vec<u32>,
    /// Sum of the query words' weights, and of the adjacency bonuses possible.
    words: f32,
    bonuses: f32,
}

impl Scores {
    /// Half coverage, half strength, in 0..[`BELOW_EXACT`].
    fn final_score(&self, i: usize) -> f32 {
        let a = &self.acc[i];
        let coverage = a.matched / self.words.max(f32::MIN_POSITIVE);
        let strength = a.score / (self.words + self.bonuses).max(f32::MIN_POSITIVE);
        (BELOW_EXACT as f32 * (0.5 * coverage + 0.5 * strength)).clamp(0.0, BELOW_EXACT as f32)
    }
}

/// Inverse document frequency, BM25's: rare words weigh more.
fn idf(stats: &Stats, df: u32) -> f32 {
    let (n, df) = (stats.entries as f32, df as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

impl Plan {
    fn score(&self, index: &dyn IndexRead) -> Result<Scores, Error> {
        let stats = index.stats().clone();
        let n = stats.entries as usize;
        let mut acc = vec![Acc::default(); n];
        let mut touched: Vec<u32> = Vec::new();
        // Adds a query word's best showing in an entry to what the entry has.
        let mut add = |acc: &mut [Acc], e: usize, f: &Found, weight: f32| {
            let a = &mut acc[e];
            a.score += f.contribution;
            a.matched += f.cover.min(weight);
            if f.contribution > a.best || !a.seen {
                a.best = f.contribution;
                a.field = f.field;
                a.typo = f.corrected;
            }
            if !a.seen {
                a.seen = true;
                touched.push(e as u32);
            }
        };
        let mut found: Vec<Found> = Vec::new();
        let mut here: Vec<u32> = Vec::new();
        let mut words = 0.0;
        for position in &self.positions {
            if let [alt] = position.alternatives.as_slice()
                && let [term] = alt.terms.as_slice()
            {
                // One way to find the word: each entry's showing is its posting.
                let mut weight = 0.0f32;
                if let Some(postings) = index.postings(term)? {
                    let rarity = idf(&stats, postings.df);
                    weight = weight.max(rarity);
                    let cover = rarity * alt.weight;
                    decode(&postings.bytes, |p| {
                        let e = p.entry as usize;
                        if e < n {
                            let f = Found {
                                contribution: p.strength * alt.weight * rarity,
                                cover,
                                field: p.field,
                                corrected: alt.corrected,
                            };
                            add(&mut acc, e, &f, weight);
                        }
                    });
                }
                words += weight;
                continue;
            }
            if found.is_empty() {
                found = vec![Found::default(); n];
            }
            let mut weight = 0.0f32;
            for alt in &position.alternatives {
                let rarity = alternative(index, &stats, alt, &mut |e, strength, field| {
                    let e = e as usize;
                    let Some(slot) = found.get_mut(e) else {
                        return;
                    };
                    if slot.cover == 0.0 {
                        here.push(e as u32);
                    }
                    let contribution = strength.0 * alt.weight * strength.1;
                    if contribution > slot.contribution || slot.cover == 0.0 {
                        *slot = Found {
                            contribution,
                            cover: strength.1 * alt.weight,
                            field,
                            corrected: alt.corrected,
                        };
                    }
                })?;
                weight = weight.max(rarity);
            }
            words += weight;
            for &e in &here {
                let e = e as usize;
                let f = std::mem::take(&mut found[e]);
                add(&mut acc, e, &f, weight);
            }
            here.clear();
        }
        let mut bonuses = 0.0;
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
                decode(&postings.bytes, |p| {
                    if let Some(a) = acc.get_mut(p.entry as usize) {
                        a.score += weight * rarity * p.strength;
                    }
                });
            }
        }
        Ok(Scores {
            acc,
            touched,
            words,
            bonuses,
        })
    }
}

/// Visits every entry an alternative finds, with its (strength, rarity) and strongest field;
/// returns the alternative's rarity (its terms' average for several).
fn alternative(
    index: &dyn IndexRead,
    stats: &Stats,
    alt: &Alternative,
    visit: &mut impl FnMut(u32, (f32, f32), u8),
) -> Result<f32, Error> {
    if let [term] = alt.terms.as_slice() {
        let Some(postings) = index.postings(term)? else {
            return Ok(0.0);
        };
        let rarity = idf(stats, postings.df);
        decode(&postings.bytes, |p| {
            visit(p.entry, (p.strength, rarity), p.field);
        });
        return Ok(rarity);
    }
    // Every term must be there: sum per entry, keep those that have them all.
    let mut sums: HashMap<u32, (f32, usize, u8, f32)> = HashMap::new();
    let mut rarity = 0.0;
    for (k, term) in alt.terms.iter().enumerate() {
        let Some(postings) = index.postings(term)? else {
            return Ok(0.0);
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
    let mut all: Vec<_> = sums
        .into_iter()
        .filter(|(_, s)| s.1 == alt.terms.len())
        .collect();
    all.sort_unstable_by_key(|(e, _)| *e);
    for (e, (sum, _, field, _)) in all {
        // Strength as the average of the terms', with the rarity folded in.
        let strength = sum / (rarity * alt.terms.len() as f32).max(f32::MIN_POSITIVE);
        visit(e, (strength, rarity), field);
    }
    Ok(rarity)
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
