//! A read-only tantivy `Directory` over the head and chunks of an index (see
//! [`crate::bundle`]). A read is answered from the head's extents or from chunks. A chunk
//! not yet in memory is fetched by the [`Fetch`] function if there is one (natively: read
//! from disk), or else noted as missing and the read fails; the search then reports the
//! missing chunks ([`crate::Pending`]) so that the browser can download them all at once
//! and ask again. At build time the same directory records every range opening reads,
//! which become the head's extents.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use tantivy::directory::error::LockError;
use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::HasLen;

use crate::bundle::{open_chunk, Head, NO_CHUNK};
use crate::SearchError;

/// Fetches the raw bytes of chunk `n` (checksum included) synchronously.
pub type Fetch = Box<dyn Fn(u32) -> Result<Vec<u8>, SearchError> + Send + Sync>;

/// Byte ranges read, by file index (build time).
type Recorded = Vec<(usize, Range<u64>)>;

/// The message of the I/O error a read fails with while its chunk is missing.
pub(crate) const NOT_LOADED: &str = "kunskapsnav: index chunk not loaded yet";

pub(crate) struct Store {
    pub head: Head,
    /// Extents of each file, sorted by offset.
    extents: Vec<Vec<(u64, OwnedBytes)>>,
    by_name: HashMap<PathBuf, usize>,
    chunks: RwLock<HashMap<u32, OwnedBytes>>,
    missing: Mutex<BTreeSet<u32>>,
    failure: Mutex<Option<String>>,
    fetch: Option<Fetch>,
    /// Build time: every `(file, range)` read.
    record: Option<Mutex<Recorded>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("files", &self.head.files.len())
            .finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Store {
    pub fn new(head: Head, fetch: Option<Fetch>, record: bool) -> Self {
        let mut extents: Vec<Vec<(u64, OwnedBytes)>> = vec![Vec::new(); head.files.len()];
        for e in &head.extents {
            if let Some(list) = extents.get_mut(e.file) {
                list.push((e.offset, e.bytes.clone()));
            }
        }
        for list in &mut extents {
            list.sort_by_key(|(offset, _)| *offset);
        }
        let by_name = head
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (PathBuf::from(&f.name), i))
            .collect();
        Store {
            head,
            extents,
            by_name,
            chunks: RwLock::new(HashMap::new()),
            missing: Mutex::new(BTreeSet::new()),
            failure: Mutex::new(None),
            fetch,
            record: record.then(|| Mutex::new(Vec::new())),
        }
    }

    pub fn file_index(&self, path: &Path) -> Option<usize> {
        self.by_name.get(path).copied()
    }

    /// Adds chunk `n` (raw bytes, checksum included) after checking it.
    pub fn add_chunk(&self, n: u32, raw: Vec<u8>) -> Result<(), SearchError> {
        if n >= self.head.chunk_count {
            return Err(SearchError::Corrupt(format!(
                "chunk {n} does not exist (the index has {})",
                self.head.chunk_count
            )));
        }
        let data = open_chunk(self.head.index_id, n, raw)?;
        self.chunks
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(n, data);
        Ok(())
    }

    pub fn loaded_chunks(&self) -> usize {
        self.chunks.read().map(|c| c.len()).unwrap_or(0)
    }

    /// Chunk `n`, fetched if a fetcher is set; `None` (and `n` noted) when missing.
    pub fn chunk(&self, n: u32) -> Option<OwnedBytes> {
        if let Some(c) = self
            .chunks
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&n)
        {
            return Some(c.clone());
        }
        if let Some(fetch) = &self.fetch {
            match fetch(n).and_then(|raw| self.add_chunk(n, raw)) {
                Ok(()) => return self.chunks.read().ok().and_then(|c| c.get(&n).cloned()),
                Err(e) => {
                    lock(&self.failure).get_or_insert_with(|| e.to_string());
                }
            }
        }
        lock(&self.missing).insert(n);
        None
    }

    /// The chunks reads asked for and did not find, since the last call.
    pub fn take_missing(&self) -> Vec<u32> {
        std::mem::take(&mut *lock(&self.missing))
            .into_iter()
            .collect()
    }

    /// The first error a fetch gave, since the last call.
    pub fn take_failure(&self) -> Option<String> {
        lock(&self.failure).take()
    }

    /// The ranges read so far (build time).
    #[cfg_attr(not(feature = "writer"), allow(dead_code))]
    pub fn recorded(&self) -> Recorded {
        self.record
            .as_ref()
            .map(|r| lock(r).clone())
            .unwrap_or_default()
    }

    fn read(&self, file: usize, range: Range<usize>) -> io::Result<OwnedBytes> {
        let entry = self
            .head
            .files
            .get(file)
            .ok_or_else(|| io::Error::other("no such index file"))?;
        let (start, end) = (range.start as u64, range.end as u64);
        if start > end || end > entry.len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "read {start}..{end} past the end of {} ({} bytes)",
                    entry.name, entry.len
                ),
            ));
        }
        if let Some(r) = &self.record {
            lock(r).push((file, start..end));
        }
        if start == end {
            return Ok(OwnedBytes::empty());
        }
        for (offset, bytes) in &self.extents[file] {
            if *offset <= start && end <= offset + bytes.len() as u64 {
                return Ok(bytes.slice((start - offset) as usize..(end - offset) as usize));
            }
        }
        if entry.first_chunk == NO_CHUNK {
            return Err(io::Error::other(format!(
                "{} {start}..{end} is neither in the head nor in a chunk",
                entry.name
            )));
        }
        let size = u64::from(self.head.chunk_bytes);
        let (first, last) = (start / size, (end - 1) / size);
        let mut parts = Vec::with_capacity((last - first + 1) as usize);
        let mut complete = true;
        for c in first..=last {
            match self.chunk(entry.first_chunk + c as u32) {
                Some(bytes) => parts.push((c * size, bytes)),
                None => complete = false,
            }
        }
        if !complete {
            return Err(io::Error::other(NOT_LOADED));
        }
        let slice = |(at, bytes): &(u64, OwnedBytes), from: u64, to: u64| {
            let lo = from.max(*at) - at;
            let hi = (to.min(at + bytes.len() as u64)).saturating_sub(*at);
            if lo > hi || hi > bytes.len() as u64 {
                return Err(io::Error::other(format!(
                    "{} has a short chunk",
                    entry.name
                )));
            }
            Ok(bytes.slice(lo as usize..hi as usize))
        };
        if let [only] = parts.as_slice() {
            let out = slice(only, start, end)?;
            if out.len() as u64 != end - start {
                return Err(io::Error::other(format!(
                    "{} has a short chunk",
                    entry.name
                )));
            }
            return Ok(out);
        }
        let mut out = Vec::with_capacity((end - start) as usize);
        for part in &parts {
            out.extend_from_slice(slice(part, start, end)?.as_slice());
        }
        if out.len() as u64 != end - start {
            return Err(io::Error::other(format!(
                "{} has a short chunk",
                entry.name
            )));
        }
        Ok(OwnedBytes::new(out))
    }
}

