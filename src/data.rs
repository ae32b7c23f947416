//! Labeled data files (`text,role,source` CSV): reading and validating them.
//!
//! The readers accept what spreadsheets and editors produce: a UTF-8 byte-order mark, CRLF line
//! ends, RFC 4180 quoting with commas, quotes and newlines inside fields, extra columns in any
//! order, and labels in any case with surrounding spaces. Anything else is an error that names
//! the file and line.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use crate::error::{Error, Result};
use crate::input::{check_text, Source};
use crate::label::{Label, LabeledRow};

/// A labeled data set as read from one file.
#[derive(Debug, Clone, Default)]
pub struct LabeledData {
    /// Rows in file order, exact duplicates removed.
    pub rows: Vec<LabeledRow>,
    /// How many exact duplicate rows (same text, same label) were dropped.
    pub duplicates: usize,
}

/// Read a labeled CSV file. Exact duplicate rows are kept once and counted; the same text with
/// two different labels is an error naming both lines.
/// `-` reads stdin.
pub fn read_labeled(path: &Path) -> Result<LabeledData> {
    let source = Source::from_arg(Some(path));
    read_labeled_from(&source.read_all()?, &source.name())
}

/// Counts physical lines of a byte buffer, for error messages.
///
/// The csv crate's own line numbers are off by one after CRLF line ends (it reports a record
/// as starting on the `\n` of the previous line), so lines are counted from byte offsets.
pub struct LineCounter<'a> {
    bytes: &'a [u8],
    counted_to: usize,
    newlines: u64,
}

impl<'a> LineCounter<'a> {
    /// A counter over `bytes`.
    pub fn new(bytes: &'a [u8]) -> LineCounter<'a> {
        LineCounter {
            bytes,
            counted_to: 0,
            newlines: 0,
        }
    }

    /// The 1-based line of the first byte at or after `offset` that is not a line end (where
    /// a record that the csv crate says starts at `offset` really begins). Offsets must not
    /// decrease between calls.
    pub fn line_at(&mut self, offset: u64) -> u64 {
        let mut start = (offset as usize).min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.counted_to {
            self.newlines +=
                memchr::memchr_iter(b'\n', &self.bytes[self.counted_to..start]).count() as u64;
            self.counted_to = start;
        }
        self.newlines + 1
    }
}

/// [`read_labeled`] from a file's bytes; `name` is used in error messages.
pub fn read_labeled_from(bytes: &[u8], name: &str) -> Result<LabeledData> {
    let mut lines = LineCounter::new(bytes);
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let headers = csv
        .byte_headers()
        .map_err(|e| csv_error(name, e, &mut lines))?
        .clone();
    if headers.is_empty() || (headers.len() == 1 && headers[0].is_empty()) {
        return Err(Error::Data {
            path: name.to_owned(),
            message: "empty file (expected a header line `text,role,source`)".to_owned(),
        });
    }
    let text_col = find_column(&headers, "text", name)?;
    let role_col = find_column(&headers, "role", name)?;
    // A column in messages, as everywhere: 1-based, with its header name.
    let column_desc = |col: usize| {
        format!(
            "column {} ({:?})",
            col + 1,
            String::from_utf8_lossy(headers.get(col).unwrap_or_default())
        )
    };

    let mut data = LabeledData::default();
    // Rows by the hash of their trimmed text: a large file is not held twice in memory.
    let mut seen: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(name, e, &mut lines)),
        }
        let line = lines.line_at(record.position().map_or(0, |p| p.byte()));
        let field = |col: usize| -> Result<String> {
            let bytes = record.get(col).unwrap_or_default();
            let text = check_text(bytes).map_err(|bad| Error::Row {
                path: name.to_owned(),
                line,
                message: format!("{}: {bad}", column_desc(col)),
            })?;
            Ok(text.to_owned())
        };
        let text = field(text_col)?;
        let role = field(role_col)?;
        let label = Label::parse(&role).ok_or_else(|| Error::Row {
            path: name.to_owned(),
            line,
            message: format!(
                "{}: unknown role {:?} (expected director, vp or either)",
                column_desc(role_col),
                role.trim()
            ),
        })?;
        if text.trim().is_empty() {
            return Err(Error::Row {
                path: name.to_owned(),
                line,
                message: format!("{}: empty statement", column_desc(text_col)),
            });
        }
        let key = text.trim();
        let same_text = seen.entry(text_hash(key)).or_default();
        if let Some(&first) = same_text.iter().find(|&&i| data.rows[i].text.trim() == key) {
            let first = &data.rows[first];
            if first.label == label {
                data.duplicates += 1;
                continue;
            }
            return Err(Error::Row {
                path: name.to_owned(),
                line,
                message: format!(
                    "the same text is labeled {label} here and {} on line {}",
                    first.label, first.line
                ),
            });
        }
        same_text.push(data.rows.len());
        data.rows.push(LabeledRow { text, label, line });
    }
    if data.rows.is_empty() {
        return Err(Error::Data {
            path: name.to_owned(),
            message: "no data rows (header only)".to_owned(),
        });
    }
    Ok(data)
}

