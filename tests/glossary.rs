//! Glossary terms link themselves: the first mention of a term in an article, a ruling or
//! another term links to the term's page, and the term's page lists where it is used.

mod common;
use common::TestSite;

fn built() -> TestSite {
    let site = TestSite::fixture("glossary");
    site.build().assert_ok();
    site
}

/// The article's body, between the prose wrapper and its end.
fn prose(site: &TestSite, rel: &str) -> String {
    let html = site.output(rel);
    let start = html.find("<div class=\"prose\">").unwrap_or(0);
    let end = html[start..]
        .find("</div>")
        .map_or(html.len(), |e| start + e);
    html[start..end].to_string()
}

#[test]
fn the_first_mention_of_a_term_links_to_its_page_and_later_ones_do_not() {
    let site = built();
    let body = prose(&site, "artiklar/koppleri/index.html");
    assert_eq!(
        body.matches("href=\"/ordlista/koppleri/\"").count(),
        1,
        "{body}"
    );
    assert!(
        body.contains("<a href=\"/ordlista/koppleri/\">Koppleri</a> är ett brott"),
        "{body}"
    );
}

#[test]
fn a_term_is_not_matched_inside_a_longer_word() {
    let site = built();
    let body = prose(&site, "artiklar/koppleri/index.html");
    // "Kopplerierna" is not a listed form, so the link goes to the next whole word.
    assert!(body.contains("<p>Kopplerierna ökade."), "{body}");
}

#[test]
fn listed_forms_link_like_the_title() {
    let site = built();
    let body = prose(&site, "artiklar/koppleri/index.html");
    assert!(
        body.contains("<a href=\"/ordlista/malsagande/\">Målsäganden</a>"),
        "{body}"
    );
    assert!(
        body.contains("<a href=\"/ordlista/malsagandebitrade/\">målsägandebiträde</a>"),
        "{body}"
    );
}

#[test]
fn terms_are_never_linked_in_headings_code_footnotes_or_existing_links() {
    let site = built();
    let body = prose(&site, "artiklar/koppleri/index.html");
    assert!(
        body.contains("<h2 id=\"koppleri-och-betanketid\">Koppleri och betänketid</h2>"),
        "{body}"
    );
    assert!(body.contains("<code>målsägande</code>"), "{body}");
    assert!(!body.contains("/ordlista/barnahus/"), "{body}");
    // The hand-written link to betänketid is the only one.
    assert_eq!(body.matches("/ordlista/betanketid/").count(), 1, "{body}");
}

#[test]
fn a_term_page_does_not_link_to_itself_but_links_other_terms() {
    let site = built();
    let body = prose(&site, "ordlista/malsagande/index.html");
    assert!(!body.contains("/ordlista/malsagande/"), "{body}");
    assert!(body.contains("/ordlista/malsagandebitrade/"), "{body}");
}

#[test]
fn the_home_page_and_plain_pages_link_no_terms() {
    let site = built();
    assert!(!site.output("index.html").contains("/ordlista/koppleri/"));
}

#[test]
fn a_term_page_lists_the_pages_that_use_it() {
    let site = built();
    let html = site.output("ordlista/koppleri/index.html");
    let used = &html[html.find("anvands-rubrik").expect("a used-in list")..];
    assert!(
        used.contains("<a href=\"/artiklar/koppleri/\">Om koppleri</a>"),
        "{used}"
    );
    // A term mentioned only in a footnote is not used by the article.
    let barnahus = site.output("ordlista/barnahus/index.html");
    assert!(!barnahus.contains("anvands-rubrik"), "{barnahus}");
    // The explicit link counts too.
    let bt = site.output("ordlista/betanketid/index.html");
    assert!(
        bt.contains("<a href=\"/artiklar/koppleri/\">Om koppleri</a>"),
        "{bt}"
    );
}

#[test]
fn a_term_page_shows_its_forms_and_related_terms() {
    let site = built();
    let html = site.output("ordlista/koppleri/index.html");
    assert!(html.contains("<i>koppleriet</i>"), "{html}");
    let see = &html[html.find("se-aven-rubrik").expect("see also")..];
    assert!(
        see.contains("<a href=\"/ordlista/malsagande/\">Målsägande</a>"),
        "{see}"
    );
}

#[test]
fn see_also_naming_no_term_is_an_error_at_its_line() {
    let site = TestSite::fixture("glossary");
    site.write(
        "content/ordlista/barnahus.md",
        "---\ntitle: \"Barnahus\"\nsummary: \"Samverkan.\"\nsee_also: [Målsägandebitrde]\n---\n\nText.\n",
    );
    let run = site.check();
    run.assert_error_at("content/ordlista/barnahus.md:4:", "no glossary term");
    assert!(
        run.stderr.contains("did you mean `Målsägandebiträde`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_form_claimed_by_two_terms_is_an_error_at_its_line() {
    let site = TestSite::fixture("glossary");
    // Terms are read in file order, so the later file is the one in error.
    site.write(
        "content/ordlista/sexkop.md",
        "---\ntitle: \"Sexköp\"\nsummary: \"Köp av sex.\"\nforms:\n  - sexköpet\n  - Koppleriet\n---\n\nText.\n",
    );
    site.check()
        .assert_error_at("content/ordlista/sexkop.md:6:", "two glossary terms");
}
