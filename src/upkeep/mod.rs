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
}

impl Upkeep {
    /// Load the owner registry and every page's review fields, checking them.
    pub fn load(root: &Path, pages: &[Page], diags: &mut Diagnostics) -> Upkeep {
        let owners = owners::Owners::load(root, diags);
        let pages = review::read_pages(pages, &owners, Date::today(), diags);
        Upkeep { owners, pages }
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
