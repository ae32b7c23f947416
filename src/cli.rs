//! Command-line definitions (clap derive): one `Args` struct per subcommand. Values are
//! checked here, at the edge (probabilities, folds, threads, delimiters), so the commands and
//! the library receive valid settings; defaults come from the library's constants.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use roleclass::audit::DEFAULT_MISMATCH_CONFIDENCE;
use roleclass::batch::{DEFAULT_CONFIDENCE_COLUMN, DEFAULT_ROLE_COLUMN};
use roleclass::select::{DEFAULT_FOLDS, DEFAULT_MAX_SEARCH_ROWS, DEFAULT_SEED};
use roleclass::train::{DEFAULT_HELDOUT_FILE, DEFAULT_MODEL_FILE, DEFAULT_TRAINING_FILE};

/// Tell whether engineering-leadership task statements are Director- or VP-of-Engineering-level.
///
/// Answers are `director`, `vp` or `unsure` (no level cue, or not enough evidence), with a
/// calibrated confidence. The default model is built into the binary.
#[derive(Debug, Parser)]
#[command(
    name = "roleclass",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(
    after_help = "Exit codes: 0 ok, 1 a check failed (--min-accuracy, --fail-on-mismatch), \
2 bad input or usage, 3 finished with skipped rows (--keep-going), 128+N ended by signal N \
(130 for Ctrl-C)."
)]
pub struct Cli {
    /// Use this model file instead of the built-in one.
    #[arg(long, global = true, value_name = "PATH")]
    pub model: Option<PathBuf>,

    /// When to colour the text output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print no progress or summary on stderr (errors still go there).
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Colour choice for text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Classify statements given as arguments or read from stdin, one per line.
    #[command(after_help = "Examples:
  roleclass classify \"Manages the engineering department budget\"
  roleclass classify --explain \"Runs sprint retrospectives with the team leads\"
  roleclass classify --format jsonl < statements.txt
  cat statements.txt | roleclass classify --format csv > labeled.csv

With no TEXT (or `-`), statements are read from stdin one per line. Blank lines are skipped;
the JSON records' `line` field gives each statement's input line number.")]
    Classify(ClassifyArgs),
    /// Label every row of a CSV file, keeping all its columns.
    #[command(after_help = "Examples:
  roleclass batch postings.csv -o labeled.csv
  roleclass batch --column description --threshold 0.8 export.csv > labeled.csv
  roleclass batch --no-header --column-index 2 lines.tsv -o labeled.tsv
  roleclass batch --format jsonl --explain postings.csv > labeled.jsonl")]
    Batch(BatchArgs),
    /// Check whether whole job postings' duties match their title.
    #[command(after_help = "Examples:
  roleclass audit posting.md
  roleclass audit postings/ --format csv > audit.csv
  roleclass audit postings/ --format jsonl > audit.jsonl
  roleclass audit --title \"Director of Engineering\" - < posting.txt
  roleclass audit --fail-on-mismatch postings/")]
    Audit(AuditArgs),
    /// Train a model from a labeled CSV (`text,role,source`).
    #[command(after_help = "Examples:
  roleclass train
  roleclass train training/tasks.csv -o models/roleclass.json --heldout training/heldout.csv
  roleclass train my-data.csv -o my-model.json --cv 10 --seed 7")]
    Train(TrainArgs),
    /// Measure the model on a labeled CSV.
    #[command(after_help = "Examples:
  roleclass evaluate
  roleclass evaluate training/heldout.csv --format json
  roleclass evaluate --min-accuracy 0.9 my-labeled.csv")]
    Evaluate(EvaluateArgs),
    /// Show the model card: data, settings, figures and the most informative terms.
    #[command(after_help = "Examples:
  roleclass inspect
  roleclass inspect --top 30 --format json")]
    Inspect(InspectArgs),
    /// Serve a web page and a JSON API on this machine (classify, audit, label a CSV).
    #[command(after_help = "Examples:
  roleclass serve                       # http://127.0.0.1:8080/
  roleclass serve --open                # and open it in the browser
  roleclass serve --addr 127.0.0.1:0    # any free port (the URL is printed)
  roleclass serve -v --max-upload 100MiB

The URL is printed on stdout. Ctrl-C or SIGTERM stops the server after the requests in
progress (exit code 0). API: POST /api/classify, /api/audit, /api/batch; GET /api/model,
/healthz (see the README).")]
    Serve(ServeArgs),
    /// Print a shell completion script.
    #[command(after_help = "Example:
  roleclass completions bash > ~/.local/share/bash-completion/completions/roleclass")]
    Completions(CompletionsArgs),
    /// Print the man page (roff) to stdout.
    #[command(after_help = "Example:
  roleclass man > roleclass.1 && man ./roleclass.1")]
    Man,
}

