//! Legal cross-referencing: courts and provisions (registries in `data/`), court rulings
//! as typed content, `[[…]]` citations of both in Markdown, appeal chains, and the
//! generated pages that tie them together (`/lagrum/`, `/rattsfall/` with static filter
//! pages). [`Legal`] is what the pipeline sees; it is built once at load and read-only
//! afterwards.

pub mod cite;
mod listing;
mod pages;
pub mod registry;
pub mod rulings;
mod search;

use crate::diagnostics::{did_you_mean, Diagnostics};
use crate::link::Site;
use crate::load::content::{Page, PageKind};
use crate::render::{OutputFile, PageSummary, Renderer};
use crate::text::date::Date;
use minijinja::Value;
use registry::{Registry, PROVISIONS_FILE};
use rulings::Rulings;
use std::collections::BTreeSet;
use std::path::Path;

/// Where the ruling listing lives; a section `content/rattsfall/_index.md` may own it.
pub const RULINGS_PATH: &str = "rattsfall/";
pub const PROVISIONS_PATH: &str = "lagrum/";
const LATEST_ON_HOME: usize = 3;

#[derive(Debug, Default)]
pub struct Legal {
    pub registry: Registry,
    pub rulings: Rulings,
    /// True when no content page publishes `/rattsfall/`, so the listing is generated.
    generate_listing: bool,
    /// Filter pages, computed once at load: used for `extra_paths` and rendering.
    filters: Vec<listing::Filter>,
}

impl Legal {
    pub fn load(root: &Path, pages: &[Page], diags: &mut Diagnostics) -> Legal {
        Self::load_as_of(root, pages, Date::today(), diags)
    }

    /// As [`Legal::load`], with "today" given, so that tests of future dates are stable.
    pub fn load_as_of(root: &Path, pages: &[Page], today: Date, diags: &mut Diagnostics) -> Legal {
        let registry = Registry::load(root, diags);
        let rulings = Rulings::build(pages, &registry, today, diags);
        let section_exists = pages.iter().any(|p| p.path == RULINGS_PATH);
        let has_rulings = pages.iter().any(|p| p.kind == PageKind::Ruling);
        let filters = listing::filters(&rulings, &registry);
        Legal {
            generate_listing: has_rulings && !section_exists,
            registry,
            rulings,
            filters,
        }
    }

    pub fn extra_paths(&self) -> BTreeSet<String> {
        let mut paths = BTreeSet::new();
        if !self.registry.provisions.is_empty() {
            paths.insert(PROVISIONS_PATH.to_string());
            for p in &self.registry.provisions {
                paths.insert(provision_path(&p.slug));
            }
        }
        if self.generate_listing {
            paths.insert(RULINGS_PATH.to_string());
        }
        for f in &self.filters {
            paths.insert(f.path.clone());
        }
        for facet in listing::facets_with_filters(&self.filters) {
            paths.insert(listing::facet_path(facet));
        }
        paths
    }

