//! What a newcomer's usual mistakes print: one line of input quoted at most, the typo blamed at
//! its own line, unquoted words, and which source a bad path came from. Real binary, exact
//! streams and exit codes.

use std::process::Output;

mod harness;

/// Runs `args` with `env`, from the repository root under the test harness, and returns (exit code, stdout, stderr).
fn run(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out: Output = harness::tool()
        .current_dir(harness::ROOT)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code().expect("exited normally"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn a_file_that_is_not_a_glossary_is_quoted_one_short_line() {
    let dir = tempfile::tempdir().unwrap();
    // A notes file: many long lines of plain text, which YAML reads as one string.
    let line = "Notes from the planning meeting about the ledger service and its on-call rota";
    let notes = write(&dir, "notes.txt", &format!("{line} {line}\n").repeat(2000));
    for args in [vec!["-g", &notes, "show", "x"], vec!["check", &notes]] {
        let (code, out, err) = run(&args, &[]);
        assert_eq!(
            out.lines().next().map(|_| ()),
            (args[0] == "check").then_some(())
        );
        let first = if args[0] == "check" {
            out.lines().next().unwrap().to_string()
        } else {
            err.clone()
        };
        let quoted = first.split('"').nth(1).expect("the value is quoted");
        assert_eq!(quoted.chars().count(), 81, "{first}");
        assert!(quoted.ends_with('…'), "{first}");
        assert!(first.len() < 300, "{first}");
        assert_eq!(code, if args[0] == "check" { 1 } else { 2 });
    }
    // Cargo.lock: a string that goes on over many lines is cut at its first.
    let (code, out, err) = run(&["-g", "Cargo.lock", "show", "x"], &[]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            2,
            "",
            "error: Cargo.lock:3:1: invalid type: string \"version = 4…\", expected a mapping with an `entries` list\n"
        )
    );
}

#[test]
fn long_names_in_messages_are_cut() {
    let long = "x".repeat(10_000);
    let (code, _, err) = run(&["show", &long], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        err.lines().next().unwrap(),
        format!("error: no entry '{}…'", "x".repeat(80))
    );
    let (_, _, err) = run(&["show", "nope\nmore"], &[]);
    assert!(err.starts_with("error: no entry 'nope…'\n"), "{err}");
}

#[test]
fn a_misspelt_field_is_blamed_at_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "team.yaml",
        "entries:\n  - title: Alpha\n    category: Careers\n    sumary: The first.\n    tag: [a]\n    read_minutes: 2\n",
    );
    let (code, out, err) = run(&["-g", &path, "show", "alpha"], &[]);
    assert_eq!(
        (code, out.as_str(), err),
        (
            2,
            "",
            format!("error: {path}:4:5: unknown field 'sumary' (did you mean 'summary'?)\n")
        )
    );
    let (code, out, err) = run(&["check", &path], &[]);
    assert_eq!(
        (code, out, err.as_str()),
        (
            1,
            format!(
                "{path}:4: error: unknown field 'sumary' (did you mean 'summary'?) (column 5)\n\
                 {path}:5: warning: entry 1: unknown field `tag` (did you mean `tags`?)\n\
                 checked 1 file: 1 error, 1 warning\n"
            ),
            ""
        )
    );
    // In a file that parses, `check` suggests too.
    let fine = write(
        &dir,
        "fine.yaml",
        "entries:\n  - title: Alpha\n    category: Careers\n    summary: The first.\n    tag: [a]\n",
    );
    let (code, out, _) = run(&["check", &fine], &[]);
    assert_eq!(
        (code, out),
        (
            0,
            format!(
                "{fine}:5: warning: entry 1 (alpha): unknown field `tag` (did you mean `tags`?)\n\
                 checked 1 file: 0 errors, 1 warning\n"
            )
        )
    );
}

#[test]
fn type_errors_are_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        &dir,
        "g.yaml",
        "entries:\n  - title: Alpha\n    category: Careers\n    summary: The first.\n    read_minutes: three\n",
    );
    let (code, _, err) = run(&["-g", &path, "list"], &[]);
    assert_eq!(
        (code, err),
        (
            2,
            format!(
                "error: {path}:5:19: entry 1, `read_minutes`: invalid type: string \"three\", \
                 expected a whole number (0 or more)\n"
            )
        )
    );
}

#[test]
fn words_that_name_an_entry_together_get_a_hint_to_quote_them() {
    let (code, out, err) = run(&["show", "technical", "lead"], &[]);
    assert_eq!((code, out.as_str()), (1, ""));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "error: no entry 'technical'");
    assert_eq!(
        lines.last().copied(),
        Some("help: did you mean \"technical lead\"? Quote a term that has spaces.")
    );
    // Quoted, it is found.
    let (code, out, err) = run(&["show", "technical lead"], &[]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.starts_with("Technical Lead Jobs"), "{out}");
    // Words that name nothing together get no such hint.
    let (_, _, err) = run(&["show", "kanban", "nonsense"], &[]);
    assert!(!err.contains("Quote a term"), "{err}");
}

#[test]
fn a_bad_path_in_the_variable_says_where_it_came_from() {
    for args in [&["list"][..], &["show", "technical-lead"], &["sources"]] {
        let (code, out, err) = run(args, &[("TECHLEAD_GLOSSARY", "builtin:/no/such/team.yaml")]);
        assert_eq!(
            (code, out.as_str(), err.as_str()),
            (
                2,
                "",
                "error: /no/such/team.yaml (from TECHLEAD_GLOSSARY): no such file or directory\n"
            ),
            "{args:?}"
        );
    }
    // Named by the flag, the path is the user's own words: no note.
    let (_, _, err) = run(&["-g", "/no/such/team.yaml", "list"], &[]);
    assert_eq!(
        err,
        "error: /no/such/team.yaml: no such file or directory\n"
    );
}
