//! Which addresses become links: the one allow-list for every format that makes links.

/// A web address worth a link, and its host: `http://` or `https://` (any case) with a host,
/// and nothing a reader could not see or a format could misread (spaces, control characters,
/// `<`, `>`, `\`). Other schemes (`javascript:`, `data:`, `mailto:`) and relative paths are
/// shown as text.
pub fn web_address(url: &str) -> Option<(&str, &str)> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let rest_at = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return None;
    };
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '\\'))
    {
        return None;
    }
    let rest = &url[rest_at..];
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or(host);
    (!host.is_empty()).then_some((url, host))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_links() {
        assert_eq!(
            web_address(" https://user@example.org:8080/a?b#c "),
            Some(("https://user@example.org:8080/a?b#c", "example.org:8080"))
        );
        assert_eq!(web_address("HTTP://x.org"), Some(("HTTP://x.org", "x.org")));
        for refused in [
            "javascript:alert(1)",
            "data:text/html,<b>",
            "mailto:a@b.c",
            "/relative/path",
            "https://",
            "https://x.org/a b",
            "https://x.org/<a>",
            "https://x.org/a\\b",
            "https://x.org/\u{1b}[31m",
        ] {
            assert_eq!(web_address(refused), None, "{refused}");
        }
    }
}
