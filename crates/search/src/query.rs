//! The query language, parsed without regular expressions:
//!
//! - words are all required (`tvångsarbete bärplockning`); bare stop words are ignored;
//! - `"a phrase"` must occur as written (after analysis);
//! - `-word` and `-"a phrase"` exclude;
//! - the last word also matches as a prefix while the visitor is typing (no trailing space);
//! - words of five letters or more tolerate one typo;
//! - `name=value` (or `name:value`) filters by a facet, e.g. `kind=rättsfall`,
//!   `court="Lycksele tingsrätt"`; Swedish names work too (`typ=`, `domstol=`, `år=` …);
//! - case numbers and provisions in any common spelling become exact-key lookups.
//!
//! Input is capped at [`MAX_QUERY_CHARS`] characters and [`MAX_QUERY_TERMS`] clauses, so
//! no input can make a query slow.

use crate::analyzer::{is_stop_word, normalize, Analyzer};
use crate::keys::{find_identifiers, Identifier};
use crate::schema::FACETS;

/// Longest query searched; the rest is cut off (with a message).
pub const MAX_QUERY_CHARS: usize = 500;
/// Most clauses (words, phrases, exclusions, identifiers) in one query.
pub const MAX_QUERY_TERMS: usize = 16;
/// Words at least this long tolerate one typo.
pub const FUZZY_MIN_CHARS: usize = 5;
/// A name typed whole ([`ParsedQuery::name`]) has at least this many letters and digits.
pub const NAME_MIN_CHARS: usize = 2;
/// A prefix needs at least this many characters.
pub const PREFIX_MIN_CHARS: usize = 2;

/// A required word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryWord {
    /// Analyzed (stemmed) term.
    pub term: String,
    /// Also match terms starting with `term` (the word being typed).
    pub prefix: bool,
    /// Also match terms one edit away.
    pub fuzzy: bool,
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub words: Vec<QueryWord>,
    /// Required phrases (two or more terms each).
    pub phrases: Vec<Vec<String>>,
    /// Excluded words (one term) and phrases (several).
    pub excluded: Vec<Vec<String>>,
    pub identifiers: Vec<Identifier>,
    /// `(facet, value)` filters written in the query.
    pub filters: Vec<(String, String)>,
    /// Stop words that were ignored.
    pub stop_words: Vec<String>,
    /// Notes for the visitor, in Swedish.
    pub notes: Vec<String>,
    /// The free text as one name ([`crate::keys::compact_name`]), when it is one: a page
    /// with that name (a court) matches and comes first. `None` when the query has
    /// phrases or exclusions, or too little text.
    pub name: Option<String>,
}

impl ParsedQuery {
    /// True when something must match (not only exclusions).
    pub fn has_positive(&self) -> bool {
        !(self.words.is_empty() && self.phrases.is_empty() && self.identifiers.is_empty())
    }

    fn clauses(&self) -> usize {
        self.words.len() + self.phrases.len() + self.excluded.len() + self.identifiers.len()
    }
}

/// Maps a facet name or its Swedish alias to the facet name.
pub fn facet_name(name: &str) -> Option<&'static str> {
    let name = normalize(name);
    let alias = match name.as_str() {
        "typ" | "sort" => "kind",
        "domstol" => "court",
        "instans" => "instance",
        "år" | "ar" => "year",
        "lagrum" | "bestämmelse" => "provision",
        "utfall" | "utgång" => "outcome",
        "ändamål" | "exploatering" => "exploitation",
        "målgrupp" => "audience",
        other => other,
    };
    FACETS.iter().copied().find(|f| *f == alias)
}

