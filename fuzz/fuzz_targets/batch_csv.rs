//! Arbitrary bytes as CSV input to `run_batch`. The first byte picks the options (header, CSV or
//! JSON Lines output, 1 or 2 threads, delimiter, statement column), the second the chunk size
//! (16 to 1036 bytes, so records straddle chunk boundaries); the rest is the input. Each input
//! runs with and without `keep_going`. See `roleclass_fuzz::check_batch` for what is checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [flags, size, input @ ..] = data else {
        return;
    };
    roleclass_fuzz::check_batch(input, &roleclass_fuzz::batch_options(*flags, *size));
});
