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
    /// `4 kap. 1 b §` of an optional law (`brb`); `chapter` is empty for a law without
    /// chapters (`5 § penningtvättsbrottslagen`), which always names its law.
    Provision {
        law: Option<String>,
        chapter: String,
        section: String,
        letter: Option<char>,
    },
    /// A law named on its own (`brottsbalken`, `UtlL`): its canonical abbreviation.
    Law { law: String },
}

/// Prefix of the keys of a law named on its own (`lag:brb`).
pub const LAW_KEY_PREFIX: &str = "lag:";
/// Prefix of the keys of a page that cites a provision or ruling (`cites:brb4:1b`).
pub const CITES_KEY_PREFIX: &str = "cites:";
/// Prefix of the keys of a name typed whole (`namn:lyckseletingsrätt`).
pub const NAME_KEY_PREFIX: &str = "namn:";

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
                if chapter.is_empty() {
                    let law = law.as_deref().unwrap_or_default();
                    return vec![format!("{law}§{section}{letter}")];
                }
                let bare = format!("{chapter}:{section}{letter}");
                match law {
                    Some(l) => vec![format!("{l}{bare}"), bare],
                    None => vec![bare],
                }
            }
            Identifier::Law { law } => vec![format!("{LAW_KEY_PREFIX}{law}")],
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
                law,
                chapter,
                section,
                letter,
            } => {
                let letter = letter.map(|l| format!(" {l}")).unwrap_or_default();
                if chapter.is_empty() {
                    // `5 § penningtvättsbrottslagen`: the section beside the law's name.
                    let law = law.as_deref().map(law_word).unwrap_or_default();
                    return vec![format!("{section}{letter} {law}")];
                }
                vec![
                    format!("{chapter} kap {section}{letter}"),
                    format!("{chapter} {section}{letter}"),
                ]
            }
            Identifier::Law { law } => LAWS
                .iter()
                .filter(|(_, l)| l == law)
                .map(|(name, _)| name.to_string())
                .collect(),
        }
    }
}

/// Known laws, by abbreviation and by name (one word, lower case), mapped to the canonical
/// abbreviation. Every law of the hub's provision registry (`data/lagrum.yaml`) must be
/// here: the site's tests check it, so a new law fails a test instead of going unfound.
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
    ("nsl", "nsl"),
    ("narkotikastrafflagen", "nsl"),
    ("penningtvättsbrottslagen", "penningtvättsbrottslagen"),
];

/// The canonical abbreviation of a law's name or abbreviation (one word).
pub fn law(word: &str) -> Option<&'static str> {
    LAWS.iter().find(|(name, _)| *name == word).map(|(_, l)| *l)
}

/// The law's name as running text writes it (the longest of its spellings).
fn law_word(canonical: &str) -> &'static str {
    LAWS.iter()
        .filter(|(_, l)| *l == canonical)
        .map(|(name, _)| *name)
        .max_by_key(|name| name.len())
        .unwrap_or_default()
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
        let here = provision_at(&lexes, i)
            .or_else(|| case_at(&lexes, i))
            .or_else(|| law_at(&lexes, i));
        if let Some((id, len)) = here {
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

/// A law named on its own.
fn law_at(lexes: &[(Lex, Range<usize>)], i: usize) -> Option<(Identifier, usize)> {
    let Lex::Word(w) = &lexes.get(i)?.0 else {
        return None;
    };
    let law = law(w)?.to_string();
    Some((Identifier::Law { law }, 1))
}

fn is_word(lex: Option<&(Lex, Range<usize>)>, words: &[&str]) -> bool {
    matches!(lex, Some((Lex::Word(w), _)) if words.contains(&w.as_str()))
}

fn is_punct(lex: Option<&(Lex, Range<usize>)>, c: char) -> bool {
    matches!(lex, Some((Lex::Punct(p), _)) if *p == c)
}

fn law_word_at(lexes: &[(Lex, Range<usize>)], j: usize) -> Option<&'static str> {
    match lexes.get(j) {
        Some((Lex::Word(w), _)) => law(w),
        _ => None,
    }
}

/// A section number and its letter at `j`: `1 b`, `1b` (not the `b` of `1 b 583-23`).
fn section_at(lexes: &[(Lex, Range<usize>)], j: usize) -> Option<(String, Option<char>, usize)> {
    let Lex::Num(section) = &lexes.get(j)?.0 else {
        return None;
    };
    match single_letter(lexes.get(j + 1)) {
        Some(c) if !matches!(lexes.get(j + 2).map(|l| &l.0), Some(Lex::Num(_))) => {
            Some((section.clone(), Some(c), 2))
        }
        _ => Some((section.clone(), None, 1)),
    }
}

