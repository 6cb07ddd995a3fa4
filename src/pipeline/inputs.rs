//! What a build loads before linking, and linking it: the one way `build` and `serve`
//! both go from files to a [`Site`].

use super::extensions::Extensions;
use super::{BuildFailure, BuildOptions};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::link::cache::ParseCache;
use crate::link::{self, LinkInputs, Site};
use crate::load::config::Config;
use crate::load::content;
use crate::load::theme::Theme;

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
    /// What could not be established but does not stop a build (dates from git).
    pub notes: Vec<String>,
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
    // The git history is read while the content loads (it needs no content).
    let (history, (mut loaded, load_diags)) = std::thread::scope(|s| {
        let history = s.spawn(|| crate::load::history::read(root));
        let loaded = content::load(root, opts.drafts);
        (history.join().unwrap_or_default(), loaded)
    });
    crate::load::history::date_pages(&mut loaded.pages, &history);
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
        notes: history.note.into_iter().collect(),
    })
}

impl Inputs {
    /// Every problem found loading, in one list.
    pub fn problems(&self) -> Diagnostics {
        let mut all = self.diags.clone();
        all.extend(self.load_diags.iter().cloned());
        all.extend(self.ext_diags.iter().cloned());
        all
    }

    /// Link the loaded content (`cache`: what `serve` keeps between links; disabled for a
    /// build). The diagnostics of loading and linking come back together.
    pub fn link(self, cache: &mut ParseCache) -> Linked {
        let Inputs {
            config,
            theme,
            env,
            loaded,
            ext,
            mut diags,
            load_diags,
            ext_diags,
            notes: _,
        } = self;
        diags.extend(load_diags.into_vec());
        diags.extend(ext_diags.into_vec());
        let (site, link_diags) = link::link_cached(
            LinkInputs {
                config,
                pages: loaded.pages,
                assets: loaded.assets,
                citations: &ext,
                shortcodes: &ext,
                extra_paths: ext.extra_paths(),
            },
            cache,
        );
        diags.extend(link_diags.into_vec());
        Linked {
            site,
            theme,
            env,
            ext,
            diags,
        }
    }
}

/// The linked site and what rendering needs besides it.
pub struct Linked {
    pub site: Site,
    pub theme: Option<Theme>,
    pub env: Option<minijinja::Environment<'static>>,
    pub ext: Extensions,
    /// Problems of loading and linking.
    pub diags: Diagnostics,
}
