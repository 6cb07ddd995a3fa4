//! Owners and reviews: the registry, due dates from page, section and site intervals,
//! overdue warnings (`--strict`: errors) and `kunskapsnav review`. "Today" is fixed with
//! SOURCE_DATE_EPOCH (2025-08-01).

mod common;
use common::{Run, TestSite};
use std::process::Command;

const TODAY: &str = "1754049600"; // 2025-08-01 12:00 UTC

fn run(site: &TestSite, args: &[&str]) -> Run {
    Run::from(
        Command::new(env!("CARGO_BIN_EXE_kunskapsnav"))
            .args(args)
            .arg("--root")
            .arg(site.root())
            .env("SOURCE_DATE_EPOCH", TODAY)
            .output()
            .unwrap(),
    )
}

fn edit(site: &TestSite, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.path(rel)).unwrap();
    assert!(text.contains(from), "{rel} lacks {from}");
    site.write(rel, text.replacen(from, to, 1));
}

/// `om.md`: its own interval, overdue; `andra.md`: the section's interval, due in 14
/// days; `forsta.md`: the section's, due in December; the rest: the site's 3 years.
fn site() -> TestSite {
    let site = TestSite::fixture("basic");
    site.write(
        "data/agare.yaml",
        "- id: enheten\n  name: Enheten för test\n  contact: enheten@example.org\n- id: redaktionen\n  name: Redaktionen\n",
    );
    let config = std::fs::read_to_string(site.path("kunskapsnav.yaml")).unwrap();
    site.write(
        "kunskapsnav.yaml",
        format!("{config}review:\n  interval: 3 år\n"),
    );
    edit(
        &site,
        "content/om.md",
        "updated: 2024-12-15\n",
        "updated: 2024-12-15\nowner: enheten\nreviewed: 2024-01-01\nreview_interval: 6 månader\n",
    );
    edit(
        &site,
        "content/artiklar/_index.md",
        "sort_by: title\n",
        "sort_by: title\nreview_interval: 12 månader\n",
    );
    edit(
        &site,
        "content/artiklar/andra.md",
        "updated: 2024-11-01\n",
        "updated: 2024-11-01\nowner: redaktionen\nreviewed: 2024-08-15\n",
    );
    site
}

#[test]
fn overdue_reviews_are_warnings_and_errors_under_strict() {
    let site = site();
    let check = run(&site, &["check"]);
    check.assert_ok();
    let warnings: Vec<&str> = check
        .stderr
        .lines()
        .filter(|l| l.contains(": warning: the review of"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", check.stderr);
    assert!(warnings[0].starts_with("content/om.md: warning: the review of “Om” is 396 day(s) overdue (due 2024-07-01; owner: Enheten för test)"), "{}", warnings[0]);
    let strict = run(&site, &["check", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        strict
            .stderr
            .contains("content/om.md: error: the review of"),
        "{}",
        strict.stderr
    );
}

#[test]
fn review_lists_due_and_overdue_soonest_first() {
    let site = site();
    let out = run(&site, &["review"]);
    out.assert_ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        vec![
            "2024-07-01  overdue by 396 day(s)  content/om.md  “Om”  (Enheten för test)",
            "2025-08-15  due in 14 day(s)  content/artiklar/andra.md  “Andra artikeln”  (Redaktionen)",
        ],
        "{}",
        out.stdout
    );
    let mine = run(
        &site,
        &["review", "--owner", "redaktionen", "--format", "json"],
    );
    mine.assert_ok();
    let v: serde_json::Value = serde_json::from_str(&mine.stdout).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 1, "{}", mine.stdout);
    assert_eq!(items[0]["file"], "content/artiklar/andra.md");
    assert_eq!(items[0]["due"], "2025-08-15");
    assert_eq!(items[0]["days_late"], -14);
    let unknown = run(&site, &["review", "--owner", "redaktion"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("name one of: enheten, redaktionen"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn bad_review_fields_are_errors_at_their_place() {
    let site = site();
    edit(
        &site,
        "content/om.md",
        "reviewed: 2024-01-01",
        "reviewed: 2030-01-01",
    );
    edit(
        &site,
        "content/artiklar/andra.md",
        "owner: redaktionen",
        "owner: redaktionn",
    );
    edit(&site, "content/artiklar/_index.md", "12 månader", "ofta");
    let check = run(&site, &["check"]);
    check.assert_error_at(
        "content/om.md:6:1",
        "`reviewed: 2030-01-01` is in the future (today is 2025-08-01)",
    );
    check.assert_error_at(
        "content/artiklar/andra.md:5:1",
        "owner `redaktionn` is not in the owner registry",
    );
    assert!(
        check.stderr.contains("did you mean `redaktionen`?"),
        "{}",
        check.stderr
    );
    check.assert_error_at(
        "content/artiklar/_index.md:5:1",
        "`ofta` is not an interval",
    );
}

#[test]
fn a_site_interval_that_is_not_one_is_a_configuration_error() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.path("kunskapsnav.yaml")).unwrap();
    let line = config.lines().count() + 2;
    site.write(
        "kunskapsnav.yaml",
        format!("{config}review:\n  interval: 12 fortnights\n"),
    );
    let check = run(&site, &["check"]);
    check.assert_error_at(
        &format!("kunskapsnav.yaml:{line}:3"),
        "`fortnights` is not a unit of time",
    );
}

#[test]
fn readers_see_reviewed_owner_and_the_history_link() {
    let site = site();
    let config = std::fs::read_to_string(site.path("kunskapsnav.yaml")).unwrap();
    site.write(
        "kunskapsnav.yaml",
        format!("{config}repository_url: https://git.example.org/hub/\n"),
    );
    run(&site, &["build"]).assert_ok();
    let om = site.output("om/index.html");
    assert!(
        om.contains("Granskad <time datetime=\"2024-01-01\">1 januari 2024</time>"),
        "{om}"
    );
    assert!(
        om.contains("Ansvarig: Enheten för test (enheten@example.org)"),
        "{om}"
    );
    assert!(om.contains("<a href=\"https://git.example.org/hub/commits/HEAD/content/om.md\">Visa ändringshistorik</a>"), "{om}");
    let andra = site.output("artiklar/andra/index.html");
    assert!(
        andra.contains("<dt>Granskad</dt><dd><time datetime=\"2024-08-15\">"),
        "{andra}"
    );
    assert!(
        andra.contains("<dt>Ansvarig</dt><dd>Redaktionen</dd>"),
        "{andra}"
    );
    assert!(
        andra.contains("content/artiklar/andra.md\">Visa ändringshistorik</a>"),
        "{andra}"
    );
}

#[test]
fn a_repository_url_that_is_not_a_url_is_an_error() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.path("kunskapsnav.yaml")).unwrap();
    let line = config.lines().count() + 1;
    site.write(
        "kunskapsnav.yaml",
        format!("{config}repository_url: git@example.org:hub.git\n"),
    );
    run(&site, &["check"]).assert_error_at(
        &format!("kunskapsnav.yaml:{line}:1"),
        "repository_url `git@example.org:hub.git` is not a URL",
    );
}
