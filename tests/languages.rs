//! Languages: a fixture site in Swedish, lättläst, English, Thai and Yiddish — URLs,
//! `lang`/`dir`, reciprocal `hreflang`, the language menu, sitemap alternates, feeds per
//! language, string tables, translations that fall behind, missing required pages,
//! orphans, and every bad input the languages issue names.

mod common;
use common::TestSite;

/// The fixture with a string table for Yiddish (test data: the English table's texts;
/// only the right-to-left layout is tested with it).
fn site() -> TestSite {
    let site = TestSite::fixture("languages");
    let en = std::fs::read_to_string(site.path("themes/default/strings/en.yaml")).unwrap();
    site.write("themes/default/strings/yi.yaml", en);
    site
}

fn alternates(html: &str) -> Vec<String> {
    let mut v: Vec<String> = html
        .lines()
        .filter(|l| l.starts_with("<link rel=\"alternate\" hreflang="))
        .map(str::to_string)
        .collect();
    v.sort();
    v
}

#[test]
fn versions_get_their_prefix_slug_lang_and_direction() {
    let site = site();
    let run = site.build();
    run.assert_ok();
    for (path, lang, dir) in [
        ("om/index.html", "sv", "ltr"),
        ("lattlast/om/index.html", "sv", "ltr"),
        ("en/about/index.html", "en", "ltr"),
        ("en/artiklar/first/index.html", "en", "ltr"),
        ("en/index.html", "en", "ltr"),
        ("th/om/index.html", "th", "ltr"),
        ("yi/om/index.html", "yi", "rtl"),
    ] {
        let html = site.output(path);
        assert!(
            html.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")),
            "{path}"
        );
    }
    // Translated chrome and the notice, in the page's language.
    let en = site.output("en/about/index.html");
    assert!(en.contains(">Skip to content</a>"), "{en}");
    assert!(
        en.contains("Translated from Swedish on 1 June 2024"),
        "{en}"
    );
    assert!(
        en.contains("<span lang=\"sv\">Testmyndigheten</span>"),
        "{en}"
    );
    assert!(en.contains(">The test hub</a>"), "site title in English");
    let sv = site.output("om/index.html");
    assert!(sv.contains(">Hoppa till innehållet</a>"));
    assert!(!sv.contains("translation-notice"));
}

#[test]
fn hreflang_is_reciprocal_with_x_default_and_in_the_sitemap() {
    let site = site();
    site.build().assert_ok();
    let versions = [
        "om/index.html",
        "lattlast/om/index.html",
        "en/about/index.html",
        "th/om/index.html",
        "yi/om/index.html",
    ];
    let first = alternates(&site.output(versions[0]));
    assert_eq!(first.len(), 6, "{first:?}");
    assert!(first
        .iter()
        .any(|l| l.contains("hreflang=\"x-default\" href=\"https://example.org/kunskap/om/\"")));
    assert!(first
        .iter()
        .any(|l| l.contains("hreflang=\"sv-x-lattlast\"")));
    for v in &versions[1..] {
        assert_eq!(alternates(&site.output(v)), first, "{v}");
    }
    // A page in one language has none.
    assert!(alternates(&site.output("artiklar/index.html")).is_empty());
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/kunskap/en/about/\"/>"
    ));
}

#[test]
fn the_language_menu_leads_to_the_same_page_or_the_start_page() {
    let site = site();
    site.build().assert_ok();
    let html = site.output("artiklar/forsta/index.html");
    let menu = html
        .split("class=\"language-menu\"")
        .nth(1)
        .and_then(|m| m.split("</nav>").next())
        .unwrap();
    assert!(menu.contains("<span aria-current=\"true\" lang=\"sv\" dir=\"ltr\">Svenska</span>"));
    // English has this article; Thai and Yiddish only their start pages; lättläst has
    // no start page and no version of it: left out.
    assert!(
        menu.contains("href=\"/kunskap/en/artiklar/first/\" lang=\"en\""),
        "{menu}"
    );
    assert!(menu.contains("href=\"/kunskap/th/\" lang=\"th\""), "{menu}");
    assert!(
        menu.contains("href=\"/kunskap/yi/\" lang=\"yi\" dir=\"rtl\""),
        "{menu}"
    );
    assert!(!menu.contains("Lättläst"), "{menu}");
    // Links from a translation lead to the same language's version, keeping an anchor
    // the version has and falling back to the source for one it does not.
    let en = site.output("en/artiklar/first/index.html");
    assert!(en.contains("href=\"/kunskap/en/about/#contact\""), "{en}");
    assert!(en.contains("href=\"/kunskap/om/#kontakt\""), "{en}");
    // Menus in the page's language: the English menu shows the English page only.
    let main_nav = en
        .split("class=\"main-nav\"")
        .nth(1)
        .unwrap()
        .split("</nav>")
        .next()
        .unwrap();
    assert!(main_nav.contains(">About the website</a>"), "{main_nav}");
    assert!(!main_nav.contains("Artiklar"), "{main_nav}");
}

