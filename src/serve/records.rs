//! What each rendered page was made from, in a compact form, so that after a re-link the
//! pages whose output could differ are found without rendering them: a page is
//! re-rendered when its own record changed, or when a page it shows (a backlink, a child
//! in a section list, an ancestor in its breadcrumbs) changed its title or summary.

use crate::link::Site;
use crate::pipeline::extensions::Extensions;
use crate::render::PageExtras;
use rayon::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRecord {
    /// The output file, `artiklar/x/index.html`.
    pub output: String,
    /// The URL path of the page, with the base path.
    pub url: String,
    /// Front matter text, URL and kind: what lists and other pages show of it.
    pub summary: u64,
    /// Resolved links, citations, glossary links and shortcode output.
    pub links: u64,
    /// Kind-specific template variables (rulings, terms, the home page).
    pub extras: u64,
    pub backlinks: Vec<String>,
    pub parent: Option<String>,
    pub children: Vec<String>,
    /// Subsections with their number of pages (shown in the parent's list).
    pub subsections: Vec<(String, usize)>,
}

fn hash_of(f: impl FnOnce(&mut DefaultHasher)) -> u64 {
    let mut h = DefaultHasher::new();
    f(&mut h);
    h.finish()
}

/// Records of every page, by content path.
pub fn records(site: &Site, ext: &Extensions) -> HashMap<String, PageRecord> {
    let cp = |i: usize| site.pages[i].page.content_path.clone();
    (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let sp = &site.pages[i];
            let p = &sp.page;
            let summary = hash_of(|h| {
                p.yaml().hash(h);
                p.path.hash(h);
                p.kind.hash(h);
            });
            let links = hash_of(|h| {
                let mut l: Vec<_> = sp.resolved.links.iter().collect();
                l.sort();
                l.hash(h);
                let mut c: Vec<_> = sp.resolved.citations.iter().collect();
                c.sort();
                c.hash(h);
                sp.resolved.glossary.hash(h);
                sp.shortcode_html.hash(h);
            });
            let extras = hash_of(|h| {
                for (name, value) in ext.extras(site, i) {
                    name.hash(h);
                    serde_json::to_string(&value).unwrap_or_default().hash(h);
                }
            });
            let record = PageRecord {
                output: format!("{}index.html", p.path),
                url: site.url(&p.path),
                summary,
                links,
                extras,
                backlinks: sp.backlinks.iter().map(|&b| cp(b)).collect(),
                parent: sp.parent.map(cp),
                children: sp.children.iter().map(|&c| cp(c)).collect(),
                subsections: sp
                    .subsections
                    .iter()
                    .map(|&s| (cp(s), site.pages[s].children.len()))
                    .collect(),
            };
            (p.content_path.clone(), record)
        })
        .collect()
}

/// Pages (by content path) whose output may differ between `old` and `new`, given the
/// files that changed on disk. Also returns the pages whose summary changed or that
/// appeared or disappeared, which decides whether lists, feeds and taxonomies re-render.
pub fn affected(
    old: &HashMap<String, PageRecord>,
    new: &HashMap<String, PageRecord>,
    changed: &BTreeSet<String>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut summary_changed: BTreeSet<String> = new
        .iter()
        .filter(|(k, r)| old.get(*k).is_none_or(|o| o.summary != r.summary))
        .map(|(k, _)| k.clone())
        .collect();
    summary_changed.extend(old.keys().filter(|k| !new.contains_key(*k)).cloned());

    let ancestors_changed = |first: Option<&String>| {
        let mut parent = first.cloned();
        let mut steps = 0;
        while let Some(p) = parent {
            if summary_changed.contains(&p) {
                return true;
            }
            steps += 1;
            if steps > 64 {
                break;
            }
            parent = new.get(&p).and_then(|r| r.parent.clone());
        }
        false
    };
    let mut out: BTreeSet<String> = changed
        .iter()
        .filter(|c| new.contains_key(*c))
        .cloned()
        .collect();
    for (k, r) in new {
        let own = old.get(k) != Some(r);
        let shows_changed = r.backlinks.iter().any(|b| summary_changed.contains(b))
            || r.children.iter().any(|c| summary_changed.contains(c))
            || r.subsections
                .iter()
                .any(|(s, _)| summary_changed.contains(s))
            || ancestors_changed(r.parent.as_ref());
        if own || shows_changed {
            out.insert(k.clone());
            // A section's page count shows in its parent's list of subsections.
            if own
                && old
                    .get(k)
                    .is_some_and(|o| o.children.len() != r.children.len())
            {
                if let Some(p) = &r.parent {
                    out.insert(p.clone());
                }
            }
        }
    }
    if !summary_changed.is_empty() {
        // The home page may show anything (latest rulings, key figures, sections).
        if new.contains_key("_index.md") {
            out.insert("_index.md".to_string());
        }
    }
    (out, summary_changed)
}

/// One hash per taxonomy output file (`taggar/index.html`, `taggar/x/index.html`): the
/// names and the pages listed. A term page whose pages changed their summary is also
/// re-rendered; see the caller.
pub fn taxonomy_records(site: &Site) -> HashMap<String, (u64, Vec<String>)> {
    let mut out = HashMap::new();
    for tax in &site.taxonomies {
        let list = hash_of(|h| {
            for t in &tax.terms {
                (&t.name, &t.slug, t.pages.len()).hash(h);
            }
        });
        out.insert(format!("{}/index.html", tax.slug), (list, Vec::new()));
        for t in &tax.terms {
            let pages: Vec<String> = t
                .pages
                .iter()
                .map(|&p| site.pages[p].page.content_path.clone())
                .collect();
            let key = hash_of(|h| {
                t.name.hash(h);
                pages.hash(h);
            });
            out.insert(format!("{}/{}/index.html", tax.slug, t.slug), (key, pages));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(summary: u64, parent: Option<&str>, children: &[&str]) -> PageRecord {
        PageRecord {
            output: String::new(),
            url: String::new(),
            summary,
            links: 0,
            extras: 0,
            backlinks: Vec::new(),
            parent: parent.map(str::to_string),
            children: children.iter().map(|s| s.to_string()).collect(),
            subsections: Vec::new(),
        }
    }

    /// The home page, a section `a/` in it and a page `a/x.md` in that.
    fn home_section_page() -> HashMap<String, PageRecord> {
        [
            ("_index.md".to_string(), rec(1, None, &[])),
            (
                "a/_index.md".to_string(),
                rec(2, Some("_index.md"), &["a/x.md"]),
            ),
            ("a/x.md".to_string(), rec(3, Some("a/_index.md"), &[])),
        ]
        .into()
    }

    #[test]
    fn a_body_change_affects_only_its_page() {
        let old = home_section_page();
        let changed: BTreeSet<String> = ["a/x.md".to_string()].into();
        let (aff, s) = affected(&old, &old.clone(), &changed);
        assert_eq!(aff, changed);
        assert!(s.is_empty());
    }

    #[test]
    fn a_title_change_affects_the_section_and_home() {
        let old = home_section_page();
        let mut new = old.clone();
        if let Some(r) = new.get_mut("a/x.md") {
            r.summary = 4;
        }
        let changed: BTreeSet<String> = ["a/x.md".to_string()].into();
        let (aff, _) = affected(&old, &new, &changed);
        assert!(
            aff.contains("a/_index.md") && aff.contains("_index.md"),
            "{aff:?}"
        );
    }
}
