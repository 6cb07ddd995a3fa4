//! Exact identifiers: case numbers (`B 583-23`) and provisions (`4 kap. 1 b § brottsbalken`).
//!
//! Documents list their identifiers in `SearchDoc::keys`; each is normalised into one or
//! more canonical keys (`b583-23` and `583-23`; `brb4:1b` and `4:1b`) indexed verbatim in
//! the `keys` field. Queries are scanned for identifiers in any common spelling; those
//! become key lookups with a large boost, so the ruling or provision page comes first.

use std::ops::Range;

/// An identifier found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identifier {
    /// `B 583-23`: an optional register letter (or two), the number, the two-digit year.
    Case {
        register: Option<String>,
        number: String,
        year: String,
    },
    /// `4 kap. 1 b §` of an optional law (`brb`).
    Provision {
        law: Option<String>,
        chapter: String,
        section: String,
        letter: Option<char>,
    },
}

impl Identifier {
    /// Canonical keys: the most specific first.
    pub fn keys(&self) -> Vec<String> {
        match self {
            Identifier::Case {
                register,
                number,
                year,
            } => {
                let bare = format!("{number}-{year}");
                match register {
                    Some(r) => vec![format!("{r}{bare}"), bare],
                    None => vec![bare],
                }
            }
            Identifier::Provision {
                law,
                chapter,
                section,
                letter,
            } => {
                let letter = letter.map(String::from).unwrap_or_default();
                let bare = format!("{chapter}:{section}{letter}");
                match law {
                    Some(l) => vec![format!("{l}{bare}"), bare],
                    None => vec![bare],
                }
            }
        }
    }

    /// The query key: the most specific spelling the user gave.
    pub fn query_key(&self) -> String {
        self.keys().into_iter().next().unwrap_or_default()
    }

    /// Phrases (as plain text) that cite this identifier in running text.
    pub fn phrases(&self) -> Vec<String> {
        match self {
            Identifier::Case {
                register,
                number,
                year,
            } => match register {
                Some(r) => vec![format!("{r} {number} {year}")],
                None => vec![format!("{number} {year}")],
            },
            Identifier::Provision {
                chapter,
                section,
                letter,
                ..
            } => {
                let letter = letter.map(|l| format!(" {l}")).unwrap_or_default();
                vec![
                    format!("{chapter} kap {section}{letter}"),
                    format!("{chapter} {section}{letter}"),
                ]
            }
        }
    }
}

/// Known laws, by abbreviation and by name, mapped to the canonical abbreviation.
const LAWS: &[(&str, &str)] = &[
    ("brb", "brb"),
    ("brottsbalken", "brb"),
    ("brottsbalk", "brb"),
    ("utll", "utll"),
    ("utlänningslagen", "utll"),
    ("rb", "rb"),
    ("rättegångsbalken", "rb"),
    ("sol", "sol"),
    ("socialtjänstlagen", "sol"),
];

fn law(word: &str) -> Option<&'static str> {
    LAWS.iter().find(|(name, _)| *name == word).map(|(_, l)| *l)
}

#[derive(Clone, Debug, PartialEq)]
enum Lex {
    Num(String),
    Word(String),
    Punct(char),
}

/// Splits at whitespace, at letter/digit changes and around punctuation.
fn lex(text: &str) -> Vec<(Lex, Range<usize>)> {
    let mut out: Vec<(Lex, Range<usize>)> = Vec::new();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        let extend = match out.last() {
            Some((Lex::Num(_), r)) => r.end == i && c.is_ascii_digit(),
            Some((Lex::Word(_), r)) => r.end == i && c.is_alphabetic(),
            _ => false,
        };
        if extend {
            if let Some((lex, r)) = out.last_mut() {
                if let Lex::Num(s) | Lex::Word(s) = lex {
                    s.extend(c.to_lowercase());
                }
                r.end = end;
            }
        } else if c.is_ascii_digit() {
            out.push((Lex::Num(c.to_string()), i..end));
        } else if c.is_alphabetic() {
            out.push((Lex::Word(c.to_lowercase().collect()), i..end));
        } else {
            out.push((Lex::Punct(c), i..end));
        }
    }
    out
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '‑' | '—')
}

fn single_letter(lex: Option<&(Lex, Range<usize>)>) -> Option<char> {
    match lex {
        Some((Lex::Word(w), _)) if w.chars().count() == 1 => w.chars().next(),
        _ => None,
    }
}

/// Finds identifiers in `text`, with the byte range each one covers.
pub fn find_identifiers(text: &str) -> Vec<(Identifier, Range<usize>)> {
    let lexes = lex(text);
    let mut found = Vec::new();
    let mut i = 0;
    while i < lexes.len() {
        if let Some((id, len)) = provision_at(&lexes, i).or_else(|| case_at(&lexes, i)) {
            let range = lexes[i].1.start..lexes[i + len - 1].1.end;
            found.push((id, range));
            i += len;
        } else {
            i += 1;
        }
    }
    found
}

