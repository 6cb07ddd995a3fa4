//! From a dataset to what readers see: the chart's data and main message, the figure
//! (chart, table, CSV link, source) and the dataset pages.

use super::chart::{self, BarMode, BarRow, Frame, LineData, Val};
use super::schema::{ChartKind, Source, XValue};
use super::svg::esc;
use super::{table, Dataset};
use crate::diagnostics::Diagnostic;
use crate::link::join_url;
use crate::render::{ser, OutputFile, Renderer};
use crate::text::{format_int, format_number};
use minijinja::{context, Value};
use serde::Serialize;

const NBSP: char = '\u{A0}';

fn int(n: u64) -> String {
    format_int(n as i64)
}

fn val(n: u64, approximate: Option<bool>, qualifier: Option<&String>) -> Val {
    Val {
        n,
        qualifier: qualifier.cloned(),
        approx: super::validate::is_approx(approximate, qualifier.map(String::as_str)),
        computed: false,
    }
}

pub fn source_text(s: &Source) -> String {
    let mut t = format!("{}, {}", s.organisation, s.publication);
    if let Some(r) = &s.retrieved {
        let date = crate::text::date::Date::parse(r)
            .map(|d| d.to_swedish())
            .unwrap_or_else(|_| r.clone());
        t.push_str(&format!(", hämtad {date}"));
    }
    t
}

/// `Källa: Brå, Officiell kriminalstatistik. Via: Polismyndigheten, … avsnitt 4.2.`
pub fn source_line(d: &Dataset) -> String {
    let sources: Vec<String> = d.data.source.iter().map(source_text).collect();
    let mut via: Vec<&str> = Vec::new();
    for s in &d.data.source {
        if !via.contains(&s.cited_in.as_str()) {
            via.push(&s.cited_in);
        }
    }
    let label = if sources.len() > 1 {
        "Källor"
    } else {
        "Källa"
    };
    format!(
        "{label}: {}. Via: {}.",
        sources.join("; "),
        via.join("; ").trim_end_matches('.')
    )
}

/// A chain's rows: side branches directly under the step they leave from.
fn chain_rows(d: &Dataset, with_share: bool) -> Vec<BarRow> {
    let Some(c) = &d.data.chain else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let mut prev: Option<u64> = None;
    for s in c.steps.iter().filter(|s| s.from.is_none()) {
        let extra = prev.filter(|&p| with_share && p > 0).map(|p| {
            format!(
                "({}{NBSP}%)",
                format_number(s.value.0 as f64 * 100.0 / p as f64, 0)
            )
        });
        rows.push(BarRow {
            label: s.label.clone(),
            values: vec![Some(Val::exact(s.value.0))],
            branch: false,
            extra,
        });
        prev = Some(s.value.0);
        let mut stack = vec![s];
        while let Some(parent) = stack.pop() {
            for b in c
                .steps
                .iter()
                .filter(|b| b.from.as_deref() == Some(parent.label.as_str()))
            {
                let extra = (with_share && parent.value.0 > 0).then(|| {
                    format!(
                        "({}{NBSP}% av {})",
                        format_number(b.value.0 as f64 * 100.0 / parent.value.0 as f64, 0),
                        parent.label.to_lowercase()
                    )
                });
                rows.push(BarRow {
                    label: b.label.clone(),
                    values: vec![Some(Val::exact(b.value.0))],
                    branch: true,
                    extra,
                });
                stack.push(b);
            }
        }
    }
    rows
}

fn keep(rows: Option<&[String]>, label: &str) -> bool {
    rows.is_none_or(|r| r.iter().any(|x| x == label))
}

