//! The validator behind `check`: every problem of a set of glossary files, with its line (SPEC §7).

use std::collections::HashMap;

use crate::error::excerpt;
use crate::glossary::date::Date;
use crate::glossary::key::normalize;
use crate::glossary::lang::is_language_tag;
use crate::glossary::source::SourceText;
use crate::glossary::yaml::LineMap;
use crate::glossary::{Glossary, Lookup, ParsedSource, Problem, Severity, parse_source, yaml};

/// Every kind of problem `check` reports: its stable code and what it means. Scripts, CI
/// annotations and SARIF rules name problems by these codes; README lists them.
pub const CODES: &[(&str, &str)] = &[
    ("syntax", "The file is not valid YAML."),
    (
        "invalid-value",
        "A field holds a value of the wrong kind (a list where text belongs, a negative number).",
    ),
    ("missing-field", "An entry lacks a field every entry needs."),
    (
        "unknown-field",
        "A field the format does not know, often a misspelling; it is ignored.",
    ),
    (
        "empty-field",
        "A field every entry needs is present but empty.",
    ),
    (
        "no-slug",
        "No slug can be made from the title; the entry needs a `slug`.",
    ),
    (
        "duplicate-slug",
        "Two entries of one file have the same slug.",
    ),
    (
        "slug-not-normalised",
        "A slug is not written as its normalised key (lower case, hyphens).",
    ),
    (
        "invalid-date",
        "`published` is not a real calendar date written YYYY-MM-DD.",
    ),
    (
        "invalid-lang",
        "`lang` is not a BCP 47 language tag such as en, ur or pt-BR.",
    ),
    ("zero-read-minutes", "`read_minutes` is 0."),
    ("insecure-link", "A `links` address is not https://."),
    (
        "self-link",
        "An entry lists itself among its related entries.",
    ),
    ("dangling-link", "A related link names no entry."),
    ("ambiguous-link", "A related link names several entries."),
    (
        "hidden-title",
        "A title is another entry's slug, so looking it up finds that entry.",
    ),
    (
        "hidden-alias",
        "An alias is another entry's slug or title, so looking it up finds that entry.",
    ),
];

/// A problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    /// One of [`CODES`].
    pub code: &'static str,
    pub message: String,
}

impl std::fmt::Display for Finding {
    /// `PATH:LINE: error: message`, as compilers and editors expect.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.line {
            Some(line) => write!(f, "{}:{line}: {severity}: {}", self.path, self.message)?,
            None => write!(f, "{}: {severity}: {}", self.path, self.message)?,
        }
        match self.column {
            Some(c) => write!(f, " (column {c})"),
            None => Ok(()),
        }
    }
}

/// The code of an error that stopped a file from parsing, from the parser's wording.
fn parse_error_code(message: &str) -> &'static str {
    if message.contains("missing field") {
        "missing-field"
    } else if message.contains("invalid type") || message.contains("invalid value") {
        "invalid-value"
    } else if message.contains("unknown field") {
        "unknown-field"
    } else {
        "syntax"
    }
}

/// Checks the files together: `related` links may point into any of them.
pub fn check(sources: &[SourceText]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut parsed = Vec::new();
    for source in sources {
        match parse_source(source) {
            Ok(p) => parsed.push((source, p)),
            Err(crate::error::Error::Source {
                line,
                column,
                message,
                ..
            }) => {
                // The file's other unknown fields, which one error would otherwise hide (the
                // error may itself be one: a misspelt required field, reported at its line).
                // Only for errors about fields: a second pass over a file that failed for its
                // shape (10,000 nested lists) would double the cost of saying so.
                let code = parse_error_code(&message);
                let lines = LineMap::new(&source.text);
                let others = match code {
                    "unknown-field" | "missing-field" => {
                        yaml::unknown_fields(&source.text).unwrap_or_default()
                    }
                    _ => Vec::new(),
                };
                let reported = code == "unknown-field";
                let others: Vec<Problem> =
                    unknown_field_problems(others, &lines, |i| format!("entry {}", i + 1))
                        .filter(|pr| !(reported && pr.line == line))
                        .collect();
                findings.push(Finding {
                    path: source.name.clone(),
                    line,
                    column,
                    severity: Severity::Error,
                    code,
                    message,
                });
                findings.extend(others.into_iter().map(|pr| Finding {
                    path: source.name.clone(),
                    line: pr.line,
                    column: None,
                    severity: pr.severity,
                    code: pr.code,
                    message: pr.message,
                }));
            }
            Err(other) => findings.push(Finding {
                path: source.name.clone(),
                line: None,
                column: None,
                severity: Severity::Error,
                code: "syntax",
                message: other.to_string(),
            }),
        }
    }
    let all = Glossary::merge_unchecked(parsed.iter().map(|(_, p)| p));
    let names = Names::of(&all);
    for (source, p) in &parsed {
        let mut problems = p.problems.clone();
        check_source(source, p, &all, &names, &mut problems);
        problems.sort_by_key(|pr| pr.line.unwrap_or(0));
        findings.extend(problems.into_iter().map(|pr| Finding {
            path: p.name.clone(),
            line: pr.line,
            column: None,
            severity: pr.severity,
            code: pr.code,
            message: pr.message,
        }));
    }
    findings
}

