//! The `term` variable of a glossary term's page: its forms, the related terms it names
//! and the pages that use it (its backlinks, which include every first-mention link).

use crate::link::Site;
use crate::load::content::PageKind;
use crate::parse::glossary::chars_of;
use crate::render::{ser, Link};
use minijinja::Value;

/// The `term` variable of a term page: its forms, related terms and where it is used.
pub fn term_value(site: &Site, index: usize) -> Option<Value> {
    let sp = site.pages.get(index)?;
    let term = sp.page.term.as_ref()?;
    let terms: Vec<(Vec<char>, usize)> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.page.kind == PageKind::Term)
        .map(|(i, p)| (chars_of(&p.page.meta.title), i))
        .collect();
    let link = |i: usize| Link {
        title: site.pages[i].page.meta.title.clone(),
        url: site.url(&site.pages[i].page.path),
    };
    let see_also: Vec<Link> = term
        .see_also
        .iter()
        .filter_map(|name| {
            let want = chars_of(name);
            terms
                .iter()
                .find(|(t, _)| *t == want)
                .map(|&(_, i)| link(i))
        })
        .collect();
    let used_in: Vec<Link> = sp.backlinks.iter().map(|&b| link(b)).collect();
    Some(minijinja::context! {
        forms => term.forms.clone(),
        lang => term.lang.clone(),
        see_also => ser(see_also),
        used_in => ser(used_in),
    })
}
