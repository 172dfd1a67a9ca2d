//! Splits a block-style glossary into its entries' texts, each of which parses alone exactly as
//! it parses in the whole file, so a large file is parsed entry by entry, on every core, without
//! holding the whole file's parse at once.
//!
//! The split is only offered for the plain layout glossary files use (`entries:` at column 0,
//! then `- ` items at one column), and refused whenever something could make a piece mean
//! something else on its own: directives, aliases, tabs in indentation, or line breaks other
//! than `\n` and `\r\n`. The caller then parses the whole file as before. Whatever is offered
//! must still pass [`super::yaml::parse_frame`] and [`super::yaml::parse_items`].

use std::ops::Range;

/// The `entries:` list cut into items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte ranges of the items, in order; together they cover the list.
    pub items: Vec<Range<usize>>,
    /// The whole file with the list replaced by one `~` item: what the rest of the file must
    /// parse as, with the list in the same place.
    pub frame: String,
}

/// Cuts the `entries:` list of `text` into items, or says no.
pub fn split(text: &str) -> Option<Split> {
    if !plain_enough(text) {
        return None;
    }
    let lines = Lines::new(text);
    let mut key_line = None;
    for (start, line) in lines.clone() {
        if let Some(rest) = line.strip_prefix("entries:") {
            let rest = rest.trim_start_matches([' ', '\r']);
            if rest.is_empty() || rest.starts_with('#') {
                key_line = Some(start + line.len());
                break;
            }
        }
    }
    let list_start = key_line?;
    let mut column: Option<usize> = None;
    let mut items: Vec<Range<usize>> = Vec::new();
    let mut region_start = None;
    let mut region_end = text.len();
    for (start, line) in lines.from(list_start) {
        let bytes = line.as_bytes();
        // Most lines are inside an item, more indented than its `-`: the first bytes tell.
        if let Some(c) = column
            && bytes.len() > c
            && bytes[..=c].iter().all(|&b| b == b' ')
        {
            continue;
        }
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let content = &line[indent..];
        if content.trim_end_matches('\r').is_empty() || content.starts_with('#') {
            continue;
        }
        let is_item = content.starts_with('-')
            && matches!(content.as_bytes().get(1), None | Some(b' ' | b'\t' | b'\r'));
        let column = match column {
            Some(c) => c,
            None if is_item => *column.insert(indent),
            None => return None,
        };
        if indent > column {
            continue;
        }
        if indent == column && is_item {
            if let Some(last) = items.last_mut() {
                last.end = start;
            }
            region_start.get_or_insert(start);
            items.push(start..text.len());
            continue;
        }
        // The list ends at the next top-level key; anything else is a layout this does not know.
        if indent != 0 {
            return None;
        }
        region_end = start;
        if let Some(last) = items.last_mut() {
            last.end = start;
        }
        break;
    }
    let region_start = region_start?;
    let column = column?;
    let mut frame = String::with_capacity(text.len() - (region_end - region_start) + column + 5);
    frame.push_str(&text[..region_start]);
    frame.extend(std::iter::repeat_n(' ', column));
    frame.push_str("- ~\n");
    frame.push_str(&text[region_end..]);
    Some(Split { items, frame })
}

/// Refuses texts whose pieces might parse differently alone: directives, aliases (their
/// expansion budget is counted per document), tabs in indentation, and line breaks that only
/// YAML sees (a lone `\r`, NEL, LS, PS).
fn plain_enough(text: &str) -> bool {
    let bytes = text.as_bytes();
    if text.starts_with('%') || memchr::memmem::find(bytes, b"\n%").is_some() {
        return false;
    }
    // NEL is C2 85, LS and PS are E2 80 A8 and E2 80 A9.
    let other_break = |at: usize| match bytes[at] {
        0xc2 => bytes.get(at + 1) == Some(&0x85),
        _ => bytes.get(at + 1) == Some(&0x80) && matches!(bytes.get(at + 2), Some(0xa8 | 0xa9)),
    };
    if memchr::memchr2_iter(0xc2, 0xe2, bytes).any(other_break) {
        return false;
    }
    !memchr::memchr3_iter(b'\r', b'\t', b'*', bytes).any(|at| match bytes[at] {
        b'\r' => bytes.get(at + 1) != Some(&b'\n'),
        b'\t' => {
            let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |p| p + 1);
            bytes[line_start..at].iter().all(|&b| b == b' ')
        }
        _ => may_be_alias(bytes, at),
    })
}

