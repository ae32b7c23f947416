//! Arbitrary bytes, read as lossy UTF-8, as a job posting (with and without a title override).
//! See `roleclass_fuzz::check_posting` for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    roleclass_fuzz::check_posting(&String::from_utf8_lossy(data));
});
