//! The site engine through its CLI: outputs, links, atomicity, determinism, and every
//! bad input the engine issue names, each checked for a message at the right file:line.

mod common;
use common::TestSite;

fn article(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n\n{body}\n")
}

const GOOD_FRONT: &str =
    "title: \"Ny artikel\"\nsummary: \"Kort.\"\nupdated: 2024-12-01\naudience: [allmänhet]";

#[test]
fn builds_the_basic_fixture_with_every_output() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    for f in [
        "index.html",
        "om/index.html",
        "artiklar/index.html",
        "artiklar/forsta/index.html",
        "taggar/index.html",
        "taggar/lagstiftning/index.html",
        "malgrupp/allmanhet/index.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "404.html",
    ] {
        assert!(site.output_exists(f), "missing public/{f}");
    }
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/kunskap/artiklar/forsta/</loc>"),
        "{sitemap}"
    );
    let atom = site.output("atom.xml");
    assert!(
        atom.contains("<updated>2024-12-15T00:00:00Z</updated>"),
        "{atom}"
    );
    assert!(site
        .output("robots.txt")
        .contains("Sitemap: https://example.org/kunskap/sitemap.xml"));
}

#[test]
fn links_keep_working_under_a_base_url_sub_path() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let html = site.output("artiklar/forsta/index.html");
    assert!(
        html.contains("href=\"/kunskap/artiklar/andra/#vad-ar-koppleri\""),
        "{html}"
    );
    assert!(
        html.contains("/kunskap/css/site."),
        "stylesheet not under the base path"
    );
    let home = site.output("index.html");
    assert!(home.contains("href=\"/kunskap/artiklar/\""), "{home}");
}

#[test]
fn base_url_can_be_overridden_on_the_command_line() {
    let site = TestSite::fixture("basic");
    site.run(&["build", "--base-url", "https://test.example/"])
        .assert_ok();
    let html = site.output("artiklar/forsta/index.html");
    assert!(
        html.contains("href=\"/artiklar/andra/#vad-ar-koppleri\""),
        "{html}"
    );
}

#[test]
fn markdown_renders_tables_footnotes_and_safe_external_links() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let html = site.output("artiklar/forsta/index.html");
    assert!(html.contains("<table>"), "table");
    assert!(html.contains("data-footnotes"), "footnotes");
    assert!(html.contains("<del>struken</del>"), "strikethrough");
    assert!(
        html.contains("<a rel=\"noopener\" href=\"https://bra.se/\">"),
        "{html}"
    );
    assert!(html.contains("<h2 id=\"vad-sager-lagen\">"), "{html}");
}

#[test]
fn duplicate_headings_get_distinct_ids() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let html = site.output("artiklar/andra/index.html");
    assert!(
        html.contains("id=\"kallor\"") && html.contains("id=\"kallor-2\""),
        "{html}"
    );
}

#[test]
fn raw_html_and_template_syntax_in_content_stay_inert() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/farlig.md",
        article(GOOD_FRONT, "<script>alert(1)</script>\n\n{% raw %}{{ site.title }}{% endraw %} och [x](javascript:alert(1))"),
    );
    // `{{` starts a shortcode; written inside code it is shown literally instead.
    site.write(
        "content/artiklar/farlig.md",
        article(
            GOOD_FRONT,
            "<script>alert(1)</script>\n\n`{{ site.title }}` {% if x %}",
        ),
    );
    // A `javascript:` link is refused with an error: tests/hostile.rs.
    site.build().assert_ok();
    let html = site.output("artiklar/farlig/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains("{{ site.title }}") && html.contains("{% if x %}"),
        "{html}"
    );
    assert!(!html.contains("javascript:"), "{html}");
}

#[test]
fn two_builds_are_byte_identical() {
    let a = TestSite::fixture("basic");
    let b = TestSite::fixture("basic");
    a.build().assert_ok();
    b.build().assert_ok();
    let files = |s: &TestSite| common::files_under(&s.path("public"));
    assert_eq!(files(&a), files(&b));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let before = site.output("artiklar/forsta/index.html");
    site.write("content/artiklar/forsta.md", "---\ntitle: [oops\n---\n");
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("previous output was left untouched"),
        "{}",
        run.stderr
    );
    assert_eq!(site.output("artiklar/forsta/index.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create_unless_forced() {
    let site = TestSite::fixture("basic");
    site.write("public/important.txt", "do not delete");
    let run = site.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("not made by kunskapsnav"),
        "{}",
        run.stderr
    );
    assert!(site.path("public/important.txt").exists());
    site.run(&["build", "--force"]).assert_ok();
    assert!(site.output_exists("index.html"));
}

#[test]
fn an_output_path_that_is_a_file_is_a_usage_error() {
    let site = TestSite::fixture("basic");
    site.write("out-file", "x");
    let out = site.path("out-file");
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is not a folder"), "{}", run.stderr);
}

