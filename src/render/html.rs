//! `export --format html`: the whole glossary as one self-contained page (inline style and
//! script, nothing fetched), with an index by category, a filter box, and light and dark themes.
//!
//! Every piece of glossary text is HTML-escaped, and the page's Content-Security-Policy allows
//! only its own style and script (by hash), so even a missed escape could not run a script.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::paragraphs;
use super::url::web_address;
use crate::error::Error;
use crate::escape::escape_controls;
use crate::glossary::catalog::{Catalog, Links};
use crate::glossary::date::Date;
use crate::glossary::lang::is_language_tag;
use crate::glossary::{Entry, Link};
use crate::render::document::{self, Category, Outline};

const STYLE: &str = include_str!("html/page.css");
/// Entries in a chunk (see [`write_glossary`]); page.css's estimate of a chunk's height assumes it.
const CHUNK: usize = 32;
const SCRIPT: &str = include_str!("html/page.js");
/// Base64 SHA-256 of [`STYLE`] and [`SCRIPT`], for the Content-Security-Policy; a unit test
/// recomputes them.
const STYLE_SHA256: &str = "4+0AYpjyll0xKHV6+MGvBzGnQwcYA7M54bGZkuUvHNo=";
const SCRIPT_SHA256: &str = "uC1TLBUGBkQN0s5dntd7hYja7lzydJN25G2osuWPb4Y=";

/// What the page needs to know of every entry to name and link it.
struct Names<'a> {
    outline: &'a Outline,
    anchors: Vec<String>,
    /// Each entry's language ([`lang_of`]), as a position in `langs`, the languages written.
    lang: Vec<u32>,
    langs: Vec<String>,
    /// The page's language.
    page: String,
    /// What tells an entry apart from others with the same title (its language, else its
    /// slug), shown after the title in links, landmark names and the index.
    which: Vec<Option<String>>,
}

impl<'a> Names<'a> {
    /// Reads every entry once for its language.
    fn of<C: Catalog + ?Sized>(catalog: &C, outline: &'a Outline) -> Result<Names<'a>, Error> {
        let mut langs: Vec<String> = Vec::new();
        let mut known: HashMap<String, u32> = HashMap::new();
        let mut lang = Vec::with_capacity(outline.len());
        for i in 0..outline.len() {
            let entry = catalog.entry(i)?;
            let own = lang_of(&entry);
            let at = match known.get(own) {
                Some(&at) => at,
                None => {
                    let at = langs.len() as u32;
                    langs.push(own.to_string());
                    known.insert(own.to_string(), at);
                    at
                }
            };
            lang.push(at);
        }
        let page = page_lang(&lang, &langs);
        let anchors = (0..outline.len()).map(|i| outline.anchor(i)).collect();
        let mut titles: HashMap<&str, Vec<usize>> = HashMap::new();
        for i in 0..outline.len() {
            titles.entry(outline.title(i)).or_default().push(i);
        }
        let which = (0..outline.len())
            .map(|i| {
                let same = &titles[outline.title(i)];
                if same.len() < 2 {
                    return None;
                }
                let own = &langs[lang[i] as usize];
                let langs_differ = same
                    .iter()
                    .filter(|&&j| langs[lang[j] as usize].eq_ignore_ascii_case(own))
                    .count()
                    == 1;
                Some(if langs_differ {
                    own.clone()
                } else {
                    outline.slug(i).to_string()
                })
            })
            .collect();
        Ok(Names {
            outline,
            anchors,
            lang,
            langs,
            page,
            which,
        })
    }

    /// ` lang="…"` for an entry in another language than the page.
    fn lang_attr(&self, i: usize) -> String {
        let own = &self.langs[self.lang[i] as usize];
        if own.eq_ignore_ascii_case(&self.page) {
            String::new()
        } else {
            format!(" lang=\"{}\"", text(own))
        }
    }

    /// The entry's title as a link shows it, told apart from entries with the same title.
    fn title(&self, i: usize) -> String {
        let title = text(self.outline.title(i));
        match &self.which[i] {
            Some(which) => format!("{title} <span class=\"which\">({})</span>", text(which)),
            None => title,
        }
    }

    /// The same as plain text, for an attribute.
    fn plain_title(&self, i: usize) -> String {
        let title = text(self.outline.title(i));
        match &self.which[i] {
            Some(which) => format!("{title} ({})", text(which)),
            None => title,
        }
    }

    /// A link to entry `i`, in its language, its direction taken from its text.
    fn link(&self, i: usize) -> String {
        format!(
            "<a href=\"#{}\" dir=\"auto\"{}>{}</a>",
            self.anchors[i],
            self.lang_attr(i),
            self.title(i)
        )
    }
}

/// An entry's language: its own or its file's `lang` when that is a tag, else English (SPEC §2).
fn lang_of(e: &Entry) -> &str {
    e.lang
        .as_deref()
        .filter(|l| is_language_tag(l))
        .unwrap_or("en")
}

/// The page's language: the one most entries are written in (the first such on a tie); `lang`
/// holds each entry's language as a position in `langs`.
fn page_lang(lang: &[u32], langs: &[String]) -> String {
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, &l) in lang.iter().enumerate() {
        counts
            .entry(langs[l as usize].to_ascii_lowercase())
            .or_insert((0, i))
            .0 += 1;
    }
    counts
        .into_values()
        .max_by(|(n, first), (m, other)| n.cmp(m).then(other.cmp(first)))
        .map_or_else(
            || "en".to_string(),
            |(_, first)| langs[lang[first] as usize].clone(),
        )
}

