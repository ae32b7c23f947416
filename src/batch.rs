//! Streaming, parallel, order-preserving CSV labeling: the engine behind `roleclass batch`.
//!
//! This module exists because labeling a CSV of millions of rows has to run at close to the
//! speed of merely copying it, in memory that does not grow with the input, without ever
//! dropping, reordering or quietly altering a row. That takes more than a loop over
//! `csv::Reader`: a pipeline, and a record scanner that pays for exact CSV parsing only on
//! the records that need it. The model stays out of it: rows are labeled through the small
//! [`RowLabeler`] trait, so the engine is tested, benchmarked and fuzzed on its own.
//!
//! # Pipeline
//!
//! * The calling thread reads the header (or the first row) and resolves the options into a
//!   plan: which field is the statement, how many fields a row has, where `role` and
//!   `confidence` go.
//! * A reader thread reads the input in blocks of about `chunk_bytes` and cuts each block
//!   after the last record terminator that is outside quotes; the tail is carried over to
//!   the next block.
//! * `threads` worker threads split chunks into records, label them and format the output of
//!   each chunk into a buffer of its own.
//! * The calling thread writes the chunk outputs strictly in input order.
//!
//! Chunks travel in a fixed pool of `2 * threads + 2` buffer pairs: the reader cannot get
//! ahead of the writer by more than that, so memory is bounded by the pool (plus the longest
//! record), whatever the size of the input.
//!
//! # Records
//!
//! A record whose physical line holds no quote and no carriage return other than a `\r\n`
//! ending (nearly every record of a typical export) is split on the delimiter with `memchr`
//! and, for CSV output, copied through byte for byte with `,role,confidence` appended: an
//! unquoted field never needs quotes. Any other record is decoded exactly and written back
//! with minimal RFC 4180 quoting, as `csv::Writer` writes it. Tests check that both paths
//! give the same output and that the decoder agrees with the `csv` crate.
//!
//! # Dialect
//!
//! Input is read as the `csv` crate reads it by default: a quote opens a quoted field only
//! at the start of a field, `""` inside quotes is a quote, `\n`, `\r\n` and a lone `\r` end
//! a record, and blank lines are skipped (they hold no row). Two deliberate differences: a
//! UTF-8 byte order mark at the start of the input is kept (and written back at the start
//! of CSV output), and a quoted field still open at the end of the input is a bad row
//! instead of silently swallowing the rest of the file. Output uses `\n` line ends.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::Mutex;

use memchr::{memchr, memchr2, memchr3, memchr_iter, memrchr};

/// Default size of the blocks the input is read and processed in.
pub const DEFAULT_CHUNK_BYTES: usize = 256 * 1024;

/// Longest record accepted; a longer one (usually a stray quote) is a bad row, so that an
/// unbalanced quote cannot make the engine read a whole file into memory.
pub const MAX_RECORD_BYTES: usize = 256 * 1024 * 1024;

/// At most this many line numbers of skipped rows are kept in [`BatchSummary`].
pub const MAX_ERROR_LINES: usize = 10;

/// Role written for a bad row kept with `keep_going`.
pub const ERROR_ROLE: &str = "error";

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What batch needs from a classifier.
pub trait RowLabeler: Sync {
    /// Label one statement (may be empty: then return role "unsure").
    fn label(&self, statement: &str) -> RowLabel;

    /// Extra JSON fields for `--format jsonl` (e.g. an "explanation"); default none.
    fn extra_json(&self, _statement: &str) -> Vec<(String, serde_json::Value)> {
        Vec::new()
    }
}

/// The label of one row: a role (`director`, `vp` or `unsure`) and its confidence in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowLabel {
    /// The role written to the role column.
    pub role: &'static str,
    /// Written with three decimals (`0.940`).
    pub confidence: f64,
}

/// Which input column holds the statements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnSelector {
    /// The column with this header name (needs a header row).
    Name(String),
    /// The column at this 0-based position.
    Index(usize),
}

/// The shape of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// The input CSV with the role and confidence columns added.
    Csv,
    /// One JSON object per row: field name -> value, plus role and confidence.
    Jsonl,
}

/// Everything [`run_batch`] needs to know besides its input, output and labeler.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchOptions {
    /// The statement column.
    pub column: ColumnSelector,
    /// Whether the first record is a header row (it is then written back first).
    pub has_header: bool,
    /// Field delimiter, for input and output (not a quote, `\r` or `\n`).
    pub delimiter: u8,
    /// Name of the role column added to the output.
    pub role_column: String,
    /// Name of the confidence column added to the output.
    pub confidence_column: String,
    /// Overwrite existing columns named like the role or confidence column, in place,
    /// instead of failing with [`BatchError::ColumnClash`].
    pub replace: bool,
    /// CSV or JSON Lines output.
    pub format: OutputFormat,
    /// Write bad rows through with role `error` and carry on, instead of stopping.
    pub keep_going: bool,
    /// Add the labeler's [`RowLabeler::extra_json`] fields to JSON Lines output.
    pub explain: bool,
    /// Number of worker threads (0 counts as 1).
    pub threads: usize,
    /// Approximate size of the blocks the input is processed in.
    pub chunk_bytes: usize,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            column: ColumnSelector::Name("text".to_string()),
            has_header: true,
            delimiter: b',',
            role_column: "role".to_string(),
            confidence_column: "confidence".to_string(),
            replace: false,
            format: OutputFormat::Csv,
            keep_going: false,
            explain: false,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            chunk_bytes: DEFAULT_CHUNK_BYTES,
        }
    }
}

/// Counts of a finished run.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct BatchSummary {
    /// Rows written (header not included); equals `director + vp + unsure + errors`.
    pub rows: u64,
    /// Rows labeled `director`.
    pub director: u64,
    /// Rows labeled `vp`.
    pub vp: u64,
    /// Rows labeled anything else (`unsure`).
    pub unsure: u64,
    /// Bad rows written through with role `error` (only with `keep_going`).
    pub errors: u64,
    /// 1-based line numbers of the first bad rows (at most [`MAX_ERROR_LINES`]).
    pub first_error_lines: Vec<u64>,
}

/// Why a batch run failed.
///
/// Messages are lowercase and carry no input name: the caller prefixes it
/// (`tasks.csv:14: expected 2 fields ...`).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// Reading the input or writing the output failed; `source` is the `io::Error`, so a
    /// broken pipe can be recognised (see [`BatchError::is_broken_pipe`]).
    #[error("cannot {action}")]
    Io {
        /// What was being done: "read the input" or "write the output".
        action: &'static str,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
    /// A row that cannot be labeled and `keep_going` is off.
    #[error("{line}: {message}")]
    BadRow {
        /// 1-based physical line on which the record starts.
        line: u64,
        /// 1-based field number, when the problem is in one field.
        column: Option<usize>,
        /// What is wrong, e.g. "found 3 fields, expected 2 as in the header".
        message: String,
    },
    /// The input holds no record at all (it is empty or only blank lines).
    #[error("the input is empty")]
    EmptyInput,
    /// The header has no column of the requested name.
    #[error("no column named {name:?} in the header (columns: {})", .available.join(", "))]
    MissingColumn {
        /// The requested name.
        name: String,
        /// The header's column names.
        available: Vec<String>,
    },
    /// `--column-index` points past the last field.
    #[error("column index {index} is out of range: the first row has {fields} field(s)")]
    ColumnIndexOutOfRange {
        /// The requested 0-based index.
        index: usize,
        /// Fields in the header (or first row).
        fields: usize,
    },
    /// Two header columns have the same name.
    #[error("duplicate column name {name:?} in the header (columns {first} and {second})")]
    DuplicateColumn {
        /// The repeated name.
        name: String,
        /// 1-based position of its first occurrence.
        first: usize,
        /// 1-based position of its second occurrence.
        second: usize,
    },
    /// The role or confidence column name is already taken and `replace` is off.
    #[error(
        "the input already has a column named {name:?} \
         (pass --replace to overwrite it, or choose another name)"
    )]
    ColumnClash {
        /// The clashing name.
        name: String,
    },
    /// A column was selected by name on input without a header row.
    #[error("without a header row the statement column must be given by index (--column-index)")]
    NoHeaderNeedsIndex,
    /// The options contradict themselves (e.g. the delimiter is a quote).
    #[error("invalid batch options: {0}")]
    InvalidOptions(String),
    /// The cancel flag was raised (Ctrl-C).
    #[error("interrupted")]
    Interrupted,
    /// The labeler panicked on some row; a bug in the labeler, reported instead of hanging.
    #[error("the labeler panicked: {0}")]
    LabelerPanicked(String),
}

