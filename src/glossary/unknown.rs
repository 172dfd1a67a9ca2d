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
