//! Watching the site's sources: `content/`, `data/`, `themes/` and the configuration.
//! File-system events become [`Change`]s: a Markdown file (re-linked and re-rendered
//! incrementally) or anything else (a full rebuild). Editors' temporary files are ignored.

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// What a batch of file-system events asks for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Markdown files under `content/`, as paths relative to it (`artiklar/x.md`).
    pub content: BTreeSet<String>,
    /// Why a full rebuild is needed (configuration, theme, data, a non-Markdown file).
    pub full: Option<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.content.is_empty() && self.full.is_none()
    }

    fn add(&mut self, root: &Path, path: &Path) {
        let Ok(rel) = path.strip_prefix(root) else {
            return;
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let Some(name) = parts.last() else {
            return;
        };
        if parts.iter().any(|p| p.starts_with('.'))
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".swx")
            || name.ends_with(".tmp")
            || name == "4913"
            || name.starts_with('#')
        {
            return;
        }
        match parts[0].as_str() {
            "content" if parts.len() > 1 => {
                if name.ends_with(".md") {
                    self.content.insert(parts[1..].join("/"));
                } else if !name.contains('.') && !path.exists() {
                    // A tool's temporary file (`sed -i` writes `sedXXXXXX`), already gone.
                } else {
                    self.full
                        .get_or_insert_with(|| format!("{} changed", parts.join("/")));
                }
            }
            "content" | "data" | "themes" => {
                self.full
                    .get_or_insert_with(|| format!("{} changed", parts.join("/")));
            }
            crate::load::config::CONFIG_FILE if parts.len() == 1 => {
                self.full
                    .get_or_insert_with(|| format!("{} changed", crate::load::config::CONFIG_FILE));
            }
            _ => {}
        }
    }
}

pub struct SourceWatcher {
    watcher: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
}

impl SourceWatcher {
    pub fn start(root: &Path) -> notify::Result<SourceWatcher> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let (tx, rx) = std::sync::mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |res| {
            let _ = tx.send(res);
        })?;
        // The root itself, not recursively: the configuration, and folders created later.
        watcher.watch(&root, RecursiveMode::NonRecursive)?;
        for dir in ["content", "data", "themes"] {
            let d = root.join(dir);
            if d.is_dir() {
                watcher.watch(&d, RecursiveMode::Recursive)?;
            }
        }
        Ok(SourceWatcher { watcher, rx, root })
    }

    /// Wait up to `timeout` for changes, then gather the rest of the burst (an editor's
    /// save is several events) until `quiet` passes without one. Empty on timeout.
    pub fn next(&mut self, timeout: Duration, quiet: Duration) -> Changes {
        let mut changes = Changes::default();
        let first = match self.rx.recv_timeout(timeout) {
            Ok(ev) => ev,
            Err(RecvTimeoutError::Timeout) => return changes,
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(timeout);
                return changes;
            }
        };
        // Paths are classified after the burst: a temporary file that was renamed into
        // place by then is recognised as gone.
        let mut paths = BTreeSet::new();
        self.absorb(first, &mut changes, &mut paths);
        let burst_end = Instant::now() + Duration::from_millis(500);
        while Instant::now() < burst_end {
            match self.rx.recv_timeout(quiet) {
                Ok(ev) => self.absorb(ev, &mut changes, &mut paths),
                Err(_) => break,
            }
        }
        for p in &paths {
            changes.add(&self.root, p);
        }
        if changes.full.is_some() {
            self.rewatch();
        }
        changes
    }

    fn absorb(
        &self,
        ev: notify::Result<notify::Event>,
        changes: &mut Changes,
        paths: &mut BTreeSet<PathBuf>,
    ) {
        let ev = match ev {
            Ok(ev) => ev,
            Err(e) => {
                changes.full = Some(format!("the file watcher reported: {e}"));
                return;
            }
        };
        if ev.need_rescan() {
            changes.full = Some("the file watcher lost events".into());
            return;
        }
        match ev.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => return,
            _ => {}
        }
        paths.extend(ev.paths);
    }

    /// Folders created after the start (e.g. `data/`) are watched from now on.
    fn rewatch(&mut self) {
        for dir in ["content", "data", "themes"] {
            let d = self.root.join(dir);
            if d.is_dir() {
                let _ = self.watcher.watch(&d, RecursiveMode::Recursive);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified() {
        let root = Path::new("/s");
        let mut c = Changes::default();
        c.add(root, Path::new("/s/content/artiklar/x.md"));
        c.add(root, Path::new("/s/content/artiklar/.x.md.swp"));
        c.add(root, Path::new("/s/content/artiklar/x.md~"));
        c.add(root, Path::new("/s/public/index.html"));
        assert_eq!(c.content.iter().collect::<Vec<_>>(), ["artiklar/x.md"]);
        assert!(c.full.is_none());
        c.add(root, Path::new("/s/data/statistik/a.yaml"));
        assert!(c.full.is_some());
        let mut c = Changes::default();
        c.add(root, Path::new("/s/kunskapsnav.yaml"));
        assert!(c.full.is_some());
    }
}
