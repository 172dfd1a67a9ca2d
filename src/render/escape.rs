//! Escaping of untrusted glossary text bound for a terminal or a TSV stream (SPEC §6).

use std::borrow::Cow;
use std::fmt::Write;

/// Characters that could steer a terminal or reorder text: C0 controls, DEL, C1 controls and the
/// bidirectional embeddings, overrides and isolates.
pub fn is_unsafe(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Shows every unsafe character as `\u{1b}`; with `keep_layout`, tab and newline stay as they are.
pub fn escape_controls(text: &str, keep_layout: bool) -> Cow<'_, str> {
    let keep = |c: char| keep_layout && (c == '\t' || c == '\n');
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) && !keep(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One TSV field on one line: tab, newline, carriage return and backslash become `\t`, `\n`,
/// `\r`, `\\`; any other unsafe character becomes `\u{..}`.
pub fn escape_tsv(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_sequences_are_shown_not_obeyed() {
        assert_eq!(escape_controls("a\u{1b}[31mred", true), "a\\u{1b}[31mred");
        assert_eq!(escape_controls("x\u{9b}y\u{7f}", true), "x\\u{9b}y\\u{7f}");
        assert_eq!(
            escape_controls("\u{202e}abc\u{2066}", true),
            "\\u{202e}abc\\u{2066}"
        );
        assert_eq!(
            escape_controls("tab\there\nnext\r", true),
            "tab\there\nnext\\u{d}"
        );
        assert_eq!(escape_controls("tab\tnl\n", false), "tab\\u{9}nl\\u{a}");
    }

    #[test]
    fn safe_text_is_not_copied() {
        assert!(matches!(
            escape_controls("Technical Lead — 技術リード", true),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn tsv_fields_stay_on_one_line() {
        assert_eq!(escape_tsv("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
        assert_eq!(escape_tsv("\u{1b}]8;;x\u{7}"), "\\u{1b}]8;;x\\u{7}");
    }

    fn unescape_tsv(field: &str) -> String {
        let mut out = String::new();
        let mut chars = field.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('\\') => out.push('\\'),
                Some('u') => {
                    let hex: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
                }
                other => panic!("bad escape {other:?}"),
            }
        }
        out
    }

    #[test]
    fn tsv_escaping_round_trips() {
        for s in [
            "plain",
            "a\\tb",
            "\\",
            "x\t\ny\r\u{1b}z\u{202e}",
            "\\u{1b}",
            "",
        ] {
            let escaped = escape_tsv(s);
            assert!(!escaped.contains(['\t', '\n', '\r']));
            assert_eq!(unescape_tsv(&escaped), s);
        }
    }
}
