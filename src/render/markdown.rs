//! `show --format markdown`: CommonMark for wikis, READMEs and notes.

use std::io::{self, Write};

use super::escape::escape_controls;
use super::{Shown, paragraphs};

/// Writes one entry as a Markdown document headed by its title.
pub fn write_entry(out: &mut impl Write, shown: &Shown) -> io::Result<()> {
    let e = shown.entry;
    let md = |s: &str| inline(s);
    writeln!(out, "# {}", md(&e.title))?;
    writeln!(out)?;
    let mut meta = vec![format!("**Category:** {}", md(&e.category))];
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|t| md(t)).collect();
        meta.push(format!("**Tags:** {}", tags.join(", ")));
    }
    if let Some(date) = &e.published {
        meta.push(format!("**Published:** {}", md(date)));
    }
    meta.push(format!("**Read:** {} min", e.read_minutes));
    writeln!(out, "{}", meta.join(" · "))?;
    if !e.aliases.is_empty() {
        let aliases: Vec<String> = e.aliases.iter().map(|a| md(a)).collect();
        writeln!(out)?;
        writeln!(out, "**Also known as:** {}", aliases.join(", "))?;
    }
    for paragraph in paragraphs(&e.summary) {
        writeln!(out)?;
        writeln!(out, "{}", md(paragraph))?;
    }
    for section in &e.sections {
        writeln!(out)?;
        writeln!(out, "## {}", md(&section.heading))?;
        for paragraph in section.body.as_deref().map(paragraphs).unwrap_or_default() {
            writeln!(out)?;
            writeln!(out, "{}", md(paragraph))?;
        }
        if !section.items.is_empty() {
            writeln!(out)?;
        }
        for (n, item) in section.items.iter().enumerate() {
            let text = md(&item.text).replace('\n', "\n   ");
            match &item.term {
                Some(term) => writeln!(out, "{}. **{}**: {text}", n + 1, md(term))?,
                None => writeln!(out, "{}. {text}", n + 1)?,
            }
        }
    }
    if !shown.related.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Related")?;
        writeln!(out)?;
        for (slug, title) in &shown.related {
            writeln!(out, "- {} (`{}`)", md(title), escape_controls(slug, false))?;
        }
    }
    if !e.links.is_empty() {
        writeln!(out)?;
        writeln!(out, "## Links")?;
        writeln!(out)?;
        for link in &e.links {
            let url = escape_controls(&link.url, false).replace(['<', '>', ' '], "");
            writeln!(out, "- [{}](<{url}>)", md(&link.title))?;
        }
    }
    Ok(())
}

/// Escapes what Markdown would read as markup, and control characters.
fn inline(text: &str) -> String {
    let text = escape_controls(text, true);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_start();
        // A line that starts like a heading, list or quote would change the document's shape.
        let starts_block = line.starts_with(['#', '>', '-', '+', '='])
            || line
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
        if starts_block {
            out.push('\\');
        }
        for c in line.chars() {
            if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_escaped() {
        assert_eq!(inline("a *b* [c](d) <e>"), "a \\*b\\* \\[c\\](d) \\<e\\>");
        assert_eq!(
            inline("# not a heading\n1. not a list"),
            "\\# not a heading\n\\1. not a list"
        );
        assert_eq!(inline("UX/UI \u{1b}[1m"), "UX/UI \\\\u{1b}\\[1m");
    }
}