#[test]
fn check_writes_nothing_and_json_lines_are_machine_readable() {
    let site = TestSite::fixture("basic");
    site.check().assert_ok();
    assert!(!site.path("public").exists());
    site.write(
        "content/artiklar/fel.md",
        article(
            "title: x\nsummary: y\nupdated: 2024-02-30\naudience: [allmänhet]",
            "x",
        ),
    );
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let line = run.stderr.lines().next().unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
    assert_eq!(v["file"], "content/artiklar/fel.md");
    assert_eq!(v["line"], 4);
    assert_eq!(v["severity"], "error");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/utkast.md",
        article(&format!("{GOOD_FRONT}\ndraft: true"), "x"),
    );
    site.build().assert_ok();
    assert!(!site.output_exists("artiklar/utkast/index.html"));
    site.run(&["build", "--drafts"]).assert_ok();
    assert!(site.output_exists("artiklar/utkast/index.html"));
}

#[test]
fn new_creates_a_valid_file_and_never_overwrites() {
    let site = TestSite::fixture("basic");
    let run = site.run(&["new", "article", "Människohandel i tiggeri"]);
    run.assert_ok();
    assert_eq!(
        run.stdout.trim(),
        "content/artiklar/manniskohandel-i-tiggeri.md"
    );
    site.run(&["build", "--drafts"]).assert_ok();
    assert!(site.output_exists("artiklar/manniskohandel-i-tiggeri/index.html"));
    std::fs::write(
        site.path("content/artiklar/manniskohandel-i-tiggeri.md"),
        "mine",
    )
    .unwrap();
    let again = site.run(&["new", "article", "Människohandel i tiggeri"]);
    assert_eq!(again.code, 2);
    assert_eq!(
        std::fs::read_to_string(site.path("content/artiklar/manniskohandel-i-tiggeri.md")).unwrap(),
        "mine"
    );
    for kind in ["page", "ruling", "term"] {
        site.run(&["new", kind, "Exempel"]).assert_ok();
    }
}

// ---- Bad input: each names the file and line ----

#[test]
fn malformed_front_matter_yaml_is_reported_at_its_line() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/x.md",
        "---\ntitle: \"ok\"\nsummary: [unclosed\n---\n",
    );
    site.check().assert_error_at("content/artiklar/x.md:3", "");
}

#[test]
fn unclosed_front_matter_is_reported() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/x.md",
        "---\ntitle: x\n\nText utan slut.\n",
    );
    site.check()
        .assert_error_at("content/artiklar/x.md:1:1", "not closed");
}

#[test]
fn a_field_of_the_wrong_type_is_reported_at_its_line() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/x.md",
        article(
            "title: x\nsummary: y\nupdated: 2024-01-01\naudience: [allmänhet]\ntags: 5",
            "x",
        ),
    );
    site.check()
        .assert_error_at("content/artiklar/x.md:6", "wrong type");
}

#[test]
fn an_unknown_field_is_reported_with_a_suggestion() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/x.md",
        article(&format!("{GOOD_FRONT}\nsumary: x"), "x"),
    );
    let run = site.check();
    run.assert_error_at("content/artiklar/x.md:6", "unknown field `sumary`");
    assert!(
        run.stderr.contains("did you mean `summary`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_missing_required_field_is_reported() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/x.md",
        article("title: x\nupdated: 2024-01-01\naudience: [allmänhet]", "x"),
    );
    let run = site.check();
    run.assert_error_at("content/artiklar/x.md:2", "missing field `summary`");
}

#[test]
fn an_impossible_date_is_reported_at_its_line() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/x.md",
        article(
            "title: x\nsummary: y\nupdated: 2023-02-29\naudience: [allmänhet]",
            "x",
        ),
    );
    site.check()
        .assert_error_at("content/artiklar/x.md:4", "does not exist");
}

#[test]
fn an_audience_outside_the_closed_list_is_reported() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/x.md",
        article(
            "title: x\nsummary: y\nupdated: 2023-02-28\naudience: [allmänheten]",
            "x",
        ),
    );
    let run = site.check();
    run.assert_error_at("content/artiklar/x.md:5", "allmänheten");
    assert!(
        run.stderr.contains("did you mean `allmänhet`"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_pages_with_the_same_url_are_reported() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/Forsta.md",
        article(&format!("{GOOD_FRONT}\nslug: forsta"), "x"),
    );
    let run = site.check();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("both publish to /artiklar/forsta/"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_link_to_a_missing_page_is_reported_at_its_line() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/x.md",
        article(GOOD_FRONT, "Första raden.\n\nSe [saknas](../saknas.md)."),
    );
    site.check()
        .assert_error_at("content/artiklar/x.md:10:4", "does not exist");
}

