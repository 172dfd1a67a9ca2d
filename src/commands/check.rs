//! `check`: every problem in the named files (or the active sources), in one of four formats.

use std::io::Write;

use super::{Settings, Streams, clean};
use crate::cli::CheckFormat;
use crate::error::{Error, Outcome};
use crate::glossary::Severity;
use crate::glossary::source::{self, SourceSpec, SourceText};
use crate::query::check::{Finding, check};
use crate::render;
use crate::report;

pub(super) fn run<O: Write, E: Write>(
    settings: &Settings,
    paths: &[String],
    strict: bool,
    format: CheckFormat,
    io: &mut Streams<O, E>,
) -> Result<Outcome, Error> {
    let specs: Vec<SourceSpec> = if paths.is_empty() {
        settings.sources.clone()
    } else {
        paths.iter().map(|p| SourceSpec::parse(p)).collect()
    };
    let mut skipped = Vec::new();
    let mut texts = Vec::new();
    for spec in &specs {
        texts.extend(source::read(spec, &mut skipped)?);
    }
    for warning in &skipped {
        report::warning(io.err, warning)?;
    }
    let findings = check(&texts);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    write(&texts, &findings, format, (errors, warnings), io)?;
    let failed = errors > 0 || (strict && warnings > 0);
    Ok(Outcome::found(!failed))
}

/// The findings, then the count: on stdout after text and GitHub lines (GitHub shows lines that
/// are not workflow commands as they are), on stderr after JSON and SARIF.
fn write<O: Write, E: Write>(
    texts: &[SourceText],
    findings: &[Finding],
    format: CheckFormat,
    (errors, warnings): (usize, usize),
    io: &mut Streams<O, E>,
) -> Result<(), Error> {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let count = format!(
        "checked {}: {}, {}",
        plural(texts.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    match format {
        CheckFormat::Text | CheckFormat::Github => {
            for finding in findings {
                if format == CheckFormat::Text {
                    writeln!(io.out, "{}", clean(&finding.to_string()))?;
                } else {
                    render::findings::write_github(io.out, finding)?;
                }
            }
            writeln!(io.out, "{count}")?;
        }
        CheckFormat::Json => {
            render::findings::write_json(io.out, findings)?;
            writeln!(io.err, "{count}")?;
        }
        CheckFormat::Sarif => {
            render::findings::write_sarif(io.out, findings)?;
            writeln!(io.err, "{count}")?;
        }
    }
    Ok(())
}
