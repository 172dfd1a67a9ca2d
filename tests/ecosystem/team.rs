//! `check` as a team's CI sees it: SARIF read back by a real SARIF consumer (sarif-tools).

use crate::support::{fixture, have, stdout, tool};

/// (severity, code, path, line) of every problem, as `check --format json` reports them.
fn from_json(paths: &[&str]) -> Vec<String> {
    let out = tool()
        .args(["check", "--format", "json"])
        .args(paths)
        .output()
        .unwrap();
    let found: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let mut rows: Vec<String> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f["severity"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                f["line"]
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn a_sarif_consumer_sees_every_problem() {
    if !have("sarif") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (problems, malformed) = (fixture("problems.yaml"), fixture("malformed.yaml"));
    let paths = [problems.as_str(), malformed.as_str()];
    let out = tool()
        .args(["check", "--format", "sarif"])
        .args(paths)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let log = dir.path().join("check.sarif");
    std::fs::write(&log, &out.stdout).unwrap();
    let csv = dir.path().join("check.csv");
    let mut sarif = crate::harness::command("sarif");
    let status = sarif
        .arg("csv")
        .arg(&log)
        .arg("-o")
        .arg(&csv)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    // Tool,Severity,Code,Description,Location,Line: the description may hold commas, so the
    // first three columns are read from the left and the last two from the right.
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut rows: Vec<String> = text
        .lines()
        .skip(1)
        .map(|line| {
            let left: Vec<&str> = line.splitn(4, ',').collect();
            let right: Vec<&str> = line.rsplitn(3, ',').collect();
            assert_eq!(left[0], "techlead-glossary");
            format!("{} {} {} {}", left[1], left[2], right[1], right[0])
        })
        .collect();
    rows.sort();
    assert_eq!(rows.len(), 8);
    assert_eq!(rows, from_json(&paths));
}
