//! The floor for the batch benchmark: read every record of a CSV with the `csv` crate and
//! write it back with two constant extra columns. `roleclass batch` does the same plus the
//! labeling, so its time is measured against this one.
//!
//! Usage: `cargo run --release --example csv_floor -- INPUT OUTPUT`

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: csv_floor INPUT OUTPUT");
        return ExitCode::from(2);
    };
    match copy(input, output) {
        Ok(rows) => {
            eprintln!("{rows} rows");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn copy(input: &str, output: &str) -> csv::Result<u64> {
    let mut rdr = csv::Reader::from_path(input)?;
    let mut wtr = csv::Writer::from_path(output)?;
    let mut header = rdr.byte_headers()?.clone();
    header.push_field(b"role");
    header.push_field(b"confidence");
    wtr.write_byte_record(&header)?;
    let mut record = csv::ByteRecord::new();
    let mut rows = 0;
    while rdr.read_byte_record(&mut record)? {
        record.push_field(b"director");
        record.push_field(b"0.900");
        wtr.write_byte_record(&record)?;
        rows += 1;
    }
    wtr.flush()?;
    Ok(rows)
}
