//! JSON for scripts: entries as objects with the YAML field names; listings as one array or
//! as JSON Lines.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::{Cell, Listing};
use crate::escape::{is_joiner, is_unsafe};

/// Writes any value as pretty JSON and a newline.
pub fn write_value(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    to_writer(&mut *out, value, SafeText(PrettyFormatter::new()))?;
    writeln!(out)
}

/// Writes one value with the given layout, its strings escaped by [`SafeText`].
fn to_writer<W: Write, F: Formatter>(
    out: &mut W,
    value: &impl Serialize,
    formatter: SafeText<F>,
) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, formatter);
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// A JSON layout whose strings also escape what serde_json leaves raw: DEL, C1 controls,
/// bidirectional overrides, joiners and other invisible characters become `\uXXXX`. The JSON
/// decodes to the same text, but a person reading it (`cat`, `less`, a log) sees every character.
struct SafeText<F>(F);

impl<F: Formatter> Formatter for SafeText<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if is_unsafe(c) || is_joiner(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                for unit in c.encode_utf16(&mut [0; 2]) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    // The layout is the wrapped formatter's.
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// One row as an object whose fields keep the listing's column order.
struct Object<'a> {
    columns: &'a [&'static str],
    row: &'a [Cell<'a>],
}

impl Serialize for Object<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.columns.len()))?;
        for (name, cell) in self.columns.iter().zip(self.row) {
            match cell {
                Cell::Text(s) => map.serialize_entry(name, s)?,
                Cell::Count(n) => map.serialize_entry(name, n)?,
                Cell::Score(s) => map.serialize_entry(name, &((s * 100.0).round() / 100.0))?,
            }
        }
        map.end()
    }
}

fn object<'a>(columns: &'a [&'static str], row: &'a [Cell<'a>]) -> Object<'a> {
    Object { columns, row }
}

/// The listing as one JSON array of objects.
pub fn write_array(out: &mut impl Write, listing: &Listing) -> io::Result<()> {
    let rows: Vec<Object> = listing
        .rows
        .iter()
        .map(|r| object(&listing.columns, r))
        .collect();
    write_value(out, &rows)
}

/// The listing as JSON Lines: one compact object a line.
pub fn write_lines(out: &mut impl Write, listing: &Listing) -> io::Result<()> {
    for row in &listing.rows {
        to_writer(
            &mut *out,
            &object(&listing.columns, row),
            SafeText(CompactFormatter),
        )?;
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_typed_objects() {
        let mut listing = Listing::new(&["slug", "score", "count"]);
        listing.rows.push(vec![
            Cell::text("a\u{1b}"),
            Cell::Score(0.8567),
            Cell::Count(3),
        ]);
        let mut out = Vec::new();
        write_lines(&mut out, &listing).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"slug\":\"a\\u001b\",\"score\":0.86,\"count\":3}\n"
        );
    }

    #[test]
    fn invisible_and_reordering_characters_are_escaped_and_decode_back() {
        let text = "a\u{7f}b\u{9b}c\u{202e}d\u{2066}e\u{200d}f\u{200b}g\u{e0041}h\"\\é";
        let mut out = Vec::new();
        write_value(&mut out, &[text]).unwrap();
        let json = String::from_utf8(out).unwrap();
        assert_eq!(
            json,
            "[\n  \"a\\u007fb\\u009bc\\u202ed\\u2066e\\u200df\\u200bg\\udb40\\udc41h\\\"\\\\é\"\n]\n"
        );
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, [text]);
    }
}
