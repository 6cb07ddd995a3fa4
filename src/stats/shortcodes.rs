//! `{{ chart(dataset="…", kind="…", rows="a|b") }}` and
//! `{{ stat(dataset="…", row="…", column="…") }}`: figures in articles come from the data,
//! so they cannot drift from it. Every reference is checked; a wrong one is an error at
//! the shortcode's line, with a suggestion.

use super::chart::Val;
use super::schema::{ChartKind, Count, Percent};
use super::svg::esc;
use super::{shortlist, views, Stats};
use crate::diagnostics::did_you_mean;
use crate::link::join_url;
use crate::parse::shortcode::Shortcode;
use crate::text::locale::{self, Locale};

pub type ScResult = Result<String, (String, String)>;

pub const NAMES: [&str; 2] = ["chart", "stat"];

fn check_args(sc: &Shortcode, allowed: &[&str]) -> Result<(), (String, String)> {
    for k in sc.args.keys() {
        if !allowed.contains(&k.as_str()) {
            let hint = match did_you_mean(k, allowed.iter().copied()) {
                Some(m) => format!(
                    "did you mean `{m}`? `{}` takes {}",
                    sc.name,
                    allowed.join(", ")
                ),
                None => format!("`{}` takes {}", sc.name, allowed.join(", ")),
            };
            return Err((format!("`{}` has no argument `{k}`", sc.name), hint));
        }
    }
    Ok(())
}

fn not_found(what: &str, given: &str, dataset: &str, known: &[&str]) -> (String, String) {
    let hint = match did_you_mean(given, known.iter().copied()) {
        Some(m) => format!("did you mean `{m}`?"),
        None if known.is_empty() => {
            format!("the dataset `{dataset}` has no {what}s to choose from")
        }
        None => format!(
            "{what}s of `{dataset}`: {}",
            shortlist(known.iter().copied())
        ),
    };
    (
        format!("the dataset `{dataset}` has no {what} `{given}`"),
        hint,
    )
}

impl Stats {
    /// `lang`: the page's BCP 47 code, for the figures' number format.
    pub fn shortcode(&self, sc: &Shortcode, base: &str, lang: &str) -> Option<ScResult> {
        match sc.name.as_str() {
            "chart" => Some(self.chart_sc(sc, base)),
            "stat" => Some(self.stat_sc(sc, base, &locale::for_code(lang))),
            _ => None,
        }
    }

    /// One figure as `stat` shows it (`1 513`, `20 procent`), with its dataset; for figures
    /// placed by configuration rather than by a shortcode (the home page's key figures).
    pub fn figure_text(
        &self,
        dataset: &str,
        row: &str,
        column: Option<&str>,
    ) -> Result<(&super::Dataset, String), (String, String)> {
        let d = self.get(dataset).ok_or_else(|| self.missing(dataset))?;
        Ok((d, lookup(d, row, column, &locale::for_code("sv"))?))
    }

    fn dataset_arg(&self, sc: &Shortcode) -> Result<&super::Dataset, (String, String)> {
        let id = sc.args.get("dataset").ok_or_else(|| {
            (
                format!("`{}` needs `dataset=\"…\"`", sc.name),
                "name a dataset by its id, e.g. dataset=\"bra-anmalda-brott-2023\"".to_string(),
            )
        })?;
        self.get(id).ok_or_else(|| self.missing(id))
    }

    fn chart_sc(&self, sc: &Shortcode, base: &str) -> ScResult {
        check_args(sc, &["dataset", "kind", "rows"])?;
        let d = self.dataset_arg(sc)?;
        let kind = match sc.args.get("kind") {
            None => None,
            Some(k) => {
                let kind = ChartKind::parse(k).ok_or_else(|| {
                    (
                        format!("`{k}` is not a chart kind"),
                        format!("chart kinds: {}", ChartKind::NAMES.join(", ")),
                    )
                })?;
                if !d.shape.kinds().contains(&kind) {
                    let possible: Vec<&str> = d.shape.kinds().iter().map(|k| k.name()).collect();
                    return Err((
                        format!("the dataset `{}` cannot be drawn as `{k}`", d.data.id),
                        if possible.is_empty() {
                            "this dataset has single figures only; use `stat` for one of them"
                                .into()
                        } else {
                            format!("possible: {}", possible.join(", "))
                        },
                    ));
                }
                Some(kind)
            }
        };
        let rows: Option<Vec<String>> = match sc.args.get("rows") {
            None => None,
            Some(r) => {
                let known = row_labels(d);
                let wanted: Vec<String> = r
                    .split('|')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                for w in &wanted {
                    if !known.contains(&w.as_str()) {
                        let (msg, mut hint) = not_found("row", w, &d.data.id, &known);
                        if w.contains(',') && !r.contains('|') {
                            hint = format!(
                                "separate row labels with | (labels may contain commas); {hint}"
                            );
                        }
                        return Err((msg, hint));
                    }
                }
                Some(wanted)
            }
        };
        let uid = format!("diagram-{}-{}-{}", d.data.id, sc.line, sc.column);
        Ok(views::figure(d, kind, rows.as_deref(), &uid, base, true))
    }

