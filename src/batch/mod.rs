//! Streaming, parallel, order-preserving CSV labeling: the engine behind `roleclass batch`.
//!
//! This module exists because labeling a CSV of millions of rows has to run at close to the
//! speed of merely copying it, in memory that does not grow with the input, without ever
//! dropping, reordering or quietly altering a row. That takes more than a loop over
//! `csv::Reader`: a pipeline, and a record scanner that pays for exact CSV parsing only on
//! the records that need it. The model stays out of it: rows are labeled through the small
//! [`RowLabeler`] trait, so the engine is tested, benchmarked and fuzzed on its own.
//!
//! Files: this one holds the API and its errors; `plan.rs` reads the header and resolves the
//! options; `scan.rs` is the CSV scanner (record boundaries, the exact record decoder);
//! `encode.rs` writes CSV fields and JSON; `pipeline.rs` runs the threads.
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
//! For CSV output, a record whose bytes are exactly what `csv::Writer` writes for its fields
//! (nearly every record of a real export: unquoted fields without quotes, quoted fields that
//! need their quotes, as any CSV writer quotes) is split in place with `memchr` and copied
//! through byte for byte with `,role,confidence` appended; its statement is labeled from the
//! bytes between its quotes (the record is decoded for labeling only when it holds a doubled
//! quote). For JSON Lines, lines
//! without quotes are split in place. Any other record is decoded exactly and written back
//! with minimal RFC 4180 quoting, as `csv::Writer` writes it. Tests check that both paths
//! give the same output, that exactly the records written back unchanged are copied through,
//! and that the decoder agrees with the `csv` crate.
//!
//! # Dialect
//!
//! Input is read as the `csv` crate reads it by default: a quote opens a quoted field only
//! at the start of a field, `""` inside quotes is a quote, `\n`, `\r\n` and a lone `\r` end
//! a record, and blank lines are skipped (they hold no row). Two deliberate differences: a
//! UTF-8 byte order mark at the start of the input is kept (and written back at the start
//! of CSV output), and a quoted field still open at the end of the input is a bad row
//! instead of silently swallowing the rest of the file. Output uses `\n` line ends.

mod encode;
mod pipeline;
mod plan;
mod scan;

use std::io::{self, Read, Write};
use std::panic;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use crate::label::{Answer, Counts};
use pipeline::{read_chunks, work, write_in_order, Chunk, Feed, Finished, ReadEnd, Slot, Start};
use plan::{read_head, Plan};

/// Default size of the blocks the input is read and processed in.
pub const DEFAULT_CHUNK_BYTES: usize = 256 * 1024;

/// Longest record accepted; a longer one (usually a stray quote) is a bad row, so that an
/// unbalanced quote cannot make the engine read a whole file into memory.
pub const MAX_RECORD_BYTES: usize = 256 * 1024 * 1024;

/// At most this many line numbers of skipped rows are kept in [`BatchSummary`].
pub const MAX_ERROR_LINES: usize = 10;

/// The statement column, unless told otherwise.
pub const DEFAULT_STATEMENT_COLUMN: &str = "text";

/// The name of the added role column, unless told otherwise.
pub const DEFAULT_ROLE_COLUMN: &str = "role";

/// The name of the added confidence column, unless told otherwise.
pub const DEFAULT_CONFIDENCE_COLUMN: &str = "confidence";

/// Worker threads unless told otherwise: one per core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Worker threads per core at most. Labeling is CPU-bound, so more threads than cores only cost
/// memory (each brings two chunk buffers into the pool); a few per core leave room for a
/// machine busy with other work.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// The most worker threads a run uses: [`MAX_THREADS_PER_CORE`] per core. More are capped.
pub fn max_threads() -> usize {
    MAX_THREADS_PER_CORE * default_threads()
}

/// Role written for a bad row kept with `keep_going`.
pub const ERROR_ROLE: &str = "error";

pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// What batch needs from a classifier.
pub trait RowLabeler: Sync {
    /// Label one statement (may be empty: then return role "unsure").
    fn label(&self, statement: &str) -> RowLabel;

    /// [`RowLabeler::label`] with a scratch buffer that the calling worker keeps from row to
    /// row (a labeler that needs scratch space then needs no thread-local of its own); by
    /// default the buffer is ignored.
    fn label_in(&self, statement: &str, _scratch: &mut String) -> RowLabel {
        self.label(statement)
    }

    /// Append extra members to a row's JSON object (JSON Lines output with `explain`), each
    /// written as `,"name":value`; by default none.
    fn write_extra_json(&self, _statement: &str, _out: &mut Vec<u8>) {}
}

/// The label of one row: an answer and its confidence in `[0, 1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowLabel {
    /// The answer, written to the role column.
    pub role: Answer,
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
    /// Add the labeler's [`RowLabeler::write_extra_json`] members to JSON Lines output.
    pub explain: bool,
    /// Number of worker threads (0 counts as 1, more than [`max_threads`] as that many).
    pub threads: usize,
    /// Approximate size of the blocks the input is processed in.
    pub chunk_bytes: usize,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            column: ColumnSelector::Name(DEFAULT_STATEMENT_COLUMN.to_owned()),
            has_header: true,
            delimiter: b',',
            role_column: DEFAULT_ROLE_COLUMN.to_owned(),
            confidence_column: DEFAULT_CONFIDENCE_COLUMN.to_owned(),
            replace: false,
            format: OutputFormat::Csv,
            keep_going: false,
            explain: false,
            threads: default_threads(),
            chunk_bytes: DEFAULT_CHUNK_BYTES,
        }
    }
}

