//! The serve engine: the same pipeline as `build`, kept in memory between rebuilds so a
//! saved file costs what it touches, not what the site weighs.
//!
//! Three ways to rebuild, cheapest first:
//! - **fast**: one Markdown file changed in its body only — same front matter, headings,
//!   link targets, citations, shortcodes and glossary mentions. Nothing another page shows
//!   of it changed, so it is parsed again and re-rendered alone (see `fast.rs`).
//! - **front matter**: one article or plain page changed its front matter (title,
//!   summary, tags …) but not its URL or body references: it is patched in place, the
//!   sections, backlinks and taxonomies are recomputed without re-linking, and the pages
//!   that show it are rendered.
//! - **incremental**: Markdown files changed otherwise (or were added or removed). The
//!   site is re-linked (bodies that did not change are not parsed again, see
//!   [`ParseCache`]) and only the pages whose inputs changed are rendered: see
//!   [`records`](super::records).
//! - **full**: the configuration, theme or data changed, or anything but Markdown in
//!   `content/`: everything is loaded and rendered again.
//!
//! A rebuild with errors writes nothing: the last good site stays served.

use super::records::{self, PageRecord};
use super::watch::Changes;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::cache::ParseCache;
use crate::link::{self, LinkInputs, Site};
use crate::load::content::{self, split_language, PageKind};
use crate::load::theme::Theme;
use crate::pipeline::extensions::Extensions;
use crate::pipeline::{self, BuildOptions, Linked};
use crate::render::{OutputFile, Renderer};
use rayon::prelude::*;
mod fast;
mod files;

pub use files::write_files;
use files::{changed_urls, remove_files};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct EngineOptions {
    pub root: PathBuf,
    /// The private output folder that is served.
    pub out: PathBuf,
    pub drafts: bool,
    /// The address the preview is reached at, so permalinks and feeds point to it.
    pub base_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Full,
    Incremental,
    /// Front matter changed in place: no re-link.
    FrontMatter,
    Fast,
}

/// What one rebuild did.
#[derive(Debug)]
pub struct Outcome {
    pub kind: Kind,
    pub duration: Duration,
    pub pages_rendered: usize,
    pub files_written: usize,
    /// URL paths whose output changed; `*` for "reload everything".
    pub urls: Vec<String>,
    /// `Some` when the rebuild failed: the errors (and warnings) found.
    pub failed: Option<Diagnostics>,
    /// Warnings worth printing (all after a full build; the changed files' otherwise).
    pub warnings: Vec<Diagnostic>,
}

struct State {
    theme: Theme,
    env: minijinja::Environment<'static>,
    ext: Extensions,
    theme_diags: Vec<Diagnostic>,
    content_diags: Vec<Diagnostic>,
    ext_diags: Vec<Diagnostic>,
    site: Site,
    /// Content path → index in `site.pages`.
    by_content: HashMap<String, usize>,
}

pub struct Engine {
    opts: EngineOptions,
    cache: ParseCache,
    state: Option<State>,
    /// What the pages on disk were rendered from.
    records: HashMap<String, PageRecord>,
    tax: HashMap<String, (u64, Vec<String>)>,
    ext_outputs: BTreeSet<String>,
    site_outputs: BTreeSet<String>,
    /// Files changed since the output last matched the sources.
    pending: BTreeSet<String>,
    /// Everything must be rendered at the next successful rebuild.
    render_all: bool,
    published: bool,
    /// True when the output reflects the sources.
    good: bool,
    /// The search index lags behind the pages.
    pub search_dirty: bool,
}

fn content_file(p: &str) -> PathBuf {
    PathBuf::from(format!("{}/{p}", content::CONTENT_DIR))
}

impl Engine {
    pub fn new(opts: EngineOptions) -> Engine {
        Engine {
            opts,
            cache: ParseCache::new(),
            state: None,
            records: HashMap::new(),
            tax: HashMap::new(),
            ext_outputs: BTreeSet::new(),
            site_outputs: BTreeSet::new(),
            pending: BTreeSet::new(),
            render_all: true,
            published: false,
            good: false,
            search_dirty: false,
        }
    }

