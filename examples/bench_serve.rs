//! Save-to-served latency of `kunskapsnav serve`: starts the server on a site (the
//! generated 10 000-page corpus, see `scripts/bench-serve`), then, many times over, saves
//! one article and polls the server until the page it serves contains the change.
//! Reports median and p95, for a body edit (the common case) and a title edit (which also
//! changes the section list, the tag pages and the pages that link to the article).
//!
//! `cargo run --release --example bench_serve -- SITE [ITERATIONS]`; the binary used is
//! `target/release/kunskapsnav` (or `$KUNSKAPSNAV_BIN`). Files are restored at the end.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.get(9..12)?.parse().ok()?;
    Some((status, text))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() as f64 - 1.0)).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

struct Restore(Vec<(PathBuf, String)>);
impl Drop for Restore {
    fn drop(&mut self) {
        for (p, text) in &self.0 {
            let _ = std::fs::write(p, text);
        }
    }
}

/// Save `file` with `edit` applied, then poll `url` until it contains `needle`.
fn measure(port: u16, file: &Path, edited: String, url: &str, needle: &str) -> Option<f64> {
    std::fs::write(file, edited).ok()?;
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if let Some((200, body)) = get(port, url) {
            if body.contains(needle) {
                return Some(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    None
}

/// Poll until the page no longer contains `needle`.
fn wait_without(port: u16, url: &str, needle: &str) -> Option<()> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if let Some((200, body)) = get(port, url) {
            if !body.contains(needle) {
                return Some(());
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    None
}

fn report(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(|a, b| a.total_cmp(b));
    println!(
        "| {name} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
        ms.len(),
        percentile(&ms, 50.0),
        percentile(&ms, 95.0),
        ms.first().copied().unwrap_or(f64::NAN),
        ms.last().copied().unwrap_or(f64::NAN)
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(site) = args.get(1).map(PathBuf::from) else {
        eprintln!("usage: bench_serve SITE [ITERATIONS]");
        std::process::exit(2);
    };
    let iterations: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(50);
    let bin = std::env::var("KUNSKAPSNAV_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/kunskapsnav")
        });
    let out = std::env::temp_dir().join(format!("kunskapsnav-bench-serve-{}", std::process::id()));
    let mut child = match Command::new(&bin)
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .arg("--out")
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot start {}: {e}", bin.display());
            std::process::exit(2);
        }
    };
    let started = Instant::now();
    let mut line = String::new();
    let stdout = child.stdout.take();
    let port: Option<(u16, String)> = stdout.and_then(|s| {
        BufReader::new(s).read_line(&mut line).ok()?;
        let url = line.trim().strip_prefix("Serving http://127.0.0.1:")?;
        let (port, base) = url.split_once('/')?;
        Some((port.parse().ok()?, format!("/{base}")))
    });
    let Some((port, base)) = port else {
        eprintln!("the server printed no address: {line:?}");
        let _ = child.kill();
        std::process::exit(2);
    };
    eprintln!(
        "initial build and start: {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let articles = site.join("content/artiklar");
    let mut restore = Restore(Vec::new());
    let mut body_ms = Vec::new();
    let mut title_ms = Vec::new();
    for i in 0..iterations {
        let n = (i * 7919) % 10_000;
        let file = articles.join(format!("a{n}.md"));
        let Ok(original) = std::fs::read_to_string(&file) else {
            continue;
        };
        restore.0.push((file.clone(), original.clone()));
        let url = format!("{base}artiklar/a{n}/");
        // A body edit: a new sentence at the end (the article's page alone changes).
        let marker = format!("Mätpunkt {i} i brödtexten.");
        match measure(
            port,
            &file,
            format!("{original}\n{marker}\n"),
            &url,
            &marker,
        ) {
            Some(ms) => body_ms.push(ms),
            None => eprintln!("iteration {i}: the body edit never appeared"),
        }
        // A title edit: the article's h1, its section's list and its tag pages change.
        if i % 5 == 0 {
            let title = format!("Rubrik {i} ändrad");
            let edited = original.replacen("title: \"", &format!("title: \"{title} "), 1);
            match measure(port, &file, edited, &url, &title) {
                Some(ms) => title_ms.push(ms),
                None => eprintln!("iteration {i}: the title edit never appeared"),
            }
        }
        // Put the file back and wait until that is served too, so every measurement
        // starts from an idle server.
        let first_line = original.lines().nth(1).unwrap_or("").to_string();
        let title = first_line
            .trim_start_matches("title: \"")
            .trim_end_matches('"');
        let _ = measure(port, &file, original.clone(), &url, title);
        let _ = wait_without(port, &url, &marker);
        let _ = wait_without(port, &url, &format!("Rubrik {i} ändrad"));
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(restore);
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&out);
    println!(
        "\n| edit | runs | median ms | p95 ms | min ms | max ms |\n|---|---:|---:|---:|---:|---:|"
    );
    report("body of one article (save → served)", body_ms);
    report("title of one article (save → served)", title_ms);
}
