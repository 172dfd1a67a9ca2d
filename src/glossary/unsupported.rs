//! Finds the YAML features a glossary cannot honour and serde_yaml passes over in silence: merge
//! keys (`<<: *base`), which it reads as an unknown field named `<<`, so an entry built from one
//! is "missing" the fields it merges; and tags (`!!binary`, `!local`), which it drops from text,
//! so base64 would be shown as a title.
//!
//! It reads the file's layout, not its values: where a node may begin (a line's first token, after
//! `- `, `? `, `key: `, and in flow collections after `[`, `{` and `,`), skipping quoted strings,
//! block scalars (`|`, `>`), comments and the continuation lines of plain text, where `!` and
//! `<<` are only text. A file without `!` or `<<` anywhere costs one byte search.

/// Tags of the core schema that only state the type the value is read as anyway.
const HARMLESS_TAGS: &[&str] = &[
    "!!str", "!!int", "!!float", "!!bool", "!!null", "!!seq", "!!map",
];

/// What was found, with its 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The first merge key or tag of `text`, if any.
pub fn find(text: &str) -> Option<Found> {
    let bytes = text.as_bytes();
    if memchr::memchr(b'!', bytes).is_none() && memchr::memmem::find(bytes, b"<<").is_none() {
        return None;
    }
    Scanner::default().run(text)
}

/// Where the reading is at the end of a line, carried to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum State {
    /// Where a node may begin.
    #[default]
    Node,
    /// After a node (a quoted string, an alias, a closed collection): only `:`, `,` or a closing
    /// bracket may follow.
    After,
    /// Inside plain text.
    Plain,
}

#[derive(Debug, Default)]
struct Scanner {
    state: State,
    /// Open `[`/`{` collections.
    flow: usize,
    /// Inside a quoted string that goes on past the line: its quote.
    quote: Option<u8>,
    /// Inside a block scalar: the column its lines must be indented past.
    block: Option<usize>,
    /// Plain text in block context ended the last line: the column its continuation lines are
    /// indented past.
    plain_past: Option<usize>,
    /// The column of the key or `-` that the current value belongs to.
    owner: usize,
}

