//! `roleclass batch`: stream a CSV through the classifier with every column and row kept,
//! to stdout or atomically to a file, with a progress bar on a terminal.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use indicatif::{ProgressBar, ProgressStyle};

use roleclass::batch::{
    default_threads, run_batch, BatchError, BatchOptions, BatchSummary, ColumnSelector,
    OutputFormat, DEFAULT_CHUNK_BYTES, DEFAULT_STATEMENT_COLUMN,
};
use roleclass::input::Source;
use roleclass::output::write_atomically;

use super::{Context, Exit, Interrupted};
use crate::cli::{BatchArgs, BatchFormat};

/// Raised by the Ctrl-C handler; polled by the engine between chunks.
static CANCEL: AtomicBool = AtomicBool::new(false);

pub fn run(context: &Context, args: BatchArgs) -> Result<Exit> {
    if args.explain && args.format != BatchFormat::Jsonl {
        bail!("--explain adds a JSON field: use it with --format jsonl");
    }
    let source = Source::from_arg(args.input.as_deref());
    let input_name = source.name();
    if let (Some(input), Some(output)) = (source.path(), &args.output) {
        if same_file(input, output) {
            bail!(
                "{}: refusing to write the output over the input file",
                output.display()
            );
        }
    }
    if let Some(output) = &args.output {
        roleclass::output::check_destination(output)?;
    }
    let classifier = context.classifier(args.threshold)?;
    let options = BatchOptions {
        column: match (args.column_index, &args.column) {
            (Some(index), _) => ColumnSelector::Index(index),
            (None, Some(name)) => ColumnSelector::Name(name.clone()),
            (None, None) => ColumnSelector::Name(DEFAULT_STATEMENT_COLUMN.to_owned()),
        },
        has_header: !args.no_header,
        delimiter: args
            .delimiter
            .unwrap_or_else(|| default_delimiter(source.path())),
        role_column: args.role_column.clone(),
        confidence_column: args.confidence_column.clone(),
        replace: args.replace,
        format: match args.format {
            BatchFormat::Csv => OutputFormat::Csv,
            BatchFormat::Jsonl => OutputFormat::Jsonl,
        },
        keep_going: args.keep_going,
        explain: args.explain,
        threads: args.threads.unwrap_or_else(default_threads),
        chunk_bytes: DEFAULT_CHUNK_BYTES,
    };

    context.announce_stdin(&source, "CSV");
    let (input, size) = source.open()?;
    // Ctrl-C only raises the flag: the engine stops between chunks and the temporary output
    // file is removed on the way out. Failing to install the handler is not fatal.
    let _ = ctrlc::set_handler(|| CANCEL.store(true, Ordering::SeqCst));

    let bar = progress_bar(context.quiet, size);
    let started = Instant::now();
    let mut progress = |bytes: u64, rows: u64| {
        if let Some(bar) = &bar {
            bar.set_position(bytes);
            let seconds = started.elapsed().as_secs_f64().max(1e-9);
            bar.set_message(format!("{rows} rows, {:.0} rows/s", rows as f64 / seconds));
        }
    };
    let run = |output: &mut dyn Write| -> Result<BatchSummary> {
        let summary = run_batch(input, output, &classifier, &options, &mut progress, &CANCEL)
            .map_err(|e| batch_error(&input_name, e))?;
        if summary.rows == 0 {
            bail!("{input_name}: no data rows (header only)");
        }
        Ok(summary)
    };
    let summary = match &args.output {
        Some(path) => write_atomically(path, run)?,
        None => {
            let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
            let summary = run(&mut out)?;
            out.flush()?;
            summary
        }
    };
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    if !context.quiet {
        report(&input_name, &summary, started.elapsed());
    }
    Ok(if summary.errors > 0 {
        Exit::SkippedRows
    } else {
        Exit::Ok
    })
}

/// The engine's error with the input's name in front of line-numbered messages, and the
/// options that would help.
fn batch_error(input_name: &str, err: BatchError) -> anyhow::Error {
    match err {
        BatchError::Interrupted => anyhow!(Interrupted),
        BatchError::BadRow { .. } => anyhow!("{input_name}:{err}"),
        BatchError::Io { .. } => anyhow!(err),
        BatchError::ColumnClash { .. } => anyhow!(
            "{input_name}: {err} (pass --replace to overwrite it, or name the added columns \
             with --role-column and --confidence-column)"
        ),
        BatchError::NoHeaderNeedsIndex => anyhow!("{input_name}: {err} (--column-index)"),
        other => anyhow!("{input_name}: {other}"),
    }
}

/// The delimiter when none is given: tab for `.tsv` files, else comma.
fn default_delimiter(input: Option<&Path>) -> u8 {
    if input
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
    {
        b'\t'
    } else {
        b','
    }
}

/// True when both paths name the same existing file (through links or `..`).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A byte-based progress bar on stderr, only on a terminal, for a file of known size.
fn progress_bar(quiet: bool, size: Option<u64>) -> Option<ProgressBar> {
    let size = size.filter(|_| !quiet && io::stderr().is_terminal())?;
    let bar = ProgressBar::new(size);
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] [{bar:30}] {bytes}/{total_bytes} {msg} (ETA {eta})",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    Some(bar)
}

fn report(input_name: &str, summary: &BatchSummary, elapsed: Duration) {
    let seconds = elapsed.as_secs_f64();
    eprintln!(
        "roleclass: labeled {} rows of {input_name} ({} director, {} vp, {} unsure{}) in {seconds:.2}s ({:.0} rows/s)",
        summary.rows,
        summary.answers.director,
        summary.answers.vp,
        summary.answers.unsure,
        if summary.errors > 0 { format!(", {} error", summary.errors) } else { String::new() },
        summary.rows as f64 / seconds.max(1e-9)
    );
    if summary.errors > 0 {
        let lines: Vec<String> = summary
            .first_error_lines
            .iter()
            .map(u64::to_string)
            .collect();
        eprintln!(
            "roleclass: {} bad rows were written through with role `error` (first at lines {})",
            summary.errors,
            lines.join(", ")
        );
    }
}
