//! Ranked search (SPEC §5): exact, prefix, words, text and fuzzy tiers, and did-you-mean suggestions.

use std::cmp::Ordering;

use crate::glossary::{Entry, Glossary};
use crate::key::{normalize, words};

/// Similarity (normalised Damerau-Levenshtein, 0..1) a name or word must reach to count as a
/// fuzzy match. 0.7 lets one typo through in a word of four letters and two in a word of seven,
/// and keeps three-letter abbreviations exact.
pub const FUZZY_THRESHOLD: f64 = 0.7;

/// How a result matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Exact,
    Prefix,
    Words,
    Text,
    Fuzzy,
}

impl Tier {
    pub fn name(self) -> &'static str {
        match self {
            Tier::Exact => "exact",
            Tier::Prefix => "prefix",
            Tier::Words => "words",
            Tier::Text => "text",
            Tier::Fuzzy => "fuzzy",
        }
    }
}

/// One result: an entry, the best tier it reached, and a score in 0..1 within that tier.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entry: usize,
    pub tier: Tier,
    pub score: f64,
}

/// What to search for and how.
#[derive(Debug, Default, Clone)]
pub struct Query<'a> {
    pub text: &'a str,
    pub category: Option<&'a str>,
    pub tags: &'a [String],
    /// Leave out the fuzzy tier.
    pub exact: bool,
    /// Also look in section headings, bodies and items.
    pub full_text: bool,
}

/// Every entry that matches, ranked: by tier, then score, then title.
pub fn search(glossary: &Glossary, query: &Query) -> Vec<Hit> {
    ranked(glossary, query, true)
}

/// Up to `limit` entries a mistyped term may have meant: name tiers and fuzzy, never text.
pub fn suggestions(glossary: &Glossary, term: &str, limit: usize) -> Vec<usize> {
    let query = Query {
        text: term,
        ..Query::default()
    };
    let hits = ranked(glossary, &query, false);
    hits.into_iter().take(limit).map(|h| h.entry).collect()
}

/// Whether an entry has the category (when one is asked for) and every tag, as normalised keys.
pub fn passes_filters(entry: &Entry, category: Option<&str>, tags: &[String]) -> bool {
    category.is_none_or(|c| normalize(&entry.category) == c)
        && tags
            .iter()
            .all(|t| entry.tags.iter().any(|et| normalize(et) == *t))
}

fn ranked(glossary: &Glossary, query: &Query, with_text: bool) -> Vec<Hit> {
    let key = normalize(query.text);
    if key.is_empty() {
        return Vec::new();
    }
    let query_words: Vec<&str> = words(&key).collect();
    let needle = query
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let category = query.category.map(normalize);
    let tags: Vec<String> = query.tags.iter().map(|t| normalize(t)).collect();
    let mut hits: Vec<Hit> = glossary
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| passes_filters(e, category.as_deref(), &tags))
        .filter_map(|(i, entry)| {
            let names = names_of(entry);
            let (tier, score) = name_match(&names, &key, &query_words)
                .or_else(|| {
                    with_text
                        .then(|| text_match(entry, &needle, query.full_text))
                        .flatten()
                })
                .or_else(|| {
                    (!query.exact)
                        .then(|| fuzzy_match(&names, &key, &query_words))
                        .flatten()
                })?;
            Some(Hit {
                entry: i,
                tier,
                score,
            })
        })
        .collect();
    hits.sort_by(|a, b| rank(glossary, a, b));
    hits
}

fn rank(glossary: &Glossary, a: &Hit, b: &Hit) -> Ordering {
    let (ea, eb) = (&glossary.entries[a.entry], &glossary.entries[b.entry]);
    a.tier
        .cmp(&b.tier)
        .then(b.score.partial_cmp(&a.score).unwrap_or(Ordering::Equal))
        .then_with(|| title_order(ea, eb))
}

