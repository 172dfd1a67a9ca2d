//! What a reader reads of a document: Markdown through a CommonMark parser with code, link
//! targets, autolinks, HTML, comments and front matter left out; plain text as it is; bare URLs
//! left out of both. Then folded into the spelling names are matched in.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// Marks, in [`Prose::text`], a place no name runs across (between blocks, where code or a URL
/// was). Documents never hold it: a NUL byte makes a file binary.
pub const BREAK: char = '\0';

/// The prose of one document, and where each part of it is in the document.
#[derive(Debug, Default)]
pub struct Prose {
    pub text: String,
    /// Sorted by `prose`: where a run of prose starts, in the prose and in the document.
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    prose: usize,
    doc: usize,
    /// The run is the document's own bytes (offsets inside it map one to one); otherwise it was
    /// decoded (an entity, an escape) and all of it maps to where it starts.
    verbatim: bool,
}

impl Prose {
    /// Plain text: all of it, as it is.
    pub fn plain(text: &str) -> Prose {
        let mut prose = Prose::default();
        prose.push(text, 0, true);
        prose.finish()
    }

    /// Markdown: the text of paragraphs, headings, list items, table cells, link texts and image
    /// descriptions; inline runs (emphasis, links) joined as the reader sees them, blocks apart.
    pub fn markdown(text: &str) -> Prose {
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
        let mut prose = Prose::default();
        // Inside code blocks, HTML blocks, front matter and autolinks, text is not prose.
        let mut hidden = 0usize;
        let mut links = Vec::new();
        for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
            match event {
                Event::Start(tag) => match tag {
                    Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript
                    | Tag::Image { .. } => {}
                    Tag::Link { link_type, .. } => {
                        let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                        links.push(auto);
                        if auto {
                            hidden += 1;
                            prose.cut();
                        }
                    }
                    Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                        hidden += 1;
                        prose.cut();
                    }
                    _ => prose.cut(),
                },
                Event::End(tag) => match tag {
                    TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Superscript
                    | TagEnd::Subscript
                    | TagEnd::Image => {}
                    TagEnd::Link => {
                        if links.pop() == Some(true) {
                            hidden = hidden.saturating_sub(1);
                            prose.cut();
                        }
                    }
                    TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => {
                        hidden = hidden.saturating_sub(1);
                        prose.cut();
                    }
                    _ => prose.cut(),
                },
                Event::Text(t) if hidden == 0 => {
                    let verbatim = text.get(range.clone()) == Some(&*t);
                    prose.push(&t, range.start, verbatim);
                }
                // A line break inside a paragraph: names run across it.
                Event::SoftBreak | Event::HardBreak if hidden == 0 => {
                    prose.push(" ", range.start, false);
                }
                _ => prose.cut(),
            }
        }
        prose.finish()
    }

    fn push(&mut self, text: &str, doc: usize, verbatim: bool) {
        self.pieces.push(Piece {
            prose: self.text.len(),
            doc,
            verbatim,
        });
        self.text.push_str(text);
    }

    fn cut(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(BREAK) {
            self.text.push(BREAK);
        }
    }

    /// Blanks bare URLs (`scheme://…` and `www.…` up to the next space) with breaks.
    fn finish(mut self) -> Prose {
        let bytes = self.text.as_bytes();
        let mut spans = Vec::new();
        for at in memchr::memmem::find_iter(bytes, "://") {
            let start = bytes[..at]
                .iter()
                .rposition(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')))
                .map_or(0, |p| p + 1);
            if start < at && bytes[start].is_ascii_alphabetic() {
                spans.push((start, url_end(bytes, at + 3)));
            }
        }
        for at in memchr::memmem::find_iter(bytes, "www.") {
            let word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
            if word_start && bytes.get(at + 4).is_some_and(u8::is_ascii_alphanumeric) {
                spans.push((at, url_end(bytes, at + 4)));
            }
        }
        if spans.is_empty() {
            return self;
        }
        let mut bytes = std::mem::take(&mut self.text).into_bytes();
        for (start, end) in spans {
            // Every byte of the span becomes a NUL: a span starts at an ASCII letter and ends
            // before ASCII white space or a NUL, so the text stays valid UTF-8.
            bytes[start..end].fill(0);
        }
        self.text = String::from_utf8(bytes).unwrap_or_default();
        self
    }

    /// Where an offset of the prose is in the document.
    pub fn doc_offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.prose <= at);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some(p) if p.verbatim => p.doc + (at - p.prose),
            Some(p) => p.doc,
            None => 0,
        }
    }
}

