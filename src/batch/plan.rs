//! The plan: the start of the input read before the pipeline starts (BOM, blank lines, the
//! header or first row), and the options resolved against it into what every worker needs.

use std::io::Read;

use super::encode::{
    write_confidence_csv, write_confidence_json, write_field, write_json_role, write_json_str,
    write_role,
};
use super::pipeline::fill;
use super::scan::{count_newlines, find_cut, parse_record, too_large_message, UNTERMINATED};
use super::{
    read_error, BatchError, BatchOptions, ColumnSelector, OutputFormat, RowLabel, RowLabeler,
    Tuning, UTF8_BOM,
};
use crate::data::{match_column, ColumnError};
use crate::input::{check_text, BadText};
use crate::label::Answer;

/// The start of the input, read by the calling thread before the pipeline starts.
pub(super) struct Head {
    /// A UTF-8 BOM was found (and removed) at the start.
    pub(super) bom: bool,
    /// The first record starts with the bytes of a BOM after blank lines: those bytes are
    /// data, so the output keeps one blank line first, lest a reader strip them as a BOM.
    pub(super) bom_like_data: bool,
    /// Fields of the first record (the header, or the first data row).
    pub(super) first: Vec<Vec<u8>>,
    /// Input after the header (or from the first row on, without a header).
    pub(super) rest: Vec<u8>,
    /// The input is exhausted: `rest` is all there is.
    pub(super) eof: bool,
    /// 1-based line on which `rest` starts.
    pub(super) start_line: u64,
    /// Input bytes before `rest`.
    pub(super) consumed: u64,
}

pub(super) fn read_head<R: Read>(
    input: &mut R,
    opts: &BatchOptions,
    chunk_bytes: usize,
    max_record: usize,
) -> Result<Head, BatchError> {
    let mut buf = Vec::new();
    let mut eof = false;
    let mut target = chunk_bytes.min(64 * 1024);
    fill(input, &mut buf, 3, &mut eof).map_err(read_error)?;
    let bom = buf.starts_with(UTF8_BOM);
    let mut consumed = 0u64;
    if bom {
        buf.drain(..UTF8_BOM.len());
        consumed += UTF8_BOM.len() as u64;
    }
    let mut line = 1u64;
    loop {
        // Blank lines hold no record.
        let blank = buf
            .iter()
            .take_while(|&&b| b == b'\n' || b == b'\r')
            .count();
        line += count_newlines(&buf[..blank]);
        consumed += blank as u64;
        buf.drain(..blank);
        if !buf.is_empty() && (eof || find_cut(&buf, opts.delimiter).is_some()) {
            break;
        }
        if buf.is_empty() && eof {
            return Err(BatchError::EmptyInput);
        }
        if buf.len() > max_record {
            return Err(BatchError::BadRow {
                line,
                column: None,
                message: too_large_message(max_record),
            });
        }
        target = target.max(buf.len() * 2);
        fill(input, &mut buf, target, &mut eof).map_err(read_error)?;
    }
    let mut fields = Vec::new();
    let mut ranges = Vec::new();
    let (end, newlines, closed) = parse_record(&buf, 0, opts.delimiter, &mut fields, &mut ranges);
    if !closed {
        return Err(BatchError::BadRow {
            line,
            column: None,
            message: UNTERMINATED.to_string(),
        });
    }
    let first = ranges.iter().map(|&(a, b)| fields[a..b].to_vec()).collect();
    let bom_like_data = !bom && buf.starts_with(UTF8_BOM);
    if opts.has_header {
        buf.drain(..end);
        line += newlines;
        consumed += end as u64;
    }
    Ok(Head {
        bom,
        bom_like_data,
        first,
        rest: buf,
        eof,
        start_line: line,
        consumed,
    })
}

