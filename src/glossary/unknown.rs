//! Finds the fields of a glossary file that the format does not know, reading only keys: values
//! are skipped unread, so aliases in them are never expanded and their depth costs nothing.

use std::fmt;

use serde::Deserialize;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

/// A field the format does not know, with where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownField {
    /// Index of the entry it is in, or `None` at the top level.
    pub entry: Option<usize>,
    /// A readable path such as `sections[1].items[0].txt`.
    pub path: String,
    pub name: String,
}

impl UnknownField {
    /// The field of its mapping that this one is most likely a misspelling of (`sumary`:
    /// `summary`, `tag`: `tags`).
    pub fn suggestion(&self) -> Option<&'static str> {
        let level = match (self.entry, self.path.rsplit_once('.')) {
            (None, _) => Level::Top,
            (Some(_), None) => Level::Entry,
            (Some(_), Some((parent, _))) => {
                let last = parent.rsplit('.').next().unwrap_or(parent);
                if last.starts_with("items[") {
                    Level::Item
                } else if last.starts_with("sections[") {
                    Level::Section
                } else if last.starts_with("links[") {
                    Level::Link
                } else {
                    return None;
                }
            }
        };
        closest(&self.name, level.known())
    }
}

/// The name in `known` nearest to `name`, when it is near enough to be a typo of it: one edit
/// (a transposition counts as one) per three letters, at least one.
fn closest(name: &str, known: &[&'static str]) -> Option<&'static str> {
    let bound = (name.chars().count() / 3).max(1);
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), *k))
        .filter(|&(d, _)| d <= bound)
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// Where a mapping sits in the file, which decides the fields it may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Entry,
    Section,
    Item,
    Link,
}

impl Level {
    fn known(self) -> &'static [&'static str] {
        match self {
            Level::Top => &["name", "lang", "entries"],
            Level::Entry => &[
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
                "lang",
            ],
            Level::Section => &["heading", "body", "items"],
            Level::Item => &["term", "text"],
            Level::Link => &["title", "url"],
        }
    }

    /// The level of the mappings in the list under `key`, for the keys whose lists are read.
    fn child(self, key: &str) -> Option<Level> {
        match (self, key) {
            (Level::Top, "entries") => Some(Level::Entry),
            (Level::Entry, "sections") => Some(Level::Section),
            (Level::Entry, "links") => Some(Level::Link),
            (Level::Section, "items") => Some(Level::Item),
            _ => None,
        }
    }
}

/// Whether the items of an entries list in block style (`text`, as the split cuts them, every
/// item starting with `- `) surely hold no unknown field, read from the text's lines without
/// parsing: every key sits on a line of its own as `name:`, at the indentation of its mapping, so
/// the mapping each belongs to follows from indentation alone. Anything this reading cannot be
/// sure of (flow mappings, quoted or explicit keys, anchors, tags, a quoted text running over
/// several lines) answers `false`, and [`collect`] reads the text. Only for text that parses.
pub fn surely_none(text: &str) -> bool {
    // Open mappings, innermost last: the column of their keys, their level (`None`: values not
    // looked into), and their last key.
    let mut open: Vec<(usize, Option<Level>, &str)> = vec![(0, Some(Level::Top), "entries")];
    // Inside a block scalar: the column its key's line starts at; deeper lines are its text.
    let mut scalar: Option<usize> = None;
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        let mut column = line.len() - body.len();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if let Some(at) = scalar {
            if column > at {
                continue;
            }
            scalar = None;
        }
        if body.contains(['\t', '\r']) {
            return false;
        }
        // Sequence entries: each `- ` opens an item whose mapping (if any) starts after it.
        let mut rest = body;
        while let Some(after) = rest
            .strip_prefix("- ")
            .or_else(|| (rest == "-").then_some(""))
        {
            if rest == "-" {
                // An item whose mapping starts on the next line.
                return false;
            }
            let owner = loop {
                match open.last() {
                    Some(&(at, level, key)) if at <= column => break (level, key),
                    Some(_) => {
                        open.pop();
                    }
                    None => return false,
                }
            };
            let spaces = after.len() - after.trim_start_matches(' ').len();
            rest = &after[spaces..];
            column += 2 + spaces;
            let level = owner.0.and_then(|l| l.child(owner.1));
            open.push((column, level, ""));
        }
        let Some((key, value)) = split_key(rest) else {
            // A scalar: a list item, or a line of a plain scalar, which cannot hold `: `. What
            // might be a key written another way is left to the parser.
            if rest.contains(": ")
                || rest.ends_with(':')
                || rest.starts_with([
                    '"', '\'', '?', '&', '!', '*', '{', '[', '|', '>', '%', '@', '`',
                ])
            {
                return false;
            }
            continue;
        };
        // The mapping this key belongs to: the innermost open one at its column.
        while open.last().is_some_and(|&(at, ..)| at > column) {
            open.pop();
        }
        match open.last_mut() {
            Some(top) if top.0 == column => {
                if let Some(level) = top.1
                    && !level.known().contains(&key)
                {
                    return false;
                }
                top.2 = key;
            }
            // A mapping as the value of the last key: its fields are not looked into unless
            // that key's value is read as a list, where a mapping is skipped whole.
            Some(&mut (_, level, last)) => {
                if level.and_then(|l| l.child(last)).is_some() {
                    return false;
                }
                open.push((column, None, key));
            }
            None => return false,
        }
        let value = value.trim_start_matches(' ');
        if value.starts_with(['|', '>']) {
            scalar = Some(column);
            continue;
        }
        let end = value.trim_end();
        // Flow mappings, anchors, tags and aliases; a flow list that could hold a mapping or
        // runs on; a quoted text that runs on: left to the parser.
        let doubtful = value.starts_with(['{', '&', '!', '*', '?'])
            || (value.starts_with('[') && (value.contains([':', '{']) || !end.ends_with(']')))
            || value.chars().next().is_some_and(|quote| {
                (quote == '"' || quote == '\'')
                    && (end.len() < 2 || !end.ends_with(quote) || end.ends_with("\\\""))
            });
        if doubtful {
            return false;
        }
    }
    true
}

