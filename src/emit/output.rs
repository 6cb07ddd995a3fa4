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
/// emitter that was not committed puts its staging folder aside: the last good output is
/// never touched by a build that fails.
///
/// The previous site is not deleted after the swap but kept beside the output as its
/// *spare* (`.<name>.spare`), which the next build writes over instead of starting from an
/// empty folder, removing only the files it no longer makes. Deleting a 100 000-page site
/// file by file took as long as building it.
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
    spare: PathBuf,
    /// The staging folder is a previous site being written over: the exact paths
    /// written, so that the rest can be removed before the swap.
    reused: Option<Mutex<HashSet<String>>>,
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
        let spare = parent.join(format!(".{name}.spare"));
        remove_stale_staging(&parent, &name, &spare);
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        // Taking the spare is one rename; a concurrent build that loses the race starts
        // from an empty folder.
        let reused = is_real_folder(&spare) && std::fs::rename(&spare, &staging).is_ok();
        if !reused {
            std::fs::create_dir_all(&staging)
                .map_err(|e| io_diag(&staging, "cannot create the staging folder", &e))?;
        }
        let mut emitter = Emitter::nowhere();
        emitter.target = Some(Target {
            out: out.to_path_buf(),
            staging,
            spare,
            reused: reused.then(|| Mutex::new(HashSet::new())),
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
        let written = self
            .write_file(&file, bytes)
            .or_else(|e| match &target.reused {
                // The previous site may have a file where this one needs a folder, or the
                // other way round: clear the way and try once more.
                Some(_) => {
                    clear_way(&target.staging, path);
                    self.write_file(&file, bytes)
                }
                None => Err(e),
            });
        written?;
        if let Some(paths) = &target.reused {
            lock(paths).insert(path.to_string());
        }
        Ok(())
    }

    fn write_file(&self, file: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        if let Some(folder) = file.parent() {
            if !lock(&self.folders).contains(folder) {
                std::fs::create_dir_all(folder)
                    .map_err(|e| io_diag(folder, "cannot create a folder", &e))?;
                lock(&self.folders).insert(folder.to_path_buf());
            }
        }
        std::fs::write(file, bytes).map_err(|e| io_diag(file, "cannot write", &e))
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
        if let Some(paths) = &target.reused {
            remove_unwritten(&target.staging, &lock(paths));
        }
        let marker = target.staging.join(MARKER);
        std::fs::write(
            &marker,
            "This folder is generated by kunskapsnav and replaced on every build.\n",
        )
        .map_err(|e| io_diag(&marker, "cannot write", &e))?;
        swap_into_place(&target.staging, &target.out, &target.spare)?;
        target.committed = true;
        Ok(emitted)
    }
}

impl Drop for Emitter {
    fn drop(&mut self) {
        if let Some(target) = &self.target {
            if !target.committed {
                keep_as_spare(&target.staging, &target.spare);
            }
        }
    }
}

