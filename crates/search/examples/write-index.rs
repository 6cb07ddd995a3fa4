//! Writes an index (head and chunks) from a JSON array of `SearchDoc`s:
//! `cargo run -p kunskapsnav-search --features writer --example write-index -- docs.json out/`
//! (used by the wasm test in crates/search-wasm/tests and for benchmarks).

use std::process::ExitCode;

use kunskapsnav_search::{write_index, SearchDoc};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [docs, out] = args.as_slice() else {
        eprintln!("usage: write-index DOCS.json OUT_DIR");
        return ExitCode::from(2);
    };
    let docs: Vec<SearchDoc> = match std::fs::read(docs)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{docs}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let start = std::time::Instant::now();
    match write_index(&docs, std::path::Path::new(out)) {
        Ok(stats) => {
            println!("{stats:?} in {:?}", start.elapsed());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