/// `name: value` or `name:` cut at the colon, when `name` is a plain key of letters, digits, `_`
/// and `-`.
fn split_key(text: &str) -> Option<(&str, &str)> {
    let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    let (key, rest) = text.split_at(end);
    let value = rest.strip_prefix(':')?;
    (!key.is_empty() && (value.is_empty() || value.starts_with(' '))).then_some((key, value))
}

/// Collects every unknown field of the document `deserializer` reads.
pub fn collect<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<UnknownField>, D::Error> {
    let mut found = Vec::new();
    Mapping {
        level: Level::Top,
        entry: None,
        prefix: String::new(),
        found: &mut found,
    }
    .deserialize(deserializer)?;
    Ok(found)
}

/// A mapping at a level; any other value in its place is skipped (the loader reports it).
struct Mapping<'a> {
    level: Level,
    entry: Option<usize>,
    prefix: String,
    found: &'a mut Vec<UnknownField>,
}

/// A list of mappings at a level.
struct List<'a> {
    level: Level,
    entry: Option<usize>,
    prefix: String,
    found: &'a mut Vec<UnknownField>,
}

impl<'de> DeserializeSeed<'de> for Mapping<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> DeserializeSeed<'de> for List<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

/// What both seeds do with values that are not their shape: skip them.
macro_rules! skip_other_values {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            IgnoredAny::deserialize(d).map(drop)
        }
        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
            let (IgnoredAny, variant) = data.variant()?;
            variant.newtype_variant::<IgnoredAny>().map(drop)
        }
    };
}

impl<'de> Visitor<'de> for Mapping<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(KeyName(name)) = map.next_key()? {
            if !self.level.known().contains(&name.as_str()) {
                self.found.push(UnknownField {
                    entry: self.entry,
                    path: format!("{}{name}", self.prefix),
                    name: name.clone(),
                });
            }
            match self.level.child(&name) {
                Some(level) => map.next_value_seed(List {
                    level,
                    entry: self.entry,
                    prefix: match level {
                        Level::Entry => String::new(),
                        _ => format!("{}{name}", self.prefix),
                    },
                    found: self.found,
                })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }

    skip_other_values!();
}

impl<'de> Visitor<'de> for List<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            let (entry, prefix) = match self.level {
                Level::Entry => (Some(index), String::new()),
                _ => (self.entry, format!("{}[{index}].", self.prefix)),
            };
            let seed = Mapping {
                level: self.level,
                entry,
                prefix,
                found: &mut *self.found,
            };
            if seq.next_element_seed(seed)?.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }

    skip_other_values!();
}

