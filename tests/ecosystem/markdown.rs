//! `show --format markdown` and `export --format markdown`, read back by a CommonMark parser
//! with GitHub's extensions: the structure is the intended one, and text stays text.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::support::{bundled_size, fixture, stdout, tool};

fn markdown(args: &[&str]) -> String {
    let output = tool().args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

/// GitHub's flavour: CommonMark plus tables, strikethrough, task lists and autolinks.
fn parse(text: &str) -> Vec<Event<'_>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    Parser::new_ext(text, options).collect()
}

/// Headings as (level, text), in order.
fn headings(events: &[Event]) -> Vec<(u8, String)> {
    let mut out = Vec::new();
    let mut current: Option<(u8, String)> = None;
    for event in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((depth(*level), String::new()))
            }
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(t);
                }
            }
            _ => {}
        }
    }
    out
}

fn depth(level: HeadingLevel) -> u8 {
    level as u8
}

/// Events a glossary's text must never produce: raw HTML, and markup nobody wrote.
fn unexpected(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter(|e| {
            matches!(
                e,
                Event::Html(_)
                    | Event::InlineHtml(_)
                    | Event::Start(
                        Tag::Emphasis
                            | Tag::Strikethrough
                            | Tag::BlockQuote(_)
                            | Tag::CodeBlock(_)
                            | Tag::Table(_)
                            | Tag::Image { .. }
                    )
            )
        })
        .map(|e| format!("{e:?}"))
        .collect()
}

#[test]
fn an_entry_has_the_shape_it_should() {
    let text = markdown(&["show", "technical-lead", "--format", "markdown"]);
    let events = parse(&text);
    assert_eq!(
        headings(&events),
        [
            (1, "Technical Lead Jobs".into()),
            (2, "Advantages".into()),
            (2, "Applications".into()),
            (2, "Conclusion".into()),
            (2, "Related".into()),
        ]
    );
    let ordered = events
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::List(Some(1)))))
        .count();
    assert_eq!(ordered, 2);
    let items = events
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::Item)))
        .count();
    assert_eq!(items, 4 + 4 + 16);
    assert_eq!(unexpected(&events), Vec::<String>::new());
    assert!(text.starts_with(
        "# Technical Lead Jobs\n\n**Category:** Careers · **Tags:** leadership, roles, careers · **Published:** 2024-03-19 · **Read:** 3 min\n"
    ));
    assert!(text.contains("\n1. **Technical Expertise**: The role rewards depth."));
    assert!(text.ends_with("- Design Document (`design-document`)\n"));
}

#[test]
fn markup_in_the_glossary_stays_text() {
    let text = markdown(&[
        "-g",
        &fixture("markup.yaml"),
        "show",
        "script-title",
        "-f",
        "markdown",
    ]);
    let events = parse(&text);
    assert_eq!(unexpected(&events), Vec::<String>::new(), "{text}");
    assert_eq!(
        headings(&events),
        [
            (1, "<script>window.pwned = 1</script> Title".into()),
            (2, "Section ## with # signs #".into()),
            (2, "Related".into()),
            (2, "Links".into()),
        ]
    );
    let all_text: String = events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.to_string()),
            Event::SoftBreak => Some("\n".into()),
            _ => None,
        })
        .collect();
    for written in [
        "Text with *emphasis*, _under_, `code`, [a link](https://example.org), ~~struck~~ and <i>html</i>.\n# not a heading\n1. not a list\n&copy; is not a symbol here; R&D stays R&D.",
        "- not a bullet\n> not a quote",
        "**Term** | pipe",
        "Item text with \\ backslash and <br> tag.",
        "javascript:window.pwned=4",
        "quote\"slug",
    ] {
        assert!(
            all_text.contains(written),
            "{written:?} not in {all_text:?}"
        );
    }
    // Only the web address is a link.
    let links: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(links, ["https://example.org/a?b=1&c=2"]);
}

#[test]
fn the_exported_document_links_to_its_own_headings() {
    let text = markdown(&["export", "--format", "markdown"]);
    let events = parse(&text);
    assert_eq!(unexpected(&events), Vec::<String>::new());
    let headings = headings(&events);
    assert_eq!(headings[0], (1, "Tech Lead Glossary".into()));
    assert_eq!(headings[1], (2, "Contents".into()));
    let (entries, categories) = bundled_size();
    assert_eq!(
        headings.iter().filter(|(level, _)| *level == 2).count(),
        1 + categories
    );
    assert_eq!(
        headings.iter().filter(|(level, _)| *level == 3).count(),
        entries
    );
    // GitHub's heading anchors, computed independently here.
    let mut anchors = std::collections::HashMap::new();
    let mut ids = Vec::new();
    for (_, heading) in &headings {
        let base: String = heading
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let n = anchors.entry(base.clone()).or_insert(0);
        ids.push(if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        });
        *n += 1;
    }
    let targets: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('#') => {
                Some(dest_url[1..].to_string())
            }
            _ => None,
        })
        .collect();
    // The contents list every category and entry, and each related entry is a link.
    assert!(targets.len() > entries + categories, "{}", targets.len());
    for target in &targets {
        assert!(ids.contains(target), "#{target} names no heading");
    }
    assert!(text.contains("- [Careers](#careers)\n  - [Career Ladder](#career-ladder)\n"));
    assert!(text.contains("#### Related\n\n- [Cloud Call Centers for Financial Firms](#cloud-call-centers-for-financial-firms)\n"));
}

#[test]
fn the_exported_markup_glossary_is_still_text() {
    let text = markdown(&["-g", &fixture("markup.yaml"), "export", "-f", "markdown"]);
    let events = parse(&text);
    assert_eq!(unexpected(&events), Vec::<String>::new(), "{text}");
    assert!(text.starts_with("# Markup \\<b\\>\\&amp;\\</b\\> \"Glossary\"\n"));
}
