//! Listings as tab-separated values: no header, one row a line, fields escaped (SPEC §6).

use std::io::{self, Write};

use super::Listing;
use crate::escape::escape_tsv;

pub fn write(out: &mut impl Write, listing: &Listing) -> io::Result<()> {
    for row in &listing.rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.write_all(b"\t")?;
            }
            out.write_all(escape_tsv(&cell.display()).as_bytes())?;
        }
        out.write_all(b"\n")?;
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
        listing.rows.push(vec![Cell::text("x"), Cell::Score(1.0)]);
        listing
            .rows
            .push(vec![Cell::text("back\\slash é"), Cell::Count(2)]);
        let mut out = Vec::new();
        write(&mut out, &listing).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a\\tb\\nc\t0.90\nx\t1.00\nback\\\\slash é\t2\n"
        );
    }
}