fn url_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b.is_ascii_whitespace() || b == 0)
        .map_or(bytes.len(), |p| from + p)
}

/// Scripts written without spaces between words: names match inside their runs of letters.
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0e00}'..='\u{0eff}'       // Thai, Lao
        | '\u{1000}'..='\u{109f}'     // Myanmar
        | '\u{1780}'..='\u{17ff}'     // Khmer
        | '\u{3040}'..='\u{30ff}'     // Hiragana, Katakana
        | '\u{31f0}'..='\u{31ff}'     // Katakana extensions
        | '\u{3400}'..='\u{4dbf}'     // CJK extension A
        | '\u{4e00}'..='\u{9fff}'     // CJK unified ideographs
        | '\u{f900}'..='\u{faff}'     // CJK compatibility ideographs
        | '\u{ff66}'..='\u{ff9f}'     // half-width Katakana
        | '\u{20000}'..='\u{3134f}') // CJK extensions B–G
}

/// Punctuation that ends a phrase: a name never runs across it ("design, review" is not
/// "design review").
fn ends_phrase(c: char) -> bool {
    matches!(
        c,
        BREAK
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '|'
            | '—'
            | '“'
            | '”'
            | '、'
            | '。'
            | '，'
            | '！'
            | '？'
            | '：'
            | '；'
            | '（'
            | '）'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

/// A letter or digit as names are keyed (SPEC §2): lower-cased, combining marks dropped.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
    }
}

fn folded_len(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        c.to_lowercase()
            .filter(|l| l.is_alphanumeric())
            .map(char::len_utf8)
            .sum()
    }
}

/// A word of capitals that could be an abbreviation, as [`fold`] saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capitals {
    /// Where it starts in the prose and in the folded text.
    pub prose: usize,
    pub folded: usize,
    /// Its length in the folded text (with a plural `s`).
    pub len: usize,
    /// As written, without a plural `s`.
    pub word: String,
}

/// Prose folded like keys: letters and digits lower-cased, `-` between words, `\n` where a
/// phrase ends. Offsets map back to the prose through the start of each word.
#[derive(Debug, Default)]
pub struct Folded {
    pub text: String,
    /// `(folded, prose)` offsets of each word's start.
    marks: Vec<(u32, u32)>,
    /// Words of two to six capitals (`RACI`, `SLAs`), when asked for.
    pub capitals: Vec<Capitals>,
}

/// Folds prose; with `capitals`, also notes each word of capitals.
pub fn fold(prose: &str, capitals: bool) -> Folded {
    let mut f = Folded {
        text: String::with_capacity(prose.len() + 1),
        ..Folded::default()
    };
    let mut in_word = false;
    // 0: nothing since the last word; 1: a space or mark; 2: the end of a phrase.
    let mut gap = 0u8;
    // A run of ASCII letters and digits: where it starts (prose, folded) and whether the
    // character before it lets it be a word of its own.
    let mut run: Option<(usize, usize)> = None;
    let mut before: Option<char> = None;
    // The last letter or digit, and whether only white space followed it.
    let mut before_gap: Option<char> = None;
    let mut blank = true;
    let mut chars = prose.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_alphanumeric() {
            if !in_word {
                // A line break inside a word of an unspaced script joins its two halves.
                let joined =
                    gap == 1 && blank && before_gap.is_some_and(is_unspaced) && is_unspaced(c);
                if !f.text.is_empty() && !joined {
                    f.text.push(if gap == 2 { '\n' } else { '-' });
                }
                f.marks.push((f.text.len() as u32, at as u32));
                in_word = true;
                gap = 0;
            }
            if capitals && c.is_ascii_alphanumeric() && run.is_none() {
                let free = before.is_none_or(|b| !b.is_alphanumeric() || is_unspaced(b));
                if free {
                    run = Some((at, f.text.len()));
                }
            }
            fold_char(c, &mut f.text);
            before_gap = Some(c);
            blank = true;
        } else {
            blank &= c.is_whitespace();
            let next = chars.peek().map(|&(_, n)| n);
            // Between two letters or digits (`1:1`, `f(x)`, `Node.js`) a mark joins a name's
            // words; before a space or after one it ends a phrase (`design, review`).
            let inside = in_word && next.is_some_and(char::is_alphanumeric);
            let end = c == BREAK
                || (ends_phrase(c) && !inside)
                || (c == '.' && next.is_none_or(|n| n.is_whitespace() || n == BREAK));
            in_word = false;
            gap = gap.max(if end { 2 } else { 1 });
        }
        if let Some((start, folded)) = run {
            let next = chars.peek().map(|&(_, n)| n);
            let run_ends = next.is_none_or(|n| !n.is_ascii_alphanumeric());
            if !c.is_ascii_alphanumeric() {
                run = None;
            } else if run_ends {
                run = None;
                let free = next.is_none_or(|n| !n.is_alphanumeric() || is_unspaced(n));
                let word = &prose[start..at + 1];
                if free && let Some(word) = abbreviation(word) {
                    f.capitals.push(Capitals {
                        prose: start,
                        folded,
                        len: at + 1 - start,
                        word: word.to_string(),
                    });
                }
            }
        }
        before = Some(c);
    }
    f
}

