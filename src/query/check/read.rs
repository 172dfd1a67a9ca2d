//! Reading a file for `check`: batch by batch where its layout splits (see
//! [`crate::glossary::split`]), each batch checked as it is parsed, on every core; else, or
//! when anything in the batches is amiss (a syntax error, say), the whole file at once, which
//! reports the error at its line. Either way the findings are the same.

use std::convert::Infallible;
use std::ops::Range;

use super::{
    BUILT, FileRead, Finding, Keyed, UNKNOWN, Written, check_entry, check_file_lang, describe,
    unknown_field_problems, unreadable,
};
use crate::glossary::compile::{self, Event};
use crate::glossary::source::SourceText;
use crate::glossary::split::{self, Split};
use crate::glossary::yaml::{self, LineMap};
use crate::glossary::{Problem, Severity, build_entry, parse_source, unknown, unsupported};

/// Reads `source` batch by batch where it can, else whole.
pub(super) fn read(source: &SourceText) -> Result<FileRead, Vec<Finding>> {
    match by_batches(source) {
        Some(file) => Ok(file),
        None => whole(source),
    }
}

/// Reads `source` whole: the way every file was read before batches, and the one that reports a
/// file that does not parse.
pub(super) fn whole(source: &SourceText) -> Result<FileRead, Vec<Finding>> {
    let p = parse_source(source).map_err(|e| unreadable(source, e))?;
    let mut file = FileRead::new(&p.name);
    let keyed = |order, problem| Keyed { order, problem };
    file.problems.extend(
        p.problems
            .into_iter()
            .enumerate()
            .map(|(k, pr)| keyed((BUILT, 0, 0, k), pr)),
    );
    let lines = &p.lines;
    let top_level = |name: &str| lines.top_level(name);
    match yaml::unknown_fields(&source.text) {
        Ok(found) => {
            let slug = |i: usize| p.entries.get(i).map_or("", |e| e.slug.as_str());
            let found = unknown_field_problems(found, lines, &top_level, |i| describe(i, slug(i)));
            file.problems.extend(
                found
                    .enumerate()
                    .map(|(k, pr)| keyed((UNKNOWN, 0, 0, k), pr)),
            );
        }
        Err(e) => file.problems.push(keyed(
            (UNKNOWN, 0, 0, 0),
            Problem {
                line: e.line,
                severity: Severity::Error,
                code: "syntax",
                message: format!("cannot look for unknown fields: {}", e.message),
            },
        )),
    }
    check_file_lang(p.lang.as_deref(), &top_level, &mut file.problems);
    for (i, entry) in p.entries.into_iter().enumerate() {
        let (written, slug_line) =
            check_entry(entry, i, lines, p.lang.as_deref(), &mut file.problems);
        file.add(written, slug_line);
    }
    Ok(file)
}

/// One batch checked: its problems, and its entries as the checks across entries need them,
/// with the line of each slug.
struct Batch {
    problems: Vec<Keyed>,
    entries: Vec<(Written, Option<usize>)>,
}

/// Reads a file that splits, batch by batch; `None` when it does not split, or when the whole
/// file's reading could tell anything apart from what the batches tell.
pub(super) fn by_batches(source: &SourceText) -> Option<FileRead> {
    let text = source.text.as_str();
    let split = split::split(text)?;
    if unsupported::find(&split.frame).is_some() {
        return None;
    }
    let (_, lang) = yaml::parse_frame(&split.frame).ok()?;
    let top_unknown = yaml::unknown_fields(&split.frame).ok()?;
    let region = split.items.first()?.start..split.items.last()?.end;
    if !same_entry_lines(text, &split)
        || !top_unknown
            .iter()
            .all(|u| u.entry.is_none() && outside_the_list(&u.name))
    {
        return None;
    }
    let batches = compile::batches(&split.items);
    let mut starts: Vec<usize> = batches.iter().map(|b| split.items[b.start].start).collect();
    starts.push(region.end);
    let mut first_lines = lines_at(text, &starts);
    let end_line = first_lines.pop()?;
    let lang = lang.as_deref();

    let mut file = FileRead::new(&source.name);
    // The frame's lines are the file's up to the list, which it holds as one line, and then the
    // file's from the list's end.
    let frame_map = LineMap::new(&split.frame);
    let before = first_lines[0] - 1;
    let top_level = |name: &str| {
        frame_map.top_level(name).and_then(|l| match l <= before {
            true => Some(l),
            false => (l + end_line).checked_sub(before + 2),
        })
    };
    // Top-level fields come before the entries' or after them, as they stand in the file.
    file.problems.extend(
        unknown_field_problems(top_unknown, &frame_map, &top_level, |i| describe(i, ""))
            .enumerate()
            .map(|(k, problem)| {
                let after = problem.line.is_none_or(|l| l > before);
                Keyed {
                    order: (UNKNOWN, if after { usize::MAX } else { 0 }, 0, k),
                    problem,
                }
            }),
    );
    check_file_lang(lang, &top_level, &mut file.problems);
    let last = batches.len() - 1;
    let done = compile::in_order(
        &batches,
        &|b, batch| check_batch(text, &split.items, batch, first_lines[b], b == last, lang),
        &mut |event: Event<Batch>| {
            if let Some((_, batch)) = event {
                file.problems.extend(batch.problems);
                for (written, slug_line) in batch.entries {
                    file.add(written, slug_line);
                }
            }
            Ok::<(), Infallible>(())
        },
    );
    match done {
        Ok(true) => Some(file),
        Ok(false) => None,
        Err(never) => match never {},
    }
}

