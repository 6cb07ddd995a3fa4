//! The link stage: loaded pages become an immutable [`Site`] — URLs checked for clashes,
//! sections and their pages, every internal link, anchor, citation and shortcode
//! resolved, backlinks and taxonomies computed. Rendering reads only this model.

pub mod cache;
mod resolve;
pub mod translations;
mod tree;

pub use resolve::normalise_relative;
use resolve::{check_config_links, LinkResolver};
pub use translations::Freshness;
pub use tree::restructure;
use tree::{build_taxonomies, build_tree, sort_backlinks};

use crate::diagnostics::{char_column, Diagnostic, Diagnostics};
use crate::link::cache::ParseCache;
use crate::load::config::Config;
use crate::load::content::{ContentAsset, Page};
use crate::parse::glossary::Glossary;
use crate::parse::markdown;
use crate::parse::shortcode::Shortcode;
use crate::parse::{parse_body, ParsedBody, Resolved};
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
    /// HTML for the shortcode, or `Err((message, hint))`. `base_path` prefixes links;
    /// `lang` is the page's BCP 47 code (`sv`, `en`, `th`), for numbers and dates.
    fn render(
        &self,
        sc: &Shortcode,
        base_path: &str,
        lang: &str,
    ) -> Option<Result<String, (String, String)>>;
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
    /// For a translation: its source page.
    pub source: Option<usize>,
    /// Every version of this page in the site's language order, itself included (a
    /// source and its translations); one entry for a page that exists in one language.
    pub versions: Vec<usize>,
    /// A translation's standing against its source.
    pub freshness: Freshness,
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

    /// Page `i`'s version in language `lang` (itself, its source or a translation).
    pub fn version_in(&self, i: usize, lang: &str) -> Option<usize> {
        self.pages[i]
            .versions
            .iter()
            .copied()
            .find(|&v| self.pages[v].page.lang == lang)
    }

    /// Page `i`'s versions as (`hreflang`, site path) in the configured language order,
    /// then `x-default` (the source); empty for a page in one language. For the
    /// `hreflang` links of the page and its sitemap entry alike.
    pub fn alternates(&self, i: usize) -> Vec<(String, &str)> {
        let versions = &self.pages[i].versions;
        if versions.len() < 2 {
            return Vec::new();
        }
        let mut out: Vec<(String, &str)> = self
            .config
            .languages
            .iter()
            .filter_map(|l| {
                let v = self.version_in(i, &l.id)?;
                Some((l.hreflang.clone(), self.pages[v].page.path.as_str()))
            })
            .collect();
        if let Some(&source) = versions.first() {
            out.push(("x-default".into(), self.pages[source].page.path.as_str()));
        }
        out
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
    let placed = translations::place(&mut pages, &config, &mut diags);
    let by_path = check_unique_urls(&pages, &mut diags);
    // (source, language) → translation, for links from a translation to a source page.
    let versions: HashMap<(usize, &str), usize> = placed
        .source_of
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| ((s, pages[i].lang.as_str()), i)))
        .collect();
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
        versions: &versions,
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
                body_error(page, r.code, r.message.clone(), r.line, r.column).with_help(r.help),
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
                    body_error(page, "link/broken", msg, link.line, link.column).with_help(help),
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
                    body_error(page, "citation/unknown", msg, c.line, c.column).with_help(help),
                ),
            }
        }
        resolved.glossary =
            glossary_links(&glossary, &pages, i, &body.mentions, &linked, &base_path);
        for &e in resolved.glossary.keys() {
            backlinks[glossary.entries[e].page].insert(i);
        }
        let lang_code = config
            .languages
            .iter()
            .find(|l| l.id == page.lang)
            .map_or("sv", |l| l.code.as_str());
        let mut shortcode_html = Vec::with_capacity(body.shortcodes.len());
        for sc in &body.shortcodes {
            if sc.name == "language_list" {
                shortcode_html.push(translations::language_list_html(&config, &base_path, |p| {
                    by_path.contains_key(p)
                }));
                continue;
            }
            let html = match shortcodes.render(sc, &base_path, lang_code) {
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
    drop(versions);
    let mut site_pages: Vec<SitePage> = pages
        .into_iter()
        .zip(decided)
        .zip(backlinks)
        .zip(placed.source_of.iter().zip(placed.freshness))
        .map(
            |(((page, (parsed, shortcode_html, resolved)), bl), (&source, freshness))| SitePage {
                page,
                parsed,
                shortcode_html,
                resolved,
                parent: None,
                children: Vec::new(),
                subsections: Vec::new(),
                backlinks: bl.into_iter().collect(),
                source,
                versions: Vec::new(),
                freshness,
            },
        )
        .collect();
    link_versions(&mut site_pages);
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

/// Each page's versions (its source and the source's translations), in the order of the
/// configured languages.
fn link_versions(pages: &mut [SitePage]) {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        groups.entry(p.source.unwrap_or(i)).or_default().push(i);
    }
    for (_, mut members) in groups {
        // The source first; translations by file name is fine as a tie-break, the
        // language order is applied by render, which knows the configuration.
        members.sort_by_key(|&m| (pages[m].source.is_some(), m));
        for &m in &members {
            pages[m].versions = members.clone();
        }
    }
}

/// An error at a body position (1-based line within the body, byte column), placed in
/// the file and shown with its line.
fn body_error(
    page: &Page,
    code: &'static str,
    msg: String,
    line: usize,
    column: usize,
) -> Diagnostic {
    let line = page.body_first_line - 1 + line;
    Diagnostic::error(code, &page.file, msg)
        .at(line, char_column(&page.text, line, column))
        .with_source(&page.text)
}

/// One page's body parsed, its glossary mentions marked where its kind links terms.
pub fn parse_page(page: &Page, glossary: &Glossary, opts: &comrak::Options) -> ParsedBody {
    // The glossary is Swedish: its terms are not looked for in a translation's text.
    let glossary =
        (Glossary::applies_to(page.kind) && page.translation.is_none()).then_some(glossary);
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
) -> BTreeMap<usize, (String, Option<String>)> {
    let own = glossary.entry_of_page(index);
    mentioned
        .iter()
        .filter(|&&e| Some(e) != own && !linked.contains(&glossary.entries[e].page))
        .map(|&e| {
            let term_page = &pages[glossary.entries[e].page];
            // The link is in the term's language only when every form is its title: a
            // Swedish form of an English term ("skuldslaveri") is Swedish text.
            let lang = term_page
                .term
                .as_ref()
                .filter(|t| t.forms.is_empty())
                .and_then(|t| t.lang.clone());
            (e, (join_url(base_path, &term_page.path), lang))
        })
        .collect()
}

fn known_shortcodes_hint(s: &dyn Shortcodes) -> String {
    let mut names = s.names();
    names.push("language_list");
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
