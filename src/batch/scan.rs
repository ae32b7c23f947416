//! The CSV scanner: record boundaries outside quotes ([`find_cut`]), the splitter of records
//! that can be copied through as they are ([`split_verbatim`]) and the exact decoder of one
//! record ([`parse_record`]), in the `csv` crate's dialect.

use memchr::{memchr, memchr2, memchr3, memchr_iter, memrchr};

pub(super) const UNTERMINATED: &str =
    "unterminated quoted field: the quote opened in this record is never closed";

pub(super) fn too_large_message(max_record: usize) -> String {
    format!("record longer than {max_record} bytes (a quote that is never closed?)")
}

/// Whether a quote at `i` opens a quoted field; valid outside quotes, in a buffer that
/// starts at a record start.
pub(super) fn at_field_start(buf: &[u8], i: usize, delimiter: u8) -> bool {
    i == 0 || {
        let b = buf[i - 1];
        b == delimiter || b == b'\n' || b == b'\r'
    }
}

/// Index just past the quote closing the quoted field opened at `open`, or `None` when it
/// is not closed within `buf` (a quote as the very last byte may be the first of a `""`).
pub(super) fn skip_quoted(buf: &[u8], open: usize) -> Option<usize> {
    let mut j = open + 1;
    loop {
        let q = j + memchr(b'"', &buf[j..])?;
        match buf.get(q + 1) {
            Some(b'"') => j = q + 2,
            Some(_) => return Some(q + 1),
            None => return None,
        }
    }
}

/// Index just past the last record-ending `\n` of `buf` (which starts at a record start),
/// or `None` if no record ends in `buf`. A newline inside a quoted field is not a boundary.
pub(super) fn find_cut(buf: &[u8], delimiter: u8) -> Option<usize> {
    let last = memrchr(b'\n', buf)?;
    // Skip the quoted fields that start before the last newline, visiting only quotes: when
    // none of them runs past it, it ends a record.
    let mut pos = 0;
    while let Some(off) = memchr(b'"', &buf[pos..last]) {
        let i = pos + off;
        if !at_field_start(buf, i, delimiter) {
            pos = i + 1;
            continue;
        }
        match skip_quoted(buf, i) {
            Some(j) if j <= last => pos = j,
            // The last newline is inside the field opened at `i`, outside of any quotes.
            _ => return find_cut_linear(&buf[..i], delimiter),
        }
    }
    Some(last + 1)
}

/// [`find_cut`] by visiting every quote and newline from the start.
fn find_cut_linear(buf: &[u8], delimiter: u8) -> Option<usize> {
    let Some(first_quote) = memchr(b'"', buf) else {
        return memrchr(b'\n', buf).map(|i| i + 1);
    };
    let mut cut = memrchr(b'\n', &buf[..first_quote]).map(|i| i + 1);
    let mut pos = first_quote;
    while let Some(off) = memchr2(b'"', b'\n', &buf[pos..]) {
        let i = pos + off;
        if buf[i] == b'\n' {
            cut = Some(i + 1);
            pos = i + 1;
        } else if at_field_start(buf, i, delimiter) {
            match skip_quoted(buf, i) {
                Some(j) => pos = j,
                None => break,
            }
        } else {
            pos = i + 1;
        }
    }
    cut
}

/// A record that [`split_verbatim`] split in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Verbatim {
    /// End of the record's bytes, before its terminator.
    pub(super) end: usize,
    /// Start of what follows the record and its terminator.
    pub(super) next: usize,
    /// Some quoted field holds a doubled quote (`""`).
    pub(super) doubled: bool,
}

/// Splits the record starting at `start` (the start of a field, not of a blank line) in place,
/// when its bytes are exactly what [`write_field`](super::encode::write_field) writes for its
/// decoded fields, so that the record can be copied through: every unquoted field holds no
/// quote, and every quoted field needs its quotes (it holds the delimiter, a quote, `\r` or
/// `\n`) and ends at its closing quote. Pushes one range per field into `ranges`: the field's
/// bytes when unquoted, the bytes between the quotes when quoted (where quotes are still
/// doubled; see [`Verbatim::doubled`]).
///
/// Returns `None` for any other record (a field quoted without need, text after a closing
/// quote, a quote inside an unquoted field, a quote left open): [`parse_record`] decodes it.
pub(super) fn split_verbatim(
    input: &[u8],
    start: usize,
    delimiter: u8,
    ranges: &mut Vec<(usize, usize)>,
) -> Option<Verbatim> {
    ranges.clear();
    let n = input.len();
    let mut doubled = false;
    let mut field = start;
    let mut i = start;
    loop {
        let stop = split_unquoted(input, i, delimiter, &mut field, ranges);
        if stop == n || input[stop] != b'"' {
            ranges.push((field, stop));
            return Some(Verbatim {
                end: stop,
                next: after_terminator(input, stop),
                doubled,
            });
        }
        if stop != field {
            return None;
        }
        // A quoted field: find its closing quote, and whether it needs its quotes (looking for
        // the delimiter and `\n` on the way until one is found; `\r` is rare and checked last).
        let mut j = stop + 1;
        let mut needs_quotes = false;
        let close = loop {
            let q = j + if needs_quotes {
                memchr(b'"', &input[j..])
            } else {
                memchr3(b'"', delimiter, b'\n', &input[j..])
            }?;
            if input[q] != b'"' {
                needs_quotes = true;
                j = q + 1;
            } else if input.get(q + 1) == Some(&b'"') {
                needs_quotes = true;
                doubled = true;
                j = q + 2;
            } else {
                break q;
            }
        };
        if !needs_quotes && memchr(b'\r', &input[stop + 1..close]).is_none() {
            return None;
        }
        ranges.push((stop + 1, close));
        match input.get(close + 1) {
            Some(&b) if b == delimiter => {
                field = close + 2;
                i = field;
            }
            None | Some(b'\r' | b'\n') => {
                return Some(Verbatim {
                    end: close + 1,
                    next: after_terminator(input, close + 1),
                    doubled,
                });
            }
            Some(_) => return None,
        }
    }
}

