//! `docs/coverage.md` maps every section and figure of the source report to the pages and
//! datasets that carry it. These tests hold the map to the repository: every mapped page
//! file exists, every mapped dataset exists, every cited case has a ruling page, and every
//! section of the report has a row.

mod common;
use common::repo_root;
use std::collections::BTreeSet;

const COVERAGE: &str = "docs/coverage.md";

/// The report's numbered sections, in order (section 3.1's unnumbered subsections are
/// mapped as 3.1 a–f in the table, on top of these).
const SECTIONS: [&str; 27] = [
    "1", "2", "3", "3.1", "4", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.8", "4.9",
    "4.10", "4.11", "4.12", "5", "5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9",
];

/// A Markdown table of the coverage document: its header cells and rows of cells, with
/// the 1-based line of each row for messages.
struct Table {
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{COVERAGE}: no column `{name}` in {:?}", self.header))
    }

    fn cells(&self, name: &str) -> impl Iterator<Item = (usize, &str)> {
        let c = self.column(name);
        self.rows
            .iter()
            .map(move |(line, cells)| (*line, cells.get(c).map_or("", String::as_str)))
    }
}

fn cells_of(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

/// The table under the `## heading` of the coverage document.
fn table(heading: &str) -> Table {
    let text = std::fs::read_to_string(repo_root().join(COVERAGE))
        .unwrap_or_else(|e| panic!("{COVERAGE}: {e}"));
    let mut lines = text
        .lines()
        .enumerate()
        .skip_while(|(_, l)| l.trim() != heading);
    assert!(lines.next().is_some(), "{COVERAGE}: no heading `{heading}`");
    let mut rows = lines
        .skip_while(|(_, l)| !l.starts_with('|'))
        .take_while(|(_, l)| l.starts_with('|'));
    let header = rows
        .next()
        .map(|(_, l)| cells_of(l))
        .unwrap_or_else(|| panic!("{COVERAGE}: no table under `{heading}`"));
    let rows = rows
        .filter(|(_, l)| !l.starts_with("|---") && !l.starts_with("| ---"))
        .map(|(i, l)| (i + 1, cells_of(l)))
        .collect();
    Table { header, rows }
}

/// Paths written as `code` in a cell.
fn paths(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

#[test]
fn every_page_the_coverage_table_maps_exists() {
    let mut missing = Vec::new();
    let mut count = 0;
    for (heading, column) in [
        ("## Avsnitt", "Sidor"),
        ("## Siffror", "Sida"),
        ("## Rättsfall", "Artiklar"),
    ] {
        for (line, cell) in table(heading).cells(column) {
            let found = paths(cell);
            if found.is_empty() {
                missing.push(format!("{COVERAGE}:{line}: no page in `{cell}`"));
            }
            for p in found {
                count += 1;
                if !repo_root().join(p).is_file() {
                    missing.push(format!("{COVERAGE}:{line}: `{p}` does not exist"));
                }
            }
        }
    }
    assert!(
        count > 100,
        "only {count} mapped pages found; is the table intact?"
    );
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_dataset_the_coverage_table_maps_exists() {
    let mut missing = Vec::new();
    let mut count = 0;
    for (line, cell) in table("## Siffror").cells("Datamängd") {
        for id in cell.split([';', ',']).map(str::trim) {
            if id.is_empty() || id == "–" || id == "-" {
                continue;
            }
            count += 1;
            let file = repo_root()
                .join("data/statistik")
                .join(format!("{id}.yaml"));
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            if !text.lines().any(|l| l.trim() == format!("id: {id}")) {
                missing.push(format!(
                    "{COVERAGE}:{line}: no dataset `{id}` (data/statistik/{id}.yaml with `id: {id}`)"
                ));
            }
        }
    }
    assert!(
        count > 40,
        "only {count} mapped datasets found; is the table intact?"
    );
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_case_the_coverage_table_maps_has_a_ruling_page() {
    let cases: BTreeSet<String> = std::fs::read_dir(repo_root().join("content/rattsfall"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .filter_map(|t| {
                    t.lines()
                        .find_map(|l| l.strip_prefix("case:").map(|c| c.trim().to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut missing = Vec::new();
    for (line, case) in table("## Rättsfall").cells("Mål") {
        if !cases.contains(case) {
            missing.push(format!(
                "{COVERAGE}:{line}: no ruling page has `case: {case}`"
            ));
        }
    }
    assert_eq!(cases.len(), 8, "the report cites eight rulings: {cases:?}");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_section_of_the_report_has_a_row() {
    let mapped: BTreeSet<String> = table("## Avsnitt")
        .cells("Avsnitt")
        .map(|(_, c)| c.to_string())
        .collect();
    let missing: Vec<&str> = SECTIONS
        .iter()
        .copied()
        .filter(|s| !mapped.contains(*s))
        .collect();
    assert!(missing.is_empty(), "sections without a row: {missing:?}");
    // Where the source report is at hand (beside the repository), check that the list of
    // sections above is the report's own.
    let source = repo_root().join("../shared/source/polismyndigheten-manniskohandel-2023.txt");
    if let Ok(text) = std::fs::read_to_string(source) {
        for line in text.lines() {
            let t = line.trim_start();
            let number = t.split(' ').next().unwrap_or("");
            let heading_like = t[number.len()..]
                .trim_start()
                .starts_with(|c: char| c.is_uppercase());
            let numbered = number.contains('.')
                && number
                    .split('.')
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            let top = line.starts_with(' ')
                && number.len() == 1
                && number.bytes().all(|b| b.is_ascii_digit());
            if heading_like && (numbered || top) {
                assert!(
                    SECTIONS.contains(&number),
                    "the report has a section {number} ({}) that the coverage test does not know",
                    t.trim()
                );
            }
        }
    }
}
