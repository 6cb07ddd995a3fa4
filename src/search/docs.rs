//! Turn the linked site into search documents: plain text of every page, with the
//! facets a reader filters by (kind, audience, and for rulings court, instance, year,
//! provision, outcome, exploitation) and exact keys (case numbers) that rank first.

use crate::link::{Site, SitePage};
use crate::load::content::PageKind;
use kunskapsnav_search::SearchDoc;
use rayon::prelude::*;
use std::collections::BTreeMap;

fn kind_name(kind: PageKind) -> &'static str {
    match kind {
        PageKind::Article => "artikel",
        PageKind::Ruling => "rättsfall",
        PageKind::Term => "ordlista",
        PageKind::Page | PageKind::Section => "sida",
    }
}

/// The body's plain text with each shortcode replaced by what the reader sees of it: a
/// `stat` figure in its sentence (whether written inline or alone on its line), a chart's
/// title, its data table's labels and figures. A chart's drawing is left out: its text is
/// the table's again.
fn with_figures(sp: &SitePage, mut text: String) -> String {
    let mark = crate::parse::shortcode::MARK;
    if !text.contains(mark) {
        return text;
    }
    for (i, (sc, html)) in sp
        .parsed
        .shortcodes
        .iter()
        .zip(&sp.shortcode_html)
        .enumerate()
    {
        let placeholder = crate::parse::shortcode::placeholder(i);
        let Some(at) = text.find(&placeholder) else {
            continue;
        };
        let seen = visible_text(html);
        let (mut start, mut end) = (at, at + placeholder.len());
        let replacement = if sc.block && !INLINE.contains(&sc.name.as_str()) {
            // A chart stands apart from the sentences around it (the parse put it on a
            // line of its own).
            seen
        } else {
            // A figure is read in its sentence, even when written on a line of its own.
            while start > 0 && text[..start].ends_with('\n') {
                start -= 1;
            }
            while text[end..].starts_with('\n') {
                end += 1;
            }
            let before = if start == 0 || text[..start].ends_with(char::is_whitespace) {
                ""
            } else {
                " "
            };
            let after = if text[end..]
                .starts_with(|c: char| c.is_whitespace() || ",.;:)".contains(c))
                || end == text.len()
            {
                ""
            } else {
                " "
            };
            format!("{before}{seen}{after}")
        };
        text.replace_range(start..end, &replacement);
    }
    // Shortcode placeholders carry no words.
    text.replace(mark, " ")
}

/// Shortcodes that render words of a sentence (a figure), wherever they are written.
const INLINE: [&str; 1] = ["stat"];

/// Elements whose text a reader does not read as text: a chart's drawing (its labels are
/// the data table's), the table's open/close button.
const HIDDEN: [&str; 2] = ["svg", "summary"];
/// Classes of elements of links beside a chart, not its content.
const HIDDEN_CLASSES: [&str; 1] = ["chart-links"];

/// The text of `html` a reader sees: tags out, entities decoded, [`HIDDEN`] elements and
/// those of [`HIDDEN_CLASSES`] skipped with their content, one space between blocks.
fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    // The element being skipped and how deep in nested elements of its name.
    let mut skipping: Option<(String, usize)> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if skipping.is_none() {
            out.push_str(&rest[..lt]);
        }
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .flat_map(|c| c.to_lowercase())
            .collect();
        let self_closing = tag.ends_with('/');
        match &mut skipping {
            Some((skipped, depth)) if *skipped == name => {
                if closing {
                    *depth -= 1;
                    if *depth == 0 {
                        skipping = None;
                    }
                } else if !self_closing {
                    *depth += 1;
                }
            }
            Some(_) => {}
            None if !closing && !self_closing => {
                let hidden_class = HIDDEN_CLASSES
                    .iter()
                    .any(|c| tag.contains(&format!("class=\"{c}\"")));
                if HIDDEN.contains(&name.as_str()) || hidden_class {
                    skipping = Some((name, 1));
                } else if !out.ends_with(' ') && is_block(&name) {
                    out.push(' ');
                }
            }
            None => {
                if is_block(&name) && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
        }
    }
    if skipping.is_none() {
        out.push_str(rest);
    }
    // ASCII whitespace only: the narrow no-break space inside `1 513` stays.
    decode_entities(&out)
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&#8239;`, `&#x202f;` decoded; any other
/// `&` kept as it is.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let entity = after
            .find(';')
            .filter(|&end| end <= 8)
            .map(|end| &after[..end]);
        let decoded = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => {
                let n = e.strip_prefix('#')?;
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                    None => n.parse().ok()?,
                };
                char::from_u32(code)
            }
        });
        match (entity, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e.len() + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Elements whose ends separate words (`<td>1</td><td>2</td>` is `1 2`, not `12`).
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "td" | "th" | "tr" | "caption" | "figcaption" | "li" | "br" | "table"
    )
}

