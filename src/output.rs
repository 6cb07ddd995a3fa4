//! Emitting a build atomically. Every file is written into a staging folder beside the
//! output; only when all of it is on disk is the staging folder swapped into place (an
//! atomic `renameat2(RENAME_EXCHANGE)` on Linux). A failed or killed build therefore never
//! leaves a half-written site where the last good one was.

use crate::diagnostics::Diagnostic;
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Marks a folder as kunskapsnav's own, so that it may be replaced without `--force`.
pub const MARKER: &str = ".kunskapsnav-output";

fn io_diag(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("output/io", path, format!("{what}: {e}"))
        .with_help("check that the output folder's parent exists and is writable, and that the disk is not full")
}

/// Refuse output locations that would destroy something that is not ours.
pub fn check_destination(out: &Path, force: bool) -> Result<(), Diagnostic> {
    match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_diag(out, "cannot inspect the output folder", &e)),
        Ok(m) if !m.is_dir() => Err(Diagnostic::error(
            "output/not-a-folder",
            out,
            "the output path exists and is not a folder",
        )
        .with_help("choose another --out, or move the file out of the way")),
        Ok(_) => {
            if out.join(MARKER).is_file() || force {
                return Ok(());
            }
            let empty = std::fs::read_dir(out)
                .map(|mut rd| rd.next().is_none())
                .unwrap_or(false);
            if empty {
                Ok(())
            } else {
                Err(Diagnostic::error(
                    "output/not-ours",
                    out,
                    "the output folder is not empty and was not made by kunskapsnav",
                )
                .with_help(
                    "choose an empty or new --out folder, or pass --force to replace it anyway",
                ))
            }
        }
    }
}

/// Write `files` as the new content of `out`, atomically.
pub fn publish(out: &Path, files: &[OutputFile], force: bool) -> Result<(), Diagnostic> {
    let emitter = Emitter::to_staging(out, force)?;
    files
        .par_iter()
        .try_for_each(|f| emitter.write(&f.path, &f.bytes))?;
    emitter.commit().map(|_| ())
}

/// Where a build's files go as they are made: a staging folder beside the output,
/// swapped into place by [`Emitter::commit`], or nowhere (`check`). Streaming the files
/// out keeps a build's memory independent of the size of its output; every path is
/// claimed once (case-insensitively, for case-folding file systems). Dropping an
/// emitter that was not committed removes its staging folder: the last good output is
/// never touched by a build that fails.
pub struct Emitter {
    target: Option<Target>,
    claimed: Mutex<HashSet<String>>,
    folders: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    bytes: AtomicU64,
}

struct Target {
    out: PathBuf,
    staging: PathBuf,
    committed: bool,
}

/// What an emitter wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Emitted {
    pub files: usize,
    pub bytes: u64,
}

impl Emitter {
    /// Files are written into a fresh staging folder beside `out`.
    pub fn to_staging(out: &Path, force: bool) -> Result<Emitter, Diagnostic> {
        check_destination(out, force)?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|e| io_diag(&parent, "cannot create the output's parent folder", &e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_stale_staging(&parent, &name);
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        std::fs::create_dir_all(&staging)
            .map_err(|e| io_diag(&staging, "cannot create the staging folder", &e))?;
        let mut emitter = Emitter::nowhere();
        emitter.target = Some(Target {
            out: out.to_path_buf(),
            staging,
            committed: false,
        });
        Ok(emitter)
    }

    /// Files are counted and their paths claimed, but not written (`check`).
    pub fn nowhere() -> Emitter {
        Emitter {
            target: None,
            claimed: Mutex::new(HashSet::new()),
            folders: Mutex::new(HashSet::new()),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    /// Emit one file at `path` (relative to the output, `/`-separated). Safe to call
    /// from many threads at once.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let fresh = lock(&self.claimed).insert(path.to_lowercase());
        if !fresh {
            return Err(Diagnostic::error(
                "output/duplicate",
                path,
                format!("two outputs would be written to {path}"),
            )
            .with_help("a content file or folder uses a name the generator needs (e.g. taggar/, sitemap.xml), or two names differ only in case; rename one"));
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        let Some(target) = &self.target else {
            return Ok(());
        };
        let file = target.staging.join(path);
        if let Some(folder) = file.parent() {
            if !lock(&self.folders).contains(folder) {
                std::fs::create_dir_all(folder)
                    .map_err(|e| io_diag(folder, "cannot create a folder", &e))?;
                lock(&self.folders).insert(folder.to_path_buf());
            }
        }
        std::fs::write(&file, bytes).map_err(|e| io_diag(&file, "cannot write", &e))
    }

    /// What has been emitted so far.
    pub fn emitted(&self) -> Emitted {
        Emitted {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        }
    }

    /// Put the staged site in place of the output (atomically where the system can).
    pub fn commit(mut self) -> Result<Emitted, Diagnostic> {
        let emitted = self.emitted();
        let Some(target) = &mut self.target else {
            return Ok(emitted);
        };
        let marker = target.staging.join(MARKER);
        std::fs::write(
            &marker,
            "This folder is generated by kunskapsnav and replaced on every build.\n",
        )
        .map_err(|e| io_diag(&marker, "cannot write", &e))?;
        swap_into_place(&target.staging, &target.out)?;
        target.committed = true;
        Ok(emitted)
    }
}

impl Drop for Emitter {
    fn drop(&mut self) {
        if let Some(target) = &self.target {
            if !target.committed {
                let _ = std::fs::remove_dir_all(&target.staging);
            }
        }
    }
}

/// A poisoned lock only means another thread panicked mid-insert; the set is still usable.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn swap_into_place(staging: &Path, out: &Path) -> Result<(), Diagnostic> {
    if std::fs::symlink_metadata(out).is_err() {
        return std::fs::rename(staging, out)
            .map_err(|e| io_diag(out, "cannot move the new site into place", &e));
    }
    if exchange(staging, out).is_ok() {
        // `staging` now holds the previous site.
        let _ = std::fs::remove_dir_all(staging);
        return Ok(());
    }
    // No atomic exchange on this system: two renames, with the old site kept until the
    // new one is in place.
    let old = out.with_file_name(format!(
        ".{}.old-{}",
        out.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    std::fs::rename(out, &old)
        .map_err(|e| io_diag(out, "cannot move the previous site aside", &e))?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&old, out);
        return Err(io_diag(out, "cannot move the new site into place", &e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both pointers are valid NUL-terminated strings for the duration of the call;
    // renameat2 only reads them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other("no atomic exchange on this platform"))
}

/// Staging folders left by builds that were killed; only ours (by name) are removed.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix_staging = format!(".{name}.staging-");
    let prefix_old = format!(".{name}.old-");
    let Ok(rd) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in rd.filter_map(Result::ok) {
        let n = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = n
            .strip_prefix(&prefix_staging)
            .or_else(|| n.strip_prefix(&prefix_old))
        else {
            continue;
        };
        // A concurrent build of the same site owns its own folder: leave live ones alone.
        if pid.parse::<u32>().is_ok_and(process_alive) {
            continue;
        }
        let _ = std::fs::remove_dir_all(entry.path());
    }
}

fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}
