//! The quick exit goes to the neutral site the configuration names, on every page, as a
//! plain link that tells that site nothing (the browser tests check the JavaScript side).

mod common;
use common::TestSite;

#[test]
fn every_page_has_the_quick_exit_to_the_configured_site() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.path("kunskapsnav.yaml")).unwrap();
    let config = config
        .replace(
            "https://www.smhi.se/",
            "https://www.example.com/vader/?stad=umea&dag=1",
        )
        .replace("label: \"Lämna sidan snabbt\"", "label: \"Lämna sidan nu\"");
    site.write("kunskapsnav.yaml", config);
    site.build().assert_ok();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
    {
        let html = std::fs::read_to_string(entry.path()).unwrap();
        assert!(
            html.contains(
                "<a href=\"https://www.example.com/vader/?stad=umea&amp;dag=1\" rel=\"noreferrer\" class=\"quick-exit\">Lämna sidan nu</a>"
            ),
            "{}: no quick exit to the configured site",
            entry.path().display()
        );
        assert!(
            html.contains("<meta name=\"referrer\" content=\"no-referrer\">"),
            "{}: no referrer policy",
            entry.path().display()
        );
        pages += 1;
    }
    assert!(pages >= 5, "only {pages} pages built");
}