    /// `[[B 583-23]]`, `[[Svea hovrätt B 1070-23]]` → a ruling; `[[BrB 4:1 b]]` → a provision.
    pub fn resolve(&self, target: &str) -> Result<(String, String), (String, String)> {
        let reg = &self.registry;
        if let Some((court_text, case)) = cite::split_court_and_case(target) {
            let found = if court_text.is_empty() {
                match self.rulings.by_case(&case) {
                    [one] => *one,
                    [] => return Err(self.unknown_case(target, &case.to_string())),
                    many => {
                        let forms: Vec<String> = many
                            .iter()
                            .map(|&i| {
                                format!(
                                    "[[{} {case}]]",
                                    reg.courts[self.rulings.list[i].court].name
                                )
                            })
                            .collect();
                        return Err((
                            format!(
                                "`[[{target}]]` is ambiguous: {} rulings have case number {case}",
                                many.len()
                            ),
                            format!("name the court: {}", forms.join(" or ")),
                        ));
                    }
                }
            } else {
                let Some(court) = reg.court_by_name(court_text) else {
                    let hint = match reg.suggest_court(court_text) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => {
                            "write the court's full name, e.g. [[Svea hovrätt B 1070-23]]".into()
                        }
                    };
                    return Err((
                        format!("`[[{target}]]` names an unknown court `{court_text}`"),
                        hint,
                    ));
                };
                match self.rulings.by_court_case(court, &case) {
                    Some(i) => i,
                    None => {
                        return Err(self
                            .unknown_case(target, &format!("{} {case}", reg.courts[court].name)))
                    }
                }
            };
            let r = &self.rulings.list[found];
            return Ok((r.path.clone(), r.citation(reg)));
        }
        match reg.find_provision(target) {
            Ok(i) => {
                let p = &reg.provisions[i];
                Ok((provision_path(&p.slug), p.citation.clone()))
            }
            Err(hint) if cite::parse_provision(target).is_some() => Err((
                format!("`[[{target}]]` names no provision in {PROVISIONS_FILE}"),
                hint,
            )),
            Err(_) => Err((
                format!("`[[{target}]]` cites nothing known"),
                "cite a ruling by case number ([[B 583-23]]) or a provision ([[BrB 4:1 b]])".into(),
            )),
        }
    }

    fn unknown_case(&self, target: &str, wanted: &str) -> (String, String) {
        let known: Vec<String> = self
            .rulings
            .list
            .iter()
            .map(|r| r.case.to_string())
            .chain(
                self.rulings
                    .list
                    .iter()
                    .map(|r| format!("{} {}", self.registry.courts[r.court].name, r.case)),
            )
            .collect();
        let hint = match did_you_mean(wanted, known.iter().map(String::as_str)) {
            Some(s) => format!("did you mean [[{s}]]?"),
            None => "only rulings with a page in content/rattsfall/ can be cited; add one or check the number".into(),
        };
        (
            format!("`[[{target}]]` cites no known ruling: no page describes {wanted}"),
            hint,
        )
    }

    /// Template variables for a ruling page (`ruling`) and the ruling section (`rulings`).
    pub fn extras(&self, site: &Site, index: usize) -> Vec<(&'static str, Value)> {
        let Some(sp) = site.pages.get(index) else {
            return Vec::new();
        };
        if sp.page.kind == PageKind::Ruling {
            if let Some(&r) = self.rulings.by_path.get(&sp.page.path) {
                return vec![("ruling", pages::ruling_value(self, site, r))];
            }
        }
        if sp.page.path.is_empty() && !self.rulings.list.is_empty() {
            return vec![("home", self.home_value(site))];
        }
        if sp.page.path == RULINGS_PATH && sp.page.kind == PageKind::Section {
            return vec![(
                "rulings",
                listing::listing_value(
                    self,
                    site,
                    None,
                    &sp.page.meta.title,
                    &sp.page.meta.summary,
                ),
            )];
        }
        Vec::new()
    }

    /// `home.latest_rulings`: the three newest rulings, as page summaries.
    fn home_value(&self, site: &Site) -> Value {
        let latest: Vec<PageSummary> = self
            .rulings
            .newest_first(&self.registry)
            .into_iter()
            .take(LATEST_ON_HOME)
            .filter_map(|i| site.by_path.get(&self.rulings.list[i].path))
            .map(|&pi| {
                let p = &site.pages[pi].page;
                PageSummary {
                    title: p.meta.title.clone(),
                    url: site.url(&p.path),
                    summary: p.meta.summary.clone(),
                    updated: p.meta.updated.map(|d| d.to_string()),
                    kind: p.kind.label(),
                }
            })
            .collect();
        minijinja::context! { latest_rulings => crate::render::ser(latest) }
    }

    /// The generated pages: provisions, the ruling listing (unless a section owns it)
    /// and its filter pages.
    pub fn render(
        &self,
        r: &Renderer<'_>,
    ) -> (Vec<OutputFile>, Vec<crate::diagnostics::Diagnostic>) {
        let mut results = pages::provision_pages(self, r);
        results.extend(listing::render(
            self,
            r,
            self.generate_listing,
            &self.filters,
        ));
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for res in results {
            match res {
                Ok(f) => files.push(f),
                Err(e) => errors.push(e),
            }
        }
        (files, errors)
    }
}

pub fn provision_path(slug: &str) -> String {
    format!("{PROVISIONS_PATH}{slug}/")
}
