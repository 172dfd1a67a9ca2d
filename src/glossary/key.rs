//! Normalised keys: the one spelling every lookup compares (SPEC §2).

/// Unicode lower-case, every run of characters that are not letters or digits becomes one `-`,
/// trimmed. `Technical Lead`, `technical_lead` and `TECHNICAL-LEAD` all become `technical-lead`.
///
/// Slugs derived from titles use the same rule, so a derived slug is always a normalised key.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        // ASCII, which most text is, without the Unicode tables (the same result).
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(c.to_ascii_lowercase());
            } else {
                pending_dash = true;
            }
        } else if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            // A few lower cases add a combining mark (`İ` becomes `i` + U+0307); keeping it
            // would make the key normalise to something else a second time.
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        } else {
            pending_dash = true;
        }
    }
    out
}

/// The words of a normalised key.
pub fn words(key: &str) -> impl Iterator<Item = &str> {
    key.split('-').filter(|w| !w.is_empty())
}

/// Singular spellings to try, in order, when a name given in the plural finds no entry
/// (`Runbooks`, `ADRs`, `Policies`, `Caches`): English plurals of the last word, so `show` finds
/// what a reader means without aliases for every plural. Words of fewer than three letters, and
/// words ending in `ss` (`Access`), are left alone; names are never shortened to nothing.
pub fn singulars(name: &str) -> Vec<String> {
    let key = normalize(name);
    let last = key.rsplit('-').next().unwrap_or("");
    let head = &key[..key.len() - last.len()];
    if last.chars().count() < 3 || last.ends_with("ss") || !last.ends_with('s') {
        return Vec::new();
    }
    let stem = &last[..last.len() - 1];
    let mut out = Vec::new();
    if let Some(base) = last.strip_suffix("ies").filter(|b| !b.is_empty()) {
        out.push(format!("{head}{base}y"));
    }
    if let Some(base) = last.strip_suffix("es").filter(|b| b.len() > 1) {
        out.push(format!("{head}{base}"));
    }
    if stem.chars().any(char::is_alphabetic) {
        out.push(format!("{head}{stem}"));
    }
    out
}

/// The other spellings a lookup tries, in order, when a name finds nothing: the words joined
/// into one (`road map` → `roadmap`), then the singulars of the last word.
pub fn other_spellings(name: &str) -> Vec<String> {
    let key = normalize(name);
    let joined = key.contains('-').then(|| key.replace('-', ""));
    joined.into_iter().chain(singulars(name)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_spellings_join_words_then_try_singulars() {
        assert_eq!(other_spellings("Road Map"), ["roadmap"]);
        assert_eq!(other_spellings("Runbooks"), ["runbook"]);
        assert_eq!(
            other_spellings("peer reviews"),
            ["peerreviews", "peer-review"]
        );
        assert_eq!(other_spellings("api"), Vec::<String>::new());
    }

    #[test]
    fn plurals_offer_their_singulars() {
        assert_eq!(singulars("Runbooks"), ["runbook"]);
        assert_eq!(singulars("ADRs"), ["adr"]);
        assert_eq!(
            singulars("Architecture Decision Records"),
            ["architecture-decision-record"]
        );
        assert_eq!(singulars("Policies"), ["policy", "polici", "policie"]);
        assert_eq!(singulars("Caches"), ["cach", "cache"]);
        assert_eq!(singulars("Access"), Vec::<String>::new());
        assert_eq!(singulars("Ops"), ["op"]);
        assert_eq!(singulars("OS"), Vec::<String>::new());
        assert_eq!(singulars("Kubernetes"), ["kubernet", "kubernete"]);
        assert_eq!(singulars("3s"), Vec::<String>::new());
        assert_eq!(singulars(""), Vec::<String>::new());
    }

    #[test]
    fn spellings_of_one_term_share_a_key() {
        for spelling in [
            "Technical Lead",
            "technical_lead",
            "TECHNICAL-LEAD",
            "  technical -- lead!! ",
        ] {
            assert_eq!(normalize(spelling), "technical-lead", "{spelling:?}");
        }
    }

    #[test]
    fn keeps_letters_and_digits_of_any_script() {
        assert_eq!(normalize("UX/UI Design"), "ux-ui-design");
        assert_eq!(normalize("Kubernetes 1.30"), "kubernetes-1-30");
        assert_eq!(normalize("コンテナ イメージ"), "コンテナ-イメージ");
        assert_eq!(normalize("ÉQUIPE Été"), "équipe-été");
        assert_eq!(normalize("کلاؤڈ نیٹو"), "کلاؤڈ-نیٹو");
    }

    #[test]
    fn lower_cases_that_add_a_mark_keep_the_letter_only() {
        assert_eq!(normalize("İstanbul"), "istanbul");
        assert_eq!(normalize("İ"), normalize(&normalize("İ")));
    }

    #[test]
    fn punctuation_alone_is_empty() {
        assert_eq!(normalize("?!- _/"), "");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        for s in [
            "A  b",
            "--x--",
            "Ünïcödé_Wörds",
            "How cloud call centers help Financial Firms?",
        ] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once);
        }
    }

    #[test]
    fn words_split_on_dashes() {
        assert_eq!(words("lead-tech").collect::<Vec<_>>(), ["lead", "tech"]);
        assert_eq!(words("").count(), 0);
    }
}
