//! Property tests of the pure parts: normalisation, slug derivation, TSV escaping, and lookups
//! of every name of every entry of generated glossaries.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;

use techlead_glossary::escape::{
    escape_controls, escape_tsv, is_joiner, needs_escape, unescape_tsv,
};
use techlead_glossary::glossary::key::normalize;
use techlead_glossary::glossary::source::{SourceKind, SourceText};
use techlead_glossary::glossary::{Entry, Item, Section};
use techlead_glossary::glossary::{Glossary, Lookup, parse_source};
use techlead_glossary::render::{Shown, Style, markdown, text};

/// Characters chosen to break normalisation and escaping: ASCII, case pairs whose lower case is
/// longer or odd (İ, ẞ, Σ, ǅ), combining marks, joiners, digits of other scripts, right-to-left
/// and CJK letters, controls, bidi overrides, and separators.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::range('a', 'z'),
        2 => proptest::char::range('A', 'Z'),
        2 => proptest::char::range('0', '9'),
        2 => prop::sample::select(vec![
            ' ', '-', '_', '.', '/', '\\', '\t', '\n', '\r', '\'', '"', ':', '#', '&', '*',
        ]),
        3 => prop::sample::select(vec![
            'İ', 'ı', 'ẞ', 'ß', 'Σ', 'ς', 'ǅ', 'ﬁ', 'Å', 'Ω', 'K', 'É', 'é', 'ŉ', 'ᾼ', 'Ⅻ', '²',
            '٣', '४', 'ক', '্', 'য', 'ك', 'ي', 'ש', '中', 'コ', 'ー', '😀', '\u{301}', '\u{308}',
            '\u{200c}', '\u{200d}', '\u{200b}', '\u{feff}', '\u{202e}', '\u{2066}', '\u{1b}',
            '\u{7f}', '\u{85}', '\u{9b}', '\u{a0}', '\u{2028}', '\u{3000}', '\u{e0041}',
        ]),
        1 => any::<char>(),
    ]
}

fn tricky_string(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..max).prop_map(|cs| cs.into_iter().collect())
}

/// Every character as a YAML double-quoted escape, so any text survives the file.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        out.push_str(&format!("\\U{:08x}", c as u32));
    }
    out.push('"');
    out
}

fn load(text: String) -> Glossary {
    let source = SourceText {
        name: "generated.yaml".into(),
        kind: SourceKind::File,
        text,
    };
    let parsed = parse_source(&source).expect("a generated glossary parses");
    Glossary::merge(vec![parsed])
        .expect("a generated glossary loads")
        .0
}

/// A name of one generated entry: a title or an alias, from a small pool so that entries often
/// share names, in spellings that differ in case and punctuation.
fn name() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Tech",
        "Lead",
        "lead",
        "Cloud",
        "İstanbul",
        "Straße",
        "コンテナ",
        "کلاؤڈ",
        "K8s",
        "x",
    ]);
    let joins = prop::sample::select(vec![" ", "-", "_", "  ", ".", " / "]);
    (prop::collection::vec(words, 1..3), joins).prop_map(|(w, j)| w.join(j))
}

#[derive(Debug, Clone)]
struct GenEntry {
    slug: Option<String>,
    title: String,
    aliases: Vec<String>,
}

fn glossary_entries() -> impl Strategy<Value = Vec<GenEntry>> {
    let entry = (
        prop::option::of(name().prop_map(|n| normalize(&n))),
        name(),
        prop::collection::vec(name(), 0..3),
    )
        .prop_map(|(slug, title, aliases)| GenEntry {
            slug,
            title,
            aliases,
        });
    prop::collection::vec(entry, 1..8)
}

