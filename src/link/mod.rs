//! The link stage: loaded pages become an immutable [`Site`] — URLs checked for clashes,
//! sections and their pages, every internal link, anchor, citation and shortcode
//! resolved, backlinks and taxonomies computed. Rendering reads only this model.

pub mod cache;

use crate::diagnostics::{char_column, Diagnostic, Diagnostics};
use crate::link::cache::ParseCache;
use crate::load::config::Config;
use crate::load::content::{ContentAsset, Page, PageKind};
use crate::parse::glossary::Glossary;
use crate::parse::markdown::{self, is_external};
use crate::parse::shortcode::Shortcode;
use crate::parse::{parse_body, ParsedBody, Resolved};
use crate::text::slug::slugify;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Resolves `[[…]]` citations (rulings and provisions); provided by the legal module.
pub trait Citations: Sync {
    /// `Ok((site path without base, citation text))` or `Err((message, hint))`.
    fn resolve(&self, target: &str) -> Result<(String, String), (String, String)>;
}

/// Renders shortcodes; provided by the statistics module and others.
pub trait Shortcodes: Sync {
    fn names(&self) -> Vec<&'static str>;
    /// HTML for the shortcode, or `Err((message, hint))`. `base_path` prefixes links.
    fn render(&self, sc: &Shortcode, base_path: &str) -> Option<Result<String, (String, String)>>;
}

#[derive(Debug)]
pub struct SitePage {
    pub page: Page,
    /// The body's one parse: shortcodes, headings, links, HTML with slots, plain text.
    pub parsed: Arc<ParsedBody>,
    /// Each shortcode's HTML, in the order of `parsed.shortcodes`.
    pub shortcode_html: Vec<String>,
    /// What the link stage decided for the body's slots.
    pub resolved: Resolved,
    /// Index of the nearest enclosing section, if any.
    pub parent: Option<usize>,
    /// For sections: direct pages (sorted) and direct subsections.
    pub children: Vec<usize>,
    pub subsections: Vec<usize>,
    /// Pages whose body links here, sorted by title.
    pub backlinks: Vec<usize>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TaxonomyTerm {
    pub name: String,
    pub slug: String,
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// URL segment: `taggar`, `malgrupp`.
    pub slug: &'static str,
    pub label: &'static str,
    pub terms: Vec<TaxonomyTerm>,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub base_path: String,
    pub pages: Vec<SitePage>,
    pub by_path: HashMap<String, usize>,
    pub taxonomies: Vec<Taxonomy>,
    pub assets: Vec<ContentAsset>,
}

impl Site {
    /// A site path (no base, trailing slash) → absolute URL path with the base path.
    pub fn url(&self, path: &str) -> String {
        join_url(&self.base_path, path)
    }

    pub fn home(&self) -> Option<usize> {
        self.by_path.get("").copied()
    }
}

pub fn join_url(base_path: &str, path: &str) -> String {
    format!("{}{}", base_path, path.trim_start_matches('/'))
}

pub struct LinkInputs<'a> {
    pub config: Config,
    pub pages: Vec<Page>,
    pub assets: Vec<ContentAsset>,
    pub citations: &'a dyn Citations,
    pub shortcodes: &'a dyn Shortcodes,
    /// Site paths (no base) that exist besides pages: generated pages and static files.
    pub extra_paths: BTreeSet<String>,
}

pub fn link(inputs: LinkInputs<'_>) -> (Site, Diagnostics) {
    link_cached(inputs, &mut ParseCache::disabled())
}