enum Item<'a> {
    /// Free text (possibly several tokens), as a byte range of the query.
    Text(std::ops::Range<usize>),
    Phrase(&'a str),
    Exclude(&'a str),
    Filter(&'static str, &'a str),
}

/// Reads a quoted string starting after the opening quote; returns (content, rest, closed).
fn quoted(s: &str) -> (&str, &str, bool) {
    match s.find('"') {
        Some(end) => (&s[..end], &s[end + 1..], true),
        None => (s, "", false),
    }
}

fn split_items<'a>(text: &'a str, notes: &mut Vec<String>) -> Vec<Item<'a>> {
    let mut items = Vec::new();
    let mut rest = text;
    let mut unbalanced = false;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if let Some(after) = rest.strip_prefix('"') {
            let (content, r, closed) = quoted(after);
            unbalanced |= !closed;
            items.push(Item::Phrase(content));
            rest = r;
            continue;
        }
        if let Some(after) = rest.strip_prefix('-') {
            if let Some(after_quote) = after.strip_prefix('"') {
                let (content, r, closed) = quoted(after_quote);
                unbalanced |= !closed;
                items.push(Item::Exclude(content));
                rest = r;
                continue;
            }
            if !after.starts_with(char::is_whitespace) && !after.is_empty() {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                items.push(Item::Exclude(&after[..end]));
                rest = &after[end..];
                continue;
            }
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let token = &rest[..end];
        if let Some(sep) = token.find(['=', ':']) {
            if let Some(facet) = facet_name(&token[..sep]) {
                let value_start = &rest[sep + 1..];
                if let Some(after_quote) = value_start.strip_prefix('"') {
                    let (content, r, closed) = quoted(after_quote);
                    unbalanced |= !closed;
                    items.push(Item::Filter(facet, content));
                    rest = r;
                } else {
                    items.push(Item::Filter(facet, &token[sep + 1..]));
                    rest = &rest[end..];
                }
                continue;
            }
        }
        // Merge with a preceding text item: identifiers span several tokens.
        let start = text.len() - rest.len();
        match items.last_mut() {
            Some(Item::Text(prev)) => prev.end = start + end,
            _ => items.push(Item::Text(start..start + end)),
        }
        rest = &rest[end..];
    }
    if unbalanced {
        notes.push(
            "Ett citattecken saknar sin avslutning; resten av frågan söktes som en fras.".into(),
        );
    }
    items
}

/// Parses a query. Never fails: problems become notes.
pub fn parse(raw: &str) -> ParsedQuery {
    let mut q = ParsedQuery::default();
    let text = match raw.char_indices().nth(MAX_QUERY_CHARS) {
        Some((cut, _)) => {
            q.notes.push(format!(
                "Sökfrågan var för lång. Bara de första {MAX_QUERY_CHARS} tecknen används."
            ));
            &raw[..cut]
        }
        None => raw,
    };
    let typing = !text.is_empty() && !text.ends_with(char::is_whitespace);
    let analyzer = Analyzer::query();
    let items = split_items(text, &mut q.notes);
    let last = items.len().saturating_sub(1);
    let mut free_text: Vec<&str> = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        match item {
            Item::Phrase(p) => {
                let terms = analyzer.query_terms(p);
                match terms.len() {
                    0 => {}
                    1 => q.words.extend(terms.into_iter().map(|term| QueryWord {
                        term,
                        prefix: false,
                        fuzzy: false,
                    })),
                    _ => q.phrases.push(terms),
                }
            }
            Item::Exclude(p) => {
                let terms = analyzer.query_terms(p);
                if !terms.is_empty() {
                    q.excluded.push(terms);
                }
            }
            Item::Filter(facet, value) => {
                let value = value.trim();
                if !value.is_empty() {
                    q.filters.push((facet.to_string(), value.to_string()));
                }
            }
            Item::Text(range) => {
                free_text.push(&text[range.clone()]);
                add_text(&mut q, &analyzer, &text[range], typing && index == last);
            }
        }
    }
    let free: String = free_text.concat();
    let name = crate::keys::compact_name(&free);
    if q.phrases.is_empty() && q.excluded.is_empty() && name.chars().count() >= NAME_MIN_CHARS {
        q.name = Some(name);
    }
    if q.clauses() > MAX_QUERY_TERMS {
        q.notes.push(format!(
            "Sökfrågan hade fler än {MAX_QUERY_TERMS} delar; de första {MAX_QUERY_TERMS} används."
        ));
        let mut budget = MAX_QUERY_TERMS;
        q.identifiers.truncate(budget);
        budget -= q.identifiers.len();
        q.phrases.truncate(budget);
        budget -= q.phrases.len();
        q.words.truncate(budget);
        budget -= q.words.len();
        q.excluded.truncate(budget);
    }
    q
}

