//! Template data for ruling pages (`ruling`) and the generated provision pages
//! (`/lagrum/`, `/lagrum/<slug>/`), which list every ruling charged under a provision
//! and every page that cites it, the way lagen.nu's statute pages do.

use super::listing::{self, Facet, RulingItem};
use super::{provision_path, Legal, PROVISIONS_PATH};
use crate::diagnostics::Diagnostic;
use crate::link::Site;
use crate::render::{ser, OutputFile, Renderer};
use minijinja::{context, Value};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Serialize)]
struct ChargeCtx {
    provision_id: String,
    provision_citation: String,
    provision_url: String,
    name: String,
    grade: Option<&'static str>,
    outcome: &'static str,
}

#[derive(Debug, Serialize)]
struct ChainCtx {
    citation: String,
    url: String,
    current: bool,
    instance: &'static str,
}

#[derive(Debug, Serialize)]
struct PageRef {
    title: String,
    url: String,
    kind: &'static str,
}

#[derive(Debug, Serialize)]
struct NamedUrl {
    name: String,
    url: String,
}

/// The `ruling` variable of `ruling.html`.
pub fn ruling_value(legal: &Legal, site: &Site, i: usize) -> Value {
    let reg = &legal.registry;
    let rulings = &legal.rulings;
    let r = &rulings.list[i];
    let charges: Vec<ChargeCtx> = r
        .charges
        .iter()
        .map(|c| match c.provision.and_then(|p| reg.provisions.get(p)) {
            Some(p) => ChargeCtx {
                provision_id: p.id.clone(),
                provision_citation: p.citation.clone(),
                provision_url: site.url(&provision_path(&p.slug)),
                name: p.name.clone(),
                grade: c.grade.map(|g| g.name()),
                outcome: c.outcome.name(),
            },
            None => ChargeCtx {
                provision_id: c.written.clone(),
                provision_citation: c.written.clone(),
                provision_url: String::new(),
                name: String::new(),
                grade: c.grade.map(|g| g.name()),
                outcome: c.outcome.name(),
            },
        })
        .collect();
    let chain_members = rulings.chain(i, reg);
    let appeal_chain: Vec<ChainCtx> = chain_members
        .iter()
        .map(|&m| {
            let mr = &rulings.list[m];
            ChainCtx {
                citation: mr.citation(reg),
                url: site.url(&mr.path),
                current: m == i,
                instance: reg.courts.get(mr.court).map_or("", |c| c.instance.name()),
            }
        })
        .collect();
    let chain_paths: BTreeSet<&str> = chain_members
        .iter()
        .map(|&m| rulings.list[m].path.as_str())
        .collect();
    let related: Vec<PageRef> = site
        .by_path
        .get(&r.path)
        .map(|&pi| {
            site.pages[pi]
                .backlinks
                .iter()
                .map(|&b| &site.pages[b].page)
                .filter(|p| !chain_paths.contains(p.path.as_str()))
                .map(|p| PageRef {
                    title: p.meta.title.clone(),
                    url: site.url(&p.path),
                    kind: p.kind.label(),
                })
                .collect()
        })
        .unwrap_or_default();
    let court = reg.courts.get(r.court);
    let filter_url = |facet: Facet, slug: &str| {
        site.url(&format!("{}{}/{slug}/", super::RULINGS_PATH, facet.key()))
    };
    let exploitation: Vec<NamedUrl> = r
        .exploitation
        .iter()
        .map(|e| NamedUrl {
            name: e.name().to_string(),
            url: filter_url(Facet::Exploitation, &crate::text::slug::slugify(e.name())),
        })
        .collect();
    let citation = r.citation(reg);
    let permalink = format!("{}{}", site.config.base_url, r.path);
    context! {
        citation => citation.clone(),
        cite_this => format!("{citation}. Sammanfattning: {}, {permalink}", site.config.title),
        court => court.map(|c| c.name.clone()).unwrap_or_default(),
        court_url => court.map(|c| filter_url(Facet::Court, &c.id)).unwrap_or_default(),
        instance => court.map_or("", |c| c.instance.name()),
        case => r.case.to_string(),
        decided => r.decided.to_string(),
        kind => r.kind_name(),
        charges => ser(charges),
        appeal_chain => ser(appeal_chain),
        related => ser(related),
        source => r.source.clone(),
        sentence => r.sentence.clone(),
        exploitation => ser(exploitation),
        sectors => r.sectors.clone(),
        listing_url => site.url(super::RULINGS_PATH),
    }
}

