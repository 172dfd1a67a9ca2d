//! Entries that are wrong inside: duplicates, unknown fields, wrong types, bad values.

use crate::support::{Scratch, run};

const A: &str = "    category: c\n    summary: s\n";

#[test]
fn duplicate_slugs_warn_and_the_later_entry_wins() {
    let s = Scratch::new();
    let text =
        format!("entries:\n  - slug: x\n    title: First\n{A}  - slug: x\n    title: Second\n{A}");
    let path = s.file("dup.yaml", text);
    let r = run(["-g", &path, "list"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.out(), "x\tSecond\tc\n");
    assert_eq!(
        r.stderr,
        format!("warning: {path}:6: duplicate slug 'x' (also entry 1); the later entry wins\n")
    );
    let r = run(["check", &path]);
    assert_eq!(r.code, 1);
    assert!(
        r.out()
            .contains(&format!("{path}:6: error: entry 2 (x): duplicate slug 'x'")),
        "{r:?}"
    );
}

#[test]
fn a_duplicate_key_inside_an_entry_is_refused() {
    let s = Scratch::new();
    let text = format!("entries:\n  - title: First\n    title: Second\n{A}");
    let path = s.file("dupkey.yaml", text);
    run(["-g", &path, "list"]).refused(2, &format!("{path}:2:"), "duplicate field `title`");
    assert_eq!(run(["check", &path]).code, 1);
}

#[test]
fn unknown_fields_are_ignored_by_lookups_and_reported_by_check() {
    let s = Scratch::new();
    let text = format!("entries:\n  - title: A\n    sumary: typo\n{A}");
    let path = s.file("unknown.yaml", text);
    assert_eq!(run(["-g", &path, "list"]).ok().out(), "a\tA\tc\n");
    let r = run(["check", &path]);
    assert_eq!(r.code, 0);
    assert!(r.out().starts_with(&format!(
        "{path}:3: warning: entry 1 (a): unknown field `sumary` (did you mean `summary`?)"
    )));
    assert_eq!(run(["check", "--strict", &path]).code, 1);
}

#[test]
fn wrong_types_are_refused_at_their_field() {
    let s = Scratch::new();
    let cases = [
        (
            "    tags: {a: b}\n",
            ":5:11",
            "entry 1, `tags`: invalid type: map",
        ),
        ("    aliases: 5\n", ":5:14", "aliases"),
        ("    read_minutes: -3\n", ":5:19", "read_minutes"),
        ("    read_minutes: 99999999999\n", ":5:19", "read_minutes"),
        ("    read_minutes: soon\n", ":5:19", "read_minutes"),
        ("    sections: [{body: no heading}]\n", ":5:", "heading"),
        ("    links: [{title: t}]\n", ":5:", "url"),
        ("    related: {a: b}\n", ":5:14", "related"),
    ];
    for (n, (line, at, what)) in cases.iter().enumerate() {
        let path = s.file(
            &format!("t{n}.yaml"),
            format!("entries:\n  - title: A\n{A}{line}"),
        );
        run(["-g", &path, "list"]).refused(2, &format!("{path}{at}"), what);
        assert_eq!(run(["check", &path]).code, 1, "{line}");
    }
}

#[test]
fn a_number_as_title_is_read_as_its_text() {
    let s = Scratch::new();
    let path = s.file("num.yaml", format!("entries:\n  - title: 1.10\n{A}"));
    assert_eq!(run(["-g", &path, "list"]).ok().out(), "1-10\t1.10\tc\n");
}

#[test]
fn missing_and_empty_required_fields_are_refused() {
    let s = Scratch::new();
    let cases = [
        (
            "entries:\n  - title: A\n    summary: s\n",
            ":2:",
            "missing field `category`",
        ),
        (
            "entries:\n  - title: ''\n    category: c\n    summary: s\n",
            ":2",
            "`title` is empty",
        ),
        (
            "entries:\n  - title: A\n    category: c\n    summary: '  '\n",
            ":4",
            "`summary` is empty",
        ),
        (
            "entries:\n  - title: '?!'\n    category: c\n    summary: s\n",
            ":2",
            "no slug",
        ),
    ];
    for (n, (text, at, what)) in cases.iter().enumerate() {
        let path = s.file(&format!("m{n}.yaml"), text);
        run(["-g", &path, "list"]).refused(2, &format!("{path}{at}"), what);
    }
}

#[test]
fn an_invalid_date_loads_but_fails_check() {
    let s = Scratch::new();
    let path = s.file(
        "date.yaml",
        format!("entries:\n  - title: A\n    published: 2024-02-30\n{A}"),
    );
    assert_eq!(run(["-g", &path, "list"]).ok().out(), "a\tA\tc\n");
    let r = run(["check", &path]);
    assert_eq!(r.code, 1);
    assert!(r.out().starts_with(&format!(
        "{path}:3: error: entry 1 (a): `published` is '2024-02-30'"
    )));
}

#[test]
fn merge_keys_are_refused_at_their_line() {
    let s = Scratch::new();
    // The second entry gets its category and summary from the merge: refused there, not as a
    // missing field. The third has all its fields, so a merge would otherwise pass unseen.
    let text = format!(
        "base: &base\n  category: c\n  summary: s\nentries:\n  - title: One\n{A}  - title: Two\n    <<: *base\n  - title: Three\n{A}"
    );
    let path = s.file("merge.yaml", &text);
    let r = run(["-g", &path, "list"]);
    r.refused(
        2,
        &format!("{path}:9:5:"),
        "merge keys (`<<`) are not supported",
    );
    assert!(!r.stderr.contains("missing field"), "{r:?}");
    let r = run(["check", &path]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.out().contains(&format!("{path}:9: error: merge keys")),
        "{r:?}"
    );
    let all_there = s.file(
        "merged.yaml",
        format!("entries:\n  - title: One\n{A}    <<: {{tags: [x]}}\n"),
    );
    run(["-g", &all_there, "list"]).refused(2, &format!("{all_there}:5:5:"), "merge keys");
}

#[test]
fn tags_on_text_are_refused_at_their_line() {
    let s = Scratch::new();
    let cases = [
        ("  - title: !!binary aGVsbG8=\n", ":2:12:", "`!!binary`"),
        (
            "  - title: A\n    tags: [a, !local b]\n",
            ":3:15:",
            "`!local`",
        ),
        (
            "  - title: !<tag:example.org,2026:x> A\n",
            ":2:12:",
            "tags such as",
        ),
    ];
    for (n, (head, at, what)) in cases.iter().enumerate() {
        let path = s.file(&format!("t{n}.yaml"), format!("entries:\n{head}{A}"));
        let r = run(["-g", &path, "list"]);
        r.refused(2, &format!("{path}{at}"), what);
        assert!(!r.stderr.contains("aGVsbG8="), "{r:?}");
        assert_eq!(run(["check", &path]).code, 1, "{head}");
    }
    // `!` in text, quoted or in a block, and the core tag that only says "text", are fine.
    let fine = s.file(
        "fine.yaml",
        "entries:\n  - title: !!str Hello!\n    category: \"!c\"\n    summary: |\n      - !not a tag\n      <<: nor a merge\n",
    );
    assert_eq!(run(["-g", &fine, "list"]).ok().out(), "hello\tHello!\t!c\n");
}

#[test]
fn entries_are_counted_from_one_in_every_message() {
    let s = Scratch::new();
    let text = format!(
        "entries:\n  - title: First\n{A}  - title: Second\n    category: [c]\n    summary: s\n"
    );
    let path = s.file("second.yaml", text);
    run(["-g", &path, "list"]).refused(
        2,
        &format!("{path}:6:15:"),
        "entry 2, `category`: invalid type: sequence",
    );
    let r = run(["check", &path]);
    assert!(r.out().contains("error: entry 2, `category`"), "{r:?}");
    let missing = s.file(
        "missing.yaml",
        format!("entries:\n  - title: First\n{A}  - title: Second\n    summary: s\n"),
    );
    run(["-g", &missing, "list"]).refused(2, &missing, "entry 2: missing field `category`");
    // Warnings and check's own findings count the same way.
    let empty = s.file(
        "empty.yaml",
        format!(
            "entries:\n  - title: First\n{A}  - title: Second\n    category: c\n    summary: \"\"\n"
        ),
    );
    run(["-g", &empty, "list"]).refused(2, &empty, "entry 2: `summary` is empty");
}
