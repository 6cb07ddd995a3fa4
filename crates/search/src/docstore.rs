//! What a result shows (URL, title, kind, summary, the start of the body for snippets),
//! kept outside tantivy in chunks of a fixed number of documents: document `d` is record
//! `d % per_chunk` of chunk `first_chunk + d / per_chunk`, so finding it needs no table
//! and showing ten results fetches about ten small chunks.
//!
//! ```text
//! chunk data  u32 record_count  { u32 len  UTF-8 }×5 per record (url, title, kind, summary, body)
//! ```

use crate::SearchError;

/// Documents per chunk aim at about this many bytes.
#[cfg_attr(not(feature = "writer"), allow(dead_code))]
pub const TARGET_CHUNK_BYTES: usize = 8 * 1024;
/// Bounds of documents per chunk.
#[cfg_attr(not(feature = "writer"), allow(dead_code))]
const MAX_PER_CHUNK: usize = 64;

/// One stored document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct StoredDoc {
    pub url: String,
    pub title: String,
    pub kind: String,
    pub summary: String,
    pub body: String,
}

#[cfg_attr(not(feature = "writer"), allow(dead_code))]
fn encode_record(out: &mut Vec<u8>, doc: &StoredDoc) {
    for s in [&doc.url, &doc.title, &doc.kind, &doc.summary, &doc.body] {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
}

/// Splits `docs` into chunks; returns documents per chunk and each chunk's data.
#[cfg_attr(not(feature = "writer"), allow(dead_code))]
pub(crate) fn encode_chunks(docs: &[StoredDoc]) -> (u32, Vec<Vec<u8>>) {
    let mut records: Vec<Vec<u8>> = Vec::with_capacity(docs.len());
    for doc in docs {
        let mut r = Vec::new();
        encode_record(&mut r, doc);
        records.push(r);
    }
    let total: usize = records.iter().map(Vec::len).sum();
    let average = total / records.len().max(1);
    let per_chunk = (TARGET_CHUNK_BYTES / average.max(1)).clamp(1, MAX_PER_CHUNK);
    let chunks = records
        .chunks(per_chunk)
        .map(|group| {
            let mut data = Vec::with_capacity(4 + group.iter().map(Vec::len).sum::<usize>());
            data.extend_from_slice(&(group.len() as u32).to_le_bytes());
            for r in group {
                data.extend_from_slice(r);
            }
            data
        })
        .collect();
    (per_chunk as u32, chunks)
}

fn damaged(why: &str) -> SearchError {
    SearchError::Corrupt(format!("a document chunk is damaged ({why})"))
}

/// Reads record `index` of a document chunk.
pub(crate) fn read_record(data: &[u8], index: usize) -> Result<StoredDoc, SearchError> {
    let mut pos = 0usize;
    let u32_at = |pos: &mut usize| -> Result<usize, SearchError> {
        let b = data
            .get(*pos..*pos + 4)
            .ok_or_else(|| damaged("a length runs past the end"))?;
        *pos += 4;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let count = u32_at(&mut pos)?;
    if index >= count {
        return Err(damaged("fewer records than documents"));
    }
    let mut fields: [String; 5] = Default::default();
    for record in 0..=index {
        for field in fields.iter_mut() {
            let len = u32_at(&mut pos)?;
            let end = pos
                .checked_add(len)
                .filter(|&e| e <= data.len())
                .ok_or_else(|| damaged("a text runs past the end"))?;
            if record == index {
                *field = std::str::from_utf8(&data[pos..end])
                    .map_err(|_| damaged("a text is not UTF-8"))?
                    .to_string();
            }
            pos = end;
        }
    }
    let [url, title, kind, summary, body] = fields;
    Ok(StoredDoc {
        url,
        title,
        kind,
        summary,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(i: usize, body: usize) -> StoredDoc {
        StoredDoc {
            url: format!("/a/{i}/"),
            title: format!("Titel {i}"),
            kind: "artikel".into(),
            summary: "Sammanfattning".into(),
            body: "å".repeat(body),
        }
    }

    #[test]
    fn records_come_back_from_their_chunk() {
        let docs: Vec<StoredDoc> = (0..10).map(|i| doc(i, 1000)).collect();
        let (per_chunk, chunks) = encode_chunks(&docs);
        assert!(per_chunk > 1, "small documents share chunks");
        for (i, d) in docs.iter().enumerate() {
            let chunk = &chunks[i / per_chunk as usize];
            assert_eq!(
                &read_record(chunk, i % per_chunk as usize).expect("reads"),
                d
            );
        }
    }

    #[test]
    fn large_documents_get_a_chunk_each() {
        let docs: Vec<StoredDoc> = (0..3).map(|i| doc(i, 9000)).collect();
        let (per_chunk, chunks) = encode_chunks(&docs);
        assert_eq!((per_chunk, chunks.len()), (1, 3));
    }

    #[test]
    fn a_damaged_chunk_is_an_error_not_a_panic() {
        let (_, chunks) = encode_chunks(&[doc(0, 10), doc(1, 10)]);
        let chunk = &chunks[0];
        for cut in 0..chunk.len() {
            let _ = read_record(&chunk[..cut], 1);
        }
        assert!(read_record(chunk, 5).is_err());
        assert!(read_record(&[], 0).is_err());
    }
}
