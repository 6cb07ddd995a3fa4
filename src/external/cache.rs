//! The results cache: a JSON file of URL → outcome and when it was asked, so that a CI job
//! run many times a day asks each good URL at most once per `max_age_hours`. A cache that
//! cannot be read is a warning and is rebuilt; it never stops the check.

use crate::diagnostics::Diagnostic;
use crate::external::probe::Outcome;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Seconds since 1970 when the URL was asked.
    pub checked: u64,
    pub outcome: Outcome,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

impl Cache {
    /// Read the cache at `path` (`rel` for messages). Missing: empty. Unreadable or not
    /// a cache: empty, with a warning.
    pub fn load(path: &Path, rel: &Path) -> (Cache, Option<Diagnostic>) {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Cache::empty(), None),
            Err(e) => return (Cache::empty(), Some(rebuild_warning(rel, &e.to_string()))),
        };
        match serde_json::from_slice::<Cache>(&bytes) {
            Ok(c) if c.version == VERSION => (c, None),
            Ok(c) => (
                Cache::empty(),
                Some(rebuild_warning(
                    rel,
                    &format!("it has format version {}, not {VERSION}", c.version),
                )),
            ),
            Err(e) => (Cache::empty(), Some(rebuild_warning(rel, &e.to_string()))),
        }
    }

    fn empty() -> Cache {
        Cache {
            version: VERSION,
            entries: BTreeMap::new(),
        }
    }

    /// The cached outcome of `url`, if it is younger than `max_age` seconds at `now`.
    pub fn fresh(&self, url: &str, now: u64, max_age: u64) -> Option<&Outcome> {
        self.entries
            .get(url)
            .filter(|e| e.checked <= now && now - e.checked < max_age)
            .map(|e| &e.outcome)
    }

    /// Record an outcome (good ones only; others are forgotten so they are asked again).
    pub fn record(&mut self, url: &str, outcome: &Outcome, now: u64) {
        if outcome.cacheable() {
            self.entries.insert(
                url.to_string(),
                Entry {
                    checked: now,
                    outcome: outcome.clone(),
                },
            );
        } else {
            self.entries.remove(url);
        }
    }

    /// Keep only the URLs still written somewhere, then write atomically (a temporary
    /// file beside it, renamed over it).
    pub fn save(&mut self, path: &Path, keep: &dyn Fn(&str) -> bool) -> std::io::Result<()> {
        self.entries.retain(|url, _| keep(url));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        let tmp = temp_path(path);
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, path)
    }
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

fn rebuild_warning(rel: &Path, why: &str) -> Diagnostic {
    Diagnostic::warning(
        "external/cache-unreadable",
        rel,
        format!("the link-check cache cannot be read ({why}); every URL is asked again and the cache is rebuilt"),
    )
    .with_help("nothing to do: the file is rewritten at the end of this check (delete it if the warning repeats)")
}

/// Seconds since 1970 by the system clock (the cache's "now": when URLs were asked).
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