    pub fn out_dir(&self) -> &Path {
        &self.opts.out
    }

    /// The site's base path (`/` or `/kunskap/`), once loaded.
    pub fn base_path(&self) -> Option<String> {
        self.state.as_ref().map(|s| s.site.base_path.clone())
    }

    pub fn is_good(&self) -> bool {
        self.good
    }

    /// Rebuild after `changes`.
    pub fn rebuild(&mut self, changes: &Changes) -> Outcome {
        if self.state.is_none() || changes.full.is_some() {
            return self.full();
        }
        let started = Instant::now();
        if let Some(mut o) = self.try_fast(&changes.content) {
            o.duration = started.elapsed();
            return o;
        }
        let mut o = self.incremental(&changes.content);
        o.duration = started.elapsed();
        o
    }

    fn build_options(&self) -> BuildOptions {
        let mut b = BuildOptions::new(&self.opts.root);
        b.base_url = self.opts.base_url.clone();
        b.drafts = self.opts.drafts;
        b.write = false;
        b
    }

    fn failed(&mut self, kind: Kind, started: Instant, mut diags: Diagnostics) -> Outcome {
        self.good = false;
        diags.sort();
        Outcome {
            kind,
            duration: started.elapsed(),
            pages_rendered: 0,
            files_written: 0,
            urls: Vec::new(),
            failed: Some(diags),
            warnings: Vec::new(),
        }
    }

    /// Load, link and render everything.
    pub fn full(&mut self) -> Outcome {
        let started = Instant::now();
        self.render_all = true;
        let inputs = match pipeline::load_inputs(&self.build_options()) {
            Ok(i) => i,
            Err(f) => {
                self.state = None;
                return self.failed(
                    Kind::Full,
                    started,
                    f.diagnostics().iter().cloned().collect::<Vec<_>>().into(),
                );
            }
        };
        if inputs.theme.is_none() || inputs.env.is_none() {
            self.state = None;
            let all = inputs.problems();
            return self.failed(Kind::Full, started, all);
        }
        // The problems of loading are kept by kind (a re-link after a content change
        // keeps the theme's and the extensions' own).
        let theme_diags = inputs.diags.clone().into_vec();
        let content_diags = inputs.load_diags.clone().into_vec();
        let ext_diags = inputs.ext_diags.clone().into_vec();
        self.cache.clear();
        let Linked {
            site,
            theme,
            env,
            ext,
            diags,
        } = inputs.link(&mut self.cache);
        let (Some(theme), Some(env)) = (theme, env) else {
            self.state = None;
            return self.failed(Kind::Full, started, diags);
        };
        let validate = ext.validate_site(&site);
        let by_content = index_by_content(&site);
        self.state = Some(State {
            theme,
            env,
            ext,
            theme_diags,
            content_diags,
            ext_diags,
            site,
            by_content,
        });
        // `diags` holds loading's problems and linking's.
        let mut all = diags;
        all.extend(validate);
        if all.has_errors() {
            return self.failed(Kind::Full, started, all);
        }
        let warnings: Vec<Diagnostic> = {
            all.sort();
            all.into_vec()
        };
        let mut o = self.render_everything(started);
        if o.failed.is_none() {
            o.warnings = warnings;
        }
        o
    }

    fn collect_diags(&self, link: Diagnostics, validate: Vec<Diagnostic>) -> Diagnostics {
        let mut all = Diagnostics::new();
        if let Some(s) = &self.state {
            all.extend(s.theme_diags.iter().cloned());
            all.extend(s.content_diags.iter().cloned());
            all.extend(s.ext_diags.iter().cloned());
        }
        all.extend(link.into_vec());
        all.extend(validate);
        all
    }

