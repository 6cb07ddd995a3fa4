//! The ruling listing (`/rattsfall/`) and its static filter pages, one per value of
//! each facet — court, instance, year, provision, outcome, purpose of exploitation — so
//! that filtering works without JavaScript and every filtered view has a stable URL; each
//! facet's folder (`/rattsfall/domstol/`) lists that facet's values.

use super::registry::{Instance, Registry};
use super::rulings::{Ruling, Rulings};
use super::{provision_path, Legal, RULINGS_PATH};
use crate::diagnostics::Diagnostic;
use crate::link::Site;
use crate::load::content::frontmatter::{Exploitation, Outcome};
use crate::render::{ser, OutputFile, Renderer};
use crate::text::slug::slugify;
use minijinja::{context, Value};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Facet {
    Court,
    Instance,
    Year,
    Provision,
    Outcome,
    Exploitation,
}

impl Facet {
    const ALL: [Facet; 6] = [
        Facet::Court,
        Facet::Instance,
        Facet::Year,
        Facet::Provision,
        Facet::Outcome,
        Facet::Exploitation,
    ];

    /// The URL segment: `/rattsfall/domstol/<court-id>/`.
    pub fn key(self) -> &'static str {
        match self {
            Facet::Court => "domstol",
            Facet::Instance => "instans",
            Facet::Year => "ar",
            Facet::Provision => "lagrum",
            Facet::Outcome => "utgang",
            Facet::Exploitation => "andamal",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Facet::Court => "Domstol",
            Facet::Instance => "Instans",
            Facet::Year => "År",
            Facet::Provision => "Lagrum",
            Facet::Outcome => "Utgång",
            Facet::Exploitation => "Ändamål",
        }
    }
}

/// One filter page: the rulings with one value of one facet.
#[derive(Debug, Clone)]
pub struct Filter {
    pub facet: Facet,
    pub name: String,
    pub path: String,
    /// Ruling indices, newest first.
    pub members: Vec<usize>,
}

/// Every filter page the rulings call for, facet by facet, values in a natural order.
pub fn filters(rulings: &Rulings, reg: &Registry) -> Vec<Filter> {
    // (facet, sort key) → (slug, display name, members)
    let mut groups: BTreeMap<(Facet, String), (String, String, Vec<usize>)> = BTreeMap::new();
    let mut add = |facet: Facet, order: String, slug: String, name: String, i: usize| {
        let e = groups
            .entry((facet, order))
            .or_insert_with(|| (slug, name, Vec::new()));
        if !e.2.contains(&i) {
            e.2.push(i);
        }
    };
    for i in rulings.newest_first(reg) {
        let r = &rulings.list[i];
        let Some(court) = reg.courts.get(r.court) else {
            continue;
        };
        let inst = court.instance as u8;
        add(
            Facet::Court,
            format!("{inst}{}", sort_key(&court.name)),
            court.id.clone(),
            court.name.clone(),
            i,
        );
        add(
            Facet::Instance,
            inst.to_string(),
            court.instance.slug().into(),
            instance_title(court.instance).into(),
            i,
        );
        // Newest year first: order by the complement of the year.
        add(
            Facet::Year,
            format!("{:05}", 99_999 - r.decided.year),
            r.decided.year.to_string(),
            r.decided.year.to_string(),
            i,
        );
        for p in r.provisions() {
            let prov = &reg.provisions[p];
            add(
                Facet::Provision,
                format!("{p:05}"),
                prov.slug.clone(),
                format!("{} ({})", prov.citation, prov.name),
                i,
            );
        }
        for o in r.outcomes() {
            add(
                Facet::Outcome,
                format!("{:02}", o as u8),
                slugify(o.name()),
                capitalise(o.name()),
                i,
            );
        }
        for e in &r.exploitation {
            add(
                Facet::Exploitation,
                format!("{:02}", *e as u8),
                slugify(e.name()),
                capitalise(e.name()),
                i,
            );
        }
    }
    groups
        .into_iter()
        .map(|((facet, _), (slug, name, members))| Filter {
            facet,
            path: format!("{RULINGS_PATH}{}/{slug}/", facet.key()),
            name,
            members,
        })
        .collect()
}

fn sort_key(s: &str) -> String {
    // Swedish order for court names within one instance: fold å, ä, ö after z.
    s.chars()
        .map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'å' => '{',
            'ä' => '|',
            'ö' => '}',
            l => l,
        })
        .collect()
}

fn instance_title(i: Instance) -> &'static str {
    match i {
        Instance::Tingsratt => "Tingsrätt",
        Instance::Hovratt => "Hovrätt",
        Instance::HogstaDomstolen => "Högsta domstolen",
    }
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[derive(Debug, Serialize)]
pub struct ProvisionLink {
    pub id: String,
    pub citation: String,
    pub name: String,
    pub url: String,
}

/// One ruling in a list: enough to show its citation, what it was about and how it ended.
#[derive(Debug, Serialize)]
pub struct RulingItem {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub citation: String,
    pub court: String,
    pub instance: &'static str,
    pub case: String,
    pub decided: String,
    pub kind: &'static str,
    pub outcomes: Vec<&'static str>,
    pub provisions: Vec<ProvisionLink>,
    pub exploitation: Vec<&'static str>,
    pub sectors: Vec<String>,
}

