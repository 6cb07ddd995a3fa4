//! Queries an index written by `write-index` natively, printing each query's time, the
//! chunks it read and its first hits:
//! `cargo run --release -p kunskapsnav-search --example query -- out/index.knsi "query" …`

use std::process::ExitCode;
use std::time::Instant;

use kunskapsnav_search::SearchIndex;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((head, queries)) = args.split_first() else {
        eprintln!("usage: query DIR/index.knsi QUERY...");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    let index = match SearchIndex::open(std::path::Path::new(head)) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "opened {} documents, {} chunks, in {:?}",
        index.num_docs(),
        index.chunk_count(),
        start.elapsed()
    );
    for q in queries {
        let before = index.loaded_chunks();
        let start = Instant::now();
        let r = index.search(q, &[], 10);
        println!(
            "{q:?}: {} hits in {:?}, {} chunks read{}",
            r.total,
            start.elapsed(),
            index.loaded_chunks() - before,
            r.message.map(|m| format!(" ({m})")).unwrap_or_default()
        );
        for h in r.hits.iter().take(3) {
            println!("  {:.2} {} {}", h.score, h.url, h.title);
        }
    }
    ExitCode::SUCCESS
}
