//! kunskapsnav's search as a WebAssembly module with a tiny C-like interface.
//!
//! Protocol (all strings UTF-8, JSON):
//! 1. `kn_alloc(len)` → pointer; the host copies the index bundle there and calls
//!    `kn_load(ptr, len)`, which takes ownership of the buffer. Returns 0 on success.
//! 2. For each query: `kn_alloc` + copy the request `{"q": "...", "filters": [["kind",
//!    "rättsfall"]], "limit": 20}`, call `kn_search(ptr, len)` (returns 0 on success), then
//!    free the request with `kn_free(ptr, len)`.
//! 3. After `kn_load` or `kn_search`, `kn_result_ptr()`/`kn_result_len()` point at the
//!    answer: the results JSON, `{"documents": n}` after loading, or `{"error": "..."}`.

use std::cell::RefCell;

use kunskapsnav_search::{SearchIndex, SearchResults};
use serde::Deserialize;

thread_local! {
    static INDEX: RefCell<Option<SearchIndex>> = const { RefCell::new(None) };
    static RESULT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

#[derive(Deserialize)]
struct Request {
    #[serde(default)]
    q: String,
    #[serde(default)]
    filters: Vec<(String, String)>,
    #[serde(default = "default_limit")]
    limit: usize,
}

fn default_limit() -> usize {
    20
}

fn set_result(bytes: Vec<u8>) {
    RESULT.with(|r| *r.borrow_mut() = bytes);
}

fn error(message: &str) -> i32 {
    set_result(
        serde_json::json!({ "error": message })
            .to_string()
            .into_bytes(),
    );
    1
}

/// Allocates `len` bytes for the host to fill.
#[no_mangle]
pub extern "C" fn kn_alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len.max(1));
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Frees a buffer from [`kn_alloc`] that was not handed to [`kn_load`].
///
/// # Safety
/// `ptr` and `len` must come from one `kn_alloc` call, freed once.
#[no_mangle]
pub unsafe extern "C" fn kn_free(ptr: *mut u8, len: usize) {
    drop(Vec::from_raw_parts(ptr, 0, len.max(1)));
}

/// Opens the index bundle in the buffer (taking ownership of it).
///
/// # Safety
/// `ptr`/`len` must come from one `kn_alloc(len)` call, filled by the host.
#[no_mangle]
pub unsafe extern "C" fn kn_load(ptr: *mut u8, len: usize) -> i32 {
    let mut bytes = Vec::from_raw_parts(ptr, len, len.max(1));
    bytes.truncate(len);
    match SearchIndex::from_bundle(bytes) {
        Ok(index) => {
            let docs = index.num_docs();
            INDEX.with(|i| *i.borrow_mut() = Some(index));
            set_result(format!("{{\"documents\":{docs}}}").into_bytes());
            0
        }
        Err(e) => error(&e.to_string()),
    }
}

/// Answers the JSON request in the buffer (which the host frees afterwards).
///
/// # Safety
/// `ptr`/`len` must describe initialised memory from `kn_alloc`.
#[no_mangle]
pub unsafe extern "C" fn kn_search(ptr: *const u8, len: usize) -> i32 {
    let request = std::slice::from_raw_parts(ptr, len);
    let request: Request = match serde_json::from_slice(request) {
        Ok(r) => r,
        Err(e) => return error(&format!("bad request: {e}")),
    };
    INDEX.with(|i| {
        let index = i.borrow();
        let Some(index) = index.as_ref() else {
            return error("no index loaded");
        };
        let results: SearchResults = index.search(&request.q, &request.filters, request.limit);
        match serde_json::to_vec(&results) {
            Ok(json) => {
                set_result(json);
                0
            }
            Err(e) => error(&e.to_string()),
        }
    })
}

#[no_mangle]
pub extern "C" fn kn_result_ptr() -> *const u8 {
    RESULT.with(|r| r.borrow().as_ptr())
}

#[no_mangle]
pub extern "C" fn kn_result_len() -> usize {
    RESULT.with(|r| r.borrow().len())
}

/// Randomness for getrandom 0.3 and 0.4 (both look for this symbol with the custom
/// backend). Reading an index needs none that matters (tantivy seeds hash maps and names
/// segments it never writes here), so a fixed xorshift sequence is enough and keeps the
/// module free of JavaScript imports.
///
/// # Safety
/// `dest` must be valid for `len` bytes of writes (getrandom guarantees it).
#[no_mangle]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    for i in 0..len {
        let mut x = STATE.load(Ordering::Relaxed);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        STATE.store(x, Ordering::Relaxed);
        *dest.add(i) = x as u8;
    }
    Ok(())
}