/// The search documents of a site that stays (`serve` keeps it between rebuilds).
pub fn collect(site: &Site) -> Vec<SearchDoc> {
    site.pages
        .par_iter()
        .map(|sp| document(sp, sp.parsed.text.clone(), &site.base_path))
        .collect()
}

fn document(sp: &SitePage, text: String, base_path: &str) -> SearchDoc {
    let p = &sp.page;
    let mut facets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |k: &str, v: String| facets.entry(k.to_string()).or_default().push(v);
    for a in &p.meta.audience {
        add("audience", a.name().to_string());
    }
    let mut keys = Vec::new();
    if let Some(r) = &p.ruling {
        add("court", r.court.clone());
        add("year", r.decided.year.to_string());
        for c in &r.charges {
            add("provision", c.provision.clone());
            add("outcome", c.outcome.name().to_string());
        }
        for e in &r.exploitation {
            add("exploitation", e.name().to_string());
        }
        let instance = if r.court.contains("tingsrätt") {
            "tingsrätt"
        } else if r.court.contains("ovrätt") {
            "hovrätt"
        } else {
            "högsta domstolen"
        };
        add("instance", instance.to_string());
        keys.push(match crate::legal::cite::parse_case(&r.case) {
            Ok(c) => c.as_str().to_string(),
            Err(_) => r.case.clone(),
        });
    }
    for v in facets.values_mut() {
        v.sort();
        v.dedup();
    }
    SearchDoc {
        url: crate::link::join_url(base_path, &p.path),
        title: p.meta.title.clone(),
        kind: kind_name(p.kind).to_string(),
        headings: sp
            .parsed
            .analysis
            .headings
            .iter()
            .map(|h| h.title.clone())
            .collect(),
        summary: p.meta.summary.clone(),
        body: with_figures(sp, text),
        facets,
        keys,
        cites: Vec::new(),
        names: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::visible_text;

    #[test]
    fn a_chart_reads_as_its_title_and_its_table() {
        let html = concat!(
            r#"<figure><figcaption>Anmälda brott <span>(2023)</span></figcaption>"#,
            r#"<svg><title>Anmälda brott</title><text>0</text><text>500</text></svg>"#,
            r#"<details><summary>Visa siffrorna som tabell</summary><table>"#,
            r#"<tr><th>Brott</th><th>Antal</th></tr><tr><th>Koppleri</th><td>1&#8239;513</td></tr>"#,
            r#"</table></details><p class="chart-links"><a href="x.csv">Ladda ner</a></p></figure>"#
        );
        assert_eq!(
            visible_text(html),
            "Anmälda brott (2023) Brott Antal Koppleri 1\u{202f}513"
        );
    }

    #[test]
    fn a_figure_keeps_its_value_and_unit() {
        assert_eq!(
            visible_text(r#"<span class="stat"><data value="46">46 procent</data></span>"#),
            "46 procent"
        );
        assert_eq!(
            visible_text("a &amp; b &#39;c&#x27; &x; &"),
            "a & b 'c' &x; &"
        );
    }
}
