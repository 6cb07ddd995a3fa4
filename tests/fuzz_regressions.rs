//! Inputs the fuzz targets (fuzz/, `scripts/fuzz`) crashed on stay fixed: every file under
//! `tests/fixtures/fuzz-regressions/<target>/` runs through the very function the target
//! calls (fuzz/src/lib.rs, included here), with its checks, on the stable toolchain and
//! without libFuzzer. The seed corpus (`fuzz/seeds/<target>/`) runs too, so a change that
//! breaks a target's invariants on ordinary content shows here first.

#[path = "../fuzz/src/lib.rs"]
mod fuzz_checks;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

/// Runs every file in `dir` through `check`; fails naming each file that panicked.
/// What a fuzz target runs on its input.
type Check = fn(&[u8]);

fn run_dir(dir: &str, check: Check) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    let mut failed = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        if catch_unwind(AssertUnwindSafe(|| check(&bytes))).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "these inputs panic:\n{}",
        failed.join("\n")
    );
    files.len()
}

fn regressions(target: &str, check: Check) {
    run_dir(&format!("tests/fixtures/fuzz-regressions/{target}"), check);
}

#[test]
fn front_matter_regressions() {
    regressions("front_matter", fuzz_checks::front_matter);
}

#[test]
fn markdown_regressions() {
    regressions("markdown", fuzz_checks::markdown);
}

#[test]
fn dataset_regressions() {
    regressions("dataset", fuzz_checks::dataset);
}

#[test]
fn search_query_regressions() {
    regressions("search_query", fuzz_checks::search_query);
}

#[test]
fn seed_corpus_passes_every_target() {
    let targets: [(&str, Check); 4] = [
        ("front_matter", fuzz_checks::front_matter),
        ("markdown", fuzz_checks::markdown),
        ("dataset", fuzz_checks::dataset),
        ("search_query", fuzz_checks::search_query),
    ];
    for (target, check) in targets {
        let n = run_dir(&format!("fuzz/seeds/{target}"), check);
        assert!(n > 0, "fuzz/seeds/{target}/ is empty");
    }
}

/// `search_query` found that an excluded phrase whose first match lies after the first
/// candidate (or that matches nothing) tripped a debug assertion in tantivy's phrase
/// scorer (crates/search/src/searcher/exclusion.rs). Exclusions must still exclude.
#[test]
fn excluded_phrases_exclude_without_seeking_backwards() {
    let index = fuzz_checks::index().expect("the fuzz index builds");
    let urls = |q: &str| -> Vec<String> {
        let r = index.search(q, &[], 10);
        r.hits.into_iter().map(|h| h.url).collect()
    };
    let ruling = "/rattsfall/svea-b-2853-22/".to_string();
    assert!(urls("barn").contains(&ruling));
    assert!(!urls("barn -\"sexuella ändamål\"").contains(&ruling));
    assert!(urls("barn -\"sexuella tiggeri\"").contains(&ruling));
    assert!(!urls("hovrätten -barn").contains(&ruling));
    let both = urls("människohandel");
    let without = urls("människohandel -\"sexuella ändamål\"");
    assert!(!without.contains(&ruling), "{without:?}");
    assert!(
        without.iter().all(|u| both.contains(u)),
        "{both:?} {without:?}"
    );
}

/// `dataset` found that a dataset saved with lone CR line ends got diagnostics at lines
/// its file does not have: YAML counts a CR as a line break, the shown source did not.
/// `Stats::load` now reads datasets as content files are read (CR and CRLF folded).
#[test]
fn datasets_with_cr_line_ends_get_diagnostics_at_their_own_lines() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let data = dir.path().join("data/statistik");
    std::fs::create_dir_all(&data).expect("data/statistik");
    std::fs::write(data.join("cr.yaml"), "id: cr\rtitle: t\rtitel: x\r").expect("written");
    let mut diags = kunskapsnav::Diagnostics::new();
    let _ = kunskapsnav::stats::Stats::load(dir.path(), &mut diags);
    let unknown = diags
        .iter()
        .find(|d| d.message.contains("titel"))
        .expect("the unknown field is reported");
    assert_eq!(unknown.line, 3, "{unknown:?}");
    assert_eq!(
        unknown.source_line.as_deref(),
        Some("titel: x"),
        "{unknown:?}"
    );
}
