//! The one module that reads and writes YAML: raw serde types, parsing with locations, serialising.
//!
//! Keeping every `serde_yaml` call here means a move to its maintained continuation is a one-line change.

use std::cell::Cell;

use serde::Deserialize;
use serde::de::{self, Deserializer};

/// A glossary file as written, before any checking.
#[derive(Debug, Deserialize)]
pub struct RawGlossary {
    /// The glossary's display name. Read leniently: a name that is not a string is no reason to
    /// refuse the entries.
    #[serde(default)]
    pub name: Option<serde_yaml::Value>,
    /// The language of the glossary's text (a BCP 47 tag, SPEC §2), read as leniently as `name`.
    #[serde(default)]
    pub lang: Option<serde_yaml::Value>,
    pub entries: Vec<RawEntry>,
}

impl RawGlossary {
    /// The display name, when it is a non-empty string.
    pub fn display_name(&self) -> Option<String> {
        text_value(self.name.as_ref())
    }

    /// The `lang:` of the file, when it is a non-empty string (`check` says whether it is a tag).
    pub fn lang(&self) -> Option<String> {
        text_value(self.lang.as_ref())
    }
}

fn text_value(value: Option<&serde_yaml::Value>) -> Option<String> {
    value
        .and_then(serde_yaml::Value::as_str)
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from)
}

