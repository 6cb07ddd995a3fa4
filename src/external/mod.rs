//! `kunskapsnav check --external`: every external URL written in content, data and the
//! configuration is asked whether it still leads somewhere. Broken links are errors at
//! the file:line:col where they are written; a permanent redirect is a warning that
//! suggests the new address. With no network at all the check says so and judges nothing.
//!
//! - [`find`]: the URLs and where they are written;
//! - [`probe`]: asking one URL (HEAD, then GET; redirects; retries);
//! - [`schedule`]: bounded concurrency per host;
//! - [`cache`]: good results kept for `max_age_hours`.

pub mod cache;
pub mod find;
pub mod probe;
pub mod schedule;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::config::Config;
use probe::Outcome;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a check of the external links found.
#[derive(Debug, Default)]
pub struct ExternalReport {
    /// Broken links (errors), permanent redirects (warnings), an unreadable cache.
    pub diagnostics: Diagnostics,
    /// Distinct URLs written in the site (excluded hosts and the site's own URL aside).
    pub urls: usize,
    /// URLs asked over the network in this run.
    pub asked: usize,
    /// URLs whose good result came from the cache.
    pub cached: usize,
    /// Distinct URLs on excluded hosts, not asked.
    pub excluded: usize,
    /// URLs that redirect temporarily (302, 303, 307) to a good answer; left as they are.
    pub temporary_redirects: usize,
    /// Set when no URL asked could even be connected to: the computer is offline (or
    /// every host named is gone). Nothing was judged then.
    pub offline: Option<String>,
}

/// Check every external URL of the site at `root` with the settings of `config`.
pub fn check(root: &Path, config: &Config) -> ExternalReport {
    let settings = &config.external_links;
    let mut report = ExternalReport::default();
    let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut places: BTreeMap<String, Vec<find::Occurrence>> = BTreeMap::new();
    let mut excluded = std::collections::BTreeSet::new();
    for rel in find::site_files(root) {
        // A file that cannot be read is the ordinary check's to report.
        let Ok(text) = crate::load::content::read_text_file(&root.join(&rel), &rel) else {
            continue;
        };
        for occ in find::urls_in(&text, &rel) {
            if occ.url.starts_with(&config.base_url) {
                continue; // the site's own address: not external
            }
            if settings.excludes(&probe::host_of(&occ.url)) {
                excluded.insert(occ.url);
                continue;
            }
            places.entry(occ.url.clone()).or_default().push(occ);
        }
        texts.insert(rel, text);
    }
    report.excluded = excluded.len();
    report.urls = places.len();

    let cache_rel = PathBuf::from(&settings.cache_file);
    let cache_path = root.join(&cache_rel);
    let (mut cache, warning) = cache::Cache::load(&cache_path, &cache_rel);
    report.diagnostics.extend(warning);
    let now = cache::now();
    let max_age = settings.max_age_hours.saturating_mul(3600);

    let mut outcomes: BTreeMap<String, Outcome> = BTreeMap::new();
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for url in places.keys() {
        match cache.fresh(url, now, max_age) {
            Some(o) => {
                report.cached += 1;
                outcomes.insert(url.clone(), o.clone());
            }
            None => by_host
                .entry(probe::host_of(url))
                .or_default()
                .push(url.clone()),
        }
    }
    let agent = format!(
        "kunskapsnav/{} link check (+{})",
        env!("CARGO_PKG_VERSION"),
        config.base_url
    );
    let prober = probe::Prober::new(
        Duration::from_secs(settings.timeout_seconds),
        settings.retries,
        &agent,
    );
    let asked: Vec<String> = by_host.values().flatten().cloned().collect();
    let answers = schedule::run(
        by_host.into_values().collect(),
        settings.concurrency,
        settings.per_host,
        |url: &String| prober.probe(url),
    );
    report.asked = asked.len();
    let all_unreachable = !answers.is_empty()
        && answers
            .iter()
            .all(|o| matches!(o, Outcome::Unreachable { .. }));
    if all_unreachable {
        let reason = match answers.first() {
            Some(Outcome::Unreachable { reason }) => reason.clone(),
            _ => String::new(),
        };
        report.offline = Some(format!(
            "none of the {} URL(s) asked could be connected to (first: {reason}); this computer seems to have no network, so no link was judged",
            answers.len()
        ));
    } else {
        for (url, outcome) in asked.into_iter().zip(answers) {
            cache.record(&url, &outcome, now);
            outcomes.insert(url, outcome);
        }
    }
    if let Err(e) = cache.save(&cache_path, &|url| places.contains_key(url)) {
        report.diagnostics.push(
            Diagnostic::warning(
                "external/cache-unwritable",
                &cache_rel,
                format!("cannot write the link-check cache: {e}"),
            )
            .with_help("check that the folder can be written, or set external_links.cache_file"),
        );
    }

    for (url, outcome) in &outcomes {
        if matches!(
            outcome,
            Outcome::Redirected {
                permanent: false,
                ..
            }
        ) {
            report.temporary_redirects += 1;
        }
        for occ in places.get(url).into_iter().flatten() {
            if let Some(d) = diagnostic(occ, outcome) {
                let text = texts.get(&occ.file).map(String::as_str).unwrap_or("");
                report.diagnostics.push(d.with_source(text));
            }
        }
    }
    report.diagnostics.sort();
    report
}

fn diagnostic(occ: &find::Occurrence, outcome: &Outcome) -> Option<Diagnostic> {
    let url = &occ.url;
    let d = match outcome {
        Outcome::Ok { .. } | Outcome::Redirected { permanent: false, .. } => return None,
        Outcome::Redirected {
            permanent: true,
            to,
            ..
        } => Diagnostic::warning(
            "external/moved",
            &occ.file,
            format!("`{url}` has moved permanently to `{to}`"),
        )
        .with_help(format!("replace the link with {to}")),
        Outcome::Broken { status, at } => {
            let via = if at != url {
                format!(" (after redirects, at `{at}`)")
            } else {
                String::new()
            };
            Diagnostic::error(
                "external/broken",
                &occ.file,
                format!("`{url}` answers {}{via}", status_text(*status)),
            )
            .with_help(broken_help(*status))
        }
        Outcome::Failed { reason } => Diagnostic::error(
            "external/failed",
            &occ.file,
            format!("`{url}` gave no usable answer: {reason}"),
        )
        .with_help("open it in a browser; if it works there, raise external_links.timeout_seconds or exclude the host"),
        Outcome::Unreachable { reason } => Diagnostic::error(
            "external/unreachable",
            &occ.file,
            format!("`{url}` cannot be reached: {reason}"),
        )
        .with_help("check the host name for typing errors; if the site is gone, link to an archived copy or remove the link"),
    };
    Some(d.at(occ.line, occ.column))
}

fn status_text(status: u16) -> String {
    let phrase = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return status.to_string(),
    };
    format!("{status} {phrase}")
}

fn broken_help(status: u16) -> &'static str {
    match status {
        404 | 410 => "the page is gone: find where it moved (the site's search, an archive) and link there, or remove the link",
        401 | 403 => "the site refuses the checker; if the page opens in a browser, exclude the host in external_links.exclude_hosts",
        429 => "the site asks for fewer requests: lower external_links.per_host, or run the check less often",
        s if s >= 500 => "the site's server failed (after retries); try again later before changing the link",
        _ => "open the link in a browser and correct it",
    }
}
