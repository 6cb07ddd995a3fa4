//! `kunskapsnav check --external` against a local server on 127.0.0.1 that answers 200,
//! 301, 302, 404, 500, a HEAD refusal, a slow answer and a dropped connection.

mod common;
use common::TestSite;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Server {
    base: String,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let counter = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let counter = counter.clone();
                std::thread::spawn(move || answer(stream, &counter));
            }
        });
        Server { base, hits }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn hits(&self, path: &str) -> usize {
        *self.hits.lock().unwrap().get(path).unwrap_or(&0)
    }
}

fn answer(stream: TcpStream, hits: &Mutex<HashMap<String, usize>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header.trim().is_empty() => break,
            Ok(_) => {}
        }
    }
    let mut parts = request.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    let (status, location) = match path.as_str() {
        "/ok" | "/ny-plats" => ("200 OK", None),
        "/flyttad" => ("301 Moved Permanently", Some("/ny-plats")),
        "/tillfallig" => ("302 Found", Some("/ok")),
        "/borta" => ("404 Not Found", None),
        "/trasig" => ("500 Internal Server Error", None),
        "/ingen-head" if method == "HEAD" => ("405 Method Not Allowed", None),
        "/ingen-head" => ("200 OK", None),
        "/langsam" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", None)
        }
        "/tappad" => return, // the connection is dropped without an answer
        _ => ("404 Not Found", None),
    };
    let mut out = stream;
    let location = location
        .map(|l| format!("Location: {l}\r\n"))
        .unwrap_or_default();
    let _ = write!(
        out,
        "HTTP/1.1 {status}\r\n{location}Content-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

const CONFIG_TAIL: &str = "external_links:\n  exclude_hosts: [www.smhi.se, \"*.bra.se\", bra.se, example.com]\n  timeout_seconds: 1\n  retries: 1\n";

fn site_linking(urls: &[String]) -> TestSite {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.path("kunskapsnav.yaml")).unwrap();
    site.write("kunskapsnav.yaml", format!("{config}{CONFIG_TAIL}"));
    let mut body = String::from(
        "---\ntitle: \"Om\"\nsummary: \"Om testnavet.\"\nupdated: 2024-12-15\n---\n\nKällor:\n\n",
    );
    for u in urls {
        body.push_str(&format!("- [källa]({u})\n"));
    }
    site.write("content/om.md", body);
    site
}

fn external(site: &TestSite) -> common::Run {
    site.run(&["check", "--external"])
}

#[test]
fn each_answer_is_judged_and_reported_where_the_link_is() {
    let server = Server::start();
    let paths = [
        "/ok",
        "/flyttad",
        "/tillfallig",
        "/borta",
        "/trasig",
        "/ingen-head",
        "/langsam",
        "/tappad",
    ];
    let urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    let site = site_linking(&urls);
    let run = external(&site);
    // Lines 9.. of om.md hold the links; the URL starts at column 11.
    run.assert_error_at("content/om.md:12:11", "answers 404 Not Found");
    run.assert_error_at("content/om.md:13:11", "answers 500 Internal Server Error");
    run.assert_error_at("content/om.md:15:11", "no answer within the timeout");
    run.assert_error_at("content/om.md:16:11", "the connection broke");
    let moved = format!(
        "content/om.md:10:11: warning: `{}` has moved permanently to `{}`",
        urls[1],
        server.url("/ny-plats")
    );
    assert!(run.stderr.contains(&moved), "{}", run.stderr);
    assert!(run.stderr.contains(&format!(
        "replace the link with {}",
        server.url("/ny-plats")
    )));
    for good in [9, 11, 14] {
        assert!(
            !run.stderr.contains(&format!("content/om.md:{good}:")),
            "line {good}:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("1 temporary redirect(s)"),
        "{}",
        run.stderr
    );
    // Excluded hosts are never asked; a 500 is asked again (1 retry); HEAD refused → GET.
    assert!(run.stderr.contains("on excluded hosts"), "{}", run.stderr);
    assert!(!run.stderr.contains("smhi.se"));
    assert_eq!(server.hits("/trasig"), 4, "HEAD and GET, tried twice");
    assert_eq!(server.hits("/ingen-head"), 2);
}

#[test]
fn good_results_are_cached_and_a_garbage_cache_is_rebuilt() {
    let server = Server::start();
    let site = site_linking(&[server.url("/ok"), server.url("/borta")]);
    external(&site).assert_error_at("content/om.md:10:11", "404");
    assert_eq!(server.hits("/ok"), 1);
    let cache = site.path(".kunskapsnav/external-links.json");
    let saved = std::fs::read_to_string(&cache).unwrap();
    assert!(
        saved.contains("/ok") && !saved.contains("/borta"),
        "{saved}"
    );

    let second = external(&site);
    assert!(
        second.stderr.contains("1 from the cache"),
        "{}",
        second.stderr
    );
    assert_eq!(
        server.hits("/ok"),
        1,
        "a fresh good result is not asked again"
    );
    assert_eq!(
        server.hits("/borta"),
        4,
        "a broken link is asked on every run"
    );

    std::fs::write(&cache, "{ not json at all").unwrap();
    let third = external(&site);
    assert!(
        third.stderr.contains(
            ".kunskapsnav/external-links.json: warning: the link-check cache cannot be read"
        ),
        "{}",
        third.stderr
    );
    third.assert_error_at("content/om.md:10:11", "404");
    assert_eq!(server.hits("/ok"), 2);
    let rebuilt = std::fs::read_to_string(&cache).unwrap();
    assert!(rebuilt.contains("/ok"), "{rebuilt}");
}

#[test]
fn no_network_says_so_and_has_its_own_exit_code() {
    // A port that was just free: nothing listens, every connection is refused.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let site = site_linking(&[
        format!("http://127.0.0.1:{port}/a"),
        format!("http://127.0.0.1:{port}/b"),
    ]);
    let run = external(&site);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("seems to have no network, so no link was judged"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("content/om.md:"), "{}", run.stderr);
}

#[test]
fn a_bad_exclusion_entry_is_a_configuration_error() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.path("kunskapsnav.yaml")).unwrap();
    let lines = config.lines().count();
    site.write(
        "kunskapsnav.yaml",
        format!("{config}external_links:\n  exclude_hosts:\n    - https://www.smhi.se/\n"),
    );
    let run = external(&site);
    run.assert_error_at(
        &format!("kunskapsnav.yaml:{}:7", lines + 3),
        "is a URL, not a host name",
    );
    assert!(run.stderr.contains("write `www.smhi.se`"), "{}", run.stderr);
    let plain = site.check();
    assert_eq!(
        plain.code, 1,
        "the configuration is wrong for every command"
    );
}
