//! The configuration of the upkeep tools (`kunskapsnav.yaml`'s `external_links:`): how
//! `check --external` probes the URLs that content, data and configuration name.

use crate::diagnostics::Diagnostic;
use crate::load::yaml::{self, Offset};
use serde::{Deserialize, Serialize};

/// `review:` in `kunskapsnav.yaml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewConfig {
    /// The site's default review interval, e.g. `12 månader`; none: only pages and
    /// sections with their own `review_interval` are tracked.
    #[serde(default)]
    pub interval: Option<String>,
}

impl ReviewConfig {
    pub fn check(&self, file: &str, text: &str) -> Result<(), Box<Diagnostic>> {
        let Some(i) = &self.interval else {
            return Ok(());
        };
        crate::text::interval::check(i).map_err(|msg| {
            let (line, col) = yaml::value_position(text, "review", "interval", Offset::default())
                .unwrap_or((0, 0));
            Box::new(
                Diagnostic::error("config/invalid", file, format!("review.interval: {msg}"))
                    .at(line, col)
                    .with_source(text)
                    .with_help(crate::text::interval::HINT),
            )
        })
    }
}

/// `repository_url` must be an absolute http(s) URL with a host.
pub fn check_repository_url(
    url: Option<&str>,
    file: &str,
    text: &str,
) -> Result<(), Box<Diagnostic>> {
    let Some(url) = url else {
        return Ok(());
    };
    let rest = url
        .trim()
        .strip_prefix("https://")
        .or_else(|| url.trim().strip_prefix("http://"));
    let ok = rest.is_some_and(|r| {
        !r.is_empty() && !r.starts_with(['/', '{']) && !r.contains(char::is_whitespace)
    });
    if ok {
        return Ok(());
    }
    let (line, col) =
        yaml::key_position(text, "repository_url", Offset::default()).unwrap_or((0, 0));
    Err(Box::new(
        Diagnostic::error(
            "config/invalid",
            file,
            format!("repository_url `{url}` is not a URL"),
        )
        .at(line, col)
        .with_source(text)
        .with_help("write the repository's web address, e.g. https://github.com/org/repo, or a template with {path}"),
    ))
}

/// `external_links:` in `kunskapsnav.yaml`. Every key has a default.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalLinksConfig {
    /// Hosts never contacted: `example.org` (that host only) or `*.example.org` (the
    /// host and every subdomain).
    #[serde(default)]
    pub exclude_hosts: Vec<String>,
    /// The results cache, relative to the site folder.
    #[serde(default = "default_cache_file")]
    pub cache_file: String,
    /// How long a good result is trusted before the URL is asked again.
    #[serde(default = "default_max_age_hours")]
    pub max_age_hours: u64,
    /// How long one request may take, in seconds.
    #[serde(default = "default_timeout_seconds")]
    pub timeout_seconds: u64,
    /// Further tries after a timeout, a failed connection or a 5xx answer.
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// Requests in flight to one host at a time.
    #[serde(default = "default_per_host")]
    pub per_host: usize,
    /// Requests in flight altogether.
    #[serde(default = "default_concurrency")]
    pub concurrency: usize,
}

impl Default for ExternalLinksConfig {
    fn default() -> Self {
        ExternalLinksConfig {
            exclude_hosts: Vec::new(),
            cache_file: default_cache_file(),
            max_age_hours: default_max_age_hours(),
            timeout_seconds: default_timeout_seconds(),
            retries: default_retries(),
            per_host: default_per_host(),
            concurrency: default_concurrency(),
        }
    }
}

fn default_cache_file() -> String {
    ".kunskapsnav/external-links.json".into()
}
fn default_max_age_hours() -> u64 {
    24
}
fn default_timeout_seconds() -> u64 {
    10
}
fn default_retries() -> u32 {
    2
}
fn default_per_host() -> usize {
    2
}
fn default_concurrency() -> usize {
    8
}

