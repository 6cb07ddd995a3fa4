//! The totals check of a two-way table: every published row total, subtotal and grand
//! total against the sum of its parts, as published one level below, so that one wrong
//! cell is reported where it is. Disagreements become findings; the published figures stay.

use super::locate::Pos;
use super::schema::Table;
use super::validate::{valid_id, Checker, Finding};
use std::collections::HashSet;

impl Checker<'_> {
    pub(super) fn table(&mut self, t: &Table) {
        let key = "table";
        let n = t.columns.len();
        if n == 0 {
            self.error(
                self.loc.top(key),
                "the table has no columns",
                "add `columns:` with at least one `{id: …, label: …}`",
            );
        }
        let mut ids = HashSet::new();
        for c in &t.columns {
            // Looked up only for an error: scanning the file for every column made a table
            // of 10 000 columns take minutes.
            let pos = || {
                let needle = format!("id: {}", c.id);
                self.text
                    .lines()
                    .position(|l| l.contains(&needle) && l.contains("label"))
                    .map(|i| (i + 1, 1))
            };
            if !valid_id(&c.id) || c.id == "total" {
                let pos = pos();
                self.error(
                    pos,
                    format!("`{}` cannot be a column id", c.id),
                    "use a–z, 0–9 and -; `total` is reserved for the row total",
                );
            } else if !ids.insert(c.id.as_str()) {
                let pos = pos();
                self.error(
                    pos,
                    format!("the column id `{}` appears twice", c.id),
                    "give each column its own id",
                );
            }
        }
        if t.groups.is_empty() {
            self.error(
                self.loc.top(key),
                "the table has no groups",
                "add `groups:` with at least one group of rows (its label may be \"\")",
            );
        }
        let labels: Vec<&str> = t
            .groups
            .iter()
            .flat_map(|g| g.rows.iter().map(|r| r.label.as_str()))
            .collect();
        self.unique_labels(labels, "row", key);
        let mut group_cols: Vec<Vec<u64>> = Vec::new();
        let mut group_totals: Vec<u64> = Vec::new();
        for g in &t.groups {
            let gpos = self.label_pos(&g.label, 0, key);
            let mut cols = vec![0u64; n];
            let mut row_totals = 0u64;
            for r in &g.rows {
                let rpos = self.label_pos(&r.label, 0, key);
                if r.values.len() != n {
                    let vp = rpos.and_then(|p| self.loc.child(p, "values"));
                    self.error(
                        vp,
                        format!(
                            "the row `{}` has {} values for {n} columns",
                            r.label,
                            r.values.len()
                        ),
                        "give one value per column, in the order of `columns:`",
                    );
                }
                let sum: u64 = r.values.iter().map(|c| c.0).sum();
                for (c, v) in cols.iter_mut().zip(&r.values) {
                    *c += v.0;
                }
                if let Some(tot) = r.total {
                    let pos = rpos.and_then(|p| self.loc.child(p, "total"));
                    self.compare(
                        format!("row:{}/total", r.label),
                        format!("Radsumman för {}", r.label),
                        tot.0,
                        pos,
                        vec![(sum, "radens värden".into())],
                    );
                }
                row_totals += r.total.map_or(sum, |c| c.0);
            }
            let mut published_cols = cols.clone();
            let mut gtotal = row_totals;
            if let Some(st) = &g.subtotal {
                let spos = gpos.and_then(|p| self.loc.child(p, "subtotal"));
                let what = |c: &str| {
                    format!(
                        "Delsumman för {}{c}",
                        if g.label.is_empty() {
                            "tabellen".into()
                        } else {
                            g.label.clone()
                        }
                    )
                };
                if let Some(vals) = &st.values {
                    let vpos = spos.and_then(|p| self.loc.child(p, "values"));
                    self.length(vals.len(), n, vpos, "subtotal");
                    for (i, (v, c)) in vals.iter().zip(&t.columns).enumerate() {
                        let pos = vpos.map(|p| self.loc.element(p, i));
                        self.compare(
                            format!("group:{}/subtotal/{}", g.label, c.id),
                            what(&format!(", {}", c.label)),
                            v.0,
                            pos,
                            vec![(cols[i], "gruppens rader".into())],
                        );
                        published_cols[i] = v.0;
                    }
                }
                if let Some(tot) = st.total {
                    let pos = spos.and_then(|p| self.loc.child(p, "total"));
                    let mut parts = Vec::new();
                    if let Some(vals) = &st.values {
                        parts.push((
                            vals.iter().map(|c| c.0).sum(),
                            "delsummorna per kolumn".into(),
                        ));
                    }
                    parts.push((row_totals, "radernas summor".into()));
                    self.compare(
                        format!("group:{}/subtotal/total", g.label),
                        what(""),
                        tot.0,
                        pos,
                        parts,
                    );
                    gtotal = tot.0;
                }
            }
            group_cols.push(published_cols);
            group_totals.push(gtotal);
        }
        if let Some(total) = &t.total {
            let tpos = self.loc.top(key).and_then(|p| self.loc.child(p, "total"));
            if let Some(vals) = &total.values {
                let vpos = tpos.and_then(|p| self.loc.child(p, "values"));
                self.length(vals.len(), n, vpos, "total");
                for (i, (v, c)) in vals.iter().zip(&t.columns).enumerate() {
                    let sum = group_cols
                        .iter()
                        .map(|g| g.get(i).copied().unwrap_or(0))
                        .sum();
                    let pos = vpos.map(|p| self.loc.element(p, i));
                    self.compare(
                        format!("total/{}", c.id),
                        format!("Totalsumman för {}", c.label),
                        v.0,
                        pos,
                        vec![(sum, "gruppernas summor".into())],
                    );
                }
            }
            if let Some(tot) = total.total {
                let pos = tpos.and_then(|p| self.loc.child(p, "total"));
                let mut parts = Vec::new();
                if let Some(vals) = &total.values {
                    parts.push((
                        vals.iter().map(|c| c.0).sum(),
                        "totalsummorna per kolumn".into(),
                    ));
                }
                parts.push((group_totals.iter().sum(), "gruppernas summor".into()));
                self.compare(
                    "total/total".into(),
                    "Tabellens totalsumma".into(),
                    tot.0,
                    pos,
                    parts,
                );
            }
        }
    }

    fn length(&mut self, got: usize, n: usize, pos: Option<Pos>, what: &str) {
        if got != n {
            self.error(
                pos,
                format!("the {what} has {got} values for {n} columns"),
                "give one value per column, in the order of `columns:`, or leave `values` out",
            );
        }
    }

    /// Record a finding when the published figure differs from any of its sums.
    pub(super) fn compare(
        &mut self,
        at: String,
        what: String,
        published: u64,
        pos: Option<Pos>,
        parts: Vec<(u64, String)>,
    ) {
        let mut computed: Vec<(u64, String)> = Vec::new();
        for (sum, how) in parts {
            if sum == published {
                continue;
            }
            match computed.iter_mut().find(|(s, _)| *s == sum) {
                Some((_, h)) => {
                    h.push_str(" och ");
                    h.push_str(&how);
                }
                None => computed.push((sum, how)),
            }
        }
        if computed.is_empty() {
            return;
        }
        self.findings.push(Finding {
            at,
            what,
            published,
            computed,
            line: pos.map_or(1, |p| p.0),
            column: pos.map_or(1, |p| p.1),
            acknowledged: None,
        });
        // Diagnostics are made in `discrepancies`, once acknowledgements are known.
    }
}
