//! Swedish function words. They stay in the index (so phrases such as "handel med
//! människor" match), but a bare stop word in a query is not required to match.

const STOP_WORDS: &[&str] = &[
    "alla", "allt", "att", "av", "blev", "bli", "blir", "de", "dem", "den", "denna", "deras",
    "dess", "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du", "där", "då", "efter",
    "ej", "eller", "en", "er", "era", "ert", "ett", "från", "för", "ha", "hade", "han", "hans",
    "har", "henne", "hennes", "hon", "honom", "hur", "här", "i", "icke", "ingen", "inom", "inte",
    "jag", "ju", "kan", "kunde", "man", "med", "mellan", "men", "mig", "min", "mina", "mitt",
    "mot", "mycket", "ni", "nu", "när", "någon", "något", "några", "och", "om", "oss", "på",
    "samma", "sedan", "sig", "sin", "sina", "själv", "skulle", "som", "så", "sådan", "sådana",
    "sådant", "till", "under", "upp", "ut", "utan", "vad", "var", "vara", "varför", "varit",
    "varje", "vars", "vart", "vem", "vi", "vid", "vilka", "vilkas", "vilken", "vilket", "vår",
    "våra", "vårt", "än", "är", "åt", "över",
];

/// True for a lower-cased Swedish function word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_word_list_is_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn function_words_are_stop_words_and_content_words_are_not() {
        assert!(is_stop_word("och"));
        assert!(is_stop_word("över"));
        assert!(!is_stop_word("människohandel"));
    }
}
