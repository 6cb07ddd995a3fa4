//! The server configuration the build writes beside the site: `_headers` and
//! `nginx-headers.conf`, with the Content-Security-Policy the theme is built to run under.

mod common;
use common::TestSite;

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

#[test]
fn the_build_writes_a_headers_file_for_every_path() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let headers = site.output("_headers");
    let lines: Vec<&str> = headers
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert_eq!(lines[0], "/*", "{headers}");
    for expected in [
        format!("  Content-Security-Policy: {CSP}"),
        "  Referrer-Policy: no-referrer".to_string(),
        "  X-Content-Type-Options: nosniff".to_string(),
    ] {
        assert!(
            lines.contains(&expected.as_str()),
            "no `{expected}` in:\n{headers}"
        );
    }
    let permissions = lines
        .iter()
        .find(|l| l.starts_with("  Permissions-Policy: "))
        .unwrap_or_else(|| panic!("no Permissions-Policy in:\n{headers}"));
    for feature in [
        "interest-cohort=()",
        "camera=()",
        "microphone=()",
        "geolocation=()",
    ] {
        assert!(
            permissions.contains(feature),
            "{feature} not denied: {permissions}"
        );
    }
}

#[test]
fn the_build_writes_an_nginx_snippet_with_the_same_headers() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let conf = site.output("nginx-headers.conf");
    for expected in [
        format!("add_header Content-Security-Policy \"{CSP}\" always;"),
        "add_header Referrer-Policy \"no-referrer\" always;".to_string(),
        "add_header X-Content-Type-Options \"nosniff\" always;".to_string(),
        "types { application/wasm wasm; }".to_string(),
        "gzip_static on;".to_string(),
        "brotli_static on;".to_string(),
    ] {
        assert!(conf.contains(&expected), "no `{expected}` in:\n{conf}");
    }
    assert!(
        conf.contains("add_header Permissions-Policy \"interest-cohort=()"),
        "{conf}"
    );
    // The basic fixture lives under a sub-path: the 404 page is found there.
    assert!(conf.contains("error_page 404 /kunskap/404.html;"), "{conf}");
}

#[test]
fn the_headers_files_are_not_pages() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    let sitemap = site.output("sitemap.xml");
    assert!(!sitemap.contains("_headers"), "{sitemap}");
    assert!(!sitemap.contains("nginx-headers"), "{sitemap}");
}

#[test]
fn no_template_of_the_default_theme_has_inline_scripts_or_styles() {
    // The policy above forbids them; the browser tests would catch them on the bundled
    // hub, this catches them on templates the hub does not use.
    let dir = common::repo_root().join("themes/default/templates");
    for entry in walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let name = entry
            .path()
            .strip_prefix(&dir)
            .unwrap()
            .display()
            .to_string();
        for (i, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            assert!(
                !lower.contains("<style"),
                "{name}:{}: inline <style> is blocked by the CSP",
                i + 1
            );
            assert!(
                !lower.contains(" style=\""),
                "{name}:{}: style attribute is blocked by the CSP",
                i + 1
            );
            assert!(
                !lower.contains("<script") || lower.contains(" src="),
                "{name}:{}: inline <script> is blocked by the CSP",
                i + 1
            );
            assert!(
                !lower.contains(" onclick=") && !lower.contains(" onload="),
                "{name}:{}: event handler attributes are blocked by the CSP",
                i + 1
            );
        }
    }
}
