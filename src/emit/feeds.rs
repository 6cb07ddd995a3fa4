//! Machine-readable outputs: `sitemap.xml`, the Atom feed and `robots.txt`. Timestamps
//! come from the content's own dates, never from the clock, so builds stay reproducible.

use crate::link::Site;
use crate::load::content::PageKind;
use crate::render::OutputFile;
use std::fmt::Write as _;

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Every page plus any extra generated paths (taxonomies, registries), sorted. A page
/// that exists in several languages lists every version as an `xhtml:link` alternate
/// (itself included, as the sitemap protocol asks), plus `x-default`.
pub fn sitemap(site: &Site, extra_paths: &[String]) -> OutputFile {
    type Entry = (String, Option<String>, Vec<(String, String)>);
    let base = &site.config.base_url;
    let mut entries: Vec<Entry> = (0..site.pages.len())
        .map(|i| {
            let alternates = site
                .alternates(i)
                .into_iter()
                .map(|(hreflang, path)| (hreflang, format!("{base}{path}")))
                .collect();
            let p = &site.pages[i].page;
            (
                p.path.clone(),
                feed_date(p).map(|d| d.to_string()),
                alternates,
            )
        })
        .collect();
    entries.extend(extra_paths.iter().map(|p| (p.clone(), None, Vec::new())));
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    let any_alternates = entries.iter().any(|e| !e.2.is_empty());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if any_alternates {
        out.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    out.push_str(">\n");
    for (path, updated, alternates) in entries {
        let _ = write!(
            out,
            "  <url><loc>{}</loc>",
            xml_escape(&format!("{base}{path}"))
        );
        if let Some(u) = updated {
            let _ = write!(out, "<lastmod>{u}</lastmod>");
        }
        for (hreflang, url) in alternates {
            let _ = write!(
                out,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                xml_escape(&hreflang),
                xml_escape(&url)
            );
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        bytes: out.into_bytes(),
    }
}

/// The Atom feeds: the default language's at `atom.xml`, and one per other language
/// that has pages at `<prefix>/atom.xml`, each listing only its own language's pages.
pub fn atoms(site: &Site) -> Vec<OutputFile> {
    site.config
        .languages
        .iter()
        .enumerate()
        .filter(|(i, l)| *i == 0 || site.pages.iter().any(|p| p.page.lang == l.id))
        .map(|(_, l)| atom(site, l))
        .collect()
}

/// A page's date in a feed: its `updated`, or for a translation the day it was made.
fn feed_date(p: &crate::load::content::Page) -> Option<crate::text::date::Date> {
    p.meta
        .updated
        .or(p.translation.as_ref().map(|t| t.translated))
}

/// The newest articles and rulings of one language, newest first (in a language other
/// than the default, its sections and pages too: few are translated, all are news).
fn atom(site: &Site, lang: &crate::load::languages::Language) -> OutputFile {
    let is_default = lang.id == site.config.default_language().id;
    let mut items: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].page.lang == lang.id)
        .filter(|&i| {
            !is_default
                || matches!(
                    site.pages[i].page.kind,
                    PageKind::Article | PageKind::Ruling
                )
        })
        .filter(|&i| feed_date(&site.pages[i].page).is_some())
        .collect();
    items.sort_by(|&a, &b| {
        let (pa, pb) = (&site.pages[a].page, &site.pages[b].page);
        feed_date(pb)
            .cmp(&feed_date(pa))
            .then_with(|| pa.path.cmp(&pb.path))
    });
    items.truncate(site.config.feed.limit);
    let newest = items
        .first()
        .and_then(|&i| feed_date(&site.pages[i].page))
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let c = &site.config;
    let home = format!("{}{}", c.base_url, lang.home_path());
    let feed_url = format!("{home}atom.xml");
    let title = lang.title.clone().unwrap_or_else(|| c.title.clone());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml_escape(&lang.code)
    );
    let _ = writeln!(out, "  <title>{}</title>", xml_escape(&title));
    if is_default && !c.description.is_empty() {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", xml_escape(&c.description));
    }
    let _ = writeln!(
        out,
        "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>",
        xml_escape(&feed_url)
    );
    let _ = writeln!(out, "  <link href=\"{}\"/>", xml_escape(&home));
    let _ = writeln!(out, "  <id>{}</id>", xml_escape(&home));
    let _ = writeln!(out, "  <updated>{newest}</updated>");
    if !c.organisation.is_empty() {
        let _ = writeln!(
            out,
            "  <author><name>{}</name></author>",
            xml_escape(&c.organisation)
        );
    }
    for i in items {
        let p = &site.pages[i].page;
        let link = format!("{}{}", c.base_url, p.path);
        let updated = feed_date(p).map(|d| d.rfc3339()).unwrap_or_default();
        out.push_str("  <entry>\n");
        let _ = writeln!(out, "    <title>{}</title>", xml_escape(&p.meta.title));
        let _ = writeln!(out, "    <link href=\"{}\"/>", xml_escape(&link));
        let _ = writeln!(out, "    <id>{}</id>", xml_escape(&link));
        let _ = writeln!(out, "    <updated>{updated}</updated>");
        let _ = writeln!(
            out,
            "    <summary>{}</summary>",
            xml_escape(&p.meta.summary)
        );
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    OutputFile {
        path: format!("{}atom.xml", lang.home_path()),
        bytes: out.into_bytes(),
    }
}

pub fn robots(site: &Site) -> OutputFile {
    let text = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    );
    OutputFile {
        path: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
}