/// The chart's SVG and nothing else; `None` when the dataset cannot be drawn that way.
pub fn svg(d: &Dataset, kind: ChartKind, rows: Option<&[String]>, uid: &str) -> Option<String> {
    let data = &d.data;
    let unit = &data.unit;
    let source = source_line(d);
    let title = if data.title.contains(&data.period) {
        data.title.clone()
    } else {
        format!("{} ({})", data.title, data.period)
    };
    let frame = |desc: &str| -> (String, String) { (title.clone(), desc.to_string()) };
    if let Some(s) = &data.series {
        let mut xs: Vec<XValue> = s
            .series
            .iter()
            .flat_map(|x| x.points.iter().map(|p| p.x.clone()))
            .collect();
        xs.sort();
        xs.dedup();
        let years: Option<Vec<f64>> = xs
            .iter()
            .map(|x| {
                if let XValue::Year(y) = x {
                    Some(*y as f64)
                } else {
                    None
                }
            })
            .collect();
        let series: Vec<(String, Vec<Option<Val>>)> = s
            .series
            .iter()
            .map(|se| {
                (
                    se.label.clone(),
                    xs.iter()
                        .map(|x| {
                            se.points
                                .iter()
                                .find(|p| &p.x == x)
                                .map(|p| val(p.value.0, p.approximate, p.qualifier.as_ref()))
                        })
                        .collect(),
                )
            })
            .collect();
        let msgs: Vec<String> = series
            .iter()
            .filter_map(|(l, v)| {
                let pts: Vec<(usize, &Val)> = v
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.as_ref().map(|v| (i, v)))
                    .collect();
                let (first, last) = (pts.first()?, pts.last()?);
                Some(format!(
                    "{l}: {} år {} och {} år {}.",
                    first.1.label(),
                    xs[first.0].text(),
                    last.1.label(),
                    xs[last.0].text()
                ))
            })
            .collect();
        let (title, desc) = frame(&format!("{} ({unit})", msgs.join(" ")));
        let ld = LineData {
            x: xs.iter().map(XValue::text).collect(),
            x_num: years,
            series,
        };
        return Some(chart::lines(
            &Frame {
                uid,
                title: &title,
                desc: &desc,
                source: &source,
            },
            &ld,
        ));
    }
    let (bar_rows, series, mode, desc): (Vec<BarRow>, Vec<String>, BarMode, String) = if let Some(
        t,
    ) =
        &data.table
    {
        let rs: Vec<_> = t
            .groups
            .iter()
            .flat_map(|g| g.rows.iter())
            .filter(|r| keep(rows, &r.label))
            .collect();
        match kind {
            ChartKind::Grouped | ChartKind::Stacked => {
                let br: Vec<BarRow> = rs
                    .iter()
                    .map(|r| BarRow {
                        label: r.label.clone(),
                        values: r.values.iter().map(|v| Some(Val::exact(v.0))).collect(),
                        branch: false,
                        extra: None,
                    })
                    .collect();
                let sums: Vec<u64> = rs
                    .iter()
                    .map(|r| r.values.iter().map(|v| v.0).sum())
                    .collect();
                let best = sums
                    .iter()
                    .enumerate()
                    .max_by_key(|(i, s)| (**s, std::cmp::Reverse(*i)))
                    .map(|(i, _)| i);
                let desc = match best {
                    Some(i) => {
                        let (ci, cv) = rs[i]
                            .values
                            .iter()
                            .enumerate()
                            .max_by_key(|(j, v)| (v.0, std::cmp::Reverse(*j)))
                            .map(|(j, v)| (j, v.0))
                            .unwrap_or((0, 0));
                        let col = t.columns.get(ci).map_or("", |c| c.label.as_str());
                        format!("{} är störst med {} {unit}, varav flest i {col}: {}. Diagrammet delar varje rad på {}.", rs[i].label, int(sums[i]), int(cv), t.columns.iter().map(|c| c.label.as_str()).collect::<Vec<_>>().join(", "))
                    }
                    None => String::new(),
                };
                let mode = if kind == ChartKind::Stacked {
                    BarMode::Stacked
                } else {
                    BarMode::Grouped
                };
                (
                    br,
                    t.columns.iter().map(|c| c.label.clone()).collect(),
                    mode,
                    desc,
                )
            }
            _ => {
                let br: Vec<BarRow> = rs
                    .iter()
                    .map(|r| {
                        let v = match r.total {
                            Some(t) => Val::exact(t.0),
                            None => Val {
                                computed: true,
                                ..Val::exact(r.values.iter().map(|v| v.0).sum())
                            },
                        };
                        BarRow {
                            label: r.label.clone(),
                            values: vec![Some(v)],
                            branch: false,
                            extra: None,
                        }
                    })
                    .collect();
                let total = match (&t.total, rows) {
                    (Some(s), None) => s.total.map(|c| c.0),
                    _ => None,
                };
                let desc = largest(&br, total, unit);
                (br, vec![unit.clone()], BarMode::Single, desc)
            }
        }
    } else if let Some(b) = &data.breakdown {
        let br: Vec<BarRow> = b
            .items
            .iter()
            .filter(|i| keep(rows, &i.label))
            .filter_map(|i| {
                let v = val(i.value?.0, i.approximate, i.qualifier.as_ref());
                let extra = i
                    .percent
                    .map(|p| format!("({}{NBSP}%)", format_number(p.0, 1)));
                Some(BarRow {
                    label: i.label.clone(),
                    values: vec![Some(v)],
                    branch: false,
                    extra,
                })
            })
            .collect();
        let mut desc = largest(&br, b.total.map(|c| c.0).filter(|_| rows.is_none()), unit);
        if b.partial {
            desc.push_str(" Delarna utgör inte hela totalen.");
        }
        (br, vec![unit.clone()], BarMode::Single, desc)
    } else if let Some(c) = &data.chain {
        let br = chain_rows(d, kind == ChartKind::Chain);
        let mains: Vec<_> = c.steps.iter().filter(|s| s.from.is_none()).collect();
        let desc = match (mains.first(), mains.last()) {
            (Some(f), Some(l)) if mains.len() > 1 && f.value.0 > 0 => format!(
                "Av {} {} (steget {}) nådde {} steget {}, {} procent. Procenten anger andelen av steget före.",
                int(f.value.0),
                unit,
                f.label.to_lowercase(),
                int(l.value.0),
                l.label.to_lowercase(),
                format_number(l.value.0 as f64 * 100.0 / f.value.0 as f64, 0)
            ),
            _ => String::new(),
        };
        (br, vec![unit.clone()], BarMode::Single, desc)
    } else {
        return None;
    };
    if bar_rows.is_empty() {
        return None;
    }
    let (title, desc) = frame(&desc);
    Some(chart::bars(
        &Frame {
            uid,
            title: &title,
            desc: &desc,
            source: &source,
        },
        &bar_rows,
        &series,
        mode,
    ))
}

