//! Listings as tab-separated values: no header, one row a line, fields escaped (SPEC §6).

use std::io::{self, Write};

use super::Listing;
use crate::escape::escape_tsv;

pub fn write(out: &mut impl Write, listing: &Listing) -> io::Result<()> {
    for row in &listing.rows {
        let fields: Vec<String> = row.iter().map(|c| escape_tsv(&c.display())).collect();
        writeln!(out, "{}", fields.join("\t"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Cell;

    #[test]
    fn one_line_a_row() {
        let mut listing = Listing::new(&["slug", "score"]);
        listing
            .rows
            .push(vec![Cell::text("a\tb\nc"), Cell::Score(0.9)]);
        listing
            .rows
            .push(vec![Cell::text("x"), Cell::Score(1.0)]);
        let mut out = Vec::new();
        write(&mut out, &listing).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a\\tb\\nc\t0.90\nx\t1.00\n"
        );
    }
}
