//! The bundled hub's search as a judge, a prosecutor or a trainer uses it: provisions in
//! every common spelling, laws and courts by name, figures in snippets, "Menade du …?".

mod common;
use common::TestSite;

/// The bundled hub, built once for every test of this file.
fn hub() -> &'static TestSite {
    static HUB: std::sync::OnceLock<TestSite> = std::sync::OnceLock::new();
    HUB.get_or_init(|| {
        let hub = TestSite::bundled_hub();
        hub.build().assert_ok();
        hub
    })
}

/// The URLs of the hits of `query`, best first.
fn urls(query: &str) -> Vec<String> {
    let run = hub().run(&["search", query]);
    run.assert_ok();
    run.stdout
        .lines()
        .filter(|l| l.starts_with('/'))
        .filter_map(|l| l.split('\t').next())
        .map(String::from)
        .collect()
}

#[test]
fn a_provision_in_every_common_spelling_finds_its_page_first_then_its_rulings() {
    for q in [
        "BrB 4:1b",
        "BrB 4:1 b",
        "4:1b",
        "4:1 b",
        "4 kap 1 b",
        "4 kap. 1 b §",
        "4 kap. 1 b § brottsbalken",
        "1 b § 4 kap. brottsbalken",
        "brottsbalken 4 kap 1 b",
        "brottsbalken 4 kap. 1 b §",
    ] {
        let found = urls(q);
        assert_eq!(
            found.first().map(String::as_str),
            Some("/lagrum/brb-4-1-b/"),
            "{q}: {found:?}"
        );
        // The ruling charged under 4 kap. 1 b § comes right after.
        assert_eq!(
            found.get(1).map(String::as_str),
            Some("/rattsfall/jonkopings-tingsratt-b-1515-23/"),
            "{q}: {found:?}"
        );
    }
    // Laws without chapters, by their id and their citation.
    for q in ["5 § penningtvättsbrottslagen", "Penningtvättsbrottslagen 5"] {
        assert_eq!(
            urls(q).first().map(String::as_str),
            Some("/lagrum/penningtvattsbrottslagen-5/"),
            "{q}"
        );
    }
    assert_eq!(
        urls("1 § narkotikastrafflagen").first().map(String::as_str),
        Some("/lagrum/nsl-1/")
    );
}

#[test]
fn a_law_named_alone_finds_its_provision_pages_first() {
    for (law, prefix, count) in [
        ("brottsbalken", "/lagrum/brb-", 10),
        ("BrB", "/lagrum/brb-", 10),
        ("utlänningslagen", "/lagrum/utll-", 2),
        (
            "penningtvättsbrottslagen",
            "/lagrum/penningtvattsbrottslagen-",
            1,
        ),
    ] {
        let found = urls(law);
        assert!(found.len() >= count, "{law}: {found:?}");
        assert!(
            found[..count].iter().all(|u| u.starts_with(prefix)),
            "{law}: {found:?}"
        );
    }
}

#[test]
fn a_court_by_its_full_or_short_name_finds_its_rulings_first() {
    for (court, ruling) in [
        (
            "Hovrätten över Skåne och Blekinge",
            "/rattsfall/hovratten-over-skane-och-blekinge-b-4669-23/",
        ),
        (
            "HovR över Skåne och Blekinge",
            "/rattsfall/hovratten-over-skane-och-blekinge-b-4669-23/",
        ),
        ("Svea hovrätt", "/rattsfall/svea-hovratt-b-1070-23/"),
        ("Svea HovR", "/rattsfall/svea-hovratt-b-1070-23/"),
        (
            "Lycksele tingsrätt",
            "/rattsfall/lycksele-tingsratt-b-583-23/",
        ),
        ("Lycksele TR", "/rattsfall/lycksele-tingsratt-b-583-23/"),
    ] {
        let found = urls(court);
        assert_eq!(
            found.first().map(String::as_str),
            Some(ruling),
            "{court}: {found:?}"
        );
    }
}

#[test]
fn snippets_show_the_figures_the_reader_sees() {
    let run = hub().run(&["search", "tiggeri ökade"]);
    run.assert_ok();
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("/rattsfall/jonkopings-tingsratt-b-1515-23/"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    // `stat` figures written alone on their lines, read in their sentence.
    assert!(line.contains("från 3 till 5 ärenden"), "{line}");
    // A chart's title and its data table's labels and figures are searchable.
    let found = urls("utstationerade arbetstagare 2020 39 683");
    assert!(
        found.contains(&"/artiklar/riskfaktorer/arbetsmarknaden/".to_string()),
        "{found:?}"
    );
}

#[test]
fn a_query_without_hits_offers_a_corrected_query() {
    let run = hub().run(&["search", "bärplokningg"]);
    run.assert_ok();
    assert!(
        run.stdout.contains("Menade du ”bärplockning”?"),
        "{}",
        run.stdout
    );
    let json = hub().run(&["search", "bärplokningg", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(v["suggestion"], "bärplockning");
    // The suggestion finds pages.
    assert!(!urls("bärplockning").is_empty());
}
