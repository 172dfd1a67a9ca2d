//! JSON for scripts: entries as objects with the YAML field names; listings as one array or
//! as JSON Lines.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::{Cell, Listing};

/// Writes any value as pretty JSON and a newline.
pub fn write_value(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// One row as an object whose fields keep the listing's column order.
struct Object<'a> {
    columns: &'a [&'static str],
    row: &'a [Cell],
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

fn object<'a>(columns: &'a [&'static str], row: &'a [Cell]) -> Object<'a> {
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
        serde_json::to_writer(&mut *out, &object(&listing.columns, row))?;
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
            Cell::Text("a\u{1b}".into()),
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
}
