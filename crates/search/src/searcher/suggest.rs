//! What a visitor is told when a query finds nothing: why, and "Menade du …?" (a
//! corrected query that finds pages).

use std::collections::BTreeMap;

use super::{SearchIndex, Stop};
use crate::analyzer::{normalize, term, words};
use crate::expand::{corrections, edit_distance};
use crate::query::{parse, ParsedQuery, FUZZY_MIN_CHARS};

/// Shortest word a "did you mean" corrects (one edit below five letters).
const SUGGEST_MIN_CHARS: usize = 4;

impl SearchIndex {
    /// A corrected query for one that found nothing: each required word that is in no
    /// text field replaced by its closest term (two edits at most for words of five
    /// letters or more, else one; then the most frequent), kept only if it finds pages.
    pub(super) fn did_you_mean(
        &self,
        parsed: &ParsedQuery,
        raw: &str,
        filters: &BTreeMap<String, Vec<String>>,
    ) -> Result<Option<String>, Stop> {
        let searcher = self.reader.searcher();
        let mut replaced = String::with_capacity(raw.len());
        let mut pos = 0;
        let mut changed = false;
        let mut first_error: Option<String> = None;
        for w in words(raw) {
            let t = term(w.text);
            if !parsed.words.iter().any(|q| q.term == t) || t.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let chars = normalize(w.text).chars().count();
            if chars < SUGGEST_MIN_CHARS {
                continue;
            }
            let max = if chars >= FUZZY_MIN_CHARS { 2 } else { 1 };
            // candidate → (edits, pages summed over the text fields)
            let mut scored: BTreeMap<String, (usize, u64)> = BTreeMap::new();
            let mut exact = false;
            for segment in searcher.segment_readers() {
                for (field, _) in self.fields.text() {
                    let found = segment
                        .inverted_index(field)
                        .and_then(|inv| Ok(corrections(inv.terms(), &t, max)?));
                    match found {
                        Ok((found, e)) => {
                            exact |= e;
                            for (freq, candidate) in found {
                                let edits = edit_distance(&t, &candidate, max).unwrap_or(max);
                                let entry = scored.entry(candidate).or_insert((edits, 0));
                                entry.1 += u64::from(freq);
                            }
                        }
                        Err(e) => {
                            first_error.get_or_insert(e.to_string());
                        }
                    }
                }
            }
            if !exact {
                let mut per_field: [Vec<(String, f32)>; 4] = Default::default();
                match self.first_letter(&searcher, &t, &mut per_field) {
                    Ok(()) => {
                        for candidate in per_field.into_iter().flatten().map(|(c, _)| c) {
                            scored.entry(candidate).or_insert((1, 1));
                        }
                    }
                    Err(e) => {
                        first_error.get_or_insert(e.to_string());
                    }
                }
            }
            if exact {
                continue;
            }
            let best = scored
                .into_iter()
                .min_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)));
            let Some((best, _)) = best else {
                continue;
            };
            // The stemmer only cuts endings: keep the visitor's ending on the correction.
            let normalized = normalize(w.text);
            let text = match normalized.strip_prefix(t.as_str()) {
                Some(ending) => format!("{best}{ending}"),
                None => best,
            };
            replaced.push_str(&raw[pos..w.from]);
            replaced.push_str(&text);
            pos = w.to;
            changed = true;
        }
        if let Some(e) = first_error {
            return Err(self.stop(e));
        }
        if !changed {
            return Ok(None);
        }
        replaced.push_str(&raw[pos..]);
        let suggestion = replaced.trim().to_string();
        let found = self.run(&parse(&suggestion), filters, 1, 0)?;
        Ok((found.total > 0).then_some(suggestion))
    }
}

/// Why a query searched nothing.
pub(super) fn empty_message(parsed: &ParsedQuery, raw: &str) -> String {
    if raw.trim().is_empty() {
        "Skriv ett eller flera sökord.".into()
    } else if !parsed.stop_words.is_empty() {
        format!(
            "Sökfrågan innehöll bara vanliga småord ({}). Lägg till ett mer specifikt ord.",
            parsed.stop_words.join(", ")
        )
    } else if !parsed.excluded.is_empty() {
        "Ange minst ett ord att söka efter, inte bara ord att utesluta.".into()
    } else {
        "Sökfrågan innehöll inga ord att söka på.".into()
    }
}
