//! Fuzz target: any bytes as a glossary file, through the loader, the merge and `check`.
//!
//! Every input must end in a glossary or an error, never a panic or a hang; a glossary that loads
//! must find each of its entries by its own slug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use techlead_glossary::glossary::key::normalize;
use techlead_glossary::glossary::source::{SourceKind, SourceText, into_text};
use techlead_glossary::glossary::{Glossary, Lookup, parse_source};
use techlead_glossary::query::check;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = into_text(data.to_vec(), "fuzz.yaml") else {
        return;
    };
    let source = SourceText {
        name: "fuzz.yaml".into(),
        kind: SourceKind::File,
        text,
    };
    let _ = check::check(std::slice::from_ref(&source));
    let Ok(parsed) = parse_source(&source) else {
        return;
    };
    let Ok((glossary, _warnings)) = Glossary::merge(vec![parsed]) else {
        return;
    };
    for (i, entry) in glossary.entries.iter().enumerate() {
        if !normalize(&entry.slug).is_empty() {
            assert_eq!(glossary.lookup(&entry.slug), Lookup::Found(i), "{entry:?}");
        }
        let _ = glossary.related_of(i);
    }
});
