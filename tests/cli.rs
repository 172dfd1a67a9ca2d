//! End-to-end runs of the real binary on fixture glossaries: exact stdout, stderr and exit codes.

use std::process::Output;

mod harness;

const TEAM: &str = "tests/fixtures/team.yaml";
const PERSONAL: &str = "tests/fixtures/personal.yaml";

/// The binary, run from the repository root under the test harness: no inherited glossary,
/// pager or colour settings, a home and cache folder of its own.
fn tool() -> harness::Isolated<assert_cmd::Command> {
    let mut cmd = harness::tool();
    cmd.current_dir(harness::ROOT);
    cmd
}

fn run(args: &[&str]) -> Output {
    tool().args(args).output().unwrap()
}

/// Runs and returns (exit code, stdout, stderr).
fn outcome(args: &[&str]) -> (i32, String, String) {
    let out = run(args);
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).unwrap();
    (
        out.status.code().expect("exited normally"),
        text(&out.stdout),
        text(&out.stderr),
    )
}

fn team(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--glossary", TEAM];
    all.extend_from_slice(args);
    outcome(&all)
}

fn ok(stdout: &str) -> (i32, String, String) {
    (0, stdout.to_string(), String::new())
}

// ---- show -------------------------------------------------------------------------------

const CODE_REVIEW_TEXT: &str = "\
Code Review
Practices · 2024-05-02 · 2 min read
Tags: quality, collaboration
Also: Peer Review, CR

Reading a teammate's change before it merges.

Advantages
  1. Shared knowledge
     More than one person knows the code.
  2. Defects are caught early.

Conclusion
  Keep reviews small.

  Review within a day.

Related
  - Pair Programming (pair-programming)

Links
  - Team handbook
    https://example.org/handbook
";

#[test]
fn show_prints_plain_text_when_piped() {
    assert_eq!(team(&["show", "code-review"]), ok(CODE_REVIEW_TEXT));
}

#[test]
fn show_finds_an_entry_by_slug_title_or_alias_in_any_spelling() {
    for term in [
        "code-review",
        "Code Review",
        "CODE_REVIEW",
        "peer review",
        "cr",
    ] {
        assert_eq!(team(&["show", term]), ok(CODE_REVIEW_TEXT), "{term}");
    }
}

