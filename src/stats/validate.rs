//! Checks on a parsed dataset that serde cannot make: shapes and chart kinds, unique
//! labels, row lengths, sources, and every published total against the sum of its parts.
//! A total that disagrees is a warning, never corrected: the published figure stays.

use super::locate::{Locator, Pos};
use super::schema::*;
use crate::diagnostics::Diagnostic;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// A published sum that disagrees with its parts.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The address used in `discrepancies`: `group:Människohandel/subtotal/total`.
    pub at: String,
    /// Swedish description of the figure, for the dataset page.
    pub what: String,
    pub published: u64,
    /// The disagreeing sums, with what each adds up (Swedish).
    pub computed: Vec<(u64, String)>,
    pub line: usize,
    pub column: usize,
    /// The editor's note when the discrepancy is acknowledged in the file.
    pub acknowledged: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Table,
    Series,
    Breakdown,
    Chain,
    Figures,
}

impl Shape {
    pub fn key(self) -> &'static str {
        match self {
            Shape::Table => "table",
            Shape::Series => "series",
            Shape::Breakdown => "breakdown",
            Shape::Chain => "chain",
            Shape::Figures => "figures",
        }
    }

    /// Chart kinds that can draw this shape, the first being the default.
    pub fn kinds(self) -> &'static [ChartKind] {
        match self {
            Shape::Table => &[ChartKind::Bar, ChartKind::Grouped, ChartKind::Stacked],
            Shape::Series => &[ChartKind::Line],
            Shape::Breakdown => &[ChartKind::Bar],
            Shape::Chain => &[ChartKind::Chain, ChartKind::Bar],
            Shape::Figures => &[],
        }
    }
}

pub fn shapes(d: &DatasetFile) -> Vec<Shape> {
    let mut v = Vec::new();
    if d.table.is_some() {
        v.push(Shape::Table);
    }
    if d.series.is_some() {
        v.push(Shape::Series);
    }
    if d.breakdown.is_some() {
        v.push(Shape::Breakdown);
    }
    if d.chain.is_some() {
        v.push(Shape::Chain);
    }
    if d.figures.is_some() {
        v.push(Shape::Figures);
    }
    v
}

pub struct Checker<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub loc: Locator<'a>,
    pub diags: Vec<Diagnostic>,
    pub findings: Vec<Finding>,
}

impl<'a> Checker<'a> {
    pub fn new(file: &'a Path, text: &'a str) -> Self {
        Checker {
            file,
            text,
            loc: Locator::new(text),
            diags: Vec::new(),
            findings: Vec::new(),
        }
    }

    pub(super) fn error(
        &mut self,
        pos: Option<Pos>,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        let (l, c) = pos.unwrap_or((1, 1));
        self.diags.push(
            Diagnostic::error("stats/invalid", self.file, msg)
                .at(l, c)
                .with_source(self.text)
                .with_help(help),
        );
    }

    pub(super) fn warn(
        &mut self,
        code: &'static str,
        pos: Option<Pos>,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        let (l, c) = pos.unwrap_or((1, 1));
        self.diags.push(
            Diagnostic::warning(code, self.file, msg)
                .at(l, c)
                .with_source(self.text)
                .with_help(help),
        );
    }

    /// Position of the `n`-th `label:` with this text, else of the shape's key.
    pub(super) fn label_pos(&self, label: &str, n: usize, shape: &str) -> Option<Pos> {
        self.loc.label(label, n).or_else(|| self.loc.top(shape))
    }

