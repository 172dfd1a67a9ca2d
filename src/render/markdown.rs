//! Markdown (CommonMark, as GitHub renders it): one entry for `show`, the whole glossary for
//! `export`. Glossary text is escaped so that it always reads as the text it is.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use super::url::web_address;
use super::{Shown, paragraphs};
use crate::error::Error;
use crate::escape::escape_controls;
use crate::glossary::catalog::Catalog;
use crate::render::document::Outline;

/// Writes one entry as a Markdown document headed by its title.
pub fn write_entry(out: &mut impl Write, shown: &Shown) -> io::Result<()> {
    let related: Vec<String> = shown
        .related
        .iter()
        .map(|(slug, title)| format!("{} ({})", inline(title), code_span(slug)))
        .collect();
    entry(out, shown, 1, &related)
}

/// Writes the whole glossary: a title, a table of contents by category, then each category
/// with its entries, entry by entry. Related entries are links to their headings, with the
/// anchors GitHub gives headings.
pub fn write_glossary<C: Catalog + ?Sized>(out: &mut impl Write, catalog: &C) -> Result<(), Error> {
    let outline = Outline::read(catalog)?;
    let categories = &outline.categories;
    let name = &outline.name;

    // Anchors depend on every heading before them, so walk the headings in document order.
    let mut anchors = Anchors::default();
    anchors.add(name);
    anchors.add("Contents");
    let mut category_anchor = Vec::new();
    let mut entry_anchor: Vec<String> = vec![String::new(); outline.len()];
    for category in categories {
        category_anchor.push(anchors.add(&one_line(&category.name)));
        for &i in &category.entries {
            let e = catalog.entry(i)?;
            entry_anchor[i] = anchors.add(&one_line(&e.title));
            for section in &e.sections {
                anchors.add(&one_line(&section.heading));
            }
            if !outline.links.related[i].is_empty() {
                anchors.add("Related");
            }
            if !e.links.is_empty() {
                anchors.add("Links");
            }
        }
    }
    drop(anchors);
    let link = |i: usize| {
        format!(
            "[{}](#{})",
            inline(&one_line(outline.title(i))),
            entry_anchor[i]
        )
    };

    writeln!(out, "# {}", heading(name))?;
    writeln!(out)?;
    let count = outline.len();
    writeln!(
        out,
        "{count} {} in {} {}.",
        if count == 1 { "entry" } else { "entries" },
        categories.len(),
        if categories.len() == 1 {
            "category"
        } else {
            "categories"
        }
    )?;
    writeln!(out)?;
    writeln!(out, "## Contents")?;
    writeln!(out)?;
    for (category, anchor) in categories.iter().zip(&category_anchor) {
        writeln!(out, "- [{}](#{anchor})", inline(&one_line(&category.name)))?;
        for &i in &category.entries {
            writeln!(out, "  - {}", link(i))?;
        }
    }
    for category in categories {
        writeln!(out)?;
        writeln!(out, "## {}", heading(&category.name))?;
        for &i in &category.entries {
            writeln!(out)?;
            let e = catalog.entry(i)?;
            let shown = Shown {
                entry: &e,
                related: Vec::new(),
            };
            let related: Vec<String> = outline.links.related[i].iter().map(|&r| link(r)).collect();
            entry(out, &shown, 3, &related)?;
        }
    }
    Ok(())
}

/// `scan --format markdown`: a "Glossary" section to paste under a document, each entry's title
/// linked to the anchor `export --format markdown` gives its heading (GitHub's rule for the
/// title), then its summary; and the abbreviations the glossary lacks, when there are any, as
/// `(word, count, first place)`.
pub fn write_found(
    out: &mut impl Write,
    entries: &[&crate::glossary::Entry],
    unknown: &[(&str, u64, String)],
) -> io::Result<()> {
    if !entries.is_empty() {
        writeln!(out, "## Glossary")?;
        writeln!(out)?;
        for e in entries {
            let title = one_line(&e.title);
            let anchor = Anchors::default().add(&title);
            let summary = paragraphs(&e.summary)
                .iter()
                .map(|p| inline(p).replace('\n', "\n  "))
                .collect::<Vec<_>>()
                .join("\n\n  ");
            writeln!(out, "- [{}](#{anchor}): {summary}", inline(&title))?;
        }
    }
    if !unknown.is_empty() {
        if !entries.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "## Not in the glossary")?;
        writeln!(out)?;
        for (word, count, first) in unknown {
            writeln!(
                out,
                "- {}: {count}, first at {}",
                inline(word),
                inline(&one_line(first))
            )?;
        }
    }
    Ok(())
}

