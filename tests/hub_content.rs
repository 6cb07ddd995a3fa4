//! The bundled hub as readers see it: every article summarised and sourced (with the
//! retrieved dates the report gives), every proposal saying what and by whom, entry pages
//! by audience, and — built — glossary links, key figures, backlinks, the accessibility
//! statement, and warnings only for the report's own arithmetic, each explained.

mod common;
use common::{repo_root, TestSite};
use std::path::{Path, PathBuf};

fn markdown_files(dir: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(repo_root().join(dir))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// (front matter, body) of a content file.
fn split(text: &str) -> (&str, &str) {
    let rest = text.strip_prefix("---\n").unwrap_or(text);
    match rest.find("\n---\n") {
        Some(i) => (&rest[..i], &rest[i + 5..]),
        None => ("", rest),
    }
}

fn rel(p: &Path) -> String {
    p.strip_prefix(repo_root())
        .unwrap_or(p)
        .display()
        .to_string()
}

/// The language of a translation (`fa-hjalp.en.md` → `en`); `None` for a Swedish page.
fn language_of(file_name: &str) -> Option<&str> {
    let stem = file_name.strip_suffix(".md")?;
    let (_, lang) = stem.rsplit_once('.')?;
    Some(lang)
}

#[test]
fn every_article_has_a_summary_and_a_footnoted_source() {
    let mut problems = Vec::new();
    for p in markdown_files("content/artiklar") {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with("_index.") {
            continue;
        }
        let text = read(&p);
        let (fm, body) = split(&text);
        // A translation cites the report by its (Swedish) title; a lättläst version ends
        // with a plain "Källa:" line instead of footnotes.
        if let Some(lang) = language_of(name) {
            let cites = if lang == "lattlast" {
                body.lines()
                    .any(|l| l.starts_with("Källa:") && l.contains("rapport"))
            } else {
                body.contains("lägesrapport om 2023")
            };
            if !cites {
                problems.push(format!("{}: does not cite the report", rel(&p)));
            }
            continue;
        }
        let summary = fm
            .lines()
            .find_map(|l| l.strip_prefix("summary:"))
            .map(str::trim)
            .unwrap_or("");
        if summary.len() < 20 {
            problems.push(format!("{}: no real summary", rel(&p)));
        }
        let sources = body.lines().filter(|l| l.starts_with("[^")).count();
        if sources == 0 {
            problems.push(format!("{}: no footnote with a source", rel(&p)));
        }
        if !body.contains("Polismyndigheten (2024)") {
            problems.push(format!("{}: does not cite the report", rel(&p)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Web sources the report cites with the date it retrieved them (its footnotes).
const RETRIEVED: [(&str, &str); 16] = [
    (
        "unodc.org/documents/data-and-analysis/tip/Conflict_Ukraine",
        "2024-06-11",
    ),
    ("sla.se/2023/10/11/manniskohandeln-riskerar", "2024-08-06"),
    (
        "av.se/press/fler-utstationerade-arbetare-2023",
        "2024-08-06",
    ),
    ("mybestgirls.com", "2024-04-19"),
    ("vero.fi/en/grey-economy-crime", "2024-10-03"),
    ("home-affairs.ec.europa.eu", "2024-08-05"),
    (
        "bra.se/publikationer/arkiv/publikationer/2023-11-01-barn-och-unga",
        "2024-08-05",
    ),
    ("vartgoteborg.se", "2024-12-05"),
    (
        "manniskohandel.se/var-verksamhet/nationellt-stodprogram",
        "2024-08-06",
    ),
    (
        "nspm.jamstalldhetsmyndigheten.se/kampanjer/lat-inte-tystnaden",
        "2024-08-14",
    ),
    ("ukraine.iom.int", "2024-08-22"),
    (
        "manniskohandel.se/wp-content/uploads/2024/04/plattformen",
        "2024-08-06",
    ),
    ("fralsningsarmen.se/safe-havens", "2024-12-05"),
    ("cmm.dk/english", "2024-12-05"),
    (
        "nspm.jamstalldhetsmyndigheten.se/nyheter/svartolkad-lag",
        "2024-11-17",
    ),
    ("rm.coe.int/greta-evaluation-report-on-sweden", "2024-08-22"),
];

#[test]
fn every_web_source_carries_the_retrieved_date_the_report_gives() {
    let mut problems = Vec::new();
    let mut seen = 0;
    for p in markdown_files("content") {
        for (n, line) in read(&p).lines().enumerate() {
            for (url, date) in RETRIEVED {
                if let Some(at) = line.find(url) {
                    seen += 1;
                    // The date belongs right after its URL (before the next source).
                    let after = &line[at..];
                    let own = after.split("; ").next().unwrap_or(after);
                    let own = if own.contains(date) { own } else { after };
                    // A translation gives the date in its own words ("retrieved").
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    let expected = match language_of(name) {
                        Some(_) => date.to_string(),
                        None => format!("hämtad {date}"),
                    };
                    if !own.contains(&expected) {
                        problems.push(format!(
                            "{}:{}: {url} without `hämtad {date}`",
                            rel(&p),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(seen >= 16, "only {seen} dated web sources found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_proposal_says_what_is_proposed_and_by_whom() {
    let mut problems = Vec::new();
    let files: Vec<PathBuf> = markdown_files("content/artiklar/atgarder")
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .collect();
    assert_eq!(files.len(), 9, "sections 5.1–5.9 each have an article");
    for p in files {
        let text = read(&p);
        for heading in ["## Vad som föreslås", "## Vem som föreslås göra det"] {
            if !text.contains(heading) {
                problems.push(format!("{}: no `{heading}`", rel(&p)));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn each_audience_has_an_entry_page_that_leads_where_it_should() {
    let page = |name: &str| read(&repo_root().join("content").join(name));
    let public = page("for-allmanheten.md");
    assert!(
        public.contains("](fa-hjalp.md)"),
        "the public page leads to help"
    );
    let justice = page("for-rattsvasendet.md");
    for target in [
        "](/lagrum/)",
        "](/rattsfall/lagrum/brb-4-1-a/)",
        "](/rattsfall/lagrum/brb-4-1-b/)",
        "](artiklar/grunder/rattsliga-fragor.md)",
        "](rattsfall/_index.md)",
    ] {
        assert!(
            justice.contains(target),
            "for-rattsvasendet.md lacks {target}"
        );
    }
    let trainers = page("for-utbildare.md");
    for target in [
        "](ordlista/_index.md)",
        "](artiklar/statistik/_index.md)",
        "{{ stat(",
    ] {
        assert!(trainers.contains(target), "for-utbildare.md lacks {target}");
    }
}

#[test]
fn the_built_hub_links_its_terms_figures_and_pages_both_ways() {
    let hub = TestSite::bundled_hub();
    let run = hub.build();
    run.assert_ok();

    // Warnings report only the published figures' arithmetic, each explained on its page.
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect();
    assert_eq!(warnings.len(), 4, "{}", run.stderr);
    for w in warnings {
        assert!(w.contains("sum of parts"), "unexpected warning: {w}");
        let id = w
            .split("data/statistik/")
            .nth(1)
            .and_then(|r| r.split(".yaml").next())
            .unwrap_or_default();
        let published: String = w
            .split("published ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .unwrap_or_default()
            .to_string();
        let page = hub.output(&format!("statistik/{id}/index.html"));
        let explained = &page[page.find("id=\"summor\"").unwrap_or(0)..];
        let shown = published
            .chars()
            .rev()
            .collect::<Vec<_>>()
            .chunks(3)
            .map(|c| c.iter().rev().collect::<String>())
            .rev()
            .collect::<Vec<_>>()
            .join("\u{202f}");
        assert!(
            page.contains("Summor som inte stämmer")
                && explained.contains(&format!("publicerad {shown}")),
            "{w}: not explained on /statistik/{id}/"
        );
    }

    // Key figures from the data and the newest rulings on the home page.
    let home = hub.output("index.html");
    assert_eq!(home.matches("class=\"figure-value\"").count(), 7, "{home}");
    assert!(home.contains("senaste-rattsfall-rubrik"));

    // A term links from its first mention and lists where it is used.
    let article = hub.output("artiklar/andamal/koppleri/index.html");
    assert!(article.contains("<a href=\"/ordlista/malsagandebitrade/\">målsägandebiträde</a>"));
    let term = hub.output("ordlista/koppleri/index.html");
    assert!(term.contains("<a href=\"/artiklar/andamal/koppleri/\">Koppleri</a>"));

    // A dataset lists the pages that use it; an article lists the pages that link to it.
    let dataset = hub.output("statistik/kedja-koppleri-2023/index.html");
    assert!(dataset.contains("<a href=\"/artiklar/andamal/koppleri/\">Koppleri</a>"));
    let linked = hub.output("artiklar/grunder/rattsliga-fragor/index.html");
    assert!(
        linked.contains("hanvisningar-rubrik"),
        "backlinks on articles"
    );

    // The accessibility statement.
    let statement = hub.output("tillganglighet/index.html");
    assert!(statement.contains("<strong>delvis förenlig</strong>"));
}
