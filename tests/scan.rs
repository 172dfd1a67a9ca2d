//! `scan` end to end: the real binary on documents written for these tests, exact stdout,
//! stderr and exit codes, with a temporary home and cache folder.

mod harness;

const GLOSSARY: &str = "tests/fixtures/scan/glossary.yaml";
const DESIGN: &str = "tests/fixtures/scan/design.md";

/// Runs from the repository root under the test harness, with `stdin`, and returns (exit code,
/// stdout, stderr).
fn outcome_with(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = harness::tool()
        .current_dir(harness::ROOT)
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        out.status.code().expect("exited normally"),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn outcome(args: &[&str]) -> (i32, String, String) {
    outcome_with(args, "")
}

/// `scan` against the fixture glossary.
fn scan(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--glossary", GLOSSARY, "scan"];
    all.extend_from_slice(args);
    outcome(&all)
}

fn ok(stdout: &str) -> (i32, String, String) {
    (0, stdout.to_string(), String::new())
}

/// Every trap in design.md, and what it must give: the front matter, the fenced and indented
/// code, inline code, the link target, the autolink, the bare URL, the HTML comment and the raw
/// HTML hide `PR team`, `Kubernetes`, `K8s`, `feature flag` and `SLO`; `press`, `pr-bot` and
/// `circle` are not `PR` or `CI`; "continuous / integration" across a line break is one use of
/// Continuous Integration, not of Integration, which is used once on its own; `ADRs`,
/// `ADR-7`, `microservices` and `dependencies` count; `1.1` is not the alias `1:1`.
const DESIGN_TSV: &str = "\
technical-lead\tTechnical Lead\t1\ttests/fixtures/scan/design.md:8:27
pull-request\tPull Request\t2\ttests/fixtures/scan/design.md:12:7
continuous-integration\tContinuous Integration\t2\ttests/fixtures/scan/design.md:12:23
integration\tIntegration\t1\ttests/fixtures/scan/design.md:14:54
architecture-decision-record\tArchitecture Decision Record\t3\ttests/fixtures/scan/design.md:17:24
microservice\tMicroservice\t2\ttests/fixtures/scan/design.md:22:30
dependency\tDependency\t2\ttests/fixtures/scan/design.md:23:1
service-level-objective\tService Level Objective\t1\ttests/fixtures/scan/design.md:32:46
one-on-one\tOne-on-One Meeting\t1\ttests/fixtures/scan/design.md:37:9
";

#[test]
fn a_design_document_gives_its_exact_listing() {
    assert_eq!(scan(&[DESIGN]), ok(DESIGN_TSV));
    assert_eq!(scan(&["--format", "tsv", DESIGN]), ok(DESIGN_TSV));
}

#[test]
fn unknown_lists_abbreviations_the_glossary_lacks_after_the_terms() {
    // `TODO` sits in an HTML comment; `CI`, `PR`, `ADR`, `SLO` are known.
    let expected = format!(
        "{DESIGN_TSV}\tRACI\t2\ttests/fixtures/scan/design.md:37:68\n\
         \tSOX\t1\ttests/fixtures/scan/design.md:38:1\n"
    );
    assert_eq!(scan(&["--unknown", DESIGN]), ok(&expected));
}

#[test]
fn json_and_json_lines_have_the_listing_fields() {
    let (code, out, err) = scan(&["--format", "json", DESIGN]);
    assert_eq!((code, err.as_str()), (0, ""));
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 9);
    assert_eq!(
        rows[1],
        serde_json::json!({"slug": "pull-request", "title": "Pull Request", "count": 2,
                           "first": "tests/fixtures/scan/design.md:12:7"})
    );
    let (code, out, _) = scan(&["--format", "jsonl", DESIGN]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 9);
    assert_eq!(
        lines[8],
        r#"{"slug":"one-on-one","title":"One-on-One Meeting","count":1,"first":"tests/fixtures/scan/design.md:37:9"}"#
    );
}

