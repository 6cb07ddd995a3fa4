//! `kunskapsnav serve` through its binary, on 127.0.0.1 and a free port: what it serves
//! and how, what it refuses, how it rebuilds after a save, and how it reports an error
//! to the terminal and the open pages. Every wait is a bounded poll.

mod common;
use common::{TestSite, BIN};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);

struct Server {
    child: Child,
    port: u16,
    out: PathBuf,
    _out_dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(site: &TestSite, extra: &[&str]) -> Server {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("preview");
    let mut child = Command::new(BIN)
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(&out)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start kunskapsnav serve");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(WAIT).expect("serve printed its address");
    let port = line
        .trim()
        .strip_prefix("Serving http://127.0.0.1:")
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
    Server {
        child,
        port,
        out,
        _out_dir: out_dir,
    }
}

struct Response {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// A request with the target sent exactly as given (no client-side normalisation).
fn request(port: u16, target: &str, headers: &[(&str, &str)]) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut req = format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let split = buf
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&buf[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: buf[split + 4..].to_vec(),
    }
}

fn get(port: u16, target: &str) -> Response {
    request(port, target, &[])
}

/// Poll until `cond` holds; panics with `what` after the bounded wait.
#[track_caller]
fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < WAIT {
        if cond() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out waiting for {what}");
}

/// The server-sent events of one connection, as (event, data) pairs.
fn events(port: u16) -> Receiver<(String, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.write_all(
        b"GET /__kunskapsnav/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n",
    )
    .unwrap();
    let (tx, rx) = channel();
    // The server registers a client before it writes `retry:`: once that line is read,
    // no event can be missed (an edit made sooner could rebuild before the client is
    // registered, and its event would never come).
    let (ready_tx, ready_rx) = channel();
    std::thread::spawn(move || {
        let mut event = String::new();
        let mut data = String::new();
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { return };
            if line.starts_with("retry:") {
                let _ = ready_tx.send(());
            }
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                data.push_str(d);
            } else if line.is_empty()
                && !event.is_empty()
                && tx
                    .send((std::mem::take(&mut event), std::mem::take(&mut data)))
                    .is_err()
            {
                return;
            }
        }
    });
    ready_rx
        .recv_timeout(WAIT)
        .expect("the event stream started");
    rx
}

