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

/// Every page plus any extra generated paths (taxonomies, registries), sorted.
pub fn sitemap(site: &Site, extra_paths: &[String]) -> OutputFile {
    let mut entries: Vec<(String, Option<String>)> = site
        .pages
        .iter()
        .map(|p| {
            (
                p.page.path.clone(),
                p.page.meta.updated.map(|d| d.to_string()),
            )
        })
        .collect();
    entries.extend(extra_paths.iter().map(|p| (p.clone(), None)));
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, updated) in entries {
        let _ = write!(
            out,
            "  <url><loc>{}</loc>",
            xml_escape(&format!("{}{}", site.config.base_url, path))
        );
        if let Some(u) = updated {
            let _ = write!(out, "<lastmod>{u}</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        bytes: out.into_bytes(),
    }
}

/// The newest articles and rulings, newest first.
pub fn atom(site: &Site) -> OutputFile {
    let mut items: Vec<usize> = (0..site.pages.len())
        .filter(|&i| {
            matches!(
                site.pages[i].page.kind,
                PageKind::Article | PageKind::Ruling
            )
        })
        .filter(|&i| site.pages[i].page.meta.updated.is_some())
        .collect();
    items.sort_by(|&a, &b| {
        let (pa, pb) = (&site.pages[a].page, &site.pages[b].page);
        pb.meta
            .updated
            .cmp(&pa.meta.updated)
            .then_with(|| pa.path.cmp(&pb.path))
    });
    items.truncate(site.config.feed.limit);
    let newest = items
        .first()
        .and_then(|&i| site.pages[i].page.meta.updated)
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let c = &site.config;
    let feed_url = format!("{}atom.xml", c.base_url);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml_escape(&c.language)
    );
    let _ = writeln!(out, "  <title>{}</title>", xml_escape(&c.title));
    if !c.description.is_empty() {
        let _ = writeln!(out, "  <subtitle>{}</subtitle>", xml_escape(&c.description));
    }
    let _ = writeln!(
        out,
        "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>",
        xml_escape(&feed_url)
    );
    let _ = writeln!(out, "  <link href=\"{}\"/>", xml_escape(&c.base_url));
    let _ = writeln!(out, "  <id>{}</id>", xml_escape(&c.base_url));
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
        let updated = p.meta.updated.map(|d| d.rfc3339()).unwrap_or_default();
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
        path: "atom.xml".into(),
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