#[test]
fn markdown_writes_a_glossary_section_to_paste() {
    let expected = "\
## Glossary

- [Technical Lead](#technical-lead): The engineer who guides a team's technical direction.
- [Pull Request](#pull-request): A proposed change, reviewed before it merges.

  Small ones are reviewed faster.
- [Continuous Integration](#continuous-integration): Merging every change into the main line often, each merge built and tested.
- [Integration](#integration): Connecting one system to another.
- [Architecture Decision Record](#architecture-decision-record): A short note of one design decision, its context and its consequences.
- [Microservice](#microservice): A small service that owns one capability and its data.
- [Dependency](#dependency): Something a component needs in order to work.
- [Service Level Objective](#service-level-objective): A target for how reliable a service should be.
- [One-on-One Meeting](#one-on-one-meeting): A regular private conversation between a lead and one report.
";
    assert_eq!(scan(&["--format", "markdown", DESIGN]), ok(expected));
    let (code, out, _) = scan(&["--format", "markdown", "--unknown", DESIGN]);
    assert_eq!(code, 0);
    assert!(out.starts_with(expected), "{out}");
    assert_eq!(
        &out[expected.len()..],
        "\n## Not in the glossary\n\n\
         - RACI: 2, first at tests/fixtures/scan/design.md:37:68\n\
         - SOX: 1, first at tests/fixtures/scan/design.md:38:1\n"
    );
}

#[test]
fn markdown_anchors_are_the_ones_export_gives() {
    let (_, export, _) = outcome(&["--glossary", GLOSSARY, "export", "--format", "markdown"]);
    let (_, section, _) = scan(&["--format", "markdown", DESIGN]);
    for line in section.lines().filter(|l| l.starts_with("- [")) {
        let anchor = &line[line.find("](#").unwrap() + 2..line.find("):").unwrap()];
        assert!(
            export.contains(&format!("]({anchor})")),
            "{anchor} not in export"
        );
    }
}

#[test]
fn text_prints_each_title_and_summary() {
    let doc = "Our tech lead opened a PR.\n";
    let expected = "\
Technical Lead
  The engineer who guides a team's technical direction.

Pull Request
  A proposed change, reviewed before it merges.

  Small ones are reviewed faster.
";
    assert_eq!(
        outcome_with(&["-g", GLOSSARY, "scan", "--format", "text"], doc),
        ok(expected)
    );
}

#[test]
fn a_japanese_text_matches_without_word_boundaries() {
    // 技術リード wins over the リード inside it; テックリード is its alias; a line break inside
    // 継続的インテグレーション joins it; `CI` beside kana counts, `ci` does not.
    let expected = "\
tech-lead-ja\t技術リード\t2\ttests/fixtures/scan/ja.txt:2:1
code-review-ja\tコードレビュー\t1\ttests/fixtures/scan/ja.txt:2:7
lead-ja\tリード\t1\ttests/fixtures/scan/ja.txt:3:8
ci-ja\t継続的インテグレーション\t2\ttests/fixtures/scan/ja.txt:4:4
microservice-ja\tマイクロサービス\t1\ttests/fixtures/scan/ja.txt:6:1
\tRACI\t1\ttests/fixtures/scan/ja.txt:6:18
";
    assert_eq!(
        outcome(&[
            "-g",
            "tests/fixtures/scan/ja.yaml",
            "scan",
            "--unknown",
            "tests/fixtures/scan/ja.txt"
        ]),
        ok(expected)
    );
}

#[test]
fn standard_input_is_read_as_markdown() {
    let doc = "`PR` in code, then a PR and two ADRs.\n";
    let expected = "\
pull-request\tPull Request\t1\t-:1:22
architecture-decision-record\tArchitecture Decision Record\t1\t-:1:33
";
    assert_eq!(outcome_with(&["-g", GLOSSARY, "scan"], doc), ok(expected));
    assert_eq!(
        outcome_with(&["-g", GLOSSARY, "scan", "-"], doc),
        ok(expected)
    );
}

#[test]
fn plain_text_is_read_as_it_is() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("notes.txt");
    std::fs::write(&path, "`PR` and <b>CI</b>\n").unwrap();
    let path = path.display().to_string();
    let (code, out, err) = scan(&[&path]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        format!(
            "pull-request\tPull Request\t1\t{path}:1:2\n\
             continuous-integration\tContinuous Integration\t1\t{path}:1:13\n"
        )
    );
}

#[test]
fn a_folder_gives_its_documents_in_name_order_and_counts_across_them() {
    let dir = tempfile::TempDir::new().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("b.md", "A PR.\n");
    write("a/c.markdown", "The SLO and a PR.\n");
    write("d.txt", "One more PR.\n");
    write("e.rst", "A PR that is not read.\n");
    write(".hidden/f.md", "A PR that is not read.\n");
    let root = dir.path().display().to_string();
    assert_eq!(
        scan(&[&root]),
        ok(&format!(
            "service-level-objective\tService Level Objective\t1\t{root}/a/c.markdown:1:5\n\
             pull-request\tPull Request\t3\t{root}/a/c.markdown:1:15\n"
        ))
    );
}

#[test]
fn nothing_found_exits_1() {
    assert_eq!(
        outcome_with(&["-g", GLOSSARY, "scan"], "Nothing to see; press on.\n"),
        (1, String::new(), "error: no glossary terms found\n".into())
    );
    assert_eq!(
        outcome_with(&["-g", GLOSSARY, "scan", "--format", "json"], ""),
        (1, "[]\n".into(), "error: no glossary terms found\n".into())
    );
}

#[test]
fn the_bundled_glossary_is_scanned_by_default() {
    // A smoke test: the bundled glossary grows, so only a term it must keep is named.
    let (code, out, err) = outcome_with(&["scan"], "Ask the tech lead.\n");
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.ends_with("\t1\t-:1:9\n"), "{out}");
}

#[test]
fn the_help_and_manual_page_describe_scan() {
    let (code, out, _) = outcome(&["scan", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("--unknown") && out.contains("--format markdown"));
    let (code, man, _) = outcome(&["manpage"]);
    assert_eq!(code, 0);
    assert!(man.contains("scan"), "the manual page lists scan");
}
