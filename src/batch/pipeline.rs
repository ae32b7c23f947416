//! The pipeline: a reader thread cutting the input into chunks of whole records, worker
//! threads labeling chunks (the fast paths live in [`process_chunk`]), and
//! the calling thread writing chunk outputs in input order through a fixed pool of buffers.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::Mutex;

use memchr::{memchr3, memchr_iter};

use super::encode::write_confidence_csv;
use super::plan::Plan;
use super::scan::{
    after_terminator, count_newlines, find_cut, parse_record, split_verbatim, too_large_message,
    Verbatim, UNTERMINATED,
};
use super::{
    read_error, write_error, BatchError, BatchSummary, OutputFormat, RowLabeler, MAX_ERROR_LINES,
};
use crate::label::Counts;

/// Per-worker buffers reused from record to record.
#[derive(Default)]
pub(super) struct Scratch {
    pub(super) fields: Vec<u8>,
    pub(super) ranges: Vec<(usize, usize)>,
    /// The labeler's scratch buffer ([`RowLabeler::label_in`]).
    pub(super) label: String,
}

/// A bad row that stops the run; the line is relative to the chunk.
#[derive(Debug)]
pub(super) struct Fatal {
    pub(super) rel_line: u64,
    pub(super) column: Option<usize>,
    pub(super) message: String,
}

/// What a worker learned about a chunk, besides its output.
#[derive(Debug, Default)]
pub(super) struct ChunkStats {
    pub(super) rows: u64,
    pub(super) answers: Counts,
    pub(super) errors: u64,
    /// Lines (relative to the chunk) of the first kept bad rows.
    pub(super) error_lines: Vec<u64>,
    /// `\n` bytes in the chunk, to number the lines of the next one.
    pub(super) newlines: u64,
    pub(super) fatal: Option<Fatal>,
}

/// Labels every record of `input` (whole records; `is_last` if it ends the input) into `out`.
pub(super) fn process_chunk(
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
    // Line numbers are only needed for bad rows: counted up to a record when one is bad.
    let mut lines = LineCounter::default();
    out.reserve(n + n / 4);
    loop {
        while p < n && (input[p] == b'\n' || input[p] == b'\r') {
            p += 1;
        }
        if p >= n {
            break;
        }
        let rec_start = p;
        // `raw` is the record's bytes when they can be copied through to CSV output; `data`
        // holds the decoded fields at `sc.ranges`.
        let (data, raw, closed): (&[u8], Option<&[u8]>, bool) =
            match split_fast(plan, input, p, &mut sc.ranges) {
                Some(rec) if rec.doubled => {
                    // Copied through, but a doubled quote must be undone for labeling.
                    parse_record(input, p, d, &mut sc.fields, &mut sc.ranges);
                    p = rec.next;
                    (&sc.fields, Some(&input[rec_start..rec.end]), true)
                }
                Some(rec) => {
                    p = rec.next;
                    (input, Some(&input[rec_start..rec.end]), true)
                }
                None => {
                    let (next, _, closed) =
                        parse_record(input, p, d, &mut sc.fields, &mut sc.ranges);
                    p = next;
                    (&sc.fields, None, closed)
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
        } else {
            plan.check_record(data, ranges)
        };
        let (label, extra) = match checked {
            Ok(statement) => {
                let label = labeler.label_in(statement, &mut sc.label);
                st.answers.add(label.role);
                let extra = (plan.explain && plan.format == OutputFormat::Jsonl)
                    .then_some((labeler, statement));
                (Some(label), extra)
            }
            Err((column, message)) => {
                let rel_line = lines.at(input, rec_start);
                if !plan.keep_going {
                    st.fatal = Some(Fatal {
                        rel_line,
                        column,
                        message,
                    });
                    return st;
                }
                st.errors += 1;
                if st.error_lines.len() < MAX_ERROR_LINES {
                    st.error_lines.push(rel_line);
                }
                (None, None)
            }
        };
        st.rows += 1;
        match raw {
            // A bad row of the wrong width goes through `write_row`, which puts its role in
            // the role column.
            Some(raw) if plan.copy_through && k == plan.fields => {
                out.extend_from_slice(raw);
                out.extend_from_slice(plan.role_field(label));
                write_confidence_csv(out, label);
                out.push(b'\n');
            }
            _ => plan.write_row(out, data, ranges, label, extra),
        }
    }
    st.newlines = lines.at(input, n);
    st
}

/// Splits the record at `p` in place when a fast path applies: for CSV output that copies
/// records through, any record whose bytes are what the writer would write
/// ([`split_verbatim`]); otherwise a line without quotes (its fields need no decoding).
/// `None`: the record needs the exact decoder.
fn split_fast(
    plan: &Plan,
    input: &[u8],
    p: usize,
    ranges: &mut Vec<(usize, usize)>,
) -> Option<Verbatim> {
    if plan.copy_through {
        return split_verbatim(input, p, plan.delimiter, ranges);
    }
    if !plan.fast_split {
        return None;
    }
    let end = memchr3(b'"', b'\r', b'\n', &input[p..]).map_or(input.len(), |off| p + off);
    if end < input.len() && input[end] == b'"' {
        return None;
    }
    ranges.clear();
    let mut s = p;
    for i in memchr_iter(plan.delimiter, &input[p..end]) {
        ranges.push((s, p + i));
        s = p + i + 1;
    }
    ranges.push((s, end));
    Some(Verbatim {
        end,
        next: after_terminator(input, end),
        doubled: false,
    })
}

/// Numbers lines lazily: counts the `\n` bytes of a chunk up to a position, from where the
/// previous count stopped (positions only grow).
#[derive(Default)]
struct LineCounter {
    pos: usize,
    line: u64,
}

impl LineCounter {
    /// `\n` bytes in `input[..pos]`.
    fn at(&mut self, input: &[u8], pos: usize) -> u64 {
        self.line += count_newlines(&input[self.pos..pos]);
        self.pos = pos;
        self.line
    }
}

/// A pair of buffers travelling reader -> worker -> writer -> reader.
#[derive(Default)]
pub(super) struct Slot {
    pub(super) input: Vec<u8>,
    pub(super) output: Vec<u8>,
}

pub(super) struct Chunk {
    pub(super) seq: u64,
    pub(super) slot: Slot,
    pub(super) is_last: bool,
    /// No record boundary within `max_record` bytes: the run stops here.
    pub(super) too_large: bool,
}

pub(super) struct Done {
    pub(super) slot: Slot,
    pub(super) stats: ChunkStats,
}

pub(super) type Finished = (u64, Result<Done, BatchError>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ReadEnd {
    Eof,
    Cancelled,
    Aborted,
}

/// What the reader thread starts from.
pub(super) struct Feed {
    pub(super) carry: Vec<u8>,
    pub(super) eof: bool,
    pub(super) delimiter: u8,
    pub(super) chunk_bytes: usize,
    pub(super) max_record: usize,
}

/// Where the pipeline's input starts, for numbering lines and bytes.
pub(super) struct Start {
    pub(super) line: u64,
    pub(super) bytes: u64,
    pub(super) chunk_bytes: usize,
}

/// Reads from `input` until `buf` holds `target` bytes or the input ends (then sets `eof`).
pub(super) fn fill<R: Read>(
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
pub(super) fn read_chunks<R: Read>(
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
pub(super) fn work(
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

pub(super) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// The writer (calling thread): writes chunk outputs in input order and recycles buffers.
pub(super) fn write_in_order(
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
            summary.answers.merge(&stats.answers);
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
