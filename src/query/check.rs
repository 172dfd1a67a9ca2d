//! The validator behind `check`: every problem of a set of glossary files, with its line (SPEC §7).

mod read;

use std::collections::HashMap;

use crate::error::excerpt;
use crate::glossary::date::Date;
use crate::glossary::key::normalize;
use crate::glossary::lang::is_language_tag;
use crate::glossary::source::SourceText;
use crate::glossary::yaml::LineMap;
use crate::glossary::{Entry, Lookup, Problem, Severity, yaml};

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
///
/// Each file is read in batches of entries where its layout allows (see [`read`]): the checks of
/// one entry are made as its batch is read, and only what the checks across entries need is kept.
pub fn check(sources: &[SourceText]) -> Vec<Finding> {
    check_with(sources, read::read)
}

/// [`check`], with the files read by `read`.
fn check_with(
    sources: &[SourceText],
    read: fn(&SourceText) -> Result<FileRead, Vec<Finding>>,
) -> Vec<Finding> {
    // A file that cannot be read is reported at once; the others once every entry is known.
    let mut findings = Vec::new();
    let mut files = Vec::new();
    for source in sources {
        match read(source) {
            Ok(mut file) => {
                file.seen = HashMap::new();
                files.push(file);
            }
            Err(failed) => findings.extend(failed),
        }
    }
    let names = Names::of(files.iter().map(|f| &f.entries));
    for file in &files {
        let mut problems = Vec::new();
        for (i, w) in file.entries.iter().enumerate() {
            let who = describe(i, &w.slug);
            check_related(i, &who, w, &names, &mut problems);
            check_names(i, &who, w, &names, &mut problems);
        }
        let mut all: Vec<&Keyed> = file.problems.iter().chain(&problems).collect();
        all.sort_by_key(|k| (k.problem.line.unwrap_or(0), k.order));
        findings.extend(all.into_iter().map(|k| Finding {
            path: file.name.clone(),
            line: k.problem.line,
            column: None,
            severity: k.problem.severity,
            code: k.problem.code,
            message: k.problem.message.clone(),
        }));
    }
    findings
}

/// The findings of a file that does not parse: its error, and the unknown fields that one error
/// about fields would otherwise hide.
fn unreadable(source: &SourceText, error: crate::error::Error) -> Vec<Finding> {
    let crate::error::Error::Source {
        line,
        column,
        message,
        ..
    } = error
    else {
        return vec![Finding {
            path: source.name.clone(),
            line: None,
            column: None,
            severity: Severity::Error,
            code: "syntax",
            message: error.to_string(),
        }];
    };
    // The file's other unknown fields, which one error would otherwise hide (the error may
    // itself be one: a misspelt required field, reported at its line). Only for errors about
    // fields: a second pass over a file that failed for its shape (10,000 nested lists) would
    // double the cost of saying so.
    let code = parse_error_code(&message);
    let lines = LineMap::new(&source.text);
    let others = match code {
        "unknown-field" | "missing-field" => yaml::unknown_fields(&source.text).unwrap_or_default(),
        _ => Vec::new(),
    };
    let reported = code == "unknown-field";
    let others: Vec<Problem> =
        unknown_field_problems(others, &lines, &|name| lines.top_level(name), |i| {
            format!("entry {}", i + 1)
        })
        .filter(|pr| !(reported && pr.line == line))
        .collect();
    let mut findings = vec![Finding {
        path: source.name.clone(),
        line,
        column,
        severity: Severity::Error,
        code,
        message,
    }];
    findings.extend(others.into_iter().map(|pr| Finding {
        path: source.name.clone(),
        line: pr.line,
        column: None,
        severity: pr.severity,
        code: pr.code,
        message: pr.message,
    }));
    findings
}

/// Where a problem stands among those of its file with the same line: the checks' own order
/// (see [`Order`]).
#[derive(Debug)]
struct Keyed {
    order: Order,
    problem: Problem,
}