#[track_caller]
fn next_event(rx: &Receiver<(String, String)>, name: &str) -> String {
    let start = Instant::now();
    while let Some(left) = WAIT.checked_sub(start.elapsed()) {
        match rx.recv_timeout(left) {
            Ok((e, d)) if e == name => return d,
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no `{name}` event");
}

fn edit(site: &TestSite, rel: &str, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(site.path(rel)).unwrap();
    site.write(rel, f(text));
}

#[test]
fn pages_and_files_are_served_with_their_content_types() {
    let site = TestSite::fixture("stats");
    let s = serve(&site, &[]);
    let page = get(s.port, "/artiklar/siffror/");
    assert_eq!(page.status, 200, "{}", page.text());
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    assert!(page
        .header("content-security-policy")
        .contains("script-src 'self'"));
    assert!(
        page.text()
            .contains("<script src=\"/__kunskapsnav/reload.js\" defer></script></body>"),
        "the reload script is injected before </body>"
    );
    let html = page.text();
    let css = html
        .split('"')
        .find(|s| s.ends_with(".css"))
        .expect("a stylesheet link")
        .to_string();
    let expect = [
        (css.as_str(), "text/css; charset=utf-8"),
        ("/atom.xml", "application/atom+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/__kunskapsnav/reload.js", "text/javascript; charset=utf-8"),
        ("/statistik/kon/kon.csv", "text/csv; charset=utf-8"),
    ];
    for (path, ty) in expect {
        let r = get(s.port, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), ty, "{path}");
    }
    // The search files appear once the background indexer has run.
    wait_until("the search manifest", || {
        get(s.port, "/sok/manifest.json").status == 200
    });
    let manifest = get(s.port, "/sok/manifest.json");
    assert_eq!(manifest.header("content-type"), "application/json");
    let module = manifest
        .text()
        .split('"')
        .find(|s| s.ends_with(".wasm"))
        .expect("the manifest names the module")
        .to_string();
    let wasm = get(s.port, &format!("/sok/{module}"));
    assert_eq!(wasm.header("content-type"), "application/wasm");
    assert_eq!(&wasm.body[..4], b"\0asm");
    assert_eq!(wasm.header("vary"), "Accept-Encoding");
    let br = request(
        s.port,
        &format!("/sok/{module}"),
        &[("Accept-Encoding", "gzip, br")],
    );
    assert_eq!(br.header("content-encoding"), "br");
    assert_eq!(br.header("content-type"), "application/wasm");
    assert!(br.body.len() < wasm.body.len());
    let gz = request(
        s.port,
        &format!("/sok/{module}"),
        &[("Accept-Encoding", "gzip, br;q=0")],
    );
    assert_eq!(gz.header("content-encoding"), "gzip");
    assert_eq!(&gz.body[..2], &[0x1f, 0x8b]);
}

#[test]
fn the_base_path_is_honoured_and_missing_pages_get_the_404_page() {
    let site = TestSite::fixture("basic");
    let s = serve(&site, &[]);
    assert_eq!(get(s.port, "/kunskap/artiklar/forsta/").status, 200);
    let root = get(s.port, "/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("location"), "/kunskap/");
    let slash = get(s.port, "/kunskap/artiklar");
    assert_eq!(slash.status, 301);
    assert_eq!(slash.header("location"), "/kunskap/artiklar/");
    let missing = get(s.port, "/kunskap/finns-inte/");
    assert_eq!(missing.status, 404);
    let want = std::fs::read_to_string(s.out.join("404.html")).unwrap();
    let h1 = want
        .lines()
        .find(|l| l.contains("<h1"))
        .expect("the 404 page has a heading");
    assert!(missing.text().contains(h1.trim()), "{}", missing.text());
    assert_eq!(get(s.port, "/utanfor-basen/").status, 404);
}

#[test]
fn path_traversal_is_refused_in_every_form() {
    let site = TestSite::fixture("basic");
    let s = serve(&site, &[]);
    let outside = tempfile::tempdir().unwrap();
    let secret = "HEMLIGT-INNEHALL";
    std::fs::write(outside.path().join("hemlig.txt"), secret).unwrap();
    std::os::unix::fs::symlink(outside.path().join("hemlig.txt"), s.out.join("hemlig.txt"))
        .unwrap();
    std::os::unix::fs::symlink(outside.path(), s.out.join("ut")).unwrap();
    let depth = "../".repeat(12);
    for target in [
        format!("/kunskap/{depth}etc/passwd"),
        "/kunskap/../404.html".to_string(),
        "/kunskap/%2e%2e/%2e%2e/etc/passwd".to_string(),
        "/kunskap/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd".to_string(),
        "/kunskap/%252e%252e/%252e%252e/etc/passwd".to_string(),
        "/kunskap/..%5c..%5cetc%5cpasswd".to_string(),
        "/kunskap/..\\..\\etc\\passwd".to_string(),
        "/kunskap/index.html%00.css".to_string(),
        "/kunskap/hemlig.txt".to_string(),
        "/kunskap/ut/hemlig.txt".to_string(),
    ] {
        let r = get(s.port, &target);
        assert!(
            r.status == 403 || r.status == 404,
            "{target}: status {}",
            r.status
        );
        assert!(!r.text().contains(secret), "{target} leaked the file");
        assert!(!r.text().contains("root:"), "{target} leaked /etc/passwd");
    }
    assert_eq!(get(s.port, "/kunskap/hemlig.txt").status, 403);
    assert_eq!(get(s.port, "/kunskap/%2e%2e/x").status, 403);
}

#[test]
fn concurrent_requests_all_succeed() {
    let site = TestSite::fixture("basic");
    let s = serve(&site, &[]);
    let port = s.port;
    let paths = [
        "/kunskap/",
        "/kunskap/artiklar/forsta/",
        "/kunskap/artiklar/andra/",
        "/kunskap/taggar/",
        "/kunskap/sitemap.xml",
    ];
    let handles: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                (0..25)
                    .map(|i| get(port, paths[(t + i) % paths.len()]).status)
                    .collect::<Vec<u16>>()
            })
        })
        .collect();
    let statuses: Vec<u16> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    assert_eq!(statuses.len(), 200);
    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
}

