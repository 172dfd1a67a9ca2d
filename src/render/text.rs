//! `show --format text`: an entry for reading, wrapped and styled on a terminal, plain in a pipe.

use std::io::{self, Write};

use super::{Shown, Style, paragraphs};
use crate::escape::escape_controls;
use crate::glossary::{Entry, Section};

const BOLD: &str = "\x1b[1m";
const BOLD_UNDERLINE: &str = "\x1b[1;4m";
const DIM: &str = "\x1b[2m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// Writes one entry.
pub fn write_entry(out: &mut impl Write, shown: &Shown, style: Style) -> io::Result<()> {
    let pen = Pen { style };
    let e = shown.entry;
    header(out, &pen, e)?;
    for paragraph in paragraphs(&e.summary) {
        writeln!(out)?;
        for line in pen.block(paragraph, "", "") {
            writeln!(out, "{line}")?;
        }
    }
    for section in &e.sections {
        writeln!(out)?;
        write_section(out, &pen, section)?;
    }
    if !shown.related.is_empty() {
        writeln!(out)?;
        related(out, &pen, &shown.related)?;
    }
    if !e.links.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", pen.paint(BOLD, "Links"))?;
        for link in &e.links {
            writeln!(out, "  - {}", pen.clean(&link.title))?;
            writeln!(out, "    {}", pen.paint(CYAN, &pen.clean(&link.url)))?;
        }
    }
    Ok(())
}

/// Colours (when the style has them), escaping and wrapping, as every part of an entry uses them.
struct Pen {
    style: Style,
}

impl Pen {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.style.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }

    fn clean(&self, text: &str) -> String {
        escape_controls(text, true).into_owned()
    }

    /// Lines like the title are never wrapped inside a word, and never re-flowed in a pipe.
    fn block(&self, text: &str, first: &str, rest: &str) -> Vec<String> {
        wrap(&self.clean(text), first, rest, self.style.width)
    }
}

/// The title, then category, date and reading time, tags and other names, dimmed.
fn header(out: &mut impl Write, pen: &Pen, e: &Entry) -> io::Result<()> {
    for line in pen.block(&e.title, "", "") {
        writeln!(out, "{}", pen.paint(BOLD_UNDERLINE, &line))?;
    }
    let mut meta = vec![pen.clean(&e.category)];
    if let Some(date) = &e.published {
        meta.push(pen.clean(date));
    }
    meta.push(format!("{} min read", e.read_minutes));
    let mut dim = vec![(meta.join(" · "), "")];
    if !e.tags.is_empty() {
        dim.push((format!("Tags: {}", e.tags.join(", ")), "      "));
    }
    if !e.aliases.is_empty() {
        dim.push((format!("Also: {}", e.aliases.join(", ")), "      "));
    }
    for (text, hang) in dim {
        for line in pen.block(&text, "", hang) {
            writeln!(out, "{}", pen.paint(DIM, &line))?;
        }
    }
    Ok(())
}