/// "Köp av sexuell tjänst är störst: 1 513 av 2 176 anmälda brott."
fn largest(rows: &[BarRow], total: Option<u64>, unit: &str) -> String {
    let best = rows
        .iter()
        .filter_map(|r| Some((r, r.values.first()?.as_ref()?)))
        .max_by(|a, b| a.1.n.cmp(&b.1.n).then(std::cmp::Ordering::Greater));
    match (best, total) {
        (Some((r, v)), Some(t)) => {
            format!("{} är störst: {} av {} {unit}.", r.label, v.label(), int(t))
        }
        (Some((r, v)), None) => format!("{} är störst: {} {unit}.", r.label, v.label()),
        _ => String::new(),
    }
}

/// The figure for a page: chart, the table in `<details>`, CSV link and source.
pub fn figure(
    d: &Dataset,
    kind: Option<ChartKind>,
    rows: Option<&[String]>,
    uid: &str,
    base: &str,
    page_link: bool,
) -> String {
    let grid = table::grid(&d.data, rows);
    let csv = join_url(base, &d.csv_path());
    let svg = kind.or(d.kind()).and_then(|k| svg(d, k, rows, uid));
    let mut o = format!("<figure class=\"stat-figure\" id=\"{uid}\">\n<figcaption class=\"stat-figure-title\">{} <span class=\"stat-period\">({})</span></figcaption>\n", esc(&d.data.title), esc(&d.data.period));
    match svg {
        Some(s) => {
            o.push_str("<div class=\"chart-box\">\n");
            o.push_str(&s);
            o.push_str("\n</div>\n<details class=\"chart-table\">\n<summary>Visa siffrorna som tabell</summary>\n");
            o.push_str(&grid.html());
            o.push_str("\n</details>\n");
        }
        None => {
            o.push_str(&grid.html());
            o.push('\n');
            o.push_str(&format!(
                "<p class=\"stat-source\">{}</p>\n",
                esc(&source_line(d))
            ));
        }
    }
    o.push_str(&format!(
        "<p class=\"chart-links\"><a href=\"{}\" download>Ladda ner siffrorna (CSV)</a>",
        esc(&csv)
    ));
    if page_link {
        o.push_str(&format!(
            " · <a href=\"{}\">Om siffrorna: källa och anmärkningar</a>",
            esc(&join_url(base, &d.url_path()))
        ));
    }
    o.push_str("</p>\n</figure>");
    o
}

#[derive(Serialize)]
pub struct ListItem {
    title: String,
    url: String,
    description: String,
    period: String,
    organisation: String,
    shape: &'static str,
}

