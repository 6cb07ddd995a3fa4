//! What each fuzz target runs, one function per target, taking the fuzzer's bytes.
//!
//! The targets in `fuzz_targets/` only call these, and `tests/fuzz_regressions.rs` (at the
//! root, on stable) includes this file and runs every saved reproducer through the same
//! functions, so a crash found here stays fixed. Only `kunskapsnav` and
//! `kunskapsnav-search` are used: nothing here may need libFuzzer.
//!
//! Besides "does not panic", each function asserts cheap invariants of the output; a
//! failed assertion is a crash like any other.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use kunskapsnav::diagnostics::Diagnostic;
use kunskapsnav::load::content::{decode_text, parse_page_text, Page};
use kunskapsnav::parse::glossary::Glossary;
use kunskapsnav::parse::markdown;
use kunskapsnav::parse::shortcode::{self, MARK};
use kunskapsnav::parse::{parse_body, Resolved};
use kunskapsnav::stats::{table, Stats};
use kunskapsnav_search::{build_index, SearchDoc, SearchIndex};

/// Where the fuzzed file pretends to live, per page kind its folder implies.
const CONTENT_PATHS: [&str; 5] = [
    "artiklar/fuzz.md",
    "rattsfall/fuzz.md",
    "ordlista/fuzz.md",
    "fuzz.md",
    "artiklar/_index.md",
];

/// A diagnostic must name its file, say something, and render both ways. When it names a
/// line of a known text, that line exists (one past the end is allowed: "at the end").
fn check_diagnostic(d: &Diagnostic, file: &Path, text: Option<&str>) {
    assert_eq!(d.file, file, "diagnostic names another file: {d:?}");
    assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
    // The human format may cut a long message; it starts as written.
    let human = d.render_human();
    let start: String = d.message.chars().take(40).collect();
    assert!(human.contains(start.as_str()), "{human}");
    let json = d.render_json();
    assert!(json.starts_with('{'), "JSON diagnostic: {json}");
    if let Some(text) = text {
        let lines = text.lines().count();
        assert!(
            d.line <= lines + 1,
            "line {} of a {lines}-line file: {d:?}",
            d.line
        );
    }
}

// ---------------------------------------------------------------------------------------
// front_matter

/// A content file's bytes: decoded as `content::load` decodes them, then split and typed
/// as each page kind (article, ruling, term, page, section). Term pages also build a
/// glossary. Every error is a diagnostic at a line of the file.
pub fn front_matter(data: &[u8]) {
    let file = PathBuf::from("content/fuzz.md");
    let text = match decode_text(data.to_vec(), &file) {
        Ok(t) => t,
        Err(d) => {
            check_diagnostic(&d, &file, None);
            assert!(
                std::str::from_utf8(data).is_err(),
                "valid UTF-8 refused: {d:?}"
            );
            return;
        }
    };
    assert!(!text.contains('\r'), "a CR survived decoding");
    for content_path in CONTENT_PATHS {
        match parse_page_text(text.clone(), file.clone(), content_path) {
            Ok(page) => check_page(&page, &text),
            Err(d) => check_diagnostic(&d, &file, Some(&text)),
        }
    }
}

fn check_page(page: &Page, text: &str) {
    assert!(!page.meta.title.trim().is_empty());
    assert!(text.ends_with(page.body()));
    assert!(text.contains(page.yaml()));
    assert!(page.path.is_empty() || page.path.ends_with('/'));
    assert!(!page.path.starts_with('/'), "path {:?}", page.path);
    for key in ["title", "summary", "slug", "forms", "audience"] {
        let _ = page.key_position(key);
        let _ = page.value_position(key, "x");
    }
    if page.term.is_some() {
        let (_, diags) = Glossary::build(std::slice::from_ref(page));
        for d in &diags {
            check_diagnostic(d, &page.file, Some(text));
        }
    }
}

// ---------------------------------------------------------------------------------------
// markdown