/// Register letters of Swedish courts' case numbers (criminal, civil, appeals, migration…).
const REGISTERS: &[&str] = &["b", "t", "ö", "ä", "f", "m", "p", "k", "um", "ft", "mig"];

/// `[register] number - year`.
fn case_at(lexes: &[(Lex, Range<usize>)], i: usize) -> Option<(Identifier, usize)> {
    let mut j = i;
    let register = match &lexes.get(j)?.0 {
        Lex::Word(w) if REGISTERS.contains(&w.as_str()) => {
            j += 1;
            Some(w.clone())
        }
        _ => None,
    };
    let Lex::Num(number) = &lexes.get(j)?.0 else {
        return None;
    };
    let Lex::Punct(dash) = lexes.get(j + 1)?.0 else {
        return None;
    };
    let Lex::Num(year) = &lexes.get(j + 2)?.0 else {
        return None;
    };
    if !is_dash(dash) || number.len() > 6 || !(year.len() == 2 || year.len() == 4) {
        return None;
    }
    let year = year[year.len() - 2..].to_string();
    let number = number.trim_start_matches('0').to_string();
    if number.is_empty() {
        return None;
    }
    let id = Identifier::Case {
        register,
        number,
        year,
    };
    Some((id, j + 3 - i))
}

/// `N kap[.] N [x] [§] [law]` or `[law] N:N [x]`.
fn provision_at(lexes: &[(Lex, Range<usize>)], i: usize) -> Option<(Identifier, usize)> {
    let mut j = i;
    let mut law_name = None;
    if let Lex::Word(w) = &lexes.get(j)?.0 {
        law_name = Some(law(w)?);
        j += 1;
    }
    let Lex::Num(chapter) = &lexes.get(j)?.0 else {
        return None;
    };
    let section;
    match &lexes.get(j + 1)?.0 {
        Lex::Word(w) if w == "kap" || w == "kapitlet" => {
            j += 2;
            if lexes.get(j).map(|l| &l.0) == Some(&Lex::Punct('.')) {
                j += 1;
            }
            let Lex::Num(s) = &lexes.get(j)?.0 else {
                return None;
            };
            section = s.clone();
            j += 1;
        }
        Lex::Punct(':') => {
            let Lex::Num(s) = &lexes.get(j + 2)?.0 else {
                return None;
            };
            section = s.clone();
            j += 3;
        }
        _ => return None,
    }
    let mut letter = None;
    if let Some(c) = single_letter(lexes.get(j)) {
        // `1 b` but not `1 b 583-23`.
        if !matches!(lexes.get(j + 1).map(|l| &l.0), Some(Lex::Num(_))) {
            letter = Some(c);
            j += 1;
        }
    }
    if lexes.get(j).map(|l| &l.0) == Some(&Lex::Punct('§')) {
        j += 1;
    }
    if law_name.is_none() {
        if let Some((Lex::Word(w), _)) = lexes.get(j) {
            if let Some(l) = law(w) {
                law_name = Some(l);
                j += 1;
            }
        }
    }
    let id = Identifier::Provision {
        law: law_name.map(String::from),
        chapter: chapter.trim_start_matches('0').to_string(),
        section: section.trim_start_matches('0').to_string(),
        letter,
    };
    Some((id, j - i))
}

/// Canonical keys of a document's identifier as written by an editor; text that is no
/// identifier is kept whole, lower-cased and without spaces.
pub fn document_keys(key: &str) -> Vec<String> {
    match find_identifiers(key).into_iter().next() {
        Some((id, _)) => id.keys(),
        None => {
            let compact: String = key
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect();
            if compact.is_empty() {
                Vec::new()
            } else {
                vec![compact]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(q: &str) -> String {
        let ids = find_identifiers(q);
        assert_eq!(ids.len(), 1, "{q}: {ids:?}");
        ids[0].0.query_key()
    }

    #[test]
    fn case_numbers_are_recognised_in_three_spellings() {
        assert_eq!(key("B 583-23"), "b583-23");
        assert_eq!(key("b583-23"), "b583-23");
        assert_eq!(key("583-23"), "583-23");
        assert_eq!(key("mål B 583–2023"), "b583-23");
    }

    #[test]
    fn provisions_are_recognised_in_common_spellings() {
        assert_eq!(key("4 kap 1 b"), "4:1b");
        assert_eq!(key("BrB 4:1b"), "brb4:1b");
        assert_eq!(key("BrB 4:1 b"), "brb4:1b");
        assert_eq!(key("4 kap. 1 b § brottsbalken"), "brb4:1b");
        assert_eq!(key("4 kap. 1 §"), "4:1");
    }

    #[test]
    fn document_keys_include_the_bare_form() {
        assert_eq!(document_keys("B 583-23"), ["b583-23", "583-23"]);
        assert_eq!(document_keys("BrB 4:1 b"), ["brb4:1b", "4:1b"]);
        assert_eq!(document_keys("Dnr X 12"), ["dnrx12"]);
    }

    #[test]
    fn ordinary_text_has_no_identifiers() {
        assert!(find_identifiers("människohandel i Sverige 2023").is_empty());
        assert!(find_identifiers("").is_empty());
    }
}
