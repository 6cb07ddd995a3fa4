//! Fuzz target `markdown`: see `kunskapsnav_fuzz::markdown` (fuzz/src/lib.rs) for what it runs and checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kunskapsnav_fuzz::markdown(data));
