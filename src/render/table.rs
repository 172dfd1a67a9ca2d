//! Listings as a table for people at a terminal (comfy-table 8).

use std::io::{self, Write};

use comfy_table::{
    Attribute, Cell as TableCell, CellAlignment, ColumnConstraint, ContentArrangement, Table,
    presets,
};

use super::{Cell, Listing, Style};
use crate::escape::escape_controls;

/// The narrowest a title column gets before categories wrap too.
const MIN_TITLE: usize = 20;

pub fn write(out: &mut impl Write, listing: &Listing, style: Style) -> io::Result<()> {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    if style.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    if let Some(width) = style.width {
        table.set_content_arrangement(ContentArrangement::Dynamic);
        table.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    }
    table.set_header(listing.columns.iter().map(|name| {
        let cell = TableCell::new(heading(name));
        if style.color {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    // A slug is what a reader copies into `show`: it is never wrapped or cut, nor are the short,
    // fixed-vocabulary columns. Titles wrap first; categories only when the title would get
    // too narrow to read, so rows stay one line where they can.
    let mut keep: Vec<bool> = listing
        .columns
        .iter()
        .map(|name| {
            matches!(
                *name,
                "slug" | "relation" | "tier" | "score" | "count" | "kind"
            )
        })
        .collect();
    if let Some(width) = style.width {
        let widths: Vec<usize> = (0..listing.columns.len())
            .map(|i| {
                listing
                    .rows
                    .iter()
                    .map(|row| row.get(i).map_or(0, |c| c.display().chars().count()))
                    .chain([heading(listing.columns[i]).chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        // Each column takes its text, a space either side and a border.
        let others: usize = (0..widths.len())
            .filter(|&i| listing.columns[i] != "title")
            .map(|i| widths[i] + 3)
            .sum();
        if others + 1 + MIN_TITLE + 3 <= width {
            for (i, name) in listing.columns.iter().enumerate() {
                keep[i] |= *name != "title";
            }
        }
    }
    for (i, keep) in keep.into_iter().enumerate() {
        if keep && let Some(column) = table.column_mut(i) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    for row in &listing.rows {
        table.add_row(row.iter().map(|cell| {
            let text = escape_controls(&cell.display(), false).into_owned();
            match cell {
                Cell::Text(_) => TableCell::new(text),
                Cell::Count(_) | Cell::Score(_) => {
                    TableCell::new(text).set_alignment(CellAlignment::Right)
                }
            }
        }));
    }
    writeln!(out, "{table}")
}

/// A column's field name as a header: `read_minutes` becomes `Read minutes`.
fn heading(name: &str) -> String {
    let mut text = name.replace('_', " ");
    if let Some(first) = text.get(..1) {
        let upper = first.to_uppercase();
        text.replace_range(..1, &upper);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_table_has_header_and_rows() {
        let mut listing = Listing::new(&["slug", "count"]);
        listing
            .rows
            .push(vec![Cell::text("a\u{1b}b"), Cell::Count(12)]);
        let mut out = Vec::new();
        write(&mut out, &listing, Style::PLAIN).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "┌──────────┬───────┐\n│ Slug     ┆ Count │\n╞══════════╪═══════╡\n│ a\\u{1b}b ┆    12 │\n└──────────┴───────┘\n"
        );
    }
}
