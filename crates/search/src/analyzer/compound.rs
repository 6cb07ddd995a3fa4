//! Decompounding: Swedish writes compounds as one word (`arbetskraftsexploatering`,
//! `människohandelsbrott`), so a search for `exploatering` or `människohandel` must find
//! them.
//!
//! Design: at index time each long word is split against a vocabulary of known stems,
//! and the stems of its parts are indexed at the same position as the whole word (like
//! synonyms). A query term then matches a compound through its part, phrase queries keep
//! working (parts share the compound's position), and the query side needs no vocabulary
//! at all: it only stems, exactly as the index side does. Why not n-grams or suffix
//! indexing: they blow up the index the browser downloads several times over and match
//! arbitrary substrings (`rätt` in `upprätta`); a vocabulary split only cuts where both
//! sides are real words.
//!
//! The vocabulary is a built-in lexicon of parts common in this domain, plus the words the
//! corpus itself uses on their own (at least twice, at least four letters, no stop words).
//! A cut is valid when its tail is a known stem or itself splits, and its head — allowing
//! the linking `s` (`arbets|kraft`) or an altered final vowel (`människo|handel`) — is a
//! known stem or itself splits. For every valid cut both sides are emitted, so
//! `människohandelsbrott` gives `människohandel`, `handelsbrott`, `handel`, `brott` and
//! `människ`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use super::stem::stem;
use super::stopwords::is_stop_word;

/// Parts of compounds common in texts about trafficking, exploitation, law and society.
const LEXICON: &[&str] = &[
    "arbete",
    "arbetsgivare",
    "arbetskraft",
    "arbetsplats",
    "avtal",
    "barn",
    "behandling",
    "bestämmelse",
    "bidrag",
    "bostad",
    "brott",
    "byrå",
    "bygge",
    "bärplockning",
    "dom",
    "domstol",
    "ekonomi",
    "exploatering",
    "fall",
    "familj",
    "fråga",
    "frihet",
    "fängelse",
    "förmedling",
    "försäljning",
    "gräns",
    "handel",
    "hem",
    "heder",
    "hot",
    "hjälp",
    "köp",
    "kraft",
    "kvinna",
    "lag",
    "lön",
    "man",
    "massage",
    "migration",
    "misstanke",
    "mål",
    "myndighet",
    "människa",
    "nätverk",
    "offer",
    "organisation",
    "pass",
    "person",
    "plats",
    "polis",
    "prostitution",
    "rapport",
    "rätt",
    "resa",
    "risk",
    "sex",
    "skuld",
    "skydd",
    "städning",
    "stöd",
    "straff",
    "säkerhet",
    "tigga",
    "tiggeri",
    "ting",
    "tillstånd",
    "tjänst",
    "tvång",
    "utnyttjande",
    "utredning",
    "verksamhet",
    "villkor",
    "vård",
    "våld",
    "äktenskap",
    "ändamål",
    "övergrepp",
    "boende",
    "kontroll",
    "ersättning",
    "lokal",
];

const MIN_WORD: usize = 8;
const MIN_PART: usize = 3;
const MAX_PARTS: usize = 12;

/// A vocabulary of stems used to split compounds at index time.
#[derive(Clone, Debug)]
pub struct Decompounder {
    stems: Arc<HashSet<String>>,
    cache: Arc<Mutex<HashMap<String, Vec<String>>>>,
}

