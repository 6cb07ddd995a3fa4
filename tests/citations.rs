//! Data-driven tests of case-number and citation parsing, in the manner of ferenda's
//! fixture files: each case in `tests/fixtures/*.txt` is an input, a blank line and the
//! expected result. Adding a spelling to support is adding three lines to a file.

use kunskapsnav::diagnostics::Diagnostics;
use kunskapsnav::legal::{cite, Legal};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// (input, expected) pairs: paragraphs separated by blank lines, comments dropped.
fn cases(file: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(fixture(file)).unwrap();
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| {
            p.lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(
        paragraphs.len() % 2 == 0,
        "{file}: every input needs an expected result"
    );
    paragraphs
        .chunks(2)
        .map(|c| (c[0].clone(), c[1].trim().to_string()))
        .collect()
}

#[test]
fn case_numbers_in_the_fixture_file_normalise_or_fail_as_expected() {
    let all = cases("case-numbers.txt");
    assert!(all.len() >= 10);
    for (input, expected) in all {
        let got = cite::parse_case(&input);
        match expected.strip_prefix("error: ") {
            Some(fragment) => {
                let err = got.expect_err(&format!("`{input}` should be rejected"));
                assert!(
                    err.contains(fragment),
                    "`{input}`: error `{err}` lacks `{fragment}`"
                );
            }
            None => assert_eq!(got.map(|c| c.to_string()), Ok(expected), "`{input}`"),
        }
    }
}

#[test]
fn citation_targets_in_the_fixture_file_resolve_against_the_rulings_site() {
    let root = fixture("rulings");
    let (loaded, load_diags) = kunskapsnav::load::content::load(&root, false);
    assert!(!load_diags.has_errors(), "{load_diags:?}");
    let mut diags = Diagnostics::new();
    let legal = Legal::load(&root, &loaded.pages, &mut diags);
    assert!(!diags.has_errors(), "{diags:?}");
    let all = cases("citations.txt");
    assert!(all.len() >= 15);
    for (input, expected) in all {
        let got = legal.resolve(&input);
        match expected.strip_prefix("error: ") {
            Some(fragment) => {
                let (msg, hint) = got.expect_err(&format!("`{input}` should not resolve"));
                assert!(
                    msg.contains(fragment),
                    "`{input}`: message `{msg}` lacks `{fragment}`"
                );
                assert!(!hint.is_empty(), "`{input}`: no hint");
            }
            None => {
                let (path, text) =
                    got.unwrap_or_else(|e| panic!("`{input}` did not resolve: {e:?}"));
                assert_eq!(format!("{path} | {text}"), expected, "`{input}`");
            }
        }
    }
}
