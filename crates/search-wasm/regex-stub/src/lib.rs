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

    /// Replaces every match with `rep` (taken literally).
    pub fn replace_all<'h>(&self, haystack: &'h str, rep: &str) -> Cow<'h, str> {
        let mut out: Option<String> = None;
        let mut last = 0;
        let mut from = 0;
        while let Some(m) = self.find_at(haystack, from) {
            let buf = out.get_or_insert_with(|| String::with_capacity(haystack.len() + 8));
            buf.push_str(&haystack[last..m.start]);
            buf.push_str(rep);
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