/// Parses and checks one batch of items; `None` when it does not parse as it stands.
fn check_batch(
    text: &str,
    items: &[Range<usize>],
    batch: Range<usize>,
    first_line: usize,
    to_end: bool,
    lang: Option<&str>,
) -> Option<Batch> {
    let span = items[batch.start].start..items[batch.end - 1].end;
    let raw = yaml::parse_items(&text[span.clone()], batch.len()).ok()?;
    // A second parse, for unknown fields, only when the keys' lines leave any doubt.
    let mut unknown = if unknown::surely_none(&text[span.clone()]) {
        Vec::new()
    } else {
        let mut doc = String::with_capacity(span.len() + 9);
        doc.push_str("entries:\n");
        doc.push_str(&text[span.clone()]);
        yaml::unknown_fields(&doc).ok()?
    };
    // The last entry's lines run on to the end of the file, as in the whole file's map.
    let end = if to_end { text.len() } else { span.end };
    let lines = LineMap::of_items(&text[span.start..end], first_line, batch.start);
    let mut problems = Vec::new();
    let mut entries = Vec::with_capacity(batch.len());
    for (raw, i) in raw.into_iter().zip(batch.clone()) {
        let mut built = Vec::new();
        entries.push(build_entry(raw, i, &lines, &mut built, lang));
        problems.extend(built.into_iter().enumerate().map(|(k, problem)| Keyed {
            order: (BUILT, i, 0, k),
            problem,
        }));
    }
    let mut owners = Vec::with_capacity(unknown.len());
    for u in &mut unknown {
        let i = batch.start + u.entry?;
        u.entry = Some(i);
        owners.push(i);
    }
    let slug = |i: usize| entries[i - batch.start].slug.as_str();
    let top_level = |_: &str| None;
    let found = unknown_field_problems(unknown, &lines, &top_level, |i| describe(i, slug(i)));
    // In the order of the entries, then as found in each: the whole file's order.
    problems.extend(
        owners
            .into_iter()
            .zip(found)
            .enumerate()
            .map(|(k, (i, problem))| Keyed {
                order: (UNKNOWN, i + 1, 0, k),
                problem,
            }),
    );
    let mut checked = Vec::with_capacity(entries.len());
    for (entry, i) in entries.into_iter().zip(batch) {
        checked.push(check_entry(entry, i, &lines, lang, &mut problems));
    }
    Some(Batch {
        problems,
        entries: checked,
    })
}

/// Whether the whole file's [`LineMap`] finds the entries where the split does: at the same
/// `entries:` line, with every item starting as the map expects (`- `, not `-` and a tab).
fn same_entry_lines(text: &str, split: &Split) -> bool {
    let Some(first) = split.items.first() else {
        return false;
    };
    // The map takes the first line that starts with `entries:`; the split, the first such line
    // with nothing after the colon. Between that line and the first item, only blank lines and
    // comments.
    let mut lines = text[..first.start].lines();
    let Some(key) = lines.find(|l| l.trim_start_matches('\u{feff}').starts_with("entries:")) else {
        return false;
    };
    let rest = key.split_once(':').map_or("", |(_, r)| r.trim());
    if !(rest.is_empty() || rest.starts_with('#')) {
        return false;
    }
    if !lines.all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    }) {
        return false;
    }
    let bytes = text.as_bytes();
    split.items.iter().all(|item| {
        let dash = item.start
            + bytes[item.start..]
                .iter()
                .take_while(|&&b| b == b' ')
                .count();
        bytes.get(dash + 1) != Some(&b'\t')
    })
}

/// Whether a top-level name can only be found outside the list: no line of the list, which
/// starts with a space, `-`, `#` or nothing, can start with it.
fn outside_the_list(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| !matches!(c, ' ' | '\t' | '\r' | '-' | '#'))
}

/// The line (1-based) of each offset of `text`, the offsets in order.
fn lines_at(text: &str, offsets: &[usize]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let (mut line, mut at) = (1, 0);
    offsets
        .iter()
        .map(|&o| {
            line += memchr::memchr_iter(b'\n', &bytes[at..o]).count();
            at = o;
            line
        })
        .collect()
}
