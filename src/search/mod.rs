//! Glue between the site build and the search (crate `kunskapsnav-search`): writes the
//! index, the WebAssembly module and a manifest into the output under `/sok/`, and runs
//! searches from the command line on a built site.
//!
//! Output (paths relative to the output directory):
//! ```text
//! sok/manifest.json                      {"module", "index", "chunks", "documents"}
//! sok/kunskapsnav-search.<hash>.wasm     (+ .gz, .br)
//! sok/index.<hash>.knsi                  the index head (+ .gz, .br)
//! sok/index.<hash>/<n>.knc               its chunks (+ .gz where smaller)
//! ```
//! The module, head and chunks carry a content hash in their names so they can be cached
//! for ever; only the small manifest must be revalidated. The browser side
//! (`themes/default/static/js/search.js` and `search-worker.js`) reads the manifest, then
//! fetches the head and, query by query, the chunks it needs (docs/search-index.md).

pub mod docs;

use std::io::Write;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use kunskapsnav_search::{
    build_index, chunk_dir_name, chunk_file_name, SearchError, SearchIndex, SearchResults,
};
pub use kunskapsnav_search::{IndexStats, SearchDoc};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

/// The folder of the search page and its files, relative to the output directory.
pub const SEARCH_DIR: &str = "sok";
/// The manifest naming the current module and index.
pub const MANIFEST: &str = "manifest.json";

static WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kunskapsnav_search.wasm"));
/// The module precompressed by build.rs (gzip, brotli).
static WASM_GZ: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kunskapsnav_search.wasm.gz"));
static WASM_BR: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kunskapsnav_search.wasm.br"));

/// The search module for the browser, built by build.rs for wasm32-unknown-unknown.
pub fn wasm_module() -> &'static [u8] {
    WASM
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Manifest {
    module: String,
    /// The head, relative to the manifest.
    index: String,
    /// The folder of the chunks, relative to the manifest, with a trailing `/`.
    chunks: String,
    documents: usize,
}

fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>, SearchError> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?)
}

/// Brotli at `quality`, with a window no larger than the input needs (a 4 MiB window per
/// small file made brotli allocate and clear megabytes each time).
fn brotli(bytes: &[u8], quality: u32) -> Result<Vec<u8>, SearchError> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: quality as i32,
        lgwin: window_bits(bytes.len()),
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// log2 of the smallest brotli window (10–24 bits) that holds `len` bytes (a window of
/// 2^n bits holds 2^n − 16 bytes).
fn window_bits(len: usize) -> i32 {
    let size = len
        .saturating_add(16)
        .checked_next_power_of_two()
        .unwrap_or(1 << 24);
    (size.trailing_zeros() as i32).clamp(10, 24)
}

/// How a file is precompressed.
#[derive(Clone, Copy)]
enum Precompress {
    /// `.gz` and `.br` (brotli at top quality): files every visitor of the search loads.
    GzipAndBrotli,
    /// `.gz` only: the index chunks. On ~8 KiB chunks brotli saves about 7 % over gzip
    /// but costs about 70 times the CPU (measured on a 10 000-page index: 39 s against
    /// 0.5 s per 26 MB); a server configured for brotli falls back to the `.gz` file.
    Gzip,
}

/// `path`'s precompressed copies, each only where it is smaller than the original, and
/// `path` itself.
fn with_compressed(
    path: String,
    bytes: &[u8],
    how: Precompress,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let mut out = Vec::with_capacity(3);
    let gz = gzip(bytes)?;
    if gz.len() < bytes.len() {
        out.push((format!("{path}.gz"), gz));
    }
    if let Precompress::GzipAndBrotli = how {
        let br = brotli(bytes, 11)?;
        if br.len() < bytes.len() {
            out.push((format!("{path}.br"), br));
        }
    }
    out.push((path, bytes.to_vec()));
    Ok(out)
}

/// Where [`emit_search_files`] puts each file: `(path relative to the output, bytes)`.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

