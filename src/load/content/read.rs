//! Finding and reading content files safely: UTF-8 checked with the exact position of a
//! bad byte, BOM and CRLF normalised, symlinks that leave the site refused.

use crate::diagnostics::{relative_to, Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};

use super::ContentAsset;

/// Largest text file read (content, data, templates). The biggest page of the bundled hub
/// is 8 KB; a file of many megabytes is a mistake (a dump, a pasted export) and would make
/// a page no one can load: a 50 MB article took a minute and a gigabyte to build.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

const MB: u64 = 1024 * 1024;

/// Read a text file: reject invalid UTF-8 at its line and column, strip a BOM, fold CRLF.
pub fn read_text_file(abs: &Path, rel: &Path) -> Result<String, Box<Diagnostic>> {
    use std::io::Read;
    // Before opening: opening a FIFO blocks until something writes to it, and a device
    // may never end.
    let meta = std::fs::metadata(abs).map_err(|e| io_error(rel, &e))?;
    if !meta.is_file() {
        return Err(Box::new(
            Diagnostic::error("file/unreadable", rel, "this is not a regular file")
                .with_help("content, data, templates and the configuration are plain files; replace this entry with one"),
        ));
    }
    let file = std::fs::File::open(abs).map_err(|e| io_error(rel, &e))?;
    // Read at most one byte past the limit: the file may grow after `metadata`.
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_FILE_BYTES + 1) as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(rel, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Box::new(
            Diagnostic::error(
                "file/too-large",
                rel,
                format!(
                    "the file is {} MB, more than the {} MB a text file may be",
                    meta.len().max(bytes.len() as u64).div_ceil(MB),
                    MAX_FILE_BYTES / MB
                ),
            )
            .with_help("split it into several pages, or keep large files out of content/"),
        ));
    }
    decode_text(bytes, rel)
}

/// The bytes of a text file as [`read_text_file`] returns them: UTF-8 checked (a bad byte
/// is an error at its line and column), BOM stripped, CRLF and CR folded to LF.
pub fn decode_text(bytes: Vec<u8>, rel: &Path) -> Result<String, Box<Diagnostic>> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = &bytes[..e.utf8_error().valid_up_to()];
            // The prefix is valid by definition, so this lossless conversion cannot fail.
            let prefix = String::from_utf8_lossy(valid);
            let line = prefix.matches('\n').count() + 1;
            let col = prefix
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count())
                .unwrap_or(0)
                + 1;
            return Err(Box::new(
                Diagnostic::error(
                    "file/invalid-utf8",
                    rel,
                    format!(
                        "the file is not valid UTF-8 (bad byte 0x{:02x})",
                        bytes[valid.len()]
                    ),
                )
                .at(line, col)
                .with_help(
                    "save the file as UTF-8 in your editor (it may be Latin-1 / Windows-1252)",
                ),
            ));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    })
}

fn io_error(rel: &Path, e: &std::io::Error) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::error("file/unreadable", rel, format!("cannot read the file: {e}"))
            .with_help("check that the file exists and that you may read it"),
    )
}

/// Every `.md` file (absolute path, content-relative path) and every other file under
/// `content_root`, sorted so the build order never depends on the file system.
pub(super) fn discover(
    root: &Path,
    content_root: &Path,
    diags: &mut Diagnostics,
) -> (Vec<(PathBuf, String)>, Vec<ContentAsset>) {
    let mut md = Vec::new();
    let mut assets = Vec::new();
    if !content_root.is_dir() {
        diags.push(
            Diagnostic::error(
                "content/missing",
                CONTENT_DIR_NAME,
                "there is no content/ folder",
            )
            .with_help("create content/_index.md for the home page"),
        );
        return (md, assets);
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = walkdir::WalkDir::new(content_root)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| relative_to(root, p)).unwrap_or_default();
                diags.push(
                    Diagnostic::error("file/unreadable", path, format!("cannot read: {e}"))
                        .with_help("check the folder's permissions"),
                );
                continue;
            }
        };
        let abs = entry.path();
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || name.ends_with('~') {
            continue; // editor swap files, .DS_Store, .gitkeep
        }
        let rel = relative_to(root, abs);
        let mut is_file = entry.file_type().is_file();
        if entry.path_is_symlink() {
            match abs.canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) => {
                    if target.is_dir() {
                        diags.push(
                            Diagnostic::warning(
                                "file/symlink-dir",
                                rel,
                                "symlinked folders are not followed",
                            )
                            .with_help("move the folder into content/ instead of linking it"),
                        );
                        continue;
                    }
                    is_file = target.is_file();
                }
                Ok(_) => {
                    diags.push(
                        Diagnostic::error("file/symlink-outside", rel, "this symlink points outside the site folder")
                            .with_help("copy the file into the site instead; links out of the site are refused so a build never publishes files from elsewhere"),
                    );
                    continue;
                }
                Err(e) => {
                    diags.push(
                        Diagnostic::error(
                            "file/symlink-broken",
                            rel,
                            format!("this symlink cannot be followed: {e}"),
                        )
                        .with_help("remove the link or point it at a file inside the site"),
                    );
                    continue;
                }
            }
        }
        if !is_file {
            continue;
        }
        let content_path = match abs.strip_prefix(content_root) {
            Ok(p) => p
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => continue,
        };
        if content_path.ends_with(".md") {
            md.push((abs.to_path_buf(), content_path));
        } else {
            assets.push(ContentAsset {
                source: abs.to_path_buf(),
                content_path,
            });
        }
    }
    (md, assets)
}

const CONTENT_DIR_NAME: &str = "content";