pub fn item(legal: &Legal, site: &Site, r: &Ruling) -> RulingItem {
    let reg = &legal.registry;
    RulingItem {
        title: r.title.clone(),
        url: site.url(&r.path),
        summary: r.summary.clone(),
        citation: r.citation(reg),
        court: reg
            .courts
            .get(r.court)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        instance: reg.courts.get(r.court).map_or("", |c| c.instance.name()),
        case: r.case.to_string(),
        decided: r.decided.to_string(),
        kind: r.kind_name(),
        outcomes: r.outcomes().into_iter().map(Outcome::name).collect(),
        provisions: r
            .provisions()
            .into_iter()
            .map(|p| {
                let prov = &reg.provisions[p];
                ProvisionLink {
                    id: prov.id.clone(),
                    citation: prov.citation.clone(),
                    name: prov.name.clone(),
                    url: site.url(&provision_path(&prov.slug)),
                }
            })
            .collect(),
        exploitation: r
            .exploitation
            .iter()
            .map(|e: &Exploitation| e.name())
            .collect(),
        sectors: r.sectors.clone(),
    }
}

#[derive(Debug, Serialize)]
struct FacetValue {
    name: String,
    url: String,
    count: usize,
    current: bool,
}

#[derive(Debug, Serialize)]
struct FacetCtx {
    key: &'static str,
    label: &'static str,
    values: Vec<FacetValue>,
}

/// The `rulings` template variable: all rulings, or those of one filter.
pub fn listing_value(
    legal: &Legal,
    site: &Site,
    current: Option<&Filter>,
    title: &str,
    summary: &str,
) -> Value {
    let reg = &legal.registry;
    let members = match current {
        Some(f) => f.members.clone(),
        None => legal.rulings.newest_first(reg),
    };
    let items: Vec<RulingItem> = members
        .iter()
        .map(|&i| item(legal, site, &legal.rulings.list[i]))
        .collect();
    let facets: Vec<FacetCtx> = Facet::ALL
        .iter()
        .map(|&facet| FacetCtx {
            key: facet.key(),
            label: facet.label(),
            values: legal
                .filters
                .iter()
                .filter(|f| f.facet == facet)
                .map(|f| FacetValue {
                    name: f.name.clone(),
                    url: site.url(&f.path),
                    count: f.members.len(),
                    current: current.is_some_and(|c| c.path == f.path),
                })
                .collect(),
        })
        .filter(|f| !f.values.is_empty())
        .collect();
    let filter = current.map(
        |f| context! { key => f.facet.key(), label => f.facet.label(), name => f.name.clone() },
    );
    context! {
        title => title,
        summary => summary,
        url => site.url(current.map_or(RULINGS_PATH, |f| f.path.as_str())),
        all_url => site.url(RULINGS_PATH),
        total => legal.rulings.list.len(),
        count => items.len(),
        filter => filter,
        items => ser(items),
        facets => ser(facets),
    }
}

/// The folder of a facet's filter pages: `rattsfall/domstol/`.
pub fn facet_path(facet: Facet) -> String {
    format!("{RULINGS_PATH}{}/", facet.key())
}

/// The facets that have filter pages, each once, in [`Facet::ALL`] order.
pub fn facets_with_filters(filters: &[Filter]) -> Vec<Facet> {
    Facet::ALL
        .into_iter()
        .filter(|f| filters.iter().any(|x| x.facet == *f))
        .collect()
}

/// The `facet` variable of `ruling-facet.html`: a facet folder (`/rattsfall/domstol/`)
/// lists its values, so the folder of every filter page answers.
fn facet_value(legal: &Legal, site: &Site, facet: Facet, section_title: &str) -> Value {
    let values: Vec<FacetValue> = legal
        .filters
        .iter()
        .filter(|f| f.facet == facet)
        .map(|f| FacetValue {
            name: f.name.clone(),
            url: site.url(&f.path),
            count: f.members.len(),
            current: false,
        })
        .collect();
    let others: Vec<Value> = facets_with_filters(&legal.filters)
        .into_iter()
        .filter(|f| *f != facet)
        .map(|f| context! { label => f.label(), url => site.url(&facet_path(f)) })
        .collect();
    context! {
        title => format!("{section_title} efter {}", facet.label().to_lowercase()),
        label => facet.label(),
        key => facet.key(),
        url => site.url(&facet_path(facet)),
        all_url => site.url(RULINGS_PATH),
        section_title => section_title,
        total => legal.rulings.list.len(),
        values => ser(values),
        others => others,
    }
}

/// `/rattsfall/` (when no section owns it) and every filter page.
pub fn render(
    legal: &Legal,
    r: &Renderer<'_>,
    with_listing: bool,
    filters: &[Filter],
) -> Vec<Result<OutputFile, Diagnostic>> {
    let mut out = Vec::new();
    let summary = "Domar och beslut om människohandel och människoexploatering, de senaste först.";
    if with_listing {
        let v = listing_value(legal, r.site, None, "Rättsfall", summary);
        out.push(r.render_extra(
            "rulings.html",
            RULINGS_PATH,
            "rulings",
            vec![("rulings", v)],
        ));
    }
    let section_title = r.site.by_path.get(RULINGS_PATH).map_or_else(
        || "Rättsfall".to_string(),
        |&i| r.site.pages[i].page.meta.title.clone(),
    );
    for facet in facets_with_filters(filters) {
        let v = facet_value(legal, r.site, facet, &section_title);
        out.push(r.render_extra(
            "ruling-facet.html",
            &facet_path(facet),
            "rulings",
            vec![("facet", v)],
        ));
    }
    for f in filters {
        let title = format!("{section_title}: {}", f.name);
        let summary = format!("{} – {}.", f.facet.label(), f.name);
        let v = listing_value(legal, r.site, Some(f), &title, &summary);
        out.push(r.render_extra("rulings.html", &f.path, "rulings", vec![("rulings", v)]));
    }
    out
}