fn glossary_text(entries: &[GenEntry]) -> String {
    let mut text = String::from("entries:\n");
    for e in entries {
        if let Some(slug) = &e.slug {
            text.push_str(&format!(
                "  - slug: {}\n    title: {}\n",
                yaml_quoted(slug),
                yaml_quoted(&e.title)
            ));
        } else {
            text.push_str(&format!("  - title: {}\n", yaml_quoted(&e.title)));
        }
        let aliases: Vec<String> = e.aliases.iter().map(|a| yaml_quoted(a)).collect();
        text.push_str(&format!(
            "    aliases: [{}]\n    category: c\n    summary: s\n",
            aliases.join(", ")
        ));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalising_is_idempotent(text in tricky_string(24)) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once.clone(), "{:?}", text);
    }

    #[test]
    fn normalising_any_string_is_idempotent(text in any::<String>()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn a_derived_slug_is_a_valid_normalised_key(title in tricky_string(24)) {
        prop_assume!(!normalize(&title).is_empty());
        let text = format!("entries:\n  - title: {}\n    category: c\n    summary: s\n", yaml_quoted(&title));
        let glossary = load(text);
        let slug = &glossary.entries[0].slug;
        prop_assert_eq!(&normalize(slug), slug);
        prop_assert!(!slug.is_empty());
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"), "{:?}", slug);
        prop_assert!(slug.chars().all(|c| c == '-' || c.is_alphanumeric()), "{:?}", slug);
        prop_assert_eq!(&slug.to_lowercase(), slug);
    }

    /// Text and Markdown renderings of an entry of tricky text, wrapped or not.
    #[test]
    fn rendered_entries_hold_nothing_a_terminal_would_obey(
        words in prop::collection::vec(tricky_string(40), 6),
        width in prop::option::of(10usize..60),
    ) {
        let entry = Entry {
            slug: words[0].clone(),
            title: words[1].clone(),
            aliases: vec![words[2].clone()],
            category: words[3].clone(),
            tags: vec![words[4].clone()],
            published: None,
            read_minutes: 1,
            summary: words[5].clone(),
            sections: vec![Section {
                heading: words[1].clone(),
                body: Some(words[5].clone()),
                items: vec![Item { term: Some(words[2].clone()), text: words[3].clone() }],
            }],
            related: Vec::new(),
            links: Vec::new(),
            lang: None,
        };
        let shown = Shown { entry: &entry, related: vec![(&words[0], &words[1])] };
        let mut out = Vec::new();
        text::write_entry(&mut out, &shown, Style { color: false, width }).unwrap();
        markdown::write_entry(&mut out, &shown).unwrap();
        let out = String::from_utf8(out).unwrap();
        let chars: Vec<char> = out.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            // Wrapping may break a line beside a joiner that was kept between two letters; at a
            // line break it joins nothing and hides nothing.
            let at_break = is_joiner(c) && (before == Some('\n') || after == Some('\n'));
            prop_assert!(c == '\n' || c == '\t' || at_break || !needs_escape(before, c, after), "raw {:?} in {:?}", c, out);
        }
    }

    #[test]
    fn tsv_escaping_round_trips_on_one_line(text in tricky_string(32)) {
        let escaped = escape_tsv(&text);
        prop_assert!(!escaped.contains(['\t', '\n', '\r']), "{:?}", escaped);
        prop_assert_eq!(unescape_tsv(&escaped), Some(text));
    }

    #[test]
    fn escaped_text_holds_nothing_a_terminal_would_obey(text in tricky_string(32)) {
        for keep_layout in [false, true] {
            let escaped = escape_controls(&text, keep_layout);
            let chars: Vec<char> = escaped.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                let layout = keep_layout && (c == '\t' || c == '\n');
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                prop_assert!(layout || !needs_escape(before, c, after), "raw {:?} in {:?}", c, escaped);
            }
        }
    }

    /// Every name of every entry finds it, with two exceptions that follow from the lookup order
    /// (slug, then title, then alias): a name that is another entry's slug finds that entry, and
    /// an alias that is another entry's title finds the title's owner. A name shared by several
    /// entries at the same level is ambiguous and lists them all, which counts as found: the
    /// user is shown each slug to choose from. `check` warns of the aliases that are hidden.
    #[test]
    fn every_entry_is_found_by_its_slug_title_and_aliases(entries in glossary_entries()) {
        let glossary = load(glossary_text(&entries));
        // The model: which entries own each key, at each level.
        let mut slugs: HashMap<String, usize> = HashMap::new();
        let mut titles: HashMap<String, HashSet<usize>> = HashMap::new();
        let mut aliases: HashMap<String, HashSet<usize>> = HashMap::new();
        for (i, e) in glossary.entries.iter().enumerate() {
            prop_assert!(slugs.insert(normalize(&e.slug), i).is_none(), "two entries share a slug");
            titles.entry(normalize(&e.title)).or_default().insert(i);
            for a in &e.aliases {
                aliases.entry(normalize(a)).or_default().insert(i);
            }
        }
        let expect = |key: &str| -> Lookup {
            if let Some(&j) = slugs.get(key) {
                return Lookup::Found(j);
            }
            for level in [&titles, &aliases] {
                if let Some(owners) = level.get(key) {
                    let mut owners: Vec<usize> = owners.iter().copied().collect();
                    owners.sort();
                    return match owners.as_slice() {
                        [one] => Lookup::Found(*one),
                        _ => Lookup::Ambiguous(owners),
                    };
                }
            }
            Lookup::Missing
        };
        for (i, e) in glossary.entries.iter().enumerate() {
            prop_assert_eq!(glossary.lookup(&e.slug), Lookup::Found(i));
            for name in std::iter::once(&e.title).chain(&e.aliases) {
                let key = normalize(name);
                let got = glossary.lookup(name);
                prop_assert_eq!(&got, &expect(&key), "{:?} of {:?}", name, e);
                let shadowed = slugs.get(&key).is_some_and(|&j| j != i)
                    || (name != &e.title && !titles.get(&key).is_none_or(|t| t.contains(&i)));
                if !shadowed {
                    let found = match &got {
                        Lookup::Found(j) => *j == i,
                        Lookup::Ambiguous(many) => many.contains(&i),
                        Lookup::Missing => false,
                    };
                    prop_assert!(found, "{:?} does not find {:?}: {:?}", name, e, got);
                }
            }
        }
    }
}

/// The case behind the line-break exception above: a joiner kept between two letters ends a
/// wrapped line.
#[test]
fn a_wrapped_line_may_end_at_a_kept_joiner() {
    let title = format!("{}\u{200d}{}", "é".repeat(10), "é".repeat(9));
    let entry = Entry {
        slug: "x".into(),
        title: title.clone(),
        aliases: Vec::new(),
        category: "c".into(),
        tags: Vec::new(),
        published: None,
        read_minutes: 1,
        summary: "s".into(),
        sections: Vec::new(),
        related: Vec::new(),
        links: Vec::new(),
        lang: None,
    };
    let shown = Shown {
        entry: &entry,
        related: Vec::new(),
    };
    let mut out = Vec::new();
    let style = Style {
        color: false,
        width: Some(10),
    };
    text::write_entry(&mut out, &shown, style).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.starts_with("éééééééééé\u{200d}\nééééééééé\n"),
        "{out:?}"
    );
}