    fn stat_sc(&self, sc: &Shortcode, base: &str, loc: &Locale) -> ScResult {
        check_args(sc, &["dataset", "row", "column"])?;
        let d = self.dataset_arg(sc)?;
        let row = sc.args.get("row").ok_or_else(|| {
            (
                "`stat` needs `row=\"…\"`".to_string(),
                format!(
                    "rows of `{}`: {}",
                    d.data.id,
                    shortlist(row_labels(d).into_iter())
                ),
            )
        })?;
        let column = sc.args.get("column").map(String::as_str);
        let text = lookup(d, row, column, loc)?;
        let href = join_url(base, &d.url_path());
        Ok(format!(
            "<a href=\"{}\" class=\"stat\">{}</a>",
            esc(&href),
            esc(&text)
        ))
    }
}

/// Labels a `rows=` filter or a `stat` may name (data rows and items, not sums).
fn row_labels(d: &super::Dataset) -> Vec<&str> {
    let data = &d.data;
    if let Some(t) = &data.table {
        return t
            .groups
            .iter()
            .flat_map(|g| g.rows.iter().map(|r| r.label.as_str()))
            .collect();
    }
    if let Some(b) = &data.breakdown {
        return b.items.iter().map(|i| i.label.as_str()).collect();
    }
    if let Some(s) = &data.series {
        return s.series.iter().map(|x| x.label.as_str()).collect();
    }
    if let Some(c) = &data.chain {
        return c.steps.iter().map(|x| x.label.as_str()).collect();
    }
    if let Some(f) = &data.figures {
        return f.items.iter().map(|x| x.label.as_str()).collect();
    }
    Vec::new()
}

fn count(c: Count, loc: &Locale) -> String {
    Val::exact(c.0).label_in(loc)
}

fn percent(p: Percent, change: bool, loc: &Locale) -> String {
    let v = if change { p.0.abs() } else { p.0 };
    loc.percent(v)
}

fn pick(
    d: &str,
    row: &str,
    column: Option<&str>,
    options: &[(&str, Option<String>)],
) -> Result<String, (String, String)> {
    let names: Vec<&str> = options.iter().map(|o| o.0).collect();
    match column {
        None => options.iter().find_map(|o| o.1.clone()).ok_or_else(|| {
            (
                format!("`{row}` in `{d}` has no figure"),
                "check the dataset".into(),
            )
        }),
        Some(c) => match options.iter().find(|o| o.0 == c) {
            Some((_, Some(v))) => Ok(v.clone()),
            Some((_, None)) => {
                let has: Vec<&str> = options
                    .iter()
                    .filter(|o| o.1.is_some())
                    .map(|o| o.0)
                    .collect();
                Err((
                    format!("`{row}` in `{d}` has no `{c}`"),
                    format!("it has: {}", has.join(", ")),
                ))
            }
            None => Err(not_found("column", c, d, &names)),
        },
    }
}

