//! Opening an index (from bytes, natively or in wasm) and answering queries.

use std::collections::{BTreeMap, HashSet};

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::directory::OwnedBytes;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, ReloadPolicy, TantivyDocument, Term, TERMINATED,
};

use crate::analyzer::{normalize, Analyzer};
use crate::bundle;
use crate::directory::MemoryDirectory;
use crate::query::{parse, ParsedQuery, QueryWord};
pub use crate::query::{MAX_QUERY_CHARS, MAX_QUERY_TERMS};
use crate::schema::{fields_of, Fields, FACETS, KEY_BOOST};
use crate::snippet::{lead, snippet, Highlighter};
use crate::{Hit, SearchError, SearchResults};

/// Most hits returned by one query.
pub const MAX_LIMIT: usize = 100;
const SNIPPET_BYTES: usize = 220;
const FUZZY_WEIGHT: f32 = 0.3;
const PREFIX_WEIGHT: f32 = 0.5;

/// An opened, read-only index.
pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
    /// All values of each facet, sorted (from the term dictionaries).
    facet_values: BTreeMap<&'static str, Vec<String>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("documents", &self.num_docs())
            .finish()
    }
}

/// Answers `query` on `index` (see [`SearchIndex::search`]).
pub fn search(
    index: &SearchIndex,
    query: &str,
    filters: &[(String, String)],
    limit: usize,
) -> SearchResults {
    index.search(query, filters, limit)
}

impl SearchIndex {
    /// Opens a bundle as written by `write_index` (checks its checksum first).
    pub fn from_bundle(bytes: Vec<u8>) -> Result<Self, SearchError> {
        let files = bundle::unpack(OwnedBytes::new(bytes))?;
        Self::from_owned_files(files)
    }

    /// Opens an index from its tantivy files (`meta.json`, segment files).
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Result<Self, SearchError> {
        Self::from_owned_files(
            files
                .into_iter()
                .map(|(n, b)| (n, OwnedBytes::new(b)))
                .collect(),
        )
    }