/// Titles compared as a reader expects (case-insensitive), then by slug so the order is total.
pub fn title_order(a: &Entry, b: &Entry) -> Ordering {
    a.title
        .to_lowercase()
        .cmp(&b.title.to_lowercase())
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.slug.cmp(&b.slug))
}

/// The normalised names an entry is found by: slug, title, then aliases.
struct Names {
    slug: String,
    title: String,
    aliases: Vec<String>,
}

impl Names {
    fn all(&self) -> impl Iterator<Item = &str> {
        [self.slug.as_str(), self.title.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
    }

    /// Titles and aliases: the names people read, where the words tier looks.
    fn readable(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.title.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

fn names_of(entry: &Entry) -> Names {
    Names {
        slug: normalize(&entry.slug),
        title: normalize(&entry.title),
        aliases: entry.aliases.iter().map(|a| normalize(a)).collect(),
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The exact, prefix and words tiers.
fn name_match(names: &Names, key: &str, query_words: &[&str]) -> Option<(Tier, f64)> {
    if names.all().any(|n| n == key) {
        return Some((Tier::Exact, 1.0));
    }
    let prefix = names
        .all()
        .filter(|n| n.starts_with(key))
        .map(|n| chars(key) as f64 / chars(n) as f64)
        .fold(None, max_score);
    if let Some(score) = prefix {
        return Some((Tier::Prefix, score));
    }
    let query_len: usize = query_words.iter().map(|w| chars(w)).sum();
    names
        .readable()
        .filter(|name| {
            query_words
                .iter()
                .all(|q| words(name).any(|w| w.starts_with(q)))
        })
        .map(|name| query_len as f64 / words(name).map(chars).sum::<usize>() as f64)
        .fold(None, max_score)
        .map(|score| (Tier::Words, score.min(1.0)))
}

/// The text tier: the query as written, case-insensitive, inside tags, category or summary
/// (and the sections with `full_text`). A name-like field scores higher than running text.
fn text_match(entry: &Entry, needle: &str, full_text: bool) -> Option<(Tier, f64)> {
    let contains = |hay: &str| hay.len() >= needle.len() && hay.to_lowercase().contains(needle);
    let score = if entry
        .tags
        .iter()
        .chain([&entry.category])
        .any(|t| contains(t))
    {
        0.8
    } else if contains(&entry.summary) {
        0.5
    } else if full_text
        && entry.sections.iter().any(|s| {
            contains(&s.heading)
                || s.body.as_deref().is_some_and(contains)
                || s.items
                    .iter()
                    .any(|i| i.term.as_deref().is_some_and(contains) || contains(&i.text))
        })
    {
        0.3
    } else {
        return None;
    };
    Some((Tier::Text, score))
}

/// The fuzzy tier: the whole query against whole names, or each query word against the words of
/// one name (every query word must match); a word-by-word match scores a little lower.
fn fuzzy_match(names: &Names, key: &str, query_words: &[&str]) -> Option<(Tier, f64)> {
    let mut best: Option<f64> = None;
    for name in names.all() {
        if let Some(s) = similarity(key, name) {
            best = max_score(best, s);
        }
        let name_words: Vec<&str> = words(name).collect();
        let mut total = 0.0;
        let all_match = query_words.iter().all(|q| {
            let word_best = name_words
                .iter()
                .filter_map(|w| similarity(q, w))
                .fold(None, max_score);
            word_best.inspect(|s| total += s).is_some()
        });
        if all_match && !query_words.is_empty() {
            best = max_score(best, 0.95 * total / query_words.len() as f64);
        }
    }
    best.map(|s| (Tier::Fuzzy, s))
}

/// Similarity of two keys when it reaches [`FUZZY_THRESHOLD`]. Lengths alone bound the
/// similarity, so far-apart lengths (a 1 MB query) are rejected before any real work.
fn similarity(a: &str, b: &str) -> Option<f64> {
    let (la, lb) = (chars(a), chars(b));
    let (short, long) = (la.min(lb), la.max(lb));
    if long == 0 || (short as f64) < FUZZY_THRESHOLD * long as f64 {
        return None;
    }
    let s = strsim::normalized_damerau_levenshtein(a, b);
    (s >= FUZZY_THRESHOLD).then_some(s)
}

fn max_score(best: Option<f64>, s: f64) -> Option<f64> {
    Some(best.map_or(s, |b| b.max(s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::source::{SourceKind, SourceText};
    use crate::glossary::{Glossary, parse_source};

    fn glossary() -> Glossary {
        let text = "entries:
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
  - title: Kubernetes Operator
    category: Cloud
    summary: Automates operations.
  - title: Leadership Styles
    category: Careers
    summary: Ways to lead.
";
        let source = SourceText {
            name: "t".into(),
            kind: SourceKind::File,
            text: text.into(),
        };
        Glossary::merge(vec![parse_source(&source).unwrap()])
            .unwrap()
            .0
    }

    fn run(g: &Glossary, text: &str) -> Vec<(String, &'static str)> {
        run_with(
            g,
            &Query {
                text,
                ..Query::default()
            },
        )
    }

    fn run_with(g: &Glossary, q: &Query) -> Vec<(String, &'static str)> {
        search(g, q)
            .iter()
            .map(|h| (g.entries[h.entry].slug.clone(), h.tier.name()))
            .collect()
    }

    fn pairs(list: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
        list.iter().map(|(s, t)| (s.to_string(), *t)).collect()
    }

    #[test]
    fn tiers_rank_best_first() {
        let g = glossary();
        assert_eq!(run(&g, "k8s"), pairs(&[("kubernetes", "exact")]));
        assert_eq!(
            run(&g, "kube"),
            pairs(&[("kubernetes", "prefix"), ("kubernetes-operator", "prefix")])
        );
        assert_eq!(run(&g, "lead tech"), pairs(&[("technical-lead", "words")]));
        assert_eq!(
            run(&g, "lead"),
            pairs(&[("leadership-styles", "prefix"), ("technical-lead", "words")])
        );
        assert_eq!(run(&g, "containers"), pairs(&[("kubernetes", "text")]));
    }

    #[test]
    fn typos_reach_the_fuzzy_tier_unless_exact() {
        let g = glossary();
        assert_eq!(
            run(&g, "kuberntes"),
            pairs(&[("kubernetes", "fuzzy"), ("kubernetes-operator", "fuzzy")])
        );
        assert!(
            run_with(
                &g,
                &Query {
                    text: "kuberntes",
                    exact: true,
                    ..Query::default()
                }
            )
            .is_empty()
        );
    }

    #[test]
    fn full_text_reaches_sections() {
        let g = glossary();
        assert!(run(&g, "pods on nodes").is_empty());
        let q = Query {
            text: "pods on nodes",
            full_text: true,
            ..Query::default()
        };
        assert_eq!(run_with(&g, &q), pairs(&[("kubernetes", "text")]));
    }

    #[test]
    fn filters_must_all_hold() {
        let g = glossary();
        let tags = ["Leadership".to_string()];
        let q = Query {
            text: "lead",
            tags: &tags,
            ..Query::default()
        };
        assert_eq!(run_with(&g, &q), pairs(&[("technical-lead", "words")]));
        let q = Query {
            text: "kube",
            category: Some("careers"),
            ..Query::default()
        };
        assert!(run_with(&g, &q).is_empty());
    }

    #[test]
    fn punctuation_and_huge_queries_find_nothing_quickly() {
        let g = glossary();
        assert!(run(&g, "?!").is_empty());
        assert!(run(&g, &"x".repeat(1 << 20)).is_empty());
    }

    #[test]
    fn scores_stay_in_range() {
        let g = glossary();
        for q in ["k8s", "kube", "lead tech", "containers", "kuberntes", "o"] {
            for hit in search(
                &g,
                &Query {
                    text: q,
                    ..Query::default()
                },
            ) {
                assert!((0.0..=1.0).contains(&hit.score), "{q}: {hit:?}");
            }
        }
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
}