/// Writes the page, entry by entry.
pub fn write_glossary<C: Catalog + ?Sized>(out: &mut impl Write, catalog: &C) -> Result<(), Error> {
    let outline = Outline::read(catalog)?;
    let names = Names::of(catalog, &outline)?;
    let name = &outline.name;
    let lang = &names.page;
    // The page's own words are English; in a page of another language they say so.
    let ui = if lang.to_ascii_lowercase().split('-').next() == Some("en") {
        ""
    } else {
        " lang=\"en\""
    };

    let mut page = String::with_capacity(64 * 1024);
    let p = &mut page;
    head(p, lang, name, ui);
    header(p, name, outline.len(), outline.categories.len(), ui);
    // The script comes before the entries, so the filter box works while they still load.
    let _ = writeln!(p, "<script>{SCRIPT}</script>");

    let _ = writeln!(
        p,
        "<div class=\"layout\">\n<details class=\"index\" open>\n<summary{ui}>Index by category</summary>\n<nav aria-label=\"Index by category\"{ui}>"
    );
    for (c, category) in outline.categories.iter().enumerate() {
        index_group(p, category, c, &names);
        flush(out, p)?;
    }
    p.push_str("</nav>\n</details>\n<main class=\"entries\" id=\"entries\" tabindex=\"-1\">\n");
    // Entries come in chunks that the browser lays out only near the view: on a page of
    // thousands, a change of the filter then restyles the few chunks in sight, not every entry.
    for (n, i) in outline.order().enumerate() {
        if n % CHUNK == 0 {
            p.push_str(if n == 0 {
                "<div class=\"chunk\">\n"
            } else {
                "</div>\n<div class=\"chunk\">\n"
            });
        }
        let e = catalog.entry(i)?;
        entry(p, &e, i, &outline, &names, ui);
        flush(out, p)?;
    }
    if !outline.is_empty() {
        p.push_str("</div>\n");
    }
    let _ = writeln!(
        p,
        "<p class=\"empty\" hidden{ui}>No entry matches the filter.</p>\n</main>\n</div>"
    );
    let _ = writeln!(
        p,
        "<footer{ui}>Exported by techlead-glossary {}. This page works offline: it loads nothing.</footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    flush(out, p)?;
    Ok(())
}

/// Writes what the page holds so far and empties it.
fn flush(out: &mut impl Write, page: &mut String) -> io::Result<()> {
    out.write_all(page.as_bytes())?;
    page.clear();
    Ok(())
}

/// The document's head: language, viewport, colour schemes, the content security policy that
/// lets only this page's own style and script run, the title and the style; then the body's
/// skip link.
fn head(p: &mut String, lang: &str, name: &str, ui: &str) {
    let _ = writeln!(
        p,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">",
        text(lang)
    );
    p.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    p.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n");
    let _ = writeln!(
        p,
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-{STYLE_SHA256}'; script-src 'sha256-{SCRIPT_SHA256}'; base-uri 'none'; form-action 'none'\">"
    );
    let _ = writeln!(
        p,
        "<meta name=\"generator\" content=\"techlead-glossary {}\">",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(p, "<title>{}</title>", text(name));
    let _ = writeln!(p, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(
        p,
        "<a class=\"skip\" href=\"#entries\"{ui}>Skip to entries</a>"
    );
}

/// The sticky header: the glossary's name, its counts, the print date line, and the filter box.
fn header(p: &mut String, name: &str, count: usize, categories: usize, ui: &str) {
    let _ = writeln!(
        p,
        "<header class=\"top\" id=\"top\"><div class=\"bar\">\n<h1 tabindex=\"-1\" dir=\"auto\">{}</h1>\n<p class=\"count\"{ui}>{count} {} · {} {}</p>\n<p class=\"printed\"{ui}></p>",
        text(name),
        plural(count, "entry", "entries"),
        categories,
        plural(categories, "category", "categories"),
    );
    let _ = writeln!(
        p,
        "<div class=\"find\"{ui}><input class=\"filter\" type=\"search\" placeholder=\"Filter by title, tag, category…\" title=\"Filter entries (press / to get here, Enter to go to the first, Esc to clear)\" aria-label=\"Filter entries\" autocomplete=\"off\" hidden><p class=\"status\" aria-live=\"polite\"></p></div>\n</div></header>"
    );
}

fn index_group(p: &mut String, category: &Category, c: usize, names: &Names) {
    let _ = writeln!(
        p,
        "<section class=\"group cat-{}\">\n<h2 dir=\"auto\">{} <span class=\"n\">{}</span></h2>\n<ul>",
        c % document::PALETTE.len(),
        text(&category.name),
        category.entries.len()
    );
    for &i in &category.entries {
        let _ = writeln!(
            p,
            "<li data-for=\"{}\">{}</li>",
            names.anchors[i],
            names.link(i)
        );
    }
    p.push_str("</ul>\n</section>\n");
}

fn entry(p: &mut String, e: &Entry, i: usize, outline: &Outline, names: &Names, ui: &str) {
    let category = outline.category_of[i];
    let id = &names.anchors[i];
    let _ = writeln!(
        p,
        "<article class=\"entry cat-{}\" id=\"{id}\" dir=\"auto\"{} data-text=\"{}\">",
        category % document::PALETTE.len(),
        names.lang_attr(i),
        text(&filter_text(e)),
    );
    let _ = writeln!(p, "<h2><a href=\"#{id}\">{}</a></h2>", names.title(i));
    meta(p, e, i, names, ui);
    body(p, e);
    references(p, e, i, &outline.links, names, ui);
    let _ = writeln!(
        p,
        "<p class=\"back\"{ui}><a href=\"#top\">Back to top</a></p>\n</article>"
    );
}

/// The category, date, reading time, tags and other names of an entry.
fn meta(p: &mut String, e: &Entry, i: usize, names: &Names, ui: &str) {
    let _ = write!(
        p,
        "<p class=\"meta\"><span class=\"badge\">{}</span>",
        text(&e.category)
    );
    if let Some(date) = &e.published {
        match Date::parse(date).map(|d| d.long()) {
            Some(long) => {
                let _ = write!(p, "<time datetime=\"{}\"{ui}>{long}</time>", text(date));
            }
            None => {
                let _ = write!(p, "<span>{}</span>", text(date));
            }
        }
    }
    let _ = writeln!(p, "<span{ui}>{} min read</span></p>", e.read_minutes);
    if !e.tags.is_empty() {
        let _ = write!(p, "<ul class=\"tags\" aria-label=\"Tags\"{ui}>");
        for tag in &e.tags {
            let _ = write!(
                p,
                "<li><button type=\"button\" class=\"tag\" dir=\"auto\"{}>{}</button></li>",
                names.lang_attr(i),
                text(tag)
            );
        }
        p.push_str("</ul>\n");
    }
    if !e.aliases.is_empty() {
        let aliases: Vec<String> = e.aliases.iter().map(|a| text(a)).collect();
        let _ = writeln!(
            p,
            "<p class=\"aliases\"><span{ui}>Also known as:</span> {}</p>",
            aliases.join(", ")
        );
    }
}

/// The summary and the sections.
fn body(p: &mut String, e: &Entry) {
    for paragraph in paragraphs(&e.summary) {
        let _ = writeln!(p, "<p>{}</p>", lines(paragraph));
    }
    for section in &e.sections {
        let _ = writeln!(p, "<section>\n<h3>{}</h3>", text(&section.heading));
        for paragraph in section.body.as_deref().map(paragraphs).unwrap_or_default() {
            let _ = writeln!(p, "<p>{}</p>", lines(paragraph));
        }
        if !section.items.is_empty() {
            p.push_str("<ol>\n");
            for item in &section.items {
                p.push_str("<li>");
                if let Some(term) = &item.term {
                    let _ = write!(p, "<strong>{}</strong>", text(term));
                }
                let _ = writeln!(p, "{}</li>", lines(&item.text));
            }
            p.push_str("</ol>\n");
        }
        p.push_str("</section>\n");
    }
}

/// The entries it links to and that link to it, each list a landmark named after the entry,
/// then its outside links.
fn references(p: &mut String, e: &Entry, i: usize, links: &Links, names: &Names, ui: &str) {
    let related = &links.related[i];
    let backlinks: Vec<usize> = links.back[i]
        .iter()
        .copied()
        .filter(|b| !related.contains(b))
        .collect();
    if !related.is_empty() || !backlinks.is_empty() || !e.links.is_empty() {
        p.push_str("<div class=\"refs\">\n");
        let this = names.plain_title(i);
        for (heading, label, list) in [
            ("Related", "Related to", related),
            ("Linked from", "Entries linking to", &backlinks),
        ] {
            if list.is_empty() {
                continue;
            }
            // Each entry's lists are landmarks of their own, named after the entry.
            let _ = writeln!(
                p,
                "<nav aria-label=\"{label} {this}\">\n<h3{ui}>{heading}</h3>\n<ul>"
            );
            for &r in list {
                let _ = writeln!(p, "<li>{}</li>", names.link(r));
            }
            p.push_str("</ul>\n</nav>\n");
        }
        external_links(p, &e.links, ui);
        p.push_str("</div>\n");
    }
}

/// Outside links: web addresses as links, anything else as text.
fn external_links(p: &mut String, links: &[Link], ui: &str) {
    if !links.is_empty() {
        let _ = writeln!(p, "<section>\n<h3{ui}>Links</h3>\n<ul>");
        for link in links {
            match web_address(&link.url) {
                Some((url, host)) => {
                    let _ = writeln!(
                        p,
                        "<li><a href=\"{}\" rel=\"noopener noreferrer\" dir=\"auto\">{}</a> <span class=\"host\">{}</span></li>",
                        text(url),
                        text(&link.title),
                        text(host)
                    );
                }
                None => {
                    let _ = writeln!(
                        p,
                        "<li>{} <span class=\"host\">{}</span></li>",
                        text(&link.title),
                        text(&link.url)
                    );
                }
            }
        }
        p.push_str("</ul>\n</section>\n");
    }
}

/// What the filter box matches against, lower-cased.
fn filter_text(e: &Entry) -> String {
    let mut parts = vec![e.title.as_str(), e.slug.as_str(), e.category.as_str()];
    parts.extend(e.aliases.iter().map(String::as_str));
    parts.extend(e.tags.iter().map(String::as_str));
    parts.push(&e.summary);
    parts
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// A paragraph of glossary text, its written line breaks kept, as in the terminal.
fn lines(raw: &str) -> String {
    raw.lines()
        .map(|line| text(line.trim()))
        .collect::<Vec<_>>()
        .join("<br>\n")
}

/// Glossary text for HTML content or a quoted attribute: control and bidirectional characters
/// shown escaped (as in every other format), then `& < > " '` as character references.
fn text(raw: &str) -> String {
    let raw = escape_controls(raw, true);
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use sha2::{Digest, Sha256};

    fn sha256(text: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    }

    #[test]
    fn the_policy_allows_exactly_the_page_s_own_style_and_script() {
        assert_eq!(STYLE_SHA256, sha256(STYLE), "update STYLE_SHA256");
        assert_eq!(SCRIPT_SHA256, sha256(SCRIPT), "update SCRIPT_SHA256");
    }

    #[test]
    fn text_is_escaped_for_content_and_attributes() {
        assert_eq!(
            text("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(text("a\u{1b}[31m\u{202e}"), "a\\u{1b}[31m\\u{202e}");
    }

    #[test]
    fn only_calendar_dates_become_times() {
        let page = |date: &str| {
            let g = crate::glossary::from_yaml(&format!(
                "entries:\n  - {{title: A, category: c, summary: s, published: '{date}'}}\n"
            ));
            let mut out = Vec::new();
            write_glossary(&mut out, &g).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert!(page("2024-02-29").contains("<time datetime=\"2024-02-29\""));
        assert!(page("2024-02-29").contains(">February 29, 2024</time>"));
        // The calendar the loader's check uses: no 31 February, no 29 February in 2023.
        for bad in ["2024-02-31", "2023-02-29", "2024-13-01"] {
            let page = page(bad);
            assert!(!page.contains("<time"), "{bad}");
            assert!(page.contains(&format!("<span>{bad}</span>")), "{bad}");
        }
    }
}