/// The order a file's problems are reported in, line by line: problems found while building the
/// entries, then unknown fields, then the file's `lang`, then each entry's other checks (its
/// slug repeated, its fields, its related links, its names). Fields: the step, then two places
/// within it (an entry and a check), then the order the step made them in.
type Order = (u8, usize, u8, usize);

const BUILT: u8 = 0;
const UNKNOWN: u8 = 1;
const FILE_LANG: u8 = 2;
const ENTRY: u8 = 3;
/// An entry's checks, in their order within [`ENTRY`].
const DUPLICATE: u8 = 0;
const FIELDS: u8 = 1;
const RELATED: u8 = 2;
const NAMES: u8 = 3;

/// A file read for checking: its problems so far, and what the checks across entries need of
/// each of its entries.
#[derive(Debug)]
struct FileRead {
    name: String,
    problems: Vec<Keyed>,
    entries: Vec<Written>,
    /// Each slug key of the file, with the last entry that had it.
    seen: HashMap<String, usize>,
}

impl FileRead {
    fn new(name: &str) -> FileRead {
        FileRead {
            name: name.to_string(),
            problems: Vec::new(),
            entries: Vec::new(),
            seen: HashMap::new(),
        }
    }

    /// The next entry of the file, and a duplicate slug if it repeats an earlier one.
    fn add(&mut self, entry: Written, slug_line: Option<usize>) {
        let i = self.entries.len();
        if let Some(first) = self.seen.insert(entry.key.clone(), i) {
            self.problems.push(Keyed {
                order: (ENTRY, i, DUPLICATE, 0),
                problem: Problem {
                    line: slug_line,
                    severity: Severity::Error,
                    code: "duplicate-slug",
                    message: format!(
                        "{}: duplicate slug '{}' (first used by entry {})",
                        describe(i, &entry.slug),
                        excerpt(&entry.slug),
                        first + 1
                    ),
                },
            });
        }
        self.entries.push(entry);
    }
}

/// What the checks across entries need of one entry as written: its names, and its related
/// links, each with its line.
#[derive(Debug)]
struct Written {
    slug: String,
    /// The slug's normalised key.
    key: String,
    title: String,
    title_key: String,
    title_line: Option<usize>,
    /// Each alias with its normalised key.
    aliases: Vec<(String, String)>,
    aliases_line: Option<usize>,
    related: Vec<(String, Option<usize>)>,
}

/// One entry's own checks, made where its text is at hand: its fields, and what the checks
/// across entries need of it (with the line of its slug, for a duplicate).
fn check_entry(
    entry: Entry,
    i: usize,
    lines: &LineMap,
    file_lang: Option<&str>,
    out: &mut Vec<Keyed>,
) -> (Written, Option<usize>) {
    let at = At {
        e: &entry,
        lines,
        file_lang,
        i,
        who: describe(i, &entry.slug),
        key: normalize(&entry.slug),
    };
    let mut problems = Vec::new();
    check_fields(&at, &mut Push(&mut problems));
    out.extend(problems.into_iter().enumerate().map(|(k, problem)| Keyed {
        order: (ENTRY, i, FIELDS, k),
        problem,
    }));
    let related = lines.related_lines(i, &entry.related);
    let written = Written {
        key: at.key,
        title_key: normalize(&entry.title),
        title_line: lines.field(i, "title"),
        aliases_line: lines.field(i, "aliases"),
        aliases: entry
            .aliases
            .into_iter()
            .map(|a| {
                let key = normalize(&a);
                (a, key)
            })
            .collect(),
        related: entry.related.into_iter().zip(related).collect(),
        slug: entry.slug,
        title: entry.title,
    };
    (written, lines.field(i, "slug"))
}

