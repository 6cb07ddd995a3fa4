//! The index schema, built identically by the writer and the reader. Nothing is stored in
//! tantivy: what a result shows lives in the document chunks ([`crate::docstore`]).
//! Only the text fields keep field norms (for ranking); keys and facets need none.

use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};

use crate::analyzer::TOKENIZER_NAME;

/// Page kinds.
pub const KINDS: &[&str] = &[
    "artikel",
    "rättsfall",
    "statistik",
    "ordlista",
    "sida",
    "lagrum",
];

/// Facet names, in display order. `kind` is a facet too.
pub const FACETS: &[&str] = &[
    "kind",
    "court",
    "instance",
    "year",
    "provision",
    "outcome",
    "exploitation",
    "audience",
];

/// Weights of the text fields in ranking, and the key field's weight.
pub const TITLE_BOOST: f32 = 4.0;
pub const HEADINGS_BOOST: f32 = 2.0;
pub const SUMMARY_BOOST: f32 = 1.5;
pub const BODY_BOOST: f32 = 1.0;
pub const KEY_BOOST: f32 = 100.0;
/// A page citing an identifier (`cites:` keys): below the page that has it, above text.
pub const CITES_BOOST: f32 = 25.0;

/// Name of the first-letter table's field ([`Fields::tails`]).
pub const TAILS_FIELD: &str = "tails";

#[derive(Clone, Debug)]
pub struct Fields {
    pub title: Field,
    pub headings: Field,
    pub summary: Field,
    pub body: Field,
    pub keys: Field,
    /// In [`FACETS`] order; `facets[0]` is `kind`.
    pub facets: Vec<Field>,
    /// The first-letter table: each text term as [`crate::expand::tail_key`] (its first
    /// letter moved to the end), all on the last document. Only its dictionary is read,
    /// to correct a typo in a word's first letter. `None` in an index written without it.
    pub tails: Option<Field>,
}

impl Fields {
    /// The searchable text fields with their ranking weight.
    pub fn text(&self) -> [(Field, f32); 4] {
        [
            (self.title, TITLE_BOOST),
            (self.headings, HEADINGS_BOOST),
            (self.summary, SUMMARY_BOOST),
            (self.body, BODY_BOOST),
        ]
    }

    pub fn facet(&self, name: &str) -> Option<Field> {
        FACETS
            .iter()
            .position(|f| *f == name)
            .map(|i| self.facets[i])
    }
}

#[cfg_attr(not(feature = "writer"), allow(dead_code))]
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = TextOptions::default().set_indexing_options(indexing);
    // Exact values: one token, no frequencies, no norms.
    let exact = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let title = b.add_text_field("title", text.clone());
    let headings = b.add_text_field("headings", text.clone());
    let summary = b.add_text_field("summary", text.clone());
    let body = b.add_text_field("body", text);
    let keys = b.add_text_field("keys", exact.clone());
    let facets = FACETS
        .iter()
        .map(|name| b.add_text_field(name, exact.clone()))
        .collect();
    let tails = b.add_text_field(TAILS_FIELD, exact);
    let fields = Fields {
        title,
        headings,
        summary,
        body,
        keys,
        facets,
        tails: Some(tails),
    };
    (b.build(), fields)
}

/// Looks the fields up in an opened index's schema.
pub fn fields_of(schema: &Schema) -> Result<Fields, String> {
    let get = |name: &str| {
        schema
            .get_field(name)
            .map_err(|_| format!("field `{name}` is missing from the index schema"))
    };
    Ok(Fields {
        title: get("title")?,
        headings: get("headings")?,
        summary: get("summary")?,
        body: get("body")?,
        keys: get("keys")?,
        facets: FACETS.iter().map(|n| get(n)).collect::<Result<_, _>>()?,
        tails: schema.get_field(TAILS_FIELD).ok(),
    })
}
