//! How text becomes search terms, the same way for an entry's fields and for a query: normalised
//! like keys, cut into words, each Latin-script word stemmed (Snowball English), and scripts
//! written without spaces (Chinese, Japanese, Korean) cut into overlapping character pairs.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rust_stemmers::{Algorithm, Stemmer};

use crate::glossary::key::{normalize, words};

/// The fields a term can be found in, in the order of their weight.
pub const FIELD_COUNT: usize = 5;
/// Slug, title and aliases.
pub const NAME: usize = 0;
/// Category and tags.
pub const LABEL: usize = 1;
pub const SUMMARY: usize = 2;
/// Section headings and item terms.
pub const HEADING: usize = 3;
/// Section bodies and item texts.
pub const TEXT: usize = 4;

/// Words at most this long (in characters) are kept in the vocabulary that typo matching reads;
/// longer ones are matched exactly, so typo work per word is bounded.
pub const TYPO_MAX: usize = 48;
/// Words shorter than this are never matched with a typo, nor completed as a prefix.
pub const TYPO_MIN: usize = 4;

/// Whether a character belongs to a script written without spaces between words.
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff // Hiragana, Katakana
        | 0x3400..=0x4dbf // CJK Extension A
        | 0x4e00..=0x9fff // CJK Unified Ideographs
        | 0xac00..=0xd7af // Hangul syllables
        | 0xf900..=0xfaff // CJK compatibility ideographs
        | 0xff66..=0xff9f // half-width Katakana
        | 0x20000..=0x2fa1f) // CJK extensions B–F
}

/// A quick hash for short keys (the multiply-rotate of rustc's FxHasher): indexing hashes every
/// word of a glossary several times, and nothing here needs protection from chosen collisions
/// beyond what a slower map would give.
#[derive(Default, Clone, Copy)]
pub struct QuickHasher(u64);

impl Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    // A number in one or two steps, not byte by byte.
    fn write_u64(&mut self, n: u64) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(K);
    }

    fn write_u128(&mut self, n: u128) {
        self.write_u64(n as u64);
        self.write_u64((n >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map keyed by words, with [`QuickHasher`].
pub type QuickMap<K, V> = HashMap<K, V, BuildHasherDefault<QuickHasher>>;
/// A hash set of words, with [`QuickHasher`].
pub type QuickSet<K> = std::collections::HashSet<K, BuildHasherDefault<QuickHasher>>;

/// Stems words, remembering the stems it has worked out (a glossary repeats its words a lot).
pub struct Analyzer {
    stemmer: Stemmer,
    memo: QuickMap<String, String>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::English),
            memo: QuickMap::default(),
        }
    }
}

/// Entries the memo holds at most, so a huge glossary does not grow it without end.
const MEMO_MAX: usize = 1 << 16;

impl Analyzer {
    /// The term of one word of a normalised key: its stem for a word of ASCII letters (digits
    /// and other scripts are kept as they are).
    pub fn stem(&mut self, word: &str) -> String {
        let mut out = String::new();
        self.with_stem(word, &mut |t| out.push_str(t));
        out
    }

    /// Calls `each` with the term of one word, borrowed from the memo when it is there.
    fn with_stem(&mut self, word: &str, each: &mut dyn FnMut(&str)) {
        if !word.bytes().all(|b| b.is_ascii_lowercase()) || word.len() > TYPO_MAX {
            return each(word);
        }
        if let Some(stem) = self.memo.get(word) {
            return each(stem);
        }
        // The plural of an abbreviation (`VMs`, `CRDs`): no vowel before the `s`, which the
        // stemmer leaves alone.
        let stem = match word.strip_suffix('s') {
            Some(one) if one.len() >= 2 && !one.bytes().any(|b| b"aeiouy".contains(&b)) => {
                one.to_string()
            }
            _ => self.stemmer.stem(word).into_owned(),
        };
        each(&stem);
        if self.memo.len() < MEMO_MAX {
            self.memo.insert(word.to_string(), stem);
        }
    }

    /// Calls `each(word, term)` for every term of a text, in order: a stemmed word, or a
    /// character pair of an unspaced script (`word` is then the pair too).
    pub fn terms(&mut self, text: &str, each: &mut dyn FnMut(&str, &str)) {
        let key = normalize(text);
        for word in words(&key) {
            self.word_terms(word, each);
        }
    }

