//! Orchestration: load → validate → link → render → emit, each step named and timed.
//! `check` runs the same steps and stops before writing anything.

pub mod extensions;
pub mod memory;
pub mod progress;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::{self, LinkInputs};
use crate::load::config::Config;
use crate::load::content;
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

    let Inputs {
        config,
        theme,
        env,
        loaded,
        ext,
        mut diags,
        load_diags,
        ext_diags,
    } = load_inputs(opts)?;
    diags.extend(load_diags.into_vec());
    diags.extend(ext_diags.into_vec());
    timer.lap("load");
    let (site, link_diags) = link::link(LinkInputs {
        config,
        pages: loaded.pages,
        assets: loaded.assets,
        citations: &ext,
        shortcodes: &ext,
        extra_paths: ext.extra_paths(),
    });
    diags.extend(link_diags.into_vec());
    diags.extend(ext.validate_site(&site));
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
        let docs = crate::search::docs::collect(&site);
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
    })
}

/// Everything loaded before linking. `build` links it once; `serve` keeps the parts
/// between rebuilds.
pub struct Inputs {
    pub config: Config,
    /// `None` when the theme failed to load (its error is in `diags`).
    pub theme: Option<Theme>,
    pub env: Option<minijinja::Environment<'static>>,
    pub loaded: content::Loaded,
    pub ext: Extensions,
    /// Problems of the theme and its templates.
    pub diags: Diagnostics,
    /// Problems found loading `content/` (per file).
    pub load_diags: Diagnostics,
    /// Problems of the extensions' data (registries, datasets, rulings).
    pub ext_diags: Diagnostics,
}

/// Load the configuration (with `--base-url` applied), the theme and its template
/// environment, the content and the extensions' data. Content problems are collected in
/// `diags`; only an unreadable configuration or a bad `--base-url` stops here.
pub fn load_inputs(opts: &BuildOptions) -> Result<Inputs, BuildFailure> {
    let root = &opts.root;
    let mut config = Config::load(root).map_err(|d| BuildFailure::Content(vec![*d].into()))?;
    if let Some(url) = &opts.base_url {
        config.base_url = crate::load::config::normalise_base_url(url).map_err(|m| {
            BuildFailure::Io(
                vec![Diagnostic::error("cli/base-url", "--base-url", m)
                    .with_help("pass an absolute URL such as https://example.org/kunskap/")]
                .into(),
            )
        })?;
    }
    let mut diags = Diagnostics::new();
    let theme = match Theme::load(root, &config.theme) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.push(*d);
            None
        }
    };
    let (loaded, load_diags) = content::load(root, opts.drafts);
    let mut ext_diags = Diagnostics::new();
    let ext = Extensions::load(root, &loaded.pages, &mut ext_diags);
    let env = match &theme {
        Some(t) => match t.environment(&config.base_path()) {
            Ok(env) => Some(env),
            Err(errs) => {
                diags.extend(errs);
                None
            }
        },
        None => None,
    };
    Ok(Inputs {
        config,
        theme,
        env,
        loaded,
        ext,
        diags,
        load_diags,
        ext_diags,
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
    files.push(crate::emit::feeds::atom(site));
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
