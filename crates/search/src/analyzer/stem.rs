//! A light Swedish stemmer of our own.
//!
//! Why not Snowball: its Swedish algorithm leaves definite forms of nouns in `-el`
//! (`människohandeln`, `regeln`) and neuter definite forms in `-et` (`beslutet`) apart from
//! their base forms, and pulling in `rust-stemmers`/`frostem` links the stemmers of every
//! language into the WebAssembly module. This stemmer removes inflectional suffixes only
//! (definite, plural, genitive, adjective `-a`), never derivational ones such as `-ing`,
//! `-lig` or `-het`, so a stem stays a prefix of the word as typed: prefix search while
//! typing keeps working on stems.
//!
//! The same function runs at index time and at query time, so both sides always agree.

/// Longest suffix first within each length; all are removed only inside R1.
const SUFFIXES: &[&str] = &[
    "heterna", "hetens", "arnas", "ernas", "ornas", "andes", "arens", "andet", "anden", "heten",
    "heter", "arna", "erna", "orna", "ande", "arne", "aste", "ades", "aren", "ade", "are", "ern",
    "ens", "ets", "ast", "het", "ad", "en", "an", "et", "ar", "er", "or", "as", "es", "at", "a",
    "e",
];

/// Letters after which a final `s` is a genitive or an `-s` form to remove.
const S_ENDING: &[char] = &[
    'b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'r', 't', 'v', 'y',
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'å' | 'ö')
}

/// Start of region R1 (Snowball's definition, at least 3): the position after the first
/// non-vowel that follows a vowel.
fn r1(chars: &[char]) -> usize {
    let mut seen_vowel = false;
    for (i, &c) in chars.iter().enumerate() {
        if is_vowel(c) {
            seen_vowel = true;
        } else if seen_vowel {
            return (i + 1).max(3);
        }
    }
    chars.len()
}

/// Stems one lower-cased word. Words with digits and short words come back unchanged.
pub fn stem(word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 4 || chars.iter().any(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    let r1 = r1(&chars);
    // Genitive / -s forms: `handelns`, `barns`, `beslutets`.
    if chars.len() > r1 && chars.len() >= 5 && chars[chars.len() - 1] == 's' {
        let before = chars[chars.len() - 2];
        if S_ENDING.contains(&before) {
            chars.pop();
        }
    }
    // Definite forms of nouns in -el: `handeln` → `handel`, `regeln` → `regel`.
    let n = chars.len();
    if n > r1 && n >= 5 && chars[n - 3..] == ['e', 'l', 'n'] {
        chars.pop();
        return chars.into_iter().collect();
    }
    for suffix in SUFFIXES {
        let suffix_len = suffix.chars().count();
        if chars.len() < suffix_len + 3 || chars.len() - suffix_len < r1 {
            continue;
        }
        let start = chars.len() - suffix_len;
        if chars[start..].iter().copied().eq(suffix.chars()) {
            chars.truncate(start);
            break;
        }
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::stem;

    fn same(words: &[&str]) {
        let stems: Vec<String> = words.iter().map(|w| stem(w)).collect();
        assert!(
            stems.windows(2).all(|w| w[0] == w[1]),
            "{words:?} → {stems:?}"
        );
    }

    #[test]
    fn definite_forms_of_el_nouns_meet_their_base_form() {
        same(&["människohandel", "människohandeln", "människohandelns"]);
        same(&["regel", "regeln"]);
    }

    #[test]
    fn plural_and_definite_forms_meet() {
        same(&["dom", "domen", "domar", "domarna", "domens"]);
        same(&["beslut", "beslutet", "besluten", "beslutets"]);
        same(&["flicka", "flickan", "flickor", "flickorna"]);
        same(&["kvinna", "kvinnan", "kvinnor", "kvinnorna", "kvinnans"]);
        same(&[
            "bestämmelse",
            "bestämmelsen",
            "bestämmelser",
            "bestämmelserna",
        ]);
        same(&["exploatering", "exploateringen", "exploateringens"]);
    }

    #[test]
    fn stems_stay_prefixes_of_the_word() {
        for word in [
            "exploatering",
            "tvångsarbete",
            "människohandeln",
            "tingsrätten",
        ] {
            assert!(word.starts_with(&stem(word)), "{word}");
        }
    }

    #[test]
    fn short_words_and_numbers_are_left_alone() {
        assert_eq!(stem("hot"), "hot");
        assert_eq!(stem("2023"), "2023");
        assert_eq!(stem("b583"), "b583");
    }
}
