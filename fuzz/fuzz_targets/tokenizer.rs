//! Arbitrary bytes, read as lossy UTF-8, through every tokenizer configuration.
//! See `roleclass_fuzz::check_tokenizer` for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    roleclass_fuzz::check_tokenizer(&String::from_utf8_lossy(data));
});