impl ExternalLinksConfig {
    /// Whether `host` (lower case) is excluded by an entry of `exclude_hosts`.
    pub fn excludes(&self, host: &str) -> bool {
        self.exclude_hosts.iter().any(|entry| {
            let entry = entry.trim().to_ascii_lowercase();
            match entry.strip_prefix("*.") {
                Some(domain) => host == domain || host.ends_with(&format!(".{domain}")),
                None => host == entry,
            }
        })
    }

    /// Check the entries; `text` is the configuration file's text, for positions.
    pub fn check(&self, file: &str, text: &str) -> Result<(), Box<Diagnostic>> {
        let at = |needle: &str| {
            yaml::value_position(text, "external_links", needle, Offset::default())
                .unwrap_or((0, 0))
        };
        for entry in &self.exclude_hosts {
            if let Err((msg, help)) = check_host_entry(entry) {
                let needle = if entry.trim().is_empty() {
                    "exclude_hosts"
                } else {
                    entry.as_str()
                };
                let (line, col) = at(needle);
                return Err(Box::new(
                    Diagnostic::error("config/invalid", file, msg)
                        .at(line, col)
                        .with_source(text)
                        .with_help(help),
                ));
            }
        }
        let numbers = [
            ("timeout_seconds", self.timeout_seconds == 0),
            ("per_host", self.per_host == 0),
            ("concurrency", self.concurrency == 0),
        ];
        if let Some((key, _)) = numbers.iter().find(|(_, zero)| *zero) {
            let (line, col) = at(key);
            return Err(Box::new(
                Diagnostic::error(
                    "config/invalid",
                    file,
                    format!("external_links.{key} must be at least 1"),
                )
                .at(line, col)
                .with_source(text)
                .with_help("leave the key out for its default, or write a whole number from 1"),
            ));
        }
        if self.cache_file.trim().is_empty() {
            let (line, col) = at("cache_file");
            return Err(Box::new(
                Diagnostic::error("config/invalid", file, "external_links.cache_file is empty")
                    .at(line, col)
                    .with_source(text)
                    .with_help("leave the key out for .kunskapsnav/external-links.json"),
            ));
        }
        Ok(())
    }
}

/// A host name, or `*.` and a domain; no scheme, path, port or spaces.
fn check_host_entry(entry: &str) -> Result<(), (String, String)> {
    let e = entry.trim();
    let hint = "write a host name only, e.g. `www.example.org`, or `*.example.org` for the domain and its subdomains".to_string();
    if e.is_empty() {
        return Err(("an exclude_hosts entry is empty".into(), hint));
    }
    if let Some((_, rest)) = e.split_once("://") {
        let host = rest.split(['/', ':', '?', '#']).next().unwrap_or("");
        return Err((
            format!("exclude_hosts entry `{e}` is a URL, not a host name"),
            format!("write `{host}`"),
        ));
    }
    let name = e.strip_prefix("*.").unwrap_or(e);
    let valid = !name.is_empty()
        && name.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !valid {
        return Err((
            format!("exclude_hosts entry `{e}` is not a host name"),
            hint,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusion_matches_host_or_domain() {
        let c = ExternalLinksConfig {
            exclude_hosts: vec!["a.example.org".into(), "*.example.net".into()],
            ..Default::default()
        };
        assert!(c.excludes("a.example.org"));
        assert!(!c.excludes("b.example.org"));
        assert!(c.excludes("example.net"));
        assert!(c.excludes("x.y.example.net"));
        assert!(!c.excludes("badexample.net"));
    }

    #[test]
    fn host_entries_are_checked() {
        assert!(check_host_entry("www.example.org").is_ok());
        assert!(check_host_entry("*.example.org").is_ok());
        for bad in [
            "",
            "https://example.org/",
            "example.org/path",
            "exa mple.org",
            "*.",
        ] {
            assert!(check_host_entry(bad).is_err(), "{bad}");
        }
    }
}
