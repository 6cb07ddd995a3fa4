//! Prefix and typo expansion of a query word against one field's term dictionary.
//!
//! Both read only a narrow, contiguous range of the dictionary, so that in the browser
//! they download a few dictionary blocks rather than the whole dictionary: a prefix reads
//! the terms that start with it; a typo reads the terms that share the word's first two
//! letters and keeps those one edit away (a letter added, dropped, changed, or two
//! neighbours swapped). Typos in the first two letters are therefore not corrected.
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

/// Alternative terms for `word` in `dict`, most frequent first.
pub fn expansions(dict: &TermDictionary, word: &QueryWord) -> io::Result<Vec<(String, Expansion)>> {
    if !word.prefix && !word.fuzzy {
        return Ok(Vec::new());
    }
    let term = word.term.as_str();
    let start = if word.fuzzy {
        first_chars(term, TYPO_ANCHOR_CHARS)
    } else {
        term
    };
    let mut builder = dict.range().ge(start.as_bytes());
    if let Some(upper) = upper_bound(start.as_bytes()) {
        builder = builder.lt(upper);
    }
    let mut stream = builder.into_stream()?;
    let mut found: Vec<(u32, String, Expansion)> = Vec::new();
    while stream.advance() {
        let Ok(candidate) = std::str::from_utf8(stream.key()) else {
            continue;
        };
        if candidate == term {
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
}
