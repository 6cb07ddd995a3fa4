//! Fuzz target `front_matter`: see `kunskapsnav_fuzz::front_matter` (fuzz/src/lib.rs) for what it runs and checks.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kunskapsnav_fuzz::front_matter(data));