/// Glossary term pages for the `markdown` target, built once.
fn glossary() -> &'static (Vec<Page>, Arc<Glossary>) {
    static GLOSSARY: OnceLock<(Vec<Page>, Arc<Glossary>)> = OnceLock::new();
    GLOSSARY.get_or_init(|| {
        let terms = [
            ("koppleri", "[]"),
            ("människohandel", "[människohandeln, trafficking]"),
            ("EU", "[EU-medborgare]"),
            ("sexköp", "[köp av sexuell tjänst]"),
            ("İstanbul", "[ǅ, ß]"),
        ];
        let pages: Vec<Page> = terms
            .iter()
            .enumerate()
            .filter_map(|(i, (title, forms))| {
                let text = format!("---\ntitle: {title}\nsummary: s\nforms: {forms}\n---\nx\n");
                parse_page_text(
                    text,
                    PathBuf::from(format!("content/ordlista/t{i}.md")),
                    &format!("ordlista/t{i}.md"),
                )
                .ok()
            })
            .collect();
        let (g, _) = Glossary::build(&pages);
        (pages, Arc::new(g))
    })
}

/// A Markdown body with shortcodes: `shortcode::extract`, then the one parse
/// (`parse::parse_body`, glossary mentions marked) and its HTML with links, citations
/// and glossary terms resolved, with raw HTML both refused and allowed. With raw HTML
/// refused no script element and no `javascript:` URL may come out.
pub fn markdown(data: &[u8]) {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let (prepared, shortcodes, errors) = shortcode::extract(body);
    let lines = body.split_inclusive('\n').count().max(1);
    assert_eq!(
        prepared.matches(MARK).count(),
        2 * shortcodes.len(),
        "placeholders do not match the shortcodes found"
    );
    for (i, sc) in shortcodes.iter().enumerate() {
        assert!(sc.line >= 1 && sc.line <= lines && sc.column >= 1, "{sc:?}");
        assert!(prepared.contains(&shortcode::placeholder(i)));
    }
    for e in &errors {
        assert!(e.line >= 1 && e.line <= lines && e.column >= 1, "{e:?}");
    }
    let (pages, g) = glossary();
    for allow_html in [false, true] {
        let opts = markdown::options(allow_html);
        let parsed = parse_body(body, Some(g), &opts);
        assert_eq!(parsed.shortcodes, shortcodes);
        let analysis = &parsed.analysis;
        let mut ids = HashSet::new();
        for h in &analysis.headings {
            assert!(!h.id.is_empty(), "empty heading id: {h:?}");
            assert!(ids.insert(h.id.as_str()), "duplicate heading id {:?}", h.id);
            assert!((1..=6).contains(&h.level));
        }
        let _ = markdown::toc(&analysis.headings);
        let mut resolved = Resolved::default();
        for l in &analysis.links {
            if l.target.ends_with(".md") || l.target.contains(".md#") {
                resolved
                    .links
                    .insert(l.target.clone(), "/artiklar/x/".into());
            }
        }
        for c in &analysis.citations {
            resolved.citations.insert(
                c.target.clone(),
                (
                    "/rattsfall/x/".into(),
                    format!("Lycksele tingsrätt, dom i mål {}", c.target),
                ),
            );
        }
        for &e in &parsed.mentions {
            let url = format!("/kunskap/{}", pages[g.entries[e].page].path);
            resolved.glossary.insert(e, (url, None));
        }
        let html = parsed.html_resolved(&resolved, allow_html);
        assert!(!html.contains('\0'), "an unfilled slot in {html}");
        assert!(!parsed.text.contains('\0'));
        if !allow_html {
            check_safe_html(&html);
        }
    }
}