    pub fn check(&mut self, d: &DatasetFile, stem: &str) -> Option<Shape> {
        let id_pos = self.loc.top("id");
        if !valid_id(&d.id) {
            self.error(
                id_pos,
                format!("the id `{}` may contain only a–z, 0–9 and -", d.id),
                "fold å, ä to a and ö to o, and write spaces as -",
            );
        } else if d.id != stem {
            self.error(
                id_pos,
                format!("the id `{}` differs from the file name `{stem}.yaml`", d.id),
                format!("rename the file to {}.yaml or set `id: {stem}`", d.id),
            );
        }
        for (i, s) in d.source.iter().enumerate() {
            self.check_source_dates(s.retrieved.as_deref(), s.url.as_deref(), i);
        }
        let shapes = shapes(d);
        let shape = match shapes.as_slice() {
            [] => {
                self.error(None, "the dataset has no values", "add one of `table:`, `series:`, `breakdown:`, `chain:` or `figures:` (see docs/datasets.md)");
                return None;
            }
            [one] => *one,
            [first, rest @ ..] => {
                let pos = self.loc.top(rest[0].key());
                self.error(
                    pos,
                    format!(
                        "the dataset has both `{}:` and `{}:`",
                        first.key(),
                        rest[0].key()
                    ),
                    "one dataset has one shape; split it into two files",
                );
                return None;
            }
        };
        let chart_pos = self.loc.top("chart");
        match (shape, d.chart) {
            (Shape::Figures, Some(_)) => self.error(
                chart_pos,
                "a `figures` dataset has no chart",
                "remove `chart:`",
            ),
            (Shape::Figures, None) => {}
            (s, None) => self.error(
                self.loc.top(s.key()),
                "the dataset has no `chart:`",
                format!(
                    "add `chart: {}` (possible: {})",
                    s.kinds()[0].name(),
                    kind_names(s)
                ),
            ),
            (s, Some(k)) if !s.kinds().contains(&k) => self.error(
                chart_pos,
                format!("a `{}` dataset cannot be drawn as `{}`", s.key(), k.name()),
                format!("possible: {}", kind_names(s)),
            ),
            _ => {}
        }
        if let Some(t) = &d.table {
            self.table(t);
        }
        if let Some(s) = &d.series {
            self.series(s);
        }
        if let Some(b) = &d.breakdown {
            self.breakdown(b);
        }
        if let Some(c) = &d.chain {
            self.chain(c);
        }
        if let Some(f) = &d.figures {
            self.figures(f);
        }
        self.discrepancies(d);
        Some(shape)
    }