/// A provision in any common spelling, the law before or after:
/// `[law] N kap[.] N [x] [§] [law]`, `[law] N:N [x] [§] [law]`,
/// `N [x] § N kap[.] [law]` (section first) and, for laws without chapters,
/// `law N [x] [§]` and `N [x] § law`.
fn provision_at(lexes: &[(Lex, Range<usize>)], i: usize) -> Option<(Identifier, usize)> {
    let mut j = i;
    let mut law_name = None;
    if let Lex::Word(w) = &lexes.get(j)?.0 {
        law_name = Some(law(w)?);
        j += 1;
    }
    let Lex::Num(first) = &lexes.get(j)?.0 else {
        return None;
    };
    let (chapter, section, letter);
    if is_word(lexes.get(j + 1), &["kap", "kapitlet"]) {
        // N kap[.] N [x] [§]
        j += 2;
        if is_punct(lexes.get(j), '.') {
            j += 1;
        }
        let (s, l, len) = section_at(lexes, j)?;
        (chapter, section, letter) = (first.clone(), s, l);
        j += len;
        if is_punct(lexes.get(j), '§') {
            j += 1;
        }
    } else if is_punct(lexes.get(j + 1), ':') {
        // N:N [x] [§]
        let (s, l, len) = section_at(lexes, j + 2)?;
        (chapter, section, letter) = (first.clone(), s, l);
        j += 2 + len;
        if is_punct(lexes.get(j), '§') {
            j += 1;
        }
    } else {
        let (s, l, len) = section_at(lexes, j)?;
        let after = j + len;
        let section_sign = is_punct(lexes.get(after), '§');
        let chapter_follows = section_sign
            && matches!(lexes.get(after + 1).map(|l| &l.0), Some(Lex::Num(_)))
            && is_word(lexes.get(after + 2), &["kap", "kapitlet"]);
        if law_name.is_none() && chapter_follows {
            // N [x] § N kap[.]
            let Lex::Num(c) = &lexes.get(after + 1)?.0 else {
                return None;
            };
            (chapter, section, letter) = (c.clone(), s, l);
            j = after + 3;
            if is_punct(lexes.get(j), '.') {
                j += 1;
            }
        } else if s.len() <= 3 && (law_name.is_some() || section_sign) {
            // A law without chapters: `law N [x] [§]` or `N [x] § law`.
            (chapter, section, letter) = (String::new(), s, l);
            j = after + usize::from(section_sign);
            if law_name.is_none() {
                law_name = Some(law_word_at(lexes, j)?);
                j += 1;
            }
        } else {
            return None;
        }
    }
    // `2014:307` is an SFS number, not chapter 2014: chapters and sections are short.
    if chapter.len() > 3 || section.len() > 3 {
        return None;
    }
    if law_name.is_none() {
        if let Some(l) = law_word_at(lexes, j) {
            law_name = Some(l);
            j += 1;
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

/// The form of a name typed whole that [`NAME_KEY_PREFIX`] keys hold: lower case, letters
/// and digits only (`Hovrätten över Skåne och Blekinge` → `hovrättenöverskåneochblekinge`).
pub fn compact_name(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
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
        assert_eq!(key("4:1 b"), "4:1b");
        assert_eq!(key("1 b § 4 kap. brottsbalken"), "brb4:1b");
        assert_eq!(key("1 b § 4 kap."), "4:1b");
        assert_eq!(key("brottsbalken 4 kap 1 b"), "brb4:1b");
        assert_eq!(key("BrB 4 kap. 1 b §"), "brb4:1b");
        assert_eq!(key("4 kap 1b § BrB"), "brb4:1b");
    }

    #[test]
    fn provisions_of_laws_without_chapters_name_their_law() {
        assert_eq!(
            key("5 § penningtvättsbrottslagen"),
            "penningtvättsbrottslagen§5"
        );
        assert_eq!(
            key("Penningtvättsbrottslagen 5"),
            "penningtvättsbrottslagen§5"
        );
        assert_eq!(key("NSL 1"), "nsl§1");
        assert_eq!(key("1 § narkotikastrafflagen"), "nsl§1");
        // A number and a section sign without a law is no provision, an SFS number neither.
        assert!(find_identifiers("5 §").is_empty());
        assert!(find_identifiers("lagen (2014:307)").is_empty());
        assert_eq!(
            find_identifiers("5 kap. 15 § utlänningslagen (2005:716)").len(),
            1
        );
    }

    #[test]
    fn a_law_on_its_own_is_an_identifier() {
        assert_eq!(key("brottsbalken"), "lag:brb");
        assert_eq!(key("UtlL"), "lag:utll");
        assert_eq!(
            key("penningtvättsbrottslagen"),
            "lag:penningtvättsbrottslagen"
        );
        let ids = find_identifiers("brottsbalken och utlänningslagen");
        assert_eq!(ids.len(), 2, "{ids:?}");
    }

    #[test]
    fn names_are_compacted_to_letters_and_digits() {
        assert_eq!(
            compact_name("Hovrätten över Skåne och Blekinge"),
            "hovrättenöverskåneochblekinge"
        );
        assert_eq!(compact_name("Svea HovR."), "sveahovr");
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