/// One entry as written. Unknown fields are ignored here; `check` finds them through [`unknown_fields`].
#[derive(Debug, Deserialize)]
pub struct RawEntry {
    #[serde(default, deserialize_with = "text_opt")]
    pub slug: Option<String>,
    #[serde(deserialize_with = "text")]
    pub title: String,
    #[serde(default, deserialize_with = "text_list")]
    pub aliases: Vec<String>,
    #[serde(deserialize_with = "text")]
    pub category: String,
    #[serde(default, deserialize_with = "text_list")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "text_opt")]
    pub published: Option<String>,
    #[serde(default)]
    pub read_minutes: Option<u32>,
    #[serde(deserialize_with = "text")]
    pub summary: String,
    #[serde(default)]
    pub sections: Vec<RawSection>,
    #[serde(default, deserialize_with = "text_list")]
    pub related: Vec<String>,
    #[serde(default)]
    pub links: Vec<RawLink>,
    /// The entry's language, when it differs from the file's `lang:`.
    #[serde(default, deserialize_with = "text_opt")]
    pub lang: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct RawSection {
    #[serde(deserialize_with = "text")]
    pub heading: String,
    #[serde(default, deserialize_with = "text_opt")]
    pub body: Option<String>,
    #[serde(default)]
    pub items: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
pub struct RawItem {
    #[serde(default, deserialize_with = "text_opt")]
    pub term: Option<String>,
    #[serde(deserialize_with = "text")]
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct RawLink {
    #[serde(deserialize_with = "text")]
    pub title: String,
    #[serde(deserialize_with = "text")]
    pub url: String,
}

thread_local! {
    /// Bytes of text the file being parsed may still produce. Every alias is expanded again at each
    /// use, so a small file could otherwise ask for gigabytes (a "billion laughs" alias bomb).
    static TEXT_BUDGET: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// Text a file may expand to: sixteen times its size and 16 MiB more, far beyond what aliases
/// of shared tag lists need, far below what a bomb asks for.
fn text_budget(source: &str) -> usize {
    source.len().saturating_mul(16).saturating_add(16 << 20)
}

/// What one string costs: its bytes and the room the string itself takes.
const STRING_COST: usize = 24;

const ALIAS_BOMB: &str = "aliases expand to far more text than the file holds; \
     write the repeated text out, or repeat it less";

fn charge<E: de::Error>(text: &str) -> Result<(), E> {
    TEXT_BUDGET.with(|budget| {
        let left = budget
            .get()
            .checked_sub(text.len() + STRING_COST)
            .ok_or_else(|| E::custom(ALIAS_BOMB))?;
        budget.set(left);
        Ok(())
    })
}

/// A string of the file, paid for from [`TEXT_BUDGET`] as it is read.
struct Counted(String);

impl<'de> Deserialize<'de> for Counted {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Counted, D::Error> {
        let text = String::deserialize(d)?;
        charge::<D::Error>(&text)?;
        Ok(Counted(text))
    }
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Counted::deserialize(d).map(|c| c.0)
}

fn text_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<Counted>::deserialize(d).map(|c| c.map(|c| c.0))
}

/// Each string is paid for as it arrives, so a list of aliases stops at the first one too many.
fn text_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Vec::<Counted>::deserialize(d).map(|list| list.into_iter().map(|c| c.0).collect())
}

/// Where in a file something went wrong, 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

/// Parses a whole glossary file.
pub fn parse(text: &str) -> Result<RawGlossary, ParseError> {
    if is_blank_document(text) {
        return Err(ParseError {
            line: None,
            column: None,
            message: "the file has no content; expected a mapping with an `entries` list".into(),
        });
    }
    TEXT_BUDGET.with(|budget| budget.set(text_budget(text)));
    let parsed = serde_yaml::from_str(text).map_err(|e| locate_offset(text, convert_error(e)));
    TEXT_BUDGET.with(|budget| budget.set(usize::MAX));
    // A merge key or a tag is reported even when the rest parses: serde_yaml would read past it
    // in silence, and an entry would lose the fields it merges or show a tag's raw text.
    if let Some(found) = super::unsupported::find(text) {
        return Err(ParseError {
            line: Some(found.line),
            column: Some(found.column),
            message: found.message,
        });
    }
    parsed.map_err(|e| number_entries(blame_the_typo(text, e)))
}

/// serde names an entry by its place in the list from 0 (`entries[1].category`); every other
/// message counts entries from 1 (`entry 2`), as a reader does.
fn number_entries(mut err: ParseError) -> ParseError {
    let Some(rest) = err.message.strip_prefix("entries[") else {
        return err;
    };
    let Some((index, rest)) = rest.split_once(']') else {
        return err;
    };
    let Ok(index) = index.parse::<usize>() else {
        return err;
    };
    let rest = match rest.split_once(": ") {
        Some((path, message)) if path.starts_with('.') => {
            format!(", `{}`: {message}", &path[1..])
        }
        _ => rest.to_string(),
    };
    err.message = format!("entry {}{rest}", index + 1);
    err
}

/// A required field "missing" where a misspelling of it stands (`sumary:` for `summary:`) is
/// reported as that misspelling, at its own line, with the field it should be.
fn blame_the_typo(text: &str, err: ParseError) -> ParseError {
    let Some((container, rest)) = err.message.split_once("missing field `") else {
        return err;
    };
    let container = container.trim_end_matches(": ");
    let Some(missing) = rest.strip_suffix('`') else {
        return err;
    };
    let Ok(unknown) = unknown_fields(text) else {
        return err;
    };
    let typo = unknown.into_iter().find(|u| {
        let full = match u.entry {
            Some(i) => format!("entries[{i}].{}", u.path),
            None => u.path.clone(),
        };
        let parent = full.rsplit_once('.').map_or("", |(parent, _)| parent);
        parent == container && u.suggestion() == Some(missing)
    });
    let Some(typo) = typo else {
        return err;
    };
    let lines = LineMap::new(text);
    let line = match typo.entry {
        Some(i) if typo.path.contains('.') => lines.nested_field(i, &typo.name),
        Some(i) => lines.field(i, &typo.name),
        None => lines.top_level(&typo.name),
    };
    ParseError {
        column: line.and_then(|l| lines.column_of_key(l, &typo.name)),
        line,
        message: format!("unknown field '{}' (did you mean '{missing}'?)", typo.name),
    }
}

/// The YAML reader reports some errors (a raw control character, say) at a byte offset, which
/// serde_yaml passes on as line 1, column 1; this turns the offset into the real line and column.
fn locate_offset(text: &str, mut err: ParseError) -> ParseError {
    const AT: &str = " at position ";
    let Some(at) = err.message.rfind(AT) else {
        return err;
    };
    let Ok(offset) = err.message[at + AT.len()..].trim().parse::<usize>() else {
        return err;
    };
    let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    err.line = Some(before.iter().filter(|&&b| b == b'\n').count() + 1);
    err.column = Some(
        String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1,
    );
    err.message.truncate(at);
    err
}

/// What the rest of a file must parse as when its `entries` list is read item by item (see
/// [`super::split`]): a glossary whose list is exactly the one placeholder item left in its place.
#[derive(Deserialize)]
struct Frame {
    #[serde(default)]
    name: Option<serde_yaml::Value>,
    #[serde(default)]
    lang: Option<serde_yaml::Value>,
    entries: Vec<serde::de::IgnoredAny>,
}

/// Consecutive items of the `entries` list, parsed under an `entries:` key of their own so that
/// they sit at the same depth as in the whole file.
#[derive(Deserialize)]
struct Items {
    entries: Vec<RawEntry>,
}

/// Checks the frame of a split file: everything but the list, with one placeholder item.
///
/// Returns the glossary's display name and `lang:`, read as [`RawGlossary`] reads them.
pub fn parse_frame(frame: &str) -> Result<(Option<String>, Option<String>), ParseError> {
    let parsed: Frame = serde_yaml::from_str(frame).map_err(convert_error)?;
    match parsed.entries.len() {
        1 => {
            let top = RawGlossary {
                name: parsed.name,
                lang: parsed.lang,
                entries: Vec::new(),
            };
            Ok((top.display_name(), top.lang()))
        }
        _ => Err(not_one_item()),
    }
}

/// Parses `count` consecutive items of a split file's list (their text as cut, lines and
/// columns untouched).
pub fn parse_items(items: &str, count: usize) -> Result<Vec<RawEntry>, ParseError> {
    if super::unsupported::find(items).is_some() {
        // The whole-file parse reports it, at its line in the file.
        return Err(not_one_item());
    }
    let mut doc = String::with_capacity(items.len() + 9);
    doc.push_str("entries:\n");
    doc.push_str(items);
    let parsed: Items = serde_yaml::from_str(&doc).map_err(convert_error)?;
    if parsed.entries.len() == count {
        Ok(parsed.entries)
    } else {
        Err(not_one_item())
    }
}

fn not_one_item() -> ParseError {
    ParseError {
        line: None,
        column: None,
        message: "the list does not split into its items".into(),
    }
}

pub use super::unknown::UnknownField;

/// Lists every unknown field of a file. Lookups ignore these; `check` reports them. Fails only
/// where the file cannot be read as YAML at all, or nests past the parser's depth limit.
pub fn unknown_fields(text: &str) -> Result<Vec<UnknownField>, ParseError> {
    super::unknown::collect(serde_yaml::Deserializer::from_str(text)).map_err(convert_error)
}

fn convert_error(err: serde_yaml::Error) -> ParseError {
    let location = err.location();
    let mut message = err.to_string();
    // serde_yaml appends " at line L column C"; the location is reported separately.
    if let Some(at) = message.find(" at line ") {
        message.truncate(at);
    }
    // serde speaks of the Rust types; the reader knows the file format.
    for (internal, format) in [
        ("struct RawGlossary", "a mapping with an `entries` list"),
        ("struct RawEntry", "an entry (a mapping of fields)"),
        (
            "struct RawSection",
            "a section (a mapping with a `heading`)",
        ),
        ("struct RawItem", "an item (a mapping with a `text`)"),
        (
            "struct RawLink",
            "a link (a mapping with a `title` and a `url`)",
        ),
        ("unit value", "null"),
        ("expected u32", "expected a whole number (0 or more)"),
    ] {
        message = message.replace(internal, format);
    }
    let message = shorten_quoted(&message);
    ParseError {
        line: location.as_ref().map(|l| l.line()),
        column: location.as_ref().map(|l| l.column()),
        message,
    }
}

/// serde quotes a wrong value whole (`invalid type: string "...", expected ...`): a plain-text
/// file given as a glossary is one long string, and the message would repeat all of it. Each
/// quoted string keeps its first line, cut to 80 characters (see [`crate::error::excerpt`]).
fn shorten_quoted(message: &str) -> String {
    const MAX: usize = 80;
    const OPEN: &str = "string \"";
    let mut out = String::with_capacity(message.len().min(512));
    let mut rest = message;
    while let Some(at) = rest.find(OPEN) {
        let (before, after) = rest.split_at(at + OPEN.len());
        out.push_str(before);
        // The quoted text is Rust-escaped: `\n` and `\"` are one character written as two.
        let mut units = Vec::new();
        let mut end = after.len();
        let mut chars = after.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                end = i;
                break;
            }
            let len = match (c, chars.peek()) {
                ('\\', Some(&(_, e))) => 1 + e.len_utf8(),
                _ => c.len_utf8(),
            };
            if len > 1 && c == '\\' {
                chars.next();
            }
            units.push(&after[i..i + len]);
        }
        let line_end = units
            .iter()
            .position(|u| matches!(*u, "\\n" | "\\r"))
            .unwrap_or(units.len());
        let kept = line_end.min(MAX);
        out.extend(units[..kept].iter().copied());
        if kept < units.len() {
            out.push('…');
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn is_blank_document(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').lines().all(|line| {
        let t = line.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// Line numbers (1-based) of each entry of the `entries` list and of the keys inside it.
///
/// YAML values carry no positions once deserialised, so this reads the block layout that glossary
/// files use. A file in flow style (`entries: [{...}]`) gets no entry lines, and callers fall back
/// to the line of `entries:` or to no line at all.
#[derive(Debug, Default)]
pub struct LineMap {
    entries_line: Option<usize>,
    starts: Vec<usize>, // 0-based line index of each entry's `-`
    key_indent: Vec<usize>,
    /// The text, kept whole, and where each of its lines begins.
    text: String,
    line_starts: Vec<usize>,
    /// Lines and entries of the file before the text this map was made of (see
    /// [`LineMap::of_items`]): the map takes and gives the whole file's numbers.
    line_base: usize,
    entry_base: usize,
}

impl LineMap {
    /// The map of some consecutive items of a block-style `entries` list, cut from the file at
    /// line `first_line` (1-based), the first of them being entry `first_entry` (0-based). It
    /// answers what the whole file's map answers for those entries, as long as `items` runs to
    /// the start of the next item, or to the end of the file for the list's last items.
    pub fn of_items(items: &str, first_line: usize, first_entry: usize) -> LineMap {
        let mut doc = String::with_capacity(items.len() + 9);
        doc.push_str("entries:\n");
        doc.push_str(items);
        let mut map = LineMap::of_text(doc);
        // The items begin at the document's second line.
        map.line_base = first_line.saturating_sub(2);
        map.entry_base = first_entry;
        map
    }

    /// Where entry `index` of the file is in this map's own list.
    fn local(&self, index: usize) -> Option<usize> {
        index.checked_sub(self.entry_base)
    }

    /// The file's line (1-based) of the map's line at `at` (0-based).
    fn line_of(&self, at: usize) -> usize {
        at + 1 + self.line_base
    }

    pub fn new(text: &str) -> LineMap {
        LineMap::of_text(text.to_string())
    }

    fn of_text(text: String) -> LineMap {
        let bytes = text.as_bytes();
        // The lines `str::lines` gives: one after each `\n`, and no empty one at the end.
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', bytes).map(|p| p + 1))
            .filter(|&start| start < bytes.len())
            .collect();
        let mut map = LineMap {
            text,
            line_starts,
            ..LineMap::default()
        };
        let Some(entries_at) = map
            .lines()
            .position(|l| l.trim_start_matches('\u{feff}').starts_with("entries:"))
        else {
            return map;
        };
        map.entries_line = Some(entries_at + 1);
        let rest = map
            .line(entries_at)
            .split_once(':')
            .map_or("", |(_, r)| r.trim());
        if !(rest.is_empty() || rest.starts_with('#')) {
            return map; // flow style: no per-entry lines
        }
        let mut item_indent = None;
        let (mut starts, mut key_indents) = (Vec::new(), Vec::new());
        for (i, line) in map.lines().enumerate().skip(entries_at + 1) {
            let t = line.trim_start();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let indent = indent_of(line);
            let is_item = t == "-" || t.starts_with("- ");
            let want = *item_indent.get_or_insert(indent);
            if indent < want || (indent == want && !is_item) {
                break;
            }
            if indent == want && is_item {
                starts.push(i);
                let after = &t[1..];
                let key_col = indent + 1 + (after.len() - after.trim_start().len());
                key_indents.push(if after.trim().is_empty() {
                    indent + 2
                } else {
                    key_col
                });
            }
        }
        map.starts = starts;
        map.key_indent = key_indents;
        map
    }

    /// Line `i` (0-based) of the text, without its line break.
    fn line(&self, i: usize) -> &str {
        let start = self.line_starts[i];
        let line = match self.line_starts.get(i + 1) {
            Some(next) => &self.text[start..next - 1],
            None => self.text[start..]
                .strip_suffix('\n')
                .unwrap_or(&self.text[start..]),
        };
        line.trim_end_matches('\r')
    }

    fn lines(&self) -> impl Iterator<Item = &str> {
        (0..self.line_starts.len()).map(|i| self.line(i))
    }

    /// Line where entry `index` begins.
    pub fn entry(&self, index: usize) -> Option<usize> {
        self.local(index)
            .and_then(|i| self.starts.get(i))
            .map(|&i| self.line_of(i))
            .or(self.entries_line.map(|l| l + self.line_base))
    }

    /// Line of `key` inside entry `index` (at the entry's own level), else the entry's line.
    pub fn field(&self, index: usize, key: &str) -> Option<usize> {
        self.find_in_entry(index, |line, indent, key_indent| {
            indent_key(line, indent, key_indent).is_some_and(|k| k == key)
        })
        .or_else(|| self.entry(index))
    }

    /// Lines of the `related` targets of entry `index`: each the line that names it, else the
    /// `related:` key. The targets are looked for in list order, each from where the one before
    /// was found, so the work grows with the list's text, not with its square.
    pub fn related_lines(&self, index: usize, targets: &[String]) -> Vec<Option<usize>> {
        let (Some(key), Some(local)) = (self.field(index, "related"), self.local(index)) else {
            return vec![None; targets.len()];
        };
        let end = self.entry_end(local).min(self.line_starts.len());
        let mut cursor = (key - 1 - self.line_base, 0);
        targets
            .iter()
            .map(|target| match self.find_from(cursor, end, target) {
                Some((line, at)) => {
                    cursor = (line, at + target.len());
                    Some(self.line_of(line))
                }
                None => Some(key),
            })
            .collect()
    }

    /// Where `target` next occurs from byte `at` of line `line`, before line `end`.
    fn find_from(
        &self,
        (line, at): (usize, usize),
        end: usize,
        target: &str,
    ) -> Option<(usize, usize)> {
        (line..end).find_map(|i| {
            let from = if i == line { at } else { 0 };
            let found = self.line(i).get(from..)?.find(target)?;
            Some((i, from + found))
        })
    }

    /// Line of a `links` address inside entry `index`: the line that holds it, else the `links:` key.
    pub fn link(&self, index: usize, url: &str) -> Option<usize> {
        let start = self.field(index, "links")?;
        let end = self.entry_end(self.local(index)?);
        (start - 1 - self.line_base..end)
            .find(|&i| self.line(i).contains(url))
            .map(|i| self.line_of(i))
            .or(Some(start))
    }

    /// Line of `key` anywhere inside entry `index` (a nested field), else the entry's line.
    pub fn nested_field(&self, index: usize, key: &str) -> Option<usize> {
        self.find_in_entry(index, |line, _, _| {
            let t = line.trim_start();
            let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
            t.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .or_else(|| self.entry(index))
    }

    /// Column (1-based, in characters) where `key` begins on `line`.
    pub fn column_of_key(&self, line: usize, key: &str) -> Option<usize> {
        let at = line.checked_sub(1 + self.line_base)?;
        let text = (at < self.line_starts.len()).then(|| self.line(at))?;
        let at = text.find(key)?;
        Some(text[..at].chars().count() + 1)
    }

    /// Line of a top-level key such as `name`.
    pub fn top_level(&self, key: &str) -> Option<usize> {
        self.lines()
            .position(|l| {
                l.trim_start_matches('\u{feff}')
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map(|i| self.line_of(i))
    }

    /// Where entry `index` of this map's own list ends (0-based, exclusive).
    fn entry_end(&self, index: usize) -> usize {
        self.starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.line_starts.len())
    }

    fn find_in_entry(
        &self,
        index: usize,
        matches: impl Fn(&str, usize, usize) -> bool,
    ) -> Option<usize> {
        let index = self.local(index)?;
        let start = *self.starts.get(index)?;
        let key_indent = self.key_indent[index];
        (start..self.entry_end(index))
            .find(|&i| {
                let line = self.line(i);
                matches(line, indent_of(line), key_indent)
            })
            .map(|i| self.line_of(i))
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The key a line starts at `key_indent`, reading through a leading `- ` of a list item.
fn indent_key(line: &str, indent: usize, key_indent: usize) -> Option<&str> {
    let mut rest = &line[indent..];
    let mut col = indent;
    if col < key_indent && (rest.starts_with("- ") || rest == "-") {
        let after = rest[1..].trim_start();
        col += rest.len() - after.len();
        rest = after;
    }
    if col != key_indent {
        return None;
    }
    let end = rest.find(':')?;
    let key = rest[..end].trim().trim_matches(['"', '\'']);
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "name: x\nentries:\n  - slug: a\n    title: A\n    related:\n      - b\n      - zed\n  # note\n  -   title: B\n      summary: >-\n        - not an entry\n";

    #[test]
    fn line_map_finds_entries_and_fields() {
        let map = LineMap::new(SAMPLE);
        assert_eq!(map.entries_line, Some(2));
        assert_eq!(map.entry(0), Some(3));
        assert_eq!(map.entry(1), Some(9));
        assert_eq!(map.field(0, "title"), Some(4));
        assert_eq!(map.field(0, "slug"), Some(3));
        assert_eq!(map.field(1, "summary"), Some(10));
        assert_eq!(map.field(1, "title"), Some(9));
        let targets = ["b".to_string(), "zed".into(), "nowhere".into(), "b".into()];
        // In list order, each from where the last was found; one not there is at the key.
        assert_eq!(
            map.related_lines(0, &targets),
            [Some(6), Some(7), Some(5), Some(5)]
        );
        // Missing key: the entry's own line.
        assert_eq!(map.field(1, "tags"), Some(9));
    }

    #[test]
    fn a_map_of_some_items_answers_as_the_whole_files() {
        let text = "name: x\nentries:\n  - slug: a\n    title: A\n  - slug: b\n    related:\n      - c\n    links:\n      - {title: t, url: http://u}\n    sections:\n      - items:\n          - txt: 1\n  # note\n  - slug: c\n    related: [a, zz]\nother: zz\n";
        let whole = LineMap::new(text);
        let second = text.find("  - slug: b").unwrap();
        let third = text.find("  - slug: c").unwrap();
        let middle = LineMap::of_items(&text[second..third], 5, 1);
        let last = LineMap::of_items(&text[third..], 14, 2);
        let targets = ["c".to_string(), "a".into(), "other".into()];
        for (map, i) in [(&middle, 1), (&last, 2)] {
            assert_eq!(map.entry(i), whole.entry(i));
            for key in ["slug", "related", "links", "missing"] {
                assert_eq!(map.field(i, key), whole.field(i, key), "{i} {key}");
            }
            assert_eq!(
                map.related_lines(i, &targets),
                whole.related_lines(i, &targets)
            );
            assert_eq!(map.link(i, "http://u"), whole.link(i, "http://u"));
            assert_eq!(map.nested_field(i, "txt"), whole.nested_field(i, "txt"));
        }
        assert_eq!(
            last.related_lines(2, &targets),
            [Some(15), Some(15), Some(16)]
        );
        assert_eq!(middle.field(1, "links"), Some(8));
    }

    #[test]
    fn line_map_lines_are_the_texts() {
        for text in [
            "",
            "a",
            "a\n",
            "a\n\n",
            "a\r\nb\r\n\r\n",
            "\n\nb\r",
            "x\r\r\ny",
        ] {
            let map = LineMap::new(text);
            let expected: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
            assert_eq!(map.lines().collect::<Vec<_>>(), expected, "{text:?}");
        }
    }

    #[test]
    fn line_map_reads_entries_at_column_zero() {
        let map = LineMap::new("entries:\n- title: A\n  x: 1\n- title: B\nname: n\n");
        assert_eq!(map.entry(1), Some(4));
        assert_eq!(map.field(0, "x"), Some(3));
        assert_eq!(map.entry(2), Some(1));
    }

    #[test]
    fn parse_error_has_location_without_duplicate_text() {
        let err = parse("entries:\n  - title: [\n").unwrap_err();
        assert!(err.line.is_some());
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn type_errors_name_the_format_not_the_rust_types() {
        let cases = [
            (
                "- a\n",
                "invalid type: sequence, expected a mapping with an `entries` list",
            ),
            (
                "entries: null\n",
                "entries: invalid type: null, expected a sequence",
            ),
            (
                "entries: [5]\n",
                "entry 1: invalid type: integer `5`, expected an entry (a mapping of fields)",
            ),
            (
                "entries: [{title: a, category: c, summary: s, sections: [1]}]\n",
                "entry 1, `sections[0]`: invalid type: integer `1`, expected a section (a mapping with a `heading`)",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(parse(text).unwrap_err().message, message);
        }
    }

    #[test]
    fn aliases_that_multiply_text_are_refused() {
        let big = "x".repeat(1 << 20);
        let refs = vec!["*big"; 200].join(", ");
        let text = format!(
            "big: &big {big}\nentries:\n  - title: A\n    category: c\n    summary: s\n    tags: [{refs}]\n"
        );
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains(ALIAS_BOMB), "{err:?}");
        assert_eq!(err.line, Some(6), "{err:?}");
    }

    #[test]
    fn aliases_of_shared_lists_are_fine() {
        let mut text = String::from("shared: &tags [leadership, roles, careers]\nentries:\n");
        for i in 0..2000 {
            text.push_str(&format!(
                "  - {{title: t{i}, category: c, summary: s, tags: *tags, aliases: *tags}}\n"
            ));
        }
        assert_eq!(parse(&text).unwrap().entries.len(), 2000);
    }

    #[test]
    fn raw_control_characters_are_pointed_at() {
        let err = parse("entries:\n  - title: éé\u{1b}B\n").unwrap_err();
        assert_eq!(
            (err.line, err.column, err.message.as_str()),
            (Some(2), Some(14), "control characters are not allowed")
        );
    }

    #[test]
    fn unknown_fields_survive_odd_shapes() {
        let text = "1: a\n? [x]\n: b\nentries:\n  - !tag {title: A, zz: 1}\n  - 5\n  - title: B\n    links: [{title: t, url: u, uu: 2}, 7]\n    sections: {heading: h}\n";
        let found = unknown_fields(text).unwrap();
        let paths: Vec<_> = found.iter().map(|f| (f.entry, f.path.as_str())).collect();
        assert_eq!(
            paths,
            [(None, "1"), (None, "[...]"), (Some(2), "links[0].uu")]
        );
    }

    #[test]
    fn blank_documents_are_refused_clearly() {
        let err = parse("# only a comment\n\n").unwrap_err();
        assert!(err.message.contains("no content"));
    }

    #[test]
    fn unknown_fields_are_found_at_every_level() {
        let text = "entries:\n  - title: A\n    sumary: x\n    sections:\n      - heading: H\n        items:\n          - txt: y\n";
        let found = unknown_fields(text).unwrap();
        let paths: Vec<_> = found.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["sumary", "sections[0].items[0].txt"]);
    }
}
