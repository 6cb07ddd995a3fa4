//! Orchestration: load → parse → link → render → emit, each step named and timed (every
//! stage validates what it reads). `check` runs the same steps and stops before writing.

pub mod extensions;
mod inputs;
pub mod memory;
pub mod progress;
pub mod review;

pub use inputs::{load_inputs, Inputs, Linked};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::cache::ParseCache;
use crate::load::theme::Theme;
use crate::pipeline::extensions::Extensions;
use crate::render::{OutputFile, Renderer};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `None` means `public/` under the root.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strict: bool,
    pub force: bool,
    /// `false` for `check`: validate and render in memory, write nothing.
    pub write: bool,
    /// Progress of the long steps on standard error (none by default).
    pub progress: crate::pipeline::progress::Progress,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            out: None,
            base_url: None,
            drafts: false,
            strict: false,
            force: false,
            write: true,
            progress: crate::pipeline::progress::Progress::none(),
        }
    }

    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// Why a build stopped: content problems (exit 1) or the environment (exit 2).
#[derive(Debug)]
pub enum BuildFailure {
    Content(Diagnostics),
    Io(Diagnostics),
}

impl BuildFailure {
    pub fn diagnostics(&self) -> &Diagnostics {
        match self {
            BuildFailure::Content(d) | BuildFailure::Io(d) => d,
        }
    }
}

#[derive(Debug, Default)]
pub struct BuildReport {
    /// Warnings that did not stop the build.
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub steps: Vec<(&'static str, Duration)>,
    /// What could not be established, said once (e.g. dates from a shallow clone).
    pub notes: Vec<String>,
}

struct Timer {
    steps: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Timer {
    fn new() -> Self {
        Timer {
            steps: Vec::new(),
            last: Instant::now(),
        }
    }
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.steps.push((name, now - self.last));
        self.last = now;
    }
}

fn fail_content(mut diags: Diagnostics, strict: bool) -> BuildFailure {
    if strict {
        diags.promote_warnings();
    }
    diags.sort();
    BuildFailure::Content(diags)
}

/// Stop if there are errors (or, under `--strict`, warnings).
pub fn gate(diags: &Diagnostics, strict: bool) -> bool {
    diags.has_errors() || (strict && !diags.is_empty())
}

pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let mut timer = Timer::new();
    let root = &opts.root;
    if !root.is_dir() {
        let d = Diagnostic::error("root/missing", root, "the site folder does not exist")
            .with_help("pass --root DIR pointing at a folder with kunskapsnav.yaml");
        return Err(BuildFailure::Io(vec![d].into()));
    }
    let out_dir = opts.out_dir();
    if opts.write {
        // Fail before any work if the destination is unusable.
        if let Err(d) = crate::emit::output::check_destination(&out_dir, opts.force) {
            return Err(BuildFailure::Io(vec![d].into()));
        }
    }

    let inputs = load_inputs(opts)?;
    let notes = inputs.notes.clone();
    timer.lap("load");
    let Linked {
        site,
        theme,
        env,
        ext,
        mut diags,
    } = inputs.link(&mut ParseCache::disabled());
    diags.extend(ext.validate_site(&site));
    if let Some(theme) = &theme {
        let used: std::collections::BTreeSet<String> =
            site.pages.iter().map(|p| p.page.lang.clone()).collect();
        diags.extend(theme.strings.check(&site.config, &used).into_vec());
    }
    timer.lap("link");
    let (Some(theme), Some(env)) = (theme, env) else {
        return Err(fail_content(diags, opts.strict));
    };
    if diags.has_errors() {
        return Err(fail_content(diags, opts.strict));
    }
    let page_count = site.pages.len();