impl BatchError {
    /// True when the output was closed by its reader (`roleclass batch big.csv | head`),
    /// which a command-line tool should treat as success.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, BatchError::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}

fn read_error(source: io::Error) -> BatchError {
    BatchError::Io {
        action: "read the input",
        source,
    }
}

fn write_error(source: io::Error) -> BatchError {
    BatchError::Io {
        action: "write the output",
        source,
    }
}

/// Stream `input` to `output`. `progress(bytes_read, rows_done)` is called from time to time;
/// `cancel` is polled between chunks (Ctrl-C).
///
/// Returns the counts of the run. On error, the output may hold the rows before the
/// failing one: write to a temporary file and rename it on success to keep a run atomic.
pub fn run_batch<R: Read + Send, W: Write>(
    input: R,
    output: W,
    labeler: &dyn RowLabeler,
    opts: &BatchOptions,
    progress: &mut dyn FnMut(u64, u64),
    cancel: &AtomicBool,
) -> Result<BatchSummary, BatchError> {
    let tuning = Tuning {
        fast_paths: true,
        max_record: MAX_RECORD_BYTES,
    };
    run_batch_impl(input, output, labeler, opts, progress, cancel, tuning)
}

/// Internal knobs, changed only by tests.
#[derive(Debug, Clone, Copy)]
struct Tuning {
    /// Split quote-free lines with `memchr` and copy them through; when false, every record
    /// goes through the exact decoder and the quoting writer.
    fast_paths: bool,
    /// See [`MAX_RECORD_BYTES`].
    max_record: usize,
}

fn run_batch_impl<R: Read + Send, W: Write>(
    mut input: R,
    mut output: W,
    labeler: &dyn RowLabeler,
    opts: &BatchOptions,
    progress: &mut dyn FnMut(u64, u64),
    cancel: &AtomicBool,
    tuning: Tuning,
) -> Result<BatchSummary, BatchError> {
    validate(opts)?;
    let chunk_bytes = opts.chunk_bytes.max(16);
    let head = read_head(&mut input, opts, chunk_bytes, tuning.max_record)?;
    let plan = Plan::new(opts, &head, tuning)?;

    let mut header_out = Vec::new();
    plan.write_header(&mut header_out, &head);
    output.write_all(&header_out).map_err(write_error)?;
    if cancel.load(Ordering::Relaxed) {
        return Err(BatchError::Interrupted);
    }

    let threads = opts.threads.max(1);
    let n_slots = 2 * threads + 2;
    let start = Start {
        line: head.start_line,
        bytes: head.consumed,
        chunk_bytes,
    };
    let mut summary = BatchSummary::default();
    let abort = AtomicBool::new(false);
    let (slot_tx, slot_rx) = mpsc::sync_channel::<Slot>(n_slots);
    for _ in 0..n_slots {
        // Cannot fail or block: the receiver is alive and the channel has room.
        let _ = slot_tx.send(Slot::default());
    }
    let (chunk_tx, chunk_rx) = mpsc::sync_channel::<Chunk>(n_slots);
    let (done_tx, done_rx) = mpsc::sync_channel::<Finished>(n_slots);
    let chunk_rx = Mutex::new(chunk_rx);
    let feed = Feed {
        carry: head.rest,
        eof: head.eof,
        delimiter: opts.delimiter,
        chunk_bytes,
        max_record: tuning.max_record,
    };
    let reader_end = std::thread::scope(|s| {
        let chunk_rx = &chunk_rx;
        let abort = &abort;
        let reader = s.spawn(move || read_chunks(input, feed, slot_rx, chunk_tx, cancel, abort));
        for _ in 0..threads {
            let done_tx = done_tx.clone();
            let plan = &plan;
            s.spawn(move || work(plan, labeler, chunk_rx, done_tx));
        }
        drop(done_tx);
        let written = write_in_order(
            &mut output,
            done_rx,
            slot_tx,
            &start,
            progress,
            cancel,
            &mut summary,
        );
        if written.is_err() {
            abort.store(true, Ordering::Relaxed);
        }
        // A panic in the reader (in `R::read`) must not pass for the end of the input.
        let read = reader
            .join()
            .unwrap_or_else(|payload| panic::resume_unwind(payload));
        written?;
        read
    })?;
    if reader_end == ReadEnd::Cancelled || cancel.load(Ordering::Relaxed) {
        return Err(BatchError::Interrupted);
    }
    output.flush().map_err(write_error)?;
    Ok(summary)
}

fn validate(opts: &BatchOptions) -> Result<(), BatchError> {
    let bad = |m: &str| Err(BatchError::InvalidOptions(m.to_string()));
    if matches!(opts.delimiter, b'"' | b'\r' | b'\n') {
        return bad("the delimiter cannot be a quote or a line break");
    }
    if opts.role_column.is_empty() || opts.confidence_column.is_empty() {
        return bad("the role and confidence column names cannot be empty");
    }
    if opts.role_column == opts.confidence_column {
        return bad("the role and confidence columns need different names");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Header and plan

/// The start of the input, read by the calling thread before the pipeline starts.
struct Head {
    /// A UTF-8 BOM was found (and removed) at the start.
    bom: bool,
    /// The first record starts with the bytes of a BOM after blank lines: those bytes are
    /// data, so the output keeps one blank line first, lest a reader strip them as a BOM.
    bom_like_data: bool,
    /// Fields of the first record (the header, or the first data row).
    first: Vec<Vec<u8>>,
    /// Input after the header (or from the first row on, without a header).
    rest: Vec<u8>,
    /// The input is exhausted: `rest` is all there is.
    eof: bool,
    /// 1-based line on which `rest` starts.
    start_line: u64,
    /// Input bytes before `rest`.
    consumed: u64,
}

fn read_head<R: Read>(
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
struct Plan {
    delimiter: u8,
    /// Expected number of fields per record.
    fields: usize,
    /// 0-based index of the statement field.
    statement: usize,
    /// How the statement column is named in messages.
    statement_desc: String,
    /// Where the expected field count comes from, for messages.
    fields_origin: &'static str,
    format: OutputFormat,
    keep_going: bool,
    explain: bool,
    /// Existing column the role overwrites (`replace`).
    role_at: Option<usize>,
    /// Existing column the confidence overwrites (`replace`).
    confidence_at: Option<usize>,
    /// Longest record accepted.
    max_record: usize,
    /// Quote-free lines are split with `memchr` instead of the exact decoder.
    fast_split: bool,
    /// CSV output without replaced columns: quote-free lines are copied through.
    copy_through: bool,
    has_header: bool,
    names: Vec<Vec<u8>>,
    role_column: String,
    confidence_column: String,
    /// JSON-encoded `"name":` per input field.
    json_keys: Vec<Vec<u8>>,
    json_role_key: Vec<u8>,
    json_confidence_key: Vec<u8>,
}

impl Plan {
    fn new(opts: &BatchOptions, head: &Head, tuning: Tuning) -> Result<Plan, BatchError> {
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
        let (statement, statement_desc) = match (&opts.column, opts.has_header) {
            (ColumnSelector::Name(_), false) => return Err(BatchError::NoHeaderNeedsIndex),
            (ColumnSelector::Name(name), true) => {
                match names.iter().position(|n| n == name.as_bytes()) {
                    Some(i) => (i, format!("{name:?}")),
                    None => {
                        return Err(BatchError::MissingColumn {
                            name: name.clone(),
                            available: names.iter().map(|n| lossy(n)).collect(),
                        })
                    }
                }
            }
            (ColumnSelector::Index(i), _) => {
                if *i >= fields {
                    return Err(BatchError::ColumnIndexOutOfRange { index: *i, fields });
                }
                let desc = if opts.has_header {
                    format!("{:?} (index {i})", lossy(&names[*i]))
                } else {
                    format!("(index {i})")
                };
                (*i, desc)
            }
        };
        // Without a header, names only exist in JSON output.
        let named = opts.has_header || opts.format == OutputFormat::Jsonl;
        let placed = |column: &str| -> Result<Option<usize>, BatchError> {
            let at = names.iter().position(|n| n == column.as_bytes());
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
            statement_desc,
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
            json_confidence_key: json_key(opts.confidence_column.as_bytes()),
            names,
            role_column: opts.role_column.clone(),
            confidence_column: opts.confidence_column.clone(),
        })
    }

    /// The output before the first row: the BOM and header row for CSV, nothing for JSON.
    fn write_header(&self, out: &mut Vec<u8>, head: &Head) {
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
    fn write_row(
        &self,
        out: &mut Vec<u8>,
        data: &[u8],
        ranges: &[(usize, usize)],
        label: Option<RowLabel>,
        extra: &[(String, serde_json::Value)],
    ) {
        match self.format {
            OutputFormat::Csv => self.write_csv_row(out, data, ranges, label),
            OutputFormat::Jsonl => self.write_json_row(out, data, ranges, label, extra),
        }
    }

    fn write_csv_row(
        &self,
        out: &mut Vec<u8>,
        data: &[u8],
        ranges: &[(usize, usize)],
        label: Option<RowLabel>,
    ) {
        let d = self.delimiter;
        for (i, &(a, b)) in ranges.iter().enumerate() {
            if i > 0 {
                out.push(d);
            }
            if self.role_at == Some(i) {
                write_role(out, label, d);
            } else if self.confidence_at == Some(i) {
                write_confidence_csv(out, label);
            } else {
                write_field(out, &data[a..b], d);
            }
        }
        let k = ranges.len();
        if self.role_at.is_none_or(|i| i >= k) {
            out.push(d);
            write_role(out, label, d);
        }
        if self.confidence_at.is_none_or(|i| i >= k) {
            out.push(d);
            write_confidence_csv(out, label);
        }
        out.push(b'\n');
    }

    fn write_json_row(
        &self,
        out: &mut Vec<u8>,
        data: &[u8],
        ranges: &[(usize, usize)],
        label: Option<RowLabel>,
        extra: &[(String, serde_json::Value)],
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
        for (key, value) in extra {
            out.push(b',');
            write_json_str(out, key);
            out.push(b':');
            // Writing to a Vec cannot fail, and a Value always serializes.
            let _ = serde_json::to_writer(&mut *out, value);
        }
        out.extend_from_slice(b"}\n");
    }
}

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---------------------------------------------------------------------------------------
// Output formatting

/// Writes a CSV field, quoted only when it has to be (as `csv::Writer` does by default).
fn write_field(out: &mut Vec<u8>, field: &[u8], delimiter: u8) {
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

fn write_role(out: &mut Vec<u8>, label: Option<RowLabel>, delimiter: u8) {
    let role = label.map_or(ERROR_ROLE, |l| l.role);
    write_field(out, role.as_bytes(), delimiter);
}

fn write_confidence_csv(out: &mut Vec<u8>, label: Option<RowLabel>) {
    if let Some(l) = label {
        write_confidence(out, l.confidence);
    }
}

/// Writes `value` as `format!("{value:.3}")` would, without the formatting machinery for the
/// usual values in `[0, 1]` away from a rounding tie.
fn write_confidence(out: &mut Vec<u8>, value: f64) {
    if (0.0..=1.0).contains(&value) {
        let scaled = value * 1000.0;
        // Truncation is floor here (scaled >= 0), and much cheaper than `f64::round`.
        let whole = scaled as u32;
        let frac = scaled - f64::from(whole);
        if (frac - 0.5).abs() > 1e-6 {
            let m = whole + u32::from(frac > 0.5);
            out.extend_from_slice(&[
                b'0' + (m / 1000) as u8,
                b'.',
                b'0' + (m / 100 % 10) as u8,
                b'0' + (m / 10 % 10) as u8,
                b'0' + (m % 10) as u8,
            ]);
            return;
        }
    }
    // Writing to a Vec cannot fail.
    let _ = write!(out, "{value:.3}");
}

fn write_json_str(out: &mut Vec<u8>, s: &str) {
    // Writing to a Vec cannot fail, and a str always serializes.
    let _ = serde_json::to_writer(&mut *out, s);
}

fn write_json_role(out: &mut Vec<u8>, label: Option<RowLabel>) {
    write_json_str(out, label.map_or(ERROR_ROLE, |l| l.role));
}

fn write_confidence_json(out: &mut Vec<u8>, label: Option<RowLabel>) {
    match label {
        Some(l) if l.confidence.is_finite() => write_confidence(out, l.confidence),
        _ => out.extend_from_slice(b"null"),
    }
}

// ---------------------------------------------------------------------------------------
// Record scanning

const UNTERMINATED: &str =
    "unterminated quoted field: the quote opened in this record is never closed";

fn too_large_message(max_record: usize) -> String {
    format!("record longer than {max_record} bytes (a quote that is never closed?)")
}

/// Whether a quote at `i` opens a quoted field; valid outside quotes, in a buffer that
/// starts at a record start.
fn at_field_start(buf: &[u8], i: usize, delimiter: u8) -> bool {
    i == 0 || {
        let b = buf[i - 1];
        b == delimiter || b == b'\n' || b == b'\r'
    }
}

/// Index just past the quote closing the quoted field opened at `open`, or `None` when it
/// is not closed within `buf` (a quote as the very last byte may be the first of a `""`).
fn skip_quoted(buf: &[u8], open: usize) -> Option<usize> {
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
fn find_cut(buf: &[u8], delimiter: u8) -> Option<usize> {
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

fn count_newlines(bytes: &[u8]) -> u64 {
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
fn parse_record(
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

// ---------------------------------------------------------------------------------------
// Chunk processing (workers)

/// Per-worker buffers reused from record to record.
#[derive(Default)]
struct Scratch {
    fields: Vec<u8>,
    ranges: Vec<(usize, usize)>,
}

/// A bad row that stops the run; the line is relative to the chunk.
#[derive(Debug)]
struct Fatal {
    rel_line: u64,
    column: Option<usize>,
    message: String,
}

/// What a worker learned about a chunk, besides its output.
#[derive(Debug, Default)]
struct ChunkStats {
    rows: u64,
    director: u64,
    vp: u64,
    unsure: u64,
    errors: u64,
    /// Lines (relative to the chunk) of the first kept bad rows.
    error_lines: Vec<u64>,
    /// `\n` bytes in the chunk, to number the lines of the next one.
    newlines: u64,
    fatal: Option<Fatal>,
}

/// Labels every record of `input` (whole records; `is_last` if it ends the input) into `out`.
fn process_chunk(
    plan: &Plan,
    labeler: &dyn RowLabeler,
    input: &[u8],
    is_last: bool,
    out: &mut Vec<u8>,
    sc: &mut Scratch,
) -> ChunkStats {
    let mut st = ChunkStats::default();
    let n = input.len();
    let d = plan.delimiter;
    let mut p = 0;
    let mut line = 0u64;
    out.reserve(n + n / 4);
    loop {
        while p < n && (input[p] == b'\n' || input[p] == b'\r') {
            line += u64::from(input[p] == b'\n');
            p += 1;
        }
        if p >= n {
            break;
        }
        let rec_line = line;
        // `raw` is the record's line when it holds no quote and no stray `\r`.
        let (data, raw, closed): (&[u8], Option<&[u8]>, bool) =
            match memchr3(b'"', b'\r', b'\n', &input[p..]) {
                found if !plan.fast_split || found.is_some_and(|off| input[p + off] == b'"') => {
                    let (next, newlines, closed) =
                        parse_record(input, p, d, &mut sc.fields, &mut sc.ranges);
                    p = next;
                    line += newlines;
                    (&sc.fields, None, closed)
                }
                found => {
                    let end = found.map_or(n, |off| p + off);
                    let raw = &input[p..end];
                    p = end;
                    if p < n {
                        if input[p] == b'\r' {
                            p += 1;
                        }
                        if p < n && input[p] == b'\n' {
                            p += 1;
                            line += 1;
                        }
                    }
                    sc.ranges.clear();
                    let mut s = 0;
                    for i in memchr_iter(d, raw) {
                        sc.ranges.push((s, i));
                        s = i + 1;
                    }
                    sc.ranges.push((s, raw.len()));
                    (raw, Some(raw), true)
                }
            };
        let ranges = &sc.ranges;
        let k = ranges.len();
        let checked: Result<&str, (Option<usize>, String)> = if !closed {
            let message = if is_last {
                UNTERMINATED.to_string()
            } else {
                // Cannot happen: chunks are cut after whole records.
                format!("{UNTERMINATED} (internal: record cut across chunks)")
            };
            Err((None, message))
        } else if k != plan.fields {
            Err((
                None,
                format!(
                    "found {k} field{}, expected {} as in {}",
                    if k == 1 { "" } else { "s" },
                    plan.fields,
                    plan.fields_origin
                ),
            ))
        } else {
            let (a, b) = ranges[plan.statement];
            std::str::from_utf8(&data[a..b])
                .map_err(|e| {
                    (
                        Some(plan.statement + 1),
                        format!(
                            "invalid UTF-8 in the statement column {} at byte {} of the field",
                            plan.statement_desc,
                            e.valid_up_to()
                        ),
                    )
                })
                .and_then(|statement| match memchr(0, statement.as_bytes()) {
                    // A NUL byte means binary data, not a statement.
                    Some(at) => Err((
                        Some(plan.statement + 1),
                        format!(
                            "NUL byte in the statement column {} at byte {at} of the field",
                            plan.statement_desc
                        ),
                    )),
                    None => Ok(statement),
                })
        };
        let (label, extra) = match checked {
            Ok(statement) => {
                let label = labeler.label(statement);
                match label.role {
                    "director" => st.director += 1,
                    "vp" => st.vp += 1,
                    _ => st.unsure += 1,
                }
                let extra = if plan.explain && plan.format == OutputFormat::Jsonl {
                    labeler.extra_json(statement)
                } else {
                    Vec::new()
                };
                (Some(label), extra)
            }
            Err((column, message)) => {
                if !plan.keep_going {
                    st.fatal = Some(Fatal {
                        rel_line: rec_line,
                        column,
                        message,
                    });
                    return st;
                }
                st.errors += 1;
                if st.error_lines.len() < MAX_ERROR_LINES {
                    st.error_lines.push(rec_line);
                }
                (None, Vec::new())
            }
        };
        st.rows += 1;
        match raw {
            Some(raw) if plan.copy_through => {
                out.extend_from_slice(raw);
                out.push(d);
                write_role(out, label, d);
                out.push(d);
                write_confidence_csv(out, label);
                out.push(b'\n');
            }
            _ => plan.write_row(out, data, ranges, label, &extra),
        }
    }
    st.newlines = line;
    st
}

// ---------------------------------------------------------------------------------------
// Pipeline

/// A pair of buffers travelling reader -> worker -> writer -> reader.
#[derive(Default)]
struct Slot {
    input: Vec<u8>,
    output: Vec<u8>,
}

struct Chunk {
    seq: u64,
    slot: Slot,
    is_last: bool,
    /// No record boundary within `max_record` bytes: the run stops here.
    too_large: bool,
}

struct Done {
    slot: Slot,
    stats: ChunkStats,
}

type Finished = (u64, Result<Done, BatchError>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReadEnd {
    Eof,
    Cancelled,
    Aborted,
}

/// What the reader thread starts from.
struct Feed {
    carry: Vec<u8>,
    eof: bool,
    delimiter: u8,
    chunk_bytes: usize,
    max_record: usize,
}

/// Where the pipeline's input starts, for numbering lines and bytes.
struct Start {
    line: u64,
    bytes: u64,
    chunk_bytes: usize,
}

/// Reads from `input` until `buf` holds `target` bytes or the input ends (then sets `eof`).
fn fill<R: Read>(
    input: &mut R,
    buf: &mut Vec<u8>,
    target: usize,
    eof: &mut bool,
) -> io::Result<()> {
    if *eof || buf.len() >= target {
        return Ok(());
    }
    let want = target - buf.len();
    buf.reserve(want);
    // Reads into the spare capacity without zeroing it, and retries `Interrupted`.
    input.by_ref().take(want as u64).read_to_end(buf)?;
    if buf.len() < target {
        *eof = true;
    }
    Ok(())
}

/// The reader thread: cuts the input into chunks of whole records.
fn read_chunks<R: Read>(
    mut input: R,
    feed: Feed,
    slots: Receiver<Slot>,
    chunks: SyncSender<Chunk>,
    cancel: &AtomicBool,
    abort: &AtomicBool,
) -> Result<ReadEnd, BatchError> {
    let Feed {
        mut carry,
        mut eof,
        delimiter,
        chunk_bytes,
        max_record,
    } = feed;
    let mut seq = 0u64;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Ok(ReadEnd::Cancelled);
        }
        if abort.load(Ordering::Relaxed) {
            return Ok(ReadEnd::Aborted);
        }
        let Ok(mut slot) = slots.recv() else {
            return Ok(ReadEnd::Aborted);
        };
        let buf = &mut slot.input;
        buf.clear();
        buf.extend_from_slice(&carry);
        carry.clear();
        let mut target = chunk_bytes;
        let mut too_large = false;
        loop {
            fill(&mut input, buf, target, &mut eof).map_err(read_error)?;
            if eof {
                break;
            }
            if let Some(cut) = find_cut(buf, delimiter) {
                carry.extend_from_slice(&buf[cut..]);
                buf.truncate(cut);
                break;
            }
            if buf.len() > max_record {
                too_large = true;
                break;
            }
            target = buf.len() * 2;
        }
        if buf.is_empty() {
            return Ok(ReadEnd::Eof);
        }
        let chunk = Chunk {
            seq,
            slot,
            is_last: eof,
            too_large,
        };
        if chunks.send(chunk).is_err() {
            return Ok(ReadEnd::Aborted);
        }
        seq += 1;
        if eof || too_large {
            return Ok(ReadEnd::Eof);
        }
    }
}

/// A worker thread: labels chunks until the reader is done or the writer has gone.
fn work(
    plan: &Plan,
    labeler: &dyn RowLabeler,
    chunks: &Mutex<Receiver<Chunk>>,
    done: SyncSender<Finished>,
) {
    let mut sc = Scratch::default();
    loop {
        let next = {
            let rx = chunks
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            rx.recv()
        };
        let Ok(Chunk {
            seq,
            mut slot,
            is_last,
            too_large,
        }) = next
        else {
            return;
        };
        let result = if too_large {
            Ok(ChunkStats {
                fatal: Some(Fatal {
                    rel_line: 0,
                    column: None,
                    message: too_large_message(plan.max_record),
                }),
                ..ChunkStats::default()
            })
        } else {
            let Slot { input, output } = &mut slot;
            panic::catch_unwind(AssertUnwindSafe(|| {
                process_chunk(plan, labeler, input, is_last, output, &mut sc)
            }))
            .map_err(|payload| BatchError::LabelerPanicked(panic_message(payload.as_ref())))
        };
        if done
            .send((seq, result.map(|stats| Done { slot, stats })))
            .is_err()
        {
            return;
        }
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// The writer (calling thread): writes chunk outputs in input order and recycles buffers.
fn write_in_order(
    output: &mut dyn Write,
    done: Receiver<Finished>,
    slots: SyncSender<Slot>,
    start: &Start,
    progress: &mut dyn FnMut(u64, u64),
    cancel: &AtomicBool,
    summary: &mut BatchSummary,
) -> Result<(), BatchError> {
    let mut pending: BTreeMap<u64, Result<Done, BatchError>> = BTreeMap::new();
    let mut next = 0u64;
    let mut line = start.line;
    let mut bytes = start.bytes;
    for (seq, result) in &done {
        pending.insert(seq, result);
        while let Some(result) = pending.remove(&next) {
            let Done { mut slot, stats } = result?;
            if cancel.load(Ordering::Relaxed) {
                return Err(BatchError::Interrupted);
            }
            output.write_all(&slot.output).map_err(write_error)?;
            summary.rows += stats.rows;
            summary.director += stats.director;
            summary.vp += stats.vp;
            summary.unsure += stats.unsure;
            summary.errors += stats.errors;
            for rel in stats.error_lines {
                if summary.first_error_lines.len() < MAX_ERROR_LINES {
                    summary.first_error_lines.push(line + rel);
                }
            }
            if let Some(f) = stats.fatal {
                return Err(BatchError::BadRow {
                    line: line + f.rel_line,
                    column: f.column,
                    message: f.message,
                });
            }
            line += stats.newlines;
            bytes += slot.input.len() as u64;
            progress(bytes, summary.rows);
            for buf in [&mut slot.input, &mut slot.output] {
                buf.clear();
                // Give back what one giant record made a buffer grow to.
                if buf.capacity() > 4 * start.chunk_bytes {
                    buf.shrink_to(2 * start.chunk_bytes);
                }
            }
            // Never blocks (the pool has room for every slot); fails only once the reader
            // is gone, and then the slot is not needed.
            let _ = slots.send(slot);
            next += 1;
        }
    }
    progress(bytes, summary.rows);
    Ok(())
}

/// The model as a batch labeler: `classify` for the role and confidence, `explain` for the
/// JSON Lines `explanation` field.
impl RowLabeler for crate::model::Classifier {
    fn label(&self, statement: &str) -> RowLabel {
        let prediction = self.classify(statement);
        RowLabel {
            role: prediction.answer.as_str(),
            confidence: prediction.confidence,
        }
    }

    fn extra_json(&self, statement: &str) -> Vec<(String, serde_json::Value)> {
        let explanation =
            serde_json::to_value(self.explain(statement)).unwrap_or(serde_json::Value::Null);
        vec![("explanation".to_owned(), explanation)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// Role by keyword: "budget" -> vp, "team" -> director, else unsure.
    struct Mock;

    impl RowLabeler for Mock {
        fn label(&self, s: &str) -> RowLabel {
            if s.contains("budget") {
                RowLabel {
                    role: "vp",
                    confidence: 0.94,
                }
            } else if s.contains("team") {
                RowLabel {
                    role: "director",
                    confidence: 0.8125,
                }
            } else {
                RowLabel {
                    role: "unsure",
                    confidence: 0.5,
                }
            }
        }

        fn extra_json(&self, s: &str) -> Vec<(String, Value)> {
            vec![(
                "explanation".to_string(),
                json!(format!("{} chars", s.len())),
            )]
        }
    }

    fn opts() -> BatchOptions {
        BatchOptions {
            threads: 2,
            chunk_bytes: 64,
            ..BatchOptions::default()
        }
    }

    fn run_with(
        input: &[u8],
        opts: &BatchOptions,
        fast_paths: bool,
    ) -> Result<(String, BatchSummary), BatchError> {
        let tuning = Tuning {
            fast_paths,
            max_record: MAX_RECORD_BYTES,
        };
        let mut out = Vec::new();
        let cancel = AtomicBool::new(false);
        let summary = run_batch_impl(
            input,
            &mut out,
            &Mock,
            opts,
            &mut |_, _| {},
            &cancel,
            tuning,
        )?;
        Ok((String::from_utf8_lossy(&out).into_owned(), summary))
    }

    fn run(input: &str, opts: &BatchOptions) -> Result<(String, BatchSummary), BatchError> {
        run_with(input.as_bytes(), opts, true)
    }

    fn bad_row(result: Result<(String, BatchSummary), BatchError>) -> (u64, Option<usize>, String) {
        match result {
            Err(BatchError::BadRow {
                line,
                column,
                message,
            }) => (line, column, message),
            other => panic!("expected a bad row, got {:?}", other.map(|(_, s)| s)),
        }
    }

    #[test]
    fn round_trip_quotes_commas_newlines_crlf_bom_and_empty_fields() {
        let input = "\u{feff}id,text,note\r\n\
                     1,\"grow the team, hire\",\"say \"\"hi\"\"\"\r\n\
                     2,\"own the\nbudget\",\r\n\
                     3,,\"\"\r\n\
                     4,plain team work,x\r\n";
        let (out, summary) = run(input, &opts()).unwrap();
        assert_eq!(
            out,
            "\u{feff}id,text,note,role,confidence\n\
             1,\"grow the team, hire\",\"say \"\"hi\"\"\",director,0.812\n\
             2,\"own the\nbudget\",,vp,0.940\n\
             3,,,unsure,0.500\n\
             4,plain team work,x,director,0.812\n"
        );
        assert_eq!(summary.rows, 4);
        assert_eq!((summary.director, summary.vp, summary.unsure), (2, 1, 1));
    }

    #[test]
    fn empty_statements_are_labeled_by_the_labeler() {
        let (out, summary) = run("text,id\n,1\n\"\",2\n", &opts()).unwrap();
        assert_eq!(
            out,
            "text,id,role,confidence\n,1,unsure,0.500\n,2,unsure,0.500\n"
        );
        assert_eq!(summary.unsure, 2);
    }

    #[test]
    fn single_column_empty_statement_is_a_row_but_a_blank_line_is_not() {
        let (out, summary) = run("text\n\"\"\n\nteam\n", &opts()).unwrap();
        assert_eq!(
            out,
            "text,role,confidence\n,unsure,0.500\nteam,director,0.812\n"
        );
        assert_eq!(summary.rows, 2);
    }

    #[test]
    fn header_only_gives_the_header_and_no_rows() {
        for input in ["id,text", "id,text\n", "id,text\r\n\r\n"] {
            let (out, summary) = run(input, &opts()).unwrap();
            assert_eq!(out, "id,text,role,confidence\n");
            assert_eq!(summary, BatchSummary::default());
        }
    }

    #[test]
    fn empty_input_is_an_error() {
        for input in ["", "\n\n", "\r\n", "\u{feff}"] {
            assert!(
                matches!(run(input, &opts()), Err(BatchError::EmptyInput)),
                "{input:?}"
            );
        }
    }

    #[test]
    fn no_header_needs_an_index_and_generates_json_names() {
        let o = BatchOptions {
            has_header: false,
            column: ColumnSelector::Index(1),
            ..opts()
        };
        let (out, summary) = run("1,team\n2,budget\n", &o).unwrap();
        assert_eq!(out, "1,team,director,0.812\n2,budget,vp,0.940\n");
        assert_eq!(summary.rows, 2);
        let (out, _) = run("\u{feff}1,team\r\n", &o).unwrap();
        assert_eq!(out, "\u{feff}1,team,director,0.812\n");

        let json = BatchOptions {
            format: OutputFormat::Jsonl,
            ..o.clone()
        };
        let (out, _) = run("1,team\n", &json).unwrap();
        let v: Value = serde_json::from_str(out.trim_end()).unwrap();
        assert_eq!(
            v,
            json!({"column_0": "1", "column_1": "team", "role": "director", "confidence": 0.812})
        );

        let by_name = BatchOptions {
            has_header: false,
            ..opts()
        };
        assert!(matches!(
            run("1,a\n", &by_name),
            Err(BatchError::NoHeaderNeedsIndex)
        ));
        let far = BatchOptions {
            column: ColumnSelector::Index(2),
            ..o
        };
        assert!(matches!(
            run("1,a\n", &far),
            Err(BatchError::ColumnIndexOutOfRange {
                index: 2,
                fields: 2
            })
        ));
    }

    #[test]
    fn column_by_index_with_header() {
        let o = BatchOptions {
            column: ColumnSelector::Index(0),
            ..opts()
        };
        let (out, _) = run("body,id\nteam,1\n", &o).unwrap();
        assert_eq!(out, "body,id,role,confidence\nteam,1,director,0.812\n");
    }

    #[test]
    fn missing_and_duplicate_columns() {
        match run("id,body\n1,x\n", &opts()) {
            Err(e @ BatchError::MissingColumn { .. }) => {
                assert_eq!(
                    e.to_string(),
                    "no column named \"text\" in the header (columns: id, body)"
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            run("id,text,id\n1,x,2\n", &opts()),
            Err(BatchError::DuplicateColumn {
                first: 1,
                second: 3,
                ..
            })
        ));
    }

    #[test]
    fn clash_is_an_error_unless_replace() {
        let input = "id,role,text,confidence,x\n1,old,team,0.1,y\n2,old,\"budget, big\",0.2,z\n";
        match run(input, &opts()) {
            Err(BatchError::ColumnClash { name }) => assert_eq!(name, "role"),
            other => panic!("{other:?}"),
        }
        let o = BatchOptions {
            replace: true,
            ..opts()
        };
        let (out, _) = run(input, &o).unwrap();
        assert_eq!(
            out,
            "id,role,text,confidence,x\n1,director,team,0.812,y\n2,vp,\"budget, big\",0.940,z\n"
        );
        // Only one of the two exists: it is replaced, the other appended.
        let (out, _) = run("role,text\nold,team\n", &o).unwrap();
        assert_eq!(out, "role,text,confidence\ndirector,team,0.812\n");
        // Renamed output columns do not clash.
        let renamed = BatchOptions {
            role_column: "level".into(),
            confidence_column: "p".into(),
            ..opts()
        };
        let (out, _) = run("role,text\nold,team\n", &renamed).unwrap();
        assert_eq!(out, "role,text,level,p\nold,team,director,0.812\n");
        // The statement column cannot be overwritten.
        let self_replace = BatchOptions {
            column: ColumnSelector::Name("role".into()),
            replace: true,
            ..opts()
        };
        assert!(matches!(
            run("role,text\nold,team\n", &self_replace),
            Err(BatchError::InvalidOptions(_))
        ));
    }

    #[test]
    fn invalid_options() {
        for o in [
            BatchOptions {
                delimiter: b'"',
                ..opts()
            },
            BatchOptions {
                role_column: "x".into(),
                confidence_column: "x".into(),
                ..opts()
            },
        ] {
            assert!(matches!(
                run("text\na\n", &o),
                Err(BatchError::InvalidOptions(_))
            ));
        }
    }

    /// Rows `id,text` with multi-line quoted statements, so that lines and records differ.
    fn multiline_rows(rows: usize) -> (String, Vec<u64>) {
        let mut input = String::from("id,text\n");
        let mut start_lines = Vec::new();
        let mut line = 2u64;
        for i in 0..rows {
            start_lines.push(line);
            if i % 3 == 0 {
                input.push_str(&format!("{i},\"lead the team\nacross sites {i}\"\n"));
                line += 2;
            } else {
                input.push_str(&format!("{i},plan the budget {i}\n"));
                line += 1;
            }
        }
        (input, start_lines)
    }

    #[test]
    fn bad_row_line_numbers_are_exact_across_chunks() {
        let (good, lines) = multiline_rows(200);
        let mut rows: Vec<&str> = good.lines().collect();
        // Record 151 follows a multi-line one; give it an extra field.
        let target = lines[151] as usize - 1;
        let broken = format!("{},extra", rows[target]);
        rows[target] = &broken;
        let input = rows.join("\n") + "\n";
        for threads in [1, 3] {
            let o = BatchOptions { threads, ..opts() };
            let (line, column, message) = bad_row(run(&input, &o));
            assert_eq!(line, lines[151]);
            assert_eq!(column, None);
            assert_eq!(message, "found 3 fields, expected 2 as in the header");
        }
        // Too few fields, on a record after a multi-line one.
        let input = good.replacen(&format!("\n{},plan the budget", 100), "\nno comma here", 1);
        let (line, _, message) = bad_row(run(&input, &opts()));
        assert_eq!(line, lines[100]);
        assert_eq!(message, "found 1 field, expected 2 as in the header");
    }

    #[test]
    fn invalid_utf8_in_the_statement_is_a_bad_row_but_not_elsewhere() {
        let mut input = b"id,text\n1,team\n".to_vec();
        input.extend_from_slice(b"\xff\xfe,budget\n"); // other column: fine
        input.extend_from_slice(b"3,\"bad \xe9 text\"\n");
        input.extend_from_slice(b"4,team\n");
        let (line, column, message) = bad_row(run_with(&input, &opts(), true));
        assert_eq!((line, column), (4, Some(2)));
        assert_eq!(
            message,
            "invalid UTF-8 in the statement column \"text\" at byte 4 of the field"
        );
        let err = run_with(&input, &opts(), true).unwrap_err();
        assert_eq!(err.to_string(), format!("4: {message}"));

        let o = BatchOptions {
            keep_going: true,
            ..opts()
        };
        let mut out = Vec::new();
        let summary = run_batch(
            &input[..],
            &mut out,
            &Mock,
            &o,
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap();
        let mut expected = b"id,text,role,confidence\n1,team,director,0.812\n".to_vec();
        expected.extend_from_slice(
            b"\xff\xfe,budget,vp,0.940\n3,bad \xe9 text,error,\n4,team,director,0.812\n",
        );
        assert_eq!(out, expected);
        assert_eq!(summary.errors, 1);
        assert_eq!(summary.first_error_lines, vec![4]);
    }

    #[test]
    fn keep_going_writes_bad_rows_through_and_counts_them() {
        let input =
            "id,text\n1,team\n2,budget,extra\n3\n\"4\",\"team\"\n5,\"a,b\",\"c\nd\"\n6,budget\n";
        let o = BatchOptions {
            keep_going: true,
            ..opts()
        };
        let (out, summary) = run(input, &o).unwrap();
        assert_eq!(
            out,
            "id,text,role,confidence\n\
             1,team,director,0.812\n\
             2,budget,extra,error,\n\
             3,error,\n\
             4,team,director,0.812\n\
             5,\"a,b\",\"c\nd\",error,\n\
             6,budget,vp,0.940\n"
        );
        assert_eq!(
            summary,
            BatchSummary {
                rows: 6,
                director: 2,
                vp: 1,
                unsure: 0,
                errors: 3,
                first_error_lines: vec![3, 4, 6],
            }
        );
        // Without keep_going the first bad row stops the run.
        assert_eq!(bad_row(run(input, &opts())).0, 3);
    }

    #[test]
    fn keep_going_keeps_at_most_ten_error_lines() {
        let mut input = String::from("id,text\n");
        for i in 0..25 {
            input.push_str(&format!("{i}\n"));
        }
        let o = BatchOptions {
            keep_going: true,
            ..opts()
        };
        let (_, summary) = run(&input, &o).unwrap();
        assert_eq!(summary.errors, 25);
        assert_eq!(summary.first_error_lines, (2..12).collect::<Vec<u64>>());
    }

    #[test]
    fn unterminated_quote_is_a_bad_row() {
        let input = "id,text\n1,team\n2,\"budget\n3,team\n";
        let (line, _, message) = bad_row(run(input, &opts()));
        assert_eq!(line, 3);
        assert!(
            message.starts_with("unterminated quoted field"),
            "{message}"
        );
        let o = BatchOptions {
            keep_going: true,
            ..opts()
        };
        let (out, summary) = run(input, &o).unwrap();
        assert_eq!(
            out,
            "id,text,role,confidence\n1,team,director,0.812\n2,\"budget\n3,team\n\",error,\n"
        );
        assert_eq!(summary.errors, 1);
        // In the header.
        assert_eq!(bad_row(run("\"id,text\n1,a\n", &opts())).0, 1);
    }

    #[test]
    fn jsonl_shape() {
        let input = "id,text,note\n1,team,\"x, \"\"y\"\"\"\n2,,\n";
        let o = BatchOptions {
            format: OutputFormat::Jsonl,
            explain: true,
            ..opts()
        };
        let (out, summary) = run(input, &o).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].starts_with("{\"id\":\"1\",\"text\":\"team\",\"note\":"),
            "{}",
            lines[0]
        );
        let rows: Vec<Value> = lines
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            rows[0],
            json!({"id": "1", "text": "team", "note": "x, \"y\"", "role": "director",
                   "confidence": 0.812, "explanation": "4 chars"})
        );
        assert_eq!(
            rows[1],
            json!({"id": "2", "text": "", "note": "", "role": "unsure", "confidence": 0.5,
                   "explanation": "0 chars"})
        );
        assert_eq!(summary.rows, 2);

        // Without explain: no extra fields; a BOM is not written into JSON.
        let plain = BatchOptions {
            format: OutputFormat::Jsonl,
            ..opts()
        };
        let (out, _) = run("\u{feff}text\nbudget\n", &plain).unwrap();
        assert_eq!(
            out,
            "{\"text\":\"budget\",\"role\":\"vp\",\"confidence\":0.940}\n"
        );
    }

    #[test]
    fn jsonl_bad_rows_and_invalid_utf8_elsewhere() {
        let o = BatchOptions {
            format: OutputFormat::Jsonl,
            keep_going: true,
            ..opts()
        };
        let input: &[u8] = b"id,text\n\xff,team\n2,budget,more\n";
        let (out, summary) = run_with(input, &o, true).unwrap();
        let rows: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            rows,
            vec![
                json!({"id": "\u{fffd}", "text": "team", "role": "director", "confidence": 0.812}),
                json!({"id": "2", "text": "budget", "column_2": "more", "role": "error",
                       "confidence": null}),
            ]
        );
        assert_eq!(summary.errors, 1);
        // Replace in JSON keeps the key in place.
        let r = BatchOptions {
            format: OutputFormat::Jsonl,
            replace: true,
            ..opts()
        };
        let (out, _) = run("role,text\nold,team\n", &r).unwrap();
        assert_eq!(
            out,
            "{\"role\":\"director\",\"text\":\"team\",\"confidence\":0.812}\n"
        );
    }

    fn many_rows(rows: usize) -> String {
        let mut input = String::from("id,text\n");
        for i in 0..rows {
            match i % 4 {
                0 => input.push_str(&format!("{i},own the budget for org {i}\n")),
                1 => input.push_str(&format!("{i},\"grow the team, site {i}\"\n")),
                2 => input.push_str(&format!("{i},\"line one\r\nteam {i}\"\r\n")),
                _ => input.push_str(&format!("{i},write docs {i}\n")),
            }
        }
        input
    }

    #[test]
    fn order_is_preserved_with_four_threads_and_tiny_chunks() {
        let input = many_rows(10_000);
        let reference = BatchOptions {
            threads: 1,
            chunk_bytes: 1 << 20,
            ..opts()
        };
        let (expected, s1) = run(&input, &reference).unwrap();
        let o = BatchOptions {
            threads: 4,
            ..opts()
        };
        let (out, s4) = run(&input, &o).unwrap();
        assert_eq!(out, expected);
        assert_eq!(s1, s4);
        assert_eq!(s4.rows, 10_000);
        // Every row is there, in order, with its id.
        let mut rdr = csv::Reader::from_reader(out.as_bytes());
        let ids: Vec<usize> = rdr
            .records()
            .map(|r| r.unwrap()[0].parse().unwrap())
            .collect();
        assert_eq!(ids, (0..10_000).collect::<Vec<_>>());
    }

    #[test]
    fn row_count_equals_input_row_count() {
        let input = many_rows(1234);
        let (out, summary) = run(&input, &opts()).unwrap();
        let in_rows = csv::Reader::from_reader(input.as_bytes()).records().count();
        let out_rows = csv::Reader::from_reader(out.as_bytes()).records().count();
        assert_eq!(in_rows, 1234);
        assert_eq!(out_rows, 1234);
        assert_eq!(summary.rows, 1234);
    }

    #[test]
    fn tsv_delimiter() {
        let o = BatchOptions {
            delimiter: b'\t',
            ..opts()
        };
        let (out, _) = run("id\ttext\n1\tteam, leads\n2\t\"has\ttab\"\n", &o).unwrap();
        assert_eq!(
            out,
            "id\ttext\trole\tconfidence\n1\tteam, leads\tdirector\t0.812\n2\t\"has\ttab\"\tunsure\t0.500\n"
        );
    }

    #[test]
    fn nul_bytes_and_a_missing_final_newline_survive() {
        let (out, _) = run("id,text\na\0b,team", &opts()).unwrap();
        assert_eq!(out, "id,text,role,confidence\na\0b,team,director,0.812\n");
    }

    #[test]
    fn a_nul_byte_in_the_statement_is_a_bad_row() {
        let err = run("id,text\n1,team\n2,bad\0text\n", &opts()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "3: NUL byte in the statement column \"text\" at byte 3 of the field"
        );
    }

    #[test]
    fn a_field_larger_than_many_chunks() {
        let big = "team ".repeat(200_000);
        let input = format!("id,text\n1,\"{big}\"\n2,{big}\n3,budget\n");
        let (out, summary) = run(&input, &opts()).unwrap();
        assert_eq!(summary.rows, 3);
        assert_eq!(
            out,
            format!("id,text,role,confidence\n1,{big},director,0.812\n2,{big},director,0.812\n3,budget,vp,0.940\n")
        );
    }

    #[test]
    fn confidence_is_formatted_like_format_macro() {
        let mut x = 0u64;
        let mut values = vec![
            0.0,
            1.0,
            0.0005,
            0.0015,
            0.9995,
            0.8125,
            0.94,
            1e-9,
            -0.2,
            1.7,
            f64::NAN,
        ];
        for _ in 0..100_000 {
            x = xorshift(x);
            values.push((x >> 11) as f64 / (1u64 << 53) as f64);
        }
        for i in 0..=20_000 {
            values.push(i as f64 / 20_000.0);
        }
        for v in values {
            let mut out = Vec::new();
            write_confidence(&mut out, v);
            assert_eq!(String::from_utf8(out).unwrap(), format!("{v:.3}"), "{v:e}");
        }
    }

    fn xorshift(mut x: u64) -> u64 {
        if x == 0 {
            x = 0x9E37_79B9_7F4A_7C15;
        }
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }

    /// Random CSV-ish bytes rich in quotes, delimiters and line breaks.
    fn random_csv(seed: u64, len: usize) -> Vec<u8> {
        const ALPHABET: &[&[u8]] = &[
            b"a",
            b"b",
            b"team",
            b"budget",
            b",",
            b",",
            b"\"",
            b"\"",
            b"\n",
            b"\n",
            b"\r\n",
            b"\r",
            b" ",
            "é".as_bytes(),
            b"\"\"",
        ];
        let mut x = seed.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1;
        let mut out = Vec::new();
        while out.len() < len {
            x = xorshift(x);
            out.extend_from_slice(ALPHABET[(x % ALPHABET.len() as u64) as usize]);
        }
        out
    }

    /// Number of random inputs: `default`, or more with `BATCH_TEST_SEEDS=N`.
    fn seeds(default: u64) -> u64 {
        std::env::var("BATCH_TEST_SEEDS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    }

    fn csv_records(input: &[u8]) -> Vec<Vec<Vec<u8>>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input)
            .byte_records()
            .map(|r| r.unwrap().iter().map(<[u8]>::to_vec).collect())
            .collect()
    }

    #[test]
    fn decoding_agrees_with_the_csv_crate_and_both_paths_agree() {
        let mut checked = 0;
        for seed in 0..seeds(600) {
            let input = random_csv(seed, 1 + (seed as usize * 7) % 300);
            let o = BatchOptions {
                has_header: seed % 2 == 0,
                column: ColumnSelector::Index(0),
                keep_going: true,
                threads: 1 + (seed as usize % 3),
                chunk_bytes: 16 + (seed as usize % 50),
                ..BatchOptions::default()
            };
            let fast = run_with(&input, &o, true);
            let slow = run_with(&input, &o, false);
            let (fast, slow) = match (fast, slow) {
                (Ok(f), Ok(s)) => (f, s),
                (Err(a), Err(b)) => {
                    assert_eq!(a.to_string(), b.to_string());
                    continue;
                }
                (a, b) => panic!("paths disagree on {input:?}: {a:?} vs {b:?}"),
            };
            assert_eq!(fast, slow, "paths disagree on {input:?}");
            let (out, summary) = fast;
            // Bad rows (wrong field count, a quote left open at the end) are written
            // through too, so the records are exactly those the csv crate reads.
            let expected = csv_records(&input);
            let got: Vec<Vec<Vec<u8>>> = csv_records(out.as_bytes())
                .into_iter()
                .map(|mut r| {
                    r.truncate(r.len() - 2);
                    r
                })
                .collect();
            assert_eq!(got, expected, "records differ on {input:?}\n{out}");
            assert_eq!(
                summary.rows as usize + usize::from(o.has_header),
                expected.len()
            );
            checked += 1;
        }
        assert!(
            checked > seeds(600) * 2 / 3,
            "only {checked} inputs compared"
        );
    }

    #[test]
    fn find_cut_matches_the_record_parser() {
        for seed in 0..seeds(2000) {
            let input = random_csv(seed, 1 + (seed as usize * 13) % 200);
            // Record ends as the exact parser sees them.
            let mut ends = Vec::new();
            let (mut fields, mut ranges) = (Vec::new(), Vec::new());
            let mut p = 0;
            loop {
                while p < input.len() && (input[p] == b'\n' || input[p] == b'\r') {
                    p += 1;
                    if input[p - 1] == b'\n' {
                        ends.push(p);
                    }
                }
                if p >= input.len() {
                    break;
                }
                let (next, _, closed) = parse_record(&input, p, b',', &mut fields, &mut ranges);
                if closed && input[next - 1] == b'\n' {
                    ends.push(next);
                }
                p = next;
            }
            let mut want = ends.last().copied();
            // A closing quote as the very last byte is ambiguous: find_cut stops before it.
            if input.ends_with(b"\"") {
                if let Some(cut) = find_cut(&input, b',') {
                    assert!(ends.contains(&cut), "{input:?}");
                    want = Some(cut);
                }
            }
            assert_eq!(find_cut(&input, b','), want, "{input:?}");
        }
    }

    #[test]
    fn write_field_quotes_like_csv_writer() {
        let mut x = 7u64;
        for len in 0..2000usize {
            let field: Vec<u8> = (0..len % 40)
                .map(|_| {
                    x = xorshift(x);
                    b"ab ,;\t\"\r\n\0x"[(x % 11) as usize]
                })
                .collect();
            for delimiter in [b',', b';', b'\t'] {
                let mut ours = Vec::new();
                write_field(&mut ours, b"id", delimiter);
                ours.push(delimiter);
                write_field(&mut ours, &field, delimiter);
                ours.push(b'\n');
                let mut wtr = csv::WriterBuilder::new()
                    .delimiter(delimiter)
                    .from_writer(Vec::new());
                wtr.write_record([&b"id"[..], &field]).unwrap();
                assert_eq!(ours, wtr.into_inner().unwrap(), "{field:?}");
            }
        }
    }

    #[test]
    fn a_record_longer_than_the_limit_is_a_bad_row_with_its_line() {
        let tuning = Tuning {
            fast_paths: true,
            max_record: 1000,
        };
        let open = format!(
            "id,text\n1,team\n2,budget\n3,\"{}",
            "never closed\n".repeat(500)
        );
        let long = format!("id,text\n1,team\n2,{}\n", "x".repeat(5000));
        let ok = format!("id,text\n1,team\n2,{}\n", "x".repeat(900));
        let go = |input: &str| {
            let mut out = Vec::new();
            let cancel = AtomicBool::new(false);
            run_batch_impl(
                input.as_bytes(),
                &mut out,
                &Mock,
                &opts(),
                &mut |_, _| {},
                &cancel,
                tuning,
            )
        };
        for input in [&open, &long] {
            match go(input) {
                Err(BatchError::BadRow { line, message, .. }) => {
                    assert_eq!(line, if input == &open { 4 } else { 3 });
                    assert!(
                        message.starts_with("record longer than 1000 bytes"),
                        "{message}"
                    );
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(go(&ok).unwrap().rows, 2);
        // In the header.
        let header = format!("id,\"{}\n", "t".repeat(3000));
        assert!(matches!(
            go(&header),
            Err(BatchError::BadRow { line: 1, .. })
        ));
    }

    struct Failing(io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::new(self.0, "injected"))
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn write_errors_stop_the_run_and_broken_pipe_is_recognised() {
        let input = many_rows(5000);
        let cancel = AtomicBool::new(false);
        for kind in [io::ErrorKind::BrokenPipe, io::ErrorKind::StorageFull] {
            let err = run_batch(
                input.as_bytes(),
                Failing(kind),
                &Mock,
                &opts(),
                &mut |_, _| {},
                &cancel,
            )
            .unwrap_err();
            assert!(matches!(err, BatchError::Io { .. }), "{err:?}");
            assert_eq!(err.is_broken_pipe(), kind == io::ErrorKind::BrokenPipe);
            let source = std::error::Error::source(&err).unwrap();
            assert_eq!(source.downcast_ref::<io::Error>().unwrap().kind(), kind);
        }
    }

    /// A reader that fails after `ok` bytes.
    struct FailingReader<'a> {
        data: &'a [u8],
        ok: usize,
    }

    impl Read for FailingReader<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.ok == 0 {
                return Err(io::Error::other("disk gone"));
            }
            let n = buf.len().min(self.ok).min(self.data.len()).min(7);
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            self.ok -= n;
            Ok(n)
        }
    }

    #[test]
    fn read_errors_are_reported() {
        let input = many_rows(2000);
        let reader = FailingReader {
            data: input.as_bytes(),
            ok: 5000,
        };
        let err = run_batch(
            reader,
            Vec::new(),
            &Mock,
            &opts(),
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "cannot read the input");
        assert!(!err.is_broken_pipe());
    }

    #[test]
    fn cancel_interrupts() {
        let input = many_rows(5000);
        let cancel = AtomicBool::new(false);
        let mut calls = 0;
        let err = run_batch(
            input.as_bytes(),
            Vec::new(),
            &Mock,
            &opts(),
            &mut |_, _| {
                calls += 1;
                cancel.store(true, Ordering::Relaxed);
            },
            &cancel,
        )
        .unwrap_err();
        assert!(matches!(err, BatchError::Interrupted), "{err:?}");
        assert!(calls >= 1);
    }

    struct Panicky;

    impl RowLabeler for Panicky {
        fn label(&self, s: &str) -> RowLabel {
            assert!(!s.contains("999"), "boom");
            Mock.label(s)
        }
    }

    #[test]
    fn a_panicking_labeler_is_an_error_not_a_hang() {
        let input = many_rows(3000);
        let err = run_batch(
            input.as_bytes(),
            Vec::new(),
            &Panicky,
            &opts(),
            &mut |_, _| {},
            &AtomicBool::new(false),
        )
        .unwrap_err();
        assert!(
            matches!(err, BatchError::LabelerPanicked(ref m) if m == "boom"),
            "{err:?}"
        );
    }

    #[test]
    fn progress_reaches_the_input_size_and_row_count() {
        let input = many_rows(3000);
        let mut last = (0, 0);
        let mut monotonic = true;
        run_batch(
            input.as_bytes(),
            Vec::new(),
            &Mock,
            &opts(),
            &mut |b, r| {
                monotonic &= b >= last.0 && r >= last.1;
                last = (b, r);
            },
            &AtomicBool::new(false),
        )
        .unwrap();
        assert!(monotonic);
        assert_eq!(last, (input.len() as u64, 3000));
    }
}