/// The options resolved against the header: everything a worker needs per record.
pub(super) struct Plan {
    pub(super) delimiter: u8,
    /// Expected number of fields per record.
    pub(super) fields: usize,
    /// 0-based index of the statement field.
    pub(super) statement: usize,
    /// How the statement column is named in messages: `column 2 ("text")`.
    pub(super) statement_desc: String,
    /// Where the expected field count comes from, for messages.
    pub(super) fields_origin: &'static str,
    pub(super) format: OutputFormat,
    pub(super) keep_going: bool,
    pub(super) explain: bool,
    /// Existing column the role overwrites (`replace`).
    pub(super) role_at: Option<usize>,
    /// Existing column the confidence overwrites (`replace`).
    pub(super) confidence_at: Option<usize>,
    /// Longest record accepted.
    pub(super) max_record: usize,
    /// Quote-free lines are split with `memchr` instead of the exact decoder.
    pub(super) fast_split: bool,
    /// CSV output without replaced columns: records written as the writer would write them
    /// are copied through (see `scan::split_verbatim`).
    pub(super) copy_through: bool,
    pub(super) has_header: bool,
    pub(super) names: Vec<Vec<u8>>,
    pub(super) role_column: String,
    pub(super) confidence_column: String,
    /// JSON-encoded `"name":` per input field.
    pub(super) json_keys: Vec<Vec<u8>>,
    pub(super) json_role_key: Vec<u8>,
    pub(super) json_confidence_key: Vec<u8>,
    /// The role column's CSV field for each answer and for a bad row, between the delimiters
    /// before and after it, written once here rather than checked for quoting on every row
    /// (see [`Plan::role_field`]).
    role_fields: [Vec<u8>; 4],
}

impl Plan {
    pub(super) fn new(
        opts: &BatchOptions,
        head: &Head,
        tuning: Tuning,
    ) -> Result<Plan, BatchError> {
        let fields = head.first.len();
        let names: Vec<Vec<u8>> = if opts.has_header {
            head.first.clone()
        } else {
            (0..fields)
                .map(|i| format!("column_{i}").into_bytes())
                .collect()
        };
        if opts.has_header {
            for (j, name) in names.iter().enumerate() {
                if let Some(i) = names[..j].iter().position(|n| n == name) {
                    return Err(BatchError::DuplicateColumn {
                        name: lossy(name),
                        first: i + 1,
                        second: j + 1,
                    });
                }
            }
        }
        let names_iter = names.iter().map(Vec::as_slice);
        let statement = match (&opts.column, opts.has_header) {
            (ColumnSelector::Name(_), false) => return Err(BatchError::NoHeaderNeedsIndex),
            (ColumnSelector::Name(name), true) => match_column(names_iter.clone(), name)?,
            (ColumnSelector::Index(i), _) => {
                if *i >= fields {
                    return Err(BatchError::ColumnIndexOutOfRange { index: *i, fields });
                }
                *i
            }
        };
        // Without a header, names only exist in JSON output.
        let named = opts.has_header || opts.format == OutputFormat::Jsonl;
        let placed = |column: &str| -> Result<Option<usize>, BatchError> {
            let at = match match_column(names_iter.clone(), column) {
                Ok(i) => Some(i),
                Err(ColumnError::Missing { .. }) => None,
                Err(ambiguous) => return Err(ambiguous.into()),
            };
            match at {
                Some(_) if !named => Ok(None),
                Some(i) if !opts.replace => Err(BatchError::ColumnClash {
                    name: lossy(&names[i]),
                }),
                Some(i) if i == statement => Err(BatchError::InvalidOptions(format!(
                    "the statement column {column:?} cannot be replaced by the output"
                ))),
                other => Ok(other),
            }
        };
        let role_at = placed(&opts.role_column)?;
        let confidence_at = placed(&opts.confidence_column)?;
        let json_key = |name: &[u8]| {
            let mut key = Vec::with_capacity(name.len() + 3);
            write_json_str(&mut key, &String::from_utf8_lossy(name));
            key.push(b':');
            key
        };
        Ok(Plan {
            delimiter: opts.delimiter,
            fields,
            statement,
            statement_desc: column_desc(statement, opts.has_header.then(|| &names[statement])),
            fields_origin: if opts.has_header {
                "the header"
            } else {
                "the first row"
            },
            format: opts.format,
            keep_going: opts.keep_going,
            explain: opts.explain,
            role_at,
            confidence_at,
            max_record: tuning.max_record,
            fast_split: tuning.fast_paths,
            copy_through: tuning.fast_paths
                && opts.format == OutputFormat::Csv
                && role_at.is_none()
                && confidence_at.is_none(),
            has_header: opts.has_header,
            json_keys: names.iter().map(|n| json_key(n)).collect(),
            json_role_key: json_key(opts.role_column.as_bytes()),
            role_fields: ROLE_ORDER.map(|role| {
                let mut field = vec![opts.delimiter];
                let label = role.map(|role| RowLabel {
                    role,
                    confidence: 0.0,
                });
                write_role(&mut field, label, opts.delimiter);
                field.push(opts.delimiter);
                field
            }),
            json_confidence_key: json_key(opts.confidence_column.as_bytes()),
            names,
            role_column: opts.role_column.clone(),
            confidence_column: opts.confidence_column.clone(),
        })
    }

