//! Fuzz target: normalisation and ranked search over a generated glossary and query.
//!
//! Search, suggestions, lookups and related entries must never panic; every score stays in 0..1;
//! results are unique entries ranked by tier; normalising twice changes nothing.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use techlead_glossary::glossary::key::normalize;
use techlead_glossary::glossary::source::SourceKind;
use techlead_glossary::glossary::yaml::LineMap;
use techlead_glossary::glossary::{Entry, Glossary, Item, ParsedSource, Section};
use techlead_glossary::query::related::related;
use techlead_glossary::query::search::{self, Query};

#[derive(Debug, Arbitrary)]
struct RawEntry {
    slug: String,
    title: String,
    aliases: Vec<String>,
    category: String,
    tags: Vec<String>,
    summary: String,
    section: Option<(String, String)>,
    related: Vec<String>,
}

#[derive(Debug, Arbitrary)]
struct Input {
    entries: Vec<RawEntry>,
    query: String,
    category: Option<String>,
    tags: Vec<String>,
    exact: bool,
    full_text: bool,
}

fuzz_target!(|input: Input| {
    let entries: Vec<Entry> = input
        .entries
        .into_iter()
        .take(64)
        .map(|e| Entry {
            slug: if e.slug.is_empty() {
                normalize(&e.title)
            } else {
                e.slug
            },
            title: e.title,
            aliases: e.aliases,
            category: e.category,
            tags: e.tags,
            published: None,
            read_minutes: 1,
            summary: e.summary,
            sections: e
                .section
                .into_iter()
                .map(|(heading, text)| Section {
                    heading,
                    body: None,
                    items: vec![Item { term: None, text }],
                })
                .collect(),
            related: e.related,
            links: Vec::new(),
            lang: None,
        })
        .collect();
    let source = ParsedSource {
        name: "fuzz".into(),
        title: None,
        kind: SourceKind::File,
        entries,
        lines: LineMap::new(""),
        problems: Vec::new(),
        lang: None,
    };
    let Ok((glossary, _)) = Glossary::merge(vec![source]) else {
        return;
    };

    let key = normalize(&input.query);
    assert_eq!(
        normalize(&key),
        key,
        "normalising twice changed {:?}",
        input.query
    );

    let query = Query {
        text: &input.query,
        category: input.category.as_deref(),
        tags: &input.tags,
        exact: input.exact,
        full_text: input.full_text,
    };
    let hits = search::search(&glossary, &query);
    let mut seen = vec![false; glossary.entries.len()];
    for pair in hits.windows(2) {
        assert!(pair[0].tier <= pair[1].tier, "tiers out of order: {hits:?}");
    }
    for hit in &hits {
        assert!(
            (0.0..=1.0).contains(&hit.score),
            "score out of range: {hit:?}"
        );
        assert!(!seen[hit.entry], "entry listed twice: {hits:?}");
        seen[hit.entry] = true;
    }
    let _ = search::suggestions(&glossary, &input.query, 5);
    let _ = glossary.lookup(&input.query);
    for i in 0..glossary.entries.len() {
        let _ = related(&glossary, i, 0);
    }
});
