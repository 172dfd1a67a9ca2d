//! Fuzz target: escaping for terminals and TSV, alone and through every text renderer.
//!
//! Escaped output must never hold a raw unsafe character; a TSV field must stay on one line and
//! read back to the original.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use techlead_glossary::escape::{
    escape_controls, escape_tsv, is_joiner, needs_escape, unescape_tsv,
};
use techlead_glossary::glossary::{Entry, Item, Link, Section};
use techlead_glossary::render::{self, Cell, Listing, Shown, Style};

#[derive(Debug, Arbitrary)]
struct Input {
    text: String,
    fields: [String; 8],
    width: Option<u8>,
}

/// No character of `output` is one the escaping would have to show escaped, joiners included.
fn assert_safe(output: &str, keep_layout: bool) {
    let chars: Vec<char> = output.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let layout = keep_layout && (c == '\n' || c == '\t');
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        // Wrapping may break a line beside a joiner kept between two letters; at a line break
        // it joins nothing and hides nothing.
        let at_break = is_joiner(c) && (before == Some('\n') || after == Some('\n'));
        assert!(
            layout || at_break || !needs_escape(before, c, after),
            "raw {c:?} in {output:?}"
        );
    }
}

fuzz_target!(|input: Input| {
    let text = &input.text;
    assert_safe(&escape_controls(text, false), false);
    assert_safe(&escape_controls(text, true), true);
    let tsv = escape_tsv(text);
    assert_safe(&tsv, false);
    assert_eq!(
        unescape_tsv(&tsv).as_deref(),
        Some(text.as_str()),
        "{tsv:?}"
    );

    let [f0, f1, f2, f3, f4, f5, f6, f7] = input.fields;
    let entry = Entry {
        slug: f0.clone(),
        title: f1.clone(),
        aliases: vec![f2.clone()],
        category: f3.clone(),
        tags: vec![f4.clone()],
        published: Some(f5.clone()),
        read_minutes: 1,
        summary: text.clone(),
        sections: vec![Section {
            heading: f6.clone(),
            body: Some(f7.clone()),
            items: vec![Item {
                term: Some(f2.clone()),
                text: f5.clone(),
            }],
        }],
        related: vec![f0.clone()],
        links: vec![Link {
            title: f6.clone(),
            url: f7.clone(),
        }],
        lang: Some(f4.clone()),
    };
    let shown = Shown {
        entry: &entry,
        related: vec![(f0.as_str(), f1.as_str())],
    };
    let style = Style {
        color: false,
        width: input.width.map(usize::from),
    };
    let mut out = Vec::new();
    render::text::write_entry(&mut out, &shown, style).expect("writing to memory");
    assert_safe(&String::from_utf8(out).expect("UTF-8"), true);
    let mut out = Vec::new();
    render::markdown::write_entry(&mut out, &shown).expect("writing to memory");
    assert_safe(&String::from_utf8(out).expect("UTF-8"), true);

    let mut listing = Listing::new(&["slug", "title", "category"]);
    listing.rows.push(vec![
        Cell::text(f0.clone()),
        Cell::text(f1.clone()),
        Cell::text(text.clone()),
    ]);
    let mut out = Vec::new();
    render::tsv::write(&mut out, &listing).expect("writing to memory");
    let out = String::from_utf8(out).expect("UTF-8");
    assert_eq!(out.matches('\n').count(), 1, "{out:?}");
    // Tabs separate the fields; the row is one line (counted above).
    assert_safe(out.trim_end_matches('\n'), true);
    let fields: Vec<String> = out
        .trim_end_matches('\n')
        .split('\t')
        .map(|f| unescape_tsv(f).expect("a field that reads back"))
        .collect();
    assert_eq!(fields, [f0.clone(), f1.clone(), text.clone()]);
    let mut out = Vec::new();
    render::table::write(&mut out, &listing, style).expect("writing to memory");
    assert_safe(&String::from_utf8(out).expect("UTF-8"), true);
});
