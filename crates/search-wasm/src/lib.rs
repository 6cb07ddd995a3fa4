//! kunskapsnav's search as a WebAssembly module with a tiny C-like interface.
//!
//! Protocol (all strings UTF-8, JSON):
//! 1. `kn_alloc(len)` → pointer; the host copies the index head there and calls
//!    `kn_open(ptr, len)`, which takes ownership of the buffer. Returns 0 on success.
//! 2. For each query: `kn_alloc` + copy the request `{"q": "...", "filters": [["kind",
//!    "rättsfall"]], "limit": 10, "offset": 0}`, call `kn_search(ptr, len)`, then free
//!    the request with `kn_free(ptr, len)`. It returns 0 with the results, 1 with
//!    `{"error": "..."}`, or 2 with `{"need": [n, ...]}`: the chunks to fetch first.
//! 3. For each chunk: `kn_alloc` + copy its file, `kn_add_chunk(n, ptr, len)` (takes
//!    ownership; 0 on success, else 1 with the error); then search again.
//! 4. After each call, `kn_result_ptr()`/`kn_result_len()` point at the answer JSON
//!    (`{"documents": n, "chunks": c}` after opening).

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
    #[serde(default)]
    offset: usize,
}

fn default_limit() -> usize {
    10
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

/// Frees a buffer from [`kn_alloc`] that was not handed over to the module.
///
/// # Safety
/// `ptr` and `len` must come from one `kn_alloc` call, freed once.
#[no_mangle]
pub unsafe extern "C" fn kn_free(ptr: *mut u8, len: usize) {
    drop(Vec::from_raw_parts(ptr, 0, len.max(1)));
}

/// Takes the buffer from [`kn_alloc`] back as a vector of `len` bytes.
///
/// # Safety
/// `ptr`/`len` must come from one `kn_alloc(len)` call, filled by the host.
unsafe fn take(ptr: *mut u8, len: usize) -> Vec<u8> {
    let mut bytes = Vec::from_raw_parts(ptr, len, len.max(1));
    bytes.truncate(len);
    bytes
}

/// Opens the index head in the buffer (taking ownership of it).
///
/// # Safety
/// `ptr`/`len` must come from one `kn_alloc(len)` call, filled by the host.
#[no_mangle]
pub unsafe extern "C" fn kn_open(ptr: *mut u8, len: usize) -> i32 {
    match SearchIndex::from_head(take(ptr, len)) {
        Ok(index) => {
            let json = serde_json::json!({
                "documents": index.num_docs(),
                "chunks": index.chunk_count(),
            });
            INDEX.with(|i| *i.borrow_mut() = Some(index));
            set_result(json.to_string().into_bytes());
            0
        }
        Err(e) => error(&e.to_string()),
    }
}

/// Adds chunk `n` of the open index from the buffer (taking ownership of it).
///
/// # Safety
/// `ptr`/`len` must come from one `kn_alloc(len)` call, filled by the host.
#[no_mangle]
pub unsafe extern "C" fn kn_add_chunk(n: u32, ptr: *mut u8, len: usize) -> i32 {
    let bytes = take(ptr, len);
    INDEX.with(|i| match i.borrow().as_ref() {
        None => error("no index open"),
        Some(index) => match index.add_chunk(n, bytes) {
            Ok(()) => {
                set_result(b"{}".to_vec());
                0
            }
            Err(e) => error(&e.to_string()),
        },
    })
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
            return error("no index open");
        };
        let answer: Result<SearchResults, _> =
            index.try_search(&request.q, &request.filters, request.limit, request.offset);
        match answer {
            Ok(results) => match serde_json::to_vec(&results) {
                Ok(json) => {
                    set_result(json);
                    0
                }
                Err(e) => error(&e.to_string()),
            },
            Err(pending) => {
                set_result(
                    serde_json::json!({ "need": pending.chunks })
                        .to_string()
                        .into_bytes(),
                );
                2
            }
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
