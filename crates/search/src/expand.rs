//! Prefix and typo expansion of a query word against one field's term dictionary.
//!
//! Both read only narrow, contiguous ranges of the dictionary, so that in the browser
//! they download a few dictionary blocks rather than the whole dictionary: a prefix reads
//! the terms that start with it; a typo reads the terms that share the word's first two
//! letters and keeps those one edit away (a letter added, dropped, changed, or two
//! neighbours swapped). Two more ranges catch the commonest typos at the very start: the
//! first two letters swapped (`ämnniskohandel`) and one letter too many before the word
//! (`xmänniskohandel`). A changed or missing first letter is not corrected: finding it
//! would mean reading every range of the dictionary.
//! The most frequent [`MAX_EXPANSIONS`] terms are kept, so no word can make a query slow.

use std::io;

use tantivy::termdict::TermDictionary;

use crate::query::QueryWord;
use crate::snippet::within_one_edit;

/// Most alternative terms per word and field.
pub const MAX_EXPANSIONS: usize = 16;
/// Letters a typo-tolerant match must share with the word at its start.
pub const TYPO_ANCHOR_CHARS: usize = 2;

/// How an alternative term relates to the word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expansion {
    Prefix,
    Typo,
}

/// The smallest byte string greater than every string starting with `prefix`, if any.
fn upper_bound(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut upper = prefix.to_vec();
    while let Some(last) = upper.pop() {
        if last < u8::MAX {
            upper.push(last + 1);
            return Some(upper);
        }
    }
    None
}

/// The first `n` characters of `s`.
fn first_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The ranges of the dictionary a word's alternatives can be in: its own prefix (or, for
/// typos, its first two letters), then, for typos, the first two letters swapped and the
/// two letters after the first.
fn ranges(term: &str, word: &QueryWord) -> Vec<String> {
    if !word.fuzzy {
        return vec![term.to_string()];
    }
    let mut out = vec![first_chars(term, TYPO_ANCHOR_CHARS).to_string()];
    let chars: Vec<char> = term.chars().take(3).collect();
    if let [a, b, c] = chars[..] {
        out.push([b, a].iter().collect());
        out.push([b, c].iter().collect());
    }
    out.sort();
    out.dedup();
    out
}

/// Alternative terms for `word` in `dict`, most frequent first.
pub fn expansions(dict: &TermDictionary, word: &QueryWord) -> io::Result<Vec<(String, Expansion)>> {
    if !word.prefix && !word.fuzzy {
        return Ok(Vec::new());
    }
    let term = word.term.as_str();
    let mut found: Vec<(u32, String, Expansion)> = Vec::new();
    for start in ranges(term, word) {
        let mut builder = dict.range().ge(start.as_bytes());
        if let Some(upper) = upper_bound(start.as_bytes()) {
            builder = builder.lt(upper);
        }
        let mut stream = builder.into_stream()?;
        while stream.advance() {
            let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if candidate == term || found.iter().any(|(_, t, _)| t == candidate) {
                continue;
            }
            let kind = if word.prefix && candidate.starts_with(term) {
                Expansion::Prefix
            } else if word.fuzzy && within_one_edit(term, candidate) {
                Expansion::Typo
            } else {
                continue;
            };
            found.push((stream.value().doc_freq, candidate.to_string(), kind));
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    found.truncate(MAX_EXPANSIONS);
    Ok(found.into_iter().map(|(_, t, k)| (t, k)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_cover_exactly_the_prefix() {
        assert_eq!(upper_bound(b"ab"), Some(b"ac".to_vec()));
        assert_eq!(upper_bound(&[b'a', 0xff]), Some(b"b".to_vec()));
        assert_eq!(upper_bound(&[0xff]), None);
        assert_eq!(first_chars("mänska", 2), "mä");
        assert_eq!(first_chars("m", 2), "m");
    }

    #[test]
    fn typos_read_three_narrow_ranges() {
        let word = |term: &str, prefix, fuzzy| QueryWord {
            term: term.into(),
            prefix,
            fuzzy,
        };
        assert_eq!(
            ranges("mänskor", &word("mänskor", true, false)),
            ["mänskor"]
        );
        assert_eq!(
            ranges("ämnniskohandel", &word("ämnniskohandel", false, true)),
            ["mn", "mä", "äm"]
        );
        assert_eq!(ranges("ab", &word("ab", false, true)), ["ab"]);
    }
}