/// The normalised slug and title of every entry of all the files, and who owns each, so that
/// finding the entry a name reaches first costs a lookup, not a pass over every entry.
struct Names {
    slug_keys: Vec<String>,
    slugs: HashMap<String, Vec<usize>>,
    titles: HashMap<String, Vec<usize>>,
}

impl Names {
    fn of(all: &Glossary) -> Names {
        let mut names = Names {
            slug_keys: Vec::with_capacity(all.entries.len()),
            slugs: HashMap::new(),
            titles: HashMap::new(),
        };
        for (i, e) in all.entries.iter().enumerate() {
            let slug = normalize(&e.slug);
            names.slugs.entry(slug.clone()).or_default().push(i);
            names.slug_keys.push(slug);
            names.titles.entry(normalize(&e.title)).or_default().push(i);
        }
        names
    }

    /// The first entry, other than the one whose slug key is `own`, that has `key` as its slug
    /// or (with `titles`) as its title.
    fn other_owner(&self, key: &str, own: &str, titles: bool) -> Option<usize> {
        let by_title = titles.then(|| self.titles.get(key)).flatten();
        self.slugs
            .get(key)
            .into_iter()
            .chain(by_title)
            .flatten()
            .copied()
            .filter(|&j| self.slug_keys[j] != own)
            .min()
    }
}

fn check_source(
    source: &SourceText,
    p: &ParsedSource,
    all: &Glossary,
    names: &Names,
    out: &mut Vec<Problem>,
) {
    let lines = &p.lines;
    let mut push = Push(out);
    match yaml::unknown_fields(&source.text) {
        Ok(found) => {
            for pr in unknown_field_problems(found, lines, |i| describe(p, i)) {
                push.0.push(pr);
            }
        }
        Err(e) => push.add(
            e.line,
            Severity::Error,
            "syntax",
            format!("cannot look for unknown fields: {}", e.message),
        ),
    }
    if let Some(lang) = p.lang.as_deref().filter(|l| !is_language_tag(l)) {
        push.add(
            lines.top_level("lang"),
            Severity::Error,
            "invalid-lang",
            not_a_tag(lang),
        );
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for i in 0..p.entries.len() {
        let at = At {
            p,
            i,
            who: describe(p, i),
            key: normalize(&p.entries[i].slug),
        };
        if let Some(first) = seen.insert(at.key.clone(), i) {
            push.add(
                lines.field(i, "slug"),
                Severity::Error,
                "duplicate-slug",
                format!(
                    "{}: duplicate slug '{}' (first used by entry {})",
                    at.who,
                    excerpt(&p.entries[i].slug),
                    first + 1
                ),
            );
        }
        check_fields(&at, &mut push);
        check_related(&at, all, &mut push);
        check_names(&at, all, names, &mut push);
    }
}

/// Where the problems of one source go.
struct Push<'a>(&'a mut Vec<Problem>);

impl Push<'_> {
    fn add(
        &mut self,
        line: Option<usize>,
        severity: Severity,
        code: &'static str,
        message: String,
    ) {
        self.0.push(Problem {
            line,
            severity,
            code,
            message,
        });
    }
}

/// One entry being checked: its source, position, how messages name it, and its slug's key.
struct At<'a> {
    p: &'a ParsedSource,
    i: usize,
    who: String,
    key: String,
}