    fn check_source_dates(&mut self, retrieved: Option<&str>, url: Option<&str>, n: usize) {
        if let Some(r) = retrieved {
            if crate::text::date::Date::parse(r).is_err() {
                let pos = self.nth_key("retrieved", r, n);
                self.error(
                    pos,
                    format!("`{r}` is not a date"),
                    "write the retrieved date as YYYY-MM-DD, e.g. 2024-08-06",
                );
            }
        }
        if let Some(u) = url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                let pos = self.nth_key("url", u, n);
                self.error(
                    pos,
                    format!("`{u}` is not a web address"),
                    "write the full address, starting with https://",
                );
            }
        }
    }

    fn nth_key(&self, key: &str, value: &str, _n: usize) -> Option<Pos> {
        let needle = format!("{key}: {value}");
        self.text
            .lines()
            .position(|l| l.contains(&needle) || (l.contains(key) && l.contains(value)))
            .map(|i| (i + 1, 1))
    }

    pub(super) fn unique_labels<'l>(
        &mut self,
        labels: impl IntoIterator<Item = &'l str>,
        what: &str,
        shape: &str,
    ) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for l in labels {
            let n = seen.entry(l).or_insert(0);
            if *n == 1 {
                let pos = self.label_pos(l, 1, shape);
                self.error(pos, format!("the {what} `{l}` appears twice"), format!("each {what} label is unique within the dataset; merge the two or tell them apart"));
            }
            *n += 1;
        }
    }

    fn approx(
        &mut self,
        approximate: Option<bool>,
        qualifier: Option<&str>,
        label: &str,
        shape: &str,
    ) {
        if approximate == Some(false) && qualifier.is_some() {
            let pos = self
                .label_pos(label, 0, shape)
                .and_then(|p| self.loc.child(p, "approximate"));
            self.error(pos, format!("`{label}` has a qualifier but `approximate: false`"), "a qualifier such as `över` makes the figure approximate: remove `approximate: false`");
        }
    }

    fn series(&mut self, s: &SeriesSet) {
        let key = "series";
        if s.series.is_empty() {
            self.error(
                self.loc.top(key),
                "the series list is empty",
                "add at least one series with `label:` and `points:`",
            );
        }
        self.unique_labels(s.series.iter().map(|x| x.label.as_str()), "series", key);
        let mut kinds = HashSet::new();
        for se in &s.series {
            let mut xs = HashSet::new();
            for p in &se.points {
                kinds.insert(matches!(p.x, XValue::Year(_)));
                if !xs.insert(p.x.text()) {
                    let pos = self.label_pos(&se.label, 0, key);
                    self.error(
                        pos,
                        format!(
                            "the series `{}` has two points for {}",
                            se.label,
                            p.x.text()
                        ),
                        "give each x once",
                    );
                }
                self.approx(p.approximate, p.qualifier.as_deref(), &se.label, key);
            }
        }
        if kinds.len() > 1 {
            self.error(
                self.loc.top(key),
                "the series mix years and period labels as x",
                "use years (2023) throughout, or text labels (\"2023 H1\") throughout",
            );
        }
    }

    fn breakdown(&mut self, b: &Breakdown) {
        let key = "breakdown";
        self.unique_labels(b.items.iter().map(|i| i.label.as_str()), "item", key);
        for it in &b.items {
            if it.value.is_none() && it.percent.is_none() {
                let pos = self.label_pos(&it.label, 0, key);
                self.error(
                    pos,
                    format!("the item `{}` has neither `value` nor `percent`", it.label),
                    "add the count (`value:`) or the share (`percent:`) as published",
                );
            }
            self.approx(it.approximate, it.qualifier.as_deref(), &it.label, key);
            if let (Some(v), Some(p), Some(t)) = (it.value, it.percent, b.total) {
                if t.0 > 0 {
                    let share = v.0 as f64 * 100.0 / t.0 as f64;
                    if (share - p.0).abs() > 0.5 + 1e-9 {
                        let pos = self
                            .label_pos(&it.label, 0, key)
                            .and_then(|x| self.loc.child(x, "percent"));
                        self.warn("stats/percent-mismatch", pos, format!("published {} percent for `{}`, but {} of {} is {:.1} percent", p.0, it.label, v.0, t.0, share), "check the figures against the source; if the source prints them so, explain it in `notes`");
                    }
                }
            }
        }
        if let Some(t) = b.total {
            let exact = b
                .items
                .iter()
                .all(|i| i.value.is_some() && !is_approx(i.approximate, i.qualifier.as_deref()));
            if !b.partial && exact {
                let pos = self.loc.top(key).and_then(|p| self.loc.child(p, "total"));
                let sum = b.items.iter().filter_map(|i| i.value).map(|c| c.0).sum();
                let label = b.total_label.clone().unwrap_or_else(|| "Totalt".into());
                self.compare(
                    "total".into(),
                    label,
                    t.0,
                    pos,
                    vec![(sum, "delarna".into())],
                );
            }
        }
    }

    fn chain(&mut self, c: &Chain) {
        let key = "chain";
        self.unique_labels(c.steps.iter().map(|s| s.label.as_str()), "step", key);
        let mut prev_main: Option<&Step> = None;
        for (i, s) in c.steps.iter().enumerate() {
            let follows = match &s.from {
                Some(f) => match c.steps[..i].iter().find(|x| &x.label == f) {
                    Some(x) => Some(x),
                    None => {
                        let pos = self
                            .label_pos(&s.label, 0, key)
                            .and_then(|p| self.loc.child(p, "from"));
                        let earlier: Vec<&str> =
                            c.steps[..i].iter().map(|x| x.label.as_str()).collect();
                        let hint =
                            match crate::diagnostics::did_you_mean(f, earlier.iter().copied()) {
                                Some(m) => {
                                    format!("did you mean `{m}`? `from` names an earlier step")
                                }
                                None => {
                                    format!("`from` names an earlier step: {}", earlier.join(", "))
                                }
                            };
                        self.error(pos, format!("`from: {f}` names no earlier step"), hint);
                        None
                    }
                },
                None => prev_main,
            };
            if let Some(p) = follows {
                if s.value > p.value {
                    let pos = self
                        .label_pos(&s.label, 0, key)
                        .and_then(|x| self.loc.child(x, "value"));
                    self.warn(
                        "stats/chain-grows",
                        pos,
                        format!(
                            "the step `{}` ({}) is larger than `{}` ({}), the step it follows",
                            s.label, s.value.0, p.label, p.value.0
                        ),
                        "the counts may come from different cohorts; say so in `notes`",
                    );
                }
            }
            if s.from.is_none() {
                prev_main = Some(s);
            }
        }
    }

    fn figures(&mut self, f: &Figures) {
        let key = "figures";
        self.unique_labels(f.items.iter().map(|i| i.label.as_str()), "item", key);
        for it in &f.items {
            let pos = self.label_pos(&it.label, 0, key);
            if it.value.is_none() && it.percent.is_none() && it.change_percent.is_none() {
                self.error(
                    pos,
                    format!("the figure `{}` has no number", it.label),
                    "add `value:`, `percent:` or `change_percent:`",
                );
            }
            self.approx(it.approximate, it.qualifier.as_deref(), &it.label, key);
            if let Some(s) = &it.source {
                let replacing = s.organisation.is_some() || s.publication.is_some();
                let spos = pos.and_then(|p| self.loc.child(p, "source"));
                if replacing {
                    let missing: Vec<&str> = [
                        ("organisation", s.organisation.is_none()),
                        ("publication", s.publication.is_none()),
                        ("location", s.location.is_none()),
                        ("cited_in", s.cited_in.is_none()),
                    ]
                    .into_iter()
                    .filter_map(|(k, m)| m.then_some(k))
                    .collect();
                    if !missing.is_empty() {
                        self.error(spos, format!("the source of `{}` lacks {}", it.label, missing.join(", ")), "a source with its own organisation or publication is complete: add the missing fields, or keep only `location`/`cited_in` to narrow the dataset's source");
                    }
                } else if s.url.is_some() || s.retrieved.is_some() {
                    self.error(spos, format!("the source of `{}` has `url` or `retrieved` but no organisation or publication", it.label), "a narrowing source has only `location` and `cited_in`; give a complete source to change the URL or date");
                }
                self.check_source_dates(s.retrieved.as_deref(), s.url.as_deref(), 0);
            }
        }
    }

    /// Match acknowledged discrepancies to findings, then report every finding.
    fn discrepancies(&mut self, d: &DatasetFile) {
        let dpos = self.loc.top("discrepancies");
        for (i, disc) in d.discrepancies.iter().enumerate() {
            let pos = dpos.and_then(|p| self.nth_item_key(p, i, "at"));
            match self.findings.iter_mut().find(|f| f.at == disc.at) {
                Some(f) if f.published != disc.published.0 => {
                    let msg = format!(
                        "the discrepancy at `{}` says published {}, but the data has {}",
                        disc.at, disc.published.0, f.published
                    );
                    self.error(pos, msg, "copy the published figure from the data; a published figure is never changed");
                }
                Some(f) if !f.computed.iter().any(|(s, _)| *s == disc.computed.0) => {
                    let sums: Vec<String> = f.computed.iter().map(|(s, _)| s.to_string()).collect();
                    let msg = format!(
                        "the discrepancy at `{}` says computed {}, but the build computes {}",
                        disc.at,
                        disc.computed.0,
                        sums.join(" or ")
                    );
                    self.error(pos, msg, "update `computed` to the sum the build reports");
                }
                Some(f) => f.acknowledged = Some(disc.note.clone()),
                None => {
                    let known: Vec<&str> = self.findings.iter().map(|f| f.at.as_str()).collect();
                    let hint = if known.is_empty() {
                        "every published sum in this dataset matches its parts; remove the entry"
                            .to_string()
                    } else {
                        format!("disagreeing sums in this dataset: {}", known.join(", "))
                    };
                    self.error(
                        pos,
                        format!(
                            "the discrepancy at `{}` matches no disagreeing sum",
                            disc.at
                        ),
                        hint,
                    );
                }
            }
        }
        for f in self.findings.clone() {
            let sums: Vec<String> = f.computed.iter().map(|(s, _)| s.to_string()).collect();
            let msg = format!(
                "published {} at `{}`, sum of parts {}",
                f.published,
                f.at,
                sums.join(" or ")
            );
            let pos = Some((f.line, f.column));
            match &f.acknowledged {
                Some(_) => self.warn("stats/total-acknowledged", pos, format!("{msg} (acknowledged in `discrepancies`)"), "the published figure is kept and the page explains the difference"),
                None => self.warn("stats/total-mismatch", pos, msg, format!("check the figures against the source; if it prints them so, add to `discrepancies`: {{at: \"{}\", published: {}, computed: {}, note: …}}", f.at, f.published, f.computed[0].0)),
            }
        }
    }

    fn nth_item_key(&self, list: Pos, n: usize, key: &str) -> Option<Pos> {
        let prefix = format!("- {key}:");
        self.text
            .lines()
            .enumerate()
            .skip(list.0)
            .filter(|(_, l)| l.trim_start().starts_with(&prefix))
            .nth(n)
            .map(|(i, l)| (i + 1, l.len() - l.trim_start().len() + 3))
            .or(Some(list))
    }
}

pub fn is_approx(approximate: Option<bool>, qualifier: Option<&str>) -> bool {
    approximate.unwrap_or(false) || qualifier.is_some()
}

pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

fn kind_names(s: Shape) -> String {
    s.kinds()
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}