/// Builds the search index of `docs` and hands its files (manifest, module, head and
/// chunks, with their precompressed copies) to `sink` one by one, so that a large index
/// is never held twice in memory. The files are deterministic.
pub fn emit_search_files(docs: &[SearchDoc], sink: &Sink<'_>) -> Result<(), Diagnostic> {
    let (parts, stats) = build_index(docs).map_err(index_error)?;
    let mut hasher = Sha256::new();
    hasher.update(&parts.head);
    for chunk in &parts.chunks {
        hasher.update(chunk);
    }
    let digest = hasher.finalize();
    let hash: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    let module_name = format!("kunskapsnav-search.{}.wasm", short_hash(WASM));
    let head_name = format!("index.{hash}.knsi");
    let chunk_dir = format!("{}/", chunk_dir_name(&head_name));
    let manifest = Manifest {
        module: module_name.clone(),
        index: head_name.clone(),
        chunks: chunk_dir.clone(),
        documents: stats.documents,
    };
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| index_error(SearchError::Io(std::io::Error::other(e))))?;
    let at = |name: &str| format!("{SEARCH_DIR}/{name}");
    sink(&at(MANIFEST), &json)?;
    sink(&at(&module_name), WASM)?;
    sink(&at(&format!("{module_name}.gz")), WASM_GZ)?;
    sink(&at(&format!("{module_name}.br")), WASM_BR)?;
    let emit_compressed = |path: String, bytes: &[u8], how: Precompress| {
        for (path, bytes) in with_compressed(path, bytes, how).map_err(index_error)? {
            sink(&path, &bytes)?;
        }
        Ok::<(), Diagnostic>(())
    };
    emit_compressed(at(&head_name), &parts.head, Precompress::GzipAndBrotli)?;
    parts
        .chunks
        .par_iter()
        .enumerate()
        .try_for_each(|(n, bytes)| {
            let path = at(&format!("{chunk_dir}{}", chunk_file_name(n as u32)));
            emit_compressed(path, bytes, Precompress::Gzip)
        })
}

/// The search files for `docs`, in memory and sorted by path (`serve`, tests).
pub fn search_files(docs: &[SearchDoc]) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let files = std::sync::Mutex::new(Vec::new());
    emit_search_files(docs, &|path, bytes| {
        files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((path.to_string(), bytes.to_vec()));
        Ok(())
    })?;
    let mut files = files
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files.sort();
    Ok(files)
}

fn index_error(e: SearchError) -> Diagnostic {
    Diagnostic::error(
        "search/index",
        "sok/",
        format!("cannot write the search index: {e}"),
    )
    .with_help("this is a bug in kunskapsnav; please report it with the content that triggers it")
}

/// Writes [`search_files`] under `out_dir` (tests and tools; the build emits them itself).
pub fn write_search_files(docs: &[SearchDoc], out_dir: &Path) -> Result<(), Diagnostic> {
    emit_search_files(docs, &|path, bytes| {
        let path = out_dir.join(path);
        let written = match path.parent() {
            Some(parent) => std::fs::create_dir_all(parent),
            None => Ok(()),
        }
        .and_then(|()| std::fs::write(&path, bytes));
        written.map_err(|e| {
            Diagnostic::error("output/io", &path, format!("cannot write: {e}"))
                .with_help("check that the folder is writable and the disk is not full")
        })
    })
}

/// Opens the index of the site built in `out_dir`.
pub fn open_index(out_dir: &Path) -> Result<SearchIndex, SearchError> {
    let dir = out_dir.join(SEARCH_DIR);
    let manifest_path = dir.join(MANIFEST);
    let manifest = std::fs::read(&manifest_path).map_err(|_| {
        SearchError::Missing(format!(
            "{} (build the site first: kunskapsnav build)",
            manifest_path.display()
        ))
    })?;
    let manifest: Manifest = serde_json::from_slice(&manifest)
        .map_err(|e| SearchError::Corrupt(format!("{}: {e}", manifest_path.display())))?;
    SearchIndex::open(&dir.join(&manifest.index))
}