/// The normalised slug, title and aliases of every entry of all the files, merged as lookups
/// merge them (a later entry with a slug takes the earlier one's place), so that finding the
/// entry a name reaches costs a lookup, not a pass over every entry.
struct Names<'a> {
    /// The entry each slug ends as, in the order slugs first appear.
    merged: Vec<&'a Written>,
    by_slug: HashMap<&'a str, usize>,
    by_title: HashMap<&'a str, Vec<usize>>,
    by_alias: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Names<'a> {
    fn of(files: impl Iterator<Item = &'a Vec<Written>>) -> Names<'a> {
        let mut names = Names {
            merged: Vec::new(),
            by_slug: HashMap::new(),
            by_title: HashMap::new(),
            by_alias: HashMap::new(),
        };
        for w in files.flatten() {
            match names.by_slug.get(w.key.as_str()) {
                Some(&at) => names.merged[at] = w,
                None => {
                    names.by_slug.insert(&w.key, names.merged.len());
                    names.merged.push(w);
                }
            }
        }
        // Positions come in order, so a list already holding one ends with it.
        let push = |list: &mut Vec<usize>, j: usize| {
            if list.last() != Some(&j) {
                list.push(j);
            }
        };
        for (j, w) in names.merged.iter().enumerate() {
            push(names.by_title.entry(&w.title_key).or_default(), j);
            for (_, alias) in &w.aliases {
                push(names.by_alias.entry(alias).or_default(), j);
            }
        }
        names
    }

    /// The entry `term` finds: by slug, then title, then alias, as lookups do.
    fn lookup(&self, term: &str) -> Lookup {
        let key = normalize(term);
        if key.is_empty() {
            return Lookup::Missing;
        }
        Lookup::decide(
            self.by_slug.get(key.as_str()).copied(),
            named(&self.by_title, &key),
            named(&self.by_alias, &key),
        )
    }

    /// The first entry, other than the one whose slug key is `own`, that has `key` as its slug
    /// or (with `titles`) as its title.
    fn other_owner(&self, key: &str, own: &str, titles: bool) -> Option<usize> {
        let by_title = titles.then(|| self.by_title.get(key)).flatten();
        self.by_slug
            .get(key)
            .into_iter()
            .chain(by_title.into_iter().flatten())
            .copied()
            .filter(|&j| self.merged[j].key != own)
            .min()
    }
}

/// The entries an index gives `key`.
fn named<'i>(index: &'i HashMap<&str, Vec<usize>>, key: &str) -> &'i [usize] {
    index.get(key).map_or(&[], Vec::as_slice)
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

/// One entry being checked: the entry, its lines, its file's language, its position, how
/// messages name it, and its slug's key.
struct At<'a> {
    e: &'a Entry,
    lines: &'a LineMap,
    file_lang: Option<&'a str>,
    i: usize,
    who: String,
    key: String,
}

fn not_a_tag(lang: &str) -> String {
    format!("`lang` is '{lang}', not a BCP 47 language tag (such as en, ur or pt-BR)")
}

/// The file's own `lang`, when it is not a language tag, at the line `top_level` finds.
fn check_file_lang(
    lang: Option<&str>,
    top_level: &dyn Fn(&str) -> Option<usize>,
    out: &mut Vec<Keyed>,
) {
    if let Some(lang) = lang.filter(|l| !is_language_tag(l)) {
        out.push(Keyed {
            order: (FILE_LANG, 0, 0, 0),
            problem: Problem {
                line: top_level("lang"),
                severity: Severity::Error,
                code: "invalid-lang",
                message: not_a_tag(lang),
            },
        });
    }
}

