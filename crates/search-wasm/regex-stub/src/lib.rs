//! A stand-in for the `regex` API that tantivy uses, for kunskapsnav's WebAssembly search
//! module. It understands literal patterns and a single character class of literal
//! characters (`[\\/]`, what tantivy's facet printing uses); any other pattern is an
//! error, so tantivy's regex tokenizer and glob options fail cleanly instead of silently
//! matching something else. Nothing in kunskapsnav's reader builds such a pattern.

use std::borrow::Cow;
use std::fmt;

/// A pattern this stand-in cannot compile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "pattern `{}` is not supported by the search module's regex stand-in",
            self.0
        )
    }
}

impl std::error::Error for Error {}

#[derive(Clone, Debug)]
enum Pattern {
    /// Matches this exact text.
    Literal(String),
    /// Matches one of these characters.
    Class(Vec<char>),
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Regex {
    source: String,
    pattern: Pattern,
}

/// A match in a haystack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

const META: &[char] = &[
    '\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$', '#', '&', '-', '~',
];

/// Reads `\x`-escaped literal characters; `None` on any unescaped metacharacter.
fn literal_chars(s: &str, allowed_meta: &[char]) -> Option<Vec<char>> {
    let mut out = Vec::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let next = chars.next()?;
            if next.is_alphanumeric() {
                return None; // \d, \w, \b …: classes, not literals
            }
            out.push(next);
        } else if META.contains(&c) && !allowed_meta.contains(&c) {
            return None;
        } else {
            out.push(c);
        }
    }
    Some(out)
}

impl Regex {
    /// Compiles a literal pattern or a class of literal characters.
    pub fn new(re: &str) -> Result<Regex, Error> {
        let unsupported = || Error(re.to_string());
        let pattern = match re.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            Some(inner) if !inner.starts_with('^') && !inner.is_empty() => {
                Pattern::Class(literal_chars(inner, &[]).ok_or_else(unsupported)?)
            }
            _ => Pattern::Literal(
                literal_chars(re, &[])
                    .ok_or_else(unsupported)?
                    .into_iter()
                    .collect(),
            ),
        };
        Ok(Regex {
            source: re.to_string(),
            pattern,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The first match in `haystack`.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.find_at(haystack, 0)
    }

    fn find_at<'h>(&self, haystack: &'h str, from: usize) -> Option<Match<'h>> {
        let rest = haystack.get(from..)?;
        let (start, len) = match &self.pattern {
            Pattern::Literal(text) => (rest.find(text.as_str())?, text.len()),
            Pattern::Class(chars) => {
                let (i, c) = rest.char_indices().find(|(_, c)| chars.contains(c))?;
                (i, c.len_utf8())
            }
        };
        Some(Match {
            haystack,
            start: from + start,
            end: from + start + len,
        })
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.find(haystack).is_some()
    }

    /// Replaces every match with `rep`, expanded as the real crate does for a pattern
    /// without capture groups (see [`expand`]).
    pub fn replace_all<'h>(&self, haystack: &'h str, rep: &str) -> Cow<'h, str> {
        let mut out: Option<String> = None;
        let mut last = 0;
        let mut from = 0;
        while let Some(m) = self.find_at(haystack, from) {
            let buf = out.get_or_insert_with(|| String::with_capacity(haystack.len() + 8));
            buf.push_str(&haystack[last..m.start]);
            expand(rep, m.as_str(), buf);
            last = m.end;
            // An empty literal matches everywhere: step over one character.
            from = if m.end > m.start {
                m.end
            } else {
                match haystack[m.end..].chars().next() {
                    Some(c) => m.end + c.len_utf8(),
                    None => break,
                }
            };
        }
        match out {
            Some(mut buf) => {
                buf.push_str(&haystack[last..]);
                Cow::Owned(buf)
            }
            None => Cow::Borrowed(haystack),
        }
    }
}

/// Appends `rep` with the real crate's `$` syntax for a pattern whose only group is the
/// whole match: `$$` is `$`; `$0`, `${0}` the match; any other group name (`$1`, `$x`,
/// `${x}`) names no group and is empty; a `$` not followed by a name stays as it is.
fn expand(rep: &str, matched: &str, out: &mut String) {
    let mut rest = rep;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
            continue;
        }
        let (name, tail) = match after.strip_prefix('{') {
            Some(braced) => match braced.find('}') {
                Some(end) => (&braced[..end], &braced[end + 1..]),
                None => ("", after),
            },
            None => {
                let end = after
                    .find(|c: char| !(c == '_' || c.is_ascii_alphanumeric()))
                    .unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        if name.is_empty() {
            out.push('$');
        } else if name == "0" {
            out.push_str(matched);
        }
        rest = tail;
    }
    out.push_str(rest);
}

/// Escapes every metacharacter of `text`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if META.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_slashes_are_escaped_as_tantivy_expects() {
        let re = Regex::new(r"[\\/]").unwrap();
        assert_eq!(re.replace_all("a/b\\c", "\\/"), "a\\/b\\/c");
        assert!(matches!(re.replace_all("abc", "\\/"), Cow::Borrowed("abc")));
        // Non-ASCII text around the matches stays whole.
        assert_eq!(re.replace_all("år/väg", "\\/"), "år\\/väg");
    }

    #[test]
    fn replacements_expand_dollars_as_the_real_crate_does() {
        let re = Regex::new("b").unwrap();
        assert_eq!(re.replace_all("abc", "[$0]"), "a[b]c");
        assert_eq!(re.replace_all("abc", "[${0}]"), "a[b]c");
        assert_eq!(re.replace_all("abc", "$$"), "a$c");
        assert_eq!(re.replace_all("abc", "$1$name"), "ac");
        assert_eq!(re.replace_all("abc", "$"), "a$c");
        assert_eq!(re.replace_all("abc", "${0"), "a${0c");
    }

    #[test]
    fn classes_of_letters_and_escaped_metacharacters() {
        let re = Regex::new(r"[åä\.]").unwrap();
        assert_eq!(re.replace_all("a.å", "-"), "a--");
        assert!(Regex::new("[a-z]").is_err(), "ranges are not literal");
        assert!(Regex::new("[^a]").is_err(), "negated classes are refused");
    }

    #[test]
    fn literals_and_unsupported_patterns() {
        let re = Regex::new(r"a\.b").unwrap();
        let m = re.find("xxa.b").unwrap();
        assert_eq!((m.start(), m.end(), m.as_str()), (2, 5, "a.b"));
        assert!(Regex::new(r"\w+").is_err());
        assert!(Regex::new("^a.*$").is_err());
        assert_eq!(escape("a*b"), "a\\*b");
    }
}
