//! What `check` found, for machines: JSON, GitHub Actions workflow commands and SARIF 2.1.0.
//! The text form is `Finding`'s own `Display`.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::json::write_value;
use crate::escape::escape_controls;
use crate::glossary::Severity;
use crate::query::check::{CODES, Finding};

fn severity(f: &Finding) -> &'static str {
    match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// One JSON array, an object a problem.
pub fn write_json(out: &mut impl Write, findings: &[Finding]) -> io::Result<()> {
    let list: Vec<Value> = findings
        .iter()
        .map(|f| {
            json!({
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "severity": severity(f),
                "code": f.code,
                "message": f.message,
            })
        })
        .collect();
    write_value(out, &list)
}

/// `::error file=PATH,line=L,col=C,title=CODE::message`: GitHub Actions shows each as an
/// annotation on the file's line. Values are escaped as the runner expects (`%`, CR, LF, and in
/// properties also `:` and `,`), and control characters are made visible.
pub fn write_github(out: &mut impl Write, f: &Finding) -> io::Result<()> {
    let mut properties = vec![format!("file={}", property(&f.path))];
    if let Some(line) = f.line {
        properties.push(format!("line={line}"));
    }
    if let Some(column) = f.column {
        properties.push(format!("col={column}"));
    }
    properties.push(format!("title={}", f.code));
    writeln!(
        out,
        "::{} {}::{}",
        severity(f),
        properties.join(","),
        data(&f.message)
    )
}

fn data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    escape_controls(&text, false).into_owned()
}

fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A SARIF 2.1.0 log with one run: every code as a rule, every finding as a result.
pub fn write_sarif(out: &mut impl Write, findings: &[Finding]) -> io::Result<()> {
    let rules: Vec<Value> = CODES
        .iter()
        .map(|(id, text)| json!({ "id": id, "shortDescription": { "text": text } }))
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut region = serde_json::Map::new();
            if let Some(line) = f.line {
                region.insert("startLine".into(), line.into());
                if let Some(column) = f.column {
                    region.insert("startColumn".into(), column.into());
                }
            }
            let mut location = json!({ "artifactLocation": { "uri": uri(&f.path) } });
            if !region.is_empty() {
                location["region"] = Value::Object(region);
            }
            json!({
                "ruleId": f.code,
                "ruleIndex": CODES.iter().position(|(id, _)| *id == f.code),
                "level": severity(f),
                "message": { "text": f.message },
                "locations": [{ "physicalLocation": location }],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": env!("CARGO_PKG_NAME"),
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/techlead-glossary",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    write_value(out, &log)
}

/// A path as a SARIF artifact URI: relative paths stay relative (the repository is their base),
/// and characters that cannot stand in a URI are percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(message: &str) -> Finding {
        Finding {
            path: "team, one:two.yaml".into(),
            line: Some(3),
            column: Some(7),
            severity: Severity::Error,
            code: "syntax",
            message: message.into(),
        }
    }

    #[test]
    fn github_commands_escape_their_values() {
        let mut out = Vec::new();
        write_github(&mut out, &finding("100% bad\nsecond line")).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::error file=team%2C one%3Atwo.yaml,line=3,col=7,title=syntax::100%25 bad%0Asecond line\n"
        );
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("data/my glossary.yaml"), "data/my%20glossary.yaml");
        assert_eq!(uri("ü.yaml"), "%C3%BC.yaml");
    }
}
