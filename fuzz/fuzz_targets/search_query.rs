//! Fuzz target `search_query`: see `kunskapsnav_fuzz::search_query` (fuzz/src/lib.rs) for what it runs and checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kunskapsnav_fuzz::search_query(data));
