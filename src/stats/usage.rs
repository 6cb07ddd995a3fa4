//! Where datasets are used: the home page's key figures (configured in `kunskapsnav.yaml`
//! under `home.key_figures`, drawn from the datasets so they cannot drift) and the pages
//! that embed a dataset's chart or cite one of its figures (listed on the dataset's page as
//! "Används i").

use super::{locate::Locator, shortcodes::NAMES, Stats};
use crate::diagnostics::Diagnostic;
use crate::link::{join_url, Site};
use crate::load::config::{Config, CONFIG_FILE};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// `home.key_figures` entry as the template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct KeyFigureCtx {
    /// The figure as text, formatted as `stat` formats it.
    pub value: String,
    pub label: String,
    /// The organisations behind the dataset and its period: `Brottsförebyggande rådet (Brå), 2023`.
    pub source: String,
    /// The dataset's page.
    pub url: String,
}

impl Stats {
    /// The configured key figures, and an error at its line for each that names no dataset,
    /// row or column.
    pub fn key_figures(&self, config: &Config, base: &str) -> (Vec<KeyFigureCtx>, Vec<Diagnostic>) {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        let loc = Locator::new(&config.text);
        let list = loc.top("home").and_then(|h| loc.child(h, "key_figures"));
        for (i, kf) in config.home.key_figures.iter().enumerate() {
            let item = list.and_then(|l| loc.item(l, i));
            let at = |key: &str| -> (usize, usize) {
                item.and_then(|p| loc.in_item(p, key))
                    .or(item)
                    .or(list)
                    .unwrap_or((1, 1))
            };
            let mut error = |key: &str, msg: String, help: String| {
                let (l, c) = at(key);
                errors.push(
                    Diagnostic::error("config/key-figure", CONFIG_FILE, msg)
                        .at(l, c)
                        .with_source(&config.text)
                        .with_help(help),
                );
            };
            if kf.label.trim().is_empty() {
                error(
                    "label",
                    "a key figure has an empty `label`".into(),
                    "say what the number counts, e.g. `label: köp av sexuell tjänst anmäldes`"
                        .into(),
                );
                continue;
            }
            match self.figure_text(&kf.dataset, &kf.row, kf.column.as_deref()) {
                Ok((d, value)) => {
                    let mut orgs: Vec<&str> = Vec::new();
                    for s in &d.data.source {
                        if !orgs.contains(&s.organisation.as_str()) {
                            orgs.push(&s.organisation);
                        }
                    }
                    out.push(KeyFigureCtx {
                        value,
                        label: kf.label.clone(),
                        source: format!("{}, {}", orgs.join("; "), d.data.period),
                        url: join_url(base, &d.url_path()),
                    });
                }
                Err((msg, help)) => {
                    let key = if self.get(&kf.dataset).is_none() {
                        "dataset"
                    } else if msg.contains("column") || msg.contains("has no `") {
                        "column"
                    } else {
                        "row"
                    };
                    error(key, format!("key figure {}: {msg}", i + 1), help);
                }
            }
        }
        (out, errors)
    }

    /// Dataset id → pages that use it (a `chart` or `stat` shortcode, or a key figure on
    /// the home page), sorted by title.
    pub fn used_in(&self, site: &Site) -> BTreeMap<String, Vec<usize>> {
        let mut uses: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (i, sp) in site.pages.iter().enumerate() {
            for sc in &sp.parsed.shortcodes {
                if let (true, Some(id)) =
                    (NAMES.contains(&sc.name.as_str()), sc.args.get("dataset"))
                {
                    uses.entry(id.clone()).or_default().insert(i);
                }
            }
        }
        if let Some(home) = site.home() {
            for kf in &site.config.home.key_figures {
                uses.entry(kf.dataset.clone()).or_default().insert(home);
            }
        }
        uses.into_iter()
            .map(|(id, pages)| {
                let mut pages: Vec<usize> = pages.into_iter().collect();
                pages.sort_by(|&a, &b| {
                    crate::text::swedish_cmp(
                        &site.pages[a].page.meta.title,
                        &site.pages[b].page.meta.title,
                    )
                });
                (id, pages)
            })
            .collect()
    }
}
