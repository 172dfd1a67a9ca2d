//! Turns a glossary's text into a compiled glossary: item by item on every core when the file
//! splits (see [`super::split`]), else through the whole-file parse. Either way the result, and
//! any error, is what [`super::parse_source`] and merging give for the same text.

use std::collections::BTreeMap;
use std::io::{self, Seek, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use super::compiled::{Prepared, Stamp, Writer};
use super::source::SourceText;
use super::yaml::{self, LineMap};
use super::{build_entry, parse_source, split, unsupported};
use crate::error::Error;

/// How often a caller hears about progress while a parse runs.
const TICK: Duration = Duration::from_millis(100);
/// Items are handed to threads in batches of about this many bytes.
const BATCH_BYTES: usize = 256 * 1024;

/// Why compiling stopped.
#[derive(Debug)]
pub enum Failure {
    /// The glossary is broken: the error a load reports.
    Source(Error),
    /// The output could not be written.
    Write(io::Error),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Write(e)
    }
}

/// Compiles `source` into `out` (from its start) and returns the length written. `progress`
/// is called on the calling thread every so often with entries done and entries in all, or
/// `(0, 0)` while that is not known.
pub fn compile<W: Write + Seek>(
    source: &SourceText,
    out: &mut W,
    stamp: Stamp,
    indexed: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<u64, Failure> {
    progress(0, 0);
    // A tag or merge key outside the list fails the whole-file parse, which says where.
    if let Some(split) = split::split(&source.text)
        && unsupported::find(&split.frame).is_none()
        && let Ok((title, lang)) = yaml::parse_frame(&split.frame)
    {
        let mut writer = Writer::new(out, indexed)?;
        let lang = lang.as_deref();
        if parse_items(&source.text, &split.items, lang, &mut writer, progress)? {
            let mut lines = None;
            return Ok(writer.finish(stamp, title, |i| {
                lines
                    .get_or_insert_with(|| LineMap::new(&source.text))
                    .entry(i)
            })?);
        }
    }
    let parsed = in_background(progress, || parse_source(source)).map_err(Failure::Source)?;
    if let Some(error) = parsed.first_error() {
        return Err(Failure::Source(error));
    }
    let mut writer = Writer::new(out, indexed)?;
    for (i, entry) in parsed.entries.iter().enumerate() {
        writer.push(Prepared::of(entry, indexed))?;
        if i % 1024 == 0 {
            progress(i, parsed.entries.len());
        }
    }
    Ok(writer.finish(stamp, parsed.title.clone(), |i| parsed.lines.entry(i))?)
}

/// Runs `work` on another thread while this one keeps reporting progress.
fn in_background<T: Send>(
    progress: &mut dyn FnMut(usize, usize),
    work: impl FnOnce() -> T + Send,
) -> T {
    thread::scope(|scope| {
        let (tx, rx) = mpsc::channel();
        let handle = scope.spawn(move || {
            // The receiver outlives this thread.
            let _ = tx.send(work());
        });
        loop {
            match rx.recv_timeout(TICK) {
                Ok(result) => return result,
                Err(RecvTimeoutError::Timeout) => progress(0, 0),
                Err(RecvTimeoutError::Disconnected) => match handle.join() {
                    Err(panic) => std::panic::resume_unwind(panic),
                    Ok(()) => unreachable!("the worker sends before it ends"),
                },
            }
        }
    })
}

/// Parses a batch of consecutive items (one parse for the lot, as in the whole file) into
/// entries ready to write; `None` when they do not parse or one has a problem (the whole-file
/// parse then finds the error, with its line).
fn prepare(
    text: &str,
    items: &[Range<usize>],
    lang: Option<&str>,
    batch: Range<usize>,
    indexed: bool,
) -> Option<Vec<Prepared>> {
    let span = items[batch.start].start..items[batch.end - 1].end;
    let raw = yaml::parse_items(&text[span], batch.len()).ok()?;
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(raw.len());
    for (raw, index) in raw.into_iter().zip(batch) {
        let entry = build_entry(raw, index, &LineMap::default(), &mut problems, lang);
        if !problems.is_empty() {
            return None;
        }
        out.push(Prepared::of(&entry, indexed));
    }
    Some(out)
}

/// Parses the items on every core and writes them in order. `Ok(false)`: an item failed.
fn parse_items<W: Write + Seek>(
    text: &str,
    items: &[Range<usize>],
    lang: Option<&str>,
    writer: &mut Writer<W>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<bool, Failure> {
    let batches = batches(items);
    let indexed = writer.indexed();
    let total = items.len();
    let mut done = 0;
    in_order(
        &batches,
        &|_, batch| prepare(text, items, lang, batch, indexed),
        &mut |event| {
            if let Some((_, list)) = event {
                done += list.len();
                for p in list {
                    writer.push(p)?;
                }
            }
            progress(done, total);
            Ok(())
        },
    )
}

/// What [`in_order`] hands on: a batch's number and result, or `None` every [`TICK`] while
/// nothing comes.
pub type Event<T> = Option<(usize, T)>;

/// Runs `work` on each batch (its number and its items), on every core, and hands the results to
/// `take` on this thread in the batches' order. `Ok(false)`: a batch gave `None`, and the rest
/// were not waited for. `take` failing stops the work too.
pub fn in_order<T: Send, E>(
    batches: &[Range<usize>],
    work: &(dyn Fn(usize, Range<usize>) -> Option<T> + Sync),
    take: &mut dyn FnMut(Event<T>) -> Result<(), E>,
) -> Result<bool, E> {
    let threads = thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(batches.len());
    if threads <= 1 {
        for (b, batch) in batches.iter().enumerate() {
            let Some(done) = work(b, batch.clone()) else {
                return Ok(false);
            };
            take(Some((b, done)))?;
        }
        return Ok(true);
    }
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<(usize, Option<T>)>(threads * 2);
        for _ in 0..threads {
            let tx = tx.clone();
            let (next, stop) = (&next, &stop);
            scope.spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let b = next.fetch_add(1, Ordering::Relaxed);
                    let Some(batch) = batches.get(b) else { break };
                    let done = work(b, batch.clone());
                    if tx.send((b, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let result = take_in_order(rx, batches.len(), take);
        // Dropping the receiver (in the call above) and raising the flag lets every thread end.
        stop.store(true, Ordering::Relaxed);
        result
    })
}

/// Receives batches from the threads and hands them on in order.
fn take_in_order<T, E>(
    rx: mpsc::Receiver<(usize, Option<T>)>,
    batches: usize,
    take: &mut dyn FnMut(Event<T>) -> Result<(), E>,
) -> Result<bool, E> {
    let mut pending = BTreeMap::new();
    let mut want = 0;
    loop {
        match rx.recv_timeout(TICK) {
            Ok((_, None)) => return Ok(false),
            Ok((b, Some(done))) => {
                pending.insert(b, done);
                while let Some(done) = pending.remove(&want) {
                    take(Some((want, done)))?;
                    want += 1;
                }
            }
            Err(RecvTimeoutError::Timeout) => take(None)?,
            Err(RecvTimeoutError::Disconnected) => return Ok(want == batches),
        }
    }
}

/// Groups consecutive items into batches of about [`BATCH_BYTES`].
pub fn batches(items: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (k, item) in items.iter().enumerate() {
        bytes += item.len();
        if bytes >= BATCH_BYTES {
            out.push(start..k + 1);
            (start, bytes) = (k + 1, 0);
        }
    }
    if start < items.len() {
        out.push(start..items.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::catalog::Catalog;
    use crate::glossary::compiled::Compiled;
    use crate::glossary::source::SourceKind;
    use crate::glossary::{Glossary, ParsedSource};
    use std::io::Cursor;

    fn stamp() -> Stamp {
        Stamp {
            schema: "t".into(),
            key: None,
        }
    }

    fn source(text: &str) -> SourceText {
        SourceText {
            name: "g.yaml".into(),
            kind: SourceKind::File,
            text: text.into(),
        }
    }

    fn via_compile(text: &str) -> Result<(Vec<crate::glossary::Entry>, Vec<String>), String> {
        let mut out = Cursor::new(Vec::new());
        compile(&source(text), &mut out, stamp(), true, &mut |_, _| {}).map_err(|f| match f {
            Failure::Source(e) => e.to_string(),
            Failure::Write(e) => panic!("{e}"),
        })?;
        let c = Compiled::open(out.into_inner(), &stamp(), "g.yaml", SourceKind::File).unwrap();
        let d = c.to_deduped().unwrap();
        let warnings = d.duplicates.iter().map(|d| d.warning("g.yaml")).collect();
        Ok((d.entries, warnings))
    }

    fn via_parse(text: &str) -> Result<(Vec<crate::glossary::Entry>, Vec<String>), String> {
        let parsed: ParsedSource = parse_source(&source(text)).map_err(|e| e.to_string())?;
        let (g, warnings) = Glossary::merge(vec![parsed]).map_err(|e| e.to_string())?;
        Ok((g.entries, warnings))
    }

    /// Files that split, files that do not, and broken ones: compiling must agree with parsing.
    #[test]
    fn compiling_agrees_with_parsing() {
        // Long enough to be cut into several batches, so the threads share the work.
        let filler = "some words of text ".repeat(8);
        let many: String = (0..3000)
            .map(|i| {
                format!("  - title: T{i}\n    category: c\n    summary: >-\n      s {i} {filler}\n")
            })
            .collect();
        assert!(batches(&split::split(&format!("entries:\n{many}")).unwrap().items).len() > 2);
        let cases = [
            format!("name: n\nentries:\n{many}"),
            format!("entries:\n{many}  - title: T1\n    category: dup\n    summary: s\n"),
            format!("entries:\n{many}  - title: ''\n    category: c\n    summary: s\n"),
            format!("entries:\n{many}  - title: [x\n"),
            format!("entries:\n{many}entries: []\n"),
            "entries:\n  - title: &t A\n    category: c\n    summary: s\n  - title: B\n    aliases: [*t]\n    category: c\n    summary: s\n".into(),
            "entries:\n- title: A\n  category: c\n  summary: s\n  extra: {deep: [1, 2]}\n".into(),
            "entries:\n  - title: A\n    category: c\n    summary: s\n---\nentries: []\n".into(),
            "entries: [{title: A, category: c, summary: s}]\n".into(),
            "entries:\n  - title: A\n    category: c\n    summary: |+\n      kept\n\n\n  - title: B\n    category: c\n    summary: s\n".into(),
            "entries:\n  - title: A\n    category: c\n    summary: \"two\n      lines\"\n".into(),
            "entries:\n  - title: A\n    category: c\n  summary: s\n".into(),
            "entries:\n  - 3\n".into(),
            "entries:\n  -\n".into(),
            "name: [\nentries:\n  - title: A\n    category: c\n    summary: s\n".into(),
            "entries:\n  - title: A\n    category: c\n    summary: s\nname: x\nname: y\n".into(),
            "- entries:\n  - title: A\n".into(),
            "entries:\n  - title: A\n    category: c\n    summary: s\n  title: B\n".into(),
            "# only\n".into(),
            "name: !x n\nentries:\n  - title: A\n    category: c\n    summary: s\n".into(),
        ];
        for text in &cases {
            assert_eq!(via_compile(text), via_parse(text), "{text:.200}");
        }
        assert!(split::split(&cases[0]).is_some());
    }

    #[test]
    fn entries_can_be_read_back_one_by_one() {
        let text: String = std::iter::once("entries:\n".to_string())
            .chain((0..500).map(|i| {
                format!(
                    "  - title: Term {i}\n    aliases: [A{i}]\n    category: c\n    summary: s\n"
                )
            }))
            .collect();
        let mut out = Cursor::new(Vec::new());
        compile(&source(&text), &mut out, stamp(), true, &mut |_, _| {}).unwrap();
        let c = Compiled::open(out.into_inner(), &stamp(), "g", SourceKind::File).unwrap();
        assert_eq!(
            c.lookup("a250").unwrap(),
            crate::glossary::Lookup::Found(250)
        );
        assert_eq!(c.entry(499).unwrap().title, "Term 499");
    }
}