/// A stable hash of a statement's text, for duplicate detection.
fn text_hash(text: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Index of the column named `wanted` in a header record (see [`match_column`]); the error
/// names the file.
pub fn find_column(headers: &csv::ByteRecord, wanted: &str, name: &str) -> Result<usize> {
    match_column(headers.iter(), wanted).map_err(|e| Error::Data {
        path: name.to_owned(),
        message: e.to_string(),
    })
}

/// Why no column could be chosen by name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ColumnError {
    /// No header name matches.
    #[error("no column named {wanted:?} in the header (columns: {})", quoted(.columns))]
    Missing {
        /// The name asked for.
        wanted: String,
        /// The header's names.
        columns: Vec<String>,
    },
    /// Two header names match equally well.
    #[error(
        "{} column {wanted:?} in the header: {first_name:?} (column {first}) and \
         {second_name:?} (column {second})",
        if first_name == second_name { "duplicate" } else { "ambiguous" }
    )]
    Ambiguous {
        /// The name asked for.
        wanted: String,
        /// 1-based position of the first match.
        first: usize,
        /// Its name.
        first_name: String,
        /// 1-based position of the second match.
        second: usize,
        /// Its name.
        second_name: String,
    },
}

/// Names as a list of quoted strings (control characters escaped): `"id", "text"`.
fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The 0-based index of the column named `wanted` among a header's `names`, by the one rule of
/// every command (`batch`, `train`, `evaluate`): a name equal to `wanted` byte for byte wins;
/// otherwise a name equal to it once both are trimmed and compared without regard to case
/// (`Text`, ` text`). Two names matching at the same level are an error, as is none.
pub fn match_column<'a>(
    names: impl IntoIterator<Item = &'a [u8]> + Clone,
    wanted: &str,
) -> std::result::Result<usize, ColumnError> {
    let folded = wanted.trim().to_lowercase();
    let loose = |name: &[u8]| {
        std::str::from_utf8(name).is_ok_and(|name| name.trim().to_lowercase() == folded)
    };
    let exact: Vec<usize> = positions(names.clone(), |name| name == wanted.as_bytes());
    let found = if exact.is_empty() {
        positions(names.clone(), loose)
    } else {
        exact
    };
    let text = |i: usize| {
        names
            .clone()
            .into_iter()
            .nth(i)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default()
    };
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(ColumnError::Missing {
            wanted: wanted.to_owned(),
            columns: names
                .into_iter()
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .collect(),
        }),
        [first, second, ..] => Err(ColumnError::Ambiguous {
            wanted: wanted.to_owned(),
            first: first + 1,
            first_name: text(*first),
            second: second + 1,
            second_name: text(*second),
        }),
    }
}

fn positions<'a>(
    names: impl IntoIterator<Item = &'a [u8]>,
    matches: impl Fn(&[u8]) -> bool,
) -> Vec<usize> {
    names
        .into_iter()
        .enumerate()
        .filter(|(_, name)| matches(name))
        .map(|(i, _)| i)
        .collect()
}

