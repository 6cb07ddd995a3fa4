//! The drawing surface for charts. Marks (bars, lines, points) are drawn with plotters'
//! SVG backend; text is written here, because plotters would need a font backend to
//! measure it and we want text to stay text: labels are measured with a conservative
//! width table for sans-serif fonts and wrapped so that nothing clips.
//!
//! Colours are the Okabe–Ito palette (safe for colour-blind readers); every series after
//! the first also gets a pattern, so that stacked and grouped bars stay apart in greyscale.

use plotters::backend::{DrawingBackend, SVGBackend};
use plotters::style::{Color, RGBColor};
use std::fmt::Write as _;

/// Okabe–Ito, ordered so that neighbours differ in lightness as well as hue.
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xF0, 0xE4, 0x42), // yellow
    RGBColor(0x00, 0x00, 0x00), // black
];
pub const INK: &str = "#1b1b1f";
pub const MUTED: &str = "#55545c";
pub const RULE: RGBColor = RGBColor(0x8a, 0x87, 0x94);
pub const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/// Estimated width of `text` at `size` px in a sans-serif font. Generous on purpose: a
/// label measured too wide wastes a little space; one measured too narrow would clip.
pub fn text_width(text: &str, size: f64) -> f64 {
    let em: f64 =
        text.chars()
            .map(|c| match c {
                'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'í' | 'ì' => 0.30,
                ' ' | '\u{202F}' | '\u{A0}' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-'
                | 'I' => 0.40,
                'm' | 'w' | 'M' | 'W' | '%' | '@' | '—' => 0.95,
                'A'..='Z' | 'Å' | 'Ä' | 'Ö' | 'É' | '–' | '−' => 0.72,
                '0'..='9' => 0.60,
                _ => 0.60,
            })
            .sum();
    em * size * 1.05
}