/// Pushes the range of every field that a delimiter ends in the unquoted bytes from `i`
/// (`field` is where the current field starts) and returns the index of the next quote or
/// line break, or the end of `input`.
#[inline]
fn split_unquoted(
    input: &[u8],
    i: usize,
    delimiter: u8,
    field: &mut usize,
    ranges: &mut Vec<(usize, usize)>,
) -> usize {
    let stop = memchr3(b'"', b'\r', b'\n', &input[i..]).map_or(input.len(), |off| i + off);
    let span = &input[i..stop];
    if span.len() < 16 {
        // Short spans (an id before a quoted statement) are cheaper to split byte by byte
        // than with memchr, whose every call has a fixed cost.
        for (k, &b) in span.iter().enumerate() {
            if b == delimiter {
                ranges.push((*field, i + k));
                *field = i + k + 1;
            }
        }
    } else {
        for d in memchr_iter(delimiter, span) {
            ranges.push((*field, i + d));
            *field = i + d + 1;
        }
    }
    stop
}

/// Index just past the record terminator (`\n`, `\r\n` or a lone `\r`) at `at`, if any.
pub(super) fn after_terminator(input: &[u8], at: usize) -> usize {
    match input.get(at) {
        Some(b'\r') if input.get(at + 1) == Some(&b'\n') => at + 2,
        Some(b'\r' | b'\n') => at + 1,
        _ => at,
    }
}

pub(super) fn count_newlines(bytes: &[u8]) -> u64 {
    if bytes.len() < 64 {
        // Quoted statements are short: the SIMD counter's setup costs more than it saves.
        bytes.iter().filter(|&&b| b == b'\n').count() as u64
    } else {
        memchr_iter(b'\n', bytes).count() as u64
    }
}

/// Decodes the record starting at `start` (the start of a field, not of a blank line) into
/// `fields`, with one `(start, end)` range per field in `ranges`.
///
/// Returns the index just past the record and its terminator, the number of `\n` consumed,
/// and whether the record is well formed (false: a quoted field runs to the end of `input`;
/// its fields then hold everything up to there).
pub(super) fn parse_record(
    input: &[u8],
    start: usize,
    delimiter: u8,
    fields: &mut Vec<u8>,
    ranges: &mut Vec<(usize, usize)>,
) -> (usize, u64, bool) {
    fields.clear();
    ranges.clear();
    let n = input.len();
    let mut i = start;
    let mut newlines = 0u64;
    loop {
        let field_start = fields.len();
        if input.get(i) == Some(&b'"') {
            i += 1;
            loop {
                let Some(off) = memchr(b'"', &input[i..]) else {
                    newlines += count_newlines(&input[i..]);
                    fields.extend_from_slice(&input[i..]);
                    ranges.push((field_start, fields.len()));
                    return (n, newlines, false);
                };
                let part = &input[i..i + off];
                newlines += count_newlines(part);
                fields.extend_from_slice(part);
                i += off + 1;
                if input.get(i) == Some(&b'"') {
                    fields.push(b'"');
                    i += 1;
                } else {
                    break;
                }
            }
        }
        // An unquoted field, or what follows the closing quote (kept literally, as the
        // csv crate does).
        let Some(off) = memchr3(delimiter, b'\r', b'\n', &input[i..]) else {
            fields.extend_from_slice(&input[i..]);
            ranges.push((field_start, fields.len()));
            return (n, newlines, true);
        };
        fields.extend_from_slice(&input[i..i + off]);
        ranges.push((field_start, fields.len()));
        i += off;
        let b = input[i];
        i += 1;
        if b == delimiter {
            continue;
        }
        if b == b'\n' {
            newlines += 1;
        } else if input.get(i) == Some(&b'\n') {
            i += 1;
            newlines += 1;
        }
        return (i, newlines, true);
    }
}
