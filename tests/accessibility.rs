//! The accessibility statement (tillgänglighetsredogörelse) is generated from
//! `data/tillganglighet.yaml`; every part Digg requires is checked, and a missing part fails
//! the build at its line.

mod common;
use common::TestSite;

const FILE: &str = "data/tillganglighet.yaml";

const COMPLETE: &str = "\
authority: Testmyndigheten
service: Testnavet
compliance: delvis förenlig
shortcomings:
  - content: Diagrammen är bilder.
    reason: Siffrorna finns i en tabell under varje diagram.
    criteria: [\"1.1.1\"]
disproportionate_burden: []
outside_scope:
  - content: Länkade webbplatser.
    reason: De förvaltas av andra.
assessment:
  method: Självskattning med automatiska tester.
  statement_date: 2024-12-15
  last_reviewed: 2024-12-16
contact:
  text: Skriv till oss om du hittar brister.
  email: tillganglighet@example.org
  url: /om/
digg_report_url: https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/anmal-bristande-tillganglighet
";

fn site_with(statement: &str) -> TestSite {
    let site = TestSite::fixture("basic");
    site.write(FILE, statement);
    site
}

/// The statement with the lines containing `needle` removed.
fn without(needle: &str) -> String {
    COMPLETE
        .lines()
        .filter(|l| !l.contains(needle))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn the_statement_is_published_at_tillganglighet_with_every_part() {
    let site = site_with(COMPLETE);
    site.build().assert_ok();
    let html = site.output("tillganglighet/index.html");
    for part in [
        "<h1>Tillgänglighetsredogörelse</h1>",
        "Testmyndigheten står bakom webbplatsen Testnavet",
        "<strong>delvis förenlig</strong>",
        "Diagrammen är bilder. Siffrorna finns i en tabell under varje diagram.",
        "(WCAG 1.1.1)",
        "åberopar inte undantaget för oskäligt betungande anpassning",
        "Länkade webbplatser.",
        "Självskattning med automatiska tester.",
        "<time datetime=\"2024-12-15\">15 december 2024</time>",
        "<time datetime=\"2024-12-16\">16 december 2024</time>",
        "href=\"mailto:tillganglighet@example.org\"",
        "href=\"/kunskap/om/\"",
        "href=\"https://www.digg.se/analys-och-uppfoljning/lagen-om-tillganglighet-till-digital-offentlig-service-dos-lagen/anmal-bristande-tillganglighet\"",
    ] {
        assert!(html.contains(part), "missing `{part}` in:\n{html}");
    }
    assert!(site
        .output("sitemap.xml")
        .contains("/kunskap/tillganglighet/"));
}

#[test]
fn without_the_file_there_is_no_statement_page() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    assert!(!site.output_exists("tillganglighet/index.html"));
}

#[test]
fn each_missing_part_fails_the_build_at_its_line() {
    // (lines removed, where the error is reported, what it names)
    let cases = [
        ("authority:", ":1:1", "`authority`"),
        ("service:", ":1:1", "`service`"),
        ("compliance:", ":1:1", "`compliance`"),
        ("  method:", ":12:", "`assessment.method`"),
        ("statement_date:", ":12:", "`assessment.statement_date`"),
        ("last_reviewed:", ":12:", "`assessment.last_reviewed`"),
        ("  text:", ":16:", "`contact.text`"),
        ("digg_report_url:", ":1:1", "`digg_report_url`"),
    ];
    for (needle, at, names) in cases {
        let site = site_with(&without(needle));
        site.check().assert_error_at(&format!("{FILE}{at}"), names);
    }
}

#[test]
fn a_statement_without_an_assessment_or_contact_fails_at_the_top() {
    let text: String = COMPLETE
        .split("assessment:")
        .next()
        .map(|head| format!("{head}digg_report_url: https://www.digg.se/anmal\n"))
        .unwrap_or_default();
    let run = site_with(&text).check();
    run.assert_error_at(&format!("{FILE}:1:1"), "lacks `assessment`");
    run.assert_error_at(&format!("{FILE}:1:1"), "lacks `contact`");
}

#[test]
fn a_shortcoming_without_a_reason_is_an_error_at_its_item() {
    let run = site_with(&without("Siffrorna finns i en tabell")).check();
    run.assert_error_at(
        &format!("{FILE}:5:5"),
        "`reason` in item 1 of `shortcomings`",
    );
}

#[test]
fn the_degree_of_compliance_is_a_closed_list() {
    let text = COMPLETE.replace("delvis förenlig", "delvis tillgänglig");
    let run = site_with(&text).check();
    run.assert_error_at(&format!("{FILE}:3:"), "unknown variant");
    assert!(
        run.stderr
            .contains("helt förenlig, delvis förenlig, inte förenlig"),
        "{}",
        run.stderr
    );
}

#[test]
fn shortcomings_may_be_empty_only_when_the_service_is_fully_compliant() {
    let empty = COMPLETE.replace(
        "shortcomings:\n  - content: Diagrammen är bilder.\n    reason: Siffrorna finns i en tabell under varje diagram.\n    criteria: [\"1.1.1\"]\n",
        "shortcomings: []\n",
    );
    site_with(&empty)
        .check()
        .assert_error_at(&format!("{FILE}:4:"), "`shortcomings` is empty");
    let full = empty.replace("delvis förenlig", "helt förenlig");
    site_with(&full).check().assert_ok();
    let contradiction = COMPLETE.replace("delvis förenlig", "helt förenlig");
    site_with(&contradiction)
        .check()
        .assert_error_at(&format!("{FILE}:3:"), "helt förenlig");
    let missing = COMPLETE.replace(
        "shortcomings:\n  - content: Diagrammen är bilder.\n    reason: Siffrorna finns i en tabell under varje diagram.\n    criteria: [\"1.1.1\"]\n",
        "",
    );
    site_with(&missing)
        .check()
        .assert_error_at(&format!("{FILE}:1:1"), "lacks `shortcomings`");
}

#[test]
fn the_reporting_link_must_go_to_digg() {
    let text = COMPLETE.replace(
        "https://www.digg.se/analys-och-uppfoljning",
        "https://example.org/analys-och-uppfoljning",
    );
    site_with(&text)
        .check()
        .assert_error_at(&format!("{FILE}:20:"), "not an address at digg.se");
}

#[test]
fn a_review_before_the_statement_or_a_date_in_the_future_is_an_error() {
    let early = COMPLETE.replace("last_reviewed: 2024-12-16", "last_reviewed: 2024-12-01");
    site_with(&early)
        .check()
        .assert_error_at(&format!("{FILE}:15:"), "before the statement's date");
    let future = COMPLETE.replace("statement_date: 2024-12-15", "statement_date: 2999-01-01");
    site_with(&future)
        .check()
        .assert_error_at(&format!("{FILE}:14:"), "in the future");
}

#[test]
fn a_contact_without_any_way_to_reach_the_authority_is_an_error() {
    let text = without("email:").replace("  url: /om/\n", "");
    site_with(&text)
        .check()
        .assert_error_at(&format!("{FILE}:16:"), "no way to reach");
}

#[test]
fn an_unknown_key_is_an_error_with_a_suggestion() {
    let text = COMPLETE.replace("outside_scope:", "outside_scop:");
    let run = site_with(&text).check();
    run.assert_error_at(&format!("{FILE}:9:"), "unknown field `outside_scop`");
    assert!(
        run.stderr.contains("did you mean `outside_scope`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_bundled_hub_publishes_its_statement() {
    let hub = TestSite::bundled_hub();
    hub.check().assert_ok();
    let text = std::fs::read_to_string(hub.path(FILE)).unwrap_or_default();
    assert!(text.contains("compliance: delvis förenlig"), "{text}");
}
