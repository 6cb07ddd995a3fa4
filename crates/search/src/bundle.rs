//! The index as one file: tantivy's files packed in a fixed order with a checksum.
//!
//! ```text
//! "KNSIDX\0\x01"  u32 count  { u16 name_len, name, u32 len }*count  data*  u32 crc32
//! ```
//! All integers little-endian. One file means one request from the browser; the checksum
//! turns a truncated download or a damaged file into a clear error instead of tantivy
//! reading garbage.

use tantivy::directory::OwnedBytes;

use crate::SearchError;

/// The bundle's file name inside the output directory.
pub const BUNDLE_FILE_NAME: &str = "index.knsi";

/// First bytes of every bundle (format version in the last byte).
pub const BUNDLE_MAGIC: &[u8; 8] = b"KNSIDX\0\x01";

/// Packs `(name, bytes)` files, in the given order.
#[cfg_attr(not(feature = "writer"), allow(dead_code))]
pub fn pack(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let total: usize = files.iter().map(|(n, d)| n.len() + d.len() + 6).sum();
    let mut out = Vec::with_capacity(total + 16);
    out.extend_from_slice(BUNDLE_MAGIC);
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    for (name, data) in files {
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    }
    for (_, data) in files {
        out.extend_from_slice(data);
    }
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
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
            .ok_or_else(|| SearchError::Corrupt("the file table runs past the end".into()))?;
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
}

/// Unpacks a bundle into `(name, bytes)` files sharing the bundle's buffer (no copies).
pub fn unpack(bundle: OwnedBytes) -> Result<Vec<(String, OwnedBytes)>, SearchError> {
    let bytes = bundle.as_slice();
    if bytes.len() < BUNDLE_MAGIC.len() + 8 {
        return Err(SearchError::Corrupt(format!(
            "{} bytes is too short for an index",
            bytes.len()
        )));
    }
    if &bytes[..8] != BUNDLE_MAGIC {
        return Err(SearchError::Corrupt(
            "it does not start like a kunskapsnav index (wrong file or format version)".into(),
        ));
    }
    let body_len = bytes.len() - 4;
    let stored = u32::from_le_bytes([
        bytes[body_len],
        bytes[body_len + 1],
        bytes[body_len + 2],
        bytes[body_len + 3],
    ]);
    if crc32fast::hash(&bytes[..body_len]) != stored {
        return Err(SearchError::Corrupt(
            "checksum mismatch: the file is truncated or altered".into(),
        ));
    }
    let mut r = Reader {
        bytes: &bytes[..body_len],
        pos: 8,
    };
    let count = r.u32()? as usize;
    if count > 10_000 {
        return Err(SearchError::Corrupt(format!(
            "{count} files is implausible"
        )));
    }
    let mut table = Vec::with_capacity(count);
    for _ in 0..count {
        let name_len = r.u16()? as usize;
        let name = std::str::from_utf8(r.take(name_len)?)
            .map_err(|_| SearchError::Corrupt("a file name is not UTF-8".into()))?
            .to_string();
        let len = r.u32()? as usize;
        table.push((name, len));
    }
    let mut files = Vec::with_capacity(count);
    for (name, len) in table {
        let start = r.pos;
        r.take(len)?;
        files.push((name, bundle.slice(start..start + len)));
    }
    if r.pos != body_len {
        return Err(SearchError::Corrupt(
            "trailing bytes after the last file".into(),
        ));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<(String, Vec<u8>)> {
        vec![
            ("meta.json".into(), b"{}".to_vec()),
            ("a.idx".into(), vec![1, 2, 3]),
        ]
    }

    #[test]
    fn a_packed_bundle_unpacks_to_the_same_files() {
        let packed = pack(&files());
        let unpacked = unpack(OwnedBytes::new(packed)).expect("valid bundle");
        let back: Vec<(String, Vec<u8>)> = unpacked
            .into_iter()
            .map(|(n, b)| (n, b.as_slice().to_vec()))
            .collect();
        assert_eq!(back, files());
    }

    #[test]
    fn a_flipped_byte_is_reported_as_damage() {
        let mut packed = pack(&files());
        packed[20] ^= 0xff;
        let err = unpack(OwnedBytes::new(packed)).expect_err("damaged");
        assert!(err.to_string().contains("checksum"), "{err}");
    }

    #[test]
    fn a_truncated_or_foreign_file_is_reported_as_damage() {
        let packed = pack(&files());
        for bad in [
            &packed[..5],
            &packed[..packed.len() - 1],
            b"<html>not an index</html>",
        ] {
            assert!(matches!(
                unpack(OwnedBytes::new(bad.to_vec())),
                Err(SearchError::Corrupt(_))
            ));
        }
    }
}