impl Scanner {
    fn run(mut self, text: &str) -> Option<Found> {
        for (index, line) in text.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line = if index == 0 {
                line.trim_start_matches('\u{feff}')
            } else {
                line
            };
            if let Some((at, message)) = self.line(line.as_bytes()) {
                return Some(Found {
                    line: index + 1,
                    column: line[..at].chars().count() + 1,
                    message,
                });
            }
        }
        None
    }

    /// Reads one line; `Some` with the byte column and message of what it found.
    fn line(&mut self, b: &[u8]) -> Option<(usize, String)> {
        let indent = b.iter().take_while(|&&c| c == b' ').count();
        let blank = b[indent..].iter().all(|c| c.is_ascii_whitespace());
        if let Some(past) = self.block {
            if blank || indent > past {
                return None;
            }
            self.block = None;
        }
        if self.flow == 0 && self.quote.is_none() {
            if let Some(past) = self.plain_past {
                if blank || (indent > past && b[indent] != b'#') {
                    return None;
                }
                self.plain_past = None;
            }
            if b.starts_with(b"%") || b.starts_with(b"...") {
                return None;
            }
            self.state = State::Node;
            if b.starts_with(b"---") && matches!(b.get(3), None | Some(b' ' | b'\t')) {
                return self.from(b, 3);
            }
        }
        self.from(b, if self.quote.is_some() { 0 } else { indent })
    }

    fn from(&mut self, b: &[u8], mut i: usize) -> Option<(usize, String)> {
        let space = |i: usize| matches!(b.get(i), None | Some(b' ' | b'\t'));
        let flow_end = |c: u8| matches!(c, b',' | b'[' | b']' | b'{' | b'}');
        if let Some(q) = self.quote {
            i = self.close_quote(b, i, q)?;
        }
        while i < b.len() {
            let c = b[i];
            if c == b' ' || c == b'\t' {
                i += 1;
                continue;
            }
            if c == b'#' && (i == 0 || matches!(b[i - 1], b' ' | b'\t')) {
                break;
            }
            match self.state {
                State::Node => match c {
                    b'-' | b'?' if space(i + 1) => {
                        self.owner = i;
                        i += 1;
                    }
                    b'!' => {
                        let end = token_end(b, i, self.flow > 0);
                        let tag = String::from_utf8_lossy(&b[i..end]);
                        if !HARMLESS_TAGS.contains(&tag.as_ref()) {
                            return Some((i, tag_message(&tag)));
                        }
                        i = end;
                    }
                    b'&' => i = token_end(b, i, self.flow > 0),
                    b'*' => {
                        i = token_end(b, i, self.flow > 0);
                        self.state = State::After;
                    }
                    b'<' if b[i..].starts_with(b"<<") && is_key_end(b, skip_spaces(b, i + 2)) => {
                        return Some((i, MERGE.into()));
                    }
                    b'"' | b'\'' => {
                        self.quote = Some(c);
                        let start = i;
                        i = self.close_quote(b, i + 1, c)?;
                        if self.flow == 0 && is_key_end(b, skip_spaces(b, i)) {
                            self.owner = start;
                        }
                    }
                    b'|' | b'>' if self.flow == 0 => {
                        self.block = Some(self.owner);
                        return None;
                    }
                    b'[' | b'{' => {
                        self.flow += 1;
                        i += 1;
                    }
                    b']' | b'}' if self.flow > 0 => {
                        self.flow -= 1;
                        self.state = State::After;
                        i += 1;
                    }
                    b',' if self.flow > 0 => i += 1,
                    _ => {
                        self.state = State::Plain;
                        if self.flow == 0 {
                            // A key starts here when plain text up to `: ` follows.
                            let mut j = i;
                            while j < b.len() && !(b[j] == b':' && space(j + 1)) {
                                if b[j] == b'#' && matches!(b[j - 1], b' ' | b'\t') {
                                    break;
                                }
                                j += 1;
                            }
                            if j < b.len() && b[j] == b':' {
                                self.owner = i;
                            }
                        }
                    }
                },
                State::After => {
                    match c {
                        b':' => self.state = State::Node,
                        b',' if self.flow > 0 => self.state = State::Node,
                        b']' | b'}' if self.flow > 0 => self.flow -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                State::Plain => {
                    if c == b':' && (space(i + 1) || (self.flow > 0 && flow_end(b[i + 1]))) {
                        self.state = State::Node;
                    } else if self.flow > 0 && matches!(c, b',' | b']' | b'}') {
                        self.state = if c == b',' { State::Node } else { State::After };
                        if c != b',' {
                            self.flow -= 1;
                        }
                    }
                    i += 1;
                }
            }
        }
        if self.flow == 0 && self.quote.is_none() && self.state == State::Plain {
            self.plain_past = Some(self.owner);
        }
        None
    }

    /// Reads a quoted string from `i` (just past its opening quote) to its end: `Some` with the
    /// index past the closing quote, or `None` when it goes on past the line (then still open).
    fn close_quote(&mut self, b: &[u8], mut i: usize, q: u8) -> Option<usize> {
        while i < b.len() {
            match b[i] {
                b'\\' if q == b'"' => i += 2,
                c if c == q => {
                    if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    self.quote = None;
                    self.state = State::After;
                    return Some(i + 1);
                }
                _ => i += 1,
            }
        }
        None
    }
}

const MERGE: &str = "merge keys (`<<`) are not supported; write the fields out in each entry";

fn tag_message(tag: &str) -> String {
    format!(
        "tags such as `{tag}` are not supported; write the value as plain text, without the tag"
    )
}

fn token_end(b: &[u8], i: usize, flow: bool) -> usize {
    let mut j = i;
    while j < b.len()
        && !matches!(b[j], b' ' | b'\t')
        && !(flow && matches!(b[j], b',' | b']' | b'}'))
    {
        j += 1;
    }
    j
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

/// Whether a `:` at `i` ends a key.
fn is_key_end(b: &[u8], i: usize) -> bool {
    b.get(i) == Some(&b':')
        && matches!(b.get(i + 1), None | Some(b' ' | b'\t' | b',' | b'}' | b']'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<(usize, usize)> {
        find(text).map(|f| (f.line, f.column))
    }

    #[test]
    fn merge_keys_and_tags_are_found_where_they_stand() {
        assert_eq!(
            at("b: &b {x: 1}\nentries:\n  - title: A\n    <<: *b\n"),
            Some((4, 5))
        );
        assert_eq!(at("entries:\n  - {title: A, <<: *b}\n"), Some((2, 16)));
        assert_eq!(at("entries:\n  - title: !!binary aGk=\n"), Some((2, 12)));
        assert_eq!(
            at("entries:\n  - title: A\n    tags: [a, !x b]\n"),
            Some((3, 15))
        );
        assert_eq!(at("entries:\n  - !t\n    title: A\n"), Some((2, 5)));
        assert_eq!(
            at("entries:\n  -\n    title:\n      !!binary aGk=\n"),
            Some((4, 7))
        );
        let found = find("entries:\n  - title: !!binary aGk=\n").unwrap();
        assert!(found.message.contains("`!!binary`"), "{found:?}");
    }

    #[test]
    fn text_that_only_looks_like_them_is_fine() {
        for text in [
            "entries:\n  - title: Hello! <<: not a key\n    summary: 'it''s !not a tag'\n",
            "entries:\n  - summary: This is\n      !still text << here\n    title: \"a \\\" !b\"\n",
            "entries:\n  - summary: |\n      - !item in a block\n      <<: also text\n    title: A # !comment\n",
            "entries:\n  - summary: >-\n      x\n\n      !y\n    title: A\n",
            "entries:\n  - title: \"multi\n      !line\"\n    summary: ok\n",
            "entries:\n  - {title: a!b, summary: \"x, !y\"}\n  - title: !!str plain\n",
            "entries:\n  - summary:\n      plain on its own line\n      !and more\n",
        ] {
            assert_eq!(find(text), None, "{text}");
        }
    }
}
