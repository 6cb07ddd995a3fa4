//! Remembers what the link stage learnt from each body — shortcodes extracted, headings,
//! links and citations, glossary mentions — so that `serve` can re-link a 10 000-page
//! site after one file changed without parsing the other 9 999 again. A plain `build`
//! uses [`AnalysisCache::disabled`], which computes everything and keeps nothing.
//!
//! The cache trusts its caller to [`invalidate`](AnalysisCache::invalidate) every file it
//! reloads (serve does, for each file the watcher reports); as a cheap guard an entry is
//! also dropped when the body's length differs.

use crate::load::content::{Page, PageKind};
use crate::parse::glossary::Glossary;
use crate::parse::markdown::Analysis;
use crate::parse::shortcode::{ScanError, Shortcode};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// A body analysed: prepared text (shortcodes replaced by placeholders), the shortcodes,
/// the shortcode syntax errors, and headings, links and citations.
pub type Analysed = (String, Vec<Shortcode>, Vec<ScanError>, Analysis);

#[derive(Debug)]
struct Entry {
    body_len: usize,
    analysed: Analysed,
    /// Glossary entries mentioned, valid while the glossary key is unchanged.
    mentions: Option<Vec<usize>>,
}

#[derive(Debug, Default)]
pub struct AnalysisCache {
    enabled: bool,
    entries: HashMap<String, Entry>,
    glossary_key: Option<u64>,
    /// The glossary of the last link, so that one changed body can be scanned alone.
    glossary: Option<Arc<Glossary>>,
    /// Bodies analysed (not taken from the cache) by the last link, for timing reports.
    pub last_misses: usize,
}

impl AnalysisCache {
    /// A cache that remembers between calls (for `serve`).
    pub fn new() -> Self {
        AnalysisCache {
            enabled: true,
            ..Self::default()
        }
    }

    /// Computes everything, keeps nothing (for `build` and `check`).
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

    pub(crate) fn keep_glossary(&mut self, glossary: &Arc<Glossary>) {
        if self.enabled {
            self.glossary = Some(glossary.clone());
        }
    }

    /// The glossary of the last link (`None` before one, or when disabled).
    pub fn glossary(&self) -> Option<&Arc<Glossary>> {
        self.glossary.as_ref()
    }

    /// What the cache holds for one page: its analysis and glossary mentions.
    pub fn get(&self, content_path: &str) -> Option<(&Analysed, Option<&Vec<usize>>)> {
        self.entries
            .get(content_path)
            .map(|e| (&e.analysed, e.mentions.as_ref()))
    }

    /// Replace one page's entry after it was analysed outside the link stage.
    pub fn put(&mut self, page: &Page, analysed: Analysed, mentions: Option<Vec<usize>>) {
        self.entries.insert(
            page.content_path.clone(),
            Entry {
                body_len: page.body().len(),
                analysed,
                mentions,
            },
        );
    }

    /// Every page's analysis, in page order: from the cache where valid, else computed in
    /// parallel (and remembered, when enabled).
    pub(crate) fn analyse(
        &mut self,
        pages: &[Page],
        compute: impl Fn(&Page) -> Analysed + Sync + Send,
    ) -> Vec<Analysed> {
        if !self.enabled {
            self.last_misses = pages.len();
            return pages.par_iter().map(compute).collect();
        }
        let cached: Vec<Option<Analysed>> = pages
            .iter()
            .map(|p| {
                self.entries
                    .get(&p.content_path)
                    .filter(|e| e.body_len == p.body().len())
                    .map(|e| e.analysed.clone())
            })
            .collect();
        self.last_misses = cached.iter().filter(|c| c.is_none()).count();
        let out: Vec<Analysed> = pages
            .par_iter()
            .zip(cached)
            .map(|(p, c)| c.unwrap_or_else(|| compute(p)))
            .collect();
        for (p, a) in pages.iter().zip(&out) {
            let fresh = self
                .entries
                .get(&p.content_path)
                .is_none_or(|e| e.body_len != p.body().len());
            if fresh {
                self.entries.insert(
                    p.content_path.clone(),
                    Entry {
                        body_len: p.body().len(),
                        analysed: a.clone(),
                        mentions: None,
                    },
                );
            }
        }
        self.entries.retain(|k, _| {
            pages
                .binary_search_by(|p| p.content_path.as_str().cmp(k))
                .is_ok()
        });
        out
    }

    /// Glossary mentions per page, in page order. `pages` must be sorted by content path
    /// (the link stage sorts them). Reused while no glossary term changed.
    pub(crate) fn mentions(
        &mut self,
        pages: &[Page],
        scan: impl Fn(usize) -> Vec<usize> + Sync + Send,
    ) -> Vec<Vec<usize>> {
        if !self.enabled {
            return (0..pages.len()).into_par_iter().map(scan).collect();
        }
        let key = glossary_key(pages);
        if self.glossary_key != Some(key) {
            for e in self.entries.values_mut() {
                e.mentions = None;
            }
            self.glossary_key = Some(key);
        }
        let cached: Vec<Option<Vec<usize>>> = pages
            .iter()
            .map(|p| {
                self.entries
                    .get(&p.content_path)
                    .and_then(|e| e.mentions.clone())
            })
            .collect();
        let out: Vec<Vec<usize>> = cached
            .into_par_iter()
            .enumerate()
            .map(|(i, c)| c.unwrap_or_else(|| scan(i)))
            .collect();
        for (p, m) in pages.iter().zip(&out) {
            if let Some(e) = self.entries.get_mut(&p.content_path) {
                if e.mentions.is_none() {
                    e.mentions = Some(m.clone());
                }
            }
        }
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