/// As [`link`], reusing what `cache` remembers of bodies that did not change (`serve`
/// re-links after every save; only the changed files are parsed again).
pub fn link_cached(inputs: LinkInputs<'_>, cache: &mut ParseCache) -> (Site, Diagnostics) {
    let LinkInputs {
        config,
        mut pages,
        assets,
        citations,
        shortcodes,
        extra_paths,
    } = inputs;
    let mut diags = Diagnostics::new();
    let base_path = config.base_path();
    let opts = markdown::options(config.markdown.allow_html);

    pages.sort_by(|a, b| a.content_path.cmp(&b.content_path));
    let by_path = check_unique_urls(&pages, &mut diags);
    let by_content: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.content_path.as_str(), i))
        .collect();

    // The glossary comes from front matter alone, so that each body's one parse can mark
    // the terms it mentions (for auto-links and the terms' "used in" lists).
    let (glossary, glossary_diags) = Glossary::build(&pages);
    diags.extend(glossary_diags);
    let glossary = Arc::new(glossary);
    let parsed = cache.parse(&pages, &glossary, |p| parse_page(p, &glossary, &opts));

    let anchors: Vec<BTreeSet<String>> = parsed
        .iter()
        .map(|b| b.analysis.headings.iter().map(|h| h.id.clone()).collect())
        .collect();
    let asset_paths: BTreeSet<&str> = assets.iter().map(|a| a.content_path.as_str()).collect();

    // What the loop decides per page; the pages themselves move into the site after it
    // (cloning them would hold every file's text twice).
    let mut decided: Vec<(Arc<ParsedBody>, Vec<String>, Resolved)> =
        Vec::with_capacity(pages.len());
    let mut backlinks: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); pages.len()];
    let resolver = LinkResolver {
        pages: &pages,
        by_content: &by_content,
        by_path: &by_path,
        anchors: &anchors,
        asset_paths: &asset_paths,
        extra_paths: &extra_paths,
        base_path: &base_path,
    };
    for (i, (page, body)) in pages.iter().zip(parsed).enumerate() {
        let line0 = page.body_first_line - 1;
        let analysis = &body.analysis;
        for e in &body.scan_errors {
            diags.push(
                Diagnostic::error("shortcode/syntax", &page.file, e.message.clone())
                    .at(line0 + e.line, e.column)
                    .with_source(&page.text)
                    .with_help(e.help.clone()),
            );
        }
        for r in &analysis.refused {
            diags.push(
                Diagnostic::error(r.code, &page.file, r.message.clone())
                    .at(
                        line0 + r.line,
                        char_column(&page.text, line0 + r.line, r.column),
                    )
                    .with_source(&page.text)
                    .with_help(r.help),
            );
        }
        let mut resolved = Resolved::default();
        let mut linked = BTreeSet::new();
        for link in &analysis.links {
            match resolver.resolve(i, &link.target) {
                Ok(Some((url, target_page))) => {
                    if let Some(t) = target_page.filter(|&t| t != i) {
                        backlinks[t].insert(i);
                        linked.insert(t);
                    }
                    resolved.links.insert(link.target.clone(), url);
                }
                Ok(None) => {}
                Err((msg, help)) => diags.push(
                    Diagnostic::error("link/broken", &page.file, msg)
                        .at(
                            line0 + link.line,
                            char_column(&page.text, line0 + link.line, link.column),
                        )
                        .with_source(&page.text)
                        .with_help(help),
                ),
            }
        }
        for c in &analysis.citations {
            match citations.resolve(&c.target) {
                Ok((path, text)) => {
                    if let Some(&t) = by_path.get(&path) {
                        if t != i {
                            backlinks[t].insert(i);
                        }
                    }
                    resolved
                        .citations
                        .insert(c.target.clone(), (join_url(&base_path, &path), text));
                }
                Err((msg, help)) => diags.push(
                    Diagnostic::error("citation/unknown", &page.file, msg)
                        .at(
                            line0 + c.line,
                            char_column(&page.text, line0 + c.line, c.column),
                        )
                        .with_source(&page.text)
                        .with_help(help),
                ),
            }
        }
        resolved.glossary =
            glossary_links(&glossary, &pages, i, &body.mentions, &linked, &base_path);
        for &e in resolved.glossary.keys() {
            backlinks[glossary.entries[e].page].insert(i);
        }
        let mut shortcode_html = Vec::with_capacity(body.shortcodes.len());
        for sc in &body.shortcodes {
            let html = match shortcodes.render(sc, &base_path) {
                Some(Ok(html)) => html,
                Some(Err((msg, help))) => {
                    diags.push(
                        Diagnostic::error("shortcode/invalid", &page.file, msg)
                            .at(line0 + sc.line, sc.column)
                            .with_source(&page.text)
                            .with_help(help),
                    );
                    String::new()
                }
                None => {
                    diags.push(
                        Diagnostic::error(
                            "shortcode/unknown",
                            &page.file,
                            format!("unknown shortcode `{}`", sc.name),
                        )
                        .at(line0 + sc.line, sc.column)
                        .with_source(&page.text)
                        .with_help(known_shortcodes_hint(shortcodes)),
                    );
                    String::new()
                }
            };
            shortcode_html.push(html);
        }
        decided.push((body, shortcode_html, resolved));
    }
    let mut site_pages: Vec<SitePage> = pages
        .into_iter()
        .zip(decided)
        .zip(backlinks)
        .map(
            |((page, (parsed, shortcode_html, resolved)), bl)| SitePage {
                page,
                parsed,
                shortcode_html,
                resolved,
                parent: None,
                children: Vec::new(),
                subsections: Vec::new(),
                backlinks: bl.into_iter().collect(),
            },
        )
        .collect();
    build_tree(&mut site_pages);
    sort_backlinks(&mut site_pages);
    let taxonomies = build_taxonomies(&site_pages);
    diags.extend(check_config_links(
        &config,
        &by_path,
        &extra_paths,
        &taxonomies,
    ));
    let site = Site {
        config,
        base_path,
        pages: site_pages,
        by_path,
        taxonomies,
        assets,
    };
    (site, diags)
}

