//! Where the output goes: a pipe closed early, a closed stdout, a full device.

use std::fs::{self, File};
use std::io;

use crate::support::{LIMIT, Scratch, finish, run_with_stdout};

/// A glossary whose every listing and `show` of all terms is far larger than a pipe's buffer,
/// so the reader goes away while the tool is still writing.
fn big_glossary(s: &Scratch) -> String {
    let mut text = String::from("entries:\n");
    let filler = "Words that make the summary long enough to fill a pipe. ".repeat(20);
    for i in 0..3000 {
        text.push_str(&format!(
            "  - title: Term {i}\n    category: Category {i}\n    tags: [tag-{i}]\n    summary: {filler}\n    related: [term-{}]\n    sumary: typo\n",
            (i + 1) % 3000
        ));
    }
    s.file("big.yaml", text)
}

/// Every command with every format it takes.
fn every_command(path: &str) -> Vec<Vec<String>> {
    let terms: Vec<String> = (0..300).map(|i| format!("term-{i}")).collect();
    let mut all = Vec::new();
    for format in ["text", "markdown", "json", "yaml"] {
        let mut args = vec!["show".to_string(), "--format".into(), format.into()];
        args.extend(terms.iter().cloned());
        all.push(args);
    }
    let listings: &[&[&str]] = &[
        &["search", "term"],
        &["search", "--full-text", "words"],
        &["list"],
        &["categories"],
        &["tags"],
        &["related", "term-1"],
        &["sources"],
    ];
    for listing in listings {
        for format in ["table", "tsv", "json", "jsonl"] {
            let mut args: Vec<String> = listing.iter().map(|a| a.to_string()).collect();
            args.extend(["--format".into(), format.into()]);
            all.push(args);
        }
    }
    all.push(vec!["check".into()]);
    for args in &mut all {
        args.splice(0..0, ["-g".to_string(), path.to_string()]);
    }
    all
}

#[test]
fn a_pipe_closed_after_one_byte_ends_quietly_with_0() {
    let s = Scratch::new();
    let path = big_glossary(&s);
    for args in every_command(&path) {
        let mut cmd = crate::support::through("bash");
        cmd.arg("-c")
            .arg(r#""$0" "$@" | head -c 1 >/dev/null; exit "${PIPESTATUS[0]}""#)
            .arg(crate::harness::BIN)
            .args(&args);
        let r = finish(&mut cmd, LIMIT);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{args:?}");
    }
}

#[test]
fn a_pipe_with_no_reader_at_all_ends_quietly_with_0() {
    let s = Scratch::new();
    let path = big_glossary(&s);
    for args in every_command(&path) {
        let (reader, writer) = io::pipe().expect("a pipe");
        drop(reader);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run_with_stdout(&args, writer);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{args:?}");
    }
}

#[test]
fn a_closed_stdout_is_like_dev_null_and_never_reaches_a_file() {
    // The Rust runtime opens /dev/null on a closed standard stream, so no file the tool opens
    // later can take descriptor 1: the output goes nowhere, as with `>/dev/null`.
    let s = Scratch::new();
    let path = big_glossary(&s);
    let before = fs::read(&path).unwrap();
    for args in every_command(&path) {
        let mut cmd = crate::support::through("sh");
        cmd.arg("-c")
            .arg(r#"exec "$0" "$@" >&-"#)
            .arg(crate::harness::BIN)
            .args(&args);
        let r = finish(&mut cmd, LIMIT);
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{args:?}");
    }
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "the glossary file changed"
    );
}

#[test]
fn a_full_device_is_an_error_with_a_message() {
    let s = Scratch::new();
    let path = big_glossary(&s);
    for args in every_command(&path) {
        let full = File::options()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = run_with_stdout(&args, full);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert_eq!(
            r.stderr, "error: cannot write the output: no space left on device\n",
            "{args:?}"
        );
    }
}
