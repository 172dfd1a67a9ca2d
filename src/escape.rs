//! Escaping of untrusted glossary text bound for a terminal or a TSV stream (SPEC §6).

use std::borrow::Cow;
use std::fmt::Write;

/// Characters that could steer a terminal, reorder text or hide in it: C0 controls, DEL, C1
/// controls, the bidirectional embeddings, overrides, isolates and marks, and invisible format
/// characters (zero-width space, word joiner, byte-order mark, tag characters and the like).
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{180e}' | '\u{200b}' | '\u{200e}' | '\u{200f}'
        | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{e0000}'..='\u{e007f}')
}

/// The zero-width joiner and non-joiner: needed inside Indic and Arabic-script words and emoji
/// sequences, invisible anywhere else.
pub fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}')
}

/// Whether `c`, between `before` and `after`, must be shown escaped. A joiner passes only between
/// two visible non-ASCII characters, where scripts and emoji use it; next to ASCII, a space or the
/// text's ends it could only hide something (`tech\u{200d}lead` looks like `techlead`).
pub fn needs_escape(before: Option<char>, c: char, after: Option<char>) -> bool {
    let visible_non_ascii = |n: Option<char>| {
        n.is_some_and(|n| !n.is_ascii() && !n.is_whitespace() && !is_unsafe(n) && !is_joiner(n))
    };
    is_unsafe(c) || (is_joiner(c) && !(visible_non_ascii(before) && visible_non_ascii(after)))
}

/// Walks `text` and calls `emit` for each character with whether it must be escaped.
fn each_char(text: &str, mut emit: impl FnMut(char, bool)) {
    let mut before = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        emit(c, needs_escape(before, c, chars.peek().copied()));
        before = Some(c);
    }
}

/// `\u{1b}` for a character.
fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// Shows every unsafe character as `\u{1b}`; with `keep_layout`, tab and newline stay as they are.
pub fn escape_controls(text: &str, keep_layout: bool) -> Cow<'_, str> {
    // Most glossary text is printable ASCII, which needs nothing: say so without the per-character
    // context rules (a fast path on every lookup's output).
    let plain = |b: u8| (b' '..=b'~').contains(&b) || (keep_layout && (b == b'\t' || b == b'\n'));
    if text.bytes().all(plain) {
        return Cow::Borrowed(text);
    }
    let keep = |c: char| keep_layout && (c == '\t' || c == '\n');
    let mut clean = true;
    each_char(text, |c, escape| clean &= !escape || keep(c));
    if clean {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    each_char(text, |c, escape| {
        if escape && !keep(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    });
    Cow::Owned(out)
}

/// One TSV field on one line: tab, newline, carriage return and backslash become `\t`, `\n`,
/// `\r`, `\\`; any other unsafe character becomes `\u{..}`.
pub fn escape_tsv(text: &str) -> Cow<'_, str> {
    // Printable ASCII without a backslash is its own escaping: most fields, as they are.
    if text
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'\\')
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    each_char(text, |c, escape| match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\\' => out.push_str("\\\\"),
        c if escape => push_escaped(&mut out, c),
        c => out.push(c),
    });
    Cow::Owned(out)
}

/// Reads a field written by [`escape_tsv`] back into the text it came from; `None` for a field
/// no escaping could have produced.
pub fn unescape_tsv(field: &str) -> Option<String> {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            't' => out.push('\t'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            '\\' => out.push('\\'),
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|&c| c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
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
    fn invisible_characters_are_shown() {
        assert_eq!(escape_controls("a\u{200b}b", true), "a\\u{200b}b");
        assert_eq!(
            escape_controls("\u{feff}x\u{2060}", true),
            "\\u{feff}x\\u{2060}"
        );
        assert_eq!(escape_controls("x\u{e0041}", true), "x\\u{e0041}");
        assert_eq!(escape_controls("ab\u{200f}", true), "ab\\u{200f}");
        assert_eq!(escape_tsv("a\u{200b}"), "a\\u{200b}");
    }

    #[test]
    fn joiners_stay_only_inside_words_that_need_them() {
        // Spoofing: invisible between ASCII letters, at an edge or beside a space.
        assert_eq!(
            escape_controls("tech\u{200d}lead", true),
            "tech\\u{200d}lead"
        );
        assert_eq!(escape_controls("\u{200c}x", true), "\\u{200c}x");
        assert_eq!(escape_controls("ক \u{200d}", true), "ক \\u{200d}");
        assert_eq!(
            escape_controls("ক\u{200d}\u{200d}ক", true),
            "ক\\u{200d}\\u{200d}ক"
        );
        // Bengali and Persian words and an emoji family keep their joiners.
        for word in ["র\u{9cd}\u{200d}য", "می\u{200c}خواهم", "👩\u{200d}💻"] {
            assert_eq!(escape_controls(word, true), word);
            assert_eq!(escape_tsv(word), word);
        }
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
            assert_eq!(unescape_tsv(&escaped).as_deref(), Some(s));
        }
    }
}
