//! Turn the linked site into search documents: plain text of every page, with the
//! facets a reader filters by (kind, audience, and for rulings court, instance, year,
//! provision, outcome, exploitation) and exact keys (case numbers) that rank first.

use crate::link::{Site, SitePage};
use crate::load::content::PageKind;
use kunskapsnav_search::SearchDoc;
use rayon::prelude::*;
use std::collections::BTreeMap;

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Article => "artikel",
        PageKind::Ruling => "rättsfall",
        PageKind::Term => "ordlista",
        PageKind::Page | PageKind::Section => "sida",
    }
}

/// The body's plain text, inline shortcodes (a `stat` figure) as their text so sentences
/// stay whole in snippets; block ones (charts) are dropped, their pages are indexed on
/// their own.
fn with_inline_figures(sp: &SitePage, mut text: String) -> String {
    let mark = crate::parse::shortcode::MARK;
    if !text.contains(mark) {
        return text;
    }
    for (i, (sc, html)) in sp
        .parsed
        .shortcodes
        .iter()
        .zip(&sp.shortcode_html)
        .enumerate()
    {
        let replacement = if sc.block {
            String::new()
        } else {
            strip_tags(html)
        };
        text = text.replacen(&crate::parse::shortcode::placeholder(i), &replacement, 1);
    }
    // Shortcode placeholders carry no words.
    text.replace(mark, " ")
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// The search documents of a site that stays (`serve` keeps it between rebuilds).
pub fn collect(site: &Site) -> Vec<SearchDoc> {
    site.pages
        .par_iter()
        .map(|sp| document(sp, sp.parsed.text.clone(), &site.base_path))
        .collect()
}

fn document(sp: &SitePage, text: String, base_path: &str) -> SearchDoc {
    let p = &sp.page;
    let mut facets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |k: &str, v: String| facets.entry(k.to_string()).or_default().push(v);
    for a in &p.meta.audience {
        add("audience", a.name().to_string());
    }
    let mut keys = Vec::new();
    if let Some(r) = &p.ruling {
        add("court", r.court.clone());
        add("year", r.decided.year.to_string());
        for c in &r.charges {
            add("provision", c.provision.clone());
            add("outcome", c.outcome.name().to_string());
        }
        for e in &r.exploitation {
            add("exploitation", e.name().to_string());
        }
        let instance = if r.court.contains("tingsrätt") {
            "tingsrätt"
        } else if r.court.contains("ovrätt") {
            "hovrätt"
        } else {
            "högsta domstolen"
        };
        add("instance", instance.to_string());
        keys.push(match crate::legal::cite::parse_case(&r.case) {
            Ok(c) => c.as_str().to_string(),
            Err(_) => r.case.clone(),
        });
    }
    for v in facets.values_mut() {
        v.sort();
        v.dedup();
    }
    SearchDoc {
        url: crate::link::join_url(base_path, &p.path),
        title: p.meta.title.clone(),
        kind: kind_name(p.kind).to_string(),
        headings: sp
            .parsed
            .analysis
            .headings
            .iter()
            .map(|h| h.title.clone())
            .collect(),
        summary: p.meta.summary.clone(),
        body: with_inline_figures(sp, text),
        facets,
        keys,
        cites: Vec::new(),
        names: Vec::new(),
    }
}