/// Site paths in the configuration (menu, footer, support page, the page on hiding a
/// visit) must lead somewhere: a broken link on every page is worse than one in a page.
fn check_config_links(
    config: &Config,
    by_path: &HashMap<String, usize>,
    extra_paths: &BTreeSet<String>,
    taxonomies: &[Taxonomy],
) -> Vec<Diagnostic> {
    let mut urls: Vec<(&str, &str)> = Vec::new();
    urls.extend(config.menu.iter().map(|m| ("menu", m.url.as_str())));
    urls.extend(
        config
            .footer_links
            .iter()
            .map(|m| ("footer_links", m.url.as_str())),
    );
    if let Some(s) = &config.support {
        urls.push(("support", s.url.as_str()));
    }
    urls.push(("quick_exit", config.quick_exit.help_url.as_str()));
    let mut out = Vec::new();
    for (key, url) in urls {
        if url.is_empty()
            || url.contains("://")
            || url.starts_with("tel:")
            || url.starts_with("mailto:")
        {
            continue;
        }
        let path = url.split('#').next().unwrap_or("").trim_start_matches('/');
        let known = path.is_empty()
            || by_path.contains_key(path)
            || extra_paths.contains(path)
            || taxonomies
                .iter()
                .any(|t| path.trim_end_matches('/') == t.slug);
        if !known {
            let (line, col) = crate::load::yaml::value_position(
                &config.text,
                key,
                url,
                crate::load::yaml::Offset::default(),
            )
            .unwrap_or((0, 0));
            out.push(
                Diagnostic::error(
                    "config/link",
                    crate::load::config::CONFIG_FILE,
                    format!("`{url}` in `{key}` leads to no page of this site"),
                )
                .at(line, col)
                .with_source(&config.text)
                .with_help(
                    "use the path of an existing page, e.g. /artiklar/, or remove the entry",
                ),
            );
        }
    }
    out
}

/// Backlinks in title order.
fn sort_backlinks(site_pages: &mut [SitePage]) {
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

/// One page's body parsed, its glossary mentions marked where its kind links terms.
pub fn parse_page(page: &Page, glossary: &Glossary, opts: &comrak::Options) -> ParsedBody {
    let glossary = Glossary::applies_to(page.kind).then_some(glossary);
    parse_body(page.body(), glossary, opts)
}

/// The glossary links of page `index`: its first mentions, less its own term and the
/// term pages it already links to by hand (`linked`); entry → URL of the term's page.
fn glossary_links(
    glossary: &Glossary,
    pages: &[Page],
    index: usize,
    mentioned: &[usize],
    linked: &BTreeSet<usize>,
    base_path: &str,
) -> BTreeMap<usize, String> {
    let own = glossary.entry_of_page(index);
    mentioned
        .iter()
        .filter(|&&e| Some(e) != own && !linked.contains(&glossary.entries[e].page))
        .map(|&e| {
            (
                e,
                join_url(base_path, &pages[glossary.entries[e].page].path),
            )
        })
        .collect()
}

fn known_shortcodes_hint(s: &dyn Shortcodes) -> String {
    let names = s.names();
    if names.is_empty() {
        "this site has no shortcodes; to show braces literally write \\{{".into()
    } else {
        format!(
            "known shortcodes: {}; to show braces literally write \\{{{{",
            names.join(", ")
        )
    }
}

/// Two files may not publish to one URL — also when they differ only in letter case,
/// since the site may be served from a case-insensitive file system.
fn check_unique_urls(pages: &[Page], diags: &mut Diagnostics) -> HashMap<String, usize> {
    let mut by_path = HashMap::new();
    let mut folded: HashMap<String, usize> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        let key = p.path.to_lowercase();
        if let Some(&j) = folded.get(&key) {
            let other = &pages[j];
            let (line, col) = if p.meta.template.is_some() || p.text.contains("\nslug:") {
                p.key_position("slug")
            } else {
                (1, 1)
            };
            diags.push(
                Diagnostic::error(
                    "url/duplicate",
                    &p.file,
                    format!(
                        "this page and {} both publish to /{}",
                        other.file.display(),
                        p.path
                    ),
                )
                .at(line, col)
                .with_source(&p.text)
                .with_help("rename one of the files or give one a different `slug:`"),
            );
            continue;
        }
        folded.insert(key, i);
        by_path.insert(p.path.clone(), i);
    }
    by_path
}

struct LinkResolver<'a> {
    pages: &'a [Page],
    by_content: &'a HashMap<&'a str, usize>,
    by_path: &'a HashMap<String, usize>,
    anchors: &'a [BTreeSet<String>],
    asset_paths: &'a BTreeSet<&'a str>,
    extra_paths: &'a BTreeSet<String>,
    base_path: &'a str,
}

