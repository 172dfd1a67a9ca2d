//! The shape of the YAML: parser bombs, extreme sizes, and documents that are not a glossary.

use crate::support::{HEAVY_LIMIT, Scratch, bin, entry, finish, glossary, run};

/// Nine levels of ten: `a8` stands for 10^9 strings once its aliases are expanded.
fn alias_bomb() -> String {
    let mut text = String::from("a0: &a0 [");
    text.push_str(&["\"lol\""; 10].join(", "));
    text.push_str("]\n");
    for level in 1..9 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    text
}

#[test]
fn alias_bomb_in_a_field_lookups_ignore_is_never_expanded() {
    let s = Scratch::new();
    let path = s.file(
        "bomb.yaml",
        format!("{}{}", alias_bomb(), glossary(&["Alpha"])),
    );
    run(["-g", &path, "list"]).ok();
    assert_eq!(
        run(["-g", &path, "show", "alpha"]).ok().out(),
        "Alpha\nTesting · 1 min read\n\nAbout Alpha.\n"
    );
}

#[test]
fn alias_bomb_in_a_known_field_is_a_type_error() {
    let s = Scratch::new();
    let text = format!("{}{}    tags: *a8\n", alias_bomb(), glossary(&["Alpha"]));
    let path = s.file("bomb.yaml", text);
    // The location is where the expanded sequence was written.
    run(["-g", &path, "list"]).refused(
        2,
        &format!("{path}:"),
        "entry 1, `tags[0]`: invalid type: sequence",
    );
}

fn nested(open: &str, close: &str, depth: usize) -> String {
    format!("{}1{}", open.repeat(depth), close.repeat(depth))
}

#[test]
fn ten_thousand_nested_lists_and_maps_are_refused_with_a_location() {
    let s = Scratch::new();
    for (name, value) in [
        ("lists.yaml", nested("[", "]", 10_000)),
        ("maps.yaml", nested("{a: ", "}", 10_000)),
    ] {
        let path = s.file(name, format!("entries: {value}\n"));
        run(["-g", &path, "list"]).refused(2, &format!("{path}:1:"), "invalid type");
        let r = run(["check", &path]);
        assert_eq!(r.code, 1, "{r:?}");
        assert!(r.out().starts_with(&format!("{path}:1: error:")), "{r:?}");
    }
}

#[test]
fn a_hundred_megabyte_scalar_loads() {
    let s = Scratch::new();
    let text = format!(
        "entries:\n  - title: Big\n    category: Huge\n    summary: {}\n",
        "word ".repeat(20 << 20)
    );
    let path = s.file("big.yaml", text);
    let r = finish(bin().args(["-g", &path, "list"]), HEAVY_LIMIT);
    assert_eq!(r.ok().out(), "big\tBig\tHuge\n");
}

#[test]
fn a_million_tiny_entries_load() {
    let s = Scratch::new();
    let mut text = String::with_capacity(40 << 20);
    text.push_str("entries:\n");
    for i in 0..1_000_000 {
        text.push_str(&format!("- {{title: t{i}, category: c, summary: s}}\n"));
    }
    let path = s.file("million.yaml", text);
    let r = finish(bin().args(["-g", &path, "show", "t999999"]), HEAVY_LIMIT);
    assert_eq!(r.ok().out(), "t999999\nc · 1 min read\n\ns\n");
}

#[test]
fn a_one_megabyte_line_loads_and_errors_on_it_point_at_the_column() {
    let s = Scratch::new();
    let items: Vec<String> = (0..30_000)
        .map(|i| format!("{{title: t{i}, category: c, summary: s}}"))
        .collect();
    let line = format!("{{entries: [{}]}}", items.join(", "));
    assert!(line.len() > 1 << 20);
    let path = s.file("line.yaml", format!("{line}\n"));
    assert_eq!(
        run(["-g", &path, "show", "t29999"]).ok().out(),
        "t29999\nc · 1 min read\n\ns\n"
    );
    // The same line with a flaw at its end.
    let broken = format!("{}, ]]\n", &line[..line.len() - 2]);
    let path = s.file("broken.yaml", broken);
    let r = run(["-g", &path, "list"]);
    r.refused(2, &format!("{path}:1:"), "");
    let column: usize = r.stderr.split(':').nth(3).unwrap().trim().parse().unwrap();
    assert!(column > 1 << 20, "{r:?}");
}

