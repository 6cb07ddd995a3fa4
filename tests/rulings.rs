//! Court rulings, provisions and their cross-references, through the CLI on the
//! `rulings` fixture: four rulings (Solna tingsrätt → Svea hovrätt → Högsta domstolen,
//! and Lycksele tingsrätt), a tiny court and provision registry, one citing article.

mod common;
use common::TestSite;

fn built() -> TestSite {
    let site = TestSite::fixture("rulings");
    site.build().assert_ok();
    site
}

/// The `<main>` of an output page, so assertions ignore the page furniture.
fn main_of(site: &TestSite, rel: &str) -> String {
    let html = site.output(rel);
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").unwrap_or(html.len());
    html[start..end].to_string()
}

/// A ruling file whose front matter lines are fixed: court on 4, case on 5, decided on
/// 6, the charge's provision on 9, and `extra` from line 12.
fn ruling(court: &str, case: &str, decided: &str, provision: &str, extra: &str) -> String {
    format!(
        "---\ntitle: \"Ett rättsfall\"\nsummary: \"För test.\"\ncourt: {court}\ncase: {case}\ndecided: {decided}\nkind: dom\ncharges:\n  - provision: {provision}\n    outcome: fällande\nsource: \"Test.\"\n{extra}---\n\nText.\n"
    )
}

// ---- pages ----

