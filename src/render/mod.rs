//! The render stage: the linked [`Site`] becomes HTML files. Markdown bodies and
//! templates render in parallel; nothing here reads the file system.

mod languages;
pub mod terms;

use crate::diagnostics::Diagnostic;
use crate::link::{Site, SitePage};
use crate::load::content::PageKind;
use crate::load::theme::Theme;
use crate::parse::markdown::{self, TocEntry};
use crate::parse::shortcode::placeholder;
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use rayon::prelude::*;
use serde::Serialize;

/// One rendered output file, path relative to the output root.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Serialize, Clone)]
pub struct NamedLink {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Serialize, Clone)]
pub struct PageSummary {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub updated: Option<String>,
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
struct PageCtx {
    title: String,
    summary: String,
    url: String,
    permalink: String,
    kind: &'static str,
    #[serde(skip)]
    content: String,
    toc: Vec<TocEntry>,
    /// From git history (`load::history`); none without it.
    published: Option<String>,
    updated: Option<String>,
    tags: Vec<NamedLink>,
    audience: Vec<NamedLink>,
    breadcrumbs: Vec<Link>,
    reading_minutes: usize,
    backlinks: Vec<BacklinkCtx>,
    footnotes: bool,
}

#[derive(Debug, Serialize)]
struct BacklinkCtx {
    title: String,
    url: String,
    kind: &'static str,
}

#[derive(Debug, Serialize)]
struct SubsectionCtx {
    title: String,
    url: String,
    summary: String,
    count: usize,
}

/// Extra, kind-specific template variables (a ruling's citation, a term's uses…),
/// supplied by the modules that own those kinds.
pub trait PageExtras: Sync {
    /// `(variable name, value)` pairs added to the page's template context.
    fn extras(&self, site: &Site, index: usize) -> Vec<(&'static str, Value)>;
}

pub struct NoExtras;
impl PageExtras for NoExtras {
    fn extras(&self, _: &Site, _: usize) -> Vec<(&'static str, Value)> {
        Vec::new()
    }
}

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub env: &'a Environment<'static>,
    pub extras: &'a dyn PageExtras,
    pub generator: String,
    /// Free each page's body HTML as the page is rendered: for a build, which renders
    /// every page once; `serve` keeps them to render pages again.
    pub release_bodies: bool,
}

impl Renderer<'_> {
    fn globals(&self, current_url: &str, page_kind: &str) -> Value {
        self.globals_for(current_url, page_kind, None)
    }

    /// The variables every template has, in the language of `page` (the default
    /// language's for generated pages).
    fn globals_for(&self, current_url: &str, page_kind: &str, page: Option<usize>) -> Value {
        let c = &self.site.config;
        let support = c.support.as_ref().map(|s| {
            context! {
                label => s.label.clone(),
                phone => s.phone.clone(),
                phone_href => format!("tel:{}", s.phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>()),
                hours => s.hours.clone(),
                url => if s.url.is_empty() { String::new() } else { self.site_url_or_abs(&s.url) },
            }
        });
        let links = |items: &[crate::load::config::MenuItem]| -> Vec<Link> {
            items
                .iter()
                .map(|m| Link {
                    title: m.title.clone(),
                    url: self.site_url_or_abs(&m.url),
                })
                .collect()
        };
        let base = context! {
            site => context! {
                title => c.title.clone(),
                description => c.description.clone(),
                language => c.language.clone(),
                base_url => c.base_url.clone(),
                organisation => c.organisation.clone(),
                menu => ser(links(&c.menu)),
                footer_links => ser(links(&c.footer_links)),
                support => support,
                quick_exit => context! {
                    label => c.quick_exit.label.clone(),
                    url => c.quick_exit.url.clone(),
                    help_url => if c.quick_exit.help_url.is_empty() { String::new() } else { self.site_url_or_abs(&c.quick_exit.help_url) },
                },
            },
            current_url => current_url,
            page_kind => page_kind,
            build => context! { generator => self.generator.clone() },
        };
        merge(base, self.language_vars(page))
    }

    fn site_url_or_abs(&self, url: &str) -> String {
        if url.contains("://") || url.starts_with("tel:") || url.starts_with("mailto:") {
            url.to_string()
        } else {
            self.site.url(url)
        }
    }

    fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.site.config.base_url, path)
    }

    pub fn summary(&self, i: usize) -> PageSummary {
        let p = &self.site.pages[i].page;
        PageSummary {
            title: p.meta.title.clone(),
            url: self.site.url(&p.path),
            summary: p.meta.summary.clone(),
            updated: p.meta.updated.map(|d| d.to_string()),
            kind: p.kind.label(),
        }
    }

    fn breadcrumbs(&self, i: usize) -> Vec<Link> {
        let mut chain = Vec::new();
        let mut cur = self.site.pages[i].parent;
        while let Some(p) = cur {
            chain.push(Link {
                title: self.site.pages[p].page.meta.title.clone(),
                url: self.site.url(&self.site.pages[p].page.path),
            });
            cur = self.site.pages[p].parent;
        }
        chain.reverse();
        chain
    }

    /// Markdown body → HTML with shortcode output spliced in.
    fn body_html(&self, sp: &SitePage) -> String {
        let allow_html = self.site.config.markdown.allow_html;
        let mut html = if self.release_bodies {
            sp.parsed.take_html_resolved(&sp.resolved, allow_html)
        } else {
            sp.parsed.html_resolved(&sp.resolved, allow_html)
        };
        for (i, (sc, out)) in sp
            .parsed
            .shortcodes
            .iter()
            .zip(&sp.shortcode_html)
            .enumerate()
        {
            let ph = placeholder(i);
            let block = format!("<p>{ph}</p>");
            if sc.block && html.contains(&block) {
                html = html.replacen(&block, out, 1);
            } else {
                html = html.replacen(&ph, out, 1);
            }
        }
        html
    }

    fn page_ctx(&self, i: usize) -> PageCtx {
        let sp = &self.site.pages[i];
        let p = &sp.page;
        let content = self.body_html(sp);
        let footnotes = content.contains("data-footnotes");
        let tax_link = |tax: &str, name: &str| NamedLink {
            name: name.to_string(),
            url: self
                .site
                .url(&format!("{tax}/{}/", crate::text::slug::slugify(name))),
        };
        PageCtx {
            title: p.meta.title.clone(),
            summary: p.meta.summary.clone(),
            url: self.site.url(&p.path),
            permalink: self.permalink(&p.path),
            kind: p.kind.label(),
            content,
            toc: markdown::toc(&sp.parsed.analysis.headings),
            published: p.published.map(|d| d.to_string()),
            updated: p.meta.updated.map(|d| d.to_string()),
            tags: p.meta.tags.iter().map(|t| tax_link("taggar", t)).collect(),
            audience: p
                .meta
                .audience
                .iter()
                .map(|a| tax_link("malgrupp", a.name()))
                .collect(),
            breadcrumbs: self.breadcrumbs(i),
            reading_minutes: sp.parsed.analysis.words.div_ceil(200).max(1),
            backlinks: sp
                .backlinks
                .iter()
                .map(|&b| BacklinkCtx {
                    title: self.site.pages[b].page.meta.title.clone(),
                    url: self.site.url(&self.site.pages[b].page.path),
                    kind: self.site.pages[b].page.kind.label(),
                })
                .collect(),
            footnotes,
        }
    }

    fn template_for(&self, i: usize) -> (String, &'static str) {
        let p = &self.site.pages[i].page;
        let (default, kind) = match p.kind {
            PageKind::Section if p.path.is_empty() => ("index.html", "index"),
            PageKind::Section => ("section.html", "section"),
            PageKind::Article => ("article.html", "article"),
            PageKind::Page => ("page.html", "page"),
            PageKind::Ruling => ("ruling.html", "ruling"),
            PageKind::Term => ("term.html", "term"),
        };
        (
            p.meta
                .template
                .clone()
                .unwrap_or_else(|| default.to_string()),
            kind,
        )
    }

    fn render_template(
        &self,
        name: &str,
        ctx: Value,
        origin: Option<&SitePage>,
    ) -> Result<String, Diagnostic> {
        let tmpl = self.env.get_template(name).map_err(|e| {
            let mut d = self.theme.template_error(&e);
            if let Some(sp) = origin {
                d = Diagnostic::error(
                    "template/missing",
                    &sp.page.file,
                    format!("the template `{name}` does not exist in the theme"),
                )
                .at(sp.page.key_position("template").0, 1)
                .with_source(&sp.page.text)
                .with_help(format!(
                    "add templates/{name} to the theme or remove `template:`"
                ));
            }
            d
        })?;
        tmpl.render(ctx).map_err(|e| {
            let mut d = self.theme.template_error(&e);
            if let Some(sp) = origin {
                d.message = format!("{} (while rendering {})", d.message, sp.page.file.display());
            }
            d
        })
    }

    /// Render one page or section to `path/index.html`.
    pub fn render_page(&self, i: usize) -> Result<OutputFile, Diagnostic> {
        let sp = &self.site.pages[i];
        let (template, kind) = self.template_for(i);
        let url = self.site.url(&sp.page.path);
        let page = self.page_ctx(i);
        // A section's variables repeat some of its page's: made from the same context,
        // so its body is rendered once.
        let section = (sp.page.kind == PageKind::Section).then(|| self.section_ctx(i, &page));
        let mut ctx = vec![("page", page_value(page))];
        if let Some(section) = section {
            ctx.push(("section", section));
        }
        if sp.page.path.is_empty() {
            ctx.push((
                "home",
                ser(std::collections::BTreeMap::<String, String>::new()),
            ));
        }
        ctx.extend(self.extras.extras(self.site, i));
        let merged = merge(self.globals_for(&url, kind, Some(i)), ctx);
        let html = self.render_template(&template, merged, Some(sp))?;
        Ok(OutputFile {
            path: format!("{}index.html", sp.page.path),
            bytes: html.into_bytes(),
        })
    }

    fn section_ctx(&self, i: usize, page: &PageCtx) -> Value {
        let sp = &self.site.pages[i];
        let pages: Vec<PageSummary> = sp.children.iter().map(|&c| self.summary(c)).collect();
        let subsections: Vec<SubsectionCtx> = sp
            .subsections
            .iter()
            .map(|&s| {
                let sub = &self.site.pages[s];
                SubsectionCtx {
                    title: sub.page.meta.title.clone(),
                    url: self.site.url(&sub.page.path),
                    summary: sub.page.meta.summary.clone(),
                    count: sub.children.len(),
                }
            })
            .collect();
        context! {
            title => page.title.clone(),
            summary => page.summary.clone(),
            url => page.url.clone(),
            permalink => page.permalink.clone(),
            content => Value::from_safe_string(page.content.clone()),
            toc => ser(&page.toc),
            breadcrumbs => ser(&page.breadcrumbs),
            pages => ser(pages),
            subsections => ser(subsections),
        }
    }

    pub fn render_all_pages(&self) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        self.render_all_pages_with(&|| {})
    }

    /// Render every page and hand each to `emit` as soon as it is made (the build
    /// streams pages to disk instead of holding the whole site in memory). Returns the
    /// problems, sorted by file for a deterministic report.
    pub fn render_all_pages_into(
        &self,
        emit: &(dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync),
        tick: &(dyn Fn() + Sync),
    ) -> Vec<Diagnostic> {
        let mut errors: Vec<Diagnostic> = (0..self.site.pages.len())
            .into_par_iter()
            .filter_map(|i| {
                let r = self.render_page(i).and_then(emit);
                tick();
                r.err()
            })
            .collect();
        errors.sort_by(|a, b| a.file.cmp(&b.file));
        errors
    }

    /// As [`Self::render_all_pages`], calling `tick` after each page (progress bars).
    pub fn render_all_pages_with(
        &self,
        tick: &(dyn Fn() + Sync),
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let results: Vec<Result<OutputFile, Diagnostic>> = (0..self.site.pages.len())
            .into_par_iter()
            .map(|i| {
                let r = self.render_page(i);
                tick();
                r
            })
            .collect();
        split_results(results)
    }

    /// `/taggar/`, `/taggar/<term>/`, `/malgrupp/` …
    pub fn render_taxonomies(&self) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        self.render_taxonomies_where(&|_, _| true)
    }

    /// The taxonomy pages `want(taxonomy slug, term slug)` selects; the term is `None`
    /// for a taxonomy's list page (`serve` re-renders only the terms a change touched).
    pub fn render_taxonomies_where(
        &self,
        want: &dyn Fn(&str, Option<&str>) -> bool,
    ) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let mut results = Vec::new();
        for tax in &self.site.taxonomies {
            let tax_url = self.site.url(&format!("{}/", tax.slug));
            let terms: Vec<Value> = tax
                .terms
                .iter()
                .map(|t| {
                    context! {
                        name => t.name.clone(),
                        url => self.site.url(&format!("{}/{}/", tax.slug, t.slug)),
                        count => t.pages.len(),
                    }
                })
                .collect();
            let tax_ctx = context! { name => tax.slug, label => tax.label, url => tax_url.clone(), terms => ser(terms) };
            let ctx = merge(
                self.globals(&tax_url, "taxonomy_list"),
                vec![("taxonomy", tax_ctx.clone())],
            );
            if want(tax.slug, None) {
                results.push(
                    self.render_template("taxonomy_list.html", ctx, None)
                        .map(|html| OutputFile {
                            path: format!("{}/index.html", tax.slug),
                            bytes: html.into_bytes(),
                        }),
                );
            }
            for t in &tax.terms {
                if !want(tax.slug, Some(&t.slug)) {
                    continue;
                }
                let url = self.site.url(&format!("{}/{}/", tax.slug, t.slug));
                let pages: Vec<PageSummary> = t.pages.iter().map(|&p| self.summary(p)).collect();
                let term =
                    context! { name => t.name.clone(), url => url.clone(), pages => ser(pages) };
                let ctx = merge(
                    self.globals(&url, "taxonomy_term"),
                    vec![("taxonomy", tax_ctx.clone()), ("term", term)],
                );
                results.push(
                    self.render_template("taxonomy_term.html", ctx, None)
                        .map(|html| OutputFile {
                            path: format!("{}/{}/index.html", tax.slug, t.slug),
                            bytes: html.into_bytes(),
                        }),
                );
            }
        }
        split_results(results)
    }

    pub fn render_404(&self) -> Result<OutputFile, Diagnostic> {
        let url = self.site.url("404.html");
        let html = self.render_template("404.html", self.globals(&url, "404"), None)?;
        Ok(OutputFile {
            path: "404.html".into(),
            bytes: html.into_bytes(),
        })
    }

    /// Render any extra template with the globals plus `vars`, e.g. a generated listing.
    pub fn render_extra(
        &self,
        template: &str,
        path: &str,
        page_kind: &str,
        vars: Vec<(&'static str, Value)>,
    ) -> Result<OutputFile, Diagnostic> {
        let url = self.site.url(path);
        let ctx = merge(self.globals(&url, page_kind), vars);
        let html = self.render_template(template, ctx, None)?;
        Ok(OutputFile {
            path: format!("{path}index.html"),
            bytes: html.into_bytes(),
        })
    }
}

/// The page context as a template value, with its HTML marked safe. (A `Value` nested
/// inside a serialised struct would not survive serde, so the HTML is merged in.)
fn page_value(ctx: PageCtx) -> Value {
    let content = Value::from_safe_string(ctx.content.clone());
    minijinja::value::merge_maps([context! { content => content }, ser(ctx)])
}

/// Any serialisable value as a template value.
pub fn ser<T: Serialize>(v: T) -> Value {
    Value::from(Serde(v))
}

fn merge(globals: Value, extra: Vec<(&'static str, Value)>) -> Value {
    let extra: std::collections::BTreeMap<String, Value> =
        extra.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let extra = Value::from(extra);
    // The first map wins: page-specific variables shadow the globals.
    minijinja::value::merge_maps([extra, globals])
}

fn split_results(
    results: Vec<Result<OutputFile, Diagnostic>>,
) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(e) => errors.push(e),
        }
    }
    (files, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialised_structs_are_template_maps() {
        let v = ser(Link {
            title: "T".into(),
            url: "/u/".into(),
        });
        let env = Environment::new();
        let out = env.render_str("{{ x.title }}", context! { x => v.clone() });
        assert_eq!(out.ok().as_deref(), Some("T"), "{v:?}");
    }
}