#[derive(Clone, Debug)]
pub(crate) struct ChunkedDirectory {
    store: Arc<Store>,
}

impl ChunkedDirectory {
    pub fn new(store: Arc<Store>) -> Self {
        ChunkedDirectory { store }
    }
}

#[derive(Debug)]
struct ChunkedFile {
    store: Arc<Store>,
    file: usize,
    len: usize,
}

impl HasLen for ChunkedFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for ChunkedFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        self.store.read(self.file, range)
    }
}

fn read_only(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!("the search index is read-only ({})", path.display()),
    )
}

impl Directory for ChunkedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let file = self
            .store
            .file_index(path)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        let len = usize::try_from(self.store.head.files[file].len).map_err(|_| {
            OpenReadError::IoError {
                io_error: Arc::new(io::Error::other("file too large")),
                filepath: path.to_path_buf(),
            }
        })?;
        Ok(Arc::new(ChunkedFile {
            store: self.store.clone(),
            file,
            len,
        }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.store.file_index(path).is_some())
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(read_only(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let handle = self.get_file_handle(path)?;
        handle
            .read_bytes(0..handle.len())
            .map(|b| b.as_slice().to_vec())
            .map_err(|e| OpenReadError::IoError {
                io_error: Arc::new(e),
                filepath: path.to_path_buf(),
            })
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only(path))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing ever writes, so readers need no lock file.
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::{seal_chunk, DocsLayout, Extent, FileEntry};

    /// One 10-byte file in chunks of 4, bytes 8..10 also in the head.
    fn store(fetch: Option<Fetch>) -> Store {
        let head = Head {
            index_id: 1,
            chunk_bytes: 4,
            chunk_count: 3,
            docs: DocsLayout::default(),
            files: vec![FileEntry {
                name: "f".into(),
                len: 10,
                first_chunk: 0,
            }],
            extents: vec![Extent {
                file: 0,
                offset: 8,
                bytes: OwnedBytes::new(vec![8, 9]),
            }],
        };
        Store::new(head, fetch, false)
    }

    fn raw(n: u32) -> Vec<u8> {
        let data: Vec<u8> = (n as u8 * 4..(n as u8 * 4 + 4).min(10)).collect();
        seal_chunk(1, n, data)
    }

    #[test]
    fn reads_come_from_the_head_or_report_their_missing_chunks() {
        let s = store(None);
        assert_eq!(s.read(0, 8..10).expect("in the head").as_slice(), &[8, 9]);
        let err = s.read(0, 2..7).expect_err("not loaded");
        assert_eq!(err.to_string(), NOT_LOADED);
        assert_eq!(s.take_missing(), [0, 1]);
        s.add_chunk(0, raw(0)).expect("valid");
        s.add_chunk(1, raw(1)).expect("valid");
        assert_eq!(
            s.read(0, 2..7).expect("loaded").as_slice(),
            &[2, 3, 4, 5, 6]
        );
        assert_eq!(s.read(0, 4..6).expect("one chunk").as_slice(), &[4, 5]);
        assert!(s.take_missing().is_empty());
    }

    #[test]
    fn a_fetcher_loads_chunks_on_demand_and_its_errors_are_kept() {
        let s = store(Some(Box::new(|n| Ok(raw(n)))));
        assert_eq!(
            s.read(0, 0..10).expect("fetched").as_slice(),
            &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        );
        let s = store(Some(Box::new(|n| {
            Err(SearchError::Missing(format!("{n}.knc")))
        })));
        assert!(s.read(0, 0..2).is_err());
        assert!(s.take_failure().is_some_and(|f| f.contains("0.knc")));
    }

    #[test]
    fn bad_ranges_and_bad_chunks_are_errors() {
        let s = store(None);
        assert!(s.read(0, 5..11).is_err());
        assert!(s.read(1, 0..1).is_err());
        assert!(s.add_chunk(9, raw(0)).is_err(), "no such chunk");
        assert!(s.add_chunk(1, raw(0)).is_err(), "misplaced");
        assert!(s.read(0, 3..3).expect("empty").is_empty());
    }
}
