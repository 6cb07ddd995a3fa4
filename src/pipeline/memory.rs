//! Handing freed memory back between the build's steps.
//!
//! The binary's allocator (mimalloc, see `main.rs`) keeps memory a thread freed for that
//! thread to use again, and gives it back to the system only after a delay. A build frees
//! the whole site model (hundreds of megabytes at 10 000 pages) on the render threads
//! just before the search index allocates as much on other threads: without a nudge the
//! two are both counted in the peak. [`release_freed`] asks every thread to give back what
//! it holds free now. Where mimalloc is not the global allocator (the library's tests)
//! it has nothing to give back and costs nothing.

/// Every thread of the parallel pool, and the calling one, returns its free memory.
pub fn release_freed() {
    rayon::broadcast(|_| collect());
    collect();
}

fn collect() {
    // SAFETY: `mi_collect` takes no pointers; it only walks the calling thread's own heap
    // and is safe to call at any time, from any thread.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