#[test]
fn show_escapes_terminal_sequences_but_keeps_tabs() {
    let (code, out, _) = team(&["show", "k8s"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "Kubernetes\nCloud · 2023-11-20 · 1 min read\nTags: containers, platform\nAlso: K8s\n\n\
         Runs containers across machines.\tTabbed \\u{1b}[31mred\\u{1b}[0m text.\n"
    );
}

#[test]
fn show_unknown_term_suggests_and_exits_1_while_showing_the_rest() {
    let (code, out, err) = team(&["show", "kubernetes", "pair-programing"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("Kubernetes\n"), "{out}");
    assert!(!out.contains("Pair Programming"));
    assert_eq!(
        err,
        "error: no entry 'pair-programing'\nhelp: did you mean: pair-programming?\n"
    );
}

#[test]
fn show_unknown_term_without_suggestions() {
    assert_eq!(
        team(&["show", "zzzz"]),
        (1, String::new(), "error: no entry 'zzzz'\n".into())
    );
}

#[test]
fn show_ambiguous_alias_lists_the_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.yaml");
    std::fs::write(
        &file,
        "entries:\n  - {slug: a, title: Alpha, aliases: [Shared], category: c, summary: s}\n  - {slug: b, title: Beta, aliases: [shared], category: c, summary: s}\n",
    )
    .unwrap();
    let (code, out, err) = outcome(&["-g", file.to_str().unwrap(), "show", "SHARED"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "error: 'SHARED' names several entries; use a slug:\n  a  Alpha\n  b  Beta\n"
    );
}

#[test]
fn show_json_is_an_object_for_one_term_and_an_array_for_several() {
    let (code, out, _) = team(&["show", "pairing", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        r#"{
  "slug": "pair-programming",
  "title": "Pair Programming",
  "aliases": [
    "Pairing"
  ],
  "category": "Practices",
  "tags": [
    "collaboration"
  ],
  "published": null,
  "read_minutes": 1,
  "summary": "Two people, one change, one keyboard.",
  "sections": [],
  "related": [
    "code-review"
  ],
  "links": []
}
"#
    );
    let (_, out, _) = team(&["show", "pairing", "k8s", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let slugs: Vec<_> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["pair-programming", "kubernetes"]);
}

#[test]
fn show_yaml_round_trips_the_fields() {
    let (code, out, _) = team(&["show", "pairing", "--format", "yaml"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "slug: pair-programming\ntitle: Pair Programming\naliases:\n- Pairing\ncategory: Practices\ntags:\n- collaboration\n\
         published: null\nread_minutes: 1\nsummary: Two people, one change, one keyboard.\nsections: []\nrelated:\n- code-review\nlinks: []\n"
    );
}

#[test]
fn show_markdown() {
    let expected = "\
# Code Review

**Category:** Practices · **Tags:** quality, collaboration · **Published:** 2024-05-02 · **Read:** 2 min

**Also known as:** Peer Review, CR

Reading a teammate's change before it merges.

## Advantages

1. **Shared knowledge**: More than one person knows the code.
2. Defects are caught early.

## Conclusion

Keep reviews small.

Review within a day.

## Related

- Pair Programming (`pair-programming`)

## Links

- [Team handbook](<https://example.org/handbook>)
";
    assert_eq!(
        team(&["show", "code-review", "--format", "markdown"]),
        ok(expected)
    );
}

#[test]
fn show_handles_right_to_left_and_cjk_titles() {
    let (code, out, _) = team(&["show", "ٹیکنیکل لیڈ", "技術リード"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "ٹیکنیکل لیڈ\nکیریئر · 1 min read\n\nٹیم کی تکنیکی رہنمائی۔\n\n\
         技術リード\nキャリア · 1 min read\nTags: リーダーシップ\n\nチームの技術面を導く役割。\n\nRelated\n  - Kubernetes (kubernetes)\n"
    );
}

#[test]
fn colour_is_only_used_when_asked_or_on_a_terminal() {
    let (_, out, _) = team(&["show", "k8s", "--color", "always"]);
    assert!(out.starts_with("\x1b[1;4mKubernetes\x1b[0m\n"), "{out:?}");
    let (_, out, _) = team(&["show", "k8s", "--color", "auto"]);
    assert!(!out.contains('\x1b'));
}

// ---- search -----------------------------------------------------------------------------

#[test]
fn search_ranks_tiers_and_prints_tsv_when_piped() {
    assert_eq!(
        team(&["search", "review"]),
        ok("code-review\tCode Review\tPractices\tname\t0.96\n")
    );
    assert_eq!(
        team(&["search", "kubrnetes"]),
        ok("kubernetes\tKubernetes\tCloud\ttypo\t0.58\n")
    );
    assert_eq!(
        team(&["search", "collaboration"]),
        ok(
            "pair-programming\tPair Programming\tPractices\ttag\t0.84\ncode-review\tCode Review\tPractices\ttag\t0.83\n"
        )
    );
    assert_eq!(
        team(&["search", "技術"]),
        ok("gijutsu-riido\t技術リード\tキャリア\tname\t0.90\n")
    );
}

#[test]
fn search_words_in_any_order() {
    assert_eq!(
        team(&["search", "programming pair"]),
        ok("pair-programming\tPair Programming\tPractices\tname\t0.99\n")
    );
    assert_eq!(
        team(&["search", "programming", "pair"]),
        team(&["search", "programming pair"])
    );
}

#[test]
fn search_filters_limits_and_exact() {
    assert_eq!(
        team(&["search", "collaboration", "--tag", "quality"]),
        ok("code-review\tCode Review\tPractices\ttag\t0.83\n")
    );
    assert_eq!(
        team(&["search", "collaboration", "--limit", "1"]),
        ok("pair-programming\tPair Programming\tPractices\ttag\t0.84\n")
    );
    assert_eq!(
        team(&["search", "collaboration", "--category", "cloud"]).0,
        1
    );
    assert_eq!(
        team(&["search", "collaboration", "--category", "practice"]),
        (
            2,
            String::new(),
            "error: no entry has the category 'practice'\nhelp: did you mean 'Practices'?\n".into()
        )
    );
    assert_eq!(
        team(&["list", "--tag", "qualty"]),
        (
            2,
            String::new(),
            "error: no entry has the tag 'qualty'\nhelp: did you mean 'quality'?\n".into()
        )
    );
    assert_eq!(
        team(&["search", "kubrnetes", "--exact"]),
        (
            1,
            String::new(),
            "error: nothing matches 'kubrnetes'\n".into()
        )
    );
}

#[test]
fn search_reaches_sections_with_or_without_full_text() {
    assert_eq!(
        team(&["search", "within a day"]),
        ok("code-review\tCode Review\tPractices\ttext\t0.56\n")
    );
    assert_eq!(
        team(&["search", "within a day", "--full-text"]),
        team(&["search", "within a day"])
    );
}

#[test]
fn search_formats() {
    assert_eq!(
        team(&["search", "kubrnetes", "--format", "jsonl"]),
        ok(
            "{\"slug\":\"kubernetes\",\"title\":\"Kubernetes\",\"category\":\"Cloud\",\"tier\":\"typo\",\"score\":0.58}\n"
        )
    );
    assert_eq!(
        team(&["search", "kubrnetes", "--format", "json"]),
        ok(
            "[\n  {\n    \"slug\": \"kubernetes\",\n    \"title\": \"Kubernetes\",\n    \"category\": \"Cloud\",\n    \"tier\": \"typo\",\n    \"score\": 0.58\n  }\n]\n"
        )
    );
    assert_eq!(
        team(&["search", "kubrnetes", "--format", "table"]),
        ok("┌────────────┬────────────┬──────────┬──────┬───────┐\n\
            │ Slug       ┆ Title      ┆ Category ┆ Tier ┆ Score │\n\
            ╞════════════╪════════════╪══════════╪══════╪═══════╡\n\
            │ kubernetes ┆ Kubernetes ┆ Cloud    ┆ typo ┆  0.58 │\n\
            └────────────┴────────────┴──────────┴──────┴───────┘\n")
    );
}

#[test]
fn search_without_letters_is_a_usage_error() {
    assert_eq!(
        team(&["search", "?!"]),
        (
            2,
            String::new(),
            "error: the query \"?!\" has no letters or digits to search for\n".into()
        )
    );
}

// ---- list, categories, tags, related, sources -----------------------------------------------

#[test]
fn list_sorts_and_filters() {
    assert_eq!(
        team(&["list"]),
        ok(
            "code-review\tCode Review\tPractices\nkubernetes\tKubernetes\tCloud\npair-programming\tPair Programming\tPractices\n\
            urdu-lead\tٹیکنیکل لیڈ\tکیریئر\ngijutsu-riido\t技術リード\tキャリア\n"
        )
    );
    // Newest first, then the undated ones by title.
    assert_eq!(
        team(&["list", "--sort", "published"]),
        ok(
            "code-review\tCode Review\tPractices\nkubernetes\tKubernetes\tCloud\npair-programming\tPair Programming\tPractices\n\
            urdu-lead\tٹیکنیکل لیڈ\tکیریئر\ngijutsu-riido\t技術リード\tキャリア\n"
        )
    );
    assert_eq!(
        team(&["list", "--sort", "category"]),
        ok(
            "kubernetes\tKubernetes\tCloud\ncode-review\tCode Review\tPractices\npair-programming\tPair Programming\tPractices\n\
            urdu-lead\tٹیکنیکل لیڈ\tکیریئر\ngijutsu-riido\t技術リード\tキャリア\n"
        )
    );
    assert_eq!(
        team(&["list", "--category", "PRACTICES", "--tag", "quality"]),
        ok("code-review\tCode Review\tPractices\n")
    );
    assert_eq!(
        team(&["list", "--category", "nothing"]),
        (
            2,
            String::new(),
            "error: no entry has the category 'nothing'\nhelp: `techlead-glossary categories` lists them\n".into()
        )
    );
    let (_, out, _) = team(&["list", "--sort", "slug"]);
    let slugs: Vec<_> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(
        slugs,
        [
            "code-review",
            "gijutsu-riido",
            "kubernetes",
            "pair-programming",
            "urdu-lead"
        ]
    );
}

#[test]
fn categories_and_tags_count_entries() {
    assert_eq!(
        team(&["categories"]),
        ok("Cloud\t1\nPractices\t2\nکیریئر\t1\nキャリア\t1\n")
    );
    assert_eq!(
        team(&["tags", "--format", "jsonl"]),
        ok(
            "{\"tag\":\"collaboration\",\"count\":2}\n{\"tag\":\"containers\",\"count\":1}\n{\"tag\":\"platform\",\"count\":1}\n\
            {\"tag\":\"quality\",\"count\":1}\n{\"tag\":\"リーダーシップ\",\"count\":1}\n"
        )
    );
}

#[test]
fn related_lists_links_backlinks_then_similar() {
    assert_eq!(
        team(&["related", "kubernetes"]),
        ok("gijutsu-riido\t技術リード\tキャリア\tbacklink\n")
    );
    assert_eq!(
        team(&["related", "cr", "--format", "jsonl"]),
        ok(
            "{\"slug\":\"pair-programming\",\"title\":\"Pair Programming\",\"category\":\"Practices\",\"relation\":\"link\"}\n"
        )
    );
    assert_eq!(
        team(&["related", "nothing-like-it"]),
        (
            1,
            String::new(),
            "error: no entry 'nothing-like-it'\n".into()
        )
    );
}

#[test]
fn sources_merge_in_order_and_later_files_win() {
    let (code, out, _) = outcome(&["-g", TEAM, "-g", PERSONAL, "sources"]);
    assert_eq!(code, 0);
    assert_eq!(out, format!("{TEAM}\tfile\t5\n{PERSONAL}\tfile\t2\n"));
    let (_, out, _) = outcome(&["-g", TEAM, "-g", PERSONAL, "show", "kubernetes"]);
    assert!(out.starts_with("Kubernetes (my notes)\n"), "{out}");
    let (_, out, _) = outcome(&["-g", PERSONAL, "-g", TEAM, "show", "kubernetes"]);
    assert!(out.starts_with("Kubernetes\n"), "{out}");
}

#[test]
fn a_folder_is_its_yaml_files_in_name_order() {
    assert_eq!(
        outcome(&["-g", "tests/fixtures/folder", "sources"]),
        ok("tests/fixtures/folder/a.yaml\tfile\t1\ntests/fixtures/folder/b.yml\tfile\t1\n")
    );
    assert_eq!(
        outcome(&["-g", "tests/fixtures/folder", "related", "alpha"]),
        ok("beta\tBeta\tLetters\tlink\n")
    );
}

#[test]
fn the_variable_names_sources_and_the_flag_wins() {
    let out = tool()
        .env("TECHLEAD_GLOSSARY", format!("{TEAM}:{PERSONAL}"))
        .arg("sources")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{TEAM}\tfile\t5\n{PERSONAL}\tfile\t2\n")
    );
    let out = tool()
        .env("TECHLEAD_GLOSSARY", TEAM)
        .args(["-g", PERSONAL, "sources"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{PERSONAL}\tfile\t2\n")
    );
}

#[test]
fn standard_input_and_builtin_are_sources() {
    let out = tool()
        .args(["-g", "-", "-g", "builtin", "sources"])
        .write_stdin("entries: [{title: X, category: c, summary: s}]\n")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("-\tstdin\t1\nbuiltin\tbuiltin\t"),
        "{text}"
    );
}

#[test]
fn show_sources_goes_to_stderr() {
    let (code, out, err) = outcome(&[
        "-g",
        PERSONAL,
        "--show-sources",
        "list",
        "--category",
        "operations",
    ]);
    assert_eq!(code, 0);
    assert_eq!(out, "runbook\tRunbook\tOperations\n");
    assert_eq!(err, format!("source: {PERSONAL} (file, 2 entries)\n"));
    assert_eq!(
        outcome(&["-g", PERSONAL, "--show-sources"]),
        ok(&format!("{PERSONAL}\tfile\t2\n"))
    );
}

#[test]
fn duplicate_slugs_at_lookup_time_warn_once_and_the_later_wins() {
    let (code, out, err) = outcome(&["-g", "tests/fixtures/problems.yaml", "show", "dup"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Second\n"), "{out}");
    assert_eq!(
        err,
        "warning: tests/fixtures/problems.yaml:14: duplicate slug 'dup' (also entry 2); the later entry wins\n"
    );
}

// ---- check and errors ---------------------------------------------------------------------

#[test]
fn check_reports_each_problem_with_its_line() {
    let (code, out, err) = outcome(&["check", "tests/fixtures/problems.yaml"]);
    assert_eq!((code, err.as_str()), (1, ""));
    let f = "tests/fixtures/problems.yaml";
    assert_eq!(
        out,
        format!(
            "{f}:2: error: entry 1 (Bad_Slug): slug 'Bad_Slug' is not a normalised key; write 'bad-slug'\n\
             {f}:5: warning: entry 1 (Bad_Slug): unknown field `sumary` (did you mean `summary`?)\n\
             {f}:7: error: entry 1 (Bad_Slug): `published` is '2024-02-30', not a date of the form YYYY-MM-DD\n\
             {f}:8: error: entry 1 (Bad_Slug): related 'nowhere' matches no entry\n\
             {f}:8: warning: entry 1 (Bad_Slug): related to itself ('bad-slug')\n\
             {f}:11: warning: entry 2 (dup): alias 'Bad slug' is the slug or title of 'Bad_Slug', so it finds that entry, not this one\n\
             {f}:14: error: entry 3 (dup): duplicate slug 'dup' (first used by entry 2)\n\
             checked 1 file: 4 errors, 3 warnings\n"
        )
    );
}

#[test]
fn check_passes_clean_files_and_strict_counts_warnings() {
    assert_eq!(
        outcome(&["check", "tests/fixtures/folder"]),
        ok("checked 2 files: 0 errors, 0 warnings\n")
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("w.yaml");
    std::fs::write(
        &file,
        "entries:\n  - title: A\n    category: c\n    summary: s\n    colour: blue\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let (code, out, _) = outcome(&["check", path]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!(
            "{path}:5: warning: entry 1 (a): unknown field `colour`\nchecked 1 file: 0 errors, 1 warning\n"
        )
    );
    assert_eq!(outcome(&["check", "--strict", path]).0, 1);
}

#[test]
fn check_warns_of_links_that_are_not_https() {
    let f = "tests/fixtures/links.yaml";
    assert_eq!(
        outcome(&["check", f]),
        ok(&format!(
            "{f}:10: warning: entry 1 (standard): link 'http://example.org/old' is not an https:// address\n\
             {f}:15: warning: entry 2 (book): link 'example.org/book' is not an https:// address\n\
             checked 1 file: 0 errors, 2 warnings\n"
        ))
    );
    assert_eq!(outcome(&["check", "--strict", f]).0, 1);
}

#[test]
fn check_defaults_to_the_active_sources() {
    assert_eq!(
        outcome(&["-g", TEAM, "check"]),
        (
            1,
            format!(
                "{TEAM}:24: error: entry 1 (code-review): related 'ghost-entry' matches no entry\nchecked 1 file: 1 error, 0 warnings\n"
            ),
            String::new()
        )
    );
}

#[test]
fn check_takes_bcp_47_language_tags_and_reports_others() {
    // Translations that keep the English title are found by slug; the tags are all fine.
    assert_eq!(
        outcome(&["check", "tests/fixtures/languages.yaml"]),
        ok(
            "tests/fixtures/languages.yaml:30: warning: entry 4 (kubernetes-de): title 'Kubernetes' is the slug of 'kubernetes', so it finds that entry, not this one\nchecked 1 file: 0 errors, 1 warning\n"
        )
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("l.yaml");
    std::fs::write(
        &file,
        "lang: english\nentries:\n  - title: A\n    category: c\n    summary: s\n  - title: B\n    category: c\n    summary: s\n    lang: pt_BR\n  - title: C\n    category: c\n    summary: s\n    lang: zh-Hant-TW\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    assert_eq!(
        outcome(&["check", path]),
        (
            1,
            format!(
                "{path}:1: error: `lang` is 'english', not a BCP 47 language tag (such as en, ur or pt-BR)\n\
                 {path}:9: error: entry 2 (b): `lang` is 'pt_BR', not a BCP 47 language tag (such as en, ur or pt-BR)\n\
                 checked 1 file: 2 errors, 0 warnings\n"
            ),
            String::new()
        )
    );
    // Lookups read the file all the same.
    assert_eq!(outcome(&["-g", path, "show", "c"]).0, 0);
}

#[test]
fn check_json_gives_each_problem_its_code_and_place() {
    let (code, out, err) = outcome(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/malformed.yaml",
        "tests/fixtures/problems.yaml",
    ]);
    assert_eq!(code, 1);
    assert_eq!(err, "checked 2 files: 5 errors, 3 warnings\n");
    let found: serde_json::Value = serde_json::from_str(&out).expect("one JSON document");
    let rows: Vec<String> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} {}",
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["severity"].as_str().unwrap(),
                f["code"].as_str().unwrap()
            )
        })
        .collect();
    let m = "tests/fixtures/malformed.yaml";
    let p = "tests/fixtures/problems.yaml";
    assert_eq!(
        rows,
        [
            format!("{m} 4 16 error syntax"),
            format!("{p} 2 null error slug-not-normalised"),
            format!("{p} 5 null warning unknown-field"),
            format!("{p} 7 null error invalid-date"),
            format!("{p} 8 null error dangling-link"),
            format!("{p} 8 null warning self-link"),
            format!("{p} 11 null warning hidden-alias"),
            format!("{p} 14 null error duplicate-slug"),
        ]
    );
    assert_eq!(
        found[0]["message"],
        "mapping values are not allowed in this context"
    );
    // A clean file: an empty list, exit 0.
    let (code, out, _) = outcome(&["check", "-f", "json", "tests/fixtures/folder"]);
    assert_eq!((code, out.as_str()), (0, "[]\n"));
}

#[test]
fn check_github_writes_workflow_commands() {
    let (code, out, err) = outcome(&[
        "check",
        "--format",
        "github",
        "tests/fixtures/malformed.yaml",
        "tests/fixtures/problems.yaml",
    ]);
    assert_eq!((code, err.as_str()), (1, ""));
    let p = "tests/fixtures/problems.yaml";
    assert_eq!(
        out,
        format!(
            "::error file=tests/fixtures/malformed.yaml,line=4,col=16,title=syntax::mapping values are not allowed in this context\n\
             ::error file={p},line=2,title=slug-not-normalised::entry 1 (Bad_Slug): slug 'Bad_Slug' is not a normalised key; write 'bad-slug'\n\
             ::warning file={p},line=5,title=unknown-field::entry 1 (Bad_Slug): unknown field `sumary` (did you mean `summary`?)\n\
             ::error file={p},line=7,title=invalid-date::entry 1 (Bad_Slug): `published` is '2024-02-30', not a date of the form YYYY-MM-DD\n\
             ::error file={p},line=8,title=dangling-link::entry 1 (Bad_Slug): related 'nowhere' matches no entry\n\
             ::warning file={p},line=8,title=self-link::entry 1 (Bad_Slug): related to itself ('bad-slug')\n\
             ::warning file={p},line=11,title=hidden-alias::entry 2 (dup): alias 'Bad slug' is the slug or title of 'Bad_Slug', so it finds that entry, not this one\n\
             ::error file={p},line=14,title=duplicate-slug::entry 3 (dup): duplicate slug 'dup' (first used by entry 2)\n\
             checked 2 files: 5 errors, 3 warnings\n"
        )
    );
}

#[test]
fn check_reports_syntax_errors_as_findings() {
    assert_eq!(
        outcome(&["check", "tests/fixtures/malformed.yaml"]),
        (
            1,
            "tests/fixtures/malformed.yaml:4: error: mapping values are not allowed in this context (column 16)\nchecked 1 file: 1 error, 0 warnings\n".into(),
            String::new()
        )
    );
}

#[test]
fn a_source_that_cannot_be_parsed_exits_2_with_its_location() {
    assert_eq!(
        outcome(&["-g", "tests/fixtures/malformed.yaml", "list"]),
        (
            2,
            String::new(),
            "error: tests/fixtures/malformed.yaml:4:16: mapping values are not allowed in this context\n".into()
        )
    );
}

#[test]
fn a_missing_source_exits_2() {
    assert_eq!(
        outcome(&["-g", "tests/fixtures/missing.yaml", "list"]),
        (
            2,
            String::new(),
            "error: tests/fixtures/missing.yaml: no such file or directory\n".into()
        )
    );
}

#[test]
fn usage_errors_exit_2() {
    let (code, out, err) = outcome(&["search"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with("error: the following required arguments were not provided"),
        "{err}"
    );
    assert_eq!(outcome(&["list", "--format", "xml"]).0, 2);
    assert_eq!(outcome(&[]).0, 2);
}

#[test]
fn help_and_version_exit_0() {
    let (code, out, _) = outcome(&["--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("Examples:\n  techlead-glossary show technical-lead"),
        "{out}"
    );
    let (code, out, _) = outcome(&["--version"]);
    assert_eq!(
        (code, out),
        (
            0,
            format!("techlead-glossary {}\n", env!("CARGO_PKG_VERSION"))
        )
    );
}

#[test]
fn tsv_escapes_tabs_and_controls_in_fields() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.yaml");
    std::fs::write(&file, "entries:\n  - slug: x\n    title: \"A\\tB\\\\C\\e[1m\"\n    category: \"line\\nbreak\"\n    summary: s\n").unwrap();
    assert_eq!(
        outcome(&["-g", file.to_str().unwrap(), "list"]),
        ok("x\tA\\tB\\\\C\\u{1b}[1m\tline\\nbreak\n")
    );
}

#[test]
fn a_closed_pipe_ends_quietly_with_0() {
    use std::io::Read;
    use std::process::Stdio;
    // Far more output than a pipe buffers, so the writes really meet the closed pipe.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.yaml");
    let mut text = String::from("entries:\n");
    for i in 0..5000 {
        text.push_str(&format!(
            "  - {{title: Entry number {i}, category: c, summary: s}}\n"
        ));
    }
    std::fs::write(&file, text).unwrap();
    let mut cmd = harness::command(harness::BIN);
    let mut child = cmd
        .args(["-g", file.to_str().unwrap(), "list", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}

// ---- the bundled glossary ---------------------------------------------------------------

#[test]
fn the_bundled_technical_lead_entry_answers_to_every_spelling() {
    let (code, first, _) = outcome(&["show", "technical-lead"]);
    assert_eq!(code, 0);
    assert!(
        first.starts_with("Technical Lead Jobs\nCareers · 2024-03-19 · 3 min read\n"),
        "{first}"
    );
    for term in ["Technical Lead Jobs", "TECHNICAL_LEAD", "tech lead"] {
        assert_eq!(outcome(&["show", term]).1, first, "{term}");
    }
    assert_eq!(
        outcome(&["show", "technicl-lead"])
            .2
            .lines()
            .nth(1)
            .unwrap_or(""),
        "help: did you mean: technical-lead, tech-lead-manager, technical-program-manager, technical-hiring, design-document?"
    );
}

#[test]
fn a_plural_finds_the_entry_its_singular_names() {
    let (code, out, err) = team(&["show", "--format", "json", "Peer Reviews"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let entry: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(entry["slug"], "code-review");
    // A name written as two words finds the entry of the one word.
    let (code, out, _) = team(&["show", "--format", "json", "kuber netes"]);
    assert_eq!(code, 0);
    assert!(out.contains("\"slug\": \"kubernetes\""), "{out}");
    // Through `related` too, and only where the singular names an entry.
    assert_eq!(team(&["related", "code-reviews"]).0, 0);
    let (code, out, err) = team(&["show", "ghost-entries"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(
        err.starts_with("error: no entry 'ghost-entries'\n"),
        "{err}"
    );
}

#[test]
fn search_puts_first_what_show_would_find() {
    // A plural of a name, and a name written as two words, are exact like the name itself.
    for (query, slug) in [
        ("peer reviews", "code-review"),
        ("kuber netes", "kubernetes"),
    ] {
        let (code, out, _) = team(&["search", "--format", "tsv", "--", query]);
        assert_eq!(code, 0, "{query}");
        let first = out.lines().next().unwrap_or("");
        assert!(first.starts_with(&format!("{slug}\t")), "{query}: {out}");
        assert!(first.contains("\texact\t1.00"), "{query}: {first}");
    }
    // With typo tolerance off, two words stay two words.
    let (_, out, _) = team(&["search", "--exact", "--format", "tsv", "--", "kuber netes"]);
    assert!(!out.contains("\texact\t"), "{out}");
}
