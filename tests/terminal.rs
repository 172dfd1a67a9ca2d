//! Behaviour on a real terminal: `script` (util-linux) gives the binary a pseudo-terminal.

mod harness;

/// Runs a shell line under a pseudo-terminal, in the test harness, and returns what the terminal
/// showed, with the terminal's `\r\n` turned back into `\n`.
fn on_terminal(line: &str, no_color: bool) -> String {
    let line = line.replace("TOOL", harness::BIN);
    // `timeout` ends a run that waits for input it will never get, such as a pager.
    let mut cmd = harness::command("timeout");
    // The pager has tests of its own; here the output must reach the terminal directly.
    cmd.args(["20", "script", "-qec", &line, "/dev/null"])
        .env("TECHLEAD_GLOSSARY_PAGER", "cat");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd.output().expect("script from util-linux runs");
    assert!(
        out.status.success(),
        "{line}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().replace("\r\n", "\n")
}

fn widest_line(text: &str) -> usize {
    let mut widest = 0;
    for line in text.lines() {
        // Drop SGR sequences before measuring.
        let mut visible = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                visible.push(c);
            }
        }
        widest = widest.max(visible.chars().count());
    }
    widest
}

#[test]
fn listings_are_tables_on_a_terminal() {
    let out = on_terminal("TOOL list --category Fintech", false);
    assert!(out.starts_with("┌"), "{out}");
    assert!(out.contains("\x1b[1m Slug "), "bold header: {out:?}");
    assert!(out.contains(" cloud-call-centers "), "{out}");
}

#[test]
fn no_color_turns_colour_off_but_keeps_the_table() {
    let out = on_terminal("TOOL list --category Fintech", true);
    assert!(out.starts_with("┌"), "{out}");
    assert!(!out.contains('\x1b'), "{out:?}");
    let out = on_terminal("TOOL show pci", true);
    assert!(
        out.starts_with("PCI DSS\nFintech · 2 min read\n"),
        "{out:?}"
    );
}

#[test]
fn text_wraps_to_the_terminal_at_most_100_columns() {
    // A terminal that reports width 0 counts as 80.
    let out = on_terminal("stty cols 0; TOOL show technical-lead", false);
    assert_eq!(widest_line(&out), 80, "{out}");
    let out = on_terminal("stty cols 50; TOOL show technical-lead", false);
    assert!(widest_line(&out) <= 50 && widest_line(&out) > 40, "{out}");
    let out = on_terminal("stty cols 200; TOOL show technical-lead", false);
    assert!(widest_line(&out) <= 100 && widest_line(&out) > 90, "{out}");
    assert!(
        out.starts_with("\x1b[1;4mTechnical Lead Jobs\x1b[0m\n"),
        "{out:?}"
    );
}

#[test]
fn slugs_are_never_wrapped_or_cut_in_a_narrow_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.yaml");
    std::fs::write(
        &path,
        "entries:\n\
         - slug: identity-and-access-management\n  title: Identity and Access Management for Teams\n  \
           category: Security and Compliance\n  summary: Who may do what.\n  related: [zero-trust]\n\
         - slug: zero-trust\n  title: Zero Trust\n  category: Security and Compliance\n  summary: Trust nothing.\n",
    )
    .unwrap();
    for (width, command) in [
        (80, "list"),
        (50, "list"),
        (60, "search access"),
        (60, "related zero-trust"),
    ] {
        let out = on_terminal(
            &format!("stty cols {width}; TOOL -g {} {command}", path.display()),
            true,
        );
        assert!(widest_line(&out) <= width, "{command} at {width}:\n{out}");
        assert!(
            out.lines()
                .any(|l| l.starts_with("│ identity-and-access-management ┆")),
            "{command} at {width}:\n{out}"
        );
        // Other columns wrap instead.
        assert!(out.lines().count() > 5, "{out}");
    }
    // Where a title fits at 20 columns, categories stay on one line: one row, one line.
    let out = on_terminal(
        &format!("stty cols 100; TOOL -g {} list", path.display()),
        true,
    );
    assert!(
        out.lines()
            .any(|l| l.contains("┆ Security and Compliance │")),
        "{out}"
    );
}