fn is_real_folder(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Keep `folder` (a previous site, or a failed build's files) as the next build's spare;
/// if there is one already, delete it.
fn keep_as_spare(folder: &Path, spare: &Path) {
    if is_real_folder(spare) || std::fs::rename(folder, spare).is_err() {
        let _ = std::fs::remove_dir_all(folder);
    }
}

/// In a reused folder, remove whatever stands where `path` must go: a file where one of
/// its folders goes, or a folder where the file goes.
fn clear_way(root: &Path, path: &str) {
    let mut at = root.to_path_buf();
    for part in path.split('/') {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if !m.is_dir() => {
                let _ = std::fs::remove_file(&at);
                return;
            }
            Ok(_) => {}
            Err(_) => return,
        }
    }
    let _ = std::fs::remove_dir_all(&at);
}

/// Remove from a reused folder every file this build did not write, and the folders
/// left empty.
fn remove_unwritten(root: &Path, written: &HashSet<String>) {
    for entry in walkdir::WalkDir::new(root)
        .min_depth(1)
        .contents_first(true)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if entry.file_type().is_dir() {
            let _ = std::fs::remove_dir(path); // fails, as it should, unless empty
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .map(|r| r.to_string_lossy().replace(std::path::MAIN_SEPARATOR, "/"))
            .unwrap_or_default();
        if !written.contains(&rel) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A poisoned lock only means another thread panicked mid-insert; the set is still usable.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn swap_into_place(staging: &Path, out: &Path, spare: &Path) -> Result<(), Diagnostic> {
    if std::fs::symlink_metadata(out).is_err() {
        return std::fs::rename(staging, out)
            .map_err(|e| io_diag(out, "cannot move the new site into place", &e));
    }
    if exchange(staging, out).is_ok() {
        // `staging` now holds the previous site: the next build's spare.
        keep_as_spare(staging, spare);
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
    keep_as_spare(&old, spare);
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

/// Staging folders left by builds that were killed (only ours, by name): the first
/// becomes the spare if there is none, the others are removed.
fn remove_stale_staging(parent: &Path, name: &str, spare: &Path) {
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
        keep_as_spare(&entry.path(), spare);
    }
}

fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<OutputFile> {
        list.iter()
            .map(|(p, b)| OutputFile {
                path: p.to_string(),
                bytes: b.as_bytes().to_vec(),
            })
            .collect()
    }

    /// Every file under `dir` with its text, the marker left out.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.file_name() != MARKER)
            .map(|e| {
                let rel = e.path().strip_prefix(dir).expect("inside");
                let text = std::fs::read_to_string(e.path()).expect("text");
                (rel.to_string_lossy().into_owned(), text)
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn each_build_replaces_the_site_exactly_reusing_the_previous_one_as_spare() {
        let parent = tempfile::tempdir().expect("temp dir");
        let out = parent.path().join("public");
        let spare = parent.path().join(".public.spare");
        let first = [("index.html", "1"), ("a/index.html", "a1"), ("b", "file b")];
        publish(&out, &files(&first), false).expect("first");
        assert!(!spare.exists(), "nothing to keep after the first build");
        // The second replaces a folder with a file and a file with a folder, drops one.
        let second = [("index.html", "2"), ("a", "file a"), ("b/index.html", "b2")];
        publish(&out, &files(&second), false).expect("second");
        assert_eq!(
            tree(&out),
            vec![
                ("a".to_string(), "file a".to_string()),
                ("b/index.html".to_string(), "b2".to_string()),
                ("index.html".to_string(), "2".to_string()),
            ]
        );
        assert!(spare.is_dir(), "the first site is kept as the spare");
        // The third is written over the first site: nothing of it may survive.
        let third = [("index.html", "3"), ("c/d/index.html", "cd3")];
        publish(&out, &files(&third), false).expect("third");
        assert_eq!(
            tree(&out),
            vec![
                ("c/d/index.html".to_string(), "cd3".to_string()),
                ("index.html".to_string(), "3".to_string()),
            ]
        );
        assert!(out.join(MARKER).is_file());
        let names: Vec<String> = std::fs::read_dir(parent.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "only the site and its spare: {names:?}");
    }

    #[test]
    fn a_failed_build_leaves_the_site_and_keeps_a_spare() {
        let parent = tempfile::tempdir().expect("temp dir");
        let out = parent.path().join("public");
        publish(&out, &files(&[("index.html", "good")]), false).expect("first");
        {
            let emitter = Emitter::to_staging(&out, false).expect("staging");
            emitter.write("index.html", b"half").expect("written");
            emitter.write("other.html", b"half").expect("written");
            // dropped without commit: the build failed
        }
        assert_eq!(tree(&out), vec![("index.html".into(), "good".into())]);
        publish(&out, &files(&[("new.html", "n")]), false).expect("next");
        assert_eq!(tree(&out), vec![("new.html".into(), "n".into())]);
    }
}
