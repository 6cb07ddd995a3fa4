//! The hostile input catalogue of issue #10: each input below, built into a small site by
//! the real binary, must end in a clear diagnostic (file, line where there is one, and a
//! useful message) or a safe result. Never a panic (exit 101), never a hang (every run
//! is killed after [`LIMIT`] and the test fails), and never a half-written output: a
//! refused input is added to a site that built, and the failed build must leave that
//! output byte for byte as it was, with no staging folder behind ([`refused_after`]).
//! Big inputs are generated here at run time; nothing large is committed.
//!
//! Catalogue → test (`file::name`; this file unless another is named):
//!
//! Front matter
//! - YAML alias bomb ("billion laughs") ...... `front_matter_alias_bomb_is_refused_quickly`,
//!   `dataset_alias_bomb_is_refused_quickly`; unit: `yaml::tests::an_alias_bomb_is_refused_before_it_expands`
//! - deeply nested structures ................ `deeply_nested_yaml_is_refused_quickly`; unit:
//!   `yaml::tests::deep_flow_nesting_is_refused_before_libyaml_sees_it`
//! - 10 MB strings ........................... `a_10_mb_front_matter_string_is_refused`
//! - tabs .................................... `tabs_in_front_matter_are_reported_with_a_hint`
//! - a BOM, CRLF line endings ................ `engine::crlf_line_endings_and_a_bom_are_accepted` (content);
//!   `a_bom_and_crlf_or_cr_line_endings_are_accepted_everywhere` (config, dataset, CR-only)
//! - duplicate keys .......................... `a_duplicate_key_is_reported_where_it_repeats`
//!
//! Markdown
//! - 10 000 nested lists ..................... `ten_thousand_nested_lists_build`
//! - 10 000 nested blockquotes ............... `ten_thousand_nested_blockquotes_build`
//! - a 50 MB file ............................ `a_50_mb_file_is_refused`
//! - a 1 MB single line ...................... `a_1_mb_single_line_builds`, `an_error_on_a_1_mb_line_is_shown_as_an_excerpt`
//! - unbalanced shortcodes ................... `unbalanced_shortcodes_are_reported_at_their_line`
//! - shortcodes with unknown arguments ....... `stats::a_shortcode_naming_a_missing_row_or_column_is_an_error_at_its_line`;
//!   `shortcodes_with_unknown_or_repeated_arguments_are_reported`
//! - `javascript:` and `data:` links ......... `javascript_and_data_urls_are_refused`,
//!   `javascript_urls_are_refused_even_when_raw_html_is_allowed`
//! - raw `<script>`, `<iframe>`, handlers .... `engine::raw_html_and_template_syntax_in_content_stay_inert`;
//!   `raw_html_is_escaped_by_default`, `raw_html_when_allowed_refuses_scripts_frames_forms_and_handlers`
//! - template syntax in content .............. `template_syntax_in_content_is_never_evaluated`
//! - template syntax in front matter ......... `template_syntax_in_front_matter_is_shown_literally`
//!
//! Files
//! - invalid UTF-8 ........................... `engine::invalid_utf8_is_reported_with_its_position` (content);
//!   `invalid_utf8_in_a_dataset_or_the_configuration_is_reported_with_its_position`,
//!   `a_file_name_that_is_not_utf8_builds_with_a_folded_url`
//! - a symlink loop in content/ .............. `a_symlink_loop_in_content_is_reported`
//! - a symlink out of the site root .......... `a_symlink_out_of_the_site_is_refused`
//! - unreadable files ........................ `an_unreadable_file_is_reported` (skipped, with a note, where
//!   permissions cannot stop the test from reading: root); `fifos_do_not_hang_the_build`
//! - a file deleted while the build runs ..... `a_listed_file_that_vanished_is_a_diagnostic` (library),
//!   `a_dangling_symlink_is_reported`, `files_deleted_during_builds_never_crash_them`
//! - two files mapping to one URL ............ `engine::two_pages_with_the_same_url_are_reported` (slug);
//!   `names_that_fold_to_one_url_are_reported` (letter case, å/ä/ö, folders, a file beside a page)
//!
//! Data (`data/statistik/`)
//! - numbers as strings ...................... `stats::a_count_written_as_text_is_an_error`;
//!   `numbers_written_as_text_are_refused`
//! - NaN ..................................... `stats::nan_is_not_a_count`; `nan_and_infinity_are_refused`
//! - negative counts ......................... `stats::a_negative_count_is_an_error_at_its_line`;
//!   `negative_counts_are_refused_in_every_shape`
//! - counts too large to add up .............. `a_count_too_large_to_add_up_is_refused`
//! - 10 000 columns .......................... `a_table_with_10_000_columns_builds_quickly`
//!
//! Search (the `kunskapsnav search` CLI on a built site; the engine's own tests are in
//! crates/search)
//! - huge queries ............................ `search_caps_a_huge_query`
//! - empty queries ........................... `search_asks_for_words_when_the_query_is_empty`
//! - only operators .......................... `search_explains_a_query_of_only_operators`

mod common;
use common::{Run, TestSite};
use std::collections::BTreeMap;
use std::io::Read;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Longest any one run may take before it counts as a hang (debug builds, a busy machine).
const LIMIT: Duration = Duration::from_secs(30);

const FRONT: &str =
    "title: \"Fientlig\"\nsummary: \"Kort.\"\nupdated: 2024-12-01\naudience: [allmänhet]";

/// A content file; with [`FRONT`], the body's first line is line 8 of the file.
fn article(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n\n{body}\n")
}