type LinkResult = Result<Option<(String, Option<usize>)>, (String, String)>;

impl LinkResolver<'_> {
    /// `Ok(None)`: leave the link as written (external). `Ok(Some((url, page)))`: rewrite.
    fn resolve(&self, from: usize, target: &str) -> LinkResult {
        let t = target.trim();
        if t.is_empty() {
            return Err((
                "the link has no target".into(),
                "write [text](path/to/page.md)".into(),
            ));
        }
        if is_external(t) {
            return Ok(None);
        }
        let (path_part, anchor) = match t.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (t, None),
        };
        if path_part.is_empty() {
            let a = anchor.unwrap_or("");
            return self.check_anchor(from, a).map(|()| None);
        }
        if let Some(abs) = path_part.strip_prefix('/') {
            return self.resolve_site_path(abs, anchor);
        }
        let joined = normalise_relative(self.pages[from].content_dir(), path_part).ok_or_else(|| {
            (
                format!("the link `{t}` climbs out of content/"),
                "link to a file inside content/ with a relative path such as ../artiklar/koppleri.md".into(),
            )
        })?;
        if joined.ends_with(".md") {
            let Some(&target_page) = self.by_content.get(joined.as_str()) else {
                return Err((
                    format!("the link `{t}` points to content/{joined}, which does not exist"),
                    self.suggest_file(&joined),
                ));
            };
            if let Some(a) = anchor {
                self.check_anchor(target_page, a)?;
            }
            let mut url = join_url(self.base_path, &self.pages[target_page].path);
            if let Some(a) = anchor {
                url.push('#');
                url.push_str(a);
            }
            return Ok(Some((url, Some(target_page))));
        }
        if self.asset_paths.contains(joined.as_str()) {
            return Ok(Some((join_url(self.base_path, &joined), None)));
        }
        Err((
            format!("the link `{t}` points to content/{joined}, which does not exist"),
            "link to a Markdown file (…/page.md) or a file that is inside content/".into(),
        ))
    }

    fn resolve_site_path(&self, abs: &str, anchor: Option<&str>) -> LinkResult {
        let mut p = abs.to_string();
        if !p.is_empty() && !p.ends_with('/') && !p.contains('.') {
            p.push('/');
        }
        let page = self.by_path.get(&p).copied();
        let exists = page.is_some()
            || self.extra_paths.contains(&p)
            || self.asset_paths.contains(abs)
            || p.is_empty();
        if !exists {
            return Err((
                format!("the link `/{abs}` points to no page of this site"),
                "link to the Markdown file instead (../artiklar/page.md) so that moves are caught"
                    .into(),
            ));
        }
        if let (Some(pg), Some(a)) = (page, anchor) {
            self.check_anchor(pg, a)?;
        }
        let mut url = join_url(self.base_path, &p);
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        Ok(Some((url, page)))
    }

    fn check_anchor(&self, page: usize, anchor: &str) -> Result<(), (String, String)> {
        if self.anchors[page].contains(anchor) {
            return Ok(());
        }
        let known: Vec<&str> = self.anchors[page].iter().map(String::as_str).collect();
        let hint = match crate::diagnostics::did_you_mean(anchor, known.iter().copied()) {
            Some(s) => format!("did you mean `#{s}`?"),
            None if known.is_empty() => "that page has no headings to link to".into(),
            None => format!(
                "headings there: {}",
                known
                    .iter()
                    .map(|k| format!("#{k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Err((
            format!(
                "the anchor `#{anchor}` does not exist in {}",
                self.pages[page].file.display()
            ),
            hint,
        ))
    }

    fn suggest_file(&self, missing: &str) -> String {
        let candidates = self.by_content.keys().copied();
        match crate::diagnostics::did_you_mean(missing, candidates) {
            Some(s) => format!("did you mean content/{s}?"),
            None => "check the file name and the relative path (../ goes up one folder)".into(),
        }
    }
}

/// Join `dir` and a relative `path`, resolving `.` and `..`; `None` if it leaves the root.
pub fn normalise_relative(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Attach every page to its nearest section; sort each section's pages.
fn build_tree(pages: &mut [SitePage]) {
    let section_of_dir: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.page.kind == PageKind::Section)
        .map(|(i, p)| (p.page.content_dir().to_string(), i))
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
            if let Some(&s) = section_of_dir.get(&dir) {
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

fn build_taxonomies(pages: &[SitePage]) -> Vec<Taxonomy> {
    let mut tags: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    let mut audience: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if p.page.kind == PageKind::Section {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_within_content() {
        assert_eq!(
            normalise_relative("artiklar/grunder", "../andamal/koppleri.md").as_deref(),
            Some("artiklar/andamal/koppleri.md")
        );
        assert_eq!(normalise_relative("", "../x.md"), None);
    }
}