    /// The role column's CSV field for `label` (`None`: a bad row), as [`write_role`] writes
    /// it, with a delimiter before and after it.
    pub(super) fn role_field(&self, label: Option<RowLabel>) -> &[u8] {
        let role = label.map(|label| label.role);
        let i = ROLE_ORDER.iter().position(|&r| r == role).unwrap_or(3);
        &self.role_fields[i]
    }

    /// The output before the first row: the BOM and header row for CSV, nothing for JSON.
    pub(super) fn write_header(&self, out: &mut Vec<u8>, head: &Head) {
        if self.format == OutputFormat::Jsonl {
            return;
        }
        if head.bom {
            out.extend_from_slice(UTF8_BOM);
        }
        if head.bom_like_data {
            out.push(b'\n');
        }
        if !self.has_header {
            return;
        }
        for (i, name) in self.names.iter().enumerate() {
            if i > 0 {
                out.push(self.delimiter);
            }
            write_field(out, name, self.delimiter);
        }
        if self.role_at.is_none() {
            out.push(self.delimiter);
            write_field(out, self.role_column.as_bytes(), self.delimiter);
        }
        if self.confidence_at.is_none() {
            out.push(self.delimiter);
            write_field(out, self.confidence_column.as_bytes(), self.delimiter);
        }
        out.push(b'\n');
    }

    /// One output row from decoded fields; `label` is `None` for a bad row.
    pub(super) fn write_row(
        &self,
        out: &mut Vec<u8>,
        data: &[u8],
        ranges: &[(usize, usize)],
        label: Option<RowLabel>,
        extra: Option<(&dyn RowLabeler, &str)>,
    ) {
        match self.format {
            OutputFormat::Csv => self.write_csv_row(out, data, ranges, label),
            OutputFormat::Jsonl => self.write_json_row(out, data, ranges, label, extra),
        }
    }

