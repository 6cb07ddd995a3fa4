//! Prefix and typo expansion of a query word against one field's term dictionary.
//!
//! Both read only narrow, contiguous ranges of the dictionary, so that in the browser
//! they download a few dictionary blocks rather than the whole dictionary: a prefix reads
//! the terms that start with it; a typo reads the terms that share the word's first two
//! letters and keeps those one edit away (a letter added, dropped, changed, or two
//! neighbours swapped). Two more ranges catch the commonest typos at the very start: the
//! first two letters swapped (`ämnniskohandel`) and one letter too many before the word
//! (`xmänniskohandel`). A changed or missing first letter (`xänniskohandel`,
//! `änniskohandel`) is found in the first-letter table instead (the `tails` field, see
//! [`tail_key`]): two exact lookups there, only when the word itself is in no text field.
//! The most frequent [`MAX_EXPANSIONS`] terms are kept, so no word can make a query slow.

use std::io;

use tantivy::termdict::TermDictionary;

use crate::query::QueryWord;
use crate::snippet::within_one_edit;

/// Most alternative terms per word and field.
pub const MAX_EXPANSIONS: usize = 16;
/// Shortest term the first-letter table holds (in characters).
#[cfg_attr(not(feature = "writer"), allow(dead_code))]
pub const TAIL_MIN_CHARS: usize = 4;
/// Separates a term's tail from its first letter in the first-letter table.
const TAIL_SEPARATOR: char = '\u{1}';

/// A term's key in the first-letter table: the term without its first letter, the
/// separator, then that letter (`människohandel` → `änniskohandel\u{1}m`). Sorted this way,
/// every term that differs from a word only in its first letter, or that is the word
/// with one letter more in front, sits under one exact prefix: one dictionary block.
/// `None` for short terms (and terms holding the separator).
#[cfg_attr(not(feature = "writer"), allow(dead_code))]
pub fn tail_key(term: &str) -> Option<String> {
    let mut chars = term.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    if rest.chars().count() + 1 < TAIL_MIN_CHARS || term.contains(TAIL_SEPARATOR) {
        return None;
    }
    Some(format!("{rest}{TAIL_SEPARATOR}{first}"))
}

/// Prefixes of the first-letter table holding the corrections of a typo in the first
/// letter of `term`: its first letter wrong (`xänniskohandel`: the terms `?änniskohandel`)
/// and its first letter missing (`änniskohandel`: the terms `?änniskohandel`).
fn first_letter_prefixes(term: &str) -> Vec<String> {
    let mut chars = term.chars();
    if chars.next().is_none() {
        return Vec::new();
    }
    let mut out = vec![
        format!("{}{TAIL_SEPARATOR}", chars.as_str()),
        format!("{term}{TAIL_SEPARATOR}"),
    ];
    out.sort();
    out.dedup();
    out
}

/// Terms one changed, missing or extra first letter away from `term`, from the
/// first-letter table `tails` (reads at most two narrow ranges).
pub fn first_letter_candidates(tails: &TermDictionary, term: &str) -> io::Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for prefix in first_letter_prefixes(term) {
        let mut builder = tails.range().ge(prefix.as_bytes());
        if let Some(upper) = upper_bound(prefix.as_bytes()) {
            builder = builder.lt(upper);
        }
        let mut stream = builder.into_stream()?;
        while stream.advance() && out.len() < 4 * MAX_EXPANSIONS {
            let Ok(key) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            let Some((rest, first)) = key.rsplit_once(TAIL_SEPARATOR) else {
                continue;
            };
            let candidate = format!("{first}{rest}");
            if candidate != term && !out.contains(&candidate) && within_one_edit(term, &candidate) {
                out.push(candidate);
            }
        }
    }
    Ok(out)
}

/// Optimal string alignment distance of `a` and `b` (edits: insertion, deletion,
/// substitution, swap of neighbours), or `None` when it is over `max`.
pub fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * width] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
    }
    let distance = d[a.len() * width + b.len()];
    (distance <= max).then_some(distance)
}

/// For a "did you mean": the terms of `dict` in the typo ranges of `term` that are at
/// most `max` edits away (with their document frequency), and whether `term` itself is
/// there.
pub fn corrections(
    dict: &TermDictionary,
    term: &str,
    max: usize,
) -> io::Result<(Vec<(u32, String)>, bool)> {
    let word = QueryWord {
        term: term.to_string(),
        prefix: false,
        fuzzy: true,
    };
    let mut found = Vec::new();
    let mut exact = false;
    for start in ranges(term, &word) {
        let mut builder = dict.range().ge(start.as_bytes());
        if let Some(upper) = upper_bound(start.as_bytes()) {
            builder = builder.lt(upper);
        }
        let mut stream = builder.into_stream()?;
        while stream.advance() {
            let Ok(candidate) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if candidate == term {
                exact = true;
                continue;
            }
            if edit_distance(term, candidate, max).is_some()
                && !found.iter().any(|(_, t): &(u32, String)| t == candidate)
            {
                found.push((stream.value().doc_freq, candidate.to_string()));
            }
        }
    }
    Ok((found, exact))
}
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

/// Alternative terms for `word` in `dict`, most frequent first, and whether the word's
/// own term is in `dict` (when a range read tells: always for typo-tolerant words).
pub fn expansions(
    dict: &TermDictionary,
    word: &QueryWord,
) -> io::Result<(Vec<(String, Expansion)>, bool)> {
    if !word.prefix && !word.fuzzy {
        return Ok((Vec::new(), false));
    }
    let term = word.term.as_str();
    let mut exact = false;
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
            if candidate == term {
                exact = true;
                continue;
            }
            if found.iter().any(|(_, t, _)| t == candidate) {
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
    Ok((found.into_iter().map(|(_, t, k)| (t, k)).collect(), exact))
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

    #[test]
    fn the_first_letter_table_puts_first_letter_typos_under_one_prefix() {
        assert_eq!(
            tail_key("människohandel").as_deref(),
            Some("änniskohandel\u{1}m")
        );
        assert_eq!(tail_key("dom"), None);
        assert_eq!(
            first_letter_prefixes("xänniskohandel"),
            ["xänniskohandel\u{1}", "änniskohandel\u{1}"]
        );
    }

    #[test]
    fn edit_distance_counts_swaps_as_one() {
        assert_eq!(
            edit_distance("människohandel", "människohandel", 2),
            Some(0)
        );
        assert_eq!(edit_distance("mänsikohandel", "människohandel", 2), Some(2));
        assert_eq!(edit_distance("ab", "ba", 1), Some(1));
        assert_eq!(edit_distance("abcdef", "uvwxyz", 2), None);
        assert_eq!(edit_distance("", "ab", 2), Some(2));
    }
}