    /// Opens the bundle file `path` (native only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn open(path: &std::path::Path) -> Result<Self, SearchError> {
        let bytes = std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SearchError::Missing(path.display().to_string()),
            _ => SearchError::Io(std::io::Error::new(
                e.kind(),
                format!("{}: {e}", path.display()),
            )),
        })?;
        Self::from_bundle(bytes)
    }

    fn from_owned_files(files: Vec<(String, OwnedBytes)>) -> Result<Self, SearchError> {
        let dir = MemoryDirectory::new(files);
        if !dir.contains("meta.json") {
            return Err(SearchError::Missing("meta.json".into()));
        }
        let index = Index::open(dir)?;
        let fields = fields_of(&index.schema()).map_err(SearchError::Corrupt)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mut me = SearchIndex {
            reader,
            fields,
            facet_values: BTreeMap::new(),
        };
        me.facet_values = me.read_facet_values()?;
        Ok(me)
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Every value a facet takes in the index, sorted.
    pub fn facet_values(&self, facet: &str) -> &[String] {
        self.facet_values
            .get(facet)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn read_facet_values(&self) -> Result<BTreeMap<&'static str, Vec<String>>, SearchError> {
        let searcher = self.reader.searcher();
        let mut out = BTreeMap::new();
        for (name, field) in FACETS.iter().zip(&self.fields.facets) {
            let mut values = std::collections::BTreeSet::new();
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(*field)?;
                let mut stream = inverted.terms().stream()?;
                while stream.advance() {
                    if let Ok(v) = std::str::from_utf8(stream.key()) {
                        values.insert(v.to_string());
                    }
                }
            }
            out.insert(*name, values.into_iter().collect());
        }
        Ok(out)
    }

    /// Answers a query. Never panics and never fails: problems (empty query, only stop
    /// words, unknown filter values, an internal error) come back in `message`.
    ///
    /// `filters` are `(facet, value)` pairs; values of one facet are alternatives, facets
    /// combine with AND. `name=value` written in the query text works the same way.
    pub fn search(&self, query: &str, filters: &[(String, String)], limit: usize) -> SearchResults {
        let parsed = parse(query);
        let mut notes = parsed.notes.clone();
        let mut all_filters: Vec<(String, String)> = Vec::new();
        for (name, value) in filters.iter().chain(&parsed.filters) {
            match crate::query::facet_name(name) {
                Some(f) => all_filters.push((f.to_string(), value.clone())),
                None => notes.push(format!("Okänt filter ”{name}” ignorerades.")),
            }
        }
        let resolved = self.resolve_filters(&all_filters, &mut notes);
        let mut results = SearchResults::default();
        if self.num_docs() == 0 {
            // (tantivy's bitsets also dislike empty segments.)
            notes.push("Sökindexet är tomt: webbplatsen har inga sidor att söka i.".into());
        } else if !parsed.has_positive() && resolved.is_empty() {
            notes.push(empty_message(&parsed, query));
        } else {
            match self.run(&parsed, &resolved, limit.clamp(1, MAX_LIMIT)) {
                Ok(r) => results = r,
                Err(e) => notes.push(format!("Sökningen misslyckades: {e}")),
            }
            if results.total == 0 && notes.is_empty() {
                notes.push("Inga träffar. Pröva färre eller andra ord.".into());
            }
        }
        if !notes.is_empty() {
            results.message = Some(notes.join(" "));
        }
        results
    }

    /// Maps filter values to the exact indexed values (case-insensitive), per facet.
    fn resolve_filters(
        &self,
        filters: &[(String, String)],
        notes: &mut Vec<String>,
    ) -> BTreeMap<String, Vec<String>> {
        let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (facet, value) in filters {
            let wanted = normalize(value.trim());
            let known = self.facet_value_match(facet, &wanted);
            let entry = out.entry(facet.clone()).or_default();
            match known {
                Some(v) => {
                    if !entry.contains(&v) {
                        entry.push(v);
                    }
                }
                None => {
                    notes.push(format!("Ingen sida har {facet} = ”{value}”."));
                    entry.push(value.clone());
                }
            }
        }
        out
    }

    fn facet_value_match(&self, facet: &str, wanted: &str) -> Option<String> {
        self.facet_values(facet)
            .iter()
            .find(|v| normalize(v) == wanted)
            .cloned()
    }

    fn run(
        &self,
        parsed: &ParsedQuery,
        filters: &BTreeMap<String, Vec<String>>,
        limit: usize,
    ) -> tantivy::Result<SearchResults> {
        let searcher = self.reader.searcher();
        let query = self.build(parsed, filters, None);
        let (top, matched) = searcher.search(
            &query,
            &(TopDocs::with_limit(limit).order_by_score(), DocSetCollector),
        )?;
        let highlighter = Highlighter::new(parsed);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let body = text(self.fields.body);
            let summary = text(self.fields.summary);
            let snippet_html = snippet(&body, &highlighter, SNIPPET_BYTES)
                .or_else(|| snippet(&summary, &highlighter, SNIPPET_BYTES))
                .unwrap_or_else(|| {
                    lead(
                        if summary.is_empty() { &body } else { &summary },
                        SNIPPET_BYTES,
                    )
                });
            hits.push(Hit {
                url: text(self.fields.url),
                title: text(self.fields.title),
                kind: text(self.fields.facets[0]),
                snippet_html,
                score,
            });
        }
        let mut facets = BTreeMap::new();
        for (name, field) in FACETS.iter().zip(&self.fields.facets) {
            let counted = if filters.contains_key(*name) {
                // Disjunctive facets: count as if this facet were not filtered.
                let q = self.build(parsed, filters, Some(name));
                searcher.search(&q, &DocSetCollector)?
            } else {
                matched.clone()
            };
            let counts = self.count_facet(&searcher, *field, &counted)?;
            if !counts.is_empty() {
                facets.insert(name.to_string(), counts);
            }
        }
        Ok(SearchResults {
            total: matched.len(),
            hits,
            facets,
            message: None,
        })
    }

    fn count_facet(
        &self,
        searcher: &tantivy::Searcher,
        field: tantivy::schema::Field,
        docs: &HashSet<DocAddress>,
    ) -> tantivy::Result<Vec<(String, usize)>> {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                let Ok(value) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                let mut postings = inverted
                    .read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)?;
                let mut n = 0;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if docs.contains(&DocAddress::new(ord as u32, doc)) {
                        n += 1;
                    }
                    doc = postings.advance();
                }
                if n > 0 {
                    *counts.entry(value.to_string()).or_default() += n;
                }
            }
        }
        let mut counts: Vec<(String, usize)> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(counts)
    }

    /// The tantivy query for a parsed query and filters (leaving out the filter of `skip`).
    fn build(
        &self,
        parsed: &ParsedQuery,
        filters: &BTreeMap<String, Vec<String>>,
        skip: Option<&str>,
    ) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &parsed.words {
            clauses.push((Occur::Must, Box::new(self.word_query(word))));
        }
        for phrase in &parsed.phrases {
            clauses.push((Occur::Must, Box::new(self.phrase_query(phrase))));
        }
        let analyzer = Analyzer::query();
        for id in &parsed.identifiers {
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(self.fields.keys, &id.query_key()),
                        IndexRecordOption::Basic,
                    )),
                    KEY_BOOST,
                )),
            )];
            for phrase in id.phrases() {
                let terms = analyzer.query_terms(&phrase);
                alternatives.push((Occur::Should, Box::new(self.phrase_query(&terms))));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
        }
        for excluded in &parsed.excluded {
            clauses.push((Occur::MustNot, Box::new(self.phrase_query(excluded))));
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

    /// A word in any text field, weighted by field; with typo and prefix alternatives.
    fn word_query(&self, word: &QueryWord) -> BooleanQuery {
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in self.fields.text() {
            let term = Term::from_field_text(field, &word.term);
            alternatives.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                    boost,
                )),
            ));
            if word.fuzzy {
                alternatives.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(FuzzyTermQuery::new(term.clone(), 1, true)),
                        boost * FUZZY_WEIGHT,
                    )),
                ));
            }
            if word.prefix {
                alternatives.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(FuzzyTermQuery::new_prefix(term, 0, true)),
                        boost * PREFIX_WEIGHT,
                    )),
                ));
            }
        }
        BooleanQuery::new(alternatives)
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

fn empty_message(parsed: &ParsedQuery, raw: &str) -> String {
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