fn not_a_tag(lang: &str) -> String {
    format!("`lang` is '{lang}', not a BCP 47 language tag (such as en, ur or pt-BR)")
}

/// The entry's own fields: its language, its slug's form, its date, its reading time, and its
/// outside links' addresses.
fn check_fields(at: &At, push: &mut Push) {
    let (e, lines, i, who) = (&at.p.entries[at.i], &at.p.lines, at.i, &at.who);
    // An entry without a `lang` of its own has the file's, reported once for the file.
    if let Some(lang) = e
        .lang
        .as_deref()
        .filter(|l| Some(*l) != at.p.lang.as_deref())
        && !is_language_tag(lang)
    {
        push.add(
            lines.field(i, "lang"),
            Severity::Error,
            "invalid-lang",
            format!("{who}: {}", not_a_tag(lang)),
        );
    }
    if !e.slug.is_empty() && at.key != e.slug {
        push.add(
            lines.field(i, "slug"),
            Severity::Error,
            "slug-not-normalised",
            format!(
                "{who}: slug '{}' is not a normalised key; write '{}'",
                excerpt(&e.slug),
                excerpt(&at.key)
            ),
        );
    }
    if let Some(date) = e.published.as_ref().filter(|d| Date::parse(d).is_none()) {
        push.add(
            lines.field(i, "published"),
            Severity::Error,
            "invalid-date",
            format!(
                "{who}: `published` is '{}', not a date of the form YYYY-MM-DD",
                excerpt(date)
            ),
        );
    }
    if e.read_minutes == 0 {
        push.add(
            lines.field(i, "read_minutes"),
            Severity::Warning,
            "zero-read-minutes",
            format!("{who}: `read_minutes` is 0"),
        );
    }
    for link in e.links.iter().filter(|l| !l.url.trim().is_empty()) {
        if !link.url.starts_with("https://") {
            push.add(
                lines.link(i, &link.url),
                Severity::Warning,
                "insecure-link",
                format!(
                    "{who}: link '{}' is not an https:// address",
                    excerpt(&link.url)
                ),
            );
        }
    }
}

/// Each `related` name must find one entry, and not the entry itself.
fn check_related(at: &At, all: &Glossary, push: &mut Push) {
    let (e, who) = (&at.p.entries[at.i], &at.who);
    let lines = at.p.lines.related_lines(at.i, &e.related);
    for (target, line) in e.related.iter().zip(lines) {
        let quoted = excerpt(target);
        match all.lookup(target) {
            Lookup::Found(j) if normalize(&all.entries[j].slug) == at.key => push.add(
                line,
                Severity::Warning,
                "self-link",
                format!("{who}: related to itself ('{quoted}')"),
            ),
            Lookup::Found(_) => {}
            Lookup::Missing => push.add(
                line,
                Severity::Error,
                "dangling-link",
                format!("{who}: related '{quoted}' matches no entry"),
            ),
            Lookup::Ambiguous(many) => {
                let names: Vec<&str> = many.iter().map(|&j| all.entries[j].slug.as_str()).collect();
                push.add(
                    line,
                    Severity::Error,
                    "ambiguous-link",
                    format!(
                        "{who}: related '{quoted}' matches several entries: {}",
                        names.join(", ")
                    ),
                )
            }
        }
    }
}

/// Lookups try slugs, then titles, then aliases: a name another entry has at an earlier level
/// finds that entry instead, so this entry's title or alias is hidden.
fn check_names(at: &At, all: &Glossary, names: &Names, push: &mut Push) {
    let (e, lines, i, who) = (&at.p.entries[at.i], &at.p.lines, at.i, &at.who);
    let slug_owner = names.other_owner(&normalize(&e.title), &at.key, false);
    if let Some(other) = slug_owner.map(|j| &all.entries[j]) {
        push.add(
            lines.field(i, "title"),
            Severity::Warning,
            "hidden-title",
            format!(
                "{who}: title '{}' is the slug of '{}', so it finds that entry, not this one",
                excerpt(&e.title),
                excerpt(&other.slug)
            ),
        );
    }
    for alias in &e.aliases {
        let clash = names.other_owner(&normalize(alias), &at.key, true);
        if let Some(other) = clash.map(|j| &all.entries[j]) {
            push.add(
                lines.field(i, "aliases"),
                Severity::Warning,
                "hidden-alias",
                format!(
                    "{who}: alias '{}' is the slug or title of '{}', so it finds that entry, not this one",
                    excerpt(alias),
                    excerpt(&other.slug)
                ),
            );
        }
    }
}

