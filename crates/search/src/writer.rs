//! Writing the index (native only): one tantivy segment and the document chunks, cut into
//! a head and chunks (see [`crate::bundle`]).
//!
//! Determinism: tantivy names segments with random UUIDs. We write a single segment with
//! tantivy's single-segment writer (documents in the given order, one thread) into RAM,
//! then rename the segment to a fixed id in the file names and in `meta.json`. The same
//! documents give byte-identical heads and chunks.
//!
//! The head's extents are found by opening the finished index once with a recording
//! directory: whatever opening reads goes into the head, everything else into chunks.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::{Directory, OwnedBytes, RamDirectory};
use tantivy::index::{IndexSettings, SegmentComponent};
use tantivy::tokenizer::{PreTokenizedString, TokenStream, Tokenizer, TokenizerManager};
use tantivy::{IndexBuilder, TantivyDocument};

use crate::analyzer::{normalize, words, Analyzer, Decompounder, SwedishTokenizer, TOKENIZER_NAME};
use crate::bundle::{
    chunk_dir_name, chunk_file_name, encode_head, seal_chunk, DocsLayout, Extent, FileEntry, Head,
    IndexParts, CHUNK_BYTES, HEAD_FILE_NAME, NO_CHUNK,
};
use crate::directory::Store;
use crate::docstore::{encode_chunks, StoredDoc};
use crate::expand::tail_key;
use crate::keys::{compact_name, document_keys, CITES_KEY_PREFIX, NAME_KEY_PREFIX};
use crate::schema::{self, FACETS};
use crate::{IndexStats, SearchDoc, SearchError, SearchIndex};

/// The segment id every bundle uses.
const SEGMENT_ID: &str = "00000000000000000000000000000001";
/// Stored body text is cut here (snippets come from it; the full text is still indexed).
const STORED_BODY_BYTES: usize = 16 * 1024;
const MEMORY_BUDGET: usize = 64 * 1024 * 1024;
/// Documents analysed ahead of the indexing thread at a time.
const ANALYSIS_BATCH: usize = 512;
/// Recorded ranges this close together become one extent.
const MERGE_GAP: u64 = 64;

/// Writes the index of `docs` to `out_dir/index.knsi` and its chunks to
/// `out_dir/index/<n>.knc` (creating the folders).
pub fn write_index(docs: &[SearchDoc], out_dir: &Path) -> Result<IndexStats, SearchError> {
    let (parts, stats) = build_index(docs)?;
    let chunk_dir = out_dir.join(chunk_dir_name(HEAD_FILE_NAME));
    std::fs::create_dir_all(&chunk_dir)?;
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|e| {
            SearchError::Io(std::io::Error::new(
                e.kind(),
                format!("{}: {e}", path.display()),
            ))
        })
    };
    write(&out_dir.join(HEAD_FILE_NAME), &parts.head)?;
    for (n, chunk) in parts.chunks.iter().enumerate() {
        write(&chunk_dir.join(chunk_file_name(n as u32)), chunk)?;
    }
    Ok(stats)
}

