//! Bytes and line endings: invalid UTF-8, a byte-order mark, CRLF, tabs.

use crate::support::{Scratch, glossary, run};

#[test]
fn invalid_utf8_in_a_title_points_at_the_byte() {
    let s = Scratch::new();
    let mut bytes = b"entries:\n  - title: Tech".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"Lead\n    category: c\n    summary: s\n");
    let path = s.file("bad.yaml", bytes);
    run(["-g", &path, "list"]).refused(2, &format!("{path}:2:16"), "invalid UTF-8");
    // Text that cannot be decoded cannot be checked either: a source that cannot be read.
    run(["check", &path]).refused(2, &format!("{path}:2:16"), "invalid UTF-8");
}

#[test]
fn invalid_utf8_from_standard_input_is_refused() {
    let r = crate::support::finish(
        crate::support::bin()
            .args(["-g", "-", "list"])
            .write_stdin(b"entries:\n  - title: \xc3\x28\n".to_vec()),
        crate::support::LIMIT,
    );
    r.refused(2, "-:2:12", "invalid UTF-8");
}

#[test]
fn a_byte_order_mark_is_read_past() {
    let s = Scratch::new();
    let path = s.file("bom.yaml", format!("\u{feff}{}", glossary(&["Alpha"])));
    assert_eq!(
        run(["-g", &path, "list"]).ok().out(),
        "alpha\tAlpha\tTesting\n"
    );
    run(["check", &path]).ok();
}

#[test]
fn crlf_line_endings_read_like_lf() {
    let s = Scratch::new();
    let text = "entries:\r\n  - title: Alpha\r\n    category: Testing\r\n    summary: >-\r\n      One\r\n      two.\r\n    sumary: typo\r\n";
    let path = s.file("crlf.yaml", text);
    let r = run(["-g", &path, "show", "alpha", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&r.ok().stdout).unwrap();
    assert_eq!(value["summary"], "One two.");
    assert_eq!(value["title"], "Alpha");
    // Line numbers in `check` count CRLF lines like LF lines.
    let r = run(["check", &path]);
    assert_eq!(
        r.out(),
        format!(
            "{path}:7: warning: entry 1 (alpha): unknown field `sumary` (did you mean `summary`?)\nchecked 1 file: 0 errors, 1 warning\n"
        )
    );
}

#[test]
fn tabs_for_indentation_are_refused_with_a_location() {
    let s = Scratch::new();
    let path = s.file("tabs.yaml", "entries:\n\t- title: A\n\t  category: c\n");
    run(["-g", &path, "list"]).refused(2, &format!("{path}:2:1"), "");
    let r = run(["check", &path]);
    assert_eq!(r.code, 1);
    assert!(r.out().starts_with(&format!("{path}:2: error:")), "{r:?}");
}

#[test]
fn a_tab_inside_a_value_is_text() {
    let s = Scratch::new();
    let path = s.file(
        "tab.yaml",
        "entries:\n  - title: \"A\\tB\"\n    category: c\n    summary: s\n",
    );
    assert_eq!(run(["-g", &path, "list"]).ok().out(), "a-b\tA\\tB\tc\n");
}

#[test]
fn raw_control_characters_in_the_file_are_pointed_at() {
    let s = Scratch::new();
    for (n, raw) in ["\u{1b}", "\u{0}", "\u{7f}", "\u{9b}"].iter().enumerate() {
        let text = format!("entries:\n  - title: Alpha\n    category: c\n    summary: éé{raw}x\n");
        let path = s.file(&format!("raw{n}.yaml"), text);
        run(["-g", &path, "list"]).refused(2, &format!("{path}:4:16"), "control characters");
        let r = run(["check", &path]);
        assert_eq!(r.code, 1);
        assert!(
            r.out()
                .starts_with(&format!("{path}:4: error: control characters")),
            "{r:?}"
        );
    }
}
