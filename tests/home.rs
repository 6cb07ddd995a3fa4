//! The home page's key figures come from the datasets, configured in `kunskapsnav.yaml`;
//! dataset pages list the pages that use them.

mod common;
use common::{repo_root, TestSite};

const FIGURES: &str = "
home:
  key_figures:
    - dataset: anmalda-brott
      row: Köp av sexuell tjänst
      column: total
      label: köp av sexuell tjänst anmäldes
    - dataset: kedja
      row: Åtal
      label: åtal väcktes
";

fn stats_site(home: &str) -> TestSite {
    let site = TestSite::fixture("stats");
    let config = std::fs::read_to_string(site.path("kunskapsnav.yaml")).unwrap_or_default();
    site.write("kunskapsnav.yaml", format!("{config}{home}"));
    site
}

/// 1-based line of the first line of `kunskapsnav.yaml` containing `needle`.
fn config_line(site: &TestSite, needle: &str) -> usize {
    let text = std::fs::read_to_string(site.path("kunskapsnav.yaml")).unwrap_or_default();
    text.lines()
        .position(|l| l.contains(needle))
        .map_or(0, |i| i + 1)
}

#[test]
fn the_key_figures_on_the_home_page_are_drawn_from_the_datasets() {
    let site = stats_site(FIGURES);
    site.build().assert_ok();
    let html = site.output("index.html");
    let figures = &html[html.find("nyckeltal-rubrik").expect("key figures")..];
    assert!(
        figures.contains("<p class=\"figure-value\">1\u{202f}192</p>")
            || figures.contains("<p class=\"figure-value\">1 192</p>"),
        "{figures}"
    );
    assert!(
        figures
            .contains("<a href=\"/statistik/anmalda-brott/\">köp av sexuell tjänst anmäldes</a>"),
        "{figures}"
    );
    assert!(
        figures.contains("Källa: Brottsförebyggande rådet (Brå), 2023"),
        "{figures}"
    );
    assert!(
        figures.contains("<p class=\"figure-value\">557</p>"),
        "{figures}"
    );
    let first = figures
        .find("köp av sexuell tjänst anmäldes")
        .unwrap_or(usize::MAX);
    let second = figures.find("åtal väcktes").unwrap_or(0);
    assert!(first < second, "figures keep their configured order");
}

#[test]
fn a_key_figure_naming_a_missing_dataset_is_an_error_at_its_line() {
    let site = stats_site(&FIGURES.replace("dataset: kedja", "dataset: kedjan"));
    let line = config_line(&site, "dataset: kedjan");
    let run = site.check();
    run.assert_error_at(
        &format!("kunskapsnav.yaml:{line}:16"),
        "no dataset `kedjan`",
    );
    assert!(
        run.stderr.contains("did you mean `kedja`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_key_figure_naming_a_missing_row_or_column_is_an_error_at_its_line() {
    let site = stats_site(&FIGURES.replace("row: Åtal", "row: Åtalet"));
    let line = config_line(&site, "row: Åtalet");
    site.check().assert_error_at(
        &format!("kunskapsnav.yaml:{line}:12"),
        "has no row `Åtalet`",
    );
    let site = stats_site(&FIGURES.replace("column: total", "column: totalt"));
    let line = config_line(&site, "column: totalt");
    site.check()
        .assert_error_at(&format!("kunskapsnav.yaml:{line}:"), "no column `totalt`");
}

#[test]
fn an_unknown_key_under_home_is_an_error_with_a_suggestion() {
    let site = stats_site(&FIGURES.replace("key_figures:", "key_figure:"));
    let line = config_line(&site, "key_figure:");
    let run = site.check();
    run.assert_error_at(
        &format!("kunskapsnav.yaml:{line}:"),
        "unknown field `key_figure`",
    );
}

#[test]
fn key_figures_and_the_newest_rulings_are_both_on_the_home_page() {
    let site = TestSite::fixture("rulings");
    let dataset =
        std::fs::read_to_string(repo_root().join("tests/fixtures/stats/data/statistik/kedja.yaml"))
            .unwrap_or_default();
    site.write("data/statistik/kedja.yaml", dataset);
    let config = std::fs::read_to_string(site.path("kunskapsnav.yaml")).unwrap_or_default();
    site.write(
        "kunskapsnav.yaml",
        format!("{config}\nhome:\n  key_figures:\n    - {{dataset: kedja, row: Åtal, label: åtal väcktes}}\n"),
    );
    site.build().assert_ok();
    let html = site.output("index.html");
    assert!(html.contains("nyckeltal-rubrik"), "{html}");
    assert!(html.contains("senaste-rattsfall-rubrik"), "{html}");
}

#[test]
fn a_dataset_page_lists_the_pages_that_use_it() {
    let site = stats_site(FIGURES);
    site.build().assert_ok();
    let html = site.output("statistik/anmalda-brott/index.html");
    let used = &html[html.find("anvands-rubrik").expect("a used-in list")..];
    assert!(
        used.contains("<a href=\"/artiklar/siffror/\">Siffror</a>"),
        "{used}"
    );
    assert!(
        used.contains("<a href=\"/\">"),
        "the home page's key figure: {used}"
    );
    // A dataset nobody uses has no list.
    let serie = site.output("statistik/serie/index.html");
    assert!(!serie.contains("anvands-rubrik"), "{serie}");
}