/// No script element and no `javascript:`-like URL in an `href` or `src`.
fn check_safe_html(html: &str) {
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "script element in {html}");
    for attr in ["href=\"", "src=\""] {
        for (i, _) in lower.match_indices(attr) {
            let value = &lower[i + attr.len()..];
            let value = &value[..value.find('"').unwrap_or(value.len())];
            // Browsers drop white space and control characters in a scheme.
            let scheme: String = value
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                .take(16)
                .collect();
            for bad in ["javascript:", "vbscript:", "data:text/html"] {
                assert!(!scheme.starts_with(bad), "{bad} URL in {html}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// dataset

/// The `id:` written in a dataset, so the file name matches it (a mismatch is an error and
/// would stop the dataset before its charts).
fn written_id(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("id:"))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
        .filter(|v| !v.is_empty() && !v.contains(['/', '\\']))
        .unwrap_or_else(|| "fuzz".into())
}

/// Row labels a `chart(rows=…)` may name.
fn row_labels(d: &kunskapsnav::stats::Dataset) -> Vec<String> {
    let data = &d.data;
    let mut out: Vec<String> = Vec::new();
    if let Some(t) = &data.table {
        out.extend(
            t.groups
                .iter()
                .flat_map(|g| g.rows.iter().map(|r| r.label.clone())),
        );
    }
    if let Some(b) = &data.breakdown {
        out.extend(b.items.iter().map(|i| i.label.clone()));
    }
    if let Some(s) = &data.series {
        out.extend(s.series.iter().map(|x| x.label.clone()));
    }
    if let Some(c) = &data.chain {
        out.extend(c.steps.iter().map(|x| x.label.clone()));
    }
    out
}

/// A dataset file as `Stats::load` reads it: `content::decode_text`, then `Stats::parse`
/// (typed YAML, every check of `stats::validate`, totals against their parts); when it is
/// valid, its table (HTML and CSV) and its chart in every kind its shape allows, whole and
/// filtered to some rows.
pub fn dataset(data: &[u8]) {
    let stem = written_id(&String::from_utf8_lossy(data));
    let rel = PathBuf::from(format!("data/statistik/{stem}.yaml"));
    // `Stats::load` reads datasets as content files are read (UTF-8 checked, BOM and
    // CR/CRLF line ends normalised) before parsing them.
    let text = match decode_text(data.to_vec(), &rel) {
        Ok(t) => t,
        Err(d) => {
            check_diagnostic(&d, &rel, None);
            return;
        }
    };
    let text = text.as_str();
    let (ds, diags) = match Stats::parse(&rel, text, &stem) {
        Ok(r) => r,
        Err(diags) => {
            assert!(!diags.is_empty(), "a dataset failed without a diagnostic");
            for d in &diags {
                check_diagnostic(d, &rel, Some(text));
            }
            return;
        }
    };
    for d in &diags {
        check_diagnostic(d, &rel, Some(text));
    }
    if diags.iter().any(Diagnostic::is_error) {
        return;
    }
    let grid = table::grid(&ds.data, None);
    let html = grid.html();
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    let _ = grid.csv();
    let labels = row_labels(&ds);
    let stats = Stats::default();
    let filters: [Option<Vec<String>>; 3] = [
        None,
        Some(Vec::new()),
        Some(labels.iter().take(2).cloned().collect()),
    ];
    for kind in ds.shape.kinds() {
        for rows in &filters {
            if let Some(svg) = stats.svg(&ds, Some(*kind), rows.as_deref(), "fz") {
                assert!(svg.starts_with("<svg"), "{svg}");
                assert!(!svg.to_lowercase().contains("<script"), "{svg}");
                check_svg_numbers(&svg);
            }
        }
        let only = labels.first().map(std::slice::from_ref);
        let _ = table::grid(&ds.data, only).html();
    }
}

/// Every coordinate and size in the SVG is a finite number.
fn check_svg_numbers(svg: &str) {
    for attr in [
        " x=\"",
        " y=\"",
        " x1=\"",
        " x2=\"",
        " y1=\"",
        " y2=\"",
        " cx=\"",
        " cy=\"",
        " r=\"",
        " width=\"",
        " height=\"",
        " d=\"",
        " points=\"",
        " viewBox=\"",
    ] {
        for (i, _) in svg.match_indices(attr) {
            let value = &svg[i + attr.len()..];
            let value = &value[..value.find('"').unwrap_or(value.len())];
            let lower = value.to_lowercase();
            assert!(
                !lower.contains("nan") && !lower.contains("inf"),
                "{attr}{value}\" in {svg}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// search_query

fn doc(url: &str, kind: &str, title: &str, body: &str, facets: &[(&str, &str)]) -> SearchDoc {
    let mut d = SearchDoc {
        url: url.into(),
        title: title.into(),
        kind: kind.into(),
        body: body.into(),
        ..SearchDoc::default()
    };
    for (k, v) in facets {
        d.facets
            .entry(k.to_string())
            .or_default()
            .push(v.to_string());
    }
    d
}

/// A tiny index, built once: rulings with case numbers and facets, a provision, articles.
pub fn index() -> Option<&'static SearchIndex> {
    static INDEX: OnceLock<Option<SearchIndex>> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let mut ruling = doc(
                "/rattsfall/lycksele-b-583-23/",
                "rättsfall",
                "Tvångsarbete i bärplockning",
                "Tingsrätten dömde två personer för människohandel med bärplockare. \
                 Arbetarna fick ingen lön och deras pass togs ifrån dem.",
                &[
                    ("court", "Lycksele tingsrätt"),
                    ("year", "2024"),
                    ("provision", "BrB 4:1 a"),
                    ("outcome", "fällande"),
                    ("exploitation", "arbetskraft"),
                ],
            );
            ruling.summary = "Lycksele tingsrätt, dom 2024-07-11 i mål B 583-23.".into();
            ruling.keys = vec!["B 583-23".into()];
            let mut ruling2 = doc(
                "/rattsfall/svea-b-2853-22/",
                "rättsfall",
                "Sexuell exploatering av barn",
                "Hovrätten prövade människohandelsbrott mot ett barn för sexuella ändamål.",
                &[
                    ("court", "Svea hovrätt"),
                    ("instance", "hovrätt"),
                    ("year", "2023"),
                    ("outcome", "fällande"),
                    ("exploitation", "sexuella ändamål"),
                ],
            );
            ruling2.keys = vec!["B 2853-22".into(), "Ö 12-23".into()];
            let mut provision = doc(
                "/lagrum/brb-4-1-b/",
                "lagrum",
                "Människoexploatering",
                "Den som utnyttjar en person i tvångsarbete, arbete under uppenbart orimliga \
                 villkor eller tiggeri döms för människoexploatering.",
                &[],
            );
            provision.keys = vec!["BrB 4:1 b".into()];
            let mut article = doc(
                "/artiklar/arbetskraft/",
                "artikel",
                "Arbete under orimliga villkor",
                "Arbetskraftsexploatering förekommer i bygg, städ och jordbruk. Offren har \
                 ofta skulder. <script>alert(1)</script> & \"citat\" 5 % > 3",
                &[("audience", "yrkesverksamma"), ("audience", "allmänhet")],
            );
            article.headings = vec!["Tecken att vara uppmärksam på".into()];
            let term = doc(
                "/ordlista/tiggeri/",
                "ordlista",
                "Tiggeri",
                "Att be om pengar på allmän plats. Ünïcödé ǅ ß İ ﬁ.",
                &[],
            );
            let (parts, _) = build_index(&[ruling, ruling2, provision, article, term]).ok()?;
            SearchIndex::from_parts(parts).ok()
        })
        .as_ref()
}

/// A query as a visitor types it: the first line is the query, each further line a
/// `facet=value` filter as the page's filter controls send them; the input's length picks
/// the page size and offset. Runs `query::parse` alone and the whole search (analysis,
/// expansion, tantivy, facets, snippets) on a small in-memory index.
pub fn search_query(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = input.split('\n');
    let query = lines.next().unwrap_or("");
    let filters: Vec<(String, String)> = lines
        .take(8)
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let parsed = kunskapsnav_search::query::parse(query);
    assert!(
        parsed.words.len()
            + parsed.phrases.len()
            + parsed.excluded.len()
            + parsed.identifiers.len()
            <= kunskapsnav_search::MAX_QUERY_TERMS,
        "too many clauses: {parsed:?}"
    );
    let _ = kunskapsnav_search::keys::find_identifiers(query);
    let Some(index) = index() else {
        panic!("the fuzz index does not build");
    };
    let limit = data.len() % 12;
    let offset = (data.len() / 12 % 3) * 2;
    let results = index.search_page(query, &filters, limit, offset);
    assert!(results.hits.len() <= limit.clamp(1, kunskapsnav_search::MAX_LIMIT));
    assert!(results.total >= results.hits.len());
    let mut seen = HashSet::new();
    for hit in &results.hits {
        assert!(seen.insert(hit.url.as_str()), "hit twice: {}", hit.url);
        assert!(hit.score.is_finite(), "score {}", hit.score);
        // The snippet is escaped HTML: the only tags are the highlights.
        let bare = hit
            .snippet_html
            .replace("<mark>", "")
            .replace("</mark>", "");
        assert!(
            !bare.contains('<'),
            "unescaped snippet {:?}",
            hit.snippet_html
        );
    }
}
