//! A small fixture corpus shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;

use kunskapsnav_search::{build_index, SearchDoc, SearchIndex, SearchResults};

pub fn doc(url: &str, kind: &str, title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        url: url.into(),
        title: title.into(),
        kind: kind.into(),
        body: body.into(),
        ..SearchDoc::default()
    }
}

fn facets(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<String>> {
    let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in pairs {
        m.entry(k.to_string()).or_default().push(v.to_string());
    }
    m
}

pub fn corpus() -> Vec<SearchDoc> {
    let mut ruling = doc(
        "/rattsfall/lycksele-b-583-23/",
        "rättsfall",
        "Tvångsarbete i bärplockning",
        "Tingsrätten dömde två personer för människohandel med bärplockare. \
         Arbetarna fick ingen lön och deras pass togs ifrån dem.",
    );
    ruling.summary = "Lycksele tingsrätt, dom 2024-07-11 i mål B 583-23.".into();
    ruling.keys = vec!["B 583-23".into()];
    ruling.facets = facets(&[
        ("court", "Lycksele tingsrätt"),
        ("year", "2024"),
        ("provision", "BrB 4:1 a"),
        ("outcome", "fällande"),
        ("exploitation", "arbetskraft"),
    ]);
    let mut ruling2 = doc(
        "/rattsfall/solna-b-2853-22/",
        "rättsfall",
        "Sexuell exploatering av barn",
        "Hovrätten prövade människohandelsbrott mot ett barn för sexuella ändamål.",
    );
    ruling2.keys = vec!["B 2853-22".into()];
    ruling2.facets = facets(&[
        ("court", "Svea hovrätt"),
        ("year", "2023"),
        ("provision", "BrB 4:1 a"),
        ("outcome", "fällande"),
        ("exploitation", "sexuella ändamål"),
    ]);
    let mut provision = doc(
        "/lagrum/brb-4-1-b/",
        "lagrum",
        "Människoexploatering",
        "Den som utnyttjar en person i tvångsarbete, arbete under uppenbart orimliga villkor \
         eller tiggeri döms för människoexploatering.",
    );
    provision.keys = vec!["BrB 4:1 b".into()];
    let mut article = doc(
        "/artiklar/arbetskraft/",
        "artikel",
        "Arbete under orimliga villkor",
        "Arbetskraftsexploatering förekommer i bygg, städ och jordbruk. \
         Offren har ofta skulder till den som ordnat resan.",
    );
    article.headings = vec!["Tecken att vara uppmärksam på".into()];
    article.facets = facets(&[("audience", "yrkesverksamma")]);
    let title_hit = doc(
        "/ordlista/tiggeri/",
        "ordlista",
        "Tiggeri",
        "Att be om pengar på allmän plats.",
    );
    let body_hit = doc(
        "/artiklar/ovrigt/",
        "artikel",
        "Andra ändamål",
        "Utöver sex och arbete förekommer även brottslig verksamhet, och ibland tiggeri.",
    );
    let mut trafficking = doc(
        "/artiklar/manniskohandel/",
        "artikel",
        "Vad är människohandel?",
        "Människohandeln i Sverige rör främst sexuella ändamål. <script>alert(1)</script>",
    );
    trafficking.summary = "En introduktion för allmänheten.".into();
    vec![
        ruling,
        ruling2,
        provision,
        article,
        title_hit,
        body_hit,
        trafficking,
    ]
}

pub fn index() -> SearchIndex {
    let (parts, _) = build_index(&corpus()).expect("the fixture corpus indexes");
    SearchIndex::from_parts(parts).expect("the index opens")
}

pub fn urls(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.url.as_str()).collect()
}

pub fn first(r: &SearchResults) -> &str {
    r.hits
        .first()
        .map(|h| h.url.as_str())
        .unwrap_or("<no hits>")
}
