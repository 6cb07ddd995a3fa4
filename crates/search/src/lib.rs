//! Search of kunskapsnav: one Swedish analyzer, an index written at build time (feature
//! `writer`, native only) and read natively or in the browser (wasm32), and a query front
//! end of our own (no regex, no tantivy query parser) that understands Swedish words,
//! phrases, exclusions, prefixes, typos, facet filters, case numbers and provisions.
//!
//! ```text
//! SearchDoc ─build_index─▶ head + chunks (deterministic files) ─SearchIndex::open…─▶ search()
//! ```
//! The index is split so that a browser downloads only what a query reads: a small head
//! (what opening reads) and numbered chunks fetched on demand. Natively the chunks are
//! read from disk as needed ([`SearchIndex::open`]); in the browser the worker downloads
//! the chunks a search reports as missing ([`SearchIndex::try_search`]) and asks again.

pub mod analyzer;
mod bundle;
mod directory;
mod docstore;
mod error;
mod expand;
pub mod keys;
pub mod query;
mod schema;
mod searcher;
mod snippet;
#[cfg(feature = "writer")]
mod writer;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use bundle::{
    chunk_dir_name, chunk_file_name, IndexParts, CHUNK_BYTES, HEAD_FILE_NAME, HEAD_MAGIC,
};
pub use directory::Fetch;
pub use error::SearchError;
pub use schema::{FACETS, KINDS};
// HTML escaping for both crates (the site generator uses it too): one implementation.
pub use searcher::{
    search, Pending, SearchIndex, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, MAX_QUERY_TERMS,
};
pub use snippet::escape_html;
#[cfg(feature = "writer")]
pub use writer::{build_index, write_index};

/// One page as the search sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// URL path of the page (`/rattsfall/lycksele-b-583-23/`).
    pub url: String,
    pub title: String,
    /// One of [`KINDS`]: artikel, rättsfall, statistik, ordlista, sida, lagrum.
    pub kind: String,
    #[serde(default)]
    pub headings: Vec<String>,
    #[serde(default)]
    pub summary: String,
    /// Plain text of the page (no HTML).
    #[serde(default)]
    pub body: String,
    /// Filterable values by facet name (one of [`FACETS`]); other names are ignored.
    #[serde(default)]
    pub facets: BTreeMap<String, Vec<String>>,
    /// Exact identifiers (`B 583-23`, `BrB 4:1 b`, a law's name `brottsbalken`) that rank
    /// this page first when queried.
    #[serde(default)]
    pub keys: Vec<String>,
    /// Identifiers this page cites or applies (a ruling's provisions): a query for one
    /// ranks the page after those that have it as a key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cites: Vec<String>,
    /// Names that find this page first when typed whole (a court's name and its short
    /// forms), matched on letters and digits only ([`keys::compact_name`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
}

/// What [`write_index`] wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexStats {
    pub documents: usize,
    /// Size of the head and all chunks in bytes.
    pub bytes: usize,
    /// Size of the head in bytes.
    pub head_bytes: usize,
    /// Number of chunk files.
    pub chunks: usize,
    /// Number of tantivy files in the index.
    pub files: usize,
}

/// One result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub url: String,
    pub title: String,
    pub kind: String,
    /// Text around the matches, HTML-escaped, matches wrapped in `<mark>`.
    pub snippet_html: String,
    pub score: f32,
}

/// The answer to a query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Number of matching pages (hits holds at most `limit` of them).
    pub total: usize,
    pub hits: Vec<Hit>,
    /// For each facet name, `(value, count)` among the matches, most frequent first.
    /// Counts of a filtered facet ignore that facet's own filter, so other values stay
    /// visible as alternatives.
    pub facets: BTreeMap<String, Vec<(String, usize)>>,
    /// A note for the visitor (Swedish): why nothing was searched, or what was adjusted.
    pub message: Option<String>,
    /// When nothing was found: a corrected query that finds pages ("Menade du …?"); the
    /// message then ends with `Menade du ”…”?`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}