/// Adds free text: identifiers first, then the remaining words.
fn add_text(q: &mut ParsedQuery, analyzer: &Analyzer, text: &str, typing: bool) {
    let ids = find_identifiers(text);
    let mut remaining = String::with_capacity(text.len());
    let mut pos = 0;
    for (id, range) in ids {
        remaining.push_str(&text[pos..range.start]);
        remaining.push(' ');
        pos = range.end;
        if !q.identifiers.contains(&id) {
            q.identifiers.push(id);
        }
    }
    let ends_with_identifier = pos == text.len() && pos > 0;
    remaining.push_str(&text[pos..]);
    let words: Vec<_> = crate::analyzer::words(&remaining).collect();
    let count = words.len();
    for (i, word) in words.into_iter().enumerate() {
        let normalized = normalize(word.text);
        let is_last = i + 1 == count && typing && !ends_with_identifier;
        if is_stop_word(&normalized) {
            q.stop_words.push(normalized);
            continue;
        }
        let chars = normalized.chars().count();
        let numeric = normalized.chars().any(|c| c.is_ascii_digit());
        let terms = analyzer.query_terms(word.text);
        for term in terms {
            let word = QueryWord {
                prefix: is_last && chars >= PREFIX_MIN_CHARS && !numeric,
                fuzzy: chars >= FUZZY_MIN_CHARS && !numeric,
                term,
            };
            if !q.words.contains(&word) {
                q.words.push(word);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(q: &ParsedQuery) -> Vec<&str> {
        q.words.iter().map(|w| w.term.as_str()).collect()
    }

    #[test]
    fn words_phrases_exclusions_and_filters_are_told_apart() {
        let q = parse(
            r#"tvångsarbete "grovt brott" -tiggeri kind=rättsfall domstol="Lycksele tingsrätt" "#,
        );
        assert_eq!(words(&q), ["tvångsarbet"]);
        assert_eq!(q.phrases, [vec!["grovt".to_string(), "brott".to_string()]]);
        assert_eq!(q.excluded, [vec!["tiggeri".to_string()]]);
        assert_eq!(
            q.filters,
            [
                ("kind".to_string(), "rättsfall".to_string()),
                ("court".to_string(), "Lycksele tingsrätt".to_string())
            ]
        );
        assert!(q.notes.is_empty());
    }

    #[test]
    fn only_the_last_word_being_typed_is_a_prefix() {
        let q = parse("människohandel expl");
        assert_eq!(
            q.words.iter().map(|w| w.prefix).collect::<Vec<_>>(),
            [false, true]
        );
        let q = parse("människohandel expl ");
        assert!(q.words.iter().all(|w| !w.prefix));
    }

    #[test]
    fn free_text_is_also_a_name() {
        assert_eq!(
            parse("Hovrätten över Skåne och Blekinge").name.as_deref(),
            Some("hovrättenöverskåneochblekinge")
        );
        assert_eq!(
            parse("Lycksele TR kind=rättsfall").name.as_deref(),
            Some("lyckseletr")
        );
        assert_eq!(parse(r#"svea "göta hovrätt""#).name, None);
        assert_eq!(parse("svea -hovrätt").name, None);
        assert_eq!(parse("hd").name.as_deref(), Some("hd"));
        assert_eq!(parse("x").name, None);
    }

    #[test]
    fn identifiers_are_taken_out_of_the_words() {
        let q = parse("dom B 583-23 tingsrätt");
        assert_eq!(q.identifiers.len(), 1);
        assert_eq!(words(&q), ["dom", "tingsrätt"]);
    }

    #[test]
    fn an_unbalanced_quote_is_searched_as_a_phrase_with_a_note() {
        let q = parse(r#""handel med människor"#);
        assert_eq!(q.phrases.len(), 1);
        assert_eq!(q.notes.len(), 1);
    }

    #[test]
    fn stop_words_alone_leave_nothing_positive() {
        let q = parse("och att det");
        assert!(!q.has_positive());
        assert_eq!(q.stop_words, ["och", "att", "det"]);
    }

    #[test]
    fn a_huge_query_is_capped() {
        let q = parse(&"människohandel ".repeat(700));
        assert!(q.clauses() <= MAX_QUERY_TERMS);
        assert!(!q.notes.is_empty());
        let q = parse(&"ord".repeat(10_000));
        assert!(q.notes.iter().any(|n| n.contains("för lång")));
    }

    #[test]
    fn operators_alone_give_no_clauses() {
        let q = parse(r#"- "" + && || * ( ) = : -"#);
        assert!(!q.has_positive());
        assert!(q.excluded.is_empty());
    }
}
