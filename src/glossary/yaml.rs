//! The one module that reads and writes YAML: raw serde types, parsing with locations, serialising.
//!
//! Keeping every `serde_yaml` call here means a move to its maintained continuation is a one-line change.

use serde::{Deserialize, Serialize};

/// A glossary file as written, before any checking.
#[derive(Debug, Deserialize)]
pub struct RawGlossary {
    // `name` is the glossary's display name; no command shows it yet, so it is not read.
    pub entries: Vec<RawEntry>,
}

/// One entry as written. Unknown fields are ignored here; `check` finds them through [`unknown_fields`].
#[derive(Debug, Deserialize)]
pub struct RawEntry {
    #[serde(default)]
    pub slug: Option<String>,
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub category: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub read_minutes: Option<u32>,
    pub summary: String,
    #[serde(default)]
    pub sections: Vec<RawSection>,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub links: Vec<RawLink>,
}

#[derive(Debug, Deserialize)]
pub struct RawSection {
    pub heading: String,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub items: Vec<RawItem>,
}

#[derive(Debug, Deserialize)]
pub struct RawItem {
    #[serde(default)]
    pub term: Option<String>,
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct RawLink {
    pub title: String,
    pub url: String,
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
    serde_yaml::from_str(text).map_err(convert_error)
}

/// What the rest of a file must parse as when its `entries` list is read item by item (see
/// [`super::split`]): a glossary whose list is exactly the one placeholder item left in its place.
#[derive(Deserialize)]
struct Frame {
    entries: Vec<serde::de::IgnoredAny>,
}

/// Consecutive items of the `entries` list, parsed under an `entries:` key of their own so that
/// they sit at the same depth as in the whole file.
#[derive(Deserialize)]
struct Items {
    entries: Vec<RawEntry>,
}

/// Checks the frame of a split file: everything but the list, with one placeholder item.
pub fn parse_frame(frame: &str) -> Result<(), ParseError> {
    let parsed: Frame = serde_yaml::from_str(frame).map_err(convert_error)?;
    match parsed.entries.len() {
        1 => Ok(()),
        _ => Err(not_one_item()),
    }
}

/// Parses `count` consecutive items of a split file's list (their text as cut, lines and
/// columns untouched).
pub fn parse_items(items: &str, count: usize) -> Result<Vec<RawEntry>, ParseError> {
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

/// Serialises any value (an entry for `show --format yaml`) as a YAML document.
pub fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// The field names the format knows, by nesting level.
const GLOSSARY_FIELDS: &[&str] = &["name", "entries"];
const ENTRY_FIELDS: &[&str] = &[
    "slug",
    "title",
    "aliases",
    "category",
    "tags",
    "published",
    "read_minutes",
    "summary",
    "sections",
    "related",
    "links",
];
const SECTION_FIELDS: &[&str] = &["heading", "body", "items"];
const ITEM_FIELDS: &[&str] = &["term", "text"];
const LINK_FIELDS: &[&str] = &["title", "url"];

/// A field the format does not know, with where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField {
    /// Index of the entry it is in, or `None` at the top level.
    pub entry: Option<usize>,
    /// A readable path such as `sections[1].items[0].txt`.
    pub path: String,
    pub name: String,
}

/// Lists every unknown field of a file that parses. Lookups ignore these; `check` reports them.
pub fn unknown_fields(text: &str) -> Vec<UnknownField> {
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let Some(top) = value.as_mapping() else {
        return found;
    };
    collect_unknown(top, GLOSSARY_FIELDS, None, "", &mut found);
    let entries = top.get("entries").and_then(|e| e.as_sequence());
    for (i, entry) in entries.into_iter().flatten().enumerate() {
        let Some(entry) = entry.as_mapping() else {
            continue;
        };
        collect_unknown(entry, ENTRY_FIELDS, Some(i), "", &mut found);
        let nested = |key: &str| {
            entry
                .get(key)
                .and_then(|v| v.as_sequence())
                .into_iter()
                .flatten()
                .enumerate()
                .filter_map(|(j, v)| v.as_mapping().map(|m| (j, m)))
        };
        for (j, section) in nested("sections") {
            let path = format!("sections[{j}].");
            collect_unknown(section, SECTION_FIELDS, Some(i), &path, &mut found);
            let items = section.get("items").and_then(|v| v.as_sequence());
            for (k, item) in items.into_iter().flatten().enumerate() {
                if let Some(item) = item.as_mapping() {
                    let path = format!("sections[{j}].items[{k}].");
                    collect_unknown(item, ITEM_FIELDS, Some(i), &path, &mut found);
                }
            }
        }
        for (j, link) in nested("links") {
            let path = format!("links[{j}].");
            collect_unknown(link, LINK_FIELDS, Some(i), &path, &mut found);
        }
    }
    found
}

fn collect_unknown(
    map: &serde_yaml::Mapping,
    known: &[&str],
    entry: Option<usize>,
    prefix: &str,
    found: &mut Vec<UnknownField>,
) {
    for key in map.keys() {
        let name = match key {
            serde_yaml::Value::String(s) => s.clone(),
            other => to_string(other).unwrap_or_default().trim().to_string(),
        };
        if !known.contains(&name.as_str()) {
            found.push(UnknownField {
                entry,
                path: format!("{prefix}{name}"),
                name,
            });
        }
    }
}

fn convert_error(err: serde_yaml::Error) -> ParseError {
    let location = err.location();
    let mut message = err.to_string();
    // serde_yaml appends " at line L column C"; the location is reported separately.
    if let Some(at) = message.find(" at line ") {
        message.truncate(at);
    }
    ParseError {
        line: location.as_ref().map(|l| l.line()),
        column: location.as_ref().map(|l| l.column()),
        message,
    }
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
    indents: Vec<usize>,
    entries_line: Option<usize>,
    starts: Vec<usize>, // 0-based line index of each entry's `-`
    key_indent: Vec<usize>,
    text_lines: Vec<String>,
}

impl LineMap {
    pub fn new(text: &str) -> LineMap {
        let text_lines: Vec<String> = text
            .lines()
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect();
        let mut map = LineMap {
            text_lines,
            ..LineMap::default()
        };
        map.indents = map.text_lines.iter().map(|l| indent_of(l)).collect();
        let Some(entries_at) = map
            .text_lines
            .iter()
            .position(|l| l.trim_start_matches('\u{feff}').starts_with("entries:"))
        else {
            return map;
        };
        map.entries_line = Some(entries_at + 1);
        let rest = map.text_lines[entries_at]
            .split_once(':')
            .map_or("", |(_, r)| r.trim());
        if !(rest.is_empty() || rest.starts_with('#')) {
            return map; // flow style: no per-entry lines
        }
        let mut item_indent = None;
        for (i, line) in map.text_lines.iter().enumerate().skip(entries_at + 1) {
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
                map.starts.push(i);
                let after = &t[1..];
                let key_col = indent + 1 + (after.len() - after.trim_start().len());
                map.key_indent.push(if after.trim().is_empty() {
                    indent + 2
                } else {
                    key_col
                });
            }
        }
        map
    }

