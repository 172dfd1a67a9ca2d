//! `show --format yaml` read back by a YAML 1.1 parser (PyYAML's `safe_load`, as most CI tools
//! read YAML) and a YAML 1.2 one (serde_yaml) gives exactly what `--format json` gives.

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

use crate::support::{Scratch, run};

/// `text` as a YAML double-quoted string with everything but printable ASCII escaped.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Strings YAML 1.1 or 1.2 parsers read as something else when written plain.
const TRICKY: &[&str] = &[
    "1:1",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "True",
    "null",
    "~",
    "=",
    "<<",
    "2024-01-01",
    "12:30:00",
    "0x1F",
    "0o17",
    "017",
    "1e3",
    "1_000",
    ".inf",
    "-.Inf",
    ".NaN",
    "+1",
    "- x",
    "? y",
    "a: b",
    "a:",
    "#c",
    "a #c",
    "@d",
    "`e",
    "|f",
    ">g",
    "%h",
    "!i",
    "&j",
    "*k",
    "[l]",
    "{m}",
    ",n",
    "\"o\"",
    "'p'",
    " lead",
    "trail ",
    "tab\there",
    "line\nbreak",
    "nel\u{85}x",
    "ls\u{2028}ps\u{2029}",
    "\u{202e}rtl",
    "zero\u{200b}width",
    "bom\u{feff}",
    "del\u{7f}",
    "esc\u{1b}[2J",
    "é",
    "コンテナ",
    "emoji 👍",
    "back\\slash",
    "http://x.example/a?b=c",
];

fn hostile_glossary() -> String {
    let aliases: Vec<String> = TRICKY.iter().map(|t| quoted(t)).collect();
    format!(
        "entries:\n  - slug: tricky\n    title: \"yes\"\n    aliases: [{}]\n    category: \"on\"\n    tags: [{}]\n    published: \"2024-05-02\"\n    summary: {}\n    sections:\n      - heading: \"=\"\n        body: \"<<\"\n        items:\n          - term: \"off\"\n            text: \"1:1\"\n    links:\n      - title: \"~\"\n        url: \"https://example.org/a: b\"\n",
        aliases.join(", "),
        ["Y", "n", "True", "0.5", "null"].map(quoted).join(", "),
        quoted("First paragraph: with a colon.\n\nSecond, #not a comment.\n")
    )
}

/// PyYAML's reading of `yaml`, as JSON; `None` when Python or PyYAML is missing (outside CI).
fn pyyaml(yaml: &str) -> Option<Value> {
    let script = "import sys, json, yaml\njson.dump(yaml.safe_load(sys.stdin.read()), sys.stdout)";
    let mut python = crate::harness::command("python3");
    let child = python
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        assert!(std::env::var_os("CI").is_none(), "python3 is not installed");
        eprintln!("notice: skipping PyYAML: python3 is not installed");
        return None;
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(yaml.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("No module named 'yaml'") {
        assert!(std::env::var_os("CI").is_none(), "PyYAML is not installed");
        eprintln!("notice: skipping PyYAML: not installed (Debian: python3-yaml)");
        return None;
    }
    assert!(out.status.success(), "PyYAML failed: {stderr}");
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// `show` of `terms` in YAML, read by both parsers, equals `show` in JSON.
fn assert_reads_back(glossary: &str, terms: &[String]) {
    let ask = |format: &str| {
        let mut args = vec!["-g".to_string(), glossary.to_string(), "show".into()];
        args.extend(["--format".into(), format.into()]);
        args.extend(terms.iter().cloned());
        let r = run(&args);
        r.ok();
        r.out()
    };
    let json: Value = serde_json::from_str(&ask("json")).unwrap();
    let yaml = ask("yaml");
    let v12: Value = serde_yaml::from_str(&yaml).unwrap();
    assert_eq!(v12, json, "YAML 1.2 reading differs:\n{yaml}");
    if let Some(v11) = pyyaml(&yaml) {
        assert_eq!(v11, json, "YAML 1.1 (PyYAML) reading differs:\n{yaml}");
    }
}

#[test]
fn every_bundled_entry_reads_back_alike_in_yaml_1_1_and_1_2() {
    let list = run(["list", "--format", "json"]);
    list.ok();
    let slugs: Vec<String> = serde_json::from_str::<Value>(&list.out())
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["slug"].as_str().unwrap().to_string())
        .collect();
    assert!(slugs.len() > 50);
    assert_reads_back("builtin", &slugs);
    // One entry alone is a mapping, not a list.
    assert_reads_back("builtin", &["one-on-one-meetings".to_string()]);
}

#[test]
fn a_hostile_entry_reads_back_alike_in_yaml_1_1_and_1_2() {
    let s = Scratch::new();
    let path = s.file("tricky.yaml", hostile_glossary());
    assert_reads_back(&path, &["tricky".to_string()]);
    assert_reads_back(&path, &["tricky".to_string(), "tricky".to_string()]);
}
