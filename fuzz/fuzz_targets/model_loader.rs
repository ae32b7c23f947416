//! Arbitrary bytes, read as lossy UTF-8, as a model file; an accepted model is used to classify.
//! See `roleclass_fuzz::check_model_json` for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    roleclass_fuzz::check_model_json(&String::from_utf8_lossy(data));
});