    /// Line where entry `index` begins.
    pub fn entry(&self, index: usize) -> Option<usize> {
        self.starts.get(index).map(|i| i + 1).or(self.entries_line)
    }

    /// Line of `key` inside entry `index` (at the entry's own level), else the entry's line.
    pub fn field(&self, index: usize, key: &str) -> Option<usize> {
        self.find_in_entry(index, |line, indent, key_indent| {
            indent_key(line, indent, key_indent).is_some_and(|k| k == key)
        })
        .or_else(|| self.entry(index))
    }

    /// Line of a `related` target inside entry `index`: the line that names it, else the `related:` key.
    pub fn related(&self, index: usize, target: &str) -> Option<usize> {
        let start = self.field(index, "related")?;
        let end = self.entry_end(index);
        (start - 1..end)
            .find(|&i| self.text_lines[i].contains(target))
            .map(|i| i + 1)
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

    /// Line of a top-level key such as `name`.
    pub fn top_level(&self, key: &str) -> Option<usize> {
        self.text_lines
            .iter()
            .position(|l| {
                l.trim_start_matches('\u{feff}')
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map(|i| i + 1)
    }

    fn entry_end(&self, index: usize) -> usize {
        self.starts
            .get(index + 1)
            .copied()
            .unwrap_or(self.text_lines.len())
    }

    fn find_in_entry(
        &self,
        index: usize,
        matches: impl Fn(&str, usize, usize) -> bool,
    ) -> Option<usize> {
        let start = *self.starts.get(index)?;
        let key_indent = self.key_indent[index];
        (start..self.entry_end(index))
            .find(|&i| matches(&self.text_lines[i], self.indents[i], key_indent))
            .map(|i| i + 1)
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
        assert_eq!(map.related(0, "zed"), Some(7));
        // Missing key: the entry's own line.
        assert_eq!(map.field(1, "tags"), Some(9));
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
    fn blank_documents_are_refused_clearly() {
        let err = parse("# only a comment\n\n").unwrap_err();
        assert!(err.message.contains("no content"));
    }

    #[test]
    fn unknown_fields_are_found_at_every_level() {
        let text = "entries:\n  - title: A\n    sumary: x\n    sections:\n      - heading: H\n        items:\n          - txt: y\n";
        let found = unknown_fields(text);
        let paths: Vec<_> = found.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["sumary", "sections[0].items[0].txt"]);
    }
}
