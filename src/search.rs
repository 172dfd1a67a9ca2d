//! Ranked search (SPEC §5): exact, prefix, words, text and fuzzy tiers, and did-you-mean suggestions.

use std::cmp::Ordering;

use crate::error::Error;
use crate::glossary::catalog::Catalog;
use crate::glossary::record::{Needle, Record};
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

/// One result: an entry, the best tier it reached, and a score in 0..1 within that tier, with
/// the fields results show.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub entry: usize,
    pub tier: Tier,
    pub score: f64,
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
    /// Leave out the fuzzy tier.
    pub exact: bool,
    /// Also look in section headings, bodies and items.
    pub full_text: bool,
}

/// Every entry that matches, ranked: by tier, then score, then title.
pub fn search(glossary: &Glossary, query: &Query) -> Vec<Hit> {
    // The in-memory glossary never fails a read.
    search_in(glossary, query, 0).unwrap_or_default()
}

/// The best `keep` matches (all of them for 0), ranked as [`search`] ranks them, from any
/// store of a glossary. Only the kept results are held, whatever the glossary's size.
pub fn search_in<C: Catalog + ?Sized>(
    catalog: &C,
    query: &Query,
    keep: usize,
) -> Result<Vec<Hit>, Error> {
    let key = normalize(query.text);
    if key.is_empty() {
        return Ok(Vec::new());
    }
    let query_words = QueryWords::of(&key);
    let (key_term, word_terms) = terms(&key, &query_words.words);
    let needle = query
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let text = Needle::new(&needle);
    let filters = Filters::new(query.category, query.tags);
    collect(catalog, keep, Some(&text), &|i, r, best| {
        if !filters.pass(r.category_key(), || r.tag_keys()) {
            return Ok(None);
        }
        let names = Names::of(r);
        let mut found = name_match(&names, &key, &query_words);
        if found.is_none() && best.wants(Tier::Text) {
            found = text_match(r);
            if found.is_none() && query.full_text {
                found = sections_match(&*catalog.entry(i)?, &text);
            }
        }
        if found.is_none() && !query.exact && best.wants(Tier::Fuzzy) {
            found = fuzzy_match(&names, &key_term, &word_terms);
        }
        found
            .map(|(tier, score)| Hit::new(i, tier, score, r))
            .transpose()
    })
}

/// Up to `limit` entries a mistyped term may have meant: name tiers and fuzzy, never text.
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
    let key = normalize(term);
    if key.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let query_words = QueryWords::of(&key);
    let (key_term, word_terms) = terms(&key, &query_words.words);
    collect(catalog, limit, None, &|i, r, best| {
        let names = Names::of(r);
        let mut found = name_match(&names, &key, &query_words);
        if found.is_none() && best.wants(Tier::Fuzzy) {
            found = fuzzy_match(&names, &key_term, &word_terms);
        }
        found
            .map(|(tier, score)| Hit::new(i, tier, score, r))
            .transpose()
    })
}

/// What decides one record: a hit or none, knowing the hits kept so far.
type Check<'a> = dyn Fn(usize, &Record, &Best) -> Result<Option<Hit>, Error> + Sync + 'a;

/// Glossaries with fewer scan pieces than this are scanned on one thread.
const PARALLEL_FROM: usize = 8;

/// Runs `check` on every record and keeps the best `keep` hits (all for 0). A large glossary is
/// scanned by several threads, each taking every n-th piece and keeping its own best; since
/// the ranking is a total order, merging those gives exactly the single-thread result.
fn collect<C: Catalog + ?Sized>(
    catalog: &C,
    keep: usize,
    needle: Option<&Needle>,
    check: &Check,
) -> Result<Vec<Hit>, Error> {
    let scan = |share: usize, shares: usize| -> Result<Best, Error> {
        let mut best = Best::new(keep);
        catalog.scan(share, shares, needle, &mut |i, r| {
            if let Some(hit) = check(i, r, &best)? {
                best.push(hit);
            }
            Ok(())
        })?;
        Ok(best)
    };
    let shares = catalog.shares();
    let threads = if shares >= PARALLEL_FROM {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(shares))
    } else {
        1
    };
    if threads <= 1 {
        return Ok(scan(0, 1)?.into_ranked());
    }
    std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads)
            .map(|t| scope.spawn(move || scan(t, threads)))
            .collect();
        let mut all = scan(0, threads)?;
        for other in others {
            let found = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            for hit in found.hits {
                all.push(hit);
            }
        }
        Ok(all.into_ranked())
    })
}