    /// The statement of a record (its fields' `ranges` in `data`), or why the record is a bad
    /// row (the 1-based column, when one field is at fault, and the message): the wrong number
    /// of fields, a statement that is not text, or, for JSON Lines output, which can only carry
    /// text, another field that is not UTF-8 (CSV output passes its bytes through).
    pub(super) fn check_record<'a>(
        &self,
        data: &'a [u8],
        ranges: &[(usize, usize)],
    ) -> Result<&'a str, (Option<usize>, String)> {
        let k = ranges.len();
        if k != self.fields {
            return Err((
                None,
                format!(
                    "found {k} field{}, expected {} as in {}",
                    if k == 1 { "" } else { "s" },
                    self.fields,
                    self.fields_origin
                ),
            ));
        }
        let (a, b) = ranges[self.statement];
        let statement = check_text(&data[a..b]).map_err(|bad| {
            (
                Some(self.statement + 1),
                format!("{}: {bad}", self.statement_desc),
            )
        })?;
        if self.format == OutputFormat::Jsonl {
            for (i, &(a, b)) in ranges.iter().enumerate() {
                if let Err(e) = std::str::from_utf8(&data[a..b]) {
                    let bad = BadText {
                        problem: crate::input::TextProblem::InvalidUtf8,
                        at: e.valid_up_to() + 1,
                    };
                    let name = self.has_header.then(|| &self.names[i]);
                    return Err((
                        Some(i + 1),
                        format!(
                            "{}: {bad} (JSON Lines output needs UTF-8 text; --format csv \
                             passes the bytes through)",
                            column_desc(i, name)
                        ),
                    ));
                }
            }
        }
        Ok(statement)
    }

    /// One CSV row. The role and confidence columns are where the header puts them whatever
    /// the width of the record: a bad row with too few fields is padded with empty ones, and
    /// the fields of one with too many come after the added columns.
    pub(super) fn write_csv_row(
        &self,
        out: &mut Vec<u8>,
        data: &[u8],
        ranges: &[(usize, usize)],
        label: Option<RowLabel>,
    ) {
        let d = self.delimiter;
        for i in 0..self.fields {
            if i > 0 {
                out.push(d);
            }
            if self.role_at == Some(i) {
                write_role(out, label, d);
            } else if self.confidence_at == Some(i) {
                write_confidence_csv(out, label);
            } else if let Some(&(a, b)) = ranges.get(i) {
                write_field(out, &data[a..b], d);
            }
        }
        if self.role_at.is_none() {
            out.push(d);
            write_role(out, label, d);
        }
        if self.confidence_at.is_none() {
            out.push(d);
            write_confidence_csv(out, label);
        }
        for &(a, b) in ranges.iter().skip(self.fields) {
            out.push(d);
            write_field(out, &data[a..b], d);
        }
        out.push(b'\n');
    }

    pub(super) fn write_json_row(
        &self,
        out: &mut Vec<u8>,
        data: &[u8],
        ranges: &[(usize, usize)],
        label: Option<RowLabel>,
        extra: Option<(&dyn RowLabeler, &str)>,
    ) {
        out.push(b'{');
        for (i, &(a, b)) in ranges.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            match self.json_keys.get(i) {
                Some(key) => out.extend_from_slice(key),
                None => {
                    // A bad row with more fields than the header.
                    write_json_str(out, &format!("column_{i}"));
                    out.push(b':');
                }
            }
            if self.role_at == Some(i) {
                write_json_role(out, label);
            } else if self.confidence_at == Some(i) {
                write_confidence_json(out, label);
            } else {
                write_json_str(out, &String::from_utf8_lossy(&data[a..b]));
            }
        }
        let k = ranges.len();
        if self.role_at.is_none_or(|i| i >= k) {
            out.push(b',');
            out.extend_from_slice(&self.json_role_key);
            write_json_role(out, label);
        }
        if self.confidence_at.is_none_or(|i| i >= k) {
            out.push(b',');
            out.extend_from_slice(&self.json_confidence_key);
            write_confidence_json(out, label);
        }
        if let Some((labeler, statement)) = extra {
            labeler.write_extra_json(statement, out);
        }
        out.extend_from_slice(b"}\n");
    }
}

/// The answers in the order of [`Plan::role_fields`], `None` (a bad row) last.
const ROLE_ORDER: [Option<Answer>; 4] = [
    Some(Answer::Director),
    Some(Answer::Vp),
    Some(Answer::Unsure),
    None,
];

/// A column in messages, 1-based as every position in messages: `column 2 ("text")`, or
/// `column 2` without a header.
fn column_desc(index: usize, name: Option<&Vec<u8>>) -> String {
    match name {
        Some(name) => format!("column {} ({:?})", index + 1, lossy(name)),
        None => format!("column {}", index + 1),
    }
}

pub(super) fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