/// For each provision, the pages whose body cites it with `[[…]]`, by title.
fn citing_pages(legal: &Legal, site: &Site) -> BTreeMap<String, Vec<usize>> {
    let mut map: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, sp) in site.pages.iter().enumerate() {
        for c in &sp.parsed.analysis.citations {
            if let Ok((path, _)) = legal.resolve(&c.target) {
                if path.starts_with(PROVISIONS_PATH) {
                    map.entry(path).or_default().insert(i);
                }
            }
        }
    }
    map.into_iter()
        .map(|(path, set)| {
            let mut v: Vec<usize> = set.into_iter().collect();
            v.sort_by(|&a, &b| {
                crate::text::swedish_cmp(
                    &site.pages[a].page.meta.title,
                    &site.pages[b].page.meta.title,
                )
            });
            (path, v)
        })
        .collect()
}

#[derive(Debug, Serialize)]
struct ProvisionSummary {
    id: String,
    name: String,
    citation: String,
    url: String,
    summary: String,
    rulings: usize,
    cited_by: usize,
}

#[derive(Debug, Serialize)]
struct LawGroup {
    name: String,
    sfs: Option<String>,
    provisions: Vec<ProvisionSummary>,
}

/// `/lagrum/` and one `/lagrum/<slug>/` per registered provision.
pub fn provision_pages(legal: &Legal, r: &Renderer<'_>) -> Vec<Result<OutputFile, Diagnostic>> {
    let reg = &legal.registry;
    let site = r.site;
    if reg.provisions.is_empty() {
        return Vec::new();
    }
    let citing = citing_pages(legal, site);
    let newest = legal.rulings.newest_first(reg);
    let mut out = Vec::new();
    let mut laws: Vec<LawGroup> = Vec::new();
    for (pi, p) in reg.provisions.iter().enumerate() {
        let path = provision_path(&p.slug);
        let rulings: Vec<RulingItem> = newest
            .iter()
            .map(|&i| &legal.rulings.list[i])
            .filter(|ru| ru.provisions().contains(&pi))
            .map(|ru| {
                // Show how the charges under this provision ended, not the whole case.
                let mut it = listing::item(legal, site, ru);
                let outcomes: BTreeSet<_> = ru
                    .charges
                    .iter()
                    .filter(|c| c.provision == Some(pi))
                    .map(|c| c.outcome)
                    .collect();
                it.outcomes = outcomes.into_iter().map(|o| o.name()).collect();
                it
            })
            .collect();
        let cited_by: Vec<PageRef> = citing
            .get(&path)
            .map(|v| {
                v.iter()
                    .map(|&i| &site.pages[i].page)
                    .map(|pg| PageRef {
                        title: pg.meta.title.clone(),
                        url: site.url(&pg.path),
                        kind: pg.kind.label(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let filter = legal
            .filters
            .iter()
            .find(|f| f.facet == Facet::Provision && f.path.ends_with(&format!("/{}/", p.slug)));
        let summary = ProvisionSummary {
            id: p.id.clone(),
            name: p.name.clone(),
            citation: p.citation.clone(),
            url: site.url(&path),
            summary: p.summary.clone(),
            rulings: rulings.len(),
            cited_by: cited_by.len(),
        };
        match laws.iter_mut().find(|l| l.name == p.law) {
            Some(l) => l.provisions.push(summary),
            None => laws.push(LawGroup {
                name: p.law.clone(),
                sfs: p.sfs.clone(),
                provisions: vec![summary],
            }),
        }
        let v = context! {
            id => p.id.clone(),
            slug => p.slug.clone(),
            name => p.name.clone(),
            law => p.law.clone(),
            sfs => p.sfs.clone(),
            chapter => p.chapter,
            section => p.section.clone(),
            citation => p.citation.clone(),
            official_url => p.url.clone(),
            summary => p.summary.clone(),
            note => p.note.clone(),
            url => site.url(&path),
            index_url => site.url(PROVISIONS_PATH),
            rulings => ser(rulings),
            rulings_url => filter.map(|f| site.url(&f.path)),
            cited_by => ser(cited_by),
        };
        out.push(r.render_extra("provision.html", &path, "provision", vec![("provision", v)]));
    }
    let v = context! {
        title => "Lagrum",
        summary => "Bestämmelserna som rättsfallen och artiklarna på webbplatsen hänvisar till.",
        url => site.url(PROVISIONS_PATH),
        laws => ser(laws),
        count => reg.provisions.len(),
    };
    out.push(r.render_extra(
        "provisions.html",
        PROVISIONS_PATH,
        "provisions",
        vec![("provisions", v)],
    ));
    out
}
