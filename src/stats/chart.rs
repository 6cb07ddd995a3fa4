//! Chart layouts: horizontal bars (also grouped, stacked and the justice chain) and lines.
//! Every size is computed from the measured text, so long Swedish labels wrap instead of
//! clipping, and the view box is as tall as the content needs.

use super::svg::{self, Anchor, Canvas, INK, MUTED, RULE};
use crate::text::format_int;

pub const WIDTH: i32 = 720;
const PAD: f64 = 12.0;
const FS: f64 = 13.0;
const LH: f64 = 16.0;
const SMALL: f64 = 11.0;
const SMALL_LH: f64 = 14.0;
const BAR: f64 = 20.0;
const GBAR: f64 = 14.0;
const GAP: f64 = 10.0;

/// One value to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Val {
    pub n: u64,
    pub qualifier: Option<String>,
    pub approx: bool,
    /// Summed by the build because the source printed no total.
    pub computed: bool,
}

impl Val {
    pub fn exact(n: u64) -> Val {
        Val {
            n,
            qualifier: None,
            approx: false,
            computed: false,
        }
    }

    /// `1 513`, `över 74 000`, `cirka 25`, `9 (summa)`.
    pub fn label(&self) -> String {
        self.label_in(&crate::text::locale::for_code("sv"))
    }

    /// As `label`, the number written as `loc` writes numbers (the words stay Swedish).
    pub fn label_in(&self, loc: &crate::text::locale::Locale) -> String {
        let n = loc.int(self.n as i64);
        let mut s = match &self.qualifier {
            Some(q) => format!("{q} {n}"),
            None if self.approx => format!("cirka {n}"),
            None => n,
        };
        if self.computed {
            s.push_str(" (summa)");
        }
        s
    }
}

#[derive(Debug, Clone)]
pub struct BarRow {
    pub label: String,
    pub values: Vec<Option<Val>>,
    /// Drawn indented, as a side branch of the row above (justice chain).
    pub branch: bool,
    /// Text after the value, e.g. the share of the previous step.
    pub extra: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BarMode {
    Single,
    Grouped,
    Stacked,
}

pub struct Frame<'a> {
    pub uid: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub source: &'a str,
}

fn legend(c: &mut Canvas, series: &[String], y: f64) -> f64 {
    if series.len() < 2 {
        return y;
    }
    let mut x = PAD;
    let mut y = y;
    let sw = 12.0;
    for (i, s) in series.iter().enumerate() {
        let max_w = f64::from(WIDTH) - 2.0 * PAD - sw - 6.0;
        let lines = svg::wrap(s, FS, max_w);
        let w = sw + 6.0 + svg::widest(&lines, FS) + 18.0;
        if x > PAD && x + w > f64::from(WIDTH) - PAD {
            x = PAD;
            y += LH + 6.0;
        }
        c.swatch(x as i32, (y - sw + 1.0) as i32, sw as i32, i);
        c.text(
            x + sw + 6.0,
            y,
            &lines,
            FS,
            LH,
            Anchor::Start,
            INK,
            "legend",
        );
        y += (lines.len() as f64 - 1.0) * LH;
        x += w;
    }
    y + LH + 4.0
}

fn source_line(c: &mut Canvas, source: &str, y: f64) -> f64 {
    let lines = svg::wrap(source, SMALL, f64::from(WIDTH) - 2.0 * PAD);
    let top = y + SMALL;
    c.text(
        PAD,
        top,
        &lines,
        SMALL,
        SMALL_LH,
        Anchor::Start,
        MUTED,
        "source",
    );
    top + (lines.len() as f64 - 1.0) * SMALL_LH + 6.0
}