/// Words the corpus uses on their own at least twice: the corpus half of the
/// decompounding vocabulary. Counted on every core (this and the analysis below were
/// most of a large build's single-threaded index time).
fn corpus_vocabulary(docs: &[SearchDoc]) -> Vec<String> {
    let count_part = |part: &[SearchDoc]| {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for doc in part {
            let texts = [&doc.title, &doc.summary, &doc.body]
                .into_iter()
                .chain(doc.headings.iter());
            for text in texts {
                for w in words(text) {
                    *counts.entry(normalize(w.text)).or_default() += 1;
                }
            }
        }
        counts
    };
    let parts: Vec<HashMap<String, u32>> = std::thread::scope(|scope| {
        let handles: Vec<_> = docs
            .chunks(part_size(docs.len()))
            .map(|part| scope.spawn(move || count_part(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut counts: HashMap<String, u32> = HashMap::new();
    for part in parts {
        for (word, n) in part {
            *counts.entry(word).or_default() += n;
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

/// Documents per thread when `len` of them are shared among the machine's cores.
fn part_size(len: usize) -> usize {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    len.div_ceil(threads).max(1)
}

/// A document's text fields run through the analyzer: done on every core, batch by
/// batch, ahead of tantivy's single indexing thread. The tokens are exactly those the
/// registered tokenizer would produce (the same analyzer), so the index is unchanged.
/// The terms of its text fields are added to `terms` (for the first-letter table).
fn analysed_document(
    doc: &SearchDoc,
    fields: &schema::Fields,
    tokenizer: &mut SwedishTokenizer,
    terms: &mut HashSet<String>,
) -> TantivyDocument {
    let mut pre = |text: &str| {
        let mut stream = tokenizer.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            let token = stream.token();
            if !terms.contains(&token.text) {
                terms.insert(token.text.clone());
            }
            tokens.push(token.clone());
        }
        PreTokenizedString {
            text: text.to_string(),
            tokens,
        }
    };
    let mut d = TantivyDocument::default();
    d.add_pre_tokenized_text(fields.title, pre(&doc.title));
    for h in &doc.headings {
        d.add_pre_tokenized_text(fields.headings, pre(h));
    }
    d.add_pre_tokenized_text(fields.summary, pre(&doc.summary));
    d.add_pre_tokenized_text(fields.body, pre(&doc.body));
    for key in &doc.keys {
        for k in document_keys(key) {
            d.add_text(fields.keys, &k);
        }
    }
    for cited in &doc.cites {
        for k in document_keys(cited) {
            d.add_text(fields.keys, format!("{CITES_KEY_PREFIX}{k}"));
        }
    }
    for name in &doc.names {
        let name = compact_name(name);
        if !name.is_empty() {
            d.add_text(fields.keys, format!("{NAME_KEY_PREFIX}{name}"));
        }
    }
    d.add_text(fields.facets[0], &doc.kind);
    for (name, field) in FACETS.iter().zip(&fields.facets).skip(1) {
        for value in doc.facets.get(*name).into_iter().flatten() {
            d.add_text(*field, value);
        }
    }
    d
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

/// Builds the index in memory: the head and the chunks.
pub fn build_index(docs: &[SearchDoc]) -> Result<(IndexParts, IndexStats), SearchError> {
    // Memory matters here (a 100 000-page site has a gigabyte of index): tantivy's files
    // are shared, not copied, until they are cut into chunks, and each is released as
    // soon as it has been cut.
    let files = tantivy_files(docs)?;
    let (per_chunk, doc_chunks) = {
        let stored: Vec<StoredDoc> = docs
            .iter()
            .map(|d| StoredDoc {
                url: d.url.clone(),
                title: d.title.clone(),
                kind: d.kind.clone(),
                summary: d.summary.clone(),
                body: cut(&d.body, STORED_BODY_BYTES).to_string(),
            })
            .collect();
        encode_chunks(&stored)
    };
    let extents = opening_extents(&files, docs.len() as u32, per_chunk)?;
    let mut id = crc32fast::Hasher::new();
    for (name, bytes) in &files {
        id.update(name.as_bytes());
        id.update(bytes.as_slice());
    }

    let mut next = 0u32;
    let entries_count = files.len();
    let mut entries = Vec::with_capacity(entries_count);
    let mut chunk_data: Vec<Vec<u8>> = Vec::new();
    for (i, (name, bytes)) in files.into_iter().enumerate() {
        let covered: u64 = extents
            .iter()
            .filter(|e| e.file == i)
            .map(|e| e.bytes.len() as u64)
            .sum();
        let first_chunk = if covered == bytes.len() as u64 {
            NO_CHUNK
        } else {
            let first = next;
            for piece in bytes.as_slice().chunks(CHUNK_BYTES) {
                chunk_data.push(piece.to_vec());
                next += 1;
            }
            first
        };
        entries.push(FileEntry {
            name,
            len: bytes.len() as u64,
            first_chunk,
        });
    }
    let docs_layout = DocsLayout {
        count: docs.len() as u32,
        per_chunk,
        first_chunk: next,
    };
    chunk_data.extend(doc_chunks);
    for c in &chunk_data {
        id.update(c);
    }
    let index_id = id.finalize();
    let head = Head {
        index_id,
        chunk_bytes: CHUNK_BYTES as u32,
        chunk_count: chunk_data.len() as u32,
        docs: docs_layout,
        files: entries,
        extents,
    };
    let head = encode_head(&head);
    let chunks: Vec<Vec<u8>> = chunk_data
        .into_iter()
        .enumerate()
        .map(|(n, data)| seal_chunk(index_id, n as u32, data))
        .collect();
    let stats = IndexStats {
        documents: docs.len(),
        bytes: head.len() + chunks.iter().map(Vec::len).sum::<usize>(),
        head_bytes: head.len(),
        chunks: chunks.len(),
        files: entries_count,
    };
    Ok((IndexParts { head, chunks }, stats))
}

/// The byte ranges that opening the index reads, merged, with their bytes.
fn opening_extents(
    files: &[(String, OwnedBytes)],
    doc_count: u32,
    per_chunk: u32,
) -> Result<Vec<Extent>, SearchError> {
    let whole: Vec<Extent> = files
        .iter()
        .enumerate()
        .map(|(file, (_, bytes))| Extent {
            file,
            offset: 0,
            bytes: bytes.clone(),
        })
        .collect();
    let head = Head {
        index_id: 0,
        chunk_bytes: CHUNK_BYTES as u32,
        chunk_count: 0,
        docs: DocsLayout {
            count: doc_count,
            per_chunk,
            first_chunk: 0,
        },
        files: files
            .iter()
            .map(|(name, bytes)| FileEntry {
                name: name.clone(),
                len: bytes.len() as u64,
                first_chunk: NO_CHUNK,
            })
            .collect(),
        extents: whole,
    };
    let store = Arc::new(Store::new(head, None, true));
    SearchIndex::open_store(store.clone())?;
    let mut ranges: Vec<(usize, Range<u64>)> = store.recorded();
    ranges.sort_by_key(|(f, r)| (*f, r.start, r.end));
    let mut merged: Vec<(usize, Range<u64>)> = Vec::new();
    for (file, r) in ranges {
        if r.is_empty() {
            continue;
        }
        match merged.last_mut() {
            Some((f, last)) if *f == file && r.start <= last.end + MERGE_GAP => {
                last.end = last.end.max(r.end);
            }
            _ => merged.push((file, r)),
        }
    }
    Ok(merged
        .into_iter()
        .map(|(file, r)| Extent {
            file,
            offset: r.start,
            bytes: files[file].1.slice(r.start as usize..r.end as usize),
        })
        .collect())
}

/// Tantivy's files for `docs`: `meta.json` and the segment's components.
fn tantivy_files(docs: &[SearchDoc]) -> Result<Vec<(String, OwnedBytes)>, SearchError> {
    let (schema, fields) = schema::build();
    let vocabulary = corpus_vocabulary(docs);
    let analyzer = Analyzer::indexing(Decompounder::new(vocabulary.iter().map(String::as_str)));
    let tokenizers = TokenizerManager::default();
    tokenizers.register(TOKENIZER_NAME, SwedishTokenizer::new(analyzer.clone()));
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
    // Analysed in batches (bounded memory), each batch split among the cores, then
    // added in the documents' order.
    let tokenizer = SwedishTokenizer::new(analyzer);
    // Every term of the text fields, for the first-letter table; it goes on the last
    // document, so that document is held back until the end.
    let mut terms: HashSet<String> = HashSet::new();
    let mut last: Option<TantivyDocument> = None;
    for batch in docs.chunks(ANALYSIS_BATCH) {
        let analysed: Vec<(Vec<TantivyDocument>, HashSet<String>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .chunks(part_size(batch.len()))
                .map(|part| {
                    let mut tokenizer = tokenizer.clone();
                    let fields = &fields;
                    scope.spawn(move || {
                        let mut terms = HashSet::new();
                        let docs = part
                            .iter()
                            .map(|doc| analysed_document(doc, fields, &mut tokenizer, &mut terms))
                            .collect::<Vec<_>>();
                        (docs, terms)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        let added: usize = analysed.iter().map(|(d, _)| d.len()).sum();
        if added != batch.len() {
            return Err(SearchError::Index(
                "an analysis thread stopped before the end of its documents".into(),
            ));
        }
        for (part, part_terms) in analysed {
            terms.extend(part_terms);
            for d in part {
                if let Some(previous) = last.replace(d) {
                    writer.add_document(previous)?;
                }
            }
        }
    }
    if let Some(mut d) = last {
        if let Some(tails) = fields.tails {
            let keys: BTreeSet<String> = terms.iter().filter_map(|t| tail_key(t)).collect();
            for key in &keys {
                d.add_text(tails, key);
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
    files.push((
        "meta.json".to_string(),
        OwnedBytes::new(meta_json.into_bytes()),
    ));
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
        // The RAM directory's own bytes, shared rather than copied.
        let bytes = slice.read_bytes()?;
        let name = path.to_string_lossy().replace(&old_id, SEGMENT_ID);
        files.push((name, bytes));
    }
    Ok(files)
}
