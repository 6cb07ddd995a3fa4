//! The numbers of a dataset as one grid, written twice: as an accessible HTML table
//! (caption, header cells with scope) and as CSV. Both come from the same rows, so the
//! download always holds exactly the numbers the page shows.

use super::chart::Val;
use super::schema::*;
use super::svg::esc;
use crate::text::{format_int, format_number};

pub struct Grid {
    pub caption: String,
    /// HTML header cells (the first is the row-header column).
    pub head: Vec<String>,
    pub csv_head: Vec<String>,
    pub rows: Vec<GridRow>,
}

pub enum GridRow {
    /// A group heading spanning the table (HTML only).
    Heading(String),
    Data {
        class: &'static str,
        header: String,
        html: Vec<String>,
        csv: Vec<String>,
    },
}

fn count(c: Option<Count>) -> (String, String) {
    match c {
        Some(c) => (format_int(c.0 as i64), c.0.to_string()),
        None => (String::new(), String::new()),
    }
}

fn pct(p: Option<Percent>) -> (String, String) {
    match p {
        Some(p) => (format_number(p.0, 1), csv_num(p.0)),
        None => (String::new(), String::new()),
    }
}

fn csv_num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn shown(v: Option<Count>, approximate: Option<bool>, qualifier: Option<&str>) -> String {
    v.map(|c| {
        Val {
            n: c.0,
            qualifier: qualifier.map(str::to_string),
            approx: super::validate::is_approx(approximate, qualifier),
            computed: false,
        }
        .label()
    })
    .unwrap_or_default()
}

fn flag(approximate: Option<bool>, qualifier: Option<&str>) -> String {
    super::validate::is_approx(approximate, qualifier).to_string()
}

/// `only`: row labels to keep (tables and breakdowns), `None` for all.
pub fn grid(d: &DatasetFile, only: Option<&[String]>) -> Grid {
    let keep = |l: &str| only.is_none_or(|o| o.iter().any(|x| x == l));
    let caption = format!("{} ({}), {}", d.title, d.period, d.unit);
    let mut rows = Vec::new();
    if let Some(t) = &d.table {
        let total_label = t.total_label.clone().unwrap_or_else(|| "Totalt".into());
        let mut head = vec![String::new()];
        head.extend(t.columns.iter().map(|c| c.label.clone()));
        head.push(total_label);
        let n = t.columns.len();
        let sum_row = |class, group: &str, label: String, s: &SumRow| {
            let vals: Vec<Option<Count>> = match &s.values {
                Some(v) => v.iter().copied().map(Some).collect(),
                None => vec![None; n],
            };
            let cells: Vec<(String, String)> =
                vals.into_iter().chain([s.total]).map(count).collect();
            let mut csv = vec![group.to_string(), label.clone()];
            csv.extend(cells.iter().map(|c| c.1.clone()));
            GridRow::Data {
                class,
                header: label,
                html: cells.into_iter().map(|c| c.0).collect(),
                csv,
            }
        };
        for g in &t.groups {
            let kept: Vec<&Row> = g.rows.iter().filter(|r| keep(&r.label)).collect();
            if kept.is_empty() {
                continue;
            }
            if !g.label.is_empty() && t.groups.len() > 1 {
                rows.push(GridRow::Heading(g.label.clone()));
            }
            for r in kept {
                let cells: Vec<(String, String)> = r
                    .values
                    .iter()
                    .copied()
                    .map(Some)
                    .chain([r.total])
                    .map(count)
                    .collect();
                let mut csv = vec![g.label.clone(), r.label.clone()];
                csv.extend(cells.iter().map(|c| c.1.clone()));
                rows.push(GridRow::Data {
                    class: "row",
                    header: r.label.clone(),
                    html: cells.into_iter().map(|c| c.0).collect(),
                    csv,
                });
            }
            if let (Some(s), None) = (&g.subtotal, only) {
                let label = s.label.clone().unwrap_or_else(|| "Delsumma".into());
                let label = if g.label.is_empty() {
                    label
                } else {
                    format!("{label}, {}", g.label)
                };
                rows.push(sum_row("subtotal", &g.label, label, s));
            }
        }
        if let (Some(s), None) = (&t.total, only) {
            rows.push(sum_row(
                "total",
                "",
                s.label.clone().unwrap_or_else(|| "Totalt".into()),
                s,
            ));
        }
        let mut csv_head = strings(&["group", "row"]);
        csv_head.extend(t.columns.iter().map(|c| c.id.clone()));
        csv_head.push("total".into());
        return Grid {
            caption,
            head,
            csv_head,
            rows,
        };
    }
    if let Some(s) = &d.series {
        for se in &s.series {
            for p in &se.points {
                let (_, raw) = count(Some(p.value));
                let q = p.qualifier.as_deref();
                rows.push(GridRow::Data {
                    class: "row",
                    header: format!("{}, {}", se.label, p.x.text()),
                    html: vec![shown(Some(p.value), p.approximate, q)],
                    csv: vec![
                        se.label.clone(),
                        p.x.text(),
                        raw,
                        flag(p.approximate, q),
                        q.unwrap_or("").into(),
                    ],
                });
            }
        }
        let x = s.x_label.clone().unwrap_or_else(|| "Period".into());
        return Grid {
            caption,
            head: vec![format!("Serie, {}", x.to_lowercase()), capitalise(&d.unit)],
            csv_head: strings(&["series", "x", "value", "approximate", "qualifier"]),
            rows,
        };
    }
    if let Some(b) = &d.breakdown {
        for it in b.items.iter().filter(|i| keep(&i.label)) {
            let q = it.qualifier.as_deref();
            let (ph, pc) = pct(it.percent);
            rows.push(GridRow::Data {
                class: "row",
                header: it.label.clone(),
                html: vec![
                    shown(it.value, it.approximate, q),
                    ph,
                    it.note.clone().unwrap_or_default(),
                ],
                csv: vec![
                    it.label.clone(),
                    count(it.value).1,
                    pc,
                    String::new(),
                    String::new(),
                    flag(it.approximate, q),
                    q.unwrap_or("").into(),
                ],
            });
        }
        if let (Some(t), None) = (b.total, only) {
            let label = b.total_label.clone().unwrap_or_else(|| "Totalt".into());
            let note = if b.partial {
                "Delarna ovan utgör inte hela totalen."
            } else {
                ""
            };
            rows.push(GridRow::Data {
                class: "total",
                header: label.clone(),
                html: vec![count(Some(t)).0, String::new(), note.into()],
                csv: vec![
                    label,
                    t.0.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    "false".into(),
                    String::new(),
                ],
            });
        }
        return Grid {
            caption,
            head: vec![
                String::new(),
                capitalise(&d.unit),
                "Andel (procent)".into(),
                "Anmärkning".into(),
            ],
            csv_head: strings(&FIGURE_HEAD),
            rows,
        };
    }
    if let Some(c) = &d.chain {
        for s in &c.steps {
            let from = s.from.clone().unwrap_or_default();
            rows.push(GridRow::Data {
                class: if s.from.is_some() { "branch" } else { "row" },
                header: s.label.clone(),
                html: vec![
                    count(Some(s.value)).0,
                    from.clone(),
                    s.note.clone().unwrap_or_default(),
                ],
                csv: vec![s.label.clone(), from, s.value.0.to_string()],
            });
        }
        return Grid {
            caption,
            head: vec![
                "Steg".into(),
                capitalise(&d.unit),
                "Förgrenar sig från".into(),
                "Anmärkning".into(),
            ],
            csv_head: strings(&["step", "from", "value"]),
            rows,
        };
    }
    if let Some(f) = &d.figures {
        for it in &f.items {
            let q = it.qualifier.as_deref();
            let (ph, pc) = pct(it.percent);
            let (ch, cc) = pct(it.change_percent);
            let unit = it.unit.clone().unwrap_or_else(|| d.unit.clone());
            rows.push(GridRow::Data {
                class: "row",
                header: it.label.clone(),
                html: vec![
                    shown(it.value, it.approximate, q),
                    ph,
                    ch,
                    unit.clone(),
                    it.period.clone().unwrap_or_else(|| d.period.clone()),
                ],
                csv: vec![
                    it.label.clone(),
                    count(it.value).1,
                    pc,
                    cc,
                    unit,
                    flag(it.approximate, q),
                    q.unwrap_or("").into(),
                ],
            });
        }
        return Grid {
            caption,
            head: vec![
                "Uppgift".into(),
                "Antal".into(),
                "Andel (procent)".into(),
                "Förändring (procent)".into(),
                "Enhet".into(),
                "Period".into(),
            ],
            csv_head: strings(&FIGURE_HEAD),
            rows,
        };
    }
    Grid {
        caption,
        head: Vec::new(),
        csv_head: Vec::new(),
        rows,
    }
}

