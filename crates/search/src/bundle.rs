//! The index on disk: a small **head** file plus numbered **chunk** files, so that a
//! browser downloads only the parts of the index a query reads (see `docs/search-index.md`).
//!
//! ```text
//! head   "KNSIDX\0\x02"  u32 index_id  u32 chunk_bytes  u32 chunk_count
//!        u32 doc_count  u32 docs_per_chunk  u32 docs_first_chunk
//!        u32 file_count   { u16 name_len  name  u64 len  u32 first_chunk }*
//!        u32 extent_count { u16 file  u64 offset  u32 len  bytes }*
//!        u32 crc32(everything before)
//! chunk  data  u32 crc32(index_id ‖ chunk number ‖ data)
//! ```
//! All integers little-endian. Tantivy's files are cut into chunks of `chunk_bytes`
//! (`first_chunk` numbers the first; `u32::MAX` when the head holds the whole file). The
//! **extents** are the byte ranges that opening the index reads (meta.json, footers,
//! term-dictionary indexes, facet dictionaries), recorded at build time and kept in the
//! head. Documents for results live in chunks of `docs_per_chunk` records each
//! (see [`crate::docstore`]). A chunk's checksum covers its number and the index it
//! belongs to, so a truncated, damaged, misplaced or stale chunk is an error, not garbage.

use tantivy::directory::OwnedBytes;

use crate::SearchError;

/// File name of the head inside an output directory; the chunks go in the folder named
/// like the head without its extension (see [`chunk_dir_name`]).
pub const HEAD_FILE_NAME: &str = "index.knsi";
/// First bytes of every head (format version in the last byte).
pub const HEAD_MAGIC: &[u8; 8] = b"KNSIDX\0\x02";
/// Size of the chunks tantivy's files are cut into.
pub const CHUNK_BYTES: usize = 8 * 1024;
/// No chunk: the head holds the whole file.
pub const NO_CHUNK: u32 = u32::MAX;

/// The folder holding the chunks of the head file `head_name` (`index.ab12.knsi` →
/// `index.ab12`).
pub fn chunk_dir_name(head_name: &str) -> &str {
    head_name.strip_suffix(".knsi").unwrap_or(head_name)
}

/// The file name of chunk `n` inside the chunk folder.
pub fn chunk_file_name(n: u32) -> String {
    format!("{n}.knc")
}