    // Files stream to a staging folder as they are made (or are only counted, for
    // `check`); nothing reaches the output unless the whole build succeeds.
    let emitter = if opts.write {
        crate::emit::output::Emitter::to_staging(&out_dir, opts.force)
            .map_err(|d| BuildFailure::Io(vec![d].into()))?
    } else {
        crate::emit::output::Emitter::nowhere()
    };
    let emit = |f: OutputFile| emitter.write(&f.path, &f.bytes);
    let emit_all = |files: Vec<OutputFile>, diags: &mut Diagnostics| {
        for f in files {
            if let Err(d) = emit(f) {
                diags.push(d);
            }
        }
    };
    let renderer = Renderer {
        site: &site,
        theme: &theme,
        env: &env,
        extras: &ext,
        generator: format!("kunskapsnav {}", env!("CARGO_PKG_VERSION")),
        release_bodies: true,
    };
    let step = opts.progress.step("render", site.pages.len(), "pages");
    diags.extend(renderer.render_all_pages_into(&emit, &|| step.inc(1)));
    step.finish();
    let (tax_files, tax_errors) = renderer.render_taxonomies();
    emit_all(tax_files, &mut diags);
    diags.extend(tax_errors);
    match renderer.render_404() {
        Ok(f) => emit_all(vec![f], &mut diags),
        Err(d) => diags.push(d),
    }
    let (ext_files, ext_errors) = ext.render_pages(&renderer);
    emit_all(ext_files, &mut diags);
    diags.extend(ext_errors);
    let extra = site_files(root, &site, &theme, &ext, &mut diags);
    emit_all(extra, &mut diags);
    timer.lap("render");
    if gate(&diags, opts.strict) {
        return Err(fail_content(diags, opts.strict));
    }

    // `check` skips packing the search index: it cannot fail on content, and it is the
    // slowest step, which a pre-commit hook should not wait for.
    if opts.write {
        let phase = opts
            .progress
            .phase("index: packing the search index…", site.pages.len());
        let mut docs = crate::search::docs::collect(&site);
        ext.complete_search_docs(&site, &mut docs);
        // The pages are written: free them before the index takes its memory.
        drop(renderer);
        drop(site);
        memory::release_freed();
        let result =
            crate::search::emit_search_files(&docs, &|path, bytes| emitter.write(path, bytes));
        drop(phase);
        if let Err(d) = result {
            return Err(BuildFailure::Io(vec![d].into()));
        }
        timer.lap("index");
    }
    let emitted = emitter
        .commit()
        .map_err(|d| BuildFailure::Io(vec![d].into()))?;
    timer.lap(if opts.write { "emit" } else { "check" });
    diags.sort();
    Ok(BuildReport {
        pages: page_count,
        files: emitted.files,
        bytes: emitted.bytes,
        diagnostics: diags,
        steps: timer.steps,
        notes,
    })
}

/// The files of a site besides its rendered pages: sitemap, feed, robots.txt, server
/// headers, the theme's static files and the content's own files (images, PDFs).
pub fn site_files(
    root: &std::path::Path,
    site: &crate::link::Site,
    theme: &Theme,
    ext: &Extensions,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let mut extra_paths: Vec<String> = site
        .taxonomies
        .iter()
        .flat_map(|t| {
            std::iter::once(format!("{}/", t.slug)).chain(
                t.terms
                    .iter()
                    .map(move |term| format!("{}/{}/", t.slug, term.slug)),
            )
        })
        .collect();
    extra_paths.extend(ext.extra_paths());
    files.push(crate::emit::feeds::sitemap(site, &extra_paths));
    files.extend(crate::emit::feeds::atoms(site));
    files.push(crate::emit::feeds::robots(site));
    files.extend(crate::emit::headers::files(site));
    for s in &theme.statics {
        files.push(OutputFile {
            path: s.published.clone(),
            bytes: s.bytes.as_ref().clone(),
        });
    }
    for a in &site.assets {
        match std::fs::read(&a.source) {
            Ok(bytes) => files.push(OutputFile {
                path: a.content_path.clone(),
                bytes,
            }),
            Err(e) => diags.push(
                Diagnostic::error(
                    "file/unreadable",
                    crate::diagnostics::relative_to(root, &a.source),
                    format!("cannot read: {e}"),
                )
                .with_help("check that the file exists and that you may read it"),
            ),
        }
    }
    files
}

/// A content file and a generated page must not claim the same output path (letter case
/// aside): the same claim the build's [`crate::emit::output::Emitter`] makes as it writes.
pub fn check_unique_outputs(files: &[OutputFile]) -> Result<(), Diagnostic> {
    let claims = crate::emit::output::Emitter::nowhere();
    files
        .iter()
        .try_for_each(|f| claims.write(&f.path, &f.bytes))
}
