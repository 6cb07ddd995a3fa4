//! The content kinds beyond plain pages plug in here: legal references (rulings and
//! provisions), statistics (datasets, charts, the `stat`/`chart` shortcodes) and search.
//! Each module owns its data and validation; this file only routes the pipeline's calls
//! to them, so the core stages stay ignorant of any one kind.

use crate::content::Page;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::{OutputFile, PageExtras, Renderer};
use crate::shortcode::Shortcode;
use crate::site::{Citations, Shortcodes, Site};
use minijinja::Value;
use std::collections::BTreeSet;
use std::path::Path;

#[derive(Debug, Default)]
pub struct Extensions {}

impl Extensions {
    /// Load registries and datasets from `data/`, validating them against the pages.
    pub fn load(_root: &Path, _pages: &[Page], _diags: &mut Diagnostics) -> Self {
        Extensions {}
    }

    /// Site paths (without base) that extensions generate, so links to them resolve.
    pub fn extra_paths(&self) -> BTreeSet<String> {
        BTreeSet::new()
    }

    /// Checks that need the linked site (e.g. appeal chains between rulings).
    pub fn validate_site(&self, _site: &Site) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// Generated pages and files (provision pages, dataset pages, the search index).
    pub fn render(&self, _r: &Renderer<'_>) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        (Vec::new(), Vec::new())
    }
}

impl Citations for Extensions {
    fn resolve(&self, target: &str) -> Result<(String, String), (String, String)> {
        Err((
            format!("`[[{target}]]` cites nothing known"),
            "cite a ruling by case number ([[B 583-23]]) or a provision ([[BrB 4:1 b]])".into(),
        ))
    }
}

impl Shortcodes for Extensions {
    fn names(&self) -> Vec<&'static str> {
        Vec::new()
    }

    fn render(&self, _sc: &Shortcode, _base_path: &str) -> Option<Result<String, (String, String)>> {
        None
    }
}

impl PageExtras for Extensions {
    fn extras(&self, _site: &Site, _index: usize) -> Vec<(&'static str, Value)> {
        Vec::new()
    }
}
