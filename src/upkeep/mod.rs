//! Upkeep of pages: who owns each page (the owner registry in `data/agare.yaml`), when it
//! was reviewed and when it is due again; overdue reviews are warnings (`--strict`:
//! errors) and `kunskapsnav review` lists what is due.
//!
//! - [`owners`]: the registry;
//! - [`review`]: the review fields of pages, due dates, overdue warnings.

pub mod owners;
pub mod review;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::content::Page;
use crate::text::date::Date;
use std::path::Path;

/// How many days ahead `kunskapsnav review` counts a review as due.
pub const DUE_WITHIN_DAYS: i64 = 30;

#[derive(Debug, Default)]
pub struct Upkeep {
    pub owners: owners::Owners,
    pub pages: Vec<review::PageReview>,
    /// Index into `pages` by file.
    by_file: std::collections::HashMap<std::path::PathBuf, usize>,
}

impl Upkeep {
    /// Load the owner registry and every page's review fields, checking them.
    pub fn load(root: &Path, pages: &[Page], diags: &mut Diagnostics) -> Upkeep {
        let owners = owners::Owners::load(root, diags);
        let pages = review::read_pages(pages, &owners, Date::today(), diags);
        let by_file = pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.file.clone(), i))
            .collect();
        Upkeep {
            owners,
            pages,
            by_file,
        }
    }

    /// What the reader sees of a page's upkeep: `reviewed` (date), `owner` (`name`,
    /// `contact`) and `history_url` (the file's history, when `repository_url` is set).
    pub fn page_value(
        &self,
        config: &crate::load::config::Config,
        file: &Path,
    ) -> Option<minijinja::Value> {
        let review = self.by_file.get(file).map(|&i| &self.pages[i]);
        let owner = review
            .and_then(|r| r.owner.as_deref())
            .and_then(|o| self.owners.get(o));
        let history_url = config.repository_url.as_deref().map(|base| {
            let path = file.to_string_lossy().replace('\\', "/");
            if base.contains("{path}") {
                base.replace("{path}", &path)
            } else {
                format!("{}/commits/HEAD/{path}", base.trim_end_matches('/'))
            }
        });
        let reviewed = review.and_then(|r| r.reviewed).map(|d| d.to_string());
        if reviewed.is_none() && owner.is_none() && history_url.is_none() {
            return None;
        }
        Some(minijinja::context! {
            reviewed => reviewed,
            owner => owner.map(|o| minijinja::context! { name => o.name.clone(), contact => o.contact.clone() }),
            history_url => history_url,
        })
    }

    /// Every tracked page's review state today, soonest due first.
    pub fn statuses(&self, config: &crate::load::config::Config) -> Vec<review::Status> {
        let default = config
            .review
            .interval
            .as_deref()
            .and_then(|s| crate::text::interval::Interval::parse(s).ok());
        review::statuses(&self.pages, &self.owners, default, Date::today())
    }

    /// Warnings for overdue reviews.
    pub fn validate(&self, config: &crate::load::config::Config) -> Vec<Diagnostic> {
        review::overdue_warnings(&self.statuses(config))
    }
}