/// Horizontal bars; one row per category, one value per series.
pub fn bars(f: &Frame<'_>, rows: &[BarRow], series: &[String], mode: BarMode) -> String {
    let mut c = Canvas::new(WIDTH, f.uid);
    let w = f64::from(WIDTH);
    let mut y = legend(&mut c, series, PAD + FS);
    let value_text = |r: &BarRow| -> String {
        let v = match mode {
            BarMode::Stacked => {
                let sum: u64 = r.values.iter().flatten().map(|v| v.n).sum();
                format_int(sum as i64)
            }
            _ => r
                .values
                .iter()
                .flatten()
                .next()
                .map(Val::label)
                .unwrap_or_default(),
        };
        match &r.extra {
            Some(e) => format!("{v} {e}"),
            None => v,
        }
    };
    let val_w = rows
        .iter()
        .flat_map(|r| {
            let first = svg::text_width(&value_text(r), FS);
            let all = r
                .values
                .iter()
                .flatten()
                .map(|v| svg::text_width(&v.label(), FS));
            std::iter::once(first).chain(all)
        })
        .fold(0.0, f64::max)
        + 8.0;
    let indent = 12.0;
    let shown = |r: &BarRow| {
        if r.branch {
            format!("↳ {}", r.label)
        } else {
            r.label.clone()
        }
    };
    let longest_word = rows
        .iter()
        .flat_map(|r| {
            shown(r)
                .split_whitespace()
                .map(|wd| svg::text_width(wd, FS) + if r.branch { indent } else { 0.0 })
                .collect::<Vec<_>>()
        })
        .fold(0.0, f64::max);
    let full = rows
        .iter()
        .map(|r| svg::text_width(&shown(r), FS) + if r.branch { indent } else { 0.0 })
        .fold(0.0, f64::max);
    let label_w = full
        .min(w * 0.42)
        .min(w - 2.0 * PAD - val_w - 8.0 - 160.0)
        .max(longest_word)
        .max(40.0);
    let x0 = PAD + label_w + 8.0;
    let plot_w = (w - PAD - val_w - x0).max(40.0);
    let max = rows
        .iter()
        .map(|r| match mode {
            BarMode::Stacked => r.values.iter().flatten().map(|v| v.n).sum(),
            _ => r.values.iter().flatten().map(|v| v.n).max().unwrap_or(0),
        })
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let scale = |n: u64| (n as f64 / max * plot_w).round();
    let top = y - FS + 4.0;
    y = top;
    for r in rows {
        let ind = if r.branch { indent } else { 0.0 };
        let lines = svg::wrap(&shown(r), FS, label_w - ind);
        let block = match mode {
            BarMode::Grouped => GBAR * series.len().max(1) as f64,
            _ => BAR,
        };
        let row_h = (lines.len() as f64 * LH).max(block);
        let text_top = y + (row_h - lines.len() as f64 * LH) / 2.0;
        c.text(
            PAD + ind,
            text_top + FS * 0.95,
            &lines,
            FS,
            LH,
            Anchor::Start,
            INK,
            "category",
        );
        let by = (y + (row_h - block) / 2.0).round();
        match mode {
            BarMode::Single | BarMode::Stacked => {
                let mut x = x0;
                for (s, v) in r.values.iter().enumerate() {
                    let Some(v) = v else { continue };
                    let len = scale(v.n);
                    let series_ix = if mode == BarMode::Single {
                        usize::from(r.branch)
                    } else {
                        s
                    };
                    c.bar(
                        x as i32,
                        by as i32,
                        (x + len) as i32,
                        (by + BAR) as i32,
                        series_ix,
                        v.approx,
                    );
                    x += len;
                }
                c.text(
                    x + 6.0,
                    by + BAR / 2.0 + FS * 0.35,
                    &[value_text(r)],
                    FS,
                    LH,
                    Anchor::Start,
                    INK,
                    "value",
                );
            }
            BarMode::Grouped => {
                for (s, v) in r.values.iter().enumerate() {
                    let gy = by + GBAR * s as f64;
                    let Some(v) = v else { continue };
                    let len = scale(v.n);
                    c.bar(
                        x0 as i32,
                        gy as i32,
                        (x0 + len) as i32,
                        (gy + GBAR - 2.0) as i32,
                        s,
                        v.approx,
                    );
                    c.text(
                        x0 + len + 6.0,
                        gy + GBAR / 2.0 + SMALL * 0.3,
                        &[v.label()],
                        SMALL,
                        SMALL_LH,
                        Anchor::Start,
                        INK,
                        "value",
                    );
                }
            }
        }
        y += row_h + GAP;
    }
    c.line(
        (x0 as i32, top as i32),
        (x0 as i32, (y - GAP) as i32),
        RULE,
        1,
    );
    let h = source_line(&mut c, f.source, y + 4.0);
    c.finish(h.ceil() as i32, f.title, f.desc)
}

/// A time series: x positions by year (or evenly for period labels), y from zero.
pub struct LineData {
    pub x: Vec<String>,
    /// Numeric x for spacing (years); `None` spaces the points evenly.
    pub x_num: Option<Vec<f64>>,
    pub series: Vec<(String, Vec<Option<Val>>)>,
}

