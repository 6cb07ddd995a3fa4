//! Opening an index (natively or in wasm) and answering queries.
//!
//! A search runs in phases so that, when chunks are missing (in the browser), each phase
//! asks for everything it lacks at once instead of one chunk at a time:
//!
//! 1. term-dictionary blocks of the query's terms, prefix and typo ranges, field norms,
//!    facet postings;
//! 2. postings (and positions, for phrases) of every term the final query uses;
//! 3. the tantivy search and facet counts (everything is in memory by now);
//! 4. the stored documents of the hits shown, for titles and snippets.
//!
//! A phase that finds chunks missing ends the search with [`Pending`]; once they are
//! added the search is asked again and gets further. Natively a fetcher reads chunks from
//! disk as they are needed, so a search always completes in one call.

use std::collections::BTreeMap;
use std::sync::Arc;

use tantivy::collector::TopDocs;
use tantivy::directory::OwnedBytes;
use tantivy::query::Query;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Index, IndexReader, ReloadPolicy, Searcher, TERMINATED};

use crate::analyzer::normalize;
use crate::bundle::{decode_head, IndexParts};
use crate::directory::{ChunkedDirectory, Fetch, Store};
use crate::docstore::{read_record, StoredDoc};
use crate::query::{parse, ParsedQuery};
pub use crate::query::{MAX_QUERY_CHARS, MAX_QUERY_TERMS};
use crate::schema::{fields_of, Fields, FACETS};
use crate::snippet::Highlighter;
use crate::{SearchError, SearchResults};
use hit::hit;
use suggest::empty_message;

mod compose;
mod exclusion;
mod hit;
mod matches;
mod suggest;

use matches::{MatchSet, Matches};

/// Most hits returned by one query.
pub const MAX_LIMIT: usize = 100;
/// Deepest page of results (offset of its first hit).
pub const MAX_OFFSET: usize = 1000;

/// A search that needs these chunks before it can go on (in the browser: download them,
/// [`SearchIndex::add_chunk`] each, and search again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub chunks: Vec<u32>,
}

enum Stop {
    Pending(Vec<u32>),
    Failed(String),
}

/// An opened, read-only index.
pub struct SearchIndex {
    store: Arc<Store>,
    reader: IndexReader,
    fields: Fields,
    /// All values of each facet, sorted (from the term dictionaries).
    facet_values: BTreeMap<&'static str, Vec<String>>,
    /// The outcome of phase 3 of the last search that stopped for its hits' documents,
    /// so that asking again (with them added) goes straight to phase 4.
    last: std::sync::Mutex<Option<Searched>>,
}

/// What phase 3 found, and for which search.
struct Searched {
    key: (ParsedQuery, BTreeMap<String, Vec<String>>, usize, usize),
    top: Vec<(f32, DocAddress)>,
    total: usize,
    facets: BTreeMap<String, Vec<(String, usize)>>,
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
    /// Opens an index with every chunk in memory (checks every checksum).
    pub fn from_parts(parts: IndexParts) -> Result<Self, SearchError> {
        let head = decode_head(OwnedBytes::new(parts.head))?;
        if parts.chunks.len() != head.chunk_count as usize {
            return Err(SearchError::Corrupt(format!(
                "{} chunks given, the head names {}",
                parts.chunks.len(),
                head.chunk_count
            )));
        }
        let store = Store::new(head, None, false);
        for (n, chunk) in parts.chunks.into_iter().enumerate() {
            store.add_chunk(n as u32, chunk)?;
        }
        Self::open_store(Arc::new(store))
    }

    /// Opens an index from its head alone; chunks come with [`SearchIndex::add_chunk`] when
    /// [`SearchIndex::try_search`] asks for them (the browser's way).
    pub fn from_head(head: Vec<u8>) -> Result<Self, SearchError> {
        Self::open_store(Arc::new(Store::new(
            decode_head(OwnedBytes::new(head))?,
            None,
            false,
        )))
    }

