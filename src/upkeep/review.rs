//! Review of pages: who owns a page (`owner:`), when it was last reviewed (`reviewed:`),
//! and how often it must be (`review_interval:` on the page, on its section's
//! `_index.md`, or `review.interval` in `kunskapsnav.yaml`). A page is due an interval
//! after its `reviewed` date (or, never reviewed, after its `updated` date).

use super::owners::Owners;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::content::Page;
use crate::text::date::Date;
use crate::text::interval::{self, Interval};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;

/// The review fields of a page's front matter, read on their own.
#[derive(Deserialize)]
struct Fields {
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    reviewed: Option<Date>,
    #[serde(default)]
    review_interval: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PageReview {
    pub file: PathBuf,
    pub title: String,
    pub content_dir: String,
    pub section: bool,
    pub owner: Option<String>,
    pub reviewed: Option<Date>,
    pub updated: Option<Date>,
    pub interval: Option<Interval>,
}

/// One page's review state on a given day.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub file: PathBuf,
    pub title: String,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    pub reviewed: Option<String>,
    pub due: String,
    /// Days past the due date; negative: days left.
    pub days_late: i64,
}

pub fn read_pages(
    pages: &[Page],
    owners: &Owners,
    today: Date,
    diags: &mut Diagnostics,
) -> Vec<PageReview> {
    let mut out = Vec::new();
    for page in pages {
        let Ok(fields) = serde_yaml::from_str::<Fields>(page.yaml()) else {
            continue; // a bad front matter is reported where pages load
        };
        let at = |key: &str| page.key_position(key);
        let mut interval = None;
        if let Some(text) = &fields.review_interval {
            match Interval::parse(text) {
                Ok(i) => interval = Some(i),
                Err(msg) => {
                    let (l, c) = at("review_interval");
                    diags.push(
                        Diagnostic::error("review/interval", &page.file, msg)
                            .at(l, c)
                            .with_source(&page.text)
                            .with_help(interval::HINT),
                    );
                }
            }
        }
        if let Some(r) = fields.reviewed {
            if r > today {
                let (l, c) = at("reviewed");
                diags.push(
                    Diagnostic::error(
                        "review/in-future",
                        &page.file,
                        format!("`reviewed: {r}` is in the future (today is {today})"),
                    )
                    .at(l, c)
                    .with_source(&page.text)
                    .with_help("write the date the review was done, not a planned one"),
                );
            }
        }
        if let Some(o) = &fields.owner {
            if owners.get(o).is_none() {
                let (l, c) = at("owner");
                let known: Vec<&str> = owners.list.iter().map(|o| o.id.as_str()).collect();
                let help = if known.is_empty() {
                    format!(
                        "add the owner to {} (id, name, contact)",
                        super::owners::FILE
                    )
                } else {
                    let best = crate::diagnostics::did_you_mean(o, known.iter().copied())
                        .map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default();
                    format!(
                        "{best}owners are listed in {}: {}",
                        super::owners::FILE,
                        known.join(", ")
                    )
                };
                diags.push(
                    Diagnostic::error(
                        "review/unknown-owner",
                        &page.file,
                        format!("owner `{o}` is not in the owner registry"),
                    )
                    .at(l, c)
                    .with_source(&page.text)
                    .with_help(help),
                );
            }
        }
        out.push(PageReview {
            file: page.file.clone(),
            title: page.meta.title.clone(),
            content_dir: page.content_dir().to_string(),
            section: page.is_section(),
            owner: fields.owner,
            reviewed: fields.reviewed,
            updated: page.meta.updated,
            interval,
        });
    }
    out
}

/// The review state of every page that has an interval (its own, its section's or the
/// site's) and a date to count from, soonest due first.
pub fn statuses(
    pages: &[PageReview],
    owners: &Owners,
    site_default: Option<Interval>,
    today: Date,
) -> Vec<Status> {
    let by_section: HashMap<&str, Interval> = pages
        .iter()
        .filter(|p| p.section)
        .filter_map(|p| p.interval.map(|i| (p.content_dir.as_str(), i)))
        .collect();
    let section_interval = |dir: &str| {
        let mut d = dir;
        loop {
            if let Some(i) = by_section.get(d) {
                return Some(*i);
            }
            match d.rfind('/') {
                Some(k) => d = &d[..k],
                None if !d.is_empty() => d = "",
                None => return None,
            }
        }
    };
    let mut out: Vec<Status> = pages
        .iter()
        .filter_map(|p| {
            let interval = p
                .interval
                .or_else(|| section_interval(&p.content_dir))
                .or(site_default)?;
            let from = p.reviewed.or(p.updated)?;
            let due = interval.after(from);
            Some(Status {
                file: p.file.clone(),
                title: p.title.clone(),
                owner: p.owner.clone(),
                owner_name: p
                    .owner
                    .as_deref()
                    .and_then(|o| owners.get(o))
                    .map(|o| o.name.clone()),
                reviewed: p.reviewed.map(|d| d.to_string()),
                due: due.to_string(),
                days_late: interval::days_from(today) - interval::days_from(due),
            })
        })
        .collect();
    out.sort_by(|a, b| b.days_late.cmp(&a.days_late).then(a.file.cmp(&b.file)));
    out
}

/// A warning for each page whose review is overdue.
pub fn overdue_warnings(statuses: &[Status]) -> Vec<Diagnostic> {
    statuses
        .iter()
        .filter(|s| s.days_late > 0)
        .map(|s| {
            let owner = s
                .owner_name
                .clone()
                .or(s.owner.clone())
                .unwrap_or_else(|| "no owner".into());
            Diagnostic::warning(
                "review/overdue",
                &s.file,
                format!(
                    "the review of “{}” is {} day(s) overdue (due {}; owner: {owner})",
                    s.title, s.days_late, s.due
                ),
            )
            .with_help("review the page and set `reviewed:` to the date you did it")
        })
        .collect()
}