/// Run the binary on `site`, killed after [`LIMIT`]; it must not panic.
fn run(site: &TestSite, args: &[&str]) -> (Run, Duration) {
    let started = Instant::now();
    let mut child = Command::new(common::BIN)
        .args(args)
        .arg("--root")
        .arg(site.root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kunskapsnav");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for kunskapsnav") {
            break status;
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`kunskapsnav {}` did not finish within {LIMIT:?}: it hangs",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let run = Run::from(Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    });
    assert!(
        run.code != 101 && !run.stderr.contains("panicked"),
        "`kunskapsnav {}` panicked:\n{}",
        args.join(" "),
        run.stderr
    );
    (run, started.elapsed())
}

fn build(site: &TestSite) -> Run {
    run(site, &["build"]).0
}

/// Every file of `public/` and a hash of its bytes.
fn snapshot(site: &TestSite) -> BTreeMap<String, u64> {
    use std::hash::{Hash, Hasher};
    let root = site.path("public");
    walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::fs::read(e.path()).expect("read output").hash(&mut h);
            let rel = e.path().strip_prefix(&root).expect("inside public/");
            (rel.to_string_lossy().into_owned(), h.finish())
        })
        .collect()
}

/// Build `site` as it is (it must build), let `hostile` change it, build again: that
/// build must fail with an error at `file_line` containing `fragment` and leave the
/// first output exactly as it was. Returns the failed run and how long it took.
#[track_caller]
fn refused_after(
    site: &TestSite,
    hostile: impl FnOnce(&TestSite),
    file_line: &str,
    fragment: &str,
) -> (Run, Duration) {
    build(site).assert_ok();
    let before = snapshot(site);
    assert!(
        before.contains_key("index.html"),
        "the first build wrote no site"
    );
    hostile(site);
    let (failed, took) = run(site, &["build"]);
    failed.assert_error_at(file_line, fragment);
    assert!(
        failed.stderr.contains("previous output was left untouched"),
        "{}",
        failed.stderr
    );
    assert!(snapshot(site) == before, "the failed build changed public/");
    let staging: Vec<_> = std::fs::read_dir(site.root())
        .expect("site folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(staging.is_empty(), "a staging folder was left behind");
    (failed, took)
}

/// [`refused_after`] for one file written into the site.
#[track_caller]
fn refused(
    site: &TestSite,
    rel: &str,
    content: impl AsRef<[u8]>,
    file_line: &str,
    fragment: &str,
) -> (Run, Duration) {
    refused_after(
        site,
        |s| {
            s.write(rel, content);
        },
        file_line,
        fragment,
    )
}

/// Build a site that must build, within the limit; return the run and its duration.
#[track_caller]
fn builds(site: &TestSite) -> (Run, Duration) {
    let (r, took) = run(site, &["build"]);
    r.assert_ok();
    (r, took)
}

fn with_config(site: &TestSite, extra: &str) {
    let cfg = std::fs::read_to_string(site.path("kunskapsnav.yaml")).expect("config");
    site.write("kunskapsnav.yaml", format!("{cfg}\n{extra}"));
}

/// The article part of a built page (the theme around it holds its own markup).
fn prose(site: &TestSite, rel: &str) -> String {
    let html = site.output(rel);
    let start = html.find("<div class=\"prose\">").unwrap_or(0);
    let end = html[start..]
        .find("</article>")
        .map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

// ---- Front matter ----

#[test]
fn front_matter_alias_bomb_is_refused_quickly() {
    // 56 kB: one 20 kB title repeated 12 000 times as tags is 240 MB of text.
    let front = format!(
        "title: &t \"{}\"\nsummary: \"Kort.\"\nupdated: 2024-12-01\naudience: [allmänhet]\ntags: [{}]",
        "x".repeat(20_000),
        vec!["*t"; 12_000].join(",")
    );
    let site = TestSite::fixture("basic");
    let (r, took) = refused(
        &site,
        "content/artiklar/bomb.md",
        article(&front, "Text."),
        "content/artiklar/bomb.md:2",
        "the YAML expands to too many values",
    );
    assert!(r.stderr.contains("aliases (`*name`)"), "{}", r.stderr);
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn dataset_alias_bomb_is_refused_quickly() {
    // 34 kB: a row of 1 000 values, 1 000 rows of it, 1 000 groups of those.
    let mut yaml = String::from("id: bomb\ntitle: Bomb\ndescription: x\nunit: st\nperiod: \"2023\"\nsource:\n  organisation: A\n  publication: B\n  location: C\n  cited_in: D\nchart: bar\ntable:\n  columns: [{id: a, label: A}]\n  groups:\n");
    yaml.push_str(&format!(
        "    - {{label: \"g\", rows: &r [&x {{label: \"x\", values: &v [{}]}}, {}]}}\n",
        vec!["1"; 1000].join(","),
        vec!["*x"; 999].join(",")
    ));
    yaml.push_str(&"    - {label: \"h\", rows: *r}\n".repeat(1000));
    let site = TestSite::fixture("stats");
    let (_, took) = refused(
        &site,
        "data/statistik/bomb.yaml",
        yaml,
        "data/statistik/bomb.yaml:15",
        "the YAML expands to too many values",
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn deeply_nested_yaml_is_refused_quickly() {
    // libyaml's scanner is quadratic in the nesting of `[` and `{`: 40 000 levels in a
    // dataset took 23 s, a megabyte of them would take hours.
    let lists = format!(
        "{FRONT}\ntags: {}x{}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let maps = format!(
        "title: {}x{}\nsummary: \"Kort.\"\nupdated: 2024-12-01\naudience: [allmänhet]",
        "{a: ".repeat(10_000),
        "}".repeat(10_000)
    );
    let block = format!("{FRONT}\ntags:\n{}x", "- ".repeat(10_000));
    let site = TestSite::fixture("stats");
    let (r, took) = refused_after(
        &site,
        |s| {
            s.write("content/artiklar/listor.md", article(&lists, "Text."));
            s.write("content/artiklar/kartor.md", article(&maps, "Text."));
            s.write("content/artiklar/block.md", article(&block, "Text."));
            let kon = std::fs::read_to_string(s.path(KON)).expect("kon.yaml");
            s.write(
                KON,
                format!(
                    "{kon}notes: {}x{}\n",
                    "[".repeat(40_000),
                    "]".repeat(40_000)
                ),
            );
        },
        "content/artiklar/listor.md:6:71",
        "the YAML nests `[…]` and `{…}` more than 64 levels deep",
    );
    r.assert_error_at(
        "content/artiklar/kartor.md:2:264",
        "more than 64 levels deep",
    )
    .assert_error_at("content/artiklar/block.md:7", "wrong type")
    .assert_error_at(&format!("{KON}:19:72"), "more than 64 levels deep");
    assert!(
        r.stderr.contains("write lists and maps as indented lines"),
        "{}",
        r.stderr
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // The 20 kB lines are shown cut around the column, not whole.
    assert!(
        r.stderr.len() < 5_000,
        "{} bytes of messages",
        r.stderr.len()
    );
}

#[test]
fn a_10_mb_front_matter_string_is_refused() {
    let front = format!(
        "title: \"Stor\"\nsummary: \"{}\"\nupdated: 2024-12-01\naudience: [allmänhet]",
        "å".repeat(5 * 1024 * 1024)
    );
    let site = TestSite::fixture("basic");
    let (r, _) = refused(
        &site,
        "content/artiklar/stor.md",
        article(&front, "Text."),
        "content/artiklar/stor.md:3:1",
        "the front matter is 10240 KB, more than the 64 KB it may be",
    );
    assert!(
        r.stderr.contains("put long text in the body"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.len() < 5_000,
        "{} bytes of messages",
        r.stderr.len()
    );
}

#[test]
fn tabs_in_front_matter_are_reported_with_a_hint() {
    let site = TestSite::fixture("basic");
    // A tab between a key and its value is plain YAML, and builds.
    site.write(
        "content/artiklar/tabb-ok.md",
        "---\ntitle:\t\"Tabb efter kolon\"\nsummary: \"Kort.\"\nupdated: 2024-12-01\naudience: [allmänhet]\n---\n\nText.\n",
    );
    let (r, _) = refused(
        &site,
        "content/artiklar/tabb.md",
        "---\ntitle: \"Tabb\"\nsummary: \"Kort.\"\nupdated: 2024-12-01\naudience:\n\t- allmänhet\n---\n\nText.\n",
        "content/artiklar/tabb.md:6:1",
        "",
    );
    assert!(
        r.stderr
            .contains("hint: YAML is indented with spaces; this line is indented with a tab"),
        "{}",
        r.stderr
    );
    assert!(site
        .output("artiklar/tabb-ok/index.html")
        .contains("<h1>Tabb efter kolon</h1>"));
}

#[test]
fn a_bom_and_crlf_or_cr_line_endings_are_accepted_everywhere() {
    let site = TestSite::fixture("stats");
    let crlf = |rel: &str| {
        let text = std::fs::read_to_string(site.path(rel)).expect(rel);
        site.write(rel, format!("\u{feff}{}", text.replace('\n', "\r\n")));
    };
    crlf("kunskapsnav.yaml");
    crlf("data/statistik/kon.yaml");
    site.write(
        "content/cr.md",
        "\u{feff}---\rtitle: \"Gammal Mac\"\rsummary: \"Radslut med bara CR.\"\r---\r\r## Rubrik\r\rText.\r",
    );
    builds(&site);
    assert!(site
        .output("statistik/kon/index.html")
        .contains("Kvinnor eller flickor"));
    assert!(site
        .output("cr/index.html")
        .contains("<h2 id=\"rubrik\">Rubrik</h2>"));
}

#[test]
fn a_duplicate_key_is_reported_where_it_repeats() {
    let site = TestSite::fixture("basic");
    let (r, _) = refused(
        &site,
        "content/artiklar/dubbel.md",
        article(&format!("{FRONT}\ntitle: \"Igen\""), "Text."),
        "content/artiklar/dubbel.md:6:1",
        "duplicate field `title`",
    );
    assert!(
        r.stderr.contains("each key may appear only once"),
        "{}",
        r.stderr
    );
}

// ---- Markdown ----

#[test]
fn ten_thousand_nested_lists_build() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/listor.md",
        article(
            FRONT,
            &format!(
                "{}punkt\n\n{}nummer",
                "- ".repeat(10_000),
                "1. ".repeat(10_000)
            ),
        ),
    );
    builds(&site);
    let html = prose(&site, "artiklar/listor/index.html");
    assert!(html.contains("punkt") && html.contains("nummer"), "{html}");
    // comrak nests lists about a hundred deep; the markers beyond stay text.
    assert!(html.matches("<ul>").count() >= 50, "lists were dropped");
    assert!(html.len() < 200_000, "{} bytes", html.len());
}

#[test]
fn ten_thousand_nested_blockquotes_build() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/citat.md",
        article(
            FRONT,
            &format!(
                "{} djup\n\n{}blandat",
                ">".repeat(10_000),
                "> - ".repeat(5_000)
            ),
        ),
    );
    builds(&site);
    let html = prose(&site, "artiklar/citat/index.html");
    assert!(html.contains("djup") && html.contains("blandat"), "{html}");
}

#[test]
fn a_50_mb_file_is_refused() {
    let paragraph =
        "Människohandel är ett allvarligt brott som drabbar många. ".repeat(10) + "\n\n";
    let mut text = article(FRONT, "");
    let size = 50 * 1024 * 1024;
    while text.len() < size {
        text.push_str(&paragraph);
    }
    let mut cut = size;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    let site = TestSite::fixture("basic");
    let (_, took) = refused(
        &site,
        "content/artiklar/enorm.md",
        text,
        "content/artiklar/enorm.md: error: the file is 50 MB",
        "more than the 16 MB a text file may be",
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn a_1_mb_single_line_builds() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/lang.md",
        article(FRONT, &"ord ".repeat(256 * 1024)),
    );
    builds(&site);
    let html = prose(&site, "artiklar/lang/index.html");
    assert!(html.len() > 1024 * 1024 && html.contains("ord ord"));
}

#[test]
fn an_error_on_a_1_mb_line_is_shown_as_an_excerpt() {
    let site = TestSite::fixture("basic");
    let line = format!("{}[trasig](saknas.md)", "ord ".repeat(256 * 1024));
    let (r, _) = refused(
        &site,
        "content/artiklar/lang.md",
        article(FRONT, &line),
        "content/artiklar/lang.md:8:1048577",
        "points to content/artiklar/saknas.md, which does not exist",
    );
    assert!(
        r.stderr.len() < 5_000,
        "{} bytes of messages",
        r.stderr.len()
    );
    assert!(
        r.stderr.contains("8 | …") && r.stderr.contains("ord ord [trasig](saknas.md)\n"),
        "{}",
        r.stderr
    );
    let (json, _) = run(&site, &["check", "--format", "json"]);
    let v: serde_json::Value =
        serde_json::from_str(json.stderr.lines().next().unwrap_or_default()).expect("JSON");
    assert_eq!(
        (v["line"].as_u64(), v["column"].as_u64()),
        (Some(8), Some(1_048_577))
    );
}

#[test]
fn unbalanced_shortcodes_are_reported_at_their_line() {
    let body = [
        "{{ chart(dataset=\"kon\")", // 8: never closed
        "",
        "{{ stat(dataset=\"kon\" }}", // 10: `)` missing
        "",
        "{{ stat(dataset=\"kon) }}", // 12: quote never closed
        "",
        "{{{{ }}}}", // 14
        "",
        "}} ensamma klamrar {{", // 16: `}}` alone is text; `{{` is not closed
        "",
        &"{{ ".repeat(100_000), // 18: 300 kB of openings
    ]
    .join("\n");
    let site = TestSite::fixture("stats");
    let (r, took) = refused(
        &site,
        "content/artiklar/klamrar.md",
        article(FRONT, &body),
        "content/artiklar/klamrar.md:8:1",
        "shortcode is not closed with `}}`",
    );
    r.assert_error_at("content/artiklar/klamrar.md:10:1", "not closed with `)`")
        .assert_error_at("content/artiklar/klamrar.md:12:1", "has no closing quote")
        .assert_error_at("content/artiklar/klamrar.md:14:1", "is not a shortcode")
        .assert_error_at("content/artiklar/klamrar.md:16:20", "not closed")
        .assert_error_at("content/artiklar/klamrar.md:18:1", "not closed");
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[test]
fn shortcodes_with_unknown_or_repeated_arguments_are_reported() {
    let body = [
        "{{ chart(dataset=\"kon\", farg=\"röd\") }}", // 8
        "",
        "{{ stat(dataset=\"kon\", row=\"Män eller pojkar\", row=\"x\") }}", // 10
        "",
        "{{ stat(dataset=\"kon\", row=\"Män eller pojkar\", format=\"x\") }}", // 12
        "",
        "{{ stat(dataset=\"kon\", row) }}", // 14
        "",
        &format!(
            "{{{{ stat(dataset=\"kon\", row=\"{}\") }}}}",
            "x".repeat(100_000)
        ), // 16
    ]
    .join("\n");
    let site = TestSite::fixture("stats");
    let (r, _) = refused(
        &site,
        "content/artiklar/argument.md",
        article(FRONT, &body),
        "content/artiklar/argument.md:8:1",
        "`chart` has no argument `farg`",
    );
    r.assert_error_at(
        "content/artiklar/argument.md:10:1",
        "argument `row` is given twice",
    )
    .assert_error_at(
        "content/artiklar/argument.md:12:1",
        "`stat` has no argument `format`",
    )
    .assert_error_at(
        "content/artiklar/argument.md:14:1",
        "argument `row` of `stat` has no `=\"value\"`",
    )
    .assert_error_at(
        "content/artiklar/argument.md:16:1",
        "the dataset `kon` has no ",
    );
    // A runaway value is not echoed whole.
    assert!(
        r.stderr.len() < 20_000,
        "{} bytes of messages",
        r.stderr.len()
    );
}

/// Each refused URL on its own line; `[d][ref]` is defined on line 26.
const HOSTILE_LINKS: &str = "[a](javascript:alert(1))

[b](JaVaScRiPt:alert(1))

[c](&#106;avascript:alert(1))

<javascript:alert(1)>

[d][ref]

[e](data:text/html;base64,PHNjcmlwdD4=)

![f](data:image/svg+xml;base64,PHN2Zz4=)

[g](vbscript:msgbox(1))

[h](file:///etc/passwd)

[ref]: javascript:alert(1)";

#[track_caller]
fn assert_links_refused(r: &Run, file: &str) {
    for (line, what) in [
        (8, "the link `javascript:alert(1)` uses `javascript:`"),
        (10, "the link `JaVaScRiPt:alert(1)` uses `javascript:`"),
        (12, "the link `javascript:alert(1)` uses `javascript:`"),
        (14, "the link `javascript:alert(1)` uses `javascript:`"),
        (16, "the link `javascript:alert(1)` uses `javascript:`"),
        (
            18,
            "the link `data:text/html;base64,PHNjcmlwdD4=` uses `data:`",
        ),
        (
            20,
            "the image `data:image/svg+xml;base64,PHN2Zz4=` uses `data:`",
        ),
        (22, "the link `vbscript:msgbox(1)` uses `vbscript:`"),
        (24, "the link `file:///etc/passwd` uses `file:`"),
    ] {
        r.assert_error_at(&format!("{file}:{line}:1"), what);
    }
    assert!(r.stderr.contains("hint: link to a page"), "{}", r.stderr);
}

#[test]
fn javascript_and_data_urls_are_refused() {
    let site = TestSite::fixture("basic");
    // A small data: image (PNG) is allowed, as the Content-Security-Policy allows it.
    site.write(
        "content/artiklar/bild.md",
        article(
            FRONT,
            "![punkt](data:image/png;base64,iVBORw0KGgo=) och [webb](https://bra.se/)",
        ),
    );
    let (r, _) = refused(
        &site,
        "content/artiklar/lankar.md",
        article(FRONT, HOSTILE_LINKS),
        "content/artiklar/lankar.md:8:1",
        "which is refused",
    );
    assert_links_refused(&r, "content/artiklar/lankar.md");
    assert!(prose(&site, "artiklar/bild/index.html")
        .contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"punkt\" />"));
}

#[test]
fn javascript_urls_are_refused_even_when_raw_html_is_allowed() {
    let site = TestSite::fixture("basic");
    with_config(&site, "markdown:\n  allow_html: true\n");
    let (r, _) = refused(
        &site,
        "content/artiklar/lankar.md",
        article(FRONT, HOSTILE_LINKS),
        "content/artiklar/lankar.md:8:1",
        "which is refused",
    );
    assert_links_refused(&r, "content/artiklar/lankar.md");
}

#[test]
fn raw_html_is_escaped_by_default() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/html.md",
        article(
            FRONT,
            "<script>alert(1)</script>\n\n<iframe src=\"https://evil.example/\"></iframe>\n\nText <img src=\"x.png\" onerror=\"alert(2)\"> <a href=\"javascript:alert(3)\">x</a> <form action=\"https://evil.example/\"><input name=\"p\"></form>",
        ),
    );
    builds(&site);
    let html = prose(&site, "artiklar/html/index.html");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    for tag in [
        "<script",
        "<iframe",
        "<img",
        "<form",
        "<input",
        "href=\"javascript",
    ] {
        assert!(!html.contains(tag), "{tag} in {html}");
    }
}

#[test]
fn raw_html_when_allowed_refuses_scripts_frames_forms_and_handlers() {
    let site = TestSite::fixture("basic");
    with_config(&site, "markdown:\n  allow_html: true\n");
    // Allowed raw HTML that formats text builds, unescaped.
    site.write(
        "content/artiklar/ok.md",
        article(
            FRONT,
            "<details><summary>Mer</summary>\n\nDold text med <kbd>Ctrl</kbd>.\n\n</details>",
        ),
    );
    let body = [
        "<script>alert(1)</script>", // 8
        "",
        "<iframe src=\"https://evil.example/\"></iframe>", // 10
        "",
        "Text <img src=\"x.png\" onerror=\"alert(2)\">", // 12
        "",
        "<a href=\"javascript:alert(3)\">a</a>", // 14
        "",
        "<a href=\"&#106;avascript&colon;alert(4)\">b</a>", // 16
        "",
        "<form action=\"https://evil.example/\"><input name=\"p\"></form>", // 18
        "",
        "Bild <svg onload=\"alert(5)\"></svg>", // 20
        "",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">", // 22
        "",
        "<p>Ett <span ONMOUSEOVER=alert(6)>stycke</span></p>", // 24
    ]
    .join("\n");
    let file = "content/artiklar/html.md";
    let (r, _) = refused(
        &site,
        file,
        article(FRONT, &body),
        &format!("{file}:8:1"),
        "raw HTML `<script>` is refused",
    );
    r.assert_error_at(&format!("{file}:10:1"), "raw HTML `<iframe>` is refused")
        .assert_error_at(
            &format!("{file}:12:23"),
            "the event handler `onerror` is refused",
        )
        .assert_error_at(&format!("{file}:14:4"), "`href` uses a `javascript:` URL")
        .assert_error_at(&format!("{file}:16:4"), "`href` uses a `javascript:` URL")
        .assert_error_at(&format!("{file}:18:1"), "raw HTML `<form>` is refused")
        .assert_error_at(
            &format!("{file}:20:11"),
            "the event handler `onload` is refused",
        )
        .assert_error_at(&format!("{file}:22:1"), "raw HTML `<meta>` is refused")
        .assert_error_at(
            &format!("{file}:24:14"),
            "the event handler `onmouseover` is refused",
        );
    assert!(
        r.stderr.contains("hint: raw HTML may format text"),
        "{}",
        r.stderr
    );
    let ok = prose(&site, "artiklar/ok/index.html");
    assert!(
        ok.contains("<details><summary>Mer</summary>") && ok.contains("<kbd>Ctrl</kbd>"),
        "{ok}"
    );
}

#[test]
fn template_syntax_in_content_is_never_evaluated() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/mallar.md",
        article(
            FRONT,
            "Text {% for p in pages %}\\{{ p }}{% endfor %} och \\{{ config }} och `{{ 7*7 }}`.\n\n```\n{{ site.title }} {% include \"base.html\" %}\n```",
        ),
    );
    let (r, _) = refused(
        &site,
        "content/artiklar/okodad.md",
        article(FRONT, "Visa {{ config }} här."),
        "content/artiklar/okodad.md:8:6",
        "`config` is not a shortcode call",
    );
    assert!(
        r.stderr.contains("to show the braces literally write \\{{"),
        "{}",
        r.stderr
    );
    let html = prose(&site, "artiklar/mallar/index.html");
    for literal in [
        "{% for p in pages %}{{ p }}{% endfor %}",
        "{{ config }}",
        "<code>{{ 7*7 }}</code>",
        "{{ site.title }} {% include &quot;base.html&quot; %}",
    ] {
        assert!(html.contains(literal), "{literal} not in {html}");
    }
    assert!(
        !html.contains("Testnavet") && !html.contains("49"),
        "{html}"
    );
}

#[test]
fn template_syntax_in_front_matter_is_shown_literally() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/mall.md",
        article(
            "title: \"Mall {{ config }} {% for x in y %}\"\nsummary: \"{{ site.title }} {% raw %}\"\nupdated: 2024-12-01\naudience: [allmänhet]\ntags: [\"{{ 7*7 }}\"]",
            "Text.",
        ),
    );
    builds(&site);
    let page = site.output("artiklar/mall/index.html");
    for literal in [
        "<h1>Mall {{ config }} {% for x in y %}</h1>",
        "<title>Mall {{ config }} {% for x in y %} – Testnavet</title>",
        "<meta name=\"description\" content=\"{{ site.title }} {% raw %}\">",
        ">{{ 7*7 }}</a>",
    ] {
        assert!(page.contains(literal), "{literal} not in the page");
    }
    assert!(!page.contains(">49<"));
    assert!(site
        .output("atom.xml")
        .contains("Mall {{ config }} {% for x in y %}"));
    assert!(site
        .output("artiklar/index.html")
        .contains("{{ site.title }} {% raw %}"));
}

