//! `manpage`: a roff page that man's formatters read without a single warning.

use crate::support::{have, pipe_through, stdout, tool};

fn page() -> String {
    let output = tool()
        .arg("manpage")
        .env("SOURCE_DATE_EPOCH", "1710806400")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty());
    stdout(&output)
}

/// Runs a formatter on the page and returns what it said on both streams, and whether it
/// succeeded.
fn format_with(program: &str, args: &[&str]) -> (bool, String, String) {
    let output = pipe_through(program, args, &page());
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_page_covers_every_command_and_the_environment() {
    let page = page();
    assert!(
        page.contains("\n.TH TECHLEAD-GLOSSARY 1 2024-03-19 \"techlead-glossary "),
        "{page}"
    );
    for command in [
        "show",
        "search",
        "list",
        "categories",
        "tags",
        "related",
        "check",
        "sources",
        "export",
        "graph",
        "completions",
        "manpage",
    ] {
        assert!(page.contains(&format!("\n.SS {command}\n")), "{command}");
    }
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "EXAMPLES",
        "ENVIRONMENT",
        "EXIT STATUS",
    ] {
        assert!(
            page.contains(&format!(
                "\n.SH {}\n",
                if section.contains(' ') {
                    format!("\"{section}\"")
                } else {
                    section.to_string()
                }
            )),
            "{section}"
        );
    }
    assert!(page.contains("TECHLEAD_GLOSSARY_PAGER"));
    for cache in [
        "TECHLEAD_GLOSSARY_CACHE",
        "TECHLEAD_GLOSSARY_CACHE_MAX",
        "TECHLEAD_GLOSSARY_CACHE_WAIT",
    ] {
        assert!(page.contains(cache), "{cache}");
    }
}

#[test]
fn mandoc_finds_nothing_to_warn_about() {
    if !have("mandoc") {
        return;
    }
    let (ok, out, err) = format_with("mandoc", &["-T", "lint", "-W", "warning"]);
    assert!(ok && out.is_empty() && err.is_empty(), "{out}{err}");
    // And it renders: the page's own words come out.
    let (ok, out, _) = format_with("mandoc", &["-T", "utf8"]);
    assert!(ok);
    assert!(
        without_overstrike(&out).contains("\nEXIT STATUS\n"),
        "{out}"
    );
}

#[test]
fn groff_finds_nothing_to_warn_about() {
    if !have("groff") {
        return;
    }
    let (ok, out, err) = format_with("groff", &["-man", "-T", "utf8", "-w", "all", "-z"]);
    assert!(ok && out.is_empty() && err.is_empty(), "{out}{err}");
}

/// Terminal formatters embolden by overstriking (`E\x08E`); this keeps the letters only.
fn without_overstrike(text: &str) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{8}' {
            out.pop();
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out.into_iter().collect()
}
