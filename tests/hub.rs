//! The bundled hub builds cleanly, and its search answers the questions its readers ask.

mod common;
use common::TestSite;

#[test]
fn the_bundled_hub_builds_with_only_the_published_figure_warnings() {
    let hub = TestSite::bundled_hub();
    let run = hub.build();
    run.assert_ok();
    // The only warnings are the report's own arithmetic, each acknowledged in its dataset.
    for line in run.stderr.lines().filter(|l| l.contains(": warning: ")) {
        assert!(line.contains("sum of parts"), "unexpected warning: {line}");
    }
    for page in [
        "index.html",
        "artiklar/index.html",
        "rattsfall/index.html",
        "rattsfall/lycksele-tingsratt-b-583-23/index.html",
        "lagrum/brb-4-1-b/index.html",
        "statistik/index.html",
        "statistik/bra-anmalda-brott-2023/index.html",
        "ordlista/index.html",
        "sok/index.html",
        "sok/manifest.json",
        "404.html",
    ] {
        assert!(hub.output_exists(page), "missing {page}");
    }
}

#[test]
fn search_on_the_bundled_hub_finds_rulings_by_case_number_and_compounds() {
    let hub = TestSite::bundled_hub();
    hub.build().assert_ok();
    let first = |q: &str| -> String {
        let run = hub.run(&["search", q]);
        run.assert_ok();
        run.stdout.lines().next().unwrap_or_default().to_string()
    };
    assert!(
        first("B583-23").starts_with("/rattsfall/lycksele-tingsratt-b-583-23/"),
        "{}",
        first("B583-23")
    );
    assert!(first("583-23").starts_with("/rattsfall/lycksele-tingsratt-b-583-23/"));
    let json = hub.run(&["search", "exploatering", "--format", "json"]);
    json.assert_ok();
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let urls: Vec<&str> = v["hits"]
        .as_array()
        .map(|a| a.iter().filter_map(|h| h["url"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        urls.iter().any(|u| u.contains("arbetskraftsexploatering")),
        "{urls:?}"
    );
    let rulings = hub.run(&[
        "search",
        "människoexploatering",
        "--filter",
        "kind=rättsfall",
    ]);
    rulings.assert_ok();
    assert!(
        rulings
            .stdout
            .lines()
            .filter(|l| l.starts_with('/'))
            .all(|l| l.starts_with("/rattsfall/")),
        "{}",
        rulings.stdout
    );
}