#[test]
fn lists_and_feeds_are_per_language() {
    let site = site();
    site.build().assert_ok();
    let section = site.output("artiklar/index.html");
    assert!(section.contains("/kunskap/artiklar/forsta/"));
    let list = section.split("<main").nth(1).unwrap();
    assert!(
        !list.contains("/en/artiklar/first/"),
        "a Swedish list lists Swedish pages"
    );
    let sv_feed = site.output("atom.xml");
    assert!(sv_feed.contains("xml:lang=\"sv\""));
    assert!(!sv_feed.contains("/en/"));
    let en_feed = site.output("en/atom.xml");
    assert!(en_feed.contains("xml:lang=\"en\""));
    assert!(en_feed.contains("https://example.org/kunskap/en/artiklar/first/"));
    assert!(!en_feed.contains("/kunskap/om/"));
    assert!(site.output_exists("th/atom.xml"));
}

#[test]
fn a_missing_string_or_string_table_is_an_error_naming_it() {
    let site = site();
    let en = std::fs::read_to_string(site.path("themes/default/strings/en.yaml")).unwrap();
    let without: String = en
        .lines()
        .filter(|l| !l.starts_with("skip_link:"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("themes/default/strings/en.yaml", without);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the string `skip_link` is missing in language `en`"),
        "{}",
        run.stderr
    );
    site.remove("themes/default/strings/th.yaml");
    let run = site.build();
    assert!(
        run.stderr
            .contains("language `th` has pages but the theme has no string table for it"),
        "{}",
        run.stderr
    );
    assert!(!site.output_exists("index.html"), "nothing published");
}

#[test]
fn a_translation_behind_its_source_is_warned_and_shown() {
    let site = site();
    let stamp = site.run(&["translations", "--stamp", "content/om.en.md"]);
    assert_eq!(stamp.code, 0, "{}", stamp.stderr);
    assert!(std::fs::read_to_string(site.path("content/om.en.md"))
        .unwrap()
        .contains("source_fingerprint: \"v1-"));
    site.build().assert_ok();
    assert!(!site
        .output("en/about/index.html")
        .contains("translation-behind"));
    // Reflowing a paragraph is not a change.
    let om = std::fs::read_to_string(site.path("content/om.md")).unwrap();
    site.write("content/om.md", om.replace("står bakom", "står\nbakom"));
    let run = site.build();
    assert!(!run.stderr.contains("translation/behind"), "{}", run.stderr);
    site.write(
        "content/om.md",
        om.replace("Skriv till oss.", "Ring oss i stället."),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("content/om.en.md"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/om.md changed since this translation was made"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("text at line 13 is new or changed: “Ring oss i stället."),
        "{}",
        run.stderr
    );
    let page = site.output("en/about/index.html");
    assert!(page.contains("translation-behind"), "{page}");
    assert!(page.contains("The Swedish page has changed"), "{page}");
    let json = site.run(&["translations", "--format", "json"]);
    assert!(
        json.stdout
            .contains("\"behind\": {\n      \"content/om.en.md\""),
        "{}",
        json.stdout
    );
}

#[test]
fn the_translations_report_lists_missing_required_pages_and_orphans() {
    let site = site();
    site.write(
        "content/borta.en.md",
        "---\ntitle: Gone\ntranslated: 2024-06-01\n---\n\nIts source was removed.\n",
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("translation/orphan")
            || run.stderr.contains("does not exist; it is not published"),
        "{}",
        run.stderr
    );
    assert!(!site.output_exists("en/borta/index.html"));
    let report = site.run(&["translations"]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert!(
        report
            .stdout
            .contains("missing    content/artiklar/forsta.yi.md (required"),
        "{}",
        report.stdout
    );
    assert!(
        !report
            .stdout
            .contains("missing    content/_index.lattlast.md"),
        "not required"
    );
    assert!(
        report.stdout.contains("orphaned   content/borta.en.md"),
        "{}",
        report.stdout
    );
    let strict = site.run(&["translations", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    let strict_build = site.run(&["build", "--strict"]);
    assert_eq!(strict_build.code, 1, "an orphan fails a strict build");
}

/// Each bad input: an error (or warning) at file:line:col, nothing half-published.
#[test]
fn bad_language_input_is_reported_where_it_is() {
    let cases: [(&str, &str, &str, &str); 8] = [
        (
            "kunskapsnav.yaml",
            "  - { id: en, name: English, title: \"The test hub\", required: [_index, om, artiklar/forsta] }",
            "  - { id: en, code: en_GB, name: English }",
            "kunskapsnav.yaml:9:",
        ),
        (
            "kunskapsnav.yaml",
            "  - { id: th, name: ไทย, required: [_index, om] }",
            "  - { id: T, name: ไทย }",
            "language id `T` is not usable",
        ),
        ("content/om.de.md", "", "---\ntitle: Über\ntranslated: 2024-06-01\n---\n", "`de` is not a language of this site"),
        ("content/om.EN.md", "", "---\ntitle: About\ntranslated: 2024-06-01\n---\n", "is not in lower case"),
        (
            "content/extra.en.md",
            "",
            "---\ntitle: Extra\ntranslated: 2024-06-01\nslug: about\n---\n",
            "both publish to /en/about/",
        ),
        (
            "content/om.th.md",
            "translated: 2024-06-03\n",
            "translated: 2024-06-03\nsource_fingerprint: \"abc\"\n",
            "content/om.th.md:5:1: error: `abc` is not a fingerprint",
        ),
        (
            "content/om.en.md",
            "[Testmyndigheten]{lang=sv} is",
            "[Testmyndigheten]{lang=sv is",
            "content/om.en.md:10:17: error: the language marker `]{lang=` is not closed",
        ),
        (
            "content/om.yi.md",
            "translated: 2024-06-04\n",
            "translated: 2024-13-04\n",
            "content/om.yi.md:4:",
        ),
    ];
    for (file, from, to, expected) in cases {
        let site = site();
        if file == "content/extra.en.md" {
            site.write(
                "content/extra.md",
                "---\ntitle: Extra\nsummary: En extra sida.\n---\n",
            );
        }
        if from.is_empty() {
            site.write(file, to);
        } else {
            let text = std::fs::read_to_string(site.path(file)).unwrap();
            assert!(text.contains(from), "{file}: {from}");
            site.write(file, text.replace(from, to));
        }
        let run = site.build();
        assert_ne!(run.code, 0, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(expected),
            "{file}: expected {expected:?} in\n{}",
            run.stderr
        );
        assert!(
            !site.output_exists("index.html"),
            "{file}: nothing published"
        );
    }
}

#[test]
fn a_glossary_term_in_another_language_carries_lang() {
    let site = site();
    site.write(
        "content/ordlista/_index.md",
        "---\ntitle: Ordlista\nsummary: Ord och begrepp.\n---\n",
    );
    site.write(
        "content/ordlista/lover-boy.md",
        "---\ntitle: Lover boy\nlang: en\nsummary: En metod där gärningspersonen låtsas vara kär.\n---\n\nEn metod.\n",
    );
    let article = std::fs::read_to_string(site.path("content/artiklar/forsta.md")).unwrap();
    site.write(
        "content/artiklar/forsta.md",
        format!("{article}\nMetoden kallas lover boy.\n"),
    );
    site.build().assert_ok();
    let term = site.output("ordlista/lover-boy/index.html");
    assert!(term.contains("<h1 lang=\"en\">Lover boy</h1>"), "{term}");
    let html = site.output("artiklar/forsta/index.html");
    assert!(
        html.contains("<a href=\"/kunskap/ordlista/lover-boy/\" lang=\"en\">lover boy</a>"),
        "{html}"
    );
    site.write(
        "content/ordlista/lover-boy.md",
        "---\ntitle: Lover boy\nlang: en_GB\nsummary: En metod.\n---\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/ordlista/lover-boy.md:3:1: error: `en_GB` is not a BCP 47"),
        "{}",
        run.stderr
    );
}

#[test]
fn figures_and_dates_follow_the_page_language() {
    let site = site();
    let data = "data/statistik/forandring-anmalda-brott-2023.yaml";
    let dataset = std::fs::read_to_string(common::repo_root().join(data)).unwrap();
    site.write(data, dataset);
    let stat = r#"{{ stat(dataset="forandring-anmalda-brott-2023", row="Köp av sexuell tjänst") }} och {{ stat(dataset="forandring-anmalda-brott-2023", row="Köp av sexuell tjänst", column="change_percent") }}"#;
    site.write(
        "content/siffror.md",
        format!("---\ntitle: Siffror\nsummary: Två siffror.\nupdated: 2026-12-02\n---\n\n{stat}\n"),
    );
    for (lang, title) in [("en", "Figures"), ("th", "ตัวเลข")] {
        site.write(
            &format!("content/siffror.{lang}.md"),
            format!(
                "---\ntitle: {title}\nsummary: {title}.\ntranslated: 2026-12-02\n---\n\n{stat}\n"
            ),
        );
    }
    site.build().assert_ok();
    let stat_of = |html: &str| -> Vec<String> {
        html.split("class=\"stat\">")
            .skip(1)
            .filter_map(|s| s.split('<').next().map(str::to_string))
            .collect()
    };
    let sv = site.output("siffror/index.html");
    assert_eq!(stat_of(&sv), ["1\u{202f}513", "20 procent"], "{sv}");
    assert!(sv.contains(">2 december 2026</time>"), "{sv}");
    let en = site.output("en/siffror/index.html");
    assert_eq!(stat_of(&en), ["1,513", "20%"]);
    assert!(en.contains("2 December 2026"), "{en}");
    let th = site.output("th/siffror/index.html");
    assert_eq!(stat_of(&th), ["1,513", "20%"]);
    // Gregorian, with its era, since Thai's usual calendar is the Buddhist one.
    assert!(th.contains("2 ธันวาคม ค.ศ. 2026"), "{th}");
}
