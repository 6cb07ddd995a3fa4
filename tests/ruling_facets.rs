//! The folders of the ruling filters (`/rattsfall/domstol/` …) answer with their values.

mod common;
use common::TestSite;

/// The `<main>` of an output page, so assertions ignore the page furniture.
fn main_of(site: &TestSite, rel: &str) -> String {
    let html = site.output(rel);
    let start = html.find("<main").unwrap_or(0);
    let end = html.find("</main>").unwrap_or(html.len());
    html[start..end].to_string()
}

#[test]
fn each_facet_folder_lists_its_values_with_links_to_their_filter_pages() {
    let site = TestSite::fixture("rulings");
    site.build().assert_ok();
    for (folder, values) in [
        ("domstol", vec!["svea-hovratt", "lycksele-tingsratt"]),
        ("instans", vec!["tingsratt", "hovratt"]),
        ("ar", vec!["2024"]),
        ("lagrum", vec!["brb-6-12"]),
        ("utgang", vec!["friande"]),
        ("andamal", vec!["sexuella-andamal"]),
    ] {
        let page = format!("rattsfall/{folder}/index.html");
        let main = main_of(&site, &page);
        for v in values {
            let link = format!("href=\"/kunskap/rattsfall/{folder}/{v}/\"");
            assert!(main.contains(&link), "{page} lacks {link}");
        }
        // Every other facet folder is a link away, and no ruling is listed here.
        assert!(main.contains("Andra filter"), "{page}");
        assert!(!main.contains("</cite>"), "{page} lists rulings");
    }
    assert!(site
        .output("sitemap.xml")
        .contains("/rattsfall/domstol/</loc>"));
}