/// Runs a search on the site built in `out_dir` (for `kunskapsnav search`). Text output:
/// one line per hit, `URL<TAB>kind<TAB>title<TAB>snippet` with matches in `[…]`, and the
/// message (if any) on the first line prefixed with `# `. JSON output: the results.
pub fn run_cli_search(
    out_dir: &Path,
    query: &str,
    filters: &[(String, String)],
    json: bool,
) -> Result<String, SearchError> {
    let index = open_index(out_dir)?;
    let results = index.search(query, filters, 20);
    if json {
        return serde_json::to_string_pretty(&results)
            .map_err(|e| SearchError::Io(std::io::Error::other(e)));
    }
    Ok(format_text(&results))
}

fn format_text(results: &SearchResults) -> String {
    let mut out = String::new();
    if let Some(message) = &results.message {
        out.push_str(&format!("# {message}\n"));
    }
    for hit in &results.hits {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            hit.url,
            hit.kind,
            hit.title,
            snippet_text(&hit.snippet_html)
        ));
    }
    out.push_str(&format!("# {} träffar\n", results.total));
    out
}

/// The snippet as plain text, matches in brackets.
fn snippet_text(html: &str) -> String {
    html.replace("<mark>", "[")
        .replace("</mark>", "]")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs() -> Vec<SearchDoc> {
        vec![SearchDoc {
            url: "/rattsfall/lycksele-b-583-23/".into(),
            title: "Tvångsarbete i bärplockning".into(),
            kind: "rättsfall".into(),
            body: "Dom om människohandel & tvångsarbete.".into(),
            keys: vec!["B 583-23".into()],
            ..SearchDoc::default()
        }]
    }

    #[test]
    fn brotli_windows_fit_the_input() {
        assert_eq!(window_bits(0), 10);
        assert_eq!(window_bits(8 * 1024), 14);
        assert_eq!(window_bits(8 * 1024 - 16), 13);
        assert_eq!(window_bits(1 << 30), 24);
        let text = "människohandel och exploatering ".repeat(400);
        let packed = brotli(text.as_bytes(), 11).expect("compresses");
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &packed[..], &mut unpacked).expect("decompresses");
        assert_eq!(unpacked, text.as_bytes());
    }

    #[test]
    fn the_embedded_module_is_webassembly() {
        assert_eq!(&wasm_module()[..4], b"\0asm");
    }

    #[test]
    fn search_files_are_written_compressed_and_searchable_from_the_cli() {
        let out = tempfile::tempdir().expect("temp dir");
        write_search_files(&docs(), out.path()).expect("writes");
        let manifest: Manifest = serde_json::from_slice(
            &std::fs::read(out.path().join("sok/manifest.json")).expect("manifest"),
        )
        .expect("parses");
        for file in [&manifest.module, &manifest.index] {
            for ext in ["", ".gz", ".br"] {
                assert!(
                    out.path().join(format!("sok/{file}{ext}")).is_file(),
                    "{file}{ext}"
                );
            }
        }
        assert!(out
            .path()
            .join(format!("sok/{}0.knc", manifest.chunks))
            .is_file());
        let text = run_cli_search(out.path(), "B583-23", &[], false).expect("searches");
        assert!(
            text.starts_with("/rattsfall/lycksele-b-583-23/\trättsfall\t"),
            "{text}"
        );
        assert!(
            text.contains("[människohandel]") || text.contains("Dom om"),
            "{text}"
        );
        let json = run_cli_search(out.path(), "tvångsarbete", &[], true).expect("searches");
        assert!(json.contains("\"total\": 1"), "{json}");
    }

    #[test]
    fn searching_an_unbuilt_site_says_to_build_it() {
        let out = tempfile::tempdir().expect("temp dir");
        let err = run_cli_search(out.path(), "x", &[], false).expect_err("no index");
        assert!(err.to_string().contains("kunskapsnav build"), "{err}");
    }

    #[test]
    fn the_search_files_are_deterministic() {
        let a = search_files(&docs()).expect("indexes");
        let b = search_files(&docs()).expect("indexes");
        assert!(a == b, "two builds differ");
    }
}
