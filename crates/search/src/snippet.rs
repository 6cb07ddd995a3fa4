//! Snippets: the stretch of a stored text with the most distinct query matches,
//! HTML-escaped, with each match wrapped in `<mark>`. Tokens are found by the same
//! analyzer that indexed them, so inflected forms (`domen` for `dom`) and compounds
//! (`arbetskraftsexploatering` for `exploatering`) are marked too.

use crate::analyzer::{term, words};
use crate::query::ParsedQuery;

/// Characters of context shown before the first match.
const LEAD: usize = 50;

/// What to mark.
#[derive(Clone, Debug, Default)]
pub struct Highlighter {
    exact: Vec<String>,
    prefixes: Vec<String>,
    fuzzy: Vec<String>,
}

impl Highlighter {
    pub fn new(q: &ParsedQuery) -> Self {
        let mut h = Highlighter::default();
        for w in &q.words {
            h.exact.push(w.term.clone());
            if w.prefix {
                h.prefixes.push(w.term.clone());
            }
            if w.fuzzy {
                h.fuzzy.push(w.term.clone());
            }
        }
        for terms in &q.phrases {
            h.exact.extend(terms.iter().cloned());
        }
        for id in &q.identifiers {
            // A lone letter (the `B` of `B 583-23`, the `b` of `1 b §`) would mark every
            // such letter in the text; the numbers are enough.
            for phrase in id.phrases().into_iter().take(1) {
                h.exact.extend(
                    words(&phrase)
                        .map(|w| term(w.text))
                        .filter(|t| t.chars().count() > 1),
                );
            }
        }
        h.exact.retain(|t| !crate::analyzer::is_stop_word(t));
        h
    }

    /// Index of the query term `token` matches, if any.
    fn matches(&self, token: &str) -> Option<usize> {
        if let Some(i) = self.exact.iter().position(|t| {
            t == token
                || (t.chars().count() >= 4 && token.len() > t.len() && token.contains(t.as_str()))
        }) {
            return Some(i);
        }
        let base = self.exact.len();
        if let Some(i) = self
            .prefixes
            .iter()
            .position(|p| token.starts_with(p.as_str()))
        {
            return Some(base + i);
        }
        let base = base + self.prefixes.len();
        self.fuzzy
            .iter()
            .position(|f| within_one_edit(f, token))
            .map(|i| base + i)
    }
}

/// True when `a` and `b` differ by at most one insertion, deletion, substitution or
/// transposition of adjacent characters.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    let suffix = ra
        .iter()
        .rev()
        .zip(rb.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (
        ra.len() - suffix.min(ra.len()),
        rb.len() - suffix.min(rb.len()),
    );
    match (ma, mb) {
        (0, 0) | (1, 0) | (0, 1) | (1, 1) => true,
        (2, 2) => ra[0] == rb[1] && ra[1] == rb[0],
        _ => false,
    }
}

pub fn escape_html(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The snippet of `text` around the best matches, or `None` when nothing matches.
pub fn snippet(text: &str, h: &Highlighter, max_bytes: usize) -> Option<String> {
    let hits: Vec<(usize, usize, usize)> = words(text)
        .filter_map(|w| h.matches(&term(w.text)).map(|q| (w.from, w.to, q)))
        .take(500)
        .collect();
    if hits.is_empty() {
        return None;
    }
    // The window starting at a hit that holds the most distinct query terms.
    let mut best = (0usize, 0usize);
    for (i, &(from, _, _)) in hits.iter().enumerate() {
        let mut seen = Vec::new();
        for &(_, to, q) in &hits[i..] {
            if to > from + max_bytes {
                break;
            }
            if !seen.contains(&q) {
                seen.push(q);
            }
        }
        if seen.len() > best.1 {
            best = (i, seen.len());
        }
    }
    let first = hits[best.0].0;
    let mut start = floor_char(text, first.saturating_sub(LEAD));
    if start > 0 {
        // Begin at a whole word: skip the word the cut fell into.
        let cut_in_word = text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        start = words(&text[start..first])
            .nth(usize::from(cut_in_word))
            .map(|w| start + w.from)
            .unwrap_or(first);
    }
    let mut end = floor_char(text, (start + max_bytes).min(text.len()));
    if end < text.len() {
        end = words(&text[start..end])
            .last()
            .map(|w| start + w.to)
            .unwrap_or(end);
    }
    let mut out = String::with_capacity(end - start + 64);
    if start > 0 {
        out.push_str("… ");
    }
    let mut pos = start;
    for &(from, to, _) in hits.iter().filter(|(f, t, _)| *f >= start && *t <= end) {
        escape_html(&text[pos..from], &mut out);
        out.push_str("<mark>");
        escape_html(&text[from..to], &mut out);
        out.push_str("</mark>");
        pos = to;
    }
    escape_html(&text[pos..end], &mut out);
    if end < text.len() {
        out.push_str(" …");
    }
    Some(out)
}

/// The start of `text`, escaped, for results whose match is not in the text.
pub fn lead(text: &str, max_bytes: usize) -> String {
    let mut out = String::new();
    if text.len() <= max_bytes {
        escape_html(text, &mut out);
        return out;
    }
    let end = floor_char(text, max_bytes);
    let end = words(&text[..end]).last().map(|w| w.to).unwrap_or(end);
    escape_html(&text[..end], &mut out);
    out.push_str(" …");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;

    #[test]
    fn one_edit_covers_typos_and_transpositions() {
        assert!(within_one_edit("människohandel", "människohandel"));
        assert!(within_one_edit("människohandel", "männsikohandel"));
        assert!(within_one_edit("tvångsarbet", "tvångsarbte"));
        assert!(within_one_edit("exploater", "expolater"));
        assert!(!within_one_edit("exploater", "epxolater"));
        assert!(within_one_edit("exploater", "exploaetr"));
        assert!(!within_one_edit("dom", "domstol"));
    }

    #[test]
    fn snippets_mark_inflected_forms_and_compounds_and_escape_html() {
        let h = Highlighter::new(&parse("exploatering dom "));
        let s = snippet(
            "Om <b>arbetskraftsexploatering</b> föll domen i tingsrätten & hovrätten.",
            &h,
            200,
        )
        .expect("matches");
        assert_eq!(
            s,
            "Om &lt;b&gt;<mark>arbetskraftsexploatering</mark>&lt;/b&gt; föll <mark>domen</mark> i tingsrätten &amp; hovrätten."
        );
    }

    #[test]
    fn long_texts_are_cut_around_the_match() {
        let text = format!(
            "{} tvångsarbete {}",
            "inledning ".repeat(50),
            "slut ".repeat(50)
        );
        let s = snippet(&text, &Highlighter::new(&parse("tvångsarbete ")), 120).expect("match");
        assert!(s.starts_with("… "), "{s}");
        assert!(s.ends_with(" …"), "{s}");
        assert!(s.contains("<mark>tvångsarbete</mark>"));
        assert!(s.starts_with("… inledning"), "starts at a whole word: {s}");
    }
}
