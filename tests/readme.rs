//! Every shell example in README.md runs as written and succeeds; each command line that needs
//! nothing outside the repository exits and begins its output as the text around it says.

use std::path::Path;

mod harness;

use harness::Harness;

/// A reader's home, where the examples run: it looks like the repository's root to them (its
/// `examples/` folder), and they may write files there (the manual page under `~/.local`)
/// without touching the repository or the home of whoever runs the tests.
fn reader() -> Harness {
    let harness = Harness::new();
    let examples = Path::new(harness::ROOT).join("examples");
    std::os::unix::fs::symlink(examples, harness.home().join("examples")).unwrap();
    harness
}

/// `PATH` with the binary under test first.
fn path_with_tool() -> String {
    format!(
        "{}:{}",
        Path::new(harness::BIN).parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// bash the way a reader's shell runs it, in the reader's home.
fn bash_in(reader: &Harness) -> std::process::Command {
    let mut cmd = reader.command("bash");
    cmd.current_dir(reader.home()).env("PATH", path_with_tool());
    cmd
}

/// Runs `script` in bash in the reader's home.
fn bash(script: &str, reader: &Harness) -> std::process::Output {
    bash_in(reader).arg("-c").arg(script).output().unwrap()
}

/// The README's `sh` blocks that use the tool (the cargo blocks are for building it).
fn examples() -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line) {
            (None, "```sh") => current = Some(String::new()),
            (Some(block), "```") => {
                if block.contains("techlead-glossary") && !block.contains("cargo ") {
                    blocks.push(block.clone());
                }
                current = None;
            }
            (Some(block), line) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_readme_example_runs() {
    let blocks = examples();
    assert!(
        blocks.len() >= 8,
        "found only {} example blocks",
        blocks.len()
    );
    let reader = reader();
    let has_fzf = harness::command("fzf")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    for block in blocks {
        if block.contains("fzf") && !has_fzf {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must install fzf for the README recipes"
            );
            eprintln!("notice: fzf is not installed; skipping:\n{block}");
            continue;
        }
        let script = format!("set -euo pipefail\n{block}");
        let out = bash_in(&reader)
            .arg("-c")
            .arg(&script)
            // fzf without a terminal: pick by a filter instead of interactively.
            .env("FZF_DEFAULT_OPTS", "--filter=lead")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "README example failed ({}):\n{block}\nstdout:\n{}\nstderr:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // A block that writes files or configures a shell may rightly print nothing.
        let quiet = block.contains(" > ") || block.starts_with("source ");
        assert!(
            quiet || !out.stdout.is_empty(),
            "README example printed nothing:\n{block}"
        );
    }
}

/// Programs a command line may need besides the tool and bash's basics; such lines are left to
/// [`every_readme_example_runs`] (which runs them where they are installed) and, for `man`, to
/// [`the_readme_man_page_steps_work`].
const OUTSIDE: &[&str] = &[
    "jq ",
    "fzf",
    "dot ",
    "man ",
    "less",
    "source <(",
    "cargo",
    "benches/",
    "RUSTC_BOOTSTRAP",
    "fuzz",
    "-max_total_time",
    "MANPATH",
];

/// What the README's text says of each command line that needs only the repository: its exit
/// code and how its output begins (the first line, or its start where a growing glossary may
/// change the rest). Keys are the lines without their comments.
const EXPECTED: &[(&str, i32, &str)] = &[
    (
        "techlead-glossary show technical-lead",
        0,
        "Technical Lead Jobs",
    ),
    (
        "techlead-glossary show \"Technical Lead Jobs\"",
        0,
        "Technical Lead Jobs",
    ),
    (
        "techlead-glossary show TECHNICAL_LEAD k8s tdd",
        0,
        "Technical Lead Jobs",
    ),
    (
        "techlead-glossary show \"tech lead\" --format markdown",
        0,
        "# Technical Lead Jobs",
    ),
    (
        "techlead-glossary search kuberntes",
        0,
        "kubernetes\tKubernetes\t*",
    ),
    (
        "techlead-glossary search \"lead tech\"",
        0,
        "technical-lead\tTechnical Lead Jobs\t*",
    ),
    (
        "techlead-glossary search \"what is a bus factor\"",
        0,
        "bus-factor\tBus Factor\t*",
    ),
    (
        "techlead-glossary search lead --category Careers --limit 5",
        0,
        "*\t*\tCareers\t*\t*",
    ),
    (
        "techlead-glossary search security --tag compliance --exact",
        0,
        "*\t*\t*\t*\t*",
    ),
    ("techlead-glossary list", 0, "*\t*\t*"),
    (
        "techlead-glossary list --category \"Cloud & Operations\" --sort slug",
        0,
        "*\t*\tCloud & Operations",
    ),
    // Newest first: the team glossary's entries have several dates.
    (
        "techlead-glossary --glossary examples/team.yaml list --sort published",
        0,
        "incident-review\tIncident Review\tCloud & Operations",
    ),
    ("techlead-glossary categories", 0, "*\t*"),
    ("techlead-glossary tags --format json", 0, "["),
    (
        "techlead-glossary related technical-lead",
        0,
        "*\t*\t*\tlink",
    ),
    (
        "techlead-glossary related k8s --limit 5 --format jsonl",
        0,
        "{\"slug\":*\"relation\":\"link\"}",
    ),
    (
        "techlead-glossary check --strict builtin",
        0,
        "checked 1 file: 0 errors, 0 warnings",
    ),
    (
        "techlead-glossary check examples/team.yaml",
        0,
        "checked 1 file: 0 errors, 0 warnings",
    ),
    (
        "techlead-glossary check --format github --strict examples/team.yaml",
        0,
        "checked 1 file: 0 errors, 0 warnings",
    ),
    (
        "techlead-glossary --glossary examples/team.yaml --glossary builtin sources",
        0,
        "examples/team.yaml\tfile\t6",
    ),
    // Sources go to stderr; stdout has the results alone.
    (
        "techlead-glossary --show-sources search lead",
        0,
        "*\t*\t*\t*\t*",
    ),
    (
        "printf '%s\\n' 'The tech lead wants an ADR before the first PR merges.' > design.md",
        0,
        "",
    ),
    (
        "techlead-glossary scan design.md",
        0,
        "technical-lead\tTechnical Lead Jobs\t1\tdesign.md:1:5",
    ),
    (
        "techlead-glossary scan --unknown design.md",
        0,
        "technical-lead\tTechnical Lead Jobs\t1\tdesign.md:1:5",
    ),
    (
        "techlead-glossary scan design.md --format markdown",
        0,
        "## Glossary",
    ),
    (
        "techlead-glossary scan design.md --format text",
        0,
        "Technical Lead Jobs",
    ),
    ("techlead-glossary sources", 0, "builtin\tbuiltin\t*"),
    // One JSON document (an array), not one object per match.
    (
        "techlead-glossary search lead --limit 0 | cut -f1 | xargs techlead-glossary show --format json",
        0,
        "[",
    ),
    (
        "techlead-glossary --no-pager show technical-lead",
        0,
        "Technical Lead Jobs",
    ),
    ("mkdir -p ~/.local/share/man/man1", 0, ""),
    (
        "techlead-glossary manpage > ~/.local/share/man/man1/techlead-glossary.1",
        0,
        "",
    ),
    ("techlead-glossary export > glossary.html", 0, ""),
    (
        "techlead-glossary --glossary examples/team.yaml export --format markdown > GLOSSARY.md",
        0,
        "",
    ),
    (
        "techlead-glossary graph technical-lead --depth 2 --format mermaid",
        0,
        "flowchart LR",
    ),
];

/// Whether `text` is `pattern`, where `*` stands for any text but none (and empty means empty).
fn matches(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for part in parts {
        // Each `*` stands for at least one character, then the literal part follows.
        let Some(skip) = rest.chars().next().map(char::len_utf8) else {
            return false;
        };
        rest = &rest[skip..];
        match (part.is_empty(), rest.find(part)) {
            (true, _) => rest = "",
            (false, Some(at)) => rest = &rest[at + part.len()..],
            (false, None) => return false,
        }
    }
    rest.is_empty()
}

/// Each command line of a block, without its comment, in order.
fn command_lines(block: &str) -> Vec<String> {
    block
        .lines()
        .map(|l| match l.find("  #") {
            Some(at) => l[..at].trim_end(),
            None => l.trim_end(),
        })
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect()
}

#[test]
fn every_readme_command_line_does_what_the_text_says() {
    let reader = reader();
    let mut checked = std::collections::HashSet::new();
    let mut unexpected = Vec::new();
    for block in examples() {
        // `export` lines set the scene for the lines after them in their block.
        let mut scene = String::new();
        for line in command_lines(&block) {
            if OUTSIDE.iter().any(|p| line.contains(p)) {
                continue;
            }
            if line.starts_with("export ") {
                scene.push_str(&line);
                scene.push('\n');
                continue;
            }
            let out = bash(&format!("set -o pipefail\n{scene}{line}"), &reader);
            let code = out.status.code().expect("exited");
            let stdout = String::from_utf8_lossy(&out.stdout);
            let first = stdout.lines().next().unwrap_or_default().to_string();
            match EXPECTED.iter().find(|(l, _, _)| *l == line) {
                Some(&(_, want_code, want_first)) => {
                    assert_eq!(
                        code,
                        want_code,
                        "{line}\nstderr: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    assert!(
                        matches(want_first, &first),
                        "{line}: first line {first:?}, the README says {want_first:?}"
                    );
                    checked.insert(line);
                }
                None => unexpected.push(format!("    ({line:?}, {code}, {first:?}),")),
            }
        }
    }
    assert!(
        unexpected.is_empty(),
        "README command lines with no expectation here:\n{}",
        unexpected.join("\n")
    );
    assert_eq!(
        checked.len(),
        EXPECTED.len(),
        "an expectation names a line the README no longer has"
    );
}

/// The README's steps to install the manual page make `man techlead-glossary` work, as
/// `man` itself shows it (without them: "No manual entry").
#[test]
fn the_readme_man_page_steps_work() {
    let has_man = harness::command("man")
        .arg("-w")
        .arg("man")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_man {
        assert!(std::env::var_os("CI").is_none(), "CI must install man-db");
        eprintln!("notice: man is not installed; skipping");
        return;
    }
    let block = examples()
        .into_iter()
        .find(|b| b.contains("MANPATH"))
        .expect("the README installs the manual page");
    let reader = reader();
    let before = bash("man techlead-glossary", &reader);
    assert!(!before.status.success(), "{before:?}");
    let out = bash(&format!("set -euo pipefail\n{block}"), &reader);
    assert!(
        out.status.success(),
        "{block}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.starts_with("TECHLEAD-GLOSSARY(1)"), "{page}");
    assert!(page.contains("techlead-glossary"), "{page}");
}

/// The README's JSON recipe prints one JSON document holding every match, past search's default
/// limit of 20.
#[test]
fn the_json_recipe_is_one_document_of_every_match() {
    let reader = reader();
    let recipe = "techlead-glossary search lead --limit 0 | cut -f1 | xargs techlead-glossary show --format json";
    let out = bash(&format!("set -o pipefail\n{recipe}"), &reader);
    assert!(out.status.success());
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let all = bash("techlead-glossary search lead --limit 0 | wc -l", &reader);
    let count: usize = String::from_utf8_lossy(&all.stdout).trim().parse().unwrap();
    assert!(count > 20, "{count}");
    assert_eq!(value.as_array().map(Vec::len), Some(count));
}