/// The text of one figure, its number written as `loc` writes numbers.
fn lookup(
    ds: &super::Dataset,
    row: &str,
    column: Option<&str>,
    loc: &Locale,
) -> Result<String, (String, String)> {
    let data = &ds.data;
    let id = data.id.as_str();
    if let Some(t) = &data.table {
        let total_label = t.total_label.as_deref().unwrap_or("Totalt");
        let cols: Vec<&str> = t
            .columns
            .iter()
            .map(|c| c.id.as_str())
            .chain(["total"])
            .collect();
        let col = column.unwrap_or("total");
        let ci = cols
            .iter()
            .position(|c| *c == col)
            .ok_or_else(|| not_found("column", col, id, &cols))?;
        let n = t.columns.len();
        let from = |values: Option<&Vec<Count>>,
                    total: Option<Count>|
         -> Result<String, (String, String)> {
            let v = if ci == n {
                total
            } else {
                values.and_then(|v| v.get(ci).copied())
            };
            v.map(|c| count(c, loc)).ok_or_else(|| {
                (
                    format!("`{row}` in `{id}` has no published figure for `{col}`"),
                    "the source printed none; choose another column".into(),
                )
            })
        };
        if let Some(r) = t
            .groups
            .iter()
            .flat_map(|g| g.rows.iter())
            .find(|r| r.label == row)
        {
            if ci == n && r.total.is_none() {
                return Ok(Val {
                    computed: false,
                    ..Val::exact(r.values.iter().map(|v| v.0).sum())
                }
                .label_in(loc));
            }
            return from(Some(&r.values), r.total);
        }
        if let Some(g) = t.groups.iter().find(|g| g.label == row && !row.is_empty()) {
            let s = g.subtotal.as_ref().ok_or_else(|| {
                (
                    format!("the group `{row}` in `{id}` has no published subtotal"),
                    "name one of its rows instead".into(),
                )
            })?;
            return from(s.values.as_ref(), s.total);
        }
        if let Some(s) = t
            .total
            .as_ref()
            .filter(|s| row == total_label || s.label.as_deref() == Some(row))
        {
            return from(s.values.as_ref(), s.total);
        }
        let mut known = row_labels(ds);
        known.extend(
            t.groups
                .iter()
                .filter(|g| g.subtotal.is_some() && !g.label.is_empty())
                .map(|g| g.label.as_str()),
        );
        if let Some(l) = t.total.as_ref().and_then(|s| s.label.as_deref()) {
            known.push(l);
        }
        return Err(not_found("row", row, id, &known));
    }
    if let Some(s) = &data.series {
        let se = s
            .series
            .iter()
            .find(|x| x.label == row)
            .ok_or_else(|| not_found("row", row, id, &row_labels(ds)))?;
        let xs: Vec<String> = se.points.iter().map(|p| p.x.text()).collect();
        let xr: Vec<&str> = xs.iter().map(String::as_str).collect();
        let col = column.ok_or_else(|| {
            (
                format!("`stat` on the series `{row}` needs `column=\"…\"`, the x value"),
                format!("x values: {}", xr.join(", ")),
            )
        })?;
        let p = se
            .points
            .iter()
            .find(|p| p.x.text() == col)
            .ok_or_else(|| not_found("column", col, id, &xr))?;
        let a = super::validate::is_approx(p.approximate, p.qualifier.as_deref());
        return Ok(Val {
            n: p.value.0,
            qualifier: p.qualifier.clone(),
            approx: a,
            computed: false,
        }
        .label_in(loc));
    }
    if let Some(b) = &data.breakdown {
        let total_label = b.total_label.as_deref().unwrap_or("Totalt");
        if row == total_label {
            if let Some(t) = b.total {
                return pick(id, row, column, &[("value", Some(count(t, loc)))]);
            }
        }
        let it = b.items.iter().find(|i| i.label == row).ok_or_else(|| {
            let mut k = row_labels(ds);
            if b.total.is_some() {
                k.push(total_label);
            }
            not_found("row", row, id, &k)
        })?;
        let v = published_label(
            it.value.map(|c| c.0),
            it.approximate,
            it.qualifier.as_deref(),
            loc,
        );
        return pick(
            id,
            row,
            column,
            &[
                ("value", v),
                ("percent", it.percent.map(|p| percent(p, false, loc))),
            ],
        );
    }
    if let Some(c) = &data.chain {
        let s = c
            .steps
            .iter()
            .find(|s| s.label == row)
            .ok_or_else(|| not_found("row", row, id, &row_labels(ds)))?;
        return pick(id, row, column, &[("value", Some(count(s.value, loc)))]);
    }
    if let Some(f) = &data.figures {
        let it = f
            .items
            .iter()
            .find(|i| i.label == row)
            .ok_or_else(|| not_found("row", row, id, &row_labels(ds)))?;
        let v = published_label(
            it.value.map(|c| c.0),
            it.approximate,
            it.qualifier.as_deref(),
            loc,
        );
        return pick(
            id,
            row,
            column,
            &[
                ("value", v),
                ("percent", it.percent.map(|p| percent(p, false, loc))),
                (
                    "change_percent",
                    it.change_percent.map(|p| percent(p, true, loc)),
                ),
            ],
        );
    }
    Err((
        format!("the dataset `{id}` has no figures"),
        "check the dataset file".into(),
    ))
}

/// A published count as text, with its qualifier (`över 74 000`) or approximation mark.
fn published_label(
    n: Option<u64>,
    approximate: Option<bool>,
    qualifier: Option<&str>,
    loc: &Locale,
) -> Option<String> {
    let approx = super::validate::is_approx(approximate, qualifier);
    n.map(|n| {
        Val {
            n,
            qualifier: qualifier.map(str::to_string),
            approx,
            computed: false,
        }
        .label_in(loc)
    })
}