/// Counts of a finished run.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct BatchSummary {
    /// Rows written (header not included); equals `answers.total() + errors`.
    pub rows: u64,
    /// Rows per answer.
    pub answers: Counts,
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
    /// No header column, or more than one, matches the requested name (see
    /// [`crate::data::match_column`]).
    #[error(transparent)]
    Column(#[from] crate::data::ColumnError),
    /// `--column-index` points past the last field.
    #[error(
        "column index {index} is out of range: the first row has {fields} {}",
        if *fields == 1 { "field" } else { "fields" }
    )]
    ColumnIndexOutOfRange {
        /// The requested 0-based index.
        index: usize,
        /// Fields in the header (or first row).
        fields: usize,
    },
    /// Two header columns have the same name.
    #[error("duplicate column {name:?} in the header (columns {first} and {second})")]
    DuplicateColumn {
        /// The repeated name.
        name: String,
        /// 1-based position of its first occurrence.
        first: usize,
        /// 1-based position of its second occurrence.
        second: usize,
    },
    /// The role or confidence column name is already taken and `replace` is off.
    #[error("the input already has a column named {name:?}")]
    ColumnClash {
        /// The clashing name.
        name: String,
    },
    /// A column was selected by name on input without a header row.
    #[error("without a header row the statement column must be given by index")]
    NoHeaderNeedsIndex,
    /// The options contradict themselves (e.g. the delimiter is a quote).
    #[error("invalid batch options: {0}")]
    InvalidOptions(String),
    /// The cancel flag was raised (the caller's own stop request; the `roleclass` binary ends
    /// the process on a signal instead).
    #[error("interrupted")]
    Interrupted,
    /// The labeler panicked on some row; a bug in the labeler, reported instead of hanging.
    #[error("the labeler panicked: {0}")]
    LabelerPanicked(String),
    /// A thread could not be started (a process or memory limit).
    #[error("cannot start a worker thread ({} of {wanted}): {source}", .started + 1)]
    Spawn {
        /// Threads started before the one that failed.
        started: usize,
        /// Threads the run needs (the workers and the reader).
        wanted: usize,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

impl BatchError {
    /// True when the output was closed by its reader (`roleclass batch big.csv | head`),
    /// which a command-line tool should treat as success.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, BatchError::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }

    /// True for an error reading the input (as opposed to writing the output), so a caller
    /// can name the right file.
    pub fn is_read_error(&self) -> bool {
        matches!(self, BatchError::Io { action, .. } if *action == READ_ACTION)
    }
}

const READ_ACTION: &str = "read the input";

pub(crate) fn read_error(source: io::Error) -> BatchError {
    BatchError::Io {
        action: READ_ACTION,
        source,
    }
}

pub(crate) fn write_error(source: io::Error) -> BatchError {
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
pub(crate) struct Tuning {
    /// Split records in place with `memchr` and copy them through where they need no
    /// decoding; when false, every record goes through the exact decoder and the quoting writer.
    pub(crate) fast_paths: bool,
    /// See [`MAX_RECORD_BYTES`].
    pub(crate) max_record: usize,
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

    let threads = opts.threads.clamp(1, max_threads());
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
        // Workers first: if one cannot start, dropping `chunk_tx` (not yet the reader's) ends
        // those already started, and nothing waits on the reader.
        for i in 0..threads {
            let done_tx = done_tx.clone();
            let plan = &plan;
            spawn(s, "roleclass-worker", i, threads + 1, move || {
                work(plan, labeler, chunk_rx, done_tx)
            })?;
        }
        drop(done_tx);
        let reader = spawn(s, "roleclass-reader", threads, threads + 1, move || {
            read_chunks(input, feed, slot_rx, chunk_tx, cancel, abort)
        })?;
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

/// Start thread `index` of `wanted` in scope `s`; a failure (a process limit) is an error, not
/// a panic.
fn spawn<'scope, T: Send + 'scope>(
    s: &'scope std::thread::Scope<'scope, '_>,
    name: &str,
    index: usize,
    wanted: usize,
    f: impl FnOnce() -> T + Send + 'scope,
) -> Result<std::thread::ScopedJoinHandle<'scope, T>, BatchError> {
    #[cfg(test)]
    if tests::FAIL_SPAWN.with(|fail| fail.get()) == Some(index) {
        return Err(BatchError::Spawn {
            started: index,
            wanted,
            source: io::Error::other("injected failure"),
        });
    }
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn_scoped(s, f)
        .map_err(|source| BatchError::Spawn {
            started: index,
            wanted,
            source,
        })
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

fn row_label(prediction: crate::model::Prediction) -> RowLabel {
    RowLabel {
        role: prediction.answer,
        confidence: prediction.confidence,
    }
}

/// The model as a batch labeler: `classify` for the role and confidence, `explain` for the
/// JSON Lines `explanation` field.
impl RowLabeler for crate::model::Classifier {
    fn label(&self, statement: &str) -> RowLabel {
        row_label(self.classify(statement))
    }

    fn label_in(&self, statement: &str, scratch: &mut String) -> RowLabel {
        row_label(self.classify_in(statement, scratch))
    }

    fn write_extra_json(&self, statement: &str, out: &mut Vec<u8>) {
        out.extend_from_slice(b",\"explanation\":");
        // Writing to a Vec cannot fail, and an explanation always serializes.
        let _ = serde_json::to_writer(&mut *out, &self.explain(statement));
    }
}

#[cfg(test)]
mod tests;
