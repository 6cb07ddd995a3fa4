//! Statistics: datasets, their checks, charts, tables, CSV and shortcodes, on the
//! `tests/fixtures/stats` site.

mod common;
use common::TestSite;
use kunskapsnav::stats::svg::text_width;

const TABLE: &str = "data/statistik/anmalda-brott.yaml";

fn site() -> TestSite {
    TestSite::fixture("stats")
}

fn read(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.path(rel)).unwrap()
}

/// Replace `from` (which must occur) in a fixture file.
fn edit(site: &TestSite, rel: &str, from: &str, to: &str) {
    let text = read(site, rel);
    assert!(text.contains(from), "{from:?} not in {rel}");
    site.write(rel, text.replacen(from, to, 1));
}

/// 1-based line of the first line containing `needle`.
fn line_of(site: &TestSite, rel: &str, needle: &str) -> usize {
    read(site, rel)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
}

fn svgs(html: &str) -> Vec<&str> {
    html.split("<svg")
        .skip(1)
        .map(|s| &s[..s.find("</svg>").unwrap()])
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    Some(&tag[i..i + tag[i..].find('"')?])
}

fn num(tag: &str, name: &str) -> f64 {
    attr(tag, name).unwrap().parse().unwrap()
}

/// Fields of one CSV line, with quoted fields unquoted.
fn csv_fields(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn marks(svg: &str) -> usize {
    let g = &svg[svg.find("<g class=\"marks\">").unwrap()..];
    let g = &g[..g.find("</g>").unwrap()];
    g.matches("<rect").count() + g.matches("<circle").count()
}

#[test]
fn a_table_whose_totals_match_builds_without_warnings() {
    let s = site();
    let run = s.build();
    run.assert_ok();
    assert!(!run.stderr.contains(": warning:"), "{}", run.stderr);
    assert!(s.output_exists("statistik/index.html"));
    assert!(s.output_exists("statistik/anmalda-brott/index.html"));
}

#[test]
fn a_subtotal_that_differs_from_its_parts_is_a_warning_with_both_numbers_at_its_line() {
    let s = site();
    edit(&s, TABLE, "        total: 1383", "        total: 1384");
    let line = line_of(&s, TABLE, "total: 1384");
    let run = s.build();
    run.assert_ok();
    let at = format!("{TABLE}:{line}:16: warning: published 1384");
    assert!(
        run.stderr.contains(&at) && run.stderr.contains("sum of parts 1383"),
        "{}",
        run.stderr
    );
    // The published figure is kept, and the page explains the difference.
    let page = s.output("statistik/anmalda-brott/index.html");
    assert!(
        page.contains("<td>1\u{202F}384</td>"),
        "published subtotal not shown"
    );
    assert!(
        page.contains("publicerad 1\u{202F}384, summan av delarna är 1\u{202F}383"),
        "no explanation on the page"
    );
}

#[test]
fn a_grand_total_cell_that_differs_is_reported_at_its_column() {
    let s = site();
    edit(
        &s,
        TABLE,
        "    values: [952, 431]\n    total: 1383",
        "    values: [952, 430]\n    total: 1383",
    );
    let line = line_of(&s, TABLE, "values: [952, 430]");
    let run = s.check();
    let at = format!("{TABLE}:{line}:19: warning: published 430 at `total/syd`, sum of parts 431");
    assert!(run.stderr.contains(&at), "{}", run.stderr);
}

#[test]
fn strict_turns_a_total_mismatch_into_an_error() {
    let s = site();
    edit(&s, TABLE, "          total: 1192", "          total: 1191");
    let line = line_of(&s, TABLE, "total: 1191");
    s.run(&["build", "--strict"])
        .assert_error_at(&format!("{TABLE}:{line}"), "published 1191");
}

#[test]
fn an_acknowledged_discrepancy_must_name_the_published_and_computed_figures() {
    let s = site();
    edit(&s, TABLE, "          total: 1192", "          total: 1191");
    let ack = "discrepancies:\n  - {at: \"row:Köp av sexuell tjänst/total\", published: 1191, computed: 1190, note: Så står det.}\ntable:";
    edit(&s, TABLE, "table:", ack);
    s.check()
        .assert_error_at(TABLE, "says computed 1190, but the build computes 1192");
    edit(&s, TABLE, "computed: 1190", "computed: 1192");
    let run = s.check();
    run.assert_ok();
    assert!(
        run.stderr.contains("acknowledged in `discrepancies`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_percentage_that_disagrees_with_its_count_is_a_warning() {
    let s = site();
    edit(&s, "data/statistik/kon.yaml", "percent: 60", "percent: 70");
    let run = s.check();
    run.assert_ok();
    assert!(
        run.stderr.contains(
            "published 70 percent for `Kvinnor eller flickor`, but 247 of 414 is 59.7 percent"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn every_chart_is_responsive_and_has_a_title_and_a_description() {
    let s = site();
    s.build().assert_ok();
    for id in ["anmalda-brott", "kon", "kedja", "serie"] {
        let page = s.output(&format!("statistik/{id}/index.html"));
        let svg = svgs(&page);
        assert_eq!(svg.len(), 1, "{id}");
        let root = &svg[0][..svg[0].find('>').unwrap()];
        assert!(
            attr(root, "viewBox").is_some() && attr(root, "width").is_none(),
            "{id}: {root}"
        );
        assert_eq!(attr(root, "role"), Some("img"));
        assert!(
            svg[0].contains(&format!("<title id=\"diagram-{id}-title\">")),
            "{id}"
        );
        assert!(
            svg[0].contains(&format!("<desc id=\"diagram-{id}-desc\">")),
            "{id}"
        );
        assert!(!svg[0].contains("style="), "{id}: inline style");
        assert!(svg[0].contains("Källa: "), "{id}: no source line");
    }
    let bars = s.output("statistik/anmalda-brott/index.html");
    assert!(
        bars.contains(
            "Köp av sexuell tjänst är störst: 1\u{202F}192 av 1\u{202F}383 anmälda brott."
        ),
        "main message"
    );
}

#[test]
fn a_chart_draws_one_mark_per_value() {
    let s = site();
    s.build().assert_ok();
    let count = |rel: &str| marks(svgs(&s.output(rel))[0]);
    assert_eq!(count("statistik/anmalda-brott/index.html"), 3);
    assert_eq!(count("statistik/kon/index.html"), 3);
    assert_eq!(count("statistik/kedja/index.html"), 5);
    assert_eq!(count("statistik/serie/index.html"), 2);
    // Stacked, two rows × two regions.
    let article = s.output("artiklar/siffror/index.html");
    assert_eq!(marks(svgs(&article)[1]), 4);
}

#[test]
fn no_label_lies_outside_the_view_box() {
    let s = site();
    s.build().assert_ok();
    let mut pages: Vec<String> = ["anmalda-brott", "kon", "kedja", "serie"]
        .iter()
        .map(|id| s.output(&format!("statistik/{id}/index.html")))
        .collect();
    pages.push(s.output("artiklar/siffror/index.html"));
    for page in &pages {
        for svg in svgs(page) {
            let root = &svg[..svg.find('>').unwrap()];
            let vb: Vec<f64> = attr(root, "viewBox")
                .unwrap()
                .split(' ')
                .map(|x| x.parse().unwrap())
                .collect();
            for t in svg.split("<text").skip(1) {
                let t = &t[..t.find("</text>").unwrap()];
                let tag = &t[..t.find('>').unwrap()];
                let (x, y, size) = (num(tag, "x"), num(tag, "y"), num(tag, "font-size"));
                let lines: Vec<&str> = t
                    .split("<tspan")
                    .skip(1)
                    .map(|l| &l[l.find('>').unwrap() + 1..l.find("</tspan>").unwrap()])
                    .collect();
                let w = lines
                    .iter()
                    .map(|l| text_width(&l.replace("&amp;", "&"), size))
                    .fold(0.0, f64::max);
                let (x0, x1) = match attr(tag, "text-anchor") {
                    Some("end") => (x - w, x),
                    Some("middle") => (x - w / 2.0, x + w / 2.0),
                    _ => (x, x + w),
                };
                let dy: f64 = t
                    .split(" dy=\"")
                    .skip(1)
                    .map(|d| d[..d.find('"').unwrap()].parse::<f64>().unwrap())
                    .sum();
                let (y0, y1) = (y - size, y + dy + size * 0.3);
                assert!(
                    x0 >= 0.0 && x1 <= vb[2] && y0 >= 0.0 && y1 <= vb[3],
                    "text {lines:?} at ({x0}..{x1}, {y0}..{y1}) outside {vb:?}"
                );
            }
        }
    }
}

#[test]
fn the_csv_holds_exactly_the_numbers_of_the_table() {
    let s = site();
    s.build().assert_ok();
    for id in ["anmalda-brott", "kon", "kedja", "serie"] {
        let csv = s.output(&format!("statistik/{id}/{id}.csv"));
        assert!(csv.starts_with('\u{FEFF}'), "{id}: no BOM");
        let page = s.output(&format!("statistik/{id}/index.html"));
        let table = &page[page.find("<table").unwrap()..page.find("</table>").unwrap()];
        let from_table: Vec<String> = table
            .split("<td>")
            .skip(1)
            .map(|c| {
                c[..c.find("</td>").unwrap()]
                    .replace('\u{202F}', "")
                    .replace("över ", "")
            })
            .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit() || ch == ','))
            .map(|c| c.replace(',', "."))
            .collect();
        let mut lines = csv.trim_start_matches('\u{FEFF}').lines();
        let head: Vec<&str> = lines.next().unwrap().split(',').collect();
        let from_csv: Vec<String> = lines
            .flat_map(|l| {
                csv_fields(l)
                    .into_iter()
                    .zip(&head)
                    .skip(1)
                    .filter(|(_, h)| **h != "x")
                    .map(|(f, _)| f.to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
            .collect();
        assert_eq!(from_table, from_csv, "{id}");
    }
}

#[test]
fn stat_and_chart_shortcodes_put_the_data_into_an_article() {
    let s = site();
    s.build().assert_ok();
    let html = s.output("artiklar/siffror/index.html");
    assert!(
        html.contains("<a href=\"/statistik/anmalda-brott/\" class=\"stat\">1\u{202F}192</a>"),
        "total"
    );
    assert!(
        html.contains("<a href=\"/statistik/anmalda-brott/\" class=\"stat\">835</a>"),
        "column"
    );
    assert_eq!(svgs(&html).len(), 2);
    let ids: Vec<&str> = html
        .split(" id=\"")
        .skip(1)
        .map(|t| &t[..t.find('"').unwrap()])
        .collect();
    let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "ids on the page must differ: {ids:?}"
    );
    assert!(
        html.contains("<details class=\"chart-table\">") && html.contains("<th scope=\"row\">")
    );
    assert!(html.contains("href=\"/statistik/anmalda-brott/anmalda-brott.csv\" download"));
}

#[test]
fn the_dataset_page_shows_its_source_and_notes() {
    let s = site();
    s.build().assert_ok();
    let page = s.output("statistik/anmalda-brott/index.html");
    for text in [
        "Brottsförebyggande rådet (Brå)",
        "Tabell 1",
        "Hämtad 6 augusti 2024",
        "Testrapporten, avsnitt 4.2",
        "En anmärkning.",
    ] {
        assert!(page.contains(text), "missing {text}");
    }
    let index = s.output("statistik/index.html");
    assert!(index.contains("href=\"/statistik/kedja/\""));
}

#[test]
fn the_same_input_gives_the_same_charts() {
    let a = site();
    a.build().assert_ok();
    let b = site();
    b.build().assert_ok();
    assert_eq!(
        a.output("artiklar/siffror/index.html"),
        b.output("artiklar/siffror/index.html")
    );
}

#[test]
fn an_unknown_field_is_an_error_at_its_line() {
    let s = site();
    edit(
        &s,
        TABLE,
        "unit: anmälda brott",
        "unit: anmälda brott\nenhet: brott",
    );
    s.check()
        .assert_error_at(&format!("{TABLE}:5"), "unknown field `enhet`");
}

#[test]
fn a_dataset_without_a_source_is_an_error() {
    let s = site();
    let text = read(&s, TABLE);
    let start = text.find("source:").unwrap();
    let end = text.find("chart:").unwrap();
    s.write(TABLE, format!("{}{}", &text[..start], &text[end..]));
    s.check().assert_error_at(TABLE, "missing field `source`");
}

#[test]
fn a_duplicate_dataset_id_is_an_error_at_the_id_line() {
    let s = site();
    s.write("data/statistik/arkiv/anmalda-brott.yaml", read(&s, TABLE));
    s.check()
        .assert_error_at("data/statistik/arkiv/anmalda-brott.yaml:1", "also used by");
}

#[test]
fn a_negative_count_is_an_error_at_its_line() {
    let s = site();
    edit(&s, TABLE, "values: [835, 357]", "values: [835, -357]");
    let line = line_of(&s, TABLE, "-357");
    s.check()
        .assert_error_at(&format!("{TABLE}:{line}"), "the count -357 is negative");
}

#[test]
fn nan_is_not_a_count() {
    let s = site();
    edit(&s, "data/statistik/kon.yaml", "value: 160", "value: .nan");
    s.check()
        .assert_error_at("data/statistik/kon.yaml:", "is not a count");
}

#[test]
fn a_count_written_as_text_is_an_error() {
    let s = site();
    edit(
        &s,
        "data/statistik/kedja.yaml",
        "value: 557",
        "value: \"557\"",
    );
    let line = line_of(&s, "data/statistik/kedja.yaml", "\"557\"");
    s.check().assert_error_at(
        &format!("data/statistik/kedja.yaml:{line}"),
        "is written as text",
    );
}

#[test]
fn a_row_with_too_few_values_is_an_error() {
    let s = site();
    edit(&s, TABLE, "values: [89, 49]", "values: [89]");
    s.check()
        .assert_error_at(TABLE, "has 1 values for 2 columns");
}

#[test]
fn a_shortcode_naming_a_missing_dataset_is_an_error_with_a_suggestion() {
    let s = site();
    s.write("content/fel.md", "---\ntitle: Fel\nsummary: Fel.\nupdated: 2024-12-15\n---\n\nTal: {{ stat(dataset=\"anmalda-brot\", row=\"Köp av sexuell tjänst\") }}\n");
    let run = s.check();
    run.assert_error_at("content/fel.md:7:6", "no dataset `anmalda-brot`");
    assert!(
        run.stderr.contains("did you mean `anmalda-brott`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_shortcode_naming_a_missing_row_or_column_is_an_error_at_its_line() {
    let s = site();
    s.write(
        "content/fel.md",
        "---\ntitle: Fel\nsummary: Fel.\nupdated: 2024-12-15\n---\n\n{{ stat(dataset=\"anmalda-brott\", row=\"Köp av sexuell tjänster\") }}\n\n{{ stat(dataset=\"anmalda-brott\", row=\"Köp av sexuell tjänst\", column=\"stockholn\") }}\n\n{{ chart(dataset=\"kon\", farg=\"röd\") }}\n",
    );
    let run = s.check();
    run.assert_error_at("content/fel.md:7:1", "has no row `Köp av sexuell tjänster`");
    run.assert_error_at("content/fel.md:9:1", "has no column `stockholn`");
    run.assert_error_at("content/fel.md:11:1", "`chart` has no argument `farg`");
    assert!(
        run.stderr.contains("did you mean `stockholm`?"),
        "{}",
        run.stderr
    );
}