/// A written index: the head and every chunk, chunk `n` at `chunks[n]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IndexParts {
    pub head: Vec<u8>,
    pub chunks: Vec<Vec<u8>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FileEntry {
    pub name: String,
    pub len: u64,
    /// Number of the file's first chunk, or [`NO_CHUNK`].
    pub first_chunk: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct Extent {
    pub file: usize,
    pub offset: u64,
    pub bytes: OwnedBytes,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DocsLayout {
    pub count: u32,
    pub per_chunk: u32,
    pub first_chunk: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct Head {
    pub index_id: u32,
    pub chunk_bytes: u32,
    pub chunk_count: u32,
    pub docs: DocsLayout,
    pub files: Vec<FileEntry>,
    pub extents: Vec<Extent>,
}

fn put_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

#[cfg_attr(not(feature = "writer"), allow(dead_code))]
pub(crate) fn encode_head(head: &Head) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(HEAD_MAGIC);
    for v in [
        head.index_id,
        head.chunk_bytes,
        head.chunk_count,
        head.docs.count,
        head.docs.per_chunk,
        head.docs.first_chunk,
        head.files.len() as u32,
    ] {
        put_u32(&mut out, v);
    }
    for f in &head.files {
        put_u16(&mut out, f.name.len() as u16);
        out.extend_from_slice(f.name.as_bytes());
        put_u64(&mut out, f.len);
        put_u32(&mut out, f.first_chunk);
    }
    put_u32(&mut out, head.extents.len() as u32);
    for e in &head.extents {
        put_u16(&mut out, e.file as u16);
        put_u64(&mut out, e.offset);
        put_u32(&mut out, e.bytes.len() as u32);
        out.extend_from_slice(e.bytes.as_slice());
    }
    let crc = crc32fast::hash(&out);
    put_u32(&mut out, crc);
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SearchError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| SearchError::Corrupt("the head's tables run past its end".into()))?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }
    fn u16(&mut self) -> Result<u16, SearchError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, SearchError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64, SearchError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

fn corrupt(why: &str) -> SearchError {
    SearchError::Corrupt(why.to_string())
}

/// Reads a head, checking its magic, checksum and tables.
pub(crate) fn decode_head(bytes: OwnedBytes) -> Result<Head, SearchError> {
    let all = bytes.as_slice();
    if all.len() < HEAD_MAGIC.len() + 4 {
        return Err(SearchError::Corrupt(format!(
            "{} bytes is too short for an index",
            all.len()
        )));
    }
    if &all[..8] != HEAD_MAGIC {
        return Err(corrupt(
            "it does not start like a kunskapsnav index head (wrong file or format version)",
        ));
    }
    let body_len = all.len() - 4;
    let stored = u32::from_le_bytes([
        all[body_len],
        all[body_len + 1],
        all[body_len + 2],
        all[body_len + 3],
    ]);
    if crc32fast::hash(&all[..body_len]) != stored {
        return Err(corrupt(
            "checksum mismatch: the file is truncated or altered",
        ));
    }
    let mut r = Reader {
        bytes: &all[..body_len],
        pos: 8,
    };
    let index_id = r.u32()?;
    let chunk_bytes = r.u32()?;
    let chunk_count = r.u32()?;
    let docs = DocsLayout {
        count: r.u32()?,
        per_chunk: r.u32()?,
        first_chunk: r.u32()?,
    };
    if chunk_bytes == 0 || (docs.count > 0 && docs.per_chunk == 0) {
        return Err(corrupt("a chunk size of zero"));
    }
    let file_count = r.u32()? as usize;
    if file_count > 1000 {
        return Err(SearchError::Corrupt(format!(
            "{file_count} files is implausible"
        )));
    }
    let mut files = Vec::with_capacity(file_count);
    for _ in 0..file_count {
        let name_len = r.u16()? as usize;
        let name = std::str::from_utf8(r.take(name_len)?)
            .map_err(|_| corrupt("a file name is not UTF-8"))?
            .to_string();
        let len = r.u64()?;
        let first_chunk = r.u32()?;
        if first_chunk != NO_CHUNK {
            let n = len.div_ceil(u64::from(chunk_bytes));
            if u64::from(first_chunk) + n > u64::from(chunk_count) {
                return Err(corrupt("a file's chunks run past the chunk count"));
            }
        }
        files.push(FileEntry {
            name,
            len,
            first_chunk,
        });
    }
    let extent_count = r.u32()? as usize;
    let mut extents = Vec::with_capacity(extent_count.min(4096));
    for _ in 0..extent_count {
        let file = r.u16()? as usize;
        let offset = r.u64()?;
        let len = r.u32()? as usize;
        let start = r.pos;
        r.take(len)?;
        let fits = files.get(file).is_some_and(|f| {
            offset
                .checked_add(len as u64)
                .is_some_and(|end| end <= f.len)
        });
        if !fits {
            return Err(corrupt("an extent lies outside its file"));
        }
        extents.push(Extent {
            file,
            offset,
            bytes: bytes.slice(start..start + len),
        });
    }
    if r.pos != body_len {
        return Err(corrupt("trailing bytes after the extents"));
    }
    if docs.count > 0 {
        let doc_chunks = docs.count.div_ceil(docs.per_chunk);
        if u64::from(docs.first_chunk) + u64::from(doc_chunks) > u64::from(chunk_count) {
            return Err(corrupt("the document chunks run past the chunk count"));
        }
    }
    Ok(Head {
        index_id,
        chunk_bytes,
        chunk_count,
        docs,
        files,
        extents,
    })
}

fn chunk_crc(index_id: u32, n: u32, data: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(&index_id.to_le_bytes());
    h.update(&n.to_le_bytes());
    h.update(data);
    h.finalize()
}

/// Appends chunk `n`'s checksum to its data.
#[cfg_attr(not(feature = "writer"), allow(dead_code))]
pub(crate) fn seal_chunk(index_id: u32, n: u32, mut data: Vec<u8>) -> Vec<u8> {
    let crc = chunk_crc(index_id, n, &data);
    data.extend_from_slice(&crc.to_le_bytes());
    data
}

/// Checks chunk `n` of index `index_id` and returns its data.
pub(crate) fn open_chunk(
    index_id: u32,
    n: u32,
    mut bytes: Vec<u8>,
) -> Result<OwnedBytes, SearchError> {
    if bytes.len() < 4 {
        return Err(SearchError::Corrupt(format!(
            "chunk {n} is truncated ({} bytes)",
            bytes.len()
        )));
    }
    let body = bytes.len() - 4;
    let stored = u32::from_le_bytes([
        bytes[body],
        bytes[body + 1],
        bytes[body + 2],
        bytes[body + 3],
    ]);
    if chunk_crc(index_id, n, &bytes[..body]) != stored {
        return Err(SearchError::Corrupt(format!(
            "chunk {n} fails its checksum (truncated, altered, or from another build)"
        )));
    }
    bytes.truncate(body);
    Ok(OwnedBytes::new(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head() -> Head {
        Head {
            index_id: 7,
            chunk_bytes: 4,
            chunk_count: 3,
            docs: DocsLayout {
                count: 2,
                per_chunk: 2,
                first_chunk: 2,
            },
            files: vec![
                FileEntry {
                    name: "meta.json".into(),
                    len: 2,
                    first_chunk: NO_CHUNK,
                },
                FileEntry {
                    name: "a.idx".into(),
                    len: 6,
                    first_chunk: 0,
                },
            ],
            extents: vec![
                Extent {
                    file: 0,
                    offset: 0,
                    bytes: OwnedBytes::new(b"{}".to_vec()),
                },
                Extent {
                    file: 1,
                    offset: 4,
                    bytes: OwnedBytes::new(vec![5, 6]),
                },
            ],
        }
    }

    #[test]
    fn a_head_decodes_to_what_was_encoded() {
        let bytes = encode_head(&head());
        let back = decode_head(OwnedBytes::new(bytes.clone())).expect("valid head");
        assert_eq!(back.files, head().files);
        assert_eq!(back.docs, head().docs);
        assert_eq!(back.extents.len(), 2);
        assert_eq!(back.extents[1].bytes.as_slice(), &[5, 6]);
        assert_eq!(encode_head(&back), bytes);
    }

    #[test]
    fn a_flipped_byte_truncation_or_foreign_file_is_damage() {
        let bytes = encode_head(&head());
        let mut flipped = bytes.clone();
        flipped[20] ^= 0xff;
        for bad in [
            flipped,
            bytes[..bytes.len() - 1].to_vec(),
            bytes[..5].to_vec(),
            b"<html>not an index</html>".to_vec(),
        ] {
            assert!(matches!(
                decode_head(OwnedBytes::new(bad)),
                Err(SearchError::Corrupt(_))
            ));
        }
    }

    #[test]
    fn a_chunk_checks_its_number_its_index_and_its_bytes() {
        let sealed = seal_chunk(7, 1, vec![1, 2, 3]);
        assert_eq!(
            open_chunk(7, 1, sealed.clone()).expect("valid").as_slice(),
            &[1, 2, 3]
        );
        assert!(open_chunk(7, 2, sealed.clone()).is_err(), "misplaced");
        assert!(open_chunk(8, 1, sealed.clone()).is_err(), "stale build");
        let mut damaged = sealed.clone();
        damaged[0] ^= 1;
        assert!(open_chunk(7, 1, damaged).is_err());
        assert!(open_chunk(7, 1, sealed[..2].to_vec()).is_err());
    }
}