/// A warning for each unknown field, at its line, with the field it may be a typo of.
fn unknown_field_problems(
    found: Vec<yaml::UnknownField>,
    lines: &LineMap,
    describe: impl Fn(usize) -> String,
) -> impl Iterator<Item = Problem> {
    found.into_iter().map(move |unknown| {
        let (line, whose) = match unknown.entry {
            Some(i) => {
                let line = if unknown.path.contains('.') {
                    lines.nested_field(i, &unknown.name)
                } else {
                    lines.field(i, &unknown.name)
                };
                (line, format!("{}: ", describe(i)))
            }
            None => (lines.top_level(&unknown.name), String::new()),
        };
        let hint = match unknown.suggestion() {
            Some(known) => format!(" (did you mean `{known}`?)"),
            None => String::new(),
        };
        Problem {
            line,
            severity: Severity::Warning,
            code: "unknown-field",
            message: format!("{whose}unknown field `{}`{hint}", unknown.path),
        }
    })
}

/// `entry 3 (technical-lead)`, the way findings name an entry.
fn describe(p: &ParsedSource, i: usize) -> String {
    match p.entries.get(i).map(|e| e.slug.as_str()) {
        Some(slug) if !slug.is_empty() => format!("entry {} ({})", i + 1, excerpt(slug)),
        _ => format!("entry {}", i + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::source::SourceKind;

    fn run(text: &str) -> Vec<String> {
        let source = SourceText {
            name: "g.yaml".into(),
            kind: SourceKind::File,
            text: text.into(),
        };
        check(&[source]).iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn finds_each_kind_of_problem_with_its_line() {
        let text = "\
entries:
  - slug: Bad_Slug
    title: A
    category: c
    summary: s
    published: 2024-02-30
    related: [a, bad-slug, nowhere]
  - title: B
    aliases: [bad-slug]
    category: ''
    sumary: typo
    summary: s
  - slug: b
    title: B2
    category: c
    summary: s
";
        assert_eq!(
            run(text),
            [
                "g.yaml:2: error: entry 1 (Bad_Slug): slug 'Bad_Slug' is not a normalised key; write 'bad-slug'",
                "g.yaml:6: error: entry 1 (Bad_Slug): `published` is '2024-02-30', not a date of the form YYYY-MM-DD",
                "g.yaml:7: warning: entry 1 (Bad_Slug): related to itself ('a')",
                "g.yaml:7: warning: entry 1 (Bad_Slug): related to itself ('bad-slug')",
                "g.yaml:7: error: entry 1 (Bad_Slug): related 'nowhere' matches no entry",
                "g.yaml:9: warning: entry 2 (b): alias 'bad-slug' is the slug or title of 'Bad_Slug', so it finds that entry, not this one",
                "g.yaml:10: error: entry 2: `category` is empty",
                "g.yaml:11: warning: entry 2 (b): unknown field `sumary` (did you mean `summary`?)",
                "g.yaml:13: error: entry 3 (b): duplicate slug 'b' (first used by entry 2)",
            ]
        );
    }

    #[test]
    fn a_title_hidden_by_another_slug_is_a_warning() {
        let text = "entries:\n  - slug: mentor-role\n    title: Mentor\n    category: c\n    summary: s\n  - slug: mentor\n    title: Mentorship\n    category: c\n    summary: s\n";
        assert_eq!(
            run(text),
            [
                "g.yaml:3: warning: entry 1 (mentor-role): title 'Mentor' is the slug of 'mentor', so it finds that entry, not this one"
            ]
        );
    }

    #[test]
    fn syntax_errors_are_findings() {
        let got = run("entries:\n  - title: A\n    category: c: d\n");
        assert_eq!(
            got,
            ["g.yaml:3: error: mapping values are not allowed in this context (column 16)"]
        );
        let got = run("entries:\n  - title: [a, b]\n    category: c\n    summary: s\n");
        assert_eq!(
            got,
            [
                "g.yaml:2: error: entry 1, `title`: invalid type: sequence, expected a string (column 12)"
            ]
        );
    }
}
