//! The site's structure from front matter: sections and their sorted pages, backlinks in
//! title order, taxonomies (tags, audiences). `serve` re-runs it alone after a change of
//! front matter that moved nothing ([`restructure`]).

use crate::link::{Site, SitePage, Taxonomy, TaxonomyTerm};
use crate::load::content::PageKind;
use crate::text::slug::slugify;
use std::collections::{BTreeMap, HashMap};

/// Backlinks in title order.
pub(crate) fn sort_backlinks(site_pages: &mut [SitePage]) {
    for i in 0..site_pages.len() {
        let mut bl = std::mem::take(&mut site_pages[i].backlinks);
        bl.sort_by(|&a, &b| {
            site_pages[a]
                .page
                .meta
                .title
                .cmp(&site_pages[b].page.meta.title)
        });
        site_pages[i].backlinks = bl;
    }
}

/// Recompute what follows from front matter alone — sections and their page lists, the
/// order of backlinks, taxonomies — after `serve` replaced a page's front matter in place
/// (same URL, same links and headings), without linking every page again.
pub fn restructure(site: &mut Site) {
    for sp in site.pages.iter_mut() {
        sp.parent = None;
        sp.children.clear();
        sp.subsections.clear();
    }
    build_tree(&mut site.pages);
    sort_backlinks(&mut site.pages);
    site.taxonomies = build_taxonomies(&site.pages);
}

/// Attach every page to its nearest section; sort each section's pages.
pub(crate) fn build_tree(pages: &mut [SitePage]) {
    // Per language: a translated page belongs to its language's version of the section,
    // or to the nearest enclosing one that exists in its language.
    let section_of_dir: HashMap<(String, String), usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.page.kind == PageKind::Section)
        .map(|(i, p)| ((p.page.lang.clone(), p.page.content_dir().to_string()), i))
        .collect();
    for sp in pages.iter_mut() {
        let mut dir = sp.page.content_dir().to_string();
        if sp.page.kind == PageKind::Section {
            if dir.is_empty() {
                continue; // the home page has no parent
            }
            dir = parent_dir(&dir);
        }
        loop {
            if let Some(&s) = section_of_dir.get(&(sp.page.lang.clone(), dir.clone())) {
                sp.parent = Some(s);
                break;
            }
            if dir.is_empty() {
                break;
            }
            dir = parent_dir(&dir);
        }
    }
    for i in 0..pages.len() {
        if let Some(p) = pages[i].parent {
            if pages[i].page.kind == PageKind::Section {
                pages[p].subsections.push(i);
            } else {
                pages[p].children.push(i);
            }
        }
    }
    for s in 0..pages.len() {
        let sort_by = pages[s].page.meta.sort_by;
        let mut children = std::mem::take(&mut pages[s].children);
        sort_pages(&mut children, pages, sort_by);
        pages[s].children = children;
        let mut subs = std::mem::take(&mut pages[s].subsections);
        sort_pages(
            &mut subs,
            pages,
            crate::load::content::frontmatter::SortBy::Weight,
        );
        pages[s].subsections = subs;
    }
}

fn parent_dir(dir: &str) -> String {
    match dir.rfind('/') {
        Some(i) => dir[..i].to_string(),
        None => String::new(),
    }
}

fn sort_pages(
    list: &mut [usize],
    pages: &[SitePage],
    by: crate::load::content::frontmatter::SortBy,
) {
    use crate::load::content::frontmatter::SortBy;
    // Keys computed once per page: a section can hold tens of thousands of pages.
    list.sort_by_cached_key(|&i| {
        let meta = &pages[i].page.meta;
        let primary = match by {
            SortBy::Weight => (meta.weight.unwrap_or(i64::MAX), None),
            SortBy::Title => (0, None),
            SortBy::Updated => (0, Some(std::cmp::Reverse(meta.updated))),
        };
        (
            primary,
            crate::text::swedish_key(&meta.title),
            pages[i].page.content_path.clone(),
        )
    });
}

pub(crate) fn build_taxonomies(pages: &[SitePage]) -> Vec<Taxonomy> {
    let mut tags: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    let mut audience: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        // The taxonomies are the default language's (their pages and names are Swedish).
        if p.page.kind == PageKind::Section || p.page.translation.is_some() {
            continue;
        }
        for t in &p.page.meta.tags {
            let e = tags
                .entry(slugify(t))
                .or_insert_with(|| (t.clone(), Vec::new()));
            e.1.push(i);
        }
        for a in &p.page.meta.audience {
            let e = audience
                .entry(slugify(a.name()))
                .or_insert_with(|| (a.name().to_string(), Vec::new()));
            e.1.push(i);
        }
    }
    let to_terms = |m: BTreeMap<String, (String, Vec<usize>)>| -> Vec<TaxonomyTerm> {
        let mut terms: Vec<TaxonomyTerm> = m
            .into_iter()
            .filter(|(slug, _)| !slug.is_empty())
            .map(|(slug, (name, mut pages_of))| {
                pages_of
                    .sort_by_cached_key(|&i| crate::text::swedish_key(&pages[i].page.meta.title));
                TaxonomyTerm {
                    name,
                    slug,
                    pages: pages_of,
                }
            })
            .collect();
        terms.sort_by(|a, b| crate::text::swedish_cmp(&a.name, &b.name));
        terms
    };
    vec![
        Taxonomy {
            slug: "taggar",
            label: "Ämnesord",
            terms: to_terms(tags),
        },
        Taxonomy {
            slug: "malgrupp",
            label: "Målgrupper",
            terms: to_terms(audience),
        },
    ]
}
