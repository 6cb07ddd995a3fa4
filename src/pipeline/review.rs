//! `kunskapsnav review`: the pages whose review is overdue or due within
//! [`crate::upkeep::DUE_WITHIN_DAYS`] days, soonest first, for an editors' round or a CI job.

use super::{BuildFailure, BuildOptions};
use crate::diagnostics::Diagnostic;
use crate::upkeep::review::Status;
use std::fmt::Write as _;

/// The due and overdue pages of the site at `opts.root`, optionally of one owner.
pub fn due(opts: &BuildOptions, owner: Option<&str>) -> Result<Vec<Status>, BuildFailure> {
    let inputs = super::load_inputs(opts)?;
    if let Some(o) = owner {
        if inputs.ext.upkeep.owners.get(o).is_none() {
            let known: Vec<&str> = inputs
                .ext
                .upkeep
                .owners
                .list
                .iter()
                .map(|o| o.id.as_str())
                .collect();
            return Err(BuildFailure::Io(
                vec![Diagnostic::error(
                    "cli/owner",
                    "--owner",
                    format!("`{o}` is not in the owner registry"),
                )
                .with_help(format!(
                    "name one of: {}",
                    if known.is_empty() {
                        "(none: data/agare.yaml is missing or empty)".to_string()
                    } else {
                        known.join(", ")
                    }
                ))]
                .into(),
            ));
        }
    }
    Ok(inputs
        .ext
        .upkeep
        .statuses(&inputs.config)
        .into_iter()
        .filter(|s| s.days_late > -crate::upkeep::DUE_WITHIN_DAYS)
        .filter(|s| owner.is_none_or(|o| s.owner.as_deref() == Some(o)))
        .collect())
}

/// One line per page: state, due date, file, title, owner.
pub fn human(statuses: &[Status]) -> String {
    let mut out = String::new();
    if statuses.is_empty() {
        let _ = writeln!(
            out,
            "No review is overdue or due within {} days.",
            crate::upkeep::DUE_WITHIN_DAYS
        );
    }
    for s in statuses {
        let state = match s.days_late {
            d if d > 0 => format!("overdue by {d} day(s)"),
            0 => "due today".to_string(),
            d => format!("due in {} day(s)", -d),
        };
        let owner = s
            .owner_name
            .clone()
            .or(s.owner.clone())
            .unwrap_or_else(|| "no owner".into());
        let _ = writeln!(
            out,
            "{}  {state}  {}  “{}”  ({owner})",
            s.due,
            s.file.display(),
            s.title
        );
    }
    out
}

/// A JSON array of the statuses (fields as in docs/diagnostics.md#review).
pub fn json(statuses: &[Status]) -> String {
    serde_json::to_string_pretty(statuses).unwrap_or_else(|_| "[]".into()) + "\n"
}