    /// Opens an index from its head; `fetch` reads chunks when a search needs them.
    pub fn with_fetcher(head: Vec<u8>, fetch: Fetch) -> Result<Self, SearchError> {
        Self::open_store(Arc::new(Store::new(
            decode_head(OwnedBytes::new(head))?,
            Some(fetch),
            false,
        )))
    }

    /// Opens the head file `path`, reading chunks from the folder beside it on demand
    /// (native only).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn open(path: &std::path::Path) -> Result<Self, SearchError> {
        use crate::bundle::{chunk_dir_name, chunk_file_name};
        let head = std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => SearchError::Missing(path.display().to_string()),
            _ => SearchError::Io(std::io::Error::new(
                e.kind(),
                format!("{}: {e}", path.display()),
            )),
        })?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = path.with_file_name(chunk_dir_name(&name));
        let fetch: Fetch = Box::new(move |n| {
            let file = dir.join(chunk_file_name(n));
            std::fs::read(&file).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => SearchError::Missing(file.display().to_string()),
                _ => SearchError::Io(std::io::Error::new(
                    e.kind(),
                    format!("{}: {e}", file.display()),
                )),
            })
        });
        Self::with_fetcher(head, fetch)
    }

    /// Opens the index over `store`: reads meta.json and whatever tantivy reads to open a
    /// segment, every field's dictionary index and the facet values. At build time this
    /// is what records the head's extents.
    pub(crate) fn open_store(store: Arc<Store>) -> Result<Self, SearchError> {
        if store
            .file_index(std::path::Path::new("meta.json"))
            .is_none()
        {
            return Err(SearchError::Missing("meta.json".into()));
        }
        let opening = |e: tantivy::TantivyError| -> SearchError {
            if let Some(failure) = store.take_failure() {
                return SearchError::Missing(failure);
            }
            if !store.take_missing().is_empty() {
                return SearchError::Corrupt(
                    "the head lacks what opening the index reads (format mismatch)".into(),
                );
            }
            SearchError::from(e)
        };
        let index = Index::open(ChunkedDirectory::new(store.clone())).map_err(opening)?;
        let fields = fields_of(&index.schema()).map_err(SearchError::Corrupt)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(opening)?;
        let mut me = SearchIndex {
            store: store.clone(),
            reader,
            fields,
            facet_values: BTreeMap::new(),
            last: std::sync::Mutex::new(None),
        };
        let searcher = me.reader.searcher();
        let all_fields: Vec<Field> = me
            .fields
            .text()
            .iter()
            .map(|(f, _)| *f)
            .chain(std::iter::once(me.fields.keys))
            .chain(me.fields.facets.iter().copied())
            .chain(me.fields.tails)
            .collect();
        for segment in searcher.segment_readers() {
            for field in &all_fields {
                segment.inverted_index(*field).map_err(opening)?;
            }
        }
        me.facet_values = me.read_facet_values().map_err(opening)?;
        if !store.take_missing().is_empty() {
            return Err(opening(tantivy::TantivyError::InternalError(
                "missing chunks".into(),
            )));
        }
        Ok(me)
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Number of chunk files of the index.
    pub fn chunk_count(&self) -> u32 {
        self.store.head.chunk_count
    }

    /// Number of chunks in memory.
    pub fn loaded_chunks(&self) -> usize {
        self.store.loaded_chunks()
    }

    /// Adds chunk `n` (the bytes of its file) after checking it.
    pub fn add_chunk(&self, n: u32, bytes: Vec<u8>) -> Result<(), SearchError> {
        self.store.add_chunk(n, bytes)
    }

    /// Every value a facet takes in the index, sorted.
    pub fn facet_values(&self, facet: &str) -> &[String] {
        self.facet_values
            .get(facet)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn read_facet_values(&self) -> tantivy::Result<BTreeMap<&'static str, Vec<String>>> {
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

    /// Answers a query (the first `limit` hits). Never panics and never fails: problems
    /// (empty query, only stop words, unknown filter values, a damaged or missing chunk)
    /// come back in `message`.
    ///
    /// `filters` are `(facet, value)` pairs; values of one facet are alternatives, facets
    /// combine with AND. `name=value` written in the query text works the same way.
    pub fn search(&self, query: &str, filters: &[(String, String)], limit: usize) -> SearchResults {
        self.search_page(query, filters, limit, 0)
    }

    /// [`SearchIndex::search`] from the `offset`-th hit on.
    pub fn search_page(
        &self,
        query: &str,
        filters: &[(String, String)],
        limit: usize,
        offset: usize,
    ) -> SearchResults {
        match self.try_search(query, filters, limit, offset) {
            Ok(results) => results,
            Err(pending) => SearchResults {
                message: Some(format!(
                    "Sökindexet är inte helt inläst ({} delar saknas).",
                    pending.chunks.len()
                )),
                ..SearchResults::default()
            },
        }
    }

    /// Answers a query, or says which chunks it needs first.
    pub fn try_search(
        &self,
        query: &str,
        filters: &[(String, String)],
        limit: usize,
        offset: usize,
    ) -> Result<SearchResults, Pending> {
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
            let limit = limit.clamp(1, MAX_LIMIT);
            match self.run(&parsed, &resolved, limit, offset.min(MAX_OFFSET)) {
                Ok(r) => results = r,
                Err(Stop::Pending(chunks)) => return Err(Pending { chunks }),
                Err(Stop::Failed(e)) => notes.push(format!("Sökningen misslyckades: {e}")),
            }
            if results.total == 0 && notes.is_empty() {
                match self.did_you_mean(&parsed, query, &resolved) {
                    Ok(Some(suggestion)) => {
                        notes.push(format!("Inga träffar. Menade du ”{suggestion}”?"));
                        results.suggestion = Some(suggestion);
                    }
                    Ok(None) | Err(Stop::Failed(_)) => {
                        notes.push("Inga träffar. Pröva färre eller andra ord.".into());
                    }
                    Err(Stop::Pending(chunks)) => return Err(Pending { chunks }),
                }
            }
        }
        if !notes.is_empty() {
            results.message = Some(notes.join(" "));
        }
        Ok(results)
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
            let known = self
                .facet_values(facet)
                .iter()
                .find(|v| normalize(v) == wanted)
                .cloned();
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

    /// Ends a phase: the chunks it found missing, or a fetch failure, stop the search.
    fn checkpoint(&self) -> Result<(), Stop> {
        if let Some(failure) = self.store.take_failure() {
            return Err(Stop::Failed(failure));
        }
        let missing = self.store.take_missing();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Stop::Pending(missing))
        }
    }

    /// A tantivy error: missing chunks if that is why, else a failure.
    fn stop(&self, e: impl std::fmt::Display) -> Stop {
        match self.checkpoint() {
            Err(stop) => stop,
            Ok(()) => Stop::Failed(e.to_string()),
        }
    }

    fn run(
        &self,
        parsed: &ParsedQuery,
        filters: &BTreeMap<String, Vec<String>>,
        limit: usize,
        offset: usize,
    ) -> Result<SearchResults, Stop> {
        let key = (parsed.clone(), filters.clone(), limit, offset);
        let cached = match self.last.lock() {
            Ok(mut last) => last.take().filter(|c| c.key == key),
            Err(_) => None,
        };
        let searched = match cached {
            Some(searched) => searched,
            None => self.search_phases(parsed, filters, limit, offset, key)?,
        };
        // Phase 4: what the hits show.
        let docs: Vec<Option<StoredDoc>> = searched
            .top
            .iter()
            .map(|(_, address)| self.stored(address))
            .collect::<Result<_, _>>()
            .map_err(|e| Stop::Failed(e.to_string()))?;
        if let Err(stop) = self.checkpoint() {
            if let Ok(mut last) = self.last.lock() {
                *last = Some(searched);
            }
            return Err(stop);
        }
        let highlighter = Highlighter::new(parsed);
        let hits = searched
            .top
            .into_iter()
            .zip(docs)
            .filter_map(|((score, _), doc)| doc.map(|d| hit(d, score, &highlighter)))
            .collect();
        Ok(SearchResults {
            total: searched.total,
            hits,
            facets: searched.facets,
            message: None,
            suggestion: None,
        })
    }

    /// Phases 1 to 3: the hits and the facet counts.
    fn search_phases(
        &self,
        parsed: &ParsedQuery,
        filters: &BTreeMap<String, Vec<String>>,
        limit: usize,
        offset: usize,
        key: (ParsedQuery, BTreeMap<String, Vec<String>>, usize, usize),
    ) -> Result<Searched, Stop> {
        let searcher = self.reader.searcher();
        // Phase 1: dictionary blocks, norms, facet postings (errors are looked at below).
        let exact = self.build(parsed, filters, None, &Vec::new());
        for segment in searcher.segment_readers() {
            for (field, _) in self.fields.text() {
                let _ = segment.get_fieldnorms_reader(field);
            }
            exact.query_terms(&mut |term, _| {
                if let Ok(inv) = segment.inverted_index(term.field()) {
                    let _ = inv.get_term_info(term);
                }
            });
        }
        let _ = self.expand(&searcher, parsed);
        for field in &self.fields.facets {
            let _ = self.count_facet(&searcher, *field, None);
        }
        self.checkpoint()?;

        // Phase 2: postings of every term of the final query.
        let expanded = self.expand(&searcher, parsed).map_err(|e| self.stop(e))?;
        let query = self.build(parsed, filters, None, &expanded);
        for segment in searcher.segment_readers() {
            query.query_terms(&mut |term, positions| {
                let Ok(inv) = segment.inverted_index(term.field()) else {
                    return;
                };
                if let Ok(Some(info)) = inv.get_term_info(term) {
                    let option = if positions {
                        IndexRecordOption::WithFreqsAndPositions
                    } else {
                        IndexRecordOption::WithFreqs
                    };
                    let _ = inv.read_postings_from_terminfo(&info, option);
                }
            });
        }
        self.checkpoint()?;

        // Phase 3: the search itself, and the facet counts.
        let collector = TopDocs::with_limit(limit)
            .and_offset(offset)
            .order_by_score();
        let (top, matched) = searcher
            .search(&query, &(collector, Matches))
            .map_err(|e| self.stop(e))?;
        let mut facets = BTreeMap::new();
        for (name, field) in FACETS.iter().zip(&self.fields.facets) {
            let unfiltered;
            let counted = if filters.contains_key(*name) {
                // Disjunctive facets: count as if this facet were not filtered.
                let q = self.build(parsed, filters, Some(name), &expanded);
                unfiltered = searcher.search(&q, &Matches).map_err(|e| self.stop(e))?;
                &unfiltered
            } else {
                &matched
            };
            let counts = self
                .count_facet(&searcher, *field, Some(counted))
                .map_err(|e| self.stop(e))?;
            if !counts.is_empty() {
                facets.insert(name.to_string(), counts);
            }
        }
        self.checkpoint()?;
        Ok(Searched {
            key,
            top,
            total: matched.len(),
            facets,
        })
    }

    /// The stored document at `address`; `None` while its chunk is missing.
    fn stored(&self, address: &DocAddress) -> Result<Option<StoredDoc>, SearchError> {
        // One segment: its doc ids are the positions of the documents as written.
        let docs = self.store.head.docs;
        let doc = address.doc_id;
        if address.segment_ord != 0 || doc >= docs.count || docs.per_chunk == 0 {
            return Err(SearchError::Corrupt(format!(
                "document {doc} is not in the document chunks"
            )));
        }
        let n = docs.first_chunk + doc / docs.per_chunk;
        match self.store.chunk(n) {
            Some(data) => read_record(data.as_slice(), (doc % docs.per_chunk) as usize).map(Some),
            None => Ok(None),
        }
    }

    /// Counts of each value of a facet among `docs` (all values when `None`, which only
    /// reads the postings: phase 1).
    fn count_facet(
        &self,
        searcher: &Searcher,
        field: Field,
        docs: Option<&MatchSet>,
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
                let Some(docs) = docs else {
                    continue;
                };
                let mut n = 0;
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    if docs.contains(ord, doc) {
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
}