impl Decompounder {
    /// A decompounder that knows the built-in lexicon and `corpus_words` (lower-cased
    /// words that occur on their own in the corpus).
    pub fn new<'a>(corpus_words: impl IntoIterator<Item = &'a str>) -> Self {
        let mut stems: HashSet<String> = LEXICON.iter().map(|w| stem(w)).collect();
        for word in corpus_words {
            if word.chars().count() >= 4
                && !is_stop_word(word)
                && word.chars().all(char::is_alphabetic)
            {
                stems.insert(stem(word));
            }
        }
        Decompounder {
            stems: Arc::new(stems),
            cache: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Stems of the parts of `word` (lower-cased), without the stem of the whole word.
    /// Empty when the word is short or does not split.
    pub fn parts(&self, word: &str) -> Vec<String> {
        if word.chars().count() < MIN_WORD || !word.chars().all(char::is_alphabetic) {
            return Vec::new();
        }
        if let Ok(cache) = self.cache.lock() {
            if let Some(parts) = cache.get(word) {
                return parts.clone();
            }
        }
        let mut found = BTreeSet::new();
        let mut memo = HashMap::new();
        self.split(word, &mut found, &mut memo, 0);
        let whole = stem(word);
        let parts: Vec<String> = found
            .into_iter()
            .filter(|p| *p != whole)
            .take(MAX_PARTS)
            .collect();
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(word.to_string(), parts.clone());
        }
        parts
    }

    fn known(&self, part: &str) -> bool {
        part.chars().count() >= MIN_PART && !is_stop_word(part) && self.stems.contains(&stem(part))
    }

    /// The head forms a compound's first part may take: as is, without a linking `s`,
    /// without a final linking/altered vowel (`människo` → `människ`, the stem of
    /// `människa`).
    fn head_forms(head: &str) -> Vec<&str> {
        let mut forms = vec![head];
        if let Some(last) = head.chars().last() {
            if matches!(last, 's' | 'a' | 'e' | 'o' | 'u') {
                forms.push(&head[..head.len() - last.len_utf8()]);
            }
        }
        forms
    }

    /// Finds every valid cut of `word`, adds the stems of both sides to `found`; returns
    /// whether the word is known or splits. `memo` avoids exponential re-splitting.
    fn split(
        &self,
        word: &str,
        found: &mut BTreeSet<String>,
        memo: &mut HashMap<String, bool>,
        depth: usize,
    ) -> bool {
        if let Some(&ok) = memo.get(word) {
            return ok;
        }
        let mut ok = false;
        if depth < 4 && word.chars().count() >= 2 * MIN_PART {
            let cuts: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(MIN_PART).collect();
            for cut in cuts {
                let (head, tail) = word.split_at(cut);
                if tail.chars().count() < MIN_PART {
                    break;
                }
                let tail_ok = self.known(tail) || self.split(tail, found, memo, depth + 1);
                if !tail_ok {
                    continue;
                }
                for form in Self::head_forms(head) {
                    if form.chars().count() < MIN_PART {
                        continue;
                    }
                    if self.known(form) || self.split(form, found, memo, depth + 1) {
                        found.insert(stem(form));
                        found.insert(stem(tail));
                        ok = true;
                        break;
                    }
                }
            }
        }
        let ok = ok || self.known(word);
        memo.insert(word.to_string(), ok);
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(word: &str) -> Vec<String> {
        Decompounder::new(["människohandel"]).parts(word)
    }

    #[test]
    fn arbetskraftsexploatering_splits_into_work_force_and_exploitation() {
        let p = parts("arbetskraftsexploatering");
        assert!(p.contains(&stem("exploatering")), "{p:?}");
        assert!(p.contains(&stem("arbetskraft")), "{p:?}");
    }

    #[test]
    fn människohandelsbrott_contains_människohandel_and_brott() {
        let p = parts("människohandelsbrott");
        assert!(p.contains(&stem("människohandel")), "{p:?}");
        assert!(p.contains(&stem("brott")), "{p:?}");
    }

    #[test]
    fn inflected_tails_split_to_their_stem() {
        let p = parts("arbetskraftsexploateringen");
        assert!(p.contains(&stem("exploatering")), "{p:?}");
    }

    #[test]
    fn ordinary_words_do_not_split() {
        assert!(parts("exploatering").is_empty());
        assert!(parts("handel").is_empty());
        assert!(parts("information").is_empty());
    }
}