/// Turn a csv crate error into one naming the file and line.
pub fn csv_error(name: &str, err: csv::Error, lines: &mut LineCounter) -> Error {
    let line = err.position().map(|p| lines.line_at(p.byte()));
    match err.into_kind() {
        csv::ErrorKind::Io(source) => Error::io(name, source),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => Error::Row {
            path: name.to_owned(),
            line: line.unwrap_or(0),
            message: format!("expected {expected_len} fields like the header, found {len}"),
        },
        csv::ErrorKind::Utf8 { err, .. } => Error::Row {
            path: name.to_owned(),
            line: line.unwrap_or(0),
            message: format!("column {}: invalid UTF-8", err.field() + 1),
        },
        other => Error::Data {
            path: name.to_owned(),
            message: format!("malformed CSV: {other:?}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &[u8]) -> Result<LabeledData> {
        read_labeled_from(text, "t.csv")
    }

    #[test]
    fn line_numbers_are_right_after_crlf_and_embedded_newlines() {
        let err = read(b"text,role\r\nA b,vp\r\n\"multi\r\nline\",vp\r\nC d,boss\r\n").unwrap_err();
        assert!(err.to_string().starts_with("t.csv:5:"), "{err}");
        let err = read(b"text,role\nA b,vp\n\nC d,boss\n").unwrap_err();
        assert!(err.to_string().starts_with("t.csv:4:"), "{err}");
    }

    #[test]
    fn accepts_bom_crlf_quotes_and_case() {
        let data = read(
            b"\xEF\xBB\xBFtext,role,source\r\n\"Manages the budget, all of it\",VP,article\r\n\"Runs \"\"sprint\"\"\nretros\", Director ,written:vision\r\n",
        )
        .unwrap();
        assert_eq!(data.rows.len(), 2);
        assert_eq!(data.rows[0].text, "Manages the budget, all of it");
        assert_eq!(data.rows[0].label, Label::Vp);
        assert_eq!(data.rows[1].text, "Runs \"sprint\"\nretros");
        assert_eq!(data.rows[1].label, Label::Director);
        assert_eq!(data.rows[1].line, 3);
    }

    #[test]
    fn columns_can_come_in_any_order() {
        let data = read(b"source,role,text\narticle,either,Foster a culture\n").unwrap();
        assert_eq!(data.rows[0].label, Label::Either);
        assert_eq!(data.rows[0].text, "Foster a culture");
    }

    #[test]
    fn unknown_role_names_line_and_value() {
        let err = read(b"text,role\nA,vp\nB,manager\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.csv:3: column 2 (\"role\"): unknown role \"manager\" (expected director, vp or either)"
        );
    }

    #[test]
    fn missing_column_and_empty_inputs() {
        assert_eq!(
            read(b"text,label\nA,vp\n").unwrap_err().to_string(),
            "t.csv: no column named \"role\" in the header (columns: \"text\", \"label\")"
        );
        assert!(read(b"").unwrap_err().to_string().contains("empty file"));
        assert!(read(b"text,role\n")
            .unwrap_err()
            .to_string()
            .contains("header only"));
        assert!(read(b"text,role,text\nA,vp,B\n")
            .unwrap_err()
            .to_string()
            .contains("duplicate column"));
    }

    #[test]
    fn one_rule_matches_columns_exact_first_then_trimmed_without_case() {
        let header = |names: &[&str]| -> Vec<Vec<u8>> {
            names.iter().map(|n| n.as_bytes().to_vec()).collect()
        };
        let find = |names: &[&str], wanted: &str| {
            let names = header(names);
            match_column(names.iter().map(Vec::as_slice), wanted)
        };
        assert_eq!(find(&["id", "Text"], "text"), Ok(1));
        assert_eq!(find(&["id", " text "], "text"), Ok(1));
        assert_eq!(find(&["TEXT", "text"], "text"), Ok(1), "exact wins");
        assert_eq!(find(&["id", "text"], " Text"), Ok(1));
        let err = find(&["Text", "TEXT"], "text").unwrap_err();
        assert_eq!(
            err.to_string(),
            "ambiguous column \"text\" in the header: \"Text\" (column 1) and \"TEXT\" (column 2)"
        );
        let err = find(&["text", "id", "text"], "text").unwrap_err();
        assert!(
            err.to_string().starts_with("duplicate column \"text\""),
            "{err}"
        );
        let err = find(&["id", "x\u{1b}[2J"], "text").unwrap_err();
        assert_eq!(
            err.to_string(),
            "no column named \"text\" in the header (columns: \"id\", \"x\\u{1b}[2J\")"
        );
    }

    #[test]
    fn ragged_rows_and_bad_utf8_name_the_line() {
        let err = read(b"text,role\nA,vp\nB,vp,extra\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.csv:3: expected 2 fields like the header, found 3"
        );
        let err = read(b"text,role\nA,vp\n\xff\xfe,vp\n").unwrap_err();
        assert!(err
            .to_string()
            .starts_with("t.csv:3: column 1 (\"text\"): invalid UTF-8 at byte 1"));
    }

    #[test]
    fn duplicates_are_counted_and_conflicts_rejected() {
        let data = read(b"text,role\nA b c,vp\nA b c,vp\nD e f,director\n").unwrap();
        assert_eq!(data.rows.len(), 2);
        assert_eq!(data.duplicates, 1);
        let err = read(b"text,role\nA b c,vp\nA b c,director\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.csv:3: the same text is labeled director here and vp on line 2"
        );
    }
}