/// Output formats of `classify` and `audit`. The same names mean the same in every command:
/// `json` is one JSON document (here an array of records), `jsonl` is JSON Lines (one object
/// per line), `csv` has a header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RecordFormat {
    /// A readable report.
    Text,
    /// One JSON document: an array with one object per record.
    Json,
    /// JSON Lines: one object per record and line.
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// Arguments of `classify`.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Statements to classify; none or `-` reads stdin, one statement per line.
    #[arg(value_name = "TEXT")]
    pub texts: Vec<String>,
    /// Output format (records: text `role confidence text`, CSV `text,role,confidence`).
    #[arg(long, value_enum, default_value_t = RecordFormat::Text)]
    pub format: RecordFormat,
    /// Answer `unsure` when the top probability is below P (0.5 to 1; default: the model's).
    #[arg(long, value_name = "P", value_parser = parse_threshold)]
    pub threshold: Option<f64>,
    /// Show the words and word pairs that decided each answer (text, json, jsonl; not csv).
    #[arg(long)]
    pub explain: bool,
}

/// Output formats of `batch` (a stream of rows: no single-document `json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    /// The input CSV plus two columns.
    Csv,
    /// JSON Lines: one object per row and line.
    Jsonl,
}

/// Arguments of `batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Input CSV; `-` or nothing reads stdin.
    #[arg(value_name = "INPUT")]
    pub input: Option<PathBuf>,
    /// Write here instead of stdout (`-`): a regular file is replaced only once complete; a
    /// device, FIFO or descriptor (`/dev/stdout`) is written through.
    #[arg(short, long, value_name = "OUTPUT")]
    pub output: Option<PathBuf>,
    /// Name of the statement column.
    #[arg(long, value_name = "NAME", conflicts_with = "column_index")]
    pub column: Option<String>,
    /// 0-based index of the statement column.
    #[arg(long, value_name = "N")]
    pub column_index: Option<usize>,
    /// The input has no header row (needs --column-index).
    #[arg(long, requires = "column_index")]
    pub no_header: bool,
    /// Field delimiter (one byte; `\t` for tab). Default: `,`, or tab for `.tsv` files.
    #[arg(long, value_name = "C", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Name of the added role column.
    #[arg(long, value_name = "NAME", default_value = DEFAULT_ROLE_COLUMN)]
    pub role_column: String,
    /// Name of the added confidence column.
    #[arg(long, value_name = "NAME", default_value = DEFAULT_CONFIDENCE_COLUMN)]
    pub confidence_column: String,
    /// Overwrite existing columns with the same names instead of failing.
    #[arg(long)]
    pub replace: bool,
    /// Answer `unsure` when the top probability is below P (0.5 to 1; default: the model's).
    #[arg(long, value_name = "P", value_parser = parse_threshold)]
    pub threshold: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = BatchFormat::Csv)]
    pub format: BatchFormat,
    /// Add an `explanation` field to each JSON object (needs --format jsonl).
    #[arg(long)]
    pub explain: bool,
    /// Write bad rows through with role `error` instead of stopping (exit code 3).
    #[arg(long)]
    pub keep_going: bool,
    /// Worker threads (default: all cores; at most 4 per core).
    #[arg(long, value_name = "N", value_parser = parse_positive)]
    pub threads: Option<usize>,
}

/// Arguments of `audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Posting files (text, Markdown, HTML or Word .docx), directories (searched recursively
    /// for .txt, .text, .md, .markdown, .html, .htm and .docx files; other entries are named in
    /// a warning), or `-` for stdin.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Use this title instead of the one in the posting.
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// Output format (records: a report per posting; CSV: one summary row per posting).
    #[arg(long, value_enum, default_value_t = RecordFormat::Text)]
    pub format: RecordFormat,
    /// Confidence needed to call a posting a mismatch (0.5 to 1).
    #[arg(long, value_name = "P", value_parser = parse_threshold,
          default_value_t = DEFAULT_MISMATCH_CONFIDENCE)]
    pub threshold: f64,
    /// Exit with code 1 when any posting is a mismatch.
    #[arg(long)]
    pub fail_on_mismatch: bool,
    /// List every duty line with the words that decided it (text; the lines that disagree with
    /// the title are explained without it), or add an `explanation` to every statement (json,
    /// jsonl). Not with csv.
    #[arg(long)]
    pub explain: bool,
}

/// Arguments of `train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Labeled CSV with `text` and `role` columns.
    #[arg(value_name = "DATA.csv", default_value = DEFAULT_TRAINING_FILE)]
    pub data: PathBuf,
    /// Where to write the model (a regular file is replaced only once complete; `-` is stdout).
    #[arg(short, long, value_name = "MODEL", default_value = DEFAULT_MODEL_FILE)]
    pub output: PathBuf,
    /// Evaluate the final model on this file and record the figures (never used for a choice).
    #[arg(long, value_name = "FILE")]
    pub heldout: Option<PathBuf>,
    /// Cross-validation folds for model selection (at least 2).
    #[arg(long, value_name = "K", value_parser = parse_folds, default_value_t = DEFAULT_FOLDS)]
    pub cv: usize,
    /// Seed of the fold shuffle.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Rows used for model selection at most (a stratified sample beyond; the final fit uses all).
    #[arg(long, value_name = "N", value_parser = parse_positive,
          default_value_t = DEFAULT_MAX_SEARCH_ROWS)]
    pub max_search_rows: usize,
    /// Print every grid point instead of the best few.
    #[arg(long)]
    pub full_grid: bool,
}