/// A key as the reader wrote it: a scalar's text, or a placeholder for a list or mapping.
struct KeyName(String);

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyName, D::Error> {
        d.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = KeyName;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyName, E> {
        Ok(KeyName(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyName, E> {
        Ok(KeyName(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<KeyName, E> {
        Ok(KeyName(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyName, E> {
        Ok(KeyName(v.to_string()))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<KeyName, E> {
        Ok(KeyName(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyName, E> {
        Ok(KeyName(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyName, E> {
        Ok(KeyName(v.to_string()))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<KeyName, E> {
        Ok(KeyName(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<KeyName, E> {
        Ok(KeyName("null".into()))
    }
    fn visit_none<E: de::Error>(self) -> Result<KeyName, E> {
        Ok(KeyName("null".into()))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<KeyName, D::Error> {
        KeyName::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<KeyName, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(KeyName("[...]".into()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyName, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(KeyName("{...}".into()))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<KeyName, A::Error> {
        let (KeyName(tag), variant) = data.variant()?;
        variant.newtype_variant::<IgnoredAny>()?;
        Ok(KeyName(format!("!{tag}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items that `surely_none` may pass: it must pass each of them.
    const CLEAN: &[&str] = &[
        "  - slug: a\n    title: \"A: quoted\"\n    aliases: [x, 'y']\n    category: C\n    tags: [t]\n    summary: >-\n      Text: with a colon,\n      sumary: in a scalar.\n    sections:\n      - heading: H\n        items:\n          - term: T\n            text: |\n              body: text\n      - heading: I\n        body: plain\n          words running on\n    links:\n      - title: L\n        url: https://example.com/a\n    related: [b]\n  - slug: b\n    title: B # note: here\n    summary:\n      On the next line.\n",
        "- slug: a\n  title: A\n  sections:\n  - heading: H\n    items:\n    - term: T\n      text: t\n  related:\n  - b\n  - c\n",
        "  - slug: a\n    title: A\n    tags:\n      nested: mapping\n      anything: goes\n",
        // A list where an entry should be: skipped whole, as the loader reports it.
        "  - - slug: a\n    - bogus: x\n",
        "  - slug: a\n    sections:\n      - - heading: h\n          bogus: x\n",
    ];

    /// Items with fields the format does not know, or written so that the lines leave doubt.
    const DOUBTFUL: &[&str] = &[
        "  - slug: a\n    sumary: x\n",
        "  - slug: a\n    sections:\n      - heading: h\n        text: wrong level\n",
        "  - slug: a\n    sections:\n      - heading: h\n        items:\n          - term: t\n            heading: wrong\n",
        "  - slug: a\n    links:\n      - title: t\n        url: u\n        name: n\n",
        "- slug: a\n  sections:\n  - heading: h\n    bogus: 1\n",
        "  - slug: a\n    sum mary: x\n",
        "  - slug: a\n    \"sumary\": x\n",
        "  - slug: a\n    links: [{title: a, url: b, extra: c}]\n",
        "  - slug: a\n    sections: [heading: h, bogus: x]\n",
        "  - slug: a\n    summary: >-\n      text\n    bogus: x\n",
        "  - slug: a\r\n    bogus: x\r\n",
        "  - slug: a\n    ? sumary\n    : x\n",
        "  - slug: a\n    &anchor sumary: x\n",
        "  - slug: a\n    summary: \"runs on\n      sumary: in the quote\"\n    bogus: y\n",
        "  - slug: a\n    sections:\n      heading: a mapping, not a list\n      bogus: x\n",
        "  -\n    slug: a\n    bogus: x\n",
        "  - slug: a\n    résumé: x\n",
        "  - slug: a\n    1: x\n",
    ];

    fn found(items: &str) -> Vec<UnknownField> {
        let doc = format!("entries:\n{items}");
        collect(serde_yaml::Deserializer::from_str(&doc)).unwrap_or_default()
    }

    #[test]
    fn surely_none_never_passes_an_unknown_field() {
        for items in CLEAN.iter().chain(DOUBTFUL) {
            if surely_none(items) {
                assert_eq!(found(items), [], "{items}");
            }
        }
        for items in CLEAN {
            assert!(surely_none(items), "{items}");
            assert_eq!(found(items), [], "{items}");
        }
        for items in DOUBTFUL {
            assert!(!surely_none(items), "{items}");
        }
    }
}