// ---- Files ----

#[test]
fn invalid_utf8_in_a_dataset_or_the_configuration_is_reported_with_its_position() {
    let site = TestSite::fixture("stats");
    refused_after(
        &site,
        |s| {
            let mut bytes = std::fs::read(s.path(KON)).expect("kon.yaml");
            let at = bytes
                .windows(5)
                .position(|w| w == b"Oviss")
                .expect("Oviss in kon.yaml");
            // `Okänd` with `ä` in Latin-1, as an editor set to Windows-1252 saves it.
            bytes.splice(at..at + 5, *b"Ok\xe4nd");
            s.write(KON, bytes);
        },
        "data/statistik/kon.yaml:16:17",
        "not valid UTF-8 (bad byte 0xe4)",
    );
    let site = TestSite::fixture("stats");
    refused_after(
        &site,
        |s| {
            let mut cfg = std::fs::read(s.path("kunskapsnav.yaml")).expect("config");
            cfg.extend_from_slice(b"organisation: \"Sm\xe5 siffror\"\n");
            s.write("kunskapsnav.yaml", cfg);
        },
        "kunskapsnav.yaml:10:18",
        "not valid UTF-8",
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_builds_with_a_folded_url() {
    use std::os::unix::ffi::OsStrExt;
    let site = TestSite::fixture("basic");
    let name = std::ffi::OsStr::from_bytes(b"bad\xffnamn.md");
    std::fs::write(
        site.path("content/artiklar").join(name),
        article(FRONT, "Text."),
    )
    .expect("write");
    builds(&site);
    assert!(site
        .output("artiklar/bad-namn/index.html")
        .contains("<h1>Fientlig</h1>"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_content_is_reported() {
    use std::os::unix::fs::symlink;
    let site = TestSite::fixture("basic");
    let (r, took) = refused_after(
        &site,
        |s| {
            let dir = s.path("content/artiklar");
            symlink("loop2.md", dir.join("loop1.md")).expect("symlink");
            symlink("loop1.md", dir.join("loop2.md")).expect("symlink");
            symlink(".", dir.join("sjalv")).expect("symlink");
            symlink("..", dir.join("upp")).expect("symlink");
        },
        "content/artiklar/loop1.md",
        "this symlink cannot be followed",
    );
    r.assert_error_at("content/artiklar/loop2.md", "cannot be followed");
    for dir in ["sjalv", "upp"] {
        assert!(
            r.stderr.contains(&format!(
                "content/artiklar/{dir}: warning: symlinked folders are not followed"
            )),
            "{}",
            r.stderr
        );
    }
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_site_is_refused() {
    use std::os::unix::fs::symlink;
    // Valid content outside the site: followed, it would build, and publish it.
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("hemlig.md"), article(FRONT, "Hemligt.")).expect("write");
    std::fs::write(
        outside.path().join("data.yaml"),
        std::fs::read(common::repo_root().join("tests/fixtures/stats/data/statistik/kon.yaml"))
            .expect("kon.yaml"),
    )
    .expect("write");
    let site = TestSite::fixture("stats");
    let (r, _) = refused_after(
        &site,
        |s| {
            symlink(
                outside.path().join("hemlig.md"),
                s.path("content/hemlig.md"),
            )
            .expect("symlink");
            symlink(outside.path(), s.path("content/utanfor")).expect("symlink");
            symlink(
                outside.path().join("data.yaml"),
                s.path("data/statistik/kon2.yaml"),
            )
            .expect("symlink");
        },
        "content/hemlig.md",
        "this symlink points outside the site folder",
    );
    r.assert_error_at("content/utanfor", "points outside the site folder")
        .assert_error_at("data/statistik/kon2.yaml", "points outside the site folder");
    assert!(!r.stderr.contains("Hemligt"));
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::fixture("basic");
    let rel = "content/artiklar/last.md";
    site.write(rel, article(FRONT, "Text."));
    std::fs::set_permissions(site.path(rel), std::fs::Permissions::from_mode(0o000))
        .expect("chmod");
    if std::fs::read(site.path(rel)).is_ok() {
        // Root (or CAP_DAC_OVERRIDE) reads through permissions: no file can be made
        // unreadable here. The read-error path is covered by
        // `a_listed_file_that_vanished_is_a_diagnostic` and `fifos_do_not_hang_the_build`.
        eprintln!(
            "note: this process may read a file with mode 000 (running as root?); the unreadable-file assertion is skipped"
        );
        return;
    }
    std::fs::set_permissions(site.path(rel), std::fs::Permissions::from_mode(0o644))
        .expect("chmod");
    refused_after(
        &site,
        |s| {
            std::fs::set_permissions(s.path(rel), std::fs::Permissions::from_mode(0o000))
                .expect("chmod");
        },
        rel,
        "cannot read the file: Permission denied",
    );
}

#[cfg(unix)]
fn mkfifo(path: &std::path::Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("path");
    // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(rc, 0, "mkfifo {}", path.display());
}

#[cfg(unix)]
#[test]
fn fifos_do_not_hang_the_build() {
    // Opening a FIFO blocks until something writes to it: one must never be opened.
    let site = TestSite::fixture("stats");
    mkfifo(&site.path("content/ror.md"));
    std::os::unix::fs::symlink("ror.md", site.path("content/ror-lank.md")).expect("symlink");
    builds(&site); // skipped: they are not files
    let (r, _) = refused_after(
        &site,
        |s| mkfifo(&s.path("data/statistik/ror.yaml")),
        "data/statistik/ror.yaml",
        "this is not a regular file",
    );
    drop(r);
    std::fs::remove_file(site.path("data/statistik/ror.yaml")).expect("rm");
    std::fs::rename(site.path("kunskapsnav.yaml"), site.path("config.bak")).expect("mv");
    mkfifo(&site.path("kunskapsnav.yaml"));
    let (r, _) = run(&site, &["build"]);
    r.assert_error_at("kunskapsnav.yaml", "this is not a regular file");
}

#[test]
fn a_listed_file_that_vanished_is_a_diagnostic() {
    // What the loader meets when a file is deleted between the listing and the read.
    let site = TestSite::fixture("basic");
    let err = kunskapsnav::load::content::load_file(site.root(), "artiklar/borta.md", false)
        .expect_err("the file does not exist");
    assert_eq!(err.code, "file/unreadable");
    assert_eq!(err.file, std::path::Path::new("content/artiklar/borta.md"));
    assert!(
        err.message.starts_with("cannot read the file: "),
        "{}",
        err.message
    );
    let err = kunskapsnav::load::content::read_text_file(
        &site.path("data/statistik/borta.yaml"),
        std::path::Path::new("data/statistik/borta.yaml"),
    )
    .expect_err("the file does not exist");
    assert_eq!(err.code, "file/unreadable");
}

#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_reported() {
    let site = TestSite::fixture("basic");
    refused_after(
        &site,
        |s| {
            s.write("content/artiklar/original.md", article(FRONT, "Text."));
            std::os::unix::fs::symlink("original.md", s.path("content/artiklar/lank.md"))
                .expect("symlink");
            s.remove("content/artiklar/original.md");
        },
        "content/artiklar/lank.md",
        "this symlink cannot be followed: No such file or directory",
    );
}

#[test]
fn files_deleted_during_builds_never_crash_them() {
    // The race itself cannot be timed; run builds while files come and go, and require
    // that each one ends in a result or a diagnostic (exit 0 or 1), never a crash.
    let site = TestSite::fixture("stats");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let stop = stop.clone();
        let root = site.root().to_path_buf();
        let page = article(
            FRONT,
            "Text med {{ stat(dataset=\"kon\", row=\"Män eller pojkar\") }}.",
        );
        let data = std::fs::read(root.join("data/statistik/kon.yaml")).expect("kon.yaml");
        std::thread::spawn(move || {
            let mut n = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let p = root.join(format!("content/artiklar/flykt-{}.md", n % 4));
                let _ = std::fs::write(&p, &page);
                let _ = std::fs::remove_file(
                    root.join(format!("content/artiklar/flykt-{}.md", (n + 2) % 4)),
                );
                let _ = std::fs::remove_file(root.join("data/statistik/kon.yaml"));
                let _ = std::fs::write(root.join("data/statistik/kon.yaml"), &data);
                n += 1;
            }
        })
    };
    for i in 0..12 {
        let args: &[&str] = if i % 4 == 0 { &["build"] } else { &["check"] };
        let (r, _) = run(&site, args);
        assert!(matches!(r.code, 0 | 1), "exit {}:\n{}", r.code, r.stderr);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    churn.join().expect("churn thread");
}

#[test]
fn names_that_fold_to_one_url_are_reported() {
    let site = TestSite::fixture("basic");
    let (r, _) = refused_after(
        &site,
        |s| {
            s.write("content/artiklar/Forsta.md", article(FRONT, "Versal."));
            s.write("content/artiklar/förstå.md", article(FRONT, "Prickar."));
            s.write(
                "content/Artiklar/andra.md",
                article(FRONT, "Mapp med versal."),
            );
        },
        "content/artiklar/forsta.md:1:1",
        "this page and content/artiklar/Forsta.md both publish to /artiklar/forsta/",
    );
    r.assert_error_at(
        "content/artiklar/förstå.md:1:1",
        "both publish to /artiklar/forsta/",
    )
    .assert_error_at(
        "content/artiklar/andra.md:1:1",
        "this page and content/Artiklar/andra.md both publish to /artiklar/andra/",
    );
    // A file in content/ where a page is published.
    let site = TestSite::fixture("basic");
    refused_after(
        &site,
        |s| {
            s.write("content/artiklar/forsta/index.html", "<p>Skuggsida</p>");
        },
        "artiklar/forsta/index.html",
        "two outputs would be written to artiklar/forsta/index.html",
    );
}

// ---- Data ----

const KON: &str = "data/statistik/kon.yaml";
const TABLE: &str = "data/statistik/anmalda-brott.yaml";
const CHAIN: &str = "data/statistik/kedja.yaml";

/// Replace `from` (which must occur) in a fixture file.
fn edit(site: &TestSite, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.path(rel)).expect(rel);
    assert!(text.contains(from), "{from:?} not in {rel}");
    site.write(rel, text.replacen(from, to, 1));
}

fn line_of(site: &TestSite, rel: &str, needle: &str) -> usize {
    std::fs::read_to_string(site.path(rel))
        .expect(rel)
        .lines()
        .position(|l| l.contains(needle))
        .expect(needle)
        + 1
}

#[test]
fn numbers_written_as_text_are_refused() {
    let site = TestSite::fixture("stats");
    let (r, _) = refused_after(
        &site,
        |s| {
            edit(s, KON, "value: 160}", "value: 160, percent: 60%}");
            edit(s, TABLE, "values: [835, 357]", "values: [835, \"357\"]");
            edit(s, CHAIN, "value: 557", "value: 1 513");
        },
        &format!("{KON}:{}", 15),
        "the percentage \"60%\" is written as text",
    );
    let table_line = line_of(&site, TABLE, "\"357\"");
    let chain_line = line_of(&site, CHAIN, "1 513");
    r.assert_error_at(
        &format!("{TABLE}:{table_line}"),
        "the count \"357\" is written as text",
    )
    .assert_error_at(
        &format!("{CHAIN}:{chain_line}"),
        "the count \"1 513\" is written as text",
    );
}

#[test]
fn nan_and_infinity_are_refused() {
    let site = TestSite::fixture("stats");
    let (r, _) = refused_after(
        &site,
        |s| {
            edit(s, KON, "value: 160}", "value: 160, percent: .nan}");
            edit(s, TABLE, "values: [835, 357]", "values: [.inf, 357]");
            edit(s, CHAIN, "value: 557", "value: -.inf");
        },
        &format!("{KON}:15"),
        "`NaN` is not a percentage",
    );
    r.assert_error_at(
        &format!("{TABLE}:{}", line_of(&site, TABLE, ".inf")),
        "`inf` is not a count",
    )
    .assert_error_at(
        &format!("{CHAIN}:{}", line_of(&site, CHAIN, "-.inf")),
        "`-inf` is not a count",
    );
}

#[test]
fn negative_counts_are_refused_in_every_shape() {
    let site = TestSite::fixture("stats");
    let (r, _) = refused_after(
        &site,
        |s| {
            edit(s, KON, "total: 414", "total: -414");
            edit(s, CHAIN, "value: 557", "value: -557");
            edit(s, TABLE, "total: 1192", "total: -1192");
        },
        &format!("{KON}:{}", line_of(&site, KON, "total: 414")),
        "the count -414 is negative",
    );
    r.assert_error_at(
        &format!("{CHAIN}:{}", line_of(&site, CHAIN, "-557")),
        "the count -557 is negative",
    )
    .assert_error_at(
        &format!("{TABLE}:{}", line_of(&site, TABLE, "-1192")),
        "the count -1192 is negative",
    );
}

#[test]
fn a_count_too_large_to_add_up_is_refused() {
    // u64::MAX in one cell made the totals check overflow: a panic in a debug build, a
    // silently wrong sum in a release build.
    let site = TestSite::fixture("stats");
    let table_line = line_of(&site, TABLE, "values: [835, 357]");
    let (r, _) = refused_after(
        &site,
        |s| {
            edit(s, TABLE, "values: [835, 357]", "values: [18446744073709551615, 357]");
            edit(s, KON, "value: 160}", "value: 99999999999999999999}");
            edit(s, CHAIN, "value: 557", "value: 1000000000001");
        },
        &format!("{TABLE}:{table_line}"),
        "the count 18446744073709551615 is larger than 1\u{202f}000\u{202f}000\u{202f}000\u{202f}000",
    );
    r.assert_error_at(
        &format!("{KON}:15"),
        "the count 99999999999999999999 is larger",
    )
    .assert_error_at(
        &format!("{CHAIN}:{}", line_of(&site, CHAIN, "1000000000001")),
        "the count 1000000000001 is larger",
    );
}

#[test]
fn a_table_with_10_000_columns_builds_quickly() {
    let n = 10_000;
    let columns: String = (0..n)
        .map(|i| format!("    - {{id: k{i}, label: Kolumn {i}}}\n"))
        .collect();
    let values: Vec<String> = (0..n).map(|i| (i % 7).to_string()).collect();
    let total: usize = (0..n).map(|i| i % 7).sum();
    let yaml = format!(
        "id: bred\ntitle: Bred tabell\ndescription: Tiotusen kolumner.\nunit: st\nperiod: \"2023\"\nsource:\n  organisation: A\n  publication: B\n  location: C\n  cited_in: D\nchart: grouped\ntable:\n  columns:\n{columns}  groups:\n    - label: \"\"\n      rows:\n        - label: Rad ett\n          values: [{v}]\n          total: {total}\n        - label: Rad två\n          values: [{v}]\n",
        v = values.join(", ")
    );
    let site = TestSite::fixture("stats");
    site.write("data/statistik/bred.yaml", yaml);
    site.write(
        "content/bred.md",
        "---\ntitle: Bred\nsummary: Bred.\nupdated: 2024-12-15\n---\n\n{{ chart(dataset=\"bred\") }}\n\nSista: {{ stat(dataset=\"bred\", row=\"Rad ett\", column=\"k9999\") }}\n",
    );
    let (_, took) = builds(&site);
    // The column check once searched the whole file for every column: 18 s here.
    assert!(took < Duration::from_secs(15), "took {took:?}");
    let csv = site.output("statistik/bred/bred.csv");
    assert_eq!(
        csv.lines().next().map(|h| h.split(',').count()),
        Some(n + 3)
    );
    assert!(site.output("bred/index.html").contains("Sista: <a"));
}

// ---- Search ----

fn searched(site: &TestSite, query: &str) -> (Run, serde_json::Value) {
    let (r, _) = run(site, &["search", query]);
    assert_eq!(r.code, 0, "{query:?}: {}", r.stderr);
    let (j, _) = run(site, &["search", query, "--format", "json"]);
    assert_eq!(j.code, 0, "{query:?}: {}", j.stderr);
    let v =
        serde_json::from_str(&j.stdout).unwrap_or_else(|e| panic!("{query:?}: {e}: {}", j.stdout));
    (r, v)
}

#[test]
fn search_caps_a_huge_query() {
    let site = TestSite::fixture("basic");
    builds(&site);
    // About the largest one argument may be (Linux: 128 kB).
    let huge = "människohandel ".repeat(8_000);
    let (r, v) = searched(&site, &huge);
    assert!(
        r.stdout
            .contains("Sökfrågan var för lång. Bara de första 500 tecknen används."),
        "{}",
        r.stdout
    );
    assert!(v["total"].as_u64().is_some_and(|n| n > 0), "{v}");
    for q in [
        "x".repeat(120_000),
        "\"".repeat(120_000),
        "-a \"b ".repeat(20_000),
        "B 583-23 ".repeat(10_000),
    ] {
        searched(&site, &q);
    }
}

#[test]
fn search_asks_for_words_when_the_query_is_empty() {
    let site = TestSite::fixture("basic");
    builds(&site);
    for q in ["", " ", "\t\n"] {
        let (r, v) = searched(&site, q);
        assert!(
            r.stdout.contains("Skriv ett eller flera sökord."),
            "{q:?}: {}",
            r.stdout
        );
        assert_eq!(v["total"], 0, "{q:?}");
    }
}

#[test]
fn search_explains_a_query_of_only_operators() {
    let site = TestSite::fixture("basic");
    builds(&site);
    for q in [
        "-", "- - -", "\"\"", "\"", "*", "(", ":", "[[", "\\", "kind:", "\"-\"",
    ] {
        let (r, v) = searched(&site, q);
        assert!(
            r.stdout.contains("innehöll inga ord att söka på"),
            "{q:?}: {}",
            r.stdout
        );
        assert_eq!(v["total"], 0, "{q:?}");
    }
    // Only exclusions: a leading `-` is a query, not an unknown option.
    let (r, _) = searched(&site, "-människohandel");
    assert!(
        r.stdout.contains("inte bara ord att utesluta"),
        "{}",
        r.stdout
    );
    // Words that read as operators elsewhere are words here.
    let (r, _) = searched(&site, "OR AND NOT");
    assert!(r.stdout.contains("# 0 träffar"), "{}", r.stdout);
}
