//! Parsing the two kinds of legal reference the hub's content writes by hand: case
//! numbers (`B 583-23`) and provision references (`BrB 4:1 b`, `4 kap. 1 b § brottsbalken`).
//! These functions only read text; matching a parsed reference to the registries is done
//! by [`super::registry`]. Both forms are spelled in many ways in the wild, so the parsers
//! accept the common variants and return one canonical form.

/// A case number (målnummer) in its canonical form, `B 583-23`: a case-type letter or
/// two (B brottmål, T tvistemål, Ö övriga mål …), the running number, the year's last
/// two digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseNumber(String);

impl CaseNumber {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `B583-23`, `b 583-23`, `B 583 - 23` and `B 583–23` all become `B 583-23`.
/// The error says what is wrong in words an editor understands.
pub fn parse_case(input: &str) -> Result<CaseNumber, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err("the case number is empty".into());
    }
    let letters: String = s.chars().take_while(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return Err(format!("`{s}` has no case-type letter before the number"));
    }
    if letters.chars().count() > 2 {
        return Err(format!(
            "`{s}` does not start with a case-type letter (such as B) and a number"
        ));
    }
    let rest = s[letters.len()..].trim_start();
    let (number, year) = match rest.split_once(['-', '–', '—']) {
        Some((n, y)) => (n.trim(), y.trim()),
        None => return Err(format!("`{s}` lacks the year after a hyphen")),
    };
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{s}` has no running number of digits between the letter and the hyphen"
        ));
    }
    if number.len() > 6 || number.starts_with('0') {
        return Err(format!(
            "`{s}` has an implausible running number `{number}`"
        ));
    }
    if year.len() != 2 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{s}` must end with the year's last two digits, as in -23"
        ));
    }
    Ok(CaseNumber(format!(
        "{} {number}-{year}",
        letters.to_uppercase()
    )))
}

/// The hint that accompanies every case-number error.
pub const CASE_HINT: &str = "write the case number as the court does: a case-type letter, the number and the year, e.g. `B 583-23`";

/// Does this look like a case number at the end of `text`? Splits `Svea hovrätt B 1070-23`
/// into `("Svea hovrätt", B 1070-23)`; the court part is empty for a bare number.
pub fn split_court_and_case(text: &str) -> Option<(&str, CaseNumber)> {
    let t = text.trim();
    // The case number is the last one or two whitespace-separated words (`B 583-23`,
    // `B583-23`), possibly with spaces around the hyphen; try the shortest tail first.
    let words: Vec<(usize, &str)> = t
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - t.as_ptr() as usize, w))
        .collect();
    for take in 1..=words.len().min(4) {
        let (start, _) = words[words.len() - take];
        if let Ok(case) = parse_case(&t[start..]) {
            return Some((t[..start].trim(), case));
        }
    }
    None
}

/// A provision reference taken apart: the law as written (an abbreviation such as `BrB`
/// or a name such as `brottsbalken`, lower-cased, without an SFS number in brackets), the
/// chapter if the law has chapters, and the section with its letter (`1 b`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProvisionRef {
    pub law: String,
    pub chapter: Option<u32>,
    pub section: String,
}

/// `BrB 4:1 b`, `BrB 4:1b`, `brb 4:1 b`, `4 kap. 1 b § brottsbalken`, `4 kap 1b § BrB`,
/// `1 § narkotikastrafflagen (1968:64)`, `NSL 1`.
pub fn parse_provision(input: &str) -> Option<ProvisionRef> {
    let s = collapse_spaces(input.trim());
    if s.contains('§') {
        parse_long_form(&s)
    } else {
        parse_short_form(&s)
    }
}