/// Greedy word wrap to `max` px; a word longer than `max` gets a line of its own.
pub fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && text_width(&candidate, size) > max {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

pub fn widest(lines: &[String], size: f64) -> f64 {
    lines
        .iter()
        .map(|l| text_width(l, size))
        .fold(0.0, f64::max)
}

pub fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

#[derive(Clone, Copy, PartialEq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One chart under construction. Coordinates are in viewBox units (px at 100 %).
pub struct Canvas {
    pub width: i32,
    uid: String,
    marks: String,
    legend: String,
    overlays: String,
    text: String,
    patterns: Vec<usize>,
}

impl Canvas {
    pub fn new(width: i32, uid: &str) -> Self {
        Canvas {
            width,
            uid: uid.to_string(),
            marks: String::new(),
            legend: String::new(),
            overlays: String::new(),
            text: String::new(),
            patterns: Vec::new(),
        }
    }

    /// Draw with plotters and keep the elements (without plotters' own `<svg>` root).
    fn plot(&mut self, f: impl FnOnce(&mut SVGBackend<'_>)) {
        let mut marks = std::mem::take(&mut self.marks);
        plot_into(&mut marks, self.width, f);
        self.marks = marks;
    }

    /// A legend swatch: the series' colour and pattern (kept out of the data marks).
    pub fn swatch(&mut self, x: i32, y: i32, size: i32, s: usize) {
        let color = PALETTE[s % PALETTE.len()];
        let mut legend = std::mem::take(&mut self.legend);
        plot_into(&mut legend, self.width, |b| {
            let _ = b.draw_rect((x, y), (x + size, y + size), &color, true);
        });
        self.legend = legend;
        self.pattern_overlay(x, y, x + size, y + size, s);
    }

    fn pattern_overlay(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, s: usize) {
        if s == 0 || x1 <= x0 {
            return;
        }
        let p = s % PALETTE.len();
        if !self.patterns.contains(&p) {
            self.patterns.push(p);
        }
        let _ = writeln!(
            self.overlays,
            r#"<rect x="{x0}" y="{y0}" width="{}" height="{}" fill="url(#{}-p{p})"/>"#,
            x1 - x0,
            y1 - y0,
            self.uid
        );
    }
}

/// Draw with plotters and keep the elements (without plotters' own `<svg>` root).
fn plot_into(out: &mut String, width: i32, f: impl FnOnce(&mut SVGBackend<'_>)) {
    {
        let mut buf = String::new();
        {
            let mut b = SVGBackend::with_string(&mut buf, (width.max(1) as u32, 1));
            f(&mut b);
            let _ = b.present();
        }
        for line in buf.lines() {
            if line.starts_with("<svg") || line.starts_with("</svg") {
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
    }
}

impl Canvas {
    /// A bar for series `s`: filled, or outlined when the value is approximate.
    pub fn bar(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, s: usize, outlined: bool) {
        let color = PALETTE[s % PALETTE.len()];
        self.plot(|b| {
            let _ = b.draw_rect((x0, y0), (x1, y1), &color.stroke_width(2), !outlined);
        });
        if !outlined {
            self.pattern_overlay(x0, y0, x1, y1, s);
        }
    }

    pub fn line(&mut self, from: (i32, i32), to: (i32, i32), color: RGBColor, width: u32) {
        self.plot(|b| {
            let _ = b.draw_line(from, to, &color.stroke_width(width));
        });
    }

    pub fn path(&mut self, points: &[(i32, i32)], color: RGBColor) {
        let pts = points.to_vec();
        self.plot(|b| {
            let _ = b.draw_path(pts, &color.stroke_width(3));
        });
    }

    /// A point marker; its shape follows the series so lines differ without colour.
    pub fn point(&mut self, at: (i32, i32), s: usize, hollow: bool) {
        let color = PALETTE[s % PALETTE.len()];
        let (x, y) = at;
        let r = 5;
        self.plot(|b| {
            let style = color.stroke_width(2);
            let _ = match s % 4 {
                0 => b.draw_circle(at, r as u32, &style, !hollow),
                1 => b.draw_rect((x - r, y - r), (x + r, y + r), &style, !hollow),
                2 => {
                    let tri = vec![
                        (x, y - r - 1),
                        (x + r + 1, y + r),
                        (x - r - 1, y + r),
                        (x, y - r - 1),
                    ];
                    if hollow {
                        b.draw_path(tri, &style)
                    } else {
                        b.fill_polygon(tri, &style)
                    }
                }
                _ => {
                    let dia = vec![
                        (x, y - r - 1),
                        (x + r + 1, y),
                        (x, y + r + 1),
                        (x - r - 1, y),
                        (x, y - r - 1),
                    ];
                    if hollow {
                        b.draw_path(dia, &style)
                    } else {
                        b.fill_polygon(dia, &style)
                    }
                }
            };
        });
    }

    /// Text lines starting at baseline `y`, `line_h` apart.
    // Position, font and paint of one text element: grouping them would only rename them.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        x: f64,
        y: f64,
        lines: &[String],
        size: f64,
        line_h: f64,
        anchor: Anchor,
        fill: &str,
        class: &str,
    ) {
        let a = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let _ = write!(
            self.text,
            r#"<text class="{class}" x="{}" y="{}" font-size="{size}" text-anchor="{a}" fill="{fill}">"#,
            num(x),
            num(y)
        );
        for (i, l) in lines.iter().enumerate() {
            if i == 0 {
                let _ = write!(self.text, "<tspan x=\"{}\">{}</tspan>", num(x), esc(l));
            } else {
                let _ = write!(
                    self.text,
                    "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                    num(x),
                    num(line_h),
                    esc(l)
                );
            }
        }
        self.text.push_str("</text>\n");
    }

    /// The finished SVG: responsive (viewBox, no width), titled and described.
    pub fn finish(self, height: i32, title: &str, desc: &str) -> String {
        let uid = &self.uid;
        let mut o = String::with_capacity(self.marks.len() + self.text.len() + 1024);
        let _ = writeln!(
            o,
            r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {height}" role="img" aria-labelledby="{uid}-title {uid}-desc" font-family="{FONT}">"#,
            w = self.width
        );
        let _ = writeln!(o, r#"<title id="{uid}-title">{}</title>"#, esc(title));
        let _ = writeln!(o, r#"<desc id="{uid}-desc">{}</desc>"#, esc(desc));
        if !self.patterns.is_empty() {
            o.push_str("<defs>\n");
            let mut ps = self.patterns.clone();
            ps.sort_unstable();
            for p in ps {
                let _ = writeln!(
                    o,
                    r#"<pattern id="{uid}-p{p}" width="{}" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate({})">{}</pattern>"#,
                    8,
                    pattern_angle(p),
                    pattern_body(p)
                );
            }
            o.push_str("</defs>\n");
        }
        let _ = writeln!(
            o,
            r##"<rect class="chart-bg" x="0" y="0" width="{}" height="{height}" fill="#ffffff"/>"##,
            self.width
        );
        o.push_str("<g class=\"legend\" aria-hidden=\"true\">\n");
        o.push_str(&self.legend);
        o.push_str("</g>\n<g class=\"marks\">\n");
        o.push_str(&self.marks);
        o.push_str("</g>\n<g class=\"patterns\" aria-hidden=\"true\">\n");
        o.push_str(&self.overlays);
        o.push_str("</g>\n<g class=\"labels\">\n");
        o.push_str(&self.text);
        o.push_str("</g>\n</svg>");
        o
    }
}

fn pattern_angle(p: usize) -> i32 {
    [0, 45, 0, -45, 90, 0, 30, 0][p % 8]
}

/// White strokes or dots over the fill: stripes, dots, cross-hatch …
fn pattern_body(p: usize) -> &'static str {
    match p % 4 {
        1 => r##"<line x1="0" y1="0" x2="0" y2="8" stroke="#ffffff" stroke-width="3"/>"##,
        2 => r##"<circle cx="4" cy="4" r="1.8" fill="#ffffff"/>"##,
        3 => r##"<path d="M0 4H8M4 0V8" stroke="#ffffff" stroke-width="1.5"/>"##,
        _ => r##"<line x1="0" y1="0" x2="8" y2="0" stroke="#ffffff" stroke-width="2"/>"##,
    }
}

/// Coordinates with at most one decimal, so output is short and deterministic.
pub fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}
