//! The tantivy query of a parsed query: each word in every text field (weighted by
//! field) or one of its prefix and typo alternatives, phrases, case numbers and provisions
//! (exact keys first), exclusions and facet filters.

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

use std::collections::BTreeMap;

use super::exclusion::Excluded;
use super::SearchIndex;
use crate::analyzer::Analyzer;
use crate::expand::{expansions, first_letter_candidates, Expansion, MAX_EXPANSIONS};
use crate::keys::{CITES_KEY_PREFIX, NAME_KEY_PREFIX};
use crate::query::{ParsedQuery, QueryWord};
use crate::schema::{CITES_BOOST, KEY_BOOST};

const FUZZY_WEIGHT: f32 = 0.3;
const PREFIX_WEIGHT: f32 = 0.5;

/// Alternatives of each query word, per text field: `[word][field] → (term, weight)`.
pub(super) type Expanded = Vec<[Vec<(String, f32)>; 4]>;

impl SearchIndex {
    /// Prefix and typo alternatives of the query's words in each text field.
    pub(super) fn expand(
        &self,
        searcher: &Searcher,
        parsed: &ParsedQuery,
    ) -> tantivy::Result<Expanded> {
        let mut out: Expanded = Vec::with_capacity(parsed.words.len());
        let mut first_error = None;
        for word in &parsed.words {
            let mut per_field: [Vec<(String, f32)>; 4] = Default::default();
            // Whether the word itself is in some text field (`None`: not known yet, a
            // range is still to be downloaded).
            let mut known = Some(false);
            for (slot, (field, _)) in per_field.iter_mut().zip(self.fields.text()) {
                for segment in searcher.segment_readers() {
                    let found = segment
                        .inverted_index(field)
                        .and_then(|inv| Ok(expansions(inv.terms(), word)?));
                    match found {
                        Ok((found, exact)) => {
                            known = known.map(|k| k || exact);
                            for (term, kind) in found {
                                if !slot.iter().any(|(t, _)| *t == term) {
                                    let weight = match kind {
                                        Expansion::Prefix => PREFIX_WEIGHT,
                                        Expansion::Typo => FUZZY_WEIGHT,
                                    };
                                    slot.push((term, weight));
                                }
                            }
                        }
                        // Keep going: the other ranges' missing chunks are wanted too.
                        Err(e) => {
                            known = None;
                            first_error.get_or_insert(e);
                        }
                    }
                }
            }
            if word.fuzzy && known == Some(false) {
                if let Err(e) = self.first_letter(searcher, &word.term, &mut per_field) {
                    first_error.get_or_insert(e);
                }
            }
            out.push(per_field);
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(out),
        }
    }

    /// Adds the corrections of a typo in the first letter of `term` (a word found in no
    /// text field) to each field where they occur: the first-letter table, then the
    /// fields' dictionaries (for their frequencies), most frequent first.
    pub(super) fn first_letter(
        &self,
        searcher: &Searcher,
        term: &str,
        per_field: &mut [Vec<(String, f32)>; 4],
    ) -> tantivy::Result<()> {
        let Some(tails) = self.fields.tails else {
            return Ok(());
        };
        let mut first_error = None;
        for segment in searcher.segment_readers() {
            let candidates = segment
                .inverted_index(tails)
                .and_then(|inv| Ok(first_letter_candidates(inv.terms(), term)?))?;
            for (slot, (field, _)) in per_field.iter_mut().zip(self.fields.text()) {
                let inv = segment.inverted_index(field)?;
                let mut found: Vec<(u32, &String)> = Vec::new();
                for candidate in &candidates {
                    match inv.terms().get(candidate.as_bytes()) {
                        Ok(Some(info)) => found.push((info.doc_freq, candidate)),
                        Ok(None) => {}
                        Err(e) => {
                            first_error.get_or_insert(e);
                        }
                    }
                }
                found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
                for (_, candidate) in found {
                    if slot.len() >= MAX_EXPANSIONS {
                        break;
                    }
                    if !slot.iter().any(|(t, _)| t == candidate) {
                        slot.push((candidate.clone(), FUZZY_WEIGHT));
                    }
                }
            }
        }
        match first_error {
            Some(e) => Err(e.into()),
            None => Ok(()),
        }
    }