/// One entry with its title at heading `level` and its sections one level below; `related`
/// holds the Markdown of each related-entry list item.
fn entry(out: &mut impl Write, shown: &Shown, level: usize, related: &[String]) -> io::Result<()> {
    let e = shown.entry;
    let title = "#".repeat(level);
    let sub = "#".repeat(level + 1);
    writeln!(out, "{title} {}", heading(&e.title))?;
    writeln!(out)?;
    let mut meta = vec![format!("**Category:** {}", inline(&one_line(&e.category)))];
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|t| inline(&one_line(t))).collect();
        meta.push(format!("**Tags:** {}", tags.join(", ")));
    }
    if let Some(date) = &e.published {
        meta.push(format!("**Published:** {}", inline(&one_line(date))));
    }
    meta.push(format!("**Read:** {} min", e.read_minutes));
    writeln!(out, "{}", meta.join(" · "))?;
    if !e.aliases.is_empty() {
        let aliases: Vec<String> = e.aliases.iter().map(|a| inline(&one_line(a))).collect();
        writeln!(out)?;
        writeln!(out, "**Also known as:** {}", aliases.join(", "))?;
    }
    for paragraph in paragraphs(&e.summary) {
        writeln!(out)?;
        writeln!(out, "{}", inline(paragraph))?;
    }
    for section in &e.sections {
        writeln!(out)?;
        writeln!(out, "{sub} {}", heading(&section.heading))?;
        for paragraph in section.body.as_deref().map(paragraphs).unwrap_or_default() {
            writeln!(out)?;
            writeln!(out, "{}", inline(paragraph))?;
        }
        if !section.items.is_empty() {
            writeln!(out)?;
        }
        for (n, item) in section.items.iter().enumerate() {
            let marker = format!("{}. ", n + 1);
            // Continuation lines line up with the item's text, so they stay inside the item.
            let indent = format!("\n{}", " ".repeat(marker.len()));
            let text = paragraphs(&item.text)
                .iter()
                .map(|p| inline(p))
                .collect::<Vec<_>>()
                .join("\n\n")
                .replace('\n', &indent)
                .replace(&format!("{indent}{indent}"), &format!("\n{indent}"));
            match &item.term {
                Some(term) => writeln!(out, "{marker}**{}**: {text}", inline(&one_line(term)))?,
                None => writeln!(out, "{marker}{text}")?,
            }
        }
    }
    if !related.is_empty() {
        writeln!(out)?;
        writeln!(out, "{sub} Related")?;
        writeln!(out)?;
        for item in related {
            writeln!(out, "- {item}")?;
        }
    }
    if !e.links.is_empty() {
        writeln!(out)?;
        writeln!(out, "{sub} Links")?;
        writeln!(out)?;
        for link in &e.links {
            let title = inline(&one_line(&link.title));
            match destination(&link.url) {
                Some(url) => writeln!(out, "- [{title}](<{url}>)")?,
                None => writeln!(out, "- {title}: {}", code_span(&link.url))?,
            }
        }
    }
    Ok(())
}

/// Text for a heading line: on one line, with markup and a closing `#` run escaped.
fn heading(text: &str) -> String {
    inline(&one_line(text))
}

/// Line breaks inside a name or heading would end it early; they become spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A link destination, for the addresses [`web_address`] allows (others are shown as text).
/// Returned ready for `<...>`.
fn destination(url: &str) -> Option<String> {
    let (url, _) = web_address(url)?;
    // `&amp;` in a destination would be read as `&`.
    let chars: Vec<char> = url.chars().collect();
    let mut out = String::with_capacity(url.len());
    for (at, &c) in chars.iter().enumerate() {
        if c == '&' && is_reference(&chars[at + 1..]) {
            out.push('\\');
        }
        out.push(c);
    }
    Some(out)
}