#[test]
fn a_one_megabyte_title_is_listed_whole() {
    let s = Scratch::new();
    let title = "T".repeat(1 << 20);
    let path = s.file(
        "title.yaml",
        format!("entries:\n  - slug: t\n    title: {title}\n    category: c\n    summary: s\n"),
    );
    assert_eq!(
        run(["-g", &path, "list"]).ok().out(),
        format!("t\t{title}\tc\n")
    );
}

#[test]
fn an_empty_entries_list_finds_nothing() {
    let s = Scratch::new();
    let path = s.file("empty.yaml", "entries: []\n");
    let r = run(["-g", &path, "list"]);
    assert_eq!((r.code, r.out().as_str()), (1, ""), "{r:?}");
    assert_eq!(r.stderr, "error: no entries match the filters\n");
    run(["check", &path]).ok();
}

#[test]
fn a_stream_of_two_documents_is_refused() {
    let s = Scratch::new();
    let text = format!("{}---\n{}", glossary(&["Alpha"]), glossary(&["Beta"]));
    let path = s.file("two.yaml", text);
    run(["-g", &path, "list"]).refused(2, &path, "more than one document");
    assert_eq!(run(["check", &path]).code, 1);
}

#[test]
fn a_glossary_with_a_document_marker_loads() {
    let s = Scratch::new();
    let path = s.file(
        "marked.yaml",
        format!("---\n{}...\n", entry("Alpha")).replacen("---\n", "---\nentries:\n", 1),
    );
    assert_eq!(
        run(["-g", &path, "list"]).ok().out(),
        "alpha\tAlpha\tTesting\n"
    );
}

#[test]
fn files_without_a_glossary_are_refused() {
    let s = Scratch::new();
    let no_content = "the file has no content";
    let cases: &[(&str, &str, &str)] = &[
        ("", "", no_content),
        ("# only a comment\n\n   # another\n", "", no_content),
        ("---\n...\n", "", no_content),
        ("entries: null\n", ":1:10", "entries"),
        ("entries: {}\n", ":1:10", "entries"),
        ("entries: 7\n", ":1:10", "entries"),
        ("- title: A\n- title: B\n", ":1:1", "entries"),
        ("just a string\n", ":1:1", "entries"),
        ("42\n", ":1:1", "entries"),
        ("name: only a name\n", ":1:1", "entries"),
    ];
    for (n, (text, at, what)) in cases.iter().enumerate() {
        let path = s.file(&format!("case{n}.yaml"), text);
        run(["-g", &path, "list"]).refused(2, &format!("{path}{at}"), what);
        let r = run(["check", &path]);
        assert_eq!(r.code, 1, "{text:?}: {r:?}");
        assert!(r.out().starts_with(&path), "{r:?}");
    }
}

#[test]
fn messages_speak_of_the_format_not_of_internal_types() {
    let s = Scratch::new();
    for text in [
        "just a string\n",
        "entries:\n  - [a, b]\n",
        "entries: null\n",
    ] {
        let path = s.file("g.yaml", text);
        let r = run(["-g", &path, "list"]);
        assert!(!r.stderr.contains("Raw"), "{r:?}");
        assert!(!r.stderr.contains("unit value"), "{r:?}");
    }
}

#[test]
fn aliases_that_multiply_a_big_string_are_refused() {
    // 1,000 aliases of a 1 MB scalar would be a gigabyte of text from a 1 MB file.
    let s = Scratch::new();
    let refs = vec!["*big"; 1000].join(", ");
    let text = format!(
        "big: &big \"{}\"\n{}    aliases: [{refs}]\n",
        "x".repeat(1 << 20),
        glossary(&["Alpha"])
    );
    let path = s.file("amplified.yaml", text);
    run(["-g", &path, "list"]).refused(2, &path, "alias");
    let r = run(["check", &path]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.out().contains("alias"), "{r:?}");
}

#[test]
fn alias_bomb_in_a_field_lookups_ignore_is_reported_by_check_without_expanding_it() {
    let s = Scratch::new();
    let path = s.file(
        "bomb.yaml",
        format!("{}{}", alias_bomb(), glossary(&["Alpha"])),
    );
    let r = run(["check", &path]);
    let mut want: String = (0..9)
        .map(|level| format!("{path}:{}: warning: unknown field `a{level}`\n", level + 1))
        .collect();
    want.push_str("checked 1 file: 0 errors, 9 warnings\n");
    assert_eq!(r.ok().out(), want);
    assert_eq!(run(["check", "--strict", &path]).code, 1);
}

