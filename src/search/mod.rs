//! Glue between the site build and the search (crate `kunskapsnav-search`): writes the
//! index, the WebAssembly module and a manifest into the output under `/sok/`, and runs
//! searches from the command line on a built site.
//!
//! Output (paths relative to the output directory):
//! ```text
//! sok/manifest.json                      {"module": "...", "index": "...", "documents": n}
//! sok/kunskapsnav-search.<hash>.wasm     (+ .gz, .br)
//! sok/index.<hash>.knsi                  (+ .gz, .br)
//! ```
//! The module and index carry a content hash in their names so they can be cached for
//! ever; only the small manifest must be revalidated. The browser side
//! (`themes/default/static/js/search.js` and `search-worker.js`) reads the manifest.

pub mod docs;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use kunskapsnav_search::{IndexStats, SearchDoc};
use kunskapsnav_search::{SearchError, SearchIndex, SearchResults};
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

/// What [`write_search_assets`] wrote.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SearchAssets {
    /// Paths relative to the output directory, `/`-separated.
    pub manifest: String,
    pub module: String,
    pub index: String,
    pub stats: IndexStats,
    /// Sizes of the module: raw, gzip, brotli.
    pub module_bytes: [usize; 3],
    /// Sizes of the index: raw, gzip, brotli.
    pub index_bytes: [usize; 3],
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Manifest {
    module: String,
    index: String,
    documents: usize,
}

fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..4].iter().map(|b| format!("{b:02x}")).collect()
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), SearchError> {
    std::fs::write(path, bytes).map_err(|e| {
        SearchError::Io(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", path.display()),
        ))
    })
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>, SearchError> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes)?;
    Ok(enc.finish()?)
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>, SearchError> {
    // Top quality for ordinary sites; a little less for very large indexes (speed).
    let quality = if bytes.len() > 4 << 20 { 9 } else { 11 };
    let mut out = Vec::new();
    {
        let mut enc = brotli::CompressorWriter::new(&mut out, 64 * 1024, quality, 22);
        enc.write_all(bytes)?;
        enc.flush()?;
    }
    Ok(out)
}

/// Writes `bytes` to `dir/name` with `.gz` and `.br` copies; returns the three sizes.
fn write_compressed(dir: &Path, name: &str, bytes: &[u8]) -> Result<[usize; 3], SearchError> {
    write_precompressed(dir, name, bytes, &gzip(bytes)?, &brotli(bytes)?)
}

fn write_precompressed(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    gz: &[u8],
    br: &[u8],
) -> Result<[usize; 3], SearchError> {
    write(&dir.join(name), bytes)?;
    write(&dir.join(format!("{name}.gz")), gz)?;
    write(&dir.join(format!("{name}.br")), br)?;
    Ok([bytes.len(), gz.len(), br.len()])
}

/// Writes the search index of `docs`, the module and the manifest under
/// `out_dir/sok/`. Deterministic: the same documents give the same bytes and names.
pub fn write_search_assets(
    docs: &[SearchDoc],
    out_dir: &Path,
) -> Result<SearchAssets, SearchError> {
    let dir = out_dir.join(SEARCH_DIR);
    std::fs::create_dir_all(&dir)?;
    let (index, stats) = kunskapsnav_search::build_bundle(docs)?;
    let module_name = format!("kunskapsnav-search.{}.wasm", short_hash(WASM));
    let index_name = format!("index.{}.knsi", short_hash(&index));
    let module_bytes = write_precompressed(&dir, &module_name, WASM, WASM_GZ, WASM_BR)?;
    let index_bytes = write_compressed(&dir, &index_name, &index)?;
    let manifest = Manifest {
        module: module_name.clone(),
        index: index_name.clone(),
        documents: stats.documents,
    };
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| SearchError::Io(std::io::Error::other(e)))?;
    write(&dir.join(MANIFEST), &json)?;
    Ok(SearchAssets {
        manifest: format!("{SEARCH_DIR}/{MANIFEST}"),
        module: format!("{SEARCH_DIR}/{module_name}"),
        index: format!("{SEARCH_DIR}/{index_name}"),
        stats,
        module_bytes,
        index_bytes,
    })
}

/// The same files as [`write_search_assets`], in memory, for the build's atomic emit:
/// `(path relative to the output, bytes)`, deterministic.
pub fn search_files(docs: &[SearchDoc]) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let (index, stats) = kunskapsnav_search::build_bundle(docs)?;
    let module_name = format!("kunskapsnav-search.{}.wasm", short_hash(WASM));
    let index_name = format!("index.{}.knsi", short_hash(&index));
    let manifest = Manifest {
        module: module_name.clone(),
        index: index_name.clone(),
        documents: stats.documents,
    };
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| SearchError::Io(std::io::Error::other(e)))?;
    let at = |name: &str| format!("{SEARCH_DIR}/{name}");
    let (index_gz, index_br) = (gzip(&index)?, brotli(&index)?);
    Ok(vec![
        (at(MANIFEST), json),
        (at(&module_name), WASM.to_vec()),
        (at(&format!("{module_name}.gz")), WASM_GZ.to_vec()),
        (at(&format!("{module_name}.br")), WASM_BR.to_vec()),
        (at(&format!("{index_name}.gz")), index_gz),
        (at(&format!("{index_name}.br")), index_br),
        (at(&index_name), index),
    ])
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
    let index_path: PathBuf = dir.join(&manifest.index);
    SearchIndex::open(&index_path)
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
    fn search_assets_are_written_compressed_and_searchable_from_the_cli() {
        let out = tempfile::tempdir().expect("temp dir");
        let assets = write_search_assets(&docs(), out.path()).expect("writes");
        for file in [&assets.module, &assets.index] {
            for ext in ["", ".gz", ".br"] {
                assert!(
                    out.path().join(format!("{file}{ext}")).is_file(),
                    "{file}{ext}"
                );
            }
        }
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
    fn the_assets_are_deterministic() {
        let a = tempfile::tempdir().expect("temp dir");
        let b = tempfile::tempdir().expect("temp dir");
        let x = write_search_assets(&docs(), a.path()).expect("writes");
        let y = write_search_assets(&docs(), b.path()).expect("writes");
        assert_eq!(x, y);
        for f in [
            &x.index,
            &x.manifest,
            &format!("{}.br", x.index),
            &format!("{}.gz", x.index),
        ] {
            assert_eq!(
                std::fs::read(a.path().join(f)).ok(),
                std::fs::read(b.path().join(f)).ok(),
                "{f}"
            );
        }
    }
}