/// `<law> <chapter>:<section>` or `<law> <section>`.
fn parse_short_form(s: &str) -> Option<ProvisionRef> {
    // The law is everything before the first word that starts with a digit.
    let idx = s
        .char_indices()
        .find(|&(i, c)| c.is_ascii_digit() && (i == 0 || s[..i].ends_with(' ')))
        .map(|(i, _)| i)?;
    let law = s[..idx].trim();
    if law.is_empty() {
        return None;
    }
    let place = s[idx..].trim();
    let (chapter, section) = match place.split_once(':') {
        Some((c, sec)) => (Some(c.trim().parse::<u32>().ok()?), sec),
        None => (None, place),
    };
    Some(ProvisionRef {
        law: law_key(law),
        chapter,
        section: normalise_section(section)?,
    })
}

/// `<chapter> kap. <section> § <law>` or `<section> § <law>`.
fn parse_long_form(s: &str) -> Option<ProvisionRef> {
    let (before, law) = s.split_once('§')?;
    let law = law.trim();
    if law.is_empty() {
        return None;
    }
    let (chapter, section) = match before.split_once("kap") {
        Some((c, rest)) => {
            let rest = rest.trim_start_matches('.').trim();
            (Some(c.trim().parse::<u32>().ok()?), rest)
        }
        None => (None, before.trim()),
    };
    Some(ProvisionRef {
        law: law_key(law),
        chapter,
        section: normalise_section(section)?,
    })
}

/// `1b`, `1 b`, ` 12 ` → `1 b`, `1 b`, `12`. `None` unless digits and at most one letter.
pub fn normalise_section(s: &str) -> Option<String> {
    let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let letter: String = t.chars().skip(digits.len()).collect();
    if digits.is_empty() || digits.starts_with('0') || letter.chars().count() > 1 {
        return None;
    }
    match letter.chars().next() {
        None => Some(digits),
        Some(l) if l.is_alphabetic() => Some(format!("{digits} {}", l.to_lowercase())),
        Some(_) => None,
    }
}

/// The law as a lookup key: lower case, single spaces, an `(SFS)` number and a leading
/// `lagen (…)` form removed so `lagen (2014:307) om straff för penningtvättsbrott` and
/// `lagen om straff för penningtvättsbrott` agree.
pub fn law_key(law: &str) -> String {
    let mut out = String::with_capacity(law.len());
    let mut depth = 0usize;
    for c in law.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    collapse_spaces(out.trim().trim_end_matches('.'))
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_are_normalised() {
        assert_eq!(parse_case("B583-23").map(|c| c.0), Ok("B 583-23".into()));
        assert_eq!(parse_case("b 583 - 23").map(|c| c.0), Ok("B 583-23".into()));
        assert_eq!(parse_case("Ö 12–24").map(|c| c.0), Ok("Ö 12-24".into()));
    }

    #[test]
    fn malformed_case_numbers_are_rejected() {
        for bad in [
            "583-23",
            "B 583",
            "B 583-2023",
            "B x-23",
            "Brott 5-23",
            "B 0583-23",
            "",
        ] {
            assert!(parse_case(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn court_and_case_split() {
        let (court, case) = split_court_and_case("Svea hovrätt B 1070-23").unwrap();
        assert_eq!((court, case.as_str()), ("Svea hovrätt", "B 1070-23"));
        let (court, case) = split_court_and_case("B583-23").unwrap();
        assert_eq!((court, case.as_str()), ("", "B 583-23"));
        assert!(split_court_and_case("BrB 4:1 b").is_none());
    }

    #[test]
    fn provision_forms_agree() {
        let want = ProvisionRef {
            law: "brb".into(),
            chapter: Some(4),
            section: "1 b".into(),
        };
        assert_eq!(parse_provision("BrB 4:1 b"), Some(want.clone()));
        assert_eq!(parse_provision("BrB 4:1b"), Some(want.clone()));
        assert_eq!(parse_provision("4 kap 1 b § BrB"), Some(want));
        assert_eq!(
            parse_provision("5 § lagen (2014:307) om straff för penningtvättsbrott").map(|p| p.law),
            Some("lagen om straff för penningtvättsbrott".into())
        );
    }
}
