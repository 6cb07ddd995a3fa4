//! Resolving what a body points at: internal links and their anchors (`.md` paths,
//! site paths, files in `content/`), and the site paths the configuration names. Every
//! failure is an error with a hint (the nearest file or heading).

use crate::diagnostics::Diagnostic;
use crate::link::{join_url, Taxonomy};
use crate::load::config::Config;
use crate::load::content::Page;
use crate::parse::markdown::is_external;
use std::collections::{BTreeSet, HashMap};

pub(crate) struct LinkResolver<'a> {
    pub pages: &'a [Page],
    pub by_content: &'a HashMap<&'a str, usize>,
    pub by_path: &'a HashMap<String, usize>,
    pub anchors: &'a [BTreeSet<String>],
    pub asset_paths: &'a BTreeSet<&'a str>,
    pub extra_paths: &'a BTreeSet<String>,
    pub base_path: &'a str,
    /// (source, language) → its translation.
    pub versions: &'a HashMap<(usize, &'a str), usize>,
}

type LinkResult = Result<Option<(String, Option<usize>)>, (String, String)>;

impl LinkResolver<'_> {
    /// `Ok(None)`: leave the link as written (external). `Ok(Some((url, page)))`: rewrite.
    pub(crate) fn resolve(&self, from: usize, target: &str) -> LinkResult {
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
            // From a translation, a link to a source page leads to the same language's
            // version where there is one (and it has the anchor, if one is named).
            let lang = self.pages[from].lang.as_str();
            let target_page = match self.versions.get(&(target_page, lang)) {
                Some(&t) if anchor.is_none_or(|a| self.anchors[t].contains(a)) => t,
                _ => target_page,
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

/// Site paths in the configuration (menu, footer, support page, the page on hiding a
/// visit) must lead somewhere: a broken link on every page is worse than one in a page.
pub(crate) fn check_config_links(
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
