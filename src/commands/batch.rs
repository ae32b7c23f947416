//! `roleclass batch`: stream a CSV through the classifier with every column and row kept,
//! to stdout or atomically to a file, with a progress bar on a terminal.

use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Result};
use indicatif::{ProgressBar, ProgressStyle};

use roleclass::batch::{
    run_batch, BatchError, BatchOptions, BatchSummary, ColumnSelector, OutputFormat,
    DEFAULT_CHUNK_BYTES,
};
use roleclass::output::write_atomically;

use super::{Context, Interrupted, EXIT_SKIPPED_ROWS};
use crate::cli::{BatchArgs, BatchFormat};

/// Raised by the Ctrl-C handler; polled by the engine between chunks.
static CANCEL: AtomicBool = AtomicBool::new(false);

pub fn run(context: &Context, args: BatchArgs) -> Result<ExitCode> {
    if args.explain && args.format != BatchFormat::Jsonl {
        bail!("--explain adds a JSON field: use it with --format jsonl");
    }
    let input_path = args.input.as_ref().filter(|p| p.as_os_str() != "-");
    if input_path.is_none() && io::stdin().is_terminal() {
        bail!(
            "no INPUT given and stdin is a terminal: name a CSV file (`roleclass batch FILE.csv`) \
             or pipe one in (`... | roleclass batch`)"
        );
    }
    let input_name = input_path.map_or("<stdin>".to_owned(), |p| p.display().to_string());
    if let (Some(input), Some(output)) = (input_path, &args.output) {
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
            (None, None) => ColumnSelector::Name("text".to_owned()),
        },
        has_header: !args.no_header,
        delimiter: delimiter(args.delimiter.as_deref(), input_path)?,
        role_column: args.role_column.clone(),
        confidence_column: args.confidence_column.clone(),
        replace: args.replace,
        format: match args.format {
            BatchFormat::Csv => OutputFormat::Csv,
            BatchFormat::Jsonl => OutputFormat::Jsonl,
        },
        keep_going: args.keep_going,
        explain: args.explain,
        threads: args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1),
        chunk_bytes: DEFAULT_CHUNK_BYTES,
    };

    let (input, size): (Box<dyn Read + Send>, Option<u64>) = match input_path {
        Some(path) => {
            let file: File = roleclass::data::open_file(path)?;
            let size = file.metadata().ok().map(|m| m.len());
            (Box::new(file), size)
        }
        None => (Box::new(io::stdin()), None),
    };
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
        ExitCode::from(EXIT_SKIPPED_ROWS)
    } else {
        ExitCode::SUCCESS
    })
}

/// The engine's error with the input's name in front of line-numbered messages.
fn batch_error(input_name: &str, err: BatchError) -> anyhow::Error {
    match err {
        BatchError::Interrupted => anyhow!(Interrupted),
        BatchError::BadRow { .. } => anyhow!("{input_name}:{err}"),
        BatchError::Io { .. } => anyhow!(err),
        other => anyhow!("{input_name}: {other}"),
    }
}

/// `--delimiter`: one byte, `\t` or `tab` for a tab; default tab for `.tsv` files, else comma.
fn delimiter(arg: Option<&str>, input: Option<&PathBuf>) -> Result<u8> {
    match arg {
        Some("\\t") | Some("tab") | Some("\t") => Ok(b'\t'),
        Some(text) if text.len() == 1 && text.is_ascii() => Ok(text.as_bytes()[0]),
        Some(text) => bail!("--delimiter must be a single ASCII character (or \\t), got {text:?}"),
        None => Ok(
            if input
                .and_then(|p| p.extension())
                .is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
            {
                b'\t'
            } else {
                b','
            },
        ),
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
        summary.director,
        summary.vp,
        summary.unsure,
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
