//! `roleclass batch`: stream a CSV through the classifier with every column and row kept,
//! to stdout or an output (`roleclass::output`: a file replaced once complete, or a device or FIFO
//! written through), with a progress bar on a terminal.

use std::io;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};

use roleclass::batch::{
    default_threads, max_threads, run_batch, BatchError, BatchOptions, BatchSummary,
    ColumnSelector, OutputFormat, DEFAULT_CHUNK_BYTES, DEFAULT_STATEMENT_COLUMN,
    MAX_THREADS_PER_CORE,
};
use roleclass::input::Source;
use roleclass::output::{Destination, Output};

use super::{check_explain, Context, Exit};
use crate::cli::{BatchArgs, BatchFormat};
use crate::terminal::{self, count, Progress};

pub fn run(context: &Context, args: BatchArgs) -> Result<Exit> {
    check_explain(args.explain, args.format == BatchFormat::Csv)?;
    let source = Source::from_arg(args.input.as_deref());
    let input_name = source.name();
    let destination = Destination::from_arg(args.output.as_deref());
    if let (Some(input), Destination::Path(output)) = (source.path(), &destination) {
        if same_file(input, output) {
            bail!(
                "{}: refusing to write the output over the input file",
                output.display()
            );
        }
    }
    let threads = match args.threads {
        Some(wanted) if wanted > max_threads() => {
            terminal::warning(&format!(
                "--threads {wanted} is more than {MAX_THREADS_PER_CORE} per core: using {}",
                max_threads()
            ));
            max_threads()
        }
        Some(wanted) => wanted,
        None => default_threads(),
    };
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
        threads,
        chunk_bytes: DEFAULT_CHUNK_BYTES,
    };

    // The output is created before the input is read: a bad destination fails at once.
    let mut output = Output::create(&destination, || {
        Box::new(io::BufWriter::with_capacity(1 << 16, io::stdout()))
    })?;
    context.announce_stdin(&source, "CSV");
    let (input, size) = source.open()?;
    let progress = Progress::new(context.quiet, size);
    let started = Instant::now();
    let mut on_progress = |bytes: u64, rows: u64| {
        if let Some(progress) = &progress {
            progress.update(bytes, rows, started.elapsed().as_secs_f64());
        }
    };
    // Signals end the process from their own thread (signals.rs), removing the temporary
    // output file: the engine's own cancel flag is not needed.
    let never = AtomicBool::new(false);
    let summary = run_batch(
        input,
        &mut output,
        classifier,
        &options,
        &mut on_progress,
        &never,
    )
    .map_err(|e| batch_error(&input_name, e))?;
    output.finish()?;
    drop(progress);
    if summary.rows == 0 {
        terminal::warning(&format!("{input_name}: no data rows (header only)"));
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

/// The engine's error with the file it concerns in front (the input, or the output for a
/// failed write), and the options that would help.
fn batch_error(input_name: &str, err: BatchError) -> anyhow::Error {
    match err {
        BatchError::BadRow { .. } => anyhow!("{input_name}:{err}"),
        BatchError::Io { .. } if err.is_read_error() => anyhow!(err).context(input_name.to_owned()),
        // A failed write names the output already (`roleclass::output::Output`).
        BatchError::Io { source, .. } => anyhow!(source),
        BatchError::Spawn { .. } => anyhow!(err),
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

fn report(input_name: &str, summary: &BatchSummary, elapsed: Duration) {
    let seconds = elapsed.as_secs_f64();
    terminal::note(&format!(
        "labeled {} of {input_name} ({} director, {} vp, {} unsure{}) in {seconds:.2}s ({:.0} rows/s)",
        count(summary.rows, "row", "rows"),
        summary.answers.director,
        summary.answers.vp,
        summary.answers.unsure,
        if summary.errors > 0 { format!(", {} error", summary.errors) } else { String::new() },
        summary.rows as f64 / seconds.max(1e-9)
    ));
    if summary.errors > 0 {
        let lines: Vec<String> = summary
            .first_error_lines
            .iter()
            .map(u64::to_string)
            .collect();
        let shown = lines.len() as u64;
        terminal::note(&format!(
            "{} written through with role `error` ({}{} {})",
            count(summary.errors, "bad row was", "bad rows were"),
            if shown < summary.errors {
                "first at "
            } else {
                "at "
            },
            if shown == 1 { "line" } else { "lines" },
            lines.join(", ")
        ));
    }
}