    fn render_everything(&mut self, started: Instant) -> Outcome {
        let Some(state) = &self.state else {
            return self.failed(Kind::Full, started, Diagnostics::new());
        };
        let r = renderer(state);
        let (mut files, mut errors) = r.render_all_pages();
        let pages_rendered = files.len();
        let (f, e) = r.render_taxonomies();
        files.extend(f);
        errors.extend(e);
        match r.render_404() {
            Ok(f) => files.push(f),
            Err(d) => errors.push(d),
        }
        let (ext_files, e) = state.ext.render_pages(&r);
        errors.extend(e);
        let mut site_diags = Diagnostics::new();
        let site_files = pipeline::site_files(
            &self.opts.root,
            &state.site,
            &state.theme,
            &state.ext,
            &mut site_diags,
        );
        errors.extend(site_diags.into_vec());
        let ext_outputs: BTreeSet<String> = ext_files.iter().map(|f| f.path.clone()).collect();
        let site_outputs: BTreeSet<String> = site_files.iter().map(|f| f.path.clone()).collect();
        files.extend(ext_files);
        files.extend(site_files);
        if let Err(d) = pipeline::check_unique_outputs(&files) {
            errors.push(d);
        }
        if errors.iter().any(Diagnostic::is_error) {
            return self.failed(Kind::Full, started, errors.into());
        }
        let records = records::records(&state.site, &state.ext);
        let tax = records::taxonomy_records(&state.site);
        let written = files.len();
        let result = if self.published {
            let mut gone: BTreeSet<String> = self.all_outputs();
            for f in &files {
                gone.remove(&f.path);
            }
            write_files(&self.opts.out, &files).and_then(|()| remove_files(&self.opts.out, &gone))
        } else {
            crate::emit::output::publish(&self.opts.out, &files, true)
        };
        if let Err(d) = result {
            return self.failed(Kind::Full, started, vec![d].into());
        }
        self.published = true;
        self.records = records;
        self.tax = tax;
        self.ext_outputs = ext_outputs;
        self.site_outputs = site_outputs;
        self.finish_good();
        Outcome {
            kind: Kind::Full,
            duration: started.elapsed(),
            pages_rendered,
            files_written: written,
            urls: vec!["*".into()],
            failed: None,
            warnings: Vec::new(),
        }
    }

    fn finish_good(&mut self) {
        self.pending.clear();
        self.render_all = false;
        self.good = true;
        self.search_dirty = true;
    }

    fn all_outputs(&self) -> BTreeSet<String> {
        let mut all: BTreeSet<String> = self.records.values().map(|r| r.output.clone()).collect();
        all.extend(self.tax.keys().cloned());
        all.extend(self.ext_outputs.iter().cloned());
        all.extend(self.site_outputs.iter().cloned());
        all.insert("404.html".into());
        all
    }

