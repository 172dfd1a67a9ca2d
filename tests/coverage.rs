//! The concepts a tech lead looks up (tests/fixtures/must-have.txt, one concept a line, its
//! names separated by " | "): every name of a line, through `show NAME` on the real binary,
//! reaches one and the same entry of the bundled glossary.

use std::collections::BTreeSet;

mod harness;

/// The lines of one `## group` of the list, each split into its names.
fn group(name: &str) -> Vec<Vec<String>> {
    let text = include_str!("fixtures/must-have.txt");
    let mut current = None;
    let mut lines = Vec::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            current = heading.split(':').next().map(str::to_string);
        } else if !line.trim().is_empty()
            && !line.starts_with('#')
            && current.as_deref() == Some(name)
        {
            lines.push(line.split(" | ").map(|n| n.trim().to_string()).collect());
        }
    }
    lines
}

/// The slug `show NAME` reaches, or why it reaches none.
fn resolve(name: &str) -> Result<String, String> {
    let out = harness::tool()
        .args(["show", "--format", "json", "--", name])
        .output()
        .unwrap();
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let entry: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    Ok(entry["slug"].as_str().unwrap().to_string())
}

fn every_line_resolves(name: &str) {
    let lines = group(name);
    assert!(lines.len() >= 90, "{name}: only {} lines", lines.len());
    let mut failures = Vec::new();
    for names in &lines {
        let found: BTreeSet<Result<String, String>> = names.iter().map(|n| resolve(n)).collect();
        if found.len() != 1 || found.iter().any(Result::is_err) {
            failures.push(format!("{}  ->  {found:?}", names.join(" | ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} of {} lines do not resolve to one entry:\n{}",
        failures.len(),
        lines.len(),
        failures.join("\n")
    );
}

#[test]
fn people_leadership_careers_teams_delivery_product_strategy() {
    every_line_resolves("people");
}

#[test]
fn engineering_architecture_design_practices_code_data() {
    every_line_resolves("engineering");
}

#[test]
fn operations_reliability_cloud_security_compliance_fintech() {
    every_line_resolves("operations");
}