/// Many clients at once while the site is being rebuilt over and over (body edits, which
/// take the fast path, and a new page appearing and going, which re-links the site):
/// every answer is a 200 with a whole page, never an error or a half-written file.
#[test]
fn load_during_rebuilds_serves_only_whole_pages() {
    let site = TestSite::fixture("basic");
    let s = serve(&site, &[]);
    let port = s.port;
    let paths = [
        "/kunskap/",
        "/kunskap/artiklar/",
        "/kunskap/artiklar/forsta/",
        "/kunskap/artiklar/andra/",
        "/kunskap/taggar/",
        "/kunskap/sitemap.xml",
    ];
    // The editor makes 30 edits, 40 ms apart; the clients ask until it is done.
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let editor = {
        let done = done.clone();
        let root = site.root().to_path_buf();
        std::thread::spawn(move || {
            let article = root.join("content/artiklar/forsta.md");
            let original = std::fs::read_to_string(&article).unwrap();
            let extra = root.join("content/artiklar/tillfallig.md");
            for edit in 0..30 {
                let body = format!("{original}\nStycke {edit} tillagt under belastning.\n");
                std::fs::write(&article, body).unwrap();
                if edit % 4 == 0 {
                    std::fs::write(&extra, "---\ntitle: Tillfällig\n---\n\nText.\n").unwrap();
                } else if edit % 4 == 2 {
                    let _ = std::fs::remove_file(&extra);
                }
                std::thread::sleep(Duration::from_millis(40));
            }
            std::fs::write(&article, original).unwrap();
            let _ = std::fs::remove_file(&extra);
            done.store(true, std::sync::atomic::Ordering::Relaxed);
        })
    };
    let clients: Vec<_> = (0..12)
        .map(|t| {
            let done = done.clone();
            std::thread::spawn(move || {
                let mut answers = Vec::new();
                let mut i = t * 7;
                let started = Instant::now();
                while !done.load(std::sync::atomic::Ordering::Relaxed) && started.elapsed() < WAIT {
                    let path = paths[i % paths.len()];
                    i += 1;
                    let r = get(port, path);
                    let whole = if path.ends_with(".xml") {
                        r.text().trim_end().ends_with("</urlset>")
                    } else {
                        r.text().contains("</html>")
                    };
                    answers.push((path, r.status, whole));
                }
                answers
            })
        })
        .collect();
    let answers: Vec<(&str, u16, bool)> = clients
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    editor.join().unwrap();
    assert!(answers.len() >= 100, "only {} answers", answers.len());
    let bad: Vec<_> = answers
        .iter()
        .filter(|(_, st, whole)| *st != 200 || !whole)
        .collect();
    assert!(
        bad.is_empty(),
        "{} of {} answers bad, e.g. {:?}",
        bad.len(),
        answers.len(),
        &bad[..bad.len().min(5)]
    );
    // And the server is still answering with the final content.
    wait_until("the restored article", || {
        !get(port, "/kunskap/artiklar/forsta/")
            .text()
            .contains("tillagt under belastning")
    });
}

#[test]
fn a_saved_article_is_served_rebuilt_and_open_pages_are_told() {
    let site = TestSite::fixture("basic");
    let s = serve(&site, &[]);
    let ev = events(s.port);
    // A body edit: only that page.
    edit(&site, "content/artiklar/forsta.md", |t| {
        format!("{t}\nEn helt ny mening i brödtexten.\n")
    });
    let urls = next_event(&ev, "reload");
    assert!(urls.contains("/kunskap/artiklar/forsta/"), "{urls}");
    wait_until("the new sentence", || {
        get(s.port, "/kunskap/artiklar/forsta/")
            .text()
            .contains("En helt ny mening i brödtexten.")
    });
    // A title edit: the section list shows it too.
    edit(&site, "content/artiklar/forsta.md", |t| {
        t.replacen("title: \"", "title: \"Omdöpt: ", 1)
    });
    wait_until("the new title in the section list", || {
        get(s.port, "/kunskap/artiklar/")
            .text()
            .contains("Omdöpt: ")
    });
    // A new article appears, a removed one disappears.
    site.write(
        "content/artiklar/tredje.md",
        "---\ntitle: \"Tredje\"\nsummary: \"Ny.\"\nupdated: 2024-12-01\naudience: [allmänhet]\n---\n\nText.\n",
    );
    wait_until("the new article", || {
        get(s.port, "/kunskap/artiklar/tredje/").status == 200
    });
    site.remove("content/artiklar/tredje.md");
    wait_until("the removed article to go", || {
        get(s.port, "/kunskap/artiklar/tredje/").status == 404
    });
}