/// Output formats of `evaluate` and `inspect` (one report: no `jsonl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A readable table.
    Text,
    /// One JSON document (an object).
    Json,
}

/// Arguments of `evaluate`.
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Labeled CSV with `text` and `role` columns.
    #[arg(value_name = "FILE.csv", default_value = DEFAULT_HELDOUT_FILE)]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Exit with code 1 when accuracy is below X (0 to 1).
    #[arg(long, value_name = "X", value_parser = parse_fraction)]
    pub min_accuracy: Option<f64>,
    /// Answer `unsure` below this top probability (0.5 to 1; default: the model's).
    #[arg(long, value_name = "P", value_parser = parse_threshold)]
    pub threshold: Option<f64>,
}

/// Arguments of `inspect`.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Most informative terms to show per class.
    #[arg(long, value_name = "N", default_value_t = 15)]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// Arguments of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on; a non-loopback address is reachable by other machines.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Open the page in the default browser once the server listens.
    #[arg(long)]
    pub open: bool,
    /// Log one line per request on stderr.
    #[arg(short, long)]
    pub verbose: bool,
    /// Allow cross-origin requests from this origin (e.g. `https://intranet.example`).
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
    /// Largest JSON request body (bytes; suffixes KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "10MiB")]
    pub max_body: u64,
    /// Largest CSV upload (`POST /api/batch`; bytes, suffixes KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "32MiB")]
    pub max_upload: u64,
    /// Most statements in one `POST /api/classify`.
    #[arg(long, value_name = "N", value_parser = parse_positive, default_value_t = 10_000)]
    pub max_texts: usize,
    /// Seconds a request may take, body upload included, before it is answered 408.
    #[arg(long, value_name = "SECONDS", value_parser = parse_positive, default_value_t = 60)]
    pub timeout: usize,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `--threshold`: an abstention threshold, 0.5 to 1.
fn parse_threshold(value: &str) -> Result<f64, String> {
    let threshold = parse_number(value)?;
    roleclass::model::answer::validate_threshold(threshold)
        .map(|()| threshold)
        .map_err(|e| e.to_string())
}

/// `--min-accuracy`: a fraction, 0 to 1.
fn parse_fraction(value: &str) -> Result<f64, String> {
    let x = parse_number(value)?;
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("must be between 0 and 1, got {x}"))
    }
}

fn parse_number(value: &str) -> Result<f64, String> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("expected a number, got {value:?}"))
}

/// `--cv`: at least 2 folds.
fn parse_folds(value: &str) -> Result<usize, String> {
    match value.trim().parse::<usize>() {
        Ok(k) if k >= 2 => Ok(k),
        _ => Err(format!("expected at least 2 folds, got {value:?}")),
    }
}

/// `--threads`, `--max-search-rows`: a whole number of at least 1.
fn parse_positive(value: &str) -> Result<usize, String> {
    match value.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "expected a whole number of at least 1, got {value:?}"
        )),
    }
}

/// `--max-body`, `--max-upload`: a byte count of at least 1, with an optional binary suffix
/// (`KiB`, `MiB`, `GiB`; `K`, `M`, `G` mean the same).
fn parse_size(value: &str) -> Result<u64, String> {
    let text = value.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(split);
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "expected a size such as 512KiB or 10MiB, got {value:?}"
            ))
        }
    };
    match digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
    {
        Some(bytes) if bytes >= 1 => Ok(bytes),
        _ => Err(format!(
            "expected a size such as 512KiB or 10MiB, got {value:?}"
        )),
    }
}

/// `--delimiter`: one ASCII byte; `\t` or `tab` for a tab. Not a quote or a line break.
pub fn parse_delimiter(value: &str) -> Result<u8, String> {
    let byte = match value {
        "\\t" | "tab" | "\t" => b'\t',
        text if text.len() == 1 && text.is_ascii() => text.as_bytes()[0],
        text => {
            return Err(format!(
                "expected one ASCII character (or \\t), got {text:?}"
            ))
        }
    };
    if matches!(byte, b'"' | b'\r' | b'\n') {
        return Err("a quote or a line break cannot be the delimiter".to_owned());
    }
    Ok(byte)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn values_are_checked_at_the_edge() {
        assert_eq!(parse_threshold("0.8"), Ok(0.8));
        assert!(parse_threshold("0.4")
            .unwrap_err()
            .contains("between 0.5 and 1"));
        assert!(parse_threshold("nan").is_err());
        assert!(parse_fraction("1.5").is_err());
        assert_eq!(parse_folds("2"), Ok(2));
        assert!(parse_folds("1").is_err());
        assert!(parse_positive("0").is_err());
        assert_eq!(parse_delimiter("\\t"), Ok(b'\t'));
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert!(parse_delimiter("\"").is_err());
        assert!(parse_delimiter("ab").is_err());
        assert_eq!(parse_size("10MiB"), Ok(10 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("10 parsecs").is_err());
        assert!(parse_size("99999999999G").is_err());
    }
}