    /// [`Analyzer::terms`] of one word of a normalised key.
    pub fn word_terms(&mut self, word: &str, each: &mut dyn FnMut(&str, &str)) {
        if !word.chars().any(is_unspaced) {
            return self.with_stem(word, &mut |t| each(word, t));
        }
        for run in unspaced_runs(word) {
            match run {
                Run::Spaced(w) => self.with_stem(w, &mut |t| each(w, t)),
                Run::Unspaced(chars) => {
                    for pair in pairs(chars) {
                        each(pair, pair);
                    }
                }
            }
        }
    }
}

/// A piece of a word: letters of a spaced script, or a run of an unspaced one.
pub enum Run<'a> {
    Spaced(&'a str),
    Unspaced(&'a str),
}

/// Cuts a word where it changes between spaced and unspaced scripts.
pub fn unspaced_runs(word: &str) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut kind = None;
    for (at, c) in word.char_indices() {
        let unspaced = is_unspaced(c);
        if kind.is_some_and(|k| k != unspaced) {
            out.push(run(&word[start..at], kind == Some(true)));
            start = at;
        }
        kind = Some(unspaced);
    }
    if start < word.len() {
        out.push(run(&word[start..], kind == Some(true)));
    }
    out
}

fn run(text: &str, unspaced: bool) -> Run<'_> {
    if unspaced {
        Run::Unspaced(text)
    } else {
        Run::Spaced(text)
    }
}

/// Overlapping pairs of characters of a run (the run itself when it is one character).
pub fn pairs(run: &str) -> Vec<&str> {
    let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
    if starts.len() < 2 {
        return vec![run];
    }
    (0..starts.len() - 1)
        .map(|k| {
            let end = starts.get(k + 2).copied().unwrap_or(run.len());
            &run[starts[k]..end]
        })
        .collect()
}

/// Words that say how a question is asked, not what it is about; a query drops them when it has
/// other words.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but", "by", "can",
    "could", "did", "do", "does", "doing", "for", "from", "had", "has", "have", "how", "i", "if",
    "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "should", "so", "some",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "to", "us", "was", "we", "were", "what", "when", "where", "which", "who", "whom", "why",
    "will", "with", "would", "you", "your",
];

/// Whether a word of a normalised key is a stop word.
pub fn is_stop(word: &str) -> bool {
    // The same list as STOP_WORDS (a test holds them equal), as a match the compiler turns
    // into a few byte comparisons: indexing asks this of every word.
    matches!(
        word,
        "a" | "about"
            | "an"
            | "and"
            | "any"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "being"
            | "but"
            | "by"
            | "can"
            | "could"
            | "did"
            | "do"
            | "does"
            | "doing"
            | "for"
            | "from"
            | "had"
            | "has"
            | "have"
            | "how"
            | "i"
            | "if"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "me"
            | "my"
            | "of"
            | "on"
            | "or"
            | "our"
            | "should"
            | "so"
            | "some"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "those"
            | "to"
            | "us"
            | "was"
            | "we"
            | "were"
            | "what"
            | "when"
            | "where"
            | "which"
            | "who"
            | "whom"
            | "why"
            | "will"
            | "with"
            | "would"
            | "you"
            | "your"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        Analyzer::default().terms(text, &mut |_, t| out.push(t.to_string()));
        out
    }

    #[test]
    fn inflections_share_a_stem() {
        assert_eq!(all("Deployments deploying deploy"), ["deploy"; 3]);
        assert_eq!(all("Principal Engineers"), all("principal engineer"));
        assert_eq!(all("K8s 1-on-1"), ["k8s", "1", "on", "1"]);
        assert_eq!(all("VMs CRDs"), ["vm", "crd"]);
    }

    #[test]
    fn unspaced_scripts_become_pairs() {
        assert_eq!(all("技術リード"), ["技術", "術リ", "リー", "ード"]);
        assert_eq!(all("コンテナ image"), ["コン", "ンテ", "テナ", "imag"]);
        assert_eq!(all("技"), ["技"]);
    }

    #[test]
    fn stop_words_are_sorted_for_lookup() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_stop("what") && is_stop("a") && !is_stop("lead"));
        assert!(STOP_WORDS.iter().all(|w| is_stop(w)));
        for w in ["", "b", "abo", "abouts", "whatever", "lead", "the-"] {
            assert_eq!(is_stop(w), STOP_WORDS.contains(&w), "{w}");
        }
    }
}
