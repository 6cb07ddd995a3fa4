mod common;

use common::{first, index, urls};
use kunskapsnav_search::{search, SearchIndex};

fn q(index: &SearchIndex, query: &str) -> kunskapsnav_search::SearchResults {
    search(index, query, &[], 20)
}

#[test]
fn a_definite_form_finds_the_base_form_and_back() {
    let ix = index();
    let r = q(&ix, "människohandeln ");
    assert!(urls(&r).contains(&"/artiklar/manniskohandel/"), "{r:?}");
    let r = q(&ix, "människohandel ");
    assert!(urls(&r).contains(&"/artiklar/manniskohandel/"), "{r:?}");
}

#[test]
fn exploatering_finds_a_page_that_only_says_arbetskraftsexploatering() {
    let ix = index();
    let r = q(&ix, "exploatering ");
    assert!(urls(&r).contains(&"/artiklar/arbetskraft/"), "{r:?}");
}

#[test]
fn människohandel_finds_a_page_that_only_says_människohandelsbrott() {
    let ix = index();
    let r = q(&ix, "människohandel ");
    assert!(urls(&r).contains(&"/rattsfall/solna-b-2853-22/"), "{r:?}");
}

#[test]
fn all_words_must_match() {
    let ix = index();
    let r = q(&ix, "tiggeri verksamhet ");
    assert_eq!(urls(&r), ["/artiklar/ovrigt/"]);
}