    /// The tantivy query for a parsed query and filters (leaving out the filter of `skip`),
    /// with the words' alternatives in `expanded` (may be empty).
    pub(super) fn build(
        &self,
        parsed: &ParsedQuery,
        filters: &BTreeMap<String, Vec<String>>,
        skip: Option<&str>,
        expanded: &Expanded,
    ) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, word) in parsed.words.iter().enumerate() {
            clauses.push((
                Occur::Must,
                Box::new(self.word_query(word, expanded.get(i))),
            ));
        }
        for phrase in &parsed.phrases {
            clauses.push((Occur::Must, Box::new(self.phrase_query(phrase))));
        }
        let analyzer = Analyzer::query();
        for id in &parsed.identifiers {
            let key = id.query_key();
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = vec![
                (Occur::Should, self.key_query(&key, KEY_BOOST)),
                // Then the pages that cite it (the rulings applying a provision).
                (
                    Occur::Should,
                    self.key_query(&format!("{CITES_KEY_PREFIX}{key}"), CITES_BOOST),
                ),
            ];
            for phrase in id.phrases() {
                let terms = analyzer.query_terms(&phrase);
                alternatives.push((Occur::Should, Box::new(self.phrase_query(&terms))));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
        }
        // A name typed whole (a court's): the page of that name matches, and first, even
        // when the words are not all in its text (`Lycksele TR`).
        if let (Some(name), true) = (&parsed.name, parsed.has_positive()) {
            let text = BooleanQuery::new(std::mem::take(&mut clauses));
            let either: Vec<(Occur, Box<dyn Query>)> = vec![
                (Occur::Should, Box::new(text)),
                (
                    Occur::Should,
                    self.key_query(&format!("{NAME_KEY_PREFIX}{name}"), KEY_BOOST),
                ),
            ];
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(either))));
        }
        for excluded in &parsed.excluded {
            let query = Excluded(self.phrase_query(excluded));
            clauses.push((Occur::MustNot, Box::new(query)));
        }
        for (facet, values) in filters {
            if Some(facet.as_str()) == skip {
                continue;
            }
            let Some(field) = self.fields.facet(facet) else {
                continue;
            };
            let any: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .map(|v| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(field, v),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0)),
            ));
        }
        if !parsed.has_positive() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        BooleanQuery::new(clauses)
    }

    /// An exact key, boosted.
    fn key_query(&self, key: &str, boost: f32) -> Box<dyn Query> {
        Box::new(BoostQuery::new(
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.keys, key),
                IndexRecordOption::Basic,
            )),
            boost,
        ))
    }

    /// A word in any text field, weighted by field, or one of its alternatives.
    fn word_query(
        &self,
        word: &QueryWord,
        alternatives: Option<&[Vec<(String, f32)>; 4]>,
    ) -> BooleanQuery {
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (i, (field, boost)) in self.fields.text().into_iter().enumerate() {
            let extra = alternatives.map(|a| a[i].as_slice()).unwrap_or_default();
            let terms = std::iter::once((word.term.as_str(), 1.0))
                .chain(extra.iter().map(|(t, w)| (t.as_str(), *w)));
            for (term, weight) in terms {
                should.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(field, term),
                            IndexRecordOption::WithFreqs,
                        )),
                        boost * weight,
                    )),
                ));
            }
        }
        BooleanQuery::new(should)
    }

    /// A phrase (or a single term) in any text field, weighted by field.
    fn phrase_query(&self, terms: &[String]) -> BooleanQuery {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if terms.is_empty() {
            return BooleanQuery::new(alternatives);
        }
        for (field, boost) in self.fields.text() {
            let q: Box<dyn Query> = if terms.len() == 1 {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, &terms[0]),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                Box::new(PhraseQuery::new(
                    terms
                        .iter()
                        .map(|t| Term::from_field_text(field, t))
                        .collect(),
                ))
            };
            alternatives.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
        }
        BooleanQuery::new(alternatives)
    }
}