/// The entry's own fields: its language, its slug's form, its date, its reading time, and its
/// outside links' addresses.
fn check_fields(at: &At, push: &mut Push) {
    let (e, lines, i, who) = (at.e, at.lines, at.i, &at.who);
    // An entry without a `lang` of its own has the file's, reported once for the file.
    if let Some(lang) = e.lang.as_deref().filter(|l| Some(*l) != at.file_lang)
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
fn check_related(i: usize, who: &str, w: &Written, names: &Names, out: &mut Vec<Keyed>) {
    let mut problems = Vec::new();
    let mut push = Push(&mut problems);
    for (target, line) in &w.related {
        let line = *line;
        let quoted = excerpt(target);
        match names.lookup(target) {
            Lookup::Found(j) if names.merged[j].key == w.key => push.add(
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
                let slugs: Vec<&str> = many
                    .iter()
                    .map(|&j| names.merged[j].slug.as_str())
                    .collect();
                push.add(
                    line,
                    Severity::Error,
                    "ambiguous-link",
                    format!(
                        "{who}: related '{quoted}' matches several entries: {}",
                        slugs.join(", ")
                    ),
                )
            }
        }
    }
    out.extend(problems.into_iter().enumerate().map(|(k, problem)| Keyed {
        order: (ENTRY, i, RELATED, k),
        problem,
    }));
}

/// Lookups try slugs, then titles, then aliases: a name another entry has at an earlier level
/// finds that entry instead, so this entry's title or alias is hidden.
fn check_names(i: usize, who: &str, w: &Written, names: &Names, out: &mut Vec<Keyed>) {
    let mut problems = Vec::new();
    let mut push = Push(&mut problems);
    let slug_owner = names.other_owner(&w.title_key, &w.key, false);
    if let Some(other) = slug_owner.map(|j| names.merged[j]) {
        push.add(
            w.title_line,
            Severity::Warning,
            "hidden-title",
            format!(
                "{who}: title '{}' is the slug of '{}', so it finds that entry, not this one",
                excerpt(&w.title),
                excerpt(&other.slug)
            ),
        );
    }
    for (alias, key) in &w.aliases {
        let clash = names.other_owner(key, &w.key, true);
        if let Some(other) = clash.map(|j| names.merged[j]) {
            push.add(
                w.aliases_line,
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
    out.extend(problems.into_iter().enumerate().map(|(k, problem)| Keyed {
        order: (ENTRY, i, NAMES, k),
        problem,
    }));
}

/// A warning for each unknown field, at its line, with the field it may be a typo of: a field
/// of an entry at its line in `lines`, one at the top level where `top_level` finds it.
fn unknown_field_problems<'a>(
    found: Vec<yaml::UnknownField>,
    lines: &'a LineMap,
    top_level: &'a dyn Fn(&str) -> Option<usize>,
    describe: impl Fn(usize) -> String + 'a,
) -> impl Iterator<Item = Problem> + 'a {
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
            None => (top_level(&unknown.name), String::new()),
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

/// `entry 3 (technical-lead)`, the way findings name entry `i` (0-based) with its slug.
fn describe(i: usize, slug: &str) -> String {
    if slug.is_empty() {
        format!("entry {}", i + 1)
    } else {
        format!("entry {} ({})", i + 1, excerpt(slug))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::source::SourceKind;

    fn source(name: &str, text: &str) -> SourceText {
        SourceText {
            name: name.into(),
            kind: SourceKind::File,
            text: text.into(),
        }
    }

    fn run(text: &str) -> Vec<String> {
        check(&[source("g.yaml", text)])
            .iter()
            .map(|f| f.to_string())
            .collect()
    }

    /// A glossary of `n` entries with problems of every kind scattered through it, some of them
    /// between entries far apart: a slug repeated, links and names reaching other entries.
    fn troubled(n: usize) -> String {
        let filler = "words of running text ".repeat(6);
        let mut text = String::from("# A glossary\ndescripton: x\nlang: xx_bad\nentries:\n");
        for i in 0..n {
            let slug = match i {
                _ if i == n - 100 => "t-5".to_string(),
                _ if i % 500 == 1 => format!("Bad_Slug_{i}"),
                _ => format!("t-{i}"),
            };
            if i == n / 2 {
                text.push_str("  - title: '???'\n    category: c\n    summary: s\n");
                continue;
            }
            text.push_str(&format!("  - slug: {slug}\n"));
            let title = match i % 900 {
                11 => format!("t-{}", (i + n / 2) % n),
                _ => format!("Title {i}"),
            };
            text.push_str(&format!("    title: {title}\n"));
            let alias = match i % 800 {
                9 => format!("t-{}", (i + n / 3) % n),
                _ if i == 10 || i == n - 10 => "Shared".into(),
                _ => format!("A{i}"),
            };
            text.push_str(&format!("    aliases: [{alias}]\n"));
            let category = if i % 1000 == 13 { "''" } else { "c" };
            text.push_str(&format!("    category: {category}\n"));
            if i % 400 == 3 {
                text.push_str("    published: 2024-02-30\n");
            }
            if i % 700 == 4 {
                text.push_str("    lang: not a tag\n");
            } else if i % 700 == 5 {
                text.push_str("    lang: xx_bad\n");
            }
            if i % 600 == 5 {
                text.push_str("    read_minutes: 0\n");
            }
            if i % 550 == 12 {
                text.push_str("    sumary: typo\n");
            }
            text.push_str(&format!("    summary: >-\n      {i} {filler}\n"));
            if i % 550 == 12 {
                text.push_str("    sections:\n      - heading: H\n        items:\n          - txt: x\n            text: y\n");
            }
            if i % 450 == 6 {
                text.push_str("    links:\n      - title: L\n        url: http://example.org/\n");
            }
            if i % 350 == 7 {
                let far = (i + n / 2) % n;
                text.push_str(&format!(
                    "    related:\n      - t-{far}\n      - nowhere-{i}\n      - {slug}\n      - Shared\n"
                ));
            }
        }
        // The last entry names what it does not write out, and the file says it after the list;
        // the same for a field of the entry's written in quotes.
        text.push_str("    related: [\"caf\\u00e9\"]\n");
        text.push_str("    sections:\n      - heading: H\n        \"txt\": x\n");
        text.push_str("version: café\ntxt: 1\n");
        text
    }

    fn lines(findings: &[Finding]) -> Vec<String> {
        findings.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn batches_find_what_the_whole_file_finds() {
        let text = troubled(3000);
        let split = crate::glossary::split::split(&text).unwrap();
        assert!(crate::glossary::compile::batches(&split.items).len() > 2);
        let big = source("g.yaml", &text);
        assert!(read::by_batches(&big).is_some());
        let other = source(
            "o.yaml",
            "entries:\n  - slug: t-7\n    title: Again\n    category: c\n    summary: s\n    related: [t-2999, Title 1500, A1, gone]\n",
        );
        for sources in [
            vec![big.clone()],
            vec![big.clone(), other.clone()],
            vec![other, big],
        ] {
            let batches = check(&sources);
            assert_eq!(lines(&batches), lines(&check_with(&sources, read::whole)));
        }
        let found = check(&[source("g.yaml", &text)]);
        for (code, _) in CODES {
            let expected = !matches!(*code, "syntax" | "invalid-value" | "missing-field");
            assert_eq!(found.iter().any(|f| f.code == *code), expected, "{code}");
        }
        // Lines run on past the batches: the last entry's link is found after the list.
        let last = text.lines().count() - 1;
        assert!(
            found
                .iter()
                .any(|f| f.code == "dangling-link" && f.line == Some(last)),
            "{:?}",
            found.last()
        );
    }

    #[test]
    fn a_broken_entry_among_many_is_reported_at_its_line() {
        let text = troubled(3000);
        for (broken, message) in [
            (
                "    category: c: d\n",
                "mapping values are not allowed in this context",
            ),
            (
                "    title: [a, b]\n",
                "entry 2001, `title`: invalid type: sequence, expected a string",
            ),
        ] {
            let at = text.match_indices("\n  - slug: t-2000\n").next().unwrap().0 + 1;
            let line = text[..at].lines().count() + 2;
            let mut bad = text.clone();
            bad.insert_str(at + "  - slug: t-2000\n".len(), broken);
            let found = check(&[source("g.yaml", &bad)]);
            assert_eq!(found[0].line, Some(line), "{found:?}");
            assert_eq!(found[0].message, message);
            assert_eq!(
                lines(&found),
                lines(&check_with(&[source("g.yaml", &bad)], read::whole))
            );
        }
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
