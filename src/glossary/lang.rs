//! Language tags (BCP 47): whether a glossary's `lang` is one, so that `check` can say so and
//! the web page never declares a language that is not.

/// Tags from before RFC 4646 that its grammar does not cover (RFC 5646 §2.2.8, "irregular").
const IRREGULAR: [&str; 17] = [
    "en-gb-oed",
    "i-ami",
    "i-bnn",
    "i-default",
    "i-enochian",
    "i-hak",
    "i-klingon",
    "i-lux",
    "i-mingo",
    "i-navajo",
    "i-pwn",
    "i-tao",
    "i-tay",
    "i-tsu",
    "sgn-be-fr",
    "sgn-be-nl",
    "sgn-ch-de",
];

/// Whether `tag` is a well-formed BCP 47 language tag (RFC 5646 §2.1), such as `en`, `ur-PK`,
/// `zh-Hant-TW`, `sr-Latn` or `de-CH-1996`. Case does not matter. Well-formed, not checked
/// against the IANA registry: `qq` passes, `english` and `en_US` do not (the primary language
/// must have two or three letters, the only lengths registered).
pub fn is_language_tag(tag: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    if IRREGULAR.contains(&lower.as_str()) {
        return true;
    }
    let parts: Vec<&str> = lower.split('-').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_alphanumeric()))
    {
        return false;
    }
    let alpha = |p: &str, lens: std::ops::RangeInclusive<usize>| {
        lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let mut rest = &parts[..];
    let first = rest[0];
    if first == "x" {
        return private_use(&rest[1..]);
    }
    // The grammar also allows four to eight letters here, but those are reserved and none is
    // registered: `english` is a mistake, not a tag.
    if !alpha(first, 2..=3) {
        return false;
    }
    rest = &rest[1..];
    // Up to three extended language subtags.
    for _ in 0..3 {
        match rest.first() {
            Some(p) if alpha(p, 3..=3) => rest = &rest[1..],
            _ => break,
        }
    }
    if let Some(p) = rest.first()
        && alpha(p, 4..=4)
    {
        rest = &rest[1..];
    }
    if let Some(p) = rest.first()
        && (alpha(p, 2..=2) || (p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit())))
    {
        rest = &rest[1..];
    }
    while let Some(p) = rest.first()
        && ((5..=8).contains(&p.len()) || (p.len() == 4 && p.as_bytes()[0].is_ascii_digit()))
    {
        rest = &rest[1..];
    }
    while let Some(&p) = rest.first() {
        if p == "x" {
            return private_use(&rest[1..]);
        }
        if p.len() != 1 {
            return false;
        }
        let n = rest[1..]
            .iter()
            .take_while(|s| (2..=8).contains(&s.len()))
            .count();
        if n == 0 {
            return false;
        }
        rest = &rest[1 + n..];
    }
    true
}

/// What follows an `x`: at least one subtag of one to eight characters.
fn private_use(rest: &[&str]) -> bool {
    !rest.is_empty() && rest.iter().all(|p| (1..=8).contains(&p.len()))
}

#[cfg(test)]
mod tests {
    use super::is_language_tag;

    #[test]
    fn well_formed_tags_pass() {
        for tag in [
            "en",
            "EN",
            "ur",
            "ur-PK",
            "zh-Hant-TW",
            "sr-Latn",
            "de-CH-1996",
            "es-419",
            "fil",
            "zh-yue-HK",
            "sl-rozaj-biske",
            "en-US-u-islamcal",
            "en-a-bbb-x-a-ccc",
            "x-whatever",
            "i-klingon",
            "en-GB-oed",
            "art-lojban",
            "qaa",
        ] {
            assert!(is_language_tag(tag), "{tag}");
        }
    }

    #[test]
    fn malformed_tags_fail() {
        for tag in [
            "",
            "english",
            "en_US",
            "en-",
            "-en",
            "e",
            "en--us",
            "en-US-",
            "123",
            "en-a",
            "en-x",
            "de-419-DE-ÿ",
            "zh-Hant-TW-a",
            "en-US-x-toolongpart",
            "ur PK",
            "en-u-a-b",
        ] {
            assert!(!is_language_tag(tag), "{tag}");
        }
    }
}