#[test]
fn an_error_keeps_the_last_good_page_and_is_shown_until_fixed() {
    let site = TestSite::fixture("basic");
    let s = serve(&site, &[]);
    let ev = events(s.port);
    let before = get(s.port, "/kunskap/artiklar/forsta/").text();
    let good = std::fs::read_to_string(site.path("content/artiklar/forsta.md")).unwrap();
    let lines = good.lines().count();
    site.write(
        "content/artiklar/forsta.md",
        format!("{good}\nSe [saknad](saknad.md) och en ny mening.\n"),
    );
    let problems = next_event(&ev, "problems");
    assert!(
        problems.contains("\"file\":\"content/artiklar/forsta.md\""),
        "{problems}"
    );
    assert!(
        problems.contains(&format!("\"line\":{}", lines + 2)),
        "{problems}"
    );
    assert!(problems.contains("link/broken"), "{problems}");
    // A page opened now is told at once.
    let late = events(s.port);
    assert!(next_event(&late, "problems").contains("saknad.md"));
    let during = get(s.port, "/kunskap/artiklar/forsta/");
    assert_eq!(during.status, 200);
    assert!(!during.text().contains("en ny mening"));
    assert_eq!(
        during.text(),
        before,
        "the last good page is served as it was"
    );
    site.write(
        "content/artiklar/forsta.md",
        format!("{good}\nNu en ny mening utan fel.\n"),
    );
    next_event(&ev, "ok");
    wait_until("the fixed page", || {
        get(s.port, "/kunskap/artiklar/forsta/")
            .text()
            .contains("Nu en ny mening utan fel.")
    });
}

/// After a sequence of edits, the preview's pages are byte for byte what a full build of
/// the same sources writes: the incremental rebuilds missed nothing.
#[test]
fn incremental_rebuilds_match_a_full_build() {
    let site = TestSite::bundled_hub();
    let s = serve(&site, &[]);
    let ev = events(s.port);
    let step = |what: &str, f: &dyn Fn()| {
        f();
        let (event, data) = ev.recv_timeout(WAIT).unwrap_or_default();
        assert_eq!(event, "reload", "{what}: {data}");
    };
    let article = "content/artiklar/grunder/manniskohandel-och-manniskoexploatering.md";
    step("body", &|| {
        edit(&site, article, |t| format!("{t}\nEn mening till.\n"))
    });
    step("title", &|| {
        edit(&site, article, |t| {
            t.replacen("title: \"", "title: \"Ny rubrik: ", 1)
        })
    });
    step("tags", &|| {
        edit(&site, article, |t| {
            t.replacen("tags: [", "tags: [helt-ny-tagg, ", 1)
        })
    });
    step("new page", &|| {
        site.write(
            "content/artiklar/grunder/ny.md",
            format!(
                "---\ntitle: \"Ny sida\"\nsummary: \"Ny.\"\nupdated: 2024-12-01\naudience: [allmänhet]\ntags: [helt-ny-tagg]\n---\n\nSe [{0}]({0}).\n",
                "manniskohandel-och-manniskoexploatering.md"
            ),
        );
    });
    step("remove page", &|| {
        site.remove("content/artiklar/grunder/ny.md")
    });
    // Let any straggling rebuild finish: no event for a second.
    while ev.recv_timeout(Duration::from_secs(1)).is_ok() {}
    let url = format!("http://127.0.0.1:{}/", s.port);
    let fresh = tempfile::tempdir().unwrap();
    let built = fresh.path().join("site");
    let run = Command::new(BIN)
        .args(["build", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(&built)
        .args(["--base-url", &url])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // The search index is packed in the background by serve: compare the pages.
    let files = |root: &Path| -> Vec<(String, Vec<u8>)> {
        common::files_under(root)
            .into_iter()
            .filter(|(rel, _)| !rel.starts_with("sok/") || rel == "sok/index.html")
            .collect()
    };
    let (served, expected) = (files(&s.out), files(&built));
    let names = |v: &[(String, Vec<u8>)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&served), names(&expected), "the same files");
    for ((name, a), (_, b)) in served.iter().zip(&expected) {
        assert!(a == b, "{name} differs from a full build");
    }
}

#[test]
fn the_reload_script_is_never_in_build_output() {
    let site = TestSite::fixture("basic");
    site.build().assert_ok();
    for entry in walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let bytes = std::fs::read(entry.path()).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__kunskapsnav"),
            "{}",
            entry.path().display()
        );
    }
}

#[test]
fn serve_refuses_an_output_folder_it_did_not_make() {
    let site = TestSite::fixture("basic");
    let theirs = tempfile::tempdir().unwrap();
    std::fs::write(theirs.path().join("viktig.txt"), "x").unwrap();
    let run = Command::new(BIN)
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .arg("--out")
        .arg(theirs.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(theirs.path().join("viktig.txt").is_file());
}