/// Whether a `*` may start an alias: it follows (past spaces and tabs) the start of a line or
/// an indicator (`:`, `-`, `?`, `[`, `{`, `,`). A `*` inside running text does not.
fn may_be_alias(bytes: &[u8], at: usize) -> bool {
    let before = bytes[..at].iter().rev().find(|&&b| b != b' ' && b != b'\t');
    matches!(
        before,
        None | Some(b'\n' | b':' | b'-' | b'?' | b'[' | b'{' | b',')
    )
}

/// Lines of a text with their start offsets; each line keeps its `\r`, drops its `\n`.
#[derive(Clone)]
struct Lines<'a> {
    text: &'a str,
    at: usize,
    /// Where the `\n`s are, counted from `base`, found a stretch at a time.
    ends: memchr::Memchr<'a>,
    base: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines::starting(text, 0)
    }

    fn starting(text: &'a str, at: usize) -> Self {
        Lines {
            text,
            at,
            ends: memchr::memchr_iter(b'\n', &text.as_bytes()[at..]),
            base: at,
        }
    }

    /// The lines after the one that ends at `at`.
    fn from(&self, at: usize) -> Self {
        let next = if self.text[at..].starts_with('\n') {
            at + 1
        } else {
            at
        };
        Lines::starting(self.text, next)
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let start = self.at;
        if start >= self.text.len() {
            return None;
        }
        let end = self.ends.next().map_or(self.text.len(), |e| self.base + e);
        self.at = end + 1;
        Some((start, &self.text[start..end]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Option<(Vec<&str>, String)> {
        let s = split(text)?;
        Some((s.items.iter().map(|r| &text[r.clone()]).collect(), s.frame))
    }

    #[test]
    fn cuts_items_and_keeps_the_rest_as_a_frame() {
        let text = "# c\nname: X\nentries:\n  # before\n  - title: A\n    summary: >-\n      two\n\n      lines\n  # between\n  -   title: B\nother: 1\n";
        let (items, frame) = pieces(text).unwrap();
        assert_eq!(
            items,
            [
                "  - title: A\n    summary: >-\n      two\n\n      lines\n  # between\n",
                "  -   title: B\n"
            ]
        );
        assert_eq!(
            frame,
            "# c\nname: X\nentries:\n  # before\n  - ~\nother: 1\n"
        );
    }

    #[test]
    fn items_at_column_zero_and_crlf() {
        let text = "entries:\r\n- title: A\r\n  x: 1\r\n- title: B\r\n";
        let (items, frame) = pieces(text).unwrap();
        assert_eq!(items, ["- title: A\r\n  x: 1\r\n", "- title: B\r\n"]);
        assert_eq!(frame, "entries:\r\n- ~\n");
    }

    #[test]
    fn refuses_layouts_it_does_not_know() {
        for text in [
            "entries: [{title: A}]\n",
            "entries:\n",
            "entries:\n  title: A\n",
            "%YAML 1.2\n---\nentries:\n  - title: A\n",
            "entries:\n  - title: &a A\n  - title: *a\n",
            "entries:\n  - title: A\n    aliases: [*a]\n",
            "entries:\n\t- title: A\n",
            "entries:\n  - title: A\r  - title: B\n",
            "entries:\n  - title: A\u{2028}  - title: B\n",
            "entries:\n    - title: A\n  - title: B\n",
            "  entries:\n  - title: A\n",
        ] {
            assert_eq!(split(text), None, "{text:?}");
        }
    }

    #[test]
    fn a_star_in_running_text_is_no_alias() {
        let text = "entries:\n  - title: A\n    summary: 2 * 3 is six, a*b\n";
        assert!(split(text).is_some());
        assert!(!plain_enough("entries:\n  - title: *x\n"));
        assert!(!plain_enough("entries:\n  - *x\n"));
        assert!(!plain_enough("*x\n"));
        assert!(!plain_enough("a: [b, *c]\n"));
        assert!(!plain_enough("a:\n  *c\n"));
    }
}
