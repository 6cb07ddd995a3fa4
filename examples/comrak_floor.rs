//! The floor a build cannot beat: parsing and rendering the same Markdown with comrak
//! alone, with the project's options (`kunskapsnav::parse::markdown::options`), nothing else.
//!
//! `cargo run --release --example comrak_floor -- CONTENT_DIR [RUNS]`
//!
//! Reads every `.md` under CONTENT_DIR into memory and strips the front matter (timed
//! apart), then parses and renders every body to HTML, RUNS times (default 5)
//! single-threaded and RUNS times in parallel with rayon (all cores). Prints one line per
//! mode, machine-readable `key=value` pairs, times in seconds:
//!
//! ```text
//! comrak_floor mode=read files=1132 bytes=9012345 seconds=0.0123
//! comrak_floor mode=single runs=5 threads=1 median_s=0.8123 min_s=0.8011 max_s=0.8420 html_bytes=12345678
//! comrak_floor mode=parallel runs=5 threads=2 median_s=0.4301 min_s=0.4200 max_s=0.4555 html_bytes=12345678
//! ```
//!
//! A tool for the team (scripts/bench-compare), not a test: nothing asserts a time.

use comrak::{format_html, parse_document, Arena, Options};
use rayon::prelude::*;
use std::path::Path;
use std::time::Instant;

/// The body of a content file: what follows the front matter between two `---` lines.
fn body(text: &str) -> &str {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return text;
    };
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        at += line.len();
        if line.trim_end() == "---" {
            return &rest[at..];
        }
    }
    text
}

fn render(md: &str, opts: &Options) -> usize {
    let arena = Arena::new();
    let root = parse_document(&arena, md, opts);
    let mut html = String::with_capacity(md.len() * 2);
    if format_html(root, opts, &mut html).is_err() {
        return 0;
    }
    html.len()
}

fn stats(mut xs: Vec<f64>) -> (f64, f64, f64) {
    xs.sort_by(|a, b| a.total_cmp(b));
    let n = xs.len();
    let median = if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    };
    (median, xs[0], xs[n - 1])
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: comrak_floor CONTENT_DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args
        .get(2)
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(5);

    let start = Instant::now();
    let mut files: Vec<String> = Vec::new();
    for entry in walkdir::WalkDir::new(Path::new(dir)).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                eprintln!("cannot read {dir}: {e}");
                std::process::exit(2);
            }
        };
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            match std::fs::read_to_string(entry.path()) {
                Ok(t) => files.push(t),
                Err(e) => {
                    eprintln!("cannot read {}: {e}", entry.path().display());
                    std::process::exit(2);
                }
            }
        }
    }
    let bodies: Vec<&str> = files.iter().map(|t| body(t)).collect();
    let read_s = start.elapsed().as_secs_f64();
    let bytes: usize = bodies.iter().map(|b| b.len()).sum();
    println!(
        "comrak_floor mode=read files={} bytes={bytes} seconds={read_s:.4}",
        bodies.len()
    );

    let opts = kunskapsnav::parse::markdown::options(false);
    let mut html_bytes = 0;
    let mut single = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        html_bytes = bodies.iter().map(|b| render(b, &opts)).sum::<usize>();
        single.push(t.elapsed().as_secs_f64());
    }
    let (median, min, max) = stats(single);
    println!(
        "comrak_floor mode=single runs={runs} threads=1 median_s={median:.4} min_s={min:.4} max_s={max:.4} html_bytes={html_bytes}"
    );

    let mut parallel = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        html_bytes = bodies.par_iter().map(|b| render(b, &opts)).sum::<usize>();
        parallel.push(t.elapsed().as_secs_f64());
    }
    let (median, min, max) = stats(parallel);
    println!(
        "comrak_floor mode=parallel runs={runs} threads={} median_s={median:.4} min_s={min:.4} max_s={max:.4} html_bytes={html_bytes}",
        rayon::current_num_threads()
    );
}
