//! Progress of long builds when standard error is not a terminal (CI): a few plain lines
//! with counts, none for small sites, and none among JSON diagnostics.

mod common;
use common::TestSite;

fn large_site(n: usize) -> TestSite {
    let site = TestSite::fixture("basic");
    for i in 0..n {
        site.write(
            &format!("content/artiklar/massa/a{i}.md"),
            format!(
                "---\ntitle: \"Artikel {i}\"\nsummary: \"Kort.\"\nupdated: 2024-12-01\naudience: [allmänhet]\n---\n\nText {i}.\n"
            ),
        );
    }
    site
}

fn progress_lines(stderr: &str, verb: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.starts_with(&format!("{verb} ")) && l.contains('/'))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_large_build_logs_plain_progress_lines_with_counts() {
    let site = large_site(1000);
    let run = site.build();
    run.assert_ok();
    let render = progress_lines(&run.stderr, "render");
    let total = 1005; // the fixture's five pages and the thousand
    assert!(
        render
            .last()
            .is_some_and(|l| l == &format!("render {total}/{total} pages")),
        "{}",
        run.stderr
    );
    assert!(
        render.len() >= 3 && render.len() <= 11,
        "one line per tenth at most: {render:?}"
    );
    assert!(
        run.stderr
            .lines()
            .any(|l| l == "index: packing the search index…"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains('\u{1b}'),
        "no terminal escapes in a log"
    );
}

#[test]
fn small_builds_and_json_output_have_no_progress_lines() {
    let small = TestSite::fixture("basic");
    let run = small.build();
    run.assert_ok();
    assert!(
        progress_lines(&run.stderr, "render").is_empty(),
        "{}",
        run.stderr
    );

    let site = large_site(1000);
    let run = site.run(&["check", "--format", "json"]);
    run.assert_ok();
    for line in run.stderr.lines() {
        assert!(
            serde_json::from_str::<serde_json::Value>(line).is_ok(),
            "not JSON: {line}"
        );
    }
}
