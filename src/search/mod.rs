//! Glue between the site build and the search (crate `kunskapsnav-search`): writes the
//! index, the WebAssembly module and a manifest into the output under `/sok/`, and runs
//! searches from the command line on a built site.
//!
//! Output (paths relative to the output directory):
//! ```text
//! sok/manifest.json                      {"module", "index", "chunks", "documents"}
//! sok/kunskapsnav-search.<hash>.wasm     (+ .gz, .br)
//! sok/index.<hash>.knsi                  the index head (+ .gz, .br)
//! sok/index.<hash>/<n>.knc               its chunks (+ .gz, .br where smaller)
//! ```
//! The module, head and chunks carry a content hash in their names so they can be cached
//! for ever; only the small manifest must be revalidated. The browser side
//! (`themes/default/static/js/search.js` and `search-worker.js`) reads the manifest, then
//! fetches the head and, query by query, the chunks it needs (docs/search-index.md).

pub mod docs;

use std::io::Write;
use std::path::Path;

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

fn brotli(bytes: &[u8], quality: u32) -> Result<Vec<u8>, SearchError> {
    let mut out = Vec::new();
    {
        let mut enc = brotli::CompressorWriter::new(&mut out, 64 * 1024, quality, 22);
        enc.write_all(bytes)?;
        enc.flush()?;
    }
    Ok(out)
}

/// `path` with `.gz` and `.br` copies, each only where it is smaller than the original.
fn with_compressed(
    path: String,
    bytes: Vec<u8>,
    quality: u32,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let mut out = Vec::with_capacity(3);
    let gz = gzip(&bytes)?;
    if gz.len() < bytes.len() {
        out.push((format!("{path}.gz"), gz));
    }
    let br = brotli(&bytes, quality)?;
    if br.len() < bytes.len() {
        out.push((format!("{path}.br"), br));
    }
    out.push((path, bytes));
    Ok(out)
}

/// The search files for `docs`, in memory, for the build's atomic emit:
/// `(path relative to the output, bytes)`, deterministic.
pub fn search_files(docs: &[SearchDoc]) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let (parts, stats) = build_index(docs)?;
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
        .map_err(|e| SearchError::Io(std::io::Error::other(e)))?;
    let at = |name: &str| format!("{SEARCH_DIR}/{name}");
    // Top brotli quality for ordinary sites; a little less for very large indexes (speed).
    let quality = if stats.bytes > 8 << 20 { 9 } else { 11 };
    let mut files = vec![
        (at(MANIFEST), json),
        (at(&module_name), WASM.to_vec()),
        (at(&format!("{module_name}.gz")), WASM_GZ.to_vec()),
        (at(&format!("{module_name}.br")), WASM_BR.to_vec()),
    ];
    files.extend(with_compressed(at(&head_name), parts.head, 11)?);
    let chunks: Vec<Vec<(String, Vec<u8>)>> = parts
        .chunks
        .into_par_iter()
        .enumerate()
        .map(|(n, bytes)| {
            let path = at(&format!("{chunk_dir}{}", chunk_file_name(n as u32)));
            with_compressed(path, bytes, quality)
        })
        .collect::<Result<_, _>>()?;
    files.extend(chunks.into_iter().flatten());
    Ok(files)
}

/// Writes [`search_files`] under `out_dir` (tests and tools; the build emits them itself).
pub fn write_search_files(docs: &[SearchDoc], out_dir: &Path) -> Result<(), SearchError> {
    for (path, bytes) in search_files(docs)? {
        let path = out_dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes).map_err(|e| {
            SearchError::Io(std::io::Error::new(
                e.kind(),
                format!("{}: {e}", path.display()),
            ))
        })?;
    }
    Ok(())
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