#[test]
fn a_phrase_must_occur_in_order() {
    let ix = index();
    assert_eq!(urls(&q(&ix, r#""orimliga villkor""#)).len(), 2);
    assert!(q(&ix, r#""villkor orimliga""#).hits.is_empty());
}

#[test]
fn an_excluded_word_removes_pages() {
    let ix = index();
    let all = q(&ix, "tiggeri ");
    let fewer = q(&ix, "tiggeri -pengar");
    assert_eq!(fewer.total + 1, all.total);
    assert!(!urls(&fewer).contains(&"/ordlista/tiggeri/"));
}

#[test]
fn the_last_word_matches_as_a_prefix_while_typing() {
    let ix = index();
    let r = q(&ix, "bärplo");
    assert_eq!(first(&r), "/rattsfall/lycksele-b-583-23/");
    assert!(q(&ix, "bärplo ").hits.is_empty(), "no prefix after a space");
}

#[test]
fn one_typo_is_tolerated_in_long_words() {
    let ix = index();
    let r = q(&ix, "tvångsarbte ");
    assert!(urls(&r).contains(&"/rattsfall/lycksele-b-583-23/"), "{r:?}");
    let r = q(&ix, "männsikohandel ");
    assert!(urls(&r).contains(&"/artiklar/manniskohandel/"), "{r:?}");
}

#[test]
fn typos_at_the_start_of_a_word_are_tolerated_where_cheap() {
    let ix = index();
    // The first two letters swapped, and a stray letter before the word.
    for typo in ["vtångsarbete ", "xtvångsarbete "] {
        let r = q(&ix, typo);
        assert!(
            urls(&r).contains(&"/rattsfall/lycksele-b-583-23/"),
            "{typo}: {r:?}"
        );
    }
}

#[test]
fn a_wrong_first_letter_is_corrected() {
    let ix = index();
    for typo in ["kvångsarbete ", "bänniskohandel "] {
        let r = q(&ix, typo);
        assert!(!r.hits.is_empty(), "{typo}: {r:?}");
    }
    assert!(urls(&q(&ix, "kvångsarbete ")).contains(&"/rattsfall/lycksele-b-583-23/"));
    assert!(urls(&q(&ix, "bänniskohandel ")).contains(&"/artiklar/manniskohandel/"));
}

#[test]
fn a_missing_first_letter_is_corrected() {
    let ix = index();
    let r = q(&ix, "vångsarbete ");
    assert!(urls(&r).contains(&"/rattsfall/lycksele-b-583-23/"), "{r:?}");
    let r = q(&ix, "änniskohandel ");
    assert!(urls(&r).contains(&"/artiklar/manniskohandel/"), "{r:?}");
    let r = q(&ix, "ärplockning ");
    assert!(urls(&r).contains(&"/rattsfall/lycksele-b-583-23/"), "{r:?}");
}

#[test]
fn an_extra_first_letter_is_corrected() {
    let ix = index();
    for (typo, url) in [
        ("xtvångsarbete ", "/rattsfall/lycksele-b-583-23/"),
        ("ebärplockning ", "/rattsfall/lycksele-b-583-23/"),
        ("amänniskohandel ", "/artiklar/manniskohandel/"),
    ] {
        let r = q(&ix, typo);
        assert!(urls(&r).contains(&url), "{typo}: {r:?}");
    }
}

#[test]
fn a_first_letter_typo_in_a_short_word_is_only_suggested() {
    let ix = index();
    // Four letters tolerate no typo: `kass` finds nothing, but `pass` is suggested.
    let r = q(&ix, "kass ");
    assert!(r.hits.is_empty(), "{r:?}");
    assert_eq!(r.suggestion.as_deref(), Some("pass"), "{r:?}");
}

#[test]
fn a_query_without_hits_gets_a_did_you_mean_that_finds_pages() {
    let ix = index();
    // Two typos in one word: no hits, but a suggestion.
    let r = q(&ix, "tvångsarbete bärplcokinng ");
    assert_eq!(r.total, 0, "{r:?}");
    let suggestion = r.suggestion.clone().unwrap_or_default();
    assert_eq!(suggestion, "tvångsarbete bärplockning", "{r:?}");
    assert!(r
        .message
        .unwrap_or_default()
        .contains("Menade du ”tvångsarbete bärplockning”?"));
    assert!(q(&ix, &suggestion).total > 0);
    // Two typos, one of them the first letter.
    let r = q(&ix, "ämniskohandel ");
    assert_eq!(r.total, 0, "{r:?}");
    assert_eq!(r.suggestion.as_deref(), Some("människohandel"), "{r:?}");
    // The suggestion is in the JSON the browser and `kunskapsnav search --format json` get.
    let json = serde_json::to_string(&r).unwrap_or_default();
    assert!(json.contains(r#""suggestion":"människohandel""#), "{json}");
    // Nothing close: no suggestion; results with hits never carry one.
    assert_eq!(q(&ix, "xyzxyzxyz ").suggestion, None);
    assert_eq!(q(&ix, "tvångsarbete ").suggestion, None);
}

#[test]
fn a_case_number_finds_its_ruling_first_in_three_spellings() {
    let ix = index();
    for spelling in ["B 583-23", "B583-23", "583-23", "b 583–23 "] {
        assert_eq!(
            first(&q(&ix, spelling)),
            "/rattsfall/lycksele-b-583-23/",
            "{spelling}"
        );
    }
}

#[test]
fn a_provision_finds_its_page_first_in_common_spellings() {
    let ix = index();
    for spelling in [
        "4 kap 1 b",
        "BrB 4:1b",
        "4 kap. 1 b § brottsbalken",
        "brb 4:1 b",
    ] {
        assert_eq!(first(&q(&ix, spelling)), "/lagrum/brb-4-1-b/", "{spelling}");
    }
}

#[test]
fn facet_filters_narrow_the_results_and_counts_are_given() {
    let ix = index();
    let r = search(
        &ix,
        "människohandel ",
        &[("kind".into(), "rättsfall".into())],
        20,
    );
    let mut found = urls(&r);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "/rattsfall/lycksele-b-583-23/",
            "/rattsfall/solna-b-2853-22/"
        ]
    );
    assert!(r.hits.iter().all(|h| h.kind == "rättsfall"));
    // The kind facet still shows the other kinds (disjunctive counting).
    let kinds = &r.facets["kind"];
    assert!(kinds.iter().any(|(v, _)| v == "artikel"), "{kinds:?}");
    let courts = &r.facets["court"];
    assert!(courts.iter().all(|(_, n)| *n >= 1), "{courts:?}");
}

#[test]
fn filters_written_in_the_query_work_and_ignore_case() {
    let ix = index();
    let r = q(&ix, r#"domstol="lycksele TINGSRÄTT" "#);
    assert_eq!(urls(&r), ["/rattsfall/lycksele-b-583-23/"]);
    assert!(r.message.is_none(), "{:?}", r.message);
    let r = q(&ix, "kind=rättsfall år=2023");
    assert_eq!(urls(&r), ["/rattsfall/solna-b-2853-22/"]);
}

#[test]
fn an_unknown_filter_value_says_so() {
    let ix = index();
    let r = q(&ix, "tiggeri kind=blogg");
    assert_eq!(r.total, 0);
    assert!(r.message.unwrap_or_default().contains("blogg"));
}

#[test]
fn a_title_match_ranks_above_a_body_match() {
    let ix = index();
    let r = q(&ix, "tiggeri ");
    assert_eq!(first(&r), "/ordlista/tiggeri/", "{r:?}");
    let pos = |u| urls(&r).iter().position(|x| *x == u);
    assert!(pos("/ordlista/tiggeri/") < pos("/artiklar/ovrigt/"));
}

#[test]
fn snippets_mark_matches_and_escape_html() {
    let ix = index();
    let r = q(&ix, "sverige ");
    let hit = &r.hits[0];
    assert!(
        hit.snippet_html.contains("<mark>Sverige</mark>"),
        "{}",
        hit.snippet_html
    );
    assert!(
        hit.snippet_html.contains("&lt;script&gt;"),
        "{}",
        hit.snippet_html
    );
    assert!(!hit.snippet_html.contains("<script>"));
}

#[test]
fn bad_input_gives_a_message_never_a_panic() {
    let ix = index();
    for bad in [
        "",
        "   ",
        "och att det",
        "\"",
        "-",
        "- + * ( ) && || :",
        "\"unbalanced quote",
        "kind=",
        "=",
        "-\"",
        "\u{0}\u{1}\u{ffff}",
    ] {
        let r = q(&ix, bad);
        assert!(r.message.is_some() || r.total > 0, "{bad:?} gave {r:?}");
    }
    let long = "människohandel ".repeat(700);
    let r = q(&ix, &long);
    assert!(r.message.unwrap_or_default().contains("för lång"));
    let r = q(&ix, &"x".repeat(10_000));
    assert!(r.message.is_some());
}

#[test]
fn only_stop_words_are_explained() {
    let ix = index();
    let r = q(&ix, "och att");
    assert_eq!(r.total, 0);
    assert!(r.message.unwrap_or_default().contains("småord"));
}