pub fn list_item(d: &Dataset, base: &str) -> ListItem {
    ListItem {
        title: d.data.title.clone(),
        url: join_url(base, &d.url_path()),
        description: d.data.description.clone(),
        period: d.data.period.clone(),
        organisation: d
            .data
            .source
            .iter()
            .map(|s| s.organisation.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        shape: match d.shape {
            super::Shape::Table => "tabell",
            super::Shape::Series => "tidsserie",
            super::Shape::Breakdown => "fördelning",
            super::Shape::Chain => "rättskedja",
            super::Shape::Figures => "enskilda uppgifter",
        },
    }
}

pub fn page_meta(
    r: &Renderer<'_>,
    path: &str,
    title: &str,
    summary: &str,
    crumbs: Vec<(String, String)>,
) -> Value {
    let crumbs: Vec<Value> = std::iter::once(("Startsida".to_string(), r.site.url("")))
        .chain(crumbs)
        .map(|(t, u)| context! { title => t, url => u })
        .collect();
    context! {
        title => title,
        summary => summary,
        url => r.site.url(path),
        permalink => format!("{}{}", r.site.config.base_url, path),
        breadcrumbs => crumbs,
    }
}

#[derive(Serialize)]
struct SourceCtx {
    organisation: String,
    publication: String,
    url: Option<String>,
    retrieved: Option<String>,
    location: String,
    cited_in: String,
}

#[derive(Serialize)]
struct FindingCtx {
    what: String,
    published: String,
    computed: String,
    acknowledged: Option<String>,
}

#[derive(Serialize)]
struct ItemSourceCtx {
    label: String,
    text: String,
}

/// The dataset page and its CSV.
pub fn dataset_files(
    r: &Renderer<'_>,
    d: &Dataset,
    used_in: &[usize],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let base = &r.site.base_path;
    let path = d.url_path();
    let figure_html = figure(
        d,
        None,
        None,
        &format!("diagram-{}", d.data.id),
        base,
        false,
    );
    let sources: Vec<SourceCtx> = d
        .data
        .source
        .iter()
        .map(|s| SourceCtx {
            organisation: s.organisation.clone(),
            publication: s.publication.clone(),
            url: s.url.clone(),
            retrieved: s.retrieved.as_ref().map(|x| {
                crate::text::date::Date::parse(x)
                    .map(|d| d.to_swedish())
                    .unwrap_or_else(|_| x.clone())
            }),
            location: s.location.clone(),
            cited_in: s.cited_in.clone(),
        })
        .collect();
    let findings: Vec<FindingCtx> = d
        .findings
        .iter()
        .map(|f| FindingCtx {
            what: f.what.clone(),
            published: int(f.published),
            computed: f
                .computed
                .iter()
                .map(|(s, how)| format!("{} ({how})", int(*s)))
                .collect::<Vec<_>>()
                .join(", "),
            acknowledged: f.acknowledged.clone(),
        })
        .collect();
    let item_sources: Vec<ItemSourceCtx> = d
        .data
        .figures
        .iter()
        .flat_map(|f| f.items.iter())
        .filter_map(|it| {
            let s = it.source.as_ref()?;
            let text = match (&s.organisation, &s.publication) {
                (Some(o), Some(p)) => format!(
                    "{o}, {p}. {}. Via: {}",
                    s.location.clone().unwrap_or_default(),
                    s.cited_in.clone().unwrap_or_default()
                ),
                _ => [
                    s.location.clone(),
                    s.cited_in.as_ref().map(|c| format!("Via: {c}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" "),
            };
            Some(ItemSourceCtx {
                label: it.label.clone(),
                text,
            })
        })
        .collect();
    let ds = context! {
        id => d.data.id.clone(),
        title => d.data.title.clone(),
        description => d.data.description.clone(),
        unit => d.data.unit.clone(),
        period => d.data.period.clone(),
        csv_url => join_url(base, &d.csv_path()),
        sources => ser(sources),
        notes => ser(&d.data.notes),
        findings => ser(findings),
        item_sources => ser(item_sources),
        figure => Value::from_safe_string(figure_html),
        used_in => ser(used_in.iter().map(|&i| {
            let p = &r.site.pages[i].page;
            crate::render::Link { title: p.meta.title.clone(), url: r.site.url(&p.path) }
        }).collect::<Vec<_>>()),
    };
    let page = page_meta(
        r,
        &path,
        &d.data.title,
        &d.data.description,
        vec![("Statistik".into(), r.site.url("statistik/"))],
    );
    let html = r.render_extra(
        "dataset.html",
        &path,
        "dataset",
        vec![("page", page), ("dataset", ds)],
    )?;
    let csv = OutputFile {
        path: d.csv_path(),
        bytes: table::grid(&d.data, None).csv(),
    };
    Ok(vec![html, csv])
}
