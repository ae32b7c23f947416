//! Output encoding: CSV fields quoted as `csv::Writer` quotes them, JSON strings, roles and
//! confidences written without the formatting machinery.

use std::io::Write;

use memchr::{memchr, memchr3};

use super::{RowLabel, ERROR_ROLE};

/// Writes a CSV field, quoted only when it has to be (as `csv::Writer` does by default).
pub(super) fn write_field(out: &mut Vec<u8>, field: &[u8], delimiter: u8) {
    let special = |b: &u8| *b == delimiter || matches!(*b, b'"' | b'\n' | b'\r');
    let needs_quotes = if field.len() < 16 {
        // Role names and other short fields: a plain loop beats two memchr calls.
        field.iter().any(special)
    } else {
        memchr3(delimiter, b'"', b'\n', field).is_some() || memchr(b'\r', field).is_some()
    };
    if !needs_quotes {
        out.extend_from_slice(field);
        return;
    }
    out.push(b'"');
    let mut rest = field;
    while let Some(i) = memchr(b'"', rest) {
        out.extend_from_slice(&rest[..=i]);
        out.push(b'"');
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

pub(super) fn write_role(out: &mut Vec<u8>, label: Option<RowLabel>, delimiter: u8) {
    let role = label.map_or(ERROR_ROLE, |l| l.role.as_str());
    write_field(out, role.as_bytes(), delimiter);
}

pub(super) fn write_confidence_csv(out: &mut Vec<u8>, label: Option<RowLabel>) {
    if let Some(l) = label {
        write_confidence(out, l.confidence);
    }
}

/// `THOUSANDTHS[m]`: `m / 1000` written with three decimals, `0.000` to `1.000` (a table: it
/// is written on every row).
static THOUSANDTHS: [[u8; 5]; 1001] = {
    let mut table = [[0u8; 5]; 1001];
    let mut m = 0;
    while m <= 1000 {
        table[m] = [
            digit(m / 1000),
            b'.',
            digit(m / 100),
            digit(m / 10),
            digit(m),
        ];
        m += 1;
    }
    table
};

/// The last decimal digit of `n`, as text.
const fn digit(n: usize) -> u8 {
    b'0' + (n % 10) as u8
}

/// Writes `value` as `format!("{value:.3}")` would, without the formatting machinery for the
/// usual values in `[0, 1]` away from a rounding tie.
pub(super) fn write_confidence(out: &mut Vec<u8>, value: f64) {
    if (0.0..=1.0).contains(&value) {
        let scaled = value * 1000.0;
        // Truncation is floor here (scaled >= 0), and much cheaper than `f64::round`.
        let whole = scaled as u32;
        let frac = scaled - f64::from(whole);
        if (frac - 0.5).abs() > 1e-6 {
            let m = whole + u32::from(frac > 0.5);
            if let Some(text) = THOUSANDTHS.get(m as usize) {
                out.extend_from_slice(text);
                return;
            }
        }
    }
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{value:.3}");
}

pub(super) fn write_json_str(out: &mut Vec<u8>, s: &str) {
    // Writing to a Vec cannot fail, and a str always serializes.
    let _ = serde_json::to_writer(&mut *out, s);
}

pub(super) fn write_json_role(out: &mut Vec<u8>, label: Option<RowLabel>) {
    write_json_str(out, label.map_or(ERROR_ROLE, |l| l.role.as_str()));
}

pub(super) fn write_confidence_json(out: &mut Vec<u8>, label: Option<RowLabel>) {
    match label {
        Some(l) if l.confidence.is_finite() => write_confidence(out, l.confidence),
        _ => out.extend_from_slice(b"null"),
    }
}
