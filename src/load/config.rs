//! `kunskapsnav.yaml`: the site configuration. Every key is typed and unknown keys are
//! errors (with a did-you-mean), because a misspelt key silently ignored is a support
//! line that silently disappears from every page.

use crate::diagnostics::Diagnostic;
use crate::load::languages::{self, Language, LanguageConfig};
use crate::load::yaml::{self, Offset};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const CONFIG_FILE: &str = "kunskapsnav.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's name, shown in every page's header and title.
    pub title: String,
    /// One sentence describing the site, for the home page's meta description and feed.
    #[serde(default)]
    pub description: String,
    /// Absolute URL the site is published at; may contain a sub-path.
    pub base_url: String,
    /// Content language (BCP 47); the hub is Swedish. With `languages`, the first one's.
    #[serde(default = "default_language")]
    pub language: String,
    /// The languages the site publishes, the default (Swedish) first; see
    /// docs/languages.md. Empty: Swedish only.
    #[serde(default, rename = "languages")]
    pub language_list: Vec<LanguageConfig>,
    /// `language_list` checked and completed (always at least the default language).
    #[serde(skip)]
    pub languages: Vec<Language>,
    /// Folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The organisation behind the site, shown in the footer and feed.
    #[serde(default)]
    pub organisation: String,
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    #[serde(default)]
    pub footer_links: Vec<MenuItem>,
    /// The support line shown on every page.
    #[serde(default)]
    pub support: Option<Support>,
    /// Where the quick-exit button leads.
    #[serde(default)]
    pub quick_exit: QuickExit,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub feed: FeedConfig,
    /// The home page: key figures drawn from the datasets.
    #[serde(default)]
    pub home: HomeConfig,
    /// `check --external`: exclusions, cache, timeouts, concurrency.
    #[serde(default)]
    pub external_links: crate::load::upkeep_config::ExternalLinksConfig,
    /// Where the site's files are kept, for each page's "Visa ändringshistorik" link:
    /// `https://host/org/repo` (the link is `…/commits/HEAD/<file>`) or a template
    /// with `{path}` (the file's path in the site folder).
    #[serde(default)]
    pub repository_url: Option<String>,
    /// The site's default review interval (`upkeep`).
    #[serde(default)]
    pub review: crate::load::upkeep_config::ReviewConfig,
    /// The file's text, so that checks made after loading (a key figure naming a dataset
    /// row that does not exist) can point at the line.
    #[serde(skip)]
    pub text: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HomeConfig {
    /// Figures shown under "Nyckeltal" on the home page, in this order.
    #[serde(default)]
    pub key_figures: Vec<KeyFigure>,
}

