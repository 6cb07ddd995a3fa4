//! The one Swedish analyzer of kunskapsnav, used at index time, at query time and for
//! snippets, natively and in WebAssembly, so the three can never disagree.
//!
//! Steps: split into words (letters and digits; a change between letters and digits also
//! splits, so `B583-23` and `B 583-23` give the same tokens), lower-case and fold accents
//! other than å, ä and ö (`idé` → `ide`, `ø` → `ö`), stem with [`stem::stem`], and — at
//! index time only — add the stems of compound parts at the word's position
//! ([`compound::Decompounder`]).

pub mod compound;
pub mod stem;
pub mod stopwords;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

pub use compound::Decompounder;
pub use stem::stem;
pub use stopwords::is_stop_word;

/// Name under which the analyzer is registered in the tantivy schema.
pub const TOKENIZER_NAME: &str = "sv";

/// Words longer than this (in chars) are not indexed: they are data, not language.
const MAX_WORD_CHARS: usize = 64;

/// A word of the input text with its byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub from: usize,
    pub to: usize,
}

/// Splits text into words: runs of letters or runs of digits.
pub fn words(text: &str) -> impl Iterator<Item = Word<'_>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || loop {
        let (start, first) = chars.next()?;
        if !first.is_alphanumeric() {
            continue;
        }
        let digit = first.is_numeric();
        let mut end = start + first.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() || c.is_numeric() != digit {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        return Some(Word {
            text: &text[start..end],
            from: start,
            to: end,
        });
    })
}

/// Lower-cases and folds accents that Swedish does not treat as letters of their own.
pub fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        out.push(match c {
            'á' | 'à' | 'â' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' => 'o',
            'ú' | 'ù' | 'û' => 'u',
            'ü' => 'y',
            'æ' => 'ä',
            'ø' => 'ö',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        });
    }
    out
}

/// The index/query term of one word: normalized and stemmed.
pub fn term(word: &str) -> String {
    stem(&normalize(word))
}

/// One token as indexed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalyzedToken {
    pub term: String,
    pub from: usize,
    pub to: usize,
    pub position: usize,
    /// True for a compound part added at the position of the whole word.
    pub part: bool,
}

/// The Swedish analyzer. Without a decompounder it is the query-side analyzer.
#[derive(Clone, Debug, Default)]
pub struct Analyzer {
    compounds: Option<Decompounder>,
}

impl Analyzer {
    /// The analyzer for queries and snippets (no vocabulary needed).
    pub fn query() -> Self {
        Analyzer { compounds: None }
    }

    /// The analyzer for indexing, splitting compounds against `decompounder`.
    pub fn indexing(decompounder: Decompounder) -> Self {
        Analyzer {
            compounds: Some(decompounder),
        }
    }

    /// Tokens of `text`: each word's term, and at index time its compound parts.
    pub fn tokens(&self, text: &str) -> Vec<AnalyzedToken> {
        let mut out = Vec::new();
        for (position, word) in words(text).enumerate() {
            if word.text.chars().count() > MAX_WORD_CHARS {
                continue;
            }
            let normalized = normalize(word.text);
            let whole = stem(&normalized);
            if let Some(compounds) = &self.compounds {
                for part in compounds.parts(&normalized) {
                    out.push(AnalyzedToken {
                        term: part,
                        from: word.from,
                        to: word.to,
                        position,
                        part: true,
                    });
                }
            }
            out.push(AnalyzedToken {
                term: whole,
                from: word.from,
                to: word.to,
                position,
                part: false,
            });
        }
        out
    }

    /// The terms of a query text, in order (no compound parts).
    pub fn query_terms(&self, text: &str) -> Vec<String> {
        words(text)
            .filter(|w| w.text.chars().count() <= MAX_WORD_CHARS)
            .map(|w| term(w.text))
            .collect()
    }
}

/// The analyzer as a tantivy tokenizer (registered as [`TOKENIZER_NAME`]).
#[derive(Clone, Debug)]
pub struct SwedishTokenizer {
    analyzer: Analyzer,
    token: Token,
}

impl SwedishTokenizer {
    pub fn new(analyzer: Analyzer) -> Self {
        SwedishTokenizer {
            analyzer,
            token: Token::default(),
        }
    }
}

/// Token stream over pre-analyzed tokens.
pub struct SwedishTokenStream<'a> {
    tokens: std::vec::IntoIter<AnalyzedToken>,
    token: &'a mut Token,
}

impl Tokenizer for SwedishTokenizer {
    type TokenStream<'a> = SwedishTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SwedishTokenStream<'a> {
        let tokens = self.analyzer.tokens(text).into_iter();
        self.token.reset();
        SwedishTokenStream {
            tokens,
            token: &mut self.token,
        }
    }
}

impl TokenStream for SwedishTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(t) => {
                self.token.text = t.term;
                self.token.offset_from = t.from;
                self.token.offset_to = t.to;
                self.token.position = t.position;
                self.token.position_length = 1;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_give_the_same_tokens_in_any_spelling() {
        let a = Analyzer::query();
        assert_eq!(a.query_terms("B 583-23"), a.query_terms("B583-23"));
        assert_eq!(a.query_terms("B583-23"), ["b", "583", "23"]);
    }

    #[test]
    fn lower_cases_and_keeps_swedish_letters() {
        assert_eq!(normalize("ÅÄÖ Idé Søren"), "åäö ide sören");
    }

    #[test]
    fn compound_parts_share_the_position_of_the_whole_word() {
        let a = Analyzer::indexing(Decompounder::new([]));
        let tokens = a.tokens("om arbetskraftsexploatering");
        let parts: Vec<_> = tokens.iter().filter(|t| t.part).collect();
        assert!(!parts.is_empty());
        assert!(parts.iter().all(|t| t.position == 1 && t.from == 3));
        assert!(tokens
            .iter()
            .any(|t| !t.part && t.term == stem("arbetskraftsexploatering")));
    }
}
