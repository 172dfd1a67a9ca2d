//! `show --format yaml`: entries as block YAML that YAML 1.1 parsers (PyYAML, Ruby's Psych, most
//! CI tools) and YAML 1.2 parsers read alike, and alike with `--format json`.
//!
//! A string is written plain only when no parser of either version could take it for anything
//! but that string: it starts with a letter, holds only letters, digits, spaces and punctuation
//! that means nothing inside a plain scalar (a colon only before another character), ends with
//! neither a space nor a colon, and is not
//! one of the words YAML 1.1 reads as a boolean or null (`yes`, `on`, `off`, `null`...).
//! Everything else is double-quoted, with every character a parser could drop, fold or refuse
//! (controls, line and paragraph separators, bidi and invisible characters) escaped.

use std::io::{self, Write};

use serde::Serialize;
use serde_yaml::{Mapping, Value};

use crate::escape::is_unsafe;

/// Writes `value` as a YAML document.
pub fn write_value(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    let value = serde_yaml::to_value(value).map_err(|e| io::Error::other(e.to_string()))?;
    let mut text = String::new();
    match &value {
        Value::Mapping(map) if !map.is_empty() => write_map(&mut text, map, 0, false),
        Value::Sequence(items) if !items.is_empty() => write_sequence(&mut text, items, 0),
        other => {
            text.push_str(&scalar(other));
            text.push('\n');
        }
    }
    out.write_all(text.as_bytes())
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// `key: value` lines at `indent`; with `inline`, the first goes on the current line (after a
/// sequence's `- `).
fn write_map(out: &mut String, map: &Mapping, indent: usize, mut inline: bool) {
    for (key, value) in map {
        if !inline {
            pad(out, indent);
        }
        inline = false;
        out.push_str(&scalar(key));
        out.push(':');
        match untagged(value) {
            Value::Sequence(items) if !items.is_empty() => {
                out.push('\n');
                write_sequence(out, items, indent);
            }
            Value::Mapping(inner) if !inner.is_empty() => {
                out.push('\n');
                write_map(out, inner, indent + 2, false);
            }
            other => {
                out.push(' ');
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
}

/// `- item` lines at `indent`.
fn write_sequence(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        pad(out, indent);
        out.push_str("- ");
        match untagged(item) {
            Value::Mapping(map) if !map.is_empty() => write_map(out, map, indent + 2, true),
            Value::Sequence(inner) if !inner.is_empty() => {
                out.push('\n');
                write_sequence(out, inner, indent + 2);
            }
            other => {
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
}

fn untagged(value: &Value) -> &Value {
    match value {
        Value::Tagged(tagged) => untagged(&tagged.value),
        other => other,
    }
}

/// A value on one line: a scalar, or an empty sequence or mapping.
fn scalar(value: &Value) -> String {
    match untagged(value) {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Sequence(_) => "[]".into(),
        Value::Mapping(_) => "{}".into(),
        Value::Tagged(_) => unreachable!("untagged"),
    }
}

/// A string, plain when every parser reads it as that string, else double-quoted.
pub fn string(text: &str) -> String {
    if plain_is_safe(text) {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// Words YAML 1.1 resolves to booleans or null (compared without case, which covers more than
/// the spec's spellings, to be safe with lax parsers).
const RESERVED: &[&str] = &["y", "n", "yes", "no", "true", "false", "on", "off", "null"];

fn plain_is_safe(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let letter = |c: char| c.is_alphabetic() && !is_unsafe(c);
    let inner = |c: char| {
        c.is_alphanumeric() && !is_unsafe(c)
            || c == ' '
            || matches!(
                c,
                '-' | '_'
                    | '.'
                    | ','
                    | '('
                    | ')'
                    | '/'
                    | '\''
                    | '"'
                    | '?'
                    | '!'
                    | ';'
                    | '&'
                    | '+'
                    | '%'
                    | ':'
            )
    };
    letter(first)
        && text.chars().all(|c| letter(c) || inner(c))
        && !text.ends_with([' ', ':'])
        && !text.contains(": ")
        && !text.contains("  ")
        && !RESERVED.iter().any(|w| text.eq_ignore_ascii_case(w))
}

/// A double-quoted string with the escapes both YAML versions define.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            // Line and paragraph separators fold like line breaks in YAML 1.1; the rest would be
            // refused as unprintable or are invisible.
            c if is_unsafe(c)
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200c}' | '\u{200d}')
                || matches!(c, '\u{fffe}' | '\u{ffff}') =>
            {
                let n = c as u32;
                if n <= 0xff {
                    out.push_str(&format!("\\x{n:02X}"));
                } else if n <= 0xffff {
                    out.push_str(&format!("\\u{n:04X}"));
                } else {
                    out.push_str(&format!("\\U{n:08X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_when_nothing_else_can_be_read() {
        for plain in [
            "Pair Programming",
            "pair-programming",
            "Two people, one change.",
            "コンテナ",
        ] {
            assert_eq!(string(plain), plain);
        }
        for (text, written) in [
            ("1:1", "\"1:1\""),
            ("yes", "\"yes\""),
            ("On", "\"On\""),
            ("off", "\"off\""),
            ("=", "\"=\""),
            ("<<", "\"<<\""),
            ("2024-05-02", "\"2024-05-02\""),
            ("", "\"\""),
            ("a: b", "\"a: b\""),
            ("a:", "\"a:\""),
            ("a #b", "\"a #b\""),
            ("trailing ", "\"trailing \""),
            ("~", "\"~\""),
            ("line\nbreak", "\"line\\nbreak\""),
            ("\u{1b}[2J\u{202e}\u{2028}", "\"\\x1B[2J\\u202E\\u2028\""),
            ("say \"hi\" \\", "\"say \\\"hi\\\" \\\\\""),
        ] {
            assert_eq!(string(text), written, "{text:?}");
        }
    }

    #[test]
    fn nested_values_are_block_style() {
        #[derive(Serialize)]
        struct Item {
            term: Option<String>,
            text: String,
        }
        #[derive(Serialize)]
        struct Doc {
            name: String,
            list: Vec<String>,
            empty: Vec<String>,
            items: Vec<Item>,
            count: u32,
        }
        let doc = Doc {
            name: "x".into(),
            list: vec!["a".into(), "yes".into()],
            empty: vec![],
            items: vec![Item {
                term: None,
                text: "t".into(),
            }],
            count: 3,
        };
        let mut out = Vec::new();
        write_value(&mut out, &doc).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "name: x\nlist:\n- a\n- \"yes\"\nempty: []\nitems:\n- term: null\n  text: t\ncount: 3\n"
        );
    }
}