/// Text as an inline code span, with a fence longer than any run of backticks inside it.
fn code_span(text: &str) -> String {
    let text = one_line(&escape_controls(text, false));
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Escapes what CommonMark or GitHub would read as markup, and control characters.
fn inline(text: &str) -> String {
    let text = escape_controls(text, true);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // Leading space would make code blocks; trailing spaces, hard line breaks.
        let line = line.trim();
        let chars: Vec<char> = line.chars().collect();
        // A line that starts like an ordered list item (`1.` or `1)`) would become one.
        let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        let list_marker = (digits > 0
            && chars.get(digits).is_some_and(|c| matches!(c, '.' | ')'))
            && chars.get(digits + 1).is_none_or(|c| c.is_whitespace()))
        .then_some(digits);
        for (at, &c) in chars.iter().enumerate() {
            let escape = match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => true,
                // At the start of a line: headings, lists, block quotes, setext underlines.
                '#' | '-' | '+' | '=' if at == 0 => true,
                // A `#` after a space could close an ATX heading.
                '#' => chars[at - 1].is_whitespace(),
                '.' | ')' => list_marker == Some(at),
                // `&amp;` and `&#123;` would be read as character references.
                '&' => is_reference(&chars[at + 1..]),
                _ => false,
            };
            if escape {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// Whether the text after a `&` makes it an entity or numeric character reference.
fn is_reference(rest: &[char]) -> bool {
    let name: Vec<&char> = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && rest.get(name.len()) == Some(&';')
}

/// Heading anchors as GitHub makes them: lower case, punctuation dropped, spaces to `-`, and
/// `-1`, `-2`... for repeats.
///
/// A heading's text as github-slugger makes it an anchor, before numbering: lower-cased, letters,
/// digits, `-` and `_` kept, spaces made `-`.
fn slug_of(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|&c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors taken are kept as the texts that took their own anchor, and for a text that
/// came again, how many numbered anchors it was given (`text-1` up to `text-N` are all taken):
/// a glossary of 100,000 entries repeats `Advantages` 100,000 times, and those anchors are one
/// count, not 100,000 strings.
#[derive(Default)]
struct Anchors {
    /// Anchors that are their heading's own text.
    own: HashSet<String>,
    /// For a text whose anchor was taken when it came again: how many numbered anchors it has.
    numbered: HashMap<String, usize>,
}

impl Anchors {
    /// The anchor of the next heading with this (unescaped) text (github-slugger's rule).
    fn add(&mut self, text: &str) -> String {
        let original = slug_of(text);
        if !self.taken(&original) {
            self.own.insert(original.clone());
            return original;
        }
        let mut n = self.numbered.get(&original).copied().unwrap_or(0);
        let slug = loop {
            n += 1;
            let slug = format!("{original}-{n}");
            if !self.taken(&slug) {
                break slug;
            }
        };
        self.numbered.insert(original, n);
        slug
    }

    /// Whether an anchor was given already.
    fn taken(&self, slug: &str) -> bool {
        if self.own.contains(slug) {
            return true;
        }
        // A numbered anchor: `text-N`, N written as a count is, with no leading zero.
        let Some((text, n)) = slug.rsplit_once('-') else {
            return false;
        };
        if n.is_empty() || n.starts_with('0') || !n.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        match (n.parse::<usize>(), self.numbered.get(text)) {
            (Ok(n), Some(&count)) => n <= count,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    /// GitHub's Markdown: CommonMark with tables, strikethrough, task lists and autolinks.
    fn github() -> Options {
        Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_GFM
    }

    /// The text a reader sees, and whether any markup other than a paragraph appeared.
    fn rendered(markdown: &str) -> (String, Vec<String>) {
        let mut text = String::new();
        let mut markup = Vec::new();
        for event in Parser::new_ext(markdown, github()) {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::SoftBreak => text.push('\n'),
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                other => markup.push(format!("{other:?}")),
            }
        }
        (text, markup)
    }

    #[test]
    fn any_text_reads_as_itself() {
        let hostile = [
            "a *b* _c_ **d** `e` [f](g) <h> ![i](j) ~~k~~ | l | \\m",
            "# not a heading",
            "## C #",
            "1. not a list",
            "2024) not a list either",
            "7.",
            "- dash\n+ plus\n* star\n> quote",
            "===\n---\n___",
            "```\nfence\n~~~",
            "    indented\n\ttabbed",
            "&amp; &#123; &copy; R&D &",
            "trailing spaces  \nnext",
            "<script>alert(1)</script>",
            "[ref]: https://example.org",
            "http://example.org www.example.org",
            "line\\\nbreak",
            "C# and F# #1",
        ];
        for text in hostile {
            let (got, markup) = rendered(&inline(text));
            let expected: Vec<&str> = text.split('\n').map(str::trim).collect();
            assert_eq!(got, expected.join("\n"), "{text:?} -> {:?}", inline(text));
            // GitHub turns bare web addresses into links; that changes no text.
            let markup: Vec<_> = markup.into_iter().filter(|m| !m.contains("Link")).collect();
            assert!(markup.is_empty(), "{text:?} -> {markup:?}");
        }
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code_span("slug"), "`slug`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        for text in ["a`b", "`x", "``", "a\u{1b}b"] {
            let span = code_span(text);
            let events: Vec<Event> = Parser::new(&span).collect();
            let code: Vec<String> = events
                .iter()
                .filter_map(|e| match e {
                    Event::Code(c) => Some(c.to_string()),
                    _ => None,
                })
                .collect();
            assert_eq!(
                code,
                [escape_controls(text, false).into_owned()],
                "{text:?}"
            );
        }
    }

    #[test]
    fn only_web_and_mail_addresses_become_links() {
        assert_eq!(
            destination(" https://x.org/a "),
            Some("https://x.org/a".into())
        );
        // The same allow-list as HTML: a mail address is text, not a link.
        assert_eq!(destination("mailto:a@b.c"), None);
        assert_eq!(destination("javascript:alert(1)"), None);
        assert_eq!(destination("https://x.org/a b"), None);
        assert_eq!(destination("https://x.org/<a>"), None);
        assert_eq!(
            destination("https://x.org/?a=1&amp;b=2&c"),
            Some("https://x.org/?a=1\\&amp;b=2&c".into())
        );
    }

    /// github-slugger's rule as it is written: every anchor given, in one map.
    #[derive(Default)]
    struct Reference {
        seen: HashMap<String, usize>,
    }

    impl Reference {
        fn add(&mut self, text: &str) -> String {
            let original = slug_of(text);
            let mut slug = original.clone();
            while self.seen.contains_key(&slug) {
                let n = self.seen.entry(original.clone()).or_insert(0);
                *n += 1;
                slug = format!("{original}-{n}");
            }
            self.seen.insert(slug.clone(), 0);
            slug
        }
    }

    #[test]
    fn anchors_agree_with_the_rule_as_written() {
        // Texts that collide with each other's numbered anchors in every way.
        let words = [
            "a", "a-1", "a-2", "a-1-1", "a-01", "a-0", "A 1", "a--1", "b", "b-1", "-1", "1", "",
            "a-", "a-1-",
        ];
        let mut seed = 7u64;
        for _ in 0..200 {
            let (mut mine, mut theirs) = (Anchors::default(), Reference::default());
            for _ in 0..40 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let word = words[(seed >> 33) as usize % words.len()];
                assert_eq!(mine.add(word), theirs.add(word), "{word:?}");
            }
        }
    }

    #[test]
    fn anchors_follow_github() {
        let mut a = Anchors::default();
        assert_eq!(a.add("Technical Lead Jobs"), "technical-lead-jobs");
        assert_eq!(a.add("Advantages"), "advantages");
        assert_eq!(a.add("Advantages"), "advantages-1");
        assert_eq!(a.add("Advantages"), "advantages-2");
        assert_eq!(a.add("UX/UI: a *guide*"), "uxui-a-guide");
        assert_eq!(a.add("技術 リード"), "技術-リード");
        assert_eq!(a.add("advantages-1"), "advantages-1-1");
    }
}
