//! Writing and removing the served site's files, and the URLs a change touched.

use crate::diagnostics::Diagnostic;
use crate::link;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

pub(super) fn changed_urls(
    base_path: &str,
    files: &[OutputFile],
    gone: &BTreeSet<String>,
) -> Vec<String> {
    let mut urls = Vec::new();
    for path in files.iter().map(|f| &f.path).chain(gone) {
        if let Some(dir) = path.strip_suffix("index.html") {
            urls.push(link::join_url(base_path, dir));
        } else if path.ends_with(".css") || path.ends_with(".js") {
            return vec!["*".into()];
        }
    }
    if urls.len() > 500 {
        return vec!["*".into()];
    }
    urls
}

fn io_error(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("output/io", path, format!("{what}: {e}"))
        .with_help("check that the preview's output folder is writable and the disk not full")
}

/// Write each file atomically (a temporary name, then a rename), so a page being served
/// is either the old or the new one, never half of each.
pub fn write_files(out: &Path, files: &[OutputFile]) -> Result<(), Diagnostic> {
    files.par_iter().try_for_each(|f| {
        let path = out.join(&f.path);
        let parent = path.parent().unwrap_or(out);
        std::fs::create_dir_all(parent)
            .map_err(|e| io_error(parent, "cannot create a folder", &e))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = parent.join(format!(".{name}.kunskapsnav-tmp"));
        std::fs::write(&tmp, &f.bytes).map_err(|e| io_error(&tmp, "cannot write", &e))?;
        std::fs::rename(&tmp, &path).map_err(|e| io_error(&path, "cannot replace", &e))
    })
}

pub(super) fn remove_files(out: &Path, paths: &BTreeSet<String>) -> Result<(), Diagnostic> {
    for p in paths {
        let path = out.join(p);
        match std::fs::remove_file(&path) {
            Ok(()) => {
                // Leave no empty folders behind (they would still answer with 404 anyway).
                if let Some(parent) = path.parent() {
                    let _ = std::fs::remove_dir(parent);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&path, "cannot remove", &e)),
        }
    }
    Ok(())
}
