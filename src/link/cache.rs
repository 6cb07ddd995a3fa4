//! Remembers each body's one parse (see [`crate::parse::body`]) between links, so that
//! `serve` can re-link a 10 000-page site after one file changed without parsing the
//! other 9 999 again. A plain `build` uses [`ParseCache::disabled`], which parses every
//! body and keeps nothing.
//!
//! The cache trusts its caller to [`invalidate`](ParseCache::invalidate) every file it
//! reloads (serve does, for each file the watcher reports); as a cheap guard an entry is
//! also dropped when the body's length differs. A parse depends on the glossary too
//! (first mentions are marked in it): when any term changes, everything is parsed again.

use crate::load::content::{Page, PageKind};
use crate::parse::glossary::Glossary;
use crate::parse::ParsedBody;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

#[derive(Debug)]
struct Entry {
    body_len: usize,
    parsed: Arc<ParsedBody>,
}

#[derive(Debug, Default)]
pub struct ParseCache {
    enabled: bool,
    entries: HashMap<String, Entry>,
    glossary_key: Option<u64>,
    /// The glossary of the last link, so that one changed body can be parsed alone.
    glossary: Option<Arc<Glossary>>,
    /// Bodies parsed (not taken from the cache) by the last link, for timing reports.
    pub last_misses: usize,
}

impl ParseCache {
    /// A cache that remembers between calls (for `serve`).
    pub fn new() -> Self {
        ParseCache {
            enabled: true,
            ..Self::default()
        }
    }

    /// Parses everything, keeps nothing (for `build` and `check`).
    pub fn disabled() -> Self {
        Self::default()
    }

    /// Forget one file (by its path under `content/`), after it changed on disk.
    pub fn invalidate(&mut self, content_path: &str) {
        self.entries.remove(content_path);
    }

    pub fn clear(&mut self) {
        self.entries.clear();
        self.glossary_key = None;
        self.glossary = None;
    }

    /// The glossary of the last link (`None` before one, or when disabled).
    pub fn glossary(&self) -> Option<&Arc<Glossary>> {
        self.glossary.as_ref()
    }

    /// What the cache holds for one page.
    pub fn get(&self, content_path: &str) -> Option<&Arc<ParsedBody>> {
        self.entries.get(content_path).map(|e| &e.parsed)
    }

    /// Replace one page's entry after it was parsed outside the link stage.
    pub fn put(&mut self, page: &Page, parsed: Arc<ParsedBody>) {
        self.entries.insert(
            page.content_path.clone(),
            Entry {
                body_len: page.body().len(),
                parsed,
            },
        );
    }

    /// Every page's parse, in page order (`pages` sorted by content path, as the link
    /// stage sorts them): from the cache where valid, else parsed in parallel (and
    /// remembered, when enabled).
    pub(crate) fn parse(
        &mut self,
        pages: &[Page],
        glossary: &Arc<Glossary>,
        parse: impl Fn(&Page) -> ParsedBody + Sync + Send,
    ) -> Vec<Arc<ParsedBody>> {
        if !self.enabled {
            self.last_misses = pages.len();
            return pages.par_iter().map(|p| Arc::new(parse(p))).collect();
        }
        let key = glossary_key(pages);
        if self.glossary_key != Some(key) {
            self.entries.clear();
            self.glossary_key = Some(key);
        }
        self.glossary = Some(Arc::clone(glossary));
        let cached: Vec<Option<Arc<ParsedBody>>> = pages
            .iter()
            .map(|p| {
                self.entries
                    .get(&p.content_path)
                    .filter(|e| e.body_len == p.body().len())
                    .map(|e| Arc::clone(&e.parsed))
            })
            .collect();
        self.last_misses = cached.iter().filter(|c| c.is_none()).count();
        let out: Vec<Arc<ParsedBody>> = pages
            .par_iter()
            .zip(cached)
            .map(|(p, c)| c.unwrap_or_else(|| Arc::new(parse(p))))
            .collect();
        for (p, parsed) in pages.iter().zip(&out) {
            self.put(p, Arc::clone(parsed));
        }
        self.entries.retain(|k, _| {
            pages
                .binary_search_by(|p| p.content_path.as_str().cmp(k))
                .is_ok()
        });
        out
    }
}

/// Everything the glossary is built from: the term pages' paths, titles and front matter.
fn glossary_key(pages: &[Page]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in pages.iter().filter(|p| p.kind == PageKind::Term) {
        p.content_path.hash(&mut h);
        p.path.hash(&mut h);
        p.meta.title.hash(&mut h);
        format!("{:?}", p.term).hash(&mut h);
    }
    h.finish()
}