    /// Reload the changed files, re-link, render what the change touched.
    fn incremental(&mut self, changed: &BTreeSet<String>) -> Outcome {
        let started = Instant::now();
        let root = self.opts.root.clone();
        let drafts = self.opts.drafts;
        let Some(state) = self.state.as_mut() else {
            return self.full();
        };
        let mut reload_ext = false;
        let mut pages: Vec<content::Page> = Vec::with_capacity(state.site.pages.len() + 1);
        for sp in &state.site.pages {
            if changed.contains(&sp.page.content_path) {
                reload_ext |= matches!(sp.page.kind, PageKind::Ruling | PageKind::Section);
            } else {
                pages.push(sp.page.clone());
            }
        }
        for p in changed {
            self.cache.invalidate(p);
            let file = content_file(p);
            state.content_diags.retain(|d| d.file != file);
            let abs = root.join(content::CONTENT_DIR).join(p);
            match std::fs::symlink_metadata(&abs) {
                Err(_) => {} // removed
                Ok(m) if m.file_type().is_symlink() => return self.full(),
                Ok(m) if !m.is_file() => {}
                Ok(_) => match content::load_file(&root, p, drafts) {
                    Ok(Some(page)) => {
                        reload_ext |= matches!(page.kind, PageKind::Ruling | PageKind::Section);
                        pages.push(page);
                    }
                    Ok(None) => {}
                    Err(d) => state.content_diags.push(*d),
                },
            }
        }
        if reload_ext {
            let mut d = Diagnostics::new();
            state.ext = Extensions::load(&root, &pages, &mut d);
            state.ext_diags = d.into_vec();
        }
        tlog("reload", started);
        let (site, link_diags) = link::link_cached(
            LinkInputs {
                config: state.site.config.clone(),
                pages,
                assets: state.site.assets.clone(),
                citations: &state.ext,
                shortcodes: &state.ext,
                extra_paths: state.ext.extra_paths(),
            },
            &mut self.cache,
        );
        tlog("link", started);
        let validate = state.ext.validate_site(&site);
        state.by_content = index_by_content(&site);
        let old = std::mem::replace(&mut state.site, site);
        // Freeing 10 000 pages takes a while; nobody needs to wait for it.
        let _ = std::thread::Builder::new().spawn(move || drop(old));
        let all = self.collect_diags(link_diags, validate);
        self.pending.extend(changed.iter().cloned());
        if all.has_errors() {
            return self.failed(Kind::Incremental, started, all);
        }
        let warnings: Vec<Diagnostic> = all
            .iter()
            .filter(|d| changed.iter().any(|p| d.file == content_file(p)))
            .cloned()
            .collect();
        // A page with other language versions: their notices, alternates, language menus
        // and translated menus depend on it; languages are few, render them all.
        let multilingual = self.state.as_ref().is_some_and(|st| {
            changed.iter().any(|p| {
                split_language(p).is_some()
                    || st
                        .by_content
                        .get(p)
                        .is_some_and(|&i| st.site.pages[i].versions.len() > 1)
            })
        });
        if self.render_all || multilingual {
            let mut o = self.render_everything(started);
            o.warnings = warnings;
            return o;
        }
        let mut o = self.render_changed(started, reload_ext);
        if o.failed.is_none() {
            o.warnings = warnings;
        }
        o
    }