const FIGURE_HEAD: [&str; 7] = [
    "label",
    "value",
    "percent",
    "change_percent",
    "unit",
    "approximate",
    "qualifier",
];

fn strings(s: &[&str]) -> Vec<String> {
    s.iter().map(|x| x.to_string()).collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Grid {
    pub fn html(&self) -> String {
        let mut o = format!("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n<table class=\"data-table\">\n", esc(&self.caption));
        o.push_str(&format!(
            "<caption>{}</caption>\n<thead><tr>",
            esc(&self.caption)
        ));
        for (i, h) in self.head.iter().enumerate() {
            let class = if i == 0 { "" } else { " class=\"num\"" };
            o.push_str(&format!("<th scope=\"col\"{class}>{}</th>", esc(h)));
        }
        o.push_str("</tr></thead>\n<tbody>\n");
        let span = self.head.len().max(1);
        for r in &self.rows {
            match r {
                GridRow::Heading(h) => o.push_str(&format!(
                    "<tr class=\"group\"><th scope=\"colgroup\" colspan=\"{span}\">{}</th></tr>\n",
                    esc(h)
                )),
                GridRow::Data {
                    class,
                    header,
                    html,
                    ..
                } => {
                    o.push_str(&format!(
                        "<tr class=\"{class}\"><th scope=\"row\">{}</th>",
                        esc(header)
                    ));
                    for c in html {
                        o.push_str(&format!("<td>{}</td>", esc(c)));
                    }
                    o.push_str("</tr>\n");
                }
            }
        }
        o.push_str("</tbody>\n</table>\n</div>");
        o
    }

    /// UTF-8 with a byte-order mark, so spreadsheet programs read å, ä, ö right.
    pub fn csv(&self) -> Vec<u8> {
        let mut o = String::from("\u{FEFF}");
        o.push_str(
            &self
                .csv_head
                .iter()
                .map(|h| csv_field(h))
                .collect::<Vec<_>>()
                .join(","),
        );
        o.push_str("\r\n");
        for r in &self.rows {
            if let GridRow::Data { csv, .. } = r {
                o.push_str(
                    &csv.iter()
                        .map(|f| csv_field(f))
                        .collect::<Vec<_>>()
                        .join(","),
                );
                o.push_str("\r\n");
            }
        }
        o.into_bytes()
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
