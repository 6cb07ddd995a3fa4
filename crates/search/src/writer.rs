//! Writing the index (native only): one tantivy segment, packed into a deterministic
//! bundle.
//!
//! Determinism: tantivy names segments with random UUIDs. We write a single segment with
//! tantivy's single-segment writer (documents in the given order, one thread, docstore
//! compressed inline) into RAM, then rename the segment to a fixed id in the file names and
//! in `meta.json` before packing. The same documents give byte-identical bundles.

use std::collections::HashMap;
use std::path::Path;

use tantivy::directory::{Directory, RamDirectory};
use tantivy::index::{IndexSettings, SegmentComponent};
use tantivy::tokenizer::TokenizerManager;
use tantivy::{IndexBuilder, TantivyDocument};

use crate::analyzer::{normalize, words, Analyzer, Decompounder, SwedishTokenizer, TOKENIZER_NAME};
use crate::bundle::{pack, BUNDLE_FILE_NAME};
use crate::keys::document_keys;
use crate::schema::{self, FACETS};
use crate::{IndexStats, SearchDoc, SearchError};

/// The segment id every bundle uses.
const SEGMENT_ID: &str = "00000000000000000000000000000001";
/// Stored body text is cut here (snippets come from it; the full text is still indexed).
const STORED_BODY_BYTES: usize = 16 * 1024;
const MEMORY_BUDGET: usize = 64 * 1024 * 1024;

/// Writes the index of `docs` to `out_dir/index.knsi` (creating `out_dir`).
pub fn write_index(docs: &[SearchDoc], out_dir: &Path) -> Result<IndexStats, SearchError> {
    let (bytes, stats) = build_bundle(docs)?;
    std::fs::create_dir_all(out_dir)?;
    let path = out_dir.join(BUNDLE_FILE_NAME);
    std::fs::write(&path, &bytes).map_err(|e| {
        SearchError::Io(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", path.display()),
        ))
    })?;
    Ok(stats)
}

/// Words the corpus uses on their own at least twice: the corpus half of the
/// decompounding vocabulary.
fn corpus_vocabulary(docs: &[SearchDoc]) -> Vec<String> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for doc in docs {
        let texts = [&doc.title, &doc.summary, &doc.body]
            .into_iter()
            .chain(doc.headings.iter());
        for text in texts {
            for w in words(text) {
                *counts.entry(normalize(w.text)).or_default() += 1;
            }
        }
    }
    let mut vocab: Vec<String> = counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(w, _)| w)
        .collect();
    vocab.sort_unstable();
    vocab
}

fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Builds the bundle in memory.
pub fn build_bundle(docs: &[SearchDoc]) -> Result<(Vec<u8>, IndexStats), SearchError> {
    let (schema, fields) = schema::build();
    let vocabulary = corpus_vocabulary(docs);
    let analyzer = Analyzer::indexing(Decompounder::new(vocabulary.iter().map(String::as_str)));
    let tokenizers = TokenizerManager::default();
    tokenizers.register(TOKENIZER_NAME, SwedishTokenizer::new(analyzer));
    let settings = IndexSettings {
        docstore_compress_dedicated_thread: false,
        ..IndexSettings::default()
    };
    let dir = RamDirectory::create();
    let mut writer = IndexBuilder::new()
        .schema(schema)
        .settings(settings)
        .tokenizers(tokenizers)
        .single_segment_index_writer(dir.clone(), MEMORY_BUDGET)?;
    for doc in docs {
        let mut d = TantivyDocument::default();
        d.add_text(fields.url, &doc.url);
        d.add_text(fields.title, &doc.title);
        for h in &doc.headings {
            d.add_text(fields.headings, h);
        }
        d.add_text(fields.summary, &doc.summary);
        // Index the whole body, store its start: two values, the first one stored.
        d.add_text(fields.body, cut(&doc.body, STORED_BODY_BYTES));
        if doc.body.len() > STORED_BODY_BYTES {
            d.add_text(
                fields.body,
                &doc.body[cut(&doc.body, STORED_BODY_BYTES).len()..],
            );
        }
        for key in &doc.keys {
            for k in document_keys(key) {
                d.add_text(fields.keys, &k);
            }
        }
        d.add_text(fields.facets[0], &doc.kind);
        for (name, field) in FACETS.iter().zip(&fields.facets).skip(1) {
            for value in doc.facets.get(*name).into_iter().flatten() {
                d.add_text(*field, value);
            }
        }
        writer.add_document(d)?;
    }
    let index = writer.finalize()?;
    let metas = index.searchable_segment_metas()?;
    let [meta] = metas.as_slice() else {
        return Err(SearchError::Index(format!(
            "expected one segment, tantivy wrote {}",
            metas.len()
        )));
    };
    let old_id = meta.id().uuid_string();
    let mut files = Vec::new();
    let meta_json = dir
        .atomic_read(Path::new("meta.json"))
        .map_err(|e| SearchError::Index(e.to_string()))?;
    // meta.json spells the id with hyphens, file names without.
    let hyphenated = |id: &str| {
        if id.len() != 32 || !id.is_ascii() {
            return id.to_string();
        }
        format!(
            "{}-{}-{}-{}-{}",
            &id[..8],
            &id[8..12],
            &id[12..16],
            &id[16..20],
            &id[20..]
        )
    };
    let meta_json = String::from_utf8_lossy(&meta_json)
        .replace(&old_id, SEGMENT_ID)
        .replace(&hyphenated(&old_id), &hyphenated(SEGMENT_ID));
    files.push(("meta.json".to_string(), meta_json.into_bytes()));
    for component in [
        SegmentComponent::Postings,
        SegmentComponent::Positions,
        SegmentComponent::FastFields,
        SegmentComponent::FieldNorms,
        SegmentComponent::Terms,
        SegmentComponent::Store,
    ] {
        let path = meta.relative_path(component);
        if !dir.exists(&path).unwrap_or(false) {
            continue;
        }
        let slice = dir
            .open_read(&path)
            .map_err(|e| SearchError::Index(e.to_string()))?;
        let bytes = slice.read_bytes()?.as_slice().to_vec();
        let name = path.to_string_lossy().replace(&old_id, SEGMENT_ID);
        files.push((name, bytes));
    }
    let bundle = pack(&files);
    let stats = IndexStats {
        documents: docs.len(),
        bytes: bundle.len(),
        files: files.len(),
    };
    Ok((bundle, stats))
}