/// The words of the query, and their length in characters all together.
struct QueryWords<'a> {
    words: Vec<&'a str>,
    chars: usize,
}

impl<'a> QueryWords<'a> {
    fn of(key: &'a str) -> QueryWords<'a> {
        let words: Vec<&str> = words(key).collect();
        let chars = words.iter().map(|w| chars(w)).sum();
        QueryWords { words, chars }
    }
}

/// The query and its words, ready for fuzzy comparison.
fn terms<'a>(key: &'a str, query_words: &[&'a str]) -> (Term<'a>, Vec<Term<'a>>) {
    (
        Term::query(key),
        query_words.iter().map(|w| Term::query(w)).collect(),
    )
}

impl Hit {
    fn new(entry: usize, tier: Tier, score: f64, r: &Record) -> Result<Hit, Error> {
        let shown = r.shown()?;
        Ok(Hit {
            entry,
            tier,
            score,
            slug: shown.slug.to_string(),
            title: shown.title.to_string(),
            category: shown.category.to_string(),
        })
    }
}

/// The best hits seen so far: all of them, or only the best `keep` when `keep` is not 0. The
/// ranking is a total order (slugs are unique), so keeping the best as they come gives the
/// same first `keep` as ranking everything.
struct Best {
    keep: usize,
    hits: Vec<Hit>,
    /// Hits pushed so far, by tier.
    pushed: [usize; 5],
}

impl Best {
    fn new(keep: usize) -> Best {
        Best {
            keep,
            hits: Vec::new(),
            pushed: [0; 5],
        }
    }

    /// Whether a hit of `tier` could still be among the best: not when `keep` better ones are
    /// already in, so the work of finding it can be skipped.
    fn wants(&self, tier: Tier) -> bool {
        self.keep == 0 || self.pushed[..tier as usize].iter().sum::<usize>() < self.keep
    }

    fn push(&mut self, hit: Hit) {
        self.pushed[hit.tier as usize] += 1;
        self.hits.push(hit);
        if self.keep > 0 && self.hits.len() >= self.keep.max(64) * 2 {
            self.hits.sort_by(rank);
            self.hits.truncate(self.keep);
        }
    }