#[test]
fn ten_thousand_nested_levels_in_a_field_lookups_ignore() {
    let s = Scratch::new();
    // Block style, compact: `- - - 1` nests one list in another per dash.
    let block = format!("\n      {}1\n", "- ".repeat(10_000));
    for (name, value) in [
        ("lists.yaml", format!("{}\n", nested("[", "]", 10_000))),
        ("maps.yaml", format!("{}\n", nested("{a: ", "}", 10_000))),
        ("block.yaml", block),
    ] {
        let text = format!("{}    extra: {value}", glossary(&["Alpha"]));
        let path = s.file(name, text);
        run(["-g", &path, "show", "alpha"]).ok();
        // `check` must still see the unknown field, or say why it cannot.
        let r = run(["check", &path]);
        assert!(r.out().contains(&format!("{path}:5:")), "{name}: {r:?}");
    }
}

#[test]
fn aliases_that_multiply_a_big_string_in_an_unknown_field_are_not_expanded_by_check() {
    let s = Scratch::new();
    let refs = vec!["*big"; 1000].join(", ");
    let text = format!(
        "big: &big \"{}\"\nx: [{refs}]\n{}",
        "x".repeat(1 << 20),
        glossary(&["Alpha"])
    );
    let path = s.file("amplified.yaml", text);
    assert_eq!(
        run(["check", &path]).ok().out(),
        format!(
            "{path}:1: warning: unknown field `big`\n{path}:2: warning: unknown field `x`\nchecked 1 file: 0 errors, 2 warnings\n"
        )
    );
    assert_eq!(
        run(["-g", &path, "list"]).ok().out(),
        "alpha\tAlpha\tTesting\n"
    );
}

/// One hub linked to every other entry, both in block and in flow style, and every other entry
/// linking back: the work `check`, `related` and `show` do must grow with the links, not with
/// their square.
fn hub_glossary(others: usize, flow: bool) -> String {
    let mut text = String::from(
        "entries:\n  - slug: hub\n    title: Hub\n    category: c\n    summary: s\n    related:",
    );
    if flow {
        let names: Vec<String> = (0..others).map(|i| format!("t{i}")).collect();
        text.push_str(&format!(" [{}, nowhere]\n", names.join(", ")));
    } else {
        text.push('\n');
        for i in 0..others {
            text.push_str(&format!("      - t{i}\n"));
        }
        text.push_str("      - nowhere\n");
    }
    for i in 0..others {
        text.push_str(&format!(
            "  - {{slug: t{i}, title: T{i}, category: c, summary: s, related: [hub]}}\n"
        ));
    }
    text
}

#[test]
fn an_entry_with_ten_thousand_links_is_checked_and_related_in_linear_time() {
    let s = Scratch::new();
    for flow in [false, true] {
        let path = s.file("hub.yaml", hub_glossary(10_000, flow));
        let r = finish(bin().args(["-g", &path, "check"]), HEAVY_LIMIT);
        assert_eq!(r.code, 1, "{r:?}");
        let out = r.out();
        let line = if flow { 6 } else { 10_007 };
        assert!(
            out.starts_with(&format!(
                "{path}:{line}: error: entry 1 (hub): related 'nowhere' matches no entry\n"
            )),
            "{}",
            &out[..out.len().min(300)]
        );
        assert!(
            out.ends_with("checked 1 file: 1 error, 0 warnings\n"),
            "{out}"
        );

        let r = finish(
            bin().args(["-g", &path, "related", "hub", "--limit", "3"]),
            HEAVY_LIMIT,
        );
        r.ok();
        assert_eq!(
            r.out(),
            "t0\tT0\tc\tlink\nt1\tT1\tc\tlink\nt2\tT2\tc\tlink\n"
        );
        let r = finish(
            bin().args(["-g", &path, "related", "t7", "--limit", "2"]),
            HEAVY_LIMIT,
        );
        r.ok();
        assert_eq!(r.out(), "hub\tHub\tc\tlink\nt0\tT0\tc\tsimilar\n");
    }
}
