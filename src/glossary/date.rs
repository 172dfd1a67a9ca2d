//! Dates as the file format writes them (`published: 2024-03-19`), checked against the calendar:
//! the one reading of a date, for `check` and for every format that shows a date as a date.

/// A real calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// `YYYY-MM-DD`, digits only, a month that exists and a day that the month has (29 February
    /// in leap years only); anything else is `None`.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |at: std::ops::Range<usize>| -> Option<u32> {
            let part = &text[at];
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// `March 19, 2024`.
    pub fn long(&self) -> String {
        let name = MONTHS[(self.month - 1) as usize];
        format!("{name} {}, {}", self.day, self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_calendar_dates_parse() {
        assert_eq!(
            Date::parse("2024-03-19"),
            Some(Date {
                year: 2024,
                month: 3,
                day: 19
            })
        );
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2000-02-29").is_some());
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "2024-02-31",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-3-19",
            "19-03-2024",
            "2024-03-1x",
            "+024-03-19",
            "２０２４-03-19",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn long_dates_name_the_month() {
        assert_eq!(Date::parse("2024-03-19").unwrap().long(), "March 19, 2024");
        assert_eq!(
            Date::parse("1999-12-01").unwrap().long(),
            "December 1, 1999"
        );
    }
}
