//! The content kinds beyond plain pages plug in here: legal references (rulings and
//! provisions), statistics (datasets, charts, the `stat`/`chart` shortcodes) and search.
//! Each module owns its data and validation; this file only routes the pipeline's calls
//! to them, so the core stages stay ignorant of any one kind.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::{Citations, Shortcodes, Site};
use crate::load::content::Page;
use crate::parse::shortcode::Shortcode;
use crate::render::{OutputFile, PageExtras, Renderer};
use minijinja::Value;
use std::collections::BTreeSet;
use std::path::Path;

#[derive(Debug, Default)]
pub struct Extensions {
    pub legal: crate::legal::Legal,
    pub stats: crate::stats::Stats,
    /// The accessibility statement, when `data/tillganglighet.yaml` exists.
    pub accessibility: Option<crate::accessibility::Statement>,
    /// Owners and reviews of pages.
    pub upkeep: crate::upkeep::Upkeep,
}

impl Extensions {
    /// Load registries and datasets from `data/`, validating them against the pages.
    pub fn load(root: &Path, pages: &[Page], diags: &mut Diagnostics) -> Self {
        Extensions {
            legal: crate::legal::Legal::load(root, pages, diags),
            stats: crate::stats::Stats::load(root, diags),
            accessibility: crate::accessibility::Statement::load(root, diags),
            upkeep: crate::upkeep::Upkeep::load(root, pages, diags),
        }
    }

    /// Site paths (without base) that extensions generate, so links to them resolve.
    pub fn extra_paths(&self) -> BTreeSet<String> {
        let mut paths = BTreeSet::new();
        paths.extend(self.legal.extra_paths());
        paths.extend(self.stats.paths());
        paths.insert("sok/".to_string());
        if self.accessibility.is_some() {
            paths.insert(crate::accessibility::PATH.to_string());
        }
        paths
    }

    /// The search documents of the site's pages (`docs`) completed by the domains, and
    /// those of the pages the domains generate (provisions).
    pub fn complete_search_docs(&self, site: &Site, docs: &mut Vec<crate::search::SearchDoc>) {
        self.legal.complete_search_docs(site, docs);
    }

    /// Checks that need the linked site (e.g. appeal chains between rulings).
    pub fn validate_site(&self, site: &Site) -> Vec<Diagnostic> {
        let mut found = self.stats.key_figures(&site.config, &site.base_path).1;
        found.extend(self.upkeep.validate(&site.config));
        found
    }

    /// Generated pages and files (provision pages, dataset pages, the search page); the
    /// search index is packed separately (`search::emit_search_files`).
    pub fn render_pages(&self, r: &Renderer<'_>) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let (mut files, mut errors) = (Vec::new(), Vec::new());
        let (f, e) = self.legal.render(r);
        files.extend(f);
        errors.extend(e);
        let (f, e) = self.stats.render(r);
        files.extend(f);
        errors.extend(e);
        if let Some(statement) = &self.accessibility {
            match statement.render(r) {
                Ok(f) => files.push(f),
                Err(e) => errors.push(e),
            }
        }
        match r.render_extra("search.html", "sok/", "search", Vec::new()) {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
        (files, errors)
    }
}

/// The index, module and manifest the search page loads, for the given documents.
pub fn search_index(docs: &[crate::search::SearchDoc]) -> Result<Vec<OutputFile>, Diagnostic> {
    Ok(crate::search::search_files(docs)?
        .into_iter()
        .map(|(path, bytes)| OutputFile { path, bytes })
        .collect())
}

impl Citations for Extensions {
    fn resolve(&self, target: &str) -> Result<(String, String), (String, String)> {
        self.legal.resolve(target)
    }
}

impl Shortcodes for Extensions {
    fn names(&self) -> Vec<&'static str> {
        let mut names = Vec::new();
        names.extend(crate::stats::shortcodes::NAMES);
        names
    }

    fn render(
        &self,
        sc: &Shortcode,
        base_path: &str,
        lang: &str,
    ) -> Option<Result<String, (String, String)>> {
        self.stats.shortcode(sc, base_path, lang)
    }
}

impl PageExtras for Extensions {
    fn extras(&self, site: &Site, index: usize) -> Vec<(&'static str, Value)> {
        let mut vars = Vec::new();
        vars.extend(self.legal.extras(site, index));
        if let Some(v) = self
            .upkeep
            .page_value(&site.config, &site.pages[index].page.file)
        {
            vars.push(("upkeep", v));
        }
        if let Some(term) = crate::render::terms::term_value(site, index) {
            vars.push(("term", term));
        }
        if site.home() == Some(index) {
            let (figures, _) = self.stats.key_figures(&site.config, &site.base_path);
            if !figures.is_empty() {
                let kf = minijinja::context! { key_figures => crate::render::ser(figures) };
                // The legal module provides `home.latest_rulings`: merge, do not replace.
                match vars.iter_mut().find(|(k, _)| *k == "home") {
                    Some((_, home)) => *home = minijinja::value::merge_maps([home.clone(), kf]),
                    None => vars.push(("home", kf)),
                }
            }
        }
        vars
    }
}