/// One key figure: a value of a dataset, as the `stat` shortcode would show it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFigure {
    /// A dataset id (`data/statistik/<id>.yaml`).
    pub dataset: String,
    /// A row (or item, step, series) label of that dataset.
    pub row: String,
    /// A column id, as for `stat`; optional.
    #[serde(default)]
    pub column: Option<String>,
    /// What the number counts, e.g. "personer antogs vara utsatta för människohandel".
    pub label: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub title: String,
    /// A site path such as `/artiklar/` (the base path is added) or an absolute URL.
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Support {
    /// e.g. "Stödlinjen"
    pub label: String,
    /// As people dial it, e.g. "020-50 50 50".
    pub phone: String,
    /// e.g. "Öppen dygnet runt"
    #[serde(default)]
    pub hours: String,
    /// A page with more about the support line.
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QuickExit {
    #[serde(default = "default_exit_label")]
    pub label: String,
    /// A neutral, everyday site.
    #[serde(default = "default_exit_url")]
    pub url: String,
    /// A page of this site on hiding one's visit (history, shared devices), linked next
    /// to the button; a site path such as `/dolj-ditt-besok/`. Empty: no link.
    #[serde(default)]
    pub help_url: String,
}

impl Default for QuickExit {
    fn default() -> Self {
        QuickExit {
            label: default_exit_label(),
            url: default_exit_url(),
            help_url: String::new(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Let raw HTML in Markdown through. Off by default: it is escaped.
    #[serde(default)]
    pub allow_html: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// How many of the newest pages the Atom feed lists.
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig {
            limit: default_feed_limit(),
        }
    }
}

fn default_language() -> String {
    "sv".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_exit_label() -> String {
    "Lämna sidan snabbt".into()
}
fn default_exit_url() -> String {
    "https://www.smhi.se/".into()
}
fn default_feed_limit() -> usize {
    20
}

impl Config {
    /// Read and validate the configuration at `root/kunskapsnav.yaml`.
    pub fn load(root: &Path) -> Result<Config, Box<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        let rel = Path::new(CONFIG_FILE);
        if let Err(e) = std::fs::symlink_metadata(&path) {
            return Err(Box::new(
                Diagnostic::error(
                    "config/unreadable",
                    rel,
                    format!("cannot read the configuration: {e}"),
                )
                .with_help(format!(
                    "run kunskapsnav in a site folder (one with {CONFIG_FILE}) or pass --root DIR"
                )),
            ));
        }
        // As content is read: a bad byte at its line, BOM and CRLF, no FIFO, a size limit.
        let text = crate::load::content::read_text_file(&path, rel)?;
        let text = text.as_str();
        let mut config: Config = yaml::parse(text, rel, text, Offset::default(), "config/invalid")?;
        config.text = text.to_string();
        config.normalise().map_err(|(key, msg, help)| {
            let (line, col) = yaml::key_position(text, key, Offset::default()).unwrap_or((1, 1));
            Box::new(
                Diagnostic::error("config/invalid", rel, msg)
                    .at(line, col)
                    .with_source(text)
                    .with_help(help),
            )
        })?;
        config.languages =
            languages::resolve(&config.language_list, &config.language).map_err(|e| {
                let (line, col) =
                    yaml::value_position(text, "languages", &e.needle, Offset::default())
                        .or_else(|| yaml::key_position(text, "languages", Offset::default()))
                        .unwrap_or((1, 1));
                Box::new(
                    Diagnostic::error("config/language", rel, e.message)
                        .at(line, col)
                        .with_source(text)
                        .with_help(e.help),
                )
            })?;
        if let Some(first) = config.languages.first() {
            config.language = first.code.clone();
        }
        config.external_links.check(CONFIG_FILE, text)?;
        config.review.check(CONFIG_FILE, text)?;
        crate::load::upkeep_config::check_repository_url(
            config.repository_url.as_deref(),
            CONFIG_FILE,
            text,
        )?;
        Ok(config)
    }

    /// Parse from a string (tests and tools).
    pub fn from_yaml(text: &str) -> Result<Config, Box<Diagnostic>> {
        let mut config: Config = yaml::parse(
            text,
            Path::new(CONFIG_FILE),
            text,
            Offset::default(),
            "config/invalid",
        )?;
        config.text = text.to_string();
        config.normalise().map_err(|(_, msg, help)| {
            Box::new(Diagnostic::error("config/invalid", CONFIG_FILE, msg).with_help(help))
        })?;
        config.languages =
            languages::resolve(&config.language_list, &config.language).map_err(|e| {
                Box::new(
                    Diagnostic::error("config/language", CONFIG_FILE, e.message).with_help(e.help),
                )
            })?;
        if let Some(first) = config.languages.first() {
            config.language = first.code.clone();
        }
        Ok(config)
    }

    fn normalise(&mut self) -> Result<(), (&'static str, String, String)> {
        self.base_url = normalise_base_url(&self.base_url).map_err(|m| {
            (
                "base_url",
                m,
                "write an absolute URL such as https://example.org/ or https://example.org/kunskap/".to_string(),
            )
        })?;
        if self.theme.contains(['/', '\\']) || self.theme.starts_with('.') {
            return Err((
                "theme",
                format!("`{}` is not a theme folder name", self.theme),
                "name a folder directly under themes/, e.g. `default`".into(),
            ));
        }
        Ok(())
    }

    /// The default language (Swedish on the hub).
    pub fn default_language(&self) -> &Language {
        static SWEDISH: std::sync::LazyLock<Language> = std::sync::LazyLock::new(|| {
            languages::resolve(&[], "sv")
                .ok()
                .and_then(|mut l| l.pop())
                .unwrap_or_else(Language::swedish)
        });
        self.languages.first().unwrap_or(&SWEDISH)
    }

    /// A configured language by its id.
    pub fn language_by_id(&self, id: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.id == id)
    }

    /// The path part of `base_url`, always starting and ending with `/`: `/kunskap/`.
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }
}

/// Ensure `scheme://host/path/` with a trailing slash.
pub fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("base_url `{url}` has no host"));
    }
    if url.contains(['?', '#', ' ']) {
        return Err(format!(
            "base_url `{url}` must not contain a query, fragment or space"
        ));
    }
    let mut out = url.to_string();
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

pub fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(base_url);
    match after_scheme.find('/') {
        Some(i) => {
            let p = &after_scheme[i..];
            if p.ends_with('/') {
                p.to_string()
            } else {
                format!("{p}/")
            }
        }
        None => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_comes_from_the_base_url() {
        assert_eq!(base_path_of("https://example.org/kunskap/"), "/kunskap/");
        assert_eq!(base_path_of("https://example.org/"), "/");
        assert_eq!(
            normalise_base_url("https://example.org/kunskap").as_deref(),
            Ok("https://example.org/kunskap/")
        );
        assert!(normalise_base_url("example.org").is_err());
    }

    #[test]
    fn unknown_key_is_an_error_with_suggestion() {
        let err =
            Config::from_yaml("title: x\nbase_url: https://e.org/\nteme: default\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.help.unwrap_or_default().contains("`theme`"));
    }
}