#[test]
fn a_link_to_a_missing_anchor_is_reported_with_a_suggestion() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/x.md",
        article(GOOD_FRONT, "Se [koppleri](andra.md#vad-ar-kopleri)."),
    );
    let run = site.check();
    run.assert_error_at("content/artiklar/x.md:8:4", "#vad-ar-kopleri");
    assert!(
        run.stderr.contains("did you mean `#vad-ar-koppleri`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_utf8_is_reported_with_its_position() {
    let site = TestSite::fixture("basic");
    let mut bytes = article(GOOD_FRONT, "Rad ett.\nRad två ").into_bytes();
    bytes.extend_from_slice(&[0xE5, b'\n']); // Latin-1 "å"
    site.write("content/artiklar/x.md", bytes);
    site.check()
        .assert_error_at("content/artiklar/x.md:10:1", "not valid UTF-8");
}

#[test]
fn a_template_with_an_unknown_variable_names_the_template_and_line() {
    let site = TestSite::fixture("basic");
    site.write("themes/default/templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.no_such_thing.deeper }}\n{% endblock %}\n");
    site.check()
        .assert_error_at("themes/default/templates/page.html:3", "does not exist");
}

#[test]
fn a_template_syntax_error_names_the_template_and_line() {
    let site = TestSite::fixture("basic");
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock %}\n",
    );
    site.check()
        .assert_error_at("themes/default/templates/page.html:3", "syntax error");
}

#[test]
fn an_unknown_theme_is_reported_with_the_available_ones() {
    let site = TestSite::fixture("basic");
    let cfg = std::fs::read_to_string(site.path("kunskapsnav.yaml"))
        .unwrap()
        .replace("theme: default", "theme: defualt");
    site.write("kunskapsnav.yaml", cfg);
    let run = site.check();
    run.assert_error_at("kunskapsnav.yaml:5", "theme `defualt` does not exist");
    assert!(
        run.stderr.contains("did you mean `default`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_configuration_key_is_reported_with_a_suggestion() {
    let site = TestSite::fixture("basic");
    let cfg = std::fs::read_to_string(site.path("kunskapsnav.yaml"))
        .unwrap()
        .replace("organisation:", "organization:");
    site.write("kunskapsnav.yaml", cfg);
    let run = site.check();
    run.assert_error_at("kunskapsnav.yaml:6", "unknown field `organization`");
    assert!(
        run.stderr.contains("did you mean `organisation`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_shortcode_is_reported_at_its_line() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/x.md",
        article(GOOD_FRONT, "Text\n\n{{ karta(plats=\"x\") }}"),
    );
    site.check()
        .assert_error_at("content/artiklar/x.md:10:1", "unknown shortcode `karta`");
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/artiklar/a.md",
        article(
            "title: x\nsummary: y\nupdated: 2023-02-30\naudience: [allmänhet]",
            "x",
        ),
    );
    site.write(
        "content/artiklar/b.md",
        article(GOOD_FRONT, "[x](saknas.md)"),
    );
    let run = site.check();
    run.assert_error_at("content/artiklar/a.md:4", "does not exist");
    run.assert_error_at("content/artiklar/b.md:8", "does not exist");
}

#[test]
fn crlf_line_endings_and_a_bom_are_accepted() {
    let site = TestSite::fixture("basic");
    let text = format!(
        "\u{feff}{}",
        article(GOOD_FRONT, "## Rubrik\r\n\r\nText.").replace('\n', "\r\n")
    );
    site.write("content/artiklar/crlf.md", text);
    site.build().assert_ok();
    assert!(site
        .output("artiklar/crlf/index.html")
        .contains("<h2 id=\"rubrik\">Rubrik</h2>"));
}

#[test]
fn a_menu_entry_leading_nowhere_is_reported_at_its_line() {
    let site = TestSite::fixture("basic");
    let cfg = std::fs::read_to_string(site.path("kunskapsnav.yaml"))
        .unwrap()
        .replace("url: \"/artiklar/\"", "url: \"/artikler/\"");
    site.write("kunskapsnav.yaml", cfg);
    site.check()
        .assert_error_at("kunskapsnav.yaml:8", "leads to no page");
}

#[test]
fn the_page_on_hiding_a_visit_is_linked_only_when_configured() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    assert!(!site
        .output("index.html")
        .contains("Så döljer du ditt besök"));
    let cfg = std::fs::read_to_string(site.path("kunskapsnav.yaml"))
        .unwrap()
        .replace(
            "url: \"https://www.smhi.se/\"",
            "url: \"https://www.smhi.se/\"\n  help_url: \"/om/\"",
        );
    site.write("kunskapsnav.yaml", cfg);
    site.build().assert_ok();
    assert!(site
        .output("index.html")
        .contains("href=\"/kunskap/om/\">Så döljer du ditt besök</a>"));
}