/// A section: its heading, its paragraphs indented, its items numbered with a hanging indent.
fn write_section(out: &mut impl Write, pen: &Pen, section: &Section) -> io::Result<()> {
    writeln!(out, "{}", pen.paint(BOLD, &pen.clean(&section.heading)))?;
    let body = section.body.as_deref().map(paragraphs).unwrap_or_default();
    for (n, paragraph) in body.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        for line in pen.block(paragraph, "  ", "  ") {
            writeln!(out, "{line}")?;
        }
    }
    let number_width = section.items.len().to_string().len();
    for (n, item) in section.items.iter().enumerate() {
        let label = format!("  {:>number_width$}. ", n + 1);
        let hang = " ".repeat(label.len());
        let Some(term) = &item.term else {
            for line in pen.block(&item.text, &label, &hang) {
                writeln!(out, "{line}")?;
            }
            continue;
        };
        for (i, line) in pen.block(term, &label, &hang).into_iter().enumerate() {
            let (lead, rest) = line.split_at(if i == 0 { label.len() } else { hang.len() });
            writeln!(out, "{lead}{}", pen.paint(BOLD, rest))?;
        }
        for line in pen.block(&item.text, &hang, &hang) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// The related entries: each title, and its slug to look it up by (beside the title in a pipe,
/// on a line of its own on a terminal).
fn related(out: &mut impl Write, pen: &Pen, related: &[(&str, &str)]) -> io::Result<()> {
    writeln!(out, "{}", pen.paint(BOLD, "Related"))?;
    for (slug, title) in related {
        let slug = pen.paint(CYAN, &format!("({})", pen.clean(slug)));
        for (i, line) in pen.block(title, "  - ", "    ").into_iter().enumerate() {
            if i == 0 && pen.style.width.is_none() {
                writeln!(out, "{line} {slug}")?;
            } else {
                writeln!(out, "{line}")?;
            }
        }
        if pen.style.width.is_some() {
            writeln!(out, "    {slug}")?;
        }
    }
    Ok(())
}

/// `scan --format text`: each entry's title and summary, then the abbreviations the glossary
/// lacks, when there are any, as `(word, count, first place)`.
pub fn write_found(
    out: &mut impl Write,
    entries: &[&crate::glossary::Entry],
    unknown: &[(&str, u64, String)],
    style: Style,
) -> io::Result<()> {
    let bold = |text: &str| {
        if style.color {
            format!("{BOLD}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let clean = |s: &str| escape_controls(s, true).into_owned();
    for (n, e) in entries.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        for line in wrap(&clean(&e.title), "", "", style.width) {
            writeln!(out, "{}", bold(&line))?;
        }
        for (i, paragraph) in paragraphs(&e.summary).iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            for line in wrap(&clean(paragraph), "  ", "  ", style.width) {
                writeln!(out, "{line}")?;
            }
        }
    }
    if !unknown.is_empty() {
        if !entries.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "{}", bold("Not in the glossary"))?;
        for (word, count, first) in unknown {
            writeln!(
                out,
                "  {}: {count}, first at {}",
                clean(word),
                escape_controls(first, false)
            )?;
        }
    }
    Ok(())
}

/// Wraps text to `width` with the given first-line and following-line indents; with no width,
/// keeps each written line as it is, indented.
fn wrap(text: &str, first: &str, rest: &str, width: Option<usize>) -> Vec<String> {
    match width {
        Some(width) => {
            let options = textwrap::Options::new(width.max(first.len() + 10))
                .initial_indent(first)
                .subsequent_indent(rest);
            textwrap::wrap(text, options)
                .into_iter()
                .map(|l| l.into_owned())
                .collect()
        }
        None => text
            .lines()
            .enumerate()
            .map(|(i, line)| format!("{}{line}", if i == 0 { first } else { rest }))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::{Entry, Item, Section};

    fn entry() -> Entry {
        Entry {
            slug: "x".into(),
            title: "Example \u{1b}[2J Title".into(),
            aliases: vec!["Ex".into()],
            category: "Cat".into(),
            tags: vec!["a".into(), "b".into()],
            published: Some("2024-03-19".into()),
            read_minutes: 3,
            summary: "First paragraph has several words in it.\n\nSecond.".into(),
            sections: vec![Section {
                heading: "Advantages".into(),
                body: None,
                items: vec![Item {
                    term: Some("Speed".into()),
                    text: "It is quick to use daily.".into(),
                }],
            }],
            related: vec![],
            links: vec![],
            lang: None,
        }
    }

    fn render(style: Style) -> String {
        let e = entry();
        let shown = Shown {
            entry: &e,
            related: vec![("y", "Why")],
        };
        let mut out = Vec::new();
        write_entry(&mut out, &shown, style).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_output_has_no_escape_codes_and_no_wrapping() {
        assert_eq!(
            render(Style::PLAIN),
            "Example \\u{1b}[2J Title\nCat · 2024-03-19 · 3 min read\nTags: a, b\nAlso: Ex\n\n\
             First paragraph has several words in it.\n\nSecond.\n\nAdvantages\n  1. Speed\n     \
             It is quick to use daily.\n\nRelated\n  - Why (y)\n"
        );
    }

    #[test]
    fn terminal_output_wraps_and_paints() {
        let got = render(Style {
            color: true,
            width: Some(20),
        });
        assert!(
            got.starts_with("\x1b[1;4mExample \\u{1b}[2J\x1b[0m\n"),
            "{got}"
        );
        assert!(
            got.contains("First paragraph has\nseveral words in it.\n"),
            "{got}"
        );
        assert!(
            got.contains("  1. \x1b[1mSpeed\x1b[0m\n     It is quick to\n     use daily.\n"),
            "{got}"
        );
        for line in got.lines() {
            let visible = line
                .replace("\x1b[1;4m", "")
                .replace("\x1b[0m", "")
                .replace("\x1b[1m", "");
            let visible = visible.replace("\x1b[2m", "").replace("\x1b[36m", "");
            assert!(visible.chars().count() <= 20, "{line:?}");
        }
    }
}