#[test]
fn a_ruling_page_shows_its_swedish_citation_and_charges_with_provision_links() {
    let site = built();
    let main = main_of(&site, "rattsfall/svea-b-1070-23/index.html");
    assert!(
        main.contains("<cite>Svea hovrätt, dom 2023-05-11 i mål B 1070-23</cite>"),
        "{main}"
    );
    assert!(
        main.contains(r#"<a href="/kunskap/lagrum/brb-4-1-a/">4 kap. 1 a § brottsbalken</a>"#),
        "{main}"
    );
    assert!(main.contains("<td>Koppleri (grovt)</td>"), "{main}");
    assert!(
        main.contains("<td>Friande</td>") && main.contains("<td>Fällande</td>"),
        "{main}"
    );
    assert!(main.contains("Fängelse i fyra år."), "{main}");
}

#[test]
fn a_normalised_case_number_is_shown_in_canonical_form() {
    let site = built();
    let main = main_of(&site, "rattsfall/solna-b-2853-22/index.html");
    assert!(main.contains("i mål B 2853-22</cite>"), "{main}");
    assert!(!main.contains("B2853-22"), "{main}");
}

#[test]
fn the_appeal_chain_is_shown_in_order_on_every_ruling_of_the_chain() {
    let site = built();
    for (page, current) in [
        ("rattsfall/solna-b-2853-22/index.html", "Solna tingsrätt"),
        ("rattsfall/svea-b-1070-23/index.html", "Svea hovrätt"),
        ("rattsfall/hd-b-100-24/index.html", "Högsta domstolen"),
    ] {
        let main = main_of(&site, page);
        let chain_start = main
            .find("instanser-rubrik")
            .unwrap_or_else(|| panic!("{page} has no appeal chain"));
        let chain = &main[chain_start..];
        let ting = chain
            .find("Solna tingsrätt, dom 2023-01-09 i mål B 2853-22")
            .unwrap();
        let hov = chain
            .find("Svea hovrätt, dom 2023-05-11 i mål B 1070-23")
            .unwrap();
        let hd = chain
            .find("Högsta domstolen, beslut 2024-02-01 i mål B 100-24")
            .unwrap();
        assert!(ting < hov && hov < hd, "{page}: chain out of order");
        assert!(
            chain.contains(&format!(
                "<li class=\"current\" aria-current=\"page\"><cite>{current}"
            )),
            "{page}"
        );
    }
    let lonely = main_of(&site, "rattsfall/lycksele-b-583-23/index.html");
    assert!(
        !lonely.contains("instanser-rubrik"),
        "a ruling without appeals shows no chain"
    );
}

#[test]
fn a_ruling_page_lists_the_articles_that_cite_it_and_a_cite_this_line() {
    let site = built();
    let main = main_of(&site, "rattsfall/lycksele-b-583-23/index.html");
    assert!(
        main.contains(r#"<a href="/kunskap/artiklar/domarna/">Vad domstolarna har sagt</a>"#),
        "{main}"
    );
    assert!(
        main.contains("Lycksele tingsrätt, dom 2024-07-11 i mål B 583-23. Sammanfattning: Testnavet, https://example.org/kunskap/rattsfall/lycksele-b-583-23/"),
        "{main}"
    );
}

#[test]
fn the_listing_shows_all_rulings_newest_first_with_a_filter_nav_with_counts() {
    let site = built();
    let main = main_of(&site, "rattsfall/index.html");
    let order: Vec<usize> = [
        "i mål B 583-23",
        "i mål B 100-24",
        "i mål B 1070-23",
        "i mål B 2853-22",
    ]
    .iter()
    .map(|c| main.find(c).unwrap_or_else(|| panic!("{c} missing")))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "not newest first: {order:?}"
    );
    assert!(
        main.contains(
            r#"<a href="/kunskap/rattsfall/domstol/solna-tingsratt/">Solna tingsrätt (1)</a>"#
        ),
        "{main}"
    );
    assert!(
        main.contains(r#"<a href="/kunskap/rattsfall/instans/tingsratt/">Tingsrätt (2)</a>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<a href="/kunskap/rattsfall/ar/2023/">2023 (2)</a>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<a href="/kunskap/rattsfall/utgang/fallande/">Fällande (3)</a>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<a href="/kunskap/rattsfall/andamal/arbetskraft/">Arbetskraft (1)</a>"#),
        "{main}"
    );
    assert!(
        main.contains("Sammanfattningar av domar."),
        "the section's own text is kept"
    );
}

#[test]
fn filter_pages_list_only_the_matching_rulings_and_work_without_javascript() {
    let site = built();
    let cases = [
        (
            "rattsfall/domstol/svea-hovratt/index.html",
            vec!["B 1070-23"],
            vec!["B 583-23", "B 2853-22"],
        ),
        (
            "rattsfall/instans/tingsratt/index.html",
            vec!["B 583-23", "B 2853-22"],
            vec!["B 1070-23", "B 100-24"],
        ),
        (
            "rattsfall/ar/2024/index.html",
            vec!["B 583-23", "B 100-24"],
            vec!["B 1070-23"],
        ),
        (
            "rattsfall/lagrum/brb-6-12/index.html",
            vec!["B 1070-23", "B 100-24"],
            vec!["B 583-23"],
        ),
        (
            "rattsfall/utgang/friande/index.html",
            vec!["B 1070-23"],
            vec!["B 583-23", "B 100-24"],
        ),
        (
            "rattsfall/andamal/sexuella-andamal/index.html",
            vec!["B 2853-22", "B 1070-23"],
            vec!["B 583-23"],
        ),
    ];
    for (page, present, absent) in cases {
        let main = main_of(&site, page);
        assert!(!main.contains("<script"), "{page}");
        for c in present {
            assert!(
                main.contains(&format!("i mål {c}</cite>")),
                "{page} lacks {c}"
            );
        }
        for c in absent {
            assert!(
                !main.contains(&format!("i mål {c}</cite>")),
                "{page} has {c}"
            );
        }
        assert!(
            main.contains(r#"<span aria-current="page">"#),
            "{page} marks no current filter"
        );
    }
}

#[test]
fn a_provision_page_lists_the_rulings_charged_under_it_and_the_pages_citing_it() {
    let site = built();
    let main = main_of(&site, "lagrum/brb-4-1-b/index.html");
    assert!(
        main.contains("<h1>4 kap. 1 b § brottsbalken</h1>"),
        "{main}"
    );
    assert!(main.contains("Människoexploatering"), "{main}");
    assert!(
        main.contains("https://www.riksdagen.se/"),
        "links to the official text"
    );
    assert!(
        main.contains("Lycksele tingsrätt, dom 2024-07-11 i mål B 583-23"),
        "{main}"
    );
    assert!(
        main.contains(r#"<a href="/kunskap/artiklar/domarna/">Vad domstolarna har sagt</a>"#),
        "{main}"
    );
    let a = main_of(&site, "lagrum/brb-4-1-a/index.html");
    assert!(
        a.contains("i mål B 2853-22") && a.contains("i mål B 1070-23"),
        "{a}"
    );
    assert!(
        a.contains("Utgång: friande"),
        "the outcome shown is that of the charge under this provision: {a}"
    );
}

#[test]
fn the_provision_index_lists_every_registered_provision_grouped_by_law() {
    let site = built();
    let main = main_of(&site, "lagrum/index.html");
    for p in ["brb-4-1-a", "brb-4-1-b", "brb-6-12", "nsl-1"] {
        assert!(
            main.contains(&format!("/kunskap/lagrum/{p}/")),
            "{p} missing"
        );
    }
    assert!(main.contains("Narkotikastrafflagen"), "{main}");
    let nsl = main_of(&site, "lagrum/nsl-1/index.html");
    assert!(
        nsl.contains("Inga rättsfall på webbplatsen gäller bestämmelsen."),
        "{nsl}"
    );
}

#[test]
fn citations_in_articles_become_links_with_the_swedish_citation() {
    let site = built();
    let main = main_of(&site, "artiklar/domarna/index.html");
    assert!(main.contains(r#"<a href="/kunskap/rattsfall/lycksele-b-583-23/">Lycksele tingsrätt, dom 2024-07-11 i mål B 583-23</a>"#), "{main}");
    assert!(main.contains(r#"<a href="/kunskap/rattsfall/svea-b-1070-23/">Svea hovrätt, dom 2023-05-11 i mål B 1070-23</a>"#), "{main}");
    assert!(
        main.contains(r#"<a href="/kunskap/lagrum/brb-4-1-b/">4 kap. 1 b § brottsbalken</a>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<a href="/kunskap/lagrum/brb-4-1-a/">människohandel</a>"#),
        "{main}"
    );
}

#[test]
fn the_home_page_shows_the_three_newest_rulings() {
    let site = built();
    let main = main_of(&site, "index.html");
    let latest = &main[main
        .find("senaste-rattsfall-rubrik")
        .expect("no latest rulings")..];
    assert!(
        latest.contains("/kunskap/rattsfall/lycksele-b-583-23/"),
        "{latest}"
    );
    assert!(
        latest.contains("/kunskap/rattsfall/svea-b-1070-23/"),
        "{latest}"
    );
    assert!(
        !latest.contains("/kunskap/rattsfall/solna-b-2853-22/"),
        "only three: {latest}"
    );
}

#[test]
fn generated_pages_are_in_the_sitemap_and_links_to_them_resolve() {
    let site = TestSite::fixture("rulings");
    site.write(
        "content/artiklar/lankar.md",
        "---\ntitle: \"Länkar\"\nsummary: \"x\"\nupdated: 2024-01-01\naudience: [utbildare]\n---\n\nSe [lagrummen](/lagrum/) och [domarna i Solna](/rattsfall/domstol/solna-tingsratt/).\n",
    );
    site.build().assert_ok();
    let sitemap = site.output("sitemap.xml");
    for p in [
        "lagrum/",
        "lagrum/brb-4-1-b/",
        "rattsfall/ar/2023/",
        "rattsfall/utgang/ej-provat/",
    ] {
        assert!(
            sitemap.contains(&format!("https://example.org/kunskap/{p}</loc>")),
            "{p} not in sitemap"
        );
    }
}

#[test]
fn the_listing_is_generated_when_there_is_no_rulings_section() {
    let site = TestSite::fixture("rulings");
    site.remove("content/rattsfall/_index.md");
    site.build().assert_ok();
    let main = main_of(&site, "rattsfall/index.html");
    assert!(
        main.contains("<h1>Rättsfall</h1>") && main.contains("i mål B 583-23"),
        "{main}"
    );
}

#[test]
fn a_site_without_registries_or_rulings_generates_no_legal_pages() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    assert!(!site.output_exists("lagrum/index.html"));
    assert!(!site.output_exists("rattsfall/index.html"));
}

// ---- bad input: each an error at its line ----

#[test]
fn an_unknown_court_is_an_error_suggesting_the_closest_court() {
    let site = TestSite::fixture("rulings");
    site.write(
        "content/rattsfall/x.md",
        ruling("Solna tingsrät", "B 1-24", "2024-01-01", "BrB 4:1 a", ""),
    );
    let run = site.check();
    run.assert_error_at("content/rattsfall/x.md:4", "unknown court `Solna tingsrät`");
    assert!(
        run.stderr.contains("did you mean `Solna tingsrätt`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_malformed_case_number_is_an_error_at_its_line() {
    let site = TestSite::fixture("rulings");
    site.write(
        "content/rattsfall/x.md",
        ruling("Solna tingsrätt", "B 583", "2024-01-01", "BrB 4:1 a", ""),
    );
    site.check()
        .assert_error_at("content/rattsfall/x.md:5", "malformed case number");
}

#[test]
fn two_rulings_with_the_same_court_and_case_are_an_error_naming_the_other_file() {
    let site = TestSite::fixture("rulings");
    site.write(
        "content/rattsfall/zz-kopia.md",
        ruling(
            "Solna tingsrätt",
            "B 2853-22",
            "2023-01-09",
            "BrB 4:1 a",
            "",
        ),
    );
    let run = site.check();
    run.assert_error_at(
        "content/rattsfall/zz-kopia.md:5",
        "is also described by content/rattsfall/solna-b-2853-22.md",
    );
}

#[test]
fn the_same_case_number_spelt_differently_is_still_a_duplicate() {
    let site = TestSite::fixture("rulings");
    site.write(
        "content/rattsfall/zz-kopia.md",
        ruling(
            "solna tingsrätt",
            "b 2853 - 22",
            "2023-01-09",
            "BrB 4:1 a",
            "",
        ),
    );
    site.check().assert_error_at(
        "content/rattsfall/zz-kopia.md:5",
        "Solna tingsrätt B 2853-22 is also described by",
    );
}

#[test]
fn a_provision_not_in_the_registry_is_an_error_at_its_line() {
    let site = TestSite::fixture("rulings");
    site.write(
        "content/rattsfall/x.md",
        ruling("Solna tingsrätt", "B 1-24", "2024-01-01", "BrB 4:1 d", ""),
    );
    let run = site.check();
    run.assert_error_at(
        "content/rattsfall/x.md:9",
        "the provision `BrB 4:1 d` is not in the registry",
    );
    assert!(run.stderr.contains("data/lagrum.yaml"), "{}", run.stderr);
}

#[test]
fn an_appeal_of_a_ruling_that_does_not_exist_is_an_error() {
    let site = TestSite::fixture("rulings");
    let extra = "appeal_of: { court: Solna tingsrätt, case: B 9999-22 }\n";
    site.write(
        "content/rattsfall/x.md",
        ruling("Svea hovrätt", "B 1-24", "2024-01-01", "BrB 4:1 a", extra),
    );
    site.check().assert_error_at(
        "content/rattsfall/x.md:12",
        "no ruling page has that court and case",
    );
}

#[test]
fn an_appeal_cycle_is_an_error_at_each_ruling_in_it() {
    let site = TestSite::fixture("rulings");
    let a = "appeal_of: { court: Hovrätten för Övre Norrland, case: B 2-23 }\n";
    let b = "appeal_of: { court: Svea hovrätt, case: B 1-23 }\n";
    site.write(
        "content/rattsfall/a.md",
        ruling("Svea hovrätt", "B 1-23", "2023-06-01", "BrB 4:1 a", a),
    );
    site.write(
        "content/rattsfall/b.md",
        ruling(
            "Hovrätten för Övre Norrland",
            "B 2-23",
            "2023-07-01",
            "BrB 4:1 a",
            b,
        ),
    );
    let run = site.check();
    run.assert_error_at(
        "content/rattsfall/a.md:12",
        "the appeals form a cycle: B 1-23 → B 2-23 → B 1-23",
    );
    run.assert_error_at("content/rattsfall/b.md:12", "the appeals form a cycle");
}

#[test]
fn a_ruling_that_appeals_itself_is_a_cycle() {
    let site = TestSite::fixture("rulings");
    let extra = "appeal_of: { court: Svea hovrätt, case: B 1-23 }\n";
    site.write(
        "content/rattsfall/a.md",
        ruling("Svea hovrätt", "B 1-23", "2023-06-01", "BrB 4:1 a", extra),
    );
    site.check()
        .assert_error_at("content/rattsfall/a.md:12", "cycle");
}

#[test]
fn a_tingsratt_reviewing_a_hovratt_ruling_is_an_appeal_to_a_lower_instance() {
    let site = TestSite::fixture("rulings");
    let extra = "appeal_of: { court: Svea hovrätt, case: B 1070-23 }\n";
    site.write(
        "content/rattsfall/x.md",
        ruling(
            "Solna tingsrätt",
            "B 1-24",
            "2024-01-01",
            "BrB 4:1 a",
            extra,
        ),
    );
    site.check().assert_error_at(
        "content/rattsfall/x.md:12",
        "a tingsrätt cannot review a ruling of a hovrätt (Svea hovrätt)",
    );
}

#[test]
fn a_hovratt_reviewing_another_hovratt_is_an_error() {
    let site = TestSite::fixture("rulings");
    let extra = "appeal_of: { court: Svea hovrätt, case: B 1070-23 }\n";
    site.write(
        "content/rattsfall/x.md",
        ruling(
            "Hovrätten för Övre Norrland",
            "B 1-24",
            "2024-01-01",
            "BrB 4:1 a",
            extra,
        ),
    );
    site.check().assert_error_at(
        "content/rattsfall/x.md:12",
        "a hovrätt cannot review a ruling of a hovrätt",
    );
}

#[test]
fn a_hovratt_outside_the_tingsratts_domkrets_is_a_warning_and_fails_under_strict() {
    let site = TestSite::fixture("rulings");
    let extra = "appeal_of: { court: Lycksele tingsrätt, case: B 583-23 }\n";
    site.write(
        "content/rattsfall/x.md",
        ruling("Svea hovrätt", "B 1-24", "2024-08-01", "BrB 4:1 b", extra),
    );
    let run = site.check();
    run.assert_ok();
    assert!(
        run.stderr.contains("content/rattsfall/x.md:12"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("is not the hovrätt that Lycksele tingsrätt judgments are appealed to"),
        "{}",
        run.stderr
    );
    assert_eq!(site.run(&["check", "--strict"]).code, 1);
}

#[test]
fn a_decision_date_in_the_future_is_an_error() {
    let site = TestSite::fixture("rulings");
    site.write(
        "content/rattsfall/x.md",
        ruling("Solna tingsrätt", "B 1-24", "2999-01-01", "BrB 4:1 a", ""),
    );
    site.check().assert_error_at(
        "content/rattsfall/x.md:6",
        "`decided` is 2999-01-01, a date in the future",
    );
}

#[test]
fn citing_an_unknown_case_in_an_article_is_an_error_at_its_line() {
    let site = TestSite::fixture("rulings");
    site.write(
        "content/artiklar/x.md",
        "---\ntitle: \"X\"\nsummary: \"x\"\nupdated: 2024-01-01\naudience: [utbildare]\n---\n\nSe [[B 584-23]].\n",
    );
    let run = site.check();
    run.assert_error_at(
        "content/artiklar/x.md:8",
        "`[[B 584-23]]` cites no known ruling",
    );
    assert!(
        run.stderr.contains("did you mean [[B 583-23]]?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_case_number_shared_by_two_courts_must_be_cited_with_the_court() {
    let site = TestSite::fixture("rulings");
    site.write(
        "content/rattsfall/x.md",
        ruling(
            "Lycksele tingsrätt",
            "B 1070-23",
            "2023-03-01",
            "BrB 4:1 a",
            "",
        ),
    );
    // The fixture article cites [[Svea hovrätt B 1070-23]], which stays unambiguous…
    site.check().assert_ok();
    site.write(
        "content/artiklar/x.md",
        "---\ntitle: \"X\"\nsummary: \"x\"\nupdated: 2024-01-01\naudience: [utbildare]\n---\n\nSe [[B 1070-23]].\n",
    );
    let run = site.check();
    // …but a bare number is not.
    run.assert_error_at(
        "content/artiklar/x.md:8",
        "`[[B 1070-23]]` is ambiguous: 2 rulings have case number B 1070-23",
    );
    assert!(
        run.stderr
            .contains("[[Svea hovrätt B 1070-23]] or [[Lycksele tingsrätt B 1070-23]]")
            || run
                .stderr
                .contains("[[Lycksele tingsrätt B 1070-23]] or [[Svea hovrätt B 1070-23]]"),
        "{}",
        run.stderr
    );
}

#[test]
fn citing_a_provision_not_in_the_registry_is_an_error_at_its_line() {
    let site = TestSite::fixture("rulings");
    site.write(
        "content/artiklar/x.md",
        "---\ntitle: \"X\"\nsummary: \"x\"\nupdated: 2024-01-01\naudience: [utbildare]\n---\n\nText.\n\nEnligt [[BrB 4:1 d]].\n",
    );
    site.check().assert_error_at(
        "content/artiklar/x.md:10",
        "`[[BrB 4:1 d]]` names no provision in data/lagrum.yaml",
    );
}

#[test]
fn an_unknown_field_in_the_court_registry_is_an_error_at_its_line() {
    let site = TestSite::fixture("rulings");
    let text = std::fs::read_to_string(site.path("data/domstolar.yaml")).unwrap();
    site.write(
        "data/domstolar.yaml",
        text.replace(
            "  instance: högsta domstolen\n",
            "  instans: högsta domstolen\n",
        ),
    );
    let run = site.check();
    run.assert_error_at("data/domstolar.yaml:4", "unknown field `instans`");
    assert!(
        run.stderr.contains("did you mean `instance`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_provision_whose_id_and_section_disagree_is_an_error_at_its_entry() {
    let site = TestSite::fixture("rulings");
    let text = std::fs::read_to_string(site.path("data/lagrum.yaml")).unwrap();
    site.write(
        "data/lagrum.yaml",
        text.replacen("  section: \"1 b\"\n", "  section: \"1 c\"\n", 1),
    );
    site.check().assert_error_at(
        "data/lagrum.yaml:13",
        "does not match `chapter` and `section`",
    );
}