    fn render_changed(&mut self, started: Instant, reload_ext: bool) -> Outcome {
        let Some(state) = &self.state else {
            return self.failed(Kind::Incremental, started, Diagnostics::new());
        };
        let new_records = records::records(&state.site, &state.ext);
        tlog("records", started);
        let (affected, summary_changed) =
            records::affected(&self.records, &new_records, &self.pending);
        tlog("affected", started);
        let r = renderer(state);
        let indices: Vec<usize> = affected
            .iter()
            .filter_map(|p| state.by_content.get(p).copied())
            .collect();
        let results: Vec<Result<OutputFile, Diagnostic>> =
            indices.par_iter().map(|&i| r.render_page(i)).collect();
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for res in results {
            match res {
                Ok(f) => files.push(f),
                Err(d) => errors.push(d),
            }
        }
        let pages_rendered = files.len();
        tlog("pages", started);
        let new_tax = records::taxonomy_records(&state.site);
        let want = |tax: &str, term: Option<&str>| {
            let key = match term {
                Some(t) => format!("{tax}/{t}/index.html"),
                None => format!("{tax}/index.html"),
            };
            let Some(new) = new_tax.get(&key) else {
                return false;
            };
            self.tax.get(&key).map(|o| o.0) != Some(new.0)
                || new.1.iter().any(|p| summary_changed.contains(p))
        };
        let (f, e) = r.render_taxonomies_where(&want);
        files.extend(f);
        errors.extend(e);
        tlog("tax", started);
        let mut new_ext_outputs = None;
        let mut new_site_outputs = None;
        if reload_ext || !summary_changed.is_empty() {
            let (f, e) = state.ext.render_pages(&r);
            errors.extend(e);
            new_ext_outputs = Some(f.iter().map(|f| f.path.clone()).collect::<BTreeSet<_>>());
            files.extend(f);
            let mut d = Diagnostics::new();
            let f = pipeline::site_files(
                &self.opts.root,
                &state.site,
                &state.theme,
                &state.ext,
                &mut d,
            );
            errors.extend(d.into_vec());
            new_site_outputs = Some(f.iter().map(|f| f.path.clone()).collect::<BTreeSet<_>>());
            files.extend(f);
        }
        // Two outputs may not claim one path (a page named like a generated one).
        let mut claimed: Vec<OutputFile> = new_records
            .values()
            .map(|r| r.output.clone())
            .chain(new_tax.keys().cloned())
            .chain(
                new_ext_outputs
                    .clone()
                    .unwrap_or_else(|| self.ext_outputs.clone()),
            )
            .chain(
                new_site_outputs
                    .clone()
                    .unwrap_or_else(|| self.site_outputs.clone()),
            )
            .map(|path| OutputFile {
                path,
                bytes: Vec::new(),
            })
            .collect();
        claimed.push(OutputFile {
            path: "404.html".into(),
            bytes: Vec::new(),
        });
        if let Err(d) = pipeline::check_unique_outputs(&claimed) {
            errors.push(d);
        }
        if errors.iter().any(Diagnostic::is_error) {
            return self.failed(Kind::Incremental, started, errors.into());
        }
        tlog("ext+site", started);
        let mut gone: BTreeSet<String> = BTreeSet::new();
        let new_outputs: BTreeSet<&String> = new_records.values().map(|r| &r.output).collect();
        gone.extend(
            self.records
                .values()
                .filter(|r| !new_outputs.contains(&r.output))
                .map(|r| r.output.clone()),
        );
        gone.extend(
            self.tax
                .keys()
                .filter(|k| !new_tax.contains_key(*k))
                .cloned(),
        );
        if let Some(n) = &new_ext_outputs {
            gone.extend(self.ext_outputs.difference(n).cloned());
        }
        if let Some(n) = &new_site_outputs {
            gone.extend(self.site_outputs.difference(n).cloned());
        }
        for f in &files {
            gone.remove(&f.path);
        }
        if let Err(d) =
            write_files(&self.opts.out, &files).and_then(|()| remove_files(&self.opts.out, &gone))
        {
            return self.failed(Kind::Incremental, started, vec![d].into());
        }
        tlog("write", started);
        let urls = changed_urls(&state.site.base_path, &files, &gone);
        let written = files.len();
        self.records = new_records;
        self.tax = new_tax;
        if let Some(n) = new_ext_outputs {
            self.ext_outputs = n;
        }
        if let Some(n) = new_site_outputs {
            self.site_outputs = n;
        }
        self.finish_good();
        Outcome {
            kind: Kind::Incremental,
            duration: started.elapsed(),
            pages_rendered,
            files_written: written,
            urls,
            failed: None,
            warnings: Vec::new(),
        }
    }

    /// The documents of the search index, when the site is good.
    pub fn search_docs(&self) -> Option<Vec<crate::search::SearchDoc>> {
        let state = self.state.as_ref().filter(|_| self.good)?;
        let mut docs = crate::search::docs::collect(&state.site);
        state.ext.complete_search_docs(&state.site, &mut docs);
        Some(docs)
    }
}

fn renderer(state: &State) -> Renderer<'_> {
    Renderer {
        site: &state.site,
        theme: &state.theme,
        env: &state.env,
        extras: &state.ext,
        generator: format!("kunskapsnav {}", env!("CARGO_PKG_VERSION")),
        release_bodies: false,
    }
}

fn index_by_content(site: &Site) -> HashMap<String, usize> {
    site.pages
        .iter()
        .enumerate()
        .map(|(i, sp)| (sp.page.content_path.clone(), i))
        .collect()
}

fn tlog(what: &str, started: Instant) {
    if std::env::var_os("KUNSKAPSNAV_TIMINGS").is_some() {
        eprintln!("  {what}: {} ms", started.elapsed().as_millis());
    }
}