/// `RACI` and `SLAs` (as `SLA`): two to six capital letters, maybe with a plural `s`.
fn abbreviation(word: &str) -> Option<&str> {
    let core = match word.strip_suffix('s') {
        Some(core) if core.len() >= 2 => core,
        _ => word,
    };
    let capitals = (2..=6).contains(&core.len()) && core.bytes().all(|b| b.is_ascii_uppercase());
    capitals.then_some(core)
}

impl Folded {
    /// Where an offset of the folded text is in the prose. Offsets inside a word are walked to
    /// from its start (lower-casing can change a character's length).
    pub fn prose_offset(&self, prose: &str, at: usize) -> usize {
        let i = self.marks.partition_point(|&(f, _)| f as usize <= at);
        let Some(&(folded, start)) = i.checked_sub(1).and_then(|i| self.marks.get(i)) else {
            return 0;
        };
        let (mut folded, start) = (folded as usize, start as usize);
        let mut offset = start;
        for c in prose[start..].chars() {
            if folded >= at || !c.is_alphanumeric() {
                break;
            }
            folded += folded_len(c);
            offset += c.len_utf8();
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prose with each run of breaks shown as one `|`.
    fn prose_of(markdown: &str) -> String {
        let text = Prose::markdown(markdown).text;
        let mut out = String::new();
        for c in text.chars() {
            if c != BREAK {
                out.push(c);
            } else if !out.ends_with('|') {
                out.push('|');
            }
        }
        out
    }

    #[test]
    fn markdown_leaves_out_code_links_html_and_urls() {
        let text = "# Title\n\nSee `PR` and [the CI](https://ci.example/pr) <!-- SLO -->\n\
                    <https://x.example/ADR> or https://y.example/ADR now.\n\n```\nADR\n```\n";
        assert_eq!(prose_of(text), "Title|See | and the CI | | or | now.|");
    }

    #[test]
    fn decoded_text_maps_to_where_it_starts() {
        let text = "a &amp; b\n";
        let prose = Prose::markdown(text);
        assert_eq!(prose.text, "a & b\0");
        assert_eq!(prose.doc_offset(2), 2);
        assert_eq!(prose.doc_offset(4), 8);
    }

    #[test]
    fn folding_keys_words_and_keeps_phrases_apart() {
        let f = fold("Continuous\n  Integration, ADRs. Node.js İx", true);
        assert_eq!(
            f.text,
            "continuous-integration\nadrs\nnode-js-i\u{307}x".replace('\u{307}', "")
        );
        assert_eq!(f.capitals.len(), 1);
        assert_eq!(f.capitals[0].word, "ADR");
        let at = f.text.find("integration").unwrap();
        assert_eq!(
            f.prose_offset("Continuous\n  Integration, ADRs. Node.js İx", at),
            13
        );
    }

    #[test]
    fn capitals_inside_unspaced_scripts_are_words() {
        let f = fold("チームのRACIを決める。TODOs", true);
        let words: Vec<&str> = f.capitals.iter().map(|c| c.word.as_str()).collect();
        assert_eq!(words, ["RACI", "TODO"]);
        assert!(fold("xRACI RACIx Raci", true).capitals.is_empty());
    }
}