    fn into_ranked(mut self) -> Vec<Hit> {
        self.hits.sort_by(rank);
        if self.keep > 0 {
            self.hits.truncate(self.keep);
        }
        self.hits
    }
}

fn rank(a: &Hit, b: &Hit) -> Ordering {
    a.tier
        .cmp(&b.tier)
        .then(b.score.partial_cmp(&a.score).unwrap_or(Ordering::Equal))
        .then_with(|| by_title(&a.title, &a.slug, &b.title, &b.slug))
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

/// Titles compared as a reader expects (case-insensitive), then by slug so the order is total.
pub fn title_order(a: &Entry, b: &Entry) -> Ordering {
    by_title(&a.title, &a.slug, &b.title, &b.slug)
}

fn by_title(a_title: &str, a_slug: &str, b_title: &str, b_slug: &str) -> Ordering {
    a_title
        .to_lowercase()
        .cmp(&b_title.to_lowercase())
        .then_with(|| a_title.cmp(b_title))
        .then_with(|| a_slug.cmp(b_slug))
}

/// The normalised names an entry is found by: slug, title, then aliases, split once.
struct Names<'a> {
    first: [&'a str; FIRST_NAMES],
    len: usize,
    /// Every name, when there are more than fit in `first` (an entry with many aliases).
    all: Vec<&'a str>,
    /// Every name is ASCII (most are), so lengths in bytes are lengths in characters.
    ascii: bool,
}

/// Names kept without allocating.
const FIRST_NAMES: usize = 8;

impl<'a> Names<'a> {
    fn of(record: &Record<'a>) -> Names<'a> {
        let mut names = Names {
            first: [""; FIRST_NAMES],
            len: 0,
            all: Vec::new(),
            ascii: record.names_are_ascii(),
        };
        for name in record.names() {
            if names.len < FIRST_NAMES {
                names.first[names.len] = name;
            } else {
                if names.all.is_empty() {
                    names.all.extend_from_slice(&names.first);
                }
                names.all.push(name);
            }
            names.len += 1;
        }
        names
    }

    fn list(&self) -> &[&'a str] {
        if self.all.is_empty() {
            &self.first[..self.len]
        } else {
            &self.all
        }
    }

    fn all(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.list().iter().copied()
    }

    /// Titles and aliases: the names people read, where the words tier looks.
    fn readable(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.list().iter().skip(1).copied()
    }
}

/// The words of a normalised key, as [`words`] gives them; split by hand, which is quicker for
/// the short keys the fuzzy tier goes through by the thousand.
fn dashed_words(key: &str) -> impl Iterator<Item = &str> {
    let mut rest = key;
    std::iter::from_fn(move || {
        loop {
            if rest.is_empty() {
                return None;
            }
            let end = rest.bytes().position(|b| b == b'-').unwrap_or(rest.len());
            let word = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or_default();
            if !word.is_empty() {
                return Some(word);
            }
        }
    })
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// The exact, prefix and words tiers.
fn name_match(names: &Names, key: &str, query: &QueryWords) -> Option<(Tier, f64)> {
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
    let (query_words, query_len) = (&query.words, query.chars);
    names
        .readable()
        .filter(|name| {
            query_words
                .iter()
                .all(|q| dashed_words(name).any(|w| w.starts_with(q)))
        })
        .map(|name| query_len as f64 / dashed_words(name).map(chars).sum::<usize>() as f64)
        .fold(None, max_score)
        .map(|score| (Tier::Words, score.min(1.0)))
}

/// The text tier: the query as written, case-insensitive, inside tags, category or summary
/// (found by the scan, see [`Needle`]). A name-like field scores higher than running text.
fn text_match(r: &Record) -> Option<(Tier, f64)> {
    let hit = r.text_hit();
    if hit.labels {
        Some((Tier::Text, 0.8))
    } else if hit.summary {
        Some((Tier::Text, 0.5))
    } else {
        None
    }
}

/// The text tier's last step with `--full-text`: section headings, bodies and items.
fn sections_match(entry: &Entry, needle: &Needle) -> Option<(Tier, f64)> {
    let contains = |s: &str| needle.in_text(s);
    entry
        .sections
        .iter()
        .any(|s| {
            contains(&s.heading)
                || s.body.as_deref().is_some_and(contains)
                || s.items
                    .iter()
                    .any(|i| i.term.as_deref().is_some_and(contains) || contains(&i.text))
        })
        .then_some((Tier::Text, 0.3))
}

/// The fuzzy tier: the whole query against whole names, or each query word against the words of
/// one name (every query word must match); a word-by-word match scores a little lower.
fn fuzzy_match(names: &Names, key: &Term, query_words: &[Term]) -> Option<(Tier, f64)> {
    let term = |text| Term::of_name(text, names.ascii);
    let mut best: Option<f64> = None;
    for name in names.all() {
        if let Some(s) = similarity(key, &term(name)) {
            best = max_score(best, s);
        }
        let mut total = 0.0;
        let all_match = query_words.iter().all(|q| {
            let word_best = dashed_words(name)
                .filter_map(|w| similarity(q, &term(w)))
                .fold(None, max_score);
            word_best.inspect(|s| total += s).is_some()
        });
        if all_match && !query_words.is_empty() {
            best = max_score(best, 0.95 * total / query_words.len() as f64);
        }
    }
    best.map(|s| (Tier::Fuzzy, s))
}

/// A name or word for fuzzy comparison, with its length in characters worked out once; a query's
/// also with its letter counts, for [`bag_bound`].
struct Term<'a> {
    text: &'a str,
    chars: usize,
    ascii: bool,
    counts: Option<Box<Counts>>,
    /// Which letters it has (see [`letters`]), for a query term.
    letters: u64,
}

/// How often each ASCII character occurs in a text.
type Counts = [u16; 128];

impl<'a> Term<'a> {
    fn new(text: &'a str) -> Term<'a> {
        let ascii = text.is_ascii();
        let chars = if ascii { text.len() } else { chars(text) };
        Term {
            text,
            chars,
            ascii,
            counts: None,
            letters: 0,
        }
    }

    /// A name, or a word of one, from names known to be all ASCII or not.
    fn of_name(text: &'a str, ascii: bool) -> Term<'a> {
        if ascii {
            Term {
                text,
                chars: text.len(),
                ascii,
                counts: None,
                letters: 0,
            }
        } else {
            Term::new(text)
        }
    }

    /// A term of the query, compared with every name: its letters are counted once.
    fn query(text: &'a str) -> Term<'a> {
        let mut term = Term::new(text);
        if term.ascii && text.len() <= usize::from(u16::MAX) {
            let mut counts = Box::new([0u16; 128]);
            for b in text.bytes() {
                counts[usize::from(b)] += 1;
            }
            term.counts = Some(counts);
            term.letters = letters(text);
        }
        term
    }
}

/// Similarity of a query term and a name when it reaches [`FUZZY_THRESHOLD`]. Lengths alone
/// bound the similarity, so far-apart lengths (a 1 MB query) are rejected before any real work;
/// so do the letters the two do not share, which rules out most other pairs cheaply.
fn similarity(query: &Term, name: &Term) -> Option<f64> {
    let (short, long) = (query.chars.min(name.chars), query.chars.max(name.chars));
    if long == 0 || (short as f64) < FUZZY_THRESHOLD * long as f64 {
        return None;
    }
    if let Some(counts) = &query.counts
        && name.ascii
    {
        let too_far = |bound: usize| 1.0 - (bound as f64) / (long as f64) < FUZZY_THRESHOLD;
        // Letters one has and the other lacks entirely: a quick first bound, then the full one.
        let theirs = letters(name.text);
        let missing = (query.letters & !theirs)
            .count_ones()
            .max((theirs & !query.letters).count_ones());
        if too_far(missing as usize) || too_far(bag_bound(counts, long, name.text)) {
            return None;
        }
    }
    let s = strsim::normalized_damerau_levenshtein(query.text, name.text);
    (s >= FUZZY_THRESHOLD).then_some(s)
}

/// The set of characters of an ASCII string, folded into 64 bits (`c & 63`). Characters that
/// share a bit can only hide a difference, so a count of bits one set has and the other lacks is
/// still a lower bound of the letters one string lacks.
fn letters(text: &str) -> u64 {
    text.bytes().fold(0, |set, b| set | 1 << (b & 63))
}

/// A lower bound of the Damerau-Levenshtein distance of two ASCII strings (one given by its
/// letter counts, `long` the greater length): the letters one has that the other lacks, counted
/// with repeats, the larger way round. Every edit changes that by at most one and a
/// transposition not at all.
fn bag_bound(counts: &Counts, long: usize, other: &str) -> usize {
    let mut left = *counts;
    let mut shared = 0;
    for b in other.bytes() {
        let n = &mut left[usize::from(b) & 127];
        if *n > 0 {
            *n -= 1;
            shared += 1;
        }
    }
    long - shared
}

fn max_score(best: Option<f64>, s: f64) -> Option<f64> {
    Some(best.map_or(s, |b| b.max(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        crate::glossary::from_yaml(text)
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
    fn words_split_by_hand_like_key_words() {
        for key in [
            "",
            "-",
            "a",
            "a-b",
            "--a--b-",
            "tech-lead-2",
            "コンテナ-イメージ",
        ] {
            assert_eq!(
                dashed_words(key).collect::<Vec<_>>(),
                words(key).collect::<Vec<_>>(),
                "{key}"
            );
        }
    }

    #[test]
    fn bag_distance_never_exceeds_the_real_distance() {
        let words = [
            "kubernetes",
            "kuberntes",
            "ca",
            "abc",
            "acb",
            "leadership",
            "laedership",
            "",
            "aaaa",
            "aaab",
            "x",
            "technical",
            "tehcnical",
            "opertor",
            "operator",
        ];
        for a in words {
            for b in words {
                let query = Term::query(a);
                let long = a.len().max(b.len());
                let bound = bag_bound(query.counts.as_deref().unwrap(), long, b);
                let real = strsim::damerau_levenshtein(a, b);
                assert!(bound <= real, "{a} {b}");
                let missing = (letters(a) & !letters(b)).count_ones() as usize;
                assert!(missing <= bound, "{a} {b}");
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