pub fn lines(f: &Frame<'_>, d: &LineData) -> String {
    let mut c = Canvas::new(WIDTH, f.uid);
    let w = f64::from(WIDTH);
    let names: Vec<String> = d.series.iter().map(|s| s.0.clone()).collect();
    let top = legend(&mut c, &names, PAD + FS) - FS + 12.0;
    let max = d
        .series
        .iter()
        .flat_map(|s| s.1.iter().flatten().map(|v| v.n))
        .max()
        .unwrap_or(0)
        .max(1);
    let step = nice_step(max as f64 / 4.0);
    let ymax = (max as f64 / step).ceil() * step;
    let ticks: Vec<u64> = (0..=((ymax / step) as u64))
        .map(|i| (i as f64 * step) as u64)
        .collect();
    let tick_w = ticks
        .iter()
        .map(|t| svg::text_width(&format_int(*t as i64), SMALL))
        .fold(0.0, f64::max);
    let single = d.series.len() == 1;
    let value_w = d
        .series
        .iter()
        .flat_map(|s| {
            s.1.iter()
                .flatten()
                .map(|v| svg::text_width(&v.label(), FS))
        })
        .fold(0.0, f64::max);
    let x_w =
        d.x.iter()
            .map(|x| svg::text_width(x, SMALL))
            .fold(0.0, f64::max);
    let inset = (x_w.max(if single { value_w } else { 0.0 }) / 2.0 + 4.0).max(12.0);
    let left = PAD + tick_w + 8.0 + inset;
    let right = w - PAD - inset;
    let plot_top = top + if single { FS + 8.0 } else { 4.0 };
    let plot_h = 240.0;
    let bottom = plot_top + plot_h;
    let ypos = |n: u64| bottom - n as f64 / ymax * plot_h;
    for t in &ticks {
        let yy = ypos(*t);
        c.line(
            ((left - inset) as i32, yy.round() as i32),
            ((right + inset) as i32, yy.round() as i32),
            RULE,
            1,
        );
        c.text(
            PAD + tick_w,
            yy + SMALL * 0.35,
            &[format_int(*t as i64)],
            SMALL,
            SMALL_LH,
            Anchor::End,
            MUTED,
            "tick",
        );
    }
    let n = d.x.len();
    let xpos = |i: usize| -> f64 {
        match &d.x_num {
            Some(xs) if n > 1 => {
                let (lo, hi) = (xs[0], xs[n - 1]);
                if hi > lo {
                    left + (xs[i] - lo) / (hi - lo) * (right - left)
                } else {
                    (left + right) / 2.0
                }
            }
            _ if n > 1 => left + i as f64 / (n - 1) as f64 * (right - left),
            _ => (left + right) / 2.0,
        }
    };
    for (i, x) in d.x.iter().enumerate() {
        c.text(
            xpos(i),
            bottom + SMALL + 6.0,
            std::slice::from_ref(x),
            SMALL,
            SMALL_LH,
            Anchor::Middle,
            INK,
            "tick",
        );
    }
    for (s, (_, vals)) in d.series.iter().enumerate() {
        let mut run: Vec<(i32, i32)> = Vec::new();
        for (i, v) in vals.iter().enumerate() {
            match v {
                Some(v) => run.push((xpos(i).round() as i32, ypos(v.n).round() as i32)),
                None => {
                    if run.len() > 1 {
                        c.path(&run, svg::PALETTE[s % svg::PALETTE.len()]);
                    }
                    run.clear();
                }
            }
        }
        if run.len() > 1 {
            c.path(&run, svg::PALETTE[s % svg::PALETTE.len()]);
        }
    }
    for (s, (_, vals)) in d.series.iter().enumerate() {
        for (i, v) in vals.iter().enumerate() {
            let Some(v) = v else { continue };
            let (px, py) = (xpos(i), ypos(v.n));
            c.point((px.round() as i32, py.round() as i32), s, v.approx);
            if single {
                c.text(
                    px,
                    py - 10.0,
                    &[v.label()],
                    FS,
                    LH,
                    Anchor::Middle,
                    INK,
                    "value",
                );
            }
        }
    }
    let h = source_line(&mut c, f.source, bottom + SMALL + 6.0 + 10.0);
    c.finish(h.ceil() as i32, f.title, f.desc)
}

/// 1, 2 or 5 × 10^k, at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let raw = raw.max(1.0);
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        if m * mag >= raw {
            return m * mag;
        }
    }
    10.0 * mag
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps_are_round() {
        assert_eq!(nice_step(18_500.0), 20_000.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(0.2), 1.0);
    }
}
